// Filters and search, in the page itself: no server, no network, no library. Without JavaScript the
// filter bar stays hidden and every finding shows.
(function () {
  "use strict";
  var form = document.getElementById("filters");
  if (!form) { return; }
  document.documentElement.classList.add("js");
  var findings = Array.prototype.slice.call(document.querySelectorAll("article.finding"));
  var sections = Array.prototype.slice.call(document.querySelectorAll("section.organization"));
  var texts = findings.map(function (el) { return el.textContent.toLowerCase(); });
  var shown = document.getElementById("shown");
  var noneShown = document.getElementById("none-shown");
  var selects = ["rule", "category", "organization", "file"];

  function apply() {
    var severities = {};
    form.querySelectorAll("input[name=severity]").forEach(function (box) { severities[box.value] = box.checked; });
    var chosen = selects.map(function (name) { return [name, form.elements[name].value]; })
      .filter(function (pair) { return pair[1] !== ""; });
    var query = form.elements.q.value.trim().toLowerCase();
    var count = 0;
    findings.forEach(function (el, index) {
      var visible = severities[el.dataset.severity] === true
        && chosen.every(function (pair) { return el.dataset[pair[0]] === pair[1]; })
        && (!query || texts[index].indexOf(query) !== -1);
      el.hidden = !visible;
      if (visible) { count += 1; }
    });
    sections.forEach(function (section) { section.hidden = !section.querySelector("article.finding:not([hidden])"); });
    shown.textContent = shown.dataset.template.replace("{shown}", count).replace("{total}", shown.dataset.total);
    noneShown.hidden = count !== 0;
  }

  // From a chart bar or a rule's documentation: filter on it; a second click on the same one clears it.
  function choose(name, value) {
    var select = form.elements[name];
    var known = Array.prototype.some.call(select.options, function (option) { return option.value === value; });
    if (!known) { return; }
    select.value = select.value === value ? "" : value;
    apply();
    form.scrollIntoView({ block: "start" });
  }

  form.addEventListener("submit", function (event) { event.preventDefault(); });  // Enter in the search box
  form.addEventListener("input", apply);
  form.addEventListener("change", apply);
  form.addEventListener("reset", function () { setTimeout(apply, 0); });
  document.querySelectorAll("button.only-rule").forEach(function (button) {
    button.addEventListener("click", function () { choose("rule", button.dataset.rule); });
  });
  document.querySelectorAll("svg.chart g.bar").forEach(function (bar) {
    bar.addEventListener("click", function () { choose(bar.dataset.filter, bar.dataset.value); });
    bar.addEventListener("keydown", function (event) {
      if (event.key === "Enter" || event.key === " ") { event.preventDefault(); choose(bar.dataset.filter, bar.dataset.value); }
    });
  });
  apply();
})();

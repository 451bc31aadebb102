"""`--format html`: the review page holds what the JSON output holds, escapes what forms hold, and
carries the run, the totals and the rules' documentation. From the real CLI in a subprocess; the page
is read back with html.parser, through the data attributes each finding and totals cell carries."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

from jixiao_lint.check.totals import form_totals
from jixiao_lint.read.files import Source, read_source

SEEDS_DIR = Path(__file__).resolve().parents[1] / "fixtures" / "seeds"
SEEDS = sorted(p for p in SEEDS_DIR.glob("*.yaml") if not p.name.endswith(".expected.yaml"))
# A fixed date: two renders of one run are the same page.
ENV = {**os.environ, "SOURCE_DATE_EPOCH": "1700000000", "NO_COLOR": "1"}


def cli(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "jixiao_lint", *map(str, args)], cwd=cwd, capture_output=True,
                          text=True, encoding="utf-8", env=ENV, timeout=120)


class Page(HTMLParser):
    """Every element's tag and attributes, each finding's attributes and text, the totals cells."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.findings: list[dict] = []
        self.cells: list[dict] = []
        self.ids: set[str] = set()
        self.scripts: list[str] = []
        self._finding: dict | None = None
        self._depth = 0
        self._row: dict | None = None
        self._script: list[str] | None = None
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list) -> None:
        attributes = dict(attrs)
        self.elements.append((tag, attributes))
        if "id" in attributes:
            self.ids.add(attributes["id"])
        if tag == "script":
            self._script = []
        if tag == "tr" and "data-document" in attributes:
            self._row = attributes
        if tag == "td" and self._row is not None and "data-column" in attributes:
            self.cells.append({"file": self._row["data-file"], "document": int(self._row["data-document"]),
                               "column": attributes["data-column"], "flagged": attributes.get("data-flagged")})
        if self._finding is not None:
            self._depth += 1
            if tag == "mark":
                self._finding["marks"] += 1
        elif tag == "article" and "finding" in (attributes.get("class") or "").split():
            self._finding = {**attributes, "text": [], "marks": 0}
            self._depth = 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._script is not None:
            self.scripts.append("".join(self._script))
            self._script = None
        if tag == "tr":
            self._row = None
        if self._finding is not None:
            self._depth -= 1
            if self._depth == 0:
                self._finding["text"] = "".join(self._finding["text"])
                self.findings.append(self._finding)
                self._finding = None

    def handle_data(self, data: str) -> None:
        if self._finding is not None:
            self._finding["text"].append(data)
        if self._script is not None:
            self._script.append(data)


@pytest.fixture(scope="module")
def seed_runs(tmp_path_factory) -> tuple[list[dict], str, subprocess.CompletedProcess]:
    out = tmp_path_factory.mktemp("html") / "report.html"
    as_json = cli("--format", "json", *SEEDS)
    as_html = cli("--format", "html", "-o", out, *SEEDS)
    assert as_json.returncode == as_html.returncode == 1, as_html.stderr
    return json.loads(as_json.stdout), out.read_text(encoding="utf-8"), as_html


def test_the_page_holds_every_finding_of_the_json_output(seed_runs):
    findings, html, _ = seed_runs
    page = Page(html)
    shown = [(f["data-file"], int(f["data-document"]), int(f["data-line"]), int(f["data-column"]), f["data-rule"],
              f["data-severity"], f["data-path"]) for f in page.findings]
    expected = [(f["file"], f["document"], f["line"], f["column"], f["rule"], f["severity"], f["path"]) for f in findings]
    assert len(findings) == 80
    # the page groups them by organization, worst first; within one, in the JSON's order
    assert sorted(shown) == sorted(expected)
    assert shown[0][0].endswith("004_ciqikou.yaml") and shown[-1][0].endswith("003_dongli.yaml")
    by_place = {(f["file"], f["line"], f["column"], f["rule"], f["path"]): f for f in findings}
    for element in page.findings:
        finding = by_place[element["data-file"], int(element["data-line"]), int(element["data-column"]),
                           element["data-rule"], element["data-path"]]
        text = " ".join(element["text"].split())
        assert " ".join(finding["message"].replace("`", "").split()) in text
        assert f"{finding['file']}:{finding['line']}:{finding['column']}" in text
        assert finding["name"] in text
        assert element["marks"] == 1  # the offending span, highlighted on its line
        if "fix" in finding and finding["fix"]["replacement"]:
            assert finding["fix"]["replacement"] in text


def test_every_rule_found_is_documented_in_the_page_and_linked(seed_runs):
    findings, html, _ = seed_runs
    page = Page(html)
    codes = {f["rule"] for f in findings}
    assert {f"rule-{code}" for code in codes} <= page.ids
    links = {a["href"] for tag, a in page.elements if tag == "a" and (a.get("href") or "").startswith("#rule-")}
    assert links == {f"#rule-{code}" for code in codes}
    # the documentation is the rule's own, as --explain has it
    assert "一张表的分值合计应为总分" in html  # W001's doc
    assert "目标表为各指标权重，自评报告为评分表各行分值" in html  # its lines joined without a space, as Chinese is
    assert "rules/weights.rules:" in html and str(Path.cwd()) + "/rules" not in html


def test_the_run_is_described_at_the_top(seed_runs):
    _, html, run = seed_runs
    assert run.stdout == ""  # -o: the report goes to the file only
    head = html[:html.index("</header>")]
    assert "发现 31 个错误、49 个警告（28 个可自动修复）" in head
    for label, number in (("文件", 5), ("表格", 15), ("单位", 5), ("错误", 31), ("警告", 49), ("提示", 0)):
        assert f"<li><b>{number}</b><span>{label}</span></li>" in head or \
               f"<b>{number}</b><span>{label}</span>" in head, label
    assert "内置规则" in head and "jixiao-lint 0.1.0" in head and "2023-11-14 22:13 UTC" in head
    assert '<html lang="zh-CN">' in html


def test_the_totals_mark_the_cells_findings_are_about(seed_runs):
    _, html, _ = seed_runs
    cells = {(Path(c["file"]).name, c["document"], c["column"]): c["flagged"] for c in Page(html).cells}
    assert cells[("001_xiyong.yaml", 0, "weights")] == "W001"  # 99.93, not 100
    assert cells[("000_huaxin.yaml", 0, "score")] == "E005"  # "98. 80"
    assert cells[("000_huaxin.yaml", 0, "weights")] is None  # 90 + 10 = 100
    assert cells[("002_qinggang.yaml", 0, "weights")] == "E005 W001 W004"
    assert cells[("003_dongli.yaml", 0, "grade")] is None
    assert cells[("004_ciqikou.yaml", 6, "weights")] == "W001 W002"  # 70
    assert len({(file, document) for file, document, _ in cells}) == 15  # every document, with findings or not


def test_the_organization_chart_puts_the_worst_first(seed_runs):
    _, html, _ = seed_runs
    bars = [a["data-value"] for tag, a in Page(html).elements if tag == "g" and a.get("data-filter") == "organization"]
    assert bars == ["磁器口街道", "重庆市江北区人民政府华新街街道办事处", "重庆高新区西永街道办事处",
                    "重庆市璧山区人民政府青杠街道办事处", "桥西区东里街道办事处"]
    categories = [a["data-value"] for tag, a in Page(html).elements if tag == "g" and a.get("data-filter") == "category"]
    assert categories[:3] == ["expressions", "weights", "scoring"]  # 30, 23, 9 findings
    assert {"operators", "units", "text"} <= set(categories)


def test_the_page_is_self_contained(seed_runs):
    _, html, _ = seed_runs
    page = Page(html)
    for tag, attributes in page.elements:
        for name in ("src", "href"):
            value = attributes.get(name)
            assert value is None or value.startswith("#"), (tag, name, value)
        assert not (tag == "link" or (tag == "script" and "src" in attributes))
    assert len(page.scripts) == 1 and "http" not in page.scripts[0]


HOSTILE_NAME = '"><img src=x onerror=alert(1)>.yaml'
HOSTILE_FORM = """\
kind: self-evaluation
year: 2023
organization: <script>alert("org")</script>
title: '"><img src=x onerror=alert(2)>'
self_score: 90
indicators:
  - name: "\\"><img src=x onerror=alert(3)>"
    unit: 个
    target: <b></b> 12
    weight: 100
"""


def test_form_values_and_file_names_are_escaped(tmp_path):
    (tmp_path / HOSTILE_NAME).write_text(HOSTILE_FORM, encoding="utf-8")
    out = tmp_path / "report.html"
    run = cli("--format", "html", "-o", out, HOSTILE_NAME, cwd=tmp_path)
    assert run.returncode == 1, run.stderr
    html = out.read_text(encoding="utf-8")
    page = Page(html)
    assert [tag for tag, _ in page.elements if tag == "img"] == []
    assert sum(1 for tag, _ in page.elements if tag == "script") == 1  # the page's own
    assert not [a for _, attributes in page.elements for a in attributes if a.startswith("on")]
    assert "&lt;script&gt;alert(&#34;org&#34;)&lt;/script&gt;" in html  # shown as text, not run
    assert "&#34;&gt;&lt;img src=x onerror=alert(1)&gt;.yaml" in html
    finding = next(f for f in page.findings if f["data-rule"] == "E002")
    assert finding["data-file"] == HOSTILE_NAME and finding["data-organization"] == '<script>alert("org")</script>'
    assert "<b></b>" in finding["text"]  # the garbled operator, as text in its source line


def test_english_page(tmp_path):
    out = tmp_path / "report.html"
    run = cli("--format", "html", "--lang", "en", "-o", out, SEEDS[0])
    html = out.read_text(encoding="utf-8")
    assert run.returncode == 1 and '<html lang="en">' in html
    assert "Found 8 errors, 18 warnings (17 fixable)." in html
    assert "Findings per rule category" in html and "self-evaluation form" in html and "8 errors" in html


def test_a_clean_run_is_a_page_too(tmp_path):
    clean = tmp_path / "clean.yaml"
    clean.write_text("kind: target-declaration\nyear: 2024\norganization: 民政局\nindicators:\n"
                     "  - {name: 产出-数量-救助人次, unit: 人次, target: ≥ 500, weight: 50}\n"
                     "  - {name: 满意度-服务对象满意度指标-群众满意率, unit: \"%\", target: ≥ 90, weight: 50}\n",
                     encoding="utf-8")
    run = cli("--format", "html", clean)
    assert run.returncode == 0, run.stderr
    page = Page(run.stdout)  # without -o, on standard output
    assert page.findings == [] and "未发现问题" in run.stdout
    assert [c["column"] for c in page.cells] == ["weights", "score", "grade"] and "100" in run.stdout


def test_totals_are_read_in_worker_processes_and_after_fix(tmp_path):
    for n in range(16):  # enough files for the worker pool
        shutil.copy(SEEDS[1], tmp_path / f"form{n:02}.yaml")
    out = tmp_path / "report.html"
    run = cli("--format", "html", "--jobs", "2", "-o", out, tmp_path)
    assert run.returncode == 1, run.stderr
    cells = Page(out.read_text(encoding="utf-8")).cells
    assert len([c for c in cells if c["column"] == "weights" and c["flagged"] == "W001"]) == 16
    shutil.copy(SEEDS[0], tmp_path / "huaxin.yaml")
    fixed = cli("--format", "html", "--fix", "-o", out, tmp_path / "huaxin.yaml")
    page = Page(out.read_text(encoding="utf-8"))
    assert fixed.returncode == 1 and {c["column"] for c in page.cells} == {"weights", "score", "grade"}
    rules = {f["data-rule"] for f in page.findings}
    assert "E005" not in rules and "OP001" in rules  # the safe fixes applied, so no longer shown
    assert "98.8" in out.read_text(encoding="utf-8")  # the score, read from the fixed file


def test_output_file_is_replaced_atomically_and_a_bad_one_is_a_clear_error(tmp_path):
    out = tmp_path / "findings.json"
    out.write_text("old", encoding="utf-8")
    run = cli("--format", "json", "--output-file", out, SEEDS[2])
    assert run.returncode == 1 and run.stdout == ""
    assert json.loads(out.read_text(encoding="utf-8"))[0]["rule"] == "R002"
    assert [p.name for p in tmp_path.iterdir()] == ["findings.json"]  # no temporary file left behind
    to_stdout = cli("--format", "json", "-o", "-", SEEDS[2], cwd=tmp_path)
    assert json.loads(to_stdout.stdout) == json.loads(out.read_text(encoding="utf-8"))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["findings.json"]  # `-o -` is standard output
    missing = cli("--format", "html", "-o", tmp_path / "no" / "such" / "dir" / "report.html", SEEDS[2])
    assert missing.returncode == 2
    report = tmp_path / "no" / "such" / "dir" / "report.html"
    assert missing.stderr == (f"jixiao-lint: 无法把报告写入 {report}：No such file or directory；"
                              "请检查该路径的目录是否存在、是否可写\n")
    missing = cli("--lang", "en", "--format", "html", "-o", report, SEEDS[2])
    assert (missing.returncode, missing.stderr) == (2, f"jixiao-lint: cannot write the report to {report}: No such file or directory\n")


def test_form_totals_add_the_weights_as_w001_does():
    text = ("kind: self-evaluation\nyear: 2023\norganization: 华新街街道办事处\nself_score: \"98. 80\"\ngrade: 优\n"
            "funds:\n  - {source: 年度总金额, weight: 10}\n  - {source: 财政拨款, weight: 10}\n"
            "indicators:\n  - {name: 甲, target: ≥ 1, weight: 45}\n  - {name: 乙, target: ≥ 1, weight: \"45\"}\n"
            "---\nkind: evaluation-report\nyear: 2023\norganization: 青杠街道\ntotal_score: 91\n"
            "score_table:\n  - {name: 甲, weight: 60}\n  - {name: 乙, weight: 十}\n")
    form, _ = read_source(Source("a.yaml", None), text.encode("utf-8"))
    first, second = form_totals(form)
    assert (first.organization, first.kind, first.rows, first.weights, first.score, first.score_path, first.grade) == \
        ("华新街街道办事处", "self-evaluation", 2, 100.0, 98.8, "/self_score", "优")
    # a weight that is no number: no sum at all (W001 is silent too), never a wrong one
    assert (second.rows, second.weights, second.score, second.score_path, second.grade) == (2, None, 91.0, "/total_score", None)


def test_a_repo_of_many_organizations_charts_the_worst_and_tables_them_all(finding):
    from jixiao_lint.check.totals import DocumentTotals
    from jixiao_lint.report import ReportContext, render
    from jixiao_lint.report.html import MAX_BARS

    totals = [DocumentTotals(f"f{n:02}.yaml", 0, "self-evaluation", 2023, f"单位{n:02}", None, 1, 100.0, 90.0,
                             "/self_score", None) for n in range(MAX_BARS + 5)]
    # organization n has n findings: the last ones are the worst
    findings = [finding(file=f"f{n:02}.yaml", line=k + 1) for n in range(MAX_BARS + 5) for k in range(n)]
    page = Page(render("html", findings, ReportContext(totals=totals)))
    bars = [a["data-value"] for tag, a in page.elements if tag == "g" and a.get("data-filter") == "organization"]
    assert bars == [f"单位{n:02}" for n in range(MAX_BARS + 4, 4, -1)]
    assert len({c["file"] for c in page.cells}) == MAX_BARS + 5
    html = render("html", findings, ReportContext(totals=totals))
    assert "另有 5 个单位（10 个问题）未画出，见下表" in html  # 0 + 1 + 2 + 3 + 4


def test_every_link_in_the_page_has_its_target(seed_runs, tmp_path):
    clean = tmp_path / "clean.yaml"
    clean.write_text("kind: target-declaration\nyear: 2024\norganization: 民政局\nindicators:\n"
                     "  - {name: 产出-数量-救助人次, unit: 人次, target: ≥ 500, weight: 100}\n", encoding="utf-8")
    run = cli("--format", "html", SEEDS[3], clean)
    for html in (seed_runs[1], run.stdout):
        page = Page(html)
        targets = {a["href"][1:] for tag, a in page.elements if tag == "a" and (a.get("href") or "").startswith("#")}
        assert targets and targets <= page.ids


def test_the_configuration_and_an_extra_rule_pack_are_shown_with_its_rules_documentation(tmp_path):
    (tmp_path / "pack").mkdir()
    (tmp_path / "pack" / "district.rules").write_text(
        'rule Z001 no-title: warning\n  summary "缺少表名" / "no title"\n  for document\n'
        '  when document.title == null\n  message "表格缺少表名" / "the form has no title"\n'
        '  doc """\n  表格应写明表名 `title`，如 <b>2024年度</b>。\n  """\nend\n', encoding="utf-8")
    (tmp_path / ".jixiao-lint.yaml").write_text("ignore: [C]\n", encoding="utf-8")
    (tmp_path / "a.yaml").write_text("kind: target-declaration\nyear: 2024\norganization: 民政局\nindicators:\n"
                                     "  - {name: 产出-数量-救助人次, unit: 人次, target: ≥ 500, weight: 100}\n",
                                     encoding="utf-8")
    run = cli("--format", "html", "--rules", "pack", "a.yaml", cwd=tmp_path)
    assert run.returncode == 0, run.stderr  # a warning does not fail the run
    page = Page(run.stdout)
    assert [(f["data-rule"], f["data-category"], f["data-line"]) for f in page.findings] == [("Z001", "district", "1")]
    assert "<dd><code>.jixiao-lint.yaml</code></dd>" in run.stdout
    assert "; <code>pack</code> (1)</dd>" in run.stdout
    assert "rule-Z001" in page.ids and "pack/district.rules:1" in run.stdout
    # the pack's documentation is Markdown: its code is code, and HTML written in it is text
    assert "<code>title</code>" in run.stdout and "&lt;b&gt;2024年度&lt;/b&gt;" in run.stdout


def test_both_languages_have_every_word():
    from jixiao_lint.report.html import WORDS

    assert set(WORDS["zh"]) == set(WORDS["en"])
    for key in ("tiles", "kinds", "categories"):
        assert set(WORDS["zh"][key]) == set(WORDS["en"][key]), key

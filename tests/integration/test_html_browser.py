"""The HTML report in a real browser: headless Chromium (the distribution's package; .ci/run installs it)
loads the page from a file:// URL as a reviewer opens a mailed report, over the DevTools protocol."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from chromium import Chromium, find_chromium  # tests/, on pytest's pythonpath

SEEDS_DIR = Path(__file__).resolve().parents[1] / "fixtures" / "seeds"
SEEDS = sorted(p for p in SEEDS_DIR.glob("*.yaml") if not p.name.endswith(".expected.yaml"))
VISIBLE = "Array.from(document.querySelectorAll('article.finding')).filter(e => e.offsetParent !== null)"


@pytest.fixture(scope="module")
def browser():
    executable = find_chromium()
    if executable is None:
        if os.environ.get("CI") == "true":
            pytest.fail("chromium is not installed; .ci/run installs it (apt-get install chromium)")
        pytest.skip("chromium is not installed (apt-get install chromium); CI runs this test")
    with Chromium(executable, timeout=60) as chromium:
        yield chromium


@pytest.fixture(scope="module")
def report(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("browser") / "report.html"
    run = subprocess.run([sys.executable, "-m", "jixiao_lint", "--format", "html", "-o", str(out), *map(str, SEEDS)],
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 1, run.stderr
    return out


def choose(browser: Chromium, select: str, value: str) -> None:
    """As a user picks from a list: the value set, then the change event the browser sends."""
    browser.evaluate(f"(() => {{ const s = document.getElementById({select!r}); s.value = {value!r};"
                     " s.dispatchEvent(new Event('change', {bubbles: true})); })()")


def visible(browser: Chromium) -> list[str]:
    return browser.evaluate(f"{VISIBLE}.map(e => e.dataset.rule)")


def test_the_page_loads_filters_and_is_drawn(browser, report, tmp_path):
    browser.open_page(report.as_uri())
    assert browser.console_errors() == []
    assert browser.requested_urls() == [report.as_uri()]  # nothing from the network, not even a font
    assert browser.evaluate("document.documentElement.classList.contains('js')")
    assert len(visible(browser)) == 80
    assert browser.evaluate("document.getElementById('shown').textContent") == "显示 80 / 80 条"

    choose(browser, "filter-rule", "W001")
    assert visible(browser) == ["W001"] * 12
    assert browser.evaluate("document.getElementById('shown').textContent") == "显示 12 / 80 条"
    # the organizations with no W001 (seeds 000 and 003) are hidden as a whole, heading and all
    hidden = browser.evaluate("Array.from(document.querySelectorAll('section.organization'))"
                              ".filter(s => s.offsetParent === null).map(s => s.dataset.organization)")
    assert hidden == ["重庆市江北区人民政府华新街街道办事处", "桥西区东里街道办事处"]

    choose(browser, "filter-rule", "")
    browser.evaluate("document.getElementById('filter-search').focus()")
    browser.send("Input.insertText", {"text": "违建拆除面积"})  # typed, as a user types it
    assert sorted(visible(browser)) == ["OP001", "SC001"]  # the two whose messages name it

    browser.evaluate("document.querySelector('#filters').reset()")
    browser.evaluate("document.querySelector('#filters input[value=warning]').click()")  # errors and notes only
    assert len(visible(browser)) == 31 and "E005" not in visible(browser)
    browser.evaluate("document.querySelector('#filters').reset()")
    # a bar of the organization chart filters on that organization
    browser.evaluate("document.querySelector('g.bar[data-value=\"重庆高新区西永街道办事处\"]')"
                     ".dispatchEvent(new MouseEvent('click', {bubbles: true}))")
    assert len(visible(browser)) == 10
    assert browser.evaluate("document.getElementById('filter-organization').value") == "重庆高新区西永街道办事处"
    browser.evaluate("document.querySelector('#filters').reset()")
    # and from the keyboard: a category's bar, focused, takes Enter
    browser.evaluate("document.querySelector('g.bar[data-value=\"weights\"]').focus()")
    for kind in ("keyDown", "keyUp"):
        browser.send("Input.dispatchKeyEvent", {"type": kind, "key": "Enter", "code": "Enter",
                                                "windowsVirtualKeyCode": 13})
    assert browser.evaluate("document.getElementById('filter-category').value") == "weights"
    assert sorted(set(visible(browser))) == ["W001", "W002", "W004"] and len(visible(browser)) == 23
    assert browser.console_errors() == []

    browser.evaluate("document.querySelector('#filters').reset()")
    # on paper: no controls, and each organization on a page of its own
    browser.send("Emulation.setEmulatedMedia", {"media": "print"})
    assert browser.evaluate("getComputedStyle(document.getElementById('filters')).display") == "none"
    assert browser.evaluate("Array.from(document.querySelectorAll('section.organization'))"
                            ".map(s => getComputedStyle(s).breakBefore)") == ["page"] * 5
    browser.send("Emulation.setEmulatedMedia", {"media": ""})
    browser.evaluate("window.scrollTo(0, 0)")
    shot = tmp_path / "report.png"
    browser.screenshot(shot)
    from PIL import Image

    with Image.open(shot) as image:
        assert image.size == (1280, 900)
        colours = image.convert("RGB").getcolors(maxcolors=1 << 20)
    # a blank or failed page is one or two colours; the header, tiles, charts and text are hundreds
    assert colours is not None and len(colours) > 200
    most = max(count for count, _ in colours)
    assert most < 0.8 * 1280 * 900

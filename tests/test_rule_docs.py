"""Every rule's documentation in both languages: `doc "…" / "…"` and a Python rule's doc_en, shown by
--explain, SARIF's rule help and the HTML page in the run's language; a rule without an English half
(a data repo's own) shows its Chinese."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

from helpers import builtin_rules

from jixiao_lint.check import python_rules
from jixiao_lint.commands.explain import doc_text, rule_doc

# A target declaration whose second indicator weighs 0: W003 on its weight (and W001 on the total).
ZERO_WEIGHT = """kind: target-declaration
year: 2024
organization: 重庆市江北区民政局
scope: department
budget: 100
indicators:
  - {name: 产出-数量-救助人次, unit: 人次, target: ≥ 500, weight: 90}
  - {name: 满意度-服务对象满意度指标-群众满意率, unit: "%", target: ≥ 90, weight: 0}
"""
W003_EN = [
    "The weight (points, 分值) of an indicator, or of a row of the score table, must be positive. A row weighted 0",
    "scores nothing, and a negative one cancels other rows' points; either is most likely a typing mistake (the",
    "score or the deviation (偏离度) entered in the weight column, or a missing digit). Anything that is not scored",
    "should not be listed as an indicator.",
]
def cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "jixiao_lint", *args], cwd=cwd, capture_output=True, text=True,
                          encoding="utf-8", timeout=60, env={**os.environ, "NO_COLOR": "1"})


def _english_share(text: str) -> float:
    latin = len(re.findall(r"[A-Za-z]", text))
    return latin / max(1, latin + len(re.findall(r"[\u3400-\u9fff]", text)))


def test_every_built_in_rule_has_an_english_doc() -> None:
    rules = builtin_rules()
    missing, chinese = [], []
    for code in sorted(rules.infos):
        decl = rules.declarations.get(code)
        english = decl.doc_en if decl is not None else next(r for r in python_rules.all_rules() if r.info.code == code).doc_en
        if not english.strip():
            missing.append(code)
        elif _english_share(english) < 0.6:  # Chinese terms in brackets, not a Chinese doc in the English slot
            chinese.append(code)
    assert (missing, chinese) == ([], [])
    assert len(rules.infos) >= 64  # today 43 language rules, 18 reading ones and 3 in Python
    # and --lang en shows it, --lang zh the Chinese
    for code in set(rules.infos):
        assert rule_doc(rules, code, "en").doc != rule_doc(rules, code, "zh").doc, code


def test_explain_in_english_prints_a_language_rules_english_doc(tmp_path: Path) -> None:
    run = cli("--lang", "en", "--explain", "W003", cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    lines = run.stdout.splitlines()
    assert lines[:6] == ["# W003 non-positive-weight", "", "**weight zero or negative**", "", "Severity: `error`", ""]
    assert lines[6:10] == W003_EN and lines[10:12] == ["", "## Passing example"]
    assert "一张表" not in run.stdout and "多半是录入错误" not in run.stdout.split("## Definition")[0]


def test_explain_in_english_prints_a_python_rules_english_doc(tmp_path: Path) -> None:
    run = cli("--lang", "en", "--explain", "X006", cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    assert run.stdout.splitlines()[6:8] == [
        "Common misspellings (`恶增长率`, `再接再励`, `拔付`). The word list rules/lexicons/misspellings.yaml works "
        "like codespell's: a word with a single correction gets a safe fix (only the characters change), and one "
        "that may be corrected several ways lists them to choose from, without changing anything. Only words that "
        "are wrong in any context are listed; the list can be extended.",
        ""]
    chinese = cli("--explain", "X006", cwd=tmp_path).stdout.splitlines()
    assert chinese[6].startswith("常见错别字（`恶增长率`、`再接再励`、`拔付`）。词表")


def test_sarif_in_english_carries_the_english_help(tmp_path: Path) -> None:
    (tmp_path / "form.yaml").write_text(ZERO_WEIGHT, encoding="utf-8")
    run = cli("--format", "sarif", "--lang", "en", "form.yaml", cwd=tmp_path)
    assert run.returncode == 1, run.stderr
    rules = {r["id"]: r for r in json.loads(run.stdout)["runs"][0]["tool"]["driver"]["rules"]}
    assert sorted(rules) == ["W001", "W003"]
    assert rules["W003"]["fullDescription"]["text"] == "\n".join(W003_EN)
    help_lines = rules["W003"]["help"]["markdown"].splitlines()
    assert help_lines[6:10] == W003_EN and "## Failing example" in help_lines
    assert rules["W001"]["fullDescription"]["text"].startswith("A form's points must add up to the total score")
    # in Chinese, the Chinese doc with its wrapped lines joined
    zh = {r["id"]: r for r in json.loads(cli("--format", "sarif", "form.yaml", cwd=tmp_path).stdout)
          ["runs"][0]["tool"]["driver"]["rules"]}
    assert zh["W003"]["fullDescription"]["text"].startswith("指标（或评分表一行）的权重（分值）必须为正数。为 0 的一行不计分，负数的一行")


def test_the_english_html_page_documents_the_rules_in_english(tmp_path: Path) -> None:
    (tmp_path / "form.yaml").write_text(ZERO_WEIGHT, encoding="utf-8")
    run = cli("--format", "html", "--lang", "en", "-o", "report.html", "form.yaml", cwd=tmp_path)
    assert run.returncode == 1, run.stderr
    html = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert "<div class=\"doc\"><p>" + "\n".join(W003_EN) + "</p>" in html
    assert "抵掉别的分值，多半是" not in html  # the Chinese doc (joined) is not shown; its text is in the definition


OWN_RULES = '''rule ZZ001 weight-zero: warning
  summary "权重为零" / "weight zero"
  for indicator in indicators
  when num(indicator.weight) == 0
  at indicator.weight
  message "“{indicator.name}”权重为 0" / "'{indicator.name}' weighs 0"
  doc """
  本单位的规定：指标的权重不能为零，
  为零的指标应删去。
  """
end

rule ZZ002 weight-one: warning
  summary "权重为一" / "weight one"
  for indicator in indicators
  when num(indicator.weight) == 1
  at indicator.weight
  message "“{indicator.name}”权重为 1" / "'{indicator.name}' weighs 1"
  doc "本单位不用 1 分的指标。" / "This organisation uses no indicator of 1 point."
end
'''


def test_an_own_rule_without_an_english_half_shows_its_chinese(tmp_path: Path) -> None:
    (tmp_path / "checks").mkdir()
    (tmp_path / "checks" / "own.rules").write_text(OWN_RULES, encoding="utf-8")
    (tmp_path / ".jixiao-lint.yaml").write_text("rules: [checks]\n", encoding="utf-8")
    english = cli("--lang", "en", "--explain", "ZZ001", cwd=tmp_path)
    assert english.returncode == 0, english.stderr
    assert english.stdout.splitlines()[2:8] == ["**weight zero**", "", "Severity: `warning`", "",
                                                "本单位的规定：指标的权重不能为零，为零的指标应删去。", ""]
    assert cli("--lang", "en", "--explain", "ZZ002", cwd=tmp_path).stdout.splitlines()[6] == \
        "This organisation uses no indicator of 1 point."
    assert cli("--explain", "ZZ002", cwd=tmp_path).stdout.splitlines()[6] == "本单位不用 1 分的指标。"
    # SARIF's fullDescription falls back the same way
    from jixiao_lint.check.engine import load_rules

    rules = load_rules([tmp_path / "checks"])
    assert doc_text(rules, "ZZ001", "en") == "本单位的规定：指标的权重不能为零，为零的指标应删去。"
    assert doc_text(rules, "ZZ002", "en") == "This organisation uses no indicator of 1 point."

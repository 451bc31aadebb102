"""`# jixiao-lint: disable=…` comments, through the CLI's JSON output: exactly which findings remain."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from jixiao_lint import cli

HEAD = "kind: self-evaluation\nyear: 2023\norganization: 华新街街道办事处\n"
# Weights add up to 100 once "54. 36" is read as a number, so W001 stays out of the way unless asked for.
INDICATORS = """\
indicators:
  - name: 清扫保洁面积
    unit: 万平方米
    target: $\\geqslant$ 50
    weight: "54. 36"
  - name: 群众满意度
    unit: "%"
    target: ≥ 90
    weight: 45.64
"""


# The rules these forms are about; rules added later must not change what these tests prove.
SELECT = ["--select", "E0,F0,J0,S0,W001"]


def findings(tmp_path: Path, capsys, text: str, *options: str) -> list[tuple[str, int, int]]:
    """(rule, line, column) of every finding, in output order."""
    path = tmp_path / "form.yaml"
    path.write_text(text, encoding="utf-8")
    code = cli.main(["--format", "json", *SELECT, *options, str(path)])
    out, err = capsys.readouterr()
    assert code in (0, 1), err
    return [(f["rule"], f["line"], f["column"]) for f in json.loads(out)]


def test_without_comments_both_findings_show(tmp_path, capsys) -> None:
    assert findings(tmp_path, capsys, HEAD + INDICATORS) == [("E001", 7, 13), ("E005", 8, 13)]


def test_comment_on_the_line_silences_that_line_only(tmp_path, capsys) -> None:
    text = HEAD + INDICATORS.replace("$\\geqslant$ 50", "$\\geqslant$ 50  # jixiao-lint: disable=E001 原表如此")
    assert findings(tmp_path, capsys, text) == [("E005", 8, 13)]


def test_comment_before_an_indicator_covers_the_whole_indicator(tmp_path, capsys) -> None:
    text = HEAD + INDICATORS.replace("  - name: 清扫保洁面积", "  # jixiao-lint: disable=E001,E005 按 PDF 原表照录\n  - name: 清扫保洁面积")
    assert findings(tmp_path, capsys, text) == []


def test_comment_before_an_indicator_does_not_reach_the_next_one(tmp_path, capsys) -> None:
    text = HEAD + INDICATORS.replace("target: ≥ 90", "target: $\\geqslant$ 90").replace(
        "  - name: 清扫保洁面积", "  # jixiao-lint: disable=E001 按原表\n  - name: 清扫保洁面积")
    assert findings(tmp_path, capsys, text) == [("E005", 9, 13), ("E001", 12, 13)]


def test_comment_before_a_flow_indicator(tmp_path, capsys) -> None:
    text = HEAD + ("indicators:\n"
                   "  # jixiao-lint: disable=E001 原表如此\n"
                   "  - {name: 清扫保洁面积, unit: 万平方米, target: $\\geqslant$ 50, weight: 50}\n"
                   "  - {name: 群众满意度, unit: \"%\", target: $\\geqslant$ 90, weight: 50}\n")
    assert findings(tmp_path, capsys, text) == [("E001", 7, 38)]


def test_codes_may_be_prefixes_and_spaced(tmp_path, capsys) -> None:
    text = HEAD + INDICATORS.replace("  - name: 清扫保洁面积", "  # jixiao-lint: disable=E00, W 原表如此\n  - name: 清扫保洁面积")
    # W (all W rules) silenced nothing on this indicator, E00 did: only W is stale.
    assert findings(tmp_path, capsys, text) == [("J001", 5, 3)]


def test_disable_file(tmp_path, capsys) -> None:
    text = "# jixiao-lint: disable-file=E001 全部指标照录 PDF 原文\n" + HEAD + INDICATORS.replace("≥ 90", "$\\geqslant$ 90")
    assert findings(tmp_path, capsys, text) == [("E005", 9, 13)]


def test_disable_file_covers_every_document(tmp_path, capsys) -> None:
    text = "# jixiao-lint: disable-file=E005\n" + HEAD + INDICATORS + "---\n" + HEAD + INDICATORS
    assert findings(tmp_path, capsys, text) == [("E001", 8, 13), ("E001", 21, 13)]


def test_unused_suppression_is_j001(tmp_path, capsys) -> None:
    text = HEAD + "self_score: 98.8  # jixiao-lint: disable=E005 按原表照录\n" + INDICATORS
    assert findings(tmp_path, capsys, text) == [("J001", 4, 19), ("E001", 8, 13), ("E005", 9, 13)]


def test_partly_used_suppression_reports_the_unused_code(tmp_path, capsys) -> None:
    text = HEAD + INDICATORS.replace('"54. 36"', '"54. 36"  # jixiao-lint: disable=E005,F007')
    assert findings(tmp_path, capsys, text) == [("E001", 7, 13), ("J001", 8, 23)]


def test_unknown_code_is_j002(tmp_path, capsys) -> None:
    text = HEAD + INDICATORS.replace('"54. 36"', '"54. 36"  # jixiao-lint: disable=E05 笔误')
    assert findings(tmp_path, capsys, text) == [("E001", 7, 13), ("E005", 8, 13), ("J002", 8, 23)]


def test_misspelt_directive_is_j002_and_silences_nothing(tmp_path, capsys) -> None:
    text = HEAD + INDICATORS.replace('"54. 36"', '"54. 36"  # jixiao-lint: disabel=E005')
    assert findings(tmp_path, capsys, text) == [("E001", 7, 13), ("E005", 8, 13), ("J002", 8, 23)]


def test_messages_name_the_code_and_suggest(tmp_path, capsys) -> None:
    path = tmp_path / "form.yaml"
    path.write_text(HEAD + "self_score: 98.8  # jixiao-lint: disable=E005\n" + "title: 表  # jixiao-lint: disable=E0O5\n"
                    + "project: 项目  # jixiao-lint: enable=E001\n", encoding="utf-8")
    cli.main(["--format", "json", *SELECT, str(path)])
    messages = {f["line"]: f["message"] for f in json.loads(capsys.readouterr().out)}
    assert messages == {4: "抑制注释 disable=E005 没有抑制任何问题，请删除",
                        5: "抑制注释中的规则代码“E0O5”不存在；是否应为 E005？",
                        6: "无法识别的抑制注释“enable”；是否应为 disable=？"}


def test_directive_inside_a_string_is_text(tmp_path, capsys) -> None:
    text = HEAD + ('project: "城管 # jixiao-lint: disable=E001"\n'
                   "title: |\n"
                   "  # jixiao-lint: disable=E005\n") + INDICATORS
    assert findings(tmp_path, capsys, text) == [("E001", 10, 13), ("E005", 11, 13)]


def test_unused_is_not_reported_for_a_rule_that_did_not_run(tmp_path, capsys) -> None:
    text = HEAD + "self_score: 98.8  # jixiao-lint: disable=E005\n" + INDICATORS
    assert findings(tmp_path, capsys, text, "--ignore", "E005") == [("E001", 8, 13)]
    assert findings(tmp_path, capsys, text, "--select", "E001") == [("E001", 8, 13)]


def test_j001_can_itself_be_silenced(tmp_path, capsys) -> None:
    text = "# jixiao-lint: disable-file=J001 旧注释暂留\n" + HEAD + "self_score: 98.8  # jixiao-lint: disable=E005\n" + INDICATORS
    assert findings(tmp_path, capsys, text) == [("E001", 9, 13), ("E005", 10, 13)]


@pytest.mark.parametrize("ending", ["\n", "\r\n"])
def test_line_endings(tmp_path, capsys, ending: str) -> None:
    text = HEAD + INDICATORS.replace("$\\geqslant$ 50", "$\\geqslant$ 50  # jixiao-lint: disable=E001 原表如此")
    assert findings(tmp_path, capsys, text.replace("\n", ending)) == [("E005", 8, 13)]


def test_suppressed_findings_are_not_fixed(tmp_path, capsys, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    text = HEAD + INDICATORS.replace("$\\geqslant$ 50", "$\\geqslant$ 50  # jixiao-lint: disable=E001 原表如此")
    (tmp_path / "form.yaml").write_text(text, encoding="utf-8")
    assert cli.main([*SELECT, "--fix", "form.yaml"]) == 0
    assert (tmp_path / "form.yaml").read_text(encoding="utf-8") == text.replace('"54. 36"', '"54.36"')


STALE = """\
# jixiao-lint: disable-file=E003 全表照录
kind: self-evaluation
year: 2023
organization: 华新街街道办事处
self_score: 98.8  # jixiao-lint: disable=E005 按原表照录
indicators:
  # jixiao-lint: disable=E001,W001 原表如此
  - name: 清扫保洁面积
    unit: 万平方米
    target: $\\geqslant$ 50
    weight: 100
  # jixiao-lint: disable=E001
"""


def test_fix_removes_stale_suppressions_and_keeps_the_rest(tmp_path, capsys, monkeypatch) -> None:
    # As ruff's fix for an unused `# noqa`: a whole-line comment goes with its line, a trailing one with the
    # blanks before it, and a comment that still silences something loses only its stale codes.
    monkeypatch.chdir(tmp_path)
    (tmp_path / "form.yaml").write_text(STALE, encoding="utf-8")
    assert findings(tmp_path, capsys, STALE) == [("J001", 1, 1), ("J001", 5, 19), ("J001", 7, 3), ("J001", 12, 3)]
    assert cli.main([*SELECT, "--fix", "form.yaml"]) == 0
    assert "已修复 4 个，无剩余问题" in capsys.readouterr().out
    assert (tmp_path / "form.yaml").read_text(encoding="utf-8") == """\
kind: self-evaluation
year: 2023
organization: 华新街街道办事处
self_score: 98.8
indicators:
  # jixiao-lint: disable=E001 原表如此
  - name: 清扫保洁面积
    unit: 万平方米
    target: $\\geqslant$ 50
    weight: 100
"""


def test_an_unknown_code_is_not_removed_by_fix(tmp_path, capsys, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    text = HEAD + "self_score: 98.8  # jixiao-lint: disable=E0O5\n"
    (tmp_path / "form.yaml").write_text(text, encoding="utf-8")
    cli.main([*SELECT, "--fix", "form.yaml"])
    assert (tmp_path / "form.yaml").read_text(encoding="utf-8") == text  # a typo to correct, not to delete
    assert "J002" in capsys.readouterr().out

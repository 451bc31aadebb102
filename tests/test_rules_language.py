"""The rule language: located load errors, load-time type checks, no code execution, and a user rule
pack working end to end through the CLI."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from jixiao_lint.check.engine import load_rules
from jixiao_lint.parse.rules_language import RuleFileError, parse_rule_file

RULE = '''rule Z001 weights-small: warning
  summary "权重太小" / "weight too small"
  for indicator in indicators
  when num(indicator.weight) < 2
  at indicator.weight
  message "“{indicator.name}”权重 {indicator.weight} 小于 2" / "'{indicator.name}' weight {indicator.weight} is below 2"
  pass """
  kind: target-declaration
  year: 2024
  organization: 民政局
  indicators:
    - {name: 救助人次, unit: 人次, target: ≥ 500, weight: 100}
  """
  fail """
  kind: target-declaration
  year: 2024
  organization: 民政局
  indicators:
    - {name: 救助人次, unit: 人次, target: ≥ 500, weight: 1}  # expect: Z001
  """
end
'''

FORM = """kind: target-declaration
year: 2024
organization: 民政局
indicators:
  - name: 救助人次
    unit: 人次
    target: ≥ 500
    weight: 1.5
  - name: 群众满意率
    unit: "%"
    target: ≥ 90
    weight: 98.5
"""


def _load(tmp_path: Path, text: str) -> None:
    path = tmp_path / "pack.rules"
    path.write_text(text, encoding="utf-8")
    load_rules([path])


def test_syntax_error_is_located(tmp_path: Path) -> None:
    with pytest.raises(RuleFileError) as error:
        _load(tmp_path, "rule Z001 a-b: error\n  when weight >< 3\nend\n")
    assert (error.value.loc.line, error.value.loc.column) == (2, 16)


def test_unknown_field_is_caught_at_load_time_with_did_you_mean(tmp_path: Path) -> None:
    with pytest.raises(RuleFileError) as error:
        _load(tmp_path, RULE.replace("num(indicator.weight) < 2", "num(indicator.wieght) < 2"))
    assert error.value.loc.line == 4
    assert "unknown field `wieght`; did you mean `weight`?" in error.value.message


def test_unknown_function_is_caught_at_load_time(tmp_path: Path) -> None:
    with pytest.raises(RuleFileError) as error:
        _load(tmp_path, RULE.replace("num(indicator.weight)", "nmu(indicator.weight)"))
    assert "unknown function nmu(); did you mean num()?" in error.value.message


@pytest.mark.parametrize("condition", ['__import__("os")', 'open("/etc/passwd")', "indicator.__class__", "eval(\"1\")"])
def test_a_rule_cannot_reach_python(tmp_path: Path, condition: str) -> None:
    with pytest.raises(RuleFileError):
        _load(tmp_path, RULE.replace("num(indicator.weight) < 2", condition))


def test_catastrophic_regex_is_refused_at_load(tmp_path: Path) -> None:
    with pytest.raises(RuleFileError) as error:
        _load(tmp_path, RULE.replace("num(indicator.weight) < 2", 'indicator.name matches "(a+)+$"'))
    assert "exponential" in error.value.message


def test_duplicate_code_is_refused(tmp_path: Path) -> None:
    with pytest.raises(RuleFileError) as error:
        _load(tmp_path, RULE.replace("Z001", "W001"))
    assert "W001 is already used" in error.value.message


def test_message_holes_are_parsed() -> None:
    [rule] = parse_rule_file(RULE, "pack.rules")
    assert rule.message is not None
    assert [type(p).__name__ for p in rule.message[0].parts] == ["str", "Attr", "str", "Attr", "str"]


def _cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "jixiao_lint", *args], cwd=cwd, capture_output=True, text=True,
                          encoding="utf-8", timeout=60)


def test_user_rule_pack_end_to_end(tmp_path: Path) -> None:
    pack = tmp_path / "rules"
    pack.mkdir()
    (pack / "local.rules").write_text(RULE, encoding="utf-8")
    (tmp_path / "form.yaml").write_text(FORM, encoding="utf-8")
    run = _cli("--rules", "rules", "--select", "Z", "--format", "json", "form.yaml", cwd=tmp_path)
    assert run.returncode == 0, run.stderr  # Z001 is a warning: it does not fail the run
    [finding] = json.loads(run.stdout)
    assert (finding["rule"], finding["path"], finding["line"], finding["severity"]) == ("Z001", "/indicators/0/weight", 8, "warning")
    assert finding["message"] == "“救助人次”权重 1.5 小于 2"
    tested = _cli("test-rules", "rules", cwd=tmp_path)
    assert tested.returncode == 0, tested.stdout
    assert tested.stdout.strip().endswith("2 passed, 0 failed")


def test_broken_user_rule_pack_exits_2_with_location(tmp_path: Path) -> None:
    (tmp_path / "bad.rules").write_text("rule Z001 a-b: error\n  when x ==\n", encoding="utf-8")
    (tmp_path / "form.yaml").write_text(FORM, encoding="utf-8")
    run = _cli("--rules", "bad.rules", "form.yaml", cwd=tmp_path)
    assert run.returncode == 2
    assert "bad.rules:" in run.stderr and "Traceback" not in run.stderr


def test_every_function_a_rule_can_call_is_documented(tmp_path: Path) -> None:
    from jixiao_lint.check.functions import FUNCTIONS

    assert [name for name, function in FUNCTIONS.items() if not function.doc.strip()] == []
    listing = _cli("--list-functions", cwd=tmp_path).stdout
    assert {line.split()[0] for line in listing.splitlines()} == set(FUNCTIONS)

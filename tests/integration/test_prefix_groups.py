"""--select/--ignore, `select:`/`ignore:` and `disable=` name whole groups, then digits (as ruff's `E` vs
`E4`): `S` is the schema's group and must not take the scoring group `SC` with it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from jixiao_lint.model.rule import code_matches, groups_spelt_alike

FORM = """\
kind: self-evaluation
year: 2023
organization: 华新街街道
bogus: 1
self_score: 50
indicators:
  - name: 群众满意度
    unit: '%'
    target: ≥ 90
    weight: 100
    actual: 95
    coefficient: 100
    score: 100
"""


def lint(cwd: Path, *argv: str) -> tuple[list[tuple[str, int]], str]:
    done = subprocess.run([sys.executable, "-m", "jixiao_lint", "--format", "json", *argv, "form.yaml"], cwd=cwd,
                          capture_output=True, text=True, encoding="utf-8", timeout=120)
    assert done.returncode in (0, 1), done.stderr
    return [(f["rule"], f["line"]) for f in json.loads(done.stdout)], done.stderr


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    (tmp_path / "form.yaml").write_text(FORM, encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize(("prefix", "code", "matches"), [
    ("S", "S001", True), ("S", "SC001", False), ("SC", "SC001", True), ("SC", "S001", False), ("S0", "S001", True),
    ("S00", "S001", True), ("S1", "S001", False), ("SC0", "SC005", True), ("S001", "S001", True), ("O", "OP001", False),
    ("OP", "OP001", True), ("E", "E001", True), ("X", "X001", True),
])
def test_a_prefix_is_a_group_then_digits(prefix: str, code: str, matches: bool) -> None:
    assert code_matches(prefix, code) is matches


def test_groups_spelt_alike() -> None:
    codes = ["S001", "S002", "SC001", "OP001", "O001"]
    assert groups_spelt_alike("S", codes) == ["SC"]
    assert groups_spelt_alike("O", codes) == ["OP"]
    assert groups_spelt_alike("S0", codes) == []  # digits: no other group can be meant
    assert groups_spelt_alike("SC", codes) == []


def test_ignore_s_keeps_the_scoring_checks(repo: Path) -> None:
    assert lint(repo)[0] == [("S001", 4), ("SC005", 5)]
    found, err = lint(repo, "--ignore", "S")
    assert found == [("SC005", 5)]
    assert err == "jixiao-lint: 警告：select/ignore：“S”只指 S 组（S001–S005），不含 SC；如也要选中它们，请加上 SC\n"
    assert lint(repo, "--ignore", "S,SC") == ([], err)
    assert lint(repo, "--lang", "en", "--ignore", "S") == ([("SC005", 5)], "jixiao-lint: warning: select/ignore: 'S' names "
                                                           "the S group only (S001–S005), not SC; add SC for those\n")
    assert lint(repo, "--select", "SC") == ([("SC005", 5)], "")
    assert lint(repo, "--select", "S0") == ([("S001", 4)], "")  # with digits: no warning


def test_ignore_s_in_the_configuration(repo: Path) -> None:
    (repo / ".jixiao-lint.yaml").write_text("ignore: [S]\n", encoding="utf-8")
    found, err = lint(repo)
    assert found == [("SC005", 5)]
    assert err == (f"jixiao-lint: 警告：select/ignore（{repo / '.jixiao-lint.yaml'}）：“S”只指 S 组（S001–S005），不含 SC；"
                   "如也要选中它们，请加上 SC\n")
    (repo / ".jixiao-lint.yaml").write_text("ignore: [S]\nlang: en\n", encoding="utf-8")
    assert lint(repo)[1].startswith(f"jixiao-lint: warning: select/ignore ({repo / '.jixiao-lint.yaml'}): 'S' names the S group only")


def test_disable_s_does_not_silence_scoring(repo: Path) -> None:
    (repo / "form.yaml").write_text(FORM.replace("self_score: 50", "self_score: 50  # jixiao-lint: disable=S 待核"),
                                    encoding="utf-8")
    found, _ = lint(repo)
    assert found == [("S001", 4), ("SC005", 5), ("J001", 5)]  # the S there silences nothing: it is reported unused

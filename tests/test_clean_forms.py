"""A consistent, well-made form produces no finding at all — not an error, not a warning.

tests/fixtures/clean/ holds realistic forms of every kind whose arithmetic is exactly right (each file's
header comment works it out): self-evaluations (偏离度, 得分系数, scores and 自评总分), target
declarations (a department's table and its project tables in one file: breakdowns, weights, the 成本
indicator equal to the budget, goal quantities matched by indicators, 发文字号 with 〔〕) and evaluation
reports (the score table summing to the total, the grade in its band). examples/clean-*.yaml are copies
of one of each, and must stay clean too. A rule that fires on any of them is wrong, or the form is:
the failure lists every finding so that it can be judged.

examples/problems.yaml is the opposite: one realistic form with the typical defects, each marked in a
comment with the rule that reports it; it must show exactly those.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from helpers import FIXTURES, lint_text

EXAMPLES = Path(__file__).parents[1] / "examples"
CLEAN = sorted((FIXTURES / "clean").glob("*.yaml")) + sorted(EXAMPLES.glob("clean-*.yaml"))
KINDS = ("self-evaluation", "target-declaration", "evaluation-report")


def _kinds(path: Path) -> set[str]:
    return {d["kind"] for d in yaml.safe_load_all(path.read_text(encoding="utf-8")) if d}


@pytest.mark.parametrize("path", CLEAN, ids=[f"{p.parent.name}/{p.name}" for p in CLEAN])
def test_clean_form_has_no_finding(path: Path) -> None:
    findings = lint_text(path.read_text(encoding="utf-8"), name=path.name).findings
    listed = "\n".join(f"  {f.rule} {f.severity} document {f.document} {f.path} (line {f.line}): {f.message_zh}"
                       for f in findings)
    assert not findings, f"{path.name} is consistent, yet:\n{listed}"


def test_at_least_two_clean_forms_of_every_kind() -> None:
    fixtures = [p for p in CLEAN if p.parent.name == "clean"]
    for kind in KINDS:
        assert sum(kind in _kinds(p) for p in fixtures) >= 2, kind


def test_one_clean_example_of_every_kind() -> None:
    for kind in KINDS:
        example = EXAMPLES / f"clean-{kind}.yaml"
        assert _kinds(example) == {kind}
        assert example.read_text(encoding="utf-8") in {p.read_text(encoding="utf-8") for p in CLEAN if p.parent.name == "clean"}


def test_target_declaration_fixture_holds_department_and_projects() -> None:
    for path in (FIXTURES / "clean").glob("target-declaration-*.yaml"):
        scopes = [d["scope"] for d in yaml.safe_load_all(path.read_text(encoding="utf-8"))]
        assert scopes[0] == "department" and "project" in scopes[1:], path.name


def test_clean_forms_through_the_cli(tmp_path: Path) -> None:
    # The same through the real command line, all files in one run: nothing printed, exit 0.
    run = subprocess.run([sys.executable, "-m", "jixiao_lint", "--format", "json", str(FIXTURES / "clean"),
                          *map(str, EXAMPLES.glob("clean-*.yaml"))], capture_output=True, text=True, cwd=tmp_path,
                         timeout=60)
    assert (run.returncode, json.loads(run.stdout)) == (0, []), run.stderr


# (rule, JSON Pointer) of each defect marked in examples/problems.yaml
PROBLEMS = [
    ("F007", "/project_code"),  # 0105 unquoted: octal to YAML 1.1 tools
    ("W001", "/indicators"),  # weights 95
    ("E001", "/indicators/0/target"),  # >= for ≥
    ("E005", "/indicators/0/actual"),  # "54. 36"
    ("SC001", "/indicators/0/deviation"),  # 0 for 8.72
    ("SC004", "/indicators/1/score"),  # points deducted, the reason under a misspelt key
    ("S001", "/indicators/1/ntoe"),  # the misspelt key
    ("OP001", "/indicators/2/target"),  # 发生率 with ≥
]


def test_problems_example_shows_each_defect_once() -> None:
    findings = lint_text((EXAMPLES / "problems.yaml").read_text(encoding="utf-8"), name="problems.yaml").findings
    assert [(f.rule, f.path) for f in findings] == PROBLEMS

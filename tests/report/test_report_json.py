import json

from jixiao_lint.model.finding import Fix
from jixiao_lint.report import ReportContext, render

KEYS = ["file", "document", "line", "column", "end_line", "end_column", "rule", "name", "severity", "message", "path"]


def test_exact_text_of_one_finding_with_a_fix(finding):
    out = render("json", [finding(fix=Fix("≥ 2400", "safe", 41, 47))], ReportContext())
    assert out == """[
  {
    "file": "forms/a.yaml",
    "document": 0,
    "line": 3,
    "column": 13,
    "end_line": 3,
    "end_column": 19,
    "rule": "OP001",
    "name": "operator-direction",
    "severity": "error",
    "message": "违建拆除面积是正向指标，运算符应为 ≥",
    "path": "/indicators/0/target",
    "fix": {
      "applicability": "safe",
      "replacement": "≥ 2400"
    }
  }
]
"""


def test_fix_is_absent_not_null_when_there_is_none_and_message_follows_lang(finding):
    [obj] = json.loads(render("json", [finding(document=1, path="")], ReportContext(lang="en")))
    assert list(obj) == KEYS
    assert obj == {
        "file": "forms/a.yaml", "document": 1, "line": 3, "column": 13, "end_line": 3, "end_column": 19,
        "rule": "OP001", "name": "operator-direction", "severity": "error",
        "message": "违建拆除面积 is a positive indicator: the operator should be ≥", "path": "",
    }


def test_sorted_by_file_line_column(finding):
    findings = [
        finding(file="forms/b.yaml", line=1, column=1),
        finding(file="forms/a.yaml", line=10, column=2),
        finding(file="forms/a.yaml", line=9, column=30),
        finding(file="forms/a.yaml", line=10, column=1),
    ]
    objs = json.loads(render("json", findings, ReportContext()))
    assert [(o["file"], o["line"], o["column"]) for o in objs] == [
        ("forms/a.yaml", 9, 30), ("forms/a.yaml", 10, 1), ("forms/a.yaml", 10, 2), ("forms/b.yaml", 1, 1),
    ]


def test_no_findings_is_an_empty_array():
    assert render("json", [], ReportContext()) == "[]\n"

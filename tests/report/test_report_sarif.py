import json
import re

from jixiao_lint.model.finding import Fix
from jixiao_lint.model.rule import RuleInfo
from jixiao_lint.report import ReportContext, render
from jixiao_lint.report.sarif import artifact_uri

RULES = {
    "OP001": RuleInfo("OP001", "operator-direction", "error", "正向指标的运算符应为 ≥", "positive indicators use ≥", True),
    "UN002": RuleInfo("UN002", "unit-missing", "warning", "指标缺少计量单位", "indicator has no unit"),
}


ROOT = "/srv/data-repo"  # the repository root the findings' files are under (ctx.root)


def sarif(findings, **ctx) -> dict:
    ctx.setdefault("root", ROOT)
    return json.loads(render("sarif", findings, ReportContext(rules=RULES, tool_version="0.1.0", **ctx)))


def test_log_run_and_driver(finding):
    log = sarif([finding()])
    assert list(log) == ["$schema", "version", "runs"]
    assert log["$schema"] == "https://json.schemastore.org/sarif-2.1.0.json"
    assert log["version"] == "2.1.0"
    [run] = log["runs"]
    assert run["columnKind"] == "unicodeCodePoints"
    assert run["tool"]["driver"] == {
        "name": "jixiao-lint",
        "version": "0.1.0",
        "informationUri": "https://pypi.org/project/jixiao-lint/",
        "rules": [{
            "id": "OP001",
            "name": "operator-direction",
            "shortDescription": {"text": "正向指标的运算符应为 ≥"},
            # With no documentation in the context, the summary: both are required by code scanning.
            "fullDescription": {"text": "正向指标的运算符应为 ≥"},
            "help": {"text": "正向指标的运算符应为 ≥", "markdown": "**OP001 operator-direction**: 正向指标的运算符应为 ≥"},
            "defaultConfiguration": {"level": "error"},
        }],
    }
    assert run["originalUriBaseIds"] == {"%SRCROOT%": {"uri": "file:///srv/data-repo/"}}


def test_rules_are_those_that_occur_and_results_point_at_them(finding):
    findings = [
        finding(rule="UN002", name="unit-missing", severity="warning", line=2),
        finding(rule="XX900", name="my-own-rule", severity="info", line=3),
        finding(rule="UN002", name="unit-missing", severity="error", line=4),  # raised by configuration
    ]
    run = sarif(findings, lang="en")["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert [(r["id"], r["name"], r["shortDescription"]["text"], r["defaultConfiguration"]["level"]) for r in rules] == [
        ("UN002", "unit-missing", "indicator has no unit", "warning"),
        ("XX900", "my-own-rule", "my-own-rule", "note"),  # unknown to ctx.rules: from the finding
    ]
    assert [(r["ruleId"], r["ruleIndex"], r["level"]) for r in run["results"]] == [
        ("UN002", 0, "warning"), ("XX900", 1, "note"), ("UN002", 0, "error"),
    ]
    for result in run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]


def test_result_location_message_and_logical_location(finding):
    [result] = sarif([finding(file="/srv/data-repo/forms/2023/华新.yaml", document=1, line=41, end_line=42, end_column=3)])["runs"][0]["results"]
    assert result["message"] == {"text": "违建拆除面积是正向指标，运算符应为 ≥"}
    [location] = result["locations"]
    assert location["physicalLocation"] == {
        "artifactLocation": {"uri": "forms/2023/%E5%8D%8E%E6%96%B0.yaml", "uriBaseId": "%SRCROOT%"},
        "region": {"startLine": 41, "startColumn": 13, "endLine": 42, "endColumn": 3},
    }
    assert location["logicalLocations"] == [{"fullyQualifiedName": "1#/indicators/0/target"}]
    assert result["properties"] == {"document": 1, "path": "/indicators/0/target"}
    assert "fixes" not in result


def test_fix_replaces_the_finding_region(finding):
    [result] = sarif([finding(file="/srv/data-repo/forms/a.yaml", fix=Fix("≥ 2400", "unsafe", 41, 47))])["runs"][0]["results"]
    assert result["fixes"] == [{
        "description": {"text": "替换为“≥ 2400”（不安全）"},
        "artifactChanges": [{
            "artifactLocation": {"uri": "forms/a.yaml", "uriBaseId": "%SRCROOT%"},
            "replacements": [{
                "deletedRegion": {"startLine": 3, "startColumn": 13, "endLine": 3, "endColumn": 19},
                "insertedContent": {"text": "≥ 2400"},
            }],
        }],
        "properties": {"applicability": "unsafe"},
    }]


def test_no_findings_is_a_run_with_no_results_and_no_rules():
    run = sarif([])["runs"][0]
    assert run["results"] == []
    assert run["tool"]["driver"]["rules"] == []


def test_version_is_left_out_rather_than_empty(finding):
    log = json.loads(render("sarif", [finding()], ReportContext()))
    assert "version" not in log["runs"][0]["tool"]["driver"]


def test_artifact_uris_are_relative_references_with_forward_slashes():
    assert artifact_uri("forms/a.yaml") == "forms/a.yaml"
    assert artifact_uri("./forms/a.yaml") == "forms/a.yaml"
    assert artifact_uri("forms/my form #1.yaml") == "forms/my%20form%20%231.yaml"
    assert artifact_uri("a:b.yaml") == "a%3Ab.yaml"  # not a scheme
    assert artifact_uri("/srv/forms/a.yaml") == "file:///srv/forms/a.yaml"


def test_help_and_full_description_from_the_rules_documentation(finding):
    helps = {"OP001": "# OP001 operator-direction\n\n**正向指标的运算符应为 ≥**\n"}
    rule = sarif([finding()], rule_help=helps.get, rule_doc={"OP001": "正向指标（越大越好）的运算符应为 ≥。"}.get)[
        "runs"][0]["tool"]["driver"]["rules"][0]
    assert rule["fullDescription"] == {"text": "正向指标（越大越好）的运算符应为 ≥。"}
    assert rule["help"] == {"text": helps["OP001"], "markdown": helps["OP001"]}


def test_uris_are_relative_to_the_repository_root_wherever_the_run_is(finding, tmp_path, monkeypatch):
    (tmp_path / ".git").mkdir()
    (tmp_path / "ci").mkdir()
    monkeypatch.chdir(tmp_path / "ci")
    findings = [finding(file="../forms/a.yaml"), finding(file=str(tmp_path / "forms" / "b.yaml")),
                finding(file="/elsewhere/c.yaml")]
    run = sarif(findings, root="")["runs"][0]
    locations = [r["locations"][0]["physicalLocation"]["artifactLocation"] for r in run["results"]]
    assert sorted(locations, key=lambda location: location["uri"]) == [
        {"uri": "file:///elsewhere/c.yaml"},  # outside the repository: where it is
        {"uri": "forms/a.yaml", "uriBaseId": "%SRCROOT%"}, {"uri": "forms/b.yaml", "uriBaseId": "%SRCROOT%"}]
    assert run["originalUriBaseIds"] == {"%SRCROOT%": {"uri": tmp_path.as_uri() + "/"}}


def test_fingerprints_follow_the_line_text_not_its_number(finding, form):
    def prints(findings, text):
        results = sarif(findings, sources={"forms/a.yaml": text})["runs"][0]["results"]
        return [r["partialFingerprints"]["jixiaoLintFinding/v1"] for r in results]

    [first] = prints([finding(line=3)], form)
    assert re.fullmatch(r"[0-9a-f]{32}:1", first)
    # A row added above: the finding moves down two lines and keeps its fingerprint.
    moved = form.replace("indicators:\n", "indicators:\n  - name: 新指标\n    target: ≥ 1\n")
    assert prints([finding(line=5)], moved) == [first]
    # Another rule on the same line, or the same rule on another line: another fingerprint.
    other_rule, other_line = prints([finding(line=3, rule="UN002", name="unit-missing"), finding(line=5)], form)
    assert len({first, other_rule, other_line}) == 3
    # Two findings of one rule on equal lines are told apart by their count.
    twice = prints([finding(line=3), finding(line=3, column=1)], form)
    assert twice == [first, first[:-1] + "2"]

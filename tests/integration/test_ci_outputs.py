"""What a CI gate reads, from the real CLI in a subprocess, offline: SARIF 2.1.0 for code scanning,
GitHub workflow commands for annotations, JUnit XML for test reports (docs/ci.md)."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import yaml
import pytest

WITH_FINDINGS = """\
kind: self-evaluation
year: 2023
organization: 华新街街道办事处
indicators:
  - name: 清扫保洁面积
    unit: 万平方米
    target: $\\geqslant$ 50
    weight: 50
  - name: 群众满意度
    unit: "%"
    target: ≥ 90
    weight: 40
"""
CLEAN = WITH_FINDINGS.replace("$\\geqslant$ 50", "≥ 50").replace("weight: 40", "weight: 50")
SELECT = "E0,F0,S0,W001"  # the findings these forms must have, whatever rules are added later

# The parts of the SARIF 2.1.0 schema (sarif-schema-2.1.0.json, OASIS) that a consumer relies on:
# required properties, their types and enumerations, for every object this tool writes.
_REGION = {"type": "object", "properties": {k: {"type": "integer", "minimum": 1}
                                            for k in ("startLine", "startColumn", "endLine", "endColumn")},
           "required": ["startLine"]}
_ARTIFACT_LOCATION = {"type": "object", "properties": {"uri": {"type": "string"}, "uriBaseId": {"type": "string"}},
                      "required": ["uri"]}
_MESSAGE = {"type": "object", "properties": {"text": {"type": "string", "minLength": 1}}, "required": ["text"]}
SARIF_SCHEMA = {
    "type": "object",
    "required": ["version", "runs"],
    "properties": {
        "$schema": {"type": "string"},
        "version": {"const": "2.1.0"},
        "runs": {"type": "array", "minItems": 1, "items": {
            "type": "object",
            "required": ["tool"],
            "properties": {
                "tool": {"type": "object", "required": ["driver"], "properties": {"driver": {
                    "type": "object", "required": ["name"],
                    "properties": {
                        "name": {"type": "string"}, "version": {"type": "string"},
                        "informationUri": {"type": "string"},
                        "rules": {"type": "array", "items": {
                            "type": "object", "required": ["id"],
                            "properties": {"id": {"type": "string"}, "name": {"type": "string"},
                                           "shortDescription": _MESSAGE, "fullDescription": _MESSAGE,
                                           "defaultConfiguration": {"type": "object", "properties": {
                                               "level": {"enum": ["none", "note", "warning", "error"]}}}}}},
                    }}}},
                "columnKind": {"enum": ["utf16CodeUnits", "unicodeCodePoints"]},
                "results": {"type": "array", "items": {
                    "type": "object",
                    "required": ["message"],
                    "properties": {
                        "ruleId": {"type": "string"},
                        "ruleIndex": {"type": "integer", "minimum": -1},
                        "level": {"enum": ["none", "note", "warning", "error"]},
                        "kind": {"enum": ["notApplicable", "pass", "fail", "review", "open", "informational"]},
                        "message": _MESSAGE,
                        "locations": {"type": "array", "items": {"type": "object", "properties": {
                            "physicalLocation": {"type": "object", "required": ["artifactLocation"], "properties": {
                                "artifactLocation": _ARTIFACT_LOCATION, "region": _REGION}},
                            "logicalLocations": {"type": "array", "items": {"type": "object"}}}}},
                        "fixes": {"type": "array", "items": {
                            "type": "object", "required": ["artifactChanges"],
                            "properties": {"description": _MESSAGE, "artifactChanges": {"type": "array", "items": {
                                "type": "object", "required": ["artifactLocation", "replacements"],
                                "properties": {"artifactLocation": _ARTIFACT_LOCATION, "replacements": {
                                    "type": "array", "items": {
                                        "type": "object", "required": ["deletedRegion"],
                                        "properties": {"deletedRegion": _REGION,
                                                       "insertedContent": {"type": "object"}}}}}}}}}},
                        "properties": {"type": "object"},
                    }}},
            }}},
    },
}


def lint(cwd: Path, *argv: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "jixiao_lint", "--select", SELECT, *argv], cwd=cwd,
                          capture_output=True, text=True, encoding="utf-8", timeout=120,
                          env={"PATH": "/usr/bin:/bin", "LANG": "C"})  # a bare CI runner: no UTF-8 locale


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    (tmp_path / "forms").mkdir()
    (tmp_path / "forms" / "华新,2023.yaml").write_text(WITH_FINDINGS, encoding="utf-8")  # a comma: escaped for GitHub
    (tmp_path / "forms" / "clean.yaml").write_text(CLEAN, encoding="utf-8")
    (tmp_path / "forms" / "broken.yaml").write_text("kind: self-evaluation\nyear: [2023\n", encoding="utf-8")
    return tmp_path


def expected(repo: Path) -> list[tuple[str, str, int, int, str]]:
    """(file, rule, line, column, severity) from the JSON output, the reference for the other formats."""
    done = lint(repo, "--format", "json", "forms")
    return [(f["file"], f["rule"], f["line"], f["column"], f["severity"]) for f in json.loads(done.stdout)]


def test_the_forms_have_the_findings_the_gate_must_show(repo: Path) -> None:
    assert [(f, r, s) for f, r, _, _, s in expected(repo)] == [
        ("forms/broken.yaml", "F002", "error"),
        ("forms/华新,2023.yaml", "W001", "error"),
        ("forms/华新,2023.yaml", "E001", "warning")]


def test_sarif_is_valid_2_1_0(repo: Path) -> None:
    done = lint(repo, "--format", "sarif", "forms")
    assert done.returncode == 1
    log = json.loads(done.stdout)
    jsonschema.validate(log, SARIF_SCHEMA)
    run = log["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert len({r["id"] for r in rules}) == len(rules)
    results = run["results"]
    for result in results:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        region = result["locations"][0]["physicalLocation"]["region"]
        assert (region["endLine"], region["endColumn"]) >= (region["startLine"], region["startColumn"])
    located = [(r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"], r["ruleId"],
                r["locations"][0]["physicalLocation"]["region"]["startLine"],
                r["locations"][0]["physicalLocation"]["region"]["startColumn"], r["level"]) for r in results]
    # Relative URIs, percent-encoded: code scanning resolves them against the repository root.
    assert located == [("forms/broken.yaml", "F002", 2, 7, "error"),
                       ("forms/%E5%8D%8E%E6%96%B0%2C2023.yaml", "W001", 5, 3, "error"),
                       ("forms/%E5%8D%8E%E6%96%B0%2C2023.yaml", "E001", 7, 13, "warning")]
    assert [(f, r, li, c, s) for f, r, li, c, s in expected(repo)] == [
        (f.replace("%E5%8D%8E%E6%96%B0%2C2023", "华新,2023"), r, li, c, lvl) for f, r, li, c, lvl in located]


def test_sarif_with_no_findings_is_still_a_log(repo: Path) -> None:
    done = lint(repo, "--format", "sarif", "forms/clean.yaml")
    assert done.returncode == 0
    log = json.loads(done.stdout)
    jsonschema.validate(log, SARIF_SCHEMA)
    assert log["runs"][0]["results"] == []


def test_sarif_fix_is_a_replacement(repo: Path) -> None:
    log = json.loads(lint(repo, "--format", "sarif", "forms/华新,2023.yaml").stdout)
    (e001,) = [r for r in log["runs"][0]["results"] if r["ruleId"] == "E001"]
    (change,) = e001["fixes"][0]["artifactChanges"]
    (replacement,) = change["replacements"]
    assert replacement["deletedRegion"] == {"startLine": 7, "startColumn": 13, "endLine": 7, "endColumn": 24}
    assert replacement["insertedContent"] == {"text": "≥"}


def test_github_annotations(repo: Path) -> None:
    done = lint(repo, "--format", "github", "forms")
    assert done.returncode == 1
    lines = done.stdout.splitlines()
    pattern = re.compile(r"^::(error|warning|notice) (file=[^,:]+,line=\d+(?:,col=\d+)?(?:,endLine=\d+)?"
                         r"(?:,endColumn=\d+)?,title=[^,:]+)::(.+)$")
    parsed = []
    for line in lines:
        match = pattern.match(line)
        assert match, line
        properties = dict(p.split("=", 1) for p in match.group(2).split(","))
        # GitHub refuses a column on an annotation spanning lines (W001 is about the whole indicator list).
        column = int(properties["col"]) if "col" in properties else None
        parsed.append((properties["file"], properties["title"].split()[0], int(properties["line"]), column,
                       match.group(1)))
    assert parsed == [("forms/broken.yaml", "F002", 2, 7, "error"),
                      ("forms/华新%2C2023.yaml", "W001", 5, None, "error"),
                      ("forms/华新%2C2023.yaml", "E001", 7, 13, "warning")]
    assert [(f, r, li) for f, r, li, _, _ in parsed] == [(f.replace(",", "%2C"), r, li) for f, r, li, _, _ in expected(repo)]


def test_junit_xml(repo: Path) -> None:
    done = lint(repo, "--format", "junit", "forms")
    assert done.returncode == 1
    assert done.stdout.startswith('<?xml version="1.0" encoding="UTF-8"?>\n')
    root = ET.fromstring(done.stdout.encode("utf-8"))
    assert root.tag == "testsuites"
    (suite,) = root.findall("testsuite")
    cases = suite.findall("testcase")
    # One case per finding (W001 is an error here, E001 a warning), one for the clean file.
    assert [(c.get("classname"), c.get("name"), c.get("file"), c.get("line"), c.find("failure") is not None)
            for c in cases] == [
        ("forms/broken.yaml", "F002 yaml-syntax 第 2 行", "forms/broken.yaml", "2", True),
        ("forms/clean.yaml", "未发现问题", "forms/clean.yaml", None, False),
        ("forms/华新,2023.yaml", "W001 weights-sum 第 5 行", "forms/华新,2023.yaml", "5", True),
        ("forms/华新,2023.yaml", "E001 noncanonical-operator 第 7 行", "forms/华新,2023.yaml", "7", False),
    ]
    assert all(f.get("message") for f in root.iter("failure"))
    for element in (root, suite):
        assert int(element.get("tests")) == 4
        assert int(element.get("failures")) == 2
        assert int(element.get("errors")) == 0
    assert int(suite.get("skipped")) == 0


@pytest.mark.parametrize("fmt", ["sarif", "junit", "github", "json"])
def test_exit_zero_keeps_the_report(repo: Path, fmt: str) -> None:
    # CI uploads the report in a step after the lint step: the lint step can pass and the upload still show findings.
    done = lint(repo, "--format", fmt, "--exit-zero", "forms")
    assert done.returncode == 0 and "W001" in done.stdout


def test_output_is_utf8_without_a_utf8_locale(repo: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "jixiao_lint", "--select", SELECT, "--format", "junit", "forms"],
                          cwd=repo, capture_output=True, env={"PATH": "/usr/bin:/bin", "LANG": "C", "LC_ALL": "C"},
                          timeout=120)
    assert "华新".encode("utf-8") in done.stdout


def _yaml_blocks(markdown: Path) -> list[str]:
    return re.findall(r"```yaml\n(.*?)```", markdown.read_text(encoding="utf-8"), flags=re.S)


def test_the_jobs_in_docs_ci_md_are_valid_yaml_and_use_these_formats() -> None:
    # The snippets are meant to be copied as they are: they must at least parse, and say what this tests.
    docs = Path(__file__).resolve().parents[2] / "docs" / "ci.md"
    blocks = [yaml.safe_load(block) for block in _yaml_blocks(docs)]
    github = next(b for b in blocks if isinstance(b, dict) and "jobs" in b)
    steps = github["jobs"]["jixiao-lint"]["steps"]
    commands = " ".join(step.get("run", "") for step in steps)
    assert "--format github" in commands and "--format sarif" in commands
    assert any(step.get("uses", "").startswith("github/codeql-action/upload-sarif") for step in steps)
    assert github["permissions"]["security-events"] == "write"
    gitlab = next(b for b in blocks if isinstance(b, dict) and "jixiao-lint" in b and "script" in b["jixiao-lint"])
    assert any("--format junit" in line for line in gitlab["jixiao-lint"]["script"])
    assert gitlab["jixiao-lint"]["artifacts"]["reports"]["junit"] == "jixiao-lint.xml"

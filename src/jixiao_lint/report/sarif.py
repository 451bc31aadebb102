"""`--format sarif`: SARIF 2.1.0, the format GitHub code scanning and IDE viewers read.

One run; the driver lists only the rules that occur, and each result points at its rule by index.
Columns are Unicode code points (`columnKind`), as in every other output. Where in the YAML a finding
is, beyond its text position, travels as a logical location `<document>#<JSON Pointer>` and, typed, in
the result's properties.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import PurePath
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from jixiao_lint.model.finding import Finding, Fix
from jixiao_lint.report.escape import json_dumps

if TYPE_CHECKING:
    from jixiao_lint.report import ReportContext

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://pypi.org/project/jixiao-lint/"
_LEVEL = {"error": "error", "warning": "warning", "info": "note"}


def render(findings: Sequence[Finding], ctx: ReportContext) -> str:
    rules = _rules(findings, ctx)
    index = {rule["id"]: i for i, rule in enumerate(rules)}
    driver: dict[str, Any] = {"name": "jixiao-lint"}
    if ctx.tool_version:
        driver["version"] = ctx.tool_version
    driver["informationUri"] = INFORMATION_URI
    driver["rules"] = rules
    log = {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": driver},
            "columnKind": "unicodeCodePoints",
            "results": [_result(finding, index[finding.rule], ctx.lang) for finding in findings],
        }],
    }
    return json_dumps(log, indent=2) + "\n"


def _rules(findings: Sequence[Finding], ctx: ReportContext) -> list[dict[str, Any]]:
    first: dict[str, Finding] = {}
    for finding in findings:
        first.setdefault(finding.rule, finding)
    rules = []
    for code in sorted(first):
        info = ctx.rules.get(code)
        # A finding from a rule the context does not describe (a user's rule, a read problem) still
        # needs an entry: its name and severity are on the finding.
        name = info.name if info else first[code].name
        rules.append({
            "id": code,
            "name": name,
            "shortDescription": {"text": info.summary(ctx.lang) if info else name},
            "defaultConfiguration": {"level": _LEVEL[info.severity if info else first[code].severity]},
        })
    return rules


def _result(finding: Finding, rule_index: int, lang: str) -> dict[str, Any]:
    uri = artifact_uri(finding.file)
    result: dict[str, Any] = {
        "ruleId": finding.rule,
        "ruleIndex": rule_index,
        "level": _LEVEL[finding.severity],
        "message": {"text": finding.message(lang)},
        "locations": [{
            "physicalLocation": {"artifactLocation": {"uri": uri}, "region": _region(finding)},
            "logicalLocations": [{"fullyQualifiedName": f"{finding.document}#{finding.path}"}],
        }],
    }
    if finding.fix is not None:
        result["fixes"] = [{
            "description": {"text": _fix_description(finding.fix, lang)},
            "artifactChanges": [{
                "artifactLocation": {"uri": uri},
                # The Fix has offsets only; its region is the finding's, which a fix replaces whole.
                "replacements": [{
                    "deletedRegion": _region(finding),
                    "insertedContent": {"text": finding.fix.replacement},
                }],
            }],
            "properties": {"applicability": finding.fix.applicability},
        }]
    result["properties"] = {"document": finding.document, "path": finding.path}
    return result


def _fix_description(fix: Fix, lang: str) -> str:
    unsafe = fix.applicability == "unsafe"
    if lang == "en":
        return f"Replace with “{fix.replacement}”" + (" (unsafe)" if unsafe else "")
    return f"替换为“{fix.replacement}”" + ("（不安全）" if unsafe else "")


def _region(finding: Finding) -> dict[str, int]:
    return {
        "startLine": finding.line,
        "startColumn": finding.column,
        "endLine": finding.end_line,
        "endColumn": finding.end_column,
    }


def artifact_uri(file: str) -> str:
    """A URI reference for a file name: relative names stay relative (code scanning resolves them
    against the checkout), with forward slashes and percent-encoding (names are often Chinese)."""
    path = PurePath(file)
    if path.is_absolute():
        return path.as_uri()
    # surrogateescape: a name that was not valid UTF-8 on disk gets its original bytes back.
    return quote(path.as_posix().encode("utf-8", "surrogateescape"), safe="/")

"""`--format json`: the array docs/cli.md fixes, one object per finding, keys in its order.

Scripts depend on this shape: add keys only at the end, never rename or reorder.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from jixiao_lint.model.finding import Finding
from jixiao_lint.report.escape import json_dumps

if TYPE_CHECKING:
    from jixiao_lint.report import ReportContext


def render(findings: Sequence[Finding], ctx: ReportContext) -> str:
    return json_dumps([as_json(finding, ctx.lang) for finding in findings], indent=2) + "\n"


def as_json(finding: Finding, lang: str) -> dict[str, Any]:
    obj: dict[str, Any] = {
        "file": finding.file,
        "document": finding.document,
        "line": finding.line,
        "column": finding.column,
        "end_line": finding.end_line,
        "end_column": finding.end_column,
        "rule": finding.rule,
        "name": finding.name,
        "severity": finding.severity,
        "message": finding.message(lang),
        "path": finding.path,
    }
    if finding.fix is not None:
        obj["fix"] = {"applicability": finding.fix.applicability, "replacement": finding.fix.replacement}
    return obj

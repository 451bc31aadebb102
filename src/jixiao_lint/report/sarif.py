"""`--format sarif`: SARIF 2.1.0, the format GitHub code scanning and IDE viewers read.

One run; the driver lists only the rules that occur, and each result points at its rule by index.
Columns are Unicode code points (`columnKind`), as in every other output. Where in the YAML a finding
is, beyond its text position, travels as a logical location `<document>#<JSON Pointer>` and, typed, in
the result's properties.

What code scanning needs of an upload: each rule's `fullDescription` and `help` (the --explain text, as
Markdown: it is shown beside the alert); each result's `partialFingerprints`, so that a second upload of
the same finding is the same alert, not a new one; and file URIs relative to the repository root under
`uriBaseId: %SRCROOT%` (declared in `originalUriBaseIds`), wherever the linter was run from.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Sequence
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from jixiao_lint.model.finding import Finding, Fix
from jixiao_lint.report.escape import json_dumps

if TYPE_CHECKING:
    from jixiao_lint.report import ReportContext

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://pypi.org/project/jixiao-lint/"
_LEVEL = {"error": "error", "warning": "warning", "info": "note"}
SRCROOT = "%SRCROOT%"
FINGERPRINT = "jixiaoLintFinding/v1"


def render(findings: Sequence[Finding], ctx: ReportContext) -> str:
    rules = _rules(findings, ctx)
    index = {rule["id"]: i for i, rule in enumerate(rules)}
    root = Path(ctx.root) if ctx.root else repository_root(Path.cwd())
    seen: dict[str, int] = {}
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
            "originalUriBaseIds": {SRCROOT: {"uri": root.as_uri().rstrip("/") + "/"}},
            "columnKind": "unicodeCodePoints",
            "results": [_result(finding, index[finding.rule], ctx, root, seen) for finding in findings],
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
        short = info.summary(ctx.lang) if info else name
        help_markdown = ctx.rule_help(code) if ctx.rule_help else None
        rules.append({
            "id": code,
            "name": name,
            "shortDescription": {"text": short},
            "fullDescription": {"text": (ctx.rule_doc(code) if ctx.rule_doc else "") or short},
            "help": {"text": help_markdown or short, "markdown": help_markdown or f"**{code} {name}**: {short}"},
            "defaultConfiguration": {"level": _LEVEL[info.severity if info else first[code].severity]},
        })
    return rules


def _result(finding: Finding, rule_index: int, ctx: ReportContext, root: Path, seen: dict[str, int]) -> dict[str, Any]:
    lang = ctx.lang
    location = artifact_location(finding.file, root)
    result: dict[str, Any] = {
        "ruleId": finding.rule,
        "ruleIndex": rule_index,
        "level": _LEVEL[finding.severity],
        "message": {"text": finding.message(lang)},
        "locations": [{
            "physicalLocation": {"artifactLocation": location, "region": _region(finding)},
            "logicalLocations": [{"fullyQualifiedName": f"{finding.document}#{finding.path}"}],
        }],
    }
    if finding.fix is not None:
        result["fixes"] = [{
            "description": {"text": _fix_description(finding.fix, lang)},
            "artifactChanges": [{
                "artifactLocation": location,
                # The Fix has offsets only; its region is the finding's, which a fix replaces whole.
                "replacements": [{
                    "deletedRegion": _region(finding),
                    "insertedContent": {"text": finding.fix.replacement},
                }],
            }],
            "properties": {"applicability": finding.fix.applicability},
        }]
    result["partialFingerprints"] = {FINGERPRINT: fingerprint(finding, location["uri"], ctx.sources.get(finding.file, ""), seen)}
    result["properties"] = {"document": finding.document, "path": finding.path}
    return result


def fingerprint(finding: Finding, uri: str, text: str, seen: dict[str, int]) -> str:
    """What makes a finding the same one in the next run: its rule, its file and the text of its line —
    not the line's number, which moves when a row is added above. The nth finding of a rule on equal
    lines of one file is told apart by its n (`hash:n`), as code scanning's own line hash does."""
    lines = text.splitlines()
    line_text = lines[finding.line - 1].strip() if 0 < finding.line <= len(lines) else ""
    digest = hashlib.sha256("\0".join((finding.rule, uri, line_text)).encode("utf-8", "surrogateescape")).hexdigest()[:32]
    seen[digest] = seen.get(digest, 0) + 1
    return f"{digest}:{seen[digest]}"


def repository_root(start: Path) -> Path:
    """The nearest directory at or above `start` holding .git (a checkout, or a worktree's .git file);
    `start` itself outside any repository."""
    start = start.resolve()
    for directory in [start, *start.parents]:
        if (directory / ".git").exists():
            return directory
    return start


def artifact_location(file: str, root: Path) -> dict[str, str]:
    """A file inside the repository: its path from the root, under %SRCROOT%; outside it: a file: URI."""
    path = Path(file)
    absolute = path if path.is_absolute() else Path(os.path.abspath(Path.cwd() / path))
    try:
        relative = absolute.relative_to(root)
    except ValueError:
        return {"uri": artifact_uri(str(absolute))}
    return {"uri": artifact_uri(relative.as_posix()), "uriBaseId": SRCROOT}


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

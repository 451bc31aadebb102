"""`--format github`: GitHub Actions workflow commands, which the runner turns into annotations on the
pull request's diff.

    ::error file=forms/a.yaml,line=41,col=13,endLine=41,endColumn=19,title=OP001 operator-direction::…

Values are escaped as the runner unescapes them (actions/toolkit, command.ts): `%`, CR and LF in the
message; additionally `:` and `,` in properties, which would otherwise end the value. Any other character
that does not print (ESC, a byte of a name that is not UTF-8) is shown as a backslash escape (escape.py):
the log is read in a browser that would take ESC sequences as colours.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from jixiao_lint.model.finding import Finding
from jixiao_lint.report.escape import shown

if TYPE_CHECKING:
    from jixiao_lint.report import ReportContext

_COMMAND = {"error": "error", "warning": "warning", "info": "notice"}


def render(findings: Sequence[Finding], ctx: ReportContext) -> str:
    return "".join(command(finding, ctx.lang) + "\n" for finding in findings)


def command(finding: Finding, lang: str) -> str:
    properties = [("file", finding.file), ("line", finding.line)]
    # GitHub refuses col/endColumn on an annotation that spans lines.
    if finding.end_line == finding.line:
        properties += [("col", finding.column), ("endLine", finding.end_line), ("endColumn", finding.end_column)]
    else:
        properties += [("endLine", finding.end_line)]
    properties.append(("title", f"{finding.rule} {finding.name}"))
    joined = ",".join(f"{key}={escape_property(str(value))}" for key, value in properties)
    return f"::{_COMMAND[finding.severity]} {joined}::{escape_data(finding.message(lang))}"


def escape_data(value: str) -> str:
    return shown(value, keep="\r\n").replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")

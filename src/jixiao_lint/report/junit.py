"""`--format junit`: JUnit XML for CI systems that show test reports (GitLab, Jenkins, Azure).

Each checked file is a test case; each error or warning on it is a <failure>, so a file passes when it
has none. Notes (severity info) do not fail a file; they are kept in its <system-out>.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from typing import TYPE_CHECKING

from jixiao_lint.model.finding import Finding
from jixiao_lint.report.escape import shown

if TYPE_CHECKING:
    from jixiao_lint.report import ReportContext

# Characters XML 1.0 cannot carry at all, even as character references: C0 controls but tab, LF and CR;
# lone surrogates; U+FFFE and U+FFFF.
_NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def render(findings: Sequence[Finding], ctx: ReportContext) -> str:
    by_file: dict[str, list[Finding]] = {file: [] for file in ctx.sources}
    for finding in findings:
        by_file.setdefault(finding.file, []).append(finding)

    suite = ET.Element("testsuite", name="jixiao-lint")
    failed = 0
    for file in sorted(by_file):
        case = ET.SubElement(suite, "testcase", classname=shown(file), name=shown(file))
        notes = []
        for finding in by_file[file]:
            message = _xml_text(finding.message(ctx.lang))
            line = f"{shown(finding.file)}:{finding.line}:{finding.column}: {finding.rule} {message}"
            if finding.severity == "info":
                notes.append(line)
                continue
            ET.SubElement(case, "failure", type=finding.rule, message=message).text = line
        if case.find("failure") is not None:
            failed += 1
        if notes:
            ET.SubElement(case, "system-out").text = "\n".join(notes)
    suite.set("tests", str(len(by_file)))
    suite.set("failures", str(failed))
    suite.set("errors", "0")
    suite.set("skipped", "0")

    root = ET.Element("testsuites", name="jixiao-lint", tests=str(len(by_file)), failures=str(failed), errors="0")
    root.append(suite)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def _xml_text(value: str) -> str:
    # Shown as escapes, not dropped: the reader sees that something was there, and what.
    return _NOT_XML.sub(lambda match: shown(match.group()), value)

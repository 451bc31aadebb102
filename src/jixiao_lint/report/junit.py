"""`--format junit`: JUnit XML for CI systems that show test reports (GitLab, Jenkins, Azure).

Each finding is a test case — classname the file, name the rule and the line, a `file` and a `line`
attribute — so the report lists every finding where the viewer lists tests; a file with no finding is
one passing case, so the report also shows what was checked. A finding fails its case when it fails the
run (severity at or above `fail_on`, default error); one below, a warning or a note, is a passing case
with its message in <system-out>, as the run that printed it passed.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from typing import TYPE_CHECKING

from jixiao_lint.model.finding import SEVERITY_RANK, Finding
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
    threshold = SEVERITY_RANK[ctx.fail_on]

    suite = ET.Element("testsuite", name="jixiao-lint")
    tests = failed = 0
    for file in sorted(by_file):
        name = _xml_text(shown(file))
        if not by_file[file]:
            ET.SubElement(suite, "testcase", classname=name, name="no findings" if ctx.lang == "en" else "未发现问题",
                          file=name)
            tests += 1
        for finding in by_file[file]:
            message = _xml_text(finding.message(ctx.lang))
            where = f"line {finding.line}" if ctx.lang == "en" else f"第 {finding.line} 行"
            case = ET.SubElement(suite, "testcase", classname=name, name=f"{finding.rule} {finding.name} {where}",
                                 file=name, line=str(finding.line))
            text = _xml_text(f"{shown(finding.file)}:{finding.line}:{finding.column}: {finding.rule} [{finding.severity}] ") + message
            tests += 1
            if SEVERITY_RANK[finding.severity] >= threshold:
                ET.SubElement(case, "failure", type=finding.rule, message=message).text = text
                failed += 1
            else:
                ET.SubElement(case, "system-out").text = text
    for attribute, value in (("tests", tests), ("failures", failed), ("errors", 0), ("skipped", 0)):
        suite.set(attribute, str(value))

    root = ET.Element("testsuites", name="jixiao-lint", tests=str(tests), failures=str(failed), errors="0")
    root.append(suite)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def _xml_text(value: str) -> str:
    # Shown as escapes, not dropped: the reader sees that something was there, and what.
    return _NOT_XML.sub(lambda match: shown(match.group()), value)

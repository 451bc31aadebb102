"""`# jixiao-lint: disable=CODE[,CODE…] reason` comments (FORMAT.md, "Suppressing a finding").

A comment silences the listed codes on its own line, or — on the line before an indicator's `- name:` —
on every line of that indicator; `disable-file=` silences them in the whole file. A suppression that
silences nothing, or names a code no rule has, is itself reported."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from jixiao_lint.model.finding import Finding
from jixiao_lint.model.form import FormFile

_DIRECTIVE = re.compile(r"#\s*jixiao-lint:\s*(disable|disable-file)\s*=\s*([A-Za-z0-9_,\s]+?)(?:\s+(.*))?$")


@dataclass
class Suppression:
    line: int
    column: int
    kind: str
    codes: list[str]
    lines: range  # the lines it covers
    used: set[str] = field(default_factory=set)


def find_suppressions(form: FormFile) -> list[Suppression]:
    if "jixiao-lint:" not in form.text:
        return []
    inside = _scalar_ranges(form)
    result = []
    lines = form.text.split("\n")
    for number, text in enumerate(lines, start=1):
        position = text.find("jixiao-lint:")
        if position == -1:
            continue
        hash_at = text.rfind("#", 0, position)
        if hash_at == -1 or (hash_at > 0 and not text[hash_at - 1].isspace()):
            continue
        offset = form.line_starts[number - 1] + hash_at
        if any(start <= offset < end for start, end in inside):
            continue  # inside a quoted or block string: text, not a comment
        match = _DIRECTIVE.match(text[hash_at:].rstrip())
        if not match:
            continue
        kind, codes = match.group(1), [c.strip() for c in match.group(2).replace(" ", ",").split(",") if c.strip()]
        if kind == "disable-file":
            covered = range(1, len(lines) + 1)
        elif not text[:hash_at].strip() and number < len(lines) and lines[number].lstrip().startswith("- "):
            covered = _item_lines(lines, number + 1)  # a comment above `- name:` covers the whole indicator
        else:
            covered = range(number, number + 1)
        result.append(Suppression(number, hash_at + 1, kind, codes, covered))
    return result


def _item_lines(lines: list[str], first: int) -> range:
    indent = len(lines[first - 1]) - len(lines[first - 1].lstrip())
    last = first
    for number in range(first + 1, len(lines) + 1):
        text = lines[number - 1]
        if not text.strip() or text.lstrip().startswith("#"):
            continue
        if len(text) - len(text.lstrip()) <= indent:
            break
        last = number
    return range(first, last + 1)


def _scalar_ranges(form: FormFile) -> list[tuple[int, int]]:
    ranges = []
    for document in form.documents:
        for pointer in document.quoted:
            span = document.value_spans[pointer]
            ranges.append((span.start, span.end))
    return ranges


def apply_suppressions(form: FormFile, findings: list[Finding], engine) -> list[Finding]:
    suppressions = find_suppressions(form)
    if not suppressions:
        return findings
    kept = []
    for finding in findings:
        silenced = False
        for s in suppressions:
            if finding.line in s.lines:
                for code in s.codes:
                    if finding.rule.startswith(code):
                        s.used.add(code)
                        silenced = True
        if not silenced:
            kept.append(finding)
    from jixiao_lint.model.finding import Finding as F

    for s in suppressions:
        for code in s.codes:
            known = any(c.startswith(code) for c in engine.rules.infos)
            if not known:
                rule, zh, en = "J002", f"抑制注释中的规则代码“{code}”不存在", f"the suppression names '{code}', which is no rule's code"
            elif code not in s.used and engine.enabled(code if code in engine.rules.infos else next(
                    c for c in engine.rules.infos if c.startswith(code))):
                rule, zh, en = "J001", f"抑制注释 disable={code} 没有抑制任何问题，请删除", f"the suppression disable={code} silences nothing; remove it"
            else:
                continue
            info = engine.rules.infos[rule]
            if engine.enabled(rule):
                kept.append(F(form.name, 0, "", s.line, s.column, s.line, s.column + 1, rule, info.name, info.severity, zh, en))
    return kept

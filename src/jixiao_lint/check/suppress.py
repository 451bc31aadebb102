"""`# jixiao-lint: disable=CODE[,CODE…] reason` comments (docs/format.md, "Suppressing a finding").

A comment silences the listed codes (or code prefixes) on its own line, or — alone on the line before a
list item such as an indicator's `- name:` — on every line of that item; `disable-file=` silences them in
the whole file. A code matches a finding the way --select does: `E00` silences E001…E009.

A suppression is itself checked, as ruff checks `# noqa`: one that silences nothing while its rule ran is
J001 (stale comments would hide the next real problem), one that names no rule, or a directive that is
not `disable`/`disable-file`, is J002 (a typo that silences nothing). Both can be silenced in turn with
`disable-file=J001`."""

from __future__ import annotations

import re

from jixiao_lint.model.finding import Finding, Fix
from jixiao_lint.model.pipeline_rules import code as pipeline_code
from jixiao_lint.model.rule import code_matches
from jixiao_lint.model.form import FormFile, child_pointer, split_lines
from jixiao_lint.records import field, record
from jixiao_lint.suggest import closest

MARKER = "jixiao-lint:"
DIRECTIVES = ("disable", "disable-file")
_UNUSED, _UNKNOWN = "unused-suppression", "unknown-suppression-code"  # rows of model/pipeline_rules.py
# `# jixiao-lint: disable=E001, E005 reason`: codes are separated by commas (spaces around them allowed);
# whatever follows the last code after a space is the reason, which may be Chinese and contain `#`.
_DIRECTIVE = re.compile(r"#\s*jixiao-lint:\s*(?P<kind>[\w-]+)\s*=\s*"
                        r"(?P<codes>[A-Za-z][A-Za-z0-9]*(?:\s*,\s*[A-Za-z][A-Za-z0-9]*)*)\s*,?(?:\s+(?P<reason>.*))?$")
_ANY_DIRECTIVE = re.compile(r"#\s*jixiao-lint:\s*(?P<kind>[\w-]*)")


@record
class Suppression:
    line: int  # 1-based, where the comment is
    column: int  # 1-based, of its `#`
    kind: str  # disable, disable-file, or what was written instead
    codes: list[str]
    lines: range  # the lines it covers
    used: set[str] = field(default_factory=set)
    reason: str = ""
    # Where the comment is, to remove it when it silences nothing: the comment itself with the blanks
    # before it, or its whole line (newline included) when the line holds nothing else.
    remove_start: int = 0
    remove_end: int = 0
    comment_start: int = 0
    comment_end: int = 0
    removed: str = ""  # the text between remove_start and remove_end, as scanned (Fix.expected)
    comment: str = ""  # the text between comment_start and comment_end, likewise


def find_suppressions(form: FormFile) -> list[Suppression]:
    if MARKER not in form.text:
        return []
    inside = _string_ranges(form)
    lines = split_lines(form.text)
    result = []
    for number, raw in enumerate(lines, start=1):
        text = raw.rstrip("\r")
        position = text.find(MARKER)
        if position == -1:
            continue
        hash_at = text.rfind("#", 0, position)
        if hash_at == -1 or (hash_at > 0 and not text[hash_at - 1].isspace()):
            continue  # YAML comments start at a line start or after a space; `a#b` is text
        offset = form.line_starts[number - 1] + hash_at if form.line_starts else 0
        if any(start <= offset < end for start, end in inside):
            continue  # inside a quoted or block string: text, not a comment
        comment = text[hash_at:].rstrip()
        match = _DIRECTIVE.match(comment)
        if match is None or match.group("kind") not in DIRECTIVES:
            kind = (match or _ANY_DIRECTIVE.match(comment)).group("kind")
            result.append(Suppression(number, hash_at + 1, kind, [], range(0)))
            continue
        kind = match.group("kind")
        codes = [c.strip().upper() for c in match.group("codes").split(",")]
        line_start = form.line_starts[number - 1] if form.line_starts else 0
        comment_start, comment_end = line_start + hash_at, line_start + len(text.rstrip())
        if text[:hash_at].strip():
            remove = (line_start + len(text[:hash_at].rstrip()), line_start + len(text))  # trailing spaces too
            removed = text[len(text[:hash_at].rstrip()):]
        else:
            remove = (line_start, min(line_start + len(raw) + 1, len(form.text)))
            removed = raw + ("" if number == len(lines) else form.text[line_start + len(raw):remove[1]])
        if kind == "disable-file":
            covered = range(1, len(lines) + 1)
        elif not text[:hash_at].strip() and number < len(lines):
            covered = _item_below(form, lines, number) or range(number, number + 1)
        else:
            covered = range(number, number + 1)
        result.append(Suppression(number, hash_at + 1, kind, codes, covered, reason=(match.group("reason") or "").strip(),
                                  remove_start=remove[0], remove_end=remove[1], comment_start=comment_start,
                                  comment_end=comment_end, removed=removed, comment=comment))
    return result


def _item_below(form: FormFile, lines: list[str], number: int) -> range | None:
    """The lines of the list item that starts on the line after a comment line, if one does."""
    below = lines[number].rstrip("\r")
    if not below.lstrip().startswith("- "):
        return None
    dash = len(below) - len(below.lstrip())
    for document in form.documents:
        for pointer, span in document.value_spans.items():
            if span.line == number + 1 and span.column == dash + 3 and pointer.rsplit("/", 1)[-1].isdigit():
                # A block mapping's span ends at the start of whatever follows it.
                last = span.end_line - 1 if span.end_column == 1 and span.end_line > span.line else span.end_line
                return range(span.line, last + 1)
    return _indented_block(lines, number + 1, dash)  # the document did not parse: go by indentation


def _indented_block(lines: list[str], first: int, indent: int) -> range:
    last = first
    for number in range(first + 1, len(lines) + 1):
        text = lines[number - 1]
        if not text.strip() or text.lstrip().startswith("#"):
            continue
        if len(text) - len(text.lstrip()) <= indent:
            break
        last = number
    return range(first, last + 1)


def _string_ranges(form: FormFile) -> list[tuple[int, int]]:
    """Where string values are written: a `#` there is text. Containers' spans include their comments, so only leaves count."""
    ranges = []
    for document in form.documents:
        stack = [("", document.data)]
        while stack:
            pointer, value = stack.pop()
            if isinstance(value, dict):
                stack.extend((child_pointer(pointer, k), v) for k, v in value.items())
            elif isinstance(value, list):
                stack.extend((f"{pointer}/{i}", v) for i, v in enumerate(value))
            elif isinstance(value, str) and pointer in document.value_spans:
                span = document.value_spans[pointer]
                if span.end_line > span.line or pointer in document.quoted:
                    ranges.append((span.start, span.end))
    return ranges


def apply_suppressions(form: FormFile, findings: list[Finding], engine) -> list[Finding]:
    suppressions = find_suppressions(form)
    if not suppressions:
        return findings
    kept = [f for f in findings if not _silence(f, suppressions)]
    infos = engine.rules.infos
    for s in suppressions:
        problems = _problems(s, infos, engine)
        fix = _removal(s, problems)
        for rule, _, zh, en in problems:
            info = infos[pipeline_code(rule)]
            finding = Finding(form.name, _document_at(form, s.line), "", s.line, s.column, s.line,
                              s.column + len(form.line_text(s.line)[s.column - 1:].rstrip()), info.code, info.name,
                              info.severity, zh, en, fix if rule == _UNUSED else None)
            if engine.enabled(info.code) and not _silence(finding, suppressions):
                kept.append(finding)
    return kept


def _removal(s: Suppression, problems: list[tuple[str, str, str, str]]) -> Fix | None:
    """The fix for a stale suppression: drop the codes that silence nothing, the whole comment if none is left.
    Safe, as ruff's for an unused `# noqa`: a comment carries no data. None while a code is unknown (J002):
    that is a typo to correct, not a comment to delete."""
    if any(rule == _UNKNOWN for rule, _, _, _ in problems):
        return None
    stale = {code for rule, code, _, _ in problems if rule == _UNUSED}
    kept = [code for code in s.codes if code not in stale]
    if not stale:
        return None
    if not kept:
        return Fix("", "safe", s.remove_start, s.remove_end, s.removed)
    reason = f" {s.reason}" if s.reason else ""
    return Fix(f"# jixiao-lint: {s.kind}={','.join(kept)}{reason}", "safe", s.comment_start, s.comment_end, s.comment)


def _silence(finding: Finding, suppressions: list[Suppression]) -> bool:
    silenced = False
    for s in suppressions:
        if finding.line in s.lines:
            for code in s.codes:
                if code_matches(code, finding.rule):
                    s.used.add(code)
                    silenced = True
    return silenced


def _problems(s: Suppression, infos, engine) -> list[tuple[str, str, str, str]]:
    """(rule's name, code, message zh, message en) for each thing wrong with a suppression."""
    if s.kind not in DIRECTIVES:
        guess = closest(s.kind, DIRECTIVES)
        hint_zh = f"；是否应为 {guess}=？" if guess else "；应写作 disable=代码 或 disable-file=代码"
        hint_en = f"; did you mean {guess}=?" if guess else "; write disable=CODE or disable-file=CODE"
        return [(_UNKNOWN, s.kind, f"无法识别的抑制注释“{s.kind or '（空）'}”{hint_zh}",
                 f"'{s.kind}' is not a suppression directive{hint_en}")]
    problems = []
    for code in s.codes:
        matching = [c for c in infos if code_matches(code, c)]
        if not matching:
            guess = closest(code, sorted(infos))
            hint_zh, hint_en = (f"；是否应为 {guess}？", f"; did you mean {guess}?") if guess else ("", "")
            problems.append((_UNKNOWN, code, f"抑制注释中的规则代码“{code}”不存在{hint_zh}",
                             f"the suppression names '{code}', which is no rule's code{hint_en}"))
        elif (code not in s.used and any(engine.enabled(c) for c in matching)
              and not code_matches(code, pipeline_code(_UNUSED))):
            # Only when the rule ran: under --select/--ignore an unused comment proves nothing. A comment
            # silencing J001 itself is judged before the findings it silences exist, so it is never "unused".
            problems.append((_UNUSED, code, f"抑制注释 {s.kind}={code} 没有抑制任何问题，请删除",
                             f"the suppression {s.kind}={code} silences nothing; remove it"))
    return problems


def _document_at(form: FormFile, line: int) -> int:
    index = 0
    for document in form.documents:
        if document.span.line <= line:
            index = document.index
    return index


def disable_on_line(line: str, code: str) -> tuple[int, int, str]:
    """The edit that silences `code` on this line: (start, end, replacement) in code points of the line.
    A line that already has a `disable=` comment gets the code added to its list (its reason kept);
    any other line gets the comment appended. Whether the line may take a comment at all (it may be
    inside a block string) is for the caller to check."""
    position = line.find(MARKER)
    hash_at = line.rfind("#", 0, position) if position != -1 else -1
    if hash_at != -1:
        match = _DIRECTIVE.match(line[hash_at:].rstrip())
        if match and match.group("kind") == "disable":
            if code in (c.strip().upper() for c in match.group("codes").split(",")):
                return hash_at, hash_at, ""  # already there: nothing to change
            end = hash_at + match.end("codes")
            return end, end, f",{code}"
    end = len(line.rstrip())
    return end, end, f"{'  ' if end else ''}# jixiao-lint: disable={code}"

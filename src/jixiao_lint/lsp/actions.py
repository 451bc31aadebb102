"""Code actions on a linted document: each finding's fix (a safe one preferred), "fix all safe", and
"disable CODE on this line". Every edit is made from the same fixes and the same suppression syntax
the CLI uses (commands/fixing.py, check/suppress.py), and a suppression comment is offered only where
re-reading the edited text gives the very same data: a `#` inside a block string would be text."""

from __future__ import annotations

from pathlib import Path

from lsprotocol import types

from jixiao_lint.check.suppress import disable_on_line, find_suppressions
from jixiao_lint.commands.fixing import fix_text
from jixiao_lint.model.rule import code_matches
from jixiao_lint.lint import FileResult
from jixiao_lint.lsp.positions import Positions
from jixiao_lint.model.finding import Finding
from jixiao_lint.model.pipeline_rules import codes as pipeline_codes
from jixiao_lint.read.yaml_tree import read_documents
from jixiao_lint.records import field, record

FIX_ALL = f"{types.CodeActionKind.SourceFixAll.value}.jixiao-lint"
# About suppression comments themselves: only disable-file= silences them.
_NOT_SUPPRESSIBLE = pipeline_codes(("unused-suppression", "unknown-suppression-code"))


@record
class Linted:
    """One lint of one version of a document, kept for the requests that follow it."""

    uri: str
    version: int | None
    text: str
    positions: Positions
    lang: str
    name: str = ""
    path: Path | None = None
    result: FileResult | None = None
    pairs: list[tuple[Finding, types.Diagnostic]] = field(default_factory=list)  # each finding with what was published
    diagnostics: list[types.Diagnostic] = field(default_factory=list)
    engine: object = None
    max_size: int = 0
    fix_all: types.CodeAction | None | bool = False  # False: not worked out yet
    rules: object = None  # the RuleSet, for hovers
    read: list | None = None  # each document's data as read, to compare an edit's with
    # The disable action of each finding (by its place in `pairs`): working one out reads the form
    # again, and an editor asks for the actions each time the cursor moves.
    disables: dict[int, types.CodeAction | None] = field(default_factory=dict)


def _overlaps(a: types.Range, b: types.Range) -> bool:
    return (a.start.line, a.start.character) <= (b.end.line, b.end.character) and \
        (b.start.line, b.start.character) <= (a.end.line, a.end.character)


def _wanted(kind: str, only: list[str] | None) -> bool:
    return only is None or any(kind == k or kind.startswith(f"{k}.") for k in only)


def code_actions(linted: Linted, params: types.CodeActionParams) -> list[types.CodeAction]:
    only = params.context.only
    actions: list[types.CodeAction] = []
    zh = linted.lang != "en"
    for number, (finding, diagnostic) in enumerate(linted.pairs):
        if not _overlaps(diagnostic.range, params.range):
            continue
        if finding.fix and _wanted(types.CodeActionKind.QuickFix, only):
            actions.append(_fix_action(linted, finding, diagnostic, zh))
        if _wanted(types.CodeActionKind.QuickFix, only) and finding.rule not in _NOT_SUPPRESSIBLE and finding.line >= 1:
            if number not in linted.disables:
                linted.disables[number] = _disable_action(linted, finding, diagnostic, zh)
            if linted.disables[number]:
                actions.append(linted.disables[number])
    if _wanted(FIX_ALL, only) and any(f.fix and f.fix.applicability == "safe" for f, _ in linted.pairs):
        if linted.fix_all is False:
            linted.fix_all = _fix_all_action(linted, zh)
        if linted.fix_all:
            actions.append(linted.fix_all)
    return actions


def _edit(linted: Linted, start: int, end: int, text: str) -> types.WorkspaceEdit:
    """A workspace edit replacing code-point offsets [start, end) of the document."""
    span = types.Range(linted.positions.at_offset(start), linted.positions.at_offset(end))
    return types.WorkspaceEdit(changes={linted.uri: [types.TextEdit(span, text)]})


def _fix_action(linted: Linted, finding: Finding, diagnostic: types.Diagnostic, zh: bool) -> types.CodeAction:
    fix = finding.fix
    safe = fix.applicability == "safe"
    if zh:
        what = f"改为“{fix.replacement}”" if fix.replacement else "删除"
        title = f"修复 {finding.rule}：{what}" + ("" if safe else "（不安全，请核对）")
    else:
        what = f"replace with '{fix.replacement}'" if fix.replacement else "remove"
        title = f"Fix {finding.rule}: {what}" + ("" if safe else " (unsafe: check it)")
    return types.CodeAction(title=title, kind=types.CodeActionKind.QuickFix, diagnostics=[diagnostic],
                            is_preferred=safe, edit=_edit(linted, fix.start_offset, fix.end_offset, fix.replacement))


def _disable_action(linted: Linted, finding: Finding, diagnostic: types.Diagnostic, zh: bool) -> types.CodeAction | None:
    """`# jixiao-lint: disable=CODE` on the finding's line; where no comment there would be read as one
    (the line ends inside a string), `disable-file=CODE` at the top of the file instead."""
    index = finding.line - 1
    line = linted.positions.line(index)
    start, end, replacement = disable_on_line(line, finding.rule)
    line_start = linted.positions.starts[index]
    if replacement and _silences(linted, line_start + start, line_start + end, replacement, finding):
        title = f"在此行禁用 {finding.rule}（{finding.name}）" if zh else f"Disable {finding.rule} ({finding.name}) on this line"
        edit = _edit(linted, line_start + start, line_start + end, replacement)
    else:
        replacement = f"# jixiao-lint: disable-file={finding.rule}\n"
        if not _silences(linted, 0, 0, replacement, finding):
            return None
        title = f"在整个文件中禁用 {finding.rule}（{finding.name}）" if zh else f"Disable {finding.rule} ({finding.name}) in this file"
        edit = _edit(linted, 0, 0, replacement)
    return types.CodeAction(title=title, kind=types.CodeActionKind.QuickFix, diagnostics=[diagnostic],
                            is_preferred=False, edit=edit)


def _silences(linted: Linted, start: int, end: int, replacement: str, finding: Finding) -> bool:
    """Whether the edited text reads as the same data and has a suppression of the finding's code
    that covers its line, as the linter will read it."""
    if linted.read is None:  # the data as written (the engine's documents have its defaults filled in)
        linted.read = [d.data for d in read_documents(linted.name, linted.text)[0].documents]
    if not linted.read:
        return False  # nothing read to compare with (the YAML does not parse): no comment is offered
    edited, _ = read_documents(linted.name, linted.text[:start] + replacement + linted.text[end:])
    if linted.read != [d.data for d in edited.documents]:
        return False
    shift = replacement.count("\n")  # a line added above moves the finding down
    return any(finding.line + shift in s.lines and any(code_matches(c, finding.rule) for c in s.codes)
               for s in find_suppressions(edited))


def _fix_all_action(linted: Linted, zh: bool) -> types.CodeAction | None:
    """Every safe fix, pass after pass as `--fix` applies them, as one edit of the changed stretch."""
    _, last, fixed, _ = fix_text(linted.name, linted.path, linted.text.encode("utf-8", "surrogatepass"),
                              linted.engine, unsafe=False, max_size=linted.max_size)
    new = last.form.text
    if not fixed or new == linted.text:
        return None
    old = linted.text
    head = 0
    limit = min(len(old), len(new))
    while head < limit and old[head] == new[head]:
        head += 1
    tail = 0
    while tail < limit - head and old[len(old) - 1 - tail] == new[len(new) - 1 - tail]:
        tail += 1
    title = f"修复所有可安全修复的问题（{fixed} 处）" if zh else f"Fix all safe fixes ({fixed})"
    return types.CodeAction(title=title, kind=FIX_ALL,
                            edit=_edit(linted, head, len(old) - tail, new[head:len(new) - tail]))

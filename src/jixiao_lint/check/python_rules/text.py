"""Words in any text cell of a document: template prompts left in (X003) and misspellings (X006).

Why Python: these look at every text cell of a document wherever it is — names, goals, summaries,
basis, report sections, score-table claims — and point at the word inside the cell; a rule in the
language iterates one collection and points at whole fields.
"""

from __future__ import annotations

import re
from typing import Any, Iterator

from jixiao_lint.check import lexicons
from jixiao_lint.check.python_rules import Hit, python_rule
from jixiao_lint.model.form import Document, child_pointer

_WHY = "it reads every text cell of a document, wherever it is, and points at the word inside the cell"
_HEAD = "kind: target-declaration\nyear: 2024\norganization: 磁器口街道\n"


def _text_cells(document: Document) -> list[tuple[str, str | int, str]]:
    """(pointer of the container, key, text) of every string value; `kind` is a keyword, not text. The
    cell's own pointer is built (`child_pointer`) only where there is a finding: a document has hundreds
    of cells and a finding or two. Walked once per document for the rules that read every cell."""
    cells = document.derived.get("text_cells")
    if cells is None:
        cells = document.derived["text_cells"] = list(_walk_text_cells(document))
    return cells


def _walk_text_cells(document: Document) -> Iterator[tuple[str, str | int, str]]:
    # (Findings are sorted by position later, so the walk's order is free.)
    stack: list[tuple[str, Any]] = [("", document.data)]
    while stack:
        pointer, value = stack.pop()
        for key, child in (value.items() if type(value) is dict else enumerate(value)):
            kind = type(child)
            if kind is str:
                if child.strip() and not (key == "kind" and pointer == ""):
                    yield pointer, key, child
            elif kind is dict or kind is list:
                stack.append((child_pointer(pointer, key), child))


def _fixable_in_place(document: Document, pointer: str, text: str) -> bool:
    """A replacement inside a cell is safe only where the cell is written on one line as it reads (no
    escapes, no folding); elsewhere the finding points at the whole cell and offers no fix."""
    span = document.value_spans.get(pointer)
    return (span is not None and span.line == span.end_line and "\n" not in text
            and not any(c in text for c in "\\\"'"))


@lexicons.derived
def _placeholders() -> tuple[tuple[tuple[Any, str], ...], re.Pattern[str]]:
    """Each pattern with what it means, and one pattern matching wherever any of them does."""
    entries = lexicons.load("placeholders")
    try:
        any_of = re.compile("|".join(f"(?:{entry['pattern']})" for entry in entries) or "(?!)")
    except re.error:  # patterns that cannot be joined (a global flag, a repeated group name): try each
        any_of = re.compile("")
    else:  # each pattern is compiled when a cell first matches the joined one (most forms: never)
        return tuple((_Lazy(entry["pattern"]), entry["means"]) for entry in entries), any_of
    return tuple((re.compile(entry["pattern"]), entry["means"]) for entry in entries), any_of


class _Lazy:
    """A pattern compiled on its first use: compiling a lexicon's patterns twice, joined and each
    alone, was a tenth of a small form's start-up."""

    __slots__ = ("source", "compiled")

    def __init__(self, source: str):
        self.source, self.compiled = source, None

    def finditer(self, text: str):
        if self.compiled is None:
            self.compiled = re.compile(self.source)
        return self.compiled.finditer(text)


@lexicons.derived
def _misspellings() -> tuple[re.Pattern[str] | None, dict[str, list[str]]]:
    table = {wrong: [right] if isinstance(right, str) else list(right)
             for wrong, right in (lexicons.load("misspellings") or {}).items()}
    if not table:
        return None, {}
    words = sorted(table, key=len, reverse=True)
    return re.compile("|".join(re.escape(w) for w in words)), table


@python_rule("X003", "template-placeholder", "error", "模板占位文字未删除", "template placeholder left in a cell",
             why=_WHY,
             doc="表格模板里的填表说明和占位文字（`请结合…说明…`、`（填写…）`、`XXX`、`××`、`单击此处输入文字`）"
                 "留在了单元格里：这一栏实际没有填写。应填入真实内容，删去提示。"
                 "识别的写法见 rules/lexicons/placeholders.yaml。",
             doc_en="A form template's instructions and placeholder text (`请结合…说明…` \"explain…, in the light of…\", "
                    "`（填写…）` \"(fill in…)\", `XXX`, `××`, `单击此处输入文字` \"click here to enter text\") is left in the cell: "
                    "that column was not really filled in. Enter the real content and delete the prompt. The wordings "
                    "recognised are in rules/lexicons/placeholders.yaml.",
             passing=_HEAD + "summary: 购置3台电脑，2台打印机。\n",
             failing=_HEAD + "summary: 请结合项目实际情况说明资金用途。  # expect: X003\n"
                     "project: XXX项目  # expect: X003\n")
def template_placeholder(document: Document, settings: dict) -> Iterator[Hit]:
    patterns, any_of = _placeholders()
    for container, key, text in _text_cells(document):
        if any_of.search(text) is None:  # one pass over the cell for all patterns; most cells hold none
            continue
        pointer = child_pointer(container, key)
        for pattern, means in patterns:
            for match in pattern.finditer(text):
                found = match.group(0)
                yield Hit(pointer, f"单元格中留有模板的{means}“{found}”：应填入实际内容",
                          f"the cell still holds the template's prompt '{found}': fill in the real content",
                          inner=(match.start(), match.end()))


@python_rule("X006", "misspelling", "warning", "错别字", "misspelt word", fixable=True, why=_WHY,
             doc="常见错别字（`恶增长率`、`再接再励`、`拔付`）。词表 rules/lexicons/misspellings.yaml 仿 codespell："
                 "改法唯一的给出安全修复（只改字形），可能有几种改法的列出供选择，不自动修改。"
                 "只收在任何上下文中都错的词，词表可扩充。",
             doc_en="Common misspellings (`恶增长率`, `再接再励`, `拔付`). The word list rules/lexicons/misspellings.yaml works "
                    "like codespell's: a word with a single correction gets a safe fix (only the characters change), "
                    "and one that may be corrected several ways lists them to choose from, without changing anything. "
                    "Only words that are wrong in any context are listed; the list can be extended.",
             passing=_HEAD + "summary: 再接再厉，做好资金拨付。\n",
             failing=_HEAD + "summary: 再接再励，做好资金拨付。  # expect: X006\n")
def misspelling(document: Document, settings: dict) -> Iterator[Hit]:
    pattern, table = _misspellings()
    cells = _text_cells(document)
    # The words are literal: none is in any cell unless one is in all the cells put together (most forms).
    if pattern is None or pattern.search("\n".join(text for _, _, text in cells)) is None:
        return
    for container, key, text in cells:
        for match in pattern.finditer(text):
            pointer = child_pointer(container, key)
            wrong, rights = match.group(0), table[match.group(0)]
            if len(rights) == 1:
                right = rights[0]
                fix = right if _fixable_in_place(document, pointer, text) else None
                yield Hit(pointer, f"“{wrong}”是错别字，应为“{right}”", f"'{wrong}' is misspelt: '{right}'",
                          fix, "safe" if fix is not None else None, inner=(match.start(), match.end()))
            else:
                choices = "”或“".join(rights)
                yield Hit(pointer, f"“{wrong}”是错别字，应为“{choices}”", f"'{wrong}' is misspelt: '{choices}'?",
                          inner=(match.start(), match.end()))

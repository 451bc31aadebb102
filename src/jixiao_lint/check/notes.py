"""The notes of a cell as the rules see them (`for note in notes(indicator.target)`), and the words for
the kinds of note still reported from Python.

The parsers say what is off and where; the rules say it. A rule of the language words its notes itself
(rules/expressions.rules); the table here words the kinds reported from Python, `{field}` filled from the
note's data: E005's (check/python_rules/expressions.py) and C004's (through name_path_problem,
rules/categories.rules).
"""

from __future__ import annotations

from typing import Any

# kind → (Chinese, English)
WORDING: dict[str, tuple[str, str]] = {
    # E005 badly-typed-number
    "full-width-minus": ("负号应为半角：`{written}` 应写作 `-`", "the minus sign `{written}` is not `-`: write `-`"),
    "badly-typed-number": ("数字书写不规范：`{written}` 应写作 `{digits}`", "badly typed number `{written}`: write `{digits}`"),
    "full-width-percent": ("百分号应为半角：`％` 应写作 `%`", "full-width percent sign: write `%`"),
    "percent-in-number": ("数值中不应带 `{written}`：写作 `{digits}`", "a number cell holds no `{written}`: write `{digits}`"),
    "unit-in-number": ("数值中不应带单位 `{written}`：单位写在计量单位栏",
                       "a number cell holds no unit `{written}`: put the unit in the unit column"),
    # C004 malformed-name-path
    "name-missing": ("指标名称路径缺少指标名：`{written}` 后应写出三级指标名称", "the name path `{written}` has categories but no name"),
    "missing-separator": ("指标名称路径缺少分隔符：应写作 `{path}`", "the name path misses a separator after `{form}`: write `{path}`"),
    "category-elsewhere": ("二级指标 `{written}` 属于 `{parent}`，不属于 `{level1}`",
                           "level-2 category `{written}` belongs to `{parent}`, not `{level1}`"),
    "unknown-level1": ("一级指标 `{written}` 不在指标体系中（可用：{known_zh}）",
                       "level-1 category `{written}` is not in the taxonomy (known: {known_en})"),
    "unknown-level2": ("二级指标 `{written}` 不在指标体系中（`{under}` 下可用：{known_zh}）",
                       "level-2 category `{written}` is not in the taxonomy under `{under}` (known: {known_en})"),
}  # fmt: skip


def wording(kind: str, data: dict[str, Any]) -> tuple[str, str]:
    """The Chinese and English message for a note or an ExpressionError of this kind."""
    if "known" in data:
        data = {**data, "known_zh": "、".join(data["known"]), "known_en": ", ".join(data["known"])}
    zh, en = WORDING[kind]
    return zh.format(**data), en.format(**data)


def note_items(owners: list, field: str) -> list:
    """The items of `for note in notes(item.FIELD)`: one per note the parser makes of that cell of each
    item, a record of its kind, span, replacement and data, with its `owner` item, at the cell's place.
    A target is read as a target (a YAML number too: `95` lacks its operator; a target left null reads as
    empty), an actual, a name or any other field only when written as text. A cell that cannot be read
    has one note, its ExpressionError (a kind of GARBLED, EMPTY or UNREADABLE, parse/expression.py), with
    the operator the parser guessed as its `suggestion` and no replacement."""
    from jixiao_lint.check.domain.categories import read_name_path
    from jixiao_lint.check.functions import parsed
    from jixiao_lint.check.values import Ref

    role = field if field in ("target", "actual") else "name" if field == "name" else "number"
    items = []
    for owner in owners:
        cell = owner.child(field)
        text = cell.value
        if type(text) is not str:
            if role != "target" or (text is None and not (type(owner.value) is dict and field in owner.value)):
                continue
            text = "" if text is None else str(text)
        if role == "name":
            notes = read_name_path(text).notes
        else:
            reading, error = parsed(role, text)
            if error is not None:
                record = {**error.data, "kind": error.kind, "start": error.start, "end": error.end,
                          "replacement": None, "suggestion": error.suggestion, "owner": owner}
                items.append(Ref(owner.document, cell.pointer, record))
                continue
            notes = reading.notes
        for note in notes:
            record = {**note.data, "kind": note.kind, "start": note.start, "end": note.end,
                      "replacement": note.replacement, "owner": owner}
            items.append(Ref(owner.document, cell.pointer, record))
    return items

"""The words for what the parsers note about a cell: one entry per kind of Note or ExpressionError
(parse/expression.py, parse/names.py), `{field}` filled from the note's data.

The parsers say what is off and where; the rules say it. A rule of the language words its notes itself
(rules/expressions.rules: E001, E007 and SC009); these are the words of
the kinds still reported from Python, several kinds to one code (check/python_rules/expressions.py for
E002–E005, E008; C004 through name_path_problem in rules/categories.rules).
"""

from __future__ import annotations

from typing import Any

# kind → (Chinese, English)
WORDING: dict[str, tuple[str, str]] = {
    # E002 garbled-operator
    "garbled-operator": ("`{written}` 不是运算符，应写 ≥、≤、=、> 或 <", "`{written}` is not an operator: write ≥, ≤, =, > or <"),
    "garbled-operator-guessed": ("`{written}` 不是运算符，可能应为 `{suggestion}`",
                                 "`{written}` is not an operator; likely `{suggestion}`"),
    "contradictory-operators": ("运算符前后矛盾：`{written}` 与 `{suffix}`", "contradictory operators `{written}` and `{suffix}`"),
    # E003 missing-operator
    "missing-operator": ("缺少运算符：`{written}` 前应写明 ≥、≤ 或 =", "missing operator before `{written}`: write ≥, ≤ or ="),
    "missing-qualitative-mark": ("缺少指标性质：定性表述应写作 `定性 {wording}`", "missing 定性 before a wording: write `定性 {wording}`"),
    # E004 empty-target
    "empty-value": ("指标值为空", "the value is empty"),
    "placeholder": ("指标值为空：`{written}` 只是占位符", "the value is empty: `{written}` is a placeholder"),
    "qualitative-without-wording": ("定性指标缺少指标值：应写作 `定性 良好` 这样的等级或表述",
                                    "qualitative target without its wording: write e.g. `定性 良好`"),
    "nothing-after-operator": ("指标值为空：`{written}` 后缺少数值", "the value is empty: nothing after `{written}`"),
    # E005 badly-typed-number
    "full-width-minus": ("负号应为半角：`{written}` 应写作 `-`", "the minus sign `{written}` is not `-`: write `-`"),
    "badly-typed-number": ("数字书写不规范：`{written}` 应写作 `{digits}`", "badly typed number `{written}`: write `{digits}`"),
    "full-width-percent": ("百分号应为半角：`％` 应写作 `%`", "full-width percent sign: write `%`"),
    "percent-in-number": ("数值中不应带 `{written}`：写作 `{digits}`", "a number cell holds no `{written}`: write `{digits}`"),
    "unit-in-number": ("数值中不应带单位 `{written}`：单位写在计量单位栏",
                       "a number cell holds no unit `{written}`: put the unit in the unit column"),
    # E008 unreadable-target
    "ambiguous-comma": ("`{written}` 中的逗号不在千分位上，无法确定数值",
                        "the comma in `{written}` is not a thousands separator; the number is ambiguous"),
    "too-many-digits": ("`{written}` 位数过多", "`{written}` has too many digits"),
    "tolerance-above": ("`{written}` 无法读出：误差范围只能“以内”", "`{written}` cannot be read: a tolerance is a bound within, not above"),
    "range-units-differ": ("区间两端单位不一致：`{low_unit}` 与 `{high_unit}`",
                           "the ends of the range have different units: `{low_unit}` and `{high_unit}`"),
    "incomplete-value": ("指标值不完整：`{written}` 后缺少内容", "incomplete value: something is missing after `{written}`"),
    "unexpected-text": ("无法识别的指标值：`{written}` 处有误", "cannot read the value: unexpected `{written}`"),
    "not-a-number": ("不是数值：`{written}`", "not a number: `{written}`"),
    "unreadable-number": ("不是数值：`{written}` 处无法识别", "not a number: cannot read `{written}`"),
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
    if kind == "number-expected":  # a number cell that reads as an empty or garbled value
        zh, en = wording(data["reason"], data)
        return f"不是数值：{zh}", f"not a number: {en}"
    if "known" in data:
        data = {**data, "known_zh": "、".join(data["known"]), "known_en": ", ".join(data["known"])}
    zh, en = WORDING[kind]
    return zh.format(**data), en.format(**data)


def note_items(owners: list, field: str) -> list:
    """The items of `for note in notes(item.FIELD)`: one per note the parser makes of that cell of each
    item, a record of its kind, span, replacement and data, with its `owner` item, at the cell's place.
    A target is read as a target (a YAML number too: `95` lacks its operator), an actual, a name or any
    other field only when written as text; a cell that cannot be read has no notes (its error is E002,
    E004 or E008's)."""
    from jixiao_lint.check.domain.categories import read_name_path
    from jixiao_lint.check.functions import parsed
    from jixiao_lint.check.values import Ref

    role = field if field in ("target", "actual") else "name" if field == "name" else "number"
    items = []
    for owner in owners:
        cell = owner.child(field)
        text = cell.value
        if type(text) is not str:
            if role != "target" or text is None:
                continue
            text = str(text)
        if role == "name":
            notes = read_name_path(text).notes
        else:
            reading = parsed(role, text)[0]
            notes = reading.notes if reading is not None else ()
        for note in notes:
            record = {**note.data, "kind": note.kind, "start": note.start, "end": note.end,
                      "replacement": note.replacement, "owner": owner}
            items.append(Ref(owner.document, cell.pointer, record))
    return items

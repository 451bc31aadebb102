"""Findings the expression grammar makes while reading targets and numbers written as text.

Why Python still (E001, E007 and SC009 are rules/expressions.rules, over `notes(…)`): one code here reports
notes of several kinds, each in its own words (check/notes.py), and the language has one message per
rule; E002 and E003 word their suggestion by the indicator's polarity; E005 walks every number-typed
field the schema has, by a plan per shape, where the language iterates named collections.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Any, Iterator

from jixiao_lint.check import lexicons
from jixiao_lint.check.notes import wording
from jixiao_lint.check.python_rules import Hit, python_rule
from jixiao_lint.model.form import Document, child_pointer
from jixiao_lint.parse.expression import EMPTY, GARBLED

# The kinds of note each rule here reports (parse/expression.py; an unreadable value is an
# ExpressionError of a kind in GARBLED → E002, EMPTY → E004, any other → E008).
_KINDS = {
    "E003": frozenset({"missing-operator", "missing-qualitative-mark"}),
    "E005": frozenset({"full-width-minus", "badly-typed-number", "full-width-percent", "percent-in-number",
                       "unit-in-number"}),
}  # fmt: skip


# check.functions (which imports every domain module) and the schema are imported when a check first
# runs, not when the rule is declared: a run the results cache answers whole declares rules, runs none.
def parsed(kind: str, text: str):
    global parsed
    from jixiao_lint.check.functions import parsed
    return parsed(kind, text)


def schema_at(kind, shape):
    global schema_at
    from jixiao_lint.schema.validate import schema_at
    return schema_at(kind, shape)


_WHY = ("one code reports notes of several kinds, each in its own words (check/notes.py), and a rule of the "
        "language has one message")
_HEAD = "kind: self-evaluation\nyear: 2023\norganization: 华新街街道办事处\nindicators:\n  - name: 清扫保洁面积\n    unit: 万平方米\n"


def _targets(document: Document) -> list[tuple[int, dict, Any, Any, Any]]:
    """(position, indicator, target, its reading, its error) of every indicator with a target: read
    once per document for all the rules here. The path is spelled out only for a finding
    (`/indicators/{i}`)."""
    readings = document.derived.get("targets")
    if readings is None:
        readings = document.derived["targets"] = [
            (i, indicator, indicator["target"], *_parse_target(indicator["target"]))
            for i, indicator in enumerate(document.data.get("indicators") or [])
            if isinstance(indicator, dict) and "target" in indicator]
    return readings


def _parse_target(text: Any):
    if text is None:
        text = ""
    return parsed("target", str(text) if not isinstance(text, str) else text)


def _note_hits(path: str, notes, code: str, applicability: str = "safe") -> Iterator[Hit]:
    kinds = _KINDS[code]
    for note in notes:
        if note.kind in kinds:
            yield Hit(path, *wording(note.kind, note.data), note.replacement,
                      applicability if note.replacement is not None else None, inner=(note.start, note.end))


@python_rule("E002", "garbled-operator", "error", "运算符无法识别", "unreadable operator", why=_WHY,
             doc="运算符位置上是 PDF/OCR 转换留下的乱码（`$\\forall$`、`$\\Rightarrow$`、`<b></b>`、`═`、`→`）。"
                 "报告给出最可能的运算符（按指标的正向/反向），作为不安全修复。",
             passing=_HEAD + "    target: ≥ 50\n", failing=_HEAD + "    target: $\\forall$ 50  # expect: E002\n")
def garbled_operator(document: Document, settings: dict) -> Iterator[Hit]:
    for i, indicator, target, _, error in _targets(document):
        if error is not None and error.kind in GARBLED:
            suggestion, (message_zh, message_en) = error.suggestion, wording(error.kind, error.data)
            direction = _operator_for(indicator)
            if direction and suggestion != "=":  # the glyph's guess for a bound is "the commonest"; the name knows
                written = str(target)[error.start:error.end]
                suggestion = direction
                message_zh = f"`{written}` 不是运算符；按指标方向应为 `{direction}`"
                message_en = f"`{written}` is not an operator; by the indicator's direction, `{direction}`"
            yield Hit(f"/indicators/{i}/target", message_zh, message_en, suggestion,
                      "unsafe" if suggestion else None, inner=(error.start, error.end))


@python_rule("E003", "missing-operator", "error", "指标值缺少运算符", "target without an operator", why=_WHY,
             doc="只写了一个值（`12次`、`95`），看不出是“不少于”还是“不超过”，得分无法判断。"
                 "建议的运算符取决于指标方向：正向指标 `≥`，反向指标 `≤`（不安全修复）。",
             passing=_HEAD + "    target: ≥ 50\n", failing=_HEAD + "    target: 50  # expect: E003\n")
def missing_operator(document: Document, settings: dict) -> Iterator[Hit]:
    for i, indicator, target, reading, _ in _targets(document):
        if reading is None or reading.operator is not None:
            continue
        # A wording with no number (效果明显, 及时) lacks 定性, not ≥ or ≤: the grammar's note says so and
        # carries the fix. Unsafe: it declares the indicator qualitative, which the clerk should confirm.
        if _only_a_unit(reading):
            continue  # E004: the value was never filled in
        marks = [note for note in reading.notes if note.kind in _KINDS["E003"]] if reading.wording is not None else []
        if marks:
            yield from _note_hits(f"/indicators/{i}/target", marks, "E003", "unsafe")
            continue
        suggestion = _operator_for(indicator)
        start, end = reading.value_span or (0, len(str(target)))
        message_zh = f"指标值“{target}”没有运算符" + (f"；按指标方向应为 {suggestion} {target}" if suggestion else "；请写明 ≥、≤ 或 =")
        message_en = f"target '{target}' has no operator" + (f"; by the indicator's direction: {suggestion} {target}" if suggestion else "; write ≥, ≤ or =")
        yield Hit(f"/indicators/{i}/target", message_zh, message_en, f"{suggestion} " if suggestion else None,
                  "unsafe" if suggestion else None, inner=(start, start))


@python_rule("E004", "empty-target", "error", "指标值为空", "empty target", why=_WHY,
             doc="`target` 为空或只有空白：指标没有目标就无法评分。",
             passing=_HEAD + "    target: ≥ 50\n", failing=_HEAD + "    target: ''  # expect: E004\n")
def empty_target(document: Document, settings: dict) -> Iterator[Hit]:
    for i, _, target, reading, error in _targets(document):
        if error is not None and error.kind in EMPTY:
            yield Hit(f"/indicators/{i}/target", *wording(error.kind, error.data))
        elif _only_a_unit(reading):
            # A template's cell with its unit printed and the number never filled in (公里, 万人).
            yield Hit(f"/indicators/{i}/target", f"指标值为空：只写了计量单位 `{reading.wording}`，缺少数值",
                      f"the value is empty: only the unit `{reading.wording}` is written, no number")


def _only_a_unit(reading) -> bool:
    from jixiao_lint.check.domain.units import lookup

    return reading is not None and reading.wording is not None and lookup(reading.wording) is not None


@python_rule("E008", "unreadable-target", "error", "指标值无法解析", "target that cannot be read", why=_WHY,
             doc="`target` 既不是“运算符 + 数值”，也不是区间或“定性 …”，语法无法读出它的含义。",
             passing=_HEAD + "    target: ≥ 50\n", failing=_HEAD + "    target: ≥ 很多  # expect: E008\n")
def unreadable_target(document: Document, settings: dict) -> Iterator[Hit]:
    for i, _, _, _, error in _targets(document):
        if error is not None and error.kind not in GARBLED and error.kind not in EMPTY:
            yield Hit(f"/indicators/{i}/target", *wording(error.kind, error.data), inner=(error.start, error.end))


@python_rule("E005", "badly-typed-number", "warning", "数字书写不规范", "badly typed number", fixable=True, why=_WHY,
             doc="写成文字的数字中夹着 OCR 留下的空格、千分位逗号或全角数字（`\"54. 36\"`、`\"87, 599, 029. 86\"`、`\"９５\"`）。"
                 "能读出数值，但应改成普通数字（安全修复：数值不变）。",
             passing=_HEAD + "    target: ≥ 50\n    weight: 3\n",
             failing=_HEAD + "    target: ≥ 50\n    weight: \"3. 0\"  # expect: E005\n")
def badly_typed_number(document: Document, settings: dict) -> Iterator[Hit]:
    for path, value in _number_cells(document):
        number, _ = parsed("number", value)
        if number is None:
            continue  # not a number at all: the schema says so (S003)
        for note in number.notes:
            if note.kind in _KINDS["E005"]:
                tidy = _tidy_number(value)
                if tidy is not None and float(tidy) == number.value:
                    # As written less the stray spaces and separators, in the quotes the author chose:
                    # "98. 80" → "98.80", the written decimals kept.
                    yield Hit(path, *wording(note.kind, note.data), tidy, "safe")
                else:
                    yield Hit(path, *wording(note.kind, note.data), _plain_number(number.value, value),
                              "safe", part="raw")
                break
    for i, indicator, _, expression, _ in _targets(document):
        if expression is not None and expression.notes:
            yield from _note_hits(f"/indicators/{i}/target", expression.notes, "E005")
        if isinstance(indicator.get("actual"), str):
            actual = _parse_actual(indicator["actual"])
            if actual is not None and actual.notes:
                yield from _note_hits(f"/indicators/{i}/actual", actual.notes, "E005")


def _parse_actual(text: str):
    return parsed("actual", text)[0]


def _operator_for(indicator: dict) -> str | None:
    name = indicator.get("name")
    polarity = lexicons.polarity(name) if isinstance(name, str) else None
    return {"positive": "≥", "negative": "≤"}.get(polarity)


def _tidy_number(written: str) -> str | None:
    """A number typed badly, typed well: full-width digits and points made ASCII, spaces and thousands
    separators dropped, every digit kept (`"87, 599, 029. 86"` → `87599029.86`, `"９５"` → `95`); None when
    what is left is not a plain decimal (a percentage, a sign spelt out)."""
    text = re.sub(r"[\s,]", "", unicodedata.normalize("NFKC", written))
    return text if re.fullmatch(r"[-+]?\d+(\.\d+)?", text) else None


def _plain_number(value: float, written: str) -> str:
    if float(value).is_integer() and "." not in written.replace("．", "."):
        return str(int(value))
    return repr(float(value)) if len(repr(float(value))) < 20 else f"{value:.10g}"


def _number_cells(document: Document) -> Iterator[tuple[str, str]]:
    """Every number-typed field (by the schema) that was written as text."""
    kind = document.data.get("kind")
    kind = kind if isinstance(kind, str) else None  # a list or mapping here is the schema's to report
    # (container, its pointer, its shape: the path with every list position 0, which the schema answers by)
    stack: list[tuple[Any, str, tuple]] = [(document.data, "", ())]
    while stack:
        value, pointer, shape = stack.pop()
        if type(value) is list:
            numbers, deeper = _is_number_field(kind, (*shape, 0)), _holds_numbers(kind, (*shape, 0))
            for i, child in enumerate(value):
                if type(child) is str:
                    if numbers:
                        yield child_pointer(pointer, i), child
                elif deeper and (type(child) is dict or type(child) is list):
                    stack.append((child, child_pointer(pointer, i), (*shape, 0)))
            continue
        # A mapping: only the fields the schema makes numbers and those that can hold some below them;
        # where the schema takes any key (budget_breakdown), each key is asked.
        names, deeper_names = _mapping_plan(kind, shape)
        for key in value if names is None else names:
            child = value.get(key)
            if type(child) is str and (names is not None or _is_number_field(kind, (*shape, key))):
                yield child_pointer(pointer, key), child
        for key in value if deeper_names is None else deeper_names:
            child = value.get(key)
            if (type(child) is dict or type(child) is list) and (deeper_names is not None or _holds_numbers(kind, (*shape, key))):
                stack.append((child, child_pointer(pointer, key), (*shape, key)))


@lru_cache(maxsize=1024)
def _mapping_plan(kind: Any, shape: tuple) -> tuple[tuple[str, ...] | None, tuple[str, ...] | None]:
    """The names of a mapping's number fields and of its fields that can hold some, by the schema;
    None for both where it takes any key."""
    schema = schema_at(kind, list(shape)) or {}
    if isinstance(schema.get("additionalProperties"), dict):
        return None, None
    names = schema.get("properties", {})
    return (tuple(n for n in names if _is_number_field(kind, (*shape, n))),
            tuple(n for n in names if _holds_numbers(kind, (*shape, n))))


@lru_cache(maxsize=1024)
def _holds_numbers(kind: Any, shape: tuple) -> bool:
    """Whether a container at this shape can hold a number-typed field at any depth: where the schema
    has none (names, goals, report sections) the walk does not go."""
    schema = schema_at(kind, list(shape))
    if not schema:
        return False
    fields: list[str | int] = [*schema.get("properties", {})]
    if isinstance(schema.get("additionalProperties"), dict):
        fields.append("\x00")  # no property has this name: it asks what any other key is
    if "items" in schema:
        fields.append(0)
    return any(_is_number_field(kind, (*shape, f)) or _holds_numbers(kind, (*shape, f)) for f in fields)


@lru_cache(maxsize=1024)
def _is_number_field(kind: Any, shape: tuple) -> bool:
    """By the schema; list positions are all 0, so every row of a table shares one answer."""
    schema = schema_at(kind, list(shape))
    return bool(schema) and any(option.get("type") == "number" for option in schema.get("anyOf", []))

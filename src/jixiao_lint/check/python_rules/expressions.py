"""E005: numbers written badly, in targets, actuals and every number-typed field written as text.

Why Python still (the other expression rules are rules/expressions.rules, over `notes(…)`): E005 walks
every number-typed field the schema has, by a plan per shape, where the language iterates the notes of
one field of one collection; and its fix for a number cell is the number retyped (`"87, 599, 029. 86"` →
`"87599029.86"`), or the cell rewritten as a YAML number, not one note's replacement.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Any, Iterator

from jixiao_lint.check.notes import wording
from jixiao_lint.check.python_rules import Hit, python_rule
from jixiao_lint.model.form import Document, child_pointer

# The kinds of note E005 reports (parse/expression.py).
_KINDS = frozenset({"full-width-minus", "badly-typed-number", "full-width-percent", "percent-in-number",
                    "unit-in-number"})


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


_WHY = ("it walks every number-typed field by the schema, where the language iterates one field of one "
        "collection, and fixes a number cell by retyping the whole number")
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


def _note_hits(path: str, notes) -> Iterator[Hit]:
    for note in notes:
        if note.kind in _KINDS:
            yield Hit(path, *wording(note.kind, note.data), note.replacement,
                      "safe" if note.replacement is not None else None, inner=(note.start, note.end))


@python_rule("E005", "badly-typed-number", "warning", "数字书写不规范", "badly typed number", fixable=True, why=_WHY,
             doc="写成文字的数字中夹着 OCR 留下的空格、千分位逗号或全角数字（`\"54. 36\"`、`\"87, 599, 029. 86\"`、`\"９５\"`）。"
                 "能读出数值，但应改成普通数字（安全修复：数值不变）。",
             doc_en="A number written as text carries the spaces, thousands separators or full-width digits OCR left "
                    "in it (`\"54. 36\"`, `\"87, 599, 029. 86\"`, `\"９５\"`), a full-width minus or percent sign, or a "
                    "unit in a number cell. It reads, but should be typed as a plain number (safe fix: the value "
                    "stays the same).",
             passing=_HEAD + "    target: ≥ 50\n    weight: 3\n",
             failing=_HEAD + "    target: ≥ 50\n    weight: \"3. 0\"  # expect: E005\n")
def badly_typed_number(document: Document, settings: dict) -> Iterator[Hit]:
    for path, value in _number_cells(document):
        number, _ = parsed("number", value)
        if number is None:
            continue  # not a number at all: the schema says so (S003)
        for note in number.notes:
            if note.kind in _KINDS:
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
            yield from _note_hits(f"/indicators/{i}/target", expression.notes)
        if isinstance(indicator.get("actual"), str):
            actual = _parse_actual(indicator["actual"])
            if actual is not None and actual.notes:
                yield from _note_hits(f"/indicators/{i}/actual", actual.notes)


def _parse_actual(text: str):
    return parsed("actual", text)[0]


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

"""The notes of a cell as the rules see them: `for note in notes(indicator.target)` reads one field of
each item, and `for cell in expression_cells` + `for note in notes(cell)` every cell of a document the
expression grammar reads (rules/expressions.rules, E005).

The parsers say what is off and where (a kind, a span, a replacement and the kind's data); the rules say
it, in their own words. Nothing here words a note.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Any

from jixiao_lint.check.values import Ref

class NoteRecord(dict):
    """A note as a rule reads it: a finding `at` one is at its span inside the cell (engine.py)."""

    __slots__ = ()


def expression_cells(document: Ref) -> list[Ref]:
    """Every cell of a document the expression grammar reads: each indicator's target (as written, a YAML
    number or null too, as `notes(indicator.target)` reads it), each actual written as text, and every field
    the form schema types as a number that is written as text (`weight: "3. 0"`, a report's
    `budget.initial`, any key of `budget_breakdown`). A cell is the Ref of its place; its role is told by
    where it stands (_role)."""
    data = document.value
    cells: list[Ref] = []
    kind = data.get("kind")
    kind = kind if isinstance(kind, str) else None  # a list or mapping here is the schema's to report
    # (container, its Ref, its shape: the path with every list position 0, which the schema answers by)
    stack: list[tuple[Any, Ref, tuple]] = [(data, document, ())]
    while stack:
        value, ref, shape = stack.pop()
        if type(value) is list:
            numbers, deeper = _is_number_field(kind, (*shape, 0)), _holds_numbers(kind, (*shape, 0))
            for i, child in enumerate(value):
                if type(child) is str:
                    if numbers:
                        cells.append(Ref(ref.document, "", child, ref, i))
                elif deeper and (type(child) is dict or type(child) is list):
                    stack.append((child, ref.child(i), (*shape, 0)))
            continue
        # A mapping: only the fields the schema makes numbers and those that can hold some below them;
        # where the schema takes any key (budget_breakdown), each key is asked.
        names, deeper_names = _mapping_plan(kind, shape)
        for key in value if names is None else names:
            child = value.get(key)
            if type(child) is str and (names is not None or _is_number_field(kind, (*shape, key))):
                cells.append(Ref(ref.document, "", child, ref, key))
        for key in value if deeper_names is None else deeper_names:
            child = value.get(key)
            if (type(child) is dict or type(child) is list) and (deeper_names is not None or _holds_numbers(kind, (*shape, key))):
                stack.append((child, ref.child(key), (*shape, key)))
    indicators = document.child("indicators")
    for row in indicators.items() if type(indicators.value) is list else ():
        if type(row.value) is dict:
            if "target" in row.value:
                cells.append(row.child("target"))
            if type(row.value.get("actual")) is str:
                cells.append(row.child("actual"))
    return cells


def note_items(owners: list, field: str | None) -> list:
    """The items of `for note in notes(item.FIELD)`: one per note the parser makes of that cell of each
    item, a record of its kind, span, replacement and data, with its `owner` item, its `role` (how the cell
    was read) and `index` (its place among the cell's notes), at the cell's place. With `field` None
    (`notes(cell)` over `expression_cells`) the owners are the cells themselves, each read as its role.

    A target is read as a target (a YAML number too: `95` lacks its operator; a target left null reads as
    empty), an actual, a name or any other field only when written as text, as a number. A number cell's
    notes also carry `retyped`, the whole cell typed as the number it reads as (`"87, 599, 029. 86"` →
    `87599029.86`, its written decimals kept). A cell that cannot be read has one note, its
    ExpressionError (a kind of GARBLED, EMPTY or UNREADABLE, parse/expression.py), with the operator the
    parser guessed as its `suggestion` and no replacement."""
    from jixiao_lint.check.domain.categories import read_name_path
    from jixiao_lint.check.functions import parsed

    field_role = None if field is None else field if field in ("target", "actual") else "name" if field == "name" else "number"
    items = []
    for owner in owners:
        if field is None:
            cell, role = owner, _role(owner)
        else:
            cell, role = owner.child(field), field_role
        text = cell.value
        if type(text) is not str:
            if role != "target" or (text is None and field is not None and not (type(owner.value) is dict and field in owner.value)):
                continue
            text = "" if text is None else str(text)
        retyped = None
        if role == "name":
            notes = read_name_path(text).notes
        else:
            reading, error = parsed(role, text)
            if error is not None:
                record = NoteRecord(error.data, kind=error.kind, start=error.start, end=error.end, replacement=None,
                                    suggestion=error.suggestion, owner=owner, role=role, index=0)
                items.append(Ref(owner.document, cell.pointer, record))
                continue
            notes = reading.notes
            if notes and role == "number":
                retyped = _retyped(text, reading.value)
        for index, note in enumerate(notes):
            record = NoteRecord(note.data, kind=note.kind, start=note.start, end=note.end,
                                replacement=note.replacement, owner=owner, role=role, index=index)
            if retyped is not None:
                record["retyped"] = retyped
            items.append(Ref(owner.document, cell.pointer, record))
    return items


def _role(cell: Ref) -> str:
    """How a cell of expression_cells is read: an indicator's target or actual as such; every other cell
    is a number field (budget_breakdown may have a key `target`: a number still)."""
    if (cell.key == "target" or cell.key == "actual") and type(cell.parent.key) is int \
            and cell.parent.parent is not None and cell.parent.parent.key == "indicators":
        return cell.key
    return "number"


# ----------------------------------------------------------------------------------- number cells
def _retyped(written: str, value: float) -> str:
    """A number typed badly, typed well: as written less the stray spaces and separators, full-width
    digits and points made ASCII, every written digit kept (`"98. 80"` → `98.80`); where more than that is
    wrong (`95%`, `12人`), the number itself."""
    text = re.sub(r"[\s,]", "", unicodedata.normalize("NFKC", written))
    if re.fullmatch(r"[-+]?\d+(\.\d+)?", text) and float(text) == value:
        return text
    if float(value).is_integer() and "." not in written.replace("．", "."):
        return str(int(value))
    return repr(float(value)) if len(repr(float(value))) < 20 else f"{value:.10g}"


# The schema is imported when cells are first walked: a run the results cache answers walks none.
def schema_at(kind, shape):
    global schema_at
    from jixiao_lint.schema.validate import schema_at
    return schema_at(kind, shape)


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

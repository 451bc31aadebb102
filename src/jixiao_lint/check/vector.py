"""The one evaluator of the rule language: every expression of a rule runs a column at a time.

A rule asks the same questions of every item of a collection (`for indicator in indicators where …
when …`). Each expression is built once into a column: a function that takes a frame and the rows of it
still in play and answers for all of them at once (a list in, a list out), so the interpreter's cost is
paid once per rule per document and the per-item work is a list comprehension. Each `where` and `when`
narrows the rows; what is left are the findings, whose `at`, messages and fix are columns too.

Frames nest, one per level of the rule's names:
- level 0 is the document (a frame of one row, the document itself; for a `for file` rule the list of
  `documents`), with the settings, the document's fields and the lets that read no item;
- level 1, in a rule over a collection, is the collection: a row per item, with the lets that read it;
- a comprehension (`sum(x.weight for x in …)`) is one level more: a frame of the iterable's items for each
  row of the frame it is asked in.
An expression runs in the frame of the deepest level it reads, once per row of it, and a deeper frame
asks it of the one row it belongs to (`lift`): what reads no item is worked out once per document.

Besides:
- a let is a column, filled on first read for the rows that reach it (a let costs nothing for the items
  an earlier `when` already dropped);
- a field of the item (`indicator.note`) or a function of its fields (`num(indicator.weight)`, or of a
  let that is one) is a column shared by every rule over the collection: worked out once per item,
  however many rules ask;
- a condition `a and b` is two conditions, and inside an expression `and`/`or` asks each operand only
  of the rows it has not decided.

Each operator's meaning (three-valued logic, comparisons, `in`, `matches`, arithmetic with nulls, fields
of records) is defined here once. Nothing here checks a rule: check/compile.py type-checks it against
the form schema and then builds it with `Builder`.
"""

from __future__ import annotations

import operator
from functools import cache
from itertools import compress
from typing import Any, Callable, Iterable

from jixiao_lint.check import functions as fn
from jixiao_lint.check.values import PENDING, Ref, format_value, plain
from jixiao_lint.parse.rules_language import (Attr, Binary, BoolOp, Call, Comprehension, Conditional, Expr, Index,
                                              ListExpr, Literal, Name, RuleDecl, Template, Unary)
from jixiao_lint.records import record


class Frame:
    """The rows one level of a rule's names runs over (see the module's docstring)."""

    __slots__ = ("items", "values", "lets", "parent", "row", "shared", "settings")

    def __init__(self, items: list, values: list, lets: dict[str, list] | None, parent: "Frame | None",
                 row: int, shared: dict | None, settings: dict):
        self.items = items  # the level's variable, row by row, as read (Refs where a place is kept)
        self.values = values  # the same, plain
        self.lets = lets  # a column per let of this level, PENDING for a row until computed
        self.parent = parent
        self.row = row  # the row of the parent frame this frame belongs to
        self.shared = shared  # the columns every rule over the collection shares (by expression), or None
        self.settings = settings


Column = Callable[[Frame, list[int]], list]


# ------------------------------------------------------------------------------------ the operators
def truth(value: Any) -> bool | None:
    """A value as a condition: true, false, or null (unknown) where the value is missing."""
    if value is True or value is False:  # what conditions mostly give
        return value
    value = plain(value)
    if value is None:
        return None
    return bool(value)


def unary(op: str) -> Callable[[Any], Any]:
    """What `not` or `-` gives for a plain value: null stays null, and so does `-` of what is no number."""
    if op == "not":
        def negate(value):
            value = truth(value)
            return None if value is None else not value
        return negate

    def minus(value):
        value = fn.number(value)
        return None if value is None else -value
    return minus


@cache
def pairwise(op: str) -> Callable[[Any, Any], Any]:
    """What a binary operator gives for two plain values (never Refs): arithmetic, membership or a
    comparison, null where an operand is null or not a number."""
    if op in ("+", "-", "*", "/"):
        arith = _ARITHMETIC[op]

        def arithmetic(a, b):
            ta, tb = type(a), type(b)
            if (ta is int or ta is float and a - a == 0) and (tb is int or tb is float and b - b == 0):
                a, b = float(a), float(b)  # two finite numbers, the common case: as number() reads them
            elif op == "+" and isinstance(a, str) and isinstance(b, str):
                return a + b
            else:
                a, b = fn.number(a), fn.number(b)
            if a is None or b is None:
                return None
            try:
                return arith(a, b)
            except ZeroDivisionError:
                return None
        return arithmetic
    if op in ("in", "not in"):
        negate = op == "not in"

        def membership(item, container):
            item = plain(item)
            if type(container) is Ref:
                container = container.value
            if item is None or container is None:
                return None
            if isinstance(container, str):
                found = isinstance(item, str) and item in container
            elif isinstance(container, (list, dict)):
                found = item in container
                # A list of values read from the form holds them with their places: looked at unwrapped.
                # (Not copied for every row otherwise: `target.operator in ["≤", "<"]` is the common case.)
                if not found and type(container) is list and Ref in map(type, container):
                    found = item in plain(container)
            else:
                return None
            return not found if negate else found
        return membership
    compare = _COMPARISONS[op]

    def general(a, b):
        if op in ("==", "!="):
            if a is None or b is None:
                return compare(a, b)
            if isinstance(a, str) != isinstance(b, str):
                na, nb = fn.number(a), fn.number(b)  # "95" == 95 when a cell is written as text
                return None if na is None or nb is None else compare(na, nb)
            return compare(a, b)
        if isinstance(a, str) and isinstance(b, str):
            return compare(a, b)
        na, nb = fn.number(a), fn.number(b)
        return None if na is None or nb is None else compare(na, nb)

    def comparison(a, b):
        ta, tb = type(a), type(b)
        # Two finite numbers, the common case, compare as they are (x - x == 0 is false for inf and nan);
        # so do two texts, the next most common.
        if (ta is int or ta is float and a - a == 0) and (tb is int or tb is float and b - b == 0) or ta is str is tb:
            return compare(a, b)
        return general(a, b)
    return comparison


_ARITHMETIC = {"+": operator.add, "-": operator.sub, "*": operator.mul, "/": operator.truediv}
_COMPARISONS = {"==": operator.eq, "!=": operator.ne, "<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge}
_READABLE = frozenset().union(*fn.RECORD_FIELDS.values())


def record_field(record: Any, name: str) -> Any:
    """A field of a mapping, or of a record a function returned — only the documented record fields,
    so that no rule can walk from a value into Python's objects."""
    record = plain(record)
    if record is None:
        return None
    if isinstance(record, dict):
        return record.get(name)
    if name not in _READABLE or isinstance(record, (str, int, float, bool, list, tuple)):
        return None
    return getattr(record, name, None)


def _aggregate(kind: str) -> Callable[[list], Any]:
    """What `sum(… for …)` and the other aggregates give for the body's values of the selected items."""
    if kind == "sum":
        return lambda values: sum(n for n in map(fn.number, values) if n is not None)
    if kind == "count":
        return lambda values: sum(1 for v in values if truth(v) is not False and plain(v) is not None)
    if kind == "any":
        return lambda values: any(truth(v) is True for v in values)
    if kind == "all":
        return lambda values: all(truth(v) is True for v in values)
    if kind in ("min", "max"):
        pick = min if kind == "min" else max

        def extreme(values):
            numbers = [n for n in map(fn.number, values) if n is not None]
            return pick(numbers) if numbers else None
        return extreme
    if kind == "first":
        return lambda values: values[0] if values else None
    return list


def numeric_constant(expr: Expr) -> int | float | None:
    """The number a literal operand holds, when it is a finite one."""
    constant = expr.value if isinstance(expr, Literal) else None
    return constant if type(constant) in (int, float) and constant - constant == 0 else None


def reads_places(expr: Expr) -> bool:
    """Whether an expression calls a function that asks where a value was read (position, …)."""
    if isinstance(expr, Call) and expr.function in fn.FUNCTIONS and fn.FUNCTIONS[expr.function].reads_places:
        return True
    return any(reads_places(inner) for inner in subexpressions(expr))


def subexpressions(expr: Expr) -> Iterable[Expr]:
    """The expressions directly inside a syntax node, in the order they are written."""
    kind = type(expr)
    if kind is Binary:
        return (expr.left, expr.right)
    if kind is Attr:
        return (expr.obj,)
    if kind is Call:
        return expr.args
    if kind is Name or kind is Literal:
        return ()
    if kind is BoolOp:
        return expr.operands
    if kind is Unary:
        return (expr.operand,)
    if kind is Index:
        return (expr.obj, expr.index)
    if kind is ListExpr:
        return expr.items
    if kind is Comprehension:
        return (expr.body, expr.iterable) if expr.condition is None else (expr.body, expr.iterable, expr.condition)
    # Any other node (a record): its fields, and the items of its tuple fields.
    return [inner for value in (getattr(expr, name) for name in expr.__record_fields__)
            for inner in (value if isinstance(value, tuple) else (value,)) if isinstance(inner, Expr)]


def conjuncts(condition: Expr) -> list[Expr]:
    """A condition `a and b` holds for a row exactly when `a` does and then `b` does: two conditions, the
    second asked only of the rows the first kept (not also of those it left unknown)."""
    if isinstance(condition, BoolOp) and condition.op == "and":
        return [c for operand in condition.operands for c in conjuncts(operand)]
    return [condition]


# ------------------------------------------------------------------------------------- the builder
@record(frozen=True)
class Binding:
    kind: str  # "var" (document(s), a comprehension's variable), "item", "let", "setting", "field"
    level: int
    name: str = ""


class Builder:
    """Builds the columns of one rule, already type-checked. `settings`: the names every rule can read
    from the configuration; `records`: the ids of the `x.field` nodes whose `x` is a record a function
    returned (what the type checker found)."""

    def __init__(self, rule: RuleDecl, settings: Iterable[str], records: set[int]):
        self.settings = frozenset(settings)
        self.records = records
        self.item_level = 1 if rule.scope == "items" else None
        self.root: dict[str, Binding] = {("documents" if rule.scope == "file" else "document"): Binding("var", 0)}
        if self.item_level is not None:
            self.root[rule.item_var] = Binding("item", 1)
        self.scopes = [self.root]
        self.lets: dict[str, Column] = {}  # each let, at its own level, keeping places
        self.let_keys: dict[str, str | None] = {}  # a let worked out from the item alone: its shared key
        self.let_levels: list[list[str]] = [[], []]  # the lets of level 0 and of level 1
        self.levels: dict[int, int] = {}  # memo of level(), by node id (a node has one place in a rule)
        self.provisional = 0  # how many comprehensions' own variables are being left out of level()

    def let(self, name: str, expr: Expr) -> None:
        """A let, which what is built after it reads (in order: a let reads only earlier ones)."""
        level = self.level(expr)
        self.lets[name] = self.build(expr, True, level)
        self.let_keys[name] = self._shared_key(expr) if level == self.item_level else None
        self.root[name] = Binding("let", level, name)
        self.let_levels[level].append(name)

    # The level of an expression: the deepest of the names it reads (a literal's is 0).
    def resolve(self, name: str) -> Binding:
        for scope in reversed(self.scopes):
            if name in scope:
                return scope[name]
        if name in self.settings:
            return Binding("setting", 0, name)
        return Binding("field", 0, name)

    def level(self, expr: Expr) -> int:
        if type(expr) is Name:
            return self.resolve(expr.name).level
        known = self.levels.get(id(expr))
        if known is not None and not self.provisional:
            return known
        if isinstance(expr, Comprehension):
            outer = self.level(expr.iterable)
            self.scopes.append({expr.var: Binding("var", -1)})  # its own variable does not count
            self.provisional += 1
            try:
                inner = max(self.level(e) for e in (expr.body, expr.condition) if e is not None)
            finally:
                self.scopes.pop()
                self.provisional -= 1
            level = max(outer, inner)
        else:
            level = max((self.level(e) for e in subexpressions(expr)), default=0)
        if not self.provisional:
            self.levels[id(expr)] = level
        return level

    def build(self, expr: Expr, places: bool, at_level: int) -> Column:
        """The column of an expression in the frames of `at_level`. `places`: values read from the form
        stay Refs (what `at` and a let keep); otherwise plain values."""
        if isinstance(expr, Literal):
            value = expr.value
            return lambda frame, rows: [value] * len(rows)
        own = self.level(expr)
        if own < at_level:
            return _lift(self.build(expr, places, own), at_level - own)
        compute = getattr(self, "_" + type(expr).__name__.lower())(expr, places, own)
        if own == self.item_level and (isinstance(expr, Call) or isinstance(expr, Attr) and not places):
            # A field of the item (`indicator.note`, as a plain value) or a function of its fields
            # (`num(indicator.weight)`, `expr(indicator.target)`) is worked out once per item for every
            # rule that asks: rules mostly ask of every item, and then the column is handed out as it is.
            key = self._shared_key(expr)
            if key is not None:
                return _shared(key, compute)
        return compute

    def conditions(self, exprs: list[Expr]) -> tuple[list[Column], list[Column]]:
        """The conditions of the document and those of the items (a condition that reads no item is
        decided once per document)."""
        document: list[Column] = []
        items: list[Column] = []
        for condition in (c for e in exprs for c in conjuncts(e)):
            level = self.level(condition)
            (document if level == 0 else items).append(self.build(condition, False, level))
        return document, items

    def template(self, template: Template, at_level: int) -> Column:
        parts = [part if isinstance(part, str) else self.build(part, False, at_level) for part in template.parts]

        def render(frame, rows):
            columns = [part if isinstance(part, str) else [format_value(v) for v in part(frame, rows)] for part in parts]
            return ["".join(part if isinstance(part, str) else part[i] for part in columns) for i in range(len(rows))]
        return render

    def _shared_key(self, expr: Expr) -> str | None:
        """What an expression computes from the item alone, written the same in every rule (the item's
        variable as `·`); None for anything else."""
        if isinstance(expr, Name):
            binding = self.resolve(expr.name)
            if binding.kind == "item":
                return "·"
            if binding.kind == "setting":
                # A setting (`profile.unmet`) is one value for every rule of an engine, and the shared
                # columns are an engine's: `coefficient(target, indicator.actual, profile.unmet)` is shared.
                return "$" + expr.name
            # A let that is itself worked out from the item alone (`let target = expr(indicator.target)`)
            # is written as its definition, so `coefficient(target, indicator.actual)` is shared too.
            return self.let_keys.get(expr.name) if binding.kind == "let" else None
        if isinstance(expr, Literal):
            return repr(expr.value)  # 1, 1.0 and '1' apart
        if isinstance(expr, Attr):
            owner = self._shared_key(expr.obj)
            return None if owner is None else f"{owner}.{expr.name}"
        function = fn.FUNCTIONS.get(expr.function) if isinstance(expr, Call) else None
        if function is not None and not function.reads_places:
            args = [self._shared_key(a) for a in expr.args]
            return None if None in args else f"{expr.function}({', '.join(args)})"
        return None

    # One method per syntax node, each for a node of the level it is built at.
    def _name(self, expr: Name, places: bool, level: int) -> Column:
        binding = self.resolve(expr.name)
        name = expr.name
        if binding.kind in ("var", "item"):
            if places:
                return lambda frame, rows: _rows_of(frame.items, rows)
            return lambda frame, rows: _rows_of(frame.values, rows)
        if binding.kind == "let":
            let = self.lets[name]
            if places:
                return lambda frame, rows: _fill(frame.lets[name], frame, rows, let)
            return lambda frame, rows: _unwrapped(_fill(frame.lets[name], frame, rows, let))
        if binding.kind == "setting":
            return lambda frame, rows: [frame.settings.get(name)] * len(rows)
        if places:  # a field of the document
            return lambda frame, rows: [d.child(name) for d in _rows_of(frame.items, rows)]
        return lambda frame, rows: [d.get(name) for d in _rows_of(frame.values, rows)]  # documents are mappings

    def _attr(self, expr: Attr, places: bool, level: int) -> Column:
        name = expr.name
        if id(expr) in self.records:  # a record from a function
            records = self.build(expr.obj, False, level)
            return lambda frame, rows: [record_field(r, name) for r in records(frame, rows)]
        owners = self.build(expr.obj, places, level)
        if places:
            return lambda frame, rows: [o.child(name) if type(o) is Ref else record_field(o, name)
                                        for o in owners(frame, rows)]
        return lambda frame, rows: [o.get(name) if type(o) is dict else record_field(o, name)
                                    for o in owners(frame, rows)]

    def _index(self, expr: Index, places: bool, level: int) -> Column:
        owners, keys = self.build(expr.obj, True, level), self.build(expr.index, False, level)

        def get(owner, key):
            key = plain(key)
            if type(owner) is Ref:
                return owner.child(int(key) if isinstance(key, float) and key.is_integer() else key)
            owner = plain(owner)
            try:
                return owner[int(key)] if isinstance(owner, list) else owner.get(key) if isinstance(owner, dict) else None
            except (IndexError, TypeError, ValueError):
                return None
        if places:
            return lambda frame, rows: list(map(get, owners(frame, rows), keys(frame, rows)))
        return lambda frame, rows: _unwrapped(map(get, owners(frame, rows), keys(frame, rows)))

    def _call(self, expr: Call, places: bool, level: int) -> Column:
        function = fn.FUNCTIONS[expr.function]
        impl = function.impl
        # A function that reads places (earlier_same, position) is given Refs, and may answer with one.
        args = [self.build(a, function.reads_places, level) for a in expr.args]
        if not args:
            call = lambda frame, rows: [impl() for _ in rows]  # noqa: E731
        elif len(args) == 1:
            only = args[0]
            call = lambda frame, rows: list(map(impl, only(frame, rows)))  # noqa: E731
        else:
            call = lambda frame, rows: list(map(impl, *[a(frame, rows) for a in args]))  # noqa: E731
        if function.reads_places and not places:
            return lambda frame, rows: _unwrapped(call(frame, rows))
        return call

    def _comprehension(self, expr: Comprehension, places: bool, level: int) -> Column:
        # `first` and `list` keep places unless only their value is wanted; the items stay Refs when the
        # body asks where one was read, and are plain values otherwise, sparing a Ref per item.
        keeps_places = expr.function in ("first", "list") and places
        iterable = self.build(expr.iterable, keeps_places or any(
            reads_places(e) for e in (expr.body, expr.condition) if e is not None), level)
        self.scopes.append({expr.var: Binding("var", level + 1)})
        try:
            body = self.build(expr.body, keeps_places, level + 1)
            condition = self.build(expr.condition, False, level + 1) if expr.condition is not None else None
        finally:
            self.scopes.pop()
        aggregate, first = _aggregate(expr.function), expr.function == "first"

        def comprehension(frame, rows):
            answers = []
            settings = frame.settings
            for row, value in zip(rows, iterable(frame, rows)):
                items = fn.item_values(value)
                inner = Frame(items, [v.value if type(v) is Ref else v for v in items], None, frame, row, None, settings)
                selected = list(range(len(items)))
                if condition is not None and selected:
                    selected = list(compress(selected, condition(inner, selected)))  # a null is not true
                if first:
                    selected = selected[:1]
                answers.append(aggregate(body(inner, selected) if selected else []))
            return answers
        if places or expr.function not in ("first", "list"):
            return comprehension
        return lambda frame, rows: _unwrapped(comprehension(frame, rows))

    def _listexpr(self, expr: ListExpr, places: bool, level: int) -> Column:
        items = [self.build(i, False, level) for i in expr.items]
        return lambda frame, rows: [[plain(v) for v in values] for values in zip(*[i(frame, rows) for i in items])]

    def _unary(self, expr: Unary, places: bool, level: int) -> Column:
        operands, apply = self.build(expr.operand, False, level), unary(expr.op)
        return lambda frame, rows: list(map(apply, operands(frame, rows)))

    def _boolop(self, expr: BoolOp, places: bool, level: int) -> Column:
        operands = [self.build(o, False, level) for o in expr.operands]
        decisive = expr.op == "or"  # three-valued: the deciding value (false for and, true for or) wins, then unknown

        def logic(frame, rows):
            answers: list[Any] = [None] * len(rows)
            unknown = [False] * len(rows)
            open_ = list(range(len(rows)))  # positions no operand has decided yet
            for operand in operands:
                if not open_:
                    break
                still = []
                for position, value in zip(open_, operand(frame, [rows[p] for p in open_])):
                    if value is None:
                        unknown[position] = True
                        still.append(position)
                    elif bool(value) is decisive:
                        answers[position] = decisive
                    else:
                        still.append(position)
                open_ = still
            for position in open_:
                answers[position] = None if unknown[position] else not decisive
            return answers
        return logic

    def _conditional(self, expr: Conditional, places: bool, level: int) -> Column:
        condition = self.build(expr.condition, False, level)
        then, otherwise = self.build(expr.then, places, level), self.build(expr.otherwise, places, level)

        def choose(frame, rows):
            # Each branch is asked only of the rows it is chosen for (null is not true: `otherwise`).
            chosen = [truth(value) is True for value in condition(frame, rows)]
            picked = iter(then(frame, list(compress(rows, chosen))) if any(chosen) else ())
            others = [row for row, yes in zip(rows, chosen) if not yes]
            rest = iter(otherwise(frame, others) if others else ())
            return [next(picked) if yes else next(rest) for yes in chosen]
        return choose

    def _binary(self, expr: Binary, places: bool, level: int) -> Column:
        left, op = self.build(expr.left, False, level), expr.op
        if op == "matches":
            pattern = expr.right.value  # a literal, checked when the rule loaded
            return lambda frame, rows: [fn.matches(a, pattern) for a in left(frame, rows)]
        if op in ("==", "!=") and isinstance(expr.right, Literal) and expr.right.value is None:
            if op == "==":
                return lambda frame, rows: [a is None for a in left(frame, rows)]
            return lambda frame, rows: [a is not None for a in left(frame, rows)]
        pair = pairwise(op)
        constant = numeric_constant(expr.right)
        if constant is not None:  # `weight > 0`: one column fewer
            return lambda frame, rows: [pair(a, constant) for a in left(frame, rows)]
        right = self.build(expr.right, False, level)
        return lambda frame, rows: list(map(pair, left(frame, rows), right(frame, rows)))


# ------------------------------------------------------------------------------------ the columns
def passing(conditions: list[Column], frame: Frame, rows: list[int]) -> list[int]:
    """The rows every condition holds for (a null is not true)."""
    for condition in conditions:
        if not rows:
            break
        rows = list(compress(rows, condition(frame, rows)))  # a true answer keeps a row; false or null drop it
    return rows


def _lift(column: Column, steps: int) -> Column:
    """A column of a shallower level asked in a deeper frame: asked of the one row of the shallower
    frame this frame belongs to, the answer repeated for every row."""
    if steps == 1:
        def lifted_once(frame, rows):
            return column(frame.parent, [frame.row]) * len(rows)
        return lifted_once

    def lifted(frame, rows):
        for _ in range(steps):
            frame, row = frame.parent, frame.row
        return column(frame, [row]) * len(rows)
    return lifted


def _unwrapped(values: Iterable) -> list:
    """The plain values of a column that may hold Refs."""
    return [v.value if type(v) is Ref else v for v in values]


def _rows_of(column: list, rows: list[int]) -> list:
    """These rows of a column that is complete (the items, a filled shared column: never written to)."""
    return column if len(rows) == len(column) else [column[row] for row in rows]


def _fill(column: list, frame: Frame, rows: list[int], compute: Column) -> list:
    """The column's values for these rows, computing those not known yet (PENDING)."""
    if len(rows) == len(column):  # every row (rows only ever narrow): most often a column already filled
        if PENDING in column:
            missing = [row for row, value in enumerate(column) if value is PENDING]
            for row, value in zip(missing, compute(frame, missing)):
                column[row] = value
        return column  # a filled column never changes again, so it can be handed out as it is
    missing = [row for row in rows if column[row] is PENDING]
    if missing:
        for row, value in zip(missing, compute(frame, missing)):
            column[row] = value
    return [column[row] for row in rows]


class _Partial(list):
    """A shared column not every row of which is computed yet (PENDING): a complete one is a plain list."""


def _shared(key: str, compute: Column) -> Column:
    """The column of what `key` names, kept for every rule over the collection (the engine makes the
    table, per document and collection)."""
    def column(frame: Frame, rows: list[int]) -> list:
        table = frame.shared
        values = table.get(key)
        if type(values) is list:  # complete: most often, and then every row is asked for
            return _rows_of(values, rows)
        if values is None:
            count = len(frame.values)
            if len(rows) == count:
                values = table[key] = compute(frame, rows)
                return values
            values = table[key] = _Partial([PENDING] * count)
        answers = _fill(values, frame, rows, compute)
        if PENDING not in values:
            table[key] = list(values)
        return answers
    return column

"""A rule over a collection, run a column at a time.

`for indicator in indicators where … when …` asks the same questions of every item. Asked item by
item, each question is a chain of closure calls per item; here each expression compiles a second time,
to a closure that takes the rows still in play and answers for all of them at once (a list in, a list
out), so the interpreter's cost is paid once per rule per document and the per-item work is a list
comprehension. Each `where` and `when` narrows the rows; what is left are the findings.

The answers are the scalar closures' answers, row by row:
- an expression that reads neither the item nor a let that does is computed once and repeated;
- a let is a column, filled on first read for the rows that reach it (a let costs nothing for the items
  an earlier `when` already dropped);
- a field of the item (`indicator.note`) or a function of its fields (`num(indicator.weight)`, or of
  a let that is one) is such a column too, but one shared by every rule over the collection: worked
  out once per item, however many rules ask;
- a condition `a and b` is two conditions, and inside an expression `and`/`or` asks each operand only
  of the rows it has not decided;
- what has no column form here (an index, a comprehension) runs the scalar closure row by row, with
  the item and the let columns put into the rule's env and read back.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import compress
from typing import Any, Callable

from jixiao_lint.check import functions as fn
from jixiao_lint.check.compile import (PENDING, SETTINGS, Compiler, _attribute_type, _record_field, free_names, matches_pattern,
                                       numeric_constant, pairwise, unary)
from jixiao_lint.check.values import Ref, plain
from jixiao_lint.parse.rules_language import (Attr, Binary, BoolOp, Call, Expr, ListExpr, Literal, Name, RuleDecl,
                                              Unary)

Env = dict[str, Any]
# The env holds, besides the rule's scalar env: "$items" the collection's items as Refs, "$values" their
# plain values, "$lets" a column per let that reads the item, "$shared" the columns every rule over the
# collection shares (by expression); a column holds PENDING for a row until it is computed.
Column = Callable[[Env, list[int]], list]


@dataclass
class ColumnRule:
    conditions: list[Column]  # the `where` (unless it is decided once per document), then each `when`

    def rows(self, env: Env, count: int) -> list[int]:
        """The items every condition holds for (a null is not true)."""
        rows = list(range(count))
        for condition in self.conditions:
            if not rows:
                break
            rows = list(compress(rows, condition(env, rows)))  # a true answer keeps a row; false or null drop it
        return rows


class ColumnCompiler:
    def __init__(self, scalar: Compiler, rule: RuleDecl, varying_lets: tuple[str, ...]):
        self.scalar = scalar  # its scopes and lets are the rule's, as after compiling it
        self.item_var = rule.item_var
        self.varying_lets = varying_lets
        self.varying = {rule.item_var, *varying_lets}
        self.free_names: dict[int, set[str]] = {}  # memo for free_names(): every node of a tree is asked
        self.lets: dict[str, Column] = {}
        self.let_exprs = dict(rule.lets)
        for name, expr in rule.lets:  # in order: a let reads only earlier ones
            if name in varying_lets:
                self.lets[name] = self.column(expr, places=True)

    def rule(self, where: Expr | None, whens: list[Expr]) -> ColumnRule:
        conditions = [c for e in ([where] if where is not None else []) + whens for c in _conjuncts(e)]
        return ColumnRule([self.column(c, places=False) for c in conditions])

    def column(self, expr: Expr, places: bool) -> Column:
        """`places`: values read from the form stay Refs (what a let keeps, in case `at` names it)."""
        if not free_names(expr, self.free_names) & self.varying:  # the same for every row
            once = self.scalar.compile(expr) if places else self.scalar.value(expr)
            return lambda env, rows: [once(env)] * len(rows)
        method = getattr(self, "_" + type(expr).__name__.lower(), None)
        compute = method(expr, places) if method is not None else self._row_by_row(expr, places)
        # A field of the item (`indicator.note`, as a plain value) or a function of its fields
        # (`num(indicator.weight)`, `expr(indicator.target)`) is worked out once per item for every rule
        # that asks: rules mostly ask of every item, and then the column is handed out as it is.
        shared = self._shared_key(expr) if isinstance(expr, Call) or isinstance(expr, Attr) and not places else None
        if shared is None:
            return compute
        return _shared(shared, compute)

    def _shared_key(self, expr: Expr) -> str | None:
        """What an expression computes from the item alone, written the same in every rule (the item's
        variable as `·`); None for anything else."""
        if isinstance(expr, Name):
            if expr.name == self.item_var:
                return "·"
            # A let that is itself worked out from the item alone (`let target = expr(indicator.target)`)
            # is written as its definition, so `coefficient(target, indicator.actual)` is shared too.
            let = self.let_exprs.get(expr.name) if expr.name in self.varying_lets else None
            if let is None and expr.name in SETTINGS and not self._shadowed(expr.name):
                # A setting (`profile.unmet`) is one value for every rule of an engine, and the shared
                # columns are an engine's: `coefficient(target, indicator.actual, profile.unmet)` is shared.
                return "$" + expr.name
            return None if let is None else self._shared_key(let)
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

    def _shadowed(self, name: str) -> bool:
        """Whether a rule's own let or variable of that name hides the setting."""
        return name in self.let_exprs or name == self.item_var or any(name in scope for scope in self.scalar.scopes)

    def _row_by_row(self, expr: Expr, places: bool) -> Column:
        scalar = self.scalar.compile(expr) if places else self.scalar.value(expr)
        var, lets = self.item_var, self.varying_lets

        def each_row(env, rows):
            items, columns = env["$items"], env["$lets"]
            answers = []
            for row in rows:
                env[var] = items[row]
                for name in lets:
                    env[name] = columns[name][row]
                answers.append(scalar(env))
                for name in lets:  # a let the closure computed is kept for the next question
                    columns[name][row] = env[name]
            return answers
        return each_row

    def _name(self, expr: Name, places: bool) -> Column:
        name = expr.name
        if name == self.item_var:
            key = "$items" if places else "$values"
            return lambda env, rows: _rows_of(env[key], rows)
        let = self.lets[name]  # the only other names that vary
        if places:
            return lambda env, rows: _fill(env["$lets"][name], env, rows, let)
        return lambda env, rows: _unwrapped(_fill(env["$lets"][name], env, rows, let))

    def _attr(self, expr: Attr, places: bool) -> Column:
        name, owner_type = expr.name, self.scalar.type_of(expr.obj)
        _attribute_type(owner_type, name, expr.loc)  # an unknown field is an error when the rule loads
        if isinstance(owner_type, str) and owner_type != fn.ANY:
            records = self.column(expr.obj, places=False)  # a record from a function
            return lambda env, rows: [_record_field(r, name) for r in records(env, rows)]
        owners = self.column(expr.obj, places)
        if places:
            return lambda env, rows: [o.child(name) if isinstance(o, Ref) else _record_field(o, name)
                                      for o in owners(env, rows)]
        return lambda env, rows: [o.get(name) if type(o) is dict else _record_field(o, name)
                                  for o in owners(env, rows)]

    def _call(self, expr: Call, places: bool) -> Column:
        function = self.scalar.function(expr)
        impl = function.impl
        # A function that reads places (earlier_same, position) is given Refs, and may answer with one.
        args = [self.column(a, places=function.reads_places) for a in expr.args]
        if len(args) == 1:
            only = args[0]
            call = lambda env, rows: list(map(impl, only(env, rows)))  # noqa: E731
        else:
            call = lambda env, rows: list(map(impl, *[a(env, rows) for a in args]))  # noqa: E731
        if function.reads_places and not places:
            return lambda env, rows: _unwrapped(call(env, rows))
        return call

    def _unary(self, expr: Unary, places: bool) -> Column:
        operands, apply = self.column(expr.operand, places=False), unary(expr.op)
        return lambda env, rows: list(map(apply, operands(env, rows)))

    def _boolop(self, expr: BoolOp, places: bool) -> Column:
        operands = [self.column(o, places=False) for o in expr.operands]
        decisive = expr.op == "or"  # three-valued: the deciding value wins, then unknown

        def logic(env, rows):
            answers: list[Any] = [None] * len(rows)
            unknown = [False] * len(rows)
            open_ = list(range(len(rows)))  # positions no operand has decided yet
            for operand in operands:
                if not open_:
                    break
                still = []
                for position, value in zip(open_, operand(env, [rows[p] for p in open_])):
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

    def _binary(self, expr: Binary, places: bool) -> Column:
        left, op = self.column(expr.left, places=False), expr.op
        if op == "matches":
            pattern = matches_pattern(expr)
            return lambda env, rows: [fn.matches(a, pattern) for a in left(env, rows)]
        if op in ("==", "!=") and isinstance(expr.right, Literal) and expr.right.value is None:
            if op == "==":
                return lambda env, rows: [a is None for a in left(env, rows)]
            return lambda env, rows: [a is not None for a in left(env, rows)]
        pair = pairwise(op)
        constant = numeric_constant(expr.right)
        if constant is not None:
            return lambda env, rows: [pair(a, constant) for a in left(env, rows)]
        right = self.column(expr.right, places=False)
        return lambda env, rows: list(map(pair, left(env, rows), right(env, rows)))

    def _listexpr(self, expr: ListExpr, places: bool) -> Column:
        items = [self.column(i, places=False) for i in expr.items]
        return lambda env, rows: [[plain(v) for v in values] for values in zip(*[i(env, rows) for i in items])]


def _conjuncts(condition: Expr) -> list[Expr]:
    """A condition `a and b` holds for a row exactly when `a` does and then `b` does: two conditions, the
    second asked only of the rows the first kept (not also of those it left unknown)."""
    if isinstance(condition, BoolOp) and condition.op == "and":
        return [c for operand in condition.operands for c in _conjuncts(operand)]
    return [condition]


def _unwrapped(values: list) -> list:
    """The plain values of a column that may hold Refs (compile._unwrap, for a whole column)."""
    return [v.value if type(v) is Ref else v for v in values]


def _rows_of(column: list, rows: list[int]) -> list:
    """These rows of a column that is complete (the items, a filled shared column: never written to)."""
    return column if len(rows) == len(column) else [column[row] for row in rows]


def _fill(column: list, env: Env, rows: list[int], compute: Column) -> list:
    """The column's values for these rows, computing those not known yet (PENDING)."""
    if len(rows) == len(column):  # every row (rows only ever narrow): most often a column already filled
        if PENDING in column:
            missing = [row for row, value in enumerate(column) if value is PENDING]
            for row, value in zip(missing, compute(env, missing)):
                column[row] = value
        return column  # a filled column never changes again, so it can be handed out as it is
    missing = [row for row in rows if column[row] is PENDING]
    if missing:
        for row, value in zip(missing, compute(env, missing)):
            column[row] = value
    return [column[row] for row in rows]


class _Partial(list):
    """A shared column not every row of which is computed yet (PENDING): a complete one is a plain list."""


def _shared(key: str, compute: Column) -> Column:
    """The column of what `key` names, kept for every rule over the collection (the engine makes the
    table, per document and collection)."""
    def column(env: Env, rows: list[int]) -> list:
        table = env["$shared"]
        values = table.get(key)
        if type(values) is list:  # complete: most often, and then every row is asked for
            return _rows_of(values, rows)
        if values is None:
            count = len(env["$values"])
            if len(rows) == count:
                values = table[key] = compute(env, rows)
                return values
            values = table[key] = _Partial([PENDING] * count)
        answers = _fill(values, env, rows, compute)
        if PENDING not in values:
            table[key] = list(values)
        return answers
    return column

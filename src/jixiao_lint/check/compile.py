"""Rule declarations to checks: type-check a rule against the form schema (an unknown field is an error
when the rule file loads, not when it runs), then turn each expression into a Python closure once, so
running a rule is calling closures, never interpreting a tree and never `eval`."""

from __future__ import annotations

import difflib
import operator
from dataclasses import dataclass
from functools import cache
from typing import Any, Callable, Iterator

from jixiao_lint.check import functions as fn
from jixiao_lint.check import lexicons
from jixiao_lint.check.values import PENDING as _PENDING, Ref, format_value, plain
from jixiao_lint.parse.rules_language import (Attr, Binary, BoolOp, Call, Comprehension, Expr, Index, ListExpr,
                                              Literal, Name, RuleDecl, RuleFileError, Template, Unary)
from jixiao_lint.schema.validate import load_schema

Env = dict[str, Any]
Closure = Callable[[Env], Any]

# Names every rule can read, set from the configuration (and the form, where it says otherwise).
SETTINGS = {
    "tolerance": "rounding tolerance for arithmetic checks (default 0.01)",
    "profile": "the scoring profile (rules/profiles/): profile.weights.total, profile.unmet, profile.grade_bands, …",
    "weight_total": "what the weights of a form add up to: the profile's weights.total",
    "grade_bands": "grade thresholds, best first, a list of {grade, min}: the profile's grade_bands",
}
COLLECTIONS = ("indicators", "funds", "score_table", "basis", "grade_bands", "budget_breakdown", "sections")
AGGREGATES = ("sum", "count", "any", "all", "min", "max", "first", "list")


# ----------------------------------------------------------------------------------------------- types
# A static type is a JSON-Schema dict (an object, array or scalar from form.schema.json), or one of the
# record names in functions.RECORD_FIELDS, or fn.ANY when nothing is known.

def _resolve(schema: dict) -> dict:
    ref = schema.get("$ref")
    if ref:
        return {**load_schema()["$defs"][ref.rsplit("/", 1)[-1]], **{k: v for k, v in schema.items() if k != "$ref"}}
    return schema


@cache  # the same for every rule; treated as read-only
def document_type() -> dict:
    """A document of any kind: the union of the fields of the three kinds. A field the kinds type
    differently (`budget` is a number in a declaration, a mapping in a report) is left untyped."""
    schema = load_schema()
    props: dict[str, Any] = dict(schema["properties"])
    for branch in schema["allOf"]:
        for key, sub in branch["then"]["properties"].items():
            if sub is True:
                continue
            if key in props and _shape(props[key]) != _shape(sub):
                props[key] = {"description": sub.get("description", key)}  # untyped
            elif key not in props or len(_resolve(sub).get("items", {}).get("properties", {})) > len(
                    _resolve(props[key]).get("items", {}).get("properties", {})):
                props[key] = sub
    return {"type": "object", "properties": props, "additionalProperties": False}


def _shape(schema: dict) -> object:
    schema = _resolve(schema)
    return schema.get("type") or ("number" if "anyOf" in schema else None)


def _attribute_type(owner: Any, name: str, loc) -> Any:
    if name.startswith("_"):  # the way from a value to the interpreter (__class__, __globals__): never
        raise RuleFileError(loc, f"`{name}`: names starting with _ are not fields of a form")
    if owner == fn.ANY:
        return fn.ANY
    if isinstance(owner, str):
        fields = fn.RECORD_FIELDS.get(owner, set())
        if name not in fields:
            raise RuleFileError(loc, f"`{name}` is not a field of a {owner.replace('_', ' ')}; it has {', '.join(sorted(fields))}")
        return fn.ANY
    schema = _resolve(owner)
    if schema.get("type") == "array":
        raise RuleFileError(loc, f"`.{name}` on a list: iterate it, e.g. sum(x.{name} for x in …)")
    props = schema.get("properties")
    if props is None:  # a mapping the schema leaves open: any field, untyped
        return fn.ANY
    if name in props:
        return _resolve(props[name]) if isinstance(props[name], dict) else fn.ANY
    if schema.get("additionalProperties") is False:
        guess = difflib.get_close_matches(name, sorted(props), n=1)
        hint = f"; did you mean `{guess[0]}`?" if guess else f"; known fields: {', '.join(sorted(props))}"
        raise RuleFileError(loc, f"unknown field `{name}`{hint}")
    return fn.ANY


def _item_type(collection: Any) -> Any:
    if isinstance(collection, dict):
        schema = _resolve(collection)
        if schema.get("type") == "array":
            return _resolve(schema.get("items", {})) if isinstance(schema.get("items"), dict) else fn.ANY
        if isinstance(schema.get("additionalProperties"), dict):
            return _resolve(schema["additionalProperties"])
    return fn.ANY


# -------------------------------------------------------------------------------------------- compiler
class Compiler:
    def __init__(self, rule: RuleDecl):
        self.rule = rule
        self.doc_type = document_type()
        self.scopes: list[dict[str, Any]] = []  # innermost last: name -> static type
        self.lets: dict[str, Closure] = {}  # the rule's lets compiled so far (a let reads only earlier ones)

    def lookup(self, name: str, loc) -> Any:
        for scope in reversed(self.scopes):
            if name in scope:
                return scope[name]
        if name in SETTINGS:
            return fn.ANY
        if self.rule.scope != "file":
            return _attribute_type(self.doc_type, name, loc)
        raise RuleFileError(loc, f"unknown name `{name}`; a `for file` rule reads the documents through `documents`")

    def type_of(self, expr: Expr) -> Any:
        if isinstance(expr, Name):
            return self.lookup(expr.name, expr.loc)
        if isinstance(expr, Attr):
            return _attribute_type(self.type_of(expr.obj), expr.name, expr.loc)
        if isinstance(expr, Index):
            owner = self.type_of(expr.obj)
            return _item_type(owner)
        if isinstance(expr, Call):
            return fn.FUNCTIONS[expr.function].returns if expr.function in fn.FUNCTIONS else fn.ANY
        if isinstance(expr, Comprehension) and expr.function in ("first",):
            return self._with_var(expr, lambda: self.type_of(expr.body))
        return fn.ANY

    def _with_var(self, expr: Comprehension, body: Callable[[], Any]) -> Any:
        self.scopes.append({expr.var: _item_type(self.type_of(expr.iterable))})
        try:
            return body()
        finally:
            self.scopes.pop()

    # Two modes. `compile` keeps a value read from the form a Ref, for what needs to know where it was
    # read (`at`, lets, a function that reads places); `value` gives the plain value, sparing a Ref per
    # field read, for everything that only computes with it (conditions, arithmetic, messages, fixes).
    # Only names, fields, indexes, calls and comprehensions differ between the two.
    def compile(self, expr: Expr) -> Closure:
        method = getattr(self, "_" + type(expr).__name__.lower())
        return method(expr)

    def value(self, expr: Expr) -> Closure:
        method = getattr(self, "_value_" + type(expr).__name__.lower(), None) or getattr(self, "_" + type(expr).__name__.lower())
        return method(expr)

    def _literal(self, expr: Literal) -> Closure:
        value = expr.value
        return lambda env: value

    def _name(self, expr: Name) -> Closure:
        self.lookup(expr.name, expr.loc)
        name = expr.name
        let = self._let(name)
        if let is not None:
            return _lazy_let(name, let)
        for scope in reversed(self.scopes):
            if name in scope:
                return lambda env: env[name]
        if name in SETTINGS:
            return lambda env: env["$settings"].get(name)
        return lambda env: env["$document"].child(name)

    def _value_name(self, expr: Name) -> Closure:
        name = expr.name
        if name not in SETTINGS and not any(name in scope for scope in self.scopes):
            self.lookup(name, expr.loc)
            return lambda env: env["$document"].value.get(name)  # rules only run on documents that are mappings
        if self._is_variable(expr):
            def variable(env):
                value = env[name]
                return value.value if type(value) is Ref else value
            return variable
        let = self._let(name)
        if let is not None:
            return _lazy_let(name, let, unwrap=True)
        read = self._name(expr)
        return lambda env: _unwrap(read(env))

    def _let(self, name: str) -> Closure | None:
        """The let this name reads, unless a loop variable of the same name hides it."""
        for scope in reversed(self.scopes):
            if name in scope:
                return self.lets.get(name) if scope is self.scopes[0] else None
        return None

    def _is_variable(self, expr: Expr) -> bool:
        """A name the env holds as it is: the item, a loop variable, `document(s)` — not a let or a setting."""
        if not isinstance(expr, Name):
            return False
        return any(expr.name in scope for scope in self.scopes) and self._let(expr.name) is None

    def _attr(self, expr: Attr) -> Closure:
        owner_type = self.type_of(expr.obj)
        _attribute_type(owner_type, expr.name, expr.loc)
        obj = self.compile(expr.obj)
        name = expr.name
        if isinstance(owner_type, str) and owner_type != fn.ANY:  # a record from a function
            return lambda env: _record_field(obj(env), name)

        def attr(env):
            value = obj(env)
            if isinstance(value, Ref):
                return value.child(name)
            return _record_field(value, name)
        return attr

    def _value_attr(self, expr: Attr) -> Closure:
        owner_type = self.type_of(expr.obj)
        _attribute_type(owner_type, expr.name, expr.loc)
        name = expr.name
        if self._is_variable(expr.obj):  # `indicator.weight`, the commonest read of all: one closure
            variable = expr.obj.name

            def field(env):
                value = env[variable]
                if type(value) is Ref:
                    value = value.value
                if type(value) is dict:
                    return value.get(name)
                return _record_field(value, name)
            return field
        obj = self.value(expr.obj)

        def attr(env):
            value = obj(env)
            if type(value) is dict:
                return value.get(name)
            return _record_field(value, name)
        return attr

    def _value_index(self, expr: Index) -> Closure:
        read = self._index(expr)
        return lambda env: _unwrap(read(env))

    def _value_call(self, expr: Call) -> Closure:
        read = self._call(expr)
        function = fn.FUNCTIONS[expr.function]
        if not function.reads_places:  # given plain values, it cannot return a Ref
            return read
        return lambda env: _unwrap(read(env))

    def _value_comprehension(self, expr: Comprehension) -> Closure:
        read = self._comprehension(expr, values=True)
        return lambda env: _unwrap(read(env))

    def _index(self, expr: Index) -> Closure:
        if isinstance(expr.index, Literal) and isinstance(expr.index.value, str) and expr.index.value.startswith("_"):
            raise RuleFileError(expr.index.loc, f"`[{expr.index.value!r}]`: names starting with _ are not fields of a form")
        obj, index = self.compile(expr.obj), self.compile(expr.index)

        def get(env):
            owner, key = obj(env), plain(index(env))
            if isinstance(owner, Ref):
                return owner.child(int(key) if isinstance(key, float) and key.is_integer() else key)
            owner = plain(owner)
            try:
                return owner[int(key)] if isinstance(owner, list) else owner.get(key) if isinstance(owner, dict) else None
            except (IndexError, TypeError, ValueError):
                return None
        return get

    def _call(self, expr: Call) -> Closure:
        function = self.function(expr)
        args = [self.compile(a) if function.reads_places else self.value(a) for a in expr.args]
        impl = function.impl
        if len(args) == 1:  # most calls: num(x), expr(x) — spare building a list per call
            only = args[0]
            return lambda env: impl(only(env))
        if len(args) == 2:
            first, second = args
            return lambda env: impl(first(env), second(env))
        return lambda env: impl(*[a(env) for a in args])

    def function(self, expr: Call) -> fn.Function:
        """The function a call names, once the call is found well formed."""
        function = fn.FUNCTIONS.get(expr.function)
        if function is None:
            if expr.function in AGGREGATES:
                raise RuleFileError(expr.loc, f"{expr.function}() takes a comprehension: {expr.function}(x.weight for x in indicators)")
            guess = difflib.get_close_matches(expr.function, sorted(fn.FUNCTIONS), n=1)
            hint = f"; did you mean {guess[0]}()?" if guess else ""
            raise RuleFileError(expr.loc, f"unknown function {expr.function}(){hint}")
        if not function.min_args <= len(expr.args) <= function.max_args:
            expected = str(function.min_args) if function.min_args == function.max_args else f"{function.min_args} to {function.max_args}"
            raise RuleFileError(expr.loc, f"{expr.function}() takes {expected} argument(s), got {len(expr.args)}")
        for position in function.literal_args:
            arg = expr.args[position]
            if not isinstance(arg, Literal) or not isinstance(arg.value, str):
                raise RuleFileError(arg.loc, f"argument {position + 1} of {expr.function}() must be a literal string")
            self._check_literal(expr.function, arg)
        return function

    def _check_literal(self, function: str, arg: Literal) -> None:
        if function == "lexicon" and not lexicons.available(arg.value):
            raise RuleFileError(arg.loc, f"no lexicon named `{arg.value}` (rules/lexicons/{arg.value}.yaml)")
        if function == "find":
            try:
                fn.compiled_pattern(arg.value)
            except fn.UnsafePattern as error:
                raise RuleFileError(arg.loc, str(error)) from None

    def _comprehension(self, expr: Comprehension, values: bool = False) -> Closure:
        """`values`: the result is only computed with, so `first` and `list` may give plain values."""
        if expr.function not in AGGREGATES:
            raise RuleFileError(expr.loc, f"`{expr.function}(… for …)`: comprehensions work with {', '.join(AGGREGATES)}")
        keeps_places = expr.function in ("first", "list") and not values
        if keeps_places or any(_reads_places(e) for e in (expr.body, expr.condition) if e is not None):
            iterable = self.compile(expr.iterable)  # items stay Refs: the body asks where one was read
        else:  # the body only computes with the items: plain values, sparing a Ref per item
            iterable = self.value(expr.iterable)
        self.scopes.append({expr.var: _item_type(self.type_of(expr.iterable))})
        try:
            body = self.compile(expr.body) if keeps_places else self.value(expr.body)
            condition = self.value(expr.condition) if expr.condition is not None else None
        finally:
            self.scopes.pop()
        var, kind = expr.var, expr.function

        def selected(env):
            inner = dict(env)
            for item in fn.item_values(iterable(env)):
                inner[var] = item
                if condition is None or _truth(condition(inner)) is True:
                    yield body(inner)

        if kind == "sum":
            def total(env):
                numbers = [fn.number(v) for v in selected(env)]
                return sum(n for n in numbers if n is not None)
            return total
        if kind == "count":
            return lambda env: sum(1 for v in selected(env) if _truth(v) is not False and plain(v) is not None)
        if kind == "any":
            return lambda env: any(_truth(v) is True for v in selected(env))
        if kind == "all":
            return lambda env: all(_truth(v) is True for v in selected(env))
        if kind in ("min", "max"):
            pick = min if kind == "min" else max

            def extreme(env):
                numbers = [n for n in (fn.number(v) for v in selected(env)) if n is not None]
                return pick(numbers) if numbers else None
            return extreme
        if kind == "first":
            return lambda env: next(iter(selected(env)), None)
        return lambda env: list(selected(env))

    def _listexpr(self, expr: ListExpr) -> Closure:
        if all(isinstance(i, Literal) for i in expr.items):  # `in ["=", "≥", ">"]`: built once (nothing changes a list)
            constant = [i.value for i in expr.items]
            return lambda env: constant
        items = [self.value(i) for i in expr.items]
        return lambda env: [plain(i(env)) for i in items]

    def _unary(self, expr: Unary) -> Closure:
        operand, apply = self.value(expr.operand), unary(expr.op)
        return lambda env: apply(operand(env))

    def _boolop(self, expr: BoolOp) -> Closure:
        operands = [self.value(o) for o in expr.operands]
        # Three-valued: the deciding value (false for `and`, true for `or`) wins, then unknown.
        decisive = expr.op == "or"

        def logic(env):
            unknown = False
            for o in operands:
                value = o(env)  # a value closure: never a Ref
                if value is None:
                    unknown = True
                elif bool(value) is decisive:
                    return decisive
            return None if unknown else not decisive
        return logic

    def _binary(self, expr: Binary) -> Closure:
        left, op = self.value(expr.left), expr.op
        if op == "matches":
            pattern = matches_pattern(expr)
            return lambda env: fn.matches(left(env), pattern)
        if op in ("==", "!=") and isinstance(expr.right, Literal) and expr.right.value is None:
            if op == "==":
                return lambda env: left(env) is None
            return lambda env: left(env) is not None
        pair = pairwise(op)
        constant = numeric_constant(expr.right)
        if constant is not None:  # `weight > 0`: one closure fewer
            return lambda env: pair(left(env), constant)
        right = self.value(expr.right)
        return lambda env: pair(left(env), right(env))


def matches_pattern(expr: Binary) -> str:
    """The pattern of `x matches "…"`, refused when it is not a literal or could backtrack without end."""
    if not isinstance(expr.right, Literal) or not isinstance(expr.right.value, str):
        raise RuleFileError(expr.right.loc, "`matches` takes a literal pattern string")
    try:
        fn.compiled_pattern(expr.right.value)
    except fn.UnsafePattern as error:
        raise RuleFileError(expr.right.loc, str(error)) from None
    return expr.right.value


def numeric_constant(expr: Expr) -> int | float | None:
    """The number a literal operand holds, when it is a finite one."""
    constant = expr.value if isinstance(expr, Literal) else None
    return constant if type(constant) in (int, float) and constant - constant == 0 else None


def unary(op: str) -> Callable[[Any], Any]:
    """What `not` or `-` gives for a plain value: null stays null, and so does `-` of what is no number.
    Shared, like `pairwise`, by the closures here and the column closures of vector.py."""
    if op == "not":
        def negate(value):
            value = _truth(value)
            return None if value is None else not value
        return negate

    def minus(value):
        value = fn.number(value)
        return None if value is None else -value
    return minus


@cache
def pairwise(op: str) -> Callable[[Any, Any], Any]:
    """What a binary operator gives for two plain values (never Refs): arithmetic, membership or a
    comparison, null where an operand is null or not a number. One function per operator, shared by the
    closures here and the column closures of vector.py."""
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


# A let is computed when a condition first reads it, once per item (or once per document, for a let that
# does not read the item): most items fail a rule's first `when` before its costlier lets are needed.
# Until then its slot in the rule's env holds PENDING. It is always computed in the rule's own env
# ("$root"), never in a comprehension's copy, where a loop variable could hide a name the let reads.
PENDING = _PENDING  # (kept in values.py, where the engine finds it without importing this module)


def _lazy_let(name: str, let: Closure, unwrap: bool = False) -> Closure:
    """The let's value (`unwrap`: plain, for a value closure), computing it on first read."""
    if unwrap:
        def read_value(env):
            root = env["$root"]
            value = root[name]
            if value is PENDING:
                value = root[name] = let(root)
            return value.value if type(value) is Ref else value
        return read_value

    def read(env):
        root = env["$root"]
        value = root[name]
        if value is PENDING:
            value = root[name] = let(root)
        return value
    return read


def _reads_places(expr: Expr) -> bool:
    """Whether an expression calls a function that asks where a value was read (position, …)."""
    if isinstance(expr, Call) and expr.function in fn.FUNCTIONS and fn.FUNCTIONS[expr.function].reads_places:
        return True
    return any(_reads_places(inner) for inner in _subexpressions(expr))


def _subexpressions(expr: Expr) -> Iterator[Expr]:
    """The expressions directly inside a syntax node: its fields, and the items of its tuple fields
    (syntax nodes are plain dataclasses)."""
    for value in vars(expr).values():
        if isinstance(value, Expr):
            yield value
        elif isinstance(value, tuple):
            yield from (item for item in value if isinstance(item, Expr))


def _unwrap(value: Any) -> Any:
    return value.value if type(value) is Ref else value


def _truth(value: Any) -> bool | None:
    if value is True or value is False:  # what conditions mostly give
        return value
    value = plain(value)
    if value is None:
        return None
    return bool(value)


_READABLE = frozenset().union(*fn.RECORD_FIELDS.values())


def _record_field(record: Any, name: str) -> Any:
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


# ----------------------------------------------------------------------------------- compiled rules
@dataclass
class CompiledRule:
    decl: RuleDecl
    where: Closure | None
    # Lets are computed on first read (see PENDING). Those that read neither the item nor a let that does
    # are reset once per document, not once per item (a rule over 20,000 indicators that summarises the
    # whole list must not do it 20,000 times); the others are reset for every item.
    invariant_lets: tuple[str, ...]
    varying_lets: tuple[str, ...]
    where_is_invariant: bool  # `where kind == …` is decided once per document, not per item
    whens: list[Closure]  # for a rule over a document or the file; a rule over a collection has `columns`
    at: Closure | None
    at_piece: Closure | None  # the text inside the `at` cell the finding points at (`at … within …`)
    message_zh: Callable[[Env], str]
    message_en: Callable[[Env], str]
    fix: Closure | None
    columns: Any = None  # for a rule over a collection, its where and whens over all items at once (vector.py)


def compile_rule(rule: RuleDecl) -> CompiledRule:
    if rule.message is None:
        raise RuleFileError(rule.loc, f"rule {rule.code} has no `message \"…\" / \"…\"`")
    if not rule.whens:
        raise RuleFileError(rule.loc, f"rule {rule.code} has no `when` condition")
    if rule.scope != "items":
        return _compile_rule(rule, None)
    for collection in rule.collections:
        if collection not in COLLECTIONS:
            raise RuleFileError(rule.loc, f"`for {rule.item_var} in {collection}`: rules iterate one of {', '.join(COLLECTIONS)}")
    # Over several collections, the item is type-checked as an item of each: a field one of them lacks is
    # an error at load. The closures do not depend on the item's type, so the first compilation serves all.
    compiled = _compile_rule(rule, rule.collections[0])
    for collection in rule.collections[1:]:
        try:
            _compile_rule(rule, collection)
        except RuleFileError as error:
            raise RuleFileError(error.loc, f"{error.message} (in `for {rule.item_var} in {collection}`)") from None
    return compiled


def _compile_rule(rule: RuleDecl, collection: str | None) -> CompiledRule:
    compiler = Compiler(rule)
    root: dict[str, Any] = {}
    if rule.scope == "file":
        root["documents"] = {"type": "array", "items": compiler.doc_type}
    else:
        root["document"] = compiler.doc_type
    compiler.scopes.append(root)
    if collection is not None:
        root[rule.item_var] = _item_type(_attribute_type(compiler.doc_type, collection, rule.loc))
    if rule.notes_of is not None:  # the items are the notes of a cell; the outer item is their `owner` let
        owner, field = rule.notes_of
        owner_type = root[rule.item_var]
        _attribute_type(owner_type, field, rule.loc)
        root[rule.item_var] = fn.NOTE
    where = compiler.value(rule.where) if rule.where is not None else None
    varying = {rule.item_var} if collection is not None else set()
    for name, expr in rule.lets:
        if name in SETTINGS or name in root:
            raise RuleFileError(expr.loc, f"`let {name}` would hide the name `{name}`; choose another")
        compiler.lets[name] = compiler.compile(expr)
        root[name] = owner_type if rule.notes_of is not None and name == rule.notes_of[0] else compiler.type_of(expr)
        if free_names(expr) & varying:
            varying.add(name)
    names = [name for name, _ in rule.lets]
    invariant = tuple(n for n in names if n not in varying) if collection is not None else ()
    # A rule over a collection runs its conditions a column at a time (vector.py), never these.
    whens = [compiler.value(w) for w in rule.whens] if collection is None else []
    at = compiler.compile(rule.at) if rule.at is not None else None
    at_piece = compiler.value(rule.at_piece) if rule.at_piece is not None else None
    zh, en = rule.message
    fix = compiler.value(rule.fix[1]) if rule.fix else None
    where_invariant = collection is not None and rule.where is not None and rule.item_var not in free_names(rule.where)
    varying_lets = tuple(n for n in names if n not in invariant)
    columns = None
    if collection is not None:
        from jixiao_lint.check.vector import ColumnCompiler  # it builds on this module

        columns = ColumnCompiler(compiler, rule, varying_lets).rule(None if where_invariant else rule.where, rule.whens)
    message_zh, message_en = _template(compiler, zh), _template(compiler, en)
    if rule.messages_when:
        message_zh, message_en = _chosen(compiler, rule.messages_when, message_zh), _chosen(compiler, rule.messages_when, message_en, 2)
    return CompiledRule(rule, where, invariant, varying_lets, where_invariant, whens, at, at_piece,
                        message_zh, message_en, fix, columns)


def _chosen(compiler: Compiler, messages_when: list, plain: Callable[[Env], str], lang: int = 1) -> Callable[[Env], str]:
    """`message when COND "…" / "…"`: the first message whose COND holds (`lang` 1 Chinese, 2 English), else the plain one."""
    options = [(compiler.value(option[0]), _template(compiler, option[lang])) for option in messages_when]

    def render(env: Env) -> str:
        for holds, message in options:
            if holds(env):  # true; false and null are not
                return message(env)
        return plain(env)
    return render


def _template(compiler: Compiler, template: Template) -> Callable[[Env], str]:
    parts = [part if isinstance(part, str) else compiler.value(part) for part in template.parts]

    def render(env: Env) -> str:
        return "".join(part if isinstance(part, str) else format_value(part(env)) for part in parts)
    return render


def free_names(expr: Expr, memo: dict[int, set[str]] | None = None) -> set[str]:
    """The names an expression reads, less those its own comprehensions bind. `memo` (by node id) spares
    a caller that asks of every node of a tree from walking each subtree again."""
    if memo is not None and id(expr) in memo:
        return memo[id(expr)]
    if isinstance(expr, Name):
        names = {expr.name}
    elif isinstance(expr, Comprehension):
        inner = free_names(expr.body, memo) | (free_names(expr.condition, memo) if expr.condition is not None else set())
        names = free_names(expr.iterable, memo) | (inner - {expr.var})
    else:
        names = set()
        for inner in _subexpressions(expr):
            names |= free_names(inner, memo)
    if memo is not None:
        memo[id(expr)] = names
    return names

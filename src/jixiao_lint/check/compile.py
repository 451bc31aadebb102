"""Rule declarations to checks: type-check a rule against the form schema (an unknown field is an error
when the rule file loads, not when it runs), then lower it to the columns of check/vector.py, the one
evaluator, once: running a rule is calling those, never interpreting a tree and never `eval`."""

from __future__ import annotations

from functools import cache
from typing import Any, Callable

from jixiao_lint.check import functions as fn
from jixiao_lint.check import lexicons
from jixiao_lint.check.vector import Builder, Column, subexpressions, truth
from jixiao_lint.parse.rules_language import (EXPRESSION_CELLS, Attr, Binary, Call, Comprehension, Expr, Index, Literal,
                                              Name, RuleDecl, RuleFileError)
from jixiao_lint.records import record
from jixiao_lint.schema.validate import load_schema
from jixiao_lint.suggest import closest

from jixiao_lint.settings import RULE_SETTINGS as SETTINGS  # names every rule can read (settings.py)
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


@cache
def collections() -> tuple[str, ...]:
    """What `for x in …` can iterate, in the schema's order: the fields of a document the schema makes
    a list (indicators, funds, basis, …) or a mapping of any keys (budget_breakdown, sections); then the
    one derived collection, the cells the expression grammar reads (check/notes.py)."""
    found = []
    for name, schema in document_type()["properties"].items():
        schema = _resolve(schema) if isinstance(schema, dict) else {}
        if schema.get("type") == "array" or isinstance(schema.get("additionalProperties"), dict):
            found.append(name)
    return (*found, EXPRESSION_CELLS)


def _shape(schema: dict) -> object:
    schema = _resolve(schema)
    return schema.get("type") or ("number" if "anyOf" in schema else None)


def _attribute_type(owner: Any, name: str, loc) -> Any:
    if name.startswith("_"):  # the way from a value to the interpreter (__class__, __globals__): never
        raise RuleFileError(loc, f"`{name}`: names starting with _ are not fields of a form",
                            f"`{name}`：以 _ 开头的名字不是表单的字段")
    if owner == fn.ANY:
        return fn.ANY
    if isinstance(owner, str):
        fields = fn.RECORD_FIELDS.get(owner, set())
        if name not in fields:
            raise RuleFileError(loc, f"`{name}` is not a field of a {owner.replace('_', ' ')}; it has {', '.join(sorted(fields))}",
                                f"`{name}` 不是 {owner} 的字段；它的字段有 {', '.join(sorted(fields))}")
        return fn.ANY
    schema = _resolve(owner)
    if schema.get("type") == "array":
        raise RuleFileError(loc, f"`.{name}` on a list: iterate it, e.g. sum(x.{name} for x in …)",
                            f"`.{name}` 用在了列表上：请逐项遍历，例如 sum(x.{name} for x in …)")
    props = schema.get("properties")
    if props is None:  # a mapping the schema leaves open: any field, untyped
        return fn.ANY
    if name in props:
        return _resolve(props[name]) if isinstance(props[name], dict) else fn.ANY
    if schema.get("additionalProperties") is False:
        guess = closest(name, sorted(props))
        hint = f"; did you mean `{guess}`?" if guess else f"; known fields: {', '.join(sorted(props))}"
        hint_zh = f"；是不是 `{guess}`？" if guess else f"；已有的字段：{', '.join(sorted(props))}"
        raise RuleFileError(loc, f"unknown field `{name}`{hint}", f"未知字段 `{name}`{hint_zh}")
    return fn.ANY


def _item_type(collection: Any) -> Any:
    if isinstance(collection, dict):
        schema = _resolve(collection)
        if schema.get("type") == "array":
            return _resolve(schema.get("items", {})) if isinstance(schema.get("items"), dict) else fn.ANY
        if isinstance(schema.get("additionalProperties"), dict):
            return _resolve(schema["additionalProperties"])
    return fn.ANY


# --------------------------------------------------------------------------------------------- checker
class Checker:
    """Type-checks a rule's expressions against the form schema: every error a rule can have is found
    here, when the rule file loads. What it learns for the evaluator: which `x.field` reads a record a
    function returned (`records`, by node id)."""

    def __init__(self, rule: RuleDecl):
        self.rule = rule
        self.doc_type = document_type()
        self.scopes: list[dict[str, Any]] = []  # innermost last: name -> static type
        self.records: set[int] = set()

    def lookup(self, name: str, loc) -> Any:
        for scope in reversed(self.scopes):
            if name in scope:
                return scope[name]
        if name in SETTINGS:
            return fn.ANY
        if self.rule.scope != "file":
            return _attribute_type(self.doc_type, name, loc)
        raise RuleFileError(loc, f"unknown name `{name}`; a `for file` rule reads the documents through `documents`",
                            f"未知名字 `{name}`；`for file` 规则通过 `documents` 读取各个文档")

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

    def check(self, expr: Expr) -> None:
        """Raises RuleFileError (file, line, what to write instead) for the first error in `expr`."""
        if isinstance(expr, Name):
            self.lookup(expr.name, expr.loc)
        elif isinstance(expr, Attr):
            owner_type = self.type_of(expr.obj)
            _attribute_type(owner_type, expr.name, expr.loc)
            if isinstance(owner_type, str) and owner_type != fn.ANY:
                self.records.add(id(expr))
            self.check(expr.obj)
        elif isinstance(expr, Index):
            if isinstance(expr.index, Literal) and isinstance(expr.index.value, str) and expr.index.value.startswith("_"):
                raise RuleFileError(expr.index.loc, f"`[{expr.index.value!r}]`: names starting with _ are not fields of a form",
                                    f"`[{expr.index.value!r}]`：以 _ 开头的名字不是表单的字段")
            self.check(expr.obj)
            self.check(expr.index)
        elif isinstance(expr, Call):
            self.function(expr)
            for arg in expr.args:
                self.check(arg)
        elif isinstance(expr, Comprehension):
            if expr.function not in AGGREGATES:
                raise RuleFileError(expr.loc, f"`{expr.function}(… for …)`: comprehensions work with {', '.join(AGGREGATES)}",
                                    f"`{expr.function}(… for …)`：推导式只能用于 {', '.join(AGGREGATES)}")
            self.check(expr.iterable)
            self._with_var(expr, lambda: [self.check(e) for e in (expr.body, expr.condition) if e is not None])
        elif isinstance(expr, Binary) and expr.op == "matches":
            self.check(expr.left)
            matches_pattern(expr)
        else:  # literals, lists, not/-, and/or, the other operators: their operands
            for inner in subexpressions(expr):
                self.check(inner)

    def function(self, expr: Call) -> fn.Function:
        """The function a call names, once the call is found well formed."""
        function = fn.FUNCTIONS.get(expr.function)
        if function is None:
            if expr.function in AGGREGATES:
                raise RuleFileError(expr.loc, f"{expr.function}() takes a comprehension: {expr.function}(x.weight for x in indicators)",
                                    f"{expr.function}() 接受一个推导式：{expr.function}(x.weight for x in indicators)")
            guess = closest(expr.function, sorted(fn.FUNCTIONS))
            hint = f"; did you mean {guess}()?" if guess else ""
            hint_zh = f"；是不是 {guess}()？" if guess else ""
            raise RuleFileError(expr.loc, f"unknown function {expr.function}(){hint}", f"未知函数 {expr.function}(){hint_zh}")
        if not function.min_args <= len(expr.args) <= function.max_args:
            expected = str(function.min_args) if function.min_args == function.max_args else f"{function.min_args} to {function.max_args}"
            raise RuleFileError(expr.loc, f"{expr.function}() takes {expected} argument(s), got {len(expr.args)}",
                                f"{expr.function}() 接受 {expected.replace(' to ', '–')} 个参数，实际给了 {len(expr.args)} 个")
        for position in function.literal_args:
            arg = expr.args[position]
            if not isinstance(arg, Literal) or not isinstance(arg.value, str):
                raise RuleFileError(arg.loc, f"argument {position + 1} of {expr.function}() must be a literal string",
                                    f"{expr.function}() 的第 {position + 1} 个参数必须是字符串字面量")
            self._check_literal(expr.function, arg)
        return function

    def _check_literal(self, function: str, arg: Literal) -> None:
        if function == "lexicon" and not lexicons.available(arg.value):
            raise RuleFileError(arg.loc, f"no lexicon named `{arg.value}` (rules/lexicons/{arg.value}.yaml)",
                                f"没有名为 `{arg.value}` 的词表（rules/lexicons/{arg.value}.yaml）")
        if function == "find":
            try:
                fn.compiled_pattern(arg.value)
            except fn.UnsafePattern as error:
                raise RuleFileError(arg.loc, *error.args) from None


def matches_pattern(expr: Binary) -> str:
    """The pattern of `x matches "…"`, refused when it is not a literal or could backtrack without end."""
    if not isinstance(expr.right, Literal) or not isinstance(expr.right.value, str):
        raise RuleFileError(expr.right.loc, "`matches` takes a literal pattern string", "`matches` 的右边必须是字符串字面量的模式")
    try:
        fn.compiled_pattern(expr.right.value)
    except fn.UnsafePattern as error:
        raise RuleFileError(expr.right.loc, *error.args) from None
    return expr.right.value


# ----------------------------------------------------------------------------------- compiled rules
@record
class CompiledRule:
    """A rule lowered to columns (check/vector.py). Those of the document run in its frame of one row;
    the others, for a rule over a collection, in the frame of its items."""

    decl: RuleDecl
    document_lets: tuple[str, ...]  # the lets that read no item: computed once per document, on first read
    item_lets: tuple[str, ...]  # the lets that read the item: a column per collection, filled on first read
    document_conditions: list[Column]  # the `where` and `when`s that read no item, decided once per document
    item_conditions: list[Column]
    at: Column | None
    at_piece: Column | None  # the text inside the `at` cell the finding points at (`at … within …`)
    message_zh: Column
    message_en: Column
    fix: Column | None


def compile_rule(rule: RuleDecl) -> CompiledRule:
    if rule.message is None:
        raise RuleFileError(rule.loc, f"rule {rule.code} has no `message \"…\" / \"…\"`",
                            f"规则 {rule.code} 缺少 `message \"…\" / \"…\"`")
    if not rule.whens:
        raise RuleFileError(rule.loc, f"rule {rule.code} has no `when` condition", f"规则 {rule.code} 缺少 `when` 条件")
    if rule.scope != "items":
        return _lower(rule, _check_rule(rule, None))
    for collection in rule.collections:
        if collection not in collections():
            known = ", ".join(collections())
            raise RuleFileError(rule.loc, f"`for {rule.item_var} in {collection}`: rules iterate one of {known}",
                                f"`for {rule.item_var} in {collection}`：规则只能遍历 {known} 之一")
    # Over several collections, the item is type-checked as an item of each: a field one of them lacks is
    # an error at load. The columns do not depend on the item's type, so they are built once for all.
    checker = _check_rule(rule, rule.collections[0])
    for collection in rule.collections[1:]:
        try:
            _check_rule(rule, collection)
        except RuleFileError as error:
            raise RuleFileError(error.loc, f"{error.message} (in `for {rule.item_var} in {collection}`)",
                                f"{error.zh or error.message}（在 `for {rule.item_var} in {collection}` 中）") from None
    return _lower(rule, checker)


def _check_rule(rule: RuleDecl, collection: str | None) -> Checker:
    checker = Checker(rule)
    root: dict[str, Any] = {}
    if rule.scope == "file":
        root["documents"] = {"type": "array", "items": checker.doc_type}
    else:
        root["document"] = checker.doc_type
    checker.scopes.append(root)
    if collection == EXPRESSION_CELLS:  # a cell: text, or a target as written
        root[rule.item_var] = fn.ANY
    elif collection is not None:
        root[rule.item_var] = _item_type(_attribute_type(checker.doc_type, collection, rule.loc))
    owner_type = None
    if rule.notes_of is not None:  # the items are the notes of a cell; the outer item is their `owner` let
        owner_type = root[rule.item_var]
        if rule.notes_of[1] is not None:
            _attribute_type(owner_type, rule.notes_of[1], rule.loc)
        root[rule.item_var] = fn.NOTE
    if rule.where is not None:
        checker.check(rule.where)
    for name, expr in rule.lets:
        if name in SETTINGS or name in root:
            raise RuleFileError(expr.loc, f"`let {name}` would hide the name `{name}`; choose another",
                                f"`let {name}` 会遮蔽已有的名字 `{name}`；请换一个名字")
        checker.check(expr)
        root[name] = owner_type if owner_type is not None and name == rule.notes_of[0] else checker.type_of(expr)
    for expr in (*rule.whens, rule.at, rule.at_piece, rule.fix[1] if rule.fix else None):
        if expr is not None:
            checker.check(expr)
    for condition, _, _ in rule.messages_when:
        checker.check(condition)
    for template in (*rule.message, *(t for _, *pair in rule.messages_when for t in pair)):
        for part in template.parts:
            if not isinstance(part, str):
                checker.check(part)
    return checker


def _lower(rule: RuleDecl, checker: Checker) -> CompiledRule:
    builder = Builder(rule, SETTINGS, checker.records)
    level = 1 if rule.scope == "items" else 0  # where a finding's `at`, message and fix are asked
    # As it is type-checked: the `where` before the lets, which only what follows them reads.
    document_conditions, item_conditions = builder.conditions([rule.where] if rule.where is not None else [])
    for name, expr in rule.lets:
        builder.let(name, expr)
    more_document, more_items = builder.conditions(list(rule.whens))
    document_conditions += more_document
    item_conditions += more_items
    zh, en = rule.message
    message_zh, message_en = builder.template(zh, level), builder.template(en, level)
    if rule.messages_when:
        message_zh = _chosen(builder, rule.messages_when, message_zh, 1, level)
        message_en = _chosen(builder, rule.messages_when, message_en, 2, level)
    return CompiledRule(
        rule, tuple(builder.let_levels[0]), tuple(builder.let_levels[1]), document_conditions, item_conditions,
        builder.build(rule.at, True, level) if rule.at is not None else None,
        builder.build(rule.at_piece, False, level) if rule.at_piece is not None else None,
        message_zh, message_en,
        builder.build(rule.fix[1], False, level) if rule.fix else None)


def _chosen(builder: Builder, messages_when: list, plain: Column, lang: int, level: int) -> Column:
    """`message when COND "…" / "…"`: for each row the first message whose COND holds (`lang` 1 Chinese,
    2 English), else the plain one."""
    options = [(builder.build(option[0], False, level), builder.template(option[lang], level)) for option in messages_when]

    def render(frame, rows: list[int]) -> list[str]:
        texts: list = [None] * len(rows)
        undecided = list(range(len(rows)))
        for holds, message in options:
            if not undecided:
                break
            answers = holds(frame, [rows[i] for i in undecided])
            chosen = [i for i, answer in zip(undecided, answers) if truth(answer) is True]  # false and null are not
            for i, text in zip(chosen, message(frame, [rows[i] for i in chosen]) if chosen else ()):
                texts[i] = text
            undecided = [i for i, answer in zip(undecided, answers) if truth(answer) is not True]
        for i, text in zip(undecided, plain(frame, [rows[i] for i in undecided]) if undecided else ()):
            texts[i] = text
        return texts
    return render

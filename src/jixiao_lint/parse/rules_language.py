"""The rule language's parser: rule file text to a tree of declarations (grammar: grammars/rules.lark).

Nothing here evaluates anything; check/compile.py turns the tree into checks after type-checking it.
"""

from __future__ import annotations

import re
import textwrap
from functools import cache
from pathlib import Path

from jixiao_lint.records import field, record
from jixiao_lint.resources import grammars_dir

# The one collection the language derives rather than reads from the form schema: the cells the
# expression grammar reads (check/notes.py), iterated by `for cell in expression_cells` + `notes(cell)`.
EXPRESSION_CELLS = "expression_cells"


@record
class Loc:
    file: str
    line: int
    column: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"


class RuleFileError(Exception):
    """A rule file that does not parse or does not type-check; the run stops with exit 2."""

    def __init__(self, loc: Loc, message: str, zh: str | None = None):
        super().__init__(f"{loc}: {message}")
        self.loc = loc
        self.message = message
        self.zh = zh  # the Chinese, said by default; a message not yet given one is said in English

    def text(self, lang: str) -> str:
        return f"{self.loc}: {self.message if lang == 'en' or not self.zh else self.zh}"


# Expressions: small nodes, each knowing where it was written, never changed once built (not declared
# frozen, which would make them hashable: nothing keys a dict by a node).
@record
class Expr:
    loc: Loc


@record
class Literal(Expr):
    value: object


@record
class Name(Expr):
    name: str


@record
class Attr(Expr):
    obj: Expr
    name: str


@record
class Index(Expr):
    obj: Expr
    index: Expr


@record
class Call(Expr):
    function: str
    args: tuple[Expr, ...]


@record
class Comprehension(Expr):
    function: str  # sum, count, any, all, min, max, first, list
    body: Expr
    var: str
    iterable: Expr
    condition: Expr | None


@record
class ListExpr(Expr):
    items: tuple[Expr, ...]


@record
class Unary(Expr):
    op: str  # "-" or "not"
    operand: Expr


@record
class Binary(Expr):
    op: str  # + - * / == != < <= > >= in "not in" matches
    left: Expr
    right: Expr


@record
class BoolOp(Expr):
    op: str  # "and" | "or"
    operands: tuple[Expr, ...]


@record
class Conditional(Expr):
    """`then if condition else otherwise`: only the branch the condition picks is worked out."""

    condition: Expr
    then: Expr
    otherwise: Expr


@record
class Template:
    """A message with {expression} holes; literal braces are written {{ and }}."""

    parts: tuple[str | Expr, ...]


@record
class Example:
    kind: str  # "pass" | "fail"
    text: str
    loc: Loc


@record
class RuleDecl:
    code: str
    name: str
    severity: str
    loc: Loc
    summary: tuple[str, str] | None = None
    scope: str = "document"  # "document" | "file" | "items"
    item_var: str | None = None
    collections: tuple[str, ...] = ()  # `for row in indicators, score_table`: the rule runs over each
    where: Expr | None = None
    lets: list[tuple[str, Expr]] = field(default_factory=list)
    whens: list[Expr] = field(default_factory=list)
    at: Expr | None = None
    at_part: str | None = None
    at_piece: Expr | None = None  # `at piece within cell`: the finding points at that text inside the cell
    # `for note in notes(indicator.target)`: the rule runs over the notes of that cell of each item (the
    # outer variable is then the first let, bound to each note's item); `at note` (an `at` whose value is a
    # note) points at its span. (outer variable, the item's field): ("indicator", "target"); the field is
    # None for notes(cell) over expression_cells.
    notes_of: tuple[str, str | None] | None = None
    message: tuple[Template, Template] | None = None
    # `message when COND "…" / "…"`: in this order, the first whose COND holds replaces the plain message
    messages_when: list[tuple[Expr, Template, Template]] = field(default_factory=list)
    fix: tuple[str, Expr] | None = None
    doc: str = ""
    doc_en: str = ""  # the English half of `doc "…" / "…"`; "" where the rule file gives none
    examples: list[Example] = field(default_factory=list)
    source: str = ""  # the rule's own text, for --explain


@cache
def _parser():
    from lark import Lark  # lark is imported on first use: --version must not pay for it

    from jixiao_lint.parse.cache import lark_cache_file

    return Lark(_grammar_text(), parser="lalr", cache=lark_cache_file(_grammar_text() + "rules"), start=["start", "expression"], propagate_positions=True,
                maybe_placeholders=False)


@cache
def _grammar_text() -> str:
    return (grammars_dir() / "rules.lark").read_text(encoding="utf-8")


def parse_rule_file(text: str, file: str) -> list[RuleDecl]:
    from jixiao_lint.parse.cache import cached

    # The entry is keyed by the grammar and by this module's own source too: a pickle made with other
    # versions of these node classes must be a miss, not a tree missing a field.
    return cached(text, file, _grammar_text() + _this_source(), lambda: _parse_rule_file(text, file))


@cache
def _this_source() -> str:
    try:
        return Path(__file__).read_text(encoding="utf-8")
    except OSError:  # run from bytecode alone: the version in the key still tells releases apart
        return ""


def _parse_rule_file(text: str, file: str) -> list[RuleDecl]:
    from lark.exceptions import UnexpectedCharacters, UnexpectedEOF, UnexpectedInput, UnexpectedToken

    try:
        tree = _parser().parse(text, start="start")
    except UnexpectedInput as error:
        line = getattr(error, "line", 1) or 1
        column = getattr(error, "column", 1) or 1
        if isinstance(error, UnexpectedEOF) or (isinstance(error, UnexpectedToken) and error.token.type == "$END"):
            raise RuleFileError(Loc(file, max(1, text.count("\n")), 1), "unexpected end of file: a rule is missing its `end`",
                                "文件意外结束：有一条规则缺少结尾的 `end`") from None
        if isinstance(error, UnexpectedToken):
            expected = ", ".join(sorted(_describe(t) for t in error.expected)[:8])
            raise RuleFileError(Loc(file, line, column), f"unexpected {error.token!r}; expected {expected}",
                                f"此处不应出现 {error.token!r}；应为 {expected}") from None
        if isinstance(error, UnexpectedCharacters):
            raise RuleFileError(Loc(file, line, column), f"unexpected character {text[error.pos_in_stream]!r}",
                                f"此处不应出现字符 {text[error.pos_in_stream]!r}") from None
        raise RuleFileError(Loc(file, line, column), str(error)) from None
    lines = text.splitlines()
    rules = [_Builder(file).rule(node) for node in tree.children]
    for rule, node in zip(rules, tree.children):
        rule.source = "\n".join(lines[node.meta.line - 1: node.meta.end_line])
    return rules


_TERMINAL_NAMES = {"NAME": "a name", "STRING": "a string", "LONG_STRING": "a string", "NUMBER": "a number",
                   "CODE": "a rule code like W001", "RULE_NAME": "a rule name like weights-sum",
                   "SEVERITY": "error/warning/info", "APPLICABILITY": "safe/unsafe", "EXAMPLE_KIND": "pass/fail",
                   "COMP_OP": "a comparison", "ADD_OP": "+ or -", "MUL_OP": "* or /", "LPAR": "(", "RPAR": ")",
                   "LSQB": "[", "RSQB": "]", "COMMA": ",", "DOT": ".", "COLON": ":", "SLASH": "/", "EQUAL": "="}


def _describe(terminal: str) -> str:
    return _TERMINAL_NAMES.get(terminal, f"`{terminal.lower()}`")


def _unquote(token) -> str:
    raw = str(token)
    if raw.startswith('"""'):
        body = raw[3:-3]
        if body.startswith("\n"):
            body = body[1:]
        return textwrap.dedent(body).rstrip() + ("\n" if body.strip() else "")
    return re.sub(r"\\(.)", lambda m: {"n": "\n", "t": "\t"}.get(m.group(1), m.group(1)), raw[1:-1])


class _Builder:
    def __init__(self, file: str):
        self.file = file

    def loc(self, node) -> Loc:
        meta = getattr(node, "meta", None)
        if meta is not None and not getattr(meta, "empty", True):
            return Loc(self.file, meta.line, meta.column)
        line = getattr(node, "line", None)
        return Loc(self.file, line or 1, getattr(node, "column", 1) or 1)

    def rule(self, node) -> RuleDecl:
        code, name, severity, *clauses = node.children
        rule = RuleDecl(str(code), str(name), str(severity), self.loc(node))
        for clause in clauses:
            kind = clause.data
            c = clause.children
            if kind == "summary":
                rule.summary = (self.string(c[0]), self.string(c[1]))
            elif kind == "for_clause":
                scope = c[0]
                if scope.data == "scope_notes":
                    self.notes_scope(rule, scope, clause)
                    rule.where = self.expr(c[1]) if len(c) > 1 else None
                    continue
                if rule.notes_of is not None:
                    raise RuleFileError(self.loc(clause), "`for … in notes(…)` comes after the rule's other `for`",
                                          "`for … in notes(…)` 应写在规则的另一个 `for` 之后")
                if scope.data == "scope_items":
                    rule.scope, rule.item_var = "items", str(scope.children[0])
                    rule.collections = tuple(str(name) for name in scope.children[1:])
                else:
                    rule.scope = "document" if scope.data == "scope_document" else "file"
                rule.where = self.expr(c[1]) if len(c) > 1 else None
            elif kind == "let_clause":
                rule.lets.append((str(c[0]), self.expr(c[1])))
            elif kind == "when_clause":
                rule.whens.append(self.expr(c[0]))
            elif kind == "at_clause":
                if len(c) == 2:
                    rule.at_part, rule.at = str(c[0].children[0]), self.expr(c[1])
                else:
                    rule.at = self.expr(c[0])
            elif kind == "at_within":
                rule.at_piece, rule.at = self.expr(c[0]), self.expr(c[1])
            elif kind == "message" and len(c) == 3:
                rule.messages_when.append((self.expr(c[0]), self.template(c[1]), self.template(c[2])))
            elif kind == "message":
                if rule.message is not None:
                    raise RuleFileError(self.loc(clause), "a rule has one plain `message`; the others say `message when COND`",
                                          "一条规则只有一个普通的 `message`；其余的请写成 `message when COND`")
                rule.message = (self.template(c[0]), self.template(c[1]))
            elif kind == "fix":
                rule.fix = (str(c[0]), self.expr(c[1]))
            elif kind == "doc":
                rule.doc = self.string(c[0])
                rule.doc_en = self.string(c[1]) if len(c) > 1 else ""
            elif kind == "example":
                rule.examples.append(Example(str(c[0]), self.string(c[1]), self.loc(c[1])))
        return rule

    def notes_scope(self, rule: RuleDecl, scope, clause) -> None:
        """`for note in notes(indicator.target)`: the notes the parser makes of one cell of each item."""
        var, function, cell = str(scope.children[0]), str(scope.children[1]), self.expr(scope.children[2])
        loc = self.loc(clause)
        if function != "notes":
            raise RuleFileError(loc, f"`for {var} in {function}(…)`: the only collection of a cell is notes(…)",
                                f"`for {var} in {function}(…)`：单元格唯一可遍历的集合是 notes(…)")
        if rule.scope != "items" or rule.notes_of is not None or len(rule.collections) != 1:
            raise RuleFileError(loc, f"`for {var} in notes(…)` follows one `for ITEM in COLLECTION`",
                                f"`for {var} in notes(…)` 应紧跟在一个 `for ITEM in COLLECTION` 之后")
        # notes(indicator.target): a field of each item; notes(cell): each cell of `expression_cells` itself.
        whole = isinstance(cell, Name) and cell.name == rule.item_var and rule.collections == (EXPRESSION_CELLS,)
        if not whole and not (isinstance(cell, Attr) and isinstance(cell.obj, Name) and cell.obj.name == rule.item_var):
            raise RuleFileError(loc, f"notes(…) reads a field of `{rule.item_var}`, e.g. notes({rule.item_var}.target)"
                                     " (or, over expression_cells, the cell itself)",
                                f"notes(…) 读取 `{rule.item_var}` 的一个字段，例如 notes({rule.item_var}.target)"
                                "（遍历 expression_cells 时读取单元格本身）")
        if rule.lets or rule.whens or rule.where is not None:
            raise RuleFileError(loc, f"`for {var} in notes(…)` comes before the rule's `where`, `let` and `when`",
                                f"`for {var} in notes(…)` 应写在规则的 `where`、`let` 和 `when` 之前")
        # The outer variable becomes the first let, bound by the engine to each note's item.
        rule.notes_of = (rule.item_var, None if whole else cell.name)
        rule.lets.append((rule.item_var, Attr(loc, Name(loc, var), "owner")))
        rule.item_var = var

    def string(self, node) -> str:
        return _unquote(node.children[0])

    def template(self, node) -> Template:
        text = self.string(node)
        loc = self.loc(node)
        parts: list[str | Expr] = []
        literal = []
        i = 0
        while i < len(text):
            ch = text[i]
            if ch in "{}" and text[i:i + 2] in ("{{", "}}"):
                literal.append(ch)
                i += 2
                continue
            if ch == "{":
                end = text.find("}", i)
                if end == -1:
                    raise RuleFileError(loc, "a message has `{` without its closing `}` (write {{ for a literal brace)",
                                        "消息中的 `{` 没有对应的 `}`（要写花括号本身，请写 {{）")
                if literal:
                    parts.append("".join(literal))
                    literal = []
                parts.append(self.inline_expr(text[i + 1:end], loc))
                i = end + 1
                continue
            if ch == "}":
                raise RuleFileError(loc, "a message has `}` without its opening `{` (write }} for a literal brace)",
                                    "消息中的 `}` 没有对应的 `{`（要写花括号本身，请写 }}）")
            literal.append(ch)
            i += 1
        if literal:
            parts.append("".join(literal))
        return Template(tuple(parts))

    def inline_expr(self, source: str, loc: Loc) -> Expr:
        from lark.exceptions import UnexpectedInput

        try:
            tree = _parser().parse(source, start="expression")
        except UnexpectedInput:
            raise RuleFileError(loc, f"cannot read the expression {{{source}}} in a message",
                                f"无法读懂消息中的表达式 {{{source}}}") from None
        return _Builder(self.file).expr_at(tree.children[0], loc)

    def expr_at(self, node, loc: Loc) -> Expr:
        """Expressions inside message strings carry the message's location."""
        builder = _Builder(self.file)
        builder.loc = lambda _node: loc  # type: ignore[method-assign]
        return builder.expr(node)

    def expr(self, node) -> Expr:
        from lark import Token

        if isinstance(node, Token):
            if node.type in ("STRING", "LONG_STRING"):
                return Literal(self.loc(node), _unquote(node))
            return Name(self.loc(node), str(node))
        data, c, loc = node.data, node.children, self.loc(node)
        if data in ("or_", "and_"):
            if len(c) == 1:
                return self.expr(c[0])
            return BoolOp(loc, "or" if data == "or_" else "and", tuple(self.expr(x) for x in c))
        if data == "arith":
            if len(c) == 1:
                return self.expr(c[0])
            result = self.expr(c[0])
            for op, operand in zip(c[1::2], c[2::2]):
                result = Binary(loc, str(op), result, self.expr(operand))
            return result
        if data == "conditional":
            return Conditional(loc, self.expr(c[1]), self.expr(c[0]), self.expr(c[2]))
        if data == "not_":
            return Unary(loc, "not", self.expr(c[0]))
        if data == "neg":
            return Unary(loc, "-", self.expr(c[0]))
        if data == "compare":
            return Binary(loc, str(c[1]), self.expr(c[0]), self.expr(c[2]))
        if data in ("in_", "not_in", "matches"):
            op = {"in_": "in", "not_in": "not in", "matches": "matches"}[data]
            return Binary(loc, op, self.expr(c[0]), self.expr(c[1]))
        if data == "attr":
            return Attr(loc, self.expr(c[0]), str(c[1]))
        if data == "index":
            return Index(loc, self.expr(c[0]), self.expr(c[1]))
        if data == "number":
            text = str(c[0])
            return Literal(loc, float(text) if "." in text else int(text))
        if data == "string":
            return Literal(loc, _unquote(c[0]))
        if data in ("null", "true", "false"):
            return Literal(loc, {"null": None, "true": True, "false": False}[data])
        if data == "name":
            return Name(loc, str(c[0]))
        if data == "call":
            return Call(loc, str(c[0]), tuple(self.expr(x) for x in c[1:]))
        if data == "comprehension":
            function, body, var, iterable, *condition = c
            return Comprehension(loc, str(function), self.expr(body), str(var), self.expr(iterable),
                                 self.expr(condition[0]) if condition else None)
        if data == "list":
            return ListExpr(loc, tuple(self.expr(x) for x in c))
        if data == "expression":
            return self.expr(c[0])
        raise RuleFileError(loc, f"unsupported construct {data}", f"不支持的写法 {data}")

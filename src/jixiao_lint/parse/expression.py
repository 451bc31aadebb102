"""Indicator expressions: what people type into the 指标性质/指标值 cells, read into a typed value.

    parse_target("≥ 95%")        operator "≥", value 95.0, unit "%"
    parse_target("不少于12次")    operator "≥", value 12.0, unit "次", note noncanonical-operator (`≥`)
    parse_target("95%以上")       operator "≥", value 95.0, note noncanonical-suffix (`≥ 95%`)
    parse_target("90～100")       operator "range", low 90.0, high 100.0
    parse_target("定性：优")      operator "qualitative", wording "优"
    parse_target("95")            operator None, note missing-operator: the rules suggest ≥ or ≤ by polarity
    parse_target("$\\forall$ 90") raises ExpressionError garbled-operator-guessed, suggestion "≥"

The grammar of record is grammars/expression.lark (LALR). Its operator terminals are coarse: this
module decides which operator a token is, whether it is written canonically, and what a garbled one
was probably meant to be. Every span is in code points of the text as written: before lexing, the
text goes through a 1:1 translation table (full-width → ASCII), so positions never shift.

A Note is non-fatal and may carry a safe fix (`replacement` for `text[start:end]`); ExpressionError
is the only exception the parse_* functions raise on a string. Both are a kind, a span and the data a
message needs, never a rule code or a message: rules/expressions.rules says which rule reports what.
"""

from __future__ import annotations

import re
from functools import cache
from typing import TYPE_CHECKING, Any, Iterable

from jixiao_lint.parse.notes import Note
from jixiao_lint.parse.numbers import UnreadableNumber, read_number
from jixiao_lint.records import record
from jixiao_lint.resources import grammars_dir

if TYPE_CHECKING:
    from lark import Lark, Tree
    from lark.exceptions import UnexpectedInput

__all__ = [
    "Expression",
    "ExpressionError",
    "Note",
    "apply_fixes",
    "parse_actual",
    "parse_number",
    "parse_target",
]

# What an ExpressionError can be, by what went wrong (each kind's data in brackets):
GARBLED = frozenset({
    "garbled-operator",  # [written] a glyph in the operator's place that is no operator
    "garbled-operator-guessed",  # [written, suggestion] the same, with the operator it likely stood for
    "contradictory-operators",  # [written, suffix] `≥ 95%以下`
})  # fmt: skip
EMPTY = frozenset({
    "empty-value",  # nothing written
    "placeholder",  # [written] only — or /
    "qualitative-without-wording",  # 定性 and nothing after it
    "nothing-after-operator",  # [written] an operator (or 以上) and no value
})  # fmt: skip
UNREADABLE = frozenset({
    "ambiguous-comma", "too-many-digits",  # [written] digits that make no one number (parse/numbers.py)
    "tolerance-above",  # [written] `±5%以上`
    "range-units-differ",  # [low_unit, high_unit]
    "incomplete-value",  # [written] what is read before the cell stops short
    "unexpected-text",  # [written] where the grammar cannot go on
    "not-a-number",  # [written] a number cell that stops short of a number
    "unreadable-number",  # [written] where a number cell cannot be read on
    "number-expected",  # [reason, …] a number cell that reads as an empty or garbled value (kind `reason`)
})  # fmt: skip


class ExpressionError(Exception):
    """The value cannot be read: a kind of GARBLED, EMPTY or UNREADABLE, with its span and data."""

    def __init__(
        self, kind: str, start: int, end: int, data: dict[str, Any] | None = None,
        suggestion: str | None = None, suggestion_basis: str | None = None,
    ) -> None:  # fmt: skip
        super().__init__(f"{kind} [{start}:{end}] {data or ''}")
        self.kind = kind
        self.start = start
        self.end = end
        self.data = data or {}
        self.suggestion = suggestion  # the likely operator, e.g. "≥"
        # Why: "shape" when the glyph itself points to it (`═` is `=`, `=>` is `≥`); "usage" when it is
        # only what PDF conversion usually garbles into this glyph (`$\forall$`, `<b></b>` for `≥`).
        # A "usage" guess should give way to the indicator's polarity.
        self.suggestion_basis = suggestion_basis


@record(slots=True)
class Expression:
    text: str  # as written
    operator: str | None  # "≥" "≤" "=" ">" "<" "range" "qualitative", or None for a bare value
    value: float | None  # the single value (None for range and qualitative)
    low: float | None  # range ends, both included
    high: float | None
    wording: str | None  # qualitative wording: "良好", "有所提升"
    unit: str | None  # unit written inside the expression: "平方米", "次"; "%" for percent
    operator_span: tuple[int, int] | None
    value_span: tuple[int, int] | None
    unit_span: tuple[int, int] | None
    notes: tuple[Note, ...]
    # The numbers as they should be written, decimals kept exactly ("98.80"), for checks on precision.
    digits: str | None = None
    low_digits: str | None = None
    high_digits: str | None = None

    @property
    def percent(self) -> bool:
        return self.unit == "%"

    @property
    def canonical(self) -> str:
        """`≥ 95`, `≥ 95%`, `= 510000平方米`, `90-100`, `定性 良好`; a bare value stays bare."""
        if self.operator == "qualitative":
            return f"定性 {self.wording}"
        unit = self.unit or ""
        if self.operator == "range":
            return f"{self.low_digits}-{self.high_digits}{unit}"
        if self.digits is None:
            return self.wording or ""
        if self.operator is None:
            return f"{self.digits}{unit}"
        return f"{self.operator} {self.digits}{unit}"


def parse_target(text: str) -> Expression:
    """Read a `target` (指标性质 + 指标值)."""
    return _read(text, "target")


def parse_actual(text: str) -> Expression:
    """Read an `actual` (全年完成值): a number, a number with unit, or wording (operator
    "qualitative"). An operator is noted actual-with-operator; text that is no expression is wording."""
    try:
        return _read(text, "actual")
    except ExpressionError as error:
        if error.kind not in UNREADABLE:
            raise
        start, end = _strip_span(text)
        wording = text[start:end]
        return Expression(
            text, "qualitative", None, None, None, wording, None, None, (start, end), None, ()
        )


def parse_number(text: str) -> Expression:
    """Read a numeric cell written as a string: `"54. 36"`, `"87, 599, 029. 86"`, `"９５"`, `"95%"`.
    Operator None; notes when badly typed; an UNREADABLE ExpressionError when it is not a number."""
    try:
        return _read(text, "number")
    except ExpressionError as error:
        if error.kind in UNREADABLE:
            raise
        raise ExpressionError("number-expected", error.start, error.end, {"reason": error.kind, **error.data}) from None


def apply_fixes(text: str, notes: Iterable[Note]) -> str:
    """Apply the notes' fixes. Where two overlap, the one that starts first (the wider on a tie)
    wins: an outer fix (`95%以上` → `≥ 95%`) already carries the inner one (`９５` → `95`)."""
    fixes = sorted((n for n in notes if n.replacement is not None), key=lambda n: (n.start, -n.end))
    pieces: list[str] = []
    done = 0
    for note in fixes:
        if note.start < done:
            continue
        pieces += (text[done : note.start], note.replacement)
        done = note.end
    pieces.append(text[done:])
    return "".join(pieces)


# --- how things are written ------------------------------------------------------------------------


def _translation() -> dict[int, int]:
    """Full-width and look-alike characters → the ASCII (or canonical) character the grammar reads.
    One character for one character, so a position in the lexed text is a position in the original."""
    table = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}  # ！…～ → !…~ (digits, ％, ＞＝, （）)
    pairs = {
        "\u3000": " ", "\u00a0": " ", "\t": " ", "\r": " ", "\u2002": " ", "\u2003": " ",
        "\u2009": " ", "\u202f": " ",
        "﹦": "=", "﹤": "<", "﹥": ">", "﹪": "%", "﹣": "-",
        "≧": "≥", "≦": "≤", "⩾": "≥", "⩽": "≤",
        "—": "-", "–": "-", "―": "-", "‐": "-", "‑": "-", "‒": "-", "−": "-",
        "〜": "~", "【": "[", "】": "]",
    }  # fmt: skip
    table.update({ord(k): ord(v) for k, v in pairs.items()})
    return table


_FULLWIDTH = _translation()

# Written operator (after translation) → canonical. Anything else lexed as an operator is garbled.
_SYMBOLS = {
    "≥": "≥", ">=": "≥", "≥=": "≥",
    "≤": "≤", "<=": "≤", "=<": "≤", "≤=": "≤",
    "=": "=", "==": "=",
    ">": ">", "<": "<",
}  # fmt: skip
_LATEX = {
    "geqslant": "≥", "geq": "≥", "ge": "≥", "geqq": "≥",
    "leqslant": "≤", "leq": "≤", "le": "≤", "leqq": "≤",
    "gt": ">", "lt": "<",
}  # fmt: skip
_WORDS = {
    "不少于": "≥", "不低于": "≥", "不小于": "≥", "大于等于": "≥", "大于或等于": "≥", "达到": "≥",
    "至少": "≥", "不得少于": "≥", "不得低于": "≥",
    "不超过": "≤", "不高于": "≤", "不大于": "≤", "小于等于": "≤", "小于或等于": "≤", "不多于": "≤",
    "至多": "≤", "不得超过": "≤", "不得高于": "≤",
    "等于": "=",
    "大于": ">", "高于": ">", "超过": ">", "多于": ">",
    "小于": "<", "低于": "<", "少于": "<",
}  # fmt: skip
# 以上/以下 include the number itself (by statute and by every form's usage).
_SUFFIXES = {"以上": "≥", "及以上": "≥", "或以上": "≥", "以下": "≤", "及以下": "≤", "或以下": "≤", "以内": "≤",
             "及以内": "≤", "或以内": "≤"}  # fmt: skip
_DIRECTION = {"≥": ">", ">": ">", "≤": "<", "<": "<", "=": "="}

# What a garbled operator most likely stood for. By its shape: a double bar is an equals sign. By
# usage: in PDF-converted forms (seed 000) `$\forall$`, `$\Rightarrow$` and an empty `<b></b>` stand
# where the paper form printed ≥, the commonest operator by far; the arrows pointing left, for ≤.
# A guess by usage is only a prior: the indicator's polarity knows better.
_LOOKS_LIKE = {"═": "=", "≡": "=", "equiv": "=", "cong": "="}
_STANDS_FOR = {
    "forall": "≥", "Rightarrow": "≥", "rightarrow": "≥", "to": "≥", "Longrightarrow": "≥",
    "Leftarrow": "≤", "leftarrow": "≤",
    "∀": "≥", "⇒": "≥", "→": "≥", "⟹": "≥", "⇐": "≤", "←": "≤",
}  # fmt: skip

# Grades a qualitative scale is made of; a target that lists three or more of them lists the scale
# (优良中低差, 好/较好/一般/较差) instead of the grade aimed at.
_GRADES = (
    "非常满意 比较满意 基本满意 不满意 满意 不合格 不及格 合格 及格 非常好 优秀 良好 中等 一般 较好 很好 较差 "
    "较高 较低 优 良 中 低 差 好 高"
).split()
_GRADE_RUN = re.compile("|".join(sorted(_GRADES, key=len, reverse=True)))  # 优秀 before 优
_LIST_SEPARATORS = re.compile(r"[\s/、,，;；|]+")

_PLACEHOLDER = re.compile(r"\s*[-/\\_]*\s*")  # an empty cell, or one that holds only — or /
_BARE_QUALITATIVE = re.compile(r"\s*定性[\s:()\[\]]*")  # 定性, 定性：, 定性（）: the wording is missing


# --- reading ---------------------------------------------------------------------------------------


@cache
def _parser() -> Lark:
    # lark is imported here, not at the top: most cells take the fast path, and a small run should not
    # pay for importing lark (a third of a hook's start-up) unless a cell needs the full grammar.
    from lark import Lark

    from jixiao_lint.parse.cache import lark_cache_file

    grammar = (grammars_dir() / "expression.lark").read_text(encoding="utf-8")
    # Never lark's own cache=True (a predictable file in /tmp): a file in the user's own cache directory.
    return Lark(grammar, parser="lalr", lexer="contextual", start=["target", "number_cell"],
                maybe_placeholders=False, cache=lark_cache_file(grammar + "expression"))  # fmt: skip


def _read(text: str, role: str, *, fast: bool = True) -> Expression:
    if not isinstance(text, str):
        raise TypeError(f"expected the cell's text as str, got {type(text).__name__}")
    lexed = text.translate(_FULLWIDTH)
    if _PLACEHOLDER.fullmatch(lexed):
        start, end = _strip_span(text)
        if start == end:
            raise ExpressionError("empty-value", 0, len(text))
        raise ExpressionError("placeholder", start, end, {"written": text[start:end]})
    if role != "number" and _BARE_QUALITATIVE.fullmatch(lexed):
        start, end = _strip_span(text)
        raise ExpressionError("qualitative-without-wording", start, end)
    reader = _Reader(text, lexed, role)
    if fast and role != "number" and (shape := _fast_shape().fullmatch(lexed)):
        return reader.fast(shape)
    parser = _parser()
    from lark.exceptions import UnexpectedInput

    try:
        tree = parser.parse(lexed, start="number_cell" if role == "number" else "target")
    except UnexpectedInput as error:
        raise _syntax_error(text, error, role) from None
    return reader.read(tree)


@cache
def _fast_shape() -> re.Pattern[str]:
    """The commonest cells (`≥ 95%`, `不少于12次`, `95%以上`, `95`) in one regex, so that they skip the
    LALR machinery: a third of the time per cell. The regex is generated from the grammar
    (`fast_shape_source`, written to parse/fast_shape.py by tools/build_fast_shape.py), so a small run
    needs neither lark nor the grammar; a test keeps the file in step with the grammar."""
    from jixiao_lint.parse.fast_shape import PATTERN

    return re.compile(PATTERN)


def fast_shape_source() -> str:
    """The fast-path regex, built from the grammar's own terminals, each atomic and tried in the order
    lark's lexer tries them, so a cell it matches is tokenized exactly as lark would; the table tests
    run every case through both paths to keep it so."""
    lark = _parser()

    def terminal(name: str) -> str:
        return f"(?P<{name}>{lark.get_terminal(name).pattern.to_regexp()})"

    # lark's lexer order (lark/lexer.py, BasicLexer): priority, then the longest possible match.
    operators = sorted(
        (lark.get_terminal(name) for name in ("OP_SYMBOL", "OP_LATEX", "OP_WORD", "OP_GARBLED")),
        key=lambda t: (-t.priority, -t.pattern.max_width, -len(t.pattern.value), t.name),
    )
    operator = "(?>" + "|".join(terminal(t.name) for t in operators) + ")"
    # A deadline (12月底之前完成) reads as a number and a unit to this regex; lark lexes it as a DEADLINE.
    deadline = lark.get_terminal("DEADLINE").pattern.to_regexp()
    return (rf"\s*(?!{deadline})(?:{operator}\s*)?+(?:{terminal('MINUS')}\s*)?+(?>{terminal('NUMBER')})\s*"
            rf"(?:(?>{terminal('UNIT')})\s*)?+(?:(?>{terminal('SUFFIX')})\s*)?+")


def _strip_span(text: str) -> tuple[int, int]:
    start = len(text) - len(text.lstrip())
    return start, max(start, len(text.rstrip()))


class Token(str):
    """A token of a cell as the reader's methods take it: its text, terminal name and position — what
    lark's Token gives them from the full parse, and this from the fast path without importing lark."""

    def __new__(cls, type_: str, value: str, start_pos: int, end_pos: int) -> "Token":
        token = super().__new__(cls, value)
        token.type, token.start_pos, token.end_pos = type_, start_pos, end_pos
        return token


@record(slots=True)
class _Operator:
    canonical: str
    start: int
    end: int
    written: str


@record(slots=True)
class _Quantity:
    value: float
    digits: str  # signed, as it should be written
    start: int  # the sign or the first digit
    number_end: int
    end: int  # after the unit, if any
    unit: str | None  # after translation: "％" reads "%"
    unit_start: int | None
    notes: tuple[Note, ...]

    @property
    def fixed(self) -> str:
        return self.digits + (self.unit or "")


_Guess = tuple[str, str] | None  # (likely operator, "shape" or "usage")


def _classify(token: Token) -> tuple[str | None, _Guess]:
    """(canonical operator, None) for an operator token; (None, guess) for a garbled one."""
    lexed = str(token)
    if token.type == "OP_WORD":
        return _WORDS[lexed], None
    if token.type == "OP_LATEX":
        command = lexed.strip("$ ")
        if not command.startswith("\\"):
            lexed = command  # `$>=$`: a symbol in math mode
        elif command[1:] in _LATEX:
            return _LATEX[command[1:]], None
        else:
            return None, _guess(command[1:])
    if token.type in ("OP_SYMBOL", "OP_LATEX"):
        if lexed in _SYMBOLS:
            return _SYMBOLS[lexed], None
        return None, _guess_from_signs(lexed)
    # OP_GARBLED: an HTML tag (the glyph was lost), or arrows / box drawing / stray signs.
    if lexed.startswith("<"):
        return None, ("≥", "usage")
    return None, next((g for g in map(_guess, lexed) if g), None)


def _guess(glyph: str) -> _Guess:
    if glyph in _LOOKS_LIKE:
        return _LOOKS_LIKE[glyph], "shape"
    if glyph in _STANDS_FOR:
        return _STANDS_FOR[glyph], "usage"
    return None


def _guess_from_signs(lexed: str) -> _Guess:
    """`>>` → `>`, `=>` → `≥`, `≥≥` → `≥`; `<>`, `!=`, `≠` have no likely operator."""
    greater = any(c in ">≥" for c in lexed)
    less = any(c in "<≤" for c in lexed)
    if greater == less or "!" in lexed or "≠" in lexed:
        return None
    inclusive = any(c in "=≥≤" for c in lexed)
    if greater:
        return ("≥" if inclusive else ">"), "shape"
    return ("≤" if inclusive else "<"), "shape"


def _garbled(written: str, start: int, end: int, guess: _Guess) -> ExpressionError:
    if guess is None:
        return ExpressionError("garbled-operator", start, end, {"written": written})
    operator, basis = guess
    return ExpressionError("garbled-operator-guessed", start, end, {"written": written, "suggestion": operator},
                           suggestion=operator, suggestion_basis=basis)  # fmt: skip


def _scale_listed(wording: str) -> bool:
    parts = [p for p in _LIST_SEPARATORS.split(wording) if p]
    if len(parts) >= 3 and all(_GRADE_RUN.fullmatch(p) for p in parts):
        return True
    if len(parts) == 1:  # 优良中低差: grades run together
        pieces = _GRADE_RUN.findall(wording)
        return len(pieces) >= 3 and "".join(pieces) == wording
    return False


class _Reader:
    """Turns the parse tree of one cell into an Expression: a transformer with one method per grammar
    rule, each knowing the text as written, so spans and fixes refer to what the user typed. (Not a
    lark.Transformer: its generic visit costs more than the parse of a short cell.)"""

    def __init__(self, text: str, lexed: str, role: str) -> None:
        self.text = text
        self.lexed = lexed
        self.role = role  # "target", "actual" or "number"

    def read(self, tree: Tree):
        children = [c if isinstance(c, str) else self.read(c) for c in tree.children]  # a Token is a str
        return getattr(self, tree.data)(children)

    def fast(self, shape: re.Match[str]) -> Expression:
        """The same methods, fed the tokens the fast-path regex found (see _fast_shape)."""
        tokens = {name: Token(name, value, shape.start(name), shape.end(name))
                  for name, value in shape.groupdict().items() if value is not None}  # fmt: skip
        # In the order the grammar's tree is read: a garbled operator is the error before a bad number.
        op = next((tokens[name] for name in tokens if name.startswith("OP_")), None)
        operator = self.operator([op]) if op is not None else None
        q = self.quantity([tokens[name] for name in ("MINUS", "NUMBER", "UNIT") if name in tokens])
        suffix = [tokens["SUFFIX"]] if "SUFFIX" in tokens else []
        if operator is not None:
            return self.compared([operator, q, *suffix])
        return self.suffixed([q, *suffix]) if suffix else self.bare([q])

    # -- pieces

    def operator(self, children: list[Token]) -> _Operator:
        (token,) = children
        start, end = token.start_pos, token.end_pos
        written = self.text[start:end]
        canonical, guess = _classify(token)
        if canonical is None:
            raise _garbled(written, start, end, guess)
        return _Operator(canonical, start, end, written)

    def quantity(self, children: list[Token]) -> _Quantity:
        sign = children[0] if children[0].type == "MINUS" else None
        number = children[1] if sign else children[0]
        unit = children[-1] if children[-1].type == "UNIT" else None
        written = self.text[number.start_pos : number.end_pos]
        try:
            reading = read_number(written, str(number))
        except UnreadableNumber as error:
            raise ExpressionError(error.kind, number.start_pos, number.end_pos, {"written": written}) from None
        notes = []
        if sign is not None and self.text[sign.start_pos] != "-":
            notes.append(Note("full-width-minus", sign.start_pos, sign.end_pos, "-", {"written": self.text[sign.start_pos]}))
        if reading.badly_typed:
            notes.append(Note("badly-typed-number", number.start_pos, number.end_pos, reading.digits,
                              {"written": written, "digits": reading.digits}))  # fmt: skip
        if unit is not None and self.text[unit.start_pos] in "％﹪":
            notes.append(Note("full-width-percent", unit.start_pos, unit.end_pos, "%"))
        return _Quantity(
            value=-reading.value if sign else reading.value,
            digits=("-" if sign else "") + reading.digits,
            start=(sign or number).start_pos,
            number_end=number.end_pos,
            end=(unit or number).end_pos,
            unit=str(unit) if unit else None,
            unit_start=unit.start_pos if unit else None,
            notes=tuple(notes),
        )

    end = quantity  # a range end inside [a, b]: the same shape, plain digits

    def range_sep(self, children: list[Token]) -> Token:
        return children[0]

    def qual_body(self, children: list[Token]) -> Token:
        return children[-1]

    # -- the forms of a cell (the alternatives of `target`)

    def compared(self, children: list) -> Expression:
        op, q = children[0], children[1]
        suffix = children[2] if len(children) == 3 else None
        notes: list[Note] = []
        if self.role == "actual":
            notes.append(self._actual_with_operator(op.start, suffix.end_pos if suffix else q.end, q))
        else:
            if op.written != op.canonical:
                # Written as the canonical form writes it, a space before the value: `＝300` → `= 300`.
                after = self.text[op.end : op.end + 1]
                fix = op.canonical + (" " if after and not after.isspace() else "")
                notes.append(Note("noncanonical-operator", op.start, op.end, fix,
                                  {"written": op.written, "canonical": op.canonical}))  # fmt: skip
            if suffix is not None:
                notes.append(self._redundant_suffix(op, q, suffix))
        return self._expression(op.canonical, (op.start, op.end), q, notes + list(q.notes))

    def suffixed(self, children: list) -> Expression:
        q, suffix = children
        canonical = _SUFFIXES[str(suffix)]
        start, end = q.start, suffix.end_pos
        written = self.text[start:end]
        if self.role == "actual":
            note = self._actual_with_operator(start, end, q)
        else:
            fix = f"{canonical} {q.fixed}"
            note = Note("noncanonical-suffix", start, end, fix, {"written": written, "canonical": fix})
        return self._expression(canonical, (suffix.start_pos, suffix.end_pos), q, [note, *q.notes])

    def bare(self, children: list) -> Expression:
        (q,) = children
        notes = list(q.notes)
        if self.role == "target":
            written = self.text[q.start : q.end]
            # Where the operator belongs, before the value: the rules insert one there by polarity.
            notes.insert(0, Note("missing-operator", q.start, q.start, None, {"written": written}))
        return self._expression(None, None, q, notes)

    def number_cell(self, children: list) -> Expression:
        (q,) = children
        notes = [n for n in q.notes if n.start < q.number_end]  # the unit note below covers a ％
        if q.unit is not None:
            unit_written = self.text[q.unit_start : q.end]
            if q.unit == "%":
                notes.append(Note("percent-in-number", q.number_end, q.end, "", {"written": unit_written, "digits": q.digits}))
            else:
                notes.append(Note("unit-in-number", q.number_end, q.end, None, {"written": unit_written}))
        return self._expression(None, None, q, notes)

    def range(self, children: list) -> Expression:
        low, sep, high = children
        return self._range(low, high, (sep.start_pos, sep.end_pos), (low.start, high.end), None)

    def tolerance(self, children: list) -> Expression:
        sign, q = children[0], children[1]
        suffix = children[2] if len(children) == 3 else None
        if suffix is not None and _SUFFIXES[str(suffix)] == "≥":
            raise ExpressionError("tolerance-above", sign.start_pos, suffix.end_pos, {"written": f"±{q.fixed}{suffix}"})
        end = suffix.end_pos if suffix is not None else q.end
        unit_span = (q.unit_start, q.end) if q.unit is not None else None
        return Expression(
            self.text, "range", None, -q.value, q.value, None, q.unit, (sign.start_pos, sign.end_pos),
            (sign.start_pos, end), unit_span, q.notes, low_digits=f"-{q.digits}", high_digits=q.digits,
        )  # fmt: skip

    def bracket_range(self, children: list) -> Expression:
        opening, low, high, closing = children[:4]
        unit = children[4] if len(children) == 5 else None
        end = (unit or closing).end_pos
        return self._range(low, high, (opening.start_pos, closing.end_pos), (opening.start_pos, end), unit)

    def qualitative(self, children: list[Token]) -> Expression:
        mark, body = children  # `定性` alone was reported as empty before parsing
        wording = self.text[body.start_pos : body.end_pos].rstrip()
        span = (body.start_pos, body.start_pos + len(wording))
        notes = self._scale_notes(wording, span)
        return Expression(
            self.text, "qualitative", None, None, None, wording, None,
            (mark.start_pos, mark.end_pos), span, None, tuple(notes),
        )  # fmt: skip

    def wording(self, children: list[Token]) -> Expression:
        (token,) = children
        wording = self.text[token.start_pos : token.end_pos].rstrip()
        span = (token.start_pos, token.start_pos + len(wording))
        if self.lexed[span[0] : span[1]] in _WORDS or wording in _SUFFIXES:
            raise ExpressionError("nothing-after-operator", *span, {"written": wording})
        notes = self._scale_notes(wording, span)
        if self.role == "actual":
            operator = "qualitative"
        else:
            operator = None
            notes.insert(0, Note("missing-qualitative-mark", *span, f"定性 {wording}", {"wording": wording}))
        return Expression(self.text, operator, None, None, None, wording, None, None, span, None, tuple(notes))

    def lone_operator(self, children: list) -> Expression:
        (op,) = children
        raise ExpressionError("nothing-after-operator", op.start, op.end, {"written": op.written})

    # -- helpers

    def _expression(self, operator: str | None, operator_span, q: _Quantity, notes: list[Note]) -> Expression:
        unit_span = (q.unit_start, q.end) if q.unit is not None else None
        return Expression(
            self.text, operator, q.value, None, None, None, q.unit,
            operator_span, (q.start, q.number_end), unit_span, tuple(notes), digits=q.digits,
        )  # fmt: skip

    def _range(self, low: _Quantity, high: _Quantity, operator_span, value_span, unit_token) -> Expression:
        units = [(u, s, e) for u, s, e in ((low.unit, low.unit_start, low.end), (high.unit, high.unit_start, high.end)) if u]
        if unit_token is not None:
            units.append((str(unit_token), unit_token.start_pos, unit_token.end_pos))
        if len({u for u, _, _ in units}) > 1:
            _, start, end = units[-1]
            raise ExpressionError("range-units-differ", start, end, {"low_unit": units[0][0], "high_unit": units[-1][0]})
        unit, unit_span = (units[-1][0], units[-1][1:]) if units else (None, None)
        return Expression(
            self.text, "range", None, low.value, high.value, None, unit, operator_span, value_span, unit_span,
            low.notes + high.notes, low_digits=low.digits, high_digits=high.digits,
        )  # fmt: skip

    def _redundant_suffix(self, op: _Operator, q: _Quantity, suffix: Token) -> Note:
        written = str(suffix)
        if _DIRECTION[_SUFFIXES[written]] != _DIRECTION[op.canonical]:
            raise ExpressionError("contradictory-operators", op.start, suffix.end_pos,
                                  {"written": op.written, "suffix": written})  # fmt: skip
        # Delete the suffix with the space before it: `≥ 95% 以上` → `≥ 95%`.
        return Note("redundant-suffix", q.end, suffix.end_pos, "", {"written": written, "canonical": op.canonical})

    def _actual_with_operator(self, start: int, end: int, q: _Quantity) -> Note:
        written = self.text[start:end]
        return Note("actual-with-operator", start, end, q.fixed, {"written": written, "canonical": q.fixed})

    def _scale_notes(self, wording: str, span: tuple[int, int]) -> list[Note]:
        if not _scale_listed(wording):
            return []
        return [Note("qualitative-scale", *span, None, {"wording": wording})]


# Terminals that take the rest of the cell; as an unexpected token only their first word is the problem.
_RUNS_TO_THE_END = frozenset({"WORDING", "QUAL_TEXT", "QUAL_PAREN_TEXT"})
_WORD = re.compile(r"[^\s0-9０-９]+|.")


def _syntax_error(text: str, error: UnexpectedInput, role: str) -> ExpressionError:
    from lark import Token
    from lark.exceptions import UnexpectedCharacters, UnexpectedToken

    """Locate what could not be read. A garbled operator still on the parser's stack (`$\\forall$`
    followed by something unreadable) is reported as that, the more useful diagnosis."""
    state = getattr(getattr(error, "interactive_parser", None), "parser_state", None)
    stack = state.value_stack if state is not None else []
    if role != "number" and stack and isinstance(stack[0], Token) and stack[0].type.startswith("OP_"):
        token = stack[0]
        written = text[token.start_pos : token.end_pos]
        canonical, guess = _classify(token)
        if canonical is None:
            return _garbled(written, token.start_pos, token.end_pos, guess)
    if isinstance(error, UnexpectedCharacters):
        start = end = error.pos_in_stream
        end += 1
    elif isinstance(error, UnexpectedToken) and error.token.start_pos is not None:
        start, end = error.token.start_pos, error.token.end_pos
        if error.token.type in _RUNS_TO_THE_END:  # point at the unreadable word, not the rest of the cell
            end = _WORD.match(text, start).end()
        if error.token.type == "$END":  # lark lends $END the position of the last token read
            if role == "number":
                return ExpressionError("not-a-number", start, end, {"written": text.strip()})
            return ExpressionError("incomplete-value", start, end, {"written": text[start:end]})
    else:  # pragma: no cover - LALR raises only the two above
        start, end = _strip_span(text)
    part = text[start:end]
    if role == "number":
        return ExpressionError("unreadable-number", start, end, {"written": part})
    return ExpressionError("unexpected-text", start, end, {"written": part})

"""The functions a rule may call. This table is the whole of what rule files can do beyond arithmetic
and comparison: each entry is plain Python over values, with no access to files, imports or the
interpreter. Domain knowledge comes from the lexicons beside the rules (rules/lexicons/*.yaml).

Adding one: decorate a function with @function(name, returns, doc); its parameters are rule values.
"""

from __future__ import annotations

import math
import re
from functools import lru_cache
from typing import Callable

from jixiao_lint.check import lexicons
from jixiao_lint.check.values import Ref, format_value, plain
from jixiao_lint.records import record

# Static result types the compiler checks attribute access against.
ANY = "any"
EXPRESSION = "expression"  # a parsed indicator expression
NAME_PATH = "name_path"  # a parsed indicator name path
QUANTITY = "quantity"  # a quantity found in a text
NOTE = "note"  # a note the parser made of a cell (`for note in notes(indicator.target)`, check/notes.py)

RECORD_FIELDS = {
    EXPRESSION: {"operator", "value", "low", "high", "wording", "unit", "text", "canonical", "percent"},
    NAME_PATH: {"level1", "level2", "name", "written_level1", "written_level2"},
    QUANTITY: {"text", "name", "value", "unit", "start", "end"},
    # its kind, span and fix, the item it belongs to, and the data of its kind (parse/expression.py, names.py)
    NOTE: {"kind", "start", "end", "replacement", "owner", "written", "canonical", "suggestion", "wording", "digits",
           "suffix", "low_unit", "high_unit", "reason", "path", "form", "parent", "level1", "known", "under",
           "role", "index", "retyped"},
}


@record(slots=True)
class Function:
    name: str
    impl: Callable
    min_args: int
    max_args: int
    returns: str
    doc: str
    literal_args: tuple[int, ...] = ()  # argument positions that must be literals (checked at load)
    # Whether it reads where its arguments were read from (an item's position in its list), not just their
    # values: only then are the arguments passed as Refs, which every other call is spared building.
    reads_places: bool = False


FUNCTIONS: dict[str, Function] = {}


def function(name: str, min_args: int, max_args: int | None = None, returns: str = ANY, doc: str = "",
             literal_args: tuple[int, ...] = (), reads_places: bool = False):
    def register(impl: Callable) -> Callable:
        FUNCTIONS[name] = Function(name, impl, min_args, max_args if max_args is not None else min_args,
                                   returns, doc, literal_args, reads_places)
        return impl
    return register


@lru_cache(maxsize=1 << 16)  # rules run one after another over the whole table: hold a large table
def parsed(role: str, text: str):
    """(Expression, None) or (None, ExpressionError) for a cell; every rule reading a cell shares one parse."""
    from jixiao_lint.parse import expression

    parse = {"target": expression.parse_target, "actual": expression.parse_actual, "number": expression.parse_number}[role]
    try:
        return parse(text), None
    except expression.ExpressionError as error:
        return None, error


def number(value: object) -> float | None:
    """A number from a cell: YAML numbers as they are, strings through the expression grammar."""
    kind = type(value)
    if kind is Ref:
        value = value.value
        kind = type(value)
    if kind is float or kind is int:  # not bool, whose type is bool
        return float(value) if math.isfinite(value) else None
    if kind is str:
        if _HAS_DIGIT.search(value) is None:  # 平方米, 是: no number to read, and no full parse to pay for
            return None
        result, _ = parsed("number", value)
        return result.value if result is not None else None
    return None


_HAS_DIGIT = re.compile("[0-9０-９]")  # every number the grammar reads has a digit (full-width ones too)


function("num", 1, returns=ANY, doc="the number in a cell (`\"54. 36\"` → 54.36), or null")(number)


@function("expr", 1, returns=EXPRESSION, doc="a `target` parsed by the expression grammar, or null if it does not parse")
def _expr(value):
    raw = plain(value)
    if raw is None:
        return None
    return parsed("target", raw if isinstance(raw, str) else format_value(raw))[0]


@function("actual", 1, returns=EXPRESSION, doc="an `actual` cell parsed (number, number with unit, or wording), or null")
def _actual(value):
    raw = plain(value)
    if raw is None:
        return None
    return parsed("actual", raw if isinstance(raw, str) else format_value(raw))[0]


@function("name_path", 1, returns=NAME_PATH, doc="an indicator name split into its category path: level1, level2, name")
def _name_path(value):
    from jixiao_lint.parse.names import parse_indicator_name

    raw = plain(value)
    return parse_indicator_name(raw) if isinstance(raw, str) else None


@function("abs", 1, doc="the absolute value of a number, or null")
def _abs(x):
    x = number(x)
    return None if x is None else abs(x)


@function("round", 1, 2, doc="a number rounded to the given decimals (default 0), or null")
def _round(x, digits=0):
    x, digits = number(x), number(digits)
    return None if x is None or digits is None else round(x, int(digits))


@function("min", 1, 8, doc="the smallest argument, or of a list")
def _min(*args):
    values = _numbers(args)
    return min(values) if values else None


@function("max", 1, 8, doc="the largest argument, or of a list")
def _max(*args):
    values = _numbers(args)
    return max(values) if values else None


def _numbers(args) -> list[float]:
    if len(args) == 1 and isinstance(plain(args[0]), list):
        args = plain(args[0])
    return [n for n in (number(a) for a in args) if n is not None]


@function("len", 1, doc="how many items a list has, or characters a text")
def _len(x):
    x = plain(x)
    return len(x) if isinstance(x, (list, str, dict)) else None


@function("text", 1, doc="a value as text")
def _text(x):
    x = plain(x)
    return None if x is None else format_value(x)


@function("join", 2, doc="the items of a list as text, one after another with the separator between them "
          "(`join(note.known, \", \")`; a message shows a list joined with 、 without it)")
def _join(items, separator):
    items, separator = plain(items), plain(separator)
    if not isinstance(items, (list, tuple)) or not isinstance(separator, str):
        return None
    return separator.join(format_value(item) for item in items)


@function("fmt", 1, doc="a number as a message shows it (99.93, 100)")
def _fmt(x):
    return format_value(x)


@function("is_number", 1, doc="true when the cell is a YAML number (not text)")
def _is_number(x):
    x = plain(x)
    return isinstance(x, (int, float)) and not isinstance(x, bool)


@function("decimals", 1, doc="how many decimals the cell was written with")
def _decimals(x):
    raw = plain(x)
    text = str(raw) if raw is not None else ""
    if isinstance(raw, str):  # as the number reads: `"5. 56"` has two decimals, not three
        result, _ = parsed("number", raw)
        text = result.digits if result is not None and result.digits else text
    return len(text.split(".", 1)[1]) if "." in text else 0


@function("agrees", 2, doc="whether a written number is a correct rounding of a computed one: within half a unit "
          "of the last decimal written (3.8 agrees with 3.822; 87.46 does not agree with 87.4688, 87.47 does)")
def _agrees(written, computed):
    w, c = number(written), number(computed)
    if w is None or c is None:
        return None
    return abs(w - c) <= 0.5 * 10 ** -_decimals(written) + 1e-9


@function("flip", 1, doc="the opposite bound: ≥ ↔ ≤, > ↔ <")
def _flip(op):
    return {"≥": "≤", "≤": "≥", ">": "<", "<": ">"}.get(plain(op))


@function("contains", 2, doc="whether a text contains a piece of text")
def _contains(text, piece):
    text, piece = plain(text), plain(piece)
    return isinstance(text, str) and isinstance(piece, str) and piece in text


@function("find", 2, doc="the matches of a regular expression (a literal) in a text, as a list of texts",
          literal_args=(1,))
def _find(text, pattern):
    text = plain(text)
    if not isinstance(text, str):
        return []
    return [m.group(0) for m in compiled_pattern(plain(pattern)).finditer(text[:MAX_MATCH_TEXT])]


@function("lexicon", 1, doc="a lexicon from rules/lexicons (a literal name): a list or mapping", literal_args=(0,))
def _lexicon(name):
    return lexicons.load(plain(name))


@function("keys", 1, doc="the keys of a mapping, as a list")
def _keys(x):
    x = plain(x)
    return list(x) if isinstance(x, dict) else []


@function("polarity", 1, doc="\"positive\" (正向) or \"negative\" (反向) from the head of an indicator name, or null")
def _polarity(name):
    name = plain(name)
    return lexicons.polarity(name) if isinstance(name, str) else None


@function("operator_for", 1, doc="the bound an indicator's name calls for by its polarity: `≥` for a positive "
          "indicator, `≤` for a negative one, null when the name does not say (E002, E003)")
def _operator_for(name):
    return _BOUND_BY_POLARITY.get(_polarity(name))


_BOUND_BY_POLARITY = {"positive": "≥", "negative": "≤"}


# Regular expressions come from rule files, which are untrusted: they are compiled when the file loads,
# refused if a repeated group itself repeats (the shape of catastrophic backtracking), and only ever run
# on a bounded piece of text.
MAX_MATCH_TEXT = 10_000


class UnsafePattern(ValueError):
    """args: the English, then the Chinese (a rule file error says both)."""

    def __str__(self) -> str:
        return self.args[0]


_PATTERNS: dict[str, re.Pattern] = {}


def compiled_pattern(pattern: str) -> re.Pattern:
    cached = _PATTERNS.get(pattern)
    if cached is None:
        try:
            cached = re.compile(pattern)
        except re.error as error:
            raise UnsafePattern(f"not a valid regular expression: {error}", f"不是有效的正则表达式：{error}") from None
        if _backtracks(pattern):
            raise UnsafePattern("a repeated group that contains another repetition or alternatives can take "
                                "exponential time; rewrite it without nesting + * {} or | inside a repeat",
                                "重复的分组里又含有重复或选择（|），匹配可能耗费指数级时间；请改写，"
                                "不要在重复之内再嵌套 + * {} 或 |")
        _PATTERNS[pattern] = cached
    return cached


def _backtracks(pattern: str) -> bool:
    """Whether a repeat (more than once) encloses another repeat or an alternation: `(a+)+`, `((a+))+`,
    `(a|aa)+`, `(.*a){12}`. Judged on the parsed pattern, not its text, so nesting cannot hide it.
    Conservative: a few harmless patterns are refused too, with a message saying how to rewrite them."""
    from re import _constants as c, _parser as sre_parse  # the stdlib's own regex parser

    def inner_risk(items) -> bool:
        for op, av in items:
            if op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT) and av[1] > 1:
                return True
            if op is c.BRANCH:
                return True
            if _children(op, av, c) and any(inner_risk(child) for child in _children(op, av, c)):
                return True
        return False

    def scan(items) -> bool:
        for op, av in items:
            if op in (c.MAX_REPEAT, c.MIN_REPEAT) and av[1] > 1 and inner_risk(av[2]):
                return True
            if any(scan(child) for child in _children(op, av, c)):
                return True
        return False

    return scan(sre_parse.parse(pattern))


def _children(op, av, c) -> list:
    if op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT):
        return [av[2]]
    if op is c.SUBPATTERN:
        return [av[3]]
    if op is c.BRANCH:
        return list(av[1])
    if op in (c.ASSERT, c.ASSERT_NOT):
        return [av[1]]
    if op is c.ATOMIC_GROUP:
        return [av]
    if op is c.GROUPREF_EXISTS:
        return [av[1]] + ([av[2]] if av[2] else [])
    return []


def matches(text: object, pattern: str) -> bool | None:
    text = plain(text)
    if text is None:
        return None
    if not isinstance(text, str):
        text = format_value(text)
    return compiled_pattern(pattern).search(text[:MAX_MATCH_TEXT]) is not None


def item_values(value: object) -> list:
    if isinstance(value, Ref):
        return value.items()
    if isinstance(value, list):  # `documents`, or a list(…) a rule built: its items keep where they were read
        return value
    value = plain(value)
    if isinstance(value, list):
        return value
    if isinstance(value, dict):
        return list(value.values())
    return []


def _register_domain_modules() -> None:
    from jixiao_lint.check import domain, import_submodules

    import_submodules(domain)


_register_domain_modules()

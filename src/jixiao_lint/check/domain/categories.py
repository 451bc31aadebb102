"""Indicator categories (一级/二级指标) for rules/categories.rules and OP002 cost-ceiling.

The categories are data (rules/lexicons/taxonomy.yaml), read through parse/names.py, which also splits a
name that carries its path (`产出-数量-购买电脑数量`). These functions answer the questions the rules
ask of a written category: which canonical category it is, where it belongs, and whether an indicator
is a cost. Only the indicators' taxonomy is used: a report's score table follows the evaluator's own
framework (决策/过程/产出/效益) and is not checked here.
"""

from __future__ import annotations

from functools import lru_cache

from jixiao_lint.check import lexicons
from jixiao_lint.check.functions import function
from jixiao_lint.check.values import plain
from jixiao_lint.parse.names import Category, NamePath, load_taxonomy, parse_indicator_name
from jixiao_lint.suggest import closest


@lru_cache(maxsize=1 << 16)
def read_name_path(name: str) -> NamePath:
    """parse_indicator_name, remembered: every category and unit rule reads the same names, one rule
    after another over the whole table, so the memory is as large as a large table."""
    return parse_indicator_name(name)


@function("name_categories", 1, doc="the categories an indicator name carries as a path: level1, level2 (canonical) "
          "and name; both levels null when the name carries none")
def name_categories(name):
    text = plain(name)
    return read_name_path(text) if isinstance(text, str) else None


def _written(value: object) -> str | None:
    value = plain(value)
    if not isinstance(value, str) or not value.strip():
        return None
    return value.strip()


@lexicons.derived
def _level1(written: str | None) -> Category | None:
    return load_taxonomy().level1(written) if written else None


@function("level1_name", 1, doc="the canonical 一级 (`产出` → `产出指标`) of a form's indicator, or null when unknown")
def level1_name(written):
    category = _level1(_written(written))
    return category.name if category else None


@function("level1_guess", 1, doc="the 一级 a written one that is not in the taxonomy was most likely meant to be, or null")
def level1_guess(written):
    text = _written(written)
    if text is None:
        return None
    forms = {form: c.name for c in load_taxonomy().indicators for form in c.forms}
    # 产出类指标, 效益指标（社会）: a form inside it, the one written first (产出效果指标 is 产出 before 效果),
    # the longest of those.
    inside = [form for form in forms if form in text]
    if inside:
        return forms[min(inside, key=lambda form: (text.find(form), -len(form)))]
    # One character in four at most: every name ends in 指标, so 管理指标 is two edits from 产出指标 too.
    close = closest(text, forms, max_ratio=0.25)
    return forms[close] if close else None


@function("level1_names", 0, doc="the 一级 of a form's indicators, canonical names, as a list")
def level1_names():
    return [c.name for c in load_taxonomy().indicators]


@function("level2_name", 2, doc="the canonical 二级 written under a 一级 (both as written), or null when it is not one of its 二级")
def level2_name(written, level1):
    return _level2_under(_written(written), _written(level1))


@lexicons.derived
def _level2_under(text: str | None, level1: str | None) -> str | None:
    parent = _level1(level1)
    if parent is None or text is None:
        return None
    category = load_taxonomy().level2(text, parent)
    return category.name if category else None


@function("level2_names", 1, doc="the canonical 二级 under a 一级 (as written), as a list; empty when the 一级 is unknown")
def level2_names(level1):
    parent = _level1(_written(level1))
    return [c.name for c in parent.children] if parent else []


@function("level2_parents", 1, doc="the 一级 (canonical) under which a written 二级 belongs, as a list; empty when unknown")
def level2_parents(written):
    text = _written(written)
    if text is None:
        return []
    return [parent.name for parent in load_taxonomy().indicators if any(text in c.forms for c in parent.children)]


@function("has_name_path", 1, doc="whether an indicator name carries its categories as a path (`产出-数量-…`)")
def has_name_path(name):
    text = _written(name)
    if text is None:
        return None
    path = read_name_path(text)
    return path.level1 is not None or path.level2 is not None


# The share is asked once per indicator of the same list: keep the last answer, keyed by the list itself,
# so that a table of n rows costs n name reads, not n².
_last_share: tuple[object, dict] | None = None


@function("name_path_share", 1, doc="of a list of indicators, how many have a name (`total`) and how many of those "
          "names carry a category path (`with_path`)")
def name_path_share(indicators):
    global _last_share
    rows = plain(indicators)
    if _last_share is not None and _last_share[0] is rows:
        return _last_share[1]
    names = [row.get("name") for row in rows if isinstance(row, dict)] if isinstance(rows, list) else []
    names = [name for name in names if _written(name) is not None]
    share = {"total": len(names), "with_path": sum(1 for name in names if has_name_path(name))}
    _last_share = (rows, share)
    return share


@function("name_path_separated", 1,
          doc="an indicator name with the separator its category path lacks put back (`产出-数量用水数量` → "
              "`产出-数量-用水数量`), when that is all that is wrong with it; else null")
def name_path_separated(name):
    text = plain(name)
    if not isinstance(text, str):
        return None
    return _separated(text, read_name_path(text))


def _separated(text: str, path: NamePath) -> str | None:
    """The name with the missing separator put back (`产出-数量用水数量` → `产出-数量-用水数量`), when putting
    it back is all the fix there is: the same characters, and a path that then reads without a problem."""
    if not (path.written_level1 and path.written_level2 and path.name):
        return None
    separators = load_taxonomy().separators
    used = next((c for c in text if c in separators), separators[0])
    fixed = used.join((path.written_level1, path.written_level2, path.name))
    bare = lambda t: "".join(c for c in t if c not in separators and not c.isspace())  # noqa: E731
    if bare(fixed) != bare(text) or read_name_path(fixed).notes:
        return None
    return fixed


@function("cost_indicator", 3,
          doc="whether an indicator is a cost (成本指标): its 一级 or 二级 (written or in its name path) is a cost "
              "category, or its own name ends in a cost head (both listed under `cost` in rules/lexicons/polarity.yaml)")
def cost_indicator(name, level1, level2):
    return _is_cost(_written(name), _written(level1), _written(level2))


@lexicons.derived
def _is_cost(text: str | None, level1: str | None, level2: str | None) -> bool:
    path = read_name_path(text) if text else None
    categories = {c for c in (level1_name(level1), _level2_anywhere(level2),
                              path and path.level1, path and path.level2) if c}
    if categories & _cost_categories():
        return True
    own = path.name if path else ""
    heads = lexicons.load("polarity").get("cost", {}).get("heads", ())
    found = lexicons.name_head(own, heads, max(map(len, heads), default=0))
    return found is not None and found[1] == len(own)


def _level2_anywhere(written) -> str | None:
    text = _written(written)
    category = load_taxonomy().level2(text) if text else None
    return category.name if category else None


@lexicons.derived
def _cost_categories() -> frozenset[str]:
    """The categories listed as costs, and every 二级 under a 一级 that is one (经济成本指标 …)."""
    listed = set(lexicons.load("polarity").get("cost", {}).get("categories", ()))
    names = set(listed)
    for parent in load_taxonomy().indicators:
        if parent.name in listed:
            names |= {c.name for c in parent.children}
    return frozenset(names)

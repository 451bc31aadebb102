"""Functions for target declarations (rules/declarations.rules) and the goal texts of any form: the goal
read against the indicators meant to measure it (T004, T005, X007), and amounts of money in the
money unit of the form (T002, T003).

    goal_quantities("（2）产出-数量-购置电脑数量3台；")     [quantity 3 台, name 购置电脑数量]
    counted_by(quantity, indicators)                       an indicator (or several, summed) says 3 台
    named_by(quantity, indicators)                         the indicator that counts the same thing
    promised_zero("安全生产责任事故", goals)                "无一例安全生产责任事故" when the goal says so
    money(20000, "元", "万元")                              2.0

How a goal is cut into items, the measure words and the zero promises are data:
rules/lexicons/goal_text.yaml; the 产出 path of an item is read with rules/lexicons/taxonomy.yaml.
"""

from __future__ import annotations

import re
from itertools import combinations

from jixiao_lint.check import lexicons
from jixiao_lint.check.domain.text import Quantity
from jixiao_lint.check.functions import ANY, function, item_values
from jixiao_lint.check.values import plain

_OUTPUT = "产出指标"
_COST = "成本指标"  # a 二级 of 产出 on older forms: 产出-成本-…
_NUMBERED = r"[（(]\s*\d{1,2}\s*[)）]|(?<![\d.])\d{1,2}\s*[、．.](?!\d)"
# A number in a goal item, and what follows it: the unit runs to the next digit or punctuation.
_QUANTITY = re.compile(r"(?<![\d.０-９第])(\d+(?:\.\d+)?)\s*([^\d\s，。；、,;：:（）()“”\"]{0,5})")
_MAX_SUMMED = 12  # indicators tried in sums: 2**12 subsets at most


@lexicons.derived
def _lexicon() -> dict:
    return lexicons.load("goal_text")


def _items(text: str) -> list[tuple[int, str]]:
    """The items of a goal text, each with its offset: cut at separators and item numbers."""
    lexicon = _lexicon()
    cuts = "|".join([*(re.escape(s) for s in lexicon["item_separators"]), f"(?={_NUMBERED})"])
    items, start = [], 0
    for match in re.finditer(cuts, text):
        items.append((start, text[start:match.start()]))
        start = match.end()
    items.append((start, text[start:]))
    result = []
    for offset, item in items:
        lead = re.match(rf"\s*(?:{'|'.join(re.escape(w) for w in lexicon['lead_ins'])})?\s*(?:{_NUMBERED})?\s*", item)
        skipped = lead.end() if lead else 0
        if item[skipped:].strip():
            result.append((offset + skipped, item[skipped:].rstrip()))
    return result


def _output_quantities(text: str) -> list[Quantity]:
    """The quantities of the 产出 items: a number and a known unit right after it (rules/lexicons/units.yaml).
    A number followed by no known unit (12345热线, 千万时 misspelt) promises nothing this can compare, and an
    amount of money is a cost, not an output (W002, T002)."""
    quantities = []
    for name_at, name in _output_items(text):
        for match in _QUANTITY.finditer(name):
            unit = _known_unit_at(match.group(2))
            if unit is None or "money" in unit[1] or match.group(2).startswith(tuple(_lexicon()["not_quantities"])):
                continue
            end = match.start(2) + len(unit[2])
            own = (name[:match.start()] + name[end:]).strip()
            quantities.append(Quantity(name, own, float(match.group(1)), unit[0], name_at + match.start(), name_at + end))
    return quantities


def _output_items(text: str) -> list[tuple[int, str]]:
    """(offset, text) of what a goal promises under 产出, in either way clerks write it: each item a name
    path (`（2）产出-数量-购置电脑数量3台`), or an item opened by headings with colons
    (`产出指标：数量指标：完成拆除2400平方米，清扫50万平方米；质量指标：…；效益指标：…`), where each clause
    between commas is one promise."""
    from jixiao_lint.parse.names import parse_indicator_name

    found: list[tuple[int, str]] = []
    for offset, item in _items(text):
        level1, level2, skip = _colon_heading(item)
        if skip:
            # A heading holds for its own item only: what follows the next 。 or ； may be any prose.
            if (level1 or _parent_of(level2)) == _OUTPUT and level2 != _COST:
                for clause in re.finditer(r"[^，,]+", item[skip:]):
                    if clause.group().strip():
                        found.append((offset + skip + clause.start(), clause.group().strip()))
            continue
        path = parse_indicator_name(item)
        if path.level1 != _OUTPUT or path.level2 == _COST or not path.name:
            continue
        found.append((offset + item.rfind(path.name), path.name))
    return found


def _colon_heading(item: str) -> tuple[str | None, str | None, int]:
    """(一级, 二级, length) of the category headings an item opens with, each closed by a colon (产出指标：
    数量指标：…, 产出目标：…, 数量：…); (None, None, 0) when it opens with none."""
    from jixiao_lint.parse.names import load_taxonomy

    taxonomy = load_taxonomy()
    level1 = level2 = None
    at = 0
    while True:
        match = re.match(r"\s*([^：:，,；;。\s]{1,8})\s*[：:]\s*", item[at:])
        if match is None:
            break
        label = match.group(1)
        label = label[:-2] + "指标" if label.endswith("目标") else label  # 产出目标 is 产出指标's heading
        category1 = taxonomy.level1(label) if level1 is None and level2 is None else None
        category2 = taxonomy.level2(label, taxonomy.level1(level1) if level1 else None) if category1 is None else None
        if category1 is None and category2 is None:
            break
        if category1 is not None:
            level1 = category1.name
        else:
            level2 = category2.name
        at += match.end()
    return level1, level2, at


def _parent_of(level2: str | None) -> str | None:
    from jixiao_lint.parse.names import load_taxonomy

    if level2 is None:
        return None
    taxonomy = load_taxonomy()
    category = taxonomy.level2(level2)
    return taxonomy.parent(category).name if category else None


def _known_unit_at(text: str) -> tuple[str, tuple[str, ...], str] | None:
    """(canonical, dimensions, as written) of the longest known unit the text starts with: 公里 in 公里岸坡."""
    from jixiao_lint.check.domain.units import lookup

    for n in range(len(text), 0, -1):
        found = lookup(text[:n])
        if found is not None:
            return found[0], found[1], text[:n]
    return None


def _canonical_unit(unit: str) -> str:
    from jixiao_lint.check.domain.units import lookup

    found = lookup(unit)
    return found[0] if found else unit


@function("goal_quantities", 1, doc="the quantities a goal text promises under 产出 (`（2）产出-数量-购置电脑数量3台` → "
          "text 购置电脑数量3台, name 购置电脑数量, value 3, unit 台); a 成本 or 效益 item promises none")
def _goal_quantities(text):
    text = plain(text)
    return _output_quantities(text) if isinstance(text, str) else []


def _measured(indicators) -> list[tuple[object, float, str, str]]:
    """(indicator, value, unit, own name) of the indicators that count something: a number as target,
    a unit, and not under 成本, 效益 or 满意度."""
    from jixiao_lint.parse.expression import ExpressionError, parse_target
    from jixiao_lint.parse.names import parse_indicator_name

    measured = []
    for ref in item_values(indicators):
        indicator = plain(ref)
        if not isinstance(indicator, dict) or not isinstance(indicator.get("name"), str):
            continue
        path = parse_indicator_name(indicator["name"])
        level1 = indicator.get("level1") or path.level1
        if level1 not in (None, _OUTPUT, "产出"):
            continue
        try:
            target = parse_target(str(indicator.get("target", "")))
        except ExpressionError:
            continue
        unit = str(indicator.get("unit") or target.unit or "").strip()
        if target.value is None or target.operator in ("range", "qualitative") or not unit:
            continue
        measured.append((ref, target.value, unit, path.name))
    return measured


def _same(a: float, b: float) -> bool:
    return abs(a - b) < 1e-9 * max(1.0, abs(a), abs(b))


@function("counted_by", 2, doc="whether an indicator, or several of them summed (活动14次 = 调研 6 次 + 小组活动 "
          "8 次), has the value and the unit of a goal quantity")
def _counted_by(quantity, indicators):
    quantity = plain(quantity)
    if not isinstance(quantity, Quantity):
        return None
    same_unit = [value for _, value, unit, _ in _measured(indicators) if _canonical_unit(unit) == quantity.unit]
    if any(_same(value, quantity.value) for value in same_unit):
        return True
    same_unit = same_unit[:_MAX_SUMMED]
    return any(_same(sum(chosen), quantity.value)
               for size in range(2, len(same_unit) + 1) for chosen in combinations(same_unit, size))


def _core(name: str) -> str:
    for word in sorted(_lexicon()["measure_words"], key=len, reverse=True):
        name = name.replace(word, "")
    return re.sub(r"[\d.\s，。；、,;：:（）()“”\"《》·-]", "", name)


def _shared_run(a: str, b: str) -> int:
    """The length of the longest run of characters a and b share."""
    best = 0
    for i in range(len(a)):
        for j in range(i + best + 1, len(a) + 1):
            if a[i:j] in b:
                best = j - i
            else:
                break
    return best


@function("named_by", 2, returns=ANY, doc="the indicator that counts what a goal quantity counts: the counting "
          "indicator whose name shares the longest run of characters with the goal item (measure words such "
          "as 数量, 次数 left out), or null")
def _named_by(quantity, indicators):
    quantity = plain(quantity)
    if not isinstance(quantity, Quantity):
        return None
    goal = _core(quantity.name)
    best, best_run = None, _lexicon()["shared_characters"] - 1
    for ref, _, _, name in _measured(indicators):
        core = _core(name)
        run = _shared_run(goal, core)
        # what they share must be a good part of the shorter name: 电脑 of 购置电脑 and 购买电脑, not 办公
        # of 采购办公耗材 and 保证办公正常运转
        if run > best_run and 2 * run >= min(len(goal), len(core)):
            best, best_run = ref, run
    return best


@function("unit_agrees", 3, doc="whether a goal quantity is in the indicator's unit (compared as spelt canonically, "
          "平米 = 平方米); null when the indicator's unit is not a known one")
def _unit_agrees(quantity, indicator, indicators):
    quantity, indicator = plain(quantity), plain(indicator)
    if not isinstance(quantity, Quantity) or not isinstance(indicator, dict):
        return None
    own = [unit for _, _, unit, _ in _measured([indicator])]
    if not own or _known_unit_at(own[0]) is None:
        return None
    return _canonical_unit(own[0]) == quantity.unit


@function("promised_zero", 2, 4, doc="the words of a goal text (or texts, or a mapping of texts) that promise none "
          "of what an indicator counts (`无一例安全生产责任事故` for 安全生产责任事故), or null")
def _promised_zero(name, *texts):
    name = plain(name)
    if not isinstance(name, str):
        return None
    lexicon = _lexicon()
    incidents = lexicon["incidents"]
    head = next((word for word in incidents if word in name), None)
    if head is None:
        return None
    own = name[:name.find(head)]
    own = re.sub(r"^.*[-－—–]", "", own)  # the 产出-数量- path is no part of what is counted
    promise = _zero_promise(head)
    for text in _texts(texts):
        for match in promise.finditer(text):
            said = match.group(1) or ""
            # The indicator counts at least what the goal promises none of: every word of the promise
            # (安全生产责任) is in the indicator's name. 交通事故 is not 安全生产责任事故, and a promise of no
            # 重大 accidents says nothing against an indicator allowing one accident of any kind.
            if set(said) <= set(own):
                return match.group(0)
    return None


@lexicons.derived
def _zero_promise(head: str) -> re.Pattern[str]:
    """A promise of none of `head`: a zero word a few characters before it (无一例…事故), or a zero prefix
    glued to it (零事故)."""
    lexicon = _lexicon()
    zero = "|".join(re.escape(w) for w in sorted(lexicon["zero_words"], key=len, reverse=True))
    glued = "|".join(re.escape(w) for w in lexicon["zero_prefixes"])
    return re.compile(rf"(?:(?:{zero})([^，。；、,;：:\s]{{0,{lexicon['zero_reach']}}}?)|(?:{glued})()){re.escape(head)}")


def _texts(values) -> list[str]:
    texts = []
    for value in values:
        value = plain(value)
        if isinstance(value, str):
            texts.append(value)
        elif isinstance(value, dict):
            texts += [v for v in value.values() if isinstance(v, str)]
    return texts


# 千, 万, 亿 are numerals, not data: 万元 is 10 000 元 in every form.
_MONEY_STEPS = {"": 1, "千": 1e3, "万": 1e4, "十万": 1e5, "百万": 1e6, "千万": 1e7, "亿": 1e8}
_DEFAULT_MONEY_UNIT = "万元"  # docs/format.md: money_unit defaults to 万元


def _yuan(unit: object) -> float | None:
    """How many 元 one of this unit is (万元 → 10000), or None when it is not an amount of money."""
    unit = plain(unit)
    if not isinstance(unit, str) or not unit.strip().endswith("元"):
        return None
    return _MONEY_STEPS.get(unit.strip()[:-1])


@function("form_money_unit", 1, doc="a form's money unit: its `money_unit`, or 万元 when it does not say")
def _form_money_unit(money_unit):
    money_unit = plain(money_unit)
    return money_unit if isinstance(money_unit, str) and money_unit.strip() else _DEFAULT_MONEY_UNIT


@function("money", 3, doc="an amount in one money unit expressed in another (`money(20000, \"元\", \"万元\")` → 2); "
          "null when either unit is not an amount of money (元/人, 次)")
def _money(amount, unit, into):
    from jixiao_lint.check.functions import number

    value, source, target = number(amount), _yuan(unit), _yuan(into)
    if value is None or source is None or target is None:
        return None
    return value * source / target

"""计量单位 for rules/units.rules and the U001 unknown-unit check: which units exist, how each is spelled
canonically, what it measures, and what an indicator's name says it must be measured in.

    unit_canonical("平米")                      "平方米"  (a variant: U002 rewrites it)
    unit_canonical("万人次")                    "万人次"  (a magnitude in front of a known unit)
    unit_suggestion("千万时")                    "千瓦时"  (one character off, and it sounds alike)
    unit_suggestion("公理")                      "公里"    (a homophone: gōng lǐ)
    unit_misfit("个", "多功能一体机维保次数")     a 次数 is counted in 次, not in a count of things

All of it is data: rules/lexicons/units.yaml. The did-you-mean compares pinyin (pypinyin) as well as
characters, because units are typed with a pinyin input method: a wrong unit is usually a wrong
candidate of the right syllables (千瓦时 → 千万时, 公里 → 公理).
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

from jixiao_lint.check import lexicons
from jixiao_lint.check.functions import function
from jixiao_lint.check.values import plain
from jixiao_lint.records import record
from jixiao_lint.suggest import edit_distance


@record(slots=True)
class Unit:
    canonical: str
    measures: tuple[str, ...]


@record(slots=True)
class _Table:
    spellings: dict[str, Unit]  # normalized spelling (canonical or variant) -> unit
    magnitudes: tuple[str, ...]
    compound: str
    placeholders: frozenset[str]
    approximations: tuple[str, ...]
    heads: dict[str, tuple[str, ...] | None]  # a name's head word -> what it is measured in (None: any unit)
    longest_head: int
    dimensions: dict[str, dict]


def normalized(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


@lexicons.derived
def _table() -> _Table:
    data = lexicons.load("units")
    spellings: dict[str, Unit] = {}
    for entry in data["units"]:
        unit = Unit(str(entry["unit"]), tuple(entry["measures"]))
        for spelling in (unit.canonical, *map(str, entry.get("variants", ()))):
            spellings.setdefault(normalized(spelling), unit)
    heads: dict[str, tuple[str, ...] | None] = {}
    for h in data["heads"]:
        heads.setdefault(h["head"], None if h["measures"] == "any" else tuple(h["measures"]))
    return _Table(spellings, tuple(data["magnitudes"]), data["compound"], frozenset(data["placeholders"]),
                  tuple(data["approximations"]), heads, max(map(len, heads), default=0),
                  data["dimensions"])


def written(value: object) -> str | None:
    """The unit as written, or None for an empty cell or a placeholder (`-`, `/`, `无`)."""
    value = plain(value)
    if value is None or isinstance(value, bool):
        return None
    text = str(value).strip()
    if not text or text in _table().placeholders:
        return None
    return text


def _single(spelling: str) -> tuple[str, Unit] | None:
    """(canonical spelling, unit) of one unit without a compound separator."""
    table = _table()
    unit = table.spellings.get(spelling)
    if unit is not None:
        return unit.canonical, unit
    if len(spelling) > 1 and spelling[0] in table.magnitudes:
        base = table.spellings.get(spelling[1:])
        if base is not None:
            return spelling[0] + base.canonical, base
    return None


@lexicons.derived
def lookup(text: str) -> tuple[str, tuple[str, ...]] | None:
    """(canonical spelling, dimensions) of a written unit, or None when it is not a known unit."""
    table = _table()
    spelling = normalized(text)
    spelling = re.sub(r"^[(\[]+|[)\]]+$", "", spelling)  # （个） is 个 in brackets
    if not spelling:
        return None
    parts = spelling.split(table.compound)
    found = [_single(p) for p in parts]
    if any(f is None for f in found):
        return None
    return table.compound.join(c for c, _ in found), found[0][1].measures


def is_number(text: str) -> bool:
    from jixiao_lint.check.functions import number

    return number(text) is not None


@function("unit_written", 1, doc="the unit as written, or null for an empty cell or a placeholder such as `-`, `/`, `无`")
def _unit_written(value):
    return written(value)


@function("unit_known", 1, doc="whether a unit cell holds a known unit (canonical or a variant); null when empty")
def _unit_known(value):
    text = written(value)
    return None if text is None else lookup(text) is not None


@function("unit_canonical", 1, doc="the canonical spelling of a known unit (`平米` → `平方米`, `％` → `%`, `度` → `千瓦时`), or null")
def _unit_canonical(value):
    text = written(value)
    found = lookup(text) if text is not None else None
    return found[0] if found else None


@function("unit_suggestion", 1, doc="the known unit an unknown one was most likely meant to be: a homophone "
          "(`公理` → `公里`), or one character off with near pinyin (`千万时` → `千瓦时`); null if none is close")
def _unit_suggestion(value):
    text = written(value)
    if text is None or lookup(text) is not None or is_number(text):
        return None
    return suggestion(normalized(text))


@cache
def _pinyin(text: str) -> str:
    from pypinyin import lazy_pinyin

    return " ".join(lazy_pinyin(text))


@lexicons.derived
def suggestion(text: str, *, strict: bool = False) -> str | None:
    """The canonical unit `text` was most likely meant to be. A homophone of a known spelling wins; then a
    spelling one character off (by substitution, or — unless strict — by one character more or less)
    whose pinyin is at most two letters off. Strict is for units read out of running text, where the
    end of the unit is a guess: only a same-length near-homophone is trusted there."""
    table = _table()
    sound = _pinyin(text)
    best: tuple[int, int, str] | None = None
    for spelling, unit in table.spellings.items():
        if not re.fullmatch(r"[\u4e00-\u9fff]+", spelling) or spelling == text:
            continue
        characters = edit_distance(text, spelling)
        if strict and (len(spelling) != len(text) or len(text) < 2):
            continue
        if _pinyin(spelling) == sound:  # the same syllables: a homophone typed with the wrong candidate
            key = (0, characters, unit.canonical)
        elif characters == 1 and len(text) >= 2:
            letters = edit_distance(sound.replace(" ", ""), _pinyin(spelling).replace(" ", ""))
            if letters > 2:
                continue
            key = (letters, characters, unit.canonical)
        else:
            continue
        if best is None or key < best:
            best = key
    return best[2] if best else None


@function("unit_for", 1, doc="the unit an indicator's name calls for, when there is one obvious unit (a 率 → `%`, "
          "a 次数 → `次`), or null")
def _unit_for(name):
    dimensions = head_dimensions(plain(name))
    if not dimensions:
        return None
    return _table().dimensions.get(dimensions[0], {}).get("usual")


def _own_name(name: str) -> str:
    from jixiao_lint.check.domain.categories import read_name_path

    own = read_name_path(name).name or name
    return re.sub(r"[\s（(][^（()）]*[)）]\s*$|\s+$", "", own)  # 群众满意度（%）: the bracket is no part of the name


def head(name: object) -> tuple[str, tuple[str, ...] | None] | None:
    """The head of an indicator's own name and the dimensions it must be measured in (None: any)."""
    name = plain(name)
    return _head(name) if isinstance(name, str) else None


@lexicons.derived
def _head(name: str) -> tuple[str, tuple[str, ...] | None] | None:
    own = _own_name(name)
    table = _table()
    found = lexicons.name_head(own, table.heads, table.longest_head)
    if found is None or found[1] != len(own):  # the head word must end the name: 面积完成情况 is no area
        return None
    return found[0], table.heads[found[0]]


def head_dimensions(name: object) -> tuple[str, ...] | None:
    found = head(name)
    return found[1] if found else None


@function("unit_misfit", 2, doc="when a known unit cannot measure what an indicator's name says it measures (a "
          "次数 in 个, a 率 in 人, a 面积 in 个, an amount in %): a record with head (the name's head), "
          "measures (what the head is, in words), unit_measures (what the unit measures), usual (the unit a fix "
          "proposes, or null); null when the unit fits or either is unknown")
def _unit_misfit(unit, name):
    text = written(unit)
    found = lookup(text) if text is not None else None
    named = head(name)
    if found is None or named is None or named[1] is None:
        return None
    canonical, measures = found
    wanted = named[1]
    if set(measures) & set(wanted):
        return None
    dimensions = _table().dimensions
    return {
        "head": named[0],
        "measures_zh": "或".join(dimensions[d]["zh"] for d in wanted),
        "measures_en": " or ".join(dimensions[d]["en"] for d in wanted),
        "unit_measures_zh": "或".join(dimensions[d]["zh"] for d in measures),
        "unit_measures_en": " or ".join(dimensions[d]["en"] for d in measures),
        "usual": dimensions[wanted[0]].get("usual"),
        "unit": canonical,
    }


# Units in running text (a goal): a number, then what follows it. Where the unit ends is not written,
# so a known unit that begins what follows is taken as the unit; what begins with no known unit is
# reported only when its first characters are a near-homophone of one (千万时 → 千瓦时).
_NUMBER_IN_TEXT = re.compile(r"(?<![\d.A-Za-z第])\d+(?:\.\d+)?\s*")
_CJK = re.compile(r"[\u4e00-\u9fff]+")
_LONGEST_UNIT = 5


@record(slots=True)
class MisspeltUnit:
    written: str
    suggestion: str
    start: int  # code-point offsets into the text
    end: int


def misspelt_units(text: str) -> list[MisspeltUnit]:
    """The units written after numbers in running text that are no unit but a near-homophone of one."""
    found = []
    for number in _NUMBER_IN_TEXT.finditer(text):
        start = number.end()
        run = _CJK.match(text, start)
        if run is None:
            continue
        following = run.group()[:_LONGEST_UNIT]
        if _begins_with_unit(following):
            continue
        for n in range(min(len(following), 4), 1, -1):
            guess = suggestion(following[:n], strict=True)
            if guess is not None:
                found.append(MisspeltUnit(following[:n], guess, start, start + n))
                break
    return found


def _begins_with_unit(text: str) -> bool:
    """Whether a known unit begins the text, after an approximation (余次 in 1000余次, 万多人 in 2万多人)."""
    candidates = {text, _approximation().sub("", text)}
    return any(lookup(t[:n]) is not None for t in candidates for n in range(1, len(t) + 1))


@lexicons.derived
def _approximation() -> re.Pattern[str]:
    """A magnitude and an approximation word at the start of a text (万多, 余)."""
    table = _table()
    approximate = "|".join(map(re.escape, table.approximations))
    return re.compile(rf"^[{''.join(table.magnitudes)}]?(?:{approximate})")

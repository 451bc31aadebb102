"""Functions for the text-hygiene rules (rules/text.rules): 发文字号 as GB/T 9704 writes them, indicator
names that carry their own target, and where an item sits in its list.

    misbracketed_numbers("（渝民[2021]162号）")      ["渝民[2021]162号"]
    misbracketed_years("（渝民[2021]162号）")        ["[2021]"]
    with_document_brackets("（渝民[2021]162号）")    "（渝民〔2021〕162号）"
    malformed_numbers("（渝沙防发〔20234号）")        ["〔20234号"]
    embedded_quantity("村组干部230人", "人")          a quantity: text "230人", value 230, unit "人"

The brackets, the year range and what may follow a 号 are data: rules/lexicons/document_numbers.yaml.
"""

from __future__ import annotations

import re
from functools import lru_cache

from jixiao_lint.check import lexicons
from jixiao_lint.check.functions import QUANTITY, function
from jixiao_lint.check.values import Ref, plain
from jixiao_lint.records import record

_CJK = "\u4e00-\u9fff"


@record(slots=True)
class DocumentNumber:
    """A 发文字号 found in a text, from its opening bracket to its 号 (the 机关代字 before is not kept)."""

    text: str
    start: int
    end: int
    open: int  # offsets of the year's brackets in the scanned text
    close: int


@record(slots=True)
class Quantity:
    text: str
    name: str
    value: float
    unit: str
    start: int
    end: int


@lexicons.derived
def _numbers_lexicon() -> tuple[re.Pattern[str], tuple[str, str], tuple[int, int]]:
    data = lexicons.load("document_numbers")
    opens = "".join(re.escape(c) for c in data["open"])
    closes = "".join(re.escape(c) for c in data["close"])
    suffix = re.escape(data["serial_suffix"])
    not_after = "".join(re.escape(c) for c in data["not_after_serial"])
    # 机关代字 (at least one Chinese character, maybe one stray space), the year in brackets, the serial, 号.
    # A serial may carry a sub-number: 同财农（农）指标〔2023〕2-1号 is the first part of document 2.
    shape = re.compile(rf"(?<=[{_CJK}])\s?([{opens}])(\d{{4}})([{closes}])\s?第?\d{{1,5}}(?:-\d{{1,3}})?\s?{suffix}"
                       rf"(?![{not_after}])")
    low, high = data["years"]
    return shape, tuple(data["correct"]), (low, high)


def _scan(text: str) -> tuple[list[DocumentNumber], list[DocumentNumber]]:
    """(numbers with the right shape, numbers whose six-corner brackets are malformed)."""
    shape, (good_open, good_close), (low, high) = _numbers_lexicon()
    shaped: list[DocumentNumber] = []
    malformed: list[DocumentNumber] = []
    for match in shape.finditer(text):
        number = DocumentNumber(text[match.start(1):match.end()], match.start(1), match.end(), match.start(1),
                                match.start(3))
        if low <= int(match.group(2)) <= high:
            shaped.append(number)
        elif good_open in (match.group(1), match.group(3)) or good_close in (match.group(1), match.group(3)):
            malformed.append(number)  # 〔1023〕5号: the brackets say 发文字号, the year cannot be one
    covered = [(n.start, n.end) for n in shaped + malformed]
    # A six-corner bracket next to digits outside every well-shaped number is a 发文字号 gone wrong
    # (〔20234号, 〔2023〕号, 2023〕31号): only 发文字号 put digits in these brackets. Its extent runs from
    # the bracket (or the year before a lone closing one) to the next 号, if one follows closely.
    position = 0
    while True:
        found = [i for i in (text.find(good_open, position), text.find(good_close, position)) if i != -1]
        if not found:
            break
        at = min(found)
        position = at + 1
        if any(start <= at < end for start, end in covered):
            continue
        if not (text[at + 1:at + 2].isdigit() if text[at] == good_open else text[at - 1:at].isdigit()):
            continue  # 〔注〕: a bracket around words, not around a year
        start = at
        if text[at] == good_close:
            while start > 0 and text[start - 1].isdigit():
                start -= 1
        tail = re.match(rf"[^{_CJK}，。；;,]{{0,10}}?号|[\d〔〕\s]{{0,10}}", text[at:])
        end = at + (tail.end() if tail else 1)
        end = max(end, at + 1)
        malformed.append(DocumentNumber(text[start:end], start, end, at, at))
        covered.append((start, end))
        position = max(position, end)
    return shaped, malformed


def _wrongly_bracketed(text: str) -> list[DocumentNumber]:
    good_open, good_close = _numbers_lexicon()[1]
    shaped, _ = _scan(text)
    return [n for n in shaped if text[n.open] != good_open or text[n.close] != good_close]


@function("misbracketed_years", 1, doc="the years of the 发文字号 in a text that are not between 〔〕, with "
          "their brackets as written (`（渝民[2021]162号）` → [\"[2021]\"]): where X001 points")
def _misbracketed_years(text):
    text = plain(text)
    return [text[n.open:n.close + 1] for n in _wrongly_bracketed(text)] if isinstance(text, str) else []


@function("misbracketed_numbers", 1, doc="the 发文字号 in a text whose year is not between 〔〕, each "
          "with its 机关代字 (`（渝民[2021]162号）` → [\"渝民[2021]162号\"]); rules/lexicons/document_numbers.yaml")
def _misbracketed_numbers(text):
    text = plain(text)
    return [_with_agency(text, n) for n in _wrongly_bracketed(text)] if isinstance(text, str) else []


def _with_agency(text: str, number: DocumentNumber) -> str:
    """The number as people quote it, with the 机关代字 before it (at most six characters of it)."""
    start = number.start
    if start > 0 and text[start - 1].isspace():
        start -= 1
    while start > 0 and number.start - start < 6 and re.match(rf"[{_CJK}]", text[start - 1]):
        start -= 1
    return text[start:number.end].strip()


@function("with_document_brackets", 1, doc="the text with the year of every 发文字号 put between 〔〕 "
          "(`渝民[2021]162号` → `渝民〔2021〕162号`); null when there is nothing to change")
def _with_document_brackets(text):
    text = plain(text)
    if not isinstance(text, str):
        return None
    wrong = _wrongly_bracketed(text)
    if not wrong:
        return None
    good_open, good_close = _numbers_lexicon()[1]
    chars = list(text)
    for number in wrong:
        chars[number.open], chars[number.close] = good_open, good_close
    return "".join(chars)


@function("malformed_numbers", 1, doc="the 发文字号 in a text whose 〔年份〕序号号 is broken: a bracket not "
          "closed (`〔20234号`), a missing serial (`〔2023〕号`), a year that is not one (`〔1023〕5号`)")
def _malformed_numbers(text):
    text = plain(text)
    return [n.text for n in _scan(text)[1]] if isinstance(text, str) else []


@function("embedded_quantity", 2, returns=QUANTITY, doc="a number followed by the given unit inside a name "
          "(`村组干部230人`, unit 人 → text 230人, value 230), or null")
def _embedded_quantity(name, unit):
    name, unit = plain(name), plain(unit)
    if not isinstance(name, str) or not isinstance(unit, str) or not unit.strip():
        return None
    unit = unit.strip()
    match = _quantity_in(unit).search(name)
    if match is None:
        return None
    return Quantity(match.group(0), (name[:match.start()] + name[match.end():]).strip(), float(match.group(1)),
                    unit, match.start(), match.end())


@lru_cache(maxsize=1024)
def _quantity_in(unit: str) -> re.Pattern[str]:
    # A number glued to letters or to another number (5G, 12345热线) is part of a name, not a quantity.
    return re.compile(rf"(?<![0-9A-Za-z.])(\d+(?:\.\d+)?)\s?{re.escape(unit)}")


@function("position", 1, doc="the index of an item in the list it was read from (`indicators/3` → 3), or null",
          reads_places=True)
def _position(item):
    if not isinstance(item, Ref):
        return None
    if type(item.key) is int and item.key >= 0:  # its index in the list it was read from, no pointer spelt out
        return item.key
    last = item.pointer.rsplit("/", 1)[-1]
    return int(last) if last.isdigit() else None


_FIRST_SEEN: dict[tuple[int, str], tuple[list, dict]] = {}  # (id of a list, field) -> (the list, value -> first index)


@function("earlier_same", 3, doc="the item before this one in its list with the same value of a field "
          "(`earlier_same(indicator, indicators, \"name\")`), or null; each list is read once, not once per item",
          literal_args=(2,), reads_places=True)
def _earlier_same(item, items, field):
    if not isinstance(item, Ref) or not isinstance(items, Ref) or not isinstance(items.value, list):
        return None
    index, key = _position(item), plain(field)
    value = item.value.get(key) if isinstance(item.value, dict) else None
    if index is None or value is None or isinstance(value, (dict, list)):
        return None
    cached = _FIRST_SEEN.get((id(items.value), key))
    if cached is None or cached[0] is not items.value:
        first: dict = {}
        for i, row in enumerate(items.value):
            seen = row.get(key) if isinstance(row, dict) else None
            if seen is not None and not isinstance(seen, (dict, list)):
                first.setdefault(seen, i)
        if len(_FIRST_SEEN) > 16:
            _FIRST_SEEN.clear()
        cached = _FIRST_SEEN[(id(items.value), key)] = (items.value, first)
    earlier = cached[1].get(value)
    return items.child(earlier) if earlier is not None and earlier < index else None

"""U001 unknown-unit: a unit that is no unit, in the unit column, inside a target, or after a number in
a goal text. The units, their spellings and the did-you-mean are in check/domain/units.py over
rules/lexicons/units.yaml; the other unit rules (U002–U005) are declared in rules/units.rules.

Why Python: one finding per unknown unit wherever it is written — a unit cell of an indicator, a piece
of a target, or a piece of a goal text (several in one text) — and a rule in the language yields one
finding per item of one collection, pointing at a whole field.
"""

from __future__ import annotations

from typing import Any, Iterator

from jixiao_lint.check.python_rules import Hit, python_rule
from jixiao_lint.model.form import Document

# check.domain.units, and check.functions (which imports every domain module), are imported when the
# rule first runs, not when it is declared: a run the results cache answers whole declares rules, runs none.
units: Any = None


def parsed(kind: str, text: str):
    global parsed
    from jixiao_lint.check.functions import parsed
    return parsed(kind, text)

_WHY = ("one finding per unknown unit wherever it is written (unit cells, targets, several in one goal text), "
        "pointing inside the text; a language rule gives one finding per item and points at a whole field")
_HEAD = "kind: target-declaration\nyear: 2024\norganization: 磁器口街道\n"

_DOC = """计量单位栏写的不是已知的单位（`千万时`、`公理`），或目标、绩效目标文字中数字后面的单位写错了
（`商业用电219867.5千万时`）。单位多用拼音输入，写错的多半是同音或近音的候选字：
按拼音和字形给出最可能的单位（`千万时` → `千瓦时`，`公理` → `公里`），单位栏的建议作为不安全修复。

已知单位及其写法见 rules/lexicons/units.yaml；表中确实用到、词表里没有的单位，请补进词表。
单位是一个数（`100`）时由 U003 报告；空单位、`-`、`/`、`无` 表示没有单位，不报告。
目标文字里只报告与某个单位近音的写法：数字后面的文字不一定是单位。"""

_DOC_EN = """The unit column holds no known unit (`千万时`, `公理`), or the unit after a number in a target or a performance-goal
text is misspelt (`商业用电219867.5千万时`). Units are mostly typed with pinyin input, so a wrong one is most likely
a candidate of the same or a similar sound: the likeliest unit is given by pinyin and by the characters' shapes
(`千万时` → `千瓦时`, kilowatt-hour; `公理` → `公里`, kilometre), and the suggestion for a unit column is an unsafe fix.

The known units and their spellings are in rules/lexicons/units.yaml; a unit the forms really use that the list
lacks should be added to it. A unit that is a number (`100`) is reported by U003; an empty unit, `-`, `/` or `无`
means no unit and is not reported. In goal and target text only wordings that sound like some unit are reported:
the text after a number is not always a unit."""


@python_rule("U001", "unknown-unit", "warning", "未知的计量单位", "unknown unit", why=_WHY, doc=_DOC, doc_en=_DOC_EN,
             passing=_HEAD + "goal: 绩效目标：（1）产出-数量-用电219867.5千瓦时；（2）效益-社会效益-保证办公正常运转。\n"
                             "indicators:\n  - {name: 产出-数量-用电数量, unit: 千瓦时, target: ≥ 219867.5, weight: 100}\n",
             failing=_HEAD + "goal: 绩效目标：（1）产出-数量-用电219867.5千万时；（2）效益-社会效益-保证办公正常运转。  # expect: U001\n"
                             "indicators:\n  - name: 产出-数量-用电数量\n    unit: 千万时  # expect: U001\n"
                             "    target: ≥ 219867.5\n    weight: 100\n")
def unknown_unit(document: Document, settings: dict) -> Iterator[Hit]:
    global units
    if units is None:
        from jixiao_lint.check.domain import units
    for i, indicator in enumerate(document.data.get("indicators") or []):
        if isinstance(indicator, dict):
            yield from _unit_cell(f"/indicators/{i}", indicator)
            yield from _target_unit(f"/indicators/{i}/target", indicator.get("target"))
    yield from _text(document.data.get("goal"), "/goal")
    goals = document.data.get("goals")
    if isinstance(goals, dict):
        for key, text in goals.items():
            yield from _text(text, f"/goals/{key}")


def _unit_cell(path: str, indicator: dict) -> Iterator[Hit]:
    written = units.written(indicator.get("unit"))
    if written is None or units.lookup(written) is not None or units.is_number(written):
        return
    guess = units.suggestion(units.normalized(written))
    if guess:
        yield Hit(f"{path}/unit", f"计量单位“{written}”不是已知的单位，是否应为“{guess}”？",
                  f"unknown unit '{written}'; did you mean '{guess}'?", guess, "unsafe")
    else:
        yield Hit(f"{path}/unit", f"计量单位“{written}”不是已知的单位（已知单位见 rules/lexicons/units.yaml）",
                  f"unknown unit '{written}' (the known units are in rules/lexicons/units.yaml)")


def _target_unit(path: str, target: Any) -> Iterator[Hit]:
    """A unit inside a target is only judged when it is a near-homophone of a unit: the grammar reads
    any letters after the number as the unit (`= 4个站点`), and whether those agree with the unit cell is
    another rule's business."""
    if not isinstance(target, str):
        return
    expression, _ = parsed("target", target)
    if expression is None or not expression.unit or expression.unit_span is None:
        return
    if units.lookup(expression.unit) is not None:
        return
    guess = units.suggestion(units.normalized(expression.unit), strict=True)
    if guess:
        yield Hit(path, f"指标值中的单位“{expression.unit}”不是已知的单位，是否应为“{guess}”？",
                  f"unknown unit '{expression.unit}' in the target; did you mean '{guess}'?",
                  inner=expression.unit_span)


def _text(text: Any, path: str) -> Iterator[Hit]:
    if not isinstance(text, str):
        return
    for unit in units.misspelt_units(text):
        # No fix: a goal is long text that may be folded over lines, where a piece cannot be replaced safely.
        yield Hit(path, f"“{unit.written}”不是计量单位，是否应为“{unit.suggestion}”？",
                  f"'{unit.written}' is not a unit; did you mean '{unit.suggestion}'?", inner=(unit.start, unit.end))

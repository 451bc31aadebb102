"""Indicator names that carry their categories: `产出-数量-购买电脑数量` is 一级 产出指标, 二级 数量指标,
name 购买电脑数量.

    parse_indicator_name("产出-数量-购买电脑数量")   level1 "产出指标", level2 "数量指标", name "购买电脑数量"
    parse_indicator_name("满意度-满意度")            level1 "满意度指标", level2 None, name "满意度"
    parse_indicator_name("产出-数量用水数量")        note missing-separator: after 数量
    parse_indicator_name("产出-数目-购买电脑数量")   note unknown-level2: 数目 is not a 二级 of 产出指标
    parse_indicator_name("7月-8月献血宣传次数")      no path: 7月 is no category, the name is kept whole

The categories, their short forms and the separators are data: rules/lexicons/taxonomy.yaml.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Iterable


from jixiao_lint.parse.notes import Note
from jixiao_lint.records import record
from jixiao_lint.resources import lexicons_dir


@record(slots=True)
class NamePath:
    level1: str | None  # canonical long names: "产出指标", "数量指标"
    level2: str | None
    name: str  # the indicator's own name, without its categories
    written_level1: str | None  # as written: "产出", "数量"
    written_level2: str | None
    # What is wrong with the path (each kind's data in brackets): name-missing [written],
    # missing-separator [path, form], category-elsewhere [written, parent, level1],
    # unknown-level1 [written, known], unknown-level2 [written, known, under].
    notes: tuple[Note, ...]


@record(slots=True)
class Category:
    name: str  # canonical: "数量指标"
    short: tuple[str, ...]  # accepted instead: ("数量",)
    children: tuple[Category, ...] = ()
    level3: tuple[str, ...] = ()  # report score tables only

    @property
    def forms(self) -> tuple[str, ...]:
        return (self.name, *self.short)


@record(slots=True)
class Taxonomy:
    separators: tuple[str, ...]
    indicators: tuple[Category, ...]  # 一级 of a form's indicators
    report: tuple[Category, ...]  # 一级 of an evaluation report's score table

    def level1(self, written: str, *, report: bool = False) -> Category | None:
        return _find(written, self.report if report else self.indicators)

    def level2(self, written: str, level1: Category | None = None, *, report: bool = False) -> Category | None:
        """The 二级 written, under `level1` when given, else under any 一级."""
        parents = (level1,) if level1 is not None else (self.report if report else self.indicators)
        return _find(written, [child for parent in parents for child in parent.children])

    def parent(self, level2: Category, *, report: bool = False) -> Category:
        return next(p for p in (self.report if report else self.indicators) if level2 in p.children)


# A category written with a gloss or its points after it: 数量指标(或建筑规模指标), 时效指标（工期指标）,
# 产出指标(50分). The gloss is dropped when the words as written are no category.
_GLOSS = re.compile(r"\s*[（(][^（）()]*[）)]\s*$")


def _find(written: str, categories: Iterable[Category]) -> Category | None:
    categories = tuple(categories)
    found = next((c for c in categories if written in c.forms), None)
    if found is None:
        bare = _GLOSS.sub("", written)
        if bare and bare != written:
            found = next((c for c in categories if bare in c.forms), None)
    return found


@cache
def load_taxonomy(path: Path | None = None) -> Taxonomy:
    path = path or lexicons_dir() / "taxonomy.yaml"
    from jixiao_lint.check.lexicons import read_yaml_data

    data = read_yaml_data(path)

    def category(entry: dict) -> Category:
        return Category(
            name=entry["name"],
            short=tuple(entry.get("short", ())),
            children=tuple(category(child) for child in entry.get("level2", ())),
            level3=tuple(entry.get("level3", ())),
        )

    return Taxonomy(
        separators=tuple(data["separators"]),
        indicators=tuple(category(e) for e in data["indicators"]),
        report=tuple(category(e) for e in data["report"]),
    )


@cache
def _separator_run(separators: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile("(?:" + "|".join(map(re.escape, separators)) + ")+")


def parse_indicator_name(name: str, *, report: bool = False, taxonomy: Taxonomy | None = None) -> NamePath:
    """Split a name into its categories and its own name. Only a name whose first part is a known
    一级 (or whose second part is a known 二级) is read as a path; any other name is kept whole."""
    taxonomy = taxonomy or load_taxonomy()
    separator = _separator_run(taxonomy.separators)
    cuts = list(separator.finditer(name))
    if not cuts:
        return NamePath(None, None, name.strip(), None, None, ())
    bounds = [0, *(p for cut in cuts for p in cut.span()), len(name)]
    parts = [_stripped(name, bounds[i], bounds[i + 1]) for i in range(0, len(bounds), 2)]
    written = [name[s:e] for s, e in parts]
    rest = (parts[2][0], parts[-1][1]) if len(parts) >= 3 else None
    sep = cuts[0].group()

    level1 = taxonomy.level1(written[0], report=report)
    if level1 is None:
        level2 = taxonomy.level2(written[1], report=report) if len(parts) >= 3 else None
        if level2 is None:
            return _glued_level1(name, written, parts, sep, taxonomy, report)
        note = _not_in_taxonomy(parts[0], written[0], "一级", [c.name for c in _level1s(taxonomy, report)])
        return NamePath(None, level2.name, name[slice(*rest)], written[0], written[1], (note,))

    if len(parts) == 2:
        level2 = taxonomy.level2(written[1], level1)
        if level2 is not None:
            note = Note("name-missing", *parts[1], None, {"written": name.strip()})
            return NamePath(level1.name, level2.name, "", written[0], written[1], (note,))
        glued = _glued_level2(written[1], level1)
        if glued is None:  # 满意度-满意度: a name under its 一级, no 二级
            return NamePath(level1.name, None, written[1], written[0], None, ())
        level2, form = glued
        remainder = written[1][len(form) :].lstrip()
        path = f"{written[0]}{sep}{form}{sep}{remainder}"
        note = Note("missing-separator", *parts[1], None, {"path": path, "form": form})
        return NamePath(level1.name, level2.name, remainder, written[0], form, (note,))

    level2 = taxonomy.level2(written[1], level1)
    if level2 is not None:
        return NamePath(level1.name, level2.name, name[slice(*rest)], written[0], written[1], ())
    elsewhere = taxonomy.level2(written[1], report=report)
    if elsewhere is not None:
        parent = taxonomy.parent(elsewhere, report=report)
        note = Note("category-elsewhere", *parts[1], None,
                    {"written": written[1], "parent": parent.name, "level1": level1.name})  # fmt: skip
        return NamePath(level1.name, elsewhere.name, name[slice(*rest)], written[0], written[1], (note,))
    note = _not_in_taxonomy(parts[1], written[1], "二级", [c.name for c in level1.children], under=level1.name)
    return NamePath(level1.name, None, name[slice(*rest)], written[0], written[1], (note,))


def _stripped(text: str, start: int, end: int) -> tuple[int, int]:
    piece = text[start:end]
    start += len(piece) - len(piece.lstrip())
    return start, max(start, start + len(piece.strip()))


def _level1s(taxonomy: Taxonomy, report: bool) -> tuple[Category, ...]:
    return taxonomy.report if report else taxonomy.indicators


def _glued_level2(written: str, level1: Category) -> tuple[Category, str] | None:
    """`数量用水数量` under 产出指标: a 二级 form followed, with no separator, by more text."""
    forms = sorted(((form, c) for c in level1.children for form in c.forms), key=lambda fc: -len(fc[0]))
    for form, category in forms:
        if written.startswith(form) and written[len(form) :].strip():
            return category, form
    return None


def _glued_level1(
    name: str, written: list[str], parts: list[tuple[int, int]], sep: str, taxonomy: Taxonomy, report: bool
) -> NamePath:
    """`产出数量-用水数量`: a 一级 and one of its 二级 run together before the first separator."""
    for level1 in _level1s(taxonomy, report):
        for form in sorted(level1.forms, key=len, reverse=True):
            if written[0].startswith(form) and (level2 := taxonomy.level2(written[0][len(form) :], level1)):
                rest = name[parts[1][0] : parts[-1][1]]
                path = f"{form}{sep}{written[0][len(form):]}{sep}{rest}"
                note = Note("missing-separator", *parts[0], None, {"path": path, "form": form})
                return NamePath(level1.name, level2.name, rest, form, written[0][len(form) :], (note,))
    return NamePath(None, None, name.strip(), None, None, ())


def _not_in_taxonomy(
    span: tuple[int, int], written: str, level: str, known: list[str], under: str | None = None
) -> Note:
    if level == "一级":
        return Note("unknown-level1", *span, None, {"written": written, "known": tuple(known)})
    return Note("unknown-level2", *span, None, {"written": written, "known": tuple(known), "under": under})

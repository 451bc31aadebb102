"""What an evaluation report states about itself: the grade its total earns, and when its evaluation began.

Grades and the words for them are data: rules/lexicons/grades.yaml.
"""

from __future__ import annotations

import re

from jixiao_lint.check import lexicons
from jixiao_lint.check.functions import MAX_MATCH_TEXT, function, number
from jixiao_lint.check.values import plain


def _canonical_grade(word: object) -> str | None:
    word = plain(word)
    if not isinstance(word, str) or not word.strip():
        return None
    word = word.strip().strip("“”\"'「」")
    for grade, synonyms in lexicons.load("grades").items():
        if word == grade or word in (synonyms or ()):
            return grade
    return word


@function("same_grade", 2, doc="whether two grade words name the same grade (优 and 优秀, 中 and 一般), or null")
def same_grade(a, b) -> bool | None:
    a, b = _canonical_grade(a), _canonical_grade(b)
    return None if a is None or b is None else a == b


@function("grade_for", 3, doc="the grade a total earns under the report's own bands (a list of {grade, min}), "
          "else under the default bands: grade_for(total_score, document.grade_bands, grade_bands); null if "
          "the total is below every band or unreadable")
def grade_for(total, bands, default_bands) -> str | None:
    score = number(total)
    if score is None:
        return None
    chosen = _bands(bands) or _bands(default_bands)
    for grade, minimum in sorted(chosen, key=lambda band: -band[1]):
        if score >= minimum:
            return grade
    return None


def _bands(value) -> list[tuple[str, float]]:
    bands = []
    for band in plain(value) or []:
        band = plain(band)
        if isinstance(band, dict) and isinstance(band.get("grade"), str) and number(band.get("min")) is not None:
            bands.append((band["grade"], number(band["min"])))
    return bands


# The evaluation of a year begins once the year is over: `绩效评价工作于2022年2月启动` in the report on
# 2022 cannot be. Both orders are read: the work 于 a date 启动, and 于 a date 启动 the work.
_DATE = r"(?P<year>\d{4})\s*年\s*(?P<month>\d{1,2})\s*月(?:\s*(?P<day>\d{1,2})\s*[日号])?"
_WORK = r"(?:绩效)?(?:自评|评价|自评价)(?:工作)"
_START = r"(?:正式)?(?:启动|开始|开展|展开)"
_EVALUATION_START = re.compile(
    rf"{_WORK}\s*(?:于|在|从|自)?\s*{_DATE}\s*{_START}"
    rf"|(?:于|在|从|自)\s*{_DATE.replace('?P<', '?P<b_')}\s*{_START}了?\s*(?:本次|本年度|年度)?\s*{_WORK}"
)


@function("evaluation_start", 1, doc="the date a text gives for the start of the evaluation work "
          "(`绩效评价工作于2022年2月启动`), as {text, year, month}, or null")
def evaluation_start(text) -> dict | None:
    text = plain(text)
    if not isinstance(text, str):
        return None
    match = _EVALUATION_START.search(text[:MAX_MATCH_TEXT])
    if match is None:
        return None
    year = match.group("year") or match.group("b_year")
    month = match.group("month") or match.group("b_month")
    date = re.search(_DATE, match.group(0))
    return {"text": re.sub(r"\s+", "", date.group(0)), "year": int(year), "month": int(month)}

"""The scoring arithmetic of a 绩效自评表, as the national self-evaluation template defines it.

    偏离度   = |完成值 − 指标值| ÷ 指标值 × 100            (0 when both are 0)
    得分系数 = 100 when the target is met under its operator, else the proportion achieved:
               完成值 ÷ 指标值 for ≥ and > (and for = when short of it), 指标值 ÷ 完成值 for ≤ and <
    得分     = 权重 × 得分系数 ÷ 100
    执行率得分 = 权重 × min(执行率, 100) ÷ 100

Those are the national profile's choices; a rule passes the profile's item (`profile.unmet`,
`profile.execution_rate`) and gets the region's: rules/profiles/*.yaml, docs/profiles.md.

Only a single numeric target (≥ ≤ = > <) can be computed: a range, a qualitative target or one that does not
parse gives null, and so does a zero or negative target the formulas cannot divide by. A rule reading null
makes no finding, which is how those rows are skipped.
"""

from __future__ import annotations

from jixiao_lint.check.functions import _expr, function, item_values, number
from jixiao_lint.check.values import Ref, format_value, plain

_COMPUTED = ("≥", "≤", "=", ">", "<")


def _single(target) -> tuple[str, float] | None:
    """(operator, value) of a parsed target the arithmetic applies to."""
    target = plain(target)
    operator, value = getattr(target, "operator", None), getattr(target, "value", None)
    if operator not in _COMPUTED or value is None:
        return None
    return operator, value


@function("met", 2, doc="whether an actual meets a parsed target (`met(expr(i.target), i.actual)`), or null")
def met(target, actual) -> bool | None:
    single, a = _single(target), number(actual)
    if single is None or a is None:
        return None
    operator, t = single
    return {"≥": a >= t, "≤": a <= t, "=": a == t, ">": a > t, "<": a < t}[operator]


@function("deviation", 2, doc="偏离度 |actual − target| ÷ target × 100 of a parsed target (0 when both are 0), or null")
def deviation(target, actual) -> float | None:
    single, a = _single(target), number(actual)
    if single is None or a is None:
        return None
    t = single[1]
    if t == 0:
        return 0.0 if a == 0 else None
    if t < 0:
        return None
    return abs(a - t) / t * 100


@function("coefficient", 2, 3, doc="得分系数: 100 when the actual meets the parsed target, else as the profile's `unmet` "
          "says (coefficient(target, actual, profile.unmet); without it, national's), or null (= exceeded, unless two_sided)")
def coefficient(target, actual, unmet=None) -> float | None:
    reached = met(target, actual)
    if reached is None:
        return None
    if reached:
        return 100.0
    unmet = plain(unmet) or _NATIONAL_UNMET
    operator, t = _single(target)
    a = number(actual)
    if operator in ("≥", ">"):
        ratio = a / t if t > 0 else None  # at_least: actual_over_target, the only choice in use
    elif operator in ("≤", "<"):
        ratio = _over_bound(t, a, unmet.get("at_most"))
    elif 0 <= a < t:  # `=` short of its value scores the proportion reached
        ratio = a / t
    elif a > t and unmet.get("equal") == "two_sided":  # beyond it, as a bound exceeded
        ratio = _over_bound(t, a, unmet.get("at_most"))
    else:  # short_as_at_least: beyond its value forms differ (full marks or not), not computed
        ratio = None
    return None if ratio is None else max(0.0, min(ratio, 1.0)) * 100


_NATIONAL_UNMET = {"at_least": "actual_over_target", "at_most": "target_over_actual", "equal": "short_as_at_least"}


def _over_bound(t: float, a: float, choice: str | None) -> float | None:
    """The proportion earned by an actual `a` above the bound `t` it should have stayed under."""
    if choice == "linear_to_zero_at_double":  # 1 − (a − t) ÷ t: nothing left at twice the target
        return 1 - (a - t) / t if t > 0 else None
    return t / a if a > 0 and t >= 0 else None  # target_over_actual


@function("completion", 2, doc="完成程度: actual ÷ target × 100 of a single ≥ > or = target (130 = 30 % over), or null")
def completion(target, actual) -> float | None:
    single, a = _single(target), number(actual)
    if single is None or a is None or single[0] not in ("≥", ">", "=") or single[1] <= 0:
        return None
    return a / single[1] * 100


@function("rate_score", 2, 3, doc="the score of an execution-rate row as the profile's `execution_rate` says "
          "(rate_score(weight, rate, profile.execution_rate); without it weight × min(rate, 100) ÷ 100), or null")
def rate_score(weight, rate, scoring=None) -> float | None:
    w, r = number(weight), number(rate)
    if w is None or r is None:
        return None
    scoring = plain(scoring) or {}
    if scoring.get("scoring") == "thresholds":
        steps = sorted(scoring.get("thresholds") or [], key=lambda step: -step["from"])
        share = next((step["score"] for step in steps if r >= step["from"]), 0)
        return w * share / 100
    return w * min(r, 100.0) / 100


@function("rate_method", 2, doc="how the profile's `execution_rate` scores, in words for a message: "
          "rate_method(profile.execution_rate, \"zh\") or \"en\"")
def rate_method(scoring, lang) -> str:
    scoring = plain(scoring) or {}
    zh = plain(lang) != "en"
    if scoring.get("scoring") == "thresholds":
        steps = sorted(scoring.get("thresholds") or [], key=lambda step: -step["from"])
        shown = "、".join(f"≥ {format_value(s['from'])}% 得 {format_value(s['score'])}%" for s in steps) if zh else \
            ", ".join(f"≥ {format_value(s['from'])}% earns {format_value(s['score'])}%" for s in steps)
        return f"按执行率分档计分：{shown}，低于各档得 0" if zh else f"scored in steps of the weight: {shown}, 0 below them"
    return "权重 × 执行率 ÷ 100，执行率超过 100 按 100 计" if zh else "weight × rate ÷ 100, a rate above 100 counts as 100"


@function("scored_rows", 1, doc="the rows a form gives its points in, keeping where they were read: a report's "
          "score_table, else the indicators (scored_rows(document))", reads_places=True)
def scored_rows(document):
    if isinstance(document, Ref):
        table = document.child("score_table")
        return table if table.value is not None else document.child("indicators")
    return None


@function("weight_sum", 1, doc="what a form's weights add up to (W001; the HTML report's totals show the same): "
          "{rows, funds, total}, the scored rows' weights plus the execution-rate weight, which is written once "
          "for the funds (a source row repeating it is not a second weight: the largest, not their sum); "
          "null when no row has a weight or one is no number (`十`: a schema finding)")
def weight_sum(document) -> dict | None:
    data = plain(document)
    if not isinstance(data, dict):
        return None
    rows = data.get("score_table") if data.get("score_table") is not None else data.get("indicators")
    written = [row.get("weight") for row in item_values(rows) if isinstance(row, dict)]
    weights = [number(w) for w in written if w is not None]
    if not weights or None in weights:
        return None
    funds = [number(f.get("weight")) for f in item_values(data.get("funds")) if isinstance(f, dict)]
    rows_total, fund_total = sum(weights), max([0.0, *(w for w in funds if w is not None)])
    return {"rows": rows_total, "funds": fund_total, "total": rows_total + fund_total}


@function("qualitative_band", 3, doc="the band of the profile's 定性 bands an actual is in (qualitative_band(i.actual, "
          "expr(i.target), profile.qualitative)): the band whose longest word it contains, or the profile's "
          "actual_matching_target when it repeats the target's wording; {band, min, max} or null")
def qualitative_band(actual, target, qualitative) -> dict | None:
    text, qualitative = plain(actual), plain(qualitative)
    if not isinstance(text, str) or not isinstance(qualitative, dict) or getattr(plain(target), "operator", None) != "qualitative":
        return None
    text = text.strip()
    best: tuple[int, dict] | None = None
    for band in qualitative.get("bands") or []:
        for word in band.get("words") or []:
            # A one-character word (是) only as the whole cell: inside a text it means nothing.
            if (text == word or len(word) > 1 and word in text) and (best is None or len(word) > best[0]):
                best = (len(word), band)
    if best is None:
        wording = getattr(plain(target), "wording", None)
        matching = qualitative.get("actual_matching_target")
        if matching and isinstance(wording, str) and wording.strip() and text == wording.strip():
            best = (0, next((b for b in qualitative.get("bands") or [] if b.get("band") == matching), None))
    if best is None or best[1] is None:
        return None
    band = best[1]
    return {"band": band["band"], "min": band["min"], "max": band["max"]}


@function("split_mismatch", 2, doc="where the weights of a form's indicators depart from the profile's split "
          "(split_mismatch(indicators, profile.weights.split)): a list of {categories, expected, actual} per group "
          "whose weights differ, empty when they agree; null when the split is null or an indicator's 一级 is unknown")
def split_mismatch(indicators, split) -> list | None:
    from jixiao_lint.check.domain.categories import level1_name, name_categories

    split, rows = plain(split), plain(indicators)
    if not split or not isinstance(rows, list) or not rows:
        return None
    totals: dict[str, float] = {}
    for row in rows:
        if not isinstance(row, dict):
            return None
        weight = number(row.get("weight"))
        written = row.get("level1")
        category = level1_name(written) if written is not None else getattr(name_categories(row.get("name")), "level1", None)
        if weight is None or category is None:
            return None  # a split of rows one cannot place means nothing
        totals[category] = totals.get(category, 0.0) + weight
    wrong = []
    for group in split:
        actual = sum(totals.get(c, 0.0) for c in group["categories"])
        if abs(actual - group["weight"]) > 1e-6:
            wrong.append({"categories": "+".join(c.removesuffix("指标") for c in group["categories"]),
                          "expected": group["weight"], "actual": round(actual, 2)})
    return wrong


@function("score_cap", 2, doc="the highest score a row may have (score_cap(row, profile.over_completion)): its weight, "
          "or weight × completion ÷ 100 for an over-completed indicator where score_above_weight is true; or null")
def score_cap(row, over_completion) -> float | None:
    row, over_completion = plain(row), plain(over_completion) or {}
    if not isinstance(row, dict):
        return None
    weight = number(row.get("weight"))
    if weight is None or over_completion.get("score_above_weight") is not True or "target" not in row:
        return weight
    done = completion(_expr(row.get("target")), row.get("actual"))
    return weight * done / 100 if done is not None and done > 100 else weight


@function("short_of", 2, doc="whether an actual falls short of a parsed target: below a ≥ > = value, above a ≤ < one "
          "(an `=` exceeded is not short of it), or null")
def short_of(target, actual) -> bool | None:
    single, a = _single(target), number(actual)
    if single is None or a is None:
        return None
    operator, t = single
    return {"≥": a < t, ">": a <= t, "=": a < t, "≤": a > t, "<": a >= t}[operator]

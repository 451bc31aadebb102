"""The scoring arithmetic of a 绩效自评表, as the national self-evaluation template defines it.

    偏离度   = |完成值 − 指标值| ÷ 指标值 × 100            (0 when both are 0)
    得分系数 = 100 when the target is met under its operator, else the proportion achieved:
               完成值 ÷ 指标值 for ≥ and > (and for = when short of it), 指标值 ÷ 完成值 for ≤ and <
    得分     = 权重 × 得分系数 ÷ 100
    执行率得分 = 权重 × min(执行率, 100) ÷ 100

Only a single numeric target (≥ ≤ = > <) can be computed: a range, a qualitative target or one that does not
parse gives null, and so does a zero or negative target the formulas cannot divide by. A rule reading null
makes no finding, which is how those rows are skipped.
"""

from __future__ import annotations

from jixiao_lint.check.functions import function, number
from jixiao_lint.check.values import Ref, plain

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


@function("coefficient", 2, doc="得分系数: 100 when the actual meets the parsed target, else the proportion achieved "
          "(actual ÷ target for ≥ > and for = when short, target ÷ actual for ≤ <), or null (= exceeded)")
def coefficient(target, actual) -> float | None:
    reached = met(target, actual)
    if reached is None:
        return None
    if reached:
        return 100.0
    operator, t = _single(target)
    a = number(actual)
    if operator in ("≥", ">"):
        ratio = a / t if t > 0 else None
    elif operator in ("≤", "<"):
        ratio = t / a if a > 0 and t >= 0 else None
    else:  # `=` short of its value scores the proportion reached; beyond it, forms differ (full marks or not)
        ratio = a / t if 0 <= a < t else None
    return None if ratio is None else max(0.0, min(ratio, 1.0)) * 100


@function("rate_score", 2, doc="the score of an execution-rate row: weight × min(rate, 100) ÷ 100, or null")
def rate_score(weight, rate) -> float | None:
    w, r = number(weight), number(rate)
    if w is None or r is None:
        return None
    return w * min(r, 100.0) / 100


@function("scored_rows", 1, doc="the rows a form gives its points in, keeping where they were read: a report's "
          "score_table, else the indicators (scored_rows(document))", reads_places=True)
def scored_rows(document):
    if isinstance(document, Ref):
        table = document.child("score_table")
        return table if table.value is not None else document.child("indicators")
    return None

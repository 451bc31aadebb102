"""Indicator direction (正向/反向) for rules/operators.rules: which word of a name decided its polarity,
so that a finding can say why it reads the indicator the way it does. The polarity itself is data
(rules/lexicons/polarity.yaml), read by lexicons.polarity."""

from __future__ import annotations

from jixiao_lint.check import lexicons
from jixiao_lint.check.functions import function
from jixiao_lint.check.values import plain


@function("polarity_head", 1, doc="the word of the polarity lexicon that decides a name's direction (违建拆除面积 → 面积), or null")
def polarity_head(name):
    name = plain(name)
    head = lexicons.polarity_head(name) if isinstance(name, str) else None
    return head[0] if head else None


_DIRECTION_ZH = {"positive": "正向指标（越多越好，目标是下限）", "negative": "反向指标（越少越好，目标是上限）"}
_DIRECTION_EN = {"positive": "a positive indicator (more is better: the target is a floor)",
                 "negative": "a negative indicator (less is better: the target is a ceiling)"}


@function("direction_zh", 1, doc="how a message says a polarity in Chinese: \"positive\" → 正向指标（越多越好，目标是下限）")
def direction_zh(direction):
    return _DIRECTION_ZH.get(plain(direction))


@function("direction_en", 1, doc="how a message says a polarity in English: \"positive\" → a positive indicator (…)")
def direction_en(direction):
    return _DIRECTION_EN.get(plain(direction))

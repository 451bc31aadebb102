"""OP001/OP002 and the polarity lexicon: the direction of an indicator read from the head of its name,
exactly where each finding lands, and silence on indicators that point the right way or have no
direction the lexicon can vouch for."""

from __future__ import annotations

import pytest

from helpers import findings_of, lint_text
from jixiao_lint.check import lexicons

OP = ["OP"]
SELF = "kind: self-evaluation\nyear: 2023\norganization: 华新街街道办事处\nindicators:\n"
DECLARATION = "kind: target-declaration\nyear: 2024\norganization: 磁器口街道\nindicators:\n"


@pytest.mark.parametrize("name,expected", [
    ("违建拆除面积", "positive"),  # 违建 is negative, but the head is 面积
    ("社会治安发案下降率", "positive"),  # 发案 is negative, but the head is 下降率
    ("生态环保问题发生率", "negative"),
    ("不合格率", "negative"),  # the longer word wins where both end: not 合格率
    ("火灾发生次数", "negative"),  # 发生次数 outweighs 次数
    ("违法建筑整治宣传次数", "positive"),
    ("安全生产责任事故", "negative"),
    ("“三公经费”变动率", "negative"),
    ("产出-数量-购买电脑数量", "positive"),
    ("满意度-服务对象满意度-群众满意率", "positive"),
    ("公用经费控制率", None),  # neutral head: a 控制率 may be a floor or a ceiling (seed 001)
    ("零售销售额恶增长率", None),  # neutral head: 增长率
    ("成本控制率", None),  # the neutral head decides, not the 成本 before it
    ("全年预算执行率", None),
    ("打造智慧小区", None),
    ("矛盾纠纷调处成功率", "positive"),  # 成功率, read on the name's words
    ("产品不合格率", "negative"),
    ("安全事故发生起数", "negative"),
    ("道路扬尘投诉发生率", "negative"),
])
def test_polarity_is_read_from_the_head(name: str, expected: str | None) -> None:
    assert lexicons.polarity(name) == expected


CLEAN = SELF + """\
  - {name: 违建拆除面积, unit: 平方米, target: ≥ 2400, weight: 10}
  - {name: 生态环保问题发生率, unit: "%", target: ≤ 10, weight: 10}
  - {name: 社会治安发案下降率, unit: "%", target: ≥ 29.7, weight: 10}
  - {name: “三公经费”变动率, unit: "%", target: ≤ 5, weight: 10}
  - {name: 安全生产责任事故, unit: 次, target: < 1, weight: 10}
  - {name: 公用经费控制率, unit: "%", target: ≥ 100, weight: 10}
  - {name: 零售销售额恶增长率, unit: "%", target: ≥ 60, weight: 10}
  - {name: 全年预算执行率, unit: "%", target: = 100, weight: 10}
  - {name: 党群服务点覆盖率, unit: "%", target: 90-100, weight: 10}
  - {name: 就业保障, target: 定性 优, weight: 5}
  - {name: 成本节约率, unit: "%", target: ≥ 5, weight: 5}
"""


def test_a_consistent_form_is_silent() -> None:
    assert findings_of(CLEAN, select=OP) == []


def test_positive_indicator_with_a_ceiling() -> None:
    text = SELF + """\
  - name: 违建拆除面积
    unit: 平方米
    target: $\\leqslant$ 2400
    weight: 3
"""
    assert findings_of(text, select=OP) == [("OP001", 0, "/indicators/0/target", 7)]
    (finding,) = lint_text(text, select=OP).findings
    assert finding.severity == "error"
    assert (finding.column, finding.end_column) == (13, 24)  # the operator only
    assert finding.fix.replacement == "≥" and finding.fix.applicability == "unsafe"
    assert "面积" in finding.message_zh and "≥" in finding.message_zh


def test_negative_indicator_with_a_floor() -> None:
    text = SELF + """\
  - {name: 生态环保问题发生率, unit: "%", target: ≥ 10, weight: 2}
  - {name: 安全生产责任事故, unit: 次, target: "> 0", weight: 2}
"""
    assert findings_of(text, select=OP) == [("OP001", 0, "/indicators/0/target", 5),
                                            ("OP001", 0, "/indicators/1/target", 6)]
    fixes = [f.fix.replacement for f in lint_text(text, select=OP).findings]
    assert fixes == ["≤", "<"]


def test_an_unreadable_operator_has_no_direction_to_contradict() -> None:
    text = SELF + "  - {name: 生态环保问题发生率, unit: \"%\", target: $\\forall$ 10, weight: 2}\n"
    assert findings_of(text, select=OP) == []


def test_garbled_operator_suggests_by_polarity() -> None:
    """E002 proposes the operator the name's direction calls for, not the glyph's usual guess (seed 000)."""
    text = SELF + """\
  - {name: 生态环保问题发生率, unit: "%", target: $\\forall$ 10, weight: 2}
  - {name: 平台案件处置合格率, unit: "%", target: $\\forall$ 90, weight: 2}
"""
    fixes = [(f.rule, f.line, f.fix.replacement) for f in lint_text(text, select=["E002"]).findings]
    assert fixes == [("E002", 5, "≤"), ("E002", 6, "≥")]


def test_cost_indicators_are_left_to_op002() -> None:
    text = DECLARATION + """\
  - {name: 成本-经济成本-设备采购成本, unit: 万元, target: ≥ 2, weight: 10}
  - {name: 物业管理费用, unit: 万元, target: = 20, weight: 10}
  - {name: 项目总支出, level1: 成本指标, unit: 万元, target: "> 20", weight: 10}
  - {name: 设备购置, level1: 产出指标, level2: 成本指标, unit: 万元, target: = 5, weight: 10}
  - {name: 运维成本, unit: 万元, target: ≤ 5, weight: 10}
  - {name: 成本节约率, unit: "%", target: ≥ 5, weight: 10}
"""
    assert findings_of(text, select=OP) == [
        ("OP002", 0, "/indicators/0/target", 5),
        ("OP002", 0, "/indicators/1/target", 6),
        ("OP002", 0, "/indicators/2/target", 7),
        ("OP002", 0, "/indicators/3/target", 8),
    ]
    assert all(f.severity == "warning" and f.fix is None for f in lint_text(text, select=OP).findings)


# Indicators as district forms write them, each with its usual operator: OP001 must say nothing.
USUAL = [
    ("资金拨付及时率", "≥ 95"), ("项目验收合格率", "= 100"), ("重大安全事故发生次数", "≤ 0"),
    ("安全事故发生率", "≤ 1"), ("群众投诉次数", "≤ 5"), ("项目成本控制", "≤ 50"), ("人均培训时长", "≥ 8"),
    ("办结时限", "≤ 5"), ("差错率", "≤ 1"), ("设备故障率", "≤ 2"), ("空气质量优良天数", "≥ 300"),
    ("返贫人数", "≤ 0"), ("刑事案件发案数", "≤ 120"), ("整改问题数量", "≥ 10"), ("审计发现问题数量", "≤ 3"),
    ("逾期未整改数量", "≤ 0"), ("帮扶贫困户数", "≥ 100"), ("隐患排查次数", "≥ 1000"), ("信访件数", "≤ 20"),
    ("登记失业率", "≤ 4.5"), ("三公经费变动率", "≤ 0"), ("成本节约率", "≥ 5"), ("政府采购执行率", "≥ 100"),
    ("零售销售额增长率", "≥ 6"), ("公用经费控制率", "≤ 100"), ("事故处置及时率", "≥ 95"),
]


@pytest.mark.parametrize("name,target", USUAL)
def test_usual_operators_are_silent(name: str, target: str) -> None:
    assert findings_of(SELF + f"  - {{name: {name}, target: \"{target}\", weight: 100}}\n", select=OP) == []

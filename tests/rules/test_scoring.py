"""SC001–SC008: the arithmetic of a 绩效自评表, on small forms — exactly where each finding lands, and
silence on a form whose every column agrees."""

from __future__ import annotations

import pytest

from helpers import findings_of, lint_text
from jixiao_lint.check.domain.scoring import coefficient, deviation, met, rate_score
from jixiao_lint.parse.expression import parse_target

HEAD = "kind: self-evaluation\nyear: 2023\norganization: 华新街街道办事处\n"
SC = ["SC"]

# Every column consistent: met and unmet targets under ≥, ≤ and =, a deduction with its reason, OCR-typed
# numbers, a qualitative row, a range, the execution rate, the total (88.8 + 10 = 98.8) and weights 90 + 10.
CLEAN = HEAD + """\
self_score: "98. 80"
funds:
  - {source: 年度总金额, adjusted_budget: "87, 599, 029. 86", executed: "87, 599, 029. 86"}
  - {source: 财政拨款, adjusted_budget: 200, executed: 200, execution_rate: 100, weight: 10, score: 10}
indicators:
  - {name: 平台案件处置数, unit: 件, target: ≥ 50000, actual: 52000, deviation: 4, coefficient: 100, weight: 20, score: 20}
  - {name: 户外店招店牌设置合格率, unit: "%", target: ≥ 90, actual: 95, deviation: "5. 56", coefficient: 100, weight: 10, score: 10}
  - name: 党群服务点覆盖率
    unit: "%"
    target: ≥ 95
    actual: 72.62
    deviation: "23. 56"
    coefficient: "76. 44"
    weight: 5
    score: 3.8
    note: 两个社区服务点因场地调整延期建设
  - {name: 生态环保问题发生率, unit: "%", target: ≤ 10, actual: 0, deviation: 100, coefficient: 100, weight: 10, score: 10}
  - {name: 打造智慧小区, unit: 个, target: = 1, actual: 1, deviation: 0, coefficient: 100, weight: 10, score: 10}
  - {name: 群众满意度, unit: "%", target: 90-100, actual: 96, weight: 10, score: 10}
  - {name: 就业保障, target: 定性 优, actual: 优, weight: 25, score: 25}
"""


def test_a_consistent_form_has_no_scoring_or_weight_finding() -> None:
    assert findings_of(CLEAN, select=["SC", "W", "R"]) == []


def test_deviation_is_reported_at_its_cell_with_the_computed_value_as_an_unsafe_fix() -> None:
    text = HEAD + """\
indicators:
  - name: 市场化环卫清扫保洁作业面积
    unit: 万平方米
    target: ≥ 50
    actual: "54. 36"
    deviation: 0
    coefficient: 100
    weight: 100
    score: 100
"""
    [finding] = lint_text(text, select=["SC001"]).findings
    assert (finding.rule, finding.path, finding.line) == ("SC001", "/indicators/0/deviation", 9)
    assert "8.72" in finding.message_zh
    assert (finding.fix.replacement, finding.fix.applicability) == ("8.72", "unsafe")


def test_deviation_with_fewer_decimals_written_or_signed_agrees() -> None:
    text = HEAD + "indicators:\n  - {name: 合格率, unit: '%', target: ≥ 90, actual: 95, deviation: 5.6, weight: 100, score: 100}\n"
    assert findings_of(text, select=SC) == []
    signed = HEAD + "indicators:\n  - {name: 拆除面积, unit: 平方米, target: ≥ 2400, actual: 1900, deviation: -20.83, weight: 100, score: 79.17, note: 两处违建因诉讼暂缓拆除}\n"
    assert findings_of(signed, select=SC) == []


def test_a_wrong_operator_is_not_a_wrong_deviation_twice() -> None:
    # 违建拆除面积 ≤ 2400 completed 1900: met as written, so coefficient 100 and score 3 stand; the deviation
    # (20.83, written 0) is the one arithmetic mistake.
    text = HEAD + """\
indicators:
  - name: 违建拆除面积
    unit: 平方米
    target: ≤ 2400
    actual: 1900
    deviation: 0
    coefficient: 100
    weight: 100
    score: 100
"""
    assert findings_of(text, select=SC) == [("SC001", 0, "/indicators/0/deviation", 9)]


def test_unreadable_range_and_qualitative_targets_are_not_computed() -> None:
    text = HEAD + """\
indicators:
  - {name: 平台案件处置合格率, unit: "%", target: $\\forall$ 90, actual: 95, deviation: 0, coefficient: 50, weight: 30, score: 10}
  - {name: 群众满意度, unit: "%", target: 90-100, actual: 80, deviation: 0, coefficient: 100, weight: 30, score: 30}
  - {name: 就业保障, target: 定性 优, actual: 良, deviation: 0, coefficient: 100, weight: 40, score: 40}
"""
    assert [f for f in findings_of(text, select=SC) if f[0] != "SC004"] == []


def test_coefficient_and_score() -> None:
    text = HEAD + """\
indicators:
  - name: 党群服务点覆盖率
    unit: "%"
    target: ≥ 95
    actual: 72.62
    deviation: 23.56
    coefficient: 80
    weight: 50
    score: 40
    note: 延期建设
  - name: 社保政策宣传覆盖率
    unit: "%"
    target: ≥ 95
    actual: 95
    deviation: 0
    coefficient: 100
    weight: 50
    score: 45
    note: 扣 5 分
"""
    # 72.62/95 = 76.44, written 80: SC002; its score 40 = 50 × 80/100 agrees with the coefficient written.
    # 社保: coefficient 100, score 45 ≠ 50 × 100/100: SC003.
    assert findings_of(text, select=SC) == [("SC002", 0, "/indicators/0/coefficient", 10),
                                            ("SC003", 0, "/indicators/1/score", 21)]


def test_without_a_coefficient_column_the_score_may_not_exceed_the_proportion() -> None:
    text = HEAD + """\
indicators:
  - {name: 预算完成率, unit: "%", target: ≥ 100, weight: 2.63, actual: 99.74, score: 2.63}
  - {name: 全年预算执行率, unit: "%", target: = 100, weight: 10, actual: 99.74, score: 9.97, note: 年末结余}
  - {name: 项目完成率, unit: "%", target: ≥ 100, weight: 10, actual: 90, score: 8, note: 两个项目延期}
  - {name: 绿化率, unit: "%", target: ≥ 32, weight: 77.37, actual: 32, score: 77.37}
"""
    assert findings_of(text, select=SC) == [("SC003", 0, "/indicators/0/score", 5)]


def test_equal_target_exceeded_is_not_computed() -> None:
    text = HEAD + "indicators:\n  - {name: 购买电脑数量, unit: 台, target: = 3, actual: 4, weight: 100, score: 100}\n"
    assert findings_of(text, select=SC) == []


def test_points_deducted_without_a_note() -> None:
    text = HEAD + """\
indicators:
  - {name: 全年预算执行率, unit: "%", target: = 100, weight: 10, actual: 99.74, score: 9.97}
  - {name: 项目完成率, unit: "%", target: ≥ 100, weight: 10, actual: 90, score: 9, note: "  "}
  - {name: 项目完成及时率, unit: "%", target: ≥ 100, weight: 80, actual: 90, score: 72, note: 两个项目延期}
"""
    assert findings_of(text, select=["SC004"]) == [("SC004", 0, "/indicators/0/score", 5), ("SC004", 0, "/indicators/1/score", 6)]
    # the caret is under the score cell, not the start of the row
    first = lint_text(text, select=["SC004"]).findings[0]
    assert text.splitlines()[first.line - 1][first.column - 1:].startswith("9.97}")


def test_self_score_total() -> None:
    text = HEAD + """\
self_score: 100
funds:
  - {source: 年度总金额, adjusted_budget: 100, executed: 100, execution_rate: 100, weight: 10, score: 10}
  - {source: 财政拨款, adjusted_budget: 100, executed: 100, execution_rate: 100, weight: 10, score: 10}
indicators:
  - {name: 合格率, unit: "%", target: ≥ 90, actual: 90, weight: 90, score: 88.8, note: 抽检有误}
"""
    # One execution-rate score (repeated on a source row, counted once): 88.8 + 10 = 98.8.
    [finding] = lint_text(text, select=["SC005"]).findings
    assert (finding.path, finding.line, finding.fix.replacement) == ("/self_score", 4, "98.8")


def test_execution_rate_and_its_score() -> None:
    text = HEAD + """\
funds:
  - {source: 年度总金额, adjusted_budget: 10690.26, executed: 9350.64, execution_rate: 87.46, weight: 10, score: 8.75}
  - {source: 财政拨款, adjusted_budget: 200, executed: 180, execution_rate: 90, weight: 10, score: 10}
  - {source: 其他资金, adjusted_budget: 100, executed: 120, execution_rate: 120, weight: 10, score: 10}
"""
    # 87.4688 is written 87.46: SC006; its score 8.75 agrees with the recomputed rate, so no SC007.
    # 180/200 = 90 scores 9, not 10: SC007. A rate above 100 scores the full weight.
    assert findings_of(text, select=["SC006", "SC007"]) == [("SC006", 0, "/funds/0/execution_rate", 5),
                                                            ("SC007", 0, "/funds/1/score", 6)]


def test_qualitative_actual_number() -> None:
    text = HEAD + """\
indicators:
  - {name: 就业保障, target: 定性 优, weight: 25, actual: 1, score: 25}
  - {name: 民生保障, target: 定性 优, weight: 25, actual: "1", score: 25}
  - {name: 覆盖情况, target: 定性 全覆盖, weight: 25, actual: 100%, score: 25}
  - {name: 水库安全性提升, target: 定性 有所增加, weight: 25, actual: 有所增加, score: 25}
"""
    assert findings_of(text, select=["SC008"]) == [("SC008", 0, "/indicators/0/actual", 5),
                                                   ("SC008", 0, "/indicators/1/actual", 6)]


@pytest.mark.parametrize("target,actual,expected", [
    ("≥ 50", 54.36, 8.72), ("≥ 90", 95, 5.5556), ("≤ 10", 0, 100.0), ("= 0", 0, 0.0), ("≤ 0", 1, None),
    ("90-100", 95, None), ("定性 优", 1, None), ("≥ 95", "优", None),
])
def test_deviation(target: str, actual, expected) -> None:
    result = deviation(parse_target(target), actual)
    assert result == pytest.approx(expected, abs=1e-4) if expected is not None else result is None


@pytest.mark.parametrize("target,actual,expected", [
    ("≥ 95", 72.62, 76.4421), ("≥ 95", 100, 100.0), ("≤ 10", 0, 100.0), ("≤ 10", 20, 50.0),
    ("= 100", 99.74, 99.74), ("= 3", 4, None), ("> 0", 0, None), ("< 5", 5, 100.0), ("90-100", 80, None),
])
def test_coefficient(target: str, actual, expected) -> None:
    result = coefficient(parse_target(target), actual)
    assert result == pytest.approx(expected, abs=1e-4) if expected is not None else result is None


def test_met_and_rate_score() -> None:
    assert met(parse_target("≤ 2400"), 1900) is True
    assert met(parse_target("> 5"), 5) is False
    assert met(parse_target("定性 优"), "优") is None
    assert rate_score(10, 87.4688) == pytest.approx(8.746888)
    assert rate_score(10, 120) == 10
    assert rate_score(None, 90) is None

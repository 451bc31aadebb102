"""W001–W004: what a form's points add up to, on small forms of every kind."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers import findings_of, lint_text
from jixiao_lint.check.engine import load_rules
from jixiao_lint.parse.rules_language import RuleFileError

W = ["W"]
DECLARATION = "kind: target-declaration\nyear: 2024\norganization: 磁器口街道\n"
SELF = "kind: self-evaluation\nyear: 2023\norganization: 华新街街道办事处\n"
REPORT = "kind: evaluation-report\nyear: 2023\norganization: 青杠街道办事处\n"


def test_consistent_forms_of_every_kind_are_silent() -> None:
    declaration = DECLARATION + """\
scope: project
project: 一般性项目（设备采购类）
budget: 2.00
goal: 绩效目标：（1）成本-经济成本-2万元；（2）产出-数量-购置电脑数量3台。
indicators:
  - {name: 成本-经济成本-设备购置成本, unit: 万元, target: ≤ 2, weight: 10}
  - {name: 产出-数量-购买电脑数量, unit: 台, target: = 3, weight: 60}
  - {name: 满意度-满意度, unit: "%", target: ≥ 95, weight: 30}
"""
    self_evaluation = SELF + """\
funds:
  - {source: 年度总金额, adjusted_budget: 100, executed: 100, execution_rate: 100, weight: 10, score: 10}
  - {source: 财政拨款, adjusted_budget: 100, executed: 100, execution_rate: 100, weight: 10, score: 10}
indicators:
  - {name: 清扫保洁面积, unit: 万平方米, target: ≥ 50, actual: 50, weight: "54. 36", score: "54. 36"}
  - {name: 群众满意度, unit: "%", target: ≥ 90, actual: 95, weight: 35.64, score: 35.64}
"""
    report = REPORT + """\
score_table:
  - {name: 预算执行率, weight: 10, score: 8.75}
  - {name: 群众满意度, weight: 90, score: 90}
"""
    for text in (declaration, self_evaluation, report):
        assert findings_of(text, select=W) == []


def test_the_html_totals_show_the_sum_w001_checks() -> None:
    """One sum (weight_sum): the execution-rate weight repeated on two fund rows counts once, in W001's
    message and in the HTML report's totals table alike; a weight that is no number leaves both blank."""
    from jixiao_lint.check.totals import form_totals
    from jixiao_lint.read.yaml_tree import read_documents

    text = SELF + """\
funds:
  - {source: 年度总金额, adjusted_budget: 100, executed: 100, execution_rate: 100, weight: 10, score: 10}
  - {source: 财政拨款, adjusted_budget: 100, executed: 100, execution_rate: 100, weight: 10, score: 10}
indicators:
  - {name: 清扫保洁面积, unit: 万平方米, target: ≥ 50, actual: 50, weight: "54. 36", score: "54. 36"}
  - {name: 群众满意度, unit: "%", target: ≥ 90, actual: 95, weight: 30, score: 30}
"""
    [finding] = lint_text(text, select=["W001"]).findings
    assert (finding.rule, finding.path, finding.line) == ("W001", "/indicators", 8)  # a list is shown at its first row
    assert finding.message_zh.startswith("分值合计 94.36（各行 84.36，资金执行率 10），应为 100，相差 5.64")
    [totals] = form_totals(read_documents("a.yaml", text)[0])
    assert totals.weights == pytest.approx(94.36)
    unreadable = text.replace('weight: 30,', 'weight: 三十,')
    assert lint_text(unreadable, select=["W001"]).findings == []
    assert form_totals(read_documents("a.yaml", unreadable)[0])[0].weights is None


def test_weights_sum_is_reported_at_the_table_with_the_sum_and_the_difference() -> None:
    text = REPORT + """\
score_table:
  - {name: 预算执行率, weight: 10, score: 8.74}
  - {name: 补贴资金发放及时率, weight: "01", score: 1}
  - {name: 群众满意度, weight: 80, score: 80}
"""
    [finding] = lint_text(text, select=["W001"]).findings
    assert (finding.path, finding.line) == ("/score_table", 5)
    assert "分值合计 91" in finding.message_zh and "相差 9" in finding.message_zh


def test_weights_sum_of_indicators_without_funds() -> None:
    text = SELF + "indicators:\n  - {name: 绿化率, unit: '%', target: ≥ 32, actual: 32, weight: 99.93, score: 99.93}\n"
    assert findings_of(text, select=["W001"]) == [("W001", 0, "/indicators", 5)]


def test_the_execution_rate_weight_counts_once() -> None:
    text = SELF + """\
funds:
  - {source: 年度总金额, weight: 10, score: 10}
  - {source: 财政拨款, weight: 10, score: 10}
indicators:
  - {name: 绿化率, unit: '%', target: ≥ 32, actual: 32, weight: 80, score: 80}
"""
    assert findings_of(text, select=["W001"]) == [("W001", 0, "/indicators", 8)]


def test_missing_cost_indicator() -> None:
    project = DECLARATION + """\
scope: project
budget: 90
goal: 绩效目标：（1）成本-经济成本-90万元；（2）产出-数量-项目尾款10个。
indicators:
  - {name: 产出-数量-项目尾款, unit: 个, target: = 10, weight: 90}
"""
    assert findings_of(project, select=["W002"]) == [("W002", 0, "/indicators", 8)]
    department = DECLARATION + """\
scope: department
budget: 1629.08
goal: 维护辖区环境卫生。
indicators:
  - {name: 保洁面积, unit: 平方米, target: = 510000, weight: 100}
"""
    assert findings_of(department, select=["W002"]) == []
    cost_by_level = project.replace("  - {name: 产出-数量-项目尾款, unit: 个, target: = 10, weight: 90}\n",
                                    "  - {name: 产出-数量-项目尾款, unit: 个, target: = 10, weight: 90}\n"
                                    "  - {name: 项目支出, level1: 成本指标, level2: 经济成本指标, unit: 万元, target: ≤ 90, weight: 10}\n")
    assert findings_of(cost_by_level, select=["W002"]) == []
    cost_by_name = project.replace("weight: 90}\n", "weight: 90}\n  - {name: 项目尾款支付费用, unit: 万元, target: ≤ 90, weight: 10}\n")
    assert findings_of(cost_by_name, select=["W002"]) == []


def test_non_positive_weight_in_indicators_and_score_table() -> None:
    declaration = DECLARATION + """\
indicators:
  - {name: 救助人次, unit: 人次, target: ≥ 500, weight: 110}
  - {name: 群众满意率, unit: "%", target: ≥ 90, weight: -10}
  - {name: 政策知晓率, unit: "%", target: ≥ 90, weight: 0}
"""
    assert findings_of(declaration, select=["W003"]) == [("W003", 0, "/indicators/1/weight", 6),
                                                         ("W003", 0, "/indicators/2/weight", 7)]
    report = REPORT + "score_table:\n  - {name: 预算执行率, weight: 100, score: 100}\n  - {name: 满意度, weight: 0, score: 0}\n"
    assert findings_of(report, select=["W003"]) == [("W003", 0, "/score_table/1/weight", 6)]


def test_score_above_weight_in_indicators_and_score_table() -> None:
    self_evaluation = SELF + """\
indicators:
  - {name: 违建拆除面积, unit: 平方米, target: ≥ 2400, actual: 2500, weight: 50, score: 50.004}
  - {name: 合格率, unit: "%", target: ≥ 90, actual: 95, weight: 50, score: 51}
"""
    assert findings_of(self_evaluation, select=["W004"]) == [("W004", 0, "/indicators/1/score", 6)]
    report = REPORT + "score_table:\n  - {name: 预算执行率, weight: 90, score: 90}\n  - {name: 及时率, weight: '01', score: 10}\n"
    [finding] = lint_text(report, select=["W004"]).findings
    assert (finding.path, finding.line) == ("/score_table/1/score", 6)
    assert "高于其权重 1" in finding.message_zh  # "01" read as the number it is


def test_a_weight_that_is_no_number_leaves_the_sum_alone() -> None:
    text = SELF + "indicators:\n  - {name: 救助人次, unit: 人次, target: ≥ 500, weight: 十}\n  - {name: 满意率, unit: '%', target: ≥ 90, weight: 50}\n"
    assert findings_of(text, select=["W001"]) == []


def test_a_rule_over_two_collections_may_only_read_what_both_have(tmp_path: Path) -> None:

    rule = '''rule Z001 deviation-anywhere: warning
  for row in indicators, score_table
  when row.deviation != null
  message "x" / "x"
end
'''
    (tmp_path / "pack.rules").write_text(rule, encoding="utf-8")
    with pytest.raises(RuleFileError, match="deviation.*for row in score_table"):
        load_rules([tmp_path / "pack.rules"])

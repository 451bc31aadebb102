"""R001–R005: an evaluation report against its own figures, on small reports."""

from __future__ import annotations

import pytest

from helpers import findings_of, lint_text
from jixiao_lint.check.domain.reports import evaluation_start, grade_for, same_grade
from jixiao_lint import profiles

REPORT = "kind: evaluation-report\nyear: 2022\norganization: 东里街道办事处\n"

CLEAN = REPORT + """\
budget: {initial: 100, adjusted: 117.5, executed: 107.43, execution_rate: 91.43}
score_table:
  - {name: 实际执行资金占预算资金的比率, level1: 预算执行效率指标, level2: 预算执行率指标, weight: 10, score: 9.14}
  - {name: 活动项目实际完成率, level1: 产出指标, level2: 数量指标, weight: 50, score: 50}
  - {name: 群众满意度, level1: 满意度指标, level2: 服务对象满意度指标, weight: 40, score: 38}
total_score: 97.14
grade: 优秀
sections:
  二、自评工作开展情况: |-
    根据桥西区财政局《关于开展 2022 年度财政专项资金部门绩效自评工作的通知》，绩效评价工作于2023年2月启动，
    于2月21日-3月25日收集项目资料。截至 2022 年 12 月 31 日，资产总额 875.39 万元。项目于2022年10月开工。
"""


def test_a_consistent_report_is_silent() -> None:
    assert findings_of(CLEAN, select=["R", "W"]) == []


def test_total_and_execution_rate() -> None:
    text = CLEAN.replace("total_score: 97.14", "total_score: 98").replace("execution_rate: 91.43", "execution_rate: 100")
    findings = lint_text(text, select=["R001", "R002"]).findings
    assert [(f.rule, f.path, f.line, f.fix.replacement) for f in findings] == [
        ("R002", "/budget/execution_rate", 4, "91.43"), ("R001", "/total_score", 9, "97.14")]


def test_execution_rate_is_exact_to_the_decimals_written() -> None:
    # 9350.64/10690.26*100 = 87.4688: 87.47 is right, 87.46 is not, though both are within 0.01.
    text = REPORT + "budget: {adjusted: 10690.26, executed: 9350.64, execution_rate: RATE}\n"
    assert findings_of(text.replace("RATE", "87.47"), select=["R002"]) == []
    assert findings_of(text.replace("RATE", "87.5"), select=["R002"]) == []
    assert findings_of(text.replace("RATE", "87.46"), select=["R002"]) == [("R002", 0, "/budget/execution_rate", 4)]


def test_grade_under_the_report_bands_and_the_default() -> None:
    own_bands = REPORT + """\
total_score: 86
grade: GRADE
grade_bands:
  - {grade: 优秀, min: 85}
  - {grade: 良好, min: 75}
  - {grade: 一般, min: 60}
  - {grade: 较差, min: 0}
"""
    assert findings_of(own_bands.replace("GRADE", "优"), select=["R003"]) == []
    assert findings_of(own_bands.replace("GRADE", "良好"), select=["R003"]) == [("R003", 0, "/grade", 5)]
    default = REPORT + "total_score: 86\ngrade: GRADE\n"
    assert findings_of(default.replace("GRADE", "良好"), select=["R003"]) == []
    [finding] = lint_text(default.replace("GRADE", "优秀"), select=["R003"]).findings
    assert (finding.path, finding.fix.replacement, finding.fix.applicability) == ("/grade", "良", "unsafe")


def test_grade_bands_from_the_settings() -> None:
    text = REPORT + "total_score: 86\ngrade: 优\n"
    bands = [{"grade": "优", "min": 85}, {"grade": "良", "min": 75}, {"grade": "中", "min": 60}, {"grade": "差", "min": 0}]
    assert findings_of(text, select=["R003"], settings={"grade_bands": bands}) == []
    assert findings_of(text, select=["R003"]) == [("R003", 0, "/grade", 5)]


def test_execution_rate_row_score() -> None:
    text = REPORT + """\
budget: {adjusted: 10690.26, executed: 9350.64, execution_rate: 87.46}
score_table:
  - {name: 预算执行率, weight: 10, score: SCORE}
  - {name: 政府采购执行率, weight: 10, score: 10}
  - {name: 资金执行率, weight: 10, score: 8, criteria: 执行率达 100%得 10 分，90-99%得 9 分，80-89%得 8 分}
"""
    # 10 × 87.4688/100 = 8.7469 and 10 × 87.46/100 = 8.746 both round to 8.75.
    assert findings_of(text.replace("SCORE", "8.75"), select=["R004"]) == []
    assert findings_of(text.replace("SCORE", "8.7"), select=["R004"]) == []
    assert findings_of(text.replace("SCORE", "8.74"), select=["R004"]) == [("R004", 0, "/score_table/0/score", 6)]
    assert findings_of(text.replace("SCORE", "10"), select=["R004"]) == [("R004", 0, "/score_table/0/score", 6)]


def test_evaluation_begun_before_its_year_ended() -> None:
    text = REPORT + """\
sections:
  一、部门基本情况: 项目于2022年10月开工，截至2022年12月31日已完工。
  二、自评工作开展情况: 绩效评价工作于2022年2月启动，评价小组在2月21日提供资料需求清单。
"""
    [finding] = lint_text(text, select=["R005"]).findings
    assert (finding.path, finding.line, finding.severity) == ("/sections/二、自评工作开展情况", 6, "warning")
    line = text.splitlines()[finding.line - 1]
    assert line[finding.column - 1:finding.end_column - 1] == "2022年2月"  # the date, not the section
    assert "2022年2月" in finding.message_zh
    december = text.replace("于2022年2月启动", "于2022年12月启动")
    assert findings_of(december, select=["R005"]) == []
    year_before = text.replace("于2022年2月启动", "于2021年12月启动")
    assert findings_of(year_before, select=["R005"]) == [("R005", 0, "/sections/二、自评工作开展情况", 6)]


@pytest.mark.parametrize("text,expected", [
    ("绩效评价工作于2022年2月启动", (2022, 2)),
    ("自评工作于 2023 年 3 月开始", (2023, 3)),
    ("我单位于2023年3月10日启动了本次绩效自评工作", (2023, 3)),
    ("项目于2022年10月开工", None),
    ("评价小组在2月21日提供资料需求清单", None),
    (None, None),
])
def test_evaluation_start(text, expected) -> None:
    found = evaluation_start(text)
    assert (found["year"], found["month"]) == expected if expected else found is None


def test_grades() -> None:
    assert same_grade("优", "优秀") is True
    assert same_grade("中", "一般") is True
    assert same_grade("良好", "优") is False
    assert same_grade(None, "优") is None
    default = profiles.default()["grade_bands"]
    assert grade_for(98.74, None, default) == "优"
    assert grade_for(59.9, [], default) == "差"
    assert grade_for(80, [{"grade": "优秀", "min": 85}, {"grade": "良好", "min": 75}], default) == "良好"
    assert grade_for(50, [{"grade": "优秀", "min": 85}, {"grade": "良好", "min": 75}], default) is None

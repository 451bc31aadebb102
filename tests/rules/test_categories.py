"""C001–C005: the 一级/二级 of a form's indicators, in their columns and as paths in names — exactly where
each finding lands, and silence on consistent forms and on a report's score table."""

from __future__ import annotations

from helpers import findings_of, lint_text

C = ["C"]
DECLARATION = "kind: target-declaration\nyear: 2024\norganization: 磁器口街道\n"

CLEAN_COLUMNS = DECLARATION + """\
indicators:
  - {name: 救助人次, level1: 产出指标, level2: 数量指标, unit: 人次, target: ≥ 500, weight: 20}
  - {name: 救助及时率, level1: 产出, level2: 时效, unit: "%", target: ≥ 95, weight: 10}
  - {name: 设备购置成本, level1: 产出指标, level2: 成本指标, unit: 万元, target: ≤ 5, weight: 10}
  - {name: 运维费用, level1: 成本指标, level2: 经济成本指标, unit: 万元, target: ≤ 5, weight: 10}
  - {name: 困难群众生活改善, level1: 效益指标, level2: 社会效益指标, target: 定性 有所改善, weight: 20}
  - {name: 长效机制, level1: 效益指标, level2: 可持续影响指标, target: 定性 建立, weight: 10}
  - {name: 群众满意率, level1: 满意度指标, level2: 服务对象满意度指标, unit: "%", target: ≥ 90, weight: 20}
"""

CLEAN_PATHS = DECLARATION + """\
indicators:
  - {name: 产出-数量-购买电脑数量, unit: 台, target: = 3, weight: 30}
  - {name: 产出-数量-购买打印机数量, level1: 产出指标, level2: 数量指标, unit: 台, target: = 2, weight: 20}
  - {name: 满意度-满意度, unit: "%", target: ≥ 95, weight: 10}
  - {name: 效益-社会效益-保证机关办公正常运行, target: 定性 良好, weight: 30}
  - {name: 满意度-服务对象满意度指标-群众满意率, unit: "%", target: ≥ 90, weight: 10}
"""


def test_consistent_forms_are_silent() -> None:
    assert findings_of(CLEAN_COLUMNS, select=C) == []
    assert findings_of(CLEAN_PATHS, select=C) == []


def test_a_report_score_table_follows_its_own_framework() -> None:
    text = """\
kind: evaluation-report
year: 2022
organization: 东里街道
score_table:
  - {name: 预算执行率, level1: 过程, level2: 资金管理, weight: 10, score: 10}
  - {name: 实际执行资金占预算资金的比率, level1: 预算执行效率指标, level2: 预算执行率指标, weight: 10, score: 10}
  - {name: 不超当年预算, level1: 产出指标, level2: 成本指标, weight: 10, score: 10}
"""
    assert findings_of(text, select=C) == []


def test_unknown_level1() -> None:
    text = DECLARATION + """\
indicators:
  - {name: 救助人次, level1: 产出效果指标, unit: 人次, target: ≥ 500, weight: 50}
  - {name: 资金到位率, level1: 过程, unit: "%", target: ≥ 90, weight: 50}
"""
    assert findings_of(text, select=C) == [("C001", 0, "/indicators/0/level1", 5), ("C001", 0, "/indicators/1/level1", 6)]
    first, second = lint_text(text, select=C).findings
    assert first.severity == "error"
    assert (first.fix.replacement, first.fix.applicability) == ("产出指标", "unsafe")
    assert second.fix is None  # 过程 is a report category: nothing close among the indicators'


def test_unknown_level1_one_character_off_is_guessed() -> None:
    """No known 一级 inside the cell: the did-you-mean (suggest.closest) offers the one a character away."""
    text = DECLARATION + """\
indicators:
  - {name: 救助人次, level1: 产处指标, unit: 人次, target: ≥ 500, weight: 50}
  - {name: 困难群众生活改善, level1: 效易指标, target: 定性 有所改善, weight: 30}
  - {name: 资金到位率, level1: 管理指标, unit: "%", target: ≥ 90, weight: 20}
"""
    assert findings_of(text, select=C) == [("C001", 0, f"/indicators/{i}/level1", 5 + i) for i in range(3)]
    fixes = [f.fix.replacement if f.fix else None for f in lint_text(text, select=C).findings]
    assert fixes == ["产出指标", "效益指标", None]


def test_level2_not_under_level1() -> None:
    text = DECLARATION + """\
indicators:
  - {name: 困难群众生活改善, level1: 产出指标, level2: 社会效益指标, target: 定性 有所改善, weight: 50}
  - {name: 救助人次, level1: 产出指标, level2: 数目指标, unit: 人次, target: ≥ 500, weight: 30}
  - {name: 资金到位率, level1: 过程, level2: 资金管理, unit: "%", target: ≥ 90, weight: 20}
"""
    # the third row's 二级 is not judged under an unknown 一级: C001 says what is wrong
    assert findings_of(text, select=C) == [
        ("C002", 0, "/indicators/0/level2", 5),
        ("C002", 0, "/indicators/1/level2", 6),
        ("C001", 0, "/indicators/2/level1", 7),
    ]


def test_name_path_disagrees_with_the_columns() -> None:
    text = DECLARATION + """\
indicators:
  - {name: 产出-数量-购买电脑数量, level1: 产出指标, level2: 质量指标, unit: 台, target: = 3, weight: 50}
  - {name: 效益-社会效益-保证办公正常运转, level1: 满意度, target: 定性 良好, weight: 30}
  - {name: 产出-数量-购买打印机数量, level1: 产出, level2: 数量, unit: 台, target: = 2, weight: 20}
"""
    assert findings_of(text, select=C) == [("C003", 0, "/indicators/0/name", 5), ("C003", 0, "/indicators/1/name", 6)]


def test_malformed_name_paths() -> None:
    text = DECLARATION + """\
indicators:
  - {name: 产出-数量用水数量, unit: 吨, target: ≥ 3066, weight: 20}
  - {name: 效益-社会效益发挥人大政协职能作用, target: 定性 良好, weight: 20}
  - {name: 产出-数目-购买电脑数量, unit: 台, target: = 3, weight: 20}
  - {name: 满意度-满意度, unit: "%", target: ≥ 95, weight: 20}
  - {name: 7月-8月献血宣传次数, unit: 次, target: ≥ 2, weight: 20}
"""
    assert findings_of(text, select=["C004"]) == [
        ("C004", 0, "/indicators/0/name", 5),
        ("C004", 0, "/indicators/1/name", 6),
        ("C004", 0, "/indicators/2/name", 7),
    ]
    first = lint_text(text, select=["C004"]).findings[0]
    assert first.severity == "warning" and "产出-数量-用水数量" in first.message_zh


def test_name_without_the_path_its_siblings_carry() -> None:
    text = DECLARATION + """\
indicators:
  - {name: 产出-数量-限上企业统计规范化提升培训, unit: 次, target: = 3, weight: 20}
  - {name: 满意度-服务对象满意度-群众满意率, unit: "%", target: ≥ 90, weight: 20}
  - {name: 产出-数量-八一、春节慰问优抚对象, unit: 人, target: = 60, weight: 20}
  - {name: 效益-社会效益-提高辖区就业率, target: 定性 良好, weight: 20}
  - {name: “红岩家医工作站”建设, unit: 个, target: = 4, weight: 20}
"""
    assert findings_of(text, select=C) == [("C005", 0, "/indicators/4/name", 9)]


def test_no_path_expected_when_half_or_fewer_carry_one() -> None:
    text = DECLARATION + """\
indicators:
  - {name: 产出-数量-购买电脑数量, unit: 台, target: = 3, weight: 25}
  - {name: 保洁面积, unit: 平方米, target: ≥ 510000, weight: 25}
  - {name: 工资及时发放率, unit: "%", target: ≥ 98, weight: 25}
  - {name: 群众满意度, unit: "%", target: ≥ 90, weight: 25}
"""
    assert findings_of(text, select=C) == []


def test_a_missing_separator_is_put_back() -> None:
    text = DECLARATION + """\
indicators:
  - {name: 产出-数量用水数量, unit: 吨, target: ≥ 3066, weight: 40}
  - {name: 效益—社会效益发挥人大政协职能作用, target: 定性 良好, weight: 30}
  - {name: 产出-数目-购买电脑数量, unit: 台, target: = 3, weight: 30}
"""
    fixes = [(f.fix.replacement, f.fix.applicability) if f.fix else None for f in lint_text(text, select=["C004"]).findings]
    assert fixes == [("产出-数量-用水数量", "unsafe"), ("效益—社会效益—发挥人大政协职能作用", "unsafe"), None]

"""T001–T005: a target declaration's budget, its breakdown, its cost indicators, the department's total
against its projects, and the goal's promised quantities against the indicators — exact findings, and
silence on a consistent declaration."""

from __future__ import annotations

import pytest

from helpers import findings_of, lint_text
from jixiao_lint.check import functions  # noqa: F401  (registers the domain functions)

T = ["T"]
DECLARATION = "kind: target-declaration\nyear: 2024\norganization: 磁器口街道\n"


def call(name: str, *args):
    return functions.FUNCTIONS[name].impl(*args)


# ------------------------------------------------------------------------------------------- goal text
def test_goal_quantities_are_read_from_output_items_only() -> None:
    goal = "绩效目标：（1）成本-经济成本-2万元；（2）产出-数量-购置电脑数量3台；（3）效益-社会效益-满意度95%。"
    quantities = call("goal_quantities", goal)
    assert [(q.name, q.value, q.unit) for q in quantities] == [("购置电脑数量", 3.0, "台")]
    assert goal[quantities[0].start:quantities[0].end] == "3台"


def test_goal_quantities_skip_years_and_dates() -> None:
    assert [q.value for q in call("goal_quantities", "（2）产出-数量-2024年8月完成走访300户")] == [300.0]


def test_goal_quantity_in_the_middle_of_an_item() -> None:
    [quantity] = call("goal_quantities", "（2）产出-数量-完成一江两溪共3.5公里岸坡的日常管护")
    indicators = [{"name": "产出-数量-岸坡日常管护数量", "unit": "公里", "target": "= 3.5"}]
    assert call("counted_by", quantity, indicators) is True


def test_a_sum_of_indicators_counts_a_goal_quantity() -> None:
    [quantity] = call("goal_quantities", "（2）产出-数量-人大代表小组、政协调研活动14次")
    indicators = [{"name": "产出-数量-政协活动调研次数", "unit": "次", "target": "≥ 6"},
                  {"name": "产出-数量-代表小组活动次数", "unit": "次", "target": "≥ 8"}]
    assert call("counted_by", quantity, indicators) is True
    assert call("counted_by", quantity, indicators[:1]) is False


def test_t004_goal_quantity_no_indicator_measures() -> None:
    text = DECLARATION + """\
goal: 绩效目标：（1）成本-经济成本-17万元；（2）产出-数量-采购办公耗材3287个；（3）效益-社会效益-保证办公正常运转。
indicators:
  - {name: 产出-数量-多功能一体机维保次数, unit: 次, target: ≥ 1, weight: 20}
  - {name: 效益-社会效益-保证办公正常运转, target: 定性 良好, weight: 30}
"""
    assert findings_of(text, select=T) == [("T004", 0, "/goal", 4)]
    [finding] = lint_text(text, select=T).findings
    line = text.splitlines()[finding.line - 1]
    assert line[finding.column - 1:finding.end_column - 1] == "采购办公耗材3287个"  # the quantity, not the goal


@pytest.mark.parametrize("goal", [
    "产出指标：数量指标：采购办公耗材3287个，维修设备20次；效益指标：保证办公正常运转。",
    "1.产出目标：采购办公耗材3287个，维修设备20次。2.效益目标：保证办公正常运转。",
    "数量指标:采购办公耗材3287个，维修设备20次；满意度指标：满意度90%",
])
def test_t004_reads_goals_written_with_colon_headings(goal: str) -> None:
    text = DECLARATION + f"""\
goal: {goal}
indicators:
  - {{name: 产出-数量-打印机、电脑设备维修次数, unit: 次, target: ≥ 20, weight: 50}}
  - {{name: 效益-社会效益-保证办公正常运转, target: 定性 良好, weight: 50}}
"""
    [finding] = lint_text(text, select=T).findings
    assert (finding.rule, finding.path, finding.line) == ("T004", "/goal", 4)
    assert "采购办公耗材3287个" in finding.message_zh and "维修设备20次" not in finding.message_zh


@pytest.mark.parametrize("goal", [
    "项目实施后，群众满意度达到90%，服务群众3000人次。",  # prose, no 产出 heading: no promise read
    "效益指标：服务群众3000人次；满意度指标：满意度90%。",  # headings, none of them 产出
    "产出指标：维修设备20次。项目完成后惠及群众3000人次。",  # a heading holds for its own item only
])
def test_t004_reads_no_promise_outside_a_production_heading(goal: str) -> None:
    text = DECLARATION + f"goal: {goal}\nindicators:\n  - {{name: 产出-数量-设备维修次数, unit: 次, target: ≥ 20, weight: 100}}\n"
    assert findings_of(text, select=T) == []


def test_t005_reads_goals_written_with_colon_headings() -> None:
    text = DECLARATION + """\
goal: 产出指标：数量指标：购置电脑3台，购置打印机2台。
indicators:
  - {name: 产出-数量-购买电脑数量, unit: 台, target: = 2, weight: 50}
  - {name: 产出-数量-购买打印机数量, unit: 台, target: = 2, weight: 50}
"""
    assert findings_of(text, select=T) == [("T005", 0, "/indicators/0/target", 6)]


def test_t004_is_for_declarations_only() -> None:
    text = "kind: self-evaluation\nyear: 2022\norganization: 西永街道办事处\n" \
           "goals: {initial: （1）产出-数量-采购办公耗材3287个}\nindicators:\n  - {name: 满意度, unit: \"%\", target: ≥ 90}\n"
    assert findings_of(text, select=T) == []


def test_t005_value_differs() -> None:
    text = DECLARATION + """\
goal: （1）产出-数量-购置电脑数量3台；（2）产出-数量-购置打印机2台。
indicators:
  - {name: 产出-数量-购买电脑数量, unit: 台, target: = 2, weight: 50}
  - {name: 产出-数量-购买打印机数量, unit: 台, target: = 2, weight: 50}
"""
    assert findings_of(text, select=T) == [("T005", 0, "/indicators/0/target", 6)]


def test_t005_unit_differs_only_when_the_goal_unit_is_a_known_one() -> None:
    known = DECLARATION + "goal: （1）产出-数量-购置电脑数量3套。\n" \
                          "indicators:\n  - {name: 产出-数量-购买电脑数量, unit: 台, target: = 3, weight: 100}\n"
    assert findings_of(known, select=T) == [("T005", 0, "/indicators/0/target", 6)]
    misspelt = DECLARATION + "goal: （1）产出-数量-商业用电219867.5千万时。\n" \
                             "indicators:\n  - {name: 产出-数量-用电数量, unit: 千瓦时, target: ≥ 219867.5, weight: 100}\n"
    assert findings_of(misspelt, select=T) == []  # 千万时 is the unit rules' business (U001)


# ------------------------------------------------------------------------------------------ budgets
def test_t001_breakdown_does_not_add_up() -> None:
    text = DECLARATION + "budget: 13.2\nbudget_breakdown: {区级支出: 12.2, 补助街镇: 0}\n"
    assert findings_of(text, select=T) == [("T001", 0, "/budget_breakdown", 5)]


@pytest.mark.parametrize("breakdown", ["{区级支出: 13.2, 补助街镇: 0}", "{区级支出: 10.15, 补助街镇: 3.05}", "{}"])
def test_t001_silent(breakdown: str) -> None:
    assert findings_of(DECLARATION + f"budget: 13.2\nbudget_breakdown: {breakdown}\n", select=T) == []


def test_money_units_convert() -> None:
    assert call("money", 20000, "元", "万元") == 2
    assert call("money", 1.5, "亿元", "万元") == 15000
    assert call("money", 3, "元/人", "元") is None
    assert call("money", 3, "次", "元") is None
    assert call("form_money_unit", None) == "万元"


def test_t002_cost_indicator_against_the_budget_in_the_form_money_unit() -> None:
    text = DECLARATION + """\
money_unit: 万元
budget: 2.00
indicators:
  - {name: 成本-经济成本-设备购置成本, unit: 元, target: ≤ 30000, weight: 10}
"""
    result = lint_text(text, select=T)
    assert [(f.rule, f.path, f.line) for f in result.findings] == [("T002", "/indicators/0/target", 7)]
    assert "3 万元" in result.findings[0].message_zh


@pytest.mark.parametrize("indicators", [
    "  - {name: 成本-经济成本-设备购置成本, unit: 元, target: ≤ 20000, weight: 10}",
    "  - {name: 成本-经济成本-设备购置成本, unit: 万元, target: ≤ 1.5, weight: 10}\n"
    "  - {name: 成本-经济成本-运维成本, unit: 万元, target: ≤ 0.5, weight: 10}",
    "  - {name: 成本-经济成本-电脑单价, unit: 元, target: ≤ 6000, weight: 10}",  # a unit price
    "  - {name: 成本-经济成本-人均培训成本, unit: 元/人, target: ≤ 300, weight: 10}",
])
def test_t002_silent(indicators: str) -> None:
    text = DECLARATION + f"budget: 2.00\nindicators:\n{indicators}\n"
    assert findings_of(text, select=T) == []


def test_t002_not_on_a_department_table() -> None:
    text = DECLARATION + """\
scope: department
budget: 1629.08
indicators:
  - {name: 成本-经济成本-“三公”经费, unit: 万元, target: ≤ 20, weight: 10}
"""
    assert findings_of(text, select=T) == []


def test_t003_projects_exceed_the_department_in_any_money_unit() -> None:
    department = DECLARATION + "scope: department\nbudget: 300\n"
    project = DECLARATION + "money_unit: 元\nscope: project\nbudget: 3134000\n"
    assert findings_of(department + "---\n" + project, select=T) == [("T003", 0, "/budget", 5)]
    fits = DECLARATION + "scope: project\nbudget: 300\n"
    assert findings_of(department + "---\n" + fits + "---\n" + fits.replace("300", "0"), select=T) == []


def test_t003_needs_a_department_table() -> None:
    project = DECLARATION + "scope: project\nbudget: 313.4\n"
    assert findings_of(project + "---\n" + project, select=T) == []


# ------------------------------------------------------------------------------------------ silence
CLEAN = DECLARATION + """\
scope: project
project: 一般性项目（设备采购类）
money_unit: 万元
budget: 2.00
budget_breakdown: {区级支出: 2.00, 补助街镇: 0}
goal: 绩效目标：（1）成本-经济成本-2万元；（2）产出-数量-购置电脑数量3台、打印机2台；（3）效益-社会效益-保证办公正常运转。
indicators:
  - {name: 成本-经济成本-设备购置成本, unit: 万元, target: ≤ 2, weight: 10}
  - {name: 产出-数量-购买电脑数量, unit: 台, target: = 3, weight: 30}
  - {name: 产出-数量-购买打印机数量, unit: 台, target: = 2, weight: 20}
  - {name: 效益-社会效益-保证机关办公正常运行, target: 定性 良好, weight: 30}
  - {name: 满意度-满意度, unit: "%", target: ≥ 95, weight: 10}
"""


def test_a_consistent_declaration_has_no_declaration_findings() -> None:
    department = DECLARATION + "scope: department\nbudget: 1629.08\ngoal: 保障辖区安全稳定，不发生安全事故。\n"
    assert findings_of(department + "---\n" + CLEAN, select=T) == []

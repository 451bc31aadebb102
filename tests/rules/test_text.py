"""X001–X007 and their lexicons: 发文字号, template prompts, duplicate names, names that carry their target,
misspellings, goals that promise zero — exactly where each finding lands, and silence on clean text."""

from __future__ import annotations

import pytest

from helpers import findings_of, lint_text
from jixiao_lint.check import functions  # noqa: F401  (registers the domain functions)

X = ["X"]
DECLARATION = "kind: target-declaration\nyear: 2024\norganization: 磁器口街道\n"
SELF_EVALUATION = "kind: self-evaluation\nyear: 2022\norganization: 西永街道办事处\n"


def call(name: str, *args):
    return functions.FUNCTIONS[name].impl(*args)


# ------------------------------------------------------------------------------------------ 发文字号
@pytest.mark.parametrize("text,wrong,fixed", [
    ("（渝民[2021]162号）", ["渝民[2021]162号"], "（渝民〔2021〕162号）"),
    ("渝民(2021)142号", ["渝民(2021)142号"], "渝民〔2021〕142号"),
    ("沙府发【2023】2号", ["沙府发【2023】2号"], "沙府发〔2023〕2号"),
    ("沙府发（2023）2号", ["沙府发（2023）2号"], "沙府发〔2023〕2号"),
    ("沙府发〔2023]2号", ["沙府发〔2023]2号"], "沙府发〔2023〕2号"),  # half corrected
    ("3.沙国教办发[2023]1号《要点》", ["沙国教办发[2023]1号"], "3.沙国教办发〔2023〕1号《要点》"),
])
def test_misbracketed_numbers_and_their_fix(text: str, wrong: list, fixed: str) -> None:
    assert call("misbracketed_numbers", text) == wrong
    assert call("with_document_brackets", text) == fixed
    assert call("malformed_numbers", text) == []


@pytest.mark.parametrize("text", [
    "（沙财政发〔2023〕145号）",
    "沙协办发 〔2023〕4号",  # a stray space is no bracket problem
    "（沙委办〔2023〕50号)",  # mixed parentheses around a right number
    "《卫生城镇建设工作三年行动方案（2023-2025）》",  # a span of years, not a 发文字号
    "《城市生活无着的流浪乞讨人员救助管理办法》（国务院令第381号）",
    "小区(2021)1号楼",  # an address
    "13.沙征办《关于组织2020年兵役登记和网上报名的通知》",
    "〔注〕本项为续建项目",  # six-corner brackets around words
])
def test_right_or_no_document_numbers(text: str) -> None:
    assert call("misbracketed_numbers", text) == []
    assert call("with_document_brackets", text) is None
    assert call("malformed_numbers", text) == []


@pytest.mark.parametrize("text,broken", [
    ("（渝沙防发〔20234号）", ["〔20234号"]),
    ("沙府发〔2023〕号", ["〔2023〕号"]),
    ("渝府发2023〕31号", ["2023〕31号"]),
    ("沙府发〔1023〕5号", ["〔1023〕5号"]),
])
def test_malformed_numbers(text: str, broken: list) -> None:
    assert call("malformed_numbers", text) == broken
    assert call("misbracketed_numbers", text) == []


def test_x001_points_at_the_basis_item_and_fixes_only_the_brackets() -> None:
    text = DECLARATION + "basis:\n  - 《通知》（沙财政发〔2023〕145号）\n  - 《清单的通知》（渝民[2021]162号）\n"
    result = lint_text(text, select=X)
    assert [(f.rule, f.path, f.line) for f in result.findings] == [("X001", "/basis/1", 6)]
    assert result.findings[0].fix.replacement == "《清单的通知》（渝民〔2021〕162号）"
    assert result.findings[0].fix.applicability == "safe"
    assert _pointed_at(text, result.findings[0]) == "[2021]"  # the caret is under the bracketed year


def _pointed_at(text: str, finding) -> str:
    assert finding.line == finding.end_line
    return text.splitlines()[finding.line - 1][finding.column - 1:finding.end_column - 1]


def test_x002_is_an_error_without_a_fix() -> None:
    text = DECLARATION + "basis:\n  - 2.《通知》（渝沙防发〔20234号）\n"
    result = lint_text(text, select=X)
    assert [(f.rule, f.path, f.line, f.severity) for f in result.findings] == [("X002", "/basis/0", 5, "error")]
    assert result.findings[0].fix is None
    assert _pointed_at(text, result.findings[0]) == "〔20234号"


# ---------------------------------------------------------------------------------------- placeholders
@pytest.mark.parametrize("cell", [
    "请结合项目实际情况说明资金用途", "（填写项目概况）", "XXX街道", "××项目", "单击此处输入文字", "联系人：＿＿＿",
])
def test_x003_template_prompts(cell: str) -> None:
    text = DECLARATION + f"summary: {cell}\n"
    assert findings_of(text, select=["X003"]) == [("X003", 0, "/summary", 4)]


@pytest.mark.parametrize("cell", [
    "购置3台电脑，2台打印机。", "X射线检查设备2×3套", "《关于审议管护标准的请示》", "任 **多**",
    "请示报告已报区政府",
])
def test_x003_silent_on_ordinary_text(cell: str) -> None:
    assert findings_of(DECLARATION + f"summary: \"{cell}\"\n", select=["X003"]) == []


def test_x003_finds_prompts_in_any_cell() -> None:
    text = DECLARATION + "indicators:\n  - {name: XXX完成率, unit: \"%\", target: ≥ 95, note: （填写偏差原因）}\n"
    assert findings_of(text, select=["X003"]) == [("X003", 0, "/indicators/0/name", 5),
                                                  ("X003", 0, "/indicators/0/note", 5)]


# ---------------------------------------------------------------------------------------- duplicates
def test_x004_reports_the_second_occurrence_only() -> None:
    text = DECLARATION + """indicators:
  - {name: 产出-数量-购买电脑数量, unit: 台, target: = 3, weight: 30}
  - {name: 满意度-满意度, unit: "%", target: ≥ 95, weight: 30}
  - {name: 产出-数量-购买电脑数量, unit: 台, target: = 2, weight: 40}
"""
    assert findings_of(text, select=["X004"]) == [("X004", 0, "/indicators/2/name", 7)]


def test_x004_looks_within_one_document() -> None:
    one = DECLARATION + "indicators:\n  - {name: 满意度-满意度, unit: \"%\", target: ≥ 95, weight: 100}\n"
    assert findings_of(one + "---\n" + one, select=["X004"]) == []


# -------------------------------------------------------------------------------- names with targets
def test_x005_name_that_carries_its_target() -> None:
    text = DECLARATION + "indicators:\n  - {name: 村组干部230人, unit: 人, target: = 230, weight: 100}\n"
    result = lint_text(text, select=["X005"])
    assert [(f.rule, f.path, f.line) for f in result.findings] == [("X005", "/indicators/0/name", 5)]
    assert (result.findings[0].fix.replacement, result.findings[0].fix.applicability) == ("村组干部", "unsafe")


@pytest.mark.parametrize("name,unit,target", [
    ("村组干部230人", "人", "= 200"),  # a number in the name, but not the target
    ("12345热线办结率", "%", "≥ 95"),
    ("5G基站建设数量", "个", "= 5"),
    ("2023年预算执行率", "%", "= 100"),
])
def test_x005_silent_on_numbers_that_are_part_of_a_name(name: str, unit: str, target: str) -> None:
    text = DECLARATION + f"indicators:\n  - {{name: {name}, unit: \"{unit}\", target: {target}, weight: 100}}\n"
    assert findings_of(text, select=["X005"]) == []


# ---------------------------------------------------------------------------------------- misspellings
def test_x006_with_choices_has_no_fix() -> None:
    text = SELF_EVALUATION + "indicators:\n  - {name: 零售销售额恶增长率, unit: \"%\", target: ≥ 60, actual: 60}\n"
    result = lint_text(text, select=["X006"])
    assert [(f.rule, f.path, f.line, f.column) for f in result.findings] == [("X006", "/indicators/0/name", 5, 17)]
    assert result.findings[0].fix is None


def test_x006_single_correction_is_a_safe_fix_of_the_word() -> None:
    text = DECLARATION + "summary: 再接再励，做好资金拔付。\n"
    result = lint_text(text, select=["X006"])
    assert [(f.rule, f.path, f.line, f.column, f.fix.replacement, f.fix.applicability) for f in result.findings] == [
        ("X006", "/summary", 4, 10, "再接再厉", "safe"), ("X006", "/summary", 4, 19, "拨付", "safe")]


def test_x006_in_a_block_scalar_points_at_the_cell_without_a_fix() -> None:
    text = DECLARATION + "summary: |-\n  第一行\n  再接再励\n"
    result = lint_text(text, select=["X006"])
    assert [(f.rule, f.path, f.fix) for f in result.findings] == [("X006", "/summary", None)]


@pytest.mark.parametrize("cell", ["活动每年不少3次", "优化服务服务环境", "按排名先后", "累积效应明显", "全部份额"])
def test_x006_silent_on_words_not_in_the_list(cell: str) -> None:
    assert findings_of(DECLARATION + f"summary: {cell}\n", select=["X006"]) == []


# -------------------------------------------------------------------------------------- zero promises
@pytest.mark.parametrize("goal,name", [("确保全年零事故。", "安全事故次数"), ("不发生安全事故。", "道路交通安全事故")])
def test_x007_promise_of_none_covers_what_the_indicator_counts(goal: str, name: str) -> None:
    text = DECLARATION + f"goal: {goal}\nindicators:\n  - {{name: {name}, unit: 次, target: ≤ 1}}\n"
    assert findings_of(text, select=["X007"]) == [("X007", 0, "/indicators/0/target", 6)]


def test_x007_goal_promises_none_indicator_allows_one() -> None:
    text = SELF_EVALUATION + """goals:
  initial: 保障辖区内无一例安全生产责任事故。
indicators:
  - name: 安全生产责任事故
    unit: 次
    target: ≤ 1
"""
    assert findings_of(text, select=["X007"]) == [("X007", 0, "/indicators/0/target", 9)]


@pytest.mark.parametrize("goal,name,target", [
    ("保障辖区内无一例安全生产责任事故。", "安全生产责任事故", "= 0"),  # the indicator agrees
    ("保障辖区内无一例安全生产责任事故。", "道路交通事故", "≤ 3"),  # another kind of accident
    ("保障辖区安全稳定，事故有所下降。", "安全生产事故", "≤ 1"),  # no promise of zero
    ("零售额稳步增长，不发生重大火灾。", "零售额增长率", "≥ 5"),  # 零 of 零售
    ("整治后仅发生零星事故。", "安全事故次数", "≤ 2"),  # 零星 is few, not none
    ("不发生重大安全事故。", "安全事故次数", "≤ 1"),  # none of the major ones; one minor one may happen
])
def test_x007_silent(goal: str, name: str, target: str) -> None:
    text = DECLARATION + f"goal: {goal}\nindicators:\n  - {{name: {name}, unit: 次, target: {target}}}\n"
    assert findings_of(text, select=["X007"]) == []


# ------------------------------------------------------------------------------------------ silence
CLEAN = DECLARATION + """\
scope: project
project: 一般性项目（设备采购类）
budget: 2.00
budget_breakdown: {区级支出: 2.00, 补助街镇: 0}
summary: 购置3台电脑，2台打印机。
basis:
  - 《重庆市沙坪坝区财政局关于2024年沙坪坝区预算编制政策及口径说明的通知》（沙财政发〔2023〕145号）
  - 《城市生活无着的流浪乞讨人员救助管理办法》（国务院令第381号）
goal: 绩效目标：（1）成本-经济成本-2万元；（2）产出-数量-购置电脑数量3台；（3）效益-社会效益-保证办公正常运转，不发生安全事故。
indicators:
  - {name: 成本-经济成本-设备购置成本, unit: 万元, target: ≤ 2, weight: 10}
  - {name: 产出-数量-购买电脑数量, unit: 台, target: = 3, weight: 30}
  - {name: 产出-数量-购买打印机数量, unit: 台, target: = 2, weight: 20}
  - {name: 效益-社会效益-保证机关办公正常运行, target: 定性 良好, weight: 30}
  - {name: 满意度-满意度, unit: "%", target: ≥ 95, weight: 10}
"""


def test_a_clean_declaration_has_no_text_findings() -> None:
    assert findings_of(CLEAN, select=X) == []

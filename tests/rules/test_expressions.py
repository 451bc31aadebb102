"""E005 badly-typed-number: where the schema has a number, text that reads as one is found — in a table's
rows, under any key of budget_breakdown, in a report's budget — and nowhere the schema has text."""

from __future__ import annotations

from helpers import findings_of, lint_text

DECLARATION = """\
kind: target-declaration
year: 2024
organization: 磁器口街道
scope: project
project: "１２３"
budget: "54. 36"
budget_breakdown: {区级支出: "2. 0", 补助街镇: 0}
summary: "1, 000"
indicators:
  - {name: 清扫保洁面积, unit: 万平方米, target: ≥ 50, weight: "3. 0", note: "5 0"}
  - {name: 群众满意度, unit: "%", target: ≥ 90, weight: 97}
"""

REPORT = """\
kind: evaluation-report
year: 2023
organization: 石马河街道办事处
budget: {initial: "1, 200", adjusted: 1200, executed: 1150}
score_table:
  - {name: 预算执行率, weight: "１０", score: 9.58, claim: "9. 58"}
total_score: 9.58
"""


def test_numbers_written_as_text_are_found_where_the_schema_has_numbers() -> None:
    assert [(rule, path, line) for rule, _, path, line in findings_of(DECLARATION, select=["E005"])] == [
        ("E005", "/budget", 6), ("E005", "/budget_breakdown/区级支出", 7), ("E005", "/indicators/0/weight", 10)]


def test_and_in_a_reports_budget_and_score_table_but_not_in_its_text() -> None:
    assert [(rule, path, line) for rule, _, path, line in findings_of(REPORT, select=["E005"])] == [
        ("E005", "/budget/initial", 4), ("E005", "/score_table/0/weight", 6)]


NUMBER_CELLS = """\
kind: self-evaluation
year: 2023
organization: 华新街街道办事处
self_score: "98. 80"
indicators:
  - name: 清扫保洁面积
    unit: 万平方米
    target: ≥ ５０
    actual: "52. 5"
    weight: "95%"
    score: 12人
    deviation: '－3'
"""


def test_a_number_cell_is_retyped_whole_in_its_own_quotes_and_a_target_or_actual_in_its_piece() -> None:
    """E005 over `expression_cells`: a number field is one finding at the whole cell, retyped as the number
    it reads as (the written decimals and the quotes kept: `"95%"` stays text, `"95"`, as the clerk
    quoted it); a target or an actual is fixed in the piece its note covers."""
    findings = lint_text(NUMBER_CELLS, select=["E005"]).findings
    assert [(f.path, f.line, f.column, f.end_column, f.message_en, f.fix.replacement, f.fix.applicability)
            for f in findings] == [
        ("/self_score", 4, 13, 21, "badly typed number `98. 80`: write `98.80`", '"98.80"', "safe"),
        ("/indicators/0/target", 8, 15, 17, "badly typed number `５０`: write `50`", "50", "safe"),
        ("/indicators/0/actual", 9, 14, 19, "badly typed number `52. 5`: write `52.5`", "52.5", "safe"),
        ("/indicators/0/weight", 10, 13, 18, "a number cell holds no `%`: write `95`", '"95"', "safe"),
        ("/indicators/0/score", 11, 12, 15, "a number cell holds no unit `人`: put the unit in the unit column", "12", "safe"),
        ("/indicators/0/deviation", 12, 16, 20, "the minus sign `－` is not `-`: write `-`", "'-3'", "safe")]


TARGETS = """\
kind: target-declaration
year: 2023
organization: 奉节县云雾土家族乡人民政府
indicators:
  - {name: 对维护基建市场公平的影响程度, target: 效果明显}
  - {name: 新建堤防、护岸长度, target: 公里}
  - {name: 补助款结算误差率, target: ±3%以内}
  - {name: 每年返本分红时间, target: 每年12月底前}
  - {name: 完成时间, target: 2025年年底前}
  - {name: 补助村数量, target: "8"}
"""


def test_a_wording_lacks_dingxing_a_unit_alone_lacks_its_number_and_tolerances_and_deadlines_are_read() -> None:
    """Seen in published forms (tests/corpus/real): 效果明显 is told to take 定性 (not an operator), a cell
    holding only the template's unit is empty, ±3%以内 and 12月底前 are readable, a bare 8 needs one."""
    result = lint_text(TARGETS, select=["E003", "E004", "E008"])
    assert [(f.rule, f.path) for f in result.findings] == [
        ("E003", "/indicators/0/target"), ("E004", "/indicators/1/target"), ("E003", "/indicators/3/target"),
        ("E003", "/indicators/4/target"), ("E003", "/indicators/5/target")]
    wording = result.findings[0]
    assert (wording.fix.replacement, wording.fix.applicability) == ("定性 效果明显", "unsafe")
    assert "定性" in wording.message_zh and "≥" not in wording.message_zh
    bare = result.findings[-1]  # a count: the polarity's ≥, inserted before the number
    assert (bare.fix.replacement, bare.fix.applicability) == ("≥ ", "unsafe")


def _target_findings(target: str, name: str = "保洁覆盖率", unit: str = '"%"') -> list[tuple]:
    form = f"kind: self-evaluation\nyear: 2023\norganization: 华新街街道办事处\nindicators:\n" \
           f"  - {{name: {name}, unit: {unit}, target: \"{target}\"}}\n"
    return [(f.rule, f.path, f.line, f.column, f.message_en, f.fix and (f.fix.replacement, f.fix.applicability))
            for f in lint_text(form, select=["E00"]).findings]


def test_contradictory_operators_keep_their_number_whatever_the_indicators_direction() -> None:
    # Two real operators (`≥ … 以下`) are no garbled glyph: the direction is not offered in place of the
    # whole `≥ 95%以下`, which would delete the number.
    assert _target_findings("≥ 95%以下") == [
        ("E002", "/indicators/0/target", 5, 39, "contradictory operators `≥` and `以下`", None)]


def test_a_garbled_glyph_gives_way_to_the_direction_and_a_bare_number_gets_its_operator_inserted() -> None:
    assert _target_findings("$\\\\forall$ 95") == [
        # written with escapes: the fix rewrites the whole scalar, in its own quotes
        ("E002", "/indicators/0/target", 5, 38, "`$\\forall$` is not an operator; by the indicator's direction, `≥`",
         ('"≥ 95"', "unsafe"))]
    assert _target_findings("95") == [
        ("E003", "/indicators/0/target", 5, 39, "target '95' has no operator; by the indicator's direction: ≥ 95",
         ("≥ ", "unsafe"))]
    assert _target_findings("95", name="事项") == [  # a name that does not say: no operator is guessed
        ("E003", "/indicators/0/target", 5, 36, "target '95' has no operator; write ≥, ≤ or =", None)]


def test_a_target_left_null_is_empty_and_a_unit_alone_is_a_value_never_filled_in() -> None:
    form = ("kind: self-evaluation\nyear: 2023\norganization: 华新街街道办事处\nindicators:\n"
            "  - {name: 道路长度, unit: 公里, target: }\n  - {name: 道路长度, unit: 公里, target: 公里}\n")
    assert [(f.rule, f.path, f.message_en) for f in lint_text(form, select=["E00"]).findings] == [
        ("E004", "/indicators/0/target", "the value is empty"),
        ("E004", "/indicators/1/target", "the value is empty: only the unit `公里` is written, no number")]

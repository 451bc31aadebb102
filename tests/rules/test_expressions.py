"""E005 badly-typed-number: where the schema has a number, text that reads as one is found — in a table's
rows, under any key of budget_breakdown, in a report's budget — and nowhere the schema has text."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests/helpers.py

from helpers import findings_of  # noqa: E402

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

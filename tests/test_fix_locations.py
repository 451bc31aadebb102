"""A fix is offered only where the text it replaces was located exactly."""

from __future__ import annotations

from helpers import lint_text

FOLDED = """kind: self-evaluation
year: 2023
organization: 华新街街道办事处
indicators:
  - name: 清扫保洁面积
    unit: 万平方米
    target: >-
      $\\geqslant$
      50
    weight: 100
"""


def test_a_piece_of_a_folded_string_gets_no_fix_that_would_replace_the_whole_value() -> None:
    findings = [f for f in lint_text(FOLDED, select=["E001"]).findings]
    assert [(f.rule, f.path) for f in findings] == [("E001", "/indicators/0/target")]
    assert findings[0].fix is None


def test_a_piece_of_a_one_line_string_gets_its_fix() -> None:
    text = FOLDED.replace(">-\n      $\\geqslant$\n      50", "$\\geqslant$ 50")
    [finding] = lint_text(text, select=["E001"]).findings
    assert (finding.line, finding.column, finding.fix.replacement) == (7, 13, "≥")
    assert text[finding.fix.start_offset:finding.fix.end_offset] == "$\\geqslant$"

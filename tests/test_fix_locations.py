"""A fix is offered only where the text it replaces was located exactly."""

from __future__ import annotations

import pytest
import yaml

from helpers import lint_text
from jixiao_lint.read.yaml_tree import double_quoted

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


@pytest.mark.parametrize("written,fixed", [
    ('"$\\\\geqslant$ 50"', '"≥ 50"'),  # an escaped backslash: the piece is not written as it reads
    ('"$\\\\geqslant$\\t50"', '"≥\\t50"'),  # the other escapes are kept as escapes
    ("'$\\geqslant$\n      50'", "'≥ 50'"),  # single quotes, folded over two lines
    ('"$\\\\geqslant$\n      50"', '"≥ 50"'),  # folded over two lines inside double quotes
])
def test_a_piece_of_an_escaped_quoted_string_gets_the_whole_scalar_rewritten(written: str, fixed: str) -> None:
    text = FOLDED.replace(">-\n      $\\geqslant$\n      50", written)
    [finding] = lint_text(text, select=["E001"]).findings
    assert (finding.rule, finding.path, finding.line, finding.fix.replacement) == ("E001", "/indicators/0/target", 7, fixed)
    assert text[finding.fix.start_offset:finding.fix.end_offset] == written
    after = text[:finding.fix.start_offset] + fixed + text[finding.fix.end_offset:]
    before_value = yaml.safe_load(text)["indicators"][0]["target"]
    after_value = yaml.safe_load(after)["indicators"][0]["target"]
    assert after_value == before_value.replace("$\\geqslant$", "≥")
    assert lint_text(after, select=["E001"]).findings == []


@pytest.mark.parametrize("value", ["≥ 50", "a\u2028b\u2029c\x85d", "tab\there\nline", "\x01\x7f", 'q"\\'])
def test_a_rewritten_double_quoted_scalar_reads_back_as_the_same_value(value: str) -> None:
    # raw U+2028/U+2029/U+0085 or line breaks inside double quotes would be folded by YAML: escaped instead
    written = double_quoted(value)
    assert "\n" not in written and "\u2028" not in written and "\x85" not in written
    assert yaml.safe_load(f"v: {written}")["v"] == value

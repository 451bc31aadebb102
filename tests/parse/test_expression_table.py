"""The written forms in expression_cases.yaml, each read as it says. Every target and actual case runs
twice: through the fast path and through the lark grammar alone, which must agree."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from helpers import note_worded
from jixiao_lint.check.vector import subexpressions
from jixiao_lint.parse import expression
from jixiao_lint.parse.expression import ExpressionError
from jixiao_lint.parse.names import parse_indicator_name
from jixiao_lint.parse.rules_language import Literal, parse_rule_file
from jixiao_lint.resources import rules_dir

CASES = yaml.safe_load((Path(__file__).parent / "expression_cases.yaml").read_text(encoding="utf-8"))
ROLES = ("target", "actual", "number")


def _literals(expr):
    if isinstance(expr, Literal):
        yield expr.value
    for inner in subexpressions(expr):
        yield from _literals(inner)


# The kinds a rule of the language reports (the kinds its `when` names, `note.kind in [...]`).
RULED = {kind for path in sorted(rules_dir().glob("*.rules"))
         for rule in parse_rule_file(path.read_text(encoding="utf-8"), path.name)
         if rule.notes_of is not None for when in rule.whens for kind in _literals(when)
         if isinstance(kind, str) and re.fullmatch(r"[a-z]+(-[a-z]+)*", kind)}
READING = ("operator", "value", "low", "high", "wording", "unit")
OPTIONAL = ("canonical", "digits", "low_digits", "high_digits")


def _params():
    for role in ROLES:
        for case in CASES[role]:
            paths = ("fast", "lark") if role != "number" else ("lark",)
            for path in paths:
                yield pytest.param(role, path, case, id=f"{role}-{path}-{case['text']!r}")


def _read(role: str, path: str, text: str):
    if role == "actual":
        # parse_actual turns an unreadable cell into wording; read it the same way through lark.
        if path == "lark":
            try:
                return expression._read(text, "actual", fast=False)
            except ExpressionError as error:
                if error.kind not in expression.UNREADABLE:
                    raise
        return expression.parse_actual(text)
    if role == "number":
        return expression.parse_number(text)
    return expression._read(text, role, fast=path == "fast")


def test_every_kind_a_target_cannot_be_read_by_is_one_rules():
    unreadable = expression.GARBLED | expression.EMPTY | expression.UNREADABLE - {"number-expected"}
    assert unreadable <= RULED


def test_the_table_is_big_enough():
    assert {"noncanonical-operator", "noncanonical-suffix", "redundant-suffix", "qualitative-scale",
            "actual-with-operator", "missing-operator", "missing-qualitative-mark"} <= RULED
    assert sum(len(CASES[role]) for role in ROLES) + len(CASES["names"]) >= 150


@pytest.mark.parametrize(("role", "path", "case"), list(_params()))
def test_written_form(role, path, case):
    text = case["text"]
    if "error" in case:
        kind, start, end, *guess = case["error"]
        with pytest.raises(ExpressionError) as raised:
            _read(role, path, text)
        error = raised.value
        assert (error.kind, error.start, error.end) == (kind, start, end), error.data
        assert error.suggestion == (guess[0] if guess else None)
        if len(guess) == 2:
            assert error.suggestion_basis == guess[1]
        assert (error.suggestion_basis is None) == (error.suggestion is None)
        assert note_worded(error.kind, error.data)  # every kind has words, filled from its data
        return

    parsed = _read(role, path, text)
    assert parsed.text == text
    assert {f: getattr(parsed, f) for f in READING} == {f: case.get(f) for f in READING}
    for field in OPTIONAL:
        if field in case:
            assert getattr(parsed, field) == case[field], field
    for part, span in case.get("spans", {}).items():
        assert getattr(parsed, f"{part}_span") == tuple(span), part
    got = sorted((n.kind, n.start, n.end, n.replacement) for n in parsed.notes)
    assert got == sorted(tuple(n) for n in case.get("notes", []))
    for note in parsed.notes:
        assert note_worded(note.kind, note.data)


@pytest.mark.parametrize("case", CASES["names"], ids=lambda c: f"{c['name']!r}{' report' if c.get('report') else ''}")
def test_indicator_name(case):
    path = parse_indicator_name(case["name"], report=case.get("report", False))
    assert (path.level1, path.level2, path.name) == (case["level1"], case["level2"], case["path_name"])
    assert [path.written_level1, path.written_level2] == case["written"]
    assert sorted((n.kind, n.start, n.end) for n in path.notes) == sorted(tuple(n) for n in case.get("notes", []))
    for note in path.notes:
        assert note_worded(note.kind, note.data)


def test_the_generated_fast_path_is_the_grammars() -> None:
    # parse/fast_shape.py is written by tools/build_fast_shape.py so that a run need not import lark;
    # after a grammar edit it must be regenerated, or the fast path would read cells the old way.
    from jixiao_lint.parse.fast_shape import PATTERN

    assert PATTERN == expression.fast_shape_source(), "run: python tools/build_fast_shape.py"

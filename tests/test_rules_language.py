"""The rule language: located load errors, load-time type checks, no code execution, and a user rule
pack working end to end through the CLI."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from jixiao_lint.check.engine import load_rules
from jixiao_lint.parse.rules_language import RuleFileError, parse_rule_file

RULE = '''rule Z001 weights-small: warning
  summary "权重太小" / "weight too small"
  for indicator in indicators
  when num(indicator.weight) < 2
  at indicator.weight
  message "“{indicator.name}”权重 {indicator.weight} 小于 2" / "'{indicator.name}' weight {indicator.weight} is below 2"
  pass """
  kind: target-declaration
  year: 2024
  organization: 民政局
  indicators:
    - {name: 救助人次, unit: 人次, target: ≥ 500, weight: 100}
  """
  fail """
  kind: target-declaration
  year: 2024
  organization: 民政局
  indicators:
    - {name: 救助人次, unit: 人次, target: ≥ 500, weight: 1}  # expect: Z001
  """
end
'''

FORM = """kind: target-declaration
year: 2024
organization: 民政局
indicators:
  - name: 救助人次
    unit: 人次
    target: ≥ 500
    weight: 1.5
  - name: 群众满意率
    unit: "%"
    target: ≥ 90
    weight: 98.5
"""


def _load(tmp_path: Path, text: str) -> None:
    path = tmp_path / "pack.rules"
    path.write_text(text, encoding="utf-8")
    load_rules([path])


def test_syntax_error_is_located(tmp_path: Path) -> None:
    with pytest.raises(RuleFileError) as error:
        _load(tmp_path, "rule Z001 a-b: error\n  when weight >< 3\nend\n")
    assert (error.value.loc.line, error.value.loc.column) == (2, 16)


def test_unknown_field_is_caught_at_load_time_with_did_you_mean(tmp_path: Path) -> None:
    with pytest.raises(RuleFileError) as error:
        _load(tmp_path, RULE.replace("num(indicator.weight) < 2", "num(indicator.wieght) < 2"))
    assert error.value.loc.line == 4
    assert "unknown field `wieght`; did you mean `weight`?" in error.value.message


def test_unknown_function_is_caught_at_load_time(tmp_path: Path) -> None:
    with pytest.raises(RuleFileError) as error:
        _load(tmp_path, RULE.replace("num(indicator.weight)", "nmu(indicator.weight)"))
    assert "unknown function nmu(); did you mean num()?" in error.value.message


@pytest.mark.parametrize("condition", ['__import__("os")', 'open("/etc/passwd")', "indicator.__class__", "eval(\"1\")"])
def test_a_rule_cannot_reach_python(tmp_path: Path, condition: str) -> None:
    with pytest.raises(RuleFileError):
        _load(tmp_path, RULE.replace("num(indicator.weight) < 2", condition))


def test_catastrophic_regex_is_refused_at_load(tmp_path: Path) -> None:
    with pytest.raises(RuleFileError) as error:
        _load(tmp_path, RULE.replace("num(indicator.weight) < 2", 'indicator.name matches "(a+)+$"'))
    assert "exponential" in error.value.message


def test_duplicate_code_is_refused(tmp_path: Path) -> None:
    with pytest.raises(RuleFileError) as error:
        _load(tmp_path, RULE.replace("Z001", "W001"))
    assert "W001 is already used" in error.value.message


def test_message_holes_are_parsed() -> None:
    [rule] = parse_rule_file(RULE, "pack.rules")
    assert rule.message is not None
    assert [type(p).__name__ for p in rule.message[0].parts] == ["str", "Attr", "str", "Attr", "str"]


def _cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "jixiao_lint", *args], cwd=cwd, capture_output=True, text=True,
                          encoding="utf-8", timeout=60)


def test_user_rule_pack_end_to_end(tmp_path: Path) -> None:
    pack = tmp_path / "rules"
    pack.mkdir()
    (pack / "local.rules").write_text(RULE, encoding="utf-8")
    (tmp_path / "form.yaml").write_text(FORM, encoding="utf-8")
    run = _cli("--rules", "rules", "--select", "Z", "--format", "json", "form.yaml", cwd=tmp_path)
    assert run.returncode == 0, run.stderr  # Z001 is a warning: it does not fail the run
    [finding] = json.loads(run.stdout)
    assert (finding["rule"], finding["path"], finding["line"], finding["severity"]) == ("Z001", "/indicators/0/weight", 8, "warning")
    assert finding["message"] == "“救助人次”权重 1.5 小于 2"
    tested = _cli("test-rules", "rules", cwd=tmp_path)
    assert tested.returncode == 0, tested.stdout
    assert tested.stdout == "通过 2 项，失败 0 项\n"


def test_broken_user_rule_pack_exits_2_with_location(tmp_path: Path) -> None:
    (tmp_path / "bad.rules").write_text("rule Z001 a-b: error\n  when x ==\n", encoding="utf-8")
    (tmp_path / "form.yaml").write_text(FORM, encoding="utf-8")
    run = _cli("--rules", "bad.rules", "form.yaml", cwd=tmp_path)
    assert run.returncode == 2
    assert "bad.rules:" in run.stderr and "Traceback" not in run.stderr


def test_every_function_a_rule_can_call_is_documented(tmp_path: Path) -> None:
    from jixiao_lint.check.functions import FUNCTIONS

    assert [name for name, function in FUNCTIONS.items() if not function.doc.strip()] == []
    listing = _cli("--list-functions", cwd=tmp_path).stdout
    assert {line.split()[0] for line in listing.splitlines()} == set(FUNCTIONS)


# ------------------------------------------------------------------ lets, places and the engine's shortcuts
def _pack(tmp_path: Path, body: str):
    path = tmp_path / "pack.rules"
    path.write_text(body, encoding="utf-8")
    return load_rules([path])


def _run_pack(tmp_path: Path, body: str, form: str) -> list[tuple[str, str, int]]:
    from helpers import lint_text

    result = lint_text(form, rules=_pack(tmp_path, body), select=["Z"])
    return [(f.rule, f.path, f.line) for f in result.findings]


def test_a_let_read_inside_a_loop_sees_the_rules_item_not_the_loop_variable(tmp_path: Path) -> None:
    # `w` reads `indicator`; the comprehension's own `indicator` must not change what `w` is, however
    # late the let is first computed.
    body = '''rule Z010 heavier-than-every-other: warning
  summary "最重" / "heaviest"
  for indicator in indicators
  let w = num(indicator.weight)
  when all(num(indicator.weight) <= w for indicator in indicators)
  at indicator.weight
  message "{indicator.name}" / "{indicator.name}"
end
'''
    assert _run_pack(tmp_path, body, FORM) == [("Z010", "/indicators/1/weight", 12)]


def test_a_let_that_does_not_read_the_item_is_the_same_for_every_item(tmp_path: Path) -> None:
    body = '''rule Z011 above-average: warning
  summary "高于平均" / "above average"
  for indicator in indicators
  let average = sum(i.weight for i in indicators) / count(i for i in indicators)
  when num(indicator.weight) > average
  at indicator.weight
  message "{indicator.name} {average}" / "{indicator.name} {average}"
end
'''
    assert _run_pack(tmp_path, body, FORM) == [("Z011", "/indicators/1/weight", 12)]


def test_a_finding_is_placed_where_a_let_or_a_first_found_its_value(tmp_path: Path) -> None:
    body = '''rule Z012 first-small-weight: warning
  summary "小权重" / "small weight"
  for document
  let small = first(i for i in indicators if num(i.weight) < 2)
  when small != null
  at small.weight
  message "{small.name} 第 {position(small) + 1} 项" / "{small.name} item {position(small) + 1}"
end
'''
    assert _run_pack(tmp_path, body, FORM) == [("Z012", "/indicators/0/weight", 8)]
    from helpers import lint_text

    [finding] = lint_text(FORM, rules=_pack(tmp_path, body), select=["Z"]).findings
    assert finding.message_zh == "救助人次 第 1 项"


def test_a_rule_packs_own_lexicon_changes_the_answers_already_worked_out(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Answers computed from the built-in lexicons are memoized; a pack's lexicon must replace them.
    from jixiao_lint.check import lexicons
    from jixiao_lint.check.domain.categories import cost_indicator
    from jixiao_lint.resources import lexicons_dir

    monkeypatch.setattr(lexicons, "_extra_dirs", [])
    try:
        assert cost_indicator("场地租金", None, None) is False
        pack = tmp_path / "pack"
        (pack / "lexicons").mkdir(parents=True)
        own = (lexicons_dir() / "polarity.yaml").read_text(encoding="utf-8").replace("heads: [成本,", "heads: [租金, 成本,", 1)
        assert "租金" in own
        (pack / "lexicons" / "polarity.yaml").write_text(own, encoding="utf-8")
        (pack / "pack.rules").write_text(RULE, encoding="utf-8")
        load_rules([pack])
        assert cost_indicator("场地租金", None, None) is True
    finally:
        lexicons._extra_dirs.clear()
        lexicons.forget()


# A rule over a collection runs a column at a time (check/vector.py); these pin down that every row gets
# the answer it would get alone.
ROWS = """kind: target-declaration
year: 2024
organization: 民政局
indicators:
  - {name: 救助人次, unit: 人次, target: ≥ 500, weight: 10, note: 已说明}
  - {name: 培训人次, unit: 人次, target: ≥ 50, weight: 若干}
  - {name: 群众满意率, unit: "%", target: ≥ 90, weight: 50}
  - {name: 覆盖率, unit: "%", target: ≥ 90}
"""


def test_and_or_not_are_three_valued_row_by_row(tmp_path: Path) -> None:
    # Row 1's weight is not a number and row 3 has none: `> 20` is null there, which `or` with a false
    # note test leaves null (no finding), and `not` of null is null (so Z024 finds nothing at all).
    body = '''rule Z020 heavy-or-explained: warning
  summary "重或有说明" / "heavy or explained"
  for indicator in indicators
  when num(indicator.weight) > 20 or indicator.note != null
  message "{indicator.name}" / "{indicator.name}"
end

rule Z021 not-heavy-and-unexplained: warning
  summary "非重且无说明" / "not heavy and unexplained"
  for indicator in indicators
  when not (num(indicator.weight) > 20 and indicator.note == null)
  message "{indicator.name}" / "{indicator.name}"
end

rule Z024 neither-heavy-nor-explained: warning
  summary "不重也无说明" / "neither heavy nor explained"
  for indicator in indicators
  when not (num(indicator.weight) > 20 or indicator.note != null)
  message "{indicator.name}" / "{indicator.name}"
end
'''
    assert _run_pack(tmp_path, body, ROWS) == [("Z020", "/indicators/0", 5), ("Z021", "/indicators/0", 5),
                                               ("Z020", "/indicators/2", 7)]


@pytest.fixture
def polarity_calls(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names polarity() is asked about from now on, by rules loaded after this."""
    from jixiao_lint.check import functions
    from jixiao_lint.records import replace

    asked: list[str] = []
    polarity = functions.FUNCTIONS["polarity"]
    counting = replace(polarity, impl=lambda name: asked.append(name) or polarity.impl(name))
    monkeypatch.setitem(functions.FUNCTIONS, "polarity", counting)
    return asked


def test_a_let_is_computed_only_for_the_rows_that_reach_it(tmp_path: Path, polarity_calls: list[str]) -> None:
    body = '''rule Z022 heavy-positive: warning
  summary "重且正向" / "heavy and positive"
  for indicator in indicators
  let direction = polarity(indicator.name)
  when num(indicator.weight) > 20
  when direction == "positive"
  message "{indicator.name} {direction}" / "{indicator.name} {direction}"
end
'''
    assert _run_pack(tmp_path, body, ROWS) == [("Z022", "/indicators/2", 7)]
    assert polarity_calls == ["群众满意率"]  # once, for the only heavy row, and not again for the message


def test_a_choice_takes_its_branch_row_by_row_and_works_out_only_that_branch(tmp_path: Path, polarity_calls: list[str]) -> None:
    body = '''rule Z023 weighed-direction: warning
  summary "方向" / "direction"
  for indicator in indicators
  let direction = polarity(indicator.name) if num(indicator.weight) > 20 else "light"
  when direction != null
  message "{direction}" / "{direction}"
end
'''
    from helpers import lint_text

    result = lint_text(ROWS, rules=_pack(tmp_path, body), select=["Z"])
    assert [(f.path, f.message_en) for f in result.findings] == [
        ("/indicators/0", "light"), ("/indicators/1", "light"), ("/indicators/2", "positive"),
        ("/indicators/3", "light")]  # no weight: the condition is unknown, and takes the second branch
    assert polarity_calls == ["群众满意率"]  # the first branch only for the row it is chosen for


def test_a_choice_inside_a_comprehension_and_a_comprehension_with_if_still_read_apart(tmp_path: Path) -> None:
    body = '''rule Z024 heavy-total: warning
  summary "权重" / "weights"
  for document
  let heavy = sum((1 if i.weight > 20 else 0) for i in indicators if i.weight != null)
  when heavy >= 1
  message "{heavy}" / "{heavy}"
end
'''
    from helpers import lint_text

    assert [f.message_en for f in lint_text(ROWS, rules=_pack(tmp_path, body), select=["Z"]).findings] == ["1"]


def test_a_condition_run_row_by_row_reads_and_keeps_the_let_columns(tmp_path: Path) -> None:
    # A comprehension has no column form: it runs per row, with `w` as the column computed it.
    body = '''rule Z023 heavier-than-another: warning
  summary "比另一项重" / "heavier than another"
  for indicator in indicators
  let w = num(indicator.weight)
  when w > 5
  when count(i for i in indicators if num(i.weight) < w) >= 1
  message "{indicator.name} {w}" / "{indicator.name} {w}"
end
'''
    from helpers import lint_text

    [finding] = lint_text(ROWS, rules=_pack(tmp_path, body), select=["Z"]).findings
    assert (finding.rule, finding.path, finding.line, finding.message_zh) == ("Z023", "/indicators/2", 7, "群众满意率 50")


def test_a_comprehension_that_asks_where_its_items_were_read_still_gets_places(tmp_path: Path) -> None:
    # A comprehension that only computes iterates plain values; position() needs the items' places.
    body = '''rule Z025 not-the-first: warning
  summary "非第一项" / "not the first"
  for indicator in indicators
  when count(i for i in indicators if position(i) < position(indicator)) >= 1
  message "{indicator.name}" / "{indicator.name}"
end
'''
    assert _run_pack(tmp_path, body, FORM) == [("Z025", "/indicators/1", 9)]


def test_earlier_same_keeps_its_answers_apart_for_each_field(tmp_path: Path) -> None:
    # Rows 0 and 1 are both in 人次, rows 2 and 3 both in %, under four different names: the same list
    # asked by name (nothing), then by unit.
    body = '''rule Z026 same-name-earlier: warning
  summary "同名" / "same name"
  for indicator in indicators
  when earlier_same(indicator, indicators, "name") != null
  message "{indicator.name}" / "{indicator.name}"
end

rule Z027 same-unit-earlier: warning
  summary "同单位" / "same unit"
  for indicator in indicators
  let earlier = earlier_same(indicator, indicators, "unit")
  when earlier != null
  at indicator.unit
  message "{indicator.name} 与第 {position(earlier) + 1} 项同单位" / "{indicator.name} as item {position(earlier) + 1}"
end
'''
    from helpers import lint_text

    findings = lint_text(ROWS, rules=_pack(tmp_path, body), select=["Z"]).findings
    assert [(f.rule, f.path, f.line, f.message_zh) for f in findings] == [
        ("Z027", "/indicators/1/unit", 6, "培训人次 与第 1 项同单位"),
        ("Z027", "/indicators/3/unit", 8, "覆盖率 与第 3 项同单位")]


def test_what_rules_work_out_from_an_item_is_shared_and_told_apart(tmp_path: Path, polarity_calls: list[str]) -> None:
    # Two rules, two variable names, one polarity() per name; num(·.weight) and num(·.score) stay apart.
    body = '''rule Z028 heavy-weight: warning
  summary "权重大" / "heavy weight"
  for i in indicators
  when polarity(i.name) == "positive" and num(i.weight) > 20
  message "{i.name}" / "{i.name}"
end

rule Z029 high-score: warning
  summary "得分高" / "high score"
  for row in indicators
  when polarity(row.name) == "positive" and num(row.score) > 20
  message "{row.name}" / "{row.name}"
end
'''
    form = """kind: self-evaluation
year: 2024
organization: 民政局
indicators:
  - {name: 救助人次, unit: 人次, target: ≥ 500, weight: 50, score: 1}
  - {name: 培训人次, unit: 人次, target: ≥ 50, weight: 1, score: 50}
"""
    assert _run_pack(tmp_path, body, form) == [("Z028", "/indicators/0", 5), ("Z029", "/indicators/1", 6)]
    assert sorted(polarity_calls) == ["培训人次", "救助人次"]


def test_a_let_of_the_item_alone_is_shared_as_its_definition(tmp_path: Path, polarity_calls: list[str]) -> None:
    # polarity(n), n being the item's name, is polarity(row.name) of the other rule: one call per name.
    # The unit is read as a place (the let `u`, pointed at) and as a plain value (`row.unit == …`).
    body = '''rule Z030 positive-in-person-times: warning
  summary "正向人次" / "positive person-times"
  for i in indicators
  let n = i.name
  let u = i.unit
  when polarity(n) == "positive" and u == "人次"
  at u
  message "{n}" / "{n}"
end

rule Z031 positive-light: warning
  summary "正向且轻" / "positive and light"
  for row in indicators
  when polarity(row.name) == "positive" and row.unit == "人次" and num(row.weight) < 20
  message "{row.name}" / "{row.name}"
end
'''
    form = """kind: self-evaluation
year: 2024
organization: 民政局
indicators:
  - {name: 救助人次, unit: 人次, target: ≥ 500, weight: 50}
  - {name: 覆盖率, unit: "%", target: ≥ 50, weight: 1}
  - {name: 培训人次, unit: 人次, target: ≥ 50, weight: 1}
"""
    assert _run_pack(tmp_path, body, form) == [("Z030", "/indicators/0/unit", 5), ("Z031", "/indicators/2", 7),
                                              ("Z030", "/indicators/2/unit", 7)]
    assert sorted(polarity_calls) == ["培训人次", "救助人次", "覆盖率"]


def test_a_rule_packs_own_units_replace_the_tables_already_built(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The units table is built on first use; a pack loaded afterwards with its own units.yaml must count.
    from jixiao_lint.check import lexicons
    from jixiao_lint.check.domain.units import lookup
    from jixiao_lint.resources import lexicons_dir

    monkeypatch.setattr(lexicons, "_extra_dirs", [])
    try:
        assert lookup("台班") is None
        pack = tmp_path / "pack"
        (pack / "lexicons").mkdir(parents=True)
        own = (lexicons_dir() / "units.yaml").read_text(encoding="utf-8").replace(
            "\nunits:\n", "\nunits:\n  - {unit: 台班, measures: [time]}\n", 1)
        assert "台班" in own
        (pack / "lexicons" / "units.yaml").write_text(own, encoding="utf-8")
        (pack / "pack.rules").write_text(RULE, encoding="utf-8")
        load_rules([pack])
        assert lookup("台班") == ("台班", ("time",))
    finally:
        lexicons._extra_dirs.clear()
        lexicons.forget()


def test_a_packs_lexicons_count_only_for_the_rules_that_brought_them(tmp_path: Path) -> None:
    # One run, two configurations: files under the one without the pack must not see its units.
    from helpers import lint_text
    from jixiao_lint.check import lexicons
    from jixiao_lint.resources import lexicons_dir

    pack = tmp_path / "pack"
    (pack / "lexicons").mkdir(parents=True)
    own = (lexicons_dir() / "units.yaml").read_text(encoding="utf-8").replace(
        "\nunits:\n", "\nunits:\n  - {unit: 台班, measures: [time]}\n", 1)
    (pack / "lexicons" / "units.yaml").write_text(own, encoding="utf-8")
    (pack / "pack.rules").write_text(RULE, encoding="utf-8")
    form = FORM.replace("unit: 人次", "unit: 台班")
    try:
        builtin, with_pack = load_rules(), load_rules([pack])
        unknown = [("U001", "/indicators/0/unit")]
        assert [(f.rule, f.path) for f in lint_text(form, rules=builtin, select=["U001"]).findings] == unknown
        assert [(f.rule, f.path) for f in lint_text(form, rules=with_pack, select=["U001"]).findings] == []
        assert [(f.rule, f.path) for f in lint_text(form, rules=builtin, select=["U001"]).findings] == unknown
    finally:
        lexicons.use([])


@pytest.mark.parametrize("seed", sorted(p.name for p in (Path(__file__).parent / "fixtures" / "seeds").glob("0*_*.yaml")
                                        if not p.name.endswith(".expected.yaml")))
def test_a_linted_form_is_freed_when_its_result_goes(seed: str) -> None:
    # A rule's env refers to itself ($root, for its lazy lets): unless it is emptied when the rule is done,
    # the form's whole tree waits for the garbage collector, which a worker over a repo then runs often.
    import gc

    from jixiao_lint.check.engine import Engine
    from jixiao_lint.lint import lint_source
    from jixiao_lint.read.files import Source

    path = Path(__file__).parent / "fixtures" / "seeds" / seed
    engine = Engine(load_rules())
    lint_source(Source(seed, path), engine)  # the lexicons and parse caches filled, which stay
    gc.collect()
    gc.disable()
    try:
        result = lint_source(Source(seed, path), engine)
        assert result.findings
        del result
        assert gc.collect() == 0
    finally:
        gc.enable()


def test_in_a_list_of_values_read_from_the_form(tmp_path: Path) -> None:
    # A let keeps where the items of its list(…) were read; `in` looks at their values (and `not in` too).
    body = '''rule Z032 unit-shared: warning
  summary "单位与他项相同" / "unit shared"
  for indicator in indicators
  let others = list(i.unit for i in indicators if i.name != indicator.name)
  when indicator.unit in others
  message "{indicator.name}" / "{indicator.name}"
end

rule Z033 unit-own: warning
  summary "单位独有" / "unit of its own"
  for indicator in indicators
  let others = list(i.unit for i in indicators if i.name != indicator.name)
  when indicator.unit not in others
  message "{indicator.name}" / "{indicator.name}"
end
'''
    form = """kind: self-evaluation
year: 2024
organization: 民政局
indicators:
  - {name: 救助人次, unit: 人次, target: ≥ 500}
  - {name: 覆盖率, unit: "%", target: ≥ 50}
  - {name: 培训人次, unit: 人次, target: ≥ 50}
"""
    assert _run_pack(tmp_path, body, form) == [("Z032", "/indicators/0", 5), ("Z033", "/indicators/1", 6),
                                              ("Z032", "/indicators/2", 7)]


def test_at_a_piece_within_a_cell_points_inside_it_and_fixes_the_cell(tmp_path: Path) -> None:
    rule = '''rule Z040 word-in-name: warning
  summary "名称含有“暂定”" / "name says 暂定"
  for indicator in indicators
  when indicator.name matches "暂定"
  at "暂定" within indicator.name
  message "名称含有“暂定”" / "the name says 暂定"
  fix unsafe "救助人次"
end
'''
    from helpers import lint_text

    (tmp_path / "pack.rules").write_text(rule, encoding="utf-8")
    rules = load_rules([tmp_path / "pack.rules"])
    text = FORM.replace("  - name: 救助人次", "  - name: 救助暂定人次")
    [finding] = [f for f in lint_text(text, rules=rules).findings if f.rule == "Z040"]
    assert (finding.path, finding.line, finding.column, finding.end_column) == ("/indicators/0/name", 5, 13, 15)
    assert text[finding.fix.start_offset:finding.fix.end_offset] == "救助暂定人次"  # the fix is the cell's
    # written with escapes, the piece cannot be located: the caret falls back to the whole cell
    escaped = FORM.replace("  - name: 救助人次", '  - name: "救助\\u6682定人次"')
    [finding] = [f for f in lint_text(escaped, rules=rules).findings if f.rule == "Z040"]
    assert (finding.line, finding.column) == (5, 11)


def test_a_comprehension_reads_the_item_and_its_lets_through_every_level(tmp_path: Path) -> None:
    # The sum runs in a frame of its own per row (check/vector.py), asking `unit` of the row it belongs
    # to; the nested any() asks `x` of its own outer row. 人次 sums to 10 (若干 is no number), % to 50.
    body = '''rule Z030 heavy-unit: warning
  summary "同单位权重重" / "heavy unit"
  for indicator in indicators
  let unit = indicator.unit
  when sum(num(x.weight) for x in indicators if x.unit == unit) > 20
  when any(any(y.unit == x.unit and y.name != x.name for y in indicators) for x in indicators if x.name == indicator.name)
  message "{indicator.name}" / "{indicator.name}"
end
'''
    assert _run_pack(tmp_path, body, ROWS) == [("Z030", "/indicators/2", 7), ("Z030", "/indicators/3", 8)]


def test_the_evaluator_does_not_import_the_type_checker() -> None:
    import ast

    import jixiao_lint.check.vector as vector

    tree = ast.parse(Path(vector.__file__).read_text(encoding="utf-8"))
    imported = {f"{node.module}.{alias.name}" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)
                for alias in node.names}
    assert "jixiao_lint.check.functions" in imported  # what it does import, read the same way
    assert not any(name.startswith(("jixiao_lint.check.compile", "jixiao_lint.check.engine")) for name in imported)
# ------------------------------------------------------------------ the notes of a cell: notes(…) and `at note`
NOTES_RULE = '''rule Z050 word-operator: warning
  summary "运算符写成了文字" / "operator written as a word"
  for indicator in indicators
  for note in notes(indicator.target)
  when note.kind == "noncanonical-operator" and indicator.weight > 1
  at note
  message "“{indicator.name}”的 `{note.written}` 应写作 `{note.canonical}`" / "'{indicator.name}': write `{note.canonical}` for `{note.written}`"
  fix safe note.replacement
end
'''


def test_a_rule_over_the_notes_of_a_cell_points_at_each_note_and_fixes_its_span(tmp_path: Path) -> None:
    from helpers import lint_text

    text = FORM.replace("target: ≥ 500", "target: 不少于500").replace("target: ≥ 90", "target: ≧ 90")
    result = lint_text(text, rules=_pack(tmp_path, NOTES_RULE), select=["Z"])
    # the first indicator's weight (1.5) and the second's (98.5) both exceed 1: one finding per note
    got = [(f.rule, f.path, f.line, f.column, f.end_column, f.message_zh) for f in result.findings]
    assert got == [
        ("Z050", "/indicators/0/target", 7, 13, 16, "“救助人次”的 `不少于` 应写作 `≥`"),
        ("Z050", "/indicators/1/target", 11, 13, 14, "“群众满意率”的 `≧` 应写作 `≥`"),
    ]
    first = result.findings[0]
    assert text[first.fix.start_offset:first.fix.end_offset] == "不少于" and first.fix.replacement == "≥ "  # `≥ 500`
    assert first.fix.applicability == "safe"


def test_the_outer_item_of_a_notes_rule_is_each_notes_owner(tmp_path: Path) -> None:
    text = FORM.replace("target: ≥ 500", "target: 不少于500").replace("target: ≥ 90", "target: ≧ 90")
    light = NOTES_RULE.replace("indicator.weight > 1", "indicator.weight < 2")  # only the first indicator
    assert _run_pack(tmp_path, light, text) == [("Z050", "/indicators/0/target", 7)]
    assert _run_pack(tmp_path, NOTES_RULE, FORM) == []  # canonical operators: no notes, no findings


def test_a_notes_rule_without_at_points_at_the_whole_cell(tmp_path: Path) -> None:
    from helpers import lint_text

    rule = NOTES_RULE.replace("  at note\n", "").replace("  fix safe note.replacement\n", "")
    text = FORM.replace("target: ≥ 500", "target: 不少于500")
    [finding] = lint_text(text, rules=_pack(tmp_path, rule), select=["Z"]).findings
    assert (finding.rule, finding.path, finding.line, finding.column) == ("Z050", "/indicators/0/target", 7, 13)
    assert finding.end_column == 19  # the whole value `不少于500`


@pytest.mark.parametrize(("change", "message"), [
    ("note.kind ==", None),
    ("note.kinds ==", "`kinds` is not a field of a note"),
    ("indicator.wieght > 1", "unknown field `wieght`; did you mean `weight`?"),
])
def test_a_notes_rule_is_type_checked_at_load(tmp_path: Path, change: str, message: str | None) -> None:
    body = NOTES_RULE.replace("note.kind ==", change) if "note." in change else NOTES_RULE.replace("indicator.weight > 1", change)
    if message is None:
        _load(tmp_path, body)
        return
    with pytest.raises(RuleFileError) as error:
        _load(tmp_path, body)
    assert message in error.value.message


@pytest.mark.parametrize(("clause", "message"), [
    ("  for note in notes(target)\n", "notes(…) reads a field of `indicator`, e.g. notes(indicator.target)"),
    ("  for note in lines(indicator.target)\n", "the only collection of a cell is notes(…)"),
    ("  for note in notes(indicator)\n", "(or, over expression_cells, the cell itself)"),  # only a cell's own notes
])
def test_a_misused_notes_clause_is_refused_with_its_location(tmp_path: Path, clause: str, message: str) -> None:
    body = NOTES_RULE.replace("  for note in notes(indicator.target)\n", clause)
    with pytest.raises(RuleFileError) as error:
        _load(tmp_path, body)
    assert message in error.value.message
    assert (error.value.loc.line, error.value.loc.column) == (4, 3)


def test_notes_before_the_items_they_belong_to_are_refused(tmp_path: Path) -> None:
    body = NOTES_RULE.replace("  for indicator in indicators\n  for note in notes(indicator.target)\n",
                              "  for note in notes(indicator.target)\n  for indicator in indicators\n")
    with pytest.raises(RuleFileError) as error:
        _load(tmp_path, body)
    assert "follows one `for ITEM in COLLECTION`" in error.value.message


def test_message_when_words_each_kind_of_note_and_falls_back_to_the_plain_message(tmp_path: Path) -> None:
    from helpers import lint_text

    rule = NOTES_RULE.replace("note.kind == \"noncanonical-operator\" and indicator.weight > 1", "indicator.weight > 1").replace(
        "  message ", '  message when note.kind == "redundant-suffix" "删去 `{note.written}`" / "delete `{note.written}`"\n  message ')
    text = FORM.replace("target: ≥ 500", "target: 不少于500").replace("target: ≥ 90", "target: ≥ 90%以上")
    got = [(f.path, f.line, f.column, f.message_zh, f.message_en) for f in lint_text(text, rules=_pack(tmp_path, rule), select=["Z"]).findings]
    assert got == [
        ("/indicators/0/target", 7, 13, "“救助人次”的 `不少于` 应写作 `≥`", "'救助人次': write `≥` for `不少于`"),
        ("/indicators/1/target", 11, 18, "删去 `以上`", "delete `以上`"),
    ]


def test_a_rule_has_one_plain_message(tmp_path: Path) -> None:
    body = NOTES_RULE.replace("  fix safe", '  message "又一条" / "another"\n  fix safe')
    with pytest.raises(RuleFileError) as error:
        _load(tmp_path, body)
    assert "a rule has one plain `message`" in error.value.message
    assert (error.value.loc.line, error.value.loc.column) == (8, 3)


def test_naming_the_built_in_rule_files_again_reads_them_once(tmp_path: Path) -> None:
    # In a checkout, `test-rules rules/` and `--rules rules/` name the built-in files: no "code already used".
    from jixiao_lint.resources import rules_dir

    tested = _cli("test-rules", str(rules_dir()), cwd=tmp_path)
    assert tested.returncode == 0, tested.stdout + tested.stderr
    assert tested.stdout.endswith("失败 0 项\n") and tested.stderr == ""
    (tmp_path / "form.yaml").write_text(FORM, encoding="utf-8")
    plain = _cli("--format", "json", "form.yaml", cwd=tmp_path)
    again = _cli("--rules", str(rules_dir()), "--format", "json", "form.yaml", cwd=tmp_path)
    assert again.returncode == plain.returncode and again.stdout == plain.stdout and again.stderr == ""


CELLS_RULE = '''rule Z051 text-in-number: warning
  summary "数值写成了文字" / "number written as text"
  for cell in expression_cells
  for note in notes(cell)
  when note.role == "number"
  at cell
  message "`{cell}` 应写作 `{note.retyped}`（{note.kind}）" / "write `{note.retyped}` for `{cell}` ({note.kind})"
  fix safe note.retyped
end
'''


def test_a_rule_over_expression_cells_reads_each_cell_as_its_role(tmp_path: Path) -> None:
    """Every number-typed field written as text, wherever it stands, and each target and actual: here the
    rule keeps the notes of number cells only, so the full-width target gives none."""
    from helpers import lint_text

    text = FORM.replace("weight: 1.5", 'weight: "1. 5"').replace("target: ≥ 90", "target: ≥ ９０").replace(
        "indicators:", "budget: 12万元\nindicators:")
    got = [(f.path, f.line, f.column, f.message_en, f.fix.replacement) for f in lint_text(text, rules=_pack(tmp_path, CELLS_RULE), select=["Z"]).findings]
    assert got == [
        ("/budget", 4, 9, "write `12` for `12万元` (unit-in-number)", "12"),
        ("/indicators/0/weight", 9, 13, "write `1.5` for `1. 5` (badly-typed-number)", '"1.5"'),
    ]

"""Bounded fuzzing: whatever bytes or text come in, the reader, the rule-language parser and the whole
lint pipeline answer with findings or the project's own error (RuleFileError), never anything else.
And a rule file, which a user may take from anywhere, cannot run code or hang the linter.

Each property runs about 200 examples with no deadline; the strategies are biased towards the
characters that matter (YAML punctuation, quotes, indentation, CJK, the operators of the grammar) and
towards small mutations of real forms and rules, so that the examples reach past the first parse error.
"""

from __future__ import annotations

import datetime

from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers import FIXTURES, lint_text
from jixiao_lint.check.engine import load_rules
from jixiao_lint.parse.rules_language import RuleFileError, parse_rule_file
from jixiao_lint.read.files import Source, read_source
from jixiao_lint.read.yaml_tree import read_documents

FUZZ = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])

YAML_PIECES = ["kind: ", "self-evaluation", "target-declaration", "evaluation-report", "year: ", "2023",
               "organization: ", "indicators:", "funds:", "score_table:", "  - ", "- ", "name: ", "target: ",
               "weight: ", "score: ", "actual: ", "≥ ", "≤ ", "＝", "95%", "54. 36", "定性 良好", "---", "\n", "  ",
               "\t", ":", ": ", "[", "]", "{", "}", ",", "'", '"', "#", "&a ", "*a", "<<: ", "? ", "|", ">", "!!str ",
               "%YAML 1.2", "no", "017", "1:30", "2024-01-01", "\\", "\x00", "\x07", "\ufeff", "\r\n", "中", "〔", "〕"]
yaml_like = st.lists(st.sampled_from(YAML_PIECES) | st.text(max_size=3), max_size=40).map("".join)

FORMS = [p.read_text(encoding="utf-8") for p in sorted((FIXTURES / "clean").glob("*.yaml"))[:3]] or [
    "kind: self-evaluation\nyear: 2023\norganization: 民政局\n"]


@st.composite
def mutated(draw, texts: list[str], pieces: list[str]) -> str:
    """A real text with a few pieces inserted, deleted or replaced: mostly valid, broken in one place."""
    text = draw(st.sampled_from(texts))
    for _ in range(draw(st.integers(1, 4))):
        if not text:
            break
        start = draw(st.integers(0, len(text)))
        end = draw(st.integers(start, min(len(text), start + 12)))
        piece = draw(st.sampled_from(pieces) | st.text(max_size=4))
        text = text[:start] + piece + text[end:]
    return text


# ------------------------------------------------------------------------------------------- reader
@FUZZ
@given(yaml_like)
def test_read_documents_never_raises(text: str) -> None:
    form, problems = read_documents("fuzz.yaml", text)
    for problem in problems:
        assert problem.span.line >= 1 and problem.span.column >= 1
        assert problem.code.startswith(("F", "S"))


@FUZZ
@given(st.from_regex(r"[-+]?[0-9]{1,7}(\.[0-9]{0,3})?", fullmatch=True))
def test_a_number_cell_reads_the_same_by_the_short_way_and_the_long(text: str) -> None:
    # The reader takes a plain decimal (95, 87599029.86) straight to its number; anything else goes
    # through resolve_plain and the YAML 1.1 checks (017 stays text, with a warning). Same answers.
    from jixiao_lint.read.yaml_tree import resolve_plain, yaml11_surprise

    [document] = read_documents("n.yaml", f"v: {text}\n")[0].documents
    expected = text if yaml11_surprise(text) else resolve_plain(text)
    assert (type(document.data["v"]), document.data["v"]) == (type(expected), expected)


@FUZZ
@given(st.binary(max_size=400) | yaml_like.map(lambda t: t.encode("utf-8", "surrogatepass"))
       | yaml_like.map(lambda t: t.encode("gb18030", "replace")) | yaml_like.map(lambda t: t.encode("utf-16")))
def test_read_source_never_raises_on_bytes(data: bytes) -> None:
    form, problems = read_source(Source("fuzz.yaml", None), data)
    assert all(p.code.startswith(("F", "S")) for p in problems)


@FUZZ
@given(mutated(FORMS, YAML_PIECES))
def test_lint_never_raises_on_broken_forms(text: str) -> None:
    result = lint_text(text, name="fuzz.yaml")
    for finding in result.findings:
        assert finding.line >= 1 and finding.column >= 1
        assert finding.message_zh


@pytest.mark.parametrize("written, says", [
    ("017", "八进制数（读成 15）"), ("-017", "八进制数（读成 -15）"), ("1:30", "六十进制数（读成 90）"),
    ("8_", "数字（读成 8）"), ("1_000.5", "数字（读成 1000.5）"), ("0_17", "数字（读成 15）"),
    ("0x1F", "十六进制数（读成 31）"), ("0b101", "二进制数（读成 5）"), ("2024-01-01", "日期"),
    ("2023-01-01 10:00:00", "日期"), ("2024-1-5 1:00:00", "日期"),
])
def test_a_yaml11_surprise_says_what_that_very_value_reads_as(written: str, says: str) -> None:
    # Hypothesis found `8_`: the underscore case was read as octal, and int("8", 8) raised.
    form, problems = read_documents("n.yaml", f"v: {written}\n")
    assert form.documents[0].data == {"v": written}
    assert [(p.code, p.path, p.message_zh.split("在 YAML 1.1 工具中会被读成")[1].split("；")[0]) for p in problems] == [
        ("F007", "/v", says)]


@pytest.mark.parametrize("written", ["2024-1-5", "2023-01-01 上午", "0_8", "089", "+12", "1.0e+5", "2024-01-01x"])
def test_what_pyyaml_reads_as_text_or_as_the_same_number_gets_no_yaml11_warning(written: str) -> None:
    # PyYAML wants two-digit month and day, or a time after them, for a date; 0_8 is no number to it
    form, problems = read_documents("n.yaml", f"v: {written}\n")
    assert [p.code for p in problems] == []


@FUZZ
@given(st.from_regex(r"[-+]?[0-9][0-9_:.xXbeE+-]{0,8}|[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}([ Tt][0-9: .]{0,12})?", fullmatch=True))
def test_a_yaml11_warning_is_given_exactly_when_pyyaml_reads_something_else(text: str) -> None:
    from jixiao_lint.read.yaml_tree import resolve_plain, yaml11_surprise

    text = text.rstrip()  # a plain scalar ends at its last non-space character
    try:
        theirs = yaml.safe_load(f"v: {text}")["v"]
    except (yaml.YAMLError, ValueError):
        return  # PyYAML refuses it (a date with month 13): a warning or none, both are fair
    ours = resolve_plain(text)
    same = type(theirs) is type(ours) and theirs == ours or (
        isinstance(theirs, (int, float)) and not isinstance(theirs, bool) and isinstance(ours, (int, float)) and theirs == ours)
    if isinstance(theirs, str) or same:
        assert yaml11_surprise(text) is None, text
    elif isinstance(theirs, (datetime.date, int, float)) and isinstance(ours, str):
        assert yaml11_surprise(text) is not None, text


@FUZZ
@given(yaml_like)
def test_lint_never_raises_on_arbitrary_text(text: str) -> None:
    lint_text(text, name="fuzz.yaml")


# ------------------------------------------------------------------------------------ rule language
RULE_FILES = [p.read_text(encoding="utf-8") for p in sorted(Path(__file__).parents[1].joinpath("rules").glob("*.rules"))]
RULE_PIECES = ["rule ", "end", "when ", "let ", "for ", " in ", "indicators", "indicator.", "at ", "message ", '"',
               '"""', "/", "(", ")", "[", "]", "{", "}", ",", ".", "==", "!=", "<", ">=", "and ", "or ", "not ",
               "matches ", "sum(", "count(", "num(", "x for x in ", " if ", "\n", "  ", "#", "error", "Z999",
               "pass ", "fail ", "fix ", "safe ", "doc ", "summary ", "1.5", "-", "*", "null", "true", "中"]


@FUZZ
@given(mutated(RULE_FILES, RULE_PIECES) | st.lists(st.sampled_from(RULE_PIECES), max_size=30).map("".join))
def test_rule_parser_raises_only_rule_file_error(text: str) -> None:
    try:
        parse_rule_file(text, "fuzz.rules")
    except RuleFileError as error:
        assert error.loc.line >= 1


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(mutated(RULE_FILES, RULE_PIECES))
def test_rule_loading_raises_only_rule_file_error(tmp_path: Path, text: str) -> None:
    # Past the parser: the type checker and the compiler, on rules that mostly parse.
    path = tmp_path / "fuzz.rules"
    path.write_text(text, encoding="utf-8")
    try:
        load_rules([path])
    except RuleFileError:
        pass


# ------------------------------------------------------------------------- a rule file cannot run code
RULE = '''rule Z001 weights-small: warning
  summary "权重太小" / "weight too small"
  for indicator in indicators
  let small = num(indicator.weight) < 2
  when CONDITION
  at indicator.weight
  message "“{indicator.name}”权重 {indicator.weight} 小于 2" / "'{indicator.name}' weight {indicator.weight} is below 2"
end
'''


def _load(tmp_path: Path, condition: str) -> None:
    path = tmp_path / "pack.rules"
    path.write_text(RULE.replace("CONDITION", condition), encoding="utf-8")
    load_rules([path])


def test_the_template_loads(tmp_path: Path) -> None:
    _load(tmp_path, "small")


@pytest.mark.parametrize("condition", [
    '__import__("os") != null',
    'open("/etc/passwd") != null',
    'eval("1") != null',
    'exec("x = 1") != null',
    'getattr(indicator, "name") != null',
    "indicator.__class__ != null",  # a field of a typed row: the schema has no such field
    "__builtins__ != null",
    'lambda != null',
])
def test_a_rule_cannot_reach_python(tmp_path: Path, condition: str) -> None:
    with pytest.raises(RuleFileError):
        _load(tmp_path, condition)


# Names starting with _ lead from a value to the interpreter (__class__.__init__.__globals__ …):
# refused at load, whatever the value's type.


@pytest.mark.parametrize("condition", [
    "indicator.name.__class__ != null",  # a text field: the schema gives no properties, so any name passes
    "num(indicator.weight).__class__ != null",
    "list(i for i in indicators)[0].__class__ != null",
    "list(expr(i.target) for i in indicators)[0].__class__.__init__.__globals__ != null",
    'indicator["__class__"] != null',
])
def test_a_rule_cannot_read_dunder_attributes_of_untyped_values(tmp_path: Path, condition: str) -> None:
    with pytest.raises(RuleFileError):
        _load(tmp_path, condition)


@pytest.mark.parametrize("pattern", ["(a+)+$", "(a*)*b", "(\\\\w+\\\\s?)+$", "(?:x+x+)+y", "(.*a){12}"])
def test_catastrophic_regex_is_refused_at_load(tmp_path: Path, pattern: str) -> None:
    with pytest.raises(RuleFileError) as error:
        _load(tmp_path, f'text(indicator.name) matches "{pattern}"')
    assert "exponential" in error.value.message


@pytest.mark.parametrize("pattern", ["(a+)+$", "(?:x+x+)+y"])
def test_catastrophic_regex_in_find_is_refused_at_load(tmp_path: Path, pattern: str) -> None:
    with pytest.raises(RuleFileError):
        _load(tmp_path, f'len(find(indicator.name, "{pattern}")) > 0')


# Catastrophic shapes hidden by nesting or alternation are judged on the parsed pattern.


@pytest.mark.parametrize("pattern", ["((a+))+$", "(a|a)+$", "(a|aa)+$"])
def test_catastrophic_regex_of_other_shapes_is_refused_at_load(tmp_path: Path, pattern: str) -> None:
    with pytest.raises(RuleFileError):
        _load(tmp_path, f'text(indicator.name) matches "{pattern}"')


# ------------------------------------------------------- --fix beside Unicode line breaks (issue 20)
# A form with fixes of every kind near its values: E001 (a piece of a value), E005 (a whole value,
# raw), F007 (quoting), S001 (a key, unsafe), SC005 (a number, unsafe), in block and flow style.
FIXABLE = """\
# 华新街街道 2023 年度项目支出绩效自评表
kind: self-evaluation
year: 2023
organization: 重庆市江北区人民政府华新街街道办事处   # 单位名称照抄原表
project: '城市管理\u3000专项'
project_code: 0123
self_score: 98.8
indicators:
  - name: 产出-数量-违建拆除面积
    unit: 平方米
    target: $\\geqslant$ 2400
    actual: 2500
    weight: "54. 36"
    scroe: 50
  - {name: 满意度-服务对象满意度指标-群众满意率, unit: "%", target: "≥ 95", actual: 96, weight: 45.64, score: 45.64}
"""
LINE_BREAKS_OF_LIBYAML = ["\u2028", "\u2029", "\x85", "\u2028\u2028", "\r"]


def _written_places(text: str) -> dict[str, list[tuple[int, int]]]:
    """Where each value and key is written, by libyaml's own offsets in PyYAML's composed nodes: a
    reading independent of the linter's spans."""
    import yaml

    places: dict[str, list[tuple[int, int]]] = {}
    for node in yaml.compose_all(text, Loader=yaml.CSafeLoader):
        stack = [("", node)]
        while stack:
            pointer, node = stack.pop()
            places.setdefault(pointer, []).append((node.start_mark.index, node.end_mark.index))
            if isinstance(node, yaml.MappingNode):
                for key, value in node.value:
                    child = f"{pointer}/{str(key.value).replace('~', '~0').replace('/', '~1')}"
                    places.setdefault(child, []).append((key.start_mark.index, key.end_mark.index))
                    stack.append((child, value))
            elif isinstance(node, yaml.SequenceNode):
                stack.extend((f"{pointer}/{i}", item) for i, item in enumerate(node.value))
    return places


@FUZZ
@given(st.data())
def test_fix_beside_unicode_line_breaks_changes_only_what_it_fixes(data) -> None:
    # The reported case: a U+2028 in a value put every later position a line late, and --fix rewrote
    # unrelated lines. Whatever value such a character lands in, each fix --fix would apply lies inside
    # the value or key it is for, as libyaml places it (or removes only such characters), so every
    # byte outside the fixed places is unchanged; any other fix is refused.
    from jixiao_lint.commands.fixing import apply_text_fixes, fix_applies, fix_text
    from jixiao_lint.model.form import ODD_BREAKS
    from jixiao_lint.check.engine import Engine
    from jixiao_lint.lint import selector
    from helpers import builtin_rules

    text = data.draw(st.sampled_from([FIXABLE, *FORMS]))
    form, _ = read_documents("form.yaml", text)
    leaves = sorted({(s.start, s.end) for d in form.documents for s in d.value_spans.values()})
    start, end = data.draw(st.sampled_from(leaves))
    at = data.draw(st.integers(start, end))
    text = text[:at] + data.draw(st.sampled_from(LINE_BREAKS_OF_LIBYAML)) + text[at:]

    engine = Engine(builtin_rules(), None, selector([], []))
    first, last, fixed, refused = fix_text("form.yaml", None, text.encode("utf-8"), engine, unsafe=True)
    assert not any(f.rule == "F010" for f in first.findings), first.findings
    applied = [f for f in first.findings if f.fix and fix_applies(text, f.fix)]
    try:
        places = _written_places(text)
    except Exception:  # not YAML (a U+2028 in a plain value): only such a character may be removed
        places = {}
    for finding in applied:
        fix = finding.fix
        if finding.rule == "F002":
            assert fix.replacement == "" and set(text[fix.start_offset:fix.end_offset]) <= set(ODD_BREAKS)
            continue
        if finding.rule.startswith("J"):
            continue  # a suppression comment: no node
        assert any(s <= fix.start_offset <= fix.end_offset <= e for s, e in places.get(finding.path, [])), (
            finding.rule, finding.path, fix, places.get(finding.path))
    # one pass changes nothing but those places
    new, count = apply_text_fixes(text, first.findings, True)
    assert count <= len(applied)
    if not applied:
        assert new == text

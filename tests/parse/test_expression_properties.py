"""Properties of the expression grammar over generated cells: it raises nothing but ExpressionError,
every span lies inside the text, the canonical text reads back as the same value, a fix applied once
leaves nothing to fix, and the fast path agrees with lark on everything."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from helpers import note_worded
from jixiao_lint.parse import expression
from jixiao_lint.parse.expression import ExpressionError, apply_fixes, parse_actual, parse_number, parse_target
from jixiao_lint.parse.names import load_taxonomy, parse_indicator_name

BOUNDED = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
PARSERS = {"target": parse_target, "actual": parse_actual, "number": parse_number}
KINDS = expression.GARBLED | expression.EMPTY | expression.UNREADABLE
MEANING = ("operator", "value", "low", "high", "wording", "unit")

# --- what clerks type ------------------------------------------------------------------------------

OPERATORS = [
    "", "≥", ">=", "＞＝", "≧", "⩾", "$\\geqslant$", "$\\geq$", "$ \\ge $", "不少于", "不低于", "大于等于", "达到",
    "≤", "<=", "＜＝", "≦", "$\\leqslant$", "不超过", "不高于", "小于等于", "=", "==", "＝", "﹦", "等于",
    ">", "<", "＞", "＜", "大于", "小于", "$\\forall$", "<b></b>", "═", "→",
]  # fmt: skip
UNITS = ["", "%", "％", "次", "个", "平方米", "万元", "人次", "天", "m2", "次/年", "㎡"]
SUFFIXES = ["", "以上", "以下", "以内", "及以上"]
SPACES = st.sampled_from(["", " ", "  ", "\u3000", "\n"])
WORDINGS = ["良好", "优", "有所提升", "有所增加", "达标", "优良中低差", "好/较好/一般/较差", "优、良、中、差", "较上年提高5%"]
FULLWIDTH_DIGITS = str.maketrans("0123456789.,", "０１２３４５６７８９．，")


@st.composite
def numbers(draw) -> str:
    """A number as typed: plain, with thousands separators, with OCR spaces, in full-width digits."""
    integer = draw(st.integers(min_value=0, max_value=10**9))
    fraction = draw(st.sampled_from(["", "", "5", "36", "80", "86"]))
    style = draw(st.sampled_from(["plain", "plain", "thousands", "ocr", "fullwidth"]))
    if style == "thousands" or (style == "ocr" and integer >= 1000):
        text = f"{integer:,}".replace(",", ", " if style == "ocr" else ",")
    else:
        text = str(integer)
    if fraction:
        text += (". " if style == "ocr" else ".") + fraction
    if style == "fullwidth":
        text = text.translate(FULLWIDTH_DIGITS)
    return ("-" if draw(st.booleans()) and draw(st.booleans()) else "") + text


@st.composite
def written_targets(draw) -> str:
    shape = draw(st.sampled_from(["compared", "compared", "compared", "range", "bracket", "qualitative", "wording"]))
    before, after = draw(SPACES), draw(SPACES)
    if shape == "compared":
        body = (draw(st.sampled_from(OPERATORS)) + draw(SPACES) + draw(numbers()) + draw(st.sampled_from(UNITS))
                + draw(st.sampled_from(SUFFIXES)))  # fmt: skip
    elif shape == "range":
        separator = draw(st.sampled_from(["-", "～", "~", "—", "至", "到", " - "]))
        unit = draw(st.sampled_from(UNITS))
        low_unit = unit if draw(st.booleans()) else ""
        body = draw(numbers()) + low_unit + separator + draw(numbers()) + unit
    elif shape == "bracket":
        low, high = draw(st.integers(0, 1000)), draw(st.integers(0, 1000))
        body = f"[{low},{draw(SPACES)}{high}]{draw(st.sampled_from(UNITS))}"
    elif shape == "qualitative":
        wording = draw(st.sampled_from(WORDINGS))
        body = draw(st.sampled_from([f"定性 {wording}", f"定性：{wording}", f"定性（{wording}）", f"定性\n{wording}"]))
    else:
        body = draw(st.sampled_from(WORDINGS[:-1]))
    return before + body + after


# Characters the grammar cares about, so that random text reaches its corners.
NASTY = st.text(
    alphabet=st.sampled_from(list("0123456789０９.,，． -—~～至到%％≥≤=<>＞＜＝≧$\\[]()（）［］：:定性良好优差以上下内次个不少于低超过达到b/ \n═→∀?")),
    max_size=14,
)
ANY_TEXT = st.one_of(st.text(max_size=20), NASTY, written_targets())


def _meaning(parsed) -> tuple:
    return tuple(getattr(parsed, field) for field in MEANING)


def _read_or_error(role: str, text: str, fast: bool):
    try:
        return expression._read(text, role, fast=fast)
    except ExpressionError as error:
        return (error.kind, error.start, error.end, error.suggestion, error.suggestion_basis, error.data)


def _inside(text: str, span) -> bool:
    return span is None or 0 <= span[0] <= span[1] <= len(text)


# --- properties ------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", PARSERS)
@BOUNDED
@given(text=ANY_TEXT)
def test_only_its_own_error_and_spans_inside_the_text(role, text):
    try:
        parsed = PARSERS[role](text)
    except ExpressionError as error:
        assert error.kind in KINDS
        assert _inside(text, (error.start, error.end))
        assert error.suggestion_basis in ({None} if error.suggestion is None else {"shape", "usage"})
        assert note_worded(error.kind, error.data)
        return
    assert parsed.text == text
    for span in (parsed.operator_span, parsed.value_span, parsed.unit_span):
        assert _inside(text, span)
    for note in parsed.notes:
        assert _inside(text, (note.start, note.end))


@BOUNDED
@given(text=st.one_of(written_targets(), NASTY))
def test_canonical_text_reads_back_as_the_same_value(text):
    try:
        parsed = parse_target(text)
    except ExpressionError:
        return
    again = parse_target(parsed.canonical)
    assert _meaning(again) == _meaning(parsed)
    assert again.canonical == parsed.canonical
    # what only the writer can settle: the operator (E003) or the grade (E007)
    assert {note.kind for note in again.notes} <= {"missing-operator", "missing-qualitative-mark", "qualitative-scale"}


@BOUNDED
@given(text=st.one_of(written_targets(), NASTY))
def test_a_fix_leaves_nothing_to_fix(text):
    try:
        parsed = parse_target(text)
    except ExpressionError:
        return
    fixed_text = apply_fixes(text, parsed.notes)
    fixed = parse_target(fixed_text)  # a fix never breaks a readable cell
    assert apply_fixes(fixed_text, fixed.notes) == fixed_text
    assert all(note.replacement is None for note in fixed.notes)
    assert (fixed.value, fixed.low, fixed.high, fixed.unit, fixed.wording) == (
        parsed.value, parsed.low, parsed.high, parsed.unit, parsed.wording
    )
    if not (parsed.operator is None and parsed.wording is not None):  # 良好 → 定性 良好 adds the operator
        assert fixed.operator == parsed.operator


@pytest.mark.parametrize("role", ["target", "actual"])
@BOUNDED
@given(text=ANY_TEXT)
@example(text="?0,0")  # a garbled operator and a bad number: the operator is the error reported (E002)
def test_the_fast_path_agrees_with_lark(role, text):
    assert _read_or_error(role, text, fast=True) == _read_or_error(role, text, fast=False)


@BOUNDED
@given(written=numbers(), unit=st.sampled_from(["", "%", "％"]), spaces=SPACES)
def test_a_number_reads_as_its_plain_digits(written, unit, spaces):
    plain = written.translate(expression._FULLWIDTH).replace(" ", "").replace(",", "")
    parsed = parse_number(spaces + written + unit + spaces)
    assert parsed.value == float(plain)
    assert parsed.digits == plain
    assert parsed.operator is None
    badly_typed = " " in written or written != written.translate(expression._FULLWIDTH)
    expected = ["badly-typed-number"] * badly_typed + {"": [], "%": ["percent-in-number"], "％": ["percent-in-number"]}[unit]
    assert [note.kind for note in parsed.notes] == expected


def test_the_translation_keeps_every_position():
    for source, target in expression._FULLWIDTH.items():
        assert len(chr(source)) == 1 and len(chr(target) if isinstance(target, int) else target) == 1


@st.composite
def name_paths(draw):
    taxonomy = load_taxonomy()
    level1 = draw(st.sampled_from(taxonomy.indicators))
    level2 = draw(st.sampled_from(level1.children))
    separator = draw(st.sampled_from(taxonomy.separators))
    name = draw(st.text(alphabet=st.sampled_from(list("购买电脑数量群众满意率7月D级")), min_size=1, max_size=8))
    written = (draw(st.sampled_from(level1.forms)), draw(st.sampled_from(level2.forms)), name)
    return written, separator.join(written), level1.name, level2.name


@BOUNDED
@given(case=name_paths())
def test_a_written_path_reads_as_its_categories(case):
    written, text, level1, level2 = case
    path = parse_indicator_name(text)
    assert (path.level1, path.level2, path.name) == (level1, level2, written[2])
    assert (path.written_level1, path.written_level2) == written[:2]
    assert path.notes == ()

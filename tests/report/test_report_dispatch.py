import pytest

from jixiao_lint.report import FORMATS, ReportContext, render


def test_formats_named_in_the_cli_contract():
    assert tuple(FORMATS) == ("text", "json", "sarif", "github", "junit", "html")


def test_unknown_format_is_a_value_error_naming_the_choices():
    with pytest.raises(ValueError, match="unknown output format 'xml'; expected one of text, json, sarif, github, junit, html"):
        render("xml", [], ReportContext())


def test_context_defaults_are_not_shared_between_contexts():
    first, second = ReportContext(), ReportContext()
    assert first.sources == {} and first.rules == {}
    assert first.sources is not second.sources and first.rules is not second.rules
    assert (first.lang, first.color, first.files_checked, first.fixed, first.tool_version) == ("zh", False, 0, 0, "")


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_renders_the_same_order_whatever_order_it_is_given(finding, fmt, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # the HTML page's date, fixed across both renders
    a = finding(file="a.yaml", line=1, zh="甲")
    b = finding(file="a.yaml", line=2, zh="乙")
    c = finding(file="b.yaml", line=1, zh="丙")
    out = render(fmt, [c, a, b], ReportContext())
    assert out == render(fmt, [a, b, c], ReportContext())
    assert out.index("甲") < out.index("乙") < out.index("丙")

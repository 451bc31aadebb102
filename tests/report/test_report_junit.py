import xml.etree.ElementTree as ET

from jixiao_lint.report import ReportContext, render


def junit(findings, **ctx) -> ET.Element:
    out = render("junit", findings, ReportContext(**ctx))
    assert out.startswith('<?xml version="1.0" encoding="UTF-8"?>\n')
    return ET.fromstring(out.encode("utf-8"))


def test_one_testcase_per_checked_file_failures_for_errors_and_warnings(finding):
    root = junit(
        [
            finding(file="forms/a.yaml", line=3),
            finding(file="forms/a.yaml", line=4, rule="UN002", severity="warning", zh="缺少单位"),
            finding(file="forms/c.yaml", line=1, column=1, rule="NT001", severity="info", zh="只是提示"),
        ],
        sources={"forms/b.yaml": "", "forms/a.yaml": "", "forms/c.yaml": ""},
    )
    assert root.tag == "testsuites"
    assert (root.get("tests"), root.get("failures"), root.get("errors")) == ("3", "1", "0")
    [suite] = root.findall("testsuite")
    assert suite.get("name") == "jixiao-lint"
    assert (suite.get("tests"), suite.get("failures"), suite.get("errors")) == ("3", "1", "0")
    cases = suite.findall("testcase")
    assert [(c.get("classname"), c.get("name")) for c in cases] == [
        ("forms/a.yaml", "forms/a.yaml"), ("forms/b.yaml", "forms/b.yaml"), ("forms/c.yaml", "forms/c.yaml"),
    ]
    failures = cases[0].findall("failure")
    assert [(f.get("type"), f.get("message"), f.text) for f in failures] == [
        ("OP001", "违建拆除面积是正向指标，运算符应为 ≥", "forms/a.yaml:3:13: OP001 违建拆除面积是正向指标，运算符应为 ≥"),
        ("UN002", "缺少单位", "forms/a.yaml:4:13: UN002 缺少单位"),
    ]
    assert list(cases[1]) == []
    assert cases[2].find("failure") is None
    assert cases[2].find("system-out").text == "forms/c.yaml:1:1: NT001 只是提示"


def test_a_file_with_findings_counts_even_without_its_source(finding):
    root = junit([finding(file="forms/unreadable.yaml", rule="F001")], sources={"forms/a.yaml": ""})
    assert (root.get("tests"), root.get("failures")) == ("2", "1")
    assert [c.get("name") for c in root.iter("testcase")] == ["forms/a.yaml", "forms/unreadable.yaml"]


def test_characters_xml_cannot_carry_are_shown_as_escapes_and_markup_is_escaped(finding):
    # Escaped, not dropped: the reader of the report sees what was there (\xff: a byte that was not UTF-8).
    root = junit([finding(zh='含\x1b[31m控制\x00字符 <b>&"\'\ufffe 与 [red]x[/red]\udcff', en="x")])
    failure = root.find("testsuite/testcase/failure")
    assert failure.get("message") == '含\\x1b[31m控制\\x00字符 <b>&"\'\\ufffe 与 [red]x[/red]\\xff'
    assert failure.text == 'forms/a.yaml:3:13: OP001 含\\x1b[31m控制\\x00字符 <b>&"\'\\ufffe 与 [red]x[/red]\\xff'


def test_a_file_name_of_any_bytes_is_a_test_case_name_xml_can_carry(finding):
    root = junit([finding(file="forms/\x1b[31m红\n\udcff.yaml")])
    [case] = root.iter("testcase")
    assert case.get("name") == case.get("classname") == "forms/\\x1b[31m红\\n\\xff.yaml"
    assert case.find("failure").text.startswith("forms/\\x1b[31m红\\n\\xff.yaml:3:13: OP001 ")


def test_message_with_a_line_break_keeps_it_in_the_attribute(finding):
    root = junit([finding(zh="第一行\n第二行")])
    assert root.find("testsuite/testcase/failure").get("message") == "第一行\n第二行"


def test_nothing_checked_is_an_empty_passing_suite():
    root = junit([])
    assert (root.get("tests"), root.get("failures"), root.get("errors")) == ("0", "0", "0")
    assert root.find("testsuite").findall("testcase") == []

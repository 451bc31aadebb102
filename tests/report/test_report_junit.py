import xml.etree.ElementTree as ET

from jixiao_lint.report import ReportContext, render


def junit(findings, **ctx) -> ET.Element:
    out = render("junit", findings, ReportContext(**ctx))
    assert out.startswith('<?xml version="1.0" encoding="UTF-8"?>\n')
    return ET.fromstring(out.encode("utf-8"))


def test_one_testcase_per_finding_and_one_per_clean_file(finding):
    root = junit(
        [
            finding(file="forms/a.yaml", line=3),
            finding(file="forms/a.yaml", line=4, rule="UN002", name="unit-missing", severity="warning", zh="缺少单位"),
            finding(file="forms/c.yaml", line=1, column=1, rule="NT001", name="a-note", severity="info", zh="只是提示"),
        ],
        sources={"forms/b.yaml": "", "forms/a.yaml": "", "forms/c.yaml": ""},
    )
    assert root.tag == "testsuites"
    assert (root.get("tests"), root.get("failures"), root.get("errors")) == ("4", "1", "0")
    [suite] = root.findall("testsuite")
    assert suite.get("name") == "jixiao-lint"
    assert (suite.get("tests"), suite.get("failures"), suite.get("errors")) == ("4", "1", "0")
    cases = suite.findall("testcase")
    assert [(c.get("classname"), c.get("name"), c.get("file"), c.get("line")) for c in cases] == [
        ("forms/a.yaml", "OP001 operator-direction 第 3 行", "forms/a.yaml", "3"),
        ("forms/a.yaml", "UN002 unit-missing 第 4 行", "forms/a.yaml", "4"),
        ("forms/b.yaml", "未发现问题", "forms/b.yaml", None),
        ("forms/c.yaml", "NT001 a-note 第 1 行", "forms/c.yaml", "1"),
    ]
    [failure] = cases[0].findall("failure")
    assert (failure.get("type"), failure.get("message"), failure.text) == (
        "OP001", "违建拆除面积是正向指标，运算符应为 ≥", "forms/a.yaml:3:13: OP001 [error] 违建拆除面积是正向指标，运算符应为 ≥")
    # A warning does not fail the run by default, so its case passes; its message is kept.
    assert cases[1].find("failure") is None
    assert cases[1].find("system-out").text == "forms/a.yaml:4:13: UN002 [warning] 缺少单位"
    assert list(cases[2]) == []
    assert cases[3].find("failure") is None and cases[3].find("system-out").text == "forms/c.yaml:1:1: NT001 [info] 只是提示"


def test_warnings_fail_when_they_fail_the_run(finding):
    findings = [finding(line=3), finding(line=4, rule="UN002", name="unit-missing", severity="warning"),
                finding(line=5, rule="NT001", name="a-note", severity="info")]
    failing = lambda root: [c.get("name") for c in root.iter("testcase") if c.find("failure") is not None]  # noqa: E731
    assert failing(junit(findings, fail_on="warning", lang="en")) == [
        "OP001 operator-direction line 3", "UN002 unit-missing line 4"]
    assert len(failing(junit(findings, fail_on="info"))) == 3
    assert junit(findings, fail_on="warning").get("failures") == "2"


def test_a_file_with_findings_counts_even_without_its_source(finding):
    root = junit([finding(file="forms/unreadable.yaml", rule="F001")], sources={"forms/a.yaml": ""})
    assert (root.get("tests"), root.get("failures")) == ("2", "1")
    assert [c.get("classname") for c in root.iter("testcase")] == ["forms/a.yaml", "forms/unreadable.yaml"]


def test_characters_xml_cannot_carry_are_shown_as_escapes_and_markup_is_escaped(finding):
    # Escaped, not dropped: the reader of the report sees what was there (\xff: a byte that was not UTF-8).
    root = junit([finding(zh='含\x1b[31m控制\x00字符 <b>&"\'\ufffe 与 [red]x[/red]\udcff', en="x")])
    failure = root.find("testsuite/testcase/failure")
    assert failure.get("message") == '含\\x1b[31m控制\\x00字符 <b>&"\'\\ufffe 与 [red]x[/red]\\xff'
    assert failure.text == 'forms/a.yaml:3:13: OP001 [error] 含\\x1b[31m控制\\x00字符 <b>&"\'\\ufffe 与 [red]x[/red]\\xff'


def test_a_file_name_of_any_bytes_is_a_test_case_name_xml_can_carry(finding):
    root = junit([finding(file="forms/\x1b[31m红\n\udcff.yaml")])
    [case] = root.iter("testcase")
    assert case.get("classname") == case.get("file") == "forms/\\x1b[31m红\\n\\xff.yaml"
    assert case.find("failure").text.startswith("forms/\\x1b[31m红\\n\\xff.yaml:3:13: OP001 ")


def test_message_with_a_line_break_keeps_it_in_the_attribute(finding):
    root = junit([finding(zh="第一行\n第二行")])
    assert root.find("testsuite/testcase/failure").get("message") == "第一行\n第二行"


def test_nothing_checked_is_an_empty_passing_suite():
    root = junit([])
    assert (root.get("tests"), root.get("failures"), root.get("errors")) == ("0", "0", "0")
    assert root.find("testsuite").findall("testcase") == []

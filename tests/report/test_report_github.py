from jixiao_lint.report import ReportContext, render


def github(findings, **ctx) -> str:
    return render("github", findings, ReportContext(**ctx))


def test_one_command_per_finding_with_level_by_severity(finding):
    out = github([
        finding(),
        finding(line=4, severity="warning", rule="NM002", name="indicator-name", zh="名称不全"),
        finding(line=5, severity="info", rule="UN003", name="unit", zh="单位"),
    ])
    assert out == (
        "::error file=forms/a.yaml,line=3,col=13,endLine=3,endColumn=19,title=OP001 operator-direction"
        "::违建拆除面积是正向指标，运算符应为 ≥\n"
        "::warning file=forms/a.yaml,line=4,col=13,endLine=4,endColumn=19,title=NM002 indicator-name::名称不全\n"
        "::notice file=forms/a.yaml,line=5,col=13,endLine=5,endColumn=19,title=UN003 unit::单位\n"
    )


def test_message_escapes_percent_and_line_breaks(finding):
    out = github([finding(zh="满意度 ≥ 95%\r\n第二行 a,b:c")])
    assert out.endswith("::满意度 ≥ 95%25%0D%0A第二行 a,b:c\n")


def test_properties_also_escape_colon_and_comma(finding):
    out = github([finding(file="forms/a,b:c 95%.yaml", name="x,y:z")])
    assert out == (
        "::error file=forms/a%2Cb%3Ac 95%25.yaml,line=3,col=13,endLine=3,endColumn=19,title=OP001 x%2Cy%3Az"
        "::违建拆除面积是正向指标，运算符应为 ≥\n"
    )


def test_a_span_over_several_lines_has_no_columns(finding):
    # GitHub rejects col/endColumn unless the annotation starts and ends on one line.
    out = github([finding(line=2, end_line=3)], lang="en")
    assert out.startswith("::error file=forms/a.yaml,line=2,endLine=3,title=OP001 operator-direction::违建拆除面积 is")


def test_no_findings_no_output():
    assert github([]) == ""

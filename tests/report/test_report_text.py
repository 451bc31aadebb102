from jixiao_lint.model.finding import Fix
from jixiao_lint.report import ReportContext, render

ESC = "\x1b"


def text(findings, **ctx) -> str:
    return render("text", findings, ReportContext(**ctx))


def test_plain_output_with_chinese_text_lines_carets_up(finding, form):
    findings = [
        finding(fix=Fix("≥ 2400", "unsafe", 41, 47)),
        finding(line=4, column=11, end_column=16, rule="NM002", name="indicator-name", severity="warning",
                zh="指标名称“群众满意度”应写全", path="/indicators/1/name",
                fix=Fix("群众满意度（%）", "safe", 57, 62)),
    ]
    assert text(findings, sources={"forms/a.yaml": form}) == (
        "forms/a.yaml:3:13: OP001 违建拆除面积是正向指标，运算符应为 ≥\n"
        "  |\n"
        "2 |   - name: 违建拆除面积\n"
        "3 |     target: ≤ 2400\n"
        "  |             ^^^^^^ OP001\n"
        "  |\n"
        "  = 修复: ≥ 2400 (不安全)\n"
        "\n"
        "forms/a.yaml:4:11: NM002 [*] 指标名称“群众满意度”应写全\n"
        "  |\n"
        "3 |     target: ≤ 2400\n"
        "4 |   - name: 群众满意度\n"
        "  |           ^^^^^^^^^^ NM002\n"
        "  |\n"
        "  = 修复: 群众满意度（%）\n"
        "\n"
        "发现 1 个错误、1 个警告（1 个可自动修复）\n"
    )


def test_caret_after_chinese_text_counts_two_cells_a_character(finding):
    # `%` is the 9th code point but sits in cell 15: 目标值： is four wide characters.
    source = "目标值：≥ 95%\n"
    out = text([finding(file="f.yaml", line=1, column=9, end_column=10)], sources={"f.yaml": source})
    assert out.splitlines()[2:4] == [
        "1 | 目标值：≥ 95%",
        "  |             ^ OP001",
    ]


def test_gutter_widens_with_the_line_number(finding):
    source = "\n" * 98 + "  - name: 满意度\n  target: ≤ 90\n"
    out = text([finding(file="f.yaml", line=100, column=11, end_column=15)], sources={"f.yaml": source})
    assert out.splitlines()[:6] == [
        "f.yaml:100:11: OP001 违建拆除面积是正向指标，运算符应为 ≥",
        "    |",
        " 99 |   - name: 满意度",
        "100 |   target: ≤ 90",
        "    |           ^^^^ OP001",
        "    |",
    ]


def test_first_line_has_no_context_line_before_it(finding):
    out = text([finding(file="f.yaml", line=1, column=1, end_column=3)], sources={"f.yaml": "名称: x\n"})
    assert out.splitlines()[1:5] == ["  |", "1 | 名称: x", "  | ^^^^ OP001", "  |"]


def test_a_finding_that_runs_on_is_underlined_to_the_end_of_its_first_line(finding, form):
    out = text([finding(line=2, column=5, end_line=3, end_column=19)], sources={"forms/a.yaml": form})
    assert out.splitlines()[3:5] == [
        "2 |   - name: 违建拆除面积",
        "  |     ^^^^^^^^^^^^^^^^^^ OP001",
    ]


def test_an_empty_span_or_one_past_the_line_still_gets_one_caret(finding):
    sources = {"f.yaml": "a: 1\nb:\n"}
    empty = text([finding(file="f.yaml", line=1, column=4, end_column=4)], sources=sources)
    past = text([finding(file="f.yaml", line=2, column=3, end_column=4)], sources=sources)
    assert empty.splitlines()[3] == "  |    ^ OP001"
    assert past.splitlines()[4] == "  |   ^ OP001"


def test_tabs_are_expanded_the_same_on_the_line_and_under_it(finding):
    out = text([finding(file="f.yaml", line=1, column=5, end_column=7)], sources={"f.yaml": "a:\t\t12\n"})
    assert out.splitlines()[2:4] == ["1 | a:      12", "  |         ^^ OP001"]


def test_crlf_source_lines_show_without_carriage_return(finding):
    out = text([finding(file="f.yaml", line=2, column=1, end_column=2)], sources={"f.yaml": "a: 1\r\nb: 2\r\n"})
    assert "\r" not in out
    assert out.splitlines()[2:5] == ["1 | a: 1", "2 | b: 2", "  | ^ OP001"]


def test_without_the_source_there_is_no_snippet_but_the_fix_is_shown(finding):
    out = text([finding(fix=Fix("≥ 2400", "safe", 41, 47))], sources={})
    assert out == (
        "forms/a.yaml:3:13: OP001 [*] 违建拆除面积是正向指标，运算符应为 ≥\n"
        "  = 修复: ≥ 2400\n"
        "\n"
        "发现 1 个错误（1 个可自动修复）\n"
    )


def test_a_line_number_beyond_the_source_gives_no_snippet(finding):
    out = text([finding(line=7)], sources={"forms/a.yaml": "a: 1\n"})
    assert out == "forms/a.yaml:7:13: OP001 违建拆除面积是正向指标，运算符应为 ≥\n\n发现 1 个错误\n"


def test_a_fix_that_deletes_says_so(finding):
    out = text([finding(fix=Fix("", "safe", 41, 47))], lang="en")
    assert out.splitlines()[1] == "  = fix: delete"


def test_english_messages_and_words(finding, form):
    out = text([finding(fix=Fix("≥ 2400", "unsafe", 41, 47))], lang="en", sources={"forms/a.yaml": form})
    assert out == (
        "forms/a.yaml:3:13: OP001 违建拆除面积 is a positive indicator: the operator should be ≥\n"
        "  |\n"
        "2 |   - name: 违建拆除面积\n"
        "3 |     target: ≤ 2400\n"
        "  |             ^^^^^^ OP001\n"
        "  |\n"
        "  = fix: ≥ 2400 (unsafe)\n"
        "\n"
        "Found 1 error.\n"
    )


def test_no_findings_is_just_the_summary():
    assert text([]) == "未发现问题\n"
    assert text([], lang="en") == "All checks passed!\n"


def test_plain_output_has_no_escape_codes_even_when_the_environment_forces_color(finding, form, monkeypatch):
    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.setenv("TTY_COMPATIBLE", "1")
    out = text([finding(), finding(severity="warning"), finding(severity="info")], sources={"forms/a.yaml": form})
    assert ESC not in out


def test_color_output_styles_path_code_and_caret_by_severity(finding, form, monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")  # the CLI has already decided; the environment must not overrule it
    findings = [
        finding(),
        finding(line=4, column=11, end_column=16, rule="NM002", severity="warning"),
        finding(line=5, column=13, end_column=17, rule="UN003", severity="info"),
    ]
    out = text(findings, color=True, sources={"forms/a.yaml": form})
    bold, red, yellow, blue, reset = f"{ESC}[1m", f"{ESC}[31m", f"{ESC}[33m", f"{ESC}[34m", f"{ESC}[0m"
    lines = out.splitlines()
    assert lines[0] == f"{bold}forms/a.yaml{reset}:3:13: {ESC}[1;31mOP001{reset} 违建拆除面积是正向指标，运算符应为 ≥"
    assert lines[4] == f"  |             {red}^^^^^^ OP001{reset}"
    assert lines[7].startswith(f"{bold}forms/a.yaml{reset}:4:11: {ESC}[1;33mNM002{reset} ")
    assert lines[11] == f"  |           {yellow}^^^^^^^^^^ NM002{reset}"
    assert lines[14].startswith(f"{bold}forms/a.yaml{reset}:5:13: {ESC}[1;34mUN003{reset} ")
    assert lines[18] == f"  |             {blue}^^^^ UN003{reset}"
    # Source lines and the summary are not styled.
    assert lines[3] == "3 |     target: ≤ 2400"
    assert lines[-1] == "发现 1 个错误、1 个警告、1 个提示"


def test_markup_like_form_text_is_printed_literally(finding):
    source = "name: '[red]x[/red]'\n"
    findings = [finding(file="f.yaml", line=1, column=7, end_column=21, zh="名称 [red]x[/red] 含 [bold]标记[/]")]
    for color in (False, True):
        out = text(findings, color=color, sources={"f.yaml": source})
        assert "名称 [red]x[/red] 含 [bold]标记[/]" in out
        assert "1 | name: '[red]x[/red]'" in out
    plain = text(findings, sources={"f.yaml": source})
    assert plain.splitlines()[0] == "f.yaml:1:7: OP001 名称 [red]x[/red] 含 [bold]标记[/]"


def test_control_characters_in_form_text_are_shown_not_obeyed(finding):
    source = "name: \x1b[31mx\n"
    out = text([finding(file="f.yaml", line=1, column=7, end_column=12, zh="名称含\x1b[2J控制字符\x07")],
               sources={"f.yaml": source})
    assert ESC not in out and "\x07" not in out
    assert out.splitlines()[:4] == [
        "f.yaml:1:7: OP001 名称含␛[2J控制字符␇",
        "  |",
        "1 | name: ␛[31mx",
        "  |       ^^^^^ OP001",
    ]


def test_summary_counts_what_fix_already_did(finding):
    assert text([finding()], fixed=2).splitlines()[-1] == "已修复 2 个，剩余 1 个错误"
    assert text([], fixed=2) == "已修复 2 个，无剩余问题\n"


def test_a_long_line_is_cut_to_a_window_around_the_caret(finding):
    # A whole form on one line (a JSON export): each finding shows 120 code points of it, not 4 MB.
    line = "{" + ", ".join(f'"k{i:05}": {i}' for i in range(20_000)) + "}"
    at = line.index('"k10000"')
    out = text([finding(file="f.json", line=1, column=at + 1, end_column=at + 9)], sources={"f.json": line + "\n"})
    row, carets = out.splitlines()[2:4]
    assert row == "1 | …" + line[at - 40:at + 80] + "…"
    assert carets == "  | " + " " * 41 + "^" * 8 + " OP001"


def test_a_long_line_near_its_start_or_end_is_cut_on_one_side(finding):
    line = "名称: " + "很长的标题" * 100
    start = text([finding(file="f.yaml", line=1, column=1, end_column=3)], sources={"f.yaml": line})
    end = text([finding(file="f.yaml", line=1, column=len(line), end_column=len(line) + 1)], sources={"f.yaml": line})
    assert start.splitlines()[2:4] == ["1 | " + line[:120] + "…", "  | ^^^^ OP001"]
    assert end.splitlines()[2:4] == ["1 | …" + line[-120:], "  | " + " " * (1 + 2 * 119) + "^^ OP001"]


def test_a_finding_running_on_past_a_long_line_is_underlined_to_the_window_end(finding):
    line = "x: [" + "1, " * 1000 + "1]"
    out = text([finding(file="f.yaml", line=1, column=4, end_line=3, end_column=1)], sources={"f.yaml": line + "\n"})
    assert out.splitlines()[3] == "  | " + "   " + "^" * 117 + " OP001"


def test_cr_only_line_endings_show_each_line(finding):
    out = text([finding(file="f.yaml", line=2, column=1, end_column=2)], sources={"f.yaml": "a: 1\rb: 2\r"})
    assert out.splitlines()[2:5] == ["1 | a: 1", "2 | b: 2", "  | ^ OP001"]

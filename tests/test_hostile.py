"""Hostile input (issue 9): whatever a form file holds, the real CLI reports it as a located, actionable
finding in Chinese — file:line:col, the rule, what to do — exits 1, never shows a traceback, stays under
10 s and 200 MB, and still lints the other files of the same run.

Each end-to-end case runs `python -m jixiao_lint --format json HOSTILE companion.yaml` in a subprocess.
companion.yaml is a well-formed form with one known defect (a misspelt key, S001 at 6:1): its finding in
the output proves the run went on past the hostile file. Small hostile files live in
tests/fixtures/hostile/; bytes that are not text, and anything big, are made here in tmp_path.
"""

from __future__ import annotations

import codecs
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from helpers import FIXTURES, lint_text

HOSTILE = FIXTURES / "hostile"
TIME_LIMIT = 10  # seconds of CPU the run may use
WALL_LIMIT = 60  # seconds of wall clock, after which the run is killed: generous, as tests share the machine
MEMORY_LIMIT_MB = 200
COMPANION = ("S001", 6, 1, "/projct")
CJK = re.compile(r"[\u4e00-\u9fff]")


@dataclass
class Run:
    code: int
    stdout: str
    stderr: str
    max_rss_mb: float
    cpu_seconds: float
    killed: bool

    @property
    def findings(self) -> list[dict]:
        return json.loads(self.stdout)

    def of(self, file: str, prefixes: tuple[str, ...] = ("F", "S")) -> list[tuple]:
        """(rule, line, column, path) of the reader's and the schema's findings on one file."""
        return [(f["rule"], f["line"], f["column"], f["path"]) for f in self.findings
                if f["file"] == file and f["rule"].startswith(prefixes)]


# Linux keeps a process's peak memory across fork and exec, so a CLI started straight from pytest (by
# then a few hundred MB) would report pytest's peak. A small launcher starts it instead and reports, from
# wait4, the CLI's own peak memory and CPU time.
LAUNCHER = """
import json, os, subprocess, sys
child = subprocess.Popen(sys.argv[2:])
_, status, usage = os.wait4(child.pid, 0)
child.returncode = os.waitstatus_to_exitcode(status)
with open(sys.argv[1], "w") as report:
    json.dump({"code": child.returncode, "rss_kb": usage.ru_maxrss, "cpu": usage.ru_utime + usage.ru_stime}, report)
"""


def run_cli(*args: str, cwd: Path) -> Run:
    """The real CLI in a child process, with its own peak memory and CPU time (CPU, not wall clock, so
    that a machine busy with other work does not fail the test; the wall clock only kills a hang)."""
    env = {k: v for k, v in os.environ.items() if k not in ("JIXIAO_LINT_DEBUG", "FORCE_COLOR")}
    env["NO_COLOR"] = "1"
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err, tempfile.TemporaryDirectory() as scratch:
        report = Path(scratch, "usage.json")
        process = subprocess.Popen([sys.executable, "-c", LAUNCHER, str(report), sys.executable, "-m", "jixiao_lint", *args],
                                   cwd=cwd, env=env, stdin=subprocess.DEVNULL, stdout=out, stderr=err,
                                   start_new_session=True)
        try:
            process.wait(timeout=WALL_LIMIT)
            killed = False
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
            killed = True
        usage = json.loads(report.read_text()) if report.exists() else {"code": -9, "rss_kb": 0, "cpu": 0.0}
        out.seek(0)
        err.seek(0)
        return Run(usage["code"], out.read().decode("utf-8"), err.read().decode("utf-8"),
                   usage["rss_kb"] / 1024, usage["cpu"], killed)


def lint_with_companion(tmp_path: Path, name: str, *options: str) -> Run:
    shutil.copy(HOSTILE / "companion.yaml", tmp_path / "companion.yaml")
    run = run_cli("--format", "json", *options, name, "companion.yaml", cwd=tmp_path)
    assert_sane(run)
    assert run.of("companion.yaml") == [COMPANION], "the other file of the run was not linted"
    return run


def assert_sane(run: Run) -> None:
    assert not run.killed, f"killed after {WALL_LIMIT} s"
    assert run.cpu_seconds < TIME_LIMIT, f"{run.cpu_seconds:.1f} s of CPU"
    assert "Traceback" not in run.stderr, run.stderr
    assert "内部错误" not in run.stderr and "internal error" not in run.stderr, run.stderr
    assert run.max_rss_mb < MEMORY_LIMIT_MB, f"peak memory {run.max_rss_mb:.0f} MB"


def assert_actionable(run: Run, file: str, rule: str, *words: str) -> None:
    """The finding's message is Chinese and says what to do (each of `words` appears in it)."""
    messages = [f["message"] for f in run.findings if f["file"] == file and f["rule"] == rule]
    assert messages, f"no {rule} on {file}"
    for message in messages:
        assert CJK.search(message), message
        for word in words:
            assert word in message, f"{word!r} not in {message!r}"


# ------------------------------------------------------------------------------- small fixture files
# name: (the exact reader/schema findings, words the message must contain so that it says what to do)
CASES: dict[str, tuple[list[tuple], tuple[str, ...]]] = {
    # YAML syntax: one F002 at the place to fix
    "unclosed_quote.yaml": ([("F002", 3, 15, "")], ("引号", "闭合")),  # at the quote that opened
    "unclosed_bracket.yaml": ([("F002", 4, 10, "")], ("方括号", "请补上")),  # at the [ that opened
    "bad_indentation.yaml": ([("F002", 4, 10, "")], ("缩进",)),
    "tab_indentation.yaml": ([("F002", 6, 1, "")], ("制表符", "空格")),
    # nothing to lint
    "empty.yaml": ([("F005", 1, 1, "")], ("请填写",)),
    "only_comments.yaml": ([("F005", 1, 1, "")], ("注释", "请填写")),
    "empty_middle_document.yaml": ([("F005", 4, 1, "")], ("---", "请删除")),  # at the --- that opened it
    # not a mapping
    "document_is_list.yaml": ([("S005", 1, 1, "")], ("列表", "应为键值映射")),
    "document_is_scalar.yaml": ([("S005", 1, 1, "")], ("单个值", "应为键值映射")),
    # keys
    "duplicate_key.yaml": ([("F003", 5, 1, "/year")], ("第 2 行", "请删除或合并")),  # the second, naming the first
    "unknown_key.yaml": ([("S001", 4, 1, "/self_scor")], ("是不是“self_score”",)),
    "unknown_kind.yaml": ([("S004", 1, 7, "/kind")], ("是不是“self-evaluation”",)),
    # YAML 1.1 surprises: read as text (YAML 1.2), each warned about with a quoting fix
    "yaml11_surprises.yaml": ([("F007", 4, 10, "/project"), ("F007", 5, 13, "/supervisor"),
                               ("F007", 6, 15, "/project_code"), ("F007", 7, 8, "/title"),
                               ("F007", 8, 8, "/grade"), ("F007", 10, 9, "/contact/name")], ("请加引号",)),
    # wrong types: a year in Chinese numerals, a list where a mapping belongs, a weight 十
    "wrong_types.yaml": ([("S003", 2, 7, "/year"), ("S003", 4, 10, "/contact"),
                          ("S003", 9, 13, "/indicators/0/weight")], ("应为",)),
    # U+2028 in a quoted value is a character of its line: the misspelt key after it is where editors show it
    "line_separator_quoted.yaml": ([("S001", 6, 1, "/self_scor")], ("是不是“self_score”",)),
    # in a plain value, a comment or a list item libyaml breaks the line there: named where it is
    "line_separator_plain.yaml": ([("F002", 4, 14, "")], ("第 4 行第 14 列", "U+2028", "行分隔符", "请删除")),
    "next_line_in_comment.yaml": ([("F002", 4, 26, "")], ("第 4 行第 26 列", "U+0085", "Windows-1252", "请删除")),
    "paragraph_separator_item.yaml": ([("F002", 5, 15, "")], ("U+2029", "段落分隔符", "请删除")),
    # old Mac line endings: the positions of the same file with LF
    "cr_only.yaml": ([("F003", 4, 1, "/year"), ("S001", 5, 1, "/projct")], ("第 2 行", "请删除或合并")),
    # a tag is reported at the tag; the ones that change no value are removed by --fix
    "tags.yaml": ([("F011", 2, 7, "/year"), ("F011", 4, 10, "/project"), ("F011", 5, 8, "/title"),
                   ("F011", 6, 15, "/project_code"), ("F011", 8, 9, "/contact/name")], ("YAML 标签", "删除")),
    # 5,000 and 4,401 digits: past anything a form means (and Python's int-to-str limit)
    "huge_numbers.yaml": ([("S004", 2, 7, "/year"), ("S004", 8, 13, "/indicators/0/weight")],
                          ("位数字）", "超出了表格能表示的范围", "请检查")),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_hostile_fixture(tmp_path: Path, name: str) -> None:
    shutil.copy(HOSTILE / name, tmp_path / name)
    expected, words = CASES[name]
    run = lint_with_companion(tmp_path, name)
    assert run.code == 1
    assert run.of(name) == expected
    assert_actionable(run, name, expected[0][0], *words)


def test_json_findings_name_the_file_and_document(tmp_path: Path) -> None:
    shutil.copy(HOSTILE / "empty_middle_document.yaml", tmp_path / "forms.yaml")
    run = lint_with_companion(tmp_path, "forms.yaml")
    (finding,) = [f for f in run.findings if f["file"] == "forms.yaml"]
    assert (finding["document"], finding["severity"], finding["name"]) == (1, "error", "empty-document")


def test_text_output_is_file_line_col(tmp_path: Path) -> None:
    shutil.copy(HOSTILE / "duplicate_key.yaml", tmp_path / "duplicate_key.yaml")
    run = run_cli("duplicate_key.yaml", cwd=tmp_path)
    assert_sane(run)
    assert run.code == 1
    assert run.stdout.startswith("duplicate_key.yaml:5:1: F003 键“year”重复，第一次出现在第 2 行"), run.stdout


def test_alias_bomb_is_reported_not_expanded(tmp_path: Path) -> None:
    # Nine levels of nine aliases: expanded, 9**9 (387 million) items. Each alias is reported once, where
    # it is written, and none is followed.
    shutil.copy(HOSTILE / "alias_bomb.yaml", tmp_path / "alias_bomb.yaml")
    run = lint_with_companion(tmp_path, "alias_bomb.yaml")
    assert run.code == 1
    aliases = run.of("alias_bomb.yaml", ("F004",))
    assert len(aliases) == 81
    assert len({(line, column) for _, line, column, _ in aliases}) == 81
    assert aliases[0] == ("F004", 7, 10, "/indicators/0/0")
    assert_actionable(run, "alias_bomb.yaml", "F004", "请把被引用的内容直接写出")


# ------------------------------------------------------------------------- bytes that are not UTF-8
FORM = "kind: self-evaluation\nyear: 2023\norganization: 重庆市江北区民政局\nprojct: 社会救助资金\n"


def write_bytes(tmp_path: Path, name: str, data: bytes) -> str:
    (tmp_path / name).write_bytes(data)
    return name


def test_gbk_file_says_gbk_and_how_to_resave(tmp_path: Path) -> None:
    name = write_bytes(tmp_path, "gbk.yaml", FORM.encode("gbk"))
    run = lint_with_companion(tmp_path, name)
    assert run.code == 1
    assert run.of(name) == [("F001", 3, 15, "")]  # the first byte that is not UTF-8: 重
    assert_actionable(run, name, "F001", "GBK/GB18030", "另存为", "UTF-8")


def test_gb18030_file_says_so(tmp_path: Path) -> None:
    name = write_bytes(tmp_path, "gb18030.yaml", ("# 绩效自评表\n" + FORM).encode("gb18030"))
    run = lint_with_companion(tmp_path, name)
    assert run.of(name) == [("F001", 1, 3, "")]
    assert_actionable(run, name, "F001", "GB18030", "另存为")


def test_binary_file(tmp_path: Path) -> None:
    png = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4
    name = write_bytes(tmp_path, "scan.yaml", png)
    run = lint_with_companion(tmp_path, name)
    assert run.code == 1
    assert [r for r, *_ in run.of(name)] == ["F001"]
    assert_actionable(run, name, "F001", "请")


@pytest.mark.parametrize("data, words", [
    (b"PK\x03\x04\x14\x00\x06\x00" + bytes(64), ("Excel", "jixiao-lint import")),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(64), ("旧版 Excel", "另存为 .xlsx")),
    (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", ("PDF", "YAML")),
], ids=["xlsx", "xls", "pdf"])
def test_a_workbook_or_pdf_saved_as_a_form_says_what_it_is(tmp_path: Path, data: bytes, words: tuple[str, ...]) -> None:
    # A clerk renames 绩效自评表.xlsx to .yaml: say so, and how to convert it.
    name = write_bytes(tmp_path, "绩效自评表.yaml", data)
    run = lint_with_companion(tmp_path, name)
    assert run.of(name) == [("F001", 1, 1, "")]
    assert_actionable(run, name, "F001", *words)


def test_nul_byte(tmp_path: Path) -> None:
    name = write_bytes(tmp_path, "nul.yaml", FORM.replace("社会", "社\0会").encode("utf-8"))
    run = lint_with_companion(tmp_path, name)
    assert run.of(name) == [("F001", 4, 10, "")]
    assert_actionable(run, name, "F001", "NUL", "不是文本文件")


def test_control_character(tmp_path: Path) -> None:
    name = write_bytes(tmp_path, "bell.yaml", FORM.replace("社会", "社\x07会").encode("utf-8"))
    run = lint_with_companion(tmp_path, name)
    assert run.of(name) == [("F002", 4, 10, "")]
    assert_actionable(run, name, "F002", "U+0007", "请删除")


@pytest.mark.parametrize("bom, codec", [(codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
                                        (codecs.BOM_UTF16_BE, "utf-16-be")], ids=["utf-8", "utf-16-le", "utf-16-be"])
def test_byte_order_mark_is_read(tmp_path: Path, bom: bytes, codec: str) -> None:
    # Read correctly: the one defect of the form is found where it is, the BOM shifting nothing.
    name = write_bytes(tmp_path, "bom.yaml", bom + FORM.encode(codec))
    run = lint_with_companion(tmp_path, name)
    assert run.of(name) == [("S001", 4, 1, "/projct")]


def test_crlf_line_endings_keep_columns(tmp_path: Path) -> None:
    name = write_bytes(tmp_path, "crlf.yaml", FORM.replace("\n", "\r\n").replace("year: 2023", "year: 二〇二三").encode())
    run = lint_with_companion(tmp_path, name)
    assert run.of(name) == [("S003", 2, 7, "/year"), ("S001", 4, 1, "/projct")]


# ------------------------------------------------------------------------------------- big and deep
@pytest.mark.parametrize("opening, closing", [("[", "]"), ("{a: ", "}")], ids=["lists", "mappings"])
def test_20000_deep_nesting(tmp_path: Path, opening: str, closing: str) -> None:
    depth = 20_000
    text = "kind: self-evaluation\nyear: 2023\norganization: 重庆市江北区民政局\nindicators: " + opening * depth + "1" * (
        opening == "{a: ") + closing * depth + "\n"
    name = write_bytes(tmp_path, "deep.yaml", text.encode())
    run = lint_with_companion(tmp_path, name)
    assert run.code == 1
    assert [r for r, *_ in run.of(name, ("F",))] == ["F009"]
    assert "RecursionError" not in run.stderr
    assert_actionable(run, name, "F009", "嵌套超过", "请检查")


def test_50_mb_file_is_refused_with_the_setting_to_raise(tmp_path: Path) -> None:
    with open(tmp_path / "huge.yaml", "w", encoding="utf-8") as handle:
        handle.write(FORM + "title: \"")
        handle.write("很长的标题" * (50 * 1024 * 1024 // 15))
        handle.write("\"\n")
    run = lint_with_companion(tmp_path, "huge.yaml")
    assert run.code == 1
    assert run.of("huge.yaml") == [("F006", 1, 1, "")]
    assert_actionable(run, "huge.yaml", "F006", "50.0 MiB", "max_file_size")


def test_max_file_size_is_configurable(tmp_path: Path) -> None:
    (tmp_path / ".jixiao-lint.yaml").write_text("max_file_size: 100\n", encoding="utf-8")
    name = write_bytes(tmp_path, "form.yaml", FORM.encode())  # 102 bytes
    run = run_cli("--format", "json", name, cwd=tmp_path)
    assert_sane(run)
    assert run.of(name) == [("F006", 1, 1, "")]
    assert_actionable(run, name, "F006", "102 B", "100 B", "max_file_size")
    (tmp_path / ".jixiao-lint.yaml").write_text("max_file_size: 1000\n", encoding="utf-8")
    run = run_cli("--format", "json", name, cwd=tmp_path)
    assert run.of(name) == [("S001", 4, 1, "/projct")]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_a_form_from_a_named_pipe_is_read_to_its_end(tmp_path: Path) -> None:
    # stat gives a pipe no size: it is read on, up to the limit, like a file that grew since.
    import threading

    os.mkfifo(tmp_path / "piped.yaml")
    text = FORM.replace("projct", "project") + "title: " + "很长的标题" * 2000 + "\n"
    writer = threading.Thread(target=(tmp_path / "piped.yaml").write_text, args=(text,), kwargs={"encoding": "utf-8"})
    writer.start()
    try:
        run = run_cli("--format", "json", "piped.yaml", cwd=tmp_path)
    finally:
        writer.join(timeout=30)
    assert_sane(run)
    assert run.code == 0 and run.findings == []
    (tmp_path / "piped.yaml").unlink()
    os.mkfifo(tmp_path / "piped.yaml")
    writer = threading.Thread(target=(tmp_path / "piped.yaml").write_text, args=(text + "year: 2024\n",),
                              kwargs={"encoding": "utf-8"})
    writer.start()
    try:
        run = run_cli("--format", "json", "piped.yaml", cwd=tmp_path)
    finally:
        writer.join(timeout=30)
    assert [(rule, line) for rule, line, *_ in run.of("piped.yaml")] == [("F003", FORM.count("\n") + 2)]


def big_form(rows: int) -> str:
    """A consistent target declaration of `rows` indicator rows (one per 社区), weights adding up to 100."""
    lines = ["kind: target-declaration", "year: 2024", "organization: 重庆市江北区民政局", "scope: project",
             "project: 社区养老服务补助", "budget: 200", "indicators:"]
    weight = 100 / rows
    for i in range(rows):
        lines += [f"  - name: 产出-数量-第{i + 1}社区走访老人户数", "    unit: 户", "    target: ≥ 10",
                  f"    weight: {weight:g}", "    core: 否"]
    return "\n".join(lines) + "\n"


def test_20000_row_form_lints(tmp_path: Path) -> None:
    # A form, not an error: read, validated and checked by every rule within the time and memory limits.
    name = write_bytes(tmp_path, "rows.yaml", big_form(20_000).encode())
    run = run_cli("--format", "json", name, cwd=tmp_path)
    assert_sane(run)
    assert run.code in (0, 1)
    assert run.of(name, ("F", "S")) == []


# ------------------------------------------------------------------------------------------- paths
def test_path_that_does_not_exist_exits_2(tmp_path: Path) -> None:
    shutil.copy(HOSTILE / "companion.yaml", tmp_path / "companion.yaml")
    run = run_cli("--format", "json", "no-such-form.yaml", "companion.yaml", cwd=tmp_path)
    assert_sane(run)
    assert run.code == 2
    assert "no-such-form.yaml" in run.stderr
    assert run.stdout == ""


def test_directory_without_forms_says_so(tmp_path: Path) -> None:
    (tmp_path / "forms" / "2023").mkdir(parents=True)
    (tmp_path / "forms" / "2023" / "说明.txt").write_text("表格待上传", encoding="utf-8")
    run = run_cli("--format", "json", "forms", cwd=tmp_path)
    assert_sane(run)
    assert (run.code, run.findings) == (0, [])
    assert "没有找到表格文件" in run.stderr


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0,
                    reason="running as root: root reads a file whatever its permissions")
def test_unreadable_file(tmp_path: Path) -> None:
    name = write_bytes(tmp_path, "locked.yaml", FORM.encode())
    (tmp_path / name).chmod(0)
    try:
        run = lint_with_companion(tmp_path, name)
    finally:
        (tmp_path / name).chmod(0o644)
    assert run.of(name) == [("F008", 1, 1, "")]
    assert_actionable(run, name, "F008", "没有读取权限")


def test_unreadable_file_in_process(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    # The same case as root can see it: the read itself is refused.
    from jixiao_lint.read import files

    path = tmp_path / "locked.yaml"
    path.write_text(FORM, encoding="utf-8")
    real_open = os.open

    def refuse(file, *args, **kwargs):
        if Path(file) == path:
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(files.os, "open", refuse)
    form, problems = files.read_source(files.Source("locked.yaml", path))
    assert [(p.code, p.span.line, p.span.column) for p in problems] == [("F008", 1, 1)]
    assert "没有读取权限" in problems[0].message_zh


def test_symlink_loops(tmp_path: Path) -> None:
    forms = tmp_path / "forms"
    forms.mkdir()
    shutil.copy(HOSTILE / "companion.yaml", forms / "companion.yaml")
    (forms / "a.yaml").symlink_to("b.yaml")
    (forms / "b.yaml").symlink_to("a.yaml")
    (forms / "parent").symlink_to("..", target_is_directory=True)  # a directory loop: never followed
    (forms / "gone.yaml").symlink_to("deleted.yaml")
    run = run_cli("--format", "json", "forms", cwd=tmp_path)
    assert_sane(run)
    assert run.code == 1
    assert run.of("forms/companion.yaml") == [COMPANION]
    assert run.of("forms/a.yaml") == run.of("forms/b.yaml") == [("F008", 1, 1, "")]
    assert run.of("forms/gone.yaml") == [("F008", 1, 1, "")]
    assert_actionable(run, "forms/a.yaml", "F008", "循环", "请修正或删除这个链接")
    assert_actionable(run, "forms/gone.yaml", "F008", "请修正或删除这个链接")
    assert len(run.findings) == 4  # nothing linted twice through forms/parent


def test_a_file_reached_twice_is_linted_once(tmp_path: Path) -> None:
    forms = tmp_path / "forms"
    (forms / "sub").mkdir(parents=True)
    shutil.copy(HOSTILE / "companion.yaml", forms / "companion.yaml")
    (forms / "alias.yaml").symlink_to("companion.yaml")  # sorted first: the name it is shown by
    (forms / "sub" / "up").symlink_to("..", target_is_directory=True)
    run = run_cli("--format", "json", "forms", "forms/companion.yaml", "forms/sub", cwd=tmp_path)
    assert_sane(run)
    assert run.of("forms/alias.yaml") == [COMPANION] and run.of("forms/companion.yaml") == []
    assert len(run.findings) == 1


# --------------------------------------------------------------------------- the same, in process
def test_a_value_starting_like_a_date_reads_the_same_whatever_text_follows() -> None:
    # The reader decides most cells by their first character; what follows it, Chinese or not, must not
    # change the answer (the quick path for plain text once skipped F007 on the Chinese one).
    from jixiao_lint.read.yaml_tree import read_documents

    # A YAML 1.1 reader (PyYAML) takes only the bare date as a date: with text after it, it is text.
    form, problems = read_documents("form.yaml", "title: 2023-01-01 上午\nsummary: 2023-01-01 am\nnote: 1万\n"
                                                 "date: 2023-01-01\n")
    assert form.documents[0].data == {"title": "2023-01-01 上午", "summary": "2023-01-01 am", "note": "1万",
                                      "date": "2023-01-01"}
    assert [(p.code, p.path) for p in problems] == [("F007", "/date")]


@pytest.mark.parametrize("text", ["?", "---", "a: 1\n---", "- ", "{-no", "? [a]\n: 1"])
def test_end_of_file_without_newline_is_read(text: str) -> None:
    # libyaml puts the end of such a file on a line after the last: the span must not index past it.
    from jixiao_lint.read.yaml_tree import read_documents

    form, problems = read_documents("form.yaml", text)
    for document in form.documents:
        assert document.span.end <= len(text)
        assert all(span.end <= len(text) for span in document.value_spans.values())



def test_every_hostile_fixture_in_process() -> None:
    # The library path (no CLI) must be as robust: lint_text never raises on any fixture.
    for path in sorted(HOSTILE.glob("*.yaml")):
        lint_text(path.read_text(encoding="utf-8"), name=path.name)


# ------------------------------------------------- Unicode line breaks, tags, one-line forms (issue 20)
def test_fix_beside_a_line_separator_changes_only_its_span(tmp_path: Path) -> None:
    # The reported case: positions after a U+2028 were a line late and --fix wrote `93"0105"5"5"…`.
    name = "line_separator_quoted.yaml"
    original = (HOSTILE / name).read_bytes()
    shutil.copy(HOSTILE / name, tmp_path / name)
    run = run_cli("--fix", name, cwd=tmp_path)
    assert_sane(run)
    assert (tmp_path / name).read_bytes() == original.replace('self_score: "93. 39"'.encode(), b'self_score: "93.39"')


def test_the_line_separator_in_a_plain_value_is_removed_by_fix(tmp_path: Path) -> None:
    name = "line_separator_plain.yaml"
    original = (HOSTILE / name).read_bytes()
    shutil.copy(HOSTILE / name, tmp_path / name)
    run = run_cli("--fix", "--format", "json", name, cwd=tmp_path)
    assert_sane(run)
    assert (run.code, run.findings) == (0, [])
    assert (tmp_path / name).read_bytes() == original.replace("\u2028".encode(), b"")


def test_fix_refuses_a_span_that_does_not_hold_what_its_finding_saw(tmp_path: Path, monkeypatch, capsys) -> None:
    # Positions computed as before (libyaml's lines taken as the file's): each fix's span is then a line
    # late. --fix must see that the text there is not what was checked, write nothing there, and say so.
    from jixiao_lint import cli
    from jixiao_lint.read import yaml_tree

    name = "line_separator_quoted.yaml"
    original = (HOSTILE / name).read_bytes()
    shutil.copy(HOSTILE / name, tmp_path / name)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(yaml_tree, "has_odd_breaks", lambda text: False)
    code = cli.main(["--fix", "--unsafe-fixes", name])
    _, err = capsys.readouterr()
    assert code == 1
    assert (tmp_path / name).read_bytes() == original
    assert "line_separator_quoted.yaml:6:13: E005 的修复没有应用：该处的文字与检查时看到的不同" in err
    assert "line_separator_quoted.yaml:7:1: S001 的修复没有应用" in err


def test_cr_only_file_reads_and_fixes_as_its_lf_twin(tmp_path: Path) -> None:
    text = FORM.replace("projct", "project") + 'self_score: "93. 39"\nyear: 2024\n'
    lf = write_bytes(tmp_path, "lf.yaml", text.encode())
    cr = write_bytes(tmp_path, "cr.yaml", text.replace("\n", "\r").encode())
    run = run_cli("--format", "json", lf, cr, cwd=tmp_path)
    assert_sane(run)
    assert run.of(cr, ("F", "S", "E")) == run.of(lf, ("F", "S", "E")) == [("E005", 5, 13, "/self_score"),
                                                                       ("F003", 6, 1, "/year")]
    run_cli("--fix", cr, cwd=tmp_path)
    assert (tmp_path / cr).read_bytes() == text.replace('"93. 39"', '"93.39"').replace("\n", "\r").encode()


def test_tags_that_change_no_value_are_removed_by_fix(tmp_path: Path) -> None:
    name = "tags.yaml"
    shutil.copy(HOSTILE / name, tmp_path / name)
    run = run_cli("--fix", "--format", "json", name, cwd=tmp_path)
    assert_sane(run)
    assert (tmp_path / name).read_text(encoding="utf-8") == (HOSTILE / name).read_text(encoding="utf-8").replace(
        "!!int ", "").replace("!<tag:yaml.org,2002:str> ", "")
    assert [(r, line) for r, line, *_ in run.of(name)] == [("F011", 4), ("F011", 5), ("F011", 8)]  # for a person


@pytest.mark.parametrize("codec, name", [("utf-16-le", "UTF-16LE"), ("utf-16-be", "UTF-16BE")])
def test_utf16_without_bom_says_so_and_how_to_resave(tmp_path: Path, codec: str, name: str) -> None:
    file = write_bytes(tmp_path, "utf16.yaml", (FORM + "indicators:\n  - name: 一级指标\n").encode(codec))
    run = lint_with_companion(tmp_path, file)
    assert run.of(file) == [("F001", 1, 1, "")]
    assert_actionable(run, file, "F001", f"UTF-16 编码（{name}", "另存为", f"iconv -f {name} -t UTF-8")


def test_a_whole_form_on_one_line_prints_a_window_per_finding(tmp_path: Path) -> None:
    # A JSON export of the 20,000-row form: 4 MB on one line, 667 findings. The text output printed
    # the line once per finding (23 GB); now 120 code points of it around each caret.
    data = yaml.safe_load(big_form(20_000))
    for row in data["indicators"][::30]:
        row["target"] = "$\\geqslant$ 10"  # E001, 667 of them
    name = write_bytes(tmp_path, "export.yaml", json.dumps(data, ensure_ascii=False).encode())
    run = run_cli(name, cwd=tmp_path)
    assert_sane(run)
    # the 667 and a W002; each E001 fixable, the escaped scalar rewritten whole in its double quotes
    assert run.stdout.endswith("发现 668 个警告（667 个可自动修复）\n")
    rows = [line for line in run.stdout.splitlines() if line.startswith("1 | ")]
    assert len(rows) == run.stdout.count("export.yaml:1:") > 600
    assert max(map(len, rows)) <= len("1 | …") + 120 + 1
    assert len(run.stdout) < 1_000_000

"""The command-line contract (docs/cli.md): exit codes, formats, summary, stdin, languages."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

CLEAN = """kind: target-declaration
year: 2024
organization: 重庆市江北区民政局
scope: department
budget: 100
indicators:
  - name: 产出-数量-救助人次
    unit: 人次
    target: ≥ 500
    weight: 100
"""
BROKEN = CLEAN.replace("weight: 100", "weight: 100\n    scroe: 3")


def cli(*args: str, cwd: Path, stdin: str | None = None, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "jixiao_lint", *args], cwd=cwd, input=stdin, capture_output=True,
                          text=True, encoding="utf-8", timeout=60, env=env)


def test_clean_form_prints_only_the_summary_and_exits_0(tmp_path: Path) -> None:
    (tmp_path / "clean.yaml").write_text(CLEAN, encoding="utf-8")
    run = cli("clean.yaml", cwd=tmp_path)
    assert (run.returncode, run.stdout, run.stderr) == (0, "未发现问题\n", "")


def test_english_summary(tmp_path: Path) -> None:
    (tmp_path / "clean.yaml").write_text(CLEAN, encoding="utf-8")
    assert cli("--lang", "en", "clean.yaml", cwd=tmp_path).stdout == "All checks passed!\n"


def test_broken_form_exits_1_with_location_caret_and_summary(tmp_path: Path) -> None:
    (tmp_path / "broken.yaml").write_text(BROKEN, encoding="utf-8")
    run = cli("broken.yaml", cwd=tmp_path)
    assert run.returncode == 1
    lines = run.stdout.splitlines()
    assert lines[0] == "broken.yaml:11:5: S001 未知字段“scroe”；是不是“core”（是否核心指标）？"
    assert "11 |     scroe: 3" in lines
    assert "   |     ^^^^^ S001" in lines
    assert lines[-1] == "发现 1 个错误"


def test_bad_option_and_missing_path_exit_2(tmp_path: Path) -> None:
    assert cli("--no-such-option", cwd=tmp_path).returncode == 2
    run = cli("missing.yaml", cwd=tmp_path)
    assert run.returncode == 2 and "missing.yaml" in run.stderr and "Traceback" not in run.stderr
    assert cli("--select", "QQ9", cwd=tmp_path).returncode == 2


def test_version() -> None:
    from jixiao_lint import __version__

    run = cli("--version", cwd=Path.cwd())
    assert (run.returncode, run.stdout.strip()) == (0, f"jixiao-lint {__version__}")


def test_stdin_with_a_name(tmp_path: Path) -> None:
    run = cli("--format", "json", "--stdin-filename", "forms/x.yaml", "-", cwd=tmp_path, stdin=BROKEN)
    [finding] = json.loads(run.stdout)
    assert (finding["file"], finding["line"], finding["column"], finding["rule"], finding["path"]) == (
        "forms/x.yaml", 11, 5, "S001", "/indicators/0/scroe")


def test_json_shape_is_the_documented_one(tmp_path: Path) -> None:
    (tmp_path / "broken.yaml").write_text(BROKEN, encoding="utf-8")
    [finding] = json.loads(cli("--format", "json", "broken.yaml", cwd=tmp_path).stdout)
    assert list(finding) == ["file", "document", "line", "column", "end_line", "end_column", "rule", "name", "severity",
                             "message", "path", "fix"]
    assert finding["fix"] == {"applicability": "unsafe", "replacement": "core"}


def test_directory_is_searched_and_other_files_still_linted(tmp_path: Path) -> None:
    forms = tmp_path / "forms"
    (forms / "2024").mkdir(parents=True)
    (forms / "2024" / "a.yaml").write_text("kind: [unclosed\n", encoding="utf-8")
    (forms / "2024" / "b.yml").write_text(BROKEN, encoding="utf-8")
    (forms / "notes.txt").write_text("not a form", encoding="utf-8")
    findings = json.loads(cli("--format", "json", "forms", cwd=tmp_path).stdout)
    assert [(f["file"], f["rule"], f["line"]) for f in findings] == [("forms/2024/a.yaml", "F002", 1), ("forms/2024/b.yml", "S001", 11)]


def test_every_format_renders_the_same_findings(tmp_path: Path) -> None:
    (tmp_path / "broken.yaml").write_text(BROKEN, encoding="utf-8")
    sarif = json.loads(cli("--format", "sarif", "broken.yaml", cwd=tmp_path).stdout)
    assert sarif["version"] == "2.1.0"
    assert sarif["runs"][0]["columnKind"] == "unicodeCodePoints"
    assert [r["ruleId"] for r in sarif["runs"][0]["results"]] == ["S001"]
    github = cli("--format", "github", "broken.yaml", cwd=tmp_path).stdout
    assert github.startswith("::error file=broken.yaml,line=11,col=5,endLine=11,endColumn=10,title=S001 unknown-key::")
    junit = cli("--format", "junit", "broken.yaml", cwd=tmp_path).stdout
    assert 'failures="1"' in junit and "S001" in junit


def test_no_color_when_piped_and_color_when_forced(tmp_path: Path) -> None:
    import os

    (tmp_path / "broken.yaml").write_text(BROKEN, encoding="utf-8")
    assert "\x1b[" not in cli("broken.yaml", cwd=tmp_path).stdout
    forced = cli("broken.yaml", cwd=tmp_path, env={**os.environ, "FORCE_COLOR": "1"})
    assert "\x1b[" in forced.stdout


def test_list_rules_and_explain(tmp_path: Path) -> None:
    listing = cli("--list-rules", cwd=tmp_path).stdout
    assert any(line.startswith("W001   weights-sum") for line in listing.splitlines())
    explained = cli("--explain", "w001", cwd=tmp_path)
    assert explained.returncode == 0 and "W001 weights-sum" in explained.stdout and "expect: W001" in explained.stdout
    assert cli("--explain", "ZZ999", cwd=tmp_path).returncode == 2


def test_progress_bar_only_for_large_runs_on_a_terminal(monkeypatch) -> None:
    import io

    from jixiao_lint.commands import runner

    monkeypatch.setattr("sys.stderr", io.StringIO())
    assert runner._progress(5000) is None  # not a terminal: never a bar in CI logs
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True
    monkeypatch.setattr("sys.stderr", Terminal())
    assert runner._progress(10) is None  # a handful of files: no bar
    bar = runner._progress(5000)
    assert bar is not None
    bar.stop()


def test_a_bug_on_one_file_is_a_finding_there_and_the_others_are_linted(monkeypatch, tmp_path: Path) -> None:
    from helpers import builtin_rules
    from jixiao_lint.check.engine import Engine
    from jixiao_lint.lint import lint_source
    from jixiao_lint.read.files import Source

    engine = Engine(builtin_rules())

    def broken():
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr(engine, "tasks", lambda form: [broken])  # one rule's check, failing
    (tmp_path / "a.yaml").write_text(CLEAN, encoding="utf-8")
    result = lint_source(Source("a.yaml", tmp_path / "a.yaml"), engine)
    [finding] = result.findings
    assert (finding.rule, finding.line, finding.severity) == ("F010", 1, "error")
    assert "ZeroDivisionError: division by zero" in finding.message_zh


def test_explain_in_a_pipe_is_the_markdown_unpadded_and_unwrapped(tmp_path: Path) -> None:
    explained = cli("--explain", "SC005", cwd=tmp_path)
    assert explained.returncode == 0
    lines = explained.stdout.splitlines()
    assert lines[0] == "# SC005 self-score-total"
    assert not [line for line in lines if line != line.rstrip()]  # no padding to a width
    # The doc's source breaks a line between 某一 and 资金来源: joined without a space, as Chinese is written.
    assert "或某一资金来源行上" in explained.stdout and "某一 资金" not in explained.stdout
    # Where the rule is defined, as a reader finds it, not where this package happens to be installed.
    assert "## 规则定义 (rules/scoring.rules:" in explained.stdout

"""report.FORMATS is the one list of output formats: the command line's choices, the run's needs and
the docs follow it, so a new format is a module and a row."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

from jixiao_lint import cli
from jixiao_lint.report import FORMATS, OutputFormat

ROOT = Path(__file__).resolve().parents[2]
FORM = """kind: target-declaration
year: 2024
organization: 重庆市江北区民政局
scope: department
budget: 100
indicators:
  - name: 产出-数量-救助人次
    unit: 人次
    target: ≥ 500
    weight: 100
    scroe: 3
"""
# A format of a rule pack's own: one line per finding, and the context it was given.
TOY = '''
def render(findings, ctx):
    lines = [f"{f.rule} {f.file}:{f.line} {f.path}" for f in findings]
    lines.append(f"checked={ctx.files_checked} lang={ctx.lang} color={ctx.color} sources={sorted(ctx.sources)}")
    return "\\n".join(lines) + "\\n"
'''


@pytest.fixture
def toy_format(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "lib").mkdir()
    (tmp_path / "lib" / "toy_report.py").write_text(TOY, encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path / "lib"))
    monkeypatch.setitem(FORMATS, "toy", OutputFormat("toy_report", reads_sources=True))
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("JIXIAO_LINT_NO_CACHE", "1")
    (tmp_path / "broken.yaml").write_text(FORM, encoding="utf-8")
    return tmp_path


def test_a_new_row_is_a_format_the_command_line_accepts_and_runs(toy_format: Path, capsys) -> None:
    assert cli.main(["--format", "toy", "broken.yaml"]) == 1
    out = capsys.readouterr()
    assert out.out == ("S001 broken.yaml:11 /indicators/0/scroe\n"
                       "checked=1 lang=zh color=False sources=['broken.yaml']\n")
    assert out.err == ""


def test_a_new_row_is_in_the_usage_message(toy_format: Path, capsys) -> None:
    with pytest.raises(SystemExit) as exited:
        cli.build_parser().parse_args(["--format", "nope"])
    assert exited.value.code == 2
    assert "[--format {text,json,sarif,github,junit,html,toy}]" in capsys.readouterr().err


def test_without_the_row_the_format_is_refused(tmp_path: Path, capsys) -> None:
    assert "toy" not in FORMATS
    with pytest.raises(SystemExit):
        cli.build_parser().parse_args(["--format", "toy"])
    assert "选项 --format 的值 'toy' 无效，可选：'text', 'json', 'sarif', 'github', 'junit', 'html'；" in capsys.readouterr().err


def test_the_ci_guide_lists_exactly_the_formats() -> None:
    text = (ROOT / "docs" / "ci.md").read_text(encoding="utf-8")
    table = text[text.index("| `--format` | for |"):]
    table = table[:table.index("\n\n")]
    assert sorted(re.findall(r"^\| `(\w+)` \|", table, re.M)) == sorted(FORMATS)


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_row_names_a_module_with_render(fmt: str) -> None:
    import importlib

    assert callable(importlib.import_module(FORMATS[fmt].module).render)
    assert FORMATS[fmt].module.startswith("jixiao_lint.report.")

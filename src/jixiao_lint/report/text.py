"""The human output, modelled on ruff's: each finding with its source line and a caret under it.

    forms/a.yaml:41:13: OP001 违建拆除面积是正向指标，运算符应为 ≥
       |
    40 |   - name: 违建拆除面积
    41 |     target: ≤ 2400
       |             ^^^^^^ OP001
       |
       = 修复: ≥ 2400 (不安全)

`[*]` after the code marks a safe fix (what `--fix` applies). Carets are counted in terminal cells, not
code points, so they stay under Chinese text, which takes two cells a character. A long source line (a
whole form on one line: a JSON export is YAML) is cut to a window around the caret, with … where it was
cut, as ruff does: the output grows with the number of findings, never with their lines' length.
"""

from __future__ import annotations

from collections.abc import Sequence
from io import StringIO
from typing import TYPE_CHECKING

from rich.cells import cell_len

from jixiao_lint.model.finding import Finding
from jixiao_lint.model.form import split_lines
from jixiao_lint.report.escape import shown
from jixiao_lint.report.summary import summary_line

if TYPE_CHECKING:
    from jixiao_lint.report import ReportContext

_COLOR = {"error": "red", "warning": "yellow", "info": "blue"}
_WORDS = {
    "zh": {"fix": "修复", "unsafe": "不安全", "delete": "删除"},
    "en": {"fix": "fix", "unsafe": "unsafe", "delete": "delete"},
}
_TAB_STOP = 4
# A source line longer than this (in code points) is shown cut: this many before the caret, and up to
# _WINDOW in all.
_WINDOW = 120
_BEFORE = 40


class Line:
    """One line of output as (text, style) pieces: written as plain text, or through rich when colored.
    (rich's console is imported only for a colored run: a pre-commit hook's output is not a terminal,
    and importing it is a good part of a small run's start-up.)"""

    def __init__(self, *pieces: str | tuple[str, str]):
        self.pieces = [(p, "") if isinstance(p, str) else p for p in pieces]

    def append(self, text: str, style: str = "") -> None:
        self.pieces.append((text, style))

    @property
    def plain(self) -> str:
        return "".join(text for text, _ in self.pieces)


def render(findings: Sequence[Finding], ctx: ReportContext) -> str:
    words = _WORDS["en" if ctx.lang == "en" else "zh"]
    split_sources: dict[str, list[str]] = {}
    lines: list[Line] = []
    for finding in findings:
        lines.extend(_diagnostic(finding, _source_lines(finding.file, ctx, split_sources), ctx.lang, words))
        lines.append(Line())
    lines.append(Line(summary_line(findings, ctx.lang, ctx.fixed)))
    if not ctx.color:
        return "".join(line.plain + "\n" for line in lines)
    return _colored(lines)


def _colored(lines: list[Line]) -> str:
    from rich.console import Console
    from rich.text import Text

    out = StringIO()
    console = Console(
        file=out,
        force_terminal=True,
        no_color=False,  # colour was asked for; NO_COLOR is honoured before this (commands/lint.py)
        # Fixed, so the codes do not depend on TERM/COLORTERM of whoever runs the tests or the CI.
        color_system="standard",
        width=100_000,
        soft_wrap=True,
        highlight=False,
        markup=False,
        emoji=False,
        legacy_windows=False,
        force_jupyter=False,
        force_interactive=False,
    )
    for line in lines:
        console.print(Text.assemble(*((text, style or None) for text, style in line.pieces)))
    return out.getvalue()


def _source_lines(file: str, ctx: ReportContext, cache: dict[str, list[str]]) -> list[str] | None:
    if file not in cache:
        text = ctx.sources.get(file)
        if text is None:
            return None
        # Lines as the reader numbers them (model.form.line_starts); the "\r" of CRLF is dropped from the
        # few lines shown, not from every line of a large file.
        cache[file] = split_lines(text)
    return cache[file]


def _diagnostic(finding: Finding, lines: list[str] | None, lang: str, words: dict[str, str]) -> list[Line]:
    color = _COLOR[finding.severity]
    header = Line((shown(finding.file), "bold"), f":{finding.line}:{finding.column}: ", (finding.rule, f"bold {color}"))
    if finding.fix is not None and finding.fix.applicability == "safe":
        header.append(" [*]")
    header.append(" " + _display(finding.message(lang)))
    result = [header]

    width = len(str(finding.line))
    pad = " " * width
    if lines is not None and 1 <= finding.line <= len(lines):
        result.append(Line(f"{pad} |"))
        current = lines[finding.line - 1]
        start = finding.column - 1
        end = finding.end_column - 1 if finding.end_line == finding.line else len(current)
        cut = _cut_at(current, start)
        if finding.line > 1:
            result.append(_source_row(finding.line - 1, _cut(lines[finding.line - 2], cut), width))
        window = _cut(current, cut)
        result.append(_source_row(finding.line, window, width))
        if cut is not None:  # columns within the window, after its leading … if any
            lead = 1 if cut else 0
            start, end = start - cut + lead, min(end, cut + _WINDOW) - cut + lead
        indent, carets = _caret_cells(start, end, window)
        result.append(Line(f"{pad} | {' ' * indent}", ("^" * carets + " " + finding.rule, color)))
        result.append(Line(f"{pad} |"))
    if finding.fix is not None:
        replacement = _display(finding.fix.replacement) if finding.fix.replacement else words["delete"]
        unsafe = f" ({words['unsafe']})" if finding.fix.applicability == "unsafe" else ""
        result.append(Line(f"{pad} = {words['fix']}: {replacement}{unsafe}"))
    return result


def _source_row(number: int, line: str, width: int) -> Line:
    displayed = _display(line)
    return Line(f"{number:>{width}} | {displayed}" if displayed else f"{number:>{width}} |")


def _cut_at(line: str, start: int) -> int | None:
    """Where the window shown of a long line begins (None: the line is shown whole)."""
    if len(line) <= _WINDOW:
        return None
    return max(0, min(start - _BEFORE, len(line) - _WINDOW))


def _cut(line: str, cut: int | None) -> str:
    """The line (without the CR of CRLF), or its window from `cut`, with … where it was cut."""
    if cut is None or len(line) <= _WINDOW:
        return line.removesuffix("\r")
    piece = line[cut:cut + _WINDOW].removesuffix("\r")
    return ("…" if cut else "") + piece + ("…" if cut + _WINDOW < len(line.removesuffix("\r")) else "")


def _caret_cells(start: int, end: int, line: str) -> tuple[int, int]:
    """Cells before the caret run and its length, from 0-based code points start to end (exclusive; the
    end of the first line when the finding runs on); at least one caret, even past the end of the line."""
    indent = cell_len(_display(line[:start])) + max(0, start - len(line))
    reach = cell_len(_display(line[:end])) + max(0, end - len(line))
    return indent, max(1, reach - indent)


def _display(text: str) -> str:
    """Text as the terminal shows it: tabs expanded to fixed stops (so caret and line agree), and control
    characters as visible pictures (␛ for ESC), so form text can never move the cursor or set colors."""
    if text.isprintable():  # no tab, no control character (nor anything else unusual): shown as it is
        return text
    shown: list[str] = []
    cells = 0
    for char in text:
        if char == "\t":
            char = " " * (_TAB_STOP - cells % _TAB_STOP)
        else:
            char = _visible(char)
        shown.append(char)
        cells += cell_len(char)
    return "".join(shown)


def visible(text: str) -> str:
    """Control characters as visible pictures, tabs kept (the HTML report lays them out with CSS)."""
    return text if text.isprintable() else "".join(char if char == "\t" else _visible(char) for char in text)


def _visible(char: str) -> str:
    code = ord(char)
    if code < 0x20:
        return chr(0x2400 + code)  # U+2400 Control Pictures: ␀ … ␟
    if code == 0x7F:
        return "\u2421"  # ␡
    if 0x80 <= code < 0xA0:
        return "\ufffd"  # C1 controls: some terminals read U+009B as CSI
    return char

"""A form file as read: its text, and each YAML document as plain data plus where every value sits."""

from __future__ import annotations

import re
from bisect import bisect_right
from itertools import accumulate
from typing import Any, Iterator

from jixiao_lint.records import field, record


@record(frozen=True, slots=True)
class Span:
    """A stretch of the file: 1-based line/column (code points, end exclusive) and 0-based offsets."""

    line: int
    column: int
    end_line: int
    end_column: int
    start: int
    end: int


class SpanTable:
    """JSON Pointer -> Span. The reader records each value where libyaml's marks put it, as 0-based
    (line, column, end line, end column); the Span, with its offsets, is built only when asked for:
    a form has thousands of values and its findings need a handful.

    libyaml also ends a line at U+0085, U+2028 and U+2029, which git, editors and SARIF viewers take as
    characters within a line. In a text holding one, `yaml_starts` are the line starts as libyaml counts
    them, and each mark is converted: libyaml's line and column to an offset, the offset to the line and
    column everyone else counts. Elsewhere it is None and the marks are the positions."""

    __slots__ = ("marks", "starts", "length", "yaml_starts")

    def __init__(self, starts: list[int], length: int, yaml_starts: list[int] | None = None):
        self.marks: dict[str, tuple[int, int, int, int]] = {}
        self.starts = starts
        self.length = length
        self.yaml_starts = yaml_starts

    def span(self, marks: tuple[int, int, int, int]) -> Span:
        if self.yaml_starts is not None:
            return self._converted(marks)
        line, column, end_line, end_column = marks
        starts = self.starts
        # libyaml puts the end of a file without a final newline on a line after the last one
        start = starts[line] + column if line < len(starts) else self.length
        end = starts[end_line] + end_column if end_line < len(starts) else self.length
        return Span(line + 1, column + 1, end_line + 1, end_column + 1, start, end)

    def _converted(self, marks: tuple[int, int, int, int]) -> Span:
        start, end = yaml_offset(self.yaml_starts, self.length, marks[0], marks[1]), yaml_offset(
            self.yaml_starts, self.length, marks[2], marks[3])
        line, column = position(self.starts, start)
        end_line, end_column = position(self.starts, end)
        return Span(line, column, end_line, end_column, start, end)

    def get(self, pointer: str) -> Span | None:
        marks = self.marks.get(pointer)
        return None if marks is None else self.span(marks)

    def __getitem__(self, pointer: str) -> Span:
        return self.span(self.marks[pointer])

    def __contains__(self, pointer: object) -> bool:
        return pointer in self.marks

    def __len__(self) -> int:
        return len(self.marks)

    def items(self) -> Iterator[tuple[str, Span]]:
        span = self.span
        return ((pointer, span(marks)) for pointer, marks in self.marks.items())

    def values(self) -> Iterator[Span]:
        return (self.span(marks) for marks in self.marks.values())


@record(slots=True)
class Document:
    index: int
    data: Any  # dicts, lists, str, int, float, bool, None — nothing else
    span: Span  # the whole document
    value_spans: SpanTable  # JSON Pointer -> the value's span
    key_spans: SpanTable  # JSON Pointer -> its mapping key's span
    quoted: set[str] = field(default_factory=set)  # pointers of scalars written in quotes
    # pointers of values the reader reported and kept as their text (a number too large for any form):
    # the schema says nothing more about them
    reported: set[str] = field(default_factory=set, compare=False)
    # What checks work out from the whole document once and share (every text cell, for X003 and X006).
    derived: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    def locate(self, pointer: str) -> Span:
        """The span of the value at `pointer`, or of its nearest written ancestor (a missing key)."""
        while True:
            span = self.value_spans.get(pointer)
            if span is not None:
                return span
            if not pointer:
                return self.span
            pointer = pointer.rsplit("/", 1)[0]

    def locate_key(self, pointer: str) -> Span:
        return self.key_spans.get(pointer) or self.locate(pointer)


@record(slots=True)
class FormFile:
    name: str  # as shown to the user
    text: str
    documents: list[Document]
    encoding: str = "utf-8"  # how to write it back
    bom: bool = False
    line_starts: list[int] = field(default_factory=list)

    def line_text(self, line: int) -> str:
        if not self.line_starts or line < 1 or line > len(self.line_starts):
            return ""
        start = self.line_starts[line - 1]
        end = self.line_starts[line] - 1 if line < len(self.line_starts) else len(self.text)
        return self.text[start:end].rstrip("\r")

    def offset(self, line: int, column: int) -> int:
        """Code-point offset of a 1-based line/column."""
        return self.line_starts[line - 1] + column - 1


# Where a line ends, as git and editors count: LF, CRLF (at its LF) and a CR alone (old Mac files, which
# YAML reads as line breaks too). U+0085, U+2028 and U+2029 are characters within a line.
_LINE_END = re.compile(r"\n|\r(?!\n)")
# Where libyaml ends a line: those, and U+0085, U+2028, U+2029.
_YAML_LINE_END = re.compile(r"\r\n|[\r\n\x85\u2028\u2029]")
ODD_BREAKS = ("\x85", "\u2028", "\u2029")


def split_lines(text: str) -> list[str]:
    """The lines of a text as line_starts() numbers them; a CRLF line keeps its CR."""
    if "\r" in text and text.count("\r") != text.count("\r\n"):  # a CR alone ends a line too
        return _LINE_END.split(text)
    return text.split("\n")


def line_starts(text: str) -> list[int]:
    lengths = [len(line) + 1 for line in split_lines(text)]
    lengths.pop()  # what follows the last line end starts no further line
    return [0, *accumulate(lengths)]


def has_odd_breaks(text: str) -> bool:
    """Whether the text holds a character libyaml takes as a line break and nobody else does."""
    return "\u2028" in text or "\u2029" in text or "\x85" in text


def yaml_line_starts(text: str) -> list[int]:
    """The line starts libyaml's marks count by (see SpanTable)."""
    return [0, *(match.end() for match in _YAML_LINE_END.finditer(text))]


def yaml_offset(yaml_starts: list[int], length: int, line: int, column: int) -> int:
    # libyaml puts the end of a file without a final newline on a line after the last one
    return min(yaml_starts[line] + column, length) if line < len(yaml_starts) else length


def position(starts: list[int], offset: int) -> tuple[int, int]:
    """The 1-based line and column of a code-point offset."""
    line = bisect_right(starts, offset) - 1
    return line + 1, offset - starts[line] + 1


def child_pointer(parent: str, key: str | int) -> str:
    """The JSON Pointer of a key or list position under `parent`."""
    if type(key) is str and "~" not in key and "/" not in key:  # nearly every key: nothing to escape
        return f"{parent}/{key}"
    return f"{parent}/{escape_pointer_token(key)}"


def escape_pointer_token(token: str | int) -> str:
    token = str(token)
    if "~" in token or "/" in token:
        return token.replace("~", "~0").replace("/", "~1")
    return token

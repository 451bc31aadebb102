"""A form file as read: its text, and each YAML document as plain data plus where every value sits."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class Span:
    """A stretch of the file: 1-based line/column (code points, end exclusive) and 0-based offsets."""

    line: int
    column: int
    end_line: int
    end_column: int
    start: int
    end: int


@dataclass(slots=True)
class Document:
    index: int
    data: Any  # dicts, lists, str, int, float, bool, None — nothing else
    span: Span  # the whole document
    value_spans: dict[str, Span] = field(default_factory=dict)  # JSON Pointer -> the value's span
    key_spans: dict[str, Span] = field(default_factory=dict)  # JSON Pointer -> its mapping key's span
    quoted: set[str] = field(default_factory=set)  # pointers of scalars written in quotes

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


@dataclass(slots=True)
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


def line_starts(text: str) -> list[int]:
    starts = [0]
    find = text.find
    i = find("\n")
    while i != -1:
        starts.append(i + 1)
        i = find("\n", i + 1)
    return starts


def escape_pointer_token(token: str | int) -> str:
    return str(token).replace("~", "~0").replace("/", "~1")

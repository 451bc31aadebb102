"""Between the findings' positions (1-based lines, code-point columns and offsets) and LSP's (0-based
lines, columns in the code units of the negotiated encoding: UTF-16 unless the client asked otherwise).
A Chinese character is one UTF-16 unit, an astral one such as 𠀀 two: counting code points puts every
finding after one a character too far left."""

from __future__ import annotations

from bisect import bisect_right

from lsprotocol import types

from jixiao_lint.model.form import line_starts


def _width(encoding: str):
    if encoding == types.PositionEncodingKind.Utf8:
        return lambda ch: len(ch.encode("utf-8"))
    if encoding == types.PositionEncodingKind.Utf32:
        return lambda ch: 1
    return lambda ch: 2 if ord(ch) > 0xFFFF else 1


class Positions:
    """The lines of one text, to convert positions in both directions."""

    def __init__(self, text: str, encoding: str = types.PositionEncodingKind.Utf16):
        self.text = text
        self.starts = line_starts(text)
        self.width = _width(encoding)

    def line(self, index: int) -> str:
        """The text of a 0-based line, without its line break."""
        if index < 0 or index >= len(self.starts):
            return ""
        end = self.starts[index + 1] - 1 if index + 1 < len(self.starts) else len(self.text)
        return self.text[self.starts[index]:end].rstrip("\r")

    def position(self, line: int, column: int) -> types.Position:
        """A finding's 1-based line and code-point column; past the end lands at the end of the text."""
        index = max(line, 1) - 1
        if index >= len(self.starts):
            return self.at_offset(len(self.text))
        text = self.line(index)
        column = min(max(column, 1) - 1, len(text))
        return types.Position(index, self._units(text[:column]))

    def at_offset(self, offset: int) -> types.Position:
        """A code-point offset into the text (a fix's start or end)."""
        offset = min(max(offset, 0), len(self.text))
        index = bisect_right(self.starts, offset) - 1
        start = self.starts[index]
        return types.Position(index, self._units(self.text[start:offset]))

    def column(self, position: types.Position) -> int:
        """The 0-based code-point column of an LSP position on its line (a unit inside a character counts as it)."""
        units = 0
        for column, ch in enumerate(self.line(position.line)):
            if units >= position.character:
                return column
            units += self.width(ch)
        return len(self.line(position.line))

    def offset(self, position: types.Position) -> int:
        index = min(position.line, len(self.starts) - 1)
        return self.starts[index] + self.column(types.Position(index, position.character))

    def _units(self, text: str) -> int:
        return len(text) if text.isascii() else sum(map(self.width, text))

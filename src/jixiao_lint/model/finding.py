"""One finding type, built once by whoever finds the problem and rendered by every output format."""

from __future__ import annotations

from typing import Literal

from jixiao_lint.records import record

Severity = Literal["error", "warning", "info"]
SEVERITY_RANK: dict[str, int] = {"info": 0, "warning": 1, "error": 2}
Applicability = Literal["safe", "unsafe"]


@record(frozen=True, slots=True)
class Fix:
    """Replace the file text between two code-point offsets with `replacement`. `expected` is the text
    the finding saw there, found its own way (the value as read, libyaml's offsets, the comment as
    scanned): --fix applies the fix only where the file still holds exactly that text."""

    replacement: str
    applicability: Applicability
    start_offset: int
    end_offset: int
    expected: str | None = None  # None: the fix was made without looking (tests); not checked


@record(frozen=True, slots=True)
class Finding:
    file: str
    document: int  # 0-based index of the YAML document in the file
    path: str  # JSON Pointer into that document; "" for the whole document
    line: int  # 1-based
    column: int  # 1-based, in Unicode code points
    end_line: int
    end_column: int  # exclusive, 1-based
    rule: str  # code, e.g. OP001
    name: str  # e.g. "operator-direction"
    severity: Severity
    message_zh: str
    message_en: str
    fix: Fix | None = None

    def message(self, lang: str) -> str:
        return self.message_en if lang == "en" else self.message_zh

    @property
    def sort_key(self) -> tuple:
        return (self.file, self.line, self.column, self.rule, self.document, self.path)

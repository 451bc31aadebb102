"""What the parsers say about how a cell is written: a kind, a span and a replacement, no prose.

The parsers (parse/expression.py, parse/names.py) know *what* is off in a cell and where; which rule
reports it and in which words is the rule layer's business (rules/expressions.rules and the message
table check/notes.py), so a parse result carries no rule code and no message.
"""

from __future__ import annotations

from typing import Any

from jixiao_lint.records import field, record


@record(slots=True)
class Note:
    """Something non-fatal about how a value is written, with a safe fix when there is one."""

    kind: str  # a stable kebab-case name: "noncanonical-operator", "badly-typed-number", …
    start: int  # code-point offsets into the text as written
    end: int
    replacement: str | None  # canonical text for text[start:end], or None when no fix is safe
    data: dict[str, Any] = field(default_factory=dict)  # what a message about it needs: written, canonical, …

"""Names and values as every output can carry them, whatever a file name or a form holds.

A file name on Linux is bytes: it may hold ESC sequences, a newline, or bytes that are not UTF-8 (which
Python keeps as the surrogate escapes U+DC80…U+DCFF, see os.fsdecode). Written as they are, the first
recolour or move a terminal's cursor and forge lines in a CI log, and the last make the output invalid
UTF-8. So:

- for people (text, GitHub annotations, JUnit test names, messages on standard error), `shown` writes
  every character that does not print as a backslash escape: `\\x1b`, `\\n`, `\\u202e`, and an undecodable
  byte as `\\xff`, the byte it was;
- for programs (json, sarif), `json_dumps` keeps the exact name: JSON escapes control characters itself,
  and a lone surrogate is written as the escape `\\udcff`, which json.loads gives back and os.fsencode
  turns into the original bytes.
"""

from __future__ import annotations

import re
from typing import Any

_SHORT = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
_SURROGATE = re.compile("[\ud800-\udfff]")


def shown(text: str, keep: str = "") -> str:
    """`text` with every character that does not print (but those in `keep`) written as an escape."""
    if text.isprintable():  # the common case, Chinese names included
        return text
    return "".join(char if char.isprintable() or char in keep else _escape(char) for char in text)


def _escape(char: str) -> str:
    code = ord(char)
    if char in _SHORT:
        return _SHORT[char]
    if 0xDC80 <= code <= 0xDCFF:  # a byte that was not UTF-8, as surrogateescape kept it
        return f"\\x{code - 0xDC00:02x}"
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def json_dumps(value: Any, **options: Any) -> str:
    """json.dumps with the text readable (ensure_ascii=False) and still valid UTF-8 for any name."""
    import json  # only for the json and sarif formats

    text = json.dumps(value, ensure_ascii=False, **options)
    # A str holds a character beyond U+FFFF as one code point, so any surrogate left is a lone one, and it
    # can only stand inside a JSON string: its escape is what json.dumps(ensure_ascii=True) would write.
    return _SURROGATE.sub(lambda match: f"\\u{ord(match.group()):04x}", text)

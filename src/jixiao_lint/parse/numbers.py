"""Reading a number the way it was typed into a form: `54.36`, `54. 36` (OCR), `87, 599, 029. 86`,
`１,０００`.

The grammar's NUMBER terminal is deliberately loose (spaces around the point and the thousands
separators); this module decides what the number is, whether it was typed badly, and which digits
should have been written. It knows nothing about signs, operators or units.
"""

from __future__ import annotations

import math

from jixiao_lint.records import record

# What a well-typed number may contain as written. Anything else inside a NUMBER token (a space, a
# full-width digit, comma or point) means it was typed badly and gets a fix to the plain digits.
_WELL_TYPED = frozenset("0123456789.,")


@record(slots=True)
class NumberReading:
    value: float
    digits: str  # what to write: "54.36", "87599029.86"; the decimals exactly as written ("98.80")
    badly_typed: bool  # OCR spaces, or full-width digits, commas or point inside the number


class UnreadableNumber(ValueError):
    """Digits that do not make one number: `1,5`, `12,34,567`, or too many digits for a float."""

    def __init__(self, kind: str, written: str) -> None:
        super().__init__(f"{kind}: {written}")
        self.kind = kind  # "ambiguous-comma" or "too-many-digits"; the rule layer words it


def read_number(written: str, lexed: str) -> NumberReading:
    """Read one NUMBER token: `written` is the text as typed, `lexed` the same span after the
    full-width translation (ASCII digits, `,`, `.` and spaces only)."""
    compact = lexed.replace(" ", "")
    integer, _, fraction = compact.partition(".")
    groups = integer.split(",")
    if len(groups) > 1 and not (1 <= len(groups[0]) <= 3 and all(len(g) == 3 for g in groups[1:])):
        # A comma that does not separate thousands may be a decimal comma or a list: no safe reading.
        raise UnreadableNumber("ambiguous-comma", written)
    whole = "".join(groups)
    # A leading zero (`01`, a weight of 1 or a mistyped 10?) reads as its value but is typed badly.
    padded = len(whole) > 1 and whole.startswith("0")
    digits = (whole.lstrip("0") or "0") + ("." + fraction if fraction else "")
    value = float(digits)
    if not math.isfinite(value):
        raise UnreadableNumber("too-many-digits", written)
    return NumberReading(value=value, digits=digits, badly_typed=padded or not _WELL_TYPED.issuperset(written))

"""What a rule is, apart from what it checks: its code, name, default severity and one-line summary.

Outputs that describe rules rather than findings (SARIF's rule table, `--list-rules`, `--explain`) read
this; a finding carries its own code, name and severity, so it can be rendered without it.
"""

from __future__ import annotations

import re

from jixiao_lint.model.finding import Severity
from jixiao_lint.records import record


@record(frozen=True, slots=True)
class RuleInfo:
    code: str  # e.g. OP001
    name: str  # e.g. "operator-direction"
    severity: Severity  # the default; configuration may change it per finding
    summary_zh: str
    summary_en: str
    fixable: bool = False

    def summary(self, lang: str) -> str:
        return self.summary_en if lang == "en" else self.summary_zh


_GROUP = re.compile(r"^([A-Z]+)([0-9]*)$")


def code_matches(prefix: str, code: str) -> bool:
    """A --select/--ignore/disable= prefix names a whole group, then digits, as ruff's `E` vs `E4`: the
    letters are the group (`S` is the schema's group, `SC` scoring's), and the digits narrow it — so `S`
    selects S001 but not SC001, `S0` selects S001–S099, `SC` every scoring rule."""
    wanted, got = _GROUP.match(prefix), _GROUP.match(code)
    if not wanted or not got:
        return prefix == code  # a user's code outside the letters-digits shape: only itself
    return wanted.group(1) == got.group(1) and got.group(2).startswith(wanted.group(2))


def groups_spelt_alike(prefix: str, codes) -> list[str]:
    """The other groups whose letters begin with this prefix's (`S` → `SC`): a prefix that once matched
    them all by its spelling no longer does, which the user is told."""
    wanted = _GROUP.match(prefix)
    if not wanted or wanted.group(2):
        return []
    groups = {m.group(1) for m in map(_GROUP.match, codes) if m}
    return sorted(g for g in groups if g != wanted.group(1) and g.startswith(wanted.group(1)))

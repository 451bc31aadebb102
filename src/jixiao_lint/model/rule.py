"""What a rule is, apart from what it checks: its code, name, default severity and one-line summary.

Outputs that describe rules rather than findings (SARIF's rule table, `--list-rules`, `--explain`) read
this; a finding carries its own code, name and severity, so it can be rendered without it.
"""

from __future__ import annotations

from dataclasses import dataclass

from jixiao_lint.model.finding import Severity


@dataclass(frozen=True, slots=True)
class RuleInfo:
    code: str  # e.g. "OP001"
    name: str  # e.g. "operator-direction"
    severity: Severity  # the default; configuration may change it per finding
    summary_zh: str
    summary_en: str
    fixable: bool = False

    def summary(self, lang: str) -> str:
        return self.summary_en if lang == "en" else self.summary_zh

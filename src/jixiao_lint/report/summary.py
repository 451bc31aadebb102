"""The closing line of a run: how many errors, warnings and notes remain, and how many are fixable.

zh: 发现 3 个错误、1 个警告（2 个可自动修复） / 未发现问题 / 已修复 2 个，剩余 1 个警告
en: Found 3 errors, 1 warning (2 fixable). / All checks passed! / Fixed 2 issues; remaining: 1 warning.
"""

from __future__ import annotations

from collections.abc import Iterable

from jixiao_lint.model.finding import Finding
from jixiao_lint.records import record


@record(slots=True)
class Counts:
    errors: int = 0
    warnings: int = 0
    infos: int = 0
    fixable: int = 0  # findings with a safe fix: what `--fix` applies without asking

    @classmethod
    def of(cls, findings: Iterable[Finding]) -> Counts:
        by_severity = {"error": 0, "warning": 0, "info": 0}
        fixable = 0
        for finding in findings:
            by_severity[finding.severity] += 1
            if finding.fix is not None and finding.fix.applicability == "safe":
                fixable += 1
        return cls(by_severity["error"], by_severity["warning"], by_severity["info"], fixable)

    @property
    def total(self) -> int:
        return self.errors + self.warnings + self.infos


def summary_line(findings: Iterable[Finding], lang: str, fixed: int = 0) -> str:
    counts = Counts.of(findings)
    return _summary_en(counts, fixed) if lang == "en" else _summary_zh(counts, fixed)


def _summary_zh(counts: Counts, fixed: int) -> str:
    parts = [f"{n} 个{word}" for n, word in
             ((counts.errors, "错误"), (counts.warnings, "警告"), (counts.infos, "提示")) if n]
    remaining = "、".join(parts)
    if counts.fixable:
        remaining += f"（{counts.fixable} 个可自动修复）"
    if fixed:
        return f"已修复 {fixed} 个，剩余 {remaining}" if parts else f"已修复 {fixed} 个，无剩余问题"
    return f"发现 {remaining}" if parts else "未发现问题"


def _summary_en(counts: Counts, fixed: int) -> str:
    parts = [_plural(n, word) for n, word in
             ((counts.errors, "error"), (counts.warnings, "warning"), (counts.infos, "note")) if n]
    remaining = ", ".join(parts)
    if counts.fixable:
        remaining += f" ({counts.fixable} fixable)"
    if fixed:
        done = f"Fixed {_plural(fixed, 'issue')}"
        return f"{done}; remaining: {remaining}." if parts else f"{done}; none remaining."
    return f"Found {remaining}." if parts else "All checks passed!"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"

import pytest

from jixiao_lint.model.finding import Fix
from jixiao_lint.report.summary import Counts, summary_line

SAFE = Fix("≥ 2400", "safe", 0, 1)
UNSAFE = Fix("≥ 2400", "unsafe", 0, 1)


def test_counts_by_severity_and_only_safe_fixes_as_fixable(finding):
    findings = [finding(fix=SAFE), finding(fix=UNSAFE), finding(severity="warning", fix=SAFE), finding(severity="info")]
    assert Counts.of(findings) == Counts(errors=2, warnings=1, infos=1, fixable=2)
    assert Counts.of(findings).total == 4


@pytest.mark.parametrize(("severities", "fixes", "zh", "en"), [
    ([], 0, "未发现问题", "All checks passed!"),
    (["error"], 0, "发现 1 个错误", "Found 1 error."),
    (["error", "error"], 0, "发现 2 个错误", "Found 2 errors."),
    (["warning"], 1, "发现 1 个警告（1 个可自动修复）", "Found 1 warning (1 fixable)."),
    (["info", "info"], 0, "发现 2 个提示", "Found 2 notes."),
    (["error", "error", "error", "warning"], 2, "发现 3 个错误、1 个警告（2 个可自动修复）",
     "Found 3 errors, 1 warning (2 fixable)."),
    (["error", "warning", "warning", "info"], 0, "发现 1 个错误、2 个警告、1 个提示",
     "Found 1 error, 2 warnings, 1 note."),
])
def test_summary_omits_zero_parts_and_pluralises(finding, severities, fixes, zh, en):
    findings = [finding(severity=s, fix=SAFE if i < fixes else None) for i, s in enumerate(severities)]
    assert summary_line(findings, "zh") == zh
    assert summary_line(findings, "en") == en


def test_unsafe_fixes_are_not_announced_as_fixable(finding):
    assert summary_line([finding(fix=UNSAFE)], "zh") == "发现 1 个错误"
    assert summary_line([finding(fix=UNSAFE)], "en") == "Found 1 error."


@pytest.mark.parametrize(("severities", "fixed", "zh", "en"), [
    ([], 1, "已修复 1 个，无剩余问题", "Fixed 1 issue; none remaining."),
    ([], 2, "已修复 2 个，无剩余问题", "Fixed 2 issues; none remaining."),
    (["error", "warning"], 2, "已修复 2 个，剩余 1 个错误、1 个警告", "Fixed 2 issues; remaining: 1 error, 1 warning."),
])
def test_summary_after_fix_reports_fixed_and_remaining(finding, severities, fixed, zh, en):
    findings = [finding(severity=s) for s in severities]
    assert summary_line(findings, "zh", fixed) == zh
    assert summary_line(findings, "en", fixed) == en

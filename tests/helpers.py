"""Shared helpers for tests: lint text the way the CLI does, and read expectation files."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import yaml

from jixiao_lint.check.engine import Engine, RuleSet, load_rules
from jixiao_lint.lint import FileResult, lint_source, selector
from jixiao_lint.read.files import Source

FIXTURES = Path(__file__).parent / "fixtures"


@cache
def builtin_rules() -> RuleSet:
    return load_rules()


def lint_text(text: str, name: str = "form.yaml", select: list[str] | None = None, settings: dict | None = None,
              rules: RuleSet | None = None) -> FileResult:
    engine = Engine(rules or builtin_rules(), settings, selector(select or [], []))
    result = lint_source(Source(name, None), engine, text.encode("utf-8"))
    # lint_source turns a bug into an F010 finding so a run goes on; in a test, a bug must fail loudly.
    internal = [f.message_en for f in result.findings if f.rule == "F010"]
    assert not internal, internal
    return result


def findings_of(text: str, **kwargs) -> list[tuple]:
    """(rule, document, path, line) of every finding, sorted."""
    return [(f.rule, f.document, f.path, f.line) for f in lint_text(text, **kwargs).findings]


def expected_findings(path: Path) -> set[tuple[str, int, str, str]]:
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return {(f["rule"], f["document"], f["path"], f["severity"]) for f in data.get("findings") or []}


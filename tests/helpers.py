"""Shared helpers for tests: lint text the way the CLI does, and read expectation files."""

from __future__ import annotations

import subprocess
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



@cache
def note_fields_worded() -> dict[str, set[str]]:
    """Kind → the fields of a note (`{note.written}`) the messages of the rule that reports that kind
    fill in, by the rule files: the message whose `when` names the kind, those whose `when` names none,
    and the plain one. What a parser must give every note and error of that kind."""
    from jixiao_lint.check.vector import subexpressions
    from jixiao_lint.parse.rules_language import Attr, Literal, Name
    from jixiao_lint.resources import rules_dir

    def walk(expr):
        yield expr
        for inner in subexpressions(expr):
            yield from walk(inner)

    def kinds(expr) -> set[str]:
        return {e.value for e in walk(expr) if isinstance(e, Literal) and isinstance(e.value, str)}

    def fields(template, var: str) -> set[str]:
        return {e.name for part in template.parts if not isinstance(part, str) for e in walk(part)
                if isinstance(e, Attr) and isinstance(e.obj, Name) and e.obj.name == var}

    from jixiao_lint.parse.rules_language import parse_rule_file

    worded: dict[str, set[str]] = {}
    for path in sorted(rules_dir().glob("*.rules")):
        for rule in parse_rule_file(path.read_text(encoding="utf-8"), str(path)):
            if rule.notes_of is None:
                continue
            var = rule.item_var
            claimed = set().union(*(kinds(when) for when in rule.whens))
            for kind in claimed:
                needed = set()
                for condition, zh, en in rule.messages_when:
                    if kind in kinds(condition) or not kinds(condition):
                        needed |= fields(zh, var) | fields(en, var)
                if rule.message is not None and not any(kind in kinds(c) for c, _, _ in rule.messages_when):
                    needed |= fields(rule.message[0], var) | fields(rule.message[1], var)
                worded.setdefault(kind, set()).update(needed)
    return worded


# What every note record has beside its kind's data (check/notes.py note_items).
NOTE_RECORD = {"kind", "start", "end", "replacement", "suggestion", "owner", "role", "index", "retyped"}


def note_worded(kind: str, data: dict) -> bool:
    """A rule reports this kind of note, and the note's data holds every field that rule's messages fill
    in. A number cell that is no number at all is the schema's to report (S003), not a note rule's."""
    fields = note_fields_worded().get(kind)
    if fields is None:
        return kind == "number-expected"
    return fields <= {*data, *NOTE_RECORD}


def modules_imported(run: subprocess.CompletedProcess) -> set[str]:
    """The modules a `python -X importtime` run imported, read from what it printed on stderr."""
    return {line.rsplit("|", 1)[-1].strip() for line in run.stderr.splitlines() if line.startswith("import time:")}

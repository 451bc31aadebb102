"""One rule, one place: a rule's code is written where the rule is declared (rules/*.rules, @python_rule,
the pipeline's table model/pipeline_rules.py) and nowhere else in src/. Everything else names a rule
through its declaration, so renumbering a rule is one edit."""

from __future__ import annotations

import io
import re
import tokenize
from pathlib import Path

from jixiao_lint.model.pipeline_rules import BY_NAME, PIPELINE_RULES, UNREADABLE

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "jixiao_lint"
CODE = re.compile(r"[A-Z]{1,2}[0-9]{3}")
_STRING = re.compile(r"^(?P<prefix>[rRbBuU]*)(?P<quote>'''|\"\"\"|'|\")(?P<body>.*)(?P=quote)$", re.S)

TABLE = "model/pipeline_rules.py"
EXCEPTIONS: set[str] = set()  # none: keep it so


def code_literals(source: str) -> list[tuple[int, str]]:
    """(line, code) of each string literal that is a rule code, but for a @python_rule's own code."""
    found = []
    previous: list[tokenize.TokenInfo] = []
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type in (tokenize.COMMENT, tokenize.NL, tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT):
            continue
        if token.type == tokenize.STRING:
            literal = _STRING.match(token.string)
            declared = [t.string for t in previous[-2:]] == ["python_rule", "("]
            if literal and CODE.fullmatch(literal["body"]) and not declared:
                found.append((token.start[0], literal["body"]))
        previous = [*previous[-1:], token]
    return found


def _modules() -> dict[str, str]:
    return {path.relative_to(PACKAGE).as_posix(): path.read_text(encoding="utf-8") for path in PACKAGE.rglob("*.py")}


def test_no_rule_code_literal_outside_the_declarations():
    stray = [f"src/jixiao_lint/{name}:{line}: {code}"
             for name, source in sorted(_modules().items()) if name != TABLE and name not in EXCEPTIONS
             for line, code in code_literals(source)]
    assert stray == [], "rule codes written outside their declaration (name the rule through it):\n" + "\n".join(stray)


def test_each_exception_is_still_needed():
    modules = _modules()
    stale = [name for name in sorted(EXCEPTIONS) if name not in modules or not code_literals(modules[name])]
    assert stale == [], f"no code literal left in {stale}: remove them from EXCEPTIONS"


def test_the_check_sees_a_literal_and_lets_a_declaration_be():
    source = ('"""Docstrings may talk about F002."""\n'
              '@python_rule("X003", "template-placeholder")\n'
              'def run(): return "J001"  # a comment about "S001" is no literal\n'
              'CODES = (\n    "F010",\n    f"{x}F002",\n    \'OP001\',\n)\n')
    assert code_literals(source) == [(3, "J001"), (5, "F010"), (7, "OP001")]


_NAMING_CALLS = re.compile(r"\b(?:ReadProblem|report|_file_problem)\(\s*\"(?P<name>[^\"]*)\"")


def test_the_readers_name_rows_of_the_table():
    """The readers and the schema name a finding by its row's name: a misspelt one would be an internal
    error (F010) on the first form that has the problem, so each is checked here."""
    named = {(name, match["name"]) for name in ("read/yaml_tree.py", "read/files.py", "schema/validate.py")
             for match in _NAMING_CALLS.finditer(_modules()[name])}
    assert {name for _, name in named} == {
        "not-utf8", "yaml-syntax", "duplicate-key", "yaml-alias", "empty-document", "file-too-large",
        "ambiguous-scalar", "unreadable-file", "nesting-too-deep", "unknown-key", "missing-key", "wrong-type",
        "bad-value", "not-a-mapping", "yaml-tag"}
    assert all(name in BY_NAME for _, name in named)


def test_the_table_is_whole():
    assert len({rule.code for rule in PIPELINE_RULES}) == len({rule.name for rule in PIPELINE_RULES}) == 18
    assert [rule.code for rule in PIPELINE_RULES if not (rule.doc_zh and rule.doc_en)] == []
    assert [rule.code for rule in PIPELINE_RULES if rule.fixable] == ["F007", "F011", "J001"]
    # what --fix refuses to leave behind: the file no longer reads as the form it was
    assert UNREADABLE == {"F001", "F002", "F003", "F004", "F005", "F009"}


def test_explain_reads_the_table():
    """--explain of a pipeline code shows the table's row: its English doc and when it is found."""
    import subprocess
    import sys

    shown = subprocess.run([sys.executable, "-m", "jixiao_lint", "--lang", "en", "--explain", "J001"],
                           capture_output=True, text=True, check=True).stdout.splitlines()
    assert shown[0] == "# J001 unused-suppression"
    assert BY_NAME["unused-suppression"].doc_en in shown
    assert shown[-2] == "# found after the rules, in the file's suppression comments (check/suppress.py)"

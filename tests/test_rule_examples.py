"""Every rule proves itself on its own documented examples (the same check `jixiao-lint test-rules` runs)."""

from __future__ import annotations

import pytest

from helpers import builtin_rules
from jixiao_lint.commands.test_rules import check_example, rule_examples

EXAMPLES = rule_examples(builtin_rules())


@pytest.mark.parametrize("code,kind,text,where", EXAMPLES, ids=[f"{e[0]}-{e[1]}-{i}" for i, e in enumerate(EXAMPLES)])
def test_rule_example(code: str, kind: str, text: str, where: str) -> None:
    assert check_example(builtin_rules(), code, kind, text, where) == []


def test_every_rule_has_a_passing_and_a_failing_example() -> None:
    kinds: dict[str, set[str]] = {}
    for code, kind, _, _ in EXAMPLES:
        kinds.setdefault(code, set()).add(kind)
    missing = [code for code in builtin_rules().infos if kinds.get(code) != {"pass", "fail"}]
    assert missing == []

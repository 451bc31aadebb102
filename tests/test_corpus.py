"""The annotated corpus of published forms (tests/corpus/real/): every `# expect: CODE` is found on its
line, and no error or warning is reported that the annotations do not expect, whether on a line marked
`# ok: CODE` or on a line that says nothing. The comparison is benchmarks/accuracy.py's, which prints
the per-rule table of the same run."""

from __future__ import annotations

import importlib.util
import sys
from functools import cache
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("accuracy", ROOT / "benchmarks" / "accuracy.py")
accuracy = importlib.util.module_from_spec(_spec)
sys.modules["accuracy"] = accuracy  # its dataclasses look their module up there
_spec.loader.exec_module(accuracy)

FILES = accuracy.corpus_files([accuracy.CORPUS])
IDS = [p.name for p in FILES]

@cache
def _rules():
    from jixiao_lint.check.engine import Engine, load_rules

    rules = load_rules()
    return rules, Engine(rules)


def _outcome(path: Path):
    rules, engine = _rules()
    return accuracy.assess(path, rules, engine)


@pytest.mark.parametrize("path", FILES, ids=IDS)
def test_every_expected_finding_is_found(path: Path) -> None:
    outcome = _outcome(path)
    assert not outcome.unknown, [str(m) for m in outcome.unknown]
    assert [str(m) for m in outcome.misses] == []


@pytest.mark.parametrize("path", FILES, ids=IDS)
def test_no_unexpected_error_or_warning(path: Path) -> None:
    outcome = _outcome(path)
    false = [m for m in outcome.false_on_ok + outcome.false_unmarked
             if m.severity in ("error", "warning")]
    assert [str(m) for m in false] == []


# Documents in the corpus now: it may grow, never shrink unnoticed. (Issue 15 asks for 40; the stored
# public pages the corpus was drawn from held 40 whole or faithfully trimmed forms, from 14 provinces.)
MIN_DOCUMENTS = 40


def test_corpus_breadth() -> None:
    """Documents of every kind, each file citing its source on its first line."""
    kinds = accuracy.documents_in([accuracy.CORPUS])
    assert sum(kinds.values()) >= MIN_DOCUMENTS, kinds
    assert set(kinds) == {"self-evaluation", "target-declaration", "evaluation-report"}, kinds
    for path in FILES:
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith("# source: ") and " — http" in first, f"{path.name}: {first}"


def test_every_document_reads_as_yaml() -> None:
    for path in FILES:
        assert all(isinstance(d, dict) for d in yaml.safe_load_all(path.read_text(encoding="utf-8"))), path.name

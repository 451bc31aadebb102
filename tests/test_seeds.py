"""The five published seed forms: every defect written in their .expected.yaml is found at its path
with its severity, and nothing else is reported on them."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers import FIXTURES, builtin_rules, expected_findings, lint_text

SEEDS = sorted(p for p in (FIXTURES / "seeds").glob("*.yaml") if not p.name.endswith(".expected.yaml"))


def _actual(seed: Path) -> set[tuple[str, int, str, str]]:
    result = lint_text(seed.read_text(encoding="utf-8"), name=seed.name)
    return {(f.rule, f.document, f.path, f.severity) for f in result.findings}


@pytest.mark.parametrize("seed", SEEDS, ids=[p.stem for p in SEEDS])
def test_seed_reports_nothing_unexpected(seed: Path) -> None:
    expected = expected_findings(seed.with_name(seed.stem + ".expected.yaml"))
    unexpected = sorted(_actual(seed) - expected)
    assert unexpected == []


@pytest.mark.parametrize("seed", SEEDS, ids=[p.stem for p in SEEDS])
def test_seed_reports_every_expected_defect(seed: Path) -> None:
    expected = expected_findings(seed.with_name(seed.stem + ".expected.yaml"))
    missing = sorted(expected - _actual(seed))
    assert missing == []


def test_every_seed_has_an_expectation_file() -> None:
    assert len(SEEDS) == 5
    for seed in SEEDS:
        assert seed.with_name(seed.stem + ".expected.yaml").is_file(), seed


def test_expectations_name_only_known_rules() -> None:
    known = set(builtin_rules().infos)
    for seed in SEEDS:
        for rule, *_ in expected_findings(seed.with_name(seed.stem + ".expected.yaml")):
            assert rule in known, f"{seed.name}: {rule}"

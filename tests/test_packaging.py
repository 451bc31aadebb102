"""rules/ and grammars/ ship inside the installed package: a wheel works with no checkout around it."""

from __future__ import annotations

from pathlib import Path

import pytest

import jixiao_lint
from jixiao_lint import resources

REPO = Path(__file__).resolve().parents[1]
PACKAGE = Path(jixiao_lint.__file__).resolve().parent


def test_installed_package_carries_its_rules_and_grammars() -> None:
    if PACKAGE.is_relative_to(REPO / "src"):
        pytest.skip("an editable install reads rules/ and grammars/ from the checkout")
    assert resources.rules_dir() == PACKAGE / "rules"
    assert resources.grammars_dir() == PACKAGE / "grammars"
    shipped = {p.relative_to(PACKAGE / "rules").as_posix() for p in (PACKAGE / "rules").rglob("*") if p.is_file()}
    in_repo = {p.relative_to(REPO / "rules").as_posix() for p in (REPO / "rules").rglob("*") if p.is_file()}
    assert shipped == in_repo
    assert {p.name for p in (PACKAGE / "grammars").iterdir()} == {p.name for p in (REPO / "grammars").iterdir()}
    assert (PACKAGE / "schema" / "form.schema.json").is_file()
    # the HTML report's templates, package data beside report/html.py
    templates = REPO / "src" / "jixiao_lint" / "report" / "templates"
    assert {p.name for p in (PACKAGE / "report" / "templates").iterdir()} == {p.name for p in templates.iterdir()}
    assert (PACKAGE / "schema" / "profile.schema.json").is_file() and (PACKAGE / "rules" / "profiles" / "national.yaml").is_file()

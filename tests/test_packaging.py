"""Two ways the package is run, each proven here. The test suite runs the working tree (an editable
install: an edited rule is tested without reinstalling). A wheel built from it carries rules/, grammars/,
the schemas and templates inside the package, and works with no checkout around it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import jixiao_lint
from jixiao_lint import resources

REPO = Path(__file__).resolve().parents[1]
WHERE = "import jixiao_lint; from jixiao_lint import resources; print(jixiao_lint.__file__, resources.rules_dir(), resources.grammars_dir())"


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    return {**env, "NO_COLOR": "1", "JIXIAO_LINT_NO_CACHE": "1", **extra}


def test_the_suite_tests_the_working_tree(tmp_path: Path) -> None:
    """In this process and in the CLI the tests start, the code, rules and grammars are the checkout's."""
    advice = "the tests import an installed copy, not this checkout: install it with pip install -e '.[test]'"
    assert Path(jixiao_lint.__file__).resolve() == REPO / "src" / "jixiao_lint" / "__init__.py", advice
    assert (resources.rules_dir(), resources.grammars_dir()) == (REPO / "rules", REPO / "grammars"), advice
    done = subprocess.run([sys.executable, "-c", WHERE], cwd=tmp_path, env=_env(), capture_output=True, text=True, timeout=60)
    assert done.stdout.split() == [str(REPO / "src" / "jixiao_lint" / "__init__.py"), str(REPO / "rules"), str(REPO / "grammars")], advice


@pytest.fixture(scope="module")
def wheel_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel built from the working tree, installed alone into an empty directory (its dependencies
    are this environment's)."""
    root = tmp_path_factory.mktemp("wheel")
    pip = [sys.executable, "-m", "pip", "-q", "--disable-pip-version-check"]
    built = subprocess.run([*pip, "wheel", "--no-deps", "-w", str(root / "dist"), str(REPO)],
                           capture_output=True, text=True, timeout=600)
    assert built.returncode == 0, built.stdout[-2000:] + built.stderr[-2000:]
    [wheel] = (root / "dist").glob("jixiao_lint-*.whl")
    installed = subprocess.run([*pip, "install", "--no-deps", "--target", str(root / "site"), str(wheel)],
                               capture_output=True, text=True, timeout=300)
    assert installed.returncode == 0, installed.stdout[-2000:] + installed.stderr[-2000:]
    return root / "site"


def test_the_wheel_carries_its_rules_grammars_schemas_and_templates(wheel_site: Path) -> None:
    package = wheel_site / "jixiao_lint"

    def files(top: Path) -> set[str]:
        return {p.relative_to(top).as_posix() for p in top.rglob("*") if p.is_file() and "__pycache__" not in p.parts}

    assert files(package / "rules") == files(REPO / "rules")
    assert files(package / "grammars") == files(REPO / "grammars")
    assert files(package / "report" / "templates") == files(REPO / "src" / "jixiao_lint" / "report" / "templates")
    assert {"form.schema.json", "profile.schema.json"} <= {p.name for p in (package / "schema").iterdir()}


def test_the_wheel_lints_as_the_checkout_does_with_no_checkout_around(wheel_site: Path, tmp_path: Path) -> None:
    work = tmp_path / "work"
    shutil.copytree(REPO / "examples", work / "examples")
    env = _env(PYTHONPATH=str(wheel_site))
    done = subprocess.run([sys.executable, "-c", WHERE], cwd=work, env=env, capture_output=True, text=True, timeout=60)
    package = wheel_site / "jixiao_lint"
    assert done.stdout.split() == [str(package / "__init__.py"), str(package / "rules"), str(package / "grammars")]
    command = [sys.executable, "-m", "jixiao_lint", "--format", "json", "examples/"]
    from_wheel = subprocess.run(command, cwd=work, env=env, capture_output=True, text=True, timeout=120)
    from_checkout = subprocess.run(command, cwd=work, env=_env(), capture_output=True, text=True, timeout=120)
    assert (from_wheel.returncode, from_wheel.stderr) == (1, "")  # examples/problems.yaml has problems on purpose
    assert from_wheel.stdout == from_checkout.stdout and '"rule": "SC001"' in from_wheel.stdout

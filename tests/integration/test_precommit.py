"""The published pre-commit hook, for real: `pre-commit try-repo <this checkout> jixiao-lint` in a
temporary data repo. pre-commit clones this checkout at its HEAD commit and pip-installs the package into
an environment of its own (PyPI must be reachable), then runs the hook on the files given.

Slow: try-repo installs into a store of its own every time (about 25-35 s a run here, pip's wheel cache
helping). It tests the committed HEAD (`--ref`), not uncommitted changes: commit before trusting it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

CHECKOUT = Path(__file__).resolve().parents[2]
PRE_COMMIT = Path(sys.executable).with_name("pre-commit")
TIMEOUT = 900  # the first run builds the package and installs its dependencies

CLEAN = """\
kind: target-declaration
year: 2024
organization: 重庆市江北区民政局
scope: project
project: 困难群众救助
budget: 120
indicators:
  - {name: 产出-数量-救助人次, unit: 人次, target: ≥ 500, weight: 50}
  - {name: 满意度-服务对象满意度指标-群众满意率, unit: "%", target: ≥ 90, weight: 50}
"""
BROKEN = CLEAN.replace("weight: 50}\n  - {name: 满意度", "weight: 40}\n  - {name: 满意度")  # W001: 90, not 100

pytestmark = [
    pytest.mark.skipif(not (CHECKOUT / ".git").exists(), reason="needs this project as a git checkout"),
    pytest.mark.skipif(shutil.which("git") is None, reason="needs git"),
    pytest.mark.skipif(not PRE_COMMIT.exists(), reason="needs pre-commit installed beside the test's python"),
]


@pytest.fixture(scope="module")
def pre_commit_home(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("pre-commit-home")


@pytest.fixture
def data_repo(tmp_path: Path) -> Path:
    repo = tmp_path / "forms-repo"
    (repo / "forms").mkdir(parents=True)
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    # The data repo's own configuration, found from the repo root where pre-commit runs the hook; it
    # keeps the test to the reading, schema and weight checks, whatever rules are added later.
    (repo / ".jixiao-lint.yaml").write_text("select: [F0, S0, W001]\n", encoding="utf-8")
    return repo


def try_repo(data_repo: Path, home: Path, *files: str) -> subprocess.CompletedProcess:
    head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=CHECKOUT, capture_output=True, text=True, check=True).stdout.strip()
    subprocess.run(["git", "add", "--", *files], cwd=data_repo, check=True)
    env = {**os.environ, "PRE_COMMIT_HOME": str(home), "NO_COLOR": "1", "PRE_COMMIT_COLOR": "never"}
    env.pop("VIRTUAL_ENV", None)
    # --ref: the commit as it is, not a shadow copy with whatever is uncommitted in the working tree.
    # PRE_COMMIT_HOME: nothing (logs, caches) is written to the user's own pre-commit directory.
    return subprocess.run([str(PRE_COMMIT), "try-repo", str(CHECKOUT), "jixiao-lint", "--ref", head, "--files", *files],
                          cwd=data_repo, capture_output=True, text=True, encoding="utf-8", env=env, timeout=TIMEOUT)


def test_hook_fails_on_a_form_with_errors(data_repo: Path, pre_commit_home: Path) -> None:
    (data_repo / "forms" / "ok.yaml").write_text(CLEAN, encoding="utf-8")
    (data_repo / "forms" / "bad.yaml").write_text(BROKEN, encoding="utf-8")
    done = try_repo(data_repo, pre_commit_home, "forms/ok.yaml", "forms/bad.yaml", ".jixiao-lint.yaml")
    assert done.returncode == 1, done.stdout + done.stderr
    assert "jixiao-lint (预算绩效表检查)" in done.stdout and "Failed" in done.stdout
    assert "forms/bad.yaml:" in done.stdout and "W001" in done.stdout
    assert "forms/ok.yaml:" not in done.stdout


def test_hook_passes_on_a_clean_form(data_repo: Path, pre_commit_home: Path) -> None:
    (data_repo / "forms" / "ok.yaml").write_text(CLEAN, encoding="utf-8")
    (data_repo / ".pre-commit-config.yaml").write_text("repos: []\n", encoding="utf-8")  # YAML, but excluded
    done = try_repo(data_repo, pre_commit_home, "forms/ok.yaml", ".pre-commit-config.yaml", ".jixiao-lint.yaml")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Passed" in done.stdout


@pytest.mark.parametrize("snippet", [0, 1], ids=["hook-repo", "local-installed"])
def test_the_configs_in_docs_pre_commit_md_are_valid(tmp_path: Path, snippet: int) -> None:
    # Offline: pre-commit checks a config's shape without fetching anything.
    import re

    blocks = re.findall(r"```yaml\n(.*?)```", (CHECKOUT / "docs" / "pre-commit.md").read_text(encoding="utf-8"), flags=re.S)
    blocks = [block for block in blocks if block.startswith("repos:")]  # the .pre-commit-config.yaml snippets
    assert len(blocks) == 2
    config = tmp_path / ".pre-commit-config.yaml"
    config.write_text(blocks[snippet], encoding="utf-8")
    done = subprocess.run([str(PRE_COMMIT), "validate-config", str(config)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "id: jixiao-lint" in blocks[snippet]


def test_manifest_is_valid() -> None:
    done = subprocess.run([str(PRE_COMMIT), "validate-manifest", str(CHECKOUT / ".pre-commit-hooks.yaml")],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr


def test_hook_shows_warnings_on_a_commit_it_lets_through(data_repo: Path, pre_commit_home: Path) -> None:
    # verbose: true in the manifest: pre-commit prints a passing hook's output, so a warning is seen.
    (data_repo / ".jixiao-lint.yaml").write_text("select: [F0, S0, W001, E001]\n", encoding="utf-8")
    (data_repo / "forms" / "warned.yaml").write_text(CLEAN.replace("target: ≥ 500", 'target: ">= 500"'), encoding="utf-8")
    done = try_repo(data_repo, pre_commit_home, "forms/warned.yaml", ".jixiao-lint.yaml")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Passed" in done.stdout
    assert "forms/warned.yaml:8:" in done.stdout and "E001" in done.stdout

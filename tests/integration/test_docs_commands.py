"""Every command the docs tell a user to type is run here, read from the docs themselves, so a page
cannot drift from what works: the install lines of docs/ci.md in a fresh virtual environment against a
clone of this checkout (its committed HEAD), and each `jixiao-lint …` line of README.md and docs/*.md —
shell blocks and the CI snippets' `run:`/`script:` steps — in a throwaway data repo."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import venv
from pathlib import Path

import pytest
import yaml

from build_workbook import build, load  # tools/, on pytest's pythonpath

CHECKOUT = Path(__file__).resolve().parents[2]
DOCS = [CHECKOUT / "README.md", *sorted((CHECKOUT / "docs").glob("*.md"))]
# The placeholder the docs use for the repository's address; the tests put this checkout there.
DOC_URL = re.compile(r"git\+https://git\.example\.org/finance/jixiao-lint@v[0-9.]+")


def code_blocks(path: Path) -> list[tuple[str, str]]:
    return re.findall(r"```(\w*)\n(.*?)```", path.read_text(encoding="utf-8"), flags=re.S)


def shell_lines(block: str) -> list[str]:
    """A block's commands, without the comment a line ends in (two spaces, then #)."""
    return [re.split(r"\s{2,}#", line)[0].strip() for line in block.splitlines() if line.strip()
            and not line.lstrip().startswith(("#", "$"))]


def ci_steps(block: str) -> list[str]:
    """The shell lines of a CI snippet: GitHub's `run:` steps and GitLab's `script:` items."""
    data = yaml.safe_load(block)
    found: list[str] = []

    def walk(node) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "run" and isinstance(value, str):
                    found.extend(shell_lines(value))
                elif key == "script" and isinstance(value, list):
                    found.extend(shell_lines("\n".join(value)))
                else:
                    walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(data)
    return found


def all_commands() -> list[tuple[str, str]]:
    """(doc, command) for every shell line of the docs, in order."""
    out = []
    for path in DOCS:
        for lang, block in code_blocks(path):
            if lang in ("sh", "bash", ""):
                out += [(path.name, line) for line in shell_lines(block)]
            elif lang == "yaml" and re.search(r"^\s*(run|script):", block, flags=re.M):
                out += [(path.name, line) for line in ci_steps(block)]
    return out


def install_blocks() -> list[list[str]]:
    text = (CHECKOUT / "docs" / "ci.md").read_text(encoding="utf-8")
    section = text.split("## Installing jixiao-lint", 1)[1].split("\n## ", 1)[0]
    return [shell_lines(block) for lang, block in re.findall(r"```(\w*)\n(.*?)```", section, flags=re.S) if lang == "sh"]


def test_every_pip_install_in_the_docs_is_one_that_is_tested() -> None:
    tested = {line for block in install_blocks() for line in block}
    assert len(install_blocks()) == 2  # from the git repository; from a wheel
    installs = [(doc, line) for doc, line in all_commands() if re.match(r"(\S*/)?pip install", line)]
    assert installs, "the docs say how to install"
    for doc, line in installs:
        if line.startswith((".venv/bin/pip", "python3 -m venv")) or line in ("pip install pre-commit",):
            continue  # README's commands inside the checkout; pre-commit itself comes from PyPI
        assert line in tested, f"{doc}: `{line}` is not one of the install commands tested here"
    for path in DOCS:
        assert "jixiao-lint==" not in path.read_text(encoding="utf-8"), f"{path.name}: jixiao-lint is not on PyPI"


@pytest.mark.skipif(not (CHECKOUT / ".git").exists() or shutil.which("git") is None, reason="needs a git checkout")
@pytest.mark.parametrize("route", [0, 1], ids=["from-git", "from-a-wheel"])
def test_the_documented_install_works_outside_the_checkout(tmp_path: Path, route: int) -> None:
    head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=CHECKOUT, capture_output=True, text=True, check=True).stdout.strip()
    env_dir = tmp_path / "env"
    venv.create(env_dir, with_pip=True)
    work = tmp_path / "work"
    work.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "PYTHONPATH")}
    env["PATH"] = f"{env_dir / 'bin'}{os.pathsep}{env['PATH']}"
    for line in install_blocks()[route]:
        # file://localhost/…: a PEP 508 URL needs a host; git clones this checkout from it.
        command = DOC_URL.sub(f"git+file://localhost{CHECKOUT}@{head}", line)
        done = subprocess.run(command, shell=True, cwd=work, env=env, capture_output=True, text=True, timeout=900)
        assert done.returncode == 0, f"{command}\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}"
    (work / "forms").mkdir()
    shutil.copy(CHECKOUT / "examples" / "clean-target-declaration.yaml", work / "forms" / "ok.yaml")
    done = subprocess.run(["jixiao-lint", "forms/"], cwd=work, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    where = subprocess.run(["python", "-c", "import jixiao_lint; print(jixiao_lint.__file__)"], cwd=work, env=env,
                           capture_output=True, text=True, timeout=60).stdout
    assert where.startswith(str(env_dir)), where  # the installed package, not the checkout's source


FORM_WITH_A_WARNING = (CHECKOUT / "examples" / "clean-self-evaluation.yaml").read_text(encoding="utf-8")


MY_RULE = """\
rule XR001 weight-not-zero: warning
  summary "指标权重为 0" / "an indicator weighs nothing"
  for indicator in indicators
  when indicator.weight != null and num(indicator.weight) == 0
  at indicator.weight
  message "指标“{indicator.name}”的权重为 0" / "indicator {indicator.name} has a weight of 0"
  pass \"\"\"
  kind: target-declaration
  year: 2024
  organization: 民政局
  scope: project
  indicators:
    - {name: 救助人次, unit: 人次, target: ≥ 500, weight: 100}
  \"\"\"
  fail \"\"\"
  kind: target-declaration
  year: 2024
  organization: 民政局
  scope: project
  indicators:
    - {name: 救助人次, unit: 人次, target: ≥ 500, weight: 0}  # expect: XR001
  \"\"\"
end
"""


@pytest.fixture
def data_repo(tmp_path: Path) -> Path:
    """A data repo as the docs assume one: forms/ under git with a base branch, an Excel form to import,
    a rule pack with samples."""
    repo = tmp_path / "data"
    (repo / "forms").mkdir(parents=True)
    for example in ("clean-target-declaration.yaml", "problems.yaml"):
        shutil.copy(CHECKOUT / "examples" / example, repo / "forms" / example)
    fixture = CHECKOUT / "tests" / "fixtures" / "import" / "yitihua-project-self-evaluation.workbook.yaml"
    for name in ("form.xlsx", "自评表.xlsx"):
        build(load(fixture), repo / name)
    (repo / "my-rules").mkdir()
    (repo / "my-rules" / "weights.rules").write_text(MY_RULE, encoding="utf-8")
    (repo / "samples").mkdir()
    (repo / "samples" / "weights.yaml").write_text(
        "kind: target-declaration\nyear: 2024\norganization: 民政局\nscope: project\nindicators:\n"
        "  - {name: 救助人次, unit: 人次, target: ≥ 500, weight: 0}  # expect: XR001\n"
        "  - {name: 群众满意率, unit: '%', target: ≥ 90, weight: 100}  # ok: XR001\n", encoding="utf-8")
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.org"]
    subprocess.run(["git", "init", "-q", "-b", "main", str(repo)], check=True)
    subprocess.run([*git, "add", "-A"], cwd=repo, check=True)
    subprocess.run([*git, "commit", "-qm", "forms"], cwd=repo, check=True)
    subprocess.run(["git", "update-ref", "refs/remotes/origin/main", "HEAD"], cwd=repo, check=True)
    (repo / "forms" / "problems.yaml").write_text((repo / "forms" / "problems.yaml").read_text(encoding="utf-8") + "\n",
                                                  encoding="utf-8")
    subprocess.run([*git, "commit", "-qam", "a change"], cwd=repo, check=True)
    return repo


def test_every_jixiao_lint_command_in_the_docs_runs(data_repo: Path) -> None:
    commands = [(doc, line) for doc, line in all_commands() if "jixiao-lint" in line.split("|")[-1].split()[0:3]
                or line.startswith("jixiao-lint ") or "| xargs -r jixiao-lint" in line]
    commands = [(doc, line) for doc, line in commands if not line.startswith(("python3 ", "pip ", "pre-commit "))]
    # `--watch` runs until Ctrl-C: tests/integration/test_watch.py starts it as the README says, edits a
    # form and interrupts it
    commands = [(doc, line) for doc, line in commands if "--watch" not in line.split()]
    assert len(commands) >= 20, commands
    env = {**os.environ, "BASE_BRANCH": "main", "NO_COLOR": "1",
           "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    ran = []
    for doc, command in commands:
        done = subprocess.run(["bash", "-c", f"set -o pipefail; {command}"], cwd=data_repo, env=env,
                              capture_output=True, text=True, encoding="utf-8", timeout=300)
        trouble = re.search(r"usage:|用法：|Traceback|internal error|内部错误|error: (unrecognized|argument)|: 错误：|No such file|不存在；", done.stderr)
        # xargs exits 123 when the command it ran exited 1 (findings): the job fails, as it should.
        allowed = (0, 1, 123) if "| xargs" in command else (0, 1)
        assert done.returncode in allowed and not trouble, f"{doc}: `{command}` exited {done.returncode}\n{done.stderr}"
        ran.append(command)
        if "| xargs" in command:
            assert "forms/problems.yaml" in done.stdout  # the changed form was linted
    assert any("--format github" in c for c in ran) and any("import 自评表.xlsx" in c for c in ran)
    assert (data_repo / "forms" / "2023" / "huaxin.yaml").is_file()  # the import commands wrote it

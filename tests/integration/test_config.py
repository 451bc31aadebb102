"""Configuration through the real CLI in a subprocess: `[tool.jixiao-lint]` in pyproject.toml or
`.jixiao-lint.yaml`, the nearest to the current directory winning; every setting has an effect, and a
wrong one stops the run with exit 2 and a did-you-mean."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

FORM = """\
kind: self-evaluation
year: 2023
organization: 华新街街道办事处
indicators:
  - name: 清扫保洁面积
    unit: 万平方米
    target: $\\geqslant$ 50
    weight: "54. 36"
  - name: 群众满意度
    unit: "%"
    target: ≥ 90
    weight: 45.64
"""
# Weights 100.5: off by more than the default tolerance 0.01, within a configured 1.
OFF_BY_HALF = FORM.replace("45.64", "46.14")
REPORT = """\
kind: evaluation-report
year: 2023
organization: 重庆市江北区人民政府石马河街道办事处
total_score: 85
grade: 优
"""
# A rule pack of the data repo's own: the grade must follow the configured grade bands.
GRADE_RULE = """\
rule X101 grade-by-bands: error
  summary "评价等级与得分不符" / "grade disagrees with the score"
  for document where kind == "evaluation-report"
  let expected = first(b.grade for b in grade_bands if num(total_score) >= b.min)
  when grade != expected
  at grade
  message "得分 {total_score} 应评为“{expected}”" / "a score of {total_score} is graded {expected}"
end
"""


def lint(cwd: Path, *argv: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "jixiao_lint", *argv], cwd=cwd, capture_output=True, text=True,
                          encoding="utf-8", timeout=120, env={"PATH": "/usr/bin:/bin", "NO_COLOR": "1"})


# The rules these forms are about: findings of rules added later are left out of the comparisons.
WATCHED = {"E001", "E005", "W001", "X101"}


def rules_found(cwd: Path, *argv: str) -> list[tuple[str, str]]:
    done = lint(cwd, "--format", "json", *argv)
    assert done.returncode in (0, 1), done.stderr
    return [(f["rule"], f["severity"]) for f in json.loads(done.stdout) if f["rule"] in WATCHED or f["rule"].startswith(("F0", "S0"))]


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    (tmp_path / "forms").mkdir()
    (tmp_path / "forms" / "a.yaml").write_text(FORM, encoding="utf-8")
    return tmp_path


def test_no_configuration(repo: Path) -> None:
    assert rules_found(repo, "forms") == [("E001", "warning"), ("E005", "warning")]


def test_select_and_ignore_in_yaml(repo: Path) -> None:
    (repo / ".jixiao-lint.yaml").write_text("select: [E]\nignore: [E005]\n", encoding="utf-8")
    assert rules_found(repo, "forms") == [("E001", "warning")]


def test_select_in_pyproject(repo: Path) -> None:
    (repo / "pyproject.toml").write_text('[project]\nname = "forms"\n\n[tool.jixiao-lint]\nselect = ["E005"]\n',
                                         encoding="utf-8")
    assert rules_found(repo, "forms") == [("E005", "warning")]


def test_command_line_select_overrides_the_file(repo: Path) -> None:
    (repo / ".jixiao-lint.yaml").write_text("select: [E005]\n", encoding="utf-8")
    assert rules_found(repo, "--select", "E001", "forms") == [("E001", "warning")]


def test_per_rule_severity_changes_the_exit_status(repo: Path) -> None:
    (repo / ".jixiao-lint.yaml").write_text("select: [E001, E005]\n", encoding="utf-8")
    assert lint(repo, "forms").returncode == 0  # warnings only
    (repo / ".jixiao-lint.yaml").write_text("select: [E001, E005]\nseverity:\n  E001: error\n", encoding="utf-8")
    assert rules_found(repo, "forms") == [("E001", "error"), ("E005", "warning")]
    assert lint(repo, "forms").returncode == 1


def test_fail_on_warning(repo: Path) -> None:
    (repo / ".jixiao-lint.yaml").write_text("select: [E001, E005]\n", encoding="utf-8")
    assert lint(repo, "forms").returncode == 0
    (repo / ".jixiao-lint.yaml").write_text("select: [E001, E005]\nfail-on: warning\n", encoding="utf-8")  # dashes too
    assert lint(repo, "forms").returncode == 1


def test_tolerance(repo: Path) -> None:
    (repo / "forms" / "a.yaml").write_text(OFF_BY_HALF, encoding="utf-8")
    assert ("W001", "error") in rules_found(repo, "forms")
    (repo / ".jixiao-lint.yaml").write_text("tolerance: 1\n", encoding="utf-8")
    assert ("W001", "error") not in rules_found(repo, "forms")


def test_extra_rule_pack_and_grade_bands(repo: Path) -> None:
    (repo / "checks").mkdir()
    (repo / "checks" / "grades.rules").write_text(GRADE_RULE, encoding="utf-8")
    (repo / "forms" / "report.yaml").write_text(REPORT, encoding="utf-8")
    (repo / ".jixiao-lint.yaml").write_text("rules: [checks]\nselect: [X]\n", encoding="utf-8")
    done = lint(repo, "--format", "json", "forms")
    assert [(f["rule"], f["file"], f["message"]) for f in json.loads(done.stdout)] == [
        ("X101", "forms/report.yaml", "得分 85 应评为“良”")]
    (repo / ".jixiao-lint.yaml").write_text(
        "rules: [checks]\nselect: [X]\ngrade_bands:\n  - {grade: 优, min: 85}\n  - {grade: 良, min: 75}\n"
        "  - {grade: 中, min: 60}\n  - {grade: 差, min: 0}\n", encoding="utf-8")
    assert rules_found(repo, "forms") == []


def test_rule_pack_path_is_relative_to_the_config_file(repo: Path) -> None:
    (repo / "checks").mkdir()
    (repo / "checks" / "grades.rules").write_text(GRADE_RULE, encoding="utf-8")
    (repo / "forms" / "report.yaml").write_text(REPORT, encoding="utf-8")
    (repo / ".jixiao-lint.yaml").write_text("rules: [checks]\nselect: [X]\n", encoding="utf-8")
    assert rules_found(repo / "forms", ".") == [("X101", "error")]  # run from below the config


def test_exclude(repo: Path) -> None:
    (repo / "forms" / "archive").mkdir()
    (repo / "forms" / "archive" / "old.yaml").write_text("kind: [\n", encoding="utf-8")
    (repo / "forms" / "draft.yaml").write_text("kind: [\n", encoding="utf-8")
    assert {f for f, in [(f["file"],) for f in json.loads(lint(repo, "--format", "json", ".").stdout)]} == {
        "forms/a.yaml", "forms/archive/old.yaml", "forms/draft.yaml"}
    (repo / ".jixiao-lint.yaml").write_text("exclude: [archive, 'draft*.yaml']\n", encoding="utf-8")
    assert {f["file"] for f in json.loads(lint(repo, "--format", "json", ".").stdout)} == {"forms/a.yaml"}
    # A path pattern reads from where the run starts, `./` or not.
    (repo / ".jixiao-lint.yaml").write_text("exclude: [forms/archive, forms/draft.yaml]\n", encoding="utf-8")
    for root in (".", "./", "forms"):
        assert {f["file"] for f in json.loads(lint(repo, "--format", "json", root).stdout)} == {"forms/a.yaml"}


def test_nearest_configuration_to_each_file_wins(repo: Path) -> None:
    (repo / ".jixiao-lint.yaml").write_text("select: [E001]\n", encoding="utf-8")
    (repo / "forms" / ".jixiao-lint.yaml").write_text("select: [E005]\n", encoding="utf-8")
    assert rules_found(repo, "forms") == [("E005", "warning")]  # from the top, the form still gets its own config
    assert rules_found(repo / "forms", ".") == [("E005", "warning")]
    assert rules_found(repo, "--config", ".jixiao-lint.yaml", "forms") == [("E001", "warning")]  # unless one is named


def test_worker_processes_lint_each_directory_with_its_own_configuration(repo: Path) -> None:
    # Enough files for a pool of workers (runner.PARALLEL_THRESHOLD) under two configurations: the
    # workers are handed each configuration's engine, and the output is that of one process.
    (repo / ".jixiao-lint.yaml").write_text("select: [E001]\n", encoding="utf-8")
    (repo / "other").mkdir()
    (repo / "other" / ".jixiao-lint.yaml").write_text("select: [E005]\n", encoding="utf-8")
    for i in range(16):
        (repo / "forms" / f"f{i:02d}.yaml").write_text(FORM, encoding="utf-8")
        (repo / "other" / f"o{i:02d}.yaml").write_text(FORM, encoding="utf-8")
    serial, pooled = (lint(repo, "--format", "json", "--jobs", jobs, "forms", "other") for jobs in ("1", "2"))
    assert pooled.stdout == serial.stdout
    found = {(f["file"].split("/")[0], f["rule"]) for f in json.loads(pooled.stdout)}
    assert found == {("forms", "E001"), ("other", "E005")}
    assert len(json.loads(pooled.stdout)) == 33  # 17 forms with E001, 16 with E005


def test_a_pyproject_without_our_table_is_passed_over(repo: Path) -> None:
    (repo / ".jixiao-lint.yaml").write_text("select: [E001]\n", encoding="utf-8")
    (repo / "forms" / "pyproject.toml").write_text('[project]\nname = "x"\n', encoding="utf-8")
    assert rules_found(repo / "forms", ".") == [("E001", "warning")]


def test_explicit_config_file(repo: Path) -> None:
    (repo / "strict.yaml").write_text("ignore: [E001]\n", encoding="utf-8")
    assert rules_found(repo, "--config", "strict.yaml", "forms") == [("E005", "warning")]


def test_show_settings(repo: Path) -> None:
    (repo / ".jixiao-lint.yaml").write_text("ignore: [e005]\nseverity: {e001: error}\ntolerance: 0.5\n", encoding="utf-8")
    done = lint(repo, "--show-settings")
    assert done.returncode == 0
    shown = json.loads(done.stdout)
    assert shown["config_file"] == str((repo / ".jixiao-lint.yaml").resolve())
    assert shown["ignore"] == ["E005"] and shown["severity"] == {"E001": "error"}
    assert shown["tolerance"] == 0.5
    # Defaults are shown too: the effective configuration, not just what the file says.
    assert shown["weight_total"] == 100 and shown["fail_on"] == "error" and shown["max_file_size"] == 16 * 1024 * 1024
    assert shown["grade_bands"][0] == {"grade": "优", "min": 90}


# (file, text, the message after "jixiao-lint: <file>" by default, the same under --lang en); a message
# that ends with … quotes the parser's own words after it.
@pytest.mark.parametrize(("name", "text", "zh", "en"), [
    (".jixiao-lint.yaml", "selct: [E]\n", "：未知的设置“selct”；是不是“select”？", ": unknown setting 'selct'; did you mean 'select'?"),
    (".jixiao-lint.yaml", "tolerence: 0.1\n", "：未知的设置“tolerence”；是不是“tolerance”？",
     ": unknown setting 'tolerence'; did you mean 'tolerance'?"),
    ("pyproject.toml", "[tool.jixiao-lint]\nignor = ['E001']\n", "：未知的设置“ignor”；是不是“ignore”？",
     ": unknown setting 'ignor'; did you mean 'ignore'?"),
    (".jixiao-lint.yaml", "severity: {E001: warn}\n", "：E001 的“severity”应为 error、warning 或 info，现为 'warn'；是不是“warning”？",
     ": 'severity' of E001 must be error, warning or info, got 'warn'; did you mean 'warning'?"),
    (".jixiao-lint.yaml", "fail_on: errors\n", "：“fail_on”应为 error、warning 或 info，现为 'errors'；是不是“error”？",
     ": 'fail_on' must be error, warning or info, got 'errors'; did you mean 'error'?"),
    (".jixiao-lint.yaml", "tolerance: 一分\n", "：“tolerance”应为不小于 0 的数，现为 '一分'", ": 'tolerance' must be a non-negative number, got '一分'"),
    (".jixiao-lint.yaml", "grade_bands: [{grade: 优}]\n",
     "：“grade_bands”应为 {grade, min} 的列表，从高到低，如 [{grade: 优, min: 90}, {grade: 良, min: 80}]，现为 [{'grade': '优'}]",
     ": 'grade_bands' must be a list of {grade, min}, best first, e.g. [{grade: 优, min: 90}, {grade: 良, min: 80}], "
     "got [{'grade': '优'}]"),
    (".jixiao-lint.yaml", "grade_bands: [{grade: 优, min: true}]\n",
     "：“grade_bands”应为 {grade, min} 的列表，从高到低，如 [{grade: 优, min: 90}, {grade: 良, min: 80}]，现为 [{'grade': '优', 'min': True}]",
     ": 'grade_bands' must be a list of {grade, min}, best first, e.g. [{grade: 优, min: 90}, {grade: 良, min: 80}], "
     "got [{'grade': '优', 'min': True}]"),
    (".jixiao-lint.yaml", "grade_bands: [{grade: 良, min: 80}, {grade: 优, min: 90}]\n",
     "：“grade_bands”应为从高到低排列、min 逐级递减的列表，现为 [{'grade': '良', 'min': 80}, {'grade': '优', 'min': 90}]",
     ": 'grade_bands' must be ordered best first with falling minimums, got [{'grade': '良', 'min': 80}, {'grade': '优', 'min': 90}]"),
    (".jixiao-lint.yaml", "lang: fr\n", "：“lang”应为 zh 或 en，现为 'fr'", ": 'lang' must be zh or en, got 'fr'"),
    (".jixiao-lint.yaml", "select: [\n", "：配置文件无法解析，请修正其语法：while parsing a flow node…",
     ": the configuration does not parse: while parsing a flow node…"),
    (".jixiao-lint.yaml", "- E001\n", "：配置应是“设置名: 值”的映射", ": the configuration must be a mapping of settings"),
    ("pyproject.toml", "[tool.jixiao-lint\n", "：配置文件无法解析，请修正其语法：Expected ']' at the end of a table declaration…",
     ": the configuration does not parse: Expected ']' at the end of a table declaration…"),
])
def test_bad_configuration_exits_2(repo: Path, name: str, text: str, zh: str, en: str) -> None:
    (repo / name).write_text(text, encoding="utf-8")
    for argv, message in ((["forms"], zh), (["--lang", "en", "forms"], en)):
        done = lint(repo, *argv)
        assert done.returncode == 2
        assert done.stdout == ""
        said = f"jixiao-lint: {repo / name}{message}"
        assert done.stderr.startswith(said.removesuffix("…")) if said.endswith("…") else done.stderr == said + "\n", done.stderr


def test_unknown_code_in_select_exits_2(repo: Path) -> None:
    (repo / ".jixiao-lint.yaml").write_text("select: [Q9]\n", encoding="utf-8")
    done = lint(repo, "forms")
    config = repo / ".jixiao-lint.yaml"
    assert done.returncode == 2
    assert done.stderr == f"jixiao-lint: select/ignore（{config}）：没有以“Q9”开头的规则代码；可用 --list-rules 查看全部规则\n"
    (repo / ".jixiao-lint.yaml").write_text("select: [Q9]\nlang: en\n", encoding="utf-8")  # the configuration's language
    done = lint(repo, "forms")
    assert done.stderr == f"jixiao-lint: select/ignore ({config}): no rule code starts with 'Q9'; see --list-rules\n"


def test_a_subdirectory_config_applies_its_own_ignore_and_exclude(repo: Path) -> None:
    (repo / "forms" / "2024" / "drafts").mkdir(parents=True)
    (repo / "forms" / "2024" / "b.yaml").write_text(FORM, encoding="utf-8")
    (repo / "forms" / "2024" / "drafts" / "c.yaml").write_text("kind: [\n", encoding="utf-8")
    (repo / "forms" / "2024" / ".jixiao-lint.yaml").write_text("exclude: [drafts]\nignore: [E]\n", encoding="utf-8")
    found = {(f["file"], f["rule"]) for f in json.loads(lint(repo, "--format", "json", "forms").stdout)
             if f["rule"] in WATCHED or f["rule"].startswith("F0")}
    assert found == {("forms/a.yaml", "E001"), ("forms/a.yaml", "E005")}  # 2024/ ignores E; drafts/ is excluded


def test_extend_builds_on_the_root_configuration(repo: Path) -> None:
    # FORM has E001 and E005 (warnings) and W001 within tolerance 1 when its weights are 100.5.
    (repo / "forms" / "a.yaml").write_text(OFF_BY_HALF, encoding="utf-8")
    (repo / ".jixiao-lint.yaml").write_text("tolerance: 1\nseverity: {E001: error}\n", encoding="utf-8")
    (repo / "forms" / ".jixiao-lint.yaml").write_text("ignore: [E005]\n", encoding="utf-8")
    # Without extend the nearest file is the whole configuration: the root's tolerance and severity are not read.
    assert rules_found(repo, "forms") == [("W001", "error"), ("E001", "warning")]
    (repo / "forms" / ".jixiao-lint.yaml").write_text("extend: ../.jixiao-lint.yaml\nignore: [E005]\n", encoding="utf-8")
    assert rules_found(repo, "forms") == [("E001", "error")]  # tolerance 1 and E001 as an error from the root
    shown = json.loads(lint(repo, "--show-settings", "forms/a.yaml").stdout)
    assert shown["config_file"] == str(repo / "forms" / ".jixiao-lint.yaml")
    assert shown["extends"] == [str(repo / ".jixiao-lint.yaml")]
    assert (shown["tolerance"], shown["severity"], shown["ignore"]) == (1, {"E001": "error"}, ["E005"])
    # A setting the extending file names replaces the extended one's, lists and mappings whole.
    (repo / "forms" / ".jixiao-lint.yaml").write_text("extend: ../.jixiao-lint.yaml\nseverity: {E005: error}\n",
                                                      encoding="utf-8")
    assert rules_found(repo, "forms") == [("E001", "warning"), ("E005", "error")]


def test_extend_chains_and_reads_paths_from_their_own_file(repo: Path) -> None:
    (repo / "checks").mkdir()
    (repo / "checks" / "grade.rules").write_text(GRADE_RULE, encoding="utf-8")
    (repo / "base.yaml").write_text("rules: [checks]\ngrade_bands: [{grade: 优, min: 90}, {grade: 良, min: 80}]\n"
                                    "exclude: [forms/2024/drafts]\n", encoding="utf-8")
    (repo / ".jixiao-lint.yaml").write_text("extend: base.yaml\n", encoding="utf-8")
    (repo / "forms" / "2024" / "drafts").mkdir(parents=True)
    (repo / "forms" / "2024" / "drafts" / "x.yaml").write_text("kind: [\n", encoding="utf-8")
    (repo / "forms" / "2024" / "report.yaml").write_text(REPORT, encoding="utf-8")
    (repo / "forms" / "2024" / ".jixiao-lint.yaml").write_text("extend: ../../.jixiao-lint.yaml\n", encoding="utf-8")
    found = {(f["file"], f["rule"]) for f in json.loads(lint(repo, "--format", "json", "forms").stdout)
             if f["rule"] in WATCHED or f["rule"].startswith("F0")}
    # The pack (relative to base.yaml) and its bands reach forms/2024 through two extends; the drafts
    # directory stays excluded, its pattern read from the repository root where base.yaml is.
    assert ("forms/2024/report.yaml", "X101") in found
    assert not any(file.startswith("forms/2024/drafts") for file, _ in found)
    shown = json.loads(lint(repo, "--show-settings", "forms/2024/report.yaml").stdout)
    assert shown["extends"] == [str(repo / ".jixiao-lint.yaml"), str(repo / "base.yaml")]
    assert shown["rules"] == [str(repo / "checks")]


@pytest.mark.parametrize(("files", "zh", "en"), [
    ({".jixiao-lint.yaml": "extend: b.yaml\n", "b.yaml": "extend: .jixiao-lint.yaml\n"},
     "{b}：'extend' 形成了循环：{a} → {b} → {a}；请去掉其中一个 extend", "{b}: 'extend' makes a cycle: {a} → {b} → {a}"),
    ({".jixiao-lint.yaml": "extend: .jixiao-lint.yaml\n"},
     "{a}：'extend' 形成了循环：{a} → {a}；请去掉其中一个 extend", "{a}: 'extend' makes a cycle: {a} → {a}"),
    ({".jixiao-lint.yaml": "extend: nowhere.yaml\n"},
     "{a}：'extend' 指向的 nowhere.yaml 不是文件（{repo}/nowhere.yaml）；请检查路径（相对于本配置文件）",
     "{a}: 'extend' names nowhere.yaml, which is not a file ({repo}/nowhere.yaml)"),
    ({".jixiao-lint.yaml": "extend: [a.yaml]\n"}, "{a}：'extend' 应是另一个配置文件的路径，现为 ['a.yaml']",
     "{a}: 'extend' must be the path of another configuration file, got ['a.yaml']"),
    ({".jixiao-lint.yaml": "extend: b.yaml\n", "b.yaml": "selct: [E]\n"}, "{b}：未知的设置“selct”；是不是“select”？",
     "{b}: unknown setting 'selct'; did you mean 'select'?"),
])
def test_bad_extend_exits_2(repo: Path, files: dict[str, str], zh: str, en: str) -> None:
    for name, text in files.items():
        (repo / name).write_text(text, encoding="utf-8")
    names = {"a": (repo / ".jixiao-lint.yaml").resolve(), "b": (repo / "b.yaml").resolve(), "repo": repo.resolve()}
    for argv, message in ((["forms"], zh), (["--lang", "en", "forms"], en)):
        done = lint(repo, *argv)
        assert done.returncode == 2 and done.stdout == ""
        assert done.stderr == f"jixiao-lint: {message.format(**names)}\n", done.stderr


def test_show_settings_for_a_path_and_stdin_finds_its_configuration(repo: Path) -> None:
    (repo / ".jixiao-lint.yaml").write_text("select: [E001]\n", encoding="utf-8")
    (repo / "forms" / ".jixiao-lint.yaml").write_text("select: [E005]\n", encoding="utf-8")
    assert json.loads(lint(repo, "--show-settings").stdout)["select"] == ["E001"]
    assert json.loads(lint(repo, "--show-settings", "forms/a.yaml").stdout)["select"] == ["E005"]
    assert json.loads(lint(repo, "--show-settings", "forms").stdout)["select"] == ["E005"]
    assert json.loads(lint(repo, "--show-settings", "--stdin-filename", "forms/new.yaml", "-").stdout)["select"] == ["E005"]
    # An editor piping a buffer: linted with the configuration of the file it will be saved as.
    done = subprocess.run([sys.executable, "-m", "jixiao_lint", "--format", "json", "--stdin-filename", "forms/new.yaml", "-"],
                          cwd=repo, input=FORM, capture_output=True, text=True, encoding="utf-8", timeout=120)
    assert [(f["file"], f["rule"]) for f in json.loads(done.stdout) if f["rule"] in WATCHED] == [("forms/new.yaml", "E005")]

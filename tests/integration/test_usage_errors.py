"""A run that cannot be done (exit 2) says why in the run's language: Chinese by default, English under
--lang en or the configuration's `lang` — argparse's own complaints included (errors.py). Each message
family once in each language, as the user sees it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from jixiao_lint.errors import argparse_zh, requested_language

HELP_ZH = "；运行 jixiao-lint --help 查看全部选项\n"
HELP_EN = "; see jixiao-lint --help\n"


def run(cwd: Path, *argv: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "jixiao_lint", *argv], cwd=cwd, capture_output=True, text=True,
                          encoding="utf-8", timeout=120, env={"PATH": "/usr/bin:/bin", "NO_COLOR": "1"})


def last_line(done: subprocess.CompletedProcess) -> str:
    assert done.returncode == 2 and done.stdout == "", done
    return done.stderr.splitlines(keepends=True)[-1]


@pytest.mark.parametrize(("argv", "zh", "en"), [
    (["--frmat", "json", "."], "无法识别的参数：--frmat", "unrecognized arguments: --frmat"),
    (["--format", "xml"], "选项 --format 的值 'xml' 无效，可选：'text', 'json', 'sarif', 'github', 'junit', 'html'",
     "argument --format: invalid choice: 'xml' (choose from 'text', 'json', 'sarif', 'github', 'junit', 'html')"),
    (["--jobs", "many"], "选项 --jobs 的值 'many' 无效，应为整数", "argument --jobs: invalid int value: 'many'"),
    (["--select"], "选项 --select 需要一个值", "argument --select: expected one argument"),
    (["--li"], "选项 --li 有歧义，可能是 --list-rules, --list-functions；请写出完整的选项名",
     "ambiguous option: --li could match --list-rules, --list-functions"),
])
def test_argparse_errors_are_said_in_the_runs_language(tmp_path: Path, argv: list[str], zh: str, en: str) -> None:
    done = run(tmp_path, *argv)
    assert done.stderr.startswith("用法：jixiao-lint [-h]"), done.stderr  # the usage line keeps the option names
    assert last_line(done) == f"jixiao-lint: 错误：{zh}{HELP_ZH}"
    done = run(tmp_path, "--lang", "en", *argv)
    assert done.stderr.startswith("usage: jixiao-lint [-h]")
    assert last_line(done) == f"jixiao-lint: error: {en}{HELP_EN}"


def test_argparse_errors_follow_the_configurations_lang(tmp_path: Path) -> None:
    (tmp_path / ".jixiao-lint.yaml").write_text("lang: en\n", encoding="utf-8")
    assert last_line(run(tmp_path, "--jobs", "many")) == f"jixiao-lint: error: argument --jobs: invalid int value: 'many'{HELP_EN}"
    # --lang wins over the configuration, as it does for findings
    assert last_line(run(tmp_path, "--lang=zh", "--jobs", "many")) == f"jixiao-lint: 错误：选项 --jobs 的值 'many' 无效，应为整数{HELP_ZH}"


def test_an_invalid_lang_is_said_in_chinese(tmp_path: Path) -> None:
    assert last_line(run(tmp_path, "--lang", "fr")) == f"jixiao-lint: 错误：选项 --lang 的值 'fr' 无效，可选：'zh', 'en'{HELP_ZH}"


@pytest.mark.parametrize(("argv", "zh", "en"), [
    (["missing.yaml"], "missing.yaml：文件或目录不存在；请检查路径", "missing.yaml: no such file or directory"),
    (["--explain", "ZZ999"], "没有代码为 ZZ999 的规则；可用 --list-rules 查看全部规则", "no rule with code ZZ999; see --list-rules"),
    (["--select", "QQ9", "."], "select/ignore：没有以“QQ9”开头的规则代码；可用 --list-rules 查看全部规则",
     "select/ignore: no rule code starts with 'QQ9'; see --list-rules"),
    (["--rules", "nowhere.rules", "."], "规则文件有误：nowhere.rules:1:1: 规则文件或目录不存在；请检查 --rules 或配置中 rules 的路径",
     "rule file error: nowhere.rules:1:1: no such rule file or directory"),
    (["--rules", "bad.rules", "."], "规则文件有误：bad.rules:2:1: 文件意外结束：有一条规则缺少结尾的 `end`",
     "rule file error: bad.rules:2:1: unexpected end of file: a rule is missing its `end`"),
    (["--profile", "sichaun", "."], "评分方案有误：未知的评分方案“sichaun”；是不是“sichuan”？（也可以给出一个 .yaml 文件）",
     "profile error: unknown profile 'sichaun'; did you mean 'sichuan'? (or give a .yaml file)"),
])
def test_usage_errors_are_said_in_the_runs_language(tmp_path: Path, argv: list[str], zh: str, en: str) -> None:
    (tmp_path / "bad.rules").write_text("rule Z001 a-b: error\n  when x ==\n", encoding="utf-8")
    assert run(tmp_path, *argv).stderr == f"jixiao-lint: {zh}\n"
    assert run(tmp_path, "--lang", "en", *argv).stderr == f"jixiao-lint: {en}\n"
    (tmp_path / ".jixiao-lint.yaml").write_text("lang: en\n", encoding="utf-8")
    assert run(tmp_path, *argv).stderr == f"jixiao-lint: {en}\n"  # the configuration's lang


def test_test_rules_and_import_say_their_errors_in_the_runs_language(tmp_path: Path) -> None:
    assert run(tmp_path, "test-rules", "nowhere").stderr == "jixiao-lint: nowhere：文件或目录不存在；请检查路径\n"
    assert run(tmp_path, "test-rules", "--lang", "en", "nowhere").stderr == "jixiao-lint: nowhere: no such file or directory\n"
    assert last_line(run(tmp_path, "import")) == ("jixiao-lint import: 错误：缺少必需的参数：workbook；"
                                                  "运行 jixiao-lint import --help 查看全部选项\n")
    assert last_line(run(tmp_path, "import", "--lang", "en")) == (
        "jixiao-lint import: error: the following arguments are required: workbook; see jixiao-lint import --help\n")


def test_requested_language_is_read_before_argparse() -> None:
    assert requested_language(["--lang", "en", "--bogus"]) == "en"
    assert requested_language(["--lang=en"]) == "en"
    assert requested_language(["--lang", "fr"]) is None  # argparse says that one is invalid
    assert requested_language(["--", "--lang", "en"]) is None  # after --, a path named --lang
    assert argparse_zh("a message of a newer Python") == "a message of a newer Python"


FORM = "kind: target-declaration\nyear: 2024\norganization: 民政局\nindicators:\n  - {name: 救助人次, weight: 100}\n"
TYPED_RULE = '''rule Z001 light-weight: warning
  for indicator in indicators
  when {when}
  message "轻" / "light"
end
'''


@pytest.mark.parametrize(("when", "zh", "en"), [
    ("indicator.wieght < 2", "bad.rules:3:8: 未知字段 `wieght`；是不是 `weight`？",
     "bad.rules:3:8: unknown field `wieght`; did you mean `weight`?"),
    ("ln(indicator.name) > 2", "bad.rules:3:8: 未知函数 ln()；是不是 len()？",
     "bad.rules:3:8: unknown function ln(); did you mean len()?"),
    ("indicator.weight < 2\n  let indicator = 1", "bad.rules:4:19: `let indicator` 会遮蔽已有的名字 `indicator`；请换一个名字",
     "bad.rules:4:19: `let indicator` would hide the name `indicator`; choose another"),
])
def test_rule_type_errors_are_said_in_the_runs_language(tmp_path: Path, when: str, zh: str, en: str) -> None:
    (tmp_path / "bad.rules").write_text(TYPED_RULE.format(when=when), encoding="utf-8")
    (tmp_path / "form.yaml").write_text(FORM, encoding="utf-8")  # the rules load when there is a form to check
    assert run(tmp_path, "--rules", "bad.rules", ".").stderr == f"jixiao-lint: 规则文件有误：{zh}\n"
    assert run(tmp_path, "--lang", "en", "--rules", "bad.rules", ".").stderr == f"jixiao-lint: rule file error: {en}\n"


def test_an_unknown_collection_is_said_in_the_runs_language(tmp_path: Path) -> None:
    (tmp_path / "bad.rules").write_text(TYPED_RULE.format(when="item.weight < 2").replace("indicator in indicators", "item in indicatrs"),
                                        encoding="utf-8")
    (tmp_path / "form.yaml").write_text(FORM, encoding="utf-8")
    known = "funds, indicators, budget_breakdown, basis, score_table, grade_bands, sections, expression_cells"  # the schema's order, then the derived one
    assert run(tmp_path, "--rules", "bad.rules", ".").stderr == (
        f"jixiao-lint: 规则文件有误：bad.rules:1:1: `for item in indicatrs`：规则只能遍历 {known} 之一\n")
    assert run(tmp_path, "--lang", "en", "--rules", "bad.rules", ".").stderr == (
        f"jixiao-lint: rule file error: bad.rules:1:1: `for item in indicatrs`: rules iterate one of {known}\n")


def test_test_rules_failures_are_said_in_the_runs_language(tmp_path: Path) -> None:
    (tmp_path / "pack.rules").write_text(TYPED_RULE.format(when="indicator.weight < 2").replace("end\n", '''  fail """
  kind: target-declaration
  indicators:
    - {name: 救助人次, weight: 50}  # expect: Z001
  """
end
'''), encoding="utf-8")
    done = run(tmp_path, "test-rules", "pack.rules")
    assert (done.returncode, done.stdout) == (1, "FAIL pack.rules:5:8: Z001 的失败示例没有诊断，应在第 3 行有\n"
                                                 "通过 0 项，失败 1 项\n"), done.stderr
    done = run(tmp_path, "test-rules", "--lang", "en", "pack.rules")
    assert (done.returncode, done.stdout) == (1, "FAIL pack.rules:5:8: Z001 failing example: findings on lines [], expected on [3]\n"
                                                 "0 passed, 1 failed\n"), done.stderr

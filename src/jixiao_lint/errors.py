"""What the tool says when it cannot run: the exit statuses, the errors that stop a run, and argparse's own
complaints, each said in the run's language.

A message that stops a run is written in both languages where it is raised, as a finding's is, and the
one who prints it picks: Chinese, or English under `--lang en` (or the configuration's `lang`). Commands
import these from here, never from cli (which imports the commands)."""

from __future__ import annotations

import argparse
import re
from typing import Callable, NoReturn

EXIT_CLEAN, EXIT_FINDINGS, EXIT_FAILURE = 0, 1, 2


class Bilingual(Exception):
    """An error said in Chinese and in English. str() is the Chinese: the default language."""

    def __init__(self, zh: str, en: str):
        super().__init__(zh, en)  # both in args: it pickles, and a wrapper can pass both on

    @property
    def zh(self) -> str:
        return self.args[0]

    @property
    def en(self) -> str:
        return self.args[1]

    def text(self, lang: str) -> str:
        return self.en if lang == "en" else self.zh

    def __str__(self) -> str:
        return self.zh


class UsageError(Bilingual):
    """The run cannot be done: bad option, configuration or rule file, missing path. Exit 2."""


def requested_language(argv: list[str]) -> str | None:
    """The --lang of a command line, read before (and whether or not) argparse accepts the rest, so that
    argparse's own errors are said in it too."""
    lang = None
    for index, arg in enumerate(argv):
        if arg == "--":
            break
        if arg == "--lang" and index + 1 < len(argv):
            lang = argv[index + 1]
        elif arg.startswith("--lang="):
            lang = arg.removeprefix("--lang=")
    return lang if lang in ("zh", "en") else None


# argparse words its errors in English through gettext; these are its messages (Python 3.11–3.13) in
# Chinese, option names and values kept as it wrote them. Compiled only when a command line is wrong.
_ARGPARSE_ZH: list[tuple[str, str]] = [
    (r"^unrecognized arguments: (?P<a>.*)$", "无法识别的参数：{a}"),
    (r"^the following arguments are required: (?P<a>.*)$", "缺少必需的参数：{a}"),
    (r"^ambiguous option: (?P<a>\S+) could match (?P<b>.*)$", "选项 {a} 有歧义，可能是 {b}；请写出完整的选项名"),
    (r"^one of the arguments (?P<a>.*) is required$", "参数 {a} 必须给出其中之一"),
    (r"^argument (?P<a>[^:]+): expected one argument$", "选项 {a} 需要一个值"),
    (r"^argument (?P<a>[^:]+): expected at least one argument$", "选项 {a} 至少需要一个值"),
    (r"^argument (?P<a>[^:]+): expected at most one argument$", "选项 {a} 至多只能有一个值"),
    (r"^argument (?P<a>[^:]+): expected (?P<b>\d+) arguments?$", "选项 {a} 需要 {b} 个值"),
    (r"^argument (?P<a>[^:]+): invalid choice: (?P<b>.*) \(choose from (?P<c>.*)\)$", "选项 {a} 的值 {b} 无效，可选：{c}"),
    (r"^argument (?P<a>[^:]+): invalid (?P<b>\w+) value: (?P<c>.*)$", "选项 {a} 的值 {c} 无效，应为{b}"),
    (r"^argument (?P<a>[^:]+): ignored explicit argument (?P<b>.*)$", "选项 {a} 不带值，却给了 {b}"),
    (r"^argument (?P<a>[^:]+): not allowed with argument (?P<b>.*)$", "选项 {a} 不能与 {b} 同时使用"),
]
_TYPE_ZH = {"int": "整数", "float": "数字"}


def argparse_zh(message: str) -> str:
    """argparse's message in Chinese; one it has no pattern for (a newer Python's) as argparse said it."""
    for pattern, zh in _ARGPARSE_ZH:
        match = re.match(pattern, message)
        if match:
            return zh.format(**{k: _TYPE_ZH.get(v, v) for k, v in match.groupdict().items()})
    return message


class ArgumentParser(argparse.ArgumentParser):
    """argparse, its errors said in the run's language: the usage line, then what was wrong and what to do.
    `language` is asked only when there is an error (it may read the configuration)."""

    def __init__(self, *args, language: Callable[[], str] = lambda: "zh", **kwargs):
        super().__init__(*args, **kwargs)
        self.language = language

    def error(self, message: str) -> NoReturn:
        usage = self.format_usage()
        if self.language() == "en":
            said = f"error: {message}; see {self.prog} --help"
        else:
            usage = usage.replace("usage: ", "用法：", 1)
            said = f"错误：{argparse_zh(message)}；运行 {self.prog} --help 查看全部选项"
        self.exit(EXIT_FAILURE, f"{usage}{self.prog}: {said}\n")

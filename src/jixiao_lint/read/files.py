"""Which files a run lints, and reading each one into a FormFile (or the problem that stopped it)."""

from __future__ import annotations

import errno
import fnmatch
import os
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Callable, Iterator

from jixiao_lint.model.form import FormFile, Span
from jixiao_lint.read.decode import DecodeProblem, decode
from jixiao_lint.read.yaml_tree import ReadProblem, read_documents

DEFAULT_MAX_FILE_SIZE = 16 * 1024 * 1024
FORM_SUFFIXES = (".yaml", ".yml")
DEFAULT_EXCLUDES = (".git", ".hg", ".svn", ".venv", "venv", "node_modules", "__pycache__", ".pre-commit-config.yaml",
                    ".pre-commit-hooks.yaml", ".jixiao-lint.yaml", ".github", ".gitlab-ci.yml", ".jixiao-lint-cache")


class PathError(Exception):
    """A path named on the command line does not exist: the run cannot be done (exit 2)."""


@dataclass(frozen=True, slots=True)
class Source:
    name: str  # as shown in findings
    path: Path | None  # None for standard input


def discover(paths: list[str], excludes: tuple[str, ...] = (), stdin_name: str = "-") -> Iterator[Source]:
    """Files named, and form files under directories named, in a stable order, each once."""
    seen: set[str] = set()
    patterns = (*DEFAULT_EXCLUDES, *excludes)
    for raw in paths:
        if raw == "-":
            yield Source(stdin_name, None)
            continue
        path = Path(raw)
        if not os.path.lexists(path):
            raise PathError(raw)
        if path.is_dir():
            for file, key in _walk(path, patterns):
                if key not in seen:
                    seen.add(key)
                    yield Source(_display(file), file)
        else:
            key = os.path.realpath(path)
            if key not in seen:
                seen.add(key)
                yield Source(_display(path), path)


def _walk(root: Path, patterns: tuple[str, ...]) -> Iterator[tuple[Path, str]]:
    """Each form file under root, with its real path (to lint a file reached twice once)."""
    # os.walk does not follow directory symlinks, so a symlink loop cannot trap it.
    for directory, subdirs, files in os.walk(root, onerror=lambda error: None):
        subdirs[:] = sorted(d for d in subdirs if not _excluded(os.path.join(directory, d), d, patterns))
        real_directory = os.path.realpath(directory)  # once per directory, not once per file
        for name in sorted(files):
            path = os.path.join(directory, name)
            if name.endswith(FORM_SUFFIXES) and not _excluded(path, name, patterns):
                real = os.path.realpath(path) if os.path.islink(path) else os.path.join(real_directory, name)
                yield Path(path), real


def _excluded(path: str, name: str, patterns: tuple[str, ...]) -> bool:
    """Whether a pattern matches the file's name, its path, or the end of its path (`*/pattern`)."""
    matches = _matcher(patterns)
    posix = path.replace(os.sep, "/")  # (a leading ./ is covered by the */pattern form)
    return matches(os.path.normcase(name)) is not None or matches(os.path.normcase(posix)) is not None


@lru_cache(maxsize=32)
def _matcher(patterns: tuple[str, ...]) -> Callable[[str], re.Match | None]:
    # One regex for all the patterns, as fnmatch would read each: a walk asks of every file and directory.
    alternatives = [fnmatch.translate(os.path.normcase(form)) for p in patterns for form in (p, f"*/{p}")]
    return re.compile("|".join(f"(?:{a})" for a in alternatives) or "(?!)").match


def is_excluded(path: Path, excludes: tuple[str, ...], base: Path) -> bool:
    """Whether a configuration's exclude patterns, read relative to its directory, cover this file or a
    directory it is in."""
    if not excludes:
        return False
    try:
        relative = path.resolve().relative_to(base.resolve())
    except ValueError:
        relative = path
    parts = relative.parts
    return any(_excluded(os.path.join(*parts[:k]), parts[k - 1], excludes) for k in range(1, len(parts) + 1))


def _display(path: Path) -> str:
    text = path.as_posix()
    return text[2:] if text.startswith("./") else text


def read_source(source: Source, data: bytes | None = None,
                max_size: int = DEFAULT_MAX_FILE_SIZE) -> tuple[FormFile, list[ReadProblem]]:
    """Never raises for a file's content or permissions: what went wrong is a problem on the file."""
    empty = FormFile(source.name, "", [], line_starts=[0])
    if data is None:
        try:
            size = source.path.stat().st_size
            if size > max_size:
                return empty, [_file_problem("F006",
                                             f"文件大小 {_size(size)}，超过上限 {_size(max_size)}；"
                                             "如确需检查，请在配置中调大 max_file_size",
                                             f"the file is {_size(size)}, over the {_size(max_size)} limit; "
                                             "raise max_file_size in the configuration if it really is a form")]
            with open(source.path, "rb") as handle:
                # As much as stat says, and a byte more: asking for max_size + 1 at once had Python
                # allocate (and the kernel map) 16 MiB for every 8 KB form.
                data = handle.read(size + 1)
                if len(data) > size:  # it grew since, or is no regular file: read on, up to the limit
                    data += handle.read(max_size + 1 - len(data))
        except OSError as error:
            zh, en = _OS_REASONS.get(error.errno, (None, None))
            reason = error.strerror or str(error)
            return empty, [_file_problem("F008", f"无法读取文件：{zh or reason + '；请检查文件权限或链接'}",
                                         f"cannot read the file: {en or reason}{'' if en else '; check its permissions or links'}")]
    if len(data) > max_size:
        return empty, [_file_problem("F006", f"输入超过上限 {_size(max_size)}；如确需检查，请在配置中调大 max_file_size",
                                     f"the input is over the {_size(max_size)} limit; raise max_file_size if it really is a form")]
    decoded = decode(data)
    if isinstance(decoded, DecodeProblem):
        problem = ReadProblem("F001", 0, "", Span(decoded.line, decoded.column, decoded.line, decoded.column + 1, 0, 0),
                              decoded.message_zh, decoded.message_en)
        return empty, [problem]
    form, problems = read_documents(source.name, decoded.text)
    form.encoding, form.bom = decoded.encoding, decoded.bom
    if not form.documents and not problems:
        problems.append(_file_problem("F005", "文件中没有任何内容（只有空白或注释）；请填写表格，或删除此文件",
                                      "the file holds nothing (only blank lines or comments); fill in the form or delete the file"))
    return form, problems


# The OS's own reason is English (or the locale's); the common ones are said in the clerk's terms, with what to do.
_OS_REASONS = {
    errno.EACCES: ("没有读取权限；请让文件可读（如 chmod a+r），或把它加入配置的 exclude",
                   "permission denied; make the file readable (chmod a+r) or add it to exclude"),
    errno.EPERM: ("操作系统不允许读取；请检查文件权限", "the operating system does not allow reading it; check its permissions"),
    errno.ELOOP: ("符号链接形成了循环（链接最终又指向自己）；请修正或删除这个链接",
                  "symbolic links form a loop; fix or remove the link"),
    errno.ENOENT: ("文件不存在，可能是指向已删除文件的符号链接；请修正或删除这个链接",
                   "the file does not exist (a dangling symbolic link?); fix or remove the link"),
    errno.EISDIR: ("这是一个目录，不是文件", "it is a directory, not a file"),
}


def _size(size: int) -> str:
    # A limit set in bytes in the configuration must not read "0 MiB".
    if size >= 1048576:
        return f"{size / 1048576:.1f} MiB"
    return f"{size / 1024:.1f} KiB" if size >= 1024 else f"{size} B"


def _file_problem(code: str, zh: str, en: str) -> ReadProblem:
    return ReadProblem(code, 0, "", Span(1, 1, 1, 2, 0, 0), zh, en)

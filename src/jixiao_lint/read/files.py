"""Which files a run lints, and reading each one into a FormFile (or the problem that stopped it)."""

from __future__ import annotations

import errno
import fnmatch
import os
import re
import stat
from functools import lru_cache
from pathlib import Path
from typing import Callable, Iterator

from jixiao_lint.model.form import FormFile, Span
from jixiao_lint.records import record
from jixiao_lint.settings import default
from jixiao_lint.read.decode import DecodeProblem, decode
from jixiao_lint.read.yaml_tree import ReadProblem, read_documents

DEFAULT_MAX_FILE_SIZE = default("max_file_size")
# (O_BINARY: Windows would translate line ends; O_NONBLOCK and O_CLOEXEC: POSIX only)
_READING = os.O_RDONLY | getattr(os, "O_BINARY", 0) | getattr(os, "O_CLOEXEC", 0)
_NOT_WAITING = getattr(os, "O_NONBLOCK", 0)
FORM_SUFFIXES = (".yaml", ".yml")
DEFAULT_EXCLUDES = (".git", ".hg", ".svn", ".venv", "venv", "node_modules", "__pycache__", ".pre-commit-config.yaml",
                    ".pre-commit-hooks.yaml", ".jixiao-lint.yaml", ".github", ".gitlab-ci.yml", ".jixiao-lint-cache")


class PathError(Exception):
    """A path named on the command line does not exist: the run cannot be done (exit 2)."""


@record(frozen=True, slots=True)
class Source:
    name: str  # as shown in findings
    path: Path | None  # None for standard input
    # The directory named on the command line that a walk found this file under; None when the file
    # was named itself. Only a named file may be a pipe or be rewritten through a link out of the tree.
    root: Path | None = None
    unreadable: OSError | None = None  # a directory of the walk that could not be listed (F008 on it)


@record(frozen=True, slots=True)
class Skipped:
    """A *.yaml name a walk found that is not a regular file (a pipe, a socket, a device): never opened."""

    name: str
    kind_zh: str
    kind_en: str


def discover(paths: list[str], excludes: tuple[str, ...] = (), stdin_name: str = "-",
             skipped: list[Skipped] | None = None) -> Iterator[Source]:
    """Files named, and form files under directories named, in a stable order, each once. What a walk
    passes over because it is no regular file goes to `skipped`, for the caller to say so."""
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
            for file, key, problem in _walk(path, patterns, skipped if skipped is not None else []):
                if problem is not None:
                    yield Source(_display(file), file, path, problem)
                elif key not in seen:
                    seen.add(key)
                    yield Source(_display(file), file, path)
        else:
            key = os.path.realpath(path)
            if key not in seen:
                seen.add(key)
                yield Source(_display(path), path)


def _walk(root: Path, patterns: tuple[str, ...], skipped: list[Skipped]) -> Iterator[tuple[Path, str, OSError | None]]:
    """Each form file under root, with its real path (to lint a file reached twice once), depth first in
    name order; a directory that cannot be listed comes with its error instead. Symlinks to directories
    are not followed, so a symlink loop cannot trap the walk."""
    pending = [os.fspath(root)]
    while pending:
        directory = pending.pop()
        try:
            with os.scandir(directory) as listing:
                entries = sorted(listing, key=lambda entry: entry.name)
        except OSError as error:  # silently skipping it would pass a gate that looked at nothing
            yield Path(directory), "", error
            continue
        subdirs = []
        real_directory = os.path.realpath(directory)  # once per directory, not once per file
        for entry in entries:
            name, path = entry.name, os.path.join(directory, entry.name)
            try:
                is_dir = entry.is_dir()
            except OSError:
                is_dir = False
            if is_dir:
                if not entry.is_symlink() and not _excluded(path, name, patterns):
                    subdirs.append(path)
                continue
            if not name.endswith(FORM_SUFFIXES) or _excluded(path, name, patterns):
                continue
            if entry.is_symlink():
                real = os.path.realpath(path)
                try:
                    mode = os.stat(path).st_mode
                except OSError:  # a dangling link or a loop: reading it says which (F008)
                    mode = stat.S_IFREG
            else:  # from the directory entry's type: no system call for a plain file
                real = os.path.join(real_directory, name)
                try:
                    mode = stat.S_IFREG if entry.is_file(follow_symlinks=False) else entry.stat(follow_symlinks=False).st_mode
                except OSError:  # gone since the listing: reading it says so
                    mode = stat.S_IFREG
            if stat.S_ISREG(mode):
                yield Path(path), real, None
            else:  # opening a pipe with no writer would wait for ever; a device could be endless
                skipped.append(Skipped(_display(Path(path)), *_kind(mode)))
        pending.extend(reversed(subdirs))


def _kind(mode: int) -> tuple[str, str]:
    if stat.S_ISFIFO(mode):
        return "命名管道", "a named pipe"
    if stat.S_ISSOCK(mode):
        return "套接字", "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "设备文件", "a device"
    return "特殊文件", "a special file"


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
    if source.unreadable is not None:
        zh, en = _DIRECTORY_DENIED if source.unreadable.errno == errno.EACCES else _reasons(source.unreadable)
        return empty, [_file_problem("unreadable-file", f"无法读取目录，其中的表格都没有检查：{zh}",
                                     f"cannot read the directory, so none of the forms in it were checked: {en}")]
    if data is None:
        data = _read_file(source, max_size)
        if isinstance(data, ReadProblem):
            return empty, [data]
    if len(data) > max_size:
        return empty, [_file_problem("file-too-large",
                                     f"输入超过上限 {_size(max_size)}；如确需检查，请在配置中调大 max_file_size",
                                     f"the input is over the {_size(max_size)} limit; raise max_file_size if it really is a form")]
    decoded = decode(data)
    if isinstance(decoded, DecodeProblem):
        problem = ReadProblem("not-utf8", 0, "",
                              Span(decoded.line, decoded.column, decoded.line, decoded.column + 1, 0, 0),
                              decoded.message_zh, decoded.message_en)
        return empty, [problem]
    form, problems = read_documents(source.name, decoded.text)
    form.encoding, form.bom = decoded.encoding, decoded.bom
    if not form.documents and not problems:
        problems.append(_file_problem("empty-document",
                                      "文件中没有任何内容（只有空白或注释）；请填写表格，或删除此文件",
                                      "the file holds nothing (only blank lines or comments); fill in the form or delete the file"))
    return form, problems


def _read_file(source: Source, max_size: int) -> bytes | ReadProblem:
    """A file's bytes, up to the limit and one byte more; or the problem that stopped it."""
    try:
        # A file a walk found is opened without waiting: it was a regular file when listed, and should a
        # pipe have taken its place since, open must not block for a writer that never comes.
        fd = os.open(source.path, _READING | (_NOT_WAITING if source.root else 0))
        with os.fdopen(fd, "rb") as handle:
            status = os.fstat(fd)
            if stat.S_ISDIR(status.st_mode):
                raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR))
            if source.root and not stat.S_ISREG(status.st_mode):
                kind_zh, kind_en = _kind(status.st_mode)
                return _file_problem("unreadable-file", f"无法读取文件：这不是普通文件（是{kind_zh}）",
                                     f"cannot read the file: it is not a regular file ({kind_en})")
            if status.st_size > max_size:
                return _file_problem("file-too-large",
                                     f"文件大小 {_size(status.st_size)}，超过上限 {_size(max_size)}；"
                                     "如确需检查，请在配置中调大 max_file_size",
                                     f"the file is {_size(status.st_size)}, over the {_size(max_size)} limit; "
                                     "raise max_file_size in the configuration if it really is a form")
            # As much as stat says, and a byte more: asking for max_size + 1 at once had Python
            # allocate (and the kernel map) 16 MiB for every 8 KB form.
            data = handle.read(status.st_size + 1)
            if len(data) > status.st_size:  # it grew since, or is no regular file: read on, up to the limit
                data += read_stream(handle, max_size - len(data))
            return data
    except OSError as error:
        zh, en = _reasons(error)
        return _file_problem("unreadable-file", f"无法读取文件：{zh}", f"cannot read the file: {en}")


def read_stream(stream, max_size: int) -> bytes:
    """What a stream (standard input, a pipe) holds, up to `max_size` bytes and one more: enough to know it
    is over the limit without reading on for ever (`yes | jixiao-lint -`)."""
    chunks, total = [], 0
    while total <= max_size:
        chunk = stream.read(min(1 << 20, max_size + 1 - total))
        if not chunk:
            break
        chunks.append(chunk)
        total += len(chunk)
    return b"".join(chunks)


def _reasons(error: OSError) -> tuple[str, str]:
    zh, en = _OS_REASONS.get(error.errno, (None, None))
    reason = error.strerror or str(error)
    return zh or reason + "；请检查文件权限或链接", en or reason + "; check its permissions or links"


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

_DIRECTORY_DENIED = ("没有读取权限；请让目录可读（如 chmod a+rx），或把它加入配置的 exclude",
                     "permission denied; make it readable (chmod a+rx) or add it to exclude")


def _size(size: int) -> str:
    # A limit set in bytes in the configuration must not read "0 MiB".
    if size >= 1048576:
        return f"{size / 1048576:.1f} MiB"
    return f"{size / 1024:.1f} KiB" if size >= 1024 else f"{size} B"


def _file_problem(rule: str, zh: str, en: str) -> ReadProblem:
    return ReadProblem(rule, 0, "", Span(1, 1, 1, 2, 0, 0), zh, en)

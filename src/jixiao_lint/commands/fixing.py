"""--fix and --diff: apply fixes at the recorded spans, nothing else in the file changes, and rewrite the
file in place, as an editor does (write_in_place: same inode, owner, group, mode and hard links), with a
copy of the original kept until the new content is on disk, so an interrupted run loses nothing.

Only `safe` fixes are applied unless --unsafe-fixes is given. A fix is text replaced between two offsets
the reader recorded; comments, key order, quoting and blank lines outside those spans are never touched,
because the file is never re-serialised from data. The file is re-linted after each pass (a fix can
reveal another) and a pass that would make the file unreadable is refused, so --fix cannot break a form.
A fix is applied only where the text at its span is still the text its finding saw (Fix.expected): a
span computed wrongly, or a file changed meanwhile, leaves the file as it is and is reported.

Reports written with -o are new files, not forms: write_atomically writes them (a temporary file, then a
rename)."""

from __future__ import annotations

import argparse
import difflib
import os
import signal
import stat
import sys
import tempfile
from pathlib import Path

from jixiao_lint.errors import UsageError
from jixiao_lint.lint import FileResult, lint_source
from jixiao_lint.model.finding import Finding
from jixiao_lint.model.pipeline_rules import UNREADABLE  # what a fix must never introduce
from jixiao_lint.read.files import DEFAULT_MAX_FILE_SIZE, Source
from jixiao_lint.report.escape import shown

MAX_PASSES = 4  # a fix can reveal another (a canonical number inside a now-readable target)


def fix_applies(text: str, fix) -> bool:
    """Whether the text at the fix's span is what its finding saw there."""
    return fix.expected is None or text[fix.start_offset:fix.end_offset] == fix.expected


def _wanted(findings: list[Finding], unsafe: bool) -> list[Finding]:
    return [f for f in findings if f.fix and (f.fix.applicability == "safe" or unsafe)]


def apply_text_fixes(text: str, findings: list[Finding], unsafe: bool) -> tuple[str, int]:
    """Apply non-overlapping fixes, last first so earlier offsets stay valid; overlapping ones wait for the
    next pass. A fix whose span does not hold the text it was made for is never applied."""
    chosen = []
    for finding in sorted((f for f in _wanted(findings, unsafe) if fix_applies(text, f.fix)),
                          key=lambda f: (f.fix.start_offset, f.fix.end_offset)):
        fix = finding.fix
        if chosen and fix.start_offset < chosen[-1].end_offset:
            continue
        if chosen and fix.start_offset == chosen[-1].start_offset == fix.end_offset:
            continue  # two insertions at one place
        chosen.append(fix)
    for fix in reversed(chosen):
        text = text[:fix.start_offset] + fix.replacement + text[fix.end_offset:]
    return text, len(chosen)


def write_atomically(path: Path, text: str, encoding: str, bom: bool) -> None:
    """Write `text` over `path` so that a crash at any moment leaves either the old file or the new one."""
    data = encoded(text, encoding, bom)
    path = Path(os.path.realpath(path))  # through a symlink to the file itself; the link stays a link
    try:
        mode = path.stat().st_mode & 0o7777
    except FileNotFoundError:  # a new file (a report written with -o): the mode open() would give it
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        try:
            os.unlink(temporary)
        except OSError:
            pass
        raise


class Refused(OSError):
    """A file --fix will not rewrite, with the reason said to the user (strerror, and zh); the file is unchanged."""

    def __init__(self, zh: str, en: str, errno: int = 0):
        super().__init__(errno, en)
        self.zh = zh


class Damaged(OSError):
    """Writing failed and so did putting the original back: the user must know where the copy is."""

    def __init__(self, zh: str, en: str, errno: int = 0):
        super().__init__(errno, en)
        self.zh = zh


def encoded(text: str, encoding: str, bom: bool) -> bytes:
    data = text.encode(encoding)
    if bom:  # the file keeps the byte-order mark it had: some Windows editors insist on it
        data = "\ufeff".encode(encoding) + data
    return data


def write_in_place(path: Path, data: bytes, original: bytes) -> None:
    """Rewrite the file at `path` (through a symlink: its target) from `original` to `data`.

    Why in place and not a temporary file renamed over it: a rename makes a new file, which splits it
    from its hard links, gives it the owner and group of whoever runs --fix (root, in a container), drops
    its ACLs, and replaces a read-only file without asking. Writing through the same inode keeps all of
    that, but a crash half-way through would leave a mix of old and new; so, first, a copy of the
    original goes beside it (`.NAME.*.jixiao-lint-backup`, or in the temporary directory when that
    directory is not writable) and is synced; the new bytes are then written over the old ones from the
    start, the file cut to their length and synced, with Ctrl-C held off meanwhile; a failed write puts
    the original bytes back; the copy is removed only when the new content is on disk. A file that no
    one may write (0444) is refused, as editors refuse it, even for root.
    """
    path = Path(os.path.realpath(path))  # the copy goes beside the file itself, on its file system
    _check_writable(os.stat(path).st_mode)
    try:
        fd = os.open(path, os.O_RDWR | getattr(os, "O_BINARY", 0) | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NONBLOCK", 0))
    except PermissionError as error:
        raise Refused("没有写入权限：你不能修改这个文件", "permission denied: you may not write this file", error.errno) from None
    try:
        _check_writable(os.fstat(fd).st_mode)  # the same file still
        if _read_all(fd) != original:  # an editor saved it since it was linted: its content wins
            raise Refused("修复期间文件被改动了；请重新运行 --fix", "the file changed while it was being fixed; run --fix again")
        backup = _backup(path, original)
        held = _hold_signals()
        try:
            try:
                _write_all(fd, data)
                os.ftruncate(fd, len(data))
                os.fsync(fd)
            except OSError as error:
                try:  # what the disk had room for before, it has room for again
                    _write_all(fd, original)
                    os.ftruncate(fd, len(original))
                    os.fsync(fd)
                except OSError:
                    raise Damaged(f"{error.strerror or error}；文件可能已损坏，原内容保存在 {shown(backup)}",
                                  f"{error.strerror or error}; the file may be damaged, "
                                  f"its original content is kept in {shown(backup)}", error.errno) from None
                os.unlink(backup)
                raise
            os.unlink(backup)
        finally:  # a Ctrl-C that came meanwhile is raised now, the file whole and the copy gone
            _release_signals(held)
    finally:
        os.close(fd)


def _check_writable(mode: int) -> None:
    if not stat.S_ISREG(mode):
        raise Refused("这不是普通文件", "it is not a regular file")
    if not mode & 0o222:
        raise Refused("文件是只读的；如要让 --fix 修改它，请先设为可写（chmod u+w）",
                      "the file is read-only; make it writable (chmod u+w) to let --fix change it")


def _read_all(fd: int) -> bytes:
    chunks = []
    os.lseek(fd, 0, os.SEEK_SET)
    while chunk := os.read(fd, 1 << 20):
        chunks.append(chunk)
    return b"".join(chunks)


def _write_all(fd: int, data: bytes) -> None:
    done = 0
    if not hasattr(os, "pwrite"):  # Windows
        os.lseek(fd, 0, os.SEEK_SET)
    while done < len(data):
        done += os.pwrite(fd, data[done:], done) if hasattr(os, "pwrite") else os.write(fd, data[done:])


def _backup(path: Path, original: bytes) -> str:
    """A synced copy of the original bytes, private to the user (0600), beside the file if possible."""
    for directory in (path.parent, None):
        try:
            handle, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".jixiao-lint-backup", dir=directory)
            break
        except PermissionError:
            if directory is None:
                raise
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(original)
            out.flush()
            os.fsync(out.fileno())
    except BaseException:
        os.unlink(name)
        raise
    return name


def _hold_signals():
    # Ctrl-C between the first byte written and the last would leave the file half new: it waits.
    if not hasattr(signal, "pthread_sigmask"):
        return None
    return signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM, signal.SIGHUP})


def _release_signals(held) -> None:
    if held is not None:
        signal.pthread_sigmask(signal.SIG_SETMASK, held)


def fix_text(name: str, path: Path | None, data: bytes, engine, unsafe: bool,
             max_size: int = DEFAULT_MAX_FILE_SIZE) -> tuple[FileResult, FileResult, int, list[Finding]]:
    """Lint `data`, apply fixes pass by pass; return the first result, the last one, how many fixes were
    applied and the findings whose fix was refused (its span no longer holds what the finding saw)."""
    source = Source(name, path)
    first = current = lint_source(source, engine, data, max_size)
    text, fixed = current.form.text, 0
    refused: list[Finding] = []
    for _ in range(MAX_PASSES):
        refused += [f for f in _wanted(current.findings, unsafe) if not fix_applies(text, f.fix) and f not in refused]
        new_text, count = apply_text_fixes(text, current.findings, unsafe)
        if count == 0 or new_text == text:
            break
        candidate = lint_source(source, engine, new_text.encode("utf-8"), max_size)
        if _unreadable(candidate) > _unreadable(current):
            break  # a replacement that breaks the YAML is a bug in a rule, not a reason to damage the form
        text, fixed, current = new_text, fixed + count, candidate
    return first, current, fixed, refused


def apply_fixes(results: list[FileResult], engine, args: argparse.Namespace, config,
                sources: list[Source] | None = None) -> tuple[list[FileResult], int]:
    """Fix (or, with --diff, show the fixes to) every file that has a fix; returns the results after fixing.
    `sources` are the results' sources, in the same order: where a walk found each file."""
    total = 0
    updated = []
    failed = []
    max_size = int(config.get("max_file_size", DEFAULT_MAX_FILE_SIZE))
    english = (args.lang or config.get("lang", "zh")) == "en"
    for index, result in enumerate(results):
        form = result.form
        stdin = form.name == (args.stdin_filename or "-")
        source = sources[index] if sources else Source(form.name, None if stdin else Path(form.name))
        if not any(f.fix for f in result.findings) or source.path is None:
            updated.append(result)
            continue
        path, name = source.path, shown(form.name)
        try:
            # Re-read: the run may have linted in worker processes that kept no text, and the file is the truth.
            original = _reread(source, args.diff)
        except OSError as error:
            reason = error.zh if isinstance(error, Refused) and not english else error.strerror or error
            sys.stderr.write(f"jixiao-lint: not fixing {name}: {reason}; the file is unchanged\n" if english else
                             f"jixiao-lint: 没有修复 {name}：{reason}；文件未改动\n")
            failed.append(name)
            updated.append(result)
            continue
        first, current, fixed_here, refused = fix_text(form.name, path, original, engine, args.unsafe_fixes, max_size)
        for finding in refused:
            where = f"{shown(finding.file)}:{finding.line}:{finding.column}"
            sys.stderr.write(
                f"jixiao-lint: {where}: the fix of {finding.rule} was not applied: the text at its place is not "
                "the text that was checked; that part of the file is left as it is\n"
                if english else
                f"jixiao-lint: {where}: {finding.rule} 的修复没有应用：该处的文字与检查时看到的不同；文件的这一处保持原样\n")
        if not fixed_here:
            updated.append(current)
            continue
        if args.diff:
            sys.stdout.write("".join(difflib.unified_diff(
                first.form.text.splitlines(keepends=True), current.form.text.splitlines(keepends=True),
                fromfile=f"a/{name}", tofile=f"b/{name}")))
            updated.append(first)
            total += fixed_here
            continue
        try:
            write_in_place(path, encoded(current.form.text, first.form.encoding, first.form.bom), original)
        except Refused as error:
            sys.stderr.write(f"jixiao-lint: not fixing {name}: {error.strerror}; the file is unchanged\n" if english else
                             f"jixiao-lint: 没有修复 {name}：{error.zh}；文件未改动\n")
            failed.append(name)
            updated.append(first)
            continue
        except OSError as error:
            after = "" if isinstance(error, Damaged) else "; the file is unchanged"
            if english:
                sys.stderr.write(f"jixiao-lint: cannot write {name}: {error.strerror or error}{after}\n")
            else:
                said = error.zh if isinstance(error, Damaged) else f"{error.strerror or error}；文件未改动"
                sys.stderr.write(f"jixiao-lint: 无法写入 {name}：{said}\n")
            failed.append(name)
            updated.append(first)
            continue
        total += fixed_here
        updated.append(current)
    if args.diff:
        if english:
            sys.stderr.write(f"jixiao-lint: {total} fix(es) would be applied; nothing was written\n" if total
                             else "jixiao-lint: nothing to fix\n")
        else:
            sys.stderr.write(f"jixiao-lint: 可修复 {total} 处（--diff 只显示，未写入文件）\n" if total
                             else "jixiao-lint: 没有可修复的问题\n")
    if failed:
        raise UsageError(f"--fix 有 {len(failed)} 个文件没能写入，均未改动：{'、'.join(failed)}",
                         f"--fix could not write {len(failed)} file(s), left unchanged: {', '.join(failed)}")
    return updated, total


def _reread(source: Source, diff: bool) -> bytes:
    """The bytes of a file about to be fixed; refused (Refused) when --fix must leave it alone."""
    real = Path(os.path.realpath(source.path))
    if source.root is not None and not diff:
        # A link a walk came upon that points out of the tree: rewriting it would change a file the user
        # did not ask to lint (another checkout, a shared template). Named on the command line, it is theirs.
        tree = Path(os.path.realpath(source.root))
        if not real.is_relative_to(tree):
            target, tree = shown(str(real)), shown(source.root.as_posix())
            raise Refused(f"它是指向 {tree} 之外的 {target} 的符号链接；如要修复那个文件，请在命令行上直接写出它",
                          f"it is a symbolic link to {target}, outside {tree}; name the file on the command line to fix it there")
    if not stat.S_ISREG(os.stat(real).st_mode):
        raise Refused("这不是普通文件", "it is not a regular file")
    return real.read_bytes()


def _unreadable(result: FileResult) -> int:
    return sum(1 for f in result.findings if f.rule in UNREADABLE)

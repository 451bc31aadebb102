"""--fix and --diff: apply fixes at the recorded spans, nothing else in the file changes, and write
atomically (a temporary file beside the form, then a rename) so an interrupted run loses nothing.

Only `safe` fixes are applied unless --unsafe-fixes is given. A fix is text replaced between two offsets
the reader recorded; comments, key order, quoting and blank lines outside those spans are never touched,
because the file is never re-serialised from data. The file is re-linted after each pass (a fix can
reveal another) and a pass that would make the file unreadable is refused, so --fix cannot break a form.
A fix is applied only where the text at its span is still the text its finding saw (Fix.expected): a
span computed wrongly, or a file changed meanwhile, leaves the file as it is and is reported."""

from __future__ import annotations

import argparse
import difflib
import os
import sys
import tempfile
from pathlib import Path

from jixiao_lint.cli import UsageError
from jixiao_lint.lint import FileResult, lint_source
from jixiao_lint.model.finding import Finding
from jixiao_lint.read.files import DEFAULT_MAX_FILE_SIZE, Source

MAX_PASSES = 4  # a fix can reveal another (a canonical number inside a now-readable target)
# Reading problems a fix must never introduce: after them the file is no longer the same form.
_UNREADABLE = frozenset({"F001", "F002", "F003", "F004", "F005", "F009"})


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
    data = text.encode(encoding)
    if bom:  # the file keeps the byte-order mark it had: some Windows editors insist on it
        data = "\ufeff".encode(encoding) + data
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


def apply_fixes(results: list[FileResult], engine, args: argparse.Namespace, config) -> tuple[list[FileResult], int]:
    """Fix (or, with --diff, show the fixes to) every file that has a fix; returns the results after fixing."""
    total = 0
    updated = []
    failed = []
    max_size = int(config.get("max_file_size", DEFAULT_MAX_FILE_SIZE))
    english = (args.lang or config.get("lang", "zh")) == "en"
    for result in results:
        form = result.form
        if not any(f.fix for f in result.findings) or form.name == (args.stdin_filename or "-"):
            updated.append(result)
            continue
        path = Path(form.name)
        # Re-read: the run may have linted in worker processes that kept no text, and the file is the truth.
        data = path.read_bytes()
        first, current, fixed_here, refused = fix_text(form.name, path, data, engine, args.unsafe_fixes, max_size)
        for finding in refused:
            sys.stderr.write(
                f"jixiao-lint: {finding.file}:{finding.line}:{finding.column}: the fix of {finding.rule} was not applied: "
                "the text at its place is not the text that was checked; that part of the file is left as it is\n"
                if english else
                f"jixiao-lint: {finding.file}:{finding.line}:{finding.column}: {finding.rule} 的修复没有应用："
                "该处的文字与检查时看到的不同；文件的这一处保持原样\n")
        if not fixed_here:
            updated.append(current)
            continue
        if args.diff:
            sys.stdout.write("".join(difflib.unified_diff(
                first.form.text.splitlines(keepends=True), current.form.text.splitlines(keepends=True),
                fromfile=f"a/{form.name}", tofile=f"b/{form.name}")))
            updated.append(first)
            total += fixed_here
            continue
        try:
            if path.read_bytes() != data:  # changed since it was read: these fixes were made for other text
                sys.stderr.write(f"jixiao-lint: {form.name} changed while it was being fixed; nothing was written\n"
                                 if english else f"jixiao-lint: {form.name} 在修复期间被修改，没有写入任何内容\n")
                failed.append(form.name)
                updated.append(first)
                continue
            write_atomically(path, current.form.text, first.form.encoding, first.form.bom)
        except OSError as error:
            sys.stderr.write(f"jixiao-lint: cannot write {form.name}: {error.strerror or error}; the file is unchanged\n")
            failed.append(form.name)
            updated.append(first)
            continue
        total += fixed_here
        updated.append(current)
    if args.diff:
        if (args.lang or config.get("lang", "zh")) == "en":
            sys.stderr.write(f"jixiao-lint: {total} fix(es) would be applied; nothing was written\n" if total
                             else "jixiao-lint: nothing to fix\n")
        else:
            sys.stderr.write(f"jixiao-lint: 可修复 {total} 处（--diff 只显示，未写入文件）\n" if total
                             else "jixiao-lint: 没有可修复的问题\n")
    if failed:
        raise UsageError(f"--fix could not write {len(failed)} file(s), left unchanged: {', '.join(failed)}")
    return updated, total


def _unreadable(result: FileResult) -> int:
    return sum(1 for f in result.findings if f.rule in _UNREADABLE)

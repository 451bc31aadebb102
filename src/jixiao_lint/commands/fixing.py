"""--fix and --diff: apply fixes at the recorded spans, nothing else in the file changes, and write
atomically (a temporary file beside the form, then a rename) so an interrupted run loses nothing."""

from __future__ import annotations

import argparse
import difflib
import os
import sys
import tempfile
from pathlib import Path

from jixiao_lint.lint import FileResult, lint_source
from jixiao_lint.model.finding import Finding
from jixiao_lint.read.files import Source

MAX_PASSES = 4  # a fix can reveal another (a canonical number inside a now-readable target)


def apply_text_fixes(text: str, findings: list[Finding], unsafe: bool) -> tuple[str, int]:
    """Apply non-overlapping fixes, last first so earlier offsets stay valid; overlapping ones wait for the next pass."""
    chosen = []
    for finding in sorted((f for f in findings if f.fix and (f.fix.applicability == "safe" or unsafe)),
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
    data = text.encode(encoding)
    if bom:
        data = ("\ufeff".encode(encoding) if encoding.startswith("utf-16") or encoding.startswith("utf-32") else b"\xef\xbb\xbf") + data
    directory = path.parent
    mode = path.stat().st_mode & 0o7777
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
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


def apply_fixes(results: list[FileResult], engine, args: argparse.Namespace, config) -> tuple[list[FileResult], int]:
    total = 0
    updated = []
    max_size = int(config.get("max_file_size", 16 * 1024 * 1024))
    for result in results:
        form = result.form
        if not any(f.fix for f in result.findings) or form.name == (args.stdin_filename or "-"):
            updated.append(result)
            continue
        path = Path(form.name)
        original = path.read_bytes()
        current = lint_source(Source(form.name, path), engine, original, max_size)
        text = current.form.text
        encoding, bom = current.form.encoding, current.form.bom  # re-lints read UTF-8; the file keeps its own
        fixed_here = 0
        for _ in range(MAX_PASSES):
            new_text, count = apply_text_fixes(text, current.findings, args.unsafe_fixes)
            if count == 0 or new_text == text:
                break
            text, fixed_here = new_text, fixed_here + count
            current = lint_source(Source(form.name, path), engine, text.encode("utf-8"), max_size)
        if fixed_here:
            if args.diff:
                sys.stdout.write("".join(difflib.unified_diff(
                    result.form.text.splitlines(keepends=True) if result.form.text else original.decode(form.encoding, "replace").splitlines(keepends=True),
                    text.splitlines(keepends=True), fromfile=f"a/{form.name}", tofile=f"b/{form.name}")))
                updated.append(result)
                total += fixed_here
                continue
            write_atomically(path, text, encoding, bom)
            total += fixed_here
        updated.append(current)
    return updated, total


"""What parsing costs at start-up, kept between runs: the parsed rule files, the lexicons' data, and
lark's built parsers (together most of a small run's start-up, which a pre-commit hook pays every time).

The cache lives in a directory the user owns ($XDG_CACHE_HOME/jixiao-lint, else ~/.cache/jixiao-lint),
created 0700 and used only while it is owned by this user and writable by no one else: a pickle is
loaded from it, and a directory others can write to (a predictable name in /tmp) would let them run
code. An entry is keyed by the file's text, its name, what reads it (a grammar, or "lexicon") and this
version, so an edit to any of them misses. JIXIAO_LINT_NO_CACHE=1 turns it off; any problem with it is silently a miss."""

from __future__ import annotations

import os
import pickle
import stat
import zlib
from pathlib import Path
from typing import Any, Callable

from jixiao_lint import __version__


def cache_dir() -> Path | None:
    if os.environ.get("JIXIAO_LINT_NO_CACHE"):
        return None
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    directory = Path(base) / "jixiao-lint"
    try:
        directory.mkdir(mode=0o700, parents=True, exist_ok=True)
        info = directory.stat()
    except OSError:
        return None
    if info.st_uid != os.getuid() or info.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        return None
    return directory


def lark_cache_file(grammar: str) -> str | bool:
    """A value for Lark(cache=…): a file in our own directory named by the grammar and versions, or no
    cache at all — never lark's default, a predictable file in /tmp."""
    directory = cache_dir()
    if directory is None:
        return False
    import hashlib

    import lark

    key = hashlib.sha256("\0".join((__version__, lark.__version__, grammar)).encode("utf-8")).hexdigest()
    return str(directory / f"grammar-{key}.lark")


def cached(text: str, file: str, grammar: str, parse: Callable[[], Any]) -> Any:
    directory = cache_dir()
    if directory is None:
        return parse()
    key = "\0".join((__version__, grammar, file, text))
    # The entry's name is a cheap checksum (hashlib's import alone is a few ms of every start); the
    # entry holds its whole key, compared on load, so two keys sharing a name are a miss, never a mix-up.
    data = key.encode("utf-8")
    path = directory / f"parsed-{zlib.crc32(data):08x}{zlib.adler32(data):08x}{len(data):x}.pickle"
    try:
        with open(path, "rb") as handle:
            stored_key, result = pickle.load(handle)
        if stored_key == key:
            return result
    except Exception:  # missing, truncated, or from another Python: parse again
        pass
    result = parse()  # a parse error propagates and nothing is stored
    try:
        import tempfile  # only when writing: it imports shutil and the compression modules

        handle, temporary = tempfile.mkstemp(dir=directory, prefix=".parsed-", suffix=".tmp")
        with os.fdopen(handle, "wb") as out:
            pickle.dump((key, result), out, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, path)
    except Exception:
        pass
    return result

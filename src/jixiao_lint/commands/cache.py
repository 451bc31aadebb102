"""The results cache: each file's findings kept between runs, so that linting a repo where little changed
costs little more than reading its files (as ruff's cache does).

Where: `.jixiao-lint-cache/` beside the configuration that lints the file, or the user cache directory
($XDG_CACHE_HOME/jixiao-lint, else ~/.cache/jixiao-lint) when there is none; `--cache-dir DIR` (or
JIXIAO_LINT_CACHE_DIR) names another. `--no-cache` neither reads nor writes it; `jixiao-lint clean`
deletes it. Inside: CACHEDIR.TAG (backup tools skip the directory), a `.gitignore` of `*` (git never
offers it for commit), and `results/`.

A hit needs the same bytes of the file and the same *setup* (commands/lint.py's LintSetup): this
version of the tool (and the size and time of each of its own files, so that an edited checkout is not
served its old answers), Python and PyYAML, the effective configuration and settings as a whole, the
selected rules, and the text of every rule file and every lexicon the rules can read. The setup is one
digest, its key; each entry holds its file's digest. Anything else is a miss.

Which rules a hit may skip: all of them. Every check looks at one file and nothing else: a rule `for
file` looks across the documents of one file, suppressions and their unused-suppression findings are
in the file, and no rule, Python check or schema check reads another file of the run or keeps state
from one file to the next (the lexicons and the taxonomy are data, and in the setup's key). A check that
compares files (one project code in two forms) would have to run after the cache, over every file of
the run, cached or not; none exists. Files read from standard input, unreadable ones and ones over the
size limit are never cached, nor a result with an internal error (F010): those are linted every time.

Layout: one JSON shard per directory of forms and setup, `results/<digest>.json`, holding
{"tool", "format", "setup", "directory", "entries": {file name: [digest, findings]}}. JSON, not pickle:
a cache file is data that is checked, never code that is run. A shard is written to a temporary file
and renamed over the old one (os.replace), so that a reader sees the old shard or the new one, whole;
a run merges what is on disk into its own entries just before the rename, so two runs at once keep
each other's work, and the worst a race can do is lose an entry, which is then a miss. A shard that
does not parse, is truncated, or belongs to another tool, format, setup or directory is ignored, and
rewritten by the next run that lints a file there."""

from __future__ import annotations

import json
import os
import stat
import sys
import time
from pathlib import Path
from typing import Any

from jixiao_lint import __version__
from jixiao_lint.model.finding import Finding, Fix
from jixiao_lint.model.pipeline_rules import code as pipeline_code

CACHE_NAME = ".jixiao-lint-cache"
FORMAT = 1
TAG = "Signature: 8a477f597d28d172789f06886806bc55\n# This file is a cache directory tag created by jixiao-lint.\n"
STALE_SECONDS = 30 * 24 * 3600  # a shard nobody wrote for a month is swept when a new one is made
INTERNAL_ERROR = pipeline_code("internal-error")  # a result never cached
_SEVERITIES = ("error", "warning", "info")
_APPLICABILITIES = ("safe", "unsafe")


def digest(data: bytes) -> str:
    # blake2b from its own built-in module: hashlib's import loads OpenSSL, a few ms of every start.
    from _blake2 import blake2b

    return blake2b(data, digest_size=16).hexdigest()


def read_keyed(path: Path, max_size: int) -> bytes | None:
    """The file's bytes as the linter would read them, or None when it cannot be read, is over the size
    limit or is no regular file: such a file is linted the ordinary way (its F006 or F008 says why) and
    never cached. A named pipe, above all, can be read only once: it is left to the linter's own read."""
    try:
        info = os.stat(path)
        if not stat.S_ISREG(info.st_mode) or info.st_size > max_size:
            return None
        with open(path, "rb") as handle:
            data = handle.read(info.st_size + 1)
            if len(data) > info.st_size:  # it grew since: read on, up to the limit
                data += handle.read(max_size + 1 - len(data))
    except OSError:
        return None
    return data if len(data) <= max_size else None


def user_cache_dir() -> Path | None:
    """The user's own cache directory (shared with the start-up cache; see parse/cache.py for why it
    must be ours and writable by no one else)."""
    from jixiao_lint.parse.cache import cache_dir

    return cache_dir()


def location(config_path: Path | None, chosen: str | Path | None) -> Path | None:
    """Where a configuration's results are kept: `chosen` (--cache-dir), beside the configuration, or
    the user's cache directory."""
    chosen = chosen or os.environ.get("JIXIAO_LINT_CACHE_DIR")
    if chosen:
        return Path(chosen)
    if config_path is not None:
        return config_path.resolve().parent / CACHE_NAME
    return user_cache_dir()


def setup_key(setup) -> str:
    """The digest of everything besides a file's bytes that its findings depend on (see the module's doc)."""
    import yaml

    from jixiao_lint.check.engine import rule_files
    from jixiao_lint.config import KEYS
    from jixiao_lint.resources import lexicons_dir, rules_dir

    parts: list[Any] = [FORMAT, __version__, sys.version, yaml.__version__, getattr(yaml, "__with_libyaml__", None),
                        _code_fingerprint()]
    config = setup.config
    # The effective configuration as a whole, and the engine's settings as a whole: a setting added later
    # (a scoring profile, a threshold) is in the key without anyone having to remember it here.
    parts.append({key: config.get(key) for key in sorted({*KEYS, *config.values})})
    parts.append(setup.engine.settings)
    parts.append([setup.select, setup.ignore])
    files = [*rule_files(rules_dir()), *(f for p in setup.rule_paths for f in rule_files(Path(p)))]
    for directory in [*setup.rules.lexicon_dirs, lexicons_dir()]:
        files += sorted(directory.glob("*.yaml"))
    blob = json.dumps(parts, sort_keys=True, default=str).encode()
    contents = [blob]
    for file in files:
        try:
            contents += [str(file).encode(), b"\0", file.read_bytes(), b"\0"]
        except OSError:
            contents += [str(file).encode(), b"\0unreadable\0"]
    return digest(b"".join(contents))


_fingerprint: str | None = None


def _code_fingerprint() -> str:
    """The tool's own files by path, size and modification time: an edited checkout is a new setup."""
    global _fingerprint
    if _fingerprint is None:
        from jixiao_lint.resources import grammars_dir

        package = Path(__file__).resolve().parent.parent
        stamps = []
        for root in (package, grammars_dir()):
            for directory, subdirs, files in os.walk(root):
                subdirs[:] = sorted(d for d in subdirs if d != "__pycache__")
                for name in sorted(files):
                    if name.endswith((".py", ".json", ".lark")):
                        info = os.stat(os.path.join(directory, name))
                        stamps.append(f"{directory}/{name}:{info.st_size}:{info.st_mtime_ns}")
        _fingerprint = digest("\n".join(stamps).encode())
    return _fingerprint


class ResultsCache:
    """The cached findings of one setup (by its key, setup_key), in one cache directory: looked up and
    stored during a run, written at its end by save()."""

    def __init__(self, root: Path, key: str):
        self.root = root
        self.key = key
        self._shards: dict[str, _Shard] = {}  # by the directory's real path
        self._by_parent: dict[str, _Shard] = {}  # by the directory as the run names it

    def _shard(self, parent: str) -> _Shard:
        shard = self._by_parent.get(parent)
        if shard is None:  # a directory's real path once, not once per file
            directory = os.path.realpath(parent or ".")
            shard = self._shards.get(directory)
            if shard is None:
                name = digest(f"{self.key}\0{directory}".encode())
                shard = self._shards[directory] = _Shard(self.root / "results" / f"{name}.json", self.key, directory)
            self._by_parent[parent] = shard
        return shard

    def result(self, source, max_size: int, keep_text: bool = True):
        """What linting the file would give (a FileResult as the run keeps it: see runner._slim), when its
        present bytes are the ones an entry was stored for; else None. Only a file with an entry is read
        here: on a cold run the workers read each file once. Without `keep_text` the file's text, which
        only the text format shows, is not decoded."""
        parent, name = os.path.split(os.fspath(source.path))
        entry = self._shard(parent).entries.get(name)
        if entry is None:
            return None
        data = read_keyed(source.path, max_size)
        if data is None or not _valid_entry(entry) or entry[0] != digest(data):
            return None  # (an entry not of the shape this version writes is a miss, and is rewritten)
        return _cached_result(source.name, data if keep_text else b"", [_finding(source.name, f) for f in entry[1]])

    def put(self, path: Path, file_digest: str, findings: list[Finding]) -> None:
        if any(f.rule == INTERNAL_ERROR for f in findings):
            return  # a bug of ours: linted again next time, perhaps by a mended version
        parent, name = os.path.split(os.fspath(path))
        self._shard(parent).put(name, [file_digest, [_fields(f) for f in findings]])

    def save(self) -> None:
        """Write every shard this run changed. A cache that cannot be written is no cache, never an error."""
        dirty = [shard for shard in self._shards.values() if shard.updates]
        if not dirty:
            return
        try:
            _prepare(self.root)
        except OSError:
            return
        for shard in dirty:
            shard.save()


class _Shard:
    def __init__(self, path: Path, key: str, directory: str):
        self.path = path
        self.key = key
        self.directory = directory
        self.entries = _load(path, key, directory)
        self.updates: dict[str, list] = {}

    def put(self, name: str, entry: list) -> None:
        self.entries[name] = self.updates[name] = entry

    def save(self) -> None:
        # What another run wrote since this one read the shard is kept; this run's own entries win.
        entries = _load(self.path, self.key, self.directory)
        entries.update(self.updates)
        # Files deleted or renamed since: their entries would be kept for ever.
        entries = {name: entry for name, entry in entries.items()
                   if name in self.updates or os.path.exists(os.path.join(self.directory, name))}
        text = json.dumps({"tool": "jixiao-lint", "format": FORMAT, "version": __version__, "setup": self.key,
                           "directory": self.directory, "entries": entries}, separators=(",", ":"))
        directory = self.path.parent
        temporary = directory / f".{self.path.stem}.{os.getpid()}.{time.monotonic_ns()}.tmp"
        try:
            fresh = not self.path.exists()
            with open(temporary, "w", encoding="ascii") as out:
                out.write(text)
            os.replace(temporary, self.path)
            if fresh:
                _sweep(directory)
        except OSError:
            try:
                os.unlink(temporary)
            except OSError:
                pass


def _load(path: Path, key: str, directory: str) -> dict[str, list]:
    """A shard's entries, or none at all when it is missing, does not parse, is cut short, or belongs to
    another tool, format, setup or directory: it is never partly trusted."""
    try:
        with open(path, "rb") as handle:
            shard = json.loads(handle.read())
        if not (isinstance(shard, dict) and shard.get("tool") == "jixiao-lint" and shard.get("format") == FORMAT
                and shard.get("setup") == key and shard.get("directory") == directory):
            return {}
        entries = shard["entries"]
        # Each entry's shape is checked when it is used (get), not here: a run that lints a few files
        # of a large directory must not pay for checking all the others.
        return entries if isinstance(entries, dict) else {}
    except (OSError, ValueError, KeyError, TypeError, RecursionError):
        return {}


def _valid_entry(entry: Any) -> bool:
    return (isinstance(entry, list) and len(entry) == 2 and isinstance(entry[0], str) and isinstance(entry[1], list)
            and all(_valid_fields(fields) for fields in entry[1]))


def _valid_fields(f: Any) -> bool:
    if not (isinstance(f, list) and len(f) == 12):
        return False
    ints = (f[0], f[2], f[3], f[4], f[5])
    if not all(type(n) is int for n in ints) or not all(type(s) is str for s in (f[1], f[6], f[7], f[9], f[10])):
        return False
    if f[8] not in _SEVERITIES:
        return False
    fix = f[11]
    return fix is None or (isinstance(fix, list) and len(fix) == 5 and type(fix[0]) is str
                           and fix[1] in _APPLICABILITIES and type(fix[2]) is int and type(fix[3]) is int
                           and (fix[4] is None or type(fix[4]) is str))


def _fields(f: Finding) -> list:
    # Everything but the file's name, which is the run's to say (the same file may be reached as
    # forms/a.yaml from one directory and a.yaml from another).
    fix = None if f.fix is None else [f.fix.replacement, f.fix.applicability, f.fix.start_offset, f.fix.end_offset,
                                      f.fix.expected]
    return [f.document, f.path, f.line, f.column, f.end_line, f.end_column, f.rule, f.name, f.severity,
            f.message_zh, f.message_en, fix]


def _finding(name: str, f: list) -> Finding:
    fix = None if f[11] is None else Fix(*f[11])
    return Finding(name, f[0], f[1], f[2], f[3], f[4], f[5], f[6], f[7], f[8], f[9], f[10], fix)


def _cached_result(name: str, data: bytes, findings: list[Finding]):
    """What linting keeps of a file until the report: its findings, and its text to show them in."""
    from jixiao_lint.lint import FileResult
    from jixiao_lint.model.form import FormFile
    from jixiao_lint.read.decode import Decoded, decode

    form = FormFile(name, "", [], line_starts=[])
    if findings:
        decoded = decode(data)
        if isinstance(decoded, Decoded):
            form.text, form.encoding, form.bom = decoded.text, decoded.encoding, decoded.bom
    return FileResult(form, findings)


def _prepare(root: Path) -> None:
    """The cache directory with its tag, its .gitignore and results/ (raises OSError if it cannot be made)."""
    results = root / "results"
    if results.is_dir():
        return
    results.mkdir(parents=True, exist_ok=True)
    for name, text in (("CACHEDIR.TAG", TAG), (".gitignore", "# Automatically created by jixiao-lint.\n*\n")):
        target = root / name
        if not target.exists():
            temporary = root / f".{name}.{os.getpid()}.tmp"
            temporary.write_text(text, encoding="utf-8")
            os.replace(temporary, target)


def _sweep(results: Path) -> None:
    """Shards of setups no longer in use (an edited configuration, an older version) and of directories
    long gone: the ones no run has written for a month."""
    now = time.time()
    try:
        for entry in os.scandir(results):
            if entry.name.endswith(".json") and now - entry.stat().st_mtime > STALE_SECONDS:
                os.unlink(entry.path)
            elif entry.name.endswith(".tmp") and now - entry.stat().st_mtime > 3600:  # left by a killed run
                os.unlink(entry.path)
    except OSError:
        pass


def is_cache_dir(path: Path) -> bool:
    """Whether `path` is a results cache jixiao-lint made: what `clean` will delete, and nothing else."""
    try:
        return (path / "CACHEDIR.TAG").read_text(encoding="utf-8").startswith(TAG)
    except (OSError, UnicodeDecodeError):
        return False


def clean(argv: list[str]) -> int:
    """`jixiao-lint clean [--cache-dir DIR] [PATH ...]`: delete the results caches a run from here would
    use: the one beside the nearest configuration, every `.jixiao-lint-cache` under the paths (default
    the current directory), the user's cache directory (results kept for files under no configuration,
    and the start-up cache), and DIR. Only a directory holding jixiao-lint's CACHEDIR.TAG is deleted."""
    import shutil

    from jixiao_lint.config import find_config
    from jixiao_lint.read.files import DEFAULT_EXCLUDES

    from jixiao_lint.errors import ArgumentParser, requested_language

    parser = ArgumentParser(prog="jixiao-lint clean", description="delete jixiao-lint's caches",
                            language=lambda: requested_language(argv) or "zh")
    parser.add_argument("paths", nargs="*", metavar="PATH", help="directories to search for .jixiao-lint-cache (default: .)")
    parser.add_argument("--cache-dir", type=Path, default=None, metavar="DIR", help="a cache directory given to --cache-dir")
    args = parser.parse_args(argv)
    candidates: list[Path] = []
    if args.cache_dir or os.environ.get("JIXIAO_LINT_CACHE_DIR"):
        candidates.append(Path(args.cache_dir or os.environ["JIXIAO_LINT_CACHE_DIR"]))
    nearest = find_config(Path.cwd())
    if nearest is not None:
        candidates.append(nearest.parent / CACHE_NAME)
    for root in args.paths or ["."]:
        for directory, subdirs, _ in os.walk(root):
            if CACHE_NAME in subdirs:
                candidates.append(Path(directory) / CACHE_NAME)
            subdirs[:] = [d for d in subdirs if d != CACHE_NAME and d not in DEFAULT_EXCLUDES]
    removed, seen = 0, set()
    for candidate in candidates:
        key = os.path.realpath(candidate)
        if key in seen or not candidate.is_dir():
            continue
        seen.add(key)
        if not is_cache_dir(candidate):
            sys.stderr.write(f"jixiao-lint: {candidate} holds no jixiao-lint CACHEDIR.TAG; not deleted\n")
            continue
        shutil.rmtree(candidate, ignore_errors=True)
        sys.stdout.write(f"removed {candidate}\n")
        removed += 1
    user = user_cache_dir()
    if user is not None and os.path.realpath(user) not in seen and any(user.iterdir()):
        # Ours by construction (parse/cache.py made it 0700 and checked it), tagged or not.
        for entry in user.iterdir():
            shutil.rmtree(entry, ignore_errors=True) if entry.is_dir() else entry.unlink(missing_ok=True)
        sys.stdout.write(f"removed the contents of {user}\n")
        removed += 1
    if not removed:
        sys.stdout.write("no cache to remove\n")
    return 0

"""Each document's configuration and rules, as the CLI finds them (the nearest .jixiao-lint.yaml or
pyproject.toml), kept between lints and rebuilt when a file they were built from changes on disk: the
configuration itself, or a rule pack's rule files and lexicons. Checking is a few stat calls per lint,
so an edit made in another program is picked up too, with no watcher needed."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from jixiao_lint.check import lexicons
from jixiao_lint.check.engine import rule_files
from jixiao_lint.errors import Bilingual, UsageError
from jixiao_lint.commands.lint import LintSetup, build_setup
from jixiao_lint.config import Config, ConfigError, find_config, load_config
from jixiao_lint.read.files import DEFAULT_EXCLUDES, is_excluded
from jixiao_lint.records import field, record

# No --select, --ignore or --rules: in the editor the configuration file says everything.
_NO_OPTIONS = argparse.Namespace(select=None, ignore=None, rules=[], profile=None)


@record
class Entry:
    """One configuration file (None: none found) and what was built from it, or why nothing could be."""

    config_path: Path | None
    stamp: tuple
    config: Config = field(default_factory=Config)
    setup: LintSetup | None = None
    error: Bilingual | None = None  # said in the editor's language

    def excludes(self, path: Path | None, root: Path | None) -> bool:
        """Whether the CLI would leave this file alone when linting its directory (the configuration
        file itself, .pre-commit-config.yaml, its `exclude` patterns)."""
        if path is None:
            return False
        base = self.config_path.parent if self.config_path else root
        patterns = (*DEFAULT_EXCLUDES, *self.config.get("exclude", []))
        if base is None:
            return is_excluded(Path(path.name), patterns, Path("."))
        return is_excluded(path, patterns, base)


class Setups:
    def __init__(self) -> None:
        self._entries: dict[Path | None, Entry] = {}

    def for_path(self, path: Path | None, root: Path | None) -> Entry:
        """The entry for a document at `path` (None: not a file; the workspace root's configuration)."""
        directory = path.parent if path is not None else (root or Path.cwd())
        config_path = find_config(directory)
        entry = self._entries.get(config_path)
        if entry is not None and entry.stamp == _stamp(config_path, entry.config):
            return entry
        entry = _build(config_path)
        self._entries[config_path] = entry
        return entry

    def forget(self) -> None:
        """Build everything again on the next lint (a watched file changed)."""
        self._entries.clear()


def _build(config_path: Path | None) -> Entry:
    lexicons.forget()  # a pack's lexicon may be what changed: read them again
    try:
        config = load_config(config_path)
    except ConfigError as error:
        return Entry(config_path, _stamp(config_path, Config()), error=error)
    entry = Entry(config_path, _stamp(config_path, config), config)
    try:
        entry.setup = build_setup(config, _NO_OPTIONS)
    except UsageError as error:
        entry.error = error
    return entry


def _stamp(config_path: Path | None, config: Config) -> tuple:
    """What the entry was built from, as (path, mtime, size) of each file: the configuration, then each
    rule file and lexicon of its rule packs (a file added or removed changes the list)."""
    files: list[Path] = [config_path] if config_path else []
    for rules in config.get("rules", []):
        path = Path(rules)
        files += rule_files(path) if path.exists() else [path]
        own = (path if path.is_dir() else path.parent) / "lexicons"
        if own.is_dir():
            files += sorted(own.glob("*.yaml"))
    return tuple((str(f), *_mtime(f)) for f in files)


def _mtime(path: Path) -> tuple[int, int]:
    try:
        info = os.stat(path)
    except OSError:
        return (-1, -1)
    return (info.st_mtime_ns, info.st_size)

"""Linting many files: one process for a handful, a pool of worker processes for a repo. Results come
back in the order the files were found, so output is the same whatever --jobs says."""

from __future__ import annotations

import argparse
import os
import signal
import sys
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jixiao_lint.config import Config
from jixiao_lint.lint import FileResult, lint_source
from jixiao_lint.read.files import DEFAULT_MAX_FILE_SIZE, Skipped, Source, discover, read_stream
from jixiao_lint.report.escape import shown

PARALLEL_THRESHOLD = 16  # below this, starting workers costs more than it saves


@dataclass
class WorkerSpec:
    """What a worker needs to build the same engine as the parent (rules are recompiled, not pickled)."""

    rule_paths: tuple[str, ...]
    select: tuple[str, ...]
    ignore: tuple[str, ...]
    settings: tuple[tuple[str, Any], ...]
    max_file_size: int


_engine = None
_max_size = DEFAULT_MAX_FILE_SIZE
_parents_engine: tuple[WorkerSpec, Any] | None = None  # what a forked worker finds already built


def _init_worker(spec: WorkerSpec) -> None:
    global _engine, _max_size
    # Ctrl-C reaches the whole process group: the parent alone answers it, by killing the workers.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_SETMASK, set())
    from jixiao_lint.check.engine import Engine, load_rules
    from jixiao_lint.lint import selector

    if _parents_engine is not None and _parents_engine[0] == spec:
        _engine = _parents_engine[1]  # forked: the parent's engine is already in memory
    else:  # spawned (macOS, Windows): a fresh interpreter builds its own
        _engine = Engine(load_rules(map(Path, spec.rule_paths)), dict(spec.settings),
                         selector(list(spec.select), list(spec.ignore)))
    _max_size = spec.max_file_size


def _lint_in_worker(source: Source) -> FileResult:
    return _slim(lint_source(source, _engine, max_file_size=_max_size))


def _slim(result: FileResult) -> FileResult:
    # What is kept of a file until the report: its findings and, to show source lines and apply fixes,
    # its text; its YAML tree goes, so that a run over a whole repo holds one tree at a time.
    result.form.documents = []
    result.form.line_starts = []
    if not result.findings:
        result.form.text = ""
    return result


def find_sources(paths: list[str], args: argparse.Namespace, config: Config) -> list[Source]:
    skipped: list[Skipped] = []
    sources = list(discover(paths, tuple(config.get("exclude", [])), args.stdin_filename or "-", skipped))  # may raise PathError
    lang = args.lang or config.get("lang", "zh")
    for item in skipped:  # a note, not a finding: no form was in it, and git cannot even hold a pipe
        sys.stderr.write(f"jixiao-lint: skipped {shown(item.name)}: not a regular file ({item.kind_en})\n"
                         if lang == "en" else f"jixiao-lint: 已跳过 {shown(item.name)}：不是普通文件（是{item.kind_zh}），没有检查\n")
    if not sources:  # not an error (ruff does the same), but a gate that checks nothing must not pass silently
        sys.stderr.write("jixiao-lint: no form files (*.yaml, *.yml) found under the given paths\n" if lang == "en" else
                         "jixiao-lint: 警告：给定路径下没有找到表格文件（*.yaml、*.yml），没有检查任何内容\n")
    return sources


def lint_sources(sources: list[Source], profile, args: argparse.Namespace) -> list[FileResult]:
    """Lint with one profile (one configuration's rules and settings), in the order given."""
    engine, config = profile.engine, profile.config
    max_size = int(config.get("max_file_size", DEFAULT_MAX_FILE_SIZE))
    jobs = args.jobs if args.jobs else (os.cpu_count() or 1)
    files = [s for s in sources if s.path is not None]
    if jobs <= 1 or len(files) < PARALLEL_THRESHOLD:
        progress = _progress(len(files))
        results = []
        for source in sources:  # a large form's checks may still use the other cores (check/spread.py)
            if results:  # one YAML tree at a time; the last is left for the exit to drop (tens of ms)
                _slim(results[-1])
            results.append(_one(source, engine, max_size, jobs))
            if progress:
                progress.advance()
        if progress:
            progress.stop()
        return results
    from concurrent.futures import ProcessPoolExecutor

    spec = WorkerSpec(tuple(str(p) for p in profile.rule_paths), tuple(profile.select), tuple(profile.ignore),
                      tuple(engine.settings.items()), max_size)
    global _parents_engine
    _parents_engine = (spec, engine)
    by_source: dict[int, FileResult] = {}
    progress = _progress(len(files))
    pool = ProcessPoolExecutor(max_workers=jobs, initializer=_init_worker, initargs=(spec,))
    # SIGTERM (a cancelled CI job) ends the run as Ctrl-C does: killed by it, the parent would leave its
    # workers waiting for ever on a queue that they themselves hold open.
    previous_sigterm = signal.signal(signal.SIGTERM, _terminated)
    try:
        with _signals_held():  # the workers are forked here, and are born deaf to Ctrl-C (_init_worker)
            answers = pool.map(_lint_in_worker, files, chunksize=max(1, len(files) // (jobs * 8)))
        for source, result in zip(files, answers):
            by_source[id(source)] = result
            if progress:
                progress.advance()
    except BaseException:
        import multiprocessing

        # Ctrl-C (or a failure): the workers are killed, not waited for. Left to the pool, a worker hit by
        # SIGINT while it held a queue's lock could leave the pool's shutdown waiting for ever, and the
        # others finished their chunks first. They only read files, so there is nothing to lose.
        _quiet_pool_threads()
        workers = multiprocessing.active_children()
        for worker in workers:
            worker.kill()
        for worker in workers:  # reaped, so that none outlives the run even as a zombie
            worker.join(timeout=1)
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    finally:
        signal.signal(signal.SIGTERM, previous_sigterm)
        if progress:
            progress.stop()
    pool.shutdown()
    return [by_source[id(s)] if s.path is not None else _slim(_one(s, engine, max_size)) for s in sources]


def _quiet_pool_threads() -> None:
    """The pool's manager thread, finding its workers killed, fails the futures the interrupted map
    already cancelled, and Python 3.11 raises InvalidStateError there: not for the user to read."""
    import threading
    from concurrent.futures import InvalidStateError

    previous = threading.excepthook

    def hook(args) -> None:
        if not isinstance(args.exc_value, InvalidStateError):
            previous(args)

    threading.excepthook = hook


@contextmanager
def _signals_held():
    """SIGINT and SIGTERM wait while workers are forked (they are raised right after), so that none is
    born with Python's own SIGINT handler, which would have it raise KeyboardInterrupt in the pool's code."""
    if not hasattr(signal, "pthread_sigmask"):  # Windows: spawned workers, and no signal masks
        yield
        return
    held = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, held)


class Terminated(KeyboardInterrupt):
    exit_code = 128 + signal.SIGTERM


def _terminated(signum, frame) -> None:
    raise Terminated


def _one(source: Source, engine, max_size: int, processes: int = 1) -> FileResult:
    data = read_stream(sys.stdin.buffer, max_size) if source.path is None else None  # over the limit: F006
    return lint_source(source, engine, data, max_size, processes)


def _split(text: str | None) -> list[str]:
    return [c.strip().upper() for c in text.split(",") if c.strip()] if text else []


class _Progress:
    def __init__(self, total: int):
        from rich.progress import Progress

        from rich.console import Console

        self.bar = Progress(transient=True, console=Console(stderr=True))
        self.bar.start()
        self.task = self.bar.add_task("jixiao-lint", total=total)

    def advance(self) -> None:
        self.bar.advance(self.task)

    def stop(self) -> None:
        self.bar.stop()


def _progress(total: int) -> _Progress | None:
    # Only on a terminal, only for large runs: never in CI logs or piped output.
    if total < 300 or not sys.stderr.isatty():
        return None
    return _Progress(total)

"""Linting many files: one process for a handful, a pool of worker processes for a repo. Results come
back in the order the files were found, so output is the same whatever --jobs says."""

from __future__ import annotations

import argparse
import os
import signal
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from jixiao_lint.commands.cache import ResultsCache, digest, read_keyed
from jixiao_lint.config import Config
from jixiao_lint.lint import FileResult, lint_source
from jixiao_lint.read.files import DEFAULT_MAX_FILE_SIZE, Skipped, Source, discover, read_stream
from jixiao_lint.records import record
from jixiao_lint.report import FORMATS
from jixiao_lint.report.escape import shown

PARALLEL_THRESHOLD = 16  # below this, starting workers costs more than it saves


@record
class WorkerSpec:
    """What a worker needs to build the same engine as the parent (rules are recompiled, not pickled)."""

    rule_paths: tuple[str, ...]
    select: tuple[str, ...]
    ignore: tuple[str, ...]
    settings: tuple[tuple[str, Any], ...]
    max_file_size: int
    totals: bool = False  # work out each document's totals before its tree is dropped (--format html)
    keyed: bool = False  # the results cache is on: say the digest of the bytes each file was linted from


_engine = None
_max_size = DEFAULT_MAX_FILE_SIZE
_totals = False
_keyed = False
_parents_engine: tuple[WorkerSpec, Any] | None = None  # what a forked worker finds already built


def _init_worker(spec: WorkerSpec) -> None:
    global _engine, _max_size, _totals, _keyed
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
    _totals = spec.totals
    _keyed = spec.keyed


def _lint_in_worker(source: Source) -> tuple[FileResult, str | None]:
    result, key = _one(source, _engine, _max_size, keyed=_keyed)
    return _slim(_with_totals(result, _totals)), key


def _with_totals(result: FileResult, wanted: bool) -> FileResult:
    if wanted:
        from jixiao_lint.check.totals import form_totals
        result.totals = form_totals(result.form)
    return result


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


def lint_sources(sources: list[Source], setup, args: argparse.Namespace, cache: ResultsCache | None = None) -> list[FileResult]:
    """Lint with one setup (one configuration's rules and settings), in the order given. With a results
    cache, a file whose bytes it holds findings for is not linted, and every file linted is stored in it."""
    engine, config = setup.engine, setup.config
    max_size = int(config.get("max_file_size", DEFAULT_MAX_FILE_SIZE))
    jobs = args.jobs if args.jobs else (os.cpu_count() or 1)
    output = FORMATS.get(getattr(args, "format", None) or "")
    totals = bool(output and output.needs_tree)
    done: dict[int, FileResult] = {}
    # A hit has findings but no tree, and the HTML page's totals are worked out from the tree.
    if cache is not None and not totals:
        # the outputs that read the source: text shows its lines, SARIF fingerprints a finding by its line
        keep_text = bool(output and output.reads_sources) and not args.statistics
        for source in sources:
            if source.path is not None:
                hit = cache.result(source, max_size, keep_text)
                if hit is not None:
                    done[id(source)] = hit
    todo = [s for s in sources if id(s) not in done]
    if todo or args.fix or args.diff:
        compile_rules(setup)
    keyed = cache is not None
    files = [s for s in todo if s.path is not None]
    linted: list[tuple[Source, FileResult, str | None]] = []
    if jobs <= 1 or len(files) < PARALLEL_THRESHOLD:
        progress = _progress(len(files))
        for source in todo:  # a large form's checks may still use the other cores (check/spread.py)
            if linted:  # one YAML tree at a time; the last is left for the exit to drop (tens of ms)
                _slim(linted[-1][1])
            result, key = _one(source, engine, max_size, jobs, keyed)
            linted.append((source, _with_totals(result, totals), key))
            if progress:
                progress.advance()
        if progress:
            progress.stop()
    else:
        from concurrent.futures import ProcessPoolExecutor

        spec = WorkerSpec(tuple(str(p) for p in setup.rule_paths), tuple(setup.select), tuple(setup.ignore),
                          tuple(engine.settings.items()), max_size, totals, keyed)
        global _parents_engine
        _parents_engine = (spec, engine)
        progress = _progress(len(files))
        pool = ProcessPoolExecutor(max_workers=jobs, initializer=_init_worker, initargs=(spec,))
        # SIGTERM (a cancelled CI job) ends the run as Ctrl-C does: killed by it, the parent would leave its
        # workers waiting for ever on a queue that they themselves hold open.
        previous_sigterm = signal.signal(signal.SIGTERM, _terminated)
        try:
            with _signals_held():  # the workers are forked here, and are born deaf to Ctrl-C (_init_worker)
                answers = pool.map(_lint_in_worker, files, chunksize=max(1, len(files) // (jobs * 8)))
            for source, (result, key) in zip(files, answers):
                linted.append((source, result, key))
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
        linted += [(s, _slim(_with_totals(_one(s, engine, max_size)[0], totals)), None) for s in todo if s.path is None]
    for source, result, key in linted:
        done[id(source)] = result
        if key is not None:
            cache.put(source.path, key, result.findings)
    return [done[id(s)] for s in sources]


def compile_rules(setup) -> None:
    """The setup's rules compiled before a file is linted (forked workers inherit them): one that does
    not compile stops the run with exit 2, not an internal error on every file."""
    from jixiao_lint.errors import UsageError
    from jixiao_lint.parse.rules_language import RuleFileError

    try:
        setup.engine.active
    except RuleFileError as error:
        raise UsageError(f"规则文件有误：{error.text('zh')}", f"rule file error: {error}") from None


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


def _one(source: Source, engine, max_size: int, processes: int = 1, keyed: bool = False) -> tuple[FileResult, str | None]:
    """The file's result and, when `keyed`, the digest of the very bytes it was linted from (None when
    it was not read whole: standard input, unreadable, over the limit — such a result is not cached)."""
    if source.path is None:
        data = read_stream(sys.stdin.buffer, max_size)  # over the limit: F006
        return lint_source(source, engine, data, max_size, processes), None
    data = read_keyed(source.path, max_size) if keyed else None
    return lint_source(source, engine, data, max_size, processes), (None if data is None else digest(data))


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

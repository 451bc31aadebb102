"""A large form's checks shared out over processes (check/spread.py): the same findings in the same
order as one process makes them, and a helper's failure reported, never lost."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from helpers import builtin_rules
from jixiao_lint.check.engine import Engine
from jixiao_lint.check.spread import run_tasks
from jixiao_lint.lint import SPREAD_SIZE, lint_source, selector
from jixiao_lint.read.files import Source

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="tasks are shared out only where fork() exists")


def _large_form() -> str:
    rows = []
    for n in range(4500):
        # every 100th row declares a positive indicator with ≤ (OP001); weights sum far past 100 (W001)
        operator = "≤" if n % 100 == 7 else "≥"
        rows.append(f"  - {{name: 第{n}项培训覆盖率, unit: \"%\", target: {operator} 90, weight: 2}}")
    return "kind: target-declaration\nyear: 2024\norganization: 民政局\nindicators:\n" + "\n".join(rows) + "\n"


def test_a_large_form_gives_the_same_findings_in_the_same_order_over_two_processes(monkeypatch: pytest.MonkeyPatch) -> None:
    text = _large_form()
    assert len(text) >= SPREAD_SIZE
    engine = Engine(builtin_rules(), None, selector([], []))
    one = lint_source(Source("big.yaml", None), engine, text.encode("utf-8"), processes=1).findings
    forks = []
    fork = os.fork
    monkeypatch.setattr(os, "fork", lambda: forks.append(1) or fork())
    two = lint_source(Source("big.yaml", None), engine, text.encode("utf-8"), processes=2).findings
    assert forks == [1]
    assert two == one
    operators = [(f.rule, f.path, f.line) for f in one if f.rule == "OP001"]
    assert operators == [("OP001", f"/indicators/{n}/target", n + 5) for n in range(7, 4500, 100)]
    assert [(f.rule, f.path, f.line) for f in one if f.rule == "W001"] == [("W001", "/indicators", 5)]


def test_a_large_form_is_kept_from_the_garbage_collector_only_while_it_is_linted() -> None:
    # Its tree is frozen out of the collector's sight (no walks while it is built, no copied pages in the
    # forked helpers) and handed back afterwards; a collector the caller switched off stays off.
    import gc

    engine = Engine(builtin_rules(), None, selector([], []))
    data = _large_form().encode("utf-8")
    frozen_during = []
    task = engine.tasks  # the tasks are made once the form is read: look at the collector then
    engine.tasks = lambda form: frozen_during.append((gc.get_freeze_count() > 0, gc.isenabled())) or task(form)
    try:
        assert lint_source(Source("big.yaml", None), engine, data, processes=2).findings
        assert frozen_during == [(True, True)]
        assert gc.get_freeze_count() == 0 and gc.isenabled()
        gc.disable()
        try:
            lint_source(Source("small.yaml", None), engine, b"kind: target-declaration\nyear: 2024\n", processes=2)
            assert not gc.isenabled() and gc.get_freeze_count() == 0 and frozen_during[-1] == (False, False)
        finally:
            gc.enable()
    finally:
        del engine.tasks


def _meet(place: Path) -> int:
    """Sign in and wait until two processes have: each of the two then holds exactly one task, whichever
    process happened to read the queue first (a fork's child may well be first)."""
    (place / str(os.getpid())).touch()
    deadline = time.monotonic() + 20
    while len(list(place.iterdir())) < 2 and time.monotonic() < deadline:
        time.sleep(0.01)
    assert len(list(place.iterdir())) == 2, "the second process never took a task"
    return os.getpid()


def test_tasks_are_taken_by_every_process_and_answered_in_task_order(tmp_path: Path) -> None:
    tasks = [lambda: _meet(tmp_path), lambda: _meet(tmp_path), *[lambda n=n: n for n in range(2, 40)]]
    results = run_tasks(tasks, 2)
    assert os.getpid() in results[:2] and len(set(results[:2])) == 2  # one task here, one in the helper
    assert results[2:] == list(range(2, 40))


def test_a_helper_that_dies_is_an_error_not_missing_findings(tmp_path: Path) -> None:
    parent = os.getpid()

    def die() -> int:
        if _meet(tmp_path) != parent:
            os._exit(3)
        return 0

    with pytest.raises(RuntimeError, match="in a helper process: it ended without an answer"):
        run_tasks([die, die, lambda: 2], 2)


def test_a_task_that_fails_in_a_helper_is_reported_with_its_error(tmp_path: Path) -> None:
    parent = os.getpid()

    def fail() -> int:
        if _meet(tmp_path) != parent:
            raise ValueError("a bug in a rule")
        return 0

    with pytest.raises(RuntimeError, match="in a helper process: ValueError: a bug in a rule"):
        run_tasks([fail, fail], 2)


def test_a_task_that_fails_here_raises_its_own_error_after_the_helpers_are_reaped(tmp_path: Path) -> None:
    parent = os.getpid()

    def fail_here() -> int:
        if _meet(tmp_path) == parent:
            raise ValueError("a bug in a rule")
        return 0

    with pytest.raises(ValueError, match="a bug in a rule"):
        run_tasks([fail_here, fail_here], 2)
    with pytest.raises(ChildProcessError):  # no child left behind unreaped
        os.waitpid(-1, os.WNOHANG)

"""One large form's checks shared out over several processes.

A repo of many forms keeps every core busy with a file each (commands/runner.py); one form of 20,000
rows would keep one core busy for seconds. Once it is read, the process forks: the children inherit the
form as it is in memory (nothing is pickled on the way in), and every process takes the next task from
a queue until none is left, so a slow rule does not leave the others waiting. Each child sends back
its tasks' findings; the results are put in task order, exactly as one process would have made them.

Only where fork() exists (Linux, macOS); elsewhere, and whenever a fork fails, the tasks run here.
"""

from __future__ import annotations

import os
import pickle
from typing import Callable, TypeVar

T = TypeVar("T")
_TASK_NUMBER = 2  # bytes per queued task number; reads of a few bytes from a pipe are atomic (PIPE_BUF)
_QUEUE_BYTES = 4096  # the whole queue is written before anyone reads: it must fit in the pipe's buffer


def run_tasks(tasks: list[Callable[[], T]], processes: int) -> list[T]:
    """Every task's result, in task order, computed by up to `processes` processes."""
    processes = min(processes, len(tasks))
    if processes <= 1 or not hasattr(os, "fork") or len(tasks) * _TASK_NUMBER > _QUEUE_BYTES:
        return [task() for task in tasks]
    queue_out, queue_in = os.pipe()
    os.write(queue_in, b"".join(n.to_bytes(_TASK_NUMBER, "big") for n in range(len(tasks))))
    os.close(queue_in)  # an empty queue then reads as end of file: no task left
    children = []
    try:
        for _ in range(processes - 1):
            children.append(_fork_worker(tasks, queue_out))
    except OSError:
        pass  # fewer helpers than asked for (a process limit): the queue is shared all the same
    try:
        results = _work(tasks, queue_out)
    finally:  # even when a task of ours failed: every child is read from and reaped
        os.close(queue_out)
        answers = [_collect(pid, result_out) for pid, result_out in children]
    for status, payload in answers:
        if status != "ok":
            raise RuntimeError(f"in a helper process: {payload}")
        results.update(payload)
    return [results[n] for n in range(len(tasks))]


def _collect(pid: int, result_out: int) -> tuple[str, object]:
    with os.fdopen(result_out, "rb") as stream:
        data = stream.read()
    os.waitpid(pid, 0)
    return pickle.loads(data) if data else ("error", "it ended without an answer")


def _fork_worker(tasks: list[Callable[[], T]], queue_out: int) -> tuple[int, int]:
    result_out, result_in = os.pipe()
    pid = os.fork()
    if pid:
        os.close(result_in)
        return pid, result_out
    try:  # the child: never returns into the caller's code
        os.close(result_out)
        try:
            payload = pickle.dumps(("ok", _work(tasks, queue_out)), pickle.HIGHEST_PROTOCOL)
        except BaseException as error:  # noqa: BLE001 — reported by the parent, as a bug of ours
            payload = pickle.dumps(("error", f"{type(error).__name__}: {error}"))
        with os.fdopen(result_in, "wb") as stream:
            stream.write(payload)
    finally:
        os._exit(0)  # no atexit handlers, no flushing of the parent's buffered output a second time


def _work(tasks: list[Callable[[], T]], queue_out: int) -> dict[int, T]:
    done = {}
    while True:
        taken = os.read(queue_out, _TASK_NUMBER)
        if not taken:
            return done
        number = int.from_bytes(taken, "big")
        done[number] = tasks[number]()

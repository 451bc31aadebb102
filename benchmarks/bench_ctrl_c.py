"""How long Ctrl-C takes to end a parallel run, workers and all.

    python benchmarks/bench_ctrl_c.py [--files 3000] [--runs 20] [--jobs 4]

A `--jobs 4` run over a repo of small forms is sent SIGINT, as a terminal sends it (to the whole
process group), at a random moment once its workers are busy; the figure is the time from the signal
until no process of the group is left (the run exited, every worker killed and reaped). The target is
under a second, every time, with exit status 130 and nothing on standard error. Linux (counts the
workers in /proc).
"""

from __future__ import annotations

import argparse
import os
import random
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TARGET_SECONDS = 1.0
FORM = b"kind: self-evaluation\nyear: 2023\norganization: \xe9\x87\x8d\xe5\xba\x86\nprojct: x\n"


def _children(pid: int) -> list[str]:
    try:
        return Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        return []


def one_run(root: Path, jobs: int) -> tuple[float, int, bytes]:
    process = subprocess.Popen([sys.executable, "-m", "jixiao_lint", "--jobs", str(jobs), "forms"], cwd=root,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
    while len(_children(process.pid)) < jobs and process.poll() is None:
        time.sleep(0.005)
    time.sleep(random.uniform(0, 1.0))
    sent = time.monotonic()
    os.killpg(process.pid, signal.SIGINT)
    code = process.wait()
    while True:
        try:
            os.killpg(process.pid, 0)
        except ProcessLookupError:
            break
        time.sleep(0.001)
    return time.monotonic() - sent, code, process.stderr.read()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--files", type=int, default=3000)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--jobs", type=int, default=4)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        (root / "forms").mkdir()
        for i in range(options.files):
            (root / "forms" / f"f{i:05}.yaml").write_bytes(FORM)
        results = [one_run(root, options.jobs) for _ in range(options.runs)]
    seconds = [s for s, _, _ in results]
    wrong = [(code, err[-200:]) for _, code, err in results if code != 130 or err]
    print(f"{options.runs} runs, --jobs {options.jobs}, {options.files} files: Ctrl-C to no process left "
          f"median {statistics.median(seconds):.3f} s, max {max(seconds):.3f} s (target < {TARGET_SECONDS} s); "
          f"exit 130 with nothing on stderr: {options.runs - len(wrong)}/{options.runs}")
    for code, err in wrong:
        print(f"  exit {code}: {err!r}")


if __name__ == "__main__":
    main()

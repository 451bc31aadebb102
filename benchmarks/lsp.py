"""`jixiao-lint server`: the time from a didChange to the publishDiagnostics for that version, as an
editor sees it (the quiet spell after a change, the lint, the JSON both ways), on a 30-row and a
1,000-row form. The server runs pinned to one core (taskset) unless --any-core; the client is pygls's,
in this process. Also prints the server's CPU time per change (what it costs, whatever else the machine
is doing) and the lint alone, in this process, for comparison.

    .venv/bin/python benchmarks/lsp.py [--repeat 15] [--any-core]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from lsprotocol import types

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent / "tests" / "lsp")]

from generate import big_form, form  # noqa: E402
from lsp_session import Session, server_command  # noqa: E402

TARGETS = {30: 0.050, 1000: 0.500}


def cpu_seconds(pid: int) -> float:
    """User and system CPU time of a process and its children so far (Linux), to tell the server's
    work from the time it waited for a core on a busy machine."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return sum(int(f) for f in fields[11:15]) / os.sysconf("SC_CLK_TCK")


async def latencies(root: Path, text: str, repeat: int, command: list[str]) -> tuple[list[float], float]:
    async with Session(root, command=command) as session:
        path = root / "form.yaml"
        path.write_text(text, encoding="utf-8")
        uri = session.open(path)
        await session.diagnostics(uri)
        times = []
        # A keystroke, sent as an editor sends it (an incremental change): the first row's weight, 3 ↔ 4.
        line = text.split("\n").index("    weight: 3")
        digit = types.Range(types.Position(line, 12), types.Position(line, 13))
        pid = session.client._server.pid
        for i in range(repeat + 2):  # the first two warm the server's caches up
            if i == 2:
                cpu = cpu_seconds(pid)
            started = time.perf_counter()
            version = session.edit(uri, digit, "4" if i % 2 == 0 else "3")
            await session.diagnostics(uri, version)
            times.append(time.perf_counter() - started)
        return times[2:], (cpu_seconds(pid) - cpu) / repeat


def lint_alone(text: str, repeat: int) -> float:
    from jixiao_lint.check.engine import Engine, load_rules
    from jixiao_lint.lint import lint_source
    from jixiao_lint.read.files import Source

    engine = Engine(load_rules())
    data = text.encode("utf-8")
    times = []
    for _ in range(repeat + 2):
        started = time.perf_counter()
        lint_source(Source("form.yaml", None), engine, data)
        times.append(time.perf_counter() - started)
    return statistics.median(times[2:])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--any-core", action="store_true", help="do not pin the server to one core")
    args = parser.parse_args()
    command = server_command()
    if not args.any_core and shutil.which("taskset"):
        command = ["taskset", "-c", "0", *command]
    print(f"server: {' '.join(command)}; {args.repeat} changes per form (after 2 to warm up)")
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print(f"{'form':<10} {'median':>8} {'p90':>8} {'max':>8} {'server CPU':>11} {'lint alone':>11} {'target':>8}  met")
    for rows, text in ((30, form(1)), (1000, big_form(1000))):
        with tempfile.TemporaryDirectory(prefix="jixiao-lsp-bench-") as directory:
            times, cpu = asyncio.run(latencies(Path(directory), text, args.repeat, command))
        times.sort()
        median, p90 = statistics.median(times), times[min(len(times) - 1, int(len(times) * 0.9))]
        alone = lint_alone(text, 5)
        print(f"{rows:>5} rows {median * 1000:>6.1f}ms {p90 * 1000:>6.1f}ms {times[-1] * 1000:>6.1f}ms "
              f"{cpu * 1000:>9.1f}ms {alone * 1000:>9.1f}ms {TARGETS[rows] * 1000:>6.0f}ms  {'yes' if median <= TARGETS[rows] else 'NO'}")


if __name__ == "__main__":
    main()

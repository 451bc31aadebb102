"""How many indicator expressions the grammar reads per second, on one core.

    python benchmarks/bench_expressions.py [--count 50000] [--repeat 5]

The cells are a deterministic mix shaped like the seed forms (mostly `≥ 95`, `= 3`, `定性 良好`, with
the variants PDF conversion and OCR leave: `＝ 3`, `$\\geqslant$ 95`, `54. 36`, `<b></b> 90`), each
with its own number so that nothing can be served from a cache. Both paths are timed: the default one
(the fast path for `operator? number unit? suffix?` cells, lark for the rest) and lark alone. The
target is 30,000 cells/s for the default path.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import statistics
import time
from pathlib import Path

from jixiao_lint.parse import expression

TARGET_PER_SECOND = 30_000

# (template, weight): {n} an integer, {d} a decimal, {p} a percentage, {ocr} a number as OCR types it.
MIX = [
    ("≥ {n}", 30), ("≥ {p}%", 10), ("= {n}", 8), ("≤ {n}", 5), ("＝ {n}", 3), ("≥ {d}", 3),
    ("$\\geqslant$ {p}", 2), ("$\\leqslant$ {n}", 1), (">= {p}%", 1), ("不少于{n}次", 3), ("{p}%以上", 3),
    ("≥ {n}平方米", 2), ("定性 良好", 6), ("定性 优", 3), ("定性 有所增加", 2), ("定性：优", 1),
    ("定性（有所提升）", 1), ("{low}-{p}", 2), ("{low}%～{p}%", 1), ("{n}", 2), ("≥ {ocr}", 2),
    ("<b></b> {p}", 1), ("$\\forall$ {p}", 1), ("≥ 良好", 1),
]  # fmt: skip


def corpus(count: int, seed: int = 20231231) -> list[str]:
    rng = random.Random(seed)
    templates, weights = zip(*MIX)
    cells = []
    for template in rng.choices(templates, weights, k=count):
        integer = rng.randint(1, 99_999)
        cells.append(template.format(
            n=integer, p=rng.randint(60, 100), low=rng.randint(0, 59), d=f"{integer / 100:.2f}",
            ocr=f"{integer / 100:.2f}".replace(".", ". "),
        ))  # fmt: skip
    return cells


def rate(cells: list[str], fast: bool, repeat: int) -> tuple[list[float], list[float]]:
    """Cells per second of this process's CPU time, and per second of wall clock. On a shared machine
    the wall clock also counts the time other processes held the core; the CPU rate is the parser's."""
    cpu_rates, wall_rates = [], []
    for _ in range(repeat):
        cpu, wall = time.process_time(), time.perf_counter()
        for cell in cells:
            try:
                expression._read(cell, "target", fast=fast)
            except expression.ExpressionError:
                pass
        cpu_rates.append(len(cells) / (time.process_time() - cpu))
        wall_rates.append(len(cells) / (time.perf_counter() - wall))
    return cpu_rates, wall_rates


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        cpu = next((line.split(":", 1)[1].strip() for line in cpuinfo.read_text().splitlines()
                    if line.startswith("model name")), cpu)  # fmt: skip
    return f"{cpu}, Python {platform.python_version()} ({platform.python_implementation()}), {platform.system()}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=50_000, help="cells per run (default 50000)")
    parser.add_argument("--repeat", type=int, default=5, help="runs per path; the best and the median are shown")
    args = parser.parse_args(argv)

    cells = corpus(args.count)
    started = time.perf_counter()
    expression.parse_target("≥ 1")  # builds the parser once
    print(f"machine: {machine()}")
    print(f"parser built in {time.perf_counter() - started:.3f} s; {len(cells)} cells, {len(set(cells))} distinct")
    load = ", load average %.1f %.1f %.1f" % os.getloadavg() if hasattr(os, "getloadavg") else ""
    print(f"{os.cpu_count()} cores{load}")
    for label, fast in (("default (fast path + lark)", True), ("lark alone", False)):
        cpu, wall = rate(cells, fast, args.repeat)
        print(f"{label:27} CPU time: best {max(cpu):>7,.0f}  median {statistics.median(cpu):>7,.0f} expressions/s"
              f"   wall clock: best {max(wall):>7,.0f}  median {statistics.median(wall):>7,.0f}")
        if fast:
            verdict = "meets" if max(cpu) >= TARGET_PER_SECOND else "MISSES"
            print(f"{'':27} {verdict} the target of {TARGET_PER_SECOND:,} expressions/s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Measures jixiao-lint against the floors issue 8 sets, as ratios taken in the same run.

    python benchmarks/run.py [--forms 2000] [--repeat 3]

Prints, for each measure, the median of --repeat runs and the ratio to its floor:
  lint (default jobs) / yaml.load(CSafeLoader) of every file in one process   target ≤ 1.5
  lint --jobs 1      / the same floor                                         target ≤ 3
  yamllint -d relaxed / lint (default jobs), taking turns  (skipped without yamllint)  target ≥ 20
  jixiao-lint --version / python -c "import yaml"                             target ≤ 2
  one small form end to end                                                   target ≤ 120 ms
  one 20,000-row form                                                          target ≤ 2 s
  peak RSS of the 2,000-form run (parent and workers, from getrusage)          target ≤ 150 MB
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import big_form, form  # noqa: E402


# An installed package has its bytecode compiled by pip; a checkout run with PYTHONDONTWRITEBYTECODE set
# would compile every module on every start and measure the compiler, not the linter.
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def run_once(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False, env=ENV)
    return time.perf_counter() - start


def peak_rss(command: list[str]) -> int:
    """The peak RSS (KiB) of the largest process of one run (the parent or a worker), measured in a fresh
    process of its own so that no earlier run's peak is counted."""
    probe = ("import resource, subprocess, sys\n"
             "subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)\n"
             "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n")
    result = subprocess.run([sys.executable, "-c", probe, *command], capture_output=True, text=True, env=ENV, check=True)
    return int(result.stdout)


def timed(commands: list[list[str]], repeat: int, warm: bool = False) -> list[float]:
    """The median wall seconds of each command. The commands take turns within each repetition, so that
    a machine slowing down or speeding up part-way affects a ratio's two sides alike."""
    if warm:  # caches filled (bytecode, parsed rules, the disk) before anything is timed
        for command in commands:
            run_once(command)
    times: list[list[float]] = [[] for _ in commands]
    for _ in range(repeat):
        for i, command in enumerate(commands):
            times[i].append(run_once(command))
    return [statistics.median(t) for t in times]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--forms", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    python = sys.executable
    lint = [python, "-m", "jixiao_lint"]
    work = Path(tempfile.mkdtemp(prefix="jixiao-bench-"))
    try:
        corpus = work / "corpus"
        corpus.mkdir()
        for i in range(args.forms):
            (corpus / f"form_{i:05d}.yaml").write_text(form(i), encoding="utf-8")
        floor_script = ("import glob, yaml\n"
                        f"for f in sorted(glob.glob({str(corpus)!r} + '/*.yaml')):\n"
                        "    list(yaml.load_all(open(f, encoding='utf-8').read(), Loader=yaml.CSafeLoader))\n")
        floor, default, serial = timed([[python, "-c", floor_script], [*lint, str(corpus), "--statistics"],
                                        [*lint, "--jobs", "1", str(corpus), "--statistics"]], args.repeat, warm=True)
        rss = max(peak_rss([*lint, str(corpus)]), peak_rss([*lint, "--jobs", "1", str(corpus)]))
        rows = [("yaml.load floor", floor, None, None),
                ("lint, default jobs", default, default / floor, "≤ 1.5× floor"),
                ("lint --jobs 1", serial, serial / floor, "≤ 3× floor")]
        yamllint_bin = shutil.which("yamllint", path=f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}")
        if yamllint_bin:
            # Taking turns with the lint it is compared with (a minute each time), as the others do: a
            # slow spell of the machine then weighs on both sides of the ratio.
            lint_beside, yamllint = timed([[*lint, str(corpus), "--statistics"],
                                           [yamllint_bin, "-d", "relaxed", str(corpus)]], args.repeat)
            rows.append(("yamllint -d relaxed", yamllint, yamllint / lint_beside,
                         f"≥ 20× lint (lint in the same turns: {lint_beside:.3f} s)"))
        bare, version = timed([[python, "-c", "import yaml"], [*lint, "--version"]], args.repeat * 3, warm=True)
        rows += [("python -c 'import yaml'", bare, None, None),
                 ("jixiao-lint --version", version, version / bare, "≤ 2× import yaml")]
        small = work / "small.yaml"
        small.write_text(form(1), encoding="utf-8")
        [one] = timed([[*lint, str(small)]], args.repeat * 3, warm=True)
        rows.append(("one small form", one, None, "≤ 0.120 s"))
        big = work / "big.yaml"
        big.write_text(big_form(20_000), encoding="utf-8")
        [large] = timed([[*lint, str(big)]], args.repeat, warm=True)
        rows.append(("one 20,000-row form", large, None, "≤ 2 s"))
        print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}, {args.forms} forms, median of {args.repeat}")
        for name, seconds, ratio, target in rows:
            shown = f"{ratio:6.2f}×" if ratio is not None else "       "
            print(f"{name:<28} {seconds:8.3f} s {shown}  {target or ''}")
        print(f"peak RSS of the 2,000-form runs (largest process, default jobs or --jobs 1): {rss / 1024:.0f} MB (target ≤ 150 MB)")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()

"""Measures jixiao-lint against the floors issues 8 and 18 set, as ratios taken in the same run.

    python benchmarks/run.py [--forms 2000] [--repeat 3] [--quick]

Prints, for each measure, the median of --repeat runs (and the range) and the ratio to its floor:
  cold lint (default jobs), empty results cache / yaml.load(CSafeLoader) of every file, one process   ≤ 1.5
  cold lint --jobs 1, empty results cache      / the same floor                                       ≤ 2.5
  warm lint: a second run over the unchanged corpus / the same floor                                  ≤ 0.1
  lint after editing 10 files                  / the same floor                                       ≤ 0.15
  lint --no-cache (default jobs, --jobs 1)     / the same floor (what linting costs, for reference)
  yamllint -d relaxed / lint --no-cache (default jobs), taking turns (skipped without yamllint)        ≥ 20
  jixiao-lint --version / python -c "import yaml"                                                     ≤ 2
  one small form end to end, from the results cache (a hook run again) and with --no-cache            ≤ 100 ms
    (also examples/clean-self-evaluation.yaml with --no-cache, and `python -c pass` as the floor)
  one 20,000-row form, --no-cache                                                                     ≤ 2 s
  peak RSS of the cold 2,000-form runs (parent and workers, from getrusage)                          ≤ 150 MB
--quick leaves out yamllint, the 20,000-row form and the peak RSS.
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


def run_once(command: list[str], before=None) -> float:
    if before is not None:
        before()
    start = time.perf_counter()
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False, env=ENV)
    return time.perf_counter() - start


def peak_rss(command: list[str], before=None) -> int:
    """The peak RSS (KiB) of the largest process of one run (the parent or a worker), measured in a fresh
    process of its own so that no earlier run's peak is counted."""
    if before is not None:
        before()
    probe = ("import resource, subprocess, sys\n"
             "subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)\n"
             "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n")
    result = subprocess.run([sys.executable, "-c", probe, *command], capture_output=True, text=True, env=ENV, check=True)
    return int(result.stdout)


def timed(commands: list, repeat: int, warm: bool = False) -> list[list[float]]:
    """The wall seconds of each command, `repeat` times: each an argv, or (argv, what to do before each
    run, untimed). The commands take turns within each repetition, so that a machine slowing down or
    speeding up part-way affects a ratio's two sides alike."""
    commands = [c if isinstance(c, tuple) else (c, None) for c in commands]
    if warm:  # caches filled (bytecode, parsed rules, the disk) before anything is timed
        for command, before in commands:
            run_once(command, before)
    times: list[list[float]] = [[] for _ in commands]
    for _ in range(repeat):
        for i, (command, before) in enumerate(commands):
            times[i].append(run_once(command, before))
    return times


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--forms", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--quick", action="store_true", help="leave out yamllint, the 20,000-row form and the RSS")
    args = parser.parse_args()
    python = sys.executable
    lint = [python, "-m", "jixiao_lint"]
    work = Path(tempfile.mkdtemp(prefix="jixiao-bench-"))
    median = statistics.median
    try:
        corpus = work / "corpus"
        corpus.mkdir()
        for i in range(args.forms):
            (corpus / f"form_{i:05d}.yaml").write_text(form(i), encoding="utf-8")
        cache = work / "cache"
        cached = [*lint, "--cache-dir", str(cache)]

        def empty_cache() -> None:
            shutil.rmtree(cache, ignore_errors=True)

        edits = iter(range(1_000_000))

        def edit_ten() -> None:  # ten forms saved with a change (a comment: the findings stay, the bytes differ)
            n = next(edits)
            for i in range(0, args.forms, max(1, args.forms // 10))[:10]:
                path = corpus / f"form_{i:05d}.yaml"
                path.write_text(form(i) + f"# 第 {n} 次修改\n", encoding="utf-8")

        floor_script = ("import glob, yaml\n"
                        f"for f in sorted(glob.glob({str(corpus)!r} + '/*.yaml')):\n"
                        "    list(yaml.load_all(open(f, encoding='utf-8').read(), Loader=yaml.CSafeLoader))\n")
        floor_command = [python, "-c", floor_script]
        whole = [str(corpus), "--statistics"]
        measures = [("yaml.load floor", floor_command, None),
                    ("cold lint, default jobs", ([*cached, *whole], empty_cache), "≤ 1.5× floor"),
                    ("cold lint --jobs 1", ([*cached, "--jobs", "1", *whole], empty_cache), "≤ 2.5× floor"),
                    ("warm lint (unchanged)", [*cached, *whole], "≤ 0.1× floor"),
                    ("lint after editing 10", ([*cached, *whole], edit_ten), "≤ 0.15× floor"),
                    ("lint --no-cache", [*lint, "--no-cache", *whole], None),
                    ("lint --no-cache --jobs 1", [*lint, "--no-cache", "--jobs", "1", *whole], None)]
        times = timed([command for _, command, _ in measures], args.repeat, warm=True)
        floor = median(times[0])
        rows = [(name, t, median(t) / floor if i else None, target) for i, ((name, _, target), t)
                in enumerate(zip(measures, times))]
        yamllint_bin = shutil.which("yamllint", path=f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}")
        if yamllint_bin and not args.quick:
            # Taking turns with the lint it is compared with (a minute each time), as the others do: a
            # slow spell of the machine then weighs on both sides of the ratio.
            lint_beside, yamllint = timed([[*lint, "--no-cache", *whole],
                                           [yamllint_bin, "-d", "relaxed", str(corpus)]], args.repeat)
            rows.append(("yamllint -d relaxed", yamllint, median(yamllint) / median(lint_beside),
                         f"≥ 20× lint --no-cache (lint in the same turns: {median(lint_beside):.3f} s)"))
        bare, version = timed([[python, "-c", "import yaml"], [*lint, "--version"]], args.repeat * 3, warm=True)
        rows += [("python -c 'import yaml'", bare, None, None),
                 ("jixiao-lint --version", version, median(version) / median(bare), "≤ 2× import yaml")]
        small = work / "small.yaml"
        small.write_text(form(1), encoding="utf-8")
        # A just-edited form (a pre-commit hook's case) is a miss; examples/clean-self-evaluation.yaml has a
        # qualitative indicator (定性 有所提升), which the generated form lacks and which takes the full
        # expression grammar (lark). `python -c pass` is the interpreter's own floor, in the same turns.
        example = HERE.parent / "examples" / "clean-self-evaluation.yaml"
        floor, hit, uncached, uncached_example = timed(
            [[python, "-c", "pass"], [*cached, str(small)], [*lint, "--no-cache", str(small)],
             [*lint, "--no-cache", str(example)]], args.repeat * 3, warm=True)
        rows += [("python -c pass", floor, None, "(the interpreter's floor)"),
                 ("one small form, cached", hit, None, "≤ 0.100 s"),
                 ("one small form, --no-cache", uncached, None, "≤ 0.100 s"),
                 ("the example form, --no-cache", uncached_example, None, "≤ 0.100 s")]
        if not args.quick:
            big = work / "big.yaml"
            big.write_text(big_form(20_000), encoding="utf-8")
            [large] = timed([[*lint, "--no-cache", str(big)]], args.repeat, warm=True)
            rows.append(("one 20,000-row form", large, None, "≤ 2 s"))
        print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}, {args.forms} forms, median of {args.repeat}")
        for name, seconds, ratio, target in rows:
            shown = f"{ratio:6.3f}×" if ratio is not None else "        "
            spread = f"({min(seconds):.3f}–{max(seconds):.3f})"
            print(f"{name:<28} {median(seconds):8.3f} s {spread:<15} {shown}  {target or ''}")
        if not args.quick:
            rss = max(peak_rss([*cached, str(corpus)], empty_cache), peak_rss([*cached, "--jobs", "1", str(corpus)], empty_cache))
            print(f"peak RSS of the cold runs (largest process, default jobs or --jobs 1): {rss / 1024:.0f} MB (target ≤ 150 MB)")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()

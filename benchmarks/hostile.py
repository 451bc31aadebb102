"""The hostile inputs of issue 20, made big, each linted by the real CLI: wall time and peak RSS.

    python benchmarks/hostile.py [--rows 20000] [--repeat 3]

Each case is one file made from the 20,000-row form of generate.py (4.6 MB): the form written as one
line of JSON (a JSON export is YAML) in every output format, and the same in block style; a U+2028 in
every row's quoted name; CR-only line endings; a `!!str` tag on every row; 200 numbers of 5,000 digits;
UTF-16 without a byte-order mark. Peak RSS is the CLI's own (wait4 in a small launcher, as
tests/test_hostile.py measures it), the median of --repeat runs.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import big_form  # noqa: E402

ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
LAUNCHER = """
import json, os, subprocess, sys, time
start = time.perf_counter()
child = subprocess.Popen(sys.argv[1:], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
size = sum(len(chunk) for chunk in iter(lambda: child.stdout.read(1 << 16), b""))
_, status, usage = os.wait4(child.pid, 0)
print(json.dumps({"seconds": time.perf_counter() - start, "rss_kb": usage.ru_maxrss, "output": size,
                  "code": os.waitstatus_to_exitcode(status)}))
"""


def measure(command: list[str]) -> dict:
    done = subprocess.run([sys.executable, "-c", LAUNCHER, *command], capture_output=True, text=True, env=ENV, check=True)
    return json.loads(done.stdout)


def cases(rows: int) -> list[tuple[str, bytes, tuple[str, ...]]]:
    block = big_form(rows)
    one_line = json.dumps(yaml.load(block, Loader=yaml.CSafeLoader), ensure_ascii=False)
    out = [("block form (the baseline)", block.encode(), ("--format", "text"))]
    for fmt in ("text", "json", "sarif", "github", "junit"):
        out.append((f"one line (JSON export), {fmt}", one_line.encode(), ("--format", fmt)))
    out += [
        ("U+2028 in every row's quoted name", block.replace("\n  - name: ", '\n  - name: "').replace(
            "\n    level1:", '\u2028"\n    level1:').encode(), ("--format", "text")),
        ("CR-only line endings", block.replace("\n", "\r").encode(), ("--format", "text")),
        ("a !!str tag on every row", block.replace("    level1: ", "    level1: !!str ").encode(), ("--format", "text")),
        ("200 numbers of 5,000 digits", block.replace("    weight: 3\n", "    weight: " + "9" * 5000 + "\n", 200).encode(),
         ("--format", "text")),
        ("UTF-16LE without a byte-order mark", block.encode("utf-16-le"), ("--format", "text")),
    ]
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="jixiao-hostile-"))
    try:
        print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}, {args.rows} rows, median of {args.repeat}")
        print("| case | input | wall | peak RSS | output |")
        print("|---|---|---|---|---|")
        for name, data, options in cases(args.rows):
            path = work / "form.yaml"
            path.write_bytes(data)
            runs = [measure([sys.executable, "-m", "jixiao_lint", *options, str(path)]) for _ in range(args.repeat)]
            seconds = statistics.median(r["seconds"] for r in runs)
            rss = statistics.median(r["rss_kb"] for r in runs) / 1024
            output = runs[0]["output"]
            print(f"| {name} | {len(data) / 1e6:.1f} MB | {seconds:.2f} s | {rss:.0f} MB | {output / 1e3:,.0f} KB |",
                  flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()

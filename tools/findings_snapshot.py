"""Every finding the linter makes on the repository's forms, to prove a refactor changed none.

    python tools/findings_snapshot.py write before.json     # on the commit before the change
    python tools/findings_snapshot.py compare before.json   # after it: exit 1 and the differences

It runs the installed `jixiao-lint` (JSON output, no cache) in Chinese and in English over the fixtures,
the real corpus, the examples, every rule file's pass/fail example, under each bundled scoring profile,
and over 300 generated forms, and keeps code, file, line, column, path, messages and fix of each
finding. The JSON output is the contract CI scripts read, so it is what must not move.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TREES = ["tests/fixtures", "tests/corpus", "examples"]
PROFILES = ["national", "sichuan", "chizhou", "shijiazhuang"]


def _lint(paths: list[str], *options: str, cwd: Path = ROOT) -> list[dict]:
    command = [sys.executable, "-m", "jixiao_lint", "--format", "json", "--no-cache", "--exit-zero", *options, *paths]
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True, env={**os.environ, "NO_COLOR": "1"})
    if done.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(command)} exited {done.returncode}:\n{done.stderr}")
    report = json.loads(done.stdout)
    findings = report["findings"] if isinstance(report, dict) else report
    keep = ("rule", "name", "file", "document", "line", "column", "end_line", "end_column", "path", "message", "severity", "fix")
    return sorted((json.dumps({k: f.get(k) for k in keep}, ensure_ascii=False, sort_keys=True) for f in findings))


def _rule_examples(out: Path) -> list[str]:
    """Each rule's pass and fail example as a file of its own."""
    paths = []
    for rules_file in sorted((ROOT / "rules").glob("*.rules")):
        text = rules_file.read_text(encoding="utf-8")
        # numbered among the examples alone: a doc block added (an English half) renames no example
        examples = [block for block in text.split('"""')[1::2] if block.lstrip().startswith("kind:")]
        for i, block in enumerate(examples):
            path = out / f"{rules_file.stem}-{i}.yaml"
            path.write_text("\n".join(line[2:] if line.startswith("  ") else line
                                      for line in block.strip("\n").splitlines()) + "\n", encoding="utf-8")
            paths.append(str(path))
    return paths


def snapshot() -> dict[str, list[str]]:
    result: dict[str, list[str]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        (tmp_path / "examples").mkdir()
        examples = _rule_examples(tmp_path / "examples")
        generated = tmp_path / "generated"
        subprocess.run([sys.executable, str(ROOT / "benchmarks" / "generate.py"), str(generated), "300"], check=True,
                       capture_output=True)
        for lang in ("zh", "en"):
            result[f"trees/{lang}"] = _lint(TREES, "--lang", lang)
            result[f"generated/{lang}"] = [line.replace(str(generated), "GEN") for line in _lint([str(generated)], "--lang", lang)]
            result[f"rule-examples/{lang}"] = [line.replace(str(tmp_path), "TMP") for line in _lint(examples, "--lang", lang)]
        for profile in PROFILES:
            result[f"profile/{profile}"] = _lint(["tests/fixtures", "tests/corpus"], "--profile", profile)
    return result


def main() -> int:
    if len(sys.argv) != 3 or sys.argv[1] not in ("write", "compare"):
        print(__doc__, file=sys.stderr)
        return 2
    now = snapshot()
    if sys.argv[1] == "write":
        Path(sys.argv[2]).write_text(json.dumps(now, ensure_ascii=False, indent=0), encoding="utf-8")
        print(f"{sum(map(len, now.values()))} findings in {len(now)} runs written to {sys.argv[2]}")
        return 0
    before = json.loads(Path(sys.argv[2]).read_text(encoding="utf-8"))
    differences = 0
    for run in sorted(set(before) | set(now)):
        old, new = set(before.get(run, [])), set(now.get(run, []))
        for line in sorted(old - new):
            print(f"{run}: - {line}")
        for line in sorted(new - old):
            print(f"{run}: + {line}")
        differences += len(old ^ new)
    print(f"{sum(map(len, now.values()))} findings in {len(now)} runs; {differences} differences")
    return 1 if differences else 0


if __name__ == "__main__":
    sys.exit(main())

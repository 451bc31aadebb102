"""How right the catalogue is on real forms: lint the annotated corpus (tests/corpus/real/) with the
project's own engine and compare every finding with the annotations written by hand.

    .venv/bin/python benchmarks/accuracy.py [PATH …]     # default: tests/corpus/real

Annotations are the ones `jixiao-lint test-rules` reads (semgrep style, on the line a finding points at):
`# expect: CODE` where a reviewer would flag the line, `# ok: CODE` where a rule is tempted but wrong.
Per rule it prints hits (expected and found), misses (expected, not found), false findings on a line
marked `# ok:` and false findings on a line that says nothing of that code, then the totals. Findings of
severity info are counted apart: they are hints, not claims that the form is wrong.
tests/test_corpus.py runs the same comparison and fails on any miss and any unannotated error/warning."""

from __future__ import annotations

import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "tests" / "corpus" / "real"

from jixiao_lint.check.engine import Engine, RuleSet, load_rules  # noqa: E402
from jixiao_lint.commands.test_rules import annotations  # noqa: E402 — the one annotation reader
from jixiao_lint.lint import lint_source  # noqa: E402
from jixiao_lint.read.files import Source  # noqa: E402


@dataclass(frozen=True)
class Mark:
    file: str
    line: int
    code: str
    severity: str = ""
    message: str = ""

    def __str__(self) -> str:
        told = f" ({self.severity}: {self.message})" if self.message else ""
        return f"{self.file}:{self.line}: {self.code}{told}"


@dataclass
class Outcome:
    hits: list[Mark] = field(default_factory=list)
    misses: list[Mark] = field(default_factory=list)
    false_on_ok: list[Mark] = field(default_factory=list)  # found on a line marked `# ok: CODE`
    false_unmarked: list[Mark] = field(default_factory=list)  # found where nothing is said of CODE
    ok_kept: list[Mark] = field(default_factory=list)  # `# ok: CODE` and rightly not found
    unknown: list[Mark] = field(default_factory=list)  # an annotation naming no rule

    def add(self, other: Outcome) -> None:
        for name in self.__dataclass_fields__:
            getattr(self, name).extend(getattr(other, name))


def corpus_files(paths: list[Path]) -> list[Path]:
    return sorted(f for p in paths for f in ([p] if p.is_file() else p.rglob("*.y*ml")))


def assess(path: Path, rules: RuleSet, engine: Engine) -> Outcome:
    text = path.read_text(encoding="utf-8")
    name = str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)
    marks = annotations(text)
    result = lint_source(Source(name, None), engine, text.encode("utf-8"))
    found: dict[tuple[str, int], object] = {}
    for f in result.findings:
        found.setdefault((f.rule, f.line), f)
    outcome = Outcome()
    for kind in ("expect", "ok"):
        for code in marks[kind]:
            if code not in rules.infos:
                outcome.unknown += [Mark(name, line, code) for line in sorted(marks[kind][code])]
    for code, lines in marks["expect"].items():
        for line in sorted(lines):
            (outcome.hits if (code, line) in found else outcome.misses).append(Mark(name, line, code))
    for code, lines in marks["ok"].items():
        outcome.ok_kept += [Mark(name, line, code) for line in sorted(lines) if (code, line) not in found]
    for (code, line), f in sorted(found.items(), key=lambda item: (item[0][1], item[0][0])):
        if line in marks["expect"].get(code, ()):
            continue
        mark = Mark(name, line, code, f.severity, f.message_en)
        (outcome.false_on_ok if line in marks["ok"].get(code, ()) else outcome.false_unmarked).append(mark)
    return outcome


def assess_all(paths: list[Path]) -> tuple[Outcome, int]:
    rules = load_rules()
    engine = Engine(rules)
    total = Outcome()
    files = corpus_files(paths)
    for path in files:
        total.add(assess(path, rules, engine))
    return total, len(files)


def documents_in(paths: list[Path]) -> Counter:
    import yaml

    kinds: Counter = Counter()
    for path in corpus_files(paths):
        for document in yaml.safe_load_all(path.read_text(encoding="utf-8")):
            if isinstance(document, dict):
                kinds[document.get("kind")] += 1
    return kinds


def table(outcome: Outcome) -> list[str]:
    columns = ("hits", "misses", "false_on_ok", "false_unmarked", "ok_kept")
    per_rule: dict[str, Counter] = {}
    for column in columns:
        for mark in getattr(outcome, column):
            if column == "false_unmarked" and mark.severity == "info":
                column_name = "info"
            else:
                column_name = column
            per_rule.setdefault(mark.code, Counter())[column_name] += 1
    header = f"{'rule':<7}{'hits':>6}{'misses':>8}{'false@ok':>10}{'false':>7}{'ok kept':>9}{'info':>6}"
    lines = [header, "-" * len(header)]
    totals: Counter = Counter()
    for code in sorted(per_rule):
        c = per_rule[code]
        totals.update(c)
        lines.append(f"{code:<7}{c['hits']:>6}{c['misses']:>8}{c['false_on_ok']:>10}{c['false_unmarked']:>7}"
                     f"{c['ok_kept']:>9}{c['info']:>6}")
    lines.append("-" * len(header))
    lines.append(f"{'total':<7}{totals['hits']:>6}{totals['misses']:>8}{totals['false_on_ok']:>10}"
                 f"{totals['false_unmarked']:>7}{totals['ok_kept']:>9}{totals['info']:>6}")
    expected = totals["hits"] + totals["misses"]
    flagged = totals["hits"] + totals["false_on_ok"] + totals["false_unmarked"]
    if expected:
        lines.append(f"recall {totals['hits'] / expected:.1%} ({totals['hits']}/{expected})")
    if flagged:
        lines.append(f"precision {totals['hits'] / flagged:.1%} ({totals['hits']}/{flagged}, info findings apart)")
    return lines


def main(argv: list[str]) -> int:
    verbose = "-v" in argv
    paths = [Path(a) for a in argv if a != "-v"] or [CORPUS]
    outcome, files = assess_all(paths)
    kinds = documents_in(paths)
    print(f"{files} files, {sum(kinds.values())} documents ({', '.join(f'{k} {n}' for k, n in sorted(kinds.items()))})")
    print("\n".join(table(outcome)))
    for title, marks in (("misses", outcome.misses), ("false findings on `# ok:` lines", outcome.false_on_ok),
                         ("false findings, unannotated", outcome.false_unmarked),
                         ("annotations naming no rule", outcome.unknown)):
        shown = [m for m in marks if verbose or m.severity != "info"]
        if shown:
            print(f"\n{title}:")
            print("\n".join(f"  {m}" for m in shown))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

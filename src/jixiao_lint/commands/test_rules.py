"""`jixiao-lint test-rules [PATH …]`: prove rules on their own examples, the way the project's tests do.

Every rule's `pass` examples must produce none of its findings; its `fail` examples must produce its
findings on exactly the lines marked `# expect: CODE`. Sample form files in PATH (semgrep style) are
checked the same way: `# expect: CODE` lines must have that finding, `# ok: CODE` lines must not, and
no other line may have a finding of a code the file mentions."""

from __future__ import annotations

import re
import sys
from pathlib import Path

from jixiao_lint.check.engine import Engine, RuleSet, load_rules
from jixiao_lint.profiles import ProfileError
from jixiao_lint.lint import lint_source
from jixiao_lint.read.files import Source
from jixiao_lint.records import record

_ANNOTATION = re.compile(r"#\s*(expect|ok):\s*([A-Z0-9_, ]+)")


@record
class Failure:
    where: str
    message: str  # English
    zh: str

    def text(self, lang: str) -> str:
        return f"{self.where}: {self.message if lang == 'en' else self.zh}"

    def __str__(self) -> str:
        return self.text("en")


def annotations(text: str) -> dict[str, dict[str, set[int]]]:
    """{"expect": {code: lines}, "ok": {code: lines}} from `# expect: A, B` and `# ok: C` comments."""
    found: dict[str, dict[str, set[int]]] = {"expect": {}, "ok": {}}
    for number, line in enumerate(text.splitlines(), start=1):
        for match in _ANNOTATION.finditer(line):
            for code in re.split(r"[,\s]+", match.group(2).strip()):
                if code:
                    found[match.group(1)].setdefault(code, set()).add(number)
    return found


_PROFILE = re.compile(r"^\s*#\s*profile:\s*(\S+)\s*$", re.M)


def finding_lines(rules: RuleSet, code: str, text: str, name: str = "example.yaml") -> set[int]:
    # An example of a rule that only a regional profile makes fire says which: `# profile: sichuan`.
    # The name is looked up in the profiles/ of the packs the rules came from, then the built-in ones.
    chosen = _PROFILE.search(text)
    settings = None
    if chosen:
        from jixiao_lint import profiles

        packs = profiles.pack_dirs(sorted({Path(d.loc.file) for d in rules.declarations.values()}))
        settings = {"profile": profiles.load(chosen.group(1), Path(name).parent, packs)}
    engine = Engine(rules, settings)  # every rule on: an unused-suppression check needs the rule it silences
    result = lint_source(Source(name, None), engine, text.encode("utf-8"))
    return {f.line for f in result.findings if f.rule == code}


def check_example(rules: RuleSet, code: str, kind: str, text: str, where: str) -> list[Failure]:
    if all(not line.strip() or line.lstrip().startswith("#") for line in text.splitlines()):
        return []  # a description of input that cannot be written as text (bytes, sizes, permissions)
    try:
        lines = finding_lines(rules, code, text)
    except ProfileError as error:
        return [Failure(where, f"# profile: {error.en}", f"# profile: {error.zh}")]
    if kind == "pass":
        return [Failure(where, f"{code} passing example has {code} findings on lines {sorted(lines)}",
                        f"{code} 的通过示例在第 {_lines(lines)} 行有 {code} 的诊断")] if lines else []
    expected = annotations(text)["expect"].get(code, set())
    if not expected:
        return [Failure(where, f"{code} failing example marks no line with `# expect: {code}`",
                        f"{code} 的失败示例没有用 `# expect: {code}` 标出任何一行")]
    if lines != expected:
        return [Failure(where, f"{code} failing example: findings on lines {sorted(lines)}, expected on {sorted(expected)}",
                        f"{code} 的失败示例：诊断在第 {_lines(lines)} 行，应在第 {_lines(expected)} 行" if lines else
                        f"{code} 的失败示例没有诊断，应在第 {_lines(expected)} 行有")]
    return []


def _lines(lines: set[int]) -> str:
    return "、".join(map(str, sorted(lines)))


def rule_examples(rules: RuleSet, codes: set[str] | None = None) -> list[tuple[str, str, str, str]]:
    """(code, kind, text, where) for every example of every rule (or of the given codes)."""
    from jixiao_lint.check import python_rules

    examples = []
    for code, decl in rules.declarations.items():
        if codes is None or code in codes:
            examples += [(code, e.kind, e.text, str(e.loc)) for e in decl.examples]
    if codes is None:
        for rule in python_rules.all_rules():
            origin = rule.implemented_by or "python rule"
            examples += [(rule.info.code, "pass", rule.passing, f"{rule.info.code} ({origin})"),
                         (rule.info.code, "fail", rule.failing, f"{rule.info.code} ({origin})")]
    return examples


def check_sample(rules: RuleSet, path: Path) -> list[Failure]:
    text = path.read_text(encoding="utf-8")
    marks = annotations(text)
    codes = set(marks["expect"]) | set(marks["ok"])
    failures = []
    for code in sorted(codes):
        if code not in rules.infos:
            failures.append(Failure(str(path), f"annotation names {code}, which is no rule's code",
                                    f"标注写了 {code}，但没有这个代码的规则"))
            continue
        try:
            lines = finding_lines(rules, code, text, str(path))
        except ProfileError as error:
            failures.append(Failure(str(path), f"# profile: {error.en}", f"# profile: {error.zh}"))
            continue
        expected = marks["expect"].get(code, set())
        for line in sorted(expected - lines):
            failures.append(Failure(f"{path}:{line}", f"expected {code}, found none", f"应有 {code}，但没有"))
        for line in sorted(lines - expected):
            failures.append(Failure(f"{path}:{line}", f"unexpected {code}", f"不应有 {code}"))
    return failures


def _pack_data(path: Path) -> bool:
    """A pack's lexicons and profiles are YAML too, and no sample forms."""
    return path.parent.name in ("lexicons", "profiles") and any(path.parent.parent.glob("*.rules"))


def main(argv: list[str]) -> int:
    from jixiao_lint.errors import ArgumentParser, UsageError, requested_language
    from jixiao_lint.parse.rules_language import RuleFileError

    parser = ArgumentParser(prog="jixiao-lint test-rules", language=lambda: requested_language(argv) or "zh",
                            description="prove rules on their own examples and on sample forms")
    parser.add_argument("paths", nargs="*", metavar="PATH", help="rule files, rule packs, sample forms")
    parser.add_argument("--lang", choices=["zh", "en"], default=None, help="language of the errors and failures (default zh)")
    args = parser.parse_args(argv)
    lang = args.lang or "zh"
    paths = [Path(p) for p in args.paths]
    for path in paths:
        if not path.exists():
            raise UsageError(f"{path}：文件或目录不存在；请检查路径", f"{path}: no such file or directory")
    rule_paths = [p for p in paths if p.is_dir() or p.suffix == ".rules"]
    try:
        rules = load_rules(rule_paths)
    except RuleFileError as error:
        raise UsageError(f"规则文件有误：{error.text('zh')}", f"rule file error: {error}") from None
    pack_codes = None
    if rule_paths:
        pack_codes = {code for code, decl in rules.declarations.items()
                      if any(Path(decl.loc.file).resolve().is_relative_to(p.resolve()) or Path(decl.loc.file).resolve() == p.resolve()
                             for p in rule_paths)}
    failures: list[Failure] = []
    examples = rule_examples(rules, pack_codes)
    for code, kind, text, where in examples:
        failures += check_example(rules, code, kind, text, where)
    samples = [f for p in paths for f in ([p] if p.is_file() and p.suffix in (".yaml", ".yml") else sorted(p.rglob("*.y*ml")) if p.is_dir() else [])
               if not _pack_data(f)]
    for sample in samples:
        failures += check_sample(rules, sample)
    for failure in failures:
        sys.stdout.write(f"FAIL {failure.text(lang)}\n")  # FAIL in both languages: what a CI log is searched for
    checked = len(examples) + len(samples)
    sys.stdout.write(f"{checked - len(failures)} passed, {len(failures)} failed\n" if lang == "en" else
                     f"通过 {checked - len(failures)} 项，失败 {len(failures)} 项\n")
    return 1 if failures else 0

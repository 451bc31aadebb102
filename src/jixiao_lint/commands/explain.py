"""--list-rules, --explain CODE and --statistics: what the rules are, in the user's language."""

from __future__ import annotations

import io
import re
from collections import Counter
from pathlib import Path

from jixiao_lint.check.engine import RuleSet
from jixiao_lint.model.finding import Finding
from jixiao_lint.model.rule import RuleInfo
from jixiao_lint.records import record


def list_rules(rules: RuleSet, lang: str) -> str:
    lines = []
    for code in sorted(rules.infos, key=code_order):
        info = rules.infos[code]
        fix = " [*]" if info.fixable else ""
        lines.append(f"{code:<6} {info.name:<34} {info.severity:<8} {info.summary(lang)}{fix}")
    return "\n".join(lines) + "\n"


def code_order(code: str) -> tuple[str, int]:
    prefix = code.rstrip("0123456789")
    return prefix, int(code[len(prefix):] or 0)


@record(frozen=True)
class RuleDoc:
    """What `--explain` and the HTML report's rule pages show of one rule."""

    info: RuleInfo
    doc: str  # in the language asked for where the rule has that half, else Chinese; Markdown, lines joined
    examples: list[tuple[str, str]]  # ("pass" | "fail", form text)
    origin: str  # where it is defined: rule file and line, or the module that finds it
    source: str  # its definition, or why it is written in Python
    category: str  # the rule file's name (weights, scoring, …), or the module's for a Python rule


def rule_doc(rules: RuleSet, code: str, lang: str = "zh") -> RuleDoc | None:
    from jixiao_lint.check import python_rules

    info = rules.infos.get(code)
    if info is None:
        return None
    decl = rules.declarations.get(code)
    if decl is not None:  # a data repo's own rule may have no English half: its Chinese is shown
        doc = decl.doc_en if lang == "en" and decl.doc_en else decl.doc
        return RuleDoc(info, _joined(doc), [(e.kind, e.text) for e in decl.examples],
                       f"{_shown_path(decl.loc.file)}:{decl.loc.line}", decl.source, Path(decl.loc.file).stem)
    rule = next(r for r in python_rules.all_rules() if r.info.code == code)
    if rule.run:
        source, category = f"# Python: {rule.why}", rule.run.__module__.rsplit(".", 1)[-1]
    else:  # found while reading (read/…) or validating (schema/…); else by the module itself (check/suppress.py)
        source = f"# {rule.why} ({rule.implemented_by})"
        folder, _, module = rule.implemented_by.rpartition("/")
        category = folder if folder in ("read", "schema") else Path(module).stem
    # a Python rule's place: the module it is written in, as the package names it (check/python_rules/…)
    origin = rule.implemented_by or rule.run.__module__.removeprefix("jixiao_lint.").replace(".", "/") + ".py"
    doc = rule.doc_en if lang == "en" and rule.doc_en else rule.doc
    return RuleDoc(info, _joined(doc), [("pass", rule.passing), ("fail", rule.failing)], origin, source, category)


# A line break between two Chinese characters in a rule's doc is where its author wrapped the source:
# Markdown would join the lines with a space ("某一 资金来源"), which Chinese does not have.
_CJK = "\u3000-\u303f\u3400-\u9fff\uff00-\uffef"
_CJK_BREAK = re.compile(rf"(?<=[{_CJK}])[ \t]*\n[ \t]*(?=[{_CJK}])")


def _joined(doc: str) -> str:
    """A doc as every reader of it shows it (--explain, SARIF, the HTML page, the editor's hover)."""
    return _CJK_BREAK.sub("", doc.strip())


def explain(rules: RuleSet, code: str, lang: str, color: bool = False, profile: dict | None = None) -> str | None:
    """On a terminal, rendered by rich; in a pipe or a file, the Markdown itself (as `ruff rule` prints
    it): rich's rendering pads each line to the width with spaces and re-wraps Chinese where it likes."""
    markdown = explain_markdown(rules, code, lang, profile)
    if markdown is None or not color:
        return markdown
    from rich.console import Console
    from rich.markdown import Markdown

    buffer = io.StringIO()
    console = Console(file=buffer, force_terminal=True, width=100, highlight=False)
    console.print(Markdown(markdown))
    return buffer.getvalue()


def explain_markdown(rules: RuleSet, code: str, lang: str, profile: dict | None = None) -> str | None:
    """A rule's documentation, examples and definition as Markdown: --explain renders it for the terminal,
    SARIF carries it as the rule's help (what code scanning shows beside an alert)."""
    found = rule_doc(rules, code, lang)
    if found is None:
        return None
    info = found.info
    heading = ("通过的例子", "不通过的例子", "规则定义", "严重程度", "可自动修复") if lang != "en" else (
        "Passing example", "Failing example", "Definition", "Severity", "Fixable")
    parts = [f"# {code} {info.name}", "", f"**{info.summary(lang)}**", "",
             f"{heading[3]}: `{info.severity}`" + (f" · {heading[4]}" if info.fixable else ""), "",
             found.doc, ""]
    for kind, text in found.examples:
        parts += [f"## {heading[0] if kind == 'pass' else heading[1]}", "", "```yaml", text.rstrip(), "```", ""]
    parts += _profile_items(found.source, profile, lang)
    parts += [f"## {heading[2]} ({found.origin})", "", "```", found.source.rstrip(), "```", ""]
    return "\n".join(parts)


def doc_text(rules: RuleSet, code: str, lang: str = "zh") -> str:
    """A rule's documentation text alone (SARIF's fullDescription); "" for a code the rule set lacks."""
    found = rule_doc(rules, code, lang)
    return found.doc if found else ""


def _shown_path(file: str) -> str:
    """A rule file as a reader finds it: a built-in one as `rules/NAME.rules` wherever the package is
    installed, a data repo's own from the current directory; an absolute path says where it was built."""
    from jixiao_lint.resources import rules_dir

    path = Path(file)
    for base, prefix in ((rules_dir(), "rules"), (Path.cwd(), "")):
        try:
            relative = path.resolve().relative_to(base.resolve())
        except (ValueError, OSError):
            continue
        return (Path(prefix) / relative).as_posix()
    return file


_PROFILE_ITEM = re.compile(r"\bprofile((?:\.[a-z_]+)+)")


def _profile_items(source: str, profile: dict | None, lang: str) -> list[str]:
    """The items of the scoring profile a rule's definition reads, with their values in the profile in use:
    what a reader needs to know why the rule says what it says in this region."""
    if profile is None:
        return []
    items = list(dict.fromkeys(m.group(1)[1:] for m in _PROFILE_ITEM.finditer(source)))
    if not items:
        return []
    import json

    title = (f"## 评分规则 {profile['name']}（{profile['file']}）" if lang != "en"
             else f"## Scoring profile {profile['name']} ({profile['file']})")
    lines = [title, ""]
    for item in items:
        value: object = profile
        for key in item.split("."):
            value = value.get(key) if isinstance(value, dict) else None
        lines.append(f"- `{item}`: `{json.dumps(value, ensure_ascii=False)}`")
    return [*lines, ""]


def statistics(findings: list[Finding], rules: RuleSet, lang: str) -> str:
    counts = Counter(f.rule for f in findings)
    fixable = Counter(f.rule for f in findings if f.fix and f.fix.applicability == "safe")
    lines = []
    for code, count in sorted(counts.items(), key=lambda item: (-item[1], item[0])):
        info = rules.infos.get(code)
        mark = " [*]" if fixable[code] else ""
        lines.append(f"{count:>6}\t{code:<6}\t{info.name if info else ''}{mark}")
    total = sum(counts.values())
    lines.append(f"{total:>6}\t{'合计' if lang != 'en' else 'total'}")
    return "\n".join(lines) + "\n"

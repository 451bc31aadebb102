"""--list-rules, --explain CODE and --statistics: what the rules are, in the user's language."""

from __future__ import annotations

import io
from collections import Counter

from jixiao_lint.check.engine import RuleSet
from jixiao_lint.model.finding import Finding


def list_rules(rules: RuleSet, lang: str) -> str:
    lines = []
    for code in sorted(rules.infos, key=_order):
        info = rules.infos[code]
        fix = " [*]" if info.fixable else ""
        lines.append(f"{code:<6} {info.name:<34} {info.severity:<8} {info.summary(lang)}{fix}")
    return "\n".join(lines) + "\n"


def _order(code: str) -> tuple[str, int]:
    prefix = code.rstrip("0123456789")
    return prefix, int(code[len(prefix):] or 0)


def explain(rules: RuleSet, code: str, lang: str, color: bool = False) -> str | None:
    from rich.console import Console
    from rich.markdown import Markdown

    from jixiao_lint.check import python_rules

    info = rules.infos.get(code)
    if info is None:
        return None
    decl = rules.declarations.get(code)
    if decl is not None:
        doc, examples = decl.doc, [(e.kind, e.text) for e in decl.examples]
        origin = f"{decl.loc.file}:{decl.loc.line}"
        source = decl.source
    else:
        rule = next(r for r in python_rules.all_rules() if r.info.code == code)
        doc, examples = (rule.doc_en if lang == "en" and rule.doc_en else rule.doc), [("pass", rule.passing), ("fail", rule.failing)]
        origin = rule.implemented_by or "python rule"
        source = f"# Python: {rule.why}" if rule.run else f"# {rule.why} ({rule.implemented_by})"
    heading = ("通过的例子", "不通过的例子", "规则定义", "严重程度", "可自动修复") if lang != "en" else (
        "Passing example", "Failing example", "Definition", "Severity", "Fixable")
    parts = [f"# {code} {info.name}", "", f"**{info.summary(lang)}**", "",
             f"{heading[3]}: `{info.severity}`" + (f" · {heading[4]}" if info.fixable else ""), "", doc.strip(), ""]
    for kind, text in examples:
        parts += [f"## {heading[0] if kind == 'pass' else heading[1]}", "", "```yaml", text.rstrip(), "```", ""]
    parts += [f"## {heading[2]} ({origin})", "", "```", source.rstrip(), "```", ""]
    markdown = "\n".join(parts)
    buffer = io.StringIO()
    console = Console(file=buffer, force_terminal=color, no_color=not color, width=100, highlight=False)
    console.print(Markdown(markdown))
    return buffer.getvalue()


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

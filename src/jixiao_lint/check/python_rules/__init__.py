"""The one hook for checks the rule language cannot say.

A Python rule is declared with @python_rule: code, name, severity, summaries, documentation with a
passing and a failing example, and `why` — the reason it is not in rules/*.rules. Its function gets a
document and the settings and yields Hits; the engine turns them into Findings exactly as it does for
language rules. The pipeline's own checks (reading and schema: F and S codes) are declared in the table
model/pipeline_rules.py and registered here, with `implemented_by` naming the module that finds them, so
that --list-rules and --explain cover them.
"""

from __future__ import annotations

import sys
from typing import Any, Callable, Iterable

from jixiao_lint.model.form import Document
from jixiao_lint.model.pipeline_rules import PipelineRule
from jixiao_lint.model.rule import RuleInfo
from jixiao_lint.records import record


@record(slots=True)
class Hit:
    path: str  # JSON Pointer of the field the finding is about
    message_zh: str
    message_en: str
    replacement: str | None = None
    applicability: str | None = None  # "safe" | "unsafe" when there is a replacement
    part: str | None = None  # "raw": replace the value's written text exactly, quotes included
    inner: tuple[int, int] | None = None  # code-point offsets inside the string value to point at


@record
class PythonRule:
    info: RuleInfo
    doc: str
    why: str
    passing: str
    failing: str
    run: Callable[[Document, dict[str, Any]], Iterable[Hit]] | None = None
    implemented_by: str = ""
    doc_en: str = ""  # --explain in English; the Chinese doc where there is none


REGISTRY: list[PythonRule] = []  # rules the engine runs on each document
PIPELINE: dict[str, PythonRule] = {}  # codes found while reading and validating, before any rule runs


def python_rule(code: str, name: str, severity: str, summary_zh: str, summary_en: str, *, why: str, doc: str,
                passing: str, failing: str, fixable: bool = False, doc_en: str = ""):
    def register(run: Callable[[Document, dict[str, Any]], Iterable[Hit]]):
        REGISTRY.append(PythonRule(RuleInfo(code, name, severity, summary_zh, summary_en, fixable), doc, why,
                                   passing, failing, run, doc_en=doc_en))
        return run
    return register


def pipeline_rule(rule: PipelineRule) -> None:
    """Register a row of model/pipeline_rules.py, so --list-rules, --explain and test-rules cover it."""
    PIPELINE[rule.code] = PythonRule(RuleInfo(rule.code, rule.name, rule.severity, rule.summary_zh, rule.summary_en,
                                              rule.fixable), rule.doc_zh, rule.why, rule.passing,
                                     rule.failing, None, rule.found_by, rule.doc_en)


def pipeline_infos() -> dict[str, RuleInfo]:
    _load()
    infos = {code: rule.info for code, rule in PIPELINE.items()}
    infos.update({rule.info.code: rule.info for rule in REGISTRY})
    return infos


def all_rules() -> list[PythonRule]:
    _load()
    return [*PIPELINE.values(), *REGISTRY]


_loaded: list[str] | None = None  # the modules found, once they are imported


def _load() -> list[str]:
    """Import this package's modules (they register) on first use, not at import: a results-cache hit
    never needs them. Found by a package scan, as the domain functions are: a new module is one new file."""
    global _loaded
    if _loaded is None:
        from jixiao_lint.check import import_submodules

        _loaded = []  # set before importing: the modules import this package back
        _loaded.extend(import_submodules(sys.modules[__name__]))
    return _loaded

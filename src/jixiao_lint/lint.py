"""The pipeline for one file: read → validate → check → (suppress) → sorted findings."""

from __future__ import annotations

import gc
from functools import partial
from typing import Callable

from jixiao_lint.check.engine import Engine
from jixiao_lint.model.finding import Finding, Fix
from jixiao_lint.model.form import FormFile
from jixiao_lint.model.pipeline_rules import code as pipeline_code
from jixiao_lint.read.files import DEFAULT_MAX_FILE_SIZE, Source, read_source
from jixiao_lint.read.yaml_tree import ReadProblem
from jixiao_lint.records import field, record


# From this size (about 1,000 indicator rows) a form's checks are shared out over the run's processes
# when it has them to spare: below it, forking costs more than it saves.
SPREAD_SIZE = 256 * 1024


@record
class FileResult:
    form: FormFile
    findings: list[Finding] = field(default_factory=list)
    totals: list | None = None  # check.totals.DocumentTotals of each document, when the report shows them


def selector(select: list[str], ignore: list[str]) -> Callable[[str], bool]:
    """Codes or prefixes, as ruff takes them: a prefix is a whole group then digits (code_matches), and
    the longest matching prefix decides."""
    from jixiao_lint.model.rule import code_matches

    def enabled(code: str) -> bool:
        chosen = max((len(p) for p in select if code_matches(p, code)), default=-1 if select else 0)
        dropped = max((len(p) for p in ignore if code_matches(p, code)), default=-1)
        return chosen >= 0 and chosen > dropped if select else dropped < 0
    return enabled


def lint_source(source: Source, engine: Engine, data: bytes | None = None,
                max_file_size: int = DEFAULT_MAX_FILE_SIZE, processes: int = 1) -> FileResult:
    """Never raises for what a file holds: a bug of ours on one file is an F010 finding on that file,
    and the other files of the run are still linted."""
    try:
        return _lint(source, engine, data, max_file_size, processes)
    except Exception as error:  # noqa: BLE001 — any bug, reported where it happened
        import traceback

        where = traceback.extract_tb(error.__traceback__)[-1]
        place = f"{where.filename.rsplit('/', 1)[-1]}:{where.lineno}"
        info = engine.rules.infos[pipeline_code("internal-error")]
        text = f"{type(error).__name__}: {error}"[:300]
        form = FormFile(source.name, "", [], line_starts=[0])
        return FileResult(form, [Finding(
            source.name, 0, "", 1, 1, 1, 2, info.code, info.name, info.severity,
            f"jixiao-lint 检查此文件时出现内部错误（{text}，位于 {place}）；这是工具的缺陷，请附上此文件报告给维护者",
            f"jixiao-lint hit an internal error on this file ({text}, at {place}); this is a bug in the tool, "
            "please report it with this file")])


def _lint(source: Source, engine: Engine, data: bytes | None, max_file_size: int, processes: int) -> FileResult:
    from jixiao_lint.check.spread import run_tasks

    # A form's tree holds no cycles (reference counting frees it), yet building a large one had the
    # garbage collector walk it again and again, and its checks run partly in forked processes whose
    # collections would touch, and so copy, every page of it. So the collector is paused while reading,
    # and a large tree is frozen out of its sight until the form is done (what gc.freeze is for).
    collecting = gc.isenabled()
    gc.disable()
    try:
        form, problems = read_source(source, data, max_file_size)
        large = len(form.text) >= SPREAD_SIZE
        if large:
            gc.freeze()
    finally:
        if collecting:
            gc.enable()
    try:
        result = FileResult(form)
        # Validation and then each rule: a task each, shared out over `processes` when the form is large.
        tasks = [partial(_validation_findings, form, problems, engine), *engine.tasks(form)]
        for findings in run_tasks(tasks, processes if large else 1):
            result.findings.extend(findings)
    finally:
        if large:
            gc.unfreeze()
    from jixiao_lint.check.suppress import apply_suppressions

    result.findings = apply_suppressions(form, result.findings, engine)
    result.findings.sort(key=lambda f: f.sort_key)
    return result


def _validation_findings(form: FormFile, problems: list[ReadProblem], engine: Engine) -> list[Finding]:
    """What reading found, then what the schema finds, as findings."""
    from jixiao_lint.schema.validate import validate

    problems = [*problems, *(problem for document in form.documents for problem in validate(document))]
    infos = engine.rules.infos
    return [_problem_finding(form, problem, infos) for problem in problems if engine.enabled(problem.code)]


def _seen(form: FormFile, problem: ReadProblem) -> str:
    """The text a reading or schema fix expects at its span (Fix.expected): what the reader saw, or the
    key (S001) or value (S004) the schema judged, as written."""
    from jixiao_lint.check.engine import _value_at
    from jixiao_lint.read.yaml_tree import expected_text

    if problem.seen is not None:
        return problem.seen
    document = form.documents[problem.document]
    if problem.rule == "unknown-key":
        thing: object = problem.path.rsplit("/", 1)[-1].replace("~1", "/").replace("~0", "~")
    else:
        thing = _value_at(document.data, problem.path)
    return expected_text(form.text, problem.span, thing)


def _problem_finding(form: FormFile, problem: ReadProblem, infos) -> Finding:
    info = infos[problem.code]
    span = problem.span
    fix = None
    if problem.replacement is not None:
        # A quoting fix (F007) changes no value; a did-you-mean (S001, S004) is a guess, so unsafe.
        applicability = problem.applicability or ("safe" if info.fixable else "unsafe")
        fix = Fix(problem.replacement, applicability, span.start, span.end, _seen(form, problem))
    return Finding(form.name, problem.document, problem.path, span.line, span.column, span.end_line, span.end_column,
                   info.code, info.name, info.severity, problem.message_zh, problem.message_en, fix)

"""Every output format, each rendering the same sorted list of findings; one module per format, one row
per format in FORMATS below — the command line's --format choices, the run's needs and the tests read it.

    text (text.py)  json (json_format.py)  sarif (sarif.py)  github (github.py)  junit (junit.py)
    html (html.py: one self-contained review page, from the Jinja2 templates in templates/)

The closing count line lives in summary.py. `render` returns the whole output, ending in a newline
when it is not empty: write it as it is (`sys.stdout.write`), not with `print`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from importlib import import_module

from jixiao_lint.model.finding import Finding
from jixiao_lint.model.rule import RuleInfo
from jixiao_lint.records import field, record


@record
class ReportContext:
    lang: str = "zh"  # "zh" | "en"
    color: bool = False
    sources: Mapping[str, str] = field(default_factory=dict)  # file -> text, for source lines
    rules: Mapping[str, RuleInfo] = field(default_factory=dict)  # code -> info, for rule metadata
    files_checked: int = 0
    fixed: int = 0  # fixes `--fix` applied; `findings` are what remains
    tool_version: str = ""
    fail_on: str = "error"  # the lowest severity that fails the run (JUnit: what is a failure)
    rule_help: Callable[[str], str | None] | None = None  # code -> --explain's Markdown (SARIF help)
    rule_doc: Callable[[str], str] | None = None  # code -> the rule's documentation (SARIF fullDescription)
    root: str = ""  # the repository root (SARIF's %SRCROOT%); "" for the current directory
    # What the HTML page shows besides the findings; commands/lint.py fills them for --format html.
    totals: Sequence = ()  # check.totals.DocumentTotals of every document linted
    rule_sets: Sequence = ()  # the run's RuleSets (one per configuration), for the rules' documentation
    configs: Sequence[str] = ()  # the configuration files used
    rule_packs: Sequence[str] = ()  # extra rule files and directories beyond the built-in rules


@record(frozen=True)
class OutputFormat:
    """What a format is and what the run must give it. Its module has `render(findings, ctx) -> str`."""

    module: str  # the module's full name: imported only when the format is asked for (a run prints one)
    reads_sources: bool = False  # prints or fingerprints source lines: a cached result must keep the form's text
    needs_tree: bool = False  # worked out from each form's tree (the page's totals), which a cached result has not;
    #                           also given the run's rule sets, configurations and packs (commands/lint.py)
    color: bool = False  # coloured when written to a terminal


# A new format is a new module and a row here.
FORMATS: dict[str, OutputFormat] = {
    "text": OutputFormat("jixiao_lint.report.text", reads_sources=True, color=True),
    "json": OutputFormat("jixiao_lint.report.json_format"),
    "sarif": OutputFormat("jixiao_lint.report.sarif", reads_sources=True),
    "github": OutputFormat("jixiao_lint.report.github"),
    "junit": OutputFormat("jixiao_lint.report.junit"),
    "html": OutputFormat("jixiao_lint.report.html", needs_tree=True),
}


def render(fmt: str, findings: Sequence[Finding], ctx: ReportContext) -> str:
    if fmt not in FORMATS:
        raise ValueError(f"unknown output format {fmt!r}; expected one of {', '.join(FORMATS)}")
    renderer: Callable[[Sequence[Finding], ReportContext], str] = import_module(FORMATS[fmt].module).render
    # The caller sorts already; sorting again is cheap and keeps every format's order the documented one.
    return renderer(sorted(findings, key=lambda finding: finding.sort_key), ctx)

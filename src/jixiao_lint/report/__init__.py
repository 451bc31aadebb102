"""Every output format, each rendering the same sorted list of findings; one module per format.

    text (text.py)  json (json_format.py)  sarif (sarif.py)  github (github.py)  junit (junit.py)

The closing count line lives in summary.py. `render` returns the whole output, ending in a newline
when it is not empty: write it as it is (`sys.stdout.write`), not with `print`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from jixiao_lint.model.finding import Finding
from jixiao_lint.model.rule import RuleInfo
from jixiao_lint.report import github, json_format, junit, sarif, text


@dataclass
class ReportContext:
    lang: str = "zh"  # "zh" | "en"
    color: bool = False
    sources: Mapping[str, str] = field(default_factory=dict)  # file -> text, for source lines
    rules: Mapping[str, RuleInfo] = field(default_factory=dict)  # code -> info, for rule metadata
    files_checked: int = 0
    fixed: int = 0  # fixes `--fix` applied; `findings` are what remains
    tool_version: str = ""


_RENDERERS: dict[str, Callable[[Sequence[Finding], ReportContext], str]] = {
    "text": text.render,
    "json": json_format.render,
    "sarif": sarif.render,
    "github": github.render,
    "junit": junit.render,
}
FORMATS = tuple(_RENDERERS)


def render(fmt: str, findings: Sequence[Finding], ctx: ReportContext) -> str:
    try:
        renderer = _RENDERERS[fmt]
    except KeyError:
        raise ValueError(f"unknown output format {fmt!r}; expected one of {', '.join(FORMATS)}") from None
    # The caller sorts already; sorting again is cheap and keeps every format's order the documented one.
    return renderer(sorted(findings, key=lambda finding: finding.sort_key), ctx)

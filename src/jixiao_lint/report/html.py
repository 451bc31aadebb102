"""`--format html`: one self-contained page for the reviewer who receives a district's forms.

The page (templates/report.html.j2, its style and script inlined) shows the run, charts of the findings
per rule category and per organization, each document's totals with the cells that have findings
marked, every finding with its source lines and fix, and the documentation of the rules found; filters
and a search box work offline in plain JavaScript. Nothing is fetched: it can be mailed and archived.

Everything here is a view of the one Finding list, as every format is. The charts are SVG drawn from
numbers worked out here; every text from a form reaches the page through Jinja2 with autoescaping on.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Sequence
from datetime import datetime, timezone
from typing import TYPE_CHECKING

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup
from rich.cells import cell_len

from jixiao_lint.check.totals import DocumentTotals
from jixiao_lint.commands.explain import code_order
from jixiao_lint.model.finding import Finding
from jixiao_lint.records import field, record
from jixiao_lint.report.summary import Counts, summary_line
from jixiao_lint.report.text import visible

if TYPE_CHECKING:
    from jixiao_lint.report import ReportContext

SEVERITIES = ("error", "warning", "info")
_CONTEXT_LINES = 1  # shown before and after a finding's own lines
_MAX_FIX_SHOWN = 200  # characters of the replaced text shown beside a fix

WORDS = {
    "zh": {
        "title": "预算绩效表检查报告", "generated": "生成时间", "tool": "检查工具", "config": "配置",
        "no_config": "默认配置（未找到配置文件）", "rule_packs": "规则", "builtin_rules": "内置规则 {n} 条",
        "files": "文件", "documents": "表格", "organizations": "单位", "findings": "问题",
        "error": "错误", "warning": "警告", "info": "提示",
        "tiles": {"error": "错误", "warning": "警告", "info": "提示", "fixable": "可自动修复"},
        "by_category": "各类规则发现的问题", "by_organization": "各单位的问题（问题多的在前）",
        "totals": "各单位表格合计", "organization": "单位", "file": "文件", "kind": "表类型", "name": "表名/项目",
        "rows": "指标数", "weights": "权重合计", "score": "自评得分", "grade": "评价等级",
        "document_n": "文档 {n}", "flagged": "此项有问题：", "no_findings": "未发现问题",
        "filters": "筛选", "severity": "严重程度", "rule": "规则", "all": "全部", "search": "搜索",
        "search_hint": "搜索消息、指标、文件…", "reset": "清除筛选", "shown": "显示 {shown} / {total} 条",
        "none_shown": "没有符合筛选条件的问题", "fix": "修复", "safe": "安全，--fix 自动修复",
        "unsafe": "不安全，需人工确认", "delete": "删除",
        "rules_doc": "规则说明", "summary": "说明", "fixable_rule": "可自动修复", "category": "类别",
        "passing": "通过的例子", "failing": "不通过的例子", "definition": "规则定义", "only_this_rule": "只看此规则",
        "left_out": "另有 {n} 个单位（{m} 个问题）未画出，见下表",
        "unknown_organization": "（未能读出单位）", "parens": "（{}）", "back_to_top": "回到顶部",
        "kinds": {"self-evaluation": "绩效自评表", "target-declaration": "绩效目标申报表",
                  "evaluation-report": "绩效自评报告"},
        "categories": {"weights": "权重", "scoring": "评分计算", "operators": "运算符", "units": "计量单位",
                       "text": "文字", "categories": "指标分类", "declarations": "目标申报", "reports": "自评报告",
                       "expressions": "指标值写法", "read": "文件读取", "schema": "表格结构",
                       "suppress": "抑制注释", "lint": "内部错误", "other": "其他"},
    },
    "en": {
        "title": "Budget performance forms: review report", "generated": "Generated", "tool": "Tool",
        "config": "Configuration", "no_config": "defaults (no configuration file found)", "rule_packs": "Rules",
        "builtin_rules": "{n} built-in rules", "files": "Files", "documents": "Documents",
        "organizations": "Organizations", "findings": "Findings",
        "error": "error", "warning": "warning", "info": "note",
        "tiles": {"error": "Errors", "warning": "Warnings", "info": "Notes", "fixable": "Fixable"},
        "by_category": "Findings per rule category", "by_organization": "Findings per organization (worst first)",
        "totals": "Totals per organization", "organization": "Organization", "file": "File", "kind": "Kind",
        "name": "Title / project", "rows": "Rows", "weights": "Weights", "score": "Score", "grade": "Grade",
        "document_n": "document {n}", "flagged": "Findings here: ", "no_findings": "no findings",
        "filters": "Filters", "severity": "Severity", "rule": "Rule", "all": "all", "search": "Search",
        "search_hint": "search messages, indicators, files…", "reset": "Clear filters",
        "shown": "showing {shown} of {total}", "none_shown": "No finding matches the filters", "fix": "Fix",
        "safe": "safe, applied by --fix", "unsafe": "unsafe, needs a person to confirm", "delete": "delete",
        "rules_doc": "Rules", "summary": "Summary", "fixable_rule": "fixable",
        "category": "Category", "passing": "Passing example", "failing": "Failing example",
        "definition": "Definition", "only_this_rule": "Show only this rule",
        "left_out": "{n} more organizations ({m} findings) not drawn: see the table below",
        "unknown_organization": "(organization not readable)", "parens": "({})", "back_to_top": "Back to top",
        "kinds": {"self-evaluation": "self-evaluation form", "target-declaration": "target declaration",
                  "evaluation-report": "evaluation report"},
        "categories": {"weights": "weights", "scoring": "scoring", "operators": "operators", "units": "units",
                       "text": "text", "categories": "indicator categories", "declarations": "declarations",
                       "reports": "reports", "expressions": "target expressions", "read": "reading",
                       "schema": "form structure", "suppress": "suppressions", "lint": "internal errors",
                       "other": "other"},
    },
}


@record
class SourceLine:
    number: int
    before: str
    marked: str
    after: str


@record
class FindingView:
    id: str
    finding: Finding
    message: str
    organization: str  # a key of Page.organizations
    category: str
    lines: list[SourceLine]
    fix_old: str | None  # the text the fix replaces, when short enough to show


@record
class OrganizationView:
    key: str  # what the filter matches: the organization's name, or the unknown label
    name: str
    anchor: str
    counts: Counter = field(default_factory=Counter)  # severity -> findings
    documents: list[DocumentRow] = field(default_factory=list)
    findings: list[FindingView] = field(default_factory=list)

    @property
    def rank(self) -> tuple:
        return (-self.counts["error"], -self.counts["warning"], -self.counts["info"], self.name)


@record
class DocumentRow:
    totals: DocumentTotals
    counts: Counter
    flagged: dict[str, list[str]]  # column -> codes of the findings on it


def render(findings: Sequence[Finding], ctx: ReportContext) -> str:
    lang = "en" if ctx.lang == "en" else "zh"
    template = _environment().get_template("report.html.j2")
    words = WORDS[lang]

    def counted(n: int, severity: str) -> str:
        if lang != "en":
            return f"{n} 个{words[severity]}"
        return f"{n} {words[severity]}" if n == 1 else f"{n} {words[severity]}s"

    return template.render(page=build_page(findings, ctx, lang), t=words, lang=lang, counted=counted) + "\n"


def build_page(findings: Sequence[Finding], ctx: ReportContext, lang: str) -> dict:
    words = WORDS[lang]
    docs = _rule_docs({f.rule for f in findings}, ctx)
    category = {code: doc.category for code, doc in docs.items()}
    organization_of = {(t.file, t.document): t.organization for t in ctx.totals}
    unknown = words["unknown_organization"]

    organizations: dict[str, OrganizationView] = {}

    def organization(name: str | None) -> OrganizationView:
        key = name or unknown
        if key not in organizations:
            organizations[key] = OrganizationView(key, key, f"org-{len(organizations) + 1}")
        return organizations[key]

    by_document: dict[tuple[str, int], list[Finding]] = {}
    for finding in findings:
        by_document.setdefault((finding.file, finding.document), []).append(finding)
    for totals in ctx.totals:
        here = by_document.get((totals.file, totals.document), [])
        organization(totals.organization).documents.append(
            DocumentRow(totals, Counter(f.severity for f in here), _flagged(totals, here, category)))

    lines_of: dict[str, list[str]] = {}
    views = []
    for number, finding in enumerate(findings, 1):
        owner = organization(organization_of.get((finding.file, finding.document)))
        owner.counts[finding.severity] += 1
        text = ctx.sources.get(finding.file)
        if text is not None and finding.file not in lines_of:
            lines_of[finding.file] = text.split("\n")
        view = FindingView(f"finding-{number}", finding, finding.message(lang), owner.key,
                           category.get(finding.rule, "other"), _source_lines(finding, lines_of.get(finding.file)),
                           _fix_old(finding, text))
        owner.findings.append(view)
        views.append(view)

    ranked = sorted(organizations.values(), key=lambda o: o.rank)
    counts = Counts.of(findings)
    categories = Counter()
    by_category: dict[str, Counter] = {}
    for view in views:
        by_category.setdefault(view.category, Counter())[view.finding.severity] += 1
        categories[view.category] += 1
    category_rows = [(words["categories"].get(name, name), name, by_category[name])
                     for name, _ in sorted(categories.items(), key=lambda item: (-item[1], item[0]))]
    rule_counts = Counter(f.rule for f in findings)
    return {
        "generated": _generated(),
        "tool_version": ctx.tool_version,
        "configs": list(ctx.configs),
        "rule_counts": _rule_counts(ctx),
        "files": ctx.files_checked or len({f.file for f in findings}),
        "files_with_findings": sorted({f.file for f in findings}),
        "documents": len(ctx.totals),
        "organizations": ranked,
        "named_organizations": sum(1 for o in ranked if o.key != unknown),
        "counts": counts,
        "summary": summary_line(findings, lang, ctx.fixed),
        "findings": views,
        "rules": [(code, docs[code].info.name if code in docs else "", rule_counts[code])
                  for code in sorted(rule_counts, key=code_order)],
        "docs": [docs[code] for code in sorted(docs, key=code_order)],
        "category_chart": bar_chart(category_rows),
        # a district's handful of organizations all show; of a whole repo's, the worst
        "organization_chart": bar_chart([(o.name, o.key, o.counts) for o in ranked[:MAX_BARS]]),
        "organizations_left_out": (len(ranked) - MAX_BARS, sum(sum(o.counts.values()) for o in ranked[MAX_BARS:]))
        if len(ranked) > MAX_BARS else None,
        "severities": SEVERITIES,
    }


def _rule_docs(codes: set[str], ctx: ReportContext) -> dict:
    from jixiao_lint.commands.explain import rule_doc

    docs = {}
    for code in codes:
        for rules in ctx.rule_sets:
            found = rule_doc(rules, code, ctx.lang)  # a built-in rule's origin is already rules/NAME.rules:N
            if found is not None:
                docs[code] = found
                break
    return docs


def _rule_counts(ctx: ReportContext) -> tuple[int, list[tuple[str, int]]]:
    """How many rules are built in (the pipeline's, the Python ones and rules/), and each extra pack's."""
    def in_pack(file: str, pack: str) -> bool:
        return file == pack or file.startswith(pack.rstrip("/") + "/")

    packs = [(pack, max((sum(1 for d in rules.declarations.values() if in_pack(d.loc.file, pack))
                         for rules in ctx.rule_sets), default=0)) for pack in ctx.rule_packs]
    builtin = min((len(rules.infos) - sum(1 for d in rules.declarations.values()
                                          if any(in_pack(d.loc.file, pack) for pack in ctx.rule_packs))
                   for rules in ctx.rule_sets), default=0)
    return builtin, packs


def _flagged(totals: DocumentTotals, findings: list[Finding], category: dict[str, str]) -> dict[str, list[str]]:
    """Which totals cells the document's findings are about: the weights (a weights rule, or a row's
    weight), the score (the field itself) and the grade (or the bands it is read under)."""
    flagged: dict[str, list[str]] = {"weights": [], "score": [], "grade": []}
    for finding in findings:
        if category.get(finding.rule) == "weights" or finding.path.endswith("/weight"):
            flagged["weights"].append(finding.rule)
        if totals.score_path and finding.path == totals.score_path:
            flagged["score"].append(finding.rule)
        if finding.path == "/grade" or finding.path.startswith("/grade_bands"):
            flagged["grade"].append(finding.rule)
    return {column: sorted(set(codes), key=code_order) for column, codes in flagged.items()}


def _source_lines(finding: Finding, lines: list[str] | None) -> list[SourceLine]:
    """The finding's line with a line of context either side, its span split out to be highlighted: from
    column to end_column (exclusive), or to the end of the line when it runs on (as text.py's carets)."""
    if not lines or not 1 <= finding.line <= len(lines):
        return []
    shown = []
    for number in range(max(1, finding.line - _CONTEXT_LINES), min(len(lines), finding.line + _CONTEXT_LINES) + 1):
        line = lines[number - 1].removesuffix("\r")
        if number != finding.line:
            shown.append(SourceLine(number, visible(line), "", ""))
            continue
        start = finding.column - 1
        end = finding.end_column - 1 if finding.end_line == finding.line else len(line)
        marked = line[start:max(end, start + 1)] or " "  # an empty span, or one past the end: still a mark
        shown.append(SourceLine(number, visible(line[:start]), visible(marked), visible(line[max(end, start + 1):])))
    return shown


def _fix_old(finding: Finding, text: str | None) -> str | None:
    fix = finding.fix
    if fix is None or text is None or not 0 <= fix.start_offset <= fix.end_offset <= len(text):
        return None
    old = text[fix.start_offset:fix.end_offset]
    return visible(old) if 0 < len(old) <= _MAX_FIX_SHOWN else None


def _generated() -> str:
    """Now, or SOURCE_DATE_EPOCH when it is set (reproducible output, as build tools honour it)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    if epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    return datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z").strip()


# The charts: horizontal bars, one a row, stacked by severity, in page units (the SVG scales).
CHART_WIDTH = 540
MAX_BARS = 30  # organizations charted; the table and the filters have them all
_ROW = 26
_BAR = 16
_LABEL_CELL = 6.5  # px per terminal cell of a label at the chart's font size: a Chinese character is two
_MAX_LABEL_CELLS = 40


@record
class Bar:
    label: str  # as shown, perhaps shortened
    title: str  # in full, for the tooltip
    key: str  # what clicking filters on
    y: int
    segments: list[tuple[str, float, float, int]]  # (severity, x, width, count)
    total: int
    total_x: float


def bar_chart(rows: list[tuple[str, str, Counter]]) -> dict:
    """rows: (label, key, severity counts). Geometry only; the template draws it."""
    cells = min(_MAX_LABEL_CELLS, max((cell_len(label) for label, _, _ in rows), default=4))
    label_width = round(cells * _LABEL_CELL) + 16
    scale_width = CHART_WIDTH - label_width - 48
    largest = max((sum(counts[s] for s in SEVERITIES) for _, _, counts in rows), default=0) or 1
    bars = []
    for index, (label, key, counts) in enumerate(rows):
        x, segments = float(label_width), []
        for severity in SEVERITIES:
            if counts[severity]:
                width = counts[severity] / largest * scale_width
                segments.append((severity, round(x, 1), round(width, 1), counts[severity]))
                x += width
        total = sum(counts[s] for s in SEVERITIES)
        bars.append(Bar(_shorten(label, cells), label, key, 8 + index * _ROW, segments, total, round(x + 6, 1)))
    return {"width": CHART_WIDTH, "height": 16 + len(rows) * _ROW, "label_width": label_width - 8,
            "bar": _BAR, "bars": bars}


def _shorten(label: str, cells: int) -> str:
    if cell_len(label) <= cells:
        return label
    shown = ""
    for char in label:
        if cell_len(shown + char) > cells - 1:
            break
        shown += char
    return shown + "…"


_ENVIRONMENT: Environment | None = None


def _environment() -> Environment:
    global _ENVIRONMENT
    if _ENVIRONMENT is None:
        # autoescape on for every template whatever its name: form text is never markup
        _ENVIRONMENT = Environment(loader=PackageLoader("jixiao_lint.report", "templates"), autoescape=True,
                                   undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
        _ENVIRONMENT.filters["markdown"] = _markdown
        _ENVIRONMENT.filters["number"] = _number
        _ENVIRONMENT.filters["quoted_code"] = _quoted_code
    return _ENVIRONMENT


def _markdown(text: str) -> Markup:
    """A rule's documentation (Markdown, as --explain shows it) as HTML; HTML written in it is escaped."""
    from markdown_it import MarkdownIt

    # rule_doc has joined a Chinese paragraph's wrapped lines (Markdown would render a space: 权重， 自评)
    return Markup(MarkdownIt("commonmark", {"html": False}).render(text))


def _quoted_code(message: str) -> Markup:
    """A message's `quoted` form text as code, like the terminal's backticks; every piece escaped."""
    pieces = message.split("`")
    if len(pieces) % 2 == 0:  # an unpaired backtick: nothing is quoted
        return Markup.escape(message)
    return Markup("").join(Markup("<code>{}</code>").format(piece) if index % 2 else Markup.escape(piece)
                           for index, piece in enumerate(pieces))


def _number(value: float | None) -> str:
    if value is None:
        return ""
    return f"{value:.2f}".rstrip("0").rstrip(".")

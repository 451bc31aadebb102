"""`jixiao-lint import FORM.xlsx [-o FORM.yaml]`: an Excel 绩效自评表 / 绩效目标表 to v1 YAML.

The workbook is read as a clerk lays it out (the seeds in shared/seeds are such forms as text): a title
(`2023年度部门整体绩效自评表`), a header block of label/value cells (单位, 年度, 项目名称, 主管部门, 联系人 …),
for a self-evaluation the 资金情况 and 绩效目标 tables, then the indicator table — a header row naming its
columns (一级/二级/三级指标 or one 指标名称 column with `产出-数量-…` names, 计量单位, 指标性质, 指标值 …) and
one row per indicator. Merged cells are read as their value repeated over the cells they cover (a 一级指标
merged down twelve rows belongs to each of them), which is why the workbook is opened with
read_only=False. A sheet may hold several forms one under another (a department's 整体目标表 and its 专项
申报表): each indicator table, with the rows above it, is one YAML document.

The YAML is written by hand, not dumped, so that each part carries a comment naming the sheet and the cell
range it came from, and values keep the text the clerk typed (`"54. 36"` stays a string for the linter to
report and fix). What the workbook does not say is not invented: a missing 年度 or 单位 is taken from
another form of the same workbook if one says it, else reported on stderr.
"""

from __future__ import annotations

import argparse
import math
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from jixiao_lint.cli import EXIT_CLEAN, EXIT_FAILURE

# ---- what the cells say ----------------------------------------------------------------------------

# Indicator table columns: header text (normalised) → key. The first match in this order wins.
INDICATOR_COLUMNS: list[tuple[str, tuple[str, ...]]] = [
    ("level1", ("一级指标",)),
    ("level2", ("二级指标",)),
    ("name", ("三级指标", "指标名称", "绩效指标名称", "指标内容", "指标")),
    ("unit", ("计量单位", "单位")),
    ("operator", ("指标性质", "运算符", "比较符")),
    ("value", ("指标值", "目标值", "年度指标值", "全年指标值", "预期指标值", "年度目标值")),
    ("weight", ("指标权重", "权重", "分值", "权重分值")),
    ("actual", ("全年完成值", "实际完成值", "完成值", "全年实际值", "实际值")),
    ("deviation", ("偏离度",)),
    ("coefficient", ("得分系数",)),
    ("score", ("指标得分", "得分", "自评得分")),
    ("core", ("是否核心指标", "核心指标")),
    ("note", ("说明", "偏差原因", "偏差原因分析及改进措施", "未完成原因分析", "备注")),
]
FUND_COLUMNS: list[tuple[str, tuple[str, ...]]] = [
    ("initial_budget", ("年初预算数", "初预算数", "年初预算")),
    ("adjusted_budget", ("全年调整预算数", "全年预算数", "调整后预算数", "全年调整预算")),
    ("executed", ("全年执行数", "执行数", "实际支出")),
    ("execution_rate", ("执行率",)),
    ("weight", ("执行率权重", "权重", "分值")),
    ("score", ("执行率得分", "得分")),
]
GOAL_COLUMNS = {"年初绩效目标": "initial", "全年绩效目标": "adjusted", "全年调整绩效目标": "adjusted", "全年目标实际完成情况": "achieved",
                "实际完成情况": "achieved"}
# Header block labels (normalised: no spaces, colons or bracketed notes) → key.
LABELS: dict[str, str] = {
    "单位名称": "organization", "编制单位": "organization", "填报单位": "organization", "部门名称": "organization",
    "预算单位": "organization", "单位": "organization", "部门": "organization",
    "主管部门": "supervisor", "项目主管部门": "supervisor", "业务主管部门": "supervisor",
    "年度": "year", "预算年度": "year",
    "项目名称": "project", "专项资金名称": "project", "专项名称": "project",
    "项目编码": "project_code", "项目代码": "project_code",
    "自评总分": "self_score", "自评得分": "self_score", "总分": "self_score",
    "评价等级": "grade", "自评等级": "grade",
    "联系人": "contact.name", "部门联系人": "contact.name", "项目联系人": "contact.name",
    "联系电话": "contact.phone", "电话": "contact.phone",
    "金额单位": "money_unit",
    "部门支出预算总量": "budget", "预算数": "budget", "预算总额": "budget", "年度预算": "budget", "项目预算": "budget",
    "项目概况": "summary", "立项依据": "basis",
    "当年绩效目标": "goal", "当年整体绩效目标": "goal", "年度绩效目标": "goal", "整体绩效目标": "goal",
    "年度总体目标": "goal",
}
BREAKDOWN = re.compile(r"^(区级支出|市级支出|补助街镇|补助乡镇|市级补助|中央补助|上级补助|其他资金|自有资金)$")
BUDGET_OF_YEAR = re.compile(r"^(20\d\d)年预算$")
TITLE = re.compile(r"(绩效|目标).*表$")
YEAR_IN_TEXT = re.compile(r"(20\d\d)\s*年")
CODE_PREFIX = re.compile(r"^\d{2,}\s*[-－—]\s*")  # "804-重庆市江北区…": the budget system's unit code
OPERATORS = {"≥", "≤", "=", ">", "<", "＝", "≧", "≦", "＞", "＜", ">=", "<=", "＞＝", "＜＝", "==", "定性"}
TOTAL_ROWS = {"合计", "总计", "小计", "总分", "合计得分"}
YES = {"是", "√", "✓", "Y", "y", "yes", "Yes", "YES", "核心"}
NO = {"否", "×", "N", "n", "no", "No", "NO"}


class ImportError_(Exception):
    """The workbook cannot be imported: exit 2 with this message."""


# ---- the sheet as a grid of cell texts ---------------------------------------------------------------

@dataclass
class Grid:
    """A sheet's cells by (row, column), 1-based; a merged range's value is in each cell it covers."""

    title: str
    values: dict[tuple[int, int], Any]
    anchors: dict[tuple[int, int], tuple[int, int]]  # cell → top-left cell of its merged range (itself if none)
    percent: set[tuple[int, int]]  # numeric cells formatted as a percentage (0.95 shown as 95%)
    max_row: int
    max_col: int

    def value(self, row: int, col: int) -> Any:
        return self.values.get((row, col))

    def text(self, row: int, col: int) -> str:
        return cell_text(self.values.get((row, col)))

    def row_cells(self, row: int) -> list[tuple[int, str]]:
        """(column, text) of each distinct non-empty cell of a row, a merged range counted once."""
        seen, cells = set(), []
        for col in range(1, self.max_col + 1):
            anchor = self.anchors.get((row, col), (row, col))
            if anchor in seen:
                continue
            seen.add(anchor)
            text = self.text(row, col)
            if text:
                cells.append((col, text))
        return cells

    def used_columns(self, rows) -> list[int]:
        """Columns with a value in these rows, merged cells counted over their whole width."""
        return [c for r in rows for c in range(1, self.max_col + 1) if self.text(r, c)]

    def blank(self, row: int) -> bool:
        return not any(self.text(row, col) for col in range(1, self.max_col + 1))


def read_grid(sheet) -> Grid:
    values: dict[tuple[int, int], Any] = {}
    anchors: dict[tuple[int, int], tuple[int, int]] = {}
    percent: set[tuple[int, int]] = set()
    for row in sheet.iter_rows():
        for cell in row:
            if cell.value is not None and not isinstance(cell.value, str) or (isinstance(cell.value, str) and cell.value.strip()):
                values[(cell.row, cell.column)] = cell.value
                if isinstance(cell.value, (int, float)) and "%" in (cell.number_format or ""):
                    percent.add((cell.row, cell.column))
    for merged in sheet.merged_cells.ranges:
        top_left = (merged.min_row, merged.min_col)
        for r in range(merged.min_row, merged.max_row + 1):
            for c in range(merged.min_col, merged.max_col + 1):
                anchors[(r, c)] = top_left
                if top_left in values:
                    values[(r, c)] = values[top_left]
                if top_left in percent:
                    percent.add((r, c))
    max_row = max([r for r, _ in values] + [sheet.max_row or 0, 0])
    max_col = max([c for _, c in values] + [0])
    return Grid(sheet.title, values, anchors, percent, max_row, max_col)


def cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float):
        return format_number(value)
    if hasattr(value, "year") and hasattr(value, "month"):  # a date cell
        return value.strftime("%Y-%m-%d") if hasattr(value, "strftime") else str(value)
    return str(value).replace("\u3000", " ").replace("\xa0", " ").strip()


def label_key(text: str) -> str:
    """A label as written → its comparable form: no spaces, line breaks, colons, brackets' notes."""
    text = re.sub(r"\s+", "", text)
    text = re.sub(r"[（(][^）)]*[）)]", "", text)  # "指标权重（分）", "部门支出预算总量（万元）", "全年（调整）预算数"
    return text.rstrip(":：")


def format_number(value: float | int) -> str:
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return repr(value) if isinstance(value, float) else str(value)


def column_name(col: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(col)


def cell_range(first_row: int, first_col: int, last_row: int, last_col: int) -> str:
    return f"{column_name(first_col)}{first_row}:{column_name(last_col)}{last_row}"


# ---- finding the tables -----------------------------------------------------------------------------

@dataclass
class Table:
    header_row: int
    columns: dict[str, int]  # key → column
    first_row: int  # of data
    last_row: int
    rows: list[int] = field(default_factory=list)
    first_col: int = 1
    last_col: int = 1
    top_row: int = 0  # the header's first row when it is two rows high

    def range(self) -> str:
        return cell_range(self.top_row or self.header_row, self.first_col, self.last_row, self.last_col)


def match_columns(grid: Grid, row: int, spec: list[tuple[str, tuple[str, ...]]]) -> dict[str, int]:
    found: dict[str, int] = {}
    for col, text in grid.row_cells(row):
        key = label_key(text)
        for name, headers in spec:
            if name not in found and key in headers:
                found[name] = col
                break
    return found


def is_indicator_header(columns: dict[str, int]) -> bool:
    return "name" in columns and ("value" in columns or "operator" in columns)


def find_indicator_tables(grid: Grid) -> list[Table]:
    tables: list[Table] = []
    row = 1
    while row <= grid.max_row:
        columns = match_columns(grid, row, INDICATOR_COLUMNS)
        if not is_indicator_header(columns):
            row += 1
            continue
        # A header merged over two rows (绩效指标 over 一级/二级/三级): the lower row names more columns.
        below = match_columns(grid, row + 1, INDICATOR_COLUMNS) if row < grid.max_row else {}
        top = row
        if is_indicator_header(below) and len(below) >= len(columns):
            row, columns = row + 1, below
        table = Table(row, columns, row + 1, row, top_row=top)
        scan = row + 1
        while scan <= grid.max_row:
            if grid.blank(scan):
                scan += 1
                continue
            name = grid.text(scan, columns["name"])
            target_cells = [grid.text(scan, columns[k]) for k in ("operator", "value") if k in columns]
            header_again = is_indicator_header(match_columns(grid, scan, INDICATOR_COLUMNS))
            if header_again or not name or not any(target_cells) or _looks_like_title(grid, scan):
                if label_key(name) in TOTAL_ROWS:
                    table.last_row = scan
                    scan += 1
                    continue
                break
            if label_key(name) not in TOTAL_ROWS:
                table.rows.append(scan)
            table.last_row = scan
            scan += 1
        if table.rows:
            used = grid.used_columns(range(top, table.last_row + 1))
            table.first_col, table.last_col = min(used), max(used)
            tables.append(table)
        row = max(scan, row + 1)
    return tables


def _looks_like_title(grid: Grid, row: int) -> bool:
    cells = grid.row_cells(row)
    return len(cells) == 1 and bool(TITLE.search(label_key(cells[0][1])))


def find_funds(grid: Grid, first: int, last: int) -> Table | None:
    for row in range(first, last + 1):
        columns = match_columns(grid, row, FUND_COLUMNS)
        if "executed" in columns and ("adjusted_budget" in columns or "initial_budget" in columns):
            table = Table(row, columns, row + 1, row)
            left = min(columns.values())
            for scan in range(row + 1, last + 1):
                cells = grid.row_cells(scan)
                source = next((t for c, t in cells if c < left), "")
                if not source or not any(_numeric(grid.value(scan, c)) for c in columns.values()):
                    break  # the 绩效目标 heading or a blank row: the fund rows are over
                table.rows.append(scan)
                table.last_row = scan
            if table.rows:
                used = grid.used_columns(range(row, table.last_row + 1))
                table.first_col, table.last_col = min(used), max(used)
                table.columns["source"] = min(c for r in table.rows for c, _ in grid.row_cells(r))
                return table
    return None


def _numeric(value: Any) -> bool:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return True
    return bool(re.fullmatch(r"[-+]?[\d,，.．\s]*\d[\d,，.．\s]*%?", cell_text(value)))


def find_goals(grid: Grid, first: int, last: int) -> tuple[int, int, dict[str, str]] | None:
    """(header row, value row, {initial/adjusted/achieved: text}) of a 年初/全年/实际完成 goals table."""
    for row in range(first, last + 1):
        columns = {}
        for col, text in grid.row_cells(row):
            key = GOAL_COLUMNS.get(label_key(text))
            if key and key not in columns:
                columns[key] = col
        if len(columns) >= 2:
            for scan in range(row + 1, min(last, row + 4) + 1):
                goals = {k: grid.text(scan, c) for k, c in columns.items()}
                if any(goals.values()):
                    return row, scan, goals
    return None


# ---- one form: header block + tables ------------------------------------------------------------------

@dataclass
class Form:
    sheet: str
    first_row: int
    last_row: int
    last_col: int
    header: dict[str, Any] = field(default_factory=dict)
    breakdown: dict[str, Any] = field(default_factory=dict)
    unknown: list[str] = field(default_factory=list)  # "label: value" pairs nothing in v1 holds
    funds: list[dict[str, Any]] = field(default_factory=list)
    funds_range: str = ""
    goals: dict[str, str] = field(default_factory=dict)
    goals_range: str = ""
    indicators: list[dict[str, Any]] = field(default_factory=list)
    indicators_range: str = ""
    header_range: str = ""
    has_results: bool = False
    notes: list[str] = field(default_factory=list)


def read_header(grid: Grid, form: Form, rows: list[int]) -> None:
    used_rows, used_cols = [], []
    for row in rows:
        cells = grid.row_cells(row)
        before = (len(form.header), len(form.breakdown), len(form.unknown), str(form.header))
        i = 0
        while i < len(cells):
            col, text = cells[i]
            key = label_key(text)
            inline = re.match(r"^([^:：]{1,12})[:：]\s*(.+)$", text)
            if TITLE.search(key) and "title" not in form.header and len(key) > 4:
                form.header["title"] = re.sub(r"\s+", "", text) if re.search(r"[\u4e00-\u9fff]\s+[\u4e00-\u9fff]", text) else text
                i += 1
                continue
            if key in LABELS or BUDGET_OF_YEAR.match(key) or BREAKDOWN.match(key):
                value = cells[i + 1][1] if i + 1 < len(cells) and not _is_label(cells[i + 1][1]) else ""
                raw = grid.value(row, cells[i + 1][0]) if value else None
                _assign(form, key, text, value, raw)
                i += 2 if value else 1
                continue
            if inline and (label_key(inline.group(1)) in LABELS):
                _assign(form, label_key(inline.group(1)), inline.group(1), inline.group(2).strip(), None)
                i += 1
                continue
            if text.rstrip().endswith((":", "：")) and i + 1 < len(cells):
                form.unknown.append(f"{text.rstrip(':：').strip()}: {cells[i + 1][1]}")
                i += 2
                continue
            i += 1
        if (len(form.header), len(form.breakdown), len(form.unknown), str(form.header)) != before:
            used_rows.append(row)  # the range names the rows something was read from, not section headings
            used_cols += grid.used_columns((row,))
    if used_rows:
        form.header_range = cell_range(min(used_rows), min(used_cols), max(used_rows), max(used_cols))


def _is_label(text: str) -> bool:
    key = label_key(text)
    return key in LABELS or bool(BUDGET_OF_YEAR.match(key)) or bool(BREAKDOWN.match(key))


def _assign(form: Form, key: str, label: str, value: str, raw: Any) -> None:
    header = form.header
    if BUDGET_OF_YEAR.match(key):
        header.setdefault("year", int(BUDGET_OF_YEAR.match(key).group(1)))
        header.setdefault("budget", number_or_text(raw if raw is not None else value))
        return
    if BREAKDOWN.match(key):
        if value:
            form.breakdown[key] = number_or_text(raw if raw is not None else value)
        return
    unit = re.search(r"[（(](万元|元)[）)]", label)
    if unit:
        header.setdefault("money_unit", unit.group(1))
    target = LABELS[key]
    if target == "organization" and value in ("元", "万元"):  # "单位：元" is the money unit, not the unit
        header.setdefault("money_unit", value)
        return
    if target == "money_unit":
        if value in ("元", "万元"):
            header.setdefault("money_unit", value)
        return
    if target == "year":
        match = re.search(r"20\d\d", value)
        if match:
            header.setdefault("year", int(match.group(0)))
        return
    if target in ("budget", "self_score"):
        header.setdefault(target, number_or_text(raw if raw is not None else value))
        return
    if target == "basis":
        items = [part.strip() for part in re.split(r"[；;]|(?<=[）)])。", value) if part.strip()]
        header.setdefault("basis", items or [value])
        return
    if target == "contact.phone":
        header.setdefault("contact", {}).setdefault("phone", value)
        return
    if target == "contact.name":
        header.setdefault("contact", {}).setdefault("name", value)
        return
    header.setdefault(target, value)


def number_or_text(value: Any) -> Any:
    """A number cell as a number; text that is plainly a number as a number; anything else as typed."""
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)):
        if isinstance(value, float) and (math.isnan(value) or math.isinf(value)):
            return str(value)
        return int(value) if isinstance(value, float) and value.is_integer() else value
    text = cell_text(value)
    if re.fullmatch(r"-?\d+(\.\d+)?", text):
        number = float(text)
        return int(number) if number.is_integer() and "." not in text else number
    return text


def read_indicators(grid: Grid, table: Table, form: Form) -> None:
    columns = table.columns
    for row in table.rows:
        item: dict[str, Any] = {}

        def cell(key: str) -> Any:
            if key not in columns:
                return None
            value = grid.value(row, columns[key])
            if isinstance(value, (int, float)) and not isinstance(value, bool) and (row, columns[key]) in grid.percent:
                value = round(value * 100, 10)
            return value

        name = cell_text(cell("name"))
        level1, level2 = cell_text(cell("level1")), cell_text(cell("level2"))
        item["name"] = name
        if level1 and level1 != name:
            item["level1"] = level1
        if level2 and level2 != name:
            item["level2"] = level2
        unit = cell_text(cell("unit"))
        if unit:
            item["unit"] = unit
        item["target"] = target_text(cell_text(cell("operator")), cell("value"))
        for key in ("weight", "actual", "deviation", "coefficient", "score"):
            value = cell(key)
            if cell_text(value):
                item[key] = number_or_text(value)
        core = cell_text(cell("core"))
        if core in YES:
            item["core"] = "是"
        elif core in NO:
            item["core"] = "否"
        elif core:
            form.notes.append(f"{column_name(columns['core'])}{row}: 是否核心指标“{core}”不是 是/否，未导入")
        note = cell_text(cell("note"))
        if note:
            item["note"] = note
        form.indicators.append(item)
    form.has_results = any(k in columns for k in ("actual", "score", "deviation", "coefficient"))
    form.indicators_range = table.range()


def target_text(operator: str, value: Any) -> Any:
    operator = re.sub(r"\s+", "", operator)
    value_text = cell_text(value) if not isinstance(value, (int, float)) or isinstance(value, bool) else format_number(value)
    if operator and value_text:
        return f"{operator} {value_text}"
    if operator:
        return operator
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return number_or_text(value)  # a bare value: the linter reports the missing operator (E003)
    return value_text


def read_funds(grid: Grid, table: Table, form: Form) -> None:
    for row in table.rows:
        fund: dict[str, Any] = {"source": grid.text(row, table.columns["source"])}
        for key, col in table.columns.items():
            if key != "source" and grid.text(row, col):
                value = grid.value(row, col)
                if isinstance(value, (int, float)) and (row, col) in grid.percent:
                    value = round(value * 100, 10)
                fund[key] = number_or_text(value)
        form.funds.append(fund)
    form.funds_range = table.range()


def read_sheet(grid: Grid) -> list[Form]:
    forms = []
    start = 1
    for table in find_indicator_tables(grid):
        form = Form(grid.title, start, table.last_row, grid.max_col)
        taken: set[int] = set(range(table.top_row, table.last_row + 1))
        funds = find_funds(grid, start, table.header_row - 1)
        if funds:
            read_funds(grid, funds, form)
            taken |= set(range(funds.header_row, funds.last_row + 1))
        goals = find_goals(grid, start, table.header_row - 1)
        if goals:
            header_row, value_row, form.goals = goals
            cols = grid.used_columns((header_row, value_row))
            form.goals_range = cell_range(header_row, min(cols), value_row, max(cols))
            taken |= set(range(header_row, value_row + 1))
        read_header(grid, form, [r for r in range(start, table.top_row) if r not in taken and not grid.blank(r)])
        read_indicators(grid, table, form)
        forms.append(form)
        start = table.last_row + 1
    return forms


# ---- forms to documents ------------------------------------------------------------------------------

def build_document(form: Form) -> tuple[dict[str, Any], list[str]]:
    """The v1 document, and what a person must fill in (for stderr)."""
    header = dict(form.header)
    missing: list[str] = []
    title = header.get("title", "")
    if "自评" in title:
        kind = "self-evaluation"
    elif re.search(r"目标|申报", title):
        kind = "target-declaration"
    else:
        kind = "self-evaluation" if form.has_results or form.funds or form.goals else "target-declaration"
    if "year" not in header:
        match = YEAR_IN_TEXT.search(title)
        if match:
            header["year"] = int(match.group(1))
    if "organization" not in header and "supervisor" in header:
        header["organization"] = CODE_PREFIX.sub("", header["supervisor"]).replace(" ", "")
    doc: dict[str, Any] = {"kind": kind}
    for key in ("year", "organization", "title", "money_unit", "supervisor", "contact"):
        if key in header:
            doc[key] = header[key]
    if kind == "self-evaluation":
        for key in ("project", "project_code", "self_score", "grade"):
            if key in header:
                doc[key] = str(header[key]) if key == "project_code" else header[key]
        if form.funds:
            doc["funds"] = form.funds
        if form.goals:
            doc["goals"] = {k: v for k, v in form.goals.items() if v}
        if "goal" in header and "goals" not in doc:
            doc["goals"] = {"adjusted": header["goal"]}
    else:
        doc["scope"] = "project" if ("专项" in title or "项目" in title or "project" in header) and "整体" not in title else "department"
        for key in ("project", "budget"):
            if key in header:
                doc[key] = header[key]
        if form.breakdown:
            doc["budget_breakdown"] = form.breakdown
        for key in ("summary", "basis", "goal"):
            if key in header:
                doc[key] = header[key]
    doc["indicators"] = [_indicator_for(kind, i) for i in form.indicators]
    if "contact" in doc and "phone" in doc["contact"]:
        doc["contact"]["phone"] = str(doc["contact"]["phone"])
    for key in ("year", "organization"):
        if key not in doc:
            missing.append(key)
    return doc, missing


def _indicator_for(kind: str, item: dict[str, Any]) -> dict[str, Any]:
    if kind == "self-evaluation":
        return item
    return {k: v for k, v in item.items() if k not in ("actual", "deviation", "coefficient", "score")}


# ---- writing YAML with comments -------------------------------------------------------------------------

def scalar(value: Any, indent: int) -> str:
    """One value as YAML: plain where that reads back as the same string, quoted where not, `|-` for lines."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return repr(value)
    text = str(value)
    if "\n" in text:
        dumped = yaml.dump(text, Dumper=yaml.SafeDumper, allow_unicode=True, width=1 << 30, default_style="|")
        first, *rest = dumped.rstrip("\n").split("\n")
        if first.startswith("|"):
            pad = " " * (indent + 2)
            return first + "".join("\n" + (pad + line[2:] if line.strip() else "") for line in rest)
        return _one_line(text)
    return _one_line(text)


def _one_line(text: str) -> str:
    dumped = yaml.dump(text, Dumper=yaml.SafeDumper, allow_unicode=True, width=1 << 30)
    if dumped.endswith("\n...\n"):
        dumped = dumped[: -len("\n...\n")]
    return dumped.rstrip("\n")


def emit(doc: dict[str, Any], form: Form, source: str, schema: str | None = None) -> str:
    where = f"工作表“{form.sheet}”"
    out = [f"# yaml-language-server: $schema={schema}"] if schema else []  # per document: docs/editors.md
    out.append(f"# 由 jixiao-lint import 自 {source} {where} 导入（第 {form.first_row}–{form.last_row} 行）")
    if form.header_range:
        out.append(f"# 表头：{where} {form.header_range}")
    for note in form.unknown:
        out.append(f"# 未导入（格式 v1 无此项）：{note}")
    for note in form.notes:
        out.append(f"# 注意：{where} {note}")
    for key, value in doc.items():
        if key == "funds":
            out.append(f"# 资金情况：{where} {form.funds_range}")
        elif key == "goals" and form.goals_range:
            out.append(f"# 绩效目标：{where} {form.goals_range}")
        elif key == "indicators":
            out.append(f"# 绩效指标：{where} {form.indicators_range}")
        out.extend(_entry(key, value, 0))
    return "\n".join(out) + "\n"


def _entry(key: str, value: Any, indent: int) -> list[str]:
    pad = " " * indent
    name = _one_line(str(key))
    if isinstance(value, dict):
        if not value:
            return [f"{pad}{name}: {{}}"]
        lines = [f"{pad}{name}:"]
        for k, v in value.items():
            lines.extend(_entry(k, v, indent + 2))
        return lines
    if isinstance(value, list):
        if not value:
            return [f"{pad}{name}: []"]
        lines = [f"{pad}{name}:"]
        for item in value:
            if isinstance(item, dict):
                entries = [line for k, v in item.items() for line in _entry(k, v, indent + 4)]
                entries[0] = f"{pad}  - " + entries[0][indent + 4:]
                lines.extend(entries)
            else:
                lines.append(f"{pad}  - {scalar(item, indent + 2)}")
        return lines
    return [f"{pad}{name}: {scalar(value, indent)}"]


# ---- the command --------------------------------------------------------------------------------------

def convert(path: Path, sheets: list[str] | None = None, schema: str | None = None) -> tuple[str, list[str]]:
    """The YAML text for a workbook, and warnings for stderr. Raises ImportError_."""
    try:
        import openpyxl
    except ModuleNotFoundError:  # pragma: no cover - a dependency of the package
        raise ImportError_("openpyxl is not installed; pip install openpyxl") from None
    if not path.exists():
        raise ImportError_(f"{path}: no such file")
    if path.is_dir():
        raise ImportError_(f"{path}: is a directory, not an Excel workbook")
    try:
        import warnings

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl's notes on unsupported styles and extensions
            workbook = openpyxl.load_workbook(path, read_only=False, data_only=True)
    except Exception as error:  # zipfile.BadZipFile, InvalidFileException, KeyError on a broken package …
        hint = " (an old .xls workbook: save it as .xlsx in Excel or WPS first / 请先另存为 .xlsx)" if path.suffix.lower() == ".xls" else ""
        raise ImportError_(f"{path}: not an Excel workbook (.xlsx) that can be read: {type(error).__name__}: {error}{hint}") from None
    names = workbook.sheetnames
    if sheets:
        unknown = [s for s in sheets if s not in names]
        if unknown:
            raise ImportError_(f"{path}: no sheet named {', '.join(unknown)}; the sheets are: {', '.join(names)}")
        names = sheets
    forms: list[Form] = []
    for name in names:
        forms.extend(read_sheet(read_grid(workbook[name])))
    if not forms:
        raise ImportError_(f"{path}: no indicator table found in sheet(s) {', '.join(names)}: expected a header row "
                           "with 指标名称 (or 指标 / 三级指标) and 指标值 or 指标性质")
    documents = [build_document(form) for form in forms]
    # A form that does not print its 年度 or 单位 takes them from another form of the same workbook.
    for key in ("year", "organization"):
        known = next((doc[key] for doc, _ in documents if key in doc), None)
        for doc, missing in documents:
            if key not in doc and known is not None:
                doc[key] = known
                missing.remove(key)
                _move_after(doc, key, "kind" if key == "year" else "year")
    warnings_out = []
    texts = []
    for (doc, missing), form in zip(documents, forms):
        for key in missing:
            warnings_out.append(f"工作表“{form.sheet}”第 {form.first_row}–{form.last_row} 行：找不到"
                                f"{'年度' if key == 'year' else '单位'}，请在 YAML 中补填 {key}")
        texts.append(emit(doc, form, path.name, schema))
    return "---\n".join(texts), warnings_out


def _move_after(doc: dict[str, Any], key: str, after: str) -> None:
    items = list(doc.items())
    value = doc.pop(key)
    items = [(k, v) for k, v in items if k != key]
    position = next((i + 1 for i, (k, _) in enumerate(items) if k == after), 1)
    items.insert(position, (key, value))
    doc.clear()
    doc.update(items)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="jixiao-lint import",
                                     description="把 Excel 绩效自评表/绩效目标表（.xlsx）转换为 v1 YAML。")
    parser.add_argument("workbook", type=Path, help="the .xlsx file")
    parser.add_argument("-o", "--output", type=Path, help="the YAML file to write (default: standard output)")
    parser.add_argument("--sheet", action="append", help="import only this sheet (repeatable; default: every sheet)")
    parser.add_argument("--schema", metavar="PATH_OR_URL",
                        help="start each document with `# yaml-language-server: $schema=PATH_OR_URL` (see docs/editors.md)")
    args = parser.parse_args(argv)
    try:
        text, warnings_out = convert(args.workbook, args.sheet, args.schema)
    except ImportError_ as error:
        sys.stderr.write(f"jixiao-lint import: {error}\n")
        return EXIT_FAILURE
    for warning in warnings_out:
        sys.stderr.write(f"jixiao-lint import: {warning}\n")
    if args.output is None or str(args.output) == "-":
        sys.stdout.write(text)
        return EXIT_CLEAN
    try:
        args.output.write_text(text, encoding="utf-8")
    except OSError as error:
        sys.stderr.write(f"jixiao-lint import: cannot write {args.output}: {error.strerror or error}\n")
        return EXIT_FAILURE
    count = text.count("\n---\n") + 1
    sys.stderr.write(f"jixiao-lint import: {args.workbook} → {args.output} ({count} 张表); "
                     f"检查：jixiao-lint {args.output}\n")
    return EXIT_CLEAN

"""`jixiao-lint import FORM.xlsx [-o FORM.yaml]`: an Excel 绩效自评表 / 绩效目标表 to v1 YAML.

The workbook is read as a clerk lays it out (tests/fixtures/seeds/ holds such forms, transcribed): a title
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

Nothing is dropped without a word: every non-empty cell is taken by the reading (placed in the YAML, or
understood — a heading, a column header, a label whose value was placed, a placeholder such as `—`, a 合计
equal to its column's sum) or left, and what is left is listed, `sheet!cell "text"`, on stderr and in a
comment of the YAML, and the import exits 1 (EXIT_LOSSY). docs/import.md lists the layouts read; each is a
fixture in tests/fixtures/import.
"""

from __future__ import annotations

import json
import math
import re
import sys
from pathlib import Path
from typing import Any

import yaml

from jixiao_lint.errors import EXIT_CLEAN, EXIT_FAILURE, EXIT_FINDINGS, ArgumentParser, Bilingual, requested_language
from jixiao_lint.records import field, record

# The YAML is written, but some non-empty cells are not in it (each is listed): a script must look.
EXIT_LOSSY = EXIT_FINDINGS

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
FUND_ORDER = [key for key, _ in FUND_COLUMNS]
GOAL_COLUMNS = {"年初绩效目标": "initial", "年初目标": "initial", "预期目标": "initial", "年度预期目标": "initial",
                "全年绩效目标": "adjusted", "全年调整绩效目标": "adjusted", "全年目标": "adjusted",
                "全年目标实际完成情况": "achieved", "实际完成情况": "achieved", "全年实际完成情况": "achieved",
                "目标完成情况": "achieved"}
# Header block labels (normalised: no spaces, colons or bracketed notes) → key.
LABELS: dict[str, str] = {
    "单位名称": "organization", "编制单位": "organization", "填报单位": "organization", "部门名称": "organization",
    "预算单位": "organization", "单位": "organization", "部门": "organization", "实施单位": "organization",
    "主管部门": "supervisor", "项目主管部门": "supervisor", "业务主管部门": "supervisor", "主管部门及代码": "supervisor",
    "年度": "year", "预算年度": "year",
    "项目名称": "project", "专项资金名称": "project", "专项名称": "project",
    "项目编码": "project_code", "项目代码": "project_code",
    "自评总分": "self_score", "自评得分": "self_score", "总分": "self_score",
    "评价等级": "grade", "自评等级": "grade", "绩效等级": "grade",
    "联系人": "contact.name", "部门联系人": "contact.name", "项目联系人": "contact.name",
    "联系电话": "contact.phone", "电话": "contact.phone",
    "金额单位": "money_unit",
    "部门支出预算总量": "budget", "预算数": "budget", "预算总额": "budget", "年度预算": "budget", "项目预算": "budget",
    "年度资金总额": "budget", "资金总额": "budget",
    "项目概况": "summary", "立项依据": "basis",
    "当年绩效目标": "goal", "当年整体绩效目标": "goal", "年度绩效目标": "goal", "整体绩效目标": "goal",
    "年度总体目标": "goal",
}
BREAKDOWN = re.compile(r"^(区级支出|市级支出|补助街镇|补助乡镇|市级补助|中央补助|上级补助|其他资金|自有资金|当年财政拨款|财政拨款"
                       r"|上年结转资金|上年结转|一般公共预算|政府性基金)$")
BUDGET_OF_YEAR = re.compile(r"^(20\d\d)年预算$")
TITLE = re.compile(r"(绩效|目标).*表$")
YEAR_IN_TEXT = re.compile(r"(20\d\d)\s*年")
YEAR_LINE = re.compile(r"^[（(]?\s*(20\d\d)\s*年度?\s*[）)]?$")  # the "（2023年度）" under a title
CODE_PREFIX = re.compile(r"^\d{2,}\s*[-－—]\s*")  # "804-重庆市江北区…": the budget system's unit code
TOTAL_ROWS = {"合计", "总计", "小计", "合计得分"}
SCORE_ROWS = {"总分", "自评总分", "自评得分", "综合得分"}
GRADE_ROWS = {"自评等级", "评价等级", "绩效等级", "等级"}
# Headings that name a block and hold no value of their own: read as understood, not imported.
SECTIONS = {"资金情况", "绩效目标", "绩效指标", "项目资金", "资金", "年度资金", "项目资金情况", "资金执行情况", "预算执行情况",
            "年度总体目标", "总体目标", "年度绩效目标", "绩效目标完成情况", "年度绩效指标", "绩效指标完成情况", "年度预算"}
# What a clerk types for "nothing here": read as a blank cell, with a note.
PLACEHOLDERS = {"—", "——", "-", "--", "---", "－", "－－", "–", "/", "／", "\\", "无", "不适用", "N/A", "n/a", "NA"}
COUNTER_COLUMNS = {"序号", "编号"}
YES = {"是", "√", "✓", "Y", "y", "yes", "Yes", "YES", "核心"}
NO = {"否", "×", "N", "n", "no", "No", "NO"}
# A target typed with its unit in one cell: `≥1200人`, `≥ 95%`, `=12个月`; word forms (`95%以上`) are left
# whole for the linter, which reads and fixes them.
TYPED_TARGET = re.compile(r"^(?P<op>[≥≤=><＝≧≦＞＜﹦]{1,2})?\s*(?P<number>[-+]?\d+(?:\.\d+)?)\s*"
                          r"(?P<unit>[%％‰]|[^\d\s.,，。;；:：()（）≥≤=><＝≧≦＞＜﹦%％]{1,5})$")
NOT_UNITS = re.compile(r"(以上|以下|以内|左右|及以上|及以下|之间)$")


class ImportError_(Bilingual):
    """The workbook cannot be imported: exit 2 with this message, in the run's language."""


# ---- the sheet as a grid of cell texts ---------------------------------------------------------------

@record
class Grid:
    """A sheet's cells by (row, column), 1-based; a merged range's value is in each cell it covers.

    Every non-empty cell is an anchor (the top-left cell of its merged range, or itself) that the reading
    either takes (placed in the YAML, or understood: a heading, a label, a placeholder) or leaves; what is
    left is listed to the user, so nothing is dropped without a word."""

    title: str
    values: dict[tuple[int, int], Any]
    anchors: dict[tuple[int, int], tuple[int, int]]  # cell → top-left cell of its merged range (itself if none)
    percent: set[tuple[int, int]]  # numeric cells formatted as a percentage (0.95 shown as 95%)
    max_row: int
    max_col: int
    formulas: dict[tuple[int, int], str] = field(default_factory=dict)  # formula cells with no saved value
    taken: set[tuple[int, int]] = field(default_factory=set)
    placeholders: list[tuple[int, int]] = field(default_factory=list)  # read as blank: noted in the YAML

    def value(self, row: int, col: int) -> Any:
        return self.values.get((row, col))

    def text(self, row: int, col: int) -> str:
        return cell_text(self.values.get((row, col)))

    def anchor(self, row: int, col: int) -> tuple[int, int]:
        return self.anchors.get((row, col), (row, col))

    def take(self, row: int, col: int) -> None:
        self.taken.add(self.anchor(row, col))

    def own(self, row: int, col: int) -> bool:
        """The cell starts here: not the copy of a range merged down from a row above."""
        return self.anchor(row, col)[0] == row

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
        return not any(self.text(row, col) for col in range(1, self.max_col + 1)) and not any(
            r == row for r, _ in self.formulas)

    def take_placeholder(self, row: int, col: int) -> None:
        self.take(row, col)
        if self.anchor(row, col) not in self.placeholders:
            self.placeholders.append(self.anchor(row, col))

    def left(self, rows: range) -> list[tuple[int, int, str]]:
        """(row, column, text) of every cell in these rows that nothing took, formulas with no value included."""
        out = []
        for (row, col), value in sorted(self.values.items()):
            if row in rows and self.anchor(row, col) == (row, col) and (row, col) not in self.taken and cell_text(value):
                out.append((row, col, cell_text(value)))
        for (row, col), formula in sorted(self.formulas.items()):
            if row in rows:
                out.append((row, col, f"公式 {formula} 没有保存的计算结果（在 Excel/WPS 中打开、保存后再导入）"))
        return sorted(out)


def read_grid(sheet, formulas_sheet=None) -> Grid:
    values: dict[tuple[int, int], Any] = {}
    anchors: dict[tuple[int, int], tuple[int, int]] = {}
    percent: set[tuple[int, int]] = set()
    formulas: dict[tuple[int, int], str] = {}
    for row in sheet.iter_rows():
        for cell in row:
            if cell.value is not None and not isinstance(cell.value, str) or (isinstance(cell.value, str) and cell.value.strip()):
                values[(cell.row, cell.column)] = cell.value
                if isinstance(cell.value, (int, float)) and "%" in (cell.number_format or ""):
                    percent.add((cell.row, cell.column))
            elif cell.value is None and formulas_sheet is not None:
                # Opened with data_only, a formula cell reads as its saved result: None when the file was
                # written by a program that does not compute (openpyxl, some exports) and never opened since.
                formula = formulas_sheet.cell(cell.row, cell.column).value
                formula = getattr(formula, "text", formula)  # an ArrayFormula
                if isinstance(formula, str) and formula.startswith("="):
                    formulas[(cell.row, cell.column)] = formula
    for merged in sheet.merged_cells.ranges:
        top_left = (merged.min_row, merged.min_col)
        for r in range(merged.min_row, merged.max_row + 1):
            for c in range(merged.min_col, merged.max_col + 1):
                anchors[(r, c)] = top_left
                if top_left in values:
                    values[(r, c)] = values[top_left]
                if top_left in percent:
                    percent.add((r, c))
    max_row = max([r for r, _ in values] + [r for r, _ in formulas] + [sheet.max_row or 0, 0])
    max_col = max([c for _, c in values] + [c for _, c in formulas] + [0])
    return Grid(sheet.title, values, anchors, percent, max_row, max_col, formulas)


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


def is_placeholder(text: str) -> bool:
    return re.sub(r"\s+", "", text) in PLACEHOLDERS


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

@record
class Table:
    header_row: int
    columns: dict[str, int]  # key → column
    first_row: int  # of data
    last_row: int
    rows: list[int] = field(default_factory=list)
    first_col: int = 1
    last_col: int = 1
    top_row: int = 0  # the header's first row when it is two rows high
    totals: list[int] = field(default_factory=list)  # 合计 rows
    scores: list[int] = field(default_factory=list)  # 总分 rows → self_score
    grades: list[int] = field(default_factory=list)  # 自评等级 rows → grade
    notes: list[int] = field(default_factory=list)  # 备注 rows

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


DATA_KEYS = ("unit", "operator", "value", "weight", "actual", "deviation", "coefficient", "score")


def _row_label(grid: Grid, row: int) -> str:
    """The first text that starts on this row (a 一级指标 or 绩效指标 merged down from above is not it)."""
    return next((label_key(t) for c, t in grid.row_cells(row) if grid.own(row, c)), "")


def _row_kind(grid: Grid, columns: dict[str, int], row: int) -> str:
    """What a row below an indicator header is: indicator, total, score, grade, note, blank or end."""
    if grid.blank(row):
        return "blank"
    if is_indicator_header(match_columns(grid, row, INDICATOR_COLUMNS)) or _looks_like_title(grid, row):
        return "end"
    label = _row_label(grid, row)
    if label.startswith("备注") or label.startswith("注："):
        return "note"
    if label in TOTAL_ROWS:
        return "total"
    if label in SCORE_ROWS:
        return "score"
    if label in GRADE_ROWS:
        return "grade"
    if re.match(r"^(填表人|填报人|审核人|负责人|单位负责人|财务负责人|填报日期|填表日期|日期)", label):
        return "end"  # the signature lines under a form
    first = next((t for c, t in grid.row_cells(row) if grid.own(row, c)), "")
    inline = re.match(r"^([^:：]{1,12})[:：]", first)
    if label in LABELS or (inline and label_key(inline.group(1)) in LABELS):
        return "end"  # the header block of a next form with no title of its own
    name_col = columns["name"]
    if grid.text(row, name_col) and grid.own(row, name_col):
        return "indicator"
    own_data = [k for k in DATA_KEYS if k in columns and grid.text(row, columns[k]) and grid.own(row, columns[k])]
    formula_data = [k for k in DATA_KEYS if k in columns and (row, columns[k]) in grid.formulas]
    # No name but the row's own values: the clerk left the name out; the linter says it is missing.
    return "indicator" if len(own_data) + len(formula_data) >= 2 else "end"


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
        if top == row and row > 1 and any(grid.anchor(row, c)[0] == row - 1 for c in columns.values()):
            top = row - 1  # the header's upper row: 绩效指标 over 一级/二级/三级, 指标值 merged down beside them
        table = Table(row, columns, row + 1, row, top_row=top)
        scan = row + 1
        while scan <= grid.max_row:
            kind = _row_kind(grid, columns, scan)
            if kind == "end":
                break
            if kind != "blank":  # a blank row inside the table does not end it: what follows is read too
                {"indicator": table.rows, "total": table.totals, "score": table.scores,
                 "grade": table.grades, "note": table.notes}[kind].append(scan)
                table.last_row = scan
            scan += 1
        if table.rows:
            used = grid.used_columns(range(top, table.last_row + 1))
            table.first_col, table.last_col = min(used), max(used)
            tables.append(table)
        row = max(table.last_row + 1, row + 1)
    return tables


def _looks_like_title(grid: Grid, row: int) -> bool:
    cells = grid.row_cells(row)
    return len(cells) == 1 and bool(TITLE.search(label_key(cells[0][1])))


def _block_label(grid: Grid, row: int, col: int, top: int) -> bool:
    """A cell naming a block beside it: `项目资金（万元）` merged down over the fund rows, or a section heading."""
    anchor = grid.anchor(row, col)
    return anchor[0] < row and anchor[0] <= top or label_key(grid.text(row, col)) in SECTIONS


def find_funds(grid: Grid, first: int, last: int) -> Table | None:
    for row in range(first, last + 1):
        columns = match_columns(grid, row, FUND_COLUMNS)
        if "executed" in columns and ("adjusted_budget" in columns or "initial_budget" in columns):
            table = Table(row, columns, row + 1, row)
            left = min(columns.values())
            for scan in range(row + 1, last + 1):
                if grid.blank(scan):
                    continue  # a blank row between fund rows: the rows after it are fund rows too
                labels = [(c, t) for c, t in grid.row_cells(scan) if c < left and not _block_label(grid, scan, c, row)]
                data = [grid.text(scan, c) for c in columns.values()] + [
                    "=" for c in columns.values() if (scan, c) in grid.formulas]
                if not labels or not any(data) or label_key(labels[-1][1]) in SECTIONS | set(GOAL_COLUMNS):
                    break  # the 绩效目标 heading, or a row with no source: the fund rows are over
                table.rows.append(scan)
                table.last_row = scan
            if table.rows:
                used = grid.used_columns(range(row, table.last_row + 1))
                table.first_col, table.last_col = min(used), max(used)
                return table
    return None


def find_goals(grid: Grid, first: int, last: int) -> tuple[int, int, dict[str, str]] | None:
    """(header row, last value row, {initial/adjusted/achieved: text}) of a 年初/全年/实际完成 goals table."""
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
                    for c in range(1, grid.max_col + 1):
                        if label_key(grid.text(row, c)) in GOAL_COLUMNS or label_key(grid.text(row, c)) in SECTIONS:
                            grid.take(row, c)
                        if label_key(grid.text(scan, c)) in SECTIONS:
                            grid.take(scan, c)
                    for key, c in columns.items():
                        if goals[key]:
                            grid.take(scan, c)
                            if is_placeholder(goals[key]):
                                grid.take_placeholder(scan, c)
                                goals[key] = ""
                    return row, scan, goals
    return None


# ---- one form: header block + tables ------------------------------------------------------------------

@record
class Form:
    sheet: str
    first_row: int
    last_row: int
    last_col: int
    header: dict[str, Any] = field(default_factory=dict)
    header_cells: dict[str, list[tuple[int, int]]] = field(default_factory=dict)  # key → the cells it came from
    breakdown: dict[str, Any] = field(default_factory=dict)
    funds: list[dict[str, Any]] = field(default_factory=list)
    funds_range: str = ""
    goals: dict[str, str] = field(default_factory=dict)
    goals_range: str = ""
    indicators: list[dict[str, Any]] = field(default_factory=list)
    indicators_range: str = ""
    header_range: str = ""
    has_results: bool = False
    notes: list[str] = field(default_factory=list)
    left: list[tuple[int, int, str]] = field(default_factory=list)  # cells not placed: (row, column, text)


def read_header(grid: Grid, form: Form, rows: list[int]) -> None:
    used_rows, used_cols = [], []
    for row in rows:
        cells = [(c, t) for c, t in grid.row_cells(row) if grid.anchor(row, c) not in grid.taken]
        read = False  # a value was read from this row (a heading or a placeholder alone does not count)
        i = 0
        while i < len(cells):
            col, text = cells[i]
            key = re.sub(r"^其中[:：]?", "", label_key(text))
            inline = re.match(r"^([^:：]{1,12})[:：]\s*(.+)$", text)
            if TITLE.search(key) and "title" not in form.header and len(key) > 4:
                form.header["title"] = re.sub(r"\s+", "", text) if re.search(r"[\u4e00-\u9fff]\s+[\u4e00-\u9fff]", text) else text
                grid.take(row, col)
                read = True
                i += 1
                continue
            year_line = YEAR_LINE.match(re.sub(r"\s+", "", text))
            if year_line:
                form.header.setdefault("year", int(year_line.group(1)))
                read = True
                form.header_cells.setdefault("year", []).append(grid.anchor(row, col))
                grid.take(row, col)
                i += 1
                continue
            if key in SECTIONS and not (key in LABELS and i + 1 < len(cells) and not _is_label(cells[i + 1][1])):
                # 项目资金（万元） beside its rows: a heading, with the money unit in brackets
                unit = re.search(r"[（(](万元|元)[）)]", text)
                if unit:
                    form.header.setdefault("money_unit", unit.group(1))
                grid.take(row, col)
                i += 1
                continue
            if key in LABELS or BUDGET_OF_YEAR.match(key) or BREAKDOWN.match(key):
                has_value = i + 1 < len(cells) and not _is_label(cells[i + 1][1])
                value = cells[i + 1][1] if has_value else ""
                grid.take(row, col)
                if has_value and is_placeholder(value):
                    grid.take_placeholder(row, cells[i + 1][0])
                elif has_value:
                    raw = grid.value(row, cells[i + 1][0])
                    if _assign(form, key, text, value, raw):
                        read = True
                        grid.take(row, cells[i + 1][0])
                        form.header_cells.setdefault(_target(key), []).append(grid.anchor(row, cells[i + 1][0]))
                i += 2 if has_value else 1
                continue
            if inline and label_key(inline.group(1)) in LABELS:
                value = inline.group(2).strip()
                if is_placeholder(value):
                    grid.take_placeholder(row, col)
                elif _assign(form, label_key(inline.group(1)), inline.group(1), value, None):
                    read = True
                    grid.take(row, col)
                    form.header_cells.setdefault(_target(label_key(inline.group(1))), []).append(grid.anchor(row, col))
                i += 1
                continue
            i += 1  # not understood: left for the list of cells not imported
        if read:
            used_rows.append(row)  # the range names the rows something was read from
            used_cols += [c for c in range(1, grid.max_col + 1) if grid.text(row, c) and grid.anchor(row, c) in grid.taken]
    if used_rows:
        form.header_range = cell_range(min(used_rows), min(used_cols), max(used_rows), max(used_cols))


def _is_label(text: str) -> bool:
    key = re.sub(r"^其中[:：]?", "", label_key(text))
    return key in LABELS or bool(BUDGET_OF_YEAR.match(key)) or bool(BREAKDOWN.match(key)) or key in SECTIONS


def _target(key: str) -> str:
    """The document key a header label fills."""
    if BUDGET_OF_YEAR.match(key):
        return "budget"
    if BREAKDOWN.match(key):
        return "budget_breakdown"
    return LABELS[key].split(".")[0]


def _assign(form: Form, key: str, label: str, value: str, raw: Any) -> bool:
    """Put a header value where its label says; False when it says nothing v1 holds (left to be listed)."""
    header = form.header
    if BUDGET_OF_YEAR.match(key):
        header.setdefault("year", int(BUDGET_OF_YEAR.match(key).group(1)))
        header.setdefault("budget", number_or_text(raw if raw is not None else value))
        return True
    if BREAKDOWN.match(key):
        form.breakdown[key] = number_or_text(raw if raw is not None else value)
        return True
    unit = re.search(r"[（(](万元|元)[）)]", label)
    if unit:
        header.setdefault("money_unit", unit.group(1))
    target = LABELS[key]
    if target == "organization" and value in ("元", "万元"):  # "单位：元" is the money unit, not the unit
        header.setdefault("money_unit", value)
        return True
    if target == "money_unit":
        if value in ("元", "万元"):
            header.setdefault("money_unit", value)
            return True
        return False
    if target == "year":
        match = re.search(r"20\d\d", value)
        if match:
            header.setdefault("year", int(match.group(0)))
        return bool(match)
    if target in ("budget", "self_score"):
        header.setdefault(target, number_or_text(raw if raw is not None else value))
        return True
    if target == "basis":
        items = [part.strip() for part in re.split(r"[；;]|(?<=[）)])。", value) if part.strip()]
        header.setdefault("basis", items or [value])
        return True
    if target == "contact.phone":
        header.setdefault("contact", {}).setdefault("phone", value)
        return True
    if target == "contact.name":
        header.setdefault("contact", {}).setdefault("name", value)
        return True
    if target in header:
        return header[target] == value  # a second 单位名称 saying something else is listed, not dropped
    header[target] = value
    return True


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


def _percent_value(grid: Grid, row: int, col: int) -> Any:
    value = grid.value(row, col)
    if isinstance(value, (int, float)) and not isinstance(value, bool) and (row, col) in grid.percent:
        value = round(value * 100, 10)
    return value


def read_indicators(grid: Grid, table: Table, form: Form) -> None:
    columns = table.columns
    headers = {h for _, names in INDICATOR_COLUMNS for h in names} | SECTIONS
    for col in range(table.first_col, table.last_col + 1):  # the header cells, and a 绩效指标 heading beside them
        for row in range(table.top_row or table.header_row, table.header_row + 1):
            text = label_key(grid.text(row, col))
            if text in headers or text in COUNTER_COLUMNS:
                grid.take(row, col)
            if text in COUNTER_COLUMNS:  # 序号: the rows' numbers, nothing to keep
                for data_row in table.rows:
                    grid.take(data_row, col)
    for row in table.rows:
        for col in range(table.first_col, table.last_col + 1):
            if label_key(grid.text(row, col)) in SECTIONS and not grid.own(row, col):
                grid.take(row, col)  # 绩效指标 merged down the side of the rows
        item: dict[str, Any] = {}

        def cell(key: str, blank_words: bool = True) -> Any:
            """The cell's value, taken; None for an empty cell or a placeholder (noted)."""
            if key not in columns or not grid.text(row, columns[key]):
                return None
            col = columns[key]
            if is_placeholder(grid.text(row, col)) and (blank_words or grid.text(row, col) != "无"):
                grid.take_placeholder(row, col)
                return None
            grid.take(row, col)
            return _percent_value(grid, row, col)

        name = cell_text(cell("name"))
        level1, level2 = cell_text(cell("level1")), cell_text(cell("level2"))
        if name:
            item["name"] = name
        if level1 and level1 != name:
            item["level1"] = level1
        if level2 and level2 != name:
            item["level2"] = level2
        unit = cell_text(cell("unit"))
        target, unit = split_target(cell_text(cell("operator")), cell("value"), unit)
        if unit:
            item["unit"] = unit
        if target != "":
            item["target"] = target
        value_col = columns.get("value")
        if name and value_col and not grid.text(row, value_col) and (row, value_col) not in grid.formulas:
            form.notes.append(f"{column_name(value_col)}{row}：“{name}”的指标值是空的，请补填 target")
        for key in ("weight", "actual", "deviation", "coefficient", "score"):
            value = cell(key, blank_words=key != "actual")  # a 完成值 of 无 (no accident happened) is an answer
            if value is not None and cell_text(value):
                item[key] = number_or_text(value)
        if "core" in columns:
            core = grid.text(row, columns["core"])
            if core in YES or core in NO:
                item["core"] = "是" if core in YES else "否"
                grid.take(row, columns["core"])
            elif core and is_placeholder(core):
                grid.take_placeholder(row, columns["core"])
            # anything else (是否核心指标 “待定”) is not taken: it is listed as not imported
        note = cell_text(cell("note"))
        if note:
            item["note"] = note
        if item:  # a row of placeholders only says nothing
            form.indicators.append(item)
    for row in table.totals:
        _read_total(grid, table, form, row)
    for row in table.notes:
        cells = grid.row_cells(row)
        said = [re.sub(r"^(备注|注)\s*[:：]?\s*", "", cells[0][1])] + [t for _, t in cells[1:]]
        if all(not t or is_placeholder(t) for t in said):
            for col, _ in cells:
                grid.take(row, col)  # 备注：无, or an empty 备注 row: nothing to keep
        # a 备注 with text has no key in v1: it is left, and so listed
    for row in table.scores:
        score_col = columns.get("score")
        cells = [(c, t) for c, t in grid.row_cells(row) if label_key(t) not in SCORE_ROWS]
        value_col = score_col if score_col and grid.text(row, score_col) else (cells[-1][0] if cells else None)
        grid.take(row, next(c for c, t in grid.row_cells(row) if label_key(t) in SCORE_ROWS))
        if value_col is not None and "self_score" not in form.header:
            form.header["self_score"] = number_or_text(_percent_value(grid, row, value_col))
            form.header_cells["self_score"] = [grid.anchor(row, value_col)]
            grid.take(row, value_col)
        weight_col = columns.get("weight")
        if weight_col and grid.text(row, weight_col) and grid.anchor(row, weight_col) not in grid.taken:
            # The total of the 分值 column: the indicators' weights and the execution rate's.
            weights = [i.get("weight") for i in form.indicators]
            with_funds = weights + ([form.funds[0].get("weight")] if form.funds else [])
            _check_total(grid, row, weight_col, weights, with_funds)
    for row in table.grades:
        cells = grid.row_cells(row)
        grid.take(row, cells[0][0])
        if len(cells) > 1 and "grade" not in form.header:
            form.header["grade"] = cells[1][1]
            form.header_cells["grade"] = [grid.anchor(row, cells[1][0])]
            grid.take(row, cells[1][0])
    form.has_results = any(k in columns for k in ("actual", "score", "deviation", "coefficient"))
    form.indicators_range = table.range()


def _read_total(grid: Grid, table: Table, form: Form, row: int) -> None:
    """A 合计 row holds nothing of its own: each total that equals the sum of its column is taken; one that
    does not is left, so the user sees the clerk's sum that the rows do not add up to."""
    grid.take(row, next(c for c, t in grid.row_cells(row) if label_key(t) in TOTAL_ROWS))
    for key in ("weight", "score"):
        col = table.columns.get(key)
        if col and grid.text(row, col):
            _check_total(grid, row, col, [i.get(key) for i in form.indicators])


def _check_total(grid: Grid, row: int, col: int, *sums: list[Any]) -> None:
    value = grid.value(row, col)
    if is_placeholder(grid.text(row, col)):
        grid.take_placeholder(row, col)
        return
    for parts in sums:
        numbers = [p for p in parts if isinstance(p, (int, float)) and not isinstance(p, bool)]
        if isinstance(value, (int, float)) and numbers and abs(sum(numbers) - value) <= 0.01:
            grid.take(row, col)
            return


def split_target(operator: str, value: Any, unit: str) -> tuple[Any, str]:
    """The target expression and the unit. A unit typed inside the 指标值 (`≥1200人`) is split off when the
    计量单位 cell is empty or says the same; otherwise the target stays as typed for the linter to compare."""
    target = target_text(operator, value)
    if isinstance(target, str):
        match = TYPED_TARGET.match(target)
        if match and not NOT_UNITS.search(match.group("unit")) and (not unit or unit == match.group("unit")):
            op = match.group("op")
            if op or not operator:
                number = match.group("number")
                target = f"{op} {number}" if op else number_or_text(number)
                return target, match.group("unit").replace("％", "%")
    return target, unit


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
    left = min(table.columns.values())
    for col in range(1, grid.max_col + 1):
        if grid.text(table.header_row, col) and (col in table.columns.values() or col < left):
            grid.take(table.header_row, col)  # the data columns' headers, and 资金来源 or 项目资金（万元） left of them
        if label_key(grid.text(table.header_row, col)) in SECTIONS:
            unit = re.search(r"[（(](万元|元)[）)]", grid.text(table.header_row, col))
            if unit:
                form.header.setdefault("money_unit", unit.group(1))
    for row in table.rows:
        labels = [(c, t) for c, t in grid.row_cells(row) if c < left and not _block_label(grid, row, c, table.header_row)]
        for c, _ in grid.row_cells(row):
            if c < left and _block_label(grid, row, c, table.header_row):
                grid.take(row, c)
        source_col = labels[-1][0]  # the row's own label, right of a block label merged down the side
        grid.take(row, source_col)
        fund: dict[str, Any] = {"source": grid.text(row, source_col)}
        for key, col in sorted(table.columns.items(), key=lambda kc: FUND_ORDER.index(kc[0])):
            text = grid.text(row, col)
            if not text:
                continue
            if is_placeholder(text):
                grid.take_placeholder(row, col)
                continue
            grid.take(row, col)
            fund[key] = number_or_text(_percent_value(grid, row, col))
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
    if forms:
        forms[-1].last_row = max(forms[-1].last_row, grid.max_row)  # what is under the last form is its to list
    return forms


# ---- forms to documents ------------------------------------------------------------------------------

def build_document(form: Form, grid: Grid | None = None) -> tuple[dict[str, Any], list[str]]:
    """The v1 document, and what a person must fill in (for stderr). A header value the document's kind
    has no key for (a 自评总分 on a 目标表) is given back to the grid as not placed."""
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
    goal_used = False
    for key in ("year", "organization", "title", "money_unit", "supervisor", "contact"):
        if key in header:
            doc[key] = header[key]
    if kind == "self-evaluation":
        for key in ("project", "project_code", "self_score", "grade"):
            if key in header:
                doc[key] = str(header[key]) if key == "project_code" else header[key]
        if form.funds:
            doc["funds"] = form.funds
        if form.goals and any(form.goals.values()):
            doc["goals"] = {k: v for k, v in form.goals.items() if v}
        if "goal" in header and "goals" not in doc:
            doc["goals"] = {"adjusted": header["goal"]}
            goal_used = True
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
        if "goal" not in doc and form.goals.get("initial"):
            doc["goal"] = form.goals["initial"]  # a 目标表's 预期目标 under 年度总体目标
    doc["indicators"] = [_indicator_for(kind, i) for i in form.indicators]
    if "contact" in doc and "phone" in doc["contact"]:
        doc["contact"]["phone"] = str(doc["contact"]["phone"])
    for key in ("year", "organization"):
        if key not in doc:
            missing.append(key)
    if grid is not None:
        unplaced = [key for key in form.header_cells if key not in doc and not (key == "goal" and goal_used)]
        for key in unplaced:
            for anchor in form.header_cells.get(key, []):
                grid.taken.discard(anchor)
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


def emit(doc: dict[str, Any], form: Form, source: str, schema: str | None = None, skipped: list[str] = ()) -> str:
    where = f"工作表“{form.sheet}”"
    out = [f"# yaml-language-server: $schema={schema}"] if schema else []  # per document: docs/editors.md
    out.append(f"# 由 jixiao-lint import 自 {source} {where} 导入（第 {form.first_row}–{form.last_row} 行）")
    if form.header_range:
        out.append(f"# 表头：{where} {form.header_range}")
    if form.left or skipped:
        out.append("# 未导入的单元格（格式 v1 无处可放，或读不懂；请核对后手工补入或删去本注释）：")
        out.extend(f"#   {line}" for line in [*skipped, *(left_cell(form.sheet, r, c, t) for r, c, t in form.left)])
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


def cell_ref(sheet: str, row: int, col: int) -> str:
    """`自评表!D4`, as Excel writes a reference; a sheet name with spaces or punctuation in quotes."""
    name = sheet if re.fullmatch(r"[\w\u4e00-\u9fff]+", sheet) else "'" + sheet.replace("'", "''") + "'"
    return f"{name}!{column_name(col)}{row}"


def left_cell(sheet: str, row: int, col: int, text: str) -> str:
    return f"{cell_ref(sheet, row, col)} {json.dumps(text, ensure_ascii=False)}"


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
                if not entries:
                    lines.append(f"{pad}  - {{}}")
                    continue
                entries[0] = f"{pad}  - " + entries[0][indent + 4:]
                lines.extend(entries)
            else:
                lines.append(f"{pad}  - {scalar(item, indent + 2)}")
        return lines
    return [f"{pad}{name}: {scalar(value, indent)}"]


# ---- the command --------------------------------------------------------------------------------------

@record
class Imported:
    """What `convert` made: the YAML, the warnings for stderr, and the cells it could not place."""

    text: str
    warnings: list[tuple[str, str]]  # (Chinese, English)
    left: list[str]  # `sheet!cell "text"`, each a non-empty cell that is not in the YAML


def convert(path: Path, sheets: list[str] | None = None, schema: str | None = None) -> Imported:
    """The YAML text for a workbook, warnings for stderr, the cells not placed. Raises ImportError_."""
    try:
        import openpyxl
    except ModuleNotFoundError:  # pragma: no cover - a dependency of the package
        raise ImportError_("没有安装 openpyxl；请运行 pip install openpyxl", "openpyxl is not installed; pip install openpyxl") from None
    if not path.exists():
        raise ImportError_(f"{path}：文件不存在；请检查路径", f"{path}: no such file")
    if path.is_dir():
        raise ImportError_(f"{path}：这是目录，不是 Excel 工作簿；请给出 .xlsx 文件", f"{path}: is a directory, not an Excel workbook")
    try:
        import warnings

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl's notes on unsupported styles and extensions
            workbook = openpyxl.load_workbook(path, read_only=False, data_only=True)
            # Again with the formulas, to name a formula cell whose result was never saved.
            formulas = openpyxl.load_workbook(path, read_only=False, data_only=False)
    except Exception as error:  # zipfile.BadZipFile, InvalidFileException, KeyError on a broken package …
        old = path.suffix.lower() == ".xls"
        hint = " (an old .xls workbook: save it as .xlsx in Excel or WPS first)" if old else ""
        hint_zh = "（这是旧的 .xls 工作簿：请先在 Excel 或 WPS 中另存为 .xlsx）" if old else "；请确认它是 .xlsx 文件且没有损坏"
        raise ImportError_(f"{path}：不是可读取的 Excel 工作簿（.xlsx）：{type(error).__name__}: {error}{hint_zh}",
                           f"{path}: not an Excel workbook (.xlsx) that can be read: {type(error).__name__}: {error}{hint}") from None
    names = workbook.sheetnames
    if sheets:
        unknown = [s for s in sheets if s not in names]
        if unknown:
            raise ImportError_(f"{path}：没有名为 {'、'.join(unknown)} 的工作表；已有的工作表：{'、'.join(names)}",
                               f"{path}: no sheet named {', '.join(unknown)}; the sheets are: {', '.join(names)}")
        names = sheets
    read: list[tuple[Grid, list[Form]]] = []
    skipped: list[str] = []  # cells of sheets with no indicator table
    for name in names:
        grid = read_grid(workbook[name], formulas[name])
        sheet_forms = read_sheet(grid)
        if sheet_forms:
            read.append((grid, sheet_forms))
        else:
            skipped += [left_cell(name, r, c, t) for r, c, t in grid.left(range(1, grid.max_row + 1))]
    forms = [form for _, sheet_forms in read for form in sheet_forms]
    if not forms:
        raise ImportError_(f"{path}：工作表 {'、'.join(names)} 中没有找到指标表：应有一行表头，含“指标名称”（或“指标”/“三级指标”）"
                           "以及“指标值”或“指标性质”",
                           f"{path}: no indicator table found in sheet(s) {', '.join(names)}: expected a header row "
                           "with 指标名称 (or 指标 / 三级指标) and 指标值 or 指标性质")
    documents = []
    for grid, sheet_forms in read:
        for form in sheet_forms:
            documents.append(build_document(form, grid))
        for form in sheet_forms:  # after every document is built: a value a document had no key for is given back
            rows = range(form.first_row, form.last_row + 1)
            form.left = grid.left(rows)
            blanks = [a for a in grid.placeholders if a[0] in rows]
            if blanks:
                form.notes.append("读作空白的占位符：" + "、".join(
                    f"{column_name(c)}{r} {json.dumps(grid.text(r, c), ensure_ascii=False)}" for r, c in blanks))
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
    left: list[str] = list(skipped)
    for i, ((doc, missing), form) in enumerate(zip(documents, forms)):
        for key in missing:
            warnings_out.append((f"工作表“{form.sheet}”第 {form.first_row}–{form.last_row} 行：找不到"
                                 f"{'年度' if key == 'year' else '单位'}，请在 YAML 中补填 {key}",
                                 f"sheet {form.sheet!r} rows {form.first_row}–{form.last_row}: no "
                                 f"{'year (年度)' if key == 'year' else 'organization (单位)'} found; fill in {key} in the YAML"))
        left += [left_cell(form.sheet, r, c, t) for r, c, t in form.left]
        texts.append(emit(doc, form, path.name, schema, skipped if i == 0 else []))
    return Imported("---\n".join(texts), warnings_out, left)


def _move_after(doc: dict[str, Any], key: str, after: str) -> None:
    items = list(doc.items())
    value = doc.pop(key)
    items = [(k, v) for k, v in items if k != key]
    position = next((i + 1 for i, (k, _) in enumerate(items) if k == after), 1)
    items.insert(position, (key, value))
    doc.clear()
    doc.update(items)


def main(argv: list[str]) -> int:
    parser = ArgumentParser(
        language=lambda: requested_language(argv) or "zh", prog="jixiao-lint import", description="把 Excel 绩效自评表/绩效目标表（.xlsx）转换为 v1 YAML。",
        epilog="exit status: 0 every non-empty cell was placed in the YAML; 1 the YAML was written but some cells "
               "were not placed (each listed on stderr and in a comment of the YAML); 2 nothing could be imported. "
               "The layouts read: docs/import.md")
    parser.add_argument("workbook", type=Path, help="the .xlsx file")
    parser.add_argument("-o", "--output", type=Path, help="the YAML file to write (default: standard output)")
    parser.add_argument("--sheet", action="append", help="import only this sheet (repeatable; default: every sheet)")
    parser.add_argument("--schema", metavar="PATH_OR_URL",
                        help="start each document with `# yaml-language-server: $schema=PATH_OR_URL` (see docs/editors.md)")
    parser.add_argument("--lang", choices=["zh", "en"], default="zh", help="language of the messages (default zh)")
    args = parser.parse_args(argv)
    english = args.lang == "en"
    try:
        imported = convert(args.workbook, args.sheet, args.schema)
    except ImportError_ as error:
        sys.stderr.write(f"jixiao-lint import: {error.text(args.lang)}\n")
        return EXIT_FAILURE
    for zh, en in imported.warnings:
        sys.stderr.write(f"jixiao-lint import: {en if english else zh}\n")
    for cell in imported.left:
        sys.stderr.write(f"jixiao-lint import: not imported {cell}\n" if english else f"jixiao-lint import: 未导入 {cell}\n")
    if imported.left:
        sys.stderr.write(f"jixiao-lint import: {len(imported.left)} non-empty cell(s) were not placed in the YAML (each listed "
                         "above and in a comment of the YAML); check them and add what belongs (exit status 1)\n" if english else
                         f"jixiao-lint import: {len(imported.left)} 个非空单元格未放入 YAML（已逐个列出，YAML 的注释里也有）；"
                         "请核对后补入（退出状态 1）\n")
    status = EXIT_LOSSY if imported.left else EXIT_CLEAN
    if args.output is None or str(args.output) == "-":
        sys.stdout.write(imported.text)
        return status
    try:
        args.output.parent.mkdir(parents=True, exist_ok=True)  # forms/2023/huaxin.yaml for a new year
        args.output.write_text(imported.text, encoding="utf-8")
    except OSError as error:
        sys.stderr.write(f"jixiao-lint import: cannot write {args.output}: {error.strerror or error}\n" if english else
                         f"jixiao-lint import: 无法写入 {args.output}：{error.strerror or error}；请检查该目录是否可写\n")
        return EXIT_FAILURE
    count = imported.text.count("\n---\n") + 1
    sys.stderr.write(f"jixiao-lint import: {args.workbook} → {args.output} ({count} form(s)); "
                     f"check it: jixiao-lint --lang en {args.output}\n" if english else
                     f"jixiao-lint import: {args.workbook} → {args.output} ({count} 张表); "
                     f"检查：jixiao-lint {args.output}\n")
    return status

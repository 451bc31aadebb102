"""`jixiao-lint import FORM.xlsx -o FORM.yaml`: workbooks laid out like the seed forms are built here with
openpyxl, imported, and the YAML checked field by field and linted: no schema or reading finding."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
import yaml

from jixiao_lint import cli


def self_evaluation(path: Path) -> Path:
    """Like seed 000: title, label/value header with merged cells, 资金情况, 绩效目标, then the indicators
    with 指标性质 and 指标值 in separate columns, a 合计 row, and percentages stored as fractions."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "自评表"
    ws["A1"] = "2023年度部门整体绩效自评表"
    ws.merge_cells("A1:K1")
    ws["H2"], ws["I2"] = "单位:", "元"
    ws["A3"], ws["B3"] = "项目名称:", "重庆市江北区人民政府华新街街道办事处整体自评"
    ws.merge_cells("B3:C3")
    ws["D3"], ws["E3"], ws["F3"], ws["G3"] = "项目编码:", "50010500023P000157", "自评总分:", "98. 80"
    ws["A4"], ws["B4"] = "项目主管部门:", "804-重庆市江北区人民政府华新街街道办事处"
    ws.merge_cells("B4:C4")
    ws["D4"], ws["E4"], ws["F4"], ws["G4"], ws["H4"], ws["I4"] = (
        "财政归口处室:", "001-预算科", "部门联系人:", "宁莉", "联系电话:", 67749152)
    ws["A5"] = "资金情况"
    ws.merge_cells("A5:K5")
    for col, header in zip("DEFGHI", ["年初预算数", "全年（调整）预算数", "全年执行数", "执行率", "执行率权重", "执行率得分"]):
        ws[f"{col}6"] = header
    ws["A7"], ws["E7"], ws["F7"] = "年度总金额", 87599029.86, 87599029.86
    ws.merge_cells("A7:C7")
    ws["A8"], ws["E8"], ws["F8"], ws["G8"], ws["H8"], ws["I8"] = "其中：财政拨款", 87599029.86, 87599029.86, 100, 10, 10
    ws.merge_cells("A8:C8")
    ws["A9"] = "绩效目标"
    ws.merge_cells("A9:K9")
    ws["A10"], ws["E10"], ws["H10"] = "年初绩效目标", "全年（调整）绩效目标", "全年目标实际完成情况"
    ws["A11"], ws["E11"], ws["H11"] = "一、党建工作\n二、经济工作", "一、党建工作（调整）", "完成"
    for merged in ("A10:D10", "E10:G10", "H10:K10", "A11:D11", "E11:G11", "H11:K11"):
        ws.merge_cells(merged)
    header = ["指标名称", "计量单位", "指标性质", "指标值", "全年\n完成值", "偏离度\n(%)", "得分系数\n(%)", "指标权重",
              "指标得分", "是否\n核心指标", "说明"]
    rows = [
        ["打造智慧小区", "个", "=", 1, 1, 0, 100, 5, 5, "是", None],
        ["党群服务点覆盖率", "%", "$\\geqslant$", 95, 72.62, "23. 56", "76. 44", 5, 3.8, "否", "未完成：新建点位未验收"],
        ["群众满意度", "%", "≥", 0.9, 0.95, 5.56, 100, 80, 80, "否", None],
        ["合计", None, None, None, None, None, None, 90, 88.8, None, None],
    ]
    for c, text in enumerate(header, 1):
        ws.cell(12, c, text)
    for r, row in enumerate(rows, 13):
        for c, value in enumerate(row, 1):
            ws.cell(r, c, value)
    ws["D15"].number_format = ws["E15"].number_format = "0%"
    wb.save(path)
    return path


def target_declarations(path: Path) -> Path:
    """Like seed 004: a 整体目标表 and a 专项申报表 one under the other on one sheet; one 指标 column with
    `产出-数量-…` names; 绩效指标 merged down the side; the 年度 only in the second form's 2024年预算."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "目标表"
    ws["A1"] = "部门整体绩效目标表"
    ws.merge_cells("A1:F1")
    ws["A2"], ws["B2"], ws["C2"], ws["D2"] = "业务主管部门", "磁器口街道", "部门支出预算总量（万元）", 1629.08
    ws["A3"], ws["B3"] = "当年整体绩效目标", "按年初计划有效使用预算资金。"
    ws.merge_cells("B3:F3")
    ws["A4"] = "绩效指标"
    ws.merge_cells("A4:A6")
    for c, text in enumerate(["指标", "指标权重", "计量单位", "指标性质", "指标值"], 2):
        ws.cell(4, c, text)
    for r, row in enumerate([["保洁面积", 50, "平方米", "＝", 510000], ["群众满意度", 50, "%", "≥", 90]], 5):
        for c, value in enumerate(row, 2):
            ws.cell(r, c, value)
    ws["A8"] = "部门专项绩效目标申报表"
    ws.merge_cells("A8:F8")
    ws["A9"], ws["F9"] = "编制单位：磁器口街道", "单位：万元"
    ws["A10"], ws["B10"], ws["C10"], ws["D10"] = "专项资金名称", "一般性项目（设备采购类）", "业务主管部门", "预算科"
    ws["A11"], ws["B11"], ws["C11"], ws["D11"] = "2024年预算", 2.0, "区级支出", 2
    ws["C12"] = "补助街镇"
    ws["A13"], ws["B13"] = "项目概况", "购置3台电脑，2台打印机。"
    ws["A14"], ws["B14"] = "立项依据", "《关于2024年预算编制的通知》（沙财政发〔2023〕145号）；《政府采购法》"
    ws["A15"], ws["B15"] = "当年绩效目标", "保证办公正常运转。"
    ws["A16"] = "绩效指标"
    ws.merge_cells("A16:A20")
    for c, text in enumerate(["指标", "指标权重", "计量单位", "指标性质", "指标值"], 2):
        ws.cell(16, c, text)
    rows = [["产出-数量-购买电脑数量", 30, "台", "＝", 3], ["产出-数量-购买打印机数量", 30, "台", "=", 2],
            ["满意度-满意度", 10, "%", "≥", 95], ["效益-社会效益-保证机关办公正常运行", 30, None, "定性", "良好"]]
    for r, row in enumerate(rows, 17):
        for c, value in enumerate(row, 2):
            ws.cell(r, c, value)
    wb.save(path)
    return path


def three_levels(path: Path) -> Path:
    """一级/二级/三级 columns, 一级指标 merged down the rows it heads; a header merged over two rows."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "项目目标"
    ws["A1"] = "2024年度项目支出绩效目标表"
    ws["A2"], ws["B2"], ws["C2"], ws["D2"] = "项目名称", "老旧小区改造", "单位名称", "重庆市江北区住房和城乡建设委员会"
    ws["A3"] = "绩效指标"
    ws.merge_cells("A3:C3")
    for c, text in enumerate(["指标性质", "指标值", "计量单位", "分值"], 4):
        ws.cell(3, c, text)
        ws.merge_cells(start_row=3, start_column=c, end_row=4, end_column=c)
    for c, text in enumerate(["一级指标", "二级指标", "三级指标"], 1):
        ws.cell(4, c, text)
    rows = [["产出指标", "数量指标", "改造小区数", "≥", 12, "个", 30], [None, "质量指标", "验收合格率", "≥", 100, "%", 30],
            [None, "时效指标", "完工时间", "≤", 12, "月", 10],
            ["满意度指标", "服务对象满意度指标", "居民满意度: 入户 #调查", "≥", 90, "%", 30]]
    for r, row in enumerate(rows, 5):
        for c, value in enumerate(row, 1):
            ws.cell(r, c, value)
    ws.merge_cells("A5:A7")
    wb.save(path)
    return path


THREE_LEVELS_YAML = """\
# 由 jixiao-lint import 自 levels.xlsx 工作表“项目目标” 导入（第 1–8 行）
# 表头：工作表“项目目标” A1:D2
kind: target-declaration
year: 2024
organization: 重庆市江北区住房和城乡建设委员会
title: 2024年度项目支出绩效目标表
scope: project
project: 老旧小区改造
# 绩效指标：工作表“项目目标” A3:G8
indicators:
  - name: 改造小区数
    level1: 产出指标
    level2: 数量指标
    unit: 个
    target: ≥ 12
    weight: 30
  - name: 验收合格率
    level1: 产出指标
    level2: 质量指标
    unit: '%'
    target: ≥ 100
    weight: 30
  - name: 完工时间
    level1: 产出指标
    level2: 时效指标
    unit: 月
    target: ≤ 12
    weight: 10
  - name: '居民满意度: 入户 #调查'
    level1: 满意度指标
    level2: 服务对象满意度指标
    unit: '%'
    target: ≥ 90
    weight: 30
"""


def import_(capsys, *argv: str) -> tuple[int, str, str]:
    code = cli.main(["import", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def schema_findings(capsys, path: Path) -> list[tuple[str, int]]:
    """Reading (F0…) and schema (S0…) findings of an imported file: there must be none."""
    cli.main(["--select", "F0,S0", "--format", "json", str(path)])
    return [(f["rule"], f["line"]) for f in json.loads(capsys.readouterr().out)]


def test_three_levels_exact_yaml(tmp_path: Path, capsys) -> None:
    out = tmp_path / "levels.yaml"
    code, _, err = import_(capsys, str(three_levels(tmp_path / "levels.xlsx")), "-o", str(out))
    assert code == 0, err
    assert out.read_text(encoding="utf-8") == THREE_LEVELS_YAML
    assert schema_findings(capsys, out) == []


def test_self_evaluation(tmp_path: Path, capsys) -> None:
    out = tmp_path / "self.yaml"
    code, _, err = import_(capsys, str(self_evaluation(tmp_path / "self.xlsx")), "-o", str(out))
    assert code == 1, err  # 财政归口处室 has no key in v1: the import says so, and exits 1
    assert "self.xlsx → " in err and "(1 张表)" in err
    assert err.splitlines()[:2] == ['jixiao-lint import: 未导入 自评表!D4 "财政归口处室:"',
                                    'jixiao-lint import: 未导入 自评表!E4 "001-预算科"']
    text = out.read_text(encoding="utf-8")
    head = text.split("# 资金情况")[0]
    assert head == (
        "# 由 jixiao-lint import 自 self.xlsx 工作表“自评表” 导入（第 1–16 行）\n"
        "# 表头：工作表“自评表” A1:K4\n"
        "# 未导入的单元格（格式 v1 无处可放，或读不懂；请核对后手工补入或删去本注释）：\n"
        '#   自评表!D4 "财政归口处室:"\n'
        '#   自评表!E4 "001-预算科"\n'
        "kind: self-evaluation\n"
        "year: 2023\n"
        "organization: 重庆市江北区人民政府华新街街道办事处\n"  # the 主管部门 without its code, as the seeds do
        "title: 2023年度部门整体绩效自评表\n"
        "money_unit: 元\n"
        "supervisor: 804-重庆市江北区人民政府华新街街道办事处\n"
        "contact:\n"
        "  name: 宁莉\n"
        "  phone: '67749152'\n"
        "project: 重庆市江北区人民政府华新街街道办事处整体自评\n"
        "project_code: 50010500023P000157\n"
        "self_score: 98. 80\n")  # as typed: the linter reports E005 and --fix makes it 98.80
    assert "# 资金情况：工作表“自评表” A6:I8\n" in text
    assert "# 绩效目标：工作表“自评表” A10:K11\n" in text
    assert "# 绩效指标：工作表“自评表” A12:K16\n" in text
    data = yaml.safe_load(text)
    assert data["funds"] == [
        {"source": "年度总金额", "adjusted_budget": 87599029.86, "executed": 87599029.86},
        {"source": "其中：财政拨款", "adjusted_budget": 87599029.86, "executed": 87599029.86, "execution_rate": 100,
         "weight": 10, "score": 10}]
    assert data["goals"] == {"initial": "一、党建工作\n二、经济工作", "adjusted": "一、党建工作（调整）", "achieved": "完成"}
    assert data["indicators"] == [
        {"name": "打造智慧小区", "unit": "个", "target": "= 1", "weight": 5, "actual": 1, "deviation": 0,
         "coefficient": 100, "score": 5, "core": "是"},
        {"name": "党群服务点覆盖率", "unit": "%", "target": "$\\geqslant$ 95", "weight": 5, "actual": 72.62,
         "deviation": "23. 56", "coefficient": "76. 44", "score": 3.8, "core": "否", "note": "未完成：新建点位未验收"},
        {"name": "群众满意度", "unit": "%", "target": "≥ 90", "weight": 80, "actual": 95, "deviation": 5.56,
         "coefficient": 100, "score": 80, "core": "否"},  # 0.9 and 0.95 shown as 90% and 95% in Excel
    ]
    assert schema_findings(capsys, out) == []
    # What the clerk typed badly is left for the linter, which can fix it.
    cli.main(["--select", "E001,E005", "--format", "json", str(out)])
    assert [(f["rule"], f["line"]) for f in json.loads(capsys.readouterr().out)] == [
        ("E005", 17), ("E001", 49), ("E005", 52), ("E005", 53)]


def test_two_forms_on_one_sheet(tmp_path: Path, capsys) -> None:
    out = tmp_path / "target.yaml"
    code, _, err = import_(capsys, str(target_declarations(tmp_path / "target.xlsx")), "-o", str(out))
    assert code == 0, err
    text = out.read_text(encoding="utf-8")
    first, second = text.split("\n---\n")
    assert first.startswith("# 由 jixiao-lint import 自 target.xlsx 工作表“目标表” 导入（第 1–6 行）\n# 表头：工作表“目标表” A1:F3\n")
    assert "# 绩效指标：工作表“目标表” A4:F6\n" in first
    assert second.startswith("# 由 jixiao-lint import 自 target.xlsx 工作表“目标表” 导入（第 7–20 行）\n# 表头：工作表“目标表” A8:F15\n")
    assert "# 绩效指标：工作表“目标表” A16:F20\n" in second
    department, project = yaml.safe_load_all(text)
    assert department == {
        "kind": "target-declaration", "year": 2024,  # not printed on it: taken from the other form's 2024年预算
        "organization": "磁器口街道", "title": "部门整体绩效目标表", "money_unit": "万元", "supervisor": "磁器口街道",
        "scope": "department", "budget": 1629.08, "goal": "按年初计划有效使用预算资金。",
        "indicators": [{"name": "保洁面积", "unit": "平方米", "target": "＝ 510000", "weight": 50},
                       {"name": "群众满意度", "unit": "%", "target": "≥ 90", "weight": 50}]}
    assert project == {
        "kind": "target-declaration", "year": 2024, "organization": "磁器口街道", "title": "部门专项绩效目标申报表",
        "money_unit": "万元", "supervisor": "预算科", "scope": "project", "project": "一般性项目（设备采购类）",
        "budget": 2, "budget_breakdown": {"区级支出": 2}, "summary": "购置3台电脑，2台打印机。",
        "basis": ["《关于2024年预算编制的通知》（沙财政发〔2023〕145号）", "《政府采购法》"], "goal": "保证办公正常运转。",
        "indicators": [
            {"name": "产出-数量-购买电脑数量", "unit": "台", "target": "＝ 3", "weight": 30},
            {"name": "产出-数量-购买打印机数量", "unit": "台", "target": "= 2", "weight": 30},
            {"name": "满意度-满意度", "unit": "%", "target": "≥ 95", "weight": 10},
            {"name": "效益-社会效益-保证机关办公正常运行", "target": "定性 良好", "weight": 30}]}
    assert schema_findings(capsys, out) == []


def test_only_the_sheet_asked_for(tmp_path: Path, capsys) -> None:
    book = openpyxl.load_workbook(target_declarations(tmp_path / "t.xlsx"))
    book.copy_worksheet(book["目标表"]).title = "副本"
    book.save(tmp_path / "t.xlsx")
    code, out, _ = import_(capsys, str(tmp_path / "t.xlsx"))
    assert code == 0 and out.count("kind: ") == 4
    code, out, _ = import_(capsys, str(tmp_path / "t.xlsx"), "--sheet", "副本")
    assert code == 0 and out.count("kind: ") == 2 and "工作表“副本”" in out and "工作表“目标表”" not in out


def test_schema_line_on_every_document(tmp_path: Path, capsys) -> None:
    code, out, _ = import_(capsys, str(target_declarations(tmp_path / "t.xlsx")), "--schema", "../form.schema.json")
    assert code == 0
    first, second = out.split("\n---\n")
    line = "# yaml-language-server: $schema=../form.schema.json\n"
    assert first.startswith(line) and second.startswith(line)


def test_without_output_writes_standard_output(tmp_path: Path, capsys) -> None:
    code, out, _ = import_(capsys, str(three_levels(tmp_path / "levels.xlsx")))
    assert code == 0 and out == THREE_LEVELS_YAML


def test_missing_year_and_unit_are_reported_not_invented(tmp_path: Path, capsys) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    for c, text in enumerate(["指标名称", "指标性质", "指标值"], 1):
        ws.cell(1, c, text)
    ws.append(["群众满意度", "≥", 90])
    wb.save(tmp_path / "bare.xlsx")
    code, out, err = import_(capsys, str(tmp_path / "bare.xlsx"))
    assert code == 0
    assert err.splitlines() == ["jixiao-lint import: 工作表“Sheet”第 1–2 行：找不到年度，请在 YAML 中补填 year",
                                "jixiao-lint import: 工作表“Sheet”第 1–2 行：找不到单位，请在 YAML 中补填 organization"]
    _, _, err = import_(capsys, str(tmp_path / "bare.xlsx"), "--lang", "en")
    assert err.splitlines() == ["jixiao-lint import: sheet 'Sheet' rows 1–2: no year (年度) found; fill in year in the YAML",
                                "jixiao-lint import: sheet 'Sheet' rows 1–2: no organization (单位) found; "
                                "fill in organization in the YAML"]
    assert yaml.safe_load(out) == {"kind": "target-declaration", "scope": "department",
                                   "indicators": [{"name": "群众满意度", "target": "≥ 90"}]}


def _text_file(tmp_path: Path) -> Path:
    (tmp_path / "form.xlsx").write_text("指标名称,指标值\n", encoding="utf-8")
    return tmp_path / "form.xlsx"


def _old_xls(tmp_path: Path) -> Path:
    (tmp_path / "form.xls").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504))
    return tmp_path / "form.xls"


def _no_table(tmp_path: Path) -> Path:
    wb = openpyxl.Workbook()
    wb.active["A1"] = "2023年度部门整体绩效自评表"
    wb.active["A2"], wb.active["B2"] = "单位名称", "华新街街道办事处"
    wb.save(tmp_path / "form.xlsx")
    return tmp_path / "form.xlsx"


# (the workbook, options, the message after "jixiao-lint import: PATH" by default, the same under --lang en);
# … stands for openpyxl's own words.
@pytest.mark.parametrize(("make", "extra", "zh", "en"), [
    (_text_file, [], "：不是可读取的 Excel 工作簿（.xlsx）：BadZipFile: File is not a zip file；请确认它是 .xlsx 文件且没有损坏",
     ": not an Excel workbook (.xlsx) that can be read: BadZipFile: File is not a zip file"),
    (_old_xls, [], "：不是可读取的 Excel 工作簿（.xlsx）：InvalidFileException: …（这是旧的 .xls 工作簿：请先在 Excel 或 WPS 中另存为 .xlsx）",
     ": not an Excel workbook (.xlsx) that can be read: InvalidFileException: … (an old .xls workbook: save it as .xlsx "
     "in Excel or WPS first)"),
    (lambda tmp: tmp / "missing.xlsx", [], "：文件不存在；请检查路径", ": no such file"),
    (lambda tmp: tmp, [], "：这是目录，不是 Excel 工作簿；请给出 .xlsx 文件", ": is a directory, not an Excel workbook"),
    (_no_table, [], "：工作表 Sheet 中没有找到指标表：应有一行表头，含“指标名称”（或“指标”/“三级指标”）以及“指标值”或“指标性质”",
     ": no indicator table found in sheet(s) Sheet: expected a header row with 指标名称 (or 指标 / 三级指标) and 指标值 or 指标性质"),
    (_no_table, ["--sheet", "绩效表"], "：没有名为 绩效表 的工作表；已有的工作表：Sheet", ": no sheet named 绩效表; the sheets are: Sheet"),
])
def test_errors_exit_2_with_a_message(tmp_path: Path, capsys, make, extra, zh, en) -> None:
    target = tmp_path / "out.yaml"
    workbook = str(make(tmp_path))
    for lang, message in (("zh", zh), ("en", en)):
        code, out, err = import_(capsys, workbook, "-o", str(target), *extra, *(["--lang", "en"] if lang == "en" else []))
        assert code == 2 and out == ""
        head, _, tail = f"jixiao-lint import: {workbook}{message}\n".partition("…")
        assert err.startswith(head) and err.endswith(tail), err
        assert not target.exists()


def test_the_real_command(tmp_path: Path) -> None:
    book = self_evaluation(tmp_path / "自评表.xlsx")
    done = subprocess.run([sys.executable, "-m", "jixiao_lint", "import", str(book), "-o", "form.yaml"], cwd=tmp_path,
                          capture_output=True, text=True, encoding="utf-8", timeout=120)
    assert done.returncode == 1 and '未导入 自评表!D4 "财政归口处室:"' in done.stderr, done.stderr
    lint = subprocess.run([sys.executable, "-m", "jixiao_lint", "--select", "F0,S0", "form.yaml"], cwd=tmp_path,
                          capture_output=True, text=True, encoding="utf-8", timeout=120)
    assert lint.returncode == 0, lint.stdout
    bad = subprocess.run([sys.executable, "-m", "jixiao_lint", "import", "nothing.xlsx"], cwd=tmp_path,
                         capture_output=True, text=True, encoding="utf-8", timeout=120)
    assert bad.returncode == 2 and "Traceback" not in bad.stderr


def _small_table(ws, rows) -> None:
    ws["A1"] = "2024年度部门整体绩效目标表"
    ws["A2"], ws["B2"] = "单位名称", "磁器口街道"
    for c, text in enumerate(["指标名称", "计量单位", "指标性质", "指标值", "分值"], 1):
        ws.cell(3, c, text)
    for r, row in enumerate(rows, 4):
        for c, value in enumerate(row, 1):
            ws.cell(r, c, value)


def test_a_sheet_with_no_indicator_table_is_listed(tmp_path: Path, capsys) -> None:
    wb = openpyxl.Workbook()
    wb.active.title = "填表说明"
    wb.active["A1"] = "请按一体化系统口径填写"
    _small_table(wb.create_sheet("目标表"), [["群众满意度", "%", "≥", 90, 100]])
    wb.save(tmp_path / "book.xlsx")
    code, out, err = import_(capsys, str(tmp_path / "book.xlsx"))
    assert code == 1
    assert 'jixiao-lint import: 未导入 填表说明!A1 "请按一体化系统口径填写"\n' in err
    assert '#   填表说明!A1 "请按一体化系统口径填写"\n' in out
    code, out, err = import_(capsys, str(tmp_path / "book.xlsx"), "--sheet", "目标表")
    assert code == 0 and "未导入" not in err + out


def test_a_total_that_does_not_add_up_is_listed(tmp_path: Path, capsys) -> None:
    wb = openpyxl.Workbook()
    _small_table(wb.active, [["保洁面积", "平方米", "≥", 5000, 40], ["群众满意度", "%", "≥", 90, 50],
                             ["合计", None, None, None, 100]])
    wb.save(tmp_path / "t.xlsx")
    code, out, err = import_(capsys, str(tmp_path / "t.xlsx"))
    assert code == 1
    assert [line for line in err.splitlines() if "未导入 " in line] == ['jixiao-lint import: 未导入 Sheet!E6 "100"']
    wb.active["E6"] = 90
    wb.save(tmp_path / "t.xlsx")
    code, out, err = import_(capsys, str(tmp_path / "t.xlsx"))
    assert code == 0 and "未导入" not in err  # a 合计 equal to its column's sum is read, not kept
    assert [i["name"] for i in yaml.safe_load(out)["indicators"]] == ["保洁面积", "群众满意度"]


def test_a_score_on_a_target_form_has_no_key_and_is_listed(tmp_path: Path, capsys) -> None:
    wb = openpyxl.Workbook()
    _small_table(wb.active, [["群众满意度", "%", "≥", 90, 100], ["总分", None, None, None, 100],
                             ["自评等级", "优"], ["备注：无"]])
    wb.save(tmp_path / "t.xlsx")
    code, out, err = import_(capsys, str(tmp_path / "t.xlsx"))
    assert code == 1
    assert [line.split("未导入 ")[1] for line in err.splitlines() if "未导入 " in line] == [
        'Sheet!E5 "100"', 'Sheet!B6 "优"']  # 备注：无 says nothing, and is not listed
    assert "self_score" not in out and "grade" not in out


def test_a_blank_value_or_a_formula_does_not_end_the_table(tmp_path: Path, capsys) -> None:
    wb = openpyxl.Workbook()
    _small_table(wb.active, [["甲", "个", "≥", 1, 20], ["乙", "个", "≥", None, 20], ["丙", "个", "≥", "=D4*2", 20],
                             [None], ["丁", "—", "定性", "良好", 20], ["戊", "%", "≥", 95, 20]])
    wb.save(tmp_path / "t.xlsx")
    code, out, err = import_(capsys, str(tmp_path / "t.xlsx"))
    assert code == 1
    assert [line.split("未导入 ")[1] for line in err.splitlines() if "未导入 " in line] == [
        'Sheet!D6 "公式 =D4*2 没有保存的计算结果（在 Excel/WPS 中打开、保存后再导入）"']
    assert yaml.safe_load(out)["indicators"] == [
        {"name": "甲", "unit": "个", "target": "≥ 1", "weight": 20}, {"name": "乙", "unit": "个", "target": "≥", "weight": 20},
        {"name": "丙", "unit": "个", "target": "≥", "weight": 20}, {"name": "丁", "target": "定性 良好", "weight": 20},
        {"name": "戊", "unit": "%", "target": "≥ 95", "weight": 20}]
    assert "# 注意：工作表“Sheet” D5：“乙”的指标值是空的，请补填 target\n" in out
    assert '# 注意：工作表“Sheet” 读作空白的占位符：B8 "—"\n' in out


def test_random_layouts_never_crash_and_read_back(tmp_path: Path, capsys) -> None:
    """Cells a clerk might type, at random places and under random merges: the import exits 0, 1 or 2
    with no internal error, its YAML parses, and each cell it lists is one the workbook holds."""
    import random

    words = ["指标名称", "指标值", "指标性质", "一级指标", "三级指标", "合计", "总分", "自评等级", "备注：见附件", "—", "/",
             "无", "≥", "≥1200人", "=100%", "资金情况", "年初预算数", "全年执行数", "全年预算数", "项目资金（万元）",
             "年度总体目标", "预期目标", "实际完成情况", "单位名称", "2023年度绩效自评表", "（2023年度）", 1, 2.5, 0.9,
             "=A1*2", "序号", "填表人：张三", "得分", "分值", None, None, None]
    rng = random.Random(23)
    for n in range(60):
        wb = openpyxl.Workbook()
        ws = wb.active
        for r in range(1, rng.randint(2, 14)):
            for c in range(1, rng.randint(2, 9)):
                word = rng.choice(words)
                if word is not None:
                    ws.cell(r, c, word)
        for _ in range(rng.randint(0, 4)):
            r, c = rng.randint(1, 12), rng.randint(1, 7)
            try:
                ws.merge_cells(start_row=r, start_column=c, end_row=r + rng.randint(0, 3), end_column=c + rng.randint(0, 3))
            except ValueError:
                pass  # overlapping an earlier merge
        path = tmp_path / f"r{n}.xlsx"
        wb.save(path)
        code, out, err = import_(capsys, str(path))
        assert code in (0, 1, 2) and "内部错误" not in err and "internal error" not in err, (n, err)
        if code != 2:
            assert all(isinstance(doc, dict) for doc in yaml.safe_load_all(out)), n
            book = openpyxl.load_workbook(path)["Sheet"]
            for line in err.splitlines():
                if "未导入 Sheet!" in line:
                    ref, text = line.split("未导入 Sheet!", 1)[1].split(" ", 1)
                    assert book[ref].value is not None, (n, line)

"""Build an .xlsx workbook from a readable description (tests/fixtures/import/*.workbook.yaml).

The import tests' workbooks are written as text so a reviewer reads the layout — which cell holds what,
which ranges are merged, which cells are formulas and whether Excel saved their results — and the
binary file is made from it when the test runs (`python tools/build_workbook.py DESCRIPTION OUT.xlsx`
writes one to open in Excel or WPS). A description:

    sheets:
      - name: 项目自评
        rows:                    # row number → the cells from column A on; null for an empty cell
          1: [项目支出绩效自评表]
          5: [项目资金（万元）, null, 年初预算数, 全年预算数]
        cells: {H7: 0.95}        # single cells, when a row list would be mostly nulls
        merge: [A1:H1, A5:A9]
        percent: [H7]            # shown as 95% (stored 0.95), as a clerk's 执行率 often is
        formulas:                # a formula, and the result Excel saved with it (none: never computed)
          G7: {formula: "=F7/E7*100", saved: 95}
          G8: {formula: "=F8/E8*100"}

Text cells are as typed (`"54. 36"` and `=100%` stay text); YAML numbers become number cells.
"""

from __future__ import annotations

import re
import sys
import zipfile
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import openpyxl
import yaml


def build(description: dict[str, Any], out: Path) -> Path:
    book = openpyxl.Workbook()
    book.remove(book.active)
    saved: dict[int, dict[str, Any]] = {}  # sheet index → {cell: saved result}
    for index, spec in enumerate(description["sheets"]):
        sheet = book.create_sheet(spec["name"])
        for row, values in (spec.get("rows") or {}).items():
            for col, value in enumerate(values, 1):
                if value is not None:
                    _put(sheet.cell(int(row), col), value)
        for ref, value in (spec.get("cells") or {}).items():
            _put(sheet[ref], value)
        for ref, formula in (spec.get("formulas") or {}).items():
            sheet[ref] = formula["formula"]
            if "saved" in formula:
                saved.setdefault(index, {})[ref] = formula["saved"]
        for ref in spec.get("percent") or []:
            sheet[ref].number_format = "0%"
        for ref in spec.get("merge") or []:
            sheet.merge_cells(ref)
    book.save(out)
    if saved:
        _write_saved_results(out, saved)
    return out


def _put(cell, value: Any) -> None:
    cell.value = value
    if isinstance(value, str) and value.startswith("="):
        cell.data_type = "s"  # text typed as `=100%`, not a formula: formulas are listed under `formulas`


def _write_saved_results(path: Path, saved: dict[int, dict[str, Any]]) -> None:
    """openpyxl writes a formula with an empty result (`<f>…</f><v />`); Excel writes the result it computed.
    Put those results in, as a workbook saved by Excel has them."""
    with zipfile.ZipFile(path) as source:
        parts = {name: source.read(name) for name in source.namelist()}
    for index, results in saved.items():
        name = f"xl/worksheets/sheet{index + 1}.xml"
        xml = parts[name].decode("utf-8")
        for ref, value in results.items():
            cell = re.compile(rf'(<c r="{ref}"[^>]*?)(?: t="\w+")?(>\s*<f>.*?</f>)\s*<v\s*/>')
            kind = ' t="str"' if isinstance(value, str) else ""
            xml, count = cell.subn(lambda m: f"{m.group(1)}{kind}{m.group(2)}<v>{escape(str(value))}</v>", xml, count=1)
            if count != 1:
                raise ValueError(f"{name}: no formula cell {ref} to give a saved result")
        parts[name] = xml.encode("utf-8")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in parts.items():
            target.writestr(name, data)


def load(path: Path) -> dict[str, Any]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: python tools/build_workbook.py DESCRIPTION.workbook.yaml OUT.xlsx")
    print(build(load(Path(sys.argv[1])), Path(sys.argv[2])))

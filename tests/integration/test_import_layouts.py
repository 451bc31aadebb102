"""The layouts `import` reads (docs/import.md), each a workbook described as text in
tests/fixtures/import/NAME.workbook.yaml (built by tools/build_workbook.py) beside the YAML it must give,
NAME.expected.yaml, compared exactly, and the exit status the description states: 1 when some cells
could not be placed, each listed on stderr exactly as in the YAML's comment.

After a deliberate change to the import, `JIXIAO_LINT_UPDATE_EXPECTED=1 pytest tests/integration/test_import_layouts.py`
rewrites the expected files; review their diff before committing it."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
import yaml

from build_workbook import build, load  # tools/, on pytest's pythonpath
from jixiao_lint import cli

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "import"

LAYOUTS = sorted(p.name.removesuffix(".workbook.yaml") for p in FIXTURES.glob("*.workbook.yaml"))


def test_there_are_layouts() -> None:
    assert {"yitihua-project-self-evaluation", "yitihua-project-target-declaration", "yitihua-department-self-evaluation",
            "hand-department-self-evaluation"} <= set(LAYOUTS)


@pytest.mark.parametrize("name", LAYOUTS)
def test_layout(name: str, tmp_path: Path, capsys) -> None:
    description = load(FIXTURES / f"{name}.workbook.yaml")
    book = build(description, tmp_path / f"{name}.xlsx")
    out = tmp_path / f"{name}.yaml"
    code = cli.main(["import", str(book), "-o", str(out)])
    err = capsys.readouterr().err
    text = out.read_text(encoding="utf-8")
    expected = FIXTURES / f"{name}.expected.yaml"
    if os.environ.get("JIXIAO_LINT_UPDATE_EXPECTED"):
        expected.write_text(text, encoding="utf-8")
    assert text == expected.read_text(encoding="utf-8")
    assert code == description["status"], err
    # Every cell not placed is on stderr, and in the YAML's comment, the same.
    listed = [line.removeprefix("jixiao-lint import: 未导入 ") for line in err.splitlines() if "未导入 " in line]
    in_yaml = [line.removeprefix("#   ") for line in text.splitlines() if line.startswith("#   ")]
    assert listed == in_yaml
    assert bool(listed) == (code == 1)
    # The YAML reads back, and is a form the linter reads without a reading or schema finding beyond
    # what the workbook lacks (a 指标值 left blank: its target is only the operator).
    assert all(isinstance(doc, dict) for doc in yaml.safe_load_all(text))
    cli.main(["--select", "F0,S0", "--format", "json", str(out)])
    assert [f["rule"] for f in json.loads(capsys.readouterr().out)] == []

"""The two contracts in docs/ say what the code does: every option and output format of the command line
is in docs/cli.md, its JSON example has the keys --format json writes, in their order, and every reading,
schema and suppression code is in docs/format.md."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

from jixiao_lint.cli import build_parser
from jixiao_lint.model.finding import Finding, Fix
from jixiao_lint.report.json_format import as_json

DOCS = Path(__file__).resolve().parents[1] / "docs"


def test_every_option_and_format_is_in_the_cli_contract() -> None:
    text = (DOCS / "cli.md").read_text(encoding="utf-8")
    contract = text.split("# On a real file tree", 1)[0]
    options = [o for action in build_parser()._actions for o in action.option_strings if o.startswith("--")]
    assert len(options) > 20
    missing = [o for o in options if o != "--help" and not re.search(re.escape(o) + r"(?![\w-])", contract)]
    assert missing == []
    [fmt] = [a for a in build_parser()._actions if "--format" in a.option_strings]
    assert f"`--format {'|'.join(fmt.choices)}`" in contract


def test_the_json_example_has_the_keys_json_writes_in_their_order() -> None:
    text = (DOCS / "cli.md").read_text(encoding="utf-8")
    [example] = re.findall(r"```json\n(.*?)```", text.split("## `--format json`", 1)[1], flags=re.S)[:1]
    finding = Finding(file="a.yaml", document=0, line=1, column=1, end_line=1, end_column=2, rule="OP001",
                      name="operator-direction", severity="error", message_zh="…", message_en="…", path="",
                      fix=Fix(start_offset=0, end_offset=1, replacement="≥", applicability="safe"))
    written = as_json(finding, "en")
    assert list(json.loads(example)) == list(written)
    assert list(json.loads(example)["fix"]) == list(written["fix"])


def test_every_reading_schema_and_suppression_code_is_in_the_format_contract() -> None:
    listed = subprocess.run([sys.executable, "-m", "jixiao_lint", "--list-rules", "--lang", "en"],
                            capture_output=True, text=True, timeout=120, check=True).stdout
    codes = re.findall(r"^([FSJ]\d{3})\s", listed, flags=re.M)
    assert {"F001", "F011", "S001", "S005", "J001", "J002"} <= set(codes)
    text = (DOCS / "format.md").read_text(encoding="utf-8")
    assert [c for c in codes if c not in text] == []

"""The generated fast schema gate must agree with the full validation, and be up to date."""

from __future__ import annotations

import copy
import importlib.util
from pathlib import Path

import pytest

from helpers import FIXTURES
from jixiao_lint.read.yaml_tree import read_documents
from jixiao_lint.schema import validate as schema_validate

ROOT = Path(__file__).resolve().parents[1]


def _documents():
    for path in sorted(FIXTURES.rglob("*.yaml")):
        if path.name.endswith(".expected.yaml"):
            continue
        try:
            form, _ = read_documents(path.name, path.read_text(encoding="utf-8"))
        except UnicodeDecodeError:
            continue
        yield from (d.data for d in form.documents if isinstance(d.data, dict))


def _variants(data: dict):
    yield data
    yield {**data, "year": "二〇二三"}
    yield {**data, "kind": "self-evaluaton"}
    yield {**data, "organizaton": "x"}
    if isinstance(data.get("indicators"), list) and data["indicators"] and isinstance(data["indicators"][0], dict):
        broken = copy.deepcopy(data)
        broken["indicators"][0]["weight"] = "十"
        yield broken
        broken = copy.deepcopy(data)
        broken["indicators"][0]["scroe"] = 1
        yield broken
        broken = copy.deepcopy(data)
        broken["indicators"][0]["weight"] = "5. 5"
        yield broken


def test_gate_agrees_with_jsonschema_on_every_fixture_and_broken_variants() -> None:
    checked = 0
    for data in _documents():
        for variant in _variants(data):
            full = not any(True for _ in schema_validate._validator().iter_errors(variant))
            assert schema_validate._passes_fast_gate(variant) == full, variant.get("organization")
            checked += 1
    assert checked > 20


def test_generated_gate_is_up_to_date() -> None:
    spec = importlib.util.spec_from_file_location("build_schema", ROOT / "tools" / "build_schema.py")
    if spec is None or not (ROOT / "tools" / "build_schema.py").exists():
        pytest.skip("not a source checkout")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    generated = (Path(schema_validate.__file__).parent / "fast_gate.py").read_text(encoding="utf-8")
    import fastjsonschema

    if f'VERSION = "{fastjsonschema.VERSION}"' not in generated:
        pytest.skip("another fastjsonschema version generates different code; regenerate with tools/build_schema.py")
    assert module.fast_validator_source(module.SCHEMA).split("\n", 5)[5] == generated.split("\n", 5)[5]


def test_each_key_names_itself_once_for_a_hover_and_only_format_v1_keys() -> None:
    """yaml-language-server shows a `title` as a heading above the `description`: a key whose description
    begins with its Chinese name (docs/format.md) has no title, or the hover says the name twice. And the
    schema holds the keys docs/format.md defines: no `level3`."""
    import json

    from jixiao_lint.schema.validate import SCHEMA_PATH

    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    seen = []

    def walk(node, where: str) -> None:
        if isinstance(node, dict):
            for key, value in node.get("properties", {}).items():
                if isinstance(value, dict):
                    seen.append(key)
                    assert "title" not in value or not value.get("description", "").startswith(value["title"]), where + key
            for key, value in node.items():
                if key != "if":  # a branch's condition (`kind: {const: …}`), not a key of the form
                    walk(value, f"{where}{key}/")
        elif isinstance(node, list):
            for item in node:
                walk(item, where)

    walk(schema, "/")
    assert "level3" not in seen and {"level1", "level2", "name", "target"} <= set(seen)

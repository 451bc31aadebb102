"""Validates each document against the v1 JSON Schema and says what is wrong in the clerk's terms:
the Chinese column name, what was expected ("权重应为数字"), and a did-you-mean for unknown keys."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any, Iterator

from jixiao_lint.model.form import Document, child_pointer, escape_pointer_token
from jixiao_lint.read.yaml_tree import ReadProblem
from jixiao_lint.suggest import closest

SCHEMA_PATH = Path(__file__).with_name("form.schema.json")

_TYPE_NAMES = {
    "number": ("数字", "a number"), "integer": ("整数", "a whole number"), "string": ("文字", "text"),
    "array": ("列表（每项以“- ”开头）", "a list"), "object": ("键值映射（键: 值）", "a mapping (key: value)"),
    "boolean": ("true/false", "true/false"), "null": ("空", "empty"),
}


@cache
def load_schema() -> dict:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


@cache
def _validator():
    import jsonschema  # imported here: --version and --help must not pay for it

    schema = load_schema()
    return jsonschema.Draft202012Validator(schema)


def _passes_fast_gate(data: dict) -> bool:
    """The generated fastjsonschema validator says yes or no quickly; only a "no" pays for jsonschema."""
    from jixiao_lint.schema import fast_gate
    from jixiao_lint.schema.gate_errors import GateError

    try:
        fast_gate.validate_https___jixiao_lint_invalid_form_schema_json(data)
    except GateError:
        return False
    except Exception:  # the gate is only a shortcut: anything odd goes the thorough way
        return False
    return True


def _branch_properties(kind: Any) -> dict:
    schema = load_schema()
    for branch in schema["allOf"]:
        if branch["if"]["properties"]["kind"]["const"] == kind:
            return {**schema["properties"], **{k: v for k, v in branch["then"]["properties"].items() if v is not True}}
    return schema["properties"]


def _resolve(subschema: dict) -> dict:
    ref = subschema.get("$ref")
    if ref:
        target = load_schema()["$defs"][ref.rsplit("/", 1)[-1]]
        return {**target, **{k: v for k, v in subschema.items() if k != "$ref"}}
    return subschema


def schema_at(kind: Any, path: list) -> dict | None:
    """The subschema describing the value at `path` in a document of this kind, if the schema has one."""
    current: dict | None = {"type": "object", "properties": _branch_properties(kind)}
    for token in path:
        if current is None:
            return None
        current = _resolve(current)
        if isinstance(token, int):
            current = current.get("items")
        else:
            additional = current.get("additionalProperties")
            current = current.get("properties", {}).get(token)
            if current is None and isinstance(additional, dict):
                current = additional
    return _resolve(current) if current else None


def title_at(kind: Any, path: list) -> str:
    schema = schema_at(kind, path)
    return column_name(schema) or (str(path[-1]) if path else "文档")


def column_name(schema: dict | None) -> str:
    """A key's Chinese column name: its title, or else the start of its description ("名称：说明")."""
    if not schema:
        return ""
    return schema.get("title") or schema.get("description", "").split("：", 1)[0]


def column_note(schema: dict | None) -> str:
    """What a key's description says beyond its column name ("" when it is the name alone)."""
    description = (schema or {}).get("description", "")
    name, _, note = description.partition("：")
    return note if note else ("" if description == column_name(schema) else description)


def validate(document: Document) -> Iterator[ReadProblem]:
    data = document.data
    if data is None:
        yield ReadProblem("empty-document", document.index, "", document.span,
                          "文档为空：请删除多余的“---”，或填写表格内容（至少 kind、year、organization）",
                          "empty document: remove the extra '---' or fill in the form (at least kind, year, organization)")
        return
    if not isinstance(data, dict):
        what = ("列表", "a list") if isinstance(data, list) else ("单个值", "a single value")
        yield ReadProblem("not-a-mapping", document.index, "", document.span,
                          f"文档是{what[0]}，应为键值映射（kind: …、year: … 等字段）",
                          f"the document is {what[1]}; a form is a mapping of fields (kind: …, year: …)")
        return
    if _passes_fast_gate(data):
        return
    kind = data.get("kind")
    for error in _validator().iter_errors(data):
        for problem in _explain(error, document, kind):
            if problem.path not in document.reported:
                yield problem


def _pointer(path) -> str:
    return "".join("/" + escape_pointer_token(p) for p in path)


def _explain(error, document: Document, kind: Any) -> Iterator[ReadProblem]:
    path = list(error.absolute_path)
    pointer = _pointer(path)
    validator = error.validator
    if validator in ("allOf", "if", "then"):
        return
    if validator == "additionalProperties":
        known = set((_resolve(error.schema).get("properties") or {}).keys())
        for key in error.instance:
            if key in known or not isinstance(error.schema.get("additionalProperties"), bool):
                continue
            child = child_pointer(pointer, key)
            guess = closest(str(key), sorted(known))
            hint_zh = f"；是不是“{guess}”（{title_at(kind, path + [guess])}）？" if guess else f"；可用的字段：{'、'.join(sorted(known))}"
            hint_en = f"; did you mean '{guess}'?" if guess else f"; known keys: {', '.join(sorted(known))}"
            yield ReadProblem("unknown-key", document.index, child, document.locate_key(child),
                              f"未知字段“{key}”{hint_zh}", f"unknown key '{key}'{hint_en}",
                              replacement=guess)
        return
    if validator == "required":
        missing = error.message.split("'")[1] if "'" in error.message else str(error.validator_value)
        title = title_at(kind, path + [missing])
        where = "文档" if not path else title_at(kind, path)
        yield ReadProblem("missing-key", document.index, pointer, document.locate(pointer),
                          f"{where}缺少必填字段“{missing}”（{title}）", f"missing required key '{missing}' ({title})")
        return
    title = title_at(kind, path)
    if validator == "type" or (validator == "anyOf" and _is_number_schema(error.schema)):
        expected = error.validator_value if validator == "type" else "number"
        names = expected if isinstance(expected, list) else [expected]
        names = [n for n in names if n != "null"] or names
        zh = "或".join(_TYPE_NAMES.get(n, (n, n))[0] for n in names)
        en = " or ".join(_TYPE_NAMES.get(n, (n, n))[1] for n in names)
        shown = _shown(error.instance)
        yield ReadProblem("wrong-type", document.index, pointer, document.locate(pointer),
                          f"“{title}”应为{zh}，现为 {shown}", f"'{path[-1] if path else 'document'}' ({title}) must be {en}, got {shown}")
        return
    if validator == "enum":
        options = [str(v) for v in error.validator_value]
        guess = closest(str(error.instance), options)
        hint_zh = f"；是不是“{guess}”？" if guess else ""
        hint_en = f"; did you mean '{guess}'?" if guess else ""
        yield ReadProblem("bad-value", document.index, pointer, document.locate(pointer),
                          f"“{title}”应为以下之一：{'、'.join(options)}，现为 {_shown(error.instance)}{hint_zh}",
                          f"'{path[-1] if path else ''}' ({title}) must be one of {', '.join(options)}, got {_shown(error.instance)}{hint_en}",
                          replacement=guess)
        return
    if validator in ("minimum", "maximum"):
        bound = "不小于" if validator == "minimum" else "不大于"
        yield ReadProblem("bad-value", document.index, pointer, document.locate(pointer),
                          f"“{title}”应{bound} {error.validator_value}，现为 {error.instance}",
                          f"'{path[-1]}' ({title}) must be {'at least' if validator == 'minimum' else 'at most'} {error.validator_value}, got {error.instance}")
        return
    if validator == "anyOf":  # 是/否 or boolean for `core`
        yield ReadProblem("bad-value", document.index, pointer, document.locate(pointer),
                          f"“{title}”的值 {_shown(error.instance)} 不符合要求：{_resolve(schema_at(kind, path) or {}).get('description', '')}",
                          f"'{path[-1] if path else ''}' ({title}): {_shown(error.instance)} is not allowed")
        return
    yield ReadProblem("bad-value", document.index, pointer, document.locate(pointer),
                      f"“{title}”不符合要求：{error.message}", f"'{path[-1] if path else ''}': {error.message}")


def _is_number_schema(schema: dict) -> bool:
    return any(option.get("type") == "number" for option in schema.get("anyOf", []))


def _shown(value: Any) -> str:
    if isinstance(value, dict):
        return "一个映射"
    if isinstance(value, list):
        return "一个列表"
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 40 else text[:37] + "…"

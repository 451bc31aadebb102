"""Writes src/jixiao_lint/schema/form.schema.json, the JSON Schema of form file format v1.

The schema is the contract with data repos (docs/format.md); it is built from this table so that the
Chinese column name and the note a clerk needs (the description, "名称：说明") stay next to each key.
Run: python tools/build_schema.py
"""

import json
from pathlib import Path

NUMBER = {"$ref": "#/$defs/number"}
TEXT = {"type": "string"}


def field(title, description, schema):
    """A key's schema: its Chinese column name, then the note a clerk needs. The name is the start of the
    description (docs/format.md: the description gives the Chinese column name, for the hover), not a
    `title` too: an editor's hover shows a title as a heading above the description, so the name twice."""
    return {"description": f"{title}：{description}" if description else title, **schema}


COMMON = {
    "kind": field("表类型", "self-evaluation 绩效自评表 · target-declaration 绩效目标表/申报表 · evaluation-report 绩效自评报告",
                  {"enum": ["self-evaluation", "target-declaration", "evaluation-report"]}),
    "year": field("年度", "预算年度，四位整数，如 2023", {"type": "integer", "minimum": 2000, "maximum": 2100}),
    "organization": field("单位/部门", "填报单位全称", TEXT),
    "title": field("表名", "表格标题，如“2023年度部门整体绩效自评表”", TEXT),
    "money_unit": field("金额单位", "元 或 万元；不写时为万元", {"enum": ["元", "万元"], "default": "万元"}),
    "supervisor": field("主管部门", "", TEXT),
    "contact": field("联系人", "{name: 姓名, phone: 电话}", {
        "type": "object", "additionalProperties": False,
        "properties": {"name": field("姓名", "", TEXT),
                       "phone": field("联系电话", "写成带引号的文字，避免开头的 0 丢失", {"type": ["string", "integer"]})},
    }),
}

INDICATOR_COMMON = {
    "name": field("指标名称", "可带分类路径，如“产出-数量-购买电脑数量”", TEXT),
    "level1": field("一级指标", "产出指标、成本指标、效益指标、满意度指标（可写简称 产出/成本/效益/满意度）", TEXT),
    "level2": field("二级指标", "数量指标、质量指标、时效指标、经济成本指标、社会效益指标、服务对象满意度指标 …", TEXT),
    "unit": field("计量单位", "定性指标不填", {"type": ["string", "null"]}),
    "target": field("指标性质与指标值", "指标表达式，如“≥ 95”“= 510000”“定性 良好”“90-100”",
                    {"type": ["string", "number"]}),
    "weight": field("指标权重（分值）", "", NUMBER),
    "core": field("是否核心指标", "true/false，或 是/否", {"anyOf": [{"enum": ["是", "否"]}, {"type": "boolean"}]}),  # 是/否 first: most forms write it so, and a failed anyOf branch is costly
    "note": field("说明/偏差原因", "", {"type": ["string", "null"]}),
}
INDICATOR_RESULTS = {
    "actual": field("全年完成值", "数字、带单位的数字，或定性描述（优、达成、有所增加）", {"type": ["string", "number", "null"]}),
    "deviation": field("偏离度（%）", "|完成值 − 目标值| ÷ 目标值 × 100", NUMBER),
    "coefficient": field("得分系数（%）", "达成目标为 100，否则为完成比例", NUMBER),
    "score": field("指标得分", "权重 × 得分系数 ÷ 100", NUMBER),
}


def indicator(with_results):
    props = dict(INDICATOR_COMMON, **(INDICATOR_RESULTS if with_results else {}))
    return {"type": "object", "description": "绩效指标：一行指标",
            "required": ["name", "target"], "additionalProperties": False, "properties": props}


def kind_branch(kind, title, props, required=()):
    return {
        "if": {"properties": {"kind": {"const": kind}}, "required": ["kind"]},
        "then": {"title": title, "required": list(required), "additionalProperties": False,
                 "properties": dict({k: True for k in COMMON}, **props)},
    }


SELF_EVALUATION = {
    "project": field("项目名称", "", TEXT),
    "project_code": field("项目编码", "写成带引号的文字", {"type": ["string", "integer"]}),
    "self_score": field("自评总分", "各指标得分与执行率得分之和", NUMBER),
    "grade": field("评价等级", "", TEXT),
    "funds": field("资金情况", "每行一个资金来源", {"type": "array", "items": {
        "type": "object", "description": "资金情况：一个资金来源", "required": ["source"], "additionalProperties": False,
        "properties": {
            "source": field("资金来源", "年度总金额 / 财政拨款 / 一般公共预算 / 其他资金 …", TEXT),
            "initial_budget": field("年初预算数", "", NUMBER),
            "adjusted_budget": field("全年（调整）预算数", "", NUMBER),
            "executed": field("全年执行数", "", NUMBER),
            "execution_rate": field("执行率（%）", "全年执行数 ÷ 全年预算数 × 100", NUMBER),
            "weight": field("执行率权重", "", NUMBER),
            "score": field("执行率得分", "权重 × min(执行率, 100) ÷ 100", NUMBER),
        }}}),
    "goals": field("绩效目标", "{initial: 年初目标, adjusted: 全年（调整）目标, achieved: 实际完成情况}", {
        "type": "object", "additionalProperties": False,
        "properties": {"initial": field("年初绩效目标", "", {"type": ["string", "null"]}),
                       "adjusted": field("全年（调整）绩效目标", "", {"type": ["string", "null"]}),
                       "achieved": field("全年目标实际完成情况", "", {"type": ["string", "null"]})}}),
    "indicators": field("绩效指标", "", {"type": "array", "items": indicator(True)}),
}

TARGET_DECLARATION = {
    "scope": field("范围", "department 部门整体 或 project 专项", {"enum": ["department", "project"]}),
    "project": field("专项资金名称", "", TEXT),
    "budget": field("预算数", "部门支出预算总量或专项预算", NUMBER),
    "budget_breakdown": field("资金构成", "名称 → 金额，如 {区级支出: 2.0, 补助街镇: 0}",
                              {"type": "object", "additionalProperties": NUMBER}),
    "summary": field("项目概况", "", {"type": ["string", "null"]}),
    "basis": field("立项依据", "每项一个文件，带发文字号", {"type": "array", "items": TEXT}),
    "goal": field("当年（整体）绩效目标", "", {"type": ["string", "null"]}),
    "indicators": field("绩效指标", "", {"type": "array", "items": indicator(False)}),
}

EVALUATION_REPORT = {
    "budget": field("预算执行", "{initial, adjusted, executed, execution_rate}", {
        "type": "object", "additionalProperties": False,
        "properties": {"initial": field("年初预算数", "", NUMBER), "adjusted": field("调整后预算数", "", NUMBER),
                       "executed": field("执行数", "", NUMBER), "execution_rate": field("执行率（%）", "", NUMBER)}}),
    "score_table": field("评分表", "每行一个评分指标", {"type": "array", "items": {
        "type": "object", "description": "评分表：一行", "required": ["name"], "additionalProperties": False,
        "properties": {
            "name": field("指标名称", "", TEXT), "level1": field("一级指标", "", TEXT), "level2": field("二级指标", "", TEXT),
            "criteria": field("评分标准", "", {"type": ["string", "null"]}), "weight": field("分值", "", NUMBER),
            "score": field("得分", "", NUMBER), "claim": field("佐证", "", {"type": ["string", "null"]}),
        }}}),
    "total_score": field("综合得分", "评分表得分之和", NUMBER),
    "grade": field("评价等级", "优/良/中/差 或 优秀/良好/一般/较差", {"enum": ["优", "良", "中", "差", "优秀", "良好", "一般", "较差"]}),
    "grade_bands": field("等级标准", "不写时按评分规则（profile）的 grade_bands", {"type": "array", "items": {
        "type": "object", "required": ["grade", "min"], "additionalProperties": False,
        "properties": {"grade": field("等级", "", TEXT), "min": field("最低分", "", NUMBER)}}}),
    "sections": field("报告正文", "标题 → 正文", {"type": "object", "additionalProperties": {"type": ["string", "null"]}}),
}

SCHEMA = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": "https://jixiao-lint.invalid/form.schema.json",
    "title": "预算绩效表（jixiao-lint 表格文件格式 v1）",
    "description": "一个 YAML 文档是一张表；kind 决定其余字段。",
    "type": "object",
    "required": ["kind", "year", "organization"],
    "properties": COMMON,
    "allOf": [
        kind_branch("self-evaluation", "绩效自评表", SELF_EVALUATION),
        kind_branch("target-declaration", "绩效目标表/申报表", TARGET_DECLARATION),
        kind_branch("evaluation-report", "绩效自评报告", EVALUATION_REPORT),
    ],
    "$defs": {
        "number": {
            "description": "数字；写成文字也可（如 \"54.36\"），书写不规范的（\"54. 36\"、\"87, 599, 029. 86\"、\"９５\"）会被指出并可自动修正",
            "anyOf": [{"type": "number"},
                      {"type": "string", "pattern": "^\\s*[-+＋－]?\\s*[0-9０-９][0-9０-９,，.．\\s]*[%％]?\\s*$"}],
        },
    },
}

FAST_HEADER = (
    "# Generated by tools/build_schema.py from form.schema.json with fastjsonschema; do not edit.\n"
    "# A fast yes/no gate: a valid document (the common case) costs a fraction of a full jsonschema\n"
    "# validation; an invalid one is then validated by jsonschema for located, explained errors.\n"
    "# flake8: noqa\n"
)


def _inline_refs(node, defs: dict):
    if isinstance(node, list):
        return [_inline_refs(item, defs) for item in node]
    if not isinstance(node, dict):
        return node
    if "$ref" in node:
        inlined = _inline_refs(defs[node["$ref"].removeprefix("#/$defs/")], defs)
        return {**inlined, **{k: _inline_refs(v, defs) for k, v in node.items() if k != "$ref"}}
    return {k: _inline_refs(v, defs) for k, v in node.items()}


def fast_validator_source(schema: dict) -> str:
    import fastjsonschema

    # fastjsonschema knows drafts 4 to 7; the schema uses nothing 2020-12 adds beyond $defs, a plain pointer.
    # The $refs are written out in place: fastjsonschema calls a function per $ref and builds its error
    # path with str.format(**locals()) on every call, valid or not (3.5 µs each, half the gate's time).
    draft7 = {**_inline_refs(schema, schema["$defs"]), "$schema": "http://json-schema.org/draft-07/schema#"}
    del draft7["$defs"]
    code = fastjsonschema.compile_to_code(draft7)
    runtime_import = "from fastjsonschema import JsonSchemaValueException, JsonSchemaValuesException"
    assert runtime_import in code, "fastjsonschema changed its generated imports: update gate_errors.py"
    # A run needs only the exceptions, not fastjsonschema (see gate_errors.py).
    code = code.replace(runtime_import, "from jixiao_lint.schema.gate_errors import "
                        "JsonSchemaValueException, JsonSchemaValuesException")
    # The gate accepts decimal.Decimal as a number; a form's numbers come from the YAML reader as int or
    # float, never Decimal, and importing decimal costs each start ~2 ms.
    assert "from decimal import Decimal\n" in code
    return FAST_HEADER + code.replace("from decimal import Decimal\n", "from jixiao_lint.schema.gate_errors import Decimal\n")


def main() -> None:
    schema_dir = Path(__file__).resolve().parent.parent / "src/jixiao_lint/schema"
    (schema_dir / "form.schema.json").write_text(json.dumps(SCHEMA, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    (schema_dir / "fast_gate.py").write_text(fast_validator_source(SCHEMA), encoding="utf-8")
    print(f"wrote {schema_dir / 'form.schema.json'} and {schema_dir / 'fast_gate.py'}")


if __name__ == "__main__":
    main()

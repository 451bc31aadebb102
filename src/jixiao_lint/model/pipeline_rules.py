"""The one table of the codes the pipeline finds itself, before or around the rules: reading (F), the
schema (S), an internal error (F010) and suppression comments (J).

No rule file can declare these (a file that cannot be read has nothing for a rule to look at), so they
are declared here, with everything a rule file would say: code, name, severity, summaries, the doc in
Chinese and English, a passing and a failing example, and whether its fix is safe. The modules that find
them (read/, schema/, lint.py, check/suppress.py) name a finding by its `name` from this table and never
write its code; --list-rules, --explain, the HTML page, SARIF's rule list and `test-rules` read it
through check/python_rules. tests/test_code_literals.py keeps code strings out of everywhere else.
"""

from __future__ import annotations


from jixiao_lint.model.finding import Severity
from jixiao_lint.records import record


@record(frozen=True, slots=True)
class PipelineRule:
    code: str
    name: str
    severity: Severity
    summary_zh: str
    summary_en: str
    found_by: str  # the module that finds it, as --explain shows it
    doc_zh: str
    doc_en: str
    passing: str
    failing: str
    fixable: bool = False  # its fix is safe (--fix applies it); a fix of a code that is not is unsafe
    unreadable: bool = False  # after it the file no longer reads as the same form: a fix must never cause it

    @property
    def why(self) -> str:
        """Why no rule file declares it: when in the pipeline it is found (--explain's definition)."""
        return _STAGES[self.found_by.partition("/")[0]]


_STAGES = {  # by the folder (or module) of found_by
    "read": "found while the file is read, before any rule can look at it",
    "schema": "found while the document is checked against the format's schema, before any rule runs",
    "lint.py": "found around the rules: a bug of the linter itself, on this file",
    "check": "found after the rules, in the file's suppression comments",
}


_FORM = "kind: self-evaluation\nyear: 2023\norganization: 华新街街道办事处\n"

PIPELINE_RULES: tuple[PipelineRule, ...] = (
    PipelineRule(
        "F001", "not-utf8", "error", "文件不是 UTF-8 编码", "the file is not UTF-8", "read/decode.py",
        doc_zh="表格文件必须是 UTF-8（可带 BOM；带 BOM 的 UTF-16 也能读）。GBK/GB18030 文件和没有 BOM 的 UTF-16 文件"
               "会被识别出来，并提示如何另存为 UTF-8；其他含空字节的文件被视为二进制文件。",
        doc_en="A form must be UTF-8 (a BOM is allowed; UTF-16 with a BOM is read too). GBK/GB18030 files and "
               "UTF-16 without a BOM are recognised, and the message says how to save them as UTF-8; any other "
               "file with NUL bytes is taken for a binary file.",
        passing=_FORM, failing="# 用记事本以 ANSI（GBK）保存的同一内容（字节无法写在这里）\n", unreadable=True),
    PipelineRule(
        "F002", "yaml-syntax", "error", "YAML 语法错误", "YAML syntax error", "read/yaml_tree.py",
        doc_zh="文件不是合法的 YAML：引号或括号没有闭合、用制表符缩进、缩进不一致等。报告指向出错的位置；同一次运行中的其他文件照常检查。"
               "不加引号的值或注释中看不见的 U+2028（行分隔符）、U+2029（段落分隔符）、U+0085（下一行字符）被 YAML 当作换行："
               "报告指出这个字符所在的行和列，安全修复删除它。",
        doc_en="The file is not valid YAML: a quote or bracket left open, indentation by tabs, inconsistent "
               "indentation and the like. The finding points at where the parser stopped; the other files of the "
               "run are linted as usual. An invisible U+2028 (line separator), U+2029 (paragraph separator) or "
               "U+0085 (next line) in a plain value or a comment is a line break to YAML: the finding names its "
               "line and column, and the safe fix deletes it.",
        passing=_FORM, failing=_FORM + "contact:\n\tname: 宁莉  # expect: F002\n", unreadable=True),
    PipelineRule(
        "F003", "duplicate-key", "error", "键重复", "duplicate key", "read/yaml_tree.py",
        doc_zh="同一映射中同一个键写了两次：YAML 工具会静默地只保留后一个。报告指向第二个，并说出第一个所在的行。",
        doc_en="The same key written twice in one mapping: YAML tools silently keep the second. The finding "
               "points at the second and names the line of the first.",
        passing=_FORM, failing=_FORM + "year: 2024  # expect: F003\n", unreadable=True),
    PipelineRule(
        "F004", "yaml-alias", "error", "使用了锚点、别名或合并键", "anchors, aliases or merge keys",
        "read/yaml_tree.py",
        doc_zh="表格中不允许 `&锚点`、`*别名` 和 `<<` 合并键：审阅者看不到被引用的内容，而且“别名炸弹”能让工具耗尽内存。"
               "别名不会被展开。",
        doc_en="A form may not use `&anchors`, `*aliases` or `<<` merge keys: a reviewer does not see what they "
               "refer to, and an \"alias bomb\" can make a tool run out of memory. Aliases are never expanded.",
        passing=_FORM + "supervisor: 江北区人民政府\n",
        failing=_FORM + "supervisor: &s 江北区人民政府\ntitle: *s  # expect: F004\n", unreadable=True),
    PipelineRule(
        "F005", "empty-document", "error", "文档为空", "empty document", "schema/validate.py",
        doc_zh="文件为空，或 `---` 之间没有内容。",
        doc_en="The file is empty, or there is nothing between two `---`.",
        passing=_FORM, failing=_FORM + "---  # expect: F005\n", unreadable=True),
    PipelineRule(
        "F006", "file-too-large", "error", "文件超过大小上限", "file larger than the size limit", "read/files.py",
        doc_zh="超过 `max_file_size`（默认 16 MiB）的文件不读取：绩效表不会这么大，多半是误加入的导出文件。可在配置中调整上限。",
        doc_en="A file over `max_file_size` (16 MiB by default) is not read: no form is that large, so it is most "
               "likely an export added by mistake. The limit can be changed in the configuration.",
        passing=_FORM, failing="# 一个 50 MB 的导出文件\n"),
    PipelineRule(
        "F007", "ambiguous-scalar", "warning", "值在 YAML 1.1 工具中会被误读", "value that YAML 1.1 tools misread",
        "read/yaml_tree.py", fixable=True,
        doc_zh="不加引号的 `no`、`yes`、`on`、`017`、`1:30`、`2024-01-01` 在 jixiao-lint 中按 YAML 1.2 读作文字，"
               "但许多工具（PyYAML、Excel 插件）会读成布尔值、八进制数、六十进制数或日期。加引号即可（安全修复）。"
               "是否误读以 PyYAML 的实际读法为准：`2024-1-5`、`2023-01-01 上午` 它读作文字，不报告。",
        doc_en="Unquoted `no`, `yes`, `on`, `017`, `1:30` or `2024-01-01` is text to jixiao-lint, which reads "
               "YAML 1.2, but many tools (PyYAML, Excel plug-ins) read a boolean, an octal or sexagesimal number "
               "or a date. Quoting it is enough (a safe fix). What counts as misread is what PyYAML really reads: "
               "`2024-1-5` and `2023-01-01 上午` are text to it and are not reported.",
        passing=_FORM + "project_code: \"017\"\n", failing=_FORM + "project_code: 017  # expect: F007\n"),
    PipelineRule(
        "F008", "unreadable-file", "error", "文件无法读取", "the file cannot be read", "read/files.py",
        doc_zh="文件存在但无法读取（权限不足、符号链接循环、指向已删除文件的链接等）。检查目录时，无法列出内容的子目录"
               "也报告 F008（报在该目录上，其中的表格都没有检查），运行因此失败，而不是悄悄跳过。",
        doc_en="The file exists but cannot be read (no permission, a symlink loop, a link to a deleted file and "
               "so on). When a directory is linted, a subdirectory that cannot be listed is an F008 too (on the "
               "directory, none of whose forms were checked), so the run fails instead of silently skipping it.",
        passing=_FORM, failing="# chmod 000 form.yaml\n"),
    PipelineRule(
        "F009", "nesting-too-deep", "error", "嵌套过深", "nested too deeply", "read/yaml_tree.py",
        doc_zh="嵌套超过 64 层的内容不是绩效表，多半是括号没有闭合；这部分内容不读取。",
        doc_en="Nesting deeper than 64 levels is no form, most likely a bracket left open; that part is not read.",
        passing=_FORM, failing=_FORM + "title: " + "[" * 70 + "]" * 70 + "  # expect: F009\n", unreadable=True),
    PipelineRule(
        "F011", "yaml-tag", "warning", "使用了 YAML 标签", "YAML tag", "read/yaml_tree.py", fixable=True,
        doc_zh="表格中不使用 `!!str`、`!!float`、`!!binary`、`!自定义` 或 `!<tag:…>` 这样的 YAML 标签：jixiao-lint 不理会标签，"
               "按值本身读；其他工具却按标签改变读法（`!!float \"abc\"` 报错，`!!binary` 读成二进制数据）。"
               "每个标签在它所在的位置报告；删除后所有工具读到的值都不变的（如 `!!str 文字`、`!!int 5`），可安全地自动删除，"
               "`!!str 017` 改写为 `\"017\"`；其余的请人工删除并确认值。",
        doc_en="A form has no use for YAML tags such as `!!str`, `!!float`, `!!binary`, `!custom` or `!<tag:…>`: "
               "jixiao-lint ignores them and reads the value as written, other tools read it by the tag "
               "(`!!float \"abc\"` is an error, `!!binary` becomes bytes). Each tag is reported where it is. "
               "Where every tool reads the same value without it (`!!str text`, `!!int 5`) the safe fix removes it, "
               "and `!!str 017` becomes `\"017\"`; any other tag is for a person to remove, checking the value.",
        passing=_FORM + "project_code: \"017\"\n", failing=_FORM + "project_code: !!str 017  # expect: F011\n"),
    PipelineRule(
        "S001", "unknown-key", "error", "未知字段", "unknown key", "schema/validate.py",
        doc_zh="格式 v1 没有定义的字段，通常是拼写错误；报告给出最接近的字段名。",
        doc_en="A key that format v1 does not define, usually a misspelling; the finding names the closest key.",
        passing=_FORM + "self_score: 98.8\n", failing=_FORM + "self_scroe: 98.8  # expect: S001\n"),
    PipelineRule(
        "S002", "missing-key", "error", "缺少必填字段", "missing required key", "schema/validate.py",
        doc_zh="每个文档都要有 kind、year、organization；每个指标都要有 name 和 target。",
        doc_en="Every document needs kind, year and organization; every indicator needs name and target.",
        passing=_FORM, failing="kind: self-evaluation  # expect: S002\nyear: 2023\n"),
    PipelineRule(
        "S003", "wrong-type", "error", "字段类型不对", "wrong type", "schema/validate.py",
        doc_zh="字段的值类型不对，例如权重写成“十”、年度写成“二〇二三”、该写列表的地方写成了一个值。",
        doc_en="A value of the wrong type: a weight written 十, a year written 二〇二三, a single value where a "
               "list belongs.",
        passing=_FORM, failing="kind: self-evaluation\nyear: 二〇二三  # expect: S003\norganization: 华新街街道办事处\n"),
    PipelineRule(
        "S004", "bad-value", "error", "字段取值不在允许范围内", "value not allowed", "schema/validate.py",
        doc_zh="取值不在允许的范围内：未知的表类型、1990 年、`money_unit: 千元`、`core: 可能`。",
        doc_en="A value outside what the field allows: an unknown kind of form, the year 1990, "
               "`money_unit: 千元`, `core: 可能`.",
        passing=_FORM, failing="kind: self-evaluaton  # expect: S004\nyear: 2023\norganization: 华新街街道办事处\n"),
    PipelineRule(
        "S005", "not-a-mapping", "error", "文档不是键值映射", "document is not a mapping", "schema/validate.py",
        doc_zh="一个文档就是一张表，应是 `键: 值` 的映射；一个列表或一个单独的值不是表。",
        doc_en="A document is one form, so it is a mapping of `key: value`; a list or a lone value is no form.",
        passing=_FORM, failing="- kind: self-evaluation  # expect: S005\n"),
    PipelineRule(
        "F010", "internal-error", "error", "检查此文件时出现内部错误", "internal error while linting the file", "lint.py",
        doc_zh="jixiao-lint 自身的缺陷：检查某个文件时出了错。这个文件的其他问题没有报告出来，但同一次运行中的其他文件照常检查。"
               "请把这个文件和消息一起报告给维护者。",
        doc_en="A bug in jixiao-lint itself: something went wrong while linting one file. That file's other "
               "problems are not reported, but the other files of the run are linted as usual. Please report the "
               "file and the message to the maintainers.",
        passing=_FORM, failing="# 一个让检查程序出错的文件（若能写在这里，就已经修好了）\n"),
    PipelineRule(
        "J001", "unused-suppression", "warning", "抑制注释没有抑制任何问题", "suppression that silences nothing",
        "check/suppress.py", fixable=True,
        doc_zh="`# jixiao-lint: disable=CODE 原因` 所在的行（或其下的指标）没有 CODE 的问题：注释已过时，应删除，以免将来掩盖真正的问题。",
        doc_en="The line of `# jixiao-lint: disable=CODE reason` (or the indicator under it) has no CODE finding: "
               "the comment is stale and should go, before it hides a real problem one day.",
        passing=_FORM + "self_score: \"98. 80\"  # jixiao-lint: disable=E005 按原表照录\n",
        failing=_FORM + "self_score: 98.8  # jixiao-lint: disable=E005 按原表照录 # expect: J001\n"),
    PipelineRule(
        "J002", "unknown-suppression-code", "warning", "抑制注释中的规则代码不存在", "suppression names an unknown code",
        "check/suppress.py",
        doc_zh="抑制注释里写的代码不是任何规则的代码（或代码前缀），多半是笔误。",
        doc_en="A code in a suppression comment that is no rule's code (nor a prefix of one), most likely a typo.",
        passing=_FORM + "self_score: \"98. 80\"  # jixiao-lint: disable=E005 按原表照录\n",
        failing=_FORM + "self_score: \"98. 80\"  # jixiao-lint: disable=E05 按原表照录 # expect: J002\n"),
)

BY_NAME: dict[str, PipelineRule] = {rule.name: rule for rule in PIPELINE_RULES}


def code(name: str) -> str:
    """The code of the pipeline rule called `name` (`code("yaml-syntax")` is F002's)."""
    return BY_NAME[name].code


def codes(names: tuple[str, ...]) -> frozenset[str]:
    return frozenset(BY_NAME[name].code for name in names)


UNREADABLE: frozenset[str] = frozenset(rule.code for rule in PIPELINE_RULES if rule.unreadable)

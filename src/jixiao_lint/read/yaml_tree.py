"""YAML text to documents of plain data, with the span of every key and value.

libyaml's C composer builds the node tree (fast, and it never expands an alias: a reused anchor is the
same node object). We walk that tree with an explicit stack, so 20,000-deep nesting cannot overflow
Python's recursion limit, and resolve plain scalars ourselves: YAML 1.2's core schema, where `no` is a
string and `017` is seventeen, and a warning wherever a YAML 1.1 tool would read the value otherwise.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import yaml

from jixiao_lint.model.form import Document, FormFile, Span, escape_pointer_token, line_starts

MAX_DEPTH = 64  # a form is at most five levels deep; beyond this nothing is a form


@dataclass(frozen=True, slots=True)
class ReadProblem:
    code: str
    document: int
    path: str
    span: Span
    message_zh: str
    message_en: str
    replacement: str | None = None  # a safe fix: replace the span's text


_INT = re.compile(r"[-+]?[0-9]+")
_FLOAT = re.compile(r"[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*|[0-9]+(?:\.[0-9]*)?[eE][-+]?[0-9]+)")
_NULLS = {"", "~", "null", "Null", "NULL"}
_TRUE = {"true", "True", "TRUE"}
_FALSE = {"false", "False", "FALSE"}
_YAML11_BOOLS = {w for b in ("yes", "no", "on", "off", "y", "n") for w in (b, b.capitalize(), b.upper())}
# Plain scalars that YAML 1.2 reads as text or as a decimal but YAML 1.1 tools (PyYAML, many editors'
# plug-ins) read as something else.
_YAML11_SURPRISES = [
    (re.compile(r"[-+]?0[0-7]+"), "八进制数（017 读成 15）", "an octal number (017 reads as 15)"),
    (re.compile(r"[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?"), "六十进制数（1:30 读成 90）", "a base-60 number (1:30 reads as 90)"),
    (re.compile(r"[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt ].*)?"), "日期", "a date"),
    (re.compile(r"[-+]?[0-9][0-9_]*_[0-9_]*(?:\.[0-9_]*)?"), "数字（下划线被忽略）", "a number (underscores ignored)"),
]


def resolve_plain(text: str) -> object:
    """The value of an unquoted scalar under YAML 1.2's core schema."""
    if text in _NULLS:
        return None
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    if _INT.fullmatch(text):
        return int(text)
    if _FLOAT.fullmatch(text):
        return float(text)
    if text in (".inf", ".Inf", ".INF", "+.inf"):
        return float("inf")
    if text in ("-.inf", "-.Inf", "-.INF"):
        return float("-inf")
    return text


def yaml11_surprise(text: str) -> tuple[str, str] | None:
    """What a YAML 1.1 reader would turn this plain scalar into, when that is not what YAML 1.2 reads."""
    if text in _YAML11_BOOLS:
        return "布尔值", "a boolean"
    for pattern, zh, en in _YAML11_SURPRISES:
        if pattern.fullmatch(text):
            return zh, en
    return None


def read_documents(name: str, text: str) -> tuple[FormFile, list[ReadProblem]]:
    starts = line_starts(text)
    form = FormFile(name=name, text=text, documents=[], line_starts=starts)
    problems: list[ReadProblem] = []
    try:
        roots = list(yaml.compose_all(text, Loader=yaml.CSafeLoader))
    except yaml.MarkedYAMLError as error:
        problems.append(_syntax_problem(error, len(form.documents), text, starts))
        return form, problems
    except yaml.reader.ReaderError as error:  # a control character: libyaml gives a byte offset, not a mark
        problems.append(_reader_problem(error, text, starts))
        return form, problems
    except yaml.YAMLError as error:  # libyaml reports a few errors without a mark
        problems.append(ReadProblem("F002", 0, "", _point(1, 1, 0), f"YAML 语法错误：{error}", f"YAML syntax error: {error}"))
        return form, problems
    for index, root in enumerate(roots):
        document = _Builder(index, text, starts, problems).build(root)
        line = document.span.line
        if document.data is None and line >= 2 and text.startswith("---", starts[line - 2]):
            # an empty document is best shown at the `---` that opened it
            document.span = Span(line - 1, 1, line - 1, 4, starts[line - 2], starts[line - 2] + 3)
        form.documents.append(document)
    if any(p.code == "F004" and p.replacement == _ALIAS for p in problems):
        _place_aliases(text, starts, form, problems)
    return form, problems


_ALIAS = "\0alias"  # marks an alias problem whose span is still the anchor's, until _place_aliases runs


def _place_aliases(text: str, starts: list[int], form: FormFile, problems: list[ReadProblem]) -> None:
    """The composer shares one node between an anchor and its aliases, so the builder only saw the
    anchor's position. The parser's events, in the same document order, say where each alias was written."""
    alias_marks: dict[int, list[yaml.Mark]] = {}
    document = -1
    for event in yaml.parse(text, Loader=yaml.CSafeLoader):
        if isinstance(event, yaml.DocumentStartEvent):
            document += 1
        elif isinstance(event, yaml.AliasEvent):
            alias_marks.setdefault(document, []).append(event.start_mark)
    for index in range(len(form.documents)):
        found = [i for i, p in enumerate(problems) if p.document == index and p.replacement == _ALIAS]
        marks = alias_marks.get(index, [])
        for i, position in enumerate(found):
            problem = problems[position]
            span = problem.span
            if len(marks) == len(found):
                mark = marks[i]
                name_len = len(text[starts[mark.line] + mark.column:].split(None, 1)[0].rstrip(",]}"))
                span = Span(mark.line + 1, mark.column + 1, mark.line + 1, mark.column + 1 + name_len,
                            starts[mark.line] + mark.column, starts[mark.line] + mark.column + name_len)
                form.documents[index].value_spans[problem.path] = span
            problems[position] = ReadProblem(problem.code, index, problem.path, span, problem.message_zh, problem.message_en)


def _reader_problem(error: yaml.reader.ReaderError, text: str, starts: list[int]) -> ReadProblem:
    offset = len(text.encode("utf-8")[: max(0, error.position)].decode("utf-8", errors="replace"))
    offset = min(offset, len(text))
    line = text.count("\n", 0, offset) + 1
    column = offset - starts[line - 1] + 1
    code = error.character if isinstance(error.character, int) else ord(str(error.character)[:1] or "\0")
    return ReadProblem(
        "F002", 0, "", _point(line, column, offset),
        f"YAML 语法错误：第 {line} 行第 {column} 列有控制字符 U+{code:04X}，YAML 不允许；请删除它（常见于从网页或 Excel 复制的文字）",
        f"YAML syntax error: control character U+{code:04X} at line {line}, column {column} is not allowed; delete it",
    )


def _syntax_problem(error: yaml.MarkedYAMLError, document: int, text: str, starts: list[int]) -> ReadProblem:
    mark = error.problem_mark or error.context_mark
    if error.context_mark and ("end of stream" in (error.problem or "") or "expected ',' or" in (error.problem or "")):
        mark = error.context_mark  # an unclosed quote or bracket: point at where it opened
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    line = min(line, len(starts))
    offset = starts[line - 1] + column - 1
    problem = error.problem or "syntax error"
    context = ""
    hint_zh, hint_en = _syntax_hint(problem, text, line, starts)
    return ReadProblem(
        "F002", document, "", _point(line, column, offset),
        f"YAML 语法错误：{_zh_problem(problem)}{context}。{hint_zh}",
        f"YAML syntax error: {problem}{' (' + error.context + ')' if error.context else ''}. {hint_en}",
    )


def _zh_problem(problem: str) -> str:
    table = {
        "found character '\\t' that cannot start any token": "制表符不能用于缩进",
        "found character that cannot start any token": "出现了不能开始一个值的字符",
        "mapping values are not allowed": "此处不能出现冒号键值",
        "found a tab character that violates indentation": "制表符不能用于缩进",
        "did not find expected ',' or ']'": "方括号“[”没有闭合，或列表项之间缺少逗号",
        "did not find expected ',' or '}'": "花括号“{”没有闭合，或各项之间缺少逗号",
        "did not find expected '-' indicator": "列表项的缩进不一致",
        "found unknown escape character": "双引号内有无法识别的转义符“\\”",
        "found invalid Unicode character escape code": "双引号内的 \\u 转义不是有效字符",
        "block sequence entries are not allowed": "此处不能开始列表项“- ”",
        "found duplicate %YAML directive": "重复的 %YAML 指令",
        "could not find expected ':'": "缺少冒号“:”",
        "found unexpected end of stream": "文件意外结束",
        "did not find expected key": "缩进不一致，找不到预期的键",
        "did not find expected node content": "缺少内容",
        "found undefined alias": "引用了未定义的别名",
    }
    for english, chinese in table.items():
        if problem.startswith(english):
            return chinese
    return problem


def _syntax_hint(problem: str, text: str, line: int, starts: list[int]) -> tuple[str, str]:
    line_end = text.find("\n", starts[line - 1])
    line_text = text[starts[line - 1]: None if line_end == -1 else line_end]
    if "\t" in line_text[: len(line_text) - len(line_text.lstrip())] or "'\\t'" in problem:
        return "请把制表符换成空格", "replace the tab with spaces"
    if "end of stream" in problem:
        return "请检查引号或括号是否闭合", "check that every quote and bracket is closed"
    if "mapping values" in problem:
        return ("值中含有“: ”时请给整个值加引号；如果这一行是新字段，请让它与上一行的字段对齐缩进",
                "quote the whole value when it contains ': '; if this line is a new key, indent it like the key above")
    if "expected ',' or" in problem:
        return "请补上右括号，或在各项之间加逗号", "close the bracket, or add the missing comma between its items"
    if "escape" in problem:
        return "请把“\\”写成“\\\\”，或改用单引号", "write the backslash as \\\\ or use single quotes"
    if "expected key" in problem or "expected ':'" in problem or "'-' indicator" in problem or "sequence entries" in problem:
        return "请检查这一行及上一行的缩进和冒号", "check the indentation and colon on this line and the one above"
    return "请对照上下文修正这一行", "correct this line against its neighbours"


def _point(line: int, column: int, offset: int) -> Span:
    return Span(line, column, line, column + 1, offset, offset + 1)


class _Builder:
    """Turns one composed document into plain data plus spans, reporting what a form must not contain."""

    def __init__(self, index: int, text: str, starts: list[int], problems: list[ReadProblem]):
        self.index = index
        self.text = text
        self.starts = starts
        self.problems = problems
        self.seen: set[int] = set()  # node ids already built: meeting one again means an alias

    def span(self, node: yaml.Node) -> Span:
        start, end = node.start_mark, node.end_mark
        return Span(start.line + 1, start.column + 1, end.line + 1, end.column + 1,
                    self.starts[start.line] + start.column, self.starts[min(end.line, len(self.starts) - 1)] + end.column)

    def report(self, code: str, path: str, span: Span, zh: str, en: str, replacement: str | None = None) -> None:
        self.problems.append(ReadProblem(code, self.index, path, span, zh, en, replacement))

    def build(self, root: yaml.Node) -> Document:
        document = Document(self.index, None, self.span(root))
        holder: list = [None]
        # Each entry: (node, pointer, container, slot, depth); the value is stored as container[slot].
        stack: list[tuple[yaml.Node, str, object, object, int]] = [(root, "", holder, 0, 0)]
        while stack:
            node, pointer, container, slot, depth = stack.pop()
            span = self.span(node)
            document.value_spans[pointer] = span
            if id(node) in self.seen:
                self.report("F004", pointer, span, "不允许使用锚点和别名（&/*）：请把被引用的内容直接写出",
                            "anchors and aliases (&/*) are not allowed: write the referenced content out", _ALIAS)
                container[slot] = None
                continue
            self.seen.add(id(node))
            if depth > MAX_DEPTH:
                self.report("F009", pointer, span, f"嵌套超过 {MAX_DEPTH} 层，这不是绩效表的结构；请检查括号或缩进",
                            f"nested deeper than {MAX_DEPTH} levels, which no form is; check brackets and indentation")
                container[slot] = None
                continue
            if isinstance(node, yaml.ScalarNode):
                container[slot] = self.scalar(node, pointer, span, document)
            elif isinstance(node, yaml.SequenceNode):
                items: list = [None] * len(node.value)
                container[slot] = items
                for i in range(len(node.value) - 1, -1, -1):
                    stack.append((node.value[i], f"{pointer}/{i}", items, i, depth + 1))
            else:
                mapping: dict = {}
                container[slot] = mapping
                first_key_span: dict[str, Span] = {}
                pending = []
                for key_node, value_node in node.value:
                    key_span = self.span(key_node)
                    if not isinstance(key_node, yaml.ScalarNode):
                        self.report("S001", pointer, key_span, "键必须是文字", "a key must be plain text")
                        continue
                    key = key_node.value
                    if key == "<<" and key_node.tag == "tag:yaml.org,2002:merge":
                        self.report("F004", pointer, key_span, "不允许使用合并键（<<）：请把各字段直接写出",
                                    "merge keys (<<) are not allowed: write the fields out")
                        continue
                    child = f"{pointer}/{escape_pointer_token(key)}"
                    if key in first_key_span:
                        first = first_key_span[key]
                        self.report("F003", child, key_span,
                                    f"键“{key}”重复，第一次出现在第 {first.line} 行；请删除或合并其中一个",
                                    f"duplicate key '{key}', first defined on line {first.line}; remove or merge one of them")
                        continue
                    first_key_span[key] = key_span
                    document.key_spans[child] = key_span
                    mapping[key] = None
                    pending.append((value_node, child, mapping, key, depth + 1))
                stack.extend(reversed(pending))
        document.data = holder[0]
        return document

    def scalar(self, node: yaml.ScalarNode, pointer: str, span: Span, document: Document) -> object:
        text = node.value
        if node.style:  # quoted, literal or folded: always a string (libyaml gives plain as "" or None)
            if node.style in ("'", '"'):
                document.quoted.add(pointer)
            return text
        surprise = yaml11_surprise(text)
        if surprise is not None:
            zh, en = surprise
            self.report("F007", pointer, span,
                        f"“{text}”在 YAML 1.1 工具中会被读成{zh}；如果它是文字或编号，请加引号",
                        f"'{text}' is read as {en} by YAML 1.1 tools; quote it if it is text or a code",
                        replacement=f'"{text}"')
            return text  # leading zeros, dates and 1:30 are codes and text in a form, never arithmetic
        return resolve_plain(text)

"""YAML text to documents of plain data, with the span of every key and value.

libyaml's C composer builds the node tree (fast, and it never expands an alias: a reused anchor is the
same node object). We walk that tree with an explicit stack, so 20,000-deep nesting cannot overflow
Python's recursion limit, and resolve plain scalars ourselves: YAML 1.2's core schema, where `no` is a
string and `017` is seventeen, and a warning wherever a YAML 1.1 tool would read the value otherwise.
"""

from __future__ import annotations

import math
import re
from typing import Callable

import yaml

from jixiao_lint.model.form import (Document, FormFile, Span, SpanTable, child_pointer, has_odd_breaks, line_starts,
                                    position, yaml_line_starts, yaml_offset)
from jixiao_lint.model.pipeline_rules import code as pipeline_code
from jixiao_lint.records import record

MAX_DEPTH = 64  # a form is at most five levels deep; beyond this nothing is a form


@record(slots=True)
class ReadProblem:
    rule: str  # its name in model/pipeline_rules.py ("yaml-syntax"); the table gives its code
    document: int
    path: str
    span: Span
    message_zh: str
    message_en: str
    replacement: str | None = None  # a fix: replace the span's text
    seen: str | None = None  # the text at the span the fix was made for (--fix checks it is still there)
    applicability: str | None = None  # of the fix; by default the code's (fixable: safe, else unsafe)

    @property
    def code(self) -> str:
        return pipeline_code(self.rule)


_TOO_DEEP = (f"嵌套超过 {MAX_DEPTH} 层，这不是绩效表的结构；请检查括号或缩进",
             f"nested deeper than {MAX_DEPTH} levels, which no form is; check brackets and indentation")

_INT = re.compile(r"[-+]?[0-9]+")
_FLOAT = re.compile(r"[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*|[0-9]+(?:\.[0-9]*)?[eE][-+]?[0-9]+)")
_NULLS = {"", "~", "null", "Null", "NULL"}
_TRUE = {"true", "True", "TRUE"}
_FALSE = {"false", "False", "FALSE"}
_YAML11_BOOLS = {w for b in ("yes", "no", "on", "off", "y", "n") for w in (b, b.capitalize(), b.upper())}
# Plain scalars that YAML 1.2 reads as text or as a decimal but YAML 1.1 tools (PyYAML, many editors'
# plug-ins) read as something else. What YAML 1.1 reads is asked of PyYAML's own resolver and
# constructor, so a warning says what such a tool really does: 2024-01-01 is a date to it, 2024-1-5 and
# 2023-01-01 上午 are text. The kinds of number, for the message:
_YAML11_NUMBERS = [
    (re.compile(r"[-+]?0[xX].*"), "十六进制数", "a hexadecimal number"),
    (re.compile(r"[-+]?0[bB].*"), "二进制数", "a binary number"),
    (re.compile(r"[-+]?0[0-7]+"), "八进制数", "an octal number"),
    (re.compile(r".*:.*"), "六十进制数", "a base-60 number"),
]
_YAML11_RESOLVER = yaml.resolver.Resolver()


# Inside double quotes YAML folds a raw line break (U+0085, U+2028 and U+2029 too, for libyaml) into a
# space: every such character, and every control character, is written as its escape.
_DOUBLE_QUOTED_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t", "\r": "\\r",
                          "\x85": "\\N", "\u2028": "\\L", "\u2029": "\\P"}


def double_quoted(text: str) -> str:
    """`text` as a YAML double-quoted scalar that reads back as exactly `text`."""
    out = []
    for character in text:
        escaped = _DOUBLE_QUOTED_ESCAPES.get(character)
        if escaped is None and (character < " " or character == "\x7f"):
            escaped = f"\\x{ord(character):02x}"
        out.append(escaped or character)
    return '"' + "".join(out) + '"'


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


_NUMBER_START = frozenset("0123456789+-")


def yaml11_surprise(text: str) -> tuple[str, str] | None:
    """What a YAML 1.1 reader would turn this plain scalar into, when that is not what YAML 1.2 reads."""
    if text in _YAML11_BOOLS:
        return "布尔值", "a boolean"
    if text[:1] not in _NUMBER_START:  # every other surprise is a number or a date
        return None
    tag = _YAML11_RESOLVER.resolve(yaml.ScalarNode, text, (True, False)).rsplit(":", 1)[-1]
    if tag == "timestamp":
        return "日期", "a date"
    if tag not in ("int", "float"):
        return None
    try:
        reading = yaml.load(text, Loader=yaml.CSafeLoader)
        mine = resolve_plain(text)
        if isinstance(mine, (int, float)) and mine == reading:
            return None  # +12, 1.0e+5: the same number to both
        shown = f"{reading:g}" if isinstance(reading, float) else str(reading)
    except (yaml.YAMLError, ValueError):  # ValueError: digits beyond what Python turns into a number
        return None
    zh, en = next(((zh, en) for pattern, zh, en in _YAML11_NUMBERS if pattern.fullmatch(text)), ("数字", "a number"))
    return f"{zh}（读成 {shown}）", f"{en} ({text} reads as {shown})"


def read_documents(name: str, text: str) -> tuple[FormFile, list[ReadProblem]]:
    starts = line_starts(text)
    form = FormFile(name=name, text=text, documents=[], line_starts=starts)
    problems: list[ReadProblem] = []
    # U+0085, U+2028, U+2029 end a line for libyaml only: its marks are then converted (SpanTable)
    yaml_starts = yaml_line_starts(text) if has_odd_breaks(text) else None
    parser = yaml.CSafeLoader(text)
    documents: list[Document] = []
    get_event = parser.get_event
    # A tag needs a "!": only a text holding one has its events looked at for tags (F011)
    tagged: list[yaml.Event] | None = [] if "!" in text else None
    next_event = get_event if tagged is None else _collecting_tags(get_event, tagged)
    try:
        while True:
            kind = type(get_event())
            if kind is yaml.DocumentStartEvent:
                builder = _Builder(len(documents), starts, text, problems, yaml_starts)
                documents.append(builder.build(next_event))
                if tagged:
                    builder.report_tags(tagged)
                    tagged.clear()
            elif kind is not yaml.StreamStartEvent:  # the stream's end (or None, which libyaml never gives)
                break
    except yaml.MarkedYAMLError as error:
        return form, [_syntax_problem(error, 0, text, starts, yaml_starts)]
    except yaml.reader.ReaderError as error:  # a control character: libyaml gives a byte offset, not a mark
        return form, [_reader_problem(error, text, starts)]
    except yaml.YAMLError as error:  # libyaml reports a few errors without a mark
        return form, [ReadProblem("yaml-syntax", 0, "", _point(1, 1, 0), f"YAML 语法错误：{error}",
                                  f"YAML syntax error: {error}")]
    finally:
        parser.dispose()
    for document in documents:
        line = document.span.line
        if document.data is None and line >= 2 and text.startswith("---", starts[line - 2]):
            # an empty document is best shown at the `---` that opened it
            document.span = Span(line - 1, 1, line - 1, 4, starts[line - 2], starts[line - 2] + 3)
        form.documents.append(document)
    return form, problems


def _collecting_tags(get_event: Callable[[], yaml.Event], tagged: list[yaml.Event]) -> Callable[[], yaml.Event]:
    def next_event() -> yaml.Event:
        event = get_event()
        if getattr(event, "tag", None) is not None:  # a scalar or collection with a tag written on it
            tagged.append(event)
        return event
    return next_event


_CORE_TAG = "tag:yaml.org,2002:"
_TAG_END = frozenset(" \t\r\n,[]{}\x85\u2028\u2029")
_SAME_TYPE = {"int": int, "float": float, "bool": bool, "null": type(None)}


def _written_tag(text: str, at: int) -> tuple[int, int] | None:
    """Where the tag of the node starting at `at` is written: `!!str`, `!x`, `!`, `!<tag:…>`, perhaps
    after an anchor."""
    if text.startswith("&", at):
        while at < len(text) and text[at] not in _TAG_END:
            at += 1
        while text.startswith((" ", "\t"), at):
            at += 1
    if not text.startswith("!", at):
        return None
    if text.startswith("!<", at):
        end = text.find(">", at)
        return None if end == -1 else (at, end + 1)
    end = at + 1
    while end < len(text) and text[end] not in _TAG_END:
        end += 1
    return at, end


def _tag_of(written: str) -> str:
    """The tag a written one stands for, without %TAG directives."""
    if written.startswith("!<"):
        return written[2:-1]
    if written.startswith("!!"):
        return _CORE_TAG + written[2:]
    return written


def _untagged(event: yaml.ScalarEvent) -> object:
    """What the reader makes of a scalar, which it reads without its tag."""
    text = event.value
    if event.style or yaml11_surprise(text):
        return text
    return resolve_plain(text)


def _reader_problem(error: yaml.reader.ReaderError, text: str, starts: list[int]) -> ReadProblem:
    offset = len(text.encode("utf-8")[: max(0, error.position)].decode("utf-8", errors="replace"))
    offset = min(offset, len(text))
    line, column = position(starts, offset)
    code = error.character if isinstance(error.character, int) else ord(str(error.character)[:1] or "\0")
    return ReadProblem(
        "yaml-syntax", 0, "", _point(line, column, offset),
        f"YAML 语法错误：第 {line} 行第 {column} 列有控制字符 U+{code:04X}，YAML 不允许；请删除它（常见于从网页或 Excel 复制的文字）",
        f"YAML syntax error: control character U+{code:04X} at line {line}, column {column} is not allowed; delete it",
    )


def _syntax_problem(error: yaml.MarkedYAMLError, document: int, text: str, starts: list[int],
                    yaml_starts: list[int] | None = None) -> ReadProblem:
    if yaml_starts is not None:
        odd = _odd_break_problem(error, text, starts, yaml_starts)
        if odd is not None:
            return odd
    mark = error.problem_mark or error.context_mark
    if error.context_mark and ("end of stream" in (error.problem or "") or "expected ',' or" in (error.problem or "")):
        mark = error.context_mark  # an unclosed quote or bracket: point at where it opened
    if mark and yaml_starts is not None:
        offset = yaml_offset(yaml_starts, len(text), mark.line, mark.column)
        line, column = position(starts, offset)
    else:
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        line = min(line, len(starts))
        offset = starts[line - 1] + column - 1
    problem = error.problem or "syntax error"
    if problem.startswith("exceeded maximum nesting depth"):  # libyaml ≥ 0.2.6 stops at 1,000 levels itself
        return ReadProblem("nesting-too-deep", document, "", _point(line, column, offset), *_TOO_DEEP)
    hint_zh, hint_en = _syntax_hint(problem, text, line, starts)
    return ReadProblem(
        "yaml-syntax", document, "", _point(line, column, offset),
        f"YAML 语法错误：{_zh_problem(problem)}。{hint_zh}",
        f"YAML syntax error: {problem}{' (' + error.context + ')' if error.context else ''}. {hint_en}",
    )


_ODD_BREAK_NAMES = {"\x85": ("下一行字符", "NEXT LINE (NEL)", "常见于按 UTF-8 读取的 Windows-1252 文件",
                             "it comes from a Windows-1252 file read as UTF-8"),
                    "\u2028": ("行分隔符", "LINE SEPARATOR", "常见于从 Word 或网页复制的文字",
                               "it comes with text copied from Word or web pages"),
                    "\u2029": ("段落分隔符", "PARAGRAPH SEPARATOR", "常见于从 Word 或网页复制的文字",
                               "it comes with text copied from Word or web pages")}


def _odd_break_problem(error: yaml.MarkedYAMLError, text: str, starts: list[int],
                       yaml_starts: list[int]) -> ReadProblem | None:
    """A U+0085/U+2028/U+2029 in a plain value or a comment: libyaml breaks the line there and fails on
    what follows. Named where it is, with the safe fix of removing it (it is invisible), when the error is
    on the same line as seen in an editor."""
    marks = [m for m in (error.context_mark, error.problem_mark) if m is not None]
    if not marks:
        return None
    first = min(yaml_offset(yaml_starts, len(text), m.line, m.column) for m in marks)
    line, _ = position(starts, first)
    at = max(text.rfind(char, starts[line - 1], first) for char in _ODD_BREAK_NAMES)
    before = text[starts[line - 1]:at]
    if at == -1 or before.count('"') % 2 or before.count("'") % 2:
        return None  # none, or perhaps inside a quoted value, which it belongs to: not removed
    begin = at
    while begin > starts[line - 1] and text[begin - 1] in _ODD_BREAK_NAMES:
        begin -= 1  # a run of them is removed at once
    char = text[begin]
    zh, en, where_zh, where_en = _ODD_BREAK_NAMES[char]
    line, column = position(starts, begin)
    code = f"U+{ord(char):04X}"
    return ReadProblem(
        "yaml-syntax", 0, "", Span(line, column, line, column + at + 1 - begin, begin, at + 1),
        f"YAML 语法错误：第 {line} 行第 {column} 列有看不见的{zh}（{code} {en}），YAML 把它当作换行，编辑器和 git 不换行；"
        f"请删除它（{where_zh}）",
        f"YAML syntax error: an invisible {code} {en} at line {line}, column {column}, which YAML reads as a line "
        f"break and editors and git do not; delete it ({where_en})",
        replacement="", seen=text[begin:at + 1], applicability="safe")


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
    line_text = text[starts[line - 1]: starts[line] if line < len(starts) else None]
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


_SCALAR, _ALIAS = yaml.ScalarEvent, yaml.AliasEvent
_MAPPING_START, _SEQUENCE_START = yaml.MappingStartEvent, yaml.SequenceStartEvent
_COLLECTION_STARTS = (_MAPPING_START, _SEQUENCE_START)
_COLLECTION_ENDS = (yaml.MappingEndEvent, yaml.SequenceEndEvent)
# Where a mapping is: its next event is a key, the value of the key just read, or the value of a key that
# was refused (duplicate, merge, alias, not text), which is passed over.
_KEY, _VALUE, _SKIP = 0, 1, 2
_SKIP_KEY = 3  # a key that is a collection is being passed over; then its value is (_SKIP)


class _Frame:
    """An open mapping or sequence: where it is, what it holds so far, and (a mapping) what comes next."""

    __slots__ = ("pointer", "value", "is_mapping", "depth", "start", "key", "child", "state")

    def __init__(self, pointer: str, value: dict | list, depth: int, start: yaml.Mark):
        self.pointer, self.value, self.depth = pointer, value, depth
        self.is_mapping = type(value) is dict
        self.start = (start.line, start.column)
        self.key = ""  # in a mapping, the key whose value comes next, and its pointer
        self.child = ""
        self.state = _KEY


def _marks(event: yaml.Event) -> tuple[int, int, int, int]:
    start, end = event.start_mark, event.end_mark
    return start.line, start.column, end.line, end.column


class _Builder:
    """Turns one document's parser events into plain data plus spans, reporting what a form must not contain.

    Events rather than a composed node tree: nothing is held but the data being built, an alias is seen
    where it is written (and never followed), and an explicit stack means 20,000-deep nesting cannot
    overflow Python's recursion limit."""

    def __init__(self, index: int, starts: list[int], text: str, problems: list[ReadProblem],
                 yaml_starts: list[int] | None = None):
        self.index = index
        self.text = text
        length = len(text)
        self.problems = problems
        self.stack: list[_Frame] = []
        self.data: object = None
        self.marks_of_document: tuple[int, int, int, int] | None = None
        self.skipping = 0  # nesting level inside a subtree being passed over
        self.skipped: tuple[str, yaml.Mark] | None = None  # a too-deep subtree, reported when it closes
        self.value_spans = SpanTable(starts, length, yaml_starts)
        self.key_spans = SpanTable(starts, length, yaml_starts)
        self.quoted: set[str] = set()
        self.reported: set[str] = set()

    def report(self, rule: str, path: str, marks: tuple[int, int, int, int], zh: str, en: str,
               replacement: str | None = None, event: yaml.Event | None = None) -> None:
        # A fix's text is taken by libyaml's own offsets, not by the line and column the span is built from
        seen = None if event is None else self.text[event.start_mark.index:event.end_mark.index]
        self.problems.append(ReadProblem(rule, self.index, path, self.value_spans.span(marks), zh, en, replacement, seen))

    def document(self) -> Document:
        marks = self.marks_of_document
        span = self.value_spans.span(marks) if marks is not None else _point(1, 1, 0)
        document = Document(self.index, self.data, span, self.value_spans, self.key_spans, self.quoted)
        document.reported = self.reported
        return document

    def build(self, get_event: Callable[[], yaml.Event]) -> Document:
        """The document, from its events up to its end. This runs once per event of every file, so the
        common events (a key, a scalar in a mapping or a list, a collection's end) are handled here,
        inline, with the open collection's fields in local variables; the rest go to `rare`, which
        works on the frames themselves (written back before, read again after)."""
        stack = self.stack
        value_marks, key_marks = self.value_spans.marks, self.key_spans.marks
        scalar = self.scalar
        frame: _Frame | None = None  # the open collection, and its fields:
        container: dict | list = {}
        pointer, mapping, shallow, state, key, child = "", False, True, _KEY, "", ""
        while True:
            event = get_event()
            kind = type(event)
            if kind is _SCALAR and frame is not None:
                if mapping:
                    if state == _KEY:  # a key, taken here unless it is a merge key or a duplicate
                        key = event.value
                        # (The key goes into the mapping with its value: every way a value is read places one.)
                        if key in container or key == "<<" and not event.style and event.tag is None:
                            self.odd_key(frame, event)
                            state = frame.state
                            continue
                        start, end = event.start_mark, event.end_mark
                        # child_pointer()'s common case written out: a call per key of every file is ~2 % of reading
                        child = f"{pointer}/{key}" if "/" not in key and "~" not in key else child_pointer(pointer, key)
                        key_marks[child] = (start.line, start.column, end.line, end.column)
                        state = _VALUE
                        continue
                    if state == _SKIP:  # the value of a refused key, passed over
                        state = _KEY
                        continue
                    state = _KEY
                    if shallow:
                        start, end = event.start_mark, event.end_mark
                        value_marks[child] = (start.line, start.column, end.line, end.column)
                        text = event.value
                        # scalar()'s first answer written out: most cells are unquoted text that does not start
                        # like a number, null or boolean, which no schema reads as anything else.
                        container[key] = text if not event.style and text[:1] not in _RESOLVED_START else scalar(event, child)
                        continue
                    container[key] = None
                    self.too_deep(child, _marks(event))
                    continue
                item = f"{pointer}/{len(container)}"
                if shallow:
                    start, end = event.start_mark, event.end_mark
                    value_marks[item] = (start.line, start.column, end.line, end.column)
                    container.append(scalar(event, item))
                    continue
                container.append(None)
                self.too_deep(item, _marks(event))
                continue
            if kind in _COLLECTION_ENDS:
                closed = stack.pop()
                marks = (*closed.start, event.end_mark.line, event.end_mark.column)
                value_marks[closed.pointer] = marks
                if not stack:
                    self.marks_of_document = marks
            elif kind is yaml.DocumentEndEvent:
                return self.document()
            else:
                if frame is not None:
                    frame.state, frame.key, frame.child = state, key, child
                self.rare(event, kind)
                while self.skipping:  # a subtree being passed over, up to its end
                    self.skip_event(get_event())
            # The open collection may have changed: read its fields again.
            frame = stack[-1] if stack else None
            if frame is not None:
                container, pointer, mapping, shallow = frame.value, frame.pointer, frame.is_mapping, frame.depth < MAX_DEPTH
                state, key, child = frame.state, frame.key, frame.child

    def rare(self, event: yaml.Event, kind: type) -> None:
        """Every event but a scalar inside a collection and a collection's end: a collection opening, an
        alias, a mapping key that is not text, a document that is one scalar."""
        stack = self.stack
        frame = stack[-1] if stack else None
        if frame is None:
            pointer, depth = "", 0
        elif frame.is_mapping:
            if frame.state == _KEY:
                self.odd_key(frame, event)
                return
            state, frame.state = frame.state, _KEY
            if state == _SKIP:
                if kind in _COLLECTION_STARTS:
                    self.skipping = 1
                return
            pointer, depth = frame.child, frame.depth + 1
        else:
            pointer, depth = f"{frame.pointer}/{len(frame.value)}", frame.depth + 1
        if kind in _COLLECTION_STARTS:
            if depth > MAX_DEPTH:
                self.skipping = 1
                self.skipped = (pointer, event.start_mark)
                return
            container: dict | list = {} if kind is _MAPPING_START else []
            self.place(frame, container)
            stack.append(_Frame(pointer, container, depth, event.start_mark))
            return
        marks = _marks(event)
        self.value_spans.marks[pointer] = marks
        if frame is None:
            self.marks_of_document = marks
        if kind is _ALIAS:
            self.report("yaml-alias", pointer, marks, "不允许使用锚点和别名（&/*）：请把被引用的内容直接写出",
                        "anchors and aliases (&/*) are not allowed: write the referenced content out")
            self.place(frame, None)
        elif depth > MAX_DEPTH:
            self.too_deep(pointer, marks)
            self.place(frame, None)
        else:
            self.place(frame, self.scalar(event, pointer))

    def place(self, frame: _Frame | None, value: object) -> None:
        if frame is None:
            self.data = value
        elif frame.is_mapping:
            frame.value[frame.key] = value
        else:
            frame.value.append(value)

    def skip_event(self, event: yaml.Event) -> None:
        """Inside a subtree being passed over: a key that is not text, a refused key's value, or nesting
        too deep. When it closes, its place (if any) gets null."""
        if isinstance(event, _COLLECTION_STARTS):
            self.skipping += 1
            return
        if not isinstance(event, _COLLECTION_ENDS):
            return
        self.skipping -= 1
        if self.skipping:
            return
        frame = self.stack[-1] if self.stack else None
        if self.skipped is not None:
            pointer, start = self.skipped
            self.skipped = None
            self.too_deep(pointer, (start.line, start.column, event.end_mark.line, event.end_mark.column))
            self.place(frame, None)  # a mapping frame already expects its next key (see rare)
        elif frame is not None and frame.is_mapping and frame.state == _SKIP_KEY:
            frame.state = _SKIP  # the key was a collection: its value comes next and is passed over

    def odd_key(self, frame: _Frame, event: yaml.Event) -> None:
        """A key that is a collection or an alias, a merge key, or a duplicate (plain text keys are taken
        in `build`): reported, and its value passed over."""
        frame.state = _SKIP
        kind = type(event)
        if kind in _COLLECTION_STARTS:
            self.report("unknown-key", frame.pointer, _marks(event), "键必须是文字", "a key must be plain text")
            self.skipping = 1
            frame.state = _SKIP_KEY
            return
        marks = _marks(event)
        if kind is _ALIAS:
            self.report("yaml-alias", frame.pointer, marks, "不允许使用锚点和别名（&/*）：请把被引用的内容直接写出",
                        "anchors and aliases (&/*) are not allowed: write the referenced content out")
            return
        key = event.value
        if key == "<<" and not event.style and event.tag is None:
            self.report("yaml-alias", frame.pointer, marks, "不允许使用合并键（<<）：请把各字段直接写出",
                        "merge keys (<<) are not allowed: write the fields out")
            return
        child = child_pointer(frame.pointer, key)
        first = self.key_spans[child].line
        self.report("duplicate-key", child, marks,
                    f"键“{key}”重复，第一次出现在第 {first} 行；请删除或合并其中一个",
                    f"duplicate key '{key}', first defined on line {first}; remove or merge one of them")

    def too_deep(self, pointer: str, marks: tuple[int, int, int, int]) -> None:
        self.value_spans.marks[pointer] = marks
        self.report("nesting-too-deep", pointer, marks, *_TOO_DEEP)

    def scalar(self, event: yaml.ScalarEvent, pointer: str) -> object:
        text = event.value
        style = event.style
        if style:  # quoted, literal or folded: always a string (libyaml gives plain as "" or None)
            if style == "'" or style == '"':
                self.quoted.add(pointer)
            return text
        if text[:1] not in _RESOLVED_START:
            return text  # most cells: Chinese text, which no schema reads as anything else
        if _PLAIN_DECIMAL.fullmatch(text):  # most other cells: 95, 87599029.86 — the same number to every reader
            if len(text) > _LONGEST_NUMBER and _beyond_a_form(text):
                return self.too_large(text, pointer)
            return float(text) if "." in text else int(text)
        surprise = yaml11_surprise(text)
        if surprise is not None:
            zh, en = surprise
            self.report("ambiguous-scalar", pointer, self.value_spans.marks[pointer],
                        f"“{text}”在 YAML 1.1 工具中会被读成{zh}；如果它是文字或编号，请加引号",
                        f"'{text}' is read as {en} by YAML 1.1 tools; quote it if it is text or a code",
                        replacement=f'"{text}"', event=event)
            return text  # leading zeros, dates and 1:30 are codes and text in a form, never arithmetic
        if _beyond_a_form(text):
            return self.too_large(text, pointer)
        return resolve_plain(text)

    def report_tags(self, tagged: list[yaml.Event]) -> None:
        """Each tag written in the document, at the tag (F011). The value is read as if it were not there;
        the fix removes it when every reader then reads the same value as with it."""
        text, starts = self.text, self.value_spans.starts
        where: dict[tuple, str] = {}
        for table in (self.value_spans.marks, self.key_spans.marks):
            for pointer, marks in table.items():
                where.setdefault(marks, pointer)
                where.setdefault(marks[:2], pointer)
        for event in tagged:
            start, end = event.start_mark, event.end_mark
            scalar = type(event) is _SCALAR
            path = where.get((start.line, start.column, end.line, end.column) if scalar else (start.line, start.column), "")
            found = _written_tag(text, start.index)
            located = found is not None and _tag_of(text[found[0]:found[1]]) == event.tag
            if not located:  # %TAG directives: shown at the node, without a fix
                found, written = (start.index, start.index + 1), event.tag
            else:
                written = text[found[0]:found[1]]
            begin, finish = found
            line, column = position(starts, begin)
            end_line, end_column = position(starts, finish)
            span = Span(line, column, end_line, end_column, begin, finish)
            name = event.tag[len(_CORE_TAG):] if event.tag.startswith(_CORE_TAG) else None
            replacement = seen = None
            if scalar:
                value = _untagged(event)
                if event.tag == "!" or name == "str":
                    same = type(value) is str and (bool(event.style) or not yaml11_surprise(event.value))
                    if not same and start.line == end.line and event.value.isprintable():
                        # a plain `!!str 017`: the value in quotes says the same without a tag
                        replacement, finish = double_quoted(event.value), end.index
                        same = True
                else:
                    same = (name in _SAME_TYPE and not event.style and type(value) is _SAME_TYPE[name]
                            and (name != "int" or _PLAIN_DECIMAL.fullmatch(event.value) is not None))
            else:
                same = event.tag == "!" or name == ("map" if type(event) is _MAPPING_START else "seq")
            if same and located:
                if replacement is None:
                    replacement = ""
                    while finish < len(text) and text[finish] in " \t":
                        finish += 1
                    if finish == len(text) or text[finish] in "\r\n#":  # nothing after it: the blank before it goes
                        finish = found[1]
                        while begin > 0 and text[begin - 1] in " \t":
                            begin -= 1
                seen = text[begin:finish]
                span = Span(*position(starts, begin), *position(starts, finish), begin, finish) if (begin, finish) != found else span
            if same and replacement:
                zh = f"不允许使用 YAML 标签“{written}”：表格中的值不需要标签；请删除它，并给值加引号（{replacement}），值不变"
                en = (f"YAML tags such as '{written}' are not allowed: a form's values need none; remove it and quote the "
                      f"value ({replacement}), which stays the same")
            elif same and located:
                zh = f"不允许使用 YAML 标签“{written}”：表格中的值不需要标签；删除它，值不变"
                en = f"YAML tags such as '{written}' are not allowed: a form's values need none; remove it, the value stays the same"
            else:
                shown = _shown_value(event) if scalar else ("一个映射" if type(event) is _MAPPING_START else "一个列表")
                shown_en = _shown_value(event) if scalar else ("a mapping" if type(event) is _MAPPING_START else "a list")
                zh = (f"不允许使用 YAML 标签“{written}”：其他工具会按标签改变这个值的读法，jixiao-lint 不理会标签，读作 {shown}；"
                      "请删除标签，并确认这个值是原意")
                en = (f"YAML tags such as '{written}' are not allowed: other tools read the value by the tag, jixiao-lint "
                      f"ignores it and reads {shown_en}; remove the tag and check that the value is what was meant")
                replacement = None
            self.problems.append(ReadProblem("yaml-tag", self.index, path, span, zh, en, replacement, seen,
                                             "safe" if replacement is not None else None))

    def too_large(self, text: str, pointer: str) -> str:
        """A number beyond any a form can mean (past a float's range; an integer of over 4,300 digits
        Python will not even turn back into text): an S004 at its cell, the cell kept as its text."""
        key = pointer.rsplit("/", 1)[-1].replace("~1", "/").replace("~0", "~")
        digits = sum(ch.isdigit() for ch in text)
        zh, en = (text, text) if len(text) <= 20 else (f"{text[:12]}…（{digits} 位数字）", f"{text[:12]}… ({digits} digits)")
        self.report("bad-value", pointer, self.value_spans.marks[pointer],
                    f"“{key}”的数值 {zh} 超出了表格能表示的范围；请检查是否多写或误粘贴了数字",
                    f"'{key}': {en} is beyond any number a form can hold; check for extra or pasted digits")
        self.reported.add(pointer)
        return text


def _shown_value(event: yaml.ScalarEvent) -> str:
    import json

    shown = json.dumps(_untagged(event), ensure_ascii=False)
    return shown if len(shown) <= 40 else shown[:37] + "…"


# A plain decimal this long may be past a float's range (1.8e308); shorter ones never are.
_LONGEST_NUMBER = 308


def _beyond_a_form(text: str) -> bool:
    """Whether a plain scalar is a number no float can hold (`.inf`, written as such, is not one of these)."""
    return (_INT.fullmatch(text) or _FLOAT.fullmatch(text)) is not None and math.isinf(float(text))


# A decimal that YAML 1.1 and 1.2 read alike: no sign but minus, no leading zero (octal to 1.1), no
# exponent, `_` or `:`.
_PLAIN_DECIMAL = re.compile(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?")
# The first characters of every plain scalar that YAML 1.2 or 1.1 reads as other than text (null, bools,
# numbers, infinities; the empty scalar is null): anything else is a string with no more tests.
_RESOLVED_START = frozenset("0123456789+-.~nNtTfFyYoO") | {""}


def expected_text(text: str, span: Span, value: object) -> str:
    """What a fix to the value (or key) at `span` expects to find there: the text at the span when it
    reads, on its own, as that very value; otherwise the value as JSON, which the text is not, so that
    --fix refuses to touch it (the span is not where the value is written)."""
    written = text[span.start:span.end]
    if type(value) is str and written == value:  # nearly every case: plain text, written as it reads
        return written
    if "\n" not in written and _PLAIN_DECIMAL.fullmatch(written) and resolve_plain(written) == value:
        return written
    form, _ = read_documents("", written)
    if len(form.documents) == 1:
        read = form.documents[0].data
        if type(read) is type(value) and read == value:
            return written
    import json

    return json.dumps(value, ensure_ascii=False, default=str)

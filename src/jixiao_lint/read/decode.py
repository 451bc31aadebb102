"""Bytes to text. Forms must be UTF-8; anything else is reported with the line and what to do."""

from __future__ import annotations

import codecs

from jixiao_lint.records import record


@record(slots=True)
class Decoded:
    text: str
    encoding: str  # codec to write the file back with
    bom: bool


@record(slots=True)
class DecodeProblem:
    line: int
    column: int
    message_zh: str
    message_en: str


# Files that are not text at all but are often saved or renamed as a form: say what they are and what to do.
_SIGNATURES = (
    (b"PK\x03\x04", "这是 Excel（.xlsx）或其他压缩文件，不是 YAML 文本；Excel 表格请用 jixiao-lint import 文件.xlsx 转换为 YAML",
     "this is an Excel (.xlsx) or other zip file, not YAML text; convert a workbook with jixiao-lint import FILE.xlsx"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "这是旧版 Excel（.xls）或 Word 文件，不是 YAML 文本；请在 Excel 中另存为 .xlsx，再用 jixiao-lint import 转换",
     "this is an old Excel (.xls) or Word file, not YAML text; save it as .xlsx in Excel, then use jixiao-lint import"),
    (b"%PDF", "这是 PDF 文件，不是 YAML 文本；请把表格内容按 YAML 格式填写（可参照 examples/ 中的示例）",
     "this is a PDF file, not YAML text; write the form's content as YAML (see examples/)"),
)


def decode(data: bytes) -> Decoded | DecodeProblem:
    for signature, zh, en in _SIGNATURES:
        if data.startswith(signature):
            return DecodeProblem(1, 1, zh, en)
    if data.startswith(codecs.BOM_UTF8):
        return _utf8(data[3:], bom=True)
    for bom, codec in ((codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"),
                       (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(bom):
            try:
                return Decoded(data[len(bom):].decode(codec), codec, True)
            except UnicodeDecodeError:
                return DecodeProblem(1, 1, f"文件以 {codec} 字节序标记开头，但内容无法按 {codec} 解码；请另存为 UTF-8",
                                     f"the file starts with a {codec} byte-order mark but does not decode as {codec}; save it as UTF-8")
    return _utf8(data, bom=False)


def _utf8(data: bytes, *, bom: bool) -> Decoded | DecodeProblem:
    nul = data.find(b"\x00")
    if nul != -1:
        utf16 = _looks_like_utf16(data)
        if utf16:
            return DecodeProblem(
                1, 1,
                f"文件看起来是 UTF-16 编码（{utf16}，没有字节序标记），不是 UTF-8；请用编辑器“另存为”UTF-8"
                f"（记事本：编码选 UTF-8；或运行 iconv -f {utf16} -t UTF-8）",
                f"the file looks like UTF-16 ({utf16}, without a byte-order mark), not UTF-8; re-save it as UTF-8 "
                f"(Notepad: Save As, encoding UTF-8; or iconv -f {utf16} -t UTF-8)")
        line, column = _where(data, nul)
        return DecodeProblem(line, column, f"第 {line} 行含有空字节（NUL），这不是文本文件；请确认文件是否为表格的 YAML 文本",
                             f"line {line} contains a NUL byte: this is not a text file; check that it is the form's YAML text")
    try:
        return Decoded(data.decode("utf-8"), "utf-8", bom)
    except UnicodeDecodeError as error:
        line, column = _where(data, error.start)
    if _looks_like_gb18030(data):
        return DecodeProblem(
            line, column,
            f"第 {line} 行不是 UTF-8 编码；文件看起来是 GBK/GB18030 编码。请用编辑器“另存为”UTF-8"
            "（记事本：编码选 UTF-8；或运行 iconv -f GB18030 -t UTF-8）",
            f"line {line} is not UTF-8; the file looks like GBK/GB18030. Re-save it as UTF-8 "
            "(Notepad: Save As, encoding UTF-8; or iconv -f GB18030 -t UTF-8)")
    return DecodeProblem(line, column, f"第 {line} 行不是 UTF-8 编码；请将文件另存为 UTF-8",
                         f"line {line} is not UTF-8; re-save the file as UTF-8")


def _where(data: bytes, offset: int) -> tuple[int, int]:
    # lines end at LF, CRLF or a CR alone, as model.form.line_starts counts them
    line_start = max(data.rfind(b"\n", 0, offset), data.rfind(b"\r", 0, offset)) + 1
    column = len(data[line_start:offset].decode("utf-8", errors="replace")) + 1
    lines = data.count(b"\n", 0, offset) + data.count(b"\r", 0, offset) - data.count(b"\r\n", 0, offset)
    return lines + 1, column


def _looks_like_utf16(data: bytes) -> str | None:
    """"UTF-16LE" or "UTF-16BE" when NUL bytes fall (nearly) all on one side of the code units, as the
    ASCII of keys, spaces and newlines puts them, and the whole decodes to text; else None."""
    if len(data) % 2:
        return None
    odd, even = data[1::2].count(0), data[0::2].count(0)
    for name, codec, nuls, others in (("UTF-16LE", "utf-16-le", odd, even), ("UTF-16BE", "utf-16-be", even, odd)):
        if nuls >= 0.9 * (nuls + others):
            try:
                text = data.decode(codec)
            except UnicodeDecodeError:
                return None
            printable = sum(1 for ch in text if ch.isprintable() or ch in "\t\r\n")
            return name if printable >= 0.95 * len(text) else None
    return None


def _looks_like_gb18030(data: bytes) -> bool:
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        return False
    # Arbitrary binary often "decodes" as GB18030 too; demand that it reads as mostly CJK text.
    cjk = sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff" or "\u3000" <= ch <= "\u303f" or "\uff00" <= ch <= "\uffef")
    non_ascii = sum(1 for ch in text if ord(ch) > 127)
    return non_ascii > 0 and cjk / non_ascii > 0.8

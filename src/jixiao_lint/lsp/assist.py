"""Hovers and completions, read from the document's text line by line rather than from its YAML tree:
while a clerk types, the form is half-written and often does not parse (`    un` is no mapping yet), and
that is exactly when completion is asked for. The key path found this way is looked up in the form
schema (its Chinese column name and description) and, for the values of `level1`, `level2` and `unit`,
in the lexicons the document's rule packs use."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from lsprotocol import types

from jixiao_lint.check.lexicons import read_yaml_data
from jixiao_lint.records import record
from jixiao_lint.resources import lexicons_dir
from jixiao_lint.schema.validate import column_name, column_note, schema_at

# A line of block YAML: its indentation, the `- ` of list items, then a key and what follows its colon.
_LINE = re.compile(r"^(?P<indent> *)(?P<dashes>(?:-(?: +|$))*)(?:(?P<key>[A-Za-z_][\w-]*)[ \t]*:(?=\s|$)(?P<rest>.*))?")
_BLOCK_SCALAR = re.compile(r"^\s*[|>][-+0-9]*\s*(#.*)?$")
_KIND = re.compile(r"^kind[ \t]*:[ \t]*[\"']?([\w-]+)")


@record
class Place:
    path: list  # key names and 0 for list items, from the document root to the container of the line
    siblings: set[str]  # keys already written beside the line's own
    kind: Any  # the document's `kind`, if written


def place(lines: list[str], line: int, column: int) -> Place:
    """Where a line sits in its document, judged by indentation: walking up from it, each line that
    starts further left opens one of its containers (a key with nothing after its colon, or the `- `
    of a list item). Only the line's own item or mapping is walked in full, so a hover deep in a
    1,000-row form reads a dozen lines, not the form."""
    text = lines[line][:column]
    match = _LINE.match(text)
    indent = len(match.group("indent"))
    dashes = re.findall(r"- *", match.group("dashes") or "")
    tokens: list = []
    siblings: set[str] = set()
    # The line's own `- `s open items; what it holds (or what is typed after them) is inside the last.
    if dashes:
        tokens = [0] * len(dashes)
        inner = indent + sum(map(len, dashes))
        at, after_item, collecting = indent, True, False
    else:
        inner = indent if text.strip() else len(text)
        at, after_item, collecting = inner, False, True
    index = line - 1
    while index >= 0 and (at > 0 or after_item or collecting):  # at the root: only its keys are left to gather
        current = lines[index]
        index -= 1
        if current.startswith("---"):
            break
        # Most lines above are deeper than anything that can hold the line (the rows before it in
        # its list): they are passed over on their indentation alone, without the pattern.
        own_indent = len(current) - len(current.lstrip(" "))
        if own_indent > (inner if collecting else at):
            continue
        if after_item and not collecting and own_indent == at and current.startswith("-", own_indent):
            continue  # an earlier item of the same list
        stripped = current.strip()
        if not stripped or stripped.startswith("#"):
            continue
        found = _LINE.match(current)
        own_dashes = re.findall(r"- *", found.group("dashes") or "")
        key_column = own_indent + sum(map(len, own_dashes))
        key, rest = found.group("key"), (found.group("rest") or "").strip()
        if collecting and key and key_column == inner:
            siblings.add(key)  # a key of the same mapping, above the line
        if own_dashes and own_indent < at:
            # An item that holds the line: its dashes left of the line are items around it.
            columns = [own_indent + sum(map(len, own_dashes[:k])) for k in range(len(own_dashes))]
            holding = [c for c in columns if c < at]
            if key and key_column < at and (not rest or rest.startswith("#")):
                tokens.insert(0, key)  # `- key:` with the line below it: the key's value holds the line
            tokens[:0] = [0] * len(holding)
            at, after_item, collecting = holding[0], True, False
            continue
        if key and not own_dashes and (key_column < at or (after_item and key_column == at)):
            if rest and not rest.startswith("#") and not _BLOCK_SCALAR.match(rest):
                if key_column < at:
                    break  # a scalar further left: the line is not inside it (bad indentation); stop here
                continue
            if _BLOCK_SCALAR.match(rest) and not after_item:
                continue  # the line is text of a block string (`key: |`): its key is no container
            tokens.insert(0, key)
            at, after_item, collecting = key_column, False, False
    kind = _kind(lines, line)
    return Place(tokens, siblings, kind)


def _kind(lines: list[str], line: int) -> Any:
    """The `kind:` of the document the line is in (documents are separated by `---`)."""
    start = line
    while start > 0 and not lines[start - 1].startswith("---"):
        start -= 1
    for text in lines[start:]:
        if text.startswith("---") and text is not lines[start]:
            break
        if (found := _KIND.match(text)):
            return found.group(1)
    return None


def key_at(line: str, column: int) -> str | None:
    """The key the cursor (a code-point column) is on, if it is on one."""
    match = _LINE.match(line)
    if match and match.group("key") and match.start("key") <= column <= match.end("key"):
        return match.group("key")
    return _flow_key(line, column)


def _flow_key(line: str, column: int) -> str | None:
    # `- {name: …, unit: 个}`: keys inside a one-line mapping
    for match in re.finditer(r"[{,]\s*([A-Za-z_][\w-]*)\s*:", line):
        if match.start(1) <= column <= match.end(1):
            return match.group(1)
    return None


def hover_key(lines: list[str], line: int, column: int) -> str | None:
    """Markdown for the key under the cursor: its Chinese column name and the schema's description."""
    key = key_at(lines[line], column)
    if key is None:
        return None
    where, path, _ = _container(lines, line, column)
    schema = _schema(where.kind, [*path, key])
    if schema is None:
        return None
    text = f"**{column_name(schema) or key}** · `{key}`"
    note = column_note(schema)
    return f"{text}\n\n{note}" if note else text


def _container(lines: list[str], line: int, column: int) -> tuple[Place, list, set[str]]:
    """The place of the cursor, the path of the mapping it is in, and the keys already in that mapping;
    inside a one-line `{…}` mapping, that mapping."""
    text = lines[line][:column]
    flow = _flow_segment(text)
    if flow is None:
        match = _LINE.match(text)
        at = match.start("key") if match and match.group("key") else column
        where = place(lines, line, at)
        return where, where.path, where.siblings
    opening, before = flow
    match = _LINE.match(text[:opening])
    where = place(lines, line, len(match.group("indent")) + len(match.group("dashes") or ""))
    path = [*where.path, match.group("key")] if match.group("key") else where.path
    return where, path, set(re.findall(r"[{,]\s*([A-Za-z_][\w-]*)\s*:", before))


def _schema(kind: Any, path: list) -> dict | None:
    try:
        return schema_at(kind, path)
    except (KeyError, TypeError, AttributeError):
        return None


def _properties(schema: dict | None) -> dict:
    if not schema:
        return {}
    properties = dict(schema.get("properties") or {})
    for option in schema.get("anyOf", []) + schema.get("oneOf", []):
        properties.update(option.get("properties") or {})
    return {key: value for key, value in properties.items() if isinstance(value, dict)}


def complete(lines: list[str], line: int, column: int, lexicon_dirs: list[Path]) -> list[types.CompletionItem]:
    """Keys where a key may be typed, values where a key's value is typed."""
    text = lines[line][:column] if line < len(lines) else ""
    flow = _flow_segment(text)
    segment = text if flow is None else text[flow[0] + len(flow[1]):]
    where, path, siblings = _container(lines, line, column)
    value = re.match(r"^\s*(?:-\s+)*(?P<key>[A-Za-z_][\w-]*)[ \t]*:[ \t]*[\"']?(?P<typed>[^\"'#]*)$", segment)
    if value:
        return _values(where.kind, path, value.group("key"), lines, line, lexicon_dirs)
    if re.match(r"^\s*(?:-\s+)*[A-Za-z_]?[\w-]*$", segment):
        return _keys(where.kind, path, siblings)
    return []


def _flow_segment(text: str) -> tuple[int, str] | None:
    """Inside an unclosed `{` on the line: where it opens, and the text from there to the segment being
    typed (the keys already written in it)."""
    depth, opening, last = 0, -1, -1
    for index, ch in enumerate(text):
        if ch == "{":
            depth += 1
            if depth == 1:
                opening = index
            last = index
        elif ch == "}":
            depth -= 1
        elif ch == "," and depth > 0:
            last = index
    if depth <= 0:
        return None
    return opening, text[opening:last + 1]


def _keys(kind: Any, path: list, siblings: set[str]) -> list[types.CompletionItem]:
    items = []
    for order, (key, schema) in enumerate(_properties(_schema(kind, path)).items()):
        if key in siblings:
            continue
        title = column_name(schema)
        items.append(types.CompletionItem(
            label=key, kind=types.CompletionItemKind.Property, detail=title,
            documentation=types.MarkupContent(types.MarkupKind.Markdown, column_note(schema) or title),
            insert_text=f"{key}: ", filter_text=key, sort_text=f"{order:03d}"))
    return items


def _values(kind: Any, path: list, key: str, lines: list[str], line: int, lexicon_dirs: list[Path]) -> list[types.CompletionItem]:
    schema = _schema(kind, [*path, key]) or {}
    report = "score_table" in path  # a report's score table is scored on the 共性指标框架, not the form's taxonomy
    if key == "level1" and path:
        return [_value(name, short) for name, short, _ in _categories(lexicon_dirs, report)]
    if key == "level2" and path:
        level1 = _sibling_value(lines, line, "level1")
        items = []
        for name, short, children in _categories(lexicon_dirs, report):
            if level1 is None or level1 == name or level1 in short:
                items += [_value(child.get("name", ""), child.get("short", []), detail=name) for child in children]
        return items
    if key == "unit" and path:
        return _units(_lexicon("units", lexicon_dirs), _sibling_value(lines, line, "name"))
    enums = list(schema.get("enum", []))
    for option in schema.get("anyOf", []):
        enums += option.get("enum", [])
        if option.get("type") == "boolean":
            enums += [True, False]
    return [_value("true" if v is True else "false" if v is False else str(v), [], detail=column_name(schema) or None,
                   sort=f"{i:03d}") for i, v in enumerate(enums)]


def _units(lexicon: dict, name: str | None) -> list[types.CompletionItem]:
    """The units of the lexicon; first those that can measure what the row's name says it counts (its
    head: 满意度 → %, 分; 次数 → 次), the usual one of them first, as U004 would have it."""
    units = lexicon.get("units", [])
    wanted: tuple = ()
    if name:
        own = re.sub(r"[\s（(][^（()）]*[)）]\s*$", "", re.split(r"[-－—–]+", name)[-1]).strip()
        heads = [h for h in lexicon.get("heads", []) if isinstance(h.get("head"), str) and own.endswith(h["head"])]
        found = max(heads, key=lambda h: len(h["head"]), default=None)
        if found and isinstance(found.get("measures"), list):
            wanted = tuple(found["measures"])
    usual = [lexicon.get("dimensions", {}).get(d, {}).get("usual") for d in wanted]

    def rank(item: tuple[int, dict]) -> tuple[int, int]:
        index, entry = item
        if entry["unit"] in usual:
            return (0, usual.index(entry["unit"]))
        return (1 if set(entry.get("measures", [])) & set(wanted) else 2, index)

    ordered = sorted(enumerate(units), key=rank)
    return [_value(entry["unit"], entry.get("variants", []), sort=f"{order:03d}") for order, (_, entry) in enumerate(ordered)]


def _value(label: str, also: list[str], detail: str | None = None, sort: str | None = None) -> types.CompletionItem:
    shown = "、".join(str(a) for a in also)
    return types.CompletionItem(label=label, kind=types.CompletionItemKind.EnumMember,
                                detail=detail or (f"也写作 {shown}" if shown else None), sort_text=sort)


def _categories(lexicon_dirs: list[Path], report: bool) -> list[tuple[str, list[str], list[dict]]]:
    taxonomy = _lexicon("taxonomy", lexicon_dirs)
    return [(entry["name"], list(entry.get("short", [])), list(entry.get("level2", [])))
            for entry in taxonomy.get("report" if report else "indicators", [])]


def _sibling_value(lines: list[str], line: int, key: str) -> str | None:
    """The value of `key` in the list item the line is in (looked for up to the item's `- `)."""
    own = lines[line]
    flow = re.search(rf"[{{,]\s*{key}\s*:\s*[\"']?([^,}}\"'#]+)", own)
    if flow:
        return flow.group(1).strip()
    indent = len(own) - len(own.lstrip(" -"))
    for index in range(line, -1, -1):
        text = lines[index]
        match = re.match(rf"^(\s*(?:-\s+)*){key}\s*:\s*[\"']?([^\"'#]+)", text)
        if match and len(match.group(1)) == indent:
            return match.group(2).strip()
        if text.lstrip().startswith("- ") and len(text) - len(text.lstrip(" -")) <= indent:
            if index != line:
                break
    for index in range(line + 1, len(lines)):  # or below it, up to the next item
        text = lines[index]
        if text.lstrip().startswith("- ") or (text.strip() and len(text) - len(text.lstrip(" ")) < indent):
            break
        match = re.match(rf"^\s*{key}\s*:\s*[\"']?([^\"'#]+)", text)
        if match:
            return match.group(1).strip()
    return None


_lexicon_cache: dict[Path, tuple[int, Any]] = {}


def _lexicon(name: str, directories: list[Path]) -> dict:
    """A lexicon as the document's rule packs see it (their own first), read again when it changes."""
    for directory in (*directories, lexicons_dir()):
        path = directory / f"{name}.yaml"
        try:
            mtime = path.stat().st_mtime_ns
        except OSError:
            continue
        cached = _lexicon_cache.get(path)
        if cached is None or cached[0] != mtime:
            try:
                data = read_yaml_data(path)
            except Exception:  # noqa: BLE001 — a broken lexicon is the lint's to report; no completion here
                data = {}
            cached = _lexicon_cache[path] = (mtime, data if isinstance(data, dict) else {})
        return cached[1]
    return {}

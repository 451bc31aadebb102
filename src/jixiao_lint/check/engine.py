"""Runs the checks over one form file and turns what they find into Findings.

Every check is either a compiled rule from a rule file or a Python rule registered in
check/python_rules/; both end in `Engine.finding`, where positions come from the YAML nodes."""

from __future__ import annotations

from functools import cached_property, partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterable

from jixiao_lint import profiles
from jixiao_lint.check import lexicons, python_rules
if TYPE_CHECKING:
    from jixiao_lint.check.compile import CompiledRule
from jixiao_lint.check.values import PENDING, Ref, format_value, plain
from jixiao_lint.model.finding import Finding, Fix
from jixiao_lint.model.form import Document, FormFile, Span
from jixiao_lint.model.rule import RuleInfo
from jixiao_lint.parse.rules_language import EXPRESSION_CELLS, RuleDecl, RuleFileError, parse_rule_file, Loc
from jixiao_lint.records import field, record
from jixiao_lint.resources import rules_dir
from jixiao_lint.settings import RULE_DEFAULTS

# The scoring rules of the trade (weights, grade bands, formulas) are not here: they are the profile's
# (rules/profiles/, jixiao_lint/profiles.py), given as the setting `profile`, national by default.
DEFAULT_SETTINGS: dict[str, Any] = RULE_DEFAULTS


@record
class RuleSet:
    """Every rule the run knows, in the order their files were read: built-in first, then extra packs."""

    declarations: dict[str, RuleDecl] = field(default_factory=dict)
    infos: dict[str, RuleInfo] = field(default_factory=dict)
    lexicon_dirs: list[Path] = field(default_factory=list)  # the packs' own lexicons, found first
    # Declared rules wait to be compiled until `compiled` is first asked for: a run the results cache
    # answers whole (commands/cache.py) compiles none. Each waits with the lexicons of the packs read
    # up to its own, which are what its `lexicon("…")` names are checked against, as if compiled at once.
    _pending: list[tuple[RuleDecl, tuple[Path, ...]]] = field(default_factory=list, repr=False)
    _compiled: list[CompiledRule] = field(default_factory=list, repr=False)

    def add(self, decl: RuleDecl) -> None:
        if decl.code in self.infos:
            where = self.declarations.get(decl.code)
            raise RuleFileError(decl.loc, f"rule code {decl.code} is already used" + (f" at {where.loc}" if where else ""),
                                f"规则代码 {decl.code} 已被使用" + (f"（{where.loc}）" if where else "") + "；请换一个代码")
        self._pending.append((decl, tuple(self.lexicon_dirs)))
        self.declarations[decl.code] = decl
        summary = decl.summary or (decl.code, decl.code)
        self.infos[decl.code] = RuleInfo(decl.code, decl.name, decl.severity, summary[0], summary[1],
                                         fixable=bool(decl.fix and decl.fix[0] == "safe"))

    @property
    def compiled(self) -> list[CompiledRule]:
        """Every rule compiled to closures, in declaration order. Raises RuleFileError for one that does
        not compile (a type error, an unknown name), when first asked."""
        if self._pending:
            # Imported here, with every function rule files may call: a run that compiles no rule needs none.
            from jixiao_lint.check.compile import compile_rule

            try:
                while self._pending:
                    decl, lexicon_dirs = self._pending[0]
                    lexicons.use(list(lexicon_dirs))
                    self._compiled.append(compile_rule(decl))
                    del self._pending[0]
            finally:
                lexicons.use(self.lexicon_dirs)
        return self._compiled


def collection_items(document: Ref, collection: str, notes_of: tuple[str, str] | None = None) -> list[Ref]:
    """The items a rule `for x in collection` runs over, in one document; with `notes_of` (`for note in
    notes(item.FIELD)`), the notes of that cell of each item (check/notes.py)."""
    if collection == EXPRESSION_CELLS:  # derived: the cells the expression grammar reads (check/notes.py)
        from jixiao_lint.check.notes import expression_cells

        items = expression_cells(document)
    else:
        items = document.child(collection).items()
    if notes_of is not None:
        from jixiao_lint.check.notes import note_items

        items = note_items(items, notes_of[1])
    return items


def rule_files(path: Path) -> list[Path]:
    if path.is_dir():
        return sorted(path.glob("*.rules"))
    return [path]


def load_rules(extra: Iterable[Path] = (), compile: bool = True) -> RuleSet:
    """Built-in rules, the pipeline's own checks and any extra rule packs. Raises RuleFileError (with
    `compile=False`, for a rule that does not compile only when `compiled` is first asked for)."""
    rules = RuleSet()
    for code, info in python_rules.pipeline_infos().items():
        rules.infos[code] = info
    lexicons.use(rules.lexicon_dirs)  # a rule's `lexicon("…")` is checked against its own packs' lexicons
    built_in = rule_files(rules_dir())
    # `test-rules rules/` or `--rules rules/` in a checkout names the built-in files again: read once.
    seen = {path.resolve() for path in built_in}
    packs = [f for p in extra for f in rule_files(Path(p)) if not (f.exists() and f.resolve() in seen)]
    for path in [*built_in, *packs]:
        if not path.exists():
            raise RuleFileError(Loc(str(path), 1, 1), "no such rule file or directory", "规则文件或目录不存在；请检查 --rules 或配置中 rules 的路径")
        own = path.parent / "lexicons"
        if path.parent != rules_dir() and own.is_dir() and own not in rules.lexicon_dirs:
            lexicons.check_pack(own)
            rules.lexicon_dirs.insert(0, own)  # a later pack's lexicons before an earlier one's
            lexicons.use(rules.lexicon_dirs)
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise RuleFileError(Loc(str(path), 1, 1), f"cannot read the rule file: {error}", f"无法读取规则文件：{error}") from None
        for decl in parse_rule_file(text, str(path)):
            rules.add(decl)
    if compile:
        rules.compiled
    return rules


class Engine:
    def __init__(self, rules: RuleSet, settings: dict[str, Any] | None = None,
                 enabled: Callable[[str], bool] = lambda code: True):
        self.rules = rules
        settings = settings or {}
        # A `weight_total` or `grade_bands` of their own (a configuration's) change the profile's.
        profile = profiles.with_overrides(settings.get("profile") or profiles.default(),
                                          settings.get("weight_total"), settings.get("grade_bands"))
        self.settings = {**DEFAULT_SETTINGS, **settings, **profiles.settings(profile)}
        self.enabled = enabled
        self.python_checks = [check for check in python_rules.REGISTRY if enabled(check.info.code)]

    @cached_property
    def active(self) -> list[CompiledRule]:
        """The enabled rules, compiled when first needed (see RuleSet.compiled)."""
        return [r for r in self.rules.compiled if self.enabled(r.decl.code)]

    def tasks(self, form: FormFile) -> list[Callable[[], list[Finding]]]:
        """One task per enabled rule, in rule order, each giving that rule's findings on the form: the unit
        a large form's checks are shared out in (check/spread.py)."""
        lexicons.use(self.rules.lexicon_dirs)
        documents = [Ref(d.index, "", d.data) for d in form.documents]
        # Every rule over a collection walks the same items: one Ref per item per document, not per rule;
        # with them go their plain values and what the rules work out from an item alone (vector.py).
        items: dict[tuple[int, str], tuple[list[Ref], list, dict[str, list]]] = {}
        # Imported here, once a form is checked (a run the results cache answers needs no evaluator).
        from jixiao_lint.check import vector

        tasks: list[Callable[[], list[Finding]]] = [
            partial(self._check_rule, rule, form, documents, items, vector) for rule in self.active]
        tasks += [partial(self._check_python, check, form) for check in self.python_checks]
        return tasks

    def _check_rule(self, rule: CompiledRule, form: FormFile, documents: list[Ref],
                    items: dict[tuple[int, str], tuple[list[Ref], list, dict[str, list]]], vector) -> list[Finding]:
        """The rule's findings: its columns (check/vector.py) run over each document, a frame of one row,
        and for a rule over a collection over the frame of the collection's items."""
        Frame, passing = vector.Frame, vector.passing
        findings: list[Finding] = []
        scope = rule.decl.scope
        if scope == "file":
            if form.documents:
                frame = Frame([documents], [documents], _pending(rule.document_lets, 1), None, 0, None, self.settings)
                if passing(rule.document_conditions, frame, [0]):
                    self._report(rule, frame, [0], [None], form, findings)
            return findings
        for document, ref in zip(form.documents, documents):
            if not isinstance(document.data, dict):
                continue
            frame = Frame([ref], [ref.value], _pending(rule.document_lets, 1), None, 0, None, self.settings)
            if not passing(rule.document_conditions, frame, [0]):
                continue
            if scope == "document":
                self._report(rule, frame, [0], [ref], form, findings)
                continue
            for collection in rule.decl.collections:
                notes_of = rule.decl.notes_of
                key = (document.index, collection) if notes_of is None else (document.index, collection, notes_of[1])
                walked = items.get(key)
                if walked is None:
                    refs = collection_items(ref, collection, notes_of)
                    walked = items[key] = (refs, [r.value for r in refs], {})
                refs, values, shared = walked
                lets = _pending(rule.item_lets, len(refs))
                # The outer item (`let indicator = note.owner`, put in by the parser) is each note's owner,
                # filled in here as the Ref it was read as: worked out as a field, it would be a place
                # inside the note's cell (`…/target/owner`), and findings `at indicator.name` would be lost.
                if notes_of is not None and lets is not None and notes_of[0] in lets:
                    lets[notes_of[0]] = [note["owner"] for note in values]
                collection_frame = Frame(refs, values, lets, frame, 0, shared, self.settings)
                rows = passing(rule.item_conditions, collection_frame, list(range(len(refs))))
                if rows:
                    self._report(rule, collection_frame, rows, [refs[row] for row in rows], form, findings)
        return findings

    def _check_python(self, check: python_rules.PythonRule, form: FormFile) -> list[Finding]:
        return [self.finding(form, document.index, hit.path, check.info, hit.message_zh, hit.message_en,
                             hit.replacement, hit.applicability, hit.part, hit.inner)
                for document in form.documents if isinstance(document.data, dict)
                for hit in check.run(document, self.settings)]

    def _report(self, rule: CompiledRule, frame, rows: list[int], subjects: list[Ref | None], form: FormFile,
                findings: list[Finding]) -> None:
        """The findings of the rows every condition held for: each at the rule's `at` or else at its
        subject (the item, the document; none for a rule over the file)."""
        from jixiao_lint.check.notes import NoteRecord  # here: a run the results cache answers reports nothing

        decl = rule.decl
        targets = rule.at(frame, rows) if rule.at is not None else subjects
        fixes = rule.fix(frame, rows) if rule.fix is not None else [None] * len(rows)
        pieces = rule.at_piece(frame, rows) if rule.at_piece is not None else None
        info = self.rules.infos[decl.code]
        for i, (target, subject, fix, zh, en) in enumerate(zip(targets, subjects, fixes, rule.message_zh(frame, rows),
                                                                rule.message_en(frame, rows))):
            if isinstance(target, Ref):
                document, pointer = target.document, target.pointer
            elif subject is not None:
                document, pointer = subject.document, subject.pointer
            else:
                document, pointer = 0, ""
            replacement = applicability = None
            if fix is not None:
                replacement, applicability = _as_text(fix), decl.fix[0]
            point = _piece_offsets(form, document, pointer, pieces[i]) if pieces is not None else None
            # At a note (`at note`): the caret on its span, which its fix (`fix safe note.replacement`) replaces.
            inner = None
            if rule.at is not None and isinstance(target, Ref) and type(target.value) is NoteRecord:
                inner = (target.value["start"], target.value["end"])
            findings.append(self.finding(form, document, pointer, info, zh, en, replacement, applicability,
                                         decl.at_part, inner, point))

    def finding(self, form: FormFile, document_index: int, pointer: str, info: RuleInfo, message_zh: str,
                message_en: str, replacement: str | None = None, applicability: str | None = None,
                part: str | None = None, inner: tuple[int, int] | None = None,
                point: tuple[int, int] | None = None) -> Finding:
        """`inner`: the piece of a string value the finding is about and its fix replaces; `point`: a piece
        the finding points at, while its fix (if any) replaces the whole value."""
        document = form.documents[document_index]
        span = document.locate(pointer)
        # A fix may only replace exactly what it was computed for: the field itself (not the ancestor a
        # missing field is shown at), or the piece of it located inside the text. Otherwise no fix.
        fixable = pointer in document.value_spans
        whole = part is None and inner is None
        if part not in (None, "raw"):
            inner = _part_offsets(document, pointer, part)
        if inner is not None:
            piece = _inner_span(form, document, pointer, span, *inner)
            if piece is not None:
                span = piece
            elif fixable and replacement is not None and pointer in document.quoted:
                # The piece is written with escapes ("$\\geqslant$ 95") or folded over lines: rewrite the
                # whole scalar, in its own quoting style, so every way of writing the value gets its fix.
                value = str(_value_at(document.data, pointer))
                replacement, whole = value[:inner[0]] + replacement + value[inner[1]:], True
            else:
                fixable = False
        elif part not in (None, "raw"):
            fixable = False
        fix = None
        if replacement is not None and applicability in ("safe", "unsafe") and fixable:
            if whole:
                replacement = _yaml_replacement(form, document, pointer, span, replacement)
            if whole or inner is None:  # the whole value's written text (or "raw": the same, quotes included)
                from jixiao_lint.read.yaml_tree import expected_text

                expected = expected_text(form.text, span, _value_at(document.data, pointer))
            else:  # _inner_span found the value written as it reads: the piece is the value's own text
                expected = form.text[span.start:span.end]
            fix = Fix(replacement, applicability, span.start, span.end, expected)
        if point is not None:
            span = _inner_span(form, document, pointer, span, *point) or span
        return Finding(form.name, document_index, pointer, span.line, span.column, span.end_line, span.end_column,
                       info.code, info.name, info.severity, message_zh, message_en, fix)


def _pending(lets: tuple[str, ...], rows: int) -> dict[str, list] | None:
    """The columns of a frame's lets, none computed yet (a let is computed on first read)."""
    return {name: [PENDING] * rows for name in lets} if lets else None


def _as_text(value: Any) -> str:
    value = plain(value)
    if isinstance(value, float):
        return format_value(round(value, 2))
    return str(value)


def _piece_offsets(form: FormFile, document_index: int, pointer: str, piece: Any) -> tuple[int, int] | None:
    """Where the text `piece` first stands in the cell's value (`at piece within cell`), or None."""
    piece = plain(piece)
    value = _value_at(form.documents[document_index].data, pointer)
    if not isinstance(piece, str) or not piece or not isinstance(value, str):
        return None
    start = value.find(piece)
    return (start, start + len(piece)) if start >= 0 else None


def _part_offsets(document: Document, pointer: str, part: str) -> tuple[int, int] | None:
    """Where the operator, value, unit or wording lies inside a target scalar, in characters of its value."""
    from jixiao_lint.parse.expression import ExpressionError, parse_target

    value = _value_at(document.data, pointer)
    if not isinstance(value, str):
        return None
    try:
        parsed = parse_target(value)
    except ExpressionError as error:
        return (error.start, error.end) if part == "operator" else None
    return getattr(parsed, f"{part}_span", None) if part != "wording" else parsed.value_span


def _inner_span(form: FormFile, document: Document, pointer: str, span: Span, start: int, end: int) -> Span | None:
    """A piece of a string value, when the value is written on one line exactly as it reads."""
    value = _value_at(document.data, pointer)
    if span.line != span.end_line or value is None:
        return None
    value = str(value)
    offset = 1 if pointer in document.quoted else 0
    if form.text[span.start + offset:span.start + offset + len(value)] != value:
        return None  # escapes or folding: the string is not written as it reads
    return Span(span.line, span.column + offset + start, span.line, span.column + offset + end,
                span.start + offset + start, span.start + offset + end)


def _value_at(data: Any, pointer: str) -> Any:
    for token in pointer.split("/")[1:]:
        token = token.replace("~1", "/").replace("~0", "~")
        if isinstance(data, dict):
            data = data.get(token)
        elif isinstance(data, list) and token.isdigit() and int(token) < len(data):
            data = data[int(token)]
        else:
            return None
    return data


def _yaml_replacement(form: FormFile, document: Document, pointer: str, span: Span, replacement: str) -> str:
    """A whole value is replaced: keep the quoting the author chose, and quote text YAML would misread."""
    from jixiao_lint.read.yaml_tree import double_quoted, resolve_plain

    written = form.text[span.start:span.end]
    if written[:1] == "'":
        return "'" + replacement.replace("'", "''") + "'"
    if written[:1] == '"':
        return double_quoted(replacement)
    original = _value_at(document.data, pointer)
    if isinstance(original, str) and not isinstance(resolve_plain(replacement), str):
        # text stays text unless the fix means a number (a badly typed number made a number)
        try:
            float(replacement)
            return replacement
        except ValueError:
            return '"' + replacement + '"'
    if replacement[:1] in "!&*?|>'\"%@`{[#,-" or ": " in replacement or " #" in replacement:
        return double_quoted(replacement)
    return replacement

"""The protocol side: documents are linted on open, save and change (after a short quiet spell, and
never two lints of one document at once: changes that arrive during a lint are linted together when it
ends), in a worker thread so that the event loop keeps answering. Results are kept per document
version for the code actions, hovers and completions that follow.

Options (`initializationOptions`, all optional): `lang` ("zh" or "en", over the configuration's),
`debounce_ms` (the quiet spell after a change before linting, default 15)."""

from __future__ import annotations

import asyncio
import hashlib
import logging
import os
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.uris import to_fs_path

from jixiao_lint import __version__
from jixiao_lint.lsp.actions import FIX_ALL, Linted, code_actions
from jixiao_lint.lsp.positions import Positions
from jixiao_lint.lsp.setups import Entry, Setups
from jixiao_lint.records import record, replace

DEBOUNCE = 0.015
_SEVERITY = {"error": types.DiagnosticSeverity.Error, "warning": types.DiagnosticSeverity.Warning,
             "info": types.DiagnosticSeverity.Information}
# What makes open documents worth linting again when it changes on disk.
_WATCHED = ("**/.jixiao-lint.yaml", "**/.jixiao-lint.yml", "**/pyproject.toml", "**/*.rules", "**/lexicons/*.yaml")
_CONFIG_NAMES = (".jixiao-lint.yaml", ".jixiao-lint.yml", "pyproject.toml")


@record
class _State:
    """What the server keeps of one open document."""

    linted: Linted | None = None
    task: asyncio.Task | None = None
    wanted: bool = False  # a lint of the newest text is due
    changed_at: float = 0.0
    quiet: float = 0.0  # how long after changed_at: the last request's (0 on open and save)


class FormServer(LanguageServer):
    def __init__(self) -> None:
        super().__init__("jixiao-lint", __version__, text_document_sync_kind=types.TextDocumentSyncKind.Incremental)
        self.setups = Setups()
        self.states: dict[str, _State] = {}
        self.lang: str | None = None
        self.debounce = DEBOUNCE
        # One lint at a time: the engine's lexicon caches are shared, and one core is all a lint needs.
        self.linter = ThreadPoolExecutor(max_workers=1, thread_name_prefix="jixiao-lint")
        self.docs = _RuleDocs()

    # --- linting -------------------------------------------------------------------------------------

    def schedule(self, uri: str, delay: float = 0.0) -> None:
        state = self.states.setdefault(uri, _State())
        state.wanted = True
        state.changed_at, state.quiet = asyncio.get_running_loop().time(), delay
        if state.task is None or state.task.done():
            state.task = asyncio.get_running_loop().create_task(self._lint_when_quiet(uri, state))

    async def _lint_when_quiet(self, uri: str, state: _State) -> None:
        loop = asyncio.get_running_loop()
        while state.wanted:
            while (wait := state.changed_at + state.quiet - loop.time()) > 0:
                await asyncio.sleep(wait)
            state.wanted = False
            document = self.workspace.get_text_document(uri)
            linted = await loop.run_in_executor(self.linter, self.lint, uri, document.source, document.version)
            if self.states.get(uri) is not state:
                return  # closed meanwhile
            if state.wanted:
                continue  # the text changed during the lint: these ranges would be off, lint the new one
            state.linted = linted
            self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(
                uri=uri, diagnostics=linted.diagnostics, version=linted.version))

    async def linted(self, uri: str) -> Linted:
        """The lint of the document's current text: the kept one, or a new one (off the loop)."""
        document = self.workspace.get_text_document(uri)
        state = self.states.setdefault(uri, _State())
        if state.linted is not None and state.linted.version == document.version and state.linted.text == document.source:
            return state.linted
        linted = await asyncio.get_running_loop().run_in_executor(self.linter, self.lint, uri, document.source, document.version)
        state.linted = linted
        return linted

    def lint(self, uri: str, text: str, version: int | None) -> Linted:
        """In the worker thread. Never raises: whatever goes wrong is a diagnostic on the document."""
        encoding = self.workspace.position_encoding or types.PositionEncodingKind.Utf16
        linted = Linted(uri, version, text, Positions(text, encoding), self.lang or "zh")
        try:
            self._lint(linted)
        except Exception as error:  # noqa: BLE001 — a bug of ours must not take the editor's server down
            logging.getLogger(__name__).exception("lint of %s failed", uri)
            linted.pairs = []
            linted.diagnostics = [_document_diagnostic(
                linted, f"jixiao-lint 内部错误，未能检查此表：{type(error).__name__}: {error}；请报告给维护者",
                f"jixiao-lint hit an internal error and could not check this form: {type(error).__name__}: {error}; "
                "please report it")]
        return linted

    def _lint(self, linted: Linted) -> None:
        from jixiao_lint.lint import lint_source
        from jixiao_lint.read.files import DEFAULT_MAX_FILE_SIZE, FORM_SUFFIXES, Source

        fs_path = to_fs_path(linted.uri) if linted.uri.startswith("file:") else None
        path = Path(fs_path) if fs_path else None
        root = Path(self.workspace.root_path) if self.workspace.root_path else None
        entry = self.setups.for_path(path, root)
        linted.lang = self.lang or entry.config.get("lang", "zh")
        if (path is not None and not path.name.endswith(FORM_SUFFIXES)) or entry.excludes(path, root):
            return  # the CLI would not lint it either (not *.yaml, the configuration file, .pre-commit-config.yaml, excludes)
        if entry.setup is None:
            linted.diagnostics = [_document_diagnostic(
                linted, f"配置有误，未检查此表：{entry.error.zh}", f"the configuration cannot be used, so this form "
                f"was not checked: {entry.error.en}")]
            return
        linted.name = _display(path, root) if path else linted.uri
        linted.path = path
        linted.engine = entry.setup.engine
        linted.rules = entry.setup.rules
        linted.max_size = int(entry.config.get("max_file_size", DEFAULT_MAX_FILE_SIZE))
        result = lint_source(Source(linted.name, path), linted.engine,
                             linted.text.encode("utf-8", "surrogatepass"), linted.max_size)
        linted.result = result
        overrides = entry.config.get("severity", {})
        for finding in result.findings:
            if finding.rule in overrides:
                finding = replace(finding, severity=overrides[finding.rule])
            diagnostic = self._diagnostic(linted, entry, finding)
            linted.pairs.append((finding, diagnostic))
            linted.diagnostics.append(diagnostic)

    def _diagnostic(self, linted: Linted, entry: Entry, finding) -> types.Diagnostic:
        positions = linted.positions
        href = self.docs.href(entry, finding.rule, linted.lang)
        return types.Diagnostic(
            range=types.Range(positions.position(finding.line, finding.column),
                              positions.position(finding.end_line, finding.end_column)),
            message=finding.message(linted.lang), severity=_SEVERITY[finding.severity], code=finding.rule,
            code_description=types.CodeDescription(href=href) if href else None, source="jixiao-lint",
            data={"name": finding.name, "fix": finding.fix.applicability if finding.fix else None})

    def lint_all_open(self) -> None:
        self.setups.forget()
        for uri in list(self.states):
            self.schedule(uri)


def _document_diagnostic(linted: Linted, zh: str, en: str) -> types.Diagnostic:
    """A problem with the whole document, shown on its first line."""
    end = linted.positions.position(1, len(linted.positions.line(0)) + 1)
    return types.Diagnostic(range=types.Range(types.Position(0, 0), end), message=en if linted.lang == "en" else zh,
                            severity=types.DiagnosticSeverity.Error, source="jixiao-lint")


def _display(path: Path, root: Path | None) -> str:
    if root:
        try:
            return path.resolve().relative_to(root.resolve()).as_posix()
        except ValueError:
            pass
    return str(path)


class _RuleDocs:
    """The documentation a diagnostic's code links to: each rule's `--explain` text as a Markdown file
    (one directory per configuration, since rule packs differ), written when a finding first needs it.
    An editor opens the file:// link like any other file; it works offline, for a pack's rules too."""

    def __init__(self) -> None:
        from jixiao_lint.parse.cache import cache_dir

        base = cache_dir()
        self.root = base / "rule-docs" if base else Path(tempfile.mkdtemp(prefix="jixiao-lint-docs-"))
        self.written: dict[tuple[int, str, str], str] = {}

    def href(self, entry: Entry, code: str, lang: str) -> str | None:
        key = (id(entry.setup.rules), code, lang)
        if key not in self.written:
            from jixiao_lint.commands.explain import explain_markdown

            text = explain_markdown(entry.setup.rules, code, lang)
            if text is None:
                return None
            where = hashlib.sha256(str(entry.config_path).encode()).hexdigest()[:12]
            path = self.root / where / f"{code}.{lang}.md"
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                if not path.is_file() or path.read_text(encoding="utf-8") != text:
                    path.write_text(text, encoding="utf-8")
            except OSError:
                return None
            self.written[key] = path.as_uri()
        return self.written[key]


server = FormServer()


@server.feature(types.INITIALIZE)
def _initialize(ls: FormServer, params: types.InitializeParams) -> None:
    options = params.initialization_options if isinstance(params.initialization_options, dict) else {}
    if options.get("lang") in ("zh", "en"):
        ls.lang = options["lang"]
    if isinstance(options.get("debounce_ms"), (int, float)) and options["debounce_ms"] >= 0:
        ls.debounce = options["debounce_ms"] / 1000


@server.feature(types.INITIALIZED)
async def _initialized(ls: FormServer, params: types.InitializedParams) -> None:
    watching = ls.client_capabilities.workspace and ls.client_capabilities.workspace.did_change_watched_files
    if watching and watching.dynamic_registration:
        options = types.DidChangeWatchedFilesRegistrationOptions(
            watchers=[types.FileSystemWatcher(glob_pattern=pattern) for pattern in _WATCHED])
        try:
            await ls.client_register_capability_async(types.RegistrationParams(registrations=[types.Registration(
                id="jixiao-lint-watch", method=types.WORKSPACE_DID_CHANGE_WATCHED_FILES, register_options=options)]))
        except Exception:  # noqa: BLE001 — without watching, a change is still seen at the next lint
            pass


@server.feature(types.TEXT_DOCUMENT_DID_OPEN)
def _did_open(ls: FormServer, params: types.DidOpenTextDocumentParams) -> None:
    ls.schedule(params.text_document.uri)


@server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
def _did_change(ls: FormServer, params: types.DidChangeTextDocumentParams) -> None:
    ls.schedule(params.text_document.uri, ls.debounce)


@server.feature(types.TEXT_DOCUMENT_DID_SAVE)
def _did_save(ls: FormServer, params: types.DidSaveTextDocumentParams) -> None:
    uri = params.text_document.uri
    if uri.endswith(_CONFIG_NAMES) or uri.endswith((".rules",)) or "/lexicons/" in uri:
        ls.lint_all_open()
    else:
        ls.schedule(uri)


@server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
def _did_close(ls: FormServer, params: types.DidCloseTextDocumentParams) -> None:
    state = ls.states.pop(params.text_document.uri, None)
    if state and state.task and not state.task.done():
        state.task.cancel()
    ls.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=params.text_document.uri, diagnostics=[]))


@server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
def _watched_changed(ls: FormServer, params: types.DidChangeWatchedFilesParams) -> None:
    ls.lint_all_open()


@server.feature(types.TEXT_DOCUMENT_CODE_ACTION, types.CodeActionOptions(
    code_action_kinds=[types.CodeActionKind.QuickFix, FIX_ALL]))
async def _code_action(ls: FormServer, params: types.CodeActionParams) -> list[types.CodeAction]:
    linted = await ls.linted(params.text_document.uri)
    return await asyncio.get_running_loop().run_in_executor(ls.linter, code_actions, linted, params)


@server.feature(types.TEXT_DOCUMENT_HOVER)
def _hover(ls: FormServer, params: types.HoverParams) -> types.Hover | None:
    from jixiao_lint.lsp.assist import hover_key

    document = ls.workspace.get_text_document(params.text_document.uri)
    positions = Positions(document.source, ls.workspace.position_encoding or types.PositionEncodingKind.Utf16)
    lines = [positions.line(i) for i in range(len(positions.starts))]
    if params.position.line >= len(lines):
        return None
    parts = []
    state = ls.states.get(params.text_document.uri)
    linted = state.linted if state else None
    if linted and linted.version == document.version and linted.rules is not None:
        from jixiao_lint.commands.explain import explain_markdown

        at = (params.position.line, params.position.character)
        for finding, diagnostic in linted.pairs:
            start, end = diagnostic.range.start, diagnostic.range.end
            if (start.line, start.character) <= at <= (end.line, end.character):
                text = explain_markdown(linted.rules, finding.rule, linted.lang)
                if text and text not in parts:
                    parts.append(text)
    key = hover_key(lines, params.position.line, positions.column(params.position))
    if key:
        parts.insert(0, key)
    if not parts:
        return None
    return types.Hover(contents=types.MarkupContent(types.MarkupKind.Markdown, "\n\n---\n\n".join(parts)))


@server.feature(types.TEXT_DOCUMENT_COMPLETION, types.CompletionOptions(trigger_characters=[":", " "]))
def _completion(ls: FormServer, params: types.CompletionParams) -> types.CompletionList:
    from jixiao_lint.lsp.assist import complete

    document = ls.workspace.get_text_document(params.text_document.uri)
    positions = Positions(document.source, ls.workspace.position_encoding or types.PositionEncodingKind.Utf16)
    lines = [positions.line(i) for i in range(len(positions.starts))]
    if params.position.line >= len(lines):
        return types.CompletionList(is_incomplete=False, items=[])
    state = ls.states.get(params.text_document.uri)
    rules = state.linted.rules if state and state.linted else None
    items = complete(lines, params.position.line, positions.column(params.position), rules.lexicon_dirs if rules else [])
    return types.CompletionList(is_incomplete=False, items=items)


class _Brief(logging.Formatter):
    """A logged error in one line (its exception's type and message, as the client's output pane shows
    it), the traceback only with JIXIAO_LINT_DEBUG=1: a malformed message from a client is not ours."""

    def __init__(self, pattern: str, debug: bool):
        super().__init__(pattern)
        self.debug = debug

    def formatException(self, exc_info) -> str:
        if self.debug:
            return super().formatException(exc_info)
        error = exc_info[1]
        return f"  ({type(error).__name__}: {error}; set JIXIAO_LINT_DEBUG=1 for the traceback)"


def main(argv: list[str]) -> int:
    from jixiao_lint.errors import ArgumentParser, requested_language

    parser = ArgumentParser(prog="jixiao-lint server", language=lambda: requested_language(argv) or "zh",
                            description="Language Server Protocol server for form files, over standard input and output.")
    parser.add_argument("--stdio", action="store_true", help="talk over standard input/output (the default; accepted for clients that pass it)")
    parser.parse_args(argv)
    # The protocol owns standard output: anything else printed there (a warning, a stray print) would
    # corrupt it, so print() goes to standard error from here on.
    stdout = sys.stdout.buffer
    sys.stdout = sys.stderr
    debug = bool(os.environ.get("JIXIAO_LINT_DEBUG"))
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(_Brief("jixiao-lint server: %(levelname)s %(message)s", debug))
    logging.basicConfig(level=logging.DEBUG if debug else logging.WARNING, handlers=[handler])
    server.start_io(sys.stdin.buffer, stdout)
    return 0

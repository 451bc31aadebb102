"""A real LSP client (pygls's) driving `jixiao-lint server` in a subprocess, for the tests and the
benchmark. Edits are applied here with our own UTF-16 arithmetic, not the server's, so a test of a
quick fix checks the server's positions against an independent reading of the protocol."""

from __future__ import annotations

import asyncio
import os
import sys
import threading
from pathlib import Path

from lsprotocol import types
from pygls.lsp.client import LanguageClient

TIMEOUT = 30  # seconds for any one answer; a hung server fails the test instead of hanging the suite


def server_command() -> list[str]:
    """The installed entry point when there is one (as an editor starts it), else the module."""
    installed = Path(sys.executable).with_name("jixiao-lint")
    if installed.is_file() and os.access(installed, os.X_OK):
        return [str(installed), "server"]
    return [sys.executable, "-m", "jixiao_lint", "server"]


def utf16_offset(text: str, position: types.Position) -> int:
    """The Python string index of an LSP position (UTF-16 code units) in `text`."""
    lines = text.split("\n")
    index = sum(len(line) + 1 for line in lines[:position.line])
    units = 0
    for ch in lines[position.line] if position.line < len(lines) else "":
        if units >= position.character:
            break
        units += 2 if ord(ch) > 0xFFFF else 1
        index += 1
    return index


def utf16_column(line: str, column: int) -> int:
    """The UTF-16 column of the Python index `column` on a line."""
    return sum(2 if ord(ch) > 0xFFFF else 1 for ch in line[:column])


def apply_edits(text: str, edits: list[types.TextEdit]) -> str:
    spans = sorted(((utf16_offset(text, e.range.start), utf16_offset(text, e.range.end), e.new_text) for e in edits),
                   reverse=True)
    for start, end, new in spans:
        text = text[:start] + new + text[end:]
    return text


class Session:
    """`async with Session(root) as s:` starts the server with `root` as the workspace and stops it
    after, killing it if it does not stop by itself."""

    def __init__(self, root: Path, options: dict | None = None, watch: bool = True, command: list[str] | None = None):
        self.root = root
        self.command = command or server_command()
        self.options = options
        self.watch = watch
        self.client = LanguageClient("jixiao-lint-tests", "1")
        self.published: dict[str, list[types.PublishDiagnosticsParams]] = {}
        self.registrations: list[types.Registration] = []
        self.arrived = asyncio.Event()
        self.texts: dict[str, str] = {}
        self.versions: dict[str, int] = {}

        @self.client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        def _published(params: types.PublishDiagnosticsParams) -> None:
            self.published.setdefault(params.uri, []).append(params)
            self.arrived.set()

        @self.client.feature(types.CLIENT_REGISTER_CAPABILITY)
        def _register(params: types.RegistrationParams) -> None:
            self.registrations += params.registrations

        @self.client.feature(types.WINDOW_LOG_MESSAGE)
        def _log(params) -> None:
            pass

    async def __aenter__(self) -> "Session":
        await self.client.start_io(*self.command, cwd=str(self.root))
        capabilities = types.ClientCapabilities(
            workspace=types.WorkspaceClientCapabilities(did_change_watched_files=types.DidChangeWatchedFilesClientCapabilities(
                dynamic_registration=self.watch)),
            text_document=types.TextDocumentClientCapabilities(publish_diagnostics=types.PublishDiagnosticsClientCapabilities(
                version_support=True)))
        await asyncio.wait_for(self.client.initialize_async(types.InitializeParams(
            capabilities=capabilities, root_uri=self.root.as_uri(), process_id=os.getpid(),
            initialization_options=self.options)), TIMEOUT)
        self.client.initialized(types.InitializedParams())
        return self

    async def __aexit__(self, *exc) -> None:
        process = self.client._server
        try:
            await asyncio.wait_for(self.client.shutdown_async(None), 5)
            self.client.exit(None)
            await asyncio.wait_for(process.wait(), 5)
        except Exception:  # noqa: BLE001 — whatever happened, the server must not outlive the test
            pass
        finally:
            if process is not None and process.returncode is None:
                process.kill()
                await process.wait()
            try:
                await asyncio.wait_for(self.client.stop(), 5)
            except Exception:  # noqa: BLE001
                pass

    @property
    def returncode(self) -> int | None:
        return self.client._server.returncode

    def open(self, path: Path, text: str | None = None) -> str:
        """Open a file (its text on disk, unless `text` is given); returns its URI."""
        uri = path.as_uri()
        text = path.read_text(encoding="utf-8") if text is None else text
        self.texts[uri], self.versions[uri] = text, 1
        self.client.text_document_did_open(types.DidOpenTextDocumentParams(
            types.TextDocumentItem(uri=uri, language_id="yaml", version=1, text=text)))
        return uri

    def change(self, uri: str, text: str) -> int:
        """Send the whole new text; returns its version."""
        self.versions[uri] += 1
        self.texts[uri] = text
        self.client.text_document_did_change(types.DidChangeTextDocumentParams(
            types.VersionedTextDocumentIdentifier(uri=uri, version=self.versions[uri]),
            [types.TextDocumentContentChangeWholeDocument(text=text)]))
        return self.versions[uri]

    def edit(self, uri: str, span: types.Range, new_text: str) -> int:
        """Send one incremental change, as an editor does for a keystroke; returns the new version."""
        self.versions[uri] += 1
        self.texts[uri] = apply_edits(self.texts[uri], [types.TextEdit(span, new_text)])
        self.client.text_document_did_change(types.DidChangeTextDocumentParams(
            types.VersionedTextDocumentIdentifier(uri=uri, version=self.versions[uri]),
            [types.TextDocumentContentChangePartial(range=span, text=new_text)]))
        return self.versions[uri]

    def count(self, uri: str) -> int:
        return len(self.published.get(uri, []))

    async def diagnostics(self, uri: str, version: int | None = None, after: int | None = None) -> list[types.Diagnostic]:
        """The diagnostics published for `uri` for this version (default: the newest sent), or the
        first publication after the `after`-th."""
        if version is None and after is None:
            version = self.versions[uri]

        async def arrived() -> list[types.Diagnostic]:
            while True:
                for index, params in enumerate(self.published.get(uri, [])):
                    if (after is not None and index >= after) or (after is None and params.version == version):
                        return list(params.diagnostics)
                self.arrived.clear()
                await self.arrived.wait()

        return await asyncio.wait_for(arrived(), TIMEOUT)

    async def code_actions(self, uri: str, span: types.Range, diagnostics: list[types.Diagnostic],
                           only: list[str] | None = None) -> list[types.CodeAction]:
        result = await asyncio.wait_for(self.client.text_document_code_action_async(types.CodeActionParams(
            types.TextDocumentIdentifier(uri), span, types.CodeActionContext(diagnostics=diagnostics, only=only))), TIMEOUT)
        return [a for a in result or [] if isinstance(a, types.CodeAction)]

    async def hover(self, uri: str, line: int, character: int) -> str | None:
        result = await asyncio.wait_for(self.client.text_document_hover_async(types.HoverParams(
            types.TextDocumentIdentifier(uri), types.Position(line, character))), TIMEOUT)
        return result.contents.value if result else None

    async def complete(self, uri: str, line: int, character: int) -> list[types.CompletionItem]:
        result = await asyncio.wait_for(self.client.text_document_completion_async(types.CompletionParams(
            types.TextDocumentIdentifier(uri), types.Position(line, character))), TIMEOUT)
        if result is None:
            return []
        return result.items if isinstance(result, types.CompletionList) else list(result)

    def apply(self, uri: str, edit: types.WorkspaceEdit) -> int:
        """Apply a workspace edit to our copy of the document and send it; returns the new version."""
        return self.change(uri, apply_edits(self.texts[uri], edit.changes[uri]))


class SharedServer:
    """One server and its client on an event loop in a thread of their own, shared by a module's tests
    (each test's conversation runs on that loop through `call`)."""

    def __init__(self, root: Path, options: dict | None = None):
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, name="lsp-client", daemon=True)
        self.thread.start()
        self.session = Session(root, options)
        try:
            self.call(self.session.__aenter__())
        except BaseException:
            self.close()
            raise

    def call(self, coroutine, timeout: float = 120):
        """Run one conversation on the client's loop, bounded as a whole."""
        return asyncio.run_coroutine_threadsafe(asyncio.wait_for(coroutine, timeout), self.loop).result()

    def close(self) -> None:
        try:
            self.call(self.session.__aexit__(None, None, None), timeout=30)
        finally:
            self.loop.call_soon_threadsafe(self.loop.stop)
            self.thread.join(10)


def run(coroutine, timeout: float = 120):
    """Run a conversation with a server of its own, bounded as a whole."""
    return asyncio.run(asyncio.wait_for(coroutine, timeout))

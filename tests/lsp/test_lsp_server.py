"""`jixiao-lint server` driven over stdio by a real LSP client (pygls's), as an editor starts it."""

from __future__ import annotations

import os
import time
from collections import Counter
from pathlib import Path
from urllib.parse import urlparse

import pytest
from lsprotocol import types

from lsp_session import Session, SharedServer, run, utf16_column

# A finding after Chinese text and an astral character (𠀀, two UTF-16 units) on the same line.
ASTRAL_LINE = '  - {name: 𠀀道路清扫保洁面积, level1: 产出指标, level2: 数量指标, unit: 万平方米, target: ">= 50", weight: 50}'
FORM = f"""kind: target-declaration
year: 2024
organization: 重庆市江北区城市管理局
project: 城市道路清扫保洁
indicators:
{ASTRAL_LINE}
  - name: 市民满意度
    level1: 满意度指标
    level2: 服务对象满意度指标
    unit: "%"
    target: ≥ 85
    weight: 50
"""
E001_START = utf16_column(ASTRAL_LINE, ASTRAL_LINE.index(">="))  # 72: the code-point column 71 plus one for 𠀀

PACK_RULE = """rule ZZ001 weight-too-big: warning
  summary "权重过大" / "weight too big"
  for indicator in indicators
  when num(indicator.weight) > {limit}
  at indicator.weight
  message "“{{indicator.name}}”权重 {{indicator.weight}} 大于 {limit}" / "'{{indicator.name}}' has weight {{indicator.weight}}, over {limit}"
end
"""


@pytest.fixture(scope="module")
def lsp(tmp_path_factory: pytest.TempPathFactory):
    """One server for the module (it starts in about a second, most of it importing lsprotocol): each
    test opens its own files in its own directory, and the configuration is found per file."""
    server = SharedServer(tmp_path_factory.mktemp("workspace"))
    yield server
    server.close()


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    (tmp_path / "form.yaml").write_text(FORM, encoding="utf-8")
    return tmp_path


def _range(start_line: int, start: int, end_line: int, end: int) -> types.Range:
    return types.Range(types.Position(start_line, start), types.Position(end_line, end))


def test_diagnostic_at_the_utf16_range_then_the_quick_fix_clears_it(lsp: SharedServer, workspace: Path) -> None:
    async def conversation(session: Session) -> None:
        uri = session.open(workspace / "form.yaml")
        diagnostics = await session.diagnostics(uri)
        assert [(d.code, d.range) for d in diagnostics] == [("E001", _range(5, E001_START, 5, E001_START + 2))]
        assert E001_START == 72
        diagnostic = diagnostics[0]
        assert diagnostic.severity == types.DiagnosticSeverity.Warning
        assert diagnostic.source == "jixiao-lint"
        assert diagnostic.message == "运算符写法不规范：`>=` 应写作 `≥`"
        assert diagnostic.data == {"name": "noncanonical-operator", "fix": "safe"}
        # The link is to the rule's --explain text.
        document = Path(urlparse(diagnostic.code_description.href).path)
        assert document.read_text(encoding="utf-8").startswith("# E001 noncanonical-operator")

        actions = await session.code_actions(uri, diagnostic.range, diagnostics)
        fix = next(a for a in actions if a.kind == types.CodeActionKind.QuickFix and a.is_preferred)
        assert fix.title == "修复 E001：改为“≥”"
        assert list(fix.edit.changes[uri]) == [types.TextEdit(_range(5, 72, 5, 74), "≥")]
        version = session.apply(uri, fix.edit)
        assert 'target: "≥ 50"' in session.texts[uri]
        assert await session.diagnostics(uri, version) == []

    lsp.call(conversation(lsp.session))


def test_fix_all_safe_and_unsafe_fixes_not_preferred(lsp: SharedServer, tmp_path: Path) -> None:
    text = FORM.replace("target: ≥ 85", "target: \">= 85\"").replace("市民满意度", "道路扬尘投诉发生率")
    (tmp_path / "form.yaml").write_text(text, encoding="utf-8")

    async def conversation(session: Session) -> None:
        uri = session.open(tmp_path / "form.yaml")
        diagnostics = await session.diagnostics(uri)
        assert [(d.code, d.range.start.line) for d in diagnostics] == [("E001", 5), ("E001", 10), ("OP001", 10)]
        op001 = diagnostics[2]
        unsafe = [a for a in await session.code_actions(uri, op001.range, [op001]) if a.title.startswith("修复 OP001")]
        assert len(unsafe) == 1 and unsafe[0].is_preferred is False and "不安全" in unsafe[0].title

        everything = _range(0, 0, len(text.splitlines()), 0)
        actions = await session.code_actions(uri, everything, [], only=[types.CodeActionKind.SourceFixAll])
        assert [(a.kind, a.title) for a in actions] == [("source.fixAll.jixiao-lint", "修复所有可安全修复的问题（2 处）")]
        version = session.apply(uri, actions[0].edit)
        assert session.texts[uri] == text.replace('">= 50"', '"≥ 50"').replace('">= 85"', '"≥ 85"')
        assert [d.code for d in await session.diagnostics(uri, version)] == ["OP001"]  # unsafe: left to the clerk

    lsp.call(conversation(lsp.session))


def test_disable_on_this_line_writes_the_suppression_comment(lsp: SharedServer, workspace: Path) -> None:
    async def conversation(session: Session) -> None:
        uri = session.open(workspace / "form.yaml")
        diagnostics = await session.diagnostics(uri)
        actions = await session.code_actions(uri, diagnostics[0].range, diagnostics)
        disable = next(a for a in actions if a.title.startswith("在此行禁用"))
        assert disable.title == "在此行禁用 E001（noncanonical-operator）" and not disable.is_preferred
        version = session.apply(uri, disable.edit)
        assert session.texts[uri].splitlines()[5] == ASTRAL_LINE + "  # jixiao-lint: disable=E001"
        assert await session.diagnostics(uri, version) == []  # silenced, and the comment is not stale (J001)

    lsp.call(conversation(lsp.session))


def test_disable_in_the_file_where_a_comment_on_the_line_would_not_be_one(lsp: SharedServer, tmp_path: Path) -> None:
    # A `#` appended to a line that ends inside a quoted string would become part of the text; one
    # after a block string's `|` is not read as a suppression (check/suppress.py takes the block's span
    # from its `|`). For these the file-wide comment is offered instead.
    text = FORM + 'goal: "一、完成清扫任务 XXX\n  二、其他"\nsummary: |\n  完成清扫任务 XXX\n'
    (tmp_path / "form.yaml").write_text(text, encoding="utf-8")

    async def conversation(session: Session) -> None:
        uri = session.open(tmp_path / "form.yaml")
        diagnostics = await session.diagnostics(uri)
        quoted, block = [d for d in diagnostics if d.code == "X003"]
        assert (quoted.range.start.line, block.range.start.line) == (12, 14)
        for diagnostic in (quoted, block):
            actions = await session.code_actions(uri, diagnostic.range, [diagnostic], only=[types.CodeActionKind.QuickFix])
            assert [a.title for a in actions] == ["在整个文件中禁用 X003（template-placeholder）"]
        [disable] = await session.code_actions(uri, block.range, [block], only=[types.CodeActionKind.QuickFix])
        version = session.apply(uri, disable.edit)
        assert session.texts[uri] == "# jixiao-lint: disable-file=X003\n" + text
        assert [d.code for d in await session.diagnostics(uri, version)] == ["E001"]

    lsp.call(conversation(lsp.session))


def test_hover_on_a_key_and_on_a_finding(lsp: SharedServer, workspace: Path) -> None:
    async def conversation(session: Session) -> None:
        uri = session.open(workspace / "form.yaml")
        await session.diagnostics(uri)
        weight = await session.hover(uri, 11, 5)  # `    weight: 50`
        assert weight == "**指标权重（分值）** · `weight`"
        unit = await session.hover(uri, 5, utf16_column(ASTRAL_LINE, ASTRAL_LINE.index("unit")) + 1)  # inside {…}
        assert unit == "**计量单位** · `unit`\n\n定性指标不填"  # the column name once, then its note
        finding = await session.hover(uri, 5, E001_START + 1)
        assert finding.startswith("# E001 noncanonical-operator\n\n**运算符写法不规范**")
        assert "## 不通过的例子" in finding
        assert await session.hover(uri, 3, 20) is None  # a value, no finding

    lsp.call(conversation(lsp.session))


def test_completion_of_keys_and_enumerated_values(lsp: SharedServer, tmp_path: Path) -> None:
    async def conversation(session: Session) -> None:
        uri = session.open(tmp_path / "new.yaml", "kind: \n")
        kinds = await session.complete(uri, 0, 6)
        assert [i.label for i in kinds] == ["self-evaluation", "target-declaration", "evaluation-report"]

        text = "kind: self-evaluation\nyear: 2023\nindicators:\n  - name: 群众满意度\n    level1: 效益指标\n    level2: \n    un\n"
        session.change(uri, text)
        keys = await session.complete(uri, 6, 6)
        labels = [i.label for i in keys]
        assert "unit" in labels and "target" in labels and "name" not in labels and "level1" not in labels
        unit = next(i for i in keys if i.label == "unit")
        assert (unit.detail, unit.insert_text, unit.kind) == ("计量单位", "unit: ", types.CompletionItemKind.Property)
        level2 = await session.complete(uri, 5, 12)
        assert [i.label for i in level2] == ["经济效益指标", "社会效益指标", "生态效益指标", "可持续影响指标",
                                             "服务对象满意度指标"]  # under 效益 in pre-2021 templates (taxonomy.yaml)

        session.change(uri, text.replace("    un\n", "    unit: \n"))
        units = [i.label for i in await session.complete(uri, 6, 10)]
        # 满意度 is measured in % or 分 (U004): those first, then every other unit of the lexicon.
        assert units[:2] == ["%", "分"] and "万平方米" in units and "个" in units
        top = [i.label for i in await session.complete(uri, 7, 0)]
        assert "organization" in top and "funds" in top and "kind" not in top and "year" not in top

    lsp.call(conversation(lsp.session))


def test_configuration_and_rule_pack_changes_without_a_restart(lsp: SharedServer, workspace: Path) -> None:
    config = workspace / ".jixiao-lint.yaml"

    def touch_later(path: Path, text: str) -> None:
        before = path.stat().st_mtime_ns if path.exists() else 0
        path.write_text(text, encoding="utf-8")
        if path.stat().st_mtime_ns == before:  # a coarse clock: make the change visible
            os.utime(path, ns=(before + 1_000_000, before + 1_000_000))

    async def conversation(session: Session) -> None:
        uri = session.open(workspace / "form.yaml")
        assert [d.message for d in await session.diagnostics(uri)] == ["运算符写法不规范：`>=` 应写作 `≥`"]
        assert [r.method for r in session.registrations] == [types.WORKSPACE_DID_CHANGE_WATCHED_FILES]

        # A new configuration, announced as a watching client would: the open form is linted again.
        touch_later(config, "lang: en\nrules: [checks]\n")
        (workspace / "checks").mkdir()
        touch_later(workspace / "checks" / "weights.rules", PACK_RULE.format(limit=40))
        seen = session.count(uri)
        session.client.workspace_did_change_watched_files(types.DidChangeWatchedFilesParams(
            [types.FileEvent(config.as_uri(), types.FileChangeType.Created)]))
        diagnostics = await session.diagnostics(uri, after=seen)
        assert [(d.code, d.range.start.line, d.message) for d in diagnostics] == [
            ("E001", 5, "non-canonical operator `>=`: write `≥`"),
            ("ZZ001", 5, "'𠀀道路清扫保洁面积' has weight 50, over 40"),
            ("ZZ001", 11, "'市民满意度' has weight 50, over 40")]

        # Changed on disk with no notification: the next lint sees it by the files' times.
        touch_later(workspace / "checks" / "weights.rules", PACK_RULE.format(limit=60))
        touch_later(config, "lang: en\nrules: [checks]\nignore: [E001]\n")
        version = session.change(uri, session.texts[uri] + "\n")
        assert await session.diagnostics(uri, version) == []

        # A broken configuration: a diagnostic naming the file, not a crash.
        touch_later(config, "lang: fr\n")
        version = session.change(uri, session.texts[uri] + "\n")
        [problem] = await session.diagnostics(uri, version)
        assert problem.severity == types.DiagnosticSeverity.Error and problem.range.start == types.Position(0, 0)
        assert problem.message == f"配置有误，未检查此表：{config}：“lang”应为 zh 或 en，现为 'fr'"
        touch_later(config, "lang: en\n")
        version = session.change(uri, session.texts[uri] + "\n")
        assert [d.code for d in await session.diagnostics(uri, version)] == ["E001"]

    lsp.call(conversation(lsp.session))


def test_a_form_that_cannot_be_read_is_a_diagnostic_and_the_server_goes_on(lsp: SharedServer, workspace: Path) -> None:
    async def conversation(session: Session) -> None:
        uri = session.open(workspace / "form.yaml", "kind: self-evaluation\nyear: 2023\nindicators: [\n  - 𠀀: {\n")
        [problem] = await session.diagnostics(uri)
        assert problem.code == "F002" and problem.severity == types.DiagnosticSeverity.Error
        assert problem.range.start.line == 3
        assert await session.hover(uri, 1, 1) == "**年度** · `year`\n\n预算年度，四位整数，如 2023"
        assert [i.label for i in await session.complete(uri, 0, 6)][:1] == ["self-evaluation"]
        assert await session.code_actions(uri, problem.range, [problem]) == []
        version = session.change(uri, FORM)
        assert [d.code for d in await session.diagnostics(uri, version)] == ["E001"]
        assert session.returncode is None  # still running

    lsp.call(conversation(lsp.session))


def test_files_the_cli_would_not_lint_get_no_diagnostics(lsp: SharedServer, workspace: Path) -> None:
    async def conversation(session: Session) -> None:
        hooks = session.open(workspace / ".pre-commit-config.yaml", "repos:\n  - repo: local\n")
        assert await session.diagnostics(hooks) == []

    lsp.call(conversation(lsp.session))


def test_a_long_lint_does_not_block_other_requests(lsp: SharedServer, tmp_path: Path) -> None:
    head, rows = FORM.split("indicators:\n")
    big = head + "indicators:\n" + "".join(rows.replace("市民满意度", f"市民满意度{i}") for i in range(600))
    (tmp_path / "big.yaml").write_text(big, encoding="utf-8")
    (tmp_path / "small.yaml").write_text(FORM, encoding="utf-8")

    async def conversation(session: Session) -> None:
        small = session.open(tmp_path / "small.yaml")
        await session.diagnostics(small)
        big_uri = session.open(tmp_path / "big.yaml")
        started = time.perf_counter()
        assert (await session.hover(small, 11, 5)).startswith("**指标权重（分值）**")
        answered = time.perf_counter() - started
        assert session.count(big_uri) == 0, "the hover waited for the lint of the large form"
        codes = Counter(d.code for d in await session.diagnostics(big_uri))
        assert codes == {"E001": 600, "X004": 599, "W001": 1}
        assert answered < time.perf_counter() - started

    lsp.call(conversation(lsp.session))


def test_save_lints_again_and_close_clears(lsp: SharedServer, workspace: Path) -> None:
    async def conversation(session: Session) -> None:
        uri = session.open(workspace / "form.yaml")
        await session.diagnostics(uri)
        seen = session.count(uri)
        session.client.text_document_did_save(types.DidSaveTextDocumentParams(types.TextDocumentIdentifier(uri)))
        assert [d.code for d in await session.diagnostics(uri, after=seen)] == ["E001"]
        session.client.text_document_did_close(types.DidCloseTextDocumentParams(types.TextDocumentIdentifier(uri)))
        assert await session.diagnostics(uri, after=seen + 1) == []

    lsp.call(conversation(lsp.session))


def test_an_unsaved_document_and_the_language_option(tmp_path: Path) -> None:
    # A buffer that is no file yet (untitled:) is linted with the workspace's configuration; the
    # client's `lang` option wins over the configuration's.
    (tmp_path / ".jixiao-lint.yaml").write_text("lang: zh\n", encoding="utf-8")

    async def conversation() -> None:
        async with Session(tmp_path, options={"lang": "en", "debounce_ms": 0}) as session:
            uri = "untitled:Untitled-1"
            session.texts[uri], session.versions[uri] = FORM, 1
            session.client.text_document_did_open(types.DidOpenTextDocumentParams(
                types.TextDocumentItem(uri=uri, language_id="yaml", version=1, text=FORM)))
            [diagnostic] = await session.diagnostics(uri)
            assert (diagnostic.code, diagnostic.message) == ("E001", "non-canonical operator `>=`: write `≥`")
            actions = await session.code_actions(uri, diagnostic.range, [diagnostic], only=[types.CodeActionKind.QuickFix])
            assert [a.title for a in actions] == ["Fix E001: replace with '≥'", "Disable E001 (noncanonical-operator) on this line"]

    run(conversation())


def test_a_burst_of_changes_is_linted_together(lsp: SharedServer, workspace: Path) -> None:
    async def conversation(session: Session) -> None:
        uri = session.open(workspace / "form.yaml")
        await session.diagnostics(uri)
        seen = session.count(uri)
        for n in range(10):  # as fast as a paste or an undo sends them
            version = session.change(uri, FORM.replace("城市管理局", f"城市管理局{n}"))
        assert [d.code for d in await session.diagnostics(uri, version)] == ["E001"]
        versions = [p.version for p in session.published[uri][seen:]]
        assert versions[-1] == version and len(versions) < 10, versions

    lsp.call(conversation(lsp.session))


def test_the_hover_on_a_finding_documents_its_rule_in_the_runs_language(tmp_path: Path) -> None:
    text = FORM.replace("weight: 50}", "weight: 0}")  # the first indicator weighs 0: W003 on its weight
    line = text.splitlines().index(ASTRAL_LINE.replace("weight: 50}", "weight: 0}"))
    column = utf16_column(ASTRAL_LINE, ASTRAL_LINE.index("weight: 50")) + len("weight: ")

    async def conversation() -> None:
        async with Session(tmp_path, options={"lang": "en", "debounce_ms": 0}) as session:
            uri = session.open(tmp_path / "form.yaml", text)
            assert "W003" in [d.code for d in await session.diagnostics(uri)]
            hover = await session.hover(uri, line, column)
            # both findings there are documented: W001 on the indicators (the weights add up to 50), W003
            assert hover.startswith("# W001 weights-sum\n\n**weights do not add up to the total**\n\nSeverity: `error`\n\n"
                                    "A form's points must add up to the total score (100 in national)")
            assert ("# W003 non-positive-weight\n\n**weight zero or negative**\n\nSeverity: `error`\n\n"
                    "The weight (points, 分值) of an indicator, or of a row of the score table, must be positive.") in hover
            assert "## Failing example" in hover and "抵掉别的分值，多半是" not in hover  # no joined Chinese doc

    run(conversation())

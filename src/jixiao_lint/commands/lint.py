"""The default command: lint the paths, print the findings, exit 0/1/2."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from jixiao_lint import __version__
from jixiao_lint.errors import EXIT_CLEAN, EXIT_FINDINGS, UsageError
from jixiao_lint.check.engine import Engine, RuleSet, load_rules
from jixiao_lint.config import Config, ConfigError, find_config, load_config
from jixiao_lint.model.finding import SEVERITY_RANK
from jixiao_lint.records import record, replace


_warned_prefixes: set[str] = set()  # a setup per configuration: each prefix is warned about once a run


def _span(codes) -> str:
    codes = sorted(codes)
    return codes[0] if len(codes) == 1 else f"{codes[0]}–{codes[-1]}"


def _codes(text: str | None) -> list[str]:
    return [c.strip().upper() for c in text.split(",") if c.strip()] if text else []


@record
class LintSetup:
    """What one configuration means for linting: its rules, its settings, its engine (not a scoring
    profile: that is profiles.py, one of the settings)."""

    config: Config
    rules: RuleSet
    engine: Engine
    rule_paths: list[Path]
    select: list[str]
    ignore: list[str]


def build_setup(config: Config, args: argparse.Namespace) -> LintSetup:
    from jixiao_lint.lint import selector
    from jixiao_lint.check.lexicons import LexiconError
    from jixiao_lint.parse.rules_language import RuleFileError

    rule_paths = [*map(Path, config.get("rules", [])), *args.rules]
    try:
        rules = load_rules(rule_paths, compile=False)  # compiled when a file is linted (runner.compile_rules)
    except LexiconError as error:
        raise UsageError(error.text("zh"), error.text("en")) from None
    except RuleFileError as error:
        raise UsageError(f"规则文件有误：{error.text('zh')}", f"rule file error: {error}") from None
    select = _codes(args.select) or [c.upper() for c in config.get("select", [])]
    ignore = _codes(args.ignore) + [c.upper() for c in config.get("ignore", [])]
    from jixiao_lint.model.rule import code_matches, groups_spelt_alike

    for code in select + ignore:
        where = f" ({config.path})" if config.path and code not in _codes(args.select) + _codes(args.ignore) else ""
        where_zh = f"（{config.path}）" if where else ""
        if not any(code_matches(code, known) for known in rules.infos):
            raise UsageError(f"select/ignore{where_zh}：没有以“{code}”开头的规则代码；可用 --list-rules 查看全部规则",
                             f"select/ignore{where}: no rule code starts with '{code}'; see --list-rules")
        alike = groups_spelt_alike(code, rules.infos)
        if alike and code not in _warned_prefixes:
            _warned_prefixes.add(code)
            span, others = _span(c for c in rules.infos if code_matches(code, c)), ", ".join(alike)
            sys.stderr.write(f"jixiao-lint: warning: select/ignore{where}: '{code}' names the {code} group only "
                             f"({span}), not {others}; add {others} for those\n"
                             if (args.lang or config.get("lang", "zh")) == "en" else
                             f"jixiao-lint: 警告：select/ignore{where_zh}：“{code}”只指 {code} 组（{span}），"
                             f"不含 {others}；如也要选中它们，请加上 {others}\n")
    from jixiao_lint.settings import RULE_SETTINGS

    settings = {k: config.get(k) for k in RULE_SETTINGS if k != "profile" and config.get(k) is not None}
    settings["profile"] = _scoring_profile(config, args, rule_paths)
    return LintSetup(config, rules, Engine(rules, settings, selector(select, ignore)), rule_paths, select, ignore)


def _scoring_profile(config: Config, args: argparse.Namespace, rule_paths: list[Path]) -> dict:
    """The profile --profile names (relative to the current directory), else the configuration's (relative
    to its file), else national; looked up in the rule packs' profiles/ before the built-in ones."""
    from jixiao_lint import profiles

    choice, base = (args.profile, Path.cwd()) if args.profile else (config.get("profile"), config.path.parent if config.path else None)
    try:
        return profiles.load(choice or profiles.DEFAULT, base, profiles.pack_dirs(rule_paths))
    except profiles.ProfileError as error:
        where = f" (chosen in {config.path})" if not args.profile and config.get("profile") and config.path else ""
        where_zh = f"（在 {config.path} 中选定）" if where else ""
        raise UsageError(f"评分方案有误{where_zh}：{error.zh}", f"profile error{where}: {error.en}") from None


def _load(path: Path | None) -> Config:
    try:
        return load_config(path)
    except ConfigError as error:
        raise UsageError(error.zh, error.en) from None


def run(args: argparse.Namespace) -> int:
    if args.watch:
        from jixiao_lint.commands.watch import watch
        return watch(args, run)
    base = build_setup(_load(args.config if args.config else find_config(Path.cwd())), args)
    config, rules = base.config, base.rules
    lang = args.lang or config.get("lang", "zh")

    if args.list_rules:
        from jixiao_lint.commands.explain import list_rules
        sys.stdout.write(list_rules(rules, lang))
        return EXIT_CLEAN
    if args.list_functions:
        from jixiao_lint.check.functions import FUNCTIONS
        width = max(map(len, FUNCTIONS))
        sys.stdout.write("".join(f"{name:<{width}}  {FUNCTIONS[name].doc}\n" for name in sorted(FUNCTIONS)))
        return EXIT_CLEAN
    if args.explain:
        from jixiao_lint.commands.explain import explain
        text = explain(rules, args.explain.upper(), lang, color=_color(args), profile=base.engine.settings["profile"])
        if text is None:
            raise UsageError(f"没有代码为 {args.explain} 的规则；可用 --list-rules 查看全部规则",
                             f"no rule with code {args.explain}; see --list-rules")
        sys.stdout.write(text)
        return EXIT_CLEAN
    if args.show_settings:
        import json
        if args.paths and not args.config:  # --show-settings PATH: what that path is linted with
            base = build_setup(_load(find_config(_config_directory(args.paths[0], args))), args)
            config = base.config
            lang = args.lang or config.get("lang", "zh")
        from jixiao_lint.settings import TABLE

        # Every setting of the table as this run has it: the options over the file, the engine's (the profile's) for rules.
        effective = {"lang": lang, "select": base.select, "ignore": base.ignore, "rules": [str(p) for p in base.rule_paths]}
        shown = {"config_file": str(config.path) if config.path else None, "extends": [str(p) for p in config.extends]}
        for name in (setting.name for setting in TABLE if setting.name != "extend"):  # extend: the files, above
            shown[name] = effective.get(name, base.engine.settings.get(name, config.get(name)))
        sys.stdout.write(json.dumps(shown, ensure_ascii=False, indent=2) + "\n")
        return EXIT_CLEAN

    from jixiao_lint.commands.runner import find_sources, lint_sources
    from jixiao_lint.read.files import PathError

    try:
        sources = find_sources(args.paths or ["."], args, config)
    except PathError as error:
        from jixiao_lint.report.escape import shown
        raise UsageError(f"{shown(error.args[0])}：文件或目录不存在；请检查路径",
                         f"{shown(error.args[0])}: no such file or directory") from None

    # Each file is linted with the configuration nearest to it (as ruff), unless --config names one.
    groups: dict[Path | None, list] = {}
    nearest: dict[Path, Path | None] = {}  # by directory: a repo's forms share a few
    for source in sources:
        if args.config or (source.path is None and not args.stdin_filename):
            key = config.path
        else:  # standard input named by --stdin-filename: the configuration of where it will be saved
            directory = source.path.parent if source.path is not None else Path(args.stdin_filename).parent
            if directory not in nearest:
                nearest[directory] = find_config(directory)
            key = nearest[directory]
        groups.setdefault(key, []).append(source)
    setups = {key: base if key == config.path else build_setup(_load(key), args) for key in groups}

    order = {id(s): i for i, s in enumerate(sources)}
    results, fixed, findings = [], 0, []
    for key, members in groups.items():
        setup = setups[key]
        members = [s for s in members if setup is base or s.path is None or not _excluded(s, setup.config)]
        cache = _results_cache(setup, args)
        group_results = lint_sources(members, setup, args, cache)
        if cache is not None:
            cache.save()
        if args.fix or args.diff:
            from jixiao_lint.commands.fixing import apply_fixes
            group_results, count = apply_fixes(group_results, setup.engine, args, setup.config, members)
            fixed += count
        overrides = setup.config.get("severity", {})
        for result in group_results:
            findings += [replace(f, severity=overrides[f.rule]) if f.rule in overrides else f for f in result.findings]
        results += zip((order[id(s)] for s in members), group_results)
    results = [result for _, result in sorted(results, key=lambda pair: pair[0])]
    if args.diff:  # as ruff: 1 when there is something to change, so CI can ask "is it formatted?"
        return EXIT_FINDINGS if fixed else EXIT_CLEAN
    findings.sort(key=lambda f: f.sort_key)

    from jixiao_lint.report import FORMATS, ReportContext, render

    infos = {code: info for setup in setups.values() for code, info in setup.rules.infos.items()}
    to_file = str(args.output_file or "-") != "-"
    context = ReportContext(lang=lang, color=_color(args) and FORMATS[args.format].color and not to_file,
                            sources={r.form.name: r.form.text for r in results}, rules=infos,
                            files_checked=len(results), fixed=fixed, tool_version=__version__,
                            fail_on=config.get("fail_on", "error"), **_rule_texts(rules, lang))
    if FORMATS[args.format].needs_tree:
        _html_context(context, results, setups)
    if args.statistics:
        from jixiao_lint.commands.explain import statistics
        _write_report(args, statistics(findings, rules, lang))
    else:
        _write_report(args, render(args.format, findings, context))
    threshold = SEVERITY_RANK[config.get("fail_on", "error")]
    failing = any(SEVERITY_RANK[f.severity] >= threshold for f in findings)
    return EXIT_FINDINGS if failing and not args.exit_zero else EXIT_CLEAN


def _config_directory(path: str, args: argparse.Namespace) -> Path:
    """Where to look for the configuration of a path: a directory itself, a file's directory, standard
    input's --stdin-filename."""
    if path == "-":
        return Path(args.stdin_filename).parent if args.stdin_filename else Path.cwd()
    return Path(path) if Path(path).is_dir() else Path(path).parent


def _rule_texts(rules: RuleSet, lang: str) -> dict:
    """The rules' documentation for the outputs that carry it (SARIF), computed only for the rules met."""
    # explain.py (its regexes) is imported only when a report asks: a text run never does.
    def rule_help(code: str) -> str | None:
        from jixiao_lint.commands.explain import explain_markdown

        return explain_markdown(rules, code, lang=lang)

    def rule_doc(code: str) -> str:
        from jixiao_lint.commands.explain import doc_text

        return doc_text(rules, code, lang=lang)

    return {"rule_help": rule_help, "rule_doc": rule_doc}


def _html_context(context, results: list, setups: dict) -> None:
    """What the HTML page shows beyond the findings: each document's totals, the rules' documentation,
    the configurations and rule packs used."""
    from jixiao_lint.check.totals import form_totals

    # Fixed files were linted again and come back with their trees, but without totals.
    context.totals = [t for r in results for t in (r.totals if r.totals is not None else form_totals(r.form))]
    context.rule_sets = [setup.rules for setup in setups.values()]
    context.configs = [str(key.relative_to(Path.cwd())) if key.is_relative_to(Path.cwd()) else str(key)
                       for key in setups if key is not None]
    context.rule_packs = list(dict.fromkeys(str(p) for setup in setups.values() for p in setup.rule_paths))


def _write_report(args: argparse.Namespace, text: str) -> None:
    if args.output_file is None or str(args.output_file) == "-":  # `-o -`: standard output, as usual
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    from jixiao_lint.commands.fixing import write_atomically

    try:  # a reader never sees half a report, and a failed run leaves the previous one in place
        write_atomically(args.output_file, text, "utf-8", bom=False)
    except OSError as error:
        raise UsageError(f"无法把报告写入 {args.output_file}：{error.strerror or error}；请检查该路径的目录是否存在、是否可写",
                         f"cannot write the report to {args.output_file}: {error.strerror or error}") from None


def _results_cache(setup: LintSetup, args: argparse.Namespace):
    """The results cache for this setup's files (commands/cache.py), or None: --no-cache, or nowhere to keep it."""
    if args.no_cache or os.environ.get("JIXIAO_LINT_NO_CACHE"):
        return None
    from jixiao_lint.commands.cache import ResultsCache, location, setup_key

    root = location(setup.config.path, args.cache_dir)
    return None if root is None else ResultsCache(root, setup_key(setup))


def _excluded(source, config: Config) -> bool:
    """A file found under a directory whose own configuration excludes it."""
    from jixiao_lint.read.files import is_excluded

    origin = config.origin("exclude")  # an exclude inherited through `extend` reads from its own file
    base = origin.parent if origin else Path.cwd()
    return is_excluded(source.path, tuple(config.get("exclude", [])), base)


def _color(args: argparse.Namespace) -> bool:
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return sys.stdout.isatty()

"""The default command: lint the paths, print the findings, exit 0/1/2."""

from __future__ import annotations

import argparse
import os
import sys
from dataclasses import dataclass, replace
from pathlib import Path

from jixiao_lint import __version__
from jixiao_lint.cli import EXIT_CLEAN, EXIT_FINDINGS, UsageError
from jixiao_lint.check.engine import Engine, RuleSet, load_rules
from jixiao_lint.config import Config, ConfigError, find_config, load_config
from jixiao_lint.model.finding import SEVERITY_RANK


def _codes(text: str | None) -> list[str]:
    return [c.strip().upper() for c in text.split(",") if c.strip()] if text else []


@dataclass
class Profile:
    """What one configuration means for linting: its rules, its settings, its engine."""

    config: Config
    rules: RuleSet
    engine: Engine
    rule_paths: list[Path]
    select: list[str]
    ignore: list[str]


def build_profile(config: Config, args: argparse.Namespace) -> Profile:
    from jixiao_lint.lint import selector
    from jixiao_lint.parse.rules_language import RuleFileError

    rule_paths = [*map(Path, config.get("rules", [])), *args.rules]
    try:
        rules = load_rules(rule_paths)
    except RuleFileError as error:
        raise UsageError(f"rule file error: {error}") from None
    select = _codes(args.select) or [c.upper() for c in config.get("select", [])]
    ignore = _codes(args.ignore) + [c.upper() for c in config.get("ignore", [])]
    for code in select + ignore:
        if not any(known.startswith(code) for known in rules.infos):
            where = f" ({config.path})" if config.path and code not in _codes(args.select) + _codes(args.ignore) else ""
            raise UsageError(f"select/ignore{where}: no rule code starts with '{code}'; see --list-rules")
    settings = {k: config.get(k) for k in ("tolerance", "weight_total", "grade_bands") if config.get(k) is not None}
    return Profile(config, rules, Engine(rules, settings, selector(select, ignore)), rule_paths, select, ignore)


def _load(path: Path | None) -> Config:
    try:
        return load_config(path)
    except ConfigError as error:
        raise UsageError(str(error)) from None


def run(args: argparse.Namespace) -> int:
    base = build_profile(_load(args.config if args.config else find_config(Path.cwd())), args)
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
        text = explain(rules, args.explain.upper(), lang, color=_color(args))
        if text is None:
            raise UsageError(f"no rule with code {args.explain}; see --list-rules")
        sys.stdout.write(text)
        return EXIT_CLEAN
    if args.show_settings:
        import json
        shown = {"config_file": str(config.path) if config.path else None, "lang": lang, "select": base.select,
                 "ignore": base.ignore, "rules": [str(p) for p in base.rule_paths], "exclude": config.get("exclude", []),
                 "severity": config.get("severity", {}), "fail_on": config.get("fail_on", "error"),
                 "max_file_size": config.get("max_file_size"), **base.engine.settings}
        sys.stdout.write(json.dumps(shown, ensure_ascii=False, indent=2) + "\n")
        return EXIT_CLEAN

    from jixiao_lint.commands.runner import find_sources, lint_sources
    from jixiao_lint.read.files import PathError

    try:
        sources = find_sources(args.paths or ["."], args, config)
    except PathError as error:
        from jixiao_lint.report.escape import shown
        raise UsageError(f"{shown(error.args[0])}: no such file or directory") from None

    # Each file is linted with the configuration nearest to it (as ruff), unless --config names one.
    groups: dict[Path | None, list] = {}
    nearest: dict[Path, Path | None] = {}  # by directory: a repo's forms share a few
    for source in sources:
        if args.config or source.path is None:
            key = config.path
        else:
            directory = source.path.parent
            if directory not in nearest:
                nearest[directory] = find_config(directory)
            key = nearest[directory]
        groups.setdefault(key, []).append(source)
    profiles = {key: base if key == config.path else build_profile(_load(key), args) for key in groups}

    order = {id(s): i for i, s in enumerate(sources)}
    results, fixed, findings = [], 0, []
    for key, members in groups.items():
        profile = profiles[key]
        members = [s for s in members if profile is base or s.path is None or not _excluded(s, profile.config)]
        group_results = lint_sources(members, profile, args)
        if args.fix or args.diff:
            from jixiao_lint.commands.fixing import apply_fixes
            group_results, count = apply_fixes(group_results, profile.engine, args, profile.config, members)
            fixed += count
        overrides = profile.config.get("severity", {})
        for result in group_results:
            findings += [replace(f, severity=overrides[f.rule]) if f.rule in overrides else f for f in result.findings]
        results += zip((order[id(s)] for s in members), group_results)
    results = [result for _, result in sorted(results, key=lambda pair: pair[0])]
    if args.diff:  # as ruff: 1 when there is something to change, so CI can ask "is it formatted?"
        return EXIT_FINDINGS if fixed else EXIT_CLEAN
    findings.sort(key=lambda f: f.sort_key)

    from jixiao_lint.report import ReportContext, render

    infos = {code: info for profile in profiles.values() for code, info in profile.rules.infos.items()}
    context = ReportContext(lang=lang, color=_color(args) and args.format == "text",
                            sources={r.form.name: r.form.text for r in results}, rules=infos,
                            files_checked=len(results), fixed=fixed, tool_version=__version__)
    if args.statistics:
        from jixiao_lint.commands.explain import statistics
        sys.stdout.write(statistics(findings, rules, lang))
    else:
        sys.stdout.write(render(args.format, findings, context))
    sys.stdout.flush()
    threshold = SEVERITY_RANK[config.get("fail_on", "error")]
    failing = any(SEVERITY_RANK[f.severity] >= threshold for f in findings)
    return EXIT_FINDINGS if failing and not args.exit_zero else EXIT_CLEAN


def _excluded(source, config: Config) -> bool:
    """A file found under a directory whose own configuration excludes it."""
    from jixiao_lint.read.files import is_excluded

    base = config.path.parent if config.path else Path.cwd()
    return is_excluded(source.path, tuple(config.get("exclude", [])), base)


def _color(args: argparse.Namespace) -> bool:
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return sys.stdout.isatty()

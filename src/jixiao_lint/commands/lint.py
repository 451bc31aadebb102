"""The default command: lint the paths, print the findings, exit 0/1/2."""

from __future__ import annotations

import argparse
import os
import sys
from dataclasses import replace
from pathlib import Path

from jixiao_lint import __version__
from jixiao_lint.cli import EXIT_CLEAN, EXIT_FAILURE, EXIT_FINDINGS, UsageError
from jixiao_lint.model.finding import SEVERITY_RANK, Finding


def _codes(text: str | None) -> list[str]:
    return [c.strip().upper() for c in text.split(",") if c.strip()] if text else []


def run(args: argparse.Namespace) -> int:
    from jixiao_lint.check.engine import Engine, load_rules
    from jixiao_lint.config import ConfigError, find_config, load_config
    from jixiao_lint.lint import selector
    from jixiao_lint.parse.rules_language import RuleFileError

    try:
        config = load_config(args.config if args.config else find_config(Path.cwd()))
    except ConfigError as error:
        raise UsageError(str(error)) from None
    lang = args.lang or config.get("lang", "zh")
    try:
        rules = load_rules([*map(Path, config.get("rules", [])), *args.rules])
    except RuleFileError as error:
        raise UsageError(f"rule file error: {error}") from None

    if args.list_rules:
        from jixiao_lint.commands.explain import list_rules
        sys.stdout.write(list_rules(rules, lang))
        return EXIT_CLEAN
    if args.explain:
        from jixiao_lint.commands.explain import explain
        text = explain(rules, args.explain.upper(), lang, color=_color(args))
        if text is None:
            raise UsageError(f"no rule with code {args.explain}; see --list-rules")
        sys.stdout.write(text)
        return EXIT_CLEAN

    select = _codes(args.select) or [c.upper() for c in config.get("select", [])]
    ignore = _codes(args.ignore) + [c.upper() for c in config.get("ignore", [])]
    for code in select + ignore:
        if not any(known.startswith(code) for known in rules.infos):
            raise UsageError(f"--select/--ignore: no rule code starts with '{code}'; see --list-rules")
    settings = {k: config.get(k) for k in ("tolerance", "weight_total", "grade_bands") if config.get(k) is not None}
    if args.show_settings:
        import json
        shown = {"config_file": str(config.path) if config.path else None, "lang": lang, "select": select, "ignore": ignore,
                 "rules": [str(p) for p in [*config.get("rules", []), *args.rules]], "exclude": config.get("exclude", []),
                 "severity": config.get("severity", {}), "fail_on": config.get("fail_on", "error"),
                 "max_file_size": config.get("max_file_size", None), **settings}
        sys.stdout.write(json.dumps(shown, ensure_ascii=False, indent=2) + "\n")
        return EXIT_CLEAN
    engine = Engine(rules, settings, selector(select, ignore))

    from jixiao_lint.commands.runner import lint_all

    paths = args.paths or ["."]
    try:
        results = lint_all(paths, engine, args, config)
    except FileNotFoundError as error:
        raise UsageError(f"{error.args[0]}: no such file or directory") from None

    fixed = 0
    if args.fix or args.diff:
        from jixiao_lint.commands.fixing import apply_fixes
        results, fixed = apply_fixes(results, engine, args, config)
        if args.diff:  # as ruff: 1 when there is something to change, so CI can ask "is it formatted?"
            return EXIT_FINDINGS if fixed else EXIT_CLEAN

    overrides = config.get("severity", {})
    findings: list[Finding] = []
    for result in results:
        for f in result.findings:
            if f.rule in overrides:
                f = replace(f, severity=overrides[f.rule])
            findings.append(f)
    findings.sort(key=lambda f: f.sort_key)

    from jixiao_lint.report import ReportContext, render

    context = ReportContext(lang=lang, color=_color(args) and args.format == "text",
                            sources={r.form.name: r.form.text for r in results}, rules=rules.infos,
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


def _color(args: argparse.Namespace) -> bool:
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return sys.stdout.isatty()

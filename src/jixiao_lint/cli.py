"""`jixiao-lint`: the command line (docs/cli.md is the contract). Exit 0 clean, 1 findings, 2 could not run."""

from __future__ import annotations

import argparse
import gc
import os
import sys
from pathlib import Path

from jixiao_lint import __version__
from jixiao_lint.errors import EXIT_CLEAN, EXIT_FAILURE, ArgumentParser, UsageError, requested_language

SUBCOMMANDS = ("test-rules", "schema", "server", "import", "clean")  # they read no configuration


def build_parser(language=lambda: "zh") -> argparse.ArgumentParser:
    parser = ArgumentParser(
        language=language, prog="jixiao-lint",
        description="预算绩效表（YAML）检查工具 — a linter for budget performance forms. "
                    "Other commands: `jixiao-lint test-rules PATH`, `jixiao-lint schema`, `jixiao-lint import FILE.xlsx`, "
                    "`jixiao-lint clean` (delete the results cache).")
    parser.add_argument("paths", nargs="*", metavar="PATH", help="form files or directories (default: .); - reads standard input")
    from jixiao_lint.report import FORMATS

    parser.add_argument("--format", choices=list(FORMATS), default="text")
    parser.add_argument("-o", "--output-file", type=Path, default=None, metavar="PATH",
                        help="write the report to PATH (replaced atomically) instead of standard output")
    parser.add_argument("--select", default=None, help="comma-separated rule codes or prefixes to enable")
    parser.add_argument("--ignore", default=None, help="comma-separated rule codes or prefixes to disable")
    parser.add_argument("--config", type=Path, help="configuration file (.jixiao-lint.yaml or pyproject.toml)")
    parser.add_argument("--rules", action="append", type=Path, default=[], metavar="FILE_OR_DIR",
                        help="extra rule files or directories (repeatable)")
    parser.add_argument("--fix", action="store_true", help="apply safe fixes in place")
    parser.add_argument("--unsafe-fixes", action="store_true", help="with --fix or --diff, apply unsafe fixes too")
    parser.add_argument("--diff", action="store_true", help="show the fixes as a diff; change nothing")
    parser.add_argument("--lang", choices=["zh", "en"], default=None, help="message language (default zh)")
    parser.add_argument("--jobs", type=int, default=None, metavar="N", help="parallel processes (default: the cores)")
    parser.add_argument("--stdin-filename", default=None, help="the name to report for standard input")
    parser.add_argument("--list-rules", action="store_true", help="list every rule and exit")
    parser.add_argument("--explain", metavar="CODE", help="show a rule's documentation and examples")
    parser.add_argument("--list-functions", action="store_true", help="list the functions rule files can call")
    parser.add_argument("--profile", default=None, metavar="NAME_OR_FILE",
                        help="scoring profile: national (default), sichuan, shijiazhuang, … or a .yaml file")
    parser.add_argument("--show-settings", action="store_true",
                        help="print the effective configuration and exit; with a PATH, the one that path is linted with")
    parser.add_argument("--statistics", action="store_true", help="count findings per rule instead of listing them")
    parser.add_argument("--exit-zero", action="store_true", help="exit 0 even when there are findings")
    parser.add_argument("--no-cache", action="store_true", help="neither read nor write the results cache")
    parser.add_argument("--cache-dir", type=Path, default=None, metavar="DIR",
                        help="keep the results cache in DIR (default: .jixiao-lint-cache beside the configuration)")
    parser.add_argument("--watch", action="store_true", help="lint again whenever a form is saved, until Ctrl-C")
    parser.add_argument("--version", action="version", version=f"jixiao-lint {__version__}")
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    _utf8_streams()
    args = None
    try:
        if argv and argv[0] == "test-rules":
            from jixiao_lint.commands.test_rules import main as test_rules
            return test_rules(argv[1:])
        if argv and argv[0] == "schema":
            from jixiao_lint.schema.validate import SCHEMA_PATH
            sys.stdout.write(SCHEMA_PATH.read_text(encoding="utf-8"))
            return EXIT_CLEAN
        if argv and argv[0] == "server":
            from jixiao_lint.lsp.server import main as serve
            return serve(argv[1:])
        if argv and argv[0] == "import":
            from jixiao_lint.commands.import_excel import main as import_excel
            return import_excel(argv[1:])
        if argv and argv[0] == "clean":
            from jixiao_lint.commands.cache import clean
            return clean(argv[1:])
        args = build_parser(lambda: _language(argv, args)).parse_args(argv)
        from jixiao_lint.commands.lint import run

        return run(args)
    except UsageError as error:
        sys.stderr.write(f"jixiao-lint: {error.text(_language(argv, args))}\n")
        return EXIT_FAILURE
    except KeyboardInterrupt as interrupt:  # Ctrl-C: 128 + SIGINT, as shells report it (SIGTERM: 143)
        return getattr(interrupt, "exit_code", 130)
    except BrokenPipeError:
        os._exit(EXIT_FAILURE)  # the reader went away (| head): nothing more to say
    except Exception as error:  # a bug of ours: say so plainly, with what to send, not a traceback
        import traceback

        where = traceback.extract_tb(error.__traceback__)[-1]
        at = f"{type(error).__name__}: {error} (at {Path(where.filename).name}:{where.lineno})"
        # only --lang here: reading the configuration again might be what failed
        sys.stderr.write(f"jixiao-lint: internal error: {at}. Please report it with the form that caused it; "
                         "set JIXIAO_LINT_DEBUG=1 for the full traceback.\n" if requested_language(argv) == "en" else
                         f"jixiao-lint: 内部错误：{at}。这是 jixiao-lint 的缺陷，请连同引起它的表格一起报告；"
                         "设置 JIXIAO_LINT_DEBUG=1 可看到完整的调用栈。\n")
        if os.environ.get("JIXIAO_LINT_DEBUG"):
            traceback.print_exc()
        return EXIT_FAILURE


def _language(argv: list[str], args: argparse.Namespace | None) -> str:
    """The language of a message that stops the run, found as commands/lint.run finds the run's: --lang,
    else the lang of the configuration (--config, or the nearest to the current directory), else zh. Read
    again only here: a run that goes well never pays for it."""
    lang = requested_language(argv)
    if lang or (argv and argv[0] in SUBCOMMANDS):
        return lang or "zh"
    from jixiao_lint.config import ConfigError, find_config, load_config

    try:
        return load_config(getattr(args, "config", None) or find_config(Path.cwd())).get("lang", "zh")
    except ConfigError:
        return "zh"


def entry() -> None:
    """The installed command (and `python -m jixiao_lint`): run, flush, and leave without tearing the
    interpreter down — freeing every object one by one is several ms of each hook run, and the
    operating system frees them anyway. Nothing is left to do at exit: a worker pool is shut down and
    a fixed file is written before main returns."""
    # A form read is hundreds of thousands of small acyclic objects (a 20,000-row form: millions); the
    # cyclic collector, at its default of every 700 allocations, walks them again and again for nothing
    # (~3 % of such a run). Workers and helpers are forked and inherit this.
    gc.set_threshold(100_000, 20, 100)
    code = main()
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (BrokenPipeError, ValueError):  # the reader went away (| head), or a stream was closed
        pass
    os._exit(code)


def _utf8_streams() -> None:
    # Findings are Chinese; a CI runner with LANG=C must not turn them into a UnicodeEncodeError.
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure") and (stream.encoding or "").lower().replace("-", "") != "utf8":
            stream.reconfigure(encoding="utf-8", errors="replace")


if __name__ == "__main__":
    entry()

"""`jixiao-lint --watch`: lint, then lint again each time a form, rule file or configuration under the
paths is saved, clearing the screen first (on a terminal) and ending with the summary, until Ctrl-C,
which ends it with exit 0. The results cache makes each run lint only the files that changed; every
run starts afresh from the configuration, so an edited rule pack or setting takes effect at once, and a
mistake in one (exit 2 of an ordinary run) is shown and waited out rather than ending the watch."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Callable

from jixiao_lint.errors import UsageError

WATCHED_SUFFIXES = (".yaml", ".yml", ".rules", ".toml")
TICK_MS = 200  # how often the watcher looks up from waiting: what the first run waits for, once


def watch(args: argparse.Namespace, lint: Callable[[argparse.Namespace], int]) -> int:
    """Lint with `lint` (commands/lint.py's run, passed in so this module needs nothing of it) now and
    after every save, until Ctrl-C."""
    if "-" in (args.paths or []):
        raise UsageError("--watch 在文件保存时检查，不能读取标准输入；请给出文件或目录",
                         "--watch lints files as they are saved; it cannot read standard input")
    import watchfiles

    from jixiao_lint.commands.cache import CACHE_NAME

    once = argparse.Namespace(**{**vars(args), "watch": False})
    paths = [Path(p) for p in args.paths or ["."]]
    for path in paths:
        if not path.exists():
            raise UsageError(f"{path}：文件或目录不存在；请检查路径", f"{path}: no such file or directory")
    # A file is watched through its directory: an editor saves by writing a new file over the old one.
    roots = sorted({str(p if p.is_dir() else p.parent) for p in [*paths, *args.rules]})
    base = watchfiles.DefaultFilter()

    def relevant(change, path: str) -> bool:
        return (path.endswith(WATCHED_SUFFIXES) and CACHE_NAME not in Path(path).parts and base(change, path))

    english = args.lang == "en"
    first = True
    try:
        # Waking every TICK_MS with no change (yield_on_timeout) lets the first run start once the watcher
        # is in place, so that nothing saved during that run is missed.
        for changes in watchfiles.watch(*roots, watch_filter=relevant, rust_timeout=TICK_MS, yield_on_timeout=True):
            if not changes and not first:
                continue
            first = False
            if sys.stdout.isatty():
                sys.stdout.write("\x1b[2J\x1b[3J\x1b[H")  # clear the screen and its scroll-back, as ruff does
            try:
                lint(once)
            except UsageError as error:  # a rule file or configuration half edited: say so, keep watching
                sys.stdout.write(f"jixiao-lint: {error.text(args.lang or 'zh')}\n")
            stamp = time.strftime("%H:%M:%S")
            sys.stdout.write(f"[{stamp}] Watching for file changes (Ctrl-C to stop).\n" if english else
                             f"[{stamp}] 正在监视文件变化（按 Ctrl-C 退出）。\n")
            sys.stdout.flush()
    except KeyboardInterrupt:
        pass
    return 0

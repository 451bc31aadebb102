"""`--watch` and the progress bar, started as a user starts them: a real subprocess, a real file saved,
a real SIGINT, a real pseudo-terminal."""

from __future__ import annotations

import os
import queue
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from test_results_cache import BROKEN, FORM


class Lines:
    """The lines a process writes, read on a thread so that a test can wait for one with a timeout."""

    def __init__(self, stream):
        self.queue: queue.Queue[str | None] = queue.Queue()
        self.seen: list[str] = []
        threading.Thread(target=self._pump, args=(stream,), daemon=True).start()

    def _pump(self, stream) -> None:
        for line in stream:
            self.queue.put(line)
        self.queue.put(None)

    def until(self, predicate, timeout: float = 60) -> list[str]:
        """Every line up to and including the first one `predicate` accepts."""
        got: list[str] = []
        deadline = time.monotonic() + timeout
        while True:
            line = self.queue.get(timeout=max(0.1, deadline - time.monotonic()))
            if line is None:
                raise AssertionError(f"the process ended; it printed {self.seen!r}")
            got.append(line)
            self.seen.append(line)
            if predicate(line):
                return got


def watching(line: str) -> bool:
    return "Watching for file changes (Ctrl-C to stop)." in line


@pytest.mark.skipif(sys.platform == "win32", reason="SIGINT to a child")
def test_watch_lints_a_saved_file_again_and_ends_cleanly_on_ctrl_c(tmp_path: Path) -> None:
    forms = tmp_path / "forms"
    forms.mkdir()
    (tmp_path / ".jixiao-lint.yaml").write_text("lang: en\n", encoding="utf-8")
    form = forms / "a.yaml"
    form.write_text(FORM, encoding="utf-8")
    (forms / "b.yaml").write_text(FORM, encoding="utf-8")
    process = subprocess.Popen([sys.executable, "-m", "jixiao_lint", "--watch", "--lang", "en", "forms"], cwd=tmp_path,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8")
    try:
        out = Lines(process.stdout)
        first = out.until(watching)
        assert first[0] == "All checks passed!\n"
        form.write_text(BROKEN, encoding="utf-8")  # saved: linted again, unasked
        second = out.until(watching)
        assert second[0].startswith("forms/a.yaml:12:5: S001 unknown key 'scroe'")
        assert second[-2] == "Found 1 error.\n"
        form.write_text(FORM, encoding="utf-8")  # mended
        assert out.until(watching)[0] == "All checks passed!\n"
        (forms / "notes.txt").write_text("不是表格", encoding="utf-8")  # not a form: no run
        time.sleep(1.0)
        assert out.queue.empty()
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=30) == 0
        stderr = process.stderr.read()
        assert "Traceback" not in stderr and "KeyboardInterrupt" not in stderr, stderr
    finally:
        if process.poll() is None:
            process.kill()


def test_watch_keeps_watching_through_a_broken_configuration(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(FORM, encoding="utf-8")
    config = tmp_path / ".jixiao-lint.yaml"
    config.write_text("lang: en\n", encoding="utf-8")
    process = subprocess.Popen([sys.executable, "-m", "jixiao_lint", "--watch", "--lang", "en", "."], cwd=tmp_path,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8")
    try:
        out = Lines(process.stdout)
        out.until(watching)
        config.write_text("lang: en\ntolerence: 1\n", encoding="utf-8")
        [message, _] = out.until(watching)
        assert message.startswith("jixiao-lint: ") and "unknown setting 'tolerence'; did you mean 'tolerance'?" in message
        config.write_text("lang: en\n", encoding="utf-8")
        assert out.until(watching)[0] == "All checks passed!\n"
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=30) == 0
    finally:
        if process.poll() is None:
            process.kill()


def test_watch_refuses_standard_input(tmp_path: Path) -> None:
    run = subprocess.run([sys.executable, "-m", "jixiao_lint", "--watch", "-"], cwd=tmp_path, capture_output=True,
                         text=True, timeout=60)
    assert (run.returncode, run.stderr) == (2, "jixiao-lint: --watch 在文件保存时检查，不能读取标准输入；请给出文件或目录\n")
    run = subprocess.run([sys.executable, "-m", "jixiao_lint", "--lang", "en", "--watch", "-"], cwd=tmp_path,
                         capture_output=True, text=True, timeout=60)
    assert (run.returncode, run.stderr) == (2, "jixiao-lint: --watch lints files as they are saved; it cannot read standard input\n")


def many_forms(directory: Path, count: int) -> None:
    directory.mkdir()
    for i in range(count):
        (directory / f"form_{i:03d}.yaml").write_text(FORM.replace("救助人次", f"救助人次{i}"), encoding="utf-8")


def test_no_progress_bar_when_stderr_is_not_a_terminal(tmp_path: Path) -> None:
    many_forms(tmp_path / "forms", 320)
    run = subprocess.run([sys.executable, "-m", "jixiao_lint", "--no-cache", "--lang", "en", "forms"], cwd=tmp_path,
                         capture_output=True, text=True, encoding="utf-8", timeout=300)
    assert (run.returncode, run.stdout, run.stderr) == (0, "All checks passed!\n", "")


@pytest.mark.skipif(sys.platform == "win32", reason="a pseudo-terminal")
@pytest.mark.parametrize("count, bar", [(320, True), (20, False)])
def test_progress_bar_on_a_terminal_for_a_long_run_only(tmp_path: Path, count: int, bar: bool) -> None:
    import pty

    many_forms(tmp_path / "forms", count)
    controller, terminal = pty.openpty()
    env = {**os.environ, "COLUMNS": "100", "TERM": "xterm"}
    env.pop("NO_COLOR", None)
    process = subprocess.Popen([sys.executable, "-m", "jixiao_lint", "--no-cache", "--lang", "en", "forms"], cwd=tmp_path,
                               stdout=subprocess.PIPE, stderr=terminal, env=env)
    os.close(terminal)
    shown = b""
    while True:
        try:
            chunk = os.read(controller, 65536)
        except OSError:  # the terminal's other end closed: the process is done with it
            break
        if not chunk:
            break
        shown += chunk
    stdout, _ = process.communicate(timeout=300)
    os.close(controller)
    assert (process.returncode, stdout) == (0, b"All checks passed!\n")  # the findings never go through the bar
    text = shown.decode("utf-8", errors="replace")
    if bar:
        assert "jixiao-lint" in text and "━" in text and "%" in text, text
    else:
        assert text == ""

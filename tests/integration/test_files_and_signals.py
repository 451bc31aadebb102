"""Files, names and signals as a real repo has them (issue 22), each run through the CLI as a user runs it:
a named pipe in a linted directory, `yes | jixiao-lint -`, Ctrl-C to a `--jobs 4` run, file names with
ESC, newlines and bytes that are not UTF-8 in every format, a directory nobody may read, and --fix on a
read-only file, a hard link, another user's file and a symlink out of the tree.

Where a case needs permissions root does not obey, the CLI runs as nobody (subprocess's `user=`, a
setuid in the forked child) in a directory nobody can reach."""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

COMPANION = (Path(__file__).parent.parent / "fixtures" / "hostile" / "companion.yaml").read_bytes()
S001 = "未知字段“projct”；是不是“project”（项目名称）？"
ROOT = hasattr(os, "geteuid") and os.geteuid() == 0
NOBODY = 65534
posix_only = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="pipes, signals and modes are POSIX")
# A form with one safe fix (F007: a code YAML 1.1 tools read as an octal number) and nothing else to say.
FIXABLE = "kind: self-evaluation\nyear: 2023\norganization: 重庆市江北区民政局\nproject: 社会救助资金\nproject_code: 0123\n"
FIXED = FIXABLE.replace("0123", '"0123"')


def cli(*args: str, cwd: Path, as_nobody: bool = False, timeout: float = 60, **options) -> subprocess.CompletedProcess:
    if as_nobody and ROOT:  # root reads and writes whatever the modes say: the case needs someone they bind
        return _as_nobody(list(args), cwd)
    env = {k: v for k, v in os.environ.items() if k not in ("FORCE_COLOR", "JIXIAO_LINT_DEBUG")}
    env.update(NO_COLOR="1", JIXIAO_LINT_NO_CACHE="1", PYTHONPATH=os.pathsep.join(sys.path))
    return subprocess.run([sys.executable, "-m", "jixiao_lint", *args], cwd=cwd, env=env, capture_output=True,
                          timeout=timeout, **options)


def _as_nobody(argv: list[str], cwd: Path) -> subprocess.CompletedProcess:
    """The CLI's main in a forked child that has become nobody (os.setuid). Not a new interpreter: this
    one lives under /root, which nobody may not enter; so the child must find every module it needs
    already imported: every module of the package, and what a first run in this process of each kind of
    command imports on the way (lazily imported standard modules)."""
    import contextlib
    import importlib
    import io
    import pkgutil

    import jixiao_lint
    from jixiao_lint import cli as jixiao_cli

    for module in pkgutil.walk_packages(jixiao_lint.__path__, "jixiao_lint."):
        if module.name != "jixiao_lint.__main__":  # that one runs the CLI
            importlib.import_module(module.name)
    saved = {key: os.environ.get(key) for key in ("NO_COLOR", "JIXIAO_LINT_NO_CACHE")}
    os.environ.update(NO_COLOR="1", JIXIAO_LINT_NO_CACHE="1")
    try:
        with tempfile.TemporaryDirectory() as scratch, contextlib.redirect_stdout(io.StringIO()), \
                contextlib.redirect_stderr(io.StringIO()):
            fixable, companion = Path(scratch, "fixable.yaml"), Path(scratch, "companion.yaml")
            companion.write_bytes(COMPANION)
            for options in ([], ["--format", "json"], ["--lang", "en"], ["--diff"], ["--fix"]):
                fixable.write_text(FIXABLE, encoding="utf-8")
                jixiao_cli.main([*options, scratch])
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
    return _main_in_child(jixiao_cli.main, argv, cwd)


def _main_in_child(main, argv: list[str], cwd: Path) -> subprocess.CompletedProcess:
    import io

    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        pid = os.fork()
        if pid == 0:  # the child: never returns into pytest
            code = 70
            try:
                os.environ.update(NO_COLOR="1", JIXIAO_LINT_NO_CACHE="1")
                os.setgroups([])
                os.setgid(NOBODY)
                os.setuid(NOBODY)
                os.chdir(cwd)
                # strict: a name that is not UTF-8 must never reach the output raw
                sys.stdout = io.TextIOWrapper(open(out.fileno(), "wb", closefd=False), encoding="utf-8")
                sys.stderr = io.TextIOWrapper(open(err.fileno(), "wb", closefd=False), encoding="utf-8")
                code = main(argv)
                sys.stdout.flush()
                sys.stderr.flush()
            finally:
                os._exit(code)
        _, status = os.waitpid(pid, 0)
        out.seek(0)
        err.seek(0)
        return subprocess.CompletedProcess(argv, os.waitstatus_to_exitcode(status), out.read(), err.read())


@pytest.fixture
def shared_dir():
    """A directory anyone may enter (pytest's tmp_path is root's own, 0700)."""
    directory = Path(tempfile.mkdtemp(prefix="jixiao-lint-test-"))
    directory.chmod(0o755)
    yield directory
    for path in [directory, *directory.rglob("*")]:
        if not path.is_symlink():
            path.chmod(0o755 if path.is_dir() else 0o644)
    shutil.rmtree(directory)


def findings(run: subprocess.CompletedProcess) -> list[tuple]:
    return [(f["file"], f["rule"], f["line"], f["column"]) for f in json.loads(run.stdout)]


# ------------------------------------------------------------------------------------------ hangs
@posix_only
def test_a_named_pipe_in_a_linted_directory_is_skipped_with_a_note(tmp_path: Path) -> None:
    forms = tmp_path / "forms"
    forms.mkdir()
    (forms / "companion.yaml").write_bytes(COMPANION)
    os.mkfifo(forms / "pipe.yaml")  # no writer: opening it to read would wait for ever
    run = cli("--format", "json", "forms", cwd=tmp_path, timeout=30)
    assert run.returncode == 1
    assert findings(run) == [("forms/companion.yaml", "S001", 6, 1)]
    assert run.stderr.decode() == "jixiao-lint: 已跳过 forms/pipe.yaml：不是普通文件（是命名管道），没有检查\n"
    run = cli("--lang", "en", "--format", "json", "forms", cwd=tmp_path, timeout=30)
    assert run.stderr.decode() == "jixiao-lint: skipped forms/pipe.yaml: not a regular file (a named pipe)\n"


@posix_only
def test_endless_standard_input_stops_at_max_file_size(tmp_path: Path) -> None:
    (tmp_path / ".jixiao-lint.yaml").write_text("max_file_size: 65536\n", encoding="utf-8")
    yes = subprocess.Popen(["yes"], stdout=subprocess.PIPE)
    try:
        run = cli("--format", "json", "-", cwd=tmp_path, stdin=yes.stdout, timeout=30)
    finally:
        yes.kill()
        yes.wait()
    assert run.returncode == 1
    [finding] = json.loads(run.stdout)
    assert (finding["file"], finding["rule"], finding["line"], finding["column"]) == ("-", "F006", 1, 1)
    assert finding["message"] == "输入超过上限 64.0 KiB；如确需检查，请在配置中调大 max_file_size"


def _children(pid: int) -> list[str]:
    try:
        return Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        return []


@pytest.fixture(scope="module")
def repo_of_3000(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("repo")
    (root / "forms").mkdir()
    for i in range(3000):
        (root / "forms" / f"f{i:04}.yaml").write_bytes(COMPANION)
    return root


def _interrupt(root: Path, signum: int, to_group: bool) -> tuple[int, bytes]:
    """A `--jobs 4` run over the repo, sent `signum` at a random moment once its 4 workers are busy;
    its exit status and standard error, once no process of its group is left."""
    env = {**os.environ, "NO_COLOR": "1", "PYTHONPATH": os.pathsep.join(sys.path)}
    process = subprocess.Popen([sys.executable, "-m", "jixiao_lint", "--jobs", "4", "forms"], cwd=root, env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
    deadline = time.monotonic() + 60
    while len(_children(process.pid)) < 4 and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)
    assert process.poll() is None, "the run ended before it could be interrupted"
    time.sleep(random.uniform(0, 0.5))
    (os.killpg if to_group else os.kill)(process.pid, signum)
    try:
        code = process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        pytest.fail("still running 20 s after the signal")
    try:
        os.killpg(process.pid, 0)
        time.sleep(2)
        os.killpg(process.pid, signal.SIGKILL)
        pytest.fail("a worker outlived the run")
    except ProcessLookupError:  # none left, not even a zombie
        pass
    return code, process.stderr.read()


linux_proc = pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="counts the workers in /proc (Linux)")


@linux_proc
def test_ctrl_c_ends_every_worker_and_exits_130_every_time(repo_of_3000: Path) -> None:
    # Ctrl-C as a terminal sends it: SIGINT to the whole process group, workers and all, at a moment
    # chosen at random while the 4 workers are busy with 3,000 files. How fast: benchmarks/ctrl_c.py.
    for attempt in range(5):
        assert _interrupt(repo_of_3000, signal.SIGINT, to_group=True) == (130, b""), attempt


@linux_proc
def test_sigint_or_sigterm_to_the_run_alone_leaves_no_worker_behind(repo_of_3000: Path) -> None:
    # `kill -INT <pid>`, or a CI job cancelled (SIGTERM to the command alone): the workers get nothing,
    # so the run itself must end them. Before, SIGTERM left the 4 of them waiting for ever.
    assert _interrupt(repo_of_3000, signal.SIGINT, to_group=False) == (130, b"")
    assert _interrupt(repo_of_3000, signal.SIGTERM, to_group=False) == (143, b"")
    assert _interrupt(repo_of_3000, signal.SIGTERM, to_group=True) == (143, b"")


# ------------------------------------------------------------------------------------------ names
NAMES = {  # bytes on disk: as text (and --format junit) shows them
    b"esc\x1b[31mred.yaml": "esc\\x1b[31mred.yaml",
    b"new\nline.yaml": "new\\nline.yaml",
    b"gbk\xb1\xed.yaml": "gbk\\xb1\\xed.yaml",  # 表 in GBK: not UTF-8
    "表,格:100%.yaml".encode(): "表,格:100%.yaml",
}


@pytest.fixture
def odd_names(tmp_path: Path) -> Path:
    for name in NAMES:
        (tmp_path / os.fsdecode(name)).write_bytes(COMPANION)
    return tmp_path


@posix_only
def test_text_shows_every_name_escaped(odd_names: Path) -> None:
    run = cli(".", cwd=odd_names)
    out = run.stdout.decode("utf-8")  # strict: valid UTF-8
    assert run.returncode == 1 and "\x1b" not in out
    headers = [line for line in out.split("\n") if line.endswith(S001)]
    assert headers == [f"{shown}:6:1: S001 {S001}" for shown in sorted(NAMES.values(), key=os.fsencode)]


@posix_only
def test_json_and_sarif_keep_every_name_exactly_as_valid_utf8(odd_names: Path) -> None:
    run = cli("--format", "json", ".", cwd=odd_names)
    text = run.stdout.decode("utf-8")
    assert '"file": "gbk\\udcb1\\udced.yaml"' in text  # the surrogate escapes os.fsdecode makes
    assert sorted(os.fsencode(f["file"]) for f in json.loads(text)) == sorted(NAMES)
    sarif = json.loads(cli("--format", "sarif", ".", cwd=odd_names).stdout.decode("utf-8"))
    uris = [r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in sarif["runs"][0]["results"]]
    assert sorted(uris) == sorted(["esc%1B%5B31mred.yaml", "new%0Aline.yaml", "gbk%B1%ED.yaml",
                                   "%E8%A1%A8%2C%E6%A0%BC%3A100%25.yaml"])


@posix_only
def test_github_annotations_escape_names_as_the_runner_reads_them(odd_names: Path) -> None:
    out = cli("--format", "github", ".", cwd=odd_names).stdout.decode("utf-8")
    assert "\x1b" not in out
    files = sorted(line.split(",", 1)[0] for line in out.splitlines())
    assert files == sorted(["::error file=esc\\x1b[31mred.yaml", "::error file=new%0Aline.yaml",
                            "::error file=gbk\\xb1\\xed.yaml", "::error file=表%2C格%3A100%25.yaml"])


@posix_only
def test_junit_names_every_file_in_valid_xml(odd_names: Path) -> None:
    out = cli("--format", "junit", ".", cwd=odd_names).stdout
    names = sorted(case.get("classname") for case in ET.fromstring(out).iter("testcase"))  # one case per finding
    assert names == sorted(NAMES.values())


def test_stdin_filename_goes_through_the_same_rendering(tmp_path: Path) -> None:
    name = os.fsdecode(b"x\x1b]0;pwned\x07\xff.yaml")
    run = cli("--stdin-filename", name, "-", cwd=tmp_path, input=COMPANION)
    assert run.stdout.decode("utf-8").split("\n")[0] == f"x\\x1b]0;pwned\\x07\\xff.yaml:6:1: S001 {S001}"
    [finding] = json.loads(cli("--format", "json", "--stdin-filename", name, "-", cwd=tmp_path, input=COMPANION).stdout)
    assert finding["file"] == name
    github = cli("--format", "github", "--stdin-filename", name, "-", cwd=tmp_path, input=COMPANION).stdout.decode()
    assert github.startswith("::error file=x\\x1b]0;pwned\\x07\\xff.yaml,line=6,col=1,")


@posix_only
def test_diff_and_fix_messages_show_names_escaped(tmp_path: Path) -> None:
    name = os.fsdecode(b"clear\x1b[2J\xff.yaml")
    (tmp_path / name).write_text(FIXABLE, encoding="utf-8")
    run = cli("--diff", name, cwd=tmp_path)
    assert run.returncode == 1
    assert run.stdout.decode("utf-8").startswith("--- a/clear\\x1b[2J\\xff.yaml\n+++ b/clear\\x1b[2J\\xff.yaml\n")
    (tmp_path / name).chmod(0o444)
    run = cli("--fix", name, cwd=tmp_path)
    assert run.stderr.decode("utf-8").startswith("jixiao-lint: 没有修复 clear\\x1b[2J\\xff.yaml：文件是只读的")
    run = cli("--lang", "en", "--fix", name, cwd=tmp_path)
    assert run.stderr.decode("utf-8").startswith("jixiao-lint: not fixing clear\\x1b[2J\\xff.yaml: the file is read-only")


# ------------------------------------------------------------------------------- unreadable directory
@posix_only
def test_a_directory_that_cannot_be_read_is_f008_and_fails_the_run(shared_dir: Path) -> None:
    locked = shared_dir / "forms" / "locked"
    locked.mkdir(parents=True)
    (shared_dir / "forms" / "companion.yaml").write_bytes(COMPANION)
    (locked / "hidden.yaml").write_bytes(COMPANION)
    locked.chmod(0)
    run = cli("--format", "json", "forms", cwd=shared_dir, as_nobody=True)
    assert run.returncode == 1
    assert findings(run) == [("forms/companion.yaml", "S001", 6, 1), ("forms/locked", "F008", 1, 1)]
    assert json.loads(run.stdout)[1]["message"] == (
        "无法读取目录，其中的表格都没有检查：没有读取权限；请让目录可读（如 chmod a+rx），或把它加入配置的 exclude")
    text = cli("--lang", "en", "forms", cwd=shared_dir, as_nobody=True).stdout.decode()
    assert ("forms/locked:1:1: F008 cannot read the directory, so none of the forms in it were checked: "
            "permission denied; make it readable (chmod a+rx) or add it to exclude") in text
    locked.chmod(0o755)  # readable again: its form is linted
    assert findings(cli("--format", "json", "forms", cwd=shared_dir, as_nobody=True)) == [
        ("forms/companion.yaml", "S001", 6, 1), ("forms/locked/hidden.yaml", "S001", 6, 1)]


@posix_only
def test_a_file_that_cannot_be_read_is_f008_on_it(shared_dir: Path) -> None:
    (shared_dir / "companion.yaml").write_bytes(COMPANION)
    (shared_dir / "locked.yaml").write_bytes(COMPANION)
    (shared_dir / "locked.yaml").chmod(0)
    run = cli("--format", "json", ".", cwd=shared_dir, as_nobody=True)
    assert run.returncode == 1
    assert findings(run) == [("companion.yaml", "S001", 6, 1), ("locked.yaml", "F008", 1, 1)]
    assert json.loads(run.stdout)[1]["message"] == (
        "无法读取文件：没有读取权限；请让文件可读（如 chmod a+r），或把它加入配置的 exclude")


# ------------------------------------------------------------------------------------ --fix on disk
@posix_only
def test_fix_refuses_a_read_only_file(tmp_path: Path) -> None:
    form = tmp_path / "form.yaml"
    form.write_text(FIXABLE, encoding="utf-8")
    form.chmod(0o444)
    run = cli("--fix", "form.yaml", cwd=tmp_path)
    assert run.returncode == 2
    assert run.stderr.decode() == (
        "jixiao-lint: 没有修复 form.yaml：文件是只读的；如要让 --fix 修改它，请先设为可写（chmod u+w）；文件未改动\n"
        "jixiao-lint: --fix 有 1 个文件没能写入，均未改动：form.yaml\n")
    run = cli("--lang", "en", "--fix", "form.yaml", cwd=tmp_path)
    assert run.returncode == 2
    assert run.stderr.decode() == (
        "jixiao-lint: not fixing form.yaml: the file is read-only; make it writable (chmod u+w) to let --fix change it; "
        "the file is unchanged\n"
        "jixiao-lint: --fix could not write 1 file(s), left unchanged: form.yaml\n")
    assert form.read_text(encoding="utf-8") == FIXABLE and stat.S_IMODE(form.stat().st_mode) == 0o444


@posix_only
def test_fix_refuses_a_file_the_user_may_not_write(shared_dir: Path) -> None:
    form = shared_dir / "form.yaml"
    form.write_text(FIXABLE, encoding="utf-8")
    if ROOT:
        os.chown(form, 0, 0)
    else:
        pytest.skip("needs a file of another user")
    run = cli("--fix", "form.yaml", cwd=shared_dir, as_nobody=True)
    assert run.returncode == 2
    assert run.stderr.decode().startswith("jixiao-lint: 没有修复 form.yaml：没有写入权限：你不能修改这个文件；文件未改动\n")
    run = cli("--lang", "en", "--fix", "form.yaml", cwd=shared_dir, as_nobody=True)
    assert run.stderr.decode().startswith(
        "jixiao-lint: not fixing form.yaml: permission denied: you may not write this file; the file is unchanged\n")
    assert form.read_text(encoding="utf-8") == FIXABLE


@posix_only
def test_fix_keeps_inode_hard_links_mode_owner_and_group(shared_dir: Path) -> None:
    forms, elsewhere = shared_dir / "forms", shared_dir / "elsewhere"
    forms.mkdir()
    elsewhere.mkdir()
    form = forms / "form.yaml"
    form.write_text(FIXABLE, encoding="utf-8")
    form.chmod(0o664)
    os.link(form, elsewhere / "same.yaml")
    if ROOT:  # root fixing a clerk's file must leave it the clerk's
        os.chown(form, NOBODY, NOBODY)
    before = form.stat()
    run = cli("--fix", "forms", cwd=shared_dir)
    assert (run.returncode, run.stderr) == (0, b"")
    after = form.stat()
    assert (after.st_ino, after.st_nlink, after.st_uid, after.st_gid, stat.S_IMODE(after.st_mode)) == (
        before.st_ino, 2, before.st_uid, before.st_gid, 0o664)
    assert form.read_text(encoding="utf-8") == (elsewhere / "same.yaml").read_text(encoding="utf-8") == FIXED
    assert sorted(p.name for p in forms.iterdir()) == ["form.yaml"]  # no copy left behind


@posix_only
def test_fix_in_a_directory_nobody_may_write_keeps_its_copy_elsewhere(shared_dir: Path) -> None:
    # The file is writable, its directory is not: the copy of the original goes to the temporary directory.
    form = shared_dir / "form.yaml"
    form.write_text(FIXABLE, encoding="utf-8")
    form.chmod(0o666)
    shared_dir.chmod(0o555)
    run = cli("--fix", "form.yaml", cwd=shared_dir, as_nobody=True)
    assert (run.returncode, run.stderr) == (0, b"")
    assert form.read_text(encoding="utf-8") == FIXED


@posix_only
def test_fix_does_not_rewrite_through_a_link_out_of_the_tree_unless_named(tmp_path: Path) -> None:
    (tmp_path / "forms").mkdir()
    (tmp_path / "shared").mkdir()
    target = tmp_path / "shared" / "template.yaml"
    target.write_text(FIXABLE, encoding="utf-8")
    (tmp_path / "forms" / "linked.yaml").symlink_to("../shared/template.yaml")
    (tmp_path / "forms" / "own.yaml").write_text(FIXABLE, encoding="utf-8")
    (tmp_path / "forms" / "inside.yaml").symlink_to("own.yaml")  # within the tree: fine
    run = cli("--fix", "forms", cwd=tmp_path)
    assert run.returncode == 2
    assert run.stderr.decode() == (
        f"jixiao-lint: 没有修复 forms/linked.yaml：它是指向 forms 之外的 {target} 的符号链接；如要修复那个文件，请在命令行上直接写出它；"
        "文件未改动\njixiao-lint: --fix 有 1 个文件没能写入，均未改动：forms/linked.yaml\n")
    run = cli("--lang", "en", "--fix", "forms", cwd=tmp_path)
    assert run.returncode == 2
    assert run.stderr.decode() == (
        f"jixiao-lint: not fixing forms/linked.yaml: it is a symbolic link to {target}, outside forms; "
        "name the file on the command line to fix it there; the file is unchanged\n"
        "jixiao-lint: --fix could not write 1 file(s), left unchanged: forms/linked.yaml\n")
    assert target.read_text(encoding="utf-8") == FIXABLE
    assert (tmp_path / "forms" / "own.yaml").read_text(encoding="utf-8") == FIXED
    run = cli("--fix", "forms/linked.yaml", cwd=tmp_path)  # named: the user's to change
    assert (run.returncode, run.stderr) == (0, b"")
    assert target.read_text(encoding="utf-8") == FIXED and (tmp_path / "forms" / "linked.yaml").is_symlink()

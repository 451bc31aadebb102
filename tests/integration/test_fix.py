"""--fix, --diff and --unsafe-fixes through the CLI: only the recorded spans change, every other byte of
the form (comments, order, quoting, blank lines, BOM, CRLF) stays as the clerk wrote it, a second run is
a no-op, and a write interrupted at any point leaves the original file intact."""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from jixiao_lint import cli
from jixiao_lint.commands import fixing

# Three safe fixes: E001 (operator spelling), E005 (a number typed with a space), F007 (a code that
# YAML 1.1 tools would read as an octal number). Comments, a blank line, a flow mapping and quoted
# strings sit around them and must survive byte for byte.
FORM = """\
# 华新街街道 2023 年度项目支出绩效自评表
kind: self-evaluation
year: 2023
organization: 重庆市江北区人民政府华新街街道办事处   # 单位名称照抄原表
project: '城市管理专项'
project_code: 0123
money_unit: 元
self_score: 98.8

indicators:
  # 产出指标
  - name: 产出-数量-违建拆除面积
    unit: 平方米
    target: $\\geqslant$ 2400   # 原表为 PDF 转换
    actual: 2500
    weight: "54. 36"
    score: 50
  - {name: 满意度-服务对象满意度指标-群众满意率, unit: "%", target: "≥ 95", actual: 96, weight: 45.64, score: 45.64}
"""
FIXED = (FORM.replace("project_code: 0123", 'project_code: "0123"')
         .replace("target: $\\geqslant$ 2400", "target: ≥ 2400")
         .replace('weight: "54. 36"', 'weight: "54.36"'))  # the quotes and the decimals as written


# The rules these forms are about; rules added later must not change what these tests prove.
SELECT = ["--select", "E0,F0,S0,W004"]


def run(*argv: str, capsys) -> tuple[int, str, str]:
    code = cli.main([*SELECT, *argv])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def form(tmp_path: Path, monkeypatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("NO_COLOR", "1")
    path = tmp_path / "form.yaml"
    path.write_bytes(FORM.encode("utf-8"))
    return path


def test_fix_changes_exactly_the_fixed_spans(form: Path, capsys) -> None:
    code, out, _ = run("--fix", "form.yaml", capsys=capsys)
    assert form.read_bytes() == FIXED.encode("utf-8")  # comments, order, quoting, blank lines: identical
    assert code == 0  # only the three warnings were there, and they are fixed
    assert "已修复 3 个，无剩余问题" in out


def test_fixed_form_reads_as_the_same_data_except_the_fixed_fields(form: Path, capsys) -> None:
    before = yaml.safe_load(FORM)
    run("--fix", "form.yaml", capsys=capsys)
    after = yaml.safe_load(form.read_text(encoding="utf-8"))
    assert after["project_code"] == "0123"  # a YAML 1.1 loader read it as the octal number 83 before
    assert after["indicators"][0]["target"] == "≥ 2400"
    assert after["indicators"][0]["weight"] == "54.36"  # text still, typed well: the linter reads it as 54.36
    for key in ("project_code",):
        before.pop(key), after.pop(key)
    for row in (before["indicators"][0], after["indicators"][0]):
        row.pop("target"), row.pop("weight")
    assert after == before


def test_second_fix_is_a_no_op(form: Path, capsys) -> None:
    run("--fix", "form.yaml", capsys=capsys)
    fixed_once, mtime = form.read_bytes(), form.stat().st_mtime_ns
    code, out, _ = run("--fix", "form.yaml", capsys=capsys)
    assert code == 0
    assert form.read_bytes() == fixed_once
    assert form.stat().st_mtime_ns == mtime  # not even rewritten
    assert "已修复" not in out and "未发现问题" in out


def test_diff_shows_the_fixes_and_writes_nothing(form: Path, capsys) -> None:
    code, out, err = run("--diff", "form.yaml", capsys=capsys)
    assert form.read_bytes() == FORM.encode("utf-8")
    assert code == 1
    assert out.startswith("--- a/form.yaml\n+++ b/form.yaml\n")
    removed = [line for line in out.splitlines() if line.startswith("-") and not line.startswith("---")]
    added = [line for line in out.splitlines() if line.startswith("+") and not line.startswith("+++")]
    assert removed == ["-project_code: 0123", "-    target: $\\geqslant$ 2400   # 原表为 PDF 转换", '-    weight: "54. 36"']
    assert added == ['+project_code: "0123"', "+    target: ≥ 2400   # 原表为 PDF 转换", '+    weight: "54.36"']
    assert err == "jixiao-lint: 可修复 3 处（--diff 只显示，未写入文件）\n"  # in the run's language
    assert run("--diff", "--lang", "en", "form.yaml", capsys=capsys)[2] == (
        "jixiao-lint: 3 fix(es) would be applied; nothing was written\n")


def test_summary_counts_fixed_and_remaining(form: Path, capsys) -> None:
    # Break the weights: W001 (no fix) and W004 (no fix) remain after the three fixes.
    form.write_text(FORM.replace("score: 50", "score: 60"), encoding="utf-8")
    code, out, _ = run("--fix", "form.yaml", capsys=capsys)
    assert code == 1
    assert "W004" in out and "E001" not in out and "E005" not in out and "F007" not in out
    assert out.rstrip().endswith("已修复 3 个，剩余 1 个错误")
    code, out, _ = run("--fix", "--lang", "en", "form.yaml", capsys=capsys)
    assert out.rstrip().endswith("Found 1 error.")


UNSAFE = """\
kind: self-evaluation
year: 2023
organization: 华新街街道办事处
indicators:
  - name: 清扫保洁面积
    unit: 万平方米
    target: 50   # 原表只写了数值
    weight: 50
  - name: 群众满意度
    unit: "%"
    target: $\\forall$ 90
    weight: 50
"""


def test_unsafe_fixes_only_on_request(tmp_path: Path, monkeypatch, capsys) -> None:
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "u.yaml"
    path.write_text(UNSAFE, encoding="utf-8")
    code, out, _ = run("--fix", "u.yaml", capsys=capsys)
    assert path.read_text(encoding="utf-8") == UNSAFE and code == 1
    assert "E002" in out and "E003" in out
    code, out, _ = run("--fix", "--unsafe-fixes", "u.yaml", capsys=capsys)
    assert path.read_text(encoding="utf-8") == UNSAFE.replace("target: 50", "target: ≥ 50").replace("$\\forall$ 90", "≥ 90")
    assert code == 0 and "已修复 2 个" in out


def test_bom_and_crlf_are_kept(form: Path, capsys) -> None:
    crlf = FORM.replace("\n", "\r\n")
    form.write_bytes(b"\xef\xbb\xbf" + crlf.encode("utf-8"))
    code, _, _ = run("--fix", "form.yaml", capsys=capsys)
    assert code == 0
    assert form.read_bytes() == b"\xef\xbb\xbf" + FIXED.replace("\n", "\r\n").encode("utf-8")


def test_permissions_and_symlinks_are_kept(form: Path, tmp_path: Path, capsys) -> None:
    form.chmod(0o640)
    link = tmp_path / "link.yaml"
    link.symlink_to(form.name)
    run("--fix", "link.yaml", capsys=capsys)
    assert link.is_symlink() and os.readlink(link) == "form.yaml"
    assert form.read_bytes() == FIXED.encode("utf-8")
    assert stat.S_IMODE(form.stat().st_mode) == 0o640


def _leftovers(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir() if p.name.endswith((".tmp", ".jixiao-lint-backup")))


NO_SPACE = OSError(28, "No space left on device")


@pytest.mark.parametrize("where", ["backup", "write", "truncate", "sync"])
def test_interrupted_write_leaves_the_original(form: Path, tmp_path: Path, monkeypatch, capsys, where: str) -> None:
    # The disk fills up at each step in turn: before the file is touched (its copy cannot be synced),
    # half-way through the new bytes, at the cut, at the sync. Each time the original bytes are put back.
    real = {name: getattr(os, name) for name in ("fsync", "pwrite", "ftruncate")}
    calls = {name: 0 for name in real}

    def failing(name: str, fail_on: int):
        def call(fd, *args):
            calls[name] += 1
            if calls[name] == fail_on:
                if name == "pwrite":  # half the bytes reach the file first
                    real["pwrite"](fd, args[0][: len(args[0]) // 2], args[1])
                raise NO_SPACE
            return real[name](fd, *args)
        return call

    name, fail_on = {"backup": ("fsync", 1), "write": ("pwrite", 1), "truncate": ("ftruncate", 1),
                     "sync": ("fsync", 2)}[where]
    monkeypatch.setattr(fixing.os, name, failing(name, fail_on))
    inode = form.stat().st_ino
    code, _, err = run("--fix", "form.yaml", capsys=capsys)
    assert code == 2
    assert err == ("jixiao-lint: 无法写入 form.yaml：No space left on device；文件未改动\n"
                   "jixiao-lint: --fix 有 1 个文件没能写入，均未改动：form.yaml\n")
    assert form.read_bytes() == FORM.encode("utf-8")
    assert form.stat().st_ino == inode
    assert _leftovers(tmp_path) == []


def test_a_write_that_cannot_be_undone_says_where_the_original_is(form: Path, tmp_path: Path, monkeypatch,
                                                                   capsys) -> None:
    real_pwrite = os.pwrite

    def half(fd, data, offset):
        real_pwrite(fd, data[: len(data) // 2], offset)
        raise NO_SPACE

    monkeypatch.setattr(fixing.os, "pwrite", half)
    code, _, err = run("--fix", "form.yaml", capsys=capsys)
    [backup] = _leftovers(tmp_path)
    assert code == 2
    assert f"jixiao-lint: 无法写入 form.yaml：No space left on device；文件可能已损坏，原内容保存在 {tmp_path / backup}\n" in err
    (tmp_path / backup).unlink()
    form.write_text(FORM, encoding="utf-8")
    code, _, err = run("--lang", "en", "--fix", "form.yaml", capsys=capsys)
    [backup] = _leftovers(tmp_path)
    assert (f"jixiao-lint: cannot write form.yaml: No space left on device; the file may be damaged, its original "
            f"content is kept in {tmp_path / backup}\n") in err
    assert (tmp_path / backup).read_bytes() == FORM.encode("utf-8")
    assert stat.S_IMODE((tmp_path / backup).stat().st_mode) == 0o600


def test_ctrl_c_during_write_waits_for_the_whole_file(form: Path, tmp_path: Path, monkeypatch, capsys) -> None:
    # Ctrl-C as the first new byte is written: it is held until the file is whole and synced, then ends the run.
    real_pwrite = os.pwrite

    def interrupted(fd, data, offset):
        os.kill(os.getpid(), signal.SIGINT)
        return real_pwrite(fd, data, offset)

    monkeypatch.setattr(fixing.os, "pwrite", interrupted)
    code, _, _ = run("--fix", "form.yaml", capsys=capsys)
    assert code == 130
    assert form.read_bytes() == FIXED.encode("utf-8")
    assert _leftovers(tmp_path) == []


def test_a_fix_that_would_break_the_yaml_is_refused(form: Path, monkeypatch, capsys) -> None:
    real = fixing.apply_text_fixes

    def breaking(text, findings, unsafe):
        new, count = real(text, findings, unsafe)
        return (new.replace("≥ 2400", "[≥ 2400") if count else new), count

    monkeypatch.setattr(fixing, "apply_text_fixes", breaking)
    code, out, _ = run("--fix", "form.yaml", capsys=capsys)
    assert form.read_bytes() == FORM.encode("utf-8")
    assert "E001" in out and "F002" not in out


def test_fix_in_a_subprocess_many_files(tmp_path: Path) -> None:
    # Enough files for the parallel runner: workers keep no text, so --fix must re-read each file.
    for i in range(20):
        (tmp_path / f"f{i:02}.yaml").write_text(FORM, encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "jixiao_lint", *SELECT, "--fix", "--jobs", "2", "."], cwd=tmp_path,
                          capture_output=True, text=True, encoding="utf-8", timeout=120)
    assert done.returncode == 0, done.stderr
    assert "已修复 60 个，无剩余问题" in done.stdout
    assert all(p.read_text(encoding="utf-8") == FIXED for p in tmp_path.glob("*.yaml"))


def test_fixes_keep_written_decimals_and_quotes_and_space_the_operator(tmp_path: Path, monkeypatch, capsys) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "f.yaml").write_text(
        'kind: self-evaluation\nyear: 2023\norganization: 华新街街道\nself_score: "98. 80"\nindicators:\n'
        '  - {name: 保洁面积, unit: 平方米, target: ＝300, weight: "87, 599, 029. 86", score: ９５}\n'
        '  - {name: 满意度, unit: "%", target: ">=90", weight: 0}  # jixiao-lint: disable=E005 原表如此   \n',
        encoding="utf-8")
    cli.main(["--select", "E001,E005,J001", "--fix", "f.yaml"])
    capsys.readouterr()
    assert (tmp_path / "f.yaml").read_text(encoding="utf-8") == (
        'kind: self-evaluation\nyear: 2023\norganization: 华新街街道\nself_score: "98.80"\nindicators:\n'
        '  - {name: 保洁面积, unit: 平方米, target: = 300, weight: "87599029.86", score: 95}\n'
        '  - {name: 满意度, unit: "%", target: "≥ 90", weight: 0}\n')  # the unused suppression and its spaces gone
def test_a_file_edited_while_it_is_fixed_keeps_the_edit(form: Path, monkeypatch, capsys) -> None:
    # The clerk saves the form in an editor between jixiao-lint's reading it and writing the fixes.
    real = fixing.fix_text
    edited = FORM.replace("self_score: 98.8", "self_score: 99.1")

    def and_meanwhile(*args, **kwargs):
        answer = real(*args, **kwargs)
        form.write_text(edited, encoding="utf-8")
        return answer

    monkeypatch.setattr(fixing, "fix_text", and_meanwhile)
    code, _, err = run("--fix", "form.yaml", capsys=capsys)
    assert code == 2
    assert err == ("jixiao-lint: 没有修复 form.yaml：修复期间文件被改动了；请重新运行 --fix；文件未改动\n"
                   "jixiao-lint: --fix 有 1 个文件没能写入，均未改动：form.yaml\n")
    form.write_text(FORM, encoding="utf-8")
    code, _, err = run("--lang", "en", "--fix", "form.yaml", capsys=capsys)
    assert err == ("jixiao-lint: not fixing form.yaml: the file changed while it was being fixed; run --fix again; "
                   "the file is unchanged\n"
                   "jixiao-lint: --fix could not write 1 file(s), left unchanged: form.yaml\n")
    assert form.read_text(encoding="utf-8") == edited

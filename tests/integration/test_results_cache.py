"""The results cache (commands/cache.py) through the real CLI: a cached run prints what an uncached one
prints, byte for byte; any change to what findings depend on is a miss; a damaged or foreign cache file
is ignored and rewritten; two runs at once both come out right; `clean` deletes it."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import modules_imported
from jixiao_lint.report import FORMATS

SEEDS = Path(__file__).parent.parent / "fixtures" / "seeds"
FORM = """\
kind: target-declaration
year: 2024
organization: 重庆市江北区民政局
scope: department
budget: 100
goal: 示例占位
indicators:
  - name: 产出-数量-救助人次
    unit: 人次
    target: ≥ 500
    weight: 100
"""
BROKEN = FORM.replace("weight: 100", "weight: 100\n    scroe: 3")  # S001 at 12:5


def cli(*args: str, cwd: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "jixiao_lint", *args], cwd=cwd, capture_output=True, text=True,
                          encoding="utf-8", timeout=120, env=env)


def repo(tmp_path: Path, config: str = "") -> Path:
    """A data repo: the seed forms under forms/, a configuration at the top."""
    root = tmp_path / "repo"
    (root / "forms").mkdir(parents=True)
    for seed in sorted(SEEDS.glob("*.yaml")):
        if not seed.name.endswith(".expected.yaml"):
            shutil.copy(seed, root / "forms" / seed.name)
    (root / ".jixiao-lint.yaml").write_text(config or "lang: zh\n", encoding="utf-8")
    return root


def shards(root: Path) -> list[Path]:
    return sorted((root / ".jixiao-lint-cache" / "results").glob("*.json"))


def only_shard(root: Path) -> dict:
    [shard] = shards(root)
    return json.loads(shard.read_text(encoding="ascii"))


# The formats that read a cached result (one worked out from the tree, html, lints every file again).
@pytest.mark.parametrize("fmt", [name for name, output in FORMATS.items() if not output.needs_tree])
def test_a_cached_run_prints_exactly_what_an_uncached_run_prints(tmp_path: Path, fmt: str) -> None:
    root = repo(tmp_path)
    uncached = cli("--format", fmt, "--no-cache", "forms", cwd=root)
    assert not (root / ".jixiao-lint-cache").exists()  # --no-cache writes nothing
    cold = cli("--format", fmt, "forms", cwd=root)
    stored = only_shard(root)
    assert sorted(stored["entries"]) == ["000_huaxin.yaml", "001_xiyong.yaml", "002_qinggang.yaml", "003_dongli.yaml",
                                         "004_ciqikou.yaml"]
    warm = cli("--format", fmt, "forms", cwd=root)
    assert uncached.returncode == cold.returncode == warm.returncode == 1
    assert uncached.stdout == cold.stdout == warm.stdout
    assert uncached.stderr == cold.stderr == warm.stderr == ""
    assert len(uncached.stdout) > 1000


def test_the_cache_is_what_a_warm_run_prints_from(tmp_path: Path) -> None:
    # Proof that the second run reads the cache: an entry altered by hand (in a valid shape) is what it shows.
    root = repo(tmp_path)
    (root / "forms" / "broken.yaml").write_text(BROKEN, encoding="utf-8")
    first = json.loads(cli("--format", "json", "forms/broken.yaml", cwd=root).stdout)
    assert [(f["rule"], f["line"], f["column"]) for f in first] == [("S001", 12, 5)]
    [shard] = shards(root)
    data = json.loads(shard.read_text(encoding="ascii"))
    data["entries"]["broken.yaml"][1][0][9] = "缓存中的消息"
    shard.write_text(json.dumps(data), encoding="ascii")
    second = json.loads(cli("--format", "json", "forms/broken.yaml", cwd=root).stdout)
    assert [(f["rule"], f["line"], f["message"]) for f in second][0] == ("S001", 12, "缓存中的消息")


def tampered(root: Path, name: str) -> None:
    """Mark the cached findings of `name` (in every shard that has it) so that a run using them shows it."""
    for shard in shards(root):
        data = json.loads(shard.read_text(encoding="ascii"))
        if name in data["entries"]:
            for fields in data["entries"][name][1]:
                fields[9] = "缓存中的消息"
            shard.write_text(json.dumps(data), encoding="ascii")


def rules_and_lines(run: subprocess.CompletedProcess) -> list[tuple[str, int, str]]:
    return [(f["rule"], f["line"], f["message"]) for f in json.loads(run.stdout)]


def test_an_edited_file_is_linted_again(tmp_path: Path) -> None:
    root = repo(tmp_path)
    form = root / "forms" / "broken.yaml"
    form.write_text(BROKEN, encoding="utf-8")
    cli("forms", cwd=root)
    tampered(root, "broken.yaml")
    form.write_text(BROKEN.replace("scroe", "scoer"), encoding="utf-8")
    [s001] = rules_and_lines(cli("--format", "json", "forms/broken.yaml", cwd=root))
    assert (s001[0], s001[1], "scoer" in s001[2]) == ("S001", 12, True)


def test_a_changed_configuration_rule_pack_or_lexicon_is_a_miss(tmp_path: Path) -> None:
    root = repo(tmp_path)
    pack = root / "pack"
    (pack / "lexicons").mkdir(parents=True)
    (pack / "extra.rules").write_text("# 本库的规则\n", encoding="utf-8")
    lexicon = pack / "lexicons" / "placeholders.yaml"
    lexicon.write_text("- pattern: 不会出现的词\n  means: 测试占位\n", encoding="utf-8")
    (root / ".jixiao-lint.yaml").write_text("rules: [pack]\n", encoding="utf-8")
    (root / "forms" / "broken.yaml").write_text(BROKEN, encoding="utf-8")

    def findings() -> list[tuple[str, int, str]]:
        return rules_and_lines(cli("--format", "json", "forms/broken.yaml", cwd=root))

    assert [f[:2] for f in findings()] == [("S001", 12)]  # the pack's lexicon replaces the built-in one
    tampered(root, "broken.yaml")
    assert findings()[0][2] == "缓存中的消息"  # a hit
    lexicon.write_text("- pattern: 示例占位\n  means: 测试占位\n", encoding="utf-8")
    [x003, s001] = findings()
    assert (s001[:2], x003[:2]) == (("S001", 12), ("X003", 6))
    assert "测试占位" in x003[2] and s001[2] != "缓存中的消息"

    tampered(root, "broken.yaml")
    (pack / "extra.rules").write_text("# 本库的规则（改过）\n", encoding="utf-8")
    assert "缓存中的消息" not in {f[2] for f in findings()}

    tampered(root, "broken.yaml")
    (root / ".jixiao-lint.yaml").write_text("rules: [pack]\ntolerance: 0.5\n", encoding="utf-8")
    assert "缓存中的消息" not in {f[2] for f in findings()}
    # Options on the command line are part of the setup's key too.
    assert rules_and_lines(cli("--format", "json", "--select", "S", "forms/broken.yaml", cwd=root))[0][:2] == ("S001", 12)


@pytest.mark.parametrize("damage", ["garbage", "truncated", "foreign tool", "other setup", "bad entry", "empty"])
def test_a_damaged_or_foreign_cache_file_is_ignored_and_rewritten(tmp_path: Path, damage: str) -> None:
    root = repo(tmp_path)
    expected = cli("--format", "json", "--no-cache", "forms", cwd=root).stdout
    cli("--format", "json", "forms", cwd=root)
    [shard] = shards(root)
    text = shard.read_text(encoding="ascii")
    data, original = json.loads(text), json.loads(text)
    if damage == "garbage":
        shard.write_bytes(b"\x80\x00 not json")
    elif damage == "truncated":
        shard.write_text(text[: len(text) // 2], encoding="ascii")
    elif damage == "foreign tool":
        shard.write_text(json.dumps({**data, "tool": "ruff"}), encoding="ascii")
    elif damage == "other setup":
        shard.write_text(json.dumps({**data, "setup": "0" * 32}), encoding="ascii")
    elif damage == "bad entry":  # the right digest, findings of a shape this version never writes
        data["entries"]["000_huaxin.yaml"][1] = [["S001", "not", "a", "finding"]]
        shard.write_text(json.dumps(data), encoding="ascii")
    else:
        shard.write_bytes(b"")
    run = cli("--format", "json", "forms", cwd=root)
    assert (run.returncode, run.stdout, run.stderr) == (1, expected, "")
    rewritten = json.loads(shard.read_text(encoding="ascii"))
    assert (rewritten["tool"], rewritten["setup"], len(rewritten["entries"])) == ("jixiao-lint", original["setup"], 5)
    assert rewritten["entries"] == original["entries"]
    assert cli("--format", "json", "forms", cwd=root).stdout == expected


def test_two_runs_at_once_are_both_right_and_leave_a_valid_cache(tmp_path: Path) -> None:
    root = repo(tmp_path)
    forms = root / "forms"
    for i in range(40):  # enough for the worker pool, and for the two runs to overlap
        (forms / f"copy_{i:02d}.yaml").write_text(BROKEN.replace("人次", f"人次{i}"), encoding="utf-8")
    expected = cli("--format", "json", "--no-cache", "forms", cwd=root).stdout
    command = [sys.executable, "-m", "jixiao_lint", "--format", "json", "forms"]
    runs = [subprocess.Popen(command, cwd=root, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8")
            for _ in range(2)]
    outputs = [run.communicate(timeout=120) for run in runs]
    assert [run.returncode for run in runs] == [1, 1]
    assert outputs == [(expected, ""), (expected, "")]
    stored = only_shard(root)
    assert len(stored["entries"]) == 45
    assert not [p for p in (root / ".jixiao-lint-cache" / "results").iterdir() if p.suffix != ".json"]  # no temporaries
    assert cli("--format", "json", "forms", cwd=root).stdout == expected


def test_where_the_cache_lives(tmp_path: Path) -> None:
    root = repo(tmp_path)
    cli(".", cwd=root / "forms")  # the configuration is found above: the cache goes beside it
    cache = root / ".jixiao-lint-cache"
    assert (cache / ".gitignore").read_text(encoding="utf-8").splitlines()[-1] == "*"
    assert (cache / "CACHEDIR.TAG").read_text(encoding="utf-8").startswith("Signature: 8a477f597d28d172789f06886806bc55")
    assert len(shards(root)) == 1
    # A cache directory holds no form: it is never linted, even when named.
    assert "cache" not in cli("--format", "json", ".", cwd=root).stdout

    other = tmp_path / "elsewhere"
    cli("--cache-dir", str(other), "forms", cwd=root)
    assert len(list((other / "results").glob("*.json"))) == 1

    # No configuration: the user cache directory ($XDG_CACHE_HOME/jixiao-lint).
    loose = tmp_path / "loose"
    loose.mkdir()
    (loose / "broken.yaml").write_text(BROKEN, encoding="utf-8")
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "xdg")}
    run = cli("broken.yaml", cwd=loose, env=env)
    assert run.returncode == 1
    assert len(list((tmp_path / "xdg" / "jixiao-lint" / "results").glob("*.json"))) == 1
    assert not (loose / ".jixiao-lint-cache").exists()


def test_fix_through_a_warm_cache(tmp_path: Path) -> None:
    root = repo(tmp_path)
    form = root / "forms" / "operators.yaml"
    form.write_text(FORM.replace("≥ 500", "$\\geqslant$ 500"), encoding="utf-8")
    before = cli("--format", "json", "forms/operators.yaml", cwd=root)
    assert [(f["rule"], f["line"]) for f in json.loads(before.stdout)] == [("E001", 10)]
    assert cli("--format", "json", "forms/operators.yaml", cwd=root).stdout == before.stdout  # a hit
    diff = cli("--diff", "forms/operators.yaml", cwd=root)
    assert diff.returncode == 1 and "+    target: ≥ 500" in diff.stdout
    fixed = cli("--fix", "forms/operators.yaml", cwd=root)
    assert form.read_text(encoding="utf-8") == FORM
    after = cli("--format", "json", "forms/operators.yaml", cwd=root)
    assert after.stdout == cli("--format", "json", "--no-cache", "forms/operators.yaml", cwd=root).stdout
    assert json.loads(after.stdout) == []
    assert fixed.returncode == 0


def test_clean_deletes_the_cache_and_only_a_cache(tmp_path: Path) -> None:
    root = repo(tmp_path)
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "xdg")}
    cli("forms", cwd=root, env=env)
    assert (root / ".jixiao-lint-cache").is_dir()
    impostor = tmp_path / "precious"
    impostor.mkdir()
    (impostor / "thesis.txt").write_text("数据", encoding="utf-8")
    run = cli("clean", "--cache-dir", str(impostor), cwd=root, env=env)
    assert run.returncode == 0
    assert "holds no jixiao-lint CACHEDIR.TAG; not deleted" in run.stderr
    assert (impostor / "thesis.txt").exists()
    assert f"removed {root / '.jixiao-lint-cache'}" in run.stdout.splitlines()
    assert not (root / ".jixiao-lint-cache").exists()
    assert (root / "forms" / "000_huaxin.yaml").exists()
    assert cli("clean", cwd=root, env=env).stdout == "no cache to remove\n"


def test_a_run_served_from_the_cache_imports_no_parser_schema_or_compiler(tmp_path: Path) -> None:
    root = repo(tmp_path)
    cli("forms", cwd=root)
    run = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "jixiao_lint", "forms"], cwd=root, capture_output=True, text=True,
        encoding="utf-8", timeout=120)
    assert run.returncode == 1 and run.stdout == cli("--no-cache", "forms", cwd=root).stdout
    imported = modules_imported(run)
    assert "jixiao_lint.commands.cache" in imported  # (the listing is what it seems)
    for module in ("lark", "jsonschema", "fastjsonschema", "jixiao_lint.check.compile", "jixiao_lint.check.functions",
                   "jixiao_lint.schema.validate", "hashlib",
                   "jixiao_lint.check.python_rules.reading", "jixiao_lint.check.python_rules.text",
                   "jixiao_lint.check.python_rules.units", "jixiao_lint.check.notes"):
        assert module not in imported, module

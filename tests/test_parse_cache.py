"""The start-up cache: used only in a directory the user owns and no one else can write to; a rule file
edit or a broken entry is a miss, never a wrong answer."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from jixiao_lint.parse import cache
from jixiao_lint.parse.rules_language import RuleFileError, parse_rule_file

RULE = 'rule Z001 a-b: error\n  when 1 == 1\n  message "x" / "x"\nend\n'


def test_entries_are_made_and_reused_in_the_users_directory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.delenv("JIXIAO_LINT_NO_CACHE", raising=False)
    first = parse_rule_file(RULE, "pack.rules")
    directory = tmp_path / "jixiao-lint"
    assert oct(directory.stat().st_mode & 0o777) == "0o700"
    [entry] = list(directory.glob("parsed-*.pickle"))
    assert [r.code for r in parse_rule_file(RULE, "pack.rules")] == [r.code for r in first] == ["Z001"]
    entry.write_bytes(b"not a pickle")  # a broken entry is a miss
    assert [r.code for r in parse_rule_file(RULE, "pack.rules")] == ["Z001"]
    assert [r.code for r in parse_rule_file(RULE.replace("Z001", "Z002"), "pack.rules")] == ["Z002"]


def test_a_directory_others_can_write_is_not_used(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.delenv("JIXIAO_LINT_NO_CACHE", raising=False)
    (tmp_path / "jixiao-lint").mkdir(mode=0o777)
    os.chmod(tmp_path / "jixiao-lint", 0o777)
    assert cache.cache_dir() is None
    assert cache.lark_cache_file("grammar") is False


def test_parse_errors_are_not_cached(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    for _ in range(2):
        with pytest.raises(RuleFileError):
            parse_rule_file("rule Z001 a-b: error\n  when x ==\n", "bad.rules")
    assert list((tmp_path / "jixiao-lint").glob("parsed-*")) == []


def test_a_lexicon_is_read_from_the_cache_until_it_is_edited(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from jixiao_lint.check.lexicons import read_yaml_data

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.delenv("JIXIAO_LINT_NO_CACHE", raising=False)
    lexicon = tmp_path / "units.yaml"
    lexicon.write_text("- 平方米\n- 次\n", encoding="utf-8")
    assert read_yaml_data(lexicon) == ["平方米", "次"]
    [entry] = list((tmp_path / "cache" / "jixiao-lint").glob("parsed-*.pickle"))
    assert read_yaml_data(lexicon) == ["平方米", "次"]
    lexicon.write_text("- 平方米\n- 人次\n", encoding="utf-8")
    assert read_yaml_data(lexicon) == ["平方米", "人次"]
    assert len(list((tmp_path / "cache" / "jixiao-lint").glob("parsed-*.pickle"))) == 2


def test_an_entry_made_for_another_key_under_the_same_name_is_a_miss(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import pickle

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.delenv("JIXIAO_LINT_NO_CACHE", raising=False)
    parse_rule_file(RULE, "pack.rules")
    [entry] = list((tmp_path / "jixiao-lint").glob("parsed-*.pickle"))
    other = parse_rule_file(RULE.replace("Z001", "Z009"), "other.rules")
    entry.write_bytes(pickle.dumps(("another key", other)))  # as if two keys had the same checksum
    assert [r.code for r in parse_rule_file(RULE, "pack.rules")] == ["Z001"]

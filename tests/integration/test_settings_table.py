"""settings.TABLE is the one list of settings: configuration checking, the rule compiler, --show-settings
and the docs all follow it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from jixiao_lint import config, settings
from jixiao_lint.check import compile as rule_compiler

ROOT = Path(__file__).resolve().parents[2]
SHOWN_DEFAULT = {"profile": "national", "weight_total": "the profile's", "grade_bands": "the profile's", "extend": "—"}


def row(setting: settings.Setting) -> str:
    default = SHOWN_DEFAULT[setting.name] if setting.default is None else json.dumps(setting.default)
    return (f"| `{setting.name}` | {settings.SHAPES[setting.shape]} | {default} | {setting.en} | {setting.zh} "
            f"| {setting.rules or '—'} |")


def test_the_configuration_doc_lists_exactly_the_table() -> None:
    text = (ROOT / "docs" / "configuration.md").read_text(encoding="utf-8")
    rows = [line for line in text.splitlines() if line.startswith("| `")]
    assert rows == [row(setting) for setting in settings.TABLE]


def test_the_rules_language_doc_names_every_setting_rules_can_read() -> None:
    text = (ROOT / "docs" / "rules-language.md").read_text(encoding="utf-8")
    section = text[text.index("- Settings every rule can read"):text.index("## Functions")]
    assert {name for name in settings.RULE_SETTINGS if f"`{name}`" in section} == set(settings.RULE_SETTINGS)


def test_the_compiler_reads_the_rule_settings_of_the_table() -> None:
    assert rule_compiler.SETTINGS is settings.RULE_SETTINGS
    assert list(settings.RULE_SETTINGS) == ["tolerance", "profile", "weight_total", "grade_bands"]


def test_config_knows_every_setting_and_its_default(tmp_path: Path) -> None:
    assert list(config.KEYS) == [setting.name for setting in settings.TABLE]
    assert config.defaults()["tolerance"] == 0.01 and config.defaults()["max_file_size"] == 16 * 1024 * 1024
    assert "profile" not in config.defaults()  # unset: the run chooses national, and says nothing was chosen


@pytest.mark.parametrize("name", settings.named("number"))
def test_every_number_setting_is_checked_as_one(tmp_path: Path, name: str) -> None:
    path = tmp_path / ".jixiao-lint.yaml"
    path.write_text(f"{name}: -1\n", encoding="utf-8")
    with pytest.raises(config.ConfigError) as raised:
        config.load_config(path)
    assert raised.value.zh == f"{path}：“{name}”应为不小于 0 的数，现为 -1"
    assert raised.value.en == f"{path}: '{name}' must be a non-negative number, got -1"


def test_a_new_row_is_a_setting_a_file_may_set(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(settings, "TABLE", (*settings.TABLE, settings.Setting("max_rows", "number", 10, "最多行数", "most rows")))
    monkeypatch.setitem(config.KEYS, "max_rows", "most rows")
    path = tmp_path / ".jixiao-lint.yaml"
    path.write_text("max_rows: 5\n", encoding="utf-8")
    assert config.load_config(path).get("max_rows") == 5
    path.write_text("max_rows: many\n", encoding="utf-8")
    with pytest.raises(config.ConfigError) as raised:
        config.load_config(path)
    assert raised.value.zh == f"{path}：“max_rows”应为不小于 0 的数，现为 'many'"
    assert raised.value.en == f"{path}: 'max_rows' must be a non-negative number, got 'many'"


def test_show_settings_prints_every_setting_of_the_table(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "jixiao_lint", "--show-settings"], cwd=tmp_path, capture_output=True,
                          text=True, encoding="utf-8", timeout=60)
    shown = json.loads(done.stdout)
    names = [setting.name for setting in settings.TABLE if setting.name != "extend"]
    assert list(shown) == ["config_file", "extends", *names]
    assert shown["tolerance"] == 0.01 and shown["weight_total"] == 100 and shown["profile"]["name"] == "national"

"""A rule pack's lexicons are checked against schema/lexicons.schema.json when the pack loads: a lexicon the
code cannot read stops the run (exit 2) with its file, line and key, instead of an internal error (F010)
on every form."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
import yaml

from jixiao_lint.resources import lexicons_dir

ROOT = Path(__file__).resolve().parents[2]
SCHEMAS = json.loads((ROOT / "src" / "jixiao_lint" / "schema" / "lexicons.schema.json").read_text(encoding="utf-8"))["$defs"]
BUILTIN_UNITS = lexicons_dir() / "units.yaml"
FORM = (ROOT / "examples" / "clean-self-evaluation.yaml").read_text(encoding="utf-8")


def lint(tmp_path: Path, lexicon: str, text: str, *options: str) -> subprocess.CompletedProcess:
    (tmp_path / "pack" / "lexicons").mkdir(parents=True, exist_ok=True)
    (tmp_path / "pack" / "checks.rules").write_text("", encoding="utf-8")
    (tmp_path / "pack" / "lexicons" / f"{lexicon}.yaml").write_text(text, encoding="utf-8")
    (tmp_path / "form.yaml").write_text(FORM, encoding="utf-8")
    return subprocess.run([sys.executable, "-m", "jixiao_lint", "--no-cache", "--rules", "pack", *options, "form.yaml"],
                          cwd=tmp_path, capture_output=True, text=True, encoding="utf-8", timeout=60)


def units_without_heads() -> str:
    text = BUILTIN_UNITS.read_text(encoding="utf-8")
    return text[:text.index("\nheads:")] + "\n"


def test_units_without_heads_is_exit_2_naming_the_file_line_and_key(tmp_path: Path) -> None:
    done = lint(tmp_path, "units", units_without_heads())
    line = next(i for i, text in enumerate(units_without_heads().splitlines(), 1) if text.startswith("dimensions:"))
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == (f"jixiao-lint: 词表文件错误：pack/lexicons/units.yaml:{line}：“heads”：缺少此键；"
                           f"请按内置词表 {BUILTIN_UNITS} 的格式填写（其注释说明了格式），或删除此文件以使用内置词表\n")


def test_in_english_under_lang_en(tmp_path: Path) -> None:
    done = lint(tmp_path, "units", "units: []\n", "--lang", "en")
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == ("jixiao-lint: lexicon file error: pack/lexicons/units.yaml:1: 'dimensions': this key is missing "
                           "(and magnitudes, compound, approximations, placeholders, heads); write it as the built-in "
                           f"{BUILTIN_UNITS} does (its comments describe the format), or delete the file to use the built-in one\n")


def test_a_value_of_the_wrong_shape_names_its_line_and_path(tmp_path: Path) -> None:
    done = lint(tmp_path, "words", "# my words\nwords:\n  - 救助\n  - 3\n", "--lang", "en")
    assert done.returncode == 2
    assert done.stderr.startswith("jixiao-lint: lexicon file error: pack/lexicons/words.yaml:4: 'words[1]': wrong shape: "
                                  "3 is not of type 'string'; ")


def test_a_lexicon_that_is_not_yaml_names_its_line(tmp_path: Path) -> None:
    done = lint(tmp_path, "words", "words: [救助\n")
    assert done.returncode == 2
    assert done.stderr.startswith("jixiao-lint: 词表文件错误：pack/lexicons/words.yaml:2：“words”：无法读取或不是有效的 YAML（")


def test_a_well_formed_pack_lexicon_and_a_pack_s_own_lexicon_lint_as_usual(tmp_path: Path) -> None:
    lint(tmp_path, "my_words", "anything: [goes, 3]\n")  # no built-in of that name: the pack's rules read it
    done = lint(tmp_path, "units", BUILTIN_UNITS.read_text(encoding="utf-8"))
    assert (done.returncode, done.stdout, done.stderr) == (0, "未发现问题\n", "")


@pytest.mark.parametrize("path", sorted(lexicons_dir().glob("*.yaml")), ids=lambda p: p.stem)
def test_every_built_in_lexicon_has_a_schema_it_meets(path: Path) -> None:
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    assert [error.message for error in jsonschema.Draft202012Validator(SCHEMAS[path.stem]).iter_errors(data)] == []


def test_the_schema_describes_only_lexicons_that_exist() -> None:
    assert sorted(SCHEMAS) == sorted(path.stem for path in lexicons_dir().glob("*.yaml"))

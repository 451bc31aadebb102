"""Domain knowledge kept as data in rules/lexicons/*.yaml (each file documents itself), loaded once."""

from __future__ import annotations

from functools import cache, lru_cache
from pathlib import Path
from typing import Callable, Collection, TypeVar

import yaml

from jixiao_lint.parse import words
from jixiao_lint.parse.rules_language import Loc, RuleFileError
from jixiao_lint.resources import lexicons_dir

_extra_dirs: list[Path] = []
_derived: list = []  # memoized answers computed from lexicons, forgotten when the lexicons change

F = TypeVar("F", bound=Callable)


def derived(function: F) -> F:
    """Memoize a function of texts whose answer comes from the lexicons (is this name a cost? which
    category is this spelling?): every rule asks it again for the same cells. The memory is emptied
    when a rule pack brings lexicons of its own."""
    memoized = lru_cache(maxsize=1 << 16)(function)  # a large table's cells (rules take turns over it)
    _derived.append(memoized)
    return memoized  # type: ignore[return-value]


def use(directories: list[Path]) -> None:
    """The lexicon directories of the rule packs in use, searched in this order before the built-in
    ones. A run may lint files under configurations with different packs: each engine says which are
    its own before it checks a form, and what was worked out from others is forgotten."""
    if _extra_dirs != directories:
        _extra_dirs[:] = directories
        forget()


def forget() -> None:
    """Drop everything read or worked out from the lexicons: they are read again when next asked."""
    for cached in (load, _polarity_table, _polarity_words, polarity, polarity_head, _dictionary, *_derived):
        cached.cache_clear()


def available(name: str) -> bool:
    return _path(name) is not None


def _path(name: str) -> Path | None:
    for directory in (*_extra_dirs, lexicons_dir()):
        candidate = directory / f"{name}.yaml"
        if candidate.is_file():
            return candidate
    return None


@cache
def load(name: str):
    path = _path(name)
    if path is None:
        raise KeyError(name)
    return read_yaml_data(path)


def read_yaml_data(path: Path):
    """A lexicon file's data, from the user's parse cache when this very text was read before: building
    Python objects from YAML is most of what the lexicons cost a small run (see parse/cache.py)."""
    from jixiao_lint.parse.cache import cached

    text = path.read_text(encoding="utf-8")
    return cached(text, str(path), "lexicon", lambda: yaml.load(text, Loader=yaml.CSafeLoader))


@cache
def _polarity_table() -> tuple[tuple[str, str | None], ...]:
    table = load("polarity")
    entries = [(word, "positive") for word in table.get("positive", [])]
    entries += [(word, "negative") for word in table.get("negative", [])]
    # A neutral head ends the search with no polarity: 成本控制率 is not negative for containing 成本.
    entries += [(word, None) for word in table.get("neutral", [])]
    return tuple(entries)


@cache
def polarity(name: str) -> str | None:
    """Chinese names are head-final: the word that ends last in the name decides (社会治安发案下降率 ends
    in 下降率, so it is positive although it contains 发案); among words ending at the same place, the
    longest wins."""
    head = polarity_head(name)
    return head[1] if head else None


@cache
def polarity_head(name: str) -> tuple[str, str | None] | None:
    """The word of the polarity lexicon that decides a name's polarity, with its sign (None: neutral)."""
    words, longest = _polarity_words()
    found = name_head(name, words, longest)
    return (found[0], words[found[0]]) if found else None


@cache
def _polarity_words() -> tuple[dict[str, str | None], int]:
    words = dict(_polarity_table())
    return words, max(map(len, words), default=0)


def name_head(name: str, vocabulary: Collection[str], longest: int) -> tuple[str, int] | None:
    """The head of an indicator name among the words of `vocabulary` (none longer than `longest`), with the
    position where it ends: the word that ends last in the name, read on the name's word cuts so that
    成功率 is not 成 + 功率 (parse/words.py). Every lookup by the head of a name goes through here."""
    dictionary, dictionary_longest = _dictionary()
    return words.head(name, vocabulary, longest, _cuts(name, dictionary, dictionary_longest))


@lru_cache(maxsize=1 << 16)
def _cuts(name: str, dictionary: frozenset[str], longest: int) -> frozenset[int]:
    return words.cuts(name, dictionary, longest)


@cache
def _dictionary() -> tuple[frozenset[str], int]:
    """The words a name is cut into: every word a head is looked up among (the polarity lexicon's, its cost
    heads, the unit lexicon's heads), the words of rules/lexicons/words.yaml, and the parts of the
    lexicons' compounds: 发生次数 is 发生 + 次数, so 发生 is a word (a part of one character is not:
    成功率 is not 成 + 功率)."""
    polarity_table = load("polarity")
    heads = {word for word, _ in _polarity_table()}
    heads |= set(polarity_table.get("cost", {}).get("heads", ()))
    heads |= {entry["head"] for entry in load("units").get("heads", ())}
    # Each word's own endings looked up among the heads: linear, where every pair of heads was ~20 ms.
    parts = {word[:cut] for word in heads for cut in range(2, len(word)) if word[cut:] in heads}
    known = heads | parts | set(load("words").get("words", ()))
    return frozenset(known), max(map(len, known), default=0)


class LexiconError(RuleFileError):
    """A rule pack's lexicon that is not shaped like the built-in one it replaces: the run stops (exit 2).
    A RuleFileError, so that whatever loads rule packs (the language server, test-rules) reports it too."""

    def __init__(self, path: Path, line: int, key: str, problem_zh: str, problem_en: str):
        super().__init__(Loc(str(path), line, 1), f"lexicon '{key}': {problem_en}")
        self.path, self.line, self.key, self.problem_zh, self.problem_en = path, line, key, problem_zh, problem_en

    def text(self, lang: str) -> str:
        builtin = lexicons_dir() / self.path.name
        if lang == "en":
            return (f"lexicon file error: {self.path}:{self.line}: '{self.key}': {self.problem_en}; write it as the "
                    f"built-in {builtin} does (its comments describe the format), or delete the file to use the built-in one")
        return (f"词表文件错误：{self.path}:{self.line}：“{self.key}”：{self.problem_zh}；请按内置词表 {builtin} 的格式"
                f"填写（其注释说明了格式），或删除此文件以使用内置词表")


def check_pack(directory: Path) -> None:
    """Check each lexicon of a rule pack that replaces a built-in one against that one's schema
    (schema/lexicons.schema.json), when the pack loads: a lexicon the code cannot read is the pack's
    mistake, said once with its file, line and key — not an internal error on every form. Only packs pay."""
    import json

    import jsonschema

    schemas = json.loads((Path(__file__).parent.parent / "schema" / "lexicons.schema.json").read_text(encoding="utf-8"))["$defs"]
    for path in sorted(directory.glob("*.yaml")):
        if path.stem not in schemas:
            continue  # a lexicon of the pack's own, for its rules' lexicon("…")
        try:
            text = path.read_text(encoding="utf-8")
            node = yaml.compose(text, Loader=yaml.CSafeLoader)
            data = read_yaml_data(path)
        except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
            mark = getattr(error, "problem_mark", None)
            problem = getattr(error, "problem", None) or str(error)
            raise LexiconError(path, mark.line + 1 if mark else 1, path.stem, f"无法读取或不是有效的 YAML（{problem}）",
                               f"cannot be read or is not valid YAML ({problem})") from None
        error = jsonschema.exceptions.best_match(jsonschema.Draft202012Validator(schemas[path.stem]).iter_errors(data))
        if error is None:
            continue
        steps = list(error.absolute_path)
        key = "".join(f"[{step}]" if isinstance(step, int) else f".{step}" for step in steps).lstrip(".")
        if error.validator == "required":
            missing = [k for k in error.validator_value if k not in error.instance]
            key = f"{key}.{missing[0]}" if key else missing[0]
            also_zh, also_en = (f"（还缺少 {'、'.join(missing[1:])}）", f" (and {', '.join(missing[1:])})") if missing[1:] else ("", "")
            raise LexiconError(path, _node_at(node, steps), key, f"缺少此键{also_zh}", f"this key is missing{also_en}")
        raise LexiconError(path, _node_at(node, steps), key or path.stem, f"形状不对：{error.message}",
                           f"wrong shape: {error.message}")


def _node_at(node, steps: list) -> int:
    """The line (1-based) of the value at `steps` inside a composed YAML node; the nearest found."""
    line = node.start_mark.line + 1 if node is not None else 1
    for step in steps:
        if isinstance(node, yaml.MappingNode):
            node = next((value for key, value in node.value if key.value == str(step)), None)
        elif isinstance(node, yaml.SequenceNode) and isinstance(step, int) and step < len(node.value):
            node = node.value[step]
        else:
            node = None
        if node is None:
            break
        line = node.start_mark.line + 1
    return line

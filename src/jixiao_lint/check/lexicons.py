"""Domain knowledge kept as data in rules/lexicons/*.yaml (each file documents itself), loaded once."""

from __future__ import annotations

from functools import cache, lru_cache
from pathlib import Path
from typing import Callable, TypeVar

import yaml

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
    for cached in (load, _polarity_table, _polarity_words, polarity, polarity_head, *_derived):
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
    """The word of the polarity lexicon that decides a name's polarity, with its sign (None: neutral):
    scanning the ends from the last, the longest word ending there."""
    words, longest, last_characters = _polarity_words()
    for end in range(len(name), 0, -1):
        if name[end - 1] not in last_characters:  # no word ends here
            continue
        for length in range(min(longest, end), 0, -1):
            word = name[end - length:end]
            if word in words:
                return word, words[word]
    return None


@cache
def _polarity_words() -> tuple[dict[str, str | None], int, frozenset[str]]:
    words = dict(_polarity_table())
    return words, max(map(len, words), default=0), frozenset(word[-1] for word in words if word)

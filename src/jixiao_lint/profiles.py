"""Scoring profiles: the rules of the trade a region's 自评 follows, as data (rules/profiles/*.yaml).

The scoring rules read the chosen profile as the setting `profile` (`profile.weights.total`,
`profile.unmet`, `profile.grade_bands`, …); it is chosen with `profile = "…"` in the configuration or
`--profile`, default `national`. A choice is a name, looked up in the rule packs' `profiles/` directories
(a data repo brings its own, as it brings lexicons) and then in the built-in ones, or a YAML file.

A profile may `extends` another and state only what differs. Every file is checked against
schema/profile.schema.json when it loads; what is wrong is an error naming the file, line and column,
with a did-you-mean, and the run exits 2, as for a configuration file."""

from __future__ import annotations

import copy
import json
from functools import cache
from pathlib import Path
from typing import Any, Iterable

from jixiao_lint.errors import Bilingual
from jixiao_lint.resources import rules_dir
from jixiao_lint.suggest import closest

DEFAULT = "national"
SCHEMA_PATH = Path(__file__).parent / "schema" / "profile.schema.json"
_SECTIONS = ("weights", "unmet", "over_completion", "deviation_note", "qualitative", "grade_bands", "execution_rate")


class ProfileError(Bilingual):
    """A profile that cannot be used, said in both languages."""


def builtin_dir() -> Path:
    return rules_dir() / "profiles"


def pack_dirs(rule_paths: Iterable[Path]) -> list[Path]:
    """The `profiles/` directories of the rule packs in use, a later pack's first (as their lexicons)."""
    dirs: list[Path] = []
    for path in rule_paths:
        path = Path(path)
        candidate = (path if path.is_dir() else path.parent) / "profiles"
        if candidate.is_dir() and candidate not in dirs and candidate != builtin_dir():
            dirs.insert(0, candidate)
    return dirs


def available(search: Iterable[Path] = ()) -> list[str]:
    return sorted({p.stem for d in (*search, builtin_dir()) if d.is_dir() for p in d.glob("*.yaml")})


def resolve(choice: str, base: Path | None = None, search: Iterable[Path] = ()) -> Path:
    """The file a choice names: a path (it has a / or ends in .yaml/.yml), relative to `base`, or a name."""
    search = list(search)
    if "/" in choice or "\\" in choice or choice.endswith((".yaml", ".yml")):
        path = Path(choice) if base is None else base / choice
        if not path.is_file():
            raise ProfileError(f"{path}：评分方案文件不存在；请检查路径", f"{path}: no such profile file")
        return path.resolve()
    for directory in (*search, builtin_dir()):
        candidate = directory / f"{choice}.yaml"
        if candidate.is_file():
            return candidate.resolve()
    names = available(search)
    guess = closest(choice, names)
    hint = f"; did you mean '{guess}'?" if guess else f"; known profiles: {', '.join(names)}"
    hint_zh = f"；是不是“{guess}”？" if guess else f"；已有的评分方案：{'、'.join(names)}"
    raise ProfileError(f"未知的评分方案“{choice}”{hint_zh}（也可以给出一个 .yaml 文件）",
                       f"unknown profile '{choice}'{hint} (or give a .yaml file)")


def load(choice: str = DEFAULT, base: Path | None = None, search: Iterable[Path] = ()) -> dict[str, Any]:
    """The effective profile a choice names, its `extends` resolved; raises ProfileError."""
    search = tuple(search)
    path = resolve(choice, base, search)
    return copy.deepcopy(_load_file(str(path), search, (), _stamp(path)))


@cache
def default() -> dict[str, Any]:
    """The built-in national profile (treated as read-only)."""
    path = resolve(DEFAULT)
    return _load_file(str(path), (), (), _stamp(path))


def _stamp(path: Path) -> int:
    """Part of the cache key: a profile file edited since it was read is read again."""
    try:
        return path.stat().st_mtime_ns
    except OSError:
        return 0


@cache
def _schema() -> dict:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


@cache
def _load_file(path_text: str, search: tuple[Path, ...], chain: tuple[str, ...], stamp: int) -> dict[str, Any]:
    path = Path(path_text)
    if path_text in chain:
        circle = " → ".join((*chain, path_text))
        raise ProfileError(f"{path}：评分方案的 extends 形成了循环：{circle}；请去掉其中一个 extends",
                           f"{path}: profiles extend each other in a circle: {circle}")
    text, data = _checked(path)
    parent = data.get("extends")
    if parent is not None:
        try:
            parent_path = resolve(parent, path.parent, search)
        except ProfileError as error:
            raise _at(path, text, "/extends", error.zh, error.en) from None
        merged = _merge(_load_file(str(parent_path), search, (*chain, path_text), _stamp(parent_path)), data)
    else:
        merged = copy.deepcopy(data)
        missing = [s for s in _SECTIONS if s not in merged]
        missing += [f"{s}.{key}" for s in _SECTIONS if isinstance(merged.get(s), dict)
                    for key in _schema()["properties"][s]["properties"] if key not in merged[s]]
        if missing:
            raise _at(path, text, "", f"评分方案缺少 {'、'.join(missing)}；请写明，或用 `extends: {DEFAULT}` 从已有方案开始",
                      f"the profile does not say {', '.join(missing)}; "
                      f"state them, or start from another profile with `extends: {DEFAULT}`")
    merged.pop("extends", None)
    merged["file"] = path_text
    _check_meaning(path, text, merged)
    return merged


def _checked(path: Path) -> tuple[str, dict]:
    """A profile file's text and data, checked against the schema. A file read before is taken from the
    user's parse cache (parse/cache.py): importing jsonschema would be a tenth of a second of every run."""
    from jixiao_lint.parse.cache import cached

    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise ProfileError(f"{path}：无法读取评分方案文件：{error}", f"{path}: cannot read the profile: {error}") from None

    def check() -> dict:
        document = _document(path, text)
        _validate(path, document, document.data)
        return document.data

    schema_text = SCHEMA_PATH.read_text(encoding="utf-8")
    return text, cached(text, str(path), "profile\0" + schema_text, check)


def _document(path: Path, text: str):
    """The profile's one YAML document, with the position of every item."""
    from jixiao_lint.read.yaml_tree import read_documents

    form, problems = read_documents(str(path), text)
    if problems:
        problem = problems[0]
        where = f"{path}:{problem.span.line}:{problem.span.column}"
        raise ProfileError(f"{where}: 评分方案文件无法解析：{problem.message_zh}", f"{where}: the profile does not parse: {problem.message_en}")
    if len(form.documents) != 1 or not isinstance(form.documents[0].data, dict):
        raise ProfileError(f"{path}:1:1: 评分方案应是一个 YAML 文档，内容是各项设置的映射",
                           f"{path}:1:1: a profile is one YAML document, a mapping of its items")
    return form.documents[0]


def _validate(path: Path, document, data: dict) -> None:
    import jsonschema  # here: a run that loads no profile file does not pay for it

    validator = jsonschema.Draft202012Validator(_schema())
    errors = sorted(validator.iter_errors(data), key=lambda e: (len(e.absolute_path), list(map(str, e.absolute_path))))
    if not errors:
        return
    error = jsonschema.exceptions.best_match(errors)
    pointer = "".join(f"/{token}" for token in error.absolute_path)
    if error.validator == "additionalProperties":
        known = sorted(error.schema.get("properties", {}))
        unknown = sorted(set(error.instance) - set(known))[0]
        guess = closest(str(unknown), known)
        hint = f"; did you mean '{guess}'?" if guess else f"; known here: {', '.join(known)}"
        hint_zh = f"；是不是“{guess}”？" if guess else f"；此处可写：{'、'.join(known)}"
        raise _at(path, document, f"{pointer}/{unknown}", f"未知的项“{unknown}”{hint_zh}", f"unknown item '{unknown}'{hint}", key=True)
    if error.validator == "enum":
        choices = [str(c) for c in error.validator_value]
        guess = closest(str(error.instance), choices)
        hint = f"; did you mean '{guess}'?" if guess else ""
        hint_zh = f"；是不是“{guess}”？" if guess else ""
        raise _at(path, document, pointer, f"“{_where(error.absolute_path, '评分方案')}”应为 {'、'.join(choices)} 之一，"
                                           f"现为 {error.instance!r}{hint_zh}",
                  f"'{_where(error.absolute_path)}' must be one of {', '.join(choices)}, got {error.instance!r}{hint}")
    # jsonschema words the other errors in English only
    raise _at(path, document, pointer, f"“{_where(error.absolute_path, '评分方案')}”不符合评分方案的格式：{error.message}",
              f"'{_where(error.absolute_path)}': {error.message}")


def grade_bands_problem(bands: Any) -> tuple[str, str] | None:
    """What a list of grade bands must be and this one is not, in Chinese and English (None when it is right): a profile's, or
    the `grade_bands` a configuration gives instead. The shape is the profile schema's `grade_bands`,
    checked by hand: a run served from the results cache loads no jsonschema."""
    if (not isinstance(bands, list) or not bands
            or not all(isinstance(b, dict) and set(b) == {"grade", "min"} for b in bands)
            or not all(isinstance(b["grade"], str) and b["grade"] and isinstance(b["min"], (int, float))
                       and not isinstance(b["min"], bool) for b in bands)):
        return (" {grade, min} 的列表，从高到低，如 [{grade: 优, min: 90}, {grade: 良, min: 80}]",
                "a list of {grade, min}, best first, e.g. [{grade: 优, min: 90}, {grade: 良, min: 80}]")
    minimums = [band["min"] for band in bands]
    if minimums != sorted(minimums, reverse=True) or len(set(minimums)) != len(minimums):
        return "从高到低排列、min 逐级递减的列表", "ordered best first with falling minimums"
    return None


def _check_meaning(path: Path, text: str, profile: dict) -> None:
    """What the schema cannot say: bands in order, a band's range the right way round."""
    problem = grade_bands_problem(profile["grade_bands"])
    if problem is not None:
        raise _at(path, text, "/grade_bands", f"“grade_bands”应为{problem[0]}", f"'grade_bands' must be {problem[1]}")
    for index, band in enumerate(profile["qualitative"]["bands"]):
        if band["min"] > band["max"]:
            raise _at(path, text, f"/qualitative/bands/{index}", f"档次“{band['band']}”：min {band['min']} 大于 max {band['max']}",
                      f"band '{band['band']}': min {band['min']} is above max {band['max']}")
    bands = [band["band"] for band in profile["qualitative"]["bands"]]
    matching = profile["qualitative"]["actual_matching_target"]
    if matching is not None and matching not in bands:
        guess = closest(matching, bands)
        raise _at(path, text, "/qualitative/actual_matching_target",
                  f"“qualitative.actual_matching_target”不是任何档次：{matching!r}"
                  + (f"；是不是“{guess}”？" if guess else f"；已有档次：{'、'.join(bands)}"),
                  f"'qualitative.actual_matching_target' names no band: {matching!r}"
                  + (f"; did you mean '{guess}'?" if guess else f"; the bands are {', '.join(bands)}"))
    rate = profile["execution_rate"]
    if rate["scoring"] == "thresholds" and not rate["thresholds"]:
        raise _at(path, text, "/execution_rate", "“execution_rate.scoring”是 thresholds，却没有给出 thresholds",
                  "'execution_rate.scoring' is thresholds but no thresholds are given")


def _at(path: Path, source, pointer: str, zh: str, en: str, key: bool = False) -> ProfileError:
    """An error at the line of `pointer` in the profile file (its nearest written ancestor when the
    item comes from a profile it extends, or is missing); `source` is the file's text or its document."""
    document = _document(path, source) if isinstance(source, str) else source
    span = document.locate_key(pointer) if key else document.locate(pointer)
    return ProfileError(f"{path}:{span.line}:{span.column}: {zh}", f"{path}:{span.line}:{span.column}: {en}")


def _where(tokens, whole: str = "the profile") -> str:
    return ".".join(str(t) for t in tokens) or whole


def _merge(base: dict, own: dict) -> dict:
    merged = copy.deepcopy(base)
    for key, value in own.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _merge(merged[key], value)
        else:
            merged[key] = copy.deepcopy(value)
    return merged


def with_overrides(profile: dict, weight_total: Any = None, grade_bands: Any = None) -> dict:
    """The profile as a configuration's `weight_total` and `grade_bands` (kept for configurations
    written before profiles) change it."""
    if weight_total is None and grade_bands is None:
        return profile
    profile = copy.deepcopy(profile)
    if weight_total is not None:
        profile["weights"]["total"] = weight_total
    if grade_bands is not None:
        profile["grade_bands"] = grade_bands
    return profile


def settings(profile: dict) -> dict[str, Any]:
    """The rule settings a profile gives: `profile` itself, and the two older names rule packs read."""
    return {"profile": profile, "weight_total": profile["weights"]["total"], "grade_bands": profile["grade_bands"]}

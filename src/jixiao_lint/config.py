"""Configuration: `[tool.jixiao-lint]` in pyproject.toml or `.jixiao-lint.yaml`, or the file given with --config.

Which file: for each form, the nearest one found walking up from the form's directory (`.jixiao-lint.yaml`
before `.jixiao-lint.yml` before a pyproject.toml that has a `[tool.jixiao-lint]` table), as ruff does; the
one nearest the current directory sets what belongs to the run as a whole (lang, fail_on, the excludes
used while searching). --config names one file for everything. Paths inside a configuration (`rules`,
`exclude`) are relative to the file itself.

The nearest file is the whole configuration — the root's is not read under it — unless it says
`extend: ../.jixiao-lint.yaml` (as ruff's `extend`): then the file it names is read first, and each
setting this one names replaces that one's (a list too: `ignore: [C]` here is the whole ignore list).
An extended file may extend another; a cycle is an error.

Every setting is checked when the file loads, as yamllint checks its CONF: an unknown key or a value of
the wrong shape is an error naming the file, with a did-you-mean, and the run exits 2 before linting."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from jixiao_lint.errors import Bilingual
from jixiao_lint.records import field, record
from jixiao_lint.suggest import closest
from jixiao_lint import settings

KEYS = {setting.name: setting.en for setting in settings.TABLE}  # the settings, from their table (settings.py)
CONFIG_NAMES = (".jixiao-lint.yaml", ".jixiao-lint.yml", "pyproject.toml")
SEVERITIES = ("error", "warning", "info")
_CODE = re.compile(r"^[A-Z]+[0-9]*$")


class ConfigError(Bilingual):
    """A configuration that cannot be used, said in both languages (the run has none of its own yet)."""


def defaults() -> dict[str, Any]:
    """What a setting is when no configuration says otherwise: --show-settings prints these too."""
    return {setting.name: settings.default(setting.name) for setting in settings.TABLE if setting.default is not None}


@record
class Config:
    path: Path | None = None
    values: dict[str, Any] = field(default_factory=dict)  # only what the file says (and those it extends)
    origins: dict[str, Path] = field(default_factory=dict)  # setting → the file that set it, when extended
    extends: list[Path] = field(default_factory=list)  # the files it builds on, nearest first

    def origin(self, key: str) -> Path | None:
        """The file a setting was read from: the one its relative paths are relative to."""
        return self.origins.get(key, self.path)

    def get(self, key: str, default: Any = None) -> Any:
        if key in self.values:
            return self.values[key]
        return default if default is not None else defaults().get(key)


def find_config(start: Path) -> Path | None:
    """The nearest configuration file in `start` or above it."""
    start = start.resolve()
    for directory in [start, *start.parents]:
        for name in CONFIG_NAMES:
            candidate = directory / name
            if candidate.is_file() and (name != "pyproject.toml" or _has_our_table(candidate)):
                return candidate
    return None


def _has_our_table(pyproject: Path) -> bool:
    try:
        text = pyproject.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return False
    if "jixiao-lint" not in text and "jixiao_lint" not in text:
        return False  # a project's own pyproject.toml: not ours, keep walking up
    import tomllib  # here, not at the top: most runs read no TOML

    try:
        return "jixiao-lint" in tomllib.loads(text).get("tool", {})
    except tomllib.TOMLDecodeError:
        return True  # it means to configure us but does not parse: load_config reports it


def load_config(path: Path | None, _chain: tuple[Path, ...] = ()) -> Config:
    if path is None:
        return Config()
    if path.resolve() in _chain:
        cycle = " → ".join(str(p) for p in (*_chain, path.resolve()))
        raise ConfigError(f"{_chain[-1]}：'extend' 形成了循环：{cycle}；请去掉其中一个 extend",
                          f"{_chain[-1]}: 'extend' makes a cycle: {cycle}")
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(f"{path}：无法读取配置文件：{error}", f"{path}: cannot read the configuration: {error}") from None
    import tomllib

    try:
        if path.name.endswith(".toml"):
            values = tomllib.loads(text).get("tool", {}).get("jixiao-lint", {})
        else:
            values = yaml.load(text, Loader=yaml.CSafeLoader) or {}
    except (tomllib.TOMLDecodeError, yaml.YAMLError) as error:
        raise ConfigError(f"{path}：配置文件无法解析，请修正其语法：{error}", f"{path}: the configuration does not parse: {error}") from None
    if not isinstance(values, dict):
        raise ConfigError(f"{path}：配置应是“设置名: 值”的映射", f"{path}: the configuration must be a mapping of settings")
    values = {str(k).replace("-", "_"): v for k, v in values.items()}
    for key in values:
        if key not in KEYS:
            zh, en = _did_you_mean(key, KEYS, "已知的设置", "known settings")
            raise ConfigError(f"{path}：未知的设置“{key}”{zh}", f"{path}: unknown setting '{key}'{en}")
    _check(path, values)
    if "rules" in values:
        values["rules"] = [str((path.parent / r).resolve()) for r in values["rules"]]
    if "extend" not in values:
        return Config(path, values)
    return _extended(path, values, _chain)


def _extended(path: Path, values: dict[str, Any], chain: tuple[Path, ...]) -> Config:
    """This file's settings over those of the file it extends (and so on up its chain)."""
    target = values.pop("extend")
    if not isinstance(target, str) or not target.strip():
        raise ConfigError(f"{path}：'extend' 应是另一个配置文件的路径，现为 {target!r}",
                          f"{path}: 'extend' must be the path of another configuration file, got {target!r}")
    base_path = (path.parent / target).resolve()
    if not base_path.is_file():
        raise ConfigError(f"{path}：'extend' 指向的 {target} 不是文件（{base_path}）；请检查路径（相对于本配置文件）",
                          f"{path}: 'extend' names {target}, which is not a file ({base_path})")
    if base_path.name == "pyproject.toml" and not _has_our_table(base_path):
        raise ConfigError(f"{path}：'extend' 指向的 {target} 没有 [tool.jixiao-lint] 表",
                          f"{path}: 'extend' names {target}, which has no [tool.jixiao-lint] table")
    base = load_config(base_path, (*chain, path.resolve()))
    origins = {key: base.origin(key) for key in base.values}
    origins.update({key: path for key in values})
    return Config(path, {**base.values, **values}, origins, [base_path, *base.extends])


def _did_you_mean(word: str, choices, known_zh: str, known: str) -> tuple[str, str]:
    guess = closest(word, sorted(choices))
    if guess:
        return f"；是不是“{guess}”？", f"; did you mean '{guess}'?"
    return f"；{known_zh}：{'、'.join(sorted(choices))}", f"; {known}: {', '.join(sorted(choices))}"


def _check(path: Path, values: dict[str, Any]) -> None:
    def fail(key: str, expected_zh: str, expected: str, hints: tuple[str, str] = ("", "")) -> None:
        raise ConfigError(f"{path}：“{key}”应为{expected_zh}，现为 {values[key]!r}{hints[0]}",
                          f"{path}: '{key}' must be {expected}, got {values[key]!r}{hints[1]}")

    for key in settings.named("strings"):
        if key in values:
            if isinstance(values[key], str):
                values[key] = [p.strip() for p in values[key].split(",") if p.strip()]
            if not isinstance(values[key], list) or not all(isinstance(v, str) for v in values[key]):
                fail(key, "字符串列表", "a list of strings")
    for key in ("select", "ignore"):
        if key in values:
            values[key] = [code.upper() for code in values[key]]
    for key in settings.named("number"):
        if key in values and (not isinstance(values[key], (int, float)) or isinstance(values[key], bool) or values[key] < 0):
            fail(key, "不小于 0 的数", "a non-negative number")
    if "severity" in values:
        severity = values["severity"]
        if not isinstance(severity, dict):
            fail("severity", "规则代码到 error、warning 或 info 的映射", "a mapping of rule code to error, warning or info")
        for code, level in severity.items():
            if not isinstance(code, str) or not _CODE.match(code.upper()):
                raise ConfigError(f"{path}：“severity”的键应是 E001 这样的规则代码，现为 {code!r}",
                                  f"{path}: 'severity' keys must be rule codes such as E001, got {code!r}")
            if level not in SEVERITIES:
                zh, en = _did_you_mean(str(level), SEVERITIES, "可选", "choose from")
                raise ConfigError(f"{path}：{code} 的“severity”应为 error、warning 或 info，现为 {level!r}{zh}",
                                  f"{path}: 'severity' of {code} must be error, warning or info, got {level!r}{en}")
        values["severity"] = {code.upper(): level for code, level in severity.items()}
    if "profile" in values and (not isinstance(values["profile"], str) or not values["profile"].strip()):
        fail("profile", "评分方案名（如 national）或 .yaml 文件", "a profile name such as national, or a .yaml file")
    if "lang" in values and values["lang"] not in ("zh", "en"):
        fail("lang", " zh 或 en", "zh or en")
    if "fail_on" in values and values["fail_on"] not in SEVERITIES:
        fail("fail_on", " error、warning 或 info", "error, warning or info",
             _did_you_mean(str(values["fail_on"]), SEVERITIES, "可选", "choose from"))
    if "grade_bands" in values:
        from jixiao_lint.profiles import grade_bands_problem  # the profile's own check

        problem = grade_bands_problem(values["grade_bands"])
        if problem is not None:
            fail("grade_bands", *problem)

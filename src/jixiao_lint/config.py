"""Configuration: `[tool.jixiao-lint]` in pyproject.toml or `.jixiao-lint.yaml`, the nearest one to the
current directory winning (or the file given with --config). Unknown keys are errors with a did-you-mean."""

from __future__ import annotations

import difflib
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

KEYS = {
    "select": "rule codes or prefixes to enable (list)",
    "ignore": "rule codes or prefixes to disable (list)",
    "severity": "per-rule severity: {CODE: error|warning|info}",
    "rules": "extra rule files or directories, relative to the config file (list)",
    "exclude": "glob patterns of files and directories not to lint (list)",
    "tolerance": "rounding tolerance for arithmetic checks (number, default 0.01)",
    "weight_total": "what weights add up to (number, default 100)",
    "grade_bands": "grade thresholds: list of {grade, min}, best first",
    "max_file_size": "largest form file read, in bytes (default 16 MiB)",
    "lang": "message language: zh or en",
    "fail_on": "lowest severity that fails the run: error, warning or info (default error)",
}
CONFIG_NAMES = (".jixiao-lint.yaml", ".jixiao-lint.yml", "pyproject.toml")


class ConfigError(Exception):
    pass


@dataclass
class Config:
    path: Path | None = None
    values: dict[str, Any] = field(default_factory=dict)

    def get(self, key: str, default: Any = None) -> Any:
        return self.values.get(key, default)


def find_config(start: Path) -> Path | None:
    for directory in [start, *start.parents]:
        for name in CONFIG_NAMES:
            candidate = directory / name
            if candidate.is_file():
                if name == "pyproject.toml" and "[tool.jixiao-lint]" not in candidate.read_text(encoding="utf-8", errors="replace"):
                    continue
                return candidate
    return None


def load_config(path: Path | None) -> Config:
    if path is None:
        return Config()
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(f"{path}: cannot read the configuration: {error}") from None
    try:
        if path.name == "pyproject.toml":
            values = tomllib.loads(text).get("tool", {}).get("jixiao-lint", {})
        else:
            values = yaml.load(text, Loader=yaml.CSafeLoader) or {}
    except (tomllib.TOMLDecodeError, yaml.YAMLError) as error:
        raise ConfigError(f"{path}: the configuration does not parse: {error}") from None
    if not isinstance(values, dict):
        raise ConfigError(f"{path}: the configuration must be a mapping of settings")
    values = {str(k).replace("-", "_"): v for k, v in values.items()}
    for key in values:
        if key not in KEYS:
            guess = difflib.get_close_matches(key, sorted(KEYS), n=1)
            hint = f"; did you mean '{guess[0]}'?" if guess else f"; known settings: {', '.join(sorted(KEYS))}"
            raise ConfigError(f"{path}: unknown setting '{key}'{hint}")
    _check(path, values)
    if "rules" in values:
        values["rules"] = [str((path.parent / r).resolve()) for r in values["rules"]]
    return Config(path, values)


def _check(path: Path, values: dict[str, Any]) -> None:
    def fail(key: str, expected: str) -> None:
        raise ConfigError(f"{path}: '{key}' must be {expected}, got {values[key]!r}")

    for key in ("select", "ignore", "rules", "exclude"):
        if key in values:
            if isinstance(values[key], str):
                values[key] = [p.strip() for p in values[key].split(",") if p.strip()]
            if not isinstance(values[key], list) or not all(isinstance(v, str) for v in values[key]):
                fail(key, "a list of strings")
    for key in ("tolerance", "weight_total", "max_file_size"):
        if key in values and (not isinstance(values[key], (int, float)) or isinstance(values[key], bool) or values[key] < 0):
            fail(key, "a non-negative number")
    if "severity" in values:
        sev = values["severity"]
        if not isinstance(sev, dict) or not all(v in ("error", "warning", "info") for v in sev.values()):
            fail("severity", "a mapping of rule code to error, warning or info")
    if "lang" in values and values["lang"] not in ("zh", "en"):
        fail("lang", "zh or en")
    if "fail_on" in values and values["fail_on"] not in ("error", "warning", "info"):
        fail("fail_on", "error, warning or info")
    if "grade_bands" in values:
        bands = values["grade_bands"]
        if not isinstance(bands, list) or not all(isinstance(b, dict) and set(b) == {"grade", "min"} for b in bands):
            fail("grade_bands", "a list of {grade, min}")

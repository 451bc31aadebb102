"""Every configuration setting, one row each: its name, the shape config.py checks it has, its default,
what it means (Chinese and English), and — for the settings rules can read — what a rule sees.

config.py checks a file's settings by this table, the rule compiler takes the names rules may read from
it, `--show-settings` prints it (with the defaults), and docs/configuration.md lists it (a test keeps the
two the same). Imported by every run: no imports beyond the standard library."""

from __future__ import annotations

from typing import Any

from jixiao_lint.records import record


@record(frozen=True)
class Setting:
    name: str
    shape: str  # how config.py checks it: one of SHAPES
    default: Any  # None: not set — profile: national; weight_total, grade_bands: the profile's
    zh: str
    en: str
    rules: str = ""  # what a rule reading this name gets; "" for a setting rules cannot read


# What config.py checks a setting's value against.
SHAPES = {
    "strings": "a list of strings (or one comma-separated string)",
    "number": "a non-negative number",
    "severities": "a mapping of rule code to error, warning or info",
    "severity": "error, warning or info",
    "language": "zh or en",
    "profile": "a profile name or a .yaml file",
    "grade_bands": "a list of {grade, min}, best first",
    "path": "the path of another configuration file",
}

# In the order --show-settings prints them.
TABLE: tuple[Setting, ...] = (
    Setting("lang", "language", "zh", "消息语言：zh 或 en", "message language: zh or en"),
    Setting("select", "strings", [], "启用的规则代码或前缀（列表）", "rule codes or prefixes to enable (list)"),
    Setting("ignore", "strings", [], "停用的规则代码或前缀（列表）", "rule codes or prefixes to disable (list)"),
    Setting("rules", "strings", [], "额外的规则文件或目录，相对于配置文件（列表）",
            "extra rule files or directories, relative to the config file (list)"),
    Setting("exclude", "strings", [], "不检查的文件和目录的通配模式（列表）",
            "glob patterns of files and directories not to lint (list)"),
    Setting("severity", "severities", {}, "逐条规则的严重级别：{代码: error、warning 或 info}",
            "per-rule severity: {CODE: error, warning or info}"),
    Setting("fail_on", "severity", "error", "使运行失败的最低严重级别：error、warning 或 info（默认 error）",
            "lowest severity that fails the run: error, warning or info (default error)"),
    Setting("max_file_size", "number", 16 * 1024 * 1024, "读取的表格文件最大字节数（默认 16 MiB）",
            "largest form file read, in bytes (default 16 MiB)"),
    Setting("tolerance", "number", 0.01, "算术核对的舍入容差（数，默认 0.01）",
            "rounding tolerance for arithmetic checks (number, default 0.01)",
            rules="rounding tolerance for arithmetic checks (default 0.01)"),
    Setting("profile", "profile", None,
            "评分方案：名称（rules/profiles/，或规则包的 profiles/）或 .yaml 文件（默认 national）",
            "scoring profile: a name (rules/profiles/, or a rule pack's profiles/) or a .yaml file (default national)",
            rules="the scoring profile (rules/profiles/): profile.weights.total, profile.unmet, profile.grade_bands, …"),
    Setting("weight_total", "number", None, "权重合计应为多少（数；覆盖评分方案的 weights.total）",
            "what weights add up to (number; overrides the profile's weights.total)",
            rules="what the weights of a form add up to: the profile's weights.total"),
    Setting("grade_bands", "grade_bands", None, "等级分数线：{grade, min} 的列表，从高到低（覆盖评分方案的 grade_bands）",
            "grade thresholds: list of {grade, min}, best first (overrides the profile's grade_bands)",
            rules="grade thresholds, best first, a list of {grade, min}: the profile's grade_bands"),
    Setting("extend", "path", None, "本配置所基于的另一个配置文件，相对于本文件：先读它的设置，再读本文件的",
            "another configuration this one builds on, relative to this file: its settings, then this file's"),
)
BY_NAME = {setting.name: setting for setting in TABLE}

# The names every rule can read, set from the configuration (and the form, where it says otherwise).
RULE_SETTINGS = {setting.name: setting.rules for setting in TABLE if setting.rules}
# What those of them are when nothing sets them (the engine adds the profile's).
RULE_DEFAULTS = {setting.name: setting.default for setting in TABLE if setting.rules and setting.default is not None}


def named(shape: str) -> tuple[str, ...]:
    """The settings of one shape, in table order."""
    return tuple(setting.name for setting in TABLE if setting.shape == shape)


def default(name: str) -> Any:
    value = BY_NAME[name].default
    return type(value)(value) if isinstance(value, (list, dict)) else value  # a fresh list: callers may add to it

"""Where the shipped data lives: rules/ and grammars/ inside the installed package, or at the top of a
source checkout (an editable install runs from src/ and the wheel's force-include has not happened)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent


@cache
def data_dir(name: str) -> Path:
    for candidate in (_PACKAGE_DIR / name, _PACKAGE_DIR.parent.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"jixiao-lint is installed without its {name}/ directory")


def rules_dir() -> Path:
    return data_dir("rules")


def grammars_dir() -> Path:
    return data_dir("grammars")


def lexicons_dir() -> Path:
    return rules_dir() / "lexicons"

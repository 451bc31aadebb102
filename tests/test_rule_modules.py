"""Python rule modules and domain-function modules are found by a package scan (check.import_submodules),
not an import list: a new module is one new file."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

from jixiao_lint.check import domain, import_submodules, python_rules


def _module_files(package) -> list[str]:
    return sorted(path.stem for path in Path(package.__path__[0]).glob("*.py") if path.stem != "__init__")


def test_the_python_rules_scan_finds_every_file_of_the_package() -> None:
    assert python_rules._load() == _module_files(python_rules)
    assert python_rules._load() == ["reading", "text", "units"]  # (the scan is what it seems)
    modules = {f"jixiao_lint.check.python_rules.{name}" for name in _module_files(python_rules)}
    assert {rule.run.__module__ for rule in python_rules.REGISTRY} <= modules
    assert all(module in sys.modules for module in modules)


def test_the_domain_scan_finds_every_file_of_the_package() -> None:
    assert import_submodules(domain) == _module_files(domain)


def test_a_module_dropped_into_a_package_is_imported(tmp_path: Path, monkeypatch) -> None:
    package = tmp_path / "probe_rules"
    package.mkdir()
    (package / "__init__.py").write_text("FOUND = []\n", encoding="utf-8")
    register = "from probe_rules import FOUND\nFOUND.append(__name__)\n"
    (package / "alpha.py").write_text(register, encoding="utf-8")
    (package / "notes.txt").write_text("not a module\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    probe = importlib.import_module("probe_rules")
    try:
        assert import_submodules(probe) == ["alpha"]
        (package / "beta.py").write_text(register, encoding="utf-8")
        importlib.invalidate_caches()
        assert import_submodules(probe) == ["alpha", "beta"]
        assert probe.FOUND == ["probe_rules.alpha", "probe_rules.beta"]  # each imported once, new one included
    finally:
        for name in [name for name in sys.modules if name.split(".")[0] == "probe_rules"]:
            del sys.modules[name]

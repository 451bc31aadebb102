"""Checking forms: the rule engine, its functions and Python rules."""

from __future__ import annotations

from types import ModuleType


def import_submodules(package: ModuleType) -> list[str]:
    """Import every module of `package` (its files, found by a scan, not a list) so that their decorators
    register them; a new module dropped into the package is picked up. Returns the names, in file order."""
    import importlib
    import pkgutil

    names = sorted(module.name for module in pkgutil.iter_modules(package.__path__))
    for name in names:
        importlib.import_module(f"{package.__name__}.{name}")
    return names

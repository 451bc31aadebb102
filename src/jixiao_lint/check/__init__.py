"""Checking forms: the rule engine, its functions and Python rules."""

from __future__ import annotations

from types import ModuleType


def import_submodules(package: ModuleType) -> list[str]:
    """Import every module of `package` (its files, found by a scan, not a list) so that their decorators
    register them; a new module dropped into the package is picked up. Returns the names, in file order."""
    import importlib
    import os

    # A scan of the directory, not pkgutil.iter_modules: that imports inspect (and ast, dis, tokenize),
    # ≈ 23 M instructions, 4 % of a one-form run. The package is always a directory of sources (wheel or
    # checkout).
    def module_name(entry: os.DirEntry) -> str | None:
        if entry.name.endswith(".py") and entry.name != "__init__.py":
            return entry.name[:-3]
        if entry.is_dir() and os.path.exists(os.path.join(entry.path, "__init__.py")):
            return entry.name
        return None

    found = (module_name(entry) for directory in package.__path__ for entry in os.scandir(directory))
    names = sorted({name for name in found if name and name.isidentifier()})
    for name in names:
        importlib.import_module(f"{package.__name__}.{name}")
    return names

"""No import circle in the package: a module never needs, however indirectly, a module that needs it,
counting the imports made inside functions too (a lazy import hides a circle from Python, not from a
reader). Imports by name at run time (report formats, rule modules found by a package scan) go one way:
from the table or the package to its entries."""

from __future__ import annotations

import ast
from pathlib import Path

import jixiao_lint

PACKAGE = Path(jixiao_lint.__file__).parent


def _modules() -> dict[str, Path]:
    found = {}
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        found[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return found


def _imports(path: Path, known: dict[str, Path]) -> set[str]:
    """The package's modules this file imports anywhere in it (`from a import b` counts a.b when b is one)."""
    named = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            named |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            named |= {node.module, *(f"{node.module}.{alias.name}" for alias in node.names)}
    return {name for name in named if name in known}


def circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected groups of more than one module (Tarjan's algorithm), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        for needed in sorted(graph[module]):
            if needed not in index:
                visit(needed)
                low[module] = min(low[module], low[needed])
            elif needed in stack:
                low[module] = min(low[module], index[needed])
        if low[module] == index[module]:
            group = []
            while not group or group[-1] != module:
                group.append(stack.pop())
            if len(group) > 1:
                found.append(sorted(group))

    for module in sorted(graph):
        if module not in index:
            visit(module)
    return found


def test_the_package_has_no_import_circle() -> None:
    modules = _modules()
    graph = {name: _imports(path, modules) - {name} for name, path in modules.items()}
    assert len(graph) > 60 and sum(map(len, graph.values())) > 200  # (the graph is what it seems)
    assert circles(graph) == []


def test_a_circle_is_found_where_there_is_one() -> None:
    graph = {"cli": {"commands"}, "commands": {"errors", "watch"}, "watch": {"commands"}, "errors": set()}
    assert circles(graph) == [["commands", "watch"]]

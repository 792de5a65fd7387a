"""The import graph: no cycles anywhere, and the domain never imports an adapter.

Every import counts, at module level or inside a function (a lazy import still ties two modules
together). The graph comes from the source with `ast`; cycles are found with the standard
library's `graphlib`, which names the modules of a cycle it finds.
"""

from __future__ import annotations

import ast
import graphlib
from collections.abc import Iterator
from pathlib import Path

from tests.support.paths import ROOT

PACKAGES = ("coach", "api", "cli", "evals")
# Frameworks and adapters the domain must not import (coach/ is used by all of them).
FORBIDDEN_IN_COACH = ("fastapi", "starlette", "typer", "click", "rich", "uvicorn", "api", "cli",
                      "evals", "mcp")


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def modules() -> dict[str, Path]:
    return {module_name(p): p for pkg in PACKAGES for p in (ROOT / pkg).rglob("*.py")}


def imported(path: Path, name: str, known: set[str]) -> Iterator[str]:
    """Modules of the project (or top-level libraries) that `path` imports."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                target = f"{base}.{node.module}" if node.module else base
            else:
                target = node.module or ""
            # `from coach.goals import lexicon`: the submodule when there is one.
            subs = [f"{target}.{a.name}" for a in node.names if f"{target}.{a.name}" in known]
            yield from subs or [target]


def graph() -> dict[str, set[str]]:
    mods = modules()
    known = set(mods)
    edges: dict[str, set[str]] = {}
    for name, path in mods.items():
        edges[name] = {t for t in imported(path, name, known) if t in known and t != name}
    return edges


def test_there_are_no_import_cycles() -> None:
    try:
        tuple(graphlib.TopologicalSorter(graph()).static_order())
    except graphlib.CycleError as err:
        cycle = " -> ".join(err.args[1])
        raise AssertionError(f"import cycle: {cycle}; move the shared piece into its own "
                             "module or import the submodule that defines it") from None


def test_the_domain_imports_no_adapter_or_framework() -> None:
    mods = modules()
    bad = []
    for name, path in mods.items():
        if not name.startswith("coach"):
            continue
        for target in imported(path, name, set(mods)):
            top = target.split(".")[0]
            if top in FORBIDDEN_IN_COACH:
                bad.append(f"{name} imports {target}")
    assert not bad, "coach/ must not import web, CLI or eval code: " + "; ".join(bad)

"""The map of the code (docs/architecture.md) names every module of the package, and only modules that exist."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MAP = ROOT / "docs" / "architecture.md"


def mapped() -> set[str]:
    return set(re.findall(r"^\| `(tradebalance/[\w/]+\.py)` \|", MAP.read_text(encoding="utf-8"), re.M))


def modules() -> set[str]:
    return {p.relative_to(ROOT).as_posix() for p in (ROOT / "tradebalance").rglob("*.py")}


def test_every_module_is_on_the_map():
    assert sorted(modules() - mapped()) == [], "add these to docs/architecture.md"


def test_the_map_names_no_module_that_does_not_exist():
    assert sorted(mapped() - modules()) == [], "remove these from docs/architecture.md"


def test_no_module_is_over_400_lines():
    long = {p: n for p in modules() if (n := len((ROOT / p).read_text(encoding="utf-8").splitlines())) > 400}
    assert long == {}, "split these modules"


def test_no_storage_module_outside_the_store_package():
    storage = {"store", "datapackage", "catalog", "deltas", "vintages", "refresh", "snapshot", "checks", "workers"}
    top = {p.removeprefix("tradebalance/").removesuffix(".py") for p in modules() if p.count("/") == 1}
    assert top & storage == set()


def test_module_docstrings_are_short():
    """What a module holds and why, in at most 15 lines: the long explanations belong in docs/."""
    docs = {p: ast.get_docstring(ast.parse((ROOT / p).read_text(encoding="utf-8"))) or "" for p in modules()}
    long = {p: n for p, d in docs.items() if (n := len(d.splitlines())) > 15}
    assert long == {}, "move the long explanations of these module docstrings into docs/"


def test_the_module_graph_has_no_cycle():
    """No module imports, even lazily inside a function, a module that imports it back: shared pieces sit below."""
    graph: dict[str, set[str]] = {}
    for path in modules():
        name = path.removesuffix(".py").removesuffix("/__init__").replace("/", ".")
        found = set()
        for node in ast.walk(ast.parse((ROOT / path).read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("tradebalance"):
                for alias in node.names:
                    sub = f"{node.module}.{alias.name}"
                    is_module = (ROOT / (sub.replace(".", "/") + ".py")).is_file()
                    found.add(sub if is_module else node.module)
        graph[name] = found - {name}

    def reaches(start: str, goal: str, seen: set[str]) -> bool:
        return any(
            d == goal or (d not in seen and not seen.add(d) and reaches(d, goal, seen)) for d in graph.get(start, ())
        )

    cycles = sorted(m for m in graph for d in graph[m] if reaches(d, m, set()) and not m.endswith("__init__"))
    # A package's __init__ re-exporting its own submodules lazily is not a cycle of code.
    cycles = [m for m in cycles if not all(d.startswith(m + ".") or m.startswith(d) for d in graph[m])]
    assert cycles == []

"""One name, one thing: no two modules define public functions of the same name for different things."""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

import tradebalance

PACKAGE = Path(tradebalance.__file__).parent
CLI = "tradebalance.cli.analysis"

#: Names several modules define for one concept, and the modules that do.
SAME_CONCEPT: dict[str, set[str]] = {
    # A command of the `tradebalance` CLI and the library function it runs.
    "balance": {"tradebalance.balances", CLI},
    "decompose": {"tradebalance.balances", CLI},
    "load": {"tradebalance.store.snapshot", CLI},
    "mirror": {"tradebalance.mirror", CLI},
    "rank": {"tradebalance.partners", CLI},
    "check": {"tradebalance.claims.evaluate", "tradebalance.claims.interactive", CLI},  # and the widgets' own
    "build": {"tradebalance.store.builder", "tradebalance.cli.data"},
    "diff": {"tradebalance.store.snapshot", "tradebalance.cli.data"},
    "refresh": {"tradebalance.store.refresh", "tradebalance.cli.data"},
    "extract": {"tradebalance.extract", "tradebalance.cli.article"},
    # What every reader of an agency's files provides (the catalog names the module).
    "parse": {f"tradebalance.sources.{m}" for m in ("bea", "boj", "fred", "mof")},
    "parse_bytes": {"tradebalance.sources.fred", "tradebalance.sources.mof"},
    "fetch": {"tradebalance.sources.census_api", "tradebalance.sources.fred"},
    "reference_path": {f"tradebalance.sources.{m}" for m in ("bea", "census_countries", "mof_partners")},
    "partner_table": {"tradebalance.sources.bea", "tradebalance.sources.mof_partners"},
    "redact": {"tradebalance.sources.http", "tradebalance.sources.census_api"},  # the API client's calls http's
    # The sector names a claim may use, and a file shipped with the package: the extractor reads them without pandas.
    "sector_names": {"tradebalance.claims.interactive", "tradebalance.extract.lexicon"},
}

#: Names modules use for different things, in modules others are reworking: to be renamed there (then remove the
#: entry: :func:`test_the_lists_name_only_functions_that_exist` fails while a stale one is left).
PENDING: dict[str, set[str]] = {}


def public_functions() -> dict[str, set[str]]:
    """Each public function name defined at the top level of a module of the package -> the modules."""
    found: dict[str, set[str]] = defaultdict(set)
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        module = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and not node.name.startswith("_"):
                found[node.name].add(module)
    return found


def test_no_two_modules_define_a_function_of_the_same_name_for_different_things():
    shared = {name: modules for name, modules in public_functions().items() if len(modules) > 1}
    allowed = {name: SAME_CONCEPT.get(name, set()) | PENDING.get(name, set()) for name in shared}
    clashes = {name: sorted(modules) for name, modules in shared.items() if not modules <= allowed[name]}
    assert clashes == {}, "rename one of them, or list a name shared for one concept in SAME_CONCEPT"


def test_the_lists_name_only_functions_that_exist():
    found = public_functions()
    listed = [(name, m) for table in (SAME_CONCEPT, PENDING) for name, modules in table.items() for m in modules]
    assert [(name, m) for name, m in listed if m not in found.get(name, set())] == []


def test_a_clash_is_found():
    found = public_functions()
    assert found["decompose"] == {"tradebalance.balances", CLI}  # the claims' own is now sector_table
    assert found["sector_table"] == {"tradebalance.claims.reading_data"}
    assert found["as_published"] == {"tradebalance.store.published"}  # evaluate's is now published_reading

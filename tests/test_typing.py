"""A user's type checker sees the package's public names with their types, not as Any (the package ships py.typed)."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

import tradebalance

USER_SCRIPT = """
import tradebalance as tb
from tradebalance import claims, store

reveal_type(tb.load)
reveal_type(tb.check)
reveal_type(tb.Snapshot.open)
reveal_type(tb.load_claims)
reveal_type(claims.check_all)
reveal_type(store.published_vintages)
"""


def test_a_user_script_sees_typed_functions(tmp_path):
    pytest.importorskip("mypy")
    script = tmp_path / "user.py"
    script.write_text(USER_SCRIPT, encoding="utf-8")
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--no-incremental",
            "--ignore-missing-imports",
            "--follow-imports=silent",
            str(script),
        ],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=300,
    )
    revealed = [line for line in done.stdout.splitlines() if "Revealed type" in line]
    assert len(revealed) == 6, done.stdout + done.stderr
    for line in revealed:
        kind = line.split("Revealed type is ", 1)[1]
        assert kind.startswith('"def'), line  # a function with its signature, never "Any"
    assert "claim: tradebalance.claims.model.Claim" in revealed[1]
    assert "dataset: str" in revealed[0] or "dataset: builtins.str" in revealed[0]


@pytest.mark.parametrize("package", ["tradebalance", "tradebalance.claims", "tradebalance.store"])
def test_the_lazy_names_and_their_typed_imports_agree(package):
    """The names a package loads lazily (``_EXPORTS``) are exactly those its ``TYPE_CHECKING`` block imports."""
    module = __import__(package, fromlist=["_EXPORTS"])
    tree = ast.parse(Path(module.__file__).read_text(encoding="utf-8"))
    typed = {
        alias.asname or alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.If) and getattr(node.test, "id", "") == "TYPE_CHECKING"
        for child in node.body
        if isinstance(child, ast.ImportFrom)
        for alias in child.names
    }
    assert typed == set(module._EXPORTS)
    assert all(getattr(module, name) is not None for name in module._EXPORTS)
    assert tradebalance.__all__ == sorted(tradebalance._EXPORTS)

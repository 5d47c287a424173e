"""Every Python example of the README and of ``docs/`` runs as written, on the embedded data.

Each fenced ``python`` block runs in a fresh namespace with the working directory at the repository root,
as a reader pasting it would run it. A block that needs the network (or a refresh, which does) says so on
its first line, ``# online: why``, and is skipped with that reason. An expression followed by a comment
that is a Python literal (``verdict.rating  # 'true'``) must give that value, doctest-style; other
comments are prose.
"""

from __future__ import annotations

import ast
import io
import re
import shutil
import subprocess
import sys
import tokenize
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
PAGES = [ROOT / "README.md", *sorted(p for p in (ROOT / "docs").rglob("*.md") if "_build" not in p.parts)]
BLOCK = re.compile(r"^```python\n(.*?)^```", re.S | re.M)
ONLINE = "# online:"
NO_VALUE = object()


def blocks() -> list[Any]:
    found = []
    for page in PAGES:
        text = page.read_text(encoding="utf-8")
        for match in BLOCK.finditer(text):
            line = text.count("\n", 0, match.start()) + 2  # the block's first line of code
            name = f"{page.relative_to(ROOT)}:{line}"
            found.append(pytest.param(name, line, match.group(1), id=name))
    return found


BLOCKS = blocks()


def expected(comment: str | None) -> object:
    """The value a ``# <literal>`` comment promises, or NO_VALUE for a comment in words."""
    if comment is None:
        return NO_VALUE
    try:
        return ast.literal_eval(comment.lstrip("#").strip())
    except (ValueError, SyntaxError):
        return NO_VALUE


def run(source: str, name: str, first_line: int) -> None:
    """Run ``source`` statement by statement, checking the values that literal comments promise."""
    filename = name.rsplit(":", 1)[0]
    tree = ast.parse(source, filename)
    ast.increment_lineno(tree, first_line - 1)
    tokens = tokenize.generate_tokens(io.StringIO(source).readline)
    comments = {t.start[0] + first_line - 1: t.string for t in tokens if t.type == tokenize.COMMENT}
    namespace: dict[str, Any] = {"__name__": "__example__"}
    for node in tree.body:
        if isinstance(node, ast.Expr):
            value = eval(compile(ast.Expression(node.value), filename, "eval"), namespace)
            promised = expected(comments.get(node.end_lineno or node.lineno))
            assert promised is NO_VALUE or value == promised, f"{name}, line {node.lineno}: {value!r} != {promised!r}"
        else:
            exec(compile(ast.Module([node], type_ignores=[]), filename, "exec"), namespace)


def test_the_readme_and_the_docs_have_examples():
    names = [p.values[0] for p in BLOCKS]
    assert any(n.startswith("README.md") for n in names) and any(n.startswith("docs") for n in names)


@pytest.mark.parametrize(("name", "line", "source"), BLOCKS)
def test_example_runs(name, line, source, monkeypatch):
    first = source.splitlines()[0].strip() if source.strip() else ""
    if first.startswith(ONLINE):
        pytest.skip(f"{name}: {first[2:].strip()}")
    monkeypatch.chdir(ROOT)
    monkeypatch.setenv("MPLBACKEND", "Agg")
    try:
        run(source, name, line)
    finally:
        if "matplotlib.pyplot" in sys.modules:
            sys.modules["matplotlib.pyplot"].close("all")


def test_literal_comments_are_checked():
    run("x = 1 + 1\nx  # 2\nx  # two, in words\n", "example", 1)
    with pytest.raises(AssertionError, match=r"example, line 2: 2 != 3"):
        run("x = 1 + 1\nx  # 3\n", "example", 1)


def dry_run(tmp_path: Path, target: str) -> str:
    """What ``make TARGET`` would run in a fresh clone (no ``.venv`` yet)."""
    make = shutil.which("make")
    if make is None:
        pytest.skip("make is not installed")
    for name in ("Makefile", "pyproject.toml"):
        shutil.copy(ROOT / name, tmp_path / name)
    return subprocess.run([make, "-n", "-C", str(tmp_path), target], capture_output=True, text=True, check=True).stdout


def test_the_first_command_installs_only_what_it_needs(tmp_path):
    check = dry_run(tmp_path, "check")
    assert "pip install --quiet -e .\n" in check and "[dev]" not in check
    assert "tradebalance check" in check
    for target in ("test", "lint", "docs", "lab"):
        assert "pip install --quiet -e '.[dev]'" in dry_run(tmp_path, target), target

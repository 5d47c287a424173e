"""The examples in the public functions' docstrings run and give the values the embedded data hold."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = (
    "tradebalance.store.snapshot",
    "tradebalance.balances",
    "tradebalance.claims.evaluate",
    "tradebalance.claims.fileformat",
    "tradebalance.fx",
    "tradebalance.mirror",
    "tradebalance.partners",
    "tradebalance.tariffs",
    "tradebalance.plots.decomposition",
    "tradebalance.plots.claims",
)


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS, verbose=False)
    assert result.attempted > 0, f"{name} has no example"
    assert result.failed == 0

"""One table of sources (tradebalance.sources.registry): the command line, the claims and the refresh read it."""

from __future__ import annotations

import argparse
import subprocess
import sys

from tradebalance.claims.model import CHOICES
from tradebalance.cli import parser
from tradebalance.sources import fred, registry
from tradebalance.store import refresh


def choices(*command: str) -> tuple[str, ...]:
    """The choices of ``--source`` of a command of the command line."""
    sub = parser()
    for name in command:
        sub = next(a for a in sub._actions if isinstance(a, argparse._SubParsersAction)).choices[name]
    return tuple(next(a for a in sub._actions if a.dest == "source").choices)


def test_each_reader_takes_its_sources_from_the_table():
    assert registry.TRADE == ("mof", "census", "census-enduse", "bea") == choices("balance")
    assert registry.CLAIMED == ("mof", "census", "bea") == CHOICES["source"]
    assert registry.REFRESHED == ("mof", "census", "fx") == refresh.SOURCES
    assert choices("data", "refresh") == (*registry.REFRESHED, "all")
    assert fred.ENV_URL == registry.SOURCES["fx"].refresh_env == "TRADEBALANCE_FRED_URL"


def test_each_source_says_whose_statistics_in_what_currency():
    s = registry.SOURCES
    assert [(s[n].reporter, s[n].partner, s[n].currency) for n in registry.TRADE] == [
        ("JPN", "USA", "JPY"),
        ("USA", "JPN", "USD"),
        ("USA", "JPN", "USD"),
        ("USA", "JPN", "USD"),
    ]
    assert (s["census"].by_sector, s["bea"].quarterly, s["bea"].basis) == ("census-enduse", "bea-quarterly", "bop")


def test_the_table_imports_nothing_else():
    code = "import sys, tradebalance.sources.registry as r; print(sorted(m for m in sys.modules if m.startswith('tradebalance')))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "['tradebalance', 'tradebalance.sources', 'tradebalance.sources.registry']"

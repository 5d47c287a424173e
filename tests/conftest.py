"""Shared fixtures: the official reference files (when present), a private cache, small MOF files, loaded datasets.

The builders of small files in the official layouts are in ``tests/builders.py``; test modules import them
from there, never from this file or from one another.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pandas as pd
import pytest

import tradebalance as tb
from tests.builders import MOF_MONTHS, mof_text

#: The official reference copies beside the checkout (absent on a machine without them).
SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"


@pytest.fixture
def shared() -> Path:
    """Folder of the official reference files; skips the test when it is absent."""
    if not SHARED.is_dir():
        pytest.skip("official reference files (../shared/data) are not present on this machine")
    return SHARED


@pytest.fixture(scope="session", autouse=True)
def _private_cache_for_the_session(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """The same private cache for session- and module-scoped fixtures, which run before ``_private_cache``."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("TRADEBALANCE_CACHE_DIR", str(tmp_path_factory.getbasetemp() / "cache"))
        yield


@pytest.fixture(autouse=True)
def _private_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep each test session's Arrow cache and cached verdicts out of the user's cache folder."""
    monkeypatch.setenv("TRADEBALANCE_CACHE_DIR", str(tmp_path_factory.getbasetemp() / "cache"))


@pytest.fixture
def write_mof(tmp_path: Path) -> Callable[..., Path]:
    """Write a MOF-format file into ``tmp_path`` and return its path."""

    def write(
        name: str = "d52ma001.csv", encoding: str = "utf-8", months: dict[str, list[str]] | None = None, **kw: object
    ) -> Path:
        path = tmp_path / name
        path.write_bytes(mof_text(months or MOF_MONTHS, **kw).encode(encoding))  # type: ignore[arg-type]
        return path

    return write


# --------------------------------------------------------------------------- loaded datasets
# The embedded snapshot, loaded once per session: many tests read the same partner. Treat them as read-only
# (``.copy()`` before changing one).


@pytest.fixture(scope="session")
def mof_usa() -> pd.DataFrame:
    """Japan's trade with the USA (MOF, monthly, in yen): ``tb.load("mof", partner="USA")``."""
    return tb.load("mof", partner="USA")


@pytest.fixture(scope="session")
def census_jpn() -> pd.DataFrame:
    """U.S. trade with Japan (Census country.xlsx, monthly, dollars): ``tb.load("census", partner="JPN")``."""
    return tb.load("census", partner="JPN")

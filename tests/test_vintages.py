"""Vintage folders in the cache: listing, resolving names, diffing two vintages.

Small originals in the official layouts (MOF, Census ``country.xlsx``, FRED) and vintages built from them
come from ``tests/builders.py``; ``test_refresh.py`` serves the same files over HTTP.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest

import tradebalance as tb
from tests.builders import EXJPUS, MOF_MONTHS, make_vintage, revised, write_originals
from tradebalance import schema
from tradebalance.errors import DataNotFoundError
from tradebalance.store import refreshes, snapshot


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A cache folder of this test's own."""
    monkeypatch.setenv("TRADEBALANCE_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path / "cache"


@pytest.fixture
def originals(tmp_path: Path) -> Path:
    return write_originals(tmp_path / "originals")


def test_names_are_utc_timestamps():
    tokyo = dt.timezone(dt.timedelta(hours=9))
    assert refreshes.name_for(dt.datetime(2026, 11, 28, 23, 22, 33, tzinfo=tokyo)) == "2026-11-28T142233Z"
    assert refreshes.name_for(dt.datetime(2026, 11, 28, 14, 22, 33)) == "2026-11-28T142233Z"


def test_list_skips_work_in_progress_and_damaged_folders(cache, originals):
    make_vintage(originals, "2026-11-27T090000Z", ("mof",))
    make_vintage(originals, "2026-11-28T142233Z", ("fx",))
    make_vintage(originals, ".2026-11-29T000000Z.abc123", ("mof",))  # a refresh still running
    damaged = make_vintage(originals, "2026-11-30T000000Z", ("fx",))
    (damaged / "fx" / "EXJPUS.csv.gz").unlink()
    (refreshes.root() / "notes").mkdir()
    found = refreshes.list_vintages()
    assert [v.name for v in found] == ["2026-11-27T090000Z", "2026-11-28T142233Z"]
    latest = found[-1]
    assert latest.created == dt.datetime(2026, 11, 28, 14, 22, 33, tzinfo=dt.UTC)
    assert latest.folder == cache / "vintages" / "2026-11-28T142233Z"
    assert latest.resources == ("fred-exjpus", "fred-dexjpus-1971", "fred-dexjpus-2015")


def test_resolve_latest_and_dates(cache, originals):
    for name in ("2026-11-27T090000Z", "2026-11-28T080000Z", "2026-11-28T142233Z", "2026-12-01T000000Z"):
        make_vintage(originals, name, ("fx",))
    root = cache / "vintages"
    assert refreshes.resolve("latest") == (root / "2026-12-01T000000Z", "2026-12-01T000000Z")
    assert refreshes.resolve("2026-11-28") == (root / "2026-11-28T142233Z", "2026-11-28T142233Z")
    assert refreshes.resolve("2026-11-28T08")[1] == "2026-11-28T080000Z"
    assert refreshes.resolve("2026-11-28T14:22:33Z")[1] == "2026-11-28T142233Z"
    assert refreshes.resolve("2026-11")[1] == "2026-11-28T142233Z"
    problem = r"'2026-11-29' is not available; the refreshed vintages in .* are 2026-11-27"
    with pytest.raises(DataNotFoundError, match=problem):
        refreshes.resolve("2026-11-29")
    with pytest.raises(DataNotFoundError, match="'yesterday' is not available: use 'embedded', 'latest' or a refresh"):
        refreshes.resolve("yesterday")


def test_latest_without_any_refresh_says_what_to_do(cache):
    with pytest.raises(DataNotFoundError, match=r"no refreshed vintage in .*run `tradebalance data refresh` first"):
        refreshes.resolve("latest")
    with pytest.raises(DataNotFoundError, match="vintage 'latest' is not available"):
        tb.load("mof", vintage="latest")


def test_load_reads_a_vintage_with_its_name_in_the_provenance(cache, originals):
    make_vintage(originals, "2026-11-28T142233Z", ("mof",))
    frame = tb.load("mof", vintage="2026-11-28", partner="USA")
    assert {p["vintage"] for p in frame.attrs["provenance"]} == {"2026-11-28T142233Z"}
    assert frame.loc[(frame["code"] == "0") & (frame["flow"] == "export"), "value"].tolist() == [60_000.0, 70_000.0]


def test_diff_lists_revised_added_and_removed_values(cache, tmp_path):
    make_vintage(write_originals(tmp_path / "old"), "2026-11-01T000000Z", ("mof",))
    months = revised(MOF_MONTHS, "2017/02", 4, 5)
    months["2017/03"] = ["1000", "-", "100", "-", "60", "-", "40", "-", "900", "10", "700", "9", "650", "5000", "200"]
    months["2017/01"][14] = "-"  # parts (自動車の部分品) in January: no longer published (its first month now Feb)
    months["2017/01"][0], months["2017/01"][8] = "800", "700"
    new = write_originals(tmp_path / "new", mof={"d52ma001": months})
    make_vintage(new, "2026-11-28T142233Z", ("mof",))

    changes = snapshot.diff("2026-11-01", "latest", "mof")
    assert changes.attrs == {"old": "2026-11-01T000000Z", "new": "2026-11-28T142233Z", "dataset": "mof"}
    assert list(changes.columns) == [*schema.TRADE_KEYS, "old", "new", "change", "kind"]
    assert set(changes["partner"]) == {"USA"} and set(changes["flow"]) == {"export"}  # other files unchanged
    food = changes[(changes["code"] == "0") & (changes["kind"] == "revised")].iloc[0]
    assert (str(food["period"]), food["old"], food["new"], food["change"]) == ("2017-02", 70_000.0, 75_000.0, 5_000.0)
    added = changes[changes["kind"] == "added"]
    assert len(added) == 8 and set(added["period"].astype(str)) == {"2017-03"}
    removed = changes[changes["kind"] == "removed"]
    assert removed[["code", "old"]].values.tolist() == [["70505", 200_000.0]] and pd.isna(removed["change"]).all()
    assert snapshot.diff("latest", "latest", "mof").empty


def test_diff_of_exchange_rates_against_a_vintage(cache, tmp_path):
    make_vintage(write_originals(tmp_path / "a"), "2026-11-01T000000Z", ("fx",))
    folder = write_originals(tmp_path / "b")
    (folder / "fx" / "EXJPUS.csv").write_text(EXJPUS.replace("112.9", "113.0"), encoding="utf-8")
    make_vintage(folder, "2026-11-02T000000Z", ("fx",))
    changes = snapshot.diff("2026-11-01", "2026-11-02", "fx")
    assert changes[["series", "old", "new", "kind"]].values.tolist() == [["EXJPUS", 112.9, 113.0, "revised"]]
    assert changes["change"].iloc[0] == pytest.approx(0.1)


def test_diff_names_a_missing_vintage(cache):
    with pytest.raises(DataNotFoundError, match="run `tradebalance data refresh` first"):
        snapshot.diff("embedded", "latest", "mof")

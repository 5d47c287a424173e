"""The derived tables kept between runs: read back, they give the verdicts that computing them gives."""

from __future__ import annotations

import json
import os

import pytest

from tradebalance import claims
from tradebalance.claims import reading_data
from tradebalance.claims.cache import verdicts_to_json
from tradebalance.store import derived, paths
from tradebalance.store.paths import DATAPACKAGE, packaged
from tradebalance.store.snapshot import Snapshot


def _one_claim_per_metric() -> list[claims.Claim]:
    """The first real statement of each metric (the seed article's claims first)."""
    found = claims.load_claims(claims.seed_claims_path()) + claims.load_claims(packaged("seeds", "real-world.toml"))
    return list({c.metric: c for c in reversed(found)}.values())


@pytest.fixture
def empty_cache(tmp_path, monkeypatch):
    """A new cache folder, and the embedded snapshot's tables forgotten, as in a new process."""
    monkeypatch.setenv("TRADEBALANCE_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(Snapshot.open(), "_memo", {})
    return tmp_path


def test_verdicts_from_kept_tables_equal_verdicts_from_the_data(empty_cache, monkeypatch):
    chosen = _one_claim_per_metric()
    assert {"balance", "sector_share", "quantity", "change", "share"} <= {c.metric for c in chosen}
    computed = verdicts_to_json([claims.check(c) for c in chosen])
    kept = sorted((empty_cache / "derived").glob("embedded-*/*.json"))
    assert any("claims.shares" in p.name for p in kept) and any("claims.quantities" in p.name for p in kept)
    # As a new run: nothing in memory, and no table may be computed from the data again.
    monkeypatch.setattr(Snapshot.open(), "_memo", {})
    monkeypatch.setattr(reading_data, "_converted", lambda *a: pytest.fail(f"computed again: {a[1:]}"))
    assert verdicts_to_json([claims.check(c) for c in chosen]) == computed


def same(value):
    return value


def test_a_kept_table_is_read_back_not_computed(empty_cache):
    kept = derived.Kept(paths.data_dir(), "embedded")
    assert kept.value(("t", 1), lambda: {"rows": [1.5, float("nan")]}, same)["rows"][0] == 1.5
    again = derived.Kept(paths.data_dir(), "embedded").value(("t", 1), lambda: pytest.fail("computed again"), same)
    assert again["rows"][0] == 1.5 and again["rows"][1] != again["rows"][1]  # NaN kept as NaN


def test_a_damaged_file_is_computed_again(empty_cache):
    kept = derived.Kept(paths.data_dir(), "embedded")
    kept.value(("t", 2), lambda: [1, 2], same)
    kept.path(("t", 2)).write_text("[1, 2", encoding="utf-8")  # cut short by hand (writes are atomic)
    assert kept.value(("t", 2), lambda: [1, 2, 3], same) == [1, 2, 3]
    assert json.loads(kept.path(("t", 2)).read_text(encoding="utf-8")) == [1, 2, 3]


def test_a_kept_table_of_another_shape_is_computed_again(empty_cache):
    """A file that parses but is not a table of rows (edited by hand, say) is not used."""
    rows = reading_data.balances("census", "JPN", "USD", "embedded", "Y")
    (path,) = (empty_cache / "derived").glob("embedded-*/claims.balances-census-JPN-USD-Y.*.json")
    for other in ('{"columns": 1, "rows": {}}', '{"rows": {}}', "[1, 2]", '"text"'):
        path.write_text(other, encoding="utf-8")
        Snapshot.open()._memo.clear()
        assert reading_data.balances("census", "JPN", "USD", "embedded", "Y") == rows
        assert json.loads(path.read_text(encoding="utf-8"))["columns"] == rows.columns


def test_new_data_is_a_new_folder_and_the_old_one_is_removed(empty_cache, tmp_path_factory):
    snapshot = tmp_path_factory.mktemp("snapshot")
    descriptor = snapshot / DATAPACKAGE
    descriptor.write_text('{"resources": []}', encoding="utf-8")
    old = derived.Kept(snapshot, "2026-11-28T142233Z")
    old.value(("t",), lambda: 1, same)
    descriptor.write_text('{"resources": [], "refreshed": 2}', encoding="utf-8")
    os.utime(descriptor, ns=(1, descriptor.stat().st_mtime_ns + 1_000_000))
    new = derived.Kept(snapshot, "2026-11-28T142233Z")
    assert new.name != old.name and new.value(("t",), lambda: 2, same) == 2
    assert not old.folder.exists() and new.folder.is_dir()
    other = derived.Kept(paths.data_dir(), "embedded")  # another snapshot's folder is left alone
    other.value(("t",), lambda: 3, same)
    assert other.folder.is_dir() and new.folder.is_dir()


def test_a_cache_that_cannot_be_written_costs_speed_only(tmp_path, monkeypatch):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder should be")
    monkeypatch.setenv("TRADEBALANCE_CACHE_DIR", str(blocker / "cache"))
    monkeypatch.setattr(paths, "_WARNED", set())
    with pytest.warns(paths.CacheWarning, match="cannot write the cache folder"):
        assert derived.Kept(paths.data_dir(), "embedded").value(("t",), lambda: {"a": 1}, same) == {"a": 1}

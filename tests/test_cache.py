"""The user cache under stress: many processes at once, interrupted writes, a cache that cannot be written."""

from __future__ import annotations

import errno
import hashlib
import multiprocessing
import os
import time
from pathlib import Path

import pandas as pd
import pytest

from tradebalance.store import package, paths
from tradebalance.store.snapshot import Snapshot

#: One dataset of each agency (the end-use tables take as long as all three together; the mechanism is the same).
DATASETS = ("mof", "census", "fx")


def _digest(dataset: str) -> str:
    frame = Snapshot.open().load(dataset)
    return hashlib.sha256(pd.util.hash_pandas_object(frame.astype(str), index=False).values.tobytes()).hexdigest()


def _load_all(cache: str) -> dict[str, str]:
    os.environ["TRADEBALANCE_CACHE_DIR"] = cache
    return {d: _digest(d) for d in DATASETS}


def test_eight_processes_on_one_cold_cache_all_get_the_right_data(tmp_path):
    cache = tmp_path / "cache"
    with multiprocessing.get_context("spawn").Pool(8) as pool:
        results = pool.map(_load_all, [str(cache)] * 8)
    assert all(r == results[0] for r in results)
    # The cache ends up complete and valid: one Arrow copy per resource, each read back whole, no leftovers.
    entries = [e for d in DATASETS for e in package.resources(d)]
    copies = sorted((cache / "arrow").glob("*.arrow"))
    assert len(copies) == len(entries) and not list((cache / "arrow").glob(".*.tmp"))
    os.environ["TRADEBALANCE_CACHE_DIR"] = str(cache)
    assert _load_all(str(cache)) == results[0]


def test_a_damaged_cache_copy_is_never_used(tmp_path, monkeypatch):
    monkeypatch.setenv("TRADEBALANCE_CACHE_DIR", str(tmp_path))
    entry = package.resources("mof")[0]
    good = package.read_resource(paths.data_dir(), entry)
    (copy,) = (tmp_path / "arrow").glob(f"{entry['name']}-*.arrow")
    copy.write_bytes(copy.read_bytes()[: copy.stat().st_size // 2])  # as if the machine died mid-write
    again = package.read_resource(paths.data_dir(), entry)
    pd.testing.assert_frame_equal(again, good)
    assert package.read_resource(paths.data_dir(), entry).shape == good.shape  # rebuilt and whole


def test_temporary_files_left_by_a_killed_process_are_removed(tmp_path, monkeypatch):
    monkeypatch.setenv("TRADEBALANCE_CACHE_DIR", str(tmp_path))
    folder = tmp_path / "arrow"
    folder.mkdir()
    stale, fresh = folder / ".mof-d52ma001-x.arrow.4242.1.tmp", folder / ".other.arrow.4243.1.tmp"
    for path in (stale, fresh):
        path.write_bytes(b"half a file")
    old = time.time() - package.STALE_AFTER - 60
    os.utime(stale, (old, old))
    package.read_resource(paths.data_dir(), package.resources("fx")[0])
    assert not stale.exists() and fresh.exists()  # a recent one may belong to a process still writing


def test_copies_in_an_older_cache_layout_are_removed(tmp_path, monkeypatch):
    monkeypatch.setenv("TRADEBALANCE_CACHE_DIR", str(tmp_path))
    folder = tmp_path / "arrow"
    folder.mkdir()
    older = [folder / "mof-d52ma001-1b6c1d8444849a42.arrow", folder / f"fx-x.v{package.CACHE_FORMAT - 1}.arrow"]
    for path in older:
        path.write_bytes(b"an Arrow file of an earlier release")
    package.read_resource(paths.data_dir(), package.resources("fx")[0])
    assert not any(p.exists() for p in older)
    assert [p.name.endswith(f".v{package.CACHE_FORMAT}.arrow") for p in folder.glob("*.arrow")] == [True]


def test_a_cache_that_cannot_be_written_costs_speed_only(tmp_path, monkeypatch):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder should be")
    monkeypatch.setenv("TRADEBALANCE_CACHE_DIR", str(blocker / "cache"))
    monkeypatch.setattr(paths, "_WARNED", set())
    with pytest.warns(paths.CacheWarning, match="cannot write the cache folder") as caught:
        frames = [package.read_resource(paths.data_dir(), e) for e in package.resources("mof")]
    assert len(caught) == 1 and sum(len(f) for f in frames) == sum(e["rows"] for e in package.resources("mof"))


def test_a_full_disk_costs_speed_only(tmp_path, monkeypatch):
    import pyarrow.feather as feather

    monkeypatch.setenv("TRADEBALANCE_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(paths, "_WARNED", set())

    def full(frame: object, path: Path, **kw: object) -> None:
        Path(path).write_bytes(b"partial")
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(feather, "write_feather", full)
    entry = package.resources("fx")[0]
    with pytest.warns(paths.CacheWarning, match="No space left on device"):
        frame = package.read_resource(paths.data_dir(), entry)
    assert len(frame) == entry["rows"] and not list((tmp_path / "arrow").iterdir())  # nothing half-written left


def test_a_filtered_load_reads_only_the_files_that_hold_the_partner(tmp_path, monkeypatch):
    """MOF's 18 files: Japan's exports to and imports from the USA are in two (d52ma001, d62ma001)."""
    monkeypatch.setenv("TRADEBALANCE_CACHE_DIR", str(tmp_path))
    fresh = Snapshot(paths.data_dir(), "embedded")
    usa = fresh.load("mof", partner="USA")
    copies = sorted(p.name.split("-")[1] for p in (tmp_path / "arrow").glob("*.arrow"))
    assert copies == ["d52ma001", "d62ma001"]  # the other 16 files were not even read
    assert set(usa["partner"]) == {"USA"} and len(usa) == 25892 + 24586  # the two files' rows (datapackage.json)

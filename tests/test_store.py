"""The embedded snapshot: reproducible from the originals, verified on load, provenance attached."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

import tradebalance as tb
from tradebalance.errors import BuildError, ChecksumError, DataNotFoundError, ParseError
from tradebalance.store import builder, catalog, package, paths, recipes


def test_rebuilding_from_the_originals_reproduces_the_snapshot_exactly(shared, tmp_path):
    built = builder.build(shared, tmp_path)
    shipped = package.descriptor()
    assert built == shipped
    for resource in shipped["resources"]:
        assert (tmp_path / resource["path"]).read_bytes() == (paths.data_dir() / resource["path"]).read_bytes()


def test_descriptor_records_sources_licence_and_checksums():
    resources = {r["name"]: r for r in package.descriptor()["resources"]}
    for spec in catalog.FILES:
        entry = resources[spec.resource]
        source = entry["sources"][0]
        assert source["path"] == spec.url and source["retrieved"] == spec.retrieved
        assert len(source["sha256"]) == 64 and entry["hash"].startswith("sha256:")
        assert entry["licenses"][0]["title"] == spec.license and entry["attribution"] == spec.attribution
        assert paths.sha256(paths.data_dir() / entry["path"]) == entry["hash"].removeprefix("sha256:")


def test_original_checksums_match_the_reference_copies(shared):
    for entry in package.descriptor()["resources"]:
        source = entry["sources"][0]
        spec = next(s for s in catalog.FILES if s.resource == entry["name"])
        assert paths.sha256(shared / spec.folder / source["file"]) == source["sha256"]


def test_load_carries_provenance_for_the_files_behind_the_rows():
    frame = tb.load("mof", partner="USA")
    files = [p["file"] for p in frame.attrs["provenance"]]
    assert files == ["d52ma001.csv", "d62ma001.csv"]
    p = frame.attrs["provenance"][0]
    assert p["agency"] == "Japan Ministry of Finance (Customs)" and p["vintage"] == "embedded"
    assert p["url"] == "https://www.customs.go.jp/toukei/suii/html/data/d52ma001.csv"
    assert set(frame["currency"]) == {"JPY"} and set(frame["basis"]) == {"FOB", "CIF"}


def test_load_returns_an_independent_copy():
    first = tb.load("mof")
    first.loc[0, "value"] = -1.0
    assert tb.load("mof").loc[0, "value"] != -1.0


def test_arrow_cache_is_used_and_a_corrupt_cache_is_rebuilt(tmp_path, monkeypatch):
    monkeypatch.setenv("TRADEBALANCE_CACHE_DIR", str(tmp_path))
    entry = package.resources("mof")[0]
    fresh = package.read_resource(paths.data_dir(), entry)
    cached = list((tmp_path / "arrow").glob("mof-d52ma001-*.arrow"))
    assert len(cached) == 1
    cached[0].write_bytes(b"not arrow")
    again = package.read_resource(paths.data_dir(), entry)
    assert again.equals(fresh)


def test_a_damaged_snapshot_file_is_refused(tmp_path, monkeypatch):
    monkeypatch.setenv("TRADEBALANCE_CACHE_DIR", str(tmp_path / "cache"))
    folder = tmp_path / "data"
    shutil.copytree(paths.data_dir(), folder)
    entry = package.resources("mof")[0]
    (folder / entry["path"]).write_bytes(b"\x1f\x8b damaged")
    with pytest.raises(ChecksumError, match="d52ma001.csv.gz: sha256 does not match"):
        package.read_resource(folder, entry)


def test_unknown_dataset_and_vintage():
    with pytest.raises(DataNotFoundError, match="unknown dataset 'oecd'"):
        tb.load("oecd")
    with pytest.raises(DataNotFoundError, match="vintage '2020-01-01' is not available"):
        tb.load("mof", vintage="2020-01-01")


def test_build_needs_the_official_files(tmp_path):
    with pytest.raises(DataNotFoundError, match="official file for resource 'mof-d52ma001' not found"):
        builder.build(tmp_path / "nowhere", tmp_path / "out")


def test_snapshot_is_small_enough_to_ship():
    total = sum(r["bytes"] for r in package.descriptor()["resources"])
    assert total < 20 * 2**20, f"embedded snapshot is {total / 2**20:.1f} MiB"
    json.dumps(package.descriptor())  # the descriptor is plain JSON
    assert Path(paths.data_dir(), "sectors", "definitions.csv").is_file()


def test_a_rebuild_parses_only_the_files_whose_recipe_changed(shared, tmp_path, monkeypatch):
    """Recipe: the official file, its catalog entry and the code. FRED's three files (3 resources) stand in."""
    originals = tmp_path / "originals"
    shutil.copytree(shared / "fx", originals / "fx")
    out = tmp_path / "out"
    parsed: list[str] = []
    parse = builder.parse_original
    monkeypatch.setattr(builder, "BUILD_WORKERS", 1)  # parsed in this process, so that the list sees every parse
    monkeypatch.setattr(builder, "parse_original", lambda spec, path: parsed.append(spec.resource) or parse(spec, path))
    first = builder.build(originals, out, datasets=["fx"])
    assert len(parsed) == 3
    parsed.clear()
    assert builder.build(originals, out, datasets=["fx"]) == first and parsed == []  # nothing changed: 0 of 3
    monthly = originals / "fx" / "EXJPUS.csv"
    monthly.write_bytes(monthly.read_bytes() + b"\n")  # a new download, same figures: parsed again, same file
    again = builder.build(originals, out, datasets=["fx"])
    assert parsed == ["fred-exjpus"] and [r["hash"] for r in again["resources"]] == [
        r["hash"] for r in first["resources"]
    ]
    assert again["resources"][0]["sources"][0]["sha256"] == paths.sha256(monthly)
    first = again
    parsed.clear()
    (out / first["resources"][0]["path"]).write_bytes(b"damaged")  # the snapshot's copy no longer matches
    assert builder.build(originals, out, datasets=["fx"]) == first and parsed == [first["resources"][0]["name"]]
    parsed.clear()
    builder.build(originals, out, datasets=["fx"], force=True)
    assert len(parsed) == 3


def test_a_recipe_follows_the_code_of_every_parser_and_the_package_tables(shared, tmp_path, monkeypatch):
    """The parsers live in ``tradebalance/sources``, not beside the builder: a change there is a new recipe."""
    from tradebalance.sources import fred, mof

    used = paths.package_files()
    assert {Path(mof.__file__).resolve(), Path(fred.__file__).resolve()} <= set(used)
    assert paths.packaged("data", "reference", "census_countries.csv") in used
    originals = tmp_path / "originals"
    shutil.copytree(shared / "fx", originals / "fx")
    specs = [s for s in catalog.FILES if s.dataset == "fx"]
    digests = {originals / s.folder / s.filename: paths.sha256(originals / s.folder / s.filename) for s in specs}
    before = recipes.recipes(specs, originals, {}, digests)
    monkeypatch.setattr(paths, "package_digest", lambda: "a parser changed")
    assert all(recipes.recipes(specs, originals, {}, digests)[s.resource] != before[s.resource] for s in specs)


@pytest.fixture
def fx_built(shared, tmp_path):
    """FRED's three files copied as originals and built into ``out``: (originals, out, descriptor)."""
    if builder.BUILD_WORKERS < 2:
        pytest.skip("one core: files are parsed in this process, not in worker processes")
    originals = tmp_path / "originals"
    shutil.copytree(shared / "fx", originals / "fx")
    out = tmp_path / "out"
    return originals, out, builder.build(originals, out, datasets=["fx"])


def test_a_file_that_fails_in_a_worker_process_is_named_and_nothing_is_written(fx_built):
    """Files are parsed in worker processes; a parse error comes back as itself, and the old snapshot stays."""
    originals, out, first = fx_built
    (originals / "fx" / "EXJPUS.csv").write_text("not,a\nFRED,file\n")
    with pytest.raises(ParseError, match=r"EXJPUS\.csv"):
        builder.build(originals, out, datasets=["fx"])
    assert package.read_descriptor(out) == first
    assert all(f"sha256:{paths.sha256(out / r['path'])}" == r["hash"] for r in first["resources"])


def test_a_killed_worker_process_stops_the_build_with_a_clear_error(fx_built, monkeypatch):
    """A worker that dies (killed, out of memory) gives a BuildError naming the files not built; nothing is written."""
    originals, out, first = fx_built
    parse = builder.parse_original

    def dies_on_the_daily_rates(spec, path):  # runs in the (forked) worker
        if spec.resource == "fred-dexjpus-1971":
            os._exit(9)
        return parse(spec, path)

    monkeypatch.setattr(builder, "parse_original", dies_on_the_daily_rates)
    with pytest.raises(BuildError, match=r"worker process stopped .* not yet built \(.*fred-dexjpus-1971"):
        builder.build(originals, out, datasets=["fx"], force=True)
    assert package.read_descriptor(out) == first


def test_a_package_table_with_another_header_or_no_file_is_named(tmp_path):
    table = tmp_path / "words.csv"
    table.write_text("word,kind\nabout,hedge\n", encoding="utf-8")
    assert paths.read_rows(table, ("word", "kind")) == [{"word": "about", "kind": "hedge"}]
    assert paths.read_rows(table, ("word",), exact=False)[0]["kind"] == "hedge"  # the header may go on
    with pytest.raises(ParseError, match=r"words\.csv.*expected columns \['word'\], found \['word', 'kind'\]"):
        paths.read_rows(table, ("word",))
    with pytest.raises(ParseError, match=r"absent\.csv.*cannot read the table"):
        paths.read_rows(tmp_path / "absent.csv", ("word",))

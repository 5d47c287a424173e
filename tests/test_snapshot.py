"""A snapshot is one value for "the data as of vintage X": trade data and exchange rates always travel together."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

import tradebalance as tb
from tradebalance import claims, fx, mirror
from tradebalance.cli import main
from tradebalance.store import catalog, refresh
from tradebalance.store.snapshot import Snapshot

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"
MOF_STEMS = tuple(spec.filename.removesuffix(".csv") for spec in catalog.files("mof"))


def test_one_vintage_is_one_object_with_its_own_data():
    embedded = Snapshot.open("embedded")
    assert Snapshot.open() is embedded and Snapshot.open(embedded) is embedded
    assert embedded.name == "embedded" and "mof" in embedded.datasets()
    frame = embedded.load("mof", partner="USA")
    assert {p["vintage"] for p in frame.attrs["provenance"]} == {"embedded"}
    assert tb.load("mof", partner="USA").equals(frame)


@pytest.fixture
def refreshed(httpserver: HTTPServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """A refresh from a local server: MOF's real files, and exchange rates at twice FRED's (an invented revision)."""
    if not SHARED.is_dir():
        pytest.skip(f"official reference files are not present at {SHARED}")
    monkeypatch.setenv("TRADEBALANCE_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("TRADEBALANCE_MOF_URL", httpserver.url_for("/mof/"))
    monkeypatch.setenv("TRADEBALANCE_FRED_URL", httpserver.url_for("/fred/graph.csv"))
    for stem in MOF_STEMS:
        httpserver.expect_request(f"/mof/{stem}.csv").respond_with_data((SHARED / "mof" / f"{stem}.csv").read_bytes())
    fx_files = SHARED / "fx"
    old = (fx_files / "DEXJPUS_1971-01-04_to_2023-09-15.csv").read_text().splitlines()[1:]
    new = [line for line in (fx_files / "DEXJPUS_2015-07-13_to_2025-07-11.csv").read_text().splitlines()[1:]]
    daily = ["observation_date,DEXJPUS", *old, *(line for line in new if line[:10] > "2023-09-15")]
    monthly = (fx_files / "EXJPUS.csv").read_text().splitlines()
    for series, lines in (("EXJPUS", monthly), ("DEXJPUS", daily)):
        doubled = [lines[0]] + [_double(line) for line in lines[1:]]
        httpserver.expect_request("/fred/graph.csv", query_string=f"id={series}").respond_with_data(
            "\n".join(doubled) + "\n", content_type="text/csv"
        )
    result = refresh.refresh(("mof", "fx"), progress=False, now=dt.datetime(2026, 11, 30, tzinfo=dt.UTC))
    return result.name


def _double(line: str) -> str:
    date, value = line.split(",")
    return f"{date},{float(value) * 2:.4f}" if value not in ("", ".") else line


def test_check_on_latest_converts_at_the_refreshed_rates(refreshed, capsys):
    latest = Snapshot.open("latest")
    assert latest.name == refreshed
    # The refreshed monthly rate of January 2017 is twice FRED's 114.7… (the embedded one).
    assert fx.rate("2017-01", "M", latest) == pytest.approx(2 * fx.rate("2017-01", "M"), abs=1e-4)
    surplus = next(c for c in claims.load_claims(claims.seed_claims_path()) if c.id == "surplus-2017")
    now, before = claims.check(surplus, "latest"), claims.check(surplus)

    def census_yen(verdict):
        return next(r for r in verdict.readings if r.role == "mirror" and r.parameters["calendar"] == "calendar")

    # Census's dollars converted month by month: twice the yen per dollar gives twice the yen.
    assert census_yen(now).value == pytest.approx(2 * census_yen(before).value, rel=1e-6)
    assert {p["vintage"] for p in census_yen(now).provenance if p["dataset"] == "fx"} == {refreshed}
    # MOF's own yen figure is the same file, refreshed: unchanged.
    assert now.framing.value == before.framing.value == 7_023_233_881_000
    # The command line reads the same snapshot.
    assert main(["check", "--vintage", "latest", "--claim", "surplus-2017", "--format", "json"]) == 0
    record = json.loads(capsys.readouterr().out)[0]
    cli_census = next(r for r in record["readings"] if r["role"] == "mirror" and r["calendar"] == "calendar")
    assert cli_census["value"] == pytest.approx(census_yen(now).value)


def test_frames_of_a_refresh_convert_at_its_own_rates(refreshed):
    def january_in_dollars(frame):
        january = frame[frame["period"] == "2017-01"]
        assert len(january) > 100
        return fx.convert(january, to="USD", rate="monthly")["value"].sum()

    refreshed_sum = january_in_dollars(tb.load("mof", vintage="latest", partner="USA"))
    assert refreshed_sum == pytest.approx(january_in_dollars(tb.load("mof", partner="USA")) / 2, rel=1e-6)
    gap_latest = mirror.mirror((2017, 2017), vintage="latest")
    gap_embedded = mirror.mirror((2017, 2017))
    assert gap_latest.attrs["conversion"]["rates"]["2017"] == pytest.approx(
        2 * gap_embedded.attrs["conversion"]["rates"]["2017"], rel=1e-6
    )

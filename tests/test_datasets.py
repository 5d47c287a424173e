"""The contract every dataset of the catalog keeps, checked over all of them (as statsmodels checks its datasets).

Each dataset loads with ``tb.load(name)``; has the tidy schema's columns and dtypes (the exchange rates their
own: date, series, value, source); is not empty; holds one frequency; every row's ``source`` is a resource of
that dataset in ``datapackage.json``; ``attrs["provenance"]`` describes each of those resources; and the
descriptor's row and status counts are the loaded ones, resource by resource.

A new entry in :mod:`tradebalance.store.catalog` is checked here without a line added. Loads are memoized in the
process and backed by the Arrow cache, so the file costs about one load of each dataset.
"""

from __future__ import annotations

import json
import re

import pandas as pd
import pytest

import tradebalance as tb
from tradebalance import schema
from tradebalance.store import catalog, paths
from tradebalance.store.entries import FILTERS

DATASETS = catalog.datasets()
#: Columns and dtypes of the exchange-rate dataset (``schema_name`` "fx" in the descriptor); dates at any resolution.
FX_COLUMNS = {"date": "datetime64", "series": "string", "value": "float64", "source": "string"}
PROVENANCE_FIELDS = ("agency", "file", "url", "retrieved", "sha256", "license", "attribution", "vintage")
SHA256 = re.compile(r"[0-9a-f]{64}")


@pytest.fixture(scope="module")
def descriptor() -> dict:
    """``data/datapackage.json`` of the embedded snapshot, read as plain JSON."""
    return json.loads((paths.data_dir() / paths.DATAPACKAGE).read_text(encoding="utf-8"))


@pytest.fixture(params=DATASETS)
def name(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture
def frame(name: str) -> pd.DataFrame:
    return tb.load(name)


@pytest.fixture
def entries(name: str, descriptor: dict) -> list[dict]:
    """The dataset's resources in the descriptor, in order."""
    return [r for r in descriptor["resources"] if r["dataset"] == name]


def test_the_catalog_and_the_descriptor_name_the_same_datasets(descriptor):
    assert set(DATASETS) == {r["dataset"] for r in descriptor["resources"]}
    assert len(DATASETS) == len(set(DATASETS))


def test_loads_with_its_schema_and_rows(name, frame, entries):
    assert entries, f"{name}: no resource in datapackage.json"
    (kind,) = {e["schema_name"] for e in entries}
    assert len(frame) > 0
    if kind == "fx":
        assert list(frame.columns) == list(FX_COLUMNS)
        for column, dtype in FX_COLUMNS.items():
            if dtype == "datetime64":
                assert pd.api.types.is_datetime64_dtype(frame[column].dtype), (name, column, frame[column].dtype)
            else:
                assert frame[column].dtype == dtype, (name, column, frame[column].dtype)
        assert (frame["date"] == frame["date"].dt.normalize()).all()  # days, no times
        frequencies = {e["coverage"]["freq"] for e in entries}
        assert frequencies == {"D"}
    else:
        assert kind == "trade"
        assert list(frame.columns) == list(schema.COLUMNS)
        for column, dtype in schema.COLUMNS.items():
            if dtype == "period":
                assert isinstance(frame[column].dtype, pd.PeriodDtype), (name, column, frame[column].dtype)
            else:
                assert frame[column].dtype == dtype, (name, column, frame[column].dtype)
        # One frequency: the Period dtype holds one, and every resource's coverage says the same one.
        (freq,) = {e["coverage"]["freq"] for e in entries}
        assert frame["period"].dtype == pd.PeriodDtype(freq), (name, frame["period"].dtype, freq)


def test_every_row_names_a_resource_of_the_dataset(name, frame, entries):
    assert frame["source"].notna().all()
    assert set(frame["source"].unique()) <= {e["name"] for e in entries}


def test_provenance_describes_every_resource(name, frame, entries):
    provenance = frame.attrs["provenance"]
    assert [p["resource"] for p in provenance] == [e["name"] for e in entries]
    for record in provenance:
        missing = [f for f in PROVENANCE_FIELDS if not record.get(f)]
        assert not missing, (name, record["resource"], missing)
        assert SHA256.fullmatch(record["sha256"]), (name, record["resource"], record["sha256"])
        assert record["dataset"] == name and record["vintage"] == "embedded"


def test_the_descriptor_counts_are_the_loaded_rows(name, frame, entries):
    rows = frame.groupby("source", observed=True).size().to_dict()
    assert {e["name"]: e["rows"] for e in entries} == {e["name"]: rows.get(e["name"], 0) for e in entries}
    assert sum(e["rows"] for e in entries) == len(frame)
    if "status" in frame.columns:
        status = frame.groupby(["source", "status"], observed=True).size()
        for e in entries:
            assert e["status"] == status.loc[e["name"]].to_dict(), (name, e["name"])


def test_the_descriptor_lists_the_values_a_load_filters_on(name, frame, entries):
    """``values``: per resource, the reporters, partners and flows it holds, exactly (a filtered load skips the rest)."""
    for e in entries:
        rows = frame[frame["source"] == e["name"]]
        expected = {c: sorted(rows[c].unique()) for c in FILTERS if c in frame.columns}
        assert e["values"] == expected, (name, e["name"])


def test_a_filtered_load_is_the_rows_of_the_whole_dataset(name, frame):
    """A fresh snapshot's filtered load (read from the Arrow copies) equals filtering the whole frame."""
    if "partner" not in frame.columns:
        return
    for partner in ("USA", "JPN"):
        if partner not in set(frame["partner"]):
            continue
        flow = frame["flow"].iloc[0]
        fresh = tb.Snapshot(paths.data_dir(), "embedded")  # nothing loaded whole yet
        got = fresh.load(name, partner=partner, flow=flow)
        want = frame[(frame["partner"] == partner) & (frame["flow"] == flow)].reset_index(drop=True)
        pd.testing.assert_frame_equal(got, want, check_like=False)
        assert [p["resource"] for p in got.attrs["provenance"]] == list(dict.fromkeys(want["source"]))
        assert name not in fresh._frames  # the whole dataset was never read


def test_every_file_names_a_parser_of_its_kind():
    """Each catalog entry's parser exists and takes what the builder passes it (the typed protocols of catalog)."""
    import inspect

    for spec in catalog.files():
        parameters = inspect.signature(spec.parser.load()).parameters
        if spec.schema == "fx":
            assert list(parameters)[:1] == ["path"], spec.resource
        else:
            assert {"provisional_from", "source"} <= set(parameters), spec.resource
            assert parameters["provisional_from"].kind is inspect.Parameter.KEYWORD_ONLY, spec.resource

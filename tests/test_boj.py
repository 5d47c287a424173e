"""Bank of Japan regional balance of payments: parser, checks, and loading the user's own (never embedded) copy."""

from __future__ import annotations

import hashlib
import zipfile
from pathlib import Path

import pandas as pd
import pytest

from tradebalance.errors import DataNotFoundError, ParseError
from tradebalance.sources import boj
from tradebalance.store import catalog, package, paths

TITLE = "Regional Balance of Payments (Quarterly) (Data Based on the BPM6)"
PERIODS = ["201701", "201702", "201703", "201704"]
# 100 million yen per quarter: goods exports, goods imports, services credit, services debit.
FIGURES = {
    "BPBP6QEXUS": ("Goods/U.S.A./Exports", [100.5, 110.0, 120.0, 130.0]),
    "BPBP6QIMUS": ("Goods/U.S.A./Imports", [40.25, 50.0, 60.0, 70.0]),
    "BPBP6QSCUS": ("Services/U.S.A./Credit", [10.0, 11.0, 12.0, 13.0]),
    "BPBP6QSDUS": ("Services/U.S.A./Debit", [15.0, 16.0, 17.0, 18.0]),
}


def _rows(change: dict[str, list[float]] | None = None) -> list[list[str]]:
    figures = {code: values for code, (_, values) in FIGURES.items()} | (change or {})
    tb = [x - m for x, m in zip(figures["BPBP6QEXUS"], figures["BPBP6QIMUS"], strict=True)]
    sn = [x - m for x, m in zip(figures["BPBP6QSCUS"], figures["BPBP6QSDUS"], strict=True)]
    nets = {"BPBP6QTBUS": tb, "BPBP6QSNUS": sn, "BPBP6QTSUS": [a + b for a, b in zip(tb, sn, strict=True)]}
    nets |= {k: v for k, v in (change or {}).items() if k in nets}
    rows = [["", "", "", "", *PERIODS]]
    rows.append(["BPBP6QCB", TITLE, "Current Account/Total/Net balance", "100 million Yen", "1", "2", "3", "4"])
    items = {code: item for code, (item, _) in FIGURES.items()} | {
        "BPBP6QTBUS": "Goods/U.S.A./Net balance",
        "BPBP6QSNUS": "Services/U.S.A./Net balance",
        "BPBP6QTSUS": "Goods & Services/U.S.A./Net balance",
    }
    for code, values in ({k: figures[k] for k in FIGURES} | nets).items():
        rows.append([code, TITLE, items[code], "100 million Yen", *(f"{v:.8f}" for v in values)])
    return rows


def write_zip(path: Path, rows: list[list[str]] | None = None) -> Path:
    """A zip in the Bank's layout: one CSV, ``regbp_q_en.csv``."""
    text = "\n".join(",".join(f'"{c}"' if ("/" in c or " " in c) else c for c in r) for r in rows or _rows()) + "\n"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("regbp_q_en.csv", text)
    return path


def test_synthetic_zip_gives_goods_services_and_their_sum_in_yen(tmp_path):
    frame = boj.parse(write_zip(tmp_path / "regbp_q_en.zip"))
    assert set(frame["reporter"]) == {"JPN"} and set(frame["partner"]) == {"USA"}
    assert set(frame["classification"]) == {"BOP-scope"} and set(frame["currency"]) == {"JPY"}
    assert {p.freqstr for p in frame["period"]} == {"Q-DEC"}
    value = frame.set_index(["period", "code", "flow"])["value"]
    q1 = pd.Period("2017Q1", "Q")
    assert value[(q1, "goods", "export")] == 100.5e8 and value[(q1, "goods", "import")] == 40.25e8
    assert value[(q1, "services", "export")] == 10e8 and value[(q1, "services", "import")] == 15e8
    assert value[(q1, "goods-and-services", "export")] == 110.5e8
    assert set(frame.loc[frame["code"] == "goods-and-services", "level"]) == {0}
    assert set(frame["status"]) == {"preliminary"}  # the latest year in the file
    assert set(boj.parse(tmp_path / "regbp_q_en.zip", provisional_from=2018)["status"]) == {"confirmed"}


def test_a_published_net_that_does_not_match_is_refused(tmp_path):
    path = write_zip(tmp_path / "bad.zip", _rows({"BPBP6QTSUS": [1.0, 2.0, 3.0, 4.0]}))
    with pytest.raises(ParseError, match=r"series BPBP6QTSUS \(goods and services net\) is 1.00 in 2017Q1"):
        boj.parse(path)


def test_missing_series_and_wrong_unit_are_errors(tmp_path):
    rows = [r for r in _rows() if r[0] != "BPBP6QSDUS"]
    with pytest.raises(ParseError, match="series BPBP6QSDUS not found"):
        boj.parse(write_zip(tmp_path / "a.zip", rows))
    rows = [[*r[:3], "Billion Yen", *r[4:]] if r[0] == "BPBP6QEXUS" else r for r in _rows()]
    with pytest.raises(ParseError, match="unit 'Billion Yen', expected '100 million Yen'"):
        boj.parse(write_zip(tmp_path / "b.zip", rows))


def test_load_needs_a_path_or_the_variable_and_says_where_to_download(monkeypatch, tmp_path):
    monkeypatch.delenv(boj.ENV_FILE, raising=False)
    with pytest.raises(DataNotFoundError, match=r"regbp_q_en.zip.*bulk download.*TRADEBALANCE_BOJ_FILE.*consulted"):
        boj.load_file()
    with pytest.raises(DataNotFoundError, match="no such file"):
        boj.load_file(tmp_path / "nowhere.zip")


def test_load_records_provenance_and_terms(monkeypatch, tmp_path):
    path = write_zip(tmp_path / "regbp_q_en.zip")
    monkeypatch.setenv(boj.ENV_FILE, str(path))
    frame = boj.load_file()
    (p,) = frame.attrs["provenance"]
    assert p["file"] == str(path) and p["sha256"] == hashlib.sha256(path.read_bytes()).hexdigest()
    assert p["attribution"] == "Source: Bank of Japan, Regional Balance of Payments"
    assert "consulted before redistribution" in p["terms"] and p["coverage"] == "2017Q1/2017Q4"
    assert boj.load_file(path).equals(frame)


def test_not_embedded():
    assert not any("boj" in s.resource or s.folder == "boj" for s in catalog.FILES)
    assert not any("boj" in r["name"] for r in package.descriptor()["resources"])
    assert not (paths.data_dir() / "boj").exists()


def test_real_file_2017_and_published_nets(shared):
    path = shared / "boj" / boj.FILENAME
    if not path.is_file():
        pytest.skip("no copy of regbp_q_en.zip in ../shared/data/boj")
    frame = boj.load_file(path)
    assert str(frame["period"].min()) == "2014Q1" and str(frame["period"].max()) == "2025Q4"
    year = frame[frame["period"].dt.year == 2017].groupby(["code", "flow"])["value"].sum()
    net = {c: year[(c, "export")] - year[(c, "import")] for c in ("goods", "services", "goods-and-services")}
    assert net["goods"] > 0 > net["services"]  # Japan records a services deficit with the United States
    assert net["goods-and-services"] == pytest.approx(net["goods"] + net["services"])
    q1 = frame[frame["period"] == pd.Period("2014Q1", "Q")].set_index(["code", "flow"])["value"]
    assert q1[("goods", "export")] == pytest.approx(37849.58621747e8)
    assert q1[("services", "import")] == pytest.approx(14891.7352725e8)
    assert frame.attrs["provenance"][0]["published"] == "2026-05-13"

"""MOF's other partner files (EU, Asia, China, Korea, ASEAN, Middle East, Russia) and end-use imports 2014–2015."""

from __future__ import annotations

import pandas as pd
import pytest

import tradebalance as tb
from tradebalance import catalog, datapackage
from tradebalance.sources import census, census_countries, mof

#: File number -> (title in row 1, partner code).
PARTNER_FILES = {
    "002": ("EU", "X0003"),
    "003": ("アジア", "XASIA"),
    "004": ("中国", "CHN"),
    "005": ("韓国", "KOR"),
    "006": ("ASEAN", "XASEAN"),
    "007": ("中東", "XMIDEAST"),
    "008": ("ロシア", "RUS"),
}


def test_partner_table_maps_every_title_once():
    table = mof.partner_table()
    assert {title: table[title] for title, _ in PARTNER_FILES.values()} == dict(PARTNER_FILES.values())
    assert table["米国"] == "USA" and table["世界"] == "WLD"
    # the EU has the Census grouping code, the same partner code as on the U.S. side
    eu = census_countries.country_table().set_index("name").loc["European Union", "iso3"]
    assert table["EU"] == eu == "X0003"
    # the new region codes are not Census codes
    assert not {"XASIA", "XASEAN", "XMIDEAST"} & set(census_countries.country_table()["iso3"])


@pytest.mark.parametrize(("number", "title", "code"), [(n, t, c) for n, (t, c) in PARTNER_FILES.items()])
def test_a_partner_title_gives_its_code(write_mof, number, title, code):
    frame = mof.parse(write_mof(f"d62ma{number}.csv", title=f"《{title}》  【月別】  （輸入）"), provisional_from=2025)
    assert set(frame["partner"]) == {code} and set(frame["flow"]) == {"import"}


@pytest.mark.parametrize("stem", [f"d{d}ma{n}" for d in ("52", "62") for n in PARTNER_FILES])
def test_originals_partner_and_sections_add_up_to_the_total(shared, stem):
    frame = mof.parse(shared / "mof" / f"{stem}.csv", provisional_from=2025)
    assert set(frame["partner"]) == {PARTNER_FILES[stem[-3:]][1]}
    assert str(frame["period"].min()) == "1988-01" and str(frame["period"].max()) == "2025-06"
    total = frame[frame["level"] == 0].groupby("period")["value"].sum()
    sections = frame[frame["level"] == 1].groupby("period")["value"].sum().reindex(total.index, fill_value=0)
    assert (sections - total).abs().max() == 0  # every month, exactly (thousand-yen figures)


def test_embedded_mof_holds_every_partner_with_its_own_provenance():
    specs = catalog.files("mof")
    assert len(specs) == 18
    for number, (_, code) in PARTNER_FILES.items():
        frame = tb.load("mof", partner=code)
        assert [p["file"] for p in frame.attrs["provenance"]] == [f"d52ma{number}.csv", f"d62ma{number}.csv"]
        assert set(frame["flow"]) == {"export", "import"}
    china = tb.balance(tb.load("mof", partner="CHN"), freq="Y").set_index("period")
    usa = tb.balance(tb.load("mof", partner="USA"), freq="Y").set_index("period")
    assert (
        china.loc["2017", "balance"] < 0 < usa.loc["2017", "balance"]
    )  # Japan's deficit with China, surplus with the USA


def test_census_enduse_reaches_back_to_2014_on_imports():
    frame = tb.load("census-enduse", partner="JPN", flow="import")
    years = sorted(set(frame["period"].dt.year))
    assert years[:3] == [2014, 2015, 2016] and years[-1] == 2025
    early = frame[frame["period"].dt.year < 2016]
    assert set(early["source"]) == {"census-enduse-imports-2014-2015"}
    assert not (frame[frame["period"].dt.year >= 2016]["source"] == "census-enduse-imports-2014-2015").any()
    keys = ["period", "partner", "flow", "code"]
    assert not tb.load("census-enduse").duplicated(keys).any()  # no year from two downloads
    (p,) = [p for p in frame.attrs["provenance"] if p["resource"] == "census-enduse-imports-2014-2015"]
    assert p["retrieved"] == "2024-11-10" and p["file"] == "enduse_imports_2024-11-10.xlsx"
    assert "2014 and 2015 only" in p["title"] and p["found_in"]["repository"].endswith("redzone67/g")
    assert set(early["status"]) == {"confirmed"}


def test_enduse_2014_2015_equal_the_vintage_they_come_from():
    early = tb.load("census-enduse", flow="import")
    early = early[early["period"].dt.year < 2016]
    vintage = tb.load("census-enduse@2024-11-10")
    vintage = vintage[vintage["period"].dt.year < 2016]
    keys = ["period", "partner", "flow", "code"]
    merged = early.merge(vintage, on=keys, suffixes=("", "_v"), validate="one_to_one")
    assert len(merged) == len(early) == len(vintage) and (merged["value"] == merged["value_v"]).all()
    japan = early[(early["partner"] == "JPN")].groupby(early["period"].dt.year)["value"].sum()
    assert japan.loc[2014] > 1e11 and japan.loc[2015] > 1e11


def test_the_earlier_years_parser_keeps_only_years_before_2016(shared):
    path = shared / "census" / "vintages" / "enduse_imports_2024-11-10.xlsx"
    frame = census.parse_enduse_earlier_years(path, provisional_from=2024, source="x")
    assert sorted(set(frame["period"].dt.year)) == [2014, 2015]
    reasons = [s["reason"] for s in frame.attrs["skipped"]]
    assert any("2016–2023" in r for r in reasons)
    entry = next(r for r in datapackage.resources("census-enduse") if r["name"] == "census-enduse-imports-2014-2015")
    assert entry["coverage"] == {"freq": "Y-DEC", "start": "2014", "end": "2015"}
    assert pd.Period(entry["coverage"]["end"], "Y") < pd.Period("2016", "Y")

"""MOF's other partner files (EU, Asia, China, Korea, ASEAN, Middle East, Russia) and end-use imports 2014–2015."""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd
import pytest

import tradebalance as tb
from tests.builders import MOF_MONTHS
from tradebalance.errors import ParseError
from tradebalance.sources import census_countries, census_enduse, mof, mof_partners
from tradebalance.store import catalog, package

#: File number -> (title in row 1, partner code from 1992-01 on).
PARTNER_FILES = {
    "002": ("EU", "X0003"),
    "003": ("アジア", "XASIA"),
    "004": ("中国", "CHN"),
    "005": ("韓国", "KOR"),
    "006": ("ASEAN", "XASEAN"),
    "007": ("中東", "XMIDEAST"),
    "008": ("ロシア", "RUS"),
}


#: File number -> (partner code, its last month) for the earlier months the file gives another partner.
EARLIER = {"008": ("SUN", "1991-12")}


def test_partner_table_maps_every_title_to_its_latest_partner():
    table = {title: partners[-1].code for title, partners in mof_partners.partner_table().items()}
    assert {title: table[title] for title, _ in PARTNER_FILES.values()} == dict(PARTNER_FILES.values())
    assert table["米国"] == "USA" and table["世界"] == "WLD"
    # Russia's title gives the USSR up to 1991-12 (SUN, as Census codes the USSR), Russia from 1992-01.
    assert mof_partners.partner_table()["ロシア"] == (
        mof_partners.Partner("SUN", pd.Period("1991-12", "M")),
        mof_partners.Partner("RUS", None),
    )
    assert census_countries.country_table().set_index("name").loc["USSR", "iso3"] == "SUN"
    # the EU has the Census grouping code, the same partner code as on the U.S. side
    eu = census_countries.country_table().set_index("name").loc["European Union", "iso3"]
    assert table["EU"] == eu == "X0003"
    # the new region codes are not Census codes
    assert not {"XASIA", "XASEAN", "XMIDEAST"} & set(census_countries.country_table()["iso3"])


@pytest.mark.parametrize(("number", "title", "code"), [(n, t, c) for n, (t, c) in PARTNER_FILES.items()])
def test_a_partner_title_gives_its_code(write_mof, number, title, code):
    frame = mof.parse(write_mof(f"d62ma{number}.csv", title=f"《{title}》  【月別】  （輸入）"), provisional_from=2025)
    assert set(frame["partner"]) == {code} and set(frame["flow"]) == {"import"}


def _figures_and_nils(path: Path) -> tuple[int, int]:
    """Value cells holding a figure in the published months, and quantity cells holding one beside a '-' value.

    Read with the csv module alone: each item's columns run from its code to the next code.
    """
    rows = list(csv.reader(path.read_text(encoding="utf-8").splitlines()))
    codes = [c for c in range(1, len(rows[4])) if rows[4][c].strip()]
    months = [r for r in rows[7:] if r and r[1].strip() not in ("", "-")]
    figures = stray = 0
    for start, end in zip(codes, [*codes[1:], len(rows[4])], strict=True):
        kinds = {rows[5][c].strip(): c for c in range(start, end)}
        value, quantity = kinds["金額"], kinds.get("数量")
        for r in months:
            nil = r[value].strip() in ("", "-")
            figures += not nil
            stray += nil and quantity is not None and r[quantity].strip() not in ("", "-")
    return figures, stray


@pytest.mark.parametrize("stem", [f"d{d}ma{n}" for d in ("52", "62") for n in PARTNER_FILES])
def test_originals_partner_and_sections_add_up_to_the_total(shared, stem):
    frame = mof.parse(shared / "mof" / f"{stem}.csv", provisional_from=2025)
    latest = PARTNER_FILES[stem[-3:]][1]
    earlier, until = EARLIER.get(stem[-3:], (latest, "1987-12"))
    assert set(frame.loc[frame["period"] <= pd.Period(until, "M"), "partner"]) <= {earlier}
    assert set(frame.loc[frame["period"] > pd.Period(until, "M"), "partner"]) == {latest}
    # One record per value MOF prints: a '-' is no figure (no record), and no value is 0. No quantity is
    # printed beside a '-' value, so none is left out.
    assert (len(frame), 0) == _figures_and_nils(shared / "mof" / f"{stem}.csv") and (frame["value"] > 0).all()
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
    frame = census_enduse.parse_enduse_earlier_years(path, provisional_from=2024, source="x")
    assert sorted(set(frame["period"].dt.year)) == [2014, 2015]
    reasons = [s["reason"] for s in frame.attrs["skipped"]]
    assert any("2016–2023" in r for r in reasons)
    entry = next(r for r in package.resources("census-enduse") if r["name"] == "census-enduse-imports-2014-2015")
    assert entry["coverage"] == {"freq": "Y-DEC", "start": "2014", "end": "2015"}
    assert pd.Period(entry["coverage"]["end"], "Y") < pd.Period("2016", "Y")


# ------------------------------------------------------------------------------ the USSR in Russia's file


def test_russias_title_gives_the_ussr_up_to_1991(write_mof):
    months = {"1991/12": MOF_MONTHS["2017/01"], "1992/01": MOF_MONTHS["2017/02"]}
    frame = mof.parse(
        write_mof("d52ma008.csv", title="《ロシア》  【月別】  （輸出）", months=months), provisional_from=2025
    )
    by_month = frame.groupby(frame["period"].astype(str))["partner"].unique().map(list).to_dict()
    assert by_month == {"1991-12": ["SUN"], "1992-01": ["RUS"]}


def test_originals_russia_file_is_the_ussr_in_1988_1991(shared):
    exports = mof.parse(shared / "mof" / "d52ma008.csv", provisional_from=2025)
    totals = exports[exports["level"] == 0].set_index("period")
    # 1991/12: 25,826,418 thousand yen to the USSR; 1992/01: 9,044,160 to Russia.
    assert totals.loc[pd.Period("1991-12", "M"), ["partner", "value"]].tolist() == ["SUN", 25_826_418_000]
    assert totals.loc[pd.Period("1992-01", "M"), ["partner", "value"]].tolist() == ["RUS", 9_044_160_000]
    assert totals.groupby("partner")["value"].size().to_dict() == {"SUN": 48, "RUS": 402}  # 4 years; 1992-01 … 2025-06


def test_embedded_russia_starts_in_1992_and_the_ussr_says_what_it_is():
    russia = tb.load("mof", partner="RUS")
    assert str(russia["period"].min()) == "1992-01" and str(russia["period"].max()) == "2025-06"
    ussr = tb.load("mof", partner="SUN")
    assert [str(ussr["period"].min()), str(ussr["period"].max())] == ["1988-01", "1991-12"]
    assert [p["file"] for p in ussr.attrs["provenance"]] == ["d52ma008.csv", "d62ma008.csv"]
    # 1990 is read as the USSR's: exports 370,985,189 and imports 482,886,122 thousand yen (the sums of the
    # twelve monthly totals of the files), about $2.6 and $3.3 billion at 145.0 yen per dollar.
    y1990 = tb.balance(ussr, "Y").set_index("period").loc["1990"]
    assert y1990[["partner", "exports", "imports"]].tolist() == ["SUN", 370_985_189_000, 482_886_122_000]
    with pytest.raises(KeyError):
        tb.balance(russia, "Y").set_index("period").loc["1990"]


CLAIM_1990 = """
[[claim]]
id = "deficit-1990"
quote = "Japan ran a trade deficit with Russia in 1990."
attribution = {{ publication = "Somewhere", date = "1991-03-01" }}
metric = "balance"
parameters = {{ reporter = "JPN", partner = "{partner}", period = 1990, currency = "JPY" }}
test = {{ kind = "<", value = 0 }}
framing = {{ source = "mof", calendar = "calendar" }}
"""


def test_a_claim_about_russia_in_1990_reads_no_russian_figure_and_the_ussr_reads_its_own(tmp_path):
    def check(partner):
        path = tmp_path / f"{partner}.toml"
        path.write_text(CLAIM_1990.format(partner=partner), encoding="utf-8")
        return tb.check(tb.load_claims(path)[0])

    # Russia's figures start in 1992-01: 1990 is not read as Russia's (before, the USSR's figure was).
    russia = check("RUS")
    (reading,) = [r for r in russia.readings if r.role == "framing"]
    assert russia.verdict == "not checkable" and reading.value is None
    assert "the data cover 1992-01 to 2025-06" in reading.skipped
    # The USSR's 1990: 370,985,189,000 − 482,886,122,000 = −111,900,933,000 yen, from the Russia file.
    ussr = check("SUN").framing
    assert ussr.value == -111_900_933_000 and ussr.holds
    assert [p["file"] for p in ussr.provenance] == ["d52ma008.csv", "d62ma008.csv"]


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        (["ロシア,R,SUN,country,,", "ロシア,R,RUS,country,,"], "title 'ロシア' appears twice"),
        (["ロシア,R,SUN,country,1991-12,", "ロシア,R,RUS,country,1990-12,", "ロシア,R,XRU,country,,"], "appears twice"),
        (["ロシア,R,SUN,country,1991-12,"], "title 'ロシア' has no row without 'until'"),
        (["ロシア,R,SUN,country,1991/12,"], "row 2, column until: until '1991/12' is not a month like '1991-12'"),
        (["ロシア,R,Russia,country,,"], "row 2, column partner: partner 'Russia' is not an ISO3 or X code"),
    ],
)
def test_partner_table_errors_name_the_row(tmp_path, monkeypatch, rows, message):
    table = tmp_path / "mof_partners.csv"
    table.write_text("\n".join([",".join(mof_partners.REFERENCE_COLUMNS), *rows]) + "\n", encoding="utf-8")
    monkeypatch.setattr(mof_partners, "reference_path", lambda: table)
    mof_partners.partner_table.cache_clear()
    try:
        with pytest.raises(ParseError, match=message):
            mof_partners.partner_table()
    finally:
        mof_partners.partner_table.cache_clear()

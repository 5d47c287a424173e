"""Published vintages of the Census files: embedded, dated, read "as published at the time", and revision margins."""

from __future__ import annotations

from pathlib import Path

import fastexcel
import openpyxl
import pandas as pd
import pytest

import tradebalance as tb
from tradebalance import claims, periods, revisions
from tradebalance.errors import DataNotFoundError, ParseError
from tradebalance.sources import census, census_enduse
from tradebalance.store import builder, catalog, deltas, package, paths, published

VINTAGES = [s for s in catalog.FILES if s.base is not None]
COUNTRY_VINTAGES = [s for s in VINTAGES if s.dataset.startswith("census@")]


def japan_2017_imports(dataset: str) -> pd.Series:
    """Japan's 2017 monthly general imports (dollars) in an embedded dataset, January first."""
    frame = tb.load(dataset, partner="JPN", flow="import")
    return frame[frame["period"].dt.year == 2017].sort_values("period")["value"].reset_index(drop=True)


# --------------------------------------------------------------------------- Japan 2017, three publications


def test_japan_2017_imports_as_first_published_in_the_2018_download():
    # country_2018-10-18.xlsx, CTY_CODE 5880, year 2017, IJAN…IDEC (millions of dollars); 2017 was complete
    months = [10494.976631, 9870.434372, 13020.621247, 11201.856469, 10962.536578, 11189.833789,
              11459.200225, 11964.38422, 10813.228107, 12023.780541, 11518.927906, 11961.045783]  # fmt: skip
    assert round(sum(months), 6) == 136_480.825868  # IYR: 136,480.8 million
    assert japan_2017_imports("census@2018-10-18").tolist() == [round(m * 1e6) for m in months]
    assert japan_2017_imports("census@2018-10-18").sum() == 136_480_825_868


def test_japan_2017_imports_after_the_june_2019_revision():
    months = [10493.460939, 9869.167564, 13018.761024, 11200.503445, 10951.408039, 11186.838453,
              11455.531215, 11957.866549, 10821.147163, 12020.717282, 11514.093369, 11928.208213]  # fmt: skip
    assert round(sum(months), 6) == 136_417.703255  # 136,417.7 million: 63.1 million less than in 2018
    assert japan_2017_imports("census@2020-01-07").tolist() == [round(m * 1e6) for m in months]
    assert 136_480_825_868 - japan_2017_imports("census@2020-01-07").sum() == 63_122_613


def test_japan_2017_imports_unchanged_since_the_june_2020_revision():
    months = [10493.398601, 9869.077416, 13018.970809, 11198.376314, 10951.229966, 11186.406538,
              11454.936239, 11965.095002, 10820.115253, 12021.842532, 11505.063342, 11926.829558]  # fmt: skip
    assert round(sum(months), 6) == 136_411.34157  # 136,411.3 million, today's figure
    later = [name for date, name in published.published_vintages("census") if date >= "2020-10-25"]
    assert later == [*(f"census@{d}" for d in ("2020-10-25", "2022-05-11", "2023-03-19", "2024-11-01", "2024-11-03")), "census"]  # fmt: skip
    for name in later:
        assert japan_2017_imports(name).tolist() == [round(m * 1e6) for m in months], name


def test_japan_2017_in_the_revision_table():
    table = revisions.revision_table("JPN")
    imports = table[(table["year"] == 2017) & (table["measure"] == "imports")].set_index("vintage")
    assert imports.loc["2018-10-18", "published"] == 136_480_825_868
    assert imports.loc["2020-01-07", "published"] == 136_417_703_255
    assert set(imports["current"]) == {136_411_341_570}
    # revision = current − published; relative = revision ÷ |published|
    assert imports.loc["2018-10-18", "revision"] == 136_411_341_570 - 136_480_825_868 == -69_484_298
    assert imports.loc["2018-10-18", "relative"] == pytest.approx(-69_484_298 / 136_480_825_868)
    assert (imports.loc["2020-10-25":, "revision"] == 0).all()
    balance = table[(table["year"] == 2017) & (table["measure"] == "balance")].set_index("vintage")
    exports = table[(table["year"] == 2017) & (table["measure"] == "exports")].set_index("vintage")
    assert (balance["published"] == exports["published"] - imports["published"]).all()
    assert list(table.columns) == list(revisions.COLUMNS)
    # only complete years: the 2018 download ends in August 2018
    assert table[table["vintage"] == "2018-10-18"]["year"].max() == 2017
    assert table.groupby("vintage")["year"].max().to_dict() == {
        "2018-10-18": 2017, "2020-01-07": 2018, "2020-10-25": 2019, "2022-05-11": 2021,
        "2023-03-19": 2022, "2024-11-01": 2023, "2024-11-03": 2023,
    }  # fmt: skip
    assert set(table.loc[(table["vintage"] == "2022-05-11") & (table["year"] == 2021), "status"]) == {"preliminary"}
    assert set(table.loc[(table["vintage"] == "2022-05-11") & (table["year"] == 2020), "status"]) == {"confirmed"}


# --------------------------------------------------------------------------- what is embedded, and from where


def test_each_vintage_is_a_dataset_with_its_origin():
    entries = {r["name"]: r for r in package.descriptor()["resources"]}
    ends = {"2018-10-18": "2018-08", "2020-01-07": "2019-10", "2020-10-25": "2020-08", "2022-05-11": "2022-01",
            "2023-03-19": "2023-01", "2024-11-01": "2024-06", "2024-11-03": "2024-08"}  # fmt: skip
    assert {s.retrieved: entries[s.resource]["coverage"]["end"] for s in COUNTRY_VINTAGES} == ends
    for spec in VINTAGES:
        entry = entries[spec.resource]
        assert entry["dataset"] == spec.dataset and entry["path"].startswith("census/vintages/")
        found = entry["sources"][0]["found_in"]
        assert found["repository"].startswith("https://github.com/") and len(found["commit"]) == 40
        assert found["commit"][:7] in entry["sources"][0]["title"]
        assert entry["delta"]["base"] == spec.base
    frame = tb.load("census@2020-01-07", partner="JPN")
    (p,) = frame.attrs["provenance"]
    assert p["found_in"]["repository"] == "https://github.com/ADeltanp/Current_Situation"
    assert p["found_in"]["commit"].startswith("11d17e6") and p["retrieved"] == "2020-01-07"
    assert set(frame["source"]) == {"census-country-2020-01-07"}


def test_preliminary_years_follow_the_june_revision_rule():
    # the download year, and the year before when downloaded before July
    assert {s.retrieved: s.not_final_from for s in VINTAGES} == {
        "2018-10-18": 2018, "2020-01-07": 2019, "2020-10-25": 2020, "2022-05-11": 2021,
        "2023-03-19": 2022, "2024-11-01": 2024, "2024-11-03": 2024, "2024-11-10": 2024,
    }  # fmt: skip
    assert periods.preliminary_from("2026-04-15", "census") == 2025  # the embedded census file (2026-04): 2025 on
    frame = tb.load("census@2020-01-07", partner="JPN")
    status = frame.groupby(frame["period"].dt.year)["status"].unique().map(tuple)
    assert status[2019] == ("preliminary",) and status[2018] == ("confirmed",)  # 2018 had its June 2019 revision


def test_the_2018_download_skips_its_blank_rows_and_says_so():
    entry = next(r for r in package.descriptor()["resources"] if r["name"] == "census-country-2018-10-18")
    (skipped,) = entry["skipped"]
    assert skipped["rows"] == 233 and "empty year" in skipped["reason"]
    assert (skipped["first_row"], skipped["last_row"]) == (483, 7473)
    others = [r for r in package.descriptor()["resources"] if r["name"].startswith("census-country-20")]
    assert [r["name"] for r in others if "skipped" in r] == ["census-country-2018-10-18"]


def test_the_2018_download_blank_rows_in_the_original(shared):
    path = shared / "census" / "vintages" / "country_2018-10-18.xlsx"
    sheet = fastexcel.read_excel(str(path)).load_sheet(0, schema_sample_rows=None).to_arrow().to_pydict()
    rows = list(zip(*sheet.values(), strict=True))  # the data rows, cells as read (the header row named the columns)
    blank = [r for r in rows if not str(r[0] or "").strip()]
    assert len(blank) == 233 and all(v == 0 for r in blank for v in r[3:])
    frame = census.parse_country(path, provisional_from=2018)
    assert frame.attrs["skipped"][0]["rows"] == 233
    assert len(frame) == 169_672


def test_the_enduse_download_ignores_its_side_table():
    entry = next(r for r in package.descriptor()["resources"] if r["name"] == "census-enduse-imports-2024-11-10")
    (skipped,) = entry["skipped"]
    assert skipped["columns"] == 4 and "value_23" in skipped["reason"]
    frame = tb.load("census-enduse@2024-11-10")
    assert sorted(frame["period"].astype(str).unique()) == [str(y) for y in range(2014, 2024)]


# --------------------------------------------------------------------------- reading "as published at the time"


def test_as_published_picks_the_latest_download_before_a_date():
    assert published.as_published("census", "2018-10-18") is None  # not strictly before: nothing of the time
    assert published.as_published("census", "2017-01-01") is None
    assert published.as_published("census", "2018-10-19") == "census@2018-10-18"
    assert published.as_published("census", "2019-06-01") == "census@2018-10-18"
    assert published.as_published("census", "2020-01-08") == "census@2020-01-07"
    assert published.as_published("census", "2024-11-02") == "census@2024-11-01"
    assert published.as_published("census", "2024-11-03") == "census@2024-11-01"
    assert published.as_published("census", "2025-01-01") == "census@2024-11-03"
    # today's file is dated 2026-04 (month only): it counts from the month's last day
    assert published.as_published("census", "2026-04-30") == "census@2024-11-03"
    assert published.as_published("census", "2026-05-01") == "census"
    assert published.as_published("census-enduse", "2025-01-01") == "census-enduse@2024-11-10"
    assert published.as_published("mof", "2025-01-01") is None
    with pytest.raises(ValueError, match="ISO date"):
        published.as_published("census", "June 2019")


def test_published_vintages_are_ordered_with_today_last():
    found = published.published_vintages("census")
    assert found[0] == ("2018-10-18", "census@2018-10-18") and found[-1] == ("2026-04", "census")
    assert [d for d, _ in found[:-1]] == sorted(d for d, _ in found[:-1]) and len(found) == 8
    assert published.published_vintages("census-enduse") == [
        ("2024-11-10", "census-enduse@2024-11-10"),
        ("2026-04", "census-enduse"),
    ]


# --------------------------------------------------------------------------- the end-use download


def test_enduse_2014_and_2015_add_up_to_japan_total_imports():
    enduse = tb.load("census-enduse@2024-11-10", partner="JPN")
    country = tb.load("census", partner="JPN", flow="import")
    for year, total in ((2014, 134_504_542_819), (2015, 131_445_490_188)):
        by_code = enduse[enduse["period"].dt.year == year]
        assert len(by_code) == 140  # 5-digit end-use codes
        assert by_code["value"].sum() == total  # the sum over end-use codes
        assert country[country["period"].dt.year == year]["value"].sum() == total  # = country.xlsx IYR, to the dollar


def test_enduse_2016_to_2021_equal_todays_file():
    then = tb.load("census-enduse@2024-11-10")
    now = tb.load("census-enduse", flow="import")
    now = now[now["period"].dt.year <= 2023]
    both = then.merge(now, on=["period", "partner", "code"], how="outer", suffixes=("_then", "_now"))
    # a (partner, code) row in one file only counts as 0 in the other: the download leaves out pairs whose trade
    # falls after 2023, today's file pairs whose trade fell before 2016 (or was revised away)
    both[["value_then", "value_now"]] = both[["value_then", "value_now"]].fillna(0)
    both = both[both["period"].dt.year >= 2016]
    differs = (both["value_then"] != both["value_now"]).groupby(both["period"].dt.year).sum()
    assert differs.loc[2016:2021].tolist() == [0] * 6
    assert differs.loc[2022] > 0 and differs.loc[2023] > 0  # revised since November 2024


# --------------------------------------------------------------------------- storage as differences


@pytest.mark.parametrize("spec", VINTAGES, ids=lambda s: s.dataset)
def test_a_vintage_loads_exactly_as_its_file_parses(shared, spec):
    parsed = builder.parse_original(spec, shared / spec.folder / spec.filename)
    loaded = tb.load(spec.dataset)
    order = deltas.keys(parsed)[0].argsort(kind="stable")
    pd.testing.assert_frame_equal(loaded, parsed.take(order).reset_index(drop=True))


def test_vintages_are_small_in_the_snapshot():
    entries = [r for r in package.descriptor()["resources"] if "delta" in r]
    assert len(entries) == len(VINTAGES) == 8
    assert sum(r["bytes"] for r in entries) < 2 * 2**20  # differences only: ~1.5 MB for 1.5 million rows
    assert sum(r["rows"] for r in entries) > 1_500_000


# --------------------------------------------------------------------------- margins


def test_census_margin_is_the_largest_relative_revision():
    table = revisions.revision_table("JPN")
    for measure in revisions.MEASURES:
        largest = table.loc[table["measure"] == measure, "relative"].abs().max()
        assert revisions.margin("census", measure) == pytest.approx(largest, abs=5e-7)
    # 2020's balance as published on 2022-05-11 (after its first June revision) moved by 0.48 % since
    worst = table.loc[table.loc[table["measure"] == "balance", "relative"].abs().idxmax()]
    assert (worst["vintage"], worst["year"]) == ("2022-05-11", 2020)
    assert revisions.margin("census") == 0.004784 == round(abs(worst["revision"] / worst["published"]), 6)


def test_preliminary_margin_is_the_largest_move_from_first_release():
    # January–June 2024 as downloaded on 2024-11-01 against the same months today: the deficit with Japan
    # grew from $34.04 to $34.69 billion after the June 2025 revision, 1.91 % of the first-published figure.
    table = revisions.preliminary_table("JPN")
    row = table[(table["vintage"] == "2024-11-01") & (table["measure"] == "balance")].iloc[0]
    assert row["status"] == "6 months"
    assert row["relative"] == pytest.approx((row["current"] - row["published"]) / abs(row["published"]))
    assert round(abs(row["relative"]), 6) == revisions.margin("census", "balance", "preliminary") == 0.019106
    assert revisions.margin("census", "balance", "preliminary") > revisions.margin("census", "balance", "revised")


def test_month_margin_is_the_largest_move_of_a_single_preliminary_month():
    # August 2022 as downloaded on 2023-03-19 (still preliminary then): U.S. exports to Japan of
    # $7,799,218,543, now $7,463,454,902 after the June 2023 revision: 335,763,641 ÷ 7,799,218,543 = 4.31 %.
    table = revisions.month_table("JPN")
    row = table[(table["vintage"] == "2023-03-19") & (table["status"] == "2022-08, preliminary")]
    row = row[row["measure"] == "exports"].iloc[0]
    assert (row["published"], row["current"]) == (7_799_218_543, 7_463_454_902)
    assert revisions.margin("census", "exports", "month") == round(335_763_641 / 7_799_218_543, 6) == 0.043051
    for measure in revisions.MEASURES:
        largest = table.loc[table["measure"] == measure, "relative"].abs().max()
        assert revisions.margin("census", measure, "month") == pytest.approx(largest, abs=5e-7)
        assert revisions.margin("census", measure, "month") > revisions.margin("census", measure, "preliminary")
    assert set(table["status"].str.split(", ").str[1]) == {"preliminary"}


def test_mof_margin_is_borrowed_and_says_so():
    for measure, mirror in revisions.MOF_MIRROR.items():
        for stage in revisions.STAGES:
            # MOF makes no June revision of its months: a month takes the margin of a first-published year
            borrowed = "preliminary" if stage == "month" else stage
            assert revisions.margin("mof", measure, stage) == revisions.margin("census", mirror, borrowed)
    table = pd.read_csv(paths.data_dir() / revisions.MARGINS_NAME)
    assert list(table.columns) == list(revisions.MARGINS_COLUMNS)
    assert table[table["agency"] == "mof"]["basis"].str.startswith("borrowed").all()
    # BEA's and the end-use tables' margins exist too: BEA's borrowed, end-use imports measured.
    assert table[table["agency"] == "bea"]["basis"].str.startswith("borrowed").all()
    assert revisions.margin("bea", "balance", "revised") == revisions.margin("census", "balance", "revised")
    assert revisions.margin("census-enduse", "imports", "revised") < 0.001  # 2022–2023 moved by under 0.1 %
    with pytest.raises(DataNotFoundError, match="no revision margin for boj/balance"):
        revisions.margin("boj")


def test_margins_file_matches_what_the_data_give():
    path = paths.data_dir() / revisions.MARGINS_NAME
    assert path.read_text(encoding="utf-8") == revisions.margins_csv(), "regenerate: revisions.write_margins()"


# --------------------------------------------------------------------------- the parser quirks, on small files


def write_country(path: Path, rows: list[list]) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(list(census.COUNTRY_COLUMNS))
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def row(year: int | str, code: int, name: str, value: float) -> list:
    return [year, code, name, *[value] * 12, value * 12, *[value] * 12, value * 12]


def test_blank_year_rows_of_zeros_are_skipped_and_counted(tmp_path):
    path = write_country(
        tmp_path / "country.xlsx",
        [row(2017, 15, "World", 10.0), row("", 5880, "Japan", 0.0), row(2017, 5880, "Japan", 2.0), row(" ", 1010, "Greenland", 0.0)],
    )  # fmt: skip
    frame = census.parse_country(path, provisional_from=2018)
    assert frame.attrs["skipped"] == [
        {
            "rows": 2,
            "reason": "empty year and every value 0 (blank rows in the download)",
            "first_row": 3,
            "last_row": 5,
        }
    ]
    assert len(frame) == 2 * 2 * 12 and frame.groupby("partner")["value"].sum().to_dict() == {"JPN": 48e6, "WLD": 240e6}


def test_a_blank_year_row_with_a_value_is_an_error(tmp_path):
    path = write_country(tmp_path / "country.xlsx", [row(2017, 15, "World", 10.0), row("", 5880, "Japan", 2.0)])
    with pytest.raises(ParseError, match=r"row 3, column year: a row with no year has 2.0 in IJAN"):
        census.parse_country(path, provisional_from=2018)


def test_enduse_columns_after_the_last_year_are_ignored_and_counted(tmp_path):
    header = "CTY_CODE,CTY_DESC,END_USE,COMM_DESC,value_22,value_23,,CHINA\n"
    text = header + "5880,Japan,00000,Wheat,1,2,x,0.5\n0000,World Total,00000,Wheat,3,4,,\n"
    (tmp_path / "enduse_imports.csv").write_text(text, encoding="utf-8")
    frame = census_enduse.parse_enduse(tmp_path / "enduse_imports.csv", provisional_from=2023)
    assert sorted(frame["period"].astype(str).unique()) == ["2022", "2023"]
    (skipped,) = frame.attrs["skipped"]
    assert skipped["columns"] == 2 and "'value_23'" in skipped["reason"]
    middle = header.replace("value_22,value_23,,CHINA", "value_22,CHINA,value_23,")
    (tmp_path / "enduse_imports.csv").write_text(middle + "5880,Japan,00000,Wheat,1,0.5,2,\n", encoding="utf-8")
    with pytest.raises(ParseError, match="column 6: expected a year column like 'value_17', found 'CHINA'"):
        census_enduse.parse_enduse(tmp_path / "enduse_imports.csv", provisional_from=2023)


# --------------------------------------------------------------------------- verdicts within the revision margin

KYODO_APRIL_2021 = """
[[claim]]
id = "{id}"
quote = "The U.S. goods trade deficit with Japan widened 3.5 percent in April from the previous month to $6.10 billion."
attribution = {{ publication = "Nippon.com (Kyodo)", date = "{date}" }}
metric = "{metric}"
parameters = {{ reporter = "USA", partner = "JPN", period = "2021-04", flow = "{flow}"{extra} }}
test = {test}
"""


def monthly_claim(
    tmp_path, test, *, metric="change", flow="deficit", date="2021-06-08", extra=', compare = "previous"'
):
    path = tmp_path / "claims.toml"
    path.write_text(
        KYODO_APRIL_2021.format(id="m", date=date, metric=metric, flow=flow, extra=extra, test=test), encoding="utf-8"
    )
    return claims.check(claims.load_claims(path)[0])


@pytest.fixture
def no_downloads(monkeypatch):
    """As if no earlier download were embedded: the claims below are then read within the revision margin.

    (With the downloads, the first one after the claim, 2022-05-11, holds April 2021 as then published, and
    the claim is read on it: see test_a_monthly_change_is_read_on_the_first_download_after_it.)
    """
    today = [(made, name) for made, name in published.published_vintages("census") if name == "census"]
    monkeypatch.setattr(published, "published_vintages", lambda dataset: today)


def test_a_monthly_change_is_read_on_the_first_download_after_it(tmp_path):
    # No download before 2021-06-08 holds April 2021; the first after it (2022-05-11) has the month as then
    # published: the deficit widened 3.5 % on those figures, which Kyodo reported.
    verdict = monthly_claim(tmp_path, '{ kind = "between", low = 0.030, high = 0.040 }')
    then = tb.load("census@2022-05-11", partner="JPN")
    monthly = tb.balance(then, "M").set_index("period")["balance"]
    assert verdict.published.value == pytest.approx(monthly["2021-04"] / monthly["2021-03"] - 1)
    assert verdict.framing.published_in == "2022-05-11"
    assert (verdict.verdict, verdict.rating) == ("supported", "true")
    assert "in the first download after the claim" in verdict.summary
    framing = next(r for r in verdict.as_dict()["readings"] if r["role"] == "framing")
    assert framing["published_in"] == "2022-05-11" and framing["published_value"] == verdict.published.value


def test_a_monthly_change_is_read_within_the_revision_margin_of_both_months(tmp_path, no_downloads):
    # Today: April 2021 deficit 6,094,927,325, March 5,991,273,532: +1.73 %, not the +3.5 % first reported.
    # Each month may have moved by the single-month balance margin m = 6.5161 % since: the change then lay
    # between (6,094,927,325 × (1 − m) − 5,991,273,532 × (1 + m)) ÷ (5,991,273,532 × (1 + m)) = −10.7 % and
    # (6,094,927,325 × (1 + m) − 5,991,273,532 × (1 − m)) ÷ (5,991,273,532 × (1 − m)) = +15.9 %, and, as
    # a revision does not turn a widening into a narrowing, from 0 to +15.9 %.
    verdict = monthly_claim(tmp_path, '{ kind = "between", low = 0.030, high = 0.040 }')
    assert verdict.framing.extra == {"level": 6_094_927_325, "base_level": 5_991_273_532}
    assert verdict.framing.value == pytest.approx(103_653_793 / 5_991_273_532)
    assert not verdict.framing.holds
    assert (verdict.verdict, verdict.rating) == ("supported", "mostly true")
    assert "revision margin of ±6.5% on each of the two figures compared" in verdict.summary
    for far in ('{ kind = "between", low = 0.195, high = 0.205 }', '{ kind = "between", low = -0.055, high = -0.045 }'):
        assert monthly_claim(tmp_path, far).verdict == "not supported"  # beyond +15.9 %; a narrowing
    # Said in 2026, when the figures were long revised: no margin.
    assert monthly_claim(tmp_path, '{ kind = "between", low = 0.030, high = 0.040 }', date="2026-01-05").verdict == (
        "not supported"
    )


def test_a_monthly_figure_takes_the_margin_of_what_it_measures(tmp_path, no_downloads):
    # U.S. imports from Japan in April 2021: 12,433,900,653 today; "$12.6 billion" is 1.3 % above, within
    # the single-month margin of imports (2.1 %), not of the balance (6.5 %) or exports (4.3 %).
    test = '{ kind = "approx", value = 12.6e9, tolerance = 0.0 }'
    verdict = monthly_claim(tmp_path, test, metric="flow", flow="imports", extra="")
    assert verdict.framing.value == 12_433_900_653
    assert (verdict.verdict, verdict.rating) == ("supported", "mostly true")
    assert f"±{revisions.margin('census', 'imports', 'month'):.1%}" == "±2.1%" and "±2.1%" in verdict.summary
    near = monthly_claim(
        tmp_path, '{ kind = "approx", value = 12.8e9, tolerance = 0.0 }', metric="flow", flow="imports"
    )
    assert (near.verdict, near.rating) == ("supported", "mostly true")  # 2.9 % above: beyond 2.1 %, a near miss
    assert "a near miss: 2.9%" in near.summary
    far = monthly_claim(tmp_path, '{ kind = "approx", value = 13.5e9, tolerance = 0.0 }', metric="flow", flow="imports")
    assert (far.verdict, far.rating) == ("not supported", "half true")  # (13.5 − 12.43) ÷ 12.43 = 8.6 % above


def test_a_change_is_also_read_on_the_download_of_its_time(tmp_path):
    # USTR, April 2023: exports to Japan up 7.7 % in 2022. The download of 2023-03-19 has both years complete.
    path = tmp_path / "claims.toml"
    path.write_text(
        """
[[claim]]
id = "ustr"
quote = "U.S. goods exports to Japan in 2022 were valued at $80.3 billion, a 7.7 percent increase from 2021."
attribution = { publication = "USTR", date = "2023-04" }
metric = "change"
parameters = { reporter = "USA", partner = "JPN", period = 2022, flow = "exports" }
test = { kind = "between", low = 0.072, high = 0.082 }
""",
        encoding="utf-8",
    )
    verdict = claims.check(claims.load_claims(path)[0])
    then = tb.load("census@2023-03-19", partner="JPN", flow="export")
    year = then["period"].dt.year
    x2022, x2021 = then.loc[year == 2022, "value"].sum(), then.loc[year == 2021, "value"].sum()
    assert verdict.published is not None and verdict.published.parameters["published"] == "census@2023-03-19"
    assert verdict.published.value == pytest.approx((x2022 - x2021) / x2021)  # +7.7 %, as USTR said
    assert round(verdict.published.value, 3) == 0.077 and round(verdict.framing.value, 3) == 0.073
    moved = (verdict.framing.value - verdict.published.value) * 100
    assert f"revised since by {moved:+.1f} points".replace("-", "−") in verdict.summary

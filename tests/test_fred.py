"""Tests for tradebalance.sources.fred: both FRED CSV layouts, merging the daily files, live reads."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tradebalance.errors import ParseError, RefreshError
from tradebalance.sources import fred

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"
FX = SHARED / "fx"
OLD_DAILY = FX / "DEXJPUS_1971-01-04_to_2023-09-15.csv"
NEW_DAILY = FX / "DEXJPUS_2015-07-13_to_2025-07-11.csv"
MONTHLY = FX / "EXJPUS.csv"
needs_shared = pytest.mark.skipif(not FX.is_dir(), reason=f"reference copies not present at {FX}")

# 2017-01-02 was a U.S. holiday (New Year observed): no noon rate, written '.' (old) or '' (new).
OLD = "DATE,DEXJPUS\n2017-01-02,.\n2017-01-03,117.68\n2017-01-04,117.28\n2017-01-05,115.47\n"
NEW = "observation_date,DEXJPUS\n2017-01-02,\n2017-01-03,117.68\n2017-01-04,117.28\n2017-01-05,115.47\n"


def write(tmp_path: Path, text: str, name: str = "series.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


# --- parse: both layouts -------------------------------------------------------------------------


@pytest.mark.parametrize("text", [OLD, NEW], ids=["old-DATE-dot", "new-observation_date-empty"])
def test_parse_both_layouts(tmp_path: Path, text: str) -> None:
    frame = fred.parse(write(tmp_path, text))
    assert list(frame.columns) == ["date", "series", "value"]
    assert frame["date"].dtype == "datetime64[ns]"
    assert frame["series"].dtype == "string"
    assert frame["value"].dtype == "float64"
    assert frame["date"].dt.strftime("%Y-%m-%d").tolist() == ["2017-01-03", "2017-01-04", "2017-01-05"]
    assert frame["value"].tolist() == [117.68, 117.28, 115.47]
    assert set(frame["series"]) == {"DEXJPUS"}
    assert frame.attrs["missing"] == 1
    assert frame.attrs["missing_dates"] == ["2017-01-02"]
    assert (frame.attrs["first"], frame.attrs["last"]) == ("2017-01-02", "2017-01-05")
    assert frame.attrs["series"] == "DEXJPUS"


def test_parse_accepts_bom_blank_lines_and_unordered_rows(tmp_path: Path) -> None:
    text = "\ufeffobservation_date,EXJPUS\n2017-02-01,112.9\n\n2017-01-01,114.7\n"
    frame = fred.parse(write(tmp_path, text))
    assert frame["value"].tolist() == [114.7, 112.9]  # sorted by date
    assert frame.attrs["missing"] == 0


def test_parse_only_missing_values_gives_empty_frame(tmp_path: Path) -> None:
    frame = fred.parse(write(tmp_path, "DATE,DEXJPUS\n2017-12-25,.\n"))
    assert frame.empty and frame.attrs["missing"] == 1


@pytest.mark.parametrize(
    ("text", "row", "words"),
    [
        ("DATE,DEXJPUS\n2017-01-03,abc\n", 2, "expected a number"),
        ("DATE,DEXJPUS\n2017-01-03,nan\n", 2, "positive exchange rate"),
        ("DATE,DEXJPUS\n2017-01-03,-117.68\n", 2, "positive exchange rate"),
        ("DATE,DEXJPUS\n2017-01-03,0\n", 2, "positive exchange rate"),
        ("DATE,DEXJPUS\n2017-01-03,117.68\n2017-02-30,117.0\n", 3, "expected a date like 2017-01-03"),
        ("DATE,DEXJPUS\n01/03/2017,117.68\n", 2, "expected a date"),
        ("DATE,DEXJPUS\n2017-01-03,117.68\n2017-01-03,117.68\n", 3, "listed twice (first in row 2)"),
        ("DATE,DEXJPUS\n2017-01-03,117.68,x\n", 2, "expected 2 fields"),
        ("date,value\n2017-01-03,117.68\n", 1, "unknown header"),
        ("DATE,dexjpus\n2017-01-03,117.68\n", 1, "unknown header"),
        ("observation_date,DEXJPUS,EXJPUS\n2017-01-03,1,2\n", 1, "unknown header"),
    ],
)
def test_parse_rejects_garbage_naming_file_and_row(tmp_path: Path, text: str, row: int, words: str) -> None:
    path = write(tmp_path, text, "bad.csv")
    with pytest.raises(ParseError) as info:
        fred.parse(path)
    assert info.value.path == str(path)
    assert info.value.row == row
    assert words in str(info.value)
    assert str(path) in str(info.value)


@pytest.mark.parametrize("raw", [b"", b"DATE,DEXJPUS\n", b"\xff\xfe\x00D"], ids=["empty", "header-only", "not-utf8"])
def test_parse_rejects_empty_or_binary(tmp_path: Path, raw: bytes) -> None:
    path = tmp_path / "x.csv"
    path.write_bytes(raw)
    with pytest.raises(ParseError, match="x.csv"):
        fred.parse(path)


def test_parse_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ParseError, match="cannot read file"):
        fred.parse(tmp_path / "absent.csv")


@settings(max_examples=50, deadline=None)
@given(
    values=st.lists(
        st.one_of(st.none(), st.decimals(min_value="0.01", max_value="999.99", places=2)), min_size=1, max_size=30
    ),
    layout=st.sampled_from(["old", "new"]),
)
def test_parse_round_trips_any_positive_rates(values: list, layout: str) -> None:
    header, blank = ("DATE", ".") if layout == "old" else ("observation_date", "")
    start = dt.date(2017, 1, 2)
    lines = [f"{header},DEXJPUS"]
    for i, v in enumerate(values):
        lines.append(f"{start + dt.timedelta(days=i)},{blank if v is None else v}")
    frame = fred.parse_bytes("\n".join(lines).encode(), "generated.csv")
    assert frame["value"].tolist() == [float(v) for v in values if v is not None]
    assert frame.attrs["missing"] == sum(v is None for v in values)


# --- merge_daily -----------------------------------------------------------------------------------


def test_merge_daily_combines_agreeing_downloads(tmp_path: Path) -> None:
    early = fred.parse(write(tmp_path, OLD, "early.csv"))
    late = fred.parse(
        write(
            tmp_path, "observation_date,DEXJPUS\n2017-01-04,117.28\n2017-01-05,115.47\n2017-01-06,116.0\n", "late.csv"
        )
    )
    merged = fred.merge_daily([early, late])
    assert merged["value"].tolist() == [117.68, 117.28, 115.47, 116.0]
    assert merged.attrs["overlap_days"] == 2  # 2017-01-04 and 2017-01-05
    assert merged.attrs["missing_dates"] == ["2017-01-02"]
    assert (merged.attrs["first"], merged.attrs["last"]) == ("2017-01-02", "2017-01-06")
    assert "early.csv" in merged.attrs["source"] and "late.csv" in merged.attrs["source"]


@pytest.mark.parametrize(
    "late_text",
    [
        "observation_date,DEXJPUS\n2017-01-03,117.69\n2017-01-04,117.28\n",  # different value
        "observation_date,DEXJPUS\n2017-01-02,117.00\n2017-01-03,117.68\n",  # value where the other has none
        "observation_date,DEXJPUS\n2017-01-03,117.68\n2017-01-05,115.47\n",  # 2017-01-04 not listed
    ],
    ids=["value", "holiday", "gap"],
)
def test_merge_daily_rejects_disagreement_naming_both_files(tmp_path: Path, late_text: str) -> None:
    early = fred.parse(write(tmp_path, OLD, "early.csv"))
    late = fred.parse(write(tmp_path, late_text, "late.csv"))
    with pytest.raises(ParseError) as info:
        fred.merge_daily([early, late])
    message = str(info.value)
    assert "early.csv" in message and "late.csv" in message and "disagrees" in message


def test_merge_daily_rejects_different_series(tmp_path: Path) -> None:
    daily = fred.parse(write(tmp_path, OLD, "d.csv"))
    monthly = fred.parse(write(tmp_path, "observation_date,EXJPUS\n2017-01-01,114.7\n", "m.csv"))
    with pytest.raises(ParseError, match="EXJPUS from .*m.csv"):
        fred.merge_daily([daily, monthly])


def test_merge_daily_needs_parsed_frames() -> None:
    with pytest.raises(ValueError):
        fred.merge_daily([])
    with pytest.raises(ValueError, match="attrs"):
        fred.merge_daily([pd.DataFrame({"date": [], "series": [], "value": []})])


# --- the reference copies --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def daily() -> pd.DataFrame:
    if not FX.is_dir():
        pytest.skip(f"reference copies not present at {FX}")
    return fred.merge_daily([fred.parse(OLD_DAILY), fred.parse(NEW_DAILY)])


def year(frame: pd.DataFrame, y: int) -> pd.Series:
    return frame.loc[frame["date"].dt.year == y, "value"]


@needs_shared
def test_real_files_layouts_and_holidays() -> None:
    old, new, monthly = fred.parse(OLD_DAILY), fred.parse(NEW_DAILY), fred.parse(MONTHLY)
    assert (old.attrs["first"], old.attrs["last"]) == ("1971-01-04", "2023-09-15")
    assert (new.attrs["first"], new.attrs["last"]) == ("2015-07-13", "2025-07-11")
    assert (monthly.attrs["first"], monthly.attrs["last"]) == ("1971-01-01", "2025-04-01")
    # every listed date is either an observation or a holiday
    assert len(old) + old.attrs["missing"] == 13750  # 13,751 lines minus the header
    assert len(new) + new.attrs["missing"] == 2610
    assert monthly.attrs["missing"] == 0 and len(monthly) == 652


@needs_shared
def test_real_daily_files_agree_on_all_2135_overlapping_days(daily: pd.DataFrame) -> None:
    assert daily.attrs["overlap_days"] == 2135  # README: the two daily files agree on all 2,135 overlapping days
    assert (daily.attrs["first"], daily.attrs["last"]) == ("1971-01-04", "2025-07-11")


@needs_shared
def test_aexjpus_2017_is_the_mean_of_daily_values(daily: pd.DataFrame) -> None:
    v = year(daily, 2017)
    assert len(v) == 249
    assert v.sum() == pytest.approx(27912.54, abs=1e-9)
    # 27,912.54 / 249 = 112.098554… -> 112.0986 (FRED's AEXJPUS for 2017)
    assert round(27912.54 / 249, 4) == 112.0986
    assert round(v.mean(), 4) == 112.0986


@needs_shared
def test_mean_of_2017_monthly_values_differs_from_aexjpus() -> None:
    monthly = fred.parse(MONTHLY)
    v = year(monthly, 2017)
    assert len(v) == 12
    assert v.sum() == pytest.approx(1345.6432, abs=1e-9)
    # 1,345.6432 / 12 = 112.136933… -> 112.1369, not 112.0986: AEXJPUS is not the mean of EXJPUS
    assert round(1345.6432 / 12, 4) == 112.1369
    assert round(v.mean(), 4) == 112.1369


@needs_shared
@pytest.mark.parametrize(
    ("y", "n", "total", "mean"),
    [
        (2016, 251, 27272.89, 108.6569),  # 27,272.89 / 251 = 108.656932…
        (2018, 249, 27488.95, 110.3974),  # 27,488.95 / 249 = 110.397389…
    ],
)
def test_daily_means_2016_2018(daily: pd.DataFrame, y: int, n: int, total: float, mean: float) -> None:
    v = year(daily, y)
    assert len(v) == n
    assert v.sum() == pytest.approx(total, abs=1e-9)
    assert round(total / n, 4) == mean
    assert round(v.mean(), 4) == mean


# --- fetch through pandas-datareader ---------------------------------------------------------------


@pytest.fixture
def fred_server(httpserver, monkeypatch):
    monkeypatch.setenv(fred.ENV_URL, httpserver.url_for("/graph/fredgraph.csv"))
    return httpserver


@pytest.mark.parametrize("text", [OLD, NEW], ids=["old", "new"])
def test_fetch_reads_local_server_like_parse(fred_server, tmp_path: Path, text: str) -> None:
    fred_server.expect_request("/graph/fredgraph.csv", query_string={"id": "DEXJPUS"}).respond_with_data(
        text, content_type="text/csv"
    )
    frame = fred.fetch("DEXJPUS", "2017-01-01", "2017-01-04", retry_count=0, pause=0)
    assert list(frame.columns) == ["date", "series", "value"]
    assert frame["date"].dt.strftime("%Y-%m-%d").tolist() == ["2017-01-03", "2017-01-04"]  # 01-05 after end
    assert frame["value"].tolist() == [117.68, 117.28]
    assert frame.attrs["missing"] == 1 and frame.attrs["missing_dates"] == ["2017-01-02"]
    assert frame.attrs["source"] == fred_server.url_for("/graph/fredgraph.csv") + "?id=DEXJPUS"
    parsed = fred.parse(write(tmp_path, text))
    pd.testing.assert_frame_equal(frame, parsed.iloc[:2], check_like=False)


def test_fetch_uses_given_session(fred_server) -> None:
    import requests

    fred_server.expect_request("/graph/fredgraph.csv").respond_with_data(NEW, content_type="text/csv")
    session = requests.Session()
    calls = []
    session.hooks["response"].append(lambda r, *a, **k: calls.append(r.url))
    fred.fetch("DEXJPUS", "2017-01-01", "2017-12-31", session=session, retry_count=0, pause=0)
    assert calls and calls[0].startswith(fred_server.url_for("/graph/fredgraph.csv"))


def test_fetch_http_error_is_refresh_error(fred_server) -> None:
    fred_server.expect_request("/graph/fredgraph.csv").respond_with_data("down", status=503)
    with pytest.raises(RefreshError, match="download failed"):
        fred.fetch("DEXJPUS", "2017-01-01", "2017-12-31", retry_count=1, pause=0)
    assert len(fred_server.log) == 2  # datareader retried once


@pytest.mark.parametrize(
    ("body", "words"),
    [
        ("observation_date,DEXJPUS\n2017-01-03,abc\n", "expected a number"),
        ("<html><body>Series not found</body></html>\n", "unknown header"),
        ("observation_date,EXJPUS\n2017-01-01,114.7\n", "expected series DEXJPUS"),
    ],
)
def test_fetch_rejects_garbage(fred_server, body: str, words: str) -> None:
    fred_server.expect_request("/graph/fredgraph.csv").respond_with_data(body, content_type="text/csv")
    with pytest.raises(ParseError, match=words) as info:
        fred.fetch("DEXJPUS", "2017-01-01", "2017-12-31", retry_count=0, pause=0)
    assert "fredgraph.csv" in info.value.path


def test_fetch_rejects_bad_series_id() -> None:
    with pytest.raises(ValueError):
        fred.fetch("dexjpus; drop", "2017-01-01", "2017-12-31")


@pytest.mark.network
def test_fetch_live_fred_2017_daily_mean(monkeypatch) -> None:
    """Live: FRED's DEXJPUS for 2017 gives AEXJPUS 112.0986 (249 observations)."""
    monkeypatch.delenv(fred.ENV_URL, raising=False)
    frame = fred.fetch("DEXJPUS", "2017-01-01", "2017-12-31")
    assert len(frame) == 249
    assert round(frame["value"].mean(), 4) == 112.0986

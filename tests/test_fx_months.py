"""Monthly rates to the last month: EXJPUS, then the means of the daily rates (FRED's method), labelled derived."""

from __future__ import annotations

import pandas as pd
import pytest

import tradebalance as tb
from tradebalance import fx
from tradebalance.errors import DataNotFoundError


def daily_rates() -> pd.DataFrame:
    frame = tb.load("fx")
    daily = frame[frame["series"] == "DEXJPUS"]
    # The two daily files overlap and agree there: one value per day.
    return daily.sort_values(["date", "source"]).drop_duplicates("date", keep="last")


def test_monthly_means_are_rounded_means_of_the_days():
    days = pd.DataFrame(
        {
            "date": pd.to_datetime(["2025-05-01", "2025-05-02", "2025-05-05", "2025-06-02"]),
            "value": [144.0, 145.0, 146.00004, 143.5],
        }
    )
    means = fx.monthly_means(days)
    assert means["month"].astype(str).tolist() == ["2025-05", "2025-06"]
    assert means["value"].tolist() == [145.0, 143.5]  # (144 + 145 + 146.00004) / 3 = 145.0000133 → 145.0
    assert means["days"].tolist() == [3, 1]


def test_fred_makes_exjpus_the_same_way():
    """Every month both files cover: EXJPUS is the mean of the month's daily rates to 4 decimals."""
    frame = tb.load("fx")
    monthly = frame[frame["series"] == "EXJPUS"]
    published = monthly.set_index(monthly["date"].dt.to_period("M"))["value"]
    means = fx.monthly_means(daily_rates()).set_index("month")["value"]
    shared = published.index.intersection(means.index)
    assert len(shared) > 600
    assert (published[shared] == means[shared]).all()


def test_monthly_rates_run_to_the_last_month_of_the_daily_rates():
    table = fx.rates("M").set_index("period")
    assert table.index[-1] == "2025-07"  # the daily rates end on 2025-07-11; EXJPUS on 2025-04
    derived = table[table["method"] == fx.DERIVED]
    assert derived.index.tolist() == ["2025-05", "2025-06", "2025-07"]
    may = daily_rates().query("'2025-05-01' <= date <= '2025-05-31'")["value"]
    assert derived.loc["2025-05", "jpy_per_usd"] == round(may.mean(), 4) == 144.8762
    assert derived.loc["2025-05", "observations"] == len(may) == 21
    assert derived["complete"].tolist() == [True, True, False]  # July: eleven days only
    assert table.loc["2025-04", "method"] == fx.METHOD["M"] and table.loc["2025-04", "jpy_per_usd"] == 144.1286
    labelled = [p for p in fx.rates("M").attrs["provenance"] if "derived" in p]
    assert [p["resource"] for p in labelled] == ["fred-dexjpus-2015"]
    assert "EXJPUS for 2025-05 to 2025-07" in labelled[0]["derived"]


def test_the_whole_mof_frame_converts_at_monthly_rates(mof_usa):
    converted = fx.convert(mof_usa, to="USD", rate="monthly")
    conversion = converted.attrs["conversion"]
    last = str(mof_usa["period"].max())
    assert last == "2025-06" and set(converted["currency"]) == {"USD"}
    assert conversion["derived_periods"] == ["2025-05", "2025-06"] and conversion["dropped_periods"] == []
    assert conversion["rates"][last] == 144.4835
    rows = (mof_usa["period"].astype(str) == last).to_numpy()
    assert converted.loc[rows, "value"].sum() == pytest.approx(mof_usa.loc[rows, "value"].sum() / 144.4835)
    assert any("derived" in p for p in converted.attrs["provenance"])


def test_a_conversion_without_derived_months_carries_no_derived_provenance(mof_usa):
    older = fx.convert(mof_usa[mof_usa["period"].astype(str) < "2025-01"], to="USD", rate="monthly")
    assert older.attrs["conversion"]["derived_periods"] == []
    assert not any("derived" in p for p in older.attrs["provenance"])


def later_months(mof_usa: pd.DataFrame) -> pd.DataFrame:
    """MOF's June 2025 rows, and copies of them dated September and October 2025 (after the daily rates)."""
    june = mof_usa[mof_usa["period"].astype(str) == "2025-06"]
    moved = [june.assign(period=pd.Period(month, "M")) for month in ("2025-09", "2025-10")]
    frame = pd.concat([june, *moved], ignore_index=True)
    frame.attrs = mof_usa.attrs
    return frame


def test_months_no_rate_covers_are_named_with_how_to_convert_the_rest(mof_usa):
    frame = later_months(mof_usa)
    with pytest.raises(
        DataNotFoundError, match=r"no monthly JPY/USD rate for 2025-09 to 2025-10; .* to 2025-07 .*missing='drop'"
    ):
        fx.convert(frame, to="USD", rate="monthly")
    kept = fx.convert(frame, to="USD", rate="monthly", missing="drop")
    assert kept["period"].astype(str).unique().tolist() == ["2025-06"]
    assert kept.attrs["conversion"]["dropped_periods"] == ["2025-09", "2025-10"]
    with pytest.raises(ValueError, match="missing one of"):
        fx.convert(frame, to="USD", rate="monthly", missing="skip")


def test_the_fx_command_marks_derived_months(capsys):
    from tradebalance.cli import main

    assert main(["fx", "--freq", "M"]) == 0
    lines = capsys.readouterr().out.splitlines()
    may = next(line for line in lines if line.strip().startswith("2025-05"))
    april = next(line for line in lines if line.strip().startswith("2025-04"))
    assert "144.8762" in may and "derived" in may and "derived" not in april

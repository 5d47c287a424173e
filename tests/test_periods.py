"""The rules about periods kept in tradebalance.periods: the years a label covers and the agencies' revision calendar."""

from __future__ import annotations

import datetime as dt

import pytest

from tradebalance import periods
from tradebalance.errors import DataNotFoundError
from tradebalance.store import catalog, refresh


@pytest.mark.parametrize(
    ("label", "years", "start"),
    [
        ("2017", (2017, 2017), 2017.0),
        ("2017-03", (2017, 2017), 2017 + 2 / 12),
        ("2017Q3", (2017, 2017), 2017.5),
        ("FY2017", (2017, 2018), 2017.25),  # April 2017 – March 2018
        ("FY2017H2", (2017, 2018), 2017.75),  # October 2017 – March 2018
        ("USFY2017", (2016, 2017), 2016.75),  # October 2016 – September 2017
    ],
)
def test_the_calendar_years_and_the_start_of_a_label(label, years, start):
    assert periods.calendar_years(label) == years
    assert periods.start_of(label) == pytest.approx(start)


def test_months_after_count_from_the_end_of_the_period():
    assert periods.months_after(2017, "2018-06-18") == 5  # 2017 ends with December: January 2018 is month 0
    assert periods.months_after("FY2017", "2018-06") == 2  # FY2017 ends with March 2018
    assert periods.months_after("2017-03", "2017") == -3  # a year alone is its January
    with pytest.raises(DataNotFoundError, match="'soon' is not an ISO date"):
        periods.months_after(2017, "soon")


@pytest.mark.parametrize(
    ("date", "census", "mof"),
    [
        ("2026-01-05", 2025, 2025),
        ("2026-03-31", 2025, 2025),  # MOF's revised figures of 2025 come out in March
        ("2026-04-01", 2025, 2026),
        ("2026-06-30", 2025, 2026),  # Census revises 2025 in June, with the April statistics
        ("2026-07-01", 2026, 2026),
        ("2026-12", 2026, 2026),
    ],
)
def test_the_first_year_still_preliminary_follows_each_agencys_calendar(date, census, mof):
    assert periods.preliminary_from(date, "census") == census
    assert periods.preliminary_from(date, "mof") == mof
    assert periods.preliminary_from(date, "bea") == census  # BEA's annual update is in June too


def test_a_year_is_preliminary_until_the_june_revision_after_it():
    assert periods.preliminary(2017, "2018-06-30", "census") and not periods.preliminary(2017, "2018-07-01", "census")
    assert periods.preliminary("2017-03", "2017-09", "census")  # six months after the month ends
    assert not periods.preliminary("2017-03", "2017-10", "census")


def test_the_build_and_the_refresh_read_the_same_calendar():
    # the embedded Census downloads: the download year, and the year before when downloaded before July
    vintages = {s.retrieved: s.not_final_from for s in catalog.FILES if s.dataset.startswith("census@")}
    assert vintages["2020-01-07"] == 2019 and vintages["2024-11-01"] == 2024
    assert next(s for s in catalog.FILES if s.resource == "bea-annual").provisional_from == 2024  # March 2025
    for month, census, mof in ((3, 2025, 2025), (4, 2025, 2026), (7, 2026, 2026)):
        now = dt.datetime(2026, month, 15, 12, tzinfo=dt.UTC)
        first = {s: {t.spec.not_final_from for t in refresh._targets(s, now)} for s in ("census", "mof")}
        assert first == {"census": {census}, "mof": {mof}}, month

"""Periods people use: fiscal halves, the U.S. federal fiscal year, ranges of years; no Japanese fiscal years of U.S. statistics."""

from __future__ import annotations

import pytest

import tradebalance as tb
from tradebalance import claims, periods


@pytest.mark.parametrize(
    ("label", "first", "last", "before"),
    [
        ("FY2017H1", "2017-04", "2017-09", "FY2016H2"),  # Japan's fiscal half: April–September
        ("FY2017H2", "2017-10", "2018-03", "FY2017H1"),
        ("USFY2017", "2016-10", "2017-09", "USFY2016"),  # the U.S. federal year ends in September
        ("FY2017", "2017-04", "2018-03", "FY2016"),
        ("2017Q1", "2017-01", "2017-03", "2016Q4"),
    ],
)
def test_period_labels(label, first, last, before):
    assert periods.span(label, "M") == (first, last)
    assert periods.previous(label) == before


def test_a_range_of_years():
    assert periods.years("1999-2024") == (1999, 2024) and periods.years("1999 to 2024") == (1999, 2024)
    assert periods.years("2017-03") is None  # a month, not a range
    with pytest.raises(tb.errors.DataNotFoundError, match="from an earlier year to a later one"):
        periods.years("2024-1999")


def write(tmp_path, params, test, metric="balance"):
    path = tmp_path / "claims.toml"
    path.write_text(
        f'[[claim]]\nid = "x"\nquote = "q"\nattribution = {{ date = "2025-01-23" }}\nmetric = "{metric}"\n'
        f"parameters = {{ {params} }}\ntest = {test}\n",
        encoding="utf-8",
    )
    return claims.check(claims.load_claims(path)[0])


def test_kyodos_fiscal_half_with_its_three_figures(tmp_path):
    # Kyodo, 2017-10-19: "Japan ran a trade surplus of ¥3.38 trillion with the U.S. as exports rose 10.6 percent
    # to ¥7.42 trillion" — April–September 2017 (FY2017H1) on MOF's figures: exports 7,420,853,108,000 −
    # imports 4,040,391,386,000 = 3,380,461,722,000 yen.
    verdict = write(
        tmp_path,
        'reporter = "JPN", partner = "USA", period = "FY2017H1", currency = "JPY"',
        '{ kind = "approx", value = 3.38e12, said = "¥3.38 trillion" }',
    )
    assert verdict.framing.value == 3_380_461_722_000 and verdict.rating == "true"
    change = write(
        tmp_path,
        'reporter = "JPN", partner = "USA", period = "FY2017H1", flow = "exports", currency = "JPY"',
        '{ kind = "approx", value = 0.106, said = "10.6 percent" }',
        metric="change",
    )
    assert change.framing.parameters["period"] == "FY2017H1" and "FY2016H1" in change.framing.detail
    assert change.rating == "true"  # +10.59 %: the same half a year earlier


def test_the_federal_fiscal_year_and_no_japanese_fiscal_year_of_us_statistics(tmp_path):
    # U.S. deficit with Japan, October 2016 – September 2017 (Census): 69,410,221,298 dollars.
    census = tb.balance(tb.load("census", partner="JPN"), "M").set_index("period")["balance"]
    federal = write(
        tmp_path,
        'reporter = "USA", partner = "JPN", period = 2017, calendar = "federal", currency = "USD"',
        '{ kind = "approx", value = -69.4e9, said = "$69.4 billion" }',
    )
    assert federal.framing.value == pytest.approx(census.loc["2016-10":"2017-09"].sum())
    assert federal.rating == "true" and "federal fiscal 2017" in federal.answer
    plain = write(tmp_path, 'reporter = "USA", partner = "JPN", period = 2017', '{ kind = "context" }')
    calendars = {r.parameters.get("calendar") for r in plain.readings if r.parameters["source"] == "census"}
    assert calendars == {"calendar"}  # "2017" of U.S. statistics is never read as Japan's April–March year
    japan = write(
        tmp_path, 'reporter = "JPN", partner = "USA", period = 2017, currency = "JPY"', '{ kind = "context" }'
    )
    assert {r.parameters.get("calendar") for r in japan.readings if r.parameters["source"] == "mof"} == {
        "calendar",
        "fiscal",
    }


def test_an_average_over_a_range_of_years(tmp_path):
    # Japan's surplus with the U.S., 2017–2020 (MOF): 7.023 + 6.455 + 6.614 + 5.157 = 25.250 ¥ trillion, a mean
    # of 6.313; "an average of ¥6.7 trillion" (Bloomberg, 2025-01-23) misses it by (6.65 − 6.313) ÷ 6.313 = 5.3 %.
    yearly = tb.balance(tb.load("mof", partner="USA"), "Y").set_index("period")["balance"]
    verdict = write(
        tmp_path,
        'reporter = "JPN", partner = "USA", period = "2017-2020", aggregate = "mean", currency = "JPY"',
        '{ kind = "approx", value = 6.7e12, said = "¥6.7 trillion" }',
    )
    assert verdict.framing.value == pytest.approx(yearly.loc["2017":"2020"].mean())
    assert "mean of 4 years 2017–2020" in verdict.framing.detail
    assert (verdict.verdict, verdict.rating) == ("not supported", "half true")
    total = write(
        tmp_path,
        'reporter = "JPN", partner = "USA", period = "2017-2020", currency = "JPY"',
        '{ kind = "approx", value = 25.25e12, said = "¥25.25 trillion" }',
    )
    assert total.framing.value == pytest.approx(yearly.loc["2017":"2020"].sum()) and total.rating == "true"

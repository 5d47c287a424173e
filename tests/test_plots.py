"""Charts: the plotted data (not the pixels) match the inputs; labels, units and sources are there."""

from __future__ import annotations

import itertools
import math
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from matplotlib.figure import Figure

import tradebalance as tb
from tradebalance import formatting, plots
from tradebalance.claims import (
    AboveTest,
    ApproxTest,
    BetweenTest,
    Claim,
    ContextTest,
    RankTest,
    Reading,
    RecordTest,
    TopTest,
    VagueTest,
    Verdict,
    seed_claims_path,
)
from tradebalance.plots import layout

MOF_PROV = [
    {
        "agency": "Japan Ministry of Finance (Customs)",
        "file": "d52ma001.csv",
        "retrieved": "2025-08-03",
        "dataset": "mof",
    },
    {
        "agency": "Japan Ministry of Finance (Customs)",
        "file": "d62ma001.csv",
        "retrieved": "2025-08-03",
        "dataset": "mof",
    },
]
CENSUS_PROV = [{"agency": "U.S. Census Bureau", "file": "country.xlsx", "retrieved": "2026-04", "dataset": "census"}]
FX_PROV = [
    {"agency": "Federal Reserve (H.10), via FRED", "file": "DEXJPUS.csv", "retrieved": "not recorded", "dataset": "fx"}
]


def frame(data: dict, **attrs) -> pd.DataFrame:
    out = pd.DataFrame(data)
    out.attrs = attrs
    return out


def source_text(fig: Figure) -> str:
    return next(t.get_text() for t in fig.texts if t.get_gid() == "source")


def notes_text(fig: Figure) -> str:
    return next(t.get_text() for t in fig.texts if t.get_gid() == "notes")


def all_by_gid(fig: Figure, gid: str) -> list:
    found = [a for a in fig.findobj() if a.get_gid() == gid]
    assert found, f"no artist with gid {gid!r}"
    return found


def by_gid(fig: Figure, gid: str):
    return all_by_gid(fig, gid)[0]


def save_quietly(fig: Figure, path: Path) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        fig.savefig(path, dpi=60)
    assert path.stat().st_size > 5000


def overlaps(texts) -> list[tuple[str, str]]:
    boxes = [(t.get_text(), t.get_window_extent()) for t in texts]
    return [(a, b) for (a, ba), (b, bb) in itertools.combinations(boxes, 2) if ba.overlaps(bb)]


# ------------------------------------------------------------------------------------------ helpers


def test_money_scale_picks_the_unit_by_currency_and_writes_values():
    yen = layout._money_scale("JPY", [7.023e12])
    assert (yen.divisor, yen.unit) == (1e12, "¥ trillion")
    assert yen.fmt(7.023e12) == "¥7.02 trillion" and yen.fmt(-7.023e12) == "−¥7.02 trillion"
    usd = layout._money_scale("USD", [68.8e9, 5e9])
    assert (usd.divisor, usd.unit, usd.fmt(68.8e9)) == (1e9, "$ billion", "$68.8 billion")
    assert layout._money_scale("JPY", [3e9]).unit == "¥ billion"  # tiny in trillions: one step down
    share = layout._metric_scale("sector_share")
    assert (share.unit, share.fmt(0.766), share.fmt(0.0566, signed=True)) == ("% of the balance", "76.6%", "+5.7%")
    assert layout._metric_scale("rank").fmt(3.0) == "3"


def test_source_text_groups_files_by_agency_and_says_when_dates_are_missing():
    text = formatting.source_summary(layout._provenance(MOF_PROV, MOF_PROV, CENSUS_PROV, FX_PROV))
    assert text.startswith(
        "Source: Japan Ministry of Finance (Customs): d52ma001.csv, d62ma001.csv, retrieved 2025-08-03;"
    )
    assert "U.S. Census Bureau: country.xlsx, retrieved 2026-04" in text
    assert "DEXJPUS.csv, retrieval date not recorded" in text
    assert text.count("d52ma001.csv") == 1
    assert "not recorded in the input" in formatting.source_summary([])


# -------------------------------------------------------------------------------- balance over time


@pytest.fixture(scope="module")
def mof_usa() -> pd.DataFrame:
    return tb.load("mof", partner="USA")


def test_balance_over_time_real_mof_series(mof_usa, tmp_path):
    table = tb.balance(mof_usa, "Y")
    fig = plots.balance_over_time([table])
    ax = fig.axes[0]
    line = by_gid(fig, "series-0")
    assert list(line.get_xdata()) == [float(p) for p in table["period"]]
    expected = np.where(table["complete"], table["balance"] / 1e12, np.nan)
    np.testing.assert_allclose(line.get_ydata(), expected)  # 2025 (six months) is not on the solid line
    hollow = by_gid(fig, "incomplete-0")
    assert list(hollow.get_xdata()) == [2025.0] and hollow.get_markerfacecolor() == "white"
    np.testing.assert_allclose(hollow.get_ydata(), table.loc[~table["complete"], "balance"] / 1e12)
    assert ax.get_ylabel() == "Balance (¥ trillion)"
    assert "Year" in ax.get_xlabel()
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend[0] == "JPN's balance with USA (MOF)" and "2025 (6 of 12 months)" in legend[1]
    assert "d52ma001.csv" in source_text(fig) and "d62ma001.csv" in source_text(fig)
    assert fig.get_suptitle() == "Trade balance, 1988–2025 (JPY)"
    save_quietly(fig, tmp_path / "balance.png")


def test_balance_over_time_several_tables_labels_and_events_that_do_not_overlap(tmp_path):
    years = [str(y) for y in range(1985, 2026)]
    n = len(years)
    japan = frame(
        {
            "period": years,
            "balance": np.linspace(40e9, 60e9, n),
            "currency": "USD",
            "complete": [True] * (n - 1) + [False],
            "months": [12] * (n - 1) + [6],
        },
        provenance=MOF_PROV + FX_PROV,
    )
    us = frame(
        {"period": years, "balance": np.linspace(45e9, 70e9, n), "currency": "USD", "complete": True},
        provenance=CENSUS_PROV,
    )
    events = {
        "1985": "Plaza Accord",
        "2009": "Global financial crisis",
        "2018": "U.S. tariff threats",
        "2019": "U.S.–Japan Trade Agreement",
        "2025": "U.S. auto tariffs",
    }
    fig = plots.balance_over_time(
        [japan, us], labels=["Japan's surplus (MOF)", "U.S. deficit (Census)"], events=events, title="Two views"
    )
    ax = fig.axes[0]
    np.testing.assert_allclose(by_gid(fig, "series-1").get_ydata(), us["balance"] / 1e9)
    assert ax.get_ylabel() == "Balance ($ billion)"
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend[:2] == ["Japan's surplus (MOF)", "U.S. deficit (Census)"]
    # Series differ by line style and marker, not only colour.
    one, two = by_gid(fig, "series-0"), by_gid(fig, "series-1")
    assert (one.get_linestyle(), one.get_marker()) != (two.get_linestyle(), two.get_marker())
    assert [by_gid(fig, f"event-{k}").get_xdata()[0] for k in events] == [float(k) for k in events]
    fig.draw_without_rendering()
    labels = [by_gid(fig, f"event-label-{k}") for k in events]
    assert [t.get_text() for t in labels] == list(events.values())
    assert overlaps(labels) == []
    axes_box = ax.get_window_extent()
    assert all(axes_box.x0 <= t.get_window_extent().x0 and t.get_window_extent().x1 <= axes_box.x1 for t in labels)
    # The data stay below the event labels.
    lowest_label = min(t.get_window_extent().y0 for t in labels)
    top_of_data = ax.transData.transform((2025, us["balance"].max() / 1e9))[1]
    assert top_of_data < lowest_label
    assert "country.xlsx" in source_text(fig) and "d52ma001.csv" in source_text(fig)
    save_quietly(fig, tmp_path / "two.png")


def test_balance_over_time_refuses_mixed_currencies_and_labels_fiscal_years():
    yen = frame({"period": ["FY2017", "FY2018"], "balance": [7e12, 6.5e12], "currency": "JPY", "complete": True})
    usd = frame({"period": ["2017", "2018"], "balance": [68e9, 67e9], "currency": "USD", "complete": True})
    with pytest.raises(ValueError, match="different currencies"):
        plots.balance_over_time([yen, usd])
    with pytest.raises(ValueError):
        plots.balance_over_time([])
    with pytest.raises(ValueError, match="not a period label"):
        plots.balance_over_time([yen], events={"Plaza": "Plaza Accord"})
    fig = plots.balance_over_time([yen])
    assert list(by_gid(fig, "series-0").get_xdata()) == [2017.25, 2018.25]
    assert fig.axes[0].get_xlabel().startswith("Fiscal year (April–March)")
    assert fig.get_suptitle() == "Trade balance, FY2017–FY2018 (JPY)"
    assert "not recorded in the input" in source_text(fig)


# ------------------------------------------------------------------------------------------ waterfall


def decomposition(nets, labels=None, total=None, currency="JPY", **attrs) -> pd.DataFrame:
    nets = np.asarray(nets, dtype=float)
    total = nets.sum() if total is None else total
    sectors = [f"s{i}" for i in range(len(nets))]
    return frame(
        {
            "sector": sectors,
            "label": labels or [f"Sector {i}" for i in range(len(nets))],
            "net": nets,
            "share_of_balance": nets / total,
        },
        provenance=MOF_PROV,
        currency=currency,
        totals={"balance": float(total)},
        period="2017",
        definition="test-def",
        definition_title="Test sectors",
        reporter="JPN",
        partner="USA",
        **attrs,
    )


def test_waterfall_bars_step_by_the_nets_and_end_in_the_total(tmp_path):
    nets = [-1.3e12, 2.1e12, 5.5e12, 0.7e12]
    table = decomposition(nets)
    fig = plots.waterfall(table)
    ax = fig.axes[0]
    cumulative = np.cumsum(nets) / 1e12
    for i, end in enumerate(cumulative):
        bar = by_gid(fig, f"bar-{i}")
        assert bar.get_x() == pytest.approx(cumulative[i] - nets[i] / 1e12)
        assert bar.get_x() + bar.get_width() == pytest.approx(end)
    total = by_gid(fig, "bar-total")
    assert (total.get_x(), total.get_width()) == (0, pytest.approx(7.0))
    assert by_gid(fig, "bar-0").get_hatch() != by_gid(fig, "bar-1").get_hatch()  # negative vs positive, in B/W
    shares = [by_gid(fig, f"share-{i}").get_text() for i in range(len(nets) + 1)]
    assert shares == ["−18.6%", "+30.0%", "+78.6%", "+10.0%", "100%"]
    ticks = [t.get_text() for t in ax.get_yticklabels()]
    assert ticks == ["Sector 0", "Sector 1", "Sector 2", "Sector 3", "Total balance\n¥7.00 trillion"]
    assert "¥ trillion" in ax.get_xlabel() and "% of the balance" in ax.get_xlabel()
    assert "JPN–USA 2017" in fig.get_suptitle() and "Test sectors" in fig.get_suptitle()
    fig.draw_without_rendering()  # every annotation inside the axes
    box = ax.get_window_extent()
    for i in range(len(nets) + 1):
        text = by_gid(fig, f"share-{i}").get_window_extent()
        assert box.x0 <= text.x0 and text.x1 <= box.x1
    save_quietly(fig, tmp_path / "waterfall.png")


def test_waterfall_total_comes_from_attrs_and_deficits_step_down():
    table = decomposition([10e9, -50e9, -30e9], currency="USD", total=-70e9)
    fig = plots.waterfall(table)
    assert by_gid(fig, "bar-total").get_width() == pytest.approx(-70.0)
    assert by_gid(fig, "bar-2").get_x() + by_gid(fig, "bar-2").get_width() == pytest.approx(-70.0)
    assert "$ billion" in fig.axes[0].get_xlabel()


def test_waterfall_real_mof_sections(mof_usa, tmp_path):
    table = tb.decompose(mof_usa, 2017, "mof-sections")
    fig = plots.waterfall(table)
    assert by_gid(fig, "bar-total").get_width() == pytest.approx(7.023233881)
    last = by_gid(fig, f"bar-{len(table) - 1}")
    assert last.get_x() + last.get_width() == pytest.approx(7.023233881)
    assert [t.get_text() for t in fig.axes[0].get_yticklabels()][:-1] == list(table["label"])
    assert "d62ma001.csv" in source_text(fig)
    save_quietly(fig, tmp_path / "sections.png")


def test_waterfall_japanese_labels_fall_back_to_sector_ids_without_a_cjk_font(monkeypatch, tmp_path):
    table = decomposition([5.4e12, 1.6e12], labels=["自動車", "Everything else"])
    monkeypatch.setattr(layout, "_cjk_font", lambda: None)
    fig = plots.waterfall(table)
    assert [t.get_text() for t in fig.axes[0].get_yticklabels()][:2] == ["s0", "Everything else"]
    assert "no font with Japanese characters" in notes_text(fig)
    save_quietly(fig, tmp_path / "fallback.png")  # no missing-glyph warning
    monkeypatch.setattr(layout, "_cjk_font", lambda: "Noto Sans CJK JP")
    with warnings.catch_warnings():  # the font is pretended: its glyphs are missing when measured
        warnings.simplefilter("ignore")
        fig = plots.waterfall(table)
    tick = fig.axes[0].get_yticklabels()[0]
    assert tick.get_text() == "自動車" and tick.get_fontfamily()[0] == "Noto Sans CJK JP"


# ------------------------------------------------------------------------------------------- readings


def verdict(metric, test, values, *, holds=None, currencies=None, roles=None, params=None, **extra) -> Verdict:
    """A verdict on readings of ``values``; ``extra`` may give ``skipped`` (a count) and ``rating``."""
    claim = Claim(
        id="c1",
        quote="Over 70 percent of the total was from automotive trade.",
        attribution={},
        metric=metric,
        parameters={"currency": "JPY"},
        test=test,
    )
    n = len(values)
    currencies = currencies or ["JPY"] * n
    holds = holds if holds is not None else [test.holds(v) for v in values]
    roles = roles or ["framing"] + ["variant"] * (n - 1)
    params = params or [{"source": "mof", "definition": f"def{i}", "measure": "net"} for i in range(n)]
    units = {"sector_share": "share", "rank": "rank"}
    readings = [
        Reading(
            {**p, "currency": cur},
            v,
            h,
            role == "framing",
            provenance=MOF_PROV,
            counted=role in ("framing", "variant"),
            role=role,
            unit=units.get(metric, cur),
        )
        for v, h, cur, role, p in zip(values, holds, currencies, roles, params, strict=True)
    ]
    readings += [Reading({"source": "census"}, None, None, skipped="no data") for _ in range(extra.get("skipped", 0))]
    return Verdict(claim, readings, "mixed", "", extra.get("rating"))


def main_axes(fig: Figure) -> list:
    return [ax for ax in fig.axes if ax.get_ylabel().startswith("Readings")]


def legend_texts(fig: Figure) -> list[str]:
    return [t.get_text() for t in main_axes(fig)[0].get_legend().get_texts()]


def right_labels(ax) -> list[str]:
    return [t.get_text() for t in ax.child_axes[0].get_yticklabels()]


def test_readings_share_claim_dots_threshold_and_marks(tmp_path):
    v = verdict("sector_share", AboveTest(0.70), [0.766, 0.919, 0.637], skipped=1, rating="half true")
    fig = plots.readings(v)
    ax = fig.axes[0]
    assert [by_gid(fig, f"reading-{i}").get_xdata()[0] for i in range(3)] == pytest.approx([76.6, 91.9, 63.7])
    assert by_gid(fig, "reading-0").get_markerfacecolor() == "black"  # holds: filled
    assert by_gid(fig, "reading-2").get_markerfacecolor() == "white"  # fails: hollow
    assert by_gid(fig, "reading-0").get_markersize() > by_gid(fig, "reading-1").get_markersize()  # framing
    assert by_gid(fig, "test-line").get_xdata()[0] == pytest.approx(70.0)
    labels = ax.get_yticklabels()
    assert [t.get_text() for t in labels] == ["def0\nnet", "def1\nnet", "def2\nnet"]
    assert labels[0].get_fontweight() == "bold" and labels[1].get_fontweight() == "normal"
    assert right_labels(ax) == ["76.6%  holds ✓", "91.9%  holds ✓", "63.7%  fails ✗"]
    assert ax.get_xlabel() == "Value (% of the balance)"
    assert "test: > 70.0%" in legend_texts(fig) and "hollow: fails the test" in legend_texts(fig)
    assert "Not evaluated: 1 × no data" in notes_text(fig)
    assert "The claim's own reading (framing): mof, def0, net, JPY" in notes_text(fig)
    assert fig.get_suptitle().startswith("c1: MIXED · rated HALF TRUE — “Over 70 percent")
    save_quietly(fig, tmp_path / "readings.png")


def test_readings_of_one_definition_share_a_row_with_their_range():
    params = [
        {"source": "mof", "definition": "mof-narrow", "measure": m, "calendar": c}
        for m in ("net", "gross")
        for c in ("calendar", "fiscal")
        for _ in ("JPY", "USD")
    ]
    values = [0.766, 0.7658, 0.7718, 0.7715, 0.787, 0.7871, 0.795, 0.7951]
    currencies = ["JPY", "USD"] * 4
    fig = plots.readings(verdict("sector_share", AboveTest(0.7), values, currencies=currencies, params=params))
    ax = main_axes(fig)[0]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["mof-narrow\nnet/gross, calendar/fiscal"]
    assert right_labels(ax) == ["76.6%  holds ✓\n76.6–79.5%, all 8 hold ✓"]
    bar = by_gid(fig, "range")
    assert list(bar.get_xdata()) == pytest.approx([76.58, 79.51]) and list(bar.get_ydata()) == [0, 0]
    assert len([a for a in fig.findobj() if str(a.get_gid()).startswith("reading-")]) == 8
    assert "range of a row's readings" in legend_texts(fig)


def test_readings_mark_each_role_and_name_it_in_the_legend():
    roles = ["framing", "variant", "bound", "mirror", "sub-group"]
    params = [
        {"source": "mof", "definition": "mof-narrow", "calendar": "calendar"},
        {"source": "mof", "definition": "mof-narrow", "calendar": "fiscal"},
        {"source": "mof", "definition": "mof-broad", "calendar": "calendar"},
        {"source": "census", "definition": "census-enduse-3", "calendar": "calendar"},
        {"source": "mof", "definition": "mof-vehicles", "calendar": "calendar"},
    ]
    v = verdict("sector_share", AboveTest(0.7), [0.766, 0.772, 0.8, 0.77, 0.64], roles=roles, params=params)
    fig = plots.readings(v)
    legend = legend_texts(fig)
    for words in (
        "framing: the claim's own reading",
        "variant",
        "bound (not counted)",
        "mirror: other country's statistics",
        "sub-group (not counted)",
    ):
        assert words in legend
    marks = [(by_gid(fig, f"reading-{i}").get_marker(), by_gid(fig, f"reading-{i}").get_markersize()) for i in range(5)]
    assert len(set(marks)) == 5  # every role looks different
    ax = main_axes(fig)[0]
    assert [t.get_text().split("\n")[0] for t in ax.get_yticklabels()] == [
        "mof-narrow",
        "mof-broad",
        "census-enduse-3",
        "mof-vehicles",
    ]
    assert [by_gid(fig, f"reading-{i}").get_ydata()[0] for i in range(5)] == [0, 0, 1, 2, 3]
    assert "never decide the verdict" in notes_text(fig)


def test_readings_approx_band_between_band_context_rank_and_top():
    fig = plots.readings(verdict("balance", ApproxTest.within(7e12, 0.05), [7.02e12, 7.72e12]))
    band = by_gid(fig, "test-band")
    assert (band.get_x(), band.get_x() + band.get_width()) == (pytest.approx(6.65), pytest.approx(7.35))
    assert "¥ trillion" in fig.axes[0].get_xlabel()
    assert "test: ≈ ¥7.000 trillion ± 5%" in legend_texts(fig)
    fig = plots.readings(verdict("sector_share", BetweenTest(0.6, 0.8), [0.7]))
    band = by_gid(fig, "test-band")
    assert (band.get_x(), band.get_x() + band.get_width()) == (pytest.approx(60.0), pytest.approx(80.0))
    assert not [a for a in fig.findobj() if a.get_gid() == "test-line"]
    fig = plots.readings(verdict("balance", ContextTest(), [-7e12], holds=[None]))
    assert not [a for a in fig.findobj() if a.get_gid() in ("test-line", "test-band")]
    assert right_labels(fig.axes[0]) == ["−¥7.000 trillion  context"]
    assert by_gid(fig, "reading-0").get_markerfacecolor() not in ("black", "white")  # grey: not judged
    assert "grey: not judged (context)" in legend_texts(fig)
    fig = plots.readings(verdict("rank", RankTest(3), [3.0]))
    assert by_gid(fig, "test-line").get_xdata()[0] == 3
    assert right_labels(fig.axes[0]) == ["3  holds ✓"] and "test: rank = 3" in legend_texts(fig)
    assert fig.axes[0].get_xlabel() == "Rank (1 = largest)"
    fig = plots.readings(verdict("rank", TopTest(5), [3.0]))
    assert by_gid(fig, "test-line").get_xdata()[0] == 5 and "test: rank ≤ 5" in legend_texts(fig)


def test_readings_of_a_vague_word_and_a_record_draw_without_error():
    # A deficit "massive" (|value| ≥ $20 billion): a band on the readings' side, open to the axis edge.
    massive = VagueTest("massive", 20e9, math.inf, absolute=True)
    fig = plots.readings(verdict("balance", massive, [-68.8e9, -60.0e9], currencies=["USD", "USD"]))
    band = by_gid(fig, "test-band")
    assert band.get_x() + band.get_width() == pytest.approx(-20.0) and band.get_x() < main_axes(fig)[0].get_xlim()[0]
    assert not [a for a in fig.findobj() if a.get_gid() == "test-line"]
    assert any("“massive”" in t for t in legend_texts(fig))
    fig = plots.readings(verdict("balance", RecordTest("highest"), [7.0e12], holds=[True]))
    assert not [a for a in fig.findobj() if a.get_gid() in ("test-line", "test-band")]


def test_readings_in_two_currencies_get_two_panels_with_the_test_in_the_claims_currency():
    v = verdict(
        "balance",
        ApproxTest.within(7e12, 0.05),
        [62.7e9, 7.02e12],
        currencies=["USD", "JPY"],
        roles=["mirror", "framing"],
    )
    fig = plots.readings(v)
    main = main_axes(fig)
    assert [ax.get_xlabel() for ax in main] == ["Value (¥ trillion)", "Value ($ billion)"]
    assert [ax.get_ylabel() for ax in main] == ["Readings in JPY", "Readings in USD"]
    assert len([a for a in fig.findobj() if a.get_gid() == "test-line"]) == 1
    assert "The test is stated in JPY" in notes_text(fig)


@pytest.fixture(scope="module")
def seed_verdicts() -> dict[str, Verdict]:
    return {c.id: tb.check(c) for c in tb.load_claims(seed_claims_path())}


def test_readings_of_a_real_claim(seed_verdicts, tmp_path):
    v = seed_verdicts["surplus-2017"]
    fig = plots.readings(v)
    framing = next(r for r in v.evaluated if r.role == "framing")
    index = v.evaluated.index(framing)
    assert by_gid(fig, f"reading-{index}").get_xdata()[0] == pytest.approx(framing.value / 1e12)
    assert by_gid(fig, "test-line").get_xdata()[0] == pytest.approx(7.0)
    assert "d52ma001.csv" in source_text(fig)
    save_quietly(fig, tmp_path / "real-readings.png")


def test_readings_of_the_automotive_claim_fit_a_screen(seed_verdicts, tmp_path):
    v = seed_verdicts["auto-share-2017"]
    assert len(v.evaluated) > 20  # before grouping: one row each
    fig = plots.readings(v)
    rows = sum(len(ax.get_yticks()) for ax in main_axes(fig))
    assert rows <= 10
    width, height = fig.get_size_inches()
    assert width <= 6.5 and height <= 7.0
    legend = legend_texts(fig)
    words = {
        "framing": "framing: the claim's own reading",
        "variant": "variant",
        "bound": "bound (not counted)",
        "mirror": "mirror: other country's statistics",
        "sub-group": "sub-group (not counted)",
    }
    assert {r.role for r in v.evaluated} == set(words)
    assert all(words[role] in legend for role in words)
    assert v.rating and f"{v.verdict.upper()} · rated {v.rating.upper()} — “Over 70 percent" in fig.get_suptitle()
    assert "Not evaluated:" in notes_text(fig)
    fig.draw_without_rendering()
    box = fig.bbox
    for ax in main_axes(fig):
        for tick in [*ax.get_yticklabels(), *ax.child_axes[0].get_yticklabels()]:
            extent = tick.get_window_extent()
            assert box.x0 <= extent.x0 and extent.x1 <= box.x1  # inside the figure
    save_quietly(fig, tmp_path / "auto-readings.png")


def test_readings_of_every_seed_claim(seed_verdicts, tmp_path):
    for claim_id, v in seed_verdicts.items():
        fig = plots.readings(v)
        assert fig.get_size_inches()[1] <= 7.5, claim_id
        rated = f" · rated {v.rating.upper()} — " if v.rating else " — "
        assert fig.get_suptitle().startswith(f"{claim_id}: {v.verdict.upper()}{rated}"), claim_id
        save_quietly(fig, tmp_path / f"{claim_id}.png")


# ------------------------------------------------------------------------------------ claim over time


def test_claim_over_time_lines_threshold_and_failing_years(tmp_path):
    table = frame(
        {
            "year": [2016, 2017, 2018] * 2,
            "reading": ["net"] * 3 + ["gross"] * 3,
            "value": [0.65, 0.77, 0.82, 0.7, 0.79, 0.9],
            "holds": [False, True, True, None, True, True],
        },
        claim_id="auto-share-2017",
        metric="sector_share",
        provenance=MOF_PROV,
        framing="net",
    )
    fig = plots.claim_over_time(table, threshold=0.7)
    ax = fig.axes[0]
    np.testing.assert_allclose(by_gid(fig, "reading-net").get_ydata(), [65, 77, 82])
    np.testing.assert_allclose(by_gid(fig, "reading-gross").get_xdata(), [2016, 2017, 2018])
    assert by_gid(fig, "threshold").get_ydata()[0] == pytest.approx(70.0)
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend[:3] == ["net (claim's framing)", "gross", "threshold 70.0%"]
    assert ax.get_ylabel() == "Sector share (% of the balance)"
    assert fig.get_suptitle().startswith("auto-share-2017")
    assert len(ax.patches) == 2  # the two years where the framing reading holds are shaded
    save_quietly(fig, tmp_path / "over-time.png")


# ------------------------------------------------------------------------------------------ mirror gap


def mirror_table() -> pd.DataFrame:
    rows = []
    for year, (x1, m1, x2, m2) in {"2016": (130e9, 132e9, 63e9, 68e9), "2017": (135e9, 138e9, 65e9, 72e9)}.items():
        rows.append(
            {
                "period": year,
                "flow": "JPN→USA",
                "exporter": "JPN",
                "importer": "USA",
                "reported_by_exporter": x1,
                "reported_by_importer": m1,
                "currency": "USD",
                "gap": m1 - x1,
            }
        )
        rows.append(
            {
                "period": year,
                "flow": "USA→JPN",
                "exporter": "USA",
                "importer": "JPN",
                "reported_by_exporter": x2,
                "reported_by_importer": m2,
                "currency": "USD",
                "gap": m2 - x2,
            }
        )
    return frame(
        pd.DataFrame(rows).to_dict("list"),
        provenance=MOF_PROV + CENSUS_PROV,
        notes="Gap = importer − exporter. Japan's imports are CIF, U.S. exports f.a.s.",
    )


def test_mirror_gap_two_panels_lines_and_gap_bars(tmp_path):
    fig = plots.mirror_gap(mirror_table())
    np.testing.assert_allclose(by_gid(fig, "JPN→USA-reported_by_exporter").get_ydata(), [130, 135])
    np.testing.assert_allclose(by_gid(fig, "USA→JPN-reported_by_importer").get_ydata(), [68, 72])
    assert [p.get_height() for p in all_by_gid(fig, "USA→JPN-gap")] == pytest.approx([5.0, 7.0])
    titles = [ax.get_title() for ax in fig.axes if ax.get_title()]
    assert titles == ["JPN→USA: JPN's exports = USA's imports", "USA→JPN: USA's exports = JPN's imports"]
    assert all("$ billion" in ax.get_ylabel() for ax in fig.axes)
    assert "CIF" in notes_text(fig) and "country.xlsx" in source_text(fig)
    save_quietly(fig, tmp_path / "mirror.png")


def test_mirror_gap_from_the_library(tmp_path):
    mirror = pytest.importorskip("tradebalance.mirror")
    table = mirror.mirror(years=(2015, 2018))
    fig = plots.mirror_gap(table)
    rows = table[table["flow"] == "JPN→USA"]
    np.testing.assert_allclose(
        by_gid(fig, "JPN→USA-reported_by_importer").get_ydata(), rows["reported_by_importer"] / 1e9
    )
    save_quietly(fig, tmp_path / "mirror-real.png")


# ------------------------------------------------------------------------------------- tariff exposure


def test_tariff_exposure_bars_duty_and_dollar_annotations(tmp_path):
    table = frame(
        {
            "definition": ["Passenger cars", "All automotive"],
            "imports": [40.3e9, 55.8e9],
            "duty": [10.1e9, 13.95e9],
            "share_of_imports": [0.271, 0.376],
        },
        provenance=CENSUS_PROV,
    )
    fig = plots.tariff_exposure(table)
    ax = fig.axes[0]
    imports, duty = all_by_gid(fig, "imports"), all_by_gid(fig, "duty")
    assert [p.get_width() for p in imports] == pytest.approx([40.3, 55.8])
    assert [p.get_width() for p in duty] == pytest.approx([10.1, 13.95])
    assert imports[0].get_hatch() and not duty[0].get_hatch()
    notes = [t.get_text() for t in ax.child_axes[0].get_yticklabels()]
    assert notes[0] == "imports $40.3 billion\nduty $10.1 billion · 27.1% of imports from Japan"
    assert all(not t.get_parse_math() for t in ax.child_axes[0].get_yticklabels())  # "$…$" is not mathtext
    assert ax.get_xlabel() == "U.S. imports from Japan and duty ($ billion)"
    assert [t.get_text() for t in ax.get_yticklabels()] == ["Passenger cars", "All automotive"]
    save_quietly(fig, tmp_path / "tariff.png")


# ------------------------------------------------------------------------------------------ all charts


def test_every_chart_has_a_title_labelled_axes_and_a_source_line():
    figures = [
        plots.balance_over_time([frame({"period": ["2017"], "balance": [7e12], "currency": "JPY", "complete": True})]),
        plots.waterfall(decomposition([1e12, 2e12])),
        plots.readings(verdict("sector_share", AboveTest(0.7), [0.8])),
        plots.mirror_gap(mirror_table()),
        plots.tariff_exposure(frame({"definition": ["cars"], "imports": [1e9], "duty": [0.25e9]})),
    ]
    for fig in figures:
        assert isinstance(fig, Figure) and fig.get_suptitle()
        assert source_text(fig).startswith("Source: ")
        for ax in fig.axes:
            if ax.get_ylabel() or ax.get_xlabel():  # secondary axes carry annotations, not labels
                assert ax.get_ylabel()
        assert any("(" in ax.get_xlabel() or "(" in ax.get_ylabel() for ax in fig.axes)  # a unit somewhere

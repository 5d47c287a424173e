"""Report polish: an incomplete last year is year to date against the same months a year earlier; make lab as root."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from tradebalance import mirror, plots, report
from tradebalance.plots.year_to_date import YearToDate, year_to_date

ROOT = Path(__file__).resolve().parents[1]


def by_gid(fig, gid):
    found = [a for ax in fig.axes for a in [*ax.lines, *ax.texts] if a.get_gid() == gid]
    assert len(found) == 1, f"{len(found)} artists with gid {gid!r}"
    return found[0]


def annual(periods, balances, months):
    return pd.DataFrame(
        {
            "period": periods,
            "balance": balances,
            "currency": "USD",
            "months": months,
            "complete": [m == 12 for m in months],
        }
    )


def monthly(values: dict[str, float]):
    return pd.DataFrame({"period": list(values), "balance": list(values.values()), "currency": "USD"})


# Two years of monthly balances and January–February of a third: 2024 months 1e9 each, 2025 months 2e9 each.
MONTHS = {f"2024-{m:02d}": 1e9 for m in range(1, 13)} | {f"2025-{m:02d}": 2e9 for m in range(1, 13)}
MONTHS |= {"2026-01": 3e9, "2026-02": 4e9}
ANNUAL = annual(["2024", "2025", "2026"], [12e9, 24e9, 7e9], [12, 12, 2])


def test_year_to_date_is_the_months_of_the_last_year_against_the_same_months_before():
    ytd = year_to_date(ANNUAL, monthly(MONTHS))
    assert ytd == YearToDate("2026", (1, 2), 7e9, 4e9)  # 3 + 4 against 2 + 2 (January–February 2025)
    assert ytd.label == "2026 Jan–Feb YTD vs 2025 Jan–Feb"
    one = {k: v for k, v in MONTHS.items() if k != "2026-02"}
    assert (
        year_to_date(annual(["2025", "2026"], [24e9, 3e9], [12, 1]), monthly(one)).label == "2026 Jan YTD vs 2025 Jan"
    )


def test_no_year_to_date_where_the_last_year_is_complete_fiscal_or_the_months_are_missing():
    complete = {k: v for k, v in MONTHS.items() if not k.startswith("2026")}
    assert year_to_date(annual(["2024", "2025"], [12e9, 24e9], [12, 12]), monthly(complete)) is None
    fiscal = annual(["FY2024", "FY2025"], [12e9, 3e9], [12, 2])
    assert year_to_date(fiscal, monthly(MONTHS)) is None
    no_year_before = {k: v for k, v in MONTHS.items() if k != "2025-02"}
    assert year_to_date(ANNUAL, monthly(no_year_before)) is None
    not_from_january = {k: v for k, v in MONTHS.items() if k != "2026-01"}
    assert year_to_date(ANNUAL, monthly(not_from_january)) is None


def test_balance_over_time_draws_the_incomplete_year_off_the_annual_line():
    fig = plots.balance_over_time([ANNUAL], labels=["Japan's surplus"], monthly=[monthly(MONTHS)])
    line = by_gid(fig, "series-0")
    assert list(line.get_xdata()) == [2024.0, 2025.0]  # 2026 (two months) is not a point on the annual line
    np.testing.assert_allclose(line.get_ydata(), [12, 24])
    star, before = by_gid(fig, "ytd-0"), by_gid(fig, "ytd-before-0")
    assert (list(star.get_xdata()), list(star.get_ydata())) == ([2026.0], [7.0])
    assert (list(before.get_xdata()), list(before.get_ydata())) == ([2026.0], [4.0])
    assert star.get_marker() == "*" and star.get_marker() != line.get_marker()
    assert by_gid(fig, "ytd-label-0").get_text() == "2026 Jan–Feb YTD vs 2025 Jan–Feb: $7.0 billion vs $4.0 billion"
    legend = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert legend[0] == "Japan's surplus" and any("year to date" in t for t in legend)
    assert not any("incomplete period" in t for t in legend)  # the hollow-marker note is not needed
    assert not [a for a in fig.axes[0].lines if a.get_gid() == "incomplete-0"]


def test_without_monthly_tables_the_incomplete_year_stays_a_hollow_mark():
    fig = plots.balance_over_time([ANNUAL])
    assert list(by_gid(fig, "incomplete-0").get_xdata()) == [2026.0]
    with pytest.raises(ValueError, match="1 monthly tables for 2 tables"):
        plots.balance_over_time([ANNUAL, ANNUAL], monthly=[monthly(MONTHS)])


@pytest.fixture(scope="module")
def both_sides_chart():
    (chart,) = [c for c in report.overview_charts([]) if c.name == "balance-both-sides"]
    return chart


def test_the_reports_balance_chart_does_not_plunge_in_the_incomplete_year(both_sides_chart):
    fig = both_sides_chart.figure
    japan_m, us_m = mirror.japan_balance_both_sides("USD", freq="M")
    japan_y, us_y = mirror.japan_balance_both_sides("USD")
    for n, (year_table, month_table) in enumerate(((japan_y, japan_m), (us_y, us_m))):
        last = year_table.iloc[-1]
        assert not last["complete"], "the embedded data end in an incomplete year on both sides"
        line = by_gid(fig, f"series-{n}")
        ys = np.asarray(line.get_ydata(), dtype=float)
        assert line.get_xdata()[-1] == int(last["period"]) - 1  # the line ends with the last complete year
        assert np.nanmin(ys[-10:]) > 30  # $ billion: no fall towards zero at the end
        star = by_gid(fig, f"ytd-{n}")
        months = month_table[month_table["period"].str.startswith(f"{last['period']}-")]
        assert star.get_ydata()[0] == pytest.approx(months["balance"].sum() / 1e9)
    # Census, sign flipped: January 2026 alone, $5.0 billion, against January 2025.
    us_jan = us_m.set_index("period")["balance"]
    assert us_jan["2026-01"] == pytest.approx(5.0006e9, rel=1e-4)
    label = by_gid(fig, "ytd-label-1").get_text()
    assert label == f"2026 Jan YTD vs 2025 Jan: $5.0 billion vs ${us_jan['2025-01'] / 1e9:.1f} billion"
    # MOF in dollars, to its last month (2025-06): May and June at the means of their daily rates.
    assert by_gid(fig, "ytd-label-0").get_text().startswith("2025 Jan–Jun YTD vs 2024 Jan–Jun: ")
    assert "year to date" in both_sides_chart.caption


def test_the_report_writes_the_polished_chart(both_sides_chart, tmp_path):
    both_sides_chart.figure.savefig(tmp_path / "chart.png", dpi=60)
    assert (tmp_path / "chart.png").read_bytes().startswith(b"\x89PNG")


# ------------------------------------------------------------------------------------------------- make lab


def lab_command(tmp_path: Path, as_user: list[str] | None = None) -> str:
    """What ``make lab`` runs, with a stand-in ``jupyter`` that prints its arguments."""
    make = shutil.which("make")
    if make is None:
        pytest.skip("make is not installed")
    venv = tmp_path / "venv"
    (venv / "bin").mkdir(parents=True)
    for folder in (tmp_path.parent, tmp_path):
        folder.chmod(0o755)
    (tmp_path / "pyproject.toml").write_text("")
    os.utime(tmp_path / "pyproject.toml", (0, 0))
    (venv / ".installed").write_text("")  # newer than pyproject.toml: nothing to install
    jupyter = venv / "bin" / "jupyter"
    jupyter.write_text('#!/bin/sh\necho "jupyter $*"\n')
    jupyter.chmod(0o755)
    shutil.copy(ROOT / "Makefile", tmp_path / "Makefile")
    out = subprocess.run(
        [*(as_user or []), make, "-s", "-C", str(tmp_path), "lab", f"VENV={venv}"],
        capture_output=True,
        text=True,
        check=True,
    )
    return out.stdout.strip()


def test_make_lab_adds_allow_root_only_when_run_as_root(tmp_path):
    dry = subprocess.run(["make", "-n", "-C", str(ROOT), "lab"], capture_output=True, text=True, check=True).stdout
    assert '[ "$(id -u)" = 0 ] && echo --allow-root' in dry
    ran = lab_command(tmp_path / "me")
    if os.geteuid() == 0:
        assert ran == "jupyter lab notebooks/ --allow-root"
        setpriv = shutil.which("setpriv")
        if setpriv is None:
            pytest.skip("setpriv is not installed: cannot run make lab as another user")
        nobody = [setpriv, "--reuid=65534", "--regid=65534", "--clear-groups"]
        with tempfile.TemporaryDirectory() as folder:  # pytest's own folders are closed to other users
            assert lab_command(Path(folder) / "nobody", nobody) == "jupyter lab notebooks/"
    else:
        assert ran == "jupyter lab notebooks/"

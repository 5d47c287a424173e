"""The command line: the script contracts (JSON shapes), text output with sources, exit codes."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tradebalance.cli import main


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_balance_json_contract(capsys):
    code, out, _ = run(capsys, "balance", "--source", "mof", "--freq", "Y", "--format", "json")
    records = {r["period"]: r for r in json.loads(out)}
    assert code == 0
    r = records["2017"]
    assert r["exports"] == 15_113_485_105_000 and r["imports"] == 8_090_251_224_000
    assert r["balance"] == 7_023_233_881_000 and r["currency"] == "JPY" and r["source"].startswith("mof-")
    for freq, key in (("M", "2017-03"), ("FY", "FY2017")):
        _, out, _ = run(capsys, "balance", "--freq", freq, "--format", "json")
        assert key in {r["period"] for r in json.loads(out)}


def test_balance_range_and_csv(capsys):
    _, out, _ = run(capsys, "balance", "--freq", "FY", "--from", "FY2016", "--to", "FY2017", "--format", "csv")
    lines = out.strip().splitlines()
    assert lines[0].startswith("period,reporter,partner,exports,imports,balance")
    assert [line.split(",")[0] for line in lines[1:]] == ["FY2016", "FY2017"]


def test_decompose_json_contract(capsys):
    _, out, _ = run(capsys, "decompose", "--source", "mof", "--year", "2017", "--format", "json")
    records = json.loads(out)
    assert {"sector", "exports", "imports", "net", "share_of_balance"} <= set(records[0])
    assert sum(r["share_of_balance"] for r in records) == pytest.approx(1.0)
    _, out, _ = run(capsys, "decompose", "--year", "2017", "--sectors", "mof-narrow", "--format", "json")
    auto = next(r for r in json.loads(out) if r["sector"] == "automotive")
    assert round(auto["share_of_balance"], 3) == 0.766


def test_check_json_contract(capsys):
    code, out, _ = run(capsys, "check", "--format", "json")
    claims = {c["id"]: c for c in json.loads(out)}
    assert code == 0 and set(claims) >= {"surplus-2017", "auto-share-2017"}
    for c in claims.values():
        assert c["verdict"] in ("supported", "not supported", "mixed", "context") and c["quote"] and c["summary"]
        for reading in c["readings"]:
            assert {"source", "value", "holds"} <= set(reading)
    assert {r["measure"] for r in claims["auto-share-2017"]["readings"]} == {"net", "gross"}
    assert {r["definition"] for r in claims["auto-share-2017"]["readings"]} >= {
        "mof-narrow",
        "mof-broad",
        "census-enduse-3",
    }
    # A quantified claim (tariff exposure) is marked as context, not judged.
    assert claims["auto-tariff-exposure-2017"]["verdict"] == "context"


def test_text_output_says_where_numbers_come_from(capsys):
    for args in (
        ["check"],
        ["balance"],
        ["decompose", "--year", "2017"],
        ["decompose", "--year", "2017", "--by", "item"],
    ):
        _, out, _ = run(capsys, *args)
        assert "Source: Trade Statistics of Japan, Ministry of Finance: d52ma001.csv" in out


def test_errors_go_to_stderr_with_nonzero_status(capsys, tmp_path):
    code, out, err = run(capsys, "decompose", "--year", "1950")
    assert code == 1 and out == "" and "tradebalance: error: no data for 1950" in err
    code, _, err = run(capsys, "check", "--claims", str(tmp_path / "missing.toml"))
    assert code == 1 and "cannot read claim file" in err
    code, _, err = run(capsys, "check", "--claim", "nope")
    assert code == 1 and "no claim with id 'nope'" in err


def test_console_script_help_runs_without_heavy_imports():
    out = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from tradebalance.cli import main; main(['--help']) if False else None; "
            "print('pandas' in sys.modules)",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert out.strip() == "False"
    help_text = subprocess.run(
        [sys.executable, "-m", "tradebalance.cli", "--help"], capture_output=True, text=True
    ).stdout
    for command in ("check", "balance", "decompose", "data"):
        assert command in help_text


def test_sectors_lists_every_name_with_its_codes_and_roles(capsys):
    assert main(["sectors", "--format", "json"]) == 0
    names = {entry["name"]: entry["definitions"] for entry in json.loads(capsys.readouterr().out)}
    narrow = next(d for d in names["automotive"] if d["definition"] == "mof-narrow")
    # MOF numbers each direction's list apart: motor vehicles are 70503 on exports, 70501 on imports.
    assert (
        narrow["codes"] == {"export": ["70503", "70505"], "import": ["70501", "70503"]} and narrow["role"] == "reading"
    )
    assert {d["role"] for d in names["automotive"]} >= {"reading", "bound", "sub-group"}


def test_a_cached_check_imports_neither_pandas_nor_matplotlib(tmp_path):
    import subprocess
    import sys

    env = {**__import__("os").environ, "TRADEBALANCE_CACHE_DIR": str(tmp_path)}
    script = (
        "import contextlib, io, sys; from tradebalance.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()) as out: main(['check'])\n"
        "print(len(out.getvalue()) > 1000, sorted(m for m in ('pandas', 'matplotlib', 'numpy') if m in sys.modules))"
    )
    first = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True)
    again = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True)
    assert "pandas" in first.stdout  # computing the verdicts loads the data
    assert again.stdout.strip() == "True []"  # the verdicts came from the cache, with no data loaded


def test_version(capsys):
    import tradebalance

    with pytest.raises(SystemExit) as exit_:
        main(["--version"])
    assert exit_.value.code == 0 and capsys.readouterr().out.strip() == f"tradebalance {tradebalance.__version__}"


def test_a_year_where_months_are_expected_means_its_first_or_last_month(capsys):
    code, out, _ = run(capsys, "balance", "--freq", "M", "--from", "2017", "--to", "2017", "--format", "json")
    months = [r["period"] for r in json.loads(out)]
    assert code == 0 and months == [f"2017-{m:02d}" for m in range(1, 13)]
    _, out, _ = run(capsys, "balance", "--freq", "Q", "--from", "FY2017", "--to", "FY2017", "--format", "json")
    assert [r["period"] for r in json.loads(out)] == ["2017Q2", "2017Q3", "2017Q4", "2018Q1"]
    # A calendar year is not a whole number of fiscal years: said, not guessed.
    code, _, err = run(capsys, "balance", "--freq", "FY", "--from", "2017")
    assert code == 1 and "--from 2017 with --freq FY: calendar year 2017 is not a whole number of fiscal years" in err


def test_half_years(capsys):
    _, out, _ = run(capsys, "balance", "--freq", "H", "--from", "2017", "--to", "2017", "--format", "json")
    halves = {r["period"]: r for r in json.loads(out)}
    _, out, _ = run(capsys, "balance", "--freq", "M", "--from", "2017", "--to", "2017", "--format", "json")
    months = json.loads(out)
    assert list(halves) == ["2017H1", "2017H2"] and all(r["complete"] for r in halves.values())
    assert halves["2017H1"]["balance"] == sum(r["balance"] for r in months[:6])
    assert halves["2017H1"]["balance"] + halves["2017H2"]["balance"] == 7_023_233_881_000  # the 2017 surplus
    code, out, _ = run(capsys, "balance", "--source", "bea", "--freq", "H", "--from", "2023", "--format", "json")
    assert code == 0 and json.loads(out)[0]["period"] == "2023H1"


@pytest.mark.parametrize(
    ("source", "partner", "code"),
    [
        ("mof", "EU", "X0003"),
        ("census", "EU", "X0003"),
        ("mof", "ASEAN", "XASEAN"),
        ("mof", "China", "CHN"),
        ("census", "China", "CHN"),
        ("census", "Germany", "DEU"),
        ("mof", "中国", "CHN"),
        ("census", "Korea", "KOR"),
    ],
)
def test_balance_takes_partner_names(capsys, source, partner, code):
    status, out, _ = run(capsys, "balance", "--source", source, "--partner", partner, "--format", "json")
    records = json.loads(out)
    assert status == 0 and records and {r["partner"] for r in records} == {code}
    _, text, _ = run(capsys, "balance", "--source", source, "--partner", partner)
    assert f"({code}), as reported by" in text.splitlines()[0]


def test_an_unknown_partner_gets_the_nearest_names(capsys):
    code, _, err = run(capsys, "balance", "--source", "census", "--partner", "Germny")
    assert code == 1 and "unknown partner 'Germny'; nearest: Germany (DEU)" in err


def test_span_example_runs():
    import doctest

    from tradebalance import periods

    finder = doctest.DocTestFinder()
    runner = doctest.DocTestRunner(verbose=False)
    for test in finder.find(periods.span, "span", globs={"span": periods.span}):
        runner.run(test)
    assert runner.summarize(verbose=False).attempted > 0 and runner.summarize(verbose=False).failed == 0

"""Partners by name: codes, English names, aliases and Japanese names, in the library, the loads and the claims."""

from __future__ import annotations

import csv
from collections import defaultdict
from pathlib import Path

import pytest

import tradebalance as tb
from tradebalance import partner_names, schema
from tradebalance.errors import DataNotFoundError, ParseError
from tradebalance.sources import census_countries

REFERENCE = Path(__file__).resolve().parents[1] / "data" / "reference"
#: Names two agencies draw differently (MOF's Asia is not Census's): the data being read decide.
SHARED_NAMES = {"asia": {"XASIA", "X0016"}, "アジア": {"XASIA", "X0016"}}


def rows(name: str) -> list[dict[str, str]]:
    with (REFERENCE / name).open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("EU", "X0003"),
        ("European Union", "X0003"),
        ("欧州連合", "X0003"),
        ("ASEAN", "XASEAN"),
        ("Middle East", "XMIDEAST"),
        ("中東", "XMIDEAST"),
        ("China", "CHN"),
        ("中国", "CHN"),
        ("Germany", "DEU"),
        ("ドイツ", "DEU"),
        ("the U.S.", "USA"),
        ("America", "USA"),
        ("United States", "USA"),
        ("米国", "USA"),
        ("Korea", "KOR"),
        ("South Korea", "KOR"),
        ("韓国", "KOR"),
        ("Russia", "RUS"),
        ("ロシア", "RUS"),
        ("Japan", "JPN"),
        ("World", "WLD"),
        ("DEU", "DEU"),
        ("X0003", "X0003"),
    ],
)
def test_a_name_gives_its_code(text, code):
    assert partner_names.partner_code(text) == code


@pytest.mark.parametrize(
    ("text", "code"),
    [("  the   u.s. ", "USA"), ("ＵＳＡ", "USA"), ("usa", "USA"), ("Côte d'Ivoire", "CIV"), ("cote divoire", "CIV")],
)
def test_names_are_compared_ignoring_case_spacing_accents_and_full_stops(text, code):
    assert partner_names.partner_code(text) == code


def test_japanese_voiced_marks_are_kept():
    # Accents come off Latin letters only: ド is not ト.
    assert partner_names.key("ドイツ") == "ドイツ"
    assert partner_names.key("Türkiye") == "turkiye"


def test_an_unknown_name_gets_the_nearest_matches():
    with pytest.raises(DataNotFoundError, match=r"unknown partner 'Germny'; nearest: Germany \(DEU\)"):
        partner_names.partner_code("Germny")
    assert partner_names.nearest("Chna")[0] == "China (CHN)"
    # Among the partners of the data being read, when they are known.
    assert partner_names.nearest("Chna", held={"CHN", "USA", "XASEAN"}) == ["China (CHN)"]


def test_a_code_the_table_does_not_list_is_passed_on_for_the_data_to_decide():
    assert partner_names.partner_code("ZZZ") == "ZZZ"


def test_one_partner_code_pattern_holds_every_table_and_says_what_a_code_is():
    codes = {r["iso3"] for r in rows("census_countries.csv") if r["iso3"]}
    codes |= {r["partner"] for r in rows("mof_partners.csv")} | {r["partner"] for r in rows("bea_partners.csv")}
    codes |= {r["code"] for r in partner_names.table()}
    assert {c for c in codes if not schema.PARTNER_CODE.fullmatch(c)} == set()
    assert {"X0003", "XASIA", "XMIDEAST", "XKX", "SUN"} <= codes
    for code in ("USA", "X0003", "XASEAN", "XMIDEAST"):
        assert schema.PARTNER_CODE.fullmatch(code), code
    # X and fewer than 3 or more than 8 capitals or digits, lower case, a trailing newline: not partner codes
    for text in ("XA", "X12", "XMIDDLEEAST", "usa", "USA\n", "U.S."):
        assert not schema.PARTNER_CODE.fullmatch(text), text
    with pytest.raises(DataNotFoundError, match="unknown partner 'XA'"):  # once passed on as a code
        partner_names.partner_code("XA")


def test_the_country_table_takes_any_partner_code_and_refuses_a_name(tmp_path, monkeypatch):
    """The table follows the one partner-code rule (schema.PARTNER_CODE), not one of its own (X + 4 digits)."""
    table = tmp_path / "census_countries.csv"
    header = ",".join(census_countries.REFERENCE_COLUMNS)
    monkeypatch.setattr(census_countries, "reference_path", lambda: table)
    try:
        table.write_text(f"{header}\n0016,Asia,XASIA,aggregate,\n5880,Japan,JPN,country,\n", encoding="utf-8")
        census_countries.country_table.cache_clear()
        assert list(census_countries.country_table()["iso3"]) == ["XASIA", "JPN"]
        table.write_text(f"{header}\n5880,Japan,Japan,country,\n", encoding="utf-8")
        census_countries.country_table.cache_clear()
        with pytest.raises(ParseError, match="row 2, column iso3: iso3 'Japan' is not an ISO3 or X code"):
            census_countries.country_table()
    finally:
        census_countries.country_table.cache_clear()


def test_a_grouping_two_agencies_draw_differently_is_decided_by_the_data():
    assert partner_names.partner_code("Asia", held={"XASIA", "USA"}) == "XASIA"
    assert partner_names.partner_code("アジア", held={"X0016", "JPN"}) == "X0016"
    with pytest.raises(DataNotFoundError, match=r"'Asia' stands for .*X0016.* or .*XASIA.*give the code"):
        partner_names.partner_code("Asia")


def test_no_name_stands_for_two_partners_except_the_groupings_drawn_differently():
    codes = defaultdict(set)
    for row in partner_names.table():
        codes[partner_names.key(row["name"])].add(row["code"])
    assert {k: v for k, v in codes.items() if len(v) > 1} == SHARED_NAMES


def test_the_table_has_the_columns_and_kinds_of_its_description():
    table = partner_names.table()
    assert set(table[0]) == set(partner_names.COLUMNS)
    assert {r["kind"] for r in table} == set(partner_names.KINDS)
    assert {r["language"] for r in table if r["kind"] == "ja"} == {"ja"}


def test_every_partner_of_the_reference_tables_is_named():
    """The names table keeps step with the agencies' tables: each of their names gives its code."""
    expected: list[tuple[str, str]] = []
    for r in rows("census_countries.csv"):
        if r["kind"] != "not-partner":
            expected += [(name, r["iso3"]) for name in [r["name"], *filter(None, r["aliases"].split("|"))]]
    for r in rows("mof_partners.csv"):
        if not r.get("until"):  # a name MOF once used for another partner (ロシア for the USSR) is not its name
            expected += [(r["title"], r["partner"]), (r["english"], r["partner"])]
        expected.append((r["partner"], r["partner"]))
    expected += [(r["name"], r["partner"]) for r in rows("bea_partners.csv")]
    wrong = {
        (name, code): partner_names.partner_code(name, held={code})
        for name, code in expected
        if partner_names.partner_code(name, held={code}) != code
    }
    assert not wrong, f"add these names to data/reference/partner_names.csv: {wrong}"


def test_every_code_has_an_english_name():
    named = {r["code"] for r in partner_names.table() if r["kind"] == "name"}
    assert {r["code"] for r in partner_names.table()} == named
    assert partner_names.described("X0003") == "European Union (X0003)"
    assert partner_names.described("USA") == "United States (USA)"


@pytest.mark.parametrize(
    ("dataset", "name", "code"),
    [
        ("mof", "EU", "X0003"),
        ("census", "EU", "X0003"),
        ("mof", "ASEAN", "XASEAN"),
        ("mof", "China", "CHN"),
        ("census", "China", "CHN"),
        ("census", "Germany", "DEU"),
        ("mof", "Asia", "XASIA"),
        ("census", "Asia", "X0016"),
        ("census", "韓国", "KOR"),
    ],
)
def test_load_takes_names(dataset, name, code):
    frame = tb.load(dataset, partner=name)
    assert set(frame["partner"].unique()) == {code}
    assert len(frame) == len(tb.load(dataset, partner=code))


def test_load_says_which_data_hold_a_partner_it_lacks():
    with pytest.raises(
        DataNotFoundError, match=r"'census' has no partner 'XASEAN'; it has \d+ others\. ASEAN .* is in mof"
    ):
        tb.load("census", partner="ASEAN")
    with pytest.raises(
        DataNotFoundError, match=r"'mof' has no partner 'DEU'; it has CHN, .* Germany \(DEU\) is in census"
    ):
        tb.load("mof", partner="Germany")
    with pytest.raises(DataNotFoundError, match=r"nearest: China \(CHN\)"):
        tb.load("mof", partner="Chna")


CLAIM = """
[[claim]]
id = "deficit-2017"
quote = "The U.S. deficit with them was about $70 billion in 2017."
metric = "balance"
parameters = {{ {reporter}partner = "{partner}", period = 2017, source = "census", currency = "USD" }}
test = {{ kind = "approx", value = -70e9, tolerance = 0.05 }}
"""


@pytest.mark.parametrize(
    ("code", "names", "reporter"),
    [("CHN", ("China", "中国"), 'reporter = "USA", '), ("JPN", ("Japan", "日本"), "")],  # without reporter
)
def test_claims_take_partner_names(tmp_path, code, names, reporter):
    def verdict(partner: str) -> tb.claims.Verdict:
        path = tmp_path / "claim.toml"
        path.write_text(CLAIM.format(reporter=reporter, partner=partner), encoding="utf-8")
        return tb.check(tb.load_claims(path)[0])

    by_code = verdict(code)
    for name in names:
        by_name = verdict(name)
        assert by_name.claim.parameters["partner"] == code
        assert by_name.framing.value == by_code.framing.value and by_name.verdict == by_code.verdict
    # Trade "with Japan" is the U.S.'s: the deficit of 2017, $68.8 billion, as for the code.
    assert code != "JPN" or round(by_code.framing.value / 1e9, 1) == -68.8


def test_a_claim_with_an_unknown_partner_names_the_claim_and_the_parameter():
    parameters = partner_names.partner_codes({"partner": "EU", "compare": "previous"}, "claim 'x'")
    assert parameters == {"partner": "X0003", "compare": "previous"}
    assert partner_names.partner_codes({"compare": "Japan"}, "claim 'x'") == {"compare": "JPN"}
    with pytest.raises(DataNotFoundError, match=r"claim 'x', parameter partner: unknown partner 'Chna'"):
        partner_names.partner_codes({"partner": "Chna"}, "claim 'x'")


def test_the_module_example_runs():
    import doctest

    result = doctest.testmod(partner_names, verbose=False)
    assert result.attempted > 0 and result.failed == 0

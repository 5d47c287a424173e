"""Whole statements: several tested parts, one rating for the statement, and the one-line answer."""

from __future__ import annotations

import json

import pytest

from tradebalance import claims
from tradebalance.errors import ClaimFileError

REUTERS = """
[[claim]]
id = "reuters-2025-surplus-2024-and-2023"
quote = "According to latest US trade data, Japan's 2024 goods trade surplus was US$68.5 billion compared with US$71.6 billion in 2023."
attribution = {{ publication = "CNA (Reuters)", date = "2025-02-08", url = "https://www.channelnewsasia.com/world/us-japan-trump-ishiba-washington-white-hhouse-trade-nippon-steel-4924846" }}
metric = "balance"
parameters = {{ reporter = "USA", partner = "JPN", period = 2024, currency = "USD" }}
test = {{ kind = "approx", value = -68.5e9, said = "US$68.5 billion" }}

[[claim.part]]
quote = "compared with US$71.6 billion in 2023"
parameters = {{ period = 2023 }}
test = {test}
"""


def load(tmp_path, text):
    path = tmp_path / "claims.toml"
    path.write_text(text, encoding="utf-8")
    return claims.load_claims(path)


def test_a_statement_with_two_figures_gives_each_part_and_the_whole(tmp_path):
    (claim,) = load(tmp_path, REUTERS.format(test='{ kind = "approx", value = -71.6e9, said = "US$71.6 billion" }'))
    assert [p.id for p in claim.parts] == ["reuters-2025-surplus-2024-and-2023#2"]
    assert claim.parts[0].parameters["period"] == 2023 and claim.parts[0].parameters["reporter"] == "USA"
    verdict = claims.check(claim)
    central, second = verdict.parts
    # 2024 as first published (February 2025): $68.5 billion, revised to $69.39 billion since: mostly true.
    assert (central.verdict, central.rating) == ("supported", "mostly true")
    # 2023: $71.4 billion today (downloads of the time: $71.6 billion as then published): holds.
    assert second.verdict == "supported"
    assert verdict.verdict == "supported" and verdict.rating == "mostly true"
    record = verdict.as_dict()
    assert [p["id"] for p in record["parts"]] == [claim.id, claim.parts[0].id]
    # No download of February 2025 is embedded: today's $69.39 billion, within the revision margin.
    assert record["answer"].startswith("$69.39 billion was the 2024 U.S. deficit with Japan")
    assert "within the revision margin" in record["answer"]
    json.dumps(record)


def test_a_false_part_caps_the_whole_one_step_above_its_own_rating(tmp_path):
    # A constructed variant of the same sentence whose second figure is far off ($100 billion for 2023, a
    # miss of (95 − 71.4) ÷ 71.4 = 33 %: false): the whole is capped at mostly false, though the central
    # figure alone is mostly true.
    (claim,) = load(tmp_path, REUTERS.format(test='{ kind = "approx", value = -100e9, said = "$100 billion" }'))
    verdict = claims.check(claim)
    assert [p.rating for p in verdict.parts] == ["mostly true", "false"]
    assert verdict.verdict == "mixed" and verdict.rating == "mostly false"
    assert "a part that fails caps the whole" in verdict.summary
    assert " But " in verdict.answer


def test_a_part_is_validated_like_a_claim(tmp_path):
    with pytest.raises(ClaimFileError, match=r"claim 'reuters-2025-surplus-2024-and-2023#2', field 'test.kind'"):
        load(tmp_path, REUTERS.format(test='{ kind = "roughly", value = 1 }'))
    bad = REUTERS.format(test='{ kind = ">", value = 1 }').replace(
        'quote = "compared', 'colour = "red"\nquote = "compared'
    )
    with pytest.raises(ClaimFileError, match="unknown field 'colour'"):
        load(tmp_path, bad)


def test_the_text_output_starts_with_the_answer(tmp_path):
    from tradebalance.cli.output import brief_text, verdict_text

    (claim,) = load(tmp_path, REUTERS.format(test='{ kind = "approx", value = -71.6e9, said = "US$71.6 billion" }'))
    verdict = claims.check(claim)
    text = verdict_text(verdict).splitlines()
    assert text[0].startswith("[reuters-2025-surplus-2024-and-2023] SUPPORTED")
    assert text[1].strip() == verdict.answer
    assert any(line.strip().startswith("part 2: supported") for line in text)
    assert not any(", ," in line for line in text)  # reading labels have no empty fields
    assert brief_text(verdict).count("\n") == 1


RANK = """
[[claim]]
id = "rank"
quote = "Japan is ..."
attribution = {{ date = "2018-06-01" }}
metric = "rank"
parameters = {{ reporter = "USA", partner = "JPN", period = 2017, by = "balance"{scope} }}
test = {{ kind = "rank", value = {value} }}
"""


def test_a_rank_of_goods_and_services_is_read_on_beas_countries(tmp_path):
    from tradebalance import partners

    services = partners.rank(2017, scope="goods-and-services")
    # BEA 2017, goods and services: China, Mexico, Germany, then Japan, among the 23 countries it publishes.
    assert services["partner"].head(4).tolist() == ["CHN", "MEX", "DEU", "JPN"]
    assert services.attrs["among"].startswith("the 23 countries BEA publishes")
    (claim,) = load(tmp_path, RANK.format(scope=', scope = "goods-and-services"', value=4))
    verdict = claims.check(claim)
    assert verdict.framing is not None and verdict.framing.parameters["source"] == "bea"
    assert verdict.verdict == "supported" and "among the 23 countries BEA publishes" in verdict.framing.detail
    census = [r for r in verdict.readings if r.parameters["source"] == "census"]
    assert census and all("Census ranks goods only" in r.skipped for r in census)  # never goods under that label
    (goods,) = load(tmp_path, RANK.format(scope="", value=3))
    assert claims.check(goods).framing.parameters["source"] == "census"  # goods: every country, Census


def test_a_stated_amount_as_a_share_of_a_flow(tmp_path):
    import tradebalance as tb

    text = """
[[claim]]
id = "amount"
quote = "tariffs on $55 billion of goods, or 40 percent of U.S. imports from Japan"
attribution = { date = "2018-06-01" }
metric = "share"
parameters = { reporter = "USA", partner = "JPN", period = 2017, amount = 55e9, of = "imports", currency = "USD" }
test = { kind = "approx", value = 0.40, said = "40 percent" }
"""
    (claim,) = load(tmp_path, text)
    verdict = claims.check(claim)
    yearly = tb.balance(tb.load("census", partner="JPN"), "Y").set_index("period")
    imports = yearly.loc["2017", "imports"]  # 136,411,341,570 dollars
    assert verdict.framing.value == pytest.approx(55e9 / imports)  # 40.3 %
    assert verdict.verdict == "supported" and "55,000,000,000 ÷ 136,411,341,570" in verdict.framing.detail
    with pytest.raises(ClaimFileError, match="field 'parameters.amount': an amount is a positive number"):
        load(tmp_path, text.replace("amount = 55e9", 'amount = "lots"'))


def test_check_brief_prints_the_answers_alone(capsys):
    from tradebalance.cli import main

    assert main(["check", "--brief"]) == 0
    lines = capsys.readouterr().out.splitlines()
    seeds = claims.load_claims(claims.seed_claims_path())
    assert [line.split("]")[0][1:] for line in lines] == [c.id for c in seeds]  # one line a claim
    assert lines[0].startswith("[surplus-2017] supported, true: ¥7.023 trillion was Japan's 2017 surplus")

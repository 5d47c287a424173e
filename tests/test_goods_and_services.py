"""Goods and services: the BEA balance of payments beside the Census goods figures, in claims and on the command line."""

from __future__ import annotations

import json

import pytest

from tradebalance import claims
from tradebalance.cli import main

CLAIM = """
[[claim]]
id = "c"
quote = "The U.S. trade deficit with Japan was {words}."
metric = "balance"
parameters = {{ reporter = "USA", partner = "JPN", period = 2017{extra} }}
test = {{ kind = "approx", value = {value}, tolerance = {tolerance} }}
"""


def check(tmp_path, value, tolerance=0.005, extra=""):
    path = tmp_path / "claims.toml"
    path.write_text(CLAIM.format(words="…", value=value, tolerance=tolerance, extra=extra), encoding="utf-8")
    return claims.check(claims.load_claims(path)[0])


def test_bea_balances_on_the_command_line(capsys):
    assert main(["balance", "--source", "bea", "--freq", "Y", "--scope", "goods-and-services", "--format", "json"]) == 0
    years = {r["period"]: r for r in json.loads(capsys.readouterr().out)}
    # BEA, 2017, millions of dollars: exports 114,299, imports 173,129, balance −58,830.
    assert (years["2017"]["exports"], years["2017"]["imports"]) == (114_299e6, 173_129e6)
    assert years["2017"]["balance"] == -58_830e6
    assert years["2017"]["scope"] == "goods-and-services" and years["2017"]["basis"] == "balance of payments"
    assert main(["balance", "--source", "bea", "--freq", "Q", "--scope", "goods-and-services", "--format", "json"]) == 0
    quarters = [r for r in json.loads(capsys.readouterr().out) if r["period"].startswith("2017Q")]
    assert len(quarters) == 4 and sum(q["balance"] for q in quarters) == pytest.approx(-58_830e6, abs=2e6)  # rounding


def test_a_goods_and_services_claim_is_read_on_the_balance_of_payments(tmp_path):
    verdict = check(tmp_path, -58.8e9, extra=', scope = "goods-and-services"')
    assert verdict.framing.parameters["source"] == "bea" and verdict.framing.value == -58_830e6
    assert verdict.verdict == "supported"
    mixed = next(r for r in verdict.evaluated if r.parameters["source"] == "census")
    # A mixed basis: Census goods −68,807,966,639 plus BEA's services balance, published as +10,429 million
    # (its flows, rounded, give 46,076 − 35,646 = 10,430).
    assert mixed.value == pytest.approx(-68_807_966_639 + 10_429e6, abs=1) and "mixed basis" in mixed.detail
    assert "with the services balance as BEA publishes it" in mixed.detail
    assert mixed.role == "variant"


def test_a_trade_deficit_that_does_not_say_is_read_on_both_scopes(tmp_path):
    goods = check(tmp_path, -68.8e9)
    assert goods.framing.parameters["source"] == "census" and goods.verdict == "supported" and goods.rating == "true"
    bea = {r.parameters.get("scope"): r for r in goods.evaluated if r.parameters["source"] == "bea"}
    assert set(bea) == {"goods", "goods-and-services"} and all(
        r.role == "variant" and not r.counted for r in bea.values()
    )
    services_too = check(tmp_path, -58.8e9, tolerance=0.01)
    # Fails on goods ($68.8 billion), holds on goods and services ($58.8 billion): supported, said so, mostly true.
    assert services_too.verdict == "supported" and services_too.rating == "mostly true"
    assert "holds on goods and services" in services_too.summary


def test_a_claim_on_the_balance_of_payments_basis(tmp_path):
    # BEA's goods balance (balance-of-payments basis) 2017: 68,223 − 137,483 = −69,260 million; Census −68,808.
    verdict = check(tmp_path, -69.26e9, extra=', basis = "bop", scope = "goods"')
    assert verdict.framing.parameters["source"] == "bea" and verdict.framing.value == -69_260e6
    assert {r.parameters["source"] for r in verdict.readings} == {"bea"} and verdict.verdict == "supported"


PUBLISHED_2001 = """
[[claim]]
id = "bea-2001"
quote = "The U.S. deficit in goods and services with Japan was $54.6 billion in 2001."
metric = "{metric}"
parameters = {{ reporter = "USA", partner = "JPN", period = 2001, source = "bea", scope = "goods-and-services"{extra} }}
test = {{ kind = "approx", value = {value}, tolerance = 0.001 }}
"""


def test_a_claim_on_bea_reads_the_balance_bea_publishes(tmp_path):
    # BEA, goods and services with Japan, 2001 (Tables 1–3, cell N10): exports 89,667 − imports 144,292 = −54,625
    # million, but BEA publishes the balance as −54,624 million (rounded from unrounded flows).
    path = tmp_path / "claims.toml"
    path.write_text(PUBLISHED_2001.format(metric="balance", value=-54.624e9, extra=""), encoding="utf-8")
    verdict = claims.check(claims.load_claims(path)[0])
    assert verdict.framing.parameters["source"] == "bea" and verdict.framing.value == -54_624e6
    assert "balance -54,624,000,000 as BEA publishes it (exports 89,667,000,000" in verdict.framing.detail
    assert "balance" in verdict.framing.provenance[0]
    path.write_text(PUBLISHED_2001.format(metric="flow", value=54.624e9, extra=', flow = "deficit"'), encoding="utf-8")
    deficit = claims.check(claims.load_claims(path)[0])
    assert deficit.framing.value == 54_624e6 and "balance -54,624,000,000 as BEA publishes it" in deficit.framing.detail

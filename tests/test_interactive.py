"""The functions behind notebook 05's widgets: claims from choices or TOML, the key numbers, the readings table."""

from __future__ import annotations

import pytest

import tradebalance as tb
from tradebalance import claims
from tradebalance.claims import interactive as ia
from tradebalance.errors import ClaimFileError

AUTO_SHARE = dict(
    metric="sector_share", period=2017, sector="automotive", source="mof", measure="net", test_kind=">", value=0.70
)


@pytest.fixture(scope="module")
def auto_share():
    return ia.check(ia.claim_from_choices(**AUTO_SHARE))


def test_choices_make_the_claim_a_claim_file_would():
    claim = ia.claim_from_choices(**AUTO_SHARE)
    assert claim.metric == "sector_share"
    assert claim.parameters == {"reporter": "JPN", "period": 2017, "sector": "automotive"}
    assert claim.framing == {"source": "mof", "measure": "net"}
    assert claim.test == claims.AboveTest(0.70)


def test_open_choices_are_left_out_and_a_typed_year_is_a_year():
    claim = ia.claim_from_choices(
        metric="balance", period="2017", test_kind="approx", value=7e12, tolerance=0.05, source="any", currency=""
    )
    assert claim.parameters == {"reporter": "JPN", "period": 2017}
    assert claim.framing == {}
    fiscal = ia.claim_from_choices(metric="balance", period="FY2017", test_kind="context")
    assert fiscal.parameters["period"] == "FY2017"


def test_the_2017_automotive_share_is_76_6_percent_on_mof_net(auto_share):
    # (5,529,807,907,000 − 149,885,337,000) ÷ 7,023,233,881,000 yen = 0.7660 (README, seed claim auto-share-2017)
    numbers = ia.key_numbers(auto_share)
    assert numbers["verdict"] == "supported" and numbers["rating"] == "true"
    assert numbers["framing reading"] == "mof, mof-narrow, net, calendar, JPY"
    assert numbers["framing value"] == "76.6%"
    assert numbers["test"] == "> 70.0%"
    # The readings of the claim's words: net and gross (calendar 2017 in yen); fiscal years and dollars are
    # shown beside them, not counted.
    assert numbers["robustness"] == "2 of 2"
    assert numbers["range"] == "1.0% to 91.9%"  # trucks and buses alone … MOF broad, gross


def test_summary_table_puts_the_claims_own_reading_first(auto_share):
    table = ia.summary_table(auto_share)
    first = table.iloc[0]
    assert first["role"] == "framing" and first["shown"] == "76.6%" and bool(first["holds"])
    assert first["value"] == pytest.approx((5_529_807_907_000 - 149_885_337_000) / 7_023_233_881_000)
    assert first["arithmetic"].startswith("(5,529,807,907,000 − 149,885,337,000) ÷ 7,023,233,881,000 JPY")
    assert list(table.columns) == [
        "role",
        "source",
        "definition",
        "measure",
        "calendar",
        "currency",
        "value",
        "shown",
        "holds",
        "arithmetic",
    ]
    roles = table["role"].tolist()
    assert roles == sorted(roles, key=claims.ROLES.index)
    assert len(table) == len(auto_share.evaluated)
    mirror = table[(table["role"] == "mirror") & (table["measure"] == "net")].iloc[0]
    assert mirror["source"] == "census" and mirror["shown"] == "77.3%"  # U.S. end-use 3, as in the README
    with_skipped = ia.summary_table(auto_share, skipped=True)
    assert len(with_skipped) == len(auto_share.readings)
    assert (with_skipped["shown"] == "skipped").sum() == len(auto_share.readings) - len(auto_share.evaluated)


def test_the_same_claim_at_90_percent_is_not_supported():
    verdict = ia.check(ia.claim_from_choices(**{**AUTO_SHARE, "value": 0.90}))
    numbers = ia.key_numbers(verdict)
    assert (numbers["verdict"], numbers["rating"]) == ("not supported", "mostly false")
    assert numbers["framing value"] == "76.6%"


def test_a_balance_claim_in_dollars_on_us_statistics():
    # The U.S. deficit with Japan in 2017 was $68.8 billion (Census): "a $100 billion deficit" is false.
    scale, _ = ia.input_scale("balance")
    claim = ia.claim_from_choices(
        metric="balance", period=2017, reporter="USA", test_kind="approx", value=-100 * scale, tolerance=0.05
    )
    numbers = ia.key_numbers(ia.check(claim))
    assert numbers["framing value"] == "−$68.81 billion"
    assert (numbers["verdict"], numbers["rating"]) == ("not supported", "false")


def test_input_scale_maps_the_widgets_units_to_the_claim_files():
    assert ia.input_scale("sector_share") == (0.01, "percent")
    assert ia.input_scale("balance")[0] == 1e9
    assert ia.input_scale("rank")[0] == 1.0


def test_toml_text_goes_through_the_claim_file_parser():
    text = (
        'id = "surplus"\nquote = "about ¥7 trillion"\nmetric = "balance"\n'
        'parameters = { reporter = "JPN", period = 2017, currency = "JPY" }\n'
        'test = { kind = "approx", value = 7e12, tolerance = 0.05 }\nframing = { source = "mof" }\n'
    )
    bare = ia.claim_from_toml(text)  # a single claim's fields, without the [[claim]] header
    assert ia.claim_from_toml("[[claim]]\n" + text) == bare
    verdict = ia.check(bare)
    assert ia.key_numbers(verdict)["framing value"] == "¥7.023 trillion"
    assert verdict.verdict == "supported"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[[claim]\n", "your claim: not valid TOML"),
        (
            'id = "x"\nquote = "q"\nmetric = "balanse"\ntest = { kind = ">", value = 1 }',
            "field 'metric': unknown metric",
        ),
        (
            'id = "x"\nquote = "q"\nmetric = "balance"\ntest = { kind = "approx", value = 7e12, tolerance = 5 }',
            "your claim: claim 'x', field 'test.tolerance'",
        ),
        ('[[claim]]\nid = "a"\nquote = "q"\nmetric = "not_checkable"\nnotes = "n"\n' * 2, "'a' is used twice"),
        (
            'id = "x"\nquote = "q"\nmetric = "balance"\ntest = { kind = ">" }',
            "field 'test.value': a number is required",
        ),
        ("", "no [[claim]] tables found"),
    ],
)
def test_bad_toml_is_refused_with_the_field_named(text, message):
    with pytest.raises(ClaimFileError) as error:
        ia.claim_from_toml(text)
    assert message in str(error.value)
    assert "tradebalance-claim-" not in str(error.value)  # no temporary path in the message


def test_two_claims_where_one_is_expected():
    one = ia.claim_to_toml(ia.claim_from_choices(**AUTO_SHARE))
    two = one + one.replace('"my-claim"', '"other"')
    assert [c.id for c in ia.claims_from_toml(two)] == ["my-claim", "other"]
    with pytest.raises(ClaimFileError, match="2 claims found, one expected"):
        ia.claim_from_toml(two)


def test_choices_that_are_not_parameters_are_refused():
    with pytest.raises(ClaimFileError, match="'sectr' is not a claim parameter"):
        ia.claim_from_choices(metric="balance", period=2017, test_kind="context", sectr="automotive")
    with pytest.raises(ClaimFileError, match="field 'test.kind'"):
        ia.claim_from_choices(metric="balance", period=2017, test_kind="about")


def test_every_seed_claim_round_trips_through_toml():
    for claim in tb.load_claims(claims.seed_claims_path()):
        assert ia.claim_from_toml(ia.claim_to_toml(claim)) == claim


def test_quotes_and_backslashes_survive_the_toml_writer():
    claim = ia.claim_from_choices(
        metric="balance", period=2017, test_kind="context", quote='He said "¥7\\trillion"\nthen left.'
    )
    assert ia.claim_from_toml(ia.claim_to_toml(claim)).quote == 'He said "¥7\\trillion"\nthen left.'


def test_choices_offered_are_the_libraries_own():
    assert set(ia.CHOICES["metric"]) == set(claims.METRICS)
    assert set(ia.CHOICES["test_kind"]) == set(claims.TEST_KINDS)
    names = ia.sector_names()
    assert names[0] == "automotive" and "semiconductors" in names and len(names) == len(set(names))


def test_chart_is_the_readings_chart_or_none(auto_share):
    fig = ia.chart(auto_share)
    assert fig is not None and fig.axes
    not_checkable = ia.check(
        ia.claim_from_toml('id = "x"\nquote = "q"\nmetric = "not_checkable"\nnotes = "no statistic measures it"')
    )
    assert ia.chart(not_checkable) is None
    assert ia.key_numbers(not_checkable)["verdict"] == "not checkable"
    assert ia.summary_table(not_checkable).empty

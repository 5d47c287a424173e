"""The typed claim: a test class per kind, reading parameters, and their round trips through TOML and JSON."""

from __future__ import annotations

import math
import typing
from dataclasses import asdict
from pathlib import Path

import pytest

from tradebalance import claims
from tradebalance.claims import cache, evaluate
from tradebalance.claims import interactive as ia
from tradebalance.claims.claim_tests import TEST_CLASSES, restore_test
from tradebalance.claims.model import INTERNAL_PARAMETERS, PARAMETERS, as_parameters

REAL_WORLD = Path(__file__).resolve().parents[1] / "seeds" / "real-world.toml"

QUOTED = '{ kind = "approx", value = 69e9, said = "$69 billion" }'
MILLIONS = '{ kind = "vague", word = "millions" }'
#: One test of each kind as a claim file writes it -> (class, what it describes).
SPECS = {
    '{ kind = "approx", value = 7e12, tolerance = 0.05 }': (claims.ApproxTest, "≈ 7e+12 ± 5%"),
    QUOTED: (claims.ApproxTest, "“$69 billion”: between 6.85e+10 and 6.95e+10"),
    '{ kind = ">", value = 0.7 }': (claims.AboveTest, "> 0.7"),
    '{ kind = "<", value = 5e12 }': (claims.BelowTest, "< 5e+12"),
    '{ kind = "between", low = 0.7, high = 0.78 }': (claims.BetweenTest, "between 0.7 and 0.78"),
    '{ kind = "magnitude", value = 0.1 }': (claims.MagnitudeTest, "|value| > 0.1"),
    MILLIONS: (claims.VagueTest, "“millions”: |value| between 2e+06 and 2e+09"),
    '{ kind = "record", side = "highest" }': (claims.RecordTest, "the highest of the series up to then (a record)"),
    '{ kind = "rank", value = 3 }': (claims.RankTest, "rank = 3"),
    '{ kind = "top", value = 5 }': (claims.TopTest, "rank ≤ 5"),
    '{ kind = "context" }': (claims.ContextTest, "context (quantified, not judged)"),
}


def claim_with(test: str) -> claims.Claim:
    return ia.claim_from_toml(
        f'id = "c"\nquote = "A quote."\nmetric = "balance"\nparameters = {{ period = 2017 }}\ntest = {test}'
    )


@pytest.mark.parametrize("spec", SPECS)
def test_each_kind_is_its_own_class_and_keeps_its_kind(spec):
    test = claim_with(spec).test
    cls, words = SPECS[spec]
    assert type(test) is cls and test.kind == spec.split('"')[1] and test.describe() == words
    assert asdict(test)["kind"] == test.kind  # what the JSON of a verdict and the cache carry


def test_every_kind_has_a_class_and_the_union_holds_them_all():
    assert tuple(TEST_CLASSES.values()) == typing.get_args(claims.Test)
    assert [cls.kind for cls in typing.get_args(claims.Test)] == list(claims.TEST_KINDS)


def test_intervals_by_hand():
    assert claims.ApproxTest.within(100, 0.05).accepted() == (95.0, 105.0)
    assert claim_with(QUOTED).test.accepted() == (pytest.approx(68.5e9), pytest.approx(69.5e9))  # its rounding
    assert claims.AboveTest(0.7).accepted() == (math.nextafter(0.7, math.inf), math.inf)
    assert claims.TopTest(5).accepted() == (1.0, 5.0) and claims.RankTest(3).distance(5) == 2  # places
    assert claims.RecordTest("highest").accepted() is None and claims.ContextTest().holds(1.0) is None
    millions = claim_with(MILLIONS).test
    assert millions.holds(-2.5e6) and not millions.holds(1.5e6)  # the size: 2.5 million, either sign
    assert millions.distance(1.5e6) == pytest.approx(0.5e6 / 1.5e6)
    assert claims.MagnitudeTest(0.1).holds(-0.15) and not claims.MagnitudeTest(0.1).holds(0.05)


def test_two_kinds_with_the_same_fields_differ_in_the_cache_key():
    # The cache key hashes asdict(claim): without the kind, "> 5" and "< 5" would share cached verdicts.
    assert asdict(claims.AboveTest(5.0)) != asdict(claims.BelowTest(5.0))


def test_tests_and_verdicts_round_trip_through_the_cache_json():
    parts = (claims.Claim("c#2", "q", {}, "change", {"period": 2017}, claims.MagnitudeTest(0.1)),)
    quoted = claim_with(QUOTED).test
    whole = claims.Claim("c", "q", {"date": "2018"}, "balance", {"period": 2017, "from": 2016}, quoted, parts=parts)
    reading = claims.Reading({"source": "mof", "period": 2017, "vintage": "embedded"}, 7.0e12, True, True, "x")
    published = claims.Reading({"source": "mof", "published": "mof@2018-01-01"}, 6.9e12, True)
    part = claims.Verdict(parts[0], [reading], "supported", "s", "true")
    verdicts = [
        claims.Verdict(whole, [reading], "supported", "s", "true", claims.Robustness(1, 1), published, "a", [part]),
        *(claims.Verdict(claim_with(spec), [], "context", "s") for spec in SPECS),
    ]
    again = cache.verdicts_from_json(cache.verdicts_to_json(verdicts))
    assert again == verdicts
    assert [type(v.claim.test) for v in again[1:]] == [cls for cls, _ in SPECS.values()]
    assert restore_test({"kind": "vague", "word": "w", "low": 1.0, "high": math.inf, "absolute": True}).absolute


def test_check_all_reads_back_what_it_cached(tmp_path, monkeypatch):
    monkeypatch.setenv("TRADEBALANCE_CACHE_DIR", str(tmp_path))
    surplus = [c for c in claims.load_claims(claims.seed_claims_path()) if c.id == "surplus-2017"]
    first = claims.check_all(surplus)
    monkeypatch.setattr(evaluate, "check", lambda *a: pytest.fail("computed again, not read from the cache"))
    again = claims.check_all(surplus)
    assert again == first and again[0].as_dict() == first[0].as_dict()
    assert again[0].as_dict()["test_kind"] == "approx"


def test_real_world_claims_round_trip_through_toml():
    # Quoted figures keep their words ("said") and vague tests their word, which the writer once left out.
    for claim in claims.load_claims(REAL_WORLD):
        if not claim.parts:
            assert ia.claim_from_toml(ia.claim_to_toml(claim)) == claim, claim.id


def test_reading_parameters_are_the_claim_parameters_and_the_internal_ones():
    assert set(claims.ReadingParameters.__annotations__) == {*PARAMETERS, *INTERNAL_PARAMETERS}
    assert as_parameters({"source": "mof", "vintage": "embedded"}) == {"source": "mof", "vintage": "embedded"}
    with pytest.raises(ValueError, match="'colour' is not a reading parameter"):
        as_parameters({"colour": "red"})


def test_no_type_ignore_in_the_claims_package():
    folder = Path(claims.__file__).parent
    assert [p.name for p in folder.glob("*.py") if "type: ignore" in p.read_text(encoding="utf-8")] == []

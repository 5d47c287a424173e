"""Real published statements (seeds/real-world.toml): each verdict and rating as expected, and why."""

from __future__ import annotations

from pathlib import Path

import pytest

from tradebalance import claims

PATH = Path(__file__).resolve().parents[1] / "seeds" / "real-world.toml"
CLAIMS = claims.load_claims(PATH)


def test_the_collection_is_real_and_large_enough():
    assert len(CLAIMS) >= 30
    for c in CLAIMS:
        assert c.attribution["url"].startswith("http") and c.attribution["date"][:4].isdigit(), c.id
        assert c.expect.get("verdict") and c.expect.get("why"), c.id


@pytest.mark.parametrize("claim", CLAIMS, ids=[c.id for c in CLAIMS])
def test_verdict_and_rating_as_expected(claim):
    verdict = claims.check(claim)
    assert verdict.verdict == claim.expect["verdict"], verdict.summary
    if "rating" in claim.expect:
        assert verdict.rating == claim.expect["rating"], verdict.summary

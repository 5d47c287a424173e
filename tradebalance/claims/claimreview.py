"""schema.org ``ClaimReview`` JSON-LD for verdicts, as fact-checkers publish them (and search engines read them).

Each review has the properties the ClaimReview structured-data guidelines require (``claimReviewed``,
``reviewRating`` with ``alternateName``, ``url``) and those they recommend (``author``, ``datePublished``,
``itemReviewed`` as a ``Claim`` with its author, date and appearance; ``ratingValue``, ``bestRating`` and
``worstRating`` on the five-step scale, 5 = true … 1 = false).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from typing import Any

from tradebalance.claims.model import RATINGS, Verdict

#: Who publishes the reviews.
AUTHOR = {"@type": "Organization", "name": "tradebalance"}


def slug(text: str) -> str:
    """The anchor of a claim's section in the report."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def review(verdict: Verdict, url: str = "index.html", published: str | None = None) -> dict[str, Any]:
    """One ``ClaimReview`` for ``verdict``; ``url`` is the report page, the claim's section is its anchor."""
    claim = verdict.claim
    if verdict.rating is None:
        rating: dict[str, Any] = {"@type": "Rating", "alternateName": f"Not rated ({verdict.verdict})"}
    else:
        value = len(RATINGS) - RATINGS.index(verdict.rating)
        rating = {
            "@type": "Rating",
            "ratingValue": value,
            "bestRating": len(RATINGS),
            "worstRating": 1,
            "alternateName": verdict.rating.capitalize(),
            "name": f"{verdict.rating.capitalize()} ({verdict.verdict})",
        }
    item: dict[str, Any] = {
        "@type": "Claim",
        "author": {"@type": "Person" if claim.attribution.get("speaker") else "Organization", "name": _author(claim)},
    }
    if claim.date:
        item["datePublished"] = claim.date
    if claim.attribution.get("url"):
        item["appearance"] = {"@type": "CreativeWork", "url": claim.attribution["url"]}
        item["firstAppearance"] = item["appearance"]
    return {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": f"{url}#{slug(claim.id)}",
        "claimReviewed": claim.quote,
        "itemReviewed": item,
        "reviewRating": rating,
        "author": AUTHOR,
        "datePublished": published or dt.date.today().isoformat(),
        "reviewBody": verdict.summary,
    }


def reviews(verdicts: Sequence[Verdict], url: str = "index.html", published: str | None = None) -> list[dict[str, Any]]:
    """A ``ClaimReview`` for every verdict."""
    return [review(v, url, published) for v in verdicts]


def _author(claim: Any) -> str:
    a = claim.attribution
    return a.get("speaker") or a.get("author") or a.get("publication") or "unknown"

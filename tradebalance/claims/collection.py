"""A collection of checked claims as a table, and what most often makes a claim fail.

:func:`verdict_table` lays out one row per claim (date, speaker, metric, verdict, rating, what the collection
expected); :func:`diagnose` names the reading that would have made a failing claim hold — the usual
errors: the other country's statistics, goods against goods and services, cars against all automotive
trade, net against gross, calendar against fiscal year, preliminary against revised figures.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from tradebalance.claims.model import RATINGS, Reading, Verdict

#: What a reading that holds, where the framing fails, says about the claim's error.
ERRORS = {
    "mirror": "the other country's statistics",
    "sub-group": "a narrower sector (cars, not all automotive trade)",
    "bound": "a wider sector definition",
    "measure": "net against gross",
    "calendar": "calendar against fiscal year",
    "currency": "yen against dollars",
    "scope": "goods against goods and services",
    "revision": "preliminary against revised figures",
}


def verdict_table(verdicts: Sequence[Verdict]) -> pd.DataFrame:
    """One row per claim, with what the collection expected and the usual error behind a failing claim.

    Columns: ``id``, ``date``, ``decade``, ``who``, ``metric``, ``verdict``, ``rating``, ``expected_verdict``,
    ``expected_rating``, ``agrees`` and ``error``.
    """
    rows = []
    for v in verdicts:
        c = v.claim
        year = int(c.date[:4]) if c.date[:4].isdigit() else None
        expected = c.expect.get("verdict")
        rating = c.expect.get("rating")
        rows.append(
            {
                "id": c.id,
                "date": c.date,
                "decade": f"{year // 10 * 10}s" if year else "",
                "who": c.attribution.get("speaker") or c.attribution.get("publication", ""),
                "metric": c.metric,
                "verdict": v.verdict,
                "rating": v.rating,
                "expected_verdict": expected,
                "expected_rating": rating,
                "agrees": expected is None or (expected == v.verdict and rating in (None, v.rating)),
                "error": "; ".join(diagnose(v)),
            }
        )
    return pd.DataFrame(rows)


def ratings_by_decade(verdicts: Sequence[Verdict]) -> pd.DataFrame:
    """How many claims of each rating each decade (rows: decades; columns: the five ratings, best first)."""
    rated = verdict_table(verdicts).dropna(subset=["rating"])
    counts = rated.groupby(["decade", "rating"]).size().unstack(fill_value=0)
    return counts.reindex(columns=list(RATINGS), fill_value=0).sort_index()


def diagnose(v: Verdict) -> list[str]:
    """The usual errors that explain a claim that does not hold: readings that would have held instead."""
    if v.verdict not in ("not supported", "mixed") or v.framing is None:
        return []
    own = v.framing
    found: list[str] = []
    if v.published is not None and v.published.holds:
        found.append(ERRORS["revision"])
    for r in v.evaluated:
        if not r.holds or r is own:
            continue
        for key in _differences(r, own):
            if ERRORS[key] not in found:
                found.append(ERRORS[key])
    return found


def _differences(r: Reading, own: Reading) -> list[str]:
    if r.role in ("mirror", "sub-group", "bound"):
        return [r.role]
    return [k for k in ("measure", "calendar", "currency", "scope") if r.parameters.get(k) != own.parameters.get(k)]

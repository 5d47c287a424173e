"""Whole statements: a claim with several tested parts, each judged as a claim, and one rating for the whole.

"Japan ran a trade surplus of ¥3.38 trillion with the U.S. as exports rose 10.6 percent to ¥7.42 trillion"
is three figures: the claim's own ``metric`` and ``test`` are the central one, each ``[[claim.part]]`` another
(its ``parameters`` are laid over the claim's). Fact-checkers rate the whole statement: the central figure
weighs most, and a part that fails caps the rating one step above its own (a wrong direction, rated false,
caps the whole at mostly false), as the published cases show (:data:`PART_WEIGHT`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

from tradebalance.claims import rubric
from tradebalance.claims.model import Claim, Verdict
from tradebalance.errors import ClaimFileError

#: Fields a part may set; the others (id, attribution, expect) are the claim's.
PART_FIELDS = ("quote", "metric", "parameters", "test", "framing", "notes")
#: How many steps better than its own rating a secondary part caps the whole (the central figure: none).
PART_WEIGHT = 1
#: At most this many parts to a statement.
MAX_PARTS = 12


def from_tables(
    tables: Any, claim: Claim, table: dict[str, Any], build: Callable[[dict[str, Any], int], Claim]
) -> tuple[Claim, ...]:
    """The parts of ``claim`` from its ``part`` tables, each built by ``build`` as a claim of its own.

    A part's ``parameters`` are laid over the claim's; its id is the claim's with ``#2``, ``#3`` … (the
    central figure is part 1).
    """
    where = f"claim {claim.id!r}, field 'part'"
    if not isinstance(tables, list) or not all(isinstance(t, dict) for t in tables):
        raise ClaimFileError(f"{where}: parts are tables ([[claim.part]])")
    if len(tables) > MAX_PARTS:
        raise ClaimFileError(f"{where}: at most {MAX_PARTS} parts to a statement, not {len(tables)}")
    parts = []
    for n, part in enumerate(tables, 2):
        unknown = sorted(set(part) - set(PART_FIELDS))
        if unknown:
            raise ClaimFileError(f"{where} #{n}: unknown field {unknown[0]!r}; a part takes {', '.join(PART_FIELDS)}")
        params = part.get("parameters", {})
        if not isinstance(params, dict):
            raise ClaimFileError(f"{where} #{n}: parameters must be a table")
        merged = {
            "id": f"{claim.id}#{n}",
            "quote": part.get("quote", claim.quote),
            "attribution": table.get("attribution", {}),
            "metric": part.get("metric", claim.metric),
            "parameters": {**table.get("parameters", {}), **params},
            "test": part.get("test"),
            "framing": part.get("framing", {}),
            "notes": part.get("notes", ""),
        }
        parts.append(build(merged, n))
    return tuple(parts)


def central(claim: Claim) -> Claim:
    """The claim's central figure alone (without its parts)."""
    return replace(claim, parts=())


def combine(whole: Verdict, parts: list[Verdict]) -> Verdict:
    """The verdict of a whole statement: ``whole`` is the central figure's verdict, ``parts`` the others'.

    Verdict: ``supported`` when every part with a verdict holds, ``not supported`` when none does, else
    ``mixed``. Rating: the central figure's, capped by each other part's rating raised :data:`PART_WEIGHT`
    step(s). Parts that are context or not checkable are shown, not counted.
    """
    judged = [v for v in [whole, *parts] if v.rating is not None]
    verdicts = {v.verdict for v in judged}
    verdict = whole.verdict
    if len(judged) > 1:
        verdict = (
            "supported" if verdicts == {"supported"} else "not supported" if "supported" not in verdicts else "mixed"
        )
    rating = whole.rating
    for part in parts:
        if rating is not None and part.rating is not None:
            rating = rubric.lower(rating, rubric.raised(part.rating, PART_WEIGHT))
    lines = [f"part {n}: {v.answer or v.summary}" for n, v in enumerate([whole, *parts], 1)]
    head = f"whole statement of {len(parts) + 1} parts: {verdict}" + (f", {rating}" if rating else "")
    capped = rating != whole.rating
    if capped:
        head += f" (the central figure alone: {whole.rating}; a part that fails caps the whole)"
    summary = head + "; " + "; ".join(lines) + "; central figure: " + whole.summary
    answer = whole.answer
    if capped or verdict != whole.verdict:
        weakest = max(parts, key=lambda v: rubric.SCALE.index(v.rating) if v.rating else -1)
        answer += f" But {weakest.answer[:1].lower()}{weakest.answer[1:]}" if weakest.answer else ""
    return replace(whole, verdict=verdict, rating=rating, summary=summary, answer=answer, parts=[whole, *parts])

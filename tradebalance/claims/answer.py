"""The one-line answer a journalist can quote: the figure, what it is, whose it is, and the judgement.

"$68.81 billion was the 2017 U.S. deficit with Japan (goods, U.S. Census Bureau); “$69 billion” holds:
true." It is written from the same facts as the verdict and the rating, so the three never disagree.
"""

from __future__ import annotations

from tradebalance import formatting, periods
from tradebalance.claims.model import Claim, Reading

#: Whose statistics each source is, in a reader's words.
AGENCIES = {"mof": "Japan's Ministry of Finance", "census": "U.S. Census Bureau", "bea": "U.S. BEA"}
#: Countries and groups as the answer names them (others by their code).
NAMES = {"USA": "the U.S.", "JPN": "Japan", "WLD": "the world", "CHN": "China", "MEX": "Mexico", "DEU": "Germany"}
#: How each rescue reads in the answer.
RESCUES = {
    "near": "a near miss, immaterial",
    "margin": "within the revision margin of the figures published then",
    "scope": "it holds on goods and services, not on goods alone",
    "published": "accurate when it was said",
}


def _owner(code: str, period: str) -> str:
    """``the 2017 U.S.``, ``Japan's 2017``: whose figure, and when."""
    if code == "USA":
        return f"the {period} U.S."
    return f"{NAMES.get(code, code)}'s {period}" if code else f"the {period}"


def what(claim: Claim, reading: Reading) -> str:
    """What the framing reading measures, in words: ``the 2017 U.S. deficit with Japan (goods, U.S. Census Bureau)``."""
    p = reading.parameters
    period = str(p.get("period", ""))
    if p.get("calendar") == "fiscal" and period.isdigit():
        period = f"FY{period}"
    elif p.get("calendar") == "federal" and period.isdigit():
        period = f"federal fiscal {period}"
    elif periods.years(period) is not None:
        period = f"{p.get('aggregate', 'total')} {period}".replace("mean ", "average ")
    owner = _owner(str(p.get("reporter", "")), period)
    partner = NAMES.get(str(p.get("partner", "")), str(p.get("partner", "")))
    scope = str(p.get("scope", "goods")).replace("-", " ")
    basis = f"({scope}, {AGENCIES.get(str(p.get('source')), str(p.get('source', '')))})"
    sector = f"{p['sector']} ".replace("-", " ") if "sector" in p else ""
    flow = str(p.get("flow", "trade"))
    towards = {"exports": "to", "imports": "from"}.get(flow, "with")
    if claim.metric == "balance":
        return f"{owner} {'surplus' if reading.number > 0 else 'deficit'} with {partner} {basis}"
    if claim.metric in ("flow", "quantity"):
        return f"{owner} {sector}{flow} {towards} {partner} {basis}"
    if claim.metric == "change":
        return f"the change in {owner} {sector}{flow} {towards} {partner} {basis}"
    if claim.metric == "rank":
        return f"{partner}'s rank among {owner} partners by {p.get('by', 'balance')} {basis}"
    if claim.metric == "tariff_exposure":
        return f"the {period} goods from Japan a {float(p.get('rate', 0.25)):.0%} tariff would touch {basis}"
    of = p.get("of", "balance" if claim.metric == "sector_share" else "exports")
    return f"the {sector}share of {owner} {of} with {partner} {basis}"


def line(
    claim: Claim, verdict: str, rating: str | None, own: list[Reading], rescued: str, published: Reading | None
) -> str:
    """The answer in one line."""
    r = own[0]
    value = r.number
    shown = formatting.value(abs(value) if claim.metric == "balance" else value, r.unit)
    words = claim.test.words
    said = f"“{words}”" if words else "the claim"
    head = f"{shown} was {what(claim, r)}"
    if published is not None and rescued == "published":
        then = formatting.value(
            abs(published.number) if claim.metric == "balance" else published.number, published.unit
        )
        download = str(published.parameters.get("published", "")).partition("@")[2]
        head = f"{then} was {what(claim, published)} as published (downloaded {download}), revised to {shown} since"
    if verdict == "context":
        return f"{head}."
    if verdict == "not checkable":
        return f"not checkable on these data: {claim.notes}"
    if verdict == "supported":
        judgement = f"{said} holds" if not rescued else f"{said}: {RESCUES.get(rescued, rescued)}"
    elif verdict == "mixed":
        judgement = f"{said} holds on some readings of its own words, not on others"
    else:
        judgement = f"{said} does not hold ({claim.test.describe(lambda x: formatting.value(x, r.unit))})"
    return f"{head}; {judgement}: {rating}."

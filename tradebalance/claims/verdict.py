"""The verdict rule: decided on the claim's own statistic, with robustness, revisions and a rating beside it.

The verdict is what a reader asks first, so one function (:func:`judge`) decides it from the readings of the
statistic the claim names and keeps everything else (variants, mirror figures, revisions) as context beside it;
the steps of the rule are in the user guide (``docs/user-guide/claims.md``, "How a verdict is decided").
"""

from __future__ import annotations

from tradebalance import formatting, periods
from tradebalance.claims import answer as answers
from tradebalance.claims import rating, revision_window
from tradebalance.claims.model import AXES, Claim, Reading, Robustness, Verdict
from tradebalance.claims.reading_data import PUBLISHED, SOURCES

#: Units compared in percentage points rather than relatively.
POINT_UNITS = ("share", "change")
#: Why two countries' figures for the same trade differ (methods.md, "mirror statistics").
MIRROR_REASONS = (
    "exports valued FOB/f.a.s. and imports CIF/customs value, shipping time, country of origin vs destination"
)


def judge(claim: Claim, results: list[Reading], published: Reading | None = None) -> Verdict:
    """The verdict, rating, robustness and summary of ``claim`` from its evaluated readings."""
    done = [r for r in results if r.value is not None]
    own, fallback = _deciding(done)
    skipped = len(results) - len(done)
    notes = [f"{skipped} combination{'s' if skipped > 1 else ''} skipped (see readings)"] if skipped else []
    if not own:
        return _not_checkable(claim, results, done)
    counted = [r for r in done if r.counted]
    if claim.test.kind == "context":
        return _context(claim, results, own, done, notes, published)
    trivial = [r for r in own if not r.holds and rating.is_trivial(claim, r)]
    for r in trivial:
        r.holds = True  # within any reader's rounding ("¥4.03 trillion" of ¥4.0404 trillion: truncated)
    held = sum(bool(r.holds) for r in own)
    verdict = "supported" if held == len(own) else "not supported" if held == 0 else "mixed"
    test = claim.test.describe(lambda x: formatting.value(x, own[0].unit))
    parts = [f"{_own_words(own)}: {_values(claim, own)} (test: {test})"]
    if trivial:
        parts.append(f"it misses by {rating.distance(claim, trivial[0]):.2%}, within any reader's rounding")
    if fallback:
        parts.insert(0, fallback)
    verdict, rescued = _rescued(claim, verdict, own, done, published, parts)
    revision = revision_window.revision_margin(claim, own[0])
    margin = {"margin": revision, "published": _revised(own[0], published)}.get(rescued, 0.0)
    levels = rescued == "margin"  # the margin is on the figures (a change's two levels), not on the change
    wording = _wording_variants(counted, own) or own
    for r in counted:
        r.counted = r in wording  # another period or currency is shown beside the verdict, not counted
    robustness = _robustness(claim, verdict, wording, margin, levels, revision if rescued == "near" else None)
    parts.append(_robustness_words(claim, verdict, robustness, wording, counted))
    parts += _caveats(claim, verdict, own) + _context_parts(claim, own, done) + notes
    rated = rating.rating_of(claim, verdict, robustness, own, rescued)
    answer = answers.line(claim, verdict, rated, own, rescued, published)
    return Verdict(claim, results, verdict, "; ".join(parts), rated, robustness, published, answer)


def _not_checkable(claim: Claim, results: list[Reading], done: list[Reading]) -> Verdict:
    """The verdict where no reading of the claim's own statistic could be evaluated; the others shown for context."""
    reasons = "; ".join(dict.fromkeys(r.skipped for r in results if r.skipped))
    shown = [f"{r.role} {r.label(AXES)}: {formatting.value(r.number, r.unit)}" for r in done]
    summary = f"not checkable on these data, no reading of the claim's statistic could be evaluated: {reasons}"
    return Verdict(
        claim, results, "not checkable", summary + ("; shown for context: " + "; ".join(shown) if shown else "")
    )


def _context(
    claim: Claim,
    results: list[Reading],
    own: list[Reading],
    done: list[Reading],
    notes: list[str],
    published: Reading | None,
) -> Verdict:
    """The verdict of a context claim: quantified, not judged."""
    counted = [r for r in done if r.counted]
    summary = f"quantified, not judged: {_own_words(own)}, {_values(claim, own)}"
    if len(counted) > 1:
        summary += f"; {_span(counted)} over {len(counted)} readings of the same statistic"
    summary += "".join("; " + p for p in _context_parts(claim, own, done) + notes)
    answer = answers.line(claim, "context", None, own, "", published)
    robust = Robustness(len(counted), len(counted))
    return Verdict(claim, results, "context", summary, None, robust, published, answer)


def _rescued(
    claim: Claim, verdict: str, own: list[Reading], done: list[Reading], published: Reading | None, parts: list[str]
) -> tuple[str, str]:
    """The verdict after rules 2 and the scope and near rescues, and which rescued it ("" if none); ``parts`` grows."""
    rescued = ""
    if published is not None:
        parts.append(_published_words(claim, own[0], published))
        if verdict == "not supported" and published.holds:
            verdict, rescued = "supported", "published"
    elif verdict == "not supported" and (claim.test.kind == "approx" or claim.metric == "change"):
        margin = revision_window.revision_margin(claim, own[0])
        if margin and all(revision_window.holds_within(claim, r, margin) for r in own):
            verdict, rescued = "supported", "margin"
            each = " on each of the two figures compared" if claim.metric == "change" else ""
            parts.append(
                f"within the agency's revision margin of ±{margin:.1%}{each} for figures published then (no "
                "download of the time is embedded)"
            )
    revision = revision_window.revision_margin(claim, own[0])
    if verdict == "not supported" and "scope" not in claim.parameters and "scope" not in claim.framing:
        other = _other_scope(own[0], [r for r in done if r.holds or rating.is_near(claim, r, revision)])
        if other is not None:
            verdict, rescued = "supported", "scope"
            parts.append(
                f"the claim does not say goods or goods and services: it holds on goods and services "
                f"({_short(other)}: {formatting.value(other.number, other.unit)}), not on goods alone"
            )
    failing = [r for r in own if not r.holds]
    if verdict in ("not supported", "mixed") and all(rating.is_near(claim, r, revision) for r in failing):
        verdict, rescued = "supported", "near"
        nearest = min(failing, key=lambda r: rating.distance(claim, r))
        parts.append(rating.describe_miss(claim, nearest, revision))
    return verdict, rescued


def _published_words(claim: Claim, own: Reading, published: Reading) -> str:
    """How the figure published at the time of the claim compares, and how much it was revised since."""
    revised = (
        _points(own.number, published.number)
        if own.unit in POINT_UNITS
        else formatting.percent_change(own.number, published.number)
    )
    then = formatting.value(published.number, published.unit)
    word = "matched" if published.holds else "did not match"
    when = str(published.parameters.get(PUBLISHED, "")).partition("@")[2]
    time = "at the time" if when < periods.first_day(claim.date) else "in the first download after the claim"
    return f"it {word} the figure published {time} ({then}, {_download(published)}); revised since by {revised}"


def _caveats(claim: Claim, verdict: str, own: list[Reading]) -> list[str]:
    """What caps the rating whatever the figures: seasonally unadjusted months, the far end of a stated range."""
    caveats = []
    if rating.seasonally_unadjusted(claim) and verdict != "supported":
        caveats.append(
            "the monthly release headlines seasonally adjusted figures and these are not adjusted: a change "
            "between adjacent months is not comparable with the release, so it is rated no worse than half true"
        )
    far = rating.far_end(claim, own)
    if rating.range_cap(claim, own) != "true":
        caveats.append(
            f"a stated range is only as good as its far end, {far:.0%} from the data: "
            f"at best {rating.range_cap(claim, own)}"
        )
    return caveats


def _robustness_words(
    claim: Claim, verdict: str, robustness: Robustness, wording: list[Reading], counted: list[Reading]
) -> str:
    """The robustness in the words the rating uses: the readings of the claim's words that agree with the verdict."""
    agreeing = "agree with the verdict" if robustness.of > 1 else "agrees with the verdict"
    text = f"robustness: {robustness.agree} of {robustness.of} readings of the claim's words {agreeing}"
    if robustness.disagree:
        text += f" (not {', '.join(robustness.disagree)})"
    others = [r for r in counted if r not in wording]
    if others:
        held = sum(bool(r.holds) for r in others)
        text += (
            f"; read for another period or currency (not counted: the claim's words do not say), it holds on "
            f"{held} of {len(others)}"
        )
    return text


def _deciding(done: list[Reading]) -> tuple[list[Reading], str]:
    """The readings that decide the verdict, and a note where they are not the claim's own framing."""
    for role, note in (
        ("framing", ""),
        (
            "variant",
            "the claim's own reading could not be evaluated, so it is judged on the same statistic read otherwise",
        ),
        (
            "mirror",
            "the claim's own statistics have no figure for it, so it is judged on the other country's statistics",
        ),
    ):
        chosen = [r for r in done if r.role == role]
        if chosen:
            return chosen, note
    return [], ""


def _other_scope(own: Reading, done: list[Reading]) -> Reading | None:
    """A reading of goods and services (the same country's balance of payments) among ``done`` (those that hold)."""
    for r in done:
        same_period = all(r.parameters.get(k) == own.parameters.get(k) for k in ("calendar", "currency"))
        if r.role == "variant" and r.parameters.get("scope") == "goods-and-services" and same_period:
            return r
    return None


def _revised(current: Reading, published: Reading | None) -> float:
    """The relative revision from the published figure to today's (a margin that covers it)."""
    if published is None:
        return 0.0
    now, then = current.number, published.number
    return abs(now - then) / abs(now) * (1 + 1e-9) if now else 0.0


def _wording_variants(counted: list[Reading], own: list[Reading]) -> list[Reading]:
    """Readings that differ from the framing only in how the claim's words are read: the robustness a rating weighs.

    Measure or definition may differ, not the period or currency.
    """
    same = ("calendar", "currency", "source", "scope")
    return [r for r in counted if any(all(r.parameters.get(k) == o.parameters.get(k) for k in same) for o in own)]


def _robustness(
    claim: Claim,
    verdict: str,
    counted: list[Reading],
    margin: float = 0.0,
    levels: bool = False,
    near: float | None = None,
) -> Robustness:
    """Readings of the same statistic that agree with the verdict (hold within ``margin`` when it was needed).

    ``levels``: the margin is a revision margin on the figures (:func:`_within`), not on the value; ``near``:
    the verdict rests on a near miss, so a reading agrees when it is a near miss too (``near`` is the revision
    margin that widens the band).
    """
    wanted = verdict != "not supported"

    def holds(r: Reading) -> bool:
        if rating.is_trivial(claim, r):
            return True
        if claim.test.kind == "record":
            return bool(r.holds) or (near is not None and rating.is_near(claim, r, near))
        if near is not None:
            return rating.is_near(claim, r, near)
        return bool(revision_window.holds_within(claim, r, margin) if levels else claim.test.holds(r.number, margin))

    agree = [r for r in counted if holds(r) == wanted]
    disagree = [_short(r) for r in counted if r not in agree]
    return Robustness(len(agree), len(counted), disagree)


def _context_parts(claim: Claim, own: list[Reading], done: list[Reading]) -> list[str]:
    parts = []
    base = own[0].number
    mirrors = [r for r in done if r.role == "mirror" and _comparable(r, own[0])]
    if mirrors and own[0].role != "mirror":
        values = ", ".join(f"{formatting.value(r.number, r.unit)} ({_gap(r.number, base, r.unit)})" for r in mirrors)
        parts.append(f"the other country's statistics (mirror, context only) give {values}: {MIRROR_REASONS}")
    for role, words in (("bound", "bounds, not counted"), ("sub-group", "sub-groups, not counted")):
        shown = [r for r in done if r.role == role and _comparable(r, own[0], ignore=("definition", "source"))]
        if shown:
            listed = ", ".join(f"{r.parameters.get('definition')} {formatting.value(r.number, r.unit)}" for r in shown)
            parts.append(f"{words}: {listed}")
    return parts


def _points(value: float, base: float) -> str:
    """The difference of two fractions in percentage points: ``+0.7 points``, ``−0.5 points``."""
    return f"{(value - base) * 100:+.1f} points".replace("-", formatting.MINUS)


def _gap(value: float, base: float, unit: str) -> str:
    """How much larger or smaller ``value`` is than ``base``: ``9.9% larger``, or ``+0.7 points`` for percents."""
    if unit in POINT_UNITS:
        return f"{_points(value, base)} against the claim's statistic"
    change = formatting.percent_change(abs(value), abs(base))
    return f"{change.lstrip('+−±')} {'larger' if abs(value) > abs(base) else 'smaller'} than the claim's statistic"


def _comparable(r: Reading, own: Reading, ignore: tuple[str, ...] = ("source", "definition")) -> bool:
    """Whether ``r`` reads like ``own`` on every axis but ``ignore`` (currency: each source's own for shares)."""
    for key in AXES:
        if key in ignore:
            continue
        if key == "currency" and r.unit == "share":
            if r.parameters.get("currency") != SOURCES[r.parameters["source"]].currency:
                return False
            continue
        if r.parameters.get(key) != own.parameters.get(key):
            return False
    return True


def _own_words(own: list[Reading]) -> str:
    if len(own) == 1:
        return f"on the claim's own statistic ({_short(own[0])})"
    return f"on the {len(own)} readings of the claim's own statistic"


def _values(claim: Claim, own: list[Reading]) -> str:
    if len(own) == 1:
        r = own[0]
        return formatting.value(r.number, r.unit) + _extra(r)
    held = sum(bool(r.holds) for r in own)
    return f"{_span(own)}" + (f", holding on {held} of {len(own)}" if claim.test.kind != "context" else "")


#: Extras a reading's detail already shows in words: the two figures a change compares.
_LEVELS = ("level", "base_level", "tie_above", "tie_below", "record_gap")


def _extra(r: Reading) -> str:
    shown = {k: v for k, v in r.extra.items() if k not in _LEVELS}
    if not shown:
        return ""
    return (
        " ("
        + ", ".join(
            f"{k.replace('_', ' ')} {formatting.value(v, 'share' if k.startswith('share') else r.unit)}"
            for k, v in shown.items()
        )
        + ")"
    )


def _span(readings: list[Reading]) -> str:
    """The range of values, per unit: ``76.6% to 91.9%``, ``¥7.023 trillion to ¥7.713 trillion``."""
    groups: dict[str, list[float]] = {}
    for r in readings:
        groups.setdefault(r.unit, []).append(r.number)
    parts = []
    for unit, values in groups.items():
        low, high = formatting.value(min(values), unit), formatting.value(max(values), unit)
        parts.append(low if low == high else f"{low} to {high}")
    return "; ".join(parts)


def _short(r: Reading) -> str:
    return r.label(AXES)


def _download(r: Reading) -> str:
    dataset = str(r.parameters.get(PUBLISHED, ""))
    return f"downloaded {dataset.partition('@')[2]}" if "@" in dataset else dataset

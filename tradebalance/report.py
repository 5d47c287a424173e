"""The claims report: every claim, its verdict, its readings and their sources, with charts.

``write(verdicts, folder)`` writes ``index.md`` (Markdown that links the PNG charts beside it) and
``index.html`` (one self-contained file: the same content with the charts embedded).
"""

from __future__ import annotations

import base64
import html
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from matplotlib.figure import Figure

from tradebalance import balances, claims, formatting, mirror, plots, tariffs
from tradebalance.claims import AXES, Verdict
from tradebalance.claims.claimreview import reviews
from tradebalance.claims.claimreview import slug as _slug
from tradebalance.snapshot import Snapshot

#: Events marked on the balance chart.
EVENTS = {
    "1985": "Plaza Accord",
    "1989": "Structural Impediments Initiative",
    "2009": "Global financial crisis",
    "2018": "Section 232 auto investigation",
    "2025": "U.S. auto tariffs",
}


@dataclass
class Chart:
    """A chart written to the report: file name, caption, figure."""

    name: str
    caption: str
    figure: Figure


def _readings_table(verdict: Verdict) -> tuple[list[str], list[list[str]]]:
    axes = [k for k in AXES if any(k in r.parameters for r in verdict.readings)]
    head = [*axes, "value", "holds", "role", "arithmetic"]
    rows = []
    for r in verdict.evaluated:
        held = {True: "yes", False: "no", None: "—"}[r.holds]
        value = formatting.exact(r.number, r.unit)
        rows.append(
            [*(str(r.parameters.get(k, "")) for k in axes), value, held, formatting.ROLE_NOTES[r.role], r.detail]
        )
    return head, rows


def _verdict_words(v: Verdict) -> str:
    return v.verdict + (f", rated {v.rating}" if v.rating else "")


def overview_charts(verdicts: Sequence[Verdict], vintage: str | Snapshot = "embedded") -> list[Chart]:
    """The story charts: balance from both sides, the 2017 waterfall, autos' share over time, tariff exposure."""
    snap = Snapshot.open(vintage)
    japan, us = mirror.japan_balance_both_sides("USD", vintage=snap)
    monthly = mirror.japan_balance_both_sides("USD", freq="M", vintage=snap)
    charts = [
        Chart(
            "balance-both-sides",
            "Japan's goods surplus with the U.S. as each country records it, in dollars, by calendar year; "
            "a year not yet complete is shown as year to date against the same months of the year before.",
            plots.balance_over_time(
                [japan, us],
                labels=["Japan's statistics (MOF)", "U.S. statistics (Census), sign flipped"],
                events=EVENTS,
                monthly=list(monthly),
            ),
        ),
        Chart(
            "waterfall-2017",
            "Where Japan's 2017 surplus with the U.S. comes from: net contribution of MOF's nine sections.",
            plots.waterfall(balances.decompose(snap.load("mof", partner="USA"), 2017, "mof-sections")),
        ),
    ]
    by_id = {v.claim.id: v for v in verdicts}
    share = by_id.get("auto-share-2017")
    if share is not None:
        history = claims.over_time(share.claim, range(1988, 2025), framing_only=True, vintage=snap)
        charts.append(
            Chart(
                "auto-share-over-time",
                "Automotive's net share of Japan's surplus with the U.S., year by year "
                f"(claim's framing). {claims.since(history).capitalize()}.",
                plots.claim_over_time(history, threshold=share.claim.test.value),
            )
        )
    charts.append(
        Chart(
            "tariff-exposure-2017",
            "U.S. imports from Japan that a 25 % tariff on vehicles and parts "
            "would have touched in 2017, and the duty before any change in trade.",
            plots.tariff_exposure(tariffs.exposure(2017, 0.25, vintage=snap)),
        )
    )
    return charts


STAMP = ".tradebalance-key"


def write(
    verdicts: Sequence[Verdict], folder: str | Path, key: str | None = None, vintage: str | Snapshot = "embedded"
) -> Path:
    """Write the report for ``verdicts`` into ``folder``; returns the path of ``index.html``.

    ``key`` (see ``claims.cache_key``) identifies the claims, data and code: when the folder already holds
    the report for the same key, nothing is redrawn.
    """
    folder = Path(folder)
    index = folder / "index.html"
    if key and index.is_file() and (folder / STAMP).is_file() and (folder / STAMP).read_text() == key:
        return index
    folder.mkdir(parents=True, exist_ok=True)
    overview = overview_charts(verdicts, vintage)
    readings = {
        v.claim.id: Chart(f"readings-{_slug(v.claim.id)}", f"Every reading of {v.claim.id}.", plots.readings(v))
        for v in verdicts
        if v.evaluated
    }
    images: dict[str, bytes] = {}
    for chart in [*overview, *readings.values()]:
        path = folder / f"{chart.name}.png"
        chart.figure.savefig(path, dpi=110)
        images[chart.name] = path.read_bytes()
    md, body = _markdown(verdicts, overview, readings), _html(verdicts, overview, readings, images)
    (folder / "index.md").write_text(md, encoding="utf-8")
    index.write_text(body, encoding="utf-8")
    if key:
        (folder / STAMP).write_text(key)
    return index


INTRO = (
    "Each claim from the seed article is checked against the official statistics of both countries, under "
    "every reading a careful analyst would consider: whose statistics (Japan's Ministry of Finance or the "
    "U.S. Census Bureau), which definition of the sector, net contribution or gross flow, calendar or fiscal "
    "year, yen or dollars. Values are in currency units; shares are net contributions unless marked gross."
)


def _markdown(verdicts: Sequence[Verdict], overview: Sequence[Chart], readings: dict[str, Chart]) -> str:
    out = [
        "# tradebalance: the seed claims checked",
        "",
        INTRO,
        "",
        "| claim | verdict | rating | summary |",
        "|---|---|---|---|",
    ]
    out += [
        f"| [{v.claim.id}](#{_slug(v.claim.id)}) | **{v.verdict}** | {v.rating or '—'} | {v.summary} |"
        for v in verdicts
    ]
    out += ["", "## The picture", ""]
    for chart in overview:
        out += [f"![{chart.caption}]({chart.name}.png)", "", f"*{chart.caption}*", ""]
    for v in verdicts:
        c = v.claim
        said = formatting.cited(c.attribution)
        out += [
            f"## {c.id}",
            "",
            f"> {c.quote}",
            *([">", f"> {said}"] if said else []),
            "",
            f"**Verdict: {_verdict_words(v)}.** {v.summary}",
            "",
            f"Test: {c.test.describe()}. {c.notes}",
            "",
        ]
        head, rows = _readings_table(v)
        out += ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
        out += ["| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |" for row in rows]
        skipped = formatting.skipped(v.skipped_counts())
        if skipped:
            out += ["", "Combinations not evaluated: " + "; ".join(skipped) + "."]
        if c.id in readings:
            out += ["", f"![readings of {c.id}]({readings[c.id].name}.png)"]
        out += ["", "Sources:", ""]
        out += [f"- {s}" for s in [formatting.source_line(p, licence=True) for p in v.sources()]] + [""]
    return "\n".join(out)


STYLE = """body{font-family:system-ui,sans-serif;max-width:72rem;margin:2rem auto;padding:0 1rem;line-height:1.45;color:#111}
table{border-collapse:collapse;font-size:.85rem;margin:1rem 0}td,th{border:1px solid #999;padding:.25rem .5rem;text-align:left;vertical-align:top}
th{background:#eee}blockquote{border-left:4px solid #999;margin:1rem 0;padding:.25rem 1rem;color:#333}
img{max-width:100%;border:1px solid #ddd}figcaption{font-style:italic;font-size:.9rem}.verdict{font-weight:bold}"""


def _html(
    verdicts: Sequence[Verdict], overview: Sequence[Chart], readings: dict[str, Chart], images: dict[str, bytes]
) -> str:
    e = html.escape

    def figure(name: str, caption: str) -> str:
        data = base64.b64encode(images[name]).decode("ascii")
        return f'<figure><img src="data:image/png;base64,{data}" alt="{e(caption)}"><figcaption>{e(caption)}</figcaption></figure>'

    parts = [
        f"<!doctype html><html lang=en><meta charset=utf-8><title>tradebalance: the seed claims checked</title>"
        f"<style>{STYLE}</style><h1>tradebalance: the seed claims checked</h1><p>{e(INTRO)}</p>",
        f'<script type="application/ld+json">{_json_ld(verdicts)}</script>',
        "<table><tr><th>claim<th>verdict<th>rating<th>summary</tr>",
    ]
    parts += [
        f'<tr><td><a href="#{_slug(v.claim.id)}">{e(v.claim.id)}</a><td class=verdict>{e(v.verdict)}'
        f"<td>{e(v.rating or '—')}<td>{e(v.summary)}</tr>"
        for v in verdicts
    ]
    parts.append("</table><h2>The picture</h2>")
    parts += [figure(c.name, c.caption) for c in overview]
    for v in verdicts:
        c = v.claim
        said = formatting.cited(c.attribution)
        parts.append(
            f'<h2 id="{_slug(c.id)}">{e(c.id)}</h2><blockquote>{e(c.quote)}'
            f"{'<br>' + e(said) if said else ''}</blockquote>"
            f"<p><span class=verdict>Verdict: {e(_verdict_words(v))}.</span> "
            f"{e(v.summary)}</p><p>Test: {e(c.test.describe())}. {e(c.notes)}</p>"
        )
        head, rows = _readings_table(v)
        parts.append("<table><tr>" + "".join(f"<th>{e(h)}" for h in head) + "</tr>")
        parts += ["<tr>" + "".join(f"<td>{e(cell)}" for cell in row) + "</tr>" for row in rows]
        parts.append("</table>")
        skipped = formatting.skipped(v.skipped_counts())
        if skipped:
            parts.append(f"<p>Combinations not evaluated: {e('; '.join(skipped))}.</p>")
        if c.id in readings:
            parts.append(figure(readings[c.id].name, readings[c.id].caption))
        parts.append(
            "<p>Sources:</p><ul>"
            + "".join(f"<li>{e(s)}" for s in [formatting.source_line(p, licence=True) for p in v.sources()])
            + "</ul>"
        )
    return "".join(parts) + "</html>\n"


def _json_ld(verdicts: Sequence[Verdict]) -> str:
    """The ClaimReview JSON-LD of every verdict, safe inside a ``<script>`` element."""
    text = json.dumps(reviews(verdicts, "index.html"), ensure_ascii=False)
    return text.replace("</", "<\\/")

"""The claims report: every claim, its verdict, its readings and their sources, with charts.

``write(verdicts, folder)`` writes ``index.md`` (Markdown that links the PNG charts beside it) and
``index.html`` (one self-contained file: the same content with the charts embedded). Both are written claim
by claim, each chart saved and dropped before the next, so memory does not grow with the number of claims.
Text from the claim file is inert in both: escaped HTML, no Markdown links or raw HTML, JSON-LD that cannot
end its ``<script>`` element.
"""

from __future__ import annotations

import base64
import html
import json
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from matplotlib.figure import Figure

from tradebalance import balances, claims, formatting, mirror, plots, tariffs
from tradebalance.claims import AXES, Verdict, limits
from tradebalance.claims.anchors import anchors
from tradebalance.claims.claimreview import review
from tradebalance.store.snapshot import Snapshot

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
                plots.claim_over_time(history, threshold=share.claim.test.threshold),
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
    the report for the same key, nothing is redrawn. More than ``limits.MAX_CLAIMS_PER_REPORT`` verdicts are
    refused (ClaimFileError).
    """
    limits.check_count(len(verdicts), "the report", limits.MAX_CLAIMS_PER_REPORT)
    folder = Path(folder)
    index, stamp = folder / "index.html", folder / STAMP
    if key and index.is_file() and stamp.is_file() and stamp.read_text() == key:
        return index
    folder.mkdir(parents=True, exist_ok=True)
    stamp.unlink(missing_ok=True)
    overview = [_save(chart, folder) for chart in overview_charts(verdicts, vintage)]
    names = anchors(v.claim.id for v in verdicts)
    md_tmp, html_tmp = folder / "index.md.tmp", folder / "index.html.tmp"
    with md_tmp.open("w", encoding="utf-8") as md, html_tmp.open("w", encoding="utf-8") as page:
        md.write(_markdown_head(verdicts, names, overview))
        _html_head(page, verdicts, names, overview, folder)
        for v, name in zip(verdicts, names, strict=True):
            chart = (
                _save(Chart(f"readings-{name}", f"Every reading of {v.claim.id}.", plots.readings(v)), folder)
                if v.evaluated
                else None
            )
            md.write(_markdown_claim(v, name, chart))
            page.write(_html_claim(v, name, chart, folder))
        page.write("</html>\n")
    os.replace(md_tmp, folder / "index.md")
    os.replace(html_tmp, index)
    if key:
        stamp.write_text(key)
    return index


@dataclass(frozen=True)
class Saved:
    """A chart written beside the report: its file name without ``.png``, and its caption."""

    name: str
    caption: str


def _save(chart: Chart, folder: Path) -> Saved:
    """Write the chart's PNG and clear its figure, which then holds no memory while the rest is drawn."""
    chart.figure.savefig(folder / f"{chart.name}.png", dpi=110)
    chart.figure.clear()
    return Saved(chart.name, chart.caption)


INTRO = (
    "Each claim from the seed article is checked against the official statistics of both countries, under "
    "every reading a careful analyst would consider: whose statistics (Japan's Ministry of Finance or the "
    "U.S. Census Bureau), which definition of the sector, net contribution or gross flow, calendar or fiscal "
    "year, yen or dollars. Values are in currency units; shares are net contributions unless marked gross."
)
#: Characters that would make Markdown of claim-file text a link, an image, code or a table cell's end.
_MARKDOWN_SYNTAX = re.compile(r"([\\`\[\]|])")


def _md(text: str) -> str:
    """Claim-file text as inert Markdown on one line: HTML escaped, link, code and table syntax backslashed.

    With ``[``, ``]`` and ``<`` escaped no link forms, so no ``javascript:`` or ``data:`` link either (the
    only links a renderer still makes itself are bare ``http(s)://`` and ``www.`` addresses).
    """
    return _MARKDOWN_SYNTAX.sub(r"\\\1", html.escape(" ".join(text.split()), quote=False))


def _markdown_head(verdicts: Sequence[Verdict], names: Sequence[str], overview: Sequence[Saved]) -> str:
    out = [
        "# tradebalance: the seed claims checked",
        "",
        INTRO,
        "",
        "| claim | verdict | rating | summary |",
        "|---|---|---|---|",
    ]
    out += [
        f"| [{_md(v.claim.id)}](#{name}) | **{v.verdict}** | {v.rating or '—'} | {_md(v.summary)} |"
        for v, name in zip(verdicts, names, strict=True)
    ]
    out += ["", "## The picture", ""]
    for chart in overview:
        out += [f"![{chart.caption}]({chart.name}.png)", "", f"*{chart.caption}*", ""]
    return "\n".join(out) + "\n"


def _markdown_claim(v: Verdict, name: str, chart: Saved | None) -> str:
    c = v.claim
    said = formatting.cited(c.attribution)
    out = [
        f'<a id="{name}"></a>',
        "",
        f"## {_md(c.id)}",
        "",
        f"> {_md(c.quote)}",
        *([">", f"> {_md(said)}"] if said else []),
        "",
        f"**Verdict: {_verdict_words(v)}.** {_md(v.summary)}",
        "",
        f"Test: {_md(c.test.describe())}. {_md(c.notes)}",
        "",
    ]
    head, rows = _readings_table(v)
    out += ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    out += ["| " + " | ".join(_md(cell) for cell in row) + " |" for row in rows]
    skipped = formatting.skipped(v.skipped_counts())
    if skipped:
        out += ["", "Combinations not evaluated: " + _md("; ".join(skipped)) + "."]
    if chart is not None:
        out += ["", f"![readings of {_md(c.id)}]({chart.name}.png)"]
    out += ["", "Sources:", ""]
    out += [f"- {s}" for s in [formatting.source_line(p, licence=True) for p in v.sources()]] + [""]
    return "\n".join(out) + "\n"


STYLE = """body{font-family:system-ui,sans-serif;max-width:72rem;margin:2rem auto;padding:0 1rem;line-height:1.45;color:#111}
table{border-collapse:collapse;font-size:.85rem;margin:1rem 0}td,th{border:1px solid #999;padding:.25rem .5rem;text-align:left;vertical-align:top}
th{background:#eee}blockquote{border-left:4px solid #999;margin:1rem 0;padding:.25rem 1rem;color:#333}
img{max-width:100%;border:1px solid #ddd}figcaption{font-style:italic;font-size:.9rem}.verdict{font-weight:bold}"""


def _figure(chart: Saved, folder: Path) -> str:
    """The chart as an ``<img>`` with its PNG inline, read back from the folder."""
    data = base64.b64encode((folder / f"{chart.name}.png").read_bytes()).decode("ascii")
    caption = html.escape(chart.caption)
    return (
        f'<figure><img src="data:image/png;base64,{data}" alt="{caption}"><figcaption>{caption}</figcaption></figure>'
    )


def _html_head(
    page: TextIO, verdicts: Sequence[Verdict], names: Sequence[str], overview: Sequence[Saved], folder: Path
) -> None:
    e = html.escape
    page.write(
        f"<!doctype html><html lang=en><meta charset=utf-8><title>tradebalance: the seed claims checked</title>"
        f"<style>{STYLE}</style><h1>tradebalance: the seed claims checked</h1><p>{e(INTRO)}</p>"
        '<script type="application/ld+json">['
    )
    for n, (v, name) in enumerate(zip(verdicts, names, strict=True)):
        page.write((", " if n else "") + _json_ld(v, name))
    page.write("]</script><table><tr><th>claim<th>verdict<th>rating<th>summary</tr>")
    for v, name in zip(verdicts, names, strict=True):
        page.write(
            f'<tr><td><a href="#{name}">{e(v.claim.id)}</a><td class=verdict>{e(v.verdict)}'
            f"<td>{e(v.rating or '—')}<td>{e(v.summary)}</tr>"
        )
    page.write("</table><h2>The picture</h2>" + "".join(_figure(c, folder) for c in overview))


def _html_claim(v: Verdict, name: str, chart: Saved | None, folder: Path) -> str:
    e = html.escape
    c = v.claim
    said = formatting.cited(c.attribution)
    parts = [
        f'<h2 id="{name}">{e(c.id)}</h2><blockquote>{e(c.quote)}'
        f"{'<br>' + e(said) if said else ''}</blockquote>"
        f"<p><span class=verdict>Verdict: {e(_verdict_words(v))}.</span> "
        f"{e(v.summary)}</p><p>Test: {e(c.test.describe())}. {e(c.notes)}</p>"
    ]
    head, rows = _readings_table(v)
    parts.append("<table><tr>" + "".join(f"<th>{e(h)}" for h in head) + "</tr>")
    parts += ["<tr>" + "".join(f"<td>{e(cell)}" for cell in row) + "</tr>" for row in rows]
    parts.append("</table>")
    skipped = formatting.skipped(v.skipped_counts())
    if skipped:
        parts.append(f"<p>Combinations not evaluated: {e('; '.join(skipped))}.</p>")
    if chart is not None:
        parts.append(_figure(chart, folder))
    parts.append(
        "<p>Sources:</p><ul>"
        + "".join(f"<li>{e(s)}" for s in [formatting.source_line(p, licence=True) for p in v.sources()])
        + "</ul>"
    )
    return "".join(parts)


def _json_ld(v: Verdict, name: str) -> str:
    r"""The verdict's ClaimReview, its ``url`` this report's section, as JSON that cannot end its ``<script>``.

    ``<``, ``>`` and ``&`` are written as JSON escapes (``\u003c``, ``\u003e``, ``\u0026``), which a JSON
    parser reads back as they were: no ``</script>`` or ``<!--`` is left for the HTML parser to act on.
    """
    text = json.dumps({**review(v, "index.html"), "url": f"index.html#{name}"}, ensure_ascii=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")

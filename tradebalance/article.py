"""Check an article: its statements drafted (``tb.extract``), checked, and laid out as a table of verdicts.

The plain functions behind ``tradebalance extract``, ``tradebalance check --text`` and notebook 07 (and its web
page, ``make app``); nothing here needs ipywidgets::

    from tradebalance import article

    checked = article.check_article(text, "2018-09-25", url="https://…")   # one Checked per statement
    article.rows(checked)          # sentence, verdict, rating, answer, confidence: one dict per statement
    article.table_html(checked)    # the same as an HTML table, each rating in its colour and its word
    article.statement_readings(checked[0])  # every reading of one statement (a DataFrame); chart_of: its chart

A statement the data cannot answer (a period not published) or a draft the claim-file parser refuses does not
stop the others: it is listed as not checkable, with the reason.
"""

from __future__ import annotations

import dataclasses
import html
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tradebalance.errors import ClaimFileError, TradebalanceError

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.figure import Figure

    from tradebalance.claims import Claim, Verdict
    from tradebalance.extract import Draft
    from tradebalance.store.snapshot import Snapshot

#: The most of an article read, in bytes: a claim file's limit, some 300,000 words of English.
MAX_TEXT_BYTES = 2 * 1024 * 1024
#: Background colour of each rating (and of a statement without one), dark text on it; the word is always shown.
COLOURS = {
    "true": "#b7e4c7",
    "mostly true": "#d8f3dc",
    "half true": "#fff3b0",
    "mostly false": "#ffd6a5",
    "false": "#ffadad",
    "mixed": "#fff3b0",
    "context": "#dbe7f5",
    "not checkable": "#e5e5e5",
}
#: The verdict of a statement that could not be checked (the reason is its summary).
NOT_CHECKABLE = "not checkable"
_URL = re.compile(r"https?://[^\s<>\"]+")


@dataclass(frozen=True)
class Checked:
    """A statement of the article: its draft, its verdict, or why it has none (``problem``)."""

    draft: Draft
    verdict: Verdict | None
    problem: str = ""

    @property
    def id(self) -> str:
        """The claim's id (``s11-balance-2017``: sentence 11)."""
        return str(self.draft.claim.get("id", ""))

    @property
    def label(self) -> str:
        """The word a reader sees: the rating, else the verdict (``context``, ``not checkable``)."""
        if self.verdict is None:
            return NOT_CHECKABLE
        return self.verdict.rating or self.verdict.verdict

    @property
    def answer(self) -> str:
        """The one-line answer, else the summary, else why the statement was not checked."""
        if self.verdict is None:
            return self.problem
        return self.verdict.answer or self.verdict.summary

    def as_dict(self) -> dict[str, Any]:
        """The verdict as ``check --format json`` gives it, with the ``sentence``, its span and ``confidence``."""
        d = self.draft
        if self.verdict is not None:
            out = self.verdict.as_dict()
        else:
            out = {"id": self.id, "quote": d.claim.get("quote", d.sentence), "answer": ""}
            out |= {"attribution": d.claim.get("attribution", {}), "metric": d.claim.get("metric")}
            out |= {"verdict": NOT_CHECKABLE, "rating": None, "summary": self.problem, "readings": [], "parts": []}
        return out | {"sentence": d.sentence, "start": d.start, "end": d.end, "confidence": d.confidence}


def read_text(source: str | Path) -> str:
    """The text of the file ``source`` (``-``: standard input), UTF-8, up to :data:`MAX_TEXT_BYTES`."""
    name = "standard input" if str(source) == "-" else str(source)
    try:
        if str(source) == "-":
            data = sys.stdin.buffer.read(MAX_TEXT_BYTES + 1)
        else:
            with Path(source).open("rb") as handle:
                data = handle.read(MAX_TEXT_BYTES + 1)
    except OSError as exc:
        raise ClaimFileError(f"{name}: cannot read the article: {exc.strerror or exc}") from None
    return text_from_bytes(data, name)


def text_from_bytes(data: bytes, name: str = "the article") -> str:
    """An article's bytes (a file, an upload) as text: UTF-8, with or without a byte-order mark."""
    if len(data) > MAX_TEXT_BYTES:
        raise ClaimFileError(f"{name}: larger than {MAX_TEXT_BYTES:,} bytes (the limit)")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ClaimFileError(f"{name}: not UTF-8 text (byte {exc.start:,} cannot be read)") from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def draft_all(text: str, date: str | None = None, url: str | None = None) -> list[Draft]:
    """The article's drafts (``tb.extract``), each attributed to ``url`` where it is given."""
    from tradebalance.extract import extract

    if url and not _URL.fullmatch(url):
        raise ClaimFileError(f"article URL {url[:80]!r}: not a web address (http:// or https://)")
    found = extract(text, date)
    if not url:
        return found
    return [
        dataclasses.replace(d, claim=d.claim | {"attribution": {**d.claim.get("attribution", {}), "url": url}})
        for d in found
    ]


def check_article(
    text: str, date: str | None = None, *, url: str | None = None, vintage: str | Snapshot = "embedded"
) -> list[Checked]:
    """Every statement :func:`draft_all` finds in ``text``, checked on the data of ``vintage`` (cached verdicts)."""
    return check_drafts(draft_all(text, date, url), vintage)


def check_drafts(found: Sequence[Draft], vintage: str | Snapshot = "embedded") -> list[Checked]:
    """Each draft checked: its verdict, or why it has none (the parser refused it, the data cannot answer it)."""
    from tradebalance.claims import limits

    limits.check_count(len(found), "the article", limits.MAX_CLAIMS_PER_FILE)
    claims: list[Claim] = []
    refused: dict[int, str] = {}
    for n, d in enumerate(found):
        try:
            claims.append(d.to_claim())
        except ClaimFileError as exc:
            refused[n] = f"the statement could not be drafted as a claim: {exc}"
    verdicts = iter(_verdicts(claims, vintage))
    out = []
    for n, d in enumerate(found):
        if n in refused:
            out.append(Checked(d, None, refused[n]))
            continue
        verdict = next(verdicts)
        out.append(Checked(d, None, verdict) if isinstance(verdict, str) else Checked(d, verdict))
    return out


def _verdicts(claims: Sequence[Claim], vintage: str | Snapshot) -> list[Verdict | str]:
    """Each claim's verdict (cached with the others), or, where the data cannot answer it, why not."""
    from tradebalance.claims import check_all

    try:
        return list(check_all(claims, vintage))
    except TradebalanceError:  # one statement the data cannot answer: check one by one, to keep the others
        out: list[Verdict | str] = []
        for claim in claims:
            try:
                out.extend(check_all([claim], vintage))
            except TradebalanceError as exc:
                out.append(f"could not be checked: {exc}")
        return out


def rows(checked: Sequence[Checked]) -> list[dict[str, Any]]:
    """The table of statements: ``n``, ``id``, ``sentence``, ``verdict``, ``rating``, ``answer``, ``confidence``."""
    return [
        {
            "n": n,
            "id": c.id,
            "sentence": c.draft.sentence,
            "verdict": c.verdict.verdict if c.verdict else NOT_CHECKABLE,
            "rating": c.verdict.rating if c.verdict else None,
            "answer": c.answer,
            "confidence": c.draft.confidence,
        }
        for n, c in enumerate(checked, 1)
    ]


def colour(label: str) -> str:
    """The background colour of a rating or verdict (:data:`COLOURS`)."""
    return COLOURS.get(label, COLOURS[NOT_CHECKABLE])


def tag(label: str) -> str:
    """A rating as an HTML badge: its word in capitals, in brackets (read without colour), on its colour."""
    return (
        f'<span class="tb-tag" style="background:{colour(label)};color:#111;padding:0 .3em;border-radius:3px;'
        f'font-weight:bold;white-space:nowrap">[{html.escape(label.upper())}]</span>'
    )


def table_html(checked: Sequence[Checked]) -> str:
    """The table of statements as HTML (``<table class="tb-verdicts">``), every text escaped."""
    if not checked:
        return '<p class="tb-verdicts-empty">No statement about trade figures was found in this text.</p>'
    e = html.escape
    cell = 'style="border:1px solid #999;padding:.25em .5em;text-align:left;vertical-align:top"'
    head = "".join(f"<th {cell}>{h}</th>" for h in ("#", "statement", "verdict", "rating", "answer", "confidence"))
    body = "".join(
        f"<tr><td {cell}>{r['n']}</td><td {cell}>{e(r['sentence'])}</td><td {cell}>{e(r['verdict'])}</td>"
        f"<td {cell}>{tag(c.label)}</td><td {cell}>{e(r['answer'])}</td><td {cell}>{r['confidence']:.2f}</td></tr>"
        for r, c in zip(rows(checked), checked, strict=True)
    )
    return f'<table class="tb-verdicts" style="border-collapse:collapse"><tr>{head}</tr>{body}</table>'


def choices(checked: Sequence[Checked], width: int = 80) -> list[tuple[str, int]]:
    """Options for picking a statement: a label (its number, rating and sentence) and the statement's index."""
    out = []
    for n, c in enumerate(checked):
        sentence = " ".join(c.draft.sentence.split())
        text = f"{n + 1}. [{c.label.upper()}] {sentence}"
        out.append((text if len(text) <= width else text[: width - 1].rstrip() + "…", n))
    return out


def statement_readings(item: Checked) -> pd.DataFrame:
    """Every reading of the statement, the claim's own first: role, axes, value, shown, holds, arithmetic."""
    from tradebalance.claims.interactive import summary_table

    if item.verdict is None:
        import pandas as pd

        return pd.DataFrame(columns=["role", "value", "shown", "holds", "arithmetic"])
    return summary_table(item.verdict)


def chart_of(item: Checked) -> Figure | None:
    """The statement's readings chart, or ``None`` when no reading has a value."""
    from tradebalance.claims.interactive import chart

    return chart(item.verdict) if item.verdict is not None else None


def sources_of(item: Checked) -> list[str]:
    """One line per official file behind the statement's figures, with its licence."""
    from tradebalance import formatting

    return [formatting.source_line(p, licence=True) for p in item.verdict.sources()] if item.verdict else []

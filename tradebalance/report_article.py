"""The annotated article: its text, each checked sentence marked by its rating, and beside it what the data say.

``write_annotated(text, checked, folder)`` writes ``index.html``, one self-contained page (``check --text FILE --report
DIR``): the article's paragraphs (plain text, Markdown or a saved HTML page, read as ``tb.extract`` reads it),
every checked sentence marked with its rating in colour *and* in words (``[MOSTLY TRUE]``: the page reads
without colour), and beside each paragraph a note per statement: the one-line answer, the claim's own figure and
every reading, and the official files behind them. A ClaimReview per statement is embedded as JSON-LD, its
``itemReviewed.appearance`` the article's URL where it is known. Text from the article is escaped; the JSON-LD
cannot end its ``<script>`` element.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from tradebalance import formatting
from tradebalance.article import NOT_CHECKABLE, Checked, colour, sources_of, tag
from tradebalance.store import paths

if TYPE_CHECKING:
    from tradebalance.extract.document import Sentence

TITLE = "tradebalance: an article checked"
STYLE = """body{font-family:system-ui,sans-serif;max-width:80rem;margin:2rem auto;padding:0 1rem;line-height:1.5;color:#111}
.row{display:grid;grid-template-columns:minmax(0,3fr) minmax(0,2fr);gap:1.5rem;border-top:1px solid #ddd;padding:.5rem 0}
mark{color:#111;padding:.1em .15em;border-bottom:2px solid #555}aside{font-size:.88rem}
.note{border-left:4px solid #999;padding:.1rem .75rem;margin-bottom:1rem}.note p{margin:.3rem 0}
table{border-collapse:collapse;font-size:.8rem;margin:.4rem 0}td,th{border:1px solid #999;padding:.15rem .4rem;text-align:left;vertical-align:top}
th{background:#eee}.sources{font-size:.78rem;color:#333}.answer{font-weight:600}
@media (max-width:50rem){.row{grid-template-columns:1fr}}"""
#: A paragraph break between two sentences: a blank line, a block element, a list item or a heading.
_PARAGRAPH = re.compile(
    r"\n[ \t]*\n|<\s*/?\s*(?:p|div|li|h[1-6]|br|tr|blockquote|section|article|ul|ol|table|pre|hr)\b"
    r"|\n[ \t]*(?:[-*+•]\s|#{1,6}\s|\d+[.)]\s)",
    re.IGNORECASE,
)


def write_annotated(
    text: str, checked: Sequence[Checked], folder: str | Path, *, url: str | None = None, date: str | None = None
) -> Path:
    """Write the annotated article into ``folder``; returns the path of ``index.html``.

    More than ``limits.MAX_CLAIMS_PER_REPORT`` statements are refused (ClaimFileError).
    """
    from tradebalance.claims import limits
    from tradebalance.claims.anchors import anchors

    limits.check_count(len(checked), "the report", limits.MAX_CLAIMS_PER_REPORT)
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    names = anchors(c.id for c in checked)
    page = "".join([_head(checked, names, url, date), *_body(text, checked, names), "</main></html>\n"])
    index = folder / "index.html"
    paths.atomic_write(index, page.encode())
    return index


def _head(checked: Sequence[Checked], names: Sequence[str], url: str | None, date: str | None) -> str:
    e = html.escape
    source = f'<a href="{e(url)}">{e(url)}</a>' if url else "not given"
    counts: dict[str, int] = {}
    for c in checked:
        counts[c.label] = counts.get(c.label, 0) + 1
    tally = ", ".join(f"{n} {label}" for label, n in counts.items()) or "none"
    legend = " ".join(tag(label) for label in ("true", "mostly true", "half true", "mostly false", "false"))
    return (
        f"<!doctype html><html lang=en><meta charset=utf-8><title>{TITLE}</title><style>{STYLE}</style>"
        f'<script type="application/ld+json">{_json_ld(checked, names)}</script>'
        f"<h1>An article checked against the official statistics</h1>"
        f"<p>Article: {source}; dated {e(date or 'not given')}. {len(checked)} statement"
        f"{'' if len(checked) == 1 else 's'} about trade figures found and checked ({e(tally)}), each marked in the "
        f"text by its rating, with the answer, the figures and their sources beside it.</p>"
        f"<p>Ratings, from the best to the worst: {legend}; {tag('context')} a figure given as context, quantified "
        f"not judged; {tag(NOT_CHECKABLE)} a statement trade statistics cannot check.</p><main>"
    )


def _body(text: str, checked: Sequence[Checked], names: Sequence[str]) -> list[str]:
    """One row per paragraph: the text with its marked sentences, and the notes of those sentences."""
    from tradebalance.extract import document

    e = html.escape
    out = []
    for paragraph in _paragraphs(text, document.sentences(text)):
        pieces, notes = [], []
        for sentence in paragraph:
            found = [n for n, c in enumerate(checked) if c.draft.start < sentence.end and sentence.start < c.draft.end]
            if not found:
                pieces.append(e(sentence.text))
                continue
            tags = " ".join(f'<a href="#note-{names[n]}">{tag(checked[n].label)}</a>' for n in found)
            pieces.append(
                f'<mark id="{names[found[0]]}" style="background:{colour(checked[found[0]].label)}">{tags} {e(sentence.text)}</mark>'
            )
            notes += [_note(checked[n], names[n]) for n in found]
        out.append(
            f"<div class=row><div class=text><p>{' '.join(pieces)}</p></div><aside>{''.join(notes)}</aside></div>"
        )
    return out


def _paragraphs(text: str, sentences: Sequence[Sentence]) -> list[list[Sentence]]:
    """The sentences grouped into paragraphs, where the input between two of them breaks the paragraph."""
    out: list[list[Sentence]] = []
    end = 0
    for s in sentences:
        if not out or _PARAGRAPH.search(text, end, s.start):
            out.append([])
        out[-1].append(s)
        end = s.end
    return out


def _note(item: Checked, name: str) -> str:
    """What the data say about one statement: its rating, answer, figures and sources."""
    e = html.escape
    v = item.verdict
    head = NOT_CHECKABLE if v is None else e(v.verdict) + (f", rated {e(v.rating)}" if v.rating else "")
    parts = [
        f'<section class=note id="note-{name}"><p><a href="#{name}">{tag(item.label)}</a> {head} · drafted with '
        f"confidence {item.draft.confidence:.2f} · claim <code>{e(item.id)}</code></p>"
        f"<p class=answer>{e(item.answer)}</p>"
    ]
    if v is not None:
        parts += [f"<p>Part {n}: {e(p.answer or p.summary)}</p>" for n, p in enumerate(v.parts, 1)]
        parts.append(_figures(item))
        parts.append(
            f"<p class=sources>{e(formatting.source_summary(v.sources()))}</p><details class=sources><summary>the "
            "files, their addresses, checksums and licences</summary><ul>"
            + "".join(f"<li>{e(s)}</li>" for s in sources_of(item))
            + "</ul></details>"
        )
    return "".join(parts) + "</section>"


def _figures(item: Checked) -> str:
    """The claim's own figure and test, then every evaluated reading in a table that opens on demand."""
    from tradebalance.claims import AXES

    e = html.escape
    v = item.verdict
    if v is None or not v.evaluated:
        return f"<p>{e(v.summary) if v else ''}</p>"
    own = [r for r in v.evaluated if r.role == "framing"]
    unit = (own or v.evaluated)[0].unit
    shown = "; ".join(f"{formatting.value(r.number, r.unit)} ({r.label(AXES)})" for r in own) or "—"
    rows = "".join(
        f"<tr><td>{e(r.label(AXES))}</td><td>{e(formatting.value(r.number, r.unit))}</td>"
        f"<td>{ {True: 'holds', False: 'fails', None: '—'}[r.holds] }</td><td>{e(r.role)}</td></tr>"
        for r in v.evaluated
    )
    return (
        f"<p>The claim's own figure: {e(shown)}; test: {e(v.claim.test.describe(lambda x: formatting.value(x, unit)))}"
        f"; {v.robustness.agree} of {v.robustness.of} readings of its words agree.</p>"
        f"<details><summary>every reading ({len(v.evaluated)})</summary><table><tr><th>reading<th>value<th>holds"
        f"<th>role</tr>{rows}</table></details>"
    )


def _json_ld(checked: Sequence[Checked], names: Sequence[str]) -> str:
    r"""A ClaimReview per checked statement, as JSON that cannot end its ``<script>`` (``<``, ``>``, ``&`` escaped)."""
    from tradebalance.claims.claimreview import review

    reviews = [
        {**review(c.verdict, "index.html"), "url": f"index.html#{name}"}
        for c, name in zip(checked, names, strict=True)
        if c.verdict is not None
    ]
    text = json.dumps(reviews, ensure_ascii=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")

"""How the command line prints results: text tables, CSV or JSON, each with its source lines."""

from __future__ import annotations

import argparse
import json
import sys
import unicodedata
from typing import TYPE_CHECKING, Any

from tradebalance import formatting

if TYPE_CHECKING:
    import pandas as pd

    from tradebalance.claims import Reading, Verdict


def emit(frame: pd.DataFrame, fmt: str, text: str) -> None:
    """Print ``frame`` as JSON records or CSV, or ``text`` for the text format."""
    if fmt == "json":
        print(json.dumps(records(frame), ensure_ascii=False, indent=2))
    elif fmt == "csv":
        sys.stdout.write(frame.to_csv(index=False, lineterminator="\n"))
    else:
        print(text)


def records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """A frame as JSON-ready records (15 significant digits)."""
    return json.loads(frame.to_json(orient="records", force_ascii=False, double_precision=15))


def source_lines(provenance: list[dict[str, Any]]) -> str:
    """One line per file behind a result (:func:`tradebalance.formatting.source_line`)."""
    return "\n".join(formatting.source_line(p) for p in provenance)


def pad(text: str, width: int) -> str:
    """Left-align ``text`` in ``width`` terminal columns, counting East Asian wide characters as two."""
    used = sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
    return text + " " * max(width - used, 0)


def billions(x: float) -> str:
    """Billions with one decimal; blank where there is no value."""
    return "" if x != x else f"{x / 1e9:,.1f}"


def _role_note(r: Reading) -> str:
    """What a reading is to the claim; a variant in another period or currency is shown, not counted."""
    if r.role == "variant" and not r.counted:
        return "variant: another period or currency (shown, not counted)"
    return formatting.ROLE_NOTES[r.role]


def brief_text(v: Verdict) -> str:
    """A verdict in one line: the id, the verdict and rating, and the answer (``check --brief``)."""
    rating = f", {v.rating}" if v.rating else ""
    return f"[{v.claim.id}] {v.verdict}{rating}: {v.answer or v.summary}\n"


def verdict_text(v: Verdict) -> str:
    """A verdict in text: the verdict and rating, the answer, the quote, the summary, every reading with its arithmetic."""
    from tradebalance.claims.model import AXES

    c = v.claim
    rating = f" · rated {v.rating.upper()}" if v.rating else ""
    said = formatting.cited(c.attribution)
    lines = [
        f"[{c.id}] {v.verdict.upper()}{rating}",
        *([f"  {v.answer}"] if v.answer else []),
        f"  “{c.quote}”",
        *([f"  {said}"] if said else []),
        *[
            f"  part {n}: {p.verdict}{', ' + p.rating if p.rating else ''}: {p.answer}"
            for n, p in enumerate(v.parts, 1)
        ],
        f"  {v.summary}",
        "  readings:",
    ]
    axes = [k for k in AXES if any(k in r.parameters for r in v.readings)]
    for r in v.readings:
        if r.value is None:
            continue
        label = r.label(tuple(axes))  # the axes this reading has: no empty fields
        held = {True: "holds", False: "fails", None: ""}[r.holds]
        lines.append(f"    {label:<48} {formatting.exact(r.value, r.unit):>20}  {held:<5}  ← {_role_note(r)}")
        lines.append(f"        = {r.detail}")
    lines += [f"    skipped ({n}): {reason}" for reason, n in v.skipped_counts().items()]
    lines.append("  " + source_lines(v.sources()).replace("\n", "\n  "))
    return "\n".join(lines) + "\n"


def check_over_time(args: argparse.Namespace, claims: list[Any]) -> int:
    """Tradebalance check --claim ID --years FIRST-LAST: one claim evaluated for every year, and since when it holds."""
    from tradebalance import claims as cl
    from tradebalance.errors import ClaimFileError

    if not args.claim:
        raise ClaimFileError("--years needs --claim ID: one claim evaluated over time")
    try:
        first, last = (int(y) for y in args.years.split("-"))
    except ValueError:
        raise ClaimFileError(f"--years {args.years!r}: expected FIRST-LAST, e.g. 1988-2024") from None
    table = cl.over_time(claims[0], range(first, last + 1), vintage=args.vintage)
    summary = cl.since(table)
    if args.format == "json":
        print(
            json.dumps(
                {"id": claims[0].id, "summary": summary, "test": table.attrs["test"], "values": records(table)},
                ensure_ascii=False,
                indent=2,
            )
        )
        return 0
    own = table[table["framing"]] if table["framing"].any() else table[table["reading"] == table["reading"].iloc[0]]
    share = claims[0].metric in cl.SHARE_METRICS
    print(f"[{claims[0].id}] over time, {first}–{last} (test: {table.attrs['test']})")
    print(f"  {summary}")
    for r in own.itertuples(index=False):
        value = f"{r.value:.1%}" if share else f"{r.value:,.0f}"
        print(f"  {r.year}  {value:>20}  {'holds' if r.holds else 'fails'}")
    print("  all readings: `--format json`")
    print("  " + source_lines(table.attrs["provenance"]).replace("\n", "\n  "))
    return 0

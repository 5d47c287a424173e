"""The article commands: ``extract`` (a text's statements as draft claims) and ``check --text`` (drafted and checked)."""

from __future__ import annotations

import argparse
import json
import sys
from typing import NoReturn

from tradebalance.cli.output import brief_text, check_over_time, verdict_text


def extract(args: argparse.Namespace) -> int:
    """Tradebalance extract: the statements of a text as draft claims (a claim file, or JSON)."""
    from tradebalance import article
    from tradebalance.extract import to_toml

    drafts = article.draft_all(article.read_text(args.file), args.date, args.article_url)
    if args.format == "json":
        print(json.dumps([d.as_dict() for d in drafts], ensure_ascii=False, indent=2))
        return 0
    if not drafts:
        print("no statement about trade figures found", file=sys.stderr)
    sys.stdout.write(to_toml(drafts))
    return 0


def check_text(args: argparse.Namespace) -> int:
    """Tradebalance check --text: draft the text's statements, check them, print them (and the annotated article)."""
    from tradebalance import article
    from tradebalance.errors import ClaimFileError

    if args.claims:
        raise ClaimFileError("--text and --claims: check one or the other (`tradebalance extract` writes a claim file)")
    text = article.read_text(args.text)
    drafts = article.draft_all(text, args.date, args.article_url)
    if args.claim:
        drafts = [d for d in drafts if d.claim.get("id") == args.claim] or _none(args.text, args.claim)
    if args.years:
        return check_over_time(args, [d.to_claim() for d in drafts])
    checked = article.check_drafts(drafts, args.vintage)
    if args.report:
        from tradebalance import report_article

        index = report_article.write_annotated(text, checked, args.report, url=args.article_url, date=args.date)
        print(f"annotated article written to {index}", file=sys.stderr)
    if args.format == "json":
        print(json.dumps([c.as_dict() for c in checked], ensure_ascii=False, indent=2))
        return 0
    if args.format == "claimreview":
        from tradebalance.claims import claimreview

        verdicts = [c.verdict for c in checked if c.verdict is not None]
        print(json.dumps(claimreview.reviews(verdicts, args.url), ensure_ascii=False, indent=2))
        return 0
    for c in checked:
        where = f"characters {c.draft.start}–{c.draft.end}, drafted with confidence {c.draft.confidence:.2f}"
        if c.verdict is None:
            print(f"[{c.id}] {article.NOT_CHECKABLE}: {c.problem} ({where})" + ("" if args.brief else "\n"))
        elif args.brief:
            print(brief_text(c.verdict), end="")
        else:
            head, _, rest = verdict_text(c.verdict).partition("\n")
            print(f"{head}\n  ({where})\n{rest}")
    return 0


def _none(source: str, claim_id: str) -> NoReturn:
    from tradebalance.errors import ClaimFileError

    name = "standard input" if source == "-" else source
    raise ClaimFileError(f"{name}: no statement drafted with id {claim_id!r} (`tradebalance extract` lists them)")

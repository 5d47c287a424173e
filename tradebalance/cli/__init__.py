"""The ``tradebalance`` command line, built from a table of commands.

Each command is a row of :data:`COMMANDS` (or :data:`DATA_COMMANDS` under ``tradebalance data``): its name,
help, arguments and the function that runs it (``module:function`` in this package, imported only when the
command runs, so ``--help`` is instant). The documentation's CLI reference is generated from :func:`parser`.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tradebalance.sources.registry import REFRESHED, SOURCES, TRADE

DESCRIPTION = """\
Check claims about the Japan–U.S. trade balance against the official statistics of both countries.

Every figure comes from the embedded snapshot of official files (see `tradebalance data info`) and is
printed with its source. Values are in currency units (yen or dollars), not thousands.
"""


@dataclass(frozen=True)
class Arg:
    """One argument: its flags and ``argparse.add_argument`` options."""

    flags: tuple[str, ...]
    options: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Command:
    """One command of the table."""

    name: str
    help: str
    run: str
    """``module:function`` in ``tradebalance.cli``."""
    args: tuple[Arg, ...] = ()
    description: str = ""
    formats: tuple[str, ...] = ("text", "csv", "json")


VINTAGE = Arg(("--vintage",), {"default": "embedded", "help": "data: embedded (default), latest, or a refresh's date"})
CLAIMS = Arg(("--claims",), {"type": Path, "help": "claim file (TOML); default: the seed claims"})
SOURCE = Arg(
    ("--source",),
    {
        "choices": TRADE,
        "default": "mof",
        "help": "whose statistics: " + "; ".join(f"{name} = {SOURCES[name].title}" for name in TRADE),
    },
)
PARTNER = Arg(
    ("--partner",),
    {
        "default": None,
        "help": "partner: a code (CHN, X0003), an English or Japanese name (China, 中国) or an alias (EU, ASEAN, "
        "the U.S.); default: the other country",
    },
)

DATE = Arg(
    ("--date",),
    {
        "metavar": "YYYY-MM-DD",
        "help": 'the article\'s date (2018, 2018-09 or 2018-09-25): it reads "last year" and the period of a '
        "statement that names none, and it is the claims' attribution date",
    },
)
ARTICLE_URL = Arg(
    ("--article-url",),
    {"metavar": "URL", "help": "the article's address: the claims' attribution url, the ClaimReview's appearance"},
)

COMMANDS: tuple[Command, ...] = (
    Command(
        "check",
        "check the seed claims (or your own) on the embedded data",
        "analysis:check",
        (
            CLAIMS,
            Arg(("--claim",), {"metavar": "ID", "help": "check only this claim"}),
            Arg(
                ("--years",),
                {
                    "metavar": "FIRST-LAST",
                    "help": "with --claim: evaluate the claim for every year in the range (e.g. 1988-2024) and "
                    "say since when it holds",
                },
            ),
            Arg(("--report",), {"type": Path, "metavar": "DIR", "help": "also write the report to DIR"}),
            VINTAGE,
            Arg(("--url",), {"default": "index.html", "help": "with --format claimreview: the report page"}),
            Arg(("--brief",), {"action": "store_true", "help": "text: one line per claim, the answer only"}),
            Arg(
                ("--text",),
                {
                    "metavar": "FILE",
                    "help": "check an article instead of a claim file: its statements are drafted (as by "
                    "`tradebalance extract`) and checked; - reads standard input. With --report DIR: the "
                    "annotated article",
                },
            ),
            DATE,
            ARTICLE_URL,
        ),
        "Evaluate each claim under every applicable reading and print the verdict, its rating, the values "
        "behind it and where they come from. With --text, the claims are the statements drafted from an "
        "article (each verdict gains its sentence and the confidence of the draft), and --report writes the "
        "annotated article: its text with each checked sentence marked by its rating, and beside it the "
        "answer, the figures and their sources.",
        ("text", "json", "claimreview"),
    ),
    Command(
        "extract",
        "draft the checkable statements of an article as claims",
        "article:extract",
        (
            Arg(
                ("file",),
                {"help": "the article: plain text, Markdown or HTML; - for standard input"},
            ),
            DATE,
            ARTICLE_URL,
        ),
        "Find the statements about trade figures in a text (English or Japanese) and draft each as a claim: "
        "toml prints a claim file that `tradebalance check --claims` reads unchanged, with each claim's sentence, "
        "confidence and other readings as comments; json prints every field of each draft (sentence, start, "
        "end, claim, confidence, alternatives, checkable, reason). Drafts are a starting point: read them "
        "before you check them.",
        ("toml", "json"),
    ),
    Command(
        "report",
        "write the claims report with charts (Markdown and HTML)",
        "analysis:report",
        (
            Arg(("--out",), {"type": Path, "default": Path("report"), "metavar": "DIR", "help": "output folder"}),
            CLAIMS,
            VINTAGE,
        ),
        "Check the claims and write a self-contained report: every claim, its verdict, its readings table, "
        "charts, provenance and ClaimReview JSON-LD.",
        (),
    ),
    Command(
        "balance",
        "exports, imports and balance by month, year or fiscal year",
        "analysis:balance",
        (
            SOURCE,
            PARTNER,
            Arg(
                ("--freq",),
                {
                    "choices": ("M", "Q", "H", "Y", "FY"),
                    "default": "Y",
                    "help": "M months, Q quarters, H half-years, Y calendar years, FY Japanese fiscal years "
                    "April–March (default Y)",
                },
            ),
            Arg(
                ("--scope",),
                {
                    "choices": ("goods", "services", "goods-and-services"),
                    "help": "what the balance covers (default goods; services need --source bea)",
                },
            ),
            Arg(
                ("--from",),
                {
                    "dest": "start",
                    "metavar": "PERIOD",
                    "help": "first period: 2010, FY2010, 2010H1, 2010Q1, 2010-01; a longer one than --freq means its "
                    "first (2010 in months: 2010-01)",
                },
            ),
            Arg(("--to",), {"dest": "end", "metavar": "PERIOD", "help": "last period (2024 in months: 2024-12)"}),
            VINTAGE,
        ),
        "Exports, imports and balance (exports − imports) from one reporter's statistics.",
    ),
    Command(
        "decompose",
        "a year's balance broken down by sector",
        "analysis:decompose",
        (
            SOURCE,
            PARTNER,
            Arg(("--year",), {"required": True, "metavar": "PERIOD", "help": "2017, FY2017 or 2017-03"}),
            Arg(
                ("--definition", "--sectors"),
                {
                    "dest": "definition",
                    "metavar": "DEFINITION",
                    "help": "sector definition (default: MOF's nine sections, or Census end-use principal "
                    "categories); see `tradebalance sectors`",
                },
            ),
            Arg(
                ("--by",),
                {
                    "choices": ("section", "item"),
                    "default": "section",
                    "help": "section: a sector definition; item: every published item, side by side",
                },
            ),
            VINTAGE,
        ),
        "Each sector's exports, imports, net contribution and share of the balance. Shares are net "
        "contributions and add to 100% over the sectors listed.",
    ),
    Command(
        "mirror",
        "the same trade as reported by each country",
        "analysis:mirror",
        (
            Arg(("--year",), {"metavar": "YEAR", "help": "one year (default: every year both sides cover)"}),
            Arg(("--currency",), {"choices": ("USD", "JPY"), "default": "USD"}),
            VINTAGE,
        ),
        "Japan's exports to the U.S. against U.S. imports from Japan, and the reverse, in one currency, with "
        "the gap and the usual reasons for it.",
    ),
    Command(
        "fx",
        "yen per U.S. dollar (FRED)",
        "analysis:fx",
        (Arg(("--freq",), {"choices": ("D", "M", "Y", "FY"), "default": "Y"}), VINTAGE),
        "Yen per dollar: annual and fiscal-year means of the daily noon buying rate (FRED's AEXJPUS method), "
        "monthly EXJPUS, or daily DEXJPUS.",
    ),
    Command(
        "rank",
        "U.S. trading partners ranked (Census)",
        "analysis:rank",
        (
            Arg(("--year",), {"required": True, "metavar": "YEAR"}),
            Arg(("--by",), {"choices": ("balance", "exports", "imports", "total"), "default": "balance"}),
            Arg(("--top",), {"type": int, "default": 15, "help": "rows in text format (default 15; all in csv/json)"}),
            VINTAGE,
        ),
        "U.S. partner countries for one year ranked by balance (largest deficit first), exports, imports or "
        "total trade.",
    ),
    Command("sectors", "list the sector definitions", "analysis:sectors", formats=("text", "json")),
)

DATA_COMMANDS: tuple[Command, ...] = (
    Command(
        "build",
        "rebuild data/ from the official files",
        "data:build",
        (
            Arg(("--from",), {"dest": "originals", "type": Path, "required": True, "metavar": "DIR"}),
            Arg(("--out",), {"type": Path, "default": None, "help": "output folder (default: the package's data/)"}),
            Arg(("--force",), {"action": "store_true", "help": "parse every file, even those already built"}),
        ),
        "Parse the official files in DIR (laid out as mof/, census/, fx/) into the snapshot. A file whose "
        "official original, catalog entry and the package's code are those that built the snapshot's copy "
        "is not parsed again (the recipes are kept in the user cache); --force parses them all.",
        (),
    ),
    Command(
        "info",
        "list a vintage's resources and their provenance, and the refreshed vintages",
        "data:info",
        (VINTAGE,),
        formats=("text", "json"),
    ),
    Command(
        "refresh",
        "download the agencies' current files into a new vintage",
        "data:refresh",
        (
            Arg(
                ("--source",),
                {
                    "action": "append",
                    "choices": (*REFRESHED, "all"),
                    "help": "what to refresh (repeatable; default all)",
                },
            ),
        ),
        "Download the current official files, verify them (they parse, totals add up, no period of the "
        "previous vintage is lost) and keep them as a new vintage in the user cache; the embedded data stay "
        "as they are. Use it with --vintage latest, or tb.load(..., vintage='latest').",
        (),
    ),
    Command(
        "diff",
        "values revised, added or removed between two vintages",
        "data:diff",
        (
            Arg(("old",), {"help": "embedded, latest or a refresh's date"}),
            Arg(("new",), {"help": "embedded, latest or a refresh's date"}),
            Arg(("--dataset",), {"required": True, "help": "mof, census, census-enduse, census-hs or fx"}),
        ),
    ),
)


def parser() -> argparse.ArgumentParser:
    """The ``tradebalance`` argument parser, built from :data:`COMMANDS` and :data:`DATA_COMMANDS`."""
    from tradebalance import __version__

    top = argparse.ArgumentParser(
        prog="tradebalance", description=DESCRIPTION, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    top.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = top.add_subparsers(title="commands", metavar="COMMAND")
    _add(sub, COMMANDS)
    data = sub.add_parser("data", help="build, describe, refresh or compare the data")
    _add(data.add_subparsers(title="data commands", metavar="ACTION"), DATA_COMMANDS)
    return top


def _add(sub: Any, commands: Sequence[Command]) -> None:
    for c in commands:
        p = sub.add_parser(c.name, help=c.help, description=c.description or c.help)
        for a in c.args:
            p.add_argument(*a.flags, **a.options)
        if c.formats:
            p.add_argument(
                "--format", choices=c.formats, default=c.formats[0], help=f"output format (default {c.formats[0]})"
            )
        p.set_defaults(run=c.run)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``tradebalance`` console script; returns the exit status."""
    # A command is one short process that reads a few tables: Arrow's default allocator (mimalloc) keeps
    # what it frees for later (about 40 MB for a check), the system's gives it back. A user's setting wins.
    os.environ.setdefault("ARROW_DEFAULT_MEMORY_POOL", "system")
    top = parser()
    args = top.parse_args(argv)
    if not hasattr(args, "run"):
        top.print_help()
        return 2
    from tradebalance.errors import TradebalanceError

    module, _, function = args.run.partition(":")
    run = getattr(importlib.import_module(f"tradebalance.cli.{module}"), function)
    try:
        return int(run(args) or 0)
    except TradebalanceError as exc:
        print(f"tradebalance: error: {exc}", file=sys.stderr)
        return 1
    except BrokenPipeError:
        return 0

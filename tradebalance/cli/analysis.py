"""The analysis commands: check, report, balance, decompose, mirror, fx, rank, sectors."""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

from tradebalance.cli.output import billions, brief_text, check_over_time, emit, pad, source_lines, verdict_text
from tradebalance.sources.registry import SOURCES

#: A source's basis (:attr:`tradebalance.sources.registry.Source.basis`) as the ``balance`` table names it.
BASIS = {"customs": "customs", "bop": "balance of payments"}


def load(args: argparse.Namespace, dataset: str | None = None) -> pd.DataFrame:
    """The dataset of ``--source`` (or ``dataset``) for ``--partner``, from the snapshot of ``--vintage``."""
    from tradebalance.store.snapshot import Snapshot

    source = SOURCES[args.source]
    return Snapshot.open(args.vintage).load(dataset or source.totals, partner=args.partner or source.partner)


def check(args: argparse.Namespace) -> int:
    """Tradebalance check: verdicts, ratings and readings of the claims (text, JSON or ClaimReview)."""
    from tradebalance import claims as cl

    if args.text is not None:
        from tradebalance.cli.article import check_text

        return check_text(args)
    if args.date or args.article_url:
        from tradebalance.errors import ClaimFileError

        raise ClaimFileError("--date and --article-url describe an article: use them with --text FILE")
    path = args.claims or cl.seed_claims_path()
    claims = cl.load_claims(path)
    if args.claim:
        claims = [c for c in claims if c.id == args.claim]
        if not claims:
            from tradebalance.errors import ClaimFileError

            raise ClaimFileError(f"{path}: no claim with id {args.claim!r}")
    if args.years:
        return check_over_time(args, claims)
    verdicts = cl.check_all(claims, args.vintage)
    if args.report:
        from tradebalance import report

        index = report.write(verdicts, args.report, key=cl.cache_key(claims, args.vintage), vintage=args.vintage)
        print(f"report written to {index}", file=sys.stderr)
    if args.format == "json":
        print(json.dumps([v.as_dict() for v in verdicts], ensure_ascii=False, indent=2))
        return 0
    if args.format == "claimreview":
        from tradebalance.claims import claimreview

        print(json.dumps(claimreview.reviews(verdicts, args.url), ensure_ascii=False, indent=2))
        return 0
    for v in verdicts:
        print(brief_text(v), end="") if args.brief else print(verdict_text(v))
    return 0


def balance(args: argparse.Namespace) -> int:
    """Tradebalance balance: exports, imports and balance by month, year or fiscal year."""
    from tradebalance import balances, partner_names, periods
    from tradebalance.errors import DataNotFoundError

    scope = args.scope or "goods"
    if args.source == "bea":
        frame = load(args, "bea-quarterly" if args.freq in ("Q", "H") else "bea")
        frame = frame[(frame["code"] == scope).to_numpy()].reset_index(drop=True).__finalize__(frame)
    elif scope != "goods":
        raise DataNotFoundError(f"{args.source} statistics cover goods only; --source bea has {scope}")
    else:
        frame = load(args)
    table = balances.balance(frame, args.freq).assign(scope=scope, basis=BASIS[SOURCES[args.source].basis])
    for bound, after, flag in ((args.start, True, "--from"), (args.end, False, "--to")):
        if bound:
            try:
                first, last = periods.span(bound, args.freq)
            except DataNotFoundError as exc:
                raise DataNotFoundError(f"{flag} {bound} with --freq {args.freq}: {exc}") from None
            table = table[table["period"].ge(first) if after else table["period"].le(last)]
    lines = [
        f"{'period':<8} {'exports':>12} {'imports':>12} {'balance':>12}  currency  note",
        f"{'':<8} {'(billions)':>12}",
    ]
    for r in table.itertuples(index=False):
        note = r.status + ("" if r.complete else f", {r.months} months only")
        lines.append(
            f"{r.period:<8} {billions(r.exports):>12} {billions(r.imports):>12} {billions(r.balance):>12}  {r.currency:<8}  {note}"
        )
    reporter, partner = frame["reporter"].iloc[0], frame["partner"].iloc[0]
    with_whom = partner_names.described(partner)
    lines.insert(0, f"{reporter} trade with {with_whom}, as reported by {reporter} ({SOURCES[args.source].title})")
    lines.append(source_lines(table.attrs["provenance"]))
    emit(table, args.format, "\n".join(lines))
    return 0


def decompose(args: argparse.Namespace) -> int:
    """Tradebalance decompose: a period's balance by sector, or every published item."""
    from tradebalance import balances

    frame = load(args, "census-enduse" if args.source == "census" else None)
    if args.by == "item":
        table = balances.items(frame, args.year)
        head = f"{table.attrs['period']}: every published item, export and import codes side by side (not a partition)"
        shown = table.fillna({"export_code": "-", "import_code": "-"})
        body = [
            f"  {pad('  ' * r.level + r.label, 32)} {r.export_code:>9} {r.import_code:>9} {billions(r.exports):>10} {billions(r.imports):>10} {billions(r.net):>10}"
            for r in shown.itertuples(index=False)
        ]
        body.insert(
            0,
            f"  {'item':<32} {'exp. code':>9} {'imp. code':>9} {'exports':>10} {'imports':>10} {'net':>10}  ({table.attrs['currency']} billions)",
        )
        emit(table, args.format, "\n".join([head, *body, source_lines(table.attrs["provenance"])]))
        return 0
    default = "census-enduse-principal" if args.source.startswith("census") else "mof-sections"
    table = balances.decompose(frame, args.year, args.definition or default)
    a = table.attrs
    lines = [
        f"{a['reporter']} trade with {a['partner']}, {a['period']}, by {a['definition']} ({a['definition_title']}); "
        f"{a['currency']}, billions; status {a['status']}",
        f"  {'sector':<42} {'exports':>10} {'imports':>10} {'net':>10} {'share of balance':>17} {'gross':>8}",
    ]
    for r in table.itertuples(index=False):
        lines.append(
            f"  {pad(r.label, 42)} {billions(r.exports):>10} {billions(r.imports):>10} {billions(r.net):>10} "
            f"{r.share_of_balance:>17.1%} {r.gross_share_of_balance:>8.1%}"
        )
    t = a["totals"]
    lines.append(
        f"  {'Total':<42} {billions(t['exports']):>10} {billions(t['imports']):>10} {billions(t['balance']):>10} {1:>17.1%}"
    )
    lines.append(
        "  share of balance = net ÷ total balance (adds to 100%); gross = the sector's flow in the "
        "balance's direction ÷ |balance| (does not add up)"
    )
    lines.append(source_lines(a["provenance"]))
    emit(table, args.format, "\n".join(lines))
    return 0


def report(args: argparse.Namespace) -> int:
    """Tradebalance report: the claims report (Markdown, HTML, charts)."""
    from tradebalance import claims as cl
    from tradebalance import report

    claims = cl.load_claims(args.claims or cl.seed_claims_path())
    verdicts = cl.check_all(claims, args.vintage)
    index = report.write(verdicts, args.out, key=cl.cache_key(claims, args.vintage), vintage=args.vintage)
    print(f"report written to {index}")
    return 0


def mirror(args: argparse.Namespace) -> int:
    """Tradebalance mirror: each country's figure for the same trade."""
    from tradebalance import mirror

    years = (int(args.year), int(args.year)) if args.year else None
    table = mirror.mirror(years, currency=args.currency, vintage=args.vintage)
    unit = "¥ billions" if args.currency == "JPY" else "$ billions"
    lines = [
        f"Mirror statistics: the same trade reported by the exporter and by the importer ({unit}; "
        f"yen converted at {table.attrs['conversion']['method']})",
        f"  {'year':<6}{'flow':<9}{'exporter says':>15}{'importer says':>15}{'gap':>10}{'gap %':>8}",
    ]
    for r in table.itertuples(index=False):
        lines.append(
            f"  {r.period:<6}{r.flow:<9}{billions(r.reported_by_exporter):>15}{billions(r.reported_by_importer):>15}"
            f"{billions(r.gap):>10}{r.gap_pct:>8.1%}"
        )
    bal = table.attrs["balance"]
    lines.append(f"  {'year':<6}{'Japan surplus (MOF)':>22}{'U.S. deficit (Census)':>24}{'gap':>10}")
    for r in bal.itertuples(index=False):
        lines.append(
            f"  {r.period:<6}{billions(r.japan_surplus_mof):>22}{billions(r.us_deficit_census):>24}{billions(r.gap):>10}"
        )
    lines.append("  Why they differ:")
    for flow, reasons in mirror.REASONS.items():
        lines += [f"    {flow}: {reason}" for reason in reasons]
    lines.append(source_lines(table.attrs["provenance"]))
    emit(table, args.format, "\n".join(lines))
    return 0


def fx(args: argparse.Namespace) -> int:
    """Tradebalance fx: yen per dollar."""
    from tradebalance import fx

    table = fx.rates(args.freq, args.vintage)
    lines = [f"Yen per U.S. dollar, {table['method'].iloc[0]}"]
    lines += [
        f"  {r.period:<10} {r.jpy_per_usd:>10.4f}{'' if r.complete else '  (partial period)'}"
        + ("  (derived: mean of the month's daily rates; EXJPUS not yet published)" if r.method == fx.DERIVED else "")
        for r in table.itertuples(index=False)
    ]
    lines.append(source_lines(table.attrs["provenance"]))
    emit(table, args.format, "\n".join(lines))
    return 0


def rank(args: argparse.Namespace) -> int:
    """Tradebalance rank: U.S. partners ranked."""
    from tradebalance import partners

    table = partners.rank(args.year, by=args.by, vintage=args.vintage)
    order = "largest U.S. deficit first" if args.by == "balance" else f"largest {args.by} first"
    lines = [
        f"U.S. partner countries, {args.year}, by {args.by} ({order}); $ billions, Census statistics",
        f"  {'rank':>4}  {'partner':<28}{'balance':>10}{'exports':>10}{'imports':>10}{'share of world':>16}",
    ]
    for r in table.head(args.top).itertuples(index=False):
        lines.append(
            f"  {r.rank:>4}  {r.name[:26] + ' (' + r.partner + ')':<28}{billions(r.balance):>10}{billions(r.exports):>10}"
            f"{billions(r.imports):>10}{r.share_of_world:>16.1%}"
        )
    lines.append(source_lines(table.attrs["provenance"]))
    emit(table, args.format, "\n".join(lines))
    return 0


def sectors(args: argparse.Namespace) -> int:
    """Tradebalance sectors: every sector name claims may use, its definitions on each side, their codes and roles."""
    from tradebalance import sectors

    names = sectors.catalogue()
    if args.format == "json":
        print(json.dumps(names, ensure_ascii=False, indent=2))
        return 0
    lines = []
    for entry in names:
        lines.append(str(entry["name"]))
        for d in entry["definitions"]:
            codes = "; ".join(f"{flow} {', '.join(c)}" for flow, c in d["codes"].items())
            lines.append(f"  {d['definition']:<26} {d['role']:<10} {d['dataset']:<14} {codes}")
    lines += ["", "Definitions:"]
    lines += [f"  {r.id:<26} {r.dataset:<14} {r.kind:<9} {r.title}" for r in sectors.definitions().itertuples()]
    print("\n".join(lines))
    return 0

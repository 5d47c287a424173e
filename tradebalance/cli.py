"""The ``tradebalance`` command line. Heavy imports happen inside each command, so ``--help`` is instant."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd

#: Each source's dataset, default partner, and how it is described.
SOURCES = {
    "mof": ("mof", "USA", "Japan Ministry of Finance customs statistics (yen; exports FOB, imports CIF)"),
    "census": ("census", "JPN", "U.S. Census Bureau statistics (dollars; exports f.a.s., imports customs value)"),
    "census-enduse": ("census-enduse", "JPN", "U.S. Census Bureau trade by end-use category (annual; dollars)"),
}
DESCRIPTION = """\
Check claims about the Japan–U.S. trade balance against the official statistics of both countries.

Every figure comes from the embedded snapshot of official files (see `tradebalance data info`) and is
printed with its source. Values are in currency units (yen or dollars), not thousands.
"""


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``tradebalance`` console script; returns the exit status."""
    parser = _parser()
    args = parser.parse_args(argv)
    if not hasattr(args, "run"):
        parser.print_help()
        return 2
    from tradebalance.errors import TradebalanceError

    try:
        return int(args.run(args) or 0)
    except TradebalanceError as exc:
        print(f"tradebalance: error: {exc}", file=sys.stderr)
        return 1
    except BrokenPipeError:
        return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="tradebalance", description=DESCRIPTION, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    sub = parser.add_subparsers(title="commands", metavar="COMMAND")

    p = sub.add_parser(
        "check",
        help="check the seed claims (or your own) on the embedded data",
        description="Evaluate each claim under every applicable reading and print the verdict, "
        "the values behind it and where they come from.",
    )
    p.add_argument("--claims", type=Path, help="claim file (TOML); default: the seed claims")
    p.add_argument("--claim", metavar="ID", help="check only this claim")
    p.add_argument(
        "--years",
        metavar="FIRST-LAST",
        help="with --claim: evaluate the claim for every year in the range (e.g. 1988-2024) and say since when it holds",
    )
    p.add_argument("--report", type=Path, metavar="DIR", help="also write the report (Markdown, HTML, charts) to DIR")
    p.add_argument("--vintage", default="embedded", help="data: embedded (default), latest, or a refresh's date")
    p.add_argument(
        "--url", default="index.html", help="with --format claimreview: the report page the reviews point to"
    )
    _format(p, ("text", "json", "claimreview"))
    p.set_defaults(run=_cmd_check)

    p = sub.add_parser(
        "report",
        help="write the claims report with charts (Markdown and HTML)",
        description="Check the claims and write a self-contained report: every claim, its verdict, "
        "its readings table, charts and provenance.",
    )
    p.add_argument("--out", type=Path, default=Path("report"), metavar="DIR", help="output folder (default: report)")
    p.add_argument("--claims", type=Path, help="claim file (TOML); default: the seed claims")
    p.set_defaults(run=_cmd_report)

    p = sub.add_parser(
        "mirror",
        help="the same trade as reported by each country",
        description="Japan's exports to the U.S. against U.S. imports from Japan, and the reverse, "
        "in one currency, with the gap and the usual reasons for it.",
    )
    p.add_argument("--year", metavar="YEAR", help="one year (default: every year both sides cover)")
    p.add_argument("--currency", choices=("USD", "JPY"), default="USD")
    _format(p, ("text", "csv", "json"))
    p.set_defaults(run=_cmd_mirror)

    p = sub.add_parser(
        "fx",
        help="yen per U.S. dollar (FRED)",
        description="Yen per dollar: annual and fiscal-year means of the daily noon buying rate "
        "(FRED's AEXJPUS method), monthly EXJPUS, or daily DEXJPUS.",
    )
    p.add_argument("--freq", choices=("D", "M", "Y", "FY"), default="Y")
    _format(p, ("text", "csv", "json"))
    p.set_defaults(run=_cmd_fx)

    p = sub.add_parser(
        "rank",
        help="U.S. trading partners ranked (Census)",
        description="U.S. partner countries for one year ranked by balance (largest deficit first), "
        "exports, imports or total trade.",
    )
    p.add_argument("--year", required=True, metavar="YEAR")
    p.add_argument("--by", choices=("balance", "exports", "imports", "total"), default="balance")
    p.add_argument("--top", type=int, default=15, help="rows to print in text format (default 15; all in csv/json)")
    _format(p, ("text", "csv", "json"))
    p.set_defaults(run=_cmd_rank)

    p = sub.add_parser(
        "balance",
        help="exports, imports and balance by month, year or fiscal year",
        description="Exports, imports and balance (exports − imports) from one reporter's statistics.",
    )
    _source(p)
    p.add_argument(
        "--freq",
        choices=("M", "Y", "FY"),
        default="Y",
        help="M months, Y calendar years, FY Japanese fiscal years April–March (default Y)",
    )
    p.add_argument("--from", dest="start", metavar="PERIOD", help="first period, e.g. 2010, FY2010 or 2010-01")
    p.add_argument("--to", dest="end", metavar="PERIOD", help="last period")
    _format(p, ("text", "csv", "json"))
    p.set_defaults(run=_cmd_balance)

    p = sub.add_parser(
        "decompose",
        help="a year's balance broken down by sector",
        description="Each sector's exports, imports, net contribution and share of the balance. "
        "Shares are net contributions and add to 100% over the sectors listed.",
    )
    _source(p)
    p.add_argument("--year", required=True, metavar="PERIOD", help="2017, FY2017 or 2017-03")
    p.add_argument(
        "--sectors",
        default=None,
        metavar="DEFINITION",
        help="sector definition (default: MOF's nine sections, or Census end-use principal categories); see `tradebalance sectors`",
    )
    p.add_argument(
        "--by",
        choices=("section", "item"),
        default="section",
        help="section: a sector definition; item: every published item, side by side",
    )
    _format(p, ("text", "csv", "json"))
    p.set_defaults(run=_cmd_decompose)

    p = sub.add_parser("sectors", help="list the sector definitions")
    _format(p, ("text", "json"))
    p.set_defaults(run=_cmd_sectors)

    p = sub.add_parser("data", help="build or describe the embedded data")
    data = p.add_subparsers(title="data commands", metavar="ACTION")
    q = data.add_parser(
        "build",
        help="rebuild data/ from the official files",
        description="Parse the official files in DIR (laid out as mof/, census/, fx/) into the snapshot.",
    )
    q.add_argument("--from", dest="originals", type=Path, required=True, metavar="DIR")
    q.add_argument("--out", type=Path, default=None, help="output folder (default: the package's data/)")
    q.set_defaults(run=_cmd_data_build)
    q = data.add_parser("info", help="list a vintage's resources and their provenance, and the refreshed vintages")
    q.add_argument("--vintage", default="embedded", help="embedded (default), latest or a refresh's date")
    _format(q, ("text", "json"))
    q.set_defaults(run=_cmd_data_info)
    q = data.add_parser(
        "refresh",
        help="download the agencies' current files into a new vintage",
        description="Download the current official files, verify them (they parse, totals add up, no period of the "
        "previous vintage is lost) and keep them as a new vintage in the user cache; the embedded data stay as "
        "they are. Use it with --vintage latest, or tb.load(..., vintage='latest').",
    )
    q.add_argument(
        "--source",
        action="append",
        choices=("mof", "census", "fx", "all"),
        help="what to refresh (repeatable; default all)",
    )
    q.set_defaults(run=_cmd_data_refresh)
    q = data.add_parser("diff", help="values revised, added or removed between two vintages")
    q.add_argument("old", help="embedded, latest or a refresh's date")
    q.add_argument("new", help="embedded, latest or a refresh's date")
    q.add_argument("--dataset", required=True, help="mof, census, census-enduse, census-hs or fx")
    _format(q, ("text", "csv", "json"))
    q.set_defaults(run=_cmd_data_diff)
    return parser


def _format(p: argparse.ArgumentParser, choices: tuple[str, ...]) -> None:
    p.add_argument("--format", choices=choices, default="text", help="output format (default text)")


def _source(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--source",
        choices=tuple(SOURCES),
        default="mof",
        help="whose statistics: " + "; ".join(f"{k} = {v[2]}" for k, v in SOURCES.items()),
    )
    p.add_argument("--partner", default=None, help="partner ISO3 code (default: the other country)")


# ------------------------------------------------------------------------------------------- helpers


def _load(args: argparse.Namespace, dataset: str | None = None) -> pd.DataFrame:
    from tradebalance import store

    default_dataset, default_partner, _ = SOURCES[args.source]
    return store.load(dataset or default_dataset, partner=args.partner or default_partner)


def _emit(frame: pd.DataFrame, fmt: str, text: str) -> None:
    if fmt == "json":
        print(json.dumps(_records(frame), ensure_ascii=False, indent=2))
    elif fmt == "csv":
        sys.stdout.write(frame.to_csv(index=False, lineterminator="\n"))
    else:
        print(text)


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    return json.loads(frame.to_json(orient="records", force_ascii=False, double_precision=15))


def source_lines(provenance: list[dict[str, Any]]) -> str:
    """One ``Source:`` line per file behind a result."""
    return "\n".join(
        f"{p['attribution']}: {p['file']} ({p['url']}), retrieved {p['retrieved']}, "
        f"sha256 {p['sha256'][:12]}…, {p['vintage']} data."
        for p in provenance
    )


def _pad(text: str, width: int) -> str:
    """Left-align ``text`` in ``width`` terminal columns, counting East Asian wide characters as two."""
    import unicodedata

    used = sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
    return text + " " * max(width - used, 0)


def _money(x: float) -> str:
    """Billions with one decimal; blank where there is no value."""
    return "" if x != x else f"{x / 1e9:,.1f}"


# ------------------------------------------------------------------------------------------ commands


def _cmd_check(args: argparse.Namespace) -> int:
    from tradebalance import claims as cl

    path = args.claims or cl.seed_claims_path()
    claims = cl.load_claims(path)
    if args.claim:
        claims = [c for c in claims if c.id == args.claim]
        if not claims:
            from tradebalance.errors import ClaimFileError

            raise ClaimFileError(f"{path}: no claim with id {args.claim!r}")
    if args.years:
        return _check_over_time(args, claims)
    verdicts = cl.check_all(claims, args.vintage)
    if args.report:
        from tradebalance import report

        index = report.write(verdicts, args.report, key=cl.cache_key(claims, args.vintage))
        print(f"report written to {index}", file=sys.stderr)
    if args.format == "json":
        print(json.dumps([v.as_dict() for v in verdicts], ensure_ascii=False, indent=2))
        return 0
    if args.format == "claimreview":
        from tradebalance.claims import claimreview

        print(json.dumps(claimreview.reviews(verdicts, args.url), ensure_ascii=False, indent=2))
        return 0
    for v in verdicts:
        print(_verdict_text(v))
    return 0


def _check_over_time(args: argparse.Namespace, claims: list[Any]) -> int:
    from tradebalance import claims as cl
    from tradebalance.errors import ClaimFileError

    if not args.claim:
        raise ClaimFileError("--years needs --claim ID: one claim evaluated over time")
    try:
        first, last = (int(y) for y in args.years.split("-"))
    except ValueError:
        raise ClaimFileError(f"--years {args.years!r}: expected FIRST-LAST, e.g. 1988-2024") from None
    table = cl.over_time(claims[0], range(first, last + 1))
    summary = cl.since(table)
    if args.format == "json":
        print(
            json.dumps(
                {"id": claims[0].id, "summary": summary, "test": table.attrs["test"], "values": _records(table)},
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


def _verdict_text(v: Any) -> str:
    from tradebalance import formatting
    from tradebalance.claims import AXES

    c = v.claim
    rating = f" · rated {v.rating.upper()}" if v.rating else ""
    lines = [
        f"[{c.id}] {v.verdict.upper()}{rating}",
        f"  “{c.quote}”",
        f"  — {c.attribution.get('publication', '')}, {c.attribution.get('date', '')}",
        f"  {v.summary}",
        "  readings:",
    ]
    axes = [k for k in AXES if any(k in r.parameters for r in v.readings)]
    skipped: dict[str, int] = {}
    for r in v.readings:
        if r.value is None:
            skipped[r.skipped] = skipped.get(r.skipped, 0) + 1
            continue
        label = ", ".join(str(r.parameters.get(k, "")) for k in axes)
        held = {True: "holds", False: "fails", None: ""}[r.holds]
        lines.append(f"    {label:<48} {formatting.exact(r.value, r.unit):>20}  {held:<5}  ← {ROLE_NOTES[r.role]}")
        lines.append(f"        = {r.detail}")
    for reason, n in skipped.items():
        lines.append(f"    skipped ({n}): {reason}")
    sources = {p["resource"]: p for r in v.readings for p in r.provenance}
    lines.append("  " + source_lines(list(sources.values())).replace("\n", "\n  "))
    return "\n".join(lines) + "\n"


#: How each reading role is marked in text output.
ROLE_NOTES = {
    "framing": "claim's framing",
    "variant": "variant (robustness)",
    "bound": "bound, not counted",
    "mirror": "mirror: other country's statistics (context)",
    "sub-group": "sub-group, not counted",
}


def _cmd_balance(args: argparse.Namespace) -> int:
    from tradebalance import balances, periods

    frame = _load(args)
    table = balances.balance(frame, args.freq)
    for bound, after in ((args.start, True), (args.end, False)):
        if bound:
            freq, label = periods.parse(bound)
            if freq != args.freq:
                from tradebalance.errors import DataNotFoundError

                raise DataNotFoundError(f"period {bound!r} does not match --freq {args.freq}")
            table = table[table["period"].ge(label) if after else table["period"].le(label)]
    lines = [
        f"{'period':<8} {'exports':>12} {'imports':>12} {'balance':>12}  currency  note",
        f"{'':<8} {'(billions)':>12}",
    ]
    for r in table.itertuples(index=False):
        note = r.status + ("" if r.complete else f", {r.months} months only")
        lines.append(
            f"{r.period:<8} {_money(r.exports):>12} {_money(r.imports):>12} {_money(r.balance):>12}  {r.currency:<8}  {note}"
        )
    reporter, partner = frame["reporter"].iloc[0], frame["partner"].iloc[0]
    lines.insert(0, f"{reporter} trade with {partner}, as reported by {reporter} ({SOURCES[args.source][2]})")
    lines.append(source_lines(table.attrs["provenance"]))
    _emit(table, args.format, "\n".join(lines))
    return 0


def _cmd_decompose(args: argparse.Namespace) -> int:
    from tradebalance import balances

    frame = _load(args, "census-enduse" if args.source == "census" else None)
    if args.by == "item":
        table = balances.items(frame, args.year)
        head = f"{table.attrs['period']}: every published item, export and import codes side by side (not a partition)"
        shown = table.fillna({"export_code": "-", "import_code": "-"})
        body = [
            f"  {_pad('  ' * r.level + r.label, 32)} {r.export_code:>9} {r.import_code:>9} {_money(r.exports):>10} {_money(r.imports):>10} {_money(r.net):>10}"
            for r in shown.itertuples(index=False)
        ]
        body.insert(
            0,
            f"  {'item':<32} {'exp. code':>9} {'imp. code':>9} {'exports':>10} {'imports':>10} {'net':>10}  ({table.attrs['currency']} billions)",
        )
        _emit(table, args.format, "\n".join([head, *body, source_lines(table.attrs["provenance"])]))
        return 0
    default = "census-enduse-principal" if args.source.startswith("census") else "mof-sections"
    table = balances.decompose(frame, args.year, args.sectors or default)
    a = table.attrs
    lines = [
        f"{a['reporter']} trade with {a['partner']}, {a['period']}, by {a['definition']} ({a['definition_title']}); "
        f"{a['currency']}, billions; status {a['status']}",
        f"  {'sector':<42} {'exports':>10} {'imports':>10} {'net':>10} {'share of balance':>17} {'gross':>8}",
    ]
    for r in table.itertuples(index=False):
        lines.append(
            f"  {_pad(r.label, 42)} {_money(r.exports):>10} {_money(r.imports):>10} {_money(r.net):>10} "
            f"{r.share_of_balance:>17.1%} {r.gross_share_of_balance:>8.1%}"
        )
    t = a["totals"]
    lines.append(
        f"  {'Total':<42} {_money(t['exports']):>10} {_money(t['imports']):>10} {_money(t['balance']):>10} {1:>17.1%}"
    )
    lines.append(
        "  share of balance = net ÷ total balance (adds to 100%); gross = the sector's flow in the "
        "balance's direction ÷ |balance| (does not add up)"
    )
    lines.append(source_lines(a["provenance"]))
    _emit(table, args.format, "\n".join(lines))
    return 0


def _cmd_report(args: argparse.Namespace) -> int:
    from tradebalance import claims as cl
    from tradebalance import report

    claims = cl.load_claims(args.claims or cl.seed_claims_path())
    verdicts = cl.check_all(claims)
    print(f"report written to {report.write(verdicts, args.out, key=cl.cache_key(claims, 'embedded'))}")
    return 0


def _cmd_mirror(args: argparse.Namespace) -> int:
    from tradebalance import mirror

    years = (int(args.year), int(args.year)) if args.year else None
    table = mirror.mirror(years, currency=args.currency)
    unit = "¥ billions" if args.currency == "JPY" else "$ billions"
    lines = [
        f"Mirror statistics: the same trade reported by the exporter and by the importer ({unit}; "
        f"yen converted at {table.attrs['conversion']['method']})",
        f"  {'year':<6}{'flow':<9}{'exporter says':>15}{'importer says':>15}{'gap':>10}{'gap %':>8}",
    ]
    for r in table.itertuples(index=False):
        lines.append(
            f"  {r.period:<6}{r.flow:<9}{_money(r.reported_by_exporter):>15}{_money(r.reported_by_importer):>15}"
            f"{_money(r.gap):>10}{r.gap_pct:>8.1%}"
        )
    bal = table.attrs["balance"]
    lines.append(f"  {'year':<6}{'Japan surplus (MOF)':>22}{'U.S. deficit (Census)':>24}{'gap':>10}")
    for r in bal.itertuples(index=False):
        lines.append(
            f"  {r.period:<6}{_money(r.japan_surplus_mof):>22}{_money(r.us_deficit_census):>24}{_money(r.gap):>10}"
        )
    lines.append("  Why they differ:")
    for flow, reasons in mirror.REASONS.items():
        lines += [f"    {flow}: {reason}" for reason in reasons]
    lines.append(source_lines(table.attrs["provenance"]))
    _emit(table, args.format, "\n".join(lines))
    return 0


def _cmd_fx(args: argparse.Namespace) -> int:
    from tradebalance import fx

    table = fx.rates(args.freq)
    lines = [f"Yen per U.S. dollar, {table['method'].iloc[0]}"]
    lines += [
        f"  {r.period:<10} {r.jpy_per_usd:>10.4f}{'' if r.complete else '  (partial period)'}"
        for r in table.itertuples(index=False)
    ]
    lines.append(source_lines(table.attrs["provenance"]))
    _emit(table, args.format, "\n".join(lines))
    return 0


def _cmd_rank(args: argparse.Namespace) -> int:
    from tradebalance import partners

    table = partners.rank(args.year, by=args.by)
    order = "largest U.S. deficit first" if args.by == "balance" else f"largest {args.by} first"
    lines = [
        f"U.S. partner countries, {args.year}, by {args.by} ({order}); $ billions, Census statistics",
        f"  {'rank':>4}  {'partner':<28}{'balance':>10}{'exports':>10}{'imports':>10}{'share of world':>16}",
    ]
    for r in table.head(args.top).itertuples(index=False):
        lines.append(
            f"  {r.rank:>4}  {r.name[:26] + ' (' + r.partner + ')':<28}{_money(r.balance):>10}{_money(r.exports):>10}"
            f"{_money(r.imports):>10}{r.share_of_world:>16.1%}"
        )
    lines.append(source_lines(table.attrs["provenance"]))
    _emit(table, args.format, "\n".join(lines))
    return 0


def _cmd_sectors(args: argparse.Namespace) -> int:
    from tradebalance import sectors

    table = sectors.definitions()
    text = "\n".join(
        f"{r.id:<20} {r.dataset:<8} {r.kind:<9} {r.title}\n{'':<39}{r.description}" for r in table.itertuples()
    )
    _emit(table, args.format, text)
    return 0


def _cmd_data_build(args: argparse.Namespace) -> int:
    from tradebalance import store

    descriptor = store.build(args.originals, args.out)
    for r in descriptor["resources"]:
        print(
            f"{r['path']:<32} {r['rows']:>8} rows  {r['coverage']['start']}…{r['coverage']['end']}  {r['hash'][:19]}…"
        )
    return 0


def _cmd_data_info(args: argparse.Namespace) -> int:
    from tradebalance import store, vintages

    folder, name = store.vintage_folder(args.vintage)
    entries = store.descriptor(folder)["resources"]
    if args.format == "json":
        print(json.dumps(entries, ensure_ascii=False, indent=2))
        return 0
    print(f"{'Embedded snapshot' if name == 'embedded' else f'Vintage {name}'}: {folder}")
    for r in entries:
        s = r["sources"][0]
        print(f"{r['name']:<26} {r['rows']:>8} rows  {r['coverage']['start']}…{r['coverage']['end']}  {r['title']}")
        print(f"{'':<28}{s['agency']}; {s['path']} (retrieved {s['retrieved']}, sha256 {s['sha256'][:12]}…)")
        print(
            f"{'':<28}status: "
            + ", ".join(f"{k} {v}" for k, v in r["status"].items())
            + f"; licence: {r['licenses'][0]['title']}"
        )
    found = vintages.list_vintages()
    print(f"\nRefreshed vintages in {vintages.root()}:" + ("" if found else " none (see `tradebalance data refresh`)"))
    for v in found:
        print(f"  {v.name}  {len(v.resources)} resources" + ("  (latest)" if v is found[-1] else ""))
    return 0


def _cmd_data_refresh(args: argparse.Namespace) -> int:
    from tradebalance import refresh

    sources = refresh.SOURCES if not args.source or "all" in args.source else args.source
    result = refresh.refresh(sources)
    if not result.written:
        print(f"Nothing has changed since vintage {result.name}, which stays the latest.")
        return 0
    print(f"Vintage {result.name} written to {result.folder} (made from {result.previous}).")
    print("downloaded and verified: " + ", ".join(result.downloaded))
    if result.unchanged:
        print("unchanged since the previous vintage: " + ", ".join(result.unchanged))
    return 0


def _cmd_data_diff(args: argparse.Namespace) -> int:
    from tradebalance import vintages

    changes = vintages.diff(args.old, args.new, args.dataset)
    if "period" in changes.columns:
        changes["period"] = changes["period"].astype(str)
    else:
        changes["date"] = changes["date"].dt.strftime("%Y-%m-%d")
    counts = changes["kind"].value_counts()
    summary = ", ".join(f"{counts.get(k, 0)} {k}" for k in ("revised", "added", "removed"))
    text = f"{args.dataset}: {summary} from vintage {changes.attrs['old']} to {changes.attrs['new']}"
    _emit(changes, args.format, text + ("\n" + changes.to_string(index=False) if len(changes) else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())

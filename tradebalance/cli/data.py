"""The ``data`` commands: build the embedded snapshot, describe a vintage, refresh, diff two vintages."""

from __future__ import annotations

import argparse
import json

from tradebalance.cli.output import emit


def build(args: argparse.Namespace) -> int:
    """Tradebalance data build: the embedded snapshot rebuilt from the official files."""
    from tradebalance.store import builder

    descriptor = builder.build(args.originals, args.out, force=args.force)
    for r in descriptor["resources"]:
        print(
            f"{r['path']:<32} {r['rows']:>8} rows  {r['coverage']['start']}…{r['coverage']['end']}  {r['hash'][:19]}…"
        )
    return 0


def info(args: argparse.Namespace) -> int:
    """Tradebalance data info: a vintage's resources and provenance, and the refreshed vintages."""
    from tradebalance.store import refreshes
    from tradebalance.store.snapshot import Snapshot

    snap = Snapshot.open(args.vintage)
    folder, name = snap.folder, snap.name
    entries = snap.descriptor["resources"]
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
    found = refreshes.list_vintages()
    print(f"\nRefreshed vintages in {refreshes.root()}:" + ("" if found else " none (see `tradebalance data refresh`)"))
    for v in found:
        print(f"  {v.name}  {len(v.resources)} resources" + ("  (latest)" if v is found[-1] else ""))
    return 0


def refresh(args: argparse.Namespace) -> int:
    """Tradebalance data refresh: a new vintage downloaded and verified."""
    from tradebalance.store import refresh

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


def diff(args: argparse.Namespace) -> int:
    """Tradebalance data diff: values revised, added or removed between two vintages."""
    from tradebalance.store import snapshot

    changes = snapshot.diff(args.old, args.new, args.dataset)
    if "period" in changes.columns:
        changes["period"] = changes["period"].astype(str)
    else:
        changes["date"] = changes["date"].dt.strftime("%Y-%m-%d")
    counts = changes["kind"].value_counts()
    summary = ", ".join(f"{counts.get(k, 0)} {k}" for k in ("revised", "added", "removed"))
    text = f"{args.dataset}: {summary} from vintage {changes.attrs['old']} to {changes.attrs['new']}"
    emit(changes, args.format, text + ("\n" + changes.to_string(index=False) if len(changes) else ""))
    return 0

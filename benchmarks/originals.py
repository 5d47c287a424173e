"""The benchmarks that need the official originals (``../shared/data`` beside the checkout).

The full rebuild of ``data/`` beside its floor, and each parser against the plain library call reading its file.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

from timing import CONSOLE, call, command, measure, timed

ORIGINALS = Path(__file__).resolve().parents[2] / "shared" / "data"


def available() -> Path | None:
    """The folder of the official originals, or None where it is not beside the checkout."""
    return ORIGINALS if ORIGINALS.is_dir() else None


def _specs(ctx: dict[str, Any]) -> list[Any]:
    from tradebalance.store import catalog

    return [s for s in catalog.FILES if s.dataset in ctx["datasets"] and (ORIGINALS / s.folder / s.filename).is_file()]


def bench_build(ctx: dict[str, Any]) -> list[dict[str, Any]]:
    """``builder.build`` into a new folder, every file parsed, then with nothing changed; beside it, its floor.

    The floor is what no build can skip, every original read by the plain library call reading it and every
    stored table written (the gzip CSV of what the snapshot stores; for a file stored against a base, its
    difference from it), shared evenly among ``builder.BUILD_WORKERS`` processes. It runs interleaved with the
    build (build, floor, build, floor …), so that a machine slowed meanwhile slows both alike. Each resource's
    parser, writer and plain read are also timed apart.
    """
    from tradebalance.store import builder, deltas

    def rebuild(out: str, force: bool) -> dict[str, float]:
        return {"resources": len(builder.build(ORIGINALS, Path(out), force=force)["resources"])}

    encode = builder._csv_bytes  # the snapshot's writer
    frames: dict[str, Any] = {}
    steps = []  # per resource: its original, its parser's job, its plain read, the tables the snapshot stores
    for spec in sorted(_specs(ctx), key=lambda s: s.base is not None):  # bases first
        path = ORIGINALS / spec.folder / spec.filename
        frames[spec.resource] = frame = builder.parse_original(spec, path)
        stored = [frame] if spec.base is None else [t for t in deltas.difference(frame, frames[spec.base]) if len(t)]
        steps.append((spec, path, next(iter(_plain_readers(path, quick=True).values())), stored))
    workers = min(builder.BUILD_WORKERS, len(steps))

    def floor() -> None:
        for _, _, plain, stored in steps:
            plain()
            for table in stored:
                encode(table)

    with tempfile.TemporaryDirectory(prefix="tb-build-") as out:
        both = measure({"build": partial(rebuild, out, True), "floor": floor}, ctx["repeat"], warmup=1)
        unchanged = measure({"build": partial(rebuild, out, False)}, ctx["repeat"])["build"]
        cli = command(CONSOLE, "data", "build", "--from", ORIGINALS, "--out", out, "--force")
        console = measure({"cli": cli}, ctx["repeat"])["cli"]
    total, shared = both["build"], both["floor"]["s"] / max(workers, 1)
    files = []
    for spec, path, plain, stored in steps:
        jobs = {"parse": call(builder.parse_original, spec, path), "plain": timed(plain)}
        jobs |= {f"encode{n}": timed(encode, table) for n, table in enumerate(stored)}
        res = measure(jobs, ctx["repeat"])
        written = sum(r["s"] for name, r in res.items() if name.startswith("encode"))
        files.append(
            {
                "step": spec.resource,
                "s": res["parse"]["s"] + written,
                "parse_s": res["parse"]["s"],
                "gzip_csv_s": written,
                "plain_read_s": res["plain"]["s"],
            }
        )
    return [
        {
            "step": f"builder.build, every file parsed (all {int(total['resources'])} resources)",
            "s": total["s"],
            "runs_s": [r["s"] for r in total["runs"]],
        },
        {
            "step": f"its floor: every original read by a plain call, every stored table written (÷ {workers} processes)",
            "s": shared,
            "runs_s": [r["s"] / max(workers, 1) for r in both["floor"]["runs"]],
        },
        {"step": "builder.build, originals and code unchanged (no file parsed)", "s": unchanged["s"]},
        {"step": "tradebalance data build --force, a new process (its imports included)", "s": console["s"]},
        *files,
    ]


def _plain_readers(path: Path, quick: bool) -> dict[str, Callable[[], Any]]:
    """The plain library calls that read the same file as a parser (the reference for its speed)."""
    import pandas as pd

    if path.suffix == ".xlsx":
        import fastexcel

        def every_sheet() -> list[Any]:  # BEA's workbook: a readme, then its nine tables
            book = fastexcel.read_excel(str(path))
            return [book.load_sheet(name).to_arrow() for name in book.sheet_names]

        readers = {"fastexcel (to Arrow)": every_sheet}
        if not quick:  # openpyxl takes 5-15 s a workbook
            readers["read_excel(openpyxl)"] = lambda: pd.read_excel(path, engine="openpyxl", sheet_name=None)
        return readers
    raw = path.read_bytes()
    encoding = "utf-8-sig"
    try:
        raw.decode(encoding)
    except UnicodeDecodeError:
        encoding = "cp932"  # MOF's Shift_JIS originals
    return {"read_csv": lambda: pd.read_csv(path, header=None, dtype=str, encoding=encoding, on_bad_lines="skip")}


def bench_parse(ctx: dict[str, Any]) -> list[dict[str, Any]]:
    """Each parser on its original file (rows/s) against the plain pandas call reading the same file."""
    from tradebalance.store import builder

    rows = []
    for spec in _specs(ctx):
        path = ORIGINALS / spec.folder / spec.filename
        plain = _plain_readers(path, ctx["quick"])
        jobs = {"parser": call(builder.parse_original, spec, path)} | {k: call(f) for k, f in plain.items()}
        res = measure(jobs, ctx["repeat"], warmup=1)
        parser = res.pop("parser")
        for reader, r in res.items():
            rows.append(
                {
                    "resource": spec.resource,
                    "rows": int(parser["rows"]),
                    "parser_ms": parser["s"] * 1e3,
                    "rows_per_s": parser["rows"] / parser["s"],
                    "reference": reader,
                    "reference_ms": r["s"] * 1e3,
                    "x_reference": parser["s"] / r["s"],
                }
            )
    return rows

#!/usr/bin/env python
"""Measured speed of tradebalance: the main job, an article, loads, the rebuild, the parsers, the notebooks.

    python benchmarks/run.py [--repeat N] [--quick] [--out FILE.json] [--only SECTION,...] [--datasets NAME,...]

Every figure is the median of ``--repeat`` runs; jobs compared with each other run interleaved
(a, b, a, b, …) so that a noisy machine slows both alike. Prints a table with the targets
(PASS/MISS) and writes the same numbers as JSON, with extraction's accuracy on the real statements.
Standard library and pandas only. The jobs and their timing are in ``timing.py``, the article and accuracy
sections in ``articles.py`` (beside this file).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

import articles
import originals
from timing import CONSOLE, FLOOR, command, floor_job, measure

ROOT = Path(__file__).resolve().parents[1]
SECTIONS = ("main", "article", "accuracy", "load", "build", "parse", "notebooks")
CHECK = "tradebalance check"
NEW_CLAIM, FIRST_RUN = (
    "tradebalance check --claims NEW (a claim not yet checked)",
    "tradebalance check, empty cache (first run)",
)
#: A sector-share claim (the slowest metric) that no earlier run has checked: its test value changes every run.
NEW_CLAIM_TOML = """[[claim]]
id = "new-{n}"
quote = "Over {n} percent of the surplus was from automotive trade."
metric = "sector_share"
parameters = {{ reporter = "JPN", partner = "USA", period = 2017, sector = "automotive" }}
test = {{ kind = ">", value = 0.{n:02d} }}
"""

#: (target id, what, limit, unit). Measured values are filled in by ``targets()``.
TARGETS = (
    ("check", "tradebalance check, verdicts cached ÷ floor (import pandas, matplotlib)", 0.3, "×"),
    ("new_claim", "a claim not in the verdict cache (sector share), data caches warm ÷ floor", 2.05, "×"),
    (
        "article",
        "check --text, an article of 20 statements, data caches warm (Arrow copies, derived tables), verdicts not cached ÷ floor",
        2.0,
        "×",
    ),
    ("extract", "extract alone, a 5,000-word article (in-process, median) ÷ floor", 0.5, "×"),
    ("first_run", "tradebalance check, first run after installing (empty cache)", 3.0, "s"),
    ("rss_first", "peak memory of tradebalance check, first run", 400.0, "MB"),
    ("rss_warm", "peak memory of tradebalance check, caches warm", 200.0, "MB"),
    ("warm_load", "warm tb.load of the largest dataset", 20.0, "ms"),
    ("cold_load", "cold tb.load (slowest dataset, Arrow cache warm)", 150.0, "ms"),
    ("build", "full rebuild of data/ from the originals (every file parsed) ÷ its floor", 2.0, "×"),
    ("notebooks", "notebooks run (nbval if measured, else sum of nbclient runs)", 60.0, "s"),
)

#: Loads every dataset of the embedded snapshot (its peak memory is reported).
LOAD_ALL = "import tradebalance as tb; [tb.load(d) for d in tb.Snapshot.open().datasets()]"
# Run in a fresh interpreter: times the first and later tb.load calls, not the imports before them.
LOAD_SNIPPET = """
import json, statistics, sys, time
import pandas, pyarrow.feather  # the library imports them on first use: not part of a load
import tradebalance as tb
load = tb.load
def timed():
    t0 = time.perf_counter(); frame = load(sys.argv[1]); return time.perf_counter() - t0, len(frame)
cold, rows = timed()
warm = statistics.median(timed()[0] for _ in range(5))
print(json.dumps({"rows": rows, "cold": cold, "warm": warm}))
"""


# --------------------------------------------------------------------------------------------- jobs


def new_claim(folder: Path) -> Callable[[], dict[str, float]]:
    """A job that checks a claim no earlier run has checked (a new file each run), the data caches warm."""
    runs = iter(range(10, 99))

    def job() -> dict[str, float]:
        path = folder / "new.toml"
        path.write_text(NEW_CLAIM_TOML.format(n=next(runs)), encoding="utf-8")
        return command(CONSOLE, "check", "--claims", path)()

    return job


# --------------------------------------------------------------------------------------- sections


def bench_main(ctx: dict[str, Any]) -> list[dict[str, Any]]:
    """``tradebalance check`` end to end against the import floor; also ``check --report`` and a first run."""
    with tempfile.TemporaryDirectory(prefix="tb-report-") as report:
        jobs = {
            FLOOR: floor_job(),
            CHECK: command(CONSOLE, "check"),
            NEW_CLAIM: new_claim(Path(report)),
            "tradebalance check --report DIR": command(CONSOLE, "check", "--report", report),
            FIRST_RUN: command(CONSOLE, "check", empty_cache=True),
            "load every dataset (memory)": command(sys.executable, "-c", LOAD_ALL),
        }
        res = measure(jobs, ctx["repeat"], warmup=1)  # the warm-up fills the shared cache (Arrow copies, verdicts)
    floor = next(iter(res.values()))["s"]
    return [
        {
            "job": name,
            "s": r["s"],
            "min_s": min(x["s"] for x in r["runs"]),
            "x_floor": r["s"] / floor,
            "rss_mb": r["rss_mb"],
            "runs_s": [x["s"] for x in r["runs"]],
        }
        for name, r in res.items()
    ]


def _first_load(dataset: str, cache: str | None = None) -> dict[str, float]:
    """``LOAD_SNIPPET`` in a fresh interpreter, the Arrow cache in ``cache`` (None: a new, empty folder)."""
    with tempfile.TemporaryDirectory(prefix="tb-cache-") as empty:
        env = os.environ | {"TRADEBALANCE_CACHE_DIR": cache or empty}
        argv = [sys.executable, "-c", LOAD_SNIPPET, dataset]
        return json.loads(subprocess.run(argv, env=env, capture_output=True, text=True, check=True).stdout)


def bench_load(ctx: dict[str, Any]) -> list[dict[str, Any]]:
    """``tb.load(dataset)``: cold (fresh process, cache warm), first ever (empty cache), warm (second call)."""
    rows = []
    for dataset in ctx["datasets"]:
        jobs = {"cached": partial(_first_load, dataset, str(ctx["cache"])), "fresh": partial(_first_load, dataset)}
        res = measure(jobs, ctx["repeat"], warmup=1)  # the warm-up fills the shared cache
        cached = res["cached"]
        rows.append(
            {
                "dataset": dataset,
                "rows": int(cached["rows"]),
                "cold_ms": cached["cold"] * 1e3,
                "first_ever_ms": res["fresh"]["cold"] * 1e3,
                "warm_ms": cached["warm"] * 1e3,
            }
        )
    return rows


def bench_notebooks(ctx: dict[str, Any]) -> list[dict[str, Any]]:
    """Each notebook executed by nbclient (kernel python3), then the whole ``pytest --nbval-lax`` run."""
    import nbformat
    from jupyter_client.kernelspec import KernelSpecManager
    from jupyter_client.manager import KernelManager
    from nbclient import NotebookClient

    notebooks = sorted((ROOT / "notebooks").glob("*.ipynb"))
    if not notebooks:
        raise Skip("no notebooks/*.ipynb yet")

    def execute(path: Path) -> Callable[[], None]:
        def job() -> None:  # this interpreter's own python3 kernel, as notebooks/execute.py and nbval run it
            km = KernelManager(kernel_name="python3", kernel_spec_manager=KernelSpecManager(kernel_dirs=[]))
            nb = nbformat.read(path, as_version=4)
            client = NotebookClient(nb, km=km, timeout=600, resources={"metadata": {"path": str(path.parent)}})
            client.execute(stderr=subprocess.DEVNULL)  # the kernel's start-up warnings

        return job

    def nbval() -> dict[str, float]:
        argv = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--nbval-lax", "notebooks/"]
        if (ROOT / "notebooks" / "nbval_sanitize.cfg").is_file():
            argv += ["--nbval-sanitize-with", "notebooks/nbval_sanitize.cfg"]
        return {"exit": subprocess.run(argv, cwd=ROOT, capture_output=True).returncode}

    res = measure({p.name: execute(p) for p in notebooks}, ctx["repeat"])
    rows = [{"notebook": name, "s": r["s"]} for name, r in res.items()]
    whole = measure({"nbval": nbval}, 1)["nbval"]  # one run: it already executes every notebook
    rows.append({"notebook": "pytest --nbval-lax notebooks/", "s": whole["s"], "exit": int(whole["exit"])})
    return rows


#: Each section's function, in the order they run.
BENCHES: dict[str, Callable[[dict[str, Any]], list[dict[str, Any]]]] = {
    "main": bench_main,
    "article": articles.bench_article,
    "accuracy": articles.bench_accuracy,
    "load": bench_load,
    "build": originals.bench_build,
    "parse": originals.bench_parse,
    "notebooks": bench_notebooks,
}


class Skip(Exception):
    """A section that cannot run here, with the reason."""


def skip_reason(name: str, ctx: dict[str, Any]) -> str | None:
    """Why a section is not run (None: it is)."""
    if name not in ctx["only"]:
        return "not selected (--only)"
    if ctx["quick"] and name in ("build", "notebooks"):
        return "skipped by --quick"
    if name in ("build", "parse") and originals.available() is None:
        return "official originals not found in ../shared/data beside the checkout"
    return None


# ----------------------------------------------------------------------------------------- report


def targets(sections: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    """Each target with its measured value and PASS / MISS (or SKIP when its section did not run)."""

    def rows(name: str) -> list[dict[str, Any]]:
        return sections[name]["rows"]

    measured: dict[str, float | None] = dict.fromkeys(t[0] for t in TARGETS)
    if rows("main"):
        main = {r["job"]: r for r in rows("main")}
        measured["check"] = main[CHECK]["x_floor"]
        measured["new_claim"] = main[NEW_CLAIM]["x_floor"]
        measured["first_run"] = main[FIRST_RUN]["s"]
        measured["rss_first"] = main[FIRST_RUN]["rss_mb"]
        measured["rss_warm"] = max(main[CHECK]["rss_mb"], main[NEW_CLAIM]["rss_mb"])
    if rows("article"):
        article = {r["job"]: r for r in rows("article")}
        measured["article"] = article[articles.CHECK_TEXT]["x_floor"]
        measured["extract"] = article[articles.EXTRACT]["x_floor"]
    if rows("load"):
        measured["warm_load"] = max(rows("load"), key=lambda r: r["rows"])["warm_ms"]
        measured["cold_load"] = max(r["cold_ms"] for r in rows("load"))
    if rows("build"):
        measured["build"] = rows("build")[0]["s"] / rows("build")[1]["s"]  # the build ÷ its floor
    if rows("notebooks"):
        nbval = [r["s"] for r in rows("notebooks") if r["notebook"].startswith("pytest")]
        measured["notebooks"] = nbval[0] if nbval else sum(r["s"] for r in rows("notebooks"))
    return [
        {
            "target": key,
            "what": what,
            "limit": limit,
            "unit": unit,
            "measured": measured[key],
            "status": _status(measured[key], limit),
        }
        for key, what, limit, unit in TARGETS
    ]


def _status(measured: float | None, limit: float) -> str:
    """PASS or MISS against ``limit``; SKIP where nothing was measured."""
    if measured is None:
        return "SKIP"
    return "PASS" if measured <= limit else "MISS"


def _cell(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:,.0f}" if abs(value) >= 1000 else f"{value:.3g}" if abs(value) < 10 else f"{value:.1f}"
    return "" if value is None else str(value)


def table(title: str, rows: list[dict[str, Any]]) -> str:
    """A plain-text table of dict rows (lists, such as per-run samples, are left to the JSON)."""
    keys = [k for k in dict.fromkeys(k for r in rows for k in r) if not any(isinstance(r.get(k), list) for r in rows)]
    cells = [keys] + [[_cell(r.get(k)) for k in keys] for r in rows]
    widths = [max(len(c[i]) for c in cells) for i in range(len(keys))]
    text = [any(isinstance(r.get(k), str) for r in rows) for k in keys]  # text left, numbers right
    lines = [f"== {title}"] + [
        "  ".join(c.ljust(w) if left else c.rjust(w) for c, w, left in zip(row, widths, text, strict=True))
        for row in cells
    ]
    lines.insert(2, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def run(
    repeat: int = 5, quick: bool = False, only: tuple[str, ...] = SECTIONS, datasets: tuple[str, ...] | None = None
) -> dict[str, Any]:
    """Run the selected sections and return the results (what ``--out`` writes)."""
    import pandas as pd

    from tradebalance.store import package

    known = tuple(dict.fromkeys(r["dataset"] for r in package.descriptor()["resources"]))
    saved = os.environ.get("TRADEBALANCE_CACHE_DIR")
    sections: dict[str, dict[str, Any]] = {}
    with tempfile.TemporaryDirectory(prefix="tb-bench-cache-") as cache:
        os.environ["TRADEBALANCE_CACHE_DIR"] = cache  # a private cache for every job (and kernel) started
        ctx = {"repeat": repeat, "quick": quick, "only": only, "datasets": datasets or known, "cache": Path(cache)}
        try:
            for name in SECTIONS:
                reason, rows, started = skip_reason(name, ctx), [], time.perf_counter()
                if reason is None:
                    try:
                        rows = BENCHES[name](ctx)
                    except Skip as exc:
                        reason = str(exc)
                sections[name] = {"rows": rows, "skipped": reason, "took_s": time.perf_counter() - started}
                print(f"[{name}] {reason or 'done'} ({sections[name]['took_s']:.0f} s)", file=sys.stderr)
        finally:
            if saved is None:
                os.environ.pop("TRADEBALANCE_CACHE_DIR", None)
            else:
                os.environ["TRADEBALANCE_CACHE_DIR"] = saved
    meta = {
        "when": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "repeat": repeat,
        "quick": quick,
        "python": platform.python_version(),
        "pandas": pd.__version__,
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "originals": "../shared/data (beside the checkout)" if originals.available() else None,
        "loadavg": os.getloadavg() if hasattr(os, "getloadavg") else None,
    }
    return {"meta": meta, "sections": sections, "targets": targets(sections)}


def main(argv: list[str] | None = None) -> int:
    """Command line: run, print the tables, write the JSON."""
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--repeat", type=int, default=5, help="timed runs per job; medians are reported (default 5)")
    p.add_argument("--quick", action="store_true", help="skip the rebuild, the notebooks and the openpyxl reference")
    p.add_argument("--out", type=Path, default=None, help="write the results as JSON to this file")
    p.add_argument(
        "--only", default=",".join(SECTIONS), help=f"sections to run, comma-separated ({','.join(SECTIONS)})"
    )
    p.add_argument("--datasets", default=None, help="datasets for load/build/parse, comma-separated (default: all)")
    args = p.parse_args(argv)
    only = tuple(s.strip() for s in args.only.split(",") if s.strip())
    unknown = set(only) - set(SECTIONS)
    if unknown:
        p.error(f"unknown section(s) {', '.join(sorted(unknown))}; choose from {', '.join(SECTIONS)}")
    datasets = tuple(d.strip() for d in args.datasets.split(",")) if args.datasets else None
    result = run(max(args.repeat, 1), args.quick, only, datasets)
    m = result["meta"]
    load = f", load average {m['loadavg'][0]:.1f}" if m["loadavg"] else ""
    print(
        f"tradebalance benchmarks — median of {m['repeat']} runs; Python {m['python']}, pandas {m['pandas']}, "
        f"{m['cpus']} CPUs{load}"
    )
    for name, section in result["sections"].items():
        print()
        print(table(name, section["rows"]) if section["rows"] else f"== {name}: skipped — {section['skipped']}")
    print()
    print(table("targets", result["targets"]))
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"\nwrote {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())

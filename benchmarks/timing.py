"""The benchmarks' jobs and how they are timed: interleaved runs, medians, commands in a new process."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

#: The console script installed beside this interpreter.
CONSOLE = Path(sys.executable).parent / "tradebalance"
#: The floor every end-to-end job is compared with: importing what a plotting analysis script imports.
FLOOR = "floor: python -c 'import pandas, matplotlib'"


def measure(jobs: Mapping[str, Callable[[], dict[str, float] | None]], repeat: int, warmup: int = 0) -> dict[str, dict]:
    """Run each job ``warmup`` + ``repeat`` times, interleaved; the medians of what the timed runs gave.

    A job returns None (its wall time is recorded as ``s``) or a dict of its own measures (seconds, rows …),
    recorded beside the wall time (its own ``s``, if any, replaces it). Returns
    ``{job: {measure: median, …, "runs": [per-run dicts]}}``.
    """
    runs: dict[str, list[dict[str, float]]] = {name: [] for name in jobs}
    for i in range(warmup + repeat):
        for name, job in jobs.items():
            t0 = time.perf_counter()
            own = job()
            wall = time.perf_counter() - t0
            if i >= warmup:
                runs[name].append({"s": wall, **(own or {})})
    return {name: {**{k: statistics.median(r[k] for r in rs) for k in rs[0]}, "runs": rs} for name, rs in runs.items()}


def command(*argv: str | Path, empty_cache: bool = False) -> Callable[[], dict[str, float]]:
    """A job that runs ``argv`` with output to /dev/null (and fails loudly if it fails); its peak memory.

    ``empty_cache``: each run gets a new, empty ``TRADEBALANCE_CACHE_DIR`` (a first run after installing).
    """

    def job() -> dict[str, float]:
        with tempfile.TemporaryDirectory(prefix="tb-cache-") as empty:
            env = os.environ | ({"TRADEBALANCE_CACHE_DIR": empty} if empty_cache else {})
            argv_ = [str(a) for a in argv]
            child = subprocess.Popen(argv_, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=env)
            _, status, usage = os.wait4(child.pid, 0)
            child.returncode = os.waitstatus_to_exitcode(status)
            err = child.stderr.read() if child.stderr else ""
        if child.returncode:
            raise RuntimeError(f"{' '.join(map(str, argv))} exited {child.returncode}: {err[-2000:]}")
        return {"rss_mb": usage.ru_maxrss / 1024}  # Linux reports kilobytes

    return job


def floor_job() -> Callable[[], dict[str, float]]:
    """The floor job: ``python -c "import pandas, matplotlib"`` in a new process."""
    return command(sys.executable, "-c", "import pandas, matplotlib")


def call(fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Callable[[], dict[str, float]]:
    """A job that calls ``fn`` in this process and reports the rows of what it returned."""

    def job() -> dict[str, float]:
        return {"rows": len(fn(*args, **kwargs))}

    return job


def timed(fn: Callable[..., Any], *args: Any) -> Callable[[], None]:
    """A job that calls ``fn`` in this process, its wall time the only measure."""

    def job() -> None:
        fn(*args)

    return job

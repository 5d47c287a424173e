"""Re-execute the project's notebooks in place, so their stored outputs match the current code and data.

Usage (from the repository root; ``make notebooks`` runs the first form)::

    .venv/bin/python notebooks/execute.py                 # every notebooks/*.ipynb, in name order
    .venv/bin/python notebooks/execute.py notebooks/02-automotive-share.ipynb

Each notebook runs top to bottom in a fresh ``python3`` kernel of *this* interpreter (its own ipykernel, never a
``python3`` kernelspec found elsewhere on the machine), with the notebook's folder as the working directory, as
nbval runs it. Volatile metadata is normalised so that re-running on unchanged code and data gives no diff: no
execution timestamps or Python version, one stream output per cell however the kernel flushed it, a fixed
kernelspec, cell ids kept. A notebook that raises is reported and left untouched on disk. The time each notebook
took is printed; the exit status is 1 if any notebook failed.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import nbformat
from jupyter_client.kernelspec import KernelSpecManager
from jupyter_client.manager import KernelManager
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

HERE = Path(__file__).resolve().parent
KERNEL_NAME = "python3"
KERNELSPEC = {"name": KERNEL_NAME, "display_name": "Python 3 (ipykernel)", "language": "python"}
#: Cell metadata written by front ends or by nbclient that changes on every run.
VOLATILE_CELL_METADATA = ("execution", "ExecuteTime", "collapsed", "scrolled")


def _kernel_manager() -> KernelManager:
    """A kernel manager whose only ``python3`` is this interpreter's ipykernel (kernel dirs are not searched)."""
    return KernelManager(kernel_name=KERNEL_NAME, kernel_spec_manager=KernelSpecManager(kernel_dirs=[]))


def normalise(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Drop volatile metadata so that re-running unchanged notebooks leaves them byte-identical."""
    nb.metadata["kernelspec"] = dict(KERNELSPEC)
    nb.metadata.get("language_info", {}).pop("version", None)  # the Python patch level of whoever ran it last
    nb.metadata.pop("widgets", None)
    for cell in nb.cells:
        for key in VOLATILE_CELL_METADATA:
            cell.metadata.pop(key, None)
        if cell.cell_type == "code":
            for output in cell.get("outputs", []):
                output.get("metadata", {}).pop("execution", None)
    return nb


def execute(path: Path, timeout: int = 600) -> float:
    """Execute ``path`` in place; returns the seconds it took. Raises CellExecutionError if a cell fails."""
    nb = nbformat.read(path, as_version=4)
    km = _kernel_manager()
    client = NotebookClient(
        nb,
        timeout=timeout,
        kernel_name=KERNEL_NAME,
        km=km,
        record_timing=False,  # no execution timestamps in cell metadata
        coalesce_streams=True,  # one stdout output per cell, however the kernel happened to flush it
        resources={"metadata": {"path": str(path.parent)}},
    )
    start = time.perf_counter()
    try:
        client.execute()
    finally:
        if km.has_kernel:  # nbclient leaves a kernel manager it was given running
            km.shutdown_kernel(now=False)
    elapsed = time.perf_counter() - start
    nbformat.validate(nb)
    nbformat.write(normalise(nb), path)
    return elapsed


def main(argv: list[str] | None = None) -> int:
    """Command line: execute the notebooks given, or every notebook in this folder."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", type=Path, help="notebooks to run (default: notebooks/*.ipynb)")
    parser.add_argument("--timeout", type=int, default=600, help="seconds allowed per cell (default 600)")
    args = parser.parse_args(argv)
    paths = args.notebooks or sorted(HERE.glob("*.ipynb"))
    if not paths:
        print("no notebooks found", file=sys.stderr)
        return 1
    failed = []
    total = 0.0
    for path in paths:
        name = path.name
        try:
            seconds = execute(path.resolve(), args.timeout)
        except CellExecutionError as exc:
            failed.append(name)
            print(f"{name:32} FAILED (left unchanged)\n{exc}", file=sys.stderr)
            continue
        total += seconds
        print(f"{name:32} {seconds:6.1f} s")
    print(f"{'total':32} {total:6.1f} s" + (f"; {len(failed)} failed: {', '.join(failed)}" if failed else ""))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

"""The build's worker processes, which die with the build, and its scratch folder, which the next build clears.

:func:`tradebalance.store.builder.build` parses files side by side in worker processes (:func:`pool`). A worker must
not outlive the build: one left behind by a build killed with ``kill -9`` would wait on its task pipe for
ever, holding the killed command's stdout and stderr open, so that whoever reads that output would wait for
ever too. On Linux the kernel kills a worker as soon as its parent dies (``prctl(PR_SET_PDEATHSIG,
SIGKILL)``); elsewhere, or where ``prctl`` is refused, a thread in the worker watches the parent
(:func:`_watch`) and ends the worker within :data:`WATCH_INTERVAL` seconds of the parent's end.

A build's scratch folder in the temporary directory (:func:`scratch`) is named after the build's process,
``tradebalance-build-<pid>-<random>``; each build first removes the folders of builds whose process is gone
(:func:`remove_stale`): a killed build cannot remove its own.
"""

from __future__ import annotations

import ctypes
import logging
import multiprocessing
import os
import re
import shutil
import signal
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from pathlib import Path

logger = logging.getLogger(__name__)

#: ``prctl`` option that sets the signal a process gets when its parent dies (``<linux/prctl.h>``).
PR_SET_PDEATHSIG = 1
#: Seconds between two looks at the parent, where the kernel cannot be asked to end a worker with it.
WATCH_INTERVAL = 0.25
#: Exit status of a worker that ends because its parent is gone.
PARENT_GONE = 70
#: Start of a scratch folder's name; then the pid of the build that made it, a dash and a random part.
SCRATCH_PREFIX = "tradebalance-build-"
_SCRATCH = re.compile(rf"^{SCRATCH_PREFIX}(\d+)-\w+$")


def pool(workers: int) -> ProcessPoolExecutor:
    """A pool of ``workers`` processes that end when this process ends, however it ends."""
    context = _context()
    return ProcessPoolExecutor(
        workers, mp_context=context, initializer=_start, initargs=(os.getpid(), context.get_start_method())
    )


def _context() -> multiprocessing.context.BaseContext:
    """How worker processes start: forked on Linux (at once, with the parent's modules), else the default.

    :func:`_watch` relies on a worker being the child of the build's process (``fork`` or ``spawn``).
    """
    return multiprocessing.get_context("fork" if sys.platform == "linux" else None)


def _start(parent: int, method: str) -> None:
    """Start a worker process: it ends with ``parent``, and its Arrow memory comes from the system allocator.

    A short-lived process forked from a parent whose Arrow pool (mimalloc or jemalloc) holds freed memory would
    copy those pages as it reuses them.
    """
    if not _killed_with_parent():
        threading.Thread(target=_watch, args=(parent, method), name="parent-watch", daemon=True).start()
    if os.getppid() != parent:  # the parent died before the kernel (or the thread) was told to watch it
        os._exit(PARENT_GONE)
    import pyarrow as pa

    pa.set_memory_pool(pa.system_memory_pool())


def _killed_with_parent() -> bool:
    """Ask Linux to send this process SIGKILL when its parent dies; whether that was done."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        arguments = (PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        return int(libc.prctl(*(ctypes.c_ulong(a) for a in arguments))) == 0
    except (OSError, AttributeError):  # no C library to ask, or one without prctl
        return False


def _watch(parent: int, method: str) -> None:
    """End this worker once ``parent`` is gone.

    Gone means that this process has another parent now (POSIX gives an orphan a new one), or that the parent's
    sentinel says so (Windows keeps an orphan's parent id, but its sentinel is the parent's process handle).
    A forked worker does not read the sentinel: its siblings inherit its pipe, which then never reports the end.
    """
    process = multiprocessing.parent_process() if method != "fork" else None
    while os.getppid() == parent and (process is None or process.is_alive()):
        time.sleep(WATCH_INTERVAL)
    os._exit(PARENT_GONE)


@contextmanager
def scratch() -> Iterator[Path]:
    """A new scratch folder in the temporary directory, named after this process; removed on leaving."""
    with tempfile.TemporaryDirectory(prefix=f"{SCRATCH_PREFIX}{os.getpid()}-") as folder:
        yield Path(folder)


def remove_stale(folder: Path | None = None) -> tuple[str, ...]:
    """Remove the scratch folders (in ``folder``, default: the temporary directory) of builds that are gone.

    Only this user's folders whose build's process no longer exists are removed (POSIX; elsewhere none, as a
    process cannot be asked whether it exists without a handle on it). Returns the names of those removed.
    """
    if os.name != "posix":
        return ()
    where = Path(folder) if folder is not None else Path(tempfile.gettempdir())
    try:
        found = [(p, int(m.group(1))) for p in where.iterdir() if (m := _SCRATCH.match(p.name))]
    except OSError:
        return ()
    removed = []
    for path, pid in sorted(found):
        try:
            mine = path.lstat().st_uid == os.getuid() and path.is_dir() and not path.is_symlink()
        except OSError:
            continue
        if mine and not _alive(pid):
            shutil.rmtree(path, ignore_errors=True)
            if not path.exists():
                removed.append(path.name)
    if removed:
        logger.info("removed %d scratch folders left by killed builds in %s", len(removed), where)
    return tuple(removed)


def _alive(pid: int) -> bool:
    """Whether process ``pid`` exists (POSIX: signal 0 checks without sending anything)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        return True
    return True

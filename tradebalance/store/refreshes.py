"""Vintages: the verified refreshes kept in the user cache, one folder each, never overwritten.

``tradebalance data refresh`` (:func:`tradebalance.store.refresh.refresh`) writes each verified refresh to
``<cache>/vintages/<UTC timestamp>/`` (e.g. ``2026-11-28T142233Z``), laid out like the embedded ``data/``: a
``datapackage.json`` and ``<folder>/<stem>.csv.gz`` resources. A folder appears under its final name only
when complete (it is renamed into place), so every folder whose name is a timestamp is a whole vintage;
work in progress lives in dot-folders beside them (:func:`work_folder`), which are ignored here. One refresh
writes at a time: it holds ``vintages.lock`` (:func:`exclusive`), and first removes the work folders a killed
refresh left behind.

A vintage is named ``"embedded"`` (the snapshot shipped with the package, see :class:`tradebalance.store.snapshot.Snapshot`),
``"latest"`` (the newest refresh) or by a prefix of its timestamp: ``"2026-11-28"`` is the newest refresh
of that day, ``"2026-11-28T14"`` of that hour.
"""

from __future__ import annotations

import datetime as dt
import errno
import logging
import re
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from tradebalance.errors import DataNotFoundError, RefreshError, RefreshInProgressError, TradebalanceError
from tradebalance.store import package, paths

logger = logging.getLogger(__name__)

#: Folder of the vintages inside the user cache folder.
FOLDER = "vintages"
#: ``datetime.strftime`` format of a vintage's name (UTC).
NAME_FORMAT = "%Y-%m-%dT%H%M%SZ"
_NAME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{6}Z$")
#: A prefix of a vintage name: a year, month, day, hour, minute or second (colons allowed, as in ISO times).
_PREFIX = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2}(?:T\d{2}(?:\d{2}(?:\d{2}Z?)?)?)?)?)?$")


@dataclass(frozen=True)
class VintageInfo:
    """One complete vintage in the cache."""

    name: str
    """Its folder name, the UTC time of the refresh (``2026-11-28T142233Z``)."""
    created: dt.datetime
    """The same time, timezone-aware (UTC)."""
    folder: Path
    resources: tuple[str, ...]
    """Names of the resources in its ``datapackage.json``."""


def root() -> Path:
    """Return the folder holding the vintages: ``<cache_dir()>/vintages``."""
    return paths.cache_dir() / FOLDER


def name_for(when: dt.datetime) -> str:
    """Return the vintage name of a moment (converted to UTC; a naive time is taken as UTC)."""
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return when.astimezone(dt.UTC).strftime(NAME_FORMAT)


def list_vintages() -> list[VintageInfo]:
    """Return every complete vintage in the cache, oldest first.

    A folder counts when its name is a vintage timestamp, its ``datapackage.json`` is readable and every
    resource file it lists is present; anything else (work in progress, a damaged folder) is skipped.
    """
    folder = root()
    if not folder.is_dir():
        return []
    found = []
    for path in sorted(folder.iterdir()):
        if not (_NAME.match(path.name) and path.is_dir()):
            continue
        try:
            entries = package.descriptor(path)["resources"]
        except TradebalanceError:
            continue
        if all((path / e["path"]).is_file() for e in entries):
            created = dt.datetime.strptime(path.name, NAME_FORMAT).replace(tzinfo=dt.UTC)
            found.append(VintageInfo(path.name, created, path, tuple(e["name"] for e in entries)))
    return found


def resolve(vintage: str) -> tuple[Path, str]:
    """Return the folder and name of a refreshed vintage: ``"latest"`` or a prefix of its timestamp.

    ``"latest"`` does not fall back on the embedded snapshot: with no refresh in the cache it raises, so that
    asking for fresh data never silently gives the shipped data.

    Raises:
        DataNotFoundError: no vintage matches (the message lists those there are, or says to run
            ``tradebalance data refresh``), or ``vintage`` is neither ``"latest"`` nor a date or timestamp.
    """
    text = vintage.strip().replace(":", "")
    unavailable = f"vintage {vintage!r} is not available"
    if text != "latest" and not _PREFIX.match(text):
        raise DataNotFoundError(
            f"{unavailable}: use 'embedded', 'latest' or a refresh's date or time "
            "(like 2026-11-28 or 2026-11-28T142233Z)"
        )
    known = list_vintages()
    matching = known if text == "latest" else [v for v in known if v.name.startswith(text)]
    if matching:
        return matching[-1].folder, matching[-1].name
    if not known:
        raise DataNotFoundError(
            f"{unavailable}: there is no refreshed vintage in {root()}; run `tradebalance data refresh` first, "
            "or use vintage 'embedded'"
        )
    raise DataNotFoundError(f"{unavailable}; the refreshed vintages in {root()} are {', '.join(v.name for v in known)}")


# ------------------------------------------------------------------------------- writing: one refresh at a time

#: The lock file every refresh holds, beside the vintages folder (see :func:`lock_path`).
LOCK_FILE = "vintages.lock"
#: A work folder (:func:`work_folder`): ``.`` + the vintage's name + ``.`` + :func:`tempfile.mkdtemp`'s random part.
_WORK = re.compile(r"^\.\d{4}-\d{2}-\d{2}T\d{6}Z\.\w+$")
#: What an ``OSError`` while writing means to the user, by ``errno``.
_WRITE_PROBLEMS = {
    errno.ENOSPC: "the disk is full",
    errno.EDQUOT: "the disk quota is exhausted",
    errno.EROFS: "the file system is read-only",
    errno.EACCES: "the folder is not writable",
    errno.EPERM: "the folder is not writable",
}


def lock_path() -> Path:
    """Return the lock file a refresh holds while it runs: ``vintages.lock`` beside the vintages folder."""
    return root().with_name(LOCK_FILE)


@contextmanager
def exclusive(timeout: float) -> Iterator[tuple[str, ...]]:
    """Hold the refresh lock (waiting up to ``timeout`` s for another refresh), then clear stale work folders.

    Yields the names of the work folders removed.
    """
    from filelock import FileLock, Timeout  # a refresh's alone: not imported by every load

    path = lock_path()
    lock = FileLock(path)
    try:
        root().mkdir(parents=True, exist_ok=True)
        lock.acquire(timeout=timeout)
    except Timeout:  # before OSError: filelock's Timeout is a TimeoutError
        waited = f" (waited {timeout:g} s)" if timeout > 0 else ""
        raise RefreshInProgressError(
            f"another refresh is running: it holds the lock file {path}{waited}; let it finish, then refresh again",
            lock_file=path,
        ) from None
    except OSError as exc:
        raise RefreshError(
            f"cannot write to the cache folder {path.parent}: {write_problem(exc)}; "
            "a refresh needs a writable cache folder (TRADEBALANCE_CACHE_DIR chooses it)"
        ) from None
    try:
        yield _remove_stale(root())
    finally:
        lock.release()


def _remove_stale(root: Path) -> tuple[str, ...]:
    """Remove the work folders a killed refresh left beside the vintages; only ever called under the lock."""
    try:
        stale = sorted(p for p in root.iterdir() if _WORK.match(p.name) and p.is_dir() and not p.is_symlink())
    except OSError as exc:
        logger.warning("cannot look for work folders left by an interrupted refresh in %s: %s", root, exc)
        return ()
    removed = []
    for path in stale:
        shutil.rmtree(path, ignore_errors=True)
        if path.exists():
            logger.warning("cannot remove %s, left by an interrupted refresh", path)
        else:
            removed.append(path.name)
    if removed:
        logger.warning("removed %d work folders left by an interrupted refresh in %s", len(removed), root)
    return tuple(removed)


def write_problem(exc: OSError) -> str:
    """Say what an ``OSError`` while writing means: ``the disk is full (No space left on device)``."""
    what = exc.strerror or str(exc)
    meaning = _WRITE_PROBLEMS.get(exc.errno or 0)
    return f"{meaning} ({what})" if meaning else what


def work_folder(folder: Path) -> Path:
    """A new work folder beside the vintage ``folder`` is to become (``.<name>.<random>``).

    A refresh builds the vintage in it and renames it into place; one left by a killed refresh is removed by
    the next (:func:`exclusive`).
    """
    return Path(tempfile.mkdtemp(prefix=f".{folder.name}.", dir=folder.parent))

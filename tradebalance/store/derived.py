"""Tables derived from a snapshot's data, kept in the user cache between runs.

A claim's figures are read off a few derived tables: a dataset's balances by period, its sector
decompositions, what a converted dataset covers. Computing them is most of a new claim's time, and they
depend on nothing but the snapshot's data, the package's tables (sectors, reference) and its code. So each
is kept once computed, as a JSON file (read back in a tenth of the time an Arrow file takes to become a
frame), in a folder of the cache named by the snapshot and a digest of those three (:func:`digest`): new
data or new code is a new folder, and the snapshot's older folders are removed when the new one is made.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import shutil
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

from tradebalance.store.paths import DATAPACKAGE, atomic_write, cache_dir, cache_unwritable, package_digest, packaged

T = TypeVar("T")
#: The layout of the files (part of the folders' digest: a new layout is a new folder).
FORMAT = 1


def digest(folder: Path, name: str) -> str:
    """sha256 of a snapshot's descriptor (and the embedded one, which holds the bases of its differences) and the code."""
    return _digest(folder, name, (folder / DATAPACKAGE).stat().st_mtime_ns)


@cache
def _digest(folder: Path, name: str, _mtime: int) -> str:
    digest = hashlib.sha256(f"derived v{FORMAT}\0{name}\0{package_digest()}".encode())
    for path in dict.fromkeys([folder / DATAPACKAGE, packaged("data", DATAPACKAGE)]):
        digest.update(path.read_bytes())
    return digest.hexdigest()


class Kept:
    """The derived tables of one snapshot kept in the cache: read back, or computed and written."""

    def __init__(self, folder: Path, name: str) -> None:
        safe = "".join(c if c.isalnum() or c in "-_" else "_" for c in name)
        self.prefix = f"{safe}-"
        self.name = f"{self.prefix}{digest(folder, name)[:20]}"

    @property
    def folder(self) -> Path:
        """The snapshot's folder of derived tables in the user cache (``TRADEBALANCE_CACHE_DIR`` read each time)."""
        return cache_dir() / "derived" / self.name

    def path(self, key: tuple[Any, ...]) -> Path:
        """The file of the value ``key`` names: its readable name and a hash of the whole key."""
        words = "-".join(str(k) for k in key)
        readable = "".join(c if c.isalnum() or c in "-_." else "_" for c in words)[:80]
        digest = hashlib.sha256(json.dumps(key, default=str).encode()).hexdigest()[:12]
        return self.folder / f"{readable}.{digest}.json"

    def value(self, key: tuple[Any, ...], compute: Callable[[], Any], use: Callable[[Any], T]) -> T:
        """``use`` of the JSON value ``key`` names: read back from its file, or computed and written.

        A file that cannot be read, or whose value ``use`` refuses (TypeError, KeyError, ValueError: damaged,
        or of another shape), is computed again.
        """
        path = self.path(key)
        with contextlib.suppress(OSError, TypeError, KeyError, ValueError):
            return use(json.loads(path.read_text(encoding="utf-8")))
        value = compute()
        try:
            if not path.parent.is_dir():
                path.parent.mkdir(parents=True, exist_ok=True)
                self._remove_older(path.parent)
            atomic_write(path, json.dumps(value, ensure_ascii=False).encode())
        except OSError as exc:  # a cache that cannot be written costs speed only
            cache_unwritable(path.parent.parent, exc)
        return use(value)

    def _remove_older(self, folder: Path) -> None:
        """Remove this snapshot's folders made for other data or code: no run of this code reads them again."""
        for other in folder.parent.glob(f"{self.prefix}*"):
            if other != folder and other.name[len(self.prefix) :].isalnum():
                shutil.rmtree(other, ignore_errors=True)

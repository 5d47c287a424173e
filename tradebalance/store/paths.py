"""Where the package's files and the user cache are, and how files are hashed: what every layer may import.

The package's data folder (``data/``, ``seeds/``) through :func:`packaged`, the embedded snapshot's folder
(:func:`data_dir`), the user cache (:func:`cache_dir`), and :func:`sha256`. The parsers in
``tradebalance.sources`` import this module and nothing else of :mod:`tradebalance.store`.
"""

from __future__ import annotations

import csv
import hashlib
import importlib.resources
import os
import tempfile
import warnings
from functools import cache
from pathlib import Path

from tradebalance.errors import DataNotFoundError, ParseError

#: A snapshot folder's descriptor.
DATAPACKAGE = "datapackage.json"


@cache
def packaged(*parts: str) -> Path:
    """A file or folder shipped with the package (``data``, ``seeds/claims.toml``).

    Read through :mod:`importlib.resources` from the installed package, where the wheel puts ``data/`` and
    ``seeds/``; in a source checkout they stand beside the package instead. Looked up once per process.
    """
    installed = Path(str(importlib.resources.files("tradebalance").joinpath(*parts)))
    return installed if installed.exists() else Path(__file__).resolve().parents[2].joinpath(*parts)


def data_dir() -> Path:
    """Folder of the embedded snapshot (``data/``); raises DataNotFoundError if it is not there."""
    folder = packaged("data")
    if not (folder / DATAPACKAGE).is_file():
        raise DataNotFoundError(f"no embedded snapshot ({DATAPACKAGE}) in {folder}")
    return folder


def cache_dir() -> Path:
    """User cache folder (``TRADEBALANCE_CACHE_DIR`` overrides the platform default)."""
    override = os.environ.get("TRADEBALANCE_CACHE_DIR")
    if override:
        return Path(override)
    import platformdirs

    return Path(platformdirs.user_cache_dir("tradebalance", appauthor=False))


def package_files() -> list[Path]:
    """The package's code and its own tables (``data/sectors``, ``data/reference``).

    What every parse and every derived table follows besides the data themselves.
    """
    package = Path(__file__).resolve().parents[1]
    tables = [*packaged("data", "sectors").glob("*"), *packaged("data", "reference").glob("*")]
    return sorted(p for p in tables if p.is_file()) + sorted(package.rglob("*.py"))


@cache
def package_digest() -> str:
    """sha256 of :func:`package_files` (names and contents), read once a process."""
    digest = hashlib.sha256()
    for path in package_files():
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def atomic_write(path: Path, blob: bytes) -> None:
    """Write ``blob`` to ``path`` through a temporary file in the same folder and a rename (no reader sees half)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(blob)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def read_rows(path: Path, columns: tuple[str, ...], *, exact: bool = True) -> list[dict[str, str]]:
    """The rows of one of the package's CSV tables, whose header must be ``columns`` (or begin with them).

    Raises:
        ParseError: the file cannot be read, or its header is another.
    """
    try:
        with path.open(encoding="utf-8", newline="") as f:
            reader = csv.DictReader(f)
            rows = list(reader)
            header = tuple(reader.fieldnames or ())
    except OSError as exc:
        raise ParseError(path, f"cannot read the table ({exc.strerror or exc})") from exc
    if (header if exact else header[: len(columns)]) != columns:
        raise ParseError(path, f"expected columns {list(columns)}, found {list(header)}", row=1)
    return rows


def sha256(path: Path) -> str:
    """Hex sha256 of a file."""
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


_WARNED: set[Path] = set()


def cache_unwritable(folder: Path, exc: OSError) -> None:
    """Warn, once per folder and process, that the cache cannot be written (everything still works)."""
    if folder not in _WARNED:
        _WARNED.add(folder)
        warnings.warn(
            f"cannot write the cache folder {folder} ({exc.strerror or exc}); data are read from the snapshot "
            "each time, which is slower (set TRADEBALANCE_CACHE_DIR to a writable folder)",
            CacheWarning,
            stacklevel=3,
        )


class CacheWarning(UserWarning):
    """The user cache could not be written; everything still works, more slowly."""

"""The checks an official file passes before it enters the snapshot or a vintage, in a build and a refresh alike.

* Its checksum, when a ``SHA256SUMS`` file in its folder or a folder above it (up to the originals folder)
  lists it (:func:`verify_checksums`): the format ``sha256sum`` writes and ``sha256sum -c`` reads, each path
  relative to the folder of the checksum file.
* Its table (:func:`verify`, on what the parser made of it):

  - the totals agree with their parts: in a MOF table the top-level sections add up to the total every month
    (Census: each partner's months add up to its annual column, which the parser checks);
  - it keeps every period an earlier version of its resource had (:class:`Earlier`): the table of the
    previous vintage (a refresh), or the first and last period that the snapshot's ``datapackage.json``
    records (a build). A file cut at a line boundary parses, and only this tells that rows are missing.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from tradebalance.errors import ChecksumError, ParseError
from tradebalance.store import catalog

if TYPE_CHECKING:
    from tradebalance.store.entries import ResourceEntry

#: Name of a checksum file beside the originals.
SUMS = "SHA256SUMS"
#: A line of a checksum file: the hex sha256, a space, a space (text mode) or ``*`` (binary mode), the path.
_SUM_LINE = re.compile(r"^([0-9a-fA-F]{64}) [ *](.+)$")
#: MOF truncates every figure to a thousand yen, so a month's sections may fall short of its total by up to
#: this much per section.
MOF_UNIT = 1000.0


# ---------------------------------------------------------------------------------------------- checksums


def verify_checksums(originals: Path, digests: Mapping[Path, str]) -> None:
    """Check each file's sha256 (``digests``: path to hex sha256) against the ``SHA256SUMS`` files that list it.

    Raises:
        ChecksumError: a file's sha256 is not the one a checksum file gives; the message names the file, the
            checksum file, and both sha256.
        ParseError: a line of a checksum file is not ``<sha256>  <path>``.
    """
    root = Path(originals)
    read: dict[Path, dict[str, str]] = {}
    for path, actual in digests.items():
        folder = path.parent
        while folder == root or root in folder.parents:
            sums = folder / SUMS
            if sums not in read:
                read[sums] = read_sums(sums) if sums.is_file() else {}
            expected = read[sums].get(path.relative_to(folder).as_posix())
            if expected is not None and expected != actual:
                raise ChecksumError(
                    f"{path}: sha256 is {actual}, but {sums} gives {expected}; a damaged or different copy?"
                )
            folder = folder.parent


def read_sums(path: Path) -> dict[str, str]:
    """A checksum file's sha256 (lower case) by path (``a/b.csv``, relative to its folder)."""
    sums = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        match = _SUM_LINE.match(line)
        if match is None:
            raise ParseError(path, "expected '<sha256>  <file>' as sha256sum writes it", row=number)
        sums[match.group(2).removeprefix("./")] = match.group(1).lower()
    return sums


# ----------------------------------------------------------------------------------------------- the table


@dataclass(frozen=True)
class Earlier:
    """The periods an earlier version of a resource had, which a new file of it must keep."""

    resource: str
    where: str
    """Where that version is, for messages: ``vintage 2026-11-28T142233Z``, or a ``datapackage.json``."""
    periods: tuple[str, ...]
    """Its periods (dates of exchange rates) as text (``2025-06``, ``2025-07-11``): all, or the first and last."""

    @classmethod
    def of_table(cls, resource: str, where: str, frame: pd.DataFrame) -> Earlier:
        """Every period of an earlier version's table."""
        return cls(resource, where, tuple(_periods(frame)))

    @classmethod
    def of_entry(cls, entry: ResourceEntry, where: str) -> Earlier:
        """The first and last period that a descriptor entry records (its ``coverage``)."""
        coverage = entry["coverage"]
        return cls(entry["name"], where, tuple(dict.fromkeys((coverage["start"], coverage["end"]))))


def verify(spec: catalog.FileSpec, frame: pd.DataFrame, path: Path, earlier: Iterable[Earlier] = ()) -> None:
    """Check the table parsed from the official file at ``path``: totals (MOF), and the periods of ``earlier``.

    Raises:
        ParseError: naming ``path``: a month whose MOF sections do not add up to the total, or the periods an
            earlier version had that the table lacks.
    """
    if spec.dataset == "mof":
        check_sections(frame, path)
    have = _periods(frame)
    for version in earlier:
        lost = sorted(set(version.periods).difference(have))
        if not lost:
            continue
        start, end = min(version.periods), max(version.periods)
        if not len(have) or have.min() > start or have.max() < end:  # text sorts as periods of one frequency do
            covers = f"covers {have.min()} to {have.max()}" if len(have) else "has no period"
            problem = f"{covers}, but {version.resource} covers {start} to {end} in {version.where}"
        else:
            shown = ", ".join(lost[:5]) + (", …" if len(lost) > 5 else "")
            s = "s" if len(lost) > 1 else ""
            problem = f"lacks {len(lost)} period{s} that {version.resource} has in {version.where} ({shown})"
        raise ParseError(path, f"{problem}; a truncated or partial file?")


def check_sections(frame: pd.DataFrame, path: Path) -> None:
    """Refuse a MOF table whose top-level sections (level 1) do not add up to its total (level 0) in a month."""
    ordinals = np.asarray(frame["period"].array.asi8)
    if not len(ordinals):
        return
    month = ordinals - ordinals.min()  # months summed by counting into one slot each, faster than a groupby
    level, value = frame["level"].to_numpy(), frame["value"].to_numpy(dtype=float)
    top, parts = level == 0, level == 1
    total = np.bincount(month[top], weights=value[top], minlength=month.max() + 1)
    sections = np.bincount(month[parts], weights=value[parts], minlength=len(total))
    count = np.bincount(month[parts], minlength=len(total))
    bad = (np.bincount(month[top], minlength=len(total)) > 0) & (
        np.abs(sections - total) > MOF_UNIT * np.maximum(count, 1)
    )
    if bad.any():
        first = int(np.argmax(bad))
        period = pd.Period(ordinal=int(ordinals.min()) + first, freq=frame["period"].dtype.freq)
        raise ParseError(
            path,
            f"in {period} the sections add up to {sections[first]:,.0f} yen but the total is {total[first]:,.0f} yen",
        )


def _periods(frame: pd.DataFrame) -> pd.Index:
    """A table's distinct periods (or dates, for exchange rates) as text, as ``datapackage.json`` writes them."""
    if "period" in frame.columns:
        return pd.Index(frame["period"].unique()).astype(str)
    return pd.DatetimeIndex(frame["date"].unique()).strftime("%Y-%m-%d")

"""Published downloads: earlier copies of an agency's file, as a reader could download it on a given day.

Earlier downloads of a Census file are datasets of their own, named after the dataset and the download date
(``census@2018-10-18``: ``country.xlsx`` as the Census Bureau published it that day). :func:`published_vintages`
lists a dataset's downloads by date (today's embedded one last) and :func:`as_published` picks the one a reader
had before a given date. See :mod:`tradebalance.revisions`.
"""

from __future__ import annotations

import calendar
import datetime as dt

from tradebalance.errors import DataNotFoundError
from tradebalance.store.catalog import FILES, datasets


def _latest_day(retrieved: str) -> dt.date | None:
    """The latest day a download dated ``retrieved`` can have been made (``2026-04`` -> 2026-04-30).

    A date given to the month or year only counts as made on its last day, so that it is never taken to
    predate a moment it may have followed. ``None`` when no date was recorded.
    """
    parts = retrieved.split("-")
    try:
        numbers = [int(p) for p in parts]
    except ValueError:
        return None
    if len(numbers) == 3:
        return dt.date(*numbers)
    if len(numbers) == 2:
        return dt.date(numbers[0], numbers[1], calendar.monthrange(numbers[0], numbers[1])[1])
    if len(numbers) == 1:
        return dt.date(numbers[0], 12, 31)
    return None


def published_vintages(dataset: str = "census") -> list[tuple[str, str]]:
    """The downloads of ``dataset`` the package embeds, oldest first: ``(download date, dataset name)``.

    ``published_vintages("census")`` gives the seven earlier downloads of ``country.xlsx``
    (``("2018-10-18", "census@2018-10-18")``, …) and today's embedded ``census`` last (``("2026-04",
    "census")``). A dataset of several files is dated by its latest file. Files with no recorded
    retrieval date (FRED's) are left out.

    Raises:
        DataNotFoundError: the catalog has no such dataset.
    """
    specs = [s for s in FILES if s.vintage_of == dataset]
    if not specs:
        raise DataNotFoundError(f"unknown dataset {dataset!r}; the catalog has {', '.join(datasets())}")
    latest: dict[str, tuple[dt.date, str]] = {}
    for spec in specs:
        day = _latest_day(spec.retrieved)
        if day is not None and (spec.dataset not in latest or day > latest[spec.dataset][0]):
            latest[spec.dataset] = (day, spec.retrieved)
    ordered = sorted((day, name, retrieved) for name, (day, retrieved) in latest.items())
    return [(retrieved, name) for _, name, retrieved in ordered]


def as_published(dataset: str, date: str) -> str | None:
    """The dataset as a reader could have downloaded it just before ``date`` (ISO ``YYYY-MM-DD``).

    Returns the name of the latest embedded download made strictly before ``date`` (``"census@2018-10-18"``
    for ``as_published("census", "2019-06-01")``), or ``None`` when every embedded download is later: the
    figures of the time are not embedded, and a caller should allow for revisions instead
    (:func:`tradebalance.revisions.margin`). A download dated to the month only counts from the month's
    last day. ``dataset`` may also be a vintage's name (``census@2020-01-07`` is read as ``census``).

    Raises:
        ValueError: ``date`` is not an ISO date.
        DataNotFoundError: the catalog has no such dataset.
    """
    try:
        when = dt.date.fromisoformat(date)
    except (TypeError, ValueError):
        raise ValueError(f"date must be an ISO date like '2019-06-01', got {date!r}") from None
    earlier = [
        name
        for made, name in published_vintages(dataset.split("@", 1)[0])
        if (day := _latest_day(made)) is not None and day < when
    ]
    return earlier[-1] if earlier else None

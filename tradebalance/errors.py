"""Typed errors: every failure names the file (or claim, or sector) and what was expected."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path


class TradebalanceError(Exception):
    """Base class for every error this package raises on purpose."""


class ParseError(TradebalanceError):
    """An official file could not be read as the format it claims to be.

    The message names the file and, where known, the row and column.
    """

    def __init__(
        self,
        path: str | Path,
        problem: str,
        *,
        row: int | None = None,
        column: str | int | None = None,
    ) -> None:
        self.path = str(path)
        self.problem = problem
        self.row = row
        self.column = column
        where = self.path
        if row is not None:
            where += f", row {row}"
        if column is not None:
            where += f", column {column}"
        super().__init__(f"{where}: {problem}")

    def __reduce__(self) -> tuple[Callable[..., ParseError], tuple[str, str, int | None, str | int | None]]:
        """Pickle with the fields (the error crosses process boundaries when the snapshot is built in parallel)."""
        return (_parse_error, (self.path, self.problem, self.row, self.column))


def _parse_error(path: str, problem: str, row: int | None, column: str | int | None) -> ParseError:
    return ParseError(path, problem, row=row, column=column)


class BuildError(TradebalanceError):
    """Building the snapshot stopped before it finished (a worker process was killed); nothing was written."""


class SchemaError(TradebalanceError):
    """A frame does not follow the tidy schema (missing column, wrong type, NaN value)."""


class ChecksumError(TradebalanceError):
    """A file's sha256 does not match the one recorded for it."""


class DataNotFoundError(TradebalanceError):
    """A dataset, vintage or period that the caller asked for is not there."""


class UnknownSectorError(TradebalanceError):
    """A sector definition that is not in ``data/sectors/``."""


class ClaimFileError(TradebalanceError):
    """A claim file is malformed; the message names the claim and the field."""


class RefreshError(TradebalanceError):
    """A download or verification during ``data refresh`` failed; the old data stays in use."""


class DownloadError(RefreshError):
    """An HTTP request failed, or its answer was an HTML page where data was expected.

    Failed means no connection, time-outs or a retryable status on every try, or a ``Retry-After`` too long
    to wait. The message names the URL (never an API key) and the last problem.
    """

    def __init__(self, message: str, *, url: str, status: int | None = None, attempts: int = 1) -> None:
        self.url = url
        self.status = status
        """The last HTTP status, or ``None`` when no answer came (connection error, time-out)."""
        self.attempts = attempts
        super().__init__(message)

    def __reduce__(self) -> tuple[Callable[..., DownloadError], tuple[str, str, int | None, int]]:
        """Pickle with the fields."""
        return (_download_error, (str(self), self.url, self.status, self.attempts))


def _download_error(message: str, url: str, status: int | None, attempts: int) -> DownloadError:
    return DownloadError(message, url=url, status=status, attempts=attempts)


class RefreshInProgressError(RefreshError):
    """Another ``data refresh`` holds the lock on the vintages; the message names the lock file."""

    def __init__(self, message: str, *, lock_file: str | Path) -> None:
        self.lock_file = str(lock_file)
        super().__init__(message)

    def __reduce__(self) -> tuple[Callable[..., RefreshInProgressError], tuple[str, str]]:
        """Pickle with the lock file."""
        return (_refresh_in_progress, (str(self), self.lock_file))


def _refresh_in_progress(message: str, lock_file: str) -> RefreshInProgressError:
    return RefreshInProgressError(message, lock_file=lock_file)

"""Refreshing the data from the agencies: download, verify, and keep each verified refresh as a vintage.

:func:`refresh` downloads the current official files, checks each one as a build does
(:mod:`tradebalance.store.checks`), and only then writes a new vintage (see :mod:`tradebalance.store.refreshes`),
into a work folder renamed into place at the very end, so an error, Ctrl-C or a full disk leaves the vintages as
they were. One refresh runs at a time (it holds a lock file), and files that have not changed are carried over.
What is downloaded per source, the checks, the provenance kept and the lock: ``docs/user-guide/refreshing.md``
("What a refresh does").
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import os
import shutil
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import requests

from tradebalance import periods
from tradebalance.errors import RefreshError, TradebalanceError
from tradebalance.sources import http, registry
from tradebalance.store import builder, catalog, checks, package, paths, refreshes
from tradebalance.store.entries import ResourceEntry

logger = logging.getLogger(__name__)

#: The sources a refresh downloads (``mof``, ``census``, ``fx``).
SOURCES = registry.REFRESHED
FRED_CSV_URL = "https://fred.stlouisfed.org/graph/fredgraph.csv"
#: Response headers that identify a file's version, and the keys they are recorded under in ``sources``;
#: next time they are sent back as the request headers of ``CONDITIONS``.
VALIDATORS = (("ETag", "etag"), ("Last-Modified", "last_modified"))
CONDITIONS = (("If-None-Match", "etag"), ("If-Modified-Since", "last_modified"))


@dataclass(frozen=True)
class Vintage:
    """The outcome of a refresh."""

    name: str
    """The vintage now in use: the new one, or the previous one when nothing changed."""
    folder: Path
    previous: str
    """The vintage it was made from (``embedded`` or a timestamp)."""
    downloaded: tuple[str, ...]
    """Resources downloaded, verified and rebuilt."""
    unchanged: tuple[str, ...]
    """Resources unchanged since the previous vintage (HTTP 304, or the same bytes again), carried over."""
    written: bool
    """Whether a new vintage folder was written (not when every file was unchanged)."""
    removed: tuple[str, ...] = ()
    """Work folders left by an interrupted refresh, removed before this one began."""


@dataclass(frozen=True)
class _Target:
    """One file to download: its spec (with URL and retrieval time) and the resources it replaces."""

    spec: catalog.FileSpec
    supersedes: tuple[str, ...] = ()
    """Resources of earlier vintages whose data this one carries; they are left out of the new vintage."""


@dataclass(frozen=True)
class _Download:
    """A file as downloaded, with the server's validators (``ETag``, ``Last-Modified``)."""

    target: _Target
    body: bytes
    validators: dict[str, str]


@dataclass(frozen=True)
class _Base:
    """The vintage a refresh starts from: the newest refresh, else the embedded snapshot."""

    folder: Path
    name: str
    resources: dict[str, ResourceEntry]

    @classmethod
    def find(cls) -> _Base:
        """Return the newest complete vintage, or the embedded snapshot when there is none."""
        known = refreshes.list_vintages()
        folder, name = (known[-1].folder, known[-1].name) if known else (paths.data_dir(), "embedded")
        return cls(folder, name, {e["name"]: e for e in package.descriptor(folder)["resources"]})


def refresh(
    sources: str | Iterable[str] = SOURCES,
    *,
    session: requests.Session | None = None,
    progress: bool = True,
    now: dt.datetime | None = None,
    retry: http.RetryPolicy = http.RETRY,
    lock_timeout: float = 0.0,
) -> Vintage:
    """Download the current official files of ``sources``, verify them and keep them as a new vintage.

    Args:
        sources: ``"mof"``, ``"census"``, ``"fx"`` or several; the other resources are carried over.
        session: a ``requests.Session`` to use (one is made and closed if not given).
        progress: show a progress bar per file (only when stderr is a terminal).
        now: the time the vintage is named after (default: now, UTC).
        retry: time-outs, tries per file and waits between them (``http.RetryPolicy(max_attempts=2)``); tries
            are made on connection errors, timeouts, broken transfers and HTTP 408, 429, 500, 502, 503, 504.
        lock_timeout: seconds to wait for another refresh to finish (default: do not wait).

    Returns:
        What was done; load the data with ``tb.load(dataset, vintage="latest")``.

    Raises:
        RefreshInProgressError: another refresh holds the lock (the message names the lock file).
        RefreshError: a download failed, a file did not pass verification, or the cache folder cannot be
            written; the message names the URL (or folder) and the problem. The previous vintage stays in
            use and nothing is left behind.
        ValueError: an unknown source.
    """
    wanted = tuple(dict.fromkeys([sources] if isinstance(sources, str) else sources))
    unknown = [s for s in wanted if s not in SOURCES]
    if unknown or not wanted:
        raise ValueError(f"unknown sources {unknown}; choose from {', '.join(SOURCES)}")
    now = (now or dt.datetime.now(dt.UTC)).astimezone(dt.UTC)
    with refreshes.exclusive(lock_timeout) as removed:
        folder = refreshes.root() / refreshes.name_for(now)
        if folder.exists():
            raise RefreshError(f"vintage {folder.name} already exists in {folder.parent}; refresh again in a moment")
        base = _Base.find()
        with http.Client(session, retry=retry, progress=progress) as client:
            results = [
                (t, _fetch(client, t, base.resources.get(t.spec.resource))) for s in wanted for t in _targets(s, now)
            ]
        fresh = [d for _, d in results if d is not None]
        unchanged = tuple(t.spec.resource for t, d in results if d is None)
        if not fresh:  # every file unchanged, which only a refreshed vintage's validators and checksums can tell
            return Vintage(base.name, base.folder, base.name, (), unchanged, written=False, removed=removed)
        _write(folder, fresh, base, unchanged)
    logger.info("vintage %s written: %d files downloaded, %d unchanged", folder.name, len(fresh), len(unchanged))
    downloaded = tuple(d.target.spec.resource for d in fresh)
    return Vintage(folder.name, folder, base.name, downloaded, unchanged, written=True, removed=removed)


# ------------------------------------------------------------------------------------------- what to fetch


def _targets(source: str, now: dt.datetime) -> list[_Target]:
    """Return the files of one source, with their URL, retrieval time and first year not yet final."""
    retrieved = now.strftime("%Y-%m-%dT%H:%M:%SZ")
    override = os.environ.get(registry.SOURCES[source].refresh_env)
    if source == "fx":
        endpoint = override or FRED_CSV_URL
        monthly = _spec("fred-exjpus")
        daily = replace(_spec("fred-dexjpus-2015"), resource="fred-dexjpus", filename="DEXJPUS.csv")
        return [
            _Target(replace(monthly, url=f"{endpoint}?id=EXJPUS", retrieved=retrieved)),
            _Target(
                replace(daily, url=f"{endpoint}?id=DEXJPUS", retrieved=retrieved),
                supersedes=("fred-dexjpus-1971", "fred-dexjpus-2015"),
            ),
        ]
    specs = catalog.files("mof") if source == "mof" else (_spec("census-country"),)
    not_final = periods.preliminary_from(retrieved, source)
    targets = []
    for spec in specs:
        url = f"{(override or spec.url.rsplit('/', 1)[0]).rstrip('/')}/{spec.filename}"
        targets.append(_Target(replace(spec, url=url, retrieved=retrieved, not_final_from=not_final)))
    return targets


def _spec(resource: str) -> catalog.FileSpec:
    return next(s for s in catalog.FILES if s.resource == resource)


# ------------------------------------------------------------------------------------------------ download


def _fetch(client: http.Client, target: _Target, previous: ResourceEntry | None) -> _Download | None:
    """Download one file; ``None`` when it has not changed since the previous vintage got it from this URL.

    The request is conditional on the validators the previous vintage recorded; a server that ignores
    them and sends the same bytes again (same sha256) gets the same answer. An empty body or an HTML page
    (an error or notice page served with status 200) is refused.
    """
    url = target.spec.url
    recorded = previous["sources"][0] if previous and previous["sources"][0].get("path") == url else {}
    conditional = {header: recorded[key] for header, key in CONDITIONS if key in recorded}
    answer = client.get(url, headers=conditional, label=target.spec.filename)
    if answer.status == 304:
        if conditional:
            return None
        raise RefreshError(f"{url}: {answer.problem} to a request that was not conditional")
    if answer.status != 200:
        raise RefreshError(client.redact(f"{url}: {answer.problem}"))
    if not answer.body.strip():
        raise RefreshError(f"{url}: the server sent an empty file")
    client.refuse_html(answer)
    if recorded.get("sha256") == hashlib.sha256(answer.body).hexdigest():
        return None
    found = {key: answer.headers[h] for h, key in VALIDATORS if h in answer.headers}
    return _Download(target, answer.body, found)


def _redact(text: str) -> str:
    """Return ``text`` without the Census API key, should it appear in a URL or in a server's message."""
    return http.redact(text, *http.secrets_from_env())


# ------------------------------------------------------------------------------------------ build and verify


def _write(folder: Path, fresh: list[_Download], base: _Base, unchanged: tuple[str, ...]) -> None:
    """Build and verify the new vintage in a work folder beside ``folder``, then rename it into place.

    An ``OSError`` (a full disk, a read-only folder) becomes a :class:`RefreshError` that says so; the work
    folder is removed and the previous vintage stays the latest.
    """
    try:
        work = refreshes.work_folder(folder)
    except OSError as exc:
        raise RefreshError(_cannot_write(folder, base, exc)) from None
    try:
        originals, out = work / "originals", work / "vintage"
        for d in fresh:  # named after the catalog, never after anything the server said
            path = originals / d.target.spec.folder / d.target.spec.filename
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(d.body)
        _carry_over(base, out, dropped={r for d in fresh for r in (d.target.spec.resource, *d.target.supersedes)})
        earlier = {d.target.spec.resource: _earlier(d.target, base) for d in fresh}
        try:
            descriptor = builder.build(originals, out, specs=[d.target.spec for d in fresh], earlier=earlier)
        except TradebalanceError as exc:  # a file that does not parse or pass the checks: name its URL
            raise RefreshError(_redact(_with_urls(str(exc), originals, fresh))) from None
        _annotate(descriptor, fresh, name=folder.name, base=base.name, unchanged=unchanged)
        builder.write_descriptor(out, descriptor)
        os.rename(out, folder)
    except OSError as exc:
        raise RefreshError(_cannot_write(folder, base, exc)) from exc
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _cannot_write(folder: Path, base: _Base, exc: OSError) -> str:
    return (
        f"cannot write vintage {folder.name} in {folder.parent}: {refreshes.write_problem(exc)}; "
        f"vintage {base.name} stays in use"
    )


def _carry_over(base: _Base, out: Path, dropped: set[str]) -> None:
    """Copy the base vintage's resources, except those being replaced, and their descriptor into ``out``."""
    kept = [e for e in base.resources.values() if e["name"] not in dropped]
    for entry in kept:
        (out / entry["path"]).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(base.folder / entry["path"], out / entry["path"])
    out.mkdir(parents=True, exist_ok=True)
    builder.write_descriptor(out, package.descriptor(base.folder) | {"resources": kept})


def _earlier(target: _Target, base: _Base) -> tuple[checks.Earlier, ...]:
    """The base vintage's tables whose periods a downloaded file must keep: its resource's, and those it replaces."""
    return tuple(
        checks.Earlier.of_table(name, f"vintage {base.name}", package.read_resource(base.folder, base.resources[name]))
        for name in (target.spec.resource, *target.supersedes)
        if name in base.resources
    )


def _with_urls(message: str, originals: Path, fresh: list[_Download]) -> str:
    """Return ``message`` with each downloaded file's work copy named by its URL."""
    for d in fresh:
        message = message.replace(str(originals / d.target.spec.folder / d.target.spec.filename), d.target.spec.url)
    return message


def _annotate(
    descriptor: dict[str, Any], fresh: list[_Download], *, name: str, base: str, unchanged: tuple[str, ...]
) -> None:
    """Add the HTTP validators to the downloaded resources' sources, and a record of the refresh."""
    entries = {e["name"]: e for e in descriptor["resources"]}
    for d in fresh:
        entries[d.target.spec.resource]["sources"][0].update(d.validators)
    descriptor["vintage"] = {
        "name": name,
        "previous": base,
        "downloaded": [d.target.spec.resource for d in fresh],
        "unchanged": list(unchanged),
    }

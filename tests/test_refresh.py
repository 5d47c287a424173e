"""Refreshing from the agencies, against a local HTTP server (never the internet, except the one opt-in test).

The server plays the three agencies: ``/mof/<stem>.csv``, ``/census/country.xlsx`` and
``/fred/graph.csv?id=<SERIES>``; refresh is pointed at it through the documented environment variables.
Most tests start from a small previous vintage (``SEED``) built from files in the official layouts.
"""

from __future__ import annotations

import datetime as dt
import errno
import json
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pandas as pd
import pytest
import requests
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

import tradebalance as tb
from tests.builders import (
    COUNTRY_ROWS,
    DEXJPUS,
    HEADER,
    MOF_MONTHS,
    MOF_TITLES,
    make_vintage,
    mof_bytes,
    revised,
    write_originals,
    write_xlsx,
)
from tradebalance.errors import RefreshError, RefreshInProgressError
from tradebalance.sources import http
from tradebalance.store import builder, refresh, refreshes, snapshot

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"
SEED = "2026-01-01T000000Z"
NOW = dt.datetime(2026, 11, 28, 14, 22, 33, tzinfo=dt.UTC)
NAME = "2026-11-28T142233Z"
MOF = tuple(f"mof-{stem}" for stem in MOF_TITLES)
MODIFIED = "Wed, 25 Nov 2026 08:50:00 GMT"
ENV = ("TRADEBALANCE_MOF_URL", "TRADEBALANCE_CENSUS_URL", "TRADEBALANCE_FRED_URL")


@pytest.fixture
def server(httpserver: HTTPServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> HTTPServer:
    """The local server, refresh pointed at it, and a cache folder of this test's own."""
    monkeypatch.setenv("TRADEBALANCE_CACHE_DIR", str(tmp_path / "cache"))
    for var, path in zip(ENV, ("/mof/", "/census", "/fred/graph.csv"), strict=True):
        monkeypatch.setenv(var, httpserver.url_for(path))
    return httpserver


@pytest.fixture
def originals(tmp_path: Path) -> Path:
    return write_originals(tmp_path / "originals")


@pytest.fixture
def seed(server: HTTPServer, originals: Path) -> Path:
    """A previous vintage, built from the small originals."""
    return make_vintage(originals, SEED)


def serve(
    server: HTTPServer, originals: Path, *, dexjpus: bytes = DEXJPUS.encode(), skip: tuple[str, ...] = ()
) -> None:
    """Serve the files of ``originals`` (and the whole daily FRED series), except the paths in ``skip``."""
    files = {f"/mof/{stem}.csv": (originals / "mof" / f"{stem}.csv").read_bytes() for stem in MOF_TITLES}
    files["/census/country.xlsx"] = (originals / "census" / "country.xlsx").read_bytes()
    for path, body in files.items():
        if path not in skip:
            server.expect_request(path).respond_with_data(body)
    for series, body in (("EXJPUS", (originals / "fx" / "EXJPUS.csv").read_bytes()), ("DEXJPUS", dexjpus)):
        fred = server.expect_request("/fred/graph.csv", query_string=f"id={series}")
        fred.respond_with_data(body, content_type="text/csv")


def run(sources: tuple[str, ...] = ("mof",), *, waits: list[float] | None = None, **kw: object) -> refresh.Vintage:
    """Refresh at ``NOW`` without a progress bar, recording the back-off waits instead of sleeping.

    The keywords of a retry policy (``max_attempts=2``) go into the policy passed as ``retry``.
    """
    kw.setdefault("now", NOW)
    settings = {k: kw.pop(k) for k in ("timeout", "max_attempts", "backoff", "max_wait") if k in kw}
    retry = http.RetryPolicy(sleep=(waits if waits is not None else []).append, **settings)  # type: ignore[arg-type]
    return refresh.refresh(sources, progress=False, retry=retry, **kw)  # type: ignore[arg-type]


def entries(folder: Path) -> dict[str, dict]:
    return {e["name"]: e for e in json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))["resources"]}


def assert_untouched(cache: Path) -> None:
    """The previous vintage is still the latest, and nothing else is in the vintages folder."""
    assert [p.name for p in (cache / "vintages").iterdir()] == [SEED]
    assert refreshes.resolve("latest")[1] == SEED


# ------------------------------------------------------------------------------------------------ good files


def test_refresh_of_the_real_originals_matches_the_embedded_data(server):
    if not SHARED.is_dir():
        pytest.skip(f"official reference files are not present at {SHARED}")
    fx = SHARED / "fx"
    old_daily = (fx / "DEXJPUS_1971-01-04_to_2023-09-15.csv").read_text().splitlines()
    new_daily = (fx / "DEXJPUS_2015-07-13_to_2025-07-11.csv").read_text().splitlines()[1:]
    daily = "\n".join(old_daily + [line for line in new_daily if line[:10] > "2023-09-15"]) + "\n"
    serve(server, SHARED, dexjpus=daily.encode())

    result = run(("mof", "fx"))  # census's 1.8 MB workbook would double the time; its tests use small files

    assert (result.name, result.previous, result.written, result.unchanged) == (NAME, "embedded", True, ())
    assert result.downloaded == (*MOF, "fred-exjpus", "fred-dexjpus")
    made, embedded = entries(result.folder), entries(builder.data_dir())
    assert set(made) == set(embedded) - {"fred-dexjpus-1971", "fred-dexjpus-2015"} | {"fred-dexjpus"}
    for name in ("census-country", "census-enduse-imports", "census-enduse-exports", "usitc-dataweb-hs2"):
        assert made[name] == embedded[name]  # not refreshed: carried over untouched
    source = made["mof-d52ma001"]["sources"][0]
    assert source["path"] == server.url_for("/mof/d52ma001.csv") and source["retrieved"] == "2026-11-28T14:22:33Z"
    assert source["sha256"] == embedded["mof-d52ma001"]["sources"][0]["sha256"]  # the very same original
    assert made["fred-dexjpus"]["path"] == "fx/DEXJPUS.csv.gz"
    assert made["fred-dexjpus"]["sources"][0]["path"] == server.url_for("/fred/graph.csv") + "?id=DEXJPUS"
    for dataset in ("mof", "fx"):
        assert snapshot.diff("embedded", "latest", dataset).empty, dataset
    assert set(tb.load("mof", vintage="latest")["status"]) == {"confirmed"}  # 2025 had its March 2026 revision


def test_status_follows_each_agency_revision_calendar(server, seed, originals):
    serve(server, originals)
    for when in ("2024-05-01", "2024-07-01"):  # Census revises the previous year's months each June
        run(("census",), now=dt.datetime.fromisoformat(when).replace(tzinfo=dt.UTC))
    census = {when: tb.load("census", vintage=when) for when in ("2024-05-01", "2024-07-01")}
    statuses = {w: f.groupby(f["period"].dt.year)["status"].unique().map(list).to_dict() for w, f in census.items()}
    assert statuses == {
        "2024-05-01": {2023: ["preliminary"], 2024: ["preliminary"]},
        "2024-07-01": {2023: ["confirmed"], 2024: ["preliminary"]},
    }
    assert census["2024-07-01"].attrs["provenance"][0]["retrieved"] == "2024-07-01T00:00:00Z"


def test_a_partial_refresh_carries_the_other_resources_over_and_records_provenance(seed, server, originals):
    served = {}

    def mof_file(request: Request) -> Response:
        stem = request.path.rsplit("/", 1)[1].removesuffix(".csv")
        served[stem] = mof_bytes(stem)
        return Response(served[stem], headers={"ETag": f'"{stem}-v1"', "Last-Modified": MODIFIED})

    for stem in MOF_TITLES:
        server.expect_request(f"/mof/{stem}.csv").respond_with_handler(mof_file)

    result = run(("mof",))

    assert result.downloaded == MOF and result.previous == SEED
    made, before = entries(result.folder), entries(seed)
    assert set(made) == set(before)
    for name in ("census-country", "fred-exjpus", "fred-dexjpus-1971", "fred-dexjpus-2015"):
        assert made[name] == before[name]
        assert (result.folder / made[name]["path"]).read_bytes() == (seed / before[name]["path"]).read_bytes()
    source = made["mof-d61ma"]["sources"][0]
    assert source["path"] == server.url_for("/mof/d61ma.csv")
    assert (source["etag"], source["last_modified"]) == ('"d61ma-v1"', MODIFIED)
    assert source["sha256"] == __import__("hashlib").sha256(served["d61ma"]).hexdigest()
    assert source["retrieved"] == "2026-11-28T14:22:33Z"
    package = json.loads((result.folder / "datapackage.json").read_text(encoding="utf-8"))
    assert package["vintage"] == {"name": NAME, "previous": SEED, "downloaded": list(MOF), "unchanged": []}
    assert sorted(p.name for p in result.folder.iterdir()) == ["census", "datapackage.json", "fx", "mof"]
    assert tb.load("mof", vintage="latest").attrs["provenance"][0]["vintage"] == NAME

    again = run(("mof",), now=NOW + dt.timedelta(hours=1))  # the server ignores If-None-Match: same bytes again
    assert (again.written, again.name, again.downloaded, again.unchanged) == (False, NAME, (), MOF)


def test_not_modified_files_are_reused_from_the_previous_vintage(server, seed):
    requests_seen: list[dict[str, str]] = []

    def conditional(request: Request) -> Response:
        requests_seen.append(dict(request.headers))
        stem = request.path.rsplit("/", 1)[1].removesuffix(".csv")
        etag = '"d52ma001-v2"' if stem == "d52ma001" and len(requests_seen) > len(MOF) else f'"{stem}-v1"'
        if request.headers.get("If-None-Match") == etag:
            return Response(status=304, headers={"ETag": etag})
        months = revised(MOF_MONTHS, "2017/02", 4, 5) if etag.endswith('v2"') else MOF_MONTHS
        return Response(mof_bytes(stem, months), headers={"ETag": etag, "Last-Modified": MODIFIED})

    for stem in MOF_TITLES:
        server.expect_request(f"/mof/{stem}.csv").respond_with_handler(conditional)
    first = run(("mof",))
    assert "If-None-Match" not in requests_seen[0]  # the seed recorded no validators

    second = run(("mof",), now=NOW + dt.timedelta(hours=1))  # d52ma001 was revised meanwhile; the rest is not
    assert requests_seen[len(MOF)]["If-None-Match"] == '"d52ma001-v1"'
    assert requests_seen[len(MOF)]["If-Modified-Since"] == MODIFIED
    assert second.written and second.downloaded == ("mof-d52ma001",)
    assert second.unchanged == MOF[1:] and second.previous == first.name
    made, before = entries(second.folder), entries(first.folder)
    assert made["mof-d61ma"] == before["mof-d61ma"]  # validators and all: reused as it was
    assert made["mof-d52ma001"]["sources"][0]["etag"] == '"d52ma001-v2"'
    assert snapshot.diff(first.name, second.name, "mof")["change"].tolist() == [5_000.0] * 3

    third = run(("mof",), now=NOW + dt.timedelta(hours=2))  # nothing changed: no new vintage
    assert (third.written, third.name, third.downloaded, third.unchanged) == (False, second.name, (), MOF)
    assert [v.name for v in refreshes.list_vintages()] == [SEED, NAME, second.name]


def test_a_304_to_an_unconditional_request_is_an_error(server, seed):
    server.expect_request("/census/country.xlsx").respond_with_data(b"", status=304)
    problem = r"country\.xlsx: HTTP 304 NOT MODIFIED to a request that was not conditional"
    with pytest.raises(RefreshError, match=problem):
        run(("census",))


# ------------------------------------------------------------------------------------------- bad answers


def test_not_found_names_the_url_and_keeps_the_previous_vintage(server, seed, originals):
    serve(server, originals, skip=("/mof/d51ma.csv",))
    server.expect_request("/mof/d51ma.csv").respond_with_data("<p>Not Found</p>", status=404)
    waits: list[float] = []
    with pytest.raises(RefreshError, match=r"http://localhost:\d+/mof/d51ma\.csv: HTTP 404 NOT FOUND$"):
        run(("mof", "census", "fx"), waits=waits)
    assert waits == []  # a 404 is not retried
    assert_untouched(seed.parent.parent)


def test_server_errors_are_retried_with_back_off(server, seed, originals):
    for _ in range(2):
        server.expect_oneshot_request("/census/country.xlsx").respond_with_data("busy", status=503)
    serve(server, originals)
    waits: list[float] = []
    result = run(("census",), waits=waits, backoff=0.5)
    assert waits == [0.5, 1.0] and result.downloaded == ("census-country",)

    for _ in range(3):
        server.expect_oneshot_request("/census/country.xlsx").respond_with_data("oops", status=500)
    problem = r"country\.xlsx: failed after 3 attempts \(HTTP 500 INTERNAL SERVER ERROR\)"
    with pytest.raises(RefreshError, match=problem):
        run(("census",), waits=waits, max_attempts=3, now=NOW + dt.timedelta(hours=1))
    assert [v.name for v in refreshes.list_vintages()] == [SEED, NAME]


def test_a_timeout_is_retried_then_reported(server, seed):
    def slow(request: Request) -> Response:
        time.sleep(0.4)
        return Response("too late")

    server.expect_request("/mof/d52ma001.csv").respond_with_handler(slow)
    waits: list[float] = []
    with pytest.raises(RefreshError, match=r"/mof/d52ma001\.csv: failed after 2 attempts \(ReadTimeout"):
        run(("mof",), waits=waits, timeout=(5, 0.1), max_attempts=2)
    assert waits == [1.0]
    assert_untouched(seed.parent.parent)


def test_a_connection_broken_mid_transfer_is_retried_then_reported(server, seed):
    def broken(request: Request) -> Response:
        return Response(iter([b"\x81s\x8d\x91"]), headers={"Content-Length": "100000"}, direct_passthrough=True)

    server.expect_request("/mof/d52ma001.csv").respond_with_handler(broken)
    problem = r"d52ma001\.csv: failed after 2 attempts \(ChunkedEncodingError: .*Incomplete"
    with pytest.raises(RefreshError, match=problem):
        run(("mof",), max_attempts=2)
    assert_untouched(seed.parent.parent)


@pytest.mark.parametrize(
    ("cut", "problem"),
    [
        (lambda body: body[:-30], r"d52ma001\.csv, row 10: row has 2 columns, header has 16"),
        (
            lambda body: body[: body.index(b"\n2017/02") + 1],
            rf"d52ma001\.csv: covers 2017-01 to 2017-01, but mof-d52ma001 covers 2017-01 to 2017-02 in vintage {SEED}; "
            r"a truncated or partial file\?",
        ),
    ],
    ids=["inside-a-row", "between-rows"],
)
def test_a_truncated_file_is_refused(server, seed, originals, cut, problem):
    serve(server, originals, skip=("/mof/d52ma001.csv",))
    server.expect_request("/mof/d52ma001.csv").respond_with_data(cut(mof_bytes("d52ma001")))
    with pytest.raises(RefreshError, match=problem):
        run(("mof",))
    assert_untouched(seed.parent.parent)


def test_an_html_page_instead_of_the_file_is_refused(server, seed, originals):
    page = "<!DOCTYPE html>\n<html><head><title>ただいまメンテナンス中です</title></head><body>…</body></html>"
    serve(server, originals, skip=("/census/country.xlsx",))
    server.expect_request("/census/country.xlsx").respond_with_data(page.encode(), content_type="text/html")
    problem = r"country\.xlsx: the server sent an HTML page titled 'ただいまメンテナンス中です'"
    with pytest.raises(RefreshError, match=problem):
        run(("mof", "census"))
    assert_untouched(seed.parent.parent)


def test_an_encoding_change_is_refused(server, seed, originals):
    serve(server, originals, skip=("/mof/d62ma001.csv",))
    text = mof_bytes("d62ma001").decode("shift_jis")
    server.expect_request("/mof/d62ma001.csv").respond_with_data(text.encode("utf-16"))
    with pytest.raises(RefreshError, match=r"/mof/d62ma001\.csv: unknown text encoding; expected one of utf-8-sig"):
        run(("mof",))
    assert_untouched(seed.parent.parent)


def test_a_renamed_column_is_refused(server, seed, originals, tmp_path):
    serve(server, originals, skip=("/mof/d52ma001.csv", "/census/country.xlsx"))
    renamed = mof_bytes("d52ma001").decode("shift_jis").replace("概況品コード", "品目コード").encode("shift_jis")
    server.expect_request("/mof/d52ma001.csv").respond_with_data(renamed)
    problem = r"/mof/d52ma001\.csv, row 5, column 1: expected '概況品コード', found '品目"
    with pytest.raises(RefreshError, match=problem):
        run(("mof",))
    header = ["COUNTRY" if h == "CTYNAME" else h for h in HEADER]
    workbook = write_xlsx(tmp_path / "renamed.xlsx", header, COUNTRY_ROWS).read_bytes()
    server.expect_request("/census/country.xlsx").respond_with_data(workbook)
    with pytest.raises(RefreshError, match=r"/census/country\.xlsx, row 1, column 3: column 'CTYNAME' is missing"):
        run(("census",))
    assert_untouched(seed.parent.parent)


def test_sections_that_do_not_add_up_to_the_total_are_refused(server, seed, originals):
    months = {m: list(v) for m, v in MOF_MONTHS.items()}
    months["2017/02"][2] = "130"  # food section 130 (its items still say 70 + 40), total still 1100
    serve(server, originals, skip=("/mof/d61ma.csv",))
    server.expect_request("/mof/d61ma.csv").respond_with_data(mof_bytes("d61ma", months))
    problem = r"/mof/d61ma\.csv: in 2017-02 the sections add up to 1,120,000 yen but the total is 1,100,000 yen"
    with pytest.raises(RefreshError, match=problem):
        run(("mof",))
    assert_untouched(seed.parent.parent)


# ----------------------------------------------------------------------------------------- interruptions


class Interrupting(requests.Session):
    """A session whose ``after``-th + 1 request is interrupted, as by Ctrl-C."""

    def __init__(self, after: int) -> None:
        super().__init__()
        self.after = after

    def get(self, *args: object, **kwargs: object) -> requests.Response:  # type: ignore[override]
        if self.after == 0:
            raise KeyboardInterrupt
        self.after -= 1
        return super().get(*args, **kwargs)  # type: ignore[arg-type]


@pytest.mark.parametrize("where", ["download", "build"])
def test_an_interrupted_refresh_leaves_no_half_vintage(server, seed, originals, monkeypatch, where):
    serve(server, originals)
    if where == "download":
        session: requests.Session = Interrupting(after=5)  # four MOF files and country.xlsx arrive, then Ctrl-C
    else:
        session = requests.Session()
        build = builder.build

        def build_then_interrupt(*args: object, **kwargs: object) -> dict:
            build(*args, **kwargs)  # type: ignore[arg-type]
            raise KeyboardInterrupt  # the vintage is complete in the work folder, not yet renamed into place

        monkeypatch.setattr(builder, "build", build_then_interrupt)
    with pytest.raises(KeyboardInterrupt):
        run(("mof", "census", "fx"), session=session)
    assert_untouched(seed.parent.parent)
    assert tb.load("mof", vintage="latest").attrs["provenance"][0]["vintage"] == SEED


# -------------------------------------------------------------------------------------------------- safety


def test_server_names_never_choose_paths_and_the_api_key_never_leaks(server, seed, originals, monkeypatch, tmp_path):
    key = "sekret-census-key-0123"
    monkeypatch.setenv("CENSUS_API_KEY", key)
    serve(server, originals, skip=("/mof/d52ma001.csv",))
    server.expect_request("/mof/d52ma001.csv").respond_with_data(
        mof_bytes("d52ma001"), headers={"Content-Disposition": 'attachment; filename="../../../../escaped.csv"'}
    )
    result = run(("mof", "census"))
    assert not list(tmp_path.rglob("escaped.csv")) and not list(Path("/tmp").glob("escaped.csv"))
    assert (result.folder / "mof" / "d52ma001.csv.gz").is_file()
    server.expect_oneshot_request("/census/country.xlsx").respond_with_data("no", status=403)
    with pytest.raises(RefreshError) as failed:
        run(("census",), now=NOW + dt.timedelta(hours=1))
    sent = [f"{request.url} {dict(request.headers)}" for request, _ in server.log]
    written = [p.read_bytes() for p in result.folder.rglob("*") if p.is_file()]
    assert key not in str(failed.value) and not any(key in s for s in sent)
    assert not any(key.encode() in blob for blob in written)


def test_unknown_sources_are_refused():
    with pytest.raises(ValueError, match=r"unknown sources \['oecd'\]; choose from mof, census, fx"):
        refresh.refresh(("mof", "oecd"))


# --------------------------------------------------------------------------------- the shared HTTP client


def test_retry_after_is_honoured_within_its_bound(server, seed, originals):
    server.expect_oneshot_request("/census/country.xlsx").respond_with_data(
        "", status=429, headers={"Retry-After": "5"}
    )
    serve(server, originals)
    waits: list[float] = []
    result = run(("census",), waits=waits)
    assert waits == [5.0] and result.downloaded == ("census-country",)

    server.expect_oneshot_request("/census/country.xlsx").respond_with_data(
        "", status=503, headers={"Retry-After": "3600"}
    )
    problem = r"country\.xlsx: HTTP 503 SERVICE UNAVAILABLE; the server asks to wait 3600 s \(limit 60 s\)"
    with pytest.raises(RefreshError, match=problem):
        run(("census",), waits=waits, now=NOW + dt.timedelta(hours=1))
    assert waits == [5.0]  # refused at once, not slept on


# ------------------------------------------------------------------------------------- one refresh at a time


class Gate:
    """A slow server: the first request for d52ma001.csv is held until ``release`` is set.

    Each answer is a new revision of the file (February's food figure up by 5 thousand yen a time), so every
    refresh that gets through writes a vintage of its own.
    """

    def __init__(self) -> None:
        self.arrived, self.release = threading.Event(), threading.Event()
        self.calls = 0

    def __call__(self, request: Request) -> Response:
        self.calls += 1
        if self.calls == 1:
            self.arrived.set()
            assert self.release.wait(30)
        return Response(mof_bytes("d52ma001", revised(MOF_MONTHS, "2017/02", 4, 5 * self.calls)))


def in_thread(job: Callable[[], refresh.Vintage]) -> tuple[threading.Thread, dict[str, object]]:
    """Run ``job`` in a thread; its result (or error) lands in the returned dict."""
    out: dict[str, object] = {}

    def target() -> None:
        try:
            out["result"] = job()
        except BaseException as exc:  # handed to the test
            out["error"] = exc

    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    return thread, out


@pytest.fixture
def gate(server: HTTPServer, originals: Path) -> Iterator[Gate]:
    gate = Gate()
    server.expect_request("/mof/d52ma001.csv").respond_with_handler(gate)
    serve(server, originals, skip=("/mof/d52ma001.csv",))
    yield gate
    gate.release.set()


def test_a_second_refresh_stops_while_one_runs_and_names_the_lock_file(seed, gate, capsys):
    from tradebalance.cli import main

    first, out = in_thread(lambda: run(("mof",)))
    assert gate.arrived.wait(10)
    lock = str(refreshes.lock_path())
    assert lock.endswith("vintages.lock") and Path(lock).parent == seed.parent.parent
    with pytest.raises(
        RefreshInProgressError, match=rf"^another refresh is running: it holds the lock file {re.escape(lock)};"
    ) as info:
        run(("fx",), now=NOW + dt.timedelta(minutes=1))
    assert info.value.lock_file == lock
    assert main(["data", "refresh", "--source", "census"]) == 1
    assert f"tradebalance: error: another refresh is running: it holds the lock file {lock}" in capsys.readouterr().err

    gate.release.set()
    first.join(30)
    result = out["result"]
    assert isinstance(result, refresh.Vintage) and result.written and result.name == NAME
    assert [p.name for p in (seed.parent).iterdir()] == [SEED, NAME]  # the stopped ones left nothing behind


def test_a_second_refresh_can_wait_for_the_first_and_builds_on_it(seed, gate):
    first, out1 = in_thread(lambda: run(("mof",)))
    assert gate.arrived.wait(10)
    later = NOW + dt.timedelta(minutes=1)
    second, out2 = in_thread(lambda: run(("mof",), now=later, lock_timeout=30))
    time.sleep(0.3)
    assert second.is_alive() and gate.calls == 1  # waiting for the lock, not downloading
    gate.release.set()
    first.join(30)
    second.join(30)
    one, two = out1["result"], out2["result"]
    assert isinstance(one, refresh.Vintage) and isinstance(two, refresh.Vintage)
    assert (one.previous, one.name) == (SEED, NAME)
    assert (two.previous, two.name, two.downloaded) == (NAME, "2026-11-28T142333Z", ("mof-d52ma001",))
    assert [v.name for v in refreshes.list_vintages()] == [SEED, NAME, two.name]
    assert snapshot.diff(NAME, two.name, "mof")["change"].tolist() == [5_000.0] * 3  # one revision after the other


def test_a_waiting_refresh_gives_up_after_its_timeout(seed, gate):
    first, _ = in_thread(lambda: run(("mof",)))
    assert gate.arrived.wait(10)
    started = time.monotonic()
    with pytest.raises(RefreshInProgressError, match=r"vintages\.lock \(waited 0\.5 s\); let it finish"):
        run(("mof",), now=NOW + dt.timedelta(minutes=1), lock_timeout=0.5)
    assert 0.4 < time.monotonic() - started < 5
    gate.release.set()
    first.join(30)


def test_the_lock_of_a_killed_process_is_released(seed, server, originals):
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time, filelock; lock = filelock.FileLock(sys.argv[1]); lock.acquire(); "
            "print('locked', flush=True); time.sleep(60)",
            str(refreshes.lock_path()),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        with pytest.raises(RefreshInProgressError):
            run(("mof",))
    finally:
        holder.kill()
        holder.wait(10)
    serve(server, originals)
    assert run(("mof",)).written  # the operating system released the dead process's lock


# --------------------------------------------------------------------------------- leftovers of a killed run


def stale_work(cache: Path, name: str = "2026-11-27T101010Z") -> Path:
    """A work folder as a refresh killed half-way leaves it (``tempfile.mkdtemp(prefix=".<name>.")``)."""
    work = Path(tempfile.mkdtemp(prefix=f".{name}.", dir=cache / "vintages"))
    (work / "vintage" / "mof").mkdir(parents=True)
    (work / "vintage" / "mof" / "d52ma001.csv.gz").write_bytes(b"half")
    return work


def test_work_folders_of_a_killed_refresh_are_removed_by_the_next(server, seed, originals, caplog):
    cache = seed.parent.parent
    stale = [stale_work(cache), stale_work(cache, NAME)]
    keep = [cache / "vintages" / ".notes", cache / "vintages" / ".2026-11-27T101010Z.tmp"]
    keep[0].mkdir()
    keep[1].write_text("a file, not a work folder")
    serve(server, originals)

    result = run(("mof",))

    assert result.written and result.removed == tuple(sorted(p.name for p in stale))
    assert not any(p.exists() for p in stale) and all(p.exists() for p in keep)
    assert "removed 2 work folders left by an interrupted refresh" in caplog.text
    assert refreshes.resolve("latest")[1] == NAME


def test_work_folders_are_left_alone_while_another_refresh_holds_the_lock(server, seed, originals):
    from filelock import FileLock

    work = stale_work(seed.parent.parent)
    with FileLock(refreshes.lock_path()):
        with pytest.raises(RefreshInProgressError):
            run(("mof",))
        assert work.is_dir()  # perhaps the other refresh's work in progress
    serve(server, originals)
    assert run(("mof",)).removed == (work.name,) and not work.exists()


# ---------------------------------------------------------------------------------------- cannot write


def fail_with(code: int) -> Callable[..., None]:
    def fail(*args: object, **kwargs: object) -> None:
        raise OSError(code, os.strerror(code), str(args[0]) if args else None)

    return fail


@pytest.mark.parametrize(
    ("where", "code", "problem"),
    [
        ("originals", errno.ENOSPC, "the disk is full (No space left on device)"),
        ("snapshot", errno.ENOSPC, "the disk is full (No space left on device)"),
        ("rename", errno.EDQUOT, "the disk quota is exhausted (Disk quota exceeded)"),
        ("work-folder", errno.EROFS, "the file system is read-only (Read-only file system)"),
        ("work-folder", errno.EACCES, "the folder is not writable (Permission denied)"),
    ],
)
def test_a_refresh_that_cannot_write_fails_cleanly(server, seed, originals, monkeypatch, where, code, problem):
    serve(server, originals)
    message = rf"^cannot write vintage {NAME} in .*vintages: {re.escape(problem)}; vintage {SEED} stays in use$"
    with monkeypatch.context() as patch, pytest.raises(RefreshError, match=message):
        if where == "originals":  # the downloads, saved into the work folder
            patch.setattr(Path, "write_bytes", fail_with(code))
        elif where == "snapshot":  # the rebuilt resources and datapackage.json (written through os.replace)
            replace = os.replace

            def replace_in_cache(src: str, dst: str, *args: object, **kwargs: object) -> None:
                if "vintages" in str(dst):
                    fail_with(code)(dst)
                replace(src, dst, *args, **kwargs)

            patch.setattr(os, "replace", replace_in_cache)
        elif where == "rename":  # the finished vintage, renamed into place
            patch.setattr(os, "rename", fail_with(code))
        else:  # the vintages folder itself
            patch.setattr(tempfile, "mkdtemp", fail_with(code))
        run(("mof",))
    assert_untouched(seed.parent.parent)
    assert tb.load("mof", vintage="latest").attrs["provenance"][0]["vintage"] == SEED


def test_a_cache_folder_that_cannot_be_created_is_a_clear_error(server, tmp_path, monkeypatch):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder should be")
    monkeypatch.setenv("TRADEBALANCE_CACHE_DIR", str(blocker / "cache"))
    with pytest.raises(
        RefreshError,
        match=r"^cannot write to the cache folder .*not-a-folder/cache: Not a directory; a refresh needs a writable cache folder \(TRADEBALANCE_CACHE_DIR",
    ):
        run(("mof",))
    assert server.log == []


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes to read-only folders; the monkeypatched tests cover it")
def test_a_read_only_cache_folder_is_a_clear_error(server, seed, originals):
    serve(server, originals)
    folder = seed.parent
    folder.chmod(0o555)
    try:
        with pytest.raises(
            RefreshError, match=r"the folder is not writable \(Permission denied\); vintage .* stays in use"
        ):
            run(("mof",))
    finally:
        folder.chmod(0o755)
    assert_untouched(seed.parent.parent)


# ------------------------------------------------------------------------------------------------ network


@pytest.mark.network
def test_refresh_from_the_agencies(tmp_path, monkeypatch):
    monkeypatch.setenv("TRADEBALANCE_CACHE_DIR", str(tmp_path / "cache"))
    for var in ENV:
        monkeypatch.delenv(var, raising=False)
    result = refresh.refresh(progress=False)
    assert result.written and set(result.downloaded) == {*MOF, "census-country", "fred-exjpus", "fred-dexjpus"}
    latest, embedded = tb.load("mof", vintage="latest"), tb.load("mof")
    assert latest["period"].max() >= embedded["period"].max()
    assert tb.load("fx", vintage="latest")["date"].max() > pd.Timestamp("2025-07-11")


# ----------------------------------------------------------------------------------- command line


def test_data_refresh_info_and_diff_commands(server, seed, originals, capsys):
    from tradebalance.cli import main

    serve(server, originals)
    assert main(["data", "refresh", "--source", "mof"]) == 0
    out = capsys.readouterr().out
    assert "downloaded and verified: " + ", ".join(MOF) in out
    assert main(["data", "info"]) == 0
    assert "(latest)" in capsys.readouterr().out
    assert main(["data", "diff", SEED, "latest", "--dataset", "mof", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out) == []
    assert main(["data", "diff", "embedded", "2001-01-01", "--dataset", "mof"]) == 1
    assert "vintage '2001-01-01' is not available" in capsys.readouterr().err

"""Japan's regional balance of payments with the United States (Bank of Japan), from the user's own download.

The Bank allows use with the source cited ("Source: Bank of Japan, Regional Balance of Payments") but asks to be
consulted before redistribution, so the package ships no copy: :func:`load_file` reads the user's own
``regbp_q_en.zip``, from a path or the ``TRADEBALANCE_BOJ_FILE`` environment variable, and :func:`parse` gives
Japan's goods and services with the USA as tidy rows (yen, quarterly, BOP basis), checked against the published
nets. The file's layout and its series: ``docs/user-guide/loading.md`` ("Bank of Japan regional balance of
payments").
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
import os
import re
import zipfile
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from tradebalance.errors import DataNotFoundError, ParseError
from tradebalance.sources.common import read_bytes, tidy_ordinals
from tradebalance.store.paths import sha256

ENV_FILE = "TRADEBALANCE_BOJ_FILE"
FILENAME = "regbp_q_en.zip"
DOWNLOAD_URL = "https://www.stat-search.boj.or.jp/info/dload_en.html"
AGENCY = "Bank of Japan (with the Ministry of Finance)"
TITLE = "Regional Balance of Payments (Quarterly) (Data Based on the BPM6), Japan with the United States"
ATTRIBUTION = "Source: Bank of Japan, Regional Balance of Payments"
TERMS = (
    "The Bank of Japan allows use of its statistics with the source cited, but asks to be consulted before "
    "redistribution: tradebalance does not ship this file and reads the user's own download."
)
UNIT = "100 million Yen"
FACTOR = 1e8
REPORTER, PARTNER, CURRENCY, BASIS, CLASSIFICATION = "JPN", "USA", "JPY", "BOP", "BOP-scope"
#: Series read as flows: code -> (scope code, flow).
FLOWS: dict[str, tuple[str, str]] = {
    "BPBP6QEXUS": ("goods", "export"),
    "BPBP6QIMUS": ("goods", "import"),
    "BPBP6QSCUS": ("services", "export"),
    "BPBP6QSDUS": ("services", "import"),
}
#: Published nets checked against the flows: code -> (what, the scopes whose exports − imports it is).
NETS: dict[str, tuple[str, tuple[str, ...]]] = {
    "BPBP6QTBUS": ("goods net", ("goods",)),
    "BPBP6QSNUS": ("services net", ("services",)),
    "BPBP6QTSUS": ("goods and services net", ("goods", "services")),
}
SCOPES: dict[str, tuple[str, int, str | None]] = {
    "goods-and-services": ("Goods and services", 0, None),
    "goods": ("Goods", 1, "goods-and-services"),
    "services": ("Services", 1, "goods-and-services"),
}
#: Largest accepted gap between a published net and the one derived, in 100 million yen (the file carries
#: 8 decimals; the nets agree with the flows to about 1e-8).
TOLERANCE = 1e-4
_PERIOD = re.compile(r"^(\d{4})0([1-4])$")


def _rows(path: Path) -> list[list[str]]:
    """The CSV's rows, from the zip (its one ``.csv`` member) or from a CSV file."""
    raw = read_bytes(path)
    if raw[:2] == b"PK":
        try:
            with zipfile.ZipFile(io.BytesIO(raw)) as archive:
                members = [n for n in archive.namelist() if n.lower().endswith(".csv")]
                if len(members) != 1:
                    raise ParseError(path, f"expected one CSV file in the zip, found {members}")
                raw = archive.read(members[0])
        except zipfile.BadZipFile as exc:
            raise ParseError(path, f"cannot read as a zip file ({exc})") from exc
    for encoding in ("utf-8-sig", "cp932"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise ParseError(path, "unknown text encoding; expected UTF-8 or Shift_JIS")
    try:
        return list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as exc:
        raise ParseError(path, f"not a CSV file ({exc})") from None


def _series(path: Path, rows: list[list[str]]) -> tuple[pd.PeriodIndex, dict[str, np.ndarray]]:
    """The periods of row 1 and the values (100 million yen) of the series this module reads."""
    if not rows:
        raise ParseError(path, "the file is empty")
    header = rows[0]
    periods = []
    for c, cell in enumerate(header[4:], start=5):
        match = _PERIOD.match(cell.strip())
        if not match:
            raise ParseError(path, f"expected a quarter like '201401', found {cell!r}", row=1, column=c)
        periods.append(f"{match.group(1)}Q{match.group(2)}")
    if not periods:
        raise ParseError(path, "no periods in row 1", row=1)
    wanted = {*FLOWS, *NETS}
    found: dict[str, np.ndarray] = {}
    for r, row in enumerate(rows[1:], start=2):
        if not row or row[0].strip() not in wanted:
            continue
        code = row[0].strip()
        if code in found:
            raise ParseError(path, f"series {code} appears twice", row=r, column=1)
        if len(row) < 4 or row[3].strip() != UNIT:
            raise ParseError(
                path, f"series {code}: unit {row[3] if len(row) > 3 else ''!r}, expected {UNIT!r}", row=r, column=4
            )
        if len(row) != len(header):
            raise ParseError(path, f"series {code} has {len(row)} columns, row 1 has {len(header)}", row=r)
        found[code] = _values(path, code, row[4:], r)
    missing = sorted(wanted - set(found))
    if missing:
        raise ParseError(path, f"series {', '.join(missing)} not found (the United States' series end in 'US')")
    return pd.PeriodIndex(periods, freq="Q"), found


def _values(path: Path, code: str, cells: list[str], r: int) -> np.ndarray:
    """The figures of series ``code`` (row ``r``): blank, ``NA`` and ``ND`` are NaN, flows non-negative."""
    values = np.full(len(cells), np.nan)
    for j, cell in enumerate(cells):
        text = cell.strip()
        if text in ("", "NA", "ND"):
            continue
        try:
            values[j] = float(text)
        except ValueError:
            raise ParseError(path, f"series {code}: expected a number, found {cell!r}", row=r, column=j + 5) from None
        if not math.isfinite(values[j]) or (code in FLOWS and values[j] < 0):
            raise ParseError(
                path, f"series {code}: expected a non-negative number, found {cell!r}", row=r, column=j + 5
            )
    return values


def parse(path: str | Path, *, source: str = "boj-regbp", provisional_from: int | None = None) -> pd.DataFrame:
    """Parse the Bank of Japan's ``regbp_q_en.zip`` (or its CSV) into the tidy schema: Japan with the USA.

    Args:
        path: the zip as downloaded, or the CSV inside it.
        source: id for the ``source`` column.
        provisional_from: first year whose figures are preliminary; default: the file's latest year (the
            Bank revises the latest quarters at its annual revision).

    Returns:
        One row per quarter, flow and scope (``goods``, ``services``, and ``goods-and-services`` = their sum)
        in yen; a quarter with no published value gives no row.

    Raises:
        ParseError: the layout is not the one described in the module docstring, a series is missing, or a
            published net (goods, services, goods and services) differs from exports − imports.
    """
    path = Path(path)
    periods, series = _series(path, _rows(path))
    scopes: dict[tuple[str, str], np.ndarray] = {key: series[code] for code, key in FLOWS.items()}
    for flow in ("export", "import"):
        scopes[("goods-and-services", flow)] = scopes[("goods", flow)] + scopes[("services", flow)]
    for code, (what, parts) in NETS.items():
        derived = sum(scopes[(s, "export")] - scopes[(s, "import")] for s in parts)
        gap = np.abs(np.asarray(derived) - series[code])
        bad = np.flatnonzero(~np.isnan(gap) & (gap > TOLERANCE))
        if len(bad):
            j = int(bad[0])
            raise ParseError(
                path,
                f"series {code} ({what}) is {series[code][j]:,.2f} in {periods[j]} but exports − imports make "
                f"{derived[j]:,.2f} (100 million yen)",
            )
    frames = []
    for (scope, flow), values in scopes.items():
        keep = ~np.isnan(values)
        label, level, parent = SCOPES[scope]
        frames.append(
            pd.DataFrame(
                {
                    "ordinal": periods.asi8[keep],
                    "flow": flow,
                    "code": scope,
                    "label": label,
                    "level": level,
                    "parent": parent,
                    "value": values[keep] * FACTOR,
                }
            )
        )
    records = pd.concat(frames, ignore_index=True)
    last_year = int(pd.PeriodIndex.from_ordinals(records["ordinal"].to_numpy(dtype=np.int64), freq="Q").year.max())
    return tidy_ordinals(
        records,
        "Q",
        Path(path),
        provisional_from if provisional_from is not None else last_year,
        reporter=REPORTER,
        partner=PARTNER,
        classification=CLASSIFICATION,
        currency=CURRENCY,
        basis=BASIS,
        source=source,
    )


def _where(path: str | Path | None) -> Path:
    chosen = path if path is not None else os.environ.get(ENV_FILE)
    if not chosen:
        raise DataNotFoundError(
            "no Bank of Japan regional balance of payments file: download regbp_q_en.zip from the Bank of "
            f"Japan's time-series bulk download ({DOWNLOAD_URL}, Regional Balance of Payments, quarterly) and "
            f"pass its path, or set {ENV_FILE}. tradebalance does not ship it because the Bank asks to be "
            "consulted before its statistics are redistributed."
        )
    found = Path(chosen).expanduser()
    if not found.is_file():
        raise DataNotFoundError(
            f"{found}: no such file (from {'the path given' if path is not None else ENV_FILE}); download "
            f"regbp_q_en.zip from the Bank of Japan's time-series bulk download ({DOWNLOAD_URL})"
        )
    return found


def _dated(path: Path) -> str | None:
    """The date the Bank stamped on the CSV inside the zip (``2026-05-13``), if it is a zip."""
    try:
        with zipfile.ZipFile(path) as archive:
            stamps = [dt.date(*info.date_time[:3]).isoformat() for info in archive.infolist()]
    except (OSError, zipfile.BadZipFile, ValueError):
        return None
    return max(stamps) if stamps else None


def load_file(path: str | Path | None = None) -> pd.DataFrame:
    """Japan's goods and services trade with the USA from the user's copy of ``regbp_q_en.zip``.

    Reads ``path``, else the file named by ``TRADEBALANCE_BOJ_FILE``. The frame's ``attrs["provenance"]``
    records the file, its sha256, the date the Bank stamped on it, the attribution ("Source: Bank of Japan,
    Regional Balance of Payments") and the note on the Bank's terms.

    Raises:
        DataNotFoundError: no path given and the variable is not set, or the file is not there; the message
            says where to download it and why it is not shipped.
        ParseError: the file is not in the expected layout (see :func:`parse`).
    """
    where = _where(path)
    frame = parse(where)
    provenance: dict[str, Any] = {
        "resource": "boj-regbp",
        "dataset": "boj-regbp",
        "agency": AGENCY,
        "title": TITLE,
        "url": DOWNLOAD_URL,
        "file": str(where),
        "retrieved": "not recorded (the user's own download)",
        "published": _dated(where),
        "sha256": sha256(where),
        "license": "Bank of Japan terms of use: cite the source; consult the Bank before redistribution",
        "attribution": ATTRIBUTION,
        "terms": TERMS,
        "coverage": f"{frame['period'].min()}/{frame['period'].max()}",
        "status": {k: int(v) for k, v in frame["status"].value_counts().sort_index().items()},
    }
    frame.attrs["provenance"] = [provenance]
    return frame

"""Partners by name: ISO codes, English names, common aliases and Japanese names to the data's partner codes.

People name a partner in many ways (``the U.S.``, ``US``, ``America``, ``米国``); each maps to one partner code of
the data through ``data/reference/partner_names.csv``, compared ignoring case, accents, full-width forms and
punctuation. The table's columns and the matching rules: ``docs/user-guide/partners-and-tariffs.md``
("Partners by name").

Example::

    >>> from tradebalance import partner_names
    >>> [partner_names.partner_code(n) for n in ("EU", "ASEAN", "China", "Germany", "米国", "the U.S.")]
    ['X0003', 'XASEAN', 'CHN', 'DEU', 'USA', 'USA']
"""

from __future__ import annotations

import difflib
import functools
import unicodedata
from collections.abc import Collection, Mapping
from pathlib import Path
from typing import Any

from tradebalance.errors import DataNotFoundError, ParseError
from tradebalance.schema import PARTNER_CODE, PARTNER_CODE_WORDS
from tradebalance.store.paths import packaged, read_rows

COLUMNS = ("code", "name", "language", "kind", "origin")
KINDS = ("iso", "name", "alias", "ja")
#: Claim parameters that name a partner (``compare`` also takes ``previous`` and ``year-ago``).
PARAMETERS = ("partner", "compare")
NOT_PARTNERS = ("previous", "year-ago")
_DROP = str.maketrans({".": "", "'": "", "’": "", "`": "", ",": " ", "(": " ", ")": " "})


def table_path() -> Path:
    """Path of ``partner_names.csv`` in the package data."""
    return packaged("data", "reference", "partner_names.csv")


def key(name: str) -> str:
    """A name as names are compared: ``"the U.S."`` → ``"us"``, ``"Côte d'Ivoire"`` → ``"cote divoire"``."""
    text = unicodedata.normalize("NFKC", name).casefold().translate(_DROP)
    # Accents off Latin letters only: a Japanese voiced mark (ド) is part of the letter.
    text = "".join(_base(ch) for ch in text)
    text = " ".join(text.split())
    return text[4:] if text.startswith("the ") else text


def _base(ch: str) -> str:
    decomposed = unicodedata.normalize("NFD", ch)
    return decomposed[0] if decomposed[0].isascii() else ch


@functools.cache
def table() -> tuple[dict[str, str], ...]:
    """The rows of ``partner_names.csv``, checked (columns, kinds, codes). Cached: do not modify.

    Raises:
        ParseError: the table cannot be read or breaks one of these rules.
    """
    path = table_path()
    rows = tuple(read_rows(path, COLUMNS))
    for n, row in enumerate(rows, start=2):
        if row["kind"] not in KINDS:
            raise ParseError(path, f"kind {row['kind']!r} is not one of {KINDS}", row=n, column="kind")
        if not PARTNER_CODE.fullmatch(row["code"]):
            raise ParseError(path, f"code {row['code']!r} is not {PARTNER_CODE_WORDS}", row=n, column="code")
        if not row["name"].strip():
            raise ParseError(path, "the name is empty", row=n, column="name")
    return rows


@functools.cache
def _index() -> dict[str, tuple[str, ...]]:
    """Name key -> the codes it stands for, in table order."""
    found: dict[str, dict[str, None]] = {}
    for row in table():
        found.setdefault(key(row["name"]), {})[row["code"]] = None
    return {k: tuple(codes) for k, codes in found.items()}


@functools.cache
def _shown() -> dict[str, str]:
    """Name key -> the name as the table first writes it (for messages); empty for a code."""
    shown: dict[str, str] = {}
    for row in table():
        shown.setdefault(key(row["name"]), "" if row["kind"] == "iso" else row["name"])
    return shown


def name_of(code: str) -> str:
    """The English name of a partner code (``X0003`` → ``European Union``); the code itself if none is listed."""
    return next((r["name"] for r in table() if r["code"] == code and r["kind"] == "name" and r["name"] != code), code)


def described(code: str) -> str:
    """``European Union (X0003)``, or the bare code where the table has no name for it."""
    name = name_of(code)
    return code if name == code else f"{name} ({code})"


def partner_code(text: str, held: Collection[str] | None = None) -> str:
    """The partner code a person means by ``text``: a code, an English or Japanese name, or an alias.

    Args:
        text: ``"EU"``, ``"European Union"``, ``"欧州連合"``, ``"X0003"`` …
        held: the partner codes of the data being read, if known: they decide between groupings of the same
            name (``Asia``), and the nearest matches of an unknown name are drawn from them.

    Raises:
        DataNotFoundError: an unknown name (the message lists the nearest names and their codes), or a name
            that stands for several groupings none or several of which ``held`` has.
    """
    text = str(text).strip()
    if held and text in held:
        return text
    codes = _index().get(key(text), ())
    if len(codes) == 1:
        return codes[0]
    if codes:
        inside = [c for c in codes if held and c in held]
        if len(inside) == 1:
            return inside[0]
        listed = " or ".join(described(c) for c in codes)
        raise DataNotFoundError(f"partner {text!r} stands for {listed}, groupings drawn differently: give the code")
    if PARTNER_CODE.fullmatch(text):  # a code the table does not list is passed on, so that the data decide
        return text
    close = nearest(text, held)
    hint = f"; nearest: {', '.join(close)}" if close else ""
    raise DataNotFoundError(
        f"unknown partner {text!r}{hint}. A partner is a code (DEU), an English name (Germany), an alias (EU, "
        "ASEAN, the U.S.) or a Japanese name (ドイツ); data/reference/partner_names.csv lists them"
    )


def nearest(text: str, held: Collection[str] | None = None, n: int = 5) -> list[str]:
    """Up to ``n`` names nearest to ``text``, one per partner, as ``Germany (DEU)`` (among ``held`` if given)."""
    index = _index()
    keys = [k for k, codes in index.items() if not held or any(c in held for c in codes)]
    out: dict[str, str] = {}
    for k in difflib.get_close_matches(key(text), keys, n=4 * n, cutoff=0.6):
        shown = _shown()[k]
        for code in index[k]:
            if code not in out and (not held or code in held):
                out[code] = f"{shown} ({code})" if shown else described(code)
    return list(out.values())[:n]


def partner_codes(parameters: Mapping[str, Any], where: str) -> dict[str, Any]:
    """``parameters`` with ``partner`` and ``compare`` (a partner, not ``previous`` or ``year-ago``) as codes.

    ``where`` names them in errors (``claim 'auto-share-2017'``).

    Raises:
        DataNotFoundError: a name is unknown or ambiguous; the message names ``where`` and the parameter.
    """
    out = dict(parameters)
    for name in PARAMETERS:
        value = out.get(name)
        if isinstance(value, str) and value not in NOT_PARTNERS:
            try:
                out[name] = partner_code(value)
            except DataNotFoundError as exc:
                raise DataNotFoundError(f"{where}, parameter {name}: {exc}") from None
    return out

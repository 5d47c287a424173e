"""Claim files: TOML with one ``[[claim]]`` table per claim, validated field by field.

::

    [[claim]]
    id = "surplus-2017"
    quote = "In 2017, Japan's trade surplus with the United States amounted to as much as about ¥7 trillion."
    attribution = { publication = "…", date = "2018-09-25", url = "https://…" }
    metric = "balance"
    parameters = { reporter = "JPN", partner = "USA", period = 2017, currency = "JPY" }
    test = { kind = "approx", value = 7e12, tolerance = 0.05 }
    framing = { source = "mof", calendar = "calendar" }
    expect = { verdict = "supported", rating = "true", why = "…" }   # optional, for collections
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from collections import Counter
from dataclasses import replace
from pathlib import Path
from typing import Any

from tradebalance import periods
from tradebalance.claims import limits, parts, rubric
from tradebalance.claims.claim_tests import (
    TEST_KINDS,
    AboveTest,
    ApproxTest,
    BelowTest,
    BetweenTest,
    ContextTest,
    MagnitudeTest,
    RankTest,
    RecordTest,
    Test,
    TopTest,
    VagueTest,
)
from tradebalance.claims.model import CHOICES, METRIC_NAMES, NOT_CHECKABLE, PARAMETERS, RATINGS, VERDICTS, Claim
from tradebalance.errors import ClaimFileError, TradebalanceError
from tradebalance.store.paths import packaged

#: Numbers each test kind needs.
NEEDED = {
    "approx": ("value",),
    ">": ("value",),
    "<": ("value",),
    "between": ("low", "high"),
    "rank": ("value",),
    "top": ("value",),
    "magnitude": ("value",),
    "vague": (),
    "record": (),
    "context": (),
}
#: The kinds that test one figure (``value``), and their classes.
FIGURE_TESTS: dict[str, type[AboveTest | BelowTest | MagnitudeTest | RankTest | TopTest]] = {
    ">": AboveTest,
    "<": BelowTest,
    "magnitude": MagnitudeTest,
    "rank": RankTest,
    "top": TopTest,
}
#: Fields a test may carry besides its kind.
TEST_FIELDS = ("value", "tolerance", "low", "high", "said", "hedge", "word", "side")
FIELDS = ("id", "quote", "attribution", "metric", "parameters", "test", "framing", "notes", "expect", "part")


def load_claims(path: str | Path) -> list[Claim]:
    """Read a claim file; raises ClaimFileError naming the claim and the field that is wrong.

    Example::

        >>> from tradebalance import claims
        >>> [c.id for c in claims.load_claims(claims.seed_claims_path())][:2]
        ['surplus-2017', 'auto-share-2017']
    """
    path = Path(path)
    try:
        text = limits.read_claim_file(path)
        limits.check_nesting(text, path)
        document = tomllib.loads(text)
    except OSError as exc:
        raise ClaimFileError(f"{path}: cannot read claim file ({exc.strerror})") from exc
    except (ValueError, UnicodeDecodeError) as exc:  # TOMLDecodeError, or an integer of over 4,300 digits
        raise ClaimFileError(f"{path}: not valid TOML ({exc})") from exc
    tables = document.get("claim")
    if not isinstance(tables, list) or not tables:
        raise ClaimFileError(f"{path}: no [[claim]] tables found")
    limits.check_count(len(tables), str(path), limits.MAX_CLAIMS_PER_FILE)
    claims = [_claim(t, n, path) for n, t in enumerate(tables, 1)]
    dupes = sorted(i for i, count in Counter(c.id for c in claims).items() if count > 1)
    if dupes:
        raise ClaimFileError(f"{path}: claim id {dupes[0]!r} is used twice")
    return claims


def claim_from_table(table: dict[str, Any], where: str = "<table>") -> Claim:
    """One claim from a ``[[claim]]`` table as TOML gives it (a dict), validated exactly as in a claim file.

    ``where`` names the table's origin in errors, as a file's path does (raises ClaimFileError).
    """
    return _claim(table, 1, Path(where))


def _date_problem(attribution: Any) -> str:
    """What is wrong with ``attribution.date`` ("" if nothing, or if there is none): a year, month or day."""
    if not isinstance(attribution, dict) or "date" not in attribution:
        return ""
    date = str(attribution["date"])
    found = re.fullmatch(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?", date)
    if found:
        try:
            dt.date(*(int(part or 1) for part in found.groups()))
            return ""
        except ValueError:  # no such month or day
            pass
    return f"{date[:40]!r} is not a date: write 2018, 2018-09 or 2018-09-25"


def _claim(table: Any, n: int, path: Path) -> Claim:
    if not isinstance(table, dict):
        raise ClaimFileError(f"{path}: claim #{n} is not a table")
    name = str(table.get("id", f"#{n}"))[: limits.MAX_ID_CHARS]

    def fail(fld: str, problem: str) -> ClaimFileError:
        return ClaimFileError(f"{path}: claim {name!r}, field {fld!r}: {problem}")

    _check_fields(table, fail)
    if table["metric"] == NOT_CHECKABLE:
        return _not_checkable(table, fail)
    if not isinstance(table.get("test"), dict):
        raise fail("test", "missing or not a dict")
    if table["metric"] not in METRIC_NAMES:
        known = ", ".join([*METRIC_NAMES, NOT_CHECKABLE])
        raise fail("metric", f"unknown metric {table['metric']!r}; known: {known}")
    params = table.get("parameters", {})
    framing = table.get("framing", {})
    _check_parameters(params, framing, fail)
    test = _test(table["test"], fail)
    attribution = table.get("attribution", {})
    if not isinstance(attribution, dict):
        raise fail("attribution", "must be a table with publication and date")
    date = str(attribution.get("date", ""))
    for key in ("period", "from"):
        relative = str(params.get(key, "")).strip().lower() in periods.RELATIVE
        if relative and not (date[:4].isdigit() and len(date) in (4, 7, 10)):
            raise fail(f"parameters.{key}", f"{params[key]!r} needs the claim's date (attribution.date, 2018-09-25)")
    expect = _expect(table, fail)
    claim = Claim(
        id=table["id"],
        quote=table["quote"],
        attribution={k: str(v) for k, v in attribution.items()},
        metric=table["metric"],
        parameters=params,
        test=test,
        framing={k: str(v) for k, v in framing.items()},
        notes=str(table.get("notes", "")),
        expect={k: str(v) for k, v in expect.items()},
    )
    if "part" in table:
        claim = replace(claim, parts=parts.from_tables(table["part"], claim, table, lambda t, k: _claim(t, k, path)))
    return claim


def _check_fields(table: dict[str, Any], fail: Any) -> None:
    """The fields every claim has (id, quote, metric), no unknown one, and the id, quote and date well formed."""
    for fld, kind in (("id", str), ("quote", str), ("metric", str)):
        if not isinstance(table.get(fld), kind):
            raise fail(fld, f"missing or not a {kind.__name__}")
    unknown_fields = sorted(set(table) - set(FIELDS))
    if unknown_fields:
        raise fail(unknown_fields[0], f"unknown field; known: {', '.join(FIELDS)}")
    for fld, problem in (
        ("id", limits.id_problem(table["id"])),
        ("quote", limits.quote_problem(table["quote"])),
        ("attribution.date", _date_problem(table.get("attribution"))),
    ):
        if problem:
            raise fail(fld, problem)


def _check_parameters(params: Any, framing: Any, fail: Any) -> None:
    """The ``parameters`` and ``framing`` tables: known parameters with valid values, an amount with its currency."""
    for fld, value in (("parameters", params), ("framing", framing)):
        if not isinstance(value, dict):
            raise fail(fld, "must be a table")
        unknown = set(value) - set(PARAMETERS)
        if unknown:
            raise fail(fld, f"unknown parameter {sorted(unknown)[0]!r}; known: {', '.join(PARAMETERS)}")
        for key, item in value.items():
            problem = _parameter_problem(key, item)
            if problem:
                raise fail(f"{fld}.{key}", problem)
    if "amount" in params and "currency" not in params:
        raise fail("parameters.currency", 'an amount needs its currency (currency = "USD")')


def _expect(table: dict[str, Any], fail: Any) -> dict[str, Any]:
    """The ``expect`` table of a collection's claim, its verdict and rating among the known ones."""
    expect = table.get("expect", {})
    if not isinstance(expect, dict):
        raise fail("expect", "must be a table with verdict, rating and why")
    if expect.get("verdict", "supported") not in VERDICTS:
        raise fail("expect.verdict", f"{expect['verdict']!r} is not one of {', '.join(VERDICTS)}")
    if expect.get("rating") not in (None, *RATINGS):
        raise fail("expect.rating", f"{expect['rating']!r} is not one of {', '.join(RATINGS)}")
    return expect


def _parameter_problem(key: str, value: Any) -> str:
    """What is wrong with one parameter's value ("" if nothing)."""
    if key == "rate":
        ok = isinstance(value, (int, float)) and not isinstance(value, bool) and 0 <= value <= 10
        return "" if ok else "a tariff rate is a number (0.25 = 25 %)"
    if key == "amount":
        ok = isinstance(value, (int, float)) and not isinstance(value, bool) and value > 0
        return "" if ok else "an amount is a positive number in the claim's currency (40e9 = 40 billion)"
    if key in ("period", "from"):
        if isinstance(value, bool) or not isinstance(value, (int, str)):
            return "a period is a year (2017) or text (FY2017, 2017Q1, 2017H1, 2017-03, last year)"
        if str(value).strip().lower() in periods.RELATIVE:
            return ""
        if key == "period" and isinstance(value, str) and re.match(r"^\s*\d{4}\s*(-|–|—|to|\.\.)\s*\d{4}\s*$", value):
            try:
                periods.years(value)
            except TradebalanceError as exc:
                return str(exc)
            return ""
        try:
            periods.parse_label(value)
        except TradebalanceError as exc:
            return str(exc)
        return ""
    if not isinstance(value, str):
        return f"must be text, not {type(value).__name__}"
    if key in CHOICES and value not in CHOICES[key] and not (key == "compare" and value.isupper()):
        return f"{value!r} is not one of {', '.join(CHOICES[key])}"
    return ""


def _not_checkable(table: dict[str, Any], fail: Any) -> Claim:
    """A statement kept with the reason trade statistics cannot check it (``notes``); it gets no verdict."""
    if not str(table.get("notes", "")).strip():
        raise fail("notes", "a not_checkable statement needs the reason in notes")
    attribution = table.get("attribution", {})
    if not isinstance(attribution, dict):
        raise fail("attribution", "must be a table with publication and date")
    return Claim(
        id=table["id"],
        quote=table["quote"],
        attribution={k: str(v) for k, v in attribution.items()},
        metric=NOT_CHECKABLE,
        parameters={},
        test=ContextTest(),
        notes=str(table["notes"]),
        expect={k: str(v) for k, v in table.get("expect", {}).items()},
    )


def _test(spec: dict[str, Any], fail: Any) -> Test:
    kind = spec.get("kind")
    if kind not in TEST_KINDS:
        raise fail("test.kind", f"{kind!r} is not one of {', '.join(TEST_KINDS)}")
    unknown = sorted(set(spec) - {"kind", *TEST_FIELDS})
    if unknown:
        raise fail(f"test.{unknown[0]}", f"unknown field; a test takes {', '.join(('kind', *TEST_FIELDS))}")
    numbers = _test_numbers(spec, kind, fail)
    words: dict[str, Any] = {k: spec[k] for k in ("said", "hedge", "word", "side") if k in spec}
    for key, text in words.items():
        if not isinstance(text, str) or len(text) > 200:
            raise fail(f"test.{key}", "must be text (at most 200 characters)")
    _check_test_ranges(kind, numbers, words, fail)
    try:
        return _built(kind, numbers, words)
    except ClaimFileError as exc:
        raise fail("test.word" if kind == "vague" else "test.hedge", str(exc)) from exc


def _test_numbers(spec: dict[str, Any], kind: str, fail: Any) -> dict[str, float]:
    """The numbers a test of ``kind`` needs, and an approx test's tolerance if given."""
    for key in NEEDED[kind]:
        value = spec.get(key)
        if not isinstance(value, (int, float)) or isinstance(value, bool):
            raise fail(f"test.{key}", f"a number is required for a {kind!r} test")
    numbers: dict[str, float] = {
        k: float(spec[k]) for k in ("value", "tolerance", "low", "high") if k in spec and k in NEEDED[kind]
    }
    if kind == "approx" and "tolerance" in spec:
        tolerance = spec["tolerance"]
        if isinstance(tolerance, bool) or not isinstance(tolerance, (int, float)) or not 0 <= tolerance < 1:
            raise fail("test.tolerance", "a relative tolerance from 0 to 1 is required (0.05 = ±5 %)")
        numbers["tolerance"] = float(tolerance)
    return numbers


def _check_test_ranges(kind: str, numbers: dict[str, float], words: dict[str, Any], fail: Any) -> None:
    """The values each kind accepts: low not above high, a rank from 1, a magnitude from 0, a record's side."""
    if kind == "between" and numbers["low"] > numbers["high"]:
        raise fail("test.low", "low must not be above high")
    if kind in ("rank", "top") and (numbers["value"] < 1 or numbers["value"] != int(numbers["value"])):
        raise fail("test.value", "a rank is a whole number from 1")
    if kind == "magnitude" and numbers["value"] < 0:
        raise fail("test.value", "a magnitude is a size, 0 or more (0.10 = a change of more than 10 % either way)")
    if kind == "record" and words.get("side") not in ("highest", "lowest"):
        raise fail("test.side", "a record is the 'highest' or 'lowest' of the series up to then")


def _built(kind: str, numbers: dict[str, float], words: dict[str, Any]) -> Test:
    """The test of a checked spec; a quoted figure or vague word with the interval its words claim (the rubric's)."""
    said = words.get("said", "")
    if kind == "approx":
        value, hedge = numbers["value"], words.get("hedge", "")
        if "tolerance" in numbers:
            return ApproxTest.within(value, numbers["tolerance"], said=said, hedge=hedge)
        low, high = rubric.figure_interval(value, said, hedge)
        return ApproxTest(value, low, high, hedge or rubric.hedge_of(said), said=said)
    if kind == "vague":
        if not words.get("word"):
            raise ClaimFileError('a vague test names its word (word = "millions")')
        entry = rubric.word(words["word"])
        return VagueTest(words["word"], entry.low, entry.high, entry.absolute, said=said)
    if kind == "between":
        return BetweenTest(numbers["low"], numbers["high"], said=said)
    if kind == "record":
        return RecordTest(words["side"], said=said)
    if kind == "context":
        return ContextTest(said=said)
    return FIGURE_TESTS[kind](numbers["value"], said=said)


def seed_claims_path() -> Path:
    """The seed article's claims, shipped with the package (``seeds/claims.toml``)."""
    path = packaged("seeds", "claims.toml")
    if not path.is_file():
        raise ClaimFileError(f"seed claims not found at {path}")
    return path

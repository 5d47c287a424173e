"""Check your own claim: the plain functions behind the widgets of notebook 05.

A claim is built from a few choices (:func:`claim_from_choices`) or typed as TOML (:func:`claim_from_toml`); both
go through the claim-file parser, so whatever a claim file refuses is refused here too, with the field named, and
:func:`claim_to_toml` writes any claim back as TOML. :func:`check` gives the verdict; :func:`key_numbers`,
:func:`summary_table` and :func:`chart` are what the notebook shows. Nothing here needs ipywidgets: the widgets
only call these functions. An example: ``docs/user-guide/claims.md`` ("Check your own claim in a notebook").
"""

from __future__ import annotations

import json
import re
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pandas as pd
from matplotlib.figure import Figure

from tradebalance import formatting
from tradebalance.claims.claim_tests import TEST_KINDS
from tradebalance.claims.evaluate import check as _check
from tradebalance.claims.fileformat import load_claims
from tradebalance.claims.model import AXES, METRIC_NAMES, ROLES, Claim, Verdict
from tradebalance.errors import ClaimFileError
from tradebalance.store.snapshot import Snapshot

#: The widgets' "leave it open" choice: the axis is not fixed, so every applicable reading is evaluated.
ANY = "any"
#: Choices offered for each field (the sector names come from :func:`sector_names`).
CHOICES: dict[str, tuple[str, ...]] = {
    "metric": METRIC_NAMES,
    "test_kind": TEST_KINDS,
    "reporter": ("JPN", "USA"),
    "source": (ANY, "mof", "census"),
    "measure": (ANY, "net", "gross"),
    "calendar": (ANY, "calendar", "fiscal"),
    "currency": (ANY, "JPY", "USD"),
}
#: Metrics whose value is a share (a fraction in a claim file, a percent in the widgets).
SHARES = ("sector_share", "share_of_exports", "share")
#: Metrics whose value is money (currency units in a claim file, billions in the widgets).
MONEY = ("balance", "flow", "tariff_exposure")
#: Where a choice goes in the claim: ``framing`` names the claim's own reading (the others stay as variants,
#: bounds and mirror, for context); ``parameters`` fix what is measured.
FRAMING_CHOICES = ("source", "measure", "calendar", "currency", "definition")
PARAMETER_CHOICES = ("reporter", "partner", "period", "sector", "flow", "of", "by", "rate", "from", "change", "compare")
#: A bare TOML key (anything else is quoted).
_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")


def sector_names() -> list[str]:
    """The sector names a claim may use (``data/sectors/vocabulary.csv``), in the vocabulary's order."""
    from tradebalance import sectors

    return list(dict.fromkeys(str(n) for n in sectors.vocabulary()["name"]))


def input_scale(metric: str) -> tuple[float, str]:
    """How a value typed in the widgets maps to the claim file's units: ``(factor, unit in words)``.

    Shares are typed in percent (70 → 0.70), money in billions of the currency (68.8 → 68.8e9), ranks and
    everything else as they are.
    """
    if metric in SHARES:
        return 0.01, "percent"
    if metric in MONEY:
        return 1e9, "billions (¥ or $)"
    if metric == "change":
        return 0.01, "percent change"
    return 1.0, "as is (a rank is a place: 3 = third)"


#: The fields of a claim's test among the widgets' choices.
TEST_CHOICES = ("value", "tolerance", "low", "high")


def claim_from_choices(
    *,
    metric: str,
    period: str | int,
    test_kind: str,
    reporter: str = "JPN",
    claim_id: str = "my-claim",
    quote: str = "",
    **choices: Any,
) -> Claim:
    """A claim from the widgets' choices, validated by the claim-file parser.

    ``value``, ``tolerance``, ``low`` and ``high`` (:data:`TEST_CHOICES`) are the test's, in the claim file's
    units (shares as fractions, money in currency units: see :func:`input_scale`). ``source``, ``measure``,
    ``calendar``, ``currency`` and ``definition`` name the claim's own reading (its *framing*); the other
    readings are still evaluated for context. Other keywords (``sector``, ``partner``, ``flow``, ``of``, ``by``,
    ``rate`` …) are claim parameters. A choice of ``None``, ``""`` or ``"any"`` is left open. Raises
    ClaimFileError naming the field that is wrong.
    """
    numbers = {k: choices.pop(k) for k in TEST_CHOICES if k in choices}
    own = {"sector": choices.pop("sector", None), "source": choices.pop("source", None)}
    given: dict[str, Any] = {"reporter": reporter, "period": period, **own, **choices}
    unknown = sorted(set(given) - set(FRAMING_CHOICES) - set(PARAMETER_CHOICES))
    if unknown:
        known = ", ".join([*PARAMETER_CHOICES, *FRAMING_CHOICES])
        raise ClaimFileError(f"your choices: {unknown[0]!r} is not a claim parameter; known: {known}")
    chosen = {k: _period(v) if k == "period" else v for k, v in given.items() if v not in (None, "", ANY)}
    parameters = {k: v for k, v in chosen.items() if k in PARAMETER_CHOICES}
    framing = {k: v for k, v in chosen.items() if k in FRAMING_CHOICES}
    test = {"kind": test_kind} | {k: v for k, v in numbers.items() if v is not None}
    table = {
        "id": claim_id,
        "quote": quote or f"A claim about the {metric.replace('_', ' ')} in {period}.",
        "metric": metric,
        "parameters": parameters,
        "test": test,
        "framing": framing,
    }
    return claim_from_toml(_table_toml(table), name="your choices")


def _period(value: str | int) -> str | int:
    """A typed period: ``"2017"`` → ``2017`` (a year), anything else (``FY2017``, ``2017Q1``) as typed."""
    text = str(value).strip()
    return int(text) if text.isdigit() else text


def claims_from_toml(text: str, name: str = "your claim") -> list[Claim]:
    """Every claim in TOML text (``[[claim]]`` tables; a single claim's fields alone are accepted too).

    Parsed by the claim-file parser; errors (ClaimFileError) start with ``name`` rather than a file path.
    """
    if "[[claim]]" not in text and re.search(r"(?m)^\s*metric\s*=", text):
        text = "[[claim]]\n" + text
    with tempfile.TemporaryDirectory(prefix="tradebalance-claim-") as folder:
        path = Path(folder) / "claim.toml"
        path.write_text(text, encoding="utf-8")
        try:
            return load_claims(path)
        except ClaimFileError as exc:
            raise ClaimFileError(str(exc).replace(str(path), name)) from None


def claim_from_toml(text: str, name: str = "your claim") -> Claim:
    """The one claim in TOML text (see :func:`claims_from_toml`); raises ClaimFileError if there are more."""
    found = claims_from_toml(text, name)
    if len(found) != 1:
        raise ClaimFileError(f"{name}: {len(found)} claims found, one expected ({', '.join(c.id for c in found)})")
    return found[0]


def claim_to_toml(claim: Claim) -> str:
    """``claim`` as a ``[[claim]]`` table for a claims file (read back by :func:`claim_from_toml` unchanged)."""
    table: dict[str, Any] = {"id": claim.id, "quote": claim.quote}
    if claim.attribution:
        table["attribution"] = claim.attribution
    table |= {"metric": claim.metric, "parameters": claim.parameters, "test": claim.test.as_table()}
    table |= {"framing": claim.framing}
    table |= {k: v for k, v in (("notes", claim.notes), ("expect", claim.expect)) if v}
    return _table_toml(table)


def _table_toml(table: Mapping[str, Any]) -> str:
    lines = ["[[claim]]"]
    lines += [f"{_key(k)} = {_toml(v)}" for k, v in table.items() if v != {}]
    return "\n".join(lines) + "\n"


def _key(key: str) -> str:
    return key if _BARE_KEY.fullmatch(key) else json.dumps(key, ensure_ascii=False)


def _toml(value: Any) -> str:
    """A TOML value: strings (JSON escapes are TOML escapes), numbers, booleans, inline tables."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value) if value == value and abs(value) != float("inf") else str(value).lower()
    if isinstance(value, Mapping):
        return "{ " + ", ".join(f"{_key(str(k))} = {_toml(v)}" for k, v in value.items()) + " }"
    return json.dumps(str(value), ensure_ascii=False)


def check(claim: Claim, vintage: str | Snapshot = "embedded") -> Verdict:
    """The verdict on ``claim`` under every applicable reading (:func:`tradebalance.check`)."""
    return _check(claim, vintage)


def key_numbers(verdict: Verdict) -> dict[str, str]:
    """The numbers a reader checks first, as text.

    ``verdict``, ``rating``, ``test``, ``framing reading`` and ``framing value`` (the claim's own statistic),
    ``range`` over every evaluated reading, ``robustness`` (readings of the same statistic that agree) and
    ``readings`` (evaluated / in all).
    """
    done = verdict.evaluated
    own = [r for r in done if r.role == "framing"]
    unit = (own or done)[0].unit if done else ""
    values = [r.number for r in done]
    return {
        "claim": verdict.claim.id,
        "verdict": verdict.verdict,
        "rating": verdict.rating or "—",
        "test": verdict.claim.test.describe(lambda x: formatting.value(x, unit)),
        "framing reading": "; ".join(r.label(AXES) for r in own) or "—",
        "framing value": "; ".join(formatting.value(r.number, r.unit) for r in own) or "—",
        "range": (
            f"{formatting.value(min(values), unit)} to {formatting.value(max(values), unit)}"
            if values and len({r.unit for r in done}) == 1
            else "—"
        ),
        "robustness": f"{verdict.robustness.agree} of {verdict.robustness.of}",
        "readings": f"{len(done)} of {len(verdict.readings)} evaluated",
    }


def summary_table(verdict: Verdict, *, skipped: bool = False) -> pd.DataFrame:
    """One row per reading, the claim's own (framing) first, then variants, bounds, mirror and sub-groups.

    Columns: ``role``, the reading axes that vary (``source``, ``definition``, ``measure``, ``calendar``,
    ``currency``), ``value`` (a number: shares as fractions, money in currency units), ``shown`` (as a reader
    writes it: ``76.6%``), ``holds`` (True, False, or None for a context claim) and ``arithmetic``.
    ``skipped`` adds the readings that could not be evaluated, with the reason in ``arithmetic``.
    """
    rows = [r for r in verdict.readings if skipped or r.value is not None]
    axes = [k for k in AXES if any(k in r.parameters for r in rows)]
    records = [
        {
            "role": r.role,
            **{k: str(r.parameters.get(k, "")) for k in axes},
            "value": r.value,
            "shown": formatting.value(r.number, r.unit) if r.value is not None else "skipped",
            "holds": r.holds,
            "arithmetic": r.detail if r.value is not None else r.skipped,
        }
        for r in rows
    ]
    table = pd.DataFrame(records, columns=["role", *axes, "value", "shown", "holds", "arithmetic"])
    order = table["role"].map({role: n for n, role in enumerate(ROLES)}).fillna(len(ROLES))
    return table.iloc[order.argsort(kind="stable")].reset_index(drop=True)


def chart(verdict: Verdict) -> Figure | None:
    """The readings chart (:func:`tradebalance.plots.readings`), or ``None`` when no reading was evaluated."""
    from tradebalance import plots

    return plots.readings(verdict) if verdict.evaluated else None

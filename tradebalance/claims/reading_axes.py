"""The axes a claim's readings vary over (source, scope, definition, measure, calendar, currency) and their values.

Where a claim leaves an axis open, :mod:`tradebalance.claims.evaluate` reads it every way :func:`axis_values`
gives for each source whose statistics can measure the metric (:func:`serves`).
"""

from __future__ import annotations

from typing import Any

from tradebalance import periods, sectors
from tradebalance.claims.metric_table import METRICS, SCOPED, SECTOR_OPTIONAL
from tradebalance.claims.model import ReadingParameters
from tradebalance.claims.reading_data import NotApplicable, Source

CALENDARS = ("calendar", "fiscal", "federal")
#: The years a country's own statistics are read in where a claim says only "2017": the calendar year, and
#: Japan's fiscal year for Japan's statistics (the U.S. federal year only where a claim names it).
FISCAL_YEARS = {"JPN": ("calendar", "fiscal"), "USA": ("calendar",)}
CURRENCIES = ("JPY", "USD")
MEASURES = ("net", "gross")
#: The sector a metric reads when the claim names none (names are in ``data/sectors/vocabulary.csv``).
DEFAULT_SECTOR = {"tariff_exposure": "auto-tariff"}


def axes(metric: str, parameters: ReadingParameters) -> tuple[str, ...]:
    """The axes a claim's readings vary over: the metric's, less a sector for a claim that names none."""
    _, names = METRICS[metric]
    names_sector = "sector" in parameters or "definition" in parameters
    if metric in SECTOR_OPTIONAL and not names_sector:
        names = tuple(a for a in names if a != "definition")
    if metric == "change" and parameters.get("of") == "quantity":
        names = tuple(a for a in names if a != "currency")
    if metric in SCOPED:
        names = (names[0], "scope", *names[1:])
    return names


def serves(metric: str, parameters: ReadingParameters, source: Source) -> bool:
    """Whether ``source``'s statistics can measure the metric: balance-of-payments data have totals only."""
    if source.basis != "bop":
        return True
    if metric == "rank":  # BEA ranks its own countries, for a rank of services or of goods and services
        return parameters.get("scope", "goods") != "goods" or parameters.get("basis") == "bop"
    return metric in SCOPED and "sector" not in parameters and "definition" not in parameters


def sector_name(metric: str, parameters: ReadingParameters) -> str:
    """The sector a claim names, or the metric's default."""
    return str(parameters.get("sector", DEFAULT_SECTOR.get(metric, "automotive")))


def definitions_for(metric: str, parameters: ReadingParameters, source: Source) -> list[tuple[str, str]]:
    """``(definition, role)`` of the claim's sector that apply to ``source``'s data."""
    if "definition" in parameters:
        name = str(parameters["definition"])
        return [(name, "reading")] if sectors.get(name).dataset == source.by_sector else []
    pairs = sectors.readings_of(sector_name(metric, parameters))
    return [(d, role) for d, role in pairs if sectors.get(d).dataset == source.by_sector]


def axis_values(metric: str, axis: str, parameters: ReadingParameters, source: Source) -> list[Any]:
    """The values a reading axis takes for ``source``."""
    if axis == "calendar":
        ranged = periods.years(parameters.get("period", "")) is not None
        freq, _ = periods.parse_label(parameters["period"]) if "period" in parameters and not ranged else ("Y", "")
        if freq != "Y":
            return [{"FY": "fiscal", "FYH": "fiscal", "USFY": "federal"}.get(freq, "calendar")]
        return [c for c in CALENDARS if c in FISCAL_YEARS[source.reporter]]
    if axis == "measure":
        return list(MEASURES)
    if axis == "currency":
        return list(CURRENCIES)
    if axis == "definition":
        return [d for d, _ in definitions_for(metric, parameters, source)]
    if axis == "scope":
        return [s for s in source.scopes if s != "services" and (s == "goods" or source.basis == "bop")]
    raise NotApplicable(f"no values known for axis {axis!r}")

"""Periods in words, and the periods a sentence leaves to its date: ``in 2017``, ``fiscal 2024``, ``last year``, ``in May``.

A mention keeps its role: ``at`` (the figure's own period), ``from`` (the base of a change: ``up 1.4% from
2000``), ``since``, ``base`` (``year-on-year``, ``from the previous month``, 前年比), ``span`` (``in six
years``), ``generic`` (``a year``, ``annually``, ``currently``: the latest full period) or ``current`` (``this
year``, not over when said). Relative words are resolved from the article's date (:func:`tradebalance.periods.resolve_relative`);
a month named without its year is the latest such month before the date.

A figure with no period reads, as a careful reader would, the latest full period published by the date
(:func:`latest`): the agencies publish a year's figures in the new year (Japan's Ministry of Finance around
January 20, its fiscal year around April 17; the U.S. Census Bureau around February 5) and a month's figures
weeks later (MOF around the 17th of the next month, Census around the 4th of the month after that).
A report written in the past tense on such a day reads the period just released (:func:`released`).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from tradebalance import periods

YEAR = r"(?:19[5-9]\d|20[0-4]\d)"
_MONTHS = "january february march april may june july august september october november december".split()
_MONTH = r"(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan\.|Feb\.|Mar\.|Apr\.|Jun\.|Jul\.|Aug\.|Sept?\.|Oct\.|Nov\.|Dec\.)"
_ORDINAL = {"first": 1, "second": 2, "third": 3, "fourth": 4}
#: (month, day) from which each agency's figures for the year before are out.
YEAR_OUT = {"JPN": (1, 18), "USA": (2, 5)}
FISCAL_YEAR_OUT = (4, 17)
#: Day of the month from which a month's figures are out: MOF a month after it, Census two months after it.
MONTH_OUT = {"JPN": (1, 17), "USA": (2, 4)}
_PATTERNS = (
    ("fyh", rf"(?i:the\s+)?(?P<o>first|second)\s+half\s+of\s+(?:the\s+)?fiscal\s+(?:year\s+)?(?P<y>{YEAR})"),
    ("fy", rf"\b(?i:fiscal)\s+(?:year\s+)?(?P<y>{YEAR})\b|\bFY\s?(?P<y2>{YEAR})\b|(?P<y3>{YEAR})年度"),
    (
        "fy-march",
        rf"(?i:the\s+)?(?i:fiscal\s+)?year\s+(?:through|ended|ending|to)\s+(?:last\s+)?March(?:\s+(?P<y>{YEAR}))?",
    ),
    ("half", rf"(?i:the\s+)?(?P<o>first|second)\s+half\s+of\s+(?:(?P<y>{YEAR})|(?P<rel>this|last)\s+year)"),
    ("half-ja", rf"(?:(?P<y>{YEAR})年)?(?P<o>上半期|上期|下半期|下期)"),
    (
        "quarter",
        rf"(?i:the\s+)?(?P<o>first|second|third|fourth)\s+quarter(?:\s+of\s+(?:(?P<y>{YEAR})|(?P<rel>this|last)\s+year))?",
    ),
    ("quarter", rf"(?i:the\s+)?first\s+three\s+months\s+of\s+(?:(?P<y>{YEAR})|(?P<rel>this|last)\s+year)"),
    (
        "span-months",
        rf"(?P<a>{_MONTH})\s*(?:-|–|—|to|through)\s*(?P<b>{_MONTH})(?:\s+(?:period|quarter))?(?:\s+(?:of\s+)?(?P<y>{YEAR}))?",
    ),
    ("range", rf"(?:(?i:from)\s+)?(?P<y>{YEAR})\s*(?:-|–|—|to|through)\s*(?P<y2>{YEAR})\b"),
    ("range", rf"(?i:between)\s+(?P<y>{YEAR})\s+and\s+(?P<y2>{YEAR})\b"),
    ("month", rf"\b(?P<m>{_MONTH})(?:\s+(?P<y>{YEAR}))?(?![\w])"),
    ("month-ja", rf"(?:(?P<y>{YEAR})年)?(?P<m>1[0-2]|[1-9])月"),
    ("year", rf"(?<![\d$¥.,])(?P<y>{YEAR})(?!s\b|[\d%,.]\d|\s*(?:million|billion|percent|%|cars|vehicles|units))"),
    (
        "relative",
        r"(?i:last\s+fiscal\s+year|last\s+year|last\s+month|last\s+quarter|this\s+year)|昨年度|昨年|去年|今年|先月",
    ),
    (
        "base",
        r"(?i:a\s+year\s+(?:earlier|ago|before)|the\s+(?:previous|prior|preceding)\s+year|year[- ]on[- ]year|year[- ]over[- ]year|from\s+a\s+year)|前年同月比|前年同期比|前年比|前年度比",
    ),
    (
        "previous",
        r"(?i:the\s+previous\s+month|a\s+month\s+earlier|month[- ]on[- ]month|from\s+the\s+previous\s+month)|前月比",
    ),
    (
        "generic",
        r"(?i:\bcurrently\b|\bannually\b|\bannual\b|\ba\s+year\b(?!-)|\bper\s+year\b|\beach\s+year\b|\bevery\s+year\b)|年間",
    ),
    (
        "span",
        r"(?i:\b(?:in|over)\s+(?:the\s+(?:last|past)\s+)?(?P<n>\d+|two|three|four|five|six|seven|eight|nine|ten|thirty|twenty)\s+years)",
    ),
)
_DIGIT = re.compile(r"\d")
_COMPILED = tuple((kind, re.compile(p)) for kind, p in _PATTERNS)
#: Words (any one) each pattern needs, in the order of :data:`_PATTERNS` (``None``: a digit).
_NEEDS: tuple[tuple[str, ...] | None, ...] = (
    ("half",),
    ("fiscal", "fy", "年度"),
    ("march",),
    ("half",),
    ("期",),
    ("quarter",),
    ("months",),
    tuple(m[:3] for m in _MONTHS),
    None,
    None,
    tuple(m[:3] for m in _MONTHS),
    ("月",),
    None,
    ("last", "this", "昨", "去年", "今年", "先月"),
    ("year", "前年", "前年度"),
    ("month", "前月"),
    ("current", "annual", "year", "年間"),
    ("years",),
)
_WORDS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10}
_WORDS.update({"twenty": 20, "thirty": 30})
_RELATIVE_JA = {
    "昨年度": "last fiscal year",
    "昨年": "last year",
    "去年": "last year",
    "今年": "this year",
    "先月": "last month",
}


@dataclass(frozen=True)
class When:
    """A period named in a sentence: its label, span, role, and whether it came from the date."""

    label: str
    start: int
    end: int
    role: str
    relative: bool = False


def day_of(date: str | None) -> dt.date | None:
    """The day a date stands for: a year's middle, a month's end (``2018`` → 2018-07-01, ``2018-04`` → 2018-04-28)."""
    if not date:
        return None
    parts = [int(p) for p in date.split("-")]
    if len(parts) == 1:
        return dt.date(parts[0], 7, 1)
    if len(parts) == 2:
        return dt.date(parts[0], parts[1], 28)
    return dt.date(*parts)


def mentions(sentence: str, date: str | None) -> list[When]:
    """The periods a (folded) sentence names, resolved against ``date``, in order."""
    found: list[When] = []
    day = day_of(date)
    low = sentence.lower()
    digits = _DIGIT.search(sentence) is not None
    for (kind, pattern), words in zip(_COMPILED, _NEEDS, strict=True):
        if not (digits if words is None else any(w in low for w in words)):
            continue
        for m in pattern.finditer(sentence):
            if any(m.start() < w.end and w.start < m.end() for w in found):
                continue
            when = _read(kind, m, day, date)
            if when is not None:
                found.append(_with_role(sentence, when))
    return sorted(found, key=lambda w: w.start)


def _read(kind: str, m: re.Match[str], day: dt.date | None, date: str | None) -> When | None:
    g = m.groupdict()
    label, role, relative = "", "at", False
    if kind in ("fyh", "fy", "fy-march"):
        label, relative = _fiscal(kind, g, day)
    elif kind in ("half", "quarter", "half-ja"):
        label, relative = _part_of_year(kind, g, day)
    elif kind == "span-months":
        return _months(m, g, day)
    elif kind == "range":
        label, role = f"{g['y']}-{g['y2']}", "range"
    elif kind in ("month", "month-ja"):
        return _month(m, g, day)
    elif kind == "year":
        label = g["y"]
    elif kind == "relative":
        words = _RELATIVE_JA.get(m.group(), " ".join(m.group().lower().split()))
        if not date:
            return None
        label, relative = periods.resolve_relative(words, date), True
        role = "current" if words == "this year" else "at"
    elif kind in ("base", "previous", "generic"):
        label, role = kind, "base" if kind == "previous" else kind
    elif kind == "span":
        count = g["n"].lower()
        label, role = str(int(count) if count.isdigit() else _WORDS[count]), "span"
    if not label:
        return None
    return When(label, m.start(), m.end(), role, relative)


def _fiscal(kind: str, g: dict[str, str], day: dt.date | None) -> tuple[str, bool]:
    """A Japanese fiscal year or half (label, relative): ``fiscal 2017``, ``the year to March 2025`` (FY2024)."""
    if kind == "fyh":
        return f"FY{g['y']}H{1 if g['o'].lower() == 'first' else 2}", False
    if kind == "fy":
        return f"FY{g['y'] or g['y2'] or g['y3']}", False
    if g["y"]:
        return f"FY{int(g['y']) - 1}", False  # the year to March 2025 is fiscal 2024
    if day:
        return f"FY{day.year - 1 if day.month >= 4 else day.year - 2}", True
    return "", False


def _part_of_year(kind: str, g: dict[str, str], day: dt.date | None) -> tuple[str, bool]:
    """A half or quarter (label, relative): ``the first half of 2018``, ``this quarter``, 上半期 ("": no year)."""
    year = g.get("y") or (_relative_year(g.get("rel") or "this", day) if day else None)
    if year is None:
        return "", False
    order = g.get("o") or "first"
    n = {"上半期": 1, "上期": 1, "下半期": 2, "下期": 2}.get(order) or _ORDINAL.get(order.lower(), 1)
    return f"{year}{'Q' if kind == 'quarter' else 'H'}{n}", not g.get("y")


def _relative_year(word: str, day: dt.date | None) -> str | None:
    if day is None:
        return None
    return str(day.year - 1 if word.lower() == "last" else day.year)


def _month(m: re.Match[str], g: dict[str, str], day: dt.date | None) -> When | None:
    if not g["y"] and re.match(r"\s*\d{1,2}(?:st|nd|rd|th)?\b(?!\s*(?:percent|%))|\d{1,2}日", m.string[m.end() :]):
        return None  # a day ("on Jan. 23", 1月22日), not a month's figures
    name = g["m"]
    if name.isdigit():
        month = int(name)
    else:
        month = _month_number(name)
        before = m.string[max(0, m.start() - 12) : m.start()]
        if (
            name == "May"
            and not g["y"]
            and not re.search(r"(?i)\b(?:in|for|of|since|from|to|during|last|this|early|late|mid-)\s*$", before)
        ):
            return None  # "May" alone is more often the verb
    if g["y"]:
        year = int(g["y"])
    elif day is not None:
        year = day.year if month < day.month else day.year - 1
    else:
        return None
    return When(f"{year}-{month:02d}", m.start(), m.end(), "at", not g["y"])


#: Spans of months that are periods: (first month, last month) → the period's kind and number.
_SPANS = {(1, 6): "H1", (7, 12): "H2", (1, 3): "Q1", (4, 6): "Q2", (7, 9): "Q3", (10, 12): "Q4", (4, 9): "FYH1"}
_SPANS.update({(10, 3): "FYH2", (4, 3): "FY"})


def _months(m: re.Match[str], g: dict[str, str], day: dt.date | None) -> When | None:
    """``January-June`` → ``2025H1``, ``April-September`` → ``FY2025H1``: the latest such span before the date."""
    first, last = (_month_number(g[k]) for k in ("a", "b"))
    kind = _SPANS.get((first, last))
    if kind is None:
        return None
    if g["y"]:
        year = int(g["y"])
    elif day is not None:
        year = day.year if last < day.month and last >= first else day.year - 1
    else:
        return None
    if kind.startswith("FY"):
        start_year = year if first >= 4 else year - 1
        label = f"FY{start_year}" + ("" if kind == "FY" else kind[2:])
    else:
        label = f"{year}{kind}"
    return When(label, m.start(), m.end(), "at", not g["y"])


def _month_number(name: str) -> int:
    return next(i for i, full in enumerate(_MONTHS, 1) if full.startswith(name.lower().rstrip(".")[:3]))


def _with_role(sentence: str, when: When) -> When:
    """A mention's role from the words just before it (``from 2021``, ``since 1984``, ``than in 2015``)."""
    if when.role != "at":
        return when
    before = sentence[max(0, when.start - 25) : when.start].lower()
    if re.search(r"\b(?:up|down|increase|decrease|rise|drop|gain|decline)?\s*from\s+(?:the\s+)?$", before):
        return When(when.label, when.start, when.end, "from", when.relative)
    if re.search(
        r"\b(?:since|ended|ending)\s+(?:in\s+)?(?:the\s+)?$|\bthan\s+(?:in\s+)?$|\b(?:before|until|through)\s+$", before
    ):
        return When(when.label, when.start, when.end, "since", when.relative)
    if re.search(r"\bby\s+$", before):
        return When(when.label, when.start, when.end, "by", when.relative)
    return when


def latest(reporter: str, date: str | None, fiscal: bool = False) -> str | None:
    """The latest full year (or Japanese fiscal year) of ``reporter``'s statistics published by ``date``."""
    day = day_of(date)
    if day is None:
        return None
    if fiscal:
        out = day >= dt.date(day.year, *FISCAL_YEAR_OUT)
        return f"FY{day.year - 1 if out else day.year - 2}"
    out = day >= dt.date(day.year, *YEAR_OUT.get(reporter, YEAR_OUT["USA"]))
    return str(day.year - 1 if out else day.year - 2)


def latest_month(reporter: str, date: str | None) -> str | None:
    """The latest month of ``reporter``'s statistics published by ``date``."""
    day = day_of(date)
    if day is None:
        return None
    lag, release_day = MONTH_OUT.get(reporter, MONTH_OUT["USA"])
    months = day.year * 12 + day.month - 1 - lag - (0 if day.day >= release_day else 1)
    return f"{months // 12}-{months % 12 + 1:02d}"


def released(reporter: str, date: str | None) -> list[str]:
    """The periods a report of that day most likely gives, first the one just released, then the others."""
    day = day_of(date)
    year, month = latest(reporter, date), latest_month(reporter, date)
    if day is None or year is None or month is None:
        return []
    first_out = dt.date(day.year, *YEAR_OUT.get(reporter, YEAR_OUT["USA"]))
    if first_out <= day < first_out + dt.timedelta(days=30):
        return [year, month]
    if day < first_out:
        return [str(day.year - 1), month]  # early in the year, a report speaks of the year just ended
    if reporter == "JPN":
        for out_on, label in (
            (FISCAL_YEAR_OUT, f"FY{day.year - 1}"),
            ((7, 18), f"{day.year}H1"),
            ((10, 17), f"FY{day.year}H1"),
        ):
            first = dt.date(day.year, *out_on)
            if first <= day < first + dt.timedelta(days=30):
                return [label, month, year]
    return [month, year]

"""Who and what a sentence names: partners (with the role the words give them) and sectors.

A partner mention's role says how it relates to a flow: ``with`` (a surplus *with* the U.S., 対米,
中国に対する), ``to`` (exports *to* Japan, U.S.-bound), ``from`` (imports *from* Japan), ``owner`` (*Japan's*
surplus, *our* deficit, 米国の), ``adj`` (*Japanese* exports, *U.S.* goods exports), ``origin`` (*U.S.-made*
cars), ``pair`` (*U.S.-Japan* trade), ``for`` (a deficit generator *for* Washington), ``in`` (sold *in* the
U.S.) or ``plain`` (a subject: *Japan* exported).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tradebalance.extract import lexicon

_BEFORE = (
    ("with", re.compile(r"(?i)\b(?:with|against|vis-[aà]-vis|versus|over|in\s+favou?r\s+of)\s+(?:the\s+)?$")),
    ("to", re.compile(r"(?i)\b(?:to|into|toward|towards)\s+(?:the\s+)?$")),
    ("from", re.compile(r"(?i)\bfrom\s+(?:the\s+)?$")),
    ("for", re.compile(r"(?i)\bfor\s+(?:the\s+)?$")),
    ("in", re.compile(r"(?i)\b(?:in|within)\s+(?:the\s+)?$")),
    ("other", re.compile(r"(?i)\b(?:on|upon|at|about|of|by|between|among|than|like|as)\s+(?:the\s+)?$")),
)
_AFTER = (
    ("owner", re.compile(r"^(?:'s|'|s')(?!\w)")),
    ("with", re.compile(r"^(?:に対する|に対して|との|相手)")),
    ("to", re.compile(r"^(?:向け|への|へ)")),
    ("from", re.compile(r"^(?:から)")),
    ("owner", re.compile(r"^(?:の|は|が)")),
)
_FLOW_AFTER = re.compile(
    r"^\s*(?:(?:goods|merchandise|customs-cleared|total|trade|overall|global|agricultural|services|automotive)\s+)*"
    r"(?:[a-z][\w-]*\s+)?"
    r"(?:trade\s+)?(?:deficits?|surplus|exports?|imports?|shipments|sales|purchases|balance|trade(?!\s+[A-Z]))\b",
    re.I,
)


@dataclass(frozen=True)
class Partner:
    """A partner named in a sentence: its code, span and role."""

    code: str
    start: int
    end: int
    role: str
    word: str


@dataclass(frozen=True)
class Sector:
    """A sector word in a sentence: its readings (preferred first), span and word."""

    readings: tuple[lexicon.SectorWord, ...]
    start: int
    end: int
    word: str

    @property
    def name(self) -> str:
        """The preferred reading's sector name."""
        return self.readings[0].sector


def partners(sentence: str) -> list[Partner]:
    """The partners a (folded) sentence names, in order, each with its role."""
    out = []
    for m in lexicon.partner_phrases().find(sentence):
        found = lexicon.partner_of(m.group())
        if found is None or _PLACES.search(sentence, max(0, m.start - 9), m.start):
            continue
        code, role = found
        if role in ("plain", "speaker"):
            role = _role(sentence, m.start, m.end, m.group())
        elif role == "adj" and not _FLOW_AFTER.match(sentence[m.end :]):
            role = "origin" if _goods_after(sentence[m.end :]) else "other"  # "Japanese finance ministry"
        out.append(Partner(code, m.start, m.end, role, m.group()))
    return out


def _goods_after(text: str) -> bool:
    head = text.lstrip()[:40]
    found = lexicon.sector_phrases().find(head)
    return bool(found and found[0].start == 0) or bool(
        re.match(r"\s*(?:car|vehicle|automobile|auto|product|good)", text, re.I)
    )


def _role(sentence: str, start: int, end: int, word: str) -> str:
    before = sentence[max(0, start - 20) : start]
    if _AFTER[0][1].match(sentence[end : end + 3]):
        return "owner"
    for role, pattern in _BEFORE[:-1]:
        if pattern.search(before):
            return role
    if _FLOW_AFTER.match(sentence[end : end + 60]):
        return "adj"  # "of U.S. farm exports": the exports' country
    if _BEFORE[-1][1].search(before):
        return "other"
    after = sentence[end : end + 12]
    for role, pattern in _AFTER:
        if pattern.match(after):
            return role
    if word.lower() == "our":
        return "owner"
    if _FLOW_AFTER.match(after + sentence[end + 12 : end + 60]):
        return "adj"
    return "plain"


#: Words before a name that make it another place (``North America``, ``New Mexico``).
_PLACES = re.compile(r"(?:North|South|Latin|Central|New)\s$")
_NOT_GOODS = re.compile(
    r"(?i)\s*(?:makers?|manufacturers?|companies|company|industry|markets?|dealers?|sales|brands?)\b"
)


def sector_mentions(sentence: str) -> list[Sector]:
    """The sector words of a (folded) sentence, in order (not ``auto makers``, ``car companies``, ``auto sales``)."""
    out = []
    for m in lexicon.sector_phrases().find(sentence):
        if _NOT_GOODS.match(sentence[m.end :]):
            continue
        readings = lexicon.sector_words().get(m.group().lower())
        if readings:
            out.append(Sector(readings, m.start, m.end, sentence[m.start : m.end]))
    return out

"""The words the extractor knows, read from the package's data: partners, sectors and vague words.

* partners: every English and Japanese name and alias of ``data/reference/partner_names.csv`` (through
  ``tradebalance.partner_names``), with the demonyms, capitals and Japanese prefixes people write for
  them (:data:`PARTNER_WORDS`: ``Japanese``, ``Tokyo``, ``U.S.-bound``, 対米);
* sectors: ``data/sectors/synonyms.csv``, the words people use for the sector names of
  ``data/sectors/vocabulary.csv`` (``cars``, ``autos``, ``LNG``, 自動車 …), each with its preference: the
  reading a careful reader takes first, then the others, which drafts offer as alternatives;
* vague words and hedges: ``data/reference/vague_words.csv`` (``tradebalance.claims.rubric.word_table``).

Nothing here imports pandas: the tables are read with :mod:`csv` and kept for the life of the process.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass

from tradebalance.errors import ParseError
from tradebalance.extract.phrases import Phrases
from tradebalance.store.paths import packaged, read_rows

#: Words for partners that are not names: demonyms, capitals, goods' origins and Japanese prefixes.
#: Each maps to (code, role); the role says how the word relates a figure to the partner (see
#: ``tradebalance.extract.partners``): ``adj`` (Japanese exports), ``origin`` (U.S.-made cars),
#: ``to`` (U.S.-bound exports), ``with`` (対米: with the U.S.), ``pair`` (U.S.-Japan trade).
PARTNER_WORDS: dict[str, tuple[str, str]] = {
    "Japanese": ("JPN", "adj"),
    "American": ("USA", "adj"),
    "Americans": ("USA", "adj"),
    "Chinese": ("CHN", "adj"),
    "South Korean": ("KOR", "adj"),
    "Korean": ("KOR", "adj"),
    "Mexican": ("MEX", "adj"),
    "Canadian": ("CAN", "adj"),
    "German": ("DEU", "adj"),
    "European": ("X0003", "adj"),
    "British": ("GBR", "adj"),
    "Vietnamese": ("VNM", "adj"),
    "Taiwanese": ("TWN", "adj"),
    "Indian": ("IND", "adj"),
    "Australian": ("AUS", "adj"),
    "Malaysian": ("MYS", "adj"),
    "Russian": ("RUS", "adj"),
    "Saudi": ("SAU", "adj"),
    "Brazilian": ("BRA", "adj"),
    "French": ("FRA", "adj"),
    "Italian": ("ITA", "adj"),
    "Irish": ("IRL", "adj"),
    "Swiss": ("CHE", "adj"),
    "Thai": ("THA", "adj"),
    "Indonesian": ("IDN", "adj"),
    "Tokyo": ("JPN", "plain"),
    "Washington": ("USA", "plain"),
    "Beijing": ("CHN", "plain"),
    "Seoul": ("KOR", "plain"),
    "Ottawa": ("CAN", "plain"),
    "Brussels": ("X0003", "plain"),
    "U.S.": ("USA", "plain"),
    "U.S": ("USA", "plain"),
    "US": ("USA", "plain"),
    "U.S.A.": ("USA", "plain"),
    "United States": ("USA", "plain"),
    "United State": ("USA", "plain"),
    "United states": ("USA", "plain"),
    "U.S.-made": ("USA", "origin"),
    "US-made": ("USA", "origin"),
    "American-made": ("USA", "origin"),
    "Japanese-made": ("JPN", "origin"),
    "Japan-made": ("JPN", "origin"),
    "U.S.-bound": ("USA", "to"),
    "US-bound": ("USA", "to"),
    "Japan-bound": ("JPN", "to"),
    "China-bound": ("CHN", "to"),
    "U.S.-Japan": ("JPN", "pair"),
    "US-Japan": ("JPN", "pair"),
    "U.S.-Japanese": ("JPN", "pair"),
    "Japan-U.S.": ("JPN", "pair"),
    "Japan-US": ("JPN", "pair"),
    "日米": ("JPN", "pair"),
    "対米": ("USA", "with"),
    "対日": ("JPN", "with"),
    "対中": ("CHN", "with"),
    "対韓": ("KOR", "with"),
    "対EU": ("X0003", "with"),
    "米国": ("USA", "plain"),
    "米側": ("USA", "plain"),
    "米政府": ("USA", "plain"),
    "米商務省": ("USA", "plain"),
    "米向け": ("USA", "to"),
    "日本車": ("JPN", "origin"),
    "world's largest economy": ("USA", "plain"),
    "world's biggest economy": ("USA", "plain"),
}
#: English names of the table left out: common words, U.S. states and names inside longer names.
_SKIPPED = {"Jersey", "Georgia", "Man", "Chad", "Jordan", "Turkey", "Guinea", "Niger", "Israel admin", "Congo"}
#: Pronouns of a speaker: the statements collected are American speakers' ("our trade deficit with Japan").
SPEAKER = {"we": "USA", "our": "USA", "us": "USA"}


@dataclass(frozen=True)
class SectorWord:
    """One reading of a sector word: the sector name, how strongly it is preferred (1 first), and a note."""

    sector: str
    preference: int
    note: str


@functools.cache
def sector_names() -> frozenset[str]:
    """The sector names claims may use (``data/sectors/vocabulary.csv``)."""
    rows = read_rows(packaged("data", "sectors", "vocabulary.csv"), ("name", "definition", "role", "note"), exact=False)
    return frozenset(r["name"] for r in rows)


@functools.cache
def sector_words() -> dict[str, tuple[SectorWord, ...]]:
    """Each synonym (lower case) → its readings, preferred first; checked against the vocabulary.

    Raises:
        ParseError: a row names a sector the vocabulary lacks, or a preference that is not a whole number.
    """
    path = packaged("data", "sectors", "synonyms.csv")
    found: dict[str, list[SectorWord]] = {}
    for n, row in enumerate(
        read_rows(path, ("word", "language", "sector", "preference", "note"), exact=False), start=2
    ):
        if row["sector"] not in sector_names():
            raise ParseError(path, f"sector {row['sector']!r} is not in vocabulary.csv", row=n, column="sector")
        if not row["preference"].isdigit():
            raise ParseError(path, "preference must be 1, 2, 3 …", row=n, column="preference")
        found.setdefault(row["word"].lower(), []).append(SectorWord(row["sector"], int(row["preference"]), row["note"]))
    return {w: tuple(sorted(v, key=lambda s: s.preference)) for w, v in found.items()}


@functools.cache
def sector_phrases() -> Phrases:
    """Every sector word, for :meth:`~tradebalance.extract.phrases.Phrases.find` (case ignored)."""
    return Phrases(sector_words(), fold=True)


@functools.cache
def partner_index() -> dict[str, tuple[str, str]]:
    """Every partner word as written → (code, role): names and aliases of the table, then :data:`PARTNER_WORDS`."""
    from tradebalance import partner_names

    index: dict[str, tuple[str, str]] = {}
    for row in partner_names.table():
        name = row["name"].strip()
        if row["kind"] not in ("name", "alias", "ja") or any(c in name for c in ",()`"):
            continue
        if name.lower().startswith("the "):
            name = name[4:]
        if name in _SKIPPED or (name.isascii() and (len(name) < 4 and name not in ("EU", "UK", "USA"))):
            continue
        if name.isascii() and not name[0].isupper():
            continue
        codes = index.get(name)
        if codes is None:
            index[name] = (row["code"], "plain")
    index.update(PARTNER_WORDS)
    return index


@functools.cache
def partner_phrases() -> Phrases:
    """Every partner word and the speaker's pronouns, for :meth:`~tradebalance.extract.phrases.Phrases.find`."""
    return Phrases([*partner_index(), *SPEAKER, *(w.capitalize() for w in SPEAKER)])


def partner_of(word: str) -> tuple[str, str] | None:
    """(code, role) of a partner word as found by :func:`partner_phrases`, or ``None``."""
    found = partner_index().get(word)
    if found is None and word.lower() in SPEAKER:
        return SPEAKER[word.lower()], "speaker"
    return found


@functools.cache
def vague_words() -> dict[str, tuple[str, str]]:
    """Each vague word or alias (lower case) → (its canonical word, its kind), hedges left out."""
    from tradebalance.claims import rubric

    return {name: (w.word, w.kind) for name, w in rubric.word_table().items() if w.kind != "hedge"}


@functools.cache
def vague_phrases() -> Phrases:
    """Every vague word, for :meth:`~tradebalance.extract.phrases.Phrases.find` (case ignored)."""
    return Phrases(vague_words(), fold=True)


def whole(pattern: re.Pattern[str], text: str) -> Iterator[re.Match[str]]:
    """The matches of ``pattern`` that start a word; a Japanese match may start anywhere.

    The start is checked here: a pattern that starts with a lookbehind is many times slower.
    """
    for m in pattern.finditer(text):
        prev = text[m.start() - 1 : m.start()]
        if not (m.group()[:1].isascii() and (prev.isalnum() or prev in ("-", "_"))):
            yield m


@functools.cache
def hedge_words() -> dict[str, str]:
    """Each hedge or alias (lower case) → its canonical hedge (``about``, ``over`` …)."""
    from tradebalance.claims import rubric

    return {name: w.word for name, w in rubric.word_table().items() if w.kind == "hedge"}

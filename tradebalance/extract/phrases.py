"""Finding the phrases of a word list in text, fast: by words, not by one long regular expression.

A regular expression of several hundred alternatives (partner names, sector words, vague words) is tried at
almost every position of a sentence; looking the sentence's words up in a dictionary is many times faster.
Text and phrases are cut into the same tokens (runs of letters or digits, and single marks: ``U.S.-made`` is
``U . S . - made``), so a phrase matches whole words only; the longest phrase at a word wins. Japanese phrases,
which are not cut into words, are found by a regular expression, and only in text that has Japanese in it.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass

_TOKEN = re.compile(r"[^\W_]+|[^\w\s]")
_JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")


@dataclass(frozen=True)
class Hit:
    """A phrase found in a text: its span and the phrase as listed."""

    start: int
    end: int
    phrase: str

    def group(self) -> str:
        """The phrase as listed (as a match object's ``group()`` gives the text)."""
        return self.phrase


@functools.lru_cache(maxsize=16)
def _tokens(text: str) -> tuple[list[tuple[str, int, int]], list[str]]:
    """The tokens of ``text`` with their spans, and the same in lower case (kept for the few phrase lists)."""
    tokens = [(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(text)]
    return tokens, [t[0].lower() for t in tokens]


class Phrases:
    """A word list, looked up by words (``fold``: ignoring case)."""

    def __init__(self, phrases: Iterable[str], fold: bool = False) -> None:
        self.fold = fold
        self.index: dict[tuple[str, ...], str] = {}
        self.longest: dict[str, int] = {}
        japanese = []
        for phrase in phrases:
            if _JAPANESE.search(phrase):
                japanese.append(phrase)
                continue
            key = tuple(self._case(t) for t in _TOKEN.findall(phrase))
            if key:
                self.index.setdefault(key, phrase)
                self.longest[key[0]] = max(self.longest.get(key[0], 0), len(key))
        ordered = sorted(japanese, key=len, reverse=True)
        self.japanese = re.compile("|".join(re.escape(p) for p in ordered)) if ordered else None

    def _case(self, token: str) -> str:
        return token.lower() if self.fold else token

    def find(self, text: str) -> list[Hit]:
        """The phrases in ``text``, in order, the longest where two start at the same word."""
        tokens, lowered = _tokens(text)
        words = lowered if self.fold else [t[0] for t in tokens]
        out = []
        i = 0
        while i < len(tokens):
            most = self.longest.get(words[i], 0)
            for n in range(min(most, len(tokens) - i), 0, -1):
                phrase = self.index.get(tuple(words[i : i + n]))
                if phrase is not None:
                    out.append(Hit(tokens[i][1], tokens[i + n - 1][2], phrase))
                    i += n
                    break
            else:
                i += 1
        if self.japanese is not None and _JAPANESE.search(text):
            out.extend(Hit(m.start(), m.end(), m.group()) for m in self.japanese.finditer(text))
            out.sort(key=lambda h: h.start)
        return out

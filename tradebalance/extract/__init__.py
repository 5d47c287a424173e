"""Draft claims from text: ``tb.extract(text, date)`` finds the checkable statements of an article.

::

    >>> import tradebalance as tb
    >>> [d.claim["metric"] for d in tb.extract("In 2017, Japan's trade surplus with the U.S. was about ¥7 trillion.")]
    ['balance']

Each draft (``tradebalance.extract.draft.Draft``) holds the sentence, the claim a claim file would hold, a
confidence and the other readings, so that a person can read and correct it before checking. Extraction is pure
Python: it imports neither pandas nor matplotlib. What a draft holds, the dates it resolves and the modules:
``docs/user-guide/articles.md`` ("Drafts from Python").
"""

from __future__ import annotations

import dataclasses
import re
import sys
import types

from tradebalance.errors import ClaimFileError
from tradebalance.extract import assemble, document
from tradebalance.extract.draft import Draft, to_toml
from tradebalance.extract.scene import Context

__all__ = ["Draft", "extract", "to_toml"]


def extract(text: str, date: str | None = None) -> list[Draft]:
    """The drafts of the checkable statements in ``text`` (plain, Markdown or HTML; English or Japanese).

    Args:
        text: an article, a paragraph or a sentence.
        date: the article's date (``2018``, ``2018-09`` or ``2018-09-25``), used for relative periods and for
            statements that name no period.

    Raises:
        ClaimFileError: ``date`` is not a year, month or day.
    """
    if date is not None:
        date = str(date).strip()
        if not re.fullmatch(r"\d{4}(?:-(?:0[1-9]|1[0-2])(?:-(?:0[1-9]|[12]\d|3[01]))?)?", date):
            raise ClaimFileError(f"extract: date {date[:40]!r} is not a date: write 2018, 2018-09 or 2018-09-25")
    context = Context()
    out: list[Draft] = []
    for n, sentence in enumerate(document.sentences(text), 1):
        out.extend(_without_period(d) for d in assemble.sentence_drafts(sentence, n, date, context))
    return out


#: Why a draft whose sentence, context and date name no period cannot be checked.
NO_PERIOD = "the sentence names no period, nor does the text before it, and no date was given to read it by"


def _without_period(draft: Draft) -> Draft:
    """A checkable draft with no period becomes a not-checkable one that says why (give the article's date)."""
    parameters: dict[str, object] = draft.claim.get("parameters", {})
    if not draft.checkable or "period" in parameters:
        return draft
    claim: dict[str, object] = {k: draft.claim[k] for k in ("id", "quote", "attribution") if k in draft.claim}
    claim.update(metric="not_checkable", notes=NO_PERIOD)
    return dataclasses.replace(draft, claim=claim, checkable=False, reason=NO_PERIOD, alternatives=[])


class _CallableModule(types.ModuleType):
    """The package, callable as its :func:`extract`: ``tb.extract(text, date)`` also where ``tb.extract`` is the package."""

    def __call__(self, text: str, date: str | None = None) -> list[Draft]:
        return extract(text, date)


sys.modules[__name__].__class__ = _CallableModule

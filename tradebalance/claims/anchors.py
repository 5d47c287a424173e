"""A claim's anchor in the report (``#surplus-2017``) and the stem of its chart's file name, from its id.

An id made of lower-case letters, digits and single hyphens is its own anchor. Any other id gets the same
letters with everything else turned into hyphens, cut to :data:`SLUG_CHARS`, then ``_`` and a hash of the
whole id, so ``x/1`` and ``x-1`` (or ``X-1``) get different anchors and charts, and no id makes a file name
too long. ``_`` never occurs in an id kept as it is, so a hashed anchor never equals one.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable

#: Letters of the id kept in a hashed anchor.
SLUG_CHARS = 60
#: Hex digits of the id's SHA-256 in a hashed anchor.
HASH_CHARS = 10


def anchor(claim_id: str) -> str:
    """The claim's anchor: ``surplus-2017`` as it is, ``x/1`` → ``x-1_`` and ten hex digits of the id's hash.

    Example::

        >>> anchor("surplus-2017"), anchor("x-1"), anchor("x/1")
        ('surplus-2017', 'x-1', 'x-1_6e34299030')
    """
    slug = re.sub(r"[^a-z0-9]+", "-", claim_id.lower()).strip("-")
    if slug == claim_id and len(slug) <= SLUG_CHARS:
        return slug
    digest = hashlib.sha256(claim_id.encode("utf-8")).hexdigest()[:HASH_CHARS]
    return f"{slug[:SLUG_CHARS].rstrip('-')}_{digest}"


def anchors(claim_ids: Iterable[str]) -> list[str]:
    """Each id's :func:`anchor`, in order, unique within the report: one already taken gets ``_2``, ``_3`` and so on.

    Only an id given twice, or two ids whose hashes agree in their first ten digits (made so on purpose),
    need the suffix.
    """
    found: list[str] = []
    taken: set[str] = set()
    for claim_id in claim_ids:
        base = name = anchor(claim_id)
        n = 1
        while name in taken:
            n += 1
            name = f"{base}_{n}"
        found.append(name)
        taken.add(name)
    return found

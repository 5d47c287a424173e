"""A drafted claim: the sentence it came from, the claim as a claim file would hold it, and how sure the reading is.

:func:`to_toml` writes drafts as a claim file that ``tradebalance check --claims`` reads unchanged: one
``[[claim]]`` table per draft (``[[claim.part]]`` for its other figures), with the sentence, the confidence and
the other readings as comments above it.
"""

from __future__ import annotations

import copy
import json
import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tradebalance.claims.model import Claim

#: The order of a claim table's fields in a claim file.
_ORDER = ("id", "quote", "attribution", "metric", "parameters", "test", "notes")


@dataclass(frozen=True)
class Draft:
    """A checkable statement found in a text (or one trade statistics cannot check), drafted as a claim.

    ``claim`` holds the claim-file fields exactly as a TOML ``[[claim]]`` table would: ``id``, ``quote``,
    ``metric``, ``parameters``, ``test``, ``parts`` (the sentence's other figures, where it has several),
    ``attribution`` (``date``, where given) and, for a statement that cannot be checked, ``notes`` (the reason).
    ``alternatives`` are other readings the words allow, best first, as claim dicts of the same form.
    """

    sentence: str
    start: int
    end: int
    claim: dict[str, Any]
    confidence: float
    alternatives: list[dict[str, Any]] = field(default_factory=list)
    checkable: bool = True
    reason: str = ""

    def to_claim(self) -> Claim:
        """The claim, built by the claim-file parser (so validated exactly as a claim file is)."""
        from tradebalance.claims.fileformat import claim_from_table

        return claim_from_table(_table(self.claim))

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form: the contract's fields."""
        return {
            "sentence": self.sentence,
            "start": self.start,
            "end": self.end,
            "claim": copy.deepcopy(self.claim),
            "confidence": self.confidence,
            "alternatives": copy.deepcopy(self.alternatives),
            "checkable": self.checkable,
            "reason": self.reason,
        }


def _table(claim: dict[str, Any]) -> dict[str, Any]:
    """A claim dict as a TOML table: ``parts`` become ``part``."""
    table = {k: copy.deepcopy(v) for k, v in claim.items() if k != "parts"}
    if claim.get("parts"):
        table["part"] = copy.deepcopy(claim["parts"])
    return table


def to_toml(drafts: Iterable[Draft]) -> str:
    """A claim file of ``drafts``: each ``[[claim]]`` with its sentence, confidence and alternatives as comments."""
    blocks = []
    for draft in drafts:
        lines = [f"# sentence (characters {draft.start}–{draft.end}): {_comment(draft.sentence)}"]
        lines.append(
            f"# confidence: {draft.confidence:.2f}" + ("" if draft.checkable else f"; not checkable: {draft.reason}")
        )
        for n, alt in enumerate(draft.alternatives, 1):
            fields = ", ".join(f"{k} = {_value(alt[k])}" for k in ("metric", "parameters", "test") if k in alt)
            lines.append(f"# alternative {n}: {_comment(fields)}")
        lines.append("[[claim]]")
        lines.extend(_fields(draft.claim))
        for part in draft.claim.get("parts", []):
            lines.append("")
            lines.append("[[claim.part]]")
            lines.extend(_fields(part))
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks) + ("\n" if blocks else "")


def _fields(table: dict[str, Any]) -> list[str]:
    keys = [k for k in _ORDER if k in table] + [k for k in table if k not in _ORDER and k != "parts"]
    return [f"{k} = {_value(table[k])}" for k in keys]


def _comment(text: str) -> str:
    return " ".join(text.split())


def _value(value: Any) -> str:
    """A value as TOML: strings quoted and escaped, numbers, booleans, inline tables and arrays."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isinf(value) or math.isnan(value):
            return ("-inf" if value < 0 else "inf") if math.isinf(value) else "nan"
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False).replace("\x7f", "\\u007f")
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{_key(k)} = {_value(v)}" for k, v in value.items()) + " }" if value else "{}"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_value(v) for v in value) + "]"
    raise TypeError(f"cannot write {type(value).__name__} as TOML")


def _key(key: str) -> str:
    return key if key.replace("_", "").replace("-", "").isalnum() and key.isascii() else json.dumps(key)

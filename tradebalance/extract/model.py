"""What a figure reads as: the metric, parameters and test of one part of a sentence's claim."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class SentenceReading:
    """A figure read as a claim (a part of the sentence's claim)."""

    metric: str
    params: dict[str, Any]
    test: dict[str, Any]
    quote: str
    found: dict[str, str] = field(default_factory=dict)
    options: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    """Other readings of the words: (what differs, the parameters and metric that differ)."""
    reason: str = ""
    """Why the figure cannot be checked (then ``metric`` is ``not_checkable``)."""
    record: str = ""
    """``highest`` or ``lowest`` where the words call the figure a record."""

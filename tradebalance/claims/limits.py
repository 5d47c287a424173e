"""What a claim file may hold, and the checks that refuse anything beyond it before it costs time or memory.

A claim file comes from anyone (a fact-checker's collection, a reader's notebook), so everything it makes the
package do is bounded. Beyond a limit the file is refused with a ClaimFileError naming the file (and the claim and
field where there is one); nothing is checked or drawn first. Each limit and why it is set where it is:
``docs/user-guide/claims.md`` ("Limits of a claim file").
"""

from __future__ import annotations

import re
from pathlib import Path

from tradebalance.errors import ClaimFileError

MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_NESTING = 16
MAX_CLAIMS_PER_FILE = 5_000
MAX_CLAIMS_PER_REPORT = 1_000
MAX_QUOTE_CHARS = 2_000
MAX_ID_CHARS = 100

#: TOML strings and comments (skipped: what they hold is text), and the characters that nest or end a key.
_TOKENS = re.compile(
    r'"""(?:[^\\"]|\\[\s\S]|"(?!""))*+"""(?:"{0,2}+)'
    r"|'''(?:[^']|'(?!''))*+'''(?:'{0,2}+)"
    r'|"(?:[^"\\\n]|\\[^\n])*+"'
    r"|'[^'\n]*+'"
    r"|#[^\n]*+"
    r"|[\[\]{},=\n.]"
)


def read_claim_file(path: Path) -> str:
    """The text of a claim file, read up to :data:`MAX_FILE_BYTES` (OSError and UnicodeDecodeError pass through)."""
    with path.open("rb") as handle:
        data = handle.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:
        raise ClaimFileError(f"{path}: claim file larger than {MAX_FILE_BYTES:,} bytes (the limit)")
    return data.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")


def check_nesting(text: str, path: Path) -> None:
    """Refuse TOML text nested deeper than :data:`MAX_NESTING`: arrays and inline tables, or a dotted key's parts.

    The dots counted since the last ``[``, ``]``, ``{``, ``}``, ``,``, ``=`` or line break bound the parts of
    a dotted key (a number or time has one dot at most).
    """
    depth = dots = 0
    for token in _TOKENS.finditer(text):
        mark = token.group()
        if mark == ".":
            dots += 1
        elif len(mark) == 1:  # a string or comment is longer, apart from an empty comment
            dots = 0
            depth = max(depth + {"[": 1, "{": 1, "]": -1, "}": -1}.get(mark, 0), 0)
        if depth > MAX_NESTING or dots >= MAX_NESTING:
            line = text.count("\n", 0, token.start()) + 1
            raise ClaimFileError(f"{path}, line {line}: nested more than {MAX_NESTING} levels deep (the limit)")


def check_count(count: int, what: str, limit: int) -> None:
    """Refuse ``count`` claims where ``limit`` is the most allowed."""
    if count > limit:
        raise ClaimFileError(f"{what}: {count:,} claims, more than the limit of {limit:,}")


def id_problem(claim_id: str) -> str:
    """What is wrong with a claim id ("" if nothing)."""
    if len(claim_id) > MAX_ID_CHARS:
        return f"{len(claim_id):,} characters, more than the limit of {MAX_ID_CHARS}"
    if not claim_id.strip() or not claim_id.isprintable():
        return "must be printable text (no line breaks or control characters)"
    return ""


def quote_problem(quote: str) -> str:
    """What is wrong with a claim's quote ("" if nothing)."""
    if len(quote) > MAX_QUOTE_CHARS:
        return f"{len(quote):,} characters, more than the limit of {MAX_QUOTE_CHARS:,} (quote one statement)"
    return ""

"""The verdict cache: verdicts kept as JSON in the user cache, keyed by the claims, the data and the code.

A verdict is kept as its :func:`dataclasses.asdict` form (a test with its ``kind``) and rebuilt by
:func:`verdicts_from_json`.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import asdict
from typing import Any

from tradebalance.claims.claim_tests import restore_test
from tradebalance.claims.model import Claim, Reading, Robustness, Verdict
from tradebalance.store import derived, paths
from tradebalance.store.snapshot import Snapshot


def check_all(claims: Sequence[Claim], vintage: str | Snapshot = "embedded") -> list[Verdict]:
    """:func:`check` every claim, reusing verdicts computed before on the same claims, data and code.

    Verdicts are kept as JSON in the user cache folder, keyed by a hash of the claims, the vintage's
    ``datapackage.json``, the sector tables and the package's source, so any change recomputes them.
    """
    key = cache_key(claims, vintage)
    path = paths.cache_dir() / "verdicts" / f"{key}.json"
    try:
        return verdicts_from_json(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, KeyError, TypeError):
        pass  # not computed yet, or unreadable: compute
    from tradebalance.claims.evaluate import check  # the data are needed only when the verdicts are not cached

    verdicts = [check(c, vintage) for c in claims]
    try:
        paths.atomic_write(path, verdicts_to_json(verdicts).encode())
    except OSError as exc:
        paths.cache_unwritable(path.parent, exc)
    return verdicts


def cache_key(claims: Sequence[Claim], vintage: str | Snapshot) -> str:
    """Hash of the claims and of the vintage's data, the package's tables and its code (:func:`derived.digest`)."""
    snap = Snapshot.open(vintage)
    digest = hashlib.sha256(json.dumps([asdict(c) for c in claims], sort_keys=True, default=str).encode())
    digest.update(derived.digest(snap.folder, snap.name).encode())
    return digest.hexdigest()[:32]


def verdicts_to_json(verdicts: Sequence[Verdict]) -> str:
    """Verdicts as the cache keeps them: a JSON list of their :func:`dataclasses.asdict` forms."""
    return json.dumps([asdict(v) for v in verdicts], ensure_ascii=False)


def verdicts_from_json(text: str) -> list[Verdict]:
    """The verdicts :func:`verdicts_to_json` wrote, rebuilt (KeyError, TypeError or ValueError if malformed)."""
    return [_verdict_from_dict(d) for d in json.loads(text)]


def _claim_from_dict(c: dict[str, Any]) -> Claim:
    parts = tuple(_claim_from_dict(p) for p in c.get("parts", ()))
    return Claim(**{**c, "test": restore_test(c["test"]), "parts": parts})


def _verdict_from_dict(d: dict[str, Any]) -> Verdict:
    published = Reading(**d["published"]) if d.get("published") else None
    return Verdict(
        _claim_from_dict(d["claim"]),
        [Reading(**r) for r in d["readings"]],
        d["verdict"],
        d["summary"],
        d["rating"],
        Robustness(**d["robustness"]),
        published,
        d.get("answer", ""),
        [_verdict_from_dict(p) for p in d.get("parts", [])],
    )

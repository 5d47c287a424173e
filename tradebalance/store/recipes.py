"""What each resource of a snapshot was built from (its recipe), so that a rebuild parses only what changed.

A recipe is the sha256 of the resource's official file, its catalog entry, the package's code and tables
(``tradebalance.store.paths.package_digest``) and its base's; the user cache records which file each
recipe built.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from tradebalance.store import catalog, paths
from tradebalance.store.entries import ResourceEntry
from tradebalance.store.paths import sha256


def recipes(
    todo: list[catalog.FileSpec], originals: Path, entries: dict[str, ResourceEntry], digests: dict[Path, str]
) -> dict[str, str]:
    """Each resource's recipe: the sha256 of its file (``digests``, by path), its catalog entry, the code, its base's.

    A base not built now enters by the sha256 of its file in the snapshot.
    """
    code = paths.package_digest()
    recipes: dict[str, str] = {}
    for spec in todo:  # bases come first
        stored = entries.get(spec.base) if spec.base else None
        base = recipes.get(spec.base, stored["hash"] if stored else "") if spec.base else ""
        parts = [code, digests[originals / spec.folder / spec.filename], repr(spec), base]
        recipes[spec.resource] = hashlib.sha256("\0".join(parts).encode()).hexdigest()
    return recipes


def _file(resource: str, recipe: str) -> Path:
    return paths.cache_dir() / "build" / f"{resource}-{recipe[:32]}"


def up_to_date(spec: catalog.FileSpec, recipe: str, entry: ResourceEntry | None, out: Path) -> bool:
    """Whether ``out`` holds the file this recipe built (its sha256 in ``entry``, recorded in the cache)."""
    if entry is None or not (out / entry["path"]).is_file():
        return False
    try:
        built = _file(spec.resource, recipe).read_text(encoding="utf-8")
    except OSError:
        return False
    return built == entry["hash"] and f"sha256:{sha256(out / entry['path'])}" == entry["hash"]


def remember(entry: ResourceEntry, recipe: str) -> None:
    """Record in the cache that ``recipe`` built ``entry``'s file (a cache that cannot be written costs speed)."""
    path = _file(entry["name"], recipe)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        paths.atomic_write(path, entry["hash"].encode())
    except OSError as exc:
        paths.cache_unwritable(path.parent, exc)

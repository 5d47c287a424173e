"""Shared fixtures: the official reference files (when present) and small files in the official formats."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

#: The official reference copies beside the checkout (absent on a machine without them).
SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"


@pytest.fixture
def shared() -> Path:
    """Folder of the official reference files; skips the test when it is absent."""
    if not SHARED.is_dir():
        pytest.skip("official reference files (../shared/data) are not present on this machine")
    return SHARED


@pytest.fixture(autouse=True)
def _private_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep each test session's Arrow cache and cached verdicts out of the user's cache folder."""
    monkeypatch.setenv("TRADEBALANCE_CACHE_DIR", str(tmp_path_factory.getbasetemp() / "cache"))


# A small export file in MOF's layout: total, two sections, nested items, quantity-then-value pairs.
# Columns: (press-release name, principal-commodity name, code, unit of quantity or None for value-only).
MOF_EXPORT_COLUMNS = [
    ("総額", "", "'0'〜'9'", None),
    ("１．食料品", "", "'0'+'1'", ""),
    ("", "食料品及び動物", "'0'", ""),
    ("", "飲料及びたばこ", "'1'", ""),
    ("８．輸送用機器", "輸送用機器", "'705'", ""),
    ("自動車", "自動車", "'70503'", "NO"),
    ("（乗用車）", "（乗用車）", "'7050301'", "NO"),
    ("自動車の部分品", "自動車の部分品", "'70505'", "KG"),
]


def mof_text(
    months: dict[str, list[str]],
    *,
    title: str = "《米国》  【月別】  （輸出）",
    english: str = "USA Monthly Data  (Export)",
    columns: list[tuple[str, str, str, str | None]] | None = None,
) -> str:
    """A MOF time-series CSV. ``months`` maps ``YYYY/MM`` to one value per column (quantity first for pairs)."""
    columns = columns or MOF_EXPORT_COLUMNS
    names, items, codes, kinds, units = ["報道発表品目名"], ["概況品名"], ["概況品コード"], [""], ["Years/Months"]
    for press, name, code, unit in columns:
        if unit is None:
            names += [press]
            items += [name]
            codes += [code]
            kinds += ["金額"]
            units += ["(千円)"]  # noqa: E702
        else:
            names += [press, ""]
            items += [name, ""]
            codes += [code, ""]  # noqa: E702
            kinds += ["数量", "金額"]
            units += [f"(単位：{unit})" if unit else "(単位)", "(千円)"]  # noqa: E702
    width = len(names)
    rows = [[title] + [""] * (width - 1), [english] + [""] * (width - 1), names, items, codes, kinds, units]
    rows += [[month, *values] for month, values in months.items()]
    return "\n".join(",".join(r) for r in rows) + "\n"


#: Two months of figures for MOF_EXPORT_COLUMNS (thousand yen; quantities in units/kg), and one unpublished.
#: total 1000 = food 100 (60 + 40) + transport 900 (vehicles 700 ⊃ cars 650; parts 200).
MOF_MONTHS = {
    "2017/01": ["1000 ", "-", "100", "-", "60", "-", "40", "-", "900", "10", "700", "9", "650", "5000", "200"],
    "2017/02": ["1100 ", "-", "110", "-", "70", "-", "40", "-", "990", "11", "770", "-", "-", "5500", "220"],
    "2017/03": ["-"] * 15,
}


@pytest.fixture
def write_mof(tmp_path: Path) -> Callable[..., Path]:
    """Write a MOF-format file into ``tmp_path`` and return its path."""

    def write(
        name: str = "d52ma001.csv", encoding: str = "utf-8", months: dict[str, list[str]] | None = None, **kw: object
    ) -> Path:
        path = tmp_path / name
        path.write_bytes(mof_text(months or MOF_MONTHS, **kw).encode(encoding))  # type: ignore[arg-type]
        return path

    return write

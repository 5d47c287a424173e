"""A build refuses damaged originals, with the checks a refresh runs: coverage, totals, and checksums."""

from __future__ import annotations

import hashlib
import re
import shutil
from pathlib import Path

import pandas as pd
import pytest

from tests.builders import MOF_MONTHS, write_originals
from tradebalance.errors import ChecksumError, ParseError
from tradebalance.store import builder, catalog, checks, package, paths


def spec_of(resource: str) -> catalog.FileSpec:
    return next(s for s in catalog.FILES if s.resource == resource)


def cut_before(path: Path, line_start: bytes) -> None:
    """Cut a file at a line boundary: keep the lines before the first one that starts with ``line_start``."""
    body = path.read_bytes()
    path.write_bytes(body[: body.index(b"\n" + line_start) + 1])


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# ------------------------------------------------------------------------------------- coverage may not shrink


def test_a_real_original_cut_at_a_line_boundary_is_refused(shared, tmp_path):
    """The cut d52ma001.csv parses (1988-01 to 1997-12); data/datapackage.json says 1988-01 to 2025-06."""
    original = tmp_path / "originals" / "mof" / "d52ma001.csv"
    original.parent.mkdir(parents=True)
    shutil.copyfile(shared / "mof" / "d52ma001.csv", original)
    cut_before(original, b"1998/01")
    out = tmp_path / "out"
    out.mkdir()
    shutil.copyfile(paths.data_dir() / "datapackage.json", out / "datapackage.json")
    before = (out / "datapackage.json").read_bytes()

    problem = (
        rf"^{re.escape(str(original))}: covers 1988-01 to 1997-12, but mof-d52ma001 covers 1988-01 to 2025-06 in "
        rf"{re.escape(str(out / 'datapackage.json'))}; a truncated or partial file\?$"
    )
    with pytest.raises(ParseError, match=problem):
        builder.build(tmp_path / "originals", out, specs=[spec_of("mof-d52ma001")], force=True)
    assert (out / "datapackage.json").read_bytes() == before and not (out / "mof").exists()


def test_a_small_original_cut_at_a_line_boundary_is_refused_and_nothing_is_written(tmp_path):
    originals = write_originals(tmp_path / "originals")
    out = tmp_path / "out"
    first = builder.build(originals, out, datasets=["mof"])
    cut_before(originals / "mof" / "d62ma001.csv", b"2017/02")  # 2017-01 is left (2017-03 is unpublished)

    problem = r"d62ma001\.csv: covers 2017-01 to 2017-01, but mof-d62ma001 covers 2017-01 to 2017-02 in .*out"
    with pytest.raises(ParseError, match=problem):
        builder.build(originals, out, datasets=["mof"])
    assert package.read_descriptor(out) == first


def test_a_table_that_lacks_a_period_inside_its_range_is_refused():
    """An earlier version known whole (a refresh reads the previous vintage's table) had a month now missing."""
    spec = spec_of("fred-exjpus")
    earlier = pd.DataFrame({"date": pd.to_datetime(["2017-01-01", "2017-02-01", "2017-03-01"]), "value": 1.0})
    now = earlier.drop(index=1)
    version = checks.Earlier.of_table("fred-exjpus", "vintage 2026-01-01T000000Z", earlier)
    problem = r"^EXJPUS\.csv: lacks 1 period that fred-exjpus has in vintage 2026-01-01T000000Z \(2017-02-01\); a"
    with pytest.raises(ParseError, match=problem):
        checks.verify(spec, now, Path("EXJPUS.csv"), [version])
    checks.verify(spec, earlier, Path("EXJPUS.csv"), [version])  # the same periods again pass


# --------------------------------------------------------------------------------------- sections add up


def test_a_mof_file_whose_total_is_not_the_sum_of_its_sections_is_refused(tmp_path):
    months = {m: list(v) for m, v in MOF_MONTHS.items()}
    months["2017/02"][2] = "130"  # food section 130 (its items still say 70 + 40), total still 1100
    originals = write_originals(tmp_path / "originals", mof={"d61ma": months})
    problem = r"d61ma\.csv: in 2017-02 the sections add up to 1,120,000 yen but the total is 1,100,000 yen$"
    with pytest.raises(ParseError, match=problem):
        builder.build(originals, tmp_path / "out", datasets=["mof"])
    assert not (tmp_path / "out").exists()


# -------------------------------------------------------------------------------------------- checksums


def test_a_checksum_file_beside_the_originals_is_verified(tmp_path):
    originals = write_originals(tmp_path / "originals")
    monthly, daily = originals / "fx" / "EXJPUS.csv", originals / "fx" / "DEXJPUS_1971-01-04_to_2023-09-15.csv"
    (originals / "SHA256SUMS").write_text(f"{sha(monthly)}  fx/EXJPUS.csv\n{sha(daily)} *./fx/{daily.name}\n")
    builder.build(originals, tmp_path / "out", datasets=["fx"])  # both as listed: built

    expected = sha(monthly)
    monthly.write_bytes(monthly.read_bytes().replace(b"114.7", b"114.8"))
    problem = (
        rf"^{re.escape(str(monthly))}: sha256 is {sha(monthly)}, but {re.escape(str(originals / 'SHA256SUMS'))} "
        rf"gives {expected}; a damaged or different copy\?$"
    )
    with pytest.raises(ChecksumError, match=problem):
        builder.build(originals, tmp_path / "out", datasets=["fx"])


def test_a_checksum_file_in_the_files_own_folder_is_verified(tmp_path):
    originals = write_originals(tmp_path / "originals")
    path = originals / "mof" / "d52ma001.csv"
    (originals / "mof" / "SHA256SUMS").write_text(f"# sha256sum *.csv\n{'0' * 64}  d52ma001.csv\n")
    with pytest.raises(
        ChecksumError, match=rf"d52ma001\.csv: sha256 is {sha(path)}, but .*mof.SHA256SUMS gives 0{{64}}"
    ):
        builder.build(originals, tmp_path / "out", datasets=["mof"])


def test_a_malformed_checksum_file_is_refused(tmp_path):
    originals = write_originals(tmp_path / "originals")
    (originals / "SHA256SUMS").write_text("SHA256 (fx/EXJPUS.csv) = 00\n")
    with pytest.raises(ParseError, match=r"SHA256SUMS, row 1: expected '<sha256>  <file>'"):
        builder.build(originals, tmp_path / "out", datasets=["fx"])


def test_the_reference_copies_match_their_checksum_file(shared):
    """The shared originals' SHA256SUMS lists every file the catalog builds, so a full build checks them all."""
    digests = {shared / s.folder / s.filename: sha(shared / s.folder / s.filename) for s in catalog.FILES}
    listed = checks.read_sums(shared / checks.SUMS)
    assert {path.relative_to(shared).as_posix() for path in digests} <= set(listed)
    checks.verify_checksums(shared, digests)

"""What the parsers share (tradebalance.sources.common): one file-reading guard, one way to add constant columns."""

from __future__ import annotations

import errno
from pathlib import Path

import pandas as pd
import pytest

from tests.builders import COUNTRY_ROWS, DATAWEB_ROWS, EXJPUS, HEADER, dataweb_text, mof_bytes, write_xlsx
from tradebalance.errors import ParseError
from tradebalance.sources import census, census_countries, census_enduse, common, dataweb, fred, mof

#: Every parser of an official file, with a good file of its kind.
PARSERS = {
    "mof": (lambda p: mof.parse(p, provisional_from=2030), "d52ma001.csv"),
    "fred": (fred.parse, "EXJPUS.csv"),
    "census-country": (lambda p: census.parse_country(p, provisional_from=2030), "country.xlsx"),
    "census-enduse-csv": (lambda p: census_enduse.parse_enduse(p, provisional_from=2030), "enduse_exports.csv"),
    "census-enduse-xlsx": (lambda p: census_enduse.parse_enduse(p, provisional_from=2030), "enduse_imports.xlsx"),
    "census-dataweb": (dataweb.parse_dataweb, "DataWeb-Query-Export__FAS_Value.csv"),
}


def good_file(folder: Path, name: str) -> Path:
    path = folder / name
    if name == "d52ma001.csv":
        path.write_bytes(mof_bytes("d52ma001"))
    elif name == "EXJPUS.csv":
        path.write_text(EXJPUS)
    elif name == "country.xlsx":
        write_xlsx(path, HEADER, COUNTRY_ROWS)
    elif name.startswith("DataWeb"):
        path.write_text(dataweb_text(DATAWEB_ROWS))
    else:
        pytest.skip("end-use files are covered by tests/test_census.py")
    return path


@pytest.mark.parametrize("parser", PARSERS)
@pytest.mark.parametrize(
    ("make", "reason"),
    [
        (lambda folder, name: folder / "missing" / name, "No such file or directory"),
        (lambda folder, name: (folder / name).mkdir() or folder / name, "Is a directory"),
    ],
    ids=["missing", "a-folder"],
)
def test_every_parser_names_a_file_it_cannot_read(tmp_path, parser, make, reason):
    parse, name = PARSERS[parser]
    path = make(tmp_path, name)
    with pytest.raises(ParseError, match=rf"^{path}: cannot read file \({reason}\)$") as info:
        parse(path)
    assert info.value.path == str(path)


@pytest.mark.parametrize("parser", ["mof", "fred", "census-dataweb"])
def test_a_read_error_without_an_errno_is_still_worded(tmp_path, monkeypatch, parser):
    parse, name = PARSERS[parser]
    path = good_file(tmp_path, name)

    def broken(self: Path) -> bytes:
        raise OSError("the network drive went away")

    monkeypatch.setattr(Path, "read_bytes", broken)
    with pytest.raises(ParseError, match=r"cannot read file \(the network drive went away\)$"):
        parse(path)


def test_permission_denied_is_a_parse_error(tmp_path, monkeypatch):
    path = good_file(tmp_path, "d52ma001.csv")

    def denied(self: Path) -> bytes:
        raise PermissionError(errno.EACCES, "Permission denied", str(self))

    monkeypatch.setattr(Path, "read_bytes", denied)
    with pytest.raises(ParseError, match=r"d52ma001\.csv: cannot read file \(Permission denied\)$"):
        mof.parse(path, provisional_from=2030)


def test_an_unreadable_country_table_is_named(tmp_path, monkeypatch):
    monkeypatch.setattr(census_countries, "reference_path", lambda: tmp_path)  # a folder, not the table
    census_countries.country_table.cache_clear()
    try:
        with pytest.raises(ParseError, match=rf"^{tmp_path}: cannot read the country table \(Is a directory\)$"):
            census_countries.country_table()
    finally:
        census_countries.country_table.cache_clear()


def test_reading_lets_other_errors_through(tmp_path):
    with pytest.raises(KeyError), common.reading(tmp_path / "x"):
        raise KeyError("not a reading problem")


def test_constants_and_status():
    frame = common.add_constants(pd.DataFrame({"value": [1.0, 2.0, 3.0]}), reporter="JPN", parent=None)
    assert frame["reporter"].tolist() == ["JPN"] * 3 and frame["parent"].isna().all()
    assert isinstance(frame["reporter"].dtype, pd.StringDtype)
    months = pd.PeriodIndex(["2016-12", "2017-01", "2018-06"], freq="M")
    status = common.status_column(months, 2017, "provisional")
    assert list(status) == ["confirmed", "provisional", "provisional"]
    years = pd.PeriodIndex(["2016", "2030"], freq="Y")
    assert list(common.status_column(years, None, "preliminary")) == ["confirmed", "confirmed"]
    mapped = common.text_column(pd.Series(["export", None, "import"]), {"export": "FAS"})
    assert mapped.tolist()[0] == "FAS" and mapped.isna().tolist() == [False, True, True]


def test_the_parsers_share_the_constant_columns(tmp_path):
    frames = {
        "mof": mof.parse(good_file(tmp_path, "d52ma001.csv"), provisional_from=2017),  # the file holds 2017
        "census": census.parse_country(good_file(tmp_path, "country.xlsx"), provisional_from=2030),
        "dataweb": dataweb.parse_dataweb(good_file(tmp_path, "DataWeb-Query-Export__FAS_Value.csv")),
    }
    for name, frame in frames.items():
        for column in ("reporter", "partner", "classification", "currency", "basis", "source", "status"):
            assert isinstance(frame[column].dtype, pd.StringDtype), (name, column)
            assert frame[column].notna().all(), (name, column)
    assert set(frames["mof"]["status"]) == {"provisional"}  # 2017 on
    assert set(frames["census"]["reporter"]) == {"USA"} and set(frames["mof"]["currency"]) == {"JPY"}


def test_a_sheet_is_read_into_arrow_with_its_cells_typed(tmp_path):
    path = write_xlsx(
        tmp_path / "book.xlsx", ["code", "value", None, "note"], [[5880, 1.5, None, "x"], ["0003", None, None, 2]]
    )
    table = common.read_sheet(path)
    assert table.column_names == ["code", "value", "", "note"]  # the empty header cell is named ""
    assert table.column("code").to_pylist() == ["5880", "0003"]  # a mixed column is text; 5880.0 is written 5880
    assert table.column("value").to_pylist() == [1.5, None]  # numbers only: double, the empty cell missing
    assert table.column("note").to_pylist() == ["x", "2"]
    assert common.read_sheet(path, header=False).column(0).to_pylist() == ["code", "5880", "0003"]
    assert [name for name, _ in common.read_sheets(path)] == ["country"]


def test_a_workbook_read_twice_is_read_once_until_its_bytes_change(tmp_path, monkeypatch):
    """Two resources of one original (BEA's annual and quarterly tables) read it once in one build job."""
    path = write_xlsx(tmp_path / "book.xlsx", ["code", "value"], [["0003", 1.5]])
    opened = []
    real = common.fastexcel.read_excel
    monkeypatch.setattr(common.fastexcel, "read_excel", lambda raw: opened.append(raw) or real(raw))
    with common.shared_reads():
        first = common.read_sheets(path)
        assert common.read_sheets(path) == first and len(opened) == 1  # the same bytes: not read again
        write_xlsx(path, ["code", "value"], [["0003", 2.5]])  # new bytes under the same name
        assert common.read_sheet(path).column("value").to_pylist() == [2.5] and len(opened) == 2
    common.read_sheets(path)
    assert len(opened) == 3  # outside a build job, every read reads


def test_a_file_that_is_not_a_workbook_is_named(tmp_path):
    path = tmp_path / "country.xlsx"
    path.write_bytes(b"year,CTY_CODE\n2017,5880\n")
    with pytest.raises(ParseError, match=r"country\.xlsx: cannot read as an Excel workbook \(.+\)"):
        common.read_sheet(path)


@pytest.mark.parametrize("freq", ["M", "Q", "Y", "Q-MAR", "D"])
def test_period_years_are_the_periods_own_years(freq):
    """Years read off the ordinals (1970 + ordinal // periods a year) agree with pandas', before 1970 too."""
    periods = pd.period_range("1967-01-01", "1973-12-31", freq=freq)
    assert common.period_years(periods).tolist() == periods.year.tolist()

"""Hostile claim files: every limit refuses with a one-line ClaimFileError, before any unbounded work."""

from __future__ import annotations

import os
import threading
import time
from dataclasses import replace

import pytest

from tradebalance import claims, plots
from tradebalance.claims import limits
from tradebalance.claims.anchors import anchor, anchors
from tradebalance.cli import main
from tradebalance.errors import ClaimFileError

BALANCE = """
[[claim]]
id = "{id}"
quote = {quote}
attribution = {{ publication = "Somewhere", date = "{date}" }}
metric = "balance"
parameters = {{ reporter = "JPN", partner = "USA", period = 2017, currency = "JPY" }}
test = {{ kind = "approx", value = {value}, tolerance = 0.05 }}
notes = {notes}
"""


def balance(claim_id: str = "c", quote: str = '"A quote."', date: str = "2018-09-25", notes: str = '""') -> str:
    return BALANCE.format(id=claim_id, quote=quote, date=date, value=7e12, notes=notes)


def write(tmp_path, text: str):
    path = tmp_path / "claims.toml"
    path.write_text(text, encoding="utf-8")
    return path


def refused(path) -> str:
    with pytest.raises(ClaimFileError) as info:
        claims.load_claims(path)
    message = str(info.value)
    assert "\n" not in message and str(path) in message
    return message


# ------------------------------------------------------------------------------------------ size and nesting


def test_a_file_over_the_size_limit_is_refused_without_parsing(tmp_path):
    path = write(tmp_path, balance() + "#" * limits.MAX_FILE_BYTES)
    assert "larger than 2,097,152 bytes" in refused(path)


def test_an_endless_pipe_is_refused_after_reading_the_limit(tmp_path):
    pipe = tmp_path / "endless"
    os.mkfifo(pipe)
    written = [0]

    def feed() -> None:
        try:
            with pipe.open("wb") as out:
                while written[0] < 20 * limits.MAX_FILE_BYTES:  # the reader stops long before
                    written[0] += out.write(b"\0" * 65536)
        except BrokenPipeError:
            pass

    writer = threading.Thread(target=feed, daemon=True)
    writer.start()
    assert "larger than" in refused(pipe)
    writer.join(timeout=10)
    assert written[0] < 2 * limits.MAX_FILE_BYTES


@pytest.mark.parametrize("value", ["[" * 1000 + "]" * 1000, "{ a = " * 40 + "1" + " }" * 40, "[" * 17 + "]" * 17])
def test_values_nested_beyond_the_limit_are_refused_before_the_parser_recurses(tmp_path, value):
    path = write(tmp_path, balance(notes=value))  # notes are on line 9
    assert "claims.toml, line 9: nested more than 16 levels deep (the limit)" in refused(path)


def test_a_dotted_key_of_many_parts_is_refused_before_the_parser_nests_it(tmp_path):
    path = write(tmp_path, balance() + ".".join(["k"] * 200_000) + " = 1\n")
    start = time.perf_counter()
    assert "line 10: nested more than 16 levels deep" in refused(path)
    assert time.perf_counter() - start < 5  # the parser alone needs minutes and gigabytes for it


def test_nesting_sixteen_deep_and_brackets_inside_strings_and_comments_are_fine(tmp_path):
    text = balance(quote='"[[[[[[[[[[[[[[[[[[[[ {{{{{{{{{{{{{{{{{{ a.b.c.d.e.f.g.h.i.j.k.l.m.n.o.p.q.r.s"')
    text += "extra = " + "[" * 16 + "]" * 16 + "  # [[[[[[[[[[[[[[[[[[[[\n"
    text += "more = '''\n[[[[[[[[[[[[[[[[[[[[[[\n'''\n"
    text = text.replace('notes = ""', 'notes = """\n{{{{{{{{{{{{{{{{{{{{{ \\"""\n"""')
    path = write(tmp_path, text)
    assert "field 'extra': unknown field" in refused(path)  # parsed: refused for its fields, not its nesting
    assert claims.load_claims(write(tmp_path, balance(notes='"a.b.c.d.e.f.g.h.i.j.k.l.m.n.o.p.q"')))


def test_an_integer_too_long_to_convert_is_refused_as_not_valid_toml(tmp_path):
    path = write(tmp_path, balance() + "big = " + "9" * 5000 + "\n")
    assert "not valid TOML" in refused(path)


def test_a_file_of_more_claims_than_the_limit_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(limits, "MAX_CLAIMS_PER_FILE", 2)
    path = write(tmp_path, "".join(balance(f"c{n}") for n in range(3)))
    assert refused(path).endswith("claims.toml: 3 claims, more than the limit of 2")


# --------------------------------------------------------------------------------------------- the fields


def test_an_id_over_the_length_limit_is_refused_naming_it(tmp_path):
    message = refused(write(tmp_path, balance("a" * 300)))
    assert message.endswith(f"claim '{'a' * 100}', field 'id': 300 characters, more than the limit of 100")


@pytest.mark.parametrize("claim_id", ['"line\\nbreak"', '"\\u0007bell"', '"   "', '""'])
def test_an_id_must_be_printable_text(tmp_path, claim_id):
    text = balance().replace('id = "c"', f"id = {claim_id}")
    assert "field 'id': must be printable text" in refused(write(tmp_path, text))


def test_a_quote_over_the_length_limit_is_refused_and_one_at_the_limit_loads(tmp_path):
    long = "word " * 400
    assert len(long) == limits.MAX_QUOTE_CHARS
    assert claims.load_claims(write(tmp_path, balance(quote=f'"{long}"')))[0].quote == long
    message = refused(write(tmp_path, balance(quote=f'"{long}x"')))
    assert "claim 'c', field 'quote': 2,001 characters, more than the limit of 2,000" in message


@pytest.mark.parametrize("date", ["25 September 2018", "2018-02-30", "2018-13", "2018-9-25", "0000", ""])
def test_an_attribution_date_that_is_not_a_year_month_or_day_is_refused_at_load_time(tmp_path, date):
    message = refused(write(tmp_path, balance(date=date)))
    assert f"claim 'c', field 'attribution.date': {date!r} is not a date: write 2018, 2018-09 or 2018-09-25" in message


@pytest.mark.parametrize("date", ["2018", "2018-09", "2018-09-25", "2020-02-29"])
def test_a_year_month_or_day_is_a_date(tmp_path, date):
    assert claims.load_claims(write(tmp_path, balance(date=date)))[0].date == date


def test_a_not_checkable_statement_has_its_date_checked_too(tmp_path):
    text = '[[claim]]\nid = "n"\nquote = "q"\nmetric = "not_checkable"\nnotes = "why"\n'
    text += 'attribution = { date = "yesterday" }\n'
    assert "claim 'n', field 'attribution.date': 'yesterday' is not a date" in refused(write(tmp_path, text))


def test_a_long_quote_is_cut_in_the_charts_title_so_the_chart_keeps_its_size():
    seed = claims.check(claims.load_claims(claims.seed_claims_path())[0])
    heights = {}
    for n in (50, 400, 200_000):  # a 1 MB quote once drew a chart 382,242 pixels high
        verdict = replace(seed, claim=replace(seed.claim, quote="word " * n))
        fig = plots.readings(verdict)
        heights[n] = fig.get_figheight()
        assert len(fig.get_suptitle().replace("\n", " ")) < 500
    assert heights[200_000] == heights[400] < heights[50] + 1.5
    assert fig.get_suptitle().endswith("word…”")


# --------------------------------------------------------------------------------------- anchors and names


def test_ids_that_differ_only_in_punctuation_or_case_get_different_anchors():
    ids = ["x-1", "x/1", "x.1", "X-1", "x 1"]
    assert anchor("x-1") == "x-1" and anchor("surplus-2017") == "surplus-2017"
    assert len(set(anchors(ids))) == 5
    assert all(a == "x-1" or (a.startswith("x-1_") and len(a) == 14) for a in anchors(ids))


def test_an_anchor_is_short_and_safe_as_a_file_name_whatever_the_id():
    for claim_id in ("a" * 300, "日本の黒字", "../../etc", "<script>", ""):
        name = anchor(claim_id)
        assert len(name) <= 71 and all(ch in "abcdefghijklmnopqrstuvwxyz0123456789-_" for ch in name), name


def test_an_anchor_taken_already_gets_a_number():
    assert anchors(["x/1", "x/1", "x-1"]) == [anchor("x/1"), anchor("x/1") + "_2", "x-1"]


# -------------------------------------------------------------------------------------------- the command


@pytest.mark.parametrize(
    ("text", "says"),
    [
        (balance("a" * 300), "field 'id': 300 characters"),
        (balance(notes="[" * 1000 + "]" * 1000), "nested more than 16 levels deep"),
        (balance(date="25 September 2018"), "field 'attribution.date'"),
        (balance(quote='"' + "word " * 200_000 + '"'), "field 'quote': 1,000,000 characters"),
    ],
)
def test_the_command_refuses_a_hostile_file_in_one_line(capsys, tmp_path, text, says):
    code = main(["check", "--claims", str(write(tmp_path, text)), "--report", str(tmp_path / "report")])
    out, err = capsys.readouterr()
    assert code == 1 and out == ""
    assert err.startswith("tradebalance: error: ") and err.count("\n") == 1 and says in err
    assert not (tmp_path / "report").exists()

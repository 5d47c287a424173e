"""Checking an article: ``tradebalance extract``, ``check --text``, the annotated article and ``tradebalance.article``.

The seed article itself is read from the reference copy beside the checkout (``../shared/seeds``) where it is
present; everywhere else the tests use its four sentences under test, quoted as ``seeds/claims.toml`` quotes
them (and as notebook 07 embeds them).
"""

from __future__ import annotations

import io
import json
import re
import sys
import tomllib
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

import tradebalance.claims
from tradebalance import article, report_article
from tradebalance.cli import main
from tradebalance.errors import ClaimFileError, DataNotFoundError
from tradebalance.extract import Draft

SEED_ARTICLE = Path(__file__).resolve().parents[2] / "shared" / "seeds" / "000_7b97811be6d9e4f3.txt"
DATE = "2018-09-25"
URL = "https://example.org/news/2018/09/26/japan-us-trade-talks"
#: The seed article's sentences under test, in its order (the second and third form one paragraph).
SENTENCES = (
    "The meeting came at a time when trade issues are becoming a source of friction between Tokyo and Washington, "
    "with U.S. President Donald Trump having voiced his frustration at his country’s massive trade deficit with Japan.",
    "In 2017, Japan’s trade surplus with the United States amounted to as much as about ¥7 trillion.",
    "Over 70 percent of the total was from automotive trade.",
    "The government is concerned that the country’s economy will be hit hard if the additional U.S. tariffs of up "
    "to 25 percent are imposed on Japanese automobiles and auto parts, informed sources said.",
)
EXCERPT = f"{SENTENCES[0]}\n\n[…]\n\n{SENTENCES[1]} {SENTENCES[2]}\n\n{SENTENCES[3]}\n"
#: What each statement measures, and its verdict and rating (the README's table: 2017, MOF ¥7.023 trillion,
#: 76.6 % automotive, a $68.8 billion U.S. deficit, $55.4 billion of imports a 25 % tariff would touch).
METRICS = ["balance", "balance", "sector_share", "tariff_exposure"]
VERDICTS = [("supported", "true"), ("supported", "true"), ("supported", "true"), ("context", None)]
DRAFT_FIELDS = {"sentence", "start", "end", "claim", "confidence", "alternatives", "checkable", "reason"}


def run(capsys: pytest.CaptureFixture[str], *args: str, stdin: str | bytes | None = None) -> tuple[int, str, str]:
    if stdin is not None:
        data = stdin.encode("utf-8") if isinstance(stdin, str) else stdin
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))
            code = main(list(args))
    else:
        code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def excerpt(tmp_path: Path) -> Path:
    path = tmp_path / "seed-excerpt.txt"
    path.write_text(EXCERPT, encoding="utf-8")
    return path


@pytest.fixture
def seed_article() -> Path:
    if not SEED_ARTICLE.is_file():
        pytest.skip("the seed article's reference copy (../shared/seeds) is not present on this machine")
    return SEED_ARTICLE


# ------------------------------------------------------------------------------------------- extract


def test_the_seed_article_gives_its_four_claims(capsys, seed_article):
    code, out, _ = run(capsys, "extract", str(seed_article), "--date", DATE)
    claims = tomllib.loads(out)["claim"]
    assert code == 0
    assert [c["quote"] for c in claims] == list(SENTENCES)
    assert [c["metric"] for c in claims] == METRICS
    assert all(c["parameters"]["period"] == 2017 for c in claims)
    assert all(c["attribution"]["date"] == DATE for c in claims)
    assert claims[1]["test"]["value"] == 7e12 and claims[3]["parameters"]["rate"] == 0.25
    assert [line.startswith("# sentence (characters ") for line in out.splitlines()].count(True) == 4


def test_extract_json_contract(capsys):
    code, out, _ = run(capsys, "extract", "-", "--date", DATE, "--format", "json", stdin=EXCERPT)
    drafts = json.loads(out)
    assert code == 0 and len(drafts) == 4
    for d in drafts:
        assert set(d) == DRAFT_FIELDS
        assert EXCERPT[d["start"] : d["end"]] == d["sentence"]
        assert {"id", "quote", "metric", "parameters", "test", "attribution"} <= set(d["claim"])
        assert d["claim"]["attribution"] == {"date": DATE}
        assert 0 < d["confidence"] <= 1 and d["checkable"] is True and d["reason"] == ""
        assert all({"metric", "parameters", "test"} <= set(alt) for alt in d["alternatives"])
    assert [d["sentence"] for d in drafts] == list(SENTENCES)
    assert [d["claim"]["metric"] for d in drafts] == METRICS


def test_extract_names_the_article_url_as_the_claims_attribution(capsys, excerpt):
    _, out, _ = run(capsys, "extract", str(excerpt), "--date", DATE, "--article-url", URL, "--format", "json")
    assert [d["claim"]["attribution"] for d in json.loads(out)] == [{"date": DATE, "url": URL}] * 4


def test_the_drafts_toml_is_read_unchanged_by_check_claims(capsys, excerpt, tmp_path):
    _, toml, _ = run(capsys, "extract", str(excerpt), "--date", DATE)
    drafts = tmp_path / "drafts.toml"
    drafts.write_text(toml, encoding="utf-8")
    code, out, _ = run(capsys, "check", "--claims", str(drafts), "--format", "json")
    verdicts = json.loads(out)
    assert code == 0
    assert [v["id"] for v in verdicts] == [c["id"] for c in tomllib.loads(toml)["claim"]]
    assert [v["quote"] for v in verdicts] == list(SENTENCES)
    assert [(v["verdict"], v["rating"]) for v in verdicts] == VERDICTS


def test_extract_without_statements_prints_no_claim(capsys):
    code, out, err = run(capsys, "extract", "-", stdin="The talks were postponed to Tuesday.")
    assert (code, out) == (0, "") and "no statement" in err
    _, out, _ = run(capsys, "extract", "-", "--format", "json", stdin="The talks were postponed to Tuesday.")
    assert json.loads(out) == []


# ---------------------------------------------------------------------------------------- check --text


def test_check_text_json_is_check_json_with_the_sentence_and_confidence(capsys, excerpt):
    code, out, _ = run(capsys, "check", "--text", str(excerpt), "--date", DATE, "--format", "json")
    verdicts = json.loads(out)
    assert code == 0
    assert [(v["verdict"], v["rating"]) for v in verdicts] == VERDICTS
    assert [v["sentence"] for v in verdicts] == list(SENTENCES) == [v["quote"] for v in verdicts]
    assert all(0 < v["confidence"] <= 1 and EXCERPT[v["start"] : v["end"]] == v["sentence"] for v in verdicts)
    assert all({"id", "answer", "summary", "robustness", "readings", "parts"} <= set(v) for v in verdicts)
    surplus = next(r for r in verdicts[1]["readings"] if r["role"] == "framing")
    assert (surplus["source"], surplus["value"]) == ("mof", 7_023_233_881_000)  # exports 15,113.5 − imports 8,090.3 bn


def test_check_text_from_standard_input_prints_the_verdicts(capsys):
    code, out, _ = run(capsys, "check", "--text", "-", "--date", DATE, stdin=EXCERPT)
    assert code == 0
    assert out.count("SUPPORTED · rated TRUE") == 3 and "CONTEXT" in out
    assert "(characters 229–324, drafted with confidence" in out  # the ¥7 trillion sentence, after 229 characters
    _, brief, _ = run(capsys, "check", "--text", "-", "--date", DATE, "--brief", stdin=EXCERPT)
    assert len(brief.splitlines()) == 4 and "76.6% was the automotive share" in brief


def test_check_text_one_claim_and_claimreview(capsys, excerpt):
    _, out, _ = run(capsys, "check", "--text", str(excerpt), "--date", DATE, "--format", "json")
    share = json.loads(out)[2]["id"]
    _, out, _ = run(capsys, "check", "--text", str(excerpt), "--date", DATE, "--claim", share, "--format", "json")
    assert [v["id"] for v in json.loads(out)] == [share]
    args = ("check", "--text", str(excerpt), "--date", DATE, "--article-url", URL, "--format", "claimreview")
    _, out, _ = run(capsys, *args)
    reviews = json.loads(out)
    assert [r["itemReviewed"]["appearance"]["url"] for r in reviews] == [URL] * 4
    assert [r["claimReviewed"] for r in reviews] == list(SENTENCES)


def test_check_text_one_drafted_claim_over_years(capsys):
    args = ("check", "--text", "-", "--date", DATE, "--claim", "s1-balance-2017", "--years", "2016-2017")
    code, out, _ = run(capsys, *args, "--format", "json", stdin=SENTENCES[1])
    own = [r for r in json.loads(out)["values"] if r["framing"]]
    assert code == 0
    # MOF, calendar years: ¥6.821 trillion in 2016 and ¥7.023 trillion in 2017, both within 5 % of ¥7 trillion
    assert [(r["year"], r["value"], r["holds"]) for r in own] == [
        (2016, 6_820_738_643_000, True),
        (2017, 7_023_233_881_000, True),
    ]


@pytest.mark.parametrize(
    ("args", "stdin", "message"),
    [
        (("check", "--text", "no-such-article.txt"), None, "no-such-article.txt: cannot read the article"),
        (("check", "--text", "-", "--claims", "x.toml"), "", "--text and --claims"),
        (("check", "--date", DATE), None, "use them with --text FILE"),
        (("check", "--text", "-", "--claim", "nope"), EXCERPT, "no statement drafted with id 'nope'"),
        (("extract", "-", "--date", "2018-13"), EXCERPT, "is not a date"),
        (("extract", "-", "--article-url", "javascript:alert(1)"), EXCERPT, "not a web address"),
        (("extract", "-"), b"Japan \xff exports", "standard input: not UTF-8 text (byte 6 cannot be read)"),
        (("extract", "-"), b"x" * (article.MAX_TEXT_BYTES + 1), "larger than 2,097,152 bytes (the limit)"),
    ],
)
def test_what_cannot_be_checked_is_refused_in_one_line(capsys, args, stdin, message):
    code, out, err = run(capsys, *args, stdin=stdin)
    assert (code, out) == (1, "")
    assert err.startswith("tradebalance: error: ") and message in err and len(err.splitlines()) == 1


# ------------------------------------------------------------------------------------ the annotated article


class _Page(HTMLParser):
    """The marks of an annotated article (their text), its in-page links, ids and JSON-LD."""

    def __init__(self) -> None:
        super().__init__()
        self.marks: list[str] = []
        self.ids: set[str] = set()
        self.links: list[str] = []
        self.scripts: list[str] = []
        self._in: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        self.ids.update([a["id"]] if a.get("id") else [])
        if tag == "a" and (a.get("href") or "").startswith("#"):
            self.links.append(str(a["href"])[1:])
        if tag == "mark":
            self.marks.append("")
        self._in.append(tag)

    def handle_endtag(self, tag: str) -> None:
        while self._in and self._in.pop() != tag:
            pass

    def handle_data(self, data: str) -> None:
        if "mark" in self._in:
            self.marks[-1] += data
        if self._in and self._in[-1] == "script":
            self.scripts.append(data)


def annotated(capsys: pytest.CaptureFixture[str], text: Path, folder: Path, *more: str) -> tuple[str, _Page]:
    code, _, err = run(capsys, "check", "--text", str(text), "--date", DATE, "--report", str(folder), *more)
    assert code == 0 and "annotated article written to" in err
    page = (folder / "index.html").read_text(encoding="utf-8")
    parsed = _Page()
    parsed.feed(page)
    return page, parsed


def test_the_annotated_article_marks_each_sentence_with_its_rating(capsys, excerpt, tmp_path):
    page, parsed = annotated(capsys, excerpt, tmp_path / "report", "--article-url", URL)
    words = ["[TRUE]", "[TRUE]", "[TRUE]", "[CONTEXT]"]
    assert [re.sub(r"\s+", " ", m).strip() for m in parsed.marks] == [
        f"{w} {s}" for w, s in zip(words, SENTENCES, strict=True)
    ]
    assert "[…]" in page  # the text between the statements is kept
    assert page.count("class=answer>") == 4 and "¥7.023 trillion was Japan&#x27;s 2017 surplus" in page
    assert "Trade Statistics of Japan, Ministry of Finance: d52ma001.csv" in page  # the sources beside it
    assert set(parsed.links) <= parsed.ids  # every mark links its note, every note its mark
    (block,) = parsed.scripts
    reviews = json.loads(block)
    assert [r["claimReviewed"] for r in reviews] == list(SENTENCES)
    assert [r["itemReviewed"]["appearance"]["url"] for r in reviews] == [URL] * 4
    assert [r["reviewRating"]["alternateName"] for r in reviews] == ["True", "True", "True", "Not rated (context)"]
    assert all(r["url"].removeprefix("index.html#") in parsed.ids for r in reviews)


def test_without_its_url_the_claimreviews_have_no_appearance(capsys, excerpt, tmp_path):
    _, parsed = annotated(capsys, excerpt, tmp_path / "report")
    assert all("appearance" not in r["itemReviewed"] for r in json.loads(parsed.scripts[0]))


def test_the_article_text_is_inert_in_the_annotated_article(capsys, tmp_path):
    hostile = tmp_path / "hostile.txt"
    hostile.write_text(
        "<script>alert(1)</script> & more.\n\nIn 2017, Japan’s trade surplus with the United States amounted to "
        "about ¥7 trillion </script><!-- said <b>officials</b>.\n",
        encoding="utf-8",
    )
    page, parsed = annotated(capsys, hostile, tmp_path / "report")
    assert page.count("<script") == 1 and page.count("</script>") == 1  # the JSON-LD's own
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; more." in page and "<b>" not in page
    (review,) = json.loads(parsed.scripts[0])
    assert "</script><!-- said <b>officials</b>" in review["claimReviewed"]  # escaped as \u003c, read back whole


# ------------------------------------------------------------------------- the functions behind the notebook


@pytest.fixture(scope="module")
def checked() -> list[article.Checked]:
    return article.check_article(EXCERPT, DATE)


def test_rows_are_the_table_of_statements(checked):
    rows = article.rows(checked)
    assert [r["n"] for r in rows] == [1, 2, 3, 4]
    assert [(r["verdict"], r["rating"]) for r in rows] == VERDICTS
    assert rows[2]["answer"].startswith("76.6% was the automotive share of Japan's 2017 balance with the U.S.")
    assert [c.label for c in checked] == ["true", "true", "true", "context"]


def test_the_html_table_shows_each_rating_in_its_colour_and_its_word(checked):
    table = article.table_html(checked)
    assert table.startswith('<table class="tb-verdicts"') and table.count("<tr>") == 5
    assert table.count("[TRUE]</span>") == 3 and table.count(f"background:{article.COLOURS['true']}") == 3
    assert "country’s massive trade deficit" in table
    assert article.table_html([]).startswith('<p class="tb-verdicts-empty">')


def test_the_html_table_escapes_the_text():
    draft = Draft("Exports <b>rose</b> & more.", 0, 27, {"id": "x"}, 0.5)
    table = article.table_html([article.Checked(draft, None, "could not be checked: <reason>")])
    assert "Exports &lt;b&gt;rose&lt;/b&gt; &amp; more." in table and "&lt;reason&gt;" in table
    assert "[NOT CHECKABLE]" in table


def test_choices_name_each_statement_by_number_and_rating(checked):
    options = article.choices(checked, width=40)
    assert [value for _, value in options] == [0, 1, 2, 3]
    assert options[2][0] == "3. [TRUE] Over 70 percent of the total…"  # 39 characters: no space before "…"
    assert options[0][0] == "1. [TRUE] The meeting came at a time wh…"


def test_the_readings_of_one_statement(checked):
    table = article.statement_readings(checked[1])
    framing = table[table["role"] == "framing"].iloc[0]
    assert (framing["source"], framing["value"], framing["shown"]) == ("mof", 7_023_233_881_000, "¥7.023 trillion")
    assert article.chart_of(checked[1]) is not None
    assert article.sources_of(checked[1])[0].startswith(
        "Source: Trade Statistics of Japan, Ministry of Finance: d52ma001.csv"
    )


def test_a_statement_the_data_cannot_answer_leaves_the_others(monkeypatch):
    real = tradebalance.claims.check_all

    def check_all(claims, vintage="embedded"):
        if any(c.metric == "sector_share" for c in claims):
            raise DataNotFoundError("no data for this reading")
        return real(claims, vintage)

    monkeypatch.setattr(tradebalance.claims, "check_all", check_all, raising=False)
    found = article.check_article(EXCERPT, DATE)
    assert [c.label for c in found] == ["true", "true", "not checkable", "context"]
    assert found[2].problem == "could not be checked: no data for this reading" == found[2].answer
    record = found[2].as_dict()
    assert (record["verdict"], record["rating"], record["sentence"]) == ("not checkable", None, SENTENCES[2])


def test_a_draft_the_claim_file_parser_refuses_is_listed_not_checkable(monkeypatch):
    good = article.draft_all(SENTENCES[1], DATE)[0]
    bad = Draft("Exports rose.", 0, 13, {"id": "bad", "quote": "Exports rose.", "metric": "no-such-metric"}, 0.3)
    monkeypatch.setattr(article, "draft_all", lambda *_: [bad, good])
    found = article.check_article("ignored", DATE)
    assert [c.label for c in found] == ["not checkable", "true"]
    assert found[0].problem.startswith("the statement could not be drafted as a claim: ")


def test_text_from_bytes_reads_utf8_with_a_byte_order_mark():
    assert article.text_from_bytes("\ufeffJapan\r\nexports".encode()) == "Japan\nexports"
    with pytest.raises(ClaimFileError, match=r"upload\.txt: not UTF-8 text \(byte 0 cannot be read\)"):
        article.text_from_bytes(b"\x92 exports", "upload.txt")


def test_the_annotated_article_is_bounded(tmp_path):
    draft = Draft("Exports rose.", 0, 13, {"id": "x"}, 0.5)
    many: list[Any] = [article.Checked(draft, None, "")] * 1001
    with pytest.raises(ClaimFileError, match="the report: 1,001 claims, more than the limit of 1,000"):
        report_article.write_annotated("Exports rose.", many, tmp_path)

"""Drafting claims from text (tradebalance.extract): figures, Japanese, HTML, periods, the Draft contract."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

import tradebalance as tb
from tradebalance import claims
from tradebalance.errors import ClaimFileError, ParseError
from tradebalance.extract import Draft, document, lexicon, numbers, to_toml, when
from tradebalance.extract import extract as extract_function

SEED_ARTICLE = Path(__file__).resolve().parents[2] / "shared" / "seeds" / "000_7b97811be6d9e4f3.txt"


def one(text: str, date: str | None = None) -> Draft:
    """The only draft of ``text``."""
    (draft,) = tb.extract(text, date)
    return draft


def figures(draft: Draft) -> list[dict]:
    """The draft's figures: the claim's own, then each part laid over it."""
    head = {k: draft.claim[k] for k in ("metric", "parameters", "test")}
    parts = [
        {"metric": p["metric"], "parameters": {**draft.claim["parameters"], **p["parameters"]}, "test": p["test"]}
        for p in draft.claim.get("parts", [])
    ]
    return [head, *parts]


# --------------------------------------------------------------------------- numbers, units and hedges


@pytest.mark.parametrize(
    ("text", "value", "currency"),
    [
        ("$68.8 billion", 68.8e9, "USD"),
        ("US$68.5 billion", 68.5e9, "USD"),
        ("¥7 trillion", 7e12, "JPY"),
        ("7 trillion yen", 7e12, "JPY"),
        ("$59-billion", 59e9, "USD"),
        ("5398億ドル", 539.8e9, "USD"),
        ("6兆8000億円", 6.8e12, "JPY"),
    ],
)
def test_amounts_of_money_in_english_and_japanese(text: str, value: float, currency: str) -> None:
    (fig,) = numbers.find_figures(text)
    assert (fig.kind, fig.value, fig.currency) == ("money", pytest.approx(value), currency)


def test_hedges_are_read_before_and_after_the_number() -> None:
    assert numbers.find_figures("as much as about ¥7 trillion")[0].hedge == "about"
    assert numbers.find_figures("7兆円超")[0].hedge == "over"
    assert numbers.find_figures("約3割")[0].hedge == "about"
    assert numbers.find_figures("nearly 40%")[0].said == "nearly 40%"


def test_a_stated_range_is_one_figure_with_both_ends() -> None:
    (fig,) = numbers.find_figures("anywhere from $69 to $100 billion a year")
    assert (fig.low, fig.high) == (69e9, 100e9)
    (ja,) = numbers.find_figures("年690億ドルから1000億ドル規模だ")
    assert (ja.low, ja.high) == (69e9, 100e9)


def test_a_us_deficit_in_dollars_is_negative_for_the_us() -> None:
    draft = one("The U.S. goods trade deficit with Japan was $68.8 billion in 2017.", "2018-04-19")
    assert draft.claim["metric"] == "balance"
    assert draft.claim["parameters"] == {"reporter": "USA", "partner": "JPN", "period": 2017, "currency": "USD"}
    assert draft.claim["test"] == {"kind": "approx", "value": -68.8e9, "said": "$68.8 billion"}


def test_a_range_is_a_between_test_signed_as_the_reporter_records_it() -> None:
    text = "The United States has a massive trade deficit with Japan. It's anywhere from $69 billion to a $100 billion a year."
    drafts = tb.extract(text, "2018-04-18")
    assert drafts[0].claim["test"] == {"kind": "vague", "word": "massive"}
    assert drafts[1].claim["test"] == {"kind": "between", "low": -100e9, "high": -69e9}
    assert drafts[1].claim["parameters"]["period"] == 2017  # present tense: the latest full year by the date


def test_changes_shares_ranks_and_records_become_parts_of_one_claim() -> None:
    text = (
        "The U.S. goods trade deficit with Japan expanded 2.7 percent to $68.98 billion in 2019, "
        "the third-largest among countries with which the United States generated a trade deficit."
    )
    found = {f["metric"]: f for f in figures(one(text, "2020-02-05"))}
    assert found["balance"]["test"]["value"] == -68.98e9
    assert found["change"]["parameters"]["flow"] == "deficit" and found["change"]["test"]["value"] == 0.027
    assert found["rank"]["test"] == {"kind": "rank", "value": 3} and found["rank"]["parameters"]["by"] == "balance"
    record = one("Japan's exports to the U.S. hit a record ¥21.65 trillion in fiscal 2024.", "2025-04-17")
    assert figures(record)[1]["test"] == {"kind": "record", "side": "highest"}


def test_a_fall_is_a_negative_change_and_narrowing_a_smaller_deficit() -> None:
    draft = one("In May, the U.S. deficit with Japan narrowed 13.5 percent to $4.4 billion.", "2019-07-03")
    change = next(f for f in figures(draft) if f["metric"] == "change")
    assert change["test"]["value"] == -0.135 and change["parameters"]["flow"] == "deficit"
    assert change["parameters"]["period"] == "2019-05" and change["parameters"]["compare"] == "previous"


def test_shares_vague_words_and_counts() -> None:
    share = one("Over 70 percent of Japan's 2017 surplus with the U.S. was from automotive trade.", "2018-09-25")
    assert share.claim["metric"] == "sector_share" and share.claim["parameters"]["sector"] == "automotive"
    assert share.claim["test"] == {"kind": "approx", "value": 0.7, "said": "Over 70 percent"}
    cars = one("Japan sold some 1.75 million cars in the U.S. in 1991.", "1992-01-10")
    assert cars.claim["metric"] == "quantity" and cars.claim["test"]["value"] == 1.75e6
    assert cars.claim["parameters"]["sector"] == "passenger-cars"
    assert {a["parameters"]["sector"] for a in cars.alternatives} >= {"vehicles"}  # "cars" read another way
    loose = one("Japan sends us millions and millions of cars.", "2018-04-18")
    assert loose.claim["test"] == {"kind": "vague", "word": "millions"}
    assert loose.claim["parameters"]["sector"] == "vehicles"  # a loose word: all vehicles
    third = one("The deficit with Japan accounts for about a quarter of the overall U.S. trade deficit.", "2000-03-01")
    assert figures(third)[0]["test"] == {"kind": "vague", "word": "about a quarter"}


def test_sector_synonyms_are_data_checked_against_the_vocabulary(tmp_path: Path) -> None:
    words = lexicon.sector_words()
    assert [w.sector for w in words["cars"]] == ["passenger-cars", "vehicles", "automotive"]
    assert words["lng"][0].sector == "lng" and words["自動車"][0].sector == "vehicles"
    assert all(w.sector in lexicon.sector_names() for readings in words.values() for w in readings)


def test_a_synonym_naming_an_unknown_sector_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "data" / "sectors").mkdir(parents=True)
    bad = tmp_path / "data" / "sectors" / "synonyms.csv"
    bad.write_text("word,language,sector,preference,note\ncars,en,sedans,1,\n", encoding="utf-8")
    vocabulary = lexicon.packaged("data", "sectors", "vocabulary.csv")
    (tmp_path / "data" / "sectors" / "vocabulary.csv").write_text(vocabulary.read_text(encoding="utf-8"))
    monkeypatch.setattr(lexicon, "packaged", lambda *parts: tmp_path.joinpath(*parts))
    lexicon.sector_words.cache_clear()
    lexicon.sector_names.cache_clear()
    try:
        with pytest.raises(ParseError, match="sedans"):
            lexicon.sector_words()
    finally:
        lexicon.sector_words.cache_clear()
        lexicon.sector_names.cache_clear()


# --------------------------------------------------------------------------- Japanese


def test_japanese_balances_changes_and_fiscal_years() -> None:
    draft = one("2024年度の対米貿易黒字は9兆130億円と前年度比1.3%減少した。", "2025-04-17")
    balance, change = figures(draft)
    assert balance["parameters"] == {"reporter": "JPN", "partner": "USA", "period": "FY2024", "currency": "JPY"}
    assert balance["test"] == {"kind": "approx", "value": 9.013e12, "said": "9兆130億円"}
    assert change["metric"] == "change" and change["test"]["value"] == -0.013


def test_japanese_shares_in_tenths_and_hedges() -> None:
    draft = one("自動車輸出は対米輸出全体の約3割を占める。", "2025-01-23")
    assert draft.claim["metric"] == "share_of_exports"
    assert draft.claim["test"] == {"kind": "approx", "value": 0.3, "said": "約3割", "hedge": "about"}
    over = one("対米貿易黒字は7兆円超だった。", "2018-01-23")
    assert over.claim["test"]["hedge"] == "over" and over.claim["parameters"]["period"] == 2017


def test_japanese_dollar_figures_and_months() -> None:
    draft = one("5月の対米輸出は前年同月比11.1%減の1兆5000億円となった。", "2025-06-18")
    assert draft.claim["parameters"]["period"] == "2025-05"
    us = one("米国の対日貿易赤字は2024年に694億ドルだった。", "2025-03")
    assert us.claim["parameters"]["reporter"] == "USA" and us.claim["test"]["value"] == -69.4e9


# --------------------------------------------------------------------------- plain text, Markdown, HTML


def test_sentences_respect_abbreviations_and_japanese_stops() -> None:
    text = "Exports to the U.S. rose. Rep. Carroll A. Campbell Jr. spoke. 対米黒字は増えた。輸出も増えた。"
    assert [s.text for s in document.sentences(text)] == [
        "Exports to the U.S. rose.",
        "Rep. Carroll A. Campbell Jr. spoke.",
        "対米黒字は増えた。",
        "輸出も増えた。",
    ]


def test_a_saved_html_page_keeps_spans_into_the_page() -> None:
    page = (
        "<html><head><title>x</title><script>var s = 'Japan exported $1 billion in 2017.';</script></head>"
        "<body><p>Japan&rsquo;s surplus with the U.S. was &yen;7 trillion in 2017.</p><p>Nothing here.</p></body></html>"
    )
    draft = one(page, "2018-09-25")
    assert draft.sentence == "Japan’s surplus with the U.S. was ¥7 trillion in 2017."
    assert page[draft.start : draft.end] == "Japan&rsquo;s surplus with the U.S. was &yen;7 trillion in 2017."
    assert draft.claim["test"]["value"] == 7e12


def test_markdown_loses_its_markup_but_keeps_spans() -> None:
    text = "# Trade\n\nJapan **exported** [21.6 trillion yen](https://example.org) to the U.S. in fiscal 2024.\n"
    draft = one(text, "2025-05-01")
    assert draft.sentence == "Japan exported 21.6 trillion yen to the U.S. in fiscal 2024."
    assert text[draft.start : draft.end].startswith("Japan **exported**")
    assert draft.claim["parameters"]["period"] == "FY2024" and draft.claim["parameters"]["flow"] == "exports"


def test_plain_text_spans_are_the_input_as_given() -> None:
    text = "Intro.  Japan's trade surplus with the U.S. was ¥8.6 trillion last year. The end."
    draft = one(text, "2025-01-23")
    assert text[draft.start : draft.end] == "Japan's trade surplus with the U.S. was ¥8.6 trillion last year."


# --------------------------------------------------------------------------- periods: words, context, date


def test_relative_periods_are_read_from_the_date() -> None:
    assert (
        one("Japan's surplus with the U.S. was ¥8.6 trillion last year.", "2025-01-23").claim["parameters"]["period"]
        == 2024
    )
    may = one("Exports to the U.S. fell 11% in May.", "2025-06-19")
    assert may.claim["parameters"]["period"] == "2025-05"
    fy = one("Japan exported 21.6 trillion yen to the U.S. in fiscal 2024.", "2025-05")
    assert fy.claim["parameters"]["period"] == "FY2024"
    assert [w.label for w in when.mentions("the first half of this year", "2017-07-21")] == ["2017H1"]


def test_a_present_statement_reads_the_latest_full_year_published_by_the_date() -> None:
    assert one("We have a $100 billion deficit with Japan.", "2016-03-08").claim["parameters"]["period"] == 2015
    # Census publishes a year in early February: on February 1 the latest full year is the one before.
    assert one("We have a $100 billion deficit with Japan.", "2016-02-01").claim["parameters"]["period"] == 2014
    assert when.latest("JPN", "2018-01-25") == "2017" and when.latest("JPN", "2018-01-10") == "2016"


def test_a_period_left_to_an_earlier_sentence_is_taken_from_it() -> None:
    text = "In 2016, trade frictions rose. The surplus with the U.S. was ¥6.8 trillion. Over 70 percent of the total was from autos."
    surplus, share = tb.extract(text, "2017-06-01")
    assert surplus.claim["parameters"]["period"] == 2016 and surplus.claim["parameters"]["reporter"] == "JPN"
    assert share.claim["metric"] == "sector_share" and share.claim["parameters"]["period"] == 2016
    assert share.claim["parameters"]["reporter"] == "JPN"  # "the total" is the yen surplus before


def test_without_a_date_relative_periods_are_left_open() -> None:
    # With no period in the words and no date to read "last year" by, the draft says it cannot be checked.
    draft = one("Japan's surplus with the U.S. was ¥8.6 trillion last year.")
    assert not draft.checkable and draft.reason == tb.extract.NO_PERIOD and "attribution" not in draft.claim
    assert one("Japan's surplus with the U.S. was ¥8.6 trillion last year.", "2019-01-20").claim["parameters"][
        "period"
    ] in (2018, "2018")
    with pytest.raises(ClaimFileError, match="not a date"):
        tb.extract("anything", "25/01/2024")


# --------------------------------------------------------------------------- what is not checkable, or no claim


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("Trump said that Japan imposes a 700% tariff on rice.", "tariff"),
        ("Toyota sells 1 million foreign-made automobiles in the U.S., while GM sells very little.", "company"),
        ("Japan's surplus with the United States is expected to reach $70 billion next year.", "forecast"),
        ("Japanese companies account for nearly 40 percent of auto sales in the United States.", "market share"),
    ],
)
def test_a_trade_figure_statistics_cannot_check_is_a_not_checkable_draft(text: str, reason: str) -> None:
    draft = one(text, "2025-04-02")
    assert not draft.checkable and draft.claim["metric"] == "not_checkable"
    assert reason in draft.reason and draft.claim["notes"] == draft.reason
    assert draft.to_claim().metric == "not_checkable"


def test_a_planned_tariff_on_japanese_goods_is_the_trade_it_would_touch() -> None:
    text = "The government fears additional U.S. tariffs of up to 25 percent on Japanese automobiles and auto parts."
    draft = one(text, "2018-09-25")
    assert draft.claim["metric"] == "tariff_exposure" and draft.claim["test"] == {"kind": "context"}
    assert draft.claim["parameters"] == {
        "reporter": "USA",
        "partner": "JPN",
        "rate": 0.25,
        "sector": "auto-tariff",
        "period": 2017,
    }


@pytest.mark.parametrize(
    "text",
    [
        "The prime minister met the president in Washington on Tuesday.",
        "The company invested $5 billion in a new plant in Ohio.",
        "The Nikkei share average rose 1.2% on the news.",
        "The yen traded around 144 to the dollar.",
        "Japan's economy grew 0.3% in the first quarter.",
        "They met at 10 a.m. in room 2017.",
    ],
)
def test_a_sentence_without_a_checkable_figure_gives_no_draft(text: str) -> None:
    assert tb.extract(text, "2025-07-17") == []


# --------------------------------------------------------------------------- the Draft contract


def test_draft_contract_fields_and_json() -> None:
    draft = one(
        "In 2017, Japan's trade surplus with the United States amounted to as much as about ¥7 trillion.", "2018-09-25"
    )
    assert [f.name for f in dataclasses.fields(Draft)] == [
        "sentence", "start", "end", "claim", "confidence", "alternatives", "checkable", "reason",
    ]  # fmt: skip
    with pytest.raises(dataclasses.FrozenInstanceError):
        draft.__setattr__("confidence", 1.0)
    assert set(draft.claim) == {"id", "quote", "attribution", "metric", "parameters", "test"}
    assert draft.claim["attribution"] == {"date": "2018-09-25"} and 0 < draft.confidence <= 1
    assert draft.checkable and draft.reason == ""
    assert json.loads(json.dumps(draft.as_dict())) == draft.as_dict()
    alt = draft.alternatives[0]
    assert (
        alt["parameters"]["period"] == "FY2017" and alt["test"] == draft.claim["test"]
    )  # fiscal year: another reading


def test_to_claim_goes_through_the_claim_file_parser() -> None:
    claim = one("The U.S. goods trade deficit with Japan was $69 billion in 2017.", "2018-04-19").to_claim()
    assert isinstance(claim, claims.Claim) and claim.test.said == "$69 billion"
    assert (claim.test.low, claim.test.high) == (-69.5e9, -68.5e9)  # the interval the words claim
    broken = Draft("x", 0, 1, {"id": "x", "quote": "x", "metric": "balance", "test": {"kind": "approx"}}, 0.5)
    with pytest.raises(ClaimFileError, match="test.value"):
        broken.to_claim()


def test_to_toml_is_a_claim_file_check_reads_unchanged(tmp_path: Path) -> None:
    text = (
        "Japan ran a trade surplus of ¥3.38 trillion with the U.S. as exports rose 10.6 percent to ¥7.42 trillion. "
        "Trump threatened a 700% tariff on rice. Toyota sells 1 million foreign-made automobiles in the U.S."
    )
    drafts = tb.extract(text, "2017-10-19")
    path = tmp_path / "drafts.toml"
    path.write_text(to_toml(drafts), encoding="utf-8")
    loaded = claims.load_claims(path)
    assert [c.id for c in loaded] == [d.claim["id"] for d in drafts]
    assert [c.metric for c in loaded] == ["balance", "not_checkable", "not_checkable"]
    assert len(loaded[0].parts) == 2 and loaded[0].parameters["period"] == "FY2017H1"
    written = path.read_text(encoding="utf-8")
    assert "# sentence (characters 0–" in written and "# confidence: " in written and "# alternative 1: " in written


def test_tb_extract_is_callable_and_the_function_is_in_the_package() -> None:
    text = "In 2017, it was a $68.8 billion deficit with Japan."
    assert tb.extract(text, "2018-04-19") == extract_function(text, "2018-04-19")
    assert callable(tb.extract) and "extract" in tb.__all__


def test_the_seed_article_gives_its_four_claims() -> None:
    if not SEED_ARTICLE.is_file():
        pytest.skip("the seed article (../shared/seeds) is not on this machine")
    drafts = tb.extract(SEED_ARTICLE.read_text(encoding="utf-8"), "2018-09-25")
    seeds = {c.id: c for c in claims.load_claims(claims.seed_claims_path())}
    assert [d.claim["metric"] for d in drafts] == ["balance", "balance", "sector_share", "tariff_exposure"]
    massive, surplus, share, tariff = drafts
    assert massive.sentence.endswith(seeds["us-deficit-2017"].quote.lstrip("…"))
    assert massive.claim["parameters"] | {"currency": "USD"} == {
        "reporter": "USA",
        "partner": "JPN",
        "period": 2017,
        "currency": "USD",
    }
    assert surplus.sentence == seeds["surplus-2017"].quote
    assert surplus.claim["parameters"] == {"reporter": "JPN", "partner": "USA", "period": 2017, "currency": "JPY"}
    assert share.claim["parameters"] == {"reporter": "JPN", "partner": "USA", "period": 2017, "sector": "automotive"}
    assert share.claim["test"]["value"] == seeds["auto-share-2017"].test.value
    assert tariff.claim["parameters"]["rate"] == seeds["auto-tariff-exposure-2017"].parameters["rate"]

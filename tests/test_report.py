"""The report: written, self-contained, every claim with its readings, charts linked and embedded."""

from __future__ import annotations

import re

import pytest

import tradebalance as tb
from tradebalance import claims, report


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    folder = tmp_path_factory.mktemp("report")
    verdicts = [tb.check(c) for c in tb.load_claims(claims.seed_claims_path())]
    return folder, report.write(verdicts, folder), verdicts


def test_report_links_every_chart_it_writes(written):
    folder, index, verdicts = written
    md = (folder / "index.md").read_text(encoding="utf-8")
    linked = set(re.findall(r"\]\(([^)]+\.png)\)", md))
    assert linked == {p.name for p in folder.glob("*.png")}
    assert {f"readings-{v.claim.id}.png" for v in verdicts} <= linked
    for name in linked:
        assert (folder / name).read_bytes().startswith(b"\x89PNG")


def test_report_has_every_claim_its_verdict_readings_and_sources(written):
    folder, index, verdicts = written
    md = (folder / "index.md").read_text(encoding="utf-8")
    for v in verdicts:
        assert f"## {v.claim.id}" in md and f"**Verdict: {v.verdict}" in md
    assert "**Verdict: supported, rated true.**" in md
    assert "| mof | mof-narrow | net | calendar | JPY | 76.6% | yes | claim's framing |" in md
    assert (
        "| census | census-enduse-3 | net | calendar | USD | 77.3% | yes | mirror: other country's statistics (context) |"
        in md
    )
    assert "| mof | mof-broad | net | calendar | JPY | 79.9% | yes | bound, not counted |" in md
    assert "d52ma001.csv (https://www.customs.go.jp/toukei/suii/html/data/d52ma001.csv)" in md
    assert "country.xlsx (https://www.census.gov/foreign-trade/balance/country.xlsx)" in md


def test_html_embeds_the_claimreview_json_ld(written):
    import json

    _, index, verdicts = written
    page = index.read_text(encoding="utf-8")
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, flags=re.S)
    assert len(blocks) == 1
    reviews = json.loads(blocks[0])
    assert [r["claimReviewed"] for r in reviews] == [v.claim.quote for v in verdicts]
    assert all(
        r["url"] == f"index.html#{r['url'].split('#')[1]}" and f'id="{r["url"].split("#")[1]}"' in page for r in reviews
    )


def test_html_is_self_contained(written):
    _, index, verdicts = written
    page = index.read_text(encoding="utf-8")
    assert page.count('src="data:image/png;base64,') == len(list(index.parent.glob("*.png")))
    assert not re.search(r'src="(?!data:)', page)
    assert all(f'id="{v.claim.id}"' in page for v in verdicts)


def test_skipped_combinations_say_why():
    verdict = tb.check(next(c for c in tb.load_claims(claims.seed_claims_path()) if c.id == "auto-share-2017"))
    reasons = {r.skipped for r in verdict.readings if r.value is None}
    assert "fiscal years need monthly data; this data is annual" in reasons
    assert "annual data converted at one rate give the same share as in the original currency" in reasons
    rank = tb.check(next(c for c in tb.load_claims(claims.seed_claims_path()) if c.id == "us-deficit-rank-2017"))
    assert any("no partners to rank against" in r.skipped for r in rank.readings)

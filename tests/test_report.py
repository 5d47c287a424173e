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
    # U.S. statistics are not read in Japan's April–March year unless a claim names it: no such reading at all.
    assert not any(
        r.parameters.get("calendar") == "fiscal" for r in verdict.readings if r.parameters["source"] == "census"
    )
    assert "annual data converted at one rate give the same share as in the original currency" in reasons
    rank = tb.check(next(c for c in tb.load_claims(claims.seed_claims_path()) if c.id == "us-deficit-rank-2017"))
    assert any("no partners to rank against" in r.skipped for r in rank.readings)


# ------------------------------------------------------------------------------------ claim files from anyone

HOSTILE = """
[[claim]]
id = "{id}"
quote = "{quote}"
metric = "balance"
parameters = {{ reporter = "JPN", partner = "USA", period = 2017, currency = "JPY" }}
test = {{ kind = "approx", value = {value}, tolerance = 0.05 }}

[[claim]]
id = "markup"
quote = "<img src=x onerror=alert(1)> [click](javascript:alert(1)) <javascript:alert(2)> | cell"
attribution = {{ publication = "<b>Pub</b> [a](data:text/html,hi)", date = "2018", url = "javascript:alert(3)" }}
metric = "not_checkable"
notes = "<script>alert(4)</script> `<i>code</i>` \\\\[x](javascript:alert(5))"
"""
BLANKING = "Japan's surplus: <!--<script> about ¥7 trillion </script> & more"


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile")
    text = HOSTILE.format(id="x/1", quote=BLANKING, value=7e12).replace('id = "markup"', 'id = "markup-1"')
    text += HOSTILE.format(id="x-1", quote="Seven trillion.", value=1e12)
    (folder / "claims.toml").write_text(text, encoding="utf-8")
    verdicts = [tb.check(c) for c in tb.load_claims(folder / "claims.toml")]
    index = report.write(verdicts, folder / "report")
    return index.parent, verdicts


def test_ids_that_differ_only_in_punctuation_get_their_own_charts_and_anchors(hostile):
    import base64

    from tradebalance.claims.anchors import anchor

    folder, verdicts = hostile
    one, other = anchor("x/1"), anchor("x-1")
    assert one.startswith("x-1_") and other == "x-1"
    png = {name: (folder / f"readings-{name}.png").read_bytes() for name in (one, other)}
    assert png[one] != png[other]  # ¥7 trillion holds in one chart, ¥1 trillion fails in the other
    md = (folder / "index.md").read_text(encoding="utf-8")
    page = (folder / "index.html").read_text(encoding="utf-8")
    for name, claim_id in ((one, "x/1"), (other, "x-1")):
        section = md.split(f'<a id="{name}"></a>\n\n## {claim_id}\n')[1].split("<a id=")[0]
        assert f"](readings-{name}.png)" in section and section.count(".png)") == 1
        assert f"](#{name})" in md
        html_section = page.split(f'<h2 id="{name}">{claim_id}</h2>')[1].split("<h2")[0]
        assert base64.b64encode(png[name]).decode() in html_section
        assert f'<a href="#{name}">{claim_id}</a>' in page


def test_a_quote_that_opens_a_comment_and_a_script_cannot_blank_the_page(hostile):
    import json

    folder, verdicts = hostile
    page = (folder / "index.html").read_text(encoding="utf-8")
    (block,) = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, flags=re.S)
    assert not set("<>&") & set(block)
    assert "\\u003c!--\\u003cscript\\u003e" in block and "\\u003c/script\\u003e \\u0026 more" in block
    reviews = json.loads(block)
    assert reviews[0]["claimReviewed"] == BLANKING
    assert [r["url"].split("#")[1] for r in reviews] == re.findall(r'<h2 id="([^"]+)">', page)
    assert page.count("</script>") == 1 and page.endswith("</html>\n")


def test_the_markdown_keeps_no_raw_html_or_links_from_the_claim_file(hostile):
    markdown_it = pytest.importorskip("markdown_it")
    folder, _ = hostile
    md = (folder / "index.md").read_text(encoding="utf-8")
    tokens = markdown_it.MarkdownIt("commonmark").enable("table").parse(md)
    inline = [t for block in tokens for t in [block, *(block.children or [])]]
    html_tokens = [t.content.strip() for t in inline if t.type in ("html_block", "html_inline")]
    assert html_tokens and all(re.fullmatch(r'<a id="[a-z0-9_-]+">|</a>', h) for h in html_tokens)  # anchors only
    links = [t.attrs["href"] for t in inline if t.type == "link_open"]
    assert links and all(str(href).startswith("#") for href in links)
    assert all(str(t.attrs["src"]).endswith(".png") for t in inline if t.type == "image")
    section = md.split("## markup-1\n")[1]
    assert (
        "> &lt;img src=x onerror=alert(1)&gt; \\[click\\](javascript:alert(1)) &lt;javascript:alert(2)&gt; \\| cell"
        in section
    )
    assert "> — &lt;b&gt;Pub&lt;/b&gt; \\[a\\](data:text/html,hi), 2018" in section
    assert (
        "&lt;script&gt;alert(4)&lt;/script&gt; \\`&lt;i&gt;code&lt;/i&gt;\\` \\\\\\[x\\](javascript:alert(5))"
        in section
    )


def test_a_report_of_more_claims_than_the_limit_is_refused(hostile, tmp_path, monkeypatch):
    from tradebalance.claims import limits
    from tradebalance.errors import ClaimFileError

    _, verdicts = hostile
    monkeypatch.setattr(limits, "MAX_CLAIMS_PER_REPORT", 3)
    with pytest.raises(ClaimFileError, match=r"^the report: 4 claims, more than the limit of 3$"):
        report.write(verdicts, tmp_path / "report")
    assert not (tmp_path / "report").exists()


def test_the_report_lets_each_chart_go_before_it_draws_the_next(hostile, tmp_path, monkeypatch):
    from tradebalance import plots

    _, verdicts = hostile
    drawn, alive = [], []
    readings = plots.readings

    def watched(verdict, **kw):
        alive.append(sum(1 for fig in drawn if fig.axes))  # figures drawn before and still holding their charts
        drawn.append(readings(verdict, **kw))
        return drawn[-1]

    monkeypatch.setattr(plots, "readings", watched)
    report.write([verdicts[0], verdicts[2], verdicts[0]], tmp_path / "report")
    assert alive == [0, 0, 0] and not any(fig.axes for fig in drawn)

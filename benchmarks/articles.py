"""The article benchmarks: an article of 20 real statements checked, a 5,000-word one extracted; accuracy.

The accuracy section gives how well extraction reads the project's real statements (not a speed). The articles are built from the quotes of ``seeds/real-world.toml``: statements published in 2024–2025, each
giving one checkable draft, dated as one article of mid-2025; the long one repeats them between paragraphs
with no figure in them.
"""

from __future__ import annotations

import itertools
import shutil
import tempfile
import time
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from timing import CONSOLE, FLOOR, command, floor_job, measure, timed

ROOT = Path(__file__).resolve().parents[1]
#: The article's date: it reads the statements that name no period (the latest full period by then).
DATE = "2025-06-30"
#: The real statements of the article (claim ids of ``seeds/real-world.toml``), one paragraph each, in order.
STATEMENTS = (
    "ap-2025-deficit-68bn",
    "reuters-2025-japan-surplus-2024-68.5bn",
    "fxstreet-2025-deficit-around-65bn",
    "reuters-2025-autos-over-a-quarter-of-exports",
    "bloomberg-2025-surplus-2024-8.6tn",
    "bloomberg-2025-autos-82pct-of-surplus",
    "supplychain-2025-rice-2024",
    "nikkeiasia-2025-fy2024-exports-21.6tn",
    "trump-2025-china-surplus-1tn",
    "cnn-2025-china-goods-deficit-2024-295bn",
    "cnn-2025-china-goods-deficit-2018-418bn",
    "bloomberg-2025-exports-may-plunged",
    "thestreet-2025-japan-share-of-auto-imports-2024",
    "opportimes-2025-vehicle-imports-2024-55.8bn",
    "usobserve-2025-exports-1.37m",
    "nikkeiasia-2025-us-cars-imported-fy2024-13000",
    "jiji-2025-lng-imports-2024-542.6bn",
    "bloomberg-2025-japan-deficit-china-2024-6.4tn",
    "jiji-2025-us-share-of-lng-imports-2024",
    "bloomberg-2025-surplus-may-451.7bn",
)
#: A paragraph with no figure in it, between the statements of the long article.
PROSE = (
    "The two governments met again on Tuesday to continue their talks on trade and investment. Officials from "
    "both sides described the discussions as frank and constructive, and said that much work remained. "
    "Negotiators said they would meet again after consulting their ministries and the industries concerned. "
    "Business groups in Tokyo and Washington welcomed the talks but asked for clearer rules on how goods are "
    "treated at the border. Analysts said the outcome would depend on details still to be settled, and the "
    "ministers declined to comment on the proposals."
)
WORDS = 5000
CHECK_TEXT = "tradebalance check --text ARTICLE (20 statements), verdicts not cached"
CHECK_TEXT_CACHED = "tradebalance check --text ARTICLE, verdicts cached"
CHECK_TEXT_UNKEPT = "tradebalance check --text ARTICLE, neither verdicts nor derived tables kept (Arrow copies warm)"
EXTRACT = f"tradebalance.extract.extract, a {WORDS:,}-word article (in this process)"


def quotes() -> list[str]:
    """The quotes of ``STATEMENTS``, in order (a claim id no longer in the seeds fails loudly)."""
    with (ROOT / "seeds" / "real-world.toml").open("rb") as f:
        claims = {c["id"]: c["quote"] for c in tomllib.load(f)["claim"]}
    missing = [i for i in STATEMENTS if i not in claims]
    if missing:
        raise KeyError(f"seeds/real-world.toml: no claim {', '.join(missing)} (benchmarks/articles.py STATEMENTS)")
    return [claims[i] for i in STATEMENTS]


def article() -> str:
    """The article of 20 statements: each quote a paragraph."""
    return "\n\n".join(quotes()) + "\n"


def long_article(words: int = WORDS) -> str:
    """``words`` words: the quotes in turn, each followed by ``PROSE``, the last paragraph cut to fit."""
    paragraphs: list[str] = []
    left = words
    sequence = itertools.cycle([p for q in quotes() for p in (q, PROSE)])
    while left:
        taken = next(sequence).split()[:left]
        paragraphs.append(" ".join(taken))
        left -= len(taken)
    return "\n\n".join(paragraphs) + "\n"


def _verdicts_cold(
    cache: Path, job: Callable[[], dict[str, float]], folders: tuple[str, ...] = ("verdicts",)
) -> Callable[[], dict[str, float]]:
    """``job`` after removing the cached verdicts (or other ``folders`` of the cache); only ``job`` is timed."""

    def run() -> dict[str, float]:
        for folder in folders:
            shutil.rmtree(cache / folder, ignore_errors=True)
        t0 = time.perf_counter()
        own = job()
        return {**own, "s": time.perf_counter() - t0}

    return run


def bench_article(ctx: dict[str, Any]) -> list[dict[str, Any]]:
    """``check --text`` on the 20 statements (verdicts not cached, then cached) and ``extract`` on 5,000 words."""
    from tradebalance.extract import extract

    text, long = article(), long_article()
    statements = sum(d.checkable for d in extract(text, DATE))
    drafts = len(extract(long, DATE))
    with tempfile.TemporaryDirectory(prefix="tb-article-") as folder:
        path = Path(folder) / "article.txt"
        path.write_text(text, encoding="utf-8")
        argv = (CONSOLE, "check", "--text", path, "--date", DATE)
        jobs = {
            FLOOR: floor_job(),
            CHECK_TEXT: _verdicts_cold(ctx["cache"], command(*argv)),
            CHECK_TEXT_CACHED: command(*argv),
            CHECK_TEXT_UNKEPT: _verdicts_cold(ctx["cache"], command(*argv), ("verdicts", "derived")),
            EXTRACT: timed(extract, long, DATE),
        }
        res = measure(jobs, ctx["repeat"], warmup=1)  # the warm-up fills the Arrow cache (and loads the lexicons)
    base = res[FLOOR]["s"]
    about = {CHECK_TEXT: f"{statements} statements", EXTRACT: f"{drafts} drafts"}
    return [
        {
            "job": name,
            "s": r["s"],
            "min_s": min(x["s"] for x in r["runs"]),
            "x_floor": r["s"] / base,
            "rss_mb": r.get("rss_mb"),
            "what": about.get(name, ""),
            "runs_s": [x["s"] for x in r["runs"]],
        }
        for name, r in res.items()
    ]


def bench_accuracy(ctx: dict[str, Any]) -> list[dict[str, Any]]:
    """``python -m tradebalance.extract.accuracy``'s numbers: the drafts of the real statements against their claims."""
    from tradebalance.extract import accuracy

    report = accuracy.accuracy_report(rate_every=1)  # as the module's command line: every rating that can be compared
    claims, rated = len(report.results), report.rated
    equal = sum(r.ratings is not None and r.ratings[0] == r.ratings[1] for r in rated)

    def row(measure: str, count: int, of: int) -> dict[str, Any]:
        return {"measure": measure, "count": count, "of": of, "percent": 100 * count / of if of else 0.0}

    return [
        row("top-1 draft equals the hand-written claim", sum(r.top for r in report.results), claims),
        row("among the alternatives", sum(r.among for r in report.results), claims),
        row("ratings equal (the claims whose top-1 agrees, rated)", equal, len(rated)),
        row("not-yet-written statements that give a draft", report.unwritten_drafted, report.unwritten),
    ]

"""Extraction is pure Python and fast: it imports neither pandas nor matplotlib, and reads 5,000 words quickly."""

from __future__ import annotations

import subprocess
import sys
import textwrap

#: A paragraph of a trade report, repeated into an article of 5,000 words.
PARAGRAPH = (
    "Japan's exports to the United States fell for a third straight month in June as U.S. tariffs on cars took "
    "effect, government data showed on Thursday. Exports to the U.S. dropped 11.4% in June from a year earlier, "
    "the Ministry of Finance said. Car shipments to the U.S. slumped 26.7%. Japan's trade surplus with the "
    "United States shrank 22.9% to ¥669 billion ($4.6 billion). The meeting came at a time when trade issues are "
    "becoming a source of friction between Tokyo and Washington, and officials said talks would continue next "
    "week in New York with the aim of reaching a broader agreement before the end of the year.\n\n"
)


def _run(code: str) -> str:
    done = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True, check=True)
    return done.stdout.strip()


def test_extraction_imports_neither_pandas_nor_matplotlib() -> None:
    out = _run(
        """
        import sys
        import tradebalance as tb
        drafts = tb.extract("Japan's surplus with the U.S. was ¥8.6 trillion last year.", "2025-01-23")
        drafts[0].as_dict()
        print(len(drafts), "pandas" in sys.modules, "matplotlib" in sys.modules, "numpy" in sys.modules)
        """
    )
    assert out == "1 False False False"


def test_five_thousand_words_take_under_half_the_time_of_importing_pandas_and_matplotlib() -> None:
    # Processor time, not wall time: the machine running the tests may be busy with other work.
    words = len(PARAGRAPH.split())
    article = PARAGRAPH * (5000 // words + 1)
    extract = _run(
        f"""
        import time
        import tradebalance as tb
        text = {article!r}
        tb.extract("Japan exported ¥1 trillion to the U.S. in 2020.", "2021-03-01")  # tables read once
        best = min(
            (lambda t0: (tb.extract(text, "2025-07-17"), time.process_time() - t0)[1])(time.process_time())
            for _ in range(3)
        )
        print(best)
        """
    )
    imports = min(
        float(_run("import time; t0 = time.process_time(); import pandas, matplotlib; print(time.process_time() - t0)"))
        for _ in range(2)
    )
    assert len(article.split()) >= 5000
    assert float(extract) <= 0.5 * imports, (
        f"extract {float(extract):.3f} s, import pandas and matplotlib {imports:.3f} s"
    )

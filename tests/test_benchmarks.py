"""Smoke test of the benchmark suite (benchmarks/run.py): it runs, and its JSON has the agreed shape."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest

from tradebalance.extract import accuracy, extract

RUN = Path(__file__).resolve().parents[1] / "benchmarks" / "run.py"


@pytest.fixture(scope="module")
def bench():
    sys.path.insert(0, str(RUN.parent))  # run.py imports its siblings, as `python benchmarks/run.py` finds them
    try:
        spec = importlib.util.spec_from_file_location("tradebalance_benchmarks", RUN)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
    finally:
        sys.path.remove(str(RUN.parent))
    return module


def test_quick_run_writes_the_expected_json(bench, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # A tiny subset (the small fx dataset; load and parse only) keeps this to a few seconds, offline.
    out = tmp_path / "bench.json"
    assert bench.main(["--quick", "--repeat", "1", "--only", "load,parse", "--datasets", "fx", "--out", str(out)]) == 0
    result = json.loads(out.read_text(encoding="utf-8"))

    assert set(result) == {"meta", "sections", "targets"}
    assert {"repeat", "quick", "python", "pandas"} <= set(result["meta"])
    assert result["meta"]["repeat"] == 1 and result["meta"]["quick"] is True
    assert set(result["sections"]) == set(bench.SECTIONS)
    for name in ("main", "article", "accuracy", "build", "notebooks"):
        assert result["sections"][name]["rows"] == [] and result["sections"][name]["skipped"]

    (load,) = result["sections"]["load"]["rows"]
    assert load["dataset"] == "fx" and load["rows"] > 0
    assert all(load[k] > 0 for k in ("cold_ms", "first_ever_ms", "warm_ms"))

    parse = result["sections"]["parse"]
    if parse["skipped"] is None:  # the official originals are beside the checkout
        assert parse["rows"] and all(r["rows_per_s"] > 0 and r["x_reference"] > 0 for r in parse["rows"])
    else:
        assert "originals" in parse["skipped"]

    assert [t["target"] for t in result["targets"]] == [t[0] for t in bench.TARGETS]
    status = {t["target"]: t["status"] for t in result["targets"]}
    assert status["check"] == status["article"] == status["extract"] == status["build"] == status["notebooks"] == "SKIP"
    assert status["warm_load"] in ("PASS", "MISS") and status["cold_load"] in ("PASS", "MISS")

    printed = capsys.readouterr().out
    assert "== load" in printed and "== targets" in printed


def test_measure_interleaves_and_takes_medians(bench) -> None:
    order: list[str] = []
    seconds = iter([1.0, 3.0, 2.0])
    res = bench.measure(
        {"a": lambda: order.append("a"), "b": lambda: (order.append("b"), {"own": next(seconds)})[1]},
        repeat=3,
        warmup=0,
    )
    assert order == ["a", "b"] * 3
    assert res["b"]["own"] == 2.0 and len(res["b"]["runs"]) == 3 and res["a"]["s"] >= 0


def test_unknown_section_is_refused(bench) -> None:
    with pytest.raises(SystemExit):
        bench.main(["--only", "nope"])


def test_the_article_has_20_real_statements_and_the_long_one_5000_words(bench) -> None:
    text = bench.articles.article()
    assert text.count("\n\n") == 19
    assert sum(d.checkable for d in extract(text, bench.articles.DATE)) == 20

    long = bench.articles.long_article(300)
    assert len(long.split()) == 300
    assert bench.articles.quotes()[0] in long and bench.articles.PROSE in long


def test_targets_are_ratios_to_their_floors(bench) -> None:
    def section(rows):
        return {"rows": rows, "skipped": None, "took_s": 0.0}

    article = [{"job": bench.articles.CHECK_TEXT, "x_floor": 2.5}, {"job": bench.articles.EXTRACT, "x_floor": 0.1}]
    build = [{"step": "build", "s": 3.0}, {"step": "its floor", "s": 2.0}]
    sections = {name: section([]) for name in bench.SECTIONS} | {"article": section(article), "build": section(build)}
    found = {t["target"]: t for t in bench.targets(sections)}
    assert (found["article"]["measured"], found["article"]["limit"], found["article"]["status"]) == (2.5, 2.0, "MISS")
    assert (found["extract"]["measured"], found["extract"]["status"]) == (0.1, "PASS")
    assert (found["build"]["measured"], found["build"]["limit"], found["build"]["unit"]) == (1.5, 2.0, "×")
    assert found["new_claim"]["limit"] == 2.05 and found["new_claim"]["status"] == "SKIP"


def test_accuracy_rows_count_the_report(bench, monkeypatch: pytest.MonkeyPatch) -> None:
    results = [
        accuracy.Result("a", top=True, among=True, missed="", ratings=("true", "true")),
        accuracy.Result("b", top=True, among=True, missed="", ratings=("true", "false")),
        accuracy.Result("c", top=False, among=True, missed="test"),
        accuracy.Result("d", top=False, among=False, missed="no draft"),
    ]
    report = accuracy.Report(results=results, unwritten=4, unwritten_drafted=1)
    monkeypatch.setattr(accuracy, "accuracy_report", lambda rate_every=0: report)
    rows = {r["measure"]: (r["count"], r["of"], r["percent"]) for r in bench.articles.bench_accuracy({})}
    assert list(rows.values()) == [(2, 4, 50.0), (3, 4, 75.0), (1, 2, 50.0), (1, 4, 25.0)]

"""Smoke test of the benchmark suite (benchmarks/run.py): it runs, and its JSON has the agreed shape."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

RUN = Path(__file__).resolve().parents[1] / "benchmarks" / "run.py"


@pytest.fixture(scope="module")
def bench():
    spec = importlib.util.spec_from_file_location("tradebalance_benchmarks", RUN)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
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
    for name in ("main", "build", "notebooks"):
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
    assert status["check"] == status["build"] == status["notebooks"] == "SKIP"
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

"""Claim files fuzzed with hypothesis: whatever the TOML holds, a claim loads and checks, or the file is refused
with a typed error naming the claim and the field — never a traceback."""

from __future__ import annotations

import json
import math
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tradebalance import claims
from tradebalance.claims.claim_tests import TEST_KINDS
from tradebalance.claims.model import CHOICES, PARAMETERS
from tradebalance.errors import ClaimFileError

FIELDS = ("id", "quote", "attribution", "metric", "parameters", "test", "framing", "notes", "expect")
KNOWN_WORDS = [w for values in CHOICES.values() for w in values] + ["JPN", "USA", "CHN", "automotive", "rice"]
scalars = st.one_of(
    st.sampled_from(KNOWN_WORDS),
    st.text(max_size=12),
    st.integers(min_value=-(10**13), max_value=10**13),
    st.floats(allow_nan=False, allow_infinity=False, width=32),
    st.booleans(),
    st.sampled_from([2017, "2017", "FY2017", "2017Q3", "2017H1", "2017-03", "last year", "1950", "2017Q5"]),
)
values = st.one_of(scalars, st.lists(scalars, max_size=3))
parameters = st.dictionaries(st.sampled_from([*PARAMETERS, "colour"]), values, max_size=6)
tests = st.dictionaries(
    st.sampled_from(["kind", "value", "tolerance", "low", "high", "extra"]),
    st.one_of(st.sampled_from(TEST_KINDS), scalars),
    max_size=4,
)
claim_tables = st.fixed_dictionaries(
    {},
    optional={
        "id": st.one_of(st.text(min_size=1, max_size=8), scalars),
        "quote": st.one_of(st.just("A quote."), scalars),
        "metric": st.one_of(st.sampled_from([*claims.METRICS, "not_checkable", "vibes"]), scalars),
        "parameters": st.one_of(parameters, scalars),
        "test": st.one_of(tests, scalars),
        "framing": st.one_of(parameters, scalars),
        "attribution": st.one_of(
            st.fixed_dictionaries({"date": st.sampled_from(["2018-09-25", "2020-01", "x"])}), scalars
        ),
        "notes": st.one_of(st.text(max_size=10), scalars),
        "colour": scalars,
    },
)


def toml_value(value: Any) -> str:
    """A TOML literal for a scalar, a list or a table (inline)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return repr(value) if math.isfinite(value) else "0.0"
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False).replace("\x7f", "\\u007f")  # a TOML basic string
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    return "{ " + ", ".join(f"{json.dumps(k, ensure_ascii=False)} = {toml_value(v)}" for k, v in value.items()) + " }"


def toml(tables: list[dict[str, Any]]) -> str:
    return "\n".join("[[claim]]\n" + "".join(f"{k} = {toml_value(v)}\n" for k, v in t.items()) for t in tables)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(claim_tables, min_size=1, max_size=2))
def test_any_claim_file_loads_or_is_refused_naming_the_claim_and_field(tmp_path, tables):
    path = tmp_path / "claims.toml"
    path.write_text(toml(tables), encoding="utf-8")
    try:
        loaded = claims.load_claims(path)
    except ClaimFileError as exc:
        message = str(exc)
        assert "claims.toml" in message
        assert ("field" in message and "claim" in message) or "used twice" in message or "no [[claim]]" in message
        return
    assert all(c.metric in (*claims.METRICS, "not_checkable") for c in loaded)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    metric=st.sampled_from(list(claims.METRICS)),
    params=st.fixed_dictionaries(
        {"period": st.sampled_from([2017, "FY2017", "2017Q3", "2017-03", 1950, "last year"])},
        optional={k: st.sampled_from(v) for k, v in CHOICES.items()}
        | {"partner": st.sampled_from(["JPN", "USA", "CHN", "WLD"]), "sector": st.sampled_from(["automotive", "rice"])},
    ),
)
def test_every_claim_that_loads_checks_without_a_traceback(tmp_path, metric, params):
    body = {"id": "c", "quote": "q", "metric": metric, "parameters": params, "test": {"kind": ">", "value": 0}}
    path = tmp_path / "claims.toml"
    path.write_text(toml([body]), encoding="utf-8")
    try:
        claim = claims.load_claims(path)[0]
    except ClaimFileError:
        return
    verdict = claims.check(claim)  # every reading is evaluated or skipped with its reason
    assert verdict.verdict in claims.VERDICTS
    assert all(r.value is not None or r.skipped for r in verdict.readings)


def depth(value: Any) -> int:
    """How deep arrays and tables nest in ``value`` (a scalar is 0)."""
    if isinstance(value, list):
        return 1 + max(map(depth, value), default=0)
    if isinstance(value, dict):
        return 1 + max(map(depth, value.values()), default=0)
    return 0


tricky_text = st.text(alphabet="[]{}.,=#'\"\\ \nab", max_size=8)  # brackets, quotes and dots inside strings
nested_values = st.recursive(
    st.one_of(tricky_text, st.integers(), st.floats(allow_nan=False, width=32)),
    lambda inner: st.one_of(
        st.lists(inner, max_size=3),
        st.dictionaries(st.text(alphabet="ab.[]", min_size=1, max_size=3), inner, max_size=3),
    ),
    max_leaves=12,
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(value=nested_values, wrap=st.integers(min_value=0, max_value=20))
def test_a_value_is_refused_for_its_nesting_exactly_when_it_nests_deeper_than_the_limit(tmp_path, value, wrap):
    for _ in range(wrap):
        value = [value]
    path = tmp_path / "claims.toml"
    path.write_text(toml([{"id": "c", "quote": "q", "metric": "not_checkable", "notes": value}]), encoding="utf-8")
    try:
        claims.load_claims(path)
        refused = ""
    except ClaimFileError as exc:
        refused = str(exc)
    assert ("nested more than 16 levels deep" in refused) == (depth(value) > 16), refused

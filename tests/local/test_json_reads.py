"""CAST / TRY_CAST of JSON to arrays and maps, against Trino's documented contract: TRY_CAST is
NULL exactly where CAST fails with a cast error, and equals CAST's answer otherwise
(https://trino.io/docs/current/functions/conversion.html#try_cast); Trino reads the whole
value or fails the whole cast (JsonToArrayCast.toArray, JsonToMapCast.toMap), so no answer
holds a NULL where the JSON text held a value."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from athenakit.errors import QueryError
from athenakit.local.engine import LocalEngine
from athenakit.local.errors import UnsupportedLocally


@pytest.fixture(scope="module")
def engine() -> LocalEngine:
    return LocalEngine()


_SETTINGS = settings(max_examples=60, deadline=None, derandomize=True,
                     suppress_health_check=[HealthCheck.function_scoped_fixture])
_SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(-300, 300), st.integers(-2**70, 2**70),
    st.sampled_from([0.25, -1.75, 3.0, 1e10, 123.375]),
    st.sampled_from(["7", "-3", "x", "true", "f", "1.5", " 2", "", "1e2"]))
_ELEMENTS = st.one_of(_SCALARS, st.lists(_SCALARS, max_size=2),
                      st.dictionaries(st.sampled_from(["a", "b"]), _SCALARS, max_size=2))
_TARGETS = ["ARRAY(BIGINT)", "ARRAY(INTEGER)", "ARRAY(TINYINT)", "ARRAY(DOUBLE)",
            "ARRAY(BOOLEAN)", "ARRAY(VARCHAR)", "ARRAY(DECIMAL(5,1))", "ARRAY(ARRAY(BIGINT))"]


def _literal(value: Any) -> str:
    return "JSON '" + json.dumps(value).replace("'", "''") + "'"


def _run(engine: LocalEngine, sql: str) -> tuple[str, Any]:
    try:
        return "answer", engine.run(sql).rows[0][0]
    except UnsupportedLocally:
        return "refused", None
    except QueryError as err:
        return "failed", str(err)


def _both(engine: LocalEngine, text: str, target: str) -> tuple[str, Any, Any] | None:
    """CAST's outcome, its answer and TRY_CAST's answer; None where either is refused. Where
    CAST fails with a cast error, TRY_CAST must be NULL; where it answers, the same."""
    cast, answer = _run(engine, f"SELECT CAST({text} AS {target})")
    tried, tried_answer = _run(engine, f"SELECT TRY_CAST({text} AS {target})")
    if "refused" in (cast, tried):
        return None
    assert tried == "answer"
    if cast == "failed":  # (a number outside the type: NUMERIC_VALUE_OUT_OF_RANGE)
        assert "INVALID_CAST_ARGUMENT" in answer or "NUMERIC_VALUE_OUT_OF_RANGE" in answer
        assert tried_answer is None
    else:
        assert tried_answer == answer
    return cast, answer, tried_answer


@_SETTINGS
@given(st.lists(_ELEMENTS, max_size=4), st.sampled_from(_TARGETS))
@example(["a", 2], "ARRAY(BIGINT)")  # Trino's TRY_CAST is NULL; DuckDB's was [NULL, 2]
@example([1, {}], "ARRAY(BIGINT)")
@example([128], "ARRAY(TINYINT)")
def test_try_cast_of_json_is_null_exactly_where_the_cast_fails(
        engine: LocalEngine, values: list[Any], target: str) -> None:
    text = _literal(values)
    tried, tried_answer = _run(engine, f"SELECT TRY_CAST({text} AS {target})")
    if tried == "answer" and tried_answer is not None and target.count("ARRAY") == 1:
        # the whole value read: an element is NULL only where the JSON held null
        assert [e is None for e in tried_answer] == [v is None for v in values]
    _both(engine, text, target)


@_SETTINGS
@given(st.dictionaries(st.sampled_from(["1", "01", "2", "1.0", "x", "true"]), _SCALARS,
                       min_size=1, max_size=3),
       st.sampled_from(["MAP(BIGINT, BIGINT)", "MAP(DOUBLE, VARCHAR)", "MAP(VARCHAR, DOUBLE)",
                        "MAP(BOOLEAN, BIGINT)"]))
@example({"1": 1, "01": 2}, "MAP(BIGINT, BIGINT)")  # Duplicate keys are not allowed
@example({"1": None, "1.0": None}, "MAP(DOUBLE, VARCHAR)")
def test_try_cast_of_json_to_a_map_is_null_exactly_where_the_cast_fails(
        engine: LocalEngine, value: dict[str, Any], target: str) -> None:
    outcome = _both(engine, _literal(value), target)
    if outcome is not None and outcome[0] == "answer":
        assert len(outcome[1]) == len(value)  # two keys read as one fail (Duplicate keys)


@settings(_SETTINGS, max_examples=25)  # (each scalar cast of JSON compiles a long CASE)
@given(_ELEMENTS, st.sampled_from(["BIGINT", "INTEGER", "SMALLINT", "TINYINT", "DOUBLE", "REAL",
                                   "BOOLEAN", "VARCHAR", "DECIMAL(5,1)"]))
@example([1], "VARCHAR")  # Trino's TRY_CAST is NULL; DuckDB's printed the array
@example(2.5, "INTEGER")  # 3 (half away from zero); DuckDB's TRY_CAST answered 2
def test_try_cast_of_json_to_a_scalar_is_null_exactly_where_the_cast_fails(
        engine: LocalEngine, value: Any, target: str) -> None:
    outcome = _both(engine, _literal(value), target)
    if outcome is not None and outcome[0] == "answer" and type(value) is float \
            and target in ("INTEGER", "BIGINT"):
        assert outcome[1] == int(value + 0.5 if value >= 0 else value - 0.5)  # half away

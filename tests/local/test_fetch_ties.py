"""FETCH FIRST n ROWS WITH TIES: the first n rows in the ORDER BY and every row tied with the
n-th (https://trino.io/docs/current/sql/select.html#limit-or-fetch-first-clause), with Trino's
default NULLS LAST (.../select.html#order-by-clause). DuckDB has no WITH TIES; the engine writes
it with QUALIFY and rank()."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from athenakit.local.engine import LocalEngine


def _expected(values: list[int | None], n: int, desc: bool) -> list[int | None]:
    present = sorted((v for v in values if v is not None), reverse=desc)
    ordered = present + [None] * (len(values) - len(present))  # NULLS LAST either way
    if n >= len(ordered):
        return ordered
    last = ordered[n - 1]
    return ordered[:n] + [v for v in ordered[n:] if v == last]


@pytest.fixture(scope="module")
def engine() -> LocalEngine:
    return LocalEngine()


@settings(max_examples=60, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.one_of(st.none(), st.integers(0, 4)), min_size=1, max_size=9),
       st.integers(1, 5), st.booleans())
def test_with_ties_keeps_the_rows_tied_with_the_last_one(
        engine: LocalEngine, values: list[int | None], n: int, desc: bool) -> None:
    rows = ", ".join("NULL" if v is None else str(v) for v in values)
    sql = (f"SELECT x FROM (VALUES {rows}) t(x) ORDER BY x {'DESC' if desc else ''} "
           f"FETCH FIRST {n} ROWS WITH TIES")
    got: list[Any] = [r[0] for r in engine.run(sql).rows]
    assert got == _expected(values, n, desc), sql

"""Doubles whose type only DuckDB knows (a subquery's or a table's column) compare as Trino's
do, and the NaN-aware comparison keeps DuckDB's join plan.

Trino's double comparisons are Java's primitive operators (DoubleType.equalOperator,
lessThanOperator, ...), the IEEE-754 comparisons Python's float operators also make: a NaN
equals nothing (``<>`` holds) and orders with nothing; a NULL side makes the answer NULL.
"""

from __future__ import annotations

import math
import operator
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from athenakit.local.engine import LocalEngine

_VALUES = {"nan()": math.nan, "1e0": 1.0, "-infinity()": -math.inf,
           "CAST(NULL AS DOUBLE)": None}
_OPERATORS: dict[str, Callable[[float, float], bool]] = {
    "=": operator.eq, "<>": operator.ne, "!=": operator.ne, "<": operator.lt,
    "<=": operator.le, ">": operator.gt, ">=": operator.ge}


def _ieee(op: str, a: float | None, b: float | None) -> bool | None:
    return None if a is None or b is None else _OPERATORS[op](a, b)


@pytest.mark.parametrize("op", sorted(_OPERATORS))
def test_a_comparison_of_subquery_doubles_is_ieee_754s(engine: Any, op: str) -> None:
    pairs = [(a, b) for a in _VALUES for b in _VALUES]
    items = ", ".join(f"x{i} {op} y{i}" for i in range(len(pairs)))
    inner = ", ".join(f"{a} AS x{i}, {b} AS y{i}" for i, (a, b) in enumerate(pairs))
    (row,) = engine.run(f"SELECT {items} FROM (SELECT {inner})").rows
    assert list(row) == [_ieee(op, _VALUES[a], _VALUES[b]) for a, b in pairs]


def _join_operators(engine: LocalEngine, sql: str) -> set[str]:
    plan = "\n".join(str(row[0]) for row in engine.run("EXPLAIN " + sql).rows)
    return set(re.findall(r"Hash Join|Nested Loop Join|Blockwise N[lL] Join|Piecewise Merge Join",
                          plan))


@pytest.fixture(scope="module")
def tables(tmp_path_factory: pytest.TempPathFactory) -> Any:
    root: Path = tmp_path_factory.mktemp("warehouse")
    with LocalEngine(s3_root=root / "data", catalog_dir=root / "catalog") as e:
        e.run("CREATE TABLE a WITH (format = 'PARQUET', external_location = 's3://w/a/') AS "
              "SELECT CAST(x AS DOUBLE) AS k, x AS i FROM UNNEST(sequence(1, 50)) AS t(x) "
              "UNION ALL SELECT nan(), 0")
        e.run("CREATE TABLE b WITH (format = 'PARQUET', external_location = 's3://w/b/') AS "
              "SELECT CAST(x AS DOUBLE) AS k, x AS i FROM UNNEST(sequence(25, 75)) AS t(x) "
              "UNION ALL SELECT nan(), 0")
        yield e


@pytest.mark.parametrize("sql, count", [
    # table columns: typed doubles
    ("SELECT count(*) FROM a JOIN b ON a.k = b.k", 26),
    # subquery columns: typed only while DuckDB binds
    ("SELECT count(*) FROM (SELECT k FROM a) s JOIN (SELECT k FROM b) t ON s.k = t.k", 26),
    ("SELECT count(*) FROM (SELECT i FROM a) s JOIN (SELECT i FROM b) t ON s.i = t.i", 27),
])
def test_an_equality_join_keeps_its_hash_join_and_drops_nan_keys(
        tables: LocalEngine, sql: str, count: int) -> None:
    assert tables.run(sql).rows == [(count,)]
    assert _join_operators(tables, sql) == {"Hash Join"}


# Parquet writers leave NaN out of a double column's min / max, as the Parquet spec asks; the
# engine must not read those bounds as "no NaN here" (is_nan is true for one row of each table)
@pytest.mark.parametrize("sql, rows", [
    ("SELECT count_if(is_nan(k)) FROM a", [(1,)]),
    ("SELECT count(*) FROM a WHERE is_nan(k)", [(1,)]),
    ("SELECT count(*) FROM a WHERE NOT (k <= 100)", [(1,)]),  # NaN <= 100 is false
    ("SELECT count(*) FROM a WHERE k <> k", [(1,)]),
    ("SELECT count(*) FROM a WHERE k = k", [(50,)]),
    # max skips a NaN (MinMaxCompare: COMPARISON_UNORDERED_FIRST), min too (UNORDERED_LAST)
    ("SELECT max(k), min(k) FROM a", [(50.0, 1.0)]),
    ("SELECT (SELECT max(k) FROM a WHERE i <= 0)", [(math.nan,)]),
])
def test_nan_in_a_parquet_file_is_seen_whatever_its_statistics_say(
        tables: LocalEngine, sql: str, rows: list[tuple[Any, ...]]) -> None:
    got = tables.run(sql).rows
    assert [tuple("NaN" if isinstance(v, float) and math.isnan(v) else v for v in r)
            for r in got] == [tuple("NaN" if isinstance(v, float) and math.isnan(v) else v
                                    for v in r) for r in rows]

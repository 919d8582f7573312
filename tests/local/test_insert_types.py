"""INSERT INTO writes the table's types, after Trino's check of the query's types.

Trino accepts an INSERT whose query types have a common super type with the table's
(StatementAnalyzer.typesMatchForInsert, TypeCoercion.isCompatible) and writes each value cast
to the table's type (LogicalPlanner's "guarded cast"); other types fail with ``Insert query has
mismatched column types: Table: [...], Query: [...]``.
https://docs.aws.amazon.com/athena/latest/ug/insert-into.html
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from athenakit.errors import QueryError
from athenakit.local.engine import LocalEngine
from athenakit.local.errors import UnsupportedLocally


@pytest.fixture
def engine(tmp_path: Path) -> LocalEngine:
    local = LocalEngine([], s3_root=tmp_path)
    local.run("CREATE TABLE t WITH (format = 'PARQUET', external_location = 's3://b/t/') AS "
              "SELECT 1 AS x, DECIMAL '1.5' AS m, 1.5E0 AS d, ARRAY[BIGINT '1'] AS a")
    return local


def test_values_are_written_in_the_table_types(engine: LocalEngine, tmp_path: Path) -> None:
    engine.run("INSERT INTO t VALUES (TINYINT '3', DECIMAL '2.5', 7, ARRAY[BIGINT '2'])")
    # a double into an integer column: Trino's cast rounds half away from zero
    # (DoubleOperators.castToInteger; TestDoubleOperators: CAST(2.5E0 AS integer) is 3)
    engine.run("INSERT INTO t VALUES (2.5E0, 2.5, BIGINT '8', NULL)")
    assert sorted(engine.run("SELECT x, m, d FROM t").rows)[1:] == [
        (3, Decimal("2.5"), 7.0), (3, Decimal("2.5"), 8.0)]
    for path in (tmp_path / "b" / "t").glob("*.parquet"):  # every file holds the table's types
        schema = pq.read_schema(path)
        assert (str(schema.field("x").type), str(schema.field("d").type)) == ("int32", "double")


@pytest.mark.parametrize("values", [
    "(1, 'x', 1.0E0, ARRAY[BIGINT '1'])",  # varchar into decimal
    "(true, DECIMAL '1.5', 1.0E0, ARRAY[BIGINT '1'])",  # boolean into integer
    "(1, DECIMAL '1.5', DATE '2020-01-01', ARRAY[BIGINT '1'])",  # date into double
])
def test_types_without_a_common_super_type_fail(engine: LocalEngine, values: str) -> None:
    with pytest.raises(QueryError, match="TYPE_MISMATCH: line 1:1: Insert query has mismatched "
                                         r"column types: Table: \[integer, decimal\(2,1\)"):
        engine.run(f"INSERT INTO t VALUES {values}")


@pytest.mark.parametrize("values", [
    "(BIGINT '5000000000', DECIMAL '1.5', 1.0E0, NULL)",  # past the integer range
    "(1, DECIMAL '1.55', 1.0E0, NULL)",  # rounded to the column's scale
    "(1, DECIMAL '1.5', 1.0E0, ARRAY[1.5E0])",  # a nested cast
])
def test_values_the_cast_would_change_are_refused(engine: LocalEngine, values: str) -> None:
    with pytest.raises(UnsupportedLocally, match="INSERT into the"):
        engine.run(f"INSERT INTO t VALUES {values}")

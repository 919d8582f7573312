"""Trino's operator typing over the columns of a table in the local catalog.

A column's type is known to the layer by its name from the table's spec; through a subquery,
CTE or alias the name may mean another value, so the check is made while DuckDB binds the
statement. Expected answers and messages: io/trino/type/DateTimeOperators.java (a date plus or
minus an interval is a date, nothing else is added to a date),
io/trino/metadata/OperatorNotFoundException.java (``Cannot apply operator: date + integer``,
``Cannot negate date``) and ExpressionAnalyzer.visitComparisonExpression (no coercion between
a boolean and an integer), at the operator's line:column (AstBuilder).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from athenakit.errors import QueryError
from athenakit.local.engine import LocalEngine


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalEngine]:
    root: Path = tmp_path_factory.mktemp("s3")
    with LocalEngine(s3_root=root) as e:
        e.run("CREATE TABLE days WITH (format = 'PARQUET', external_location = 's3://b/days/') "
              "AS SELECT DATE '2000-01-31' AS d, 1 AS n, true AS b")
        yield e


@pytest.mark.parametrize(("sql", "want"), [
    ("SELECT d + INTERVAL '1' MONTH FROM days", date(2000, 2, 29)),
    ("SELECT t.d - INTERVAL '1' DAY FROM days t", date(2000, 1, 30)),
    ("WITH w AS (SELECT d FROM days) SELECT d + INTERVAL '1' DAY FROM w", date(2000, 2, 1)),
    ("SELECT x.d + i FROM (SELECT d, INTERVAL '2' DAY AS i FROM days) x", date(2000, 2, 2)),
])
def test_a_date_column_plus_an_interval_is_a_date(engine: LocalEngine, sql: str,
                                                   want: date) -> None:
    result = engine.run(sql)
    assert result.rows == [(want,)]
    assert [c.type for c in result.columns] == ["date"]


@pytest.mark.parametrize(("sql", "message"), [
    ("SELECT d + n FROM days", "TYPE_MISMATCH: line 1:10: Cannot apply operator: date + integer"),
    ("SELECT x.d + 1 FROM (SELECT d FROM days) x",
     "TYPE_MISMATCH: line 1:12: Cannot apply operator: date + integer"),
    ("SELECT n FROM (SELECT d, n FROM days) WHERE d - n > DATE '2000-01-01'",
     "TYPE_MISMATCH: line 1:47: Cannot apply operator: date - integer"),
    ("SELECT b = n FROM days t", "TYPE_MISMATCH: line 1:10: Cannot apply operator: boolean = integer"),
    ("SELECT -d FROM days t", "TYPE_MISMATCH: line 1:8: Cannot negate date"),
])
def test_an_operator_trino_has_not_fails_with_its_message(engine: LocalEngine, sql: str,
                                                         message: str) -> None:
    with pytest.raises(QueryError) as failure:
        engine.run(sql)
    assert message in str(failure.value)

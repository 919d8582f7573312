"""Local results are read from DuckDB as Arrow record batches when the caller reads them."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pyarrow as pa
import pytest

from athenakit.errors import AthenakitError, QueryError
from athenakit.local import stream
from athenakit.local.engine import LocalEngine

# 20 x 10,000 rows: more than one of DuckDB's batches (stream.BATCH_ROWS)
# https://trino.io/docs/current/functions/array.html#sequence (at most 10,000 entries)
BIG = ("SELECT a * 10000 + b AS n, CAST(b AS decimal(12, 2)) AS d, "
       "TIMESTAMP '2020-01-01 00:00:00' + b * INTERVAL '1' SECOND AS t, "
       "ARRAY[a, b] AS pair, CAST(ROW(a, 'x') AS ROW(k integer, v varchar)) AS r "
       "FROM UNNEST(sequence(1, 20)) x(a) CROSS JOIN UNNEST(sequence(1, 10000)) y(b)")
ROWS = 200_000
# https://trino.io/docs/current/functions/array.html#sequence : sequence(bigint, bigint) is an
# array(bigint); https://docs.aws.amazon.com/athena/latest/ug/data-types.html : timestamp has
# millisecond precision, ROW fields keep their names
SCHEMA = pa.schema([("n", pa.int64()), ("d", pa.decimal128(12, 2)), ("t", pa.timestamp("ms")),
                    ("pair", pa.list_(pa.field("item", pa.int64()))),
                    ("r", pa.struct([("k", pa.int32()), ("v", pa.string())]))])


@pytest.fixture(scope="module")
def engine() -> LocalEngine:
    with LocalEngine() as local:
        yield local


def _expected(a: int, b: int) -> dict[str, object]:
    return {"n": a * 10000 + b, "d": Decimal(f"{b}.00"),
            "t": dt.datetime(2020, 1, 1) + dt.timedelta(seconds=b), "pair": [a, b],
            "r": {"k": a, "v": "x"}}


def test_iter_batches_streams_a_result_larger_than_one_batch_with_athenas_types(
        engine: LocalEngine) -> None:
    assert ROWS > stream.BATCH_ROWS
    result = engine.run(f"SELECT * FROM ({BIG}) ORDER BY n")
    count, first = 0, None
    for batch in result.iter_batches(max_rows=30_000):
        assert batch.num_rows <= 30_000
        assert str(batch.schema) == str(SCHEMA)  # (== ignores the names of list fields)
        if first is None:
            first = batch.slice(0, 2).to_pylist()
        count += batch.num_rows
    assert count == ROWS
    assert first == [_expected(1, 1), _expected(1, 2)]


def test_a_streamed_result_is_read_once(engine: LocalEngine) -> None:
    result = engine.run(BIG)
    assert sum(b.num_rows for b in result.iter_batches()) == ROWS
    with pytest.raises(AthenakitError, match="read by iter_batches"):
        result.to_arrow()


def test_a_result_read_whole_is_the_same_rows_and_types(engine: LocalEngine) -> None:
    result = engine.run(f"SELECT * FROM ({BIG}) WHERE n % 10000 IN (0, 1) ORDER BY n")
    table = result.to_arrow()
    assert str(table.schema) == str(SCHEMA)
    assert table.num_rows == 40
    assert table.slice(0, 2).to_pylist() == [_expected(1, 1), _expected(1, 10000)]
    assert len(list(result.iter_batches())) == 1  # from the table now: readable again


def test_an_unread_result_stays_readable_after_the_next_statement(engine: LocalEngine) -> None:
    earlier = engine.run(BIG)
    assert engine.run("SELECT 42").rows == [(42,)]
    batches = list(earlier.iter_batches())
    assert sum(b.num_rows for b in batches) == ROWS
    assert {b.schema for b in batches} == {SCHEMA}


def test_a_large_result_of_plain_types_streams_after_its_first_rows(engine: LocalEngine) -> None:
    # the first 10,000 rows are fetched as Python rows, the rest as Arrow: one schema
    result = engine.run("SELECT a * 10000 + b AS n, CAST(b AS varchar) AS s FROM "
                        "UNNEST(sequence(0, 2)) x(a) CROSS JOIN UNNEST(sequence(1, 10000)) y(b) "
                        "ORDER BY n")
    batches = list(result.iter_batches(max_rows=7_000))
    assert {b.schema for b in batches} == {pa.schema([("n", pa.int64()), ("s", pa.string())])}
    values = [v for b in batches for v in b.column("n").to_pylist()]
    assert values == sorted(a * 10000 + b for a in range(3) for b in range(1, 10001))


def test_a_failure_in_a_late_row_is_raised_by_run_as_athenas(engine: LocalEngine) -> None:
    # https://trino.io/docs/current/functions/math.html : integer division by zero fails the
    # query with DIVISION_BY_ZERO, wherever the row is
    sql = ("SELECT 1 / (a * 10000 + b - 150000) FROM UNNEST(sequence(1, 20)) x(a) "
           "CROSS JOIN UNNEST(sequence(1, 10000)) y(b)")
    with pytest.raises(QueryError) as failed:
        engine.run(sql)
    assert str(failed.value.reason).startswith("DIVISION_BY_ZERO")
    assert engine.run("SELECT 1").rows == [(1,)]


def test_a_result_half_read_goes_on_after_the_next_statement(engine: LocalEngine) -> None:
    batches = engine.run(f"SELECT * FROM ({BIG}) ORDER BY n").iter_batches(max_rows=50_000)
    first = next(batches)
    assert engine.run("SELECT 'x'").rows == [("x",)]
    rest = list(batches)
    values = first.column("n").to_pylist() + [v for b in rest for v in b.column("n").to_pylist()]
    assert values == sorted(a * 10000 + b for a in range(1, 21) for b in range(1, 10001))


# --- run(stream=True): DuckDB runs the query as the result is read ------------------------------
LATE_FAILURE = ("SELECT 1 / (a * 10000 + b - 150000) AS v FROM UNNEST(sequence(1, 20)) x(a) "
                "CROSS JOIN UNNEST(sequence(1, 10000)) y(b)")


def test_a_streamed_query_is_read_in_batches_with_athenas_types(engine: LocalEngine) -> None:
    result = engine.run(f"SELECT * FROM ({BIG}) ORDER BY n", stream=True)
    batches = list(result.iter_batches(max_rows=30_000))
    assert {str(b.schema) for b in batches} == {str(SCHEMA)}
    assert sum(b.num_rows for b in batches) == ROWS
    assert batches[0].slice(0, 2).to_pylist() == [_expected(1, 1), _expected(1, 2)]


def test_a_streamed_query_fails_when_the_failing_row_is_read(engine: LocalEngine) -> None:
    # https://trino.io/docs/current/functions/math.html : DIVISION_BY_ZERO
    result = engine.run(LATE_FAILURE, stream=True)
    with pytest.raises(QueryError) as failed:
        for _ in result.iter_batches():
            pass
    assert str(failed.value.reason).startswith("DIVISION_BY_ZERO")
    assert engine.run("SELECT 1").rows == [(1,)]


def test_a_streamed_result_left_unread_is_read_by_the_next_statement(engine: LocalEngine) -> None:
    kept = engine.run(BIG, stream=True)
    failing = engine.run(LATE_FAILURE, stream=True)  # reads `kept` into memory first
    assert engine.run("SELECT 2").rows == [(2,)]     # reads `failing`, which fails
    assert kept.to_arrow().num_rows == ROWS
    with pytest.raises(QueryError, match="DIVISION_BY_ZERO"):
        failing.to_arrow()


def test_a_real_reads_as_athena_prints_it_in_small_and_large_results(engine: LocalEngine) -> None:
    # Trino prints REAL '754.1985' as 754.1985 (TestRealOperators.testLiteral); a result taken
    # whole and one read as Arrow batches (past SMALL_RESULT rows) give the same Python value
    sql = ("SELECT x FROM (SELECT REAL '754.1985' AS x) "
           "CROSS JOIN UNNEST(sequence(1, {n})) AS t(i)")
    small = engine.run(sql.format(n=3)).rows
    large = engine.run(sql.format(n=9000) + " CROSS JOIN UNNEST(sequence(1, 3)) AS u(j)").rows
    assert small == [(754.1985,)] * 3
    assert len(large) == 27000 and set(large) == {(754.1985,)}

"""? parameters: counting and literal formatting (Athena ExecutionParameters are Trino literals).
https://docs.aws.amazon.com/athena/latest/ug/querying-with-prepared-statements.html"""

from __future__ import annotations

import datetime as dt
import math
from decimal import Decimal
from typing import Any

import duckdb
import pytest
import sqlglot
from hypothesis import given
from hypothesis import strategies as st
from sqlglot import exp

from athenakit.query.params import (
    ParameterError,
    check_params,
    count_placeholders,
    format_literal,
)


@pytest.mark.parametrize(("sql", "expected"), [
    ("SELECT 1", 0),
    ("SELECT * FROM t WHERE a = ? AND b = ?", 2),
    ("SELECT '?' , \"?\" FROM t WHERE a = ?", 1),           # strings and identifiers
    # a row pattern's ? is a quantifier (match-recognize.html#row-pattern-syntax)
    ("SELECT * FROM t MATCH_RECOGNIZE (PATTERN (A *? B?) DEFINE A AS x > ?)", 1),
    ("SELECT 1 -- ?\nFROM t /* ? */ WHERE a = ?", 1),      # comments
    ("EXPLAIN ANALYZE SELECT * FROM t WHERE a = ? AND b = '?'", 1),  # commands
    ("UNLOAD (SELECT * FROM t WHERE a = ?) TO 's3://b/p/' WITH (format = 'PARQUET')", 1),
])
def test_placeholders_are_counted_outside_strings_and_comments(sql: str, expected: int) -> None:
    assert count_placeholders(sql) == expected


def test_a_wrong_parameter_count_is_refused_before_sending() -> None:
    with pytest.raises(ParameterError, match="2 '\\?' placeholder.* 1 parameter"):
        check_params("SELECT ? + ?", [1])
    with pytest.raises(ParameterError, match="0 '\\?'"):
        check_params("SELECT '?'", ["x"])


def test_no_parameters_give_no_execution_parameters() -> None:
    assert check_params("SELECT 1", None) is None


@pytest.mark.parametrize(("value", "literal"), [
    (None, "NULL"),
    (True, "TRUE"),
    (False, "FALSE"),
    (42, "42"),
    (-7, "(-7)"),  # parenthesised: a bare -7 after a "-" would form a comment
    (1.5, "1.5E0"),
    (1e300, "1e+300"),
    (float("nan"), "nan()"),
    (float("-inf"), "(-infinity())"),
    (Decimal("12.50"), "DECIMAL '12.50'"),
    ("it's", "'it''s'"),
    ("a\\b\n", "'a\\b\n'"),
    (b"\x00\xff", "X'00FF'"),
    (dt.date(2024, 1, 31), "DATE '2024-01-31'"),
    (dt.datetime(2024, 1, 31, 12, 0, 1), "TIMESTAMP '2024-01-31 12:00:01.000'"),
    (dt.datetime(2024, 1, 31, 12, 0, 1, 5), "TIMESTAMP '2024-01-31 12:00:01.000005'"),
    (dt.datetime(2024, 1, 31, tzinfo=dt.timezone.utc), "TIMESTAMP '2024-01-31 00:00:00.000 UTC'"),
    (dt.datetime(2024, 1, 31, tzinfo=dt.timezone(dt.timedelta(hours=-5, minutes=-30))),
     "TIMESTAMP '2024-01-31 00:00:00.000 -05:30'"),
    (dt.time(8, 30), "TIME '08:30:00'"),
    ([1, "a", None], "ARRAY[1, 'a', NULL]"),
    ({"k": 1}, "MAP(ARRAY['k'], ARRAY[1])"),
])
def test_values_are_formatted_as_literals_of_their_type(value: Any, literal: str) -> None:
    assert format_literal(value) == literal


def test_unsupported_values_are_refused() -> None:
    with pytest.raises(ParameterError, match="cannot send a object"):
        format_literal(object())
    with pytest.raises(ParameterError, match="finite"):
        format_literal(Decimal("NaN"))


def _read(sql: str) -> Any:
    return duckdb.connect().execute(sql).fetchone()


# A real SQL engine reads the literals back: DuckDB shares Trino's literal syntax for these.
@given(st.text())
def test_any_string_reads_back_unchanged(value: str) -> None:
    value = value.replace("\x00", "")
    assert _read(f"SELECT {format_literal(value)}") == (value,)


@given(st.one_of(st.integers(-2**63, 2**63 - 1), st.booleans(), st.none(), st.dates()))
def test_scalars_read_back_unchanged(value: Any) -> None:
    assert _read(f"SELECT {format_literal(value)}") == (value,)


@given(st.floats(allow_nan=False, allow_infinity=False))
def test_floats_read_back_as_doubles(value: float) -> None:
    (back,) = _read(f"SELECT {format_literal(value)}")
    assert isinstance(back, float) and (back == value or math.isclose(back, value))


@given(st.decimals(allow_nan=False, allow_infinity=False, places=4, min_value=-10**20,
                   max_value=10**20))
def test_decimals_keep_every_digit(value: Decimal) -> None:
    # DuckDB types DECIMAL 'x' as DECIMAL(18,3), unlike Trino, so check the text with sqlglot.
    literal = sqlglot.parse_one(f"SELECT {format_literal(value)}", read="trino").find(exp.Cast)
    assert literal is not None and literal.to.is_type("decimal")
    assert Decimal(literal.this.name) == value


def test_a_hostile_string_stays_one_literal() -> None:
    evil = "x'; DROP TABLE t; --"
    sql = f"SELECT {format_literal(evil)} AS v"
    assert _read(sql) == (evil,)

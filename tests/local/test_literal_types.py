"""Trino's types of decimal literals and year-to-month intervals through the local engine.

Decimal literals follow Trino's ``Decimals.parse`` (core/trino-spi/src/main/java/io/trino/spi/
type/Decimals.java): the precision counts the integral digits without leading zeros plus the
scale, at least 1; results built from them follow Trino's decimal rules
(https://trino.io/docs/current/language/types.html#decimal; io/trino/type/TestDecimalOperators,
io/trino/operator/scalar/TestMathFunctions). More whole queries are in
tests/conformance/cases/trino_known_differences.yaml and trino_decimal_literals.yaml.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlglot import exp, parse_one

from athenakit.local import decimals, literal_types
from athenakit.local.engine import LocalEngine
from athenakit.local.errors import UnsupportedLocally


@pytest.fixture(scope="module")
def engine() -> Iterator[LocalEngine]:
    with LocalEngine() as e:
        yield e


def _item(sql: str) -> exp.Expression:
    return parse_one(sql, read="trino").expressions[0]


@pytest.mark.parametrize(("sql", "shape"), [
    ("SELECT 0.5", (1, 1)),
    ("SELECT DECIMAL '0.05'", (2, 2)),
    ("SELECT DECIMAL '-.001'", (3, 3)),
    ("SELECT DECIMAL '0'", (1, 0)),
    ("SELECT DECIMAL '007.5'", (2, 1)),
    ("SELECT 12.50", (4, 2)),
    ("SELECT -0.5", (1, 1)),
])
def test_a_decimal_literal_is_typed_as_decimals_parse_types_it(
        sql: str, shape: tuple[int, int]) -> None:
    assert decimals.shape(_item(sql)) == shape


@pytest.mark.parametrize(("sql", "kind"), [
    # decimal(p1,s1) + decimal(p2,s2): decimal(1 + max(s) + max(p - s), max(s))
    ("SELECT typeof(0.5 + 0.25)", "decimal(3,2)"),
    ("SELECT typeof(0.5 * 0.25)", "decimal(3,3)"),  # p1 + p2, s1 + s2
    ("SELECT typeof(round(0.5, 1))", "decimal(2,1)"),  # round(x, d): decimal(p + 1, s)
    ("SELECT typeof(round(0.5))", "decimal(1,0)"),  # round(x): decimal(p - s + min(s, 1), 0)
    ("SELECT typeof(abs(0.5))", "decimal(1,1)"),
    ("SELECT typeof(-0.5)", "decimal(1,1)"),
    ("SELECT typeof(greatest(0.5, 0.25))", "decimal(2,2)"),  # the common super type
    ("SELECT typeof(coalesce(0.5, 0.25))", "decimal(2,2)"),
    ("SELECT typeof(IF(true, 0.5, 1))", "decimal(11,1)"),  # integer is decimal(10,0)
    ("SELECT typeof(x) FROM (SELECT 0.5 AS x)", "decimal(1,1)"),
    ("WITH t AS (SELECT DECIMAL '0.05' AS x) SELECT typeof(x) FROM t", "decimal(2,2)"),
    ("SELECT typeof(x) FROM (VALUES 0.5, 0.25) t(x)", "decimal(2,2)"),
])
def test_typeof_of_what_is_built_from_a_literal_below_1(
        engine: LocalEngine, sql: str, kind: str) -> None:
    assert engine.run(sql).rows[0][0] == kind


def test_a_set_operation_of_literals_below_1_has_trinos_column_type(
        engine: LocalEngine) -> None:
    result = engine.run("SELECT 0.5 UNION ALL SELECT 0.25")
    assert [c.type for c in result.columns] == ["decimal(2,2)"]
    assert sorted(str(r[0]) for r in result.rows) == ["0.25", "0.50"]


@pytest.mark.parametrize(("sql", "kind"), [
    ("SELECT INTERVAL '14' MONTH", literal_types.YM),
    ("SELECT INTERVAL '1-2' YEAR TO MONTH", literal_types.YM),
    ("SELECT INTERVAL '1' MONTH * 2", literal_types.YM),
    ("SELECT CASE WHEN x THEN INTERVAL '1' YEAR END", literal_types.YM),
    ("SELECT INTERVAL '3' DAY", None),
    ("SELECT ARRAY[INTERVAL '1' MONTH]", literal_types.MAYBE),
    ("SELECT x + INTERVAL '1' MONTH", literal_types.MAYBE),
])
def test_interval_kind(sql: str, kind: str | None) -> None:
    assert literal_types.kind(_item(sql)) == kind


def test_an_interval_of_unknown_kind_is_refused() -> None:
    with pytest.raises(UnsupportedLocally, match="year-to-month interval literal"):
        literal_types.trino_type(_item("SELECT ARRAY[INTERVAL '1' MONTH]"))


@pytest.mark.parametrize("sql", [
    "SELECT typeof(x) FROM (SELECT INTERVAL '14' MONTH AS x)",
    "SELECT typeof(x) FROM (VALUES INTERVAL '1' MONTH, INTERVAL '2' YEAR) t(x)",
    "WITH t AS (SELECT INTERVAL '1' YEAR AS x) SELECT typeof(x * 2) FROM t",
])
def test_typeof_of_a_year_to_month_column(engine: LocalEngine, sql: str) -> None:
    assert engine.run(sql).rows[0][0] == "interval year to month"


@pytest.mark.parametrize("sql", [
    "SELECT INTERVAL '1' MONTH UNION ALL SELECT INTERVAL '2' YEAR",
    "SELECT * FROM (VALUES INTERVAL '1' MONTH) t(x)",
    "SELECT x FROM (VALUES INTERVAL '1' MONTH) t(x)",
])
def test_a_year_to_month_result_column(engine: LocalEngine, sql: str) -> None:
    assert [c.type for c in engine.run(sql).columns] == ["interval year to month"]


def test_a_refused_result_column_leaves_the_engine_usable(engine: LocalEngine) -> None:
    with pytest.raises(UnsupportedLocally, match="year-to-month interval literal"):
        engine.run("SELECT ARRAY[INTERVAL '1' MONTH]")
    assert engine.run("SELECT 1").rows == [(1,)]


@pytest.mark.parametrize(("sql", "types"), [
    ("SELECT * FROM (SELECT INTERVAL '2' MONTH AS x) a CROSS JOIN (SELECT 1 AS y) b",
     ["interval year to month", "integer"]),
    ("SELECT * FROM (SELECT * FROM (SELECT INTERVAL '2' MONTH AS x UNION ALL SELECT NULL))",
     ["interval year to month"]),
    ("SELECT * FROM (SELECT INTERVAL '2' DAY AS x) a CROSS JOIN (SELECT 1 AS y) b",
     ["interval day to second", "integer"]),
])
def test_select_star_follows_the_column_to_its_item(
        engine: LocalEngine, sql: str, types: list[str]) -> None:
    assert [c.type for c in engine.run(sql).columns] == types

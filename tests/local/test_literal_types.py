"""Trino's types of decimal literals and year-to-month intervals (athenakit.local.literal_types).

Decimal literals follow Trino's ``Decimals.parse`` (core/trino-spi/src/main/java/io/trino/spi/
type/Decimals.java): the precision counts the integral digits without leading zeros plus the
scale, at least 1. Whole queries are in tests/conformance/cases/trino_known_differences.yaml.
"""

from __future__ import annotations

import pytest
from sqlglot import exp, parse_one

from athenakit.local import literal_types
from athenakit.local.errors import UnsupportedLocally


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
    assert literal_types.literal_shape(_item(sql)) == shape


@pytest.mark.parametrize(("sql", "kind"), [
    ("SELECT 0.5 + 0.5", "decimal(2,1)"),  # 1 + max(s) + max(p - s)
    ("SELECT 0.5 * 0.25", "decimal(3,3)"),  # p1 + p2, s1 + s2
    ("SELECT 1.5", None),  # Trino's type is DuckDB's: nothing to report
    ("SELECT INTERVAL '14' MONTH", "interval year to month"),
    ("SELECT INTERVAL '1-2' YEAR TO MONTH", "interval year to month"),
    ("SELECT INTERVAL '3' DAY", None),
    ("SELECT CAST(0.5 AS varchar)", None),
])
def test_trino_type_where_duckdbs_differs(sql: str, kind: str | None) -> None:
    assert literal_types.trino_type(_item(sql)) == kind


def test_arithmetic_with_an_operand_of_unknown_shape_is_refused() -> None:
    with pytest.raises(UnsupportedLocally, match="decimal literal below 1"):
        literal_types.trino_type(_item("SELECT x * 0.5"))

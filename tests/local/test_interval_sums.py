"""sum and avg of intervals against Trino's rule computed in Python: an interval day to second
is summed in milliseconds and an interval year to month in months
(IntervalDayToSecondSumAggregation, IntervalYearToMonthSumAggregation); the average is
Java's Math.round(sum / count), half up, in those units (IntervalDayToSecondAverageAggregation,
IntervalYearToMonthAverageAggregation). https://trino.io/docs/current/functions/aggregate.html"""

from __future__ import annotations

import math
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from athenakit.local.engine import LocalEngine


def _java_round(value: float) -> int:
    return math.floor(value + 0.5)


def _day_second(millis: int) -> str:
    sign = "-" if millis < 0 else ""
    seconds, fraction = divmod(abs(millis), 1000)
    return f"INTERVAL '{sign}{seconds}.{fraction:03d}' SECOND"


def _length(value: Any) -> tuple[int, int]:
    """(months, milliseconds) of a result interval."""
    return value.months, (value.days * 86_400_000_000_000 + value.nanoseconds) // 1_000_000


@pytest.fixture(scope="module")
def engine() -> LocalEngine:
    return LocalEngine()


_SETTINGS = settings(max_examples=40, deadline=None, derandomize=True,
                     suppress_health_check=[HealthCheck.function_scoped_fixture])
_MILLIS = st.integers(-10**11, 10**11)


@_SETTINGS
@given(st.lists(st.one_of(st.none(), _MILLIS), min_size=1, max_size=7).filter(
    lambda values: any(v is not None for v in values)), st.booleans())
def test_day_to_second_intervals_sum_and_average_in_milliseconds(
        engine: LocalEngine, values: list[int | None], subquery: bool) -> None:
    cells = ", ".join("NULL" if v is None else _day_second(v) for v in values)
    source = f"(SELECT x FROM (VALUES {cells}) s(x))" if subquery else f"(VALUES {cells})"
    result = engine.run(f"SELECT sum(x), avg(x) FROM {source} t(x)")
    present = [v for v in values if v is not None]  # (a column of NULLs only has no type)
    total, average = result.rows[0]
    assert _length(total) == (0, sum(present))
    assert _length(average) == (0, _java_round(sum(present) / len(present)))
    assert [c.type for c in result.columns] == ["interval day to second"] * 2


@_SETTINGS
@given(st.lists(st.integers(-5000, 5000), min_size=1, max_size=7))
def test_year_to_month_intervals_sum_and_average_in_months(
        engine: LocalEngine, values: list[int]) -> None:
    cells = ", ".join(f"INTERVAL '{v}' MONTH" for v in values)
    result = engine.run(f"SELECT sum(x), avg(x) FROM (VALUES {cells}) t(x)")
    total, average = result.rows[0]
    assert _length(total) == (sum(values), 0)
    assert _length(average) == (_java_round(sum(values) / len(values)), 0)
    assert [c.type for c in result.columns] == ["interval year to month"] * 2


def test_a_sum_of_numbers_through_the_same_macro_keeps_the_bigint_overflow(
        engine: LocalEngine) -> None:
    from athenakit.errors import QueryError

    # Trino's sum(bigint) fails past the bigint range (LongSumAggregation: Math.addExact)
    with pytest.raises(QueryError, match="NUMERIC_VALUE_OUT_OF_RANGE"):
        engine.run("SELECT sum(x) FROM (VALUES 9223372036854775807, 1) t(x)")

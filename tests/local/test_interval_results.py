"""Interval results come back as the Athena runner reads Athena's printed intervals.

Athena prints an ``interval day to second`` as ``1 12:00:00.000`` (days, then the rest, both
with the sign of the length) and an ``interval year to month`` as ``6-3``; the Athena runner
reads that text into Arrow's (months, days, nanoseconds). The expected texts are Trino's:
TestIntervalDayTime.testSubtract (``INTERVAL '3' SECOND - INTERVAL '6' DAY`` is
``-5 23:59:57.000``), TestIntervalDayTime.testMultiply (``INTERVAL '1' DAY * 2.5`` is
``2 12:00:00.000``), TestIntervalYearMonth.testAdd (``6-3``), and the definition of the type
(https://trino.io/docs/current/language/types.html#interval-day-to-second: 36 hours is 1 day and
12 hours).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from athenakit.local.engine import LocalEngine
from athenakit.runner.convert import _interval as athena_reads


@pytest.fixture(scope="module")
def engine() -> Iterator[LocalEngine]:
    with LocalEngine() as local:
        yield local


@pytest.mark.parametrize(("sql", "athena_prints"), [
    ("SELECT INTERVAL '36' HOUR", "1 12:00:00.000"),
    ("SELECT INTERVAL '3' SECOND - INTERVAL '6' DAY", "-5 23:59:57.000"),
    ("SELECT INTERVAL '1' DAY * 2.5", "2 12:00:00.000"),
    ("SELECT INTERVAL '12 10:45:32.123' DAY TO SECOND", "12 10:45:32.123"),
    ("SELECT TIMESTAMP '2016-03-29 03:04:05.321' - TIMESTAMP '2017-03-30 14:15:16.432'",
     "-366 11:11:11.111"),
    ("SELECT INTERVAL '3' MONTH + INTERVAL '6' YEAR", "6-3"),
    ("SELECT INTERVAL '124-30' YEAR TO MONTH", "126-6"),
])
def test_an_interval_is_split_as_athenas_text_reads(engine: LocalEngine, sql: str,
                                                    athena_prints: str) -> None:
    value = engine.run(sql).rows[0][0]
    assert (value.months, value.days, value.nanoseconds) == athena_reads(athena_prints)


def test_a_year_to_month_null_keeps_its_type(engine: LocalEngine) -> None:
    result = engine.run("SELECT CAST(NULL AS INTERVAL YEAR TO MONTH)")
    assert [c.type for c in result.columns] == ["interval year to month"]
    assert [list(r) for r in result.rows] == [[None]]

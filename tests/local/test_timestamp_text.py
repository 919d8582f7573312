"""``CAST(timestamp AS varchar)`` prints the digits of the value's precision, as Trino does.

TestTimestamp.testCastToSlice: ``cast(TIMESTAMP '2001-1-22 03:04' as varchar)`` (a
``timestamp(0)``) is ``2001-01-22 03:04:00``, a ``timestamp(3)`` prints three digits
(``03:04:05.321``); TestTimestamp.testCastFromSlice: ``cast('2001-1-22 03:04:05' as timestamp)``
is a ``timestamp(3)`` (TIMESTAMP_MILLIS); TestDateTimeOperators.testTimeZoneGap:
``TIMESTAMP '2013-03-31 00:05' + INTERVAL '1' hour`` is a ``timestamp(3)``
(TimestampPlusIntervalDayToSecond: ``max(3, p)``); ``date_add`` keeps ``timestamp(p)``
(https://trino.io/docs/current/functions/datetime.html#date_add). DuckDB drops trailing zeros.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from athenakit.local.engine import LocalEngine
from athenakit.local.errors import UnsupportedLocally


@pytest.fixture(scope="module")
def engine() -> Iterator[LocalEngine]:
    with LocalEngine() as local:
        yield local


@pytest.mark.parametrize(("expression", "printed"), [
    ("TIMESTAMP '2001-01-22 03:04:05.000'", "2001-01-22 03:04:05.000"),
    ("TIMESTAMP '2001-01-22 03:04:05.100'", "2001-01-22 03:04:05.100"),
    ("TIMESTAMP '2001-01-22 03:04'", "2001-01-22 03:04:00"),
    ("TIMESTAMP '2001-01-22 03:04:05.12'", "2001-01-22 03:04:05.12"),
    ("CAST('2001-1-22 03:04:05' AS timestamp)", "2001-01-22 03:04:05.000"),
    ("TIMESTAMP '2013-03-31 00:05' + INTERVAL '1' hour", "2013-03-31 01:05:00.000"),
    ("date_add('hour', 1, TIMESTAMP '2013-03-31 00:05')", "2013-03-31 01:05:00"),
    ("date_parse('2013-05-17 23:35:10', '%Y-%m-%d %H:%i:%s')", "2013-05-17 23:35:10.000"),
    ("date_add('hour', 1, TIMESTAMP '2001-01-22 03:04 +07:09')", "2001-01-22 04:04:00 +07:09"),
])
def test_a_timestamp_prints_its_precision(engine: LocalEngine, expression: str,
                                          printed: str) -> None:
    assert engine.run(f"SELECT CAST({expression} AS varchar)").rows[0][0] == printed


def test_a_subquery_timestamp_prints_as_a_timestamp_3(engine: LocalEngine) -> None:
    sql = "SELECT CAST(t AS varchar) FROM (SELECT CAST('2001-01-22 03:04:05' AS timestamp) t)"
    assert engine.run(sql).rows[0][0] == "2001-01-22 03:04:05.000"


def test_a_subquery_zoned_timestamp_cast_to_varchar_is_refused(engine: LocalEngine) -> None:
    sql = "SELECT try(CAST(t AS varchar)) FROM (SELECT TIMESTAMP '2001-01-22 03:04:05 UTC' t)"
    with pytest.raises(UnsupportedLocally, match="zone is known only at run time"):
        engine.run(sql)


# TestTime.testCastToSlice: cast(TIME '03:04:05.321' as varchar) is 03:04:05.321, TIME '03:04'
# is 03:04:00; `time` is `time(3)` (https://trino.io/docs/current/language/types.html#time)
@pytest.mark.parametrize(("expression", "printed"), [
    ("TIME '03:04:05.000'", "03:04:05.000"),
    ("TIME '03:04'", "03:04:00"),
    ("CAST('03:04:05' AS time)", "03:04:05.000"),
    ("TIME '23:04:05.000' + INTERVAL '3' hour", "02:04:05.000"),
])
def test_a_time_prints_its_precision(engine: LocalEngine, expression: str, printed: str) -> None:
    assert engine.run(f"SELECT CAST({expression} AS varchar)").rows[0][0] == printed

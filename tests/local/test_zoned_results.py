"""``timestamp with time zone`` results come back in their zone, as Athena shows them.

Expected values: https://trino.io/docs/current/language/types.html#timestamp-with-time-zone
(``TIMESTAMP '2001-08-22 03:04:05.321 America/Los_Angeles'``) and
https://trino.io/docs/current/functions/datetime.html#time-zone-conversion
(``TIMESTAMP '2012-10-31 01:00 UTC' AT TIME ZONE 'America/Los_Angeles'`` is
``2012-10-30 18:00:00.000 America/Los_Angeles``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from zoneinfo import ZoneInfo

import pytest

from athenakit.local.engine import LocalEngine
from athenakit.local.errors import UnsupportedLocally


@pytest.fixture(scope="module")
def engine() -> Iterator[LocalEngine]:
    with LocalEngine() as local:
        yield local


def _only(engine: LocalEngine, sql: str) -> dt.datetime:
    value = engine.run(sql).rows[0][0]
    assert isinstance(value, dt.datetime)
    return value


def test_a_literal_keeps_its_named_zone(engine: LocalEngine) -> None:
    value = _only(engine, "SELECT TIMESTAMP '2001-08-22 03:04:05.321 America/Los_Angeles'")
    assert value.replace(tzinfo=None) == dt.datetime(2001, 8, 22, 3, 4, 5, 321000)
    assert value.tzinfo == ZoneInfo("America/Los_Angeles")


def test_at_time_zone_is_shown_in_the_target_zone(engine: LocalEngine) -> None:
    value = _only(engine, "SELECT TIMESTAMP '2012-10-31 01:00 UTC' AT TIME ZONE "
                          "'America/Los_Angeles'")
    assert value.replace(tzinfo=None) == dt.datetime(2012, 10, 30, 18, 0)
    assert value.tzinfo == ZoneInfo("America/Los_Angeles")


def test_an_offset_zone_and_utc(engine: LocalEngine) -> None:
    value = _only(engine, "SELECT TIMESTAMP '2001-08-22 03:04:05.321 +07:09'")
    assert value.replace(tzinfo=None) == dt.datetime(2001, 8, 22, 3, 4, 5, 321000)
    assert value.utcoffset() == dt.timedelta(hours=7, minutes=9)
    utc = _only(engine, "SELECT from_unixtime(0)")
    assert utc == dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc) and utc.utcoffset() == \
        dt.timedelta(0)


def test_the_zone_follows_a_column_through_a_subquery(engine: LocalEngine) -> None:
    value = _only(engine, "SELECT x FROM (SELECT from_unixtime(0, 'Asia/Kolkata') AS x)")
    assert (value.hour, value.minute) == (5, 30) and value.tzinfo == ZoneInfo("Asia/Kolkata")


def test_the_zone_follows_a_star_over_a_subquery(engine: LocalEngine) -> None:
    row = engine.run("SELECT * FROM (SELECT from_unixtime(0, 'Asia/Kolkata') AS k, 2 AS n)"
                     ).rows[0]
    assert row[0].tzinfo == ZoneInfo("Asia/Kolkata") and (row[0].hour, row[1]) == (5, 2)


def test_arrow_column_carries_the_zone(engine: LocalEngine) -> None:
    table = engine.run("SELECT TIMESTAMP '2001-08-22 03:04:05.321 Asia/Tokyo' AS t").to_arrow()
    assert table.schema.field("t").type.tz == "Asia/Tokyo"


@pytest.mark.parametrize("sql", [
    ("SELECT TIMESTAMP '2001-08-22 03:04:05 UTC' UNION ALL "
     "SELECT TIMESTAMP '2001-08-22 03:04:05 Asia/Tokyo'"),
])
def test_a_zone_known_only_at_run_time_is_refused(engine: LocalEngine, sql: str) -> None:
    with pytest.raises(UnsupportedLocally) as info:
        engine.run(sql)
    assert info.value.what == ("a timestamp with time zone result whose zone is known only "
                               "at run time")
    assert info.value.query_id


@pytest.mark.parametrize("sql", [
    ("SELECT * FROM (SELECT from_iso8601_timestamp(s) AS t FROM "
     "(SELECT '2001-08-22T03:04:05+02:00' AS s))"),
    "SELECT from_iso8601_timestamp(s) FROM (SELECT '2001-08-22T03:04:05+02:00' AS s)",
])
def test_iso_text_with_an_offset_known_only_at_run_time_is_refused(engine: LocalEngine,
                                                                   sql: str) -> None:
    # a text that is not a literal gives a UTC value; another offset is refused while running
    with pytest.raises(UnsupportedLocally) as info:
        engine.run(sql)
    assert info.value.what == ("from_iso8601_timestamp of a text that is not a literal, with an "
                               "offset other than UTC")
    assert info.value.query_id


def test_iso_text_in_utc_from_a_column_keeps_utc(engine: LocalEngine) -> None:
    # Trino: no offset is the session zone (UTC in Athena), Z and +00:00 are UTC
    rows = engine.run("SELECT * FROM (SELECT from_iso8601_timestamp(s) AS t FROM "
                      "(VALUES '2001-08-22T03:04:05Z', '2001-08-22T03:04:05') v(s))").rows
    assert [r[0] for r in rows] == [dt.datetime(2001, 8, 22, 3, 4, 5, tzinfo=dt.timezone.utc)] * 2


def test_a_refused_result_leaves_the_engine_usable(engine: LocalEngine) -> None:
    # the refusal comes after DuckDB ran the query: its unread result is cancelled, so the next
    # query (here one failing in a Python function) gets its own answer
    with pytest.raises(UnsupportedLocally):
        engine.run("SELECT TIMESTAMP '2001-08-22 03:04:05 UTC' UNION ALL "
                   "SELECT TIMESTAMP '2001-08-22 03:04:05 Asia/Tokyo'")
    with pytest.raises(UnsupportedLocally) as info:
        engine.run("SELECT from_iso8601_timestamp(s) FROM (SELECT '2001-08-22T03:04:05+02:00' AS s)")
    assert info.value.what.startswith("from_iso8601_timestamp of a text that is not a literal")
# io.trino.operator.scalar.timestamptz.TimestampWithTimeZoneOperators: a day-to-second interval
# adds its exact length (epoch millis + interval), months are added on the zone's chronology;
# date_add('day', ...) (DateTimeFunctions.addFieldValueTimestampWithTimeZone) on the wall clock.
@pytest.mark.parametrize(("sql", "wall_clock"), [
    ("SELECT TIMESTAMP '2020-03-07 12:00:00 America/Los_Angeles' + INTERVAL '1' DAY",
     dt.datetime(2020, 3, 8, 13, 0)),
    ("SELECT INTERVAL '1' DAY + TIMESTAMP '2020-03-07 12:00:00 America/Los_Angeles'",
     dt.datetime(2020, 3, 8, 13, 0)),
    ("SELECT TIMESTAMP '2020-03-08 12:00:00 America/Los_Angeles' - INTERVAL '24' HOUR",
     dt.datetime(2020, 3, 7, 11, 0)),
    ("SELECT TIMESTAMP '2020-02-15 12:00:00 America/Los_Angeles' + INTERVAL '1' MONTH",
     dt.datetime(2020, 3, 15, 12, 0)),
    ("SELECT INTERVAL '1' MONTH + TIMESTAMP '2020-02-15 12:00:00 America/Los_Angeles'",
     dt.datetime(2020, 3, 15, 12, 0)),
    ("SELECT date_add('day', 1, TIMESTAMP '2020-03-07 12:00:00 America/Los_Angeles')",
     dt.datetime(2020, 3, 8, 12, 0)),
])
def test_interval_arithmetic_across_a_dst_change(engine: LocalEngine, sql: str,
                                                 wall_clock: dt.datetime) -> None:
    value = _only(engine, sql)
    assert value.tzinfo == ZoneInfo("America/Los_Angeles")
    assert value.replace(tzinfo=None) == wall_clock

"""Projection explain: the partitions a predicate selects, checked against hand-computed lists.

Expected values follow Athena's projection rules
(https://docs.aws.amazon.com/athena/latest/ug/partition-projection-supported-types.html) and the
calendar: leap days, month lengths, zero-padding. Date values are walked as Trino's
DateProjection (the open implementation of Athena's projection) walks them: range ends cut to
the format's precision, ``plus(interval, unit)`` applied in turn.
"""

from __future__ import annotations

import datetime as dt

import pytest

from athenakit.errors import SpecError, SqlError
from athenakit.table.explain import MAX_PARTITIONS, estimate, explain, filters_for
from athenakit.table.model import Column, Partition, ProjectionConfig, Table
from athenakit.table.projection import (
    DateProjection,
    EnumProjection,
    InjectedProjection,
    IntegerProjection,
    Projection,
)

NOW = dt.datetime(2024, 3, 1, 13, 45, 10)


def table(*parts: tuple[str, str, Projection], template: str | None = None) -> Table:
    return Table(
        name="t", database="d", location="s3://b/t/", columns=(Column("x", "int"),),
        partitions=tuple(Partition(n, kind, projection=p) for n, kind, p in parts),
        projection=ProjectionConfig(location_template=template),
    )


def values(t: Table, where: str | None, column: str = "dt") -> list[str]:
    return [p[column] for p in explain(t, where, now=NOW).partitions()]


def daily(start: str, end: str, fmt: str = "yyyy-MM-dd") -> Table:
    return table(("dt", "string", DateProjection((start, end), fmt)))


# Date ranges across month ends and leap days
@pytest.mark.parametrize(("start", "end", "where", "expected"), [
    ("2024-02-26", "2024-03-03", "dt > '2024-02-27' AND dt <= '2024-03-01'",
     ["2024-02-28", "2024-02-29", "2024-03-01"]),
    ("2023-02-26", "2023-03-03", "dt BETWEEN '2023-02-27' AND '2023-03-01'",
     ["2023-02-27", "2023-02-28", "2023-03-01"]),
    ("2024-01-30", "2024-02-02", None, ["2024-01-30", "2024-01-31", "2024-02-01", "2024-02-02"]),
    ("2024-12-30", "2025-01-02", "dt >= '2024-12-31'", ["2024-12-31", "2025-01-01", "2025-01-02"]),
    ("2024-02-26", "2024-03-03", "dt = '2024-02-29'", ["2024-02-29"]),
    ("2023-02-26", "2023-03-03", "dt = '2023-02-29'", []),
    ("2024-02-26", "2024-03-03", "dt IN ('2024-03-01', '2024-02-27', '2020-01-01')",
     ["2024-02-27", "2024-03-01"]),
    ("2024-02-26", "2024-03-03", "dt <> '2024-02-29' AND dt < '2024-03-01'",
     ["2024-02-26", "2024-02-27", "2024-02-28"]),
])
def test_daily_ranges_cross_month_ends_and_leap_days(start: str, end: str, where: str | None,
                                                     expected: list[str]) -> None:
    assert values(daily(start, end), where) == expected


def test_slashed_day_format_counts_a_leap_february() -> None:
    t = daily("2024/01/01", "2024/12/31", "yyyy/MM/dd")
    assert explain(t, "dt >= '2024/02/01' AND dt < '2024/03/01'", now=NOW).count == 29
    assert explain(t, None, now=NOW).total == 366


def test_month_unit_clamps_the_day_and_keeps_it() -> None:
    # Jan 31 + 1 month = Feb 29 (2024 is a leap year); Feb 29 + 1 month = Mar 29, and so on
    t = table(("dt", "string", DateProjection(("2024-01-31", "2024-06-30"), "yyyy-MM-dd",
                                             "1", "MONTHS")))
    assert values(t, None) == ["2024-01-31", "2024-02-29", "2024-03-29", "2024-04-29",
                               "2024-05-29", "2024-06-29"]


def test_month_precise_format_steps_by_month() -> None:
    t = table(("dt", "string", DateProjection(("2023-11", "2024-03"), "yyyy-MM")))
    assert values(t, "dt >= '2023-12'") == ["2023-12", "2024-01", "2024-02", "2024-03"]


# Hour and minute units
def test_hourly_values_across_midnight() -> None:
    t = table(("dt", "string", DateProjection(("2024/02/28/22", "2024/03/01/01"),
                                             "yyyy/MM/dd/HH", "1", "HOURS")))
    assert values(t, "dt >= '2024/02/28/23' AND dt < '2024/02/29/02'") == [
        "2024/02/28/23", "2024/02/29/00", "2024/02/29/01"]
    assert explain(t, None, now=NOW).total == 28


def test_minutes_with_an_interval() -> None:
    t = table(("dt", "string", DateProjection(("2024-02-29 23:30", "2024-03-01 00:30"),
                                             "yyyy-MM-dd HH:mm", "15", "MINUTES")))
    assert values(t, None) == ["2024-02-29 23:30", "2024-02-29 23:45", "2024-03-01 00:00",
                               "2024-03-01 00:15", "2024-03-01 00:30"]
    assert values(t, "dt > '2024-02-29 23:45'") == [
        "2024-03-01 00:00", "2024-03-01 00:15", "2024-03-01 00:30"]


def test_a_day_of_thirty_years_of_hours() -> None:
    t = table(("dt", "string", DateProjection(("1995/01/01/00", "2024/12/31/23"),
                                             "yyyy/MM/dd/HH", "1", "HOURS")))
    found = explain(t, "dt >= '2012/02/29/00' AND dt <= '2012/02/29/23'", now=NOW)
    assert found.count == 24
    assert [p["dt"] for p in found.partitions()][::23] == ["2012/02/29/00", "2012/02/29/23"]
    # 30 years: 22 of 365 days and 8 leap years of 366 days, 24 hours each
    assert found.total == (22 * 365 + 8 * 366) * 24 == 262_992


# NOW
def test_now_ranges_are_cut_to_the_format_precision() -> None:
    t = table(("dt", "string", DateProjection(("NOW-3DAYS", "NOW"), "yyyy-MM-dd")))
    assert values(t, None) == ["2024-02-27", "2024-02-28", "2024-02-29", "2024-03-01"]
    hourly = table(("dt", "string", DateProjection(("NOW-2HOURS", "NOW+1HOUR"),
                                                  "yyyy-MM-dd-HH", "1", "HOURS")))
    assert values(hourly, None) == ["2024-03-01-11", "2024-03-01-12", "2024-03-01-13",
                                    "2024-03-01-14"]


# Integer digits and intervals
def test_integer_digits_and_interval() -> None:
    t = table(("n", "string", IntegerProjection(("0", "30"), interval="5", digits="3")))
    assert values(t, None, "n") == ["000", "005", "010", "015", "020", "025", "030"]
    assert values(t, "n >= '010' AND n < '025'", "n") == ["010", "015", "020"]


def test_integer_columns_compare_as_numbers() -> None:
    t = table(("n", "int", IntegerProjection(("1", "1000000"))))
    found = explain(t, "n > 999997", now=NOW)
    assert [p["n"] for p in found.partitions()] == ["999998", "999999", "1000000"]
    # as text '10' < '9', but an int column compares numbers
    assert values(t, "n BETWEEN 9 AND 11", "n") == ["9", "10", "11"]


def test_unpadded_integers_in_a_string_column_compare_as_text() -> None:
    t = table(("n", "string", IntegerProjection(("8", "12"))))
    assert values(t, "n >= '9'", "n") == ["9"]  # '10', '11', '12' sort before '9'


def test_negative_integers() -> None:
    t = table(("n", "int", IntegerProjection(("-2", "2"))))
    assert values(t, "n < 0", "n") == ["-2", "-1"]


# Enum and injected
def test_enum_keeps_its_order_and_filters() -> None:
    t = table(("region", "string", EnumProjection(("us-east-1", "eu-west-1", "ap-south-1"))))
    assert values(t, "region <> 'eu-west-1'", "region") == ["us-east-1", "ap-south-1"]
    assert values(t, "region IN ('ap-south-1', 'xx')", "region") == ["ap-south-1"]


def test_injected_values_come_from_equality_and_in() -> None:
    t = table(("id", "string", InjectedProjection()))
    assert values(t, "id = 'a1'", "id") == ["a1"]
    assert values(t, "id IN ('b', 'a', 'b')", "id") == ["b", "a"]
    with pytest.raises(SpecError, match="injected"):
        explain(t, "id > 'a'", now=NOW)


def test_several_columns_multiply_and_render_the_template() -> None:
    t = table(("region", "string", EnumProjection(("eu", "us"))),
              ("dt", "string", DateProjection(("2024-02-28", "2024-03-01"), "yyyy-MM-dd")),
              template="s3://b/logs/${region}/${dt}/")
    found = explain(t, "dt >= '2024-02-29' AND region = 'us'", now=NOW)
    assert list(found.locations()) == [
        ({"region": "us", "dt": "2024-02-29"}, "s3://b/logs/us/2024-02-29/"),
        ({"region": "us", "dt": "2024-03-01"}, "s3://b/logs/us/2024-03-01/"),
    ]
    assert (found.count, found.total) == (2, 6)


# Warnings
def test_no_partition_selected_is_a_warning() -> None:
    found = explain(daily("2024-01-01", "2024-01-31"), "dt > '2025'", now=NOW)
    assert found.count == 0
    assert [w.code for w in found.warnings] == ["AK510"]


def test_more_than_a_million_partitions_is_a_warning_without_listing() -> None:
    t = table(("dt", "string", DateProjection(("2000/01/01/00/00", "2004/12/31/23/59"),
                                             "yyyy/MM/dd/HH/mm", "1", "MINUTES")))
    found = explain(t, None, now=NOW, list_values=False)
    assert found.count == 1827 * 24 * 60 > MAX_PARTITIONS
    assert [w.code for w in found.warnings] == ["AK511"]


def test_sparse_projection_warning_gives_the_numbers() -> None:
    t = daily("2024-01-01", "2024-12-31")
    found = explain(t, None, now=NOW, list_values=False, written=12)
    assert [w.code for w in found.warnings] == ["AK512"]
    assert "366 partitions but 12 hold data" in found.warnings[0].message
    assert not explain(t, None, now=NOW, list_values=False, written=300).warnings


def test_estimate_counts_ranges_without_listing() -> None:
    t = table(("region", "string", EnumProjection(("eu", "us"))),
              ("dt", "string", DateProjection(("1995/01/01/00", "2024/12/31/23"),
                                              "yyyy/MM/dd/HH", "1", "HOURS")))
    assert estimate(t, filters_for(t, "dt >= '2024/01/01/00'"), now=NOW) == 2 * 366 * 24
    assert estimate(table(("id", "string", InjectedProjection())), {}, now=NOW) is None


def test_a_predicate_that_does_not_parse_names_the_column() -> None:
    with pytest.raises(SqlError, match="line 1"):
        explain(daily("2024-01-01", "2024-01-31"), "dt >= ", now=NOW)


def test_a_table_without_projection_is_refused() -> None:
    plain = Table(name="t", location="s3://b/t/", columns=(Column("x", "int"),),
                  partitions=(Partition("dt", "string"),))
    with pytest.raises(SpecError, match="no partition projection"):
        explain(plain)


def test_a_date_column_takes_hive_dates_and_its_folders_the_format() -> None:
    # a projected column of type date holds yyyy-MM-dd values; the format shapes the location
    # (Trino's DateProjection: formatValue for DateType, toPartitionLocationTemplateValue)
    t = table(("dt", "date", DateProjection(("2024/02/28", "2024/03/01"), "yyyy/MM/dd")),
              template="s3://b/t/${dt}/")
    found = explain(t, "dt >= DATE '2024-02-29'", now=NOW)
    assert list(found.locations()) == [({"dt": "2024-02-29"}, "s3://b/t/2024/02/29/"),
                                       ({"dt": "2024-03-01"}, "s3://b/t/2024/03/01/")]

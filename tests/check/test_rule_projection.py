"""AK346: queries that would read a huge number of projected partitions.

Athena reads at most 1,000,000 partitions per query
(https://docs.aws.amazon.com/athena/latest/ug/partition-projection.html). The counts below are
the calendar's: 1995..2024 holds 22 years of 365 days and 8 of 366 (10,958 days).
"""

from __future__ import annotations

from athenakit.check import check
from athenakit.errors import Severity
from athenakit.table.spec import loads_spec

HOURLY = loads_spec("""
name: hourly
database: logs
location: s3://b/hourly/
columns: [{name: msg, type: string}]
partitions:
  - {name: region, type: string, projection: {type: enum, values: [r1, r2, r3, r4, r5, r6, r7,
     r8, r9, r10, r11, r12, r13, r14, r15, r16, r17, r18, r19, r20]}}
  - {name: hour, type: string, projection: {type: date, range: [1995/01/01/00, 2024/12/31/23],
     format: yyyy/MM/dd/HH, interval: 1, interval_unit: HOURS}}
""")


def findings(sql: str) -> list[tuple[str, Severity, str]]:
    return [(d.code, d.severity, d.message) for d in check(sql, HOURLY) if d.code == "AK346"]


def test_a_read_over_athenas_million_partitions_is_an_error() -> None:
    assert findings("SELECT count(*) FROM logs.hourly WHERE msg = 'x'") == [
        ("AK346", Severity.ERROR, (f"reads {20 * 10958 * 24:,} projected partitions of hourly; "
                                  "Athena fails queries over 1,000,000"))]


def test_a_year_of_hours_in_every_region_is_a_warning() -> None:
    found = findings("SELECT * FROM logs.hourly h WHERE h.hour >= '2024/01/01/00'")
    assert found == [("AK346", Severity.WARNING, (f"reads {20 * 366 * 24:,} projected partitions "
                      "of hourly; narrow the filter on its partition columns"))]


def test_narrow_filters_pass() -> None:
    assert findings("SELECT * FROM logs.hourly WHERE region = 'r1' AND hour >= '2024/01/01/00'") == []
    assert findings("SELECT * FROM logs.hourly WHERE hour BETWEEN '2024/02/29/00' AND "
                    "'2024/02/29/23'") == []


def test_a_filter_athenakit_cannot_bound_is_a_warning_not_an_error() -> None:
    found = findings("SELECT * FROM (SELECT msg FROM logs.hourly WHERE hour LIKE '2024%') AS x")
    assert [(c, s) for c, s, _ in found] == [("AK346", Severity.WARNING)]
    assert "cannot bound the filter on hour" in found[0][2]


def test_the_finding_can_be_ignored() -> None:
    assert findings("SELECT count(*) FROM logs.hourly -- athenakit: ignore[AK346]") == []

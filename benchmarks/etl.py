"""The ETL write path's planning costs: a 10,000-partition write plan, and projection explain.

Run: ``python benchmarks/etl.py``. Prints, best of 5:

* planning a write of 10,000 daily partitions (CTAS + 99 INSERT steps, every statement rendered);
* explaining a 30-year hourly projection (262,992 values) filtered to one day, against walking
  the whole projection and filtering each value (what enumeration without bounds costs).
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from typing import Any


def best_of(runs: int, fn: Callable[[], Any]) -> tuple[float, Any]:
    best, result = float("inf"), None
    for _ in range(runs):
        start = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - start)
    return best, result


def main() -> None:
    from athenakit.table.explain import explain, filters_for
    from athenakit.table.model import Column, Partition, ProjectionConfig, Table
    from athenakit.table.projection import DateProjection
    from athenakit.table.projection_values import date_sequence
    from athenakit.write.plan import plan_write

    daily = Table(name="daily", database="lake", location="s3://lake/daily/",
                  columns=(Column("id", "bigint"), Column("amount", "double")),
                  partitions=(Partition("day", "string"),))
    start = dt.date(1990, 1, 1)
    keys = [((start + dt.timedelta(days=i)).isoformat(),) for i in range(10_000)]
    elapsed, plan = best_of(5, lambda: plan_write(daily, "SELECT * FROM raw.events", keys,
                                                  exists=False))
    size = sum(len(s.encode()) for s in plan.statements)
    print(f"plan 10,000 partitions: {len(plan.steps)} steps, {size / 1e6:.1f} MB of SQL, "
          f"{elapsed * 1000:.1f} ms")

    projection = DateProjection(("1995/01/01/00", "2024/12/31/23"), "yyyy/MM/dd/HH", "1",
                                "HOURS")
    hourly = Table(name="logs", location="s3://bench/logs/", columns=(Column("v", "bigint"),),
                   partitions=(Partition("dt", "string", projection=projection),),
                   projection=ProjectionConfig(location_template="s3://bench/logs/${dt}/"))
    where = "dt >= '2012/02/29/00' AND dt <= '2012/02/29/23'"
    now = dt.datetime(2025, 1, 1)
    bounded, found = best_of(5, lambda: list(explain(hourly, where, now=now).locations()))
    keep = filters_for(hourly, where)["dt"]
    walked, values = best_of(5, lambda: [v for v in date_sequence(projection, now)
                                         if keep(v)])
    assert [p["dt"] for p, _ in found] == values
    print(f"explain a day of a 30-year hourly projection: {len(found)} of "
          f"{date_sequence(projection, now).length:,} partitions, {bounded * 1000:.2f} ms "
          f"(walking every value: {walked * 1000:.1f} ms, {walked / bounded:.0f}x)")


if __name__ == "__main__":
    main()

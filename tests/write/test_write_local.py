"""The write planner executed on the local engine over 250 daily partitions.

The local engine enforces Athena's 100 open writers (HIVE_TOO_MANY_OPEN_PARTITIONS), so a step
of more than 100 partitions would fail here as it fails on Athena. The source rows are made by
the test; every expected count comes from them, not from athenakit.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from athenakit.errors import ConfigError, QueryError
from athenakit.local.engine import LocalEngine
from athenakit.local.objects import LocalObjects
from athenakit.query.result import QueryResult
from athenakit.table.model import Table
from athenakit.table.spec import loads_spec
from athenakit.write.execute import StepEvent
from athenakit.write.job import write

DAYS = 250
SOURCE = """
name: events
database: raw
location: s3://raw/events/
columns: [{name: id, type: bigint}, {name: amount, type: double}, {name: day, type: string}]
storage: {format: parquet}
"""
TARGET = """
name: daily
database: lake
location: s3://lake/daily/
columns: [{name: id, type: bigint}, {name: amount, type: double}]
partitions: [{name: day, type: string}]
storage: {format: parquet}
"""
SELECT = "SELECT id, amount, day FROM raw.events"

pytestmark = pytest.mark.slow


def _source_rows() -> list[dict[str, Any]]:
    start = dt.date(2023, 6, 1)
    rows = []
    for i in range(DAYS):
        day = (start + dt.timedelta(days=i)).isoformat()
        rows += [{"id": i * 10 + j, "amount": float(i + j), "day": day} for j in range(1 + i % 4)]
    return rows


@pytest.fixture
def lake(tmp_path: Path) -> dict[str, Any]:
    import pyarrow as pa
    import pyarrow.parquet as pq

    rows = _source_rows()
    folder = tmp_path / "s3" / "raw" / "events"
    folder.mkdir(parents=True)
    pq.write_table(pa.Table.from_pylist(rows), folder / "part-0.parquet")
    return {"root": tmp_path / "s3", "catalog": tmp_path / "catalog", "rows": rows,
            "state": tmp_path / "state.json"}


def _engine(lake: dict[str, Any]) -> LocalEngine:
    engine = LocalEngine(loads_spec(SOURCE), s3_root=lake["root"], catalog_dir=lake["catalog"])
    engine.run("CREATE DATABASE IF NOT EXISTS lake")
    return engine


def _target() -> Table:
    return loads_spec(TARGET)[0]


def _partition_files(lake: dict[str, Any]) -> dict[str, list[Path]]:
    base = lake["root"] / "lake" / "daily"
    return {d.name.removeprefix("day="): sorted(p for p in d.iterdir() if p.is_file())
            for d in sorted(base.iterdir()) if d.is_dir()}


def _counts(engine: LocalEngine) -> dict[str, int]:
    result = engine.run("SELECT day, count(*) FROM lake.daily GROUP BY day")
    return {str(day): int(n) for day, n in result.rows}


def test_250_partitions_written_once_each_with_the_source_row_counts(
        lake: dict[str, Any]) -> None:
    engine = _engine(lake)
    events: list[StepEvent] = []
    plan = write(engine, _target(), SELECT, state_path=lake["state"],
                 objects=LocalObjects(engine.paths), on_step=events.append)
    assert [s.kind for s in plan.steps] == ["ctas", "insert", "insert"]
    assert [len(s.partitions) for s in plan.steps] == [100, 100, 50]
    expected = Counter(r["day"] for r in lake["rows"])
    assert _counts(engine) == dict(expected)
    files = _partition_files(lake)
    assert len(files) == DAYS
    assert all(len(f) == 1 for f in files.values())  # each partition written by one statement
    assert [e.state for e in events] == ["started", "done"] * 3
    state = json.loads(lake["state"].read_text())
    assert state["complete"] is True
    assert {s["status"] for s in state["steps"].values()} == {"done"}


class FailingRunner:
    """Delegates to the local engine; fails on the n-th write statement, before or after it ran
    (after: the statement's files exist but the step never heard back, the worst case)."""

    def __init__(self, engine: LocalEngine, fail_on: int, *, after: bool) -> None:
        self.engine, self.fail_on, self.after = engine, fail_on, after
        self.on_event = None
        self.writes = 0

    def run(self, sql: str, params: Any = None) -> QueryResult:
        is_write = sql.startswith(("CREATE TABLE", "INSERT INTO"))
        if is_write:
            self.writes += 1
        if is_write and self.writes == self.fail_on:
            if self.after:
                self.engine.run(sql, params)
            raise QueryError("query failed", state="FAILED", reason="INTERNAL_ERROR: injected")
        return self.engine.run(sql, params)

    def cancel(self) -> None:
        self.engine.cancel()


@pytest.mark.parametrize("after", [False, True], ids=["before-writing", "after-writing"])
@pytest.mark.parametrize("fail_on", [1, 2, 3])
def test_a_failed_step_resumed_gives_the_same_data(lake: dict[str, Any], fail_on: int,
                                                    after: bool) -> None:
    engine = _engine(lake)
    objects = LocalObjects(engine.paths)
    failing = FailingRunner(engine, fail_on, after=after)
    with pytest.raises(QueryError, match="injected"):
        write(failing, _target(), SELECT, state_path=lake["state"], objects=objects)
    with pytest.raises(ConfigError, match="--resume"):
        write(engine, _target(), SELECT, state_path=lake["state"], objects=objects)
    events: list[StepEvent] = []
    write(engine, _target(), SELECT, state_path=lake["state"], objects=objects, resume=True,
          on_step=events.append)
    assert [e.state for e in events if e.state == "skipped"] == ["skipped"] * (fail_on - 1) + (
        ["skipped"] if after and fail_on == 1 else [])
    assert _counts(engine) == dict(Counter(r["day"] for r in lake["rows"]))
    files = _partition_files(lake)
    assert len(files) == DAYS and all(len(f) == 1 for f in files.values())


def test_resume_refuses_a_changed_select(lake: dict[str, Any]) -> None:
    engine = _engine(lake)
    with pytest.raises(QueryError):
        write(FailingRunner(engine, 2, after=False), _target(), SELECT,
              state_path=lake["state"], objects=LocalObjects(engine.paths))
    with pytest.raises(ConfigError, match="changed"):
        write(engine, _target(), SELECT + " WHERE id > 5", state_path=lake["state"],
              objects=LocalObjects(engine.paths), resume=True)


def test_append_adds_and_overwrite_replaces_exactly_the_partitions_written(
        lake: dict[str, Any]) -> None:
    engine = _engine(lake)
    objects = LocalObjects(engine.paths)
    write(engine, _target(), SELECT, state_path=lake["state"], objects=objects)
    before = _partition_files(lake)
    first_days = sorted(before)[:120]
    some = f"{SELECT} WHERE day <= '{first_days[-1]}'"
    write(engine, _target(), some, state_path=lake["state"], objects=objects)  # append
    expected = Counter(r["day"] for r in lake["rows"])
    doubled = {d: n * (2 if d in first_days else 1) for d, n in expected.items()}
    assert _counts(engine) == doubled
    write(engine, _target(), f"SELECT id, amount * 2 AS amount, day FROM raw.events "
          f"WHERE day <= '{first_days[-1]}'", state_path=lake["state"], objects=objects,
          mode="overwrite-partitions")
    assert _counts(engine) == dict(expected)
    after = _partition_files(lake)
    assert all(after[d] == before[d] for d in sorted(before)[120:])  # untouched
    assert all(len(after[d]) == 1 and after[d] != before[d] for d in first_days)
    state = json.loads(lake["state"].read_text())
    deleted = [p for s in state["steps"].values() for p in s["deleted"]]
    assert len(deleted) == 2 * 120  # the original file and the appended one, per partition
    assert all(p.startswith("s3://lake/daily/day=") for p in deleted)
    total = engine.run("SELECT sum(amount) FROM lake.daily WHERE day <= "
                       f"'{first_days[-1]}'").rows[0][0]
    assert total == sum(2 * r["amount"] for r in lake["rows"] if r["day"] <= first_days[-1])


def test_dry_run_runs_no_write(lake: dict[str, Any]) -> None:
    engine = _engine(lake)
    plan = write(engine, _target(), SELECT, state_path=lake["state"], dry_run=True)
    assert len(plan.steps) == 3
    assert not (lake["root"] / "lake").exists()
    assert not lake["state"].exists()

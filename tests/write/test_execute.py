"""Resuming Iceberg steps: a commit is all or nothing, but an interrupted one is unknown.

A recording runner stands in for Athena (a unit test of the step logic); the full path runs
on the local engine (test_write_local.py) and against moto (tests/runner/test_write_athena.py).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from athenakit.errors import ConfigError, QueryCancelled, QueryError
from athenakit.query.result import QueryResult, QueryStats
from athenakit.table.model import Column, IcebergPartition, Table
from athenakit.write.job import write

ICE = Table(name="ice", database="lake", location="s3://lake/ice/",
            columns=(Column("id", "bigint"), Column("region", "string")),
            table_type="iceberg", partitioning=(IcebergPartition("region"),))
KEYS = [(f"r{i:03d}",) for i in range(250)]


class Recorder:
    """Records statements; raises ``error`` on the ``fail_on``-th INSERT."""

    def __init__(self, fail_on: int = 0, error: Exception | None = None) -> None:
        self.sent: list[str] = []
        self.fail_on, self.error, self.inserts = fail_on, error, 0
        self.on_event = None

    def run(self, sql: str, params: Any = None) -> QueryResult:
        if sql.startswith("INSERT"):
            self.inserts += 1
            if self.inserts == self.fail_on and self.error is not None:
                raise self.error
        self.sent.append(sql)
        return QueryResult((), [], QueryStats(query_id="q", state="SUCCEEDED"))

    def cancel(self) -> None:
        pass


def test_a_failed_iceberg_insert_is_run_again(tmp_path: Path) -> None:
    state = tmp_path / "s.json"
    failing = Recorder(2, QueryError("query failed", state="FAILED", reason="ICEBERG_COMMIT_ERROR"))
    with pytest.raises(QueryError):
        write(failing, ICE, "SELECT * FROM raw.e", state_path=state, partitions=KEYS,
              exists=True)
    again = Recorder()
    plan = write(again, ICE, "SELECT * FROM raw.e", state_path=state, resume=True)
    assert again.sent == [plan.steps[1].statements[0], plan.steps[2].statements[0]]


def test_an_interrupted_iceberg_append_is_not_guessed(tmp_path: Path) -> None:
    state = tmp_path / "s.json"
    with pytest.raises(QueryCancelled):
        write(Recorder(2, KeyboardInterrupt()), ICE, "SELECT * FROM raw.e", state_path=state,
              partitions=KEYS, exists=True)
    with pytest.raises(ConfigError, match="cannot tell which"):
        write(Recorder(), ICE, "SELECT * FROM raw.e", state_path=state, resume=True)


def test_an_interrupted_iceberg_overwrite_deletes_and_inserts_again(tmp_path: Path) -> None:
    state = tmp_path / "s.json"
    with pytest.raises(QueryCancelled):
        write(Recorder(1, KeyboardInterrupt()), ICE, "SELECT * FROM raw.e", state_path=state,
              partitions=KEYS, exists=True, mode="overwrite-partitions")
    again = Recorder()
    plan = write(again, ICE, "SELECT * FROM raw.e", state_path=state, resume=True,
                 mode="overwrite-partitions")
    assert again.sent == plan.statements

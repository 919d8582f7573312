"""The worker thread that runs a statement: events reach the caller's thread, the elapsed time
keeps moving between the engine's own events, errors come back as they were raised."""

from __future__ import annotations

import threading
from typing import Any

import pytest

from athenakit.errors import QueryError
from athenakit.notebook.worker import run_interruptibly
from athenakit.query.base import EventHandler, Params, QueryEvent
from athenakit.query.result import QueryResult, QueryStats


class BlockingRunner:
    """Emits RUNNING, then waits until released (a stand-in for a long DuckDB statement)."""

    def __init__(self, error: Exception | None = None) -> None:
        self.on_event: EventHandler | None = None
        self.release = threading.Event()
        self.error = error
        self.cancelled = 0

    def run(self, sql: str, params: Params = None) -> QueryResult:
        assert self.on_event is not None
        self.on_event(QueryEvent("q-1", "RUNNING", 0.0))
        if not self.release.wait(30):
            raise AssertionError("never released")
        if self.error is not None:
            raise self.error
        return QueryResult((), [], QueryStats("q-1", "SUCCEEDED"))

    def cancel(self) -> None:
        self.cancelled += 1


def test_events_arrive_on_the_calling_thread_and_the_elapsed_time_ticks() -> None:
    runner = BlockingRunner()
    seen: list[tuple[QueryEvent, str]] = []

    def on_event(event: QueryEvent) -> None:
        seen.append((event, threading.current_thread().name))
        if len(seen) == 2:  # the first event and one tick of the clock
            runner.release.set()

    result = run_interruptibly(runner, "SELECT 1", None, on_event)
    assert result.stats.query_id == "q-1"
    assert {name for _, name in seen} == {threading.current_thread().name}
    first, tick = seen[0][0], seen[1][0]
    assert (tick.query_id, tick.state) == ("q-1", "RUNNING") and tick.elapsed_s > first.elapsed_s
    assert runner.on_event is None and runner.cancelled == 0


def test_an_engine_error_is_raised_unchanged() -> None:
    error = QueryError("query failed", query_id="q-1", state="FAILED", reason="boom")
    runner = BlockingRunner(error)
    runner.release.set()
    with pytest.raises(QueryError) as info:
        run_interruptibly(runner, "SELECT 1", None, lambda event: None)
    assert info.value is error


def test_parameters_reach_the_runner() -> None:
    received: list[Any] = []

    class Recorder(BlockingRunner):
        def run(self, sql: str, params: Params = None) -> QueryResult:
            received.append((sql, params))
            return QueryResult((), [], QueryStats("q-2", "SUCCEEDED"))

    run_interruptibly(Recorder(), "SELECT ?", [3], lambda event: None)
    assert received == [("SELECT ?", [3])]

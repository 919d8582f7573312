"""Run one statement so that a kernel interrupt always stops it.

Jupyter's stop button sends SIGINT, which Python turns into KeyboardInterrupt in the main thread
only when that thread runs Python code. A query waiting in C code (DuckDB executing, a socket
read) may never see it. So the statement runs in a worker thread while the main thread waits in
short, interruptible joins; on KeyboardInterrupt the main thread calls the runner's
``cancel()`` (StopQueryExecution for Athena, ``interrupt()`` for DuckDB) and keeps calling it
until the worker returns, since a query that is still being submitted has no id to stop yet.

Progress events are queued by the worker and handed to ``on_event`` on the main thread, so
display updates happen where IPython expects them.
"""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from athenakit.query.base import EventHandler, QueryEvent
from athenakit.query.result import QueryResult

TERMINAL_STATES = frozenset({"SUCCEEDED", "FAILED", "CANCELLED"})

POLL_S = 0.1
"""How often the main thread wakes up to show progress and notice an interrupt."""

START_S = 5.0
"""How long a thread interrupted while starting is given to show that it did start."""

TICK_S = 1.0
"""Between the engine's own events, the elapsed time shown is advanced this often."""


class Interrupted(Exception):
    """The user interrupted the statement; ``cause`` is what the worker ended with, if it
    ended with an error (a :class:`~athenakit.errors.QueryCancelled`, DuckDB's interrupt)."""

    def __init__(self, cause: BaseException | None = None) -> None:
        super().__init__("interrupted")
        self.cause = cause


def run_interruptibly(runner: Any, sql: str, params: Sequence[Any] | None,
                      on_event: EventHandler) -> QueryResult:
    """Run ``sql`` on ``runner`` in a worker thread; Ctrl-C cancels it.

    Args:
        runner: a :class:`~athenakit.query.base.Runner`.
        sql: one statement.
        params: values for its ``?`` placeholders.
        on_event: progress handler, called on the calling thread.

    Returns:
        The result.

    Raises:
        Interrupted: a KeyboardInterrupt arrived; the query was cancelled.
        Exception: whatever the runner raised.
    """
    events: queue.SimpleQueue[QueryEvent] = queue.SimpleQueue()
    outcome: list[tuple[bool, Any]] = []
    # Events, not Thread.join / Thread.start's own flag: a join cut short by KeyboardInterrupt
    # can leave the thread looking finished while it still runs.
    began, done = threading.Event(), threading.Event()

    def work() -> None:
        began.set()
        try:
            outcome.append((True, runner.run(sql, params)))
        except BaseException as err:  # noqa: BLE001 - handed to the main thread
            outcome.append((False, err))
        finally:
            done.set()

    worker = threading.Thread(target=work, name="athenakit-query", daemon=True)
    clock = _Clock(on_event)
    interrupted = False
    # Every line from here on may receive the KeyboardInterrupt: none of it may let it escape
    # while the worker could be running, or the query would go on unsupervised.
    try:
        runner.on_event = events.put
        try:
            worker.start()
        except KeyboardInterrupt:
            interrupted = True
            if not began.wait(START_S):
                raise Interrupted() from None  # the thread never started: nothing runs
        while not done.is_set():
            try:
                if interrupted:
                    runner.cancel()
                done.wait(POLL_S)
                _drain(events, clock)
                clock.tick()
            except KeyboardInterrupt:
                interrupted = True
    finally:
        runner.on_event = None
    _drain(events, clock)
    ok, value = outcome[0]
    if interrupted:
        raise Interrupted(None if ok else value)
    if ok:
        return value  # type: ignore[no-any-return]
    raise value


def _drain(events: queue.SimpleQueue[QueryEvent], on_event: EventHandler) -> None:
    while True:
        try:
            event = events.get_nowait()
        except queue.Empty:
            return
        on_event(event)


class _Clock:
    """Passes events on, and re-sends the last one with a fresh elapsed time every
    :data:`TICK_S` while the query runs (the local engine reports only start and end)."""

    def __init__(self, on_event: EventHandler) -> None:
        self.on_event = on_event
        self.last: QueryEvent | None = None
        self.received = self.shown = 0.0

    def __call__(self, event: QueryEvent) -> None:
        self.last, self.received = event, time.monotonic()
        self.shown = self.received
        self.on_event(event)

    def tick(self) -> None:
        now = time.monotonic()
        last = self.last
        if last is None or last.state in TERMINAL_STATES or now - self.shown < TICK_S:
            return
        self.shown = now
        self.on_event(replace(last, elapsed_s=last.elapsed_s + now - self.received))

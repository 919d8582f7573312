"""Query executions: their records, the queue, and the workers that run them on the local engine.

An execution is QUEUED when StartQueryExecution returns, RUNNING once a worker takes it, and
ends SUCCEEDED, FAILED or CANCELLED, as in Athena. Each worker owns one
:class:`~athenakit.local.engine.LocalEngine` (one DuckDB connection); StopQueryExecution marks a
queued execution CANCELLED at once and interrupts a running one.
https://docs.aws.amazon.com/athena/latest/APIReference/API_QueryExecutionStatus.html
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from athenakit.errors import AthenakitError, QueryCancelled, QueryError
from athenakit.query.result import QueryResult

log = logging.getLogger(__name__)
FINAL = ("SUCCEEDED", "FAILED", "CANCELLED")
# https://docs.aws.amazon.com/athena/latest/APIReference/API_AthenaError.html
SYSTEM, USER, OTHER = 1, 2, 3
INTERNAL_ERROR = 401  # error type of Athena's "internal error" (category 1, system)


@dataclass
class Execution:
    """One query execution, as GetQueryExecution describes it."""

    id: str
    sql: str
    database: str | None
    catalog: str
    workgroup: str
    output_location: str | None
    parameters: list[str]
    region: str
    statement_type: str
    substatement_type: str | None
    state: str = "QUEUED"
    submitted: float = field(default_factory=time.time)
    started: float | None = None
    completed: float | None = None
    reason: str | None = None
    error: QueryError | None = None
    result: QueryResult | None = None
    cancel_requested: bool = False
    manifest: str | None = None  # DataManifestLocation of CTAS / INSERT / UNLOAD
    reuse_configuration: dict[str, Any] = field(default_factory=dict)
    reused: Execution | None = None  # the execution whose result this one reuses
    run_sql: str | None = None  # what runs, when not ``sql`` (EXECUTE: the prepared statement)

    scanned_bytes: int = 0
    rows: int | None = 0  # rows returned, or written by CTAS / INSERT (None: not known)
    output_bytes: int | None = None  # bytes of the result, or of the data files written
    spilled: Any = None  # a spill.Spilled: its rows on disk, once they left memory
    evicted: bool = False  # its rows were let go and could not be spilled
    restored: bool = False  # described by an earlier run of the endpoint (serve.state)

    def finish(self, state: str, reason: str | None = None) -> None:
        self.state, self.reason, self.completed = state, reason, time.time()
        if self.result is not None:
            self.scanned_bytes = self.result.stats.data_scanned_bytes
            written = self.result.stats.rows_written
            unknown = self.substatement_type == "UNLOAD"  # the engine does not count them
            self.rows = written if written is not None else None if unknown else \
                len(self.result)


Runner = Callable[["Execution", Any], None]


class Executions:
    """The executions of one endpoint and the workers that run them.

    Args:
        make_worker: builds one worker's state (its engine); called once per worker thread.
        run: runs one execution with a worker's state, setting its result or error.
        cancel: interrupts what a worker's state runs.
        workers: how many queries run at once.
        kept_results: how many results are held in memory (the newest) ...
        kept_values: ... and how many values they hold at most between them; older results
            are spilled to disk, so a long-running endpoint stays bounded in memory while
            GetQueryResults still pages every finished query's result.
        spill: where results that leave memory go (:class:`~athenakit.serve.spill.Spill`);
            None lets them go (GetQueryResults then refuses them).
    """

    def __init__(self, make_worker: Callable[[], Any], run: Runner,
                 cancel: Callable[[Any], None], workers: int = 4,
                 kept_results: int = 5000, kept_values: int = 2_000_000,
                 spill: Any = None) -> None:
        self._kept: deque[Execution] = deque()
        self._keep, self._keep_values, self._values = kept_results, kept_values, 0
        self._spill = spill
        self.finished = 0  # executions that reached a final state (the saver watches it)
        self.by_id: dict[str, Execution] = {}
        self.order: list[str] = []
        self.lock = threading.Lock()
        self._queue: queue.Queue[Execution | None] = queue.Queue()
        self._run, self._cancel, self._make = run, cancel, make_worker
        self._running: dict[str, Any] = {}
        self._threads = [threading.Thread(target=self._loop, name=f"athenakit-query-{n}",
                                          daemon=True) for n in range(workers)]
        for thread in self._threads:
            thread.start()

    def submit(self, execution: Execution) -> None:
        with self.lock:
            self.by_id[execution.id] = execution
            self.order.append(execution.id)
        self._queue.put(execution)

    def record(self, execution: Execution, result: QueryResult | None = None) -> None:
        """Keep an execution that completed when it was submitted (PREPARE, DEALLOCATE, a
        reused result)."""
        from athenakit.query.result import QueryStats

        if result is not None:
            execution.result = result
        elif execution.spilled is None:  # nothing to show (PREPARE, DEALLOCATE)
            execution.result = QueryResult((), [], QueryStats(execution.id, "SUCCEEDED",
                                                              engine="local"))
        execution.started = execution.submitted
        with self.lock:
            self.by_id[execution.id] = execution
            self.order.append(execution.id)
            victims = self._finish(execution, ("SUCCEEDED", None))
        self._let_go(victims)

    def restore(self, execution: Execution) -> None:
        """Add a finished execution of an earlier run (``serve.state``); a known id is kept."""
        with self.lock:
            if execution.id not in self.by_id:
                self.by_id[execution.id] = execution
                self.order.append(execution.id)

    def reuse(self, execution: Execution, old: Execution) -> None:
        """Keep an execution answered with ``old``'s result, held or spilled."""
        execution.reused = old
        execution.spilled = old.spilled  # read before the result: a spill sets it first
        self.record(execution, old.result)

    def reusable(self, execution: Execution, max_age_s: float) -> Execution | None:
        """The newest SUCCEEDED execution of the same query text, context, workgroup and
        parameters, completed at most ``max_age_s`` ago (Athena does not check whether the
        data changed since)."""
        same = ("sql", "database", "catalog", "workgroup", "parameters")
        oldest = time.time() - max_age_s
        with self.lock:
            for query_id in reversed(self.order):
                old = self.by_id[query_id]
                fresh = old.completed is not None and old.completed >= oldest
                held = old.result is not None or old.spilled is not None
                if old.state == "SUCCEEDED" and old.reused is None and held and fresh and \
                        all(getattr(old, k) == getattr(execution, k) for k in same):
                    return old
        return None

    def get(self, query_id: str) -> Execution | None:
        with self.lock:
            return self.by_id.get(query_id)

    def stop(self, execution: Execution) -> None:
        """Cancel a queued or running execution (a finished one stays as it is)."""
        with self.lock:
            if execution.state == "QUEUED":
                execution.finish("CANCELLED", "Query was cancelled by user")
            elif execution.state == "RUNNING":
                execution.cancel_requested = True
                worker = self._running.get(execution.id)
                if worker is not None:
                    threading.Thread(target=self._interrupt, args=(execution, worker),
                                     daemon=True).start()

    def _interrupt(self, execution: Execution, worker: Any) -> None:
        """Interrupt the worker until the execution ends: an interrupt that lands between two
        statements of a run (the engine being built, the catalog written) is not lost."""
        while True:
            with self.lock:
                if execution.state != "RUNNING" or self._running.get(execution.id) is not worker:
                    return
            self._cancel(worker)
            time.sleep(0.05)

    def shutdown(self) -> None:
        """Cancel every queued and running execution and stop the workers."""
        with self.lock:
            pending = [e for e in self.by_id.values() if e.state not in FINAL]
        for execution in pending:
            self.stop(execution)
        for _ in self._threads:
            self._queue.put(None)
        for thread in self._threads:
            thread.join(timeout=10)

    def close(self) -> None:
        """Remove the spilled results (after :meth:`shutdown`, when the endpoint stops)."""
        if self._spill is not None:
            self._spill.close()

    def _loop(self) -> None:
        worker = None
        while True:
            execution = self._queue.get()
            if execution is None:
                return
            if worker is None:
                worker = self._make()
            self._one(worker, execution)

    def _one(self, worker: Any, execution: Execution) -> None:
        with self.lock:
            if execution.state != "QUEUED":
                return
            execution.state, execution.started = "RUNNING", time.time()
            self._running[execution.id] = worker
        outcome = self._outcome(execution, worker)
        with self.lock:
            self._running.pop(execution.id, None)
            victims = self._finish(execution, outcome)
        self._let_go(victims)

    def _finish(self, execution: Execution, outcome: tuple[str, str | None]) -> list[Execution]:
        """Set the final state; the oldest held results beyond the limits, which leave memory
        (locked)."""
        execution.finish(*outcome)
        self.finished += 1
        if execution.result is None:
            return []
        self._kept.append(execution)
        self._values += _values(execution)
        victims = []
        while len(self._kept) > 1 and (len(self._kept) > self._keep or
                                       self._values > self._keep_values):
            old = self._kept.popleft()
            self._values -= _values(old)
            victims.append(old)
        return victims

    def _let_go(self, victims: list[Execution]) -> None:
        """Spill results leaving memory to disk (not locked: GetQueryResults reads them from
        memory until their file is complete)."""
        for old in victims:
            if self._spill is not None and old.result is not None:
                try:
                    old.spilled = self._spill.write(old.id, old.result)
                except OSError as err:
                    log.warning("cannot spill the result of %s to disk: %s", old.id, err)
            old.evicted = old.spilled is None
            old.result = None

    def _outcome(self, execution: Execution, worker: Any) -> tuple[str, str | None]:
        """Run the execution: its final state and StateChangeReason (its error is set)."""
        cancelled = ("CANCELLED", "Query was cancelled by user")
        try:
            self._run(execution, worker)
        except QueryCancelled:
            return cancelled
        except Exception as err:  # noqa: BLE001 -- the endpoint reports it as Athena would
            # an interrupt that lands while the engine is built or results and the catalog are
            # written surfaces as whatever that step raises: it is still the cancellation
            if execution.cancel_requested:
                return cancelled
            execution.error = _query_error(err)
            return "FAILED", execution.error.reason or execution.error.message
        return "SUCCEEDED", None


def _values(execution: Execution) -> int:
    result = execution.result
    return len(result.rows) * max(1, len(result.columns)) if result is not None else 0


def _query_error(err: Exception) -> QueryError:
    """The error a failed run reports: a QueryError as it is; other athenakit errors as the
    user's, anything else as Athena's INTERNAL_ERROR."""
    if isinstance(err, QueryError):
        return err
    if isinstance(err, AthenakitError):
        return QueryError(str(err), category=USER, error_type=1000, reason=str(err))
    return QueryError(str(err), category=SYSTEM, error_type=INTERNAL_ERROR,
                      reason=f"INTERNAL_ERROR: {type(err).__name__}: {err}")

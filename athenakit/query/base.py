"""The engine-neutral interface every query runner implements.

Both the Athena runner (:class:`athenakit.runner.athena.Athena`) and the local DuckDB engine
(``athenakit.local``) satisfy :class:`Runner`, so the ``athenakit run`` command, notebooks and ETL
code can switch engines without changing anything else:

    >>> def row_count(runner: Runner, table: str) -> int:
    ...     return runner.run(f"SELECT count(*) FROM {table}").rows[0][0]

Contract:

* ``run(sql, params)`` executes ONE statement and returns a :class:`~athenakit.query.result.QueryResult`
  (columns with Athena/Trino type names, rows as Python values, stats). ``params`` are positional
  values for ``?`` placeholders; a runner checks their count before executing and raises
  :class:`~athenakit.errors.QueryError` (or a subclass) when the statement does not succeed,
  :class:`~athenakit.errors.QueryCancelled` when it was stopped.
* ``cancel()`` stops the statement currently running, if any; it is safe to call from another
  thread or a signal handler and does nothing when idle.
* ``on_event`` (optional, set by the caller) receives :class:`QueryEvent` progress updates: the
  CLI uses them for its live status line and to print the query id as soon as it is known.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol, runtime_checkable

from athenakit.query.result import QueryResult

Params = Sequence[Any] | None
"""Positional values for the ``?`` placeholders of a statement."""


@dataclass(frozen=True)
class QueryEvent:
    """A progress update about the running statement.

    Attributes:
        query_id: the engine's id of the execution.
        state: QUEUED, RUNNING, SUCCEEDED, FAILED or CANCELLED.
        elapsed_s: seconds since the statement was submitted.
        data_scanned_bytes: bytes scanned so far, when the engine knows.
    """

    query_id: str
    state: str
    elapsed_s: float = 0.0
    data_scanned_bytes: int = 0


EventHandler = Callable[[QueryEvent], None]


@runtime_checkable
class Runner(Protocol):
    """Something that runs one SQL statement and returns a :class:`QueryResult`."""

    on_event: EventHandler | None

    def run(self, sql: str, params: Params = None) -> QueryResult:
        """Run one statement.

        Args:
            sql: the statement text (no trailing ``;`` needed).
            params: positional values for ``?`` placeholders.

        Returns:
            The result rows and stats.

        Raises:
            QueryError: the statement failed (carries query id, state, reason).
            QueryCancelled: the statement was stopped by ``cancel()`` or a timeout.
            ConfigError: the runner is missing settings it needs.
        """
        ...

    def cancel(self) -> None:
        """Stop the running statement, if any (no-op when idle)."""
        ...


def run_statements(
    runner: Runner, statements: Sequence[str], params: Params = None,
    on_result: Callable[[int, QueryResult], None] | None = None,
) -> list[QueryResult]:
    """Run statements in order on ``runner``, stopping at the first failure.

    Args:
        runner: any :class:`Runner`.
        statements: statement texts, e.g. from :func:`athenakit.sql.splitter.split_statements`.
        params: positional parameters, passed to every statement that has ``?`` placeholders.
        on_result: called with (index, result) after each statement succeeds.

    Returns:
        The results in order.

    Raises:
        QueryError: from the first statement that failed; later statements are not run.
    """
    from athenakit.query.params import count_placeholders

    results: list[QueryResult] = []
    for index, sql in enumerate(statements):
        own = params if params and count_placeholders(sql) else None
        result = runner.run(sql, own)
        results.append(result)
        if on_result is not None:
            on_result(index, result)
    return results

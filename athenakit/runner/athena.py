"""The Athena runner: one call runs a statement, waits for it and returns rows and cost.

Example:
    >>> athena = Athena(workgroup="etl", output="s3://my-results/athena/")  # doctest: +SKIP
    >>> result = athena.run("SELECT * FROM logs WHERE day = ?", ["2024-01-31"])  # doctest: +SKIP
    >>> result.stats.cost_usd  # doctest: +SKIP
    4.76837158203125e-05
"""

from __future__ import annotations

import logging
import threading
import time
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from athenakit.errors import ConfigError, QueryCancelled, QueryError
from athenakit.query.base import EventHandler, Params, QueryEvent
from athenakit.query.params import check_params
from athenakit.query.result import QueryResult, QueryStats
from athenakit.runner import fetch, redact
from athenakit.runner.config import MISSING_REGION_MESSAGE, AthenaConfig, missing_output_message
from athenakit.runner.conveniences import AthenaConveniences
from athenakit.runner.retry import (
    CONNECT_TIMEOUT,
    READ_TIMEOUT,
    AthenaApiError,
    RetryPolicy,
    call,
)

log = logging.getLogger(__name__)

TERMINAL_STATES = frozenset({"SUCCEEDED", "FAILED", "CANCELLED"})
MAX_QUERY_RETRIES = 2  # re-runs of a FAILED query that Athena marks Retryable


class Athena(AthenaConveniences):
    """Runs SQL on Amazon Athena; implements :class:`athenakit.query.base.Runner`.

    Args:
        config: a ready :class:`AthenaConfig`; otherwise built from ``settings`` and the
            environment with :meth:`AthenaConfig.resolve`.
        session: a boto3 Session to use instead of one made from ``profile`` / ``region``.
        retry: the retry policy for API calls (throttling, 5xx).
        on_event: progress callback (query id known, state changes).
        settings: any :class:`AthenaConfig` field: region, profile, workgroup, output,
            database, catalog, reuse_minutes, poll_interval, timeout, fetch, endpoint_url...

    Raises:
        ConfigError: for invalid settings (region and output are checked at the first query).
    """

    def __init__(
        self, config: AthenaConfig | None = None, *, session: Any = None,
        retry: RetryPolicy | None = None, on_event: EventHandler | None = None,
        **settings: Any,
    ) -> None:
        self.config = config if config is not None else AthenaConfig.resolve(**settings)
        self.retry = retry or RetryPolicy()
        self.on_event = on_event
        self._session = session
        self._clients: dict[str, Any] = {}
        self._current: str | None = None
        self._cancel = threading.Event()
        self._lock = threading.Lock()
        self.last_stats: QueryStats | None = None
        """Stats of the last execution that ended, whatever its state (cost of failures too)."""
        self.unconfirmed_stop: str | None = None
        """The id of the last query that was to be stopped but whose stop never got through."""
        self._deadline: float | None = None

    # --- AWS plumbing -------------------------------------------------------------------

    def client(self, service: str) -> Any:
        """The boto3 client for ``athena`` or ``s3`` (botocore retries off: ours apply)."""
        with self._lock:
            if service not in self._clients:
                self._clients[service] = self._make_client(service)
            return self._clients[service]

    def _make_client(self, service: str) -> Any:
        import boto3
        from botocore.config import Config
        from botocore.exceptions import BotoCoreError

        try:
            session: Any = self._session or boto3.Session(
                profile_name=self.config.profile, region_name=self.config.region,
            )
        except BotoCoreError as err:
            raise ConfigError(f"cannot load AWS profile {self.config.profile!r}: {err}") from err
        if not session.region_name:
            raise ConfigError(MISSING_REGION_MESSAGE)
        redact.register_session(session)
        limit = self.config.timeout or READ_TIMEOUT  # a hanging call fails within the timeout
        cfg = Config(retries={"total_max_attempts": 1}, user_agent_extra="athenakit",
                     connect_timeout=min(CONNECT_TIMEOUT, limit),
                     read_timeout=min(READ_TIMEOUT, limit))
        client = session.client(service, config=cfg, endpoint_url=self.config.endpoint_url)
        redact.install()  # botocore's loggers exist now
        return client

    def api(self, operation: str, **kwargs: Any) -> Any:
        """Call an Athena API operation (snake_case name) with retries (none past the
        deadline of a query with a timeout)."""
        return call(self.retry, getattr(self.client("athena"), operation),
                    deadline=self._deadline, **kwargs)

    def _api_once(self, operation: str, **kwargs: Any) -> Any:
        """One attempt, even past the deadline: stopping a query and reading its end."""
        return call(RetryPolicy(max_attempts=1), getattr(self.client("athena"), operation),
                    **kwargs)

    @contextmanager
    def _deadline_scope(self) -> Iterator[None]:
        """``--timeout`` bounds the whole call: polling, retries and fetching the rows."""
        outer = self._deadline is None and self.config.timeout is not None
        if outer:
            self._deadline = time.monotonic() + float(self.config.timeout or 0)
        try:
            yield
        finally:
            if outer:
                self._deadline = None

    def _past_deadline(self) -> bool:
        return self._deadline is not None and time.monotonic() >= self._deadline

    def output_location(self) -> str:
        """The S3 result location: configured, or the workgroup's.

        Raises:
            ConfigError: neither is set; the message says how to set one.
        """
        if self.config.output:
            return self.config.output
        workgroup = self.config.workgroup or "primary"
        info = self.api("get_work_group", WorkGroup=workgroup).get("WorkGroup", {})
        output = (info.get("Configuration", {}).get("ResultConfiguration", {})
                  .get("OutputLocation"))
        if not output:
            raise ConfigError(missing_output_message(self.config.workgroup))
        self.config = self.config.with_output(output)
        return str(output)

    # --- running ------------------------------------------------------------------------

    def run(self, sql: str, params: Params = None, *, stream: bool = False) -> QueryResult:
        """Run one statement and return its rows and stats.

        Args:
            sql: one statement; ``?`` marks positional parameters.
            params: one Python value per ``?`` (str, int, float, bool, Decimal, date,
                datetime, None, lists, dicts).
            stream: leave a result in S3 unread until used, so that
                ``result.iter_batches()`` streams it (results larger than memory).

        Returns:
            The :class:`QueryResult`; ``result.stats.cost_usd`` is what the query cost.

        Raises:
            ParameterError: wrong parameter count or unsupported value (nothing is sent).
            QueryError: the query FAILED (id, state, error category and Athena's message).
            QueryCancelled: stopped by :meth:`cancel` or the timeout.
            ConfigError: no region or output location.
        """
        formatted = check_params(sql, params)
        with self._deadline_scope():
            return self._run(sql, formatted, stream)

    def _run(self, sql: str, formatted: Sequence[str] | None, stream: bool) -> QueryResult:
        for attempt in range(MAX_QUERY_RETRIES + 1):
            execution = self._execute(sql, formatted)
            status = execution.get("Status", {})
            error = status.get("AthenaError", {})
            if status.get("State") == "FAILED" and error.get("Retryable") and (
                attempt < MAX_QUERY_RETRIES
            ):
                log.warning("query %s failed with a retryable error; running it again",
                            execution["QueryExecutionId"])
                continue
            return self._result(execution, stream=stream)
        raise AssertionError("unreachable")  # pragma: no cover

    def start(self, sql: str, params: Sequence[str] | None = None) -> str:
        """Submit ``sql`` with already formatted ExecutionParameters; return the query id."""
        request: dict[str, Any] = {
            "QueryString": sql,
            "ClientRequestToken": uuid.uuid4().hex,  # makes a retried start idempotent
            "ResultConfiguration": {"OutputLocation": self.output_location()},
        }
        context = {k: v for k, v in (("Database", self.config.database),
                                     ("Catalog", self.config.catalog)) if v}
        if context:
            request["QueryExecutionContext"] = context
        if self.config.workgroup:
            request["WorkGroup"] = self.config.workgroup
        if params:
            request["ExecutionParameters"] = list(params)
        if self.config.reuse_minutes:
            # https://docs.aws.amazon.com/athena/latest/ug/reusing-query-results.html
            request["ResultReuseConfiguration"] = {"ResultReuseByAgeConfiguration": {
                "Enabled": True, "MaxAgeInMinutes": self.config.reuse_minutes}}
        query_id = str(self.api("start_query_execution", **request)["QueryExecutionId"])
        log.info("query %s started", query_id)
        return query_id

    def result(self, query_id: str, *, stream: bool = False) -> QueryResult:
        """Wait for a query started with :meth:`start` and return its result.

        Raises:
            QueryError / QueryCancelled: as :meth:`run`.
        """
        with self._deadline_scope():
            return self._result(self.wait(query_id), stream=stream)

    def _execute(self, sql: str, params: Sequence[str] | None) -> dict[str, Any]:
        self._cancel.clear()
        query_id = self.start(sql, params)
        self._current = query_id
        try:
            self._emit(QueryEvent(query_id, "QUEUED"))
            return self.wait(query_id)
        except KeyboardInterrupt:
            self.stop(query_id)
            raise
        except AthenaApiError as err:  # polling failed: the query may still be running
            raise self._abandoned(query_id, err) from err
        finally:
            self._current = None

    def _abandoned(self, query_id: str, err: AthenaApiError) -> QueryError:
        stopped = self.stop(query_id)
        note = "the query was stopped" if stopped else stop_unconfirmed()
        if self._past_deadline():
            return QueryCancelled(f"query timed out after {self.config.timeout:g}s ({err}); "
                                  f"{note}", query_id=query_id)
        return AthenaApiError(f"{err}; {note}: id {query_id}", code=err.code)

    def wait(self, query_id: str) -> dict[str, Any]:
        """Poll until the query ends; stop it on timeout or :meth:`cancel`.

        Returns:
            The final ``QueryExecution`` description.

        Raises:
            QueryCancelled: the timeout passed (the query is stopped first).
        """
        with self._deadline_scope():
            return self._wait(query_id)

    def _wait(self, query_id: str) -> dict[str, Any]:
        started = time.monotonic()
        interval = self.config.poll_interval
        while True:
            execution = self.api("get_query_execution", QueryExecutionId=query_id)
            execution = execution["QueryExecution"]
            state = execution["Status"]["State"]
            elapsed = time.monotonic() - started
            scanned = int(execution.get("Statistics", {}).get("DataScannedInBytes", 0) or 0)
            self._emit(QueryEvent(query_id, state, elapsed, scanned))
            if state in TERMINAL_STATES:
                return dict(execution)
            if self._past_deadline():
                raise self._timed_out(query_id)
            wait_for = interval if self._deadline is None else min(
                interval, self._deadline - time.monotonic())
            if self._cancel.wait(max(wait_for, 0.0)):
                self._cancel.clear()
                if not self.stop(query_id):  # polling on would wait for a query still running
                    raise QueryCancelled(f"cancelled; {stop_unconfirmed()}", query_id=query_id)
            interval = min(interval * self.config.poll_backoff, self.config.poll_max_interval)

    def _timed_out(self, query_id: str) -> QueryCancelled:
        timeout = f"{self.config.timeout:g}s"
        if not self.stop(query_id):
            return QueryCancelled(f"query timed out after {timeout}; {stop_unconfirmed()}",
                                  query_id=query_id)
        self._record_final(query_id)
        return QueryCancelled(f"query timed out after {timeout} and was stopped",
                              query_id=query_id, state="CANCELLED")

    def stop(self, query_id: str) -> bool:
        """Send StopQueryExecution for ``query_id`` (errors are logged, not raised).

        Returns:
            Whether Athena accepted the stop; if not, :attr:`unconfirmed_stop` names the query.
        """
        log.warning("stopping query %s", query_id)
        try:
            if self._past_deadline():
                self._api_once("stop_query_execution", QueryExecutionId=query_id)
            else:
                self.api("stop_query_execution", QueryExecutionId=query_id)
        except QueryError as err:
            log.warning("could not stop query %s: %s", query_id, err)
            self.unconfirmed_stop = query_id
            return False
        self.unconfirmed_stop = None
        return True

    def _record_final(self, query_id: str) -> None:
        """Keep the stats of a stopped query (it is billed for what it scanned)."""
        try:
            execution = self._api_once("get_query_execution", QueryExecutionId=query_id)
        except QueryError as err:
            log.warning("could not read the final state of %s: %s", query_id, err)
            return
        self.last_stats = stats_of(execution["QueryExecution"])

    def cancel(self) -> None:
        """Stop the running query, if any; safe from another thread."""
        if self._current is not None:
            self._cancel.set()

    def _emit(self, event: QueryEvent) -> None:
        if self.on_event is not None:
            self.on_event(event)

    # --- results ------------------------------------------------------------------------

    def _result(self, execution: dict[str, Any], *, stream: bool = False) -> QueryResult:
        stats = self.last_stats = stats_of(execution)
        status = execution.get("Status", {})
        if stats.state == "CANCELLED":
            raise QueryCancelled("query was cancelled", query_id=stats.query_id,
                                 state=stats.state, reason=status.get("StateChangeReason"))
        if stats.state == "FAILED":
            error = status.get("AthenaError", {})
            raise QueryError(
                "query failed", query_id=stats.query_id, state=stats.state,
                reason=error.get("ErrorMessage") or status.get("StateChangeReason"),
                category=error.get("ErrorCategory"), error_type=error.get("ErrorType"),
            )
        return fetch.fetch_result(lambda **kw: self.api("get_query_results", **kw),
                                  self._get_object, execution, stats, self.config.fetch,
                                  stream=stream)

    def _get_object(self, **kwargs: Any) -> dict[str, Any]:
        return dict(call(self.retry, self.client("s3").get_object, deadline=self._deadline,
                         **kwargs))

    # --- conveniences (more in runner/conveniences.py) ------------------------------

    def with_config(self, config: AthenaConfig) -> Athena:
        """A runner with another config sharing this one's session, clients and retry policy."""
        other = Athena(config, session=self._session, retry=self.retry, on_event=self.on_event)
        if config.endpoint_url == self.config.endpoint_url and config.region == self.config.region:
            other._clients = self._clients
        return other


def stop_unconfirmed(query_id: str | None = None) -> str:
    """What to say when StopQueryExecution did not get through."""
    text = "could not confirm the query stopped; it may still be running"
    return f"{text}: id {query_id}" if query_id else text


def stats_of(execution: dict[str, Any]) -> QueryStats:
    """The :class:`QueryStats` of a ``QueryExecution`` description."""
    statistics = execution.get("Statistics", {})
    reuse = statistics.get("ResultReuseInformation", {})
    return QueryStats(
        query_id=str(execution["QueryExecutionId"]),
        state=str(execution.get("Status", {}).get("State", "")),
        data_scanned_bytes=int(statistics.get("DataScannedInBytes", 0) or 0),
        engine_ms=statistics.get("EngineExecutionTimeInMillis"),
        queue_ms=statistics.get("QueryQueueTimeInMillis"),
        total_ms=statistics.get("TotalExecutionTimeInMillis"),
        reused=bool(reuse.get("ReusedPreviousResult", False)),
        statement_type=execution.get("StatementType"),
    )

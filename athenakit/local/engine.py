"""The local engine: Athena SQL over local (or S3-compatible) files, run by DuckDB.

:class:`LocalEngine` implements :class:`athenakit.query.base.Runner`: ``run(sql)`` returns the
same :class:`~athenakit.query.result.QueryResult` as the Athena runner, with
``QueryStats(engine="local")`` and the bytes of the data files read as ``data_scanned_bytes``.

    >>> engine = LocalEngine()
    >>> engine.run("SELECT 7 / 2 AS q").rows
    [(3,)]
"""

from __future__ import annotations

import contextlib
import re
import threading
import time
import uuid
import weakref
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import AbstractContextManager
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlglot import ErrorLevel, exp

from athenakit.errors import QueryCancelled, QueryError, SqlError
from athenakit.local import failures, guard, results, session, translate
from athenakit.local.catalog import Catalog
from athenakit.local.paths import PathMapper
from athenakit.local.statements import Outcome, StatementRunner
from athenakit.local.stream import ResultStream
from athenakit.query.base import EventHandler, Params, QueryEvent
from athenakit.query.result import QueryResult, QueryStats

if TYPE_CHECKING:
    from athenakit.table.model import Table

# A statement that starts with one of these words is a query: none of the statements the engine
# recognises before sqlglot (SHOW, DESCRIBE, EXPLAIN, Hive DDL, OPTIMIZE, VACUUM, UNLOAD) can
# start so, and their modules need not even be loaded for it.
_QUERY = re.compile(r"^[\s(]*(?:SELECT|WITH|VALUES)\b", re.IGNORECASE)


class LocalEngine:
    """Run Athena SQL locally with DuckDB.

    Args:
        tables: table specs to make queryable (e.g. from :func:`athenakit.table.spec.load_specs`).
        s3_root: directory that ``s3://bucket/prefix/`` maps to (``DIR/bucket/prefix/``);
            None reads ``s3://`` from an S3-compatible endpoint (``AWS_ENDPOINT_URL``).
        catalog_dir: directory where CREATE DATABASE / TABLE / VIEW are persisted; None keeps
            the catalog in memory for this engine only.
        database: the default database for unqualified table names.
        endpoint_url: S3-compatible endpoint for ``s3://`` locations when ``s3_root`` is None
            (default: ``AWS_ENDPOINT_URL_S3`` or ``AWS_ENDPOINT_URL``, else AWS).
        discover_partitions: read the ``k=v`` folders of a partitioned table that has no
            registered partitions (and no projection) as if MSCK REPAIR TABLE had run. By
            default such a table reads nothing, as on Athena, and a warning says why; CTAS and
            INSERT INTO register the partitions they write, as Athena does.
    """

    def __init__(
        self, tables: Iterable[Table] = (), *, s3_root: str | Path | None = None,
        catalog_dir: str | Path | None = None, database: str = "default",
        endpoint_url: str | None = None, discover_partitions: bool = False,
    ) -> None:
        self.on_event: EventHandler | None = None
        self.catalog = Catalog(catalog_dir, default_database=database,
                               discover_partitions=discover_partitions)
        self.catalog.register_all(tables)
        self.paths = PathMapper(s3_root, endpoint_url=endpoint_url)
        self._con = session.connect()
        self._lock = threading.Lock()
        self._statements = StatementRunner(self._con, self.catalog, self.paths)
        self._unread: weakref.ref[ResultStream] | None = None

    def run(self, sql: str, params: Params = None, *, stream: bool = False) -> QueryResult:
        """Run one Athena statement locally.

        Args:
            sql: SELECT / WITH / VALUES, CREATE DATABASE / TABLE / VIEW, DROP, CTAS, INSERT
                INTO, UNLOAD, Hive DDL (ALTER TABLE columns, properties, location, partitions;
                MSCK REPAIR TABLE), SHOW (TABLES, DATABASES, VIEWS, COLUMNS, PARTITIONS, CREATE
                TABLE / VIEW, TBLPROPERTIES), DESCRIBE [FORMATTED], EXPLAIN [ANALYZE]; for
                Iceberg tables also DELETE, UPDATE, MERGE INTO, OPTIMIZE, VACUUM, ALTER TABLE
                RENAME TO and time travel.
            params: values for ``?`` placeholders.
            stream: run a query as its result is read, so that ``result.iter_batches()``
                streams a result larger than memory; a failure in a row is then raised when
                that row is read (without it, DuckDB computes the whole result here, and
                ``run`` raises any failure, as the Athena runner does).

        Returns:
            The result, with ``stats.engine == "local"``.

        Raises:
            SqlError: the text does not parse (also a QueryError with ``SYNTAX_ERROR``).
            UnsupportedLocally: the statement needs something DuckDB cannot reproduce.
            QueryError: the statement failed; where Athena names the failure, ``reason`` is
                Athena's text (``COLUMN_NOT_FOUND: line 1:8: ...``) and ``category`` /
                ``error_type`` are set as Athena sets them.
            QueryCancelled: :meth:`cancel` was called while it ran.
        """
        query_id = f"local-{uuid.uuid4()}"
        started = time.monotonic()
        self._emit(query_id, "RUNNING", started)
        tree = self._parse(sql, params, query_id)
        with self._lock:
            self._free_connection()
            with self._failures(sql, tree, query_id):
                outcome = self._statements.execute(tree, query_id, stream=stream)
                reading = (lambda: self._failures(sql, tree, query_id, arrow=True)) \
                    if stream else None
                result = self._result(outcome, started, query_id, reading)
        self._emit(query_id, "SUCCEEDED", started, outcome.scanned_bytes)
        return result

    @contextlib.contextmanager
    def _failures(self, sql: str, tree: Any, query_id: str, *,
                  arrow: bool = False) -> Iterator[None]:
        """Failures in the block as Athena's (``arrow``: while reading a streamed result)."""
        try:
            with session.errors(query_id, arrow=arrow):
                yield
                if arrow and "try(" in sql.lower():  # a failure hidden by TRY while reading
                    self._con.raise_escaped()
        except QueryError as err:
            if "INTERRUPT" in str(err.reason or "").upper():
                raise QueryCancelled("query cancelled", query_id=query_id,
                                     state="CANCELLED") from err
            mapped = self._athena(err, sql, tree, query_id)
            if mapped is err:
                raise
            raise mapped from err
        except OSError as err:  # a data or catalog file that cannot be read or written
            raise QueryError("local query failed", query_id=query_id, state="FAILED",
                             reason=f"{err.strerror or err}: {err.filename or ''}"
                             .rstrip(": ")) from err

    def _result(self, outcome: Outcome, started: float, query_id: str,
                reading: Callable[[], AbstractContextManager[None]] | None) -> QueryResult:
        """The statement's result; a query's is computed by DuckDB here (unless ``reading``
        is given: then as it is read), and read later."""
        total_ms = int((time.monotonic() - started) * 1000)
        stats = QueryStats(
            query_id=query_id, state="SUCCEEDED", data_scanned_bytes=outcome.scanned_bytes,
            engine_ms=total_ms, queue_ms=0, total_ms=total_ms,
            statement_type=outcome.statement_type, engine="local",
            rows_written=outcome.rows_written,
        )
        if outcome.answer is not None:
            return QueryResult(outcome.answer.columns, outcome.answer.rows, stats)
        if outcome.cursor is None:
            return results.empty(stats)
        try:
            with session.errors(query_id):
                result, unread = results.from_cursor(outcome.cursor, stats, zones=outcome.zones,
                                                     chars=outcome.chars, reading=reading)
        except QueryError:  # a refused result column: DuckDB's pending result is dropped
            abort = getattr(outcome.cursor, "abort", None)
            if abort is not None:
                abort()
            raise
        self._unread = weakref.ref(unread) if unread is not None else None
        return result

    def _free_connection(self) -> None:
        """Read the rest of an earlier result that DuckDB still holds (its connection runs one
        statement at a time), so that the earlier result stays readable."""
        unread = self._unread() if self._unread is not None else None
        self._unread = None
        if unread is not None:
            unread.detach()

    def _parse(self, sql: str, params: Params, query_id: str) -> Any:
        try:
            return self._parse_statement(sql, params, query_id)
        except SqlError as err:
            failure = failures.syntax(err)
            failure.query_id = query_id
            raise failure from err
        except QueryError as err:
            mapped = self._athena(err, sql, None, query_id)
            if mapped is err:
                raise
            raise mapped from err

    def _athena(self, err: QueryError, sql: str, tree: Any, query_id: str) -> QueryError:
        """``err`` in Athena's words (error name, ``line L:C``), with the query id."""
        from athenakit.local import binder_failures, explain  # (load on a failure only)

        if isinstance(tree, explain.Explain):
            sql, tree = tree.body, tree.tree
        mapped = binder_failures.as_athena(err, sql, tree, default_db=self.catalog.default_database,
                                           databases=self.catalog.databases)
        mapped.query_id = query_id if not mapped.query_id else mapped.query_id
        return mapped

    def _parse_statement(self, sql: str, params: Params, query_id: str) -> Any:
        from athenakit.sql.splitter import check_nesting

        check_nesting(sql)  # before any recursive parser
        if _QUERY.match(sql):
            return self._parse_one(sql, params, query_id)
        from athenakit.local import explain, hiveddl, show
        from athenakit.local.iceberg.maintenance import parse as iceberg_maintenance
        from athenakit.local.writers import parse_unload

        shown = show.parse(sql)
        if shown is not None:
            return shown
        explained = explain.parse(sql)
        if explained is not None:
            return replace(explained, tree=self._parse_one(explained.body, params, query_id))
        hive = hiveddl.parse(sql)
        if hive is not None:
            return hive
        maintenance = iceberg_maintenance(sql)  # OPTIMIZE / VACUUM: athenakit.local.iceberg
        if maintenance is not None:
            guard.check(maintenance)
            return maintenance
        unload = parse_unload(sql)
        if unload is not None:
            guard.check(unload.this, sql)
            unload.set("this", _bind(unload.this, params))
            return unload
        return self._parse_one(sql, params, query_id)

    def _parse_one(self, sql: str, params: Params, query_id: str) -> exp.Expression:
        upper = sql.upper()
        if "MATCH_RECOGNIZE" in upper or "MEASURES" in upper:
            from athenakit.local.dialect_guard import check_pattern_recognition

            check_pattern_recognition(sql)
        try:
            trees = translate.parse(sql)
        except SqlError:  # an unknown function's name read as a keyword (apply): Trino's error
            from athenakit.local.dialect_guard import check_tokens

            check_tokens(sql)
            raise
        if len(trees) != 1:
            raise QueryError("run takes exactly one statement", query_id=query_id,
                             state="FAILED", reason=f"got {len(trees)} statements")
        guard.check(trees[0], sql)
        return _bind(trees[0], params)

    def cancel(self) -> None:
        """Interrupt the running statement (no-op when idle)."""
        self._con.interrupt()

    def close(self) -> None:
        """Close the DuckDB connection and drop the local copies of remote objects (a result
        not read yet is read into memory first)."""
        self._free_connection()  # (a statement running meanwhile has taken it already)
        self._con.close()
        self._statements.resolver.close()

    def __enter__(self) -> LocalEngine:  # noqa: PYI034
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _emit(self, query_id: str, state: str, started: float, scanned: int = 0) -> None:
        if self.on_event is not None:
            self.on_event(QueryEvent(query_id, state, time.monotonic() - started, scanned))


def _bind(tree: exp.Expression, params: Sequence[Any] | None) -> exp.Expression:
    """Replace ``?`` placeholders with literals, as Athena's ExecutionParameters do."""
    from athenakit.query.params import check_params

    if not params and tree.find(exp.Placeholder) is None:
        return tree
    # (counting placeholders only: what sqlglot cannot write for Trino is the translation's
    # to report, not a warning on the user's stderr)
    literals = check_params(tree.sql(dialect="trino", unsupported_level=ErrorLevel.IGNORE),
                            params)
    if not literals:
        return tree
    values = iter(literals)
    bound: exp.Expression = tree.transform(
        lambda n: translate.parse(f"SELECT {next(values)}")[0].expressions[0]
        if isinstance(n, exp.Placeholder) else n
    )
    return bound

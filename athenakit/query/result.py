"""Query results and statistics, shared by the Athena runner and the local engine.

A :class:`QueryResult` holds the result columns (with Athena type names), the data as an
Arrow table typed from those names (:mod:`athenakit.query.types`), and the :class:`QueryStats`
of the execution. Python rows, pandas and polars are derived from the Arrow table
(:mod:`athenakit.query.arrow`); pyarrow, pandas and polars are imported only when used.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from athenakit.query.view import format_bytes

# https://aws.amazon.com/athena/pricing/ : $5 per TB scanned, rounded up to the nearest MB,
# with a 10 MB minimum per query. DDL and failed queries are free; cancelled queries are
# charged for the data they scanned.
PRICE_PER_TB_USD = 5.0
_MB = 1024 * 1024
_TB = 1024 ** 4
_MIN_BILLED_BYTES = 10 * _MB


def query_cost_usd(
    scanned_bytes: int | None, *, state: str = "SUCCEEDED", statement_type: str | None = None,
    price_per_tb: float = PRICE_PER_TB_USD,
) -> float:
    """Price of one query in USD under Athena's per-query pricing.

    Args:
        scanned_bytes: ``DataScannedInBytes`` of the execution.
        state: final state; FAILED queries are free.
        statement_type: ``DDL`` statements are free.
        price_per_tb: the region's price per TB (1024**4 bytes).

    Returns:
        0.0 for free queries, otherwise bytes rounded up to the MB, at least 10 MB, at the price.

    Example:
        >>> round(query_cost_usd(1), 8)  # billed as 10 MB
        4.768e-05
    """
    if state == "FAILED" or (statement_type or "").upper() == "DDL":
        return 0.0
    if state == "CANCELLED" and not scanned_bytes:
        return 0.0
    billed = max(math.ceil((scanned_bytes or 0) / _MB) * _MB, _MIN_BILLED_BYTES)
    return billed / _TB * price_per_tb


@dataclass(frozen=True)
class ResultColumn:
    """One result column: its name and its Athena (Trino) type name, e.g. ``array(varchar)``."""

    name: str
    type: str


@dataclass(frozen=True)
class QueryStats:
    """What one execution did and cost.

    Attributes:
        query_id: Athena's query execution id (the local engine makes its own ids).
        state: final state: SUCCEEDED, FAILED or CANCELLED.
        data_scanned_bytes: bytes read (the local engine reports bytes of files read).
        engine_ms / queue_ms / total_ms: Athena's execution statistics, when known.
        reused: the result came from Athena's result reuse.
        statement_type: DDL, DML or UTILITY, when known.
        engine: ``athena`` or ``local``.
        rows_written: rows a CREATE TABLE AS SELECT or INSERT INTO wrote (Athena's
            ``UpdateCount``), when the local engine ran it.
    """

    query_id: str
    state: str
    data_scanned_bytes: int = 0
    engine_ms: int | None = None
    queue_ms: int | None = None
    total_ms: int | None = None
    reused: bool = False
    statement_type: str | None = None
    engine: str = "athena"
    rows_written: int | None = None

    @property
    def cost_usd(self) -> float:
        """The price of this execution (0 for the local engine, DDL and failed queries)."""
        if self.engine != "athena" or self.reused:
            return 0.0
        return query_cost_usd(
            self.data_scanned_bytes, state=self.state, statement_type=self.statement_type
        )

    def summary(self) -> str:
        """One line for people: id, state, data scanned, time and cost."""
        parts = [self.query_id, self.state, f"scanned {format_bytes(self.data_scanned_bytes)}"]
        if self.total_ms is not None:
            parts.append(f"{self.total_ms / 1000:.2f}s")
        if self.reused:
            parts.append("reused result")
        # the local engine costs nothing, and its bytes (whole files) are not what Athena bills
        parts.append("local engine" if self.engine == "local" else f"${self.cost_usd:.6f}")
        return " · ".join(parts)


class BatchSource(Protocol):
    """Where a result's data comes from when it is read on demand (the S3 result file)."""

    def read_all(self) -> Any:
        """The whole result as one Arrow table."""

    def batches(self, max_rows: int | None) -> Iterator[Any]:
        """The result as Arrow record batches, streamed."""


class QueryResult:
    """Rows and statistics of one query, typed from the engine's own result types.

    The data is held as an Arrow table (typed by :func:`athenakit.query.types.arrow_type`
    of each column's Athena type); ``rows``, :meth:`to_pandas` and :meth:`to_polars` are
    derived from it. A result read from Athena's S3 result file is read on first use;
    :meth:`iter_batches` streams it without keeping it in memory.

    Args:
        columns: result columns with their Athena types.
        rows: the rows as tuples of Python values, when the engine made them itself.
        stats: execution statistics and cost.
        extra: engine details (``output_location``).
        arrow: the result as an Arrow table.
        source: a :class:`BatchSource` to read the data from on demand.

    Example:
        >>> r = QueryResult((ResultColumn("n", "integer"),), [(1,), (None,)],
        ...                 QueryStats("q", "SUCCEEDED"))
        >>> str(r.to_arrow().schema.field("n").type)
        'int32'
    """

    def __init__(self, columns: Sequence[ResultColumn], rows: Sequence[tuple[Any, ...]] | None,
                 stats: QueryStats, extra: dict[str, Any] | None = None, *,
                 arrow: Any = None, source: BatchSource | None = None) -> None:
        self.columns = tuple(columns)
        self.stats = stats
        self.extra = extra if extra is not None else {}
        self._rows = rows
        self._table = arrow
        self._source = source
        self._lock = threading.Lock()
        if rows is None and arrow is None and source is None:
            self._rows = []

    @classmethod
    def from_arrow(cls, columns: Sequence[ResultColumn], table: Any, stats: QueryStats,
                   extra: dict[str, Any] | None = None) -> QueryResult:
        """A result over an Arrow table whose schema follows ``columns``."""
        return cls(columns, None, stats, extra, arrow=table)

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]

    @property
    def rows(self) -> Sequence[tuple[Any, ...]]:
        """One tuple per row: Python values (Decimal, date, datetime, bytes, lists, dicts)."""
        if self._rows is None:
            from athenakit.query.arrow import rows_of

            table = self.to_arrow()
            with self._lock:
                if self._rows is None:
                    self._rows = rows_of(table, [c.type for c in self.columns])
        return self._rows

    @property
    def schema(self) -> Any:
        """The Arrow schema of the result (imports pyarrow)."""
        return self.to_arrow().schema

    def __iter__(self) -> Iterator[tuple[Any, ...]]:
        return iter(self.rows)

    def __len__(self) -> int:
        if self._rows is None:
            return int(self.to_arrow().num_rows)
        return len(self._rows)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, QueryResult):
            return NotImplemented
        return (self.columns, list(self.rows), self.stats) == (
            other.columns, list(other.rows), other.stats)

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return (f"QueryResult(columns={self.columns!r}, rows=<{len(self)} rows>, "
                f"stats={self.stats!r})")

    def to_dicts(self) -> list[dict[str, Any]]:
        names = self.column_names
        return [dict(zip(names, row)) for row in self.rows]

    def to_arrow(self) -> Any:
        """The result as a pyarrow Table with the result's types (imports pyarrow).

        Returns:
            A table whose schema follows the column types exactly, also when it has no rows.
        """
        if self._table is None:
            with self._lock:
                if self._table is None:
                    self._table = self._build_table()
        return self._table

    def _build_table(self) -> Any:
        if self._source is not None:
            return self._source.read_all()
        from athenakit.query.arrow import table_from_rows

        return table_from_rows(self.columns, self._rows or [])

    def iter_batches(self, max_rows: int | None = 65_536) -> Iterator[Any]:
        """The result as Arrow record batches of at most ``max_rows`` rows.

        A result still in Athena's S3 result file is streamed from it and not kept, so this
        handles results larger than memory. A local engine's result still in DuckDB is
        converted batch by batch and not kept either; it can be read so only once
        (:mod:`athenakit.local.stream`).
        """
        if self._table is None and self._source is not None:
            yield from self._source.batches(max_rows)
            return
        yield from self.to_arrow().to_batches(max_chunksize=max_rows)

    def to_pandas(self) -> Any:
        """The result as a pandas DataFrame with the result's types (imports pandas).

        Integers and booleans are nullable pandas dtypes; decimal, date, time, varbinary and
        nested columns are ``pd.ArrowDtype`` columns of their exact Arrow type.
        """
        from athenakit.query.arrow import to_pandas

        return to_pandas(self.to_arrow())

    def to_polars(self) -> Any:
        """The result as a polars DataFrame (needs ``pip install 'athenakit[polars]'``).

        Raises:
            ConfigError: polars is not installed.
        """
        from athenakit.query.arrow import to_polars

        return to_polars(self.to_arrow(), [c.type for c in self.columns])

    def _repr_html_(self) -> str:  # Jupyter: a bounded preview of the rows and the stats
        from athenakit.query.view import result_html

        return result_html(self)

    def _repr_markdown_(self) -> str:
        from athenakit.query.view import result_markdown

        return result_markdown(self)

"""Query results and statistics, shared by the Athena runner and the local engine.

A :class:`QueryResult` holds the result columns (with Athena type names), the rows already
converted to Python values, and the :class:`QueryStats` of the execution. ``to_pandas`` and
``to_arrow`` import pandas / pyarrow only when called.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

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


@dataclass(frozen=True)
class QueryResult:
    """Rows and statistics of one query.

    Attributes:
        columns: result columns with their Athena types.
        rows: one tuple per row, values converted to Python types (lists, dicts, Decimal,
            date, datetime, ...).
        stats: execution statistics and cost.
    """

    columns: tuple[ResultColumn, ...]
    rows: Sequence[tuple[Any, ...]]
    stats: QueryStats
    extra: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]

    def __iter__(self) -> Iterator[tuple[Any, ...]]:
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)

    def to_dicts(self) -> list[dict[str, Any]]:
        names = self.column_names
        return [dict(zip(names, row)) for row in self.rows]

    def to_pandas(self) -> Any:
        """The rows as a pandas DataFrame (imports pandas)."""
        import pandas as pd

        return pd.DataFrame.from_records(list(self.rows), columns=self.column_names)

    def to_arrow(self) -> Any:
        """The rows as a pyarrow Table (imports pyarrow)."""
        import pyarrow as pa

        names = self.column_names
        arrays = [pa.array([row[i] for row in self.rows]) for i in range(len(names))]
        return pa.Table.from_arrays(arrays, names=names)

    def _repr_html_(self) -> str:  # Jupyter: a bounded preview of the rows and the stats
        from athenakit.query.view import result_html

        return result_html(self)

    def _repr_markdown_(self) -> str:
        from athenakit.query.view import result_markdown

        return result_markdown(self)

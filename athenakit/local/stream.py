"""A local result read from DuckDB as Arrow record batches when the caller reads it.

DuckDB computes the whole result before :meth:`LocalEngine.run` returns (a failing query
fails there, as on Athena, where a result is read only once its query has succeeded), and
keeps it; :class:`ResultStream` then converts it to Arrow one batch at a time, each typed as
Athena types it (:func:`athenakit.local.results.athena_typed`). ``iter_batches()`` therefore
makes neither a whole Arrow table nor Python rows: it hands each batch over and keeps none.

A DuckDB connection runs one statement at a time, and an unread result holds it: before the
engine's next statement the rest of the result is read into memory (:meth:`detach`), so the
earlier result stays readable.
"""

from __future__ import annotations

import contextlib
import threading
import warnings
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from typing import Any

from athenakit.errors import AthenakitError

BATCH_ROWS = 65_536


def reader_of(cursor: Any, rows: int = BATCH_ROWS) -> Any:
    """A ``pyarrow.RecordBatchReader`` over the rows an executed DuckDB cursor still holds."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # DuckDB notes that a DB-API cursor copies the rows
        read = getattr(cursor, "to_arrow_reader", None) or cursor.fetch_record_batch
        return read(rows)


class ResultStream:
    """The rows of a DuckDB result, typed batch by batch (a
    :class:`~athenakit.query.result.BatchSource`).

    Args:
        reader: a ``pyarrow.RecordBatchReader`` from :func:`reader_of`.
        typed: turns a table of DuckDB's types into one of Athena's types.
        head: rows already fetched from the cursor, as a typed table.
        settle: what depends on the values of the result as a whole (the zone of a
            ``timestamp with time zone`` column without a value): applied to the whole
            table, or to the first batch, whose schema the later batches take.
        reading: where DuckDB still runs the query as it is read (``run(stream=True)``), the
            context that turns a failure while reading into the query's error.
    """

    def __init__(self, reader: Any, typed: Callable[[Any], Any], head: Any = None, *,
                 settle: Callable[[Any], Any] = lambda table: table,
                 reading: Callable[[], AbstractContextManager[None]] | None = None) -> None:
        self._reader = reader
        self._typed = typed
        self._settle = settle
        self._reading = reading or contextlib.nullcontext
        self._failed: Exception | None = None
        self._empty = reader.schema.empty_table()
        self._kept: deque[Any] = deque([head] if head is not None else [])
        self._lock = threading.Lock()
        self._handed_out = False

    def _read(self) -> Any:
        """The next batch from DuckDB as a typed table, or None at the end (under the lock)."""
        import pyarrow as pa

        if self._reader is None:
            if self._failed is not None:
                raise self._failed
            return None
        try:
            with self._reading():
                batch = self._reader.read_next_batch()
        except StopIteration:
            self._reader = None
            return None
        except Exception as err:
            self._reader, self._failed = None, err
            raise
        return self._typed(pa.Table.from_batches([batch]))

    def _next(self) -> Any:
        """The next typed table, or None at the end."""
        with self._lock:
            return self._kept.popleft() if self._kept else self._read()

    def detach(self) -> None:
        """Read what DuckDB still holds into memory, so that its connection is free (a
        failure on the way is raised when the result is read)."""
        with self._lock:
            try:
                while (table := self._read()) is not None:
                    self._kept.append(table)
            except Exception:  # noqa: BLE001, S110 - kept in _failed, raised to the reader
                pass

    def _start(self) -> None:
        if self._handed_out:
            raise AthenakitError("this local result was read by iter_batches(), which keeps "
                                 "none of it: run the query again to read it again")
        self._handed_out = True

    def batches(self, max_rows: int | None) -> Iterator[Any]:
        """The result as record batches of at most ``max_rows`` rows; once only."""
        self._start()
        schema = None
        while (table := self._next()) is not None:
            if schema is None:
                table = self._settle(table)
                schema = table.schema
            yield from _conform(table, schema).to_batches(max_chunksize=max_rows)

    def read_all(self) -> Any:
        """The whole result as one Arrow table."""
        import pyarrow as pa

        self._start()
        tables = []
        while (table := self._next()) is not None:
            tables.append(table)
        if not tables:
            return self._settle(self._typed(self._empty))
        return self._settle(pa.concat_tables([_conform(t, tables[0].schema) for t in tables]))


def _conform(table: Any, schema: Any) -> Any:
    """``table`` with ``schema`` (Arrow's ``==`` ignores the names of list fields: not here)."""
    return table if str(table.schema) == str(schema) else table.cast(schema)

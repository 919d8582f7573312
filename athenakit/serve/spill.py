"""Results let out of memory: the rows of older results on disk, paged back from there.

The endpoint holds the rows of its newest results in memory, up to a number of results and a
number of values (:class:`~athenakit.serve.executions.Executions`); an older result is written
here, one JSON array of Athena's text values a line (what GetQueryResults returns), with the
byte offset of every :data:`STEP`-th row kept in memory, so GetQueryResults pages any finished
query's result for the endpoint's lifetime while memory stays bounded. The folder is a
temporary one the endpoint creates at the first spill and removes when it stops (``TMPDIR``
chooses where); a folder given instead is kept, and only the files written to it are removed.
"""

from __future__ import annotations

import json
import shutil
import tempfile
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from athenakit.query.result import ResultColumn
from athenakit.serve import results

STEP = 1000  # rows between two kept offsets: a page read skips at most this many lines

Texts = list[str | None]


@dataclass(frozen=True)
class Held:
    """The rows of a result in memory, as GetQueryResults pages them."""

    result: Any  # a QueryResult

    @property
    def columns(self) -> Sequence[ResultColumn]:
        return tuple(self.result.columns)

    @property
    def rows_written(self) -> int | None:
        written: int | None = self.result.stats.rows_written
        return written

    @property
    def count(self) -> int:
        return len(self.result.rows)

    def texts(self, start: int, stop: int) -> list[Texts]:
        return [[results.text(v) for v in row] for row in self.result.rows[start:stop]]


@dataclass(frozen=True)
class Spilled:
    """The rows of a result on disk."""

    path: Path
    columns: tuple[ResultColumn, ...]
    rows_written: int | None
    count: int
    offsets: tuple[int, ...]  # byte offset of rows 0, STEP, 2 * STEP, ...

    def texts(self, start: int, stop: int) -> list[Texts]:
        """Rows ``start`` to ``stop`` (exclusive) as text values.

        Raises:
            OSError: the file cannot be read.
        """
        stop = min(stop, self.count)
        if start >= stop:
            return []
        block = start // STEP
        rows: list[Texts] = []
        with open(self.path, "rb") as source:
            source.seek(self.offsets[block])
            for n, line in enumerate(source, start=block * STEP):
                if n >= stop:
                    break
                if n >= start:
                    rows.append(json.loads(line))
        return rows


class Spill:
    """Where results go when they leave memory.

    Args:
        directory: the folder to write to (kept at :meth:`close`); None: a temporary folder
            made at the first spill and removed at :meth:`close`.
    """

    def __init__(self, directory: str | Path | None = None) -> None:
        self._given = Path(directory) if directory is not None else None
        self._made: Path | None = None
        self._written: list[Path] = []
        self._lock = threading.Lock()

    def write(self, name: str, result: Any) -> Spilled:
        """Write ``result``'s rows to ``<folder>/<name>.jsonl``.

        Raises:
            OSError: the file cannot be written (nothing is left behind).
        """
        path = self._folder() / f"{name}.jsonl"
        offsets: list[int] = []
        try:
            with open(path, "wb") as out:
                for n, row in enumerate(result.rows):
                    if n % STEP == 0:
                        offsets.append(out.tell())
                    out.write(json.dumps([results.text(v) for v in row]).encode() + b"\n")
        except OSError:
            path.unlink(missing_ok=True)
            raise
        with self._lock:
            self._written.append(path)
        return Spilled(path, tuple(result.columns), result.stats.rows_written,
                       len(result.rows), tuple(offsets))

    def close(self) -> None:
        """Remove the temporary folder, or the files written to a given one."""
        with self._lock:
            made, written = self._made, self._written
            self._made, self._written = None, []
        if made is not None:
            shutil.rmtree(made, ignore_errors=True)
        elif self._given is not None:
            for path in written:
                path.unlink(missing_ok=True)

    def _folder(self) -> Path:
        with self._lock:
            if self._given is not None:
                self._given.mkdir(parents=True, exist_ok=True)
                return self._given
            if self._made is None:
                self._made = Path(tempfile.mkdtemp(prefix="athenakit-serve-results-"))
            return self._made

"""Running the statements of one ``%%athena`` cell: live status, footers, interruption, errors.

:class:`CellRunner` runs the statements in order on a :class:`~athenakit.query.base.Runner`
and stops at the first failure. Each statement gets its own status line (labelled ``[2/3]`` when
the cell has several); a statement that returns no rows (DDL) leaves its footer there, the last
one's line turns into its rows with the footer under them.

Each statement runs in a worker thread (:mod:`athenakit.notebook.worker`), so a kernel interrupt
(the stop button) cancels it even while the engine waits in C code: Athena gets
StopQueryExecution, DuckDB an interrupt. Failures become :class:`CellError`, which IPython shows
as one line instead of a traceback (through the ``_render_traceback_`` hook it calls on
exceptions).
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from typing import Any, TextIO

from athenakit.errors import AthenakitError, QueryError
from athenakit.notebook.display import esc, footer_html, footer_text
from athenakit.notebook.interpolate import BoundStatement
from athenakit.notebook.live import Bundle, DisplayHandleLine, LiveStatus, TextStatus
from athenakit.query.result import QueryResult

Status = LiveStatus | TextStatus


class CellError(Exception):
    """An athenakit failure in a cell, shown by IPython as one line (no traceback)."""

    def __init__(self, message: str, cause: BaseException | None = None) -> None:
        super().__init__(message)
        self.cause = cause

    def _render_traceback_(self) -> list[str]:
        return [f"athenakit: {self}"]


def message_bundle(text: str, color: str = "#b00020") -> Bundle:
    """A one-line message as plain text and coloured HTML."""
    return {"text/plain": text,
            "text/html": f'<div style="color:{color};font-family:monospace">{esc(text)}</div>'}


def footer_bundle(result: QueryResult) -> Bundle:
    """The footer of a finished statement."""
    return {"text/plain": footer_text(result.stats, len(result.rows)),
            "text/html": footer_html(result.stats, len(result.rows))}


def rows_view(result: QueryResult) -> tuple[Any, bool]:
    """What shows a result's rows: a pandas DataFrame, or (without pandas) the HTML preview.

    Returns:
        ``(object, raw)``: ``raw`` is True when ``object`` is a MIME bundle.
    """
    try:
        return result.to_pandas(), False
    except ImportError:
        from athenakit.notebook.display import result_html, result_markdown

        return {"text/html": result_html(result), "text/markdown": result_markdown(result),
                "text/plain": f"{len(result.rows)} rows"}, True


class CellRunner:
    """Runs a cell's statements with live progress.

    Args:
        runner: the engine (Athena or local).
        rich: update a notebook display handle (True) or write plain lines to ``stream``.
        stream: where plain status lines go (default stderr).
        publish: ``IPython.display.display``-like callable for the rich status line.
    """

    def __init__(self, runner: Any, *, rich: bool, stream: TextIO | None = None,
                 publish: Callable[..., Any] | None = None) -> None:
        self.runner = runner
        self.rich = rich
        self.stream = stream or sys.stderr
        self.publish = publish

    def status(self, label: str) -> Status:
        if self.rich:
            return LiveStatus(DisplayHandleLine(self.publish), label)
        return TextStatus(self.stream, label)

    def run(self, statements: Sequence[BoundStatement], params: Sequence[Any] = (), *,
            show_rows: bool = True) -> QueryResult | None:
        """Run ``statements`` in order and return the last result.

        When the last statement returns rows (and ``show_rows``), its status line is replaced
        by the rows (a DataFrame) and the footer is shown under them.

        Raises:
            CellError: a statement failed or was interrupted (later ones are not run).
        """
        result = None
        total = len(statements)
        for index, statement in enumerate(statements, 1):
            label = f"[{index}/{total}]" if total > 1 else ""
            status = self.status(label)
            result = self.run_one(statement, _params_for(statement.sql, params, total), status)
            last = index == total
            if last and result.columns and show_rows:
                status.replace(*rows_view(result))
            status.finish(footer_bundle(result))
        return result

    def run_one(self, statement: BoundStatement, params: Sequence[Any] | None,
                status: Status) -> QueryResult:
        """Run one statement, reporting its progress on ``status``."""
        from athenakit.notebook.worker import Interrupted, run_interruptibly

        try:
            return run_interruptibly(self.runner, statement.sql, params, status)
        except Interrupted as err:
            raise self._interrupted(status, err.cause or err) from None
        except QueryError as err:
            query_id = err.query_id or (status.last.query_id if status.last else None)
            status.finish(message_bundle(_failed_text(err, query_id, self.runner)))
            message = str(err)
            if query_id and query_id not in message:
                message = f"{message} (query {query_id})"
            raise CellError(message, err) from None
        except AthenakitError as err:
            where = f"statement at line {statement.line}: " if status.label else ""
            raise CellError(f"{where}{err}", err) from None

    def _interrupted(self, status: Status, err: BaseException) -> CellError:
        """Show the interruption (with what the stopped query scanned and cost, when the runner
        knows) and make the one-line error that ends the cell."""
        query_id = status.last.query_id if status.last else None
        text = f"interrupted; query {query_id} stopped" if query_id else "interrupted"
        if query_id and getattr(self.runner, "unconfirmed_stop", None) == query_id:
            text = ("interrupted; could not confirm the query stopped; it may still be running: "
                    f"id {query_id}")
        stats = getattr(self.runner, "last_stats", None)
        shown = text
        if stats is not None and query_id and stats.query_id == query_id:
            shown = f"{text} · {footer_text(stats)}"
        status.finish(message_bundle(shown, "#a06000"))
        return CellError(text, err)


def _failed_text(err: QueryError, query_id: str | None, runner: Any) -> str:
    """The status line of a failed query: its state, id and, if known, what it cost."""
    stats = getattr(runner, "last_stats", None)
    if stats is not None and query_id and stats.query_id == query_id:
        return footer_text(stats)
    return f"{err.state or 'FAILED'} query {query_id or '(no id)'}"


def _params_for(sql: str, params: Sequence[Any], count: int) -> list[Any] | None:
    """``--param`` values go to every statement that has ``?`` placeholders (as the CLI)."""
    if not params:
        return None
    if count == 1:
        return list(params)
    from athenakit.query.params import count_placeholders

    return list(params) if count_placeholders(sql) else None

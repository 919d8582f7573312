"""Progress reporting for a running query: a live one-line status on a terminal, plain lines
otherwise.

On a terminal the line is redrawn in place (``\\r``) with the state, elapsed time and data
scanned, and cleared when the query ends. When the stream is not a terminal (a pipe, a CI log)
only changes of state are written, one line each, so logs stay readable.
"""

from __future__ import annotations

import logging
from typing import TextIO

from athenakit.query.base import QueryEvent
from athenakit.query.view import format_bytes

log = logging.getLogger(__name__)

_TERMINAL = frozenset({"SUCCEEDED", "FAILED", "CANCELLED"})


class StatusLine:
    """An ``on_event`` handler that shows query progress on ``stream``.

    Args:
        stream: where to write (the CLI passes stderr).
        live: redraw one line in place; default: whether ``stream`` is a terminal.
    """

    def __init__(self, stream: TextIO, *, live: bool | None = None) -> None:
        self.stream = stream
        self.live = stream.isatty() if live is None else live
        self._last_state: str | None = None
        self._width = 0

    def __call__(self, event: QueryEvent) -> None:
        if self._last_state is None:
            self._write_line(f"query {event.query_id} started")
        if self.live:
            self._redraw(event)
        elif event.state != self._last_state:
            self._write_line(f"query {event.query_id} {event.state} after {event.elapsed_s:.1f}s")
        self._last_state = event.state
        log.debug("query %s %s %.1fs", event.query_id, event.state, event.elapsed_s)

    def _redraw(self, event: QueryEvent) -> None:
        if event.state in _TERMINAL:
            self.clear()
            return
        text = (f"{event.state:<9} {event.elapsed_s:6.1f}s  "
                f"scanned {format_bytes(event.data_scanned_bytes)}")
        pad = max(0, self._width - len(text))
        self.stream.write("\r" + text + " " * pad)
        self.stream.flush()
        self._width = len(text)

    def clear(self) -> None:
        """Erase the live line, if one is shown."""
        if self.live and self._width:
            self.stream.write("\r" + " " * self._width + "\r")
            self.stream.flush()
            self._width = 0

    def _write_line(self, text: str) -> None:
        self.clear()
        self.stream.write(text + "\n")
        self.stream.flush()

    def reset(self) -> None:
        """Forget the previous query (call before the next statement of a script)."""
        self.clear()
        self._last_state = None

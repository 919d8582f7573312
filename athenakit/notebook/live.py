"""The live status line of a running query in a notebook.

In Jupyter the line is one display output that is updated in place (an IPython display handle):
the query id as soon as the engine reports it, then the state, the elapsed time and the data
scanned so far; when the query ends it becomes the footer (rows, data scanned, cost, time).
Outside a notebook (terminal IPython, scripts) the runner's :class:`StatusLine` writes one plain
line per change of state instead.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TextIO

from athenakit.html import esc
from athenakit.query.base import QueryEvent
from athenakit.query.view import format_bytes

Bundle = dict[str, str]
"""A MIME bundle: ``{"text/plain": ..., "text/html": ...}``."""

_STATE_COLORS = {"QUEUED": "#777", "RUNNING": "#1565c0", "SUCCEEDED": "#2e7d32",
                 "FAILED": "#b00020", "CANCELLED": "#a06000"}


def status_text(event: QueryEvent, label: str = "") -> str:
    """``[label ]STATE · 1.2s · scanned 3.00 MB · query <id>``."""
    head = f"{label} " if label else ""
    return (f"{head}{event.state} · {event.elapsed_s:.1f}s · "
            f"scanned {format_bytes(event.data_scanned_bytes)} · query {event.query_id}")


def status_bundle(event: QueryEvent, label: str = "") -> Bundle:
    """The status line as plain text and HTML (the state in colour)."""
    color = _STATE_COLORS.get(event.state, "#555")
    rest = status_text(event, label).removeprefix(f"{label} " if label else "")
    rest = rest.removeprefix(event.state)
    head = f"{esc(label)} " if label else ""
    html = (f'<div class="athenakit-status" style="font-family:monospace">{head}'
            f'<b style="color:{color}">{esc(event.state)}</b>{esc(rest)}</div>')
    return {"text/plain": status_text(event, label), "text/html": html}


def ipython_display() -> Callable[..., Any]:
    """``IPython.display.display`` (imported when first needed)."""
    from IPython.display import display

    publish: Callable[..., Any] = display
    return publish


class DisplayHandleLine:
    """One updatable notebook output, created on the first :meth:`show`.

    Args:
        publish: ``IPython.display.display``-like callable; default: IPython's.
    """

    def __init__(self, publish: Callable[..., Any] | None = None) -> None:
        self.publish = publish
        self._handle: Any = None

    def show(self, value: Any, *, raw: bool = True) -> None:
        """Show ``value`` (a MIME bundle when ``raw``, else any object IPython can display),
        replacing what this line showed before."""
        if self._handle is None:
            publish = self.publish or ipython_display()
            self._handle = publish(value, raw=raw, display_id=True)
        else:
            self._handle.update(value, raw=raw)

    @property
    def shown(self) -> bool:
        return self._handle is not None


class LiveStatus:
    """An ``on_event`` handler for one statement that keeps a :class:`DisplayHandleLine` current.

    When the statement ends, :meth:`replace` turns the line into the rows and :meth:`finish`
    shows the footer: as a new output under the rows, or in place of the status otherwise.

    Args:
        line: where to show the status.
        label: put before the state, e.g. ``[2/3]`` for the second statement of a cell.
    """

    def __init__(self, line: DisplayHandleLine, label: str = "") -> None:
        self.line = line
        self.label = label
        self.last: QueryEvent | None = None
        self._replaced = False

    def __call__(self, event: QueryEvent) -> None:
        self.last = event
        self.line.show(status_bundle(event, self.label))

    def replace(self, value: Any, raw: bool = False) -> None:
        """Show ``value`` (the result rows) where the status was."""
        self.line.show(value, raw=raw)
        self._replaced = True

    def finish(self, bundle: Bundle) -> None:
        """Show ``bundle`` (the footer, or a message), labelled, in place of the status."""
        if self.label and bundle.get("text/plain"):
            bundle = {mime: (esc(self.label) if mime == "text/html" else self.label)
                      + " " + text for mime, text in bundle.items()}
        if self._replaced:
            DisplayHandleLine(self.line.publish).show(bundle)
        else:
            self.line.show(bundle)


class TextStatus:
    """The plain-text fallback: the runner's :class:`StatusLine`, one line per state change."""

    def __init__(self, stream: TextIO, label: str = "") -> None:
        from athenakit.runner.status import StatusLine

        self._status = StatusLine(stream, live=False)
        self.stream = stream
        self.label = label
        self.last: QueryEvent | None = None

    def __call__(self, event: QueryEvent) -> None:
        self.last = event
        self._status(event)

    def replace(self, value: Any, raw: bool = False) -> None:
        """Display the result rows as a normal output."""
        ipython_display()(value, raw=raw)

    def finish(self, bundle: Bundle) -> None:
        """Show ``bundle`` (the footer, or a message) as a normal output, labelled."""
        text = bundle.get("text/plain", "")
        if text:
            ipython_display()({"text/plain": f"{self.label} {text}" if self.label else text},
                              raw=True)

"""HTML and Markdown views of query results, for notebooks (``QueryResult._repr_html_``).

A bounded preview of the rows (column names with their Athena types) and a footer line with the
rows, data scanned, cost, time and query id; every value is escaped by :mod:`athenakit.html`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from athenakit.html import STYLE, esc, html_grid, markdown_grid, md

if TYPE_CHECKING:
    from athenakit.query.result import QueryResult, QueryStats

PREVIEW_ROWS = 20
"""Rows shown by :func:`result_html` / :func:`result_markdown` before "... more rows"."""

MAX_CELL_CHARS = 200
"""Longer values are cut in previews (the full value stays in the result)."""


def format_bytes(n: int) -> str:
    """``1536`` -> ``1.50 KB`` (binary units, as the Athena console shows them)."""
    size = float(n)
    for unit in ("B", "KB", "MB", "GB", "TB"):
        if size < 1024 or unit == "TB":
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.2f} {unit}"
        size /= 1024
    return f"{size:.2f} TB"  # pragma: no cover


def footer_text(stats: QueryStats, rows: int | None = None) -> str:
    """One line after a query: rows, data scanned, cost, time and query id."""
    parts = []
    if rows is not None:
        parts.append(f"{rows:,} row{'' if rows == 1 else 's'}")
    parts.append(f"scanned {format_bytes(stats.data_scanned_bytes)}")
    if stats.engine == "athena":
        parts.append("reused result" if stats.reused else f"${stats.cost_usd:.6f}")
    if stats.total_ms is not None:
        parts.append(f"{stats.total_ms / 1000:.2f}s")
    parts.append(f"{stats.state} {stats.query_id}")
    if stats.engine != "athena":
        parts.append(f"{stats.engine} engine")
    return " · ".join(parts)


def footer_html(stats: QueryStats, rows: int | None = None) -> str:
    """:func:`footer_text` as a small grey HTML line."""
    return (f'<div class="athenakit-footer" style="color:#777;font-size:smaller">'
            f"{esc(footer_text(stats, rows))}</div>")


def cell_text(value: Any) -> str:
    """A result value as preview text: ``NULL`` for None, long values cut."""
    if value is None:
        return "NULL"
    text = str(value)
    return text if len(text) <= MAX_CELL_CHARS else text[:MAX_CELL_CHARS - 1] + "…"


def _preview(result: QueryResult, limit: int) -> tuple[list[list[str]], str]:
    rows = [[cell_text(v) for v in row] for row in list(result.rows[:limit])]
    more = len(result.rows) - len(rows)
    note = f"… {more:,} more row{'' if more == 1 else 's'}" if more > 0 else ""
    return rows, note


def result_html(result: QueryResult, limit: int = PREVIEW_ROWS) -> str:
    """The first ``limit`` rows of a result as HTML, then the footer.

    Args:
        result: a :class:`athenakit.query.result.QueryResult`.
        limit: how many rows to show.

    Returns:
        HTML with column names and Athena types in the header, every value escaped.
    """
    header = [f"{c.name} ({c.type})" if c.type else c.name for c in result.columns]
    rows, note = _preview(result, limit)
    parts = [STYLE, '<div class="athenakit">']
    if result.columns:
        parts.append(html_grid(header, rows))
    if note:
        parts.append(f'<div class="ak-muted">{esc(note)}</div>')
    parts += [footer_html(result.stats, len(result.rows)), "</div>"]
    return "".join(parts)


def result_markdown(result: QueryResult, limit: int = PREVIEW_ROWS) -> str:
    """The first ``limit`` rows of a result as a Markdown table, then the footer."""
    rows, note = _preview(result, limit)
    parts = []
    if result.columns:
        parts.append(markdown_grid([c.name for c in result.columns], rows))
    if note:
        parts.append(md(note))
    parts.append(f"*{md(footer_text(result.stats, len(result.rows)))}*")
    return "\n\n".join(parts)

"""Rich views of athenakit values for Jupyter, gathered for the notebook layer.

Each view lives beside the value it shows, below the notebook, so ``_repr_html_`` works in plain
Jupyter without ``%load_ext``: tables in :mod:`athenakit.table.view`, results in
:mod:`athenakit.query.view`, diagnostics in :mod:`athenakit.errors`, and the shared HTML and
Markdown pieces in :mod:`athenakit.html`. This module re-exports them for the magics.
"""

from __future__ import annotations

from athenakit.errors import (
    diagnostic_html,
    diagnostic_markdown,
    diagnostics_html,
    diagnostics_markdown,
)
from athenakit.html import esc, fenced, highlight_sql, html_grid, markdown_grid, md
from athenakit.query.view import (
    MAX_CELL_CHARS,
    PREVIEW_ROWS,
    cell_text,
    footer_html,
    footer_text,
    result_html,
    result_markdown,
)
from athenakit.table.view import table_html, table_markdown

__all__ = [
    "MAX_CELL_CHARS",
    "PREVIEW_ROWS",
    "cell_text",
    "diagnostic_html",
    "diagnostic_markdown",
    "diagnostics_html",
    "diagnostics_markdown",
    "esc",
    "fenced",
    "footer_html",
    "footer_text",
    "highlight_sql",
    "html_grid",
    "markdown_grid",
    "md",
    "result_html",
    "result_markdown",
    "table_html",
    "table_markdown",
]

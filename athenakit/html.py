"""HTML and Markdown building blocks for the rich views of athenakit values in notebooks.

``Table``, ``QueryResult`` and ``Diagnostic`` show themselves in Jupyter through
``_repr_html_`` / ``_repr_markdown_``; their views live beside them (:mod:`athenakit.table.view`,
:mod:`athenakit.query.view`, :mod:`athenakit.errors`) and are made of the pieces here. This
module imports nothing of athenakit, so every layer may use it; IPython is never imported, and
SQL is highlighted with pygments when it is installed (IPython depends on it), shown as plain
escaped text otherwise.

Every piece of user text (names, comments, values, messages, paths) is HTML-escaped here, and
Markdown punctuation is escaped in Markdown cells, so a column comment holding ``<script>``
shows as text.
"""

from __future__ import annotations

import html
import importlib
import re
from collections.abc import Iterable, Sequence
from typing import Any

_MD_SPECIAL = re.compile(r"([\\`*_\[\]|~$])")
_MD_LEADING = re.compile(r"^([#>+-])")
STYLE = ("<style>.athenakit td,.athenakit th{text-align:left;vertical-align:top;"
         "padding:2px 8px}.athenakit .ak-muted{color:#777}</style>")
"""The few CSS rules every view starts with (tables left-aligned, muted notes)."""


def esc(value: Any) -> str:
    """HTML-escape any value's ``str`` (quotes included)."""
    return html.escape(str(value), quote=True)


def md(value: Any) -> str:
    """Escape text for a Markdown table cell: HTML, Markdown punctuation, pipes, newlines."""
    text = html.escape(str(value), quote=False).replace("\r", " ").replace("\n", " ")
    return _MD_LEADING.sub(r"\\\1", _MD_SPECIAL.sub(r"\\\1", text))


def html_grid(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    """An HTML table; header and cells are escaped here."""
    head = "".join(f"<th>{esc(h)}</th>" for h in header)
    body = "".join("<tr>" + "".join(f"<td>{esc(c)}</td>" for c in row) + "</tr>"
                   for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def markdown_grid(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    """A Markdown (GFM) table; header and cells are escaped here."""
    lines = ["| " + " | ".join(md(h) for h in header) + " |",
             "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(md(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def highlight_sql(sql: str) -> str:
    """SQL as highlighted HTML (inline styles), or an escaped ``<pre>`` without pygments."""
    try:
        pygments = importlib.import_module("pygments")
        formatters = importlib.import_module("pygments.formatters")
        lexers = importlib.import_module("pygments.lexers")
    except ImportError:
        return f"<pre>{esc(sql)}</pre>"
    formatter = formatters.HtmlFormatter(noclasses=True)
    return str(pygments.highlight(sql, lexers.SqlLexer(), formatter))


def fenced(code: str, language: str = "sql") -> str:
    """A Markdown code block whose fence is longer than any backtick run inside ``code``."""
    longest = max((len(m) for m in re.findall(r"`+", code)), default=0)
    fence = "`" * max(3, longest + 1)
    return f"{fence}{language}\n{code}\n{fence}"

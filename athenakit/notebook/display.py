"""Rich views of athenakit values for Jupyter: HTML and Markdown, as pure functions.

``Table._repr_html_``, ``QueryResult._repr_html_`` and ``Diagnostic._repr_html_`` (and the
``_repr_markdown_`` twins) call these functions, so a table spec, a query result or a check
finding shows itself when it is the last value of a cell. Nothing here imports IPython; the DDL
is highlighted with pygments when it is installed (IPython depends on it) and shown as plain
escaped text otherwise.

Every piece of user text (names, comments, values, messages, paths) is HTML-escaped, and
Markdown punctuation is escaped in Markdown views, so a column comment holding ``<script>``
shows as text.
"""

from __future__ import annotations

import html
import importlib
import re
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from athenakit.query.result import format_bytes

if TYPE_CHECKING:
    from athenakit.errors import Diagnostic
    from athenakit.query.result import QueryResult, QueryStats
    from athenakit.table.model import Column, Table

PREVIEW_ROWS = 20
"""Rows shown by :func:`result_html` / :func:`result_markdown` before "... more rows"."""

MAX_CELL_CHARS = 200
"""Longer values are cut in previews (the full value stays in the result)."""

_MD_SPECIAL = re.compile(r"([\\`*_\[\]|~$])")
_MD_LEADING = re.compile(r"^([#>+-])")
_STYLE = ("<style>.athenakit td,.athenakit th{text-align:left;vertical-align:top;"
          "padding:2px 8px}.athenakit .ak-muted{color:#777}</style>")


def esc(value: Any) -> str:
    """HTML-escape any value's ``str`` (quotes included)."""
    return html.escape(str(value), quote=True)


def md(value: Any) -> str:
    """Escape text for a Markdown table cell: HTML, Markdown punctuation, pipes, newlines."""
    text = html.escape(str(value), quote=False).replace("\r", " ").replace("\n", " ")
    return _MD_LEADING.sub(r"\\\1", _MD_SPECIAL.sub(r"\\\1", text))


# --- generic pieces -------------------------------------------------------------------------

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


# --- tables ---------------------------------------------------------------------------------

def _name(table: Table) -> str:
    return ".".join(table.qualified_name)


def _column_rows(columns: Iterable[Column]) -> list[tuple[str, str, str]]:
    return [(c.name, c.type.ddl, c.comment or "") for c in columns]


def _partition_rows(table: Table) -> list[tuple[str, str, str, str]]:
    rows = []
    for p in table.partitions:
        projection = ""
        if p.projection is not None:
            props = p.projection.properties(p.name)
            prefix = f"projection.{p.name}."
            projection = ", ".join(f"{k.removeprefix(prefix)}={v}" for k, v in props.items())
        rows.append((p.name, p.type.ddl, p.comment or "", projection))
    for part in table.partitioning:
        rows.append((part.to_spec(), "iceberg transform", "", ""))
    return rows


def _storage_rows(table: Table) -> list[tuple[str, str]]:
    storage = table.storage
    rows: list[tuple[str, str]] = [("format", storage.format)]
    optional = (("SerDe", storage.serde_class), ("input format", storage.input_format),
                ("output format", storage.output_format), ("compression", table.compression),
                ("null format", storage.null_format),
                ("header lines", storage.header_lines))
    rows += [(k, str(v)) for k, v in optional if v is not None]
    rows += [(f"delimiter: {clause}", repr(value)) for clause, value in storage.delimiters]
    rows += [(f"SerDe property {k}", v) for k, v in sorted(storage.serde_properties.items())]
    return rows


def _summary(table: Table) -> list[tuple[str, str]]:
    rows = [("type", table.table_type.value), ("location", table.location or "")]
    if table.projection is not None:
        rows.append(("projection", "enabled" if table.projection.enabled else "disabled"))
        if table.projection.location_template:
            rows.append(("location template", table.projection.location_template))
    if table.bucketing is not None:
        buckets = f"{', '.join(table.bucketing.columns)} into {table.bucketing.count} buckets"
        rows.append(("bucketing", buckets))
    return [(k, v) for k, v in rows if v]


def _ddl(table: Table) -> str:
    from athenakit.table.render import create_table

    return create_table(table)


def table_html(table: Table) -> str:
    """An HTML card for a table spec: summary, columns, partitions with their projection,
    storage, and the highlighted ``CREATE TABLE``.

    Args:
        table: a :class:`athenakit.table.model.Table`.

    Returns:
        Self-contained HTML (inline styles), every user string escaped.
    """
    parts = [_STYLE, '<div class="athenakit">',
             f"<h4>{esc(_name(table))}</h4>"]
    if table.comment:
        parts.append(f"<p>{esc(table.comment)}</p>")
    parts.append(html_grid(("", ""), _summary(table)))
    parts += ["<h5>Columns</h5>", html_grid(("name", "type", "comment"),
                                             _column_rows(table.columns))]
    partitions = _partition_rows(table)
    if partitions:
        parts += ["<h5>Partitions</h5>",
                  html_grid(("name", "type", "comment", "projection"), partitions)]
    parts += ["<h5>Storage</h5>", html_grid(("", ""), _storage_rows(table))]
    parts += ["<details><summary>DDL</summary>", highlight_sql(_ddl(table)), "</details>",
              "</div>"]
    return "".join(parts)


def table_markdown(table: Table) -> str:
    """The Markdown view of a table spec (same sections as :func:`table_html`)."""
    parts = [f"#### {md(_name(table))}"]
    if table.comment:
        parts.append(md(table.comment))
    parts.append(markdown_grid(("", ""), _summary(table)))
    parts += ["**Columns**", markdown_grid(("name", "type", "comment"),
                                           _column_rows(table.columns))]
    partitions = _partition_rows(table)
    if partitions:
        parts += ["**Partitions**",
                  markdown_grid(("name", "type", "comment", "projection"), partitions)]
    parts += ["**Storage**", markdown_grid(("", ""), _storage_rows(table))]
    parts += ["**DDL**", fenced(_ddl(table))]
    return "\n\n".join(parts)


# --- results --------------------------------------------------------------------------------

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
    parts = [_STYLE, '<div class="athenakit">']
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


# --- diagnostics ----------------------------------------------------------------------------

_SEVERITY_COLORS = {"error": "#b00020", "warning": "#a06000"}


def _location(d: Diagnostic) -> str:
    return d.where(path_separator=" ")


def _doc_link(url: str | None) -> str | None:
    return url if url and url.startswith(("https://", "http://")) else None


def diagnostic_html(d: Diagnostic) -> str:
    """One finding as an HTML line: severity, code, location, message and doc link."""
    severity = str(d.severity)
    color = _SEVERITY_COLORS.get(severity, "#555")
    parts = [f'<div class="athenakit-diagnostic"><b style="color:{color}">{esc(severity)}</b> ',
             f"<code>{esc(d.code)}</code> "]
    where = _location(d)
    if where:
        parts.append(f'<span style="color:#777">{esc(where)}</span> ')
    parts.append(esc(d.message))
    link = _doc_link(d.doc)
    if link:
        parts.append(f' <a href="{esc(link)}" target="_blank" rel="noopener">doc</a>')
    parts.append("</div>")
    return "".join(parts)


def diagnostic_markdown(d: Diagnostic) -> str:
    """One finding as a Markdown line."""
    where = _location(d)
    text = f"**{md(d.severity)}** {md(d.code)} " + (f"{md(where)} " if where else "")
    text += md(d.message)
    link = _doc_link(d.doc)
    return text + (f" ([doc]({link.replace(')', '%29')}))" if link else "")


def _counts(diagnostics: Sequence[Diagnostic]) -> str:
    errors = sum(1 for d in diagnostics if d.is_error)
    warnings = len(diagnostics) - errors
    if not diagnostics:
        return "no findings"
    return f"{errors} error{'' if errors == 1 else 's'}, {warnings} warning" + (
        "" if warnings == 1 else "s")


def diagnostics_html(diagnostics: Iterable[Diagnostic]) -> str:
    """Findings as HTML, one per line, under a count of errors and warnings."""
    found = list(diagnostics)
    lines = "".join(diagnostic_html(d) for d in found)
    return f'<div class="athenakit"><div><b>{esc(_counts(found))}</b></div>{lines}</div>'


def diagnostics_markdown(diagnostics: Iterable[Diagnostic]) -> str:
    """Findings as a Markdown list under a count of errors and warnings."""
    found = list(diagnostics)
    return "\n".join([f"**{_counts(found)}**", ""] + [f"- {diagnostic_markdown(d)}" for d in found])

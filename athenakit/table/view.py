"""HTML and Markdown views of a table spec, for notebooks (``Table._repr_html_`` calls them).

A card with the summary, columns, partitions with their projection, storage, and the highlighted
``CREATE TABLE``; every user string is escaped by the pieces of :mod:`athenakit.html`.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from athenakit.html import STYLE, esc, fenced, highlight_sql, html_grid, markdown_grid, md

if TYPE_CHECKING:
    from athenakit.table.model import Column, Table


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
    if table.is_delta:  # a Delta table's schema and files are in its Delta log
        rows.append(("columns", "read by Athena from the Delta log"))
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
    parts = [STYLE, '<div class="athenakit">',
             f"<h4>{esc(_name(table))}</h4>"]
    if table.comment:
        parts.append(f"<p>{esc(table.comment)}</p>")
    parts.append(html_grid(("", ""), _summary(table)))
    if not table.is_delta:
        parts += ["<h5>Columns</h5>", html_grid(("name", "type", "comment"),
                                                 _column_rows(table.columns))]
    partitions = _partition_rows(table)
    if partitions:
        parts += ["<h5>Partitions</h5>",
                  html_grid(("name", "type", "comment", "projection"), partitions)]
    if not table.is_delta:
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
    if not table.is_delta:
        parts += ["**Columns**", markdown_grid(("name", "type", "comment"),
                                               _column_rows(table.columns))]
    partitions = _partition_rows(table)
    if partitions:
        parts += ["**Partitions**",
                  markdown_grid(("name", "type", "comment", "projection"), partitions)]
    if not table.is_delta:
        parts += ["**Storage**", markdown_grid(("", ""), _storage_rows(table))]
    parts += ["**DDL**", fenced(_ddl(table))]
    return "\n\n".join(parts)

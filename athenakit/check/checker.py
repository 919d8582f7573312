"""Run every rule over every statement of a SQL text."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Union

from sqlglot import exp

from athenakit.check.catalog import Catalog, KnownTable, from_create, from_model
from athenakit.check.context import Context, Finding
from athenakit.check.parse import parse_statement
from athenakit.check.rules_ctas import check_ctas
from athenakit.check.rules_ddl import check_ddl
from athenakit.check.rules_dialect import check_dialect
from athenakit.check.rules_projection import check_projection
from athenakit.check.rules_query import check_query
from athenakit.check.rules_quoting import check_quoting
from athenakit.check.rules_statements import check_statements
from athenakit.check.rules_syntax import check_syntax
from athenakit.errors import Diagnostic
from athenakit.sql.quiet import quiet_sqlglot
from athenakit.sql.splitter import Kind, SourceMap, Unterminated, split_statements

if TYPE_CHECKING:
    from athenakit.table.model import Table

TableSource = Union[  # noqa: UP007 - a runtime alias with forward references
    Catalog, Iterable[Union["Table", KnownTable, str, "os.PathLike[str]"]], None,
]

RULE_FUNCTIONS: tuple[Callable[[Context], None], ...] = (
    check_syntax, check_dialect, check_statements, check_quoting, check_ddl, check_ctas,
    check_query, check_projection,
)


def check(sql: str, tables: TableSource = None, *, file: str | None = None) -> list[Diagnostic]:
    """Check Athena SQL text and return its findings.

    Args:
        sql: one or more statements, separated by ``;``.
        tables: known tables for the query rules: a :class:`Catalog`, core-model tables,
            or spec files / directories (loaded with :func:`athenakit.table.spec.load_specs`).
        file: the file name to put in the diagnostics.

    Returns:
        Diagnostics in text order; an empty list means the SQL passed every rule.

    Raises:
        SpecError: when ``tables`` names spec files that do not load.

    Example:
        >>> [d.code for d in check("SELECT `a` FROM t")]
        ['AK310']
    """
    return [f.diagnostic for f in analyse(sql, tables, file=file)]


def analyse(sql: str, tables: TableSource = None, *, file: str | None = None) -> list[Finding]:
    """Like :func:`check`, but keep each finding's edit (used by ``fix``)."""
    catalog = load_catalog(tables)
    source = SourceMap(sql)
    findings: list[Finding] = []
    with quiet_sqlglot():
        for stmt in split_statements(sql, unterminated=Unterminated.KEEP):
            ctx = Context.build(stmt, source, catalog, file)
            for rule_function in RULE_FUNCTIONS:
                rule_function(ctx)
            for offset in ctx.nested:
                inner = ctx.text[offset:]
                for finding in analyse(inner, catalog):
                    ctx.adopt(finding, offset, inner)
            findings.extend(ctx.findings)
    findings.sort(key=lambda f: (f.diagnostic.line or 0, f.diagnostic.column or 0))
    return findings


def known_tables(sql: str) -> list[KnownTable]:
    """Tables defined by the CREATE TABLE statements of ``sql`` (for checks of other files)."""
    found = []
    with quiet_sqlglot():
        for stmt in split_statements(sql, unterminated=Unterminated.KEEP):
            if stmt.kind is not Kind.CREATE_TABLE:
                continue
            tree = parse_statement(stmt.text, stmt.engine).tree
            table = from_create(tree) if isinstance(tree, exp.Create) else None
            if table is not None:
                found.append(table)
    return found


def load_catalog(tables: TableSource) -> Catalog:
    """Build a :class:`Catalog` from whatever ``check`` was given as ``tables``."""
    if isinstance(tables, Catalog):
        return tables.copy()
    catalog = Catalog()
    paths: list[str] = []
    for item in tables or ():
        if isinstance(item, KnownTable):
            catalog.add(item)
        elif isinstance(item, (str, os.PathLike)):
            paths.append(os.fspath(item))
        else:
            catalog.add(from_model(item))
    if paths:
        from athenakit.table.spec import load_specs

        for table in load_specs([Path(p) for p in paths]):
            catalog.add(from_model(table))
    return catalog

"""MERGE INTO an Iceberg table: update or delete matched rows, insert the others.

https://docs.aws.amazon.com/athena/latest/ug/merge-into-statement.html

The source is a query (or another table) read under the alias ``source``; the target is read as
``target``. ``on`` names the key columns (``target.k = source.k AND ...``) or gives a join
condition. The WHEN clauses are applied in order; by default a matched row is updated from the
source and an unmatched one inserted (an upsert).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from athenakit.sql.quoting import Engine, quote_identifier
from athenakit.sql.templating import render_template
from athenakit.table.model import Table
from athenakit.write.iceberg import column, expression, name, refuse, require_iceberg
from athenakit.write.select import strip_statement

_TRINO = Engine.TRINO
TARGET, SOURCE = '"target"', '"source"'


@dataclass(frozen=True)
class MatchedUpdate:
    """``WHEN MATCHED [AND condition] THEN UPDATE SET col = source.col, ...``.

    ``columns`` default to every data column that is not a key; ``values`` maps a column to a
    SQL expression instead of ``source.col``.
    """

    columns: tuple[str, ...] | None = None
    condition: str | None = None
    values: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class MatchedDelete:
    """``WHEN MATCHED [AND condition] THEN DELETE``."""

    condition: str | None = None


@dataclass(frozen=True)
class NotMatchedInsert:
    """``WHEN NOT MATCHED [AND condition] THEN INSERT (cols) VALUES (source.cols)``;
    ``columns`` default to every column of the table."""

    columns: tuple[str, ...] | None = None
    condition: str | None = None


Clause = MatchedUpdate | MatchedDelete | NotMatchedInsert
UPSERT: tuple[Clause, ...] = (MatchedUpdate(), NotMatchedInsert())


def merge_into(table: Table, source: Table | str, *, on: Sequence[str] | str,
               when: Sequence[Clause] = UPSERT) -> str:
    """``MERGE INTO <table> AS target USING <source> AS source ON ... WHEN ...``.

    Args:
        table: the Iceberg table to change.
        source: a query (wrapped in parentheses) or a :class:`Table` read by name.
        on: key column names, or a join condition over ``target`` and ``source``.
        when: the clauses, in order (default: update matched rows, insert the others).

    Raises:
        SpecError: not Iceberg, no clauses, an unknown column, or a condition that is not one
            SQL expression.

    Example:
        >>> from athenakit.table.model import columns
        >>> t = Table(name="orders", table_type="iceberg", location="s3://b/o/",
        ...           columns=columns({"id": "bigint", "status": "string"}))
        >>> print(merge_into(t, "SELECT * FROM staging", on=["id"]), end="")
        MERGE INTO orders AS "target"
        USING (
        SELECT * FROM staging
        ) AS "source"
        ON "target"."id" = "source"."id"
        WHEN MATCHED THEN UPDATE SET
          "status" = "source"."status"
        WHEN NOT MATCHED THEN INSERT ("id", "status")
          VALUES ("source"."id", "source"."status")
    """
    require_iceberg(table, "MERGE INTO")
    if not when:
        raise refuse("AK424", "when", "MERGE INTO needs at least one WHEN clause")
    keys = [on] if isinstance(on, str) else list(on)
    if not keys:
        raise refuse("AK424", "on", "MERGE INTO needs key columns or a join condition")
    condition = (expression(on, "on")[0] if isinstance(on, str) else " AND ".join(
        f"{TARGET}.{column(table, k, 'on')} = {SOURCE}.{_q(k)}" for k in keys))
    key_names = set() if isinstance(on, str) else {k.lower() for k in keys}
    clauses = [_clause(table, c, key_names, i) for i, c in enumerate(when)]
    return render_template("merge_into.sql.j2", name=name(table), target=TARGET,
                           source=_source(source), alias=SOURCE, on=condition, clauses=clauses)


def _q(column_name: str) -> str:
    return quote_identifier(column_name, _TRINO, always=True)


def _source(source: Table | str) -> str:
    if isinstance(source, Table):
        return name(source)
    return f"(\n{strip_statement(source)}\n)"


def _clause(table: Table, clause: Clause, keys: set[str], index: int) -> dict[str, Any]:
    path = f"when[{index}]"
    condition = (None if clause.condition is None
                 else expression(clause.condition, f"{path}.condition")[0])
    if isinstance(clause, MatchedDelete):
        return {"kind": "delete", "condition": condition, "assignments": []}
    every = [c.name for c in table.columns]
    if isinstance(clause, NotMatchedInsert):
        names = list(clause.columns or every)
        return {"kind": "insert", "condition": condition, "assignments": [
            (column(table, n, f"{path}.columns"), f"{SOURCE}.{_q(n)}") for n in names]}
    given = dict(clause.values)
    names = list(clause.columns or [n for n in every if n.lower() not in keys
                                    or n in given])
    assignments = [(column(table, n, f"{path}.columns"),
                    expression(given[n], f"{path}.values.{n}")[0] if n in given
                    else f"{SOURCE}.{_q(n)}") for n in names]
    if not assignments:
        raise refuse("AK424", f"{path}.columns", "nothing to update: every column is a key")
    return {"kind": "update", "condition": condition, "assignments": assignments}

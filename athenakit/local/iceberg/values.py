"""Values a row-level statement writes: cast to the column's type, named after the column."""

from __future__ import annotations

from typing import Any

from sqlglot import exp

from athenakit.table.model import Table

CASE = "__ak_case"


def cast(value: exp.Expression, table: Table, name: str) -> Any:
    """``value`` cast to column ``name``'s type, aliased as the column."""
    column = table.column(name)
    assert column is not None
    return exp.alias_(exp.cast(value, exp.DataType.build(column.type.dml, dialect="trino")),
                      name.lower(), quoted=True)

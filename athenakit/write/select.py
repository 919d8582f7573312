"""The SELECT a write statement wraps: the target's columns in the target's order and types.

Athena's CTAS and INSERT INTO take the columns of the query by position, and a partitioned CTAS
needs its partition columns last
(https://docs.aws.amazon.com/athena/latest/ug/create-table-as.html). Wrapping the user's query
as ``SELECT CAST(c AS type) AS c, ... FROM (query) AS source`` makes the order, the names and the
types those of the spec, whatever order the query lists them in.
"""

from __future__ import annotations

from collections.abc import Sequence

from athenakit.errors import Diagnostic, Severity, SpecError
from athenakit.sql.quoting import Engine, quote_identifier
from athenakit.table.model import Column

_TRINO = Engine.TRINO


def projected_select(select: str, columns: Sequence[Column], *, cast: bool = True) -> str:
    """``select`` wrapped so it yields exactly ``columns``, in order (each cast to its type).

    Example:
        >>> from athenakit.table.model import columns
        >>> print(projected_select("SELECT * FROM src", columns({"id": "bigint", "dt": "string"})))
        SELECT
          CAST("id" AS BIGINT) AS "id",
          CAST("dt" AS VARCHAR) AS "dt"
        FROM (
        SELECT * FROM src
        ) AS "source"
    """
    body = strip_statement(select)
    items = []
    for column in columns:
        name = quote_identifier(column.name, _TRINO, always=True)
        items.append(f"CAST({name} AS {column.type.dml}) AS {name}" if cast else name)
    listed = ",\n  ".join(items)
    return f"SELECT\n  {listed}\nFROM (\n{body}\n) AS \"source\""


def strip_statement(select: str) -> str:
    """The query text without surrounding blanks and a final ``;`` (one statement only)."""
    body = select.strip()
    while body.endswith(";"):
        body = body[:-1].rstrip()
    if not body:
        raise SpecError([Diagnostic("AK400", Severity.ERROR, "the SELECT is empty", path="select")])
    return body

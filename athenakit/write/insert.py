"""INSERT INTO a table from a query, the columns in the table's order and types.

https://docs.aws.amazon.com/athena/latest/ug/insert-into.html

Athena matches the query's columns to the table's by position, partition columns last for a
partitioned Hive table, so the query is wrapped to yield exactly the table's columns.
"""

from __future__ import annotations

from athenakit.sql.quoting import Engine, quote_identifier, quote_qualified
from athenakit.sql.templating import render_template
from athenakit.table.delta import refuse_write
from athenakit.table.model import Table
from athenakit.write.select import projected_select

_TRINO = Engine.TRINO


def insert_into(table: Table, select: str) -> str:
    """``INSERT INTO <table> (<columns>) <select>`` with ``select`` cast to the table's columns.

    Example:
        >>> from athenakit.table.spec import loads_spec
        >>> t = loads_spec("name: t\\ndatabase: d\\nlocation: s3://b/t/\\n"
        ...                "columns: [{name: n, type: bigint}]")[0]
        >>> print(insert_into(t, "SELECT 1 AS n"), end="")
        INSERT INTO d.t ("n")
        SELECT
          CAST("n" AS BIGINT) AS "n"
        FROM (
        SELECT 1 AS n
        ) AS "source"
    """
    refuse_write(table, "INSERT INTO")
    columns = table.columns + table.partitions
    return render_template(
        "insert_into.sql.j2", name=quote_qualified(table.qualified_name, _TRINO),
        columns=[quote_identifier(c.name, _TRINO, always=True) for c in columns],
        select=projected_select(select, columns))

"""Delta Lake tables: what Athena lets their DDL say.

Athena registers a Delta Lake table with a name, a LOCATION and ``'table_type'='DELTA'``, and
nothing more: the columns, partition columns and files come from the Delta transaction log at
the location. Athena only reads such tables (no INSERT, UPDATE or DELETE; no ALTER TABLE).
:func:`athenakit.table.validate.validate_table` reports each of :func:`extras` as an error.

https://docs.aws.amazon.com/athena/latest/ug/delta-lake-tables.html
https://docs.aws.amazon.com/athena/latest/ug/delta-lake-tables-getting-started.html
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from athenakit.errors import Diagnostic, Severity, SpecError
from athenakit.table.storage import Storage

if TYPE_CHECKING:
    from athenakit.table.model import Table

DELTA_DOC = "https://docs.aws.amazon.com/athena/latest/ug/delta-lake-tables-getting-started.html"
# The only table property of a Delta table's DDL, as Athena's guide spells it.
TABLE_TYPE = ("table_type", "DELTA")
_FROM_LOG = "Athena reads them from the Delta log"


def extras(table: Table) -> list[tuple[str, str]]:
    """(field path, what to do) for everything ``table`` sets beyond a name and a location."""
    # https://docs.aws.amazon.com/athena/latest/ug/delta-lake-tables-getting-started.html:
    # "CREATE TABLE statements that include more than the LOCATION and table_type property
    # are not allowed"
    found = [
        ("columns", bool(table.columns), f"remove the columns; {_FROM_LOG}"),
        ("partitions", bool(table.partitions), f"remove the partition columns; {_FROM_LOG}"),
        ("partitioning", bool(table.partitioning), f"remove the partitioning; {_FROM_LOG}"),
        ("bucketing", table.bucketing is not None, "remove the bucketing"),
        ("projection", table.projection is not None, "partition projection does not apply"),
        ("storage", table.storage != Storage(),
         "remove the storage settings (ROW FORMAT, STORED AS); the Delta log names its files"),
        ("compression", table.compression is not None,
         "remove the compression; Athena does not write Delta tables"),
        ("compression_level", table.compression_level is not None, "remove compression_level"),
        ("comment", table.comment is not None, "remove the table comment"),
    ]
    out = [(path, what) for path, given, what in found if given]
    out += [(f"properties.{key}", f"remove the table property {key!r}")
            for key in table.properties]
    return out


def refuse_alter(table: Table, statement: str) -> None:
    """Raise :class:`SpecError` (AK417) for a Delta Lake table: Athena runs no ALTER TABLE
    on one ("Limited DDL support": CREATE EXTERNAL TABLE, SHOW and DESCRIBE only)."""
    _refuse_delta(table, "AK417", f"Athena runs no {statement} on Delta Lake tables; drop the "
                  "table (its data stays) and create it again")


def refuse_write(table: Table, statement: str) -> None:
    """Raise :class:`SpecError` (AK521) for a Delta Lake table: Athena only reads them."""
    _refuse_delta(table, "AK521", f"Athena does not write Delta Lake tables ({statement}): "
                  "they are read-only; write them with Spark or another Delta writer")


def _refuse_delta(table: Table, code: str, message: str) -> None:
    # https://docs.aws.amazon.com/athena/latest/ug/delta-lake-tables.html ("Read only",
    # "Limited DDL support")
    if table.is_delta:
        raise SpecError([Diagnostic(code, Severity.ERROR, message, path="table_type",
                                    doc="https://docs.aws.amazon.com/athena/latest/ug/"
                                    "delta-lake-tables.html")])

"""The text of SHOW COLUMNS / PARTITIONS / CREATE TABLE / CREATE VIEW / TBLPROPERTIES and
DESCRIBE [FORMATTED] for one table, laid out as Hive's ``MetaDataFormatUtils`` lays it out
(apache/hive ql/.../metadata/formatting/MetaDataFormatUtils.java: every field
``String.format("%-20s")``, fields joined by a tab, sections separated by an empty line,
table parameters sorted by key and indented by a tab).

https://docs.aws.amazon.com/athena/latest/ug/describe-table.html
"""

from __future__ import annotations

from athenakit.local import failures, showcreate
from athenakit.local.answers import Answer, Show, pad, split_name, string_answer, unquote
from athenakit.local.catalog import Catalog
from athenakit.local.errors import UnsupportedLocally, refuse_delta
from athenakit.local.partitions import escape_path_name
from athenakit.query.result import ResultColumn
from athenakit.sql.quoting import Engine, quote_qualified
from athenakit.table.model import Column, Table
from athenakit.table.render import table_properties
from athenakit.table.storage import DELIMITERS, TEXT_INPUT, TEXT_OUTPUT, implied_classes

_BLANK = ""  # Hive's separator: an empty line


def about_table(show: Show, table: Table, catalog: Catalog) -> Answer:
    """SHOW COLUMNS / PARTITIONS / CREATE TABLE / TBLPROPERTIES and DESCRIBE of ``table``.

    Raises:
        UnsupportedLocally: ``table`` is a Delta Lake table (its columns are in its Delta log).
    """
    refuse_delta(table)
    if show.kind == "partitions":
        return _partitions(table, catalog)
    if show.kind == "create_table":
        return showcreate.answer(table, storage_classes(table), serde_parameters(table))
    if show.kind == "tblproperties":
        return _tblproperties(table, show.parts.get("key"))
    return columns_answer(show, list(table.columns), list(table.partitions), table)


def columns_answer(show: Show, columns: list[Column], partitions: list[Column],
                   table: Table | None) -> Answer:
    """SHOW COLUMNS or DESCRIBE over data columns, then partition columns."""
    every = [*columns, *partitions]
    if show.kind == "columns":
        return string_answer("field", [c.name.lower().ljust(20) for c in every])
    wanted = show.parts.get("column")
    if wanted:
        return string_answer("col_name", [_one_column(every, wanted)])
    lines = [_line(c) for c in every]
    formatted = show.parts.get("mode") is not None
    if formatted:
        lines = [pad("# col_name", "data_type", "comment"), _BLANK, *lines]
    if partitions:
        lines += [_BLANK, "# Partition Information",
                  pad("# col_name", "data_type", "comment"), _BLANK,
                  *(_line(c) for c in partitions)]
    if formatted and table is not None:
        lines += [_BLANK, *_detailed(table)]
    return string_answer("col_name", lines)


def _line(column: Column) -> str:
    return pad(column.name.lower(), str(column.type), column.comment or "")


def _one_column(columns: list[Column], wanted: str) -> str:
    parts = [p.strip().strip('`"').lower() for p in wanted.split(".")]
    for column in columns:
        if column.name.lower() == parts[0]:
            if len(parts) > 1:
                raise UnsupportedLocally("DESCRIBE of a nested field",
                                         hint="describe the whole column")
            return _line(column)
    raise failures.athena_error("COLUMN_NOT_FOUND", f"Column '{parts[0]}' cannot be resolved")


def _detailed(table: Table) -> list[str]:
    external = "TRUE" if not table.is_iceberg else "FALSE"
    params = [("EXTERNAL", external), *table_properties(table)]
    serde, in_fmt, out_fmt = storage_classes(table)
    storage = serde_parameters(table)
    bucket_columns = list(table.bucketing.columns) if table.bucketing else []
    return [
        "# Detailed Table Information",
        pad("Database:", table.database or "default"),
        pad("Location:", table.location or ""),
        pad("Table Type:", "EXTERNAL_TABLE"),
        "Table Parameters:",
        *(f"\t{pad(k, v)}" for k, v in sorted(params)),
        _BLANK,
        "# Storage Information",
        pad("SerDe Library:", serde),
        pad("InputFormat:", in_fmt),
        pad("OutputFormat:", out_fmt),
        pad("Compressed:", "No"),
        pad("Num Buckets:", str(table.bucketing.count if table.bucketing else -1)),
        pad("Bucket Columns:", "[" + ", ".join(bucket_columns) + "]"),
        pad("Sort Columns:", "[]"),
        "Storage Desc Params:",
        *(f"\t{pad(k, v)}" for k, v in sorted(storage.items())),
    ]


def serde_parameters(table: Table) -> dict[str, str]:
    """The table's SerDe parameters as the metastore keeps them, delimiters included."""
    params = dict(table.storage.serde_properties)
    for attr, key, _ in DELIMITERS:
        value = getattr(table.storage, attr)
        if value is not None:
            params[key] = value
    return params


def storage_classes(table: Table) -> tuple[str, str, str]:
    """The table's SerDe, input format and output format classes."""
    storage, fmt = table.storage, table.storage.definition
    implied = implied_classes(fmt.stored_as) if fmt.stored_as else None
    serde = storage.serde_class or (implied[0] if implied else "")
    if not serde and fmt.delimited:
        serde = "org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe"
    in_fmt = storage.input_format or fmt.input_format or (implied[1] if implied else TEXT_INPUT)
    out_fmt = storage.output_format or fmt.output_format or (
        implied[2] if implied else TEXT_OUTPUT)
    return serde, in_fmt, out_fmt


def _partitions(table: Table, catalog: Catalog) -> Answer:
    if not table.partitions:
        # Hive's ErrorMsg.TABLE_NOT_PARTITIONED (10241)
        raise failures.hive_error(f"[Error 10241]: Table {table.name} is not a partitioned table")
    # Only partitions in the catalog: Athena's SHOW PARTITIONS lists no projected partition.
    # https://docs.aws.amazon.com/athena/latest/ug/show-partitions.html
    rows = ["/".join(f"{escape_path_name(k)}={escape_path_name(v)}" for k, v in values)
            for values in catalog.registered(table)]
    return string_answer("partition", sorted(rows))


def _tblproperties(table: Table, key: str | None) -> Answer:
    params = dict([("EXTERNAL", "TRUE"), *table_properties(table)])
    if key is None:
        return string_answer("prpt_name", [f"{k}\t{v}" for k, v in params.items()])
    key = key.replace("''", "'")
    if key not in params:
        return string_answer("prpt_name", [f"Table {table.name} does not have property: {key}"])
    return string_answer("prpt_name", [params[key]])


def create_view(show: Show, catalog: Catalog) -> Answer:
    """SHOW CREATE VIEW: the view's Trino statement, one row."""
    name, db = split_name(show.parts.get("name") or "")
    key_db, key = catalog.qualify(name, db)
    database_or_fail(catalog, key_db, hive=False)
    body = catalog.views.get((key_db, key))
    if body is None:
        raise failures.athena_error(
            "TABLE_NOT_FOUND", f"View '{failures.CATALOG}.{key_db}.{key}' does not exist")
    text = f"CREATE VIEW {quote_qualified((key_db, key), Engine.TRINO)} AS\n{body}"
    return Answer((ResultColumn("Create View", "varchar"),), [(text,)])


def database_or_fail(catalog: Catalog, name: str, *, hive: bool = True) -> str:
    """The catalog key of database ``name``.

    Raises:
        QueryError: Hive's "Database does not exist" (SHOW / DESCRIBE run on Hive), else
            Trino's SCHEMA_NOT_FOUND.
    """
    key = name.lower()
    if key in catalog.databases:
        return key
    if hive:  # Hive's ErrorMsg.DATABASE_NOT_EXISTS (10072)
        raise failures.hive_error(f"[Error 10072]: Database does not exist: {key}")
    raise failures.athena_error("SCHEMA_NOT_FOUND", f"Schema '{key}' does not exist")


def table_or_fail(catalog: Catalog, name: str, db: str | None) -> Table:
    """The table ``db.name``.

    Raises:
        QueryError: Hive's "Database does not exist" or "Table not found".
    """
    key_db, key = catalog.qualify(name, unquote(db) if db else None)
    database_or_fail(catalog, key_db)
    table = catalog.tables.get((key_db, key))
    if table is None:  # Hive's ErrorMsg.INVALID_TABLE (10001)
        raise failures.hive_error(f"[Error 10001]: Table not found {key_db}.{key}")
    return table

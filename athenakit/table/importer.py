"""Import CREATE TABLE statements back into the model, without loss.

Reads DDL as people have it: hand-written, copied from the AWS docs, or printed by SHOW CREATE
TABLE (backticks around ``db.table`` as one token, double-quoted property keys, hyphenated names,
``COMMENT 'from deserializer'``). sqlglot's athena dialect parses the statement; string values
are decoded the way Hive decodes them, so a regex reaches the model byte-for-byte as Athena
stores it.

Example:
    >>> [t] = import_ddl("CREATE EXTERNAL TABLE t (id int) LOCATION 's3://b/t/'")
    >>> t.columns[0].type.ddl, t.storage.format
    ('int', 'text')
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from athenakit.errors import Diagnostic, Severity, SpecError, SqlError
from athenakit.sql.quiet import quiet_sqlglot
from athenakit.sql.quoting import hive_dropped_escapes
from athenakit.table.import_properties import (
    DELIMITER_ARGS,
    iceberg_partition,
    split_hive_properties,
    split_iceberg_properties,
)
from athenakit.table.model import Bucketing, Column, Partition, Table, TableType
from athenakit.table.storage import FrozenDict
from athenakit.table.types import SCALAR_TYPES
from athenakit.table.validate import CREATE_DOC, ICEBERG_DOC

_DESERIALIZER_COMMENT = "from deserializer"
# Kept by the metastore itself (SHOW CREATE TABLE prints them): a spec that set them would
# freeze a timestamp or a statistic, so import leaves them out.
CATALOG_ONLY_PROPERTIES = frozenset({
    "transient_lastDdlTime", "last_modified_by", "last_modified_time", "numFiles", "numRows",
    "rawDataSize", "totalSize", "COLUMN_STATS_ACCURATE",
})


@dataclass
class ImportResult:
    """Tables read from DDL, and the warnings found on the way (with statement index)."""

    tables: list[Table] = field(default_factory=list)
    warnings: list[Diagnostic] = field(default_factory=list)


def import_ddl(sql: str, *, file: str | None = None, stored: bool = False) -> list[Table]:
    """Read every CREATE TABLE statement of ``sql`` into a :class:`Table`.

    ``stored`` says the DDL is the catalog's own (``SHOW CREATE TABLE``): a Delta Lake table's
    columns, partitions, SerDe and properties there are the ones Athena synced from its Delta
    log, so only its name and location are read.

    Raises:
        SqlError: the text does not parse (with line and column).
        SpecError: a statement describes a table Athena would reject (with field paths).
    """
    return import_ddl_with_warnings(sql, file=file, stored=stored).tables


def import_ddl_with_warnings(sql: str, *, file: str | None = None,
                             allow_empty: bool = False, stored: bool = False) -> ImportResult:
    """Like :func:`import_ddl`, also returning warnings (dropped escapes, missing slashes...);
    ``allow_empty`` accepts text without CREATE TABLE (views only, say)."""
    import sqlglot
    from sqlglot import exp
    from sqlglot.errors import ParseError, TokenError

    from athenakit.sql.parse_errors import sql_error

    try:
        with quiet_sqlglot():
            statements = sqlglot.parse(sql, read="athena")
    except ParseError as err:
        unknown = unknown_type(sql)
        if unknown is not None:
            message, line, column = unknown
            raise SqlError(message, line=line, column=column, file=file) from None
        raise sql_error(err, sql, file=file, what="cannot read the DDL") from None
    except (TokenError, RecursionError) as err:
        raise sql_error(err, sql, file=file, what="cannot read the DDL") from None
    result = ImportResult(warnings=_escape_warnings(sql, file))
    problems: list[Diagnostic] = []
    for index, stmt in enumerate(s for s in statements if s is not None):
        if not isinstance(stmt, exp.Create) or str(stmt.args.get("kind", "")).upper() != "TABLE":
            continue
        try:
            table, notes = _table_from_create(stmt, stored)
        except SpecError as err:
            problems.extend(_at(d, file, index) for d in err.diagnostics)
            continue
        result.tables.append(table)
        result.warnings.extend(_at(d, file, index) for d in (*notes, *table.warnings))
    if problems:
        raise SpecError(problems)
    if not result.tables and not allow_empty:
        raise SqlError("no CREATE TABLE statement found", file=file)
    return result


# type names a column may start with, for "did you mean"
_TYPE_WORDS = sorted(set(SCALAR_TYPES) | {"char", "varchar", "array", "map", "struct"})


def unknown_type(sql: str) -> tuple[str, int, int] | None:
    """``(name type`` or ``, name type`` where ``type`` is no type: message, line, column."""
    import difflib

    import sqlglot
    from sqlglot.errors import TokenError
    from sqlglot.tokens import TokenType  # type: ignore[attr-defined]

    try:
        tokens = sqlglot.tokenize(sql, read="athena")
    except TokenError:
        return None
    names = (TokenType.VAR, TokenType.IDENTIFIER)
    for i in range(1, len(tokens) - 2):
        prev, name, kind, nxt = tokens[i - 1:i + 3]
        if (prev.token_type in (TokenType.L_PAREN, TokenType.COMMA) and name.token_type in names
                and kind.token_type is TokenType.VAR and kind.text.lower() not in _TYPE_WORDS
                and (nxt.token_type in (TokenType.COMMA, TokenType.R_PAREN, TokenType.LT,
                                        TokenType.L_PAREN) or nxt.text.upper() == "COMMENT")):
            close = difflib.get_close_matches(kind.text.lower(), _TYPE_WORDS, n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            return (f"unknown type {kind.text!r} for column {name.text}{hint}", kind.line,
                    kind.col - len(kind.text) + 1)
    return None


def _at(diag: Diagnostic, file: str | None, index: int) -> Diagnostic:
    from dataclasses import replace

    return replace(diag, file=file, statement=index)


def _escape_warnings(sql: str, file: str | None) -> list[Diagnostic]:
    import sqlglot
    from sqlglot.tokens import TokenType  # type: ignore[attr-defined]

    out = []
    for tok in sqlglot.tokenize(sql, read="athena"):
        if tok.token_type is TokenType.STRING:
            raw = sql[tok.start + 1:tok.end]
            for esc in sorted(set(hive_dropped_escapes(raw))):
                out.append(Diagnostic(
                    "AK190", Severity.WARNING, f"'{esc}' in a string literal reads as "
                    f"'{esc[1]}': Hive drops the backslash; write '\\{esc}' to keep it",
                    file=file, line=tok.line, column=tok.col, doc=CREATE_DOC))
    return out


def _table_from_create(stmt: Any, stored: bool = False) -> tuple[Table, list[Diagnostic]]:
    from sqlglot import exp

    notes: list[Diagnostic] = []
    database, name = _table_name(stmt.this.this if isinstance(stmt.this, exp.Schema)
                                 else stmt.this)
    props = stmt.args.get("properties")
    prop_list = list(props.expressions) if props else []
    tblprops = {k: v for k, v in _tblproperties(prop_list).items()
                if k not in CATALOG_ONLY_PROPERTIES}
    iceberg = tblprops.get("table_type", "").upper() == "ICEBERG"
    external = any(isinstance(p, exp.ExternalProperty) for p in prop_list)
    if tblprops.get("table_type", "").upper() == "DELTA":
        if stored:  # what Athena synced from the Delta log is not the table's DDL
            return _stored_delta(database, name, prop_list), notes
        return _delta_from_create(stmt, (database, name), prop_list, tblprops, external), notes
    if iceberg and external:
        raise SpecError([Diagnostic("AK191", Severity.ERROR, "Iceberg tables are created without "
                                    "EXTERNAL", path="table_type", doc=ICEBERG_DOC)])
    if not iceberg and not external:
        raise SpecError([Diagnostic("AK192", Severity.ERROR, "non-Iceberg tables must be CREATE "
                                    "EXTERNAL TABLE (or set 'table_type'='ICEBERG')",
                                    path="table_type", doc=CREATE_DOC)])
    columns = [_column(c, Column, notes) for c in stmt.this.expressions] \
        if isinstance(stmt.this, exp.Schema) else []
    args: dict[str, Any] = {"name": name, "database": database, "columns": columns}
    for prop in prop_list:
        _read_property(prop, args, notes)
    if iceberg:
        split_iceberg_properties(tblprops, args)
    else:
        split_hive_properties(tblprops, args, notes)
    return Table(**args), notes


def _delta_from_create(stmt: Any, names: tuple[str | None, str], prop_list: list[Any],
                       tblprops: dict[str, str], external: bool) -> Table:
    """A Delta Lake table; whatever else the statement sets is reported with its field path."""
    from sqlglot import exp

    from athenakit.table.delta import DELTA_DOC

    problems: list[Diagnostic] = []
    if not external:
        # https://docs.aws.amazon.com/athena/latest/ug/create-table.html: only Iceberg tables
        # are created without EXTERNAL
        problems.append(Diagnostic("AK195", Severity.ERROR, "Delta Lake tables are created with "
                                   "CREATE EXTERNAL TABLE", doc=DELTA_DOC))
    columns = [_column(c, Column, []) for c in stmt.this.expressions] \
        if isinstance(stmt.this, exp.Schema) else []
    args: dict[str, Any] = {"name": names[1], "database": names[0], "columns": columns,
                            "table_type": TableType.DELTA}
    for prop in prop_list:
        _read_property(prop, args, [])
    if args.pop("_storage", None):
        # STORED AS PARQUET would read as the default storage: say so rather than drop it
        problems.append(Diagnostic("AK193", Severity.ERROR, "a Delta Lake table takes no ROW "
                                   "FORMAT or STORED AS; the Delta log names its files",
                                   path="storage", doc=DELTA_DOC))
    args["properties"] = FrozenDict({k: v for k, v in tblprops.items() if k != "table_type"})
    try:
        table = Table(**args)
    except SpecError as err:
        raise SpecError(problems + list(err.diagnostics)) from None
    if problems:
        raise SpecError(problems)
    return table


def _stored_delta(database: str | None, name: str, prop_list: list[Any]) -> Table:
    from sqlglot import exp

    location = next((_text(p.this) for p in prop_list if isinstance(p, exp.LocationProperty)),
                    None)
    return Table(name=name, database=database, table_type=TableType.DELTA, location=location)


def _table_name(table: Any) -> tuple[str | None, str]:
    # SHOW CREATE TABLE and AWS examples write `db.table` as ONE quoted identifier.
    parts = [p.name for p in table.parts]
    if len(parts) == 1 and "." in parts[0]:
        db, _, name = parts[0].partition(".")
        return db, name
    return (parts[-2] if len(parts) >= 2 else None), parts[-1]


def _column(node: Any, cls: type[Column], notes: list[Diagnostic]) -> Column:
    from sqlglot import exp

    from athenakit.table.types import TypeError_, spell_sqlglot_type

    if not isinstance(node, exp.ColumnDef) or node.args.get("kind") is None:
        raise SpecError(f"expected 'name type', got {node.sql('hive')!r}")
    comment = None
    for constraint in node.args.get("constraints") or []:
        if isinstance(constraint.args.get("kind"), exp.CommentColumnConstraint):
            comment = constraint.args["kind"].this.name
    if comment == _DESERIALIZER_COMMENT:
        comment = None  # SHOW CREATE TABLE's placeholder, not a user comment
    try:
        return cls(node.name, spell_sqlglot_type(node.args["kind"]), comment)
    except TypeError_ as err:
        raise SpecError([Diagnostic("AK100", Severity.ERROR, str(err),
                                    path=f"columns.{node.name}.type")]) from None


def _tblproperties(props: Iterable[Any]) -> dict[str, str]:
    from sqlglot import exp

    out = {}
    for prop in props:
        if type(prop) is exp.Property:
            out[_text(prop.this)] = _text(prop.args.get("value"))
    return out


def _text(node: Any) -> str:
    from sqlglot import exp

    if isinstance(node, (exp.Literal, exp.Var, exp.Identifier)):
        return str(node.this)
    if isinstance(node, exp.Boolean):
        return "true" if node.this else "false"
    return str(node.name if node is not None and node.name else node.sql("hive") if node else "")


def _read_property(prop: Any, args: dict[str, Any], notes: list[Diagnostic]) -> None:
    from sqlglot import exp

    storage = args.setdefault("_storage", {})
    if isinstance(prop, exp.SchemaCommentProperty):
        args["comment"] = _text(prop.this)
    elif isinstance(prop, exp.PartitionedByProperty):
        _read_partitions(prop.this, args, notes)
    elif isinstance(prop, exp.ClusteredByProperty):
        cols = tuple(c.name for c in prop.expressions)
        args["bucketing"] = Bucketing(cols, int(_text(prop.args["buckets"])))
    elif isinstance(prop, exp.RowFormatSerdeProperty):
        storage["serde"] = _text(prop.this)
        serde_props = prop.args.get("serde_properties")
        storage["serde_properties"] = {_text(p.this): _text(p.args.get("value"))
                                       for p in (serde_props.expressions if serde_props else [])}
    elif isinstance(prop, exp.RowFormatDelimitedProperty):
        for key, attr in DELIMITER_ARGS.items():
            if prop.args.get(key) is not None:
                storage[attr] = _text(prop.args[key])
    elif isinstance(prop, exp.FileFormatProperty):
        fmt = prop.this
        if isinstance(fmt, exp.InputOutputFormat):
            storage["input_format"] = _text(fmt.args.get("input_format"))
            storage["output_format"] = _text(fmt.args.get("output_format"))
        else:
            storage["stored_as"] = _text(fmt).upper()
    elif isinstance(prop, exp.LocationProperty):
        args["location"] = _text(prop.this)


def _read_partitions(schema: Any, args: dict[str, Any], notes: list[Diagnostic]) -> None:
    from sqlglot import exp

    items = schema.expressions if isinstance(schema, exp.Schema) else [schema]
    if all(isinstance(i, exp.ColumnDef) for i in items):
        args["partitions"] = [_column(i, Partition, notes) for i in items]
    else:
        args["partitioning"] = [iceberg_partition(i) for i in items]

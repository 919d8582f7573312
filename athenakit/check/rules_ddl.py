"""DDL rules: the core model's validation for CREATE TABLE, and DDL Athena does not support.

A CREATE TABLE statement is imported into the core model (:func:`athenakit.table.importer.import_ddl`)
and validated with :func:`athenakit.table.validate.validate_table`, so ``check`` and ``athenakit ddl``
share one source of truth. Each finding's field path (``columns[2].type``) is mapped back to the
line of the clause it is about.
"""

from __future__ import annotations

import re

from sqlglot import exp

from athenakit.check.catalog import LAZY_SIMPLE_SERDE, KnownTable, from_create
from athenakit.check.context import Context
from athenakit.errors import AthenakitError, Diagnostic, Severity, SpecError
from athenakit.sql.splitter import Kind

_PATH_INDEX = re.compile(r"^(columns|partitions)(?:\[(\d+)\]|$)")
_CLAUSE_FOR_PATH = {
    "location": ("LOCATION",), "storage": ("ROW", "STORED"), "properties": ("TBLPROPERTIES",),
    "projection": ("TBLPROPERTIES",), "compression": ("TBLPROPERTIES",),
    "bucketing": ("CLUSTERED",), "partitioning": ("PARTITIONED",),
    "table_type": ("TBLPROPERTIES",), "comment": ("COMMENT",),
}


def check_ddl(ctx: Context) -> None:
    """Report DDL problems of CREATE TABLE, ALTER TABLE and INSERT OVERWRITE statements."""
    tree = ctx.tree
    if _writes_delta(ctx, tree):
        return
    if isinstance(tree, exp.Create) and ctx.stmt.kind is Kind.CREATE_TABLE:
        _create_table(ctx, tree)
    elif isinstance(tree, exp.Alter):
        for action in tree.args.get("actions") or []:
            _alter_action(ctx, tree, action)
    elif isinstance(tree, exp.Insert) and tree.args.get("overwrite"):
        # https://docs.aws.amazon.com/athena/latest/ug/unsupported-ddl.html
        ctx.report("AK322", "INSERT OVERWRITE is not supported by Athena; use INSERT INTO, or "
                            "CTAS into a new table")


_WRITES: dict[type[exp.Expr], str] = {
    exp.Insert: "INSERT", exp.Update: "UPDATE", exp.Delete: "DELETE", exp.Merge: "MERGE",
    exp.Alter: "ALTER TABLE"}


def _writes_delta(ctx: Context, tree: exp.Expr | None) -> bool:
    """Report an INSERT, UPDATE, DELETE, MERGE or ALTER TABLE of a known Delta Lake table."""
    if tree is None:
        return False
    what = _WRITES.get(type(tree))
    target = tree.this
    if isinstance(target, exp.Schema):  # INSERT INTO t (a, b)
        target = target.this
    if what is None or not isinstance(target, exp.Table):
        return False
    known = ctx.catalog.find(target.name, target.db or None)
    if known is None or not known.delta:
        return False
    # https://docs.aws.amazon.com/athena/latest/ug/delta-lake-tables.html: "Read only" and
    # "Limited DDL support" (CREATE EXTERNAL TABLE, SHOW, DESCRIBE)
    if what == "ALTER TABLE":
        why = "runs no ALTER TABLE on Delta Lake tables: the schema is the Delta log's"
    else:
        why = f"only reads Delta Lake tables ({what} is not supported): write with a Delta writer"
    ctx.report("AK328", f"{known.name} is a Delta Lake table; Athena {why}")
    return True


def _create_table(ctx: Context, tree: exp.Create) -> None:
    if tree.find(exp.LikeProperty) is not None:
        # https://docs.aws.amazon.com/athena/latest/ug/unsupported-ddl.html
        ctx.report("AK321", "CREATE TABLE ... LIKE is not supported by Athena; spell out the "
                            "columns or use CTAS")
        return
    known = from_create(tree)
    if known is not None:
        ctx.catalog.add(known, declared=True)
    if not any(f.diagnostic.code in ("AK300", "AK301") for f in ctx.findings):
        for diagnostic in _model_diagnostics(ctx.text):
            ctx.add(diagnostic, _offset(ctx, tree, diagnostic))


def _model_diagnostics(text: str) -> list[Diagnostic]:
    """Import the DDL into the core model; return its validation findings and import warnings.

    ``Table`` construction runs :func:`athenakit.table.validate.validate_table`: errors arrive as a
    :class:`SpecError`, warnings in the import result.
    """
    from athenakit.table.importer import import_ddl_with_warnings

    try:
        return list(import_ddl_with_warnings(text).warnings)
    except SpecError as err:
        return list(err.diagnostics)
    except AthenakitError as err:
        return [Diagnostic("AK320", Severity.ERROR, f"cannot read this CREATE TABLE: {err}")]


def _offset(ctx: Context, tree: exp.Create, diagnostic: Diagnostic) -> int:
    """Offset in the statement of a model finding: its own line/column, or its field path."""
    if diagnostic.line is not None:
        lines = ctx.text.split("\n")
        before = sum(len(line) + 1 for line in lines[:diagnostic.line - 1])
        return min(before + max((diagnostic.column or 1) - 1, 0), len(ctx.text))
    return _path_offset(ctx, tree, diagnostic.path)


def _path_offset(ctx: Context, tree: exp.Create, path: str) -> int:
    """Offset in the statement of the clause a model field path is about."""
    match = _PATH_INDEX.match(path)
    if match:
        defs = _column_defs(tree, partitions=match.group(1) == "partitions")
        index = int(match.group(2) or 0)  # the whole list: its first column
        if index < len(defs):
            return int(defs[index].this.meta.get("start", 0))
    for word in _CLAUSE_FOR_PATH.get(path.split(".", 1)[0].split("[", 1)[0], ()):
        for token in ctx.tokens:
            if token.text.upper().split()[:1] == [word]:  # PARTITIONED BY may be one token
                return int(token.start)
    return 0


def _column_defs(tree: exp.Create, *, partitions: bool) -> list[exp.ColumnDef]:
    part = tree.find(exp.PartitionedByProperty)
    if partitions:
        schema = part.this if part is not None else None
    else:
        schema = tree.this
    if not isinstance(schema, exp.Schema):
        return []
    return [c for c in schema.expressions if isinstance(c, exp.ColumnDef)]


def _projection_columns(ctx: Context, action: exp.AlterSet, known: KnownTable) -> None:
    """``projection.<col>.*`` set on a table that has no partition column ``col``."""
    # https://docs.aws.amazon.com/athena/latest/ug/partition-projection-setting-up.html
    for prop in action.find_all(exp.Property):
        key = prop.this.name if isinstance(prop.this, exp.Literal) else ""
        parts = key.split(".")
        if len(parts) >= 3 and parts[0] == "projection" and parts[1].lower() not in (
                known.partitions):
            ctx.report("AK327", f"{key!r}: {known.name} has no partition column {parts[1]} "
                                "(partitions: " + (", ".join(known.partitions) or "none") + "); "
                                "Athena does not add the column, and queries fail",
                       int(prop.this.meta.get("start", 0)))


def _alter_action(ctx: Context, tree: exp.Alter, action: exp.Expr) -> None:
    table = tree.this
    known = ctx.catalog.find(table.name, table.db or None) if isinstance(table, exp.Table) else None
    if isinstance(action, exp.AlterRename):
        # https://docs.aws.amazon.com/athena/latest/ug/unsupported-ddl.html
        if known is not None and not known.iceberg:
            ctx.report("AK323", f"ALTER TABLE RENAME TO works only for Iceberg tables and "
                                f"{known.name} is a Hive table; create a new table over the "
                                "same location instead")
    elif isinstance(action, exp.AlterSet) and action.find(exp.SerdeProperties):
        ctx.report("AK324", "ALTER TABLE SET SERDEPROPERTIES is not supported by Athena; "
                            "recreate the table with the new SerDe properties")
    elif isinstance(action, exp.AlterSet) and known is not None:
        _projection_columns(ctx, action, known)
    elif isinstance(action, exp.ReplaceColumns):
        # https://docs.aws.amazon.com/athena/latest/ug/alter-table-replace-columns.html
        if known is not None and (known.iceberg or known.serde != LAZY_SIMPLE_SERDE):
            ctx.report("AK325", "ALTER TABLE REPLACE COLUMNS works only for tables using "
                                f"LazySimpleSerDe; {known.name} uses "
                                f"{'Iceberg' if known.iceberg else known.serde or 'another SerDe'}")
    elif isinstance(action, exp.Schema):
        # https://docs.aws.amazon.com/athena/latest/ug/alter-table-add-columns.html
        for col in action.expressions:
            kind = col.args.get("kind") if isinstance(col, exp.ColumnDef) else None
            if isinstance(kind, exp.DataType) and kind.is_type(exp.DataType.Type.DATE):
                ctx.report("AK326", f"ALTER TABLE ADD COLUMNS cannot add the date column "
                                    f"{col.name}; Athena rejects columns of type date here",
                           int(col.this.meta.get("start", 0)))

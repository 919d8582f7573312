"""ALTER TABLE on an Iceberg table: the schema change committed to the Iceberg metadata too.

Athena evolves Iceberg schemas by field id, so data files stay valid: ADD COLUMNS adds fields
(old rows read NULL), CHANGE COLUMN renames, widens (int -> bigint, float -> double, a larger
decimal precision) or moves a field, DROP COLUMN removes it; RENAME TO renames the table; SET / UNSET TBLPROPERTIES reach the
Iceberg table properties. The local catalog's checks
(:mod:`athenakit.local.hivealter`) run first, so a form Athena refuses changes nothing.

https://docs.aws.amazon.com/athena/latest/ug/querying-iceberg-evolving-table-schema.html
"""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING, Any

from sqlglot import exp

from athenakit.errors import QueryError
from athenakit.local.hivealter import AlterTable
from athenakit.table.model import Table

if TYPE_CHECKING:
    from athenakit.local.statements import StatementRunner

_SCHEMA_OPS = ("ADD COLUMNS", "CHANGE COLUMN", "DROP COLUMN")


def altered(runner: StatementRunner, statement: object, before: Table) -> None:
    """Commit the schema change an ALTER TABLE ``statement`` makes to ``before``'s Iceberg
    metadata (other statements change nothing here).

    Raises:
        QueryError: Athena refuses the change (as the catalog would), or Iceberg cannot
            make it (e.g. narrowing a type).
    """
    from athenakit.local import hivealter
    from athenakit.local.iceberg.store import store

    if not isinstance(statement, AlterTable):
        return
    after = hivealter.apply(statement, before)
    ptable = store(runner.catalog, runner.paths).load(before)
    if statement.op in ("SET TBLPROPERTIES", "UNSET TBLPROPERTIES"):
        _properties(ptable, before, after)
        return
    if statement.op not in _SCHEMA_OPS:
        return
    from pyiceberg.exceptions import ValidationError

    try:
        _evolve(ptable, before, after, rename=statement.op == "CHANGE COLUMN")
    except (ValueError, TypeError, ValidationError) as err:
        raise QueryError("NOT_SUPPORTED", state="FAILED",
                         reason=str(err).splitlines()[0]) from err


def _properties(ptable: Any, before: Table, after: Table) -> None:
    """The Iceberg table properties follow the catalog's (``write_compression`` too)."""
    from athenakit.local.iceberg.store import iceberg_properties

    old, new = iceberg_properties(before), iceberg_properties(after)
    gone = [k for k in old if k not in new]
    with ptable.transaction() as tx:
        if gone:
            tx.remove_properties(*gone)
        changed = {k: v for k, v in new.items() if old.get(k) != v}
        if changed:
            tx.set_properties(changed)


def _evolve(ptable: Any, before: Table, after: Table, *, rename: bool) -> None:
    from pyiceberg.io.pyarrow import _ConvertToIcebergWithoutIDs, visit_pyarrow

    from athenakit.local.iceberg.schema import arrow_schema
    from athenakit.local.session import connect

    old = [c.name.lower() for c in before.columns]
    new = [c.name.lower() for c in after.columns]
    removed = [n for n in old if n not in new]
    added = [n for n in new if n not in old]
    con = connect()
    try:
        wanted = arrow_schema(con, after)
    finally:
        con.close()
    with ptable.transaction() as tx:
        with tx.update_schema() as update:
            if rename and len(removed) == 1 and len(added) == 1:
                update.rename_column(removed[0], added[0])
            else:
                for name in removed:
                    update.delete_column(name)
        current = {f.name: f.field_type for f in tx.table_metadata.schema().fields}
        with tx.update_schema() as update:
            schema: Any = visit_pyarrow(wanted, _ConvertToIcebergWithoutIDs())
            for field in schema.fields:
                if field.name not in current:
                    update.add_column(field.name, field.field_type)
                elif current[field.name] != field.field_type:  # Iceberg allows widening only
                    update.update_column(field.name, field_type=field.field_type)
        with tx.update_schema() as update:
            update.move_first(new[0])
            for previous, name in itertools.pairwise(new):
                update.move_after(name, previous)


def rename(runner: StatementRunner, tree: exp.Alter) -> None:
    """``ALTER TABLE t RENAME TO u`` (Iceberg tables; Athena does not rename Hive tables).

    Raises:
        QueryError: not an Iceberg table, the new name exists, or another ALTER form.
    """
    from athenakit.local.errors import UnsupportedLocally
    from athenakit.local.iceberg.dml import iceberg_table
    from athenakit.local.iceberg.store import store
    from athenakit.table.model import replace_fields

    actions = tree.args.get("actions") or []
    if len(actions) != 1 or not isinstance(actions[0], exp.AlterRename):
        raise UnsupportedLocally("this ALTER TABLE form")
    # https://docs.aws.amazon.com/athena/latest/ug/querying-iceberg-alter-table-rename.html
    table = iceberg_table(runner, tree.this, "ALTER TABLE RENAME TO")
    new = actions[0].this
    database = (new.db or table.database or runner.catalog.default_database).lower()
    renamed = replace_fields(table, name=new.name.lower(), database=database)
    iceberg = store(runner.catalog, runner.paths)
    old_ident = (table.database or runner.catalog.default_database, table.name.lower())
    iceberg.load(table)
    runner.catalog.add_table(renamed)
    try:
        iceberg.sql.create_namespace_if_not_exists(database)
        iceberg.sql.rename_table(old_ident, (database, renamed.name))
    except BaseException:
        runner.catalog.drop(renamed.name, database, view=False, if_exists=True)
        raise
    runner.catalog.drop(table.name, table.database, view=False, if_exists=False)

"""DELETE, UPDATE and MERGE INTO on Iceberg tables, with Athena's (Trino's) semantics.

Each statement reads its target with row ids (file, position), lets DuckDB compute the rows to
remove and the rows to add through the usual Athena-to-DuckDB translation, and commits both in
one snapshot (:func:`athenakit.local.iceberg.commit.rewrite`). Nothing is committed when the
statement changes no row.

https://docs.aws.amazon.com/athena/latest/ug/delete-statement.html
https://docs.aws.amazon.com/athena/latest/ug/update-statement.html
https://docs.aws.amazon.com/athena/latest/ug/merge-into-statement.html
"""

from __future__ import annotations

import warnings
from typing import TYPE_CHECKING, Any

from sqlglot import exp

from athenakit.errors import QueryError
from athenakit.local import session, translate
from athenakit.local.errors import refuse_delta
from athenakit.local.iceberg.commit import rewrite
from athenakit.local.iceberg.scan import FILE, POS, ROW_IDS, Target
from athenakit.local.iceberg.values import cast
from athenakit.local.scan import ScanState
from athenakit.table.model import Table

if TYPE_CHECKING:
    from athenakit.local.statements import StatementRunner

def run(runner: StatementRunner, tree: exp.Expression, query_id: str) -> int:
    """Run a DELETE, UPDATE or MERGE INTO; returns the bytes scanned.

    Raises:
        QueryError: the target is missing or not an Iceberg table; a MERGE target row
            matches more than one source row.
    """
    node = tree.this if isinstance(tree.this, exp.Table) else tree.find(exp.Table)
    assert node is not None
    table = iceberg_table(runner, node, tree.key.upper())
    ref, target = target_ref(node)
    changed: Any
    if isinstance(tree, exp.Merge):
        from athenakit.local.iceberg.merge import plan

        query, changed = plan(tree, table, ref)
    else:
        query, changed = _plan(tree, table, ref)
    rows, scanned = select_rows(runner, query, query_id)
    if isinstance(tree, exp.Merge):
        from athenakit.local.iceberg.merge import check_duplicates, split

        check_duplicates(runner.con, rows)
        removed, added = split(rows, changed, table)
    else:
        removed = rows.select([FILE, POS])
        added = rows.drop_columns([FILE, POS]) if changed else None
    rewrite(target, removed, added)
    return scanned


def target_ref(node: exp.Table) -> tuple[exp.Table, Target]:
    """A reference to the target table that reads it with row ids into the returned Target."""
    target = Target()
    ref = exp.Table(this=exp.to_identifier(node.name), db=node.args.get("db"),
                    alias=exp.TableAlias(this=exp.to_identifier(node.alias or node.name)))
    ref.meta[ROW_IDS] = target
    return ref, target


def iceberg_table(runner: StatementRunner, node: exp.Table, statement: str) -> Table:
    table = runner.catalog.table(node.name, node.db or None)
    if table is None:
        raise QueryError("TABLE_NOT_FOUND", state="FAILED",
                         reason=f"table {node.db + '.' if node.db else ''}{node.name} "
                         "does not exist")
    refuse_delta(table)
    if not table.is_iceberg:
        # https://docs.aws.amazon.com/athena/latest/ug/querying-iceberg-updating-iceberg-table-data.html
        raise QueryError("NOT_SUPPORTED", state="FAILED",
                         reason=f"{statement} is supported only for Iceberg tables; "
                         f"{table.name} is a Hive table")
    return table


def _plan(tree: exp.Expression, table: Table, ref: exp.Table) -> tuple[exp.Select, bool]:
    where = tree.args.get("where")
    alias = ref.alias_or_name
    ids = [exp.column(FILE, alias), exp.column(POS, alias)]
    if isinstance(tree, exp.Delete):
        select = exp.select(*ids).from_(ref, copy=False)
    else:
        sets = {e.this.name.lower(): e.expression for e in tree.expressions}
        unknown = [n for n in sets if table.column(n) is None]
        if unknown:
            raise QueryError("COLUMN_NOT_FOUND", state="FAILED",
                             reason=f"Column '{unknown[0]}' cannot be resolved")
        values = [cast(sets[c.name.lower()].copy(), table, c.name) if c.name.lower() in sets
                  else exp.column(c.name.lower(), alias, quoted=True) for c in table.columns]
        select = exp.select(*ids, *values).from_(ref, copy=False)
    if where is not None:
        select = select.where(where.this.copy(), copy=False)
    return select, isinstance(tree, exp.Update)


def select_rows(runner: StatementRunner, query: exp.Expression, query_id: str) -> tuple[Any, int]:
    state = ScanState()
    resolved = runner.resolver.resolve(query, state)
    sql = translate.to_duckdb(resolved, state.column_types)
    cursor = session.run(runner.con, sql, query_id=query_id)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        return cursor.to_arrow_table(), state.scanned_bytes

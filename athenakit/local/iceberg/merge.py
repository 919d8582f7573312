"""MERGE INTO as one query: the source LEFT JOIN the target, the WHEN clause each row takes,
and the values each UPDATE / INSERT clause gives.

For every source row, the first WHEN clause whose kind (MATCHED / NOT MATCHED) and condition
fit is applied; rows no clause takes change nothing. As in Trino, a target row matched by more
than one source row fails the statement (when those rows take the same clause number, which
includes taking none), before anything is written.

https://docs.aws.amazon.com/athena/latest/ug/merge-into-statement.html
https://trino.io/docs/current/sql/merge.html
"""

from __future__ import annotations

from typing import Any

from sqlglot import exp

from athenakit.errors import QueryError
from athenakit.local.iceberg.scan import FILE, POS
from athenakit.local.iceberg.values import CASE, cast
from athenakit.table.model import Table


def _value_name(index: int, column: str) -> str:
    return f"__ak_v{index}_{column.lower()}"


def _clause_values(index: int, then: exp.Expression, table: Table,
                   target: str) -> list[Any]:
    names = [c.name.lower() for c in table.columns]
    if isinstance(then, exp.Update):
        given = {e.this.name.lower(): e.expression for e in then.expressions}
        values = {n: given.get(n, exp.column(n, target, quoted=True)) for n in names}
    else:
        listed = [c.name.lower() for c in then.this.expressions] if then.this is not None \
            else names
        if len(listed) != len(then.expression.expressions):
            raise QueryError("SYNTAX_ERROR", state="FAILED", reason="MERGE INSERT lists "
                             f"{len(listed)} columns but {len(then.expression.expressions)} "
                             "values")
        given = dict(zip(listed, then.expression.expressions))
        values = {n: given.get(n, exp.null()) for n in names}
    unknown = [n for n in given if n not in names]
    if unknown:
        raise QueryError("COLUMN_NOT_FOUND", state="FAILED",
                         reason=f"Column '{unknown[0]}' cannot be resolved")
    return [exp.alias_(cast(values[n].copy(), table, n).this, _value_name(index, n),
                       quoted=True) for n in names]


def plan(tree: exp.Merge, table: Table, ref: exp.Table) -> tuple[exp.Select, list[str]]:
    """The query computing each source row's clause and values, and the clauses' kinds."""
    target = ref.alias_or_name
    matched: Any = exp.column(FILE, target).is_(exp.null()).not_()
    case = exp.Case()
    kinds, values = [], []
    whens = tree.args["whens"].expressions
    for index, when in enumerate(whens):
        test: Any = matched if when.args.get("matched") else exp.column(FILE, target).is_(exp.null())
        condition = when.args.get("condition")
        if condition is not None:
            test = exp.and_(test, exp.paren(condition.copy()))
        case = case.when(test, exp.Literal.number(index))
        then = when.args["then"]
        kinds.append("delete" if isinstance(then, exp.Var) else
                     "update" if isinstance(then, exp.Update) else "insert")
        if kinds[-1] != "delete":
            values += _clause_values(index, then, table, target)
    case = case.else_(exp.Literal.number(-1))
    select = exp.select(exp.column(FILE, target), exp.column(POS, target),
                        exp.alias_(case, CASE)).select(*values, copy=False)
    select = select.from_(tree.args["using"].copy(), copy=False).join(
        ref, on=tree.args["on"].copy(), join_type="left", copy=False)
    return select, kinds


def check_duplicates(con: Any, rows: Any) -> None:
    """Trino's MERGE_TARGET_ROW_MULTIPLE_MATCHES, checked before anything is written.

    Raises:
        QueryError: a target row (file, position) appears twice with the same clause number.
    """
    import pyarrow.compute as pc

    matched = rows.filter(pc.is_valid(rows[FILE]))
    counts = matched.group_by([FILE, POS, CASE]).aggregate([([], "count_all")])
    if counts.num_rows and pc.max(counts["count_all"]).as_py() > 1:
        # Trino's QueryPlanner (MERGE): MarkDistinct on (row id, case number)
        raise QueryError("MERGE_TARGET_ROW_MULTIPLE_MATCHES", state="FAILED",
                         reason="One MERGE target table row matched more than one source row")


def split(rows: Any, kinds: list[str], table: Table) -> tuple[Any, Any]:
    """The (file, position) of target rows to remove and the rows to add."""
    import pyarrow as pa
    import pyarrow.compute as pc

    changing = [i for i, k in enumerate(kinds) if k in ("update", "delete")]
    removed = rows.filter(pc.and_(pc.is_valid(rows[FILE]),
                                  pc.is_in(rows[CASE], value_set=pa.array(changing or [-2],
                                                                          rows[CASE].type))))
    names = [c.name.lower() for c in table.columns]
    added = []
    for index, kind in enumerate(kinds):
        if kind == "delete":
            continue
        chosen = rows.filter(pc.equal(rows[CASE], index))
        added.append(chosen.select([_value_name(index, n) for n in names])
                     .rename_columns(names))
    combined = pa.concat_tables(added, promote_options="permissive") if added else None
    return removed.select([FILE, POS]), combined

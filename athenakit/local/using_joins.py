"""The columns of ``JOIN ... USING`` as Trino's analyzer lays them out.

- ``SELECT *`` over ``a JOIN b USING (k)`` gives the USING columns first, in their order, then
  the left side's other columns, then the right side's (``StatementAnalyzer.analyzeJoinUsing``;
  ``TestJoinUsing.testMultipleKeys``, ``testAlternateColumnOrders``), and ``a.*`` a side's
  columns without the USING ones. DuckDB kept the left side's order (``k`` where the left side
  had it) and ``k`` in ``a.*``. The stars are written out where every relation's columns are
  known and the relations' names differ, and refused by name elsewhere.
- A column named twice in USING fails with ``DUPLICATE_COLUMN_NAME``.
- A USING column belongs to the join, not to a side: ``t.k`` fails with ``COLUMN_NOT_FOUND:
  Column 't.k' cannot be resolved`` (``TestJoinUsing.testColumnReferences``); DuckDB read the
  left side's.

https://trino.io/docs/current/sql/select.html#using
"""

from __future__ import annotations

from sqlglot import exp

from athenakit.local.errors import UnsupportedLocally
from athenakit.local.failures import athena_error, start_of
from athenakit.local.nodes import own_scope

REFUSAL = ("SELECT * over JOIN ... USING of relations whose columns are not known here or that "
           "share a name")


def _columns(relation: exp.Expr) -> list[str] | None:
    from athenakit.local.relations import ordered_names

    return ordered_names(relation, relation.root())


def _qualified(select: exp.Select, taken: dict[str, set[str]]) -> None:
    for column in (n for n in own_scope(select) if isinstance(n, exp.Column)):
        side = column.table.lower()
        if side and not column.args.get("db") and column.name.lower() in taken.get(side, set()):
            shown = ".".join(p.name.lower() for p in column.parts)
            raise athena_error("COLUMN_NOT_FOUND", f"Column '{shown}' cannot be resolved",
                               offset=start_of(column))


def _repeated_using(join: exp.Join) -> None:
    """``USING (k, k)`` (``StatementAnalyzer.analyzeJoinUsing``; ``TestJoinUsing
    .testDuplicateColumns``); DuckDB joined on ``k``."""
    seen: set[str] = set()
    for name in join.args.get("using") or []:
        if name.name.lower() in seen:
            raise athena_error("DUPLICATE_COLUMN_NAME", f"Column '{name.name.lower()}' appears "
                               "multiple times in USING clause", offset=start_of(name))
        seen.add(name.name.lower())


def _layout(select: exp.Select) -> list[exp.Column] | None:
    """The columns ``*`` stands for, in Trino's order; None where one is not known."""
    source = select.args["from_"].this
    names = _columns(source)
    if names is None:
        return None
    out: list[tuple[str | None, str]] = [(source.alias_or_name, n) for n in names]
    for join in select.args.get("joins") or []:
        right = _columns(join.this)
        if right is None:
            return None
        using = [u.name.lower() for u in join.args.get("using") or []]
        if not using:
            out += [(join.this.alias_or_name, n) for n in right]
            continue
        out = [(None, u) for u in using] + [c for c in out if c[1].lower() not in using] \
            + [(join.this.alias_or_name, n) for n in right if n.lower() not in using]
    return [exp.column(name, table=table) if table else exp.column(name)
            for table, name in out]


def rewrite(tree: exp.Expr) -> None:
    """Check qualified USING columns and write ``SELECT *`` out (``tree`` is modified in
    place).

    Raises:
        AthenaFailure: COLUMN_NOT_FOUND for a side's USING column.
        UnsupportedLocally: ``SELECT *`` where a relation's columns are not known.
    """
    for select in list(tree.find_all(exp.Select)):
        joins = select.args.get("joins") or []
        if not any(j.args.get("using") for j in joins) or select.args.get("from_") is None:
            continue
        for join in joins:
            _repeated_using(join)
        taken: dict[str, set[str]] = {}
        sides = [select.args["from_"].this, *(j.this for j in joins)]
        for index, join in enumerate(joins):
            using = {u.name.lower() for u in join.args.get("using") or []}
            for side in sides[:index + 2]:
                taken.setdefault(side.alias_or_name.lower(), set()).update(using)
        _qualified(select, taken)
        if any(isinstance(e, exp.Star) or isinstance(e, exp.Column)
               and isinstance(e.this, exp.Star) for e in select.expressions):
            _expand(select, sides, taken)


def _expand(select: exp.Select, sides: list[exp.Expr], taken: dict[str, set[str]]) -> None:
    """``*`` and ``t.*`` written out: a side's star leaves out its USING columns (they are the
    join's)."""
    names = [s.alias_or_name.lower() for s in sides]
    layout = _layout(select) if len(set(names)) == len(names) else None
    if layout is None:
        raise UnsupportedLocally(REFUSAL)
    expanded: list[exp.Expr] = []
    for item in select.expressions:
        if isinstance(item, exp.Star):
            expanded.extend(c.copy() for c in layout)
        elif isinstance(item, exp.Column) and isinstance(item.this, exp.Star):
            side = item.table.lower()
            expanded.extend(c.copy() for c in layout if c.table.lower() == side
                            and c.name.lower() not in taken.get(side, set()))
        else:
            expanded.append(item)
    select.set("expressions", expanded)

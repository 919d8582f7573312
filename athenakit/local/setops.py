"""Trino's check of a set operation's columns (``UNION``, ``INTERSECT``, ``EXCEPT``) and of
``VALUES`` rows.

Trino types each column of a set operation as the common super type of its two branches'
columns and fails at analysis where there is none (``StatementAnalyzer.visitSetOperation``;
``TestAnalyzer.testMismatchedUnionQueries``): ``TYPE_MISMATCH: line 1:10: column 1 in UNION
query has incompatible types: integer, varchar(1)``, or ``UNION query has different number of
fields: 2, 1``, placed at the ``UNION`` / ``INTERSECT`` / ``EXCEPT`` keyword. ``VALUES`` rows
without a common type fail with ``Values rows have mismatched types: [integer, varchar(1)] vs
[varchar(1), integer]`` at ``VALUES`` (``visitValues``). DuckDB casts to a type of its own
instead: ``SELECT 1 UNION ALL SELECT 'a'`` answered ``'1'`` and ``'a'``.

Columns whose types are certain before DuckDB runs (literals, casts) are checked by
:func:`check`. A branch column that only DuckDB types (a table's, a subquery's, a function's)
marks its set operation; after translation each marked set operation's branches are written
alone (:func:`probes`) and bound by DuckDB without running (:func:`check_bound`), and their
types are checked the same way. Trino's spelling of such a type is DuckDB's, read back
(:func:`athenakit.local.types.athena_type`), which is not Trino's for text and date-times
(``varchar`` where Trino says ``varchar(1)``): where such a column has no common type with
another, the statement is refused by name, with Trino's failure, as DuckDB spells it, for
hint.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from sqlglot import exp

from athenakit.local import common_types
from athenakit.local.errors import UnsupportedLocally
from athenakit.local.failures import AthenaFailure, athena_error, end_of, start_of
from athenakit.local.nodes import TABLE_COLUMNS, relations_of
from athenakit.local.operator_types import Known, operand, row_type

PROBED = "ak_setop_probed"
_STATIC = "ak_setop_types"  # a branch's column types certain before DuckDB runs
_ROWS = "ak_values_types"  # a VALUES' column types (its rows' common types), or None
# DuckDB's INTERVAL is Trino's day-to-second or year-to-month interval: a bound column of it
# is checked against a column that is no interval only (and refused there, its Trino spelling
# not known)
_INTERVAL = "interval"

Types = list["str | None"]
# a text or date-time type read back from DuckDB: Trino's spelling may be another
_INEXACT = ("char", "time")
READ_REFUSAL = ("a set operation column typed only while running, whose Trino type has no "
                "common type with another")


class _Read(str):
    """A type read back from DuckDB whose Trino spelling may differ (``varchar`` for a
    ``varchar(n)``, ``timestamp(6)`` for a ``timestamp(0)``)."""


class _Interval(_Read):
    """A bound interval column: day-to-second or year-to-month."""


@dataclass
class Branch:
    """One branch of a marked set operation: DuckDB SQL that binds it alone, and its column
    types where they are certain (None where DuckDB's are read)."""

    sql: str | None
    static: Types | None


@dataclass
class Probe:
    """A set operation to check once its branches are bound: its keyword, where Trino places
    the failure, and its two sides (a branch or a nested set operation)."""

    name: str
    offset: int | None
    left: Probe | Branch
    right: Probe | Branch


def _name(node: exp.SetOperation) -> str:
    return type(node).__name__.upper()


class Unbound(Exception):
    """A branch that does not bind alone: it reads a column of the query around it."""


def _side(node: exp.Expr) -> exp.Expr:
    while isinstance(node, exp.Subquery):
        node = node.this
    return node


def _declared(column: exp.Column, select: exp.Select, known: Known) -> str | None:
    """The type a table's spec declares for ``column`` (a table's column that names one
    relation of the SELECT, or that only one of them has), as ``known`` spells it."""
    sources = relations_of(select)
    if not all(isinstance(s, exp.Table) and TABLE_COLUMNS in s.meta for s in sources):
        return None  # (a subquery's column could be the one meant)
    name, table = column.name.lower(), column.table.lower()
    types = [s.meta[TABLE_COLUMNS].get(name) for s in sources
             if not table or s.alias_or_name.lower() == table]
    found = [t for t in types if t is not None]
    if len(found) != 1:
        return None
    return operand(exp.Cast(this=exp.Null(), to=exp.DataType.build(found[0], dialect="trino")),
                   known)


def _static_types(select: exp.Expr, known: Known) -> Types | None:
    """A SELECT branch's column types where certain (None per column typed only by DuckDB),
    a table's column typed by the table's spec; None where the number of its columns is not
    known here (``SELECT *``)."""
    if isinstance(select, exp.Select) and select.is_star and len(select.expressions) == 1:
        source = relations_of(select)  # VALUES as a query: SELECT * FROM (VALUES ...)
        if len(source) == 1 and isinstance(source[0], exp.Values) and not any(
                select.args.get(k) for k in ("where", "group", "having", "joins")):
            select = source[0]
    if isinstance(select, exp.Values):  # its rows' common types, as check read them
        typed: Types | None = select.meta.get(_ROWS)
        return typed
    if not isinstance(select, exp.Select) or select.is_star:
        return None
    return [operand(item, known) or row_type(item, known) or (
        _declared(item, select, known) if isinstance(item, exp.Column) else None)
        for item in (i.unalias() for i in select.expressions)]


def _joined(name: str, offset: int | None, left: Types, right: Types) -> Types:
    """The column types of set operation ``name`` (its left side ends at ``offset``);
    TYPE_MISMATCH at its keyword where two have no common type."""

    def fail(text: str) -> AthenaFailure:
        return athena_error("TYPE_MISMATCH", text, offset=offset,
                            find=(name, name.lower(), name.title()))

    if len(left) != len(right):
        raise fail(f"{name} query has different number of fields: {len(left)}, {len(right)}")
    joined: Types = []
    for index, (a, b) in enumerate(zip(left, right)):
        common = None
        if isinstance(a, _Interval) or isinstance(b, _Interval):
            other = b if isinstance(a, _Interval) else a
            if other is not None and _INTERVAL not in other and other != "unknown":
                raise UnsupportedLocally(READ_REFUSAL, hint="Athena fails with TYPE_MISMATCH: "
                                         f"column {index + 1} in {name} query has incompatible "
                                         f"types: {a}, {b}")
        elif a is not None and b is not None:
            try:
                common = common_types.supertype(a, b)
            except common_types.Unsure:  # families agree: not checked
                common = None
            else:
                text = f"column {index + 1} in {name} query has incompatible types: {a}, {b}"
                if common is None and (isinstance(a, _Read) or isinstance(b, _Read)):
                    raise UnsupportedLocally(READ_REFUSAL,
                                             hint=f"Athena fails with TYPE_MISMATCH: {text}")
                if common is None:
                    raise fail(text)
                if isinstance(a, _Read) or isinstance(b, _Read):
                    common = _read(common)
        joined.append(common)
    return joined


def _read(spelled: str) -> str:
    return _Read(spelled) if any(word in spelled for word in _INEXACT) else spelled


def check(tree: exp.Expr, known: Known) -> None:
    """Raise Trino's TYPE_MISMATCH for set operations and VALUES whose certain column types
    have no common type; mark the set operations with a column only DuckDB types.

    Args:
        tree: an annotated statement.
        known: reads the certain ``(family, Trino type)`` of a value, or None.

    Raises:
        AthenaFailure: TYPE_MISMATCH at the keyword (``UNION``, ``VALUES``).
    """
    for values in tree.find_all(exp.Values):
        values.meta[_ROWS] = _check_values(values, known)
    found: dict[int, Types | None] = {}
    for node in reversed(list(tree.find_all(exp.SetOperation))):  # innermost first
        sides = []
        for side in (_side(node.this), _side(node.expression)):
            typed = found.get(id(side)) if isinstance(side, exp.SetOperation) else \
                _static_types(side, known)
            side.meta[_STATIC] = typed
            sides.append(typed)
        left, right = sides
        joined = None if left is None or right is None else \
            _joined(_name(node), end_of(node.this), left, right)
        found[id(node)] = joined
        if joined is None or left is None or right is None or None in joined + left + right:
            node.meta[PROBED] = True


def _row_types(row: exp.Expr, known: Known) -> Types:
    items = row.expressions if isinstance(row, exp.Tuple) else [row]
    return [operand(i, known) for i in items]


def _check_values(values: exp.Values, known: Known) -> Types | None:
    """The column types of ``values`` (its rows' common types; None where not known)."""
    # https://trino.io/docs/current/sql/values.html
    rows = [_row_types(r, known) for r in values.expressions]
    if not rows:
        return None
    first = rows[0]
    for row in rows[1:]:  # (StatementAnalyzer.visitValues; TestAnalyzer.testValues)
        if len(row) != len(first) and not any(_row_typed(r) for r in values.expressions):
            raise athena_error("TYPE_MISMATCH", f"Values rows have mismatched sizes: "
                               f"{len(first)} vs {len(row)}", offset=start_of(values),
                               before="VALUES")
    common: Types = list(first)
    for row in rows[1:]:
        mismatched = len(row) != len(common)
        for index, kind in enumerate(row if not mismatched else []):
            try:
                joined = None if kind is None or common[index] is None else \
                    common_types.supertype(common[index] or "", kind)
            except common_types.Unsure:
                joined = None
            else:
                mismatched = mismatched or (kind is not None and common[index] is not None
                                            and joined is None)
            common[index] = joined
        if mismatched and None not in first and None not in row:
            raise athena_error("TYPE_MISMATCH", "Values rows have mismatched types: "
                               f"[{', '.join(t or '' for t in first)}] vs "
                               f"[{', '.join(t or '' for t in row)}]",
                               offset=start_of(values), before="VALUES")
    widths = {len(row) for row in rows}
    return common if len(widths) == 1 and not any(
        _row_typed(r) for r in values.expressions) else None


def _row_typed(row: exp.Expr) -> bool:
    """A VALUES row that is one value of a row type (its width is its fields', not known
    here where the fields have no names)."""
    only = row.expressions[0] if isinstance(row, exp.Tuple) and len(row.expressions) == 1 \
        else row
    return isinstance(only, exp.Cast) and only.to.is_type(exp.DType.STRUCT)


# --- after translation: the marked set operations' branches, bound alone --------------------

def _prefix(node: exp.Expr) -> str:
    """``WITH ...`` of the CTEs a branch may read (those of the WITH clauses around it)."""
    ctes: list[str] = []
    seen: set[str] = set()
    for ancestor in _ancestors(node):
        for cte in reversed(ancestor.ctes if isinstance(ancestor, exp.Query) else []):
            if cte.alias_or_name.lower() not in seen:
                seen.add(cte.alias_or_name.lower())
                ctes.insert(0, cte.sql(dialect="duckdb"))
    recursive = any(isinstance(a, exp.Query) and a.args.get("with_") is not None
                    and a.args["with_"].args.get("recursive") for a in _ancestors(node))
    return f"WITH {'RECURSIVE ' if recursive else ''}{', '.join(ctes)} " if ctes else ""


def _ancestors(node: exp.Expr) -> list[exp.Expr]:
    found = []
    parent = node.parent
    while parent is not None:
        found.append(parent)
        parent = parent.parent
    return found


def _branch(side: exp.Expr) -> Branch:
    static = side.meta.get(_STATIC)
    if static is not None and None not in static:
        return Branch(None, static)
    return Branch(_prefix(side) + side.sql(dialect="duckdb"), static)


def _probe(node: exp.SetOperation) -> Probe:
    sides: list[Probe | Branch] = []
    for side in (_side(node.this), _side(node.expression)):
        sides.append(_probe(side) if isinstance(side, exp.SetOperation) else _branch(side))
    return Probe(_name(node), end_of(node.this), sides[0], sides[1])


def probes(tree: exp.Expr) -> list[Probe]:
    """The set operations :func:`check` marked, outermost ones, as branches written alone in
    DuckDB SQL (``tree`` is the translated statement)."""
    found = []
    for node in tree.find_all(exp.SetOperation):
        around = node.parent
        while isinstance(around, exp.Subquery):
            around = around.parent
        inside = isinstance(around, exp.SetOperation) and around.meta.get(PROBED)
        if node.meta.get(PROBED) and not inside:
            found.append(_probe(node))
    return found


Bind = Callable[[str], "Sequence[str] | None"]


def check_bound(found: list[Probe], bind: Bind) -> None:
    """Check each probed set operation with its branches' types as DuckDB binds them.

    Args:
        found: :func:`probes`.
        bind: DuckDB's types of a query (without running it), read as Trino's; None where
            the branch does not bind alone (it reads a column of the query around it).

    Raises:
        AthenaFailure: TYPE_MISMATCH where two columns have no common type.
        Unbound: a branch that does not bind alone, whose types are not checked.
    """
    for probe in found:
        _bound(probe, bind)


def _bound(probe: Probe | Branch, bind: Bind) -> Types:
    if isinstance(probe, Branch):
        if probe.sql is None:
            return list(probe.static or [])
        types = bind(probe.sql)
        if types is None:
            raise Unbound
        static = probe.static or [None] * len(types)
        if len(static) != len(types):
            static = [None] * len(types)
        return [s if s is not None else _checked(t) for s, t in zip(static, types)]
    left, right = _bound(probe.left, bind), _bound(probe.right, bind)
    return _joined(probe.name, probe.offset, left, right)


def _checked(spelled: str) -> str | None:
    """A type read back from DuckDB (an interval of an unknown kind as :class:`_Interval`;
    None for a container of one, whose Trino type is not told apart)."""
    if spelled.startswith(_INTERVAL):
        return _Interval(_INTERVAL)
    return None if _INTERVAL in spelled else _read(spelled)

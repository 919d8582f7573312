"""Trino's types of a query's text result columns, for CTAS and INSERT.

:func:`finder` answers, for each result column, the type Trino gives it: a text column
(``varchar`` in DuckDB) is typed by :class:`athenakit.local.varchar_widths.Typer`; an array /
map / row with text inside is ``array(T)`` for ``ARRAY[...]`` and the ``split`` family, the
type a cast or a table column spells out, ``map(K, V)`` for ``MAP(ARRAY[...], ARRAY[...])``,
and DuckDB's type when nothing bounded goes into it; else refused
(:data:`athenakit.local.varchar_widths.REFUSAL`).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping

from sqlglot import exp

from athenakit.local.nodes import branches
from athenakit.local.varchar_widths import SPLITS, VARCHAR, Typer, common, refuse

TextFinder = Callable[[int, str, str], str]


def _starred(selects: list[exp.Select], name: str) -> list[exp.Expression]:
    """The items a ``SELECT *`` column ``name`` comes from: a subquery's, CTE's or
    ``VALUES``' items, else the table column of that name.

    Raises:
        UnsupportedLocally: the column may come from a subquery that is not known here.
    """
    from sqlglot.optimizer.scope import build_scope

    from athenakit.local.literal_types import _named

    cells = _named(selects, name.lower())
    if cells:
        return cells
    for select in selects:
        scope = build_scope(select)
        if scope is None or any(not isinstance(s, exp.Table) for s in scope.sources.values()):
            raise refuse(f"column {name} of SELECT *")
    return [exp.column(name)]


def _items(tree: exp.Expression, index: int, name: str) -> list[exp.Expression]:
    """The select items (one per branch of a set operation) that make result column
    ``index``."""
    if isinstance(tree, exp.Values):  # INSERT INTO t VALUES (...): one cell per row
        rows = [r.expressions if isinstance(r, exp.Tuple) else [r] for r in tree.expressions]
        return [r[index] for r in rows if index < len(r)]
    selects = branches(tree)
    if any(_is_star(i) for s in selects for i in s.expressions):
        # SELECT *, 'x' AS tag: a column listed beside the star by its name, else the star's
        named = [[i for i in s.expressions if not _is_star(i)
                  and i.alias_or_name.lower() == name.lower()] for s in selects]
        if all(len(n) == 1 for n in named):
            return [_unaliased(n[0]) for n in named]
        return _starred(selects, name)
    items = [s.expressions[index] for s in selects if index < len(s.expressions)]
    if not items:
        raise refuse(f"result column {name}")
    return [_unaliased(i) for i in items]


def _is_star(node: exp.Expression) -> bool:
    return isinstance(node, exp.Star) or isinstance(node, exp.Column) and isinstance(
        node.this, exp.Star)


def _unaliased(node: exp.Expression) -> exp.Expression:
    return node.this if isinstance(node, exp.Alias) else node


def _nested(typer: Typer, items: list[exp.Expression], kind: str) -> str:
    """Trino's type of an array / map / row result column with text inside: ``ARRAY[...]`` of
    text values is ``array(T)`` (their common type), ``split`` / ``regexp_split`` /
    ``regexp_extract_all`` of a ``varchar(x)`` an ``array(varchar(x))``
    (StringFunctions.split, JoniRegexpFunctions); anything else keeps DuckDB's type when
    nothing bounded goes into it.

    Raises:
        UnsupportedLocally: a bounded text inside a value whose type is not known here.
    """
    values = [i for i in items if not isinstance(i, exp.Null)]
    spelled = {_spelled(typer, i) for i in values}
    if values and len(spelled) == 1 and None not in spelled:
        return str(spelled.pop())  # CAST(x AS ARRAY(VARCHAR(3))), a declared column
    if kind == "array(varchar)" and values and all(
            isinstance(i, (exp.Array, *SPLITS)) for i in values):
        return f"array({(common([typer.element(i, 0) for i in values]) or VARCHAR).name})"
    if kind.startswith("map(") and values and all(
            isinstance(i, exp.Map) and isinstance(i.args.get("keys"), exp.Array)
            and isinstance(i.args.get("values"), exp.Array) for i in values):
        return _map(typer, values, kind)
    if any(typer.bounded_inside(i, 0) for i in values):
        raise refuse("an array, map or row holding it")
    return kind


def _spelled(typer: Typer, node: exp.Expression) -> str | None:
    """The type a cast or a table column spells out for an array / map / row value."""
    if isinstance(node, exp.Cast) and node.to.is_type(*exp.DataType.NESTED_TYPES):
        return node.to.sql(dialect="trino").lower()
    if isinstance(node, exp.Column) and id(node) not in typer.sources:
        return typer.nested.get(node.name.lower())
    return None


def _map(typer: Typer, values: list[exp.Expression], kind: str) -> str:
    """``MAP(ARRAY[...], ARRAY[...])``: ``map(K, V)`` of the arrays' element types."""
    parts = kind[4:-1].split(", ", 1)
    if len(parts) != 2 or any(p not in ("varchar",) and "varchar" in p for p in parts):
        raise refuse("a map holding it")
    for at, role in enumerate(("keys", "values")):
        if parts[at] == "varchar":
            found = common([typer.of(e) for v in values for e in v.args[role].expressions])
            parts[at] = (found or VARCHAR).name
    return f"map({parts[0]}, {parts[1]})"


def finder(tree: exp.Expression, column_types: Mapping[str, str],
           clashes: Collection[str] = ()) -> TextFinder:
    """``(index, name, DuckDB's type as Trino's) -> Trino's type`` of a result column:
    ``varchar(n)``, ``char(n)`` or ``varchar`` for text (and ``array(varchar(n))``), other
    types unchanged.

    Args:
        tree: the annotated statement.
        column_types: lower-case table column name -> declared type.
        clashes: column names that tables of the statement type differently.

    Returns:
        The finder; it raises :class:`UnsupportedLocally` (:data:`REFUSAL`) where the type
        is not known here. Nothing is computed until it is called.
    """
    typers: list[Typer] = []

    def find(index: int, name: str, kind: str) -> str:
        if "varchar" not in kind:
            return kind
        if not typers:
            typers.append(Typer(tree, column_types, clashes))
        items = _items(tree, index, name)
        if kind != "varchar":
            return _nested(typers[0], items, kind)
        found = common([typers[0].of(i) for i in items])
        return (found or VARCHAR).name
    return find

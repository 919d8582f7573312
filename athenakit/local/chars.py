"""Trino's ``char(n)`` where DuckDB has only ``varchar``.

A ``char(n)`` value always has n characters (``CAST('a' AS CHAR(3))`` is ``'a  '``), and
values of different lengths meet at the longest: Trino coerces ``char(3)`` and ``char(5)``
(and a ``varchar(m)``) to ``char(max)`` before it compares, unions or groups them, so trailing
spaces never tell two values apart. https://trino.io/docs/current/language/types.html#char
(io/trino/type/TestCharOperators; io/trino/type/TypeCoercion, varchar to char).

Locally each ``char(n)`` value is a ``varchar`` padded to n (:func:`strings.char_cast`), and:

* a column read from a subquery or CTE takes the type of the item it names (sqlglot's scopes;
  by name where they cannot tell, refused where the name is ambiguous), so comparisons, ``IN``
  lists and join conditions of a ``char`` ignore trailing spaces (:mod:`strings`) through
  subqueries too (:func:`propagate`);
* the branches of ``UNION`` / ``INTERSECT`` / ``EXCEPT`` and the rows of ``VALUES`` are padded
  to the longest ``char`` of their column, so ``DISTINCT`` and set operations see Trino's values;
* ``x IN (subquery)`` with a ``char`` side compares without trailing spaces;
* ``JOIN ... USING`` of ``char`` values of different lengths is refused (:func:`check_using`);
* a ``char(n)`` result column reports the type ``char(n)`` (:func:`finder`); table columns are
  read padded (:mod:`readers`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from sqlglot import exp

from athenakit.local.errors import UnsupportedLocally
from athenakit.local.nodes import DONE
from athenakit.local.nodes import branches as _branches
from athenakit.local.nodes import call as _call


def width(node: exp.Expression | None, kind: exp.DType = exp.DType.CHAR) -> int | None:
    """n of a node typed ``char(n)`` (or ``kind(n)``); None for any other type."""
    if node is None or node.type is None or not node.type.is_type(kind):
        return None
    if not node.type.expressions:
        return 1 if kind == exp.DType.CHAR else None  # CHAR is CHAR(1)
    param = node.type.expressions[0].this
    text = str(param.this) if isinstance(param, exp.Literal) else str(param)
    return int(text) if text.isdigit() else None


def declared_width(kind: str) -> int | None:
    """n of a type spelled ``char(n)`` (a table column's type text), else None."""
    found = re.fullmatch(r"char\((\d+)\)", kind.strip().lower())
    return int(found.group(1)) if found else None


def _varchar_length(node: exp.Expression) -> int | None:
    """m of a ``varchar(m)``: a string literal (Trino types ``'ab'`` as ``varchar(2)``) or a
    value typed so."""
    if isinstance(node, exp.Literal) and node.is_string:
        return len(str(node.this))
    return width(node, exp.DType.VARCHAR)


def propagate(tree: exp.Expression, column_types: Iterable[str]) -> None:
    """Type each column that names a ``char(n)`` select item of a subquery or CTE ``char(n)``.

    Names are matched as :func:`athenakit.local.translate.annotate` matches table columns; a
    name that a table column has, or that names items of different types, is left alone.
    """
    for node in tree.find_all(exp.Case, exp.Coalesce, exp.If):
        if not isinstance(node, exp.If) or not isinstance(node.parent, exp.Case):
            n = _safe_width(_choices(node))
            if n is not None:  # Trino's type of CASE WHEN ... char(3) ELSE char(5) END
                node.type = exp.DataType.build(f"CHAR({n})")
    taken = {name.lower() for name in column_types}
    resolved = _follow_scopes(tree, taken)
    found = _named_widths(tree)
    chars = {a.alias.lower() for a in tree.find_all(exp.Alias) if width(a.this) is not None}
    for column in tree.find_all(exp.Column):
        name = column.name.lower()
        if name in taken or id(column) in resolved or not (
                column.type is None or column.type.is_type(exp.DType.UNKNOWN)):
            continue
        n = found.get(name)
        if n is not None:
            column.type = exp.DataType.build(f"CHAR({n})")
        elif name in chars:  # a char(n) item and another of this name: which one is it?
            raise UnsupportedLocally(f"column {column.name} named like a char(n) value of "
                                     "another type")


def _follow_scopes(tree: exp.Expression, taken: set[str]) -> set[int]:
    """Type each column read from a subquery or CTE by the item it names, where that item or
    the column is a ``char``; returns the ids of the columns whose source is known."""
    from sqlglot.optimizer.scope import Scope, traverse_scope

    try:
        scopes = traverse_scope(tree)  # inner scopes first
    except Exception:  # noqa: BLE001 - a statement sqlglot cannot scope: names are matched
        return set()
    followed: set[int] = set()
    for scope in scopes:
        for column in scope.columns:
            source = _source(scope, column, taken)
            if isinstance(source, exp.Table):
                followed.add(id(column))  # a table's column: typed by the table
            if not isinstance(source, Scope):
                continue
            item = _item(source.expression, column.name.lower())
            if item is None:
                continue
            followed.add(id(column))
            if width(item) is not None or width(column) is not None:
                column.type = (item.type or exp.DataType.build("UNKNOWN")).copy()
    return followed


def _source(scope: Any, column: exp.Column, taken: set[str]) -> Any:
    """The table or subquery scope ``column`` reads from; None when sqlglot's scope does not
    tell (an unqualified name that a table of the statement may also have)."""
    from sqlglot.optimizer.scope import Scope

    if column.table:
        return scope.sources.get(column.table)
    sources = list(scope.sources.values())
    if len(sources) == 1:
        return sources[0]
    name = column.name.lower()
    having = [s for s in sources if isinstance(s, Scope) and _item(s.expression, name) is not None]
    return having[0] if len(having) == 1 and name not in taken else None


def _item(query: exp.Expr, name: str) -> exp.Expression | None:
    """The select item of ``query`` named ``name`` (unaliased); in a set operation, typed by
    the column's common ``char`` width."""
    selects = _branches(query)
    names = [i.alias_or_name.lower() for i in selects[0].expressions] if selects else []
    if names.count(name) != 1:
        return None
    at = names.index(name)
    items = [b.expressions[at] for b in selects if at < len(b.expressions)]
    if len(items) == 1:
        return _unaliased(items[0])
    n = _safe_width(items)
    typed = exp.Null()
    typed.type = exp.DataType.build(f"CHAR({n})" if n is not None else "UNKNOWN")
    return typed


def _named_widths(tree: exp.Expression) -> dict[str, int | None]:
    """Select item name -> n where every item of that name is ``char(n)`` (a set operation's
    column: its common width), else None."""
    found: dict[str, int | None] = {}

    def note(name: str, n: int | None) -> None:
        found[name] = n if found.get(name, n) == n else None

    in_unions: set[int] = set()
    for union in tree.find_all(exp.SetOperation):
        if isinstance(union.parent, exp.SetOperation):
            continue
        branches = _branches(union)
        in_unions.update(id(i) for b in branches for i in b.expressions)
        for items in zip(*(b.expressions for b in branches), strict=False):
            note(items[0].alias_or_name.lower(), _safe_width(list(items)))
    renamed: list[tuple[str, str]] = []
    for alias in tree.find_all(exp.Alias):
        name, value = alias.alias.lower(), alias.this
        if id(alias) in in_unions:
            continue
        if isinstance(value, exp.Column) and (value.type is None or value.type.is_type(
                exp.DType.UNKNOWN)):
            if value.name.lower() != name:  # `y AS x`: x is what y is
                renamed.append((name, value.name.lower()))
            continue  # `x AS x` passes on the type of x
        note(name, width(value))
    for name, source in renamed:
        note(name, found.get(source))
    return found


def _safe_width(items: list[exp.Expression]) -> int | None:
    try:
        return common_width(items, "a set operation column")
    except UnsupportedLocally:
        return None


def check_using(tree: exp.Expression, column_types: Mapping[str, str],
                clashing: Iterable[str] = ()) -> None:
    """Refuse ``JOIN ... USING (c)`` where ``c`` is ``char`` of different lengths on the two
    sides: Trino compares them at the longer length, DuckDB as they are.

    Args:
        tree: the annotated statement.
        column_types: lower-case table column name -> Trino type.
        clashing: lower-case names of table columns that tables in the statement type
            differently, one of them as ``char(n)``.

    Raises:
        UnsupportedLocally: such a join.
    """
    clash = set(clashing)
    widths: dict[str, set[int | None]] = {}
    for alias in tree.find_all(exp.Alias):
        widths.setdefault(alias.alias.lower(), set()).add(width(alias.this))
    for name, kind in column_types.items():
        widths.setdefault(name, set()).add(declared_width(kind))
    for join in tree.find_all(exp.Join):
        for name in (i.name.lower() for i in join.args.get("using") or []):
            seen = widths.get(name, set())
            if name in clash or (len(seen) > 1 and any(n is not None for n in seen)):
                raise UnsupportedLocally(f"JOIN USING ({name}) of char(n) values of different "
                                         "lengths")


def rewrite(tree: exp.Expression) -> exp.Expression:
    """Pad set operations' and ``VALUES``' char columns; ``IN (subquery)`` without trailing
    spaces (``tree`` is modified in place and returned).

    Raises:
        UnsupportedLocally: a set operation's column is ``char`` in one branch and of a type
            the layer cannot size in another.
    """
    for union in list(tree.find_all(exp.SetOperation)):
        if isinstance(union.parent, exp.SetOperation):
            continue  # the outermost one pads all its branches
        _pad_columns([b.expressions for b in _branches(union)], "a set operation column")
    for values in list(tree.find_all(exp.Values)):
        rows = [r.expressions if isinstance(r, exp.Tuple) else [r] for r in values.expressions]
        _pad_columns(rows, "a VALUES column")
    for choice in list(tree.find_all(exp.Case, exp.Coalesce, exp.If)):
        if not isinstance(choice, exp.If) or not isinstance(choice.parent, exp.Case):
            _pad_columns([[c] for c in _choices(choice)], "one CASE, IF or COALESCE")
    for node in list(tree.find_all(exp.In)):
        if node.args.get("query") is not None:
            _in_subquery(node)
    return tree


def _choices(node: exp.Expr) -> list[exp.Expression]:
    """The values a CASE, IF or COALESCE may answer with."""
    if isinstance(node, exp.Case):
        found = [i.args["true"] for i in node.args.get("ifs") or []]
        default = node.args.get("default")
        return found + ([default] if default is not None else [])
    if isinstance(node, exp.If):
        return [v for v in (node.args.get("true"), node.args.get("false")) if v is not None]
    return [node.this, *node.expressions]


def common_width(items: list[exp.Expression], where: str) -> int | None:
    """n of ``char(n)``, Trino's common type of ``items`` when one is a ``char``; None when
    none is.

    Raises:
        UnsupportedLocally: a ``char`` meets a value the layer cannot size.
    """
    inner = [i.this if isinstance(i, exp.Alias) else i for i in items]
    widths = [width(i) for i in inner]
    if all(w is None for w in widths):
        return None
    sizes = []
    for node, n in zip(inner, widths, strict=True):
        size = n if n is not None else _varchar_length(node)
        if size is None and not isinstance(node, exp.Null):
            raise UnsupportedLocally(f"char(n) and a value of unknown length in {where}")
        sizes.append(size or 0)
    return max(sizes)


def _pad_columns(rows: list[list[exp.Expression]], where: str) -> None:
    if len(rows) < 2 or any(len(r) != len(rows[0]) for r in rows):
        return
    for column in zip(*rows, strict=True):
        items = list(column)
        n = common_width(items, where)
        if n is None or all(width(_unaliased(i)) == n for i in items):
            continue
        for item in items:
            _pad(item, n)


def _unaliased(node: exp.Expression) -> exp.Expression:
    return node.this if isinstance(node, exp.Alias) else node


def _pad(item: exp.Expression, n: int) -> None:
    value = _unaliased(item)
    if isinstance(value, exp.Null):
        return
    padded = _call("RPAD", exp.Cast(this=value.copy(), to=exp.DataType.build("VARCHAR")),
                   exp.Literal.number(n), exp.Literal.string(" "))
    padded.type = exp.DataType.build(f"CHAR({n})")
    if isinstance(item, exp.Column):  # the column keeps its name
        value.replace(exp.alias_(padded, item.alias_or_name, quoted=True))
    else:
        value.replace(padded)


def _in_subquery(node: exp.In) -> None:
    """``x IN (SELECT y ...)`` with a ``char`` side: both sides without trailing spaces."""
    query = node.args["query"]
    inner = query.this if isinstance(query, exp.Subquery) else query
    items = inner.expressions if isinstance(inner, exp.Select) else [
        b.expressions[0] for b in _branches(inner) if b.expressions]
    if isinstance(node.this, exp.Tuple) or any(len(b.expressions) != 1 for b in _branches(
            inner)):
        return  # a row IN (SELECT a, b ...): no char(n) column is compared alone
    if node.meta.get(DONE) or (width(node.this) is None and all(
            width(_unaliased(i)) is None for i in items)):
        return
    node.meta[DONE] = True
    node.set("this", _call("RTRIM", node.this, exp.Literal.string(" ")))
    trimmed = exp.select(_call("RTRIM", exp.column("ak_c", "ak_in"), exp.Literal.string(" ")))
    source = exp.Subquery(this=inner.copy(), alias=exp.TableAlias(
        this=exp.to_identifier("ak_in"), columns=[exp.to_identifier("ak_c")]))
    node.set("query", exp.Subquery(this=trimmed.from_(source)))


CharFinder = Callable[[int, str], str | None]


def finder(tree: exp.Expression, column_types: Mapping[str, str]) -> CharFinder:
    """``(index, name) -> 'char(n)'`` for a result column of type ``char(n)``, else None
    (``column_types``: lower-case table column name -> Trino type, for ``SELECT *``)."""
    branches = _branches(tree)
    listed: list[int | None] = []
    if branches and not any(i.find(exp.Star) for b in branches for i in b.expressions):
        listed = [_safe_width(list(items))
                  for items in zip(*(b.expressions for b in branches), strict=False)]
    named = _named_widths(tree)
    for name, kind in column_types.items():
        n = declared_width(kind)
        if n is not None and name not in named:
            named[name] = n

    def find(index: int, name: str) -> str | None:
        n = listed[index] if index < len(listed) else named.get(name.lower())
        return None if n is None else f"char({n})"
    return find

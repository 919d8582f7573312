"""The p of Trino's ``timestamp(p)`` and ``time(p)`` values, which DuckDB's types do not keep.

Trino types a literal by its digits: ``TIMESTAMP '2020-01-01 00:00:00'`` is a ``timestamp(0)``,
``TIME '01:02:03.12'`` a ``time(2)`` (TestTimestamp.testLiterals, TestTime.testLiterals), and
prints a value with exactly p fractional digits. What is built from a value keeps or widens its
p: ``date_add``, ``date_trunc``, ``AT TIME ZONE`` and ``with_timezone`` keep it (DateAdd,
DateTrunc: ``timestamp(p)`` to ``timestamp(p)``); a timestamp plus or minus an interval is at
least a ``timestamp(3)`` (TestDateTimeOperators.testTimeZoneGap), a time keeps its p; ``CASE``,
``IF``, ``COALESCE``, ``NULLIF``, ``greatest``, ``least``, ``min``, ``max``, ``arbitrary``, an
``ARRAY[...]``'s elements and a column of ``VALUES``, a subquery or a CTE take the common
supertype of their values, the largest p (TypeCoercion: ``timestamp(p)`` coerces to any larger
p). ``CAST(x AS timestamp)`` is a ``timestamp(3)``, as are table columns and the functions
that make timestamps (``from_unixtime``, ``date_parse``, ``current_timestamp``, ...).

DuckDB's timestamp is one type, shown as ``timestamp(3)``: the p is read here from the SQL for
``CAST(x AS varchar)`` (p digits), ``to_iso8601`` and ``typeof``. Where a literal of another p
than 3 is inside a value whose p is not known here (``element_at(ARRAY[TIMESTAMP '...'], 1)``,
a column of ``UNNEST``), :func:`precision` answers None and the caller refuses (:data:`REFUSAL`)
rather than print the digits of a ``timestamp(3)``.
https://trino.io/docs/current/language/types.html#timestamp-p
"""

from __future__ import annotations

import re

from sqlglot import exp

from athenakit.local.literal_types import TypeFinder, choice_values, items_of
from athenakit.local.nodes import branches

PRECISION = "ak_precision"  # meta: the p of a value whose node cannot tell it
UNKNOWN = -1  # (meta) a value whose p is not known here
REFUSAL = "a timestamp or time built from a literal whose precision is not known here"
HINT = "Trino types a literal by its digits: TIMESTAMP '2020-01-01 00:00:00' is a timestamp(0)"

TEMPORAL = (exp.DType.TIMESTAMP, exp.DType.TIMESTAMPTZ, exp.DType.TIME, exp.DType.TIMETZ)
_TIMES = (exp.DType.TIME, exp.DType.TIMETZ)
_KEEPING = (exp.Paren, exp.AtTimeZone, exp.DateAdd, exp.TimestampTrunc, exp.DateTrunc,
            exp.TimeTrunc)
_CHOICES = (exp.Case, exp.If, exp.Coalesce, exp.Nullif, exp.Min, exp.Max, exp.AnyValue,
            exp.Window, exp.FirstValue, exp.LastValue, exp.NthValue, exp.Lag, exp.Lead)
_CHOICE_CALLS = frozenset({"GREATEST", "LEAST", "ARBITRARY"})
_ZONE_CALLS = frozenset({"WITH_TIMEZONE", "AT_TIMEZONE"})
_DEEPEST = 24
# a timestamp or time literal's text without a zone
_PLAIN = re.compile(r"\s*(\d{4,}-\d{1,2}-\d{1,2}\s*)?(\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?)?\s*")


def declared(to: exp.DataType) -> int | None:
    """The precision a type states (``timestamp(6)``), None where it states none."""
    param = to.expressions[0] if to.expressions else None
    value = param.this if isinstance(param, exp.DataTypeParam) else param
    return int(value.this) if isinstance(value, exp.Literal) and value.is_int else None


def _literal_digits(text: str) -> int:
    found = re.search(r"\d:\d\d(?::\d\d(?:\.(\d+))?)?", text)
    return len(found.group(1) or "") if found and found.group(1) else 0


def of_type(kind: exp.DataType | None) -> int | None:
    """The p a temporal type (or an array of one) states; None for other types."""
    if kind is None:
        return None
    if kind.is_type(exp.DType.ARRAY) and kind.expressions \
            and isinstance(kind.expressions[0], exp.DataType):
        return of_type(kind.expressions[0])
    return declared(kind) if kind.is_type(*TEMPORAL) else None


def _odd_type(kind: exp.DataType | None) -> bool:
    """A type with a temporal type of another p than 3 anywhere inside."""
    return kind is not None and any(
        t.is_type(*TEMPORAL) and declared(t) not in (None, 3)
        for t in kind.find_all(exp.DataType))


def _skipped(node: exp.Expression) -> bool:
    """A value whose type is known and holds no date-time (its digits do not matter)."""
    kind = node.type
    return kind is not None and not kind.is_type(exp.DType.UNKNOWN, exp.DType.NULL) \
        and not any(t.is_type(*TEMPORAL) for t in kind.find_all(exp.DataType))


def odd(node: exp.Expression) -> bool:
    """Whether a literal (or a value) of another p than 3 is inside ``node``: only then may
    its p be other than a ``timestamp(3)``'s."""
    for inner in node.walk(prune=lambda n: n is not node and isinstance(n, exp.Expression)
                           and _skipped(n)):
        found = inner.meta.get(PRECISION)
        if found is not None and found != 3 or _odd_type(inner.type) and (
                isinstance(inner, exp.Cast | exp.Column) or inner is node):
            return True
        if isinstance(inner, exp.Cast) and _odd_type(inner.to):
            return True
    return False


def precision(node: exp.Expression, depth: int = 0) -> int | None:
    """The p of the ``timestamp(p)`` (with time zone) or ``time(p)`` ``node`` is in Trino (of
    an array's elements for an array), None where it is not known here (see the module)."""
    if depth > _DEEPEST:
        return None
    if isinstance(node, exp.Column | exp.Cast | exp.Identifier) and of_type(
            node.type) is not None:  # a literal (timeliterals), a VALUES column, a parameter
        return of_type(node.type)
    marked = node.meta.get(PRECISION)
    if marked is not None:
        return None if marked == UNKNOWN else int(marked)
    if isinstance(node, exp.Cast) and node.to.is_type(*TEMPORAL):
        return _cast(node, depth)
    if isinstance(node, _KEEPING) and isinstance(node.this, exp.Expression):
        return precision(node.this, depth + 1)
    if isinstance(node, exp.Anonymous) and node.name.upper() in _ZONE_CALLS:
        return precision(node.expressions[0], depth + 1) if node.expressions else 3
    if isinstance(node, exp.Add | exp.Sub) and any(
            isinstance(side, exp.Interval) for side in (node.this, node.expression)):
        moved = node.expression if isinstance(node.this, exp.Interval) else node.this
        found = precision(moved, depth + 1)
        timed = moved.type is not None and moved.type.is_type(*_TIMES)
        return found if found is None or timed else max(3, found)
    if isinstance(node, exp.Bracket) and isinstance(node.this, exp.Array | exp.Column):
        return precision(node.this, depth + 1)  # an element of an array (of a map: odd)
    values = _choices(node)
    if values is not None:
        return _largest([precision(v, depth + 1) for v in values])
    return None if odd(node) else 3


def _largest(found: list[int | None]) -> int | None:
    """The common p of values of p ``found`` (None where one is not known)."""
    return None if None in found else max((f for f in found if f is not None), default=3)


def _cast(node: exp.Cast, depth: int) -> int | None:
    written = declared(node.to)
    if written is not None:
        return written
    if isinstance(node.this, exp.Literal) and "format" not in node.args:  # the literal
        return _literal_digits(str(node.this.this))
    if node.to.is_type(exp.DType.TIMESTAMPTZ) and node.this.type is not None \
            and node.this.type.is_type(*TEMPORAL):  # a zone added: the precision kept
        return precision(node.this, depth + 1)
    return 3  # CAST(x AS timestamp) is a timestamp(3)


def _choices(node: exp.Expression) -> list[exp.Expression] | None:
    """The values (NULLs left out) a node that answers with one of them, or an
    ``ARRAY[...]``, holds."""
    found = node.expressions if isinstance(node, exp.Array) else choice_values(node) if (
        isinstance(node, _CHOICES) or isinstance(node, exp.Anonymous)
        and node.name.upper() in _CHOICE_CALLS) else None
    return None if found is None else [v for v in found if isinstance(v, exp.Expression)
                                       and not isinstance(v, exp.Null)]


def digits(node: exp.Expression) -> int:
    """:func:`precision`, refused where it is not known.

    Raises:
        UnsupportedLocally: :data:`REFUSAL`.
    """
    from athenakit.local.errors import UnsupportedLocally

    found = precision(node)
    if found is None:
        raise UnsupportedLocally(REFUSAL, hint=HINT)
    return found


def mark(tree: exp.Expression) -> None:
    """Note on each column read from a subquery, CTE or ``VALUES`` the p of the items it names
    there, and on each ``ARRAY[...]`` of date-times its elements' common type; a column whose
    items are not found is of a p not known here. Only a statement with a literal of another p
    than 3 needs it."""
    if not any(_odd_type(c.to) for c in tree.find_all(exp.Cast)) and not any(
            _odd_type(c.type) for c in tree.find_all(exp.Column)):
        return
    from athenakit.local.literal_types import sources_of

    for array in tree.find_all(exp.Array):
        _retype(array)
    sources = sources_of(tree)
    unnested = _unnested(tree)
    columns = list(tree.find_all(exp.Column))
    for column in columns:
        if id(column) in sources:
            _settle(column, sources, set())
    for column in columns:
        if id(column) not in sources and (
                column.type is None or column.type.is_type(exp.DType.UNKNOWN)):
            read = unnested.get(column.name.lower())
            found = precision(read) if read is not None else None
            column.meta.setdefault(PRECISION, UNKNOWN if found is None else found)
            kind = read.type if read is not None else None
            if found is not None and kind is not None and of_type(kind) is not None:
                column.type = _with(kind.expressions[0].this, found)
    for lam in tree.find_all(exp.Lambda):  # its parameters, until lambdas types them
        names = {p.name for p in lam.expressions}
        for ident in lam.this.find_all(exp.Identifier):
            if ident.name in names and not isinstance(ident.parent, exp.Column | exp.Dot):
                ident.meta.setdefault(PRECISION, UNKNOWN)


def _unnested(tree: exp.Expression) -> dict[str, exp.Expression]:
    """Column name -> the array an ``UNNEST(...) t(name, ...)`` reads it from (names two
    unnests give are left out)."""
    found: dict[str, exp.Expression] = {}
    seen: set[str] = set()
    for unnest in tree.find_all(exp.Unnest):
        alias = unnest.args.get("alias")
        names = [c.name.lower() for c in alias.columns] if alias else []
        for name, array in zip(names, unnest.expressions):
            if name in seen:
                found.pop(name, None)
            else:
                found[name] = array
            seen.add(name)
    return found


def _with(kind: exp.DType, places: int) -> exp.DataType:
    return exp.DataType(this=kind, expressions=[exp.DataTypeParam(
        this=exp.Literal.number(places))])


def _retype(array: exp.Array) -> None:
    """sqlglot types ``ARRAY[TIMESTAMP '... 00', TIMESTAMP '... 00.12']`` by its first
    element (``timestamp(0)``); Trino's element type is the common one, ``timestamp(2)``."""
    kind = array.type
    if kind is None or not kind.is_type(exp.DType.ARRAY) or of_type(kind) is None:
        return
    found = precision(array)
    element = kind.expressions[0]
    if found is not None and found != declared(element):
        array.type = exp.DataType(this=exp.DType.ARRAY, nested=True, expressions=[
            _with(element.this, found)])


def _settle(column: exp.Column, sources: dict[int, list[exp.Expression]],
            visiting: set[int]) -> None:
    if PRECISION in column.meta or id(column) in visiting:
        return
    visiting.add(id(column))
    cells = [c for c in sources[id(column)] if not isinstance(c, exp.Null)]
    for cell in cells:
        for inner in cell.find_all(exp.Column):
            if id(inner) in sources:
                _settle(inner, sources, visiting)
    known = _largest([precision(c) for c in cells])
    column.meta[PRECISION] = UNKNOWN if known is None else known
    kinds = {_kind(c) for c in cells}
    kind = kinds.pop() if len(kinds) == 1 else None
    if known is not None and kind is not None and (
            column.type is None or column.type.is_type(exp.DType.UNKNOWN)):
        array, temporal = kind
        column.type = exp.DataType(this=exp.DType.ARRAY, nested=True, expressions=[
            _with(temporal, known)]) if array else _with(temporal, known)


def _kind(cell: exp.Expression) -> tuple[bool, exp.DType] | None:
    """(an array?, the date-time type) a cell surely is: a literal's, a marked column's, an
    ``ARRAY[...]`` of them; else None (``TIMESTAMP '2001-01-22 +07:09'``, typed a timestamp
    by sqlglot, is a zoned one: literals with a zone are left to DuckDB)."""
    kind = cell.type
    if isinstance(cell, exp.Cast) and isinstance(cell.this, exp.Literal) \
            and kind is not None and kind.is_type(exp.DType.TIMESTAMP, exp.DType.TIME) \
            and not _PLAIN.fullmatch(str(cell.this.this)):
        return None
    if isinstance(cell, exp.Array) and kind is not None and of_type(kind) is not None \
            and isinstance(kind.expressions[0].this, exp.DType):
        return True, kind.expressions[0].this
    if isinstance(cell, exp.Cast | exp.Column) and cell.type is not None \
            and cell.type.is_type(*TEMPORAL) and declared(cell.type) is not None:
        return (False, cell.type.this) if isinstance(cell.type.this, exp.DType) else None
    return None


def typeof_text(arg: exp.Expression, named: exp.Expression) -> exp.Expression:
    """``typeof(arg)`` from ``named`` (DuckDB's type spelled as Trino's, which gives a
    date-time p 3) with ``arg``'s p; refused while running where that is not known here and
    the type holds a date-time."""
    from athenakit.local.errors import REFUSED
    from athenakit.local.nodes import call

    if not odd(arg):
        return named
    found = precision(arg)
    if found is None:
        refuse = call("ERROR", exp.Literal.string(f"{REFUSED}{REFUSAL} ({HINT})"))
        return exp.Case(ifs=[exp.If(this=exp.Like(this=named.copy(), expression=exp.Literal.string(
            "%time%")), true=refuse)], default=named)
    for three in ("timestamp(3)", "time(3)"):
        named = call("REPLACE", named, exp.Literal.string(three),
                     exp.Literal.string(three.replace("3", str(found))))
    return named


def finder(tree: exp.Expression, inner: TypeFinder) -> TypeFinder:
    """``inner`` (:func:`athenakit.local.literal_types.finder`), with a date-time result
    column's type given the p of the items that make it (``timestamp(0)``, ``array(time(2))``);
    a column whose p is 3 or not known here keeps DuckDB's spelling (its values are right)."""
    selects = branches(tree)

    def find(index: int, name: str, duck: str) -> str | None:
        if "time" not in duck or "interval" in duck:
            return inner(index, name, duck)
        items = [i for i in items_of(selects, index, name) if not isinstance(i, exp.Null)]
        if not any(odd(i) for i in items):
            return None
        places = _largest([precision(i) for i in items])
        if places is None or places == 3:
            return None
        return duck.replace("timestamp(3)", f"timestamp({places})").replace(
            "time(3)", f"time({places})")
    return find

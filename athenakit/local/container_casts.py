"""Casts of arrays, maps and rows, element by element as Trino casts them.

Trino casts an ``array(S)`` to ``array(T)`` by casting each element from S to T
(``ArrayToArrayCast``), a map's keys and values each (``MapToMapCast``), a row's fields by
position (``RowToRowCast``); each element cast is the scalar cast, with its rules. DuckDB's
container casts use DuckDB's scalar casts and match a row's fields by name:
``CAST(ARRAY['1.5'] AS ARRAY(integer))`` was ``[2]`` (Trino fails: ``Cannot cast '1.5' to
INT``), ``CAST(ARRAY[2.5e0] AS ARRAY(bigint))`` ``[2]`` (Trino rounds half away from zero:
``[3]``), ``CAST(ARRAY[1e20] AS ARRAY(varchar))`` ``['1e+20']`` (``['1.0E20']``), ``CAST(r AS
ROW(b varchar, a varchar))`` of a ``row(a, b)`` swapped nothing (Trino's first field is ``b``).
Such a cast is written here, once the statement's types are known, as the Trino lambda
functions that cast each element (``transform``, ``transform_keys``, ``transform_values``) or
as a row of cast fields, so that every element cast goes through the scalar cast rules; so is
the array ``array_join`` prints (its elements with their type's cast to varchar). A row's
source is read once per field (``struct_extract_at``), a map's keys once more to check them.
https://trino.io/docs/current/functions/conversion.html#cast
"""

from __future__ import annotations

import itertools
import re

import sqlglot
from sqlglot import exp

from athenakit.local.errors import UnsupportedLocally
from athenakit.local.nodes import DONE, typed
from athenakit.local.nodes import call as _call

_NAMES = itertools.count()
_CONTAINERS = (exp.DType.ARRAY, exp.DType.MAP, exp.DType.STRUCT)
# what a TRY_CAST's operand may be built of for try() around the element casts to catch only
# their failures (a column's value, literals, and constructors of them)
_CANNOT_FAIL = (exp.Column, exp.Literal, exp.Array, exp.Struct, exp.Null, exp.Boolean,
                exp.Identifier, exp.Paren, exp.Neg, exp.Dot)


def rewrite(tree: exp.Expression) -> None:
    """Each cast of a typed array, map or row to another such type, element by element; a
    column read from a subquery, CTE or ``VALUES`` takes the type its items there have."""
    casts = [c for c in tree.find_all(exp.Cast) if c.to.is_type(*_CONTAINERS)]
    joins = [j for j in tree.find_all(exp.Anonymous)
             if j.name.upper() == "ARRAY_JOIN" and j.expressions]
    operands = [c.this for c in casts] + [j.expressions[0] for j in joins]
    if any(_untyped_column(o) for o in operands):
        from athenakit.local.literal_types import sources_of

        sources = sources_of(tree)
        for operand in operands:
            if _untyped_column(operand):
                kinds = {c.type for c in sources.get(id(operand), [])
                         if not isinstance(c, exp.Null)}
                kind = kinds.pop() if len(kinds) == 1 else None
                if kind is not None and not kind.is_type(exp.DType.UNKNOWN, exp.DType.NULL):
                    operand.type = kind.copy()
    for cast in casts:
        built = element_wise(cast)
        if built is not cast:
            cast.replace(built)
    for join in joins:
        _join_as_text(join)


def _join_as_text(join: exp.Anonymous) -> None:
    """``array_join(a, ...)`` of elements other than text: Trino's ArrayJoin prints each with
    its type's cast to varchar (a timestamp's ``.100``, an interval's ``1 00:00:00.000``), so
    the array is cast to ``array(varchar)`` element by element first."""
    array = join.expressions[0]
    if not all(typed(a, exp.DType.VARCHAR, exp.DType.CHAR, exp.DType.TEXT)
               for a in join.expressions[1:]):
        return  # a call no signature takes fails with the array's own type (signatures)
    kind = array.type
    if kind is None or kind.is_type(exp.DType.UNKNOWN):
        kind = operand_type(array)
    if kind is None or not kind.is_type(exp.DType.ARRAY) or not kind.expressions:
        return
    element = kind.expressions[0]
    if not isinstance(element, exp.DataType) or element.is_type(
            exp.DType.VARCHAR, exp.DType.CHAR, exp.DType.TEXT, exp.DType.UNKNOWN,
            exp.DType.NULL, *_CONTAINERS):
        return  # (a container element fails as Trino fails: arraytypes.array_join)
    if element.is_type(exp.DType.VARBINARY, exp.DType.BINARY):
        raise UnsupportedLocally("array_join of varbinary elements")
    to = exp.DataType(this=exp.DType.ARRAY, expressions=[exp.DataType.build("VARCHAR")],
                      nested=True)
    cast = exp.Cast(this=array.copy(), to=to)
    cast.type = to.copy()
    array.replace(element_wise(cast))


def _untyped_column(node: exp.Expression) -> bool:
    return isinstance(node, exp.Column) and (node.type is None or node.type.is_type(
        exp.DType.UNKNOWN))


def element_wise(cast: exp.Cast) -> exp.Expression:
    """``cast`` written element by element, or ``cast`` itself where it casts no container,
    its operand's type is not known, or the types are the same."""
    to = cast.to
    if not to.is_type(*_CONTAINERS):
        return cast
    kind = cast.this.type or operand_type(cast.this)
    if kind is None or kind.is_type(exp.DType.UNKNOWN):
        kind = _constructed(cast.this, to)
    if kind is None or not kind.is_type(to.this) or kind == to:
        return cast
    if _check_apart(cast, kind, to):
        return cast
    if isinstance(cast, exp.TryCast) and any(
            not isinstance(node, _CANNOT_FAIL) for node in cast.this.walk()):
        return cast
    if to.is_type(exp.DType.ARRAY):
        built = _array(cast.this, kind, to)
    elif to.is_type(exp.DType.MAP):
        built = _map(cast.this, kind, to)
    else:
        built = _row(cast.this, kind, to)
    if built is None:
        return cast
    if not isinstance(built, exp.Cast):  # the target type stays written (CTAS reads it)
        built = exp.Cast(this=built, to=to.copy())
    built.meta[DONE] = True  # (its elements are cast already)
    if isinstance(cast, exp.TryCast):
        built = exp.Try(this=built)
    built.type = to.copy()
    return built


def _constructed(source: exp.Expression, to: exp.DataType) -> exp.DataType | None:
    """The type of an ``ARRAY[...]`` or ``ROW(...)`` constructor sqlglot could not type (its
    items read columns of unknown types): the target's shape with unknown elements, each then
    cast by the scalar rules for a value whose type only DuckDB knows."""
    unknown = exp.DataType.build("UNKNOWN")
    if isinstance(source, exp.Array) and to.is_type(exp.DType.ARRAY):
        return exp.DataType(this=exp.DType.ARRAY, expressions=[unknown], nested=True)
    if isinstance(source, exp.Struct) and to.is_type(exp.DType.STRUCT) and not any(
            isinstance(v, exp.PropertyEQ | exp.Alias) for v in source.expressions):
        return exp.DataType(this=exp.DType.STRUCT, nested=True,
                            expressions=[unknown.copy() for _ in source.expressions])
    return None


def _check_apart(cast: exp.Cast, kind: exp.DataType, to: exp.DataType) -> bool:
    """Trino has no cast between containers whose elements it has no cast between
    (``TypeCoercion.canCast``: element by element, rows of the same size): a number, boolean,
    date or timestamp and a type :data:`athenakit.local.cast_types.NO_CAST` names, a
    varbinary and text, a scalar and a container, two kinds of container.

    Returns:
        True for such a cast whose source type sqlglot does not name as Trino does: left to
        DuckDB, whose failure is refused.

    Raises:
        AthenaFailure: ``TYPE_MISMATCH: line 1:8: Cannot cast array(integer) to
            array(timestamp(3))`` (TestArrayOperators.testArrayToArrayCast).
    """
    from athenakit.local.cast_types import NO_CAST
    from athenakit.local.operator_types import family

    def leaf(kind: exp.DataType) -> str:
        return family(_spelled(kind).split(" with")[0])

    def apart(source: exp.DataType, target: exp.DataType) -> bool:
        if not source.is_type(*_CONTAINERS) or not target.is_type(*_CONTAINERS):
            if source.is_type(*_CONTAINERS) or target.is_type(*_CONTAINERS):
                return leaf(source if target.is_type(*_CONTAINERS) else target) in NO_CAST
            return leaf(target) in NO_CAST.get(leaf(source), set())
        sources, targets = _fields(source), _fields(target)
        if source.this != target.this or len(sources) != len(targets):
            return bool(sources and targets)  # (an untyped container's size is not known)
        return any(isinstance(a, exp.DataType) and isinstance(b, exp.DataType) and apart(a, b)
                   for a, b in zip(sources, targets, strict=True))

    if not apart(kind, to):
        return False
    if not _named(cast.this, kind):
        return True
    from athenakit.local.failures import athena_error, start_of

    keyword = "TRY_CAST" if isinstance(cast, exp.TryCast) else "CAST"
    raise athena_error("TYPE_MISMATCH", f"Cannot cast {_spelled(kind)} to {_spelled(to)}",
                       offset=start_of(cast.this), before=keyword)


def _named(source: exp.Expression, kind: exp.DataType) -> bool:
    """Whether ``kind`` (sqlglot's) names ``source``'s type as Trino does: not where sqlglot
    typed a decimal literal double, or a text literal (Trino's ``varchar(n)``) varchar."""
    leaves = [k for k in kind.find_all(exp.DataType) if not k.expressions]
    for literal in source.find_all(exp.Literal):
        text = literal.name
        if literal.is_string and any(k.is_type(exp.DType.VARCHAR) for k in leaves) or \
                "." in text and "e" not in text.lower() and any(
                    k.is_type(exp.DType.DOUBLE) for k in leaves):
            return False
    return True


def _spelled(kind: exp.DataType) -> str:
    """Trino's name of a type: ``decimal(5,2)``, ``timestamp(3)`` for a bare timestamp."""
    spelled = re.sub(r"decimal\((\d+), (\d+)\)", r"decimal(\1,\2)",
                     kind.sql(dialect="trino").lower())
    return re.sub(r"\btimestamp\b(?!\()", "timestamp(3)", spelled)


def operand_type(node: exp.Expression) -> exp.DataType | None:
    """sqlglot's type of ``node``, an operand it left untyped below its cast's type."""
    from sqlglot.optimizer.annotate_types import annotate_types

    try:
        annotate_types(node, overwrite_types=False, dialect="trino")
    except Exception:  # noqa: BLE001 - typing is best effort; the cast is then DuckDB's
        return None
    kind = node.type
    return None if kind is None or kind.is_type(exp.DType.UNKNOWN) else kind


def _cast(value: exp.Expression, kind: exp.DataType, to: exp.DataType) -> exp.Expression:
    if value.type is None or value.type.is_type(exp.DType.UNKNOWN) or not isinstance(
            value, exp.Literal | exp.Cast | exp.Neg):  # (a literal keeps the type of its text)
        value.type = kind.copy()
    cast = exp.Cast(this=value, to=to.copy())
    cast.type = to.copy()
    return element_wise(cast)


def _lambda(body: exp.Expression, *names: str) -> exp.Lambda:
    return exp.Lambda(this=body, expressions=[exp.to_identifier(n) for n in names])


def _array(source: exp.Expression, kind: exp.DataType,
           to: exp.DataType) -> exp.Expression | None:
    element, target = kind.expressions[0], to.expressions[0]
    if not isinstance(element, exp.DataType) or not isinstance(target, exp.DataType):
        return None
    name = f"__ak_c{next(_NAMES)}"
    each = _cast(_element(name, source), element, target)
    return exp.Transform(this=source, expression=_lambda(each, name))


def _part(source: exp.Expression, part: str) -> exp.Expression:
    """The keys or values array of a ``MAP(ARRAY[...], ARRAY[...])`` (else ``source``)."""
    found = source.args.get(part) if isinstance(source, exp.Map) else None
    return found if isinstance(found, exp.Expression) else source


def _element(name: str, source: exp.Expression) -> exp.Expression:
    """The lambda parameter standing for an element of ``source``; where ``source`` is an
    ``ARRAY[...]`` of timestamp literals, it carries their common precision (Trino's
    ``TIMESTAMP '2016-01-02 01:02:03'`` is a ``timestamp(0)``, printed without a fraction)."""
    from athenakit.local import time_precision

    param = exp.to_identifier(name)
    found = time_precision.precision(source)
    param.meta[time_precision.PRECISION] = time_precision.UNKNOWN if found is None else found
    return param


def _map(source: exp.Expression, kind: exp.DataType,
         to: exp.DataType) -> exp.Expression | None:
    (key, value), (key_to, value_to) = kind.expressions, to.expressions
    built = source
    if key != key_to:
        k, v = f"__ak_k{next(_NAMES)}", f"__ak_v{next(_NAMES)}"
        built = _trino("transform_keys", built, _lambda(
            _cast(_element(k, _part(source, "keys")), key, key_to), k, v))
        built.type = exp.DataType(this=exp.DType.MAP, expressions=[key_to.copy(), value.copy()],
                                  nested=True)
        built = _distinct_keys(source, key, key_to, built)
    if value != value_to:
        k, v = f"__ak_k{next(_NAMES)}", f"__ak_v{next(_NAMES)}"
        built = _trino("transform_values", built, _lambda(
            _cast(_element(v, _part(source, "values")), value, value_to), k, v))
    return built


def _distinct_keys(source: exp.Expression, key: exp.DataType, key_to: exp.DataType,
                   built: exp.Expression) -> exp.Expression:
    """``built`` where the cast keys stay distinct, else MapToMapCast's failure (two keys
    cast to one: ``INVALID_CAST_ARGUMENT: duplicate keys``; transform_keys' own failure is
    another)."""
    k = f"__ak_k{next(_NAMES)}"
    fewer = sqlglot.parse_one(f"cardinality(array_distinct(transform(map_keys(__ak_m), {k} -> "
                              f"{k}))) < cardinality(__ak_m)", dialect="trino")
    for column in list(fewer.find_all(exp.Column)):
        if column.name == "__ak_m":
            column.replace(source.copy())
    lam = fewer.find(exp.Lambda)
    assert lam is not None
    lam.set("this", _cast(exp.to_identifier(k), key, key_to))
    fail = _call("ERROR", exp.Literal.string("INVALID_CAST_ARGUMENT: duplicate keys"))
    return exp.Case(ifs=[exp.If(this=fewer, true=fail)], default=built)


def _trino(name: str, *args: exp.Expression) -> exp.Expression:
    """A call of Trino function ``name``, which the translation then writes for DuckDB."""
    return exp.Anonymous(this=name, expressions=list(args))


def _fields(kind: exp.DataType) -> list[exp.DataType]:
    return [f.args["kind"] if isinstance(f, exp.ColumnDef) else f for f in kind.expressions]


def _row(source: exp.Expression, kind: exp.DataType,
         to: exp.DataType) -> exp.Expression | None:
    """A row of the source's fields by position, each cast to the target field's type,
    then named as the target's fields."""
    fields, targets = _fields(kind), _fields(to)
    if len(fields) != len(targets) or not all(
            isinstance(f, exp.DataType) for f in (*fields, *targets)):
        return None  # Trino fails (no cast between rows of different sizes); DuckDB too
    # a ROW(...) constructor's own items (typed by their text: a decimal literal stays one),
    # else the source's fields by position
    values = [v.copy() for v in source.expressions] if isinstance(source, exp.Struct) and len(
        source.expressions) == len(fields) and not any(
        isinstance(v, exp.PropertyEQ | exp.Alias) for v in source.expressions) else [
        _call("STRUCT_EXTRACT_AT", source.copy(), exp.Literal.number(i))
        for i in range(1, len(fields) + 1)]
    items = [_cast(value, field, target)
             for value, field, target in zip(values, fields, targets, strict=True)]
    row = _call("ROW", *items)  # DuckDB's unnamed row, which casts to a named one by position
    row.type = exp.DataType(this=exp.DType.STRUCT, expressions=[t.copy() for t in targets],
                            nested=True)
    named = exp.Cast(this=row, to=to.copy())
    named.type = to.copy()
    return named

"""``CAST(x AS JSON)`` of arrays and maps, as Trino writes them.

Trino writes a map's entries ordered by their JSON key (``MapToJsonCast`` collects them in a
sorted map: ``CAST(MAP(ARRAY['b', 'a'], ARRAY[2, 1]) AS JSON)`` is ``{"a":1,"b":2}``,
TestMapOperators / TestRowOperators.testRowToJson), where DuckDB keeps the map's own order:
the cast of a value that holds a map (or whose type DuckDB alone knows) is re-written with
its objects' keys sorted, numbers and strings kept as DuckDB wrote them.

A row is refused: how Trino writes one depends on its version and settings (a JSON array
before Trino 3xx and with ``deprecated.legacy-row-to-json-cast``, an object since, whose keys
are empty for an anonymous row: ``{"":1,"":2}``), which the local engine cannot know.

https://trino.io/docs/current/functions/json.html#cast-to-json
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable
from typing import Any

from sqlglot import exp

from athenakit.local import decimals
from athenakit.local.errors import REFUSED, UnsupportedLocally
from athenakit.local.javatext import java_double
from athenakit.local.nodes import CAST_OF_TRY, bound, is_json
from athenakit.local.nodes import DONE as _DONE
from athenakit.local.nodes import call as _call
from athenakit.local.runtime_errors import TrinoFunctionError

ROW_REFUSAL = "CAST of a row to JSON"
REAL_REFUSAL = "CAST of an array or map of real values to JSON"
KEY_REFUSAL = "CAST of a map with double keys to JSON"
DECIMAL_REFUSAL = "CAST of a map or nested array of decimal values to JSON"
_ROWS = (exp.DType.STRUCT,)
# JsonUtil.canCastToJson, for a value whose type only DuckDB knows (athenakit.local.cast_types
# fails the others at analysis, as Trino does): DuckDB's names of the types Trino writes no JSON
# for, and of map keys other than a boolean, number or text
UNWRITTEN_REFUSAL = ("a cast to json of a value of a type Trino does not cast to json "
                     "(varbinary, interval, uuid, a map keyed by other than booleans, numbers "
                     "or text)")
_UNWRITTEN = (r"\b(BLOB|INTERVAL|UUID|BIT)\b"
              r"|MAP\((DATE|TIMESTAMP|TIME|JSON|BLOB|INTERVAL|UUID|MAP|STRUCT|UNION"
              r"|[A-Z]+(\(\d+,\d+\))?\[)")


class _Raw(str):
    """A JSON number's text, written back as it was read."""


OUT_OF_RANGE = "JSON text with a number outside the double range"


def sorted_keys(text: str | None) -> str | None:
    """JSON text with the keys of every object in order (Trino's map-to-JSON order), and a
    bare NaN / Infinity (DuckDB writes them so) as the JSON string Trino writes."""
    if text is None:
        return None
    return _dump(_read(text), java=False)


def java_numbers(text: str | None) -> str | None:
    """:func:`sorted_keys` with each number that has a fraction or an exponent written as
    Java's ``Double.toString`` (``1.0E308``), as Trino's JSON writer does (a JSON cast of
    doubles; ``json_parse``, whose Jackson reads such a number as a Double: JsonTypeUtil).

    Example:
        >>> java_numbers('{"b": [1e7, 12345678.5, 0.0001, 2], "a": "x"}')
        '{"a":"x","b":[1.0E7,1.23456785E7,1.0E-4,2]}'

    Raises:
        TrinoFunctionError: a number beyond the double range (refused).
    """
    if text is None:
        return None
    try:
        value = _read(text)
    except ValueError:  # not JSON: only reached by DuckDB folding a branch it does not take
        return text
    return _dump(value, java=True)


def _read(text: str) -> Any:
    return json.loads(text, parse_float=_Raw, parse_int=_Raw, parse_constant=_Raw)


def _dump(value: Any, java: bool) -> str:
    if isinstance(value, dict):
        return "{" + ",".join(f"{_dump(k, java)}:{_dump(value[k], java)}"
                              for k in sorted(value)) + "}"
    if isinstance(value, list):
        return "[" + ",".join(_dump(v, java) for v in value) + "]"
    if isinstance(value, _Raw):
        if value in ("NaN", "Infinity", "-Infinity"):
            return f'"{value}"'
        if not (java and set(value) & set(".eE")):
            return str(value)
        if math.isinf(float(value)):
            raise TrinoFunctionError(f"NOT_SUPPORTED_LOCALLY: {OUT_OF_RANGE}")
        return java_double(float(value))
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


FUNCTIONS: dict[str, tuple[Callable[..., Any], list[str], str]] = {
    "ak_json_sorted_keys": (sorted_keys, ["VARCHAR"], "VARCHAR"),
    "ak_json_java_numbers": (java_numbers, ["VARCHAR"], "VARCHAR"),
}


def _holds(kind: exp.DataType | None, types: tuple[exp.DType, ...]) -> bool:
    return kind is not None and any(t.is_type(*types) for t in kind.find_all(exp.DataType))


def _number(node: exp.Cast) -> exp.Expression:
    """A double, real or decimal as Trino writes it in JSON: Java's text of the number
    (``3.14``, ``1.0E308``; a decimal exactly), NaN and the infinities as JSON strings
    (TestJsonOperators.testCastFromDouble / testCastFromReal / testCastFromDecimal)."""
    text = _call("AK_OBJECT_TEXT", node.this)  # Java's text (a cast's would be 3.14E0)
    special = exp.In(this=text.copy(), expressions=[
        exp.Literal.string(t) for t in ("NaN", "Infinity", "-Infinity")])
    opened = exp.DPipe(this=exp.Literal.string('"'), expression=text.copy())
    quoted = exp.DPipe(this=opened, expression=exp.Literal.string('"'))
    opened.meta[_DONE] = quoted.meta[_DONE] = True
    json_text = exp.Case(ifs=[exp.If(this=special, true=quoted)], default=text)
    cast = exp.Cast(this=json_text, to=node.to.copy())
    cast.meta[_DONE] = True
    return cast


def _decimal_array(source: exp.Expression) -> exp.Expression:
    """The JSON text of an array of decimals: each element's text at its scale (DuckDB's
    ``[0.50000, NULL]``, written ``[0.50000,null]``; a ``decimal(p,p)`` gets its ``0``)."""
    text = exp.Cast(this=source.copy(), to=exp.DataType.build("VARCHAR"))
    text.meta[_DONE] = True
    nulls = _call("REPLACE", text, exp.Literal.string("NULL"), exp.Literal.string("null"))
    zeros = _call("REGEXP_REPLACE", nulls, exp.Literal.string(r"(\[|, )(-?)\."),
                  exp.Literal.string(r"\1\20."), exp.Literal.string("g"))
    return _call("REPLACE", zeros, exp.Literal.string(", "), exp.Literal.string(","))


def _scales_lost(source: exp.Expression, text: exp.Expression) -> exp.Expression:
    """True when DuckDB's JSON text writes a decimal of ``source`` otherwise than at its
    scale: the numbers with a fraction of its ``varchar`` text and of the JSON differ."""
    shown = exp.Cast(this=source.copy(), to=exp.DataType.build("VARCHAR"))
    shown.meta[_DONE] = True

    def numbers(of: exp.Expression) -> exp.Expression:
        return _call("LIST_SORT", _call("REGEXP_EXTRACT_ALL", of, exp.Literal.string(
            r"\.\d+")))
    return exp.NEQ(this=numbers(shown), expression=numbers(text.copy()))


_READ_CHECKED = "ak_json_reads_checked"
# TRY_CAST(json AS <one of these>): NULL where Trino's JsonOperators cast fails, else the CAST
_READ_SCALARS = (exp.DType.BIGINT, exp.DType.INT, exp.DType.SMALLINT, exp.DType.TINYINT,
                 exp.DType.DOUBLE, exp.DType.FLOAT, exp.DType.BOOLEAN, exp.DType.DECIMAL,
                 exp.DType.VARCHAR)


def checked_reads(node: exp.Expression) -> exp.Expression:
    """``CAST(json AS ARRAY(...))`` / ``MAP(...)`` / ``TRY_CAST``: Trino fails the whole cast on
    the first element it cannot read, with its message (:mod:`athenakit.local.jsonreads`);
    ``TRY_CAST`` is then NULL, where DuckDB's had made that element NULL. A value Trino reads
    is cast as before; ``TRY_CAST`` to a type holding a row as ``CAST`` is (by position from
    an array, by name from an object: :func:`to_row`)."""
    if not isinstance(node, exp.Cast) or node.meta.get(_DONE) or node.meta.get(_READ_CHECKED) \
            or not is_json(node.this):
        return node
    scalar = isinstance(node, exp.TryCast) and node.to.is_type(*_READ_SCALARS) and not (
        node.to.is_type(exp.DType.VARCHAR) and node.to.expressions)
    if not scalar and (not node.to.is_type(exp.DType.ARRAY, exp.DType.MAP, exp.DType.STRUCT)
                       or not node.to.expressions):
        return node
    # TRY_CAST of a row or a scalar: what Trino reads is read as CAST reads it
    as_cast = _holds(node.to, _ROWS) or scalar
    if as_cast and not isinstance(node, exp.TryCast):
        return node  # CAST: to_row / to_array_of_rows, with their messages
    # the value is computed once, bound in a lambda (not inside try(...), whose refusals are
    # raised outside any lambda: athenakit.local.trys)
    binding = node.find_ancestor(exp.Try) is None
    source = node.this
    if binding:
        node = node.copy()
        node.set("this", _json(exp.column("ak_j")))
    checked_cast = _checked_cast(node, as_cast)
    return bound(source.copy(), checked_cast, "ak_j") if binding else checked_cast


def _checked_cast(node: exp.Cast, as_cast: bool) -> exp.Expression:
    text = exp.Cast(this=node.this.copy(), to=exp.DataType.build("VARCHAR"))
    text.meta[_DONE] = True
    target = re.sub(r"decimal\((\d+), (\d+)\)", r"decimal(\1,\2)",
                    node.to.sql(dialect="trino").lower())
    failure = _call("AK_JSON_CAST_FAILURE", text, exp.Literal.string(target))
    cast = node.copy()
    cast.meta[_READ_CHECKED] = True
    message = exp.DPipe(this=exp.Literal.string("INVALID_CAST_ARGUMENT: "),
                        expression=failure.copy())
    message.meta[_DONE] = True
    failed = exp.Null() if isinstance(node, exp.TryCast) else _call("ERROR", message)
    checked: exp.Expression = cast
    if as_cast:  # (DuckDB's TRY_CAST read no row from an array, rounded half to even, ...)
        checked = exp.Cast(this=node.this.copy(), to=node.to.copy())
    elif isinstance(node, exp.TryCast):
        # (CAST's: json_elements, to_array_of_rows)
        checked = json_elements(cast)
        checked = _integer_ties(cast) if checked is cast else checked
    return exp.Case(ifs=[exp.If(this=exp.Not(this=exp.Is(this=failure, expression=exp.Null())),
                                true=failed)], default=checked)


NULL_JSON_REFUSAL = "a JSON null cast to a JSON element of an array or map"


def json_elements(node: exp.Expression) -> exp.Expression:
    """``CAST(json AS ARRAY(JSON))`` / ``MAP(..., JSON)``: Trino keeps
    a JSON ``null`` element as the JSON value ``null``, DuckDB makes it SQL NULL; refused while
    running where the text may hold one."""
    if node.meta.get(_DONE) or not isinstance(node, exp.Cast) or not is_json(node.this):
        return node
    to = node.to
    if not to.is_type(exp.DType.ARRAY, exp.DType.MAP) or not to.expressions or not isinstance(
            to.expressions[-1], exp.DataType) or not to.expressions[-1].is_type(exp.DType.JSON):
        return node  # (rows, also inside arrays, keep a JSON null: to_row)
    node.meta[_DONE] = True
    text = exp.Cast(this=node.this.copy(), to=exp.DataType.build("VARCHAR"))
    text.meta[_DONE] = True
    refuse = _call("ERROR", exp.Literal.string(REFUSED + NULL_JSON_REFUSAL))
    return exp.Case(ifs=[exp.If(this=_call("CONTAINS", text, exp.Literal.string("null")),
                                true=refuse)], default=node.copy())


def to_text_elements(node: exp.Expression) -> exp.Expression:
    """``CAST(json AS ARRAY(VARCHAR))`` / ``MAP(VARCHAR, VARCHAR)``: each element read as
    Trino's ``currentTokenAsVarchar`` reads it (``12.3`` is ``1.23E1``), a nested array or
    object failing (DuckDB printed its JSON text)."""
    if node.meta.get(_DONE) or not isinstance(node, exp.Cast) or not is_json(node.this):
        return node
    kinds = [e for e in node.to.expressions if isinstance(e, exp.DataType)]
    text = all(k.is_type(exp.DType.VARCHAR) and not k.expressions for k in kinds)
    if not text or not kinds or node.to.is_type(exp.DType.ARRAY) and len(kinds) != 1 \
            or node.to.is_type(exp.DType.MAP) and len(kinds) != 2:
        return node
    if not node.to.is_type(exp.DType.ARRAY, exp.DType.MAP):
        return node
    call = _call("AK_JSON_VARCHAR_ARRAY" if node.to.is_type(exp.DType.ARRAY)
                 else "AK_JSON_VARCHAR_MAP", node.this.copy())
    if isinstance(node, exp.TryCast):  # its NULL-answering twin (athenakit.local.trys)
        call.meta[CAST_OF_TRY] = True
    return call


def to_varchar(node: exp.Expression) -> exp.Expression:
    """``CAST(json AS VARCHAR)`` / ``VARCHAR(n)``: a scalar's value (a string without its
    quotes, also from ``json_extract``), an array or object INVALID_CAST_ARGUMENT, a value
    longer than ``n`` too (TestJsonOperators.testCastToVarchar)."""
    if not isinstance(node, exp.Cast) or node.meta.get(_DONE) \
            or not node.to.is_type(exp.DType.VARCHAR) or not is_json(node.this):
        return node
    size = node.to.expressions[0].name if node.to.expressions else None
    target = f"varchar({size})" if size else "varchar"
    text = exp.Cast(this=node.this.copy(), to=exp.DataType.build("VARCHAR"))
    text.meta[_DONE] = True
    invalid = _error("INVALID_CAST_ARGUMENT", "Cannot cast '", text, f"' to {target}")
    nested = exp.In(this=_call("JSON_TYPE", node.this.copy()), expressions=[
        exp.Literal.string("ARRAY"), exp.Literal.string("OBJECT")])
    value = _call("AK_JSON_SCALAR_TEXT", node.this.copy())
    ifs = [exp.If(this=nested, true=invalid)]
    if size:
        too_long = exp.GT(this=_call("LENGTH", value.copy()), expression=exp.Literal.number(size))
        ifs.append(exp.If(this=too_long, true=invalid.copy()))
    return exp.Case(ifs=ifs, default=value)


def to_boolean(node: exp.Expression) -> exp.Expression:
    """``CAST(json AS BOOLEAN)`` of an integer beyond ``bigint`` fails as in Trino (its JSON
    reader reads the number as a long: TestJsonOperators.testCastToBoolean); DuckDB answers
    true."""
    if not isinstance(node, exp.Cast) or node.meta.get(_DONE) \
            or not node.to.is_type(exp.DType.BOOLEAN) or not is_json(node.this):
        return node
    node.meta[_DONE] = True
    text = exp.Cast(this=node.this.copy(), to=exp.DataType.build("VARCHAR"))
    text.meta[_DONE] = True
    huge = exp.and_(exp.In(this=_call("JSON_TYPE", node.this.copy()), expressions=[
        exp.Literal.string("UBIGINT"), exp.Literal.string("HUGEINT")]), exp.Is(
        this=exp.TryCast(this=text.copy(), to=exp.DataType.build("BIGINT")),
        expression=exp.Null()))
    message = exp.DPipe(this=exp.DPipe(this=exp.Literal.string(
        "INVALID_CAST_ARGUMENT: Cannot cast '"), expression=text), expression=exp.Literal.string(
        "' to boolean"))
    return exp.Case(ifs=[exp.If(this=huge, true=_call("ERROR", message))], default=node)


_INTEGERS = {exp.DType.TINYINT: "tinyint", exp.DType.SMALLINT: "smallint",
             exp.DType.INT: "integer", exp.DType.BIGINT: "bigint"}


def _error(code: str, head: str, text: exp.Expression, tail: str) -> exp.Expression:
    opened = exp.DPipe(this=exp.Literal.string(f"{code}: {head}"), expression=text.copy())
    message = exp.DPipe(this=opened, expression=exp.Literal.string(tail))
    opened.meta[_DONE] = message.meta[_DONE] = True  # a message's text, checked by no rewrite
    return _call("ERROR", message)


def _fits(value: exp.Expression, target: exp.DataType) -> exp.Expression:
    return exp.Not(this=exp.Is(this=exp.TryCast(this=value, to=target.copy()),
                               expression=exp.Null()))


def to_integer(node: exp.Expression) -> exp.Expression:
    """``CAST(json AS BIGINT)`` (and integer, smallint, tinyint) fails as Trino's JsonOperators
    do (TestJsonOperators.testCastToBigint, ...): an object or array, an integer outside the
    type or a string that is not one is INVALID_CAST_ARGUMENT, a fraction that rounds outside
    it NUMERIC_VALUE_OUT_OF_RANGE (DuckDB's conversion error would be refused); a fraction
    that fits rounds half away from zero."""
    if not isinstance(node, exp.Cast) or node.meta.get(_DONE) or not is_json(node.this):
        return node
    name = next((n for t, n in _INTEGERS.items() if node.to.is_type(t)), None)
    if name is None:
        return node
    node.meta[_DONE] = True
    text = exp.Cast(this=node.this.copy(), to=exp.DataType.build("VARCHAR"))
    text.meta[_DONE] = True
    kind = _call("JSON_TYPE", node.this.copy())
    string = _call("JSON_EXTRACT_STRING", node.this.copy(), exp.Literal.string("$"))

    def kind_in(*names: str) -> exp.Expression:
        return exp.In(this=kind.copy(), expressions=[exp.Literal.string(n) for n in names])

    invalid = _error("INVALID_CAST_ARGUMENT", "Cannot cast '", text, f"' to {name}")
    rounded = _call("ROUND", exp.Cast(this=text.copy(), to=exp.DataType.build("DOUBLE")))
    return exp.Case(ifs=[
        exp.If(this=kind_in("OBJECT", "ARRAY"), true=invalid),
        exp.If(this=exp.and_(kind_in("UBIGINT", "BIGINT", "HUGEINT"),
                             exp.Not(this=_fits(text.copy(), node.to))), true=invalid.copy()),
        exp.If(this=exp.and_(kind_in("VARCHAR"), exp.Not(this=_fits(string, node.to))),
               true=invalid.copy()),
        # an integer beyond DuckDB's integers, which it reads as a double: Jackson's
        # getLongValue fails (INVALID_CAST_ARGUMENT), no rounding is tried
        exp.If(this=exp.and_(kind_in("DOUBLE"), _call("REGEXP_FULL_MATCH", text.copy(),
                                                      exp.Literal.string("-?[0-9]+"))),
               true=invalid.copy()),
        exp.If(this=exp.and_(kind_in("DOUBLE"), exp.Not(this=_fits(rounded, node.to))),
               true=_error("NUMERIC_VALUE_OUT_OF_RANGE", f"Out of range for {name}: ", text,
                           "")),
        # a fraction rounds half away from zero (JsonUtil.currentTokenAsInteger reads it as
        # DoubleOperators.castToInteger does: 2.5 is 3); DuckDB's cast rounded half to even
        exp.If(this=kind_in("DOUBLE"), true=exp.Cast(this=rounded.copy(), to=node.to.copy())),
    ], default=node)


def _json(node: exp.Expression) -> exp.Expression:
    """``node`` typed as JSON, so that its cast to a field's type is a cast from JSON."""
    node.type = exp.DataType.build("JSON")
    return node


def to_row(node: exp.Expression) -> exp.Expression:
    """``CAST(json AS ROW(a T, ...))`` as Trino reads it (TestRowOperators.testJsonToRow): a
    JSON object's fields by name, ignoring case, missing ones NULL and others ignored; a JSON
    array's by position; JSON null a NULL row. DuckDB's own cast fails on a missing or an extra
    key. Each field is cast from its JSON value as a cast from JSON to its type is."""
    if not isinstance(node, exp.Cast) or node.meta.get(_DONE) \
            or not node.to.is_type(exp.DType.STRUCT) or not is_json(node.this):
        return node
    fields = node.to.expressions
    if not fields or not all(isinstance(f, exp.ColumnDef) and f.args.get("kind") is not None
                             for f in fields):
        return node
    node.meta[_DONE] = True
    j = node.this
    kind = _call("JSON_TYPE", j.copy())

    def is_kind(name: str) -> exp.Expression:
        return exp.EQ(this=kind.copy(), expression=exp.Literal.string(name))

    def packed(value: Callable[[int, str], exp.Expression]) -> exp.Expression:
        return _call("STRUCT_PACK", *(exp.PropertyEQ(
            this=exp.to_identifier(f.name), expression=bound(value(i, f.name), exp.Cast(
                this=_json(exp.column("ak_f")), to=f.args["kind"].copy()), "ak_f"))
            for i, f in enumerate(fields)))

    def by_name(_: int, name: str) -> exp.Expression:
        keys = _call("JSON_KEYS", j.copy())
        match = _call("LIST_FILTER", keys, exp.Lambda(
            this=exp.EQ(this=_call("LOWER", exp.column("ak_k")),
                        expression=exp.Literal.string(name.lower())),
            expressions=[exp.to_identifier("ak_k")]))
        first = exp.Bracket(this=match, expressions=[exp.Literal.number(0)])
        first.meta[_DONE] = True  # sqlglot writes it 1-based for DuckDB
        key = _call("COALESCE", first, exp.Literal.string(name))
        opened = exp.DPipe(this=exp.Literal.string('$."'), expression=key)
        path = exp.DPipe(this=opened, expression=exp.Literal.string('"'))
        opened.meta[_DONE] = path.meta[_DONE] = True  # text (a key), not a value to check
        return _json(_call("JSON_EXTRACT", j.copy(), path))

    def by_position(i: int, _: str) -> exp.Expression:
        return _json(_call("JSON_EXTRACT", j.copy(), exp.Literal.string(f"$[{i}]")))

    text = exp.Cast(this=j.copy(), to=exp.DataType.build("VARCHAR"))
    text.meta[_DONE] = True
    target = node.to.sql(dialect="trino").lower()
    return exp.Case(ifs=[
        exp.If(this=exp.or_(exp.Is(this=j.copy(), expression=exp.Null()), is_kind("NULL")),
               true=exp.Cast(this=exp.Null(), to=node.to.copy())),
        exp.If(this=is_kind("OBJECT"), true=packed(by_name)),
        exp.If(this=is_kind("ARRAY"), true=packed(by_position)),
    ], default=_error("INVALID_CAST_ARGUMENT", f"Cannot cast to {target}. ", text, ""))


def to_array_of_rows(node: exp.Expression) -> exp.Expression:
    """``CAST(json AS ARRAY(ROW(...)))``: each element cast as :func:`to_row` reads it (and
    arrays and maps of integers: :func:`_integer_ties`)."""
    if not isinstance(node, exp.Cast) or node.meta.get(_DONE) \
            or not node.to.is_type(exp.DType.ARRAY, exp.DType.MAP) or not is_json(node.this):
        return node
    if node.to.is_type(exp.DType.MAP):
        value = node.to.expressions[-1] if len(node.to.expressions) == 2 else None
        if isinstance(value, exp.DataType) and value.is_type(exp.DType.STRUCT):
            return _map_of_rows(node)
        return _integer_ties(node)
    element = node.to.expressions[0] if node.to.expressions else None
    if not isinstance(element, exp.DataType) or not element.is_type(exp.DType.STRUCT):
        return _integer_ties(node)
    node.meta[_DONE] = True
    items = exp.Cast(this=node.this.copy(), to=exp.DataType.build("ARRAY<JSON>", dialect="duckdb"))
    items.meta[_DONE] = True
    item = _json(exp.column("ak_item"))
    each = exp.Lambda(this=exp.Cast(this=item, to=element.copy()),
                      expressions=[exp.to_identifier("ak_item")])
    return exp.Case(ifs=[exp.If(this=exp.EQ(this=_call("JSON_TYPE", node.this.copy()),
                                            expression=exp.Literal.string("ARRAY")),
                                true=_call("LIST_TRANSFORM", items, each))], default=node)


def _map_of_rows(node: exp.Cast) -> exp.Expression:
    """``CAST(json AS MAP(K, ROW(...)))``: each value read as :func:`to_row` reads it (by
    position from an array, by name from an object: TestMapOperators.testJsonToMap), each key
    cast from its text as a JSON object's field name is (``JsonUtil``'s appenders read a
    FIELD_NAME as text: VarcharOperators' casts). DuckDB's own cast failed on an array."""
    node.meta[_DONE] = True
    key_type, row_type = node.to.expressions
    entries = exp.Cast(this=node.this.copy(), to=exp.DataType.build(
        "MAP(VARCHAR, JSON)", dialect="duckdb"))
    entries.meta[_DONE] = True
    key = _call("STRUCT_EXTRACT", exp.column("ak_e"), exp.Literal.string("key"))
    key.type = exp.DataType.build("VARCHAR")
    value = _json(_call("STRUCT_EXTRACT", exp.column("ak_e"), exp.Literal.string("value")))
    entry = _call("STRUCT_PACK", exp.PropertyEQ(
        this=exp.to_identifier("key"), expression=key if key_type.is_type(
            exp.DType.VARCHAR) and not key_type.expressions else exp.Cast(
                this=key, to=key_type.copy())), exp.PropertyEQ(
        this=exp.to_identifier("value"), expression=exp.Cast(this=value, to=row_type.copy())))
    each = exp.Lambda(this=entry, expressions=[exp.to_identifier("ak_e")])
    read = _call("MAP_FROM_ENTRIES", _call("LIST_TRANSFORM", _call("MAP_ENTRIES", entries), each))
    return exp.Case(ifs=[exp.If(this=exp.EQ(this=_call("JSON_TYPE", node.this.copy()),
                                            expression=exp.Literal.string("OBJECT")),
                                true=read)], default=node)


TIE_REFUSAL = "a cast of JSON to an array or map of integers with a number ending in .5"


def _integer_ties(node: exp.Cast) -> exp.Expression:
    """``CAST(json AS ARRAY(integer))`` / ``MAP(k, integer)``: Trino rounds each fraction half
    away from zero (``JsonUtil.currentTokenAsInteger`` through
    ``DoubleOperators.castToInteger``: 2.5 is 3), DuckDB's cast half to even; they differ only
    on a tie, which is refused while running (an element that does not read fails as
    before)."""
    to = node.to
    element = to.expressions[-1] if to.expressions else None
    if not isinstance(element, exp.DataType) or not element.is_type(*_INTEGERS):
        return node
    node.meta[_DONE] = True
    ties = _call("AK_JSON_INTEGER_TIES", node.this.copy(), exp.Literal.string(
        "$[*]" if to.is_type(exp.DType.ARRAY) else "$.*"))
    refuse = _call("ERROR", exp.Literal.string(REFUSED + TIE_REFUSAL))
    return exp.Case(ifs=[exp.If(this=ties, true=refuse)], default=node)


def _double_literal(node: exp.Expression) -> bool:
    """``1e308`` or ``-1e10``: a double literal, which sqlglot leaves untyped."""
    if isinstance(node, exp.Neg | exp.Paren):
        return _double_literal(node.this)
    return isinstance(node, exp.Literal) and not node.is_string and "e" in str(
        node.this).lower()


def to_json(node: exp.Expression) -> exp.Expression:
    """``CAST(x AS JSON)`` of an array, a map or a value of unknown type: maps' keys sorted;
    a row refused (:data:`ROW_REFUSAL`), also while running when only DuckDB knows the type.

    Raises:
        UnsupportedLocally: the value is (or holds) a row.
    """
    if not isinstance(node, exp.Cast) or node.meta.get(_DONE) \
            or not node.to.is_type(exp.DType.JSON):
        return node
    source, kind = node.this, node.this.type
    if kind is None and isinstance(source, exp.Neg):  # -infinity() stays untyped
        kind = source.this.type
    if kind is not None and kind.is_type(exp.DType.DOUBLE, exp.DType.FLOAT, exp.DType.DECIMAL) \
            or decimals.is_decimal(source) or _double_literal(source):
        return _number(node)
    if isinstance(source, exp.Struct) or _holds(kind, _ROWS):
        raise UnsupportedLocally(ROW_REFUSAL, hint="build a map of its fields instead")
    if not decimals.unknown(source) and not _holds(kind, (exp.DType.MAP, exp.DType.ARRAY)):
        return node
    from athenakit.local import timetext

    node.meta[_DONE] = True
    text = exp.Cast(this=node, to=exp.DataType.build("VARCHAR"))
    text.meta[_DONE] = True
    duck = decimals.duck_typeof(source.copy())  # folded to a constant by DuckDB

    def like(pattern: str) -> exp.Expression:
        return exp.Like(this=duck.copy(), expression=exp.Literal.string(pattern))

    def refuse(what: str) -> exp.Expression:
        return _call("ERROR", exp.Literal.string(f"{REFUSED}{what}"))

    java = exp.and_(like("%DOUBLE%"), exp.Not(this=like("%DECIMAL%")))
    # a column's text is a JSON string (Trino's json.html, "Cast to JSON"); DuckDB's cast of
    # text to JSON parses it (the rewrites' own casts of JSON text to JSON mean that)
    strings: list[exp.If] = []
    if not is_json(source):  # (a JSON value DuckDB types as text is JSON still)
        string = exp.Cast(this=_call("TO_JSON", source.copy()), to=exp.DataType.build("VARCHAR"))
        string.meta[_DONE] = True
        strings.append(exp.If(this=exp.EQ(this=duck.copy(), expression=exp.Literal.string(
            "VARCHAR")), true=string))
    written_json = exp.Cast(this=_call("TO_JSON", source.copy()), to=exp.DataType.build(
        "VARCHAR"))
    written_json.meta[_DONE] = True
    written = exp.Case(ifs=[
        *strings, *timetext.json_at_run_time(source, duck),
        exp.If(this=exp.or_(like("%STRUCT(%"), like("%TUPLE(%")), true=refuse(ROW_REFUSAL)),
        exp.If(this=_call("REGEXP_MATCHES", duck.copy(), exp.Literal.string(_UNWRITTEN)),
               true=refuse(UNWRITTEN_REFUSAL)),
        exp.If(this=like("%FLOAT%"), true=refuse(REAL_REFUSAL)),
        # DuckDB's cast of a JSON[] holding a SQL NULL writes the list's text ([123, NULL])
        exp.If(this=like("%JSON%"), true=_call("AK_JSON_SORTED_KEYS", written_json)),
        exp.If(this=like("%MAP(DOUBLE%"), true=refuse(KEY_REFUSAL)),
        # a decimal keeps its scale (ARRAY[12345.12345, 3.0] is [12345.12345,3.00000]:
        # TestArrayOperators.testArrayToJson); DuckDB's JSON writes it as a double (3.0)
        exp.If(this=_call("REGEXP_FULL_MATCH", duck.copy(), exp.Literal.string(
            r"DECIMAL\(\d+,\d+\)\[\]")), true=_decimal_array(source)),
        exp.If(this=exp.and_(like("%DECIMAL(%"), _scales_lost(source, text)),
               true=refuse(DECIMAL_REFUSAL)),
        exp.If(this=java, true=_call("AK_JSON_JAVA_NUMBERS", text.copy())),
    ], default=_call("AK_JSON_SORTED_KEYS", text))
    cast = exp.Cast(this=written, to=node.to.copy())
    cast.meta[_DONE] = True
    return cast

"""Trino's JSON functions where DuckDB's differ.

* Text that is not JSON gives NULL from ``json_extract``, ``json_extract_scalar``,
  ``json_array_length``, ``json_size`` (DuckDB fails); ``json_parse`` fails with Trino's message.
* ``CAST(varchar AS JSON)`` makes a JSON *string* of the text (``json_parse`` parses it).
* ``json_array_get`` (negative indexes from the end, NULL out of range), ``is_json_scalar``.
* Text is JSON only if Trino's parser (Jackson, strict) reads it: DuckDB's also accepts a
  trailing comma (``[1,0,]``) and ``NaN`` / ``Infinity``, so text where one may be (a cheap
  pattern test) is checked again by Python's strict ``json`` reader (``ak_json_valid``).

https://trino.io/docs/current/functions/json.html
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable
from typing import Any

from sqlglot import exp

from athenakit.local import jsonstream
from athenakit.local.jsoncasts import OUT_OF_RANGE
from athenakit.local.nodes import DONE
from athenakit.local.nodes import call as _call
from athenakit.local.runtime_errors import TrinoFunctionError

_DONE = "ak_done"

# numbers whose Java text (Double.toString) is not DuckDB's: an exponent, eight integer digits
# or more before a fraction, or a fraction below 0.001
_JAVA_DOUBLES = r"[0-9][eE]|[0-9]{8,}\.|(^|[^0-9])0\.000"
# text DuckDB's parser may read leniently: a comma before a closing bracket, NaN / Infinity;
# or a number that may pass the double range (an exponent of 3 digits, 309 digits in a row)
_LENIENT = (r"(?i),\s*[\]}]|(^|[\[,:])\s*[-+]?(nan|inf)|[0-9][eE][-+]?[0-9]{3}|[0-9]{309}")

# a surrogate escape, which DuckDB's parser rejects unpaired and Jackson does not check
_SURROGATE = r"\\[uU][dD][89a-fA-F]"
SURROGATE_REFUSAL = "JSON text with a lone surrogate escape"
_LONE_SURROGATE = re.compile(r"\\u[dD][89abAB][0-9a-fA-F]{2}(?!\\u[dD][c-fC-F][0-9a-fA-F]{2})"
                             r"|(?<!\\u[dD][89abAB][0-9a-fA-F]{2})\\u[dD][c-fC-F][0-9a-fA-F]{2}")

MACROS: dict[str, str] = {
    # whether a JSON array's elements (path '$[*]') or object's values ('$.*') hold a number
    # ending in .5, which Trino and DuckDB round apart when cast to an integer (jsoncasts)
    "ak_json_integer_ties": """(j, path) AS coalesce(list_bool_or(list_transform(
        CAST(json_extract(CAST(j AS JSON), path) AS JSON[]),
        lambda n: abs(TRY_CAST(n AS DOUBLE)) % 1 = 0.5)), false)""",
    "ak_json_valid": f"""(j) AS CASE WHEN j IS NULL THEN NULL WHEN NOT json_valid(j) THEN
        CASE WHEN regexp_matches(CAST(j AS VARCHAR), '{_SURROGATE}')
            THEN ak_json_surrogates(CAST(j AS VARCHAR)) ELSE false END
        WHEN regexp_matches(CAST(j AS VARCHAR), '{_LENIENT}')
        THEN ak_json_strict(CAST(j AS VARCHAR)) ELSE true END""",
    "ak_json": "(j) AS CASE WHEN ak_json_valid(j) THEN CAST(j AS JSON) ELSE NULL END",
    # Trino's json_parse writes objects with their keys in order (ORDER_MAP_ENTRIES_BY_KEYS):
    # JSON '{"b":2,"a":1}' is {"a":1,"b":2} (TestJsonOperators.testEquals)
    # ... and its doubles as Java prints them (Jackson reads a number with a fraction or an
    # exponent as a Double): where DuckDB would print one otherwise (1e7, 12345678.5, 0.0001)
    # the text is written in Python (jsoncasts.java_numbers)
    "ak_json_parse": f"""(j) AS CASE WHEN j IS NULL THEN NULL WHEN ak_json_valid(j) THEN
        CASE WHEN regexp_matches(CAST(j AS VARCHAR), '{_JAVA_DOUBLES}')
            THEN CAST(ak_json_java_numbers(CAST(j AS VARCHAR)) AS JSON)
        WHEN contains(j, '{{') THEN CAST(ak_json_sorted_keys(json(j)) AS JSON) ELSE json(j) END
        ELSE error('INVALID_FUNCTION_ARGUMENT: Cannot convert value to JSON: ''' || j || '''')
        END""",
    "ak_json_extract": "(j, p) AS json_extract(ak_json(j), p)",
    "ak_json_array_length": """(j) AS CASE
        WHEN NOT ak_json_valid(j) THEN CAST(ak_json_array_stream(j, 'length') AS BIGINT)
        WHEN json_type(ak_json(j)) = 'ARRAY'
        THEN CAST(json_array_length(ak_json(j)) AS BIGINT) ELSE NULL END""",
    # a JSON value for any text: invalid text reads as the fallback (callers test ak_json_valid)
    "ak_json_or": """(j, fallback) AS CAST(CASE WHEN ak_json_valid(j) THEN CAST(j AS VARCHAR)
        ELSE fallback END AS JSON)""",
    # text that is not strict JSON: the elements read before the first error
    # (jsonstream.array_elements); a negative index needs the array to close
    "ak_json_array_get": """(j, i) AS CASE WHEN NOT ak_json_valid(j) THEN CASE
            WHEN i >= 0 OR ak_json_array_stream(j, 'complete') = 'true'
            THEN ak_json_element(CAST(ak_json_array_stream(j, 'prefix') AS JSON), i) END
        WHEN json_type(ak_json(j)) <> 'ARRAY' THEN NULL
        ELSE ak_json_element(ak_json_or(j, '[]'), i) END""",
    # a JSON null element is SQL NULL (TestJsonFunctions.testJsonArrayGetLong: '[true, null]')
    "ak_json_array_get_checked": """(j, i) AS CAST(ak_json_no_string(
        CAST(ak_json_array_get(j, i) AS VARCHAR)) AS JSON)""",
    "ak_json_element": """(a, i) AS CASE WHEN i < 0 AND -i > json_array_length(a) THEN NULL
        ELSE nullif(json_extract(a, '$[' || CAST(CASE WHEN i >= 0 THEN i
            ELSE json_array_length(a) + i END AS VARCHAR) || ']'), 'null'::JSON) END""",
    "ak_json_to_varchar": """(j) AS CASE WHEN json_type(j) IN ('ARRAY', 'OBJECT')
        THEN error('INVALID_CAST_ARGUMENT: Cannot cast JSON ' || CAST(j AS VARCHAR)
            || ' to varchar')
        ELSE ak_json_scalar_text(j) END""",
    # a JSON scalar as Trino's JsonUtil.currentTokenAsVarchar reads it: a number with a
    # fraction or an exponent read as a double and cast to varchar (12.3 is 1.23E1), other
    # scalars as written
    "ak_json_scalar_text": """(j) AS CASE
        WHEN json_type(j) = 'DOUBLE' THEN ak_varchar_double(CAST(j AS DOUBLE))
        ELSE json_extract_string(j, '$') END""",
    # CAST(json AS array(varchar) / map(varchar, varchar)): each element as
    # ak_json_scalar_text reads it; an array or object element fails as Trino's
    # JsonToArrayCast / JsonToMapCast ("Unexpected token when cast to varchar")
    "ak_json_varchar_array": """(j) AS CASE WHEN ak_json_has_nested(CAST(j AS JSON[]))
        THEN ak_json_nested_fails(CAST(j AS JSON[]), j, 'array(varchar)')
        ELSE list_transform(CAST(j AS JSON[]), lambda e: ak_json_scalar_text(e)) END""",
    "ak_json_varchar_map": """(j) AS CASE
        WHEN ak_json_has_nested(map_values(CAST(j AS MAP(VARCHAR, JSON))))
        THEN ak_json_nested_fails(map_values(CAST(j AS MAP(VARCHAR, JSON))), j,
                                  'map(varchar, varchar)')
        ELSE map_from_entries(list_transform(map_entries(CAST(j AS MAP(VARCHAR, JSON))),
            lambda x: {'key': x.key, 'value': ak_json_scalar_text(x.value)})) END""",
    "ak_json_has_nested": """(l) AS coalesce(list_bool_or(list_transform(l,
        lambda e: json_type(e) IN ('ARRAY', 'OBJECT'))), false)""",
    "ak_json_nested_fails": """(l, j, target) AS error('INVALID_CAST_ARGUMENT: Cannot cast to '
        || target || '. Unexpected token when cast to varchar: ' || left(CAST(list_filter(l,
            lambda e: json_type(e) IN ('ARRAY', 'OBJECT'))[1] AS VARCHAR), 1)
        || chr(10) || CAST(j AS VARCHAR))""",
    "ak_is_json_scalar": """(j) AS CASE WHEN j IS NULL THEN NULL
        WHEN NOT ak_json_valid(j) THEN error('INVALID_FUNCTION_ARGUMENT: Invalid JSON value: '
            || CAST(j AS VARCHAR))
        ELSE json_type(CAST(j AS JSON)) NOT IN ('ARRAY', 'OBJECT') END""",
}


def _no_constant(name: str) -> Any:
    raise ValueError(name)


def json_strict(text: str) -> bool:
    """Whether ``text`` is JSON for a strict parser: no trailing comma, no ``NaN`` /
    ``Infinity`` (Jackson's defaults, which Trino keeps).

    Raises:
        TrinoFunctionError: NOT_SUPPORTED_LOCALLY for a number outside the double range.

    Example:
        >>> json_strict('[1,0]'), json_strict('[1,0,]'), json_strict('[NaN]')
        (True, False, False)
    """
    try:
        json.loads(text, parse_constant=_no_constant, parse_float=_finite, parse_int=_finite)
    except OverflowError as err:
        raise TrinoFunctionError(f"NOT_SUPPORTED_LOCALLY: {OUT_OF_RANGE}") from err
    except ValueError:
        return False
    return True


def surrogates(text: str) -> bool:
    """False for ``text`` (which DuckDB's parser rejects) when it is not JSON either for a
    strict parser; a refusal when it is: its surrogate escapes are unpaired, which Jackson
    reads and DuckDB cannot.

    Raises:
        TrinoFunctionError: NOT_SUPPORTED_LOCALLY for JSON text DuckDB cannot read.
    """
    valid = json_strict(text)
    if valid and _LONE_SURROGATE.search(text):  # (DuckDB also folds this over constants of
        raise TrinoFunctionError(f"NOT_SUPPORTED_LOCALLY: {SURROGATE_REFUSAL}")  # branches
    return valid  # it never takes: only a lone surrogate escape is refused)


def _finite(text: str) -> float:
    # Trino's answer for a number past the double range differs between its versions
    # (TestJsonFunctions.testExponentOverflowIsInvalidInput fails json_parse('1e309'))
    if math.isinf(float(text)):
        raise OverflowError(text)
    return 0.0


STRING_ELEMENT_REFUSAL = "json_array_get of a string element inside an expression"


def no_string(text: str) -> str:
    """JSON text that is no string (a refusal otherwise, raised also inside ``try``)."""
    if text.startswith('"'):
        raise TrinoFunctionError(f"NOT_SUPPORTED_LOCALLY: {STRING_ELEMENT_REFUSAL}")
    return text


FUNCTIONS: dict[str, tuple[Callable[..., Any], list[str], str]] = {
    "ak_json_no_string": (no_string, ["VARCHAR"], "VARCHAR"),
    "ak_json_surrogates": (surrogates, ["VARCHAR"], "BOOLEAN"),
    "ak_json_strict": (json_strict, ["VARCHAR"], "BOOLEAN"),
    "ak_json_stream": (jsonstream.extract, ["VARCHAR", "VARCHAR", "VARCHAR"], "VARCHAR"),
    "ak_json_array_stream": (jsonstream.array_elements, ["VARCHAR", "VARCHAR"], "VARCHAR"),
}


def path_text(node: exp.Expression) -> exp.Expression:
    """A Trino JSON path as DuckDB reads it (``$["a b"]`` becomes ``$."a b"``)."""
    path = node.expression
    if isinstance(path, exp.JSONPath):
        text = path.sql(dialect="trino").strip("'")
        return exp.Literal.string(re.sub(r'\["((?:[^"\\]|\\.)*)"\]', r'."\1"', text))
    result: exp.Expression = path
    return result


def extract(node: exp.Expression, macro: str) -> exp.Expression:
    """``json_extract`` / ``json_extract_scalar`` (``macro``) with Trino's reading of a literal
    path (:mod:`athenakit.local.jsonpath`), else DuckDB's."""
    from athenakit.local import jsonpath

    done = jsonpath.extract(node, macro)
    if done is None:
        done = _call(macro, node.this, path_text(node))
    # text that is not strict JSON is read as far as the path only, as Trino's JsonExtract does
    literal = jsonpath.path_of(node.expression)
    path = node.expression.copy() if literal is None else exp.Literal.string(literal)
    mode = "scalar" if macro == "AK_JSON_EXTRACT_SCALAR" else "json"
    stream: exp.Expression = _call("AK_JSON_STREAM", node.this.copy(), path,
                                   exp.Literal.string(mode))
    if mode == "json":
        stream = exp.cast(stream, exp.DataType.build("JSON"))  # the JSON text read as JSON
        stream.meta[DONE] = True
    else:
        # a number is the text as written (Trino's ScalarValueJsonExtractor returns Jackson's
        # getText(): '1.50', '1e7'); DuckDB prints the number it read ('1.5', '10000000.0')
        number = _call("REGEXP_FULL_MATCH", done.copy(), exp.Literal.string(r"-?[0-9][0-9.eE+\-]*"))
        done = exp.Case(ifs=[exp.If(this=number, true=stream.copy())], default=done)
    return exp.Case(ifs=[exp.If(this=_call("AK_JSON_VALID", node.this.copy()), true=done)],
                    default=stream)


def _is(node: exp.Expression | None, *types: exp.DType) -> bool:
    return node is not None and node.type is not None and node.type.is_type(*types)


def cast_to_json(node: exp.Expression) -> exp.Expression:
    """``CAST(varchar AS JSON)`` is a JSON string holding the text (``JSON '...'`` parses);
    ``CAST(json AS VARCHAR)`` is a scalar's value."""
    if not isinstance(node, exp.Cast) or node.meta.get(_DONE):
        return node
    literal = isinstance(node.this, exp.Literal) and node.this.is_string
    if node.to.is_type(exp.DType.JSON) and ("format" in node.args and literal or _is(
            node.this, exp.DType.VARCHAR, exp.DType.TEXT, exp.DType.CHAR)):
        node.meta[_DONE] = True
        return exp.Cast(this=_call("TO_JSON", node.this), to=node.to)
    inner_json = isinstance(node.this, exp.ParseJSON) or isinstance(node.this, exp.Cast) \
        and node.this.to.is_type(exp.DType.JSON)
    if node.to.is_type(exp.DType.VARCHAR) and not node.to.expressions and (
            inner_json or _is(node.this, exp.DType.JSON)):
        return _call("AK_JSON_TO_VARCHAR", node.this)
    return node


def parse_json(node: exp.Expression) -> exp.Expression:
    """``json_parse(x)``; a ``JSON '...'`` literal is checked before running, as Trino's
    analyzer checks it: ``INVALID_LITERAL: line 1:8: '{}{' is not a valid json literal``
    (ExpressionAnalyzer.visitGenericLiteral; TestJsonOperators.testTypeConstructor).

    Raises:
        AthenaFailure: INVALID_LITERAL for a literal that is not JSON.
        UnsupportedLocally: a literal holding a number outside the double range.
    """
    from athenakit.local.errors import UnsupportedLocally
    from athenakit.local.failures import athena_error, start_of

    text = node.this
    if node.args.get("is_literal") and isinstance(text, exp.Literal) and text.is_string:
        try:
            valid = json_strict(str(text.this))
        except TrinoFunctionError as err:
            raise UnsupportedLocally(OUT_OF_RANGE) from err
        if not valid:
            raise athena_error("INVALID_LITERAL", f"'{text.this}' is not a valid json literal",
                               offset=start_of(text), before="json")
    return _call("AK_JSON_PARSE", text)


def json_format(node: exp.Expression) -> exp.Expression:
    """``json_format(json)``: the JSON value's text as it is (Trino returns the stored text;
    DuckDB's ``to_json`` printed its numbers again: ``10000000.0`` for ``1.0E7``)."""
    if node.meta.get(_DONE) or not isinstance(node, exp.JSONFormat) or node.args.get("options"):
        return node
    text = exp.Cast(this=node.this, to=exp.DataType.build("VARCHAR"))
    text.meta[_DONE] = True
    return text


def _shown_as_is(call: exp.Expr | None) -> bool:
    """Whether ``call`` is a result column of the statement itself (not of a subquery, a CTE
    or a set operation, nor an argument, a comparison or an ORDER BY key)."""
    if call is None:
        return False
    column = call.parent if isinstance(call.parent, exp.Alias) else call
    select = column.parent
    return isinstance(select, exp.Select) and select.parent is None \
        and any(e is column for e in select.expressions)


def array_get(args: list[exp.Expression]) -> exp.Expression:
    """``json_array_get``: Trino returns a string element unquoted, as text that is not JSON
    (https://trino.io/docs/current/functions/json.html#json_array_get): shown as a result
    column it reads as the string, but ``json_format``, a cast, a comparison or another JSON
    function of it would see other text, so there a string element is refused while
    running."""
    shown = bool(args) and _shown_as_is(args[0].parent)
    return _call("AK_JSON_ARRAY_GET" if shown else "AK_JSON_ARRAY_GET_CHECKED", *args)


def _json_text(node: exp.Expression) -> exp.Expression:
    """The JSON text of ``node`` (a cast the cast rewrites leave as it is)."""
    node.meta[DONE] = True
    cast = exp.Cast(this=node, to=exp.DataType.build("VARCHAR"))
    cast.meta[DONE] = True
    return cast


def _constructed(node: exp.Expression) -> exp.Expression:
    """An argument that is itself a JSON constructor is embedded as JSON, not as its text
    (TestJsonArrayFunction.testJsonReturningFunctionAsElement: ``json_array(json_array(1))``
    is ``[[1]]``)."""
    inner = node.this if isinstance(node, exp.Cast) and node.meta.get(DONE) else node
    if not isinstance(inner, exp.JSONObject) and not (
            isinstance(inner, exp.Anonymous) and inner.name.upper() == "JSON_ARRAY") \
            and not (isinstance(inner, exp.Anonymous) and inner.name.upper() == "TO_JSON"):
        return node
    cast = exp.Cast(this=node, to=exp.DataType.build("JSON"))
    cast.meta[DONE] = True
    return cast


def _key_type(key: exp.Expr) -> None:
    """A JSON object's key is text: a NULL, number or boolean literal fails while analyzing
    (``TestAnalyzer.testJsonObjectInputTypes``: ``Invalid type of JSON object key: integer``)."""
    from athenakit.local.failures import athena_error, start_of

    kind = "unknown" if isinstance(key, exp.Null) else "boolean" if isinstance(
        key, exp.Boolean) else ("integer" if -2**31 <= int(key.name) < 2**31 else "bigint") \
        if isinstance(key, exp.Literal) and key.is_int else None
    if kind is not None:
        raise athena_error("INVALID_FUNCTION_ARGUMENT", f"Invalid type of JSON object key: "
                           f"{kind}", offset=start_of(key))


def json_object(node: exp.Expression) -> exp.Expression:
    """``json_object(k : v, ...)``: Trino's SQL/JSON constructor returns the JSON text as a
    ``varchar`` (``AbstractTestEngineOnlyQueries.testJsonObjectFunction``); DuckDB's returned
    a JSON value (a dict to the reader). A NULL key fails, and so does a key given twice;
    DuckDB kept both. Of several members Trino writes them in an order of its own (its
    test's ``json_object('key_1' : 1, 'key_2' : 2)`` is ``{"key_2":2,"key_1":1}``): refused."""
    if node.meta.get(DONE):
        return node
    pairs = [p for p in node.expressions if isinstance(p, exp.JSONKeyValue)]
    for pair in pairs:
        _key_type(pair.this)
    if len(pairs) > 1:  # (TestJsonObjectFunction.testMultipleMembers: key_2 before key_1)
        from athenakit.local.errors import UnsupportedLocally

        raise UnsupportedLocally("json_object of more than one member",
                                 hint="Trino writes the members in an order of its own")
    for pair in pairs:
        if pair.expression is not None:
            pair.set("expression", _constructed(pair.expression))
    text = _json_text(node)
    if not pairs:
        return text
    # TestJsonObjectFunction.testNullKey / testDuplicateKey (WITHOUT UNIQUE KEYS, the default)
    keys = [p.this.copy() for p in pairs]
    null_key = exp.or_(*(exp.Is(this=k.copy(), expression=exp.Null()) for k in keys))
    repeated = exp.LT(this=_call("LEN", _call("LIST_DISTINCT", exp.Array(expressions=keys))),
                      expression=exp.Literal.number(len(keys)))
    return exp.Case(ifs=[
        exp.If(this=null_key, true=_call("ERROR", exp.Literal.string(
            "INVALID_FUNCTION_ARGUMENT: null value passed for JSON object key to JSON_OBJECT "
            "function"))),
        exp.If(this=repeated, true=_call("ERROR", exp.Literal.string(
            "NOT_SUPPORTED: cannot construct a JSON object with duplicate key")))],
        default=text)


def json_array(args: list[exp.Expression]) -> exp.Expression:
    """``json_array(v, ...)``: the JSON text as a ``varchar``, NULL arguments left out
    (``ABSENT ON NULL``, the default of the SQL/JSON constructor; TestJsonArrayFunction); DuckDB
    returned a JSON value that kept them as ``null``."""
    constructed = exp.Anonymous(this="json_array", expressions=[_constructed(a) for a in args])
    constructed.meta[DONE] = True
    if not args:
        return _json_text(constructed)
    listed = exp.Cast(this=constructed, to=exp.DataType.build("JSON[]"))
    listed.meta[DONE] = True
    kept = exp.Lambda(this=exp.NEQ(this=_call("JSON_TYPE", exp.column("x")),
                                   expression=exp.Literal.string("NULL")),
                      expressions=[exp.to_identifier("x")])
    return _json_text(_call("TO_JSON", _call("LIST_FILTER", listed, kept)))


BY_CLASS: dict[type[exp.Expression], Callable[[exp.Expression], exp.Expression]] = {
    exp.JSONExtract: lambda n: extract(n, "AK_JSON_EXTRACT"),
    exp.JSONObject: json_object,
    exp.JSONFormat: json_format,
    exp.ParseJSON: parse_json,
}

BY_NAME: dict[str, Callable[[list[exp.Expression]], exp.Expression]] = {
    "JSON_ARRAY_LENGTH": lambda a: _call("AK_JSON_ARRAY_LENGTH", *a),
    "JSON_ARRAY_GET": array_get,
    "JSON_ARRAY": json_array,
    "IS_JSON_SCALAR": lambda a: _call("AK_IS_JSON_SCALAR", *a),
}

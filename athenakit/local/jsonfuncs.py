"""Trino's JSON functions where DuckDB's differ.

* Text that is not JSON gives NULL from ``json_extract``, ``json_extract_scalar``,
  ``json_array_length``, ``json_size`` (DuckDB fails); ``json_parse`` fails with Trino's message.
* ``CAST(varchar AS JSON)`` makes a JSON *string* of the text (``json_parse`` parses it).
* ``json_array_get`` (negative indexes from the end, NULL out of range), ``is_json_scalar``.

https://trino.io/docs/current/functions/json.html
"""

from __future__ import annotations

from collections.abc import Callable

from sqlglot import exp

_DONE = "ak_done"

MACROS: dict[str, str] = {
    "ak_json": "(j) AS CASE WHEN json_valid(j) THEN CAST(j AS JSON) ELSE NULL END",
    "ak_json_parse": """(j) AS CASE WHEN j IS NULL THEN NULL WHEN json_valid(j) THEN json(j)
        ELSE error('INVALID_FUNCTION_ARGUMENT: Cannot convert value to JSON: ''' || j || '''')
        END""",
    "ak_json_extract": "(j, p) AS json_extract(ak_json(j), p)",
    "ak_json_array_length": """(j) AS CASE WHEN json_type(ak_json(j)) = 'ARRAY'
        THEN CAST(json_array_length(ak_json(j)) AS BIGINT) ELSE NULL END""",
    "ak_json_array_get": """(j, i) AS CASE WHEN json_type(ak_json(j)) <> 'ARRAY' THEN NULL
        WHEN i >= 0 THEN json_extract(ak_json(j), '$[' || CAST(i AS VARCHAR) || ']')
        WHEN -i > json_array_length(ak_json(j)) THEN NULL
        ELSE json_extract(ak_json(j), '$[#' || CAST(i AS VARCHAR) || ']') END""",
    "ak_is_json_scalar": """(j) AS CASE WHEN j IS NULL THEN NULL
        WHEN NOT json_valid(j) THEN error('INVALID_FUNCTION_ARGUMENT: Invalid JSON value: '
            || CAST(j AS VARCHAR))
        ELSE json_type(CAST(j AS JSON)) NOT IN ('ARRAY', 'OBJECT') END""",
}


def _call(name: str, *args: exp.Expression) -> exp.Expression:
    node = exp.Anonymous(this=name, expressions=list(args))
    node.meta[_DONE] = True
    return node


def _path(node: exp.Expression) -> exp.Expression:
    path = node.expression
    if isinstance(path, exp.JSONPath):
        return exp.Literal.string(path.sql(dialect="trino").strip("'"))
    result: exp.Expression = path
    return result


def _is(node: exp.Expression | None, *types: exp.DType) -> bool:
    return node is not None and node.type is not None and node.type.is_type(*types)


def cast_to_json(node: exp.Expression) -> exp.Expression:
    """``CAST(varchar AS JSON)`` is a JSON string holding the text."""
    if isinstance(node, exp.Cast) and node.to.is_type(exp.DType.JSON) \
            and _is(node.this, exp.DType.VARCHAR, exp.DType.TEXT, exp.DType.CHAR):
        return exp.Cast(this=_call("TO_JSON", node.this), to=node.to)
    return node


BY_CLASS: dict[type[exp.Expression], Callable[[exp.Expression], exp.Expression]] = {
    exp.JSONExtract: lambda n: _call("AK_JSON_EXTRACT", n.this, _path(n)),
    exp.ParseJSON: lambda n: _call("AK_JSON_PARSE", n.this),
}

BY_NAME: dict[str, Callable[[list[exp.Expression]], exp.Expression]] = {
    "JSON_ARRAY_LENGTH": lambda a: _call("AK_JSON_ARRAY_LENGTH", *a),
    "JSON_ARRAY_GET": lambda a: _call("AK_JSON_ARRAY_GET", *a),
    "IS_JSON_SCALAR": lambda a: _call("AK_IS_JSON_SCALAR", *a),
}

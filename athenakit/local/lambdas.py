"""Trino's map and lambda functions that DuckDB lacks or answers differently.

A Trino lambda is inlined into a DuckDB lambda over list positions or map entries:
``map_filter(m, (k, v) -> v > 1)`` becomes a ``list_filter`` over ``map_entries(m)`` with
``k`` and ``v`` replaced by the entry's fields. Covered: ``map_filter``, ``transform_keys``
(duplicate keys fail), ``transform_values``, ``map_zip_with``, ``zip_with``, three-valued
``any_match`` / ``all_match`` / ``none_match``, ``combinations`` (literal size), ``ngrams``.

https://trino.io/docs/current/functions/lambda.html
https://trino.io/docs/current/functions/map.html
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from sqlglot import exp

from athenakit.local import decimals, time_precision
from athenakit.local.errors import UnsupportedLocally
from athenakit.local.nodes import call as _call

_DONE = "ak_done"

MACROS: dict[str, str] = {
    # three-valued OR / AND over a list of booleans (Trino's any_match / all_match)
    "ak_any": """(l) AS CASE WHEN l IS NULL THEN NULL
        WHEN list_bool_or(list_transform(l, lambda x: coalesce(x, false))) THEN true
        WHEN list_bool_or(list_transform(l, lambda x: x IS NULL)) THEN NULL ELSE false END""",
    "ak_all": """(l) AS CASE WHEN l IS NULL THEN NULL
        WHEN list_bool_or(list_transform(l, lambda x: coalesce(NOT x, false))) THEN false
        WHEN list_bool_or(list_transform(l, lambda x: x IS NULL)) THEN NULL ELSE true END""",
    # transform_keys: Trino's MapTransformKeysFunction fails at the first key that is NULL
    # or met before (athenakit.local.maps); a NULL map is NULL
    "ak_unique_keys": """(entries) AS CASE WHEN entries IS NULL THEN NULL
        WHEN len(list_distinct(list_transform(entries, lambda e: e.key))) = len(entries)
            THEN map_from_entries(entries)
        ELSE ak_bad_key(list_transform(entries, lambda e: e.key), 'Duplicate keys') END""",
    # multimap_from_entries: each key's values in order (entries are rows (key, value))
    "ak_multimap_from_entries": """(a) AS map_from_entries(list_transform(
        ak_array_distinct(list_transform(a, lambda e: struct_extract(e, 1))),
        lambda k: struct_pack(key := k, value := list_transform(
            list_filter(a, lambda e: struct_extract(e, 1) = k),
            lambda e: struct_extract(e, 2)))))""",
    "ak_ngrams": """(a, n) AS CASE WHEN n <= 0
        THEN error('INVALID_FUNCTION_ARGUMENT: N must be positive')
        WHEN n >= len(a) THEN [a]
        ELSE list_transform(range(1, len(a) - n + 2), lambda i: a[i:i + n - 1]) END""",
    # Trino's array equality: false on any unequal pair, else NULL if a NULL is compared; a
    # NaN equals nothing (DoubleType's EQUAL operator is Java's ==; DuckDB's = finds NaN = NaN)
    "ak_array_eq": """(a, b) AS CASE WHEN a IS NULL OR b IS NULL THEN NULL
        WHEN len(a) <> len(b) THEN false
        WHEN list_bool_or(list_transform(range(1, len(a) + 1),
            lambda i: coalesce(a[i] <> b[i], false) OR (typeof(a[i]) IN ('DOUBLE', 'FLOAT')
                AND a[i] IS NOT NULL AND b[i] IS NOT NULL
                AND (CAST(a[i] AS VARCHAR) IN ('nan', '-nan')
                     OR CAST(b[i] AS VARCHAR) IN ('nan', '-nan'))))) THEN false
        WHEN list_bool_or(list_transform(range(1, len(a) + 1),
            lambda i: a[i] IS NULL OR b[i] IS NULL)) THEN NULL ELSE true END""",
    # map equality: same keys, equal values, whatever the order of the entries
    "ak_map_eq": """(a, b) AS CASE WHEN a IS NULL OR b IS NULL THEN NULL
        WHEN cardinality(a) <> cardinality(b) THEN false
        WHEN NOT list_bool_and(list_transform(map_keys(a), lambda k: contains(map_keys(b), k)))
            THEN false
        ELSE ak_array_eq(list_transform(map_keys(a), lambda k: map_extract_value(a, k)),
                         list_transform(map_keys(a), lambda k: map_extract_value(b, k))) END""",
}



def _inline(fn: exp.Expression, values: Sequence[exp.Expression]) -> exp.Expression:
    """The body of lambda ``fn`` with its parameters replaced by ``values``."""
    if not isinstance(fn, exp.Lambda) or len(fn.expressions) != len(values):
        raise UnsupportedLocally("a function argument that is not a lambda of the right arity")
    names = {p.name: v for p, v in zip(fn.expressions, values)}

    def swap(node: exp.Expression) -> exp.Expression:
        if isinstance(node, exp.Column | exp.Identifier) and not getattr(node, "table", "") \
                and node.name in names and not isinstance(node.parent, exp.Dot | exp.Column):
            value = names[node.name].copy()
            known = node.type if node.type is not None else node.this.type \
                if isinstance(node, exp.Column) else None
            if known is not None and not known.is_type(exp.DType.UNKNOWN):
                value.type = known.copy()  # the parameter's type (type_parameters) stays
            if "ak_precision" in node.meta:  # a timestamp's (time_precision.PRECISION)
                value.meta["ak_precision"] = node.meta["ak_precision"]
            return value
        return node

    result: exp.Expression = fn.this.copy().transform(swap)
    return result


def _lambda(param: str, body: exp.Expression) -> exp.Expression:
    return exp.Lambda(this=body, expressions=[exp.to_identifier(param)])


def _field(var: str, name: str) -> exp.Expression:
    return exp.Dot(this=exp.column(var), expression=exp.to_identifier(name))


def _entries(m: exp.Expression, var: str, fn: exp.Expression,
             build: Callable[[exp.Expression, exp.Expression], exp.Expression]
             ) -> exp.Expression:
    """``list_transform(map_entries(m), e -> build(e.key, e.value))``."""
    body = build(_field(var, "key"), _field(var, "value"))
    return _call("LIST_TRANSFORM", _call("MAP_ENTRIES", m), _lambda(var, body))


def _entry(key: exp.Expression, value: exp.Expression) -> exp.Expression:
    return _call("STRUCT_PACK", exp.PropertyEQ(this=exp.to_identifier("key"), expression=key),
                 exp.PropertyEQ(this=exp.to_identifier("value"), expression=value))


def map_filter(args: list[exp.Expression]) -> exp.Expression:
    m, fn = args
    test = _inline(fn, [_field("ak_e", "key"), _field("ak_e", "value")])
    kept = _call("LIST_FILTER", _call("MAP_ENTRIES", m), _lambda("ak_e", test))
    return _call("MAP_FROM_ENTRIES", kept)


def transform_keys(args: list[exp.Expression]) -> exp.Expression:
    m, fn = args
    return _call("AK_UNIQUE_KEYS", _entries(m, "ak_e", fn, lambda k, v: _entry(
        _inline(fn, [k, v]), v)))


def transform_values(args: list[exp.Expression]) -> exp.Expression:
    m, fn = args
    return _call("MAP_FROM_ENTRIES", _entries(m, "ak_e", fn, lambda k, v: _entry(
        k, _inline(fn, [k, v]))))


def map_zip_with(args: list[exp.Expression]) -> exp.Expression:
    m1, m2, fn = args
    keys = _call("LIST_DISTINCT", _call("LIST_CONCAT", _call("MAP_KEYS", m1.copy()),
                                        _call("MAP_KEYS", m2.copy())))
    key = exp.column("ak_k")
    value = _inline(fn, [key, _call("MAP_EXTRACT_VALUE", m1.copy(), key),
                         _call("MAP_EXTRACT_VALUE", m2.copy(), key)])
    entries = _call("LIST_TRANSFORM", keys, _lambda("ak_k", _entry(key, value)))
    return _null_on_null(_call("MAP_FROM_ENTRIES", entries), m1, m2)


def _null_on_null(call: exp.Expression, *args: exp.Expression) -> exp.Expression:
    """``call``, NULL where an argument is: Trino's zip_with and map_zip_with take their
    arrays and maps NEVER_NULL (a NULL one makes the answer NULL), where the DuckDB spelling
    read a NULL as empty."""
    return exp.Case(ifs=[exp.If(this=exp.or_(*(exp.Is(this=a.copy(), expression=exp.Null())
                                                for a in args)), true=exp.Null())],
                    default=call)


def zip_with(args: list[exp.Expression]) -> exp.Expression:
    a, b, fn = args
    i = exp.column("ak_i")
    at = [exp.Bracket(this=x.copy(), expressions=[i]) for x in (a, b)]
    for node in at:
        node.meta[_DONE] = True
    size = _call("GREATEST", _call("LEN", a.copy()), _call("LEN", b.copy()))
    positions = _call("RANGE", exp.Literal.number(1), exp.Add(this=size,
                                                              expression=exp.Literal.number(1)))
    return _null_on_null(_call("LIST_TRANSFORM", positions, _lambda("ak_i", _inline(fn, at))),
                         a, b)


def _match(name: str) -> Callable[[list[exp.Expression]], exp.Expression]:
    def build(args: list[exp.Expression]) -> exp.Expression:
        values = _call("LIST_TRANSFORM", *args)
        if name == "none":
            return exp.Not(this=_call("AK_ANY", values))
        return _call("AK_ANY" if name == "any" else "AK_ALL", values)
    return build


def combinations(args: list[exp.Expression]) -> exp.Expression:
    a, size = args
    negative = isinstance(size, exp.Neg)
    digits = size.this if negative else size
    if not (isinstance(digits, exp.Literal) and str(digits.this).isdigit()):
        raise UnsupportedLocally("combinations with a size that is not an integer literal")
    k = -int(digits.this) if negative else int(digits.this)
    if not 0 <= k <= 5:  # Trino's CombinationsFunction checks, for a non-NULL array
        message = (f"combination size must not be negative: {k}" if k < 0
                   else f"combination size must not exceed 5: {k}")
        fail = _call("ERROR", exp.Literal.string(f"INVALID_FUNCTION_ARGUMENT: {message}"))
        return exp.Case(ifs=[exp.If(this=exp.Is(this=a.copy(), expression=exp.Null()),
                                    true=exp.Null())], default=fail)
    # Trino's order (CombinationsFunction): the last position advances slowest, e.g.
    # (1,2), (1,3), (2,3), (1,4), (2,4), (3,4): the loop over the last position is outermost
    names = [f"ak_c{j}" for j in range(k)]
    body: exp.Expression = exp.Array(expressions=[
        exp.Bracket(this=a.copy(), expressions=[exp.column(n)]) for n in names])
    for node in body.expressions:
        node.meta[_DONE] = True
    for j in range(k):
        stop = exp.column(names[j + 1]) if j < k - 1 else exp.Add(
            this=_call("LEN", a.copy()), expression=exp.Literal.number(1))
        inner = _call("LIST_TRANSFORM", _call("RANGE", exp.Literal.number(j + 1), stop),
                      _lambda(names[j], body))
        body = inner if j == 0 else _call("FLATTEN", inner)
    return body if k else exp.Array(expressions=[exp.Array(expressions=[])])


BY_NAME: dict[str, Callable[[list[exp.Expression]], exp.Expression]] = {
    "MAP_FILTER": map_filter,
    "TRANSFORM_KEYS": transform_keys,
    "TRANSFORM_VALUES": transform_values,
    "MAP_ZIP_WITH": map_zip_with,
    "ZIP_WITH": zip_with,
    "ANY_MATCH": _match("any"),
    "ALL_MATCH": _match("all"),
    "NONE_MATCH": _match("none"),
    "COMBINATIONS": combinations,
    "NGRAMS": lambda a: _call("AK_NGRAMS", *a),
    "MULTIMAP_FROM_ENTRIES": lambda a: _call("AK_MULTIMAP_FROM_ENTRIES", *a),
}


def type_parameters(tree: exp.Expression) -> None:
    """Give the parameter of a one-parameter lambda over an array (``transform``, ``filter``,
    ``any_match``, ...) the array's element type, where that type is certain: a typed column,
    or an array literal whose elements all have one type. Rewrites inside the lambda (division,
    casts) then follow the element type instead of deciding while running."""
    for lam in tree.find_all(exp.Lambda):
        types = _map_parameter_types(lam) if len(lam.expressions) > 1 else [
            _element_type(_array_argument(lam))]
        for param, kind in zip(lam.expressions, types):
            if kind is not None:
                _type_parameter(lam, param.name, kind)


def _type_parameter(lam: exp.Lambda, name: str, kind: exp.DataType) -> None:
    for ident in lam.this.find_all(exp.Identifier):
        if ident.name == name and ident.find_ancestor(exp.Lambda) is lam and not isinstance(
                ident.parent, exp.Column | exp.Alias | exp.Dot | exp.TableAlias):
            ident.type = kind.copy()


# (k, v) of map_filter / transform_keys / transform_values, (k, v1, v2) of map_zip_with
_MAP_LAMBDAS = {"MAP_FILTER": 1, "TRANSFORM_KEYS": 1, "TRANSFORM_VALUES": 1, "MAP_ZIP_WITH": 2}


def _map_parameter_types(lam: exp.Lambda) -> list[exp.DataType | None]:
    """The key and value types of the maps a map function's lambda reads, where certain."""
    parent = lam.parent
    if not isinstance(parent, exp.Anonymous):
        return []
    maps = _MAP_LAMBDAS.get(parent.name.upper(), 0)
    if not maps or len(parent.expressions) <= maps or len(lam.expressions) != maps + 1:
        return []
    sides = [_key_value(m) for m in parent.expressions[:maps]]
    return [sides[0][0], *(side[1] for side in sides)]


def _key_value(node: exp.Expression) -> tuple[exp.DataType | None, exp.DataType | None]:
    if isinstance(node, exp.Map) and isinstance(node.args.get("keys"), exp.Array):
        return _element_type(node.args["keys"]), _element_type(node.args["values"])
    kind = node.type
    if isinstance(node, exp.Column) and kind is not None and kind.is_type(exp.DType.MAP) \
            and len(kind.expressions) == 2:
        key, value = kind.expressions
        return (key if isinstance(key, exp.DataType) else None,
                value if isinstance(value, exp.DataType) else None)
    return None, None


def _array_argument(lam: exp.Lambda) -> exp.Expression | None:
    parent = lam.parent
    if isinstance(parent, exp.Anonymous):
        return parent.expressions[0] if parent.expressions else None
    return parent.this if parent is not None and isinstance(parent.this, exp.Expression) else None


def _element_type(array: exp.Expression | None) -> exp.DataType | None:
    if array is None or array.type is None or not array.type.is_type(exp.DType.ARRAY) \
            or not array.type.expressions:
        return None
    element = array.type.expressions[0]
    if not isinstance(element, exp.DataType):
        return None
    if isinstance(array, exp.Column):
        return element
    # sqlglot types a 1.5 literal as a double; Trino as a decimal: such arrays are left alone
    # (a timestamp(p) array's element type is its elements' largest p: time_precision.mark)
    if isinstance(array, exp.Array) and array.expressions and all(
            e.type is not None and not decimals.is_decimal(e) and (e.type == element or bool(
                element.expressions) and element.is_type(*time_precision.TEMPORAL)
                and e.type.this == element.this) for e in array.expressions):
        return element
    return None


# the number of parameters each lambda argument of a function takes (Trino's signatures:
# https://trino.io/docs/current/functions/lambda.html), by the function's class or name and the
# argument's place
_ARITY: dict[str, dict[str, int]] = {
    "Transform": {"expression": 1}, "ArrayFilter": {"expression": 1},
    "Reduce": {"merge": 2, "finish": 1}, "ArraySort": {"expression": 2},
    # (a function sqlglot keeps by name: the lambda's 1-based argument position)
    "any_match": {"2": 1}, "all_match": {"2": 1}, "none_match": {"2": 1},
    "transform_keys": {"2": 2}, "transform_values": {"2": 2}, "map_filter": {"2": 2},
    "zip_with": {"3": 2}, "map_zip_with": {"3": 3}, "regexp_replace": {"3": 1},
}


def _wanted(node: exp.Lambda) -> int | None:
    """How many parameters Trino's signature gives the lambda ``node``, where known."""
    call = node.parent
    if isinstance(call, exp.Anonymous):
        places = _ARITY.get(call.name.lower(), {})
        return places.get(str(next(i for i, a in enumerate(call.expressions) if a is node) + 1))
    key = next((k for k, v in call.args.items() if v is node), None) if call else None
    return _ARITY.get(type(call).__name__, {}).get(key or "")


def _place(node: exp.Lambda) -> int | None:
    """Where Trino places a lambda: at the parenthesis of a parenthesized parameter list."""
    from athenakit.local.failures import end_of, start_of
    from athenakit.local.nodes import SQL_TEXT

    start, sql = start_of(node.expressions[0]), node.root().meta.get(SQL_TEXT)
    end = end_of(node.expressions[-1])
    if start is None or end is None or sql is None:
        return start
    closing = sql[end + 1:].lstrip()
    return sql.rfind("(", 0, start) if closing.startswith(")") else start


def check_arity(tree: exp.Expression) -> None:
    """A lambda with another number of parameters than its function's signature gives it
    fails as Trino fails it (``INVALID_PARAMETER_USAGE: Expected a lambda that takes 1
    argument(s) but got 2``, at the lambda; ``TestAnalyzer.testLambdaWithInvalidParameter
    Count``): DuckDB passed an element's index as a second parameter (``transform(ARRAY[5, 6],
    (x, y) -> x + y)`` was ``[6, 8]``).

    Args:
        tree: a parsed statement.

    Raises:
        AthenaFailure: INVALID_PARAMETER_USAGE.
    """
    from athenakit.local.failures import athena_error

    for node in tree.find_all(exp.Lambda):
        wanted, got = _wanted(node), len(node.expressions)
        if wanted is not None and wanted != got:
            raise athena_error("INVALID_PARAMETER_USAGE", f"Expected a lambda that takes "
                               f"{wanted} argument(s) but got {got}", offset=_place(node))

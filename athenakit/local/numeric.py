"""Trino's numeric semantics where DuckDB's differ: double division, casts, literals.

* ``double`` (and ``real``) division and modulus by zero give ``Infinity`` / ``NaN`` in Trino;
  DuckDB fails. https://trino.io/docs/current/functions/math.html
* A cast of a ``double`` to an integer type rounds half away from zero (Java's ``Math.round``
  for the value's sign); DuckDB rounds half to even. A ``varchar`` cast to an integer type
  must spell an integer (``'1.5'`` fails with ``INVALID_CAST_ARGUMENT``); DuckDB rounds it.
  https://trino.io/docs/current/functions/conversion.html
* ``CAST(double AS varchar)`` is Trino's scientific text (``3.77E1``, ``1.0E10``; javatext).
* ``DECIMAL '1.000'`` is a ``decimal(4, 3)``: its type comes from its text.
  https://trino.io/docs/current/language/types.html#decimal
* ``count_if`` over no rows is 0.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from sqlglot import exp

from athenakit.errors import QueryError
from athenakit.local import decimalcasts, decimals, literal_types, overflow, rounding, zones
from athenakit.local.errors import UnsupportedLocally
from athenakit.local.nodes import CAST_OF_TRY
from athenakit.local.nodes import call as _call

_DONE = "ak_done"
_FLOATS = (exp.DType.DOUBLE, exp.DType.FLOAT)
_INTEGERS = {exp.DType.TINYINT: "TINYINT", exp.DType.SMALLINT: "SMALLINT",
             exp.DType.INT: "INTEGER", exp.DType.BIGINT: "BIGINT"}
# Trino's names in "Cannot cast '...' to X"
_CAST_NAMES = {"TINYINT": "TINYINT", "SMALLINT": "SMALLINT", "INTEGER": "INT",
               "BIGINT": "BIGINT"}

MACROS: dict[str, str] = {
    # CAST(decimal AS varchar) as Trino prints it: DuckDB drops the zero of a decimal(p,p)
    # (CAST(CAST(0.5 AS DECIMAL(1,1)) AS VARCHAR) is '.5'; Trino's is '0.5')
    "ak_decimal_text": r"""(x) AS CASE WHEN typeof(x) LIKE 'DECIMAL%'
        THEN regexp_replace(CAST(x AS VARCHAR), '^(-?)\.', '\10.')
        ELSE CAST(x AS VARCHAR) END""",
    # CAST(x AS VARCHAR(n)) of a value whose type is known only at run time: as
    # ak_varchar_fit (below) with the value's text as Trino prints it (ak_element_text)
    "ak_text_varchar": "(x, n) AS ak_varchar_fit(x, ak_element_text(x), n)",
    # a DuckDB type text (typeof) that holds a decimal(p, p), which DuckDB prints as .5
    "ak_fraction_decimal": r"""(t) AS coalesce(list_bool_or(list_transform(
        regexp_extract_all(t, 'DECIMAL\(\d+,\d+\)'),
        lambda d: regexp_extract(d, '\((\d+),', 1) = regexp_extract(d, ',(\d+)\)', 1))), false)""",
    # x / y and x % y for doubles: IEEE-754 on a zero divisor, as in Java.
    "ak_double_div": """(a, b) AS CASE WHEN b = 0 THEN CASE
        WHEN a > 0 THEN CAST('Infinity' AS DOUBLE) WHEN a < 0 THEN CAST('-Infinity' AS DOUBLE)
        ELSE CAST('NaN' AS DOUBLE) END ELSE a / b END""",
    # Java's % on doubles; NaN for a zero divisor or an infinite dividend (the Python
    # function returns NULL for NaN, which DuckDB would not keep)
    "ak_double_mod": """(a, b) AS CASE WHEN b = 0 OR isinf(a) OR isnan(a) OR isnan(b)
        THEN CAST('NaN' AS DOUBLE) ELSE ak_java_mod(a, b) END""",
    # sign of a double is a double (NaN stays NaN)
    "ak_sign_double": """(x) AS CASE WHEN isnan(x) THEN x ELSE CAST(sign(x) AS DOUBLE) END""",
    # varchar to an integer type: only an optionally signed run of digits is accepted.
    "ak_integer_text": """(s, target) AS CASE WHEN s IS NULL THEN NULL
        WHEN regexp_full_match(trim(s), '[+-]?[0-9]+') THEN trim(s)
        ELSE error('INVALID_CAST_ARGUMENT: Cannot cast ''' || s || ''' to ' || target) END""",
    # varchar to boolean: Trino reads true/false, t/f and 1/0 (any case), nothing else
    "ak_boolean_text": """(s) AS CASE WHEN s IS NULL THEN NULL
        WHEN lower(s) IN ('true', 't', '1') THEN true WHEN lower(s) IN ('false', 'f', '0')
        THEN false ELSE error('INVALID_CAST_ARGUMENT: Cannot cast ''' || s || ''' to BOOLEAN')
        END""",
    # from_hex takes an even number of hex digits
    "ak_from_hex": """(s) AS CASE WHEN length(s) % 2 = 1 THEN error(
        'INVALID_FUNCTION_ARGUMENT: invalid input length ' || CAST(length(s) AS VARCHAR))
        ELSE unhex(s) END""",
    # a number or boolean cast to varchar(n) fails when its text is longer than n (Trino's
    # *Operators.castToVarchar: "Value 123 cannot be represented as varchar(2)"; a boolean's
    # is BooleanOperators' "Cannot cast 'true' to varchar(3)")
    # (v is the value: text typed otherwise by sqlglot is cut as varchar(n) cuts text)
    "ak_varchar_fit": """(v, t, n) AS CASE WHEN typeof(v) = 'VARCHAR' THEN substring(t, 1, n)
        WHEN length(t) <= n THEN t WHEN typeof(v) = 'BOOLEAN' THEN error(
        'INVALID_CAST_ARGUMENT: Cannot cast ''' || t || ''' to varchar(' || CAST(n AS VARCHAR)
        || ')') ELSE error('INVALID_CAST_ARGUMENT: Value ' || CASE
            WHEN typeof(v) IN ('DOUBLE', 'FLOAT') THEN ak_object_text(v) || ' (' || t || ')'
            ELSE t END || ' cannot be represented as varchar(' || CAST(n AS VARCHAR) || ')')
        END""",
    # -x of an integer type: its least value has no negation (Trino: "bigint negation
    # overflow: -9223372036854775808"; DuckDB names neither type nor value)
    "ak_negate": """(x, kind, least) AS CASE WHEN x = least AND typeof(x) = typeof(least)
        THEN error('NUMERIC_VALUE_OUT_OF_RANGE: ' || kind || ' negation overflow: '
                   || CAST(x AS VARCHAR))
        ELSE -x END""",
    # double or real to an integer type: NaN fails, other values round half away from zero;
    # ``target`` is Trino's "double NaN to bigint" / "real NaN to integer" (RealOperators)
    "ak_integer_double": """(x, target) AS CASE WHEN isnan(x) THEN
        error('INVALID_CAST_ARGUMENT: Cannot cast ' || target)
        ELSE round(x) END""",
    # real to bigint saturates (RealOperators.castToLong is Java's (long) of the rounded
    # value: 3.4E38 and Infinity are 9223372036854775807); doubles fail instead
    "ak_bigint_real": """(x) AS CASE WHEN isnan(x) THEN
        error('INVALID_CAST_ARGUMENT: Cannot cast real NaN to bigint')
        WHEN x >= 9223372036854775807.0 THEN 9223372036854775807
        WHEN x <= -9223372036854775808.0 THEN -9223372036854775808
        ELSE CAST(round(CAST(x AS DOUBLE)) AS BIGINT) END""",
}


def _is(node: exp.Expression | None, *types: exp.DType) -> bool:
    if isinstance(node, exp.Neg | exp.Paren) and (node.type is None or node.type.is_type(
            exp.DType.UNKNOWN)):
        return _is(node.this, *types)
    if isinstance(node, exp.Literal) and node.is_string:  # sqlglot leaves these untyped
        return exp.DType.VARCHAR in types
    if isinstance(node, exp.Literal):  # 1.5E0 is a double, 1.5 a decimal, 1 an integer
        text = str(node.this).lower()
        kind = exp.DType.DOUBLE if "e" in text else exp.DType.DECIMAL if "." in text else None
        return kind in types if kind else node.type is not None and node.type.is_type(*types)
    return node is not None and node.type is not None and node.type.is_type(*types)



def _double_operands(node: exp.Expression) -> bool:
    return _is(node.this, *_FLOATS) or _is(node.expression, *_FLOATS)


def divide(node: exp.Expression) -> exp.Expression:
    """``x / y``: IEEE-754 for doubles, exact for decimals (:mod:`decimals`)."""
    if node.meta.get(_DONE):
        return node
    if _double_operands(node):
        call = _call("AK_DOUBLE_DIV", node.this, node.expression)
        real = exp.DataType.build("REAL")
        return exp.Cast(this=call, to=real) if _is(node, exp.DType.FLOAT) else call
    wider = _integer_result(node)
    if wider is not None:  # DuckDB's integer division widens to bigint
        node.meta[_DONE] = True
        return exp.Cast(this=node, to=exp.DataType.build(wider))
    return decimals.divide(node)


def _integer_result(node: exp.Expression) -> str | None:
    kinds = [rounding.integer_type(node.this), rounding.integer_type(node.expression)]
    if None in kinds:
        return None
    return max(kinds, key=lambda k: list(_INTEGERS.values()).index(str(k)))


def compare(node: exp.Expression) -> exp.Expression:
    """Comparisons of doubles: NaN equals nothing and orders with nothing (DuckDB treats
    NaN as equal to itself and greater than every number)."""
    if node.meta.get(_DONE) or not _double_operands(node):
        return node
    node.meta[_DONE] = True
    nan = exp.or_(_call("ISNAN", node.this.copy()), _call("ISNAN", node.expression.copy()))
    outcome = exp.true() if isinstance(node, exp.NEQ) else exp.false()
    unknown = exp.or_(exp.Is(this=node.this.copy(), expression=exp.Null()),
                      exp.Is(this=node.expression.copy(), expression=exp.Null()))
    return exp.Case(ifs=[exp.If(this=unknown, true=exp.Null()),  # NaN = NULL is NULL
                         exp.If(this=nan, true=outcome)], default=node)


def modulo(node: exp.Expression) -> exp.Expression:
    """``x % y`` of doubles: NaN for a zero divisor, as in Java."""
    if node.meta.get(_DONE):
        return node
    if not _double_operands(node):
        return decimals.modulo(overflow.widen(node))  # decimals: Trino's result type
    call = _call("AK_DOUBLE_MOD", node.this, node.expression)
    # real % real is a real (TestRealOperators.testModulus); the remainder is exact
    return exp.Cast(this=call, to=exp.DataType.build("REAL")) if _is(
        node, exp.DType.FLOAT) else call


_LEAST = {"TINYINT": -2**7, "SMALLINT": -2**15, "INTEGER": -2**31, "BIGINT": -2**63}


def negate(node: exp.Expression) -> exp.Expression:
    """``-x`` of an integer type: Trino's overflow failure for the type's least value
    (``-(-9223372036854775808)``, which DuckDB would widen to a HUGEINT)."""
    inner = node.this.this if isinstance(node.this, exp.Paren) else node.this
    if isinstance(inner, exp.Literal):  # -5: a negative literal
        return node
    if isinstance(inner, exp.Neg) and isinstance(inner.this, exp.Literal) \
            and str(inner.this.this) == str(2**63):  # Trino reads -9223372036854775808 as a bigint
        return exp.Anonymous(this="ERROR", expressions=[exp.Literal.string(
            f"NUMERIC_VALUE_OUT_OF_RANGE: bigint negation overflow: {-2**63}")])
    kind = rounding.integer_type(inner)
    if kind is None:
        return node
    return _call("AK_NEGATE", node.this, exp.Literal.string(kind.lower()),
                 exp.Cast(this=exp.Literal.number(_LEAST[kind]), to=exp.DataType.build(kind)))


def cast(node: exp.Expression) -> exp.Expression:
    """Casts whose answer differs in DuckDB (integers from text and doubles, doubles to text,
    decimal literals)."""
    if node.meta.get(_DONE) or not isinstance(node, exp.Cast):
        return node
    to, source = node.to, node.this
    if to.is_type(exp.DType.VARCHAR) and to.expressions:
        bounded = _bounded_text(node)
        if bounded is not None:
            return bounded
    if isinstance(node, exp.TryCast) and to.is_type(exp.DType.VARCHAR) and not to.expressions \
            and _is(source, *_FLOATS):
        return _call(_float_text(source), source)  # cannot fail
    if isinstance(node, exp.TryCast) and to.is_type(exp.DType.VARCHAR):
        # a decimal's text cannot fail: printed as Trino prints it (0.5, not DuckDB's .5)
        plain = not to.expressions and (decimals.is_decimal(source) or decimals.unknown(
            source) and not isinstance(source, exp.ParseJSON))
        return _call("AK_DECIMAL_TEXT", source) if plain else node
    target = next((name for dtype, name in _INTEGERS.items() if to.is_type(dtype)), None)
    if target and _is(source, exp.DType.VARCHAR, exp.DType.CHAR, exp.DType.TEXT):
        return _recast(node, _cast_call(node, "AK_INTEGER_TEXT", source,
                                        exp.Literal.string(_CAST_NAMES[target])))
    if to.is_type(exp.DType.BOOLEAN) and _is(source, exp.DType.VARCHAR, exp.DType.CHAR,
                                             exp.DType.TEXT):
        node.meta[_DONE] = True
        return _cast_call(node, "AK_BOOLEAN_TEXT", source)
    if target == "BIGINT" and _is(source, exp.DType.FLOAT):
        return _recast(node, _cast_call(node, "AK_BIGINT_REAL", source))
    if target and _is(source, *_FLOATS):
        kind = "double" if _is(source, exp.DType.DOUBLE) else "real"
        return _recast(node, _cast_call(node, "AK_INTEGER_DOUBLE", source, exp.Literal.string(
            f"{kind} NaN to {target.lower()}")))
    if target and decimals.unknown(source):
        return _integer_by_runtime_type(node, target)
    if to.is_type(exp.DType.DECIMAL) and to.expressions:
        return decimalcasts.cast(node)
    structured = isinstance(source, exp.Array | exp.Map | exp.VarMap | exp.Struct) or _is(
        source, exp.DType.ARRAY, exp.DType.MAP, exp.DType.STRUCT)
    if to.is_type(exp.DType.VARCHAR) and structured:
        # Trino has no cast from a structured value to varchar (DuckDB prints it)
        # https://trino.io/docs/current/functions/conversion.html#cast
        kind = _trino_type(source)
        raise QueryError("query failed", state="FAILED", category=2,
                         reason=f"TYPE_MISMATCH: Cannot cast {kind} to varchar")
    if structured_target(to) and to.find(exp.DataType) is not None and any(
            t.is_type(exp.DType.VARCHAR, exp.DType.CHAR) for t in to.find_all(exp.DataType)):
        return _fraction_elements_refused(node)
    if to.is_type(exp.DType.VARCHAR) and not to.expressions and _is(source, *_FLOATS):
        return _call(_float_text(source), source)
    if to.is_type(exp.DType.DECIMAL) and not to.expressions and "format" not in node.args:
        return _decimal_literal(node)
    if to.is_type(exp.DType.VARCHAR) and not to.expressions and decimals.is_decimal(source):
        return _call("AK_DECIMAL_TEXT", source)
    if to.is_type(exp.DType.VARCHAR) and not to.expressions and decimals.unknown(source) \
            and not isinstance(source, exp.ParseJSON):
        # a double as Java prints it, a JSON value's scalar, a decimal(p,p) with its zero; an
        # array, map or row Trino does not cast to varchar (its analyzer fails the query)
        duck_type = _call("TYPEOF", source.copy())
        container = exp.or_(*(exp.Like(this=duck_type.copy(), expression=exp.Literal.string(t))
                              for t in ("%[]", "MAP(%", "STRUCT(%")))
        refuse = _call("ERROR", exp.Literal.string(decimals.REFUSED + CONTAINER_TEXT_REFUSAL))
        return exp.Case(ifs=[exp.If(this=container, true=refuse)],
                        default=_call("AK_ELEMENT_TEXT", source))
    return node


def _bounded_text(node: exp.Expression) -> exp.Expression | None:
    """``CAST(x AS varchar(n))`` of a number or boolean: its ``varchar`` text, or Trino's
    failure when that is longer than n (DuckDB would cut it; TestSmallintOperators,
    TestRealOperators.testCastToVarchar)."""
    assert isinstance(node, exp.Cast)
    source, size = node.this, node.to.expressions[0]
    if _is(source, *_FLOATS):
        text = _call(_float_text(source), source)
    elif decimals.is_decimal(source):
        text = _call("AK_DECIMAL_TEXT", source)
    elif rounding.integer_type(source) or isinstance(source, exp.Boolean) or _is(
            source, exp.DType.BOOLEAN):
        text = _done_cast(source, exp.DataType.build("VARCHAR"))
    else:
        return None
    limit = size.this if isinstance(size, exp.DataTypeParam) else size
    if not limit.name.isdigit():
        return None
    return _cast_call(node, "AK_VARCHAR_FIT", source.copy(), text,
                      exp.Literal.number(int(limit.name)))


def _float_text(source: exp.Expression) -> str:
    """The Python function printing ``source``, a double or real, as ``CAST(x AS varchar)``."""
    return "AK_VARCHAR_DOUBLE" if _is(source, exp.DType.DOUBLE) else "AK_VARCHAR_REAL"


CONTAINER_TEXT_REFUSAL = ("CAST to varchar of an array, map or row whose type is known only at "
                          "run time")
FRACTION_REFUSAL = "a cast of a decimal(p,p) inside an array, map or row to varchar"


def structured_target(to: exp.DataType) -> bool:
    return to.is_type(exp.DType.ARRAY, exp.DType.MAP, exp.DType.STRUCT)


def _fraction_elements_refused(node: exp.Expression) -> exp.Expression:
    """``CAST(x AS ARRAY(VARCHAR))`` and the like: refused while running where ``x`` holds a
    ``decimal(p, p)``, whose elements DuckDB prints without their zero (``.5``; Trino's
    ``0.5``)."""
    node.meta[_DONE] = True
    kind = _call("TYPEOF", node.this.copy())
    refuse = _call("ERROR", exp.Literal.string(decimals.REFUSED + FRACTION_REFUSAL))
    return exp.Case(ifs=[exp.If(this=_call("AK_FRACTION_DECIMAL", kind), true=refuse)],
                    default=node)


def _integer_by_runtime_type(node: exp.Expression, target: str) -> exp.Expression:
    """A cast to an integer type of a value whose type only DuckDB knows: each branch does
    what Trino does for that type (doubles round half away from zero, text must spell an
    integer)."""
    source, kind = node.this, exp.DataType.build(target)
    duck_type = _call("TYPEOF", source.copy())
    text = exp.Cast(this=source.copy(), to=exp.DataType.build("VARCHAR"))
    text.meta[_DONE] = True
    double = exp.Cast(this=text.copy(), to=exp.DataType.build("DOUBLE"))
    double.meta[_DONE] = True
    rounded = _cast_call(node, "AK_INTEGER_DOUBLE", double,
                         exp.Literal.string(f"double NaN to {target.lower()}"))
    checked = _cast_call(node, "AK_INTEGER_TEXT", text, exp.Literal.string(_CAST_NAMES[target]))
    like = exp.TryCast if isinstance(node, exp.TryCast) else exp.Cast  # try_cast stays one
    branches = [
        exp.If(this=exp.In(this=duck_type, expressions=[exp.Literal.string("DOUBLE"),
                                                        exp.Literal.string("FLOAT")]),
               true=_done_cast(rounded, kind, like)),
        exp.If(this=exp.EQ(this=duck_type.copy(), expression=exp.Literal.string("VARCHAR")),
               true=_done_cast(checked, kind, like)),
    ]
    return exp.Case(ifs=branches, default=_done_cast(source.copy(), kind, like))


def _done_cast(value: exp.Expression, to: exp.DataType,
               like: type[exp.Cast] = exp.Cast) -> exp.Expression:
    cast = like(this=value, to=to.copy())
    cast.meta[_DONE] = True
    return cast


def _cast_call(node: exp.Expression, name: str, *args: exp.Expression) -> exp.Expression:
    """The macro doing the cast ``node``; for ``try_cast``, marked for its NULL-answering twin
    (:mod:`athenakit.local.trys`), which its operand does not get."""
    call = _call(name, *args)
    if isinstance(node, exp.TryCast):
        call.meta[CAST_OF_TRY] = True
    return call



def _trino_type(node: exp.Expression) -> str:
    if isinstance(node, exp.Array) and node.expressions:
        inner = rounding.integer_type(node.expressions[0])
        return f"array({(inner or 'unknown').lower()})"
    if node.type is not None and not node.type.is_type(exp.DType.UNKNOWN):
        return node.type.sql(dialect="trino").lower()
    return "array" if isinstance(node, exp.Array) else "map" if isinstance(
        node, exp.Map | exp.VarMap) else "row"


def _recast(node: exp.Expression, inner: exp.Expression) -> exp.Expression:
    node.meta[_DONE] = True
    node.set("this", inner)
    return node


def _decimal_literal(node: exp.Expression) -> exp.Expression:
    found = decimals.shape(node)
    if found is None:
        return node
    precision, scale = found
    node.meta[_DONE] = True
    node.set("to", exp.DataType.build(f"DECIMAL({max(precision, scale, 1)}, {scale})"))
    return node


def between(node: exp.Expression) -> exp.Expression:
    """``x BETWEEN a AND b`` of doubles is ``x >= a AND x <= b`` (so NaN is between nothing;
    DuckDB orders NaN above every number); of ``char(n)`` values too, each comparison then
    padding its two sides (TestCharOperators.testBetween: ``char(4)`` between ``char(5)``
    and ``char(7)``)."""
    sides = (node.this, node.args.get("low"), node.args.get("high"))
    if node.meta.get(_DONE) or not any(_is(s, *_FLOATS, exp.DType.CHAR) for s in sides
                                       if s is not None):
        return node
    low = exp.GTE(this=node.this.copy(), expression=node.args["low"])
    high = exp.LTE(this=node.this.copy(), expression=node.args["high"])
    return exp.Paren(this=exp.And(this=low, expression=high))


def in_list(node: exp.Expression) -> exp.Expression:
    """``x IN (a, b)`` of doubles is ``x = a OR x = b`` (Trino's IN compares with ``=``, so
    NaN is in no list; DuckDB finds NaN in a list holding NaN). NULLs keep IN's three values."""
    items = node.expressions
    if node.meta.get(_DONE) or not items or node.args.get("query") is not None or not any(
            _is(s, *_FLOATS) for s in (node.this, *items)):
        return node
    tests = [exp.EQ(this=node.this.copy(), expression=item.copy()) for item in items]
    return exp.Paren(this=exp.or_(*tests))


def count_if(node: exp.Expression) -> exp.Expression:
    """``count_if(x)``: a count, so 0 over no rows (DuckDB's ``count_if`` is NULL there)."""
    test = exp.Case(ifs=[exp.If(this=node.this.copy(), true=exp.Literal.number(1))])
    return exp.Count(this=test)


def simple_case(node: exp.Expression) -> exp.Expression:
    """``CASE x WHEN a THEN ...`` over doubles or reals, as ``CASE WHEN x = a``: Trino's
    simple CASE compares with ``=``, so a NaN matches nothing (DuckDB's matches a NaN)
    https://trino.io/docs/current/functions/conditional.html#case"""
    operand = node.args.get("this")
    if node.meta.get(_DONE) or operand is None or operand.find(exp.Rand):
        return node
    branches = node.args.get("ifs") or []
    if not any(_is(v, *_FLOATS) for v in [operand, *(b.this for b in branches)]):
        return node
    node.meta[_DONE] = True
    for branch in branches:
        branch.set("this", exp.EQ(this=operand.copy(), expression=branch.this))
    node.set("this", None)
    return node


BY_CLASS: dict[type[exp.Expression], Callable[[exp.Expression], exp.Expression]] = {
    exp.Case: simple_case,
    exp.Div: divide,
    exp.Mod: modulo,
    exp.Neg: negate,
    exp.Cast: cast,
    exp.CountIf: count_if,
    exp.Between: between,
    exp.In: in_list,
    exp.Unhex: lambda n: _call("AK_FROM_HEX", _binary_text(n.this)),
    exp.EQ: compare, exp.NEQ: compare, exp.LT: compare, exp.LTE: compare, exp.GT: compare,
    exp.GTE: compare,
}


def _binary_text(node: exp.Expression) -> exp.Expression:
    from athenakit.local import binaryfuncs

    return binaryfuncs.binary_text(node)


def typeof(args: list[exp.Expression]) -> exp.Expression:
    """``typeof(x)``: Trino's type name. Literals are typed by their text (``'abc'`` is
    ``varchar(3)``, ``TIMESTAMP '2001-08-22 03:04:05'`` a ``timestamp(0)``); other values by
    DuckDB's type spelled as Trino's (:func:`athenakit.local.types.athena_type`)."""
    (arg,) = args
    interval = arg.meta.get(literal_types.MARK, literal_types.kind(arg))
    if interval == literal_types.YM:  # INTERVAL '1' MONTH, and what is built from it
        return exp.Literal.string(literal_types.YEAR_MONTH)
    if isinstance(arg, exp.Literal) and arg.is_string:
        return exp.Literal.string(f"varchar({len(str(arg.this))})")
    if isinstance(arg, exp.Chr | exp.Soundex):  # TestStringFunctions.testChr / testSoundex
        return exp.Literal.string("varchar(1)" if isinstance(arg, exp.Chr) else "varchar(4)")
    if isinstance(arg, exp.Cast) and arg.to.is_type(exp.DType.VARCHAR, exp.DType.CHAR):
        return exp.Literal.string(arg.to.sql(dialect="trino").lower())  # varchar(10), char(3)
    if isinstance(arg, exp.Cast) and "format" not in arg.args \
            and arg.to.is_type(exp.DType.TIMESTAMP, exp.DType.TIMESTAMPTZ, exp.DType.TIME) \
            and isinstance(arg.this, exp.Literal):
        digits = re.search(r"\d:\d\d(?::\d\d(?:\.(\d+))?)?", str(arg.this.this))
        precision = len(digits.group(1) or "") if digits else 0
        if arg.to.is_type(exp.DType.TIME):  # TIME '03:04' is a time(0)
            return exp.Literal.string(f"time({precision})")
        zone = " with time zone" if arg.to.is_type(exp.DType.TIMESTAMPTZ) \
            or zones.zoned_date_literal(arg) else ""
        return exp.Literal.string(f"timestamp({precision}){zone}")
    if arg.type is not None and arg.type.is_type(exp.DType.CHAR) and arg.type.expressions:
        return exp.Literal.string(arg.type.sql(dialect="trino").lower())  # a char(n) value
    kind = arg.type.sql().upper() if arg.type is not None else "UNKNOWN"
    texty = any(word in kind for word in ("CHAR", "TEXT", "UNKNOWN"))
    inner = [n for n in arg.walk() if n is not arg]
    if texty and any(isinstance(n, exp.Literal) and n.is_string
                     and not isinstance(n.parent, exp.Cast | exp.AtTimeZone)
                     or isinstance(n, exp.Chr | exp.Soundex)
                     or isinstance(n, exp.Cast) and n.to.is_type(
                         exp.DType.VARCHAR) and bool(n.to.expressions) for n in inner):
        raise UnsupportedLocally("typeof of an expression built from a varchar literal",
                                 hint="Trino gives it a bounded varchar(n) type")
    if texty and any(n.type is not None and n.type.is_type(exp.DType.CHAR) for n in inner):
        raise UnsupportedLocally("typeof of an expression built from a char(n) value",
                                 hint="Trino's string functions keep char(n) types")
    duck = _call("TYPEOF", arg)
    if interval == literal_types.MAYBE:  # an interval, but which one?
        refuse = _call("ERROR", exp.Literal.string(decimals.REFUSED + literal_types.REFUSAL))
        return exp.Case(ifs=[exp.If(this=exp.Like(this=duck.copy(), expression=exp.Literal.string(
            "%INTERVAL%")), true=refuse)], default=_call("AK_ATHENA_TYPE", duck))
    return _call("AK_ATHENA_TYPE", duck)

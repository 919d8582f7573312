"""Casts of numbers, booleans and text whose answer differs in DuckDB.

* A cast of a ``double`` to an integer type rounds half away from zero (Java's ``Math.round``
  for the value's sign); DuckDB rounds half to even. A ``varchar`` cast to an integer type
  must spell an integer (``'1.5'`` fails with ``INVALID_CAST_ARGUMENT``); DuckDB rounds it.
  https://trino.io/docs/current/functions/conversion.html
* ``CAST(double AS varchar)`` is Trino's scientific text (``3.77E1``, ``1.0E10``; javatext),
  a decimal's keeps its leading zero (``0.5``), and ``varchar(n)`` fails where the text is
  longer than n.
* ``DECIMAL '1.000'`` is a ``decimal(4, 3)``: its type comes from its text.
  https://trino.io/docs/current/language/types.html#decimal
* Casts to ``decimal(p, s)`` are :mod:`athenakit.local.decimalcasts`'; from doubles and text
  of unknown type, :mod:`athenakit.local.floatcasts`'.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator

from sqlglot import exp

from athenakit.errors import QueryError
from athenakit.local import decimalcasts, decimals, rounding
from athenakit.local.errors import REFUSED
from athenakit.local.nodes import CANNOT_FAIL, CAST_OF_TRY, DONE, FLOATS, typed
from athenakit.local.nodes import call as _call

_INTEGERS = {exp.DType.TINYINT: "TINYINT", exp.DType.SMALLINT: "SMALLINT",
             exp.DType.INT: "INTEGER", exp.DType.BIGINT: "BIGINT"}
# Trino's names in "Cannot cast '...' to X"
_CAST_NAMES = {"TINYINT": "TINYINT", "SMALLINT": "SMALLINT", "INTEGER": "INT",
               "BIGINT": "BIGINT"}

DIGITS_REFUSAL = "a cast to an integer of a text with digits other than 0 to 9"

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
    # two DuckDB type texts alike but for the widths of their integers (scalarcasts'
    # _elements_by_runtime_type)
    "ak_same_elements": r"""(a, b) AS
        regexp_replace(a, '\b(TINYINT|SMALLINT|INTEGER|BIGINT)\b', 'BIGINT', 'g')
        = regexp_replace(b, '\b(TINYINT|SMALLINT|INTEGER|BIGINT)\b', 'BIGINT', 'g')""",
    # varchar to an integer type: an optionally signed run of digits and nothing else, blanks
    # included (FromVarchar: Integer.parseInt / Long.parseLong of the text; a char(n) is trimmed
    # first, by the caller; Java's other Unicode digits are refused by _integer_text)
    "ak_integer_text": """(s, target) AS CASE WHEN s IS NULL THEN NULL
        WHEN regexp_full_match(s, '[+-]?[0-9]+') THEN s
        ELSE error('INVALID_CAST_ARGUMENT: Cannot cast ''' || s || ''' to ' || target) END""",
    # varchar to boolean: Trino reads true/false, t/f and 1/0 (any case), nothing else
    "ak_boolean_text": """(s) AS CASE WHEN s IS NULL THEN NULL
        WHEN lower(s) IN ('true', 't', '1') THEN true WHEN lower(s) IN ('false', 'f', '0')
        THEN false ELSE error('INVALID_CAST_ARGUMENT: Cannot cast ''' || s || ''' to BOOLEAN')
        END""",
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


def cast(node: exp.Expression) -> exp.Expression:
    """Casts whose answer differs in DuckDB (integers from text and doubles, doubles to text,
    decimal literals)."""
    if node.meta.get(DONE) or not isinstance(node, exp.Cast):
        return node
    to, source = node.to, node.this
    if to.is_type(exp.DType.VARCHAR) and to.expressions:
        bounded = _bounded_text(node)
        if bounded is not None:
            return bounded
    if isinstance(node, exp.TryCast) and to.is_type(exp.DType.VARCHAR) and not to.expressions \
            and typed(source, *FLOATS):
        return _call(_float_text(source), source)  # cannot fail
    if isinstance(node, exp.TryCast) and to.is_type(exp.DType.VARCHAR):
        # a decimal's text cannot fail: printed as Trino prints it (0.5, not DuckDB's .5)
        plain = not to.expressions and (decimals.is_decimal(source) or decimals.unknown(
            source) and not isinstance(source, exp.ParseJSON))
        return _call("AK_DECIMAL_TEXT", source) if plain else node
    target = next((name for dtype, name in _INTEGERS.items() if to.is_type(dtype)), None)
    if target and typed(source, exp.DType.VARCHAR, exp.DType.CHAR, exp.DType.TEXT):
        # (a char(n) is trimmed: CharOperators.castToBigint, ...; a varchar is not)
        text = exp.Trim(this=source) if typed(source, exp.DType.CHAR) else source
        return _recast(node, _integer_text(node, text, target))
    if to.is_type(exp.DType.BOOLEAN) and typed(source, exp.DType.VARCHAR, exp.DType.CHAR,
                                             exp.DType.TEXT):
        node.meta[DONE] = True
        return _cast_call(node, "AK_BOOLEAN_TEXT", source)
    if target == "BIGINT" and typed(source, exp.DType.FLOAT):
        return _recast(node, _cast_call(node, "AK_BIGINT_REAL", source))
    if target and typed(source, *FLOATS):
        kind = "double" if typed(source, exp.DType.DOUBLE) else "real"
        return _recast(node, _cast_call(node, "AK_INTEGER_DOUBLE", source, exp.Literal.string(
            f"{kind} NaN to {target.lower()}")))
    if target and decimals.unknown(source):
        return _integer_by_runtime_type(node, target)
    if to.is_type(exp.DType.DECIMAL) and to.expressions:
        return decimalcasts.cast(node)
    structured = isinstance(source, exp.Array | exp.Map | exp.VarMap | exp.Struct) or typed(
        source, exp.DType.ARRAY, exp.DType.MAP, exp.DType.STRUCT)
    if to.is_type(exp.DType.VARCHAR) and structured:
        # Trino has no cast from a structured value to varchar (DuckDB prints it)
        # https://trino.io/docs/current/functions/conversion.html#cast
        kind = _trino_type(source)
        raise QueryError("query failed", state="FAILED", category=2,
                         reason=f"TYPE_MISMATCH: Cannot cast {kind} to varchar")
    if structured_target(to) and isinstance(source, exp.Column) and decimals.unknown(source) \
            and not node.meta.get(_ELEMENTS):
        return _elements_by_runtime_type(node)
    if structured_target(to) and any(t.is_type(exp.DType.VARCHAR, exp.DType.CHAR) and
                                     t.expressions for t in to.find_all(exp.DataType)):
        return _bounded_elements(node)
    if structured_target(to) and to.find(exp.DataType) is not None and any(
            t.is_type(exp.DType.VARCHAR, exp.DType.CHAR) for t in to.find_all(exp.DataType)):
        return _fraction_elements_refused(node)
    if to.is_type(exp.DType.VARCHAR) and not to.expressions and typed(source, *FLOATS):
        return _call(_float_text(source), source)
    if to.is_type(exp.DType.DECIMAL) and not to.expressions and "format" not in node.args:
        return decimal_literal(node)
    if to.is_type(exp.DType.VARCHAR) and not to.expressions and decimals.is_decimal(source):
        return _call("AK_DECIMAL_TEXT", source)
    if to.is_type(exp.DType.VARCHAR) and not to.expressions and decimals.unknown(source) \
            and not isinstance(source, exp.ParseJSON):
        # a double as Java prints it, a JSON value's scalar, a decimal(p,p) with its zero; an
        # array, map or row Trino does not cast to varchar (its analyzer fails the query)
        duck_type = _call("TYPEOF", source.copy())
        container = exp.or_(*(exp.Like(this=duck_type.copy(), expression=exp.Literal.string(t))
                              for t in ("%[]", "MAP(%", "STRUCT(%")))
        refuse = _call("ERROR", exp.Literal.string(REFUSED + CONTAINER_TEXT_REFUSAL))
        return exp.Case(ifs=[exp.If(this=container, true=refuse)],
                        default=_call("AK_ELEMENT_TEXT", source))
    return node


def _bounded_text(node: exp.Expression) -> exp.Expression | None:
    """``CAST(x AS varchar(n))`` of a number or boolean: its ``varchar`` text, or Trino's
    failure when that is longer than n (DuckDB would cut it; TestSmallintOperators,
    TestRealOperators.testCastToVarchar)."""
    assert isinstance(node, exp.Cast)
    source, size = node.this, node.to.expressions[0]
    if typed(source, *FLOATS):
        text = _call(_float_text(source), source)
    elif decimals.is_decimal(source):
        text = _call("AK_DECIMAL_TEXT", source)
    elif rounding.integer_type(source) or isinstance(source, exp.Boolean) or typed(
            source, exp.DType.BOOLEAN):
        text = _done_cast(source, exp.DataType.build("VARCHAR"))
    else:
        return None
    limit = size.this if isinstance(size, exp.DataTypeParam) else size
    if not limit.name.isdigit():
        return None
    return _cast_call(node, "AK_VARCHAR_FIT", source.copy(), text,
                      exp.Literal.number(int(limit.name)))


_ELEMENTS = "ak_elements_checked"
ELEMENTS_REFUSAL = ("a cast of an array, map or row whose type is known only at run time to "
                    "another element type")


def _elements_by_runtime_type(node: exp.Cast) -> exp.Expression:
    """A cast to an array, map or row of a column whose type only DuckDB knows (of a set
    operation's branches, ...): element by element as Trino casts them
    (:mod:`athenakit.local.container_casts`) is written only for known types, so it is
    refused while running unless the value already has the target's element types (integers
    of other widths aside: DuckDB's integer casts fail out of range as Trino's do) or is
    JSON (:mod:`athenakit.local.jsoncasts`)."""
    node.meta[_ELEMENTS] = True
    kind = _call("TYPEOF", node.this.copy())
    target = _call("TYPEOF", exp.Cast(this=exp.Null(), to=node.to.copy()))
    apart = exp.and_(exp.Not(this=_call("AK_SAME_ELEMENTS", kind, target)),
                     exp.Not(this=exp.In(this=kind.copy(), expressions=[
                         exp.Literal.string("JSON"), exp.Literal.string('"NULL"')])))
    refuse = _call("ERROR", exp.Literal.string(REFUSED + ELEMENTS_REFUSAL))
    return exp.Case(ifs=[exp.If(this=apart, true=refuse)], default=node)


def _bounded_elements(node: exp.Cast) -> exp.Expression:
    """``CAST(x AS ARRAY(varchar(3)))`` and the like: Trino cuts each text to n characters
    (pads it to n for ``char(n)``); DuckDB's text has no length, so a value with a text that
    is not so already is refused while running."""
    node.meta[DONE] = True
    check = _misfit(node.copy(), node.to, itertools.count())
    if check is None:
        return node
    refuse = _call("ERROR", exp.Literal.string(REFUSED + BOUNDED_ELEMENTS_REFUSAL))
    return exp.Case(ifs=[exp.If(this=check, true=refuse)], default=node)


def _misfit(value: exp.Expression, kind: exp.DataType,
            names: Iterator[int]) -> exp.Expr | None:
    """Whether a text inside ``value`` (of type ``kind``) is longer than its ``varchar(n)``
    or not n characters long for its ``char(n)``; None where ``kind`` bounds no text."""
    if kind.is_type(exp.DType.VARCHAR, exp.DType.CHAR):
        if not kind.expressions:
            return None
        size = kind.expressions[0]
        limit = exp.Literal.number(int((size.this if isinstance(size, exp.DataTypeParam)
                                        else size).name))
        length = _call("LENGTH", value)
        return exp.GT(this=length, expression=limit) if kind.is_type(
            exp.DType.VARCHAR) else exp.NEQ(this=length, expression=limit)
    if kind.is_type(exp.DType.ARRAY, exp.DType.MAP):
        parts = [value] if kind.is_type(exp.DType.ARRAY) else [
            _call("MAP_KEYS", value), _call("MAP_VALUES", value.copy())]
        checks = [_any_element(part, element, names)
                  for part, element in zip(parts, kind.expressions, strict=True)]
        found = [c for c in checks if c is not None]
        return exp.or_(*found) if found else None
    fields = [_misfit(_call("STRUCT_EXTRACT", value.copy(), exp.Literal.string(f.name)),
                      f.args["kind"], names) for f in kind.expressions
              if isinstance(f, exp.ColumnDef)]
    found = [_call("COALESCE", c, exp.false()) for c in fields if c is not None]
    return exp.or_(*found) if found else None


def _any_element(items: exp.Expression, element: exp.DataType,
                 names: Iterator[int]) -> exp.Expr | None:
    name = f"__ak_bounded{next(names)}"
    inner = _misfit(exp.column(name), element, names)
    if inner is None:
        return None
    each = exp.Lambda(this=inner, expressions=[exp.to_identifier(name)])
    return _call("COALESCE", _call("LIST_BOOL_OR", _call("LIST_TRANSFORM", items, each)),
                 exp.false())


def _float_text(source: exp.Expression) -> str:
    """The Python function printing ``source``, a double or real, as ``CAST(x AS varchar)``."""
    return "AK_VARCHAR_DOUBLE" if typed(source, exp.DType.DOUBLE) else "AK_VARCHAR_REAL"


CONTAINER_TEXT_REFUSAL = ("CAST to varchar of an array, map or row whose type is known only at "
                          "run time")
BOUNDED_ELEMENTS_REFUSAL = ("a cast of a text inside an array, map or row to varchar(n) or char(n) "
                            "that would cut or pad it")
FRACTION_REFUSAL = "a cast of a decimal(p,p) inside an array, map or row to varchar"


def structured_target(to: exp.DataType) -> bool:
    return to.is_type(exp.DType.ARRAY, exp.DType.MAP, exp.DType.STRUCT)


def _fraction_elements_refused(node: exp.Expression) -> exp.Expression:
    """``CAST(x AS ARRAY(VARCHAR))`` and the like: refused while running where ``x`` holds a
    ``decimal(p, p)``, whose elements DuckDB prints without their zero (``.5``; Trino's
    ``0.5``)."""
    node.meta[DONE] = True
    kind = _call("TYPEOF", node.this.copy())
    refuse = _call("ERROR", exp.Literal.string(REFUSED + FRACTION_REFUSAL))
    return exp.Case(ifs=[exp.If(this=_call("AK_FRACTION_DECIMAL", kind), true=refuse)],
                    default=node)


def _integer_by_runtime_type(node: exp.Expression, target: str) -> exp.Expression:
    """A cast to an integer type of a value whose type only DuckDB knows: each branch does
    what Trino does for that type (doubles round half away from zero, text must spell an
    integer)."""
    source, kind = node.this, exp.DataType.build(target)
    duck_type = _call("TYPEOF", source.copy())
    text = exp.Cast(this=source.copy(), to=exp.DataType.build("VARCHAR"))
    text.meta[DONE] = True
    double = exp.Cast(this=text.copy(), to=exp.DataType.build("DOUBLE"))
    double.meta[DONE] = True
    rounded = _cast_call(node, "AK_INTEGER_DOUBLE", double,
                         exp.Literal.string(f"double NaN to {target.lower()}"))
    # (strictly: _integer_text's refusals in the statement would make every try(...) around
    # such a cast refuse, a lambda's included; a macro may raise no refusal, as try would turn
    # it into NULL. Blanks around a number fail here, as in Trino before #23375)
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


def _integer_text(node: exp.Expression, text: exp.Expression, target: str) -> exp.Expression:
    """``text`` read as Trino reads an integer; a text of other Unicode decimal digits (which
    Java's parseInt takes: ``'١٢'`` is 12) refused, in the statement, where ``try`` and
    ``try_cast`` let a refusal through."""
    other, ascii_digits = _digits(text, "\\p{Nd}"), _digits(text, "[0-9]")
    refuse = _call("ERROR", exp.Literal.string(REFUSED + DIGITS_REFUSAL))
    checked = _cast_call(node, "AK_INTEGER_TEXT", text, exp.Literal.string(_CAST_NAMES[target]))
    return decimalcasts.blanks_refused(text, lambda stripped: _digits(stripped, "\\p{Nd}"), exp.Case(
        ifs=[exp.If(this=exp.and_(other, exp.not_(ascii_digits)), true=refuse)],
        default=checked))


def _digits(text: exp.Expression, digit: str) -> exp.Expression:
    """``text`` is an optionally signed run of ``digit`` (a test that cannot fail)."""
    found = _call("REGEXP_FULL_MATCH", text.copy(), exp.Literal.string(f"[+-]?{digit}+"))
    found.meta[CANNOT_FAIL] = True
    return found


def _done_cast(value: exp.Expression, to: exp.DataType,
               like: type[exp.Cast] = exp.Cast) -> exp.Expression:
    cast = like(this=value, to=to.copy())
    cast.meta[DONE] = True
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
    node.meta[DONE] = True
    node.set("this", inner)
    return node


def decimal_literal(node: exp.Expression) -> exp.Expression:
    """``DECIMAL '1.50'`` (a cast to a bare ``DECIMAL``) typed by its text: ``decimal(3, 2)``."""
    found = decimals.shape(node)
    if found is None:
        return node
    precision, scale = found
    node.meta[DONE] = True
    node.set("to", exp.DataType.build(f"DECIMAL({max(precision, scale, 1)}, {scale})"))
    return node

"""Trino's numeric semantics where DuckDB's differ: double division, comparisons, ``typeof``.

* ``double`` (and ``real``) division and modulus by zero give ``Infinity`` / ``NaN`` in Trino;
  DuckDB fails. https://trino.io/docs/current/functions/math.html
* NaN equals nothing and orders with nothing (``=``, ``<``, ``BETWEEN``, ``IN``, simple CASE).
* ``-x`` of an integer type's least value overflows.
* ``count_if`` over no rows is 0.
* ``typeof(x)`` is Trino's type name.

Casts are :mod:`athenakit.local.scalarcasts`'.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from sqlglot import exp

from athenakit.local import (
    decimals,
    literal_types,
    overflow,
    rounding,
    runtime_numbers,
    time_precision,
    zones,
)
from athenakit.local.errors import REFUSED, UnsupportedLocally
from athenakit.local.nodes import FLOATS, VALUE_GUARD, typed
from athenakit.local.nodes import call as _call

_DONE = "ak_done"
_WIDTHS = ("TINYINT", "SMALLINT", "INTEGER", "BIGINT")  # narrowest first

MACROS: dict[str, str] = {
    # x / y and x % y for doubles: IEEE-754 on a zero divisor, as in Java.
    # (a NULL operand makes the quotient NULL, whatever the divisor)
    "ak_double_div": """(a, b) AS CASE WHEN a IS NULL OR b IS NULL THEN NULL WHEN b = 0 THEN CASE
        WHEN a > 0 THEN CAST('Infinity' AS DOUBLE) WHEN a < 0 THEN CAST('-Infinity' AS DOUBLE)
        ELSE CAST('NaN' AS DOUBLE) END ELSE a / b END""",
    # Java's % on doubles; NaN for a zero divisor or an infinite dividend (the Python
    # function returns NULL for NaN, which DuckDB would not keep)
    "ak_double_mod": """(a, b) AS CASE WHEN a IS NULL OR b IS NULL THEN NULL
        WHEN b = 0 OR isinf(a) OR isnan(a) OR isnan(b)
        THEN CAST('NaN' AS DOUBLE) ELSE ak_java_mod(a, b) END""",
    # sign of a double is a double (NaN stays NaN)
    "ak_sign_double": """(x) AS CASE WHEN isnan(x) THEN x ELSE CAST(sign(x) AS DOUBLE) END""",
    # from_hex takes an even number of hex digits
    "ak_from_hex": """(s) AS CASE WHEN length(s) % 2 = 1 THEN error(
        'INVALID_FUNCTION_ARGUMENT: invalid input length ' || CAST(length(s) AS VARCHAR))
        ELSE unhex(s) END""",
    # -x of an integer type: its least value has no negation (Trino: "bigint negation
    # overflow: -9223372036854775808"; DuckDB names neither type nor value)
    "ak_negate": """(x, kind, least) AS CASE WHEN x = least AND typeof(x) = typeof(least)
        THEN (CASE WHEN CAST('NUMERIC_VALUE_OUT_OF_RANGE: ' || kind || ' negation overflow: '
                             || CAST(x AS VARCHAR) AS INTEGER) = 0 THEN NULL END)
        ELSE -x END""",
}



def _double_operands(node: exp.Expression) -> bool:
    return typed(node.this, *FLOATS) or typed(node.expression, *FLOATS)


def divide(node: exp.Expression) -> exp.Expression:
    """``x / y``: IEEE-754 for doubles, exact for decimals (:mod:`decimals`)."""
    if node.meta.get(_DONE):
        return node
    if _double_operands(node):
        call = _call("AK_DOUBLE_DIV", node.this, node.expression)
        real = exp.DataType.build("REAL")
        return exp.Cast(this=call, to=real) if typed(node, exp.DType.FLOAT) else call
    wider = _integer_result(node)
    if wider is not None:  # DuckDB's integer division widens to bigint
        node.meta[_DONE] = True
        return exp.Cast(this=node, to=exp.DataType.build(wider))
    return decimals.divide(node)


def _integer_result(node: exp.Expression) -> str | None:
    kinds = [rounding.integer_type(node.this), rounding.integer_type(node.expression)]
    if None in kinds:
        return None
    return max(kinds, key=lambda k: _WIDTHS.index(str(k)))


def compare(node: exp.Expression) -> exp.Expression:
    """Comparisons of doubles: NaN equals nothing and orders with nothing (DuckDB treats
    NaN as equal to itself and greater than every number); chosen while DuckDB binds where
    an operand's type is known only then (:mod:`athenakit.local.runtime_numbers`)."""
    if node.meta.get(_DONE):
        return node
    if isinstance(node.expression, exp.Any | exp.All):
        return _quantified(node)
    if _double_operands(node):
        return _nan_compare(node, lambda side: _call("ISNAN", side.copy()))
    floating = runtime_numbers.floating(node, node.this, node.expression)
    if floating is None:
        return node
    return runtime_numbers.choose(floating, _nan_compare(node.copy(), runtime_numbers.isnan), node)


QUANTIFIED_REFUSAL = "a quantified comparison (ANY, SOME, ALL) of doubles or reals"


def _one_column(query: exp.Select) -> bool:
    """``SELECT * FROM r`` of a relation of one column (known before DuckDB runs)."""
    from athenakit.local.nodes import relations_of
    from athenakit.local.relations import column_count

    relations = relations_of(query)
    return len(relations) == 1 and column_count(relations[0]) == 1


def _quantified(node: exp.Expression) -> exp.Expression:
    """``x = ANY (SELECT y ...)``, ``x < ALL (...)``: refused while running where ``x`` or the
    subquery's value is a ``double`` or ``real`` (a NaN equals and orders with nothing in
    Trino, DuckDB finds it equal to itself and above every number)."""
    node.meta[_DONE] = True
    refuse = _call("ERROR", exp.Literal.string(REFUSED + QUANTIFIED_REFUSAL))
    query = node.expression.this.unnest() if isinstance(node.expression.this, exp.Subquery) \
        else node.expression.this
    if isinstance(query, exp.Select) and len(query.expressions) == 1 and query.is_star \
            and _one_column(query):
        # ``ALL (SELECT * ...)``: its one column named, to be guarded (DuckDB takes no star
        # inside an expression)
        named = exp.column("_c0", table="_q", quoted=True)
        wrapped = exp.Select(expressions=[named]).from_(exp.Subquery(
            this=query.copy(), alias=exp.TableAlias(this=exp.to_identifier("_q"), columns=[
                exp.to_identifier("_c0", quoted=True)])))
        query.replace(wrapped)
        query = wrapped
    if isinstance(query, exp.Select) and len(query.expressions) == 1:
        item = query.expressions[0]
        value = item.unalias()
        value.replace(_unless_floating(value, refuse.copy()))
    if typed(node.this, *FLOATS):
        raise UnsupportedLocally(QUANTIFIED_REFUSAL)
    return _unless_floating(node, refuse) if decimals.unknown(node.this) else node


def _unless_floating(value: exp.Expression, refuse: exp.Expression) -> exp.Expression:
    """``value``, or ``refuse`` where DuckDB types it a double or real (folded when binding)."""
    floating = runtime_numbers.is_floating(value)
    default = value.copy()
    default.meta[_DONE] = True
    return exp.Case(ifs=[exp.If(this=floating, true=refuse)], default=default)


def _nan_compare(node: exp.Expression,
                 isnan: Callable[[exp.Expression], exp.Expression]) -> exp.Expression:
    node.meta[_DONE] = True
    a, b = node.this, node.expression
    # DuckDB's x = y holds for a NaN only where both are NaN: one test of x suffices, and the
    # equality stays a conjunct (a join on it keeps its hash join). The IS NULL tests keep
    # NaN = NULL a NULL.
    if isinstance(node, exp.EQ):
        return exp.Paren(this=exp.and_(node, exp.or_(exp.not_(isnan(a)), exp.Is(
            this=b.copy(), expression=exp.Null())), copy=False))
    if isinstance(node, exp.NEQ):
        return exp.Paren(this=exp.or_(node, exp.and_(isnan(a), exp.not_(exp.Is(
            this=b.copy(), expression=exp.Null()))), copy=False))
    nan = exp.or_(isnan(a), isnan(b))
    unknown = exp.or_(exp.Is(this=a.copy(), expression=exp.Null()),
                      exp.Is(this=b.copy(), expression=exp.Null()))
    return exp.Case(ifs=[exp.If(this=unknown, true=exp.Null()),  # NaN < NULL is NULL
                         exp.If(this=nan, true=exp.false())], default=node)


def modulo(node: exp.Expression) -> exp.Expression:
    """``x % y`` of doubles: NaN for a zero divisor, as in Java."""
    if node.meta.get(_DONE):
        return node
    if not _double_operands(node):
        return decimals.modulo(overflow.widen(node))  # decimals: Trino's result type
    call = _call("AK_DOUBLE_MOD", node.this, node.expression)
    # real % real is a real (TestRealOperators.testModulus); the remainder is exact
    return exp.Cast(this=call, to=exp.DataType.build("REAL")) if typed(
        node, exp.DType.FLOAT) else call


_LEAST = {"TINYINT": -2**7, "SMALLINT": -2**15, "INTEGER": -2**31, "BIGINT": -2**63}


def negate(node: exp.Expression) -> exp.Expression:
    """``-x`` of an integer type: Trino's overflow failure for the type's least value
    (``-(-9223372036854775808)``, which DuckDB would widen to a HUGEINT)."""
    inner = node.this.this if isinstance(node.this, exp.Paren) else node.this
    if isinstance(inner, exp.Literal):  # -5: a negative literal
        if inner is node.this and inner.is_int and int(inner.name) == 2**31 \
                and not node.meta.get(_DONE):
            # Trino reads -2147483648 as one integer literal (round(x, -2147483648) takes it
            # as round's integer); DuckDB negated the BIGINT 2147483648
            negative = node.copy()
            negative.meta[_DONE] = True
            return exp.Cast(this=negative, to=exp.DataType.build("INT"))
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


def between(node: exp.Expression) -> exp.Expression:
    """``x BETWEEN a AND b`` of doubles is ``x >= a AND x <= b`` (so NaN is between nothing;
    DuckDB orders NaN above every number); of ``char(n)`` values too, each comparison then
    padding its two sides (TestCharOperators.testBetween: ``char(4)`` between ``char(5)``
    and ``char(7)``)."""
    sides = (node.this, node.args.get("low"), node.args.get("high"))
    if node.meta.get(_DONE):
        return node
    if any(typed(s, *FLOATS, exp.DType.CHAR) for s in sides if s is not None):
        return _conjunction(node, lambda test: test)
    floating = runtime_numbers.floating(node, *(s for s in sides if s is not None))
    return node if floating is None else runtime_numbers.choose(
        floating, _conjunction(node.copy(), _aware), node)


def _aware(test: exp.Expression) -> exp.Expression:
    """``test`` (a comparison of a double whose type only DuckDB knows) NaN-aware."""
    return _nan_compare(test, runtime_numbers.isnan)


def _conjunction(node: exp.Expression,
                 made: Callable[[exp.Expression], exp.Expression]) -> exp.Expression:
    low = exp.GTE(this=node.this.copy(), expression=node.args["low"])
    high = exp.LTE(this=node.this.copy(), expression=node.args["high"])
    return exp.Paren(this=exp.And(this=made(low), expression=made(high)))


def in_list(node: exp.Expression) -> exp.Expression:
    """``x IN (a, b)`` of doubles is ``x = a OR x = b`` (Trino's IN compares with ``=``, so
    NaN is in no list; DuckDB finds NaN in a list holding NaN). NULLs keep IN's three values."""
    items = node.expressions
    if node.meta.get(_DONE) or not items or node.args.get("query") is not None:
        return node
    if any(typed(s, *FLOATS) for s in (node.this, *items)):
        return _disjunction(node, lambda test: test)
    floating = runtime_numbers.floating(node, node.this, *items)
    if floating is None:
        return node
    return runtime_numbers.choose(floating, _disjunction(node.copy(), _aware), node)


def _disjunction(node: exp.Expression,
                 made: Callable[[exp.Expression], exp.Expression]) -> exp.Expression:
    tests = [made(exp.EQ(this=node.this.copy(), expression=item.copy()))
             for item in node.expressions]
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
    if node.meta.get(_DONE) or operand is None:
        return node
    values = [operand, *(b.this for b in node.args.get("ifs") or [])]
    if any(typed(v, *FLOATS) for v in values):
        return _searched(node, lambda test: test)
    floating = runtime_numbers.floating(node, *values)
    return node if floating is None else runtime_numbers.choose(
        floating, _searched(node.copy(), _aware), node)


def _searched(node: exp.Expression,
              made: Callable[[exp.Expression], exp.Expression]) -> exp.Expression:
    node.meta[_DONE] = True
    operand = node.args["this"]
    for branch in node.args.get("ifs") or []:
        branch.set("this", made(exp.EQ(this=operand.copy(), expression=branch.this)))
    node.set("this", None)
    return node


BY_CLASS: dict[type[exp.Expression], Callable[[exp.Expression], exp.Expression]] = {
    exp.Case: simple_case,
    exp.Div: divide,
    exp.Mod: modulo,
    exp.Neg: negate,
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


# DuckDB keeps no varchar lengths and stores every timestamp in microseconds
_TYPEOF_REFUSAL = ("typeof of a varchar, time or timestamp value whose length or precision "
                   "only the subquery knows")


def _typed_as(arg: exp.Expression, name: str) -> exp.Expression:
    """The type name ``name`` of ``arg``; still computed from ``arg`` where it holds an
    aggregate or window function, so the query keeps its grouping (one row for
    ``typeof(max('a'))``)."""
    text = exp.Literal.string(name)
    if arg.find(exp.AggFunc, exp.Window) is None:
        return text
    return exp.Case(ifs=[exp.If(this=exp.Is(this=arg, expression=exp.Null()), true=text)],
                    default=text.copy())


# the calls of a guard (operator_guards): their texts are messages and type names, no values
_GUARD_CALLS = {"ERROR", "TYPEOF", "AK_FITS_CODE", "AK_TYPES_CLASH", "AK_TYPE_FAMILY",
                "STRUCT_EXTRACT"}


def _guard_call(node: exp.Expr) -> bool:
    return isinstance(node, exp.Anonymous) and node.name.upper() in _GUARD_CALLS


def _bounded_text(arg: exp.Expression) -> str | None:
    """Trino's bounded text type of ``to_base`` (MathFunctions.toBase: ``varchar(64)``) and
    ``to_iso8601`` (of a date ``varchar(16)``; of a ``timestamp(p)`` ``22 + min(p, 1) + p``
    characters and 6 more with a zone: ToIso8601's ``@Constraint``); None for another call."""
    if not isinstance(arg, exp.Anonymous) or arg.name.upper() not in ("TO_BASE", "TO_ISO8601"):
        return None
    if arg.name.upper() == "TO_BASE":
        return "varchar(64)"
    value = arg.expressions[0] if arg.expressions else None
    if value is None or value.type is None or not value.type.is_type(
            exp.DType.DATE, exp.DType.TIMESTAMP, exp.DType.TIMESTAMPTZ):
        return None
    if value.type.is_type(exp.DType.DATE):
        return "varchar(16)"
    digits = time_precision.digits(value)
    zone = 6 if value.type.is_type(exp.DType.TIMESTAMPTZ) else 0
    return f"varchar({22 + min(digits, 1) + digits + zone})"


def typeof(args: list[exp.Expression]) -> exp.Expression:
    """``typeof(x)``: Trino's type name. Literals are typed by their text (``'abc'`` is
    ``varchar(3)``, ``TIMESTAMP '2001-08-22 03:04:05'`` a ``timestamp(0)``); other values by
    DuckDB's type spelled as Trino's (:func:`athenakit.local.types.athena_type`)."""
    (arg,) = args
    if arg.meta.get(VALUE_GUARD):  # typeof of the guarded value, failing as the value would
        guarded = arg.copy()
        guarded.set("default", typeof([arg.args["default"]]))
        return guarded
    interval = arg.meta.get(literal_types.MARK, literal_types.kind(arg))
    if interval == literal_types.YM:  # INTERVAL '1' MONTH, and what is built from it
        return exp.Literal.string(literal_types.YEAR_MONTH)
    if isinstance(arg, exp.Literal) and arg.is_string:
        return exp.Literal.string(f"varchar({len(str(arg.this))})")
    sized = _bounded_text(arg)
    if sized is not None:
        return exp.Literal.string(sized)
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
        return _typed_as(arg, arg.type.sql(dialect="trino").lower())  # a char(n) value
    kind = arg.type.sql().upper() if arg.type is not None else "UNKNOWN"
    texty = any(word in kind for word in ("CHAR", "TEXT", "UNKNOWN"))
    inner = [n for n in arg.walk(prune=_guard_call) if n is not arg]
    literal = texty and any(isinstance(n, exp.Literal) and n.is_string
                            and not isinstance(n.parent, exp.Cast | exp.AtTimeZone)
                            or isinstance(n, exp.Chr | exp.Soundex)
                            or isinstance(n, exp.Cast) and n.to.is_type(
                                exp.DType.VARCHAR) and bool(n.to.expressions) for n in inner)
    char = texty and any(n.type is not None and n.type.is_type(exp.DType.CHAR) for n in inner)
    if literal or char:
        from athenakit.local.varchar_widths import text_type

        found = text_type(arg)  # upper('abc') is a varchar(3), 'a' || 'b' a varchar
        if found is not None:
            return _typed_as(arg, found)
    if literal:
        raise UnsupportedLocally("typeof of an expression built from a varchar literal",
                                 hint="Trino gives it a bounded varchar(n) type")
    if char:
        raise UnsupportedLocally("typeof of an expression built from a char(n) value",
                                 hint="Trino's string functions keep char(n) types")
    duck = _call("TYPEOF", arg)
    # a subquery's column, or a value computed from one (lower(s) keeps s's varchar(n)):
    # varchar(n), timestamp(p)?
    unsure = any(isinstance(n, exp.Column) and decimals.unknown(n)
                 for n in arg.walk(prune=_guard_call))
    if unsure:
        bounded = _call("ERROR", exp.Literal.string(REFUSED + _TYPEOF_REFUSAL))
        kept = exp.or_(*(exp.Like(this=duck.copy(), expression=exp.Literal.string(pattern))
                         for pattern in ("%VARCHAR%", "%TIME%")))
        duck = exp.Case(ifs=[exp.If(this=kept, true=bounded)], default=duck)
    if interval == literal_types.MAYBE:  # an interval, but which one?
        refuse = _call("ERROR", exp.Literal.string(REFUSED + literal_types.REFUSAL))
        return exp.Case(ifs=[exp.If(this=exp.Like(this=duck.copy(), expression=exp.Literal.string(
            "%INTERVAL%")), true=refuse)], default=_call("AK_ATHENA_TYPE", duck))
    named = time_precision.typeof_text(arg, _call("AK_ATHENA_TYPE", duck))
    # Trino evaluates typeof's argument (TypeOfFunction takes the value), and so a value's
    # refusal while running (avg of a subquery's decimal) refuses its typeof too: DuckDB
    # folds TYPEOF without evaluating, so the value is made a part of the answer
    if not unsure:
        return named
    evaluated = exp.Cast(this=exp.Is(this=arg.copy(), expression=exp.Null()),
                         to=exp.DataType.build("VARCHAR"))
    evaluated.meta[_DONE] = True
    return _call("CONCAT", named, _call("LEFT", evaluated, exp.Literal.number(0)))

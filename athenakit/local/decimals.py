"""Decimal division, ``avg`` and long sums with Trino's result type, rounding and overflow.

DuckDB divides decimals in double precision; Trino divides exactly into
``decimal(min(38, xp + ys + max(0, ys - xs)), max(xs, ys))``, rounding half away from zero
(https://trino.io/docs/current/language/types.html#decimal). When both operands' decimal shapes
are known (typed columns, casts, ``DECIMAL '...'`` literals, integers as ``decimal(10, 0)`` and
the like), the division is rewritten to the ``ak_decimal_divide`` macro of
:mod:`athenakit.local.compat`, which divides scaled HUGEINTs, and cast to Trino's type; a
result that does not fit fails, as in Trino. ``avg`` of a ``decimal(p, s)`` is a
``decimal(p, s)`` in Trino (a double in DuckDB): it becomes ``sum / count`` through the same
macro (not inside a window or a FILTER clause, where it keeps DuckDB's double).
"""

from __future__ import annotations

from sqlglot import exp

from athenakit.local.errors import REFUSED
from athenakit.local.nodes import CANNOT_FAIL, bound, cast_takes
from athenakit.local.nodes import call as _call

_DONE = "ak_done"

# Trino's integer types as decimals
_INTEGER_DIGITS = {exp.DType.TINYINT: 3, exp.DType.SMALLINT: 5, exp.DType.INT: 10,
                   exp.DType.BIGINT: 19}


def shape(node: exp.Expression) -> tuple[int, int] | None:
    """``(precision, scale)`` of a decimal or integer operand, None when not known."""
    if isinstance(node, exp.Neg | exp.Paren | exp.Abs):  # abs keeps its argument's type
        return shape(node.this)
    if isinstance(node, exp.Cast) and node.to.is_type(exp.DType.DECIMAL) \
            and not node.to.expressions and isinstance(node.this, exp.Literal):
        return literal_shape(str(node.this.this))  # DECIMAL '12.30' is decimal(4, 2)
    if _is_decimal_literal(node):
        return literal_shape(str(node.this))  # 1.50 is decimal(3, 2) in Trino
    kind = node.type
    if kind is None:
        return None
    if kind.is_type(exp.DType.DECIMAL):
        params = [p.this.name if isinstance(p.this, exp.Expression) else str(p.this)
                  for p in kind.expressions]
        if len(params) == 2 and all(p.isdigit() for p in params):
            return int(params[0]), int(params[1])
        return None
    for dtype, digits in _INTEGER_DIGITS.items():
        if kind.is_type(dtype):
            return digits, 0
    return None


def _is_decimal_literal(node: exp.Expression) -> bool:
    return (isinstance(node, exp.Literal) and not node.is_string and "." in str(node.this)
            and "e" not in str(node.this).lower())


def is_decimal(node: exp.Expression) -> bool:
    """True when ``node`` is a decimal (typed, cast or a ``1.5``-style literal)."""
    if isinstance(node, exp.Neg | exp.Paren | exp.Abs):
        return is_decimal(node.this)
    return (_is_decimal_literal(node) or node.type is not None
            and node.type.is_type(exp.DType.DECIMAL)
            or isinstance(node, exp.Cast) and node.to.is_type(exp.DType.DECIMAL))


def literal_shape(text: str) -> tuple[int, int] | None:
    """Trino's ``Decimals.parse``: the integral digits without leading zeros plus the
    scale, at least 1 (``0.5`` is ``decimal(1,1)``, ``DECIMAL '007.50'`` ``decimal(3,2)``)."""
    digits = text.strip().lstrip("+-")
    whole, _, fraction = digits.partition(".")
    if not (whole + fraction).isdigit():
        return None
    return max(1, len(whole.lstrip("0")) + len(fraction)), len(fraction)


def exact_literals(tree: exp.Expression) -> None:
    """Give each decimal literal DuckDB would type otherwise its Trino type (in place).

    DuckDB types ``0.5`` as ``decimal(2,1)`` and ``007.5`` as ``decimal(4,1)``; Trino as
    ``decimal(1,1)`` and ``decimal(2,1)`` (https://trino.io/docs/current/language/types.html
    #decimal). Cast to Trino's type, such a literal gets Trino's type in everything built from
    it (sums, ``round``, ``greatest``, ``CASE``, ``VALUES`` and set operations): DuckDB's
    rules for decimal results are Trino's (``DecimalOperators``, common super types), and
    those that are not are rewritten by this module and :mod:`athenakit.local.rounding`.

    Raises:
        UnsupportedLocally: a literal of more than 38 digits (past Trino's decimals).
    """
    for literal in list(tree.find_all(exp.Literal)):
        whole = str(literal.this).lstrip("+-").partition(".")[0]
        if not _is_decimal_literal(literal) \
                or literal.find_ancestor(exp.TableSample, exp.DataType) is not None:
            continue
        found = literal_shape(str(literal.this))
        if found is not None and found[0] > 38:  # (DuckDB read it as a double)
            from athenakit.local.errors import UnsupportedLocally

            raise UnsupportedLocally("a decimal literal of more than 38 digits")
        if found is not None and whole.startswith("0"):
            literal.replace(exp.Cast(this=literal.copy(), to=exp.DataType.build(
                f"DECIMAL({found[0]}, {found[1]})")))


def divide(node: exp.Expression) -> exp.Expression:
    """``x / y`` on decimals as Trino computes it; anything else unchanged."""
    if node.meta.get(_DONE):
        return node
    left, right = shape(node.this), shape(node.expression)
    if left is None or right is None or not (is_decimal(node.this)
                                             or is_decimal(node.expression)):
        return _refused_if_decimal(node) if unknown(node.this) or unknown(node.expression) \
            else node
    (xp, xs), (yp, ys) = left, right
    precision, scale = min(38, xp + ys + max(0, ys - xs)), max(xs, ys)
    node.meta[_DONE] = True
    if max(xp + xs, yp + ys, xp + ys + scale - xs) > 37:
        # the macro's scaled operands can pass 38 digits (Trino divides in 256 bits)
        texts = [exp.Cast(this=side, to=exp.DataType.build("VARCHAR"))
                 for side in (node.this, node.expression)]
        return exp.Cast(this=exp.Anonymous(this="AK_DECIMAL_QUOTIENT", expressions=[
            *texts, exp.Literal.number(precision), exp.Literal.number(scale)]),
            to=exp.DataType.build(f"DECIMAL({precision}, {scale})"))
    return _exact_divide(node.this, node.expression, (xs, ys, ys + scale - xs), precision, scale)


def add_subtract(node: exp.Expression) -> exp.Expression:
    """``x + y`` / ``x - y`` of decimals where an operand, rescaled to the result's scale,
    passes 38 digits: Trino rescales it in 128 bits (DecimalOperators: ``Decimal overflow``
    past them, or where the result passes 38 digits), DuckDB's cast to ``decimal(38, s)``
    failed (a generic refusal). Computed exactly (:mod:`athenakit.local.exact_decimals`);
    anything else unchanged."""
    if node.meta.get(_DONE) or not (is_decimal(node.this) or is_decimal(node.expression)):
        return node
    left, right = shape(node.this), shape(node.expression)
    if left is None or right is None:
        return node
    scale, digits = max(left[1], right[1]), max(left[0] - left[1], right[0] - right[1])
    if digits + scale <= 38:
        return node
    node.meta[_DONE] = True
    kind = exp.DataType.build(f"DECIMAL({min(38, 1 + scale + digits)}, {scale})")
    # each operand computed once (a cast of a value typed only at run time is long)
    sides: list[exp.Expression] = []
    bindings: list[tuple[exp.Expression, str]] = []
    for i, side in enumerate((node.this, node.expression)):
        if isinstance(side, exp.Column | exp.Literal) or isinstance(side, exp.Cast) and \
                isinstance(side.this, exp.Literal):
            sides.append(side)
        else:
            bindings.append((side, f"ak_d{i}"))
            sides.append(exp.column(f"ak_d{i}"))
    texts = [_done(exp.Cast(this=side.copy(), to=exp.DataType.build("VARCHAR")))
             for side in sides]  # (DuckDB's text of a decimal: Decimal() reads it)
    call = _call("AK_DECIMAL_SUM", *texts, exp.Literal.number(
        -1 if isinstance(node, exp.Sub) else 1), exp.Literal.number(scale))
    # DuckDB's own sum where each operand fits decimal(38, scale) (the common case, without a
    # Python call per row)
    limit = _done(exp.Cast(this=exp.Literal.string("1" + "0" * (38 - scale)),
                           to=exp.DataType.build("DECIMAL(38, 0)")))
    fits = [_done(exp.LT(this=_cannot_fail(_call("ABS", side.copy())), expression=limit.copy()))
            for side, (p, s) in zip(sides, (left, right), strict=True) if p - s + scale > 38]
    total = _done(type(node)(this=sides[0].copy(), expression=sides[1].copy()))
    body: exp.Expression = exp.Case(ifs=[exp.If(this=exp.and_(*fits), true=_done(exp.Cast(
        this=total, to=kind.copy())))], default=_done(exp.Cast(this=call, to=kind)))
    for side, name in reversed(bindings):
        body = bound(side, body, name)
    return body


def _cannot_fail(node: exp.Expression) -> exp.Expression:
    node.meta[CANNOT_FAIL] = True  # (abs of a decimal)
    return node


def _done(node: exp.Expression) -> exp.Expression:
    node.meta[_DONE] = True  # (DuckDB's own comparison and casts: the values fit)
    return node


def unknown(node: exp.Expr) -> bool:
    """True when the type of ``node`` is known only when DuckDB runs it."""
    if isinstance(node, exp.Neg | exp.Paren):
        return unknown(node.this)
    if isinstance(node, exp.Literal | exp.Null):
        return False
    return node.type is None or node.type.is_type(exp.DType.UNKNOWN)


def refused_if_decimal(sides: list[exp.Expression], what: str,
                       answer: exp.Expression) -> exp.Expression:
    """``answer``, refused while running where one of ``sides`` (values whose types only DuckDB
    knows) is a decimal: Trino's result type of ``what`` needs its precision and scale."""
    decimal = exp.or_(*(exp.Like(this=duck_typeof(side), expression=exp.Literal.string(
        "DECIMAL%")) for side in sides))
    refuse = exp.Anonymous(this="ERROR", expressions=[exp.Literal.string(
        f"{REFUSED}{what} of a decimal whose precision and scale are known only at run time")])
    return exp.Case(ifs=[exp.If(this=decimal, true=refuse)], default=answer)


def _refused_if_decimal(node: exp.Expression) -> exp.Expression:
    """``x / y`` of operands whose types are known only when DuckDB runs: refused there if one
    is a decimal (its exact Trino quotient needs the precision and scale)."""
    node.meta[_DONE] = True
    # a double divided by zero is Infinity / NaN in Trino; DuckDB's integer division (which
    # an operand of unknown type goes through) fails, and no one expression gives Infinity
    # for doubles while keeping an integer quotient's type
    double = exp.and_(exp.or_(*(exp.In(this=duck_typeof(side), expressions=[
        exp.Literal.string("DOUBLE"), exp.Literal.string("FLOAT")])
        for side in (node.this, node.expression))),
        exp.EQ(this=node.expression.copy(), expression=exp.Literal.number(0)))
    by_zero = exp.Anonymous(this="ERROR", expressions=[exp.Literal.string(
        f"{REFUSED}division by zero of a double whose type is known only at run time")])
    return refused_if_decimal([node.this, node.expression], "division", exp.Case(
        ifs=[exp.If(this=double, true=by_zero)], default=node))


def _refused_if_decimal_remainder(node: exp.Expression,
                                  sides: list[exp.Expression]) -> exp.Expression:
    """``x % y`` with an operand whose type only DuckDB knows: refused while running where it
    is a decimal (Trino's remainder is a ``decimal(min(p2 - s2, p1 - s1) + max(s1, s2), ...)``,
    DuckDB's keeps the wider type), unless a cast takes the result (only its type differs)."""
    node.meta[_DONE] = True
    return node if cast_takes(node) else refused_if_decimal(
        sides, "remainder", node)


def duck_typeof(node: exp.Expression) -> exp.Expression:
    call = exp.Anonymous(this="TYPEOF", expressions=[node.copy()])
    call.meta[_DONE] = True  # DuckDB's own type name, not Trino's typeof
    return call



def _exact_divide(a: exp.Expression, b: exp.Expression, powers: tuple[int, int, int],
                  precision: int, scale: int) -> exp.Expression:
    """``a / b`` through ``ak_decimal_divide`` as ``decimal(precision, scale)``; ``powers``
    are the exponents of 10 that scale ``a``, ``b`` and the quotient to integers."""
    unit = "1" if scale == 0 else "0." + "0" * (scale - 1) + "1"
    call = exp.Anonymous(this="AK_DECIMAL_DIVIDE", expressions=[
        a, b, *(_hugeint(10 ** p) for p in powers),
        exp.Cast(this=exp.Literal.string(unit),
                 to=exp.DataType.build(f"DECIMAL({min(38, scale + 1)}, {scale})")),
    ])
    call.meta[_DONE] = True
    return exp.Cast(this=call, to=exp.DataType.build(f"DECIMAL({precision}, {scale})"))


def _hugeint(value: int) -> exp.Expression:
    return exp.Cast(this=exp.Literal.number(value), to=exp.DataType.build("HUGEINT",
                                                                          dialect="duckdb"))


def average(node: exp.Expression) -> exp.Expression:
    """``avg`` of a decimal as Trino computes it, also with DISTINCT, FILTER or in a window
    (``node`` is the ``avg``, or the FILTER / window around it); anything else unchanged."""
    avg = node
    while isinstance(avg, exp.Window | exp.Filter):
        avg = avg.this
    wrapped = isinstance(node.parent, exp.Window | exp.Filter) and avg is node
    if node.meta.get(_DONE) or not isinstance(avg, exp.Avg) or wrapped:
        return node
    arg = avg.this.expressions[0] if isinstance(avg.this, exp.Distinct) else avg.this
    found = shape(arg) if is_decimal(arg) else None
    if found is None:
        return _average_refused_if_decimal(node, arg) if unknown(arg) else node
    precision, scale = found
    node.meta[_DONE] = True
    if precision > 18 and not isinstance(avg.this, exp.Distinct):
        return _long_average(node, arg, precision, scale)
    total = _replace_avg(node, exp.Sum)
    count = exp.Nullif(this=_replace_avg(node, exp.Count), expression=exp.Literal.number(0))
    return _exact_divide(total, count, (scale, 0, 0), precision, scale)


def _long_average(node: exp.Expression, arg: exp.Expression, precision: int,
                  scale: int) -> exp.Expression:
    """``avg`` of a ``decimal(p, s)`` with p > 18, whose sum may leave the 38 digits of a
    HUGEINT where Trino's (which keeps an overflow counter) does not: the unscaled values are
    summed in two parts (``ak_avg_parts``)."""
    fraction = exp.Mod(this=arg.copy(), expression=exp.Literal.number(1))
    unscaled = exp.Add(
        this=exp.Mul(this=exp.Cast(this=exp.Sub(this=arg.copy(), expression=fraction.copy()),
                                   to=exp.DataType.build("HUGEINT", dialect="duckdb")),
                     expression=_hugeint(10 ** scale)),
        expression=exp.Cast(this=exp.Mul(this=fraction, expression=_hugeint(10 ** scale)),
                            to=exp.DataType.build("HUGEINT", dialect="duckdb")))
    part = _hugeint(10 ** 19)
    high = exp.IntDiv(this=exp.paren(unscaled.copy()), expression=part.copy())
    low = exp.Mod(this=exp.paren(unscaled), expression=part)
    unit = "1" if scale == 0 else "0." + "0" * (scale - 1) + "1"
    call = exp.Anonymous(this="AK_AVG_PARTS", expressions=[
        _replace_avg(node, exp.Sum, high), _replace_avg(node, exp.Sum, low),
        _replace_avg(node, exp.Count), exp.Cast(this=exp.Literal.string(unit), to=exp.DataType
                                                .build(f"DECIMAL({min(38, scale + 1)}, {scale})"))])
    call.meta[_DONE] = True
    return exp.Cast(this=call, to=exp.DataType.build(f"DECIMAL({precision}, {scale})"))


def _average_refused_if_decimal(node: exp.Expression, arg: exp.Expression) -> exp.Expression:
    """``avg`` of a value whose type only DuckDB knows: refused there if it is a decimal."""
    node.meta[_DONE] = True
    row_value = arg.copy() if isinstance(node, exp.Window) else exp.Anonymous(
        this="ANY_VALUE", expressions=[arg.copy()])
    return refused_if_decimal([row_value], "avg", node)


def _replace_avg(node: exp.Expression, kind: type[exp.Expression],
                 arg: exp.Expression | None = None) -> exp.Expression:
    """A copy of ``node`` with its ``avg(...)`` turned into ``kind(...)`` (same arguments, or
    ``arg``; same FILTER and window)."""
    copy = node.copy()
    avg = next(n for n in copy.walk() if isinstance(n, exp.Avg))
    replacement = kind(this=avg.this.copy() if arg is None else arg.copy())
    if avg is copy:
        return replacement
    avg.replace(replacement)
    return copy


def multiply(node: exp.Expression) -> exp.Expression:
    """``x * y`` on decimals with Trino's ``decimal(min(38, p1 + p2), s1 + s2)``: DuckDB keeps
    two short decimals in 64 bits and overflows where Trino's wider result fits."""
    if node.meta.get(_DONE) or not (is_decimal(node.this) and is_decimal(node.expression)):
        return node
    left, right = shape(node.this), shape(node.expression)
    if left is not None and right is not None and left[1] + right[1] > 38:
        from athenakit.local.failures import athena_error, start_of

        # Trino's analyzer types the product decimal(38, s1 + s2) (DecimalType)
        raise athena_error("INVALID_FUNCTION_ARGUMENT", "DECIMAL scale must be in range "
                           f"[0, precision (38)]: {left[1] + right[1]}", offset=start_of(node),
                           before="DECIMAL" if isinstance(node.this, exp.Cast) else None)
    if left is None or right is None or left[0] + right[0] <= 18:
        return node
    node.meta[_DONE] = True
    wide = [exp.Cast(this=side.copy(), to=exp.DataType.build(f"DECIMAL(38, {s})"))
            for side, (_, s) in ((node.this, left), (node.expression, right))]
    node.set("this", wide[0])
    node.set("expression", wide[1])
    precision, scale = min(38, left[0] + right[0]), left[1] + right[1]
    return exp.Cast(this=node, to=exp.DataType.build(f"DECIMAL({precision}, {scale})"))


def modulo(node: exp.Expression) -> exp.Expression:
    """``x % y`` on decimals typed as Trino types it: ``decimal(min(p2 - s2, p1 - s1) +
    max(s1, s2), max(s1, s2))`` (TestMathFunctions.testMod: ``mod(DECIMAL '13.0', DECIMAL
    '5.0')`` is a ``decimal(2,1)``; DuckDB's remainder keeps the wider ``decimal(3,1)``)."""
    if node.meta.get(_DONE):
        return node
    if not (is_decimal(node.this) or is_decimal(node.expression)):
        sides = [side for side in (node.this, node.expression) if unknown(side)]
        return _refused_if_decimal_remainder(node, sides) if sides else node
    left, right = shape(node.this), shape(node.expression)
    if left is None or right is None:
        return node
    node.meta[_DONE] = True
    scale = max(left[1], right[1])
    precision = min(right[0] - right[1], left[0] - left[1]) + scale
    kind = exp.DataType.build(f"DECIMAL({precision}, {scale})")
    if max(left[0] - left[1], right[0] - right[1]) + scale > 38:
        # DuckDB's common type would pass 38 digits: it divides doubles (Trino: 256 bits)
        texts = [exp.Cast(this=side, to=exp.DataType.build("VARCHAR"))
                 for side in (node.this, node.expression)]
        return exp.Cast(this=exp.Anonymous(this="AK_DECIMAL_REMAINDER", expressions=[
            *texts, exp.Literal.number(scale)]), to=kind)
    return exp.Cast(this=node, to=kind)

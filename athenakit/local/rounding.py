"""Result types of ``abs``, ``sign``, ``ceil``, ``floor``, ``round`` and ``truncate`` as in Trino.

DuckDB narrows or widens these (``round(3, 1)`` is a ``tinyint``, ``ceil`` of a ``tinyint`` a
``double``, ``ceil(DECIMAL '123.45')`` a ``decimal(5,0)``); Trino keeps the argument's integer
type and gives decimals these shapes (io.trino.operator.scalar.MathFunctions):

* ``ceil``/``floor``/``round(x)`` of ``decimal(p, s)``: ``decimal(p - s + min(s, 1), 0)``
* ``round(x, n)``: ``decimal(p + 1, s)``; ``truncate(x)``: ``decimal(p - s, 0)``;
  ``truncate(x, n)``: ``decimal(p, s)``; ``sign``: ``decimal(1, 0)``
* ``sign`` of a ``double`` / ``real`` is a ``double`` / ``real`` (NaN for NaN).
* ``round`` of an integer type fails when ``10^-decimals`` is past ``bigint``; ``round`` of a
  ``double`` / ``real`` whose scaled value Java's ``Math.round`` would saturate is refused.

https://trino.io/docs/current/functions/math.html
"""

from __future__ import annotations

from collections.abc import Callable

from sqlglot import exp

from athenakit.local import decimals
from athenakit.local.nodes import CANNOT_FAIL, DONE, call, cast_takes

_DONE = "ak_done"
_INTEGERS = {exp.DType.TINYINT: "TINYINT", exp.DType.SMALLINT: "SMALLINT",
             exp.DType.INT: "INTEGER", exp.DType.BIGINT: "BIGINT"}


def integer_type(node: exp.Expression) -> str | None:
    """Trino's integer type of ``node`` (literals by their value), None for other types."""
    if isinstance(node, exp.Neg | exp.Paren):
        return integer_type(node.this)
    if isinstance(node, exp.Literal):
        text = str(node.this)
        if node.is_string or not text.isdigit():
            return None
        return "INTEGER" if int(text) <= 2**31 else "BIGINT"
    kind = node.type
    return next((name for dtype, name in _INTEGERS.items()
                 if kind is not None and kind.is_type(dtype)), None)


def _cast(node: exp.Expression, to: str) -> exp.Expression:
    node.meta[_DONE] = True
    return exp.Cast(this=node, to=exp.DataType.build(to))


def _decimal_shape(node: exp.Expression) -> tuple[int, int] | None:
    if decimals.is_decimal(node):
        return decimals.shape(node)
    return None


def _is_double(node: exp.Expression) -> bool:
    if isinstance(node, exp.Neg | exp.Paren):
        return _is_double(node.this)
    if isinstance(node, exp.Literal):
        return not node.is_string and "e" in str(node.this).lower()
    return node.type is not None and node.type.is_type(exp.DType.DOUBLE)


def _is_real(node: exp.Expression) -> bool:
    return node.type is not None and node.type.is_type(exp.DType.FLOAT)


def _fail(name: str, message: exp.Expression) -> exp.Expression:
    return exp.Anonymous(this="ERROR", expressions=[exp.DPipe(
        this=exp.Literal.string(f"{name}: "), expression=message)])


def _integer_round(node: exp.Expression, integer: str) -> exp.Expression:
    """Trino's ``roundLong``: ``10^-decimals`` past ``bigint`` fails, whatever the number
    (``round(2147483647, -100)``: ``NUMERIC_VALUE_OUT_OF_RANGE``; DuckDB answered 0)."""
    digits = node.args.get("decimals")
    typed = _cast(node, integer)
    if not isinstance(node, exp.Round) or digits is None:
        return typed
    text = exp.Cast(this=node.this.copy(), to=exp.DataType.build("VARCHAR"))
    too_far = exp.LT(this=digits.copy(), expression=exp.Literal.number(-18))
    failure = _fail("NUMERIC_VALUE_OUT_OF_RANGE", exp.DPipe(
        this=exp.Literal.string("numerical overflow: "), expression=text))
    return exp.Case(ifs=[exp.If(this=too_far, true=exp.Cast(
        this=failure, to=exp.DataType.build(integer)))], default=typed)


def _fn(name: str, *args: exp.Expression) -> exp.Expression:
    return exp.Anonymous(this=name, expressions=list(args))


def _java_round(value: exp.Expression, digits: exp.Expression | None
                ) -> tuple[exp.Expression, exp.Expression]:
    """Trino's rounding of the double ``value`` (MathFunctions.round: ``Math.round(|x| *
    10^d) / 10^d`` with x's sign; Java's ``Math.round`` is ``floor(y + 1/2)`` taken exactly),
    and the condition under which ``Math.round`` would saturate at the ``bigint`` range (or
    ``10^d`` is infinite)."""
    factor = exp.Cast(this=exp.Pow(this=exp.Literal.number(10), expression=(
        digits or exp.Literal.number(0)).copy()), to=exp.DataType.build("DOUBLE"))
    scaled = exp.Paren(this=exp.Mul(this=exp.Abs(this=value.copy()), expression=factor))
    floor = _fn("FLOOR", scaled.copy())
    half_up = exp.Case(ifs=[exp.If(this=exp.GTE(this=exp.Sub(this=scaled.copy(),
                                                             expression=floor.copy()),
                                                expression=exp.Literal.number("0.5E0")),
                                   true=exp.Literal.number(1))],
                       default=exp.Literal.number(0))
    magnitude = exp.Div(this=exp.Cast(this=exp.Add(this=floor, expression=half_up),
                                      to=exp.DataType.build("DOUBLE")), expression=factor.copy())
    rounded = exp.Case(ifs=[exp.If(this=exp.LT(this=value.copy(), expression=exp.Literal.number(0)),
                                   true=exp.Neg(this=exp.Paren(this=magnitude)))],
                       default=magnitude.copy())
    saturates = exp.Or(this=exp.GTE(this=scaled.copy(), expression=exp.Literal.number(2**63)),
                       expression=exp.Not(this=_fn("ISFINITE", scaled.copy())))
    return rounded, saturates


_SATURATES = ("NOT_SUPPORTED_LOCALLY: round of a double or real whose scaled value is beyond "
              "the bigint range")
_UNKNOWN = ("NOT_SUPPORTED_LOCALLY: round of a double or real whose type is known only at "
            "run time, where DuckDB rounds otherwise")


def _float_round(node: exp.Expression) -> exp.Expression:
    """``round`` of a double or real as Trino computes it (:func:`_java_round`):
    ``round(2.675E0, 2)`` is 2.68 (``2.675 * 100`` is 267.5 in doubles; DuckDB's round
    answered 2.67); a value ``Math.round`` would saturate is refused while running."""
    node.meta[_DONE] = True
    kind = "REAL" if _is_real(node.this) else "DOUBLE"
    value = exp.Cast(this=node.this.copy(), to=exp.DataType.build("DOUBLE"))
    rounded, saturates = _java_round(value, node.args.get("decimals"))
    # the refusal is a branch's own value, so that trys.py can raise it outside a try(...)
    return exp.Cast(this=exp.Case(ifs=[
        exp.If(this=exp.Not(this=_fn("ISFINITE", value.copy())), true=value.copy()),
        exp.If(this=saturates, true=_fn("ERROR", exp.Literal.string(_SATURATES)))],
        default=rounded), to=exp.DataType.build(kind))


_NAMED = "ak_round_value"


def _named_once(node: exp.Expression, build: Callable[[exp.Expression], exp.Expression]
                ) -> exp.Expression:
    """``build(node)``, where ``build`` copies ``node``'s argument many times: an argument
    that is not a plain column or literal is named once, as a lambda's parameter
    (``list_transform([x], v -> ...)[1]``); its copies made ``round(sum(x), 2)`` of a
    subquery's column tens of kilobytes of SQL that DuckDB took seconds to bind."""
    arg = node.this
    # (inside try(...) a lambda's refusal could not be raised outside it: trys.py)
    if isinstance(arg, exp.Column | exp.Literal) or arg.find(exp.Window) \
            or node.find_ancestor(exp.Try) is not None:
        return build(node)
    named = node.copy()
    parameter = exp.column(_NAMED)
    parameter.type = arg.type.copy() if arg.type is not None else None
    named.set("this", parameter)
    body = build(named)
    listed = call("LIST_TRANSFORM", exp.Array(expressions=[arg.copy()]),
                  exp.Lambda(this=body, expressions=[exp.to_identifier(_NAMED)]))
    first = exp.Bracket(this=listed, expressions=[exp.Literal.number(1)], offset=1)
    first.meta[DONE] = True
    first.type = body.type
    return first


def _runtime_round(node: exp.Expression) -> exp.Expression:
    """``round`` of a value whose type only DuckDB knows (a subquery's column): DuckDB's round
    stays (its type is the argument's), refused while running where the value turns out to be
    a double or real that Trino rounds otherwise (or would saturate)."""
    node.meta[_DONE] = True
    kind = decimals.duck_typeof(node.this)
    floating = exp.In(this=kind, expressions=[exp.Literal.string("DOUBLE"),
                                              exp.Literal.string("FLOAT")])
    value = exp.Cast(this=node.this.copy(), to=exp.DataType.build("DOUBLE"))
    rounded, saturates = _java_round(value, node.args.get("decimals"))
    real = exp.Cast(this=exp.Cast(this=rounded.copy(), to=exp.DataType.build("FLOAT")),
                    to=exp.DataType.build("DOUBLE"))
    trino = exp.Case(ifs=[exp.If(this=exp.EQ(this=kind.copy(), expression=exp.Literal.string(
        "FLOAT")), true=real)], default=rounded)
    duck = exp.Cast(this=node.copy(), to=exp.DataType.build("DOUBLE"))
    differs = exp.And(this=_fn("ISFINITE", value.copy()), expression=exp.Paren(this=exp.Or(
        this=saturates, expression=exp.NullSafeNEQ(this=duck, expression=trino))))
    return exp.Case(ifs=[exp.If(this=exp.And(this=floating, expression=exp.Paren(
        this=differs)), true=_fn("ERROR", exp.Literal.string(_UNKNOWN)))], default=node)


def retype(node: exp.Expression) -> exp.Expression:
    """Cast the call to Trino's result type when the argument's type is known."""
    if node.meta.get(_DONE):
        return node
    arg = node.this
    integer = integer_type(arg)
    if integer is not None:
        return _integer_round(node, integer)
    if isinstance(node, exp.Sign) and (_is_double(arg) or _is_real(arg)):
        node.meta[_DONE] = True
        sign = exp.Anonymous(this="AK_SIGN_DOUBLE", expressions=[arg])
        return exp.Cast(this=sign, to=exp.DataType.build("REAL")) if _is_real(arg) else sign
    if not isinstance(node, exp.Abs) and decimals.unknown(arg):
        from athenakit.local import runtime_numbers

        if isinstance(node, exp.Sign):
            return runtime_numbers.sign(node)
        if isinstance(node, exp.Round):
            cast = cast_takes(node)
            return runtime_numbers.refused_if_decimal(arg, "round", _named_once(
                node, _runtime_round), cast)
        return runtime_numbers.rounded(node)
    if isinstance(node, exp.Round) and (_is_double(arg) or _is_real(arg)):
        return _named_once(node, _float_round)
    if isinstance(node, exp.Trunc) and isinstance(arg, exp.Null):
        return _cast(node, "DECIMAL(1, 0)")  # truncate(NULL, NULL): Trino's decimal overload
    shape = _decimal_shape(arg)
    if shape is None:
        return node
    precision, scale = shape
    digits = node.args.get("decimals")
    if isinstance(digits, exp.Null) or (isinstance(digits, exp.Cast)
                                         and isinstance(digits.this, exp.Null)):
        # DuckDB's decimal round takes no NULL digits; Trino answers NULL of the round's type
        node.set("decimals", exp.Literal.number(0))
        typed = retype(node)
        return exp.Cast(this=exp.Null(), to=typed.args["to"]) if isinstance(
            typed, exp.Cast) else typed
    if isinstance(node, exp.Sign):
        return _cast(node, "DECIMAL(1, 0)")
    if isinstance(node, exp.Abs):
        return _cast(node, f"DECIMAL({precision}, {scale})")
    if digits is not None and not isinstance(node, exp.Trunc):
        if precision < 38 or scale == 0:
            return _cast(node, f"DECIMAL({min(38, precision + 1)}, {scale})")
        return _long_round(node, scale)
    if digits is not None:
        return _cast(node, f"DECIMAL({precision}, {scale})")
    if isinstance(node, exp.Trunc):
        return _cast(node, f"DECIMAL({max(1, precision - scale)}, 0)")
    return _cast(node, f"DECIMAL({max(1, precision - scale + min(scale, 1))}, 0)")


def _long_round(node: exp.Expression, scale: int) -> exp.Expression:
    """``round(x, d)`` of a ``decimal(38, s)`` is a ``decimal(38, s)`` in Trino, and fails where
    rounding up passes 38 digits (MathFunctions.RoundN.roundNLong: ``decimal overflow``,
    TestMathFunctions.testRound); DuckDB's cast to the type had failed (a generic refusal)."""
    kind = f"DECIMAL(38, {scale})"
    rounded = _cast(node, kind)
    # compared as 128-bit integers: DuckDB compares a decimal(38, s) and a decimal(38, 0) as
    # decimal(38, s), to which the bound does not fit
    huge = exp.DataType.build("HUGEINT", dialect="duckdb")
    bound = exp.Cast(this=exp.Literal.string("1" + "0" * (38 - scale)), to=huge)
    bound.meta[_DONE] = True
    size = exp.Anonymous(this="FLOOR", expressions=[exp.Anonymous(
        this="ABS", expressions=[node.copy()])])
    for call_ in (size, size.expressions[0]):
        call_.meta[CANNOT_FAIL] = call_.meta[_DONE] = True  # (of a decimal)
    whole = exp.Cast(this=size, to=huge.copy())
    whole.meta[_DONE] = True
    too_long = exp.GTE(this=whole, expression=bound)
    too_long.meta[_DONE] = True
    failure = exp.Cast(this=exp.Anonymous(this="ERROR", expressions=[exp.Literal.string(
        "NUMERIC_VALUE_OUT_OF_RANGE: decimal overflow")]), to=exp.DataType.build(kind))
    failure.meta[_DONE] = True
    return exp.Case(ifs=[exp.If(this=too_long, true=failure)], default=rounded)


BY_CLASS: dict[type[exp.Expression], Callable[[exp.Expression], exp.Expression]] = {
    exp.Abs: retype, exp.Sign: retype, exp.Ceil: retype, exp.Floor: retype,
    exp.Round: retype, exp.Trunc: retype,
}

"""``rand`` / ``random`` with Trino's arguments, result types and argument checks.

Trino (io.trino.operator.scalar.MathFunctions) has ``random()`` (a ``double`` in [0, 1)),
``random(n)`` (an integer of ``n``'s type in [0, n); ``n`` must be positive:
``bound must be positive``) and ``random(m, n)`` (an integer of their type in [m, n);
``start value must be less than stop value``). sqlglot reads ``random(m, n)`` as a ``Rand``
whose second argument DuckDB's ``random()`` would drop.
https://trino.io/docs/current/functions/math.html#random
"""

from __future__ import annotations

from collections.abc import Callable

from sqlglot import exp

from athenakit.local import volatile
from athenakit.local.nodes import DONE, call
from athenakit.local.rounding import integer_type

_ORDER = ("TINYINT", "SMALLINT", "INTEGER", "BIGINT")


def _fail(message: str) -> exp.Expression:
    return call("ERROR", exp.Literal.string(f"INVALID_FUNCTION_ARGUMENT: {message}"))


def _type(*args: exp.Expression) -> str:
    kinds = [integer_type(a) or "BIGINT" for a in args]
    return max(kinds, key=_ORDER.index)


def _draw(start: exp.Expression, width: exp.Expression, node: exp.Expression) -> exp.Expression:
    """``start + floor(random() * width)`` in HUGEINT, below ``start + width``."""
    huge = exp.DataType.build("HUGEINT")
    draw = volatile.carry(node, call("RANDOM"))
    scaled = exp.Cast(this=call("FLOOR", exp.Mul(this=draw, expression=exp.Cast(
        this=width, to=exp.DataType.build("DOUBLE")))), to=huge)
    top = exp.Sub(this=exp.Cast(this=width.copy(), to=huge), expression=exp.Literal.number(1))
    return exp.Add(this=exp.Cast(this=start, to=huge), expression=call("LEAST", scaled, top))


def rewrite(node: exp.Expression) -> exp.Expression:
    """``random(...)`` as DuckDB computes Trino's answer (or fails with Trino's error), of
    Trino's type (the aggregates around read it)."""
    made = _rewrite(node)
    made.type = node.type.copy() if node.type is not None else None
    return made


def _rewrite(node: exp.Expression) -> exp.Expression:
    args = [node.args[k] for k in ("this", "lower", "upper") if node.args.get(k) is not None]
    if not args:
        return volatile.carry(node, call("RANDOM"))
    kind = exp.DataType.build(_type(*args))
    if len(args) == 1:
        bound = args[0]
        check: exp.Expression = exp.LTE(this=bound.copy(), expression=exp.Literal.number(0))
        value = _draw(exp.Literal.number(0), bound, node)
        failure = _fail("bound must be positive")
    else:
        start, stop = args[0], args[1]
        check = exp.GTE(this=start.copy(), expression=stop.copy())
        width = exp.Sub(this=exp.Cast(this=stop, to=exp.DataType.build("HUGEINT")),
                        expression=exp.Cast(this=start.copy(), to=exp.DataType.build("HUGEINT")))
        value = _draw(start, width, node)
        failure = _fail("start value must be less than stop value")
    return exp.Case(ifs=[exp.If(this=check, true=exp.Cast(this=failure, to=kind))],
                    default=exp.Cast(this=value, to=kind))


def shuffle(node: exp.Expression) -> exp.Expression:
    """``shuffle(a)``: a random permutation of ``a`` (NULL for NULL; DuckDB has no shuffle),
    each element sorted by a draw of its own; ``a`` is read once (a lambda's parameter)::

        list_transform([a], lambda ak_a: CASE WHEN ak_a IS NULL THEN NULL ELSE
            list_transform(list_sort(list_zip(list_transform(ak_a, lambda ak_x: random()),
            ak_a)), lambda ak_p: ak_p[2]) END)[1]
    """
    array = exp.column("ak_a")
    draws = call("LIST_TRANSFORM", array.copy(), exp.Lambda(
        this=call("RANDOM"), expressions=[exp.to_identifier("ak_x")]))
    paired = call("LIST_SORT", call("LIST_ZIP", draws, array.copy()))
    second = exp.Bracket(this=exp.column("ak_p"), expressions=[exp.Literal.number(2)], offset=1)
    second.meta[DONE] = True  # (DuckDB's subscripts of its own lists: no Trino rewrite)
    permuted = call("LIST_TRANSFORM", paired, exp.Lambda(
        this=second, expressions=[exp.to_identifier("ak_p")]))
    body = exp.Case(ifs=[exp.If(this=exp.Is(this=array.copy(), expression=exp.Null()),
                                true=exp.Null())], default=permuted)
    once = call("LIST_TRANSFORM", exp.Array(expressions=[node.this]), exp.Lambda(
        this=body, expressions=[exp.to_identifier("ak_a")]))
    made = exp.Bracket(this=once, expressions=[exp.Literal.number(1)], offset=1)
    made.meta[DONE] = True
    made.type = node.type.copy() if node.type is not None else None
    return volatile.carry(node, made, whole="shuffle")


BY_CLASS: dict[type[exp.Expression], Callable[[exp.Expression], exp.Expression]] = {
    exp.Rand: rewrite, exp.Shuffle: shuffle,
}

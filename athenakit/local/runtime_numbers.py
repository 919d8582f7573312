"""Trino's rules for numbers whose type only DuckDB knows (a subquery's, CTE's or ``VALUES``
column, typed when DuckDB binds the statement): NaN in comparisons, and the result types of
``sign``, ``floor``, ``ceil``, ``round`` and ``truncate``.

In Trino a NaN equals nothing and orders with nothing: ``nan() = nan()`` is false, ``nan() <>
nan()`` true, ``nan() > 1`` false, and a NaN is in no ``IN`` list and matches no simple CASE
branch (TestDoubleOperators; https://trino.io/docs/current/functions/comparison.html). DuckDB
finds NaN equal to itself and greater than every number. :mod:`athenakit.local.numeric` makes
these comparisons Trino's where sqlglot knows an operand is a ``double`` or ``real``; here the
choice waits for DuckDB::

    CASE WHEN typeof([x]) IN ('DOUBLE[]', 'FLOAT[]') THEN <NaN-aware> ELSE <as written> END

``typeof([x])`` is a constant DuckDB folds while binding, so only the branch of ``x``'s type is
left: an integer join keeps its hash join and a filter its pushdown.

``sign`` / ``floor`` / ``ceil`` of an integer are of its own type in Trino (DuckDB's ``sign`` is
a ``tinyint``, its ``floor`` and ``ceil`` of an integer a ``double``); of a decimal, Trino's
result type depends on the precision and scale (``floor(decimal(3, 2))`` is a
``decimal(2, 0)``, DuckDB's a ``decimal(3, 0)``), so a decimal is refused while running.
"""

from __future__ import annotations

from sqlglot import exp

from athenakit.local import decimals, operator_guards
from athenakit.local.nodes import DONE, FLOATS, WRITTEN_OPERATOR, call, cast_takes, typed

# DuckDB's names of typeof([x]) for a double or real x
_FLOAT_LISTS = ("DOUBLE[]", "FLOAT[]")
_INTEGERS = ("TINYINT", "SMALLINT", "INTEGER", "BIGINT")
# floor / ceil: an integer as it is (DuckDB picks the exact overload; a double, a real, a
# decimal or a NULL takes the last)
MACROS: dict[str, str] = {
    f"ak_{name}": ", ".join([*(f"(x {kind}) AS x" for kind in _INTEGERS), f"(x) AS {name}(x)"])
    for name in ("floor", "ceil")
}


def floating(node: exp.Expression, *sides: exp.Expression) -> exp.Expr | None:
    """The condition (folded by DuckDB while binding) that one of ``node``'s ``sides`` whose
    type only DuckDB knows is a ``double`` or ``real``; None where sqlglot knows every side's
    type, or where ``node`` is not the statement's own (the rewrites' operators are typed)."""
    if not node.meta.get(WRITTEN_OPERATOR):
        return None
    unsure = [side for side in sides if operator_guards.uncertain(side)]
    if not unsure:
        return None
    return exp.or_(*(is_floating(side) for side in unsure))


def is_floating(side: exp.Expression) -> exp.Expression:
    """The condition (folded by DuckDB while binding) that ``side`` is a double or real."""
    test = exp.In(this=operator_guards.list_type(side),
                  expressions=[exp.Literal.string(name) for name in _FLOAT_LISTS])
    test.meta[DONE] = True  # DuckDB's own IN over its type names
    return test


def isnan(side: exp.Expression) -> exp.Expression:
    """``side`` is a NaN, for a side of any type (false for other types: the NaN-aware branch
    is bound whatever the operands' types, and chosen only for doubles and reals)."""
    if not operator_guards.uncertain(side):
        return call("ISNAN", side.copy()) if typed(side, *FLOATS) else exp.false()
    number = exp.TryCast(this=side.copy(), to=exp.DataType.build("DOUBLE"))
    number.meta[DONE] = True  # DuckDB's own cast: any value, NULL where it is no number
    return call("COALESCE", call("ISNAN", number), exp.false())


def choose(condition: exp.Expr, aware: exp.Expression,
           written: exp.Expression) -> exp.Expression:
    """``aware`` (the NaN-aware form) where ``condition`` holds, else ``written`` (left as
    it is by the rewrites that made ``aware``)."""
    written.meta[DONE] = True
    for node in aware.walk():  # the operator's guard stays on the one written node
        node.meta.pop(WRITTEN_OPERATOR, None)
    return exp.Case(ifs=[exp.If(this=condition, true=aware)], default=written)


def sign(node: exp.Expression) -> exp.Expression:
    """``sign(x)`` of a value whose type only DuckDB knows: x's own type for an integer or a
    floating point number, NaN for NaN (DuckDB's ``sign`` is a ``tinyint``, 0 for NaN);
    refused for a decimal (Trino's is a ``decimal(1, 0)``, a type no one expression keeps
    beside the others)."""
    arg = node.this
    node.meta[DONE] = True
    # list_extract([sign(x), x], 1): the list's element type is x's own (a tinyint widens)
    own = call("LIST_EXTRACT", exp.Array(expressions=[node, arg.copy()]),
               exp.Literal.number(1))
    cast = cast_takes(node)
    kept = exp.Case(ifs=[exp.If(this=isnan(arg), true=arg.copy())], default=own)
    return refused_if_decimal(arg, "sign", kept, cast)


def rounded(node: exp.Expression) -> exp.Expression:
    """``floor(x)`` / ``ceil(x)`` of a value whose type only DuckDB knows, of x's own type for
    an integer; ``node`` (any of them, ``round`` and ``truncate`` as well) refused for a
    decimal."""
    names: dict[type[exp.Expression], str] = {exp.Floor: "floor", exp.Ceil: "ceil",
                                              exp.Trunc: "truncate"}
    name = names[type(node)]
    cast = cast_takes(node)
    answer = node if isinstance(node, exp.Trunc) else call(f"AK_{name.upper()}", node.this)
    node.meta[DONE] = True
    return refused_if_decimal(node.this, name, answer, cast)


def refused_if_decimal(arg: exp.Expression, function: str, answer: exp.Expression,
                       cast: bool) -> exp.Expression:
    """``answer``, refused while running where ``arg`` (of ``function``) is a decimal, unless
    a ``cast`` takes the result (its value is Trino's; only its type differs)."""
    return answer if cast else decimals.refused_if_decimal([arg], function, answer)

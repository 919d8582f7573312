"""``greatest`` / ``least`` / ``nullif`` with Trino's NULL and NaN rules.

``nullif(a, b)`` compares with ``=`` (Trino's NullIfCodeGenerator calls the EQUAL operator), so
``nullif(nan(), nan())`` is NaN, where DuckDB's NULLIF finds NaN equal to NaN (NULL).

NULL: any NULL argument makes the answer NULL (Trino's docs, comparison.html#greatest-and-least).
NaN: ``greatest`` ignores a NaN unless every argument is NaN (trinodb/trino#5851;
TestMathFunctions.testGreatest: ``greatest(NaN(), 5, 4, 3)`` is 5.0, ``greatest(NaN())`` NaN).
DuckDB orders NaN above every number, so its ``LEAST`` already ignores NaN and only
``GREATEST`` is changed: NaN arguments become NULL (which DuckDB's ``GREATEST`` skips), and an
answer of NULL then means every argument was NaN (and DuckDB's own ``GREATEST`` gives it).
"""

from __future__ import annotations

from sqlglot import exp

from athenakit.local.nodes import call

_FLOATS = (exp.DType.DOUBLE, exp.DType.FLOAT)
_FLOAT_CALLS = ("NAN", "INFINITY")
_DONE = "ak_nullif_nan"


def greatest(args: list[exp.Expression]) -> exp.Expression:
    """Trino's ``greatest(args...)`` for DuckDB."""
    if not any(_floating(a) or _unknown(a) for a in args):
        return _null_if_any_null(args, call("GREATEST", *args))
    # a value whose type only DuckDB knows (a subquery's column) is tested while running
    skipped = [exp.Case(ifs=[exp.If(this=_isnan(a) if _floating(a) else call(
        "AK_ANY_NAN", a.copy()), true=exp.Null())], default=a.copy()) for a in args]
    # every argument NaN: DuckDB's own answer, NaN (the arguments' common type is kept: a
    # decimal literal, which sqlglot types as a double, stays a decimal)
    every = call("GREATEST", *(a.copy() for a in args))
    return _null_if_any_null(args, call("COALESCE", call("GREATEST", *skipped), every))


def least(args: list[exp.Expression]) -> exp.Expression:
    """Trino's ``least(args...)`` for DuckDB."""
    return _null_if_any_null(args, call("LEAST", *args))


def _null_if_any_null(args: list[exp.Expression], answer: exp.Expression) -> exp.Expression:
    cond = exp.or_(*(exp.Is(this=a.copy(), expression=exp.Null()) for a in args))
    return exp.Case(ifs=[exp.If(this=cond, true=exp.Null())], default=answer)


def _floating(node: exp.Expression) -> bool:
    if node.type is not None and node.type.is_type(*_FLOATS):
        return True
    if isinstance(node, exp.Cast) and node.to.is_type(*_FLOATS):
        return True
    return isinstance(node, exp.Anonymous) and str(node.this).upper() in _FLOAT_CALLS


def _unknown(node: exp.Expression) -> bool:
    return node.type is None or node.type.is_type(exp.DType.UNKNOWN)


def _isnan(node: exp.Expression) -> exp.Expression:
    return call("ISNAN", exp.cast(node.copy(), "DOUBLE"))


def nullif(node: exp.Expression) -> exp.Expression:
    """Trino's ``nullif(a, b)``: a NaN ``a`` equals nothing, so it is kept."""
    first = node.this
    if node.meta.get(_DONE) or not (_floating(first) or _unknown(first)):
        return node
    node.meta[_DONE] = True
    # of a value whose type only DuckDB knows (a subquery's column), tested while running
    nan = _isnan(first) if _floating(first) else call("AK_ANY_NAN", first.copy())
    return exp.Case(ifs=[exp.If(this=nan, true=first.copy())], default=node)


BY_CLASS = {exp.Nullif: nullif}

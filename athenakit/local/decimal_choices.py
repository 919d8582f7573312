"""Trino's type of ``CASE`` / ``IF`` / ``COALESCE`` / ``ARRAY[...]`` over decimals of
different shapes, and of ``+``, ``-``, ``*`` of decimals inside them.

Trino coerces the branches to their common super type: for ``decimal(p1, s1)`` and
``decimal(p2, s2)`` that is ``decimal(min(38, max(p1 - s1, p2 - s2) + max(s1, s2)), max(s1,
s2))``, an integer type counting as ``decimal(10, 0)`` (``bigint``: 19 digits)
(io/trino/type/TypeCoercion.java, ``getCommonSuperTypeForDecimal``). sqlglot gives such a
node the type of one branch, and what is typed from it (``abs``, ``round``) was then cast to
that type: ``abs(coalesce(DECIMAL '0.000001', CAST(NULL AS DECIMAL(10, 3))))`` answered
``0.000`` instead of ``0.000001``. DuckDB's own common type of decimals is Trino's, so only the
annotation needs correcting.
"""

from __future__ import annotations

from sqlglot import exp

from athenakit.local import decimals
from athenakit.local.literal_types import choice_values
from athenakit.local.nodes import RETYPED

_CHOICES = (exp.Coalesce, exp.Case, exp.If, exp.Array)
_ARITHMETIC = (exp.Add, exp.Sub, exp.Mul)


def _common(values: list[exp.Expression]) -> tuple[int, int] | None:
    """Trino's common decimal of ``values`` (NULLs take any type); None unless a decimal is
    among them and every other value is a decimal or an integer of known shape."""
    shapes = []
    for value in values:
        if isinstance(value, exp.Null):
            continue
        found = decimals.shape(value)
        if found is None:
            return None
        shapes.append((found, decimals.is_decimal(value)))
    if not any(is_decimal for _, is_decimal in shapes):
        return None
    whole = max(p - s for (p, s), _ in shapes)
    scale = max(s for (_, s), _ in shapes)
    return min(38, whole + scale), scale


def _arithmetic(node: exp.Expression) -> tuple[int, int] | None:
    """Trino's type of ``+``, ``-``, ``*`` of decimals (io/trino/type/DecimalOperators.java):
    ``decimal(min(38, 1 + max(s1, s2) + max(p1 - s1, p2 - s2)), max(s1, s2))`` for a sum or
    difference, ``decimal(min(38, p1 + p2), s1 + s2)`` for a product."""
    left, right = node.this, node.expression
    if not (decimals.is_decimal(left) or decimals.is_decimal(right)):
        return None
    a, b = decimals.shape(left), decimals.shape(right)
    if a is None or b is None:
        return None
    if isinstance(node, exp.Mul):
        return min(38, a[0] + b[0]), a[1] + b[1]
    scale = max(a[1], b[1])
    return min(38, 1 + scale + max(a[0] - a[1], b[0] - b[1])), scale


def _decimal(precision: int, scale: int) -> exp.DataType:
    return exp.DataType.build(f"DECIMAL({precision}, {scale})")


def retype(tree: exp.Expression) -> bool:
    """Give each choice over decimals Trino's common type; the types of the nodes above a
    corrected one are cleared, to be annotated again.

    Returns:
        Whether a type was corrected.
    """
    corrected = False
    for node in reversed(list(tree.bfs())):  # deeper nodes first: a child before its parent
        if isinstance(node, _ARITHMETIC):
            common = _arithmetic(node)
        elif not isinstance(node, _CHOICES) or isinstance(node, exp.If) and isinstance(
                node.parent, exp.Case):
            continue
        else:
            common = _common([v for v in choice_values(node) if isinstance(v, exp.Expression)])
        if common is None:
            continue
        kind = _decimal(*common)
        if isinstance(node, exp.Array):
            kind = exp.DataType(this=exp.DType.ARRAY, expressions=[kind], nested=True)
        if node.type is not None and node.type == kind:
            continue
        node.type = kind
        corrected = True
        parent = node.parent
        while parent is not None:
            parent.type = None
            parent.meta[RETYPED] = True
            parent = parent.parent
    return corrected

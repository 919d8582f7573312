"""The subscript operator ``x[i]`` of arrays and maps, with Trino's failures.

An array index starts at 1 and fails out of range; a missing map key fails (DuckDB answers
NULL for both). ``element_at`` is the NULL-answering form.
https://trino.io/docs/current/functions/array.html#subscript-operator
https://trino.io/docs/current/functions/map.html#subscript-operator
"""

from __future__ import annotations

from sqlglot import exp

from athenakit.local import arrays, decimals
from athenakit.local.errors import REFUSED
from athenakit.local.nodes import DONE as _DONE
from athenakit.local.nodes import call as _call
from athenakit.local.nodes import typed


def _int_literal(node: exp.Expression) -> int | None:
    if isinstance(node, exp.Neg):
        inner = _int_literal(node.this)
        return None if inner is None else -inner
    if isinstance(node, exp.Literal) and not node.is_string and node.this.lstrip("-").isdigit():
        return int(node.this)
    return None


def subscript(node: exp.Expression) -> exp.Expression:
    # https://trino.io/docs/current/functions/array.html#subscript-operator
    # https://trino.io/docs/current/functions/map.html#subscript-operator
    # An untyped base is checked by the type DuckDB gives it while running.
    # element_at (safe) is NULL out of range, as in Trino
    if node.args.get("safe"):
        return arrays.element_at(node)
    if node.meta.get(_DONE) or len(node.expressions) != 1:
        return node
    from athenakit.local import arraytypes

    arraytypes.check_subscript(node)  # an integer index only
    index = node.expressions[0]
    if typed(node.this, exp.DType.STRUCT) and isinstance(index, exp.Literal):
        # a row's field by its 1-based position, named or not (DuckDB's struct_extract takes
        # an integer only for an unnamed struct)
        node.meta[_DONE] = True
        return _call("STRUCT_EXTRACT_AT", node.this.copy(), index.copy())
    macro = ("AK_ARRAY_SUBSCRIPT" if typed(node.this, exp.DType.ARRAY)
             else "AK_MAP_SUBSCRIPT" if typed(node.this, exp.DType.MAP)
             else "AK_ANY_SUBSCRIPT" if decimals.unknown(node.this) else None)
    if macro is None:
        return node
    index = node.expressions[0].copy()  # 1-based, as written (translate.AthenaTrino)
    node.meta[_DONE] = True
    checked = _call(macro, node.this.copy(), index, node)
    return _refused_if_map(checked, node) if macro == "AK_ANY_SUBSCRIPT" else checked


def _refused_if_map(checked: exp.Expression, node: exp.Expression) -> exp.Expression:
    # a missing key fails in Trino, but no test of a map's keys binds for a list as well: a
    # map subscript on a value of unknown type that finds no value is refused
    is_map = exp.Like(this=decimals.duck_typeof(node.this), expression=exp.Literal.string(
        "MAP(%"))
    missing = exp.and_(is_map, exp.Is(this=node.copy(), expression=exp.Null()),
                       exp.Not(this=exp.Is(this=node.this.copy(), expression=exp.Null())),
                       exp.Not(this=exp.Is(this=node.expressions[0].copy(),
                                           expression=exp.Null())))
    refuse = exp.Anonymous(this="ERROR", expressions=[exp.Literal.string(
        f"{REFUSED}a map subscript that finds no value, on a map whose type is "
        "known only at run time")])
    return exp.Case(ifs=[exp.If(this=missing, true=refuse)], default=checked)

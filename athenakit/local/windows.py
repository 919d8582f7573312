"""Trino's checks of window frame offsets and of the window functions' arguments.

``ROWS`` / ``RANGE`` / ``GROUPS BETWEEN x PRECEDING AND y FOLLOWING`` with a column or an
expression as offset: a negative offset fails with ``Window frame -2 offset must not be
negative`` and a NULL one with ``Window frame starting (ending) offset must not be null``
(TestWindowFrameGroups.testInvalidOffset), a RANGE offset with ``Window frame offset value must
not be negative or null`` (TestWindowFrameRange.testInvalidOffset), on any row of the partition;
DuckDB fails with its own message, or not at all for a NULL offset.

``lag`` / ``lead`` with a negative offset fail with ``Offset must be at least 0`` (DuckDB reads
``lag(x, -1)`` as ``lead(x, 1)``), ``nth_value`` with an offset below 1 with ``Offset must be
at least 1`` (DuckDB answers NULL) and ``ntile`` with no buckets with ``Buckets must be greater
than 0``: Trino's LagFunction, LeadFunction, NthValueFunction and NTileFunction.

https://trino.io/docs/current/sql/select.html#window-clause
"""

from __future__ import annotations

from collections.abc import Callable

from sqlglot import exp

from athenakit.local.errors import REFUSED
from athenakit.local.nodes import DONE
from athenakit.local.nodes import call as _call

_PREFIX = "INVALID_WINDOW_FRAME: Window frame"


def _range_checked(offset: exp.Expression) -> exp.Expression:
    """A RANGE offset (a number or an interval: ``x - x`` is its zero), failing as Trino's."""
    bad = exp.or_(exp.Is(this=offset.copy(), expression=exp.Null()), exp.LT(
        this=offset.copy(), expression=exp.paren(exp.Sub(this=offset.copy(),
                                                         expression=offset.copy()))))
    return exp.Case(ifs=[exp.If(this=bad, true=_call("ERROR", exp.Literal.string(
        f"{_PREFIX} offset value must not be negative or null")))], default=offset.copy())


def _checked(offset: exp.Expression, which: str) -> exp.Expression:
    """A ROWS or GROUPS ``offset``, failing as Trino's does when it is NULL or negative."""
    negative = exp.DPipe(this=exp.DPipe(
        this=exp.Literal.string(f"{_PREFIX} "), expression=exp.cast(offset.copy(), "VARCHAR")),
        expression=exp.Literal.string(" offset must not be negative"))
    return exp.Case(ifs=[
        exp.If(this=exp.Is(this=offset.copy(), expression=exp.Null()), true=_call(
            "ERROR", exp.Literal.string(f"{_PREFIX} {which} offset must not be null"))),
        exp.If(this=exp.LT(this=offset.copy(), expression=exp.Literal.number(0)),
               true=_call("ERROR", negative))], default=offset.copy())


def frame_offsets(node: exp.Expression) -> exp.Expression:
    """A window whose frame offsets are not literals, with Trino's checks of them."""
    spec = node.args.get("spec") if isinstance(node, exp.Window) else None
    if spec is None or node.meta.get("ak_frame_checked"):
        return node
    node.meta["ak_frame_checked"] = True
    for key, which in (("start", "starting"), ("end", "ending")):
        offset = spec.args.get(key)
        if isinstance(offset, exp.Expression) and not isinstance(offset, exp.Literal | exp.Var) \
                and not offset.meta.get(DONE):
            ranged = str(spec.args.get("kind") or "").upper() == "RANGE"
            checked = _range_checked(offset) if ranged else _checked(offset, which)
            checked.meta[DONE] = True
            spec.set(key, checked)
    return node


NULL_OFFSET_REFUSAL = "lag or lead with a NULL offset (Trino releases differ)"

# node type -> (argument holding the number, its least value, Trino's message)
_ARGUMENTS: dict[type[exp.Expression], tuple[str, int, str]] = {
    exp.Lag: ("offset", 0, "Offset must be at least 0"),
    exp.Lead: ("offset", 0, "Offset must be at least 0"),
    exp.NthValue: ("offset", 1, "Offset must be at least 1"),
    exp.Ntile: ("this", 1, "Buckets must be greater than 0"),
}


def _common_type(node: exp.Expression) -> None:
    """``lag`` / ``lead`` with a default: value and default take their common type, as Trino's
    ``lag(T, bigint, T)`` (``lag(int_column, 1, 1.5)`` answers 1.5, a decimal); DuckDB casts
    the default to the value's type (2). A CASE whose branches are both gives that type."""
    default = node.args.get("default")
    if not isinstance(default, exp.Expression) or node.meta.get("ak_common_type"):
        return
    node.meta["ak_common_type"] = True
    value = node.this
    node.set("this", exp.Case(ifs=[exp.If(this=exp.false(), true=default.copy())],
                              default=value.copy()))


def argument_checked(node: exp.Expression) -> exp.Expression:
    """``lag`` / ``lead`` / ``nth_value`` / ``ntile`` failing as Trino's on a bad number."""
    if isinstance(node, exp.Lag | exp.Lead):
        _common_type(node)
    key, least, message = _ARGUMENTS[type(node)]
    value = node.args.get(key)
    if not isinstance(value, exp.Expression) or value.meta.get(DONE):
        return node
    checked = exp.Case(ifs=[exp.If(
        this=exp.LT(this=value.copy(), expression=exp.Literal.number(least)),
        true=_call("ERROR", exp.Literal.string(f"INVALID_FUNCTION_ARGUMENT: {message}")))],
        default=value.copy())
    if isinstance(node, exp.Lag | exp.Lead):
        # a NULL offset: NULL in older Trino releases, "Offset must not be null" in newer ones
        # (TestLag.testNullOffset); which one Athena runs is not known here
        checked.args["ifs"].insert(0, exp.If(this=exp.Is(this=value.copy(), expression=exp.Null()),
                                             true=_call("ERROR", exp.Literal.string(
                                                 REFUSED + NULL_OFFSET_REFUSAL))))
    checked.meta[DONE] = True
    node.set(key, checked)
    return node


BY_CLASS: dict[type[exp.Expression], Callable[[exp.Expression], exp.Expression]] = {
    kind: argument_checked for kind in _ARGUMENTS}

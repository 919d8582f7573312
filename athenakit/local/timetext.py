"""``CAST(timestamp AS varchar)`` with the digits of the value's precision, as Trino prints it.

Trino prints a ``timestamp(p)`` with exactly p fractional digits: ``TIMESTAMP '2001-01-22
03:04:05.000'`` (a ``timestamp(3)``) is ``2001-01-22 03:04:05.000``, ``TIMESTAMP '2001-01-22
03:04'`` (a ``timestamp(0)``) is ``2001-01-22 03:04:00`` (TestTimestamp.testCastToSlice,
TestTimestampWithTimeZone.testCastToVarchar); DuckDB drops trailing zeros (``03:04:05``,
``03:04:05.1`` for ``.100``). The precision is read from the SQL
(:mod:`athenakit.local.time_precision`); where it is not known there, the text is refused.
"""

from __future__ import annotations

from sqlglot import exp

from athenakit.local.nodes import call as _call
from athenakit.local.time_precision import PRECISION, declared, digits, precision

__all__ = ["PRECISION", "as_text", "declared", "naive_text", "precision", "strftime_pattern"]

_CHECKED = "ak_timestamp_text"
ZONED_REFUSAL = ("CAST to varchar of a timestamp with time zone whose zone is known only at "
                 "run time")


def strftime_pattern(node: exp.Expression) -> tuple[str, int]:
    """A ``strftime`` pattern for ``node``'s value, and how many characters of its output
    to keep (0: all)."""
    return pattern_of(digits(node))


def pattern_of(places: int) -> tuple[str, int]:
    """The ``strftime`` pattern of a ``timestamp(places)``, and the characters to keep."""
    if places == 0:
        return "%Y-%m-%d %H:%M:%S", 0
    if places == 3:
        return "%Y-%m-%d %H:%M:%S.%g", 0
    return "%Y-%m-%d %H:%M:%S.%f", 20 + min(places, 6)


def as_text(value: exp.Expression, of: exp.Expression, iso: bool = False) -> exp.Expression:
    """``value`` (a timestamp, or a zoned value's wall clock) printed with the digits of
    ``of``'s precision (with ``iso``, a ``T`` between date and time, as ``to_iso8601``)."""
    pattern, keep = strftime_pattern(of)
    if iso:
        pattern = pattern.replace(" ", "T")
    text = _call("STRFTIME", value, exp.Literal.string(pattern))
    return _call("LEFT", text, exp.Literal.number(keep)) if keep else text


def _naive(node: exp.Expression) -> bool:
    """A ``timestamp`` without zone, by its SQL."""
    if isinstance(node, exp.Paren | exp.DateAdd | exp.TimestampTrunc | exp.DateTrunc):
        return _naive(node.this)
    if isinstance(node, exp.Add | exp.Sub) and any(
            isinstance(side, exp.Interval) for side in (node.this, node.expression)):
        return _naive(node.expression if isinstance(node.this, exp.Interval) else node.this)
    if isinstance(node, exp.StrToTime):  # date_parse: a timestamp(3)
        return True
    return node.type is not None and node.type.is_type(exp.DType.TIMESTAMP)


def _time_side(node: exp.Expression) -> exp.Expression | None:
    """The ``time`` value ``node`` is, or moves by an interval (``TIME '...' + INTERVAL ...``
    is a ``time(p)`` of the same p), else None."""
    if isinstance(node, exp.Paren):
        return _time_side(node.this)
    if isinstance(node, exp.TimestampTrunc | exp.DateTrunc | exp.TimeTrunc) and isinstance(
            node.this, exp.Expression):  # date_trunc keeps a time(p) (testTruncateTime)
        return _time_side(node.this)
    if isinstance(node, exp.Add | exp.Sub) and any(
            isinstance(side, exp.Interval) for side in (node.this, node.expression)):
        return _time_side(node.expression if isinstance(node.this, exp.Interval) else node.this)
    return node if node.type is not None and node.type.is_type(exp.DType.TIME) else None


def _time_text(value: exp.Expression, places: int | None = None) -> exp.Expression:
    """A ``time(p)`` with p digits (TestTime.testCastToSlice: ``TIME '03:04'`` is ``03:04:00``,
    ``TIME '03:04:05.321'`` is ``03:04:05.321``); ``time`` without a literal is ``time(3)``."""
    if places is None:
        time = _time_side(value)
        places = digits(time) if time is not None else 3
    stamp = exp.Add(this=exp.Cast(this=exp.Literal.string("2000-01-01"),
                                  to=exp.DataType.build("DATE")), expression=value)
    pattern = "%H:%M:%S" if places == 0 else "%H:%M:%S.%g" if places == 3 else "%H:%M:%S.%f"
    text = _call("STRFTIME", stamp, exp.Literal.string(pattern))
    return text if places in (0, 3) else _call("LEFT", text, exp.Literal.number(
        9 + min(places, 6)))


def naive_text(node: exp.Expression) -> exp.Expression:
    """``CAST(timestamp AS varchar)`` with Trino's digits; ``node`` unchanged otherwise. On a
    value whose type only DuckDB knows (a subquery's column) the digits are those of the p its
    items give (:func:`athenakit.local.time_precision.mark`) when it turns out to be a
    timestamp or time, and a zoned one is refused (its zone is unknown)."""
    from athenakit.local import decimals

    if not isinstance(node, exp.Cast) or not node.to.is_type(exp.DType.VARCHAR) \
            or node.to.expressions or node.meta.get(_CHECKED):
        return node
    if _naive(node.this):
        return as_text(node.this, node.this)
    if _time_side(node.this) is not None:
        return _time_text(node.this)
    if not decimals.unknown(node.this):
        return node
    node.meta[_CHECKED] = True
    return _typed_at_run_time(node, precision(node.this))


def _typed_at_run_time(node: exp.Cast, places: int | None) -> exp.Expression:
    """``CAST(x AS varchar)`` of a value whose type DuckDB finds: a timestamp or time printed
    with ``places`` digits (refused where they are not known), a zoned timestamp refused."""
    from athenakit.local import decimals
    from athenakit.local.time_precision import HINT, REFUSAL

    typeof = decimals.duck_typeof(node.this)
    unknown = _call("ERROR", exp.Literal.string(f"NOT_SUPPORTED_LOCALLY: {REFUSAL} ({HINT})"))
    stamp, time = unknown, unknown.copy()
    if places is not None:
        pattern, keep = pattern_of(places)
        stamp = _call("STRFTIME", exp.TryCast(this=node.this.copy(), to=exp.DataType.build(
            "TIMESTAMP")), exp.Literal.string(pattern))
        stamp = _call("LEFT", stamp, exp.Literal.number(keep)) if keep else stamp
        time = _time_text(exp.TryCast(this=node.this.copy(), to=exp.DataType.build("TIME")),
                          places)
    zoned = _call("ERROR", exp.Literal.string(f"NOT_SUPPORTED_LOCALLY: {ZONED_REFUSAL}"))
    return exp.Case(ifs=[exp.If(this=exp.EQ(this=typeof.copy(), expression=exp.Literal.string(
        name)), true=text) for name, text in (("TIMESTAMP", stamp), ("TIME", time), (
            "TIMESTAMP WITH TIME ZONE", zoned))], default=node)

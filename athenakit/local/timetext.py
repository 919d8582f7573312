"""``CAST(timestamp AS varchar)`` with the digits of the value's precision, as Trino prints it.

Trino prints a ``timestamp(p)`` with exactly p fractional digits: ``TIMESTAMP '2001-01-22
03:04:05.000'`` (a ``timestamp(3)``) is ``2001-01-22 03:04:05.000``, ``TIMESTAMP '2001-01-22
03:04'`` (a ``timestamp(0)``) is ``2001-01-22 03:04:00`` (TestTimestamp.testCastToSlice,
TestTimestampWithTimeZone.testCastToVarchar); DuckDB drops trailing zeros (``03:04:05``,
``03:04:05.1`` for ``.100``). The precision is read from the SQL: a literal's digits, kept by
``date_add`` / ``date_trunc`` / ``AT TIME ZONE``, at least 3 after interval arithmetic
(TimestampWithTimeZoneOperators: ``max(3, p)``), 3 for everything else (``CAST(x AS
timestamp)``, table columns, ``from_unixtime``, ...).
"""

from __future__ import annotations

import re

from sqlglot import exp

from athenakit.local.nodes import call as _call

_DATETIMES = (exp.DType.TIMESTAMP, exp.DType.TIMESTAMPTZ)
_CHECKED = "ak_timestamp_text"
ZONED_REFUSAL = ("CAST to varchar of a timestamp with time zone whose zone is known only at "
                 "run time")
_KEEPING = (exp.Paren, exp.AtTimeZone, exp.DateAdd, exp.TimestampTrunc, exp.DateTrunc)


def _literal_digits(text: str) -> int:
    found = re.search(r"\d:\d\d:\d\d(?:\.(\d+))?", text)
    return len(found.group(1) or "") if found else 0


def declared(to: exp.DataType) -> int | None:
    """The precision a type states (``timestamp(6)``), None where it states none."""
    param = to.expressions[0] if to.expressions else None
    value = param.this if isinstance(param, exp.DataTypeParam) else param
    return int(value.this) if isinstance(value, exp.Literal) and value.is_int else None


PRECISION = "ak_precision"  # meta: the p of a value whose node cannot tell it


def precision(node: exp.Expression) -> int:
    """The p of the ``timestamp(p)`` (with time zone) ``node`` is in Trino."""
    if node.meta.get(PRECISION) is not None:  # an element of a container (container_casts)
        return int(node.meta[PRECISION])
    if isinstance(node, _KEEPING):
        return precision(node.this)
    if isinstance(node, exp.Anonymous) and node.name.upper() in ("WITH_TIMEZONE", "AT_TIMEZONE"):
        return precision(node.expressions[0]) if node.expressions else 3
    if isinstance(node, exp.Add | exp.Sub) and any(
            isinstance(side, exp.Interval) for side in (node.this, node.expression)):
        timestamp = node.expression if isinstance(node.this, exp.Interval) else node.this
        return max(3, precision(timestamp))
    if isinstance(node, exp.Cast) and node.to.is_type(*_DATETIMES):
        written = declared(node.to)
        if written is not None:
            return written
        if isinstance(node.this, exp.Literal) and "format" not in node.args:  # the literal
            return _literal_digits(str(node.this.this))
        if node.to.is_type(exp.DType.TIMESTAMPTZ) and node.this.type is not None \
                and node.this.type.is_type(*_DATETIMES):  # a zone added: the precision kept
            return precision(node.this)
    return 3


def strftime_pattern(node: exp.Expression) -> tuple[str, int]:
    """A ``strftime`` pattern for ``node``'s value, and how many characters of its output
    to keep (0: all)."""
    digits = precision(node)
    if digits == 0:
        return "%Y-%m-%d %H:%M:%S", 0
    if digits == 3:
        return "%Y-%m-%d %H:%M:%S.%g", 0
    return "%Y-%m-%d %H:%M:%S.%f", 20 + min(digits, 6)


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


def _time_text(value: exp.Expression) -> exp.Expression:
    """A ``time(p)`` with p digits (TestTime.testCastToSlice: ``TIME '03:04'`` is ``03:04:00``,
    ``TIME '03:04:05.321'`` is ``03:04:05.321``); ``time`` without a literal is ``time(3)``."""
    time = _time_side(value)
    digits = 3
    if time is not None and time.meta.get(PRECISION) is not None:  # (container_casts)
        digits = int(time.meta[PRECISION])
    elif isinstance(time, exp.Cast) and isinstance(time.this, exp.Literal) \
            and "format" not in time.args:
        digits = len(str(time.this.this).strip().partition(".")[2])
    stamp = exp.Add(this=exp.Cast(this=exp.Literal.string("2000-01-01"),
                                  to=exp.DataType.build("DATE")), expression=value)
    pattern = "%H:%M:%S" if digits == 0 else "%H:%M:%S.%g" if digits == 3 else "%H:%M:%S.%f"
    text = _call("STRFTIME", stamp, exp.Literal.string(pattern))
    return text if digits in (0, 3) else _call("LEFT", text, exp.Literal.number(
        9 + min(digits, 6)))


def naive_text(node: exp.Expression) -> exp.Expression:
    """``CAST(timestamp AS varchar)`` with Trino's digits; ``node`` unchanged otherwise. On a
    value whose type only DuckDB knows (a subquery's column) the digits are a timestamp(3)'s
    when it turns out to be a timestamp, and a zoned one is refused (its zone is unknown)."""
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
    typeof = decimals.duck_typeof(node.this)
    as_timestamp = exp.TryCast(this=node.this.copy(), to=exp.DataType.build("TIMESTAMP"))
    printed = exp.Case(ifs=[exp.If(this=exp.EQ(this=typeof, expression=exp.Literal.string(
        "TIMESTAMP")), true=_call("STRFTIME", as_timestamp, exp.Literal.string(
            "%Y-%m-%d %H:%M:%S.%g")))], default=node)
    refuse = _call("ERROR", exp.Literal.string(f"NOT_SUPPORTED_LOCALLY: {ZONED_REFUSAL}"))
    return exp.Case(ifs=[exp.If(this=exp.EQ(this=typeof.copy(), expression=exp.Literal.string(
        "TIMESTAMP WITH TIME ZONE")), true=refuse)], default=printed)

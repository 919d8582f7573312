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

from athenakit.local.errors import REFUSED
from athenakit.local.nodes import DONE
from athenakit.local.nodes import call as _call
from athenakit.local.time_precision import REFUSAL, digits, precision

__all__ = ["as_text", "json_at_run_time", "json_texts", "naive_text", "strftime_pattern"]

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
    pattern, keep = pattern_of(places)  # the clock: the timestamp's pattern less its date
    text = _call("STRFTIME", stamp, exp.Literal.string(pattern.removeprefix("%Y-%m-%d ")))
    return _call("LEFT", text, exp.Literal.number(keep - 11)) if keep else text


def _zoned_time_text(value: exp.Expression, places: int | None = None) -> exp.Expression:
    """A ``time(p) with time zone``: its clock with p digits and its offset as ``+HH:MM``
    (TestTimeWithTimeZone.testLiterals: ``TIME '12:34:56+08:35'`` is ``12:34:56+08:35``,
    ``+05:00`` stays ``+05:00``; DuckDB writes ``+05`` and drops trailing zeros)."""
    clock = _time_text(exp.Cast(this=value.copy(), to=exp.DataType.build("TIME")),
                       digits(value) if places is None else places)
    offset = _call("DATE_PART", exp.Literal.string("timezone"), value.copy())
    size = _call("ABS", offset)
    sign = exp.If(this=exp.LT(this=offset.copy(), expression=exp.Literal.number(0)),
                  true=exp.Literal.string("-"), false=exp.Literal.string("+"))
    hours = exp.IntDiv(this=size, expression=exp.Literal.number(3600))
    minutes = exp.IntDiv(this=exp.Mod(this=size.copy(), expression=exp.Literal.number(3600)),
                         expression=exp.Literal.number(60))
    return _call("CONCAT", clock, _call("PRINTF", exp.Literal.string("%s%02d:%02d"), sign,
                                        hours, minutes))


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
    if node.this.type is not None and node.this.type.is_type(exp.DType.TIMETZ):
        return _zoned_time_text(node.this)
    if not decimals.unknown(node.this):
        return node
    node.meta[_CHECKED] = True
    return _typed_at_run_time(node, precision(node.this))


def stamp_text(value: exp.Expression, places: int) -> exp.Expression:
    """The text of ``value``, a timestamp to DuckDB only while running, with ``places``
    digits."""
    pattern, keep = pattern_of(places)
    stamp = _call("STRFTIME", exp.TryCast(this=value.copy(), to=exp.DataType.build(
        "TIMESTAMP")), exp.Literal.string(pattern))
    return _call("LEFT", stamp, exp.Literal.number(keep)) if keep else stamp


def _typed_at_run_time(node: exp.Cast, places: int | None) -> exp.Expression:
    """``CAST(x AS varchar)`` of a value whose type DuckDB finds: a timestamp or time printed
    with ``places`` digits (refused where they are not known), a zoned timestamp refused."""
    from athenakit.local import decimals
    from athenakit.local.time_precision import HINT, REFUSAL

    typeof = decimals.duck_typeof(node.this)
    unknown = _call("ERROR", exp.Literal.string(f"NOT_SUPPORTED_LOCALLY: {REFUSAL} ({HINT})"))
    stamp, time, zoned_time = unknown, unknown.copy(), unknown.copy()
    if places is not None:
        stamp = stamp_text(node.this, places)
        time = _time_text(exp.TryCast(this=node.this.copy(), to=exp.DataType.build("TIME")),
                          places)
        zoned_time = _zoned_time_text(exp.TryCast(this=node.this.copy(), to=exp.DataType.build(
            "TIMETZ")), places)
    zoned = _call("ERROR", exp.Literal.string(f"NOT_SUPPORTED_LOCALLY: {ZONED_REFUSAL}"))
    return exp.Case(ifs=[exp.If(this=exp.EQ(this=typeof.copy(), expression=exp.Literal.string(
        name)), true=text) for name, text in (("TIMESTAMP", stamp), ("TIME", time), (
            "TIME WITH TIME ZONE", zoned_time), ("TIMESTAMP WITH TIME ZONE", zoned))],
        default=node)


JSON_REFUSAL = "a cast to json of a time or a timestamp with time zone"
_STAMP, _ZONED = (exp.DType.TIMESTAMP,), (exp.DType.TIME, exp.DType.TIMETZ, exp.DType.TIMESTAMPTZ)


def json_texts(tree: exp.Expression) -> None:
    """``CAST(x AS JSON)`` of a timestamp, or of an array or map holding timestamps: Trino
    writes each as a JSON string of its text with p digits (TimestampToJsonCast,
    JsonUtil's timestamp writer); DuckDB's JSON drops trailing zeros (``"... 12:34:56.1"`` for
    a ``timestamp(3)``). Written as a cast of ``x`` to text first (``array(varchar)``,
    ``map(K, varchar)``: element by element, :mod:`athenakit.local.container_casts`), whose
    cast to JSON is a JSON string.

    Raises:
        UnsupportedLocally: a time or a zoned timestamp inside (:data:`JSON_REFUSAL`):
            ``JsonUtil.canCastToJson`` takes neither; Trino versions differ on a time alone.
    """
    from athenakit.local.container_casts import operand_type
    from athenakit.local.errors import UnsupportedLocally

    for cast in list(tree.find_all(exp.Cast)):
        if not cast.to.is_type(exp.DType.JSON):
            continue
        kind = cast.this.type
        if kind is None and any(c.type is not None and c.type.is_type(*_STAMP, *_ZONED)
                                for c in cast.this.find_all(exp.Cast, exp.Column)):
            kind = operand_type(cast.this)  # (sqlglot leaves a cast's operand untyped)
        if kind is None:
            continue
        inside = [t for t in kind.find_all(exp.DataType) if t.is_type(*_STAMP, *_ZONED)]
        if any(t.is_type(*_ZONED) for t in inside):
            raise UnsupportedLocally(JSON_REFUSAL, hint="Trino's JSON casts take timestamps "
                                     "without a zone and dates")
        texts = _as_text(kind) if inside else None
        if texts is not None:
            inner = exp.Cast(this=cast.this.copy(), to=texts)
            inner.type = texts.copy()
            cast.set("this", inner)


def _as_text(kind: exp.DataType) -> exp.DataType | None:
    """``kind`` with each timestamp in it a ``varchar``: an array's elements, a map's values
    (None for a row, or a map keyed by timestamps: left to DuckDB's cast)."""
    if kind.is_type(*_STAMP):
        return exp.DataType.build("VARCHAR")
    parts = [p for p in kind.expressions if isinstance(p, exp.DataType)]
    if kind.is_type(exp.DType.ARRAY) and len(parts) == 1:
        element = _as_text(parts[0])
        return None if element is None else exp.DataType(
            this=exp.DType.ARRAY, expressions=[element], nested=True)
    if kind.is_type(exp.DType.MAP) and len(parts) == 2 and not any(
            t.is_type(*_STAMP) for t in parts[0].find_all(exp.DataType)):
        value = _as_text(parts[1])
        return None if value is None else exp.DataType(
            this=exp.DType.MAP, expressions=[parts[0].copy(), value], nested=True)
    return None


RUN_TIME_REFUSAL = ("a cast to json of a time, or of a timestamp in an array or map, whose "
                    "type is known only at run time")


def json_at_run_time(source: exp.Expression, duck: exp.Expression) -> list[exp.If]:
    """A timestamp known only while running: the JSON string of its text with its p digits
    (TimestampToJsonCast); a time, a zoned one or a container of them refused (the element
    texts are :func:`json_texts`' where the type is known)."""
    places = precision(source)
    text: exp.Expression = _call("ERROR", exp.Literal.string(f"{REFUSED}{REFUSAL}"))
    if places is not None:
        text = exp.Cast(this=_call("TO_JSON", stamp_text(source, places)),
                        to=exp.DataType.build("VARCHAR"))
    text.meta[DONE] = text.meta[_CHECKED] = True
    return [exp.If(this=exp.EQ(this=duck.copy(), expression=exp.Literal.string("TIMESTAMP")),
                   true=text),
            exp.If(this=exp.Like(this=duck.copy(), expression=exp.Literal.string("%TIME%")),
                   true=_call("ERROR", exp.Literal.string(f"{REFUSED}{RUN_TIME_REFUSAL}")))]

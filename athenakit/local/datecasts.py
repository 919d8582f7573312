"""``CAST(varchar AS date)`` and ``CAST(varchar AS timestamp)`` as Trino reads the text.

DuckDB reads more than Trino does, and read some of it otherwise:

* a date is the trimmed text ``[+-]Y-M-D`` and nothing else (Joda's
  ``ISODateTimeFormat.date()``, io.trino.util.DateTimeUtils.parseDate); DuckDB also read
  ``'2020-01-01 10:00:00'``, ``'2020/01/01'`` and ``'2020-01-01T00:00'`` as dates;
* a timestamp follows io.trino.type.DateTimes.DATETIME_PATTERN: the time comes after a space,
  so ``'2020-01-01T10:00:00'`` fails (DuckDB read it; a literal even came out as midnight),
  and digits past the millisecond are rounded half up (VarcharToTimestamp, with
  ``Timestamps.round``), where DuckDB cut them.

Anything else fails with ``INVALID_CAST_ARGUMENT: Value cannot be cast to date: <text>``
(``timestamp``), or answers NULL in ``try_cast``. A year outside 1 to 9999 is refused, as for
literals (:mod:`athenakit.local.timeliterals`), and so is a timestamp text naming a time zone
whose value is known only while running.
https://trino.io/docs/current/functions/conversion.html#cast
"""

from __future__ import annotations

import re

from sqlglot import exp

from athenakit.local import decimals, timeliterals
from athenakit.local.errors import REFUSED
from athenakit.local.nodes import CAST_OF_TRY, DONE
from athenakit.local.nodes import call as _call

# Java's String.trim()-like whitespace of airlift's trim, in RE2's syntax
_SPACE = r"[\t\n\x0B\f\r\x1C-\x1F ]"
_YEAR = r"[+-]?([0-9]+)"
_DATE = _YEAR + r"-([0-9]{1,2})-([0-9]{1,2})"
# DateTimes.DATETIME_PATTERN: groups 1-3 the date, 4-7 the clock and fraction, 8 the zone
_TIMESTAMP = (r"[+-]?([0-9]{4,})-([0-9]{1,2})-([0-9]{1,2})(?: (?:([0-9]{1,2}):([0-9]{1,2})"
              r"(?::([0-9]{1,2})(?:\.([0-9]+))?)?)?" + _SPACE + r"*(.+)?)?")

# the older DATETIME_PATTERN: a zone (group 1) may follow the date or time without a space;
# DuckDB's submatches are leftmost-first, as Java's: the time is taken before a zone
_ZONED = (r"[+-]?[0-9]{4,}-[0-9]{1,2}-[0-9]{1,2}(?: [0-9]{1,2}:[0-9]{1,2}(?::[0-9]{1,2}"
          r"(?:\.[0-9]+)?)?)?" + _SPACE + r"*(.+)?")
_ZONED_T = r"[+-]?[0-9]{4,}-[0-9]{1,2}-[0-9]{1,2}T[0-9]"
# DateTimes.TIME_PATTERN without its offset (a text with one is no time); Java's \\s after it
_TIME = r"([0-9]{1,2}):([0-9]{1,2})(?::([0-9]{1,2})(?:\.([0-9]+))?)?[ \t\n\x0B\f\r]*"
_ZONED_TIME = _TIME + r"(?:([+-])([0-9]{2}):([0-9]{2}))?"
_TRIMMED = f"regexp_replace(s, '^{_SPACE}+|{_SPACE}+$', '', 'g')"


def _padded(group: str, width: int) -> str:
    """A field of the parsed text (``p``), without its leading zeros, padded to ``width``."""
    return f"lpad(coalesce(nullif(ltrim(p.{group}, '0'), ''), '0'), {width}, '0')"


def _failure(kind: str) -> str:
    return f"error('INVALID_CAST_ARGUMENT: Value cannot be cast to {kind}: ' || s)"


def _parsed(pattern: str, groups: tuple[str, ...], body: str) -> str:
    """``body`` over ``p``, the pattern's groups of the trimmed text (all empty where it does not
    match), the text trimmed and matched once per value (a one-element list's lambda)."""
    return _parsed_raw(pattern, groups, body, _TRIMMED)


def _parsed_raw(pattern: str, groups: tuple[str, ...], body: str, text: str = "s") -> str:
    """:func:`_parsed` of ``text`` as it is."""
    names = ", ".join(f"'{g}'" for g in groups)
    return (f"list_transform([regexp_extract({text}, '^{pattern}$', [{names}])], "
            f"lambda p: {body})[1]")


_DAY = " || '-' || ".join(_padded(g, w) for g, w in (("y", 4), ("mo", 2), ("d", 2)))
_CLOCK = " || ':' || ".join(_padded(g, 2) for g in ("h", "mi", "se"))
_MILLIS = """CASE WHEN length(p.f) <= 3 THEN CAST(rpad(p.f, 3, '0') AS BIGINT)
        ELSE CAST(substring(p.f, 1, 3) AS BIGINT)
            + CASE WHEN substring(p.f, 4, 1) >= '5' THEN 1 ELSE 0 END END"""

# a clock parsed into p.h, p.mi, p.se, p.f (DateTimes.parseTime): out of range, and its
# milliseconds with the fraction rounded half up
_BAD_CLOCK = f"""p.h = '' OR CAST(p.h AS INTEGER) > 23 OR CAST(p.mi AS INTEGER) > 59
            OR CAST({_padded('se', 2)} AS INTEGER) > 59 OR length(p.f) > 12"""
_CLOCK_MILLIS = f"""(((CAST(p.h AS BIGINT) * 60 + CAST(p.mi AS BIGINT)) * 60
            + CAST({_padded('se', 2)} AS BIGINT)) * 1000
            + CASE WHEN p.f = '' THEN 0 ELSE {_MILLIS} END)"""

MACROS: dict[str, str] = {
    "ak_date_text": "(s) AS CASE WHEN s IS NULL THEN NULL ELSE " + _parsed(
        _DATE, ("y", "mo", "d"), f"""CASE WHEN p.y = '' THEN {_failure('date')}
        ELSE coalesce(TRY_CAST({_DAY} AS DATE), {_failure('date')}) END""") + " END",
    # the clock checked before DuckDB reads it (DuckDB reads 24:00:00 as the next day)
    "ak_timestamp_text": "(s) AS CASE WHEN s IS NULL THEN NULL ELSE " + _parsed(
        _TIMESTAMP, ("y", "mo", "d", "h", "mi", "se", "f", "z"), f"""CASE
        WHEN p.y = '' OR CAST({_padded('h', 2)} AS INTEGER) > 23
            OR CAST({_padded('mi', 2)} AS INTEGER) > 59
            OR CAST({_padded('se', 2)} AS INTEGER) > 59 THEN {_failure('timestamp')}
        ELSE coalesce(TRY_CAST({_DAY} || ' ' || {_CLOCK} AS TIMESTAMP)
            + to_milliseconds({_MILLIS}), {_failure('timestamp')}) END""") + " END",
    # DateTimes.parseTime: the text is not trimmed (Java's \\s may follow it), has no offset,
    # at most 12 fractional digits; TimeOperators.castFromVarchar rounds it half up to the
    # millisecond, modulo a day (23:59:59.9995 is 00:00:00)
    "ak_time_text": "(s) AS CASE WHEN s IS NULL THEN NULL ELSE " + _parsed_raw(
        _TIME, ("h", "mi", "se", "f"), f"""CASE WHEN {_BAD_CLOCK} THEN {_failure('time')}
        ELSE TIME '00:00:00' + to_milliseconds({_CLOCK_MILLIS}) END""") + " END",
    # VarcharToTimeWithTimeZoneCast: the trimmed text, an offset of at most 14:00 (else the
    # session's, UTC), rounded half up to the millisecond modulo a day; its failure names a
    # timestamp, as Trino's message does
    "ak_timetz_text": "(s) AS CASE WHEN s IS NULL THEN NULL ELSE " + _parsed(
        _ZONED_TIME, ("h", "mi", "se", "f", "sign", "oh", "om"), f"""CASE
        WHEN {_BAD_CLOCK} OR p.sign <> '' AND NOT (CAST(p.oh AS INTEGER) < 14
            AND CAST(p.om AS INTEGER) < 60 OR p.oh || p.om = '1400') THEN {_failure('timestamp')}
        ELSE list_transform([{_CLOCK_MILLIS} % 86400000], lambda ms: CAST(
            lpad(CAST(ms // 3600000 AS VARCHAR), 2, '0') || ':'
            || lpad(CAST(ms // 60000 % 60 AS VARCHAR), 2, '0') || ':'
            || lpad(CAST(ms // 1000 % 60 AS VARCHAR), 2, '0') || '.'
            || lpad(CAST(ms % 1000 AS VARCHAR), 3, '0')
            || CASE WHEN p.sign = '' THEN '+00:00' ELSE p.sign || p.oh || ':' || p.om END
            AS TIMETZ))[1] END""") + " END",
    # refused: a year outside 1 to 9999 (as for literals), a timestamp text naming a zone
    "ak_year_refused": f"""(s) AS regexp_matches(s, '^{_SPACE}*-[0-9]')
        OR regexp_matches(s, '^{_SPACE}*[+]?[0-9]+-') AND length(ltrim(regexp_extract(
            s, '^{_SPACE}*[+]?([0-9]+)-', 1), '0')) NOT BETWEEN 1 AND 4""",
    # a zone after the date or time (older Trino reads one without a space, newer ones after
    # it; their answers differ): refused, unless it is the T of an ISO text, which both fail
    "ak_zone_refused": f"""(s) AS regexp_extract({_TRIMMED}, '^{_ZONED}$', 1) <> ''
        AND NOT regexp_matches({_TRIMMED}, '^{_ZONED_T}')""",
}

_NAMES = {exp.DType.DATE: ("AK_DATE_TEXT", "date"),
          exp.DType.TIMESTAMP: ("AK_TIMESTAMP_TEXT", "timestamp"),
          exp.DType.TIME: ("AK_TIME_TEXT", "time"),
          exp.DType.TIMETZ: ("AK_TIMETZ_TEXT", "time with time zone")}
_TIMES = (exp.DType.TIME, exp.DType.TIMETZ)
ZONE_REFUSAL = "a cast to timestamp of a text with a time zone, known only at run time"


def _kind(to: exp.DataType) -> exp.DType | None:
    for kind in _NAMES:
        if to.is_type(kind):
            return kind
    return None


def _is_text(node: exp.Expression) -> bool:
    return node.type is not None and node.type.is_type(exp.DType.VARCHAR, exp.DType.TEXT)


def from_text(node: exp.Expression) -> exp.Expression:
    """A cast (or ``try_cast``) of text to ``date`` or ``timestamp`` read by Trino's grammar;
    anything else unchanged. A literal Trino reads is left to the other rewrites."""
    if node.meta.get(DONE) or not isinstance(node, exp.Cast) or "format" not in node.args:
        return node  # DATE '...' (no format argument) is a literal: timeliterals
    kind = _kind(node.to)
    if kind is None:
        return node
    source = node.this
    literal = isinstance(source, exp.Literal) and source.is_string
    if literal and kind not in _TIMES:
        return _literal(node, kind, str(source.this))
    unknown = isinstance(source, exp.Column) and decimals.unknown(source)
    if not (_is_text(source) or unknown or literal):
        return node
    node.meta[DONE] = True
    text = source if not unknown else _done(exp.Cast(this=source.copy(),
                                                     to=exp.DataType.build("VARCHAR")))
    checked = _checked(node, kind, text)
    if not unknown:
        return checked
    is_text = exp.EQ(this=decimals.duck_typeof(source), expression=exp.Literal.string(
        "VARCHAR"))
    from athenakit.local import zones  # a zoned value's wall clock is lost in DuckDB's

    other = zones.unzoned(source, f"CAST to {node.to.sql().lower()}", node)
    return exp.Case(ifs=[exp.If(this=is_text, true=checked)], default=other)


def from_time(node: exp.Expression) -> exp.Expression:
    """``CAST(time AS timestamp)``: the time on the session's current date
    (TimeToTimestampCast: ``session.getStart()``'s date in the session zone); DuckDB has no
    such cast. Anything else unchanged."""
    if node.meta.get(DONE) or not isinstance(node, exp.Cast) or isinstance(node, exp.TryCast) \
            or not node.to.is_type(exp.DType.TIMESTAMP) or node.to.expressions \
            or node.this.type is None or not node.this.type.is_type(exp.DType.TIME):
        return node
    return _done(exp.Add(this=exp.CurrentDate(), expression=node.this.copy()))  # (DuckDB's
    # date + time is a timestamp)


def date_function(node: exp.Expression) -> exp.Expression | None:
    """``date(x)`` of text: Trino's ``date(varchar)`` is the cast (DateOperators.castFromSlice);
    None for another argument."""
    source = node.this
    if not (isinstance(source, exp.Literal) and source.is_string or _is_text(source)
            or isinstance(source, exp.Column) and decimals.unknown(source)):
        return None
    cast = exp.Cast(this=source.copy(), to=exp.DataType.build("DATE"), format=None)
    changed = from_text(cast)
    return None if changed is cast else changed


def _literal(node: exp.Cast, kind: exp.DType, text: str) -> exp.Expression:
    name = _NAMES[kind][1]
    # a T between the date and the time is no zone (TestTimestamp reads '2001-1-22 Asia/Oral')
    if timeliterals.readable(text, name) and re.search(r"\dT\d", text) is None:
        return node
    node.meta[DONE] = True
    to = node.to.copy()
    if isinstance(node, exp.TryCast):
        return _done(exp.Cast(this=exp.Null(), to=to))
    message = f"INVALID_CAST_ARGUMENT: Value cannot be cast to {name}: {text}"
    return _done(exp.Cast(this=_call("ERROR", exp.Literal.string(message)), to=to))


def _checked(node: exp.Cast, kind: exp.DType, text: exp.Expression) -> exp.Expression:
    macro, _ = _NAMES[kind]
    call = _call(macro, text.copy())
    if isinstance(node, exp.TryCast):
        call.meta[CAST_OF_TRY] = True
    if kind in _TIMES:
        return call
    refusals = [("AK_YEAR_REFUSED", timeliterals.YEARS_REFUSAL)]
    if kind == exp.DType.TIMESTAMP:
        refusals.append(("AK_ZONE_REFUSED", ZONE_REFUSAL))
    # each refusal is its branch's own value, so that trys.py raises it outside a try
    return exp.Case(ifs=[exp.If(this=_call(test, text.copy()), true=_call(
        "ERROR", exp.Literal.string(REFUSED + what))) for test, what in refusals],
        default=call)


def _done(node: exp.Expression) -> exp.Expression:
    node.meta[DONE] = True
    return node

"""Casts and text of date-time values: a zoned value's casts to ``varchar``, ``date``,
``timestamp`` or ``time`` read its wall clock (``2001-08-22 03:04:05.321 America/Los_Angeles``),
as do ``format_datetime``, ``date_format``, ``to_iso8601`` and the field functions Trino parses
as plain calls; a literal's text is checked as Trino reads it. The zones themselves are found
by :mod:`athenakit.local.zones`.

https://trino.io/docs/current/functions/datetime.html
"""

from __future__ import annotations

import re

from sqlglot import exp

from athenakit.local import timeliterals, timetext, zones
from athenakit.local.nodes import call as _call

_DONE = "ak_done"
ISO_TEXT = "ak_iso_text"  # meta key: the finished text of to_iso8601 (iso_text)
_DATETIMES = (exp.DType.DATE, exp.DType.TIMESTAMP, exp.DType.TIMESTAMPTZ)


def to_text(node: exp.Expression) -> exp.Expression:
    """``CAST(zoned AS VARCHAR)``: ``2001-08-22 03:04:05.321 America/Los_Angeles``."""
    zone = zones.zone_of(node.this)
    if zone is None:
        return node
    if zone == zones.UNKNOWN:
        zones.known(zone, "CAST to varchar")
    local = zones.wall_clock(node.this.copy(), zone)
    text = timetext.as_text(local, node.this)
    return exp.DPipe(this=text, expression=exp.Literal.string(f" {zone}"))


def _bounded_text(node: exp.Cast) -> exp.Expression:
    """``CAST(date AS varchar(n))`` fails when the text is longer than n (Trino truncates only
    strings): ``Value 2013-02-02 cannot be represented as varchar(9)`` (TestDate)."""
    size = node.to.expressions[0].this
    text = exp.Cast(this=node.this, to=exp.DataType.build("VARCHAR"))
    message = exp.DPipe(this=exp.DPipe(this=exp.Literal.string(
        "INVALID_CAST_ARGUMENT: Value "), expression=text.copy()), expression=exp.Literal.string(
        f" cannot be represented as varchar({size.name})"))
    return exp.If(this=exp.GT(this=_call("LENGTH", text.copy()), expression=size.copy()),
                  true=_call("ERROR", message), false=text)


def cast(node: exp.Expression) -> exp.Expression:
    """Casts of a zoned value to ``varchar``, ``date``, ``timestamp`` or ``time`` use its wall
    clock."""
    if node.meta.get(_DONE) or not isinstance(node, exp.Cast):
        return node
    if node.to.is_type(*_DATETIMES) and isinstance(node.this, exp.Literal) \
            and node.this.is_string:
        timeliterals.check(node)
    if zones.date_and_zone(node):
        found = zones.DATE_AND_ZONE.match(str(node.this.this))
        assert found is not None
        if not zones.zoned_date_literal(node):  # CAST('2001-1-22 +07:09' AS timestamp): the date
            node.set("this", exp.Literal.string(found["date"]))
            return node
        return exp.Cast(this=exp.Literal.string(f"{found['date']} 00:00:00 {found['zone']}"),
                        to=exp.DataType.build("TIMESTAMPTZ(0)", dialect="trino"))
    if node.to.is_type(exp.DType.TIMESTAMPTZ) and isinstance(node.this, exp.Literal):
        # DuckDB reads '... 03:04:05+07:09' but not '... 03:04:05 +07:09', nor a date and zone
        text, found = str(node.this.this), zones.DATE_AND_ZONE.match(str(node.this.this))
        if found is not None:
            text = f"{found['date']} 00:00:00 {found['zone']}"
        node.set("this", exp.Literal.string(re.sub(r"\s+([+-]\d)", r"\1", text)))
        return node
    if node.to.is_type(exp.DType.VARCHAR) and node.to.expressions and node.this.type \
            is not None and node.this.type.is_type(*_DATETIMES):
        return _bounded_text(node)
    if node.to.is_type(exp.DType.VARCHAR) and zones.zone_of(node.this) is not None:
        node.meta[_DONE] = True
        return to_text(node)
    if node.to.is_type(exp.DType.VARCHAR):
        return timetext.naive_text(node)
    if node.to.is_type(exp.DType.DATE, exp.DType.TIMESTAMP, exp.DType.TIME):
        return zones.local_argument(node, f"CAST to {node.to.sql().lower()}")
    return node


# Trino functions (parsed as plain calls) that read a zoned argument's wall clock
_LOCAL_CALLS = {"FORMAT_DATETIME", "DATE_FORMAT", "MILLISECOND", "YEAR_OF_WEEK",
                "DAY_OF_WEEK", "DOW", "DOY", "DAY_OF_YEAR", "WEEK_OF_YEAR", "LAST_DAY_OF_MONTH"}


def _zone_letters(pattern: exp.Expression, zone: str) -> exp.Expression:
    """A literal ``format_datetime`` pattern with its ``Z`` letters spelled for ``zone``."""
    if not (isinstance(pattern, exp.Literal) and pattern.is_string):
        return pattern
    from athenakit.local.jodaparse import zone_letters  # loads with the first such pattern

    return exp.Literal.string(zone_letters(str(pattern.this), zone))


NAIVE_ZONE_LETTERS = ("INVALID_FUNCTION_ARGUMENT: format_datetime for TIMESTAMP type, cannot "
                      "use 'Z' nor 'z' in format, as this type does not contain TZ information")


def naive_zone_letters(args: list[exp.Expression]) -> exp.Expression | None:
    """``format_datetime`` of a timestamp without zone (or a date) whose pattern has ``Z`` or
    ``z`` outside quotes fails in Trino (FormatDateTime.datetimeFormatSpecifiesZone: the value
    has no zone to print); None for any other call."""
    if len(args) < 2 or not (isinstance(args[1], exp.Literal) and args[1].is_string) \
            or zones.zone_of(args[0]) is not None or args[0].type is None \
            or not args[0].type.is_type(exp.DType.TIMESTAMP, exp.DType.DATE):
        return None
    if not re.search(r"[Zz]", re.sub(r"'[^']*'", "", str(args[1].this))):
        return None
    failure = exp.Cast(this=_call("ERROR", exp.Literal.string(NAIVE_ZONE_LETTERS)),
                       to=exp.DataType.build("VARCHAR"))
    failure.meta[_DONE] = True  # (a varchar: no cast of a value to rewrite)
    return failure


def format_in_region(args: list[exp.Expression]) -> exp.Expression | None:
    """``format_datetime`` of a value in a region zone whose pattern prints its offset with
    ``Z`` (``+0900``) or ``ZZ`` (``+09:00``): the offset of each value's instant (Joda prints
    the zone's offset then: TestDateTimeFunctions.testFormatDatetime, ``Asia/Tokyo``); None
    for any other call. An offset with seconds (a local mean time) is refused while running."""
    if len(args) != 2 or not (isinstance(args[1], exp.Literal) and args[1].is_string):
        return None
    zone = zones.zone_of(args[0])
    if zone in (None, zones.UNKNOWN, "UTC") or re.fullmatch(r"[+-]\d\d:\d\d", str(zone)):
        return None
    from athenakit.local.formats import format_datetime
    from athenakit.local.jodaparse import OFFSET_MARKS, offset_marks, tokens

    pattern = offset_marks(str(args[1].this))
    if not any(mark in pattern for mark in OFFSET_MARKS.values()) or any(
            kind == "field" and text in "Zz" for kind, text, _ in tokens(pattern)):
        return None  # (z, ZZZ: refused as before)
    local = zones.wall_clock(args[0].copy(), str(zone))
    text = format_datetime(local, pattern)
    for count, mark in OFFSET_MARKS.items():
        offset = _call("AK_JODA_OFFSET", local.copy(), args[0].copy(),
                       exp.Literal.string(":" if count == 2 else ""))
        text = _call("REPLACE", text, exp.Literal.string(mark), offset)
    odd = exp.NEQ(this=_call("AK_OFFSET_SECONDS", local.copy(), args[0].copy()),
                  expression=exp.Literal.number(0))
    refuse = _call("ERROR", exp.Literal.string(
        "NOT_SUPPORTED_LOCALLY: format_datetime of a zone offset with seconds"))
    return exp.Case(ifs=[exp.If(this=odd, true=refuse)], default=text)


def local_call(name: str, args: list[exp.Expression]) -> list[exp.Expression]:
    """The arguments of a plain call, the first read as wall clock when it is zoned."""
    if name not in _LOCAL_CALLS and name != "TO_ISO8601" or not args:
        return args
    found = zones.zone_of(args[0])
    if name == "TO_ISO8601" and found not in (None, zones.UNKNOWN):
        return [iso_text(args[0], str(found))]
    if name == "FORMAT_DATETIME" and found not in (None, zones.UNKNOWN) and len(args) > 1:
        args = [args[0], _zone_letters(args[1], str(found)), *args[2:]]
    zone = zones.known(found, name.lower())
    if zone is None:
        return [zones.unzoned(args[0], name.lower()) if found is None else args[0], *args[1:]]
    return [zones.wall_clock(args[0].copy(), zone), *args[1:]]


def iso_text(value: exp.Expression, zone: str) -> exp.Expression:
    """``to_iso8601`` of a zoned value: its wall clock and the zone's offset at that instant
    (``2001-08-22T03:04:05.321+07:09``, TestDateTimeFunctions.testToIso8601; ``Z`` for a
    zero offset, as java.time prints it)."""
    local = zones.wall_clock(value.copy(), zone)
    clock = timetext.as_text(local, value, iso=True)
    text = _call("AK_ISO_ZONED", clock, local.copy(), value.copy())
    text.meta[ISO_TEXT] = True
    # an offset with seconds (a zone's local mean time before its standard time) fails in
    # Trino with INVALID_ARGUMENTS, an error try(...) does not catch: refused outside macros
    odd = exp.NEQ(this=_call("AK_OFFSET_SECONDS", local.copy(), value.copy()),
                  expression=exp.Literal.number(0))
    refuse = exp.Anonymous(this="ERROR", expressions=[exp.Literal.string(
        "NOT_SUPPORTED_LOCALLY: to_iso8601 of a zone offset with seconds")])
    checked = exp.Case(ifs=[exp.If(this=odd, true=refuse)], default=text)
    checked.meta[ISO_TEXT] = True
    return checked

"""Trino's two interval types where DuckDB's one interval type answers otherwise.

* ``time - time`` is an ``interval day to second`` (DuckDB has no such operator).
* ``INTERVAL '12 10:45:32.123' DAY TO SECOND`` and ``INTERVAL '124-30' YEAR TO MONTH`` are
  read as Trino reads them (the leading fields may stand alone: ``'12 10' DAY TO SECOND`` is 12
  days 10 hours); DuckDB reads neither.
* ``CAST(interval AS varchar)`` is ``6-3`` (``interval year to month``: years-months) or
  ``6 00:00:03.000`` (``interval day to second``: days hours:minutes:seconds.millis), signed in
  front (``-5-9``, ``-5 23:59:57.000``); DuckDB prints ``6 years 3 months`` / ``6 days
  00:00:03`` (TestIntervalYearMonth.testCastToVarchar, TestIntervalDayTime.testCastToVarchar).
* ``interval * number`` and ``interval / number`` work on the interval's months or
  milliseconds, truncated toward zero (``INTERVAL '1' MONTH * 2.5`` is 2 months: DuckDB makes it
  2 months 15 days), and fail on NaN or division by zero with ``INVALID_FUNCTION_ARGUMENT``
  (``Cannot multiply by double NaN``, ``Cannot divide by double 0.0``); DuckDB has no interval
  division (io.trino.type.IntervalYearMonthOperators, IntervalDayTimeOperators).

Which of the two types a value has is read from the SQL (an interval literal's unit,
:func:`athenakit.local.literal_types.trino_type`); a value whose type is known only at run time
is told apart by its months, and a zero one that could be either is refused while running.

https://trino.io/docs/current/language/types.html#interval-year-to-month
"""

from __future__ import annotations

import re
from decimal import Decimal

from sqlglot import exp

from athenakit.local import literal_types
from athenakit.local.errors import UnsupportedLocally
from athenakit.local.nodes import call as _call

_DONE = "ak_done"
_CHECKED = "ak_interval_checked"
REFUSAL = "CAST to varchar of an interval whose type is known only at run time"
MONTHS = "(datepart('year', x) * 12 + datepart('month', x))"
_MILLIS = "CAST(round(epoch(x) * 1000) AS BIGINT)"
_YEAR_MONTH_TEXT = (f"(CASE WHEN {MONTHS} < 0 THEN '-' ELSE '' END || abs({MONTHS}) // 12 "
                    f"|| '-' || abs({MONTHS}) % 12)")
_DAY_TIME_TEXT = (f"printf('%s%d %02d:%02d:%02d.%03d', CASE WHEN {_MILLIS} < 0 THEN '-' "
                  f"ELSE '' END, abs({_MILLIS}) // 86400000, abs({_MILLIS}) // 3600000 % 24, "
                  f"abs({_MILLIS}) // 60000 % 60, abs({_MILLIS}) // 1000 % 60, "
                  f"abs({_MILLIS}) % 1000)")
_YEAR_MONTH = f"(kind = 'ym' OR kind = '?' AND {MONTHS} <> 0)"

_BLANKS = r"[ \t\n\x0B\f\r]*"  # Java's \s
_NUMBER = r"[0-9]+(\.[0-9]+)?"
_UNIT = "regexp_extract(s, '[a-zA-Z]+')"
# airlift's Duration units, as milliseconds per unit (Java doubles: 1.0 / 1000000.0 is 1e-6)
_DURATION_UNITS = {"ns": "1e-6", "us": "1e-3", "ms": "1.0", "s": "1000.0", "m": "60000.0",
                   "h": "3600000.0", "d": "86400000.0"}
_DURATION_MILLIS = (f"floor(CAST(regexp_extract(s, '{_NUMBER}') AS DOUBLE) * CASE {_UNIT} "
                    + " ".join(f"WHEN '{u}' THEN CAST({f} AS DOUBLE)"
                               for u, f in _DURATION_UNITS.items()) + " END + 0.5)")

MACROS: dict[str, str] = {
    # kind: 'ym' (interval year to month), 'ds' (day to second) or '?' (known only at run time)
    "ak_interval_text": f"""(x, kind) AS CASE WHEN x IS NULL THEN NULL
        WHEN {_YEAR_MONTH} THEN {_YEAR_MONTH_TEXT} ELSE {_DAY_TIME_TEXT} END""",
    # Trino: (long) (months or millis * factor); NaN fails
    "ak_interval_times": f"""(x, f, kind) AS CASE WHEN x IS NULL OR f IS NULL THEN NULL
        WHEN isnan(CAST(f AS DOUBLE))
        THEN error('INVALID_FUNCTION_ARGUMENT: Cannot multiply by double NaN')
        WHEN {_YEAR_MONTH} THEN to_months(CAST(trunc({MONTHS} * CAST(f AS DOUBLE)) AS INTEGER))
        ELSE ak_interval_millis(CAST(trunc({_MILLIS} * CAST(f AS DOUBLE)) AS BIGINT)) END""",
    "ak_interval_divided": f"""(x, f, kind) AS CASE WHEN x IS NULL OR f IS NULL THEN NULL
        WHEN isnan(CAST(f AS DOUBLE)) OR CAST(f AS DOUBLE) = 0
        THEN error('INVALID_FUNCTION_ARGUMENT: Cannot divide by double '
                   || CASE WHEN isnan(CAST(f AS DOUBLE)) THEN 'NaN' ELSE '0.0' END)
        WHEN {_YEAR_MONTH} THEN to_months(CAST(trunc({MONTHS} / CAST(f AS DOUBLE)) AS INTEGER))
        ELSE ak_interval_millis(CAST(trunc({_MILLIS} / CAST(f AS DOUBLE)) AS BIGINT)) END""",
    # airlift's Duration.valueOf(s).toMillis() (DateTimeFunctions.parseDuration): a decimal
    # number and a unit with Java's blanks around either; milliseconds, rounded half up
    "ak_parse_duration": f"""(s) AS CASE WHEN s = ''
        THEN error('INVALID_FUNCTION_ARGUMENT: duration is empty')
        WHEN NOT regexp_full_match(s, '{_BLANKS}{_NUMBER}{_BLANKS}[a-zA-Z]+{_BLANKS}')
        THEN error('INVALID_FUNCTION_ARGUMENT: duration is not a valid data duration string: '
                   || s)
        WHEN {_UNIT} NOT IN ({", ".join(f"'{u}'" for u in _DURATION_UNITS)})
        THEN error('INVALID_FUNCTION_ARGUMENT: Unknown time unit: ' || {_UNIT})
        WHEN isinf(CAST(regexp_extract(s, '{_NUMBER}') AS DOUBLE))
        THEN error('INVALID_FUNCTION_ARGUMENT: value is infinite')
        WHEN {_DURATION_MILLIS} > 9223372036854775807 THEN error('INVALID_FUNCTION_ARGUMENT: '
            || 'size is too large to be represented in requested unit as a long')
        ELSE ak_interval_millis(CAST({_DURATION_MILLIS} AS BIGINT)) END""",
    # milliseconds as whole days and the rest, both of the sign of ms (as Athena's text reads)
    "ak_interval_millis": """(ms) AS to_days(CAST(ms // 86400000 AS INTEGER))
        + to_microseconds((ms % 86400000) * 1000)""",
}


KIND = "ak_interval_kind"  # meta of a rewritten node: the kind of the interval it was


def _kind(node: exp.Expression | None) -> str | None:
    """'ym', 'ds', '?' for an interval operand (by its SQL), None for anything else."""
    if node is None:
        return None
    if node.meta.get(KIND):
        return str(node.meta[KIND])
    if isinstance(node, exp.Window):
        return _kind(node.this)
    if isinstance(node, exp.Sum | exp.Avg) and not isinstance(node.this, exp.Distinct):
        return _kind(node.this)  # (a sum of intervals is of their kind)
    if literal_types.trino_type(node) == "interval year to month":
        return "ym"
    if isinstance(node, exp.Interval) or isinstance(node, exp.Anonymous) \
            and node.name.upper() in ("PARSE_DURATION", "AK_PARSE_DURATION"):
        return "ds"
    if isinstance(node, exp.Paren | exp.Neg):
        return _kind(node.this)
    if isinstance(node, exp.Sub) and all(  # timestamp or time differences: day to second
            side.type is not None and side.type.is_type(
                exp.DType.TIMESTAMP, exp.DType.TIMESTAMPTZ, exp.DType.TIME)
            for side in (node.this, node.expression)):
        return "ds"
    sides = (_kind(node.this), _kind(node.expression)) if isinstance(
        node, exp.Add | exp.Sub | exp.Mul | exp.Div) else (None, None)
    if isinstance(node, exp.Add | exp.Sub) and None not in sides:  # interval ± interval
        return sides[0] if sides[0] == sides[1] else "?"
    if isinstance(node, exp.Mul | exp.Div) and sides.count(None) == 1:  # interval * number
        return sides[0] or sides[1]
    if node.type is not None and node.type.is_type(exp.DType.INTERVAL):
        return "?"
    return None


def interval_kind(node: exp.Expression) -> str | None:
    """'ym' (year to month), 'ds' (day to second) or '?' (an interval of either kind) for an
    interval known from the statement (a literal, a difference of timestamps, interval
    arithmetic, ``parse_duration``), None otherwise."""
    return _kind(node)



def to_text(node: exp.Expression) -> exp.Expression:
    """``CAST(interval AS varchar)`` as Trino prints it; ``node`` unchanged otherwise."""
    if node.meta.get(_DONE) or not isinstance(node, exp.Cast) \
            or not node.to.is_type(exp.DType.VARCHAR, exp.DType.TEXT):
        return node
    kind = _kind(node.this)
    if kind is None:
        return _refused_if_interval(node)
    text = _call("AK_INTERVAL_TEXT", node.this, exp.Literal.string(kind))
    if kind != "?":
        return text
    # a zero interval prints 0-0 or 0 00:00:00.000 by its type, which only DuckDB knew
    zero = exp.EQ(this=_call("EPOCH", node.this.copy()), expression=exp.Literal.number(0))
    return _refused_when(zero, text)


def _refused_when(condition: exp.Expression, otherwise: exp.Expression) -> exp.Expression:
    refuse = _call("ERROR", exp.Literal.string(f"NOT_SUPPORTED_LOCALLY: {REFUSAL}"))
    return exp.Case(ifs=[exp.If(this=condition, true=refuse)], default=otherwise)


def _refused_if_interval(node: exp.Cast) -> exp.Expression:
    """``CAST(x AS varchar)`` of a value whose type only DuckDB knows (a subquery's column):
    refused while running when it is an interval, which DuckDB would print its own way."""
    from athenakit.local import decimals

    if node.meta.get(_CHECKED) or not decimals.unknown(node.this):
        return node
    node.meta[_CHECKED] = True
    is_interval = exp.EQ(this=decimals.duck_typeof(node.this),
                         expression=exp.Literal.string("INTERVAL"))
    return _refused_when(is_interval, node)


def scale(node: exp.Expression) -> exp.Expression:
    """``interval * number``, ``number * interval`` and ``interval / number`` as Trino computes
    them; ``node`` unchanged otherwise."""
    if not isinstance(node, exp.Mul | exp.Div):
        return node
    kind = _kind(node.this)
    interval, factor = node.this, node.expression
    if kind is None and isinstance(node, exp.Mul):
        kind, interval, factor = _kind(node.expression), node.expression, node.this
    if kind is None or _kind(factor) is not None:
        return node
    name = "AK_INTERVAL_TIMES" if isinstance(node, exp.Mul) else "AK_INTERVAL_DIVIDED"
    return _call(name, interval, factor, exp.Literal.string(kind))


def _is_time(node: exp.Expression | None) -> bool:
    return node is not None and node.type is not None and node.type.is_type(exp.DType.TIME)


def time_difference(node: exp.Expression) -> exp.Expression:
    """``time - time`` is an ``interval day to second`` (``TIME '14:15:16.432' - TIME
    '03:04:05.321'`` is ``0 11:11:11.111``, TestTime.testSubtract); DuckDB has no such
    operator."""
    if not isinstance(node, exp.Sub) or not (_is_time(node.this) and _is_time(node.expression)):
        return node
    millis = _call("DATE_DIFF", exp.Literal.string("millisecond"), node.expression, node.this)
    return _call("AK_INTERVAL_MILLIS", millis)


_SECONDS = {"DAY": 86400, "HOUR": 3600, "MINUTE": 60, "SECOND": 1}
_ORDER = list(_SECONDS)
_SPAN_REFUSAL = "an interval literal of a form the local engine does not read"


def last_unit(node: exp.Expression) -> str:
    """The smallest field of an interval literal (``INTERVAL '1 10:00' DAY TO MINUTE``: MINUTE),
    which decides whether it adds calendar days or an exact length."""
    unit = node.args.get("unit")
    if isinstance(unit, exp.IntervalSpan):
        return str(unit.expression.name).upper()
    return str(unit.name).upper() if isinstance(unit, exp.Expression) else ""


def _span_fields(text: str, first: str, last: str) -> list[str]:
    """The fields of ``text`` from ``first`` on: ``12 10:45`` -> ['12', '10', '45']."""
    head, _, rest = text.partition(" ") if first == "DAY" else ("", "", text)
    fields = ([head] if first == "DAY" else []) + (rest.split(":") if rest else [])
    allowed = _ORDER.index(last) - _ORDER.index(first) + 1
    if not fields or len(fields) > allowed or " " in rest:
        raise UnsupportedLocally(_SPAN_REFUSAL)
    return fields


def _day_time_seconds(text: str, first: str, last: str) -> Decimal:
    total = Decimal(0)
    for unit, field in zip(_ORDER[_ORDER.index(first):], _span_fields(text, first, last)):
        pattern = r"\d+(\.\d{1,3})?" if unit == "SECOND" else r"\d+"
        if re.fullmatch(pattern, field) is None:
            raise UnsupportedLocally(_SPAN_REFUSAL)
        total += Decimal(field) * _SECONDS[unit]
    return total


def span(node: exp.Expression) -> exp.Expression:
    """``INTERVAL '...' DAY TO SECOND`` (or another span of fields) as a one-unit interval
    literal of the same length (months, or seconds), which DuckDB and the date arithmetic
    rewrites read; ``node`` unchanged when it has one unit."""
    unit = node.args.get("unit")
    if not isinstance(node, exp.Interval) or not isinstance(unit, exp.IntervalSpan):
        return node
    if not isinstance(node.this, exp.Literal):  # the type of CAST(x AS INTERVAL DAY TO SECOND)
        return node
    first, last = unit.this.name.upper(), unit.expression.name.upper()
    text = node.this.name.strip()
    if (first, last) != ("YEAR", "MONTH") and not {first, last} <= set(
            _ORDER) or first in _SECONDS and _ORDER.index(first) >= _ORDER.index(last):
        raise UnsupportedLocally(_SPAN_REFUSAL)
    sign, body = ("-", text[1:]) if text.startswith("-") else ("", text)
    if first == "YEAR":
        found = re.fullmatch(r"(\d+)(?:-(\d+))?", body)
        if found is None:
            raise UnsupportedLocally(_SPAN_REFUSAL)
        months = int(found[1]) * 12 + int(found[2] or 0)
        return exp.Interval(this=exp.Literal.string(f"{sign}{months}"), unit=exp.Var(this="MONTH"))
    seconds = _day_time_seconds(body, first, last)
    return exp.Interval(this=exp.Literal.string(f"{sign}{seconds}"), unit=exp.Var(this="SECOND"))



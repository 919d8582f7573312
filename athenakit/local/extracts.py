"""``EXTRACT(field FROM x)`` with Trino's fields and meanings.

Trino's fields (TestDateTimeFunctions.testExtractFromDate / testExtractFromTimestamp /
testExtractFromInterval) include ``day_of_week`` / ``dow`` (ISO, Monday 1), ``day_of_month``,
``day_of_year`` / ``doy``, ``year_of_week`` / ``yow``, and ``timezone_hour`` /
``timezone_minute`` (the value's zone offset); DuckDB knows none of these names. They become the
function of the same meaning (``day_of_week(x)`` ...), which the layer already reads on the
value's wall clock. The fields of an interval are :mod:`athenakit.local.interval_fields`'.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlglot import exp

_FUNCTIONS: dict[str, Callable[[exp.Expression], exp.Expression]] = {
    "DAY_OF_WEEK": lambda x: exp.DayOfWeekIso(this=x),
    "DOW": lambda x: exp.DayOfWeekIso(this=x),
    "DAY_OF_MONTH": lambda x: exp.DayOfMonth(this=x),
    "DAY_OF_YEAR": lambda x: exp.DayOfYear(this=x),
    "DOY": lambda x: exp.DayOfYear(this=x),
    "YEAR_OF_WEEK": lambda x: exp.YearOfWeek(this=x),
    "YOW": lambda x: exp.YearOfWeek(this=x),
}



def _field(node: exp.Expression) -> str:
    field = node.this
    return (field.name if isinstance(field, exp.Expression) else str(field)).upper()


def extract(node: exp.Expression) -> exp.Expression:
    """``EXTRACT`` in Trino's meaning; ``node`` unchanged when DuckDB's is the same."""
    from athenakit.local import zones

    if not isinstance(node, exp.Extract):
        return node
    field, value = _field(node), node.expression
    if field in ("TIMEZONE_HOUR", "TIMEZONE_MINUTE"):
        return zones.offset([value], field.split("_")[1].lower())
    if field in _FUNCTIONS:
        call = _FUNCTIONS[field](value)
        handler = zones.BY_CLASS.get(type(call))
        return handler(call) if handler is not None else call
    return node  # (a field of an interval: athenakit.local.interval_fields)

"""``date_add`` / ``date_trunc`` / ``date_diff`` of dates: a date, and only a date field.

Trino's date overloads take a DATE field only (``day``, ``week``, ``month``, ``quarter``,
``year``); any other unit fails with ``INVALID_FUNCTION_ARGUMENT: 'hour' is not a valid DATE
field`` (DateTimeFunctions.getDateField, used by addFieldValueDate, truncateDate and diffDate).
DuckDB adds hours to a date, giving a timestamp, and counts the hours between dates. Where the
operand's type is known only while DuckDB binds (a subquery's column), a macro overload
DuckDB picks by that type keeps a date a date (DuckDB's ``date_add`` / ``date_trunc`` of a date
is a timestamp) and fails for a time unit.
"""

from __future__ import annotations

from sqlglot import exp

from athenakit.local import decimals
from athenakit.local.nodes import DONE, typed
from athenakit.local.nodes import call as _call

_DATE_FIELDS = ("day", "week", "month", "quarter", "year")
_FIELD = "CASE WHEN r IS NULL THEN NULL WHEN unit IN ({fields}) THEN {answer} ELSE error(" \
    "'INVALID_FUNCTION_ARGUMENT: ''' || unit || ''' is not a valid DATE field') END"
_FIELDS = ", ".join(f"'{f}'" for f in _DATE_FIELDS)
# one typed overload each (with two, a NULL-typed operand would match both): x is the date
# operand, r DuckDB's answer, unit Trino's unit in lower case
MACROS: dict[str, str] = {
    "ak_date_result": (f"(x DATE, r, unit) AS "
                       f"{_FIELD.format(fields=_FIELDS, answer='CAST(r AS DATE)')}, "
                       "(x, r, unit) AS r"),
    "ak_date_count": (f"(x DATE, y DATE, r, unit) AS "
                      f"{_FIELD.format(fields=_FIELDS, answer='r')}, (x, y, r, unit) AS r"),
}


def _unit(node: exp.Expression) -> str:
    unit = node.args.get("unit")
    return unit.name.lower() if unit is not None else "day"


def _runtime(node: exp.Expression) -> bool:
    """``node``'s date operand has a type only DuckDB knows."""
    return decimals.unknown(node.this) or isinstance(node.this, exp.Column)


def dated(node: exp.Expression) -> exp.Expression:
    """``date_add`` / ``date_trunc`` (``node``) of a date: a date for a date field, Trino's
    failure for another unit (of a date, or of a value that turns out to be one)."""
    if node.meta.get(DONE) or node.meta.get(_MACRO):
        return node
    unit = _unit(node)
    if typed(node.this, exp.DType.DATE) and unit in _DATE_FIELDS:
        node.meta[DONE] = True
        return exp.Cast(this=node, to=exp.DataType.build("DATE"))
    if not (typed(node.this, exp.DType.DATE) or _runtime(node)):
        return node
    node.meta[_MACRO] = True
    return _call("AK_DATE_RESULT", node.this.copy(), node, exp.Literal.string(unit))


def counted(node: exp.Expression, answer: exp.Expression) -> exp.Expression:
    """``date_diff`` (``node``, DuckDB's count ``answer``) between two dates: Trino's failure
    for a unit that is not a date field (a date and a timestamp are compared as timestamps)."""
    sides = (node.this, node.expression)
    if not all(typed(side, exp.DType.DATE) or decimals.unknown(side)
               or isinstance(side, exp.Column) for side in sides):
        return answer
    return _call("AK_DATE_COUNT", *(side.copy() for side in sides), answer,
                 exp.Literal.string(_unit(node)))


_MACRO = "ak_date_field_checked"

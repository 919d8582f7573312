"""Date-field functions of intervals (``hour(x)``, ``EXTRACT(day FROM x)``) as Trino has them.

Trino has ``year`` and ``month`` of an ``interval year to month`` (its months divided by 12 and
their remainder) and ``day`` (``day_of_month``), ``hour``, ``minute``, ``second`` and
``millisecond`` of an ``interval day to second``: the parts of its length in milliseconds,
divided toward zero (DateTimeFunctions.yearFromInterval ... millisecondFromInterval;
TestDateTimeFunctions.testExtractFromInterval: ``extract(hour FROM INTERVAL '27' HOUR)`` is 3).
No other date-field function takes an interval, nor these one of the other kind: Trino fails
with ``FUNCTION_NOT_FOUND: Unexpected parameters (interval day to second) for function year``.
DuckDB keeps an interval's months, days and microseconds apart and answers every field of
either kind: ``hour(INTERVAL '1' DAY - INTERVAL '2' HOUR)`` was -2 (Trino: 22),
``year(INTERVAL '1' DAY)`` 0, ``quarter(INTERVAL '3' MONTH)`` 2.

DuckDB's one interval type does not tell the kinds apart: :mod:`literal_types` reads the kind
from the statement (year to month only where built from such literals). A call whose argument
may be an interval -- any whose type is not known here to be another -- takes the day-to-second
parts where DuckDB binds an interval, and fails as Trino's as DuckDB binds it where the function
does not take the interval's kind (a literal fails at once); an ``EXTRACT`` of such a field is
refused (:data:`EXTRACT_REFUSAL`: Trino's message for it was not confirmed).
https://trino.io/docs/current/functions/datetime.html#convenience-extraction-functions
"""

from __future__ import annotations

from sqlglot import exp

from athenakit.local import literal_types, operator_guards, signatures, typecheck
from athenakit.local.errors import UnsupportedLocally
from athenakit.local.failures import athena_error, start_of
from athenakit.local.nodes import DONE, call

YEAR_MONTH, DAY_SECOND = literal_types.YEAR_MONTH, literal_types.DAY_SECOND
# the date-field functions, and the interval kind each takes (None: no interval)
_TAKES: dict[str, str | None] = {
    **dict.fromkeys(("year", "month"), YEAR_MONTH),
    **dict.fromkeys(("day", "day_of_month", "hour", "minute", "second", "millisecond"),
                    DAY_SECOND),
    **dict.fromkeys(("quarter", "week", "week_of_year", "day_of_week", "dow", "day_of_year",
                     "doy", "year_of_week", "yow", "last_day_of_month", "timezone_hour",
                     "timezone_minute"), None)}
# a day-to-second part: (milliseconds per unit, milliseconds per next field; 0: none)
_PARTS = {"day": (86_400_000, 0), "day_of_month": (86_400_000, 0),
          "hour": (3_600_000, 86_400_000), "minute": (60_000, 3_600_000),
          "second": (1_000, 60_000), "millisecond": (1, 1_000)}
EXTRACT_REFUSAL = "EXTRACT of a field from an interval of the other kind"

# (the untyped overload is never chosen for an interval: the call stands in a CASE on the type)
MACROS: dict[str, str] = {
    "ak_interval_part": """(x INTERVAL, size, modulo) AS CASE WHEN modulo = 0
        THEN CAST(round(epoch(x) * 1000) AS BIGINT) // size
        ELSE CAST(round(epoch(x) * 1000) AS BIGINT) % modulo // size END,
        (x, size, modulo) AS NULL""",
}


def guard(tree: exp.Expression) -> exp.Expression:
    """Every date-field function (and ``EXTRACT``) of ``tree`` whose argument may be an
    interval: Trino's part of it, or Trino's failure.

    Args:
        tree: an annotated statement (modified in place).

    Returns:
        The statement.

    Raises:
        AthenaFailure: FUNCTION_NOT_FOUND for an interval literal of a kind the function does
            not take.
        UnsupportedLocally: an ``EXTRACT`` of such a literal.
    """
    found = [(node, name, args[0]) for node, name, args in signatures.calls(tree)
             if name in _TAKES and len(args) == 1 and _may_be_interval(args[0])]
    found += [(node, node.this.name.lower(), node.expression) for node in tree.find_all(
        exp.Extract) if isinstance(node.this, exp.Expr) and node.this.name.lower() in _TAKES
        and _may_be_interval(node.expression)]
    if not found:
        return tree
    sources = literal_types.sources_of(tree) if any(
        literal_types.kind(i) == literal_types.YM for i in tree.find_all(exp.Interval)) else {}
    for node, name, value in reversed(found):  # (the deepest first: copies keep them)
        if not isinstance(node, exp.Expression) or not isinstance(value, exp.Expression):
            continue
        changed = _guarded(node, name, value, sources)
        node.replace(changed)
        if node is tree:
            tree = changed
    return tree


def _may_be_interval(value: exp.Expr) -> bool:
    return typecheck.known_type(value) is None


def _literal(value: exp.Expr) -> bool:
    while isinstance(value, exp.Paren | exp.Neg):
        value = value.this
    return isinstance(value, exp.Interval)


def _guarded(node: exp.Expression, name: str, value: exp.Expression,
             sources: literal_types.Sources) -> exp.Expression:
    kind = literal_types.kind(value, sources)
    if kind == literal_types.MAYBE:
        failure: str | exp.Expression = literal_types.REFUSAL
    else:
        spelled = YEAR_MONTH if kind == literal_types.YM else DAY_SECOND
        if _TAKES[name] == spelled:
            return _parts(node, name, value) if spelled == DAY_SECOND else node
        if isinstance(node, exp.Extract):
            failure = EXTRACT_REFUSAL
        elif _literal(value):
            raise athena_error("FUNCTION_NOT_FOUND", f"Unexpected parameters ({spelled}) for "
                               f"function {signatures.shown(node, name)}",
                               offset=node.meta.get("start", start_of(node)))
        else:
            failure = _not_found(node, name, value, spelled)
    if isinstance(failure, str) and _literal(value):
        raise UnsupportedLocally(failure)
    is_interval = exp.EQ(this=operator_guards.list_type(value),
                         expression=exp.Literal.string("INTERVAL[]"))
    return operator_guards.value_guard(is_interval, failure, node.copy())


def _not_found(node: exp.Expr, name: str, value: exp.Expr, spelled: str) -> exp.Expression:
    """Trino's FUNCTION_NOT_FOUND at the function's name (or its argument's start)."""
    side = [exp.Literal.string(f"trino:{spelled}")]
    template = f"Unexpected parameters ({{*}}) for function {signatures.shown(node, name)}"
    if "start" in node.meta:
        return operator_guards.typed_key("FUNCTION_NOT_FOUND", int(node.meta["start"]),
                                         literal_types.REFUSAL, template, side)
    return operator_guards.typed_key("FUNCTION_NOT_FOUND", start_of(value),
                                     literal_types.REFUSAL, template, side, at_call=True)


def _parts(node: exp.Expression, name: str, value: exp.Expression) -> exp.Expression:
    """The part of a day-to-second interval where DuckDB binds one, else ``node``."""
    size, modulo = _PARTS[name]
    part = call("AK_INTERVAL_PART", value.copy(), exp.Literal.number(size),
                exp.Literal.number(modulo))
    if _literal(value):
        return part
    is_interval = exp.EQ(this=call("TYPEOF", value.copy()),
                         expression=exp.Literal.string("INTERVAL"))
    is_interval.meta[DONE] = True
    return exp.Case(ifs=[exp.If(this=is_interval, true=part)], default=node.copy())

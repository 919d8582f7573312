"""The typed grammar of the equivalent-spellings property tests: SQL literals of each type that
Athena users write (with NULLs of each type), and what the two property tests share (how a
statement's outcome is taken, how answers compare, how many examples run).

``ATHENAKIT_PROPERTY_EXAMPLES`` (an integer) sets the number of examples of each property test;
the default keeps the suite fast, a hunt for engine bugs runs thousands.
"""

from __future__ import annotations

import datetime as dt
import math
import os
import re
from decimal import Decimal
from typing import Any

from hypothesis import strategies as st

from athenakit.errors import QueryError
from athenakit.local.engine import LocalEngine
from athenakit.local.errors import UnsupportedLocally

EXAMPLES = int(os.environ.get("ATHENAKIT_PROPERTY_EXAMPLES", "150"))
# the suite's run draws the same examples every time (a CI run cannot fail by chance); a
# hunt (ATHENAKIT_PROPERTY_EXAMPLES set) draws new ones
DERANDOMIZE = "ATHENAKIT_PROPERTY_EXAMPLES" not in os.environ
_TRINO_ERROR = re.compile(r"^[A-Z][A-Z_]+: ")

NULL = st.just("NULL")
# integers are multiplied by a column holding 1, so DuckDB cannot fold (and simplify away) an
# expression of constants that Trino evaluates
ints = st.one_of(st.integers(-1000, 1000).map(lambda n: f"({n} * one)"),
                 st.sampled_from(["(2147483647 * one)", "(-2147483647 * one)",
                                  "(BIGINT '9223372036854775807' * one)"]),
                 NULL.map(lambda _: "CAST(NULL AS INTEGER)"))
small_ints = st.integers(-5, 12).map(lambda n: f"({n} * one)")
doubles = st.one_of(
    st.floats(-1e6, 1e6, allow_nan=False).map(
        lambda x: f"({repr(x).upper()})" if "e" in repr(x) else f"({x!r}E0)"),
    st.sampled_from(["nan()", "infinity()", "-infinity()", "0E0", "-0E0",
                     "CAST(NULL AS DOUBLE)"]))


def _decimal_literal(d: Decimal) -> str:
    return f"DECIMAL '{d}'"


# decimals of several shapes: whole, cents, long fractions, 18 and 30 digits
decimals = st.one_of(
    st.decimals(-10**6, 10**6, places=3, allow_nan=False, allow_infinity=False).map(
        _decimal_literal),
    st.decimals(-10**4, 10**4, places=0, allow_nan=False, allow_infinity=False).map(
        _decimal_literal),
    st.decimals(-1, 1, places=6, allow_nan=False, allow_infinity=False).map(_decimal_literal),
    st.decimals(-10**15, 10**15, places=2, allow_nan=False, allow_infinity=False).map(
        _decimal_literal),
    st.just("CAST(NULL AS DECIMAL(10, 3))"))
# text with unicode (accents, a combining mark, an astral character, the sharp s), blanks,
# quotes, and the empty string; no LIKE wildcards (pairs with LIKE rely on that)
_TEXT = "abcXYZ é,-'ßİ\u0301𝔸\t"
strings = st.one_of(st.text(_TEXT, max_size=6).map(lambda s: "'" + s.replace("'", "''") + "'"),
                    st.just("CAST(NULL AS VARCHAR)"))
bools = st.sampled_from(["true", "false", "CAST(NULL AS BOOLEAN)"])
_DAYS = st.dates(dt.date(1900, 1, 1), dt.date(2100, 12, 31))
dates = st.one_of(_DAYS.map(lambda d: f"DATE '{d.isoformat()}'"),
                  st.just("CAST(NULL AS DATE)"))
timestamps = st.one_of(
    st.datetimes(dt.datetime(1900, 1, 1), dt.datetime(2100, 12, 31)).map(
        lambda t: f"TIMESTAMP '{t.isoformat(sep=' ', timespec='milliseconds')}'"),
    st.just("CAST(NULL AS TIMESTAMP)"))
day_units = st.sampled_from(["day", "week", "month", "quarter", "year"])
time_units = st.sampled_from(["millisecond", "second", "minute", "hour", "day", "week", "month",
                              "quarter", "year"])


def compound(base: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    """Sums, differences, ``abs`` and ``coalesce`` of ``base``'s numbers."""
    return st.recursive(base, lambda inner: st.one_of(
        st.tuples(inner, inner).map(lambda p: f"({p[0]} + {p[1]})"),
        st.tuples(inner, inner).map(lambda p: f"({p[0]} - {p[1]})"),
        inner.map(lambda a: f"abs({a})"),
        st.tuples(inner, inner).map(lambda p: f"coalesce({p[0]}, {p[1]})"),
    ), max_leaves=4)


def text_of(base: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    """Text expressions: literals and what string functions make of them."""
    return st.recursive(base, lambda inner: st.one_of(
        st.tuples(inner, inner).map(lambda p: f"({p[0]} || {p[1]})"),
        inner.map(lambda a: f"lower({a})"), inner.map(lambda a: f"upper({a})"),
        inner.map(lambda a: f"trim({a})"), inner.map(lambda a: f"reverse({a})"),
        st.tuples(inner, st.integers(-3, 8)).map(lambda p: f"substr({p[0]}, {p[1]})"),
    ), max_leaves=3)


numbers = st.one_of(compound(ints), compound(doubles), compound(decimals))
texts = text_of(strings)


def same_kind(kind: st.SearchStrategy[str], n: int) -> st.SearchStrategy[list[str]]:
    """``n`` expressions of one kind."""
    return st.lists(kind, min_size=n, max_size=n)


# -- outcomes ---------------------------------------------------------------------------------
def outcome(engine: LocalEngine, sql: str) -> tuple[str, Any]:
    """``("value", rows)``, ``("error", NAME)`` or ``("refused", what)``; anything else fails."""
    try:
        rows = engine.run(sql).rows
    except UnsupportedLocally as err:
        assert "not supported locally" in str(err)
        return "refused", err.what
    except QueryError as err:
        reason = err.reason or ""
        assert _TRINO_ERROR.match(reason), f"DuckDB's error reached the caller: {sql}\n{err}"
        return "error", reason.split(":")[0]
    return "value", rows


def expression_outcome(engine: LocalEngine, expression: str) -> tuple[str, Any]:
    """The outcome of ``SELECT expression`` over one row whose column ``one`` holds 1."""
    kind, rows = outcome(engine, f"SELECT {expression} FROM (VALUES 1) AS t(one)")
    return (kind, rows[0][0]) if kind == "value" else (kind, rows)


def nulls(value: Any) -> bool:
    """NULL, or an array of NULLs (a NULL element spares its lambda a failing operand)."""
    if isinstance(value, (list, tuple)):
        return all(nulls(v) for v in value)
    return value is None


def excused(first: tuple[str, Any], second: tuple[str, Any]) -> bool:
    """Two outcomes that need not agree: a refusal agrees with anything, and a NULL (or an
    array of NULLs) with a failure, since a NULL operand may spare one spelling the evaluation
    of a failing one."""
    if "refused" in (first[0], second[0]):
        return True
    return "error" in (first[0], second[0]) and any(
        kind == "value" and nulls(value) for kind, value in (first, second))


def equal(a: Any, b: Any) -> bool:
    """Equal values, NaN equal to NaN, lists and tuples element by element."""
    if isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)):
        return len(a) == len(b) and all(equal(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, float) and math.isnan(a):
        return isinstance(b, float) and math.isnan(b)
    return bool(a == b) or (a is None and b is None)


def sort_key(value: Any) -> str:
    """A key under which equal values (by :func:`equal`) sort together."""
    if isinstance(value, (list, tuple)):
        return "[" + ",".join(sort_key(v) for v in value) + "]"
    if isinstance(value, float) and math.isnan(value):
        return "nan"
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        if math.isinf(value):
            return repr(float(value))
        return f"{Decimal(value).normalize() + 0:f}"
    return repr(value)

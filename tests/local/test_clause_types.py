"""Values of random types in the clauses Trino type-checks: its answer, its TYPE_MISMATCH, or
a refusal -- the same whether the value is written in place or comes from a subquery.

Conditions take booleans (WHERE, HAVING, JOIN ON, NOT, AND, OR, IF, CASE WHEN), LIKE text, a simple
CASE's WHEN value has a common type with its operand, JOIN ... USING compares its two sides,
x IN (SELECT c ...) takes a common type of x and c.
The expected outcome below is written from Trino's coercion rules
(https://trino.io/docs/current/language/types.html, "Type coercion"), independently of the
engine's tables: NULL is unknown and goes anywhere; numbers go together, a date with a
timestamp, text with text.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from spellings_grammar import outcome

from athenakit.local.engine import LocalEngine

# literal -> its family under Trino's coercion (None: NULL)
VALUES: dict[str, str | None] = {
    "1": "number", "BIGINT '2'": "number", "2.5": "number", "2.5e0": "number",
    "'a'": "text", "'true'": "text", "true": "boolean", "false": "boolean",
    "DATE '2020-01-01'": "moment", "TIMESTAMP '2020-01-02 03:04:05.000'": "moment",
    "X'01'": "binary", "ARRAY[1]": "array", "NULL": None,
}
# a condition on {v}; {t} is the relation it reads
CONDITIONS = (
    "SELECT 1 FROM {t} WHERE {v}",
    "SELECT count(*) FROM {t} HAVING arbitrary({v})",
    "SELECT 1 FROM {t} JOIN (SELECT 1 AS one) o ON {v}",
    "SELECT NOT {v} FROM {t}",
    "SELECT {v} AND true FROM {t}",
    "SELECT false OR {v} FROM {t}",
    "SELECT IF({v}, 1, 2) FROM {t}",
    "SELECT CASE WHEN {v} THEN 1 ELSE 2 END FROM {t}",
)


def _outcome(engine: LocalEngine, sql: str) -> tuple[str, object]:
    """:func:`spellings_grammar.outcome`, rows in a stable order (a set operation's are not)."""
    kind, detail = outcome(engine, sql)
    return kind, sorted(map(repr, detail)) if kind == "value" else detail


def _places(value: str, hidden: bool) -> dict[str, str]:
    """``{v}`` written in place, or read from a subquery's column ``c``."""
    if hidden:
        return {"v": "c", "t": f"(SELECT {value} AS c)"}
    return {"v": value, "t": "(SELECT 0 AS unused)"}


@settings(max_examples=150, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(value=st.sampled_from(sorted(VALUES)), condition=st.sampled_from(CONDITIONS),
       hidden=st.booleans())
def test_a_condition_fails_exactly_where_trino_finds_no_boolean(
        engine: LocalEngine, value: str, condition: str, hidden: bool) -> None:
    sql = condition.format(**_places(value, hidden))
    kind, detail = _outcome(engine, sql)
    if VALUES[value] in ("boolean", None):
        assert kind == "value", (sql, detail)
        return
    # never answered; refused (by name) only where the type is known as DuckDB binds and its
    # Trino spelling is not (varchar(n), timestamp(p))
    certain = not hidden and "arbitrary" not in condition
    if kind == "refused" and not (certain and VALUES[value] != "text"):
        assert "not boolean" in str(detail), sql
    else:
        assert (kind, detail) == ("error", "TYPE_MISMATCH"), sql


@settings(max_examples=150, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(value=st.sampled_from(sorted(VALUES)), pattern=st.booleans(), hidden=st.booleans())
def test_like_fails_exactly_where_trino_finds_no_text(
        engine: LocalEngine, value: str, pattern: bool, hidden: bool) -> None:
    place = _places(value, hidden)
    sql = (f"SELECT 'abc' LIKE {place['v']} FROM {place['t']}" if pattern
           else f"SELECT {place['v']} LIKE 'a%' FROM {place['t']}")
    kind, detail = _outcome(engine, sql)
    if VALUES[value] in ("text", None):
        assert kind == "value", (sql, detail)
    elif kind == "refused":  # Trino's message spells the type's precision: timestamp(3)
        assert hidden and value.startswith("TIMESTAMP"), (sql, detail)
    else:
        assert (kind, detail) == ("error", "TYPE_MISMATCH"), sql


@settings(max_examples=150, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(subject=st.sampled_from(sorted(VALUES)), when=st.sampled_from(sorted(VALUES)),
       shape=st.sampled_from(("case", "using", "in")),
       hidden=st.lists(st.booleans(), min_size=2, max_size=2))
def test_compared_values_fail_exactly_where_trino_finds_no_common_type(
        engine: LocalEngine, subject: str, when: str, shape: str, hidden: list[bool]) -> None:
    a, b = (f"(SELECT {v} AS c{i})" if h else "(SELECT 0 AS unused)"
            for i, (v, h) in enumerate(zip((subject, when), hidden)))
    left = "c0" if hidden[0] else subject
    right = "c1" if hidden[1] else when
    if shape == "case":
        sql = f"SELECT CASE {left} WHEN {right} THEN 1 ELSE 2 END FROM {a} x CROSS JOIN {b} y"
    elif shape == "in":
        sql = f"SELECT {left} IN (SELECT {right} FROM {b} y) FROM {a} x"
    else:  # USING: both sides are relations' columns
        sql = f"SELECT 1 FROM (SELECT {subject} AS k) x JOIN (SELECT {when} AS k) y USING (k)"
    kinds = {VALUES[subject], VALUES[when]} - {None}
    kind, detail = _outcome(engine, sql)
    if len(kinds) <= 1:
        assert kind in ("value", "refused"), (sql, detail)
        return
    # refused (by name) only where a side's type is known as DuckDB binds and its Trino
    # spelling is not (varchar(n), timestamp(p))
    bound = [shape == "using" or h for h in hidden]
    inexact = any(b and (VALUES[v] == "text" or v.startswith("TIMESTAMP"))
                  for b, v in zip(bound, (subject, when)))
    if kind == "refused" and inexact:
        return
    assert (kind, detail) == ("error", "TYPE_MISMATCH"), sql

"""Set operations over values of random types: Trino's answer, its TYPE_MISMATCH, or a refusal
-- the same whether the values are written in the branches or come from subqueries.

Trino gives a set operation's column the common super type of its branches' columns and fails
at analysis where there is none (StatementAnalyzer.visitSetOperation). The expected
compatibility below is written from Trino's coercion rules
(https://trino.io/docs/current/language/types.html, "Type coercion"), independently of the
engine's own table: numbers go together, a date with a timestamp, text with text, arrays by
their elements, NULL with anything; nothing else.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from spellings_grammar import outcome

from athenakit.local.engine import LocalEngine

# literal -> its family under Trino's coercion (None: NULL, which goes with every family)
VALUES: dict[str, str | None] = {
    "1": "number", "BIGINT '2'": "number", "2.5": "number", "2.5e0": "number",
    "REAL '1.5'": "number", "'a'": "text", "'bcd'": "text", "true": "boolean",
    "DATE '2020-01-01'": "moment", "TIMESTAMP '2020-01-02 03:04:05.000'": "moment",
    "X'01'": "binary", "ARRAY[1]": "array(number)", "ARRAY['a']": "array(text)",
    "ARRAY[2.5e0]": "array(number)", "NULL": None,
}
OPERATIONS = ("UNION ALL", "UNION", "INTERSECT", "EXCEPT")


def _compatible(kinds: list[str | None]) -> bool:
    return len({k for k in kinds if k is not None}) <= 1


def _outcome(engine: LocalEngine, sql: str) -> tuple[str, object]:
    """:func:`spellings_grammar.outcome`, rows in a stable order (a set operation's are not)."""
    kind, detail = outcome(engine, sql)
    return kind, sorted(map(repr, detail)) if kind == "value" else detail


@settings(max_examples=150, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(values=st.lists(st.sampled_from(sorted(VALUES)), min_size=2, max_size=3),
       operation=st.sampled_from(OPERATIONS))
def test_a_set_operation_fails_exactly_where_trino_finds_no_common_type(
        engine: LocalEngine, values: list[str], operation: str) -> None:
    sql = f" {operation} ".join(f"SELECT {v}" for v in values)
    kind, detail = _outcome(engine, sql)
    if _compatible([VALUES[v] for v in values]):
        assert kind in ("value", "refused"), (sql, detail)
    else:
        assert (kind, detail) == ("error", "TYPE_MISMATCH"), sql


@settings(max_examples=150, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(values=st.lists(st.sampled_from(sorted(VALUES)), min_size=2, max_size=3),
       operation=st.sampled_from(OPERATIONS),
       hidden=st.lists(st.booleans(), min_size=3, max_size=3))
def test_values_from_subqueries_get_the_inline_answer_or_a_refusal(
        engine: LocalEngine, values: list[str], operation: str, hidden: list[bool]) -> None:
    inline = f" {operation} ".join(f"SELECT {v}" for v in values)
    through = f" {operation} ".join(
        f"SELECT c{i} FROM (SELECT {v} AS c{i})" if hide else f"SELECT {v}"
        for i, (v, hide) in enumerate(zip(values, hidden)))
    expected, got = _outcome(engine, inline), _outcome(engine, through)
    if got[0] == "refused":
        return
    assert got == expected, (inline, through)

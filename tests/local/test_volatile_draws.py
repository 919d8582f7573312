"""Property: a statement holding a non-deterministic value reads it once, as Trino does.

A draw ``r`` (``floor(random() * k)``, ``random(k)``, ``CAST(random() * (k - 1) AS integer)``,
the first element of ``shuffle(sequence(0, k - 1))``) is wrapped in forms that copy their
operand somewhere in the translation (simple ``CASE``, ``IN``, ``BETWEEN``, ``nullif``,
``coalesce``, ``greatest``, ``abs``, a cast, ``element_at``, arithmetic, ``try``), nested up to
three deep, into a test that holds for every value of ``r`` in Trino (``CASE r WHEN 0 THEN ..
WHEN k - 1 THEN .. END IS NOT NULL``, ``r IN (0, .., k - 1)``, ``nullif(r, c) IS DISTINCT FROM
c``, ...), ``r`` written once: Trino evaluates each call once where the statement makes it
(conditional.html#case, comparison.html#in, math.html#random, array.html#shuffle). Counted over
200 rows (also inside an aggregate, and compared after it), each must hold on every row, or the
statement be refused by name: a copy drawn apart from another breaks the test on a share of the
rows (a quarter or more), so 200 rows find it with near certainty.

Examples per run: 150, or ``ATHENAKIT_PROPERTY_EXAMPLES``.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from spellings_grammar import DERANDOMIZE, EXAMPLES, outcome

from athenakit.local.engine import LocalEngine

_ROWS = 200


@st.composite
def _draws(draw: st.DrawFn) -> tuple[str, int]:
    """An integer draw in 0 .. k - 1 and its ``k``."""
    k = draw(st.integers(min_value=2, max_value=4))
    form = draw(st.sampled_from([
        f"floor(random() * {k})", f"random({k})", f"floor(rand() * {k})",
        f"CAST(floor(random() * {k}) AS integer)", f"random(0, {k})",
        f"element_at(shuffle(sequence(0, {k - 1})), 1)"]))
    return form, k


def _values(k: int) -> str:
    return ", ".join(str(i) for i in range(k))


@st.composite
def _tautologies(draw: st.DrawFn) -> str:
    """A test true for every value of a draw, in a form that reads it more than once."""
    r, k = draw(_draws())
    # a wrapper that keeps r's values (0 .. k - 1) as they are, r written once (each call
    # written is a draw of its own)
    for _ in range(draw(st.integers(min_value=0, max_value=2))):
        r = draw(st.sampled_from([
            f"abs({r})", f"coalesce({r}, -1)", f"greatest({r}, 0)", f"least({r}, {k})",
            f"CAST({r} AS bigint)", f"({r} + 0)", f"nullif({r}, -1)", f"try({r})",
            f"CASE WHEN true THEN {r} END", f"element_at(ARRAY[{r}], 1)"]))
    c = draw(st.integers(min_value=0, max_value=k - 1))
    return draw(st.sampled_from([
        f"CASE {r} " + " ".join(f"WHEN {i} THEN 'v{i}'" for i in range(k)) + " END IS NOT NULL",
        f"{r} IN ({_values(k)})",
        f"{r} BETWEEN 0 AND {k - 1}",
        f"nullif({r}, {c}) IS DISTINCT FROM {c}",
        f"coalesce(nullif({r}, {c}), {c}) BETWEEN 0 AND {k - 1}",
        f"contains(ARRAY[{_values(k)}], {r})",
        f"{r} * 2 IN ({', '.join(str(2 * i) for i in range(k))})",
        f"if({r} IN ({_values(k)}), true, false)",
    ]))


@st.composite
def _statements(draw: st.DrawFn) -> tuple[str, str]:
    """A statement and how it is read: ``count`` (every row holds) or ``true``."""
    test = draw(_tautologies())
    rows = f"FROM UNNEST(sequence(1, {_ROWS})) t(x)"
    shape = draw(st.sampled_from(["count", "compared", "filtered", "grouped"]))
    if shape == "count":
        return f"SELECT count_if({test}) {rows}", "count"
    if shape == "compared":  # the aggregate read again by the comparison around it
        return f"SELECT count_if({test}) >= {_ROWS} {rows}", "true"
    if shape == "filtered":
        return f"SELECT count(*) {rows} WHERE {test}", "count"
    grouped = f"SELECT min(c) = {_ROWS // 2} FROM (SELECT x % 2 AS g, count_if({test}) AS c " \
        f"{rows} GROUP BY x % 2)"
    return grouped, "true"


@settings(max_examples=EXAMPLES, deadline=None, derandomize=DERANDOMIZE,
          suppress_health_check=[HealthCheck.too_slow])
@given(_statements())
def test_a_draw_is_read_once_or_refused(engine: LocalEngine, case: tuple[str, str]) -> None:
    sql, reading = case
    kind, value = outcome(engine, sql)
    if kind == "refused":
        return
    assert kind == "value", f"{sql}: {kind} {value}"
    expected = _ROWS if reading == "count" else True
    assert value[0][0] == expected, f"{sql}: {value}"

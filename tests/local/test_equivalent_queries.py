"""Property: two queries that mean the same in Trino give the same local rows, or a refusal.

The rows of a random ``VALUES`` table (integers, doubles with NaN and Infinity, decimals, text,
dates, booleans, with NULLs of their type; ``spellings_grammar.py``) are queried two ways that
Trino defines as equivalent: aggregates and their spelled-out forms (``count(x)`` /
``sum(CASE WHEN x IS NOT NULL THEN 1 ELSE 0 END)``, ``avg`` / ``sum / count``, ``max`` /
``ORDER BY ... DESC LIMIT 1``, ``count(DISTINCT x)`` / ``count`` over ``SELECT DISTINCT``,
``array_agg(x ORDER BY x)`` / ``array_sort(array_agg(x))``), windows and the self-join of the
grouped aggregate, ``ORDER BY ... LIMIT`` and a ``row_number`` filter, ``GROUP BY`` and
``DISTINCT``, ``UNION`` and ``DISTINCT`` over ``UNION ALL``, ``IN (subquery)`` and ``EXISTS``,
``INTERSECT`` / ``EXCEPT`` and ``[NOT] EXISTS`` with ``IS NOT DISTINCT FROM``. Rows compare as
multisets (as lists where the query orders them); the outcomes must agree as in
``test_equivalent_spellings.py``.

Examples per run: 150, or ``ATHENAKIT_PROPERTY_EXAMPLES`` (e.g. 3000 to hunt for engine bugs).
"""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from spellings_grammar import (
    DERANDOMIZE,
    EXAMPLES,
    bools,
    dates,
    decimals,
    doubles,
    equal,
    outcome,
    sort_key,
)
from spellings_grammar import strings as texts

from athenakit.local.engine import LocalEngine

# plain literals: a VALUES table has no column to multiply by
ints = st.one_of(st.integers(-1000, 1000).map(str),
                 st.sampled_from(["2147483647", "-2147483647", "CAST(NULL AS INTEGER)"]))
KINDS = {"integer": ints, "double": doubles, "decimal": decimals, "varchar": texts,
         "date": dates, "boolean": bools}
ORDERED = ("integer", "decimal", "varchar", "date", "boolean")  # no NaN


def _table(values: list[tuple[str, str]]) -> str:
    rows = ", ".join(f"({k}, {v})" for k, v in values)
    return f"(VALUES {rows}) AS v(k, x)"


def tables(kind: str) -> st.SearchStrategy[str]:
    """A VALUES table ``v(k, x)``: ``k`` a small group key, ``x`` of ``kind``."""
    row = st.tuples(st.integers(1, 3).map(str), KINDS[kind])
    return st.lists(row, min_size=1, max_size=6).map(_table)


def _query_pairs(kind: str) -> st.SearchStrategy[tuple[str, str, bool]]:
    """(query, query, ordered) that Trino answers alike.

    https://trino.io/docs/current/functions/aggregate.html (count, sum, avg, max, array_agg,
    count_if), https://trino.io/docs/current/functions/window.html,
    https://trino.io/docs/current/sql/select.html (GROUP BY, DISTINCT, UNION, INTERSECT,
    EXCEPT, LIMIT), https://trino.io/docs/current/language/types.html (ordering, NaN).
    """
    t = tables(kind)
    two = st.tuples(t, t)
    ordered = kind in ORDERED
    pairs = [
        t.map(lambda v: (f"SELECT count(x) FROM {v}",
                         (f"SELECT coalesce(sum(CASE WHEN x IS NOT NULL THEN 1 ELSE 0 END), 0) "
                         f"FROM {v}"), False)),
        t.map(lambda v: (f"SELECT count(DISTINCT x) FROM {v}",
                         f"SELECT count(*) FROM (SELECT DISTINCT x FROM {v} WHERE x IS NOT NULL)",
                         False)),
        t.map(lambda v: (f"SELECT DISTINCT x FROM {v}", f"SELECT x FROM {v} GROUP BY x", False)),
        t.map(lambda v: (f"SELECT k, count(x) FROM {v} GROUP BY k",
                         f"SELECT DISTINCT k, count(x) OVER (PARTITION BY k) FROM {v}", False)),
        t.map(lambda v: (f"SELECT x FROM {v} ORDER BY x LIMIT 3",
                         (f"SELECT x FROM (SELECT x, row_number() OVER (ORDER BY x) AS rn "
                         f"FROM {v}) WHERE rn <= 3"), False)),
        t.map(lambda v: (f"SELECT x FROM {v} ORDER BY x DESC NULLS LAST",
                         f"SELECT x FROM {v} ORDER BY x DESC", True)),  # NULLS LAST by default
        t.map(lambda v: (f"SELECT array_agg(x ORDER BY x) FROM {v}",
                         f"SELECT array_sort(array_agg(x)) FROM {v}", True)),
        t.map(lambda v: (f"SELECT count(*) FROM {v} WHERE x IS NULL",
                         f"SELECT count_if(x IS NULL) FROM {v}", False)),
        two.map(lambda p: (f"SELECT x FROM {p[0]} UNION SELECT x FROM {p[1]}",
                           (f"SELECT DISTINCT x FROM (SELECT x FROM {p[0]} UNION ALL "
                           f"SELECT x FROM {p[1]})"), False)),
        # IN (subquery) is a semi-join, its set matched with the type's IDENTICAL operator
        # for scalars (io/trino/operator/ChannelSet.java): NaN IN (SELECT NaN) is true
        two.map(lambda p: (f"SELECT x FROM {p[0]} WHERE x IN (SELECT x FROM {p[1]})",
                           (f"SELECT x FROM {p[0]} WHERE EXISTS (SELECT 1 FROM "
                           f"{_as(p[1], 'w')} WHERE w.x IS NOT DISTINCT FROM v.x "
                           f"AND v.x IS NOT NULL)"), False)),
        two.map(lambda p: (f"SELECT x FROM {p[0]} INTERSECT SELECT x FROM {p[1]}",
                           (f"SELECT DISTINCT x FROM {p[0]} WHERE EXISTS (SELECT 1 FROM "
                           f"{_as(p[1], 'w')} "
                           f"WHERE w.x IS NOT DISTINCT FROM v.x)"), False)),
        two.map(lambda p: (f"SELECT x FROM {p[0]} EXCEPT SELECT x FROM {p[1]}",
                           (f"SELECT DISTINCT x FROM {p[0]} WHERE NOT EXISTS (SELECT 1 FROM "
                           f"{_as(p[1], 'w')} "
                           f"WHERE w.x IS NOT DISTINCT FROM v.x)"), False)),
    ]
    pairs += _more_pairs(kind, t)
    if ordered:  # max / min / ORDER BY agree where no NaN is among the values
        pairs += [
            t.map(lambda v: (f"SELECT max(x) FROM {v}",
                             (f"SELECT (SELECT x FROM {v} WHERE x IS NOT NULL "
                             f"ORDER BY x DESC LIMIT 1)"), False)),
            t.map(lambda v: (f"SELECT k, min(x) FROM {v} GROUP BY k",
                             (f"SELECT DISTINCT k, first_value(x) OVER (PARTITION BY k ORDER BY "
                             f"x NULLS LAST ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED "
                             f"FOLLOWING) FROM {v}"), False)),
            t.map(lambda v: (f"SELECT max_by(k, x) IS NULL FROM {v}",
                             f"SELECT count(x) = 0 FROM {v}", False)),
            t.map(lambda v: ((f"SELECT k, x, r FROM (SELECT k, x, rank() OVER (PARTITION BY k "
                             f"ORDER BY x) AS r FROM {v}) WHERE x IS NOT NULL"),
                             (f"SELECT k, x, (SELECT count(*) FROM {_as(v, 'w')} WHERE w.k = v.k "
                             f"AND w.x < v.x) + 1 FROM {v} WHERE x IS NOT NULL"), False)),
        ]
    if kind in ("integer", "decimal", "double"):
        pairs += [
            t.map(lambda v: (f"SELECT k, sum(x) FROM {v} GROUP BY k",
                             f"SELECT DISTINCT k, sum(x) OVER (PARTITION BY k) FROM {v}", False)),
        ]
    if kind in ("integer", "decimal"):
        pairs.append(t.map(lambda v: (
            f"SELECT sum(DISTINCT x), count(DISTINCT x) FROM {v}",
            f"SELECT sum(x), count(x) FROM (SELECT DISTINCT x FROM {v})", False)))
    if kind in ("integer", "decimal"):  # sums of doubles depend on the order of addition
        pairs.append(t.map(lambda v: (
            f"SELECT sum(x) FROM {v}",
            f"SELECT sum(s) FROM (SELECT k, sum(x) AS s FROM {v} GROUP BY k)", False)))
    if kind == "integer":
        pairs.append(t.map(lambda v: (
            f"SELECT sum(x) FROM {v}",
            (f"SELECT reduce(array_agg(x), CAST(NULL AS BIGINT), (s, e) -> CASE WHEN e IS NULL "
            f"THEN s WHEN s IS NULL THEN e ELSE s + e END, s -> s) FROM {v}"), False)))
    if kind in ("decimal", "double"):
        pairs.append(t.map(lambda v: (f"SELECT avg(x) FROM {v}",
                                      f"SELECT sum(x) / count(x) FROM {v}", False)))
    if kind == "boolean":
        pairs += [
            t.map(lambda v: (f"SELECT bool_and(x) FROM {v}", f"SELECT every(x) FROM {v}", False)),
            t.map(lambda v: (f"SELECT bool_or(x) FROM {v}",
                             (f"SELECT max(CASE WHEN x THEN 1 WHEN NOT x THEN 0 END) = 1 "
                             f"FROM {v}"), False)),
            t.map(lambda v: (f"SELECT count_if(x) FROM {v}",
                             f"SELECT count(*) FROM {v} WHERE x", False)),
        ]
    return st.one_of(*pairs)


def _more_pairs(kind: str, t: st.SearchStrategy[str]) -> list[st.SearchStrategy[Any]]:
    """FILTER, grouping sets, window frames and lag / lead against their spelled-out forms.

    https://trino.io/docs/current/functions/aggregate.html#filtering-during-aggregation,
    https://trino.io/docs/current/sql/select.html#group-by-clause (GROUPING SETS, CUBE, ROLLUP
    and their UNION ALL equivalents), https://trino.io/docs/current/functions/window.html
    (frames, lag / lead and their defaults).
    """
    pairs: list[st.SearchStrategy[Any]] = [
        t.map(lambda v: ((f"SELECT count(x) FILTER (WHERE k > 1), count(*) FILTER (WHERE k = 1) "
                          f"FROM {v}"),
                         (f"SELECT count(CASE WHEN k > 1 THEN x END), "
                          f"count(CASE WHEN k = 1 THEN 1 END) FROM {v}"), False)),
        # subscripts by a computed index are 1-based, as element_at's
        t.map(lambda v: ((f"SELECT a[least(k, cardinality(a))] FROM (SELECT "
                          f"array_agg(x ORDER BY k, x) OVER () AS a, k FROM {v})"),
                         (f"SELECT element_at(a, least(k, cardinality(a))) FROM (SELECT "
                          f"array_agg(x ORDER BY k, x) OVER () AS a, k FROM {v})"), False)),
        t.map(lambda v: (f"SELECT array_agg(x) FILTER (WHERE x IS NOT NULL) IS NULL FROM {v}",
                         f"SELECT count(x) = 0 FROM {v}", False)),
        t.map(lambda v: (f"SELECT k, count(x), grouping(k) FROM {v} GROUP BY ROLLUP (k)",
                         (f"SELECT k, count(x), 0 FROM {v} GROUP BY k UNION ALL "
                          f"SELECT NULL, count(x), 1 FROM {v}"), False)),
        t.map(lambda v: (f"SELECT k, x, count(*) FROM {v} GROUP BY CUBE (k, x)",
                         (f"SELECT k, x, count(*) FROM {v} GROUP BY k, x UNION ALL "
                          f"SELECT k, NULL, count(*) FROM {v} GROUP BY k UNION ALL "
                          f"SELECT NULL, x, count(*) FROM {v} GROUP BY x UNION ALL "
                          f"SELECT NULL, NULL, count(*) FROM {v}"), False)),
        t.map(lambda v: (f"SELECT k, x, count(*) FROM {v} GROUP BY GROUPING SETS ((k), (x))",
                         (f"SELECT k, NULL, count(*) FROM {v} GROUP BY k UNION ALL "
                          f"SELECT NULL, x, count(*) FROM {v} GROUP BY x"), False)),
        t.map(lambda v: (
            f"SELECT k, x, lag(x) OVER (PARTITION BY k ORDER BY x) IS NULL FROM {v}",
            (f"SELECT k, x, row_number() OVER (PARTITION BY k ORDER BY x) = 1 OR "
             f"nth_value(x, 1) OVER (PARTITION BY k ORDER BY x ROWS BETWEEN 1 PRECEDING AND "
             f"1 PRECEDING) IS NULL FROM {v}"), False)),
        t.map(lambda v: (
            (f"SELECT k, count(x) OVER (PARTITION BY k ORDER BY k "
             f"RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) FROM {v}"),
            f"SELECT k, count(x) OVER (PARTITION BY k) FROM {v}", False)),
        t.map(lambda v: (
            f"SELECT k, count(x) OVER (ORDER BY k) FROM {v}",
            (f"SELECT k, (SELECT count(x) FROM {_as(v, 'w')} WHERE w.k <= v.k) FROM {v}"),
            False)),
        t.map(lambda v: (
            (f"SELECT k, count(x) OVER (ORDER BY k ROWS BETWEEN UNBOUNDED PRECEDING AND "
             f"UNBOUNDED FOLLOWING) FROM {v}"),
            f"SELECT k, (SELECT count(x) FROM {v}) FROM {v}", False)),
        t.map(lambda v: (
            (f"SELECT k, sum(k) OVER (ORDER BY k GROUPS BETWEEN 1 PRECEDING AND CURRENT ROW) "
             f"FROM {v}"),
            (f"SELECT k, (SELECT sum(w.k) FROM {_as(v, 'w')} WHERE w.k <= v.k AND w.k >= "
             f"coalesce((SELECT max(u.k) FROM {_as(v, 'u')} WHERE u.k < v.k), v.k)) FROM {v}"),
            False)),
    ]
    if kind in ORDERED:
        pairs += [
            t.map(lambda v: (f"SELECT array_agg(DISTINCT x ORDER BY x) FROM {v}",
                             f"SELECT array_agg(x ORDER BY x) FROM (SELECT DISTINCT x FROM {v})",
                             True)),
            t.map(lambda v: (f"SELECT max(x, 2) FROM {v}",
                             (f"SELECT CASE WHEN count(x) > 0 THEN slice(array_agg(x ORDER BY x "
                              f"DESC) FILTER (WHERE x IS NOT NULL), 1, 2) END FROM {v}"), True)),
            # histogram is the map of each value's count (NULLs skipped; none at all: NULL)
            t.map(lambda v: (f"SELECT cardinality(histogram(x)) FROM {v}",
                             f"SELECT CASE WHEN count(x) > 0 THEN count(DISTINCT x) END FROM {v}",
                             False)),
            t.map(lambda v: (f"SELECT array_sort(map_keys(histogram(x))) FROM {v}",
                             (f"SELECT array_agg(DISTINCT x ORDER BY x) FILTER (WHERE x IS NOT "
                              f"NULL) FROM {v}"), True)),
            t.map(lambda v: (f"SELECT histogram(x)[min(x)] FROM {v}",
                             (f"SELECT CASE WHEN count(x) > 0 THEN count(*) FILTER (WHERE x = "
                              f"(SELECT min(x) FROM {v})) END FROM {v}"), False)),
            t.map(lambda v: (f"SELECT k, max_by(x, x) FROM {v} GROUP BY k",
                             f"SELECT k, max(x) FROM {v} GROUP BY k", False)),
            t.map(lambda v: (
                (f"SELECT x, lead(x, 1, x) OVER (ORDER BY x NULLS FIRST, k) FROM "
                 f"(SELECT DISTINCT k, x FROM {v})"),
                (f"SELECT x, coalesce(lead(x) OVER (ORDER BY x NULLS FIRST, k), "
                 f"CASE WHEN row_number() OVER (ORDER BY x NULLS FIRST, k) = count(*) OVER () "
                 f"THEN x END) FROM (SELECT DISTINCT k, x FROM {v})"), False)),
            t.map(lambda v: (
                (f"SELECT k, max(x) OVER (PARTITION BY k ORDER BY x ROWS BETWEEN UNBOUNDED "
                 f"PRECEDING AND CURRENT ROW) FROM {v}"),
                (f"SELECT k, CASE WHEN x IS NULL THEN max(x) OVER (PARTITION BY k) ELSE x END "
                 f"FROM {v}"), False)),
        ]
    return pairs


def _as(table: str, alias: str) -> str:
    """The VALUES table ``table`` under another alias, for a self-join or subquery."""
    return table.replace("AS v(", f"AS {alias}(")


def _pairs() -> st.SearchStrategy[tuple[str, str, bool]]:
    return st.one_of(*[_query_pairs(kind) for kind in KINDS])


def _rows(rows: list[Any], ordered: bool) -> list[Any]:
    return rows if ordered else sorted(rows, key=sort_key)


@settings(max_examples=EXAMPLES, deadline=None, derandomize=DERANDOMIZE,
          suppress_health_check=[HealthCheck.too_slow])
@given(_pairs())
def test_equivalent_queries_agree_or_are_refused(engine: LocalEngine,
                                                 pair: tuple[str, str, bool]) -> None:
    first, second = outcome(engine, pair[0]), outcome(engine, pair[1])
    if "refused" in (first[0], second[0]):
        return
    assert first[0] == second[0], f"{pair}: {first} vs {second}"
    if first[0] == "value":
        a, b = _rows(first[1], pair[2]), _rows(second[1], pair[2])
        assert equal(a, b), f"{pair}: {a!r} vs {b!r}"

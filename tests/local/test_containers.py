"""Comparisons of values whose type only DuckDB knows (athenakit.local.containers).

Such a comparison is checked while running (a container holding a NULL, a NaN or a map is
refused); for scalars the check is a constant DuckDB folds away, so an equi-join on such
columns stays a hash join. The answers themselves are in
tests/conformance/cases/trino_known_differences.yaml.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from athenakit.local import LocalEngine
from athenakit.local.errors import UnsupportedLocally
from athenakit.local.translate import transpile

# from_base(s, 2): a bigint sqlglot does not type, in subqueries
_JOIN = ("SELECT * FROM (SELECT from_base(s, 2) AS k FROM (VALUES '10', '11') t(s)) a "
         "JOIN (SELECT from_base(s, 2) AS k FROM (VALUES '10') t(s)) b ON a.k = b.k")


@pytest.fixture(scope="module")
def engine() -> Iterator[LocalEngine]:
    with LocalEngine() as e:
        yield e


def test_a_comparison_of_untyped_values_is_checked_while_running() -> None:
    assert "AK_UNSURE_CONTAINER(a.k)" in transpile(_JOIN)[0]


def test_the_check_on_scalars_leaves_an_equi_join_a_hash_join(engine: LocalEngine) -> None:
    plan = "\n".join(row[0] for row in engine.run("EXPLAIN " + _JOIN).rows)
    assert "HASH_JOIN" in plan.upper().replace(" ", "_")
    assert [list(r) for r in engine.run(_JOIN).rows] == [[2, 2]]  # 0b10 = 2


def test_a_comparison_of_typed_scalars_is_left_alone() -> None:
    assert transpile("SELECT 1 = 2")[0] == 'SELECT 1 = 2 AS "_col0"'


def test_untyped_rows_holding_a_null_are_refused(engine: LocalEngine) -> None:
    with pytest.raises(UnsupportedLocally, match="hold NULLs, NaN or maps"):
        engine.run("SELECT x = y FROM (SELECT ROW(1, NULL) AS x, ROW(1, 2) AS y)")

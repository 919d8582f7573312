"""Negative numbers interpolated next to '-' or '+' stay one operand (no '--' comment forms)."""

from __future__ import annotations

from decimal import Decimal

import sqlglot
from hypothesis import given
from hypothesis import strategies as st
from sqlglot import exp

from athenakit.query.params import format_literal

NUMBERS = st.one_of(
    st.integers(max_value=-1),
    st.floats(max_value=-1e-300, allow_nan=False, allow_infinity=True),
    st.decimals(max_value=Decimal(-1) / 10**4, allow_nan=False, allow_infinity=False, places=4),
)


@given(NUMBERS, st.sampled_from(["-", "+"]))
def test_a_negative_value_after_an_operator_keeps_the_filter(value: object, op: str) -> None:
    sql = f"SELECT * FROM t WHERE id >= 0{op}{format_literal(value)} AND kind = 'public'"
    tree = sqlglot.parse_one(sql, read="trino")
    where = tree.find(exp.Where)
    assert where is not None and isinstance(where.this, exp.And)
    assert where.this.expression.sql(dialect="trino") == "kind = 'public'"
    assert not list(tree.find_all(exp.Comment)) if hasattr(exp, "Comment") else True
    assert "--" not in sql


def _keeps_filter(sql: str) -> None:
    where = sqlglot.parse_one(sql, read="trino").find(exp.Where)
    assert where is not None and isinstance(where.this, exp.And)
    assert where.this.expression.sql(dialect="trino") == "kind = 'public'"


@given(NUMBERS, st.sampled_from(["-", "+", "*"]))
def test_a_notebook_value_after_an_operator_keeps_the_filter(value: object, op: str) -> None:
    from athenakit.notebook.interpolate import interpolate

    bound = interpolate(f"SELECT * FROM t WHERE id >= 0{op}{{v}} AND kind = 'public'",
                        {"v": value})
    assert len(bound) == 1 and "--" not in bound[0].sql
    _keeps_filter(bound[0].sql)


@given(st.integers(max_value=-1) | st.decimals(max_value=-1, allow_nan=False,
                                                 allow_infinity=False, places=3))
def test_a_negative_param_is_one_operand(value: object) -> None:
    from athenakit.query.params import parse_param

    literal = format_literal(parse_param(str(value)))
    _keeps_filter(f"SELECT * FROM t WHERE id >= 0-{literal} AND kind = 'public'")

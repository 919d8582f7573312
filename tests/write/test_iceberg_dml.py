"""MERGE INTO, UPDATE, DELETE, OPTIMIZE and VACUUM: Iceberg only, checked expressions, and the
statement shapes Trino's grammar reads.

https://docs.aws.amazon.com/athena/latest/ug/merge-into-statement.html
https://docs.aws.amazon.com/athena/latest/ug/optimize-statement.html
"""

from __future__ import annotations

import pytest
import sqlglot
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlglot import exp

from athenakit.errors import SpecError
from athenakit.table.model import Table, columns
from athenakit.table.spec import loads_spec
from athenakit.write import iceberg, merge

ORDERS = loads_spec("""
name: orders
database: sales
table_type: iceberg
location: s3://b/orders/
columns:
  - {name: id, type: bigint}
  - {name: region, type: string}
  - {name: status, type: string}
  - {name: total, type: 'decimal(10,2)'}
partitioning: [region]
""")[0]
HIVE = Table(name="logs", location="s3://b/logs/", columns=columns({"id": "bigint"}))


@pytest.mark.parametrize("build", [
    lambda t: merge.merge_into(t, "SELECT 1 AS id", on=["id"]),
    lambda t: iceberg.update(t, {"id": "1"}, where=None),
    lambda t: iceberg.delete(t, where="id = 1"),
    lambda t: iceberg.optimize(t),
    lambda t: iceberg.vacuum(t),
], ids=["merge", "update", "delete", "optimize", "vacuum"])
def test_row_level_statements_are_refused_on_hive_tables(build: object) -> None:
    # MERGE, UPDATE, DELETE, OPTIMIZE and VACUUM are supported for Iceberg tables only
    # https://docs.aws.amazon.com/athena/latest/ug/querying-iceberg-updating-iceberg-table-data.html
    with pytest.raises(SpecError, match="Iceberg tables only"):
        build(HIVE)  # type: ignore[operator]


def test_an_upsert_updates_every_non_key_column_and_inserts_every_column() -> None:
    tree = sqlglot.parse_one(merge.merge_into(ORDERS, "SELECT * FROM staging", on=["id"]),
                             read="trino")
    assert isinstance(tree, exp.Merge)
    on = tree.args["on"]
    assert isinstance(on, exp.EQ) and on.sql("trino") == '"target"."id" = "source"."id"'
    matched, unmatched = tree.args["whens"].expressions
    assert [e.this.name for e in matched.args["then"].expressions] == [
        "region", "status", "total"]
    assert [c.name for c in unmatched.args["then"].this.expressions] == [
        "id", "region", "status", "total"]


def test_merge_clauses_keep_their_order_and_conditions() -> None:
    sql = merge.merge_into(ORDERS, ORDERS, on="target.id = source.id AND source.total > 0",
                           when=(merge.MatchedDelete("source.status = 'gone'"),
                                 merge.MatchedUpdate(values=(("total", "source.total * 2"),),
                                                     columns=("total",))))
    tree = sqlglot.parse_one(sql, read="trino")
    whens = tree.args["whens"].expressions
    assert [w.args["then"].key for w in whens] == ["var", "update"]
    assert whens[0].args["condition"].sql("trino") == "(source.status = 'gone')"
    assert whens[1].args["then"].expressions[0].expression.sql("trino") == "source.total * 2"
    assert "USING sales.orders AS" in sql


@pytest.mark.parametrize(("build", "reason"), [
    (lambda: iceberg.delete(ORDERS, where="1 = 1; DROP TABLE sales.orders"), "not one SQL"),
    (lambda: iceberg.update(ORDERS, {"status": "'x') --"}, where=None), "not one SQL"),
    (lambda: iceberg.update(ORDERS, {"nope": "1"}, where=None), "no column 'nope'"),
    (lambda: merge.merge_into(ORDERS, "SELECT 1", on=["nope"]), "no column 'nope'"),
    (lambda: merge.merge_into(ORDERS, "SELECT 1", on=[]), "key columns"),
    (lambda: merge.merge_into(ORDERS, "SELECT 1", on=["id"], when=()), "WHEN clause"),
    (lambda: merge.merge_into(ORDERS, "SELECT 1", on=["id", "region", "status", "total"],
                              when=(merge.MatchedUpdate(),)), "every column is a key"),
    # https://docs.aws.amazon.com/athena/latest/ug/optimize-statement.html: only partition
    # columns in the WHERE predicate
    (lambda: iceberg.optimize(ORDERS, where="status = 'x'"), "partition columns only"),
], ids=["second-statement", "closing-paren", "update-unknown", "merge-unknown", "no-keys",
        "no-clauses", "all-keys", "optimize-non-partition"])
def test_bad_input_is_refused_with_the_reason(build: object, reason: str) -> None:
    with pytest.raises(SpecError, match=reason):
        build()  # type: ignore[operator]


def test_optimize_takes_a_partition_predicate_and_vacuum_names_the_table() -> None:
    sql = iceberg.optimize(ORDERS, where="region IN ('eu', 'us')")
    assert sql == ("OPTIMIZE sales.orders REWRITE DATA USING BIN_PACK\n"
                   "WHERE region IN ('eu', 'us')\n")
    assert iceberg.vacuum(ORDERS) == "VACUUM sales.orders\n"


def test_delete_without_where_deletes_every_row_only_when_said() -> None:
    assert iceberg.delete(ORDERS, where=None) == "DELETE FROM sales.orders\n"
    with pytest.raises(TypeError):
        iceberg.delete(ORDERS)  # type: ignore[call-arg]


@settings(max_examples=60, deadline=None)
@given(value=st.text(st.sampled_from("ab9_-'\"\\ ;)(é`"), max_size=20))
def test_a_quoted_value_stays_one_literal(value: str) -> None:
    literal = "'" + value.replace("'", "''") + "'"
    tree = sqlglot.parse_one(iceberg.update(ORDERS, {"status": literal}, where="id = 1"),
                             read="trino")
    assert isinstance(tree, exp.Update)
    [assignment] = tree.expressions
    assert assignment.expression.this == value

"""``information_schema`` over the local catalog, through the engine's query path.

Expected shapes are Trino's: the tables and columns of
trinodb/trino core/trino-main/src/main/java/io/trino/connector/informationschema/
InformationSchemaTable.java (hidden: columns.comment / extra_info / column_comment,
tables.trino_relation_type / table_comment), ``table_type`` 'BASE TABLE' / 'VIEW' (the SQL
standard's, as Trino's InformationSchemaPageSource writes them), ``extra_info`` 'partition key'
(Trino's Hive connector, HiveUtil.columnExtraInfo), type names as Trino displays them
(TestTypeOfFunction: ``array(integer)``, ``map(integer, double)``, ``decimal(4,2)``), and the
queries of https://docs.aws.amazon.com/athena/latest/ug/querying-glue-catalog.html.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from athenakit.errors import QueryError
from athenakit.local.engine import LocalEngine
from athenakit.table.model import Partition, Table, columns


@pytest.fixture
def engine(tmp_path: Path) -> LocalEngine:
    events = Table(name="events", database="web", location="s3://bucket/events/",
                   columns=columns({"id": "int", "name": "string", "tags": "array<string>",
                                    "attrs": "map<string,int>",
                                    "geo": "struct<lat:double,price:decimal(10,2)>",
                                    "ts": "timestamp"}),
                   partitions=(Partition("dt", "string"),), comment="raw events")
    users = Table(name="users", database="crm", location="s3://bucket/users/",
                  columns=columns({"uid": "bigint", "email": "varchar(64)"}))
    eng = LocalEngine([events, users], s3_root=tmp_path)
    eng.run("CREATE VIEW web.recent AS SELECT id, name FROM web.events")
    return eng


def test_tables_of_a_schema(engine: LocalEngine) -> None:
    result = engine.run("SELECT table_schema, table_name, table_type FROM information_schema.tables "
                        "WHERE table_schema = 'web' ORDER BY table_name")
    assert result.rows == [("web", "events", "BASE TABLE"), ("web", "recent", "VIEW")]
    assert [c.type for c in result.columns] == ["varchar"] * 3


def test_select_star_gives_the_visible_columns_and_hidden_ones_when_named(
        engine: LocalEngine) -> None:
    star = engine.run("SELECT * FROM information_schema.tables WHERE table_name = 'events'")
    assert [c.name for c in star.columns] == ["table_catalog", "table_schema", "table_name",
                                              "table_type"]
    assert star.rows == [("awsdatacatalog", "web", "events", "BASE TABLE")]
    named = engine.run("SELECT table_comment, trino_relation_type FROM "
                       "awsdatacatalog.information_schema.tables WHERE table_name = 'events'")
    assert named.rows == [("raw events", "TABLE")]


def test_columns_in_order_with_trino_type_names(engine: LocalEngine) -> None:
    result = engine.run("SELECT * FROM information_schema.columns "
                        "WHERE table_schema = 'web' AND table_name = 'events'")
    assert [c.name for c in result.columns] == [
        "table_catalog", "table_schema", "table_name", "column_name", "ordinal_position",
        "column_default", "is_nullable", "data_type"]
    assert [c.type for c in result.columns] == ["varchar"] * 4 + ["bigint"] + ["varchar"] * 3
    assert sorted(r[3:] for r in result.rows) == sorted([
        ("id", 1, None, "YES", "integer"),
        ("name", 2, None, "YES", "varchar"),
        ("tags", 3, None, "YES", "array(varchar)"),
        ("attrs", 4, None, "YES", "map(varchar, integer)"),
        ("geo", 5, None, "YES", "row(lat double, price decimal(10,2))"),
        ("ts", 6, None, "YES", "timestamp(3)"),
        ("dt", 7, None, "YES", "varchar"),
    ])
    assert {r[:3] for r in result.rows} == {("awsdatacatalog", "web", "events")}


def test_partition_columns_are_marked_in_extra_info(engine: LocalEngine) -> None:
    result = engine.run("SELECT column_name FROM information_schema.columns "
                        "WHERE table_name = 'events' AND extra_info = 'partition key'")
    assert result.rows == [("dt",)]
    bounded = engine.run("SELECT data_type FROM information_schema.columns "
                         "WHERE table_name = 'users' ORDER BY ordinal_position")
    assert bounded.rows == [("bigint",), ("varchar(64)",)]


def test_view_columns_and_definition(engine: LocalEngine) -> None:
    cols = engine.run("SELECT column_name, data_type FROM information_schema.columns "
                      "WHERE table_name = 'recent' ORDER BY ordinal_position")
    assert cols.rows == [("id", "integer"), ("name", "varchar")]
    views = engine.run("SELECT table_name, view_definition FROM information_schema.views")
    assert views.rows == [("recent", "SELECT id, name FROM web.events")]


def test_schemata_list_every_schema_and_information_schema_itself(engine: LocalEngine) -> None:
    result = engine.run("SELECT schema_name FROM information_schema.schemata ORDER BY 1")
    assert result.rows == [("crm",), ("default",), ("information_schema",), ("web",)]
    assert engine.run("SELECT DISTINCT catalog_name FROM information_schema.schemata").rows \
        == [("awsdatacatalog",)]


def test_joins_and_aggregates_run_as_on_any_table(engine: LocalEngine) -> None:
    result = engine.run(
        "SELECT t.table_name, count(c.column_name) AS n FROM information_schema.tables t "
        "JOIN information_schema.columns c ON c.table_schema = t.table_schema "
        "AND c.table_name = t.table_name WHERE t.table_schema <> 'information_schema' "
        "GROUP BY t.table_name ORDER BY n DESC, 1")
    assert result.rows == [("events", 7), ("recent", 2), ("users", 2)]


def test_new_tables_show_up_in_the_next_statement(engine: LocalEngine) -> None:
    engine.run("CREATE EXTERNAL TABLE crm.orders (oid bigint) LOCATION 's3://bucket/orders/'")
    result = engine.run("SELECT table_name FROM information_schema.tables "
                        "WHERE table_schema = 'crm' ORDER BY 1")
    assert result.rows == [("orders",), ("users",)]


def test_unknown_and_unsupported_information_schema_tables(engine: LocalEngine) -> None:
    with pytest.raises(QueryError, match="TABLE_NOT_FOUND: line 1:15: Table "
                                         "'awsdatacatalog.information_schema.nope' does not exist"):
        engine.run("SELECT * FROM information_schema.nope")
    with pytest.raises(QueryError, match="not supported locally: information_schema.roles"):
        engine.run("SELECT * FROM information_schema.roles")

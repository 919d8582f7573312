"""Rendering of every statement kind, parsed back with sqlglot where sqlglot supports it.

https://docs.aws.amazon.com/athena/latest/ug/ddl-reference.html
"""

from __future__ import annotations

import re
from typing import Any

import pytest
import sqlglot
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlglot import exp

from athenakit.errors import SpecError
from athenakit.sql.quoting import Engine, hive_unescape, quote_literal
from athenakit.table.model import (
    Bucketing,
    Column,
    Database,
    Partition,
    ProjectionConfig,
    Table,
    TableType,
    columns,
)
from athenakit.table.projection import DateProjection, EnumProjection, IntegerProjection
from athenakit.table.render import (
    PartitionValues,
    add_partitions,
    create_database,
    create_table,
    drop_table,
    msck_repair,
    set_table_properties,
    table_properties,
)
from athenakit.table.storage import FrozenDict, Storage

EVENTS = Table(
    name="events", database="logs", columns=columns({"id": "bigint", "date": "date"}),
    partitions=(Partition("dt"), Partition("region")), location="s3://bucket/events/",
)


def parse_one(sql: str, dialect: str = "athena") -> Any:
    statements = sqlglot.parse(sql, read=dialect)
    assert len(statements) == 1 and statements[0] is not None
    statement = statements[0]
    assert not isinstance(statement, exp.Command), f"sqlglot could not parse:\n{sql}"
    return statement


def hive_table(**fields: Any) -> Table:
    base: dict[str, Any] = {"name": "t", "columns": columns({"id": "bigint", "msg": "string"}),
                            "location": "s3://bucket/t/"}
    return Table(**{**base, **fields})


def props_of(create: exp.Expression, kind: type[exp.Expression]) -> list[exp.Expression]:
    return list(create.find_all(kind))


# -- CREATE EXTERNAL TABLE for each storage layout -------------------------------------------------
STORAGE_CASES = [
    pytest.param(Storage(format="text", field_delimiter="\t", collection_delimiter="|",
                         map_key_delimiter=":", null_format=""),
                 ["ROW FORMAT DELIMITED", "FIELDS TERMINATED BY '\\t'",
                  "COLLECTION ITEMS TERMINATED BY '|'", "MAP KEYS TERMINATED BY ':'",
                  "NULL DEFINED AS ''", "STORED AS TEXTFILE"], id="text delimited"),
    pytest.param(Storage(format="text", field_delimiter=",",
                         serde_properties=FrozenDict({"serialization.format": ","})),
                 ["ROW FORMAT SERDE 'org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe'",
                  "'field.delim'=','", "'serialization.format'=','"],
                 id="text with serde properties"),
    pytest.param(Storage(format="csv", serde_properties=FrozenDict({"separatorChar": "\t"})),
                 ["ROW FORMAT SERDE 'org.apache.hadoop.hive.serde2.OpenCSVSerde'",
                  "'separatorChar'='\\t'", "STORED AS TEXTFILE"], id="csv"),
    pytest.param(Storage(format="hive_json"),
                 ["ROW FORMAT SERDE 'org.apache.hive.hcatalog.data.JsonSerDe'"], id="hive json"),
    pytest.param(Storage(format="orc"), ["STORED AS ORC"], id="orc"),
    pytest.param(Storage(format="avro", serde_properties=FrozenDict({
        "avro.schema.literal": '{"type": "record", "name": "t", "fields": []}'})),
                 ["'avro.schema.literal'='{\"type\": \"record\"",
                  "INPUTFORMAT 'org.apache.hadoop.hive.ql.io.avro.AvroContainerInputFormat'"],
                 id="avro"),
    pytest.param(Storage(format="grok", serde_properties=FrozenDict({
        "input.format": "%{COMMONAPACHELOG}"})),
                 ["ROW FORMAT SERDE 'com.amazonaws.glue.serde.GrokSerDe'",
                  "INPUTFORMAT 'org.apache.hadoop.mapred.TextInputFormat'"], id="grok"),
    pytest.param(Storage(format="ion"),
                 ["INPUTFORMAT 'com.amazon.ionhiveserde.formats.IonInputFormat'"], id="ion"),
    pytest.param(Storage(format="custom", serde="com.example.S", input_format="com.example.I",
                         output_format="com.example.O"),
                 ["ROW FORMAT SERDE 'com.example.S'", "INPUTFORMAT 'com.example.I'",
                  "OUTPUTFORMAT 'com.example.O'"], id="custom"),
]


@pytest.mark.parametrize("storage,expected", STORAGE_CASES)
def test_create_table_storage_clauses_render_and_parse(storage: Storage,
                                                       expected: list[str]) -> None:
    sql = create_table(hive_table(storage=storage))
    for fragment in expected:
        assert fragment in sql
    create = parse_one(sql)
    assert isinstance(create, exp.Create) and create.args["kind"] == "TABLE"
    assert [c.name for c in create.this.expressions] == ["id", "msg"]


def test_create_table_clause_order_follows_the_grammar() -> None:
    table = hive_table(comment="it's", partitions=(Partition("dt"),),
                       bucketing=Bucketing(("id",), 8), storage=Storage(format="csv"),
                       compression="GZIP", properties={"classification": "csv"})
    sql = create_table(table, if_not_exists=True)
    order = ["CREATE EXTERNAL TABLE IF NOT EXISTS t (", "COMMENT 'it\\'s'", "PARTITIONED BY (",
             "CLUSTERED BY (id) INTO 8 BUCKETS", "ROW FORMAT SERDE", "STORED AS TEXTFILE",
             "LOCATION 's3://bucket/t/'", "TBLPROPERTIES ("]
    positions = [sql.index(part) for part in order]
    assert positions == sorted(positions)
    create = parse_one(sql)
    assert create.args["exists"] is True
    assert props_of(create, exp.ClusteredByProperty)


def test_reserved_and_odd_names_are_backticked_in_ddl() -> None:
    table = Table(name="select", database="my-db", location="s3://b/t/",
                  columns=(Column("date", "date"), Column("_hidden", "int"),
                           Column("x-edge", "string")),
                  partitions=(Partition("timestamp"),))
    sql = create_table(table)
    assert sql.startswith("CREATE EXTERNAL TABLE `my-db`.`select` (")
    for name in ("`date` date", "`_hidden` int", "`x-edge` string", "`timestamp` string"):
        assert name in sql
    create = parse_one(sql)
    assert create.this.this.name == "select" and create.this.this.db == "my-db"


def test_projection_properties_render_in_documented_order() -> None:
    table = hive_table(
        partitions=(Partition("region", projection=EnumProjection(("us-east-1", "eu-west-1"))),
                    Partition("year", "int", projection=IntegerProjection(("2020", "2030"),
                                                                          digits="4")),
                    Partition("day", projection=DateProjection(
                        ("2024/01/01", "NOW"), format="yyyy/MM/dd", interval="1",
                        interval_unit="DAYS"))),
        projection=ProjectionConfig(location_template="s3://bucket/t/${region}/${year}/${day}/"),
        storage=Storage(format="text", header_lines=1), compression="GZIP",
        properties={"zzz": "last", "aaa": "first"})
    assert [k for k, _ in table_properties(table)] == [
        "projection.enabled",
        "projection.region.type", "projection.region.values",
        "projection.year.type", "projection.year.range", "projection.year.digits",
        "projection.day.type", "projection.day.range", "projection.day.format",
        "projection.day.interval", "projection.day.interval.unit",
        "storage.location.template", "skip.header.line.count", "write.compression",
        "aaa", "zzz"]
    create = parse_one(create_table(table))
    rendered = {p.name: p.text("value") for p in create.find_all(exp.Property)
                if isinstance(p.this, exp.Literal)}
    assert rendered["projection.region.values"] == "us-east-1,eu-west-1"
    assert rendered["storage.location.template"] == "s3://bucket/t/${region}/${year}/${day}/"


# Comments and property values are free text: no input may end a literal early.
free_text = st.text(st.characters(blacklist_categories=["Cs"], blacklist_characters="\x00"),
                    max_size=40)


@settings(max_examples=150, deadline=None)
@given(free_text, free_text)
def test_any_comment_and_property_value_round_trips(comment: str, value: str) -> None:
    table = hive_table(comment=comment, columns=(Column("id", "int", comment=value),),
                       properties={"note": value})
    sql = create_table(table)
    create = parse_one(sql, "hive")
    comments = [c.this.this for c in create.find_all(exp.SchemaCommentProperty)]
    assert comments == [comment]
    column_comment = create.this.expressions[0].find(exp.CommentColumnConstraint)
    assert column_comment is not None and column_comment.this.this == value
    assert f"'note'={quote_literal(value, Engine.HIVE)}" in sql


# -- Iceberg ------------------------------------------------------------------------------------------
def test_iceberg_create_has_no_external_and_parses() -> None:
    from athenakit.table.iceberg import parse_partition

    table = Table(name="orders", table_type=TableType.ICEBERG, location="s3://b/orders/",
                  columns=columns({"id": "bigint", "ts": "timestamp", "sku": "string"}),
                  partitioning=tuple(parse_partition(p) for p in
                                     ("day(ts)", "bucket(16, id)", "truncate(4, sku)")),
                  compression="ZSTD", compression_level=5)
    sql = create_table(table)
    assert sql.startswith("CREATE TABLE orders (")
    assert "EXTERNAL" not in sql
    assert "PARTITIONED BY (day(ts), bucket(16, id), truncate(4, sku))" in sql
    assert "'table_type'='ICEBERG'" in sql and "'compression_level'='5'" in sql
    create = parse_one(sql)
    assert isinstance(create, exp.Create)
    assert len(create.this.expressions) == 3


# -- CREATE DATABASE ------------------------------------------------------------------------------------
def test_create_database_plain_and_without_if_not_exists() -> None:
    assert create_database("logs") == "CREATE DATABASE IF NOT EXISTS logs\n"
    create = parse_one(create_database("logs", if_not_exists=False))
    assert isinstance(create, exp.Create) and create.args["kind"] == "DATABASE"
    assert create.args["exists"] is False
    assert parse_one(create_database("date")).this.name == "date"


def test_create_database_with_comment_and_location_parses() -> None:
    sql = create_database(Database("logs", comment="team's logs", location="s3://b/logs/"))
    create = parse_one(sql)
    assert create.find(exp.SchemaCommentProperty).this.this == "team's logs"
    assert create.find(exp.LocationProperty).this.this == "s3://b/logs/"


def test_create_database_properties_are_sorted_and_escaped() -> None:
    sql = create_database(Database("logs", properties={"owner": "o'neil", "creator": "ci"}))
    assert sql.endswith("WITH DBPROPERTIES (\n  'creator'='ci',\n  'owner'='o\\'neil'\n)\n")
    # sqlglot has no DBPROPERTIES grammar: check the part it does parse.
    head = sql.split("WITH DBPROPERTIES")[0]
    assert parse_one(head).args["kind"] == "DATABASE"


# -- DROP TABLE, MSCK REPAIR -----------------------------------------------------------------------------
@pytest.mark.parametrize("if_exists", [True, False])
def test_drop_table_parses(if_exists: bool) -> None:
    drop = parse_one(drop_table(EVENTS, if_exists=if_exists))
    assert isinstance(drop, exp.Drop) and drop.args["kind"] == "TABLE"
    assert bool(drop.args.get("exists")) is if_exists
    [target] = drop.args["tables"]
    assert (target.db, target.name) == ("logs", "events")


def test_msck_repair_names_the_quoted_table() -> None:
    table = Table(name="order", database="logs", columns=columns({"id": "int"}),
                  partitions=(Partition("dt"),))
    assert msck_repair(table) == "MSCK REPAIR TABLE logs.`order`\n"
    # sqlglot keeps MSCK as a Command; the table name must still be a valid identifier.
    name = msck_repair(table).split("MSCK REPAIR TABLE ", 1)[1].strip()
    found = sqlglot.parse_one(f"SELECT 1 FROM {name}", read="hive").find(exp.Table)
    assert found is not None and found.name == "order"


# -- ALTER TABLE ADD PARTITION ----------------------------------------------------------------------------
def split_partitions(sql: str) -> list[str]:
    """One ``ALTER TABLE ... ADD PARTITION`` per partition (sqlglot parses only one at a time)."""
    head, *clauses = re.split(r"\n\s*(?=PARTITION \()", sql.strip())
    return [f"{head} {clause}" for clause in clauses]


def test_add_several_partitions_in_one_statement() -> None:
    sql = add_partitions(EVENTS, [
        {"dt": "2024-01-01", "region": "us-east-1"},
        {"region": "eu-west-1", "dt": "2024-01-02", "location": "s3://bucket/events/eu/0102/"},
        PartitionValues((("dt", "2024-01-03"), ("region", "o'brien")), None),
    ])
    assert sql.startswith("ALTER TABLE logs.events ADD IF NOT EXISTS\n")
    assert sql.count("PARTITION (") == 3
    assert "PARTITION (dt='2024-01-02', region='eu-west-1') LOCATION " \
           "'s3://bucket/events/eu/0102/'" in sql
    parsed = [parse_one(s, "hive") for s in split_partitions(sql)]
    assert len(parsed) == 3
    values = []
    for alter in parsed:
        assert isinstance(alter, exp.Alter)
        action = alter.args["actions"][0]
        assert isinstance(action, exp.AddPartition)
        values.append({eq.this.name: eq.expression.this for eq in action.find_all(exp.EQ)})
    assert values == [{"dt": "2024-01-01", "region": "us-east-1"},
                      {"dt": "2024-01-02", "region": "eu-west-1"},
                      {"dt": "2024-01-03", "region": "o'brien"}]


def test_add_partition_values_are_hive_literals() -> None:
    sql = add_partitions(EVENTS, [{"dt": 20240101, "region": "a\\b"}], if_not_exists=False)
    assert "ADD IF NOT EXISTS" not in sql
    [body] = re.findall(r"region='((?:[^'\\]|\\.)*)'", sql)
    assert hive_unescape(body) == "a\\b"
    assert "dt='20240101'" in sql


@pytest.mark.parametrize("partitions,message", [
    ([{"dt": "x"}], "missing \\['region'\\]"),
    ([{"dt": "x", "region": "y", "zone": "z"}], "unknown \\['zone'\\]"),
])
def test_add_partitions_rejects_wrong_columns(partitions: list[dict[str, str]],
                                              message: str) -> None:
    with pytest.raises(SpecError, match=message):
        add_partitions(EVENTS, partitions)


def test_add_partitions_rejects_a_bad_partition_location() -> None:
    with pytest.raises(SpecError, match="AK110"):
        add_partitions(EVENTS, [{"dt": "x", "region": "y", "location": "s3a://bucket/x/"}])


def test_add_partitions_needs_a_partitioned_table() -> None:
    with pytest.raises(SpecError):
        add_partitions(hive_table(), [{}])


# -- ALTER TABLE SET TBLPROPERTIES --------------------------------------------------------------------------
def test_set_tblproperties_defaults_to_the_table_properties() -> None:
    table = hive_table(partitions=(Partition("dt", projection=EnumProjection(("a", "b"))),),
                       projection=ProjectionConfig())
    sql = set_table_properties(table)
    alter = parse_one(sql)
    assert isinstance(alter, exp.Alter)
    rendered = {p.name: p.text("value") for p in alter.find_all(exp.Property)}
    assert rendered == {"projection.enabled": "true", "projection.dt.type": "enum",
                        "projection.dt.values": "a,b"}


def test_set_tblproperties_with_explicit_properties_is_sorted() -> None:
    sql = set_table_properties(EVENTS, {"b": "2", "a": "it's"})
    assert sql == "ALTER TABLE logs.events SET TBLPROPERTIES (\n  'a'='it\\'s',\n  'b'='2'\n)\n"
    alter = parse_one(sql, "hive")
    assert [p.name for p in alter.find_all(exp.Property)] == ["a", "b"]


def test_set_tblproperties_with_nothing_to_set_is_an_error() -> None:
    with pytest.raises(SpecError) as err:
        set_table_properties(hive_table())
    assert [(d.code, d.path) for d in err.value.errors] == [("AK199", "properties")]
    with pytest.raises(SpecError):
        set_table_properties(EVENTS, {})

"""Import is lossless: import(render(table)) == table, for examples and random tables."""

from __future__ import annotations

import string
from pathlib import Path

import pytest
import sqlglot
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlglot import exp

from athenakit.sql.quoting import Engine, reserved_words
from athenakit.table.importer import CATALOG_ONLY_PROPERTIES, import_ddl, import_ddl_with_warnings
from athenakit.table.model import Column, Partition, ProjectionConfig, Table
from athenakit.table.projection import EnumProjection, IntegerProjection
from athenakit.table.render import create_table
from athenakit.table.spec import load_spec, loads_spec
from athenakit.table.spec_writer import dumps_spec
from athenakit.table.storage import FrozenDict, Storage

EXAMPLES = sorted((Path(__file__).parent.parent / "examples").glob("*.yaml"))


def assert_round_trip(table: Table) -> None:
    ddl = create_table(table)
    [statement] = sqlglot.parse(ddl, read="athena")
    assert isinstance(statement, exp.Create), ddl
    [back] = import_ddl(ddl)
    assert back == table, ddl


def test_examples_exist() -> None:
    assert len(EXAMPLES) >= 8


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_example_imports_back_to_the_same_table(path: Path) -> None:
    for table in load_spec(path):
        assert_round_trip(table)


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_example_spec_written_back_reads_the_same(path: Path) -> None:
    tables = load_spec(path)
    assert loads_spec(dumps_spec(tables)) == tables
    assert loads_spec(dumps_spec(tables, fmt="json")) == tables


# -- random tables -------------------------------------------------------------------------

_RESERVED = sorted(reserved_words(Engine.HIVE) | reserved_words(Engine.TRINO))
names = st.one_of(
    st.text(string.ascii_letters + string.digits + "_", min_size=1, max_size=12),
    st.sampled_from(_RESERVED),
    st.sampled_from(["_hidden", "1st", "Mixed_Case", "my-col", "a b", "ünïcode"]),
)
# Any printable or control character except surrogates, which UTF-8 cannot carry.
free_text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=30)

_PRIMITIVES = ["boolean", "tinyint", "smallint", "int", "bigint", "float", "double", "string",
               "binary", "date", "timestamp", "decimal(10,2)", "decimal(38,0)", "varchar(20)",
               "char(5)"]
primitive_types = st.sampled_from(_PRIMITIVES)


def _struct(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    fields = st.lists(st.tuples(names, children), min_size=1, max_size=3,
                      unique_by=lambda f: f[0].lower())
    return fields.map(lambda fs: "struct<" + ",".join(
        f"`{n.replace('`', '``')}`:{t}" for n, t in fs) + ">")


types = st.recursive(
    primitive_types,
    lambda children: st.one_of(
        children.map(lambda t: f"array<{t}>"),
        st.tuples(primitive_types, children).map(lambda kv: f"map<{kv[0]},{kv[1]}>"),
        _struct(children),
    ),
    max_leaves=6,
)
enum_values = st.lists(st.text(st.characters(blacklist_categories=("Cs",),
                                             blacklist_characters=","), min_size=1, max_size=8),
                       min_size=1, max_size=4, unique=True)
storages = st.one_of(
    st.just(Storage("parquet")),
    st.just(Storage("orc")),
    st.builds(lambda d, e, n: Storage("text", field_delimiter=d, escape_delimiter=e, null_format=n),
              st.sampled_from([",", "\t", "|", "\x01", "'"]), st.sampled_from([None, "\\"]),
              st.one_of(st.none(), free_text)),
    st.builds(lambda q, h: Storage("csv", FrozenDict({"separatorChar": ",", "quoteChar": q}),
                                   header_lines=h),
              st.sampled_from(['"', "'", "\\"]), st.sampled_from([None, 1, 2])),
    st.builds(lambda r: Storage("regex", FrozenDict({"input.regex": r})), free_text),
    st.builds(lambda ci: Storage("openx_json", FrozenDict({"case.insensitive": ci})),
              st.sampled_from(["true", "false"])),
)
# keys the model reads into fields of its own, and keys only the catalog keeps (statistics,
# timestamps: import and Glue leave those out, so a spec cannot set them)
property_keys = st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=12) \
    .filter(lambda k: not k.startswith("projection.") and k not in {
        "storage.location.template", "skip.header.line.count", "table_type", "parquet.compression",
        "orc.compress", "write.compression", "write_compression", "compression_level",
        "EXTERNAL", *CATALOG_ONLY_PROPERTIES})


@st.composite
def tables(draw: st.DrawFn) -> Table:
    all_names = draw(st.lists(names, min_size=1, max_size=8, unique_by=str.lower))
    n_parts = draw(st.integers(0, min(2, len(all_names) - 1)))
    col_names, part_names = all_names[n_parts:], all_names[:n_parts]
    columns = [Column(n, draw(types), draw(st.one_of(st.none(), free_text))) for n in col_names]
    projected = draw(st.booleans()) and bool(part_names)
    partitions = []
    for i, n in enumerate(part_names):
        projection = None
        if projected:
            projection = (EnumProjection(tuple(draw(enum_values))) if i % 2 == 0 else
                          IntegerProjection((str(draw(st.integers(-5, 5))), "10")))
        partitions.append(Partition(n, draw(st.sampled_from(["string", "int"])), None, projection))
    template = None
    if projected and draw(st.booleans()):
        template = "s3://bucket/t/" + "/".join("${" + p + "}" for p in part_names) + "/"
    return Table(
        name=draw(names), database=draw(st.one_of(st.none(), names)),
        comment=draw(st.one_of(st.none(), free_text)), columns=tuple(columns),
        partitions=tuple(partitions), location="s3://bucket/" + draw(names.filter(
            lambda n: "/" not in n and n.isascii() and n.isalnum())) + "/",
        storage=draw(storages),
        projection=ProjectionConfig(True, template) if projected else None,
        properties=FrozenDict(draw(st.dictionaries(property_keys, free_text, max_size=3))),
    )


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tables())
def test_random_tables_render_parse_and_import_back(table: Table) -> None:
    assert_round_trip(table)


# -- what SHOW CREATE TABLE and the AWS docs print ---------------------------------------------

SHOW_CREATE = r"""CREATE EXTERNAL TABLE `logs.alb_logs`(
  `type` string COMMENT 'from deserializer',
  `request-url` string COMMENT 'from deserializer')
PARTITIONED BY (
  `day` string)
ROW FORMAT SERDE
  'org.apache.hadoop.hive.serde2.RegexSerDe'
WITH SERDEPROPERTIES (
  'input.regex'='([^ ]*) \"([^\"]*)\" \\d+')
STORED AS INPUTFORMAT
  'org.apache.hadoop.mapred.TextInputFormat'
OUTPUTFORMAT
  'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat'
LOCATION
  's3://bucket/alb'
TBLPROPERTIES (
  "projection.enabled"="true",
  'projection.day.type'='date',
  'projection.day.range'='2022/01/01,NOW',
  'projection.day.format'='yyyy/MM/dd',
  'projection.day.interval'='1',
  'projection.day.interval.unit'='DAYS',
  'transient_lastDdlTime'='1700000000')
"""


def test_show_create_table_output_imports() -> None:
    result = import_ddl_with_warnings(SHOW_CREATE)
    [table] = result.tables
    assert (table.database, table.name) == ("logs", "alb_logs")
    assert [c.name for c in table.columns] == ["type", "request-url"]
    assert all(c.comment is None for c in table.columns)  # 'from deserializer' is not a comment
    assert table.storage.format == "regex"
    assert table.storage.serde_properties["input.regex"] == '([^ ]*) "([^"]*)" \\d+'
    assert table.partitions[0].projection is not None
    # transient_lastDdlTime is the metastore's own timestamp, not a setting of the table
    assert table.properties == {}
    assert {w.code for w in result.warnings} >= {"AK115"}  # no trailing slash: warning only


def test_single_backslash_regex_escape_is_reported() -> None:
    ddl = ("CREATE EXTERNAL TABLE t (a string) ROW FORMAT SERDE "
           "'org.apache.hadoop.hive.serde2.RegexSerDe' WITH SERDEPROPERTIES "
           "('input.regex'='(\\S+)') LOCATION 's3://b/t/'")
    result = import_ddl_with_warnings(ddl)
    assert result.tables[0].storage.serde_properties["input.regex"] == "(S+)"
    [warning] = [w for w in result.warnings if w.code == "AK190"]
    assert warning.line == 1 and "\\S" in warning.message


@pytest.mark.parametrize("ddl, code", [
    # https://docs.aws.amazon.com/athena/latest/ug/create-table.html : Hive tables are EXTERNAL
    ("CREATE TABLE t (a int) LOCATION 's3://b/t/'", "AK192"),
    # https://docs.aws.amazon.com/athena/latest/ug/querying-iceberg-creating-tables.html
    (("CREATE EXTERNAL TABLE t (a int) LOCATION 's3://b/t/' "
     "TBLPROPERTIES ('table_type'='ICEBERG')"), "AK191"),
    # projection settings for a column that is not a partition column
    (("CREATE EXTERNAL TABLE t (a int) PARTITIONED BY (p string) LOCATION 's3://b/t/' "
     "TBLPROPERTIES ('projection.enabled'='true', 'projection.p.type'='injected', "
     "'projection.a.type'='injected')"), "AK156"),
])
def test_import_rejects_tables_athena_rejects(ddl: str, code: str) -> None:
    from athenakit.errors import SpecError

    with pytest.raises(SpecError) as info:
        import_ddl(ddl)
    assert code in {d.code for d in info.value.diagnostics}


def test_import_reports_syntax_errors_with_line_and_column() -> None:
    from athenakit.errors import SqlError

    with pytest.raises(SqlError) as info:
        import_ddl("CREATE EXTERNAL TABLE t (\n  a int b c\n) LOCATION 's3://b/'")
    assert info.value.line == 2


AVRO_SCHEMA = '{"type":"record","name":"r","fields":[{"name":"a","type":"int"}]}'


# https://docs.aws.amazon.com/athena/latest/ug/avro-serde.html ,
# https://docs.aws.amazon.com/athena/latest/ug/ion-serde-using-create-table.html
@pytest.mark.parametrize("ddl, fmt", [
    ((f"CREATE EXTERNAL TABLE t (a int) STORED AS AVRO LOCATION 's3://b/t/' "
     f"TBLPROPERTIES ('avro.schema.literal'='{AVRO_SCHEMA}')"), "avro"),
    ("CREATE EXTERNAL TABLE t (a int) STORED AS ION LOCATION 's3://b/t/'", "ion"),
    (("CREATE EXTERNAL TABLE t (a int) ROW FORMAT SERDE 'com.amazon.ionhiveserde.IonHiveSerDe' "
     "STORED AS ION LOCATION 's3://b/t/'"), "ion"),
])
def test_stored_as_shorthands_import_as_their_format_and_render_long_hand(ddl: str,
                                                                         fmt: str) -> None:
    [table] = import_ddl(ddl)
    assert table.storage.format == fmt
    rendered = create_table(table)
    assert "ROW FORMAT SERDE" in rendered and "STORED AS INPUTFORMAT" in rendered
    assert import_ddl(rendered) == [table]


def test_avro_without_a_schema_literal_is_rejected_on_import() -> None:
    from athenakit.errors import SpecError

    with pytest.raises(SpecError) as info:
        import_ddl("CREATE EXTERNAL TABLE t (a int) STORED AS AVRO LOCATION 's3://b/t/'")
    assert [d.code for d in info.value.errors] == ["AK141"]

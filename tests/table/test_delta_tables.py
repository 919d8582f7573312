"""Delta Lake tables: the model, spec files, DDL rendering and import.

Athena registers a Delta Lake table with ``CREATE EXTERNAL TABLE [db.]t LOCATION '...'
TBLPROPERTIES ('table_type' = 'DELTA')`` and nothing more: "CREATE TABLE statements that include
more than the LOCATION and table_type property are not allowed"; the columns come from the Delta
log. https://docs.aws.amazon.com/athena/latest/ug/delta-lake-tables-getting-started.html
"""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from athenakit.errors import SpecError
from athenakit.table.importer import import_ddl
from athenakit.table.model import Bucketing, Column, Partition, Table, TableType
from athenakit.table.render import create_table
from athenakit.table.schema import json_schema
from athenakit.table.spec import loads_spec
from athenakit.table.spec_writer import dumps_spec

# The guide's synopsis, with its placeholders filled in.
GUIDE_FORM = ("CREATE EXTERNAL TABLE sales.orders_delta\n"
              "  LOCATION 's3://amzn-s3-demo-bucket/orders/'\n"
              "  TBLPROPERTIES ('table_type' = 'DELTA')")


def delta(**changes: object) -> Table:
    args: dict[str, object] = {"name": "orders_delta", "database": "sales",
                               "table_type": "delta", "location": "s3://b/orders/"}
    args.update(changes)
    return Table(**args)  # type: ignore[arg-type]


def codes_and_paths(err: pytest.ExceptionInfo[SpecError]) -> list[tuple[str, str]]:
    return [(d.code, d.path) for d in err.value.diagnostics]


# --- the model -------------------------------------------------------------------------------

def test_a_delta_table_is_a_name_and_a_location() -> None:
    table = delta()
    assert table.table_type is TableType.DELTA and table.is_delta and not table.is_iceberg
    assert (table.columns, table.partitions, table.warnings) == ((), (), ())


# delta-lake-tables-getting-started.html: nothing but LOCATION and table_type
@pytest.mark.parametrize(("changes", "path"), [
    ({"columns": (Column("id", "bigint"),)}, "columns"),
    ({"partitions": (Partition("dt", "string"),)}, "partitions"),
    ({"storage": "orc"}, "storage"),
    ({"compression": "ZSTD"}, "compression"),
    ({"comment": "orders"}, "comment"),
    ({"properties": {"delta.appendOnly": "true"}}, "properties.delta.appendOnly"),
    ({"columns": (Column("id", "bigint"),), "bucketing": Bucketing(("id",), 4)}, "bucketing"),
])
def test_a_delta_table_refuses_what_athena_refuses(changes: dict[str, object], path: str) -> None:
    with pytest.raises(SpecError) as err:
        delta(**changes)
    assert ("AK193", path) in codes_and_paths(err)
    assert all(d.doc and "delta-lake-tables" in d.doc for d in err.value.diagnostics)


def test_a_delta_table_needs_a_location() -> None:
    with pytest.raises(SpecError) as err:
        delta(location=None)
    assert codes_and_paths(err) == [("AK194", "location")]


def test_a_delta_location_follows_the_location_rules() -> None:
    # https://docs.aws.amazon.com/athena/latest/ug/tables-location-format.html
    with pytest.raises(SpecError) as err:
        delta(location="s3a://b/orders/")
    assert codes_and_paths(err) == [("AK110", "location")]


# --- rendering and import --------------------------------------------------------------------

def test_a_delta_table_renders_the_guide_form() -> None:
    assert create_table(delta()) == ("CREATE EXTERNAL TABLE sales.orders_delta\n"
                                     "LOCATION 's3://b/orders/'\n"
                                     "TBLPROPERTIES (\n"
                                     "  'table_type'='DELTA'\n"
                                     ")\n")


def test_a_delta_table_name_is_quoted_for_hive() -> None:
    sql = create_table(delta(name="order-changes", database="2024"), if_not_exists=True)
    assert sql.startswith("CREATE EXTERNAL TABLE IF NOT EXISTS `2024`.`order-changes`\n")


def test_the_guide_form_imports_as_a_delta_table() -> None:
    [table] = import_ddl(GUIDE_FORM)
    assert table == delta(location="s3://amzn-s3-demo-bucket/orders/")


@pytest.mark.parametrize("sql", [
    GUIDE_FORM,
    ("create external table if not exists d location 's3://b/d/' "
     "tblproperties ('table_type'='delta')"),
    ("CREATE EXTERNAL TABLE `lake.d` LOCATION 's3://b/d/' "
     "TBLPROPERTIES (\"table_type\"='DELTA', 'transient_lastDdlTime'='1700000000')"),
])
def test_import_render_import_is_the_same_table(sql: str) -> None:
    [table] = import_ddl(sql)
    [again] = import_ddl(create_table(table))
    assert again == table and again.is_delta


def ddl(clauses: str, *, extra: str = "", create: str = "CREATE EXTERNAL TABLE d") -> str:
    return f"{create} {clauses} TBLPROPERTIES ('table_type'='DELTA'{extra})"


PARQUET_SERDE = "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe"


@pytest.mark.parametrize(("sql", "expected"), [
    (ddl("(id bigint) LOCATION 's3://b/d/'"), [("AK193", "columns")]),
    (ddl("PARTITIONED BY (dt string) LOCATION 's3://b/d/'"), [("AK193", "partitions")]),
    # STORED AS PARQUET is the model's default storage: import must not drop it silently
    (ddl("STORED AS PARQUET LOCATION 's3://b/d/'"), [("AK193", "storage")]),
    (ddl(f"ROW FORMAT SERDE '{PARQUET_SERDE}' LOCATION 's3://b/d/'"), [("AK193", "storage")]),
    (ddl("LOCATION 's3://b/d/'", extra=", 'has_encrypted_data'='true'"),
     [("AK193", "properties.has_encrypted_data")]),
    (ddl("COMMENT 'c' LOCATION 's3://b/d/'"), [("AK193", "comment")]),
    (ddl(""), [("AK194", "location")]),
    # https://docs.aws.amazon.com/athena/latest/ug/create-table.html: EXTERNAL except Iceberg
    (ddl("LOCATION 's3://b/d/'", create="CREATE TABLE d"), [("AK195", "")]),
])
def test_import_refuses_what_athena_refuses_for_a_delta_table(
        sql: str, expected: list[tuple[str, str]]) -> None:
    with pytest.raises(SpecError) as err:
        import_ddl(sql)
    assert codes_and_paths(err) == expected


_NAME = st.from_regex(r"[a-z][a-z0-9_]{0,20}", fullmatch=True)
_FOLDER = st.from_regex(r"[a-z0-9][a-z0-9._-]{0,15}", fullmatch=True)


@given(name=_NAME, database=st.none() | _NAME, bucket=_FOLDER,
       folders=st.lists(_FOLDER, max_size=3))
def test_any_delta_table_round_trips_through_ddl_and_spec(
        name: str, database: str | None, bucket: str, folders: list[str]) -> None:
    location = "s3://" + "/".join([bucket, *folders]) + "/"
    try:
        table = Table(name=name, database=database, table_type=TableType.DELTA,
                      location=location)
    except SpecError:  # a folder named like a file (x.csv): refused like any location
        return
    assert import_ddl(create_table(table)) == [table]
    assert loads_spec(dumps_spec([table])) == [table]


# --- spec files ------------------------------------------------------------------------------

SPEC = "name: orders_delta\ndatabase: sales\ntable_type: delta\nlocation: s3://b/orders/\n"


def test_a_spec_writes_a_delta_table_with_three_keys() -> None:
    assert loads_spec(SPEC) == [delta()]
    assert dumps_spec([delta()]) == SPEC
    assert json.loads(dumps_spec([delta()], fmt="json")) == {
        "name": "orders_delta", "database": "sales", "table_type": "delta",
        "location": "s3://b/orders/"}


def test_a_delta_spec_error_names_the_file_field_and_line() -> None:
    text = SPEC + "columns:\n  - {name: id, type: bigint}\nproperties:\n  owner: data\n"
    with pytest.raises(SpecError) as err:
        loads_spec(text, file="orders.yaml")
    found = [(d.file, d.path, d.line, d.code) for d in err.value.diagnostics]
    assert found == [("orders.yaml", "columns", 5, "AK193"),
                     ("orders.yaml", "properties.owner", 8, "AK193")]


def test_a_delta_spec_needs_a_location_and_a_hive_spec_still_needs_columns() -> None:
    with pytest.raises(SpecError) as err:
        loads_spec("name: d\ntable_type: delta\n")
    assert codes_and_paths(err) == [("AK194", "location")]
    with pytest.raises(SpecError) as err:
        loads_spec("name: h\nlocation: s3://b/h/\n")
    assert codes_and_paths(err) == [("AK003", "columns")]


def test_the_json_schema_accepts_a_delta_table_and_no_hive_table_without_columns() -> None:
    import jsonschema

    validator = jsonschema.Draft202012Validator(json_schema())
    assert validator.is_valid({"name": "d", "table_type": "delta", "location": "s3://b/d/"})
    assert not validator.is_valid({"name": "d", "table_type": "delta"})
    assert not validator.is_valid({"name": "h", "location": "s3://b/h/"})


# --- statements Athena does not run on a Delta table -----------------------------------------
# https://docs.aws.amazon.com/athena/latest/ug/delta-lake-tables.html: "Read only" and
# "Limited DDL support" (CREATE EXTERNAL TABLE, SHOW ..., DESCRIBE)

def _alters() -> list[tuple[str, object]]:
    from athenakit.table import alter
    from athenakit.table.render import set_table_properties

    return [
        ("add columns", lambda t: alter.add_columns(t, [Column("note", "string")])),
        ("replace columns", lambda t: alter.replace_columns(t, [Column("note", "string")])),
        ("change column", lambda t: alter.change_column(t, "id", Column("id", "bigint"))),
        ("set location", lambda t: alter.set_location(t, "s3://b/elsewhere/")),
        ("set tblproperties", lambda t: set_table_properties(t, {"owner": "data"})),
    ]


@pytest.mark.parametrize(("what", "build"), _alters(), ids=[a[0] for a in _alters()])
def test_no_alter_table_is_built_for_a_delta_table(what: str, build: object) -> None:
    with pytest.raises(SpecError) as err:
        build(delta())  # type: ignore[operator]
    assert [d.code for d in err.value.diagnostics] == ["AK417"]


def test_a_delta_table_is_never_a_write_target() -> None:
    from athenakit.write.ctas import ctas
    from athenakit.write.insert import insert_into
    from athenakit.write.plan import plan_write

    for build in (lambda: insert_into(delta(), "SELECT 1 AS id"),
                  lambda: ctas(delta(), "SELECT 1 AS id"),
                  lambda: plan_write(delta(), "SELECT 1 AS id", [], exists=True)):
        with pytest.raises(SpecError) as err:
            build()
        assert [d.code for d in err.value.diagnostics] == ["AK521"]


def test_diff_blocks_every_change_of_a_delta_table() -> None:
    from athenakit.table.diff import diff_tables

    moved = diff_tables(delta(location="s3://b/v2/"), delta())
    assert moved.statements == () and len(moved.blocked) == 1
    assert "location" in moved.blocked[0].change
    assert "drop the table" in moved.blocked[0].safe_way
    assert diff_tables(delta(), delta()).same
    hive = Table(name="orders_delta", database="sales", columns=(Column("id", "bigint"),),
                 location="s3://b/orders/")
    assert diff_tables(delta(), hive).statements == ()


# --- check: a Delta table's columns are unknown, not absent ----------------------------------

def test_check_knows_a_delta_table_but_not_its_columns() -> None:
    from athenakit.check import check

    orders = Table(name="orders", database="sales", columns=(Column("id", "bigint"),),
                   location="s3://b/o/")
    found = check("SELECT d.customer, o.nope FROM sales.orders_delta d "
                  "JOIN sales.orders o ON d.id = o.id", [delta(), orders])
    # o.nope is a mistake; nothing about the Delta table's columns can be
    assert [(d.code, d.message) for d in found] == [
        ("AK341", "table orders has no column nope")]
    assert check("SELECT anything FROM sales.orders_delta", [delta()]) == []


def test_a_delta_table_created_in_the_file_is_a_known_table() -> None:
    from athenakit.check import check

    sql = (GUIDE_FORM + ";\nSELECT id FROM sales.orders_delta;\n"
           "SELECT id FROM sales.missing;\n")
    orders = Table(name="orders", database="sales", columns=(Column("id", "bigint"),),
                   location="s3://b/o/")
    assert [(d.code, d.line) for d in check(sql, [orders])] == [("AK340", 5)]


def test_the_notebook_view_of_a_delta_table_shows_no_columns_or_storage_of_its_own() -> None:
    markdown = delta()._repr_markdown_()
    assert "| type | delta |" in markdown and "from the Delta log" in markdown
    assert "**Columns**" not in markdown and "**Storage**" not in markdown
    assert "'table_type'='DELTA'" in markdown
    html = delta()._repr_html_()
    assert "<h5>Columns</h5>" not in html and "<h5>Storage</h5>" not in html


def test_apply_compares_a_delta_table_by_its_location_whatever_athena_synced() -> None:
    # delta-lake-tables.html: Athena syncs the schema, partition columns and table properties
    # from the Delta log into the catalog, so SHOW CREATE TABLE may print them
    from types import SimpleNamespace

    from athenakit.cli.apply import live_table
    from athenakit.table.drift import table_differences

    shown = ["CREATE EXTERNAL TABLE `sales`.`orders_delta`(", "  `id` bigint, ",
             "  `total` decimal(10,2))", "PARTITIONED BY ( ", "  `dt` date)",
             "LOCATION", "  's3://b/orders'", "TBLPROPERTIES (",
             "  'table_type'='DELTA', ", "  'delta.minReaderVersion'='1')"]

    class Runner:
        def run(self, sql: str) -> SimpleNamespace:
            assert sql == "SHOW CREATE TABLE sales.orders_delta"
            return SimpleNamespace(rows=[(line,) for line in shown])

    found = live_table(Runner(), "sales", "orders_delta")
    assert found == delta(location="s3://b/orders")
    assert table_differences(delta(), found) == []
    assert table_differences(delta(location="s3://b/v2/"), found) != []
    with pytest.raises(SpecError):  # the same text as a user's DDL is refused
        import_ddl("\n".join(shown))


# https://docs.aws.amazon.com/athena/latest/ug/delta-lake-tables.html: "Read only",
# "Limited DDL support"
@pytest.mark.parametrize("sql", [
    "INSERT INTO sales.orders_delta SELECT 1",
    "INSERT INTO sales.orders_delta (id) VALUES (1)",
    "DELETE FROM sales.orders_delta WHERE id = 1",
    "UPDATE sales.orders_delta SET id = 2 WHERE id = 1",
    ("MERGE INTO sales.orders_delta t USING sales.orders s ON t.id = s.id "
     "WHEN MATCHED THEN DELETE"),
    "ALTER TABLE sales.orders_delta ADD COLUMNS (note string)",
    "ALTER TABLE sales.orders_delta SET TBLPROPERTIES ('owner'='data')",
])
def test_check_flags_a_write_or_alter_of_a_known_delta_table(sql: str) -> None:
    from athenakit.check import check

    orders = Table(name="orders", database="sales", columns=(Column("id", "bigint"),),
                   location="s3://b/o/")
    assert [(d.code, d.line) for d in check(sql, [delta(), orders])] == [("AK328", 1)]


@pytest.mark.parametrize("sql", ["SELECT * FROM sales.orders_delta",
                                 "DESCRIBE sales.orders_delta",
                                 "SHOW TBLPROPERTIES sales.orders_delta",
                                 "INSERT INTO sales.orders SELECT id FROM sales.orders_delta"])
def test_check_lets_athena_s_reads_of_a_delta_table_pass(sql: str) -> None:
    from athenakit.check import check

    orders = Table(name="orders", database="sales", columns=(Column("id", "bigint"),),
                   location="s3://b/o/")
    assert check(sql, [delta(), orders]) == []

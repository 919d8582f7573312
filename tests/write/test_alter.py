"""ALTER TABLE builders: Athena's rules per table, the 262,144-byte split, and the local engine
running each form on its catalog.

https://docs.aws.amazon.com/athena/latest/ug/alter-table-replace-columns.html
https://docs.aws.amazon.com/athena/latest/ug/unsupported-ddl.html
https://docs.aws.amazon.com/athena/latest/ug/service-limits.html
"""

from __future__ import annotations

from pathlib import Path

import pytest

from athenakit.check import check
from athenakit.errors import QueryError, SpecError
from athenakit.table import alter
from athenakit.table.model import Column, Partition, Table, columns
from athenakit.table.render import add_partitions, create_table
from athenakit.table.spec import loads_spec
from athenakit.table.storage import Storage

LIMIT = 262_144  # https://docs.aws.amazon.com/athena/latest/ug/service-limits.html

TEXT = Table(name="names", database="db", location="s3://b/names/",
             columns=columns({"col1": "string", "col2": "string"}),
             storage=Storage("text", field_delimiter=","))
PARQUET = Table(name="events", database="db", location="s3://b/events/",
                columns=columns({"id": "bigint", "v": "string"}),
                partitions=(Partition("dt"), Partition("region")))
ICEBERG = Table(name="orders", database="db", location="s3://b/orders/", table_type="iceberg",
                columns=columns({"id": "bigint", "status": "string"}))


# --- which table takes which form -----------------------------------------------------------

@pytest.mark.parametrize(("build", "reason"), [
    # REPLACE COLUMNS: LazySimpleSerDe tables only, and never with date columns
    (lambda: alter.replace_columns(PARQUET, columns({"id": "bigint"})), "LazySimpleSerDe"),
    (lambda: alter.replace_columns(TEXT, columns({"d": "date"})), "date columns"),
    (lambda: alter.replace_columns(ICEBERG, columns({"id": "bigint"})), "Iceberg"),
    # DROP COLUMN and UNSET TBLPROPERTIES are Iceberg-only; SET LOCATION is not for Iceberg
    (lambda: alter.drop_column(PARQUET, "v"), "Iceberg tables only"),
    (lambda: alter.unset_properties(PARQUET, ["a"]), "Iceberg tables only"),
    (lambda: alter.set_location(ICEBERG, "s3://b/x/"), "cannot be changed"),
    (lambda: alter.set_location(PARQUET, "s3a://b/x/"), "must start with s3://"),
    (lambda: alter.add_columns(PARQUET, [Column("dt", "string")]), "already has dt"),
    (lambda: alter.change_column(PARQUET, "nope", Column("x", "int")), "not a data column"),
    (lambda: alter.change_column(PARQUET, "v", Column("v", "int"), after="dt"),
     "not a data column"),
], ids=["replace-parquet", "replace-date", "replace-iceberg", "drop-hive", "unset-hive",
        "location-iceberg", "location-s3a", "add-existing", "change-unknown",
        "after-partition"])
def test_a_form_athena_refuses_for_the_table_is_refused(build: object, reason: str) -> None:
    with pytest.raises(SpecError, match=reason):
        build()  # type: ignore[operator]


def test_replace_columns_on_a_lazy_simple_serde_table_is_check_clean() -> None:
    sql = alter.replace_columns(TEXT, columns({"first_name": "string", "last_name": "string"}))
    assert sql.startswith("ALTER TABLE db.names REPLACE COLUMNS (")
    assert [str(f) for f in check(sql)] == []


# --- ADD / DROP PARTITION under the query-size limit ------------------------------------------

def _many(count: int) -> list[dict[str, str]]:
    days = [f"2024-{m:02d}-{d:02d}" for m in range(1, 13) for d in range(1, 29)]
    regions = [f"region-{i:03d}" for i in range(40)]
    return [{"dt": day, "region": region} for day in days for region in regions][:count]


def _spec_lines(statements: list[str]) -> list[str]:
    return [line.strip().rstrip(",") for sql in statements for line in sql.splitlines()
            if line.strip().startswith("PARTITION (")]


def test_13440_partitions_become_statements_under_the_limit_in_order() -> None:
    wanted = _many(13_440)
    statements = alter.add_partition_statements(PARQUET, wanted)
    assert len(statements) > 1
    assert all(len(s.encode()) <= LIMIT for s in statements)
    assert all(s.startswith("ALTER TABLE db.events ADD IF NOT EXISTS\n") for s in statements)
    assert _spec_lines(statements) == [
        f"PARTITION (dt='{p['dt']}', region='{p['region']}')" for p in wanted]
    # ADD PARTITION separates partitions with blanks: no commas between them
    assert not any(line.rstrip().endswith(",") for s in statements for line in s.splitlines())
    findings = [f for s in statements[:2] for f in check(s)]
    assert [str(f) for f in findings] == []


def test_drop_partition_lists_are_comma_separated_and_split_too() -> None:
    wanted = _many(9_000)
    statements = alter.drop_partition_statements(PARQUET, wanted)
    assert len(statements) > 1 and all(len(s.encode()) <= LIMIT for s in statements)
    for sql in statements:
        lines = [line for line in sql.splitlines() if "PARTITION (" in line]
        assert all(line.endswith(",") for line in lines[:-1]) and not lines[-1].endswith(",")
    assert _spec_lines(statements) == [
        f"PARTITION (dt='{p['dt']}', region='{p['region']}')" for p in wanted]


def test_a_small_limit_cuts_between_partitions_and_one_too_big_is_refused() -> None:
    two = alter.add_partition_statements(PARQUET, _many(2), max_bytes=100)
    assert len(two) == 2 and all(len(s.encode()) <= 100 for s in two)
    with pytest.raises(SpecError, match="one partition alone"):
        alter.add_partition_statements(PARQUET, _many(1), max_bytes=60)
    assert alter.add_partition_statements(PARQUET, []) == []


def test_render_add_partitions_refuses_a_statement_over_the_limit() -> None:
    assert add_partitions(PARQUET, _many(10)).count("PARTITION (") == 10
    with pytest.raises(SpecError, match="262144-byte limit.*add_partition_statements"):
        add_partitions(PARQUET, _many(13_440))


# --- the local engine runs every form on its catalog -----------------------------------------

def _engine(tmp_path: Path, *tables: Table) -> object:
    from athenakit.local.engine import LocalEngine

    engine = LocalEngine(s3_root=tmp_path, catalog_dir=tmp_path / "catalog")
    engine.run("CREATE DATABASE db")
    for table in tables:
        engine.run(create_table(table))
    return engine


def test_column_forms_change_the_local_catalog_as_declared(tmp_path: Path) -> None:
    engine = _engine(tmp_path, PARQUET, TEXT)
    run = engine.run  # type: ignore[attr-defined]
    run(alter.add_columns(PARQUET, [Column("date", "string", "it's a day"), Column("n", "int")]))
    run("ALTER TABLE db.events CHANGE COLUMN n n int COMMENT 'count' AFTER id")
    run(alter.set_location(PARQUET, "s3://b/events-v2/"))
    table = engine.catalog.table("events", "db")  # type: ignore[attr-defined]
    assert [(c.name, c.type.ddl, c.comment) for c in table.columns] == [
        ("id", "bigint", None), ("n", "int", "count"), ("v", "string", None),
        ("date", "string", "it's a day")]
    assert table.location == "s3://b/events-v2/"
    run(alter.replace_columns(TEXT, columns({"first": "string", "last": "string"})))
    assert [c.name for c in engine.catalog.table("names", "db").columns] == [  # type: ignore
        "first", "last"]


def test_property_forms_land_in_the_model_fields(tmp_path: Path) -> None:
    engine = _engine(tmp_path, PARQUET, ICEBERG)
    engine.run(  # type: ignore[attr-defined]
        "ALTER TABLE db.events SET TBLPROPERTIES ('projection.enabled'='true', "
        "'projection.dt.type'='date', 'projection.dt.range'='2024-01-01,NOW', "
        "'projection.dt.format'='yyyy-MM-dd', 'projection.region.type'='injected', "
        "'parquet.compression'='SNAPPY', 'comment'='events')")
    table = engine.catalog.table("events", "db")  # type: ignore[attr-defined]
    assert table.projection_enabled and table.compression == "SNAPPY"
    assert table.comment == "events"
    assert [p.projection.to_spec()["type"] for p in table.partitions] == ["date", "injected"]
    engine.run(alter.unset_properties(ICEBERG, ["format"]))  # type: ignore[attr-defined]
    engine.run("ALTER TABLE db.orders SET TBLPROPERTIES "  # type: ignore[attr-defined]
               "('vacuum_min_snapshots_to_keep'='3')")
    engine.run(alter.drop_column(ICEBERG, "status"))  # type: ignore[attr-defined]
    orders = engine.catalog.table("orders", "db")  # type: ignore[attr-defined]
    assert dict(orders.properties) == {"vacuum_min_snapshots_to_keep": "3"}
    assert [c.name for c in orders.columns] == ["id"]


@pytest.mark.parametrize(("sql", "reason"), [
    ("ALTER TABLE db.events REPLACE COLUMNS (id bigint)", "LazySimpleSerDe"),
    ("ALTER TABLE db.events DROP COLUMN v", "Iceberg tables only"),
    ("ALTER TABLE db.events ADD COLUMNS (v string)", "already has v"),
    ("ALTER TABLE db.nope ADD COLUMNS (v string)", "does not exist"),
])
def test_the_local_engine_refuses_what_athena_refuses(tmp_path: Path, sql: str,
                                                      reason: str) -> None:
    engine = _engine(tmp_path, PARQUET)
    with pytest.raises(QueryError, match=reason):
        engine.run(sql)  # type: ignore[attr-defined]


def test_an_altered_table_survives_a_new_engine_on_the_same_catalog(tmp_path: Path) -> None:
    from athenakit.local.engine import LocalEngine

    engine = _engine(tmp_path, PARQUET)
    engine.run(alter.add_columns(PARQUET, [Column("n", "int")]))  # type: ignore[attr-defined]
    again = LocalEngine(s3_root=tmp_path, catalog_dir=tmp_path / "catalog")
    assert [c.name for c in again.catalog.table("events", "db").columns] == ["id", "v", "n"]


def test_a_spec_table_altered_locally_answers_with_the_new_column(tmp_path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    from athenakit.local.engine import LocalEngine

    [table] = loads_spec("name: t\ndatabase: db\nlocation: s3://b/t/\n"
                         "columns: [{name: id, type: bigint}]")
    (tmp_path / "b" / "t").mkdir(parents=True)
    pq.write_table(pa.table({"id": [1, 2], "v": ["a", "b"]}), tmp_path / "b" / "t" / "f.parquet")
    engine = LocalEngine([table], s3_root=tmp_path)
    engine.run(alter.add_columns(table, [Column("v", "string")]))
    assert engine.run("SELECT id, v FROM db.t ORDER BY id").rows == [(1, "a"), (2, "b")]

"""ORC and Avro reading; CTAS, INSERT INTO and UNLOAD writing in the declared format and layout.

https://docs.aws.amazon.com/athena/latest/ug/create-table-as.html
https://docs.aws.amazon.com/athena/latest/ug/unload.html
https://docs.aws.amazon.com/athena/latest/ug/insert-into.html
"""

from __future__ import annotations

import datetime as dt
import gzip
import json
from pathlib import Path
from typing import Any

import fastavro
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from pyarrow import orc

from athenakit.errors import QueryError
from athenakit.local.engine import LocalEngine
from athenakit.local.errors import UnsupportedLocally
from athenakit.table.model import Column, Partition, ProjectionConfig, Table
from athenakit.table.projection import EnumProjection
from athenakit.table.storage import Storage


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


# Reading ORC: columns matched by position (Athena's default for ORC) or, with
# 'orc.column.index.access'='false', by name case-insensitively; Hive k=v partitions.
# https://docs.aws.amazon.com/athena/latest/ug/handling-schema-updates-chapter.html
def _orc_files(tmp_path: Path, columns: dict[str, Any]) -> None:
    for region, rows in (("eu", [1, 2]), ("us", [3])):
        folder = tmp_path / "b" / "orc" / f"region={region}"
        folder.mkdir(parents=True)
        data = {name: make(rows) for name, make in columns.items()}
        orc.write_table(pa.table(data), str(folder / "part-0.orc"))


@pytest.mark.parametrize(("columns", "serde"), [
    # by position: a renamed column keeps its data (the table's names differ)
    ({"old_id": lambda rows: pa.array(rows, pa.int32()),
      "old_name": lambda rows: [f"n{r}" for r in rows]}, {}),
    # by name, in any case and order
    ({"Name": lambda rows: [f"n{r}" for r in rows],
      "ID": lambda rows: pa.array(rows, pa.int32())}, {"orc.column.index.access": "false"}),
])
def test_orc_columns_match_as_the_table_reads_them(tmp_path: Path, columns: dict[str, Any],
                                                   serde: dict[str, str]) -> None:
    _orc_files(tmp_path, columns)
    table = Table(name="o", location="s3://b/orc/", storage=Storage(
        format="orc", serde_properties=serde),
                  columns=(Column("id", "int"), Column("name", "string"), Column("gone", "int")),
                  partitions=(Partition("region", "string"),))
    engine = LocalEngine([table], s3_root=tmp_path)
    engine.run("MSCK REPAIR TABLE o")
    assert engine.run("SELECT region, id, name, gone FROM o ORDER BY id").rows == [
        ("eu", 1, "n1", None), ("eu", 2, "n2", None), ("us", 3, "n3", None)]


# Reading Avro with fastavro: logical types (timestamp-millis is a UTC instant), records.
def test_avro_records_and_logical_types(tmp_path: Path) -> None:
    literal = {
        "type": "record", "name": "Order", "fields": [
            {"name": "order_id", "type": "long"},
            {"name": "placed", "type": {"type": "long", "logicalType": "timestamp-millis"}},
            {"name": "note", "type": ["null", "string"], "default": None},
            {"name": "buyer", "type": {"type": "record", "name": "Buyer", "fields": [
                {"name": "id", "type": "int"}, {"name": "country", "type": "string"}]}},
        ]}
    schema = fastavro.parse_schema(literal)
    folder = tmp_path / "b" / "avro"
    folder.mkdir(parents=True)
    placed = dt.datetime(2024, 3, 1, 12, 30, tzinfo=dt.timezone.utc)
    with (folder / "orders.avro").open("wb") as out:
        fastavro.writer(out, schema, [
            {"order_id": 1, "placed": placed, "note": None, "buyer": {"id": 7, "country": "DE"}},
            {"order_id": 2, "placed": placed, "note": "gift", "buyer": {"id": 8, "country": "FR"}},
        ])
    table = Table(name="a", location="s3://b/avro/", storage=Storage(
        format="avro", serde_properties={"avro.schema.literal": json.dumps(literal)}), columns=(
        Column("order_id", "bigint"), Column("placed", "timestamp"), Column("note", "string"),
        Column("buyer", "struct<id:int,country:string>")))
    rows = LocalEngine([table], s3_root=tmp_path).run(
        "SELECT order_id, placed, note, buyer.country FROM a ORDER BY order_id").rows
    assert rows == [(1, dt.datetime(2024, 3, 1, 12, 30), None, "DE"),
                    (2, dt.datetime(2024, 3, 1, 12, 30), "gift", "FR")]


# UNLOAD: files in the format and partition layout asked for; a non-empty target is refused.
def test_unload_parquet_partitioned_by_writes_key_folders(tmp_path: Path) -> None:
    engine = LocalEngine(s3_root=tmp_path)
    engine.run("UNLOAD (SELECT x AS v, CASE WHEN x < 3 THEN 'a' ELSE 'b' END AS k "
               "FROM UNNEST(sequence(1, 4)) AS t(x)) TO 's3://out/u/' "
               "WITH (format = 'PARQUET', partitioned_by = ARRAY['k'])")
    got = {}
    for path in (tmp_path / "out" / "u").rglob("*.parquet"):
        table = pq.read_table(path)
        assert table.column_names == ["v"]  # the partition column lives in the path
        got[path.parent.name] = sorted(table.column("v").to_pylist())
    assert got == {"k=a": [1, 2], "k=b": [3, 4]}


def test_unload_textfile_and_json_file_contents(tmp_path: Path) -> None:
    engine = LocalEngine(s3_root=tmp_path)
    query = "SELECT 1 AS id, 'x,y' AS s, CAST(NULL AS varchar) AS n, true AS ok, ARRAY[1, 2] AS a"
    engine.run(f"UNLOAD ({query}) TO 's3://out/t/' WITH (format = 'TEXTFILE', "
               "field_delimiter = '|')")
    engine.run(f"UNLOAD ({query}) TO 's3://out/j/' WITH (format = 'JSON', compression = 'GZIP')")
    [text] = _files(tmp_path / "out" / "t").values()
    assert text == b"1|x,y|\\N|true|1\x022\n"
    [(name, body)] = _files(tmp_path / "out" / "j").items()
    assert name.endswith(".json.gz")
    assert json.loads(gzip.decompress(body)) == {"id": 1, "s": "x,y", "n": None, "ok": True,
                                                 "a": [1, 2]}


def test_unload_refuses_a_non_empty_target_and_leaves_it_untouched(tmp_path: Path) -> None:
    folder = tmp_path / "out" / "busy"
    folder.mkdir(parents=True)
    (folder / "existing.csv").write_bytes(b"keep me\n")
    before = _files(folder)
    with pytest.raises(QueryError, match="HIVE_PATH_ALREADY_EXISTS"):
        LocalEngine(s3_root=tmp_path).run(
            "UNLOAD (SELECT 1 AS a) TO 's3://out/busy/' WITH (format = 'PARQUET')")
    assert _files(folder) == before


def test_unload_of_a_format_not_written_locally_is_refused(tmp_path: Path) -> None:
    with pytest.raises(UnsupportedLocally, match="AVRO"):
        LocalEngine(s3_root=tmp_path).run(
            "UNLOAD (SELECT 1 AS a) TO 's3://out/avro/' WITH (format = 'AVRO')")
    assert not (tmp_path / "out").exists()


# CTAS: the declared format, partition folders, the table registered; refuses non-empty.
@pytest.mark.parametrize(("fmt", "suffix"), [("ORC", ".orc"), ("JSON", ".json"),
                                             ("TEXTFILE", ""), ("PARQUET", ".parquet")])
def test_ctas_writes_the_declared_format_and_reads_it_back(tmp_path: Path, fmt: str,
                                                           suffix: str) -> None:
    engine = LocalEngine(s3_root=tmp_path)
    engine.run(f"CREATE TABLE c WITH (format = '{fmt}', external_location = 's3://w/c/', "
               "partitioned_by = ARRAY['day']) AS SELECT x AS n, 'x' || CAST(x AS varchar) AS s, "
               "CASE WHEN x <= 2 THEN '2024-03-01' ELSE '2024-03-02' END AS day "
               "FROM UNNEST(sequence(1, 3)) AS t(x)")
    written = _files(tmp_path / "w" / "c")
    assert {name.split("/")[0] for name in written} == {"day=2024-03-01", "day=2024-03-02"}
    assert all(name.endswith(suffix) for name in written)
    assert engine.run("SELECT day, sum(n), max(s) FROM c GROUP BY day ORDER BY day").rows == [
        ("2024-03-01", 3, "x2"), ("2024-03-02", 3, "x3")]


def test_ctas_refuses_a_non_empty_location_and_registers_nothing(tmp_path: Path) -> None:
    folder = tmp_path / "w" / "taken"
    folder.mkdir(parents=True)
    pq.write_table(pa.table({"n": [42]}), folder / "old.parquet")
    before = _files(folder)
    engine = LocalEngine(s3_root=tmp_path)
    with pytest.raises(QueryError, match="HIVE_PATH_ALREADY_EXISTS"):
        engine.run("CREATE TABLE t2 WITH (external_location = 's3://w/taken/') AS SELECT 1 AS n")
    assert _files(folder) == before
    with pytest.raises(QueryError, match="TABLE_NOT_FOUND"):
        engine.run("SELECT * FROM t2")


def test_ctas_text_with_gzip_compression(tmp_path: Path) -> None:
    engine = LocalEngine(s3_root=tmp_path)
    engine.run("CREATE TABLE g WITH (format = 'TEXTFILE', write_compression = 'GZIP', "
               "field_delimiter = ',', external_location = 's3://w/g/') AS SELECT 7 AS n, 'a' AS s")
    [(name, body)] = _files(tmp_path / "w" / "g").items()
    assert name.endswith(".gz") and gzip.decompress(body) == b"7,a\n"
    assert engine.run("SELECT n, s FROM g").rows == [(7, "a")]


# INSERT INTO: appends new files, keeps the existing ones, follows the projection template.
def test_insert_into_appends_without_touching_existing_files(tmp_path: Path) -> None:
    engine = LocalEngine(s3_root=tmp_path)
    engine.run("CREATE TABLE i WITH (format = 'PARQUET', external_location = 's3://w/i/', "
               "partitioned_by = ARRAY['k']) AS SELECT 1 AS n, 'a' AS k")
    before = _files(tmp_path / "w" / "i")
    engine.run("INSERT INTO i SELECT 2, 'a' UNION ALL SELECT 3, 'b'")
    after = _files(tmp_path / "w" / "i")
    assert all(after[name] == body for name, body in before.items())
    assert len(after) == len(before) + 2
    assert engine.run("SELECT k, sum(n) FROM i GROUP BY k ORDER BY k").rows == [
        ("a", 3), ("b", 3)]


def test_insert_into_a_projected_table_writes_the_template_layout(tmp_path: Path) -> None:
    table = Table(
        name="p", location="s3://w/p/", storage=Storage(format="hive_json"),
        columns=(Column("n", "int"),),
        partitions=(Partition("region", "string",
                              projection=EnumProjection(values=("eu", "us"))),),
        projection=ProjectionConfig(location_template="s3://w/p/data/${region}/"))
    engine = LocalEngine([table], s3_root=tmp_path)
    engine.run("INSERT INTO p VALUES (1, 'eu'), (2, 'us'), (3, 'us')")
    written = _files(tmp_path / "w" / "p")
    assert sorted(name.split("/")[1] for name in written) == ["eu", "us"]
    assert engine.run("SELECT region, sum(n) FROM p WHERE region = 'us' GROUP BY 1").rows == [
        ("us", 5)]


def test_an_unusable_catalog_directory_is_a_config_error(tmp_path: Path) -> None:
    from athenakit.errors import ConfigError
    from athenakit.local.engine import LocalEngine

    blocker = tmp_path / "a-file"
    blocker.write_text("")
    with pytest.raises(ConfigError, match="local catalog directory"):
        LocalEngine(catalog_dir=blocker / "catalog")


def test_a_local_failure_names_its_query_id_and_state() -> None:
    from athenakit.errors import QueryError
    from athenakit.local.engine import LocalEngine

    with LocalEngine() as engine, pytest.raises(QueryError) as info:
        engine.run("SELECT * FROM no_such_table")
    assert info.value.query_id and info.value.query_id.startswith("local-")
    assert info.value.state == "FAILED" and "TABLE_NOT_FOUND" in str(info.value)


# https://docs.aws.amazon.com/athena/latest/ug/create-table-as.html : WITH NO DATA creates the
# table with the query's columns and no rows
def test_ctas_with_no_data_creates_an_empty_table_with_the_columns(tmp_path: Path) -> None:
    from athenakit.local.engine import LocalEngine

    with LocalEngine(s3_root=tmp_path) as engine:
        engine.run("CREATE TABLE t WITH (format = 'PARQUET', external_location = 's3://b/t/') "
                   "AS SELECT 1 AS a, 'x' AS b WITH NO DATA")
        assert engine.run("SELECT count(*) FROM t").rows == [(0,)]
        assert [c.name for c in engine.run("SELECT * FROM t").columns] == ["a", "b"]
        assert not any(p.is_file() for p in (tmp_path / "b" / "t").rglob("*.parquet"))
        engine.run("INSERT INTO t SELECT 2, 'y'")
        assert engine.run("SELECT a, b FROM t").rows == [(2, "y")]

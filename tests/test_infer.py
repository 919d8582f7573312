"""``athenakit infer``: fixtures of each format and layout written here (pyarrow, fastavro,
plain text), the inferred spec compared with the one written by hand from the fixture's
construction, then queried through the local engine."""

from __future__ import annotations

import datetime as dt
import decimal
import gzip
import json
from pathlib import Path
from typing import Any

import pytest
from moto_harness import MotoServer, s3_client

from athenakit.cli import main
from athenakit.infer import infer
from athenakit.local.engine import LocalEngine
from athenakit.table.spec import loads_spec


def spec(text: str) -> Any:
    [table] = loads_spec(text)
    return table


def query(result: Any, sql: str) -> list[tuple[Any, ...]]:
    # the sample's k=v folders are its partitions, as once MSCK REPAIR TABLE has run
    engine = LocalEngine([result.table], s3_root=result.s3_root, discover_partitions=True)
    return list(engine.run(sql).rows)


# -- Parquet: decimal, timestamp units, nested types; Hive k=v partitions ---------------------
# https://docs.aws.amazon.com/athena/latest/ug/data-types.html

def write_parquet(root: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    for day in ("2024-03-01", "2024-03-02"):
        folder = root / f"dt={day}"
        folder.mkdir(parents=True)
        pq.write_table(pa.table({
            "id": pa.array([1, 2], pa.int64()),
            "Price": pa.array([decimal.Decimal("9.99"), decimal.Decimal("0.50")],
                              pa.decimal128(12, 2)),
            "seen": pa.array([dt.datetime(2024, 3, 1, 12), None], pa.timestamp("ms")),
            "small": pa.array([1, 2], pa.int16()),
            "tags": pa.array([["a", "b"], []], pa.list_(pa.string())),
            "attrs": pa.array([[("k", 1)], []], pa.map_(pa.string(), pa.int32())),
            "geo": pa.array([{"lat": 1.5, "lon": 2.5}, None],
                            pa.struct([("lat", pa.float64()), ("lon", pa.float32())])),
        }), folder / "part-0.parquet")


def test_parquet_schema_and_daily_partitions(tmp_path: Path) -> None:
    root = tmp_path / "bucket" / "sales"
    write_parquet(root)
    (root / "_SUCCESS").write_text("")
    result = infer(str(root))
    assert result.table == spec("""
name: sales
location: s3://bucket/sales/
columns:
  - {name: id, type: bigint}
  - {name: price, type: 'decimal(12,2)'}
  - {name: seen, type: timestamp}
  - {name: small, type: smallint}
  - {name: tags, type: array<string>}
  - {name: attrs, type: 'map<string,int>'}
  - {name: geo, type: 'struct<lat:double,lon:float>'}
partitions:
  - name: dt
    projection: {type: date, range: ['2024-03-01', NOW], format: yyyy-MM-dd}
projection: {enabled: true}
""")
    assert (result.rows_read, result.null_columns) == (4, [])
    assert any("_SUCCESS" in n for n in result.notes)
    rows = query(result, "SELECT sum(price), count(DISTINCT dt) FROM sales WHERE id = 1")
    assert rows == [(decimal.Decimal("19.98"), 2)]


def test_parquet_files_with_different_columns_are_merged_and_reported(tmp_path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    root = tmp_path / "bucket" / "t"
    root.mkdir(parents=True)
    pq.write_table(pa.table({"a": pa.array([1], pa.int32())}), root / "1.parquet")
    pq.write_table(pa.table({"a": pa.array([2], pa.int64()), "b": ["x"]}), root / "2.parquet")
    result = infer(str(root))
    assert [(c.name, c.type.ddl) for c in result.table.columns] == [("a", "bigint"),
                                                                    ("b", "string")]
    assert any("column b is not in earlier files" in n for n in result.notes)
    assert result.rows_read == 2


def test_sibling_folders_with_different_schemas_are_reported(tmp_path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    root = tmp_path / "bucket" / "mixed"
    for folder, table in (("orders", {"id": [1]}), ("users", {"name": ["x"]})):
        (root / folder).mkdir(parents=True)
        pq.write_table(pa.table(table), root / folder / "0.parquet")
    result = infer(str(root), validate=False)
    assert any("look like separate tables" in n for n in result.notes)


# -- ORC and Avro ----------------------------------------------------------------------------

def test_orc_schema(tmp_path: Path) -> None:
    import pyarrow as pa
    from pyarrow import orc

    root = tmp_path / "bucket" / "o"
    root.mkdir(parents=True)
    orc.write_table(pa.table({"n": pa.array([1, 2], pa.int32()), "s": ["a", "b"],
                              "d": pa.array([dt.date(2024, 1, 1)] * 2, pa.date32())}),
                    root / "x.orc")
    result = infer(str(root))
    assert result.table == spec("name: o\nlocation: s3://bucket/o/\nstorage: {format: orc}\n"
                                "columns: [{name: n, type: int}, {name: s, type: string},"
                                " {name: d, type: date}]\n")
    assert result.rows_read == 2


def test_avro_schema_with_logical_types(tmp_path: Path) -> None:
    import fastavro

    root = tmp_path / "bucket" / "a"
    root.mkdir(parents=True)
    schema = {"type": "record", "name": "r", "fields": [
        {"name": "id", "type": "long"},
        {"name": "amount", "type": {"type": "bytes", "logicalType": "decimal", "precision": 8,
                                    "scale": 3}},
        {"name": "at", "type": ["null", {"type": "long", "logicalType": "timestamp-millis"}]},
        {"name": "labels", "type": {"type": "map", "values": "string"}}]}
    with open(root / "0.avro", "wb") as f:
        fastavro.writer(f, fastavro.parse_schema(schema), [
            {"id": 1, "amount": decimal.Decimal("1.500"), "at": None, "labels": {"a": "b"}}])
    result = infer(str(root))
    cols = [(c.name, c.type.ddl) for c in result.table.columns]
    assert cols == [("id", "bigint"), ("amount", "decimal(8,3)"), ("at", "timestamp"),
                    ("labels", "map<string,string>")]
    assert result.table.storage.format == "avro"
    assert json.loads(result.table.storage.serde_properties["avro.schema.literal"])["name"] == "r"
    assert result.rows_read == 1 and result.null_columns == ["at"]


# -- CSV / TSV -------------------------------------------------------------------------------
# https://docs.aws.amazon.com/athena/latest/ug/csv-serde.html (OpenCSV: quoted values)
# https://docs.aws.amazon.com/athena/latest/ug/lazy-simple-serde.html

def test_quoted_csv_with_header_uses_opencsv(tmp_path: Path) -> None:
    root = tmp_path / "bucket" / "customers"
    root.mkdir(parents=True)
    (root / "a.csv").write_text('id,full name,joined\n1,"Doe, Jane",2024-01-05\n'
                                '2,"O\'Neil",2024-02-01\n')
    result = infer(str(root))
    assert result.table == spec(r"""
name: customers
location: s3://bucket/customers/
columns:
  - {name: id, type: int}
  - {name: full_name, type: string}
  - {name: joined, type: string}
storage:
  format: csv
  header_lines: 1
  serde_properties: {separatorChar: ',', quoteChar: '"', escapeChar: '\'}
""")
    assert query(result, "SELECT full_name FROM customers WHERE id = 1") == [("Doe, Jane",)]


def test_gzipped_tsv_without_quotes_uses_lazy_simple_with_typed_dates(tmp_path: Path) -> None:
    root = tmp_path / "bucket" / "logs"
    root.mkdir(parents=True)
    body = "2024-01-01\t2024-01-01 10:00:00\t3.5\ttrue\n2024-01-02\t2024-01-02 11:30:00\t4\tfalse\n"
    (root / "0.tsv.gz").write_bytes(gzip.compress(body.encode()))
    result = infer(str(root))
    assert result.table == spec("""
name: logs
location: s3://bucket/logs/
columns:
  - {name: col0, type: date}
  - {name: col1, type: timestamp}
  - {name: col2, type: double}
  - {name: col3, type: boolean}
storage: {format: text, field_delimiter: "\\t"}
compression: GZIP
""")
    assert query(result, "SELECT max(col2), count(*) FROM logs WHERE col3") == [(3.5, 1)]


# -- JSON lines ------------------------------------------------------------------------------
# https://docs.aws.amazon.com/athena/latest/ug/openx-json-serde.html

def test_json_lines_nested_types_are_merged_and_case_collisions_reported(tmp_path: Path) -> None:
    root = tmp_path / "bucket" / "events"
    root.mkdir(parents=True)
    lines = [{"id": 1, "user": {"name": "a"}, "items": [{"sku": "x"}], "userId": "u1"},
             {"id": 2, "user": {"name": "b", "age": 30}, "items": [{"sku": "y", "qty": 2}],
              "UserID": "u2", "event-type": "click"}]
    (root / "0.json").write_text("\n".join(json.dumps(x) for x in lines) + "\n")
    result = infer(str(root))
    assert result.table == spec("""
name: events
location: s3://bucket/events/
columns:
  - {name: id, type: bigint}
  - {name: user, type: 'struct<name:string,age:bigint>'}
  - {name: items, type: 'array<struct<sku:string,qty:bigint>>'}
  - {name: userid, type: string}
  - {name: event_type, type: string}
storage:
  format: openx_json
  serde_properties: {mapping.event_type: event-type}
""")
    assert any("differ only in case" in n for n in result.notes)
    rows = query(result, "SELECT id, user.age, event_type FROM events ORDER BY id")
    assert rows == [(1, None, None), (2, 30, "click")]


# -- date layouts -> projection --------------------------------------------------------------
# https://docs.aws.amazon.com/athena/latest/ug/partition-projection-kinesis-firehose-example.html

def test_hourly_folders_become_a_date_projection_with_a_template(tmp_path: Path) -> None:
    root = tmp_path / "bucket" / "firehose"
    for hour in ("2024/05/01/00", "2024/05/01/01"):
        (root / hour).mkdir(parents=True)
        (root / hour / "x.json").write_text('{"a": 1}\n')
    result = infer(str(root), validate=False)
    assert result.table == spec("""
name: firehose
location: s3://bucket/firehose/
columns: [{name: a, type: bigint}]
partitions:
  - name: dt
    projection: {type: date, range: [2024/05/01/00, NOW], format: yyyy/MM/dd/HH,
                 interval: 1, interval_unit: HOURS}
projection: {enabled: true, location_template: 's3://bucket/firehose/${dt}/'}
storage: {format: openx_json}
""")


def test_hive_integer_partitions_get_int_type(tmp_path: Path) -> None:
    root = tmp_path / "bucket" / "y"
    for year in (2023, 2024):
        (root / f"year={year}").mkdir(parents=True)
        (root / f"year={year}" / "0.csv").write_text("1,a\n2,b\n")
    result = infer(str(root))
    assert [(p.name, p.type.ddl, p.projection) for p in result.table.partitions] == [
        ("year", "int", None)]
    assert query(result, "SELECT count(*) FROM y WHERE year = 2024") == [(2,)]


# -- S3 through moto: listing and sampling, not reading every file ---------------------------

@pytest.mark.slow
def test_s3_prefix_is_listed_and_only_a_sample_is_read(moto: MotoServer, tmp_path: Path,
                                                       monkeypatch: Any) -> None:
    s3 = s3_client(moto.url)
    s3.create_bucket(Bucket="lake")
    for i in range(150):
        s3.put_object(Bucket="lake", Key=f"raw/dt=2024-01-{i % 28 + 1:02d}/{i}.csv",
                      Body=f"{i},name{i}\n".encode())
    monkeypatch.setenv("AWS_ENDPOINT_URL", moto.url)
    out = tmp_path / "spec.yaml"
    assert main(["infer", "s3://lake/raw/", "--sample", "10", "-o", str(out)]) == 0
    [table] = loads_spec(out.read_text())
    assert [(c.name, c.type.ddl) for c in table.columns] == [("col0", "int"), ("col1", "string")]
    assert table.location == "s3://lake/raw/"
    result = infer("s3://lake/raw/", sample_files=10)
    assert (result.listed, result.sampled, result.rows_read) == (150, 10, 10)


# -- files without extensions (Firehose), gzip detected by content ---------------------------
# https://docs.aws.amazon.com/athena/latest/ug/compression-formats.html

def test_extensionless_json_is_recognised_and_unnamed_gzip_is_reported(tmp_path: Path) -> None:
    root = tmp_path / "bucket" / "stream"
    root.mkdir(parents=True)
    (root / "events-1-2024-01-01-00").write_text('{"a": 1, "b": "x"}\n{"a": 2}\n')
    (root / "events-2-2024-01-01-01").write_bytes(gzip.compress(b'{"a": 3, "c": true}\n'))
    result = infer(str(root), validate=False)
    assert [(c.name, c.type.ddl) for c in result.table.columns] == [
        ("a", "bigint"), ("b", "string"), ("c", "boolean")]
    assert result.table.storage.format == "openx_json"
    assert any("events-2-2024-01-01-01 is gzip data without a .gz extension" in n
               for n in result.notes)


def test_manifest_and_other_format_files_under_the_location_are_reported(tmp_path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    root = tmp_path / "bucket" / "p"
    root.mkdir(parents=True)
    pq.write_table(pa.table({"a": [1]}), root / "0.parquet")
    (root / "notes.json").write_text('{"x": 1}\n')
    (root / "run.manifest").write_text("s3://bucket/p/0.parquet\n")
    (root / ".hidden.parquet").write_bytes(b"")
    result = infer(str(root), validate=False)
    text = "\n".join(result.notes)
    assert "1 metadata/manifest object(s) would be read as data" in text
    assert "of another format than parquet" in text and "notes.json" in text
    assert "start with '_' or '.'" in text


def test_json_objects_with_many_keys_of_one_type_become_a_map(tmp_path: Path) -> None:
    root = tmp_path / "bucket" / "m"
    root.mkdir(parents=True)
    lines = [json.dumps({"id": i, "counts": {f"k{j}": j for j in range(i, i + 25)}})
             for i in range(3)]
    (root / "0.json").write_text("\n".join(lines) + "\n")
    result = infer(str(root))
    assert [(c.name, c.type.ddl) for c in result.table.columns] == [
        ("id", "bigint"), ("counts", "map<string,bigint>")]
    assert query(result, "SELECT counts['k26'] FROM m WHERE id = 2") == [(26,)]


def test_only_the_sample_is_read_from_many_files(tmp_path: Path) -> None:
    root = tmp_path / "bucket" / "many"
    for day in range(1, 11):
        folder = root / f"dt=2024-01-{day:02d}"
        folder.mkdir(parents=True)
        for i in range(30):
            (folder / f"{i:03d}.csv").write_text(f"{i},{day}\n")
    result = infer(str(root), sample_files=12)
    assert (result.listed, result.sampled, result.rows_read) == (300, 12, 12)


def test_cli_reports_rows_read_and_all_null_columns(tmp_path: Path, capsys: Any) -> None:
    root = tmp_path / "bucket" / "n"
    root.mkdir(parents=True)
    (root / "0.json").write_text('{"a": 1, "b": null}\n{"a": 2, "b": null}\n')
    out = tmp_path / "n.json"
    assert main(["infer", str(root), "-o", str(out), "--database", "raw"]) == 0
    err = capsys.readouterr().err
    assert "listed 1 object(s), sampled 1" in err
    assert "the local engine read 2 row(s) from the sample" in err
    assert "column b came back all NULL" in err
    [table] = loads_spec(out.read_text(), file=str(out))
    assert (table.database, [c.name for c in table.columns]) == ("raw", ["a", "b"])


def test_cli_on_a_missing_folder_is_one_line_error(tmp_path: Path, capsys: Any) -> None:
    assert main(["infer", str(tmp_path / "nope")]) == 1
    err = capsys.readouterr().err
    assert err.startswith("athenakit: error: ") and err.count("\n") == 1


def test_a_partition_column_also_in_the_files_stays_a_partition_only(tmp_path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    root = tmp_path / "bucket" / "dup"
    for region in ("eu", "us"):
        (root / f"region={region}").mkdir(parents=True)
        pq.write_table(pa.table({"id": [1], "region": [region]}),
                       root / f"region={region}" / "0.parquet")
    result = infer(str(root))
    assert [c.name for c in result.table.columns] == ["id"]
    assert [p.name for p in result.table.partitions] == ["region"]
    assert query(result, "SELECT region FROM dup ORDER BY region") == [("eu",), ("us",)]

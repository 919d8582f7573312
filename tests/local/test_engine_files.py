"""End to end: specs over local files, per storage format and partition layout."""

from __future__ import annotations

import datetime as dt
import gzip
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from athenakit.errors import QueryError
from athenakit.local.engine import LocalEngine
from athenakit.local.partitions import date_values
from athenakit.table.model import Column, Partition, ProjectionConfig, Table
from athenakit.table.projection import DateProjection, EnumProjection
from athenakit.table.storage import Storage


def _table(**kw: object) -> Table:
    return Table(**kw)  # type: ignore[arg-type]


def test_delimited_text_with_header_null_format_and_bad_values(tmp_path: Path) -> None:
    folder = tmp_path / "b" / "t"
    folder.mkdir(parents=True)
    (folder / "a.csv.gz").write_bytes(gzip.compress(b"id,name\n1,ann\nx,\\N\n3\n"))
    (folder / "_SUCCESS").write_text("ignored")
    table = _table(name="t", location="s3://b/t/",
                   columns=(Column("id", "int"), Column("name", "string")),
                   storage=Storage(format="text", field_delimiter=",", header_lines=1))
    rows = LocalEngine([table], s3_root=tmp_path).run("SELECT id, name FROM t").rows
    assert sorted(rows, key=str) == sorted([(1, "ann"), (None, None), (3, None)], key=str)


def test_opencsv_quoted_values(tmp_path: Path) -> None:
    folder = tmp_path / "b" / "c"
    folder.mkdir(parents=True)
    (folder / "a.csv").write_text('"1","a, quoted"\n"2","b"\n')
    table = _table(name="c", location="s3://b/c/", storage=Storage(format="csv"),
                   columns=(Column("id", "int"), Column("v", "string")))
    rows = LocalEngine([table], s3_root=tmp_path).run("SELECT * FROM c ORDER BY id").rows
    assert rows == [(1, "a, quoted"), (2, "b")]


def test_openx_json_case_insensitive_and_malformed_lines(tmp_path: Path) -> None:
    folder = tmp_path / "b" / "j"
    folder.mkdir(parents=True)
    (folder / "a.json").write_text('{"ID": 1, "Tags": ["x"]}\nnot json\n')
    table = _table(name="j", location="s3://b/j/", columns=(
        Column("id", "int"), Column("tags", "array<string>")), storage=Storage(
        format="openx_json", serde_properties={"ignore.malformed.json": "true"}))
    rows = LocalEngine([table], s3_root=tmp_path).run("SELECT id, tags FROM j").rows
    assert sorted(rows, key=str) == sorted([(1, ["x"]), (None, None)], key=str)


def test_regex_serde_non_matching_lines_are_null(tmp_path: Path) -> None:
    folder = tmp_path / "b" / "r"
    folder.mkdir(parents=True)
    (folder / "log.txt").write_text("GET /a 200\ngarbage\n")
    table = _table(name="r", location="s3://b/r/", columns=(
        Column("verb", "string"), Column("path", "string"), Column("status", "int")),
        storage=Storage(format="regex", serde_properties={
            "input.regex": r"(\S+) (\S+) (\d+)"}))
    rows = LocalEngine([table], s3_root=tmp_path).run("SELECT * FROM r").rows
    assert sorted(rows, key=str) == sorted([("GET", "/a", 200), (None, None, None)], key=str)


def _projected(tmp_path: Path) -> Table:
    for day in ("2024/01/01", "2024/01/02", "2024/01/03"):
        folder = tmp_path / "b" / "p" / day
        folder.mkdir(parents=True)
        pq.write_table(pa.table({"v": [int(day[-1])]}), folder / "x.parquet")
    return _table(
        name="p", location="s3://b/p/", columns=(Column("v", "bigint"),),
        partitions=(Partition("dt", "string", projection=DateProjection(
            range=("2024/01/01", "2024/01/05"), format="yyyy/MM/dd")),),
        projection=ProjectionConfig(location_template="s3://b/p/${dt}/"))


def test_projection_reads_only_the_selected_prefixes(tmp_path: Path) -> None:
    engine = LocalEngine([_projected(tmp_path)], s3_root=tmp_path)
    everything = engine.run("SELECT sum(v) FROM p")
    one = engine.run("SELECT sum(v), max(dt) FROM p WHERE dt = '2024/01/02'")
    assert everything.rows == [(6,)]
    assert one.rows == [(2, "2024/01/02")]
    assert 0 < one.stats.data_scanned_bytes < everything.stats.data_scanned_bytes


def test_hive_partitions_and_ctas_round_trip(tmp_path: Path) -> None:
    table = _table(name="src", location="s3://b/src/", columns=(Column("v", "int"),),
                   partitions=(Partition("k", "string", projection=None),))
    for k in ("a", "b"):
        folder = tmp_path / "b" / "src" / f"k={k}"
        folder.mkdir(parents=True)
        pq.write_table(pa.table({"v": pa.array([1, 2], pa.int32())}), folder / "f.parquet")
    engine = LocalEngine([table], s3_root=tmp_path)
    engine.run("MSCK REPAIR TABLE src")
    assert engine.run("SELECT count(*) FROM src WHERE k = 'b'").rows == [(2,)]
    sql = ("CREATE TABLE out WITH (external_location = 's3://b/out/', "
           "partitioned_by = ARRAY['k']) AS SELECT v * 10 AS v, k FROM src")
    engine.run(sql)
    assert (tmp_path / "b" / "out" / "k=a").is_dir()
    assert engine.run("SELECT sum(v) FROM out WHERE k = 'a'").rows == [(30,)]
    with pytest.raises(QueryError, match="HIVE_PATH_ALREADY_EXISTS"):
        engine.run(sql.replace("TABLE out", "TABLE out2"))


def test_catalog_persists_views_for_the_next_process(tmp_path: Path) -> None:
    LocalEngine(catalog_dir=tmp_path).run("CREATE VIEW v AS SELECT 41 + 1 AS answer")
    assert LocalEngine(catalog_dir=tmp_path).run("SELECT answer FROM v").rows == [(42,)]


def test_date_projection_enumerates_hours_with_now() -> None:
    proj = DateProjection(range=("NOW-2DAYS", "NOW"), format="yyyy/MM/dd/HH",
                          interval="1", interval_unit="HOURS")
    values = list(date_values(proj, now=dt.datetime(2024, 3, 1, 5)))
    assert values[0] == "2024/02/28/05" and values[-1] == "2024/03/01/05"
    assert len(values) == 49


def test_enum_projection_table_without_template_uses_key_folders(tmp_path: Path) -> None:
    folder = tmp_path / "b" / "e" / "region=eu"
    folder.mkdir(parents=True)
    pq.write_table(pa.table({"v": [1]}), folder / "x.parquet")
    table = _table(name="e", location="s3://b/e/", columns=(Column("v", "bigint"),),
                   partitions=(Partition("region", "string",
                                         projection=EnumProjection(values=("eu", "us"))),),
                   projection=ProjectionConfig())
    assert LocalEngine([table], s3_root=tmp_path).run("SELECT region, v FROM e").rows == [
        ("eu", 1)]


def test_unregistered_hive_partitions_read_nothing_as_on_athena_with_a_warning_saying_why(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    # https://docs.aws.amazon.com/athena/latest/ug/msck-repair-table.html: partitions added
    # under the location are read once MSCK REPAIR TABLE (or ADD PARTITION) registers them
    table = _table(name="unregistered", location="s3://b/unregistered/",
                   columns=(Column("v", "int"),), partitions=(Partition("k", "string"),))
    folder = tmp_path / "b" / "unregistered" / "k=a"
    folder.mkdir(parents=True)
    pq.write_table(pa.table({"v": pa.array([5], pa.int32())}), folder / "f.parquet")
    with LocalEngine([table], s3_root=tmp_path) as engine, caplog.at_level("WARNING"):
        assert engine.run("SELECT k, v FROM unregistered").rows == []
        assert engine.run("SELECT count(*) FROM unregistered").rows == [(0,)]
        engine.run("MSCK REPAIR TABLE unregistered")
        assert engine.run("SELECT k, v FROM unregistered").rows == [("a", 5)]
    warnings = [r.getMessage() for r in caplog.records if r.name == "athenakit.local"]
    assert len(warnings) == 1  # once per table, not per query
    assert "no registered partitions" in warnings[0] and "MSCK REPAIR TABLE" in warnings[0]


def test_discover_partitions_reads_unregistered_folders_as_if_msck_had_run(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    table = _table(name="found", location="s3://b/found/",
                   columns=(Column("v", "int"),), partitions=(Partition("k", "string"),))
    for k, v in (("a", 5), ("b", 7)):
        folder = tmp_path / "b" / "found" / f"k={k}"
        folder.mkdir(parents=True)
        pq.write_table(pa.table({"v": pa.array([v], pa.int32())}), folder / "f.parquet")
    with LocalEngine([table], s3_root=tmp_path, discover_partitions=True) as engine, \
            caplog.at_level("WARNING"):
        assert engine.run("SELECT k, v FROM found WHERE k = 'b'").rows == [("b", 7)]
    assert not [r for r in caplog.records if r.name == "athenakit.local"]


def test_decimal_columns_divide_exactly_into_trinos_type(tmp_path: Path) -> None:
    from decimal import Decimal

    table = _table(name="prices", location="s3://b/prices/",
                   columns=(Column("amount", "decimal(10,2)"), Column("n", "int")),
                   storage=Storage("parquet"))
    folder = tmp_path / "b" / "prices"
    folder.mkdir(parents=True)
    pq.write_table(pa.table({
        "amount": pa.array([Decimal("10.00"), Decimal("-0.05"), None], pa.decimal128(10, 2)),
        "n": pa.array([3, 2, 1], pa.int32())}), folder / "p.parquet")
    with LocalEngine([table], s3_root=tmp_path) as engine:
        result = engine.run("SELECT amount / n AS share FROM prices")
    # decimal(10,2) / integer (decimal(10,0)) is decimal(10,2), rounded half away from zero
    assert [c.type for c in result.columns] == ["decimal(10,2)"]
    assert sorted(result.rows, key=str) == [(Decimal("-0.03"),), (Decimal("3.33"),), (None,)]

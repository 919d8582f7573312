"""The scan estimate over files with known sizes under a local S3 root: each estimate equals the
bytes computed independently from the files (Parquet footers read with pyarrow, whole sizes for
text), for full scans, partition filters, column subsets, joins and projection; and it is
compared with the local engine's own bytes-scanned figure on the same query."""

from __future__ import annotations

import datetime as dt

import pytest
from estimate_lake import BUCKET, DAYS, Lake, files_under, parquet_bytes

from athenakit.errors import ConfigError, QueryError
from athenakit.estimate import LocalStore, estimate, spec_definitions

ALL = ["id", "city", "payload", "amount"]


def run(lake: Lake, sql: str, **kwargs: object):  # type: ignore[no-untyped-def]
    defs = spec_definitions([lake.events, lake.projected, lake.cities], database="lake")
    return estimate(sql, defs, LocalStore(lake.root), **kwargs)  # type: ignore[arg-type]


def day_files(lake: Lake, days: list[str]) -> list:  # type: ignore[type-arg]
    return [f for d in days for f in files_under(lake.root / BUCKET / "events" / f"dt={d}")]


# Parquet: the query's columns plus every footer
# https://docs.aws.amazon.com/athena/latest/ug/columnar-storage.html
@pytest.mark.parametrize(("sql", "days", "columns"), [
    ("SELECT * FROM events", DAYS, ALL),
    ("SELECT id FROM events", DAYS, ["id"]),
    ("SELECT count(*) FROM events", DAYS, []),
    ("SELECT city, sum(amount) FROM events WHERE dt = '2024-02-29' GROUP BY city",
     ["2024-02-29"], ["city", "amount"]),
    ("SELECT e.payload.k FROM events e WHERE e.dt IN ('2024-02-27', '2024-03-02')",
     ["2024-02-27", "2024-03-02"], ["payload"]),
    ("SELECT id FROM events WHERE dt >= '2024-03-01' AND amount > 5", DAYS[3:], ["id", "amount"]),
    ("SELECT id FROM events WHERE dt BETWEEN '2024-02-28' AND '2024-03-01'", DAYS[1:4], ["id"]),
    (("WITH recent AS (SELECT id, city FROM events WHERE dt > '2024-03-01') "
     "SELECT city FROM recent"), DAYS[4:], ["id", "city"]),
])
def test_parquet_estimate_is_the_selected_files_column_chunks_and_footers(
        lake: Lake, sql: str, days: list[str], columns: list[str]) -> None:
    found = run(lake, sql)
    (table,) = found.tables
    assert table.partitions == len(days)
    assert table.objects == 2 * len(days)  # the _SUCCESS markers are hidden
    assert table.scanned_bytes == parquet_bytes(day_files(lake, days), columns)
    assert table.object_bytes == sum(f.stat().st_size for f in day_files(lake, days))


def test_text_tables_are_read_whole_at_their_compressed_size(lake: Lake) -> None:
    found = run(lake, "SELECT country FROM cities")
    files = files_under(lake.root / BUCKET / "cities")
    assert found.tables[0].scanned_bytes == sum(f.stat().st_size for f in files)


def test_a_join_adds_up_each_side(lake: Lake) -> None:
    found = run(lake, "SELECT e.id, c.country FROM events e JOIN cities c ON e.city = c.city "
                      "WHERE e.dt = '2024-03-01'")
    parquet = parquet_bytes(day_files(lake, ["2024-03-01"]), ["id", "city"])
    text = sum(f.stat().st_size for f in files_under(lake.root / BUCKET / "cities"))
    assert [t.table for t in found.tables] == ["lake.events", "lake.cities"]
    assert found.scanned_bytes == parquet + text


def test_an_unqualified_column_counts_only_for_the_table_that_has_it(lake: Lake) -> None:
    found = run(lake, "SELECT amount, country FROM events e, cities c WHERE e.dt = '2024-03-02'")
    assert found.tables[0].columns == ("amount",)
    assert found.tables[0].scanned_bytes == parquet_bytes(day_files(lake, ["2024-03-02"]),
                                                          ["amount"])


# Partition projection: partitions come from the projection, not from the folders
# https://docs.aws.amazon.com/athena/latest/ug/partition-projection.html
def test_projection_selects_by_range_and_lists_only_existing_objects(lake: Lake) -> None:
    found = run(lake, "SELECT id FROM events_projected "
                      "WHERE dt BETWEEN '2024-02-28' AND '2024-03-01'")
    (table,) = found.tables
    assert table.partitions == 3  # 2024 is a leap year: 02-28, 02-29, 03-01
    assert table.scanned_bytes == parquet_bytes(day_files(lake, DAYS[1:4]), ["id"])


def test_a_projection_over_a_whole_year_is_listed_with_few_calls(lake: Lake) -> None:
    found = run(lake, "SELECT id FROM events_projected")
    assert found.tables[0].partitions == 366
    assert found.tables[0].scanned_bytes == parquet_bytes(day_files(lake, DAYS), ["id"])
    assert found.calls.lists == 1  # the common parent, not 366 prefixes


def test_parameters_narrow_partitions_like_literals(lake: Lake) -> None:
    found = run(lake, "SELECT id FROM events WHERE dt = ?", params=["2024-03-01"])
    assert found.tables[0].partitions == 1


def test_the_ten_megabyte_minimum_is_billed(lake: Lake) -> None:
    found = run(lake, "SELECT id FROM events WHERE dt = '2024-02-27'")
    assert found.scanned_bytes < 10 * 1024 * 1024
    assert found.billed_bytes == 10 * 1024 * 1024
    # https://aws.amazon.com/athena/pricing/ : $5 per TB
    assert found.cost_usd == pytest.approx(10 * 1024 * 1024 / 1024 ** 4 * 5)


def test_a_query_without_tables_scans_nothing(lake: Lake) -> None:
    assert run(lake, "SELECT 1").scanned_bytes == 0


def test_an_unknown_table_is_a_clear_error(lake: Lake) -> None:
    with pytest.raises(ConfigError, match="table nope is not defined"):
        run(lake, "SELECT * FROM nope")


def test_too_many_projected_partitions_fail_as_athena_would(lake: Lake) -> None:
    import dataclasses

    from athenakit.table.model import Partition, ProjectionConfig
    from athenakit.table.projection import DateProjection

    hourly = dataclasses.replace(
        lake.projected, name="hourly", partitions=(Partition("dt", "string", projection=(
            DateProjection(range=("1900-01-01-00", "2024-01-01-00"), format="yyyy-MM-dd-HH",
                           interval="1", interval_unit="HOURS"))),),
        projection=ProjectionConfig(location_template="s3://lake/hourly/${dt}/"))
    defs = spec_definitions([hourly], database="lake")
    with pytest.raises(QueryError, match="HIVE_EXCEEDED_PARTITION_LIMIT|1000000"):
        estimate("SELECT id FROM hourly", defs, LocalStore(lake.root),
                 now=dt.datetime(2024, 1, 1))


# The local engine reports whole files as scanned (it reads them whole); the estimate counts
# only the Parquet columns a query uses. On the same query both select the same objects.
def test_the_local_engine_reads_the_same_objects_and_counts_them_whole(lake: Lake) -> None:
    from athenakit.connect import connect

    sql = "SELECT sum(amount) FROM events WHERE dt = '2024-02-29'"
    # (the estimate reads the k=v folders of a table without registered partitions)
    engine = connect("local", tables=[lake.events], s3_root=lake.root, database="lake",
                     discover_partitions=True)
    try:
        result = engine.run(sql)
    finally:
        engine.close()
    found = run(lake, sql).tables[0]
    assert result.stats.data_scanned_bytes == found.object_bytes
    assert found.scanned_bytes < found.object_bytes


def test_many_prefixes_are_listed_once_under_their_longest_common_prefix(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from athenakit.estimate.scan import list_prefixes

    for day in ("2024-02-29", "2024-03-01", "2024-03-02"):
        for hour in range(24):
            folder = tmp_path / "b" / "t" / f"{day}-{hour:02d}"
            folder.mkdir(parents=True)
            (folder / "part-0.csv").write_bytes(b"x\n")
    store = LocalStore(tmp_path)
    wanted = [f"s3://b/t/2024-03-01-{hour:02d}/" for hour in range(24)]
    found = list_prefixes(store, wanted)
    assert sorted(o.uri for o in found) == sorted(f"{w}part-0.csv" for w in wanted)
    assert store.calls.lists == 1
    few = LocalStore(tmp_path)
    assert len(list_prefixes(few, wanted[:3])) == 3 and few.calls.lists == 3


# ORC: a column's streams in every stripe, plus each stripe footer and the file tail
# https://orc.apache.org/specification/ORCv1/ : the file is "ORC", the stripes (index, data,
# footer), then metadata, footer, PostScript and its length byte, so reading every column reads
# every byte but the 3-byte header.
@pytest.mark.parametrize("compression", ["uncompressed", "zlib", "snappy", "zstd"])
def test_orc_columns_add_up_to_the_whole_file(tmp_path, compression: str) -> None:  # type: ignore[no-untyped-def]
    import random
    import string

    import pyarrow as pa
    from pyarrow import orc

    from athenakit.table.model import Column, Table
    from athenakit.table.storage import Storage

    rows = 30000
    rng = random.Random(7)
    data = pa.table({
        "flag": pa.array([1] * rows),
        "text": pa.array(["".join(rng.choices(string.ascii_letters, k=30)) for _ in range(rows)]),
        "nested": pa.array([{"a": i, "b": "x"} for i in range(rows)]),
    })
    folder = tmp_path / "b" / "orc"
    folder.mkdir(parents=True)
    orc.write_table(data, folder / "part-0.orc", compression=compression, stripe_size=256 * 1024)
    size = (folder / "part-0.orc").stat().st_size
    table = Table(name="o", location="s3://b/orc/", storage=Storage(format="orc"), columns=(
        Column("flag", "int"), Column("text", "string"), Column("nested", "struct<a:int,b:string>")))
    defs = spec_definitions([table])

    def scanned(sql: str) -> int:
        return estimate(sql, defs, LocalStore(tmp_path)).scanned_bytes

    assert scanned("SELECT * FROM o") == size - 3
    flag, text, nested = (scanned(f"SELECT {c} FROM o") for c in ("flag", "text", "nested"))
    assert flag < nested < text < size
    assert flag + text + nested - 2 * scanned("SELECT count(*) FROM o") == size - 3


def test_orc_with_lz4_counts_whole_files(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import pyarrow as pa
    from pyarrow import orc

    from athenakit.table.model import Column, Table
    from athenakit.table.storage import Storage

    (tmp_path / "b" / "orc").mkdir(parents=True)
    path = tmp_path / "b" / "orc" / "part-0.orc"
    orc.write_table(pa.table({"a": list(range(1000)), "b": ["x"] * 1000}), path,
                    compression="lz4")
    table = Table(name="o", location="s3://b/orc/", storage=Storage(format="orc"),
                  columns=(Column("a", "bigint"), Column("b", "string")))
    found = estimate("SELECT a FROM o", spec_definitions([table]), LocalStore(tmp_path))
    assert found.scanned_bytes == path.stat().st_size


def test_explain_analyze_is_estimated_as_the_query_it_runs(lake: Lake) -> None:
    plain = run(lake, "SELECT id FROM events WHERE dt = '2024-03-01'")
    explained = run(lake, "EXPLAIN ANALYZE SELECT id FROM events WHERE dt = '2024-03-01'")
    assert explained.scanned_bytes == plain.scanned_bytes > 0


def test_the_guard_refuses_what_it_cannot_estimate_with_a_clear_reason(lake: Lake) -> None:
    from athenakit.connect import connect

    engine = connect("local", tables=[lake.events], s3_root=lake.root, database="lake",
                     max_scan_bytes="1GB")
    try:
        with pytest.raises(ConfigError, match=r"cannot check the --max-scan budget: cannot "
                                              r"estimate: table nope is not defined"):
            engine.run("SELECT * FROM nope")
    finally:
        engine.close()


def test_thousands_of_prefixes_are_listed_with_one_listing(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from athenakit.estimate.scan import list_prefixes

    for n in range(2600):
        folder = tmp_path / "b" / "t" / f"k={n:05d}"
        folder.mkdir(parents=True)
        (folder / "f.csv").write_bytes(b"x" * (n % 7 + 1))
    wanted = [f"s3://b/t/k={n:05d}/" for n in range(2600) if n % 3 != 1]
    store = LocalStore(tmp_path)
    found = list_prefixes(store, wanted)
    assert [o.uri for o in found] == [f"{w}f.csv" for w in wanted]
    assert sum(o.size for o in found) == sum(n % 7 + 1 for n in range(2600) if n % 3 != 1)
    assert store.calls.lists == 1

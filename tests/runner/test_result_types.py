"""Every Athena type round-trips into Arrow, Python rows and pandas: through the local engine
(Trino literals) and through the S3 result path (the CSV file and its ``.csv.metadata``, as
Athena writes them, and GetQueryResults pages).

Expected values come from the documented forms, not from athenakit:
https://docs.aws.amazon.com/athena/latest/ug/data-types.html (types, TIMESTAMP in milliseconds),
https://trino.io/docs/current/language/types.html (literals, CHAR padding, text forms of
ARRAY ``[1, 2]``, MAP ``{a=1}`` and ROW ``{a=1, b=x}``, VARBINARY as space-separated hex).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal
from typing import Any

import pyarrow as pa
import pytest
from moto_harness import BUCKET, REGION, AthenaProxy, MotoServer, encode_metadata, fast_retry
from moto_harness import s3_client as make_s3

from athenakit.local.engine import LocalEngine
from athenakit.runner.athena import Athena

UTC = dt.timezone.utc

# --- the local engine: one Trino literal per type ---------------------------------------------
# (name, literal, Arrow type, Python value)
LOCAL = [
    ("c_boolean", "true", pa.bool_(), True),
    ("c_tinyint", "TINYINT '-3'", pa.int8(), -3),
    ("c_smallint", "SMALLINT '300'", pa.int16(), 300),
    ("c_integer", "42", pa.int32(), 42),
    ("c_bigint", "BIGINT '9007199254740993'", pa.int64(), 9007199254740993),
    ("c_real", "REAL '2.5'", pa.float32(), 2.5),
    ("c_double", "DOUBLE '1.5'", pa.float64(), 1.5),
    ("c_decimal", "CAST('1234567890.12' AS DECIMAL(12,2))", pa.decimal128(12, 2),
     Decimal("1234567890.12")),
    ("c_varchar", "'héllo'", pa.string(), "héllo"),
    ("c_varbinary", "X'68656c6c6f'", pa.binary(), b"hello"),
    ("c_date", "DATE '2024-02-29'", pa.date32(), dt.date(2024, 2, 29)),
    ("c_timestamp", "TIMESTAMP '2024-01-31 12:00:01.250'", pa.timestamp("ms"),
     dt.datetime(2024, 1, 31, 12, 0, 1, 250000)),
    ("c_timestamptz", "TIMESTAMP '2024-01-31 12:00:00.000 UTC'", pa.timestamp("ms", "UTC"),
     dt.datetime(2024, 1, 31, 12, tzinfo=UTC)),
    ("c_time", "TIME '08:30:00.123'", pa.time32("ms"), dt.time(8, 30, 0, 123000)),
    ("c_array", "ARRAY[1, 2, NULL]", pa.list_(pa.int32()), [1, 2, None]),
    ("c_map", "MAP(ARRAY['a', 'b'], ARRAY[1, NULL])", pa.map_(pa.string(), pa.int32()),
     {"a": 1, "b": None}),
    ("c_row", "CAST(ROW(1, 'x') AS ROW(a INTEGER, b VARCHAR))",
     pa.struct([("a", pa.int32()), ("b", pa.string())]), {"a": 1, "b": "x"}),
    ("c_nested", ("ARRAY[CAST(ROW(CAST('1.50' AS DECIMAL(5,2)), ARRAY[DATE '2024-01-01']) AS "
                  "ROW(d DECIMAL(5,2), days ARRAY(DATE)))]"),
     pa.list_(pa.struct([("d", pa.decimal128(5, 2)), ("days", pa.list_(pa.date32()))])),
     [{"d": Decimal("1.50"), "days": [dt.date(2024, 1, 1)]}]),
    ("c_json", "JSON '{\"k\": [1, 2]}'", pa.string(), {"k": [1, 2]}),
    ("c_interval_ds", "INTERVAL '2' DAY", pa.month_day_nano_interval(),
     pa.MonthDayNano([0, 2, 0])),
    ("c_interval_ym", "INTERVAL '14' MONTH", pa.month_day_nano_interval(),
     pa.MonthDayNano([14, 0, 0])),
    ("c_uuid", "UUID '12151fd2-7586-11e9-8f9e-2a86e4085a59'", pa.string(),
     "12151fd2-7586-11e9-8f9e-2a86e4085a59"),
]


def _local_sql() -> str:
    values = ", ".join(f"{lit} AS {name}" for name, lit, _, _ in LOCAL)
    nulls = ", ".join(f"NULL AS {name}" for name, *_ in LOCAL)
    first = f"SELECT 1 AS k, {values}"
    # the second row is all NULL, typed by the first branch
    return f"SELECT * FROM ({first} UNION ALL SELECT 2, {nulls}) ORDER BY k"


@pytest.fixture(scope="module")
def local_result() -> Any:
    with LocalEngine() as engine:
        return engine.run(_local_sql())


def test_the_local_engine_types_every_column_as_athena_does(local_result: Any) -> None:
    schema = local_result.to_arrow().schema
    assert [(f.name, f.type) for f in schema][1:] == [(n, t) for n, _, t, _ in LOCAL]


def test_local_values_and_nulls_round_trip_to_python(local_result: Any) -> None:
    first, second = local_result.rows
    assert list(first[1:]) == [v for *_, v in LOCAL]
    assert list(second[1:]) == [None] * len(LOCAL)


def test_an_empty_local_result_keeps_its_types() -> None:
    with LocalEngine() as engine:
        result = engine.run(f"SELECT * FROM ({_local_sql()}) WHERE k > 5")
    assert len(result) == 0
    assert [f.type for f in result.to_arrow().schema][1:] == [t for _, _, t, _ in LOCAL]
    dtypes = result.to_pandas().dtypes
    assert str(dtypes["c_integer"]) == "Int32"                    # not object
    assert str(dtypes["c_decimal"]) == "decimal128(12, 2)[pyarrow]"


# --- the S3 result path: Athena's CSV text and ColumnInfo -------------------------------------
# (ColumnInfo, text as Athena writes it, Arrow type, Python value). Athena's metadata names only
# the outer kind of complex types; their elements are typed from the text.
def _info(name: str, kind: str, precision: int = 0, scale: int = 0) -> dict[str, Any]:
    return {"Name": name, "Label": name, "Type": kind, "Precision": precision, "Scale": scale,
            "Nullable": "UNKNOWN", "CaseSensitive": False}


S3: list[tuple[dict[str, Any], str, Any, Any]] = [
    (_info("c_boolean", "boolean"), "true", pa.bool_(), True),
    (_info("c_tinyint", "tinyint", 3), "-3", pa.int8(), -3),
    (_info("c_smallint", "smallint", 5), "300", pa.int16(), 300),
    (_info("c_integer", "integer", 10), "42", pa.int32(), 42),
    (_info("c_bigint", "bigint", 19), "9007199254740993", pa.int64(), 9007199254740993),
    (_info("c_real", "real", 17), "2.5", pa.float32(), 2.5),
    (_info("c_double", "double", 17), "1.5", pa.float64(), 1.5),
    (_info("c_decimal", "decimal", 12, 2), "1234567890.12", pa.decimal128(12, 2),
     Decimal("1234567890.12")),
    (_info("c_char", "char", 3), "ab ", pa.string(), "ab "),   # CHAR(3) is padded
    (_info("c_varchar", "varchar", 2147483647), 'say "hi", ok', pa.string(), 'say "hi", ok'),
    (_info("c_varbinary", "varbinary", 1073741824), "68 65 6c 6c 6f", pa.binary(), b"hello"),
    (_info("c_date", "date"), "2024-02-29", pa.date32(), dt.date(2024, 2, 29)),
    (_info("c_timestamp", "timestamp", 3), "2024-01-31 12:00:01.250", pa.timestamp("ms"),
     dt.datetime(2024, 1, 31, 12, 0, 1, 250000)),
    (_info("c_timestamptz", "timestamp with time zone", 3),
     "2024-01-31 12:00:00.000 America/New_York", pa.timestamp("ms", "America/New_York"),
     dt.datetime(2024, 1, 31, 17, tzinfo=UTC)),
    (_info("c_time", "time", 3), "08:30:00.123", pa.time32("ms"), dt.time(8, 30, 0, 123000)),
    (_info("c_array", "array"), "[1, 2, null]", pa.list_(pa.int64()), [1, 2, None]),
    (_info("c_map", "map"), "{a=1, b=null}", pa.map_(pa.string(), pa.int64()),
     {"a": 1, "b": None}),
    (_info("c_row", "row"), "{a=1, b=x y}", pa.struct([("a", pa.int64()), ("b", pa.string())]),
     {"a": 1, "b": "x y"}),
    (_info("c_nested", "array"), "[{d=1.50, days=[2024-01-01]}]",
     pa.list_(pa.struct([("d", pa.float64()), ("days", pa.list_(pa.date32()))])),
     [{"d": 1.5, "days": [dt.date(2024, 1, 1)]}]),
    (_info("c_json", "json"), '{"k":[1,2]}', pa.string(), {"k": [1, 2]}),
    (_info("c_interval_ds", "interval day to second"), "2 03:00:00.000",
     pa.month_day_nano_interval(), pa.MonthDayNano([0, 2, 3 * 3600 * 10**9])),
    (_info("c_interval_ym", "interval year to month"), "1-2", pa.month_day_nano_interval(),
     pa.MonthDayNano([14, 0, 0])),
    (_info("c_uuid", "uuid"), "12151fd2-7586-11e9-8f9e-2a86e4085a59", pa.string(),
     "12151fd2-7586-11e9-8f9e-2a86e4085a59"),
]


def _athena_csv(rows: list[list[str | None]]) -> bytes:
    """Athena's CSV: every value quoted (quotes doubled), NULL an empty unquoted field."""
    out = io.StringIO()
    writer = csv.writer(out, quoting=csv.QUOTE_ALL, lineterminator="\n")
    writer.writerow([info["Name"] for info, *_ in S3])
    for row in rows:
        out.write(",".join("" if v is None else '"' + v.replace('"', '""') + '"'
                           for v in row) + "\n")
    return out.getvalue().encode()


def _s3_result(moto: MotoServer, endpoint: str, mode: str, *, stream: bool = False) -> Any:
    infos = [info for info, *_ in S3]
    rows: list[list[str | None]] = [[text for _, text, _, _ in S3], [None] * len(S3)]
    moto.queue_results(infos, rows)  # type: ignore[arg-type]
    runner = Athena(endpoint_url=endpoint, output=f"s3://{BUCKET}/types/", region=REGION,
                    fetch=mode, poll_interval=0.01, retry=fast_retry())
    query_id = runner.start("SELECT * FROM every_type")
    s3 = make_s3(moto.url)
    s3.put_object(Bucket=BUCKET, Key=f"types/{query_id}.csv", Body=_athena_csv(rows))
    s3.put_object(Bucket=BUCKET, Key=f"types/{query_id}.csv.metadata",
                  Body=encode_metadata(infos))
    return runner.result(query_id, stream=stream)


@pytest.mark.parametrize("mode", ["s3", "api"])
def test_the_s3_result_path_types_every_column(moto: MotoServer, mode: str) -> None:
    result = _s3_result(moto, moto.url, mode)
    schema = result.to_arrow().schema
    assert [(f.name, f.type) for f in schema] == [(i["Name"], t) for i, _, t, _ in S3]
    values, nulls = result.rows
    assert list(values) == [v for *_, v in S3]
    assert list(nulls) == [None] * len(S3)


def test_the_metadata_file_replaces_the_api_page(moto: MotoServer, proxy: AthenaProxy) -> None:
    result = _s3_result(moto, proxy.url, "s3")
    assert proxy.count("GetQueryResults") == 0
    assert result.columns[7].type == "decimal(12,2)"


def test_a_streamed_result_reads_in_batches_with_the_same_schema(moto: MotoServer) -> None:
    result = _s3_result(moto, moto.url, "s3", stream=True)
    batches = list(result.iter_batches(max_rows=1))
    assert [b.num_rows for b in batches] == [1, 1]
    assert batches[0].schema == pa.schema([(i["Name"], t) for i, _, t, _ in S3])
    assert pa.Table.from_batches(batches).equals(result.to_arrow())


def test_pandas_and_polars_keep_the_types(moto: MotoServer) -> None:
    result = _s3_result(moto, moto.url, "s3")
    frame = result.to_pandas()
    assert str(frame.dtypes["c_tinyint"]) == "Int8"
    assert str(frame.dtypes["c_decimal"]) == "decimal128(12, 2)[pyarrow]"
    assert frame["c_decimal"][0] == Decimal("1234567890.12")
    assert str(frame.dtypes["c_timestamp"]) == "datetime64[ms]"
    polars = pytest.importorskip("polars")
    frame_pl = result.to_polars()
    assert frame_pl.schema["c_decimal"] == polars.Decimal(12, 2)
    assert frame_pl.schema["c_date"] == polars.Date
    # polars has no month/day/nanosecond interval: a duration, and a count of months
    assert frame_pl["c_interval_ds"][0] == dt.timedelta(days=2, hours=3)
    assert frame_pl["c_interval_ym"][0] == 14


def test_an_empty_athena_result_keeps_its_types(moto: MotoServer, athena: Athena) -> None:
    infos = [_info("n", "integer", 10), _info("d", "decimal", 12, 2), _info("day", "date"),
             _info("tags", "array")]
    moto.queue_results(infos, [])
    result = athena.run("SELECT n, d, day, tags FROM t WHERE false")
    assert len(result) == 0 and result.rows == []
    assert result.to_arrow().schema == pa.schema([
        ("n", pa.int32()), ("d", pa.decimal128(12, 2)), ("day", pa.date32()),
        ("tags", pa.list_(pa.null()))])       # elements unknown: no value to read them from
    assert str(result.to_pandas().dtypes["n"]) == "Int32"


# --- timestamp with time zone: one Arrow type from both paths -----------------------------------
# Athena writes each value with its zone, as in
# https://docs.aws.amazon.com/athena/latest/ug/athena-supported-time-zones.html :
# SELECT timestamp '2012-10-31 01:00 UTC' AT TIME ZONE 'America/Los_Angeles' AS la_time
# -> 2012-10-30 18:00:00.000 America/Los_Angeles. A column takes its values' zone when they
# share one, UTC otherwise or without a value (athenakit.query.types.column_zone).
def _athena_rows(moto: MotoServer, infos: list[dict[str, Any]], rows: list[list[str | None]],
                 mode: str = "s3", *, stream: bool = False) -> Any:
    """A result as Athena delivers it: GetQueryResults pages, the CSV file and its metadata."""
    out = io.StringIO()
    csv.writer(out, quoting=csv.QUOTE_ALL, lineterminator="\n").writerow(
        [i["Name"] for i in infos])
    for row in rows:
        out.write(",".join("" if v is None else f'"{v}"' for v in row) + "\n")
    moto.queue_results(infos, rows)
    runner = Athena(endpoint_url=moto.url, output=f"s3://{BUCKET}/zones/", region=REGION,
                    fetch=mode, poll_interval=0.01, retry=fast_retry())
    query_id = runner.start("SELECT ...")
    s3 = make_s3(moto.url)
    s3.put_object(Bucket=BUCKET, Key=f"zones/{query_id}.csv", Body=out.getvalue().encode())
    s3.put_object(Bucket=BUCKET, Key=f"zones/{query_id}.csv.metadata",
                  Body=encode_metadata(infos))
    return runner.result(query_id, stream=stream)


LA = "America/Los_Angeles"
ZONED = [
    # (query, Athena's text of its values, the Arrow type)
    ("SELECT timestamp '2012-10-31 01:00 UTC' AT TIME ZONE 'America/Los_Angeles' AS t",
     ["2012-10-30 18:00:00.000 America/Los_Angeles"], pa.timestamp("ms", LA)),
    ("SELECT from_unixtime(n, 'Asia/Kolkata') AS t FROM (VALUES 0, NULL) v(n)",
     ["1970-01-01 05:30:00.000 Asia/Kolkata", None], pa.timestamp("ms", "Asia/Kolkata")),
    ("SELECT TIMESTAMP '2001-08-22 03:04:05.321 +07:09' AS t",
     ["2001-08-22 03:04:05.321 +07:09"], pa.timestamp("ms", "+07:09")),
    ("SELECT from_unixtime(0, 'Asia/Kolkata') AS t WHERE false", [],
     pa.timestamp("ms", "UTC")),
    ("SELECT from_unixtime(n, 'Asia/Kolkata') AS t FROM (VALUES CAST(NULL AS bigint)) v(n)",
     [None], pa.timestamp("ms", "UTC")),
]


@pytest.mark.parametrize(("sql", "texts", "arrow"), ZONED)
def test_a_zoned_column_has_one_arrow_type_from_both_paths(
        moto: MotoServer, sql: str, texts: list[str | None], arrow: Any) -> None:
    with LocalEngine() as engine:
        local = engine.run(sql)
    infos = [_info("t", "timestamp with time zone", 3)]
    for mode in ("s3", "api"):
        athena = _athena_rows(moto, infos, [[t] for t in texts], mode)
        assert athena.to_arrow().schema == local.to_arrow().schema == pa.schema([("t", arrow)])
        assert athena.rows == local.rows
        assert [r[0] and r[0].tzinfo for r in athena.rows] == \
            [r[0] and r[0].tzinfo for r in local.rows]


def test_values_in_several_zones_are_instants_in_utc(moto: MotoServer) -> None:
    infos = [_info("t", "timestamp with time zone", 3)]
    rows = [["2012-10-30 18:00:00.000 America/Los_Angeles"],
            ["2012-10-31 10:00:00.000 Asia/Tokyo"]]
    result = _athena_rows(moto, infos, rows)
    assert result.to_arrow().schema.field("t").type == pa.timestamp("ms", "UTC")
    assert [r[0] for r in result.rows] == [dt.datetime(2012, 10, 31, 1, tzinfo=UTC)] * 2


def test_streamed_batches_have_the_type_of_the_whole_result(moto: MotoServer) -> None:
    infos = [_info("t", "timestamp with time zone", 3)]
    for zones in (["America/Los_Angeles"] * 2, ["America/Los_Angeles", "Asia/Tokyo"]):
        rows = [[f"2012-10-30 18:00:00.000 {zones[0]}"], [f"2012-10-31 10:00:00.000 {zones[1]}"]]
        whole = _athena_rows(moto, infos, rows).to_arrow().schema
        batches = list(_athena_rows(moto, infos, rows, stream=True).iter_batches(max_rows=1))
        assert [b.schema for b in batches] == [whole, whole]
        assert whole.field("t").type.tz == (zones[0] if len(set(zones)) == 1 else "UTC")

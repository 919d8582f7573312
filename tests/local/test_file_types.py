"""Parquet and ORC columns read into the declared types as Athena's readers read them.

Athena (Trino's Parquet reader, lib/trino-parquet ColumnReaderFactory) reads an ``INT32`` column
into any integer type, ``FLOAT`` into ``real`` or ``double``, ``BINARY`` into ``varchar``, a
decimal into a decimal, and fails the query for a pair it has no reader for; a column a query
does not read is not decoded. The local engine answers the same values or refuses.
https://docs.aws.amazon.com/athena/latest/ug/handling-schema-updates-chapter.html
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from pyarrow import orc

from athenakit.local.engine import LocalEngine
from athenakit.local.errors import UnsupportedLocally
from athenakit.table.model import Column, Table
from athenakit.table.storage import Storage


def _engine(tmp_path: Path, data: dict[str, Any], columns: tuple[Column, ...],
            fmt: str = "parquet", **serde: str) -> LocalEngine:
    folder = tmp_path / "b" / "t"
    folder.mkdir(parents=True)
    if fmt == "parquet":
        pq.write_table(pa.table(data), str(folder / "part-0.parquet"))
    else:
        orc.write_table(pa.table(data), str(folder / "part-0.orc"))
    table = Table(name="t", location="s3://b/t/", columns=columns,
                  storage=Storage(format=fmt, serde_properties=serde))
    return LocalEngine([table], s3_root=tmp_path)


# Pairs Athena reads: the values in the declared type.
def test_an_int32_column_is_read_as_bigint(tmp_path: Path) -> None:
    engine = _engine(tmp_path, {"x": pa.array([1, -2], pa.int32())}, (Column("x", "bigint"),))
    result = engine.run("SELECT x, typeof(x) FROM t ORDER BY x")
    assert result.rows == [(-2, "bigint"), (1, "bigint")]


def test_an_int64_column_whose_values_fit_is_read_as_integer(tmp_path: Path) -> None:
    engine = _engine(tmp_path, {"x": pa.array([7, 2**31 - 1], pa.int64())},
                     (Column("x", "int"),))
    assert engine.run("SELECT x FROM t ORDER BY x").rows == [(7,), (2**31 - 1,)]


def test_a_float_column_is_read_as_double(tmp_path: Path) -> None:
    engine = _engine(tmp_path, {"x": pa.array([1.5], pa.float32())}, (Column("x", "double"),))
    assert engine.run("SELECT x, typeof(x) FROM t").rows == [(1.5, "double")]


def test_a_decimal_column_is_read_into_a_wider_decimal(tmp_path: Path) -> None:
    engine = _engine(tmp_path, {"x": pa.array([Decimal("12.3400")], pa.decimal128(10, 4))},
                     (Column("x", "decimal(12,4)"),))
    assert engine.run("SELECT x FROM t").rows == [(Decimal("12.3400"),)]


def test_a_binary_column_without_a_string_annotation_is_read_as_text(tmp_path: Path) -> None:
    engine = _engine(tmp_path, {"s": pa.array(["é".encode()], pa.binary())},
                     (Column("s", "string"),))
    assert engine.run("SELECT s FROM t").rows == [("é",)]


# Pairs Athena has no reader for, and values a narrower type does not hold: refused when read.
@pytest.mark.parametrize(("data", "declared"), [
    (pa.array(["7"]), "int"),  # BINARY into integer
    (pa.array([1.5], pa.float64()), "bigint"),  # DOUBLE into bigint
    (pa.array([2**40], pa.int64()), "int"),  # a bigint value an integer does not hold
    (pa.array([Decimal("1.2345")], pa.decimal128(10, 4)), "decimal(10,2)"),  # rounded
])
def test_a_column_athena_does_not_read_so_is_refused(tmp_path: Path, data: Any,
                                                      declared: str) -> None:
    engine = _engine(tmp_path, {"x": data, "k": [1]}, (Column("x", declared), Column("k", "int")))
    with pytest.raises(UnsupportedLocally, match="reading Parquet column x"):
        engine.run("SELECT x FROM t")
    assert engine.run("SELECT k FROM t").rows == [(1,)]  # a column left alone is not read


# Column access by position: ORC's default, Parquet's with parquet.column.index.access.
def test_parquet_with_index_access_reads_columns_by_position(tmp_path: Path) -> None:
    engine = _engine(tmp_path, {"a": pa.array([1], pa.int32()), "b": ["x"]},
                     (Column("id", "int"), Column("name", "string")),
                     **{"parquet.column.index.access": "true"})
    assert engine.run("SELECT id, name FROM t").rows == [(1, "x")]


def test_orc_by_position_checks_the_types_it_meets(tmp_path: Path) -> None:
    engine = _engine(tmp_path, {"name": ["x"], "id": pa.array([1], pa.int32())},
                     (Column("id", "int"), Column("name", "string")), fmt="orc")
    with pytest.raises(UnsupportedLocally, match="reading ORC column id"):
        engine.run("SELECT id FROM t")


# Timestamps: Athena's timestamp(3); micro- and nanoseconds rounded half up to the millisecond
# ("decoded values are epochMicros, round to lower precision": TransformingValueDecoders), a
# UTC-adjusted column read as its UTC wall clock; a date column is no timestamp.
def test_timestamp_columns_are_rounded_to_the_millisecond(tmp_path: Path) -> None:
    import datetime as dt

    value = dt.datetime(2020, 1, 1, 10, 0, 0, 123500)
    engine = _engine(tmp_path, {
        "micros": pa.array([value], pa.timestamp("us")),
        "nanos": pa.array([value], pa.timestamp("ns")),
        "utc": pa.array([dt.datetime(2020, 1, 1, 10, 0, 0, 123499)], pa.timestamp("us", tz="UTC")),
        "before_1970": pa.array([dt.datetime(1969, 12, 31, 23, 59, 59, 998500)],
                                pa.timestamp("us"))},
        tuple(Column(n, "timestamp") for n in ("micros", "nanos", "utc", "before_1970")))
    rows = engine.run("SELECT CAST(micros AS VARCHAR), CAST(nanos AS VARCHAR), "
                      "CAST(utc AS VARCHAR), CAST(before_1970 AS VARCHAR), typeof(utc) FROM t")
    assert rows.rows == [("2020-01-01 10:00:00.124", "2020-01-01 10:00:00.124",
                          "2020-01-01 10:00:00.123", "1969-12-31 23:59:59.999",
                          "timestamp(3)")]


def test_a_date_column_declared_timestamp_is_refused(tmp_path: Path) -> None:
    import datetime as dt

    engine = _engine(tmp_path, {"d": pa.array([dt.date(2020, 1, 1)], pa.date32())},
                     (Column("d", "timestamp"),))
    with pytest.raises(UnsupportedLocally, match="reading Parquet column d"):
        engine.run("SELECT d FROM t")

"""Arrays, maps and structs of Parquet and ORC files read into their declared types, files
holding a column in different types, and Avro files resolved against the table's schema.

Athena reads a struct's fields by name, whatever their order in the file and case-insensitively
(Trino's Parquet reader: ``ParquetTypeUtils.lookupColumnByName`` in ``constructField``; ORC's
``StructColumnReader`` keys the file's fields by their lower-case name); a declared field the
file lacks is NULL, a file field not declared is left out; a Parquet struct none of whose
fields the file has is NULL (``constructField`` returns no field for it), an ORC one a row of
NULLs. Every element, key, value and field is read by the reader of its type, as a top-level
column is (``ColumnReaderFactory``): a pair Athena has no reader for fails the query.
https://docs.aws.amazon.com/athena/latest/ug/handling-schema-updates-chapter.html
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import fastavro
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from pyarrow import orc

from athenakit.local.engine import LocalEngine
from athenakit.local.errors import UnsupportedLocally
from athenakit.table.model import Column, Table
from athenakit.table.storage import Storage

FORMATS = ("parquet", "orc")
_BA = pa.struct([("b", pa.string()), ("a", pa.int32())])


def _engine(tmp_path: Path, fmt: str, files: list[dict[str, Any]],
            columns: dict[str, str]) -> LocalEngine:
    folder = tmp_path / "b" / "t"
    folder.mkdir(parents=True)
    for i, data in enumerate(files):
        if fmt == "parquet":
            pq.write_table(pa.table(data), str(folder / f"part-{i}.parquet"))
        else:
            orc.write_table(pa.table(data), str(folder / f"part-{i}.orc"))
    table = Table(name="t", location="s3://b/t/",
                  columns=tuple(Column(n, kind) for n, kind in columns.items()),
                  storage=Storage(format=fmt, serde_properties={
                      "orc.column.index.access": "false"} if fmt == "orc" else {}))
    return LocalEngine([table], s3_root=tmp_path)


def _one(tmp_path: Path, fmt: str, data: Any, declared: str) -> LocalEngine:
    return _engine(tmp_path, fmt, [{"k": [1] * len(data), "s": data}],
                   {"k": "int", "s": declared})


# A struct's fields by name, in the declared order, with the declared names.
@pytest.mark.parametrize("fmt", FORMATS)
def test_a_struct_is_read_in_its_declared_field_order(tmp_path: Path, fmt: str) -> None:
    engine = _one(tmp_path, fmt, pa.array([{"b": "x", "a": 1}], _BA), "struct<a:int,b:string>")
    result = engine.run("SELECT s, s.a, s.b, typeof(s), s = ROW(1, 'x') FROM t")
    assert result.rows == [({"a": 1, "b": "x"}, 1, "x", "row(a integer, b varchar)", True)]
    assert list(result.rows[0][0]) == ["a", "b"]
    assert result.columns[0].type == "row(a integer, b varchar)"


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_declared_field_the_file_lacks_is_null(tmp_path: Path, fmt: str) -> None:
    engine = _one(tmp_path, fmt, pa.array([{"b": "x", "a": 1}], _BA),
                  "struct<a:int,b:string,c:bigint>")
    assert engine.run("SELECT s, s.c FROM t").rows == [({"a": 1, "b": "x", "c": None}, None)]


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_file_field_not_declared_is_left_out(tmp_path: Path, fmt: str) -> None:
    engine = _one(tmp_path, fmt, pa.array([{"b": "x", "a": 1}], _BA), "struct<a:int>")
    result = engine.run("SELECT s, typeof(s) FROM t")
    assert result.rows == [({"a": 1}, "row(a integer)")]


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_struct_field_is_found_whatever_its_case(tmp_path: Path, fmt: str) -> None:
    upper = pa.struct([("B", pa.string()), ("A", pa.int32())])
    engine = _one(tmp_path, fmt, pa.array([{"B": "x", "A": 1}, None], upper),
                  "struct<a:int,b:string>")
    result = engine.run("SELECT s FROM t")
    assert result.rows == [({"a": 1, "b": "x"},), (None,)]
    assert list(result.rows[0][0]) == ["a", "b"]


def test_a_parquet_struct_none_of_whose_fields_the_file_has_is_null(tmp_path: Path) -> None:
    data = pa.array([{"z": 1}], pa.struct([("z", pa.int32())]))
    engine = _one(tmp_path, "parquet", data, "struct<a:int>")
    assert engine.run("SELECT s, s IS NULL FROM t").rows == [(None, True)]


def test_an_orc_struct_none_of_whose_fields_the_file_has_is_a_row_of_nulls(
        tmp_path: Path) -> None:
    data = pa.array([{"z": 1}, None], pa.struct([("z", pa.int32())]))
    engine = _one(tmp_path, "orc", data, "struct<a:int>")
    assert engine.run("SELECT s FROM t").rows == [({"a": None},), (None,)]


@pytest.mark.parametrize("fmt", FORMATS)
def test_structs_inside_arrays_and_maps_are_read_by_name(tmp_path: Path, fmt: str) -> None:
    data = {"k": [1], "a": pa.array([[{"b": "x", "a": 1}]], pa.list_(_BA)),
            "m": pa.array([[("k", {"b": "y", "a": 2})]], pa.map_(pa.string(), _BA))}
    engine = _engine(tmp_path, fmt, [data], {"k": "int", "a": "array<struct<a:int,b:string>>",
                                             "m": "map<string,struct<a:int,b:string>>"})
    result = engine.run("SELECT a, m, typeof(a), typeof(m) FROM t")
    assert result.rows == [([{"a": 1, "b": "x"}], {"k": {"a": 2, "b": "y"}},
                            "array(row(a integer, b varchar))",
                            "map(varchar, row(a integer, b varchar))")]
    assert list(result.rows[0][0][0]) == ["a", "b"]


# Elements, keys and values read by the readers of their declared types.
@pytest.mark.parametrize("fmt", FORMATS)
def test_an_array_of_int64_whose_values_fit_is_read_as_integers(tmp_path: Path,
                                                                 fmt: str) -> None:
    engine = _one(tmp_path, fmt, pa.array([[1, 2**31 - 1]], pa.list_(pa.int64())), "array<int>")
    assert engine.run("SELECT s, typeof(s) FROM t").rows == [([1, 2**31 - 1], "array(integer)")]


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize(("data", "declared", "where"), [
    (pa.array([[1.5]], pa.list_(pa.float64())), "array<bigint>", "column s element"),
    (pa.array([[("k", 1.5)]], pa.map_(pa.string(), pa.float64())), "map<string,bigint>",
     "column s value"),
    (pa.array([{"a": 1.5}], pa.struct([("a", pa.float64())])), "struct<a:bigint>",
     "column s.a"),
    (pa.array([{"a": 2**40}], pa.struct([("a", pa.int64())])), "struct<a:int>", "column s.a"),
    (pa.array([[1]], pa.list_(pa.int32())), "struct<a:int>", "column s"),
])
def test_a_nested_value_athena_does_not_read_so_is_refused(tmp_path: Path, fmt: str, data: Any,
                                                            declared: str, where: str) -> None:
    engine = _one(tmp_path, fmt, data, declared)
    name = {"parquet": "Parquet", "orc": "ORC"}[fmt]
    with pytest.raises(UnsupportedLocally, match=f"reading {name} {where}"):
        engine.run("SELECT s FROM t")
    assert engine.run("SELECT k FROM t").rows == [(1,)]  # a column not read is not decoded


def test_an_orc_struct_with_two_fields_equal_but_for_case_is_refused(tmp_path: Path) -> None:
    # Trino's StructColumnReader keys the fields by their lower case name: two fail the query
    twice = pa.struct([("a", pa.int32()), ("A", pa.int32())])
    engine = _one(tmp_path, "orc", pa.array([{"a": 1, "A": 2}], twice), "struct<a:int>")
    with pytest.raises(UnsupportedLocally):
        engine.run("SELECT s FROM t")


# Files of one table holding a column in different types: Athena reads each file with its own
# reader ("The column x is declared as type int, but the Parquet file declares the column as
# type DOUBLE" fails the query); DuckDB had read every file in the first file's type.
@pytest.mark.parametrize("fmt", FORMATS)
def test_a_struct_field_added_in_a_later_file_is_read_from_that_file(tmp_path: Path,
                                                                     fmt: str) -> None:
    first = {"k": [1], "s": pa.array([{"a": 1}], pa.struct([("a", pa.int32())]))}
    later = {"k": [2], "s": pa.array([{"b": "x", "a": 2}], _BA)}
    engine = _engine(tmp_path, fmt, [first, later], {"k": "int", "s": "struct<a:int,b:string>"})
    assert engine.run("SELECT k, s FROM t ORDER BY k").rows == [
        (1, {"a": 1, "b": None}), (2, {"a": 2, "b": "x"})]


@pytest.mark.parametrize("fmt", FORMATS)
def test_integers_of_different_widths_in_the_files_are_read(tmp_path: Path, fmt: str) -> None:
    first = {"k": [1], "x": pa.array([7], pa.int32())}
    later = {"k": [2], "x": pa.array([2**40], pa.int64())}
    engine = _engine(tmp_path, fmt, [first, later], {"k": "int", "x": "bigint"})
    assert engine.run("SELECT k, x FROM t ORDER BY k").rows == [(1, 7), (2, 2**40)]


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize(("first", "later", "declared"), [
    (pa.array([1], pa.int32()), pa.array([1.5], pa.float64()), "int"),
    (pa.array([1], pa.int32()), pa.array([1.5], pa.float64()), "double"),
    (pa.array([{"a": 1}], pa.struct([("a", pa.int32())])),
     pa.array([{"a": 1.5}], pa.struct([("a", pa.float64())])), "struct<a:double>"),
])
def test_a_column_the_files_hold_in_types_athena_reads_apart_is_refused(
        tmp_path: Path, fmt: str, first: Any, later: Any, declared: str) -> None:
    engine = _engine(tmp_path, fmt, [{"k": [1], "x": first}, {"k": [2], "x": later}],
                     {"k": "int", "x": declared})
    with pytest.raises(UnsupportedLocally, match="its files hold"):
        engine.run("SELECT x FROM t")
    assert engine.run("SELECT k FROM t ORDER BY k").rows == [(1,), (2,)]


def test_orc_files_are_read_by_position_whatever_their_column_names(tmp_path: Path) -> None:
    folder = tmp_path / "b" / "t"
    folder.mkdir(parents=True)
    orc.write_table(pa.table({"k": [1], "old": ["a"]}), str(folder / "part-0.orc"))
    orc.write_table(pa.table({"k": [2], "new": ["b"]}), str(folder / "part-1.orc"))
    table = Table(name="t", location="s3://b/t/", columns=(Column("k", "int"),
                  Column("name", "string")), storage=Storage(format="orc"))
    engine = LocalEngine([table], s3_root=tmp_path)
    assert engine.run("SELECT k, name FROM t ORDER BY k").rows == [(1, "a"), (2, "b")]


def test_parquet_files_read_by_index_whose_columns_differ_are_refused(tmp_path: Path) -> None:
    folder = tmp_path / "b" / "t"
    folder.mkdir(parents=True)
    pq.write_table(pa.table({"k": [1], "old": ["a"]}), str(folder / "part-0.parquet"))
    pq.write_table(pa.table({"k": [2], "new": ["b"]}), str(folder / "part-1.parquet"))
    table = Table(name="t", location="s3://b/t/", columns=(Column("k", "int"),
                  Column("name", "string")), storage=Storage(
                      format="parquet", serde_properties={"parquet.column.index.access": "true"}))
    engine = LocalEngine([table], s3_root=tmp_path)
    with pytest.raises(UnsupportedLocally, match="by index"):
        engine.run("SELECT k, name FROM t")


def test_a_parquet_struct_with_no_declared_field_in_one_file_is_refused(tmp_path: Path) -> None:
    # Trino reads that file's struct as NULL; DuckDB's union as a row of NULLs
    first = {"k": [1], "s": pa.array([{"z": 1}], pa.struct([("z", pa.int32())]))}
    later = {"k": [2], "s": pa.array([{"a": 2}], pa.struct([("a", pa.int32())]))}
    engine = _engine(tmp_path, "parquet", [first, later], {"k": "int", "s": "struct<a:int>"})
    with pytest.raises(UnsupportedLocally, match="its files hold"):
        engine.run("SELECT s FROM t")


# Bounded text inside a container: Trino cuts (pads) each value to n; refused here.
def test_a_varchar_n_inside_a_struct_of_a_parquet_table_is_refused(tmp_path: Path) -> None:
    engine = _one(tmp_path, "parquet", pa.array([{"a": "abcd"}], pa.struct([("a", pa.string())])),
                  "struct<a:varchar(3)>")
    with pytest.raises(UnsupportedLocally, match="varchar.n. or char.n. inside"):
        engine.run("SELECT s FROM t")


@pytest.mark.parametrize(("sql", "expected"), [
    ("SELECT CAST(ARRAY['abcd', 'ab'] AS ARRAY(varchar(3)))", ["abc", "ab"]),
    ("SELECT CAST(MAP(ARRAY['a'], ARRAY['b']) AS MAP(varchar, char(2)))", {"a": "b "}),
    ("SELECT CAST(ROW('abcd') AS ROW(a varchar(3)))", {"a": "abc"}),
])
def test_a_cast_of_a_container_to_bounded_text_cuts_or_pads_each_text(sql: str,
                                                                     expected: Any) -> None:
    # element by element, each a cast to varchar(n) / char(n) (container_casts)
    with LocalEngine() as engine:
        assert engine.run(sql).rows == [(expected,)]


def test_a_cast_to_bounded_text_of_a_value_of_unknown_type_that_would_cut_is_refused() -> None:
    # the CTE's column has no one type here (array(varchar(4)) and array(unknown))
    sql = ("WITH t AS (SELECT ARRAY['abcd'] AS a UNION ALL SELECT ARRAY[NULL]) "
           "SELECT CAST(a AS ARRAY(varchar(3))) FROM t")
    with LocalEngine() as engine, pytest.raises(UnsupportedLocally, match="cut or pad"):
        engine.run(sql)


def test_a_cast_of_texts_that_fit_into_a_container_of_bounded_text_is_answered() -> None:
    with LocalEngine() as engine:
        assert engine.run("SELECT CAST(ARRAY['abc', NULL] AS ARRAY(varchar(3))), "
                          "CAST(ROW('ab', 1) AS ROW(x char(2), y integer)), "
                          "CAST(NULL AS MAP(varchar(1), varchar(1)))").rows == [
            (["abc", None], {"x": "ab", "y": 1}, None)]


# Avro: Athena's SerDe reads each file with the table's avro.schema.literal as the reader's
# schema, resolving the file's (writer's) schema to it by Avro's rules: fields by name, int
# promoted to long, a field the file lacks its default, a double read as long an error.
# https://avro.apache.org/docs/1.11.1/specification/#schema-resolution
def _avro(tmp_path: Path, written: dict[str, Any], records: list[dict[str, Any]],
          literal: dict[str, Any], columns: dict[str, str]) -> LocalEngine:
    folder = tmp_path / "b" / "t"
    folder.mkdir(parents=True)
    with (folder / "part-0.avro").open("wb") as out:
        fastavro.writer(out, fastavro.parse_schema(written), records)
    table = Table(name="t", location="s3://b/t/",
                  columns=tuple(Column(n, kind) for n, kind in columns.items()),
                  storage=Storage(format="avro", serde_properties={
                      "avro.schema.literal": json.dumps(literal)}))
    return LocalEngine([table], s3_root=tmp_path)


def _record(*fields: tuple[str, Any]) -> dict[str, Any]:
    return {"type": "record", "name": "r", "fields": [
        {"name": n, "type": ["null", kind], "default": None} for n, kind in fields]}


def test_an_avro_int_is_promoted_to_the_tables_long(tmp_path: Path) -> None:
    engine = _avro(tmp_path, _record(("x", "int")), [{"x": 5}], _record(("x", "long")),
                   {"x": "bigint"})
    assert engine.run("SELECT x FROM t").rows == [(5,)]


def test_an_avro_field_the_file_lacks_takes_its_default(tmp_path: Path) -> None:
    engine = _avro(tmp_path, _record(("y", "int")), [{"y": 5}],
                   _record(("x", "long"), ("y", "int")), {"x": "bigint", "y": "int"})
    assert engine.run("SELECT x, y FROM t").rows == [(None, 5)]


def test_an_avro_double_read_as_the_tables_long_is_refused(tmp_path: Path) -> None:
    # a cast of the file's 1.5 had answered 2
    engine = _avro(tmp_path, _record(("x", "double")), [{"x": 1.5}], _record(("x", "long")),
                   {"x": "bigint"})
    with pytest.raises(UnsupportedLocally, match="does not resolve"):
        engine.run("SELECT x FROM t")

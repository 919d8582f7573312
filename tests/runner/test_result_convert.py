"""Athena type names to Arrow types, the .csv.metadata file, and Athena's text form of nested
values to typed Arrow arrays.

https://docs.aws.amazon.com/athena/latest/ug/data-types.html
https://docs.aws.amazon.com/athena/latest/APIReference/API_ColumnInfo.html
"""

from __future__ import annotations

import logging
from typing import Any

import pyarrow as pa
import pytest
from hypothesis import given
from hypothesis import strategies as st
from moto_harness import encode_metadata

from athenakit.query.result import ResultColumn
from athenakit.query.types import arrow_type, parse_type
from athenakit.runner.convert import text_column
from athenakit.runner.fetch import parse_metadata
from athenakit.runner.nested import parse_text


@pytest.mark.parametrize(("name", "arrow"), [
    ("decimal(38,10)", pa.decimal128(38, 10)),
    ("DECIMAL(5, 1)", pa.decimal128(5, 1)),
    ("int", pa.int32()),
    ("float", pa.float32()),                        # Athena's DDL FLOAT is REAL
    ("string", pa.string()),
    ("char(3)", pa.string()),
    ("varchar(10)", pa.string()),
    ("binary", pa.binary()),
    ("timestamp", pa.timestamp("ms")),              # Athena: millisecond resolution
    ("timestamp(6)", pa.timestamp("us")),
    ("timestamp(3) with time zone", pa.timestamp("ms", "UTC")),
    ("array(array(bigint))", pa.list_(pa.list_(pa.int64()))),
    ("map(varchar, row(a integer))", pa.map_(pa.string(), pa.struct([("a", pa.int32())]))),
    ("struct<a:int,b:array<string>>",               # Hive DDL spelling
     pa.struct([("a", pa.int32()), ("b", pa.list_(pa.string()))])),
    ('row("x y" integer)', pa.struct([("x y", pa.int32())])),
    ("unknown", pa.null()),
    ("ipaddress", pa.string()),
])
def test_type_names_map_to_arrow_exactly(name: str, arrow: Any) -> None:
    assert arrow_type(parse_type(name)) == arrow


def test_a_bare_complex_type_is_open() -> None:
    kind = parse_type("array")
    assert not kind.is_complete and arrow_type(kind) is None


def test_the_metadata_file_gives_names_types_precision_and_scale() -> None:
    infos = [{"Name": "amount", "Type": "decimal", "Precision": 12, "Scale": 2},
             {"Name": "x" * 200, "Type": "varchar", "Precision": 2147483647}]  # long fields
    assert parse_metadata(encode_metadata(infos)) == (
        ResultColumn("amount", "decimal(12,2)"), ResultColumn("x" * 200, "varchar"))


def test_a_damaged_metadata_file_is_an_error_not_columns() -> None:
    with pytest.raises(ValueError, match="metadata"):
        parse_metadata(encode_metadata([{"Name": "a", "Type": "date"}])[:-3])


@pytest.mark.parametrize(("text", "tree"), [
    ("[1, 2]", ["1", "2"]),
    ("[]", []),
    ("{}", {}),
    ("{a=[x, null], b={c=1}}", {"a": ["x", None], "b": {"c": "1"}}),
    ("[a b, c]", ["a b", "c"]),
])
def test_athena_text_form_parses_to_trees(text: str, tree: Any) -> None:
    assert parse_text(text) == tree


@pytest.mark.parametrize("text", ["[1, 2", "{a}", "[1,2]x"])
def test_malformed_text_form_is_refused(text: str) -> None:
    with pytest.raises(ValueError):
        parse_text(text)


def test_open_array_elements_are_typed_from_the_whole_column() -> None:
    texts = pa.array(["[1, 2]", None, "[3.5]"])
    assert text_column(texts, parse_type("array")).to_pylist() == [[1.0, 2.0], None, [3.5]]
    assert text_column(texts, parse_type("array")).type == pa.list_(pa.float64())


def test_a_known_element_type_is_used_as_given() -> None:
    texts = pa.array(["[1.50, null]"])
    column = text_column(texts, parse_type("array(decimal(5,2))"))
    assert column.type == pa.list_(pa.decimal128(5, 2))


def test_unparsable_nested_text_stays_text_with_a_warning(
        caplog: pytest.LogCaptureFixture) -> None:
    texts = pa.array(["[1, 2]", "[broken"])
    with caplog.at_level(logging.WARNING):
        column = text_column(texts, parse_type("array"), "tags")
    assert column.to_pylist() == ["[1, 2]", "[broken"]
    assert "tags" in caplog.text


@given(st.lists(st.lists(st.integers(-2**63, 2**63 - 1), max_size=5), max_size=5))
def test_integer_arrays_round_trip_through_arrow(values: list[list[int]]) -> None:
    texts = pa.array(["[" + ", ".join(map(str, v)) + "]" for v in values], pa.string())
    assert text_column(texts, parse_type("array(bigint)")).to_pylist() == values


def test_scalar_text_that_does_not_read_as_its_type_stays_text(
        caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING):
        column = text_column(pa.array(["2024-01-31 12:00:00.000 UTC", "soon"]),
                             parse_type("timestamp with time zone"), "at")
    assert column.to_pylist() == ["2024-01-31 12:00:00.000 UTC", "soon"]
    assert "column at" in caplog.text

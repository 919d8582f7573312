"""Anonymous rows (``ROW(1, 'x')``) keep their values in local results.

Trino's row constructor makes a row whose fields have no names, typed ``row(integer,
varchar(1))`` (https://trino.io/docs/current/language/types.html#row); its values are the
constructor's arguments. Results name such fields ``field0``, ``field1``, ... (docs/local.md).
"""

from __future__ import annotations

from typing import Any

import pyarrow as pa
import pytest

from athenakit.local.engine import LocalEngine
from athenakit.query.types import arrow_type, parse_type


@pytest.fixture(scope="module")
def engine() -> Any:
    with LocalEngine() as e:
        yield e


def test_an_anonymous_row_type_reads_its_field_types() -> None:
    kind = parse_type("row(integer, varchar, timestamp(3) with time zone, array(bigint))")
    assert [str(c) for c in kind.children] == [
        "integer", "varchar", "timestamp(3) with time zone", "array(bigint)"]
    assert str(kind) == "row(integer, varchar, timestamp(3) with time zone, array(bigint))"
    assert arrow_type(parse_type("row(integer, varchar)")) == pa.struct(
        [("field0", pa.int32()), ("field1", pa.string())])


def test_a_named_row_type_keeps_its_names() -> None:
    assert parse_type("row(a integer, b double)").fields == ("a", "b")


@pytest.mark.parametrize("sql, value", [
    ("SELECT ROW(1, 'x')", {"field0": 1, "field1": "x"}),
    ("SELECT ARRAY[ROW(1, 'x'), ROW(2, NULL)]",
     [{"field0": 1, "field1": "x"}, {"field0": 2, "field1": None}]),
    ("SELECT ROW(x, x > 1) FROM (VALUES 2) t(x)", {"field0": 2, "field1": True}),
])
def test_an_anonymous_row_keeps_its_values(engine: LocalEngine, sql: str, value: Any) -> None:
    result = engine.run(sql)
    assert result.rows[0][0] == value
    assert result.to_arrow().column(0).to_pylist() == [value]


def test_an_anonymous_row_in_a_map_keeps_its_values(engine: LocalEngine) -> None:
    result = engine.run("SELECT MAP(ARRAY['k'], ARRAY[ROW(1, 'x')])")
    assert result.rows[0][0] == {"k": {"field0": 1, "field1": "x"}}
    # Arrow's map values are (key, value) pairs
    assert result.to_arrow().column(0).to_pylist() == [[("k", {"field0": 1, "field1": "x"})]]


def test_a_row_reading_a_column_is_typed_without_its_name(engine: LocalEngine) -> None:
    # sqlglot would name the field after the column it reads; Trino's row is anonymous
    result = engine.run("SELECT ROW(x, 'a') FROM (VALUES 1) t(x)")
    assert result.columns[0].type == "row(integer, varchar)"

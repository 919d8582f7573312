"""Athena text -> Python conversion (statement splitting is tested in tests/test_statements.py)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from athenakit.runner.convert import convert_value, converter_for, parse_complex

# --- conversion ------------------------------------------------------------------------------
# https://docs.aws.amazon.com/athena/latest/ug/data-types.html

@pytest.mark.parametrize(("type_name", "text", "value"), [
    ("boolean", "true", True),
    ("tinyint", "-3", -3),
    ("integer", "42", 42),
    ("bigint", "9007199254740993", 9007199254740993),
    ("double", "1.5", 1.5),
    ("real", "Infinity", float("inf")),
    ("decimal", "12.50", Decimal("12.50")),
    ("decimal(38,2)", "0.10", Decimal("0.10")),
    ("varchar", "a, b", "a, b"),
    ("char", "x ", "x "),
    ("date", "2024-01-31", dt.date(2024, 1, 31)),
    ("timestamp", "2024-01-31 12:00:01.250", dt.datetime(2024, 1, 31, 12, 0, 1, 250000)),
    ("timestamp with time zone", "2024-01-31 12:00:00.000 UTC",
     dt.datetime(2024, 1, 31, 12, tzinfo=dt.timezone.utc)),
    ("timestamp with time zone", "2024-01-31 12:00:00.000 +02:00",
     dt.datetime(2024, 1, 31, 12, tzinfo=dt.timezone(dt.timedelta(hours=2)))),
    ("time", "08:30:00.000", dt.time(8, 30)),
    ("varbinary", "68 65 6c", b"hel"),
    ("json", '{"a": [1, null]}', {"a": [1, None]}),
    ("array", "[1, 2, 3]", [1, 2, 3]),
    ("array", "[a, b c]", ["a", "b c"]),
    ("array", "[]", []),
    ("map", "{a=1, b=null}", {"a": 1, "b": None}),
    ("row", "{id=1, tags=[x, y], inner={flag=true}}",
     {"id": 1, "tags": ["x", "y"], "inner": {"flag": True}}),
    ("array", '[{"k": 1}]', [{"k": 1}]),         # JSON-typed elements come as JSON
    ("ipaddress", "10.0.0.1", "10.0.0.1"),       # unknown types stay text
])
def test_athena_text_converts_to_python_by_type(type_name: str, text: str, value: Any) -> None:
    assert convert_value(type_name, text) == value


def test_null_is_none_for_every_type() -> None:
    assert convert_value("integer", None) is None
    assert convert_value("varchar", None) is None


def test_unbalanced_complex_text_is_kept_as_text() -> None:
    assert parse_complex("[1, 2") == "[1, 2"
    assert converter_for("map")("{a}") == "{a}"


@given(st.lists(st.integers(), max_size=10))
def test_integer_arrays_round_trip(values: list[int]) -> None:
    text = "[" + ", ".join(map(str, values)) + "]"
    assert parse_complex(text) == values

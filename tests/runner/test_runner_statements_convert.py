"""Statement splitting (sqlglot's tokenizer) and Athena text -> Python conversion."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from athenakit.errors import SqlError
from athenakit.runner.convert import convert_value, converter_for, parse_complex
from athenakit.runner.params import format_literal
from athenakit.runner.statements import split_statements


def sqls(text: str) -> list[str]:
    return [s.sql for s in split_statements(text)]


# --- splitting -------------------------------------------------------------------------------
HIVE_DDL = ("CREATE EXTERNAL TABLE t (a string) ROW FORMAT SERDE 'x' WITH SERDEPROPERTIES "
            "('input.regex'='a\\';b') LOCATION 's3://b/t/'")

@pytest.mark.parametrize(("text", "expected"), [
    ("SELECT 1", ["SELECT 1"]),
    ("SELECT 1; SELECT 2;", ["SELECT 1", "SELECT 2"]),
    ("SELECT ';' AS x; SELECT 2", ["SELECT ';' AS x", "SELECT 2"]),
    ('SELECT "a;b" FROM t; SELECT 2', ['SELECT "a;b" FROM t', "SELECT 2"]),
    ("SELECT 1 -- a; comment\n; SELECT 2", ["SELECT 1 -- a; comment", "SELECT 2"]),
    ("SELECT 1 /* ; */; ; /* only a comment; */ ;", ["SELECT 1 /* ; */"]),
    ("SELECT 'it''s;'; SELECT 2", ["SELECT 'it''s;'", "SELECT 2"]),
    # Hive DDL escapes a quote with a backslash; the SELECT after it does not.
    (HIVE_DDL + ";\nSELECT 'a\\'; SELECT 3", [HIVE_DDL, "SELECT 'a\\'", "SELECT 3"]),
    ("", []),
    ("  ;  \n", []),
])
def test_statements_split_on_semicolons_outside_strings_and_comments(
        text: str, expected: list[str]) -> None:
    assert sqls(text) == expected


def test_statement_lines_point_at_their_start() -> None:
    found = split_statements("SELECT 1;\n\nSELECT\n2;")
    assert [s.line for s in found] == [1, 3]


def test_an_unterminated_string_is_an_sql_error_with_file() -> None:
    with pytest.raises(SqlError, match="q.sql"):
        split_statements("SELECT 1;\nSELECT 'abc", file="q.sql")


@given(st.lists(st.text(alphabet=st.characters(blacklist_categories=("Cs",),
                                               blacklist_characters="\x00\r"), max_size=20),
                min_size=1, max_size=5))
def test_string_literals_never_split(values: list[str]) -> None:
    statements = [f"SELECT {format_literal(v)} AS v" for v in values]
    assert sqls(";\n".join(statements) + ";") == statements


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

"""``{name}`` / ``{name!i}`` interpolation: what it writes, what it refuses, and that any value
comes back unchanged from DuckDB (the local engine) as one literal."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from athenakit.local.engine import LocalEngine
from athenakit.notebook.interpolate import InterpolationError, interpolate, parse_template
from athenakit.sql.quoting import Engine
from athenakit.table.model import Column, Table


def sql(text: str, **values: Any) -> list[str]:
    return [s.sql for s in interpolate(text, values)]


@pytest.fixture(scope="module")
def engine() -> Iterator[LocalEngine]:
    with LocalEngine() as local:
        yield local


# --- values become literals (Trino side: the execution-parameter formatter) -----------------

@pytest.mark.parametrize(("value", "literal"), [
    ("it's", "'it''s'"),
    ("x'; DROP TABLE t; --", "'x''; DROP TABLE t; --'"),
    (42, "42"),
    (True, "TRUE"),
    (None, "NULL"),
    (1.5, "1.5E0"),
    (Decimal("9.99"), "DECIMAL '9.99'"),
    (dt.date(2024, 1, 31), "DATE '2024-01-31'"),
    (dt.datetime(2024, 1, 31, 12, 0), "TIMESTAMP '2024-01-31 12:00:00.000'"),
    (["a", 1], "ARRAY['a', 1]"),
])
def test_a_value_becomes_a_trino_literal(value: Any, literal: str) -> None:
    assert sql("SELECT * FROM t WHERE x = {v}", v=value) == [f"SELECT * FROM t WHERE x = {literal}"]


def test_a_value_in_a_ddl_statement_is_a_hive_literal() -> None:
    text = "ALTER TABLE logs ADD PARTITION (day = {day}, n = {n}) LOCATION {where}"
    assert sql(text, day=dt.date(2024, 1, 31), n=7, where="s3://b/it's/") == [
        "ALTER TABLE logs ADD PARTITION (day = '2024-01-31', n = 7) LOCATION 's3://b/it\\'s/'"]


def test_a_value_with_no_hive_literal_form_is_refused() -> None:
    with pytest.raises(InterpolationError, match=r"line 1: \{v\}: a float has no literal form"):
        sql("ALTER TABLE t ADD PARTITION (p = {v})", v=1.5)


def test_an_object_with_no_literal_form_is_refused() -> None:
    with pytest.raises(InterpolationError, match="cannot send a object"):
        sql("SELECT {v}", v=object())


# --- identifiers ----------------------------------------------------------------------------

def test_identifiers_are_quoted_for_the_engine_of_their_statement() -> None:
    assert sql("SELECT {c!i} FROM {t!i}; DROP TABLE {t!i}", c="first", t="date") == [
        'SELECT "first" FROM date', "DROP TABLE `date`"]


def test_a_table_or_a_tuple_is_a_qualified_name() -> None:
    table = Table(name="Events", database="web", columns=(Column("id", "int"),),
                  location="s3://b/e/")
    assert sql("SELECT * FROM {t!i}", t=table) == ['SELECT * FROM web."Events"']
    assert sql("SELECT * FROM {t!i}", t=("db", "order")) == ['SELECT * FROM db."order"']


@pytest.mark.parametrize("value", [3, "", (), ("db", 4)])
def test_a_bad_identifier_value_is_refused(value: Any) -> None:
    with pytest.raises(InterpolationError, match=r"line 1: \{n!i\}"):
        sql("SELECT {n!i}", n=value)


# --- braces -----------------------------------------------------------------------------

def test_doubled_braces_are_literal_braces() -> None:
    assert sql("SELECT '{{' || x, map_from_entries({{}})") == [
        "SELECT '{{' || x, map_from_entries({})"]  # a literal keeps its text as written


def test_braces_in_literals_names_and_comments_are_never_fields() -> None:
    text = ("SELECT regexp_like(s, '\\d{4}'), \"{col}\" -- {note}\n"
            "/* {block} */ FROM t WHERE a = {a}")
    assert sql(text, a=1) == [text.replace("{a}", "1")]


def test_a_brace_in_a_hive_literal_with_a_backslash_quote_is_text() -> None:
    text = "CREATE EXTERNAL TABLE t (a int) COMMENT 'it\\'s {x}' LOCATION {loc}"
    assert sql(text, loc="s3://b/t/") == [text.replace("{loc}", "'s3://b/t/'")]


@pytest.mark.parametrize(("text", "message"), [
    ("SELECT {missing}", r"line 1: \{missing\}: no variable 'missing' in the notebook"),
    ("SELECT 1;\nSELECT\n {", r"line 3: unmatched '\{'"),
    ("SELECT }", r"line 1: unmatched '\}'"),
    ("SELECT {a.b}", r"unmatched '\{'"),
    ("SELECT {a!x}", r"unknown conversion !x in \{a!x\}"),
])
def test_bad_fields_are_one_clear_error_with_the_line(text: str, message: str) -> None:
    with pytest.raises(InterpolationError, match=message):
        sql(text, a=1)


def test_statements_keep_their_cell_line_numbers() -> None:
    assert [s.line for s in interpolate("SELECT 1;\n\nSELECT {a}", {"a": 2})] == [1, 3]


def test_parse_template_cuts_text_and_fields() -> None:
    parts = parse_template("a {x} b {y!i}{{")
    assert [p if isinstance(p, str) else p.text for p in parts] == ["a ", "{x}", " b ", "{y!i}",
                                                                   "{"]


# --- round trips through DuckDB -----------------------------------------------------------------

def test_an_injection_attempt_comes_back_as_the_same_string(engine: LocalEngine) -> None:
    attack = "'; DROP TABLE x; --"
    [statement] = interpolate("SELECT {v} AS v, 1 AS after", {"v": attack})
    assert engine.run(statement.sql).rows == [(attack, 1)]


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_characters="\x00", blacklist_categories=("Cs",))))
def test_any_string_comes_back_from_duckdb_unchanged(engine: LocalEngine, text: str) -> None:
    [statement] = interpolate("SELECT {v} AS v", {"v": text})
    assert engine.run(statement.sql).rows == [(text,)]


@settings(max_examples=40, deadline=None)
@given(st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=0x2FF,
                                      blacklist_characters="\x7f"), min_size=1, max_size=20))
def test_any_identifier_names_the_column_it_says(engine: LocalEngine, name: str) -> None:
    [statement] = interpolate("SELECT 1 AS {n!i}", {"n": name})
    assert engine.run(statement.sql).column_names == [name]


def test_statement_engine_decides_quoting() -> None:
    [ddl] = interpolate("DESCRIBE {t!i}", {"t": "select"})
    assert ddl.sql == "DESCRIBE `select`" and Engine.HIVE.quote_char in ddl.sql

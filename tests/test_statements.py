"""Statement splitting: one splitter for ``check`` and ``run``, each statement lexed by its engine.

https://docs.aws.amazon.com/athena/latest/ug/ddl-reference.html (which engine reads what) and
https://docs.aws.amazon.com/athena/latest/ug/reserved-words.html (quoting on each side).
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import athenakit.check
import athenakit.runner
from athenakit.errors import SqlError
from athenakit.query.params import format_literal
from athenakit.sql.quoting import Engine, quote_identifier, quote_literal
from athenakit.sql.splitter import Kind, SourceMap, Unterminated, split_statements

HIVE, TRINO = Engine.HIVE, Engine.TRINO


def texts(sql: str) -> list[str]:
    return [s.text for s in split_statements(sql)]


REGEX_DDL = ("CREATE EXTERNAL TABLE t (a string) ROW FORMAT SERDE 'x' WITH SERDEPROPERTIES "
             "('input.regex'='^([^\\\\s]+) \\'(.*);\\'$') LOCATION 's3://b/t/'")

CTAS_WITH = ("CREATE TABLE t WITH (format = 'PARQUET', external_location = 's3://b/x\\') "
             "AS SELECT 1 AS x")


@pytest.mark.parametrize(("sql", "expected"), [
    # Hive DDL: a backslash escapes the next character, so \' and \\ stay inside the literal
    ("CREATE EXTERNAL TABLE t (a string COMMENT 'it\\'s; ok') LOCATION 's3://b/t/'; SELECT 1",
     ["CREATE EXTERNAL TABLE t (a string COMMENT 'it\\'s; ok') LOCATION 's3://b/t/'",
      "SELECT 1"]),
    ("ALTER TABLE t SET TBLPROPERTIES ('sep'='\\\\'); SELECT 1",
     ["ALTER TABLE t SET TBLPROPERTIES ('sep'='\\\\')", "SELECT 1"]),
    (REGEX_DDL + ";\nMSCK REPAIR TABLE t", [REGEX_DDL, "MSCK REPAIR TABLE t"]),
    ('CREATE EXTERNAL TABLE t (a string COMMENT "say \\"x;\\"") LOCATION \'s3://b/\'; SHOW TABLES',
     ['CREATE EXTERNAL TABLE t (a string COMMENT "say \\"x;\\"") LOCATION \'s3://b/\'',
      "SHOW TABLES"]),
    # Trino side (queries, CTAS, INSERT): a backslash is an ordinary character
    ("SELECT 'a\\'; SELECT 2", ["SELECT 'a\\'", "SELECT 2"]),
    ("CREATE TABLE t AS SELECT 'a\\' AS x; SELECT 1",
     ["CREATE TABLE t AS SELECT 'a\\' AS x", "SELECT 1"]),
    (CTAS_WITH + "; SELECT 2", [CTAS_WITH, "SELECT 2"]),
    ("CREATE TABLE t COMMENT 'c\\' AS SELECT 1; SELECT 2",
     ["CREATE TABLE t COMMENT 'c\\' AS SELECT 1", "SELECT 2"]),
    ("INSERT INTO t VALUES ('x\\', 'y'); SELECT 1", ["INSERT INTO t VALUES ('x\\', 'y')",
                                                     "SELECT 1"]),
    ("CREATE TABLE t AS SELECT 'it''s; fine' AS x; SELECT 1",
     ["CREATE TABLE t AS SELECT 'it''s; fine' AS x", "SELECT 1"]),
    # a ';' inside a literal or a quoted identifier does not split
    ("SELECT ';' AS x; SELECT 2", ["SELECT ';' AS x", "SELECT 2"]),
    ('SELECT "a;b", "c"";d" FROM t; SELECT 2', ['SELECT "a;b", "c"";d" FROM t', "SELECT 2"]),
    ("DESCRIBE `a;b`; DESCRIBE `c``;d`", ["DESCRIBE `a;b`", "DESCRIBE `c``;d`"]),
    # comments: a ';' or a quote inside does not split or open anything
    ("SELECT 1 -- it's; a comment\n; SELECT 2", ["SELECT 1 -- it's; a comment", "SELECT 2"]),
    ("SELECT 1 /* ; ' */; ; /* only a comment; */ ;", ["SELECT 1 /* ; ' */"]),
    ("-- header; it's\n/* more */ SELECT 1", ["SELECT 1"]),
    # empty statements and trailing comments
    ("", []),
    ("  ;  \n;;", []),
    ("SELECT 1;", ["SELECT 1"]),
    ("SELECT 1; -- bye", ["SELECT 1"]),
    ("SELECT 1 -- bye", ["SELECT 1 -- bye"]),
    ("SELECT 1; /* end; */\n", ["SELECT 1"]),
    ("SELECT a-b, 4/2, 'é' FROM t", ["SELECT a-b, 4/2, 'é' FROM t"]),
])
def test_statements_split_on_semicolons_outside_literals_names_and_comments(
        sql: str, expected: list[str]) -> None:
    assert texts(sql) == expected


@pytest.mark.parametrize(("sql", "engine", "kind"), [
    ("CREATE EXTERNAL TABLE t (a string COMMENT 'it\\'s') LOCATION 's3://b/'", HIVE,
     Kind.CREATE_TABLE),
    ("CREATE TABLE t AS SELECT 'a\\' AS x", TRINO, Kind.CTAS),
    ("CREATE TABLE t WITH (external_location = 's3://b/x\\') AS SELECT 1", TRINO, Kind.CTAS),
    ("CREATE OR REPLACE VIEW v AS SELECT 'a\\' AS x", TRINO, Kind.VIEW),
    ("CREATE TABLE t AS (SELECT 1)", TRINO, Kind.CTAS),
    ("CREATE TABLE t AS WITH x AS (SELECT 1) SELECT * FROM x", TRINO, Kind.CTAS),
    ("CREATE EXTERNAL TABLE t (s struct<select:int>) STORED AS PARQUET", HIVE, Kind.CREATE_TABLE),
    ("CREATE DATABASE d COMMENT 'it\\'s'", HIVE, Kind.CREATE_DATABASE),
    ("ALTER TABLE t ADD PARTITION (dt = 'x')", HIVE, Kind.ALTER),
    ("DROP VIEW v", TRINO, Kind.DROP),
    ("DROP TABLE t", HIVE, Kind.DROP),
    ("MSCK REPAIR TABLE t", HIVE, Kind.MSCK),
    ("INSERT INTO t SELECT 1", TRINO, Kind.INSERT),
    ("UNLOAD (SELECT 1) TO 's3://b/' WITH (format = 'PARQUET')", TRINO, Kind.UNLOAD),
    ("WITH x AS (SELECT 1) SELECT * FROM x", TRINO, Kind.QUERY),
    ("CALL something()", TRINO, Kind.OTHER),
])
def test_each_statement_says_which_engine_reads_it(sql: str, engine: Engine, kind: Kind) -> None:
    [stmt] = split_statements(sql + "; ")
    assert (stmt.engine, stmt.kind, stmt.text) == (engine, kind, sql)


def test_statements_carry_line_column_and_offset_of_their_first_token() -> None:
    sql = "SELECT 1;\n\n  SELECT\n2;  -- c\n /* d */ SELECT 3"
    found = split_statements(sql)
    assert [(s.line, s.column) for s in found] == [(1, 1), (3, 3), (5, 10)]
    assert [s.index for s in found] == [0, 1, 2]
    assert all(sql[s.offset:s.offset + len(s.text)] == s.text for s in found)
    assert [s.sql for s in found] == ["SELECT 1", "SELECT\n2", "SELECT 3"]


def test_source_map_turns_offsets_into_lines_and_columns() -> None:
    source = SourceMap("ab\ncd\n")
    assert [source.position(i) for i in (0, 2, 3, 4, 6)] == [(1, 1), (1, 3), (2, 1), (2, 2),
                                                            (3, 1)]


def test_ignore_comments_apply_to_the_next_statement_only() -> None:
    found = split_statements("-- athenakit: ignore[ak310, AK311]\n;SELECT 1; SELECT 2 "
                             "/* athenakit: ignore[] */")
    assert [s.ignores for s in found] == [frozenset({"AK310", "AK311"}), frozenset({"*"})]
    assert found[0].ignored("AK311") and not found[0].ignored("AK300")
    assert found[1].ignored("AK300")


# --- text that never closes ------------------------------------------------------------------

@pytest.mark.parametrize(("sql", "message", "line", "column"), [
    ("SELECT 1;\nSELECT 'abc", "unterminated string literal", 2, 8),
    ('SELECT 1;\n  SELECT "abc', "unterminated quoted identifier", 2, 10),
    ("SHOW TABLES IN `abc", "unterminated quoted identifier", 1, 16),
    ("SELECT 1 /* abc", "unterminated comment", 1, 10),
    ("ALTER TABLE t SET TBLPROPERTIES ('a'='b\\')", "unterminated string literal", 1, 38),
    # Trino reads 'it\' as a whole literal, so the last quote opens a new one
    ("CREATE TABLE t AS SELECT 'it\\'s' AS x; SELECT 1",
     "unterminated string literal (on the Trino side a backslash", 1, 32),
])
def test_unterminated_text_is_an_sql_error_where_it_opens(
        sql: str, message: str, line: int, column: int) -> None:
    with pytest.raises(SqlError, match="q.sql") as raised:
        split_statements(sql, file="q.sql")
    assert message in str(raised.value)
    assert (raised.value.line, raised.value.column) == (line, column)


def test_unterminated_text_can_be_kept_as_the_last_statement() -> None:
    sql = "SELECT 1;\nCREATE TABLE t AS SELECT 'it\\'s' AS x; SELECT 1"
    found = split_statements(sql, unterminated=Unterminated.KEEP)
    assert [s.text for s in found] == ["SELECT 1", sql[10:]]
    assert found[1].kind is Kind.CTAS


def test_check_and_runner_export_the_same_splitter() -> None:
    assert athenakit.check.split_statements is split_statements
    assert athenakit.runner.split_statements is split_statements
    assert athenakit.check.Statement is athenakit.runner.Statement


# --- random scripts --------------------------------------------------------------------------

_SPECIAL = ["'", '"', "`", "\\", ";", "--", "/*", "*/", "\n", " ", "''", "\\'"]
_chars = st.characters(codec="utf-8")
values = st.lists(st.sampled_from(_SPECIAL) | _chars, max_size=8).map("".join)
names = values.filter(bool)
# Comments between statements: text that cannot end them early.
_comment_text = st.text(_chars, max_size=10)
separators = st.lists(st.sampled_from([" ", "\n", "\t"]) | _comment_text.map(
    lambda t: "--" + t.replace("\n", " ") + "\n") | _comment_text.map(
    lambda t: "/*" + t.replace("*", "+") + "*/"), max_size=3).map("".join)


@st.composite
def statements(draw: st.DrawFn) -> tuple[str, Engine]:
    """A valid statement with random names and literals, quoted by athenakit.sql.quoting."""
    engine = draw(st.sampled_from([HIVE, TRINO]))

    def ident() -> str:
        return quote_identifier(draw(names), engine)

    def lit() -> str:
        return quote_literal(draw(values), engine)

    if engine is TRINO:
        shapes = [
            lambda: f"SELECT {lit()} AS {ident()}",
            lambda: f"SELECT {ident()} FROM {ident()}.{ident()} WHERE {ident()} = {lit()}",
            lambda: f"CREATE TABLE {ident()} AS SELECT {lit()} AS {ident()}",
            lambda: (f"CREATE TABLE {ident()} WITH (format = 'PARQUET', external_location = "
                     f"{lit()}) AS SELECT {lit()} AS {ident()}"),
            lambda: f"INSERT INTO {ident()} VALUES ({lit()}, {lit()})",
        ]
    else:
        shapes = [
            lambda: (f"CREATE EXTERNAL TABLE {ident()} ({ident()} string COMMENT {lit()}) "
                     f"LOCATION {lit()}"),
            lambda: (f"CREATE EXTERNAL TABLE {ident()} ({ident()} string) ROW FORMAT SERDE "
                     f"'org.apache.hadoop.hive.serde2.RegexSerDe' WITH SERDEPROPERTIES "
                     f"('input.regex' = {lit()}) LOCATION {lit()}"),
            lambda: f"ALTER TABLE {ident()} SET TBLPROPERTIES ({lit()} = {lit()})",
        ]
    return draw(st.sampled_from(shapes))(), engine


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(statements(), separators), min_size=1, max_size=6), st.booleans())
def test_joined_random_statements_split_back_into_exactly_those_statements(
        parts: list[tuple[tuple[str, Engine], str]], final_semicolon: bool) -> None:
    script, starts = "", []
    for (sql, _), separator in parts:
        script += separator
        starts.append(script.count("\n") + 1)
        script += sql + ";"
    script = script if final_semicolon else script[:-1]
    found = split_statements(script)
    assert [s.text for s in found] == [sql for (sql, _), _ in parts]
    assert [s.engine for s in found] == [engine for (_, engine), _ in parts]
    assert [s.line for s in found] == starts


@given(st.lists(st.text(st.characters(codec="utf-8", exclude_characters="\x00\r"), max_size=20),
                min_size=1, max_size=5))
def test_runner_parameter_literals_never_split(values: list[str]) -> None:
    sqls = [f"SELECT {format_literal(v)} AS v" for v in values]
    assert texts(";\n".join(sqls) + ";") == sqls

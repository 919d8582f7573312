"""Identifier and literal quoting for Athena's two engines.

https://docs.aws.amazon.com/athena/latest/ug/reserved-words.html
https://docs.aws.amazon.com/athena/latest/ug/tables-databases-columns-names.html
"""

from __future__ import annotations

import json
from importlib import resources

import pytest
import sqlglot
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlglot import exp

from athenakit.sql.quoting import (
    READ_AS_FUNCTIONS,
    TOOL_KEYWORDS,
    Engine,
    hive_dropped_escapes,
    hive_unescape,
    is_reserved,
    needs_quoting,
    quote_identifier,
    quote_literal,
    quote_qualified,
    reserved_words,
)

HIVE, TRINO = Engine.HIVE, Engine.TRINO
_OFFICIAL = json.loads(
    resources.files("athenakit").joinpath("data/reserved_words.json").read_text("utf-8"))
DDL_WORDS = sorted(w.lower() for w in _OFFICIAL["ddl"])
DML_WORDS = sorted(w.lower() for w in _OFFICIAL["dml"])


# -- reserved words: the official lists, both sides --------------------------------------------
def test_official_lists_are_loaded_and_not_nested() -> None:
    assert reserved_words(HIVE) == frozenset(DDL_WORDS)
    assert reserved_words(TRINO) == frozenset(DML_WORDS)
    assert len(DDL_WORDS) > 100 and len(DML_WORDS) > 70
    # Examples the reference digest names: DDL-only and DML-only words.
    assert {"date", "timestamp", "partition", "user", "map"} <= set(DDL_WORDS) - set(DML_WORDS)
    assert {"first", "skip", "unnest", "current_user"} <= set(DML_WORDS) - set(DDL_WORDS)


@pytest.mark.parametrize("word", DDL_WORDS)
def test_ddl_reserved_word_gets_backticks_in_ddl(word: str) -> None:
    assert is_reserved(word.upper(), HIVE)
    assert quote_identifier(word, HIVE) == f"`{word}`"


@pytest.mark.parametrize("word", DML_WORDS)
def test_dml_reserved_word_gets_double_quotes_in_queries(word: str) -> None:
    assert is_reserved(word, TRINO)
    assert quote_identifier(word, TRINO) == f'"{word}"'


@pytest.mark.parametrize("word", sorted(set(DDL_WORDS) - set(DML_WORDS) - TOOL_KEYWORDS))
def test_ddl_only_word_stays_bare_in_queries_when_safe(word: str) -> None:
    assert quote_identifier(word, TRINO) == word


@pytest.mark.parametrize("word", sorted(set(DML_WORDS) - set(DDL_WORDS) - TOOL_KEYWORDS))
def test_dml_only_word_stays_bare_in_ddl_when_safe(word: str) -> None:
    assert quote_identifier(word, HIVE) == word


@pytest.mark.parametrize("word", DML_WORDS)
def test_quoted_dml_word_parses_as_a_column_in_athena(word: str) -> None:
    select = sqlglot.parse_one(f"SELECT {quote_identifier(word, TRINO)} FROM t", read="athena")
    [column] = select.expressions
    assert isinstance(column, exp.Column) and column.name == word


@pytest.mark.parametrize("word", DDL_WORDS)
def test_quoted_ddl_word_parses_as_a_column_in_create_table(word: str) -> None:
    sql = f"CREATE EXTERNAL TABLE t ({quote_identifier(word, HIVE)} int) LOCATION 's3://b/t/'"
    create = sqlglot.parse_one(sql, read="athena")
    assert isinstance(create, exp.Create)
    assert [c.name for c in create.this.expressions] == [word]


# -- other names that need quoting -------------------------------------------------------------
@pytest.mark.parametrize("name,hive,trino", [
    ("events", "events", "events"),
    ("event_2024", "event_2024", "event_2024"),
    ("_hidden", "`_hidden`", '"_hidden"'),
    ("1st_place", "`1st_place`", '"1st_place"'),
    ("x-edge-location", "`x-edge-location`", '"x-edge-location"'),
    ("cs(Host)", "`cs(Host)`", '"cs(Host)"'),
    ("two words", "`two words`", '"two words"'),
    ("café", "`café`", '"café"'),
    ("Mixed", "`Mixed`", '"Mixed"'),
    ("a.b", "`a.b`", '"a.b"'),
    ("tick`in", "`tick``in`", '"tick`in"'),
    ('dq"in', '`dq"in`', '"dq""in"'),
])
def test_names_are_quoted_exactly_when_needed(name: str, hive: str, trino: str) -> None:
    assert quote_identifier(name, HIVE) == hive
    assert quote_identifier(name, TRINO) == trino
    assert needs_quoting(name, HIVE) == (hive != name)
    assert needs_quoting(name, TRINO) == (trino != name)


def test_always_quotes_safe_names() -> None:
    assert quote_identifier("events", HIVE, always=True) == "`events`"
    assert quote_identifier("events", TRINO, always=True) == '"events"'


def test_empty_identifier_is_rejected() -> None:
    with pytest.raises(ValueError, match="empty"):
        quote_identifier("", HIVE)


def test_qualified_names_are_quoted_part_by_part() -> None:
    assert quote_qualified(["logs", "date"], HIVE) == "logs.`date`"
    assert quote_qualified(["my-db", "first"], TRINO) == '"my-db"."first"'
    assert quote_qualified([None, "t"], HIVE) == "t"


def test_names_sql_parsers_read_as_functions_are_quoted_on_both_sides() -> None:
    from sqlglot.dialects.athena import Athena
    from sqlglot.dialects.hive import Hive
    for parser in (Hive.Parser, Athena.Parser):
        assert {t.name.lower() for t in parser.NO_PAREN_FUNCTIONS} <= READ_AS_FUNCTIONS
    assert quote_identifier("current_user", HIVE) == "`current_user`"
    assert quote_identifier("LocalTime", TRINO) == '"LocalTime"'
    ddl = sqlglot.parse_one("CREATE EXTERNAL TABLE t (`current_user` boolean)", read="hive")
    assert [c.name for c in ddl.find_all(exp.ColumnDef)] == ["current_user"]


def _bare_words_sqlglot_misreads() -> set[str]:
    """Plain-word keywords of sqlglot's Hive and Trino tokenizers that, left bare where
    athenakit puts names, do not come back as the name."""
    import re

    from sqlglot.dialects.hive import Hive
    from sqlglot.dialects.trino import Trino

    def reads_back(sql: str, dialect: str, word: str) -> bool:
        try:
            tree = sqlglot.parse_one(sql, read=dialect)
        except sqlglot.errors.ParseError:
            return False
        return word in {i.name for i in tree.find_all(exp.Identifier)}

    found = set()
    for tokenizer, dialect, engine, shapes in (
        (Hive.Tokenizer, "hive", HIVE, ["CREATE EXTERNAL TABLE {w} ({w} int)",
                                        "CREATE EXTERNAL TABLE db.{w} (a struct<{w}:int>)",
                                        "CREATE EXTERNAL TABLE t (a int) PARTITIONED BY ({w} int)"]),
        (Trino.Tokenizer, "athena", TRINO, ["SELECT {w} FROM {w}", "SELECT 1 AS {w} FROM t",
                                            "SELECT x FROM {w}.t"]),
    ):
        words = {k.lower() for k in tokenizer.KEYWORDS if re.fullmatch(r"[A-Za-z_]+", k)}
        for word in words - {w for w in words if is_reserved(w, engine)}:
            if not all(reads_back(shape.format(w=word), dialect, word) for shape in shapes):
                found.add(word)
    return found


def test_every_name_sql_parsers_misread_bare_is_quoted() -> None:
    missed = _bare_words_sqlglot_misreads() - TOOL_KEYWORDS
    assert not missed, f"add to quoting.TOOL_KEYWORDS: {sorted(missed)}"
    assert quote_identifier("except", HIVE) == "`except`"
    assert quote_identifier("xor", TRINO) == '"xor"'
    ddl = sqlglot.parse_one("CREATE EXTERNAL TABLE `except` (`glob` int)", read="hive")
    assert {i.name for i in ddl.find_all(exp.Identifier)} == {"except", "glob"}


# -- identifiers round-trip through sqlglot ----------------------------------------------------
identifiers = st.text(
    st.characters(blacklist_categories=["Cs", "Cc"], blacklist_characters="\x00"),
    min_size=1, max_size=20,
).filter(lambda s: s.strip() == s and s.strip())


def assert_identifier_round_trips(name: str) -> None:
    select = sqlglot.parse_one(f"SELECT {quote_identifier(name, TRINO, always=True)} FROM t",
                               read="athena")
    assert select.expressions[0].name == name
    ddl = f"CREATE EXTERNAL TABLE t ({quote_identifier(name, HIVE, always=True)} int)"
    create = sqlglot.parse_one(ddl, read="athena")
    assert isinstance(create, exp.Create)
    assert create.this.expressions[0].name == name


@settings(max_examples=300, deadline=None)
@given(identifiers)
def test_any_identifier_round_trips_through_sqlglot_on_both_sides(name: str) -> None:
    assert_identifier_round_trips(name)


@settings(max_examples=200, deadline=None)
@given(st.text(st.sampled_from("ab_`\"1 -"), min_size=1, max_size=8))
def test_identifiers_with_quote_chars_round_trip(name: str) -> None:
    assert_identifier_round_trips(name)


# -- literals ----------------------------------------------------------------------------------
@pytest.mark.parametrize("value,hive,trino", [
    ("plain", "'plain'", "'plain'"),
    ("it's", "'it\\'s'", "'it''s'"),
    ("[^\\s]+", "'[^\\\\s]+'", "'[^\\s]+'"),
    ("tab\tnew\nline", "'tab\\tnew\\nline'", "'tab\tnew\nline'"),
    ("\x01", "'\\u0001'", "'\x01'"),
    ("\\", "'\\\\'", "'\\'"),
    ("", "''", "''"),
])
def test_literal_quoting_per_engine(value: str, hive: str, trino: str) -> None:
    assert quote_literal(value, HIVE) == hive
    assert quote_literal(value, TRINO) == trino


any_text = st.text(st.characters(blacklist_categories=["Cs"]), max_size=60)


@settings(max_examples=500, deadline=None)
@given(any_text)
def test_any_string_round_trips_through_a_hive_literal(value: str) -> None:
    literal = quote_literal(value, HIVE)
    body = literal[1:-1]
    assert literal[0] == literal[-1] == "'"
    assert hive_unescape(body) == value
    assert hive_dropped_escapes(body) == []  # nothing Hive would silently drop
    # No unescaped quote can end the literal early.
    i = 0
    while i < len(body):
        assert body[i] != "'"
        i += 2 if body[i] == "\\" else 1


@settings(max_examples=300, deadline=None)
@given(any_text.filter(lambda s: "\x00" not in s))
def test_any_string_round_trips_through_sqlglot_as_a_hive_literal(value: str) -> None:
    select = sqlglot.parse_one(f"SELECT {quote_literal(value, HIVE)}", read="hive")
    [literal] = select.expressions
    assert isinstance(literal, exp.Literal) and literal.is_string
    assert literal.this == value


@settings(max_examples=300, deadline=None)
@given(any_text.filter(lambda s: "\x00" not in s))
def test_any_string_round_trips_through_sqlglot_as_a_trino_literal(value: str) -> None:
    select = sqlglot.parse_one(f"SELECT {quote_literal(value, TRINO)}", read="athena")
    [literal] = select.expressions
    assert isinstance(literal, exp.Literal) and literal.is_string
    assert literal.this == value


@pytest.mark.parametrize("body,expected", [
    ("a\\'b", "a'b"),
    ("\\u0041\\101", "AA"),
    ("\\s\\d", "sd"),
    ("\\%\\_", "\\%\\_"),
    ("trailing\\", "trailing\\"),
])
def test_hive_unescape_matches_hive_rules(body: str, expected: str) -> None:
    assert hive_unescape(body) == expected


def test_dropped_escapes_are_found_in_single_backslash_regexes() -> None:
    assert hive_dropped_escapes("([^\\s]+) \\d \\\\w") == ["\\s", "\\d"]

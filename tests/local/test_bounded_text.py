"""varchar(n) and char(n) through the local engine's write and read paths, as Athena has them.

* CTAS records the types Trino gives the query's columns: a string literal is a
  ``varchar(len)`` (ExpressionAnalyzer types a literal by its length), a cast its target, a
  string function keeps its argument's length where its signature says so (StringFunctions),
  and Trino's Hive connector stores a bounded ``varchar`` as Hive's ``varchar(n)``, an
  unbounded one as ``string`` (HiveTypeTranslator.toTypeInfo), refusing ``varchar`` over 65535
  and ``char`` over 255 with NOT_SUPPORTED.
* INSERT into a ``varchar(n)`` / ``char(n)`` column fails when a value has more than n
  characters before its trailing spaces (LogicalPlanner.noTruncationCast; the message asserted
  by BaseConnectorTest's insert tests: "Cannot truncate non-space characters when casting from
  varchar(4) to char(3) on INSERT").
* A declared ``varchar(n)`` / ``char(n)`` column is cut to n characters when read
  (https://docs.aws.amazon.com/athena/latest/ug/data-types-considerations.html).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from athenakit.errors import QueryError
from athenakit.local.engine import LocalEngine
from athenakit.local.errors import UnsupportedLocally


@pytest.fixture
def engine(tmp_path: Path) -> LocalEngine:
    return LocalEngine([], s3_root=tmp_path / "data", catalog_dir=tmp_path / "catalog")


def _types(engine: LocalEngine, table: str) -> dict[str, str]:
    rows = engine.run(f"DESCRIBE {table}").rows
    cells = [[c.strip() for c in str(r[0]).split("\t")] for r in rows]
    return {c[0]: c[1] for c in cells if c and c[0] and not c[0].startswith("#")}


def _ctas(engine: LocalEngine, select: str, fmt: str = "PARQUET") -> dict[str, str]:
    engine.run(f"CREATE TABLE t WITH (format = '{fmt}', external_location = 's3://w/t/') AS "
               + select)
    return _types(engine, "t")


# Trino's types of result columns, as its Hive connector records them (DESCRIBE)
@pytest.mark.parametrize(("select", "expected"), [
    ("SELECT 'abc' AS s", "varchar(3)"),
    ("SELECT 'ü€x' AS s", "varchar(3)"),  # characters, not bytes
    ("SELECT CAST('x' AS VARCHAR(5)) AS s", "varchar(5)"),
    ("SELECT TRY_CAST('x' AS VARCHAR(5)) AS s", "varchar(5)"),
    ("SELECT CAST('y' AS CHAR(3)) AS s", "char(3)"),
    ("SELECT CAST('abc' AS VARCHAR) AS s", "string"),
    ("SELECT upper('abc') AS s", "varchar(3)"),
    ("SELECT lower(CAST('A' AS CHAR(4))) AS s", "char(4)"),
    ("SELECT substr(CAST('abc' AS CHAR(4)), 1, 2) AS s", "varchar(4)"),
    ("SELECT trim('  ab ') AS s", "varchar(5)"),
    ("SELECT replace('aaa', 'a', 'aa') AS s", "varchar(11)"),  # TestStringFunctions.testReplace
    ("SELECT chr(65) AS s", "varchar(1)"),  # TestStringFunctions.testChr
    ("SELECT 'ab' || 'cd' AS s", "string"),  # TestTypeOfFunction.testComplex: concat is varchar
    ("SELECT lpad('ab', 5, 'x') AS s", "string"),
    ("SELECT format('%s', 'abc') AS s", "string"),  # FormatFunction: returns varchar
    ("SELECT coalesce('a', 'abcd') AS s", "varchar(4)"),
    ("SELECT CASE WHEN true THEN 'a' ELSE CAST('b' AS VARCHAR) END AS s", "string"),
    ("SELECT IF(true, 'ab', NULL) AS s", "varchar(2)"),
    ("SELECT 'a' AS s UNION ALL SELECT 'abc'", "varchar(3)"),
    ("SELECT s FROM (VALUES ('a'), ('abcd')) v(s)", "varchar(4)"),
    ("WITH c AS (SELECT 'ab' AS s) SELECT upper(s) AS s FROM c", "varchar(2)"),
    ("SELECT date_format(TIMESTAMP '2020-01-02 00:00:00', '%Y') AS s", "string"),
    ("SELECT max('ab') AS s", "varchar(2)"),
    ("SELECT ARRAY['a', 'bcd'] AS s", "array<varchar(3)>"),
    ("SELECT MAP(ARRAY['k'], ARRAY[1]) AS s", "map<varchar(1),int>"),
])
def test_ctas_records_trinos_character_types(engine: LocalEngine, select: str,
                                             expected: str) -> None:
    assert _ctas(engine, select)["s"] == expected


def test_ctas_copies_declared_character_columns(engine: LocalEngine) -> None:
    engine.run("CREATE EXTERNAL TABLE src (a varchar(3), b char(2), c string) STORED AS PARQUET "
               "LOCATION 's3://w/src/'")
    assert _ctas(engine, "SELECT a, b, c, upper(a) AS d, a || c AS e FROM src") == {
        "a": "varchar(3)", "b": "char(2)", "c": "string", "d": "varchar(3)", "e": "string"}


def test_show_create_table_shows_the_bounded_types(engine: LocalEngine) -> None:
    _ctas(engine, "SELECT 'abc' AS s, CAST('y' AS CHAR(3)) AS c")
    text = "\n".join(str(r[0]) for r in engine.run("SHOW CREATE TABLE t").rows)
    assert "varchar(3)" in text and "char(3)" in text


@pytest.mark.parametrize(("select", "construct"), [
    ("SELECT to_iso8601(DATE '2020-01-02') AS s", "to_iso8601"),
    ("SELECT url_extract_host('http://example.com/a') AS s", "url_extract_host"),
])
def test_ctas_refuses_a_length_it_cannot_tell(engine: LocalEngine, select: str,
                                              construct: str) -> None:
    with pytest.raises(UnsupportedLocally) as refused:
        _ctas(engine, select)
    assert "a varchar column whose length Trino would bound" in str(refused.value)
    assert construct in str(refused.value)
    assert engine.catalog.table("t", None) is None  # nothing registered


@pytest.mark.parametrize(("cast", "message"), [
    ("VARCHAR(70000)", ("Unsupported Hive type: varchar(70000). Supported VARCHAR types: "
     "VARCHAR(<=65535), VARCHAR.")),
    ("CHAR(300)", "Unsupported Hive type: char(300). Supported CHAR types: CHAR(<=255)."),
])
def test_ctas_fails_on_lengths_hive_cannot_store(engine: LocalEngine, cast: str,
                                                 message: str) -> None:
    with pytest.raises(QueryError) as failed:
        _ctas(engine, f"SELECT CAST('a' AS {cast}) AS s")
    assert f"NOT_SUPPORTED: {message}" in str(failed.value)


# HiveTypeTranslator.toTypeInfo: NOT_SUPPORTED "Unsupported Hive type: <the type>" for a type Hive
# has not, also inside an array or map (DuckDB wrote such columns)
@pytest.mark.parametrize(("select", "kind"), [
    ("SELECT TIME '01:02:03.123' AS s", "time(3)"),
    ("SELECT TIME '01:02:03.1' AS s", "time(1)"),  # the literal's type (TestTime.testLiterals)
    ("SELECT INTERVAL '1' YEAR AS s", "interval year to month"),
    ("SELECT INTERVAL '1' DAY AS s", "interval day to second"),
    ("SELECT from_unixtime(0) AS s", "timestamp(3) with time zone"),
    ("SELECT ARRAY[from_unixtime(0)] AS s", "timestamp(3) with time zone"),
    ("SELECT MAP(ARRAY['a'], ARRAY[TIME '01:02:03.123']) AS s", "time(3)"),
])
def test_ctas_fails_on_types_hive_has_not(engine: LocalEngine, select: str, kind: str) -> None:
    with pytest.raises(QueryError) as failed:
        _ctas(engine, select)
    assert f"NOT_SUPPORTED: Unsupported Hive type: {kind}" in str(failed.value)
    assert failed.value.state == "FAILED"
    assert engine.catalog.table("t", None) is None  # nothing registered


# LogicalPlanner.noTruncationCast: GENERIC_USER_ERROR (FailureFunction.fail)
@pytest.mark.parametrize(("values", "message"), [
    ("('abcd', 'x', 'y')", ("Cannot truncate non-space characters when casting from varchar(4) "
     "to varchar(3) on INSERT")),
    ("('ab', 'x', 'abcd')", ("Cannot truncate non-space characters when casting from varchar(4) "
     "to char(3) on INSERT")),
    ("('ab', 'abcdef', 'y')", ("Cannot truncate non-space characters when casting from "
     "varchar(6) to varchar(5) on INSERT")),
])
def test_insert_of_a_longer_text_fails_as_trino(engine: LocalEngine, values: str,
                                                message: str) -> None:
    _ctas(engine, "SELECT 'abc' AS s, CAST('x' AS VARCHAR(5)) AS v, CAST('y' AS CHAR(3)) AS c")
    with pytest.raises(QueryError) as failed:
        engine.run(f"INSERT INTO t VALUES {values}")
    assert f"GENERIC_USER_ERROR: {message}" in str(failed.value)
    assert len(engine.run("SELECT * FROM t").rows) == 1  # nothing written


def test_insert_names_an_unbounded_query_type(engine: LocalEngine) -> None:
    engine.run("CREATE EXTERNAL TABLE u (a varchar(3)) STORED AS PARQUET LOCATION 's3://w/u/'")
    with pytest.raises(QueryError) as failed:
        engine.run("INSERT INTO u SELECT CAST('abcd' AS VARCHAR)")
    assert ("Cannot truncate non-space characters when casting from varchar to varchar(3) on "
            "INSERT") in str(failed.value)


def test_insert_cuts_trailing_spaces_that_do_not_fit(engine: LocalEngine) -> None:
    # only non-space characters may not be lost: 'ab   ' fits a varchar(3) as 'ab '
    engine.run("CREATE EXTERNAL TABLE u (a varchar(3), c char(3)) STORED AS PARQUET "
               "LOCATION 's3://w/u/'")
    engine.run("INSERT INTO u VALUES ('ab   ', 'x     ')")
    assert engine.run("SELECT a, c, length(a) FROM u").rows == [("ab ", "x  ", 3)]


def test_insert_of_a_shorter_text_is_written(engine: LocalEngine) -> None:
    _ctas(engine, "SELECT 'abc' AS s, CAST('y' AS CHAR(3)) AS c")
    engine.run("INSERT INTO t VALUES ('ab', 'z')")
    assert sorted(engine.run("SELECT s, c FROM t").rows) == [("ab", "z  "), ("abc", "y  ")]


def test_char_values_are_stored_as_each_format_writes_them(engine: LocalEngine,
                                                           tmp_path: Path) -> None:
    import pyarrow.parquet as pq

    engine.run("CREATE EXTERNAL TABLE p (c char(3)) STORED AS PARQUET LOCATION 's3://w/p/'")
    engine.run("CREATE EXTERNAL TABLE x (c char(3)) STORED AS TEXTFILE LOCATION 's3://w/x/'")
    engine.run("CREATE TABLE j WITH (format = 'JSON', external_location = 's3://w/j/') AS "
               "SELECT CAST('a' AS CHAR(3)) AS c WITH NO DATA")
    for table in ("p", "x", "j"):
        engine.run(f"INSERT INTO {table} VALUES ('a')")

    def written(folder: str) -> bytes:
        (path,) = (p for p in (tmp_path / "data" / "w" / folder).rglob("*") if p.is_file())
        return path.read_bytes()
    # Parquet: Trino's CharValueWriter writes the value without trailing spaces; text and
    # JSON: StringEncoding and JsonSerializer pad it (Chars.padSpaces)
    (parquet,) = (tmp_path / "data" / "w" / "p").rglob("*.parquet")
    assert pq.read_table(parquet).column(0).to_pylist() == ["a"]
    assert written("x") == b"a  \n"
    assert written("j") == b'{"c":"a  "}\n'
    for table in ("p", "x", "j"):
        assert engine.run(f"SELECT c FROM {table}").rows == [("a  ",)]


@pytest.mark.parametrize("fmt", ["PARQUET", "ORC", "TEXTFILE", "JSON"])
def test_a_declared_length_cuts_longer_values_when_read(engine: LocalEngine, fmt: str) -> None:
    # https://docs.aws.amazon.com/athena/latest/ug/data-types-considerations.html
    engine.run(f"CREATE TABLE src WITH (format = '{fmt}', external_location = 's3://w/r/') AS "
               "SELECT CAST('abcdef' AS VARCHAR) AS a, CAST('abcd' AS VARCHAR) AS b")
    serde = {"PARQUET": "STORED AS PARQUET", "ORC": "STORED AS ORC",
             "TEXTFILE": "STORED AS TEXTFILE",
             "JSON": "ROW FORMAT SERDE 'org.openx.data.jsonserde.JsonSerDe' STORED AS TEXTFILE"}
    engine.run(f"CREATE EXTERNAL TABLE r (a varchar(3), b char(2)) {serde[fmt]} "
               "LOCATION 's3://w/r/'")
    assert engine.run("SELECT a, b, a = 'abc' FROM r").rows == [("abc", "ab", True)]


def test_ctas_records_bounded_text_inside_arrays_maps_and_rows(engine: LocalEngine) -> None:
    engine.run("CREATE EXTERNAL TABLE src (a array<varchar(3)>, b map<string,char(2)>) "
               "STORED AS PARQUET LOCATION 's3://w/src/'")
    assert _ctas(engine, "SELECT a, b, CAST(ARRAY['x'] AS ARRAY(VARCHAR(4))) AS d, "
                 "split('a,b', ',') AS e, split('a,b', ',')[1] AS f, "
                 "CAST(ROW('a', 1) AS ROW(x VARCHAR(2), y INTEGER)) AS g FROM src") == {
        "a": "array<varchar(3)>", "b": "map<string,char(2)>", "d": "array<varchar(4)>",
        "e": "array<varchar(3)>", "f": "varchar(3)", "g": "struct<x:varchar(2),y:int>"}


def test_lag_takes_the_common_type_of_its_value_and_default(engine: LocalEngine) -> None:
    # lag(T, bigint, T): 'ab' and 'xyz' meet at varchar(3)
    assert _ctas(engine, "SELECT lag('ab', 1, 'xyz') OVER (ORDER BY 1) AS s")["s"] == "varchar(3)"


def test_ctas_types_elements_of_declared_arrays_and_maps(engine: LocalEngine) -> None:
    # element_at / a subscript has the element (value) type of the array (map)
    engine.run("CREATE EXTERNAL TABLE src (m map<string,string>, n map<string,varchar(3)>, "
               "a array<char(2)>, x string) STORED AS PARQUET LOCATION 's3://w/src/'")
    assert _ctas(engine, "SELECT element_at(m, 'k') AS p, n['k'] AS q, a[1] AS r FROM src") == {
        "p": "string", "q": "varchar(3)", "r": "char(2)"}


def test_listagg_is_an_unbounded_varchar(engine: LocalEngine) -> None:
    # ListaggAggregationFunction: @OutputFunction("VARCHAR")
    assert _ctas(engine, "SELECT listagg(x, ',') WITHIN GROUP (ORDER BY x) AS s "
                 "FROM (VALUES 'a', 'b') v(x)") == {"s": "string"}


def test_insert_of_a_value_whose_length_is_not_known_here(engine: LocalEngine) -> None:
    # url_extract_host's type is not read here: a value that fits is written, a longer one
    # refused (Trino fails it, naming a query type not known here)
    engine.run("CREATE EXTERNAL TABLE u (a varchar(3), b string) STORED AS PARQUET "
               "LOCATION 's3://w/u/'")
    engine.run("INSERT INTO u SELECT url_extract_host('http://ab/'), 'abcdef'")
    with pytest.raises(UnsupportedLocally):
        engine.run("INSERT INTO u SELECT url_extract_host('http://abcd/'), 'x'")
    engine.run("INSERT INTO u (b) VALUES ('zz')")
    assert sorted(engine.run("SELECT a, b FROM u").rows, key=str) == [
        ("ab", "abcdef"), (None, "zz")]


def test_unnest_columns_have_their_arrays_element_types(engine: LocalEngine) -> None:
    engine.run("CREATE EXTERNAL TABLE src (s string, a array<varchar(4)>) STORED AS PARQUET "
               "LOCATION 's3://w/src/'")
    assert _ctas(engine, "SELECT x, y, z FROM src CROSS JOIN "
                 "UNNEST(split(s, ','), ARRAY['ab'], a) AS u(x, y, z)") == {
        "x": "string", "y": "varchar(2)", "z": "varchar(4)"}


def test_a_column_whose_source_is_not_known_is_refused(engine: LocalEngine) -> None:
    engine.run("CREATE EXTERNAL TABLE src (a array<varchar(4)>) STORED AS PARQUET "
               "LOCATION 's3://w/src/'")
    with pytest.raises(UnsupportedLocally, match="column x, whose source is not known here"):
        _ctas(engine, "SELECT x FROM src CROSS JOIN UNNEST(transform(a, v -> upper(v))) "
              "AS u(x)")


def test_ctas_of_select_star_and_of_a_view_keeps_the_types(engine: LocalEngine) -> None:
    engine.run("CREATE EXTERNAL TABLE src (a varchar(3), b char(2), c string) STORED AS PARQUET "
               "LOCATION 's3://w/src/'")
    engine.run("CREATE VIEW v AS SELECT a, upper(c) AS u, 'abcd' AS l FROM src")
    engine.run("CREATE TABLE s WITH (external_location = 's3://w/s/') AS SELECT * FROM src")
    engine.run("CREATE TABLE w WITH (external_location = 's3://w/w/') AS SELECT * FROM v")
    assert _types(engine, "s") == {"a": "varchar(3)", "b": "char(2)", "c": "string"}
    assert _types(engine, "w") == {"a": "varchar(3)", "u": "string", "l": "varchar(4)"}


def test_ctas_of_an_empty_text_is_refused(engine: LocalEngine) -> None:
    # Hive has no varchar(0): Trino's Hive connector failed on it ("Varchar length 0 out of
    # allowed range [1, 65535]") before trinodb/trino#18811 made it varchar(1)
    with pytest.raises(UnsupportedLocally, match="varchar\\(0\\)"):
        _ctas(engine, "SELECT '' AS s")
    assert _ctas(engine, "SELECT '' AS s UNION ALL SELECT 'ab'") == {"s": "varchar(2)"}


def test_a_column_listed_beside_a_star_keeps_its_type(engine: LocalEngine) -> None:
    engine.run("CREATE EXTERNAL TABLE src (a varchar(3)) STORED AS PARQUET "
               "LOCATION 's3://w/src/'")
    assert _ctas(engine, "SELECT *, 'abcd' AS tag FROM src") == {
        "a": "varchar(3)", "tag": "varchar(4)"}

"""char(n) table columns through the real engine: read padded to n, so trailing spaces in the
data never tell two values apart (Trino: https://trino.io/docs/current/language/types.html#char,
"a CHAR(x) value always has x characters"; io/trino/type/TestCharOperators.testEqual)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from athenakit.local.engine import LocalEngine
from athenakit.local.errors import UnsupportedLocally
from athenakit.table.model import Column, Table
from athenakit.table.storage import Storage


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> LocalEngine:
    root = tmp_path_factory.mktemp("chars")
    for name, text in (("c", "a,1\na  ,2\nb,3\nabcd,4\n"), ("d", "a    ,10\nb,20\n")):
        (root / "b" / name).mkdir(parents=True)
        (root / "b" / name / "part.csv").write_text(text)
    tables = [Table(name="c", location="s3://b/c/", columns=(
        Column("v", "char(3)"), Column("n", "int")), storage=Storage(
        format="text", field_delimiter=",")), Table(name="d", location="s3://b/d/", columns=(
            Column("w", "char(5)"), Column("m", "int")), storage=Storage(
            format="text", field_delimiter=","))]
    return LocalEngine(tables, s3_root=root)


def test_a_char_column_is_read_padded_and_cut_to_its_length(engine: LocalEngine) -> None:
    result = engine.run("SELECT v, n FROM c ORDER BY n")
    assert result.rows == [("a  ", 1), ("a  ", 2), ("b  ", 3), ("abc", 4)]
    assert [c.type for c in result.columns] == ["char(3)", "integer"]
    assert [c.type for c in engine.run("SELECT * FROM c").columns] == ["char(3)", "integer"]


def test_distinct_and_group_by_ignore_trailing_spaces_of_the_data(engine: LocalEngine) -> None:
    assert sorted(engine.run("SELECT DISTINCT v FROM c").rows) == [("a  ",), ("abc",), ("b  ",)]
    grouped = engine.run("SELECT v, count(*) FROM c GROUP BY v ORDER BY v")
    assert grouped.rows == [("a  ", 2), ("abc", 1), ("b  ", 1)]
    assert grouped.columns[0].type == "char(3)"


def test_joins_and_in_subqueries_of_char_columns_of_different_lengths(engine: LocalEngine) -> None:
    # char(3) and char(5) meet as char(5): 'a  ' and 'a    ' are equal
    joined = engine.run("SELECT n, m FROM c JOIN d ON c.v = d.w ORDER BY n")
    assert joined.rows == [(1, 10), (2, 10), (3, 20)]
    found = engine.run("SELECT n FROM c WHERE v IN (SELECT w FROM d) ORDER BY n")
    assert found.rows == [(1,), (2,), (3,)]


def test_a_union_of_char_columns_is_of_the_longer_type(engine: LocalEngine) -> None:
    result = engine.run("SELECT v FROM c UNION SELECT w FROM d")
    assert sorted(result.rows) == [("a    ",), ("abc  ",), ("b    ",)]
    assert [c.type for c in result.columns] == ["char(5)"]


def test_join_using_char_columns_of_different_lengths_is_refused(
        engine: LocalEngine, tmp_path: Path) -> None:
    # Trino compares a char(3) and a char(5) column as char(5); DuckDB's USING as they are
    for name in ("c", "e"):
        (tmp_path / "b" / name).mkdir(parents=True)
        (tmp_path / "b" / name / "part.csv").write_text("a,1\n")
    tables = [Table(name=name, location=f"s3://b/{name}/", columns=(Column("v", kind),),
                    storage=Storage(format="text", field_delimiter=","))
              for name, kind in (("c", "char(3)"), ("e", "char(5)"))]
    with LocalEngine(tables, s3_root=tmp_path) as both, \
            pytest.raises(UnsupportedLocally, match=r"JOIN USING \(v\) of char\(n\) values"):
        both.run("SELECT count(*) FROM c JOIN e USING (v)")
    same = engine.run("SELECT count(*) FROM c x JOIN c y USING (v)")
    assert same.rows == [(6,)]  # 'a' twice, 'b', 'abcd' cut to 'abc': 2 * 2 + 1 + 1


def test_a_char_result_is_described_as_char_of_its_length(engine: LocalEngine) -> None:
    from athenakit.serve.results import column_info

    result = engine.run("SELECT CAST('a' AS CHAR(3)) AS c")
    assert [c.type for c in result.columns] == ["char(3)"]
    info = column_info(result.columns[0])
    assert (info["Type"], info["Precision"]) == ("char", 3)
    assert result.to_arrow().schema.field("c").type == "string"


def test_a_subquery_column_is_typed_by_the_item_it_names(engine: LocalEngine) -> None:
    # the table's char(3) v cast to varchar(5) keeps its spaces ('a  ', CharacterStringCasts.
    # charToVarcharCast) and compares as a varchar: it is not 'a'
    assert engine.run("SELECT a.v FROM (SELECT CAST(v AS VARCHAR(5)) AS v FROM c) a "
                      "WHERE a.v = 'a'").rows == []
    kept = engine.run("SELECT a.v FROM (SELECT v FROM c) a WHERE a.v = 'a'")
    assert kept.rows == [("a  ",), ("a  ",)]
    assert kept.columns[0].type == "char(3)"


_TEXT = st.text(alphabet="ab ", max_size=3)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(left=st.lists(_TEXT, min_size=1, max_size=4), right=st.lists(_TEXT, min_size=1, max_size=4),
       widths=st.tuples(st.integers(3, 6), st.integers(3, 6)))
def test_a_union_of_char_values_counts_each_value_once_whatever_its_spaces(
        engine: LocalEngine, left: list[str], right: list[str], widths: tuple[int, int]) -> None:
    # Trino: char values compare padded to the longer length, so 'a', 'a ' and 'a  ' are one
    # value; UNION (distinct) keeps one row per value
    def rows(texts: list[str], n: int) -> str:
        return ", ".join(f"(CAST('{t}' AS CHAR({n})))" for t in texts)

    sql = (f"SELECT count(*) FROM (SELECT x FROM (VALUES {rows(left, widths[0])}) a(x) "
           f"UNION SELECT y FROM (VALUES {rows(right, widths[1])}) b(y))")
    assert engine.run(sql).rows == [(len({t.rstrip(' ') for t in left + right}),)]
    grouped = engine.run(f"SELECT x, count(*) FROM (VALUES {rows(left, widths[0])}) a(x) "
                         "GROUP BY x")
    values = {s.rstrip(" ") for s in left}
    assert sorted(c for _, c in grouped.rows) == sorted(
        sum(1 for s in left if s.rstrip(" ") == v) for v in values)

"""Hostile SQL and DDL: deep nesting, unterminated literals, types with trailing text -- one
line naming the file and position, never a traceback; and a fuzz pass over the splitter."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from athenakit.errors import SqlError
from athenakit.sql.splitter import MAX_NESTING, Unterminated, split_statements
from athenakit.table.types import MAX_TYPE_NESTING, TypeError_, parse_type


def athenakit(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "athenakit", *args], capture_output=True,
                          text=True, cwd=cwd, check=False, timeout=300)


def one_line_error(proc: subprocess.CompletedProcess[str]) -> str:
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("athenakit: error: ")
    return lines[0]


def nested_struct(depth: int) -> str:
    text = "int"
    for _ in range(depth):
        text = f"struct<a:{text}>"
    return text


# -- nesting -------------------------------------------------------------------------------------
@pytest.mark.slow
@pytest.mark.parametrize("command", [["check"], ["transpile", "--from", "trino"],
                                     ["run", "--local", "--s3-root", "."]])
def test_sixty_nested_parentheses_are_one_line_with_the_limit(tmp_path: Path,
                                                              command: list[str]) -> None:
    (tmp_path / "q.sql").write_text("SELECT " + "(" * 60 + "1" + ")" * 60 + "\n")
    line = one_line_error(athenakit(command[0], "q.sql", *command[1:], cwd=tmp_path))
    assert "nest" in line
    if command[0] != "transpile":
        assert f"q.sql:1:{8 + MAX_NESTING}: brackets nest too deep" in line


def test_nesting_up_to_the_limit_is_read() -> None:
    sql = "SELECT " + "(" * MAX_NESTING + "1" + ")" * MAX_NESTING
    assert split_statements(sql)[0].text == sql


def test_the_limit_applies_per_statement_and_counts_no_brackets_in_literals() -> None:
    deep = "(" * (MAX_NESTING // 2)
    sql = f"SELECT {deep}1{')' * len(deep)}; SELECT '{'(' * 100}' AS x, {deep}2{')' * len(deep)}"
    assert len(split_statements(sql)) == 2


@pytest.mark.slow
@pytest.mark.parametrize("command", ["ddl", "import"])
def test_a_struct_200_deep_is_one_line(tmp_path: Path, command: str) -> None:
    deep = nested_struct(200)
    (tmp_path / "t.yaml").write_text(f"name: t\ncolumns: [{{name: id, type: '{deep}'}}]\n")
    (tmp_path / "t.sql").write_text(f"CREATE EXTERNAL TABLE t (id {deep}) "
                                    "LOCATION 's3://b/t/';\n")
    line = one_line_error(athenakit(command, "t.yaml" if command == "ddl" else "t.sql",
                                    cwd=tmp_path))
    assert "nest" in line and ("t.yaml:2: columns[0].type" in line or "t.sql" in line)


def test_types_nest_up_to_the_limit() -> None:
    assert parse_type(nested_struct(MAX_TYPE_NESTING - 1)).ddl.count("struct") == (
        MAX_TYPE_NESTING - 1)
    with pytest.raises(TypeError_, match=f"more than {MAX_TYPE_NESTING} levels"):
        parse_type(nested_struct(MAX_TYPE_NESTING + 1))


# -- types parse whole or fail ---------------------------------------------------------------------
@pytest.mark.parametrize("text", ["string, b int", "int b", "array<int> x", "decimal(10,2) foo",
                                  "map<string,int>,x", "struct<a:int> junk", "row(a integer) z"])
def test_trailing_text_after_a_type_is_an_error(text: str) -> None:
    with pytest.raises(TypeError_, match="is not"):
        parse_type(text)


# -- unterminated literals ---------------------------------------------------------------------
@pytest.mark.parametrize(("command", "text", "where"), [
    (["import"], "CREATE EXTERNAL TABLE t (a string) COMMENT 'abc\n", "x.sql:1:44"),
    (["transpile", "--from", "spark"], "SELECT 1;\nSELECT 'abc\n", "line 2, column 8"),
])
def test_an_unterminated_string_is_one_line_with_its_position(
        tmp_path: Path, command: list[str], text: str, where: str) -> None:
    (tmp_path / "x.sql").write_text(text)
    line = one_line_error(athenakit(command[0], "x.sql", *command[1:], cwd=tmp_path))
    assert f"{where}: unterminated string literal" in line


# -- fuzz: the splitter ------------------------------------------------------------------------
SQL_BITS = st.lists(st.sampled_from(
    ["SELECT", " ", "1", "'", '"', "`", "\\", ";", "--", "\n", "/*", "*/", "(", ")", "[", "]",
     "a", "CREATE", "TABLE", "AS", "WITH", "''", "x'", "\r\n"]), max_size=60).map("".join)


@given(st.one_of(SQL_BITS, st.text(max_size=200)))
def test_the_splitter_returns_exact_slices_or_a_sql_error(sql: str) -> None:
    for mode in Unterminated:
        try:
            statements = split_statements(sql, unterminated=mode)
        except SqlError as err:
            assert err.line is not None and err.line >= 1
            continue
        for stmt in statements:
            assert sql[stmt.offset:stmt.offset + len(stmt.text)] == stmt.text
            assert stmt.text.strip()
        assert [s.index for s in statements] == list(range(len(statements)))


def test_the_local_engine_api_refuses_deep_nesting_with_a_sql_error(tmp_path: Path) -> None:
    from athenakit.local import LocalEngine

    engine = LocalEngine(s3_root=tmp_path / "s3", catalog_dir=tmp_path / "cat")
    with pytest.raises(SqlError, match="brackets nest too deep"):
        engine.run("SELECT " + "(" * 300 + "1" + ")" * 300)


def test_a_long_sql_argument_is_sql_not_a_file_name(tmp_path: Path) -> None:
    sql = "SELECT " + "1 + " * 100 + "1 AS x"  # longer than a file name may be
    proc = athenakit("run", "--local", sql, "--s3-root", ".", "-q", "-f", "csv", cwd=tmp_path)
    assert proc.returncode == 0 and proc.stdout == "x\n101\n"

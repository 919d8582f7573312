"""DuckDB's own file readers, settings and statements never run: Athena has none of them."""

from __future__ import annotations

import pytest

from athenakit.errors import QueryError
from athenakit.local.engine import LocalEngine


@pytest.mark.parametrize(("sql", "name"), [
    ("SELECT * FROM read_text('/etc/passwd')", "read_text"),
    ("SELECT * FROM read_csv_auto('/etc/passwd')", "read_csv_auto"),
    ("SELECT * FROM read_csv('/etc/passwd')", "read_csv"),
    ("SELECT * FROM read_json_auto('/etc/passwd')", "read_json_auto"),
    ("SELECT * FROM duckdb_settings()", "duckdb_settings"),
    ("SELECT getenv('HOME')", "getenv"),
    ("COPY t TO '/tmp/x'", "COPY"),
    ("SET threads = 1", "SET"),
    ("PRAGMA version", "PRAGMA"),
])
def test_duckdb_only_sql_is_refused(sql: str, name: str) -> None:
    with LocalEngine() as engine, pytest.raises(QueryError) as info:
        engine.run(sql)
    assert name in str(info.value) and "not supported locally" in str(info.value)
    assert "root:" not in str(info.value)


def test_sqlglot_fallback_warning_is_an_error_not_stderr(capsys: pytest.CaptureFixture[str]) -> None:
    with LocalEngine() as engine, pytest.raises(QueryError):
        engine.run("LOAD httpfs")
    assert "unsupported syntax" not in capsys.readouterr().err

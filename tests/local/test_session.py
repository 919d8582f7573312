"""The local engine's DuckDB connection: Trino's settings at once, the ``ak_*`` macros on first
use (https://trino.io/docs/current/functions/array.html#slice: 1-based start)."""

from __future__ import annotations

from athenakit.local import session


def test_settings_hold_before_any_macro_is_created() -> None:
    con = session.connect()
    # Trino: integer division truncates toward zero
    assert con.execute("SELECT -7 / 2").fetchone() == (-3,)
    assert con.execute("SELECT count(*) FROM duckdb_functions() WHERE function_name = "
                       "'ak_slice'").fetchone() == (0,)


def test_a_statement_needing_a_macro_creates_them_and_runs() -> None:
    con = session.connect()
    assert con.execute("SELECT ak_slice([1, 2, 3, 4], 2, 2)").fetchone() == ([2, 3],)
    assert con.execute("SELECT ak_slice([1, 2, 3], -1, 1)").fetchone() == ([3],)

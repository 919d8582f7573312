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


def _created(con: object) -> set[str]:
    rows = con.execute("SELECT function_name FROM duckdb_functions() "  # type: ignore[attr-defined]
                       "WHERE function_name LIKE 'ak\\_%' ESCAPE '\\'").fetchall()
    return {r[0] for r in rows}


def test_only_the_called_macro_and_those_it_calls_are_created() -> None:
    con = session.connect()
    # https://trino.io/docs/current/functions/url.html#url_extract_host
    assert con.execute("SELECT ak_url_extract_host('http://example.com:8080/x')"
                       ).fetchone() == ("example.com",)
    assert _created(con) == {"ak_url_extract_host", "ak_url_ok", "ak_url_part"}


def test_a_name_in_a_string_literal_creates_nothing() -> None:
    con = session.connect()
    assert con.execute("SELECT 'ak_slice(x)'").fetchone() == ("ak_slice(x)",)
    assert _created(con) == set()


def test_a_python_function_is_registered_when_called() -> None:
    con = session.connect()
    # https://trino.io/docs/current/functions/binary.html#to_base64url: RFC 4648 base64url
    assert con.execute("SELECT ak_to_base64url(from_hex('fbff'))").fetchone() == ("-_8=",)
    assert _created(con) == {"ak_to_base64url"}

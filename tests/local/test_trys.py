"""try(...) turns into NULL only the errors Trino's try catches.

Trino: https://trino.io/docs/current/functions/conditional.html#try ("division by zero, invalid
cast or function argument, numeric value out of range"; io/trino/operator/scalar/TryFunction).
The answers of whole queries are in tests/conformance/cases/trino_known_differences.yaml.
"""

from __future__ import annotations

import re

import pytest

from athenakit.local import compat, runtime_errors
from athenakit.local.translate import transpile


def test_every_error_a_macro_raises_is_one_that_try_catches() -> None:
    # each failing macro has a _try twin answering NULL for all its errors: right only if try
    # catches every one of them
    # (the macros of aggregates never stand inside try: an aggregate there is refused)
    names = {name for macro, body in compat._all_macros().items()
             if macro not in compat.aggregate_macros()
             for name in re.findall(r"error\(\s*'([A-Z_]+):", body)}
    assert names
    assert names <= set(runtime_errors.CAUGHT)
    assert all("error(" not in body for body in compat.try_variants().values())


@pytest.mark.parametrize("sql", [
    "SELECT try(x / 0) FROM (SELECT 5.0E0 AS x)",
    # a date from a call DuckDB types only while running (x + INTERVAL itself is answered)
    "SELECT try(greatest(x, x) + INTERVAL '1' day) FROM (SELECT DATE '2024-01-31' AS x)",
])
def test_a_refusal_inside_try_is_tested_outside_duckdbs_try(sql: str) -> None:
    duck = transpile(sql)[0]
    refusal = duck.index("NOT_SUPPORTED_LOCALLY")
    assert duck.startswith("SELECT CASE WHEN TRY(")
    assert refusal < duck.index("ELSE TRY(")  # the error() stands outside every TRY(...)
    assert "NOT_SUPPORTED_LOCALLY" not in duck[duck.index("ELSE TRY("):]


def test_inside_duckdbs_try_a_macro_fails_without_error_and_try_cast_answers_null() -> None:
    # DuckDB refuses error() (volatile) inside TRY; the _in_try twins fail with a cast instead,
    # so that the whole try(...) is NULL; try_cast's twins answer NULL for the cast alone
    assert compat.in_try_variants().keys() == {
        name.removesuffix("_try") + "_in_try" for name in compat.try_variants()}
    assert all("error(" not in body and (compat.FAIL_IN_TRY in body or "_in_try(" in body)
               for body in compat.in_try_variants().values())


def test_a_python_functions_failure_that_try_does_not_catch_is_raised_after_the_query() -> None:
    # DuckDB's TRY would turn it into NULL; Trino's try lets it through
    # (TryFunction.propagateIfUnhandled catches only the four error names)
    import duckdb

    from athenakit.local import session

    def broken(x: int) -> int:
        raise KeyError(x)

    def bad_argument(x: int) -> int:
        raise runtime_errors.TrinoFunctionError("INVALID_FUNCTION_ARGUMENT: bad")

    con = session.connect()
    for name, fn in (("broken", broken), ("bad_argument", bad_argument)):
        con.create_function(name, runtime_errors.watched(fn, con.escaped), ["BIGINT"],
                            "BIGINT", side_effects=False)
    assert con.execute("SELECT TRY(bad_argument(1))").fetchall() == [(None,)]
    with pytest.raises(duckdb.InvalidInputException, match="KeyError: 1"):
        con.execute("SELECT TRY(broken(1))")
    assert con.execute("SELECT 1").fetchall() == [(1,)]  # nothing left over


@pytest.mark.parametrize(("text", "decoded"), [
    # java.net.URLDecoder.decode, which Trino's url_decode calls (UrlFunctions.urlDecode)
    ("a+b%20c", "a b c"),
    ("%E2%98%83", "\u2603"),
    ("%ff", "\ufffd"),  # malformed UTF-8: String(bytes, UTF_8) replaces it
])
def test_url_decode_reads_as_javas_url_decoder(text: str, decoded: str) -> None:
    from athenakit.local import udfs

    assert udfs.url_decode(text) == decoded


@pytest.mark.parametrize(("text", "message"), [
    ("%", "Incomplete trailing escape (%) pattern"),
    ("ab%4", "Incomplete trailing escape (%) pattern"),
    ("%zz", 'Illegal hex characters in escape (%) pattern - Error at index 0 in: "zz"'),
    ("%-1", "Illegal hex characters in escape (%) pattern - negative value"),
])
def test_url_decode_fails_on_a_bad_escape_as_javas_url_decoder(text: str, message: str) -> None:
    from athenakit.local import udfs

    with pytest.raises(runtime_errors.TrinoFunctionError) as failed:
        udfs.url_decode(text)
    assert str(failed.value) == f"INVALID_FUNCTION_ARGUMENT: URLDecoder: {message}"


def test_a_streamed_result_raises_a_hidden_python_failure_when_read() -> None:
    # url_decode('%') fails with INVALID_FUNCTION_ARGUMENT, which try catches; a failure try
    # does not catch must surface when a streamed result's rows are read, as when it is run
    from athenakit.errors import QueryError
    from athenakit.local.engine import LocalEngine

    with LocalEngine() as engine:
        rows = engine.run("SELECT try(url_decode(x)) FROM (VALUES '%', 'a') t(x)",
                          stream=True)
        assert [r for b in rows.iter_batches() for r in b.to_pylist()] == [
            {"_col0": None}, {"_col0": "a"}]
        engine._con.escaped.append("KeyError: 1")  # as watched() notes a hidden failure
        streamed = engine.run("SELECT try(url_decode(x)) FROM (VALUES 'a') t(x)", stream=True)
        engine._con.escaped.append("KeyError: 1")
        with pytest.raises(QueryError, match="not supported locally"):
            list(streamed.iter_batches())

"""Every function Trino has, called with 0 to 4 arguments of a few kinds: an answer or a query
failure (Trino's, or a refusal), never another exception, and nothing on stderr.

Trino fails a call no signature takes with FUNCTION_NOT_FOUND (FunctionResolver); sqlglot's
parser builds its own nodes for many of these names, some of which took a call with a missing
argument and stopped the engine later (``typeof()``, ``min_by(1)``, ``element_at(1)``), or wrote
a warning of an argument it could not carry over to stderr (``cardinality(ARRAY[1], 2)``).
"""

from __future__ import annotations

import pytest

from athenakit.errors import QueryError
from athenakit.local import functions
from athenakit.local.engine import LocalEngine

_POOLS = (["1", "2", "3", "4"], ["'a'", "'b'", "'c'", "'d'"],
          ["ARRAY[1]", "x -> x", "NULL", "DATE '2020-01-01'"])


def test_every_call_of_every_function_answers_or_fails_as_a_query(
        capsys: pytest.CaptureFixture[str]) -> None:
    stopped = []
    with LocalEngine() as engine:
        for name in sorted(functions.TRINO_FUNCTIONS):
            for pool in _POOLS:
                for count in range(5):
                    sql = f"SELECT {name}({', '.join(pool[:count])})"
                    try:
                        engine.run(sql)
                    except QueryError:
                        pass
                    except Exception as err:  # noqa: BLE001 - the finding itself
                        stopped.append(f"{sql}: {type(err).__name__}: {err}")
    assert stopped == []
    assert capsys.readouterr().err == ""


@pytest.mark.parametrize(("sql", "error"), [
    ("SELECT typeof()", "FUNCTION_NOT_FOUND: line 1:8: Unexpected parameters () for function typeof"),
    ("SELECT min_by(1)", "FUNCTION_NOT_FOUND: line 1:8: Unexpected parameters (integer) for function min_by"),
    ("SELECT reduce_agg(1)", "FUNCTION_NOT_FOUND: line 1:8: Unexpected parameters (integer) for function reduce_agg"),
    ("SELECT element_at(ARRAY[1])", "FUNCTION_NOT_FOUND: line 1:8: Unexpected parameters (array(integer)) for function element_at"),
    ("SELECT least()", "FUNCTION_NOT_FOUND: line 1:8: Unexpected parameters () for function least"),
    ("SELECT json_query('a')", "SYNTAX_ERROR: line 1:22: mismatched input ')'"),
])
def test_a_call_missing_an_argument_fails_as_trino_fails(sql: str, error: str) -> None:
    # https://trino.io/docs/current/functions/list.html: each takes at least one more argument
    # (json_query's path is part of Trino's grammar: a syntax error)
    with LocalEngine() as engine, pytest.raises(QueryError) as failure:
        engine.run(sql)
    assert error in str(failure.value)

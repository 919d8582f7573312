"""Every function DuckDB has and Trino does not is refused before DuckDB runs anything.

The names come from DuckDB itself (``duckdb_functions()``); Trino's are its own index of
functions (trinodb/trino docs/src/main/sphinx/functions/list.md). A call of any other name is
Athena's ``FUNCTION_NOT_FOUND`` (or a syntax error, or "not supported locally") -- never
DuckDB's answer, and never a DuckDB error text.
"""

from __future__ import annotations

import re

import pytest

from athenakit.errors import QueryError, SqlError
from athenakit.local.engine import LocalEngine
from athenakit.local.errors import UnsupportedLocally
from athenakit.local.failures import AthenaFailure
from athenakit.local.functions import TRINO_FUNCTIONS


def _duckdb_only_names() -> list[str]:
    import duckdb

    rows = duckdb.connect().execute(
        "SELECT DISTINCT function_name FROM duckdb_functions() WHERE function_type IN "
        "('scalar', 'aggregate', 'table', 'macro', 'table_macro')").fetchall()
    return sorted(n for (n,) in rows
                  if re.fullmatch(r"[a-z_][a-z0-9_]*", n) and n not in TRINO_FUNCTIONS)


def _refused(engine: LocalEngine, sql: str) -> bool:
    try:
        engine.run(sql)
    except (UnsupportedLocally, SqlError):
        return True
    except AthenaFailure as failure:
        return failure.name in ("FUNCTION_NOT_FOUND", "SYNTAX_ERROR")
    except QueryError:
        return False
    return False


@pytest.mark.slow
def test_no_duckdb_only_function_runs() -> None:
    names = _duckdb_only_names()
    assert len(names) > 500  # DuckDB's catalogue, not an empty list
    with LocalEngine() as engine:
        leaks = [sql for name in names
                 for sql in (f"SELECT {name}()", f"SELECT {name}(1)", f"SELECT * FROM {name}()")
                 if not _refused(engine, sql)]
    assert leaks == []

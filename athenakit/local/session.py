"""One DuckDB connection with the compatibility macros installed."""

from __future__ import annotations

import re
from typing import Any

from athenakit.errors import QueryError
from athenakit.local import compat, runtime_errors
from athenakit.local.errors import UnsupportedLocally

_MISSING_FUNCTION = re.compile(r"(Scalar|Aggregate|Table) Function with name (\w+) does not exist")


def connect(database: str = ":memory:") -> Any:
    """Open a DuckDB connection ready for translated Athena SQL.

    Args:
        database: DuckDB database path, in memory by default.

    Returns:
        A ``duckdb.DuckDBPyConnection`` with the ``ak_*`` macros and Trino settings.
    """
    import duckdb

    con = duckdb.connect(database)
    compat.install(con)
    return con


def run(con: Any, sql: str, *, query_id: str) -> Any:
    """Execute DuckDB SQL, turning DuckDB's errors into athenakit errors.

    Args:
        con: a connection from :func:`connect`.
        sql: DuckDB SQL.
        query_id: the local query id, carried by errors.

    Returns:
        The connection's cursor after execution.

    Raises:
        UnsupportedLocally: DuckDB lacks a function the query uses.
        QueryError: any other failure, with DuckDB's message as the reason.
    """
    import duckdb

    try:
        return con.execute(sql)
    except RuntimeError as err:
        if "interrupted" not in str(err).lower():
            raise
        # Ctrl-C reaching DuckDB directly surfaces as RuntimeError("Query interrupted"):
        # give it back to the caller as the interrupt it is
        raise KeyboardInterrupt from err
    except duckdb.Error as err:
        message = str(err).splitlines()[0]
        missing = _MISSING_FUNCTION.search(message)
        if missing:
            raise UnsupportedLocally(f"function {missing.group(2).lower()}") from err
        refused = runtime_errors.refusal(message)
        if refused is not None:
            raise UnsupportedLocally(refused) from err
        trino = runtime_errors.trino_reason(message)
        if trino is not None:  # Athena's shape: "NAME: message" as reason, a user error (2)
            raise QueryError("query failed", query_id=query_id, state="FAILED",
                             reason=trino, category=2) from err
        raise QueryError("local query failed", query_id=query_id, state="FAILED",
                         reason=message) from err

"""One DuckDB connection with the compatibility macros and Trino's settings.

The settings are made when the connection opens; the ``ak_*`` macros of :mod:`compat` are
created the first time a statement needs one (DuckDB says the function does not exist; the
macros are created and the statement runs again), so that a query without them, such as
``SELECT 1``, does not wait for three dozen ``CREATE MACRO`` statements.
"""

from __future__ import annotations

import re
from typing import Any

from athenakit.errors import QueryError
from athenakit.local import compat, geo, runtime_errors
from athenakit.local.errors import DuckDBFailure, UnsupportedLocally

_MISSING_FUNCTION = re.compile(r"(Scalar|Aggregate|Table) Function with name (\w+) does not exist")


_MACRO = re.compile(r"^\s*CREATE\s+(OR\s+REPLACE\s+)?(TEMP\s+)?MACRO\b", re.IGNORECASE)
_MISSING_MACRO = re.compile(r"Function with name ak_\w+ does not exist")


class Connection:
    """A ``duckdb.DuckDBPyConnection`` whose ``ak_*`` macros are created on first use; every
    other attribute is the connection's own."""

    def __init__(self, con: Any) -> None:
        self._con = con
        self._pending: list[str] | None = []

    def _setup(self, sql: str) -> Any:
        """What :func:`compat.install` runs: macros are kept for later, settings made now."""
        if self._pending is not None and _MACRO.match(sql):
            self._pending.append(sql)
            return self._con
        return self._con.execute(sql)

    def execute(self, sql: str, *args: Any, **kwargs: Any) -> Any:
        import duckdb

        try:
            return self._con.execute(sql, *args, **kwargs)
        except duckdb.Error as err:
            if not self._pending or not _MISSING_MACRO.search(str(err)):
                raise
        self.install_macros()
        return self._con.execute(sql, *args, **kwargs)

    def install_macros(self) -> None:
        """Create the deferred macros now (a macro that uses another waits for it)."""
        import duckdb

        pending, self._pending = self._pending or [], None
        while pending:
            failed = []
            for sql in pending:
                try:
                    self._con.execute(sql)
                except duckdb.CatalogException:
                    failed.append(sql)
            if len(failed) == len(pending):
                raise RuntimeError(f"macros that cannot be created: {failed[:3]}")
            pending = failed

    def __getattr__(self, name: str) -> Any:
        return getattr(self._con, name)


class _Setup:
    """What :func:`compat.install` sees: macros deferred, Python functions created now."""

    def __init__(self, con: Connection) -> None:
        self.execute = con._setup
        self.create_function = con._con.create_function


def connect(database: str = ":memory:") -> Any:
    """Open a DuckDB connection ready for translated Athena SQL.

    Args:
        database: DuckDB database path, in memory by default.

    Returns:
        A :class:`Connection` with Trino's settings; the ``ak_*`` macros follow on first use.
    """
    import duckdb

    con = Connection(duckdb.connect(database))
    compat.install(_Setup(con))
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

    if geo.PREFIX in sql.lower():
        geo.install(con)
    try:
        return con.execute(sql)
    except RuntimeError as err:
        if "interrupted" not in str(err).lower():
            raise
        # Ctrl-C reaching DuckDB directly surfaces as RuntimeError("Query interrupted"):
        # give it back to the caller as the interrupt it is
        raise KeyboardInterrupt from err
    except duckdb.Error as err:
        lines = [line for line in str(err).splitlines() if line.strip()] or [str(err)]
        message = lines[0]
        if message.rstrip().endswith(":") and len(lines) > 1:  # e.g. a Python UDF's exception
            message = f"{message} {lines[1].strip()}"
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
        raise DuckDBFailure(message, query_id=query_id) from err

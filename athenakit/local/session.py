"""One DuckDB connection with the compatibility functions and Trino's settings.

The settings are made when the connection opens. The ``ak_*`` macros of :mod:`compat` and
the Python functions of :mod:`udfs` are created one by one, when a statement calls them: before
each statement runs, its text is scanned for ``ak_`` names and those (with the ones their
bodies call) are created. A query that calls none, such as ``SELECT 1``, creates none and does
not load numpy, which DuckDB needs to register a Python function. A name the scan cannot see
is created when DuckDB says it does not exist, and the statement runs again.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from athenakit.errors import QueryError
from athenakit.local import compat
from athenakit.local.errors import DuckDBFailure, UnsupportedLocally

# (sqlglot, through geo, and the error tables are imported when used: importing this module
# is the first step of ``run --local``, and DuckDB starts opening only after it)

_MISSING_FUNCTION = re.compile(r"(Scalar|Aggregate|Table) Function with name (\w+) does not exist")
_MISSING_AK = re.compile(r"Function with name (ak_\w+) does not exist", re.IGNORECASE)
_AK_NAME = re.compile(r"\bak_\w+", re.IGNORECASE)
_STRING = re.compile(r"'(?:[^']|'')*'")
_TRY = re.compile(r"\bTRY\(", re.IGNORECASE)


class _Opening:
    """``duckdb.connect`` and Trino's settings, in a thread of their own.

    Opening a DuckDB database takes tens of milliseconds without holding the GIL, time in which
    the caller parses and translates its first statement.
    """

    def __init__(self, database: str) -> None:
        self.database = database
        self._con: Any = None
        self._error: Exception | None = None
        self._thread = threading.Thread(target=self._open, args=(database,),
                                        name="athenakit-duckdb-open")
        self._thread.start()

    def _open(self, database: str) -> None:
        import duckdb

        try:
            con = duckdb.connect(database)
            for setting in compat.SETTINGS:
                con.execute(setting)
            self._con = con
        except Exception as err:  # noqa: BLE001 - re-raised in the thread that waits
            self._error = err

    def result(self) -> Any:
        """The open connection, once it is; what opening it raised, raised here."""
        self._thread.join()
        if self._error is not None:
            raise self._error
        return self._con


class Connection:
    """A ``duckdb.DuckDBPyConnection`` that creates the ``ak_*`` functions a statement calls
    before running it; every other attribute is the connection's own."""

    def __init__(self, opening: _Opening) -> None:
        self._opening = opening
        self._open: Any = None
        self._created: set[str] = set()
        # failures of Python functions that Trino's try does not catch (DuckDB's TRY did)
        self.escaped: list[str] = []

    @property
    def _con(self) -> Any:
        if self._open is None:
            self._open = self._opening.result()
        return self._open

    def execute(self, sql: str, *args: Any, **kwargs: Any) -> Any:
        return self._with_functions(self._con.execute, sql, *args, **kwargs)

    def sql(self, sql: str) -> Any:
        """``sql`` as a DuckDB relation (bound, not run: it runs as it is read)."""
        return self._with_functions(self._con.sql, sql)

    def _with_functions(self, call: Any, sql: str, *args: Any, **kwargs: Any) -> Any:
        import duckdb

        self.create_functions(_AK_NAME.findall(_STRING.sub("''", sql)))
        tried: set[str] = set()
        while True:
            self.escaped.clear()
            try:
                done = call(sql, *args, **kwargs)
            except duckdb.Error as err:
                missing = _MISSING_AK.search(str(err))
                name = missing.group(1).lower() if missing else ""
                if not name or name in tried or not self.create_functions([name]):
                    raise  # (a function created once and still missing: no second try)
                tried.add(name)
            else:
                if _TRY.search(sql):  # (DuckDB folds constants through Python functions,
                    self.raise_escaped()  # noting failures of branches never taken)
                return done

    def raise_escaped(self) -> None:
        """Raise, as DuckDB would have outside ``TRY``, the first failure of a Python function
        that DuckDB's ``TRY`` turned into NULL although Trino's ``try`` does not catch it.

        Raises:
            duckdb.InvalidInputException: such a failure happened.
        """
        import duckdb

        if self.escaped:
            first = self.escaped[0]
            self.escaped.clear()
            raise duckdb.InvalidInputException(
                f"Python exception occurred while executing the UDF: {first}")

    def create_functions(self, names: list[str]) -> bool:
        """Create the named ``ak_*`` macros and Python functions not created yet, and those
        they call.

        Args:
            names: function names as written in SQL (any case); unknown names are skipped.

        Returns:
            Whether anything was created.
        """
        wanted = {n.lower() for n in names} - self._created
        if not wanted:
            return False
        macros, functions = _closure(wanted)
        fresh = (macros | functions) - self._created
        for name in sorted(functions - self._created):
            from athenakit.local import udfs

            udfs.register(self._con, name, self.escaped)
        self._create_macros(macros - self._created)
        self._created |= fresh
        return bool(fresh)

    def _create_macros(self, names: set[str]) -> None:
        """``CREATE TEMP MACRO`` for each name, a macro that calls another after it."""
        import duckdb

        pending = sorted(names)
        while pending:
            failed = []
            for name in pending:
                try:
                    self._con.execute(f"CREATE OR REPLACE TEMP MACRO {name}"
                                      f"{compat.definitions()[name]}")
                except duckdb.CatalogException:
                    failed.append(name)
            if len(failed) == len(pending):
                raise RuntimeError(f"macros that cannot be created: {failed[:3]}")
            pending = failed

    def __getattr__(self, name: str) -> Any:
        return getattr(self._con, name)


def _closure(names: set[str]) -> tuple[set[str], set[str]]:
    """(macros, Python functions) among ``names`` and every ``ak_*`` name their bodies call."""
    from athenakit.local import udfs

    macros, functions, todo = set(), set(), set(names)
    while todo:
        name = todo.pop()
        if name in udfs.functions():
            functions.add(name)
        elif name in compat.definitions() and name not in macros:
            macros.add(name)
            called = {n.lower() for n in _AK_NAME.findall(compat.definitions()[name])}
            todo |= called - macros - functions
    return macros, functions


_EARLY: list[_Opening] = []


def open_early(database: str = ":memory:") -> None:
    """Start opening the connection that the next :func:`connect` of ``database`` returns, so
    that opening it overlaps the imports that come before (``athenakit run --local``).

    Args:
        database: DuckDB database path, in memory by default.
    """
    import duckdb  # here: an import in the opening thread would wait for this thread's imports

    del duckdb
    if not _EARLY:
        _EARLY.append(_Opening(database))


def _take_early(database: str) -> _Opening | None:
    try:
        early = _EARLY.pop()
    except IndexError:
        return None
    return early if early.database == database else None


def connect(database: str = ":memory:") -> Any:
    """Open a DuckDB connection ready for translated Athena SQL.

    Args:
        database: DuckDB database path, in memory by default.

    Returns:
        A :class:`Connection` with Trino's settings, opened in the background (its first use
        waits for it); the ``ak_*`` functions follow as statements call them.
    """
    import duckdb  # here: an import in the opening thread would wait for this thread's imports

    del duckdb
    return Connection(_take_early(database) or _Opening(database))


def run(con: Any, sql: str, *, query_id: str, stream: bool = False) -> Any:
    """Execute DuckDB SQL, turning DuckDB's errors into athenakit errors.

    Args:
        con: a connection from :func:`connect`.
        sql: DuckDB SQL.
        query_id: the local query id, carried by errors.
        stream: return a relation, which runs the query as its rows are read, instead.

    Returns:
        The connection's cursor after execution (a relation with ``stream``).

    Raises:
        UnsupportedLocally: DuckDB lacks a function the query uses.
        QueryError: any other failure, with DuckDB's message as the reason.
    """
    from athenakit.local import geo

    if geo.PREFIX in sql.lower():
        geo.install(con, con.escaped)
    with errors(query_id):
        return con.sql(sql) if stream else con.execute(sql)


@contextmanager
def errors(query_id: str, *, arrow: bool = False) -> Iterator[None]:
    """DuckDB's errors in the block as athenakit's, as :func:`run` raises them (DuckDB
    computes a result as it is read: reading one fails as running it does).

    Args:
        query_id: the local query id, carried by errors.
        arrow: the block reads an Arrow stream from DuckDB, which reports DuckDB's errors as
            ``OSError`` with DuckDB's message.

    Raises:
        UnsupportedLocally: DuckDB lacks a function the query uses.
        QueryError: any other failure, with DuckDB's message as the reason.
    """
    import duckdb

    try:
        yield
    except RuntimeError as err:
        if "interrupted" not in str(err).lower():
            raise
        # Ctrl-C reaching DuckDB directly surfaces as RuntimeError("Query interrupted"):
        # give it back to the caller as the interrupt it is
        raise KeyboardInterrupt from err
    except duckdb.Error as err:
        raise _failure(err, query_id) from err
    except OSError as err:
        if not arrow:
            raise
        raise _failure(err, query_id) from err


def _failure(err: Exception, query_id: str) -> QueryError:
    from athenakit.local import runtime_errors

    lines = [line for line in str(err).splitlines() if line.strip()] or [str(err)]
    message = lines[0]
    if message.rstrip().endswith(":") and len(lines) > 1:  # e.g. a Python UDF's exception
        message = f"{message} {lines[1].strip()}"
    elif runtime_errors.raised(message):  # error()'s message whole: Trino's may hold lines
        message = str(err)
    missing = _MISSING_FUNCTION.search(message)
    if missing:
        return UnsupportedLocally(f"function {missing.group(2).lower()}")
    refused = runtime_errors.refusal(message)
    if refused is not None:
        return UnsupportedLocally(refused)
    trino = runtime_errors.trino_reason(message)
    if trino is not None:  # Athena's shape: "NAME: message" as reason, a user error (2)
        return QueryError("query failed", query_id=query_id, state="FAILED", reason=trino,
                          category=2)
    return DuckDBFailure(message, query_id=query_id)

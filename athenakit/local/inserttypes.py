"""The types an INSERT INTO writes: the table's, as Athena writes them.

Trino accepts an INSERT whose query column types are compatible with the table's -- they have
a common super type (``StatementAnalyzer.typesMatchForInsert`` with ``TypeCoercion
.isCompatible``: numbers with numbers, text with text, ``date`` with ``timestamp``) -- and
writes each value cast to the table's type ("a guarded cast" in ``LogicalPlanner``); other
types fail with ``TYPE_MISMATCH: line 1:1: Insert query has mismatched column types: Table:
[integer], Query: [varchar]``. The local engine wrote the query's own types into the table's
files (a ``double`` into an ``integer`` column).

Here a widening is cast; a narrowing (``bigint`` into ``integer``, a ``double`` into an integer
type, a smaller decimal) is cast where the value comes through as Trino's cast makes it -- an
integer in range, a double rounded half away from zero, a decimal unrounded -- and refused
otherwise (Trino's failure for such a value is not reproduced). Text into a ``varchar(n)`` /
``char(n)`` column follows ``LogicalPlanner.noTruncationCast``: a value longer than n before
its trailing spaces fails with Trino's ``GENERIC_USER_ERROR`` naming the query's type as Trino
types it (:mod:`athenakit.local.varchar_columns`; refused where that type is not known here).
Nested types are written only when their types are the table's.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from athenakit.local.errors import REFUSED, UnsupportedLocally
from athenakit.local.failures import athena_error

if TYPE_CHECKING:
    from athenakit.table.model import Table

_INTEGERS = ("tinyint", "smallint", "integer", "bigint")
_NUMBERS = ("integer", "decimal", "real", "double")
_DECIMAL = re.compile(r"decimal\((\d+),\s*(\d+)\)")
_SIZED = re.compile(r"(?:varchar|char)\((\d+)\)")


def _family(kind: str) -> str:
    base = re.sub(r"\(.*$", "", kind)
    if base in _INTEGERS:
        return "integer"
    return "varchar" if base == "char" else base


def _compatible(query: str, table: str) -> bool:
    """Trino's ``TypeCoercion.isCompatible``: the two types have a common super type."""
    if query == table or query == "unknown":
        return True
    q, t = _family(query), _family(table)
    if q in _NUMBERS and t in _NUMBERS or q == t:  # nested types: written when equal only
        return True
    return {q, t} == {"date", "timestamp"}


def normalized(types: list[str]) -> list[str]:
    """Types as Trino spells them in messages (``decimal(10,2)``, no space)."""
    return [_DECIMAL.sub(r"decimal(\1,\2)", t) for t in types]


MISMATCH_REFUSAL = ("an INSERT whose query column types, read as the query runs, do not match "
                    "the table's")


def message_types(kinds: list[tuple[str, str]], texts: Any) -> list[tuple[str, bool]]:
    """The query's column types as Trino's message spells them, each with whether it is
    exactly Trino's: a text column as :mod:`athenakit.local.varchar_columns` types it
    (``'a'`` is a ``varchar(1)``), else DuckDB's type read back, which for text and
    date-times may not be Trino's (``varchar`` for some ``varchar(n)``)."""
    found: list[tuple[str, bool]] = []
    for index, (name, kind) in enumerate(kinds):
        if kind == "varchar" and texts is not None:
            try:
                found.append((texts(index, name, kind), True))
                continue
            except UnsupportedLocally:
                pass
        found.append((kind, not any(word in kind for word in ("char", "time"))))
    return found


def check(table_types: list[str], query_types: list[str], exact: list[bool] | None = None
          ) -> None:
    """Trino's check of an INSERT's column types (``StatementAnalyzer.typesMatchForInsert``):
    the types of the columns written, in the order they are listed, and the query's.

    Args:
        table_types: the table's types of the columns written.
        query_types: the query's column types (:func:`message_types`).
        exact: whether each query type is Trino's own spelling; where one is not, a mismatch
            is refused by name (Trino's message would spell it otherwise).

    Raises:
        QueryError: a different number of columns, or types without a common super type
            (``TYPE_MISMATCH``).
        UnsupportedLocally: such a mismatch where a query type is not spelled exactly here.
    """
    table_types, query_types = normalized(table_types), normalized(query_types)
    if len(table_types) == len(query_types) and all(
            _compatible(q, t) for q, t in zip(query_types, table_types)):
        return
    text = (f"Insert query has mismatched column types: Table: [{', '.join(table_types)}], "
            f"Query: [{', '.join(query_types)}]")
    if exact is not None and not all(exact):
        raise UnsupportedLocally(MISMATCH_REFUSAL, hint=f"Athena fails with TYPE_MISMATCH: {text}")
    raise athena_error("TYPE_MISMATCH", text, offset=0)


def cast_sql(source: str, query: str, table: str, duck: str, *, exact: bool = True) -> str:
    """DuckDB SQL writing ``source`` (of Trino type ``query``) in the table's type ``table``
    (DuckDB spelling ``duck``); a value the layer cannot bring through as Trino would is
    refused while it runs.

    Args:
        source: the DuckDB expression of the value.
        query: the query column's Trino type.
        table: the table column's Trino type.
        duck: the table column's DuckDB type.
        exact: False when ``query`` is a text type whose length is not known here (a value
            too long for a ``varchar(n)`` column is then refused, Trino's message naming the
            query's type).
    """
    query = _DECIMAL.sub(r"decimal(\1,\2)", query)
    if query in (table, "unknown") or _widens(query, table):
        return f"CAST({source} AS {duck})"
    refusal = (f"error('{REFUSED}INSERT into the {table} column of {query} values that "
               "the cast changes')")
    if _family(table) == "varchar":
        return _no_truncation(source, query, table, duck, refusal if not exact else None)
    if _family(table) == "integer" and _family(query) in ("real", "double"):
        value = f"TRY_CAST(round({source}) AS {duck})"  # half away from zero, as Trino
        return (f"CASE WHEN {source} IS NOT NULL AND (isnan({source}) OR {value} IS NULL) "
                f"THEN {refusal} ELSE {value} END")
    if _family(table) in ("integer", "decimal"):
        value = f"TRY_CAST({source} AS {duck})"
        return (f"CASE WHEN {source} IS NOT NULL AND ({value} IS NULL OR {value} <> {source}) "
                f"THEN {refusal} ELSE {value} END")
    return f"CAST({refusal} AS {duck})" if _family(query) in ("array", "map", "row") \
        else f"CAST({source} AS {duck})"


def _no_truncation(source: str, query: str, table: str, duck: str, refusal: str | None) -> str:
    """Trino's INSERT into a ``varchar(n)`` / ``char(n)`` column (``LogicalPlanner
    .noTruncationCast``): a value whose length without trailing spaces
    (``$space_trimmed_length``) exceeds n fails with ``GENERIC_USER_ERROR`` (``fail(varchar)``
    of ``FailureFunction``) "Cannot truncate non-space characters when casting from
    varchar(4) to varchar(3) on INSERT"; else it is cast: cut to n characters for a
    ``varchar(n)`` (a ``char(x)`` value padded to x first: ``CharOperators.charToVarcharCast``,
    as Athena's engine casts), without trailing spaces for a ``char(n)`` (``varcharToCharCast``:
    ``truncateToLengthAndTrimSpaces``; how each format stores it:
    :func:`athenakit.local.encoders.char_values`)."""
    found = _SIZED.fullmatch(table)
    if found is None:  # an unbounded varchar takes every value
        return f"CAST({source} AS {duck})"
    size = int(found.group(1))
    fail = refusal or (f"error('GENERIC_USER_ERROR: Cannot truncate non-space characters when "
                       f"casting from {query} to {table} on INSERT')")
    text = f"CAST({source} AS VARCHAR)"
    value = f"substring({text}, 1, {size})"
    if table.startswith("char"):
        value = f"rtrim({value}, ' ')"
    return (f"CASE WHEN coalesce(length(rtrim({text}, ' ')), 0) <= {size} THEN {value} "
            f"ELSE {fail} END")


def _widens(query: str, table: str) -> bool:
    """Trino's coercion (``TypeCoercion.canCoerce``): every value comes through unchanged."""
    q, t = _family(query), _family(table)
    if t in ("real", "double") and q in ("integer", "decimal", "real"):
        return not (t == "real" and q == "real")
    if q == t == "integer":
        return _INTEGERS.index(query) <= _INTEGERS.index(table)
    if q in ("integer", "decimal") and t == "decimal":
        digits = {"tinyint": 3, "smallint": 5, "integer": 10, "bigint": 19}
        p, s = (digits[query], 0) if q == "integer" else _shape(query)
        tp, ts = _shape(table)
        return tp - ts >= p - s and ts >= s
    if q == "varchar" and t == "varchar":
        found = _SIZED.fullmatch(table)
        return found is None or (_SIZED.fullmatch(query) is not None and int(
            _SIZED.fullmatch(query).group(1)) <= int(found.group(1)))  # type: ignore[union-attr]
    return q == "date" and t == "timestamp" or q == t == "timestamp"


def _shape(kind: str) -> tuple[int, int]:
    found = _DECIMAL.fullmatch(kind)
    return (int(found.group(1)), int(found.group(2))) if found else (38, 0)


def failure_of(err: Exception) -> Exception | None:
    """The refusal or Trino failure a failed cast raised, if it is one."""
    text = str(err)
    if REFUSED in text:
        return UnsupportedLocally(text.split(REFUSED, 1)[1].splitlines()[0])
    marker = "GENERIC_USER_ERROR: "
    if marker in text:
        return athena_error("GENERIC_USER_ERROR", text.split(marker, 1)[1].splitlines()[0])
    return None


# a query column whose text type is not known here: (Trino type, exact)
QueryType = tuple[str, bool]


def query_types(table: Table, targets: list[str], kinds: list[tuple[str, str]],
                texts: Any) -> dict[str, QueryType]:
    """Trino's type of each query column, by the table column it goes to.

    Args:
        table: the INSERT's table.
        targets: the lower-case table column each query column goes to, in order.
        kinds: (name, type) of the query's columns as DuckDB types them.
        texts: :func:`athenakit.local.varchar_columns.finder` of the query, or None.

    Returns:
        Table column name -> (query type, whether it is exactly Trino's). Text going into a
        ``varchar(n)`` / ``char(n)`` column is typed as Trino types it (``'abcd'`` is a
        ``varchar(4)``) where that is known here; not exactly otherwise.
    """
    declared = {c.name.lower(): c.type.dml.lower() for c in (*table.columns, *table.partitions)}
    found: dict[str, QueryType] = {}
    for index, ((name, kind), target) in enumerate(zip(kinds, targets)):
        exact = True
        if texts is not None and kind == "varchar" and _SIZED.fullmatch(declared.get(target, "")):
            try:
                kind = texts(index, name, kind)
            except UnsupportedLocally:
                exact = False
        found[target] = (kind, exact)
    return found


def in_table_types(data: Any, table: Table, typed: dict[str, QueryType],
                   spelled: dict[str, tuple[str, bool]] | None = None) -> Any:
    """The rows cast to the table's column types, after Trino's check of the query's types:
    the files hold the table's types.

    Args:
        data: the rows (a pyarrow Table), named and ordered as the table's columns.
        table: the INSERT's table.
        typed: :func:`query_types`; a column missing there is a NULL.
        spelled: :func:`message_types` by table column, for the check's message.

    Raises:
        QueryError: a query type Trino does not insert into its column (``TYPE_MISMATCH``),
            a text too long for its ``varchar(n)`` column (``GENERIC_USER_ERROR``).
        UnsupportedLocally: a value the cast would change otherwise than Trino's.
    """
    import duckdb
    import pyarrow as pa

    from athenakit.local.readers import duck_type

    columns = (*table.columns, *table.partitions)
    kinds = [("unknown", True) if pa.types.is_null(f.type) else typed.get(c.name.lower(),
             ("unknown", True)) for f, c in zip(data.schema, columns)]
    written = {c.name.lower(): c.type.dml.lower() for c in columns}
    shown = spelled if spelled is not None else typed
    check([written[name] for name in typed], [shown[name][0] for name in typed],
          [shown[name][1] for name in typed] if spelled is not None else None)
    table_types = normalized([c.type.dml.lower() for c in columns])
    items = ", ".join(
        cast_sql(f'"{c.name.lower()}"', q, t, duck_type(c), exact=exact)
        + f' AS "{c.name.lower()}"'
        for c, (q, exact), t in zip(columns, kinds, table_types))
    con = duckdb.connect()
    con.register("__ak_insert", data)
    try:
        return con.sql(f"SELECT {items} FROM __ak_insert").to_arrow_table()
    except duckdb.Error as err:
        failure = failure_of(err)
        if failure is None:
            raise
        raise failure from err

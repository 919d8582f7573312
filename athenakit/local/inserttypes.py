"""The types an INSERT INTO writes: the table's, as Athena writes them.

Trino accepts an INSERT whose query column types are compatible with the table's -- they have
a common super type (``StatementAnalyzer.typesMatchForInsert`` with ``TypeCoercion
.isCompatible``: numbers with numbers, text with text, ``date`` with ``timestamp``) -- and
writes each value cast to the table's type ("a guarded cast" in ``LogicalPlanner``); other
types fail with ``TYPE_MISMATCH: line 1:1: Insert query has mismatched column types: Table:
[integer], Query: [varchar]``. The local engine wrote the query's own types into the table's
files (a ``double`` into an ``integer`` column).

Here a widening is cast; a narrowing (``bigint`` into ``integer``, a ``double`` into an integer
type, a smaller decimal, text into ``varchar(n)``) is cast where the value comes through as
Trino's cast makes it -- an integer in range, a double rounded half away from zero, a decimal
unrounded, text that fits -- and refused otherwise (Trino's failure for such a value is not
reproduced). Nested types are written only when their types are the table's.
"""

from __future__ import annotations

import re

from athenakit.local.errors import UnsupportedLocally
from athenakit.local.failures import athena_error

_INTEGERS = ("tinyint", "smallint", "integer", "bigint")
_NUMBERS = ("integer", "decimal", "real", "double")
_DECIMAL = re.compile(r"decimal\((\d+),\s*(\d+)\)")
_SIZED = re.compile(r"(?:varchar|char)\((\d+)\)")
REFUSED = "NOT_SUPPORTED_LOCALLY: "


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


def check(table_types: list[str], query_types: list[str]) -> list[str]:
    """Trino's check of an INSERT's column types; the normalized table types.

    Raises:
        QueryError: types without a common super type (``TYPE_MISMATCH``).
    """
    table_types, query_types = ([_DECIMAL.sub(r"decimal(\1,\2)", t) for t in types]
                                for types in (table_types, query_types))
    if not all(_compatible(q, t) for q, t in zip(query_types, table_types)):
        raise athena_error("TYPE_MISMATCH", "line 1:1: Insert query has mismatched column "
                           f"types: Table: [{', '.join(table_types)}], Query: "
                           f"[{', '.join(query_types)}]")
    return table_types


def cast_sql(source: str, query: str, table: str, duck: str) -> str:
    """DuckDB SQL writing ``source`` (of Trino type ``query``) in the table's type ``table``
    (DuckDB spelling ``duck``); a value the layer cannot bring through as Trino would is
    refused while it runs."""
    query = _DECIMAL.sub(r"decimal(\1,\2)", query)
    if query in (table, "unknown") or _widens(query, table):
        return f"CAST({source} AS {duck})"
    refusal = (f"error('{REFUSED}INSERT into the {table} column of {query} values that "
               "the cast changes')")
    if _family(table) == "varchar":
        found = _SIZED.fullmatch(table)
        if found is None:
            return f"CAST({source} AS {duck})"
        size = int(found.group(1))
        return (f"CASE WHEN length(rtrim({source})) > {size} THEN {refusal} "
                f"ELSE substring({source}, 1, {size}) END")
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


def refusal_of(err: Exception) -> UnsupportedLocally | None:
    """The refusal a failed cast raised, if it is one."""
    text = str(err)
    if REFUSED not in text:
        return None
    return UnsupportedLocally(text.split(REFUSED, 1)[1].splitlines()[0])

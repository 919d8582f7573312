"""Which types a Parquet or ORC file column may have for a declared column, as Athena reads them.

Athena reads a Parquet or ORC column into the table's declared type only where its reader has
a decoder for the pair (Trino's ``ColumnReaderFactory`` for Parquet: an ``INT32`` / ``INT64``
column into any integer type, ``FLOAT`` into ``real`` or ``double``, ``BINARY`` into
``varchar`` / ``char`` / ``varbinary``, a decimal into a decimal); anything else fails the query
(``Unsupported Trino column type (integer) for Parquet column ...``), where DuckDB answered the
file's own values. Here a pair Athena reads is cast exactly to the declared type; a value that
does not fit it (a ``bigint`` read as ``integer``, a decimal rescaled), and a pair Athena does
not read, are refused when a query reads the column -- a column a query leaves alone is not
read, in Athena as here.
https://docs.aws.amazon.com/athena/latest/ug/handling-schema-updates-chapter.html
"""

from __future__ import annotations

import re

from athenakit.sql.quoting import Engine, quote_literal

_INTEGERS = ("TINYINT", "SMALLINT", "INTEGER", "BIGINT")
# declared type (DuckDB's spelling) -> file types (DuckDB's names for the Parquet / ORC types)
# read into it; the integers and decimals are checked below
_READS = {
    "BOOLEAN": {"BOOLEAN"},
    "FLOAT": {"FLOAT"},
    "DOUBLE": {"DOUBLE", "FLOAT"},
    "DATE": {"DATE"},
    "VARCHAR": {"VARCHAR", "BLOB"},
    "BLOB": {"BLOB", "VARCHAR"},
}
_DECIMAL = re.compile(r"DECIMAL\((\d+),\s*(\d+)\)")


def read_expr(source: str, file_type: str, declared: str, what: str) -> str:
    """The DuckDB SQL reading file column ``source`` (of DuckDB type ``file_type``) as the
    declared type (DuckDB's spelling ``declared``).

    Args:
        source: the column's SQL in the scan.
        file_type: DuckDB's name of its type in the file.
        declared: the declared type, in DuckDB's spelling (``INTEGER``, ``DECIMAL(10,2)``).
        what: the column and format, for the refusal (``Parquet column x``).

    Returns:
        ``source`` itself, an exact cast, or an expression that refuses when it is read.
    """
    file_type, declared = _name(file_type), _name(declared)
    if declared == "TIMESTAMP":
        return _timestamp(source, file_type, what)
    if file_type == declared or not _checked(declared):
        return source
    if declared in _INTEGERS and (file_type in _INTEGERS or _zero_scale(file_type)):
        return _fitting(source, declared, what, file_type)
    if declared.startswith("DECIMAL") and (file_type.startswith("DECIMAL") or file_type in (
            "TINYINT", "SMALLINT", "INTEGER")):
        return _fitting(source, declared, what, file_type)
    if file_type in _READS.get(_base(declared), set()):
        if file_type == "BLOB" and _base(declared) == "VARCHAR":
            return f"decode({source})"  # the bytes as UTF-8 text (a cast would escape them)
        if file_type == "VARCHAR" and declared == "BLOB":
            return f"encode({source})"
        return f"CAST({source} AS {declared})"
    return _refusal(what, file_type, declared, "Athena fails: it has no reader for the pair")


# sqlglot's DuckDB spellings of the declared types -> DuckDB's names (DESCRIBE's)
_ALIASES = {"INT": "INTEGER", "REAL": "FLOAT", "TEXT": "VARCHAR", "STRING": "VARCHAR"}


def _name(kind: str) -> str:
    kind = kind.upper().replace(" ", "")
    base, _, rest = kind.partition("(")
    base = _ALIASES.get(base, base)
    return f"{base}({rest}" if rest and base == "DECIMAL" else base


def _timestamp(source: str, file_type: str, what: str) -> str:
    """A timestamp column read as Athena's ``timestamp(3)``: micro- and nanoseconds rounded half
    up to the millisecond (TransformingValueDecoders' "round to lower precision"; DuckDB kept
    them, and cut them when printing), a UTC-adjusted one read as its UTC wall clock."""
    if file_type in ("TIMESTAMP_MS", "TIMESTAMP_S"):
        return f"CAST({source} AS TIMESTAMP)"
    units = {"TIMESTAMP": ("epoch_us", 1000), "TIMESTAMPWITHTIMEZONE": ("epoch_us", 1000),
             "TIMESTAMP_NS": ("epoch_ns", 1_000_000)}.get(file_type)
    if units is None:
        return _refusal(what, file_type, "TIMESTAMP", "Athena fails: it has no reader for the pair")
    epoch, per_milli = units
    shifted = f"({epoch}({source}) + {per_milli // 2})"
    # floor division of integers (the session divides integers truncating toward zero)
    millis = (f"(({shifted} - ((({shifted} % {per_milli}) + {per_milli}) % {per_milli})) "
              f"// {per_milli})")
    return f"make_timestamp({millis} * 1000)"


def _checked(declared: str) -> bool:
    """Only scalar types are checked; arrays, maps, rows and timestamps keep their readers."""
    return declared in _INTEGERS or declared.startswith("DECIMAL") or _base(declared) in _READS


def _base(declared: str) -> str:
    return re.sub(r"\(.*\)$", "", declared)


def _zero_scale(file_type: str) -> bool:
    found = _DECIMAL.fullmatch(file_type)
    return found is not None and found.group(2) == "0"


def _fitting(source: str, declared: str, what: str, file_type: str) -> str:
    """The cast of a number that Athena reads into ``declared``; a value it would change
    (past the type's range, or rounded to a smaller scale) is refused."""
    cast = f"TRY_CAST({source} AS {declared})"
    changed = f"({source} IS NOT NULL AND ({cast} IS NULL OR {cast} <> {source}))"
    refusal = _refusal(what, file_type, declared, "a value it does not hold unchanged")
    return f"CASE WHEN {changed} THEN {refusal} ELSE {cast} END"


def _refusal(what: str, file_type: str, declared: str, why: str) -> str:
    message = (f"NOT_SUPPORTED_LOCALLY: reading {what} ({file_type.lower()} in the file) as "
               f"{declared.lower()}: {why}")
    return f"CAST(error({quote_literal(message, Engine.TRINO)}) AS {declared})"

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

Arrays, maps and structs are read into their declared types too, element by element and field
by field (Trino reads each leaf with the same readers): a struct's fields by name, whatever
their order in the file, case-insensitively (Trino's Parquet ``lookupColumnByName``, ORC's
``StructColumnReader``), a declared field the file lacks NULL, a file field not declared left
out. DuckDB had answered the file's own struct (its fields, their order, their names' case).
https://docs.aws.amazon.com/athena/latest/ug/handling-schema-updates-chapter.html
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Sequence
from typing import Any

from athenakit.local.errors import REFUSED
from athenakit.sql.quoting import Engine, quote_identifier, quote_literal
from athenakit.table.types import ColumnType

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


def read_column(parse: Callable[[str], Any], source: str, file_type: str, kind: ColumnType,
                declared: str, what: str, variants: Sequence[str] = ()) -> str:
    """The DuckDB SQL reading a table's column (``source``, of DuckDB type ``file_type`` in
    the scan) as its declared type ``kind`` (DuckDB's spelling ``declared``); ``variants``:
    the types the files hold it in, where they differ (``file_type`` is then their union)."""
    orc = what.startswith("ORC")
    apart = disagreement(parse, [*variants, file_type], declared, orc) if variants else None
    if apart:
        return refused(what, declared, apart)
    if not kind.is_primitive and re.search(r"\b(?:var)?char\(\d", kind.ddl):
        # Trino cuts (or pads) each such value; DuckDB's nested text has no length
        return refused(what, declared, "a varchar(n) or char(n) inside an array, map or struct")
    return read_expr(source, file_type, declared, what, parse=parse, orc=orc)


def read_expr(source: str, file_type: str, declared: str, what: str, *,
              parse: Callable[[str], Any] | None = None, orc: bool = False) -> str:
    """The DuckDB SQL reading file column ``source`` (of DuckDB type ``file_type``) as the
    declared type (DuckDB's spelling ``declared``).

    Args:
        source: the column's SQL in the scan.
        file_type: DuckDB's name of its type in the file.
        declared: the declared type, in DuckDB's spelling (``INTEGER``, ``DECIMAL(10,2)``).
        what: the column and format, for the refusal (``Parquet column x``).
        parse: DuckDB's type parser (``connection.type``), needed for arrays, maps and structs.
        orc: whether the file is ORC (a struct none of whose fields it has is then a row of
            NULLs; in Parquet, NULL).

    Returns:
        ``source`` itself, an exact cast, or an expression that refuses when it is read.
    """
    if parse is not None and (_nested(file_type) or _nested(declared)):
        return _Nested(parse, orc).read(source, parse(file_type), parse(declared), what)
    file_type, declared = _name(file_type), _name(declared)
    if not readable(file_type, declared):
        return _refusal(what, file_type, declared, _NO_READER)
    if declared == "TIMESTAMP":
        return _timestamp(source, file_type)
    if file_type == declared or not _checked(declared):
        return source
    if declared in _INTEGERS or declared.startswith("DECIMAL"):
        return _fitting(source, declared, what, file_type)
    if file_type == "BLOB" and _base(declared) == "VARCHAR":
        return f"decode({source})"  # the bytes as UTF-8 text (a cast would escape them)
    if file_type == "VARCHAR" and declared == "BLOB":
        return f"encode({source})"
    return f"CAST({source} AS {declared})"


_TIMESTAMPS = {"TIMESTAMP_MS": ("epoch_ms", 1), "TIMESTAMP_S": ("epoch_ms", 1),
               "TIMESTAMP": ("epoch_us", 1000), "TIMESTAMPWITHTIMEZONE": ("epoch_us", 1000),
               "TIMESTAMP_NS": ("epoch_ns", 1_000_000)}


def readable(file_type: str, declared: str) -> bool:
    """Whether Athena has a reader of a file's scalar type (DuckDB's name) for the declared
    one (a value it does not hold unchanged is still refused, by the read)."""
    file_type, declared = _name(file_type), _name(declared)
    if declared == "TIMESTAMP":
        return file_type in _TIMESTAMPS
    if file_type == declared or not _checked(declared):
        return True
    if declared in _INTEGERS:
        return file_type in _INTEGERS or _zero_scale(file_type)
    if declared.startswith("DECIMAL"):
        return file_type.startswith("DECIMAL") or file_type in ("TINYINT", "SMALLINT", "INTEGER")
    return file_type in _READS.get(_base(declared), set())


def disagreement(parse: Callable[[str], Any], file_types: Sequence[str], declared: str,
                 orc: bool = False) -> str | None:
    """Why reading the union of the types a column has in a table's files (the last of
    ``file_types``, DuckDB's) would not read each file as Athena reads it, or None. The union
    reads them alike where each file's type has a reader for the declared one and the union
    holds every file's values unchanged: integers and decimals into an integer or decimal,
    ``real`` and ``double`` into ``double``, timestamps of milli- or microseconds, and
    structs whose fields differ (a field a file lacks is NULL there)."""
    return _apart([parse(k) for k in dict.fromkeys(file_types)], parse(declared), orc)


_EXACT_UNIONS = (("TINYINT", "SMALLINT", "INTEGER", "BIGINT", "DECIMAL"), ("FLOAT", "DOUBLE"),
                 ("TIMESTAMP_MS", "TIMESTAMP_S", "TIMESTAMP"))


def _apart(files: list[Any], declared: Any, orc: bool) -> str | None:
    kinds = sorted({str(f).lower() for f in files})
    if len(kinds) == 1:
        return None
    held = f"its files hold it as {' and '.join(kinds)}"
    if declared.id in ("list", "map", "struct"):
        if {f.id for f in files} != {declared.id}:
            return held
        if declared.id == "list":
            return _apart([f.child for f in files], declared.child, orc)
        if declared.id == "map":
            return _apart([f.key for f in files], declared.key, orc) or _apart(
                [f.value for f in files], declared.value, orc)
        return _apart_fields(files, declared, orc, held)
    bases = {_base(_name(str(f))) for f in files}
    if not all(readable(str(f), str(declared)) for f in files) or not any(
            bases <= set(union) for union in _EXACT_UNIONS):
        return held
    return None


def _apart_fields(files: list[Any], declared: Any, orc: bool, held: str) -> str | None:
    """Structs: each declared field's types in the files that have it."""
    has = []
    for name, kind in declared.children:
        fields = [{n.lower(): k for n, k in reversed(f.children)}.get(name.lower())
                  for f in files]
        found = [k for k in fields if k is not None]
        has.append([k is not None for k in fields])
        apart = found and _apart(found, kind, orc)
        if apart:
            return apart
    some = [any(column) for column in zip(*has, strict=True)] if has else []
    if not orc and any(some) and not all(some):  # Parquet: such a struct is NULL in a file
        return held
    return None


def lacks(parse: Callable[[str], Any], file_type: str, declared: str) -> bool:
    """Whether a declared struct inside ``declared`` has a field that file type ``file_type``
    (DuckDB's spellings; ``parse`` reads them) does not."""
    if not _nested(declared) or not _nested(file_type):
        return False

    def missing(file: Any, kind: Any) -> bool:
        if file.id != kind.id:
            return False
        if kind.id == "list":
            return missing(file.child, kind.child)
        if kind.id == "map":
            return missing(file.key, kind.key) or missing(file.value, kind.value)
        if kind.id != "struct":
            return False
        fields = {name.lower(): child for name, child in file.children}
        return any(name.lower() not in fields or missing(fields[name.lower()], child)
                   for name, child in kind.children)

    return missing(parse(file_type), parse(declared))


def _nested(kind: str) -> bool:
    kind = kind.strip().upper()
    return kind.startswith(("STRUCT(", "MAP(")) or kind.endswith("]")


_LAMBDAS = itertools.count()
_NO_READER = "Athena fails: it has no reader for the pair"


class _Nested:
    """Reads an array, map or struct (DuckDB's parsed types) into its declared type; a leaf
    is read by :func:`read_expr`. Each reader returns ``source`` itself where the file's type
    is the declared one, names and their case included."""

    def __init__(self, parse: Callable[[str], Any], orc: bool) -> None:
        self.parse, self.orc = parse, orc

    def read(self, source: str, file: Any, declared: Any, what: str, within: bool = False) -> str:
        kinds = ("struct", "list", "map")
        if file.id not in kinds and declared.id not in kinds:
            return read_expr(source, str(file), str(declared), what)
        if file.id != declared.id:
            return _refusal(what, str(file), str(declared), _NO_READER)
        if declared.id == "list":
            var = f"__ak_e{next(_LAMBDAS)}"
            item = self.read(var, file.child, declared.child, f"{what} element", True)
            return source if item == var else f"list_transform({source}, lambda {var}: {item})"
        if declared.id == "map":
            return self._map(source, file, declared, what)
        return self._struct(source, file, declared, what, within)

    def _map(self, source: str, file: Any, declared: Any, what: str) -> str:
        var = f"__ak_e{next(_LAMBDAS)}"
        parts = {part: (f"struct_extract({var}, '{part}')", getattr(file, part),
                        getattr(declared, part)) for part in ("key", "value")}
        read = {part: self.read(at, f, d, f"{what} {part}", True)
                for part, (at, f, d) in parts.items()}
        if all(read[part] == at for part, (at, _, _) in parts.items()):
            return source
        return (f"map_from_entries(list_transform(map_entries({source}), lambda {var}: "
                f"struct_pack(key := {read['key']}, value := {read['value']})))")

    def _struct(self, source: str, file: Any, declared: Any, what: str, within: bool) -> str:
        fields = [(name, self._field(source, file.children, name, kind, f"{what}.{name}"))
                  for name, kind in declared.children]
        unchanged = [(n, _field_of(source, n)) for n, _ in file.children]
        if [(n, read) for n, (read, _) in fields] == unchanged:
            return source
        if not any(found for _, (_, found) in fields) and not self.orc:
            if within:  # Trino's Parquet reader has no field to read the elements from
                return _refusal(what, str(file), str(declared),
                                "Athena fails: the file has none of the struct's fields")
            return f"CAST(NULL AS {declared})"
        packed = ", ".join(f"{quote_identifier(name, Engine.TRINO, always=True)} := {read}" for name, (read, _) in fields)
        return f"CASE WHEN {source} IS NULL THEN NULL ELSE struct_pack({packed}) END"

    def _field(self, source: str, present: Sequence[tuple[str, Any]], name: str, kind: Any,
               what: str) -> tuple[str, bool]:
        """The read of declared field ``name`` and whether the file has it: the file's field
        of that name in lower case, else the first equal to it case-insensitively (Trino's
        Parquet ``lookupColumnByName``; ORC's reader keys the fields by their lower case).
        DuckDB renames the second of two fields equal but for case (``A_1``)."""
        same = [(n, k) for n, k in present if n.lower() == name.lower()]
        if not same:
            return f"CAST(NULL AS {kind})", False
        found, file_kind = next(((n, k) for n, k in same if n == name.lower()), same[0])
        return self.read(_field_of(source, found), file_kind, kind, what), True


def _field_of(source: str, name: str) -> str:
    return f"struct_extract({source}, {quote_literal(name, Engine.TRINO)})"


# sqlglot's DuckDB spellings of the declared types -> DuckDB's names (DESCRIBE's)
_ALIASES = {"INT": "INTEGER", "REAL": "FLOAT", "TEXT": "VARCHAR", "STRING": "VARCHAR"}


def _name(kind: str) -> str:
    kind = kind.upper().replace(" ", "")
    base, _, rest = kind.partition("(")
    base = _ALIASES.get(base, base)
    return f"{base}({rest}" if rest and base == "DECIMAL" else base


def _timestamp(source: str, file_type: str) -> str:
    """A timestamp column read as Athena's ``timestamp(3)``: micro- and nanoseconds rounded half
    up to the millisecond (TransformingValueDecoders' "round to lower precision"; DuckDB kept
    them, and cut them when printing), a UTC-adjusted one read as its UTC wall clock."""
    epoch, per_milli = _TIMESTAMPS[file_type]
    if per_milli == 1:
        return f"CAST({source} AS TIMESTAMP)"
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
    return refused(f"{what} ({file_type.lower()} in the file) as {declared.lower()}", declared,
                   why)


def refused(what: str, declared: str, why: str) -> str:
    """An expression of type ``declared`` refusing, when a query reads it, to read ``what``."""
    message = f"{REFUSED}reading {what}: {why}"
    return f"CAST(error({quote_literal(message, Engine.TRINO)}) AS {declared})"

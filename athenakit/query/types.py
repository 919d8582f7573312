"""Athena (Trino) result type names, parsed, and the Arrow type each one stands for.

Results carry their column types as text: Athena's ``ColumnInfo`` gives the outer name plus
``Precision`` / ``Scale`` (``decimal`` 12 2, ``array``, ``row``, ``timestamp with time zone``);
the local engine gives the full name (``array(row(a integer, b varchar))``). :func:`parse_type`
reads either into an :class:`AthenaType` tree and :func:`arrow_type` maps it to Arrow exactly:

========================== ==================================================
Athena                     Arrow
========================== ==================================================
boolean                    bool
tinyint / smallint         int8 / int16
integer / bigint           int32 / int64
real / double              float32 / float64
decimal(p, s)              decimal128(p, s)
char(n) / varchar(n)       string
varbinary                  binary
date                       date32
time(p)                    time32[ms] (p <= 3) / time64[us] / time64[ns]
timestamp(p)               timestamp[ms] (p <= 3, Athena's default) / [us] / [ns]
timestamp(p) with tz       the same unit, in the zone of the column (see below)
interval ...               month_day_nano_interval
array(T) / map(K, V)       list<T> / map<K, V>
row(a T, ...)              struct<a: T, ...>
json, uuid, ipaddress ...  string
unknown (a bare NULL)      null
========================== ==================================================

A ``timestamp with time zone`` value carries its zone: Athena writes it as text
(``2012-10-30 18:00:00.000 America/Los_Angeles``) and its metadata names no zone. Its Arrow
column holds the instants, with the zone of its values when they all share one, and UTC
otherwise or when it has no value (:func:`column_zone`); the Athena runner and the local engine
follow that one rule, so that the same query has the same Arrow schema from both. A result
read in batches takes the zone of its first batch.
https://docs.aws.amazon.com/athena/latest/ug/athena-supported-time-zones.html

Athena's metadata names only the outer kind of a complex type (``array``); such a type is
*open* (:attr:`AthenaType.is_complete` is False) and its element types are inferred from the
values (:mod:`athenakit.runner.convert`).
https://docs.aws.amazon.com/athena/latest/ug/data-types.html
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

_ALIASES = {"int": "integer", "float": "real", "string": "varchar", "binary": "varbinary",
            "struct": "row", "timestamptz": "timestamp with time zone"}
_COMPLEX = frozenset({"array", "map", "row"})
_MULTI_WORD = frozenset({"timestamp", "time", "double"})  # timestamp with time zone, ...
# https://docs.aws.amazon.com/athena/latest/ug/data-types.html : TIMESTAMP has millisecond
# resolution in Athena unless a precision is given
_DEFAULT_PRECISION = {"timestamp": 3, "timestamp with time zone": 3, "time": 3,
                      "time with time zone": 3}


@dataclass(frozen=True)
class AthenaType:
    """One parsed type: ``name`` (lower case, aliases resolved), numeric ``params``,
    ``children`` for array / map / row and, for row, ``fields`` (the field names)."""

    name: str
    params: tuple[int, ...] = ()
    children: tuple[AthenaType, ...] = ()
    fields: tuple[str, ...] = ()

    @property
    def is_complex(self) -> bool:
        return self.name in _COMPLEX

    @property
    def is_complete(self) -> bool:
        """False when a complex type (or one nested in it) lacks its element types."""
        if not self.is_complex:
            return True
        return bool(self.children) and all(c.is_complete for c in self.children)

    def __str__(self) -> str:
        if self.name == "row" and self.children:
            inner = ", ".join(f"{f} {c}".strip() for f, c in zip(self.fields, self.children))
            return f"row({inner})"
        if self.children:
            return f"{self.name}({', '.join(map(str, self.children))})"
        if self.params:
            base, _, tail = self.name.partition(" with ")
            params = f"({','.join(map(str, self.params))})"
            return f"{base}{params} with {tail}" if tail else f"{self.name}{params}"
        return self.name


class _Reader:
    """Recursive descent over ``name(args)`` type text."""

    def __init__(self, text: str) -> None:
        self.text, self.i = text, 0

    def peek(self) -> str:
        self.skip()
        return self.text[self.i:self.i + 1]

    def skip(self) -> None:
        while self.i < len(self.text) and self.text[self.i].isspace():
            self.i += 1

    def word(self) -> str:
        self.skip()
        if self.peek() == '"':
            end = self.text.index('"', self.i + 1)
            word, self.i = self.text[self.i + 1:end], end + 1
            return word
        start = self.i
        while self.i < len(self.text) and (self.text[self.i].isalnum() or
                                           self.text[self.i] in "_$"):
            self.i += 1
        return self.text[start:self.i]

    def type(self) -> AthenaType:
        words = [self.word().lower()]
        while self.peek() not in ("", "(", ",", ")", "<", ">"):
            words.append(self.word().lower())
        name = " ".join(w for w in words if w)
        if self.peek() not in ("(", "<"):
            return _make(name, (), ())
        self.i += 1
        if name in _COMPLEX or name == "struct":
            children, fields = self.children(name)
            return _make(name, (), children, fields)
        params = tuple(int(p) for p in self.until_close().split(",") if p.strip())
        tail = []
        while self.peek() not in ("", ",", ")", ">"):
            tail.append(self.word().lower())
        return _make(" ".join([name, *tail]), params, ())

    def children(self, name: str) -> tuple[tuple[AthenaType, ...], tuple[str, ...]]:
        children: list[AthenaType] = []
        fields: list[str] = []
        while True:
            if name in ("row", "struct"):
                fields.append(self.field_name())
                self.skip()
                if self.peek() == ":":
                    self.i += 1
            children.append(self.type())
            close = self.peek()
            self.i += 1
            if close in (")", ">", ""):
                return tuple(children), tuple(fields)

    def field_name(self) -> str:
        """A row field's name, or "" for a field of an anonymous row (``row(integer,
        varchar)``, as Trino spells ``ROW(1, 'a')``'s type), where the word is its type."""
        start = self.i
        word = self.word()
        if self.peek() in ("", "(", ",", ")") or word.lower() in _MULTI_WORD and \
                re.match(r"\s*(with|precision)\b", self.text[self.i:], flags=re.IGNORECASE):
            self.i = start
            return ""
        return word

    def until_close(self) -> str:
        end = self.text.index(")", self.i)
        inner, self.i = self.text[self.i:end], end + 1
        return inner


def _make(name: str, params: tuple[int, ...], children: tuple[AthenaType, ...],
          fields: tuple[str, ...] = ()) -> AthenaType:
    return AthenaType(_ALIASES.get(name, name), params, children, fields)


@lru_cache(maxsize=512)
def parse_type(text: str) -> AthenaType:
    """Parse a type name as Athena or the local engine spells it.

    Args:
        text: e.g. ``decimal(12,2)``, ``array(map(varchar, integer))``,
            ``timestamp(3) with time zone``, ``struct<a:int>``, or a bare ``row``.

    Returns:
        The type tree; unparsable text becomes ``AthenaType("varchar")`` (kept as text).

    Example:
        >>> str(parse_type("ARRAY(ROW(a INTEGER, b DECIMAL(5,1)))"))
        'array(row(a integer, b decimal(5,1)))'
    """
    try:
        return _Reader(text.strip()).type()
    except (ValueError, IndexError):
        return AthenaType("varchar")


def column_type(info: dict[str, Any]) -> str:
    """The type name of a ``ColumnInfo`` (API or ``.csv.metadata``), precision included.

    Example:
        >>> column_type({"Type": "decimal", "Precision": 12, "Scale": 2})
        'decimal(12,2)'
    """
    name = str(info.get("Type") or "varchar").lower()
    if name == "decimal" and info.get("Precision"):
        return f"decimal({info['Precision']},{info.get('Scale') or 0})"
    return name


def _unit(precision: int) -> str:
    return "ms" if precision <= 3 else "us" if precision <= 6 else "ns"


_SIMPLE = {
    "boolean": "bool_", "tinyint": "int8", "smallint": "int16", "integer": "int32",
    "bigint": "int64", "real": "float32", "double": "float64", "varchar": "string",
    "char": "string", "varbinary": "binary", "date": "date32", "unknown": "null",
    "interval year to month": "month_day_nano_interval",
    "interval day to second": "month_day_nano_interval",
}


def column_zone(zones: Iterable[str]) -> str:
    """The Arrow time zone of a ``timestamp with time zone`` column, from its values' zones.

    Args:
        zones: the zone of each non-NULL value (``America/Los_Angeles``, ``+07:09``, ``UTC``).

    Returns:
        Their zone when they all share one; UTC when they differ or there is none.

    Example:
        >>> column_zone(["Asia/Kolkata", "Asia/Kolkata"]), column_zone(["UTC", "+01:00"])
        ('Asia/Kolkata', 'UTC')
    """
    found = set(zones)
    return found.pop() if len(found) == 1 else "UTC"


def arrow_type(kind: AthenaType) -> Any:
    """The Arrow type of a complete Athena type (imports pyarrow).

    Returns:
        A ``pyarrow.DataType``, or None for an open complex type (elements unknown).

    Example:
        >>> str(arrow_type(parse_type("map(varchar, array(decimal(5,2)))")))
        'map<string, list<item: decimal128(5, 2)>>'
    """
    import pyarrow as pa

    name = kind.name
    if name in _SIMPLE:
        return getattr(pa, _SIMPLE[name])()
    if name == "decimal":
        params = (*kind.params, 0) if kind.params else (38, 0)
        return pa.decimal128(params[0], params[1])
    if name.startswith("timestamp"):
        unit = _unit(kind.params[0] if kind.params else _DEFAULT_PRECISION["timestamp"])
        return pa.timestamp(unit, tz="UTC" if "time zone" in name else None)
    if name == "time":
        unit = _unit(kind.params[0] if kind.params else 3)
        return pa.time32(unit) if unit == "ms" else pa.time64(unit)
    if kind.is_complex:
        return _complex_arrow(kind)
    return pa.string()  # json, uuid, ipaddress, time with time zone, ...


def _complex_arrow(kind: AthenaType) -> Any:
    import pyarrow as pa

    if not kind.is_complete:
        return None
    inner = [arrow_type(c) for c in kind.children]
    if kind.name == "array":
        return pa.list_(inner[0])
    if kind.name == "map":
        return pa.map_(inner[0], inner[1])
    # an anonymous row's fields are named as Athena shows them: field0, field1, ...
    return pa.struct([pa.field(f or f"field{i}", t)
                      for i, (f, t) in enumerate(zip(kind.fields, inner))])

"""Text samples: CSV/TSV dialect, header and column types; JSON lines merged into nested types.

CSV: a value in quotes anywhere in the sample needs the OpenCSV SerDe (LazySimpleSerDe does not
understand quoting), which reads timestamps only as UNIX epoch numbers, so date-like text
stays ``string`` there; LazySimpleSerDe parses ``yyyy-MM-dd`` dates and
``yyyy-MM-dd HH:mm:ss[.fff]`` timestamps.
https://docs.aws.amazon.com/athena/latest/ug/csv-serde.html
https://docs.aws.amazon.com/athena/latest/ug/lazy-simple-serde.html
https://docs.aws.amazon.com/athena/latest/ug/openx-json-serde.html
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from athenakit.infer.types import field as quoted_field
from athenakit.infer.types import merge

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_TS = re.compile(r"^\d{4}-\d{2}-\d{2}[ ]\d{2}:\d{2}:\d{2}(\.\d{1,9})?$")
_INT = re.compile(r"^[+-]?\d+$")
_FLOAT = re.compile(r"^[+-]?(\d+\.\d*|\.\d+|\d+)([eE][+-]?\d+)?$")
DELIMITERS = ",\t|;"


@dataclass
class CsvGuess:
    delimiter: str
    quoted: bool
    header: bool
    names: list[str]
    types: list[str]
    notes: list[str] = field(default_factory=list)


def scalar_type(value: str, opencsv: bool) -> str | None:
    """The narrowest Athena type that parses ``value`` (None for an empty value)."""
    if value == "" or value == "\\N":
        return None
    if _INT.match(value):
        return "int" if -2**31 <= int(value) < 2**31 else "bigint"
    if _FLOAT.match(value):
        return "double"
    if value.lower() in ("true", "false") and not opencsv:
        return "boolean"
    if _DATE.match(value) and not opencsv:
        return "date"
    if _TS.match(value) and not opencsv:
        return "timestamp"
    return "string"


def column_types(rows: Sequence[Sequence[str]], width: int, opencsv: bool) -> list[str]:
    types: list[str | None] = [None] * width
    broken = [False] * width
    for row in rows:
        for i, value in enumerate(row[:width]):
            merged = merge(types[i], scalar_type(value, opencsv))
            if merged is None and scalar_type(value, opencsv) is not None:
                broken[i] = True
            types[i] = merged if merged is not None else types[i]
    return ["string" if b or t is None else t for t, b in zip(types, broken)]


def guess_csv(text: str, tab: bool = False) -> CsvGuess:
    """Delimiter, quoting, header line, names and types of a delimited-text sample."""
    lines = text.splitlines()[:1000]
    if len(lines) > 1 and not text.endswith("\n"):
        lines = lines[:-1]  # the sample may cut the last line
    sample = "\n".join(lines)
    delimiter = "\t" if tab else _delimiter(lines)
    rows = list(csv.reader(io.StringIO(sample), delimiter=delimiter))
    quoted = any(f'{delimiter}"' in line or line.startswith('"') for line in lines)
    width = max((len(r) for r in rows), default=0)
    body_types = column_types(rows[1:], width, quoted)
    first = rows[0] if rows else []
    header = bool(first) and all(scalar_type(v, quoted) == "string" for v in first) and (
        any(t != "string" for t in body_types) or len(set(first)) == len(first) and all(
            re.match(r"^[A-Za-z_][\w .-]*$", v) for v in first))
    names = [_column_name(v, i) for i, v in enumerate(first)] if header else \
        [f"col{i}" for i in range(width)]
    types = body_types if header else column_types(rows, width, quoted)
    return CsvGuess(delimiter, quoted, header, names, types)


def _delimiter(lines: list[str]) -> str:
    best, score = ",", -1
    for d in DELIMITERS:
        rows = csv.reader(io.StringIO("\n".join(lines[:50])), delimiter=d)
        counts = {len(row) - 1 for row in rows if row}
        if len(counts) == 1 and (n := counts.pop()) > score:
            best, score = d, n
    return best


def _column_name(text: str, i: int) -> str:
    name = re.sub(r"[^0-9a-z_]+", "_", text.strip().lower()).strip("_")
    return name or f"col{i}"


# -- JSON lines ----------------------------------------------------------------------------

MAP_KEYS = 20  # an object with more distinct keys than this (and one value type) is a map


@dataclass
class JsonGuess:
    columns: dict[str, str]
    keys: dict[str, str]  # column -> the JSON key it reads, where they differ
    rows: int
    notes: list[str] = field(default_factory=list)


class _Node:
    """The merged shape of the JSON values seen at one place."""

    def __init__(self) -> None:
        self.kind: str | None = None
        self.fields: dict[str, _Node] = {}
        self.spellings: dict[str, set[str]] = {}
        self.items: _Node | None = None
        self.conflict = False

    def add(self, value: Any) -> None:
        kind = _kind(value)
        if kind is None:
            return
        if self.kind is None:
            self.kind = kind
        elif self.kind != kind:
            merged = merge(self.kind, kind)
            self.conflict = merged is None
            self.kind = merged or "string"
            return
        if kind == "struct":
            for key, item in value.items():
                self.spellings.setdefault(key.lower(), set()).add(key)
                self.fields.setdefault(key.lower(), _Node()).add(item)
        elif kind == "array":
            self.items = self.items or _Node()
            for item in value:
                self.items.add(item)

    def type(self, path: str, notes: list[str]) -> str:
        if self.conflict:
            notes.append(f"{path}: values of different types; typed string")
        if self.kind == "array":
            inner = self.items.type(path + "[]", notes) if self.items else "string"
            return f"array<{inner}>"
        if self.kind != "struct":
            return self.kind or "string"
        for key, spelled in self.spellings.items():
            if len(spelled) > 1:
                notes.append(f"{path}.{key}: keys {sorted(spelled)} differ only in case; "
                             "Athena lower-cases them into one field")
        values = {n.type(f"{path}.{k}", []) for k, n in self.fields.items()}
        if len(self.fields) > MAP_KEYS and len(values) == 1:
            return f"map<string,{values.pop()}>"
        return "struct<" + ",".join(f"{quoted_field(k)}:{n.type(f'{path}.{k}', notes)}"
                                    for k, n in self.fields.items()) + ">"


def _kind(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "bigint"
    if isinstance(value, float):
        return "double"
    if isinstance(value, dict):
        return "struct"
    if isinstance(value, list):
        return "array"
    return "timestamp" if _TS.match(value) else "string"


def guess_json(samples: Sequence[tuple[str, str]]) -> JsonGuess:
    """Columns of JSON-lines samples (``(file, text)``, one object per line)."""
    root, notes, rows = _Node(), [], 0
    for name, text in samples:
        lines = text.splitlines()
        if len(lines) > 1 and not text.endswith("\n"):
            lines = lines[:-1]  # the sample may cut the last line
        for number, line in enumerate(lines, 1):
            try:
                value = json.loads(line) if line.strip() else None
            except ValueError:
                notes.append(f"{name}:{number}: not JSON (the table sets "
                             "ignore.malformed.json)")
                continue
            if isinstance(value, dict):
                root.add(value)
                rows += 1
    columns: dict[str, str] = {}
    keys: dict[str, str] = {}
    for key, node in root.fields.items():
        name = _column_name(key, len(columns))
        columns[name] = node.type(key, notes)
        spelled = min(root.spellings[key])
        if spelled.lower() != name:  # OpenX matches keys case-insensitively by default
            keys[name] = spelled
        if len(root.spellings[key]) > 1:
            notes.append(f"{key}: keys {sorted(root.spellings[key])} differ only in case; "
                         "Athena lower-cases them into one column")
    return JsonGuess(columns, keys, rows, notes)

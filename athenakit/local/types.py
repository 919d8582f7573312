"""DuckDB result types spelled as Athena (Trino) type names, and result values as Python."""

from __future__ import annotations

import re

_SCALARS = {
    "BOOLEAN": "boolean", "TINYINT": "tinyint", "SMALLINT": "smallint", "INTEGER": "integer",
    "BIGINT": "bigint", "HUGEINT": "bigint", "UTINYINT": "smallint", "USMALLINT": "integer",
    "UINTEGER": "bigint", "UBIGINT": "bigint", "FLOAT": "real", "DOUBLE": "double",
    "VARCHAR": "varchar", "BLOB": "varbinary", "DATE": "date", "TIME": "time(3)",
    "TIMESTAMP": "timestamp(3)", "TIMESTAMP_MS": "timestamp(3)", "TIMESTAMP_S": "timestamp(0)",
    "TIMESTAMP_NS": "timestamp(9)", "TIMESTAMP WITH TIME ZONE": "timestamp(3) with time zone",
    "TIME WITH TIME ZONE": "time(3) with time zone",
    "INTERVAL": "interval day to second", "JSON": "json", "UUID": "uuid", '"NULL"': "unknown",
    "NULL": "unknown",
}


def _split_top(text: str) -> list[str]:
    parts, depth, start = [], 0, 0
    for i, ch in enumerate(text):
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth -= 1
        elif ch == "," and depth == 0:
            parts.append(text[start:i].strip())
            start = i + 1
    parts.append(text[start:].strip())
    return parts


def athena_type(duck: str) -> str:
    """Spell a DuckDB type as Athena shows it in results.

    Args:
        duck: DuckDB type text, e.g. ``INTEGER[]`` or ``STRUCT(a INTEGER, b VARCHAR)``.

    Returns:
        The Trino spelling: ``array(integer)``, ``row(a integer, b varchar)``.

    Example:
        >>> athena_type("MAP(VARCHAR, INTEGER[])")
        'map(varchar, array(integer))'
    """
    text = duck.strip()
    if text.endswith("[]"):
        return f"array({athena_type(text[:-2])})"
    match = re.fullmatch(r"(MAP|STRUCT|TUPLE)\((.*)\)", text, flags=re.DOTALL)
    if match and match.group(1) == "TUPLE":  # an unnamed row
        return "row(" + ", ".join(athena_type(p) for p in _split_top(match.group(2))) + ")"
    if match and match.group(1) == "MAP":
        return "map(" + ", ".join(athena_type(p) for p in _split_top(match.group(2))) + ")"
    if match and all(re.fullmatch(rf'"?_{i}"? .*', part, flags=re.DOTALL)
                     for i, part in enumerate(_split_top(match.group(2)))):
        # ROW(1, 2.5) reaches DuckDB as a struct with fields _0, _1, ...: unnamed in Trino
        parts = [p.partition(" ")[2] for p in _split_top(match.group(2))]
        return "row(" + ", ".join(athena_type(p) for p in parts) + ")"
    if match:
        fields = []
        for part in _split_top(match.group(2)):
            name, _, kind = part.partition(" ")
            fields.append(f"{name.strip(chr(34))} {athena_type(kind)}")
        return "row(" + ", ".join(fields) + ")"
    if text.startswith("DECIMAL"):
        return text.lower()
    return _SCALARS.get(text.upper(), text.lower())

"""Identifier and literal quoting: the one place where athenakit decides how SQL text is quoted.

Athena runs two engines behind one endpoint, and they quote differently
(https://docs.aws.amazon.com/athena/latest/ug/reserved-words.html):

* **Hive side** (``Engine.HIVE``): CREATE [EXTERNAL] TABLE without AS, CREATE DATABASE, ALTER
  TABLE / DATABASE, DROP TABLE / DATABASE, DESCRIBE, SHOW, MSCK REPAIR TABLE. Identifiers are
  quoted with backticks (a backtick inside is doubled); string literals escape with a backslash
  (``\\'``) and Hive unescapes ``\\n``, ``\\t``, ``\\\\`` ... when it reads them.
* **Trino side** (``Engine.TRINO``): SELECT, WITH, CTAS, CREATE VIEW, INSERT, UNLOAD, MERGE,
  UPDATE, DELETE, EXPLAIN, PREPARE / EXECUTE. Identifiers are quoted with double quotes (a double
  quote inside is doubled); a quote inside a string literal is doubled (``''``).

Each side has its own reserved-word list, and the lists are not nested: ``date`` needs backticks
in DDL but nothing in SELECT, ``first`` needs double quotes in SELECT but nothing in DDL. On top
of the reserved words, names starting with ``_`` or a digit and names with characters outside
``[a-z0-9_]`` are quoted on both sides.

Example:
    >>> quote_identifier("date", Engine.HIVE), quote_identifier("date", Engine.TRINO)
    ('`date`', 'date')
    >>> quote_literal("it's", Engine.HIVE), quote_literal("it's", Engine.TRINO)
    ("'it\\\\'s'", "'it''s'")
"""

from __future__ import annotations

import enum
import json
import re
from collections.abc import Iterable
from functools import cache
from pathlib import Path

_SAFE_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789_")

# Bare, these names read as niladic functions (``current_user`` is the current user, not a
# column) in Trino and in SQL tools such as sqlglot, even where Hive's reserved list omits them.
READ_AS_FUNCTIONS = frozenset({
    "current_catalog", "current_date", "current_datetime", "current_path", "current_role",
    "current_schema", "current_time", "current_timestamp", "current_user", "localtime",
    "localtimestamp",
})
# Athena takes these bare, but common SQL parsers (sqlglot, which athenakit itself uses to
# import and check SQL) read them as keywords of other dialects: ``except``/``minus`` as set
# operators, ``xor``/``glob``/``ilike`` as operators, and so on. Quoting is always allowed, so
# they are quoted on both sides and athenakit's DDL reads back in any tool.
TOOL_KEYWORDS = READ_AS_FUNCTIONS | frozenset({
    "any", "except", "fetch", "glob", "grant", "ilike", "lateral", "match_recognize", "minus",
    "notnull", "partitioned_by", "qualify", "regexp", "returning", "revoke", "rlike", "rollback",
    "serdeproperties", "tablesample", "uncache", "unique", "xor",
})

# Hive's unescapeSQLString understands these single-character escapes; everything else below
# U+0020 is written as \uXXXX, which Hive also decodes.
_HIVE_ESCAPES = {"\\": "\\\\", "'": "\\'", "\n": "\\n", "\r": "\\r", "\t": "\\t"}
_HIVE_PLAIN = re.compile(r"[^\\'\x00-\x1f\x7f]*\Z")
_HIVE_UNESCAPES = {
    "0": "\0", "'": "'", '"': '"', "b": "\b", "n": "\n", "r": "\r", "t": "\t",
    "Z": "\x1a", "\\": "\\", "%": "\\%", "_": "\\_",
}


class Engine(str, enum.Enum):
    """Which of Athena's two engines reads a statement."""

    HIVE = "hive"
    """DDL: CREATE EXTERNAL TABLE, CREATE DATABASE, ALTER, DROP, MSCK REPAIR, SHOW, DESCRIBE."""

    TRINO = "trino"
    """Queries and DML: SELECT, CTAS, CREATE VIEW, INSERT, UNLOAD, MERGE, EXPLAIN, PREPARE."""

    @property
    def quote_char(self) -> str:
        return "`" if self is Engine.HIVE else '"'


@cache
def reserved_words(engine: Engine) -> frozenset[str]:
    """The official reserved words of ``engine``'s side, lower-cased."""
    # a plain file read: importlib.resources costs more start-up than the whole lookup
    data = (Path(__file__).parent.parent / "data" / "reserved_words.json").read_text("utf-8")
    key = "ddl" if engine is Engine.HIVE else "dml"
    return frozenset(word.lower() for word in json.loads(data)[key])


def is_reserved(name: str, engine: Engine) -> bool:
    """True if ``name`` is a reserved word on ``engine``'s side (case-insensitive)."""
    return name.lower() in reserved_words(engine)


def needs_quoting(name: str, engine: Engine) -> bool:
    """True if ``name`` must be quoted to be read back as the same identifier by ``engine``."""
    return (
        not name
        or name[0] == "_"
        or name[0].isdigit()
        or not _SAFE_CHARS.issuperset(name)
        or is_reserved(name, engine)
        or name.lower() in TOOL_KEYWORDS
    )


def quote_identifier(name: str, engine: Engine, *, always: bool = False) -> str:
    """Quote one identifier (a column, table or database name) for ``engine``.

    Args:
        name: the identifier, exactly as it should be read back.
        engine: which side of Athena will read it.
        always: quote even when the name would be read correctly bare.

    Returns:
        ``name`` unchanged when it is safe bare, otherwise quoted with the engine's quote
        character, doubling any quote character inside.

    Raises:
        ValueError: for an empty name (a zero-length quoted identifier is an error in Athena).
    """
    if not name:
        raise ValueError("an identifier cannot be empty")
    if not always and not needs_quoting(name, engine):
        return name
    q = engine.quote_char
    return q + name.replace(q, q + q) + q


def quote_qualified(parts: Iterable[str | None], engine: Engine) -> str:
    """Quote a dotted name (``db.table``, ``table.column``) part by part, skipping empty parts."""
    return ".".join(quote_identifier(p, engine) for p in parts if p)


def quote_literal(value: str, engine: Engine) -> str:
    """Quote ``value`` as a string literal that ``engine`` reads back as exactly ``value``.

    Hive literals escape backslashes, quotes and control characters with backslashes; Trino
    literals double the single quote and take everything else verbatim. No input can end the
    literal early.

    Example:
        >>> print(quote_literal("[^\\\\s]+ 'x'", Engine.HIVE))
        '[^\\\\s]+ \\'x\\''
    """
    if engine is Engine.TRINO:
        return "'" + value.replace("'", "''") + "'"
    if _HIVE_PLAIN.match(value):  # nothing to escape: the common case, kept fast
        return "'" + value + "'"
    out = []
    for ch in value:
        esc = _HIVE_ESCAPES.get(ch)
        if esc is None and (ch < " " or ch == "\x7f"):
            esc = f"\\u{ord(ch):04x}"
        out.append(esc or ch)
    return "'" + "".join(out) + "'"


def hive_unescape(body: str) -> str:
    """Decode the text between the quotes of a Hive string literal the way Hive does.

    This mirrors Hive's ``BaseSemanticAnalyzer.unescapeSQLString``: ``\\uXXXX``, three-digit
    octal bytes, the single-character escapes, ``\\%`` and ``\\_`` kept as written, and any other
    escaped character taken without its backslash (``\\s`` becomes ``s``, which is why regexes in
    DDL need ``\\\\s``).
    """
    out: list[str] = []
    i, n = 0, len(body)
    while i < n:
        ch = body[i]
        if ch != "\\" or i + 1 >= n:
            out.append(ch)
            i += 1
            continue
        nxt = body[i + 1]
        hexdigits = body[i + 2:i + 6]
        if nxt == "u" and len(hexdigits) == 4 and _is_hex(hexdigits):
            out.append(chr(int(hexdigits, 16)))
            i += 6
        elif _is_octal_escape(body[i + 1:i + 4]):
            out.append(chr(int(body[i + 1:i + 4], 8)))
            i += 4
        else:
            out.append(_HIVE_UNESCAPES.get(nxt, nxt))
            i += 2
    return "".join(out)


def hive_dropped_escapes(body: str) -> list[str]:
    """Escapes in a Hive literal body that Hive silently drops the backslash of (``\\s``, ``\\d``).

    Such an escape is almost always a regex written with one backslash where DDL needs two.
    """
    found: list[str] = []
    i = 0
    while i < len(body) - 1:
        if body[i] == "\\":
            nxt = body[i + 1]
            if nxt not in _HIVE_UNESCAPES and nxt != "u" and not nxt.isdigit():
                found.append("\\" + nxt)
            i += 2
        else:
            i += 1
    return found


def _is_hex(text: str) -> bool:
    return all(c in "0123456789abcdefABCDEF" for c in text)


def _is_octal_escape(text: str) -> bool:
    return (
        len(text) == 3 and text[0] in "01" and text[1] in "01234567" and text[2] in "01234567"
    )

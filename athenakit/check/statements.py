"""Split a SQL file into statements and say which of Athena's engines reads each one.

The splitter is a small scanner that knows comments (``--`` and ``/* */``), string literals and
quoted identifiers, so a ``;`` inside any of them does not end a statement. Each statement keeps
its exact text and its offset in the file, so every later finding and every fix points at the
original bytes.

Which engine reads a statement (https://docs.aws.amazon.com/athena/latest/ug/ddl-reference.html):

* Hive: CREATE [EXTERNAL] TABLE without AS SELECT, CREATE DATABASE / SCHEMA, ALTER, DROP TABLE /
  DATABASE, DESCRIBE, SHOW, MSCK REPAIR TABLE.
* Trino: everything else -- SELECT, WITH, VALUES, CTAS, CREATE / DROP VIEW, INSERT, UNLOAD, MERGE,
  UPDATE, DELETE, OPTIMIZE, VACUUM, EXPLAIN, PREPARE, EXECUTE, DEALLOCATE.
"""

from __future__ import annotations

import bisect
import enum
import re
from dataclasses import dataclass

from athenakit.quoting import Engine

_IGNORE = re.compile(r"athenakit:\s*ignore\[([A-Za-z0-9_,\s]*)\]")
_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
# First words of statements whose string literals use Hive's backslash escapes.
_HIVE_FIRST_WORDS = frozenset({"CREATE", "ALTER", "DROP", "DESCRIBE", "DESC", "SHOW", "MSCK"})


class Kind(str, enum.Enum):
    """What a statement does, as far as the checks care."""

    QUERY = "query"
    CTAS = "ctas"
    VIEW = "view"
    INSERT = "insert"
    MERGE = "merge"
    UPDATE = "update"
    DELETE = "delete"
    UNLOAD = "unload"
    EXPLAIN = "explain"
    PREPARE = "prepare"
    EXECUTE = "execute"
    DEALLOCATE = "deallocate"
    OPTIMIZE = "optimize"
    VACUUM = "vacuum"
    CREATE_TABLE = "create_table"
    CREATE_DATABASE = "create_database"
    ALTER = "alter"
    DROP = "drop"
    DESCRIBE = "describe"
    SHOW = "show"
    MSCK = "msck"
    OTHER = "other"


_TRINO_KINDS = {
    "SELECT": Kind.QUERY, "WITH": Kind.QUERY, "VALUES": Kind.QUERY, "TABLE": Kind.QUERY,
    "INSERT": Kind.INSERT, "MERGE": Kind.MERGE, "UPDATE": Kind.UPDATE, "DELETE": Kind.DELETE,
    "UNLOAD": Kind.UNLOAD, "EXPLAIN": Kind.EXPLAIN, "PREPARE": Kind.PREPARE,
    "EXECUTE": Kind.EXECUTE, "DEALLOCATE": Kind.DEALLOCATE, "OPTIMIZE": Kind.OPTIMIZE,
    "VACUUM": Kind.VACUUM,
}
_HIVE_KINDS = {
    "ALTER": Kind.ALTER, "DROP": Kind.DROP, "DESCRIBE": Kind.DESCRIBE, "DESC": Kind.DESCRIBE,
    "SHOW": Kind.SHOW, "MSCK": Kind.MSCK,
}


@dataclass(frozen=True)
class Statement:
    """One statement of a SQL file.

    Attributes:
        index: 0-based position in the file.
        text: the statement's text, from its first token to just before its ``;``.
        offset: where ``text`` starts in the file.
        engine: the Athena engine that reads it.
        kind: what it does.
        ignores: codes suppressed by ``-- athenakit: ignore[CODE,...]`` comments in or just
            before the statement (``*`` or an empty list suppresses everything).
        words: the statement's bare words, upper-cased, outside strings and comments.
    """

    index: int
    text: str
    offset: int
    engine: Engine
    kind: Kind
    ignores: frozenset[str]
    words: tuple[str, ...]

    def ignored(self, code: str) -> bool:
        return code in self.ignores or "*" in self.ignores


class SourceMap:
    """Turns offsets in a text into 1-based line and column numbers."""

    def __init__(self, text: str):
        self.text = text
        self._starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def position(self, offset: int) -> tuple[int, int]:
        line = bisect.bisect_right(self._starts, offset) - 1
        return line + 1, offset - self._starts[line] + 1


def split_statements(sql: str) -> list[Statement]:
    """Split ``sql`` into statements at top-level semicolons.

    Args:
        sql: the text of a file, possibly with several statements and comments.

    Returns:
        The statements in order; chunks holding only whitespace and comments are dropped (their
        ``ignore`` markers apply to the next statement).
    """
    statements: list[Statement] = []
    pending: set[str] = set()
    for chunk_end, comments, words, body_start in _scan(sql):
        for comment in comments:
            for match in _IGNORE.finditer(comment):
                codes = {c.strip().upper() for c in match.group(1).split(",") if c.strip()}
                pending |= codes or {"*"}
        if body_start is None:
            continue
        text = sql[body_start:chunk_end].rstrip()
        engine, kind = classify(words)
        statements.append(Statement(
            len(statements), text, body_start, engine, kind, frozenset(pending), tuple(words),
        ))
        pending = set()
    return statements


def classify(words: list[str] | tuple[str, ...]) -> tuple[Engine, Kind]:
    """Return the engine and kind of a statement from its bare words (upper-cased).

    Example:
        >>> classify(["CREATE", "EXTERNAL", "TABLE", "T"])
        (<Engine.HIVE: 'hive'>, <Kind.CREATE_TABLE: 'create_table'>)
    """
    first = words[0] if words else ""
    if first in _TRINO_KINDS:
        return Engine.TRINO, _TRINO_KINDS[first]
    head = list(words[:8])
    if first == "CREATE":
        if "VIEW" in head and "TABLE" not in head[: head.index("VIEW")]:
            return Engine.TRINO, Kind.VIEW
        if "DATABASE" in head[:2] or "SCHEMA" in head[:2]:
            return Engine.HIVE, Kind.CREATE_DATABASE
        if "SELECT" in words:
            return Engine.TRINO, Kind.CTAS
        return Engine.HIVE, Kind.CREATE_TABLE
    if first == "DROP" and "VIEW" in head[:2]:
        return Engine.TRINO, Kind.DROP
    if first in _HIVE_KINDS:
        return Engine.HIVE, _HIVE_KINDS[first]
    return Engine.TRINO, Kind.OTHER


def _scan(sql: str) -> list[tuple[int, list[str], list[str], int | None]]:
    """Cut ``sql`` into chunks: (end, comments, bare words, offset of first token)."""
    chunks: list[tuple[int, list[str], list[str], int | None]] = []
    n = len(sql)
    i = 0
    comments: list[str] = []
    words: list[str] = []
    body: int | None = None
    while i < n:
        ch = sql[i]
        if ch == "-" and sql.startswith("--", i):
            end = sql.find("\n", i)
            end = n if end < 0 else end
            comments.append(sql[i:end])
            i = end
        elif ch == "/" and sql.startswith("/*", i):
            end = sql.find("*/", i + 2)
            end = n if end < 0 else end + 2
            comments.append(sql[i:end])
            i = end
        elif ch == ";":
            chunks.append((i, comments, words, body))
            i += 1
            comments, words, body = [], [], None
        elif ch.isspace():
            i += 1
        else:
            body = i if body is None else body
            if ch in "'\"`":
                backslash = ch == "'" and bool(words) and words[0] in _HIVE_FIRST_WORDS
                i = _skip_quoted(sql, i, ch, backslash)
            else:
                match = _WORD.match(sql, i)
                if match:
                    words.append(match.group().upper())
                    i = match.end()
                else:
                    i += 1
    if body is not None or comments:
        chunks.append((n, comments, words, body))
    return chunks


def _skip_quoted(sql: str, i: int, quote: str, backslash: bool) -> int:
    """Return the offset just past the quoted text starting at ``i`` (or the end of ``sql``)."""
    j = i + 1
    n = len(sql)
    while j < n:
        ch = sql[j]
        if backslash and ch == "\\":
            j += 2
        elif ch == quote:
            if j + 1 < n and sql[j + 1] == quote:
                j += 2
            else:
                return j + 1
        else:
            j += 1
    return n

"""Split an Athena SQL script into statements, and say which of Athena's engines reads each one.

Athena runs one statement per query, so a script is cut at every ``;`` that is not inside a
comment (``--`` or ``/* */``), a string literal or a quoted identifier. Each
:class:`Statement` keeps its exact text, its offset, line and column in the script, its engine
and its kind, so the checker maps findings (and ``--fix`` edits) back to the original bytes and
the runner sends exactly what was written.

Which engine reads a statement (https://docs.aws.amazon.com/athena/latest/ug/ddl-reference.html):

* Hive: CREATE [EXTERNAL] TABLE without AS SELECT, CREATE DATABASE / SCHEMA, ALTER, DROP TABLE /
  DATABASE, DESCRIBE, SHOW, MSCK REPAIR TABLE.
* Trino: everything else -- SELECT, WITH, VALUES, CTAS, CREATE / DROP VIEW, INSERT, UNLOAD, MERGE,
  UPDATE, DELETE, OPTIMIZE, VACUUM, EXPLAIN, PREPARE, EXECUTE, DEALLOCATE.

The two engines lex string literals differently, and that decides where a statement ends: Hive
escapes a quote with a backslash (``'it\\'s'``), Trino only doubles it (``'it''s'``) and reads a
backslash as itself, so ``'a\\'`` is a whole literal on the Trino side. Each statement is
therefore read with its own engine's rules. The lexings agree until the first quoted text that
holds a backslash; there the engine is taken from the words read so far (a CREATE TABLE that
already showed AS SELECT, or a CTAS ``WITH (`` property list, is Trino). If the statement's full
words then say otherwise, or the guess leaves a literal open, the statement is read again the
other way, and the reading whose lexing agrees with its own classification wins.

Example:
    >>> [(s.text, s.engine.value) for s in split_statements(
    ...     "CREATE TABLE t AS SELECT 'a\\\\' AS x; SELECT 1")]
    [("CREATE TABLE t AS SELECT 'a\\\\' AS x", 'trino'), ('SELECT 1', 'trino')]
"""

from __future__ import annotations

import bisect
import enum
import itertools
import re
from dataclasses import dataclass

from athenakit.errors import SqlError
from athenakit.sql.quoting import Engine

# Brackets may nest this deep in one statement. sqlglot parses nesting recursively (about 16
# Python frames a level), so deeper text would end in a RecursionError somewhere down the line;
# no hand-written query comes near it.
MAX_NESTING = 32
# sqlglot's time doubles with each level of ARRAY[ARRAY[...]] past about ten.
MAX_SQUARE_NESTING = 8

_IGNORE = re.compile(r"athenakit:\s*ignore\[([A-Za-z0-9_,\s]*)\]")
# One token of the statement skeleton, after any whitespace; quoted text is read by the patterns
# below. "other" is anything that cannot start a word, quote, comment or ';'; "open" is a block
# comment that never closes.
_TOKEN = re.compile(
    r"\s*+(?:(?P<word>[A-Za-z_][A-Za-z0-9_]*)|(?P<other>[^A-Za-z_\s'\"`;/-]+|-(?!-)|/(?!\*))"
    r"|(?P<quote>['\"`])|(?P<comment>--[^\n]*|/\*(?s:.*?)\*/)|(?P<semi>;)|(?P<open>/\*)|\Z)"
)
# Quoted text: group 1 is the closing quote, empty when the text runs to the end unterminated.
# A doubled quote stays inside on both sides (Hive reads 'a''b' as two adjacent literals).
_QUOTED = {
    (q, backslash): re.compile(
        q + (rf"(?:[^{q}\\]++|\\.|{q}{q})*+" if backslash else rf"(?:[^{q}]++|{q}{q})*+")
        + f"({q}?)",
        re.DOTALL,
    )
    for q in "'\"`" for backslash in (False, True)
}


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
# CREATE TABLE ... AS <one of these> is a CTAS (STORED AS PARQUET is not).
_QUERY_STARTS = frozenset({"SELECT", "WITH", "VALUES", "TABLE"})
_HIVE_KINDS = {
    "ALTER": Kind.ALTER, "DROP": Kind.DROP, "DESCRIBE": Kind.DESCRIBE, "DESC": Kind.DESCRIBE,
    "SHOW": Kind.SHOW, "MSCK": Kind.MSCK,
}


class Unterminated(str, enum.Enum):
    """What :func:`split_statements` does with a literal, quoted name or comment left open."""

    RAISE = "raise"
    """Raise :class:`SqlError` at the opening quote (Athena would reject the script too)."""

    KEEP = "keep"
    """Keep the rest of the text as the last statement (``check`` reports the syntax error)."""


@dataclass(frozen=True)
class Statement:
    """One statement of a SQL script.

    Attributes:
        index: 0-based position among the script's statements.
        text: the statement, from its first token to just before its ``;`` (comments inside
            and at its end are kept, trailing whitespace is not).
        offset: where ``text`` starts in the script.
        line: 1-based line of ``offset``.
        column: 1-based column of ``offset``.
        engine: the Athena engine that reads it.
        kind: what it does.
        ignores: codes suppressed by ``-- athenakit: ignore[CODE,...]`` comments in or just
            before the statement (``*`` or an empty list suppresses everything).
        words: the statement's bare words, upper-cased, outside strings and comments.
    """

    index: int
    text: str
    offset: int
    line: int
    column: int
    engine: Engine
    kind: Kind
    ignores: frozenset[str] = frozenset()
    words: tuple[str, ...] = ()

    @property
    def sql(self) -> str:
        """The text to send to Athena (the same as ``text``)."""
        return self.text

    def ignored(self, code: str) -> bool:
        """True if an ignore comment suppresses ``code`` for this statement."""
        return code in self.ignores or "*" in self.ignores


class SourceMap:
    """Turns offsets in a text into 1-based line and column numbers."""

    def __init__(self, text: str):
        self.text = text
        self._starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def position(self, offset: int) -> tuple[int, int]:
        """The 1-based (line, column) of ``offset``."""
        line = bisect.bisect_right(self._starts, offset) - 1
        return line + 1, offset - self._starts[line] + 1


def split_top_level(text: str) -> list[str]:
    """The parts of ``text`` between its top-level commas (not inside parentheses, brackets
    or a quoted literal), stripped; empty parts left out.

    >>> split_top_level("1, 'a,b', ARRAY[1, 2], f(x, y)")
    ['1', "'a,b'", 'ARRAY[1, 2]', 'f(x, y)']
    """
    parts: list[str] = []
    depth, quoted, start = 0, False, 0
    for i, char in enumerate(text):
        if char == "'":
            quoted = not quoted
        elif not quoted and char in "([":
            depth += 1
        elif not quoted and char in ")]":
            depth -= 1
        elif not quoted and depth == 0 and char == ",":
            parts.append(text[start:i].strip())
            start = i + 1
    parts.append(text[start:].strip())
    return [p for p in parts if p]


def split_statements(
    sql: str, *, file: str | None = None, unterminated: Unterminated = Unterminated.RAISE,
) -> list[Statement]:
    """Split ``sql`` into statements at the semicolons outside literals, names and comments.

    Args:
        sql: the text of a script, possibly with several statements and comments.
        file: the file name, for error messages.
        unterminated: what to do with a literal, quoted name or comment that never closes.

    Returns:
        The statements in order. Chunks holding only whitespace and comments are dropped (their
        ``ignore`` markers apply to the next statement).

    Raises:
        SqlError: with ``Unterminated.RAISE``, when quoted text or a comment is left open; the
            error carries the line and column where it opens. Always, when brackets nest more
            than :data:`MAX_NESTING` deep (at the first bracket too many).

    Example:
        >>> [(s.sql, s.line) for s in split_statements("SELECT ';'; -- done;\\nSELECT 2;")]
        [("SELECT ';'", 1), ('SELECT 2', 2)]
    """
    source = SourceMap(sql)
    statements: list[Statement] = []
    pending: set[str] = set()
    start = 0
    while start < len(sql):
        chunk = _read(sql, start)
        if chunk.open_at is not None and unterminated is Unterminated.RAISE:
            raise _unterminated_error(sql, chunk, source, file)
        if chunk.too_deep is not None:
            line, column = source.position(chunk.too_deep)
            raise SqlError(f"brackets nest too deep: athenakit reads at most {MAX_NESTING} "
                           f"levels, {MAX_SQUARE_NESTING} of them '['", line=line,
                           column=column, file=file)
        pending |= _ignores(chunk.comments)
        if chunk.body is not None:
            engine, kind = classify(chunk.words)
            line, column = source.position(chunk.body)
            statements.append(Statement(
                len(statements), sql[chunk.body:chunk.end].rstrip(), chunk.body, line, column,
                engine, kind, frozenset(pending), tuple(chunk.words),
            ))
            pending = set()
        start = chunk.end + 1
    return statements


def check_nesting(sql: str, *, file: str | None = None) -> None:
    """Raise :class:`SqlError` (with line and column) if brackets in a statement of ``sql`` nest
    deeper than :data:`MAX_NESTING` (or ``[`` deeper than :data:`MAX_SQUARE_NESTING`): call it
    before handing text to a recursive parser."""
    split_statements(sql, file=file, unterminated=Unterminated.KEEP)


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
        if any(w == "AS" and nxt in _QUERY_STARTS for w, nxt in itertools.pairwise(words)):
            return Engine.TRINO, Kind.CTAS
        return Engine.HIVE, Kind.CREATE_TABLE
    if first == "DROP" and "VIEW" in head[:2]:
        return Engine.TRINO, Kind.DROP
    if first in _HIVE_KINDS:
        return Engine.HIVE, _HIVE_KINDS[first]
    return Engine.TRINO, Kind.OTHER


@dataclass
class _Chunk:
    """The text from one statement boundary to the next, as one lexing read it.

    ``end`` is the offset of the ``;`` (or the end of the text), ``body`` the first token,
    ``backslash`` whether literals were read with Hive's escapes (None: no quoted text needed
    deciding), ``open_at`` where unterminated quoted text or a comment starts.
    """

    end: int
    body: int | None
    words: list[str]
    comments: list[str]
    backslash: bool | None
    open_at: int | None = None
    depth: int = 0
    square: int = 0
    too_deep: int | None = None

    def nest(self, text: str, offset: int) -> None:
        """Follow the bracket depth through ``text`` (found at ``offset``)."""
        for i, ch in enumerate(text):
            if ch in "([":
                self.depth += 1
                self.square += ch == "["
                if self.too_deep is None and (
                        self.depth > MAX_NESTING or self.square > MAX_SQUARE_NESTING):
                    self.too_deep = offset + i
            elif ch in ")]":
                self.depth = max(0, self.depth - 1)
                self.square = max(0, self.square - (ch == "]"))

    @property
    def consistent(self) -> bool:
        """True if the lexing used agrees with the engine the chunk's own words select."""
        return self.backslash is None or self.backslash is (classify(self.words)[0] is Engine.HIVE)


def _read(sql: str, start: int) -> _Chunk:
    """Read the next chunk with the lexing of its own engine (see the module docstring)."""
    first = _scan(sql, start, None)
    if first.backslash is None or (first.consistent and first.open_at is None):
        return first
    second = _scan(sql, start, not first.backslash)
    if second.consistent and (second.open_at is None or not first.consistent):
        return second
    return first


def _scan(sql: str, start: int, backslash: bool | None) -> _Chunk:
    """Read one chunk from ``start``; ``backslash=None`` decides at the first escape in quotes."""
    chunk = _Chunk(len(sql), None, [], [], backslash)
    match = _TOKEN.match
    pos = start
    while True:
        token = match(sql, pos)
        assert token is not None  # the pattern matches any text
        kind, pos = token.lastgroup, token.end()
        if kind == "comment":
            chunk.comments.append(token.group(kind))
            continue
        if kind is None or kind == "semi":  # the end of the text, or of the statement
            chunk.end = pos - 1 if kind else len(sql)
            return chunk
        if kind == "open":
            chunk.comments.append(sql[pos - 2:])
            chunk.open_at = pos - 2
            return chunk
        if chunk.body is None:
            chunk.body = token.start(kind)
        if kind == "word":
            chunk.words.append(token.group(kind).upper())
        elif kind == "other":
            chunk.nest(token.group(kind), token.start(kind))
        elif kind == "quote":
            pos = _skip_quoted(sql, pos - 1, chunk)
            if chunk.open_at is not None:
                return chunk


def _skip_quoted(sql: str, pos: int, chunk: _Chunk) -> int:
    """Return the offset just past the quoted text at ``pos``, deciding the lexing if needed."""
    quote = sql[pos]
    quoted = _QUOTED[quote, bool(chunk.backslash) and quote != "`"].match(sql, pos)
    assert quoted is not None  # the pattern matches a lone quote
    if chunk.backslash is None and quote != "`" and "\\" in quoted.group():
        # The lexings differ from here on: pick the engine from the words read so far.
        chunk.backslash = _guess_hive(chunk.words, quote)
        quoted = _QUOTED[quote, chunk.backslash].match(sql, pos)
        assert quoted is not None
    if not quoted.group(1):
        chunk.open_at = pos
    return quoted.end()


def _guess_hive(words: list[str], quote: str) -> bool:
    """Whether a statement whose first ``words`` are known reads ``quote``d text the Hive way."""
    engine, kind = classify(words)
    if kind is not Kind.CREATE_TABLE or "EXTERNAL" in words:
        return engine is Engine.HIVE
    if any(w == "WITH" and words[i + 1:i + 2] != ["SERDEPROPERTIES"]
           for i, w in enumerate(words)):
        return False  # CREATE TABLE t WITH (format = ...) AS SELECT: a CTAS property list
    return quote == "'"  # a double-quoted name before any DDL clause is a CTAS's Trino name


def _ignores(comments: list[str]) -> set[str]:
    codes: set[str] = set()
    for comment in comments:
        for match in _IGNORE.finditer(comment):
            found = {c.strip().upper() for c in match.group(1).split(",") if c.strip()}
            codes |= found or {"*"}
    return codes


def _unterminated_error(
    sql: str, chunk: _Chunk, source: SourceMap, file: str | None,
) -> SqlError:
    at = chunk.open_at or 0
    opener = sql[at]
    if opener == "/":
        what = "comment"
    elif opener == "`" or (opener == '"' and not chunk.backslash):
        what = "quoted identifier"
    else:
        what = "string literal"
    hint = ""
    body = at if chunk.body is None else chunk.body
    if what == "string literal" and not chunk.backslash and "\\'" in sql[body:]:
        hint = " (on the Trino side a backslash does not escape a quote: write '' instead)"
    line, column = source.position(at)
    return SqlError(f"unterminated {what}{hint}", line=line, column=column, file=file)

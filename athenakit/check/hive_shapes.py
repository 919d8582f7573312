"""Hive-side statements Athena documents and sqlglot cannot read, matched on their tokens.

sqlglot's Hive parser has no grammar for ``ALTER DATABASE ... SET DBPROPERTIES``, ``CREATE
DATABASE ... WITH DBPROPERTIES``, the ``ALTER TABLE t PARTITION (...) ...`` forms, Iceberg's
``CHANGE [COLUMN] ... FIRST | AFTER`` and ``UNSET TBLPROPERTIES``, or ``DESCRIBE`` of one column.
Each synopsis of the DDL reference is written here as a small function over a token cursor; a
statement that matches one of them is valid Athena DDL, whatever sqlglot said.

https://docs.aws.amazon.com/athena/latest/ug/ddl-reference.html
"""

from __future__ import annotations

from collections.abc import Callable

from sqlglot.tokenizer_core import Token, TokenType

_NAME = (TokenType.VAR, TokenType.IDENTIFIER)
_TYPE_END = frozenset({"COMMENT", "FIRST", "AFTER", "CASCADE", "RESTRICT"})


class _NoMatch(Exception):
    pass


class _Cursor:
    """Reads a statement's tokens front to back; every ``need_*`` raises on a mismatch."""

    def __init__(self, tokens: list[Token]):
        self.tokens = tokens
        self.i = 0
        self.names: list[Token] = []

    def peek(self) -> str:
        if self.i >= len(self.tokens) or self.tokens[self.i].token_type is TokenType.STRING:
            return ""
        return self.tokens[self.i].text.upper()

    def word(self, *alternatives: str) -> bool:
        # sqlglot makes one token of some pairs ("IF NOT EXISTS" stays three): compare words
        if self.peek() in alternatives:
            self.i += 1
            return True
        return False

    def words(self, *sequence: str) -> bool:
        texts = [t.text.upper() for t in self.tokens[self.i:self.i + len(sequence)]]
        if texts == list(sequence):
            self.i += len(sequence)
            return True
        return False

    def need(self, *alternatives: str) -> None:
        if not self.word(*alternatives):
            raise _NoMatch

    def name(self) -> None:
        self._part()
        while self.i < len(self.tokens) and self.tokens[self.i].token_type is TokenType.DOT:
            self.i += 1
            self._part()

    def _part(self) -> None:
        if self.i >= len(self.tokens):
            raise _NoMatch
        token = self.tokens[self.i]
        if token.token_type is TokenType.STRING or not (
                token.token_type in _NAME or token.text.replace("_", "a").isalnum()):
            raise _NoMatch
        self.names.append(token)
        self.i += 1

    def string(self) -> None:
        if self.i >= len(self.tokens) or self.tokens[self.i].token_type is not TokenType.STRING:
            raise _NoMatch
        self.i += 1

    def paren(self) -> list[Token]:
        """Skip a balanced ``( ... )``; return the tokens inside."""
        if self.i >= len(self.tokens) or self.tokens[self.i].token_type is not TokenType.L_PAREN:
            raise _NoMatch
        depth, start = 0, self.i
        for j in range(self.i, len(self.tokens)):
            kind = self.tokens[j].token_type
            depth += (kind is TokenType.L_PAREN) - (kind is TokenType.R_PAREN)
            if depth == 0:
                self.i = j + 1
                return self.tokens[start + 1:j]
        raise _NoMatch

    def properties(self, *, values: bool = True) -> None:
        """``('key' = 'value', ...)``, or ``('key', ...)`` without values."""
        inner = self.paren()
        step = 4 if values else 2
        for k in range(0, len(inner), step):
            item = inner[k:k + step]
            kinds = [t.token_type for t in item]
            want = [TokenType.STRING, TokenType.EQ, TokenType.STRING] if values else [
                TokenType.STRING]
            if kinds[:len(want)] != want or (len(item) == step and kinds[-1] is not TokenType.COMMA):
                raise _NoMatch
        if not inner or inner[-1].token_type is TokenType.COMMA:
            raise _NoMatch

    def partition_spec(self) -> None:
        self.need("PARTITION")
        inner = self.paren()
        if not inner:
            raise _NoMatch

    def column_type(self) -> None:
        start = self.i
        while self.i < len(self.tokens) and self.peek() not in _TYPE_END:
            self.i += 1
        if self.i == start:
            raise _NoMatch

    def end(self) -> None:
        if self.i != len(self.tokens):
            raise _NoMatch


def _alter_database(c: _Cursor) -> None:
    # https://docs.aws.amazon.com/athena/latest/ug/alter-database-set-dbproperties.html
    c.need("ALTER")
    c.need("DATABASE", "SCHEMA")
    c.name()
    c.need("SET")
    c.need("DBPROPERTIES")
    c.properties()
    c.end()


def _create_database(c: _Cursor) -> None:
    # https://docs.aws.amazon.com/athena/latest/ug/create-database.html
    c.need("CREATE")
    c.need("DATABASE", "SCHEMA")
    c.words("IF", "NOT", "EXISTS")
    c.name()
    if c.word("COMMENT"):
        c.string()
    if c.word("LOCATION"):
        c.string()
    if c.word("WITH"):
        c.need("DBPROPERTIES")
        c.properties()
    c.end()


def _alter_partition(c: _Cursor) -> None:
    # https://docs.aws.amazon.com/athena/latest/ug/alter-table-add-columns.html
    # https://docs.aws.amazon.com/athena/latest/ug/alter-table-replace-columns.html
    # https://docs.aws.amazon.com/athena/latest/ug/alter-table-set-location.html
    # https://docs.aws.amazon.com/athena/latest/ug/alter-table-rename-partition.html
    c.need("ALTER")
    c.need("TABLE")
    c.name()
    c.partition_spec()
    if c.word("ADD", "REPLACE"):
        c.need("COLUMNS")
        c.paren()
        c.word("CASCADE", "RESTRICT")
    elif c.word("SET"):
        c.need("LOCATION")
        c.string()
    else:
        c.need("RENAME")
        c.need("TO")
        c.partition_spec()
    c.end()


def _alter_change(c: _Cursor) -> None:
    # https://docs.aws.amazon.com/athena/latest/ug/alter-table-change-column.html
    # https://docs.aws.amazon.com/athena/latest/ug/querying-iceberg-alter-table-change-column.html
    c.need("ALTER")
    c.need("TABLE")
    c.name()
    if c.peek() == "PARTITION":
        c.partition_spec()
    c.need("CHANGE")
    c.word("COLUMN")
    c.name()
    c.name()
    c.column_type()
    if c.word("COMMENT"):
        c.string()
    if c.word("AFTER"):
        c.name()
    else:
        c.word("FIRST")
    c.word("CASCADE", "RESTRICT")
    c.end()


def _alter_unset(c: _Cursor) -> None:
    # https://docs.aws.amazon.com/athena/latest/ug/querying-iceberg-alter-table-unset-properties.html
    c.need("ALTER")
    c.need("TABLE")
    c.name()
    c.need("UNSET")
    c.need("TBLPROPERTIES")
    c.words("IF", "EXISTS")
    c.properties(values=False)
    c.end()


def _describe(c: _Cursor) -> None:
    # https://docs.aws.amazon.com/athena/latest/ug/describe-table.html
    c.need("DESCRIBE", "DESC")
    c.word("EXTENDED", "FORMATTED")
    c.name()
    if c.peek() == "PARTITION":
        c.partition_spec()
    if c.i < len(c.tokens):
        _column_path(c)
    c.end()


def _column_path(c: _Cursor) -> None:
    """``col``, ``col.field``, ``col.'$elem$'``, ``col.'$key$'``, ``col.'$value$'``."""
    c.name()
    while c.i + 1 < len(c.tokens) and c.tokens[c.i].token_type is TokenType.DOT:
        c.i += 1
        if c.tokens[c.i].text in ("$elem$", "$key$", "$value$"):
            c.i += 1
        else:
            c.name()


def _alter_view_dialect(c: _Cursor) -> None:
    # https://docs.aws.amazon.com/athena/latest/ug/alter-view-dialect.html
    c.need("ALTER")
    c.need("VIEW")
    c.name()
    c.word("FORCE")
    if c.word("DROP"):
        c.need("DIALECT")
        c.end()
        return
    c.word("ADD", "UPDATE")
    c.need("DIALECT")
    c.need("AS")
    if c.i >= len(c.tokens):
        raise _NoMatch


SHAPES: tuple[Callable[[_Cursor], None], ...] = (
    _alter_database, _create_database, _alter_partition, _alter_change, _alter_unset, _describe,
    _alter_view_dialect,
)


def dialect_query_start(tokens: list[Token]) -> int | None:
    """Index of the query of ``ALTER VIEW ... DIALECT AS query`` (None without one)."""
    words = [t.text.upper() for t in tokens]
    for i in range(len(words) - 1):
        if words[i] == "DIALECT" and words[i + 1] == "AS":
            return i + 2 if i + 2 < len(tokens) else None
    return None


def matches_hive_synopsis(tokens: list[Token]) -> list[Token] | None:
    """The name tokens of ``tokens`` if they are one of the DDL forms above, else None."""
    for shape in SHAPES:
        cursor = _Cursor(tokens)
        try:
            shape(cursor)
        except _NoMatch:
            continue
        return cursor.names
    return None


def renames_database(words: tuple[str, ...]) -> bool:
    """``ALTER DATABASE | SCHEMA name RENAME TO ...``: Athena cannot rename databases."""
    return words[:2] in (("ALTER", "DATABASE"), ("ALTER", "SCHEMA")) and "RENAME" in words[:6]

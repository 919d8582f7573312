"""Split SQL text holding several statements into single statements.

Athena runs one statement per StartQueryExecution, so a file is split on ``;`` tokens found by
sqlglot's tokenizer: a ``;`` inside a string, a quoted identifier or a comment does not split.
The text is re-tokenized from the start of each statement because Athena's dialect picks Hive
or Trino lexing per statement (a DDL statement escapes quotes with ``\\'``, a SELECT does not).
"""

from __future__ import annotations

from dataclasses import dataclass

from athenakit.errors import SqlError


@dataclass(frozen=True)
class Statement:
    """One statement of a script: its text (without the ``;``) and its 1-based first line."""

    sql: str
    line: int


def split_statements(text: str, *, file: str | None = None) -> list[Statement]:
    """Split ``text`` into statements, dropping empty ones (only whitespace or comments).

    Args:
        text: one or more statements separated by ``;``.
        file: the file name, for error messages.

    Returns:
        The statements in order.

    Raises:
        SqlError: the text cannot be tokenized (e.g. an unterminated string), with its line.

    Example:
        >>> [s.sql for s in split_statements("SELECT ';'; -- done;\\nSELECT 2;")]
        ["SELECT ';'", '-- done;\\nSELECT 2']
    """
    statements: list[Statement] = []
    offset = 0
    while offset < len(text):
        end, has_tokens = _first_statement_end(text, offset, file)
        chunk = text[offset:end]
        if has_tokens:
            stripped = chunk.strip()
            lead = len(chunk) - len(chunk.lstrip())
            line = text.count("\n", 0, offset + lead) + 1
            statements.append(Statement(stripped, line))
        offset = end + 1
    return statements


def _first_statement_end(text: str, offset: int, file: str | None) -> tuple[int, bool]:
    """Index of the ``;`` that ends the statement starting at ``offset`` (or the text's end)."""
    from sqlglot.errors import TokenError

    try:
        return _scan(text, offset, len(text))
    except TokenError as err:
        # A later statement may lex differently (Hive vs Trino escapes): try each ';' in turn
        # and take the first one that ends a cleanly tokenized prefix.
        candidate = text.find(";", offset)
        while candidate != -1:
            try:
                end, has_tokens = _scan(text, offset, candidate + 1)
            except TokenError:
                end, has_tokens = -1, False
            if end == candidate:
                return end, has_tokens
            candidate = text.find(";", candidate + 1)
        line = text.count("\n", 0, offset) + 1
        raise SqlError(f"cannot split the statements: {err}", line=line, file=file) from err


def _scan(text: str, offset: int, stop: int) -> tuple[int, bool]:
    from sqlglot import TokenType
    from sqlglot.dialects.dialect import Dialect

    tokens = Dialect.get_or_raise("athena").tokenizer().tokenize(text[offset:stop])
    has_tokens = False
    for token in tokens:
        if token.token_type is TokenType.SEMICOLON:
            return offset + token.start, has_tokens
        if token.token_type is not TokenType.HIVE_TOKEN_STREAM:
            has_tokens = True
    return stop, has_tokens

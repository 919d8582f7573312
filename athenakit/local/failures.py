"""Athena's (Trino's) error names and messages for the local engine's failures.

A failure Athena reports as ``COLUMN_NOT_FOUND: line 1:8: Column 'nope' cannot be resolved``
is raised locally as the same text, as a :class:`~athenakit.errors.QueryError` in state FAILED
with Athena's error category (2, user) and an error type from Athena's error catalog, so code
that handles one engine's failures handles the other's. Messages are Trino's
(``io.trino.sql.analyzer.SemanticExceptions`` / ``StatementAnalyzer`` / ``ExpressionAnalyzer``);
the position is the 1-based line and column in the user's SQL text, as Trino prints it.

https://docs.aws.amazon.com/athena/latest/ug/error-reference.html
"""

from __future__ import annotations

from sqlglot import exp

from athenakit.errors import QueryError, SqlError

CATALOG = "awsdatacatalog"
USER = 2  # Athena's error category for a user error
# https://docs.aws.amazon.com/athena/latest/ug/error-reference.html (error type reference)
ERROR_TYPES = {
    "SYNTAX_ERROR": 1006,           # Syntax error
    "COLUMN_NOT_FOUND": 1006,
    "AMBIGUOUS_NAME": 1006,
    "TYPE_MISMATCH": 1006,
    "EXPRESSION_NOT_AGGREGATE": 1006,
    "TABLE_NOT_FOUND": 1110,        # Provided table or view does not exist
    "SCHEMA_NOT_FOUND": 1301,       # General entity not found
    "FUNCTION_NOT_FOUND": 1303,     # Provided function or function implementation not found
    "NOT_SUPPORTED": 1200,          # Query not supported
    "TOO_MANY_ARGUMENTS": 1006,     # a call with more than 127 arguments
    "HIVE_SEMANTIC_ERROR": 1003,    # DDL task failed (SHOW / DESCRIBE run on Hive)
    "INVALID_FUNCTION_ARGUMENT": 1106,  # Invalid function argument provided
}


class AthenaFailure(QueryError):
    """A failure with Athena's error name; its position is filled in by :meth:`locate`.

    Attributes:
        name: Trino's error name, e.g. ``COLUMN_NOT_FOUND``.
        text: the message without name and position.
        offset: 0-based character offset in the SQL text where Trino places the error.
    """

    def __init__(self, name: str, text: str, *, offset: int | None = None,
                 prefixed: bool = True, find: str | tuple[str, ...] | None = None,
                 before: str | None = None, call: bool = False) -> None:
        self.name, self.text, self.offset, self.prefixed = name, text, offset, prefixed
        self.find, self.before, self.call = find, before, call
        super().__init__("query failed", state="FAILED", reason=self._reason(None),
                         category=USER, error_type=ERROR_TYPES.get(name, 1000))

    def _reason(self, where: str | None) -> str:
        if not self.prefixed:
            return self.text
        return f"{self.name}: {where + ': ' if where else ''}{self.text}"

    def locate(self, sql: str) -> None:
        """Put ``line L:C`` (from :attr:`offset` in ``sql``) into the reason."""
        if self.offset is None or self.offset > len(sql):
            return
        offset = self.offset
        if self.find is not None:  # the operator after its left operand (the first spelling)
            spellings = (self.find,) if isinstance(self.find, str) else self.find
            found = min((f for f in (sql.find(s, offset) for s in spellings) if f >= 0),
                        default=-1)
            offset = found if found >= 0 else offset
        if self.before is not None:  # the keyword before a literal (JSON '...')
            found = sql.lower().rfind(self.before.lower(), 0, offset)
            offset = found if found >= 0 else offset
        if self.call:  # the name of the function whose first argument is at offset
            offset = _call_name(sql, offset)
        self.reason = self._reason(position(sql, offset))


def _call_name(sql: str, offset: int) -> int:
    """The start of the function name before the ``(`` that precedes ``offset``."""
    found = sql.rfind("(", 0, offset)
    end = len(sql[:found].rstrip()) if found >= 0 else 0
    start = end
    while start > 0 and (sql[start - 1].isalnum() or sql[start - 1] == "_"):
        start -= 1
    return start if start < end else offset


def position(sql: str, offset: int) -> str:
    """Trino's ``line L:C`` for a 0-based character offset."""
    line = sql.count("\n", 0, offset) + 1
    column = offset - (sql.rfind("\n", 0, offset) + 1) + 1
    return f"line {line}:{column}"


def athena_error(name: str, text: str, *, offset: int | None = None,
                 prefixed: bool = True, find: str | tuple[str, ...] | None = None,
                 before: str | None = None, call: bool = False) -> AthenaFailure:
    """An :class:`AthenaFailure` (category 2, user error) to raise.

    Args:
        name: Trino's error name.
        text: Trino's message.
        offset: where in the SQL text the error is, if known.
        prefixed: False when ``text`` is Athena's whole message (Hive errors have no name).
        find: text to look for from ``offset`` on (an operator, or its spellings); the error
            is placed at the first found.
        before: text to look for back from ``offset`` (the type name of a literal); the
            error is placed there.
        call: ``offset`` is a function's first argument; the error is placed at the
            function's name.
    """
    return AthenaFailure(name, text, offset=offset, prefixed=prefixed, find=find,
                         before=before, call=call)


def query_error(name: str, text: str, select: exp.Expr) -> AthenaFailure:
    """An :class:`AthenaFailure` placed at a query's SELECT keyword (where Trino places an
    error about a subquery)."""
    from athenakit.local.nodes import SELECT_AT, VALUES_QUERY

    at = select.meta.get(SELECT_AT)
    if at is not None:
        return athena_error(name, text, offset=at)
    keyword = "values" if select.meta.get(VALUES_QUERY) else "select"
    return athena_error(name, text, offset=start_of(select), before=keyword)


def hive_error(text: str) -> AthenaFailure:
    """A failure of a statement Athena runs on Hive: ``FAILED: SemanticException [Error N]: ...``."""
    return AthenaFailure("HIVE_SEMANTIC_ERROR", f"FAILED: SemanticException {text}",
                         prefixed=False)


def start_of(node: exp.Expr | None) -> int | None:
    """The smallest SQL text offset sqlglot recorded in ``node``'s subtree."""
    if node is None:
        return None
    starts = [n.meta["start"] for n in node.walk() if "start" in n.meta]
    return min(starts) if starts else None


def end_of(node: exp.Expr) -> int | None:
    ends = [n.meta["end"] for n in node.walk() if "end" in n.meta]
    return max(ends) if ends else None


class SyntaxFailure(AthenaFailure, SqlError):
    """SYNTAX_ERROR: a statement that does not parse (also a :class:`SqlError`)."""

    def __init__(self, text: str, line: int | None, column: int | None) -> None:
        AthenaFailure.__init__(self, "SYNTAX_ERROR", text)
        self.line, self.column, self.file = line, column, None
        if line is not None:
            self.reason = self._reason(f"line {line}:{column or 1}")


def syntax(err: SqlError) -> SyntaxFailure:
    """Trino's SYNTAX_ERROR for a parse error: ``mismatched input 'x'`` at the token's start."""
    from sqlglot.errors import ParseError

    cause = err.__cause__
    info = cause.errors[0] if isinstance(cause, ParseError) and cause.errors else {}
    token = str(info.get("highlight") or "")
    column = err.column
    if token and column is not None:
        column = max(1, column - len(token) + 1)  # sqlglot reports where the token ends
    text = f"mismatched input '{token}'" if token else str(err.args[0]).split(": ", 1)[-1]
    return SyntaxFailure(text, err.line, column)

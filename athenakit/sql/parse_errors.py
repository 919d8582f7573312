"""sqlglot's failures as :class:`~athenakit.errors.SqlError`: one line with the file, line and
column, never a traceback.

sqlglot raises ``ParseError`` (with line and column), ``TokenError`` (an unterminated string or
comment; its position is where the scan stopped, not where the literal opened) and, on deeply
nested text, ``RecursionError``. :func:`sql_error` turns each into a ``SqlError``; for a
``TokenError`` the statement splitter finds the quote or comment that was left open.
"""

from __future__ import annotations

import re

from athenakit.errors import SqlError

_AT = re.compile(r"(\d+):(\d+)")


def sql_error(err: BaseException, sql: str, *, file: str | None = None,
              what: str = "cannot parse the SQL") -> SqlError:
    """The :class:`SqlError` for a failure of sqlglot on ``sql``.

    Args:
        err: a ``ParseError``, ``TokenError`` or ``RecursionError`` raised by sqlglot.
        sql: the text given to sqlglot.
        file: its file name, if any.
        what: the start of the message.

    Returns:
        The error to raise (``raise sql_error(...) from None``).
    """
    from sqlglot.errors import ParseError, TokenError

    if isinstance(err, RecursionError):
        from athenakit.sql.splitter import MAX_NESTING

        return SqlError(f"{what}: it nests too deeply (athenakit reads at most {MAX_NESTING} "
                        "levels of brackets)", file=file)
    if isinstance(err, ParseError):
        info = err.errors[0] if err.errors else {}
        first = str(info.get("description") or err).splitlines()[0]
        return SqlError(f"{what}: {first}", line=info.get("line"), column=info.get("col"),
                        file=file)
    if isinstance(err, TokenError):
        return _token_error(err, sql, file, what)
    return SqlError(f"{what}: {err}", file=file)


def _token_error(err: BaseException, sql: str, file: str | None, what: str) -> SqlError:
    from athenakit.sql.splitter import split_statements

    try:
        split_statements(sql, file=file)
    except SqlError as found:  # the literal or comment that never closes, where it opens
        return found
    cause = str(err.__cause__ or err)
    at = _AT.search(cause)
    line, column = (int(at.group(1)), int(at.group(2))) if at else (None, None)
    return SqlError(f"{what}: {cause.split(' from ')[0].lower()}", line=line, column=column,
                    file=file)

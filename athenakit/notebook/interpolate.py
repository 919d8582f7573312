"""``{name}`` interpolation of Python variables into the SQL of a ``%%athena`` cell.

A cell may name notebook variables in braces; nothing is ever pasted as raw text:

* ``{name}`` is a **value**. It becomes a SQL literal written by the same formatter the runner
  uses for Athena's ExecutionParameters (:func:`athenakit.query.params.format_literal`, strings
  through :func:`athenakit.sql.quoting.quote_literal`), so ``'; DROP TABLE x; --`` stays one string
  literal. In a Hive-side statement (``ALTER TABLE ... ADD PARTITION``, ``CREATE EXTERNAL
  TABLE``...) the literal is written the Hive way instead (backslash escapes).
* ``{name!i}`` is an **identifier** (a column, table or database name), quoted with
  :func:`athenakit.sql.quoting.quote_identifier` for the engine that reads the statement. A tuple or
  list of names, or an :class:`athenakit.table.model.Table`, becomes a dotted ``db.table`` name.
* ``{{`` and ``}}`` are literal braces. Text inside string literals, quoted identifiers and
  comments is never interpolated (``regexp_like(s, '\\d{4}')`` works as written).

Literals are inlined rather than sent as ``?`` parameters because Athena accepts ``?`` only in
the WHERE clause of SELECT, INSERT INTO, CTAS and UNLOAD
(https://docs.aws.amazon.com/athena/latest/ug/querying-with-prepared-statements.html); Athena
substitutes execution parameters as literal text, so the statement it runs is the same.

Example:
    >>> [s.sql for s in interpolate("SELECT * FROM {t!i} WHERE city = {c}",
    ...                             {"t": "order", "c": "O'Hara"})]
    ['SELECT * FROM "order" WHERE city = \\'O\\'\\'Hara\\'']
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from athenakit.errors import AthenakitError
from athenakit.sql.quoting import Engine, quote_identifier, quote_literal

_FIELD = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)(?:!([A-Za-z]))?\}")
CONVERSIONS = {"i": "identifier"}


class InterpolationError(AthenakitError, ValueError):
    """A ``{name}`` that cannot be filled: unknown name, bad conversion, unbalanced brace."""


@dataclass(frozen=True)
class Field:
    """One ``{name}`` or ``{name!i}`` of a cell; ``line`` is 1-based."""

    name: str
    conversion: str | None
    line: int

    @property
    def text(self) -> str:
        return "{" + self.name + (f"!{self.conversion}" if self.conversion else "") + "}"


@dataclass(frozen=True)
class BoundStatement:
    """One statement of a cell with every field filled in; ``line`` is its first line."""

    sql: str
    line: int


def parse_template(text: str, *, backslash: bool = False,
                   first_line: int = 1) -> list[str | Field]:
    """Cut one statement's text into literal text and fields.

    Args:
        text: the SQL of one statement.
        backslash: string literals use Hive's backslash escapes (Hive-side statements).
        first_line: the cell line ``text`` starts on (for messages).

    Returns:
        Text pieces (with ``{{``/``}}`` already turned into single braces) and :class:`Field`.

    Raises:
        InterpolationError: a ``{`` or ``}`` that is neither a field nor doubled.
    """
    parts: list[str | Field] = []
    buf: list[str] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch in "'\"`" or text.startswith(("--", "/*"), i):
            end = _skip_verbatim(text, i, backslash=backslash)
            buf.append(text[i:end])
            i = end
        elif ch in "{}":
            line = first_line + text.count("\n", 0, i)
            i = _brace(text, i, line, buf, parts)
        else:
            buf.append(ch)
            i += 1
    parts.append("".join(buf))
    return [p for p in parts if p != ""]


def _brace(text: str, i: int, line: int, buf: list[str], parts: list[str | Field]) -> int:
    """Handle the brace at ``i``; return the offset after it."""
    ch = text[i]
    if text.startswith(ch * 2, i):
        buf.append(ch)
        return i + 2
    match = _FIELD.match(text, i) if ch == "{" else None
    if match is None:
        raise InterpolationError(
            f"line {line}: unmatched {ch!r}; write {{name}} for a variable, {{name!i}} for an "
            f"identifier, or {ch * 2} for a literal {ch}"
        )
    conversion = match.group(2)
    if conversion is not None and conversion not in CONVERSIONS:
        raise InterpolationError(
            f"line {line}: unknown conversion !{conversion} in {match.group()}; "
            "use {name} for a value or {name!i} for an identifier"
        )
    parts.append("".join(buf))
    buf.clear()
    parts.append(Field(match.group(1), conversion, line))
    return match.end()


def _skip_verbatim(text: str, i: int, *, backslash: bool) -> int:
    """End of the string, quoted identifier or comment starting at ``i``."""
    n = len(text)
    if text.startswith("--", i):
        end = text.find("\n", i)
        return n if end < 0 else end
    if text.startswith("/*", i):
        end = text.find("*/", i + 2)
        return n if end < 0 else end + 2
    quote, j = text[i], i + 1
    while j < n:
        if backslash and quote == "'" and text[j] == "\\":
            j += 2
        elif text[j] == quote:
            if text.startswith(quote * 2, j):
                j += 2
            else:
                return j + 1
        else:
            j += 1
    return n


def interpolate(text: str, namespace: Mapping[str, Any]) -> list[BoundStatement]:
    """Split a cell into statements and fill in its ``{name}`` fields from ``namespace``.

    Args:
        text: the cell's SQL, one or more statements separated by ``;``.
        namespace: the notebook's variables (``shell.user_ns``).

    Returns:
        The statements, ready to run.

    Raises:
        InterpolationError: an unknown name, a value with no literal form, a bad brace.
        SqlError: the text cannot be split into statements.
    """
    from athenakit.sql.splitter import split_statements

    bound = []
    for statement in split_statements(text):
        parts = parse_template(statement.text, backslash=statement.engine is Engine.HIVE,
                               first_line=statement.line)
        pieces = [p if isinstance(p, str) else _render(p, namespace, statement.engine)
                  for p in parts]
        bound.append(BoundStatement("".join(pieces), statement.line))
    return bound


def _render(field: Field, namespace: Mapping[str, Any], engine: Engine) -> str:
    value = _lookup(field, namespace)
    if field.conversion == "i":
        return identifier_sql(value, engine, field)
    return literal_sql(value, engine, field)


def _lookup(field: Field, namespace: Mapping[str, Any]) -> Any:
    if field.name not in namespace:
        raise InterpolationError(
            f"line {field.line}: {field.text}: no variable {field.name!r} in the notebook"
        )
    return namespace[field.name]


def identifier_sql(value: Any, engine: Engine, field: Field | None = None) -> str:
    """A quoted (possibly dotted) identifier for ``value``: a str, a sequence of str, a Table.

    Raises:
        InterpolationError: for any other value or an empty name.
    """
    from athenakit.table.model import Table

    where = _where(field)
    if isinstance(value, Table):
        names: Sequence[Any] = value.qualified_name
    elif isinstance(value, str):
        names = [value]
    elif isinstance(value, (list, tuple)) and value:
        names = value
    else:
        raise InterpolationError(
            f"{where}an identifier must be a str, a tuple of str or a Table, "
            f"got {type(value).__name__}"
        )
    if not all(isinstance(n, str) and n for n in names):
        raise InterpolationError(f"{where}identifier parts must be non-empty strings: {value!r}")
    return ".".join(quote_identifier(n, engine) for n in names)


def literal_sql(value: Any, engine: Engine, field: Field | None = None) -> str:
    """The SQL literal for ``value`` as ``engine`` reads it.

    Trino statements use :func:`athenakit.query.params.format_literal` (the execution
    parameter formatter); Hive statements take strings, dates and numbers, quoted the Hive way.

    Raises:
        InterpolationError: the value has no literal form for that engine.
    """
    from athenakit.query.params import ParameterError, format_literal

    if engine is Engine.HIVE:
        return _hive_literal(value, field)
    try:
        return format_literal(value)
    except ParameterError as err:
        raise InterpolationError(f"{_where(field)}{err}") from err


def _hive_literal(value: Any, field: Field | None) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int) or (isinstance(value, Decimal) and value.is_finite()):
        return str(value)
    if isinstance(value, dt.datetime):
        return quote_literal(value.isoformat(sep=" "), Engine.HIVE)
    if isinstance(value, (str, dt.date)):
        return quote_literal(str(value), Engine.HIVE)
    raise InterpolationError(
        f"{_where(field)}a {type(value).__name__} has no literal form in a DDL statement "
        "(use a str, int, Decimal, bool or date)"
    )


def _where(field: Field | None) -> str:
    return f"line {field.line}: {field.text}: " if field is not None else ""

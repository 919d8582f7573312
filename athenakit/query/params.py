"""Positional ``?`` parameters: counting placeholders and formatting Python values as literals.

Athena substitutes each ExecutionParameters entry for the matching ``?`` as a SQL literal
written in Trino syntax, so every value is rendered as a literal of its type: strings go through
:func:`athenakit.sql.quoting.quote_literal`, dates and timestamps become typed literals, ``None``
becomes ``NULL``.
https://docs.aws.amazon.com/athena/latest/ug/querying-with-prepared-statements.html
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping, Sequence
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Any

from athenakit.errors import AthenakitError, ConfigError
from athenakit.sql.quoting import Engine, quote_literal


class ParameterError(AthenakitError, ValueError):
    """Parameters that do not fit the statement (wrong count, unsupported type)."""


@lru_cache(maxsize=1)
def _tokenizer_class() -> Any:
    from sqlglot.dialects.dialect import Dialect

    return Dialect.get_or_raise("athena").tokenizer_class


def count_placeholders(sql: str) -> int:
    """Number of ``?`` placeholders in ``sql``, ignoring ``?`` inside strings and comments.

    Raises:
        ParameterError: the statement cannot be tokenized (e.g. an unterminated string).
    """
    from sqlglot import TokenType
    from sqlglot.errors import TokenError

    try:
        tokens = _tokenizer_class()().tokenize(sql)
    except TokenError as err:
        raise ParameterError(f"cannot read the statement to count its parameters: {err}") from err
    if len(tokens) == 2 and tokens[0].token_type is TokenType.COMMAND:
        # EXPLAIN / UNLOAD ...: sqlglot keeps the rest as one string; count inside it.
        return count_placeholders(tokens[1].text)
    return sum(1 for t in _outside_patterns(tokens)
               if t.token_type is TokenType.PLACEHOLDER and t.text == "?")


def _outside_patterns(tokens: list[Any]) -> list[Any]:
    """The tokens outside row patterns: in ``PATTERN (A *? B??)`` a ``?`` is a reluctant or
    optional quantifier, not a parameter
    (https://trino.io/docs/current/sql/match-recognize.html#row-pattern-syntax)."""
    from sqlglot import TokenType

    kept: list[Any] = []
    depth = 0  # inside PATTERN's parentheses
    for token in tokens:
        if depth:
            depth += {TokenType.L_PAREN: 1, TokenType.R_PAREN: -1}.get(token.token_type, 0)
        elif kept and kept[-1].text.upper() == "PATTERN" and token.token_type is TokenType.L_PAREN:
            depth = 1
        else:
            kept.append(token)
    return kept


def check_params(sql: str, params: Sequence[Any] | None) -> list[str] | None:
    """Check the parameter count and format the values for ExecutionParameters.

    Args:
        sql: the statement with ``?`` placeholders.
        params: one value per placeholder, or None when there are none.

    Returns:
        The formatted literals, or None when the statement takes no parameters.

    Raises:
        ParameterError: the count differs from the placeholders, or a value has no literal form.
    """
    given = list(params or [])
    expected = count_placeholders(sql) if given or "?" in sql else 0
    if len(given) != expected:
        raise ParameterError(
            f"the statement has {expected} '?' placeholder(s) but {len(given)} parameter(s) "
            "were given"
        )
    return [format_literal(v) for v in given] or None


def format_literal(value: Any) -> str:
    """Render one Python value as a Trino SQL literal.

    Args:
        value: None, bool, int, float, Decimal, str, bytes, date, datetime, time, a list/tuple
            (ARRAY) or a dict (MAP) of those.

    Returns:
        The literal text, e.g. ``'it''s'``, ``DATE '2024-01-31'``, ``DECIMAL '1.50'``.

    Raises:
        ParameterError: for a type with no literal form, or a non-finite Decimal.

    Example:
        >>> format_literal("it's"), format_literal(None), format_literal(dt.date(2024, 1, 31))
        ("'it''s'", 'NULL', "DATE '2024-01-31'")
    """
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return _signed(str(value))
    if isinstance(value, float):
        return _signed(_float_literal(value))
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise ParameterError(f"a DECIMAL parameter must be finite, got {value}")
        return f"DECIMAL {quote_literal(format(value, 'f'), Engine.TRINO)}"
    if isinstance(value, str):
        return quote_literal(value, Engine.TRINO)
    if isinstance(value, (bytes, bytearray, memoryview)):
        return f"X'{bytes(value).hex().upper()}'"
    return _temporal_or_collection(value)


def _temporal_or_collection(value: Any) -> str:
    # datetime is a subclass of date: test it first.
    if isinstance(value, dt.datetime):
        return f"TIMESTAMP {quote_literal(_timestamp_text(value), Engine.TRINO)}"
    if isinstance(value, dt.date):
        return f"DATE {quote_literal(value.isoformat(), Engine.TRINO)}"
    if isinstance(value, dt.time):
        return f"TIME {quote_literal(value.isoformat(), Engine.TRINO)}"
    if isinstance(value, (list, tuple)):
        return "ARRAY[" + ", ".join(format_literal(v) for v in value) + "]"
    if isinstance(value, Mapping):
        keys = ", ".join(format_literal(k) for k in value)
        values = ", ".join(format_literal(v) for v in value.values())
        return f"MAP(ARRAY[{keys}], ARRAY[{values}])"
    raise ParameterError(f"cannot send a {type(value).__name__} as a query parameter")


def _signed(text: str) -> str:
    # A bare negative literal can merge with a '-' before it into a '--' comment
    # (SELECT 10-{n} with n = -5): parenthesised, it stays one operand.
    return f"({text})" if text.startswith("-") else text


def _float_literal(value: float) -> str:
    if math.isnan(value):
        return "nan()"
    if math.isinf(value):
        return "infinity()" if value > 0 else "-infinity()"
    text = repr(value)
    # A bare 1.5 is a DECIMAL literal in Trino; the exponent makes it a DOUBLE.
    return text if "e" in text or "E" in text else f"{text}E0"


def _timestamp_text(value: dt.datetime) -> str:
    text = value.replace(tzinfo=None).isoformat(sep=" ", timespec="milliseconds")
    if value.microsecond % 1000:
        text = value.replace(tzinfo=None).isoformat(sep=" ", timespec="microseconds")
    offset = value.utcoffset()
    if offset is None:
        return text
    if offset == dt.timedelta(0):
        return f"{text} UTC"
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    return f"{text} {sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


# --- parameter values written as text (``athenakit run --param``, ``%%athena --param``) ---

TYPED_PARAMS = ("str", "int", "float", "decimal", "bool", "date", "timestamp", "null")
"""The ``TYPE:`` prefixes a parameter written as text may carry."""


def parse_param(text: str) -> Any:
    """A ``--param`` value: ``TYPE:VALUE`` with a known type, else a number or a string.

    Example:
        >>> parse_param("42"), parse_param("str:42"), parse_param("date:2024-01-31")
        (42, '42', datetime.date(2024, 1, 31))
    """
    kind, sep, value = text.partition(":")
    if sep and kind in TYPED_PARAMS:
        return _typed(kind, value)
    try:
        return int(text)
    except ValueError:
        pass
    try:
        number = Decimal(text)
    except InvalidOperation:
        return text
    return number if number.is_finite() else text


def _typed(kind: str, value: str) -> Any:
    try:
        if kind == "int":
            return int(value)
        if kind == "float":
            return float(value)
        if kind == "decimal":
            return Decimal(value)
        if kind == "bool":
            if value.lower() not in ("true", "false"):
                raise ValueError(value)
            return value.lower() == "true"
        if kind == "date":
            return dt.date.fromisoformat(value)
        if kind == "timestamp":
            return dt.datetime.fromisoformat(value)
    except (ValueError, InvalidOperation) as err:
        raise ConfigError(f"--param {kind}:{value}: not a valid {kind}") from err
    return None if kind == "null" else value

"""DuckDB's runtime failures spelled as the Trino errors Athena reports for the same query.

Athena fails a query with ``ERROR_NAME: message`` as its state-change reason (for example
``NUMERIC_VALUE_OUT_OF_RANGE: integer addition overflow: 2147483647 + 1``). The local engine
raises the same :class:`~athenakit.errors.QueryError` (state ``FAILED``) with the same reason,
so code that handles one handles both. Two sources:

* the ``ak_*`` macros fail through DuckDB's ``error('NAME: message')`` with Trino's exact text;
* DuckDB's own overflow, division and conversion errors are recognised by their message.

https://trino.io/docs/current/develop/error-handling.html (StandardErrorCode)
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Callable
from typing import Any

from athenakit.local.javatext import java_double, java_real


class TrinoFunctionError(ValueError):
    """Raised by a function written in Python: Trino's ``NAME: message`` for a bad argument."""


# Trino's error names for which a macro raises Trino's message verbatim
TRINO_ERRORS = ("NUMERIC_VALUE_OUT_OF_RANGE", "DIVISION_BY_ZERO", "INVALID_CAST_ARGUMENT",
                "INVALID_FUNCTION_ARGUMENT", "INVALID_JSON_LITERAL", "EXCEEDED_FUNCTION_MEMORY_LIMIT",
                "GENERIC_USER_ERROR", "INVALID_ARGUMENTS", "INVALID_WINDOW_FRAME", "NOT_SUPPORTED")

# the errors Trino's try turns into NULL (TryFunction.propagateIfUnhandled)
CAUGHT = ("DIVISION_BY_ZERO", "INVALID_CAST_ARGUMENT", "INVALID_FUNCTION_ARGUMENT",
          "NUMERIC_VALUE_OUT_OF_RANGE")

# (raised by error(), or by a failing cast where DuckDB takes no error(): "Could not convert
# string 'NAME: message' to INT32")
_OWN = re.compile(r"(" + "|".join(TRINO_ERRORS) + r"): (.*?)(?:' to INT32)?$", re.DOTALL)
_RAISED = re.compile(r"Invalid Input Error: (" + "|".join(TRINO_ERRORS) + r"): ")


def raised(message: str) -> bool:
    """Whether a DuckDB error is a Trino error raised by ``error()``, whose text is the message
    (``Cannot cast to array(bigint). ...`` and a line with the JSON text: jsonreads)."""
    return _RAISED.match(message) is not None


# Trino names its integer types in overflow messages by their SQL name.
_INT_NAMES = {"INT8": "tinyint", "INT16": "smallint", "INT32": "integer", "INT64": "bigint"}
_OVERFLOW = re.compile(
    r"Overflow in (addition|subtraction|multiplication|negation) of (INT8|INT16|INT32|INT64) "
    r"\((.*)\)!")
_DIVISION = re.compile(r"Overflow in division of (-?\d+) / (-?\d+)")
_LEAST_NAMES = {str(-2**7): "tinyint", str(-2**15): "smallint", str(-2**31): "integer",
                str(-2**63): "bigint"}
_CAST_RANGE = re.compile(r"Type (\w+) with value (.+?) can't be cast because the value is out "
                         r"of range for the destination type (\w+)")
_CONVERT = re.compile(r"Could not convert string '(.*)' to (\w+)")
_CAST_DECIMAL = re.compile(r"Failed to cast decimal value (\S+) to type (\w+)")
_TO_DECIMAL = re.compile(r"Could not (?:cast value|convert string) \"?(.+?)\"? to (DECIMAL\(\d+,\d+\))")
_TRINO_CAST_NAMES = {"INT8": "TINYINT", "INT16": "SMALLINT", "INT32": "INT", "INT64": "BIGINT",
                     "DOUBLE": "DOUBLE", "FLOAT": "REAL", "BOOL": "BOOLEAN", "DATE": "DATE"}


# DuckDB's message -> Trino's, for argument checks DuckDB makes itself
_RENAMED = (
    (re.compile(r"Invalid UTF8 Codepoint (-?\d+)"),
     "INVALID_FUNCTION_ARGUMENT: Not a valid Unicode code point: {0}"),
    (re.compile(r"Mismatch Function: Strings must be of equal length"),
     ("INVALID_FUNCTION_ARGUMENT: The input strings to hamming_distance function must have "
      "the same length")),
    (re.compile(r"Map keys must be unique"),
     "INVALID_FUNCTION_ARGUMENT: Duplicate map keys are not allowed"),
    (re.compile(r"map key list does not align with the map value list"),
     "INVALID_FUNCTION_ARGUMENT: Key and value arrays must be the same length"),
    (re.compile(r"Map keys can not be NULL"), "INVALID_FUNCTION_ARGUMENT: map key cannot be null"),
    (re.compile(r'invalid date field format: "(.*?)"|date field value out of range: "(.*?)"'),
     "INVALID_CAST_ARGUMENT: Value cannot be cast to date: {0}"),
    (re.compile(r'invalid timestamp field format: "(.*?)"|'
                r'timestamp field value out of range: "(.*?)"'),
     "INVALID_CAST_ARGUMENT: Value cannot be cast to timestamp: {0}"),
    (re.compile(r'Could not parse string "(.*?)" according to format specifier'),
     'INVALID_FUNCTION_ARGUMENT: Invalid format: "{0}"'),
    # a pattern RE2 cannot read, where Java's syntax (Joni's) cannot either: Trino's message
    # differs, its error name is this (AbstractTestRegexpFunctions.testRegexpLike:
    # regexp_like('abc', '[invalid')). RE2's other complaints (an escape such as \u0041, a
    # repetition above 1000, a possessive quantifier, a POSIX class) are Java syntax RE2
    # lacks: they stay refusals
    (re.compile(r"Invalid Input Error: ((?:missing \]|missing \)|unexpected \)|missing \("
                r"|trailing \\|no argument for repetition operator"
                r"|invalid character class range): .*)"),
     "INVALID_FUNCTION_ARGUMENT: {0}"),
    (re.compile(r"Invalid input for hex digit: (.*)"),
     "INVALID_FUNCTION_ARGUMENT: invalid hex digit: {0}"),
    (re.compile(r'Could not decode string "(.*?)" as base64'),
     "INVALID_FUNCTION_ARGUMENT: Illegal base64 input: {0}"),
    # io.trino.spi.StandardErrorCode.SUBQUERY_MULTIPLE_ROWS (EnforceSingleRowOperator)
    (re.compile(r"More than one row returned by a subquery used as an expression"),
     "SUBQUERY_MULTIPLE_ROWS: Scalar sub-query has returned multiple rows"),
)


def _java_large(text: str) -> str:
    """A double beyond the bigint range as Java's ``Double.toString`` prints it (``9.3E18``)."""
    value = float(text)
    if math.isnan(value) or math.isinf(value):
        return "NaN" if math.isnan(value) else ("Infinity" if value > 0 else "-Infinity")
    mantissa, _, exponent = repr(value).partition("e")
    if not exponent:
        return repr(value)
    return f"{mantissa if '.' in mantissa else mantissa + '.0'}E{int(exponent)}"


def watched(function: Callable[..., Any], escaped: list[str]) -> Callable[..., Any]:
    """``function`` (a Python function DuckDB calls) noting in ``escaped`` each failure that
    Trino's ``try`` would not catch: DuckDB's ``TRY`` turns every failure into NULL, so the
    caller raises a noted one once the statement has run (see
    :meth:`athenakit.local.session.Connection.raise_escaped`)."""
    @functools.wraps(function)  # DuckDB reads the parameter count from the signature
    def call(*args: Any) -> Any:
        try:
            return function(*args)
        except Exception as err:
            if not _caught(err):
                escaped.append(f"{type(err).__name__}: {err}")
            raise
    return call


def _caught(err: Exception) -> bool:
    """Whether Trino's ``try`` catches ``err``, raised by a Python function: Trino's error
    text names the error; a plain ``ValueError`` is a bad argument (INVALID_FUNCTION_ARGUMENT)
    unless it is a refusal."""
    if isinstance(err, TrinoFunctionError):
        return str(err).startswith(CAUGHT)
    return type(err) is ValueError and "not supported locally" not in str(err).lower()


def refusal(message: str) -> str | None:
    """What a query found only at run time that the local engine cannot answer as Athena,
    from a DuckDB message raised by ``error('NOT_SUPPORTED_LOCALLY: <what>')``."""
    # (raised by error(), by a failing cast where DuckDB takes no error(): "Could not convert
    # string 'NOT_SUPPORTED_LOCALLY: <what>' to INT32", or while binding by a guard's missing
    # struct key: 'Could not find key "NOT_SUPPORTED_LOCALLY: <what>" in struct')
    found = re.search(r"NOT_SUPPORTED_LOCALLY: (.*?)(?:' to INT32|\" in struct)?$", message)
    return found.group(1) if found else None


def trino_reason(message: str) -> str | None:
    """Trino's ``NAME: message`` for a DuckDB error message, None when it has no counterpart.

    Example:
        >>> trino_reason("Out of Range Error: Overflow in addition of INT32 (2147483647 + 1)!")
        'NUMERIC_VALUE_OUT_OF_RANGE: integer addition overflow: 2147483647 + 1'
    """
    own = _OWN.search(message)
    if own:
        return f"{own.group(1)}: {own.group(2)}"
    for pattern, text in _RENAMED:
        found = pattern.search(message)
        if found:
            return text.format(*[g for g in found.groups() if g is not None][:1])
    overflow = _OVERFLOW.search(message)
    if overflow:
        operation, kind, operands = overflow.groups()
        return (f"NUMERIC_VALUE_OUT_OF_RANGE: {_INT_NAMES[kind]} {operation} overflow: "
                f"{operands}")
    division = _DIVISION.search(message)
    if division:  # only a type's least value divided by -1 overflows: the value names the type
        kind = _LEAST_NAMES.get(division.group(1), "bigint")
        return (f"NUMERIC_VALUE_OUT_OF_RANGE: {kind} division overflow: {division.group(1)} / "
                f"{division.group(2)}")
    if message.startswith("Out of Range Error: "):
        return "NUMERIC_VALUE_OUT_OF_RANGE: " + message.removeprefix("Out of Range Error: ")
    if "Division by zero" in message:
        return "DIVISION_BY_ZERO: Division by zero"
    cast = _CAST_RANGE.search(message)
    if cast and cast.group(1) in ("DOUBLE", "FLOAT") and cast.group(3) == "INT64":
        # Trino's DoubleOperators.castToLong (TestDoubleOperators.testCastToBigint)
        return f"INVALID_CAST_ARGUMENT: Unable to cast {_java_large(cast.group(2))} to bigint"
    if cast:
        name = _INT_NAMES.get(cast.group(3), cast.group(3).lower())
        value = cast.group(2)
        if cast.group(1) in ("DOUBLE", "FLOAT"):  # Trino prints the value as Java does
            value = (java_real if cast.group(1) == "FLOAT" else java_double)(float(value))
        return f"NUMERIC_VALUE_OUT_OF_RANGE: Out of range for {name}: {value}"
    decimal = _CAST_DECIMAL.search(message)
    if decimal:
        # DecimalCasts names the integer type in full (TestDecimalCasts: "... to INTEGER")
        target = {**_TRINO_CAST_NAMES, "INT32": "INTEGER"}.get(decimal.group(2),
                                                                decimal.group(2))
        return f"INVALID_CAST_ARGUMENT: Cannot cast '{decimal.group(1)}' to {target}"
    to_decimal = _TO_DECIMAL.search(message)
    if to_decimal:
        return (f"INVALID_CAST_ARGUMENT: Cannot cast '{to_decimal.group(1)}' to "
                f"{to_decimal.group(2).replace(',', ', ')}")
    convert = _CONVERT.search(message)
    if convert:
        target = _TRINO_CAST_NAMES.get(convert.group(2), convert.group(2))
        return f"INVALID_CAST_ARGUMENT: Cannot cast '{convert.group(1)}' to {target}"
    return None

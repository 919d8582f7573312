"""Trino's ``varbinary`` functions where DuckDB's differ (TestVarbinaryFunctions).

* ``lpad`` / ``rpad``, ``substr`` and ``reverse`` of ``varbinary`` work on bytes (DuckDB
  casts the bytes to text: its ``lpad(x'1234', 7, x'4524')`` padded characters).
* ``from_hex`` / ``from_base64`` / ``from_base64url`` also take ``varbinary`` (the text its
  bytes spell).
* ``from_ieee754_32`` / ``from_ieee754_64`` of a NaN is NaN (DuckDB hands a NaN returned by a
  Python function back as NULL).

https://trino.io/docs/current/functions/binary.html
"""

from __future__ import annotations

import math
import struct
from collections.abc import Callable
from typing import Any

from sqlglot import exp

from athenakit.local.nodes import call as _call
from athenakit.local.runtime_errors import TrinoFunctionError


def _fail(message: str) -> TrinoFunctionError:
    return TrinoFunctionError(f"INVALID_FUNCTION_ARGUMENT: {message}")


def binary_text(node: exp.Expression) -> exp.Expression:
    """A ``varbinary`` argument of ``from_hex`` / ``from_base64`` / ``from_base64url`` as the
    text its bytes spell (Trino has overloads taking ``varbinary``); other arguments as
    they are."""
    return _call("AK_ASCII_TEXT", node) if is_binary(node) else node


def is_binary(node: exp.Expression) -> bool:
    """Whether ``node`` is typed ``varbinary`` (or is ``to_utf8`` / ``from_hex`` /
    ``from_base64``, which sqlglot leaves untyped)."""
    return isinstance(node, exp.Encode | exp.Unhex | exp.FromBase64) or (
        node.type is not None and node.type.is_type(exp.DType.VARBINARY, exp.DType.BINARY))


def binary_pad(data: bytes, size: int, pad: bytes, left: bool) -> bytes:
    """``lpad`` / ``rpad`` of ``varbinary`` (VarbinaryFunctions.pad)."""
    if not 0 <= size <= 2**31 - 1:
        raise _fail(f"Target length must be in the range [0..{2**31 - 1}]")
    if not pad:
        raise _fail("Padding bytes must not be empty")
    if len(data) >= size:
        return data[:size]
    fill = (pad * (size // len(pad) + 1))[:size - len(data)]
    return fill + data if left else data + fill


def binary_substr(data: bytes, start: int, length: int | None = None) -> bytes:
    """``substr`` of ``varbinary`` (VarbinaryFunctions.substr): a start of 0, a length of 0 or
    less, or a start before the first byte gives no bytes."""
    if length is None:
        length = len(data) - start + 1
    if start == 0 or length <= 0 or not data:
        return b""
    first = start - 1 if start > 0 else start + len(data)
    if first < 0 or first >= len(data):
        return b""
    return data[first:first + length]


def _is_nan(data: bytes, size: int) -> bool:
    return len(data) == size and math.isnan(struct.unpack(">d" if size == 8 else ">f", data)[0])


FUNCTIONS: dict[str, tuple[Callable[..., Any], list[str], str]] = {
    "ak_binary_pad": (binary_pad, ["BLOB", "BIGINT", "BLOB", "BOOLEAN"], "BLOB"),
    "ak_binary_substr": (lambda d, s: binary_substr(d, s), ["BLOB", "BIGINT"], "BLOB"),
    "ak_binary_substr_for": (binary_substr, ["BLOB", "BIGINT", "BIGINT"], "BLOB"),
    "ak_binary_reverse": (lambda d: d[::-1], ["BLOB"], "BLOB"),
    "ak_ascii_text": (lambda b: b.decode("latin-1"), ["BLOB"], "VARCHAR"),
    "ak_ieee754_nan": (_is_nan, ["BLOB", "INTEGER"], "BOOLEAN"),
}

MACROS: dict[str, str] = {
    # DuckDB hands a NaN returned by a Python function back as NULL: NaN is made in SQL
    "ak_from_ieee754_64": "(b) AS CASE WHEN ak_ieee754_nan(b, 8) THEN CAST('NaN' AS DOUBLE) "
                          "ELSE ak_from_ieee754_64_bits(b) END",
    "ak_from_ieee754_32": "(b) AS CASE WHEN ak_ieee754_nan(b, 4) THEN CAST('NaN' AS REAL) "
                          "ELSE ak_from_ieee754_32_bits(b) END",
}

BY_CLASS: dict[type[exp.Expression], Callable[[exp.Expression], exp.Expression]] = {
    exp.FromBase64: lambda n: _call("FROM_BASE64", binary_text(n.this)),
}

BY_NAME: dict[str, Callable[[list[exp.Expression]], exp.Expression]] = {
    "FROM_IEEE754_64": lambda a: _call("AK_FROM_IEEE754_64", *a),
    "FROM_IEEE754_32": lambda a: _call("AK_FROM_IEEE754_32", *a),
}

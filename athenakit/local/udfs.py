"""Trino functions DuckDB lacks, written in Python and registered as DuckDB scalar functions.

Each one reproduces the Java behaviour Trino's implementation has (``URLEncoder``,
``Double.toString``, big-endian encodings, HMAC). A failure raises Trino's error text, which
:mod:`athenakit.local.runtime_errors` turns into the same ``QueryError`` Athena gives.

https://trino.io/docs/current/functions/binary.html
https://trino.io/docs/current/functions/url.html#encoding-functions
"""

from __future__ import annotations

import base64
import functools
import hashlib
import hmac
import inspect
import math
import struct
import urllib.parse
import zlib
from collections.abc import Callable
from typing import Any

from athenakit.local import stats, unitformats
from athenakit.local.javatext import java_double, java_real, varchar_double, varchar_real
from athenakit.local.runtime_errors import TrinoFunctionError, watched
from athenakit.local.types import athena_type


def url_encode(value: str) -> str:
    """``java.net.URLEncoder.encode(value, UTF-8)``: space as ``+``, ``*-._`` kept."""
    # Python keeps "~" (RFC 3986 unreserved); Java's URLEncoder encodes it
    return urllib.parse.quote_plus(value, safe="*-._").replace("~", "%7E")


def url_decode(value: str) -> str:
    """``java.net.URLDecoder.decode(value, UTF-8)``, which Trino's ``url_decode`` calls: ``+``
    is a space, each run of ``%XX`` escapes is decoded as UTF-8 (malformed bytes as U+FFFD),
    and a bad escape fails with the decoder's message (INVALID_FUNCTION_ARGUMENT)."""
    out, i = [], 0
    while i < len(value):
        if value[i] != "%":
            out.append(" " if value[i] == "+" else value[i])
            i += 1
            continue
        run = bytearray()
        while i + 2 < len(value) and value[i] == "%":
            run.append(_escaped_byte(value[i + 1:i + 3]))
            i += 3
        if i < len(value) and value[i] == "%":
            raise TrinoFunctionError("INVALID_FUNCTION_ARGUMENT: URLDecoder: Incomplete "
                                     "trailing escape (%) pattern")
        out.append(run.decode("utf-8", errors="replace"))
    return "".join(out)


def _escaped_byte(digits: str) -> int:
    """The byte of a ``%XX`` escape as ``URLDecoder`` reads it: ``Integer.parseInt(XX, 16)``
    (a sign is allowed; a negative value fails)."""
    prefix = "URLDecoder: Illegal hex characters in escape (%) pattern - "
    signed = digits[0] in "+-"
    bad = next((k for k, ch in enumerate(digits) if not (k == 0 and signed)
                and ch not in "0123456789abcdefABCDEF"), None)
    if bad is not None or (signed and len(digits) == 1):
        # NumberFormatException.forCharSequence (JDK 17+)
        raise TrinoFunctionError(f'INVALID_FUNCTION_ARGUMENT: {prefix}Error at index '
                                 f'{bad if bad is not None else 0} in: "{digits}"')
    number = int(digits, 16)
    if number < 0:
        raise TrinoFunctionError(f"INVALID_FUNCTION_ARGUMENT: {prefix}negative value")
    return number


def _unpack(fmt: str, message: str) -> Callable[[bytes], Any]:
    """Decode exactly ``struct.calcsize(fmt)`` bytes; other lengths fail with ``message``
    (``{size}`` and ``{got}`` filled in)."""
    size = struct.calcsize(fmt)

    def decode(data: bytes) -> Any:
        if len(data) != size:
            raise TrinoFunctionError("INVALID_FUNCTION_ARGUMENT: " + message.format(
                size=size, got=len(data)))
        return struct.unpack(fmt, data)[0]
    return decode


_BIG_ENDIAN = "expected {size}-byte input, but got instead: {got}"
_IEEE754 = "Input floating-point value must be exactly {size} bytes long"


def _hmac(name: str) -> Callable[[bytes, bytes], bytes]:
    return lambda data, key: hmac.new(key, data, name).digest()


def xxhash64(data: bytes) -> bytes:
    """``xxhash64``: the 64-bit xxHash (seed 0), big-endian as Trino returns it."""
    import xxhash  # the local extra installs it

    return bytes(xxhash.xxh64(data).digest())


def _base64url_decode(text: str) -> bytes:
    try:
        return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except ValueError as err:
        raise TrinoFunctionError(f"INVALID_FUNCTION_ARGUMENT: {err}") from err


def java_mod(a: float, b: float) -> float:
    """Java's ``%`` on doubles (IEEE ``fmod``: the sign of the dividend; NaN for a zero
    divisor or an infinite dividend)."""
    if b == 0 or math.isinf(a) or math.isnan(a) or math.isnan(b):
        return math.nan
    return math.fmod(a, b)


def from_base(text: str, radix: int) -> int:
    """``from_base``: ``Long.parseLong(text, radix)``."""
    if not 2 <= radix <= 36:
        raise TrinoFunctionError("INVALID_FUNCTION_ARGUMENT: Radix must be between 2 and 36")
    try:
        value = int(text, radix) if text.strip() == text and "_" not in text else None
    except ValueError:
        value = None
    if value is None or not -2**63 <= value < 2**63:
        raise TrinoFunctionError(
            f"INVALID_FUNCTION_ARGUMENT: Not a valid base-{radix} number: {text}")
    return value


def to_base(value: int, radix: int) -> str:
    """``to_base``: ``Long.toString(value, radix)`` (lower case, leading ``-``)."""
    if not 2 <= radix <= 36:
        raise TrinoFunctionError("INVALID_FUNCTION_ARGUMENT: Radix must be between 2 and 36")
    digits, number, out = "0123456789abcdefghijklmnopqrstuvwxyz", abs(value), ""
    while True:
        number, rest = divmod(number, radix)
        out = digits[rest] + out
        if number == 0:
            return ("-" if value < 0 else "") + out


def width_bucket(operand: float, bound1: float, bound2: float, count: int) -> int:
    """``width_bucket(x, bound1, bound2, n)``, bounds in either order (MathFunctions)."""
    checks = ((count > 0, "bucketCount must be greater than 0"),
              (not math.isnan(operand), "operand must not be NaN"),
              (math.isfinite(bound1), "first bound must be finite"),
              (math.isfinite(bound2), "second bound must be finite"),
              (bound1 != bound2, "bounds cannot equal each other"))
    for ok, message in checks:
        if not ok:
            raise TrinoFunctionError(f"INVALID_FUNCTION_ARGUMENT: {message}")
    lower, upper = min(bound1, bound2), max(bound1, bound2)
    if operand < lower:
        result = 0
    elif operand >= upper:
        if count == 2**63 - 1:  # Math.addExact(bucketCount, 1)
            raise TrinoFunctionError(f"NUMERIC_VALUE_OUT_OF_RANGE: Bucket for value "
                                     f"{java_double(operand)} is out of range")
        result = count + 1
    else:
        result = int(count * (operand - lower) / (upper - lower) + 1)
    return count - result + 1 if bound1 > bound2 else result


def width_bucket_bins(operand: float, bins: list[float | None]) -> int:
    """``width_bucket(x, bins)``: Trino's binary search over ``bins`` (MathFunctions), which
    checks the order and finiteness only of the bins it visits."""
    if not bins:
        raise TrinoFunctionError("INVALID_FUNCTION_ARGUMENT: Bins cannot be an empty array")
    if math.isnan(operand):
        raise TrinoFunctionError("INVALID_FUNCTION_ARGUMENT: Operand cannot be NaN")
    if None in bins:
        raise TrinoFunctionError("NOT_SUPPORTED_LOCALLY: width_bucket over bins holding a NULL")
    values = [float(b) for b in bins if b is not None]
    lower, upper = 0, len(values)
    while lower < upper:
        if values[lower] > values[upper - 1]:
            raise TrinoFunctionError("INVALID_FUNCTION_ARGUMENT: Bin values are not sorted in "
                                     "ascending order")
        index = (lower + upper) // 2
        if not math.isfinite(values[index]):
            raise TrinoFunctionError(f"INVALID_FUNCTION_ARGUMENT: Bin value must be finite, "
                                     f"got {java_double(values[index])}")
        lower, upper = (lower, index) if operand < values[index] else (index + 1, upper)
    return lower


_B, _V, _D, _BIG, _INT, _R = "BLOB", "VARCHAR", "DOUBLE", "BIGINT", "INTEGER", "FLOAT"
FUNCTIONS: dict[str, tuple[Callable[..., Any], list[str], str]] = {
    "ak_xxhash64": (xxhash64, [_B], _B),
    "ak_sha1": (lambda b: hashlib.sha1(b).digest(), [_B], _B),
    "ak_sha512": (lambda b: hashlib.sha512(b).digest(), [_B], _B),
    "ak_crc32": (lambda b: zlib.crc32(b), [_B], _BIG),
    "ak_hmac_md5": (_hmac("md5"), [_B, _B], _B),
    "ak_hmac_sha1": (_hmac("sha1"), [_B, _B], _B),
    "ak_hmac_sha256": (_hmac("sha256"), [_B, _B], _B),
    "ak_hmac_sha512": (_hmac("sha512"), [_B, _B], _B),
    "ak_java_double": (java_double, [_D], _V),
    "ak_java_mod": (java_mod, [_D, _D], _D),
    "ak_athena_type": (athena_type, [_V], _V),
    "ak_from_base": (from_base, [_V, _BIG], _BIG),
    "ak_to_base": (to_base, [_BIG, _BIG], _V),
    "ak_width_bucket": (width_bucket, [_D, _D, _D, _BIG], _BIG),
    "ak_width_bucket_bins": (width_bucket_bins, [_D, "DOUBLE[]"], _BIG),
    "ak_java_real": (java_real, [_R], _V),
    "ak_varchar_double": (varchar_double, [_D], _V),
    "ak_varchar_real": (varchar_real, [_R], _V),
    "ak_url_encode": (url_encode, [_V], _V),
    "ak_url_decode": (url_decode, [_V], _V),
    "ak_to_big_endian_64": (lambda n: struct.pack(">q", n), [_BIG], _B),
    "ak_to_big_endian_32": (lambda n: struct.pack(">i", n), [_INT], _B),
    "ak_from_big_endian_64": (_unpack(">q", _BIG_ENDIAN), [_B], _BIG),
    "ak_from_big_endian_32": (_unpack(">i", _BIG_ENDIAN), [_B], _INT),
    "ak_to_ieee754_64": (lambda x: struct.pack(">d", x), [_D], _B),
    "ak_to_ieee754_32": (lambda x: struct.pack(">f", x), [_R], _B),
    "ak_from_ieee754_64_bits": (_unpack(">d", _IEEE754), [_B], _D),
    "ak_from_ieee754_32_bits": (_unpack(">f", _IEEE754), [_B], _R),
    "ak_to_base64url": (lambda b: base64.urlsafe_b64encode(b).decode(), [_B], _V),
    "ak_from_base64url": (_base64url_decode, [_V], _B),
    "ak_format_number": (unitformats.format_number, [_D], _V),
    "ak_human_readable_seconds": (unitformats.human_readable_seconds, [_D], _V),
}

# functions whose answer may be NULL for non-NULL arguments (DuckDB then passes NULLs too)
NULL_AWARE = {"ak_json_cast_failure", "ak_split_part", "ak_json_stream", "ak_json_array_stream",
              "ak_regexp_join"}

# Trino name -> registered function (same arguments)
NAMES = {name.removeprefix("ak_").upper(): name.upper()
         for name in [*FUNCTIONS, *stats.FUNCTIONS]
         if name not in ("ak_java_double", "ak_java_real", "ak_varchar_double",
                         "ak_varchar_real", "ak_java_mod", "ak_athena_type",
                         "ak_from_base",
                         "ak_width_bucket", "ak_width_bucket_bins")}


@functools.cache
def functions() -> dict[str, tuple[Callable[..., Any], list[Any], Any]]:
    """Every Python function the local engine registers: lower-case name -> (function,
    parameter types, result type). Built on first use; callers must not modify it."""
    from athenakit.local import (
        binaryfuncs,
        bits,
        datasize,
        dateparse,
        exact_decimals,
        isodates,
        javaformat,
        jodaparse,
        jsoncasts,
        jsonfuncs,
        jsonreads,
        regexps,
        strings,
        textfuncs,
    )

    every = {**FUNCTIONS, **strings.FUNCTIONS, **textfuncs.FUNCTIONS,
             **binaryfuncs.FUNCTIONS, **regexps.FUNCTIONS, **bits.FUNCTIONS,
             **stats.FUNCTIONS, **exact_decimals.FUNCTIONS, **dateparse.FUNCTIONS,
             **jsonfuncs.FUNCTIONS, **isodates.FUNCTIONS, **jodaparse.FUNCTIONS,
             **jsoncasts.FUNCTIONS, **jsonreads.FUNCTIONS, **javaformat.FUNCTIONS,
             **datasize.FUNCTIONS}
    return {name.lower(): spec for name, spec in every.items()}


def register(con: Any, name: str, escaped: list[str]) -> None:
    """Register one function of :func:`functions` on a DuckDB connection.

    Args:
        con: a ``duckdb.DuckDBPyConnection``.
        name: its lower-case name.
        escaped: where its failures that Trino's ``try`` does not catch are noted
            (:func:`~athenakit.local.runtime_errors.watched`).
    """
    from athenakit.local import jsonreads

    function, params, result = functions()[name]
    function = watched(function, escaped)
    if name in jsonreads.VECTORIZED:  # already over Arrow columns
        con.create_function(name, function, params, result, type="arrow", side_effects=False,
                            null_handling="special")
        return
    if result in (_D, _R):  # DuckDB turns a NaN a Python function returns into NULL
        vectorized = _vectorized(function, result, len(params), name in NULL_AWARE)
        con.create_function(name, vectorized, params, result, type="arrow", side_effects=False,
                            null_handling="special")
        return
    # functions that can answer NULL see NULL arguments themselves
    nulls = "special" if name in NULL_AWARE else "default"
    con.create_function(name, function, params, result, side_effects=False,
                        null_handling=nulls)


def _vectorized(function: Callable[..., Any], result: str, arity: int,
                null_aware: bool) -> Callable[..., Any]:
    """``function`` over Arrow columns, where a NaN argument or answer stays NaN (Trino's
    ``normal_cdf(0, 1, nan())`` is NaN; a row-wise DuckDB function answers NULL)."""
    import pyarrow as pa

    kind = pa.float64() if result == _D else pa.float32()

    def call(*columns: Any) -> Any:
        rows = zip(*(column.to_pylist() for column in columns), strict=True)
        return pa.array([function(*row) if null_aware or None not in row else None
                         for row in rows], type=kind)
    # DuckDB reads the parameter count from the signature
    call.__signature__ = inspect.Signature(  # type: ignore[attr-defined]
        [inspect.Parameter(f"a{i}", inspect.Parameter.POSITIONAL_ONLY) for i in range(arity)])
    return call

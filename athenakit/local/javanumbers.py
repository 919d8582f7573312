"""Numbers in text read as Java reads them, for the JSON SerDes' decoders.

``Long.parseLong`` (a sign and ASCII digits, in the type's range), ``Double.parseDouble`` /
``Float.parseFloat`` (the text trimmed, a ``d`` / ``f`` suffix, ``NaN``, ``Infinity``) and
``new BigDecimal(text)`` rounded HALF_UP to a decimal column's scale
(``HiveFormatUtils.writeDecimal``), which DuckDB's casts read otherwise (blanks, ``inf``).

https://docs.aws.amazon.com/athena/latest/ug/data-types.html
"""

from __future__ import annotations

import math
import re
import struct
from decimal import (
    MAX_EMAX,
    MIN_EMIN,
    ROUND_HALF_UP,
    Context,
    Decimal,
    InvalidOperation,
    localcontext,
)

from athenakit.local.errors import UnsupportedLocally

JAVA_LONG = re.compile(r"[+-]?[0-9]+", re.ASCII)
BIG_DECIMAL = re.compile(r"[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?", re.ASCII)
_JAVA_NUMBER = re.compile(
    r"[+-]?(NaN|Infinity|([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?[fFdD]?)", re.ASCII)
_JAVA_HEX = re.compile(r"[+-]?0[xX][0-9a-fA-F]*\.?[0-9a-fA-F]*[pP][+-]?[0-9]+[fFdD]?")


class Fail(Exception):
    """A value the SerDe cannot read: the query fails (Hive JSON) or the value is NULL."""


def java_long(text: str, bits: int = 64) -> int:
    """Long.parseLong / Integer.parseInt / Short.parseShort / Byte.parseByte."""
    if not JAVA_LONG.fullmatch(text):
        raise Fail(f'For input string: "{text}"')
    value = int(text)
    if not -(2 ** (bits - 1)) <= value < 2 ** (bits - 1):
        raise Fail(f'Value out of range. Value:"{text}"')
    return value


def java_double(text: str) -> float:
    """Double.parseDouble: the text trimmed, Java's grammar (a d / f suffix, NaN, Infinity)."""
    trimmed = text.strip("".join(map(chr, range(33))))
    if _JAVA_NUMBER.fullmatch(trimmed):
        return float(trimmed.rstrip("fFdD").replace("Infinity", "inf"))
    if _JAVA_HEX.fullmatch(trimmed):
        raise UnsupportedLocally("a hexadecimal floating-point text in a JSON double or real value")
    raise Fail(f'For input string: "{text}"')


def real(value: float) -> float:
    # a real is a 32-bit float: Float.parseFloat, or Jackson's (float) getDoubleValue()
    return float(struct.unpack("f", struct.pack("f", value))[0]) if math.isfinite(value) else value


class NotANumber(Fail):
    """``new BigDecimal(text)`` fails: the text is not a number."""


def big_decimal(text: str, precision: int, scale: int) -> Decimal:
    """HiveFormatUtils.writeDecimal: new BigDecimal(text), HALF_UP to the scale, at most
    ``precision`` digits.

    Raises:
        NotANumber: the text is not a number.
        Fail: the value needs more than ``precision`` digits ("Value too large.").
    """
    if not BIG_DECIMAL.fullmatch(text):
        raise NotANumber(f"Cannot convert '{text}' to decimal({precision}, {scale}). "
                         "Value is not a number.")
    try:
        with localcontext(Context(prec=precision + 2, Emax=MAX_EMAX, Emin=MIN_EMIN)):
            value = Decimal(text).quantize(Decimal(1).scaleb(-scale), rounding=ROUND_HALF_UP)
    except InvalidOperation:
        value = None
    if value is None or len(value.as_tuple().digits) > precision and value != 0:
        raise Fail(f"Cannot convert '{text}' to decimal({precision}, {scale}). Value too large.")
    return value

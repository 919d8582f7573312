"""Bare JSON text as the OpenX JSON SerDe reads it (Trino's OpenXJsonDeserializer, JsonWriter).

Integers may be written in decimal, hexadecimal (``0x1F``) or octal (``017``; a second digit up
to 8, as its ``isOctalDigit`` has it), or as any decimal number, cut toward zero; a string column
holding a bare literal, an array or an object gets JsonWriter's text of it (booleans in lower
case, numbers as ``BigDecimal.toString`` prints them, compact JSON, ``</`` escaped).

https://docs.aws.amazon.com/athena/latest/ug/openx-json-serde.html
"""

from __future__ import annotations

import string
from decimal import ROUND_DOWN, Decimal
from typing import Any

from athenakit.local.javanumbers import BIG_DECIMAL, Fail, java_long
from athenakit.local.jsontokens import Bare


def hex_octal_long(text: str) -> int:
    """OpenXJsonDeserializer.parseDecimalHexOctalLong: ``0x1F`` is hexadecimal, ``017``
    octal (a second character up to 8, as its isOctalDigit), else Long.parseLong."""
    digits, base = text, 10
    if len(text) >= 3 and text[0] == "0" and text[1] in "xX" and text[2] in string.hexdigits:
        digits, base = text[2:], 16
    elif len(text) >= 2 and text[0] == "0" and "0" <= text[1] <= "8":
        digits, base = text[1:], 8
    if base == 10:
        return java_long(text)
    allowed = string.hexdigits if base == 16 else string.octdigits
    value = int(digits, base) if digits and all(c in allowed for c in digits) else 2**63
    if value >= 2**63:  # Long.parseLong(digits, radix): no sign here, a long
        raise Fail(f'For input string: "{text}"')
    return value


def openx_long(text: str) -> int:
    """OpenXJsonDeserializer.parseLong: decimal, hex or octal, else new BigDecimal(text)
    truncated toward zero, which must fit a long."""
    try:
        return hex_octal_long(text)
    except Fail:
        pass
    if not BIG_DECIMAL.fullmatch(text):
        raise Fail(f'For input string: "{text}"')
    value = int(Decimal(text).to_integral_value(rounding=ROUND_DOWN))
    if not -(2**63) <= value < 2**63:
        raise Fail("Overflow")
    return value


def _canonical(text: str) -> str | None:
    """JsonWriter.canonicalizeUnquotedString: booleans in lower case, integers (hex, octal) in
    decimal, other numbers as BigDecimal.toString prints them; None for other text."""
    if text.lower() in ("true", "false"):
        return text.lower()
    try:
        return str(hex_octal_long(text))
    except Fail:
        pass
    if BIG_DECIMAL.fullmatch(text):
        return str(Decimal(text))  # Python's to-sci-string is BigDecimal.toString's rule
    return None


def canonical_bare(text: str) -> str:
    """JsonWriter.canonicalizeJsonString of a bare literal."""
    found = _canonical(text)
    return text if found is None else found


def write_json(value: Any) -> str:
    """JsonWriter: compact JSON, bare literals canonical, ``</`` written ``<\\/``."""
    if value is None:
        return "null"
    if value is True or value is False:
        return "true" if value else "false"
    if isinstance(value, list):
        return "[" + ",".join(write_json(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ",".join(f"{_json_string(k)}:{write_json(v)}" for k, v in value.items()) + "}"
    if isinstance(value, Bare):
        canonical = _canonical(value)
        if canonical is not None:
            return canonical
    return _json_string(value)


_JSON_ESCAPES = {'"': '\\"', "\\": "\\\\", "\t": "\\t", "\b": "\\b", "\n": "\\n", "\r": "\\r",
                 "\f": "\\f"}


def _json_string(text: str) -> str:
    out = []
    previous = ""
    for c in text:
        if c in _JSON_ESCAPES:
            out.append(_JSON_ESCAPES[c])
        elif c == "/" and previous == "<":
            out.append("\\/")
        elif c <= "\x1f":
            out.append(f"\\u{ord(c):04x}")
        else:
            out.append(c)
        previous = c
    return '"' + "".join(out) + '"'

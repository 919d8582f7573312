"""Java's ``Double.toString`` and ``Float.toString``: how Trino prints a ``double`` or ``real``
as text (``CAST(x AS varchar)``) and in its messages (``Out of range for integer: 1.0E10``).
"""

from __future__ import annotations

import math
import struct
from decimal import Decimal


def java_double(value: float) -> str:
    """``Double.toString``: plain for 1e-3 <= |x| < 1e7, else ``d.dddE±n``.

    Example:
        >>> java_double(1.0E10), java_double(0.5), java_double(1e-4)
        ('1.0E10', '0.5', '1.0E-4')
    """
    return _java_float(value, repr(value))


def java_real(value: float) -> str:
    """``Float.toString`` of a ``real`` (shortest digits that read back as the same float)."""
    for digits in range(1, 10):
        text = f"{value:.{digits}g}"
        if struct.unpack("f", struct.pack("f", float(text)))[0] == value:
            return _java_float(value, repr(float(text)))
    return _java_float(value, repr(value))


def _java_float(value: float, shortest: str) -> str:
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "Infinity" if value > 0 else "-Infinity"
    if value == 0:
        return "-0.0" if math.copysign(1, value) < 0 else "0.0"
    number = Decimal(shortest)
    if Decimal("1e-3") <= abs(number) < Decimal("1e7"):
        text = format(number, "f")
        return text if "." in text else text + ".0"
    sign, digits, exponent = number.as_tuple()
    text = "".join(map(str, digits)).rstrip("0") or "0"
    power = len(digits) - 1 + int(exponent)
    return f"{'-' if sign else ''}{text[0]}.{text[1:] or '0'}E{power}"

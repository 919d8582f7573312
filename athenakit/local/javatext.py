"""How Trino prints a ``double`` or ``real`` as text.

* In its messages and JSON, Java's ``Double.toString`` / ``Float.toString``
  (``Out of range for integer: 1.0E10``): :func:`java_double`, :func:`java_real`.
* In ``CAST(x AS varchar)``, Trino's ``DoubleOperators.castToVarchar`` /
  ``RealOperators.castToVarchar``: the same digits always in scientific notation, Java's
  ``DecimalFormat("0.0###################E0")`` (``3.77E1``, ``1.2E3``, ``0E0``;
  TestDoubleOperators.testCastToVarchar, TestRealOperators.testCastToVarchar):
  :func:`varchar_double`, :func:`varchar_real`.
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
    return _java_float(value, _shortest_real(value))


def varchar_double(value: float) -> str:
    """``CAST(double AS varchar)``.

    Example:
        >>> varchar_double(37.7), varchar_double(1200.0), varchar_double(-0.0)
        ('3.77E1', '1.2E3', '-0E0')
    """
    return _scientific(value, repr(value))


def varchar_real(value: float) -> str:
    """``CAST(real AS varchar)``: the digits of ``Float.toString`` (``7.541985E2``)."""
    return _scientific(value, _shortest_real(value))


def _scientific(value: float, shortest: str) -> str:
    if math.isnan(value) or math.isinf(value):
        return _java_float(value, shortest)
    if value == 0:
        return "-0E0" if math.copysign(1, value) < 0 else "0E0"
    return _exponent_form(Decimal(shortest))


def _shortest_real(value: float) -> str:
    """The fewest digits that read back as the ``real`` ``value``."""
    for digits in range(1, 10):
        text = f"{value:.{digits}g}"
        if struct.unpack("f", struct.pack("f", float(text)))[0] == value:
            return repr(float(text))
    return repr(value)


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
    return _exponent_form(number)


def _exponent_form(number: Decimal) -> str:
    """``d.dddE±n``: one digit before the point, at least one after (``1.0E10``)."""
    sign, digits, exponent = number.as_tuple()
    text = "".join(map(str, digits)).rstrip("0") or "0"
    power = len(digits) - 1 + int(exponent)
    return f"{'-' if sign else ''}{text[0]}.{text[1:] or '0'}E{power}"

"""Trino's functions that spell a number with units: ``format_number`` and
``human_readable_seconds``, written in Python as Trino's Java writes them (DuckDB has neither).

``format_number(x)`` divides by 1000 while the value is at least 1000 in size, naming the
unit K, M, B, T, Q, and prints up to two decimals below 10, one below 100, none above, rounded
half up (``io.trino.operator.scalar.FormatNumberFunction``: ``DecimalFormat("#.##")`` and
so on; a negative value is always below 10, so it keeps two decimals: ``-9223.37Q``). A
``double`` is first truncated to a ``bigint`` (Java's ``(long) value``).
``human_readable_seconds(x)`` rounds the size of ``x`` to whole seconds and names the weeks,
days, hours, minutes and seconds in it (``HumanReadableSeconds``); NaN and infinities fail.
https://trino.io/docs/current/functions/conversion.html#format_number
https://trino.io/docs/current/functions/datetime.html#human_readable_seconds
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal

from athenakit.local.runtime_errors import TrinoFunctionError

_LONG = 2**63
_UNITS = "KMBTQ"
_PERIODS = (("week", 7 * 86400), ("day", 86400), ("hour", 3600), ("minute", 60), ("second", 1))


def java_long(value: float) -> int:
    """Java's ``(long) value``: toward zero, NaN 0, beyond the range its bound."""
    if math.isnan(value):
        return 0
    if math.isinf(value) or abs(value) >= _LONG:
        return _LONG - 1 if value > 0 else -_LONG
    return int(value)


def format_number(value: float) -> str:
    """``format_number(x)``: ``12345`` is ``12.3K``, ``-1000`` ``-1K``."""
    fractional = float(java_long(value))
    unit = ""
    for name in _UNITS:
        if fractional >= 1000 or fractional <= -1000:
            fractional /= 1000
            unit = name
    places = 2 if fractional < 10 else 1 if fractional < 100 else 0
    # DecimalFormat rounds the double's exact value, and drops trailing zeros ("#.##")
    rounded = Decimal(fractional).quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP)
    text = format(rounded, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return ("0" if text in ("-0", "") else text) + unit


def human_readable_seconds(value: float) -> str:
    """``human_readable_seconds(x)``: ``61`` is ``1 minute, 1 second``, ``0`` ``0 seconds``.

    Raises:
        TrinoFunctionError: NaN or an infinity (Trino's ``Invalid argument found: NaN``).
    """
    if math.isnan(value) or math.isinf(value):
        shown = "NaN" if math.isnan(value) else "Infinity" if value > 0 else "-Infinity"
        raise TrinoFunctionError(f"INVALID_FUNCTION_ARGUMENT: Invalid argument found: {shown}")
    seconds = min(math.floor(abs(value) + 0.5), _LONG - 1)  # Java's Math.round
    parts = []
    for name, size in _PERIODS:
        count, seconds = divmod(seconds, size)
        if count:
            parts.append(f"{count} {name}" + ("" if count == 1 else "s"))
    return ", ".join(parts) or "0 seconds"

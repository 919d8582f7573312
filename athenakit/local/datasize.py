"""Trino's ``parse_data_size('2.3MB')``: bytes as ``decimal(38,0)`` (units are powers of 1024).

https://trino.io/docs/current/functions/conversion.html#parse_data_size
"""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import ROUND_FLOOR, Decimal, localcontext
from typing import Any

from athenakit.local.runtime_errors import TrinoFunctionError

_UNITS = ("B", "kB", "MB", "GB", "TB", "PB", "EB", "ZB", "YB")
_SIZE = re.compile(r"(\d+(?:\.\d+)?)(B|kB|MB|GB|TB|PB|EB|ZB|YB)")
_MAX = Decimal(10) ** 38 - 1


def parse_data_size(text: str) -> Decimal:
    """Bytes in ``text`` (``'2.2kB'`` is 2252), as Trino's DataSizeFunctions: the value times
    1024 to the unit's power, rounded down.

    Raises:
        TrinoFunctionError: text that is not a size, or a size beyond ``decimal(38,0)``.
    """
    match = _SIZE.fullmatch(text)
    if match is None:
        raise TrinoFunctionError(f"INVALID_FUNCTION_ARGUMENT: Invalid data size: '{text}'")
    with localcontext() as exact:
        exact.prec = 200  # Trino computes with BigDecimal: no rounding before the floor
        value = Decimal(match.group(1)) * Decimal(1024) ** _UNITS.index(match.group(2))
        whole = value.quantize(Decimal(1), rounding=ROUND_FLOOR)
    if whole > _MAX:
        raise TrinoFunctionError(
            f"NUMERIC_VALUE_OUT_OF_RANGE: Value out of range: '{text}' ('{whole}B')")
    return whole


FUNCTIONS: dict[str, tuple[Callable[..., Any], list[str], str]] = {
    "ak_parse_data_size": (parse_data_size, ["VARCHAR"], "DECIMAL(38,0)"),
}

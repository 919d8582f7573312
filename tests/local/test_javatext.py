"""How Trino prints doubles and reals: Java's Double.toString in messages and JSON, the
scientific DecimalFormat("0.0###################E0") in CAST(x AS varchar).

Expected texts come from Trino's tests (TestDoubleOperators, TestRealOperators
.testCastToVarchar) and from Java's documented Double.toString rules.
"""

from __future__ import annotations

import math
import struct

import pytest
from hypothesis import given
from hypothesis import strategies as st

from athenakit.local.javatext import java_double, java_real, varchar_double, varchar_real


def _real(value: float) -> float:
    return float(struct.unpack("f", struct.pack("f", value))[0])


# TestDoubleOperators.testCastToVarchar
@pytest.mark.parametrize(("value", "text"), [
    (37.7, "3.77E1"), (17.1, "1.71E1"), (1200.0, "1.2E3"), (12345678.9, "1.23456789E7"),
    (0.0, "0E0"), (-0.0, "-0E0"), (math.nan, "NaN"), (math.inf, "Infinity"),
    (-math.inf, "-Infinity"), (1e10, "1.0E10"), (1e-4, "1.0E-4"), (-2.5, "-2.5E0"),
])
def test_a_double_cast_to_varchar_is_scientific(value: float, text: str) -> None:
    assert varchar_double(value) == text


# TestRealOperators.testCastToVarchar
@pytest.mark.parametrize(("value", "text"), [
    (754.1985, "7.541985E2"), (-754.2008, "-7.542008E2"), (1200.0, "1.2E3"),
])
def test_a_real_cast_to_varchar_is_scientific_over_its_float_digits(value: float,
                                                                     text: str) -> None:
    assert varchar_real(_real(value)) == text


# Double.toString: plain from 10^-3 to 10^7, scientific outside
@pytest.mark.parametrize(("value", "text"), [
    (37.7, "37.7"), (1200.0, "1200.0"), (1e7, "1.0E7"), (1e-3, "0.001"), (1e-4, "1.0E-4"),
    (-0.0, "-0.0"),
])
def test_messages_print_a_double_as_double_to_string(value: float, text: str) -> None:
    assert java_double(value) == text


def test_a_real_in_a_message_is_its_shortest_float_text() -> None:
    assert java_real(_real(754.1985)) == "754.1985"


@given(st.floats(allow_nan=False, allow_infinity=False).filter(lambda x: x != 0))
def test_the_scientific_text_reads_back_as_the_same_double(value: float) -> None:
    text = varchar_double(value)
    mantissa, _, exponent = text.partition("E")
    assert float(text) == value
    assert 1 <= abs(float(mantissa)) < 10 and "." in mantissa and exponent.lstrip("-").isdigit()

"""The code point functions of the local engine, unit by unit, against Trino's own code.

``from_utf8`` replaces each invalid UTF-8 sequence as airlift's ``SliceUtf8.fixInvalidUtf8``
does (``tryGetCodePointAt`` says how long the invalid sequence is: an overlong or surrogate
sequence is one, where Python's decoder replaces byte by byte); the others as
TestStringFunctions asserts through SQL (tests/conformance/cases/trino_strings_recheck.yaml).
"""

from __future__ import annotations

import pytest

from athenakit.local import textfuncs
from athenakit.local.runtime_errors import TrinoFunctionError

R = "\ufffd"


@pytest.mark.parametrize(("data", "text"), [
    (b"X\xbf", "X" + R),  # TestStringFunctions.testFromUtf8: a stray continuation byte
    (b"X\xdf", "X" + R),  # a truncated 2-byte sequence
    (b"X\xf7", "X" + R),  # a truncated 4-byte sequence
    (b"\xc0\x80", R),  # overlong 2-byte NUL: tryGetCodePointAt returns -2 (one sequence)
    (b"\xe0\x80\x80x", R + "x"),  # overlong 3-byte: -3
    (b"\xed\xa0\x80", R),  # a surrogate: -3
    (b"\xf4\x90\x80\x80", R),  # past U+10FFFF: -4
    (b"\xf8\x88\x80\x80\x80", R),  # a 5-byte sequence: -5
    (b"\xe2\x82", R),  # truncated at the end: -2
    (b"\xe2A", R + "A"),  # the second byte is no continuation: -1
    (b"\xff", R),
    (b"\xe2\x82\xac\xf0\x9f\x91\x8d", "\u20ac\U0001F44D"),
])
def test_from_utf8_replaces_each_invalid_sequence_as_airlift_reads_it(data: bytes,
                                                                       text: str) -> None:
    assert textfuncs.fix_utf8(data, R) == text


def test_from_utf8_keeps_a_replacement_character_of_the_text_itself() -> None:
    assert textfuncs.from_utf8("\ufffd".encode() + b"\xbf", "#") == "\ufffd#"


def test_from_utf8_refuses_a_replacement_of_two_characters_or_no_code_point() -> None:
    with pytest.raises(TrinoFunctionError, match="INVALID_FUNCTION_ARGUMENT"):
        textfuncs.from_utf8(b"a", "ab")
    with pytest.raises(TrinoFunctionError, match="Invalid replacement character"):
        textfuncs.from_utf8_code(b"a", 0x110000)


def test_levenshtein_limit_is_longer_times_shorter_minus_one() -> None:
    # StringFunctions.levenshteinDistance; TestStringFunctions: 'hello' and 100,000 'e' pass
    assert textfuncs.levenshtein("hello", "e" * 100_000) == 99_999
    with pytest.raises(TrinoFunctionError, match="too large"):
        textfuncs.levenshtein("x" * 1001, "x" * 1001)


@pytest.mark.parametrize(("word", "code"), [
    ("johannes", "J520"), ("Sarah", "S600"), ("j~im", "J500"), ("x123", "X000"), ("123", ""),
])
def test_soundex_as_testsoundex_asserts(word: str, code: str) -> None:
    assert textfuncs.soundex(word) == code


def test_upper_and_lower_map_each_code_point_alone() -> None:
    # Character.toUpperCase('ß') is 'ß'; Character.toLowerCase('İ') is 'i'
    assert textfuncs.upper("straße") == "STRAßE"
    assert textfuncs.lower("İ") == "i"

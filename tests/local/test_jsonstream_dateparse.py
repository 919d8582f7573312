"""Unit tests of the Python readers behind date_parse and JSON text that is not strict JSON.

Expected values: trinodb/trino TestJsonExtract (ArrayElementJsonExtractor, ObjectFieldJsonExtractor,
testFullScalarExtract), TestJsonFunctions.testJsonArrayContainsInvalid, TestDateTimeFunctions
.testDateParse, and Joda-Time's FormatUtils.createErrorMessage / TwoDigitYear (pivot 2020 in
Trino's DateTimeFunctions).
"""

from __future__ import annotations

import datetime as dt

import pytest

from athenakit.local.dateparse import date_parse
from athenakit.local.jsonfuncs import json_strict
from athenakit.local.jsonstream import array_elements, extract
from athenakit.local.runtime_errors import TrinoFunctionError


@pytest.mark.parametrize(("text", "path", "want"), [
    ("[]", "$[0]", None),
    ("[1, 2, 3]", "$[0]", "1"),
    ("[1, null]", "$[1]", None),
    ("[1]", "$[1]", None),
    ('[{"a": 1}, 2, 3]', "$[1]", "2"),
    ('{"a": 0, "fuu": 1}', "$.fuu", "1"),
    ('{"a": [1, 2, 3], "fuu": 1}', "$.fuu", "1"),
    ('{"fuu": {"bar": 1}}', "$.fuu", None),
    ('{"0" : 0, "1" : 1, "2" : 2, }', "$.1", "1"),
    ('{"fuu": ["\\u0001"]}', "$.fuu[0]", "\x01"),
])
def test_scalar_extraction_reads_only_as_far_as_the_path(text: str, path: str,
                                                         want: str | None) -> None:
    assert extract(text, path, "scalar") == want


def test_an_error_before_the_value_gives_null() -> None:
    assert extract("[NaN, 1]", "$[1]", "scalar") is None
    assert extract("[1,,2]", "$[2]", "scalar") is None
    assert extract('{"a": [1, 2,]}', "$.a", "json") is None
    assert extract('{"a": [1, 2,]}', "$.a", "size") is None


def test_json_and_size_modes_read_the_whole_value() -> None:
    assert extract('{"a": [1, {"b": 2}], }', "$.a", "json") == '[1, {"b": 2}]'
    assert extract('{"x": {"a" : 1, "b" : 2}, }', "$.x", "size") == "2"


def test_a_bad_path_fails_as_trino_does() -> None:
    with pytest.raises(TrinoFunctionError, match="Invalid JSON path: 'x'"):
        extract("[1,]", "x", "scalar")


def test_array_elements_stop_at_the_first_error() -> None:
    # json_array_contains('[1,0,]', 8) is NULL (TestJsonFunctions.testJsonArrayContainsInvalid):
    # the array never closes
    assert array_elements("[1,0,]", "prefix") == "[1,0]"
    assert array_elements("[1,0,]", "complete") == "false"
    assert array_elements("[1,0,]", "length") is None
    assert array_elements("[1, 2] x", "length") == "2"
    assert array_elements("123", "prefix") is None


def test_strict_json_rejects_what_jackson_rejects() -> None:
    assert json_strict('{"a": [1, 2]}')
    assert not json_strict("[1,0,]")
    assert not json_strict('{"a": 1,}')
    assert not json_strict("[NaN]")
    assert not json_strict("[-Infinity]")


@pytest.mark.parametrize(("text", "pattern", "want"), [
    ("31-MAY-69 04.59.59.999000 AM", "%d-%b-%y %l.%i.%s.%f %p", dt.datetime(2069, 5, 31, 4, 59, 59, 999000)),
    ("11-DEC-70 11.12.13.456000 AM", "%d-%b-%y %l.%i.%s.%f %p", dt.datetime(1970, 12, 11, 11, 12, 13, 456000)),
    ("2013-05-17 12:35:10", "%Y-%m-%d %h:%i:%s", dt.datetime(2013, 5, 17, 0, 35, 10)),
    ("59.123456789", "%s.%f", dt.datetime(1970, 1, 1, 0, 0, 59, 123000)),
    ("1998 53", "%x %v", dt.datetime(1998, 12, 28)),
    ("2013 14", "%Y %y", dt.datetime(2014, 1, 1)),
])
def test_date_parse_reads_as_joda(text: str, pattern: str, want: dt.datetime) -> None:
    assert date_parse(text, pattern) == want


def test_date_parse_errors_are_jodas() -> None:
    with pytest.raises(TrinoFunctionError, match='is malformed at "9"'):
        date_parse("3.0123456789", "%s.%f")
    with pytest.raises(TrinoFunctionError, match='Invalid format: "2013" is too short'):
        date_parse("2013", "%Y-%m")

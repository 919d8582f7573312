"""JSON SerDe values read through the local engine as Athena reads them.

Athena engine v3 decodes JSON tables with Trino's decoders (trinodb/trino, lib/trino-hive-formats):
the OpenX SerDe with ``line.openxjson.OpenXJsonDeserializer`` (asserted by TestOpenxJsonFormat, in
the release where a value it cannot read is NULL), the Hive JSON SerDe with
``line.json.JsonDeserializer``. Expected values are cited from those tests or, where marked, from
the decoder's source; none comes from athenakit's output.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from athenakit.errors import QueryError
from athenakit.local.engine import LocalEngine
from athenakit.local.errors import UnsupportedLocally
from athenakit.table.model import Column, Table
from athenakit.table.storage import Storage

LONG_MAX = 2**63 - 1


def _read(tmp_path: Path, fmt: str, ddl: str, lines: list[str], **props: str) -> list[Any]:
    """The column ``v`` of each line (ordered by a column ``n`` the lines carry)."""
    folder = tmp_path / "b" / "t"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "data.json").write_text("".join(line + "\n" for line in lines))
    table = Table(name="t", location="s3://b/t/",
                  columns=(Column("n", "int"), Column("v", ddl)),
                  storage=Storage(format=fmt, serde_properties=props))
    rows = LocalEngine([table], s3_root=tmp_path).run("SELECT n, v FROM t").rows
    return [v for _, v in sorted(rows, key=lambda r: -1 if r[0] is None else r[0])]


def _values(tmp_path: Path, fmt: str, ddl: str, texts: list[str]) -> list[Any]:
    return _read(tmp_path, fmt, ddl, [f'{{"n": {i}, "v": {t}}}' for i, t in enumerate(texts)])


def _openx(tmp_path: Path, ddl: str, cases: list[tuple[str, Any]]) -> None:
    got = _values(tmp_path, "openx_json", ddl, [text for text, _ in cases])
    assert list(zip([t for t, _ in cases], got)) == cases


# --- OpenX JSON SerDe (TestOpenxJsonFormat) ---------------------------------------------------

def test_openx_integers_from_numbers_strings_hex_and_octal(tmp_path: Path) -> None:
    # TestOpenxJsonFormat.testIntegralNumber: decimals truncated, exponents expanded, hex and
    # octal read, quoted the same; anything else (and out of range) is not a number: NULL
    _openx(tmp_path, "bigint", [
        ("0", 0), ("-0", 0), ("+1", 1), ('"-1"', -1), (str(LONG_MAX), LONG_MAX),
        ("1.56", 1), ('"1.2345e2"', 123), ("0x1", 1), (f'"0x{LONG_MAX:x}"', LONG_MAX),
        ("01", 1), (f'"0{LONG_MAX:o}"', LONG_MAX), ('"0x8000000000000000"', None),
        (str(LONG_MAX + 1), None), ('""', None), ('"invalid"', None), ("true", None)])


def test_openx_boolean_is_true_only_for_the_text_true(tmp_path: Path) -> None:
    # TestOpenxJsonFormat.testBoolean
    _openx(tmp_path, "boolean", [
        ("true", True), ("false", False), ('"tRuE"', True), ('"unknown"', False), ("1", False),
        ("1.23e45", False), ("[]", False), ("[ true ]", False), ('{ "x" : false }', False)])


def test_openx_decimal_double_and_real(tmp_path: Path) -> None:
    # TestOpenxJsonFormat.testDecimalShort (rounding type decimal(4, 2)) / testDouble / testReal
    _openx(tmp_path, "decimal(4,2)", [
        ("10.001", Decimal("10.00")), ('"10.005"', Decimal("10.01")), ("99.999", None),
        ("true", None), ('"string"', None)])
    assert _values(tmp_path / "d", "openx_json", "double", [
        '"123.45"', "-1.23", '"+Infinity"', '"+Inf"', "true"]) == [
        123.45, -1.23, float("inf"), None, None]
    assert _values(tmp_path / "r", "openx_json", "float", ['"123.45"', "1.23"]) == [123.45, 1.23]


def test_openx_dates_from_text_or_day_numbers(tmp_path: Path) -> None:
    # TestOpenxJsonFormat.testDate: lenient dates, numbers (decimal, hex, octal) are epoch days
    _openx(tmp_path, "date", [
        ('"1970-01-02"', dt.date(1970, 1, 2)), ('"1986-01-01 anything is allowed here"',
                                                dt.date(1986, 1, 1)),
        ('"1986-01-33"', dt.date(1986, 2, 2)), ("123", dt.date(1970, 5, 4)),
        ("-1", dt.date(1969, 12, 31)), ('"0x123"', dt.date(1970, 1, 1) + dt.timedelta(0x123)),
        ('"0123"', dt.date(1970, 1, 1) + dt.timedelta(83)), ("1.23", None),
        (str(2**31), None), ("true", None), ('"string"', None)])


def test_openx_timestamps(tmp_path: Path) -> None:
    # TestOpenxJsonFormat.testTimestamp (TIMESTAMP_MILLIS): SQL and ISO text, lenient fields,
    # a fixed offset converted to UTC, seconds.millis, 13 characters or more are milliseconds
    _openx(tmp_path, "timestamp", [
        ('"2020-05-10 12:34:56.123"', dt.datetime(2020, 5, 10, 12, 34, 56, 123000)),
        ('"2020-5-6 7:8:9.123456789"', dt.datetime(2020, 5, 6, 7, 8, 9, 123000)),
        ('"2020-05-10t12:34:56Z"', dt.datetime(2020, 5, 10, 12, 34, 56)),
        ('"2020-05-10T12:34:56.123456789-0800"', dt.datetime(2020, 5, 10, 20, 34, 56, 123000)),
        ('"2020-13-10 12:34:56"', dt.datetime(2021, 1, 10, 12, 34, 56)),
        ('"2020-05-10 12:65:56"', dt.datetime(2020, 5, 10, 13, 5, 56)),
        ('"2020-05-10 12:34"', None), ('"2020-05-10"', None),
        ("456.1239", dt.datetime(1970, 1, 1, 0, 7, 36, 123000)),
        ('".123"', dt.datetime(1970, 1, 1, 0, 0, 0, 123000)),
        ("1234567890123", dt.datetime(2009, 2, 13, 23, 31, 30, 123000)),
        ('"-234567890123"', dt.datetime(1962, 7, 27, 2, 15, 9, 877000)),
        ("12345678901", dt.datetime(2361, 3, 21, 19, 15, 1)),
        ('"0x123"', None), ("1.2345E2", None), ("true", None)])


def test_openx_strings_keep_quoted_text_and_canonicalise_bare_literals(tmp_path: Path) -> None:
    # TestOpenxJsonFormat.testString / assertVarcharCanonicalization /
    # assertStringObjectOrArrayCoercion
    _openx(tmp_path, "string", [
        ('"     value     "', "     value     "), ('"tab \\t tab"', "tab \t tab"),
        ("tRUe", "true"), ('"tRUe"', "tRUe"), ("1.23e45", "1.23E+45"), ("33.23E45", "3.323E+46"),
        ("NaN", "NaN"), ('[ "foo"; TrUe]', '["foo",true]'),
        ('{ "x" = "value" }', '{"x":"value"}'), ('{ "foo" => TrUe }', '{"foo":true}')])
    _openx(tmp_path / "v3", "varchar(3)", [('"value"', "val")])


def test_openx_rows_maps_and_arrays(tmp_path: Path) -> None:
    # TestOpenxJsonFormat.testRow / testMap / testArray: whitespace strings are NULL (a row of
    # NULLs), the last of repeated fields wins, arrays fill a row by position with missing
    # items NULL, a single value is a one-element array
    row = "struct<a:bigint,b:bigint,c:bigint>"
    _openx(tmp_path, row, [
        ('"    "', {"a": None, "b": None, "c": None}),
        ('{ "c" : 3, "a" : 1, "b" : 2 }', {"a": 1, "b": 2, "c": 3}),
        ('{ "a" : true, "a" : 42 }', {"a": 42, "b": None, "c": None}),
        ("[ 1, , 3 ]", {"a": 1, "b": None, "c": 3})])
    _openx(tmp_path / "m", "map<string,bigint>", [
        ('"  "', None), ('{ "a" : 1, "b" : 2 , "a" : 3 , "b" : 4 }', {"a": 3, "b": 4})])
    _openx(tmp_path / "a", "array<bigint>", [('""', None), ("42", [42]), ("[1, null, \"2\"]",
                                                                        [1, None, 2])])


def test_openx_mapping_applies_to_struct_fields(tmp_path: Path) -> None:
    # TestOpenxJsonFormat (mappedFieldNames: banana -> b): '{"x":{"B":42}}' reads 42 into the
    # field banana of a row column x
    assert _read(tmp_path, "openx_json", "struct<banana:bigint>", ['{"n": 0, "v": {"B": 42}}'],
                 **{"mapping.banana": "b"}) == [{"banana": 42}]


def test_openx_line_that_is_not_an_object_or_array_is_a_row_of_nulls(tmp_path: Path) -> None:
    # OpenXJsonDeserializer.deserialize: "only object and array lines are supported; everything
    # else results in a null row"; an array line fills the columns by position
    assert _read(tmp_path, "openx_json", "string", ["plain text", '[1, "x"]', ""]) == [
        None, None, "x"]


def test_openx_value_of_the_wrong_shape_fails(tmp_path: Path) -> None:
    # TestOpenxJsonFormat.testIntegralNumber: "array and object cause failures"
    with pytest.raises(QueryError, match="HIVE_BAD_DATA"):
        _values(tmp_path, "openx_json", "bigint", ["[ 42 ]"])


# --- Hive JSON SerDe (JsonDeserializer) -------------------------------------------------------

def test_hive_json_numbers_need_number_tokens(tmp_path: Path) -> None:
    # JsonDeserializer.BigintDecoder: Jackson's getLongValue, which cuts a fraction and fails on
    # a string token; DoubleDecoder likewise
    assert _values(tmp_path, "hive_json", "bigint", ["1", "1.9", "-1.5e2", "null"]) == [
        1, 1, -150, None]
    with pytest.raises(QueryError, match="HIVE_BAD_DATA"):
        _values(tmp_path / "s", "hive_json", "bigint", ['"12"'])
    with pytest.raises(QueryError, match="HIVE_BAD_DATA"):
        _values(tmp_path / "d", "hive_json", "double", ['"1.5"'])


def test_hive_json_boolean_dates_and_strings(tmp_path: Path) -> None:
    # JsonDeserializer: BooleanDecoder is Boolean.parseBoolean(getText()); DateDecoder
    # parseHiveDate (a failure fails the query); VarcharDecoder getText(), cut to the length
    assert _values(tmp_path, "hive_json", "boolean", ["true", '"TRUE"', "1", '"yes"']) == [
        True, True, False, False]
    assert _values(tmp_path / "d", "hive_json", "date", ['"1986-01-33"']) == [dt.date(1986, 2, 2)]
    assert _values(tmp_path / "s", "hive_json", "varchar(3)", ["1.50", '"value"', "true"]) == [
        "1.5", "val", "tru"]
    with pytest.raises(QueryError, match="HIVE_BAD_DATA"):
        _values(tmp_path / "x", "hive_json", "date", ['"2020/01/01"'])


def test_hive_json_decimal_not_a_number_is_null_too_large_fails(tmp_path: Path) -> None:
    # TestJsonFormat.testDecimalShort / testDecimalLong
    nines = "999999999999999999999999999999999999"
    assert _values(tmp_path, "hive_json", "decimal(4,2)", ["10.005", '"10.001"', "true",
                                                           '"string"']) == [
        Decimal("10.01"), Decimal("10.00"), None, None]
    assert _values(tmp_path / "l", "hive_json", "decimal(38,2)", [f'"{nines}.99"']) == [
        Decimal(f"{nines}.99")]
    with pytest.raises(QueryError, match="Value too large"):
        _values(tmp_path / "x", "hive_json", "decimal(4,2)", ["99.999"])


def test_hive_json_tinyint_takes_unsigned_bytes(tmp_path: Path) -> None:
    # TestJsonFormat.testTinyint: "allowed range for value is [-128, 255]"; 1.5645e2 is 156
    assert _values(tmp_path, "hive_json", "tinyint", ["127", "128", "255", "1.5645e2"]) == [
        127, -128, -1, -100]
    with pytest.raises(QueryError, match="HIVE_BAD_DATA"):
        _values(tmp_path / "x", "hive_json", "tinyint", ["256"])


def test_hive_json_maps_keep_the_last_of_equal_keys(tmp_path: Path) -> None:
    # JsonDeserializer.MapDecoder: keys read with Integer.parseInt, DistinctMapKeys(mapType, true)
    assert _values(tmp_path, "hive_json", "map<int,string>", ['{"1": "a", "01": "b"}']) == [
        {1: "b"}]


@pytest.mark.parametrize(("fmt", "ddl", "value", "props", "refusal"), [
    # TestOpenxJsonFormat.testDate reads "5881580-07-11"; the local engine's dates stop at 9999
    ("openx_json", "date", '"10000-01-01"', {}, "year outside 1 to 9999"),
    ("openx_json", "timestamp", '"2020-01-01 00:00:00"', {"timestamp.formats": "yyyy"},
     "timestamp.formats"),
    ("openx_json", "string", '"x"', {"dots.in.keys": "true"}, "dots.in.keys"),
    # hive-json-serde.html: "does not allow duplicate keys in map or struct key names"
    ("hive_json", "struct<a:int>", '{"a": 1, "a": 2}', {}, "repeated key"),
    ("hive_json", "struct<a:int>", '{"a": 1, "A": 2}', {}, "repeated key"),
    # JsonDeserializerFactory reads no mapping.* (Athena documents it for OpenX only)
    ("hive_json", "string", '"x"', {"mapping.v": "w"}, "mapping"),
])
def test_json_values_not_reproduced_are_refused(tmp_path: Path, fmt: str, ddl: str, value: str,
                                                props: dict[str, str], refusal: str) -> None:
    with pytest.raises(UnsupportedLocally, match=refusal):
        _read(tmp_path, fmt, ddl, [f'{{"n": 0, "v": {value}}}'], **props)


def test_cloudtrail_lines_records_and_fields_read_as_text(tmp_path: Path) -> None:
    # CloudTrailLineReader: every line a {"Records": [...]} document, a line that does not read
    # skipped ("We do not throw error in order to fully read cloudtrail records"),
    # requestParameters as its JsonNode.toString() text (compact, a float as Double.toString),
    # userIdentity also under userIdentity_as_string
    folder = tmp_path / "b" / "ct"
    folder.mkdir(parents=True)
    (folder / "log.json").write_text(
        '{"Records": [{"eventName": "A", "requestParameters": {"x": 1e2, "y": [true, null]},'
        ' "userIdentity": {"userName": "ann"}}]}\n'
        "not json\n"
        '{"Records": [{"eventName": "B", "requestParameters": null}]}\n')
    table = Table(name="ct", location="s3://b/ct/", storage=Storage(format="cloudtrail"),
                  columns=(Column("eventname", "string"), Column("requestparameters", "string"),
                           Column("useridentity", "struct<username:string>"),
                           Column("useridentity_as_string", "string")))
    rows = LocalEngine([table], s3_root=tmp_path).run(
        "SELECT * FROM ct ORDER BY eventname").rows
    assert rows == [("A", '{"x":100.0,"y":[true,null]}', {"username": "ann"},
                     '{"userName":"ann"}'), ("B", None, None, None)]

"""Delimited text (LazySimpleSerDe) values read through the local engine as Athena reads them.

Athena engine v3 reads such tables with Trino's Hive text encodings (trinodb/trino,
lib/trino-hive-formats, io.trino.hive.formats.encodings.text). Every expected value below is an
assertion of Trino's own tests, cited by class and method (TestSimpleFormat in
io.trino.hive.formats.line.simple, TestHiveFormatUtils in io.trino.hive.formats), or, where
marked, read from the encoding's source; none comes from athenakit's output.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from athenakit.local.engine import LocalEngine
from athenakit.local.errors import UnsupportedLocally
from athenakit.table.model import Column, Table
from athenakit.table.storage import Storage

LONG_MAX, LONG_MIN = 2**63 - 1, -(2**63)


def _read(tmp_path: Path, ddl: str, texts: list[str], **storage: Any) -> list[Any]:
    """The values of ``texts``, one line each, in a one-column text table of type ``ddl``
    (the ordinal in a first column keeps their order)."""
    folder = tmp_path / "b" / "t"
    folder.mkdir(parents=True, exist_ok=True)
    lines = "".join(f"{n}\x01{text}\n" for n, text in enumerate(texts))
    (folder / "data.txt").write_bytes(lines.encode())
    table = Table(name="t", location="s3://b/t/",
                  columns=(Column("n", "int"), Column("v", ddl)),
                  storage=Storage(format="text", **storage))
    rows = LocalEngine([table], s3_root=tmp_path).run("SELECT v FROM t ORDER BY n").rows
    return [row[0] for row in rows]


def _check(tmp_path: Path, ddl: str, cases: list[tuple[str, Any]], **storage: Any) -> None:
    got = _read(tmp_path, ddl, [text for text, _ in cases], **storage)
    assert list(zip([t for t, _ in cases], got)) == cases


# TestSimpleFormat.testBigint: a fraction is checked and dropped, no exponent, no blanks
BIGINT_CASES = [
    ("0", 0), ("1", 1), ("-1", -1), ("", None), ("-", None), ("+", None),
    (str(LONG_MAX), LONG_MAX), (f"+{LONG_MAX}", LONG_MAX), (f"{LONG_MAX}.999", LONG_MAX),
    (f"+0000{LONG_MAX}.999", LONG_MAX), (str(LONG_MIN), LONG_MIN),
    (f"-0000{str(LONG_MIN)[1:]}.999", LONG_MIN), (str(LONG_MAX + 1), None),
    (str(LONG_MIN - 1), None), ("1.23", 1), ("1.56", 1), ("0.999", 0), (".123", 0),
    ("+.123", 0), ("-.123", 0), ("1.2345e2", None), ("true", None), ('"123"', None),
    # LongEncoding.parseLong reads the bytes as they are: a blank is not a digit
    (" 12", None), ("12 ", None),
]


def test_bigint_values_follow_trino_long_encoding(tmp_path: Path) -> None:
    _check(tmp_path, "bigint", BIGINT_CASES)


# TestSimpleFormat.testInteger / testSmallInt / testTinyint: out of the type's range is NULL
@pytest.mark.parametrize(("ddl", "low", "high"), [
    ("int", -(2**31), 2**31 - 1), ("smallint", -(2**15), 2**15 - 1), ("tinyint", -128, 127)])
def test_smaller_integers_out_of_range_are_null(tmp_path: Path, ddl: str, low: int,
                                                high: int) -> None:
    _check(tmp_path, ddl, [(str(high), high), (f"+0000{high}.999", high), (str(low), low),
                           (str(high + 1), None), (str(low - 1), None), ("1.56", 1),
                           ("-.123", 0), ("1.5645e2", None), ("", None)])


def test_boolean_is_true_or_false_in_any_case_only(tmp_path: Path) -> None:
    # TestSimpleFormat.testBoolean
    _check(tmp_path, "boolean", [
        ("true", True), ("TRUE", True), ("tRuE", True), ("false", False), ("fAlSe", False),
        ("", None), ("t", None), ("T", None), ("1", None), ("f", None), ("0", None),
        ("unknown", None), ("-1", None), ("1.23", None)])


def test_decimal_is_rounded_half_up_and_null_when_too_large(tmp_path: Path) -> None:
    # TestSimpleFormat.testDecimalShort (decimal(18, 2) and the rounding type decimal(4, 2))
    _check(tmp_path, "decimal(4,2)", [
        ("10.001", Decimal("10.00")), ("10.005", Decimal("10.01")), ("99.999", None),
        ("", None), ("true", None), ('"string"', None),
        # HiveFormatUtils.parseDecimal is new BigDecimal(value): blanks are not a number
        (" 2.5", None), ("2.5 ", None)])
    _check(tmp_path, "decimal(18,2)", [
        ("-9999999999999999.99", Decimal("-9999999999999999.99")),
        ("1.2345e2", Decimal("123.45")), ("1.5645e15", Decimal("1564500000000000.00")),
        ("10000000000000000.00", None), ("1e19", None)])


def test_decimal_long_rounds_and_overflows(tmp_path: Path) -> None:
    # TestSimpleFormat.testDecimalLong (decimal(38, 2))
    nines = "999999999999999999999999999999999999"
    _check(tmp_path, "decimal(38,2)", [
        (f"{nines}.99", Decimal(f"{nines}.99")), (f"{nines}.99123", Decimal(f"{nines}.99")),
        (f"-{nines}.99123", Decimal(f"-{nines}.99")), (f"{nines}.999", None),
        ("1.5645e35", Decimal("156450000000000000000000000000000000.00")), ("1e39", None)])


def test_double_and_real_read_as_java_parses_them(tmp_path: Path) -> None:
    # TestSimpleFormat.testDouble / testReal
    got = _read(tmp_path, "double", ["0", "-0", "-1.23", "1.5645e33", "NaN", "Infinity",
                                     "+Infinity", "-Infinity", "+Inf", "-Inf", "true",
                                     '"123"', ""])
    assert got[:4] == [0.0, 0.0, -1.23, 1.5645e33]
    assert str(got[1]) == "-0.0"
    assert got[4] != got[4]  # NaN
    assert got[5:8] == [float("inf"), float("inf"), float("-inf")]
    assert got[8:] == [None, None, None, None, None]


def test_real_values(tmp_path: Path) -> None:
    # TestSimpleFormat.testReal: 1.23f; a real comes back as its shortest decimal
    assert _read(tmp_path, "float", ["1.23", "-123", "+Infinity", "+Inf"]) == [
        1.23, -123.0, float("inf"), None]


def test_double_text_is_trimmed_and_takes_a_java_suffix(tmp_path: Path) -> None:
    # DoubleEncoding.decodeValueInto is Double.parseDouble, which trims the text and reads a
    # 'd' / 'f' suffix (java.lang.Double.valueOf's grammar)
    assert _read(tmp_path, "double", [" 1.5 ", "1.5d", "2e3F", "inf"]) == [
        1.5, 1.5, 2000.0, None]


def test_date_is_parsed_leniently(tmp_path: Path) -> None:
    # TestSimpleFormat.testDate and TestHiveFormatUtils.test
    _check(tmp_path, "date", [
        ("1970-01-01", dt.date(1970, 1, 1)), ("1969-12-31", dt.date(1969, 12, 31)),
        ("1986-01-01 anything is allowed here", dt.date(1986, 1, 1)),
        ("1986-01-33", dt.date(1986, 2, 2)), ("1", None), ("1.23", None),
        ("1.5645e300", None), ("true", None), ('"string"', None),
        # HiveFormatUtils.parseHiveDate trims the text; '/' is not the DATE_PARSER's literal
        (" 2020-01-02", dt.date(2020, 1, 2)), ("2020/01/01", None),
        # ResolverStyle.LENIENT: LocalDate.of(y, 1, 1).plusMonths(m - 1).plusDays(d - 1)
        ("2020-13-01", dt.date(2021, 1, 1)), ("2020-1-5", dt.date(2020, 1, 5))])


def test_timestamp_needs_seconds_and_rounds_to_milliseconds(tmp_path: Path) -> None:
    # TestSimpleFormat.testTimestampMicros / testTimestampNanos (ISO 8601 also allowed, fewer
    # than 8 characters is NULL, rounding half up to the precision: Athena's timestamp is
    # timestamp(3))
    _check(tmp_path, "timestamp", [
        ("1970-01-01 00:00:00.000000", dt.datetime(1970, 1, 1)),
        ("2020-05-10 12:34:56.123456", dt.datetime(2020, 5, 10, 12, 34, 56, 123000)),
        ("2020-05-10 12:34:56.1235", dt.datetime(2020, 5, 10, 12, 34, 56, 124000)),
        ("2020-05-10T12:34:56.123456789", dt.datetime(2020, 5, 10, 12, 34, 56, 123000)),
        ("1960-05-10 12:34:56.123456", dt.datetime(1960, 5, 10, 12, 34, 56, 123000)),
        ("1", None), ("1.5645e300", None), ("true", None), ('"string"', None), ("NULL", None),
        # HiveFormatUtils.DEFAULT_TIMESTAMP_PARSER: the time needs its seconds; a date alone
        # makes no LocalDateTime; ISO_LOCAL_DATE_TIME takes HH:mm without seconds
        ("2020-01-01 10:00", None), ("2020-01-01", None),
        ("2020-01-01T10:00", dt.datetime(2020, 1, 1, 10, 0)),
        (" 2020-01-01 10:00:00 ", dt.datetime(2020, 1, 1, 10, 0))])


def test_varchar_is_cut_to_its_length_and_keeps_blanks(tmp_path: Path) -> None:
    # TestSimpleFormat.testVarchar
    _check(tmp_path, "varchar(3)", [("v", "v"), ("val", "val"), ("value", "val"), ("", "")])
    _check(tmp_path, "string", [("value     ", "value     "), ("1.23e45", "1.23e45")])


def test_char_drops_trailing_blanks_then_pads(tmp_path: Path) -> None:
    # TestSimpleFormat.testChar (assertString pads the expected value to the char length)
    _check(tmp_path, "char(3)", [("v", "v  "), ("value", "val"), ("", "   ")])


def test_binary_is_base64_unless_a_character_is_not(tmp_path: Path) -> None:
    # TestSimpleFormat.testVarbinary: standard and URL-safe base64, raw text with '$'
    _check(tmp_path, "binary", [
        ("dmFsdWU=", b"value"), ("LTE=", b"-1"), ("", b""), ("$value", b"$value"),
        ("_-8=", bytes([0xFF, 0xEF])), ("/+8=", bytes([0xFF, 0xEF])),
        # BinaryEncoding decodes with Apache commons-codec, which needs no padding
        ("dmFsdWU", b"value")])


def test_null_sequence_and_empty_fields(tmp_path: Path) -> None:
    # TestSimpleFormat: '\N' is NULL for every type, '' is '' for a string and NULL otherwise;
    # a custom sequence (NOPE_NULL_OPTION) replaces it
    assert _read(tmp_path, "string", ["\\N", "", "NOPE"]) == [None, "", "NOPE"]
    assert _read(tmp_path / "nope", "string", ["\\N", "NOPE"], null_format="NOPE") == [
        "\\N", None]


def test_arrays_maps_and_structs_split_by_depth(tmp_path: Path) -> None:
    # TestSimpleFormat.testStruct: too few fields are NULL, extra ones ignored, an empty value
    # is an empty first field
    assert _read(tmp_path, "struct<a:bigint,b:string,c:double>", [
        "", "1", "1\x02a", "1\x02a\x02NaN\x02ign\x02ored", "\x02a\x02"])[:3] == [
        {"a": None, "b": None, "c": None}, {"a": 1, "b": None, "c": None},
        {"a": 1, "b": "a", "c": None}]


def test_struct_extra_fields_and_nested_null(tmp_path: Path) -> None:
    got = _read(tmp_path, "struct<a:bigint,b:string,c:double>", [
        "1\x02a\x02NaN\x02ign\x02ored", "\x02a\x02"])
    assert (got[0]["a"], got[0]["b"]) == (1, "a") and got[0]["c"] != got[0]["c"]
    assert got[1] == {"a": None, "b": "a", "c": None}
    # nested null: '\2NOPE\2' with the null sequence NOPE
    assert _read(tmp_path / "nope", "struct<a:string,b:string,c:string>", ["\x02NOPE\x02"],
                 null_format="NOPE") == [{"a": "", "b": None, "c": ""}]


def test_map_keeps_the_first_of_equal_keys(tmp_path: Path) -> None:
    # TestSimpleFormat.testMap: duplicates keep the first value, a key without a value maps
    # to NULL, an empty value is an empty map, a NULL value by the null sequence
    assert _read(tmp_path, "map<string,bigint>", [
        "a\x031\x02b\x032\x02c\x033", "a\x031\x02b\x037\x02a\x032\x02b\x038", "keyOnly", ""]) == [
        {"a": 1, "b": 2, "c": 3}, {"a": 1, "b": 7}, {"keyOnly": None}, {}]
    assert _read(tmp_path / "nope", "map<bigint,string>", ["1\x03a\x022\x03NOPE\x023\x03c"],
                 null_format="NOPE") == [{1: "a", 2: None, 3: "c"}]


def test_nested_arrays_use_the_next_separator(tmp_path: Path) -> None:
    # TestSimpleFormat.testNestingLevels / assertValueTrino: an array's items are split by
    # \2, an array inside it by \3; the null sequence is a NULL item
    assert _read(tmp_path, "array<array<string>>", ["\\N\x03value\x03\\N\x02x", ""]) == [
        [[None, "value", None], ["x"]], []]
    assert _read(tmp_path, "array<bigint>", ["1\x02x\x02\x02-.5"]) == [[1, None, None, 0]]


def test_escape_character_in_strings_and_delimiters(tmp_path: Path) -> None:
    # TestSimpleFormat.testStringEscaping: the escape is dropped before any character, kept
    # at the end; an escaped field delimiter does not split the field
    assert _read(tmp_path, "string", ["escape \\\\ char", "simple \\X char", "a\\\x01b",
                                      "end\\"], escape_delimiter="\\") == [
        "escape \\ char", "simple X char", "a\x01b", "end\\"]


def test_delimiter_given_as_a_byte_number(tmp_path: Path) -> None:
    # TextEncodingOptions.getByte: Byte.parseByte first, so '9' is the tab character
    folder = tmp_path / "b" / "t"
    folder.mkdir(parents=True)
    (folder / "data.txt").write_text("1\t2\n")
    table = Table(name="t", location="s3://b/t/", columns=(Column("a", "int"),
                  Column("b", "int")), storage=Storage(format="text", field_delimiter="9"))
    assert LocalEngine([table], s3_root=tmp_path).run("SELECT a, b FROM t").rows == [(1, 2)]


@pytest.mark.parametrize(("ddl", "text", "storage", "refusal"), [
    # TestSimpleFormat.testDate: Trino reads 5881580-07-11; the local engine's dates stop at 9999
    ("date", "10000-01-01", {}, "year outside 1 to 9999"),
    ("double", "0x1p3", {}, "hexadecimal"),
    ("timestamp", "2020-01-01 00:00:00", {"serde_properties": {"timestamp.formats": "millis"}},
     "timestamp.formats"),
    ("array<string>", "a\\\x02b", {"escape_delimiter": "\\"}, "escaped character"),
    ("string", "x", {"serde_properties": {"serialization.encoding": "ISO-8859-1"}},
     "serialization.encoding"),
])
def test_values_not_reproduced_are_refused(tmp_path: Path, ddl: str, text: str,
                                           storage: dict[str, Any], refusal: str) -> None:
    with pytest.raises(UnsupportedLocally, match=refusal):
        _read(tmp_path, ddl, [text], **storage)


def test_regex_serde_groups_read_with_java_parsers(tmp_path: Path) -> None:
    # RegexDeserializer.serializeValue: Long.parseLong (no fraction, no blank), Boolean.parseBoolean,
    # parseHiveDate; a group that does not read is NULL ("invalid columns are ignored")
    folder = tmp_path / "b" / "r"
    folder.mkdir(parents=True)
    (folder / "log.txt").write_text("1 12 yes 1986-01-33\n2 12.5 TRUE 2020/01/01\n3  7 x x\n")
    table = Table(name="r", location="s3://b/r/", columns=(
        Column("n", "int"), Column("i", "bigint"), Column("b", "boolean"), Column("d", "date")),
        storage=Storage(format="regex", serde_properties={
            "input.regex": r"(\d+) (\S*|\s\d+) (\S+) (\S+)"}))
    rows = LocalEngine([table], s3_root=tmp_path).run("SELECT * FROM r ORDER BY n").rows
    assert rows == [(1, 12, False, dt.date(1986, 2, 2)), (2, None, True, None),
                    (3, None, False, None)]


def test_lines_end_at_cr_lf_or_crlf_and_a_bom_is_skipped(tmp_path: Path) -> None:
    # TextLineReader (io.trino.hive.formats.line.text): isEndOfLineCharacter is '\n' or '\r',
    # seekPastLineTerminator takes "\r\n" as one end, a UTF-8 BOM at the start is skipped
    folder = tmp_path / "b" / "t"
    folder.mkdir(parents=True)
    (folder / "data.txt").write_bytes(b"\xef\xbb\xbf1|a\r\n2|b\r3|c\n\n4|d")
    table = Table(name="t", location="s3://b/t/", columns=(Column("n", "int"),
                  Column("s", "string")), storage=Storage(format="text", field_delimiter="|"))
    rows = LocalEngine([table], s3_root=tmp_path).run("SELECT n, s FROM t").rows
    assert sorted(rows, key=str) == sorted([(1, "a"), (2, "b"), (3, "c"), (None, None),
                                            (4, "d")], key=str)


def test_a_file_that_is_not_utf8_is_refused(tmp_path: Path) -> None:
    # SimpleDeserializer keeps a field's bytes (StringEncoding writes the slice as it is):
    # Latin-1 text is not decoded to other characters locally but refused
    folder = tmp_path / "b" / "t"
    folder.mkdir(parents=True)
    (folder / "data.txt").write_bytes(b"caf\xe9\n")
    table = Table(name="t", location="s3://b/t/", columns=(Column("s", "string"),),
                  storage=Storage(format="text"))
    with pytest.raises(UnsupportedLocally, match="not UTF-8"):
        LocalEngine([table], s3_root=tmp_path).run("SELECT s FROM t")


def _regex_rows(tmp_path: Path, pattern: str, text: str) -> list[tuple[Any, ...]]:
    folder = tmp_path / "b" / "r"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "log.txt").write_text(text, encoding="utf-8")
    table = Table(name="r", location="s3://b/r/", columns=(Column("a", "string"),
                  Column("b", "string")), storage=Storage(format="regex", serde_properties={
                      "input.regex": pattern}))
    return LocalEngine([table], s3_root=tmp_path).run("SELECT a, b FROM r").rows


# RegexDeserializer compiles input.regex with java.util.regex (Pattern.compile(regex,
# DOTALL)), whose \w, \d and \s are ASCII classes (java.util.regex.Pattern: "\w A word
# character: [a-zA-Z_0-9]", "\s A whitespace character: [ \t\n\x0B\f\r]"); Python's re read them
# as Unicode classes, so "café" was a word and the no-break space a blank
@pytest.mark.parametrize(("pattern", "text", "rows"), [
    (r"(\w+) (\d+)", "café 12\ncafe 12\n", [(None, None), ("cafe", "12")]),
    (r"(\S+) (\S+)", "a\u00a0b c\n", [("a\u00a0b", "c")]),
    (r"(\d+)-(\d+)", "١٢-3\n12-3\n", [(None, None), ("12", "3")]),
    # "By default, case-insensitive matching assumes that only characters in the US-ASCII
    # charset are being matched" (Pattern.CASE_INSENSITIVE)
    (r"(?i)(é) (c)", "É c\né C\n", [(None, None), ("é", "C")]),
])
def test_regex_serde_classes_are_java_ascii_ones(tmp_path: Path, pattern: str, text: str,
                                                 rows: list[tuple[Any, ...]]) -> None:
    assert _regex_rows(tmp_path, pattern, text) == rows


@pytest.mark.parametrize(("pattern", "text", "refusal"), [
    (r"(\w+)\v(\w+)", "a\x0bb\n", "Java's regular expressions read it otherwise"),
    (r"([a[b]]) (.*)", "a b\n", "Java's regular expressions read it otherwise"),
    (r"(\w*)\b(.*)", "é x\n", "input.regex with \\\\b on a line with a non-ASCII character"),
    (r"(a)(b)$", "ab\u2028\n", "input.regex with \\$ on a line ending in a Unicode line"),
])
def test_regex_serde_syntax_java_reads_otherwise_is_refused(tmp_path: Path, pattern: str,
                                                            text: str, refusal: str) -> None:
    with pytest.raises(UnsupportedLocally, match=refusal):
        _regex_rows(tmp_path, pattern, text)

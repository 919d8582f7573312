"""Parse text data files the way Athena's SerDes do, into columns of strings.

Each parser returns one list of values per row, aligned with the table's data columns, ``None``
for NULL: a delimited field's raw text (read as its type in DuckDB by
:mod:`athenakit.local.hivetext`), a CSV field converted as Athena documents, a JSON or Regex
value already decoded to the exact text of its value (:mod:`athenakit.local.jsonvalues`,
:mod:`athenakit.local.regexvalues`; JSON for arrays, maps and structs).

https://docs.aws.amazon.com/athena/latest/ug/supported-serdes.html
"""

from __future__ import annotations

import bz2
import datetime as dt
import gzip
import re
import zlib
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass

from athenakit.local import hivetext, jsonrows
from athenakit.local.errors import UnsupportedLocally
from athenakit.table.model import Column, Table

Row = list[str | None]


def decompress(name: str, data: bytes) -> bytes:
    """Decompress by file extension, as Athena does for text formats."""
    lower = name.lower()
    if lower.endswith(".gz"):
        return gzip.decompress(data)
    if lower.endswith(".bz2"):
        return bz2.decompress(data)
    if lower.endswith((".zst", ".zstd")):
        import pyarrow as pa

        with pa.CompressedInputStream(pa.py_buffer(data), "zstd") as stream:
            return bytes(stream.read())
    if lower.endswith(".deflate"):
        return zlib.decompress(data)
    if lower.endswith((".snappy", ".lz4", ".lzo")):
        raise UnsupportedLocally(f"text compressed as {lower.rsplit('.', 1)[1]}")
    return data


_LINE_END = re.compile(r"\r\n?|\n")


def lines(text: str) -> list[str]:
    """The lines of a text file as Trino's TextLineReader reads them: ends of line are ``\\n``,
    ``\\r\\n`` or a lone ``\\r``; a UTF-8 byte order mark at the start is skipped; a last
    line without an end of line counts unless it is empty."""
    out = _LINE_END.split(text.removeprefix("\ufeff"))
    if out and out[-1] == "":
        out.pop()
    return out


def _split(line: str, delim: str, escape: str | None) -> list[str]:
    """The fields of a line, escapes kept: SimpleDeserializer.deserialize skips the character
    after an escape when it looks for separators; only StringEncoding removes the escapes."""
    if not escape or escape not in line:
        return line.split(delim)
    fields, start, i = [], 0, 0
    while i < len(line):
        if line[i] == delim:
            fields.append(line[start:i])
            start = i + 1
        elif line[i] == escape:
            i += 1
        i += 1
    fields.append(line[start:])
    return fields


def _unescape(value: str, escape: str) -> str:
    # StringEncoding.unescape: an escape character is dropped unless it ends the value
    out, i = [], 0
    while i < len(value):
        if value[i] == escape and i + 1 < len(value):
            i += 1
        out.append(value[i])
        i += 1
    return "".join(out)


def _hive_byte(value: str | None, default: int, what: str) -> int:
    """TextEncodingOptions.getByte: a number is the byte it names (``'9'`` is a tab, ``'1'``
    is ``\\001``), other text its first character."""
    if not value:
        return default
    if re.fullmatch(r"[+-]?[0-9]+", value) and -128 <= int(value) <= 127:
        code = int(value)
    else:
        code = ord(value[0])
    if not 0 <= code < 128:
        raise UnsupportedLocally(f"a {what} outside ASCII in a text table")
    return code


@dataclass(frozen=True)
class Delimited:
    """How one LazySimpleSerDe table splits its lines and reads its values."""

    delimiter: str
    escape: str | None
    options: hivetext.TextOptions


_REFUSED_PROPERTIES = ("serialization.last.column.takes.rest",
                       "hive.serialization.extend.nesting.levels",
                       "hive.serialization.extend.additional.nesting.levels")


def delimited_options(table: Table) -> Delimited:
    """The separators, escape and null sequence of a LazySimpleSerDe table, read from the spec
    and its SerDe properties as Trino's TextEncodingOptions.fromSchema reads them.

    Raises:
        UnsupportedLocally: properties the local reader does not reproduce.
    """
    s = table.storage
    props = s.serde_properties
    for key in _REFUSED_PROPERTIES:
        if str(props.get(key, "")).lower() == "true":
            raise UnsupportedLocally(f"the SerDe property {key}")
    if "timestamp.formats" in props and any("timestamp" in c.type.ddl for c in table.columns):
        raise UnsupportedLocally("the SerDe property timestamp.formats")
    if str(props.get("serialization.encoding", "UTF-8")).upper().replace("-", "") != "UTF8":
        raise UnsupportedLocally("the SerDe property serialization.encoding")
    field = _hive_byte(s.field_delimiter or props.get("field.delim") or props.get(
        "serialization.format"), 1, "field delimiter")
    # Hive 1.x spells it "colelction.delim" (HIVE-16922), Trino reads both
    collection = _hive_byte(s.collection_delimiter or props.get("collection.delim") or props.get(
        "colelction.delim"), 2, "collection delimiter")
    mapkey = _hive_byte(s.map_key_delimiter or props.get("mapkey.delim"), 3, "map key delimiter")
    escape_text = s.escape_delimiter or props.get("escape.delim")
    escape = None if escape_text is None else chr(_hive_byte(escape_text, 92, "escape character"))
    null = s.null_format if s.null_format is not None else props.get(
        "serialization.null.format", "\\N")
    return Delimited(chr(field), escape, hivetext.TextOptions(
        (field, collection, mapkey, 4, 5, 6, 7, 8), null))


def delimited(text: str, table: Table) -> Iterator[Row]:
    """LazySimpleSerDe: the text of each field (NULL for the null sequence or a missing
    field), read as the column's value in DuckDB by :mod:`athenakit.local.hivetext`.

    https://docs.aws.amazon.com/athena/latest/ug/lazy-simple-serde.html

    Raises:
        UnsupportedLocally: an escape inside an array, map or struct value (Trino's nested
            encodings test the escape's position against the value's length, not its end).
    """
    how = delimited_options(table)
    null, escape = how.options.null, how.escape
    strings = [c.type.is_string for c in table.columns]
    nested = [not c.type.is_primitive for c in table.columns]
    for line in lines(text):
        fields = _split(line, how.delimiter, escape)
        row: Row = []
        for i, is_string in enumerate(strings):
            value = fields[i] if i < len(fields) else None
            if value is None or value == null:
                row.append(None)
            elif escape is not None and escape in value and (is_string or nested[i]):
                if nested[i]:
                    raise UnsupportedLocally("an escaped character inside an array, map or "
                                             "struct value of a text table")
                row.append(_unescape(value, escape))
            else:
                row.append(value)
        yield row


_OPENCSV_PARSES: dict[str, re.Pattern[str]] = {
    "tinyint": re.compile(r"[+-]?\d+"), "smallint": re.compile(r"[+-]?\d+"),
    "int": re.compile(r"[+-]?\d+"), "bigint": re.compile(r"[+-]?\d+"),
    "double": re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?|NaN|[+-]?Infinity"),
    "float": re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?|NaN|[+-]?Infinity"),
    "decimal": re.compile(r"[+-]?(\d+\.?\d*|\.\d+)"),
    "boolean": re.compile(r"(?i)true|false"),
    "date": re.compile(r"-?\d+|\d{4}-\d{2}-\d{2}"), "timestamp": re.compile(r"-?\d+"),
}


def _opencsv_value(value: str, column: Column, position: int, null_invalid: bool) -> str | None:
    """Convert one OpenCSV field; every field is text, typed only where the SerDe can.

    https://docs.aws.amazon.com/athena/latest/ug/csv-serde.html : BOOLEAN, integers, DOUBLE
    are recognised; DATE as days and TIMESTAMP as milliseconds since the epoch (the
    java.sql.Timestamp text form is not); an empty or unparsable value in a non-string column
    fails the query (HIVE_BAD_DATA) unless ``use.null.for.invalid.data`` is true.
    """
    base = column.type.base
    if not column.type.is_primitive:
        raise UnsupportedLocally("OpenCSVSerDe with complex column types (Athena rejects them)")
    pattern = _OPENCSV_PARSES.get(base)
    if pattern is not None and not pattern.fullmatch(value.strip()):
        if null_invalid:
            return None
        from athenakit.errors import QueryError

        raise QueryError("HIVE_BAD_DATA", state="FAILED",
                         reason=f"Error parsing field value '{value}' for field {position}: "
                         f"cannot read it as {column.type.ddl}")
    value = value.strip() if pattern is not None else value
    if base == "date" and re.fullmatch(r"-?\d+", value):
        return (dt.date(1970, 1, 1) + dt.timedelta(days=int(value))).isoformat()
    if base == "timestamp":
        stamp = dt.datetime(1970, 1, 1) + dt.timedelta(milliseconds=int(value))
        return stamp.isoformat(sep=" ")
    return value


def _csv_chars(props: Mapping[str, str]) -> tuple[str, str, str]:
    """CsvDeserializerFactory: the first character of each property (an empty value is the
    character NUL); an escape set to the quote '"' reads as a backslash (Hive's bug)."""
    def char(key: str, default: str) -> str:
        value = props.get(key)
        return default if value is None else (value[:1] or "\0")

    separator, quote, escape = char("separatorChar", ","), char("quoteChar", '"'), \
        char("escapeChar", "\\")
    if escape == '"':
        escape = "\\"
    if separator in (quote, escape) or (quote == escape and quote != "\0"):
        raise UnsupportedLocally("OpenCSVSerDe with a separator, quote and escape character "
                                 "that are not distinct")
    return separator, quote, escape


def _csv_fields(line: str, width: int, chars: tuple[str, str, str]) -> list[str | None]:
    """CsvDeserializer.parseLine (OpenCSV's CSVParser as Hive's OpenCSVSerde runs it): an
    escape keeps a following quote or escape and is dropped otherwise, a doubled quote inside
    a field is a quote, an unterminated quoted last field is NULL, fields past the columns are
    dropped, an empty line is a row of NULLs."""
    values: list[str | None] = [None] * width
    if not line or not width:
        return values
    separator, quote, escape = chars
    buffer: list[str] = []
    column, in_quotes, in_field, position = 0, False, False, 0
    while position < len(line) and column < width:
        c = line[position]
        following = line[position + 1] if position + 1 < len(line) else None
        if c == escape:
            if (in_quotes or in_field) and following in (quote, escape):
                buffer.append(following)
                position += 1
        elif c == quote:
            if (in_quotes or in_field) and following == quote:
                buffer.append(following)
                position += 1
            else:
                # an embedded quote (a,bc"d"ef,g) past the third character, not next to a separator
                if position > 2 and line[position - 1] != separator and \
                        following is not None and following != separator:
                    if buffer and all(ch.isspace() and ch not in "\u00a0\u2007\u202f"
                                      for ch in buffer):  # Character.isWhitespace
                        buffer.clear()
                    else:
                        buffer.append(c)
                in_quotes = not in_quotes
            in_field = not in_field
        elif c == separator and not in_quotes:
            values[column] = "".join(buffer)
            column += 1
            buffer.clear()
            in_field = False
        else:
            buffer.append(c)
            in_field = True
        position += 1
    if column < width and not in_quotes:
        values[column] = "".join(buffer)
    return values


def opencsv(text: str, table: Table) -> Iterator[Row]:
    """OpenCSVSerDe: each line split as Trino's CsvDeserializer splits it (no line breaks inside
    a quoted value), every field then converted as Athena documents.

    https://docs.aws.amazon.com/athena/latest/ug/csv-serde.html
    """
    chars = _csv_chars(table.storage.serde_properties)
    width = len(table.columns)
    null_invalid = str(table.properties.get("use.null.for.invalid.data", "false")).lower() == \
        "true"
    for line in lines(text):
        fields = _csv_fields(line, width, chars)
        yield [None if value is None else _opencsv_value(value, column, i, null_invalid)
               for i, (value, column) in enumerate(zip(fields, table.columns))]


# Java's own syntax that Python's re reads otherwise or not at all: \v (vertical whitespace in
# Java, the vertical tab in Python), && (a class intersection), {,n} (an error in Java, {0,n} in
# Python), (?P...) (Python's only); and a class inside a class (_class_in_class)
_JAVA_APART = re.compile(r"(?<!\\)(?:\\\\)*(\\[vV]|&&|\{,|\(\?P)")
# Java's line terminators other than the ones lines are split at: $ and \Z match before one
# ending the line (Python's before a final \n only)
_JAVA_LINE_ENDS = ("\x85", "\u2028", "\u2029")


def _java_regex(pattern: str) -> re.Pattern[str]:
    """Trino's RegexDeserializer pattern (``Pattern.compile(regex, DOTALL)``) in Python's
    ``re``: with ``re.ASCII``, ``\\w``, ``\\d``, ``\\s`` and ``(?i)`` are ASCII as in Java;
    Java's POSIX and Unicode classes (``\\p{..}``), ``\\Q``, ``\\h`` and named groups do not
    compile in Python and are refused, as is syntax both read apart (``_JAVA_APART``)."""
    found = _JAVA_APART.search(pattern)
    apart = found.group(1) if found else "[ inside a class" if _class_in_class(pattern) else ""
    if apart:
        raise UnsupportedLocally(f"input.regex {pattern!r} ({apart!r}: Java's regular "
                                 "expressions read it otherwise)")
    try:
        return re.compile(pattern, re.DOTALL | re.ASCII)
    except re.error as err:
        raise UnsupportedLocally(f"input.regex {pattern!r} ({err})") from err


def _class_in_class(pattern: str) -> bool:
    """Whether a character class holds a ``[`` (a union in Java, a character in Python)."""
    inside, i = False, 0
    while i < len(pattern):
        char = pattern[i]
        if char == "\\":
            i += 2
            continue
        if inside and char == "[":
            return True
        if not inside and char == "[":
            inside = True
            i += 2 if pattern.startswith("^]", i + 1) else 1
            i += 1 if pattern.startswith("]", i) else 0
            continue
        if inside and char == "]":
            inside = False
        i += 1
    return False


def _java_line_check(pattern: re.Pattern[str]) -> Callable[[str], None]:
    """A check refusing a line on which Java's reading of ``pattern`` could differ from
    Python's: ``\\b`` on non-ASCII text (Java took Unicode letters for word characters before
    JDK 19, JDK-8264160), ``$`` / ``\\Z`` before a line-ending U+0085 / U+2028 / U+2029."""
    boundary = re.search(r"\\[bB]", pattern.pattern) is not None
    end = re.search(r"\$|\\Z", pattern.pattern) is not None

    def check(line: str) -> None:
        if boundary and not line.isascii():
            raise UnsupportedLocally("input.regex with \\b on a line with a non-ASCII "
                                     "character")
        if end and line.endswith(_JAVA_LINE_ENDS):
            raise UnsupportedLocally("input.regex with $ on a line ending in a Unicode line "
                                     "separator")
    return check


def regex(text: str, table: Table) -> Iterator[Row]:
    """RegexSerDe: each group is a column, read as Trino's RegexDeserializer reads it
    (:mod:`athenakit.local.regexvalues`); a line that does not match is a row of NULLs.

    https://docs.aws.amazon.com/athena/latest/ug/regex-serde.html

    Raises:
        UnsupportedLocally: a column type or SerDe property not reproduced.
    """
    from athenakit.local import regexvalues

    props = table.storage.serde_properties
    if "input.regex.case.insensitive" in props:
        raise UnsupportedLocally("the SerDe property input.regex.case.insensitive")
    pattern = _java_regex(props.get("input.regex", ""))
    readers = [regexvalues.reader(c.type.base, tuple(
        int(n) for n in re.findall(r"[0-9]+", c.type.ddl))) for c in table.columns]
    width = len(table.columns)
    check = _java_line_check(pattern)
    for line in lines(text):
        check(line)
        match = pattern.fullmatch(line)
        if match is None:
            yield [None] * width
            continue
        groups = list(match.groups())[:width]
        groups += [None] * (width - len(groups))
        yield [regexvalues.read(r, g) for r, g in zip(readers, groups)]


def parse(name: str, data: bytes, table: Table, header_lines: int) -> Sequence[Row]:
    """Rows of one text file, after decompression and skipping header lines.

    Raises:
        UnsupportedLocally: a format without a local parser (Grok, Ion, ...).
    """
    raw = decompress(name, data)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        # Trino keeps the bytes of a field (a varchar of invalid UTF-8, a binary value as is)
        raise UnsupportedLocally(f"a text file that is not UTF-8 ({name}: byte {err.start})") \
            from None
    if header_lines:
        text = "\n".join(lines(text)[header_lines:])
    fmt = table.storage.format
    if fmt == "text":
        return list(delimited(text, table))
    if fmt == "csv":
        return list(opencsv(text, table))
    if fmt in ("hive_json", "openx_json"):
        return list(jsonrows.json_lines(lines(text), table, openx=fmt == "openx_json"))
    if fmt == "cloudtrail":
        return list(jsonrows.cloudtrail(lines(text), table))
    if fmt == "regex":
        return list(regex(text, table))
    raise UnsupportedLocally(f"the {fmt} storage format")

"""Values of delimited text files (LazySimpleSerDe) read as Athena reads them.

Athena engine v3 reads ``ROW FORMAT DELIMITED`` tables with Trino's Hive text encodings
(trinodb/trino, lib/trino-hive-formats, ``io.trino.hive.formats.encodings.text``: one
``*Encoding`` class per type, and ``HiveFormatUtils`` for dates and timestamps), which read a
field differently from DuckDB's casts: ``' 12'`` is NULL in a ``bigint`` column and ``12.5`` is
12, ``1986-01-33`` is a valid date (1986-02-02), ``yes`` is not a boolean. Each function here
turns the SQL of a ``VARCHAR`` field (NULL for the null sequence) into the SQL of the column's
value, vectorised in DuckDB. Nested values (arrays, maps, structs) are split by the separator of
their depth (collection items, map keys, then ``\\004`` ... ``\\010``) as ``TextColumnEncodingFactory``
assigns them.

The expected values of ``tests/local/test_text_values.py`` come from Trino's
``TestSimpleFormat`` and ``TestHiveFormatUtils``.

https://docs.aws.amazon.com/athena/latest/ug/lazy-simple-serde.html
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from athenakit.local.errors import REFUSED, UnsupportedLocally
from athenakit.sql.quoting import Engine, quote_identifier, quote_literal

YEAR_REFUSAL = "a date or timestamp of a year outside 1 to 9999"
# TextEncodingOptions.NestingLevels.LEGACY: 8 separators, the first three from the table
_DEFAULT_SEPARATORS = (1, 2, 3, 4, 5, 6, 7, 8)


@dataclass(frozen=True)
class TextOptions:
    """The separators (by nesting depth) and the null sequence of one table."""

    separators: tuple[int, ...] = _DEFAULT_SEPARATORS
    null: str = "\\N"


def _s(value: str) -> str:
    return quote_literal(value, Engine.TRINO)


# Java's String.trim(): every character up to U+0020 at either end
_TRIM = r"'^[\x00-\x20]+|[\x00-\x20]+$'"


def _trim(v: str) -> str:
    return f"regexp_replace({v}, {_TRIM}, '', 'g')"


def _bind(value: str, name: str, body: str) -> str:
    """``body`` with ``name`` standing for ``value``, computed once per row."""
    return f"list_transform([{value}], lambda {name}: {body})[1]"


def _refuse(what: str) -> str:
    return f"error({_s(REFUSED + what)})"


# LongEncoding.parseLong (tinyint, smallint, int, bigint): a sign, digits, and a fraction whose
# digits are checked and dropped ('12.5' is 12, '.5' is 0); no blanks, no exponent; a value out
# of the type's range is NULL (TestSimpleFormat.testBigint / testInteger / testTinyint)
_LONG = r"'[+-]?([0-9]+\.?[0-9]*|\.[0-9]*)'"


def _long(v: str, duck: str) -> str:
    digits = f"ltrim(regexp_extract({v}, '^[+-]?([0-9]*)', 1), '0')"
    text = (f"CASE WHEN starts_with({v}, '-') THEN '-' ELSE '' END || "
            f"coalesce(nullif({digits}, ''), '0')")
    return (f"CASE WHEN regexp_full_match({v}, {_LONG}) THEN "
            f"TRY_CAST(TRY_CAST({text} AS HUGEINT) AS {duck}) END")


# BooleanEncoding: 'true' or 'false' in any ASCII case, nothing else (TestSimpleFormat.testBoolean)
def _boolean(v: str) -> str:
    return f"CASE lower({v}) WHEN 'true' THEN TRUE WHEN 'false' THEN FALSE END"


# DoubleEncoding / FloatEncoding: Java's Double.parseDouble / Float.parseFloat (the text trimmed,
# NaN, [+-]Infinity, a d/f suffix; 'Inf' is NULL: TestSimpleFormat.testDouble / testReal)
_JAVA_NUMBER = r"'[+-]?(NaN|Infinity|([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?[fFdD]?)'"
_JAVA_HEX = r"'[+-]?0[xX][0-9a-fA-F]*\.?[0-9a-fA-F]*[pP][+-]?[0-9]+[fFdD]?'"
HEX_REFUSAL = "a hexadecimal floating-point text in a double or real column"


def _floating(v: str, duck: str) -> str:
    body = (f"CASE WHEN regexp_full_match(ak_t, {_JAVA_NUMBER}) THEN "
            f"TRY_CAST(regexp_replace(ak_t, '[fFdD]$', '') AS {duck}) "
            f"WHEN regexp_full_match(ak_t, {_JAVA_HEX}) THEN {_refuse(HEX_REFUSAL)} END")
    return _bind(_trim(v), "ak_t", body)


# DecimalEncoding -> HiveFormatUtils.writeDecimal: new BigDecimal(text) (no blanks), rounded
# HALF_UP to the scale, NULL when it needs more digits than the precision
# (TestSimpleFormat.testDecimalShort / testDecimalLong)
_BIG_DECIMAL = r"'[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?'"


DECIMAL_REFUSAL = "a decimal text with more than 38 digits and an exponent"


def _decimal(v: str, precision: int, scale: int) -> str:
    # DuckDB's cast reads at most 38 digits before an exponent (BigDecimal any number)
    long_exponent = (f"regexp_matches({v}, '[eE]') AND "
                     f"strlen(regexp_replace({v}, '[^0-9]', '', 'g')) > 38")
    return (f"CASE WHEN NOT regexp_full_match({v}, {_BIG_DECIMAL}) THEN NULL "
            f"WHEN {long_exponent} THEN {_refuse(DECIMAL_REFUSAL)} "
            f"ELSE TRY_CAST({v} AS DECIMAL({precision}, {scale})) END")


def _varchar(v: str, length: int | None) -> str:
    # StringEncoding: ReadWriteUtils.calculateTruncationLength cuts a varchar(n) value to n
    # characters (TestSimpleFormat.testVarchar: 'value' is 'val' in a varchar(3))
    return v if length is None else f"substring({v}, 1, {length})"


# BinaryEncoding: base64 (standard or URL-safe alphabet) is decoded, text with a character
# outside the alphabet is taken as its bytes (TestSimpleFormat.testVarbinary)
_BASE64 = r"'([A-Za-z0-9+/\-_]{4})*([A-Za-z0-9+/\-_]{2}(==)?|[A-Za-z0-9+/\-_]{3}=?)?'"
BASE64_REFUSAL = "a binary text value that is neither base64 nor holds a non-base64 character"


def _binary(v: str) -> str:
    padded = (f"rpad(translate({v}, '-_', '+/'), "
              f"CAST((length({v}) + 3) // 4 * 4 AS INTEGER), '=')")  # commons-codec: no padding needed
    return (f"CASE WHEN regexp_full_match({v}, {_BASE64}) THEN from_base64({padded}) "
            fr"WHEN regexp_matches({v}, '[^A-Za-z0-9+/=\-_\s]') THEN encode({v}) "
            f"ELSE {_refuse(BASE64_REFUSAL)} END")


# HiveFormatUtils.DATE_PARSER (java.time, parseLenient, ResolverStyle.LENIENT): a year, a month
# and a day of 1 to 9 digits each, each with an optional sign; LENIENT resolution is
# LocalDate.of(y, 1, 1).plusMonths(m - 1).plusDays(d - 1), so '1986-01-33' is 1986-02-02
# (TestHiveFormatUtils.test, TestSimpleFormat.testDate)
_FIELD = "([+-]?[0-9]{1,9})"
_DATE = f"'^{_FIELD}-{_FIELD}-{_FIELD}$'"
_YMD = "['y', 'm', 'd']"


def _lenient_date(p: str) -> str:
    """The date of the parts ``p.y``, ``p.m``, ``p.d`` (digits), as java.time's LENIENT
    resolver makes it; NULL (then refused) when it is far outside the years 1 to 9999."""
    y, m, d = (f"CAST({p}.{k} AS BIGINT)" for k in "ymd")
    return (f"CASE WHEN {y} BETWEEN 1 AND 9999 AND {m} BETWEEN -120000 AND 120000 "
            f"AND {d} BETWEEN -3700000 AND 3700000 THEN CAST(make_date({y}, 1, 1) + "
            f"to_months(CAST({m} - 1 AS INTEGER)) + to_days(CAST({d} - 1 AS INTEGER)) AS DATE) END")


def _in_years(value: str, name: str) -> str:
    # https://docs.aws.amazon.com/athena/latest/ug/data-types.html : Trino's dates and timestamps
    # reach far beyond the years 1 to 9999, which DuckDB and Python print otherwise
    return _bind(value, name, f"CASE WHEN {name} IS NULL OR year({name}) BETWEEN 1 AND 9999 "
                 f"THEN {name} "
                 f"ELSE {_refuse(YEAR_REFUSAL)} END")


def _date(v: str) -> str:
    # HiveFormatUtils.parseHiveDate: trimmed, cut at the first space ('1986-01-01 anything is
    # allowed here' is 1986-01-01), then DATE_PARSER over the whole rest
    cut = f"split_part({_trim(v)}, ' ', 1)"
    parts = f"regexp_extract({cut}, {_DATE}, {_YMD})"
    value = _bind(parts, "ak_p", f"CASE WHEN ak_p.y <> '' THEN "
                  f"coalesce({_lenient_date('ak_p')}, {_refuse(YEAR_REFUSAL)}) END")
    return _in_years(value, "ak_d")


# HiveFormatUtils.DEFAULT_TIMESTAMP_PARSER then ISO_TIMESTAMP_PARSER (both lenient): a date,
# then ' H:M:S[.fraction]' (every field 1 to 9 digits with a sign) or 'THH:MM[:SS[.fraction]]'
# (ISO_LOCAL_DATE_TIME read leniently: unsigned fields of 1 to 9 digits); a date alone makes no
# LocalDateTime (NULL); a fraction has 0 to 9 digits (lenient appendFraction)
_UNSIGNED = "([0-9]{1,9})"
_DEFAULT_TS = (f"'^{_FIELD}-{_FIELD}-{_FIELD} {_FIELD}:{_FIELD}:{_FIELD}"
               r"(\.[0-9]{0,9})?$'")
_ISO_TS = (f"'^{_FIELD}-{_UNSIGNED}-{_UNSIGNED}[Tt]{_UNSIGNED}:{_UNSIGNED}"
           fr"(?::{_UNSIGNED}(\.[0-9]{{0,9}})?)?$'")
_TS_PARTS = "['y', 'm', 'd', 'h', 'mi', 's', 'f']"


def _timestamp_of(p: str) -> str:
    """The timestamp of the parts ``p`` (strings; ``s`` and ``f`` may be empty): LENIENT
    resolution adds the hours, minutes and seconds to the day, whatever their size
    (java.time Parsed.resolveTime), and the fraction is rounded half up to milliseconds, the
    precision of Athena's ``timestamp`` (TestSimpleFormat.testTimestampMicros rounds so)."""
    h, mi, s = (f"CAST(coalesce(nullif({p}.{k}, ''), '0') AS BIGINT)" for k in ("h", "mi", "s"))
    nanos = f"CAST(rpad(coalesce(nullif(substring({p}.f, 2), ''), '0'), 9, '0') AS BIGINT)"
    micros = f"({h} * 3600000000 + {mi} * 60000000 + {s} * 1000000 + ({nanos} + 500000) // 1000000 * 1000)"
    guard = f"abs({h}) <= 90000000 AND abs({mi}) <= 900000000"
    day = _lenient_date(p)
    return (f"CASE WHEN {guard} AND {day} IS NOT NULL THEN CAST({day} AS TIMESTAMP) + "
            f"to_microseconds({micros}) END")


def _timestamp(v: str) -> str:
    # TimestampEncoding.decodeValue: fewer than 8 bytes is NULL ("Hive has a hard coded minimum
    # length of 8 bytes"); then HiveFormatUtils.parseHiveTimestamp over the trimmed text
    def read(pattern: str) -> str:
        parts = f"regexp_extract(ak_t, {pattern}, {_TS_PARTS})"
        return _bind(parts, "ak_p", f"coalesce({_timestamp_of('ak_p')}, {_refuse(YEAR_REFUSAL)})")

    body = (f"CASE WHEN regexp_full_match(ak_t, {_DEFAULT_TS}) THEN {read(_DEFAULT_TS)} "
            f"WHEN regexp_full_match(ak_t, {_ISO_TS}) THEN {read(_ISO_TS)} END")
    value = f"CASE WHEN strlen({v}) >= 8 THEN {_bind(_trim(v), 'ak_t', body)} END"
    return _in_years(value, "ak_ts")


def _fast(condition: str, v: str, duck: str, slow: str) -> str:
    """``slow`` unless the text has the plain shape ``condition`` tests, which every reading
    above and DuckDB's cast take to the same value (``12``, ``1.5``, ``2020-01-02``,
    ``2020-01-02 10:00:00.123``): a cheaper test than theirs for nearly every field."""
    cast = f"TRY_CAST({v} AS {duck})"
    return f"CASE WHEN {condition} AND {cast} IS NOT NULL THEN {cast} ELSE {slow} END"


_DAY = "[0-9]{4}-[0-9]{2}-[0-9]{2}"
# (a year of four digits other than 0000: DuckDB reads the year 0, Trino's years go on;
# "@v" stands for the field)
_PLAIN = {
    "DATE": f"regexp_full_match(@v, '{_DAY}') AND NOT starts_with(@v, '0000')",
    "TIMESTAMP": (f"regexp_full_match(@v, '{_DAY} [0-9]{{2}}:[0-9]{{2}}:[0-9]{{2}}"
                  r"(\.[0-9]{1,3})?') AND NOT starts_with(@v, '0000')"),
    "DOUBLE": r"regexp_full_match(@v, '-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?')",
}
_DUCK = {"TINYINT": "TINYINT", "SMALLINT": "SMALLINT", "INT": "INTEGER", "BIGINT": "BIGINT",
         "DATE": "DATE", "TIMESTAMP": "TIMESTAMP", "DOUBLE": "DOUBLE"}


def _primitive(node: Any, v: str) -> str | None:
    """The value of a primitive column's text (None for a type without a text reading)."""
    found = _slow_primitive(node, v)
    kind = str(node.this.name)
    if found is None or kind not in _DUCK:
        return found
    duck = _DUCK[kind]
    # an integer in its own canonical text (what DuckDB prints back for it)
    plain = _PLAIN[kind].replace("@v", v) if kind in _PLAIN else \
        f"CAST(TRY_CAST({v} AS {duck}) AS VARCHAR) = {v}"
    return _fast(plain, v, duck, found)


def _slow_primitive(node: Any, v: str) -> str | None:
    from sqlglot import exp

    kind = node.this
    t = exp.DataType.Type
    params = [int(e.name) for e in node.expressions if e.name.isdigit()]
    longs = {t.TINYINT: "TINYINT", t.SMALLINT: "SMALLINT", t.INT: "INTEGER", t.BIGINT: "BIGINT"}
    if kind in longs:
        return _long(v, longs[kind])
    if kind in (t.DOUBLE, t.FLOAT):
        return _floating(v, "DOUBLE" if kind == t.DOUBLE else "FLOAT")
    if kind == t.DECIMAL:
        precision, scale = (params + [10, 0][len(params):])[:2]  # Hive's decimal is (10, 0)
        return _decimal(v, precision, scale)
    if kind in (t.VARCHAR, t.TEXT, t.CHAR):
        return _varchar(v, params[0] if params and kind == t.VARCHAR else None)
    simple = {t.BOOLEAN: _boolean, t.BINARY: _binary, t.VARBINARY: _binary, t.DATE: _date,
              t.TIMESTAMP: _timestamp}
    return simple[kind](v) if kind in simple else None


class _Builder:
    """SQL for one column's value, nested types split by the separator of their depth."""

    def __init__(self, options: TextOptions) -> None:
        self.options = options

    def separator(self, depth: int) -> str:
        if depth >= len(self.options.separators):
            raise UnsupportedLocally(f"a text column nested more than "
                                     f"{len(self.options.separators) - 1} levels deep")
        return f"chr({self.options.separators[depth]})"

    def element(self, node: Any, v: str, depth: int) -> str:
        """A nested value: NULL for the null sequence (BlockEncoding.isNullSequence)."""
        return (f"CASE WHEN {v} IS NULL OR {v} = {_s(self.options.null)} THEN NULL "
                f"ELSE {self.value(node, v, depth)} END")

    def value(self, node: Any, v: str, depth: int) -> str:
        from sqlglot import exp

        kind = node.this
        if kind == exp.DataType.Type.ARRAY:
            return self.array(node.expressions[0], v, depth)
        if kind == exp.DataType.Type.MAP:
            return self.map(node.expressions[0], node.expressions[1], v, depth)
        if kind == exp.DataType.Type.STRUCT:
            return self.struct(node.expressions, v, depth)
        if depth and kind == exp.DataType.Type.CHAR:
            # a char(n) is padded where it is a column (readers.py), not inside a value
            raise UnsupportedLocally("a char(n) inside an array, map or struct of a text table")
        found = _primitive(node, v)
        if found is None:
            raise UnsupportedLocally(f"a {node.sql('hive')} column in a text table")
        return found

    def array(self, item: Any, v: str, depth: int) -> str:
        # ListEncoding: an empty value is an empty array, else items split by the separator
        name = f"ak_i{depth}"
        items = (f"list_transform(string_split({v}, {self.separator(depth + 1)}), "
                 f"lambda {name}: {self.element(item, name, depth + 1)})")
        return f"CASE WHEN {v} = '' THEN [] ELSE {items} END"

    def map(self, key: Any, value: Any, v: str, depth: int) -> str:
        # MapEncoding: entries split by the separator of depth + 1, a key from its value by the
        # first separator of depth + 2 (no separator: a NULL value); a NULL key is dropped and
        # the first of equal keys kept (DistinctMapKeys(mapType, false); TestSimpleFormat.testMap)
        from sqlglot import exp

        if key.this in (exp.DataType.Type.ARRAY, exp.DataType.Type.MAP, exp.DataType.Type.STRUCT):
            raise UnsupportedLocally("a map with array, map or struct keys in a text table")
        e, sep = f"ak_e{depth}", self.separator(depth + 2)
        has_value = f"strpos({e}, {sep}) > 0"
        key_text = f"CASE WHEN {has_value} THEN substring({e}, 1, strpos({e}, {sep}) - 1) ELSE {e} END"
        value_text = f"CASE WHEN {has_value} THEN substring({e}, strpos({e}, {sep}) + 1) END"
        entry = (f"{{'k': {self.element(key, key_text, depth + 2)}, "
                 f"'v': {self.element(value, value_text, depth + 2)}}}")
        entries = f"list_transform(string_split({v}, {self.separator(depth + 1)}), lambda {e}: {entry})"
        es, x, i = f"ak_es{depth}", f"ak_x{depth}", f"ak_n{depth}"
        kept = (f"list_filter({es}, lambda {x}, {i}: {x}.k IS NOT NULL AND list_position("
                f"list_transform({es}, lambda {x}: {x}.k), {x}.k) = {i})")
        return (f"CASE WHEN {v} = '' THEN MAP {{}} ELSE "
                f"map_from_entries({_bind(entries, es, kept)}) END")

    def struct(self, fields: Any, v: str, depth: int) -> str:
        # StructEncoding: fields split by the separator of depth + 1; missing fields are NULL,
        # extra ones ignored; an empty value is an empty first field (TestSimpleFormat.testStruct)
        f = f"ak_f{depth}"
        packed = ", ".join(
            f"{quote_identifier(col.name, Engine.TRINO, always=True)} := "
            f"{self.element(col.args['kind'], f'{f}[{n}]', depth + 1)}"
            for n, col in enumerate(fields, 1))
        return _bind(f"string_split({v}, {self.separator(depth + 1)})", f,
                     f"struct_pack({packed})")


@cache
def _type(ddl: str) -> Any:
    from sqlglot import exp

    return exp.DataType.build(ddl, dialect="hive")


def column_sql(ddl: str, source: str, options: TextOptions) -> str:
    """The SQL of a column's value read from its field's text.

    Args:
        ddl: the column's Hive type (``array<int>``, ``decimal(5,2)``, ...).
        source: SQL of the field's text, NULL where the field is the null sequence or missing.
        options: the table's separators and null sequence.

    Returns:
        An SQL expression of the value, before the cast to the column's DuckDB type.

    Raises:
        UnsupportedLocally: a type the text encodings have no local reading for (a map with
            complex keys, nesting deeper than the separators).
    """
    return _Builder(options).value(_type(ddl), source, 0)

"""Storage formats: one registry from format name to SerDe, input/output formats and rules.

https://docs.aws.amazon.com/athena/latest/ug/supported-serdes.html

A :class:`FormatDef` says how a format is written in DDL (``STORED AS PARQUET``, or ``ROW FORMAT
SERDE ... STORED AS INPUTFORMAT ... OUTPUTFORMAT ...``), which SerDe properties it knows and
requires, and which table property carries its compression. :class:`Storage` is one table's
choice: a format name plus its SerDe properties (and, for ``custom``, explicit class names).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from athenakit.errors import Diagnostic, Severity

TEXT_INPUT = "org.apache.hadoop.mapred.TextInputFormat"
TEXT_OUTPUT = "org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat"
LAZY_SIMPLE = "org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe"
HIVE_JSON = "org.apache.hive.hcatalog.data.JsonSerDe"
DOC = "https://docs.aws.amazon.com/athena/latest/ug/supported-serdes.html"


class FrozenDict(Mapping[str, str]):
    """An immutable, hashable string mapping that keeps insertion order."""

    __slots__ = ("_data", "_hash")

    def __init__(self, data: Mapping[str, str] | None = None):
        self._data = dict(data or {})
        self._hash: int | None = None

    def __getitem__(self, key: str) -> str:
        return self._data[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)

    def __hash__(self) -> int:
        if self._hash is None:
            self._hash = hash(frozenset(self._data.items()))
        return self._hash

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Mapping) and dict(self._data) == dict(other)

    def __repr__(self) -> str:
        return f"FrozenDict({self._data!r})"


@dataclass(frozen=True)
class FormatDef:
    """How one storage format is declared in Athena DDL.

    Attributes:
        name: the spec name (``parquet``, ``regex``, ...).
        serde: SerDe class (None when ``STORED AS <keyword>`` implies it).
        input_format / output_format: explicit classes (None when implied).
        stored_as: the ``STORED AS`` keyword, when the format is declared that way.
        delimited: uses ``ROW FORMAT DELIMITED`` (LazySimpleSerDe).
        known_properties: SerDe property names Athena documents for it (``mapping.`` is a prefix).
        required_properties: SerDe properties without which the table cannot be read.
        compression_property: the table property holding the write compression.
        text: data files are text, so compression is detected by file extension.
    """

    name: str
    serde: str | None = None
    input_format: str | None = None
    output_format: str | None = None
    stored_as: str | None = None
    delimited: bool = False
    known_properties: frozenset[str] = frozenset()
    required_properties: tuple[str, ...] = ()
    compression_property: str | None = "write.compression"
    text: bool = True


_LAZY_PROPS = frozenset({"field.delim", "collection.delim", "mapkey.delim", "escape.delim",
                         "line.delim", "serialization.format", "serialization.null.format"})

FORMATS: dict[str, FormatDef] = {f.name: f for f in (
    # https://docs.aws.amazon.com/athena/latest/ug/lazy-simple-serde.html
    FormatDef("text", LAZY_SIMPLE, stored_as="TEXTFILE", delimited=True,
              known_properties=_LAZY_PROPS),
    # https://docs.aws.amazon.com/athena/latest/ug/csv-serde.html
    FormatDef("csv", "org.apache.hadoop.hive.serde2.OpenCSVSerde", stored_as="TEXTFILE",
              known_properties=frozenset({"separatorChar", "quoteChar", "escapeChar"})),
    # https://docs.aws.amazon.com/athena/latest/ug/hive-json-serde.html
    FormatDef("hive_json", HIVE_JSON, stored_as="TEXTFILE", known_properties=frozenset(
        {"timestamp.formats", "ignore.malformed.json", "dots.in.keys", "case.insensitive",
         "mapping."})),
    # https://docs.aws.amazon.com/athena/latest/ug/openx-json-serde.html
    FormatDef("openx_json", "org.openx.data.jsonserde.JsonSerDe", stored_as="TEXTFILE",
              known_properties=frozenset({"ignore.malformed.json", "case.insensitive",
                                          "dots.in.keys", "mapping.", "timestamp.formats"})),
    # https://docs.aws.amazon.com/athena/latest/ug/parquet-serde.html
    FormatDef("parquet", stored_as="PARQUET", compression_property="parquet.compression",
              known_properties=frozenset({"parquet.column.index.access"}), text=False),
    # https://docs.aws.amazon.com/athena/latest/ug/orc-serde.html
    FormatDef("orc", stored_as="ORC", compression_property="orc.compress", text=False,
              known_properties=frozenset({"orc.column.index.access"})),
    # https://docs.aws.amazon.com/athena/latest/ug/avro-serde.html
    FormatDef("avro", "org.apache.hadoop.hive.serde2.avro.AvroSerDe",
              "org.apache.hadoop.hive.ql.io.avro.AvroContainerInputFormat",
              "org.apache.hadoop.hive.ql.io.avro.AvroContainerOutputFormat",
              known_properties=frozenset({"avro.schema.literal"}),
              required_properties=("avro.schema.literal",), compression_property=None,
              text=False),
    # https://docs.aws.amazon.com/athena/latest/ug/regex-serde.html
    FormatDef("regex", "org.apache.hadoop.hive.serde2.RegexSerDe", TEXT_INPUT, TEXT_OUTPUT,
              known_properties=frozenset({"input.regex", "serialization.format"}),
              required_properties=("input.regex",)),
    # https://docs.aws.amazon.com/athena/latest/ug/grok-serde.html
    FormatDef("grok", "com.amazonaws.glue.serde.GrokSerDe", TEXT_INPUT, TEXT_OUTPUT,
              known_properties=frozenset({"input.format", "input.grokCustomPatterns"}),
              required_properties=("input.format",)),
    # https://docs.aws.amazon.com/athena/latest/ug/ion-serde.html
    FormatDef("ion", "com.amazon.ionhiveserde.IonHiveSerDe",
              "com.amazon.ionhiveserde.formats.IonInputFormat",
              "com.amazon.ionhiveserde.formats.IonOutputFormat", compression_property=None,
              known_properties=frozenset({"ion.encoding", "ion.fail_on_overflow",
                                          "ion.path_extractor.case_sensitive",
                                          "ion.column.", "ion.timestamp.serialization_offset",
                                          "ion.serialize_null", "ion.ignore_malformed"})),
    # https://docs.aws.amazon.com/athena/latest/ug/cloudtrail-logs.html
    FormatDef("cloudtrail", HIVE_JSON, "com.amazon.emr.cloudtrail.CloudTrailInputFormat",
              TEXT_OUTPUT, compression_property=None),
)}
CUSTOM = "custom"
FORMAT_NAMES = (*FORMATS, CUSTOM)
# LazySimpleSerDe's ROW FORMAT DELIMITED clauses, in the order Hive's grammar wants them.
DELIMITERS = (
    ("field_delimiter", "field.delim", "FIELDS TERMINATED BY"),
    ("escape_delimiter", "escape.delim", "ESCAPED BY"),
    ("collection_delimiter", "collection.delim", "COLLECTION ITEMS TERMINATED BY"),
    ("map_key_delimiter", "mapkey.delim", "MAP KEYS TERMINATED BY"),
    ("line_delimiter", "line.delim", "LINES TERMINATED BY"),
    ("null_format", "serialization.null.format", "NULL DEFINED AS"),
)


@dataclass(frozen=True)
class Storage:
    """How a table's files are read: a registered format, or ``custom`` with explicit classes.

    For ``text`` the delimiters are attributes (rendered as ``ROW FORMAT DELIMITED``); every other
    SerDe setting is a SerDe property. ``header_lines`` becomes ``skip.header.line.count``.
    """

    format: str = "parquet"
    serde_properties: FrozenDict = field(default_factory=FrozenDict)
    serde: str | None = None
    input_format: str | None = None
    output_format: str | None = None
    field_delimiter: str | None = None
    escape_delimiter: str | None = None
    collection_delimiter: str | None = None
    map_key_delimiter: str | None = None
    line_delimiter: str | None = None
    null_format: str | None = None
    header_lines: int | None = None

    @property
    def definition(self) -> FormatDef:
        return FORMATS.get(self.format) or FormatDef(CUSTOM, compression_property=None)

    @property
    def serde_class(self) -> str | None:
        return self.serde or self.definition.serde

    @property
    def delimiters(self) -> list[tuple[str, str]]:
        """``(DDL clause, value)`` for each set delimiter, in grammar order."""
        return [(clause, getattr(self, attr)) for attr, _, clause in DELIMITERS
                if getattr(self, attr) is not None]

    def validate(self, path: str = "storage",
                 table_properties: Mapping[str, str] | None = None) -> list[Diagnostic]:
        """Problems with the format choice and its SerDe properties (a SerDe also reads the
        table's TBLPROPERTIES, so a required key may sit there: ``STORED AS AVRO`` tables
        usually keep ``avro.schema.literal`` in TBLPROPERTIES)."""
        fmt = FORMATS.get(self.format)
        if fmt is None and self.format != CUSTOM:
            return [_err("AK140", f"{path}.format", f"unknown storage format {self.format!r}; "
                         "use one of " + ", ".join(FORMAT_NAMES))]
        if fmt is None:
            return self._validate_custom(path)
        out = []
        for key in fmt.required_properties:
            if key not in self.serde_properties and key not in (table_properties or {}):
                out.append(_err("AK141", f"{path}.serde_properties",
                                f"{self.format} tables need the SerDe property {key!r}"))
        for key in self.serde_properties:
            if fmt.known_properties and not _known(key, fmt.known_properties):
                out.append(Diagnostic("AK142", Severity.WARNING, f"SerDe property {key!r} is not "
                                      f"documented for {self.format}", f"{path}.serde_properties",
                                      doc=DOC))
        if self.delimiters and not fmt.delimited:
            out.append(_err("AK143", path, f"delimiters apply to format 'text' only, not "
                            f"{self.format!r} (use serde_properties)"))
        if self.serde or self.input_format or self.output_format:
            out.append(_err("AK144", path, f"serde/input_format/output_format are set by format "
                            f"{self.format!r}; use format 'custom' to give them explicitly"))
        out.extend(self._validate_delimiters(path))
        if self.header_lines is not None and self.header_lines < 0:
            out.append(_err("AK145", f"{path}.header_lines",
                            "header_lines must be a non-negative count"))
        elif self.header_lines and not fmt.text:
            # Athena creates the table and ignores skip.header.line.count on binary formats.
            out.append(Diagnostic("AK145", Severity.WARNING, f"header_lines has no effect on "
                                  f"{self.format}: only text formats have header lines",
                                  f"{path}.header_lines", doc=DOC))
        return out

    def _validate_custom(self, path: str) -> list[Diagnostic]:
        if self.serde and self.input_format and self.output_format:
            return []
        return [_err("AK146", path, "format 'custom' needs serde, input_format and output_format")]

    def _validate_delimiters(self, path: str) -> list[Diagnostic]:
        # https://docs.aws.amazon.com/athena/latest/ug/lazy-simple-serde.html
        out = []
        for attr, _, _ in DELIMITERS[:-1]:
            value = getattr(self, attr)
            if value is not None and len(value) != 1 and not _is_octal_char(value):
                out.append(_err("AK147", f"{path}.{attr}",
                                f"{attr} must be a single character, got {value!r}"))
        avro = self.serde_properties.get("avro.schema.url")
        if avro is not None:
            out.append(_err("AK148", f"{path}.serde_properties",
                            "avro.schema.url is not supported by Athena; use avro.schema.literal"))
        return out

    def to_spec(self) -> dict[str, Any]:
        spec: dict[str, Any] = {"format": self.format}
        for name in ("serde", "input_format", "output_format", *[d[0] for d in DELIMITERS],
                     "header_lines"):
            value = getattr(self, name)
            if value is not None:
                spec[name] = value
        if self.serde_properties:
            spec["serde_properties"] = dict(self.serde_properties)
        return spec


def _known(key: str, known: frozenset[str]) -> bool:
    return key in known or any(k.endswith(".") and key.startswith(k) for k in known)


def _is_octal_char(value: str) -> bool:
    # Hive accepts a delimiter written as an octal escape such as '\001' (already decoded) or
    # as its decimal code ('1' is one character anyway).
    return value.isdigit() and len(value) <= 3


def _err(code: str, path: str, message: str) -> Diagnostic:
    return Diagnostic(code, Severity.ERROR, message, path=path, doc=DOC)


def format_for_classes(
    serde: str | None, input_format: str | None, output_format: str | None,
    stored_as: str | None,
) -> str:
    """The registry name that a DDL's SerDe / formats / STORED AS describe, or ``custom``."""
    keyword = (stored_as or "").upper()
    if keyword in _IMPLIED and serde in (None, _IMPLIED[keyword][0]):
        return keyword.lower()
    if keyword == "TEXTFILE":
        input_format, output_format = input_format or TEXT_INPUT, output_format or TEXT_OUTPUT
    elif keyword:
        return CUSTOM
    for name, classes in _IMPLIED.items():
        if serde == classes[0] and (input_format or classes[1]) == classes[1] \
                and (output_format or classes[2]) == classes[2]:
            return name.lower()
    for fmt in FORMATS.values():
        if fmt.serde == (serde or LAZY_SIMPLE) and _formats_match(fmt, input_format, output_format):
            return fmt.name
    return CUSTOM


_IMPLIED = {
    "PARQUET": ("org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe",
                "org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat",
                "org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat"),
    "ORC": ("org.apache.hadoop.hive.ql.io.orc.OrcSerde",
            "org.apache.hadoop.hive.ql.io.orc.OrcInputFormat",
            "org.apache.hadoop.hive.ql.io.orc.OrcOutputFormat"),
    # Hive's STORED AS AVRO / STORED AS ION shorthands, accepted by Athena; rendered long-hand.
    "AVRO": ("org.apache.hadoop.hive.serde2.avro.AvroSerDe",
             "org.apache.hadoop.hive.ql.io.avro.AvroContainerInputFormat",
             "org.apache.hadoop.hive.ql.io.avro.AvroContainerOutputFormat"),
    "ION": ("com.amazon.ionhiveserde.IonHiveSerDe",
            "com.amazon.ionhiveserde.formats.IonInputFormat",
            "com.amazon.ionhiveserde.formats.IonOutputFormat"),
}


def _formats_match(fmt: FormatDef, input_format: str | None, output_format: str | None) -> bool:
    want_in = fmt.input_format or TEXT_INPUT
    want_out = fmt.output_format or TEXT_OUTPUT
    return (input_format or want_in) == want_in and (output_format or want_out) == want_out


def implied_classes(stored_as: str) -> tuple[str, str, str] | None:
    """SerDe, input and output format that ``STORED AS PARQUET``/``ORC`` stand for."""
    return _IMPLIED.get(stored_as.upper())

"""One case per validation rule (AK1xx): the code, the severity and the field path it reports.

Every rule has hit cases (the rule fires at the expected path) and non-hit cases (a nearby valid
input where it stays quiet). Cases are grouped by rule family with the AWS page that states them.
"""

from __future__ import annotations

from typing import Any

import pytest

from athenakit.errors import Diagnostic, Severity, SpecError
from athenakit.table.iceberg import parse_partition
from athenakit.table.model import (
    Bucketing,
    Column,
    IcebergPartition,
    Partition,
    ProjectionConfig,
    Table,
    Transform,
)
from athenakit.table.projection import (
    DateProjection,
    EnumProjection,
    InjectedProjection,
    IntegerProjection,
    Projection,
)
from athenakit.table.storage import FrozenDict, Storage

E, W = Severity.ERROR, Severity.WARNING
COLS = (Column("id", "bigint"), Column("ts", "timestamp"), Column("name", "string"))
BASE: dict[str, Any] = {"name": "events", "columns": COLS, "location": "s3://bucket/events/"}


def findings(**fields: Any) -> list[Diagnostic]:
    """Diagnostics of a table built from BASE with ``fields`` changed (errors or warnings)."""
    try:
        return list(Table(**{**BASE, **fields}).warnings)
    except SpecError as err:
        return list(err.diagnostics)


def projected(projection: Projection | None, type_: str = "string", *,
              template: str | None = None, enabled: bool = True) -> dict[str, Any]:
    """Fields of a table with one partition column ``dt`` carrying ``projection``."""
    return {"partitions": (Partition("dt", type_, projection=projection),),
            "projection": ProjectionConfig(enabled=enabled, location_template=template)}


def iceberg(**fields: Any) -> dict[str, Any]:
    return {"table_type": "iceberg", **fields}


def storage(**fields: Any) -> dict[str, Any]:
    if "serde_properties" in fields:
        fields["serde_properties"] = FrozenDict(fields["serde_properties"])
    return {"storage": Storage(**fields)}


P = "partitions[0].projection"

HITS = [
    # -- names: https://docs.aws.amazon.com/athena/latest/ug/tables-databases-columns-names.html
    pytest.param({"name": ""}, "AK101", "name", E, id="AK101 empty table name"),
    pytest.param({"name": "t" * 256}, "AK101", "name", E, id="AK101 name over 255 chars"),
    pytest.param({"database": ""}, "AK101", "database", E, id="AK101 empty database"),
    pytest.param({"name": "ev`ents"}, "AK102", "name", E, id="AK102 backtick in name"),
    pytest.param({"columns": (Column('say"hi', "int"),)}, "AK102", "columns[0].name", E,
                 id="AK102 double quote in column"),
    pytest.param({"name": "line\nbreak"}, "AK102", "name", E, id="AK102 control char"),
    pytest.param({"name": "my-events"}, "AK103", "name", W, id="AK103 hyphen in name"),
    pytest.param({"columns": (Column("cs(Host)", "string"),)}, "AK103", "columns[0].name", W,
                 id="AK103 parenthesis in column"),
    # -- columns: https://docs.aws.amazon.com/athena/latest/ug/create-table.html
    pytest.param({"columns": ()}, "AK104", "columns", E, id="AK104 no columns"),
    pytest.param({"partitions": (Partition("ID"),)}, "AK105", "partitions[0].name", E,
                 id="AK105 partition repeats a column"),
    pytest.param({"columns": (*COLS, Column("NAME", "int"))}, "AK106", "columns[3].name", E,
                 id="AK106 column repeats case-insensitively"),
    pytest.param({"partitions": (Partition("a"), Partition("A"))}, "AK106",
                 "partitions[1].name", E, id="AK106 partition repeats"),
    pytest.param({"partitions": (Partition("tags", "array<string>"),)}, "AK107",
                 "partitions[0].type", E, id="AK107 nested partition type"),
    # -- location: https://docs.aws.amazon.com/athena/latest/ug/tables-location-format.html
    pytest.param({"location": "s3a://bucket/events/"}, "AK110", "location", E, id="AK110 s3a"),
    pytest.param({"location": "https://bucket.s3.amazonaws.com/events/"}, "AK110", "location", E,
                 id="AK110 https url"),
    pytest.param({"location": "arn:aws:s3:::bucket/events/"}, "AK110", "location", E,
                 id="AK110 arn"),
    pytest.param({"location": "s3:///events/"}, "AK111", "location", E, id="AK111 no bucket"),
    pytest.param({"location": "s3://"}, "AK111", "location", E, id="AK111 only scheme"),
    pytest.param({"location": "s3://bucket/events/*/"}, "AK112", "location", E,
                 id="AK112 glob"),
    pytest.param({"location": "s3://bucket/events//2024/"}, "AK113", "location", E,
                 id="AK113 empty segment"),
    pytest.param({"location": "s3://bucket/events/data.csv"}, "AK114", "location", E,
                 id="AK114 file name"),
    pytest.param({"location": "s3://bucket/events/part-0.snappy.parquet"}, "AK114", "location",
                 E, id="AK114 parquet file"),
    pytest.param({"location": "s3://bucket/events"}, "AK115", "location", W,
                 id="AK115 no trailing slash"),
    pytest.param(iceberg(location=None), "AK116", "location", E,
                 id="AK116 iceberg needs location"),
    # -- table properties: https://docs.aws.amazon.com/athena/latest/ug/create-table.html
    pytest.param({"properties": {"": "x"}}, "AK117", "properties", E, id="AK117 empty key"),
    pytest.param({"properties": {"projection.enabled": "true"}}, "AK118",
                 "properties.projection.enabled", E, id="AK118 projection.enabled"),
    pytest.param({"properties": {"skip.header.line.count": "1"}}, "AK118",
                 "properties.skip.header.line.count", E, id="AK118 header count"),
    pytest.param({"properties": {"projection.dt.type": "enum"}}, "AK118",
                 "properties.projection.dt.type", E, id="AK118 per-column projection key"),
    pytest.param({"properties": {"parquet.compression": "GZIP"}}, "AK118",
                 "properties.parquet.compression", E, id="AK118 compression key"),
    # -- projection types:
    #    https://docs.aws.amazon.com/athena/latest/ug/partition-projection-supported-types.html
    pytest.param(projected(EnumProjection(())), "AK120", f"{P}.values", E,
                 id="AK120 empty enum"),
    pytest.param(projected(EnumProjection(("a", "b,c"))), "AK121", f"{P}.values[1]", E,
                 id="AK121 comma in enum value"),
    pytest.param(projected(EnumProjection(("a", "b", "a"))), "AK122", f"{P}.values", W,
                 id="AK122 repeated enum value"),
    pytest.param(projected(IntegerProjection(("one", "9"))), "AK123", f"{P}.range[0]", E,
                 id="AK123 integer range start"),
    pytest.param(projected(IntegerProjection(("1", "1.5"))), "AK123", f"{P}.range[1]", E,
                 id="AK123 integer range end"),
    pytest.param(projected(IntegerProjection(("9", "1"))), "AK124", f"{P}.range", E,
                 id="AK124 integer range reversed"),
    pytest.param(projected(DateProjection(("2024-02-01", "2024-01-01"))), "AK124", f"{P}.range",
                 E, id="AK124 date range reversed"),
    pytest.param(projected(IntegerProjection(("1", "9"), interval="0")), "AK125",
                 f"{P}.interval", E, id="AK125 integer interval zero"),
    pytest.param(projected(IntegerProjection(("1", "9"), digits="-2")), "AK125", f"{P}.digits",
                 E, id="AK125 negative digits"),
    pytest.param(projected(DateProjection(("2024-01-01", "NOW"), interval="x",
                                          interval_unit="DAYS")),
                 "AK125", f"{P}.interval", E, id="AK125 date interval not a number"),
    pytest.param(projected(DateProjection(("NOW-1DAYS", "NOW"), format="EEE, yyyy")), "AK126",
                 f"{P}.format", W, id="AK126 unverifiable format"),
    pytest.param(projected(DateProjection(("NOW-3FORTNIGHTS", "NOW"))), "AK127", f"{P}.range[0]",
                 E, id="AK127 unknown NOW unit"),
    pytest.param(projected(DateProjection(("2024/01/01", "NOW"))), "AK128", f"{P}.range[0]", E,
                 id="AK128 range end in another format"),
    pytest.param(projected(DateProjection(("2024-01-01", "yesterday"))), "AK128",
                 f"{P}.range[1]", E, id="AK128 range end not a date"),
    pytest.param(projected(DateProjection(("2024-01-01", "NOW"), interval="1",
                                          interval_unit="MILLISECONDS")),
                 "AK129", f"{P}.interval_unit", W, id="AK129 MILLISECONDS spelling"),
    pytest.param(projected(DateProjection(("2024-01-01", "NOW"), interval="1",
                                          interval_unit="FORTNIGHTS")),
                 "AK129", f"{P}.interval_unit", E, id="AK129 unknown unit"),
    pytest.param(projected(DateProjection(("2024/01/01/00", "NOW"), format="yyyy/MM/dd/HH")),
                 "AK130", f"{P}.interval_unit", E, id="AK130 hourly format needs a unit"),
    pytest.param(projected(InjectedProjection(), "int"), "AK131", f"{P}.type", E,
                 id="AK131 injected on int"),
    # -- projection setup:
    #    https://docs.aws.amazon.com/athena/latest/ug/partition-projection-setting-up.html
    pytest.param(projected(EnumProjection(("a",)), enabled=False), "AK150", "projection.enabled",
                 W, id="AK150 projections while disabled"),
    pytest.param({"projection": ProjectionConfig()}, "AK151", "projection.enabled", E,
                 id="AK151 enabled without partitions"),
    pytest.param({"partitions": (Partition("dt", projection=EnumProjection(("a",))),
                                 Partition("region")),
                  "projection": ProjectionConfig()}, "AK152", "partitions", E,
                 id="AK152 partition without projection"),
    pytest.param(projected(EnumProjection(("a",)), template="s3://bucket/events/${dt}/${day}/"),
                 "AK153", "projection.location_template", E,
                 id="AK153 placeholder not a partition"),
    pytest.param(projected(EnumProjection(("a",)), template="s3://bucket/events/static/"),
                 "AK154", "projection.location_template", E, id="AK154 partition not in template"),
    pytest.param(projected(EnumProjection(("a",)), template="s3://bucket/events/${dt}"),
                 "AK155", "projection.location_template", W,
                 id="AK155 template without trailing slash"),
    pytest.param(projected(EnumProjection(("a",)), template="s3a://bucket/events/${dt}/"),
                 "AK110", "projection.location_template", E, id="AK110 template scheme"),
    pytest.param(projected(EnumProjection(("a",)), template="s3://bucket/events//${dt}/"),
                 "AK113", "projection.location_template", E, id="AK113 template empty segment"),
    # -- storage formats: https://docs.aws.amazon.com/athena/latest/ug/supported-serdes.html
    pytest.param(storage(format="xml"), "AK140", "storage.format", E, id="AK140 unknown format"),
    pytest.param(storage(format="regex"), "AK141", "storage.serde_properties", E,
                 id="AK141 regex without input.regex"),
    pytest.param(storage(format="avro"), "AK141", "storage.serde_properties", E,
                 id="AK141 avro without schema"),
    pytest.param(storage(format="grok"), "AK141", "storage.serde_properties", E,
                 id="AK141 grok without input.format"),
    pytest.param(storage(format="csv", serde_properties={"separatorchar": ","}), "AK142",
                 "storage.serde_properties", W, id="AK142 misspelled csv property"),
    pytest.param(storage(format="text", serde_properties={"quoteChar": '"'}), "AK142",
                 "storage.serde_properties", W, id="AK142 csv property on text"),
    pytest.param(storage(format="csv", field_delimiter=","), "AK143", "storage", E,
                 id="AK143 delimiter on csv"),
    pytest.param(storage(format="parquet", serde="org.example.MySerDe"), "AK144", "storage", E,
                 id="AK144 serde with registered format"),
    pytest.param(storage(format="parquet", header_lines=1), "AK145", "storage.header_lines", W,
                 id="AK145 header on parquet is ignored, a warning"),
    pytest.param(storage(format="text", header_lines=-1), "AK145", "storage.header_lines", E,
                 id="AK145 negative header"),
    pytest.param(storage(format="custom", serde="org.example.MySerDe"), "AK146", "storage", E,
                 id="AK146 custom without formats"),
    # https://docs.aws.amazon.com/athena/latest/ug/lazy-simple-serde.html
    pytest.param(storage(format="text", field_delimiter="||"), "AK147",
                 "storage.field_delimiter", E, id="AK147 two-char field delimiter"),
    pytest.param(storage(format="text", map_key_delimiter=""), "AK147",
                 "storage.map_key_delimiter", E, id="AK147 empty map key delimiter"),
    # https://docs.aws.amazon.com/athena/latest/ug/avro-serde.html
    pytest.param(storage(format="avro", serde_properties={"avro.schema.literal": "{}",
                                                          "avro.schema.url": "s3://b/s.avsc"}),
                 "AK148", "storage.serde_properties", E, id="AK148 avro.schema.url"),
    # -- Iceberg: https://docs.aws.amazon.com/athena/latest/ug/querying-iceberg-creating-tables.html
    pytest.param(iceberg(partitions=(Partition("dt"),)), "AK161", "partitions", E,
                 id="AK161 iceberg with partition columns"),
    pytest.param(iceberg(bucketing=Bucketing(("id",), 4)), "AK161", "partitions", E,
                 id="AK161 iceberg with bucketing"),
    pytest.param(iceberg(**storage(format="csv")), "AK162", "storage.format", E,
                 id="AK162 iceberg csv"),
    pytest.param(iceberg(**storage(format="parquet",
                                   serde_properties={"parquet.column.index.access": "true"})),
                 "AK163", "storage", E, id="AK163 iceberg serde properties"),
    pytest.param(iceberg(properties={"format": "parquet"}), "AK164", "properties.format", E,
                 id="AK164 format via properties"),
    pytest.param(iceberg(properties={"write.target-file-size-bytes": "1"}), "AK164",
                 "properties.write.target-file-size-bytes", E, id="AK164 unknown property"),
    pytest.param(iceberg(partitioning=(IcebergPartition("nope"),)), "AK165", "partitioning[0]",
                 E, id="AK165 unknown source column"),
    pytest.param(iceberg(partitioning=(IcebergPartition("id"),
                                       IcebergPartition("name", Transform.DAY))),
                 "AK166", "partitioning[1]", E, id="AK166 day of a string"),
    pytest.param(iceberg(partitioning=(IcebergPartition("ts", Transform.HOUR),),
                         columns=(Column("ts", "date"),)),
                 "AK166", "partitioning[0]", E, id="AK166 hour of a date"),
    pytest.param(iceberg(partitioning=(parse_partition("bucket(0, id)"),)), "AK167",
                 "partitioning[0]", E, id="AK167 zero buckets"),
    # -- Delta Lake: https://docs.aws.amazon.com/athena/latest/ug/delta-lake-tables-getting-started.html
    pytest.param({"table_type": "delta"}, "AK193", "columns", E, id="AK193 delta with columns"),
    pytest.param({"table_type": "delta", "columns": (), "comment": "c"}, "AK193", "comment", E,
                 id="AK193 delta with a comment"),
    pytest.param({"table_type": "delta", "columns": (), "location": None}, "AK194", "location",
                 E, id="AK194 delta without location"),
    # -- bucketing: https://docs.aws.amazon.com/athena/latest/ug/create-table.html
    pytest.param({"bucketing": Bucketing((), 4)}, "AK170", "bucketing.columns", E,
                 id="AK170 no bucket columns"),
    pytest.param({"bucketing": Bucketing(("id", "nope"), 4)}, "AK171", "bucketing.columns[1]", E,
                 id="AK171 unknown bucket column"),
    pytest.param({"bucketing": Bucketing(("id",), 0)}, "AK172", "bucketing.count", E,
                 id="AK172 zero buckets"),
    pytest.param({"bucketing": Bucketing(("id",), 100_001)}, "AK172", "bucketing.count", E,
                 id="AK172 too many buckets"),
    # -- compression: https://docs.aws.amazon.com/athena/latest/ug/compression-support.html
    pytest.param({"compression_level": 3}, "AK180", "compression_level", E,
                 id="AK180 level without compression"),
    pytest.param({"compression": "zstd", "compression_level": 23}, "AK180", "compression_level",
                 E, id="AK180 level above 22"),
    pytest.param({"compression": "SNAPPY", "compression_level": 3}, "AK180",
                 "compression_level", E, id="AK180 level on snappy"),
    pytest.param({"compression": "GZIP", **storage(format="ion")}, "AK181", "compression", E,
                 id="AK181 ion has no compression property"),
    pytest.param({"compression": "BZIP2"}, "AK182", "compression", E,
                 id="AK182 bzip2 is not a parquet codec"),
    pytest.param({"compression": "ZLIB", **storage(format="text")}, "AK182", "compression", E,
                 id="AK182 zlib is not a text codec"),
]


@pytest.mark.parametrize("fields,code,path,severity", HITS)
def test_rule_reports_its_code_and_field_path(fields: dict[str, Any], code: str, path: str,
                                              severity: Severity) -> None:
    found = [d for d in findings(**fields) if d.code == code]
    assert found, f"{code} not reported; got {[str(d) for d in findings(**fields)]}"
    assert path in [d.path for d in found], [d.path for d in found]
    assert {d.severity for d in found if d.path == path} == {severity}
    for d in found:
        assert d.message
        assert d.doc is not None and d.doc.startswith("https://docs.aws.amazon.com/athena/")


NON_HITS = [
    # names
    pytest.param({"name": "t" * 255}, "AK101", id="AK101 255 chars is fine"),
    pytest.param({"name": "Events_2024"}, "AK103", id="AK103 letters digits underscore"),
    pytest.param({"columns": (Column("date", "date"),)}, "AK103",
                 id="AK103 reserved word is only quoted"),
    # columns
    pytest.param({"partitions": (Partition("dt"),)}, "AK105", id="AK105 distinct partition"),
    pytest.param({"partitions": (Partition("n", "decimal(10,2)"),)}, "AK107",
                 id="AK107 primitive partition type"),
    # location
    pytest.param({"location": "s3://bucket/"}, "AK111", id="AK111 bucket root"),
    pytest.param({"location": "s3://logs.csv/"}, "AK114", id="AK114 bucket named like a file"),
    pytest.param({"location": "s3://bucket/v1.2/events/"}, "AK114", id="AK114 dotted folder"),
    pytest.param({"location": "s3://bucket/events.csv/"}, "AK114",
                 id="AK114 folder named like a file, with its trailing slash"),
    pytest.param({"location": "s3://bucket-name/a/b/c/"}, "AK115", id="AK115 trailing slash"),
    pytest.param({"location": None}, "AK116", id="AK116 hive table without location"),
    pytest.param({"table_type": "delta", "columns": ()}, "AK193", id="AK193 a delta table"),
    pytest.param({"table_type": "delta", "columns": ()}, "AK194", id="AK194 a delta table"),
    # properties
    pytest.param({"properties": {"classification": "csv", "has_encrypted_data": "false"}},
                 "AK118", id="AK118 free properties"),
    # projection types
    pytest.param(projected(EnumProjection((" a", "b "))), "AK121",
                 id="AK121 whitespace is part of a value"),
    pytest.param(projected(IntegerProjection(("-5", "0005"), interval="5", digits="4")), "AK123",
                 id="AK123 negative and zero-padded ends"),
    pytest.param(projected(IntegerProjection(("3", "3"))), "AK124", id="AK124 single value"),
    pytest.param(projected(DateProjection(("NOW-2YEARS", "NOW+1DAY"))), "AK127",
                 id="AK127 NOW arithmetic"),
    pytest.param(projected(DateProjection(("2024-01-01", "NOW"), format="yyyy-MM-dd")), "AK128",
                 id="AK128 range matches format"),
    pytest.param(projected(DateProjection(("2024/01/01/00", "NOW"), format="yyyy/MM/dd/HH",
                                          interval="1", interval_unit="HOURS")),
                 "AK130", id="AK130 hourly with unit"),
    pytest.param(projected(DateProjection(("2024-01", "NOW"), format="yyyy-MM")), "AK130",
                 id="AK130 monthly needs no unit"),
    pytest.param(projected(InjectedProjection(), "varchar(64)"), "AK131",
                 id="AK131 injected on varchar"),
    # projection setup
    pytest.param({"partitions": (Partition("dt"),)}, "AK150", id="AK150 plain partitions"),
    pytest.param(projected(EnumProjection(("a",)), template="s3://bucket/x/${dt}/${dt}/"),
                 "AK153", id="AK153 repeated placeholder allowed"),
    pytest.param(projected(EnumProjection(("a",)), template="s3://bucket/x/${DT}/"), "AK154",
                 id="AK154 placeholder case-insensitive"),
    pytest.param(projected(EnumProjection(("a",)), template="s3://bucket/x/${dt}/"), "AK155",
                 id="AK155 template with slash"),
    # storage
    pytest.param(storage(format="openx_json", serde_properties={"mapping.ts": "timestamp"}),
                 "AK142", id="AK142 mapping prefix known"),
    pytest.param(storage(format="custom", serde="a.S", input_format="a.I", output_format="a.O"),
                 "AK146", id="AK146 custom with all classes"),
    pytest.param(storage(format="text", field_delimiter="\t", collection_delimiter="\x02"),
                 "AK147", id="AK147 single characters"),
    pytest.param(storage(format="text", field_delimiter="001"), "AK147",
                 id="AK147 octal code accepted"),
    pytest.param(storage(format="text", null_format="\\N"), "AK147",
                 id="AK147 null format may be longer"),
    pytest.param(storage(format="text", header_lines=0), "AK145", id="AK145 zero header lines"),
    # iceberg
    pytest.param(iceberg(partitioning=(IcebergPartition("ts", Transform.DAY),
                                       IcebergPartition("id", Transform.BUCKET, 16),
                                       IcebergPartition("name", Transform.TRUNCATE, 4))),
                 "AK166", id="AK166 valid transforms"),
    pytest.param(iceberg(properties={"vacuum_min_snapshots_to_keep": "5"}), "AK164",
                 id="AK164 documented iceberg property"),
    # bucketing and compression
    pytest.param({"bucketing": Bucketing(("ID",), 8)}, "AK171", id="AK171 case-insensitive"),
    pytest.param({"compression": "zstd", "compression_level": 22}, "AK180", id="AK180 zstd 22"),
    pytest.param({"compression": "GZIP", **storage(format="openx_json")}, "AK182",
                 id="AK182 gzip json"),
    pytest.param(iceberg(compression="ZSTD"), "AK182", id="AK182 iceberg zstd"),
]


@pytest.mark.parametrize("fields,code", NON_HITS)
def test_rule_stays_quiet_on_valid_input(fields: dict[str, Any], code: str) -> None:
    found = findings(**fields)
    assert code not in {d.code for d in found}, [str(d) for d in found]


def test_every_rule_code_in_the_model_has_a_hit_case() -> None:
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent / "athenakit" / "table"
    sources = ["validate.py", "projection.py", "projection_rules.py", "storage.py", "iceberg.py"]
    codes = set()
    for name in sources:
        codes |= set(re.findall(r'"(AK1\d\d)"', (root / name).read_text(encoding="utf-8")))
    covered = {p.values[1] for p in HITS} | {"AK100", "AK160"}
    assert codes - covered == set()


def test_valid_base_table_has_no_findings() -> None:
    assert findings() == []


def test_errors_come_first_and_warnings_are_kept_on_the_table() -> None:
    table = Table(**{**BASE, "location": "s3://bucket/events", "name": "my-events"})
    assert {d.code for d in table.warnings} == {"AK103", "AK115"}
    with pytest.raises(SpecError) as info:
        Table(**{**BASE, "location": "s3://bucket/events", "columns": ()})
    assert info.value.diagnostics[0].is_error
    assert [d.code for d in info.value.errors] == ["AK104"]
    assert "AK104" in str(info.value) and "AK115" not in str(info.value)


# -- column types (AK100): https://docs.aws.amazon.com/athena/latest/ug/data-types.html
@pytest.mark.parametrize("text", ["strng", "array<int", "map<array<int>,string>", "varchar(0)",
                                  "decimal(39,2)", "char(256)", "struct<>"])
def test_bad_column_type_is_ak100_at_the_type_field(text: str) -> None:
    with pytest.raises(SpecError) as info:
        Column("c", text)
    [diag] = info.value.diagnostics
    assert (diag.code, diag.path, diag.severity) == ("AK100", "type", E)


def test_good_column_type_is_not_ak100() -> None:
    assert Column("c", "Array<Struct<a:INT>>").type.ddl == "array<struct<a:int>>"


# -- Iceberg transforms (AK160)
@pytest.mark.parametrize("text", ["week(ts)", "bucket(id)", "day(ts, 3)", "identity(id)",
                                  "bucket(16, id", "truncate(a, b)"])
def test_bad_iceberg_transform_is_ak160(text: str) -> None:
    with pytest.raises(SpecError) as info:
        parse_partition(text, "partitioning[2]")
    [diag] = info.value.diagnostics
    assert (diag.code, diag.path, diag.severity) == ("AK160", "partitioning[2]", E)


@pytest.mark.parametrize("text,column,transform,param", [
    ("order_id", "order_id", Transform.IDENTITY, None),
    ("day(ts)", "ts", Transform.DAY, None),
    ("bucket(16, id)", "id", Transform.BUCKET, 16),
    ("bucket(id, 16)", "id", Transform.BUCKET, 16),
    ("truncate(10, `name`)", "name", Transform.TRUNCATE, 10),
    ('HOUR("ts")', "ts", Transform.HOUR, None),
])
def test_iceberg_transforms_parse_without_ak160(text: str, column: str, transform: Transform,
                                                param: int | None) -> None:
    assert parse_partition(text) == IcebergPartition(column, transform, param)


# -- rules applied while importing DDL (athenakit.table.importer) ------------------------------------
# https://docs.aws.amazon.com/athena/latest/ug/create-table.html and
# https://docs.aws.amazon.com/athena/latest/ug/querying-iceberg-creating-tables.html
_LOC = "LOCATION 's3://b/t/'"
IMPORT_ERRORS = [
    pytest.param(f"CREATE TABLE t (id int) {_LOC}", "AK192", "table_type",
                 id="AK192 hive table without EXTERNAL"),
    pytest.param(f"CREATE EXTERNAL TABLE t (id int) {_LOC} TBLPROPERTIES "
                 "('table_type'='ICEBERG')", "AK191", "table_type",
                 id="AK191 iceberg table with EXTERNAL"),
    pytest.param(f"CREATE EXTERNAL TABLE t (id int) PARTITIONED BY (dt string) {_LOC} "
                 "TBLPROPERTIES ('projection.enabled'='true', 'projection.dt.type'='enum', "
                 "'projection.dt.values'='a', 'projection.id.type'='enum')",
                 "AK156", "properties.projection.id.type",
                 id="AK156 projection of a data column"),
    pytest.param(f"CREATE TABLE t {_LOC} TBLPROPERTIES ('table_type'='DELTA')", "AK195", "",
                 id="AK195 delta table without EXTERNAL"),
    pytest.param(f"CREATE EXTERNAL TABLE t STORED AS PARQUET {_LOC} TBLPROPERTIES "
                 "('table_type'='DELTA')", "AK193", "storage",
                 id="AK193 delta table with STORED AS"),
]


@pytest.mark.parametrize("sql,code,path", IMPORT_ERRORS)
def test_import_rule_reports_its_code_and_path(sql: str, code: str, path: str) -> None:
    from athenakit.table.importer import import_ddl

    with pytest.raises(SpecError) as info:
        import_ddl(sql)
    assert (code, path, E) in [(d.code, d.path, d.severity) for d in info.value.diagnostics]


@pytest.mark.parametrize("sql", [
    f"CREATE EXTERNAL TABLE t (id int) {_LOC}",
    f"CREATE TABLE t (id int) {_LOC} TBLPROPERTIES ('table_type'='ICEBERG')",
    (f"CREATE EXTERNAL TABLE t (id int) PARTITIONED BY (dt string) {_LOC} TBLPROPERTIES "
    "('projection.enabled'='true', 'projection.dt.type'='enum', 'projection.dt.values'='a')"),
], ids=["external hive", "iceberg without external", "projection of a partition column"])
def test_import_rules_stay_quiet_on_valid_ddl(sql: str) -> None:
    from athenakit.table.importer import import_ddl

    assert len(import_ddl(sql)) == 1


_REGEX_DDL = ("CREATE EXTERNAL TABLE t (id string) ROW FORMAT SERDE "
              "'org.apache.hadoop.hive.serde2.RegexSerDe' WITH SERDEPROPERTIES "
              "('input.regex'='{}') " + _LOC)


def test_import_warns_ak190_where_hive_drops_a_backslash() -> None:
    from athenakit.table.importer import import_ddl_with_warnings

    result = import_ddl_with_warnings(_REGEX_DDL.format("([^\\s]+)"))
    [diag] = [d for d in result.warnings if d.code == "AK190"]
    assert diag.severity is W and diag.line == 1 and diag.column is not None
    assert result.tables[0].storage.serde_properties["input.regex"] == "([^s]+)"


def test_import_does_not_warn_ak190_for_doubled_backslashes() -> None:
    from athenakit.table.importer import import_ddl_with_warnings

    result = import_ddl_with_warnings(_REGEX_DDL.format("([^\\\\s]+)"))
    assert "AK190" not in {d.code for d in result.warnings}
    assert result.tables[0].storage.serde_properties["input.regex"] == "([^\\s]+)"

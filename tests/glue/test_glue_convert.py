"""The StorageDescriptor written for each storage format, against the SerDe and input/output
classes of the Athena documentation's CREATE TABLE examples; and the pure pieces (views,
Iceberg metadata) on their own."""

from __future__ import annotations

import base64
import json

import pytest

from athenakit.errors import CatalogError
from athenakit.glue.convert import table_from_glue, table_input
from athenakit.glue.iceberg import _Ids as Ids
from athenakit.glue.iceberg import iceberg_type, metadata
from athenakit.glue.view import decode_presto_view, encode_presto_view
from athenakit.table.model import Column, Table
from athenakit.table.spec import loads_spec
from athenakit.table.storage import FrozenDict, Storage

TEXT_IN = "org.apache.hadoop.mapred.TextInputFormat"
TEXT_OUT = "org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat"

# (storage, SerDe, InputFormat, OutputFormat), from the DDL of each page:
# https://docs.aws.amazon.com/athena/latest/ug/parquet-serde.html, orc-serde.html,
# avro-serde.html, regex-serde.html, openx-json-serde.html, hive-json-serde.html,
# grok-serde.html, ion-serde.html, cloudtrail-logs.html, lazy-simple-serde.html
CASES = [
    (Storage("parquet"), "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe",
     "org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat",
     "org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat"),
    (Storage("orc"), "org.apache.hadoop.hive.ql.io.orc.OrcSerde",
     "org.apache.hadoop.hive.ql.io.orc.OrcInputFormat",
     "org.apache.hadoop.hive.ql.io.orc.OrcOutputFormat"),
    (Storage("avro", FrozenDict({"avro.schema.literal": "{}"})),
     "org.apache.hadoop.hive.serde2.avro.AvroSerDe",
     "org.apache.hadoop.hive.ql.io.avro.AvroContainerInputFormat",
     "org.apache.hadoop.hive.ql.io.avro.AvroContainerOutputFormat"),
    (Storage("regex", FrozenDict({"input.regex": "(.*)"})),
     "org.apache.hadoop.hive.serde2.RegexSerDe", TEXT_IN, TEXT_OUT),
    (Storage("openx_json"), "org.openx.data.jsonserde.JsonSerDe", TEXT_IN, TEXT_OUT),
    (Storage("hive_json"), "org.apache.hive.hcatalog.data.JsonSerDe", TEXT_IN, TEXT_OUT),
    (Storage("grok", FrozenDict({"input.format": "%{WORD:a}"})),
     "com.amazonaws.glue.serde.GrokSerDe", TEXT_IN, TEXT_OUT),
    (Storage("ion"), "com.amazon.ionhiveserde.IonHiveSerDe",
     "com.amazon.ionhiveserde.formats.IonInputFormat",
     "com.amazon.ionhiveserde.formats.IonOutputFormat"),
    (Storage("cloudtrail"), "org.apache.hive.hcatalog.data.JsonSerDe",
     "com.amazon.emr.cloudtrail.CloudTrailInputFormat", TEXT_OUT),
    (Storage("text", field_delimiter="|"), "org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe",
     TEXT_IN, TEXT_OUT),
]


@pytest.mark.parametrize(("storage", "serde", "in_fmt", "out_fmt"), CASES,
                         ids=[c[0].format for c in CASES])
def test_each_format_stores_the_documented_classes(storage: Storage, serde: str, in_fmt: str,
                                                   out_fmt: str) -> None:
    table = Table(name="T", database="d", columns=(Column("a", "int"),), location="s3://b/t/",
                  storage=storage)
    sd = table_input(table)["StorageDescriptor"]
    assert (sd["SerdeInfo"]["SerializationLibrary"], sd["InputFormat"], sd["OutputFormat"]) == (
        serde, in_fmt, out_fmt)
    assert sd["NumberOfBuckets"] == -1  # Hive's getEmptyTable: no CLUSTERED BY
    back = table_from_glue({"Name": "t", **table_input(table)}, database="d")
    assert back.storage == storage


def test_bucketed_table_stores_its_bucket_columns_and_count() -> None:
    [table] = loads_spec("name: t\nlocation: s3://b/t/\ncolumns: [{name: ID, type: int}]\n"
                         "bucketing: {columns: [ID], count: 8}\n")
    sd = table_input(table)["StorageDescriptor"]
    assert (sd["BucketColumns"], sd["NumberOfBuckets"]) == (["id"], 8)
    assert sd["Columns"] == [{"Name": "id", "Type": "int"}]


# -- views -----------------------------------------------------------------------------------
# https://docs.aws.amazon.com/athena/latest/ug/views.html

def test_presto_view_text_decodes_and_encodes_back() -> None:
    text = encode_presto_view("SELECT 1 AS x", "db", [("x", "integer")])
    assert text.startswith("/* Presto View: ") and text.endswith(" */")
    doc = decode_presto_view(text)
    assert (doc["originalSql"], doc["schema"], doc["columns"]) == (
        "SELECT 1 AS x", "db", [{"name": "x", "type": "integer"}])


@pytest.mark.parametrize("text", ["SELECT 1", "/* Presto View: !!! */",
                                  "/* Presto View: " + base64.b64encode(b"[1]").decode() + " */"])
def test_malformed_presto_view_text_is_a_catalog_error(text: str) -> None:
    with pytest.raises(CatalogError):
        decode_presto_view(text)


# -- Iceberg metadata ------------------------------------------------------------------------
# https://iceberg.apache.org/spec/#schemas-and-data-types

def test_iceberg_types_nest_with_fresh_field_ids() -> None:
    ids = Ids()
    got = iceberg_type("map<string,array<struct<a:decimal(10,2),b:timestamp>>>", ids)
    assert got == {"type": "map", "key-id": 1, "value-id": 2, "key": "string",
                   "value-required": False, "value": {
                       "type": "list", "element-id": 3, "element-required": False,
                       "element": {"type": "struct", "fields": [
                           {"id": 4, "name": "a", "required": False, "type": "decimal(10,2)"},
                           {"id": 5, "name": "b", "required": False, "type": "timestamp"}]}}}
    assert iceberg_type("bigint", ids) == "long"


def test_iceberg_metadata_holds_the_partition_spec_and_properties() -> None:
    [table] = loads_spec("name: t\ntable_type: iceberg\nlocation: s3://b/t/\n"
                         "columns: [{name: id, type: bigint}, {name: ts, type: timestamp}]\n"
                         "partitioning: ['bucket(16, id)', 'day(ts)']\ncompression: ZSTD\n")
    meta = metadata(table, "s3://b/t/")
    assert meta["format-version"] == 2
    assert meta["partition-specs"][0]["fields"] == [
        {"source-id": 1, "field-id": 1000, "name": "id_bucket", "transform": "bucket[16]"},
        {"source-id": 2, "field-id": 1001, "name": "ts_day", "transform": "day"}]
    assert meta["properties"] == {"write.format.default": "parquet",
                                  "write.parquet.compression-codec": "zstd"}
    json.dumps(meta)  # the document is plain JSON

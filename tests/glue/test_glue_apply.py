"""``apply --glue``, ``import glue:``, views and partition sync against moto over HTTP."""

from __future__ import annotations

import base64
import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
import yaml
from moto_harness import REGION, MotoServer, s3_client

from athenakit.cli import main
from athenakit.glue import GlueCatalog, sync_partitions
from athenakit.table.spec import load_spec, loads_spec

SPEC = """\
name: events
database: web
comment: page views
location: s3://bucket/events/
columns:
  - {name: id, type: bigint}
  - {name: url, type: string, comment: full URL}
partitions:
  - {name: dt, type: string}
storage: {format: text, field_delimiter: ',', header_lines: 1}
compression: GZIP
"""


def write(tmp_path: Path, text: str, name: str = "spec.yaml") -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def cli(moto: MotoServer, *args: str) -> int:
    return main([*args, "--region", REGION, "--endpoint-url", moto.url])


# -- CreateTable stores what Athena's DDL stores ----------------------------------------------
# https://docs.aws.amazon.com/athena/latest/ug/create-table.html (EXTERNAL table, TBLPROPERTIES)
# Hive's CreateTableDesc.toTable: serialization.format = '1', or the field delimiter.

def test_create_table_input_matches_what_athena_ddl_stores(glue: GlueCatalog, moto: MotoServer,
                                                           tmp_path: Path) -> None:
    assert cli(moto, "apply", write(tmp_path, SPEC), "--glue") == 0
    got = glue.get_table("web", "events")
    assert got is not None
    assert got["TableType"] == "EXTERNAL_TABLE"
    assert got["Parameters"] == {"EXTERNAL": "TRUE", "comment": "page views",
                                 "skip.header.line.count": "1", "write.compression": "GZIP"}
    sd = got["StorageDescriptor"]
    assert sd["SerdeInfo"] == {
        "SerializationLibrary": "org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe",
        "Parameters": {"field.delim": ",", "serialization.format": ","}}
    assert sd["InputFormat"] == "org.apache.hadoop.mapred.TextInputFormat"
    assert sd["OutputFormat"] == "org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat"
    assert sd["Location"] == "s3://bucket/events/"
    assert sd["Columns"] == [{"Name": "id", "Type": "bigint"},
                             {"Name": "url", "Type": "string", "Comment": "full URL"}]
    assert got["PartitionKeys"] == [{"Name": "dt", "Type": "string"}]


def test_parquet_table_stores_the_parquet_serde_and_formats(glue: GlueCatalog) -> None:
    [table] = loads_spec("name: p\ndatabase: d\nlocation: s3://bucket/p/\n"
                         "columns: [{name: a, type: int}]\n")
    glue.apply([table])
    sd = (glue.get_table("d", "p") or {})["StorageDescriptor"]
    assert sd["SerdeInfo"]["SerializationLibrary"] == \
        "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe"
    assert sd["InputFormat"] == "org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat"
    assert sd["OutputFormat"] == "org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat"


def test_dry_run_prints_the_calls_and_creates_nothing(glue: GlueCatalog, moto: MotoServer,
                                                      tmp_path: Path, capsys: Any) -> None:
    assert cli(moto, "apply", write(tmp_path, SPEC), "--glue", "--dry-run") == 0
    out = capsys.readouterr().out
    assert "glue.CreateDatabase" in out and "glue.CreateTable" in out
    assert '"field.delim": ","' in out
    assert not glue.database_exists("web")


# -- updates: safe ones applied, unsafe ones refused ------------------------------------------

def test_added_column_comment_and_property_are_updated(glue: GlueCatalog, moto: MotoServer,
                                                       tmp_path: Path, capsys: Any) -> None:
    cli(moto, "apply", write(tmp_path, SPEC), "--glue")
    changed = SPEC.replace("comment: full URL", "comment: the URL")
    changed = changed.replace("partitions:", "  - {name: referrer, type: string}\npartitions:")
    changed += "properties: {owner: web-team}\n"
    path = write(tmp_path, changed, "changed.yaml")
    assert cli(moto, "apply", path, "--glue", "--check") == 1
    out = capsys.readouterr().out
    assert "table web.events: differs" in out and "property owner: unset -> 'web-team'" in out
    assert "url" in (glue.get_table("web", "events") or {})["StorageDescriptor"]["Columns"][1][
        "Name"] and len((glue.get_table("web", "events") or {})["StorageDescriptor"][
            "Columns"]) == 2  # --check changed nothing
    assert cli(moto, "apply", path, "--glue") == 0
    out = capsys.readouterr().out
    assert "table web.events: updated" in out and "column referrer string added" in out
    [spec] = load_spec(path)
    assert glue.read("web", "events") == spec
    assert cli(moto, "apply", path, "--glue", "--check") == 0


def test_type_change_and_dropped_column_are_refused(glue: GlueCatalog, moto: MotoServer,
                                                    tmp_path: Path, capsys: Any) -> None:
    cli(moto, "apply", write(tmp_path, SPEC), "--glue")
    before = glue.get_table("web", "events")
    changed = SPEC.replace("  - {name: id, type: bigint}\n", "").replace(
        "type: string, comment", "type: int, comment")
    assert cli(moto, "apply", write(tmp_path, changed, "c.yaml"), "--glue") == 1
    out = capsys.readouterr().out
    assert "table web.events: refused" in out
    assert "refused, renaming or reordering columns" in out
    after = glue.get_table("web", "events")
    assert after is not None and before is not None
    assert after["StorageDescriptor"] == before["StorageDescriptor"]


def test_storage_change_is_refused_with_the_reason(glue: GlueCatalog, tmp_path: Path) -> None:
    [table] = loads_spec(SPEC)
    glue.apply([table])
    [other] = loads_spec(SPEC.replace("storage: {format: text, field_delimiter: ',', "
                                      "header_lines: 1}", "storage: {format: parquet}")
                         .replace("compression: GZIP", "compression: SNAPPY"))
    _, [outcome] = glue.apply([other])
    assert outcome.action == "refused"
    assert any("another SerDe" in str(c) for c in outcome.changes)


def test_catalog_only_properties_are_kept_on_update(glue: GlueCatalog) -> None:
    [table] = loads_spec(SPEC)
    glue.apply([table])
    raw = glue.get_table("web", "events") or {}
    keys = ("Name", "TableType", "Parameters", "PartitionKeys", "StorageDescriptor")
    update = {k: raw[k] for k in keys}
    update["Parameters"] = {**raw["Parameters"], "classification": "csv"}
    glue.aws.glue("update_table", DatabaseName="web", TableInput=update)
    [changed] = loads_spec(SPEC.replace("page views", "all page views"))
    _, [outcome] = glue.apply([changed])
    assert outcome.action == "updated" and outcome.kept == ["classification"]
    assert (glue.get_table("web", "events") or {})["Parameters"]["classification"] == "csv"


# -- import glue: ------------------------------------------------------------------------------

def test_import_glue_database_writes_every_table(glue: GlueCatalog, moto: MotoServer,
                                                 tmp_path: Path) -> None:
    examples = Path(__file__).parent.parent.parent / "examples"
    specs = [examples / "csv_quoted.yaml", examples / "json_events.yaml"]
    assert cli(moto, "apply", *map(str, specs), "--glue", "--database", "ex") == 0
    out = tmp_path / "out.yaml"
    assert cli(moto, "import", "glue:ex", "-o", str(out)) == 0
    back = load_spec(out)
    assert [t.name for t in back] == ["csv_quoted", "json_events"]
    assert cli(moto, "apply", str(out), "--glue", "--check") == 0


def test_import_glue_table_of_missing_table_is_one_line_error(glue: GlueCatalog,
                                                              moto: MotoServer,
                                                              capsys: Any) -> None:
    assert cli(moto, "import", "glue:nodb.nothing") == 1
    err = capsys.readouterr().err
    assert err.startswith("athenakit: error: ") and "Traceback" not in err


# -- views: Presto view text decoded ---------------------------------------------------------
# https://docs.aws.amazon.com/athena/latest/ug/views.html

def test_view_text_is_decoded(glue: GlueCatalog, moto: MotoServer, capsys: Any) -> None:
    doc = {"originalSql": "SELECT id FROM web.events WHERE id > 1", "catalog": "awsdatacatalog",
           "schema": "web", "columns": [{"name": "id", "type": "bigint"}]}
    text = "/* Presto View: " + base64.b64encode(json.dumps(doc).encode()).decode() + " */"
    glue.aws.glue("create_database", DatabaseInput={"Name": "web"})
    glue.aws.glue("create_table", DatabaseName="web", TableInput={
        "Name": "big_ids", "TableType": "VIRTUAL_VIEW", "ViewOriginalText": text,
        "ViewExpandedText": "/* Presto View */", "Parameters": {"presto_view": "true"},
        "StorageDescriptor": {"Columns": [{"Name": "id", "Type": "bigint"}],
                              "SerdeInfo": {}}, "PartitionKeys": []})
    view = glue.read("web", "big_ids")
    assert getattr(view, "sql", None) == doc["originalSql"]
    assert getattr(view, "columns", None) == (("id", "bigint"),)
    assert cli(moto, "import", "glue:web.big_ids") == 1  # nothing but a view: no tables
    assert "CREATE OR REPLACE VIEW web.big_ids AS\nSELECT id FROM web.events WHERE id > 1;" in capsys.readouterr().err


# -- partition sync --------------------------------------------------------------------------

def _put(moto: MotoServer, *keys: str) -> None:
    s3 = s3_client(moto.url)
    for key in keys:
        s3.put_object(Bucket="bucket", Key=key, Body=b"1\n")


def test_sync_registers_hive_style_folders_in_batches(glue: GlueCatalog, moto: MotoServer,
                                                      monkeypatch: Any) -> None:
    from athenakit.glue.client import Clients

    batches: list[int] = []
    real = Clients.glue

    def spy(self: Clients, operation: str, **kwargs: Any) -> Any:
        if operation == "batch_create_partition":
            batches.append(len(kwargs["PartitionInputList"]))
        return real(self, operation, **kwargs)

    monkeypatch.setattr(Clients, "glue", spy)
    [table] = loads_spec(SPEC)
    glue.apply([table])
    days = [f"2024-01-{d:02d}" for d in range(1, 31)] + [f"2024-02-{d:02d}" for d in range(1, 29)]
    hours = [f"{day}%3A{h:02d}" for day in days[:3] for h in range(24)]  # Hive-escaped ':'
    _put(moto, *[f"events/dt={v}/part-0.csv" for v in days + hours],
         "events/_temporary/x", "events/notapartition/x.csv")
    settings = {"region": REGION, "endpoint_url": moto.url}
    report = sync_partitions(table, **settings)
    assert len(report.added) == len(days) + len(hours) == 130 and report.present == []
    assert ("2024-01-01:05",) in report.added
    assert batches == [100, 30]  # Glue takes at most 100 partitions per BatchCreatePartition
    again = sync_partitions(table, **settings)
    assert (len(again.added), len(again.present)) == (0, 130)
    parts = glue.aws.glue("get_partitions", DatabaseName="web", TableName="events")
    first = parts["Partitions"][0]
    assert first["StorageDescriptor"]["Location"].startswith("s3://bucket/events/dt=")


def test_sync_never_deletes_unless_pruning(glue: GlueCatalog, moto: MotoServer) -> None:
    [table] = loads_spec(SPEC)
    glue.apply([table])
    _put(moto, "events/dt=a/1.csv", "events/dt=b/1.csv")
    settings = {"region": REGION, "endpoint_url": moto.url}
    planned = sync_partitions(table, dry_run=True, **settings)
    assert (planned.added, planned.dry_run) == ([("a",), ("b",)], True)
    assert sync_partitions(table, **settings).added == [("a",), ("b",)]  # the dry run added none
    s3_client(moto.url).delete_object(Bucket="bucket", Key="events/dt=b/1.csv")
    kept = sync_partitions(table, **settings)
    assert kept.missing == [("b",)] and kept.removed == []
    pruned = sync_partitions(table, prune=True, **settings)
    assert pruned.removed == [("b",)]
    parts = glue.aws.glue("get_partitions", DatabaseName="web", TableName="events")
    assert [p["Values"] for p in parts["Partitions"]] == [["a"]]


def test_sync_follows_the_location_template(glue: GlueCatalog, moto: MotoServer) -> None:
    spec = yaml.safe_load(SPEC)
    spec["partitions"] = [{"name": "year", "type": "string"}, {"name": "month",
                                                                "type": "string"}]
    spec["projection"] = {"enabled": False,
                          "location_template": "s3://bucket/events/${year}/m${month}/"}
    [table] = loads_spec(yaml.safe_dump(spec))
    glue.apply([table])
    _put(moto, "events/2024/m01/x.csv", "events/2024/m02/x.csv", "events/2024/other/x.csv")
    report = sync_partitions(table, region=REGION, endpoint_url=moto.url)
    assert report.added == [("2024", "01"), ("2024", "02")]


def test_sync_refuses_projected_tables(glue: GlueCatalog, moto: MotoServer) -> None:
    from athenakit.errors import CatalogError

    [table] = load_spec(Path(__file__).parent.parent.parent / "examples" / "cloudtrail.yaml")
    with pytest.raises(CatalogError, match="projection is enabled"):
        sync_partitions(table, region=REGION, endpoint_url=moto.url)


def test_projection_removed_from_the_spec_is_removed_from_the_table(glue: GlueCatalog) -> None:
    spec = yaml.safe_load(SPEC)
    spec["partitions"] = [{"name": "dt", "projection": {"type": "enum", "values": ["a", "b"]}}]
    spec["projection"] = {"enabled": True}
    [projected] = loads_spec(yaml.safe_dump(spec))
    glue.apply([projected])
    [plain] = loads_spec(SPEC)
    _, [outcome] = glue.apply([plain])
    assert outcome.action == "updated"
    assert "property projection.enabled: 'true' -> unset" in [str(c) for c in outcome.changes]
    params = (glue.get_table("web", "events") or {})["Parameters"]
    assert not [k for k in params if k.startswith("projection.")]
    assert glue.read("web", "events") == plain


# https://docs.aws.amazon.com/athena/latest/ug/csv-serde.html : ROW FORMAT SERDE OpenCSVSerde
# WITH SERDEPROPERTIES (...) STORED AS TEXTFILE
def test_opencsv_table_stores_the_serde_its_properties_and_text_formats(
        glue: GlueCatalog) -> None:
    [table] = load_spec(Path(__file__).parent.parent.parent / "examples" / "csv_quoted.yaml")
    glue.apply([replace(table, database="ex")])
    got = glue.get_table("ex", "csv_quoted") or {}
    sd = got["StorageDescriptor"]
    assert sd["SerdeInfo"] == {"SerializationLibrary": "org.apache.hadoop.hive.serde2.OpenCSVSerde",
                               "Parameters": {"serialization.format": "1", "separatorChar": ",",
                                              "quoteChar": '"', "escapeChar": "\\"}}
    assert (sd["InputFormat"], sd["OutputFormat"]) == (
        "org.apache.hadoop.mapred.TextInputFormat",
        "org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat")
    assert got["Parameters"]["skip.header.line.count"] == "1"


def test_a_hive_view_and_a_bad_column_type_are_named_not_crashed(glue: GlueCatalog,
                                                                 moto: MotoServer,
                                                                 capsys: Any) -> None:
    from athenakit.errors import CatalogError

    glue.aws.glue("create_database", DatabaseInput={"Name": "mixed"})
    glue.aws.glue("create_table", DatabaseName="mixed", TableInput={
        "Name": "spark_view", "TableType": "VIRTUAL_VIEW",
        "ViewOriginalText": "SELECT 1 AS one", "StorageDescriptor": {
            "Columns": [{"Name": "one", "Type": "int"}]}})
    view = glue.read("mixed", "spark_view")
    assert (getattr(view, "dialect", ""), getattr(view, "sql", "")) == ("hive",
                                                                        "SELECT 1 AS one")
    glue.aws.glue("create_table", DatabaseName="mixed", TableInput={
        "Name": "odd", "TableType": "EXTERNAL_TABLE", "StorageDescriptor": {
            "Columns": [{"Name": "x", "Type": "uniontype<int,string>"}],
            "Location": "s3://bucket/odd/"}})
    with pytest.raises(CatalogError, match=r"glue:mixed\.odd: cannot be read as an Athena table"):
        glue.read("mixed", "odd")

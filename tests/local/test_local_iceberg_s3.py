"""An Iceberg table on an S3-compatible endpoint (moto's server over HTTP): metadata, manifests
and data files are objects under the table's s3:// location."""

from __future__ import annotations

from typing import Any

from athenakit.local.engine import LocalEngine


def test_iceberg_table_written_and_read_through_the_endpoint(s3: Any, s3_endpoint: str,
                                                             tmp_path: Any) -> None:
    s3.create_bucket(Bucket="lake")
    with LocalEngine(endpoint_url=s3_endpoint, catalog_dir=tmp_path) as engine:
        engine.run("CREATE TABLE t (id bigint, region string) PARTITIONED BY (region) "
                   "LOCATION 's3://lake/t/' TBLPROPERTIES ('table_type'='ICEBERG')")
        engine.run("INSERT INTO t VALUES (1, 'eu'), (2, 'us')")
        engine.run("UPDATE t SET id = 3 WHERE region = 'us'")
        assert engine.run("SELECT id, region FROM t ORDER BY id").rows == [(1, "eu"), (3, "us")]
    keys = [o["Key"] for o in s3.list_objects_v2(Bucket="lake")["Contents"]]
    assert any(k.startswith("t/metadata/") and k.endswith(".metadata.json") for k in keys)
    assert sum(k.startswith("t/data/region=") and k.endswith(".parquet") for k in keys) == 3
    # pyiceberg alone, from the newest metadata object
    from pyiceberg.table import StaticTable

    newest = max((k for k in keys if k.endswith(".metadata.json")),
                 key=lambda k: int(k.split("/")[-1].split("-")[0]))
    table = StaticTable.from_metadata(f"s3://lake/{newest}",
                                      properties={"s3.endpoint": s3_endpoint})
    assert sorted(table.scan().to_arrow().to_pylist(), key=lambda r: r["id"]) == [
        {"id": 1, "region": "eu"}, {"id": 3, "region": "us"}]

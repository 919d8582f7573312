"""Results of ``athenakit serve`` read by unmodified readers: ``<id>.csv.metadata``
(athenakit's own Athena runner with ``fetch="s3"``), managed query results (pyathena's
ArrowCursor) and UpdateCount (pyathena's rowcount). QUERY and its rows through the local engine
are those of test_serve_clients."""

from __future__ import annotations

import datetime as dt
import time
from decimal import Decimal
from typing import Any

import pytest
from moto_harness import AthenaProxy
from test_serve_clients import QUERY, expected_rows

from athenakit import protobuf
from athenakit.runner.fetch import columns_of, parse_metadata
from athenakit.testing import LocalAthena, local_athena, local_athena_endpoint  # noqa: F401


@pytest.fixture
def proxy(local_athena: LocalAthena) -> Any:  # noqa: F811
    """A counting proxy in front of the endpoint: which API calls a client made."""
    counting = AthenaProxy(local_athena.url)
    yield counting
    counting.stop()


def test_runner_reads_typed_results_from_the_metadata_file(local_athena: LocalAthena,  # noqa: F811
                                                           proxy: Any) -> None:
    from athenakit.connect import connect

    runner = connect("athena", endpoint_url=proxy.url, fetch="s3", region=local_athena.region,
                     workgroup=local_athena.workgroup)
    result = runner.run(QUERY)
    # Trino's sequence(bigint, bigint) is array(bigint); x / 4 on double is double
    assert [(c.name, c.type) for c in result.columns] == [
        ("n", "bigint"), ("q", "double"), ("s", "varchar"), ("d", "date"),
        ("m", "decimal(6,2)"), ("odd", "bigint")]
    assert [tuple(r) for r in result.rows] == expected_rows()
    assert tuple(result.rows[1]) == (2, 0.5, "2x", dt.date(2024, 1, 3), Decimal("2.50"), None)
    # The types came from <id>.csv.metadata and the rows from <id>.csv: no result page fetched.
    assert proxy.count("GetQueryResults") == 0
    assert proxy.count("StartQueryExecution") == 1


def _column_infos(data: bytes) -> list[dict[int, Any]]:
    return [dict(protobuf.fields(value)) for number, value in protobuf.fields(data)
            if number == 4 and isinstance(value, bytes)]


def test_metadata_file_holds_the_column_info_of_get_query_results(
        local_athena: LocalAthena) -> None:  # noqa: F811
    athena = local_athena.client("athena")
    query_id = athena.start_query_execution(QueryString=QUERY, WorkGroup=local_athena.workgroup)[
        "QueryExecutionId"]
    while athena.get_query_execution(QueryExecutionId=query_id)["QueryExecution"]["Status"][
            "State"] in ("QUEUED", "RUNNING"):
        time.sleep(0.02)
    execution = athena.get_query_execution(QueryExecutionId=query_id)["QueryExecution"]
    location = execution["ResultConfiguration"]["OutputLocation"]
    assert location.endswith(f"/{query_id}.csv")
    key = location.removeprefix(f"s3://{local_athena.bucket}/") + ".metadata"
    data = local_athena.client("s3").get_object(Bucket=local_athena.bucket, Key=key)["Body"].read()
    page = athena.get_query_results(QueryExecutionId=query_id, MaxResults=1)
    # the file and the API describe the same columns
    assert parse_metadata(data) == columns_of(page)
    # field by field, in the API's ColumnInfo order; Nullable UNKNOWN is none of the JDBC
    # driver's 1 (NOT_NULL) / 2 (NULLABLE); empty strings are left out, as proto3 does
    names = {1: "CatalogName", 2: "SchemaName", 3: "TableName", 4: "Name", 5: "Label",
             6: "Type", 7: "Precision", 8: "Scale", 10: "CaseSensitive"}
    for info, api in zip(_column_infos(data), page["ResultSet"]["ResultSetMetadata"]["ColumnInfo"],
                         strict=True):
        assert info[9] not in (1, 2) and api["Nullable"] == "UNKNOWN"
        decoded = {names[k]: v.decode() if isinstance(v, bytes) else v
                   for k, v in info.items() if k in names}
        expected = {k: int(v) if isinstance(v, bool) else v
                    for k, v in api.items() if k in names.values() and v != ""}
        assert decoded == expected


# pyarrow's S3FileSystem, which pyathena's ArrowCursor builds from the region and credentials
# alone, ignores AWS_ENDPOINT_URL / AWS_ENDPOINT_URL_S3 (apache/arrow#49643) and the proxy
# variables: outside the local_athena fixture (test_serve_arrow), it cannot read a result file
# from the endpoint. With managed query results Athena gives no OutputLocation and the cursor
# reads the rows through GetQueryResults.
# https://docs.aws.amazon.com/athena/latest/ug/querying.html ("managed query results")
def test_arrow_cursor_in_a_managed_results_workgroup(local_athena: LocalAthena,  # noqa: F811
                                                     proxy: Any) -> None:
    import pyathena
    from pyathena.arrow.cursor import ArrowCursor

    connection = pyathena.connect(work_group=local_athena.managed_workgroup,
                                  region_name=local_athena.region, endpoint_url=proxy.url)
    table = connection.cursor(ArrowCursor).execute(QUERY).as_arrow()
    assert table.column_names == ["n", "q", "s", "d", "m", "odd"]
    # ArrowCursor's default converter leaves decimals as their text (pyathena's documented
    # Arrow type mapping); everything else is typed as the local engine returns it
    expected = [tuple(str(v) if isinstance(v, Decimal) else v for v in row)
                for row in expected_rows()]
    assert [tuple(r.values()) for r in table.to_pylist()] == expected
    assert proxy.count("GetQueryResults") >= 1
    athena = local_athena.client("athena")
    query_id = athena.list_query_executions(WorkGroup=local_athena.managed_workgroup)[
        "QueryExecutionIds"][0]
    execution = athena.get_query_execution(QueryExecutionId=query_id)["QueryExecution"]
    assert "OutputLocation" not in execution.get("ResultConfiguration", {})
    assert execution["ManagedQueryResultsConfiguration"]["Enabled"] is True


def test_managed_results_workgroup_refuses_an_output_location(
        local_athena: LocalAthena) -> None:  # noqa: F811
    from botocore.exceptions import ClientError

    athena = local_athena.client("athena")
    with pytest.raises(ClientError, match="InvalidRequestException"):
        athena.create_work_group(Name="managed-with-location", Configuration={
            "ManagedQueryResultsConfiguration": {"Enabled": True},
            "ResultConfiguration": {"OutputLocation": local_athena.output}})
    with pytest.raises(ClientError, match="InvalidRequestException"):
        athena.start_query_execution(QueryString="SELECT 1",
                                     WorkGroup=local_athena.managed_workgroup,
                                     ResultConfiguration={"OutputLocation": local_athena.output})


# https://docs.aws.amazon.com/athena/latest/APIReference/API_GetQueryResults.html : UpdateCount
# is "the number of rows inserted with a CREATE TABLE AS SELECT, INSERT INTO, or UPDATE
# statement"; pyathena reports it as the cursor's rowcount for those statements.
def test_update_count_of_ctas_and_insert(local_athena: LocalAthena) -> None:  # noqa: F811
    import pyathena

    bucket = local_athena.bucket
    cursor = pyathena.connect(work_group=local_athena.workgroup,
                              region_name=local_athena.region).cursor()
    cursor.execute("CREATE TABLE update_count_t WITH (format = 'PARQUET', external_location = "
                   f"'s3://{bucket}/tables/update_count_t/') AS "
                   "SELECT x FROM UNNEST(sequence(1, 7)) AS t(x)")
    assert cursor.rowcount == 7
    cursor.execute("INSERT INTO update_count_t SELECT x FROM UNNEST(sequence(1, 3)) AS t(x)")
    assert cursor.rowcount == 3
    cursor.execute("INSERT INTO update_count_t SELECT x FROM update_count_t WHERE x > 100")
    assert cursor.rowcount == 0
    cursor.execute("SELECT count(*) FROM update_count_t")
    assert cursor.fetchall() == [(10,)]
    athena = local_athena.client("athena")
    query_id = athena.start_query_execution(
        QueryString="INSERT INTO update_count_t VALUES (1), (2)",
        WorkGroup=local_athena.workgroup)["QueryExecutionId"]
    while athena.get_query_execution(QueryExecutionId=query_id)["QueryExecution"]["Status"][
            "State"] in ("QUEUED", "RUNNING"):
        time.sleep(0.02)
    assert athena.get_query_results(QueryExecutionId=query_id)["UpdateCount"] == 2


def _finished(athena: Any, sql: str, workgroup: str) -> dict[str, Any]:
    query_id = athena.start_query_execution(QueryString=sql, WorkGroup=workgroup)[
        "QueryExecutionId"]
    while (execution := athena.get_query_execution(QueryExecutionId=query_id)[
            "QueryExecution"])["Status"]["State"] in ("QUEUED", "RUNNING"):
        time.sleep(0.02)
    assert execution["Status"]["State"] == "SUCCEEDED", execution["Status"]
    rows: dict[str, Any] = athena.get_query_runtime_statistics(QueryExecutionId=query_id)[
        "QueryRuntimeStatistics"]["Rows"]
    return {"execution": execution, "rows": rows}


def _size(s3: Any, uri: str) -> int:
    bucket, _, key = uri.removeprefix("s3://").partition("/")
    return int(s3.head_object(Bucket=bucket, Key=key)["ContentLength"])


def _manifest_bytes(s3: Any, execution: dict[str, Any]) -> int:
    bucket, _, key = execution["Statistics"]["DataManifestLocation"].removeprefix(
        "s3://").partition("/")
    files = s3.get_object(Bucket=bucket, Key=key)["Body"].read().decode().split()
    assert files
    return sum(_size(s3, f) for f in files)


# https://docs.aws.amazon.com/athena/latest/APIReference/API_QueryRuntimeStatisticsRows.html :
# InputBytes read, OutputRows / OutputBytes "returned by the query" and "the number of rows
# written by the query" (CTAS and INSERT INTO write UpdateCount rows)
def test_runtime_statistics_rows(local_athena: LocalAthena) -> None:  # noqa: F811
    athena, s3, bucket = local_athena.client("athena"), local_athena.client("s3"), \
        local_athena.bucket
    group = local_athena.workgroup
    select = _finished(athena, QUERY, group)
    assert select["rows"]["OutputRows"] == 5
    assert select["rows"]["OutputBytes"] == _size(
        s3, select["execution"]["ResultConfiguration"]["OutputLocation"])
    assert select["rows"]["InputBytes"] == select["execution"]["Statistics"]["DataScannedInBytes"]
    ctas = _finished(athena, "CREATE TABLE runtime_rows_t WITH (format = 'PARQUET', "
                     f"external_location = 's3://{bucket}/tables/runtime_rows_t/') AS "
                     "SELECT x FROM UNNEST(sequence(1, 7)) AS t(x)", group)
    assert ctas["rows"]["OutputRows"] == 7
    assert ctas["rows"]["OutputBytes"] == _manifest_bytes(s3, ctas["execution"])
    insert = _finished(athena, "INSERT INTO runtime_rows_t SELECT x FROM runtime_rows_t "
                       "WHERE x < 4", group)
    assert insert["rows"]["OutputRows"] == 3
    assert insert["rows"]["InputBytes"] > 0  # it read the table's Parquet file
    assert insert["rows"]["OutputBytes"] == _manifest_bytes(s3, insert["execution"])
    unload = _finished(athena, "UNLOAD (SELECT x FROM runtime_rows_t) TO "
                       f"'s3://{bucket}/unloaded/runtime_rows/' WITH (format = 'JSON')", group)
    assert unload["rows"]["OutputBytes"] == _manifest_bytes(s3, unload["execution"])
    assert "OutputRows" not in unload["rows"]  # the local engine does not count them

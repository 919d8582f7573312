"""``athenakit serve`` through real, unmodified boto3 clients over HTTP.

Expected values come from Athena's API reference and its documented result formats (cited at
each test), never from athenakit's own output.
"""

from __future__ import annotations

import json
import threading
import time
import urllib.error
import urllib.request
from typing import Any

import pytest
from botocore.exceptions import ClientError

from athenakit.testing import LocalAthena, local_athena, local_athena_endpoint  # noqa: F401

FINAL = ("SUCCEEDED", "FAILED", "CANCELLED")


def run(athena: Any, sql: str, **kwargs: Any) -> dict[str, Any]:
    query_id = athena.start_query_execution(QueryString=sql, **kwargs)["QueryExecutionId"]
    deadline = time.monotonic() + 60
    while True:
        execution = athena.get_query_execution(QueryExecutionId=query_id)["QueryExecution"]
        if execution["Status"]["State"] in FINAL or time.monotonic() > deadline:
            return dict(execution)
        time.sleep(0.02)


def texts(page: dict[str, Any]) -> list[list[str | None]]:
    return [[d.get("VarCharValue") for d in row["Data"]] for row in page["ResultSet"]["Rows"]]


@pytest.fixture
def athena(local_athena: LocalAthena) -> Any:  # noqa: F811
    return local_athena.client("athena")


def in_group(local: LocalAthena) -> dict[str, Any]:
    return {"WorkGroup": local.workgroup}


def test_select_results_header_types_and_csv_file(local_athena: LocalAthena,  # noqa: F811
                                                  athena: Any) -> None:
    execution = run(athena, "SELECT 1 AS n, 'a\"b' AS s, CAST(NULL AS varchar) AS z, "
                    "CAST('12.50' AS DECIMAL(4, 2)) AS d", **in_group(local_athena))
    assert execution["Status"]["State"] == "SUCCEEDED"
    # https://docs.aws.amazon.com/athena/latest/APIReference/API_QueryExecution.html
    assert (execution["StatementType"], execution["SubstatementType"]) == ("DML", "SELECT")
    assert execution["WorkGroup"] == local_athena.workgroup
    query_id = execution["QueryExecutionId"]
    location = execution["ResultConfiguration"]["OutputLocation"]
    assert location == f"{local_athena.output}{query_id}.csv"
    page = athena.get_query_results(QueryExecutionId=query_id)
    # A SELECT's first row holds the column labels; NULL has no VarCharValue.
    assert texts(page) == [["n", "s", "z", "d"], ["1", 'a"b', None, "12.50"]]
    info = page["ResultSet"]["ResultSetMetadata"]["ColumnInfo"]
    assert [(c["Name"], c["Type"]) for c in info] == [
        ("n", "integer"), ("s", "varchar"), ("z", "varchar"), ("d", "decimal")]
    assert (info[3]["Precision"], info[3]["Scale"]) == (4, 2)
    # https://docs.aws.amazon.com/athena/latest/ug/querying.html : the CSV result file quotes
    # every value, doubles embedded quotes, and leaves NULL empty.
    body = local_athena.client("s3").get_object(
        Bucket=local_athena.bucket, Key=f"results/{query_id}.csv")["Body"].read()
    assert body == b'"n","s","z","d"\n"1","a""b",,"12.50"\n'


def test_paginator_pages_every_row(local_athena: LocalAthena, athena: Any) -> None:  # noqa: F811
    execution = run(athena, "SELECT x FROM UNNEST(sequence(1, 2500)) AS t(x) ORDER BY x",
                    **in_group(local_athena))
    pages = list(athena.get_paginator("get_query_results").paginate(
        QueryExecutionId=execution["QueryExecutionId"], PaginationConfig={"PageSize": 1000}))
    # GetQueryResults returns at most 1,000 rows a call; the header is the first row of page 1
    assert [len(p["ResultSet"]["Rows"]) for p in pages] == [1000, 1000, 501]
    values = [r[0] for p in pages for r in texts(p)]
    assert values == ["x", *[str(i) for i in range(1, 2501)]]


def test_failed_query_reports_athena_error(local_athena: LocalAthena, athena: Any) -> None:  # noqa: F811
    execution = run(athena, "SELECT nope FROM (SELECT 1 AS a)", **in_group(local_athena))
    status = execution["Status"]
    assert status["State"] == "FAILED"
    # Trino's message for an unknown column, at its 1-based line:column
    assert status["StateChangeReason"] == \
        "COLUMN_NOT_FOUND: line 1:8: Column 'nope' cannot be resolved"
    # https://docs.aws.amazon.com/athena/latest/APIReference/API_AthenaError.html :
    # category 2 is a user error; https://docs.aws.amazon.com/athena/latest/ug/error-reference.html
    # lists 1006 for syntax/semantic errors
    assert status["AthenaError"]["ErrorCategory"] == 2
    assert status["AthenaError"]["ErrorType"] == 1006
    assert status["AthenaError"]["Retryable"] is False
    with pytest.raises(ClientError) as err:
        athena.get_query_results(QueryExecutionId=execution["QueryExecutionId"])
    assert err.value.response["Error"]["Code"] == "InvalidRequestException"


def test_unknown_query_id_is_invalid_request(athena: Any) -> None:
    for call in (athena.get_query_execution, athena.get_query_results,
                 athena.stop_query_execution):
        with pytest.raises(ClientError) as err:
            call(QueryExecutionId="3f0c2f4e-0000-0000-0000-000000000000")
        assert err.value.response["Error"]["Code"] == "InvalidRequestException"


def test_no_output_location_is_refused(athena: Any) -> None:
    # https://docs.aws.amazon.com/athena/latest/ug/querying.html#query-results-specify-location
    with pytest.raises(ClientError) as err:
        athena.start_query_execution(QueryString="SELECT 1")  # primary has no output location
    assert err.value.response["Error"]["Code"] == "InvalidRequestException"


def test_missing_output_bucket_fails_the_query(athena: Any) -> None:
    execution = run(athena, "SELECT 1",
                    ResultConfiguration={"OutputLocation": "s3://no-such-bucket-18/x/"})
    assert execution["Status"]["State"] == "FAILED"
    assert "no-such-bucket-18" in execution["Status"]["StateChangeReason"]


def test_execution_parameters(local_athena: LocalAthena, athena: Any) -> None:  # noqa: F811
    # https://docs.aws.amazon.com/athena/latest/ug/querying-with-prepared-statements.html :
    # each execution parameter is a literal, in order of the ? placeholders
    execution = run(athena, "SELECT ? AS s, ? + 1 AS n, ? AS d",
                    ExecutionParameters=["'it''s'", "41", "DATE '2024-02-29'"],
                    **in_group(local_athena))
    assert execution["ExecutionParameters"] == ["'it''s'", "41", "DATE '2024-02-29'"]
    page = athena.get_query_results(QueryExecutionId=execution["QueryExecutionId"])
    assert texts(page)[1] == ["it's", "42", "2024-02-29"]


def test_stop_cancels_a_running_query(local_athena: LocalAthena, athena: Any) -> None:  # noqa: F811
    # Trino's sequence() returns at most 10,000 entries (a longer one fails at once with
    # INVALID_FUNCTION_ARGUMENT), so the slow query joins three of them
    slow = ("SELECT count(*) FROM UNNEST(sequence(1, 10000)) AS a(x) "
            "CROSS JOIN UNNEST(sequence(1, 10000)) AS b(y) "
            "CROSS JOIN UNNEST(sequence(1, 10000)) AS c(z) WHERE x * y * z % 7 = 3")
    query_id = athena.start_query_execution(QueryString=slow, **in_group(local_athena))[
        "QueryExecutionId"]
    deadline = time.monotonic() + 30
    while athena.get_query_execution(QueryExecutionId=query_id)["QueryExecution"]["Status"][
            "State"] != "RUNNING" and time.monotonic() < deadline:
        time.sleep(0.01)
    athena.stop_query_execution(QueryExecutionId=query_id)
    while True:
        status = athena.get_query_execution(QueryExecutionId=query_id)["QueryExecution"][
            "Status"]
        if status["State"] in FINAL:
            break
        time.sleep(0.02)
    assert status["State"] == "CANCELLED"


def test_ddl_appears_in_glue_and_glue_tables_are_queryable(
        local_athena: LocalAthena, athena: Any) -> None:  # noqa: F811
    s3, glue = local_athena.client("s3"), local_athena.client("glue")
    s3.create_bucket(Bucket="serve-ddl-data")
    s3.put_object(Bucket="serve-ddl-data", Key="people/part-0.csv", Body=b"1,ann\n2,bob\n")
    group = in_group(local_athena)
    assert run(athena, "CREATE DATABASE serve_ddl", **group)["Status"]["State"] == "SUCCEEDED"
    created = run(athena, "CREATE EXTERNAL TABLE serve_ddl.people (id int, name string) "
                  "ROW FORMAT DELIMITED FIELDS TERMINATED BY ',' "
                  "LOCATION 's3://serve-ddl-data/people/'", **group)
    assert (created["StatementType"], created["SubstatementType"]) == ("DDL", "CREATE_TABLE")
    table = glue.get_table(DatabaseName="serve_ddl", Name="people")["Table"]
    assert table["StorageDescriptor"]["Location"] == "s3://serve-ddl-data/people/"
    assert [(c["Name"], c["Type"]) for c in table["StorageDescriptor"]["Columns"]] == [
        ("id", "int"), ("name", "string")]
    # a table registered through Glue alone (as awswrangler does) is queryable at once
    glue.create_table(DatabaseName="serve_ddl", TableInput={
        "Name": "scores", "TableType": "EXTERNAL_TABLE", "Parameters": {"EXTERNAL": "TRUE"},
        "StorageDescriptor": {
            "Columns": [{"Name": "id", "Type": "int"}, {"Name": "score", "Type": "double"}],
            "Location": "s3://serve-ddl-data/scores/",
            "InputFormat": "org.apache.hadoop.mapred.TextInputFormat",
            "OutputFormat": "org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat",
            "SerdeInfo": {"SerializationLibrary":
                          "org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe",
                          "Parameters": {"field.delim": ","}}}})
    s3.put_object(Bucket="serve-ddl-data", Key="scores/a.csv", Body=b"1,0.5\n2,1.5\n")
    joined = run(athena, "SELECT p.name, s.score FROM people p JOIN scores s ON p.id = s.id "
                 "ORDER BY p.id", QueryExecutionContext={"Database": "serve_ddl"}, **group)
    assert joined["Status"]["State"] == "SUCCEEDED", joined["Status"]
    page = athena.get_query_results(QueryExecutionId=joined["QueryExecutionId"])
    assert texts(page)[1:] == [["ann", "0.5"], ["bob", "1.5"]]
    # data PUT later is read by the next query
    s3.put_object(Bucket="serve-ddl-data", Key="people/part-1.csv", Body=b"3,cy\n")
    counted = run(athena, "SELECT count(*) FROM serve_ddl.people", **group)
    assert texts(athena.get_query_results(
        QueryExecutionId=counted["QueryExecutionId"]))[1] == ["3"]
    dropped = run(athena, "DROP TABLE serve_ddl.scores", **group)
    assert dropped["Status"]["State"] == "SUCCEEDED"
    with pytest.raises(ClientError) as err:
        glue.get_table(DatabaseName="serve_ddl", Name="scores")
    assert err.value.response["Error"]["Code"] == "EntityNotFoundException"


def test_catalog_and_workgroup_operations(local_athena: LocalAthena, athena: Any) -> None:  # noqa: F811
    group = in_group(local_athena)
    run(athena, "CREATE DATABASE serve_meta", **group)
    run(athena, "CREATE EXTERNAL TABLE serve_meta.events (id bigint, kind string) "
        "PARTITIONED BY (dt string) STORED AS PARQUET LOCATION 's3://serve-meta/events/'", **group)
    shown = run(athena, "SHOW TABLES IN serve_meta", **group)
    assert (shown["StatementType"], shown["SubstatementType"]) == ("UTILITY", "SHOW_TABLES")
    assert shown["ResultConfiguration"]["OutputLocation"].endswith(".txt")
    # SHOW results carry no header row (only SELECTs do)
    assert texts(athena.get_query_results(QueryExecutionId=shown["QueryExecutionId"])) == [
        ["events"]]
    catalogs = athena.list_data_catalogs()["DataCatalogsSummary"]
    assert {"CatalogName": "AwsDataCatalog", "Type": "GLUE"} in catalogs
    names = [d["Name"] for d in athena.list_databases(CatalogName="AwsDataCatalog")[
        "DatabaseList"]]
    assert {"default", "serve_meta"} <= set(names)  # every Athena account has default
    listed = athena.list_table_metadata(CatalogName="AwsDataCatalog",
                                        DatabaseName="serve_meta")["TableMetadataList"]
    assert [t["Name"] for t in listed] == ["events"]
    meta = athena.get_table_metadata(CatalogName="AwsDataCatalog", DatabaseName="serve_meta",
                                     TableName="events")["TableMetadata"]
    assert [(c["Name"], c["Type"]) for c in meta["Columns"]] == [("id", "bigint"),
                                                                ("kind", "string")]
    assert meta["PartitionKeys"] == [{"Name": "dt", "Type": "string"}]
    assert meta["Parameters"]["location"] == "s3://serve-meta/events/"
    with pytest.raises(ClientError) as err:
        athena.get_table_metadata(CatalogName="AwsDataCatalog", DatabaseName="serve_meta",
                                  TableName="nope")
    assert err.value.response["Error"]["Code"] == "MetadataException"
    groups = [g["Name"] for g in athena.list_work_groups()["WorkGroups"]]
    assert {"primary", local_athena.workgroup} <= set(groups)
    config = athena.get_work_group(WorkGroup=local_athena.workgroup)["WorkGroup"]["Configuration"]
    assert config["ResultConfiguration"]["OutputLocation"] == local_athena.output
    with pytest.raises(ClientError):
        athena.get_work_group(WorkGroup="no-such-group")


def test_list_and_batch_get_query_executions(local_athena: LocalAthena,  # noqa: F811
                                             athena: Any) -> None:
    ids = [run(athena, f"SELECT {n}", **in_group(local_athena))["QueryExecutionId"]
           for n in range(3)]
    listed = athena.list_query_executions(WorkGroup=local_athena.workgroup)["QueryExecutionIds"]
    assert listed[:3] == ids[::-1]  # newest first
    got = athena.batch_get_query_execution(QueryExecutionIds=[*ids, "unknown-id"])
    assert [e["QueryExecutionId"] for e in got["QueryExecutions"]] == ids
    assert [u["QueryExecutionId"] for u in got["UnprocessedQueryExecutionIds"]] == ["unknown-id"]


def test_rest_json_requests_are_routed(local_athena: LocalAthena, athena: Any) -> None:  # noqa: F811
    """botocore >= 1.44.18 sends GET /query-executions/{id}/results (rest-json)."""
    query_id = run(athena, "SELECT 7 AS seven", **in_group(local_athena))["QueryExecutionId"]
    request = urllib.request.Request(
        f"{local_athena.url}/query-executions/{query_id}/results?MaxResults=1",
        headers={"Authorization": "AWS4-HMAC-SHA256 Credential=testing/20240101/us-east-1/"
                                  "athena/aws4_request, SignedHeaders=host, Signature=0"})
    with urllib.request.urlopen(request) as answer:
        page = json.loads(answer.read())
    assert texts(page) == [["seven"]]
    assert page["NextToken"]


def concurrent_clients(local: LocalAthena, clients: int, each: int) -> list[str]:
    failures: list[str] = []

    def client(n: int) -> None:
        athena = local.client("athena")
        for k in range(each):
            value = n * 100 + k
            execution = run(athena, f"SELECT {value} * 2 AS v", **in_group(local))
            rows = texts(athena.get_query_results(
                QueryExecutionId=execution["QueryExecutionId"]))
            if rows != [["v"], [str(value * 2)]]:
                failures.append(f"{value}: {rows}")

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return failures


def test_malformed_request_body_is_a_client_error(local_athena: LocalAthena) -> None:  # noqa: F811
    request = urllib.request.Request(
        local_athena.url, data=b"{not json", method="POST",
        headers={"X-Amz-Target": "AmazonAthena.StartQueryExecution",
                 "Content-Type": "application/x-amz-json-1.1"})
    with pytest.raises(urllib.error.HTTPError) as err:
        urllib.request.urlopen(request)
    assert err.value.code == 400
    assert json.loads(err.value.read())["__type"] == "SerializationException"


def test_concurrent_clients_get_their_own_results(local_athena: LocalAthena) -> None:  # noqa: F811
    assert concurrent_clients(local_athena, clients=8, each=4) == []


@pytest.mark.slow
def test_twenty_clients_five_hundred_queries(local_athena: LocalAthena) -> None:  # noqa: F811
    athena = local_athena.client("athena")

    def listed() -> list[str]:
        pages = athena.get_paginator("list_query_executions").paginate(
            WorkGroup=local_athena.workgroup)
        return [i for page in pages for i in page["QueryExecutionIds"]]

    before = len(listed())
    assert concurrent_clients(local_athena, clients=20, each=25) == []
    assert len(listed()) == before + 500  # nothing lost


def test_prepared_statements_and_named_queries_through_the_athena_runner(
        local_athena: LocalAthena) -> None:  # noqa: F811
    """athenakit's own Athena runner (boto3) against the endpoint, unchanged."""
    from athenakit.connect import connect
    from athenakit.runner import named, prepared

    athena = connect("athena", endpoint_url=local_athena.url, region=local_athena.region,
                     workgroup=local_athena.workgroup, database="default")
    prepared.prepare(athena, "double_it", "SELECT ? * 2 AS doubled, ? AS label")
    assert prepared.prepared_sql(athena, "double_it") == "SELECT ? * 2 AS doubled, ? AS label"
    result = prepared.execute(athena, "double_it", [21, "a, b"])
    assert result.rows == [(42, "a, b")]
    # SQL PREPARE / EXECUTE ... USING, as Athena runs them
    local_athena.query("PREPARE plus_one FROM SELECT ? + 1 AS n")
    assert athena.run("EXECUTE plus_one USING 41").rows == [(42,)]
    prepared.deallocate(athena, "plus_one")
    with pytest.raises(ClientError):
        local_athena.client("athena").get_prepared_statement(
            StatementName="plus_one", WorkGroup=local_athena.workgroup)
    query_id = named.create_named_query(athena, "answer", "SELECT 6 * 7 AS answer")
    found = named.find_named_query(athena, "answer")
    assert (found.id, found.sql, found.workgroup) == (query_id, "SELECT 6 * 7 AS answer",
                                                      local_athena.workgroup)
    assert named.run_named_query(athena, "answer").rows == [(42,)]


def test_a_glue_table_athena_cannot_read_does_not_break_other_queries(
        local_athena: LocalAthena, athena: Any) -> None:  # noqa: F811
    glue = local_athena.client("glue")
    glue.create_database(DatabaseInput={"Name": "serve_odd"})
    glue.create_table(DatabaseName="serve_odd", TableInput={
        "Name": "odd", "StorageDescriptor": {
            "Columns": [{"Name": "x", "Type": "not a type"}],
            "Location": "s3://nowhere/odd/", "InputFormat": "com.example.Unknown",
            "SerdeInfo": {"SerializationLibrary": "com.example.UnknownSerDe"}}})
    fine = run(athena, "SELECT 5 AS five", **in_group(local_athena))
    assert fine["Status"]["State"] == "SUCCEEDED"
    odd = run(athena, "SELECT * FROM serve_odd.odd", **in_group(local_athena))
    assert odd["Status"]["State"] == "FAILED"
    assert odd["Status"]["AthenaError"]["ErrorCategory"] == 2


def test_a_delta_table_is_registered_in_glue_and_its_queries_fail_clearly(
        local_athena: LocalAthena, athena: Any) -> None:  # noqa: F811
    # https://docs.aws.amazon.com/athena/latest/ug/delta-lake-tables.html
    glue, group = local_athena.client("glue"), in_group(local_athena)
    assert run(athena, "CREATE DATABASE serve_delta", **group)["Status"]["State"] == "SUCCEEDED"
    created = run(athena, "CREATE EXTERNAL TABLE serve_delta.changes "
                  "LOCATION 's3://serve-delta-data/changes/' "
                  "TBLPROPERTIES ('table_type' = 'DELTA')", **group)
    assert created["Status"]["State"] == "SUCCEEDED", created["Status"]
    table = glue.get_table(DatabaseName="serve_delta", Name="changes")["Table"]
    assert table["Parameters"]["table_type"] == "DELTA"
    assert table["StorageDescriptor"]["Location"] == "s3://serve-delta-data/changes/"
    failed = run(athena, "SELECT * FROM serve_delta.changes", **group)
    assert failed["Status"]["State"] == "FAILED"
    assert "not supported locally: Delta Lake tables" in failed["Status"]["StateChangeReason"]

"""The Athena API operations of the endpoint, request dict in, response dict out.

Query operations work on :class:`~athenakit.serve.executions.Executions`; catalog operations
(ListDatabases, ListTableMetadata, GetTableMetadata) read the endpoint's Glue. Errors are
:class:`ApiError` with Athena's error code (``InvalidRequestException``, ``MetadataException``),
which the server sends in the shape Athena uses.
https://docs.aws.amazon.com/athena/latest/APIReference/API_Operations.html
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from typing import Any

from athenakit.errors import CatalogError
from athenakit.serve import catalog, results
from athenakit.serve.executions import Execution, Executions
from athenakit.serve.faults import ApiError, invalid
from athenakit.serve.named import Saved, SavedApi, split_values, statement_sql
from athenakit.serve.statements import classify
from athenakit.serve.workgroups import Workgroups

PAGE = 1000  # GetQueryResults returns at most 1,000 rows a call
CATALOG = "AwsDataCatalog"


class AthenaApi:
    """Athena's query, workgroup and catalog operations.

    Args:
        executions: where queries are queued and run.
        glue_tables: ``(region) -> GlueCatalog`` of the endpoint's own Glue.
    """

    def __init__(self, executions: Executions, glue: Callable[[str], Any]) -> None:
        self.executions, self.glue = executions, glue
        self.workgroups = Workgroups()
        self.saved = Saved()
        self._saved_api = SavedApi(self.saved, self.workgroups.get)
        self._tokens: dict[str, str] = {}
        self._changes = 0

    def call(self, operation: str, params: dict[str, Any], region: str) -> dict[str, Any]:
        """Run one operation.

        Raises:
            ApiError: the request is invalid, or names an unknown query, workgroup or table.
        """
        answer = self._call(operation, params, region)
        if operation.startswith(("Create", "Update", "Delete")):
            self._changes += 1  # after the change: a save never misses it
        return answer

    def _call(self, operation: str, params: dict[str, Any], region: str) -> dict[str, Any]:
        saved = getattr(self._saved_api, f"op_{operation}", None)
        if saved is not None:
            return dict(saved(params))
        handler = getattr(self, f"op_{operation}", None)
        if handler is None:
            raise invalid(f"{operation} is not supported by athenakit serve")
        if operation in self.workgroups.OPERATIONS:
            return dict(handler(params))
        return dict(handler(params, region))

    def version(self) -> tuple[int, int]:
        """Changes to workgroups and saved queries, and executions finished, so far."""
        return self._changes, self.executions.finished

    # --- queries ------------------------------------------------------------------------

    def op_StartQueryExecution(self, p: dict[str, Any], region: str) -> dict[str, Any]:
        sql = p.get("QueryString")
        if not sql:
            raise invalid("QueryString is required")
        token = p.get("ClientRequestToken")
        if token and token in self._tokens:
            return {"QueryExecutionId": self._tokens[token]}
        group = self.workgroups.get(p.get("WorkGroup") or "primary")
        output = _output_location(group, p)
        context = p.get("QueryExecutionContext") or {}
        run_sql, params = self._prepared(sql, group.name, list(p.get("ExecutionParameters") or []))
        kind, sub = classify(run_sql or sql)
        execution = Execution(
            id=str(uuid.uuid4()), sql=sql, database=context.get("Database"),
            catalog=context.get("Catalog") or CATALOG, workgroup=group.name,
            output_location=output, parameters=params, region=region, statement_type=kind,
            substatement_type=sub, run_sql=run_sql)
        if token:
            self._tokens[token] = execution.id
        execution.reuse_configuration = dict(p.get("ResultReuseConfiguration") or {})
        reused = _reuse(self.executions, execution, p)
        if reused is not None:
            self.executions.reuse(execution, reused)
        elif run_sql is None:  # PREPARE / DEALLOCATE PREPARE: done when submitted
            self.executions.record(execution)
        else:
            self.executions.submit(execution)
        return {"QueryExecutionId": execution.id}

    def _prepared(self, sql: str, group: str,
                  params: list[str]) -> tuple[str | None, list[str]]:
        """The SQL to run and its parameters: EXECUTE runs its prepared statement with the
        USING values; PREPARE and DEALLOCATE PREPARE act at once and run nothing (None)."""
        found = statement_sql(sql)
        if found is None:
            return sql, params
        kind, name, body = found
        if kind == "prepare":
            self.saved.prepare(group, name, str(body))
            return None, params
        if kind == "deallocate":
            self.saved.deallocate(group, name)
            return None, params
        statement = self.saved.statement(group, name)
        return statement.sql, split_values(body) if body else params

    def _execution(self, query_id: str | None) -> Execution:
        found = self.executions.get(query_id or "")
        if found is None:
            raise invalid(f"QueryExecution {query_id} was not found")
        return found

    def op_GetQueryExecution(self, p: dict[str, Any], region: str) -> dict[str, Any]:
        return {"QueryExecution": describe(self._execution(p.get("QueryExecutionId")))}

    def op_BatchGetQueryExecution(self, p: dict[str, Any], region: str) -> dict[str, Any]:
        found, missing = [], []
        for query_id in p.get("QueryExecutionIds") or []:
            execution = self.executions.get(query_id)
            if execution is None:
                missing.append({"QueryExecutionId": query_id, "ErrorCode": "INVALID_INPUT",
                                "ErrorMessage": f"QueryExecution {query_id} was not found"})
            else:
                found.append(describe(execution))
        return {"QueryExecutions": found, "UnprocessedQueryExecutionIds": missing}

    def op_StopQueryExecution(self, p: dict[str, Any], region: str) -> dict[str, Any]:
        self.executions.stop(self._execution(p.get("QueryExecutionId")))
        return {}

    def op_ListQueryExecutions(self, p: dict[str, Any], region: str) -> dict[str, Any]:
        group = self.workgroups.get(p.get("WorkGroup") or "primary").name
        with self.executions.lock:
            ids = [i for i in reversed(self.executions.order)
                   if self.executions.by_id[i].workgroup == group]
        page, token = _page(ids, p, default=50, limit=50)
        return {"QueryExecutionIds": page, **({"NextToken": token} if token else {})}

    def op_GetQueryResults(self, p: dict[str, Any], region: str) -> dict[str, Any]:
        execution = self._execution(p.get("QueryExecutionId"))
        if execution.state == "FAILED":
            raise invalid(execution.reason or "Query has failed")
        if execution.state != "SUCCEEDED":
            raise invalid(f"Query has not yet finished. Current state: {execution.state}")
        stored = _stored(execution)
        header = int(has_header(execution))
        start, end, token = _bounds(p, header + stored.count, default=PAGE, limit=PAGE)
        page = [results.api_row([c.name for c in stored.columns])] if header and not start \
            else []
        page += [results.api_row(row)
                 for row in stored.texts(max(start - header, 0), end - header)]
        # https://docs.aws.amazon.com/athena/latest/APIReference/API_GetQueryResults.html :
        # UpdateCount, the rows a CREATE TABLE AS SELECT or INSERT INTO wrote
        out: dict[str, Any] = {"UpdateCount": stored.rows_written or 0, "ResultSet": {
            "Rows": page, "ResultSetMetadata": {
                "ColumnInfo": [results.column_info(c) for c in stored.columns]}}}
        if token:
            out["NextToken"] = token
        return out

    def op_GetQueryRuntimeStatistics(self, p: dict[str, Any], region: str) -> dict[str, Any]:
        execution = self._execution(p.get("QueryExecutionId"))
        stats = _statistics(execution)
        timeline = {k: v for k, v in stats.items() if k.endswith("Millis")}
        # https://docs.aws.amazon.com/athena/latest/APIReference/API_QueryRuntimeStatisticsRows.html
        # (InputRows: the engine does not count the rows it reads; UNLOAD's rows neither)
        rows = {"InputBytes": execution.scanned_bytes, "OutputRows": execution.rows,
                "OutputBytes": execution.output_bytes}
        return {"QueryRuntimeStatistics": {"Timeline": timeline, "Rows": {
            k: v for k, v in rows.items() if v is not None}}}

    # --- catalogs -----------------------------------------------------------------------

    def op_ListDataCatalogs(self, p: dict[str, Any], region: str) -> dict[str, Any]:
        return {"DataCatalogsSummary": [{"CatalogName": CATALOG, "Type": "GLUE"}]}

    def op_GetDataCatalog(self, p: dict[str, Any], region: str) -> dict[str, Any]:
        _catalog(p.get("Name"))
        return {"DataCatalog": {"Name": CATALOG, "Type": "GLUE", "Description": "",
                                "Parameters": {"catalog-id": "123456789012"}}}

    def op_ListDatabases(self, p: dict[str, Any], region: str) -> dict[str, Any]:
        from athenakit.serve.catalog import listed

        _catalog(p.get("CatalogName"))
        found = [{"Name": d["Name"], "Description": d.get("Description", ""),
                  "Parameters": d.get("Parameters") or {}}
                 for d in listed(self.glue(region), "get_databases", "DatabaseList")]
        page, token = _page(found, p, default=50, limit=50)
        return {"DatabaseList": page, **({"NextToken": token} if token else {})}

    def op_GetDatabase(self, p: dict[str, Any], region: str) -> dict[str, Any]:
        from athenakit.glue.client import error_code

        _catalog(p.get("CatalogName"))
        name = str(p.get("DatabaseName", "")).lower()
        try:
            db = self.glue(region).aws.glue("get_database", Name=name)["Database"]
        except CatalogError as err:
            if error_code(err) != "EntityNotFoundException":
                raise
            raise ApiError("MetadataException", f"Database {name} not found.") from None
        return {"Database": {"Name": db["Name"], "Description": db.get("Description", ""),
                             "Parameters": db.get("Parameters") or {}}}

    def op_ListTableMetadata(self, p: dict[str, Any], region: str) -> dict[str, Any]:
        import fnmatch

        from athenakit.serve.catalog import listed

        _catalog(p.get("CatalogName"))
        db = self._database(p, region)
        pattern = (p.get("Expression") or "*").lower()
        tables = [catalog.table_metadata(t) for t in listed(self.glue(region), "get_tables",
                                                    "TableList", DatabaseName=db)
                  if fnmatch.fnmatchcase(t["Name"].lower(), pattern)]
        page, token = _page(tables, p, default=50, limit=50)
        return {"TableMetadataList": page, **({"NextToken": token} if token else {})}

    def op_GetTableMetadata(self, p: dict[str, Any], region: str) -> dict[str, Any]:
        _catalog(p.get("CatalogName"))
        db = self._database(p, region)
        raw = self.glue(region).get_table(db, str(p.get("TableName", "")).lower())
        if raw is None:
            raise ApiError("MetadataException",
                           f"Table {p.get('TableName')} not found in database {db}.")
        return {"TableMetadata": catalog.table_metadata(raw)}

    def _database(self, p: dict[str, Any], region: str) -> str:
        return str(self.op_GetDatabase(p, region)["Database"]["Name"])

    # --- workgroups ---------------------------------------------------------------------

    def op_CreateWorkGroup(self, p: dict[str, Any]) -> dict[str, Any]:
        self.workgroups.create(p)
        return {}

    def op_GetWorkGroup(self, p: dict[str, Any]) -> dict[str, Any]:
        return {"WorkGroup": self.workgroups.get(p.get("WorkGroup") or "").describe()}

    def op_ListWorkGroups(self, p: dict[str, Any]) -> dict[str, Any]:
        found = [g.summary() for g in self.workgroups.all()]
        page, token = _page(found, p, default=50, limit=50)
        return {"WorkGroups": page, **({"NextToken": token} if token else {})}

    def op_DeleteWorkGroup(self, p: dict[str, Any]) -> dict[str, Any]:
        self.workgroups.delete(p.get("WorkGroup") or "")
        return {}


def _reuse(executions: Executions, execution: Execution,
           p: dict[str, Any]) -> Execution | None:
    """The execution whose result Athena would reuse for this SELECT, if reuse is asked for.
    https://docs.aws.amazon.com/athena/latest/ug/reusing-query-results.html"""
    config = (p.get("ResultReuseConfiguration") or {}).get("ResultReuseByAgeConfiguration") or {}
    if not config.get("Enabled") or execution.substatement_type != "SELECT":
        return None
    return executions.reusable(execution, float(config.get("MaxAgeInMinutes") or 60) * 60)


def _catalog(name: Any) -> None:
    if str(name or CATALOG).lower() != CATALOG.lower():
        raise ApiError("MetadataException", f"Catalog {name} was not found.")


def _page(items: list[Any], p: dict[str, Any], *, default: int,
          limit: int) -> tuple[list[Any], str | None]:
    """One page of ``items`` for MaxResults / NextToken (the token is an offset)."""
    start, end, token = _bounds(p, len(items), default=default, limit=limit)
    return items[start:end], token


def _bounds(p: dict[str, Any], total: int, *, default: int,
            limit: int) -> tuple[int, int, str | None]:
    """Start and end of one page of ``total`` items, and the NextToken after it."""
    try:
        start = int(p.get("NextToken") or 0)
        size = int(p.get("MaxResults") or default)
    except ValueError:
        raise invalid("NextToken or MaxResults is not valid") from None
    if size < 1 or start < 0:
        raise invalid(f"MaxResults must be between 1 and {limit}")
    end = min(start + min(size, limit), total)
    return start, end, (str(end) if end < total else None)


def _stored(execution: Execution) -> Any:
    """The rows of a SUCCEEDED execution: held in memory, or spilled to disk.

    Raises:
        ApiError: they are no longer held (they could not be spilled, or an earlier run of
            the endpoint made them).
    """
    from athenakit.serve.spill import Held

    result, spilled = execution.result, execution.spilled
    if result is not None:
        return Held(result)
    if spilled is not None:
        return spilled
    where = (f"; read it from {output_key(execution.reused or execution)}"
             if execution.output_location else "")
    if execution.restored:
        raise invalid(f"the result of {execution.id} was made before athenakit serve "
                      f"restarted; its rows are not kept across restarts{where}")
    raise invalid(f"the result of {execution.id} is no longer held by athenakit serve{where}")


def has_header(execution: Execution) -> bool:
    """Athena puts the column labels first in the rows of a SELECT, not of DDL or SHOW."""
    return execution.statement_type == "DML" and execution.substatement_type == "SELECT"


def _statistics(e: Execution) -> dict[str, Any]:
    end = e.completed or time.time()
    queue_ms = int(((e.started or end) - e.submitted) * 1000)
    engine_ms = int((end - (e.started or end)) * 1000)
    return {"EngineExecutionTimeInMillis": engine_ms, "DataScannedInBytes": e.scanned_bytes,
            "TotalExecutionTimeInMillis": queue_ms + engine_ms, "QueryQueueTimeInMillis": queue_ms,
            "ServicePreProcessingTimeInMillis": 0, "QueryPlanningTimeInMillis": 0,
            "ServiceProcessingTimeInMillis": 0,
            "ResultReuseInformation": {"ReusedPreviousResult": e.reused is not None}}


def _output_location(group: Any, p: dict[str, Any]) -> str | None:
    """Where the query's results go: the request's OutputLocation, else the workgroup's;
    None in a workgroup with managed query results (Athena keeps them).

    Raises:
        ApiError: no location at all, or one given to a workgroup with managed results.
    """
    given = (p.get("ResultConfiguration") or {}).get("OutputLocation")
    if group.managed:
        if given:
            raise invalid(f"WorkGroup {group.name} uses managed query results: an "
                          "OutputLocation cannot be given")
        return None
    if not (given or group.output_location):
        # https://docs.aws.amazon.com/athena/latest/ug/querying.html#query-results-specify-location
        raise invalid("No output location provided. An output location is required either "
                      "through the Workgroup result configuration setting or as an API "
                      "input.")
    return str(given or group.output_location)


def describe(e: Execution) -> dict[str, Any]:
    """The ``QueryExecution`` structure of GetQueryExecution."""
    status: dict[str, Any] = {"State": e.state, "SubmissionDateTime": e.submitted}
    if e.completed is not None:
        status["CompletionDateTime"] = e.completed
    if e.reason and e.state in ("FAILED", "CANCELLED"):
        status["StateChangeReason"] = e.reason
    if e.state == "FAILED" and e.error is not None:
        # https://docs.aws.amazon.com/athena/latest/APIReference/API_AthenaError.html
        status["AthenaError"] = {"ErrorCategory": e.error.category or 2,
                                 "ErrorType": e.error.error_type or 1000,
                                 "Retryable": e.error.category == 1,
                                 "ErrorMessage": e.reason or e.error.message}
    out: dict[str, Any] = {
        "QueryExecutionId": e.id, "Query": e.sql, "StatementType": e.statement_type,
        "ResultConfiguration": ({"OutputLocation": output_key(e.reused or e)}
                                if e.output_location else {}),
        "ResultReuseConfiguration": e.reuse_configuration or {
            "ResultReuseByAgeConfiguration": {"Enabled": False}},
        "QueryExecutionContext": {"Catalog": e.catalog,
                                  **({"Database": e.database} if e.database else {})},
        "Status": status, "Statistics": _statistics(e), "WorkGroup": e.workgroup,
        "EngineVersion": {"SelectedEngineVersion": "AUTO",
                          "EffectiveEngineVersion": "Athena engine version 3"},
    }
    if e.substatement_type:
        out["SubstatementType"] = e.substatement_type
    if not e.output_location:
        out["ManagedQueryResultsConfiguration"] = {"Enabled": True}
    if e.manifest:
        out["Statistics"]["DataManifestLocation"] = e.manifest
    if e.parameters:
        out["ExecutionParameters"] = e.parameters
    return out


def output_key(e: Execution) -> str:
    """``<OutputLocation>/<id>.csv`` (``.txt`` for DDL and SHOW / DESCRIBE, as Athena does)."""
    base = str(e.output_location or "")
    suffix = "csv" if e.statement_type == "DML" else "txt"
    return f"{base.rstrip('/')}/{e.id}.{suffix}"

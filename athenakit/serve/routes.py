"""Which Athena operation a request asks for, in either of the two wire protocols.

Older botocore sends Athena requests as JSON 1.1: ``POST /`` with ``X-Amz-Target:
AmazonAthena.StartQueryExecution`` and the parameters as the JSON body. botocore 1.44.18 and
later speak rest-json: the operation is the method and path (``POST /query-executions``,
``GET /query-executions/{QueryExecutionId}/results``), with path, query-string and body
parameters; the table below is the ``requestUri`` of each operation in botocore's
``athena/2017-05-18/service-2.json``.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import parse_qsl

REST: list[tuple[str, str, str]] = [
    ("POST", "/query-executions", "StartQueryExecution"),
    ("GET", "/query-executions", "ListQueryExecutions"),
    ("POST", "/batch-get-query-executions", "BatchGetQueryExecution"),
    ("GET", "/query-executions/{QueryExecutionId}", "GetQueryExecution"),
    ("GET", "/query-executions/{QueryExecutionId}/results", "GetQueryResults"),
    ("GET", "/query-executions/{QueryExecutionId}/runtime-statistics",
     "GetQueryRuntimeStatistics"),
    ("POST", "/query-executions/{QueryExecutionId}/stop", "StopQueryExecution"),
    ("POST", "/named-queries", "CreateNamedQuery"),
    ("GET", "/named-queries", "ListNamedQueries"),
    ("POST", "/batch-get-named-queries", "BatchGetNamedQuery"),
    ("GET", "/named-queries/{NamedQueryId}", "GetNamedQuery"),
    ("PATCH", "/named-queries/{NamedQueryId}", "UpdateNamedQuery"),
    ("DELETE", "/named-queries/{NamedQueryId}", "DeleteNamedQuery"),
    ("POST", "/workgroups/{WorkGroup}/prepared-statements", "CreatePreparedStatement"),
    ("GET", "/workgroups/{WorkGroup}/prepared-statements", "ListPreparedStatements"),
    ("POST", "/workgroups/{WorkGroup}/batch-get-prepared-statements",
     "BatchGetPreparedStatement"),
    ("GET", "/workgroups/{WorkGroup}/prepared-statements/{StatementName}",
     "GetPreparedStatement"),
    ("PATCH", "/workgroups/{WorkGroup}/prepared-statements/{StatementName}",
     "UpdatePreparedStatement"),
    ("DELETE", "/workgroups/{WorkGroup}/prepared-statements/{StatementName}",
     "DeletePreparedStatement"),
    ("POST", "/workgroups", "CreateWorkGroup"),
    ("GET", "/workgroups", "ListWorkGroups"),
    ("GET", "/workgroups/{WorkGroup}", "GetWorkGroup"),
    ("DELETE", "/workgroups/{WorkGroup}", "DeleteWorkGroup"),
    ("GET", "/data-catalogs", "ListDataCatalogs"),
    ("GET", "/data-catalogs/{Name}", "GetDataCatalog"),
    ("GET", "/data-catalogs/{CatalogName}/databases", "ListDatabases"),
    ("GET", "/data-catalogs/{CatalogName}/databases/{DatabaseName}", "GetDatabase"),
    ("GET", "/data-catalogs/{CatalogName}/databases/{DatabaseName}/tables", "ListTableMetadata"),
    ("GET", "/data-catalogs/{CatalogName}/databases/{DatabaseName}/tables/{TableName}",
     "GetTableMetadata"),
]
_COMPILED = [(method, re.compile("^" + re.sub(r"\{(\w+)\}", r"(?P<\1>[^/]+)", path) + "/?$"),
              name) for method, path, name in REST]
_SCOPE = re.compile(r"Credential=[^/,]+/\d{8}/([^/,]+)/([^/,]+)/aws4_request")


def scope(authorization: str) -> tuple[str, str] | None:
    """(region, service) of a SigV4 ``Authorization`` header, None when unsigned."""
    found = _SCOPE.search(authorization or "")
    return (found.group(1), found.group(2)) if found else None


def json_target(target: str) -> str | None:
    """``AmazonAthena.StartQueryExecution`` -> ``StartQueryExecution`` (None for others)."""
    prefix, _, operation = target.partition(".")
    return operation if prefix == "AmazonAthena" and operation else None


def rest_operation(method: str, path: str, query: str,
                   body: dict[str, Any]) -> tuple[str, dict[str, Any]] | None:
    """The operation and parameters of a rest-json request (None when no route matches)."""
    from urllib.parse import unquote

    for verb, pattern, name in _COMPILED:
        found = pattern.match(path) if verb == method else None
        if found is None:
            continue
        params = dict(body)
        params.update(parse_qsl(query))
        params.update({k: unquote(v) for k, v in found.groupdict().items()})
        return name, params
    return None

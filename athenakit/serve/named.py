"""Named queries and prepared statements of the endpoint's workgroups.

Named queries are saved SQL texts with an id (CreateNamedQuery, GetNamedQuery, ...). Prepared
statements belong to a workgroup, are made with the API or with ``PREPARE name FROM ...``, and
run with ``EXECUTE name [USING value, ...]``, whose values bind the ``?`` placeholders in order,
as ExecutionParameters do.
https://docs.aws.amazon.com/athena/latest/ug/saved-queries.html
https://docs.aws.amazon.com/athena/latest/ug/querying-with-prepared-statements.html
"""

from __future__ import annotations

import re
import threading
import time
import uuid
from dataclasses import dataclass, field
from typing import Any

from athenakit.serve.faults import invalid
from athenakit.sql.splitter import split_top_level

_PREPARE = re.compile(r"^\s*PREPARE\s+\"?(\w+)\"?\s+FROM\s+(.+?);?\s*$", re.IGNORECASE | re.DOTALL)
_EXECUTE = re.compile(r"^\s*EXECUTE\s+\"?(\w+)\"?(?:\s+USING\s+(.+?))?;?\s*$",
                      re.IGNORECASE | re.DOTALL)
_DEALLOCATE = re.compile(r"^\s*DEALLOCATE\s+PREPARE\s+\"?(\w+)\"?;?\s*$", re.IGNORECASE)


@dataclass
class Prepared:
    """One prepared statement of a workgroup."""

    name: str
    workgroup: str
    sql: str
    description: str = ""
    modified: float = field(default_factory=time.time)

    def describe(self) -> dict[str, Any]:
        return {"StatementName": self.name, "QueryStatement": self.sql,
                "WorkGroupName": self.workgroup, "Description": self.description,
                "LastModifiedTime": self.modified}


class Saved:
    """Named queries by id and prepared statements by (workgroup, name); thread-safe."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.queries: dict[str, dict[str, Any]] = {}
        self.prepared: dict[tuple[str, str], Prepared] = {}

    def create_query(self, params: dict[str, Any], workgroup: str) -> str:
        for required in ("Name", "Database", "QueryString"):
            if not params.get(required):
                raise invalid(f"{required} is required")
        query_id = str(uuid.uuid4())
        with self._lock:
            self.queries[query_id] = {
                "Name": params["Name"], "Database": params["Database"],
                "QueryString": params["QueryString"], "NamedQueryId": query_id,
                "Description": params.get("Description", ""), "WorkGroup": workgroup}
        return query_id

    def query(self, query_id: str) -> dict[str, Any]:
        with self._lock:
            found = self.queries.get(query_id)
        if found is None:
            raise invalid(f"NamedQuery {query_id} was not found")
        return found

    def delete_query(self, query_id: str) -> None:
        self.query(query_id)
        with self._lock:
            self.queries.pop(query_id, None)

    def prepare(self, workgroup: str, name: str, sql: str, description: str = "") -> None:
        with self._lock:
            self.prepared[(workgroup, name.lower())] = Prepared(name.lower(), workgroup, sql,
                                                                description)

    def statement(self, workgroup: str, name: str) -> Prepared:
        with self._lock:
            found = self.prepared.get((workgroup, name.lower()))
        if found is None:
            raise invalid(f"Prepared statement {name} was not found in workgroup {workgroup}")
        return found

    def export(self) -> dict[str, list[dict[str, Any]]]:
        """The named queries and prepared statements, as JSON values (``serve.state``)."""
        from dataclasses import asdict

        with self._lock:
            return {"named_queries": [dict(q) for q in self.queries.values()],
                    "prepared_statements": [asdict(p) for p in self.prepared.values()]}

    def restore(self, data: dict[str, Any]) -> None:
        """Add what :meth:`export` gave.

        Raises:
            KeyError, TypeError: ``data`` is not in that shape.
        """
        queries = {str(q["NamedQueryId"]): dict(q) for q in data.get("named_queries", [])}
        prepared = [Prepared(**item) for item in data.get("prepared_statements", [])]
        with self._lock:
            self.queries.update(queries)
            self.prepared.update({(p.workgroup, p.name): p for p in prepared})

    def deallocate(self, workgroup: str, name: str) -> None:
        self.statement(workgroup, name)
        with self._lock:
            self.prepared.pop((workgroup, name.lower()), None)


def split_values(text: str) -> list[str]:
    """``'a,b', 2, DATE '2024-01-01'`` -> the literal texts, split at top-level commas."""
    return split_top_level(text)


def statement_sql(sql: str) -> tuple[str, str, str | None] | None:
    """``("prepare", name, body)``, ``("execute", name, values)``, ``("deallocate", name,
    None)`` for the three statements, None for any other."""
    for kind, pattern in (("prepare", _PREPARE), ("execute", _EXECUTE),
                          ("deallocate", _DEALLOCATE)):
        found = pattern.match(sql)
        if found:
            return kind, found.group(1), found.group(2) if pattern.groups > 1 else None
    return None


class SavedApi:
    """The named query and prepared statement operations (workgroup names checked by
    ``workgroup(name)``, which raises for an unknown one)."""

    def __init__(self, saved: Saved, workgroup: Any) -> None:
        self.saved, self.workgroup = saved, workgroup

    def _group(self, p: dict[str, Any]) -> str:
        return str(self.workgroup(p.get("WorkGroup") or "primary").name)

    def op_CreateNamedQuery(self, p: dict[str, Any]) -> dict[str, Any]:
        return {"NamedQueryId": self.saved.create_query(p, self._group(p))}

    def op_GetNamedQuery(self, p: dict[str, Any]) -> dict[str, Any]:
        return {"NamedQuery": self.saved.query(str(p.get("NamedQueryId", "")))}

    def op_UpdateNamedQuery(self, p: dict[str, Any]) -> dict[str, Any]:
        found = self.saved.query(str(p.get("NamedQueryId", "")))
        found.update({k: p[k] for k in ("Name", "QueryString", "Description") if k in p})
        return {}

    def op_DeleteNamedQuery(self, p: dict[str, Any]) -> dict[str, Any]:
        self.saved.delete_query(str(p.get("NamedQueryId", "")))
        return {}

    def op_ListNamedQueries(self, p: dict[str, Any]) -> dict[str, Any]:
        group = self._group(p)
        return {"NamedQueryIds": [i for i, q in self.saved.queries.items()
                                  if q["WorkGroup"] == group]}

    def op_BatchGetNamedQuery(self, p: dict[str, Any]) -> dict[str, Any]:
        found, missing = [], []
        for query_id in p.get("NamedQueryIds") or []:
            if query_id in self.saved.queries:
                found.append(self.saved.queries[query_id])
            else:
                missing.append({"NamedQueryId": query_id, "ErrorCode": "INVALID_INPUT",
                                "ErrorMessage": f"NamedQuery {query_id} was not found"})
        return {"NamedQueries": found, "UnprocessedNamedQueryIds": missing}

    def op_CreatePreparedStatement(self, p: dict[str, Any]) -> dict[str, Any]:
        if not p.get("StatementName") or not p.get("QueryStatement"):
            raise invalid("StatementName and QueryStatement are required")
        self.saved.prepare(self._group(p), str(p["StatementName"]), str(p["QueryStatement"]),
                           str(p.get("Description") or ""))
        return {}

    op_UpdatePreparedStatement = op_CreatePreparedStatement

    def op_GetPreparedStatement(self, p: dict[str, Any]) -> dict[str, Any]:
        found = self.saved.statement(self._group(p), str(p.get("StatementName", "")))
        return {"PreparedStatement": found.describe()}

    def op_DeletePreparedStatement(self, p: dict[str, Any]) -> dict[str, Any]:
        self.saved.deallocate(self._group(p), str(p.get("StatementName", "")))
        return {}

    def op_ListPreparedStatements(self, p: dict[str, Any]) -> dict[str, Any]:
        group = self._group(p)
        return {"PreparedStatements": [
            {"StatementName": s.name, "LastModifiedTime": s.modified}
            for (g, _), s in sorted(self.saved.prepared.items()) if g == group]}

    def op_BatchGetPreparedStatement(self, p: dict[str, Any]) -> dict[str, Any]:
        group, found, missing = self._group(p), [], []
        for name in p.get("PreparedStatementNames") or []:
            statement = self.saved.prepared.get((group, str(name).lower()))
            if statement is None:
                missing.append({"StatementName": name, "ErrorCode": "INVALID_INPUT",
                                "ErrorMessage": f"Prepared statement {name} was not found"})
            else:
                found.append(statement.describe())
        return {"PreparedStatements": found, "UnprocessedPreparedStatementNames": missing}

"""Named (saved) queries: create, list, and run by name.

https://docs.aws.amazon.com/athena/latest/ug/saved-queries.html
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from athenakit.errors import ConfigError
from athenakit.query.base import Params
from athenakit.query.result import QueryResult

if TYPE_CHECKING:
    from athenakit.runner.athena import Athena


@dataclass(frozen=True)
class NamedQuery:
    """A saved query of a workgroup."""

    id: str
    name: str
    sql: str
    database: str | None = None
    description: str | None = None
    workgroup: str | None = None


def create_named_query(
    athena: Athena, name: str, sql: str, *, database: str | None = None,
    description: str | None = None,
) -> str:
    """Save ``sql`` under ``name`` in the runner's workgroup; return the named query id.

    Raises:
        ConfigError: no database given and none configured (Athena requires one).
    """
    database = database or athena.config.database
    if not database:
        raise ConfigError("a named query needs a database: pass database= or configure one")
    request: dict[str, Any] = {"Name": name, "QueryString": sql, "Database": database}
    if description:
        request["Description"] = description
    if athena.config.workgroup:
        request["WorkGroup"] = athena.config.workgroup
    return str(athena.api("create_named_query", **request)["NamedQueryId"])


def list_named_queries(athena: Athena) -> list[NamedQuery]:
    """All named queries of the runner's workgroup, in the order Athena lists them."""
    return [_get(athena, query_id) for query_id in _ids(athena)]


def _ids(athena: Athena) -> Iterator[str]:
    request: dict[str, Any] = {}
    if athena.config.workgroup:
        request["WorkGroup"] = athena.config.workgroup
    while True:
        page = athena.api("list_named_queries", **request)
        yield from page.get("NamedQueryIds", [])
        if not page.get("NextToken"):
            return
        request["NextToken"] = page["NextToken"]


def _get(athena: Athena, query_id: str) -> NamedQuery:
    info = athena.api("get_named_query", NamedQueryId=query_id)["NamedQuery"]
    return NamedQuery(
        id=query_id, name=info["Name"], sql=info["QueryString"],
        database=info.get("Database"), description=info.get("Description"),
        workgroup=info.get("WorkGroup"),
    )


def find_named_query(athena: Athena, name: str) -> NamedQuery:
    """The named query called ``name``.

    Raises:
        ConfigError: no such name, or the name is ambiguous (saved twice).
    """
    found = [q for q in list_named_queries(athena) if q.name == name]
    if not found:
        raise ConfigError(f"no named query {name!r} in workgroup "
                          f"{athena.config.workgroup or 'primary'!r}")
    if len(found) > 1:
        raise ConfigError(f"{len(found)} named queries are called {name!r}; "
                          "rename or delete the duplicates")
    return found[0]


def run_named_query(athena: Athena, name: str, params: Params = None) -> QueryResult:
    """Run the named query ``name`` in its own database.

    Raises:
        ConfigError: unknown name.
        QueryError: the query failed.
    """
    from dataclasses import replace

    query = find_named_query(athena, name)
    if query.database and query.database != athena.config.database:
        runner = athena.with_config(replace(athena.config, database=query.database))
        return runner.run(query.sql, params)
    return athena.run(query.sql, params)

"""Prepared statements: PREPARE once, EXECUTE with ``?`` values, DEALLOCATE.

The statement is stored in the workgroup with the CreatePreparedStatement API; ``EXECUTE name
USING v1, v2`` passes the values as literals formatted by :mod:`athenakit.query.params` (after
checking their count against the stored statement), and DEALLOCATE PREPARE removes it.
https://docs.aws.amazon.com/athena/latest/ug/querying-with-prepared-statements.html
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from athenakit.query.base import Params
from athenakit.query.params import ParameterError, count_placeholders, format_literal
from athenakit.query.result import QueryResult
from athenakit.sql.quoting import Engine, quote_identifier

if TYPE_CHECKING:
    from athenakit.runner.athena import Athena


def prepare(athena: Athena, name: str, sql: str, *, description: str | None = None) -> None:
    """Store ``sql`` (with ``?`` placeholders) as prepared statement ``name``.

    Raises:
        ParameterError: ``sql`` cannot be tokenized.
        AthenaApiError: Athena refused it (e.g. unknown workgroup).
    """
    count_placeholders(sql)  # fail early on text that cannot be read
    request: dict[str, Any] = {"StatementName": name, "QueryStatement": sql,
                               "WorkGroup": athena.config.workgroup or "primary"}
    if description:
        request["Description"] = description
    athena.api("create_prepared_statement", **request)


def prepared_sql(athena: Athena, name: str) -> str:
    """The text of prepared statement ``name``."""
    info = athena.api("get_prepared_statement", StatementName=name,
                      WorkGroup=athena.config.workgroup or "primary")
    return str(info["PreparedStatement"]["QueryStatement"])


def execute(athena: Athena, name: str, params: Params = None) -> QueryResult:
    """Run prepared statement ``name`` with one value per ``?``.

    Raises:
        ParameterError: the count of values does not match the statement's placeholders
            (checked against the stored statement before anything runs).
        QueryError: the execution failed.
    """
    expected = count_placeholders(prepared_sql(athena, name))
    given = len(params or [])
    if given != expected:
        raise ParameterError(f"prepared statement {name!r} has {expected} '?' placeholder(s) "
                             f"but {given} parameter(s) were given")
    sql = f"EXECUTE {quote_identifier(name, Engine.TRINO)}"
    if given:
        sql += " USING " + ", ".join(format_literal(v) for v in params or [])
    return athena.run(sql)


def deallocate(athena: Athena, name: str) -> None:
    """Remove prepared statement ``name`` (DEALLOCATE PREPARE)."""
    athena.run(f"DEALLOCATE PREPARE {quote_identifier(name, Engine.TRINO)}")

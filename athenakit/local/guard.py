"""Only Athena's SQL reaches DuckDB: refuse DuckDB's own file readers, settings and statements.

Athena has no ``read_text``, ``read_csv``, ``glob``, ``duckdb_settings()``, COPY, ATTACH, SET
or PRAGMA; through them a query could read any file on the machine. The user's parsed
statement is checked before the engine resolves tables, so the engine's own ``read_parquet``
scans (generated later, never parsed from user text) are unaffected. Data is read only
through tables.
"""

from __future__ import annotations

from sqlglot import exp

from athenakit.local.errors import UnsupportedLocally

# DuckDB functions that read files, the environment or settings (none exists in Athena).
_DENIED = {
    "glob", "sniff_csv", "getenv", "current_setting", "getvariable", "query", "query_table",
    "summary", "which_secret", "load_aws_credentials", "json_execute_serialized_sql",
    "from_substrait", "from_substrait_json", "get_substrait", "iceberg_scan", "delta_scan",
    "sqlite_scan", "postgres_scan", "mysql_scan", "sqlite_attach", "postgres_attach",
    "checkpoint", "force_checkpoint", "enable_profiling", "set_variable",
}
_DENIED_PREFIXES = ("read_", "duckdb_", "pragma_", "parquet_", "sqlite_", "postgres_",
                    "mysql_", "iceberg_", "delta_", "scan_", "test_")
_IP_TYPES = (exp.DType.IPADDRESS, exp.DType.IPPREFIX)
# Statements Athena has no form of that DuckDB would run.
_STATEMENTS = (exp.Copy, exp.Set, exp.Pragma, exp.Command, exp.Attach, exp.Detach, exp.Install)


def _function_name(node: exp.Func) -> str:
    return (node.name if isinstance(node, exp.Anonymous) else node.sql_name()).lower()


def check(tree: exp.Expression, sql: str | None = None) -> None:
    """Refuse a user statement that uses a DuckDB-only function, table function or statement.

    Args:
        tree: the parsed statement.
        sql: its text; when given, its tokens are checked too (DuckDB-only syntax, function
            names Trino does not have).

    Raises:
        UnsupportedLocally: naming the function or statement.
        AthenaFailure: what Athena itself answers: ``SYNTAX_ERROR`` for DuckDB-only syntax
            (``::``, ``[1, 2]``, ``{'a': 1}``, ``* EXCLUDE``, ``FROM``-first), and
            ``FUNCTION_NOT_FOUND`` for a function Trino does not have.
    """
    _check_tree(tree)
    if sql is not None:
        from athenakit.local import dialect_guard

        dialect_guard.check_tokens(sql)


def _check_tree(tree: exp.Expression) -> None:
    for node in tree.walk():
        if isinstance(node, _STATEMENTS):
            raise UnsupportedLocally(f"the statement {node.key.upper()}",
                                     hint="Athena has no such statement")
        if isinstance(node, exp.Table) and isinstance(node.this, exp.Func):
            # Athena reads data only through tables (and UNNEST, which is not a Table here).
            raise UnsupportedLocally(f"table function {_function_name(node.this)}",
                                     hint="data is read only through tables")
        if isinstance(node, exp.Unnest) and not isinstance(node.parent, (exp.From, exp.Join)):
            # DuckDB's SELECT unnest(...) expands rows; in Trino UNNEST is only a relation
            from athenakit.local.failures import athena_error

            raise athena_error("SYNTAX_ERROR", "mismatched input 'unnest'",
                               offset=node.meta.get("start"))
        if isinstance(node, exp.Join) and "ASOF" in (str(node.args.get("kind") or "").upper(),
                                                  str(node.args.get("method") or "").upper()):
            raise UnsupportedLocally("ASOF JOIN", hint="Athena has no such join")
        if isinstance(node, exp.DataType) and node.this in _IP_TYPES:
            # https://trino.io/docs/current/language/types.html#ipaddress
            raise UnsupportedLocally("the ipaddress and ipprefix types", hint="an IP address is "
                                     "16 bytes in Trino (IPv4 mapped), ordered and printed so")
        if isinstance(node, exp.Func):
            name = _function_name(node)
            if name in ("version", "current_version"):  # DuckDB would give its own version
                raise UnsupportedLocally("function version",
                                         hint="the local engine is not Athena's Trino")
            if name in _DENIED or name.startswith(_DENIED_PREFIXES):
                raise UnsupportedLocally(f"function {name}",
                                         hint="Athena has no such function")
            if isinstance(node, exp.First | exp.Last):  # DuckDB's aggregates of these names
                raise UnsupportedLocally(f"function {name}", hint="Trino's first and last "
                                         "navigate a MATCH_RECOGNIZE pattern")

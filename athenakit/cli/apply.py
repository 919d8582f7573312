"""``athenakit apply``: create the databases and tables of spec files that do not exist yet.

Idempotent: a database is looked up with GetDatabase and a table in ``SHOW TABLES IN db`` before
anything is created, and every statement says IF NOT EXISTS. Existing tables are left as they
are (apply never alters or drops), but each is read back with ``SHOW CREATE TABLE`` and compared
with its spec (:mod:`athenakit.table.drift`): differences are listed, and ``--check`` makes them fail
the run, for CI. ``--dry-run`` prints the DDL without touching AWS.

With ``--glue`` the tables go straight to the Glue Data Catalog (:mod:`athenakit.glue`):
CreateTable for missing ones, UpdateTable for existing ones whose differences are all safe,
and a refusal with the reason for any other change; ``--dry-run`` prints the API calls.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from typing import Any

from athenakit.connect import add_engine_arguments, connect_from_arguments
from athenakit.errors import ConfigError

HELP = "create the databases and tables of spec files if they do not exist"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("specs", nargs="+", metavar="SPEC",
                        help="spec files (.yaml, .yml, .json) or directories of them")
    parser.add_argument("--dry-run", action="store_true",
                        help="print the DDL that would run, and run nothing")
    parser.add_argument("--check", action="store_true",
                        help="exit 1 when an existing table differs from its spec")
    parser.add_argument("--quiet", "-q", action="store_true", help="no stats on stderr")
    parser.add_argument("--glue", action="store_true",
                        help="create and update the tables through the Glue API instead of "
                             "Athena DDL (safe changes only; --dry-run prints the API calls)")
    add_engine_arguments(parser)


def run(args: argparse.Namespace) -> int:
    from athenakit.table.render import create_database, create_table
    from athenakit.table.spec import load_specs

    tables = [_with_database(t, args.database) for t in load_specs(args.specs)]
    if args.glue:
        return _run_glue(args, tables)
    databases = list(dict.fromkeys(str(t.database) for t in tables))
    if args.dry_run:
        for name in databases:
            print(create_database(name, if_not_exists=True).rstrip() + ";\n")
        for table in tables:
            print(create_table(table, if_not_exists=True).rstrip() + ";\n")
        return 0
    runner = connect_from_arguments(args)
    for name in databases:
        if _database_exists(runner, name):
            print(f"database {name}: exists")
        else:
            _execute(runner, create_database(name, if_not_exists=True), args.quiet)
            print(f"database {name}: created")
    existing = {name: _tables_in(runner, name) for name in databases}
    drifted = 0
    for table in tables:
        label = f"{table.database}.{table.name}"
        if table.name.lower() in existing[str(table.database)]:
            differences = _differences(runner, table)
            drifted += bool(differences)
            print(f"table {label}: exists" + (", differs from its spec:" if differences else ""))
            for line in differences:
                print(f"  {line}")
            continue
        _execute(runner, create_table(table, if_not_exists=True), args.quiet)
        print(f"table {label}: created")
    if drifted and args.check:
        print(f"athenakit: {drifted} existing table(s) differ from their specs "
              "(apply does not alter tables)", file=sys.stderr)
        return 1
    return 0


def _run_glue(args: argparse.Namespace, tables: list[Any]) -> int:
    """``apply --glue``: one line per database and table, the calls on a dry run."""
    from athenakit.glue import catalog

    glue = catalog(region=args.region, profile=args.profile, endpoint_url=args.endpoint_url)
    db_calls, outcomes = glue.apply(tables, dry_run=args.dry_run, check=args.check)
    for call in db_calls:
        name = call.params["DatabaseInput"]["Name"]
        print(call if args.dry_run else f"database {name}: " +
              ("missing" if args.check else "created"))
    for outcome in outcomes:
        print(f"table {outcome.name}: {outcome.action}")
        for change in outcome.changes:
            print(f"  {change}")
        for key in outcome.kept:
            print(f"  property {key}: only in the catalog (kept)")
        if args.dry_run:
            for call in outcome.calls:
                print(call)
    refused = sum(o.action == "refused" for o in outcomes)
    drifted = sum(o.drifted for o in outcomes)
    if refused:
        print(f"athenakit: {refused} table(s) have changes that cannot be applied safely "
              "(see above)", file=sys.stderr)
    if args.check and drifted:
        print(f"athenakit: {drifted} table(s) differ from their specs", file=sys.stderr)
    return 1 if refused or (args.check and drifted) else 0


def _differences(runner: Any, table: Any) -> list[str]:
    """How the catalog's table differs from ``table``, read back with SHOW CREATE TABLE."""
    from athenakit.errors import AthenakitError
    from athenakit.table.drift import table_differences

    try:
        found = live_table(runner, table.database, table.name)
    except (AthenakitError, ValueError) as err:
        return [f"its DDL could not be compared: {str(err).splitlines()[0]}"]
    return table_differences(table, found)


def live_table(runner: Any, database: str | None, name: str) -> Any:
    """The table as the catalog has it: ``SHOW CREATE TABLE`` through ``runner``, imported.

    Raises:
        SqlError: SHOW CREATE TABLE gave no single CREATE TABLE statement.
        SpecError: the DDL describes a table athenakit cannot model.
        QueryError: the query failed (no such table, say).
    """
    from athenakit.errors import SqlError
    from athenakit.sql.quoting import Engine, quote_qualified
    from athenakit.table.importer import import_ddl

    label = quote_qualified([database, name], Engine.HIVE)
    result = runner.run(f"SHOW CREATE TABLE {label}")
    ddl = "\n".join(str(row[0]) for row in result.rows if row and row[0] is not None)
    found = import_ddl(ddl, file=f"SHOW CREATE TABLE {label}", stored=True)
    if len(found) != 1:
        raise SqlError("SHOW CREATE TABLE gave no single CREATE TABLE", file=label)
    return found[0]


def _with_database(table: Any, default: str | None) -> Any:
    if table.database:
        return table
    if not default:
        raise ConfigError(f"table {table.name!r} names no database: add 'database:' to the "
                          "spec or pass --database")
    return replace(table, database=default)


def _execute(runner: Any, sql: str, quiet: bool) -> None:
    result = runner.run(sql.strip())
    if not quiet:
        print(result.stats.summary(), file=sys.stderr)


def _database_exists(runner: Any, name: str) -> bool:
    """GetDatabase: a MetadataException / EntityNotFound means it does not exist."""
    from athenakit.runner.retry import AthenaApiError

    try:
        runner.api("get_database", CatalogName=runner.config.catalog or "AwsDataCatalog",
                   DatabaseName=name)
    except AthenaApiError as err:
        if err.code in ("MetadataException", "EntityNotFoundException"):
            return False
        raise
    return True


def _tables_in(runner: Any, database: str) -> set[str]:
    """Lower-cased names of the tables in ``database`` (SHOW TABLES, a free DDL query)."""
    from athenakit.sql.quoting import Engine, quote_identifier

    result = runner.run(f"SHOW TABLES IN {quote_identifier(database, Engine.HIVE)}")
    return {str(row[0]).strip().lower() for row in result.rows if row and row[0]}

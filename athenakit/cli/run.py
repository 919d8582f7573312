"""``athenakit run``: run SQL (text or a file of statements) and print rows, stats and cost.

The command is engine-neutral: :func:`make_runner` builds a :class:`~athenakit.query.base.Runner`
from the arguments, and everything after that (statement splitting, parameters, output, stats
on stderr, Ctrl-C) works on that protocol. A local engine plugs in by adding its options in
:func:`add_arguments` and a branch in :func:`make_runner`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from athenakit.errors import ConfigError, QueryError

HELP = "run SQL on Athena and print the rows, the data scanned and the cost"

_TYPED_PARAMS = ("str", "int", "float", "decimal", "bool", "date", "timestamp", "null")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("sql", metavar="SQL_OR_FILE",
                        help="a SQL statement, or a file of statements separated by ';'")
    parser.add_argument("--param", "-p", action="append", default=[], metavar="VALUE",
                        help="value for the next '?' (repeat in order); 42 is a number, "
                             "str:42 a string; prefixes: " + ", ".join(_TYPED_PARAMS))
    parser.add_argument("--format", "-f", choices=("table", "csv", "json", "jsonl"),
                        default="table", help="how to print rows on stdout (default: table)")
    parser.add_argument("--out", "-o", type=Path, metavar="FILE",
                        help="also write the last result to FILE.parquet or FILE.csv")
    parser.add_argument("--quiet", "-q", action="store_true",
                        help="no progress or stats on stderr")
    parser.add_argument("--explain", choices=("plan", "analyze"),
                        help="print the plan instead of running (analyze runs and is billed)")
    add_athena_arguments(parser)


def add_athena_arguments(parser: argparse.ArgumentParser) -> None:
    """The options that configure the Athena runner (shared with ``athenakit apply``)."""
    athena = parser.add_argument_group("Athena")
    athena.add_argument("--database", "-d", help="database of the query context")
    athena.add_argument("--catalog", help="data catalog (data source), default AwsDataCatalog")
    athena.add_argument("--workgroup", "-w", help="Athena workgroup")
    athena.add_argument("--output", help="S3 result location s3://bucket/prefix/")
    athena.add_argument("--region", help="AWS region")
    athena.add_argument("--profile", help="AWS profile")
    athena.add_argument("--reuse", type=int, metavar="MINUTES",
                        help="reuse a cached result up to this age (1..10080)")
    athena.add_argument("--timeout", type=float, metavar="SECONDS",
                        help="stop the query after this long")
    athena.add_argument("--fetch", choices=("auto", "api", "s3"), default=None,
                        help="read results via GetQueryResults (api), the S3 result file "
                             "(s3), or S3 for large results (auto)")
    athena.add_argument("--endpoint-url", help=argparse.SUPPRESS)
    local = parser.add_argument_group("local engine (DuckDB)")
    local.add_argument("--local", action="store_true",
                       help="run on local files with DuckDB (default when ATHENAKIT_ENGINE=local)")
    local.add_argument("--tables", action="append", default=[], metavar="SPEC",
                       help="spec files or directories of the tables (repeatable)")
    local.add_argument("--s3-root", metavar="DIR",
                       help="directory that s3://bucket/prefix/ maps to (DIR/bucket/prefix/)")
    local.add_argument("--catalog-dir", metavar="DIR",
                       help="where local CREATE DATABASE/TABLE/VIEW statements persist")


def make_runner(args: argparse.Namespace) -> Any:
    """The :class:`Runner` the arguments ask for: Athena, or the local DuckDB engine."""
    import os

    if args.local or os.environ.get("ATHENAKIT_ENGINE", "").lower() == "local":
        from athenakit.local.engine import LocalEngine
        from athenakit.table.spec import load_specs

        database = args.database or os.environ.get("ATHENAKIT_DATABASE") or "default"
        return LocalEngine(load_specs(args.tables) if args.tables else (),
                           s3_root=args.s3_root, catalog_dir=args.catalog_dir,
                           database=database)
    from athenakit.runner.athena import Athena

    return Athena(
        region=args.region, profile=args.profile, workgroup=args.workgroup,
        output=args.output, database=args.database, catalog=args.catalog,
        reuse_minutes=args.reuse, timeout=args.timeout, fetch=args.fetch,
        endpoint_url=args.endpoint_url,
    )


def run(args: argparse.Namespace) -> int:
    from athenakit.runner.output import write_file, write_result
    from athenakit.runner.status import StatusLine
    from athenakit.sql.splitter import split_statements

    text, file = read_sql(args.sql)
    statements = [s.sql for s in split_statements(text, file=file)]
    if not statements:
        raise ConfigError(f"no SQL statement in {file or 'the argument'}")
    params = [parse_param(p) for p in args.param]
    if args.explain:
        keyword = "EXPLAIN ANALYZE" if args.explain == "analyze" else "EXPLAIN"
        statements = [f"{keyword} {s}" for s in statements]
    runner = make_runner(args)
    status = None if args.quiet else StatusLine(sys.stderr)
    last_id: list[str] = []

    def on_event(event: Any) -> None:
        if not last_id or last_id[-1] != event.query_id:
            last_id.append(event.query_id)
        if status is not None:
            status(event)

    runner.on_event = on_event
    result = None
    try:
        for sql in statements:
            if status is not None:
                status.reset()
            result = runner.run(sql, _params_for(sql, params, len(statements)))
            if not args.quiet:
                print(result.stats.summary(), file=sys.stderr)
            write_result(result, sys.stdout, args.format)
            sys.stdout.flush()
    except KeyboardInterrupt:
        if status is not None:
            status.clear()
        where = f"query {last_id[-1]} " if last_id else ""
        print(f"athenakit: interrupted; {where}stopped", file=sys.stderr)
        return 130
    except QueryError:
        if status is not None:
            status.clear()
        stats = getattr(runner, "last_stats", None)
        if stats is not None and not args.quiet and last_id and stats.query_id == last_id[-1]:
            print(stats.summary(), file=sys.stderr)
        raise
    if args.out is not None and result is not None:
        write_file(result, args.out)
    return 0


def _params_for(sql: str, params: list[Any], count: int) -> list[Any] | None:
    """Every statement of a script gets the parameters if it has placeholders."""
    if not params:
        return None
    if count == 1:
        return params
    from athenakit.query.params import count_placeholders

    return params if count_placeholders(sql) else None


def read_sql(arg: str) -> tuple[str, str | None]:
    """The SQL text and its file name: ``arg`` names a file if one exists, else is SQL."""
    if "\n" not in arg and len(arg) < 4096:
        path = Path(arg)
        if path.suffix.lower() == ".sql" or path.is_file():
            try:
                return path.read_text(encoding="utf-8"), str(path)
            except OSError as err:
                raise ConfigError(f"cannot read {arg}: {err.strerror or err}") from err
            except UnicodeDecodeError as err:
                raise ConfigError(f"cannot read {arg}: not UTF-8 text ({err.reason} at byte "
                                  f"{err.start})") from err
    return arg, None


def parse_param(text: str) -> Any:
    """A ``--param`` value: ``TYPE:VALUE`` with a known type, else a number or a string.

    Example:
        >>> parse_param("42"), parse_param("str:42"), parse_param("date:2024-01-31")
        (42, '42', datetime.date(2024, 1, 31))
    """
    kind, sep, value = text.partition(":")
    if sep and kind in _TYPED_PARAMS:
        return _typed(kind, value)
    try:
        return int(text)
    except ValueError:
        pass
    try:
        number = Decimal(text)
    except InvalidOperation:
        return text
    return number if number.is_finite() else text


def _typed(kind: str, value: str) -> Any:
    try:
        if kind == "int":
            return int(value)
        if kind == "float":
            return float(value)
        if kind == "decimal":
            return Decimal(value)
        if kind == "bool":
            if value.lower() not in ("true", "false"):
                raise ValueError(value)
            return value.lower() == "true"
        if kind == "date":
            return dt.date.fromisoformat(value)
        if kind == "timestamp":
            return dt.datetime.fromisoformat(value)
    except (ValueError, InvalidOperation) as err:
        raise ConfigError(f"--param {kind}:{value}: not a valid {kind}") from err
    return None if kind == "null" else value

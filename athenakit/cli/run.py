"""``athenakit run``: run SQL (text or a file of statements) and print rows, stats and cost.

The command is engine-neutral: :func:`athenakit.connect.connect_from_arguments` builds a
:class:`~athenakit.query.base.Runner` from the arguments, and everything after that (statement splitting, parameters, output, stats
on stderr, Ctrl-C) works on that protocol.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from athenakit.connect import add_engine_arguments as add_athena_arguments
from athenakit.connect import connect_from_arguments as make_runner
from athenakit.errors import ConfigError, QueryError
from athenakit.query.params import TYPED_PARAMS, parse_param

HELP = "run SQL on Athena and print the rows, the data scanned and the cost"

# the names this module had before the engine options moved down to athenakit.connect
__all__ = ["HELP", "add_arguments", "add_athena_arguments", "make_runner", "parse_param",
           "read_sql", "run"]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("sql", metavar="SQL_OR_FILE",
                        help="a SQL statement, or a file of statements separated by ';'")
    parser.add_argument("--param", "-p", action="append", default=[], metavar="VALUE",
                        help="value for the next '?' (repeat in order); 42 is a number, "
                             "str:42 a string; prefixes: " + ", ".join(TYPED_PARAMS))
    parser.add_argument("--format", "-f", choices=("table", "csv", "json", "jsonl"),
                        default="table", help="how to print rows on stdout (default: table)")
    parser.add_argument("--out", "-o", type=Path, metavar="FILE",
                        help="also write the last result to FILE.parquet (its Arrow table, with the "
                             "result's types) or FILE.csv")
    parser.add_argument("--quiet", "-q", action="store_true",
                        help="no progress or stats on stderr")
    parser.add_argument("--explain", choices=("plan", "analyze"),
                        help="print the plan instead of running (analyze runs and is billed)")
    add_athena_arguments(parser)


def run(args: argparse.Namespace) -> int:
    from athenakit.cli.outfile import check_output
    from athenakit.runner.output import FILE_SUFFIXES
    from athenakit.sql.splitter import split_statements

    if args.out is not None:  # before the query runs (and is billed)
        check_output(args.out, force=args.force, option="--out", suffixes=FILE_SUFFIXES)
    text, file = read_sql(args.sql)
    statements = [s.sql for s in split_statements(text, file=file)]
    if not statements:
        raise ConfigError(f"no SQL statement in {file or 'the argument'}")
    params = [parse_param(p) for p in args.param]
    if params:
        _check_placeholders(statements, file)
    if args.explain:
        keyword = "EXPLAIN ANALYZE" if args.explain == "analyze" else "EXPLAIN"
        statements = [f"{keyword} {s}" for s in statements]
    runner = make_runner(args)
    try:
        return _run_on(runner, args, statements, params)
    finally:
        close = getattr(runner, "close", None)
        if close is not None:  # the local engine's DuckDB and its copies of S3 objects
            close()


def _run_on(runner: Any, args: argparse.Namespace, statements: list[str],
            params: list[Any]) -> int:
    from athenakit.cli.outfile import write_atomically
    from athenakit.runner.output import write_file, write_result
    from athenakit.runner.status import StatusLine

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
        unstopped = getattr(runner, "unconfirmed_stop", None)
        if unstopped:
            from athenakit.runner.athena import stop_unconfirmed

            print(f"athenakit: interrupted; {stop_unconfirmed(unstopped)}", file=sys.stderr)
        else:
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
        final = result
        write_atomically(args.out, lambda path: write_file(final, path))
    return 0


def _check_placeholders(statements: list[str], file: str | None) -> None:
    """Refuse ``?`` where Athena substitutes no parameter, before anything is sent (AK345)."""
    # https://docs.aws.amazon.com/athena/latest/ug/querying-with-prepared-statements.html
    from athenakit.check.checker import check
    from athenakit.query.params import ParameterError

    for sql in statements:
        found = [d for d in check(sql) if d.code == "AK345"]
        if found:
            where = f"{file}: " if file else ""
            raise ParameterError(f"{where}line {found[0].line}:{found[0].column}: "
                                 f"{found[0].message}")


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
        if path.suffix.lower() == ".sql" or _is_file(path):
            try:
                return path.read_text(encoding="utf-8"), str(path)
            except OSError as err:
                raise ConfigError(f"cannot read {arg}: {err.strerror or err}") from err
            except UnicodeDecodeError as err:
                raise ConfigError(f"cannot read {arg}: not UTF-8 text ({err.reason} at byte "
                                  f"{err.start})") from err
    return arg, None


def _is_file(path: Path) -> bool:
    try:
        return path.is_file()
    except OSError:  # a name too long for the file system: SQL text, not a file
        return False

"""``athenakit transpile --from DIALECT PATH``: convert SQL of another engine to Athena SQL."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from athenakit.errors import ConfigError

HELP = "convert SQL from another dialect (spark, postgres, bigquery, ...) to Athena SQL"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("path", metavar="PATH", help="SQL file, or - for stdin")
    parser.add_argument("--from", dest="read", required=True, metavar="DIALECT",
                        help="source dialect: spark, hive, presto, trino, postgres, mysql, "
                             "bigquery, snowflake, duckdb, ...")
    parser.add_argument("--tables", action="append", default=[], metavar="SPEC",
                        help="table spec file or directory for the checks of the result")
    parser.add_argument("-o", "--output", metavar="FILE", help="write the SQL here (default: "
                        "stdout)")
    parser.add_argument("--force", action="store_true", help="overwrite an existing FILE")


def run(args: argparse.Namespace) -> int:
    from athenakit.check.checker import load_catalog
    from athenakit.check.transpile import transpile
    from athenakit.cli.check import format_diagnostic
    from athenakit.cli.outfile import check_output, write_text

    if args.output:
        check_output(args.output, force=args.force, option="-o")
    if args.path == "-":
        text, name = sys.stdin.read(), "<stdin>"
    else:
        try:
            text, name = Path(args.path).read_text(encoding="utf-8"), args.path
        except (OSError, UnicodeDecodeError) as err:
            raise ConfigError(f"cannot read {args.path}: {err}") from err
    result = transpile(text, args.read, load_catalog(args.tables))
    if args.output:
        write_text(Path(args.output), result.sql)
    else:
        sys.stdout.write(result.sql)
    out = args.output or "<athena>"
    for d in result.unsupported:
        print(f"{name}: statement {(d.statement or 0) + 1}: {d.severity} {d.code} {d.message}",
              file=sys.stderr)
    for d in result.diagnostics:
        print(format_diagnostic(d).replace("<sql>", out, 1), file=sys.stderr)
    return 0 if result.ok else 1

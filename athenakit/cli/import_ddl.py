"""``athenakit import DDL_FILE``: read CREATE TABLE statements back into a spec file."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

LOGS = False  # nothing this command does logs

HELP = "convert CREATE TABLE statements (e.g. SHOW CREATE TABLE output) into a spec file"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("ddl", metavar="DDL_FILE", help="file with CREATE TABLE statements, or -")
    parser.add_argument("-o", "--output", metavar="SPEC_FILE",
                        help="write the spec here (.yaml/.yml or .json) instead of stdout")
    parser.add_argument("--force", action="store_true", help="overwrite an existing SPEC_FILE")


def run(args: argparse.Namespace) -> int:
    from athenakit.cli.outfile import check_output, write_text
    from athenakit.errors import SpecError
    from athenakit.table.importer import import_ddl_with_warnings
    from athenakit.table.spec_writer import dumps_spec

    if args.output:
        check_output(args.output, force=args.force, option="-o",
                     suffixes=(".yaml", ".yml", ".json"))
    name = "<stdin>" if args.ddl == "-" else args.ddl
    try:
        text = sys.stdin.read() if args.ddl == "-" else Path(args.ddl).read_text("utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise SpecError(f"cannot read DDL: {err}", file=name) from None
    result = import_ddl_with_warnings(text, file=name)
    for warning in result.warnings:
        print(f"athenakit: {warning}", file=sys.stderr)
    fmt = "json" if args.output and args.output.endswith(".json") else "yaml"
    spec = dumps_spec(result.tables, fmt=fmt)
    if args.output:
        write_text(Path(args.output), spec)
        print(f"athenakit: wrote {len(result.tables)} table(s) to {args.output}", file=sys.stderr)
    else:
        sys.stdout.write(spec)
    return 0

"""``athenakit ddl SPEC...``: print the DDL of the tables in spec files."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from athenakit.table.model import Table

LOGS = False  # nothing this command does logs

HELP = "print the CREATE statements of the tables in spec files (YAML/JSON)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("specs", nargs="+", metavar="SPEC", help="spec files or directories")
    parser.add_argument("--database", action="store_true",
                        help="also print CREATE DATABASE IF NOT EXISTS for each database")
    parser.add_argument("--if-not-exists", action="store_true",
                        help="write CREATE ... IF NOT EXISTS")
    parser.add_argument("--statement", default="create",
                        choices=("create", "drop", "msck", "tblproperties"),
                        help="which statement to print for each table (default: create)")


def run(args: argparse.Namespace) -> int:
    from athenakit.table import render

    loaded = _load(args.specs)
    tables = [table for table, _ in loaded]
    if args.statement == "msck":
        for table, file in loaded:
            _msck_note(table, file)
    out: list[str] = []
    if args.database:
        seen: list[str] = []
        for db in (t.database for t in tables if t.database):
            if db not in seen:
                seen.append(db)
                out.append(render.create_database(db))
    statements = {
        "create": lambda t: render.create_table(t, if_not_exists=args.if_not_exists),
        "drop": render.drop_table,
        "msck": render.msck_repair,
        "tblproperties": render.set_table_properties,
    }
    out.extend(statements[args.statement](t) for t in tables)
    if args.statement == "create":
        out.extend(_views(args.specs))
    if not out:
        return 0
    sys.stdout.write(";\n\n".join(s.rstrip("\n") for s in out) + ";\n")
    return 0


def _views(specs: list[str]) -> list[str]:
    """CREATE OR REPLACE VIEW for the views declared in the spec files."""
    from athenakit.table.views import load_views
    from athenakit.write.view import create_view

    return [create_view(v.name, v.query, database=v.database, or_replace=True)
            for v in load_views(specs)]


def _load(paths: list[str]) -> list[tuple[Table, str]]:
    """Load every spec file; print each table's warnings with the file it came from."""
    from dataclasses import replace

    from athenakit.errors import Diagnostic, SpecError
    from athenakit.table.spec import load_spec, spec_files

    tables: list[tuple[Table, str]] = []
    problems: list[Diagnostic] = []
    for path in spec_files(paths):
        try:
            loaded = load_spec(path)
        except SpecError as err:
            problems.extend(err.diagnostics)
            continue
        for table in loaded:
            tables.append((table, str(path)))
            for warning in table.warnings:
                shown = warning if warning.file else replace(warning, file=str(path))
                print(f"athenakit: {shown}", file=sys.stderr)
    if problems:
        raise SpecError(problems)
    return tables


def _msck_note(table: Table, file: str) -> None:
    """Say when MSCK REPAIR TABLE cannot do anything for ``table``."""
    # https://docs.aws.amazon.com/athena/latest/ug/partition-projection.html
    # https://docs.aws.amazon.com/athena/latest/ug/msck-repair-table.html
    # https://docs.aws.amazon.com/athena/latest/ug/delta-lake-tables.html
    if table.is_delta:
        why = "is a Delta Lake table (Athena reads its partitions from the Delta log)"
    elif table.is_iceberg or not table.partitions:
        why = "is an Iceberg table" if table.is_iceberg else "has no partitions"
    elif table.projection_enabled:
        why = ("uses partition projection, and Athena ignores registered partitions while "
               "projection is enabled")
    else:
        return
    print(f"athenakit: {file}: table {table.name} {why}; MSCK REPAIR TABLE does nothing for it",
          file=sys.stderr)

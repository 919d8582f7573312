"""``athenakit ddl SPEC...``: print the DDL of the tables in spec files."""

from __future__ import annotations

import argparse
import sys

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
    from athenakit.table.spec import load_specs

    tables = load_specs(args.specs)
    for table in tables:
        for warning in table.warnings:
            print(f"athenakit: {warning}", file=sys.stderr)
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

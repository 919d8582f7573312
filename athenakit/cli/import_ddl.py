"""``athenakit import DDL_FILE`` / ``glue:DB[.TABLE]``: CREATE TABLE statements, or tables of the
Glue Data Catalog, read back into a spec file."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

LOGS = False  # nothing this command does logs

HELP = ("convert CREATE TABLE and CREATE VIEW statements (e.g. SHOW CREATE TABLE output) "
        "into a spec file")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("ddl", metavar="DDL_FILE", nargs="+",
                        help="file with CREATE TABLE statements, or -; or glue:DATABASE.TABLE "
                             "/ glue:DATABASE (all its tables) to read the Glue Data Catalog")
    parser.add_argument("-o", "--output", metavar="SPEC_FILE",
                        help="write the spec here (.yaml/.yml or .json) instead of stdout")
    glue = parser.add_argument_group("Glue Data Catalog (glue:...)")
    glue.add_argument("--region", help="AWS region")
    glue.add_argument("--profile", help="AWS profile")
    glue.add_argument("--catalog-id", help="Glue catalog id (account) of another account")
    glue.add_argument("--endpoint-url", help=argparse.SUPPRESS)
    parser.add_argument("--force", action="store_true", help="overwrite an existing SPEC_FILE")


def run(args: argparse.Namespace) -> int:
    from athenakit.cli.outfile import check_output, write_text
    from athenakit.errors import SpecError
    from athenakit.table.importer import import_ddl_with_warnings
    from athenakit.table.spec_writer import dumps_spec
    from athenakit.table.views import views_from_ddl

    if args.output:
        check_output(args.output, force=args.force, option="-o",
                     suffixes=(".yaml", ".yml", ".json"))
    tables: list[Any] = []
    views: list[Any] = []
    for source in args.ddl:
        if source.startswith("glue:"):
            tables.extend(_from_glue(source, args))
            continue
        name = "<stdin>" if source == "-" else source
        try:
            text = sys.stdin.read() if source == "-" else Path(source).read_text("utf-8")
        except (OSError, UnicodeDecodeError) as err:
            raise SpecError(f"cannot read DDL: {err}", file=name) from None
        found_views = views_from_ddl(text, file=name)
        result = import_ddl_with_warnings(text, file=name, allow_empty=bool(found_views))
        for warning in result.warnings:
            print(f"athenakit: {warning}", file=sys.stderr)
        tables.extend(result.tables)
        views.extend(found_views)
    if not tables and not views:
        raise SpecError("no tables to write", file=", ".join(args.ddl))
    fmt = "json" if args.output and args.output.endswith(".json") else "yaml"
    spec = dumps_spec(tables, fmt=fmt, views=views)
    if args.output:
        write_text(Path(args.output), spec)
        print(f"athenakit: wrote {len(tables)} table(s)"
              + (f" and {len(views)} view(s)" if views else "") + f" to {args.output}",
              file=sys.stderr)
    else:
        sys.stdout.write(spec)
    return 0


def _from_glue(source: str, args: argparse.Namespace) -> list[Any]:
    """The tables named by ``glue:DB.TABLE`` / ``glue:DB``; views are printed as CREATE VIEW
    on stderr (a spec file holds tables only)."""
    from athenakit.errors import ConfigError
    from athenakit.glue import GlueView, catalog
    from athenakit.write.view import create_view

    database, _, table = source.removeprefix("glue:").partition(".")
    if not database:
        raise ConfigError(f"{source!r}: name a Glue database, glue:DATABASE[.TABLE]")
    glue = catalog(region=args.region, profile=args.profile, endpoint_url=args.endpoint_url,
                   catalog_id=args.catalog_id)
    found = [glue.read(database, table)] if table else glue.read_database(database)
    out = []
    for item in found:
        if isinstance(item, GlueView) and item.dialect != "presto":
            print(f"athenakit: glue:{item.database}.{item.name} is a {item.dialect} view, not "
                  "an Athena view; left out", file=sys.stderr)
        elif isinstance(item, GlueView):
            sql = create_view(item.name, item.sql, database=item.database, or_replace=True)
            print(f"athenakit: glue:{item.database}.{item.name} is a view (spec files hold "
                  f"tables); its definition:\n{sql.rstrip()};", file=sys.stderr)
        else:
            out.append(item)
    return out

"""``athenakit diff DESIRED CURRENT``: the ALTER TABLE statements that take CURRENT to DESIRED.

DESIRED is a spec file. CURRENT is resolved by :func:`load_current`: a spec file, a DDL file
(SHOW CREATE TABLE output; ``-`` reads stdin), the name of a live table (``db.table``), read
with SHOW CREATE TABLE through the engine options (Athena, or ``--local``), or a table of the
Glue Data Catalog (``glue:db.table``), compared with DESIRED as Glue stores it.

stdout is a script: the changes no statement can make in place come first as ``--`` comments
with their safe way, then the ALTER statements, each ending in ``;``. Exit 0; with ``--check``
exit 1 when the tables differ (for CI), like ``apply --check``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from athenakit.connect import add_engine_arguments, connect_from_arguments
from athenakit.errors import ConfigError

HELP = "print the ALTER TABLE statements that take CURRENT (spec, DDL or live table) to DESIRED"
SPEC_SUFFIXES = (".yaml", ".yml", ".json")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("desired", metavar="DESIRED", help="spec file of the table as it should be")
    parser.add_argument("current", metavar="CURRENT",
                        help="the table as it is: a spec file, a DDL file (SHOW CREATE TABLE "
                             "output, - for stdin), a live table name (db.table) or a Glue "
                             "table (glue:db.table)")
    parser.add_argument("--check", action="store_true",
                        help="exit 1 when the tables differ")
    add_engine_arguments(parser)


def run(args: argparse.Namespace) -> int:
    from athenakit.table.diff import diff_tables

    current = load_current(args.current, args)
    desired = _desired(args.desired, current)
    if args.current.startswith("glue:"):
        from athenakit.glue import as_stored

        desired = as_stored(desired)  # names lower-cased, SerDe defaults dropped, as Glue has it
    result = diff_tables(desired, current)
    label = ".".join(current.qualified_name)
    if result.same:
        print(f"athenakit: {label} matches {args.desired}", file=sys.stderr)
        return 0
    out = []
    if result.blocked:
        out.append(f"-- {len(result.blocked)} change(s) Athena cannot make in place:")
        out += [f"--   {line}" for item in result.blocked for line in _wrap(str(item))]
        out.append("")
    out += [statement.rstrip("\n") + ";\n" for statement in result.statements]
    sys.stdout.write("\n".join(out).rstrip("\n") + "\n")
    print(f"athenakit: {label}: {len(result.differences)} difference(s), "
          f"{len(result.statements)} statement(s), {len(result.blocked)} not possible in place",
          file=sys.stderr)
    return 1 if args.check else 0


def load_current(arg: str, args: argparse.Namespace) -> Any:
    """The CURRENT table of ``athenakit diff`` from its command-line argument.

    Args:
        arg: a spec file (``.yaml``, ``.yml``, ``.json``), a DDL file or ``-`` (stdin), a
            table name (``db.table``) read live with SHOW CREATE TABLE, or ``glue:db.table``
            read with Glue's GetTable (``--region``, ``--profile``, ``AWS_ENDPOINT_URL``).
        args: the parsed options (the engine options for a live table).

    Returns:
        One :class:`~athenakit.table.model.Table`.

    Raises:
        ConfigError: a file holding several tables, or an argument that is neither a file nor
            a table name.
        SpecError, SqlError, QueryError: the table cannot be read.
    """
    from athenakit.table.importer import import_ddl
    from athenakit.table.spec import load_spec

    if arg.startswith("glue:"):
        from athenakit.glue import read_table

        database, name = _table_name(arg[len("glue:"):])
        if database is None:
            raise ConfigError(f"CURRENT {arg!r}: write glue:DATABASE.TABLE")
        return read_table(database, name, region=args.region, profile=args.profile,
                          endpoint_url=args.endpoint_url)
    path = Path(arg)
    if arg != "-" and path.suffix in SPEC_SUFFIXES and path.is_file():
        return _one(load_spec(path), arg)
    if arg == "-" or path.is_file():
        return _one(import_ddl(_read(arg), file=arg), arg)
    if path.suffix.lower() in (*SPEC_SUFFIXES, ".sql", ".ddl", ".txt"):
        raise ConfigError(f"CURRENT {arg!r}: no such file")
    database, name = _table_name(arg)
    from athenakit.cli.apply import live_table

    return live_table(connect_from_arguments(args), database or args.database, name)


def _read(arg: str) -> str:
    from athenakit.errors import SpecError

    try:
        return sys.stdin.read() if arg == "-" else Path(arg).read_text("utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise SpecError(f"cannot read DDL: {err}", file=arg) from None


def _table_name(arg: str) -> tuple[str | None, str]:
    import re

    found = re.fullmatch(r"(?:(\w+)\.)?(\w+)", arg.strip())
    if found is None:
        raise ConfigError(f"CURRENT {arg!r} is neither a file nor a table name (db.table)")
    return found.group(1), found.group(2)


def _one(tables: list[Any], where: str) -> Any:
    if len(tables) != 1:
        raise ConfigError(f"{where} holds {len(tables)} tables; CURRENT must be one table")
    return tables[0]


def _desired(path: str, current: Any) -> Any:
    """The table of the DESIRED spec: its only table, or the one named like CURRENT."""
    from athenakit.table.spec import load_spec

    tables = load_spec(path)
    if len(tables) == 1:
        return tables[0]
    named = [t for t in tables if t.name.lower() == current.name.lower()
             and (t.database or "").lower() in ("", (current.database or "").lower())]
    if len(named) != 1:
        raise ConfigError(f"{path} holds {len(tables)} tables and "
                          f"{'none' if not named else 'several'} named {current.name!r}")
    return named[0]


def _wrap(text: str) -> list[str]:
    import textwrap

    return textwrap.wrap(text, width=96, subsequent_indent="  ") or [""]

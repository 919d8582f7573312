"""``athenakit write``: write a SELECT's rows into a spec's table, in steps Athena accepts.

The plan (:mod:`athenakit.write.plan`) is a CTAS when the table does not exist, else INSERT
INTO, split into steps of at most 100 partition x bucket writers and 262,144 bytes of SQL. The
steps run in order through the engine of ``athenakit run`` (Athena, or ``--local``), with one
progress line per step on stderr; ``--resume`` continues a failed run from its state file.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from athenakit.connect import add_engine_arguments
from athenakit.errors import ConfigError

HELP = "write a SELECT's rows into a spec's table in steps of at most 100 partitions"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("spec", metavar="SPEC", help="the spec file of the target table")
    parser.add_argument("--select", required=True, metavar="SQL_OR_FILE",
                        help="the query whose rows are written (text, or a .sql file)")
    parser.add_argument("--table", metavar="NAME", help="the table of SPEC, if it has several")
    parser.add_argument("--mode", choices=("append", "overwrite-partitions"), default="append",
                        help="append never deletes; overwrite-partitions replaces the partitions "
                             "written (default: append)")
    parser.add_argument("--partition", action="append", metavar="VALUE",
                        help="a partition the SELECT writes (repeat; a JSON list for several "
                             "partition columns); default: found with one query")
    parser.add_argument("--dry-run", action="store_true",
                        help="print the statements instead of running them")
    parser.add_argument("--resume", action="store_true",
                        help="continue the failed run recorded in the state file")
    parser.add_argument("--state", type=Path, metavar="FILE",
                        help="the state file (default: CATALOG_DIR/.writes/DB.TABLE.json, "
                             "else .athenakit/writes/DB.TABLE.json)")
    parser.add_argument("--quiet", "-q", action="store_true", help="no progress on stderr")
    add_engine_arguments(parser)


def run(args: argparse.Namespace) -> int:
    from athenakit.cli.run import read_sql
    from athenakit.connect import connect_from_arguments, object_store
    from athenakit.write.job import write
    from athenakit.write.state import default_state_path

    table = load_target(args.spec, args.table)
    select, _ = read_sql(args.select)
    runner = connect_from_arguments(args)
    name = ".".join(table.qualified_name)
    state = args.state or default_state_path(name, args.catalog_dir)
    plan = write(
        runner, table, select, state_path=state, mode=args.mode, resume=args.resume,
        partitions=_partitions(args.partition), dry_run=args.dry_run,
        objects=object_store(runner),
        on_step=None if args.quiet else _progress)
    if args.dry_run:
        _print_plan(plan, object_store(runner))
    elif not args.quiet:
        print(f"athenakit: wrote {len(plan.partitions)} partition(s) of {name} in "
              f"{len(plan.steps)} step(s); state in {state}", file=sys.stderr)
    return 0


def load_target(spec: str, name: str | None) -> Any:
    """The table of a spec file: the only one, or the one called ``name``."""
    from athenakit.table.spec import load_specs

    tables = list(load_specs([Path(spec)]))
    chosen = [t for t in tables if name is None or t.name == name.lower()]
    if len(chosen) != 1:
        names = ", ".join(t.name for t in tables)
        raise ConfigError(f"{spec}: choose the target with --table (tables: {names})" if chosen
                          else f"{spec}: no table {name!r} (tables: {names})")
    return chosen[0]


def _partitions(values: list[str] | None) -> list[tuple[str | None, ...]] | None:
    if not values:
        return None
    out = []
    for value in values:
        if value.startswith("["):
            try:
                items = json.loads(value)
            except ValueError as err:
                raise ConfigError(f"--partition {value}: not a JSON list ({err})") from err
            out.append(tuple(None if v is None else str(v) for v in items))
        else:
            out.append((value,))
    return out


def _progress(event: Any) -> None:
    step = event.step
    head = f"[{step.index + 1}/{event.total}]"
    if event.state == "started":
        print(f"athenakit: {head} {step.describe()} ...", file=sys.stderr, flush=True)
        return
    done = {"done": f"done in {event.elapsed_s:.1f} s", "skipped": "done earlier, skipped",
            "failed": f"failed after {event.elapsed_s:.1f} s"}[event.state]
    deleted = f", {event.deleted} object(s) deleted first" if event.deleted else ""
    percent = 100 * (step.index + 1) // event.total
    bar = "#" * (percent // 5) + "." * (20 - percent // 5)
    print(f"athenakit: {head} [{bar}] {step.describe()}: {done}{deleted}", file=sys.stderr,
          flush=True)


def _print_plan(plan: Any, objects: Any) -> None:
    for step in plan.steps:
        print(f"-- step {step.index + 1}/{len(plan.steps)}: {step.describe()}")
        if step.delete_first:
            found = [path for prefix in step.prefixes for path in objects.list(prefix)]
            print(f"-- first deletes the {len(found)} object(s) now under its "
                  f"{len(step.prefixes)} partition folder(s):")
            for path in found:
                print(f"--   {path}")
        for sql in step.statements:
            print(sql.rstrip() + ";\n")

"""``athenakit partitions``: the projected partitions a predicate selects, and where they live.

Prints one line per partition (``col=value/...`` and its S3 prefix), or only the count with
``--count``; the counts and the warnings of :func:`athenakit.table.explain.explain` go to
stderr. ``--data`` (or ``--s3-root``) lists the table's location to compare the projection
with the partitions that hold data.

Each action is one function of ``ACTIONS``, chosen by its flag: a new action (a catalog sync,
say) adds its options in :func:`add_arguments` and its entry there.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

HELP = "list the projected partitions a predicate selects, with their S3 locations"
LOGS = False


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("spec", metavar="SPEC", help="a spec file of a projected table")
    parser.add_argument("--table", metavar="NAME", help="the table of SPEC, if it has several")
    parser.add_argument("--where", metavar="PREDICATE", default=None,
                        help="a WHERE predicate on the partition columns, in Athena SQL")
    parser.add_argument("--now", metavar="TIMESTAMP",
                        help="the time NOW stands for in date ranges (ISO 8601, UTC; "
                             "default: now)")
    parser.add_argument("--count", action="store_true", help="print only the number")
    data = parser.add_argument_group("compare with the data written")
    data.add_argument("--data", action="store_true",
                      help="list the table's location (S3, or AWS_ENDPOINT_URL) and warn when "
                           "the projection is far larger than the partitions holding data")
    data.add_argument("--s3-root", metavar="DIR",
                      help="directory that s3://bucket/prefix/ maps to; implies --data")
    sync = parser.add_argument_group("register partitions in the Glue Data Catalog "
                                     "(tables without projection)")
    sync.add_argument("--sync", action="store_true",
                      help="list the table's partition folders in S3 and register the missing "
                           "ones with BatchCreatePartition (the explicit MSCK REPAIR TABLE)")
    sync.add_argument("--prune", action="store_true",
                      help="with --sync, also remove registered partitions whose folder is gone")
    sync.add_argument("--dry-run", action="store_true", help="with --sync, change nothing")
    sync.add_argument("--region", help="AWS region")
    sync.add_argument("--profile", help="AWS profile")
    sync.add_argument("--endpoint-url", help=argparse.SUPPRESS)


def run(args: argparse.Namespace) -> int:
    for wanted, action in ACTIONS:
        if wanted(args):
            return action(args)
    return 0


def _explain(args: argparse.Namespace) -> int:
    from athenakit.cli.write import load_target
    from athenakit.table.explain import explain

    table = load_target(args.spec, args.table)
    written = _written(table, args) if args.data or args.s3_root else None
    found = explain(table, args.where, now=_now(args.now), list_values=not args.count,
                    written=written)
    if args.count:
        print(found.count)
    else:
        out = sys.stdout
        for values, location in found.locations():
            out.write("/".join(f"{k}={v}" for k, v in values.items()) + f"\t{location}\n")
    total = f" of {found.total:,}" if found.total is not None else ""
    columns = ", ".join(f"{c.name} {c.selected:,}" + (f" of {c.total:,}" if c.total is not None
                                                       else " given") for c in found.columns)
    print(f"athenakit: {found.count:,}{total} projected partitions of {table.name} selected "
          f"({columns})", file=sys.stderr)
    for warning in found.warnings:
        print(f"athenakit: {warning}", file=sys.stderr)
    return 0


def _sync(args: argparse.Namespace) -> int:
    from athenakit.cli.write import load_target
    from athenakit.glue import sync_partitions

    table = load_target(args.spec, args.table)
    report = sync_partitions(table, prune=args.prune, dry_run=args.dry_run, region=args.region,
                             profile=args.profile, endpoint_url=args.endpoint_url)
    verb = "would remove" if args.dry_run else "removed"
    for values in report.removed:
        folders = "/".join(f"{p.name}={v}" for p, v in zip(table.partitions, values))
        print(f"athenakit: {verb} {folders}", file=sys.stderr)
    print(report.summary())
    return 0


ACTIONS: list[tuple[Callable[[argparse.Namespace], bool], Callable[[argparse.Namespace], int]]] = [
    (lambda args: bool(args.sync), _sync),
    (lambda args: True, _explain),
]


def _now(text: str | None) -> dt.datetime | None:
    from athenakit.cli.estimate import parse_now

    return parse_now(text)


def _written(table: Any, args: argparse.Namespace) -> int:
    from athenakit.local.objects import LocalObjects
    from athenakit.local.paths import PathMapper
    from athenakit.table.explain import written_partitions

    root = Path(args.s3_root) if args.s3_root else None
    objects = LocalObjects(PathMapper(root))
    return written_partitions(table, objects.list((table.location or "").rstrip("/") + "/"))

"""``athenakit estimate``: what a query would scan and cost, before it runs.

Tables come from spec files (``--tables``) and, with ``--catalog-dir``, the local catalog
(tables created there and their registered partitions). Objects are listed under ``--s3-root``
(a local directory standing for S3) or in S3 itself through boto3 (``--region``, ``--profile``,
``AWS_ENDPOINT_URL``): a few ListObjectsV2 calls and, for Parquet, ranged GETs of file footers;
no data is read.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from typing import Any

from athenakit.errors import ConfigError

HELP = "estimate the bytes and dollars a query would scan, without running it"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("sql", metavar="SQL_OR_FILE",
                        help="a SQL statement, or a file of statements separated by ';'")
    parser.add_argument("--tables", action="append", default=[], metavar="SPEC",
                        help="spec files or directories of the tables (repeatable)")
    parser.add_argument("--s3-root", metavar="DIR",
                        help="directory that s3://bucket/prefix/ maps to; default: list S3")
    parser.add_argument("--catalog-dir", metavar="DIR",
                        help="a local engine catalog: its tables and registered partitions")
    parser.add_argument("--database", "-d", default=None,
                        help="database of unqualified table names (default: default)")
    parser.add_argument("--now", metavar="TIMESTAMP",
                        help="the time NOW stands for in projection ranges (e.g. 2024-03-01T12:00)")
    parser.add_argument("--param", "-p", action="append", default=[], metavar="VALUE",
                        help="value for the next '?' (as for athenakit run)")
    parser.add_argument("--format", "-f", choices=("text", "json"), default="text")
    parser.add_argument("--region", help="AWS region (for S3)")
    parser.add_argument("--profile", help="AWS profile (for S3)")
    parser.add_argument("--endpoint-url", help=argparse.SUPPRESS)


def run(args: argparse.Namespace) -> int:
    from athenakit.cli.run import read_sql
    from athenakit.estimate import LocalStore, S3Store, estimate
    from athenakit.local.catalog import Catalog
    from athenakit.query.params import parse_param
    from athenakit.sql.splitter import split_statements
    from athenakit.table.spec import load_specs

    text, file = read_sql(args.sql)
    statements = [s.sql for s in split_statements(text, file=file)]
    if not statements:
        raise ConfigError(f"no SQL statement in {file or 'the argument'}")
    catalog = Catalog(args.catalog_dir, default_database=args.database or "default")
    if args.tables:
        catalog.register_all(load_specs(args.tables))
    store: Any = LocalStore(args.s3_root) if args.s3_root else S3Store(
        region=args.region, profile=args.profile, endpoint_url=args.endpoint_url)
    params = [parse_param(p) for p in args.param] or None
    now = parse_now(args.now)
    found = [estimate(sql, catalog, store, params=params, database=args.database, now=now)
             for sql in statements]
    if args.format == "json":
        json.dump([_as_json(e) for e in found], sys.stdout, indent=2)
        print()
    else:
        print("\n\n".join(e.text() for e in found))
    return 0


def parse_now(text: str | None) -> dt.datetime | None:
    """``--now`` as a naive UTC datetime.

    Raises:
        ConfigError: not an ISO 8601 date or timestamp.
    """
    if text is None:
        return None
    try:
        when = dt.datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError as err:
        raise ConfigError(f"--now: not an ISO timestamp: {text!r} "
                          "(write e.g. 2024-03-01T12:00:00)") from err
    if when.tzinfo is not None:
        when = when.astimezone(dt.timezone.utc).replace(tzinfo=None)
    return when


def _as_json(found: Any) -> dict[str, Any]:
    return {
        "tables": [{
            "table": t.table, "format": t.format, "partitions": t.partitions,
            "objects": t.objects, "stored_bytes": t.object_bytes,
            "scanned_bytes": t.scanned_bytes, "columns": list(t.columns),
        } for t in found.tables],
        "scanned_bytes": found.scanned_bytes, "billed_bytes": found.billed_bytes,
        "cost_usd": round(found.cost_usd, 8),
        "calls": {"list": found.calls.lists, "ranged_reads": found.calls.reads,
                  "bytes_read": found.calls.bytes_read},
    }

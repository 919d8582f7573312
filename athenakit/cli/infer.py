"""``athenakit infer PATH_OR_S3_URI``: propose a table spec from a sample of the files there."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

HELP = "propose a table spec from the files under a local folder or an s3:// prefix"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("source", metavar="PATH_OR_S3_URI", help="folder or s3://bucket/prefix/")
    parser.add_argument("-o", "--output", metavar="SPEC_FILE",
                        help="write the spec here (.yaml/.yml or .json) instead of stdout")
    parser.add_argument("--name", help="table name (default: the last folder name)")
    parser.add_argument("--database", "-d", help="database of the table")
    parser.add_argument("--sample", type=int, default=20, metavar="N",
                        help="read at most N files (default 20); the rest are only listed")
    parser.add_argument("--no-validate", action="store_true",
                        help="do not read the sample through the local engine")
    parser.add_argument("--endpoint-url", help=argparse.SUPPRESS)


def run(args: argparse.Namespace) -> int:
    from athenakit.infer import infer
    from athenakit.table.spec_writer import dumps_spec

    found = infer(args.source, name=args.name, database=args.database,
                  sample_files=max(1, args.sample), endpoint_url=args.endpoint_url,
                  validate=not args.no_validate)
    err = sys.stderr
    print(f"athenakit: listed {found.listed} object(s), sampled {found.sampled}", file=err)
    for note in found.notes:
        print(f"athenakit: warning: {note}", file=err)
    if found.rows_read is not None:
        print(f"athenakit: the local engine read {found.rows_read} row(s) from the sample",
              file=err)
    for column in found.null_columns:
        print(f"athenakit: warning: column {column} came back all NULL", file=err)
    if found.s3_root:
        print(f"athenakit: location {found.table.location} is this folder with "
              f"--s3-root {found.s3_root}", file=err)
    fmt = "json" if args.output and args.output.endswith(".json") else "yaml"
    spec = dumps_spec([found.table], fmt=fmt)
    if args.output:
        Path(args.output).write_text(spec, encoding="utf-8")
        print(f"athenakit: wrote {args.output}", file=err)
    else:
        sys.stdout.write(spec)
    return 0

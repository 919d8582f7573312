"""``athenakit serve``: run the Athena-compatible endpoint (Athena, S3 and Glue) until stopped."""

from __future__ import annotations

import argparse
import os
import signal
import sys
import threading
from collections.abc import Callable
from typing import Any

HELP = "serve an Athena-compatible endpoint (with S3 and Glue) on the local engine"
LOOPBACK = ("127.0.0.1", "localhost", "::1")
# pyarrow's S3FileSystem ignores AWS_ENDPOINT_URL (apache/arrow#49643): docs/serve.md
PYARROW_HINT = ("athenakit: pyarrow-based readers (pyathena's ArrowCursor) ignore "
                "AWS_ENDPOINT_URL: in pytest use the athenakit.testing fixture local_athena, "
                "else a workgroup with ManagedQueryResultsConfiguration={Enabled=true}")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--host", default="127.0.0.1",
                        help="address to bind (default 127.0.0.1: this machine only)")
    parser.add_argument("--port", type=int, default=4566, help="port (default 4566; 0: any)")
    parser.add_argument("--data", metavar="DIR",
                        help="upload DIR/bucket/key files into the endpoint's S3 at start")
    parser.add_argument("--write-back", action="store_true",
                        help="with --data: write objects changed through the endpoint's S3 "
                             "(uploads, CTAS / INSERT / UNLOAD files, results, deletions) back "
                             "to DIR/bucket/key as they happen")
    parser.add_argument("--catalog-dir", metavar="DIR",
                        help="the catalog kept between runs: a local catalog directory (as "
                             "athenakit run --local --catalog-dir writes) copied into Glue at "
                             "start, and Glue's tables, views and partitions saved back after "
                             "each change and at stop")
    parser.add_argument("--tables", action="append", default=[], metavar="SPEC",
                        help="create these spec files' tables in Glue at start (repeatable)")
    parser.add_argument("--region", default=None,
                        help="region the start-up data is loaded in (default $AWS_REGION, "
                             "$AWS_DEFAULT_REGION, else us-east-1)")
    parser.add_argument("--workers", type=int, default=4, help="queries run at once (default 4)")


def run(args: argparse.Namespace) -> int:
    from athenakit.serve import Endpoint, seed

    if args.write_back and not args.data:
        print("athenakit: --write-back needs --data DIR", file=sys.stderr)
        return 2
    region = args.region or os.environ.get("AWS_REGION") or \
        os.environ.get("AWS_DEFAULT_REGION") or "us-east-1"
    # the engine reads S3 through the endpoint itself; moto accepts any credentials
    os.environ.setdefault("AWS_ACCESS_KEY_ID", "athenakit-serve")
    os.environ.setdefault("AWS_SECRET_ACCESS_KEY", "athenakit-serve")
    try:
        endpoint = Endpoint(args.host, args.port, workers=max(1, args.workers)).start()
    except OSError as err:
        print(f"athenakit: cannot listen on {args.host}:{args.port}: {err.strerror or err}",
              file=sys.stderr)
        return 1
    started = False  # what was loaded is saved back only once everything loaded
    try:
        endpoint.glue(region)  # the default database, as in every Athena account
        _seed(endpoint, args, region, seed)
        started = True
        _announce(endpoint, args.host, region)
        _wait(_saver(endpoint, args, region, seed))
    finally:
        print("athenakit: stopping (running queries are cancelled)", file=sys.stderr)
        endpoint.stop_queries()
        if args.catalog_dir and started:
            count = seed.save_catalog(endpoint, args.catalog_dir, region)
            print(f"athenakit: saved {count} table(s) and view(s) to {args.catalog_dir}",
                  file=sys.stderr)
            _save_state(endpoint, args.catalog_dir)
        endpoint.stop()
    return 0


def _seed(endpoint: Any, args: argparse.Namespace, region: str, seed: Any) -> None:
    err = sys.stderr
    if args.data:
        print(f"athenakit: uploaded {seed.load_data(endpoint, args.data, region)} object(s) "
              f"from {args.data}", file=err)
    if args.write_back:
        from athenakit.serve.mirror import DataMirror

        endpoint.mirror = DataMirror(args.data, lambda: endpoint.s3(region))
        print(f"athenakit: objects written through S3 are written back to {args.data}",
              file=err)
    if args.catalog_dir:
        from athenakit.serve import state

        print(f"athenakit: copied {seed.load_catalog(endpoint, args.catalog_dir, region)} "
              f"table(s) and view(s) from {args.catalog_dir} into Glue", file=err)
        restored = state.load(endpoint.api, args.catalog_dir)
        print(f"athenakit: restored {len(endpoint.api.workgroups.all())} workgroup(s) and "
              f"{restored} query execution(s) from {args.catalog_dir}", file=err)
    if args.tables:
        from athenakit.table.spec import load_specs

        count = seed.load_tables(endpoint, load_specs(args.tables), region)
        print(f"athenakit: created {count} table(s) in Glue", file=err)


def _saver(endpoint: Any, args: argparse.Namespace, region: str,
           seed: Any) -> Callable[[], None]:
    """What the wait loop calls: with --catalog-dir, save Glue there after each change."""
    if not args.catalog_dir:
        return lambda: None
    from athenakit.serve.state import StateSaver

    save = seed.CatalogSaver(endpoint, args.catalog_dir, region)
    save_state = StateSaver(endpoint.api, args.catalog_dir)

    def tick() -> None:
        from athenakit.errors import AthenakitError

        for saver in (save, save_state):
            try:
                saver()
            except (AthenakitError, OSError) as err:  # keep serving; the stop saves again
                print(f"athenakit: cannot save to {args.catalog_dir}: {err}", file=sys.stderr)
    return tick


def _save_state(endpoint: Any, directory: str) -> None:
    """Workgroups, saved queries and query history, when the endpoint stops."""
    from athenakit.serve import state

    try:
        count = state.save(endpoint.api, directory)
    except OSError as err:
        print(f"athenakit: cannot save the query history to {directory}: {err}",
              file=sys.stderr)
        return
    print(f"athenakit: saved {len(endpoint.api.workgroups.all())} workgroup(s) and {count} "
          f"query execution(s) to {directory}", file=sys.stderr)


def _announce(endpoint: Any, host: str, region: str) -> None:
    where = "this machine only" if host in LOOPBACK else \
        f"{host}: reachable from other machines, without authentication"
    print(f"athenakit: serving Athena, S3 and Glue at {endpoint.url} ({where})")
    print(f"  export AWS_ENDPOINT_URL={endpoint.url} AWS_REGION={region} "
          "AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test")
    print(PYARROW_HINT)
    print("athenakit: Ctrl-C or SIGTERM stops it", flush=True)


def _wait(tick: Callable[[], None]) -> None:
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    try:
        while not stop.wait(0.5):
            tick()
    except KeyboardInterrupt:
        pass

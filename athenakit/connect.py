"""Choose the engine that runs SQL: Athena, or the local DuckDB engine, behind one protocol.

:func:`connect` returns a :class:`~athenakit.query.base.Runner`: :class:`~athenakit.runner.Athena`
(through boto3) or :class:`~athenakit.local.engine.LocalEngine`, picked by ``engine`` or by the
``ATHENAKIT_ENGINE`` environment variable. The CLI and the notebook build theirs with
:func:`connect_from_arguments` from the options of :func:`add_engine_arguments`, so both accept
the same options. Neither engine is imported until it is chosen.

Example:
    >>> from athenakit.connect import connect
    >>> engine = connect("local", tables=["examples/csv_quoted.yaml"],
    ...                  s3_root="examples/data")  # doctest: +SKIP
    >>> engine.run("SELECT 1").rows  # doctest: +SKIP
    [(1,)]
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from athenakit.errors import ConfigError

ENGINES = ("athena", "local")


def connect(
    engine: str | None = None, *, tables: Sequence[str | Path] | Iterable[Any] = (),
    s3_root: str | Path | None = None, catalog_dir: str | Path | None = None,
    database: str | None = None, max_scan_bytes: int | str | None = None, force: bool = False,
    discover_partitions: bool = False, **athena: Any,
) -> Any:
    """A runner for ``engine``: ``"athena"`` or ``"local"``.

    Args:
        engine: which engine; default ``$ATHENAKIT_ENGINE``, else ``"athena"``.
        tables: for the local engine, spec files or directories (or ``Table`` values).
        s3_root: for the local engine, the directory ``s3://bucket/prefix/`` maps to.
        catalog_dir: for the local engine, where its CREATE statements persist.
        database: the database of the query context (local default ``$ATHENAKIT_DATABASE``,
            else ``default``).
        max_scan_bytes: a scan budget per statement (bytes, or a size such as ``"10GB"``;
            default ``$ATHENAKIT_MAX_SCAN``): each statement is estimated first and refused
            with :class:`~athenakit.errors.ScanBudgetExceeded` when over it. For Athena, the
            tables are taken from ``tables`` (specs), or read back with SHOW CREATE TABLE.
        force: with a budget, run every statement anyway (nothing is estimated).
        discover_partitions: for the local engine, read the ``k=v`` folders of a partitioned
            table that has no registered partitions (and no projection) as if MSCK REPAIR
            TABLE had run; by default such a table reads nothing, as on Athena.
        **athena: for Athena, the settings of :class:`~athenakit.runner.config.AthenaConfig`
            (``region``, ``workgroup``, ``output``, ``timeout``, ...).

    Returns:
        An object with the :class:`~athenakit.query.base.Runner` protocol.

    Raises:
        ConfigError: an unknown engine, or options the chosen engine does not take.
    """
    chosen = (engine or os.environ.get("ATHENAKIT_ENGINE") or "athena").lower()
    if chosen not in ENGINES:
        raise ConfigError(f"unknown engine {chosen!r}; use one of: {', '.join(ENGINES)}")
    budget = max_scan_bytes if max_scan_bytes is not None else \
        os.environ.get("ATHENAKIT_MAX_SCAN") or None
    if chosen == "local":
        if athena:
            raise ConfigError(f"the local engine does not take {', '.join(sorted(athena))}")
        engine = _local(tables, s3_root, catalog_dir, database, discover_partitions)
        return engine if budget is None else _guarded(engine, budget, force, ())
    from athenakit.runner.athena import Athena

    runner = Athena(database=database, **athena)
    if budget is None:
        return runner
    return _guarded(runner, budget, force, tables)


def _guarded(runner: Any, budget: int | str, force: bool, tables: Iterable[Any]) -> Any:
    from athenakit.estimate import Guarded, estimator_for, parse_size

    limit = parse_size(budget) if isinstance(budget, str) else int(budget)
    return Guarded(runner, max_scan_bytes=limit, estimator=estimator_for(runner, tables),
                   force=force)


def _local(tables: Iterable[Any], s3_root: str | Path | None, catalog_dir: str | Path | None,
           database: str | None, discover_partitions: bool) -> Any:
    from athenakit.local import session

    session.open_early()  # DuckDB opens its database while the engine's modules load
    from athenakit.local.engine import LocalEngine

    given = list(tables)
    specs: list[Any] = []
    if given:  # the table model and, for spec files, the spec reader (YAML, JSON schema)
        from athenakit.table.model import Table

        specs = [t for t in given if isinstance(t, Table)]
        paths = [t for t in given if not isinstance(t, Table)]
        if paths:
            from athenakit.table.spec import load_specs

            specs += list(load_specs(paths))
    return LocalEngine(specs, s3_root=s3_root, catalog_dir=catalog_dir,
                       database=database or os.environ.get("ATHENAKIT_DATABASE") or "default",
                       discover_partitions=discover_partitions)


def object_store(runner: Any) -> Any:
    """Lists and deletes the objects the runner's tables live in: S3 through the Athena
    runner's client, or the local engine's files (an
    :class:`~athenakit.write.execute.ObjectStore`)."""
    if hasattr(runner, "paths"):  # the local engine's PathMapper
        from athenakit.local.objects import LocalObjects

        return LocalObjects(runner.paths)
    from athenakit.runner.objects import S3Objects

    return S3Objects(runner.client("s3"))


def add_engine_arguments(parser: argparse.ArgumentParser) -> None:
    """The command-line options that choose and configure the engine (``run``, ``apply``,
    and the ``%%athena`` magic's line options)."""
    athena = parser.add_argument_group("Athena")
    athena.add_argument("--database", "-d", help="database of the query context")
    athena.add_argument("--catalog", help="data catalog (data source), default AwsDataCatalog")
    athena.add_argument("--workgroup", "-w", help="Athena workgroup")
    athena.add_argument("--output", help="S3 result location s3://bucket/prefix/")
    athena.add_argument("--region", help="AWS region")
    athena.add_argument("--profile", help="AWS profile")
    athena.add_argument("--reuse", type=int, metavar="MINUTES",
                        help="reuse a cached result up to this age (1..10080)")
    athena.add_argument("--timeout", type=float, metavar="SECONDS",
                        help="stop the query after this long")
    athena.add_argument("--fetch", choices=("auto", "api", "s3"), default=None,
                        help="read results via GetQueryResults (api), the S3 result file "
                             "(s3), or S3 for large results (auto)")
    athena.add_argument("--endpoint-url", help=argparse.SUPPRESS)
    budget = parser.add_argument_group("scan budget")
    budget.add_argument("--max-scan", metavar="SIZE",
                        help="estimate each statement first and refuse one that would scan "
                             "more than SIZE (e.g. 10GB; default $ATHENAKIT_MAX_SCAN)")
    budget.add_argument("--force", action="store_true",
                        help="run statements over the --max-scan budget anyway (and, for run, "
                             "overwrite an existing --out FILE)")
    local = parser.add_argument_group("local engine (DuckDB)")
    local.add_argument("--local", action="store_true",
                       help="run on local files with DuckDB (default when ATHENAKIT_ENGINE=local)")
    local.add_argument("--tables", action="append", default=[], metavar="SPEC",
                       help="spec files or directories of the tables (repeatable); with "
                            "--max-scan, also for Athena: the tables it estimates from")
    local.add_argument("--s3-root", metavar="DIR",
                       help="directory that s3://bucket/prefix/ maps to (DIR/bucket/prefix/)")
    local.add_argument("--catalog-dir", metavar="DIR",
                       help="where local CREATE DATABASE/TABLE/VIEW statements persist")
    local.add_argument("--discover-partitions", action="store_true",
                       help="read the k=v folders of a partitioned table without registered "
                            "partitions as if MSCK REPAIR TABLE had run (Athena reads none)")


def connect_from_arguments(args: argparse.Namespace) -> Any:
    """The runner the options of :func:`add_engine_arguments` ask for."""
    if args.local or os.environ.get("ATHENAKIT_ENGINE", "").lower() == "local":
        return connect("local", tables=args.tables, s3_root=args.s3_root,
                       catalog_dir=args.catalog_dir, database=args.database,
                       max_scan_bytes=args.max_scan, force=args.force,
                       discover_partitions=args.discover_partitions)
    return connect(
        "athena", tables=args.tables, max_scan_bytes=args.max_scan, force=args.force,
        region=args.region, profile=args.profile, workgroup=args.workgroup,
        output=args.output, database=args.database, catalog=args.catalog,
        reuse_minutes=args.reuse, timeout=args.timeout, fetch=args.fetch,
        endpoint_url=args.endpoint_url,
    )

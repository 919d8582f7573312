"""Where an estimate's table definitions and objects come from, for each engine.

For the local engine: its own catalog (specs, CREATE statements, registered partitions) and its
S3 root (or S3 endpoint). For Athena: the specs given (``--tables``), and for any other table its
DDL read back with ``SHOW CREATE TABLE`` through the runner (a free DDL statement), with the
objects listed in S3 through boto3.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from athenakit.errors import AthenakitError, ConfigError
from athenakit.estimate.estimate import Definitions, Estimate, estimate, spec_definitions
from athenakit.estimate.guard import Estimator
from athenakit.estimate.objects import LocalStore, S3Store, Store
from athenakit.query.base import Params
from athenakit.table.model import Table


def estimator_for(runner: Any, tables: Iterable[Any] = (), *,
                  now: dt.datetime | None = None) -> Estimator:
    """The estimator that fits ``runner``: the local engine's own, or Athena's.

    Args:
        runner: a :class:`~athenakit.local.engine.LocalEngine` or
            :class:`~athenakit.runner.athena.Athena`.
        tables: for Athena, spec files/directories or ``Table`` values of the tables queries
            read (others are read back with SHOW CREATE TABLE).
        now: the time ``NOW`` stands for in projection ranges.

    Returns:
        A function ``(sql, params) -> Estimate``.

    Example:
        >>> from athenakit.connect import connect
        >>> engine = connect("local", tables=["examples"], s3_root="examples/data")
        >>> found = estimator_for(engine)("SELECT city FROM csv_quoted", None)
        >>> found.tables[0].columns
        ('city',)
    """
    if hasattr(runner, "catalog") and hasattr(runner, "paths"):
        return local_estimator(runner, now=now)
    config = runner.config
    return athena_estimator(runner, tables, database=config.database, region=config.region,
                            profile=config.profile, endpoint_url=config.endpoint_url, now=now)


def local_estimator(engine: Any, *, now: dt.datetime | None = None) -> Estimator:
    """Estimates against a :class:`~athenakit.local.engine.LocalEngine`'s catalog and data."""
    paths = engine.paths
    store: Store = LocalStore(paths.root) if paths.is_local else \
        S3Store(endpoint_url=paths.endpoint_url)

    def run(sql: str, params: Params) -> Estimate:
        return estimate(sql, engine.catalog, store, params=params,
                        database=engine.catalog.default_database, now=now)
    return run


def athena_estimator(runner: Any, tables: Iterable[Any] = (), *, database: str | None = None,
                     region: str | None = None, profile: str | None = None,
                     endpoint_url: str | None = None,
                     now: dt.datetime | None = None) -> Estimator:
    """Estimates for Athena: ``tables`` (specs) first, other tables read back from Athena."""
    definitions = ShowCreateTable(spec_definitions(tables, database or "default"), runner)
    store = S3Store(region=region, profile=profile, endpoint_url=endpoint_url)

    def run(sql: str, params: Params) -> Estimate:
        return estimate(sql, definitions, store, params=params, database=database, now=now)
    return run


class ShowCreateTable:
    """Definitions from specs, falling back to ``SHOW CREATE TABLE`` through a runner."""

    def __init__(self, specs: Definitions, runner: Any) -> None:
        self.specs, self.runner = specs, runner
        self._read: dict[tuple[str | None, str], Table | None] = {}

    def view(self, name: str, database: str | None = None) -> str | None:
        return self.specs.view(name, database)

    def table(self, name: str, database: str | None = None) -> Table | None:
        found = self.specs.table(name, database)
        if found is not None:
            return found
        key = (database, name)
        if key not in self._read:
            self._read[key] = self._show(name, database)
        return self._read[key]

    def _show(self, name: str, database: str | None) -> Table:
        from athenakit.sql.quoting import Engine, quote_qualified
        from athenakit.table.importer import import_ddl

        qualified = quote_qualified([database, name] if database else [name], Engine.HIVE)
        try:
            result = self.runner.run(f"SHOW CREATE TABLE {qualified}")
            ddl = "\n".join(str(row[0]) for row in result.rows if row and row[0] is not None)
            found = import_ddl(ddl)
        except (AthenakitError, ValueError) as err:
            raise ConfigError(f"cannot estimate: table {database + '.' if database else ''}"
                              f"{name} could not be read back ({str(err).splitlines()[0]}); "
                              "give its spec with --tables") from err
        if len(found) != 1:
            raise ConfigError(f"cannot estimate: SHOW CREATE TABLE {qualified} gave no table")
        return found[0]

"""Filling a fresh endpoint: sample data into its S3, table specs and a local catalog into Glue.

``--data DIR`` holds one folder per bucket (``DIR/bucket/key``), as ``--s3-root`` of the local
engine does; every visible file becomes an object. Tables (from spec files or a local catalog
directory persisted by ``athenakit run --local --catalog-dir``) are created in Glue as Athena's
DDL would create them (:func:`athenakit.glue.apply`), views with their Presto view text.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from athenakit.errors import ConfigError
from athenakit.table.model import Table


def load_data(endpoint: Any, directory: str | Path, region: str) -> int:
    """Upload ``DIR/bucket/key`` files into the endpoint's S3; returns how many.

    Raises:
        ConfigError: the directory does not exist.
    """
    root = Path(directory)
    if not root.is_dir():
        raise ConfigError(f"--data {root}: not a directory")
    s3, count = endpoint.s3(region), 0
    for bucket in sorted(p for p in root.iterdir() if p.is_dir()):
        _bucket(s3, bucket.name, region)
        for dirpath, _dirs, files in os.walk(bucket):
            for name in sorted(files):
                path = Path(dirpath) / name
                s3.put_object(Bucket=bucket.name, Key=path.relative_to(bucket).as_posix(),
                              Body=path.read_bytes())
                count += 1
    return count


def _bucket(s3: Any, name: str, region: str) -> None:
    from botocore.exceptions import ClientError

    extra = {} if region == "us-east-1" else \
        {"CreateBucketConfiguration": {"LocationConstraint": region}}
    try:
        s3.create_bucket(Bucket=name, **extra)
    except ClientError as err:
        if err.response.get("Error", {}).get("Code") != "BucketAlreadyOwnedByYou":
            raise


def create_bucket(endpoint: Any, name: str, region: str) -> None:
    """Create a bucket in the endpoint's S3 (an existing one is kept)."""
    _bucket(endpoint.s3(region), name, region)


def load_tables(endpoint: Any, tables: Iterable[Table], region: str, *,
                database: str = "default") -> int:
    """Create the databases and tables of ``tables`` in the endpoint's Glue; returns how many.

    Args:
        endpoint: the running endpoint.
        tables: the tables (a spec without a database goes into ``database``).
        region: the Glue region.
        database: the database of tables that name none.

    Raises:
        CatalogError: Glue refused a table.
    """
    from athenakit.table.model import replace_fields

    placed = [t if t.database else replace_fields(t, database=database) for t in tables]
    endpoint.glue(region).apply(placed)
    return len(placed)


def load_catalog(endpoint: Any, directory: str | Path, region: str) -> int:
    """Copy the databases, tables and views of a local catalog directory into Glue.

    Returns:
        How many tables and views were copied.
    """
    from athenakit.local.catalog import Catalog
    from athenakit.serve import catalog as glue_sync

    local = Catalog(directory)
    after = glue_sync.Snapshot.of(local)
    existing = frozenset(glue_sync.listed_names(endpoint.glue(region))) & after.databases
    before = glue_sync.Snapshot(existing, {}, {})  # nothing Glue holds is dropped
    glue_sync.push(endpoint.glue(region), before, after, lambda key: [])
    return len(after.tables) + len(after.views)


def save_catalog(endpoint: Any, directory: str | Path, region: str) -> int:
    """Write the endpoint's Glue catalog back to a local catalog directory (at shutdown), so
    the next ``serve --catalog-dir`` (or ``run --local --catalog-dir``) starts from it.

    Databases, tables, views and partitions Glue holds are created or replaced there; those
    dropped through the endpoint are dropped there too.

    Returns:
        How many tables and views the directory holds afterwards.
    """
    from athenakit.local.catalog import Catalog
    from athenakit.serve import catalog as glue_sync

    live = Catalog(None)
    glue_sync.load(endpoint.glue(region), live)
    want, local = glue_sync.Snapshot.of(live), Catalog(directory)
    have = glue_sync.Snapshot.of(local)
    for db in sorted(want.databases - have.databases):
        local.create_database(db, if_not_exists=True)
    _save_objects(local, want, have)
    for db in sorted(have.databases - want.databases - {local.default_database}):
        local.drop_database(db, if_exists=True, cascade=True)
    return len(want.tables) + len(want.views)


def _save_objects(local: Any, want: Any, have: Any) -> None:
    for key, table in want.tables.items():
        if have.tables.get(key) != table:
            if key in have.tables:
                local.alter_table(table)
            else:
                local.add_table(table)
        parts = want.partitions.get(key, {})
        if parts != have.partitions.get(key, {}):
            gone = [v for v in have.partitions.get(key, {}) if v not in parts]
            local.drop_partitions(table, gone, if_exists=True)
            local.add_partitions(table, parts, if_not_exists=True)
    for key, sql in want.views.items():
        if have.views.get(key) != sql:
            local.add_view(key[1], key[0], sql, replace=True)
    for key in have.tables.keys() - want.tables.keys():
        local.drop(key[1], key[0], view=False, if_exists=True)
    for key in have.views.keys() - want.views.keys():
        local.drop(key[1], key[0], view=True, if_exists=True)


class Saver:
    """Calls ``save()`` when ``version()`` changed since the last save: call it now and then
    (a change during a save is saved at the next call).

    Args:
        version: a value that changes with what is saved.
        save: writes it; returns a count.
    """

    def __init__(self, version: Callable[[], object], save: Callable[[], int]) -> None:
        self.version, self.save = version, save
        self.saved = version()

    def __call__(self) -> int | None:
        """Save if something changed; returns what ``save`` returned, else None.

        Raises:
            ConfigError, OSError: as ``save`` does.
        """
        now = self.version()
        if now == self.saved:
            return None
        self.saved = now
        return self.save()


class CatalogSaver(Saver):
    """Saves Glue to a local catalog directory whenever it changed (``serve --catalog-dir``);
    returns how many tables and views were saved.

    Args:
        endpoint: the running endpoint.
        directory: the local catalog directory.
        region: the Glue region.
    """

    def __init__(self, endpoint: Any, directory: str | Path, region: str) -> None:
        super().__init__(endpoint.catalog_generation,
                         lambda: save_catalog(endpoint, directory, region))

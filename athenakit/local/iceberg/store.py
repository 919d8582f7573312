"""The pyiceberg SQL catalog kept beside the local catalog, and the Iceberg table of a spec.

One :class:`Store` per local catalog: its SQLite file is ``iceberg.sqlite`` in the catalog
directory (so a later process finds the same snapshots), or in a temporary directory when the
catalog lives in memory. A table the store does not know yet is created on first use -- or, when
its location already holds Iceberg metadata (written by an earlier run, by Athena or Spark),
registered from the newest ``metadata/*.metadata.json`` there.
"""

from __future__ import annotations

import re
import tempfile
import weakref
from pathlib import Path
from typing import Any

from athenakit.errors import QueryError
from athenakit.local.catalog import Catalog
from athenakit.local.errors import UnsupportedLocally
from athenakit.local.paths import PathMapper
from athenakit.table.model import Table

_STORES: weakref.WeakKeyDictionary[Catalog, Store] = weakref.WeakKeyDictionary()
_VERSION = re.compile(r"(?:^|/)(\d+)-[^/]*\.metadata\.json$")


def store(catalog: Catalog, paths: PathMapper) -> Store:
    """The store of ``catalog`` (made on first use)."""
    found = _STORES.get(catalog)
    if found is None:
        found = _STORES[catalog] = Store(catalog, paths)
    return found


def _catalog_class() -> Any:
    try:
        from pyiceberg.catalog.sql import SqlCatalog
    except ImportError as err:
        raise UnsupportedLocally("Iceberg tables without pyiceberg",
                                 hint="pip install 'athenakit[iceberg]'") from err
    return SqlCatalog


class Store:
    """Iceberg tables of one local catalog, in a pyiceberg SQL catalog."""

    def __init__(self, catalog: Catalog, paths: PathMapper) -> None:
        self.catalog, self.paths = catalog, paths
        folder = catalog.directory or Path(tempfile.mkdtemp(prefix="athenakit-iceberg-"))
        props = {"uri": f"sqlite:///{Path(folder).resolve() / 'iceberg.sqlite'}",
                 "warehouse": _file_uri(Path(folder))}
        if not paths.is_local:
            endpoint = paths.endpoint_url or _env_endpoint()
            if endpoint:
                props["s3.endpoint"] = endpoint
        self.sql = _catalog_class()("athenakit", **props)

    def uri(self, location: str) -> str:
        """Where pyiceberg writes ``location``: a ``file://`` URI under the S3 root, or s3://."""
        if self.paths.is_local:
            return _file_uri(self.paths.local_path(location))
        return location.rstrip("/")

    def load(self, table: Table) -> Any:
        """The pyiceberg table for ``table``, created or registered when new.

        Raises:
            QueryError: the table has no location.
        """
        from pyiceberg.exceptions import NoSuchTableError

        ident = self._ident(table)
        try:
            found = self.sql.load_table(ident)
        except NoSuchTableError:
            return self._create(table, ident)
        if found.location().rstrip("/") != self.uri(table.location or "").rstrip("/"):
            # the spec now points elsewhere (table dropped and created again)
            self.sql.drop_table(ident)
            return self._create(table, ident)
        return found

    def drop(self, table: Table) -> None:
        """Forget the table's metadata pointer (its files stay, as after Athena's DROP)."""
        from pyiceberg.exceptions import NoSuchTableError

        try:
            self.sql.drop_table(self._ident(table))
        except NoSuchTableError:
            pass

    def _ident(self, table: Table) -> tuple[str, str]:
        if not table.location:
            raise QueryError("INVALID_TABLE_PROPERTY", state="FAILED",
                             reason=f"Iceberg table {table.name} has no location")
        db = (table.database or self.catalog.default_database).lower()
        self.sql.create_namespace_if_not_exists(db)
        return db, table.name.lower()

    def _create(self, table: Table, ident: tuple[str, str]) -> Any:
        from athenakit.local.iceberg.schema import add_partition_fields, arrow_schema
        from athenakit.local.session import connect

        latest = self._latest_metadata(table.location or "")
        if latest is not None:
            return self.sql.register_table(ident, latest)
        con = connect()
        try:
            schema = arrow_schema(con, table)
        finally:
            con.close()
        tx = self.sql.create_table_transaction(
            ident, schema=schema, location=self.uri(table.location or ""),
            properties=iceberg_properties(table))
        try:
            with tx.update_spec() as update:
                add_partition_fields(update, table)
        except ValueError as err:  # e.g. two time transforms of one column
            raise QueryError("INVALID_TABLE_PROPERTY", state="FAILED",
                             reason=str(err).splitlines()[0]) from err
        tx.commit_transaction()
        return self.sql.load_table(ident)

    def _latest_metadata(self, location: str) -> str | None:
        base = location.rstrip("/") + "/metadata/"
        versions = []
        for f in self.paths.list_files(base):
            match = _VERSION.search(f.path)
            if match:
                versions.append((int(match.group(1)), f.path))
        if not versions:
            return None
        path = max(versions)[1]
        return _file_uri(Path(path)) if self.paths.is_local else path


def _file_uri(path: Path) -> str:
    """``file://`` + the resolved path, unescaped: pyiceberg's FileIO does not unquote URIs."""
    return "file://" + str(path.resolve())


def _env_endpoint() -> str | None:
    import os

    return os.environ.get("AWS_ENDPOINT_URL_S3") or os.environ.get("AWS_ENDPOINT_URL")


def iceberg_properties(table: Table) -> dict[str, str]:
    """Iceberg table properties: Athena's, plus the Parquet codec of ``write_compression``.

    Raises:
        UnsupportedLocally: an ORC or Avro Iceberg table (pyiceberg writes Parquet only).
    """
    # https://docs.aws.amazon.com/athena/latest/ug/querying-iceberg-creating-tables.html
    if table.storage.format != "parquet":
        raise UnsupportedLocally(f"Iceberg tables in {table.storage.format.upper()} format",
                                 hint="pyiceberg writes Parquet data files only")
    skip = {"table_type", "format", "location", "is_external"}
    props = {str(k): str(v) for k, v in table.properties.items() if str(k).lower() not in skip}
    if table.compression:
        codec = table.compression.lower()
        props["write.parquet.compression-codec"] = "uncompressed" if codec == "none" else codec
    if table.compression_level is not None:
        props["write.parquet.compression-level"] = str(table.compression_level)
    return props

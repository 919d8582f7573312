"""The local catalog: databases, tables and views the local engine knows.

Tables come from specs (registered in bulk) or from CREATE TABLE / CTAS run locally; views
from CREATE VIEW; partitions from ALTER TABLE ADD PARTITION or MSCK REPAIR TABLE. With a
directory, every change is persisted there (``DB/TABLE.table.json`` as a spec,
``DB/TABLE.partitions.json``, ``DB/VIEW.view.sql``) so the next process sees it.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterable, Mapping
from pathlib import Path

from athenakit.errors import ConfigError, QueryError
from athenakit.table.model import Table, replace_fields

PartitionKey = tuple[tuple[str, str], ...]


def _key(name: str) -> str:
    # Athena lower-cases database, table and column names.
    return name.lower()


class Catalog:
    """Databases, tables and views, optionally persisted in ``directory``.

    Args:
        directory: where objects are persisted; None keeps them in memory.
        default_database: the database of unqualified names.
    """

    def __init__(self, directory: str | Path | None = None, *,
                 default_database: str = "default") -> None:
        self.directory = Path(directory) if directory is not None else None
        self.default_database = _key(default_database)
        self.databases: set[str] = {self.default_database}
        self.tables: dict[tuple[str, str], Table] = {}
        self.views: dict[tuple[str, str], str] = {}
        self.partitions: dict[tuple[str, str], dict[PartitionKey, str]] = {}
        if self.directory is not None:
            try:
                self._load()
            except OSError as err:
                raise ConfigError(f"cannot use the local catalog directory {self.directory}: "
                                  f"{err.strerror or err}") from err

    def qualify(self, name: str, database: str | None) -> tuple[str, str]:
        return _key(database or self.default_database), _key(name)

    def register(self, table: Table, *, persist: bool = False) -> None:
        """Make ``table`` queryable (its database defaults to the catalog's)."""
        db = _key(table.database or self.default_database)
        if table.database != db:
            table = replace_fields(table, database=db)
        self.databases.add(db)
        self.tables[(db, _key(table.name))] = table
        if persist:
            self._save_table(table)

    def register_all(self, tables: Iterable[Table]) -> None:
        """Register specs in bulk (not persisted: the spec files are the source)."""
        for table in tables:
            self.register(table)

    def table(self, name: str, database: str | None = None) -> Table | None:
        return self.tables.get(self.qualify(name, database))

    def view(self, name: str, database: str | None = None) -> str | None:
        return self.views.get(self.qualify(name, database))

    def create_database(self, name: str, *, if_not_exists: bool = False) -> None:
        """CREATE DATABASE; fails if it exists unless ``if_not_exists``."""
        db = _key(name)
        if db in self.databases and not if_not_exists and db != self.default_database:
            raise QueryError(f"database {db} already exists", state="FAILED")
        self.databases.add(db)
        if self.directory is not None:
            (self.directory / db).mkdir(parents=True, exist_ok=True)

    def add_table(self, table: Table, *, if_not_exists: bool = False) -> bool:
        """CREATE TABLE: register and persist; returns False if it existed (IF NOT EXISTS)."""
        key = self.qualify(table.name, table.database)
        if key[0] not in self.databases:
            raise QueryError(f"database {key[0]} does not exist", state="FAILED")
        if key in self.tables or key in self.views:
            if if_not_exists:
                return False
            raise QueryError(f"table {key[0]}.{key[1]} already exists", state="FAILED")
        self.register(table, persist=True)
        return True

    def add_view(self, name: str, database: str | None, sql: str, *, replace: bool) -> None:
        """CREATE [OR REPLACE] VIEW with its Trino SQL text."""
        key = self.qualify(name, database)
        if key in self.tables or (key in self.views and not replace):
            raise QueryError(f"{key[0]}.{key[1]} already exists", state="FAILED")
        self.views[key] = sql
        if self.directory is not None:
            path = self.directory / key[0] / f"{key[1]}.view.sql"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(sql, encoding="utf-8")

    def drop(self, name: str, database: str | None, *, view: bool, if_exists: bool) -> None:
        """DROP TABLE / DROP VIEW (external table data is never deleted, as in Athena)."""
        key = self.qualify(name, database)
        store: dict[tuple[str, str], object] = self.views if view else self.tables  # type: ignore[assignment]
        if key not in store:
            if if_exists:
                return
            raise QueryError(f"{'view' if view else 'table'} {key[0]}.{key[1]} does not exist",
                             state="FAILED")
        del store[key]
        if not view:
            self.partitions.pop(key, None)
        if self.directory is not None:
            suffixes = ["view.sql"] if view else ["table.json", "partitions.json"]
            for suffix in suffixes:
                (self.directory / key[0] / f"{key[1]}.{suffix}").unlink(missing_ok=True)

    def drop_database(self, name: str, *, if_exists: bool, cascade: bool) -> None:
        """DROP DATABASE; refuses a non-empty database unless CASCADE."""
        db = _key(name)
        if db not in self.databases:
            if if_exists:
                return
            raise QueryError(f"database {db} does not exist", state="FAILED")
        members = [k for k in (*self.tables, *self.views) if k[0] == db]
        if members and not cascade:
            raise QueryError(f"database {db} is not empty", state="FAILED")
        for key in members:
            self.tables.pop(key, None)
            self.views.pop(key, None)
        self.databases.discard(db)
        if self.directory is not None:
            shutil.rmtree(self.directory / db, ignore_errors=True)

    def registered(self, table: Table) -> dict[PartitionKey, str]:
        """Partitions registered for ``table``: values (column, text) -> location."""
        return self.partitions.get(self.qualify(table.name, table.database), {})

    def add_partitions(self, table: Table, found: Mapping[PartitionKey, str], *,
                       if_not_exists: bool) -> None:
        """ALTER TABLE ADD PARTITION / MSCK REPAIR TABLE: register partition locations.

        Raises:
            QueryError: a partition already exists and ``if_not_exists`` is false.
        """
        key = self.qualify(table.name, table.database)
        current = self.partitions.setdefault(key, {})
        clash = [values for values in found if values in current]
        if clash and not if_not_exists:
            raise QueryError("ALREADY_EXISTS", state="FAILED",
                             reason=f"partition {dict(clash[0])} already exists")
        for values, location in found.items():
            current.setdefault(values, location)
        self._save_partitions(key)

    def drop_partitions(self, table: Table, values: Iterable[PartitionKey], *,
                        if_exists: bool) -> None:
        """ALTER TABLE DROP PARTITION (the data stays, as for external tables)."""
        key = self.qualify(table.name, table.database)
        current = self.partitions.setdefault(key, {})
        for item in values:
            if item not in current and not if_exists:
                raise QueryError("PARTITION_NOT_FOUND", state="FAILED",
                                 reason=f"partition {dict(item)} does not exist")
            current.pop(item, None)
        self._save_partitions(key)

    def _save_partitions(self, key: tuple[str, str]) -> None:
        if self.directory is None:
            return
        path = self.directory / key[0] / f"{key[1]}.partitions.json"
        path.parent.mkdir(parents=True, exist_ok=True)
        items = [{"values": dict(v), "location": loc}
                 for v, loc in sorted(self.partitions[key].items())]
        path.write_text(json.dumps(items, indent=1), encoding="utf-8")

    def _save_table(self, table: Table) -> None:
        if self.directory is None:
            return
        from athenakit.table.spec_writer import dumps_spec

        path = self.directory / _key(table.database or self.default_database)
        path.mkdir(parents=True, exist_ok=True)
        (path / f"{_key(table.name)}.table.json").write_text(
            dumps_spec([table], fmt="json"), encoding="utf-8")

    def _load(self) -> None:
        from athenakit.table.spec import loads_spec

        assert self.directory is not None
        self.directory.mkdir(parents=True, exist_ok=True)
        for db_dir in sorted(p for p in self.directory.iterdir() if p.is_dir()):
            self.databases.add(db_dir.name)
            for file in sorted(db_dir.glob("*.table.json")):
                for table in loads_spec(file.read_text(encoding="utf-8"), file=str(file)):
                    self.register(table)
            for file in sorted(db_dir.glob("*.partitions.json")):
                items = json.loads(file.read_text(encoding="utf-8"))
                self.partitions[(db_dir.name, file.name[: -len(".partitions.json")])] = {
                    tuple(item["values"].items()): item["location"] for item in items}
            for file in sorted(db_dir.glob("*.view.sql")):
                self.views[(db_dir.name, file.name[: -len(".view.sql")])] = file.read_text(
                    encoding="utf-8")

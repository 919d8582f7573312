"""The local catalog: databases, tables and views the local engine knows.

Tables come from specs (registered in bulk) or from CREATE TABLE / CTAS run locally; views
from CREATE VIEW; partitions from ALTER TABLE ADD PARTITION or MSCK REPAIR TABLE. With a
directory, every change is persisted there (``DB/TABLE.table.json`` as a spec,
``DB/TABLE.partitions.json``, ``DB/VIEW.view.sql``) so the next process sees it.
"""

from __future__ import annotations

import contextlib
import json
import re
import shutil
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from athenakit.errors import AthenakitError, ConfigError, QueryError
from athenakit.files import write_text_atomically

if TYPE_CHECKING:  # the table model loads with the first table registered
    from athenakit.table.model import Table

PartitionKey = tuple[tuple[str, str], ...]
# https://docs.aws.amazon.com/athena/latest/ug/tables-databases-columns-names.html
_NAME = re.compile(r"^[a-z0-9_]{1,255}$")


def _key(name: str) -> str:
    # Athena lower-cases database, table and column names.
    return name.lower()


def check_name(name: str, what: str = "name") -> str:
    """A database, table or view name, lower-cased, checked against Athena's rule.

    Raises:
        QueryError: the name has characters other than letters, digits and underscore.
    """
    # https://docs.aws.amazon.com/athena/latest/ug/tables-databases-columns-names.html
    key = _key(name)
    if not _NAME.match(key):
        raise QueryError("INVALID_NAME", state="FAILED",
                         reason=f"{what} {name!r} may only use letters, digits and underscore")
    return key


class Catalog:
    """Databases, tables and views, optionally persisted in ``directory``.

    Args:
        directory: where objects are persisted; None keeps them in memory.
        default_database: the database of unqualified names.
    """

    def __init__(self, directory: str | Path | None = None, *,
                 default_database: str = "default", discover_partitions: bool = False) -> None:
        self.directory = Path(directory) if directory is not None else None
        # read the k=v folders of a table with no registered partitions (as if MSCK REPAIR
        # TABLE had run), rather than nothing as Athena does
        self.discover_partitions = discover_partitions
        self.default_database = _key(default_database)
        self.databases: set[str] = {self.default_database}
        self.tables: dict[tuple[str, str], Table] = {}
        self.views: dict[tuple[str, str], str] = {}
        self.partitions: dict[tuple[str, str], dict[PartitionKey, str]] = {}
        self._specs: dict[tuple[str, str], Table] = {}
        with self.locked():
            pass

    @contextlib.contextmanager
    def locked(self) -> Iterator[None]:
        """Hold the catalog's lock file and reload what other processes persisted.

        Every read-modify-write of the directory runs inside this, so concurrent processes
        sharing one catalog serialise instead of losing each other's updates.

        Raises:
            ConfigError: the directory cannot be used or a catalog file is damaged.
        """
        if self.directory is None:
            yield
            return
        import fcntl

        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            lock = open(self.directory / ".lock", "a")  # noqa: SIM115
        except OSError as err:
            raise ConfigError(f"cannot use the local catalog directory {self.directory}: "
                              f"{err.strerror or err}") from err
        with lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                self._reload()
                yield
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)

    def _reload(self) -> None:
        self.databases = {self.default_database} | {k[0] for k in self._specs}
        self.tables, self.views, self.partitions = {}, {}, {}
        try:
            self._load()
        except OSError as err:
            raise ConfigError(f"cannot use the local catalog directory {self.directory}: "
                              f"{err.strerror or err}") from err
        self.tables.update(self._specs)

    def _path(self, db: str, name: str | None = None, suffix: str = "") -> Path:
        """A catalog file (or a database folder), checked to stay inside the directory."""
        from athenakit.local.paths import inside

        assert self.directory is not None
        path = self.directory / check_name(db, "database")
        if name is not None:
            path = path / f"{check_name(name)}.{suffix}"
        inside(path, self.directory)
        return path

    def qualify(self, name: str, database: str | None) -> tuple[str, str]:
        return _key(database or self.default_database), _key(name)

    def register(self, table: Table, *, persist: bool = False, save: bool = True) -> None:
        """Make ``table`` queryable (its database defaults to the catalog's)."""
        db = _key(table.database or self.default_database)
        if table.database != db:
            from athenakit.table.model import replace_fields

            table = replace_fields(table, database=db)
        self.databases.add(db)
        self.tables[(db, _key(table.name))] = table
        if persist:
            if save:
                self._save_table(table)
        else:
            self._specs[(db, _key(table.name))] = table

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
        db = check_name(name, "database")
        with self.locked():
            if db in self.databases and not if_not_exists and db != self.default_database:
                raise QueryError(f"database {db} already exists", state="FAILED")
            self.databases.add(db)
            if self.directory is not None:
                self._path(db).mkdir(parents=True, exist_ok=True)

    def add_table(self, table: Table, *, if_not_exists: bool = False) -> bool:
        """CREATE TABLE: register and persist; returns False if it existed (IF NOT EXISTS)."""
        key = self.qualify(table.name, table.database)
        check_name(key[0], "database")
        check_name(key[1], "table")
        with self.locked():
            if key[0] not in self.databases:
                raise QueryError(f"database {key[0]} does not exist", state="FAILED")
            if key in self.tables or key in self.views:
                if if_not_exists:
                    return False
                raise QueryError(f"table {key[0]}.{key[1]} already exists", state="FAILED")
            self.register(table, persist=True)
        return True

    def alter_table(self, table: Table) -> None:
        """Replace an existing table's definition (ALTER TABLE); partitions stay registered."""
        key = self.qualify(table.name, table.database)
        with self.locked():
            if key not in self.tables:
                raise QueryError(f"table {key[0]}.{key[1]} does not exist", state="FAILED")
            if key in self._specs:  # a spec-registered table: altered for this session
                from athenakit.table.model import replace_fields

                self._specs[key] = replace_fields(table, database=key[0])
                self.tables[key] = self._specs[key]
            else:
                self.register(table, persist=True)

    def add_view(self, name: str, database: str | None, sql: str, *, replace: bool) -> None:
        """CREATE [OR REPLACE] VIEW with its Trino SQL text."""
        key = self.qualify(name, database)
        check_name(key[0], "database")
        check_name(key[1], "view")
        with self.locked():
            if key in self.tables or (key in self.views and not replace):
                raise QueryError(f"{key[0]}.{key[1]} already exists", state="FAILED")
            self.views[key] = sql
            if self.directory is not None:
                write_text_atomically(self._path(key[0], key[1], "view.sql"), sql)

    def drop(self, name: str, database: str | None, *, view: bool, if_exists: bool) -> None:
        """DROP TABLE / DROP VIEW (external table data is never deleted, as in Athena)."""
        key = self.qualify(name, database)
        with self.locked():
            self._drop(key, view=view, if_exists=if_exists)

    def _drop(self, key: tuple[str, str], *, view: bool, if_exists: bool) -> None:
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
                self._path(key[0], key[1], suffix).unlink(missing_ok=True)

    def drop_database(self, name: str, *, if_exists: bool, cascade: bool) -> None:
        """DROP DATABASE; refuses a non-empty database unless CASCADE."""
        db = check_name(name, "database")
        with self.locked():
            self._drop_database(db, if_exists=if_exists, cascade=cascade)

    def _drop_database(self, db: str, *, if_exists: bool, cascade: bool) -> None:
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
            folder = self._path(db)  # resolved strictly inside the catalog directory
            if folder.is_dir() and not folder.is_symlink():
                shutil.rmtree(folder, ignore_errors=True)

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
        with self.locked():
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
        with self.locked():
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
        items = [{"values": dict(v), "location": loc}
                 for v, loc in sorted(self.partitions[key].items())]
        write_text_atomically(self._path(key[0], key[1], "partitions.json"), json.dumps(items, indent=1))

    def _save_table(self, table: Table) -> None:
        if self.directory is None:
            return
        from athenakit.table.spec_writer import dumps_spec

        path = self._path(_key(table.database or self.default_database), table.name,
                          "table.json")
        write_text_atomically(path, dumps_spec([table], fmt="json"))

    def _load(self) -> None:
        assert self.directory is not None
        self.directory.mkdir(parents=True, exist_ok=True)
        for db_dir in sorted(p for p in self.directory.iterdir() if p.is_dir()):
            if not _NAME.match(db_dir.name):
                continue  # not a folder the catalog made
            self.databases.add(db_dir.name)
            for file in sorted(db_dir.iterdir()):
                try:
                    self._load_file(db_dir.name, file)
                except (AthenakitError, ValueError, KeyError, TypeError, AttributeError) as err:
                    detail = str(err).splitlines()[0] if str(err) else type(err).__name__
                    raise ConfigError(f"damaged local catalog file {file}: {detail}") from err

    def _load_file(self, db: str, file: Path) -> None:
        from athenakit.table.spec import loads_spec

        for suffix in ("table.json", "partitions.json", "view.sql"):
            name = file.name[: -len(suffix) - 1]
            if file.name.endswith("." + suffix) and _NAME.match(name):
                break
        else:
            return
        text = file.read_text(encoding="utf-8")
        if suffix == "table.json":
            for table in loads_spec(text, file=str(file)):
                self.register(table, persist=True, save=False)
        elif suffix == "partitions.json":
            self.partitions[(db, name)] = {
                tuple((str(k), str(v)) for k, v in item["values"].items()): str(item["location"])
                for item in json.loads(text)}
        else:
            self.views[(db, name)] = text

"""Replace the tables a query reads with DuckDB relations over the selected partitions' files."""

from __future__ import annotations

import itertools
import re
import tempfile
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlglot import exp

from athenakit.errors import QueryError
from athenakit.local import infoschema
from athenakit.local.catalog import Catalog, PartitionKey
from athenakit.local.errors import refuse_delta
from athenakit.local.nodes import (
    RELATION_PREFIX,
    TABLE_COLUMNS,
    relation_alias,
    relation_name,
    visible_ctes,
)
from athenakit.local.paths import DataFile, PathMapper

if TYPE_CHECKING:  # the readers and the partition logic load with the first table scanned
    from athenakit.local.readers import Group
    from athenakit.table.model import Table

_COUNTER = itertools.count()



@dataclass
class ScanState:
    """What resolving one statement's tables produced: bytes to read, the column types, and
    the DuckDB relation standing behind each placeholder table name."""

    scanned_bytes: int = 0
    column_types: dict[str, str] = field(default_factory=dict)
    relations: dict[str, str] = field(default_factory=dict)
    token: str = field(default_factory=lambda: uuid.uuid4().hex[:12])
    unions: dict[str, Callable[[], str]] = field(default_factory=dict)
    # (index, name) -> zone of a result column (athenakit.local.result_zones.zone_finder)
    zones: Callable[[int, str], str] | None = None
    # (index, name, DuckDB's type) -> Trino's type where it differs (char(n), interval year to
    # month; athenakit.local.literal_types.finder)
    chars: Callable[[int, str, str], str | None] | None = None
    # column names two tables type differently, one as char(n) (athenakit.local.chars)
    char_clashes: set[str] = field(default_factory=set)
    # (index, name, DuckDB type) -> Trino's varchar(n) / char(n) / varchar of a text column
    # (athenakit.local.varchar_columns.finder), for CTAS and INSERT
    texts: Callable[[int, str, str], str] | None = None

    def widen(self) -> bool:
        """Rebuild the relations to read Parquet files with ``union_by_name`` (after DuckDB
        found a file without a column of the first one); False when nothing would change."""
        if not self.unions:
            return False
        self.relations.update({name: build() for name, build in self.unions.items()})
        self.unions.clear()
        return True

    def inline(self, sql: str) -> str:
        """``sql`` with each placeholder table replaced by its relation, as a subquery (DuckDB
        binds the file scan once, with the query, instead of once more for a view)."""
        if not self.relations:
            return sql
        names = "|".join(re.escape(n) for n in self.relations)
        pattern = re.compile(f'"?({names})(?!\\d)"?')
        return pattern.sub(lambda m: f"({self.relations[m.group(1)]})", sql)


def _aliases(node: exp.Table) -> set[str]:
    names = {node.name.lower()}
    if node.alias:
        names.add(node.alias.lower())
    return names


def discover(table: Table, paths: PathMapper) -> dict[PartitionKey, list[DataFile]]:
    """The ``k=v`` folders under a table's location (what MSCK REPAIR TABLE registers)."""
    from athenakit.local.partitions import hive_values

    names = [p.name.lower() for p in table.partitions]
    prefix = str(paths.local_path(table.location or "")) if paths.is_local else \
        (table.location or "").rstrip("/")
    found: dict[PartitionKey, list[DataFile]] = {}
    for f in paths.list_files(table.location or ""):
        values = hive_values(f.path[len(prefix):].lstrip("/"))
        if all(n in values for n in names):
            found.setdefault(tuple((n, values[n]) for n in names), []).append(f)
    return dict(sorted(found.items()))


def _groups(table: Table, catalog: Catalog, paths: PathMapper, where: exp.Expression | None,
            aliases: set[str]) -> list[Group]:
    from athenakit.local import pruning
    from athenakit.local.partitions import projected_partitions, render_location
    from athenakit.local.readers import Group

    if not table.location:
        raise QueryError(f"table {table.name} has no location", state="FAILED")
    if not table.partitions:
        return [Group({}, paths.list_files(table.location))]
    types = {p.name.lower(): p.type.ddl for p in table.partitions}
    predicates, pinned = pruning.extract(where, types, aliases)

    def keep(values: Mapping[str, str]) -> bool:
        return all(n not in predicates or predicates[n](values[n]) for n in types)

    if table.projection_enabled:
        # https://docs.aws.amazon.com/athena/latest/ug/partition-projection.html : with
        # projection on, partitions registered in the catalog are ignored.
        chosen = projected_partitions(table, predicates, pinned)
        return [Group(v, paths.list_files(render_location(table, v))) for v in chosen]
    registered = catalog.registered(table)
    if registered:
        return [Group(dict(k), paths.list_files(loc)) for k, loc in registered.items()
                if keep(dict(k))]
    # https://docs.aws.amazon.com/athena/latest/ug/msck-repair-table.html : Athena reads the
    # partitions in the catalog only; folders added under the location are read once MSCK
    # REPAIR TABLE or ALTER TABLE ADD PARTITION registers them
    found = discover(table, paths)
    if catalog.discover_partitions:
        return [Group(dict(k), files) for k, files in found.items() if keep(dict(k))]
    if found:
        _warn_once(table, f"has no registered partitions, so it reads nothing, as on Athena; "
                   f"{len(found)} k=v folder(s) under its location are read once MSCK REPAIR "
                   "TABLE or ALTER TABLE ADD PARTITION registers them (or with "
                   "--discover-partitions / discover_partitions=True)")
    return []


_WARNED: set[tuple[str | None, str, str]] = set()


def _warn_once(table: Table, message: str) -> None:
    import logging

    key = (table.database, table.name, message)
    if key not in _WARNED:
        _WARNED.add(key)
        logging.getLogger("athenakit.local").warning("table %s %s", table.name, message)


def _localize(groups: list[Group], paths: PathMapper, cache: Path) -> list[Group]:
    from athenakit.local.readers import Group

    if paths.is_local:
        return groups
    out = []
    for group in groups:
        files = []
        for f in group.files:
            target = cache / f.path[5:]
            if not target.exists():
                target.parent.mkdir(parents=True, exist_ok=True)
                with paths.open(f.path) as src:
                    target.write_bytes(src.read())
            files.append(DataFile(str(target), f.size))
        out.append(Group(group.values, files))
    return out


class Resolver:
    """Turns table references into DuckDB views for one connection."""

    def __init__(self, con: Any, catalog: Catalog, paths: PathMapper) -> None:
        self.con, self.catalog, self.paths = con, catalog, paths
        # the columns a view returns (set by the statement runner), for information_schema
        self.view_columns: infoschema.ViewColumns | None = None
        self._cache = Path(tempfile.mkdtemp(prefix="athenakit-s3-"))

    def close(self) -> None:
        """Delete the local copies of objects read from the S3 endpoint."""
        import shutil

        shutil.rmtree(self._cache, ignore_errors=True)

    def resolve(self, tree: exp.Expression, state: ScanState) -> exp.Expression:
        """Expand views and point every catalog table at a fresh DuckDB view.

        Raises:
            QueryError: a table that is neither in the catalog nor a CTE.
        """
        for node in list(tree.find_all(exp.Table)):
            # a WITH query is seen only after it is defined; a name before is the catalog's
            if not node.name or not node.db and node.name.lower() in visible_ctes(node):
                continue
            if isinstance(node.parent, (exp.Create, exp.Insert)) or node.find_ancestor(
                    exp.Schema) is not None:
                continue
            if infoschema.is_information_schema(node):
                self._point_information_schema(node, tree, state)
                continue
            view = self.catalog.view(node.name, node.db or None)
            if view is not None:
                from athenakit.local.translate import parse

                sub = self.resolve(parse(view)[0], state)
                node.replace(exp.Subquery(this=sub, alias=relation_alias(node)))
                continue
            table = self.catalog.table(node.name, node.db or None)
            if table is None and "$" in node.name:  # Iceberg metadata: athenakit.local.iceberg
                from athenakit.local.iceberg import metadata

                if metadata.point(self, node, state):
                    continue
            if table is None:
                raise QueryError("TABLE_NOT_FOUND", state="FAILED",
                                 reason=f"table {node.db + '.' if node.db else ''}{node.name} "
                                 "does not exist")
            self._point(node, table, state)
        return tree

    def _uri(self, path: str) -> str:
        """The ``s3://`` URI of a listed object (a local file under the S3 root)."""
        if path.startswith("s3://") or self.paths.root is None:
            return path
        return "s3://" + Path(path).relative_to(self.paths.root).as_posix()

    def _point_information_schema(self, node: exp.Table, tree: exp.Expression,
                                  state: ScanState) -> None:
        wanted = {c.name.lower() for c in tree.find_all(exp.Column)}
        name = f"{RELATION_PREFIX}{state.token}_{next(_COUNTER)}"
        state.relations[name] = infoschema.relation(node, self.catalog, self.view_columns,
                                                    wanted, state)
        node.replace(exp.Table(this=relation_name(node, name), alias=relation_alias(node)))

    def _point(self, node: exp.Table, table: Table, state: ScanState) -> None:
        refuse_delta(table)
        if table.is_iceberg:  # Iceberg tables are read by athenakit.local.iceberg
            from athenakit.local.iceberg import scan as iceberg

            return iceberg.point(self, node, table, state)
        select = node.find_ancestor(exp.Select)
        where = select.args.get("where") if select is not None else None
        groups = _groups(table, self.catalog, self.paths, where.this if where else None, _aliases(node))
        state.scanned_bytes += sum(f.size for g in groups for f in g.files)
        from athenakit.local import hiddencols, readers

        # Trino has "$partition" for a partitioned table only
        hidden = [h for h in hiddencols.wanted(node.root())
                  if h != "$partition" or table.partitions]
        localized = _localize(groups, self.paths, self._cache)
        uris = {after.path: self._uri(before.path) for g, h in zip(groups, localized)
                for before, after in zip(g.files, h.files)} if hidden else {}
        groups = localized
        name = f"{RELATION_PREFIX}{state.token}_{next(_COUNTER)}"
        state.relations[name] = readers.relation_sql(self.con, table, groups, self.paths,
                                                     hidden=hidden, uris=uris)
        if table.storage.format == "parquet":
            state.unions[name] = lambda: readers.relation_sql(
                self.con, table, groups, self.paths, union=True, hidden=hidden, uris=uris)
        for hidden_name in hidden:
            state.column_types.setdefault(hidden_name, hiddencols.TYPES[hidden_name])
        for col in (*table.columns, *table.partitions):
            known = state.column_types.setdefault(col.name.lower(), col.type.dml)
            if known != col.type.dml and re.search(r"(?<!var)char\(",
                                                   f"{known} {col.type.dml}".lower()):
                state.char_clashes.add(col.name.lower())
        relation = exp.Table(this=relation_name(node, name), alias=relation_alias(node))
        relation.meta[TABLE_COLUMNS] = {c.name.lower(): c.type.dml
                                        for c in (*table.columns, *table.partitions)}
        node.replace(relation)

"""The tables a check knows about: from ``--tables`` specs and from CREATE TABLE in the file.

Query rules only need names: columns in order, partition columns, which partitions are injected
projections, the SerDe and the table type. :class:`KnownTable` holds exactly that, built from the
core model (:class:`athenakit.table.model.Table`) or from a parsed CREATE TABLE statement.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from sqlglot import exp

if TYPE_CHECKING:
    from athenakit.table.model import Table

LAZY_SIMPLE_SERDE = "org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe"


@dataclass(frozen=True)
class KnownTable:
    """What the query rules know about one table (all names lower-case); ``model`` is the
    core-model table when it came from a spec (projection rules read it)."""

    name: str
    database: str | None = None
    columns: tuple[str, ...] = ()
    partitions: tuple[str, ...] = ()
    injected: frozenset[str] = frozenset()
    serde: str | None = None
    iceberg: bool = False
    model: Table | None = field(default=None, compare=False, repr=False)
    dates: frozenset[str] = frozenset()
    """Partition columns projected as dates (a range that can span years of partitions)."""
    delta: bool = False
    """A Delta Lake table: Athena reads its columns from the Delta log, and never writes it."""

    @property
    def columns_known(self) -> bool:
        return not self.delta

    @property
    def all_columns(self) -> tuple[str, ...]:
        return self.columns + self.partitions


@dataclass
class Catalog:
    """Known tables by ``db.table`` and by bare table name."""

    tables: dict[tuple[str | None, str], KnownTable] = field(default_factory=dict)
    declared: set[tuple[str | None, str]] = field(default_factory=set)

    def __bool__(self) -> bool:
        return bool(self.tables)

    @property
    def complete(self) -> bool:
        """True if tables were given (specs, a catalog): then an unknown table is a mistake.

        Tables only declared by CREATE TABLE statements of the checked SQL say nothing about
        the tables the other statements read, which may well exist in Athena already.
        """
        return any(key not in self.declared for key in self.tables)

    def add(self, table: KnownTable, *, declared: bool = False) -> None:
        """Know ``table``; ``declared`` marks a table created by the SQL under check."""
        key = (table.database, table.name)
        if declared and key not in self.tables:
            self.declared.add(key)
        elif not declared:
            self.declared.discard(key)
        self.tables[key] = table

    def find(self, name: str, database: str | None = None) -> KnownTable | None:
        """The table ``database.name``; without a database, the only table called ``name``."""
        name = name.lower()
        if database:
            return self.tables.get((database.lower(), name)) or self.tables.get((None, name))
        matches = [t for (_, n), t in self.tables.items() if n == name]
        return matches[0] if len(matches) == 1 else None

    def schema(self) -> dict[str, dict[str, dict[str, str]]]:
        """The catalog as a sqlglot schema mapping ``{db: {table: {column: type}}}``."""
        out: dict[str, dict[str, dict[str, str]]] = {}
        for table in self.tables.values():
            cols = {c: "unknown" for c in table.all_columns}
            out.setdefault(table.database or "", {})[table.name] = cols
        return out

    def copy(self) -> Catalog:
        return Catalog(dict(self.tables), set(self.declared))


def from_model(table: Table) -> KnownTable:
    """A :class:`KnownTable` for a core-model table."""
    def projected(kind: str) -> frozenset[str]:
        return frozenset(
            p.name.lower() for p in table.partitions
            if table.projection_enabled and p.projection is not None
            and getattr(p.projection, "type", "") == kind
        )

    return KnownTable(
        table.name.lower(), table.database.lower() if table.database else None,
        tuple(c.name.lower() for c in table.columns),
        tuple(p.name.lower() for p in table.partitions),
        projected("injected"), table.storage.serde_class, table.is_iceberg,
        model=table, dates=projected("date"), delta=table.is_delta,
    )


def from_create(tree: exp.Create) -> KnownTable | None:
    """A :class:`KnownTable` for a parsed Hive CREATE TABLE statement (None for others)."""
    schema = tree.this
    props = _properties(tree)
    if isinstance(schema, exp.Table) and props.get("table_type", "").lower() == "delta":
        # https://docs.aws.amazon.com/athena/latest/ug/delta-lake-tables.html: no column list
        return KnownTable(schema.name.lower(), schema.db.lower() or None, delta=True)
    if not isinstance(schema, exp.Schema) or not isinstance(schema.this, exp.Table):
        return None
    table = schema.this
    columns = tuple(c.name.lower() for c in schema.expressions if isinstance(c, exp.ColumnDef))
    iceberg = props.get("table_type", "").lower() == "iceberg"
    partitions: tuple[str, ...] = ()
    part = tree.find(exp.PartitionedByProperty)
    if part is not None and not iceberg and isinstance(part.this, exp.Schema):
        partitions = tuple(
            c.name.lower() for c in part.this.expressions if isinstance(c, exp.ColumnDef)
        )
    def projected(kind: str) -> frozenset[str]:
        return frozenset(
            p for p in partitions
            if props.get("projection.enabled", "").lower() == "true"
            and props.get(f"projection.{p}.type", "").lower() == kind
        )

    injected = projected("injected")
    serde = tree.find(exp.RowFormatSerdeProperty)
    serde_name = serde.this.name if serde is not None else None
    if serde_name is None and (tree.find(exp.RowFormatDelimitedProperty) or _stored_as_text(tree)):
        serde_name = LAZY_SIMPLE_SERDE
    return KnownTable(
        table.name.lower(), table.db.lower() or None, columns, partitions, injected,
        serde_name, iceberg, dates=projected("date"),
        delta=props.get("table_type", "").lower() == "delta",
    )


def _properties(tree: exp.Expr) -> dict[str, str]:
    out = {}
    for prop in tree.find_all(exp.Property):
        key, value = prop.args.get("this"), prop.args.get("value")
        if isinstance(key, exp.Literal) and isinstance(value, exp.Literal):
            out[key.name.lower()] = value.name
    return out


def _stored_as_text(tree: exp.Expr) -> bool:
    fmt = tree.find(exp.FileFormatProperty)
    return fmt is not None and fmt.name.upper() in ("TEXTFILE", "")

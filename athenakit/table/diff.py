"""Schema diff: the ALTER TABLE statements that take a table (CURRENT) to its spec (DESIRED).

The differences come from :func:`athenakit.table.drift.compare`; each becomes an ALTER that
Athena runs (:mod:`athenakit.table.alter`), or a :class:`Blocked` change naming the safe way,
never a statement that would fail or silently misread the data:

* new columns: ``ADD COLUMNS`` at the end; in the middle only where data is read by name
  (then ``CHANGE COLUMN ... AFTER``). Formats that read columns by position (text, CSV, regex,
  grok, ORC by default) would shift every later column
  (https://docs.aws.amazon.com/athena/latest/ug/handling-schema-updates-chapter.html).
* comments: ``CHANGE COLUMN c c type COMMENT '...'``; the table comment is the ``comment``
  table property.
* reordering: ``CHANGE COLUMN ... FIRST | AFTER`` where data is read by name (or Iceberg).
* dropped columns: ``DROP COLUMN`` on Iceberg; elsewhere blocked.
* type changes: Iceberg's widening promotions with ``CHANGE COLUMN``; compatible widenings on
  LazySimpleSerDe tables with ``REPLACE COLUMNS``
  (https://docs.aws.amazon.com/athena/latest/ug/updates-changing-column-type.html);
  everything else blocked (new table + CTAS).
* properties, partition projection and compression: ``SET TBLPROPERTIES``; properties to remove
  with ``UNSET TBLPROPERTIES`` on Iceberg (Hive tables have no UNSET). Projection is set only
  when the partition columns it configures already exist: Athena does not add them.
* location: ``SET LOCATION`` (Hive).
* format, SerDe, bucketing, partition keys, Iceberg partitioning, table type: blocked.

Example:
    >>> from athenakit.table.model import Table, columns
    >>> cur = Table(name="t", columns=columns({"id": "int"}), location="s3://b/t/")
    >>> want = Table(name="t", columns=columns({"id": "int", "v": "string"}),
    ...              location="s3://b/t/")
    >>> print(*diff_tables(want, cur).statements, end="")
    ALTER TABLE t ADD COLUMNS (
      v string
    )
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from athenakit.table import alter
from athenakit.table.drift import Difference, Kind, compare
from athenakit.table.model import Column, Table, TableType
from athenakit.table.render import set_table_properties
from athenakit.table.storage import LAZY_SIMPLE

SCHEMA_DOC = "https://docs.aws.amazon.com/athena/latest/ug/handling-schema-updates-chapter.html"
CTAS = "create a new table from DESIRED and fill it with CTAS or INSERT INTO ... SELECT"
DELTA_REBUILD = ("Athena runs no ALTER TABLE on Delta Lake tables: drop the table (its data "
                 "stays) and create it from DESIRED")
RECREATE = ("recreate the table definition: DROP TABLE, then CREATE EXTERNAL TABLE from DESIRED "
            "(an external table's data stays in S3; re-register partitions with MSCK REPAIR "
            "TABLE or ADD PARTITION unless they are projected)")
BY_NAME = frozenset({"hive_json", "openx_json", "avro", "ion", "cloudtrail"})
# https://docs.aws.amazon.com/athena/latest/ug/updates-changing-column-type.html
COMPATIBLE = {"string": {"tinyint", "smallint", "int", "bigint"},
              "tinyint": {"smallint", "int", "bigint"}, "smallint": {"int", "bigint"},
              "int": {"bigint"}, "float": {"double"}}
# https://iceberg.apache.org/spec/#schema-evolution (type promotion)
ICEBERG_PROMOTIONS = {"int": {"bigint"}, "float": {"double"}}


@dataclass(frozen=True)
class Blocked:
    """A difference Athena cannot apply in place, with the safe way to get there."""

    change: str
    safe_way: str

    def __str__(self) -> str:
        return f"{self.change}: {self.safe_way}"


@dataclass(frozen=True)
class SchemaDiff:
    """The result of :func:`diff_tables`.

    Attributes:
        statements: ALTER TABLE statements to run in order (Hive DDL).
        blocked: changes no statement can make in place.
        differences: every difference found, as sentences.
    """

    statements: tuple[str, ...] = ()
    blocked: tuple[Blocked, ...] = ()
    differences: tuple[str, ...] = field(default=())

    @property
    def same(self) -> bool:
        """True when the tables do not differ."""
        return not self.differences


def diff_tables(desired: Table, current: Table) -> SchemaDiff:
    """The ALTER statements taking ``current`` to ``desired``, and what they cannot do.

    The statements name ``current``'s table (its database and name are not compared).

    Args:
        desired: the table as it should be (a spec).
        current: the table as it is (a spec, imported DDL, SHOW CREATE TABLE).

    Returns:
        A :class:`SchemaDiff`; ``same`` when nothing differs.
    """
    want = replace(desired, name=current.name, database=current.database)
    found = compare(want, current)
    plan = _Plan(want, current)
    if found and TableType.DELTA in (want.table_type, current.table_type):
        # https://docs.aws.amazon.com/athena/latest/ug/delta-lake-tables.html: no ALTER TABLE
        # on Delta Lake tables, and no writes to convert one
        for difference in found:
            plan.block(difference.text, DELTA_REBUILD)
        return SchemaDiff((), tuple(plan.blocked), tuple(d.text for d in found))
    if want.table_type != current.table_type:  # nothing else carries over: convert first
        plan.block(next(d.text for d in found if d.kind is Kind.TABLE_TYPE),
                   "convert the table: " + CTAS)
        return SchemaDiff((), tuple(plan.blocked), tuple(d.text for d in found))
    plan.columns([d for d in found if d.kind.name.startswith("COLUMN") and not d.partition])
    plan.partitions([d for d in found if d.partition])
    for difference in found:
        plan.table_level(difference)
    plan.properties([d for d in found if d.kind in (Kind.PROPERTY, Kind.EXTRA_PROPERTY,
                                                    Kind.COMMENT)])
    return SchemaDiff(tuple(plan.statements), tuple(plan.blocked),
                      tuple(d.text for d in found))


def reads_by_name(table: Table) -> bool:
    """True when the table's data is matched to columns by name, not by position."""
    props = table.storage.serde_properties
    if table.is_iceberg or table.storage.format in BY_NAME:
        return True
    if table.storage.format == "parquet":
        return props.get("parquet.column.index.access", "false").lower() != "true"
    if table.storage.format == "orc":
        return props.get("orc.column.index.access", "true").lower() == "false"
    return False


class _Plan:
    """Collects statements and blocked changes while walking the differences."""

    def __init__(self, want: Table, current: Table) -> None:
        self.want, self.current = want, current
        self.statements: list[str] = []
        self.blocked: list[Blocked] = []
        self.partition_keys_differ = False

    def block(self, change: str, safe_way: str) -> None:
        self.blocked.append(Blocked(change, safe_way))

    # -- data columns ---------------------------------------------------------------------
    def columns(self, found: list[Difference]) -> None:
        if not found:
            return
        if _replace_columns_fits(self.want, self.current, found):
            self.statements.append(alter.replace_columns(self.current, self.want.columns))
            return
        table = self.current
        by_name = reads_by_name(table)
        for d in found:
            if d.kind is Kind.COLUMN_TYPE and not _promotes(table, d):
                self.block(d.text, f"Athena cannot change a column's type in place here; "
                           f"{CTAS} (casting {d.name} to {d.want})")
            elif d.kind is Kind.COLUMN_COMMENT and d.want is None:
                self.block(d.text, "Athena cannot remove a column comment; set another "
                           "comment, or " + RECREATE)
            elif d.kind is Kind.COLUMN_EXTRA and table.is_iceberg:
                self.statements.append(alter.drop_column(table, d.name))
                table = _without(table, d.name)
            elif d.kind is Kind.COLUMN_EXTRA:
                self.block(d.text, "Athena cannot drop a column of this table; " +
                           (RECREATE if by_name else CTAS))
        self._add_and_move(table, by_name)

    def _add_and_move(self, table: Table, by_name: bool) -> None:
        known = {c.name.lower() for c in table.columns}
        added = [c for c in self.want.columns if c.name.lower() not in known]
        target = [c for c in self.want.columns if c.name.lower() in known or c in added]
        order = [c.name.lower() for c in table.columns
                 if c.name.lower() in {t.name.lower() for t in target}]
        if added and (by_name or [c.name.lower() for c in target[len(order):]]
                      == [c.name.lower() for c in added]):
            self.statements.append(alter.add_columns(table, added))
            table = replace(table, columns=(*table.columns, *added))
            order += [c.name.lower() for c in added]
        elif added:
            self.block(", ".join(c.name for c in added) + ": new columns before existing ones",
                       "this table reads columns by position, so columns can only be added at "
                       "the end; " + CTAS)
            target = [c for c in target if c not in added]
        moved = self._move(table, order, target, by_name)
        self._recomment(table, [c for c in self.want.columns if c.name.lower() not in moved
                                and c.name.lower() in known])

    def _move(self, table: Table, order: list[str], target: list[Column],
              by_name: bool) -> set[str]:
        """CHANGE COLUMN ... FIRST / AFTER until ``order`` is ``target``'s; the names moved."""
        if order == [c.name.lower() for c in target]:
            return set()
        if not by_name:
            self.block("columns are in another order than DESIRED's", "this table reads "
                       "columns by position, so reordering them would misread the data; " + CTAS)
            return set()
        moved = set()
        for i, column in enumerate(target):
            if order[i] != column.name.lower():
                self._change(table, column, first=i == 0,
                             after=None if i == 0 else target[i - 1].name)
                order.remove(column.name.lower())
                order.insert(i, column.name.lower())
                moved.add(column.name.lower())
        return moved

    def _recomment(self, table: Table, columns: list[Column]) -> None:
        have = {c.name.lower(): c for c in table.columns}
        for column in columns:
            old = have[column.name.lower()]
            retyped = old.type != column.type and _promotes_type(table, old, column)
            if (old.comment != column.comment and column.comment is not None) or retyped:
                self._change(table, column)

    def _change(self, table: Table, column: Column, *, first: bool = False,
                after: str | None = None) -> None:
        old = next(c for c in table.columns if c.name.lower() == column.name.lower())
        new_type = column.type if _promotes_type(table, old, column) else old.type
        comment = column.comment if column.comment is not None else old.comment
        self.statements.append(alter.change_column(
            table, old.name, Column(column.name, new_type, comment), first=first, after=after))

    # -- partitions ------------------------------------------------------------------------
    def partitions(self, found: list[Difference]) -> None:
        if not found:
            return
        self.partition_keys_differ = True
        for d in found:
            self.block(d.text, "Athena cannot change partition columns in place; " + CTAS)

    # -- table-level ------------------------------------------------------------------------
    def table_level(self, d: Difference) -> None:
        iceberg = self.current.is_iceberg
        if d.kind is Kind.LOCATION and not iceberg and self.want.location:
            self.statements.append(alter.set_location(self.current, self.want.location))
        elif d.kind is Kind.LOCATION:
            self.block(d.text, "an Iceberg table's location cannot change; " + CTAS)
        elif d.kind is Kind.STORAGE and d.name in ("format", "serde", "input_format",
                                                   "output_format"):
            self.block(d.text, "the data files must be rewritten in the new format; " + CTAS)
        elif d.kind is Kind.STORAGE and d.name != "header_lines":
            self.block(d.text, "Athena has no ALTER TABLE SET SERDEPROPERTIES; " + RECREATE)
        elif d.kind is Kind.BUCKETING:
            self.block(d.text, "Athena cannot change bucketing in place; " + CTAS)
        elif d.kind is Kind.PARTITIONING:
            self.block(d.text, "Athena cannot change an Iceberg table's partitioning; " + CTAS)

    def properties(self, found: list[Difference]) -> None:
        to_set: dict[str, str] = {}
        to_unset: list[str] = []
        held = [d.name for d in found if d.name.startswith("projection.")
                and self.partition_keys_differ]
        if held:
            self.block(f"partition projection ({', '.join(held)})", "it configures partition "
                       "columns, which differ (Athena does not add them): fix the partitions "
                       "first")
        for d in found:
            if d.name in held:
                continue
            if d.kind is Kind.COMMENT and (self.current.is_iceberg or d.want is None):
                self.block(d.text, "Athena cannot " + ("remove a table comment; " + RECREATE
                                                       if d.want is None else
                                                       "set an Iceberg table's comment"))
            elif d.kind is Kind.COMMENT:
                to_set["comment"] = d.want
            elif d.kind is Kind.PROPERTY:
                to_set[d.name] = d.want
            elif self.current.is_iceberg:
                to_unset.append(d.name)
            else:
                self._extra_hive_property(d, to_set)
        if to_set:
            self.statements.append(set_table_properties(self.current, to_set))
        if to_unset:
            self.statements.append(alter.unset_properties(self.current, to_unset))

    def _extra_hive_property(self, d: Difference, to_set: dict[str, str]) -> None:
        if d.name == "projection.enabled" and str(d.have).lower() == "true":
            to_set["projection.enabled"] = "false"
            return
        if d.name.startswith("projection.") and not self.want.projection_enabled:
            self.block(d.text, "left in place: harmless while projection is disabled; remove "
                       "it with AWS Glue UpdateTable or " + RECREATE)
            return
        self.block(d.text, "Athena has no UNSET TBLPROPERTIES for Hive tables; remove it with "
                   "AWS Glue UpdateTable, or " + RECREATE)


def _without(table: Table, name: str) -> Table:
    return replace(table, columns=tuple(c for c in table.columns
                                        if c.name.lower() != name.lower()))


def _promotes(table: Table, d: Difference) -> bool:
    return table.is_iceberg and d.want in ICEBERG_PROMOTIONS.get(d.have, set()) or (
        table.is_iceberg and _decimal_widens(d.have, d.want))


def _promotes_type(table: Table, old: Column, new: Column) -> bool:
    return old.type == new.type or _promotes(table, Difference(
        Kind.COLUMN_TYPE, new.name, new.type.ddl, old.type.ddl))


def _decimal_widens(have: str, want: str) -> bool:
    import re

    a = re.fullmatch(r"decimal\((\d+),\s*(\d+)\)", have)
    b = re.fullmatch(r"decimal\((\d+),\s*(\d+)\)", want)
    return bool(a and b and a.group(2) == b.group(2) and int(b.group(1)) > int(a.group(1)))


def _replace_columns_fits(want: Table, current: Table, found: list[Difference]) -> bool:
    """REPLACE COLUMNS handles type changes on LazySimpleSerDe tables when every type change
    is a compatible widening and no column moves, disappears or comes before an old one."""
    if current.storage.serde_class != LAZY_SIMPLE or current.is_iceberg:
        return False
    if not any(d.kind is Kind.COLUMN_TYPE for d in found):
        return False
    if any(d.kind in (Kind.COLUMN_EXTRA, Kind.COLUMN_ORDER) for d in found):
        return False
    for d in found:
        if d.kind is Kind.COLUMN_TYPE and d.want not in COMPATIBLE.get(d.have, set()):
            return False
    old = [c.name.lower() for c in current.columns]
    if [c.name.lower() for c in want.columns[:len(old)]] != old:
        return False
    return not alter.replace_columns_problems(current, want.columns)

"""What ``apply --glue`` does to one table: create it, update it, or refuse, and why.

Pure functions of two tables (the spec's and the catalog's, both as
:func:`athenakit.glue.convert.athena_defaults_removed` of the model). A change is *safe* when
Glue's UpdateTable can make it without touching data or making existing files read
differently: columns added after the last one, comments, table properties (projection,
compression, header lines, others), the location. Everything else is refused with the reason.

https://docs.aws.amazon.com/athena/latest/ug/types-of-updates.html
"""

from __future__ import annotations

from dataclasses import dataclass

from athenakit.table.model import Column, Table
from athenakit.table.render import iceberg_properties, table_properties
from athenakit.table.validate import OWNED_PROPERTIES

DOC = "https://docs.aws.amazon.com/athena/latest/ug/types-of-updates.html"


@dataclass(frozen=True)
class Change:
    """One difference between the spec and the catalog.

    Attributes:
        text: what differs, in one sentence.
        reason: why it cannot be applied through UpdateTable; None for a safe change.
    """

    text: str
    reason: str | None = None

    @property
    def safe(self) -> bool:
        return self.reason is None

    def __str__(self) -> str:
        return self.text if self.safe else f"{self.text}: refused, {self.reason}"


def table_changes(spec: Table, live: Table) -> list[Change]:
    """Every difference between ``spec`` and ``live``, safe ones and refused ones."""
    out = _columns(spec.columns, live.columns)
    out += _partitions(spec, live)
    if spec.table_type != live.table_type:
        out.append(Change(f"table type {live.table_type.value} -> {spec.table_type.value}",
                          "a table cannot change its type; create a new table"))
    if spec.storage != live.storage:
        out.append(Change(f"storage {live.storage.to_spec()} -> {spec.storage.to_spec()}",
                          "existing files would be read with another SerDe or format"))
    if spec.bucketing != live.bucketing:
        out.append(Change("bucketing differs", "existing files are bucketed the old way"))
    if spec.partitioning != live.partitioning:
        out.append(Change("Iceberg partitioning differs", "change it with ALTER TABLE in "
                          "Athena: Iceberg partition specs live in the table's metadata"))
    if spec.comment != live.comment:
        out.append(Change(f"table comment {live.comment!r} -> {spec.comment!r}"))
    if (spec.location or "").rstrip("/") != (live.location or "").rstrip("/"):
        out.append(Change(f"location {live.location!r} -> {spec.location!r}"))
    out += _properties(spec, live)
    if spec.is_iceberg:
        out = [c if not c.safe else Change(c.text, "Iceberg tables keep their schema and "
                                           "properties in the metadata file: use ALTER TABLE "
                                           "in Athena") for c in out]
    if spec.is_delta:
        # https://docs.aws.amazon.com/athena/latest/ug/delta-lake-tables.html: the Glue entry
        # holds the schema Athena synced from the Delta log at the old location
        out = [c if not c.safe else Change(c.text, "a Delta Lake table's Glue entry holds the "
                                           "schema synced from its Delta log: drop the table "
                                           "and create it again") for c in out]
    return out


def _columns(spec: tuple[Column, ...], live: tuple[Column, ...]) -> list[Change]:
    out: list[Change] = []
    for i, want in enumerate(spec):
        have = live[i] if i < len(live) else None
        if have is None:
            out.append(Change(f"column {want.name} {want.type.ddl} added"))
        elif have.name.lower() != want.name.lower():
            out.append(Change(f"column {i + 1} is {have.name} in the catalog, {want.name} in "
                              "the spec", "renaming or reordering columns changes how existing "
                              "files are read (text formats read by position)"))
        elif have.type != want.type:
            out.append(Change(f"column {want.name}: type {have.type.ddl} -> {want.type.ddl}",
                              "existing files keep the old type (HIVE_BAD_DATA or wrong values)"))
        elif have.comment != want.comment:
            out.append(Change(f"column {want.name}: comment {have.comment!r} -> "
                              f"{want.comment!r}"))
    for extra in live[len(spec):]:
        out.append(Change(f"column {extra.name} is not in the spec",
                          "dropping a column shifts positional formats; drop it explicitly"))
    return out


def _partitions(spec: Table, live: Table) -> list[Change]:
    want = [(p.name.lower(), p.type) for p in spec.partitions]
    have = [(p.name.lower(), p.type) for p in live.partitions]
    out: list[Change] = []
    if want != have:
        out.append(Change("partition columns " + _names(live) + " -> " + _names(spec),
                          "registered partitions and the S3 layout follow the old keys"))
        return out
    for w, h in zip(spec.partitions, live.partitions):
        if w.comment != h.comment:
            out.append(Change(f"partition {w.name}: comment {h.comment!r} -> {w.comment!r}"))
    return out


def _names(table: Table) -> str:
    return "(" + ", ".join(f"{p.name} {p.type.ddl}" for p in table.partitions) + ")"


def _properties(spec: Table, live: Table) -> list[Change]:
    props = iceberg_properties if spec.is_iceberg else table_properties
    want, have = dict(props(spec)), dict(props(live))
    out = []
    for key in sorted(set(want) | set(have)):
        if key in want and want.get(key) != have.get(key):
            was = "unset" if key not in have else repr(have[key])
            out.append(Change(f"property {key}: {was} -> {want[key]!r}"))
        elif key not in want and owned(key):
            out.append(Change(f"property {key}: {have[key]!r} -> unset"))
    return out


def owned(key: str) -> bool:
    """A table property a spec sets through its own fields (projection, header, compression):
    absent from the spec means absent from the table."""
    return key in OWNED_PROPERTIES or key.startswith("projection.")


def extra_properties(spec: Table, live: Table) -> list[str]:
    """Table properties only the catalog has (kept by UpdateTable, not drift)."""
    props = iceberg_properties if spec.is_iceberg else table_properties
    want = dict(props(spec))
    return [k for k, _ in props(live) if k not in want and not owned(k)]

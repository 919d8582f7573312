"""Iceberg tables in Glue: the table metadata file and the Glue entry that points at it.

An Iceberg table's Glue entry holds ``table_type=ICEBERG`` and ``metadata_location`` (the
current metadata JSON in S3); its partition spec, file format and write properties live in that
metadata file (Iceberg table spec, format version 2, which Athena creates). The columns are also
kept in the StorageDescriptor, with ``iceberg.field.*`` parameters, as Athena keeps them.

https://docs.aws.amazon.com/athena/latest/ug/querying-iceberg-creating-tables.html
https://iceberg.apache.org/spec/#table-metadata
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator, Mapping
from typing import Any

from athenakit.errors import CatalogError
from athenakit.table.model import Column, IcebergPartition, Table, TableType, Transform
from athenakit.table.storage import FrozenDict, Storage
from athenakit.table.types import ColumnType

# Iceberg's own property names for the two settings Athena spells ``format`` and
# ``write_compression`` (https://iceberg.apache.org/docs/latest/configuration/); Athena's
# other Iceberg properties (vacuum_*, optimize_*) are kept under their Athena names.
FORMAT_KEY = "write.format.default"
_CODEC = "write.{}.compression-codec"
_PRIMITIVE = {"boolean": "boolean", "tinyint": "int", "smallint": "int", "int": "int",
              "bigint": "long", "float": "float", "double": "double", "string": "string",
              "binary": "binary", "date": "date", "timestamp": "timestamp"}


class _Ids:
    def __init__(self) -> None:
        self.last = 0

    def next(self) -> int:
        self.last += 1
        return self.last


def iceberg_type(ddl: ColumnType | str, ids: _Ids) -> Any:
    """The Iceberg schema type of an Athena column type (nested fields get fresh ids)."""
    from sqlglot import exp

    dtype = exp.DataType.build(str(ddl), dialect="hive")
    return _convert(dtype, ids)


def _convert(dtype: Any, ids: _Ids) -> Any:
    from sqlglot import exp

    T = exp.DataType.Type
    kind = dtype.this
    if kind == T.ARRAY:
        return {"type": "list", "element-id": ids.next(), "element-required": False,
                "element": _convert(_inner(dtype.expressions[0]), ids)}
    if kind == T.MAP:
        return {"type": "map", "key-id": ids.next(), "value-id": ids.next(),
                "key": _convert(_inner(dtype.expressions[0]), ids),
                "value": _convert(_inner(dtype.expressions[1]), ids), "value-required": False}
    if kind == T.STRUCT:
        fields = [(f.name, f.args["kind"]) for f in dtype.expressions]
        return {"type": "struct", "fields": [
            {"id": ids.next(), "name": n, "required": False, "type": _convert(t, ids)}
            for n, t in fields]}
    text = dtype.sql("hive").lower()
    if text.startswith("decimal"):
        return text.replace(" ", "")
    if text.startswith(("varchar", "char")):
        return "string"
    return _PRIMITIVE.get(text, text)


def _inner(node: Any) -> Any:
    from sqlglot import exp

    return node if isinstance(node, exp.DataType) else node.args["kind"]


def metadata(table: Table, location: str) -> dict[str, Any]:
    """The format-version 2 metadata JSON for a new, empty Iceberg table."""
    ids = _Ids()
    fields = []
    for col in table.columns:
        field: dict[str, Any] = {"id": ids.next(), "name": col.name.lower(), "required": False}
        fields.append(field)
    for field, col in zip(fields, table.columns):
        field["type"] = iceberg_type(col.type, ids)
        if col.comment is not None:
            field["doc"] = col.comment
    by_name = {f["name"]: f["id"] for f in fields}
    spec_fields = [{"source-id": by_name[p.column.lower()], "field-id": 1000 + i,
                    "name": _field_name(p), "transform": _transform(p)}
                   for i, p in enumerate(table.partitioning)]
    return {
        "format-version": 2, "table-uuid": str(uuid.uuid4()), "location": location.rstrip("/"),
        "last-sequence-number": 0, "last-updated-ms": 0, "last-column-id": ids.last,
        "current-schema-id": 0, "schemas": [{"type": "struct", "schema-id": 0, "fields": fields}],
        "default-spec-id": 0, "partition-specs": [{"spec-id": 0, "fields": spec_fields}],
        "last-partition-id": 999 + len(spec_fields), "default-sort-order-id": 0,
        "sort-orders": [{"order-id": 0, "fields": []}],
        "properties": _properties(table), "current-snapshot-id": -1, "refs": {},
        "snapshots": [], "snapshot-log": [], "metadata-log": [],
    }


def _properties(table: Table) -> dict[str, str]:
    props = {FORMAT_KEY: table.storage.format}
    if table.compression is not None:
        props[_CODEC.format(table.storage.format)] = table.compression.lower()
    if table.compression_level is not None:
        props["compression_level"] = str(table.compression_level)
    props.update(table.properties)
    return props


def _field_name(part: IcebergPartition) -> str:
    if part.transform is Transform.IDENTITY:
        return part.column.lower()
    return f"{part.column.lower()}_{part.transform.value}"


def _transform(part: IcebergPartition) -> str:
    if part.transform is Transform.IDENTITY:
        return "identity"
    return str(part.transform.value) + (f"[{part.param}]" if part.param is not None else "")


def metadata_key(location: str) -> str:
    """Where a new table's first metadata file goes (``<location>/metadata/00000-<uuid>``)."""
    return f"{location.rstrip('/')}/metadata/00000-{uuid.uuid4()}.metadata.json"


def iceberg_table_input(table: Table, metadata_location: str) -> dict[str, Any]:
    """The Glue ``TableInput`` Athena writes for an Iceberg table."""
    from athenakit.glue.convert import athena_names, glue_column

    table = athena_names(table)
    columns = []
    for i, col in enumerate(table.columns, start=1):
        entry: dict[str, Any] = dict(glue_column(col))
        entry["Parameters"] = {"iceberg.field.id": str(i), "iceberg.field.optional": "true",
                               "iceberg.field.current": "true"}
        columns.append(entry)
    params = {"table_type": "ICEBERG", "metadata_location": metadata_location}
    if table.comment is not None:
        params["comment"] = table.comment
    return {"Name": table.name, "TableType": "EXTERNAL_TABLE", "Parameters": params,
            "PartitionKeys": [],
            "StorageDescriptor": {"Columns": columns, "Location": table.location,
                                  "Compressed": False, "NumberOfBuckets": 0, "SerdeInfo": {},
                                  "SortColumns": [], "StoredAsSubDirectories": False}}


def is_iceberg(glue: Mapping[str, Any]) -> bool:
    return str((glue.get("Parameters") or {}).get("table_type", "")).upper() == "ICEBERG"


def table_from_iceberg(glue: Mapping[str, Any], meta: Mapping[str, Any],
                       database: str | None) -> Table:
    """An Iceberg table from its Glue entry and its current metadata JSON.

    Raises:
        CatalogError: the metadata uses a transform Athena does not have.
    """
    sd = glue.get("StorageDescriptor") or {}
    params = dict(glue.get("Parameters") or {})
    names = _names_by_id(meta)
    props = dict(meta.get("properties") or {})
    fmt = str(props.pop(FORMAT_KEY, "parquet")).lower()
    compression = props.pop(_CODEC.format(fmt), None)
    level = props.pop("compression_level", None)
    columns = [Column(str(c["Name"]), str(c["Type"]), c.get("Comment"))
               for c in sd.get("Columns") or [] if _current(c)]
    return Table(
        name=str(glue["Name"]), database=database or glue.get("DatabaseName"),
        comment=params.get("comment", glue.get("Description")),
        columns=tuple(columns), location=sd.get("Location") or meta.get("location"),
        table_type=TableType.ICEBERG, storage=Storage(format=fmt),
        compression=compression.upper() if compression else None,
        compression_level=int(level) if level is not None else None,
        partitioning=tuple(_partitions(meta, names)),
        properties=FrozenDict({str(k): str(v) for k, v in props.items()}),
    )


def _current(column: Mapping[str, Any]) -> bool:
    return str((column.get("Parameters") or {}).get("iceberg.field.current", "true")) == "true"


def _names_by_id(meta: Mapping[str, Any]) -> dict[int, str]:
    current = meta.get("current-schema-id", 0)
    schemas = meta.get("schemas") or ([meta["schema"]] if "schema" in meta else [])
    schema = next((s for s in schemas if s.get("schema-id", 0) == current), schemas[0])
    return {int(f["id"]): str(f["name"]) for f in schema.get("fields", [])}


_TRANSFORM = re.compile(r"^(identity|year|month|day|hour|bucket|truncate)(?:\[(\d+)\])?$")


def _partitions(meta: Mapping[str, Any], names: Mapping[int, str]) -> Iterator[IcebergPartition]:
    default = meta.get("default-spec-id", 0)
    specs = meta.get("partition-specs") or [{"spec-id": 0, "fields": meta.get("partition-spec",
                                                                             [])}]
    spec = next((s for s in specs if s.get("spec-id", 0) == default), specs[0])
    for field in spec.get("fields", []):
        match = _TRANSFORM.match(str(field.get("transform", "")))
        if not match:
            raise CatalogError(f"Iceberg transform {field.get('transform')!r} is not one "
                               "Athena supports")
        param = int(match.group(2)) if match.group(2) else None
        yield IcebergPartition(names[int(field["source-id"])], Transform(match.group(1)), param)

"""How the clauses and TBLPROPERTIES of an imported CREATE TABLE map to the table model.

Hive tables: the storage (SerDe, formats, delimiters, header lines), compression, and the
partition projection settings, each moved out of the property map into its typed place;
whatever is left stays a table property. Iceberg tables: the partition transforms and the
properties Athena gives a meaning to. Used by :mod:`athenakit.table.importer`.
"""

from __future__ import annotations

from typing import Any

from athenakit.errors import Diagnostic, Severity, SpecError
from athenakit.table.model import (
    IcebergPartition,
    Partition,
    ProjectionConfig,
    TableType,
    Transform,
)
from athenakit.table.projection import from_properties
from athenakit.table.storage import DELIMITERS, FORMATS, FrozenDict, Storage, format_for_classes
from athenakit.table.validate import CREATE_DOC

# ROW FORMAT DELIMITED clauses -> Storage fields
DELIMITER_ARGS = {"fields": "field_delimiter", "escaped": "escape_delimiter",
                   "collection_items": "collection_delimiter", "map_keys": "map_key_delimiter",
                   "lines": "line_delimiter", "null": "null_format"}


def iceberg_partition(node: Any) -> IcebergPartition:
    from sqlglot import exp

    if isinstance(node, (exp.Identifier, exp.Column)):
        return IcebergPartition(node.name)
    column = node.find(exp.Column) or node.find(exp.Identifier)
    number = node.find(exp.Literal)
    kind = {"partitionedbybucket": "bucket", "partitionbytruncate": "truncate"}.get(
        type(node).__name__.lower(), type(node).__name__.lower())
    if isinstance(node, exp.Anonymous):
        kind = str(node.this).lower()
    try:
        transform = Transform(kind)
    except ValueError:
        raise SpecError(f"unsupported Iceberg partition transform {node.sql('athena')!r}") from None
    param = int(number.name) if number is not None and not number.is_string else None
    return IcebergPartition(column.name if column else "", transform, param)


def split_iceberg_properties(props: dict[str, str], args: dict[str, Any]) -> None:
    storage = args.pop("_storage")
    if storage:
        raise SpecError("Iceberg tables take no ROW FORMAT or STORED AS clauses")
    props.pop("table_type")
    args["table_type"] = TableType.ICEBERG
    args["storage"] = Storage(format=props.pop("format", "parquet").lower())
    if "write_compression" in props:
        args["compression"] = props.pop("write_compression")
    _pop_level(props, args)
    args["properties"] = FrozenDict(props)


def _pop_level(props: dict[str, str], args: dict[str, Any]) -> None:
    if "compression_level" in props:
        level = props.pop("compression_level")
        if not level.strip().isdigit():
            raise SpecError(f"compression_level must be an integer, got {level!r}")
        args["compression_level"] = int(level)


def split_hive_properties(
    props: dict[str, str], args: dict[str, Any], notes: list[Diagnostic]
) -> None:
    if args.get("partitioning"):
        # https://docs.aws.amazon.com/athena/latest/ug/create-table.html: Hive partition
        # columns are declared with a type; bare names and transforms are Iceberg's
        names = ", ".join(p.column for p in args["partitioning"])
        raise SpecError([Diagnostic(
            "AK107", Severity.ERROR, f"partition column(s) {names} need a type in a Hive table: "
            "PARTITIONED BY (name type, ...); names without types are for Iceberg tables",
            path="partitioning", doc=CREATE_DOC)])
    storage = _storage(args.pop("_storage"), props)
    args["storage"] = storage
    key = storage.definition.compression_property
    if key and key in props:
        args["compression"] = props.pop(key)
    elif key and "write.compression" in props:
        # https://docs.aws.amazon.com/athena/latest/ug/compression-support-zstd-levels.html
        # Athena also takes write.compression on Parquet and ORC tables.
        args["compression"] = props.pop("write.compression")
    _pop_level(props, args)
    partitions: list[Partition] = args.get("partitions", [])
    args["partitions"], config = pop_projection(props, partitions)
    if config is not None:
        args["projection"] = config
    elif any(part.projection is not None for part in args["partitions"]):
        # projection.<col>.* without projection.enabled: Athena leaves projection off
        args["projection"] = ProjectionConfig(enabled=False)
    stray = [k for k in props if k.startswith("projection.")]
    if stray:
        names = ", ".join(p.name for p in partitions) or "none"
        raise SpecError([Diagnostic(
            "AK156", Severity.ERROR, f"projection property {k!r} is not a projection setting of "
            f"a partition column (partition columns: {names})", path=f"properties.{k}",
            doc="https://docs.aws.amazon.com/athena/latest/ug/partition-projection-setting-up.html")
            for k in stray])
    args["properties"] = FrozenDict(props)


def pop_projection(props: dict[str, str], partitions: list[Partition]
                   ) -> tuple[list[Partition], ProjectionConfig | None]:
    """Move the partition projection settings out of ``props`` (table properties or Glue
    parameters): each partition with its ``projection.<col>.*``, and the table's
    ``projection.enabled`` / ``storage.location.template`` (None when neither is set)."""
    enabled = props.pop("projection.enabled", None)
    template = props.pop("storage.location.template", None)
    moved = [_with_projection(part, props) for part in partitions]
    if enabled is None and template is None:
        return moved, None
    return moved, ProjectionConfig(enabled=(enabled or "false").strip().lower() == "true",
                                   location_template=template)


def _with_projection(part: Partition, props: dict[str, str]) -> Partition:
    """Move ``projection.<part>.*`` out of ``props`` into the partition's projection."""
    prefix = f"projection.{part.name}."
    projection, unknown = from_properties(part.name, props)
    if projection is None:
        return part
    for key in [k for k in props if k.startswith(prefix) and k not in unknown]:
        props.pop(key)
    return Partition(part.name, part.type, part.comment, projection)


def _storage(found: dict[str, Any], props: dict[str, str]) -> Storage:
    stored_as = found.pop("stored_as", None)
    serde_props = dict(found.pop("serde_properties", {}))
    name = format_for_classes(found.get("serde"), found.get("input_format"),
                              found.get("output_format"), stored_as)
    delimiters = {attr: found.pop(attr) for attr in DELIMITER_ARGS.values() if attr in found}
    if name == "text":
        # LazySimpleSerDe written with WITH SERDEPROPERTIES: delimiters are properties there.
        for attr, key, _ in DELIMITERS:
            if key in serde_props:
                delimiters[attr] = serde_props.pop(key)
    kwargs: dict[str, Any] = dict(delimiters)
    if name == "custom":
        kwargs.update(serde=found.get("serde"), input_format=found.get("input_format"),
                      output_format=found.get("output_format"))
        if stored_as and not found.get("serde"):
            raise SpecError(f"STORED AS {stored_as} is not a format athenakit knows; give "
                            "ROW FORMAT SERDE, INPUTFORMAT and OUTPUTFORMAT")
    if "skip.header.line.count" in props:
        text = props.pop("skip.header.line.count")
        if not text.strip().isdigit():
            raise SpecError(f"skip.header.line.count must be an integer, got {text!r}")
        kwargs["header_lines"] = int(text)
    if name in FORMATS and FORMATS[name].stored_as == "TEXTFILE" and not found.get("serde"):
        name = "text"
    return Storage(format=name, serde_properties=FrozenDict(serde_props), **kwargs)

"""Tables to Glue ``TableInput`` and back: the pure core of the Glue package.

:func:`table_input` writes what Athena itself stores in the Glue Data Catalog for the
``CREATE EXTERNAL TABLE`` that :func:`athenakit.table.render.create_table` renders for the same
table; :func:`table_from_glue` reads a ``GetTable`` result back into the model, losslessly.

What Athena's Hive DDL stores (Athena runs its DDL through Hive's metastore code: Hive's
``ql.metadata.Table.getEmptyTable`` and ``CreateTableDesc.toTable``; Trino's Glue metastore
``GlueInputConverter`` writes the same shape):

* ``TableType`` ``EXTERNAL_TABLE`` and the table parameter ``EXTERNAL=TRUE``;
  ``COMMENT`` in the parameter ``comment``; every TBLPROPERTIES entry as a parameter;
* ``SerdeInfo.Parameters`` start as ``serialization.format=1``; ``ROW FORMAT DELIMITED``
  stores each delimiter under its SerDe key and ``FIELDS TERMINATED BY`` also as
  ``serialization.format``; ``WITH SERDEPROPERTIES`` adds its entries verbatim;
* ``STORED AS PARQUET`` / ``ORC`` / ``TEXTFILE`` store the SerDe and input/output classes the
  keyword stands for; ``NumberOfBuckets`` is -1 without ``CLUSTERED BY``.

https://docs.aws.amazon.com/athena/latest/ug/create-table.html
https://docs.aws.amazon.com/glue/latest/dg/aws-glue-api-catalog-tables.html
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from athenakit.errors import CatalogError, SpecError
from athenakit.glue.delta import delta_table_input, is_delta, table_from_delta
from athenakit.table.import_properties import pop_projection
from athenakit.table.model import Bucketing, Column, Partition, Table
from athenakit.table.render import table_properties
from athenakit.table.storage import (
    DELIMITERS,
    FORMATS,
    LAZY_SIMPLE,
    TEXT_INPUT,
    TEXT_OUTPUT,
    FrozenDict,
    Storage,
    format_for_classes,
    implied_classes,
)

EXTERNAL = "EXTERNAL_TABLE"
SERIALIZATION_FORMAT = "serialization.format"
# Parameters the catalog keeps about a table that no DDL sets.
CATALOG_ONLY = frozenset({"EXTERNAL", "transient_lastDdlTime", "last_modified_by",
                          "last_modified_time", "numFiles", "numRows", "totalSize",
                          "rawDataSize", "COLUMN_STATS_ACCURATE"})


def serde_parameters(storage: Storage) -> dict[str, str]:
    """``SerdeInfo.Parameters`` as Athena's DDL stores them for ``storage``."""
    params = {SERIALIZATION_FORMAT: "1"}
    for attr, key, _ in DELIMITERS:
        value = getattr(storage, attr)
        if value is not None:
            params[key] = value
    if storage.field_delimiter is not None:
        params[SERIALIZATION_FORMAT] = storage.field_delimiter
    params.update(storage.serde_properties)
    return params


def storage_classes(storage: Storage) -> tuple[str | None, str, str]:
    """SerDe, input format and output format classes of ``storage``."""
    fmt = storage.definition
    implied = implied_classes(fmt.stored_as) if fmt.stored_as else None
    if fmt.delimited:
        return LAZY_SIMPLE, TEXT_INPUT, TEXT_OUTPUT
    serde = storage.serde_class or (implied[0] if implied else None)
    in_fmt = storage.input_format or fmt.input_format or (implied[1] if implied else TEXT_INPUT)
    out_fmt = storage.output_format or fmt.output_format or (implied[2] if implied else TEXT_OUTPUT)
    return serde, in_fmt, out_fmt


def glue_column(column: Column) -> dict[str, str]:
    out = {"Name": column.name.lower(), "Type": column.type.ddl}
    if column.comment is not None:
        out["Comment"] = column.comment
    return out


def table_input(table: Table) -> dict[str, Any]:
    """The ``TableInput`` of ``CreateTable`` / ``UpdateTable`` for a Hive or Delta Lake table.

    Args:
        table: a Hive (external) table, or a Delta Lake table (:mod:`athenakit.glue.delta`);
            Iceberg tables go through :func:`athenakit.glue.iceberg.iceberg_table_input`.

    Returns:
        Name, TableType, Parameters, PartitionKeys and StorageDescriptor as Athena writes them.
    """
    if table.is_delta:
        return delta_table_input(table)
    table = athena_names(table)
    serde, in_fmt, out_fmt = storage_classes(table.storage)
    serde_info: dict[str, Any] = {"Parameters": serde_parameters(table.storage)}
    if serde is not None:
        serde_info["SerializationLibrary"] = serde
    descriptor: dict[str, Any] = {
        "Columns": [glue_column(c) for c in table.columns],
        "InputFormat": in_fmt, "OutputFormat": out_fmt, "Compressed": False,
        "NumberOfBuckets": table.bucketing.count if table.bucketing else -1,
        "SerdeInfo": serde_info,
        "BucketColumns": list(table.bucketing.columns) if table.bucketing else [],
        "SortColumns": [], "Parameters": {}, "StoredAsSubDirectories": False,
    }
    if table.location is not None:
        descriptor["Location"] = table.location
    params = {"EXTERNAL": "TRUE", **dict(table_properties(table))}
    if table.comment is not None:
        params["comment"] = table.comment
    return {"Name": table.name.lower(), "TableType": EXTERNAL, "Parameters": params,
            "PartitionKeys": [glue_column(p) for p in table.partitions],
            "StorageDescriptor": descriptor}


def athena_names(table: Table) -> Table:
    """``table`` with its name and column names in lower case, as Athena stores them.

    https://docs.aws.amazon.com/athena/latest/ug/tables-databases-columns-names.html
    """
    from dataclasses import replace

    def low(cols: Any) -> Any:
        return tuple(replace(c, name=c.name.lower()) for c in cols)

    bucketing = table.bucketing and Bucketing(
        tuple(c.lower() for c in table.bucketing.columns), table.bucketing.count)
    return replace(table, name=table.name.lower(), columns=low(table.columns),
                   partitions=low(table.partitions), bucketing=bucketing,
                   partitioning=tuple(replace(p, column=p.column.lower())
                                      for p in table.partitioning),
                   database=table.database.lower() if table.database else None)


def athena_defaults_removed(table: Table) -> Table:
    """``table`` without SerDe properties that only restate what Athena stores anyway
    (``serialization.format`` of ``1``, or of the field delimiter), so a spec that spells
    them out compares equal to the table read back from Glue."""
    props = dict(table.storage.serde_properties)
    if SERIALIZATION_FORMAT in props and \
            props[SERIALIZATION_FORMAT] in ("1", table.storage.field_delimiter):
        del props[SERIALIZATION_FORMAT]
    if props == dict(table.storage.serde_properties):
        return table
    from dataclasses import replace

    return replace(table, storage=replace(table.storage, serde_properties=FrozenDict(props)))


def as_stored(table: Table) -> Table:
    """The table as Glue gives it back after Athena (or ``apply --glue``) stored it: names in
    lower case, SerDe defaults dropped. Compare this with :func:`table_from_glue`'s result."""
    return athena_defaults_removed(athena_names(table))


def table_from_glue(glue: Mapping[str, Any], *, database: str | None = None) -> Table:
    """A Hive or Delta Lake table from a Glue ``Table`` (the ``Table`` of a ``GetTable``
    response).

    Raises:
        CatalogError: the Glue table cannot be expressed as an Athena table spec.
    """
    if is_delta(glue):
        return table_from_delta(glue, database)
    name = str(glue["Name"])
    where = f"glue:{database or glue.get('DatabaseName')}.{name}"
    sd = glue.get("StorageDescriptor") or {}
    params = {k: str(v) for k, v in (glue.get("Parameters") or {}).items()
              if k not in CATALOG_ONLY}
    comment = params.pop("comment", glue.get("Description"))
    args: dict[str, Any] = {
        "name": name, "database": database or glue.get("DatabaseName"), "comment": comment,
        "location": sd.get("Location") or None,
    }
    if sd.get("BucketColumns"):
        args["bucketing"] = Bucketing(tuple(sd["BucketColumns"]), int(sd["NumberOfBuckets"]))
    try:
        args["columns"] = [_column(c, Column) for c in sd.get("Columns") or []]
        partitions = [_column(c, Partition) for c in glue.get("PartitionKeys") or []]
        args["storage"] = storage_from_glue(sd, params)
        _split_properties(params, partitions, args)
        return Table(**args)
    except (SpecError, ValueError) as err:
        raise CatalogError(f"{where}: cannot be read as an Athena table: "
                           f"{str(err).splitlines()[0]}") from None


def _column(data: Mapping[str, Any], cls: type[Any]) -> Any:
    return cls(str(data["Name"]), str(data["Type"]), data.get("Comment"))


def storage_from_glue(sd: Mapping[str, Any], params: dict[str, str]) -> Storage:
    """The :class:`Storage` a StorageDescriptor describes (``skip.header.line.count`` and the
    compression property are taken out of ``params``)."""
    info = sd.get("SerdeInfo") or {}
    serde = info.get("SerializationLibrary")
    in_fmt, out_fmt = sd.get("InputFormat"), sd.get("OutputFormat")
    serde_props = {k: str(v) for k, v in (info.get("Parameters") or {}).items()}
    name = format_for_classes(serde, in_fmt, out_fmt, None)
    kwargs: dict[str, Any] = {}
    if name == "text":
        for attr, key, _ in DELIMITERS:
            if key in serde_props:
                kwargs[attr] = serde_props.pop(key)
    if SERIALIZATION_FORMAT in serde_props and \
            serde_props[SERIALIZATION_FORMAT] in ("1", kwargs.get("field_delimiter")):
        del serde_props[SERIALIZATION_FORMAT]
    if name == "custom":
        kwargs.update(serde=serde, input_format=in_fmt, output_format=out_fmt)
    header = params.pop("skip.header.line.count", None)
    if header is not None:
        if not header.strip().isdigit():
            raise ValueError(f"skip.header.line.count must be an integer, got {header!r}")
        kwargs["header_lines"] = int(header)
    return Storage(format=name, serde_properties=FrozenDict(serde_props), **kwargs)


def _split_properties(params: dict[str, str], partitions: list[Partition],
                      args: dict[str, Any]) -> None:
    storage: Storage = args["storage"]
    key = storage.definition.compression_property
    for candidate in (key, "write.compression"):
        if candidate and candidate in params:
            args["compression"] = params.pop(candidate)
            break
    if "compression_level" in params:
        args["compression_level"] = int(params.pop("compression_level"))
    args["partitions"], config = pop_projection(params, partitions)
    if config is not None:
        args["projection"] = config
    args["properties"] = FrozenDict(params)


def is_known_format(storage: Storage) -> bool:
    return storage.format in FORMATS

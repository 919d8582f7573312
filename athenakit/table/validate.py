"""Table validation: every Athena rule about a table that can be checked offline.

Each rule returns :class:`~athenakit.errors.Diagnostic` values naming the field path. Rules that
AWS's own published examples break (a LOCATION or template without a trailing slash) are
warnings. ``athenakit check`` runs the same rules on CREATE TABLE statements.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from athenakit.errors import Diagnostic, Severity
from athenakit.table.storage import FORMATS

if TYPE_CHECKING:
    from athenakit.table.model import Column, Table

NAMES_DOC = "https://docs.aws.amazon.com/athena/latest/ug/tables-databases-columns-names.html"
LOCATION_DOC = "https://docs.aws.amazon.com/athena/latest/ug/tables-location-format.html"
CREATE_DOC = "https://docs.aws.amazon.com/athena/latest/ug/create-table.html"
PROJECTION_DOC = "https://docs.aws.amazon.com/athena/latest/ug/partition-projection-setting-up.html"
ICEBERG_DOC = "https://docs.aws.amazon.com/athena/latest/ug/querying-iceberg-creating-tables.html"
COMPRESSION_DOC = "https://docs.aws.amazon.com/athena/latest/ug/compression-support.html"
MAX_NAME = 255
_SAFE = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_")
_FILE_SUFFIXES = (".csv", ".json", ".gz", ".parquet", ".orc", ".avro", ".txt", ".log", ".zst",
                  ".bz2", ".snappy", ".tsv", ".jsonl", ".ion")
# Table properties the model owns: set them through their fields, not through ``properties``.
OWNED_PROPERTIES = {
    "projection.enabled": "projection.enabled",
    "storage.location.template": "projection.location_template",
    "skip.header.line.count": "storage.header_lines",
    "table_type": "table_type",
    "parquet.compression": "compression", "orc.compress": "compression",
    "write.compression": "compression", "write_compression": "compression",
    "compression_level": "compression_level",
}
# https://docs.aws.amazon.com/athena/latest/ug/querying-iceberg-creating-tables.html
ICEBERG_PROPERTIES = frozenset({
    "format", "write_compression", "optimize_rewrite_data_file_threshold",
    "optimize_rewrite_delete_file_threshold", "vacuum_min_snapshots_to_keep",
    "vacuum_max_snapshot_age_seconds", "vacuum_max_metadata_files_to_keep",
    "write_target_data_file_size_bytes",
})
ICEBERG_FORMATS = ("parquet", "orc", "avro")
# https://docs.aws.amazon.com/athena/latest/ug/compression-support.html
COMPRESSIONS = {
    "parquet": {"SNAPPY", "GZIP", "ZSTD", "LZ4", "NONE", "UNCOMPRESSED"},
    "orc": {"ZLIB", "SNAPPY", "LZ4", "ZSTD", "NONE"},
    "text": {"GZIP", "BZIP2", "DEFLATE", "LZ4", "LZO", "SNAPPY", "ZSTD", "NONE"},
    "iceberg": {"SNAPPY", "GZIP", "ZSTD", "LZ4", "ZLIB", "NONE"},
}


def error(code: str, path: str, message: str, doc: str = CREATE_DOC) -> Diagnostic:
    return Diagnostic(code, Severity.ERROR, message, path=path, doc=doc)


def warning(code: str, path: str, message: str, doc: str = CREATE_DOC) -> Diagnostic:
    return Diagnostic(code, Severity.WARNING, message, path=path, doc=doc)


def validate_table(table: Table) -> list[Diagnostic]:
    """Every offline-checkable rule for ``table``: errors and warnings, with field paths."""
    out: list[Diagnostic] = []
    out += check_name(table.name, "name")
    if table.database is not None:
        out += check_name(table.database, "database")
    if table.is_delta:
        return out + _check_delta(table)
    out += _check_columns(table)
    out += _check_location(table.location, "location", required=table.is_iceberg)
    out += table.storage.validate("storage", table.properties)
    out += _check_properties(table)
    out += _check_compression(table)
    out += _check_bucketing(table)
    if table.is_iceberg:
        out += _check_iceberg(table)
    else:
        out += _check_projection(table)
    return out


def check_name(name: str, path: str) -> list[Diagnostic]:
    """Name rules shared by databases, tables and columns."""
    # https://docs.aws.amazon.com/athena/latest/ug/tables-databases-columns-names.html
    if not name:
        return [error("AK101", path, "name is empty", NAMES_DOC)]
    if len(name) > MAX_NAME:
        return [error("AK101", path, f"name is {len(name)} characters; Athena allows at most "
                      f"{MAX_NAME}", NAMES_DOC)]
    if any(ord(c) < 32 or c in "`\"" for c in name):
        return [error("AK102", path, f"name {name!r} contains a quote or control character",
                      NAMES_DOC)]
    if not _SAFE.issuperset(name):
        return [warning("AK103", path, f"name {name!r} has characters other than letters, digits "
                        "and underscore; it must always be quoted", NAMES_DOC)]
    return []


def _check_columns(table: Table) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    if not table.columns:
        out.append(error("AK104", "columns", "a table needs at least one column"))
    seen: dict[str, str] = {}
    groups: list[tuple[str, Iterable[Column]]] = [("columns", table.columns),
                                                  ("partitions", table.partitions)]
    for group, cols in groups:
        for i, col in enumerate(cols):
            path = f"{group}[{i}]"
            out += check_name(col.name, f"{path}.name")
            key = col.name.lower()
            if key in seen:
                code, what = (("AK105", "is both a column and a partition column")
                              if seen[key].split("[")[0] != group else
                              ("AK106", "repeats (names are case-insensitive)"))
                out.append(error(code, f"{path}.name", f"{col.name!r} {what}: see {seen[key]}"))
            else:
                seen[key] = path
            if group == "partitions" and not col.type.is_primitive:
                out.append(error("AK107", f"{path}.type",
                                 f"partition column type must be primitive, not {col.type}"))
    return out


def check_location(location: str, path: str) -> list[Diagnostic]:
    """LOCATION shape: an ``s3://bucket/prefix/`` folder."""
    # https://docs.aws.amazon.com/athena/latest/ug/tables-location-format.html
    if not location.startswith("s3://"):
        return [error("AK110", path, f"location {location!r} must start with s3:// (not s3a://, "
                      "https:// or an ARN)", LOCATION_DOC)]
    rest = location[len("s3://"):]
    if not rest or rest.startswith("/"):
        return [error("AK111", path, f"location {location!r} has no bucket", LOCATION_DOC)]
    if any(c in rest for c in "*?[]{}"):
        return [error("AK112", path, f"location {location!r} contains a glob; Athena reads every "
                      "object under a folder", LOCATION_DOC)]
    if "//" in rest:
        return [error("AK113", path, f"location {location!r} has an empty path segment (//)",
                      LOCATION_DOC)]
    last = rest.rsplit("/", 1)[-1]  # empty with a trailing '/': a folder, whatever its name
    if "/" in rest and last.lower().endswith(_FILE_SUFFIXES):
        return [error("AK114", path, f"location {location!r} names a file; give its folder",
                      LOCATION_DOC)]
    if not location.endswith("/"):
        return [warning("AK115", path, f"location {location!r} should end with '/'",
                        LOCATION_DOC)]
    return []


def _check_location(location: str | None, path: str, *, required: bool) -> list[Diagnostic]:
    if location is None:
        return [error("AK116", path, "Iceberg tables need a location", ICEBERG_DOC)] \
            if required else []
    return check_location(location, path)


def _check_properties(table: Table) -> list[Diagnostic]:
    out = []
    for key in table.properties:
        if not key:
            out.append(error("AK117", "properties", "a table property has an empty name"))
        owner = OWNED_PROPERTIES.get(key)
        if owner is None and key.startswith("projection."):
            owner = "partitions[].projection"
        if owner:
            out.append(error("AK118", f"properties.{key}",
                             f"set {key!r} through the {owner} field, not properties"))
    return out


def _check_compression(table: Table) -> list[Diagnostic]:
    if table.compression is None:
        if table.compression_level is not None:
            return [error("AK180", "compression_level", "compression_level needs compression ZSTD",
                          COMPRESSION_DOC)]
        return []
    kind = "iceberg" if table.is_iceberg else table.storage.format
    if kind not in ("iceberg", "parquet", "orc") and FORMATS.get(kind, None) is not None \
            and FORMATS[kind].compression_property == "write.compression":
        kind = "text"
    allowed = COMPRESSIONS.get(kind)
    if allowed is None:
        return [error("AK181", "compression", f"format {table.storage.format!r} has no "
                      "compression property; remove compression", COMPRESSION_DOC)]
    if table.compression not in allowed:
        return [error("AK182", "compression", f"{table.compression} is not a {kind} compression; "
                      "use one of " + ", ".join(sorted(allowed)), COMPRESSION_DOC)]
    level = table.compression_level
    if level is not None and (table.compression != "ZSTD" or not 1 <= level <= 22):
        return [error("AK180", "compression_level",
                      "compression_level applies to ZSTD only and must be 1..22", COMPRESSION_DOC)]
    return []


def _check_bucketing(table: Table) -> list[Diagnostic]:
    if table.bucketing is None:
        return []
    out = []
    if not table.bucketing.columns:
        out.append(error("AK170", "bucketing.columns", "bucketing needs at least one column"))
    for i, name in enumerate(table.bucketing.columns):
        if not any(c.name.lower() == name.lower() for c in table.columns):
            out.append(error("AK171", f"bucketing.columns[{i}]",
                             f"bucketing column {name!r} is not a data column"))
    if not 1 <= table.bucketing.count <= 100_000:
        out.append(error("AK172", "bucketing.count", "bucket count must be 1..100000"))
    return out


def _check_iceberg(table: Table) -> list[Diagnostic]:
    from athenakit.table.iceberg import validate_iceberg

    return validate_iceberg(table)


def _check_delta(table: Table) -> list[Diagnostic]:
    """A Delta Lake table has a location and nothing else but its name and database."""
    # https://docs.aws.amazon.com/athena/latest/ug/delta-lake-tables-getting-started.html
    from athenakit.table.delta import DELTA_DOC, extras

    if table.location is None:
        out = [error("AK194", "location", "a Delta Lake table needs the location of its Delta "
                     "log's folder", DELTA_DOC)]
    else:
        out = check_location(table.location, "location")
    return out + [error("AK193", path, "a Delta Lake table takes only a location and "
                        f"'table_type'='DELTA': {what}", DELTA_DOC)
                  for path, what in extras(table)]


def _check_projection(table: Table) -> list[Diagnostic]:
    from athenakit.table.projection_rules import validate_projection

    return validate_projection(table)

"""The objects under a location: listing, sampling, partition folders and crawler pitfalls.

Athena reads every object under a table's location except those whose name starts with ``_``
or ``.``; Glue crawler exclusion patterns are not honoured by Athena, so stray files are read as
data. Hive-style ``k=v`` folders are partitions; ``yyyy/MM/dd[/HH]`` and ``dt=yyyy-MM-dd``
layouts are proposed as date partition projection.
https://docs.aws.amazon.com/athena/latest/ug/tables-location-format.html
https://docs.aws.amazon.com/athena/latest/ug/partition-projection-kinesis-firehose-example.html
"""

from __future__ import annotations

import os
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from athenakit.table.model import Partition
from athenakit.table.projection import DateProjection

COMPRESSIONS = {".gz": "GZIP", ".bz2": "BZIP2", ".zst": "ZSTD", ".snappy": "SNAPPY",
                ".lz4": "LZ4", ".deflate": "DEFLATE"}
FORMATS = {".parquet": "parquet", ".orc": "orc", ".avro": "avro", ".csv": "csv", ".tsv": "tsv",
           ".json": "json", ".jsonl": "json", ".ndjson": "json", ".txt": "csv"}
NOT_DATA = (".crc", ".manifest", ".metadata.json", ".json.sig", "_SUCCESS", ".avsc")


@dataclass(frozen=True)
class Obj:
    """One listed object: its key relative to the location, and size."""

    key: str
    size: int

    @property
    def folders(self) -> list[str]:
        return self.key.split("/")[:-1]

    @property
    def name(self) -> str:
        return self.key.rsplit("/", 1)[-1]

    @property
    def hidden(self) -> bool:
        return any(p.startswith(("_", ".")) for p in self.key.split("/"))


def file_format(name: str) -> tuple[str | None, str | None]:
    """(format, compression) from a file name's extensions."""
    lower = name.lower()
    compression = None
    for ext, codec in COMPRESSIONS.items():
        if lower.endswith(ext):
            compression, lower = codec, lower[: -len(ext)]
    if lower.endswith((".snappy.parquet", ".gz.parquet")):
        return "parquet", None
    for ext, fmt in FORMATS.items():
        if lower.endswith(ext):
            return fmt, compression
    return None, compression


# file signatures: https://parquet.apache.org/docs/file-format/ (PAR1), ORC ("ORC"), Avro
# object container files ("Obj" + 1), gzip (1f 8b)
_MAGIC = ((b"PAR1", "parquet"), (b"ORC", "orc"), (b"Obj\x01", "avro"), (b"\x1f\x8b", "gzip"))


def format_from_magic(head: bytes) -> str:
    """``parquet`` / ``orc`` / ``avro`` / ``gzip`` from a file's first bytes, else ``text``."""
    return next((name for sig, name in _MAGIC if head.startswith(sig)), "text")


def list_local(root: Path) -> list[Obj]:
    out = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        for name in sorted(filenames):
            full = Path(dirpath) / name
            out.append(Obj(full.relative_to(root).as_posix(), full.stat().st_size))
    return out


def list_s3(s3: Any, location: str) -> list[Obj]:
    """Every object under ``s3://bucket/prefix/``: one flat ``ListObjectsV2`` listing, 1,000
    keys a page (a folder-by-folder walk costs a request per folder)."""
    bucket, _, prefix = location.removeprefix("s3://").partition("/")
    out: list[Obj] = []
    for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix):
        out.extend(Obj(o["Key"][len(prefix):], int(o["Size"])) for o in page.get("Contents", [])
                   if not o["Key"].endswith("/"))
    return sorted(out, key=lambda o: o.key)


def sample(objects: Sequence[Obj], limit: int) -> list[Obj]:
    """Up to ``limit`` objects spread over the listing: the first and last of every partition
    folder group first (where schemas change), then evenly spaced ones."""
    if len(objects) <= limit:
        return list(objects)
    groups: dict[str, list[Obj]] = {}
    for obj in objects:
        groups.setdefault("/".join(obj.folders[:1]), []).append(obj)
    picked: dict[str, Obj] = {}
    for members in groups.values():
        for obj in (members[0], members[-1]):
            if len(picked) < limit:
                picked[obj.key] = obj
    step = max(1, len(objects) // max(1, limit - len(picked)))
    for obj in objects[::step]:
        if len(picked) >= limit:
            break
        picked.setdefault(obj.key, obj)
    return sorted(picked.values(), key=lambda o: o.key)


# -- partitions ------------------------------------------------------------------------------

_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass
class Layout:
    partitions: list[Partition]
    template: str | None  # storage.location.template suffix after the location
    notes: list[str]


def partition_layout(objects: Sequence[Obj]) -> Layout:
    """Partition columns (Hive ``k=v``) or a date projection (``yyyy/MM/dd[/HH]``)."""
    depths = Counter(len(o.folders) for o in objects)
    if not depths:
        return Layout([], None, [])
    depth = depths.most_common(1)[0][0]
    notes = []
    if len(depths) > 1:
        notes.append(f"files sit at {len(depths)} different folder depths; the partition "
                     f"layout is read from the {depths[depth]} files at depth {depth}")
    rows = [o.folders for o in objects if len(o.folders) == depth]
    if depth == 0:
        return Layout([], None, notes)
    if all("=" in seg for row in rows for seg in row):
        return _hive(rows, notes)
    dated = _dated(rows)
    if dated:
        return Layout([dated[0]], dated[1], notes)
    notes.append("sub-folders are neither k=v nor a date layout: not read as partitions "
                 "(Athena reads them all as one table)")
    return Layout([], None, notes)


def _hive(rows: list[list[str]], notes: list[str]) -> Layout:
    names = [seg.split("=", 1)[0].lower() for seg in rows[0]]
    parts = []
    for i, name in enumerate(names):
        values = sorted({row[i].split("=", 1)[1] for row in rows})
        if all(re.fullmatch(r"-?\d+", v) for v in values):
            kind = "int" if all(abs(int(v)) < 2**31 for v in values) else "bigint"
            parts.append(Partition(name, kind))
        elif all(_DAY.match(v) for v in values):
            parts.append(Partition(name, "string", projection=DateProjection(
                (values[0], "NOW"), "yyyy-MM-dd")))
            notes.append(f"partition {name}: daily dates from {values[0]}; proposed as "
                         "date projection (no partition registration needed)")
        else:
            parts.append(Partition(name, "string"))
    if len(parts) > 1 and any(p.projection for p in parts):
        parts = [p if p.projection else Partition(p.name, p.type) for p in parts]
        notes.append("projection needs every partition column configured; only the date "
                     "column got one, so projection is proposed off")
        parts = [Partition(p.name, p.type) for p in parts]
    return Layout(parts, None, notes)


def _dated(rows: list[list[str]]) -> tuple[Partition, str] | None:
    shapes = [(r"\d{4}", "yyyy"), (r"\d{2}", "MM"), (r"\d{2}", "dd"), (r"\d{2}", "HH")]
    depth = len(rows[0])
    if depth not in (3, 4) or not all(
            re.fullmatch(shapes[i][0], seg) for row in rows for i, seg in enumerate(row)):
        return None
    fmt = "/".join(s[1] for s in shapes[:depth])
    first = "/".join(min(rows))
    hourly = depth == 4
    projection = DateProjection((first, "NOW"), fmt, "1" if hourly else None,
                                "HOURS" if hourly else None)
    return Partition("dt", "string", projection=projection), "${dt}/"


# -- pitfalls --------------------------------------------------------------------------------

def pitfalls(objects: Sequence[Obj], chosen: str) -> list[str]:
    """What a crawler user trips over: hidden objects, other formats, metadata files."""
    notes = []
    hidden = [o.key for o in objects if o.hidden]
    if hidden:
        notes.append(f"{len(hidden)} object(s) start with '_' or '.' and are skipped by "
                     f"Athena (e.g. {hidden[0]})")
    visible = [o for o in objects if not o.hidden]
    stray = [o.key for o in visible if o.key.endswith(NOT_DATA)]
    other = [o.key for o in visible if o.key not in stray
             and file_format(o.name)[0] not in (chosen, None)]
    if stray:
        notes.append(f"{len(stray)} metadata/manifest object(s) would be read as data by "
                     f"Athena (crawler exclusions do not apply to Athena), e.g. {stray[0]}")
    if other:
        notes.append(f"{len(other)} object(s) of another format than {chosen} sit under the "
                     f"location and would be read as {chosen} data, e.g. {other[0]}")
    return notes

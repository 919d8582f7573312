"""Parquet, ORC and Avro schemas from the files' own metadata (footers and headers only)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from athenakit.infer.layout import Obj
from athenakit.infer.sources import Source
from athenakit.infer.types import arrow_type, avro_type, merge


def file_columns(source: Source, obj: Obj, fmt: str, notes: list[str]) -> dict[str, str]:
    """Column name (lower case) -> Athena type of one file."""
    with source.open(obj) as f:
        if fmt == "parquet":
            import pyarrow.parquet as pq

            schema = pq.read_schema(f)
        elif fmt == "orc":
            from pyarrow import orc

            schema = orc.ORCFile(f).schema
        else:
            import fastavro

            writer: Any = fastavro.reader(f).writer_schema
            return {fl["name"].lower(): avro_type(fl["type"]) for fl in writer["fields"]}
    return {n.lower(): arrow_type(schema.field(n).type, notes, f"column {n.lower()}")
            for n in schema.names}


def avro_schema(source: Source, obj: Obj) -> str:
    """The writer schema of an Avro file, as avro.schema.literal."""
    import fastavro

    with source.open(obj) as f:
        return json.dumps(fastavro.reader(f).writer_schema, separators=(",", ":"))


def merged_columns(source: Source, objects: Sequence[Obj], fmt: str,
                   notes: list[str]) -> dict[str, str]:
    """The columns of every sampled file, merged; differences go to ``notes``; sibling
    top-level folders with different column sets are reported as separate tables."""
    merged: dict[str, str] = {}
    by_folder: dict[str, set[str]] = {}
    for index, obj in enumerate(objects):
        columns = file_columns(source, obj, fmt, notes)
        top = obj.folders[0] if obj.folders else ""
        by_folder.setdefault(top, set()).update(columns)
        for name, kind in columns.items():
            if name not in merged:
                if index:
                    notes.append(f"{obj.key}: column {name} is not in earlier files (NULL there)")
                merged[name] = kind
                continue
            wider = merge(merged[name], kind)
            if wider is None:
                notes.append(f"{obj.key}: column {name} is {kind}, earlier files have "
                             f"{merged[name]}; Athena cannot read both (kept {merged[name]})")
            else:
                merged[name] = wider
    _siblings(by_folder, notes)
    return merged


def _siblings(by_folder: dict[str, set[str]], notes: list[str]) -> None:
    shapes = {frozenset(v) for v in by_folder.values()}
    if len(by_folder) > 1 and len(shapes) > 1 and not any("=" in k for k in by_folder):
        folders = ", ".join(sorted(by_folder)[:4])
        notes.append(f"sibling folders ({folders}) hold files with different columns: they "
                     "look like separate tables, not partitions of one")


def column_list(columns: dict[str, Any]) -> list[tuple[str, str]]:
    return list(columns.items())

"""End to end: Athena DDL over data files, per storage format and partition layout.

Each case in ``storage/*.yaml`` holds ``ddl`` (the CREATE TABLE Athena would get, locations
under ``s3://conf/``), ``files`` (path under the bucket -> content), optional ``setup``
statements (ALTER TABLE ADD PARTITION, MSCK REPAIR TABLE), then ``sql`` with the ``rows``
Athena returns (or the ``error`` it fails with) and ``doc``: the page whose rule decides it.

A file's content is text, or a mapping for binary files: ``{gzip|bzip2|zstd: text}``,
``{parquet|orc: {column: [values]}}``, ``{avro: {schema: ..., records: [...]}}``.
"""

from __future__ import annotations

import bz2
import gzip
import io
import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from test_conformance import _rows_match

from athenakit.errors import AthenakitError
from athenakit.local.engine import LocalEngine

CASES = Path(__file__).parent / "storage"


def _load() -> list[Any]:
    out = []
    for file in sorted(CASES.glob("*.yaml")):
        for case in yaml.safe_load(file.read_text(encoding="utf-8")):
            out.append(pytest.param(case, id=f"{file.stem}-{case['name']}"))
    return out


def _encode(content: Any) -> bytes:
    if isinstance(content, str):
        return content.encode()
    [(kind, value)] = content.items()
    if kind == "gzip":
        return gzip.compress(value.encode(), mtime=0)
    if kind == "bzip2":
        return bz2.compress(value.encode())
    buffer = io.BytesIO()
    if kind == "zstd":
        import pyarrow as pa

        sink = pa.BufferOutputStream()
        with pa.CompressedOutputStream(sink, "zstd") as out:
            out.write(value.encode())
        return bytes(sink.getvalue().to_pybytes())
    if kind in ("parquet", "orc"):
        import pyarrow as pa
        import pyarrow.parquet as pq
        from pyarrow import orc

        table = pa.table(value)
        pq.write_table(table, buffer) if kind == "parquet" else orc.write_table(table, buffer)
        return buffer.getvalue()
    if kind == "avro":
        import fastavro

        fastavro.writer(buffer, fastavro.parse_schema(value["schema"]), value["records"])
        return buffer.getvalue()
    raise ValueError(f"unknown file kind {kind}")


@pytest.mark.parametrize("case", _load())
def test_local_engine_reads_storage_as_athena_does(tmp_path: Path, case: dict[str, Any]) -> None:
    for name, content in case["files"].items():
        path = tmp_path / "conf" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(_encode(content))
    engine = LocalEngine(s3_root=tmp_path)
    for statement in [case["ddl"], *case.get("setup", [])]:
        engine.run(statement)
    if "error" in case:
        with pytest.raises(AthenakitError, match=case["error"]):
            engine.run(case["sql"])
        return
    rows = [list(r) for r in engine.run(case["sql"]).rows]
    assert _rows_match(rows, case["rows"], bool(case.get("ordered"))), (
        f"{case['sql']}\n got {rows}\nwant {case['rows']}\n doc {case['doc']}")


def test_every_storage_format_and_layout_has_a_case() -> None:
    names = {p.values[0]["name"] for p in _load()}  # type: ignore[index]
    text = json.dumps([p.values[0]["ddl"] for p in _load()])  # type: ignore[index]
    for serde in ("LazySimpleSerDe", "OpenCSVSerde", "JsonSerDe", "openx", "RegexSerDe",
                  "PARQUET", "ORC", "AVRO", "projection.enabled", "storage.location.template",
                  "injected", "PARTITIONED BY"):
        assert serde.lower() in text.lower(), serde
    assert len(names) == len(_load())

"""Fixtures for the scan estimate: tables written with pyarrow under a temporary S3 root, and
the bytes Athena reads of them, computed from the Parquet format itself (pyarrow's reading of
each file's footer), not from athenakit.

Parquet layout (https://parquet.apache.org/docs/file-format/): column chunks, then the footer,
its 4-byte length and ``PAR1``. Reading some columns reads their chunks and the footer.
"""

from __future__ import annotations

import gzip
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pytest

from athenakit.table.model import Column, Partition, ProjectionConfig, Table
from athenakit.table.projection import DateProjection
from athenakit.table.storage import Storage

BUCKET = "lake"
DAYS = ["2024-02-27", "2024-02-28", "2024-02-29", "2024-03-01", "2024-03-02"]


@dataclass(frozen=True)
class Lake:
    root: Path
    events: Table        # Parquet, Hive partitions dt=... (no projection)
    projected: Table     # the same files, partition projection on dt
    cities: Table        # gzip CSV, unpartitioned


def parquet_bytes(files: Iterable[Path], columns: Iterable[str]) -> int:
    """Bytes of ``columns`` (top-level names) in ``files``: their chunks plus each footer."""
    import pyarrow.parquet as pq

    wanted = {c.lower() for c in columns}
    total = 0
    for path in files:
        meta = pq.read_metadata(path)
        total += meta.serialized_size + 8  # footer, its length, the closing magic
        for group in range(meta.num_row_groups):
            for index in range(meta.num_columns):
                chunk = meta.row_group(group).column(index)
                if chunk.path_in_schema.split(".")[0].lower() in wanted:
                    total += chunk.total_compressed_size
    return total


def files_under(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file()
                  and not any(part.startswith(("_", ".")) for part in p.relative_to(folder).parts))


@pytest.fixture(scope="session")
def lake(tmp_path_factory: pytest.TempPathFactory) -> Lake:
    import pyarrow as pa
    import pyarrow.parquet as pq

    root = tmp_path_factory.mktemp("s3")
    for number, day in enumerate(DAYS):
        folder = root / BUCKET / "events" / f"dt={day}"
        folder.mkdir(parents=True)
        for part in range(2):
            rows = 2000 * (number + 1) + part
            table = pa.table({
                "id": pa.array(range(rows), pa.int64()),
                "city": pa.array([f"city-{i % 37}" for i in range(rows)]),
                "payload": pa.array([{"k": f"v{i}", "n": i} for i in range(rows)]),
                "amount": pa.array([i * 0.5 for i in range(rows)]),
            })
            pq.write_table(table, folder / f"part-{part}.parquet", row_group_size=1500)
        (folder / "_SUCCESS").write_bytes(b"")  # hidden from Athena
    cities = root / BUCKET / "cities"
    cities.mkdir(parents=True)
    for part in range(3):
        text = "".join(f"city-{i},country-{i % 5}\n" for i in range(200 * (part + 1)))
        (cities / f"cities-{part}.csv.gz").write_bytes(gzip.compress(text.encode()))
    columns = (Column("id", "bigint"), Column("city", "string"),
               Column("payload", "struct<k:string,n:bigint>"), Column("amount", "double"))
    events = Table(name="events", database="lake", location=f"s3://{BUCKET}/events/",
                   columns=columns, partitions=(Partition("dt", "string"),),
                   storage=Storage(format="parquet"))
    projected = Table(
        name="events_projected", database="lake", location=f"s3://{BUCKET}/events/",
        columns=columns, partitions=(Partition("dt", "string", projection=DateProjection(
            range=("2024-01-01", "2024-12-31"), format="yyyy-MM-dd")),),
        projection=ProjectionConfig(location_template=f"s3://{BUCKET}/events/dt=${{dt}}/"),
        storage=Storage(format="parquet"))
    city_table = Table(name="cities", database="lake", location=f"s3://{BUCKET}/cities/",
                       columns=(Column("city", "string"), Column("country", "string")),
                       storage=Storage(format="csv"))
    return Lake(root, events, projected, city_table)

"""How many bytes of a Parquet file each column occupies, from its footer alone.

A Parquet file ends with its metadata (the footer), a 4-byte little-endian footer length and the
magic ``PAR1``. One ranged read of the last 64 KiB usually holds all three; a larger footer costs
one more read. The footer lists every column chunk of every row group with its compressed size,
which is what Athena reads for the columns a query uses (before predicate pushdown skips row
groups).

https://parquet.apache.org/docs/file-format/metadata/
"""

from __future__ import annotations

from dataclasses import dataclass

from athenakit.errors import ConfigError
from athenakit.estimate.objects import Object, Store

TAIL_BYTES = 64 * 1024
"""The first ranged read takes this much of the end of the file."""

_MAGIC = b"PAR1"


@dataclass(frozen=True)
class ParquetColumns:
    """What a Parquet footer says about one file.

    Attributes:
        footer_bytes: the footer with its length and magic (read for every query).
        column_bytes: top-level column (lower case) -> compressed bytes of its chunks in all row
            groups (nested fields add up under their top-level column).
    """

    footer_bytes: int
    column_bytes: dict[str, int]

    def bytes_for(self, columns: list[str]) -> int:
        """Bytes read for ``columns``: their chunks plus the footer."""
        return self.footer_bytes + sum(self.column_bytes.get(c.lower(), 0) for c in columns)


def parquet_columns(store: Store, obj: Object) -> ParquetColumns:
    """Read one Parquet file's footer with ranged reads and total its column chunks.

    Raises:
        ConfigError: the object is not a Parquet file.
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    footer = _footer(store, obj)
    try:
        meta = pq.read_metadata(pa.BufferReader(_MAGIC + footer))
    except (OSError, ValueError) as err:
        raise ConfigError(f"{obj.uri}: unreadable Parquet footer ({err})") from err
    sizes: dict[str, int] = {}
    for group in range(meta.num_row_groups):
        row_group = meta.row_group(group)
        for index in range(row_group.num_columns):
            chunk = row_group.column(index)
            top = chunk.path_in_schema.split(".", 1)[0].lower()
            sizes[top] = sizes.get(top, 0) + int(chunk.total_compressed_size)
    return ParquetColumns(footer_bytes=len(footer), column_bytes=sizes)


def _footer(store: Store, obj: Object) -> bytes:
    """The footer, its length and the closing magic: the last ``length + 8`` bytes."""
    if obj.size < 12:
        raise ConfigError(f"{obj.uri}: {obj.size} bytes is too small for a Parquet file")
    start = max(0, obj.size - TAIL_BYTES)
    tail = store.read(obj.uri, start, obj.size)
    if tail[-4:] != _MAGIC:
        raise ConfigError(f"{obj.uri} is not a Parquet file (it does not end with PAR1)")
    need = int.from_bytes(tail[-8:-4], "little") + 8
    if need > obj.size - 4:
        raise ConfigError(f"{obj.uri}: Parquet footer length {need - 8} exceeds the file")
    if need > len(tail):
        tail = store.read(obj.uri, obj.size - need, start) + tail
    return tail[-need:]

"""How many bytes of an ORC file each top-level column occupies, from its tail and stripe
footers alone.

An ORC file ends with its footer, a PostScript and one byte giving the PostScript's length. The
footer lists the stripes (offset, index, data and footer lengths) and the type tree; each stripe
footer lists its streams with their column and length. A column's bytes are its streams' (row
index and data) in every stripe; a query also reads each stripe footer and the file tail. The
tail takes one ranged read (two when it is large), each stripe footer one more.

Protobuf messages are read with :mod:`athenakit.protobuf`: the fields used are few and stable.
Compression: NONE, ZLIB, SNAPPY and ZSTD (LZO and LZ4 chunks carry no size a reader could trust
without the codec's framing, so such files count whole).

https://orc.apache.org/specification/ORCv1/
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass

from athenakit import protobuf
from athenakit.errors import ConfigError
from athenakit.estimate.objects import Object, Store

TAIL_BYTES = 16 * 1024
_NONE, _ZLIB, _SNAPPY, _ZSTD = 0, 1, 2, 5


@dataclass(frozen=True)
class OrcColumns:
    """What one ORC file's tail and stripe footers say.

    Attributes:
        fixed_bytes: read for every query: the tail, every stripe footer and the root column's
            streams.
        column_bytes: top-level column (lower case) -> bytes of its streams in all stripes.
    """

    fixed_bytes: int
    column_bytes: dict[str, int]

    def bytes_for(self, columns: list[str]) -> int:
        """Bytes read for ``columns``: their streams plus the fixed part."""
        return self.fixed_bytes + sum(self.column_bytes.get(c.lower(), 0) for c in columns)


class Unsupported(Exception):
    """The file uses a compression this reader does not decode."""


def orc_columns(store: Store, obj: Object) -> OrcColumns:
    """Read one ORC file's tail and stripe footers and total each column's streams.

    Raises:
        Unsupported: LZO/LZ4 compression (count the file whole).
        ConfigError: the object is not an ORC file.
    """
    try:
        return _orc_columns(store, obj)
    except (IndexError, KeyError, ValueError, zlib.error) as err:
        raise ConfigError(f"{obj.uri}: unreadable ORC tail ({err})") from err


def _orc_columns(store: Store, obj: Object) -> OrcColumns:
    tail = store.read(obj.uri, max(0, obj.size - TAIL_BYTES), obj.size)
    ps_length = tail[-1]
    postscript = _fields(tail[-1 - ps_length:-1])
    if postscript.get(8000, [b""])[0] != b"ORC":
        raise ConfigError(f"{obj.uri} is not an ORC file (no ORC PostScript at its end)")
    footer_length = postscript[1][0]
    metadata_length = postscript.get(5, [0])[0]
    codec = postscript.get(2, [_NONE])[0]
    if codec not in (_NONE, _ZLIB, _SNAPPY, _ZSTD):
        raise Unsupported(f"ORC compression kind {codec}")
    tail_length = 1 + ps_length + footer_length + metadata_length
    if tail_length > len(tail):
        tail = store.read(obj.uri, obj.size - tail_length, obj.size)
    raw = tail[len(tail) - 1 - ps_length - footer_length:len(tail) - 1 - ps_length]
    footer = _fields(_decompress(raw, codec))
    spans = _top_level_spans([_fields(t) for t in footer.get(4, [])])
    sizes = dict.fromkeys((name for name, _ in spans), 0)
    fixed = tail_length
    for stripe in (_fields(s) for s in footer.get(3, [])):
        offset, index, data, length = (stripe.get(k, [0])[0] for k in (1, 2, 3, 4))
        fixed += length
        raw_footer = store.read(obj.uri, offset + index + data, offset + index + data + length)
        for stream in (_fields(s) for s in _fields(_decompress(raw_footer, codec)).get(1, [])):
            column, size = stream.get(2, [0])[0], stream.get(3, [0])[0]
            name = _owner(spans, column)
            if name is None:
                fixed += size  # the root struct's own streams
            else:
                sizes[name] += size
    return OrcColumns(fixed_bytes=fixed, column_bytes=sizes)


def _top_level_spans(types: list[dict[int, list]]) -> list[tuple[str, range]]:  # type: ignore[type-arg]
    """(name, column ids of its subtree) per top-level column; ids are in pre-order."""
    root = types[0]
    ids = _packed(root.get(2, []))
    names = [n.decode("utf-8").lower() for n in root.get(3, [])]
    ends = [*ids[1:], len(types)]
    return [(name, range(start, end)) for name, start, end in zip(names, ids, ends)]


def _owner(spans: list[tuple[str, range]], column: int) -> str | None:
    for name, ids in spans:
        if column in ids:
            return name
    return None


def _decompress(data: bytes, codec: int) -> bytes:
    """ORC's compressed stream: chunks, each behind a 3-byte header (length << 1 | original)."""
    if codec == _NONE:
        return data
    out, pos = bytearray(), 0
    while pos < len(data):
        header = int.from_bytes(data[pos:pos + 3], "little")
        length, original = header >> 1, header & 1
        chunk = data[pos + 3:pos + 3 + length]
        out += chunk if original else _inflate(chunk, codec)
        pos += 3 + length
    return bytes(out)


def _inflate(chunk: bytes, codec: int) -> bytes:
    if codec == _ZLIB:
        return zlib.decompress(chunk, -15)
    import pyarrow as pa

    size = protobuf.varint(chunk, 0)[0] if codec == _SNAPPY else _zstd_content_size(chunk)
    return bytes(pa.Codec("snappy" if codec == _SNAPPY else "zstd").decompress(
        chunk, decompressed_size=size, asbytes=True))


def _zstd_content_size(frame: bytes) -> int:
    """The frame content size from a zstd frame header (RFC 8878, 3.1.1.1)."""
    descriptor = frame[4]
    fcs_flag, single, dict_flag = descriptor >> 6, (descriptor >> 5) & 1, descriptor & 3
    pos = 5 + (0 if single else 1) + (0, 1, 2, 4)[dict_flag]
    width = (1 if single else 0, 2, 4, 8)[fcs_flag]
    if width == 0:
        raise Unsupported("a zstd frame without its content size")
    size = int.from_bytes(frame[pos:pos + width], "little")
    return size + 256 if width == 2 else size


def _fields(message: bytes) -> dict[int, list]:  # type: ignore[type-arg]
    """A protobuf message's fields: number -> values (ints, or bytes for length-delimited)."""
    out: dict[int, list] = {}  # type: ignore[type-arg]
    for number, value in protobuf.fields(message):
        out.setdefault(number, []).append(value)
    return out


def _packed(values: list[int | bytes]) -> list[int]:
    """A repeated uint32 field, packed (one bytes value) or not."""
    out: list[int] = []
    for value in values:
        if isinstance(value, int):
            out.append(value)
            continue
        pos = 0
        while pos < len(value):
            number, pos = protobuf.varint(value, pos)
            out.append(number)
    return out

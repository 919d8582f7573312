"""The protocol buffer wire format: varints and the fields of one message, read and written.

Enough for the small messages athenakit handles without a protobuf library: Athena's
``<query id>.csv.metadata`` result metadata (read by the runner, written by ``athenakit serve``)
and the tail of ORC files (PostScript, footer, stripe footers). Reading skips fixed-width fields
and refuses groups (wire types 3 and 4); writing produces varints (wire type 0) and
length-delimited fields (wire type 2) only.

https://protobuf.dev/programming-guides/encoding/
"""

from __future__ import annotations

from collections.abc import Iterator


def varint(data: bytes, pos: int) -> tuple[int, int]:
    """The varint starting at ``pos`` and the position after it.

    Example:
        >>> varint(bytes([0xAC, 0x02]), 0)
        (300, 2)
    """
    value = shift = 0
    while True:
        byte = data[pos]
        value |= (byte & 0x7F) << shift
        pos += 1
        if not byte & 0x80:
            return value, pos
        shift += 7


def fields(message: bytes) -> Iterator[tuple[int, int | bytes]]:
    """(field number, value) of each field of one message: ints for varints, bytes for
    length-delimited fields (strings, nested messages, packed repeated fields).

    Raises:
        ValueError: a group, or a wire type that does not exist.
    """
    pos = 0
    while pos < len(message):
        key, pos = varint(message, pos)
        number, wire = key >> 3, key & 7
        if wire == 0:
            value, pos = varint(message, pos)
            yield number, value
        elif wire == 2:
            length, pos = varint(message, pos)
            yield number, message[pos:pos + length]
            pos += length
        elif wire in (1, 5):
            pos += 8 if wire == 1 else 4
        else:
            raise ValueError(f"unsupported protobuf wire type {wire}")


def encode_varint(value: int) -> bytes:
    """``value`` (not negative) as a varint, the inverse of :func:`varint`.

    Raises:
        ValueError: a negative value (int32/int64 negatives take ten bytes; not needed here).

    Example:
        >>> encode_varint(300).hex()
        'ac02'
    """
    if value < 0:
        raise ValueError(f"cannot encode negative varint {value}")
    out = bytearray()
    while True:
        low, value = value & 0x7F, value >> 7
        if not value:
            out.append(low)
            return bytes(out)
        out.append(low | 0x80)


def field(number: int, value: int | bool | bytes | str) -> bytes:
    """One field: a varint (ints, bools, enum numbers) or length-delimited (bytes, UTF-8 text,
    a nested message's bytes), the inverse of one item of :func:`fields`.

    Example:
        >>> field(4, "n").hex(), field(9, 2).hex()
        ('22016e', '4802')
    """
    if isinstance(value, (bool, int)):
        return encode_varint(number << 3) + encode_varint(int(value))
    data = value.encode("utf-8") if isinstance(value, str) else value
    return encode_varint(number << 3 | 2) + encode_varint(len(data)) + data

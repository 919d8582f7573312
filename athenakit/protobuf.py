"""Reading the protocol buffer wire format: varints and the fields of one message.

Enough for the two small messages athenakit reads without a protobuf library: Athena's
``<query id>.csv.metadata`` result metadata and the tail of ORC files (PostScript, footer,
stripe footers). Fixed-width fields are skipped; groups (wire types 3 and 4) are refused.

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

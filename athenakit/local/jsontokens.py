"""JSON lines parsed the way Athena's JSON SerDes parse them, keeping what their decoders see.

Both SerDes see more than Python's ``json`` values: whether a scalar was a quoted string or a
bare literal (a number keeps the text it was written with, ``1.50`` stays ``1.50``), and, for the
OpenX SerDe, text that is not strict JSON. A bare literal is a :class:`Bare` (``str``; ``true`` and ``false`` may also come as
Python booleans), a quoted string a plain ``str``, ``null`` is ``None``, objects are ``dict`` (a repeated key: the last value,
at the last position) and arrays ``list``.

* Hive JSON SerDe: Jackson (Trino's JsonDeserializer), strict JSON: ``NaN`` and ``Infinity`` are
  not numbers; text after the first value is not read.
* OpenX JSON SerDe: Trino's lenient ``openxjson.JsonReader``: comments, single-quoted and bare
  strings, ``=`` / ``=>`` between keys and values, ``;`` separators, missing array items (NULL).
  Strict JSON goes through Python's parser first, which reads it the same way.

https://docs.aws.amazon.com/athena/latest/ug/json-serde.html
"""

from __future__ import annotations

import json
from typing import Any


class Bare(str):
    """A bare (unquoted) JSON literal: a number as written, ``true``, ``false``, ``NaN``..."""

    __slots__ = ()


class Malformed(ValueError):
    """The line is not JSON the SerDe reads."""


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    # JsonReader: "jsonObject.remove(key); jsonObject.put(key, nextValue())" -- the last value of
    # a repeated key, at its last position (Jackson's field loop also keeps the last one)
    out: dict[str, Any] = {}
    for key, value in pairs:
        out.pop(key, None)
        out[key] = value
    return out


def _bare_constant(text: str) -> Bare:
    return Bare(text)


def _no_constant(text: str) -> Any:
    raise Malformed(f"Non-standard token '{text}'")


def _distinct_pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    # https://docs.aws.amazon.com/athena/latest/ug/hive-json-serde.html : "The Hive JSON SerDe
    # does not allow duplicate keys in map or struct key names" (Trino's JsonDeserializer keeps
    # the last value): refused rather than guessed
    out = dict(pairs)
    if len(out) != len(pairs):
        from athenakit.local.errors import UnsupportedLocally

        raise UnsupportedLocally("a repeated key in a Hive JSON object")
    return out


_HIVE = json.JSONDecoder(object_pairs_hook=_distinct_pairs, parse_int=Bare, parse_float=Bare,
                         parse_constant=_no_constant)
_OPENX = json.JSONDecoder(object_pairs_hook=_pairs, parse_int=Bare, parse_float=Bare,
                          parse_constant=_bare_constant)


def hive(line: str) -> Any:
    """The first JSON value of a line, as Jackson reads it (Hive JSON SerDe).

    Raises:
        Malformed: the line does not start with a JSON value.
    """
    text = line.lstrip(" \t\r\n")
    try:
        value, _ = _HIVE.raw_decode(text)
    except ValueError as err:
        raise Malformed(str(err)) from err
    return value


def openx(line: str) -> Any:
    """A line as Trino's OpenX ``JsonReader`` reads it.

    Raises:
        Malformed: text the lenient reader rejects (an unterminated string, object or array).
    """
    try:
        return _OPENX.decode(line)
    except ValueError:
        return _Reader(line).value()


_LITERAL_END = frozenset(" \r\n\t\f{}[]/\\:,=;#")
_ESCAPES = {"t": "\t", "b": "\b", "n": "\n", "r": "\r", "f": "\f", "a": "\a", "v": "\t"}


class _Reader:
    """A port of Trino's lenient ``io.trino.hive.formats.line.openxjson.JsonReader``."""

    def __init__(self, text: str) -> None:
        self.text, self.pos = text, 0

    def fail(self, message: str) -> Malformed:
        return Malformed(f"{message} at character {self.pos} of {self.text}")

    def value(self) -> Any:
        c = self.token()
        if c is None:
            raise self.fail("End of input")
        if c == "{":
            return self.object()
        if c == "[":
            return self.array()
        if c in "'\"":
            return self.quoted(c)
        self.pos -= 1
        return self.literal()

    def object(self) -> dict[str, Any]:
        first = self.token()
        if first == "}":
            return {}
        if first is not None:
            self.pos -= 1
        out: dict[str, Any] = {}
        while True:
            name = self.value()
            if name is None:
                raise self.fail("Field name is null literal")
            if not isinstance(name, str):
                raise self.fail(f"Names must be strings, but {name} is not")
            separator = self.token()
            if separator not in (":", "="):
                raise self.fail(f"Expected ':' after field {name}")
            if separator == "=" and self.text[self.pos:self.pos + 1] == ">":
                self.pos += 1
            out.pop(str(name), None)
            out[str(name)] = self.value()
            c = self.token()
            if c == "}":
                return out
            if c not in (",", ";"):
                raise self.fail("Unterminated object")

    def array(self) -> list[Any]:
        out: list[Any] = []
        trailing = False
        while True:
            c = self.token()
            if c is None:
                raise self.fail("Unterminated array")
            if c == "]":
                if trailing:
                    out.append(None)
                return out
            if c in ",;":
                out.append(None)
                trailing = True
                continue
            self.pos -= 1
            out.append(self.value())
            c = self.token()
            if c == "]":
                return out
            if c not in (",", ";"):
                raise self.fail("Unterminated array")
            trailing = True

    def quoted(self, quote: str) -> str:
        parts, start = [], self.pos
        while self.pos < len(self.text):
            c = self.text[self.pos]
            self.pos += 1
            if c == quote:
                parts.append(self.text[start:self.pos - 1])
                return "".join(parts)
            if c == "\\":
                if self.pos == len(self.text):
                    raise self.fail("Unterminated escape sequence")
                parts.append(self.text[start:self.pos - 1])
                parts.append(self.escape())
                start = self.pos
        raise self.fail("Unterminated string")

    def escape(self) -> str:
        c = self.text[self.pos]
        self.pos += 1
        if c == "u":
            digits = self.text[self.pos:self.pos + 4]
            if len(digits) < 4:
                raise self.fail("Unterminated escape sequence")
            self.pos += 4
            try:
                return chr(int(digits, 16))
            except ValueError:
                raise self.fail(f"Invalid escape sequence: {digits}") from None
        return _ESCAPES.get(c, c)

    def literal(self) -> Bare | None:
        start = self.pos
        while self.pos < len(self.text) and self.text[self.pos] not in _LITERAL_END:
            self.pos += 1
        text = self.text[start:self.pos]
        if not text:
            raise self.fail("Expected literal value")
        return None if text.lower() == "null" else Bare(text)

    def token(self) -> str | None:
        """The next character that is not blank or in a comment; None at the end."""
        while self.pos < len(self.text):
            c = self.text[self.pos]
            self.pos += 1
            if c in "\t \n\r":
                continue
            if c == "#":
                self.skip_line()
            elif c == "/" and self.pos < len(self.text) and self.text[self.pos] in "*/":
                if self.text[self.pos] == "/":
                    self.skip_line()
                    continue
                end = self.text.find("*/", self.pos + 1)
                if end == -1:
                    raise self.fail("Unterminated c-style comment")
                self.pos = end + 2
            else:
                return c
        return None

    def skip_line(self) -> None:
        while self.pos < len(self.text) and self.text[self.pos] not in "\r\n":
            self.pos += 1
        self.pos += 1

"""Trino's streaming JSON path extraction, for text that is not strict JSON.

Trino's ``json_extract``, ``json_extract_scalar`` and ``json_size`` (io.trino.operator.scalar
.JsonExtract) read the text token by token with Jackson and stop as soon as the path's value
is read: text that is broken *after* that value still gives it (TestJsonExtract
.testFullScalarExtract: ``$.1`` of ``{"0" : 0, "1" : 1, "2" : 2, }`` is ``1``), while a
trailing comma, ``NaN``, a leading zero or any other error met *before* it (or inside it) gives
NULL. DuckDB's parser reads the whole text, leniently, so the local engine sends text that is
not strict JSON here (:mod:`athenakit.local.jsonfuncs`); valid text keeps DuckDB's reading.

https://trino.io/docs/current/functions/json.html#json-extract
"""

from __future__ import annotations

import json
import re

from athenakit.local.runtime_errors import TrinoFunctionError

_SPACE = " \t\n\r"
_NUMBER = re.compile(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?")
_STRING = re.compile(r'"(?:[^"\\\x00-\x1f]|\\["\\/bfnrt]|\\u[0-9a-fA-F]{4})*"')
_WORDS = ("true", "false", "null")


class _Broken(Exception):
    """Jackson would fail here: Trino's extraction answers NULL."""


def _skip_space(text: str, pos: int) -> int:
    while pos < len(text) and text[pos] in _SPACE:
        pos += 1
    return pos


def _expect(text: str, pos: int, chars: str) -> tuple[str, int]:
    pos = _skip_space(text, pos)
    if pos >= len(text) or text[pos] not in chars:
        raise _Broken
    return text[pos], pos + 1


def _scalar_end(text: str, pos: int) -> int:
    """End of the string, number or literal starting at ``pos`` (no leading zero, no NaN)."""
    found = (_STRING if text[pos] == '"' else _NUMBER).match(text, pos)
    if found and not (text[pos] != '"' and found.end() < len(text)
                      and text[found.end()] in "0123456789"):
        return found.end()
    for word in _WORDS:
        if text.startswith(word, pos):
            return pos + len(word)
    raise _Broken


def _value_end(text: str, pos: int) -> int:
    """End of the value starting at ``pos`` (after spaces), read strictly."""
    pos = _skip_space(text, pos)
    if pos >= len(text):
        raise _Broken
    if text[pos] not in "[{":
        return _scalar_end(text, pos)
    close = "]" if text[pos] == "[" else "}"
    pos = _skip_space(text, pos + 1)
    if pos < len(text) and text[pos] == close:
        return pos + 1
    while True:
        if close == "}":
            pos = _scalar_end(text, _expect(text, pos, '"')[1] - 1)
            pos = _expect(text, pos, ":")[1]
        pos = _value_end(text, pos)
        char, pos = _expect(text, pos, "," + close)
        if char == close:
            return pos


def _member(text: str, pos: int, token: str) -> int | None:
    """Start of the member ``token`` of the object or array at ``pos``; None when absent."""
    opening, pos = _expect(text, pos, "[{")
    close = "]" if opening == "[" else "}"
    index = int(token) if token.isdigit() else -1
    i = 0
    while True:
        pos = _skip_space(text, pos)
        if pos < len(text) and text[pos] == close and (i == 0):
            return None
        if close == "}":
            end = _scalar_end(text, _expect(text, pos, '"')[1] - 1)
            name = json.loads(text[_skip_space(text, pos):end])
            pos = _expect(text, end, ":")[1]
            if name == token:
                return pos
        elif i == index:
            return pos
        pos = _value_end(text, pos)
        char, pos = _expect(text, pos, "," + close)
        if char == close:
            return None
        i += 1


def _size(text: str, pos: int) -> int:
    pos = _skip_space(text, pos)
    if text[pos] not in "[{":
        _scalar_end(text, pos)
        return 0
    count, close = 0, "]" if text[pos] == "[" else "}"
    pos = _skip_space(text, pos + 1)
    if pos < len(text) and text[pos] == close:
        return 0
    while True:
        if close == "}":
            pos = _expect(text, _scalar_end(text, _expect(text, pos, '"')[1] - 1), ":")[1]
        pos = _value_end(text, pos)
        count += 1
        char, pos = _expect(text, pos, "," + close)
        if char == close:
            return count


def _answer(text: str, pos: int, mode: str) -> str | None:
    pos = _skip_space(text, pos)
    if mode == "size":
        return str(_size(text, pos))
    if mode == "json":
        return text[pos:_value_end(text, pos)]
    if pos >= len(text) or text[pos] in "[{":
        return None
    raw = text[pos:_scalar_end(text, pos)]
    return None if raw == "null" else str(json.loads(raw)) if raw[0] == '"' else raw


def extract(text: str | None, path: str | None, mode: str) -> str | None:
    """What Trino's ``JsonExtract`` returns for ``text``, read only as far as ``path``.

    Args:
        text: JSON text (possibly broken after the value the path names); None is NULL.
        path: Trino JSON path (``$.a[0]``); None is NULL.
        mode: ``json`` (the value's text), ``scalar`` (a scalar's text, NULL for arrays and
            objects) or ``size`` (elements of an array or object, 0 for a scalar).

    Returns:
        The answer as text, or None (NULL) where Trino gives NULL.

    Raises:
        TrinoFunctionError: ``Invalid JSON path`` as Trino's tokenizer reports it.

    Example:
        >>> extract('{"0" : 0, "1" : 1, "2" : 2, }', '$.1', 'scalar')
        '1'
        >>> extract('[NaN, 1]', '$[1]', 'scalar') is None
        True
    """
    from athenakit.local.jsonpath import tokenize

    if text is None or path is None:
        return None
    try:
        tokens = tokenize(path)
    except ValueError as err:
        raise TrinoFunctionError(
            f"INVALID_FUNCTION_ARGUMENT: Invalid JSON path: '{path}'") from err
    try:
        pos: int | None = 0
        for token in tokens:
            pos = _member(text, pos or 0, token)
            if pos is None:
                return None
        return _answer(text, pos or 0, mode)
    except (_Broken, ValueError, IndexError):
        return None


def _elements(text: str) -> tuple[list[str], bool]:
    """The texts of the root array's elements read before an error, and whether its closing
    bracket was reached (what follows it is not read, as in Trino's ``JsonFunctions``)."""
    found: list[str] = []
    try:
        pos = _skip_space(text, _expect(text, 0, "[")[1])
        if pos < len(text) and text[pos] == "]":
            return found, True
        while True:
            start = _skip_space(text, pos)
            pos = _value_end(text, start)
            found.append(text[start:pos])
            char, pos = _expect(text, pos, ",]")
            if char == "]":
                return found, True
    except _Broken:
        return found, False


def array_elements(text: str | None, mode: str) -> str | None:
    """The root array of ``text`` as Trino's ``json_array_length`` / ``json_array_get`` /
    ``json_array_contains`` stream it.

    Args:
        text: JSON text that is not strict JSON; None is NULL.
        mode: ``prefix`` (a JSON array of the elements read before the first error; NULL when
            the text does not start an array), ``complete`` (``true`` when the array closes
            before any error) or ``length`` (its length when complete, else NULL).

    Returns:
        The answer as text, or None.

    Example:
        >>> array_elements('[1, [2], 3', 'prefix'), array_elements('[1,0,]', 'length')
        ('[1,[2],3]', None)
    """
    if text is None or not text.lstrip(_SPACE).startswith("["):
        return None
    found, complete = _elements(text)
    if mode == "prefix":
        return "[" + ",".join(found) + "]"
    if mode == "complete":
        return "true" if complete else "false"
    return str(len(found)) if complete else None

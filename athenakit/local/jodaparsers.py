"""Joda-Time's parsers, transcribed: the pieces ``DateTimeFormatterBuilder`` builds formatters from.

Each parser reads ``text`` from a position, appends the fields it read to a bucket and returns
the next position, or ``~position`` where it failed, as Joda's ``InternalParser.parseInto``
does; :mod:`athenakit.local.isodates` (ISO 8601) and :mod:`athenakit.local.jodaparse`
(``DateTimeFormat`` patterns) assemble them. Transcribed from Joda-Time's
``DateTimeFormatterBuilder`` (``Composite``, ``MatchingParser``, ``CharacterLiteral`` /
``StringLiteral``, ``NumberFormatter``, ``Fraction``, ``TimeZoneOffset``).

https://www.joda.org/joda-time/apidocs/org/joda/time/format/DateTimeFormatterBuilder.html
"""

from __future__ import annotations

from collections.abc import Callable

Bucket = list[tuple[str, int]]
Parser = Callable[[str, int, Bucket], int]  # the next position, or ~position on failure
_DIGITS = frozenset("0123456789")


def seq(*parts: Parser) -> Parser:
    """Joda's Composite parser: each part in turn, stopping at the first failure."""
    def parse(text: str, pos: int, bucket: Bucket) -> int:
        for part in parts:
            pos = part(text, pos, bucket)
            if pos < 0:
                break
        return pos
    return parse


def choice(*parsers: Parser | None) -> Parser:
    """Joda's MatchingParser: the alternative that reads furthest (``None``: read nothing)."""
    def parse(text: str, pos: int, bucket: Bucket) -> int:
        original = list(bucket)
        best, best_state, invalid, empty = pos, None, pos, False
        for i, parser in enumerate(parsers):
            if parser is None:
                if best <= pos:
                    return pos
                empty = True
                break
            got = parser(text, pos, bucket)
            if got >= pos:
                if got > best:
                    if got >= len(text) or i + 1 >= len(parsers) or parsers[i + 1] is None:
                        return got
                    best, best_state = got, list(bucket)
            else:
                invalid = max(invalid, ~got)
            bucket[:] = original
        if best > pos or (best == pos and empty):
            if best_state is not None:
                bucket[:] = best_state
            return best
        return ~invalid
    return parse


def optional(parser: Parser) -> Parser:
    return choice(parser, None)


def literal(value: str) -> Parser:
    """``appendLiteral``: the text in any case."""
    def parse(text: str, pos: int, bucket: Bucket) -> int:
        if text[pos:pos + len(value)].lower() == value.lower() and pos + len(value) <= len(text):
            return pos + len(value)
        return ~pos
    return parse


def number(field: str, digits: int, signed: bool = False) -> Parser:
    """``NumberFormatter``: up to ``digits`` digits, after a sign when ``signed``."""
    def parse(text: str, pos: int, bucket: Bucket) -> int:
        limit = min(digits, len(text) - pos)
        length, start = 0, pos
        while length < limit:
            char = text[start + length]
            if length == 0 and char in "+-" and signed:
                if length + 1 >= limit or text[start + 1] not in _DIGITS:
                    break
                if char == "+":
                    start += 1  # the '+' is skipped; the '-' counts as a character
                else:
                    length += 1
                limit = min(limit + 1, len(text) - start)
                continue
            if char not in _DIGITS:
                break
            length += 1
        if length == 0:
            return ~start
        bucket.append((field, int(text[start:start + length])))
        return start + length
    return parse


def fraction(field: str, unit_ms: int, digits: int = 9) -> Parser:
    """``Fraction`` of a ``unit_ms`` unit: up to ``digits`` digits, kept in (truncated)
    milliseconds."""
    def parse(text: str, pos: int, bucket: Bucket) -> int:
        limit = min(digits, len(text) - pos)
        value, scale, length = 0, unit_ms * 10, 0
        while length < limit and text[pos + length] in _DIGITS:
            scale //= 10
            value += int(text[pos + length]) * scale
            length += 1
        if length == 0:
            return ~pos
        bucket.append((field, value // 10))
        return pos + length
    return parse


def _two_digits(text: str, pos: int) -> int | None:
    pair = text[pos:pos + 2]
    return int(pair) if len(pair) == 2 and all(c in _DIGITS for c in pair) else None


def zone_offset(text: str, pos: int, bucket: Bucket) -> int:
    """``TimeZoneOffset("Z", true, 2, 4)``: ``Z`` or ``±HH[:mm[:ss[.SSS]]]`` (or unseparated)."""
    if text[pos:pos + 1] in ("Z", "z"):
        bucket.append(("offset", 0))
        return pos + 1
    if len(text) - pos <= 1 or text[pos] not in "+-":
        return ~pos
    negative, pos = text[pos] == "-", pos + 1
    hours = _two_digits(text, pos)
    if hours is None or hours > 23:
        return ~pos
    pos, rest = _offset_rest(text, pos + 2)
    if pos < 0:
        return pos
    total = hours * 3_600_000 + rest
    bucket.append(("offset", -total if negative else total))
    return pos


def _digit_count(text: str, pos: int, most: int) -> int:
    count = 0
    while count < most and pos + count < len(text) and text[pos + count] in _DIGITS:
        count += 1
    return count


def _offset_rest(text: str, pos: int) -> tuple[int, int]:
    """Minutes, seconds and milliseconds after an offset's hours: (position, milliseconds)."""
    if pos >= len(text) or not (text[pos] == ":" or text[pos] in _DIGITS):
        return pos, 0
    separated = text[pos] == ":"
    pos += 1 if separated else 0
    total = 0
    for unit, separator in ((60_000, ""), (1000, ":")):
        if unit == 1000:
            if pos >= len(text):
                return pos, total
            if separated and text[pos] != separator:
                return pos, total
            pos += 1 if separated else 0
        count = _digit_count(text, pos, 2)
        if count == 0 and not separated:
            return pos, total
        value = _two_digits(text, pos)
        if count < 2 or value is None or value > 59:
            return ~pos, 0
        total, pos = total + value * unit, pos + 2
    if pos >= len(text) or (separated and text[pos] not in ".,"):
        return pos, total
    pos += 1 if separated else 0
    count = _digit_count(text, pos, 3)
    if count == 0:
        return (pos, total) if not separated else (~pos, 0)
    total += sum(int(text[pos + i]) * (100, 10, 1)[i] for i in range(count))
    return pos + count, total

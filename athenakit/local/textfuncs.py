"""Trino's string functions that work code point by code point, where DuckDB's differ
(TestStringFunctions).

* ``chr(n)`` takes a bigint; a negative number, a surrogate or one past U+10FFFF fails with
  ``Not a valid Unicode code point: n`` (DuckDB binds only an integer).
* ``codepoint(s)`` binds only a ``varchar(1)``: a longer literal fails to bind
  (``FUNCTION_NOT_FOUND``); a value whose length Trino does not bound to 1 (a table column, an
  expression) is refused, as Trino's analyzer rejects it.
* ``levenshtein_distance`` counts code points and refuses inputs whose product is too large;
  ``hamming_distance`` counts code points and accepts two empty strings.
* ``trim`` / ``ltrim`` / ``rtrim`` remove Java's whitespace and a ``char(n)`` value's padding.
* ``upper`` / ``lower`` map each code point as Java's ``Character.toUpperCase`` does.
* ``soundex`` (commons-codec), ``split_to_multimap``.

https://trino.io/docs/current/functions/string.html
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlglot import exp

from athenakit.local.errors import UnsupportedLocally
from athenakit.local.nodes import DONE
from athenakit.local.nodes import call as _call
from athenakit.local.runtime_errors import TrinoFunctionError

_MAX_CODE_POINT = 0x10FFFF
# what trim, ltrim and rtrim remove: Java's Character.isWhitespace (airlift SliceUtf8.trim);
# not the no-break spaces U+00A0, U+2007, U+202F
_WHITESPACE = "".join(map(chr, [*range(0x09, 0x0E), *range(0x1C, 0x21), 0x1680,
                                *range(0x2000, 0x2007), *range(0x2008, 0x200B), 0x2028,
                                0x2029, 0x205F, 0x3000]))
_LEVENSHTEIN_LIMIT = 1_000_000


def _fail(message: str) -> TrinoFunctionError:
    return TrinoFunctionError(f"INVALID_FUNCTION_ARGUMENT: {message}")


def chr_(code: int) -> str:
    """``chr``: the character of a code point (airlift's ``codePointToUtf8``)."""
    if code < 0 or code > _MAX_CODE_POINT or 0xD800 <= code <= 0xDFFF:
        raise _fail(f"Not a valid Unicode code point: {code}")
    return chr(code)


def levenshtein(left: str, right: str) -> int:
    """``levenshtein_distance`` over code points, with Trino's size limit
    (StringFunctions.levenshteinDistance: longer * (shorter - 1) at most 1,000,000)."""
    if len(left) < len(right):
        left, right = right, left
    if not right:
        return len(left)
    if len(left) * (len(right) - 1) > _LEVENSHTEIN_LIMIT:
        raise _fail("The combined inputs for Levenshtein distance are too large")
    previous = list(range(len(right) + 1))
    for i, a in enumerate(left, 1):
        current = [i]
        for j, b in enumerate(right, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1,
                               previous[j - 1] + (a != b)))
        previous = current
    return previous[-1]


def hamming(left: str, right: str) -> int:
    """``hamming_distance`` over code points; strings of different lengths fail."""
    if len(left) != len(right):
        raise _fail("The input strings to hamming_distance function must have the same length")
    return sum(a != b for a, b in zip(left, right, strict=True))


def split_to_multimap(text: str, entry: str, key_value: str) -> dict[str, list[str]]:
    """``split_to_multimap`` as Trino's SplitToMultimapFunction: the values of a repeated key
    in the order they appear; a trailing entry delimiter adds no entry."""
    if entry == "":
        raise _fail("entryDelimiter is empty")
    if key_value == "":
        raise _fail("keyValueDelimiter is empty")
    if entry == key_value:
        raise _fail("entryDelimiter and keyValueDelimiter must not be the same")
    out: dict[str, list[str]] = {}
    items = text.split(entry) if text else []
    if items and items[-1] == "":
        items.pop()
    for item in items:
        parts = item.split(key_value)
        if len(parts) != 2:
            raise _fail("Key-value delimiter must appear exactly once in each entry. "
                        f"Bad input: {item}")
        out.setdefault(parts[0], []).append(parts[1])
    return out


def trim(text: str, position: str) -> str:
    """``trim`` / ``ltrim`` / ``rtrim`` of whitespace (``position``: BOTH, LEADING or
    TRAILING)."""
    if position == "LEADING":
        return text.lstrip(_WHITESPACE)
    return text.rstrip(_WHITESPACE) if position == "TRAILING" else text.strip(_WHITESPACE)


_SOUNDEX = "01230120022455012623010202"  # commons-codec's Soundex.US_ENGLISH_MAPPING_STRING


def _soundex_digit(letter: str) -> str:
    index = ord(letter) - ord("A")
    if not 0 <= index < len(_SOUNDEX):
        raise _fail(f"The character is not mapped: {letter} (index={index})")
    return _SOUNDEX[index]


def soundex(text: str) -> str:
    """``soundex`` as commons-codec's ``Soundex.US_ENGLISH`` (which Trino calls): letters only,
    upper-cased; H and W do not separate equal digits; a letter outside A-Z fails."""
    letters = "".join(c for c in text if c.isalpha()).upper()
    if not letters:
        return ""
    out, last = [letters[0]], _soundex_digit(letters[0])
    for letter in letters[1:]:
        if len(out) == 4:
            break
        if letter in "HW":
            continue
        digit = _soundex_digit(letter)
        if digit not in ("0", last):
            out.append(digit)
        last = digit
    return "".join(out).ljust(4, "0")


def _upper_char(char: str) -> str:
    """Java's ``Character.toUpperCase`` of one code point: the simple mapping (``ß`` stays
    ``ß``; a letter whose full mapping is two letters takes its one-letter title case)."""
    upper = char.upper()
    if len(upper) == 1:
        return upper
    title = char.title()
    return title if len(title) == 1 else char


def upper(text: str) -> str:
    """``upper``: code point by code point, as Trino (airlift ``SliceUtf8.toUpperCase``)."""
    return "".join(map(_upper_char, text))


def lower(text: str) -> str:
    """``lower``: code point by code point (``İ`` is ``i``, not ``i`` and a combining dot)."""
    return "".join(c.lower()[:1] or c for c in text)


def _sequence(data: bytes, at: int) -> tuple[int, int]:
    """The code point of the UTF-8 sequence at ``at`` and its length, or (-1, length of the
    invalid sequence): airlift's ``SliceUtf8.tryGetCodePointAt``, which Trino's ``from_utf8``
    replaces by (an overlong or surrogate sequence is one invalid sequence, not a byte each
    as Python's decoder counts)."""
    first = data[at]
    size = next((n for n, top in ((1, 0x80), (-1, 0xC0), (2, 0xE0), (3, 0xF0), (4, 0xF8),
                                  (5, 0xFC), (6, 0xFE)) if first < top), -1)
    if size == 1 or size < 0:
        return (first, 1) if size == 1 else (-1, 1)
    code = first & (0xFF >> (size + 1))
    for index in range(1, min(size, 4)):
        if at + index >= len(data) or data[at + index] & 0xC0 != 0x80:
            return -1, index
        code = code << 6 | data[at + index] & 0x3F
    if size > 4:
        found = next((i for i in range(4, size) if at + i >= len(data)
                      or data[at + i] & 0xC0 != 0x80), size)
        return -1, found
    least = {2: 0x80, 3: 0x800, 4: 0x10000}[size]
    if code < least or code > _MAX_CODE_POINT or 0xD800 <= code <= 0xDFFF:
        return -1, size
    return code, size


def fix_utf8(data: bytes, replacement: str) -> str:
    """``data`` read as UTF-8, each invalid sequence replaced by ``replacement``."""
    out, at = [], 0
    while at < len(data):
        code, size = _sequence(data, at)
        out.append(chr(code) if code >= 0 else replacement)
        at += size
    return "".join(out)


def from_utf8(data: bytes, replacement: str) -> str:
    """``from_utf8(b, replace)``: invalid sequences become ``replace`` (one character or
    none)."""
    if len(replacement) > 1:
        raise _fail("Replacement character string must empty or a single character")
    return fix_utf8(data, replacement)


def from_utf8_code(data: bytes, code: int) -> str:
    """``from_utf8(b, code_point)``."""
    if not 0 <= code <= _MAX_CODE_POINT or 0xD800 <= code <= 0xDFFF:
        raise _fail("Invalid replacement character")
    return fix_utf8(data, chr(code))


FUNCTIONS: dict[str, tuple[Callable[..., Any], list[str], str]] = {
    "ak_from_utf8": (lambda b: fix_utf8(b, "\ufffd"), ["BLOB"], "VARCHAR"),
    "ak_from_utf8_with": (from_utf8, ["BLOB", "VARCHAR"], "VARCHAR"),
    "ak_from_utf8_code": (from_utf8_code, ["BLOB", "BIGINT"], "VARCHAR"),
    # code point by code point (DuckDB's reverse keeps grapheme clusters: 'e\u0301a')
    "ak_reverse_text": (lambda s: s[::-1], ["VARCHAR"], "VARCHAR"),
    "ak_upper_text": (upper, ["VARCHAR"], "VARCHAR"),
    "ak_lower_text": (lower, ["VARCHAR"], "VARCHAR"),
    "ak_soundex": (soundex, ["VARCHAR"], "VARCHAR"),
    "ak_trim": (trim, ["VARCHAR", "VARCHAR"], "VARCHAR"),
    "ak_split_to_multimap": (split_to_multimap, ["VARCHAR", "VARCHAR", "VARCHAR"],
                             "MAP(VARCHAR, VARCHAR[])"),
    "ak_chr": (chr_, ["BIGINT"], "VARCHAR"),
    "ak_levenshtein": (levenshtein, ["VARCHAR", "VARCHAR"], "BIGINT"),
    "ak_hamming": (hamming, ["VARCHAR", "VARCHAR"], "BIGINT"),
}


def _bounded_to_one(node: exp.Expression) -> bool | None:
    """Whether Trino types ``node`` as a varchar of at most one character: True, False (a
    longer literal or cast), or None (a value whose bound is not known here)."""
    if isinstance(node, exp.Null | exp.Chr):
        return True
    if isinstance(node, exp.Literal) and node.is_string:
        return len(str(node.this)) <= 1
    if isinstance(node, exp.Cast) and node.to.is_type(exp.DType.VARCHAR):
        size = node.to.expressions
        return bool(size) and int(size[0].this.name) <= 1
    return None


def codepoint(args: list[exp.Expression]) -> exp.Expression:
    """``codepoint(s)``: Trino binds it to ``varchar(1)`` only."""
    (arg,) = args
    bounded = _bounded_to_one(arg)
    if bounded is None:
        raise UnsupportedLocally("codepoint of a value not typed varchar(1)",
                                 hint="Trino binds codepoint to varchar(1) only")
    if not bounded:
        from athenakit.local.failures import athena_error

        spelled = (arg.to.sql(dialect="trino").lower() if isinstance(arg, exp.Cast)
                   else f"varchar({len(str(arg.this))})")
        raise athena_error("FUNCTION_NOT_FOUND",
                           f"Unexpected parameters ({spelled}) for function codepoint")
    return _call("AK_CODEPOINT", arg)


def trimmed(node: exp.Expression) -> exp.Expression:
    """``trim``: whitespace is Java's (U+2028 and the other separators, not only spaces); a
    ``char(n)`` value is trimmed without its padding (TestStringFunctions.testCharLeftTrim)."""
    if node.meta.get(DONE):
        return node
    node.meta[DONE] = True
    text = node.this
    if text.type is not None and text.type.is_type(exp.DType.CHAR):
        text = _call("RTRIM", text.copy(), exp.Literal.string(" "))
        node.set("this", text)
    if node.args.get("expression") is not None:
        return node
    return _call("AK_TRIM_TEXT", text, exp.Literal.string(node.args.get("position") or "BOTH"))


MACROS: dict[str, str] = {
    # printable ASCII text (a space its only whitespace) is trimmed by DuckDB itself, other
    # text in Python: DuckDB's trim also removes U+00A0, which Java's isWhitespace does not
    "ak_trim_text": "(s, p) AS CASE WHEN regexp_matches(s, '[^ -~]') "
                    "THEN ak_trim(s, p) WHEN p = 'LEADING' THEN ltrim(s) "
                    "WHEN p = 'TRAILING' THEN rtrim(s) ELSE trim(s) END",
    # ASCII text is cased by DuckDB itself; other text in Python (DuckDB maps ß to ẞ)
    "ak_upper": "(s) AS CASE WHEN regexp_full_match(s, '[\\x00-\\x7F]*') THEN upper(s) "
                "ELSE ak_upper_text(s) END",
    "ak_lower": "(s) AS CASE WHEN regexp_full_match(s, '[\\x00-\\x7F]*') THEN lower(s) "
                "ELSE ak_lower_text(s) END",
}


BY_CLASS: dict[type[exp.Expression], Callable[[exp.Expression], exp.Expression]] = {
    exp.Chr: lambda n: _call("AK_CHR", exp.cast(n.expressions[0] if n.expressions
                                                else n.this, "BIGINT")),
    exp.Trim: trimmed,
    exp.Soundex: lambda n: _call("AK_SOUNDEX", n.this),
    exp.Upper: lambda n: _call("AK_UPPER", n.this),
    exp.Lower: lambda n: _call("AK_LOWER", n.this),
    exp.Levenshtein: lambda n: _call("AK_LEVENSHTEIN", n.this, n.expression),
}

BY_NAME: dict[str, Callable[[list[exp.Expression]], exp.Expression]] = {
    "CODEPOINT": codepoint,
    "HAMMING_DISTANCE": lambda a: _call("AK_HAMMING", *a),
    "SPLIT_TO_MULTIMAP": lambda a: _call("AK_SPLIT_TO_MULTIMAP", *a),
}

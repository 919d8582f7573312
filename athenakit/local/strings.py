"""Trino's string functions where DuckDB's differ.

* ``substr``: start 0, or before the first character, gives ``''`` (DuckDB clamps).
* ``replace`` with an empty search string inserts the replacement between characters.
* ``split(s, d, limit)``: the last element keeps the rest; an empty delimiter fails.
* ``split_part``: index 0 fails, an empty delimiter splits into characters.
* ``split_to_map``, ``normalize``, ``luhn_check``; ``from_utf8`` (its Python functions are
  in :mod:`athenakit.local.textfuncs`).
* ``lpad``/``rpad`` fail on an empty pad or a bad length; ``CAST(x AS CHAR(n))`` pads with
  spaces and ``CAST(x AS VARCHAR(n))`` truncates; comparisons of ``char(n)`` values ignore
  trailing spaces.

https://trino.io/docs/current/functions/string.html
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from typing import Any

from sqlglot import exp

from athenakit.local import decimals
from athenakit.local.errors import UnsupportedLocally
from athenakit.local.nodes import CAST_OF_TRY, typed
from athenakit.local.nodes import call as _call
from athenakit.local.runtime_errors import TrinoFunctionError

_DONE = "ak_done"
_MAX_PAD = 1073741824


def _fail(message: str) -> TrinoFunctionError:
    return TrinoFunctionError(f"INVALID_FUNCTION_ARGUMENT: {message}")


def split(text: str, delimiter: str, limit: int | None = None) -> list[str]:
    """``split(text, delimiter[, limit])``."""
    if delimiter == "":
        raise _fail("The delimiter may not be the empty string")
    if limit is not None and limit <= 0:
        raise _fail("Limit must be positive")
    if limit is not None and limit > 2**31 - 1:
        raise _fail("Limit is too large")
    return text.split(delimiter, -1 if limit is None else limit - 1)


def split_part(text: str | None, delimiter: str | None, index: int | None) -> str | None:
    """``split_part``: the index-th field, NULL past the last (or for a NULL argument); an
    empty delimiter splits into characters (TestStringFunctions.testSplitPart)."""
    if text is None or delimiter is None or index is None:
        return None
    if index <= 0:
        raise _fail("Index must be greater than zero")
    parts = list(text) if delimiter == "" else text.split(delimiter)
    return parts[index - 1] if index <= len(parts) else None


def split_to_map(text: str, entry: str, key_value: str) -> dict[str, str]:
    """``split_to_map`` as Trino's SplitToMapFunction: entries up to the end of the text (a
    trailing delimiter adds none), duplicate keys and malformed entries fail."""
    for ok, message in ((entry != "", "entryDelimiter is empty"),
                        (key_value != "", "keyValueDelimiter is empty"),
                        (entry != key_value,
                         "entryDelimiter and keyValueDelimiter must not be the same")):
        if not ok:
            raise _fail(message)
    out: dict[str, str] = {}
    start = 0
    while start < len(text):
        end = text.find(entry, start)
        item = text[start:] if end < 0 else text[start:end]
        parts = item.split(key_value)
        if len(parts) != 2:
            raise _fail("Key-value delimiter must appear exactly once in each entry. "
                        f"Bad input: '{item}'")
        if parts[0] in out:
            raise _fail(f"Duplicate keys ({parts[0]}) are not allowed")
        out[parts[0]] = parts[1]
        start = len(text) if end < 0 else end + len(entry)
    return out


def luhn_check(digits: str) -> bool:
    """``luhn_check``: the Luhn checksum of a string of digits."""
    if not digits:  # TestLuhnCheckFunction: luhn_check('') is false
        return False
    if not (digits.isascii() and digits.isdigit()):
        raise _fail("Input contains non-digit characters")
    total = 0
    for i, ch in enumerate(reversed(digits)):
        value = int(ch) * (2 if i % 2 else 1)
        total += value - 9 if value > 9 else value
    return total % 10 == 0


def like_pattern(pattern: str, escape: str) -> str:
    """A LIKE pattern with an escape character: the escape must be followed by ``%``, ``_``
    or itself (TestLikeFunctions.testInvalidLikePattern). An escape that is not one character
    fails (TestConditions.testLike; a literal one is checked before running)."""
    if len(escape) != 1:
        raise _fail("Escape string must be a single character")
    index = 0
    while index < len(pattern):
        if pattern[index] == escape:
            if index + 1 == len(pattern) or pattern[index + 1] not in ("%", "_", escape):
                raise _fail("Escape character must be followed by '%', '_' or the escape "
                            "character itself")
            index += 1
        index += 1
    return pattern


FUNCTIONS: dict[str, tuple[Callable[..., Any], list[str], str]] = {
    "ak_like_pattern": (like_pattern, ["VARCHAR", "VARCHAR"], "VARCHAR"),
    "ak_split": (lambda s, d: split(s, d), ["VARCHAR", "VARCHAR"], "VARCHAR[]"),
    "ak_split_limit": (split, ["VARCHAR", "VARCHAR", "BIGINT"], "VARCHAR[]"),
    "ak_split_part": (split_part, ["VARCHAR", "VARCHAR", "BIGINT"], "VARCHAR"),
    "ak_split_to_map": (split_to_map, ["VARCHAR", "VARCHAR", "VARCHAR"],
                        "MAP(VARCHAR, VARCHAR)"),
    "ak_normalize": (lambda s, form: unicodedata.normalize(form, s), ["VARCHAR", "VARCHAR"],
                     "VARCHAR"),
    "ak_luhn_check": (luhn_check, ["VARCHAR"], "BOOLEAN"),
}

MACROS: dict[str, str] = {
    # a value whose type only DuckDB knows (a subquery's column): varbinary or text, picked by
    # a typed overload while binding (one typed overload: two would both take a NULL)
    "ak_substr_any": "(s BLOB, st) AS ak_binary_substr(s, st), (s, st) AS ak_substr(s, st)",
    "ak_substr_for_any": """(s BLOB, st, n) AS ak_binary_substr_for(s, st, n),
        (s, st, n) AS ak_substr_for(s, st, n)""",
    "ak_length_any": "(s BLOB) AS octet_length(s), (s) AS length(s)",
    "ak_pad_any": """(s, n, p BLOB, l) AS ak_binary_pad(s, n, p, l), (s, n, p, l) AS CASE
        WHEN l THEN lpad(s, CAST(ak_pad_check(n, p) AS INTEGER), p)
        ELSE rpad(s, CAST(ak_pad_check(n, p) AS INTEGER), p) END""",
    "ak_substr": """(s, st) AS CASE WHEN st = 0 OR -st > length(s) THEN ''
        ELSE substring(s, st) END""",
    "ak_substr_for": """(s, st, n) AS CASE WHEN st = 0 OR -st > length(s) THEN ''
        WHEN n < 0 THEN error('INVALID_FUNCTION_ARGUMENT: Length must be greater than or '
            || 'equal to zero') ELSE substring(s, st, n) END""",
    # (a NULL argument makes it NULL: StringFunctions.replace takes no NULLs; list_reduce, as
    # array_to_string takes only a constant separator)
    "ak_replace": """(s, f, r) AS CASE WHEN s IS NULL OR f IS NULL OR r IS NULL THEN NULL
        WHEN f <> '' THEN replace(s, f, r)
        WHEN s = '' THEN r
        ELSE r || list_reduce(string_split(s, ''), lambda a, b: a || r || b) || r END""",
    "ak_pad_check": """(n, p) AS CASE WHEN n < 0 OR n > 1073741824
        THEN error('INVALID_FUNCTION_ARGUMENT: Target length must be in the range '
                   || '[0..1073741824]')
        WHEN p = '' THEN error('INVALID_FUNCTION_ARGUMENT: Padding string must not be empty')
        ELSE n END""",
}



def substring(node: exp.Expression) -> exp.Expression:
    """``substr(s, start[, length])`` with Trino's bounds."""
    start, length = node.args.get("start"), node.args.get("length")
    if start is None:
        return node
    if _binary(node.this):
        return _call("AK_BINARY_SUBSTR" if length is None else "AK_BINARY_SUBSTR_FOR",
                     node.this, *[a for a in (start, length) if a is not None])
    any_type = "_ANY" if decimals.unknown(node.this) else ""  # varbinary or text
    if length is None:
        return _call(f"AK_SUBSTR{any_type}", node.this, start)
    return _call(f"AK_SUBSTR_FOR{any_type}", node.this, start, length)


def pad(node: exp.Expression) -> exp.Expression:
    """``lpad``/``rpad`` with Trino's argument checks."""
    if node.meta.get(_DONE):
        return node
    if _binary(node.this) and node.args.get("fill_pattern") is not None:
        return _call("AK_BINARY_PAD", node.this, node.expression, node.args["fill_pattern"],
                     exp.Boolean(this=bool(node.args.get("is_left"))))
    if decimals.unknown(node.this) and node.args.get("fill_pattern") is not None:
        return _call("AK_PAD_ANY", node.this, node.expression, node.args["fill_pattern"],
                     exp.Boolean(this=bool(node.args.get("is_left"))))
    fill = node.args.get("fill_pattern") or exp.Literal.string(" ")
    node.meta[_DONE] = True  # a bigint length is checked, then fits DuckDB's integer
    node.set("expression", exp.cast(_call("AK_PAD_CHECK", node.expression, fill.copy()),
                                    "INTEGER"))
    node.set("fill_pattern", fill)
    return node


def decode(node: exp.Expression) -> exp.Expression:
    """``from_utf8``: invalid bytes become U+FFFD (or the given replacement)."""
    replace = node.args.get("replace")
    if isinstance(replace, exp.Literal) and not replace.is_string:  # a code point
        return _call("AK_FROM_UTF8_CODE", node.this, replace)
    if replace is not None:
        return _call("AK_FROM_UTF8_WITH", node.this, replace)
    return _call("AK_FROM_UTF8", node.this)


def char_cast(node: exp.Expression) -> exp.Expression:
    """``CAST(x AS CHAR(n))`` pads to n; ``CAST(x AS VARCHAR(n))`` truncates to n."""
    if node.meta.get(_DONE) or not isinstance(node, exp.Cast) or not node.to.expressions:
        return node
    if not node.to.is_type(exp.DType.CHAR, exp.DType.VARCHAR):
        return node
    size = node.to.expressions[0]
    text: exp.Expression = exp.Cast(this=node.this, to=exp.DataType.build("VARCHAR"))
    text.meta[_DONE] = True
    number = _may_be_number(node.this)
    if number and node.to.is_type(exp.DType.VARCHAR):
        call = _call("AK_TEXT_VARCHAR", node.this, size.this.copy())
        if isinstance(node, exp.TryCast):
            call.meta[CAST_OF_TRY] = True  # too long: NULL, as try_cast answers
        return call
    if number and _may_be_number(node.this, known=True) and _decimal(node.this):
        # https://trino.io/docs/current/functions/conversion.html#cast
        raise UnsupportedLocally("a cast of a decimal to char(n)")
    if number:  # a decimal(p, p) keeps its zero: 0.5, not DuckDB's .5
        text = _call("AK_DECIMAL_TEXT", node.this)
    cut = _call("SUBSTRING", text, exp.Literal.number(1), size.this.copy())
    if node.to.is_type(exp.DType.VARCHAR):
        return cut
    return _call("RPAD", cut, size.this.copy(), exp.Literal.string(" "))


def _binary(node: exp.Expression) -> bool:
    from athenakit.local import binaryfuncs

    return binaryfuncs.is_binary(node)


def _decimal(node: exp.Expression) -> bool:
    from athenakit.local import decimals

    return decimals.is_decimal(node)


def _may_be_number(node: exp.Expression, *, known: bool = False) -> bool:
    """An exact number (integer or decimal), or (unless ``known``) a value whose type only
    DuckDB knows."""
    from athenakit.local import decimals

    if decimals.unknown(node) and not isinstance(node, exp.Literal):
        return not known
    return decimals.is_decimal(node) or decimals.shape(node) is not None


def _is_char(node: exp.Expression) -> bool:
    return node.type is not None and node.type.is_type(exp.DType.CHAR)


def char_compare(node: exp.Expression) -> exp.Expression:
    """A comparison with a ``char(n)`` operand compares the values padded with spaces to the
    same length, so trailing spaces do not count (``CAST('a' AS CHAR(3)) = 'a'``)."""
    if node.meta.get(_DONE) or not (_is_char(node.this) or _is_char(node.expression)):
        return node
    node.meta[_DONE] = True
    left, right = node.this, node.expression
    width = exp.Cast(this=_call("GREATEST", _call("LENGTH", left.copy()),
                                _call("LENGTH", right.copy())), to=exp.DataType.build("INT"))
    node.set("this", _call("RPAD", left, width, exp.Literal.string(" ")))
    node.set("expression", _call("RPAD", right, width.copy(), exp.Literal.string(" ")))
    return node


def char_in(node: exp.Expression) -> exp.Expression:
    """``x IN (...)`` with a ``char(n)`` value or item: trailing spaces do not count."""
    items = node.expressions
    if node.meta.get(_DONE) or not items or not any(map(_is_char, [node.this, *items])):
        return node
    node.meta[_DONE] = True
    node.set("this", _call("RTRIM", node.this, exp.Literal.string(" ")))
    node.set("expressions", [_call("RTRIM", i, exp.Literal.string(" ")) for i in items])
    return node


def like_escape(node: exp.Expression) -> exp.Expression:
    """``LIKE ... ESCAPE e``: an escape that is not one character fails as in Trino
    (TestConditions.testLike); DuckDB's own failure is not Trino's."""
    escape = node.expression
    if isinstance(escape, exp.Literal) and escape.is_string and len(str(escape.this)) != 1:
        return _call("ERROR", exp.Literal.string(
            "INVALID_FUNCTION_ARGUMENT: Escape string must be a single character"))
    like = node.this
    if node.meta.get(_DONE) or not isinstance(like, exp.Like | exp.ILike):
        return node
    node.meta[_DONE] = True  # the pattern is checked as Trino's LikePattern reads it
    like.set("expression", _call("AK_LIKE_PATTERN", like.expression, escape.copy()))
    return node


def concat_ws(node: exp.Expression) -> exp.Expression:
    """``concat_ws(sep, array)`` of a NULL array is NULL (Trino's array form takes it
    NEVER_NULL; DuckDB's answered ``''``); NULL elements, and the text form's NULL
    arguments, are skipped in both."""
    parts = node.expressions
    if len(parts) != 2 or node.meta.get(_DONE) or typed(parts[1], exp.DType.VARCHAR,
                                                        exp.DType.CHAR, exp.DType.TEXT):
        return node
    node.meta[_DONE] = True
    array = exp.Like(this=_call("TYPEOF", parts[1].copy()), expression=exp.Literal.string("%[]"))
    missing = exp.and_(exp.Is(this=parts[1].copy(), expression=exp.Null()), array)
    return exp.Case(ifs=[exp.If(this=missing, true=exp.Null())], default=node)


BY_CLASS: dict[type[exp.Expression], Callable[[exp.Expression], exp.Expression]] = {
    exp.ConcatWs: concat_ws,
    exp.Escape: like_escape,
    exp.Substring: substring,
    exp.Replace: lambda n: _call("AK_REPLACE", n.this, n.expression,
                                 n.args.get("replacement") or exp.Literal.string("")),
    exp.Split: lambda n: _call("AK_SPLIT_LIMIT", n.this, n.expression, n.args["limit"])
    if n.args.get("limit") else _call("AK_SPLIT", n.this, n.expression),
    exp.StrToMap: lambda n: _call("AK_SPLIT_TO_MAP", n.this, n.args["pair_delim"],
                                  n.args["key_value_delim"]),
    exp.Normalize: lambda n: _call("AK_NORMALIZE", n.this, exp.Literal.string(
        n.args["form"].name.upper() if n.args.get("form") else "NFC")),
    exp.Pad: pad,
    exp.Decode: decode,
}

BY_NAME: dict[str, Callable[[list[exp.Expression]], exp.Expression]] = {
    "LUHN_CHECK": lambda a: _call("AK_LUHN_CHECK", *a),
    "SPLIT_PART": lambda a: _call("AK_SPLIT_PART", *a),
}

"""Trino's ``format(pattern, args...)``: Java's ``String.format``, not C's ``printf``.

Trino's FormatFunction hands the pattern to ``java.util.Formatter`` (Locale.ENGLISH). DuckDB's
``printf`` differs in ways an answer shows: a NULL argument makes it NULL (Java prints
``null``), ``%.2f`` rounds the binary value (Java rounds the shortest decimal half up: ``0.125``
is ``0.13``), ``%x`` of a negative number is signed (Java prints the 64-bit two's complement),
``%s`` of a double is not Java's ``Double.toString``. Here a literal pattern is read as Java
reads it and the text is built in Python (``ak_java_format``) for the conversions ``%s %d %x
%X %o %f %%`` with the flags ``-``, ``0`` and ``,``, width, precision and ``n$`` indexes, over
arguments of a type known before running (integers, double, decimal, varchar, char, boolean,
date). Anything else is refused by name; Java's own failures for a misused conversion (a
precision on ``%d``, a missing argument, ``%d`` of a decimal) fail as Trino's do.

https://trino.io/docs/current/functions/conversion.html#format
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from sqlglot import exp

from athenakit.local.errors import UnsupportedLocally
from athenakit.local.javatext import java_double
from athenakit.local.nodes import call as _call
from athenakit.local.nodes import typed

# %[index$][flags][width][.precision]conversion, as java.util.Formatter reads it
_SPEC = re.compile(r"%(\d+\$)?([-#+ 0,(<]*)(\d+)?(\.\d+)?([tT]?[a-zA-Z%])")
_CONVERSIONS = set("sdxXof%")
# the Java class Trino passes for each kind of SQL value (FormatFunction.valueConverter)
_JAVA_CLASS = {"int": "java.lang.Long", "double": "java.lang.Double",
               "decimal": "java.math.BigDecimal", "str": "java.lang.String",
               "bool": "java.lang.Boolean", "date": "java.time.LocalDate"}
_ALLOWED = {"s": set(_JAVA_CLASS), "d": {"int"}, "x": {"int"}, "X": {"int"}, "o": {"int"},
            "f": {"double", "decimal"}}
_KINDS = ((("TINYINT", "SMALLINT", "INT", "BIGINT"), "int"), (("DOUBLE",), "double"),
          (("DECIMAL",), "decimal"), (("VARCHAR", "TEXT"), "str"),
          (("BOOLEAN",), "bool"), (("DATE",), "date"))


def _kind(node: exp.Expression) -> str:
    kind = node.type
    if isinstance(node, exp.Null):
        return "str"  # an untyped NULL prints as null whatever the conversion
    if typed(node, exp.DType.DECIMAL):
        return "decimal"  # 1.50 is a decimal(3, 2) (sqlglot types the literal double)
    for names, name in _KINDS:
        if kind is not None and kind.is_type(*(getattr(exp.DType, n) for n in names)):
            return name
    shown = kind.sql(dialect="trino").lower() if kind else "value"
    raise UnsupportedLocally(f"format of a {shown} argument",
                             hint="cast it to varchar, bigint, double or decimal")


def _fail(pattern: str, why: str) -> exp.Expression:
    return _call("ERROR", exp.Literal.string(
        f"INVALID_FUNCTION_ARGUMENT: Invalid format string: {pattern} ({why})"))


def _check(pattern: str, kinds: list[str]) -> exp.Expression | None:
    """Java's failure for ``pattern`` over arguments of ``kinds``, or None; refuses what the
    local formatter does not write."""
    ordinary = 0
    for match in _SPEC.finditer(pattern):
        index, flags, width, precision, conversion = match.groups()
        if conversion not in _CONVERSIONS or "<" in flags or set(flags) - set("-0,"):
            raise UnsupportedLocally(f"format with the pattern element {match.group(0)}")
        if conversion == "%":
            continue
        if precision and conversion in "dxXo":
            return _fail(pattern, f"IllegalFormatPrecision: {precision[1:]}")
        if ("-" in flags or "0" in flags) and not width or "," in flags and conversion not in \
                "df" or "0" in flags and conversion == "s" or "-" in flags and "0" in flags:
            raise UnsupportedLocally(f"format with the pattern element {match.group(0)}")
        if index is None:
            ordinary += 1
        at = int(index[:-1]) if index else ordinary
        if at > len(kinds):
            return _fail(pattern, f"MissingFormatArgument: Format specifier '{match.group(0)}'")
        if kinds[at - 1] not in _ALLOWED[conversion]:
            java = _JAVA_CLASS[kinds[at - 1]]
            return _fail(pattern, f"IllegalFormatConversion: {conversion} != {java}")
    return None


def format_call(args: list[exp.Expression]) -> exp.Expression:
    """``format(pattern, args...)`` as ``ak_java_format(pattern, kinds, [args as text])``.

    Raises:
        UnsupportedLocally: a pattern that is not a string literal, a pattern element or an
            argument type the local formatter does not write.
    """
    if not args or not (isinstance(args[0], exp.Literal) and args[0].is_string):
        raise UnsupportedLocally("format with a pattern that is not a string literal")
    pattern, values = str(args[0].this), args[1:]
    kinds = [_kind(v) for v in values]
    failure = _check(pattern, kinds)
    if failure is not None:
        return failure
    texts = [exp.Cast(this=v, to=exp.DataType.build("VARCHAR")) for v in values]
    return _call("AK_JAVA_FORMAT", exp.Literal.string(pattern),
                 exp.Literal.string(",".join(kinds)), exp.Array(expressions=texts))


def _number(text: str, kind: str) -> Decimal:
    return Decimal(repr(float(text))) if kind == "double" else Decimal(text)


def _convert(conversion: str, precision: str | None, flags: str, text: str,
             kind: str) -> str:
    if conversion == "s":
        shown = java_double(float(text)) if kind == "double" else text
        return shown[:int(precision[1:])] if precision else shown
    if conversion == "f" and kind == "double" and not math.isfinite(float(text)):
        return java_double(float(text))  # Java prints Infinity / NaN whatever the precision
    if conversion == "f":
        places = int(precision[1:]) if precision else 6
        value = _number(text, kind).quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP)
        return f"{value:,.{places}f}" if "," in flags else f"{value:.{places}f}"
    number = int(text)
    if conversion == "d":
        return f"{number:,d}" if "," in flags else str(number)
    unsigned = number & 0xFFFFFFFFFFFFFFFF  # Java formats a Long's two's complement
    return {"x": f"{unsigned:x}", "X": f"{unsigned:X}", "o": f"{unsigned:o}"}[conversion]


def java_format(pattern: str, kinds: str, values: list[str | None]) -> str:
    """``pattern`` formatted as Java's Formatter does (the elements ``format_call`` allowed)."""
    types = kinds.split(",") if kinds else []
    ordinary = 0

    def one(match: re.Match[str]) -> str:
        nonlocal ordinary
        index, flags, width, precision, conversion = match.groups()
        if conversion == "%":
            return "%"
        if index is None:
            ordinary += 1
        at = int(index[:-1]) - 1 if index else ordinary - 1
        text = values[at]
        shown = "null" if text is None else _convert(conversion, precision, flags, text,
                                                      types[at])
        shown = shown.upper() if conversion == "X" else shown
        size = int(width or 0)
        if "-" in flags:
            return shown.ljust(size)
        if "0" in flags and text is not None:
            sign = "-" if shown.startswith("-") else ""
            return sign + shown[len(sign):].rjust(size - len(sign), "0")
        return shown.rjust(size)

    return _SPEC.sub(one, pattern)


FUNCTIONS: dict[str, tuple[Callable[..., Any], list[str], str]] = {
    "ak_java_format": (java_format, ["VARCHAR", "VARCHAR", "VARCHAR[]"], "VARCHAR"),
}

"""``CAST(double AS DECIMAL(p, s))`` and ``CAST(real AS DECIMAL(p, s))`` as Trino casts them.

Trino reads the number as Java prints it (``Double.toString`` / ``Float.toString``: the
shortest text that reads back as the same value) and rounds that text half up to the scale
(io.trino.type.DecimalCasts; TestDecimalCasts: ``CAST(DOUBLE '123456789123456784' AS
DECIMAL(18,0))`` is ``123456789123456780``, ``CAST(REAL '1456213.432632456' AS DECIMAL(18,9))``
is ``1456213.400000000``). DuckDB converts the binary value, also losing digits on the way
(``CAST(DOUBLE '1234567890.0' AS DECIMAL(30,20))`` was ``1234567889.99999991885143736320``).
The cast here goes through the Java text, and a value that does not fit fails with Trino's
``INVALID_CAST_ARGUMENT: Cannot cast DOUBLE '1000.01' to DECIMAL(5, 2)``.

``CAST(varchar AS double / real)`` reads the text as Java's ``Double.parseDouble`` does.
https://trino.io/docs/current/functions/conversion.html#cast
https://docs.oracle.com/javase/8/docs/api/java/lang/Double.html#valueOf-java.lang.String-
"""

from __future__ import annotations

import re

from sqlglot import exp

from athenakit.local import decimalcasts, decimals
from athenakit.local.errors import REFUSED
from athenakit.local.nodes import DONE, UNDER_CAST, call

_KINDS = {"DOUBLE": ("AK_JAVA_DOUBLE", "DOUBLE"), "FLOAT": ("AK_JAVA_REAL", "REAL")}
_NAME = "ak_cast_value"


def _kind(node: exp.Expression) -> str | None:
    """``DOUBLE`` / ``FLOAT`` when ``node`` is known to be one, ``?`` when its type is known
    only while running, None otherwise."""
    if isinstance(node, exp.Neg | exp.Paren) and (node.type is None or decimals.unknown(node)):
        return _kind(node.this)  # -infinity() stays untyped
    if isinstance(node, exp.Literal):
        return None if node.is_string or "e" not in str(node.this).lower() else "DOUBLE"
    if node.type is not None and node.type.is_type(exp.DType.DOUBLE):
        return "DOUBLE"
    if node.type is not None and node.type.is_type(exp.DType.FLOAT):
        return "FLOAT"
    return "?" if decimals.unknown(node) and not isinstance(node, exp.Null) else None


def _cast(value: exp.Expression, to: exp.DataType | str) -> exp.Expression:
    node = exp.Cast(this=value, to=to.copy() if isinstance(to, exp.DataType)
                    else exp.DataType.build(to))
    node.meta[DONE] = True  # the rewrite loop visits the new tree again
    return node


def _through_text(value: exp.Expression, kind: str, to: exp.DataType,
                  fails: bool) -> exp.Expression:
    printer, trino = _KINDS[kind]
    text = call(printer, _cast(value, kind))
    converted = exp.TryCast(this=text, to=to.copy())
    converted.meta[DONE] = True
    failure = call("ERROR", decimalcasts.failure(trino, text.copy(), to))
    case = exp.Case(ifs=[exp.If(this=exp.Is(this=value.copy(), expression=exp.Null()),
                                true=_cast(exp.Null(), to)),
                         exp.If(this=exp.Not(this=exp.Is(this=converted, expression=exp.Null())),
                                true=converted.copy())],
                    default=_cast(failure if fails else exp.Null(), to))
    case.type = to.copy()  # the cast's type, to the checks after this one (ORDER BY 1)
    return case


def to_decimal(node: exp.Expression) -> exp.Expression:
    """The cast (or ``try_cast``) of a double or real to a decimal through Java's text;
    anything else unchanged."""
    if node.meta.get(DONE) or not isinstance(node, exp.Cast) or not node.to.is_type(
            exp.DType.DECIMAL) or not node.to.expressions:
        return node
    kind = _kind(node.this)
    if kind is None:
        return node
    node.meta[DONE] = True
    fails = not isinstance(node, exp.TryCast)  # try_cast answers NULL
    if kind != "?":
        return _through_text(node.this, kind, node.to, fails)
    # a subquery's column: DuckDB knows its type while running. The value is named once, as
    # a lambda's parameter (list_transform([v], lambda ak_v: ...)[1]): its copies in each
    # branch made a nested cast grow tenfold per level (abs(abs(abs(x))) of a VALUES decimal)
    value = exp.column(_NAME)
    kind_of = decimals.duck_typeof(value)
    branches = [exp.If(this=exp.EQ(this=kind_of.copy(), expression=exp.Literal.string(k)),
                       true=_through_text(value.copy(), k, node.to, fails)) for k in _KINDS]
    plain = _cast(value.copy(), node.to)
    plain.meta[DONE] = True
    body = exp.Case(ifs=branches, default=plain)
    node.this.meta[UNDER_CAST] = True  # (decimal results refused unless cast: it is)
    named = call("LIST_TRANSFORM", exp.Array(expressions=[node.this]),
                 exp.Lambda(this=body, expressions=[exp.to_identifier(_NAME)]))
    first = exp.Bracket(this=named, expressions=[exp.Literal.number(1)], offset=1)
    first.meta[DONE] = True
    first.type = node.to.copy()  # the cast's type, to the checks after this one
    return first


# Java's Double.parseDouble / Float.parseFloat grammar (FloatingDecimal), after String.trim()
_JAVA_NUMBER = r"[+-]?(NaN|Infinity|([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?[fFdD]?)"
_JAVA_HEX = r"[+-]?0[xX][0-9a-fA-F]*\.?[0-9a-fA-F]*[pP][+-]?[0-9]+[fFdD]?"
_TRIM = r"^[\x00-\x20]+|[\x00-\x20]+$"
_NAMES = {"DOUBLE": "DOUBLE", "FLOAT": "REAL"}
_HEX_REFUSAL = "a hexadecimal floating-point text cast to double or real"


def _is_text(node: exp.Expression) -> bool:
    if isinstance(node, exp.Literal):
        return node.is_string
    return node.type is not None and node.type.is_type(exp.DType.VARCHAR, exp.DType.TEXT)


def _literal_from_text(text: str, to: exp.DataType, fails: bool) -> exp.Expression:
    trimmed = re.sub(_TRIM, "", text)
    if re.fullmatch(_JAVA_NUMBER, trimmed):
        return _cast(exp.Literal.string(re.sub("[fFdD]$", "", trimmed)), to)
    if re.fullmatch(_JAVA_HEX, trimmed):
        return _cast(call("ERROR", exp.Literal.string(REFUSED + _HEX_REFUSAL)), to)
    if not fails:
        return _cast(exp.Null(), to)
    message = f"INVALID_CAST_ARGUMENT: Cannot cast '{text}' to {_NAMES[to.this.name]}"
    return _cast(call("ERROR", exp.Literal.string(message)), to)


def _matches(text: exp.Expression, pattern: str) -> exp.Expression:
    # sqlglot's node (DuckDB's regexp_matches) with a literal pattern: safe inside try(...)
    node = exp.RegexpLike(this=text, expression=exp.Literal.string(f"^(?:{pattern})$"))
    node.meta[DONE] = True
    return node


def _column_from_text(value: exp.Expression, to: exp.DataType, fails: bool) -> exp.Expression:
    trimmed = call("REGEXP_REPLACE", value.copy(), exp.Literal.string(_TRIM),
                   exp.Literal.string(""), exp.Literal.string("g"))
    number = call("REGEXP_REPLACE", trimmed.copy(), exp.Literal.string("[fFdD]$"),
                  exp.Literal.string(""))
    failure = call("ERROR", call("CONCAT", exp.Literal.string("INVALID_CAST_ARGUMENT: Cannot "
                                                              "cast '"), value.copy(),
                                 exp.Literal.string(f"' to {_NAMES[to.this.name]}")))
    hex_refusal = call("ERROR", exp.Literal.string(REFUSED + _HEX_REFUSAL))
    return exp.Case(ifs=[
        exp.If(this=exp.Is(this=value.copy(), expression=exp.Null()),
               true=_cast(exp.Null(), to)),
        exp.If(this=_matches(trimmed, _JAVA_NUMBER), true=_cast(number, to)),
        # the refusal is the branch's own value, so that trys.py can raise it outside a try
        exp.If(this=_matches(trimmed.copy(), _JAVA_HEX), true=hex_refusal)],
        default=_cast(failure if fails else exp.Null(), to))


def from_text(node: exp.Expression) -> exp.Expression:
    """``CAST(varchar AS double)`` / ``real`` (and ``try_cast``) read as Java's
    ``Double.parseDouble`` reads the text (Trino's DoubleOperators / RealOperators): ``'1.5d'``
    is 1.5, ``'inf'`` and ``'nan'`` fail (DuckDB read them as infinity and NaN), ``'1_000'``
    fails (DuckDB: 1000); a hexadecimal float (``'0x1p3'``) is refused."""
    if node.meta.get(DONE) or not isinstance(node, exp.Cast) or not node.to.is_type(
            exp.DType.DOUBLE, exp.DType.FLOAT):
        return node
    # only a column (a subquery's) is dispatched while running: expressions built by the
    # rewrites (round's, casts of nan()) keep their own casts
    unknown = isinstance(node.this, exp.Column) and _kind(node.this) == "?"
    if not (_is_text(node.this) or unknown):
        return node
    node.meta[DONE] = True
    fails = not isinstance(node, exp.TryCast)
    if isinstance(node.this, exp.Literal):
        return _literal_from_text(node.this.this, node.to, fails)
    if not unknown:
        return _column_from_text(node.this, node.to, fails)
    # a subquery's column: DuckDB knows while running whether it is text
    text = _column_from_text(_cast(node.this.copy(), "VARCHAR"), node.to, fails)
    is_text = exp.EQ(this=decimals.duck_typeof(node.this), expression=exp.Literal.string(
        "VARCHAR"))
    return exp.Case(ifs=[exp.If(this=is_text, true=text)], default=node)

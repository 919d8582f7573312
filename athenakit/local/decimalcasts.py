"""Casts to ``decimal(p, s)`` as Trino's ``DecimalCasts`` make them (a ``double`` or ``real``
source: :mod:`athenakit.local.floatcasts`).

* ``varchar`` must be a number as ``new BigDecimal(text)`` reads it: no ``NaN``. Blanks around
  it (``' 1.5'``) failed with ``Value is not a number.`` before trinodb/trino#23375 (Trino
  458), which trims them: refused, as Athena's release is not known (:func:`blanks_refused`).
* A value that does not fit fails with Trino's message, which names the source type:
  ``Cannot cast INTEGER '123' to DECIMAL(2, 1)``, ``Cannot cast DECIMAL(5, 2) '123.45' to
  DECIMAL(2, 1)``, ``Cannot cast VARCHAR '123' to DECIMAL(2, 1). Value too large.`` DuckDB
  names neither.

https://trino.io/docs/current/functions/conversion.html#cast
"""

from __future__ import annotations

from collections.abc import Callable

from sqlglot import exp

from athenakit.local import decimals, rounding
from athenakit.local.errors import REFUSED
from athenakit.local.nodes import CANNOT_FAIL, DONE, WRITTEN_DECIMAL_CAST
from athenakit.local.nodes import call as _call

MACROS: dict[str, str] = {
    # the text ``new BigDecimal(text)`` reads: a sign, digits with a point, an exponent
    "ak_is_big_decimal": r"""(t) AS regexp_full_match(t,
        '[+-]?([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][+-]?[0-9]+)?')""",
}


def cast(node: exp.Cast) -> exp.Expression:
    """``CAST(x AS decimal(p, s))`` (or ``try_cast``) of a value whose type is known, as
    Trino casts it; other casts, and those that cannot fail, are returned unchanged."""
    source, to = node.this, node.to
    text = _source_text(source) if node.meta.get(WRITTEN_DECIMAL_CAST) else None
    if text is None or _always_fits(source, to):
        return node
    kind, shown = text
    target = exp.DataType.build(f"DECIMAL({_params(to)})")
    converted = _done(exp.TryCast(this=source.copy(), to=target))
    if kind == "VARCHAR":
        return _text(node, source, converted, to)
    if isinstance(node, exp.TryCast):
        return converted
    return exp.Coalesce(this=converted, expressions=[
        _failing(source, failure(kind, shown, to))])


def failure(kind: str, shown: exp.Expression, to: exp.DataType,
            reason: str = "") -> exp.Expression:
    """Trino's message for a value that does not cast to ``to`` (DecimalCasts):
    ``INVALID_CAST_ARGUMENT: Cannot cast DOUBLE '1000.01' to DECIMAL(5, 2)``, ``reason``
    appended (``. Value too large.``).

    Args:
        kind: Trino's name of the source type (``INTEGER``, ``DECIMAL(5, 2)``, ``DOUBLE``).
        shown: the text of the value, as Trino prints it.
        to: the target ``decimal(p, s)``.
        reason: what follows the target in the message.

    Returns:
        The message, a concatenation DuckDB evaluates.
    """
    head = exp.Literal.string(f"INVALID_CAST_ARGUMENT: Cannot cast {kind} '")
    tail = exp.Literal.string(f"' to DECIMAL({_params(to, ', ')}){reason}")
    return _done(exp.DPipe(this=_done(exp.DPipe(this=head, expression=shown)),
                           expression=tail))


def _always_fits(source: exp.Expression, to: exp.DataType) -> bool:
    """An integer or decimal whose every value fits ``to`` unrounded."""
    precision, scale = (int(p) for p in _params(to).split(","))
    if isinstance(source, exp.Literal) and not source.is_string and str(source.this).isdigit():
        return len(str(source.this).lstrip("0")) <= precision - scale
    shape = decimals.shape(source) if rounding.integer_type(source) or decimals.is_decimal(
        source) else None
    return shape is not None and shape[1] <= scale and shape[0] - shape[1] <= precision - scale


def _source_text(source: exp.Expression) -> tuple[str, exp.Expression] | None:
    """Trino's name of ``source``'s type in a cast failure, and its text there."""
    integer = rounding.integer_type(source)
    if integer:
        return integer, _done(exp.Cast(this=source.copy(), to=exp.DataType.build("VARCHAR")))
    if _typed(source, exp.DType.VARCHAR, exp.DType.TEXT) or isinstance(
            source, exp.Literal) and source.is_string:
        return "VARCHAR", source.copy()
    shape = decimals.shape(source) if decimals.is_decimal(source) else None
    if shape:
        return f"DECIMAL({shape[0]}, {shape[1]})", _call("AK_DECIMAL_TEXT", source.copy())
    return None


def _text(node: exp.Cast, source: exp.Expression, converted: exp.Expression,
          to: exp.DataType) -> exp.Expression:
    """varchar: not a number, or too large (Trino's two messages)."""
    number = _call("AK_IS_BIG_DECIMAL", source.copy())
    if isinstance(node, exp.TryCast):
        return blanks_refused(source, _big_decimal,
                              exp.Case(ifs=[exp.If(this=number, true=converted)]))
    not_number = _failing(source, failure("VARCHAR", source.copy(), to,
                                          ". Value is not a number."))
    too_large = _failing(source, failure("VARCHAR", source.copy(), to, ". Value too large."))
    return blanks_refused(source, _big_decimal, exp.Case(
        ifs=[exp.If(this=exp.Not(this=number), true=not_number)],
        default=exp.Coalesce(this=converted, expressions=[too_large])))


def _big_decimal(text: exp.Expression) -> exp.Expression:
    found = _call("AK_IS_BIG_DECIMAL", text)
    found.meta[CANNOT_FAIL] = True
    return found


BLANKS_REFUSAL = ("a cast to an integer or decimal of a number with blanks around it (Trino "
                  "releases differ)")
# what trinodb/trino#23375 may trim, at its widest: control characters, blanks, separators
_BLANKS = r"^[\x00-\x20\x{85}\x{A0}\p{Z}]+|[\x00-\x20\x{85}\x{A0}\p{Z}]+$"


def blanks_refused(text: exp.Expression, number: Callable[[exp.Expression], exp.Expression],
                   result: exp.Expression) -> exp.Expression:
    """``result``, refused where ``text`` is a number (``number`` of the text tells) only once
    blanks around it are trimmed: older Trino releases fail such a cast, newer ones trim
    (trinodb/trino#23375). The refusal is in the statement, where ``try`` lets it through."""
    stripped = _call("REGEXP_REPLACE", text.copy(), exp.Literal.string(_BLANKS),
                     exp.Literal.string(""), exp.Literal.string("g"))
    stripped.meta[CANNOT_FAIL] = True
    blanks = exp.and_(exp.NEQ(this=stripped, expression=text.copy()), number(stripped.copy()))
    refuse = _call("ERROR", exp.Literal.string(REFUSED + BLANKS_REFUSAL))
    return exp.Case(ifs=[exp.If(this=blanks, true=refuse)], default=result)


def _failing(source: exp.Expression, message: exp.Expression) -> exp.Expression:
    """``CASE WHEN source IS NOT NULL THEN error(message) END``: a NULL casts to NULL."""
    present = exp.Not(this=exp.Is(this=source.copy(), expression=exp.Null()))
    return exp.Case(ifs=[exp.If(this=present, true=_call("ERROR", message))])


def _params(to: exp.DataType, separator: str = ",") -> str:
    values = [p.this.name if isinstance(p.this, exp.Expression) else str(p.this)
              for p in to.expressions]
    return separator.join(values if len(values) == 2 else [*values, "0"])


def _typed(node: exp.Expression, *types: exp.DType) -> bool:
    if isinstance(node, exp.Paren | exp.Neg) and (node.type is None or node.type.is_type(
            exp.DType.UNKNOWN)):
        return _typed(node.this, *types)
    return node.type is not None and node.type.is_type(*types)


def _done(node: exp.Expression) -> exp.Expression:
    node.meta[DONE] = True
    return node

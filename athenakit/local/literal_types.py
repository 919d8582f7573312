"""Trino's types of literals that DuckDB types otherwise, for ``typeof`` and result columns.

* A decimal literal is typed by its text without leading zeros (Trino's ``Decimals.parse``):
  ``0.5`` is ``decimal(1,1)``, ``DECIMAL '0.05'`` ``decimal(2,2)``
  (https://trino.io/docs/current/language/types.html#decimal). DuckDB runs such a literal as
  ``decimal(2,1)``: a ``decimal(p,p)`` prints without its zero (``.5``) where Trino prints
  ``0.5``, so the value keeps DuckDB's type and only the type shown is Trino's. Sums,
  differences, products, quotients and remainders of literals and operands of known decimal shape are typed by
  Trino's rules (``DecimalOperators``); such arithmetic with an operand whose decimal shape
  is known only while running is refused (:data:`DERIVED_REFUSAL`). Other expressions built
  from such a literal (``round(0.5, 1)``) show DuckDB's type.
* ``INTERVAL '14' MONTH`` (``YEAR``, ``YEAR TO MONTH``) is an ``interval year to month``;
  DuckDB has one interval type, shown as ``interval day to second``
  (https://trino.io/docs/current/language/types.html#interval-year-to-month).
"""

from __future__ import annotations

from collections.abc import Callable

from sqlglot import exp

from athenakit.local import decimals
from athenakit.local.errors import UnsupportedLocally

DERIVED_REFUSAL = "the type of an expression built from a decimal literal below 1"

_YEAR_MONTH = frozenset({"YEAR", "MONTH"})
_ARITHMETIC = (exp.Add, exp.Sub, exp.Mul, exp.Div, exp.Mod)
Shape = tuple[int, int]
TypeFinder = Callable[[int, str], str | None]


def literal_shape(node: exp.Expression) -> Shape | None:
    """Trino's ``(precision, scale)`` of a decimal literal (``0.5``, ``-1.25``, ``DECIMAL
    '0.05'``), None for anything else."""
    if isinstance(node, exp.Neg | exp.Paren):
        return literal_shape(node.this)
    if isinstance(node, exp.Cast) and node.to.is_type(exp.DType.DECIMAL) \
            and not node.to.expressions and isinstance(node.this, exp.Literal):
        text = str(node.this.this)
    elif isinstance(node, exp.Literal) and not node.is_string and "." in str(node.this) \
            and "e" not in str(node.this).lower():
        text = str(node.this)
    else:
        return None
    whole, _, fraction = text.strip().lstrip("+-").partition(".")
    if not (whole + fraction).isdigit():
        return None
    return max(1, len(whole.lstrip("0")) + len(fraction)), len(fraction)


def _below_one(node: exp.Expr) -> bool:
    """A decimal literal whose Trino type is narrower than DuckDB's (no integer digit)."""
    if not isinstance(node, exp.Expression):
        return False
    trino, duck = literal_shape(node), decimals.shape(node)
    return trino is not None and duck is not None and trino != duck


def _shape(node: exp.Expression) -> Shape | None:
    """Trino's decimal shape of ``node``: literals, typed operands, ``+ - *`` of those."""
    if isinstance(node, exp.Paren | exp.Neg):
        return _shape(node.this)
    found = literal_shape(node)
    if found is not None:
        return found
    if isinstance(node, _ARITHMETIC):
        left, right = _shape(node.this), _shape(node.expression)
        return None if left is None or right is None else _combined(node, left, right)
    return None if decimals.unknown(node) else decimals.shape(node)


def _combined(node: exp.Expression, left: Shape, right: Shape) -> Shape:
    """Trino's result shape of a decimal operator (io.trino.type.DecimalOperators)."""
    (p1, s1), (p2, s2) = left, right
    scale = max(s1, s2)
    if isinstance(node, exp.Mul):
        return min(38, p1 + p2), s1 + s2
    if isinstance(node, exp.Div):
        return min(38, p1 + s2 + max(0, s2 - s1)), scale
    if isinstance(node, exp.Mod):
        return min(p2 - s2, p1 - s1) + scale, scale
    return min(38, 1 + scale + max(p1 - s1, p2 - s2)), scale


def _year_month(node: exp.Expression) -> bool:
    """An interval literal (or a sum, difference or negation of them) of years and months."""
    if isinstance(node, exp.Paren | exp.Neg):
        return _year_month(node.this)
    if isinstance(node, exp.Add | exp.Sub):
        return _year_month(node.this) and _year_month(node.expression)
    if isinstance(node, exp.Cast) and isinstance(node.to.this, exp.Interval):
        return _year_month(node.to.this)  # CAST(x AS INTERVAL YEAR TO MONTH)
    if isinstance(node, exp.Mul | exp.Div):  # scaled by a number, still years and months
        return _year_month(node.this) or isinstance(node, exp.Mul) and _year_month(
            node.expression)
    if not isinstance(node, exp.Interval):
        return False
    unit = node.args.get("unit")
    names = {v.name.upper() for v in ([unit] if not isinstance(unit, exp.IntervalSpan)
                                      else [unit.this, unit.expression]) if v is not None}
    return bool(names) and names <= _YEAR_MONTH


def _arithmetic(node: exp.Expression) -> bool:
    """A decimal literal, or ``+ - * / %`` and negation over one (other expressions built from a
    literal, such as ``round(0.5, 1)`` or ``CAST(0.5 AS varchar)``, keep DuckDB's type)."""
    if isinstance(node, exp.Paren | exp.Neg):
        return _arithmetic(node.this)
    if isinstance(node, _ARITHMETIC):
        return _arithmetic(node.this) or _arithmetic(node.expression)
    return literal_shape(node) is not None


def trino_type(node: exp.Expression) -> str | None:
    """Trino's type of ``node`` where DuckDB's differs and Trino's is known here, else None.

    Raises:
        UnsupportedLocally: a decimal built from a literal below 1 whose Trino type is not
            known here (:data:`DERIVED_REFUSAL`).
    """
    if _year_month(node):
        return "interval year to month"
    if not _arithmetic(node) or not any(_below_one(n) for n in node.walk()):
        return None
    found = _shape(node)
    if found is None:
        raise UnsupportedLocally(DERIVED_REFUSAL)
    return f"decimal({found[0]},{found[1]})"


def _sources(tree: exp.Expression) -> dict[int, exp.Expression]:
    """id of a column read from a subquery or CTE -> the select item it names (sqlglot's
    scopes, as :mod:`athenakit.local.chars` follows them)."""
    from sqlglot.optimizer.scope import Scope, traverse_scope

    from athenakit.local.chars import _item, _source

    try:
        scopes = traverse_scope(tree)
    except Exception:  # noqa: BLE001 - a statement sqlglot cannot scope: columns stay as they are
        return {}
    found: dict[int, exp.Expression] = {}
    for scope in scopes:
        for column in scope.columns:
            source = _source(scope, column, set())
            item = _item(source.expression, column.name.lower()) if isinstance(
                source, Scope) else None
            if item is not None:
                found[id(column)] = item
    return found


def _inlined(node: exp.Expression, sources: dict[int, exp.Expression],
             depth: int = 0) -> exp.Expression:
    """``node`` with each column read from a subquery replaced by the item it names."""
    if depth > 8:
        return node
    if isinstance(node, exp.Column) and id(node) in sources:
        return _inlined(sources[id(node)], sources, depth + 1)
    if not any(id(c) in sources for c in node.find_all(exp.Column)):
        return node
    copy = node.copy()
    swaps = [(dup, _inlined(sources[id(orig)], sources, depth + 1))
             for orig, dup in zip(node.walk(), copy.walk())
             if isinstance(orig, exp.Column) and id(orig) in sources]
    for dup, item in swaps:
        dup.replace(item.copy())
    return copy


def finder(tree: exp.Expression, chars: TypeFinder) -> TypeFinder:
    """``(index, name) -> type`` of a result column: ``chars``' ``char(n)``, else Trino's type
    of the item (:func:`trino_type`) where DuckDB's differs; a column read from a subquery or
    CTE stands for the item it names there."""
    select = tree
    while isinstance(select, exp.SetOperation):
        select = select.this
    items = select.expressions if isinstance(select, exp.Select) else []
    sources = _sources(tree) if items else {}

    def find(index: int, name: str) -> str | None:
        found = chars(index, name)
        if found is not None or index >= len(items) or isinstance(tree, exp.SetOperation):
            return found
        item = items[index]
        return trino_type(_inlined(item.this if isinstance(item, exp.Alias) else item, sources))
    return find

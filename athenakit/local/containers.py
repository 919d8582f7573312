"""Comparisons of arrays, maps and rows (``=``, ``<>``, ``IN``, ``<`` ...) as Trino answers them.

Trino compares containers element by element with the element type's own operator, so a NULL
met anywhere inside makes the comparison NULL unless an unequal pair decides it first
(``ARRAY[ARRAY[1], ARRAY[null]] = ARRAY[ARRAY[1], ARRAY[2]]`` is NULL; TestArrayOperators
.testComparison), and maps are equal whatever the order of their entries. DuckDB compares
nested values with its own rules (NULL equals NULL, entries in order). Here:

* arrays of scalars, arrays of arrays of scalars and maps of scalars get Trino's answer
  (``ak_array_eq``, ``ak_array_eq2``, ``ak_map_eq``);
* any other comparison of values that are (or, their type being known only while running,
  turn out to be) arrays, maps or rows is checked by DuckDB while running: one whose values
  hold a NULL, a NaN or a map is refused, where DuckDB's answer could differ from Trino's;
  without those, DuckDB's answer is Trino's.

https://trino.io/docs/current/functions/comparison.html
https://trino.io/docs/current/functions/array.html
"""

from __future__ import annotations

from sqlglot import exp

from athenakit.local import decimals
from athenakit.local.errors import REFUSED
from athenakit.local.nodes import DONE as _DONE
from athenakit.local.nodes import call as _call
from athenakit.local.nodes import failing_cast

_CONTAINERS = (exp.DType.ARRAY, exp.DType.MAP, exp.DType.STRUCT)

REFUSAL = "comparison of arrays, maps or rows that hold NULLs, NaN or maps"
DISTINCT_REFUSAL = "IS DISTINCT FROM of maps, or of arrays or rows holding maps"

MACROS: dict[str, str] = {
    # Trino's equality of arrays of arrays: ak_array_eq of each pair of elements
    "ak_array_eq2": """(a, b) AS CASE WHEN a IS NULL OR b IS NULL THEN NULL
        WHEN len(a) <> len(b) THEN false
        WHEN list_bool_or(list_transform(range(1, len(a) + 1),
            lambda j: coalesce(NOT ak_array_eq(a[j], b[j]), false))) THEN false
        WHEN list_bool_or(list_transform(range(1, len(a) + 1),
            lambda j: ak_array_eq(a[j], b[j]) IS NULL)) THEN NULL ELSE true END""",
    # Trino's IS DISTINCT FROM of maps: whatever the order of the entries (values compared
    # NULL-safely, as DuckDB's IS DISTINCT FROM does)
    "ak_map_distinct": """(a, b) AS CASE WHEN a IS NULL OR b IS NULL
        THEN (a IS NULL) <> (b IS NULL)
        WHEN cardinality(a) <> cardinality(b) THEN true
        WHEN NOT coalesce(list_bool_and(list_transform(map_keys(a),
            lambda k: contains(map_keys(b), k))), true) THEN true
        ELSE coalesce(list_bool_or(list_transform(map_keys(a), lambda k:
            map_extract_value(a, k) IS DISTINCT FROM map_extract_value(b, k))), false) END""",
    "ak_holds_map": """(x) AS typeof(x) LIKE '%MAP(%'""",
    # an array of arrays, maps or rows whose elements DuckDB could compare otherwise than
    # Trino: array_max / array_min / contains / array_position compare them with Trino's
    # operators, which fail (NOT_SUPPORTED) or skip NaN where DuckDB orders or matches them
    # (contains(ARRAY[ARRAY[1.1, null]], ARRAY[1.1, null]) fails; array_max(ARRAY[ARRAY[NaN()],
    # ARRAY[3]]) is [3.0]: TestArrayOperators.testArrayContains, testArrayMax)
    "ak_unsure_nested": """(a) AS (typeof(a) LIKE '%][]' OR typeof(a) LIKE '%)[]'
        AND typeof(a) NOT LIKE 'DECIMAL(%')
        AND ak_unsure_container(list_filter(a, lambda e: e IS NOT NULL))""",
    # array_max / array_min: a NULL element makes the answer NULL unless a NULL inside
    # another element made an earlier comparison fail (refused)
    "ak_unsure_extreme": """(a) AS CASE WHEN list_bool_or(list_transform(a, lambda e: e IS NULL))
        THEN (typeof(a) LIKE '%][]' OR typeof(a) LIKE '%)[]' AND typeof(a) NOT LIKE 'DECIMAL(%')
            AND CAST(list_filter(a, lambda e: e IS NOT NULL) AS VARCHAR) LIKE '%NULL%'
        ELSE ak_unsure_nested(a) END""",
    "ak_unsure_search": """(a, x) AS ak_unsure_nested(a) OR ak_unsure_container(x)""",
    # a container whose comparison DuckDB could answer otherwise than Trino (typeof is folded
    # to a constant, so a scalar costs nothing)
    "ak_unsure_container": """(x) AS (typeof(x) LIKE '%]' OR typeof(x) LIKE 'MAP(%'
        OR typeof(x) LIKE 'STRUCT(%' OR typeof(x) LIKE 'TUPLE(%') AND (typeof(x) LIKE '%MAP(%'
        OR CAST(x AS VARCHAR) LIKE '%NULL%' OR lower(CAST(x AS VARCHAR)) LIKE '%nan%')""",
}


def _scalar(node: exp.Expression) -> bool:
    """The type of ``node`` is known and is no array, map or row."""
    if decimals.unknown(node):
        return False
    return node.type is None or not node.type.is_type(*_CONTAINERS)  # a literal


def _element(kind: exp.DataType, at: int = 0) -> exp.DataType | None:
    if len(kind.expressions) <= at or not isinstance(kind.expressions[at], exp.DataType):
        return None
    element: exp.DataType = kind.expressions[at]
    return None if element.is_type(exp.DType.UNKNOWN, exp.DType.NULL) else element


def _flat(kind: exp.DataType | None) -> bool:
    return kind is not None and not kind.is_type(*_CONTAINERS)


def _exact_macro(kind: exp.DataType) -> str | None:
    """The macro giving Trino's equality for values of static type ``kind``, if there is one."""
    element = _element(kind)
    if kind.is_type(exp.DType.ARRAY):
        if _flat(element):
            return "AK_ARRAY_EQ"
        if element is not None and element.is_type(exp.DType.ARRAY) and _flat(_element(element)):
            return "AK_ARRAY_EQ2"
    if kind.is_type(exp.DType.MAP) and _flat(element) and _flat(_element(kind, 1)):
        return "AK_MAP_EQ"
    return None


def _container_type(*sides: exp.Expression) -> exp.DataType | None:
    return next((s.type for s in sides if s.type is not None and s.type.is_type(*_CONTAINERS)),
                None)


_GUARDED = "ak_container_guarded"


def _seen(node: exp.Expression) -> bool:
    return bool(node.meta.get(_DONE) or node.meta.get(_GUARDED))


def guarded(node: exp.Expression, *sides: exp.Expression, test: str = "AK_UNSURE_CONTAINER",
            refusal: str = REFUSAL) -> exp.Expression:
    """``node``, failing while running with ``refusal`` when one of ``sides`` turns out to
    be a container DuckDB could compare otherwise than Trino (macro ``test``). ``node`` is
    left to the scalar rewrites (a NaN-aware comparison where it turns out to be a double)."""
    node.meta[_GUARDED] = True
    unsure = exp.or_(*(_call(test, side.copy()) for side in sides))
    refuse = exp.Anonymous(this="ERROR", expressions=[exp.Literal.string(
        REFUSED + refusal)])
    return exp.Case(ifs=[exp.If(this=unsure, true=refuse)], default=node)


def refused_when(node: exp.Expression, unsure: exp.Expression,
                 refusal: str = REFUSAL) -> exp.Expression:
    """``node``, failing while running with ``refusal`` where ``unsure`` holds (a refusal
    outside any macro, so that ``try(...)`` tests it before DuckDB's ``TRY``)."""
    refuse = exp.Anonymous(this="ERROR", expressions=[exp.Literal.string(
        REFUSED + refusal)])
    return exp.Case(ifs=[exp.If(this=unsure, true=refuse)], default=node)


def equality(node: exp.Expression) -> exp.Expression:
    """``=`` / ``<>`` of arrays, maps and rows with Trino's NULL handling and key order."""
    a, b = node.this, node.expression
    if _seen(node) or _scalar(a) or _scalar(b):
        return node
    kind = _container_type(a, b)
    macro = _exact_macro(kind) if kind is not None else None
    if macro is None:
        return guarded(node, a, b)
    same = _call(macro, a, b)
    return exp.Not(this=same) if isinstance(node, exp.NEQ) else same


def in_list(node: exp.Expression) -> exp.Expression:
    """``x IN (...)`` of containers: an OR of ``=`` (Trino's IN compares with ``=``), or
    checked while running (a subquery, or values of unknown types)."""
    items = node.expressions
    if _seen(node) or _scalar(node.this) or any(map(_scalar, items)):
        return node
    if items and _container_type(node.this, *items) is not None:
        return exp.Paren(this=exp.or_(*(exp.EQ(this=node.this.copy(), expression=item.copy())
                                         for item in items)))
    return guarded(node, node.this, *items)


def order(node: exp.Expression) -> exp.Expression:
    """``<``, ``<=``, ``>``, ``>=`` of arrays and rows: checked while running (Trino fails on
    NULL elements, where DuckDB orders them)."""
    if _seen(node) or _scalar(node.this) or _scalar(node.expression):
        return node
    return guarded(node, node.this, node.expression)


def ordered(node: exp.Expression) -> exp.Expression:
    """An ``ORDER BY`` key (of a query, a window or an aggregate) that may be an array or a
    row: checked while running as ``<`` is (Trino's ordering fails on a NULL element it has
    to compare, DuckDB sorts it; a NaN or a map inside is refused as well). A key given by its
    position in the select list is checked as that item.

    Raises:
        UnsupportedLocally: a position names an item that may be a container.
    """
    key = node.this
    if node.meta.get(_DONE) or not isinstance(node, exp.Ordered):
        return node
    if isinstance(key, exp.Literal) and not key.is_string and isinstance(node.parent, exp.Order):
        select = node.find_ancestor(exp.Select)
        items = select.expressions if select is not None else []
        position = int(key.name) if key.name.isdigit() else 0
        item = items[position - 1] if 0 < position <= len(items) else None
        if item is None or _scalar(item.unalias()) or any(
                isinstance(i, exp.Star) or isinstance(i, exp.Column) and i.is_star
                for i in items):  # a star's columns are not counted here: left to DuckDB
            return node
        node.meta[_DONE] = True  # the item checked while running, as for an output name
        checked = _ordering_checked(item.unalias())
        if isinstance(item, exp.Alias):
            item.set("this", checked)
        elif isinstance(item, exp.Column):  # keeps its output name
            item.replace(exp.Alias(this=checked, alias=item.this.copy()))
        else:
            item.replace(checked)
        return node
    if _scalar(key):
        return node
    node.meta[_DONE] = True
    item = _aliased_item(node, key)
    if item is not None:  # ORDER BY an output name: its item checked, the name left alone
        item.set("this", _ordering_checked(item.this))  # (DuckDB cannot inline an item
        return node  # that may fail into an ORDER BY expression: "has side effects")
    node.set("this", _ordering_checked(key))
    return node


def _aliased_item(node: exp.Expression, key: exp.Expression) -> exp.Alias | None:
    """The select item an ORDER BY ``key`` names by its output name, if it does."""
    if not isinstance(key, exp.Column) or key.table or not isinstance(node.parent, exp.Order):
        return None
    select = node.parent.parent
    if not isinstance(select, exp.Select):
        return None
    return next((i for i in select.expressions if isinstance(i, exp.Alias)
                 and i.alias.lower() == key.name.lower()), None)


def _ordering_checked(key: exp.Expression) -> exp.Expression:
    """``key``, failing while running where it holds what Trino cannot order."""
    # DuckDB takes no error() (volatile) in a window's ORDER BY: the refusal is a failing cast
    refuse = failing_cast(exp.Literal.string(REFUSED + REFUSAL))
    return exp.Case(ifs=[exp.If(this=_call("AK_UNSURE_CONTAINER", key.copy()), true=refuse)],
                    default=key.copy())


def distinct(node: exp.Expression) -> exp.Expression:
    """``IS [NOT] DISTINCT FROM`` of containers: maps whatever their entry order; DuckDB's
    answer otherwise (NULL-safe, NaN not distinct from NaN, as Trino's), refused while running
    where a map is nested (:data:`DISTINCT_REFUSAL`)."""
    a, b = node.this, node.expression
    if _seen(node) or _scalar(a) or _scalar(b):
        return node
    kind = _container_type(a, b)
    if kind is None or not kind.is_type(exp.DType.MAP):
        return guarded(node, a, b, test="AK_HOLDS_MAP", refusal=DISTINCT_REFUSAL)
    differ = _call("AK_MAP_DISTINCT", a, b)
    answer = differ if isinstance(node, exp.NullSafeNEQ) else exp.Not(this=differ)
    # the values are compared by DuckDB's rules: refused while running if they hold maps
    return guarded(answer, *(_call("MAP_VALUES", side.copy()) for side in (a, b)),
                   test="AK_HOLDS_MAP", refusal=DISTINCT_REFUSAL)


def anonymous_row(node: exp.Expression) -> exp.Expression:
    """``ROW(x, y > 1)``: Trino's row is anonymous; sqlglot would name a field after a column
    it reads (``{'x': x, '_1': ...}``), which DuckDB then reports as the row's type. It is
    DuckDB's own ``ROW(...)`` instead, an unnamed row (``TUPLE``) that casts to named ones."""
    if any(isinstance(arg, exp.PropertyEQ | exp.Alias) for arg in node.expressions):
        return node
    return _call("ROW", *node.expressions)


BY_CLASS = {exp.Struct: anonymous_row}

"""Trino's signature checks of array functions where DuckDB would coerce and answer.

* ``array || array`` binds ``concat(array(E)) E``: the element types must have a common
  type (``ARRAY[ARRAY[1]] || ARRAY[ARRAY[true]]`` fails with ``FUNCTION_NOT_FOUND``; DuckDB
  turned ``true`` into 1), and ``ARRAY[ARRAY[1]] || ARRAY[NULL]`` fails with
  ``AMBIGUOUS_FUNCTION_CALL`` (``ARRAY[NULL]`` is an element or an array of elements);
  TestArrayOperators.testArrayToArrayConcat.
* ``array_join`` of arrays, maps or rows fails with ``OPERATOR_NOT_FOUND``: Trino has no cast
  of them to ``varchar`` (TestArrayOperators.testArrayJoin; DuckDB printed them).
* ``array[i]`` with an index that is not an integer fails with ``TYPE_MISMATCH`` (``Cannot
  use double for subscript of array(integer)``; DuckDB's own message named its function).
* ``MAP(keys, values)`` with a key that is an array or row holding a NULL fails with
  ``map key cannot be indeterminate: [null]`` (TestMapOperators.testConstructor; DuckDB built
  the map).

https://trino.io/docs/current/functions/array.html
"""

from __future__ import annotations

from sqlglot import exp

from athenakit.local.nodes import call as _call

_CONTAINERS = (exp.DType.ARRAY, exp.DType.MAP, exp.DType.STRUCT)
_CONCAT_SIGNATURES = ("concat(E, array(E)) E, concat(array(E)) E, concat(array(E), E) E, "
                      "concat(char(x), char(y)), concat(varbinary), concat(varchar)")


def _known(kind: exp.DataType | None) -> bool:
    return kind is not None and not kind.is_type(exp.DType.UNKNOWN, exp.DType.NULL)


def _element(kind: exp.DataType) -> exp.DataType | None:
    inner = kind.expressions[0] if kind.expressions else None
    return inner if isinstance(inner, exp.DataType) and _known(inner) else None


def _family(kind: exp.DataType) -> str:
    """The group of types with common super types in Trino (numbers coerce to each other,
    text to text); a container by its own kind and its elements'."""
    if kind.is_type(exp.DType.ARRAY):
        element = _element(kind)
        return "array(" + (_family(element) if element is not None else "?") + ")"
    if kind.is_type(*_CONTAINERS):
        return str(kind.this.value)
    if kind.is_type(*exp.DataType.NUMERIC_TYPES):
        return "number"
    if kind.is_type(*exp.DataType.TEXT_TYPES):
        return "text"
    return str(kind.this.value)


def _compatible(a: str, b: str) -> bool:
    if "?" not in a and "?" not in b:
        return a == b
    head_a, head_b = a.split("?")[0], b.split("?")[0]
    return head_a.startswith(head_b) or head_b.startswith(head_a)


def _name(kind: exp.DataType) -> str:
    return kind.sql(dialect="trino").lower()


def check_concat(node: exp.Expression) -> None:
    """``array || array``: Trino's binding of ``concat``.

    Raises:
        AthenaFailure: ``AMBIGUOUS_FUNCTION_CALL`` or ``FUNCTION_NOT_FOUND``.
    """
    left, right = node.this.type, node.expression.type
    if left is None or right is None or not left.is_type(exp.DType.ARRAY) or not \
            right.is_type(exp.DType.ARRAY):
        return
    from athenakit.local.failures import athena_error, start_of

    first, second = _element(left), _element(right)
    if any(e is not None and _family(e) == _family(whole) for e, whole in (
            (first, right), (second, left))):
        return  # an element and an array: concat(E, array(E)), concat(array(E), E)
    offset = node.meta.get("start", start_of(node))
    if (first is None) != (second is None) and any(
            e is not None and e.is_type(exp.DType.ARRAY) for e in (first, second)):
        raise athena_error("AMBIGUOUS_FUNCTION_CALL", "Ambiguous function call "
                           f"({_name(left)}, {_name(right)}) for concat", offset=offset)
    if first is not None and second is not None and not _compatible(
            _family(first), _family(second)):
        raise athena_error("FUNCTION_NOT_FOUND", f"Unexpected parameters ({_name(left)}, "
                           f"{_name(right)}) for function concat. Expected: "
                           f"{_CONCAT_SIGNATURES}", offset=offset)


def array_join(args: list[exp.Expression]) -> exp.Expression:
    """``array_join(a, sep[, null_replacement])``: elements printed as ``CAST(x AS varchar)``.

    Raises:
        AthenaFailure: ``OPERATOR_NOT_FOUND`` for elements that are arrays, maps or rows.
    """
    kind = args[0].type if args else None
    element = _element(kind) if kind is not None and kind.is_type(exp.DType.ARRAY) else None
    if element is not None and element.is_type(*_CONTAINERS):
        from athenakit.local.failures import athena_error, start_of

        raise athena_error("OPERATOR_NOT_FOUND", f"Cannot cast {_name(element)} to varchar",
                           offset=start_of(args[0]))
    name = "AK_ARRAY_JOIN" if len(args) == 2 else "AK_ARRAY_JOIN_NULL"
    # DuckDB's array_to_string takes a constant separator only
    constant = all(isinstance(a, exp.Literal | exp.Null) for a in args[1:])
    return _call(name if constant else f"{name}_ANY", *args)


def checked_keys(keys: exp.Expression) -> exp.Expression:
    """The keys of ``MAP(keys, values)``, checked for an indeterminate key while running when
    they are arrays or rows (``keys`` itself otherwise)."""
    kind = keys.type
    element = _element(kind) if kind is not None and kind.is_type(exp.DType.ARRAY) else None
    if element is None or not element.is_type(exp.DType.ARRAY, exp.DType.STRUCT):
        return keys
    return _call("AK_DETERMINATE_KEYS", keys)


_INDEX_TYPES = (exp.DType.TINYINT, exp.DType.SMALLINT, exp.DType.INT, exp.DType.BIGINT,
                exp.DType.UNKNOWN, exp.DType.NULL)


def check_subscript(node: exp.Expression) -> None:
    """``array[i]``: Trino's analyzer takes an integer index only; ``map[k]`` a key of the
    map's key type (or one that coerces to it).

    Raises:
        AthenaFailure: ``TYPE_MISMATCH`` for an index of another known type.
    """
    base, index = node.this.type, node.expressions[0].type if node.expressions else None
    if base is None or index is None:
        return
    if base.is_type(exp.DType.MAP):
        key = _element(base)
        if key is None or not _known(index) or _family(key) == _family(index):
            return
    elif not base.is_type(exp.DType.ARRAY) or index.is_type(*_INDEX_TYPES):
        return
    from athenakit.local.failures import athena_error
    from athenakit.local.typecheck import certain_type

    spelled = certain_type(node.expressions[0])  # a literal's varchar(n)
    raise athena_error("TYPE_MISMATCH", f"Cannot use {spelled[1] if spelled else _name(index)}"
                       f" for subscript of {_name(base)}")


def _depth(kind: exp.DataType) -> int:
    depth = 0
    while kind.is_type(exp.DType.ARRAY) and kind.expressions:
        depth, kind = depth + 1, kind.expressions[0]
    return depth


def nested_element(node: exp.Expression) -> str | None:
    """``array || array`` where one is an element of the other (``ARRAY[2, 8] ||
    ARRAY[ARRAY[3, 6]]``: Trino's ``concat(E, array(E))``): ``"append"`` when the right one is
    an element of the left, ``"prepend"`` when the left one is, else None."""
    left, right = node.this.type, node.expression.type
    if left is None or right is None or not left.is_type(exp.DType.ARRAY) or not \
            right.is_type(exp.DType.ARRAY):
        return None
    if _depth(left) == _depth(right) + 1:
        return "append"
    return "prepend" if _depth(right) == _depth(left) + 1 else None


def element_of(value: exp.Expression, array: exp.Expression) -> bool:
    """``value`` next to ``array`` in ``||`` is an element to add: of a known type, not a
    string unless the array's elements are strings (``'puppies' || ARRAY['kittens']``)."""
    kind = value.type
    if kind is None or kind.is_type(exp.DType.UNKNOWN):
        return False
    if not kind.is_type(*exp.DataType.TEXT_TYPES):
        return True
    element = array.type.expressions[0] if array.type is not None and array.type.expressions \
        else None
    return isinstance(element, exp.DataType) and element.is_type(*exp.DataType.TEXT_TYPES)


def searched(call: exp.Expression, node: exp.Expression) -> exp.Expression:
    """``contains`` / ``array_position`` / ``array_remove`` of ``node``'s array and value:
    refused while running where Trino's element comparison fails or skips NaN
    (:data:`containers.REFUSAL`)."""
    from athenakit.local import containers

    return containers.refused_when(call, _call("AK_UNSURE_SEARCH", node.this.copy(),
                                               node.expression.copy()))


def extreme(name: str, args: list[exp.Expression]) -> exp.Expression:
    """``array_max`` / ``array_min``: refused while running on nested elements holding a NULL
    or NaN (Trino skips NaN arrays or fails)."""
    from athenakit.local import containers

    return containers.refused_when(_call(name, *args), _call("AK_UNSURE_EXTREME",
                                                              args[0].copy()))


def repeat(node: exp.Expression, refusal: str) -> exp.Expression:
    """``repeat(x, n)`` with Trino's limits; refused (``refusal``) while running where its
    byte limit on arrays, maps and rows could be passed."""
    from athenakit.local import containers

    x, n = node.this, node.args.get("times") or node.expression
    return containers.refused_when(_call("AK_REPEAT", x, n), _call(
        "AK_LARGE_REPEAT", x.copy(), n.copy()), refusal)

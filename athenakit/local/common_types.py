"""Trino's common type of the values of ``IN``, ``COALESCE``, ``CASE``, ``ARRAY[...]``,
``IF`` and ``NULLIF``, checked before DuckDB runs.

DuckDB casts the values to one type (``coalesce(1, 'a')`` is 1, ``1 IN ('1', 2)`` is true);
Trino fails at analysis where two of them have no common type
(``io.trino.sql.analyzer.ExpressionAnalyzer.coerceToSingleType``): ``TYPE_MISMATCH: line
1:20: IN value and list items must be the same type or coercible to a common type. Cannot find
common type between integer and varchar(1), all types (without duplicates): [integer,
varchar(1)]`` at the first value of the type that does not fit (``IN value and list items``,
``All COALESCE operands``, ``All CASE results``, ``All ARRAY elements``); ``IF`` fails with
``Result types for IF must be the same: integer vs varchar(1)`` and ``NULLIF`` with ``Types are
not comparable with NULLIF: integer vs varchar(1)`` at the call. Only values whose types are
certain are checked (literals, casts); a common type the layer cannot spell exactly (a mix of
``char`` and ``varchar``, of zones) is left alone where the families agree.

https://trino.io/docs/current/language/types.html
https://trino.io/docs/current/functions/conversion.html
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from sqlglot import exp

from athenakit.local.errors import UnsupportedLocally
from athenakit.local.failures import athena_error, end_of, start_of
from athenakit.local.operator_types import Known, family, operand

_INTEGERS = {"tinyint": 3, "smallint": 5, "integer": 10, "bigint": 19}  # decimal digits
_COMMON = "must be the same type or coercible to a common type"


class Unsure(Exception):
    """The values' families agree, but their common type is not spelled here."""




def _decimal(spelled: str) -> tuple[int, int] | None:
    """(precision, scale) of a decimal or an integer type as Trino widens it to a decimal."""
    if spelled in _INTEGERS:
        return _INTEGERS[spelled], 0
    shape = re.fullmatch(r"decimal\((\d+),\s*(\d+)\)", spelled)
    return (int(shape.group(1)), int(shape.group(2))) if shape else None


def _numbers(a: str, b: str) -> str:
    for floating in ("double", "real"):
        if floating in (a, b):
            return floating
    if a in _INTEGERS and b in _INTEGERS:
        return a if _INTEGERS[a] >= _INTEGERS[b] else b
    da, db = _decimal(a), _decimal(b)
    if da is None or db is None:
        raise Unsure
    scale = max(da[1], db[1])
    return f"decimal({min(38, max(da[0] - da[1], db[0] - db[1]) + scale)},{scale})"


def _varchars(a: str, b: str) -> str:
    lengths = [re.fullmatch(r"varchar(?:\((\d+)\))?", t) for t in (a, b)]
    if not all(lengths):
        raise Unsure  # char(n): its common type with varchar is not spelled here
    if any(m is not None and m.group(1) is None for m in lengths):
        return "varchar"
    return f"varchar({max(int(m.group(1)) for m in lengths if m is not None)})"


_TYPE_HEADS = frozenset({
    "tinyint", "smallint", "integer", "bigint", "real", "double", "decimal", "varchar", "char",
    "varbinary", "boolean", "date", "time", "timestamp", "interval", "array", "map", "row",
    "json", "uuid", "ipaddress", "geometry", "unknown"})


def _parts(spelled: str) -> list[str]:
    """The element types of ``map(k, v)`` / ``row(a integer, varchar)`` (field names
    dropped)."""
    from athenakit.sql.splitter import split_top_level

    parts = []
    for part in split_top_level(spelled[spelled.index("(") + 1:-1]):
        head = re.match(r"\w+", part)
        named = head is not None and head.group(0) not in _TYPE_HEADS and " " in part
        parts.append(part.split(" ", 1)[1].strip() if named else part.strip())
    return parts


def _each(a: str, b: str, shape: str) -> str | None:
    """The common type of two maps or rows: element by element."""
    pa, pb = _parts(a), _parts(b)
    if len(pa) != len(pb):
        return None
    joined = [supertype(x, y) for x, y in zip(pa, pb)]
    return None if None in joined else f"{shape}({', '.join(t for t in joined if t)})"


def supertype(a: str, b: str) -> str | None:
    """Trino's common super type of two types (TypeCoercion.getCommonSuperType), None where
    there is none.

    Raises:
        Unsure: the families agree but the common type is not spelled here.
    """
    if a == b or b == "unknown":
        return a
    if a == "unknown":
        return b
    kinds = (family(a), family(b))
    if kinds == ("number", "number"):
        return _numbers(a, b)
    if kinds == ("string", "string"):
        return _varchars(a, b)
    if kinds == ("array", "array"):
        inner = supertype(a[len("array("):-1], b[len("array("):-1])
        return None if inner is None else f"array({inner})"
    if kinds in (("map", "map"), ("row", "row")):
        return _each(a, b, kinds[0])
    if set(kinds) == {"date", "timestamp"} and "zone" not in a + b:
        return a if kinds[0] == "timestamp" else b
    if kinds[0] == kinds[1] or set(kinds) <= {"date", "timestamp"}:
        raise Unsure
    return None


def values_of(node: exp.Expr) -> tuple[str, list[exp.Expr]] | None:
    """(Trino's description, the values) of a node whose values take one type."""
    if isinstance(node, exp.In) and node.expressions and not node.args.get("query"):
        return "IN value and list items", [node.this, *node.expressions]
    if isinstance(node, exp.Coalesce):
        return "All COALESCE operands", [node.this, *node.expressions]
    if isinstance(node, exp.Case):
        results = [i.args["true"] for i in node.args.get("ifs") or []]
        default = node.args.get("default")
        return "All CASE results", results + ([default] if default is not None else [])
    if isinstance(node, exp.Array) and node.expressions:
        return "All ARRAY elements", list(node.expressions)
    return None


def _typed(values: list[exp.Expr], known: Known) -> list[str] | None:
    """The values' types (``unknown`` for NULL), or None when one is not certain."""
    types = []
    for value in values:
        spelled = "unknown" if isinstance(value, exp.Null) else operand(value, known)
        if spelled is None:
            return None
        types.append(spelled)
    return types


def _location(value: exp.Expr) -> dict[str, int | str | None]:
    """Where Trino places a value: a typed literal (``DATE '...'``) or a cast at its keyword."""
    before = None
    if isinstance(value, exp.Cast):
        before = "CAST" if "safe" in value.args else value.to.this.value.split("_")[0]
    return {"offset": value.meta.get("start", start_of(value)), "before": before}


def _check_values(node: exp.Expr, known: Known) -> None:
    found = values_of(node)
    types = _typed(found[1], known) if found else None
    if found is not None and types is None:
        _check_certain(found[0], found[1], known)
    if found is None or types is None:
        return
    description, values = found
    common = types[0]
    for value, spelled in zip(values[1:], types[1:]):
        try:
            joined = supertype(common, spelled)
        except Unsure:
            return
        if joined is None:
            listed = ", ".join(dict.fromkeys(types))
            first = values[types.index(spelled)]
            raise athena_error(
                "TYPE_MISMATCH", f"{description} {_COMMON}. Cannot find common type between "
                f"{common} and {spelled}, all types (without duplicates): [{listed}]",
                **_location(first))  # type: ignore[arg-type]
        common = joined


def _check_certain(description: str, values: list[exp.Expr], known: Known) -> None:
    """Some values' types are known only while running: where those that are certain have no
    common type Trino fails, but its message names the others' types too."""
    types = [t for t in (operand(v, known) for v in values) if t is not None]
    common: str | None = types[0] if types else None
    for spelled in types[1:]:
        try:
            common = supertype(common or "unknown", spelled)
        except Unsure:
            return
        if common is None:
            raise UnsupportedLocally(f"{description} without a common type, one of them typed "
                                     "only at run time",
                                     hint=f"Athena fails with TYPE_MISMATCH: {description} "
                                     f"{_COMMON}")


def _check_pair(node: exp.Expr, known: Known) -> None:
    """IF's two results and NULLIF's two arguments (coerceToSingleType of two values,
    visitNullIfExpression), at the call."""
    if isinstance(node, exp.If) and not isinstance(node.parent, exp.Case) \
            and node.args.get("false") is not None:
        pair, text, name = [node.args["true"], node.args["false"]], \
            "Result types for IF must be the same: {} vs {}", "IF"
    elif isinstance(node, exp.Nullif):
        pair, text, name = [node.this, node.expression], \
            "Types are not comparable with NULLIF: {} vs {}", "NULLIF"
    else:
        return
    types = _typed(pair, known)
    if types is None:
        return
    try:
        joined = supertype(*types)
    except Unsure:
        return
    if joined is None:
        raise athena_error("TYPE_MISMATCH", text.format(*types),
                           offset=start_of(node), before=name)


BETWEEN_REFUSAL = "BETWEEN of values without a common type"


def _check_between(node: exp.Expr, known: Known) -> None:
    if not isinstance(node, exp.Between):
        return
    types = _typed([node.this, node.args["low"], node.args["high"]], known)
    try:
        joined = None if types is None else supertype(supertype(types[0], types[1]) or "",
                                                     types[2])
    except Unsure:
        return
    if types is not None and joined is None:
        # Trino fails (no common type); its message differs between versions
        raise UnsupportedLocally(BETWEEN_REFUSAL,
                                 hint=f"Athena fails with TYPE_MISMATCH: {', '.join(types)}")


CASE_OPERAND = "CASE operand type does not match WHEN clause operand type: {0} vs {1}"


def _check_case_operand(node: exp.Expr, known: Known) -> None:
    """``CASE x WHEN v ...``: each ``v`` has a common type with ``x`` (ExpressionAnalyzer
    .visitSimpleCaseExpression), else TYPE_MISMATCH at ``v``; DuckDB cast ``v`` to ``x``'s type
    (``CASE 1 WHEN 'a'`` failed as a cast)."""
    if not isinstance(node, exp.Case) or node.args.get("this") is None:
        return
    operand_type = operand(node.args["this"], known)
    common = operand_type
    for clause in node.args.get("ifs") or []:
        when_type = operand(clause.this, known)
        if common is None or when_type is None:
            return
        try:
            joined = supertype(common, when_type)
        except Unsure:
            return
        if joined is None:
            raise athena_error("TYPE_MISMATCH", CASE_OPERAND.format(operand_type, when_type),
                               **_location(clause.this))  # type: ignore[arg-type]
        common = joined


IN_SUBQUERY = ("value and result of subquery must be of the same type for IN expression: "
               "{0} vs {1}")
IN_WORDS = ("NOT", "not", "Not", "IN", "in", "In")


def in_subquery_item(node: exp.Expr) -> exp.Expr | None:
    """The one column of ``x IN (SELECT c ...)``'s subquery, None for another node (or a
    subquery of several columns, or ``*``)."""
    query = node.args.get("query") if isinstance(node, exp.In) else None
    select = query.this if isinstance(query, exp.Subquery) else query
    if not isinstance(select, exp.Select) or len(select.expressions) != 1 or select.is_star:
        return None
    item: exp.Expr = select.expressions[0].unalias()
    return item


def _check_in_subquery(node: exp.Expr, known: Known) -> None:
    """``x IN (SELECT c ...)``: ``x`` and ``c`` have a common type (ExpressionAnalyzer
    .visitInPredicate), else TYPE_MISMATCH at ``IN`` (``NOT IN``: at ``NOT``)."""
    item = in_subquery_item(node)
    if item is None:
        return
    types = _typed([node.this, item], known)
    try:
        joined = None if types is None else supertype(*types)
    except Unsure:
        return
    if types is not None and joined is None:
        raise athena_error("TYPE_MISMATCH", IN_SUBQUERY.format(*types),
                           offset=end_of(node.this), find=IN_WORDS)


_ORDERING: dict[type[exp.Expr], str] = {exp.GT: ">", exp.GTE: ">=", exp.LT: "<", exp.LTE: "<="}


def _check_quantified(node: exp.Expr, known: Known) -> None:
    """``x < ALL (...)`` orders its values: a map (or a value holding one) fails
    (ExpressionAnalyzer.visitQuantifiedComparisonExpression; ``TestAnalyzer.
    testQuantifiedComparisonExpression``); DuckDB compared the maps."""
    parent = node.parent
    if not isinstance(node, exp.Any | exp.All) or not isinstance(parent, exp.Binary) \
            or type(parent) not in _ORDERING or parent.expression is not node:
        return
    spelled = _map_type(parent.this, known) or operand(parent.this, known)
    if spelled is not None and "map(" in spelled:
        raise athena_error("TYPE_MISMATCH", f"Type [row({spelled})] must be orderable in order "
                           "to be used in quantified comparison", offset=end_of(parent.this),
                           find=_ORDERING[type(parent)])


def _map_type(node: exp.Expr, known: Known) -> str | None:
    """``map(integer, varchar(5))`` of ``MAP(ARRAY[...], ARRAY[...])`` of certain types."""
    if not isinstance(node, exp.Map):
        return None
    keys, values = (operand(node.args[k], known) if isinstance(node.args.get(k), exp.Expr)
                    else None for k in ("keys", "values"))
    if keys is None or values is None or not keys.startswith("array(") \
            or not values.startswith("array("):
        return None
    return f"map({keys[6:-1]}, {values[6:-1]})"


def _post_order(node: exp.Expr) -> Iterator[exp.Expr]:
    for child in node.iter_expressions():
        yield from _post_order(child)
    yield node


_CHECKS: tuple[Callable[[exp.Expr, Known], None], ...] = (_check_values, _check_pair,
                                                          _check_between, _check_case_operand,
                                                          _check_in_subquery, _check_quantified)


def check(tree: exp.Expr, known: Known) -> None:
    """Raise Trino's TYPE_MISMATCH for values of IN, COALESCE, CASE, ARRAY, IF or NULLIF
    without a common type (innermost first).

    Args:
        tree: an annotated statement.
        known: reads the certain ``(family, Trino type)`` of a value, or None.

    Raises:
        AthenaFailure: TYPE_MISMATCH at the first value that does not fit (IF, NULLIF: the
            call).
        UnsupportedLocally: ``BETWEEN`` of values without a common type.
    """
    for node in _post_order(tree):
        for one in _CHECKS:
            one(node, known)

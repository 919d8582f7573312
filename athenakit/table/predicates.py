"""Partition filters read from a WHERE clause: what a predicate says about each partition column.

Only conjuncts that compare a partition column with literals are used (``=``, ``<>``, ``<``,
``<=``, ``>``, ``>=``, ``IN``, ``BETWEEN``); anything else keeps every partition, so a filter
never drops a partition the full predicate would keep. Values compare as the column's type does
in Athena: numbers for numeric partition columns, text otherwise.

The local engine prunes with these filters (:mod:`athenakit.local.pruning`), and projection
explain (:mod:`athenakit.table.explain`) also reads their bounds to enumerate only the values a
range can select.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from sqlglot import exp

Predicate = Callable[[str], bool]
Convert = Callable[[str], Any]

_OPS: dict[type[exp.Expression], Callable[[Any, Any], bool]] = {
    exp.EQ: operator.eq, exp.NEQ: operator.ne, exp.LT: operator.lt, exp.LTE: operator.le,
    exp.GT: operator.gt, exp.GTE: operator.ge,
}
_FLIP: dict[type[exp.Expression], type[exp.Expression]] = {
    exp.LT: exp.GT, exp.GT: exp.LT, exp.LTE: exp.GTE, exp.GTE: exp.LTE,
}
_NUMERIC = ("int", "bigint", "smallint", "tinyint", "integer", "decimal", "double", "float")


def _numeric(text: str) -> Any:
    try:
        return Decimal(text)
    except InvalidOperation:
        return None


def converter(kind: str) -> Convert:
    """How values of a partition column of Hive type ``kind`` compare: numbers or text."""
    return _numeric if kind.lower().startswith(_NUMERIC) else str


@dataclass
class ColumnFilter:
    """The conjuncts of a WHERE clause on one partition column.

    Attributes:
        convert: value text -> the value compared (Decimal for numeric columns, else the text).
        pinned: the values of ``=`` / ``IN`` (None when neither filters the column).
        low, high: the tightest lower / upper bound as ``(value, inclusive)``, converted.
        exact_range: True when every conjunct is a bound or an equality, so the values
            between the bounds are exactly the values kept.
    """

    convert: Convert
    pinned: list[str] | None = None
    low: tuple[Any, bool] | None = None
    high: tuple[Any, bool] | None = None
    exact_range: bool = True
    tests: list[Callable[[Any], bool]] = field(default_factory=list)

    def keep(self, value: str) -> bool:
        """Whether a partition with this value passes every conjunct."""
        got = self.convert(value)
        return got is None or all(test(got) for test in self.tests)

    __call__ = keep

    def _bound(self, op: type[exp.Expression], bound: Any) -> None:
        if op in (exp.GT, exp.GTE):
            if self.low is None or bound > self.low[0] or (bound == self.low[0] and op is exp.GT):
                self.low = (bound, op is exp.GTE)
        elif op in (exp.LT, exp.LTE) and (self.high is None or bound < self.high[0] or (
                bound == self.high[0] and op is exp.LT)):
            self.high = (bound, op is exp.LTE)

    def add(self, op: type[exp.Expression], text: str) -> None:
        """AND one comparison ``column <op> text`` into the filter."""
        bound = self.convert(text)
        compare = _OPS[op]
        self.tests.append(lambda got: bound is None or bool(compare(got, bound)))
        if bound is None:
            return
        if op is exp.EQ:
            self._bound(exp.GTE, bound)
            self._bound(exp.LTE, bound)
            self.pin([text])
        elif op is exp.NEQ:
            self.exact_range = False
        else:
            self._bound(op, bound)

    def add_in(self, values: list[str]) -> None:
        """AND ``column IN (values)`` into the filter."""
        wanted = {self.convert(v) for v in values}
        self.tests.append(lambda got: got in wanted)
        self.pin(values)
        self.exact_range = False

    def pin(self, values: list[str]) -> None:
        if self.pinned is None:
            self.pinned = list(values)
        else:
            keep = {self.convert(v) for v in values}
            self.pinned = [v for v in self.pinned if self.convert(v) in keep]


def conjuncts(node: exp.Expression | None) -> list[exp.Expression]:
    """The operands of a chain of ANDs (parentheses removed)."""
    if node is None:
        return []
    if isinstance(node, exp.And):
        return conjuncts(node.this) + conjuncts(node.expression)
    if isinstance(node, exp.Paren):
        return conjuncts(node.this)
    return [node]


def _literal(node: exp.Expression) -> str | None:
    if isinstance(node, exp.Cast):
        node = node.this
    if isinstance(node, exp.Literal):
        return str(node.this)
    return None


def _column_of(node: exp.Expression, names: Mapping[str, str], aliases: set[str]) -> str | None:
    if isinstance(node, exp.Column) and node.name.lower() in names and (
            not node.table or node.table.lower() in aliases):
        return node.name.lower()
    return None


def extract(
    where: exp.Expression | None, partition_types: Mapping[str, str], aliases: set[str],
) -> dict[str, ColumnFilter]:
    """The filter a WHERE condition puts on each partition column.

    Args:
        where: the WHERE condition of the SELECT reading the table.
        partition_types: partition column (lower case) -> Hive type text.
        aliases: names the table is referred to by in that SELECT (lower case).

    Returns:
        column -> :class:`ColumnFilter`, for the columns some conjunct compares.

    Example:
        >>> import sqlglot
        >>> where = sqlglot.parse_one("SELECT 1 WHERE dt >= '2024-01-02' AND dt < '2024-02'").args["where"].this
        >>> extract(where, {"dt": "string"}, {"t"})["dt"].low
        ('2024-01-02', True)
    """
    filters: dict[str, ColumnFilter] = {}
    for cond in conjuncts(where):
        _one(cond, partition_types, aliases, filters)
    return filters


def _filter(column: str, types: Mapping[str, str],
            filters: dict[str, ColumnFilter]) -> ColumnFilter:
    if column not in filters:
        filters[column] = ColumnFilter(converter(types[column]))
    return filters[column]


def _one(cond: exp.Expression, types: Mapping[str, str], aliases: set[str],
         filters: dict[str, ColumnFilter]) -> None:
    if isinstance(cond, exp.In):
        column = _column_of(cond.this, types, aliases)
        values = [_literal(v) for v in cond.expressions]
        if column is not None and values and not cond.args.get("query") and all(
                v is not None for v in values):
            _filter(column, types, filters).add_in([v for v in values if v is not None])
        return
    if isinstance(cond, exp.Between):
        column = _column_of(cond.this, types, aliases)
        low, high = _literal(cond.args["low"]), _literal(cond.args["high"])
        if column is not None and low is not None and high is not None:
            found = _filter(column, types, filters)
            found.add(exp.GTE, low)
            found.add(exp.LTE, high)
        return
    op_type: type[exp.Expression] = type(cond)
    if op_type not in _OPS or not isinstance(cond, exp.Binary):
        return
    left, right = cond.this, cond.expression
    column = _column_of(left, types, aliases)
    if column is None:
        column, right = _column_of(right, types, aliases), left
        op_type = _FLIP.get(op_type, op_type)
    value = _literal(right)
    if column is not None and value is not None:
        _filter(column, types, filters).add(op_type, value)

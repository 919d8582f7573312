"""Trino's ``interval year to month``, which DuckDB's one interval type does not tell apart.

``INTERVAL '14' MONTH`` (``YEAR``, ``YEAR TO MONTH``) is an ``interval year to month``;
``INTERVAL '3' DAY`` an ``interval day to second``
(https://trino.io/docs/current/language/types.html#interval-year-to-month). DuckDB has one
``INTERVAL`` type, shown as ``interval day to second``. What is built from year-to-month
literals only -- sums, differences, negation, products and quotients by a number, ``CASE`` /
``IF`` / ``COALESCE`` / ``NULLIF`` / ``greatest`` / ``least`` of them, ``min`` / ``max`` /
``sum`` / ``avg`` / ``arbitrary`` of them, a column read from a subquery, CTE or ``VALUES``
that is one, a set operation's column whose every branch is one -- reports ``interval year to
month`` in ``typeof`` and as a result column. An interval built otherwise from such a literal
(``ARRAY[INTERVAL '1' MONTH]``, a mix with a column whose type is not known) is refused
(:data:`REFUSAL`), in ``typeof`` when DuckDB's type turns out to be an interval.

Decimal literals need nothing here: :func:`athenakit.local.decimals.exact_literals` gives
DuckDB their Trino types.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlglot import exp

from athenakit.local.errors import UnsupportedLocally
from athenakit.local.nodes import branches

REFUSAL = "the type of an interval built from a year-to-month interval literal"
YEAR_MONTH = "interval year to month"
DAY_SECOND = "interval day to second"  # any other interval (DuckDB shows every one so)

YM, MAYBE = "ym", "?"  # surely year to month (if an interval at all) / one may be inside
_YEAR_MONTH_UNITS = frozenset({"YEAR", "MONTH"})
_CHOICES = (exp.Case, exp.If, exp.Coalesce, exp.Nullif, exp.Min, exp.Max, exp.Sum, exp.Avg,
            exp.AnyValue, exp.Paren, exp.Neg, exp.Window)
_CHOICE_CALLS = frozenset({"GREATEST", "LEAST", "ARBITRARY"})
CharFinder = Callable[[int, str], str | None]
# (index, name, the type DuckDB's result gives) -> Trino's type where it differs
TypeFinder = Callable[[int, str, str], str | None]
Sources = dict[int, list[exp.Expression]]


def _literal(node: exp.Interval) -> str | None:
    unit = node.args.get("unit")
    names = {v.name.upper() for v in ([unit] if not isinstance(unit, exp.IntervalSpan)
                                      else [unit.this, unit.expression]) if v is not None}
    return YM if names and names <= _YEAR_MONTH_UNITS else None


def choice_values(node: exp.Expression) -> list[exp.Expression]:
    """The values a choice-like node (CASE, COALESCE, min, ...) may answer with."""
    if isinstance(node, exp.Case):
        found = [i.args["true"] for i in node.args.get("ifs") or []]
        return found + [d for d in [node.args.get("default")] if d is not None]
    if isinstance(node, exp.If):
        return [v for v in (node.args.get("true"), node.args.get("false")) if v is not None]
    if isinstance(node, exp.Nullif | exp.Paren | exp.Neg | exp.Window | exp.AggFunc):
        return [node.this]
    return [node.this, *node.expressions] if node.this is not None else list(node.expressions)


def _datetime(node: exp.Expression) -> bool:
    return node.type is not None and node.type.is_type(*exp.DataType.TEMPORAL_TYPES)


def _combine(kinds: list[str | None]) -> str | None:
    """All year to month: YM; no year-to-month literal: None; else MAYBE."""
    if all(k is None for k in kinds):
        return None
    return YM if all(k == YM for k in kinds) else MAYBE


def kind(node: exp.Expression, sources: Sources | None = None, depth: int = 0) -> str | None:
    """:data:`YM` when ``node`` is (if an interval at all) an ``interval year to month``,
    :data:`MAYBE` when a year-to-month literal is inside but its type is not known here, None
    when none is (DuckDB's type is Trino's).

    Args:
        node: an expression of the statement.
        sources: :func:`sources_of` the statement: the items its columns name.
        depth: how many columns were followed to get here.
    """
    sources = sources or {}
    if depth > 12:
        return MAYBE
    if isinstance(node, exp.Interval):
        return _literal(node)
    if isinstance(node, exp.Cast) and isinstance(node.to.this, exp.Interval):
        return _literal(node.to.this)  # CAST(x AS INTERVAL YEAR TO MONTH)
    if isinstance(node, exp.Column) and id(node) in sources:
        return _of(sources[id(node)], sources, depth)
    if isinstance(node, exp.Add | exp.Sub | exp.Mul | exp.Div):
        return _arithmetic(node, sources, depth)
    if isinstance(node, _CHOICES) or isinstance(node, exp.Anonymous) and \
            node.name.upper() in _CHOICE_CALLS:
        return _of([v for v in choice_values(node) if isinstance(v, exp.Expression)], sources, depth)
    inside = any(isinstance(n, exp.Interval) and _literal(n) == YM
                 or isinstance(n, exp.Column) and id(n) in sources
                 and kind(n, sources, depth + 1) is not None
                 for n in node.walk() if n is not node)
    return MAYBE if inside else None


def _of(values: list[exp.Expression], sources: Sources, depth: int) -> str | None:
    """The kind of a value that is one of ``values`` (NULLs take any type)."""
    return _combine([kind(v, sources, depth + 1) for v in values if not isinstance(v, exp.Null)])


def _arithmetic(node: exp.Expression, sources: Sources, depth: int) -> str | None:
    """``+ - * /``: intervals of one kind add up to that kind; an interval times or by a
    number keeps its kind; a date or timestamp plus an interval is no interval."""
    if isinstance(node, exp.Add | exp.Sub) and any(
            _datetime(side) for side in (node.this, node.expression)):
        return None
    left = kind(node.this, sources, depth + 1)
    right = kind(node.expression, sources, depth + 1)
    scaled = (left, right) == (YM, None) or (left, right) == (None, YM) and isinstance(
        node, exp.Mul)
    return YM if isinstance(node, exp.Mul | exp.Div) and scaled else _combine([left, right])


def trino_type(node: exp.Expression, sources: Sources | None = None) -> str | None:
    """``interval year to month`` where ``node`` is one, else None.

    Raises:
        UnsupportedLocally: a year-to-month literal is inside but the type is not known here
            (:data:`REFUSAL`); call it only when DuckDB's type is an interval.
    """
    found = kind(node, sources)
    if found == MAYBE:
        raise UnsupportedLocally(REFUSAL)
    return YEAR_MONTH if found == YM else None


def _cells(query: exp.Expr, name: str, depth: int = 0) -> list[exp.Expression]:
    """The items of ``query`` (a SELECT, set operation or aliased VALUES) that make its column
    ``name``: one per branch or row (through ``SELECT *``); [] when the name is not one
    column's."""
    if isinstance(query, exp.Values):
        alias = query.args.get("alias")
        names = [c.name.lower() for c in alias.columns] if alias else []
        if names.count(name) != 1:
            return []
        at = names.index(name)
        rows = [r.expressions if isinstance(r, exp.Tuple) else [r] for r in query.expressions]
        return [r[at] for r in rows if at < len(r)]
    selects = branches(query)
    if selects and any(isinstance(i, exp.Star) for i in selects[0].expressions):
        return _named(selects, name, depth + 1) if depth < 8 else []
    names = [i.alias_or_name.lower() for i in selects[0].expressions] if selects else []
    if names.count(name) != 1:
        return []
    at = names.index(name)
    return [_unaliased(b.expressions[at]) for b in selects if at < len(b.expressions)]


def _unaliased(node: exp.Expression) -> exp.Expression:
    return node.this if isinstance(node, exp.Alias) else node


def sources_of(tree: exp.Expression) -> Sources:
    """id of a column read from a subquery, CTE or ``VALUES`` -> the items it names there
    (sqlglot's scopes, as :mod:`athenakit.local.chars` follows them)."""
    from sqlglot.optimizer.scope import Scope, traverse_scope

    from athenakit.local.chars import _source

    try:
        scopes = traverse_scope(tree)
    except Exception:  # noqa: BLE001 - a statement sqlglot cannot scope: columns stay as they are
        return {}
    found: Sources = {}
    for scope in scopes:
        for column in scope.columns:
            source = _source(scope, column, set())
            if isinstance(source, Scope):
                cells = _cells(source.expression, column.name.lower())
                if cells:
                    found[id(column)] = cells
    return found


MARK = "ak_interval"


def mark(tree: exp.Expression) -> None:
    """Note on the argument of each ``typeof(x)`` of ``tree`` what :func:`kind` finds for it,
    following its columns to their subquery, CTE or ``VALUES`` items (read by
    :func:`athenakit.local.numeric.typeof` while the rewrites run)."""
    calls = [c for c in tree.find_all(exp.Anonymous) if c.name.upper() == "TYPEOF"
             and len(c.expressions) == 1]
    if not calls:
        return
    sources = sources_of(tree) if any(
        _literal(i) == YM for i in tree.find_all(exp.Interval)) else {}
    for call in calls:
        call.expressions[0].meta[MARK] = kind(call.expressions[0], sources)


def finder(tree: exp.Expression, chars: CharFinder) -> TypeFinder:
    """``(index, name, DuckDB's type) -> type`` of a result column: ``chars``' ``char(n)``
    for a ``varchar``, ``interval year to month`` for an interval column that is one.

    Raises (from the returned function):
        UnsupportedLocally: an interval column built from a year-to-month literal whose type
            is not known here.
    """
    selects = branches(tree)
    has_interval = any(_literal(i) == YM for i in tree.find_all(exp.Interval))
    found_sources: list[Sources] = []  # scoped at the first interval column only

    def find(index: int, name: str, duck: str) -> str | None:
        if duck == "unknown":  # 'a' || NULL: Trino's concat is a varchar
            items = [_unaliased(s.expressions[index]) for s in selects
                     if index < len(s.expressions)]
            return "varchar" if items and all(isinstance(i, exp.DPipe | exp.Concat)
                                              for i in items) else None
        if "interval" not in duck:
            return chars(index, name) if duck == "varchar" else None
        if not has_interval:
            return None
        if not found_sources:
            found_sources.append(sources_of(tree))
        sources = found_sources[0]
        kinds = [kind(i, sources) for i in items_of(selects, index, name)
                 if not isinstance(i, exp.Null)]
        combined = _combine(kinds) if kinds else MAYBE
        if combined == MAYBE:
            raise UnsupportedLocally(REFUSAL)
        return YEAR_MONTH if combined == YM and duck.startswith("interval") else None
    return find


def items_of(selects: list[exp.Select], index: int, name: str) -> list[exp.Expression]:
    """The items of each branch (``selects``) that make result column ``index`` (``name``)."""
    items = [_unaliased(s.expressions[index]) for s in selects if index < len(s.expressions)]
    if not items or any(isinstance(i, exp.Star) for i in items):
        items = _named(selects, name.lower())
    return items


def _named(selects: list[exp.Select], name: str, depth: int = 0) -> list[exp.Expression]:
    """The items a ``SELECT *`` column ``name`` comes from: in each branch, the one source
    (subquery, CTE or ``VALUES``) that has a column of that name; [] when that is not known."""
    from sqlglot.optimizer.scope import build_scope

    found: list[exp.Expression] = []
    for select in selects:
        scope = build_scope(select)
        sources = list(scope.sources.values()) if scope else []
        # (a table's columns are no intervals: Athena has no interval column type)
        inner = [s.expression for s in sources if not isinstance(s, exp.Table)
                 and isinstance(getattr(s, "expression", None), exp.Expression)]
        having = [cells for cells in (_cells(i, name, depth) for i in inner) if cells]
        if len(having) != 1:
            return []
        found += having[0]
    return found

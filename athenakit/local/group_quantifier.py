"""``GROUP BY ALL`` and ``GROUP BY DISTINCT``, Trino's set quantifiers of grouping sets.

Trino groups by the cross product of the grouping elements' sets (``GROUP BY a, ROLLUP (b)``
is the sets ``(a, b)`` and ``(a)``). ``ALL``, the default, keeps a set that comes out twice
(``GROUP BY a, ROLLUP (a)`` gives each group twice); ``DISTINCT`` keeps each set once. DuckDB
reads neither word there (``GROUP BY ALL`` means something else to it), so ``ALL`` is dropped
and ``DISTINCT`` becomes the explicit ``GROUPING SETS`` list without its repeats.

A GROUP BY of more than 2048 grouping sets (Trino's ``max_grouping_sets``) fails with
``TOO_MANY_GROUPING_SETS`` at its first element (``StatementAnalyzer.analyzeGroupBy``;
``TestAnalyzer.testTooManyGroupingElements``); DuckDB grouped by them all.

https://trino.io/docs/current/sql/select.html#group-by-clause
"""

from __future__ import annotations

from itertools import chain, combinations, product

from sqlglot import exp


def _sets(element: exp.Expr) -> list[list[exp.Expr]]:
    """The grouping sets one element of GROUP BY stands for."""
    if isinstance(element, exp.Rollup):
        keys = [_keys(e) for e in element.expressions]
        return [list(chain.from_iterable(keys[:n])) for n in range(len(keys), -1, -1)]
    if isinstance(element, exp.Cube):
        keys = [_keys(e) for e in element.expressions]
        return [list(chain.from_iterable(keys[i] for i in chosen))
                for n in range(len(keys), -1, -1) for chosen in combinations(range(len(keys)), n)]
    if isinstance(element, exp.GroupingSets):
        return [_keys(e) for e in element.expressions]
    return [[element]]


def _keys(node: exp.Expr) -> list[exp.Expr]:
    """The columns of one set: ``(a, b)``, ``(a)``, ``()`` or ``a``."""
    if isinstance(node, exp.Tuple):
        return list(node.expressions)
    if isinstance(node, exp.Paren):
        return [node.this]
    return [node]


def _name(key: exp.Expr, joined: bool) -> str:
    """What tells two keys apart: a column's name (``a``, ``t.a`` and ``A`` are one column of
    a single relation), else the expression's text."""
    if isinstance(key, exp.Column) and not joined and not key.this.quoted:
        return key.name.lower()
    return key.sql(dialect="trino")


def _distinct(group: exp.Group, joined: bool) -> exp.GroupingSets:
    """The grouping sets of ``group`` once each (a set's order and repeats do not count)."""
    from athenakit.local.errors import UnsupportedLocally

    seen: set[frozenset[str]] = set()
    chosen: list[exp.Expr] = []
    for parts in product(*(_sets(e) for e in group.expressions)):
        keys = {_name(k, joined): k for part in parts for k in part}
        if len({k.name.lower() for k in keys.values() if isinstance(k, exp.Column)}) < len(
                [k for k in keys.values() if isinstance(k, exp.Column)]):
            raise UnsupportedLocally("GROUP BY DISTINCT of a column written two ways",
                                     hint="write each grouping column the same way")
        if frozenset(keys) in seen:
            continue
        seen.add(frozenset(keys))
        chosen.append(exp.Tuple(expressions=[k.copy() for k in keys.values()]))
    return exp.GroupingSets(expressions=chosen)


_MAX_GROUPING_SETS = 2048
_KEYWORDS = {exp.Cube: "cube", exp.Rollup: "rollup", exp.GroupingSets: "grouping"}


def _count(element: exp.Expr) -> int:
    """How many grouping sets one element stands for (as :func:`_sets` lists them)."""
    if isinstance(element, exp.Rollup):
        return len(element.expressions) + 1
    if isinstance(element, exp.Cube):
        return int(2 ** len(element.expressions))
    if isinstance(element, exp.GroupingSets):
        return len(element.expressions)
    return 1


def set_count(group: exp.Group) -> int:
    """How many grouping sets ``group`` stands for (``GROUP BY a, ROLLUP (b)``: two)."""
    count = 1
    for element in group.expressions:
        count *= _count(element)
    return count


def _check_count(group: exp.Group) -> None:
    from athenakit.local.failures import athena_error, start_of

    count = set_count(group)
    if count > _MAX_GROUPING_SETS:
        first = group.expressions[0]
        # Trino counts in an int: past its range, "more than 2147483647"
        shown = str(count) if count < 2**31 else f"more than {2**31 - 1}"
        raise athena_error("TOO_MANY_GROUPING_SETS", f"GROUP BY has {shown} grouping sets but "
                           f"can contain at most {_MAX_GROUPING_SETS}",
                           offset=start_of(first), before=_KEYWORDS.get(type(first)))


def _shared_keys(group: exp.Group) -> None:
    """A GROUP BY key (or, with GROUP BY, an ORDER BY key) spelled as a select item becomes a
    copy of that item, so that the checks later written into both are written alike (their
    positions in the text differed, and DuckDB then found the item not grouped:
    ``GROUP BY cardinality(filter(a, x -> x > 0))``, TestLambdaExpressions
    .testDuplicateLambdaExpressions)."""
    from athenakit.local.operator_guards import spelling

    select = group.parent
    if not isinstance(select, exp.Select):
        return
    items = {spelling(e.unalias()): e.unalias() for e in select.expressions
             if not isinstance(e.unalias(), exp.Column | exp.Literal | exp.Star)}
    order = select.args.get("order")
    keys = [*(e for e in group.expressions if not isinstance(
        e, exp.Rollup | exp.Cube | exp.GroupingSets)),
        *((o.this for o in order.expressions if isinstance(o, exp.Ordered))
          if order is not None else ())]
    for key in keys:
        item = items.get(spelling(key)) if not isinstance(key, exp.Column | exp.Literal) \
            else None
        if item is not None and item is not key:
            key.replace(item.copy())


def rewrite(tree: exp.Expression) -> exp.Expression:
    """Drop ``ALL`` and spell ``DISTINCT`` out as ``GROUPING SETS`` (``tree`` is changed in
    place and returned).

    Args:
        tree: a parsed statement.

    Returns:
        The statement, its GROUP BY clauses without a set quantifier.
    """
    for group in list(tree.find_all(exp.Group)):
        if group.expressions:
            _check_count(group)
            _shared_keys(group)
        quantifier = group.args.get("all")
        if quantifier is None:
            continue
        group.set("all", None)
        if quantifier is False:  # DISTINCT
            select = group.parent
            joined = isinstance(select, exp.Select) and bool(select.args.get("joins"))
            group.set("expressions", [_distinct(group, joined)])
    return tree

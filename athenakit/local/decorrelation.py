"""Correlated subqueries Trino's (legacy) decorrelation rules plan nowhere.

Trino runs a correlated subquery only once a rule has rewritten it into a join; a shape no
rule takes fails with ``NOT_SUPPORTED: Given correlated subquery is not supported``, named at
the outermost subquery that reads the query around it. DuckDB runs any of them, so these
answered locally where Athena fails. The subquery is read as Trino plans it
(:mod:`plan_layers`).

- Over ``UNNEST`` of the outer row's arrays (``DecorrelateUnnest``,
  ``DecorrelateInnerUnnestWithGlobalAggregation`` / ``...LeftUnnest...``): only projections
  and LIMIT / ORDER BY ... LIMIT above the UNNEST (a scalar subquery or a LATERAL relation),
  or a global aggregation with only projections and grouped aggregations below it. A WHERE,
  a HAVING, a window function, DISTINCT, or a global aggregation whose every aggregate has a
  FILTER (Trino turns that into a WHERE) fails (trinodb/trino#7223,
  ``TestSubqueries.testCorrelatedInnerUnnestWithGlobalAggregation``). EXISTS is planned as a
  count over the subquery; ``x IN (...)`` takes none of them.
- ``x IN (subquery)`` (``TransformCorrelatedInPredicateToJoin``): the outer values may be read
  in WHERE filters only; a select list reading one, or an aggregation, DISTINCT, window
  function, LIMIT or join over a filter that reads one, fails
  (``AbstractTestQueries.testCorrelatedInPredicateSubqueries``). A quantified comparison whose
  select list or VALUES rows read one fails too.
- ``EXISTS`` over a GROUP BY (``PlanNodeDecorrelator.visitAggregation``): a column the outer
  values are compared with must be a grouping key or tied to an outer value by an equality
  (``TestSubqueries.testCorrelatedSubqueriesWithGroupBy``); over a HAVING of a correlated
  global aggregation it fails. More than one grouping set over outer values fails in any
  correlated subquery (``...testCorrelatedLateralWithGroupBy``), and so does a scalar
  subquery's window function over them (``...testCorrelatedSubqueryWithoutFilter``).
- A select list reading outer values over a WHERE, or (a scalar subquery) over more than one
  row; a global aggregation under another over outer values; a subquery reading outer values
  joined inside the correlated one (``AbstractTestEngineOnlyQueries``' correlated tests).
- A subquery with a FROM in the select list of a correlated subquery that has a FROM itself is
  joined above its correlated filter (trinodb/trino#18727, Trino 424; one in its WHERE is
  joined below the filter, one under a FROM-less SELECT to its single row).

Subqueries with a LIMIT over a correlated filter are checked in :mod:`correlation`.

https://docs.aws.amazon.com/athena/latest/ug/select.html
"""

from __future__ import annotations

from collections.abc import Iterator

from sqlglot import exp

from athenakit.local.failures import query_error
from athenakit.local.nodes import relations_of, single_row
from athenakit.local.plan_layers import Layer, any_flag, chain

_MESSAGE = "Given correlated subquery is not supported"


def _unnest(layer: exp.Select) -> exp.Unnest | None:
    """The UNNEST a SELECT reads alone, or joins ``ON TRUE`` to a one-row VALUES."""
    relations = relations_of(layer)
    if len(relations) == 1 and isinstance(relations[0], exp.Unnest):
        return relations[0]
    joins = layer.args.get("joins") or []
    if len(relations) == 2 and isinstance(relations[1], exp.Unnest) and len(joins) == 1 \
            and joins[0].side == "LEFT" and isinstance(joins[0].args.get("on"), exp.Boolean) \
            and joins[0].args["on"].this is True and isinstance(relations[0], exp.Values) \
            and len(relations[0].expressions) == 1:
        return relations[1]
    return None


def _in_plannable(layers: list[Layer]) -> bool | None:
    """``TransformCorrelatedInPredicateToJoin``: filters may read outer values anywhere, a
    projection never; any other node only where nothing under it does."""
    for at, layer in enumerate(layers):
        deeper = any_flag([other.below("limit") for other in layers[at + 1:]])
        for kind in reversed(layer.nodes):
            if kind == "filter":
                continue
            if kind == "project":
                if layer.reads["project"] is not False:
                    return None if layer.reads["project"] is None else False
                continue
            below = any_flag([layer.below(kind), deeper])
            return None if below is None else not below
    source = layers[-1].reads["source"]
    return None if source is None else not source


def _unnest_plannable(kinds: list[str], context: str) -> bool:
    """Whether one of Trino's UNNEST rules plans a subquery with these nodes (top down) over
    an UNNEST of the outer row's values."""
    if context == "in":
        return False
    if context == "exists":
        kinds = ["global", *kinds]
    if context != "exists" and all(k in ("project", "limit") for k in kinds):
        return True  # DecorrelateUnnest
    if "global" not in kinds:
        return False
    reducing = len(kinds) - 1 - kinds[::-1].index("global")
    return all(k in ("project", "global") for k in kinds[:reducing]) and all(
        k in ("project", "grouped") for k in kinds[reducing + 1:])


def _grouped_exists(layer: Layer) -> bool | None:
    """``PlanNodeDecorrelator.visitAggregation`` for EXISTS over one GROUP BY: a column of the
    correlated conditions is a grouping key or tied to outer values by an equality."""
    from athenakit.local.correlation import Scope, tie
    from athenakit.local.map_grouping import by_position, group_keys
    from athenakit.table.predicates import conjuncts

    select = layer.select
    if layer.reads["source"] is not False or layer.reads["aggregation"] is not False:
        return None
    scope = Scope(select)
    keys = {k.name.lower() for k in (by_position(select, g) for g in group_keys(
        select.args["group"])) if isinstance(k, exp.Column)}
    tied: set[str] = set()
    propagated: set[str] = set()
    for conjunct in conjuncts((select.args.get("where") or exp.Where()).this):
        found = tie(conjunct, scope)
        if found is None:
            return None
        name, reads = found
        if reads:
            tied |= {name} if name else set()
            propagated |= {c.name.lower() for c in conjunct.find_all(exp.Column)
                           if scope.outer(c) is False}
    return propagated <= keys | tied


def _joined(node: exp.Expr) -> bool:
    """A subquery in a select list that Trino plans as a join: one with a FROM (a SELECT of
    outer values alone becomes a projection: ``TransformCorrelatedSingleRowSubqueryToProject``)."""
    query = node.this
    return not isinstance(query, exp.Select) or bool(relations_of(query))


def _verdict(select: exp.Select, context: str) -> bool | None:
    """Whether Trino plans the correlated subquery ``select`` (None: not known, or it does not
    read the query around it)."""
    from athenakit.local.outer_references import bound

    layers = [Layer(s) for s in chain(select)]
    correlated = any_flag([layer.below("limit") for layer in layers])
    if context != "exists" and any(  # (EXISTS does not read its select list)
            _joined(n) for layer in layers if relations_of(layer.select)
            for e in layer.select.expressions for n in e.find_all(exp.Subquery, exp.Exists)):
        deep = [bound(c, select) for c in select.find_all(exp.Column)
                if not isinstance(c.this, exp.Star)]
        if correlated or False in deep:
            return False  # a subquery in its select list joins above the correlated filter
    if any(_correlated_derived(layer.select) for layer in layers):
        return False
    if not correlated:
        return None
    kinds = [k for layer in layers for k in reversed(layer.nodes)]
    unnest = _unnest(layers[-1].select)
    if unnest is not None and layers[-1].reads["source"]:
        return _unnest_plannable(kinds, context)
    if context == "in":
        return _in_plannable(layers)
    if context == "quantified":  # a projection (or VALUES row) reading outer values
        top = layers[0]
        return False if top.reads["project"] or top.reads["source"] else None
    if context in ("scalar", "lateral") and _projected(layers, context) is False:
        return False
    if "limit" in kinds or "offset" in kinds:
        return None  # correlation.py
    for at, layer in enumerate(layers):
        deeper = any_flag([other.below("limit") for other in layers[at + 1:]])
        if "sets" in layer.nodes and any_flag([layer.below("sets"), deeper]):
            return False
        if context == "scalar" and "window" in layer.nodes and any_flag([layer.below("window"),
                                                                      deeper]):
            return False
    if context == "exists" and len(layers) == 1:
        return _exists(layers[0])
    return None


def _projected(layers: list[Layer], context: str) -> bool | None:
    """A scalar subquery or LATERAL relation whose select list reads outer values, over a
    filter or (scalar) a source of more than one row, and no aggregation: Trino's decorrelator
    leaves the projection correlated (``AbstractTestQueries
    .testCorrelatedNonAggregationScalarSubqueries``: ``(SELECT n.regionkey * 2 FROM region r
    WHERE n.regionkey = r.regionkey)``, ``...testSelectAllFromOuterScopeTable``: ``LATERAL
    (SELECT r.* WHERE false)``); a global aggregation under the top one over outer values is
    planned by no rule (``(SELECT avg(a) FROM (SELECT count(*) ... WHERE n.k = r.k))``)."""
    top = layers[0]
    where = top.select.args.get("where")
    filtered = where is not None and not (isinstance(where.this, exp.Boolean) and where.this.this)
    if not {"global", "grouped", "sets"} & set(top.nodes) and top.reads["project"] and (
            filtered or context == "scalar" and not single_row(top.select)):
        return False
    for layer in layers[1:]:
        if "global" in layer.nodes and layer.below("global"):
            return False
    return None


def _correlated_derived(select: exp.Select) -> bool:
    """A subquery in a join of the correlated subquery's FROM that reads the query around:
    the join over it stays correlated (``AbstractTestQueries.testCorrelatedScalarSubqueries``:
    ``FROM lineitem l2 CROSS JOIN (SELECT l1.orderkey) l3``)."""
    from athenakit.local.outer_references import bound

    relations = relations_of(select)
    return len(relations) > 1 and any(
        isinstance(r, exp.Subquery) and isinstance(r.this, exp.Select) and False in (
            bound(c, r.this) for c in r.this.find_all(exp.Column)
            if not isinstance(c.this, exp.Star)) for r in relations)


def _exists(layer: Layer) -> bool | None:
    """EXISTS over a global aggregation is true unless a HAVING may drop its row; Trino plans
    that HAVING over a correlated aggregation nowhere (``AbstractTestQueries.
    testCorrelatedExistsSubqueriesWithEqualityPredicatesInWhere``)."""
    if layer.nodes[-2:] == ["grouped", "project"]:
        return _grouped_exists(layer)
    if "global" in layer.nodes and layer.select.args.get("having"):
        below = layer.below("global")
        return None if below is None else not below
    return None


def _subqueries(tree: exp.Expr) -> Iterator[tuple[exp.Select, str]]:
    """Each subquery that may read the query around it, with how it is used."""
    for node in tree.find_all(exp.Exists, exp.Subquery, exp.Any, exp.All):
        query = node.this
        if not isinstance(query, exp.Select):
            continue
        parent = node.parent
        if isinstance(node, exp.Exists):
            yield query, "exists"
        elif isinstance(parent, exp.In) and parent.args.get("query") is node:
            yield query, "in"
        elif isinstance(node, exp.Any | exp.All) or isinstance(parent, exp.Any | exp.All):
            yield query, "quantified"
        elif isinstance(parent, exp.Lateral):
            join = parent.parent
            if not isinstance(join, exp.Join):
                continue
            on = join.args.get("on")
            if on is None and not join.side or isinstance(on, exp.Boolean) \
                    and on.this is True and join.side in ("LEFT", ""):
                yield query, "lateral"
        elif not isinstance(parent, exp.From | exp.Join | exp.Union
                            | exp.Intersect | exp.Except | exp.CTE):
            yield query, "scalar"


def check(tree: exp.Expr) -> None:
    """Raise Trino's failure for a correlated subquery its planner cannot turn into a join.

    Args:
        tree: a statement whose tables are resolved (their columns known).

    Raises:
        AthenaFailure: NOT_SUPPORTED, at the subquery.
    """
    for select, context in _subqueries(tree):
        if _verdict(select, context) is False:
            raise query_error("NOT_SUPPORTED", _MESSAGE, _outermost(select))


def _outermost(select: exp.Select) -> exp.Select:
    """The outermost subquery around ``select`` that reads the query around it too: Trino
    names that one (trinodb/trino#18727: ``line 6:3``, the first nested SELECT)."""
    from athenakit.local.outer_references import bound

    found = select
    around = select.find_ancestor(exp.Select)
    while around is not None and around.find_ancestor(exp.Select) is not None and False in (
            bound(c, around) for c in around.find_all(exp.Column)
            if not isinstance(c.this, exp.Star)):
        found, around = around, around.find_ancestor(exp.Select)
    return found

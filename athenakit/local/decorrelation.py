"""Correlated subqueries over UNNEST, in IN and with grouping that Trino's planner refuses.

Trino runs a correlated subquery only once a rule has rewritten it into a join; a shape no
rule takes fails with ``NOT_SUPPORTED: Given correlated subquery is not supported``. DuckDB
runs any of them, so these answered locally where Athena fails. The subquery is read as
Trino plans it, from its FROM up: a WHERE filter, the aggregation, a HAVING filter, window
functions, the projection, DISTINCT, then ORDER BY with LIMIT (an ORDER BY without one is
dropped), following a subquery that is the only relation of its FROM down to its source.

- A subquery over ``UNNEST`` of the outer row's arrays (``DecorrelateUnnest``,
  ``DecorrelateInnerUnnestWithGlobalAggregation`` / ``...LeftUnnest...``): only projections
  and LIMIT / ORDER BY ... LIMIT above the UNNEST (a scalar subquery or a LATERAL relation),
  or a global aggregation with only projections and grouped aggregations below it. A WHERE,
  a HAVING, a window function, DISTINCT, or a global aggregation whose every aggregate has a
  FILTER (Trino turns that into a WHERE) fails (trinodb/trino#7223,
  ``TestSubqueries.testCorrelatedInnerUnnestWithGlobalAggregation``). EXISTS is planned as a
  count over the subquery; ``x IN (...)`` takes none of them.
- ``x IN (subquery)`` (``TransformCorrelatedInPredicateToJoin``): the outer values may be read
  in WHERE filters only; a select list reading one, or an aggregation, DISTINCT, window
  function, LIMIT or join over a filter that reads one, fails.
- ``EXISTS`` over a GROUP BY (``PlanNodeDecorrelator.visitAggregation``): a column the outer
  values are compared with must be a grouping key or tied to an outer value by an equality
  (``TestSubqueries.testCorrelatedSubqueriesWithGroupBy``); more than one grouping set fails
  in any correlated subquery (``...testCorrelatedLateralWithGroupBy``).

- A subquery in the select list of a correlated subquery is joined above its correlated
  filter, which no rule takes (trinodb/trino#18727, Trino 424: "It seems that correlated
  subqueries can't have subqueries at all"; one in its WHERE is joined below the filter).

Subqueries with a LIMIT over a correlated filter are checked in :mod:`correlation`.

https://docs.aws.amazon.com/athena/latest/ug/select.html
"""

from __future__ import annotations

from collections.abc import Iterator

from sqlglot import exp

from athenakit.local.failures import query_error
from athenakit.local.nodes import own_scope, relations_of

_MESSAGE = "Given correlated subquery is not supported"


def _layers(select: exp.Select) -> list[exp.Select]:
    """``select`` and the subqueries below it that are each the only relation of a FROM."""
    layers = [select]
    while True:
        relations = relations_of(layers[-1])
        if len(relations) != 1 or not isinstance(relations[0], exp.Subquery) \
                or not isinstance(relations[0].this, exp.Select):
            return layers
        layers.append(relations[0].this)


def _aggregates(select: exp.Select) -> list[exp.AggFunc]:
    """The aggregate calls of ``select`` itself (not window functions, not subqueries')."""
    parts = [*select.expressions, select.args.get("having"), select.args.get("order")]
    found: list[exp.AggFunc] = []
    for part in parts:
        for node in own_scope(part) if part is not None else ():
            if isinstance(node, exp.AggFunc) and not isinstance(node.parent, exp.Window) \
                    and not (isinstance(node.parent, exp.Filter)
                             and isinstance(node.parent.parent, exp.Window)):
                found.append(node)
    return found


def _grouping(select: exp.Select) -> str | None:
    """"global", "grouped" (one grouping set) or "sets"; None without aggregation."""
    from athenakit.local.group_quantifier import set_count

    group = select.args.get("group")
    if group is not None and set_count(group) > 1:
        return "sets"
    if group is not None and any(not isinstance(e, exp.Tuple) or e.expressions
                                 for e in group.expressions):
        return "grouped"
    if group is not None or select.args.get("having") or _aggregates(select):
        return "global"
    return None


def _all_filtered(select: exp.Select) -> bool:
    """Every aggregate of a global aggregation has a FILTER: Trino filters its input rows
    (``ImplementFilteredAggregations``), a filter node below the aggregation."""
    found = _aggregates(select)
    return bool(found) and all(isinstance(a.parent, exp.Filter) for a in found)


def _nodes(select: exp.Select) -> list[str]:
    """The plan nodes of one SELECT, bottom up, its source left out."""
    nodes = ["filter"] if select.args.get("where") else []
    grouping = _grouping(select)
    if grouping == "global" and _all_filtered(select):
        nodes.append("filter")
    nodes += [grouping] if grouping else []
    nodes += ["filter"] if select.args.get("having") else []
    nodes += ["window"] if any(isinstance(n, exp.Window) for e in select.expressions
                               for n in own_scope(e)) else []
    nodes.append("project")
    nodes += ["distinct"] if select.args.get("distinct") else []
    if select.args.get("offset"):
        nodes.append("offset")
    if select.args.get("limit") or select.args.get("fetch"):
        nodes.append("limit")
    return nodes


def _reads_outer(layer: exp.Select, parts: list[exp.Expr | None]) -> bool | None:
    """Some column of ``parts`` (in ``layer``'s own scope) reads the query around the
    subquery; None where a name's relation is not known."""
    from athenakit.local.correlation import Scope

    scope = Scope(layer)
    reads = [scope.outer(n) for part in parts if part is not None for n in own_scope(part)
             if isinstance(n, exp.Column) and not isinstance(n.this, exp.Star)]
    return True if True in reads else None if None in reads else False


def _clauses(layer: exp.Select) -> dict[str, list[exp.Expr | None]]:
    """A SELECT's parts by the plan node that evaluates them."""
    return {
        "source": [*(j.args.get("on") for j in layer.args.get("joins") or []),
                   *(r for r in relations_of(layer) if not isinstance(r, exp.Subquery))],
        "filter": [layer.args.get("where")],
        "aggregation": [layer.args.get("group"), layer.args.get("having")],
        "project": [*layer.expressions, layer.args.get("order")],
    }


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


def _inside_call(node: exp.Expr, layer: exp.Select) -> bool:
    """``node`` is evaluated by an aggregation or a window (an argument of one)."""
    parent = node.parent
    while parent is not None and parent is not layer:
        if isinstance(parent, exp.AggFunc | exp.Window):
            return True
        parent = parent.parent
    return False


class _Layer:
    """Which plan nodes of one SELECT read the query around the subquery (None: not known)."""

    def __init__(self, select: exp.Select) -> None:
        self.select = select
        self.nodes = _nodes(select)
        outputs = [*select.expressions, select.args.get("order")]
        calls = [n for e in outputs if e is not None for n in own_scope(e)
                 if isinstance(n, exp.AggFunc | exp.Window) and not _inside_call(n, select)]
        plain = [e for e in outputs if e is not None]
        self.reads = {
            "source": _reads_outer(select, [*(j.args.get("on") for j in select.args.get(
                "joins") or []), *(r for r in relations_of(select) if not (
                    isinstance(r, exp.Subquery) and isinstance(r.this, exp.Select)))]),
            "filter": _reads_outer(select, [select.args.get("where")]),
            "aggregation": _reads_outer(select, [select.args.get("group"), *calls]),
            "project": _projection_reads(select, plain),
        }

    def below(self, kind: str) -> bool | None:
        """Whether the node ``kind`` or one under it in this SELECT reads outer values."""
        order = ("source", "filter", "aggregation", "project")
        upto = {"global": 2, "grouped": 2, "sets": 2, "window": 2, "filter": 1}.get(kind, 3)
        found = [self.reads[k] for k in order[:upto + 1]]
        return True if True in found else None if None in found else False


def _projection_reads(select: exp.Select, outputs: list[exp.Expr]) -> bool | None:
    from athenakit.local.correlation import Scope

    scope = Scope(select)
    reads = [scope.outer(n) for e in outputs for n in own_scope(e)
             if isinstance(n, exp.Column) and not isinstance(n.this, exp.Star)
             and not _inside_call(n, select)]
    return True if True in reads else None if None in reads else False


def _any(flags: list[bool | None]) -> bool | None:
    return True if True in flags else None if None in flags else False


def _in_plannable(layers: list[_Layer]) -> bool | None:
    """``TransformCorrelatedInPredicateToJoin``: filters may read outer values anywhere, a
    projection never; any other node only where nothing under it does."""
    for at, layer in enumerate(layers):
        deeper = _any([other.below("limit") for other in layers[at + 1:]])
        for kind in reversed(layer.nodes):
            if kind == "filter":
                continue
            if kind == "project":
                if layer.reads["project"] is not False:
                    return None if layer.reads["project"] is None else False
                continue
            below = _any([layer.below(kind), deeper])
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


def _grouped_exists(layer: _Layer) -> bool | None:
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

    layers = [_Layer(s) for s in _layers(select)]
    correlated = _any([layer.below("limit") for layer in layers])
    if any(_joined(n) for layer in layers for e in layer.select.expressions
           for n in e.find_all(exp.Subquery, exp.Exists)):
        deep = [bound(c, select) for c in select.find_all(exp.Column)
                if not isinstance(c.this, exp.Star)]
        if correlated or False in deep:
            return False  # a subquery in its select list joins above the correlated filter
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
    if "limit" in kinds or "offset" in kinds:
        return None  # correlation.py
    for at, layer in enumerate(layers):
        deeper = _any([other.below("limit") for other in layers[at + 1:]])
        if "sets" in layer.nodes and _any([layer.below("sets"), deeper]):
            return False
        if context == "scalar" and "window" in layer.nodes and _any([layer.below("window"),
                                                                      deeper]):
            return False
    if context == "exists" and len(layers) == 1:
        return _exists(layers[0])
    return None


def _exists(layer: _Layer) -> bool | None:
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
            raise query_error("NOT_SUPPORTED", _MESSAGE, select)

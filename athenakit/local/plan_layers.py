"""How Trino plans one SELECT, as the decorrelation rules read it.

A SELECT is planned from its FROM up: a WHERE filter, the aggregation (global, one grouping
set, or several), a HAVING filter, window functions, the projection, DISTINCT, then ORDER BY
with LIMIT (an ORDER BY without one is dropped in a subquery). A subquery that is the only
relation of a FROM continues the chain (:func:`chain`). :class:`Layer` records which of those
nodes read values of the query around the subquery.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlglot import exp

from athenakit.local.nodes import own_scope, relations_of

if TYPE_CHECKING:
    from athenakit.local.correlation import Scope


def chain(select: exp.Select) -> list[exp.Select]:
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


def _reads_outer(scope: Scope, parts: list[exp.Expr | None]) -> bool | None:
    """Some column of ``parts`` (in the layer's own scope) reads the query around the
    subquery; None where a name's relation is not known."""
    return any_flag([scope.outer(n) for part in parts if part is not None
                     for n in own_scope(part)
                     if isinstance(n, exp.Column) and not isinstance(n.this, exp.Star)])


def _inside_call(node: exp.Expr, layer: exp.Select) -> bool:
    """``node`` is evaluated by an aggregation or a window (an argument of one)."""
    parent = node.parent
    while parent is not None and parent is not layer:
        if isinstance(parent, exp.AggFunc | exp.Window):
            return True
        parent = parent.parent
    return False


class Layer:
    """Which plan nodes of one SELECT read the query around the subquery (None: not known)."""

    def __init__(self, select: exp.Select) -> None:
        from athenakit.local.correlation import Scope

        scope = Scope(select)
        self.select = select
        self.nodes = _nodes(select)
        outputs = [*select.expressions, select.args.get("order")]
        calls = [n for e in outputs if e is not None for n in own_scope(e)
                 if isinstance(n, exp.AggFunc | exp.Window) and not _inside_call(n, select)]
        plain = [e for e in outputs if e is not None]
        self.reads = {
            "source": _reads_outer(scope, [*(j.args.get("on") for j in select.args.get(
                "joins") or []), *(r for r in relations_of(select) if not (
                    isinstance(r, exp.Subquery) and isinstance(r.this, exp.Select)))]),
            "filter": _reads_outer(scope, [select.args.get("where")]),
            "aggregation": _reads_outer(scope, [select.args.get("group"), *calls]),
            "project": _projection_reads(scope, select, plain),
        }

    def below(self, kind: str) -> bool | None:
        """Whether the node ``kind`` or one under it in this SELECT reads outer values."""
        order = ("source", "filter", "aggregation", "project")
        upto = {"global": 2, "grouped": 2, "sets": 2, "window": 2, "filter": 1}.get(kind, 3)
        return any_flag([self.reads[k] for k in order[:upto + 1]])


def _projection_reads(scope: Scope, select: exp.Select,
                      outputs: list[exp.Expr]) -> bool | None:
    return any_flag([scope.outer(n) for e in outputs for n in own_scope(e)  # (r.* too)
                     if isinstance(n, exp.Column) and (n.table or not isinstance(n.this, exp.Star))
                     and not _inside_call(n, select)])


def any_flag(flags: list[bool | None]) -> bool | None:
    """True if one is, else None if one is not known, else False."""
    return True if True in flags else None if None in flags else False

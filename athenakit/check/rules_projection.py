"""AK346: a query that would read a huge number of projected partitions.

For each table with partition projection (known from ``--tables`` specs), the WHERE clause of
the query reading it is turned into per-column filters and the projected partitions it selects
are counted with :func:`athenakit.table.explain.estimate` -- the same count as ``athenakit
partitions``, computed without listing values for plain ranges. Above
:data:`WARN_PARTITIONS` the query gets a warning; above Athena's 1,000,000 it gets an error,
since Athena fails it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from sqlglot import exp
from sqlglot.optimizer.scope import Scope

from athenakit.check.context import QUERY_KINDS, Context, node_start
from athenakit.check.rules_query import select_scopes
from athenakit.errors import Severity
from athenakit.table.explain import MAX_PARTITIONS, estimate, filters_for
from athenakit.table.model import Partition

# a query enumerating this many projected prefixes spends its time listing S3
WARN_PARTITIONS = 100_000


def check_projection(ctx: Context) -> None:
    """Warn on reads of more than :data:`WARN_PARTITIONS` projected partitions."""
    if not ctx.catalog or ctx.stmt.kind not in QUERY_KINDS:
        return
    for scope in select_scopes(ctx.query):
        _scope(ctx, scope)


def _scope(ctx: Context, scope: Scope) -> None:
    where = scope.expression.args.get("where")
    for alias, source in scope.sources.items():
        if not isinstance(source, exp.Table) or not source.name:
            continue
        known = ctx.catalog.find(source.name, source.db or None)
        table = known.model if known is not None else None
        if table is None or not table.projection_enabled:
            continue
        condition = where.this if where is not None else None
        filters = filters_for(table, condition, {alias.lower(), source.name.lower()})
        count = estimate(table, filters)
        if count is None or count <= WARN_PARTITIONS:
            continue
        unread = _unread(condition, table.partitions, filters)
        # https://docs.aws.amazon.com/athena/latest/ug/partition-projection.html
        if unread:
            ctx.report("AK346", f"may read up to {count:,} projected partitions of {table.name} "
                       f"(athenakit cannot bound the filter on {', '.join(unread)})",
                       node_start(source))
        elif count > MAX_PARTITIONS:
            ctx.report("AK346", f"reads {count:,} projected partitions of {table.name}; Athena "
                       f"fails queries over {MAX_PARTITIONS:,}", node_start(source),
                       severity=Severity.ERROR)
        else:
            ctx.report("AK346", f"reads {count:,} projected partitions of {table.name}; narrow "
                       "the filter on its partition columns", node_start(source))


def _unread(condition: exp.Expr | None, partitions: Sequence[Partition],
            filters: Mapping[str, object]) -> list[str]:
    """Partition columns the condition mentions in conjuncts the estimate could not use."""
    if condition is None:
        return []
    names = {p.name.lower() for p in partitions}
    mentioned = {c.name.lower() for c in condition.find_all(exp.Column)} & names
    return sorted(mentioned - set(filters))

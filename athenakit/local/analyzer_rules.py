"""Trino's analyzer (and planner) rules, each module loaded only for a statement with the
clause it reads, so a plain SELECT starts fast."""

from __future__ import annotations

from sqlglot import exp

from athenakit.local.nodes import WINDOW_FUNCTIONS


def apply(work: exp.Expression) -> None:
    """Trino's analyzer rules for the clauses ``work`` has (each module loads only for a
    statement with its clause, so a plain SELECT starts fast); the recursion and set quantifier
    rewrites come after the checks."""
    if work.find(exp.AggFunc, exp.Window, exp.Grouping, exp.Lambda, exp.Group, exp.Order):
        from athenakit.local import placement

        placement.check(work)
    if any(isinstance(d.parent, exp.AggFunc | exp.Anonymous) and len(d.expressions) > 1
           for d in work.find_all(exp.Distinct)):
        from athenakit.local import aggregates

        aggregates.distinct_arguments(work)
    if work.find(exp.Filter, exp.Distinct, exp.Bracket, exp.Cast, *WINDOW_FUNCTIONS) or any(
            isinstance(o.parent, exp.Func) for o in work.find_all(exp.Order)) or any(
            not s.args.get("from_") and s.is_star for s in work.find_all(exp.Select)):
        from athenakit.local import call_forms

        call_forms.check(work)
    typed = [c for c in work.find_all(exp.Cast) if isinstance(c.this, exp.Literal)]
    if any(c.to.is_type(exp.DType.DECIMAL) for c in typed):
        from athenakit.local import decimal_literals

        decimal_literals.check(work)
    clocks = (exp.DType.TIMESTAMP, exp.DType.TIMESTAMPTZ, exp.DType.TIME, exp.DType.TIMETZ)
    if any(cast.to.expressions and "format" in cast.args and cast.to.is_type(*clocks)
           for cast in work.find_all(exp.Cast)) or any(  # CAST(x AS timestamp(0)), not a literal
            now.this is not None for now in work.find_all(exp.CurrentTimestamp)):
        from athenakit.local import timeliterals

        timeliterals.check_precisions(work)
    if any(c.to.is_type(exp.DType.TIME, exp.DType.TIMETZ) for c in typed):
        from athenakit.local import timeliterals

        timeliterals.check_times(work)
    if any(s.args.get("order") for s in work.find_all(exp.Select)):
        from athenakit.local import order_by

        order_by.check(work)
    if work.find(exp.Fetch):  # (after the ORDER BY checks: WITH TIES reads its keys)
        from athenakit.local import fetch

        fetch.check(work)
    if work.find(exp.Alias):
        from athenakit.local import aliases

        aliases.check(work)
        aliases.resolve_order(work)
    if any(s.args.get("windows") for s in work.find_all(exp.Select)) or any(
            isinstance(w.args.get("alias"), exp.Identifier) for w in work.find_all(exp.Window)):
        from athenakit.local import named_windows

        named_windows.resolve(work)
    if work.find(exp.Join, exp.TableAlias, exp.Subquery, exp.CTE, exp.TableSample):
        from athenakit.local import laterals, outer_references, relations

        for join in list(work.find_all(exp.Join)):
            laterals.check(join)
        relations.check(work)
        outer_references.derived_tables(work)
    if any(j.args.get("using") for j in work.find_all(exp.Join)):
        from athenakit.local import using_joins

        using_joins.rewrite(work)
    if work.find(exp.Lambda):
        from athenakit.local import lambdas

        lambdas.check_arity(work)
    if any(isinstance(c.this, exp.Star) and c.table for c in work.find_all(exp.Column)) or any(
            s.is_star and s.args.get("group") for s in work.find_all(exp.Select)):
        from athenakit.local import stars

        stars.check(work)
    if any(isinstance(s.parent, exp.Subquery) and (s.args.get("limit") or s.args.get("fetch"))
           for s in work.find_all(exp.Select)):
        from athenakit.local import correlation

        correlation.check(work)
    if work.find(exp.Exists, exp.Any, exp.All) or any(
            not isinstance(s.parent, exp.From | exp.Join)
            for s in work.find_all(exp.Subquery)) or any(
            isinstance(v.parent, exp.In) for v in work.find_all(exp.Values)):
        from athenakit.local import decorrelation, outer_references

        outer_references.check(work)
        decorrelation.check(work)
    if work.find(exp.With):
        from athenakit.local import recursion

        recursion.rewrite(work)
    if work.find(exp.Group):
        from athenakit.local import group_quantifier

        group_quantifier.rewrite(work)

"""``FETCH FIRST n ROWS`` as Trino's analyzer reads it.

Trino fails a row count that is not positive (``NUMERIC_VALUE_OUT_OF_RANGE: FETCH FIRST row
count must be positive (actual value: 0)``) and ``WITH TIES`` without an ``ORDER BY`` of the
same query (``MISSING_ORDER_BY: FETCH FIRST WITH TIES clause requires ORDER BY``), at the
``FETCH`` keyword (``StatementAnalyzer.analyzeLimit``; ``TestAnalyzer.testFetchFirstInvalidRow
Count``, ``testFetchFirstWithTiesMissingOrderBy``). DuckDB has no ``WITH TIES`` (sqlglot wrote
the limit without it, dropping the rows that tie with the last one): the first n rows and those
tied with the n-th are the rows whose ``rank()`` over the query's ORDER BY is at most n, kept
with DuckDB's ``QUALIFY`` (the ORDER BY's ordinals and output names read as the items they
name, as Trino's ORDER BY reads them). With an OFFSET, a DISTINCT, or on a set operation, it is
refused by name.

https://trino.io/docs/current/sql/select.html#limit-or-fetch-first-clause
"""

from __future__ import annotations

from sqlglot import exp

from athenakit.local.errors import UnsupportedLocally
from athenakit.local.failures import athena_error, start_of

WITH_TIES = "FETCH FIRST ... WITH TIES"


def check(tree: exp.Expr) -> None:
    """Raise Trino's failure for a FETCH FIRST clause it rejects; write WITH TIES for DuckDB
    (``tree`` is changed in place).

    Args:
        tree: a parsed statement.

    Raises:
        AthenaFailure: NUMERIC_VALUE_OUT_OF_RANGE or MISSING_ORDER_BY, at FETCH.
        UnsupportedLocally: FETCH FIRST ... WITH TIES with an OFFSET, a DISTINCT or on a set
            operation.
    """
    for fetch in tree.find_all(exp.Fetch):
        count = fetch.args.get("count")
        offset = start_of(count) if count is not None else None
        if isinstance(count, exp.Literal) and not count.is_string and int(count.name) <= 0:
            raise athena_error("NUMERIC_VALUE_OUT_OF_RANGE", "FETCH FIRST row count must be "
                               f"positive (actual value: {count.name})", offset=offset,
                               before="FETCH")
        options = fetch.args.get("limit_options")
        if options is None or not options.args.get("with_ties"):
            continue
        query = fetch.parent
        if isinstance(query, exp.Query) and query.args.get("order") is None:
            raise athena_error("MISSING_ORDER_BY", "FETCH FIRST WITH TIES clause requires "
                               "ORDER BY", offset=offset, before="FETCH")
        _with_ties(query, fetch)


def _with_ties(query: exp.Expr | None, fetch: exp.Fetch) -> None:
    """``query``'s FETCH FIRST n ROWS WITH TIES as ``QUALIFY rank() OVER (ORDER BY ...) <= n``
    (``query`` is changed in place), or the refusal."""
    count = fetch.args.get("count") or exp.Literal.number(1)  # FETCH FIRST ROW: one
    if not isinstance(query, exp.Select) or query.args.get("distinct") \
            or query.args.get("offset") or isinstance(query.args.get("qualify"), exp.Qualify) \
            or not (isinstance(count, exp.Literal) and count.is_int):
        raise UnsupportedLocally(WITH_TIES, hint="DuckDB has no WITH TIES (with an OFFSET, a "
                                 "DISTINCT or a set operation, it is not rewritten here)")
    keys = [ordered.copy() for ordered in query.args["order"].expressions]
    for key in keys:
        key.set("this", _named(query, key.this))
    rank = exp.Window(this=exp.Rank(), order=exp.Order(expressions=keys), over="OVER")
    query.set("qualify", exp.Qualify(this=exp.LTE(this=rank, expression=count.copy())))
    query.set("limit", None)


def _named(query: exp.Select, key: exp.Expr) -> exp.Expr:
    """An ORDER BY key as the expression it names: an ordinal's item, an output name's item
    (Trino's ORDER BY reads output names before input columns), else the key itself."""
    items = query.expressions
    if isinstance(key, exp.Literal) and key.is_int and 1 <= int(key.name) <= len(items):
        item: exp.Expr = items[int(key.name) - 1]
        return (item.this if isinstance(item, exp.Alias) else item).copy()
    if isinstance(key, exp.Column) and not key.table:
        named = [i for i in items if isinstance(i, exp.Alias)
                 and i.alias.lower() == key.name.lower()]
        if len(named) == 1:
            return named[0].this.copy()  # type: ignore[no-any-return]
    return key.copy()

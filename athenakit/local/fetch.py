"""``FETCH FIRST n ROWS`` as Trino's analyzer reads it.

Trino fails a row count that is not positive (``NUMERIC_VALUE_OUT_OF_RANGE: FETCH FIRST row
count must be positive (actual value: 0)``) and ``WITH TIES`` without an ``ORDER BY`` of the
same query (``MISSING_ORDER_BY: FETCH FIRST WITH TIES clause requires ORDER BY``), at the
``FETCH`` keyword (``StatementAnalyzer.analyzeLimit``; ``TestAnalyzer.testFetchFirstInvalidRow
Count``, ``testFetchFirstWithTiesMissingOrderBy``). DuckDB has no ``WITH TIES``: sqlglot wrote
the limit without it, so the rows that tie with the last one were dropped; it is refused by
name instead.

https://trino.io/docs/current/sql/select.html#limit-or-fetch-first-clause
"""

from __future__ import annotations

from sqlglot import exp

from athenakit.local.errors import UnsupportedLocally
from athenakit.local.failures import athena_error, start_of

WITH_TIES = "FETCH FIRST ... WITH TIES"


def check(tree: exp.Expr) -> None:
    """Raise Trino's failure for a FETCH FIRST clause it rejects; refuse WITH TIES.

    Args:
        tree: a parsed statement.

    Raises:
        AthenaFailure: NUMERIC_VALUE_OUT_OF_RANGE or MISSING_ORDER_BY, at FETCH.
        UnsupportedLocally: FETCH FIRST ... WITH TIES, which DuckDB does not have.
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
        raise UnsupportedLocally(WITH_TIES, hint="DuckDB has no WITH TIES: add the tied rows "
                                 "with rank() OVER (ORDER BY ...) <= n")

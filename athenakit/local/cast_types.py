"""Casts Trino has no function for, failed as its analyzer fails them.

Trino resolves ``CAST(x AS t)`` and ``TRY_CAST`` as a cast operator from ``x``'s type to ``t``
and fails at analysis where there is none: ``TYPE_MISMATCH: line 1:8: Cannot cast date to
bigint`` (``ExpressionAnalyzer.visitCast``; ``TestAnalyzer.testInvalidTryCast`` for TRY_CAST,
which catches failures of the cast, not its absence). DuckDB cast a date to a number (an
error, refused) and ``TRY_CAST`` of one to NULL. Only casts between scalar families whose
absence is certain are checked: a date or timestamp and a number or boolean, a boolean and a
date or timestamp, a number and a date or timestamp, a varbinary and text.

https://trino.io/docs/current/functions/conversion.html
"""

from __future__ import annotations

from sqlglot import exp

from athenakit.local.failures import athena_error, start_of
from athenakit.local.operator_types import Known, family, operand

# source family -> target families Trino has no cast to
_NONE: dict[str, set[str]] = {
    "date": {"number", "boolean", "time"},
    "timestamp": {"number", "boolean"},
    "boolean": {"date", "timestamp", "time"},
    "number": {"date", "timestamp", "time"},
    # varbinary to text: from_utf8 reads bytes as text, there is no cast (DuckDB decoded them)
    "binary": {"string"},
}


def check(tree: exp.Expr, known: Known) -> None:
    """Raise TYPE_MISMATCH for a CAST / TRY_CAST whose source type Trino cannot cast to its
    target (the source type certain before running).

    Args:
        tree: an annotated statement.
        known: reads the certain ``(family, Trino type)`` of a value, or None.

    Raises:
        AthenaFailure: TYPE_MISMATCH at ``CAST`` / ``TRY_CAST``.
    """
    for cast in tree.find_all(exp.Cast):
        source = operand(cast.this, known)
        if source is None:
            continue
        target = cast.to.sql(dialect="trino").lower()
        if target == "timestamp":
            target = "timestamp(3)"
        if family(target.split(" with")[0]) in _NONE.get(family(source), set()):
            keyword = "TRY_CAST" if isinstance(cast, exp.TryCast) else "CAST"
            raise athena_error("TYPE_MISMATCH", f"Cannot cast {source} to {target}",
                               offset=start_of(cast.this), before=keyword)

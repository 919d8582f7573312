"""Casts Trino has no function for, failed as its analyzer fails them.

Trino resolves ``CAST(x AS t)`` and ``TRY_CAST`` as a cast operator from ``x``'s type to ``t``
and fails at analysis where there is none: ``TYPE_MISMATCH: line 1:8: Cannot cast date to
bigint`` (``ExpressionAnalyzer.visitCast``; ``TestAnalyzer.testInvalidTryCast`` for TRY_CAST,
which catches failures of the cast, not its absence). DuckDB cast a date to a number (an
error, refused) and ``TRY_CAST`` of one to NULL. Only casts between scalar families whose
absence is certain are checked: a date or timestamp and a number or boolean, a boolean and a
date or timestamp, a number and a date or timestamp, a varbinary and text.

Casts to and from ``json`` follow ``JsonUtil.canCastToJson`` / ``canCastFromJson``: a JSON value
is read as a boolean, a number, text, json, or an array, map (keyed by a boolean, number or
text) or row of them, and written from those, a date or a timestamp (``TYPE_MISMATCH: line
1:8: Cannot cast json to map(array(bigint), bigint)``: TestMapOperators.testJsonToMap); DuckDB
read and wrote dates, times, varbinary, intervals and uuids too.

https://trino.io/docs/current/functions/conversion.html
https://trino.io/docs/current/functions/json.html#cast-to-json
"""

from __future__ import annotations

import re

from sqlglot import exp

from athenakit.local.failures import athena_error, start_of
from athenakit.local.nodes import is_json
from athenakit.local.operator_types import Known, family, operand

# source family -> target families Trino has no cast to
NO_CAST: dict[str, set[str]] = {
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
        _check_json(cast, known)
        source = operand(cast.this, known)
        if source is None:
            continue
        target = cast.to.sql(dialect="trino").lower()
        if target == "timestamp":
            target = "timestamp(3)"
        if family(target.split(" with")[0]) in NO_CAST.get(family(source), set()):
            keyword = "TRY_CAST" if isinstance(cast, exp.TryCast) else "CAST"
            raise athena_error("TYPE_MISMATCH", f"Cannot cast {source} to {target}",
                               offset=start_of(cast.this), before=keyword)


_JSON_READS = frozenset({
    exp.DType.BOOLEAN, exp.DType.TINYINT, exp.DType.SMALLINT, exp.DType.INT, exp.DType.BIGINT,
    exp.DType.FLOAT, exp.DType.DOUBLE, exp.DType.DECIMAL, exp.DType.VARCHAR, exp.DType.TEXT,
    exp.DType.JSON})
_JSON_KEYS = _JSON_READS - {exp.DType.JSON}
_JSON_WRITES = _JSON_READS | {exp.DType.DATE, exp.DType.TIMESTAMP, exp.DType.UNKNOWN,
                              exp.DType.NULL}
# a time or a zoned timestamp is refused by name (athenakit.local.timetext.JSON_REFUSAL)
_ZONED = (exp.DType.TIME, exp.DType.TIMETZ, exp.DType.TIMESTAMPTZ)


def _json_able(kind: exp.DataType, scalars: frozenset[exp.DType]) -> bool:
    """Whether ``kind`` is read from (``scalars`` :data:`_JSON_READS`) or written to JSON."""
    if kind.is_type(exp.DType.ARRAY, exp.DType.MAP, exp.DType.STRUCT) and not kind.expressions:
        return True  # a container whose inner types sqlglot does not know
    if kind.is_type(exp.DType.ARRAY):
        return _json_able(kind.expressions[0], scalars)
    if kind.is_type(exp.DType.MAP):
        key, value = kind.expressions
        unknown = scalars is _JSON_WRITES and key.is_type(exp.DType.UNKNOWN, exp.DType.NULL)
        return (key.this in _JSON_KEYS or unknown) and _json_able(value, scalars)
    if kind.is_type(exp.DType.STRUCT):
        return all(_json_able(f.args["kind"] if isinstance(f, exp.ColumnDef) else f, scalars)
                   for f in kind.expressions)
    return kind.this in scalars


def _source_kind(node: exp.Expr, known: Known) -> exp.DataType | None:
    """sqlglot's type of a value whose Trino type is certain (an interval: None)."""
    spelled = operand(node, known)
    if spelled is None and isinstance(node, exp.Map) and isinstance(node.args.get("keys"), (
            exp.Array)) and isinstance(node.args.get("values"), exp.Array):
        keys, values = operand(node.args["keys"], known), operand(node.args["values"], known)
        if keys is not None and values is not None:
            spelled = f"map({keys[len('array('):-1]}, {values[len('array('):-1]})"
    if spelled is None and isinstance(node, exp.Cast) and not isinstance(node, exp.TryCast):
        return node.to  # UUID '...' and other casts operand() does not spell
    if spelled is None:
        return None
    if spelled.startswith("interval"):
        return exp.DataType(this=exp.DType.INTERVAL)
    try:
        return exp.DataType.build(spelled, dialect="trino")
    except Exception:  # noqa: BLE001 - a spelling sqlglot does not read: left unchecked
        return None


def _spelled(kind: exp.DataType) -> str:
    """Trino's name of a type: a timestamp without precision is ``timestamp(3)``."""
    return re.sub(r"\btimestamp\b(?!\()", "timestamp(3)", kind.sql(dialect="trino").lower())


def _check_json(cast: exp.Cast, known: Known) -> None:
    """TYPE_MISMATCH for a cast between json and a type Trino's JSON casts do not take."""
    keyword = "TRY_CAST" if isinstance(cast, exp.TryCast) else "CAST"
    target = cast.to
    if target.is_type(exp.DType.JSON):
        kind = _source_kind(cast.this, known)
        if kind is None or any(
                k.is_type(*_ZONED) for k in kind.find_all(exp.DataType)) \
                or _json_able(kind, _JSON_WRITES):
            return
        source = operand(cast.this, known) or _spelled(kind)
        raise athena_error("TYPE_MISMATCH", f"Cannot cast {source} to json",
                           offset=start_of(cast.this), before=keyword)
    if is_json(cast.this, casts=True) and not _json_able(target, _JSON_READS):
        raise athena_error("TYPE_MISMATCH", f"Cannot cast json to {_spelled(target)}",
                           offset=start_of(cast.this), before=keyword)

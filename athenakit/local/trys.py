"""Trino's ``try(...)`` and ``try_cast``: NULL for the errors they catch, and nothing else.

Trino's ``try`` answers NULL when its argument fails with ``DIVISION_BY_ZERO``,
``INVALID_CAST_ARGUMENT``, ``INVALID_FUNCTION_ARGUMENT`` or ``NUMERIC_VALUE_OUT_OF_RANGE``
(``TryFunction.propagateIfUnhandled``); ``try_cast`` answers NULL only when the cast itself
fails, an error of its operand still fails the query.
https://trino.io/docs/current/functions/conditional.html#try
https://trino.io/docs/current/functions/conversion.html#try_cast

DuckDB's ``TRY`` swallows every error and refuses ``error()`` (a volatile call) inside it, so:

* the ``ak_*`` macros inside ``try`` become their ``_in_try`` twins, whose every error is one
  of the four names above, raised by a failing cast instead of ``error()``
  (:data:`~athenakit.local.compat.FAIL_IN_TRY`), and so is a Trino error raised in the tree:
  the whole ``try(...)`` is NULL, as in Trino, not just the failing part (``try(coalesce(
  CAST('x' AS integer), 5))`` is NULL, not 5);
* DuckDB's own functions are kept inside ``try`` only where their every failure is one of the
  four (:data:`SAFE_FUNCTIONS`; a regular expression only as a literal pattern): another
  DuckDB failure there would become NULL where Trino answers or fails, so such a ``try`` is
  refused; a Python function's failure that ``try`` must not catch is raised after the query
  (:mod:`athenakit.local.udfs`);
* a refusal (``error('NOT_SUPPORTED_LOCALLY: ...')``), or a Trino error ``try`` does not catch,
  must never become NULL: its condition is tested outside the ``TRY`` (``CASE WHEN TRY(condition) THEN error(...) ELSE TRY(...) END``);
  one that cannot be moved out (inside a lambda, or raised from Python) is refused before
  DuckDB runs;
* in ``try_cast`` only the cast's own macro is swapped, for its NULL-answering ``_try`` twin;
  its operand fails as it would outside.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlglot import exp

from athenakit.local import compat, geo
from athenakit.local.errors import REFUSED, UnsupportedLocally
from athenakit.local.nodes import AGGREGATE, CANNOT_FAIL, CAST_OF_TRY

# Python functions that refuse while running, for some values, and what they refuse
_REFUSING_UDFS = {(geo.PREFIX + name).upper(): what for name, what in geo.REFUSING.items()}


def apply(tree: exp.Expression) -> None:
    """Make every ``try(...)`` / ``try_cast`` of ``tree`` (modified in place) answer as Trino's.

    Raises:
        UnsupportedLocally: a ``try`` holds a refusal that can only be raised inside it.
    """
    tries = sorted(tree.find_all(exp.Try), key=_depth, reverse=True)  # innermost first
    casts = [n for n in tree.find_all(exp.Anonymous) if n.meta.get(CAST_OF_TRY)]
    if not tries and not casts:  # the variants are built on first need
        return
    nulls = {name.upper() for name in compat.try_variants()}
    for cast in casts:  # the macro doing a try_cast's cast; not those of its operand
        _swap(cast, nulls, "_TRY", exp.Null)
    failing = {name.upper() for name in compat.in_try_variants()}
    for scope in tries:
        for node in list(_hoist_refusals(scope, failing).walk()):
            _check_native(node)
            _swap(node, failing, "_IN_TRY", _fail)


def _depth(node: exp.Expr) -> int:
    depth, parent = 0, node.parent
    while parent is not None:
        parent, depth = parent.parent, depth + 1
    return depth


def _swap(node: exp.Expr, variants: set[str], suffix: str,
          error: Callable[[], exp.Expression]) -> None:
    """A failing macro for its variant ``name<suffix>``, an ``error(...)`` for ``error()``."""
    if not isinstance(node, exp.Anonymous):
        return
    if node.name.upper() == "ERROR":
        node.replace(error())
    elif f"{node.name.upper()}{suffix}" in variants:
        node.set("this", f"{node.name}{suffix}")


def _fail() -> exp.Expression:
    return exp.maybe_parse(compat.FAIL_IN_TRY, dialect="duckdb")




def escaping(node: exp.Expr) -> str | None:
    """What ``node`` raises when it is an ``error(...)`` that ``try`` must not turn into NULL:
    a refusal (``NOT_SUPPORTED_LOCALLY: <what>``: the what) or a Trino error ``try`` does not
    catch (its message)."""
    if not (isinstance(node, exp.Anonymous) and node.name.upper() == "ERROR"):
        return None
    message = node.expressions[0] if node.expressions else None
    if not isinstance(message, exp.Literal):
        return None  # a message built while running: the macros' argument checks
    from athenakit.local.runtime_errors import CAUGHT  # here: a SELECT 1 needs no error tables

    text = str(message.this)
    if text.startswith(CAUGHT):
        return None
    return text.removeprefix(REFUSED)


def _hoist_refusals(scope: exp.Try, safe: set[str]) -> exp.Expression:
    """Test the condition of each refusal inside ``scope`` before the ``TRY``, so a refusal
    escapes it (the one inside becomes NULL with the other errors); returns the ``TRY``."""
    checks = [c for c in (_check(scope, n) for n in scope.walk()) if c is not None]
    if not checks:
        return scope
    checked = exp.Case(ifs=checks, default=scope.copy())
    scope.replace(checked)
    for check in checks:  # a condition's own failure is NULL, as inside try(...)
        for node in list(check.this.walk()):
            _check_native(node)
            _swap(node, safe, "_IN_TRY", _fail)
    inner: exp.Expression = checked.args["default"]
    return inner


def _check(scope: exp.Try, node: exp.Expr) -> exp.If | None:
    """``WHEN TRY(condition) THEN error(...)`` for an escaping ``error(...)`` in ``scope``.

    Raises:
        UnsupportedLocally: ``node`` can refuse while running and cannot be tested outside.
    """
    if (isinstance(node, exp.AggFunc) or node.meta.get(AGGREGATE)) \
            and node.find_ancestor(exp.Select, exp.Try) is scope:
        # DuckDB's TRY takes no aggregate (its binder fails); Trino's try does
        raise UnsupportedLocally("an aggregate function inside try(...)")
    if isinstance(node, exp.Anonymous) and node.name.upper() in _REFUSING_UDFS:
        raise UnsupportedLocally(f"{_REFUSING_UDFS[node.name.upper()]} inside try(...)")
    what = escaping(node)
    if what is None:
        return None
    around = node.find_ancestor(exp.Lambda, exp.Select, exp.Try)
    if around is not scope:  # its condition names a variable or column bound there
        kind = "lambda" if isinstance(around, exp.Lambda) else "subquery"
        raise UnsupportedLocally(f"a {kind} inside try(...) whose value may be refused at "
                                 "run time")
    branch = node.parent
    if not (isinstance(branch, exp.If) and branch.args.get("true") is node):
        raise UnsupportedLocally(f"{what} inside try(...)")
    return exp.If(this=exp.Try(this=branch.this.copy()), true=node.copy())


# DuckDB functions (sqlglot's node names; Anonymous ones by name) whose failures inside try
# are all among CAUGHT, or that do not fail: arithmetic, logic, casts (their failures are
# INVALID_CAST_ARGUMENT / NUMERIC_VALUE_OUT_OF_RANGE), strings, math (the layer gives NaN and
# infinities as Trino), dates, arrays, maps and JSON values already read. Not here, so refused
# inside try: format (printf), from_unixtime (DuckDB's range checks are not Trino's), and
# any function not listed. (STRUCT_EXTRACT fails while binding only: a missing key.)
_SAFE_NAMES = """
Abs Acos And AnyValue ApproxDistinct ArgMax ArgMin Array ArrayAgg ArrayFilter ArraySize
ArraySort Asin Atan2 Avg BitwiseAndAgg BitwiseOrAgg Case Cast Cbrt Ceil Chr Coalesce Concat
ConcatWs Corr Cos Cosh Count CovarPop CovarSamp CumeDist CurrentDate CurrentTimestamp Date
DateAdd DateTrunc Day DayOfMonth DayOfWeekIso DayOfYear Degrees DenseRank Encode EndsWith
Exists Exp Explode Extract FirstValue Flatten Floor FromBase64 GenerateSeries GroupConcat Hex
Hour If IsNan JSONFormat Lag LastDay LastValue Lead Length Levenshtein Ln Log LogicalAnd
LogicalOr Lower MD5Digest Map MapFromEntries MapKeys Max Min Minute Month NthValue Ntile
Nullif Or Pad PercentRank Pi Pow Quarter Radians Rand Rank RegrIntercept RegrSlope Reverse
Round RowNumber SHA2Digest Second Sign Sin Sqrt StartsWith Stddev StddevPop StddevSamp
StrPosition Struct Sum Tan Tanh TimeToUnix TimestampTrunc ToBase64 Transform Translate Trim
Trunc Try TryCast Unnest Upper Uuid Variance VariancePop WeekOfYear Year YearOfWeek
ANY_VALUE AVG BOOL_AND CARDINALITY CHECKSUM COALESCE CONCAT COSINE_SIMILARITY DATE_SUB EPOCH EXP
FLATTEN FLOOR FORMAT_NUMBER GREATEST HAMMING HISTOGRAM HUMAN_READABLE_SECONDS INVERSE_BETA_CDF
ISFINITE ISINF ISNAN JSON_EXTRACT JSON_TYPE LEAST LEN LENGTH LIST LIST_APPEND LIST_CONCAT
LIST_DISTINCT LIST_FILTER LIST_PREPEND LIST_REDUCE LIST_REVERSE LIST_TRANSFORM LN MAP_CONCAT
MAP_ENTRIES MAP_EXTRACT_VALUE MAP_FROM_ENTRIES MAP_KEYS MAP_VALUES MILLISECOND MOD
OCTET_LENGTH QUANTILE_DISC RANDOM RANGE ROW RPAD RTRIM STRFTIME STRREV STRUCT_EXTRACT STRUCT_PACK
SUBSTRING
TIMEZONE TO_JSON TO_MILLISECONDS TRUNC TYPEOF
"""
SAFE_FUNCTIONS = frozenset(_SAFE_NAMES.split())

# regular expressions: safe with a literal pattern (checked for RE2 by the regexp rewrites)
_REGEXPS: dict[str, str | int] = {"RegexpLike": "expression", "RegexpExtractAll": "expression",
            "RegexpSplit": "expression", "REGEXP_REPLACE": 1, "REGEXP_EXTRACT_ALL": 1}


# Trino's names of the DuckDB functions above that the refusal names
_TRINO_NAMES = {"PRINTF": "format", "STRPTIME": "parse_datetime", "UnixToTime": "from_unixtime",
                "FromISO8601Date": "from_iso8601_date",
                "FromISO8601Timestamp": "from_iso8601_timestamp"}


def _native_name(node: exp.Func) -> str:
    return node.name.upper() if isinstance(node, exp.Anonymous) else type(node).__name__


def _check_native(node: exp.Expr) -> None:
    """Refuse a DuckDB function inside try whose failure try could turn into a wrong NULL.

    Raises:
        UnsupportedLocally: ``node`` is such a function.
    """
    if not isinstance(node, exp.Func):
        return
    name = _native_name(node)
    if isinstance(node, exp.Anonymous) and name.startswith("AK_") or name == "ERROR" or (
            node.meta.get(CANNOT_FAIL)):
        return
    if name in _REGEXPS and _literal_pattern(node, _REGEXPS[name]):
        return
    if name in _REGEXPS:
        raise UnsupportedLocally("a regular expression that is not a valid literal pattern, "
                                 "inside try(...)")
    if name not in SAFE_FUNCTIONS:
        what = _TRINO_NAMES.get(name) or (
            node.name if isinstance(node, exp.Anonymous) else node.sql_name())
        raise UnsupportedLocally(f"function {what.lower()} inside try(...)",
                                 hint="its failures there may not be the errors try catches")


def _literal_pattern(node: exp.Func, where: str | int) -> bool:
    from athenakit.local.regexp_texts import read

    pattern = node.args.get(where) if isinstance(where, str) else (
        node.expressions[where] if len(node.expressions) > where else None)
    reading = read(pattern)
    return reading is not None and reading.skeleton is not None

"""AST rewrites that make DuckDB answer like Trino.

Each rewrite takes one sqlglot node (Trino semantics, already type-annotated where possible)
and returns the node DuckDB should run. Most map a Trino function to an ``ak_*`` macro from
:mod:`athenakit.local.compat`; the rest depend on types (``date + interval`` stays a date),
on literal arguments (format patterns) or reshape ``UNNEST``. Functions known to differ and
impossible to reproduce raise :class:`UnsupportedLocally`.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from typing import TYPE_CHECKING

from sqlglot import exp
from sqlglot.errors import ErrorLevel

from athenakit.local import dispatch
from athenakit.local.dispatch import LazyModule, delegated

_binaryfuncs = LazyModule("binaryfuncs")
_maps = LazyModule("maps")
from athenakit.local.errors import UnsupportedLocally
from athenakit.local.formats import date_parse_pattern, format_datetime, mysql_to_strftime

if TYPE_CHECKING:
    from athenakit.local import (
        aggregates,
        arrays,
        bits,
        containers,
        datearith,
        datecasts,
        datefields,
        decimals,
        extracts,
        extremes,
        floatcasts,
        interval_sums,
        intervals,
        javaformat,
        jsoncasts,
        jsonfuncs,
        lambdas,
        numeric,
        operator_guards,
        overflow,
        picks,
        regexps,
        scalarcasts,
        strings,
        subscripts,
        udfs,
        unnest,
        windows,
        zones,
        zonetext,
    )
else:  # imported on first use: see athenakit.local.dispatch
    (aggregates, arrays, bits, containers, datearith, datecasts, datefields, decimals, extracts,
     extremes, floatcasts, interval_sums, intervals, javaformat, jsoncasts, jsonfuncs, lambdas,
     numeric, operator_guards, overflow, picks, regexps, scalarcasts, strings, subscripts, udfs,
     unnest, windows, zones, zonetext) = (
        LazyModule(name) for name in (
            "aggregates", "arrays", "bits", "containers", "datearith", "datecasts", "datefields",
            "decimals", "extracts", "extremes", "floatcasts", "interval_sums", "intervals",
            "javaformat", "jsoncasts", "jsonfuncs", "lambdas", "numeric", "operator_guards",
            "overflow", "picks", "regexps", "scalarcasts", "strings", "subscripts", "udfs", "unnest", "windows", "zones",
            "zonetext"))

_DONE = "ak_done"

TIMEZONE_REFUSAL = "timezone (the zone of a timestamp: a function of newer Trino releases)"

# Trino functions with no DuckDB equivalent giving the same answer.
# https://trino.io/docs/current/functions/list.html
UNSUPPORTED = {
    "APPROX_SET", "MERGE", "EMPTY_APPROX_SET", "MAKE_SET_DIGEST", "MERGE_SET_DIGEST",
    "QDIGEST_AGG", "TDIGEST_AGG", "NUMERIC_HISTOGRAM", "WORD_STEM",
    "CLASSIFY", "FEATURES", "LEARN_CLASSIFIER", "LEARN_REGRESSOR", "REGRESS",
    "SPOOKY_HASH_V2_32", "SPOOKY_HASH_V2_64", "MURMUR3",
    "DATE_DIFF_MILLIS",
}

# Trino name -> macro, same arguments.
_MACRO_NAMES = {
    "JSON_SIZE": "AK_JSON_SIZE", "URL_EXTRACT_HOST": "AK_URL_EXTRACT_HOST",
    "URL_EXTRACT_PATH": "AK_URL_EXTRACT_PATH", "URL_EXTRACT_PORT": "AK_URL_EXTRACT_PORT",
    "URL_EXTRACT_PROTOCOL": "AK_URL_EXTRACT_PROTOCOL", "URL_EXTRACT_QUERY":
    "AK_URL_EXTRACT_QUERY", "URL_EXTRACT_FRAGMENT": "AK_URL_EXTRACT_FRAGMENT",
    "URL_EXTRACT_PARAMETER": "AK_URL_EXTRACT_PARAMETER",
    "STRRPOS": "AK_STRRPOS", "ARRAY_FREQUENCY": "AK_ARRAY_FREQUENCY", "ZIP": "AK_ZIP",
    "ARRAY_AVERAGE": "AK_ARRAY_AVERAGE", "JSON_ARRAY_CONTAINS": "AK_JSON_ARRAY_CONTAINS",
    "MAP_AGG": "AK_MAP_AGG",
    "MAP_UNION": "AK_MAP_UNION",
}


def _call(name: str, *args: exp.Expression) -> exp.Expression:
    node = exp.Anonymous(this=name, expressions=list(args))
    node.meta[_DONE] = True
    return node


def _literal_text(node: exp.Expression | None, what: str) -> str:
    if isinstance(node, exp.Literal) and node.is_string:
        return str(node.this)
    raise UnsupportedLocally(f"{what} that is not a string literal")


def _is(node: exp.Expression | None, *types: exp.DType) -> bool:
    return node is not None and node.type is not None and node.type.is_type(*types)


def _slice(node: exp.Expression) -> exp.Expression:
    return _call("AK_SLICE", node.this, node.args["start"], node.args["end"])


def _unix_to_time(node: exp.Expression) -> exp.Expression:
    """``from_unixtime(x[, zone])``: Trino's milliseconds are ``Math.round(x * 1000)``
    (DateTimeFunctions.fromUnixTime; NaN is 0); DuckDB's ``to_timestamp`` keeps microseconds,
    which the millisecond result then cut (``from_unixtime(1.0006)`` was ``...01.000``)."""
    if node.args.get("hours") is not None or node.args.get("minutes") is not None:
        raise UnsupportedLocally("from_unixtime with an hours and minutes offset",
                                 hint="use from_unixtime(x, zone)")
    if node.meta.get(_DONE) or node.args.get("scale") is not None:
        return node
    node.meta[_DONE] = True
    seconds = exp.Cast(this=node.this, to=exp.DataType.build("DOUBLE"))

    def double(text: str) -> exp.Expression:
        return exp.Cast(this=exp.Literal.number(text), to=exp.DataType.build("DOUBLE"))

    # (DuckDB's arithmetic functions: the layer's rewrites of + * / are Trino's decimal rules)
    millis = _call("FLOOR", _call("ADD", _call("MULTIPLY", seconds, double("1000")),
                                  double("0.5")))  # Java's Math.round
    rounded = _call("DIVIDE", millis, double("1000"))
    node.set("this", exp.Case(ifs=[exp.If(this=_call("ISNAN", seconds.copy()),
                                          true=exp.Literal.number(0))], default=rounded))
    return node


def _to_milliseconds(interval: exp.Expression) -> exp.Expression:
    """``to_milliseconds(interval day to second)``: its milliseconds (DuckDB's function of that
    name makes an interval of a number; the signature table refuses numbers). A year-to-month
    interval is no argument of it (Trino: FUNCTION_NOT_FOUND)."""
    from athenakit.local import literal_types
    from athenakit.local.failures import athena_error, start_of

    kind = literal_types.kind(interval)
    if kind == literal_types.YM:
        call = interval.parent if isinstance(interval.parent, exp.Anonymous) else interval
        raise athena_error("FUNCTION_NOT_FOUND", "Unexpected parameters (interval year to "
                           "month) for function to_milliseconds", offset=start_of(call))
    if kind is not None:
        raise UnsupportedLocally(literal_types.REFUSAL)
    value = exp.Cast(this=interval, to=exp.DataType.build("INTERVAL"))
    millis = exp.Cast(this=_call("ROUND", _call("MULTIPLY", _call("EPOCH", value), exp.Cast(
        this=exp.Literal.number(1000), to=exp.DataType.build("DOUBLE")))),
        to=exp.DataType.build("BIGINT"))
    if isinstance(interval, exp.Interval | exp.Null):
        return millis
    # an interval of months is a year-to-month one, whose kind only DuckDB's value tells here
    months = exp.or_(*(exp.NEQ(this=_call("DATE_PART", exp.Literal.string(part), value.copy()),
                               expression=exp.Literal.number(0)) for part in ("year", "month")))
    refuse = _call("ERROR", exp.Literal.string(f"NOT_SUPPORTED_LOCALLY: {literal_types.REFUSAL}"))
    return exp.Case(ifs=[exp.If(this=months, true=refuse)], default=millis)


def _json_query(node: exp.Expression) -> exp.Expression:
    # json_query / json_value take SQL/JSON paths ('lax $.a'), which DuckDB does not read
    if node.args.get("json_query"):
        raise UnsupportedLocally("json_query (SQL/JSON path)")
    return node


def _json_extract_scalar(node: exp.Expression) -> exp.Expression:
    return jsonfuncs.extract(node, "AK_JSON_EXTRACT_SCALAR")


# map-valued aggregates, before and after their rewrite (sqlglot leaves their type unknown)
_MAP_AGGREGATES = {"MAP_AGG", "AK_MAP_AGG", "MAP_UNION", "AK_MAP_UNION", "MULTIMAP_AGG",
                   "AK_MULTIMAP_FROM_ENTRIES", "HISTOGRAM"}


def _cardinality(node: exp.Expression) -> exp.Expression:
    inner = node.this
    if _is(inner, exp.DType.MAP) or isinstance(inner, (exp.Map, exp.VarMap)) or (
            isinstance(inner, exp.Anonymous) and inner.name.upper() in _MAP_AGGREGATES):
        return _call("CARDINALITY", inner)
    if isinstance(inner, exp.Column) and decimals.unknown(inner):  # a list or a map
        # (DuckDB's cardinality is a UBIGINT, which array_extract does not take)
        return exp.cast(_call("CARDINALITY", inner), "BIGINT")
    return node


def _reduce(node: exp.Expression) -> exp.Expression:
    if _state_retyped(node):
        # Trino binds the state type from the initial value; a function returning another
        # type fails its binding (TestArrayReduceFunction), where DuckDB would answer
        raise UnsupportedLocally("reduce whose function returns another type than its "
                                 "initial state")
    merged = _call("LIST_REDUCE", node.this, node.args["merge"], node.args["initial"])
    finish = node.args.get("finish")
    if finish is None:
        return merged
    (param,) = finish.expressions
    body: exp.Expression = finish.this.copy()
    return body.transform(
        lambda n: merged.copy() if isinstance(n, exp.Identifier | exp.Column)
        and n.name == param.name else n
    )


def _state_retyped(node: exp.Expression) -> bool:
    """The merge lambda of ``reduce`` gives a number of another type than the initial state's
    number, as far as sqlglot types them (the state and element parameters typed as given)."""
    from sqlglot.optimizer.annotate_types import annotate_types

    state, array, merge = node.args["initial"].type, node.this.type, node.args["merge"]
    known = [t for t in (state, array) if t is not None and not t.is_type(exp.DType.UNKNOWN)]
    if len(known) < 2 or not array.is_type(exp.DType.ARRAY) or not array.expressions \
            or not isinstance(merge, exp.Lambda) or len(merge.expressions) != 2:
        return False
    types = dict(zip((e.name for e in merge.expressions), (state, array.expressions[0])))
    body = merge.this.copy().transform(
        lambda n: exp.Cast(this=exp.Null(), to=types[n.name].copy())
        if isinstance(n, exp.Column | exp.Identifier) and n.name in types
        and not isinstance(n.parent, exp.Dot) else n)
    found = annotate_types(body, dialect="trino").type
    numbers = exp.DataType.NUMERIC_TYPES  # (sqlglot's types of other functions are not Trino's)
    return found is not None and found.is_type(*numbers) and state.is_type(*numbers) \
        and found.this != state.this


def _data_type(node: exp.Expression) -> exp.Expression:
    # timestamp(p): DuckDB would pick second/millisecond storage and truncate arithmetic.
    if node.is_type(exp.DType.TIMESTAMP, exp.DType.TIMESTAMPTZ) and node.expressions:
        return exp.DataType(this=node.this)
    return node


def _to_iso8601(arg: exp.Expression) -> exp.Expression:
    if arg.meta.get(zonetext.ISO_TEXT):  # a zoned value's text (zonetext.iso_text)
        return arg
    if _is(arg, exp.DType.DATE):
        fmt = "%Y-%m-%d"
    elif _is(arg, exp.DType.TIMESTAMP):  # with its precision's digits
        from athenakit.local import timetext

        return timetext.as_text(arg, arg, iso=True)
    else:
        raise UnsupportedLocally("to_iso8601 of an expression of unknown type")
    return _call("STRFTIME", arg, exp.Literal.string(fmt))


def _parse_datetime(args: list[exp.Expression]) -> exp.Expression:
    # read by Joda's rules in Python (athenakit.local.jodaparse); the value is a UTC instant
    from athenakit.local import jodaparse

    return jodaparse.sql_call(args[0], _literal_text(args[1], "a parse_datetime pattern"))


def _no_zone_letters(pattern: str) -> str:
    # Joda's Z / z print offsets and names DuckDB's strftime cannot spell as Joda does
    if re.search(r"[Zz]", re.sub(r"'[^']*'", "", pattern)):
        raise UnsupportedLocally("format_datetime with a time zone pattern letter (Z, z)")
    return pattern


def _refuse(what: str) -> exp.Expression:
    raise UnsupportedLocally(what)


def _first_change(node: exp.Expression,
                  *handlers: Callable[[exp.Expression], exp.Expression]) -> exp.Expression:
    for handler in handlers:
        changed = handler(node)
        if changed is not node:
            return changed
    return node


def _sha2(node: exp.Expression) -> exp.Expression:
    # sha256 is DuckDB's; sha512 is computed in Python (athenakit.local.udfs)
    length = node.args.get("length")
    if length is not None and length.name == "512":
        return _call("AK_SHA512", node.this)
    return node


def _grouping(node: exp.Expression) -> exp.Expression:
    """``GROUPING(...)`` is an ``integer`` of up to 31 arguments, a ``bigint`` beyond
    (``GroupingOperationRewriter``; ``TestGrouping.testImplicitCoercions``); DuckDB's is a
    BIGINT."""
    if node.meta.get(_DONE) or len(node.expressions) > 31:
        return node
    node.meta[_DONE] = True
    return exp.Cast(this=node, to=exp.DataType.build("INT"))


def _anonymous(node: exp.Expression) -> exp.Expression:
    if node.meta.get(_DONE):
        return node
    name = node.name.upper()
    if name == "FORMAT_DATETIME":
        built = zonetext.naive_zone_letters(node.expressions) or zonetext.format_in_region(
            node.expressions)
        if built is not None:
            return built
    args = zonetext.local_call(name, list(node.expressions))
    if name in UNSUPPORTED:
        raise UnsupportedLocally(f"function {name.lower()}")
    if name in _MACRO_NAMES:
        return _call(_MACRO_NAMES[name], *args)
    if name == "FROM_BASE64URL":  # also of varbinary
        args = [_binaryfuncs.binary_text(args[0]), *args[1:]]
    if name in udfs.NAMES:
        return _call(udfs.NAMES[name], *args)
    handler = _by_name().get(name)
    return handler(args) if handler else node


_BY_NAME: dict[str, Callable[[list[exp.Expression]], exp.Expression]] = {
    "DATE_FORMAT": lambda a: _call("STRFTIME", a[0], exp.Literal.string(
        mysql_to_strftime(_literal_text(a[1], "a date_format pattern")))),
    "DATE_PARSE": lambda a: _call("AK_DATE_PARSE", a[0], exp.Literal.string(
        date_parse_pattern(_literal_text(a[1], "a date_parse pattern")))),
    "FORMAT_DATETIME": lambda a: format_datetime(a[0], _no_zone_letters(
        _literal_text(a[1], "a format_datetime pattern"))),
    "PARSE_DATETIME": lambda a: _parse_datetime(a),
    "FORMAT": lambda a: javaformat.format_call(a),  # Java's Formatter, not printf
    "TO_MILLISECONDS": lambda a: _to_milliseconds(a[0]),
    "REGEXP_REPLACE": lambda a: regexps.replace(a),
    "TO_ISO8601": lambda a: _to_iso8601(a[0]),
    "ARRAY_JOIN": lambda a: arrays.array_join(a),  # containers have no varchar cast
    "GREATEST": lambda a: extremes.greatest(a),  # NULL if any is NULL; NaN ignored
    "LEAST": lambda a: extremes.least(a),
    "ARRAY_UNION": lambda a: _call("AK_ARRAY_UNION", *a),
    "IS_INFINITE": lambda a: _call("ISINF", *a),
    "IS_FINITE": lambda a: _call("ISFINITE", *a),
    "NAN": lambda a: exp.cast(exp.Literal.string("NaN"), "DOUBLE"),
    "INFINITY": lambda a: exp.cast(exp.Literal.string("Infinity"), "DOUBLE"),
    "CURRENT_TIMEZONE": lambda a: exp.Literal.string("UTC"),
    "E": lambda a: _call("EXP", exp.Literal.number(1)),
    # Trino's millisecond is the fraction of the second (DuckDB's counts the seconds too)
    "MILLISECOND": lambda a: exp.Mod(this=_call("MILLISECOND", *a),
                                     expression=exp.Literal.number(1000)),
    "TO_BASE": lambda a: _call("AK_TO_BASE", *a),
    "TYPEOF": lambda a: numeric.typeof(a),
    "JSON_EXISTS": lambda a: _refuse("json_exists (SQL/JSON path)"),
    # timezone(timestamp with time zone) came with a newer Trino release than Athena's docs
    # name (DuckDB's timezone answered an offset: 0)
    # (the rewrites' own two-argument TIMEZONE(zone, value) is DuckDB's: a user's call of two
    # arguments failed Trino's argument count before)
    "TIMEZONE": lambda a: _refuse(TIMEZONE_REFUSAL) if len(a) == 1 else _call("TIMEZONE", *a),
    "PARSE_DATA_SIZE": lambda a: _call("AK_PARSE_DATA_SIZE", *a),
    "PARSE_DURATION": lambda a: _call("AK_PARSE_DURATION", *a),
    "COSINE_SIMILARITY": lambda a: _maps.cosine_similarity(a),
}


@functools.cache
def _by_name() -> dict[str, Callable[[list[exp.Expression]], exp.Expression]]:
    """:data:`_BY_NAME` and the function rewrites of the family modules."""
    return dispatch.by_name(_BY_NAME)


_BY_CLASS: dict[type[exp.Expression], Callable[[exp.Expression], exp.Expression]] = {
    exp.ArraySlice: _slice,
    exp.ArrayExcept: lambda n: _call("AK_ARRAY_EXCEPT", n.this, n.expression),
    exp.Repeat: lambda n: arrays.repeat(n),  # with Trino's limits
    exp.JSONArrayContains: lambda n: _call("AK_JSON_ARRAY_CONTAINS", n.this, n.expression),
    exp.FromBase: lambda n: _call("AK_FROM_BASE", n.this, n.expression),
    exp.WidthBucket: lambda n: _call("AK_WIDTH_BUCKET", *n.args.values()) if n.args.get(
        "max_value") else _call("AK_WIDTH_BUCKET_BINS", n.this, exp.Cast(
            this=n.args["min_value"], to=exp.DataType.build("DOUBLE[]"))),
    exp.ArrayDistinct: lambda n: _call("AK_ARRAY_DISTINCT", n.this),
    exp.JSONExtractScalar: _json_extract_scalar,
    **delegated("regexps"),
    **delegated("zones"),  # DateAdd, TimestampTrunc, DateTrunc: below; Extract: next
    exp.Extract: lambda n: _first_change(n, extracts.extract, zones.BY_CLASS[exp.Extract]),
    exp.DateDiff: lambda n: datearith.date_diff(n),
    exp.DateAdd: lambda n: _first_change(n, datefields.dated, zones.calendar),
    # date(varchar) is the cast of text (datecasts); date(zoned) reads its wall clock
    exp.Date: lambda n: datecasts.date_function(n) or zones.local_argument(n, n.key),
    exp.Add: lambda n: _first_change(n, overflow.widen, overflow.fold, zones.interval_arith,
                                     decimals.add_subtract, datearith.arith),
    exp.Sub: lambda n: _first_change(n, overflow.widen, overflow.fold, zones.interval_arith,
                                     decimals.add_subtract, datearith.arith,
                                     intervals.time_difference),
    exp.TimestampTrunc: lambda n: _first_change(n, datefields.dated, zones.calendar),
    exp.DateTrunc: lambda n: _first_change(n, datefields.dated, zones.calendar),
    exp.ArraySize: _cardinality,
    exp.Reduce: _reduce,
    exp.Avg: lambda n: _first_change(n, interval_sums.rewrite, decimals.average,
                                     aggregates.retype),
    exp.Sum: lambda n: _first_change(n, interval_sums.rewrite, aggregates.retype),
    exp.Bracket: lambda n: subscripts.subscript(n),
    exp.DataType: _data_type,
    exp.Anonymous: _anonymous,
    exp.Unnest: lambda n: unnest.rewrite(n),
    exp.CurrentTimezone: lambda n: exp.Literal.string("UTC"),
    exp.Grouping: _grouping,
    exp.Interval: lambda n: intervals.span(n),
    **delegated("numeric"),  # Neg: below
    exp.Neg: lambda n: _first_change(n, numeric.BY_CLASS[exp.Neg], operator_guards.negation),
    # interval / number: Trino's (DuckDB has none); numeric's division otherwise
    exp.Div: lambda n: _first_change(n, intervals.scale, numeric.BY_CLASS[exp.Div]),
    **delegated("bits"),
    exp.TryCast: lambda n: _first_change(n, jsoncasts.checked_reads, datecasts.from_text,
                                         floatcasts.to_decimal, floatcasts.from_text,
                                         jsoncasts.to_text_elements,
                                         lambda c: strings.char_cast(scalarcasts.cast(c))),
    exp.Length: lambda n: _call("OCTET_LENGTH", n.this) if _binaryfuncs.is_binary(n.this)
    else _call("AK_LENGTH_ANY", n.this) if decimals.unknown(n.this) else n,
    exp.SHA: lambda n: _call("AK_SHA1", n.this),
    **delegated("aggregates"),  # Avg, Sum: above
    exp.Window: lambda n: _first_change(windows.frame_offsets(n), interval_sums.rewrite,
                                        decimals.average,
                                        aggregates.retype, picks.rewrite,
                                        aggregates.finite_only, aggregates.moments),
    exp.Filter: lambda n: _first_change(n, interval_sums.rewrite, decimals.average,
                                        aggregates.retype, picks.rewrite,
                                        aggregates.listagg, aggregates.finite_only,
                                        aggregates.moments),
    **delegated("picks"),
    **delegated("windows"),
    exp.Mul: lambda n: _first_change(n, intervals.scale, overflow.widen, overflow.fold,
                                     decimals.multiply),
    **delegated("rounding"),
    **delegated("arrays"),
    **delegated("jsonfuncs"),
    **delegated("isodates"),
    exp.JSONExtract: lambda n: _first_change(n, _json_query, jsonfuncs.BY_CLASS[exp.JSONExtract]),
    exp.UnixToTime: _unix_to_time,
    exp.JSONValue: lambda n: _refuse("json_value (SQL/JSON path)"),
    **delegated("randoms"),
    **delegated("strings"),
    **delegated("textfuncs"),
    **delegated("binaryfuncs"),
    **delegated("extremes"),
    **delegated("containers"),  # EQ, IN, ...: below
    exp.Cast: lambda n: _first_change(n, datecasts.from_text, datecasts.from_time, zonetext.cast,
                                      intervals.to_text, jsoncasts.checked_reads,
                                      jsoncasts.json_elements, jsoncasts.to_text_elements,
                                      jsoncasts.to_json,
                                      jsoncasts.to_boolean, jsoncasts.to_integer,
                                      jsoncasts.to_varchar, jsoncasts.to_row,
                                      jsoncasts.to_array_of_rows, floatcasts.to_decimal,
                                      floatcasts.from_text,
                                      lambda c: strings.char_cast(
                                          jsonfuncs.cast_to_json(scalarcasts.cast(c)))),
    exp.SHA2Digest: _sha2,
    # operator_guards: Trino's TYPE_MISMATCH for operands typed only while DuckDB binds
    exp.EQ: lambda n: operator_guards.compare(n, _first_change(
        n, strings.char_compare, containers.equality, numeric.compare)),
    exp.NEQ: lambda n: operator_guards.compare(n, _first_change(
        n, strings.char_compare, containers.equality, numeric.compare)),
    exp.In: lambda n: _first_change(n, strings.char_in, containers.in_list, numeric.in_list),
    exp.NullSafeEQ: lambda n: operator_guards.compare(n, _first_change(
        n, strings.char_compare, containers.distinct)),
    exp.NullSafeNEQ: lambda n: operator_guards.compare(n, _first_change(
        n, strings.char_compare, containers.distinct)),
    **{kind: lambda n: operator_guards.compare(n, _first_change(
        n, strings.char_compare, containers.order, numeric.compare))
       for kind in (exp.LT, exp.LTE, exp.GT, exp.GTE)},
    exp.Ordered: lambda n: containers.ordered(n),
}


def _visit(node: exp.Expression) -> exp.Expression:
    handler = _BY_CLASS.get(type(node))
    return handler(node) if handler else node


def apply(tree: exp.Expression) -> exp.Expression:
    """Rewrite a type-annotated Trino tree so DuckDB returns Trino's answer.

    Args:
        tree: a parsed, annotated statement (modified in place).

    Returns:
        The rewritten tree.

    Raises:
        UnsupportedLocally: for functions in :data:`UNSUPPORTED` or arguments the
            rewrites cannot convert (non-literal format patterns, ...).
    """
    if not any(type(node) in _BY_CLASS for node in tree.walk()):
        return tree  # nothing to rewrite (``SELECT 1``)
    # A replaced node's new children are not visited by transform: repeat until stable
    # (rewritten nodes are marked, so a second visit leaves them alone).
    # the comparisons only detect change: what DuckDB cannot run is reported once, at the end
    # Each pass reaches one level deeper into what the last one built (abs(abs(DECIMAL '0.5'))
    # inside a CAST takes five); a tree still changing after the last pass is refused, since
    # what it holds unrewritten would run with DuckDB's semantics.
    before = tree.sql(dialect="trino", unsupported_level=ErrorLevel.IGNORE)
    for _ in range(_PASSES):
        tree = tree.transform(_visit, copy=False)
        after = tree.sql(dialect="duckdb", unsupported_level=ErrorLevel.IGNORE)
        if after == before:
            return _typed_literals(tree)
        if len(after) > _LONGEST:  # each pass may copy what the last one built
            break
        before = after
    raise UnsupportedLocally(NESTED_TOO_DEEP)


def _typed_literals(tree: exp.Expression) -> exp.Expression:
    """A DECIMAL literal copied into a rewrite built late, and so never visited, typed by its
    text all the same (DuckDB reads a bare DECIMAL as decimal(18, 3))."""
    for cast in list(tree.find_all(exp.Cast)):
        if cast.to.is_type(exp.DType.DECIMAL) and not cast.to.expressions:
            scalarcasts.decimal_literal(cast)
    return tree


_PASSES = 12
_LONGEST = 4_000_000  # characters of DuckDB SQL (a cast of JSON to a row of 8 fields takes 1M)
NESTED_TOO_DEEP = "an expression nested too deeply for the local engine's rewrites"

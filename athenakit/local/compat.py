"""DuckDB macros that give Trino's answers where DuckDB's built-ins differ.

``translate.py`` rewrites Trino function calls into calls of these ``ak_*`` macros;
:mod:`athenakit.local.session` creates, on each connection, the ones a statement calls (with
those they call) before it runs. Each macro names the Trino function it stands for and the
difference it removes.

https://trino.io/docs/current/functions.html
"""

from __future__ import annotations

import functools
import re

# RFC 3986 appendix B: scheme, authority, path, query, fragment.
_URL = r"'^(([^:/?#]+):)?(//([^/?#]*))?([^?#]*)(\?([^#]*))?(#(.*))?'"
_AUTHORITY_HOST = r"'^([^@]*@)?(\[[^\]]*\]|[^:]*)(:([0-9]*))?$'"
# characters java.net.URI refuses anywhere, and a '%' not followed by two hex digits
_URL_ILLEGAL = r"""'[\x00-\x20"<>\\^`{|}]|%([^0-9A-Fa-f]|.[^0-9A-Fa-f]|.?$)'"""

MACROS: dict[str, str] = {
    # the offset (seconds) of zone z at instant i
    "ak_zone_offset": """(i, z) AS epoch(timezone(z, i)) - epoch(i)""",
    # the instant at which zone z shows the wall clock l, as Joda's
    # DateTimeZone.convertLocalToUTC(l, false, near) finds it: with the offset z has at instant
    # `near` when the instant it gives has that offset, else ICU's reading. Trino adds calendar
    # units and truncates on a zoned value's wall clock with `near` the value itself
    # (ZonedChronology), and with_timezone(l, z) has `near` the instant l names in UTC
    # (UTC.getMillisKeepLocal). Where a DST change repeats l (2020-11-01 01:30
    # America/New_York) this keeps the offset of `near`; ICU takes the later instant.
    "ak_local_instant": """(l, z, near) AS CASE
        WHEN ak_zone_offset(timezone('UTC', l) - to_seconds(ak_zone_offset(near, z)), z)
            = ak_zone_offset(near, z)
        THEN timezone('UTC', l) - to_seconds(ak_zone_offset(near, z))
        ELSE timezone(z, l) END""",
    # to_iso8601 of a zoned value: its wall clock (local) and the offset of that instant
    "ak_offset_seconds": """(local, instant) AS
        CAST(round(epoch(local) - epoch(instant)) AS BIGINT) % 60""",
    # the offset of a zoned value (its wall clock and instant) as +HH<sep>MM: Joda's Z (sep
    # '') and ZZ (sep ':'), which print a zero offset +0000 / +00:00
    "ak_joda_offset": """(local, instant, sep) AS
        CASE WHEN epoch(local) < epoch(instant) THEN '-' ELSE '+' END
        || lpad(CAST(CAST(abs(round((epoch(local) - epoch(instant)) / 60)) AS BIGINT) // 60
            AS VARCHAR), 2, '0') || sep
        || lpad(CAST(CAST(abs(round((epoch(local) - epoch(instant)) / 60)) AS BIGINT) % 60
            AS VARCHAR), 2, '0')""",
    # format_datetime's Joda fields strftime does not print as Joda does (athenakit.local.
    # formats): a number padded with zeros to n digits (yy / YY / xx: its last two), and the
    # fraction S / SS, the millisecond's digits without trailing zeros but at least n of them
    # (Joda's FractionOfSecond printer: S of .600 is 6, of .678 is 678)
    "ak_joda_field": """(v, letter, n) AS CASE WHEN letter = 'S' THEN
            rtrim(strftime(v, '%g'), '0')
            || repeat('0', greatest(0, n - length(rtrim(strftime(v, '%g'), '0'))))
        ELSE list_transform([CAST(CASE letter
            WHEN 'D' THEN dayofyear(v) WHEN 'k' THEN CASE hour(v) WHEN 0 THEN 24 ELSE hour(v) END
            WHEN 'K' THEN hour(v) % 12 WHEN 'h' THEN CASE hour(v) % 12 WHEN 0 THEN 12
                ELSE hour(v) % 12 END
            WHEN 'H' THEN hour(v) WHEN 'm' THEN minute(v) WHEN 's' THEN second(v)
            WHEN 'd' THEN day(v) WHEN 'M' THEN month(v) WHEN 'e' THEN isodow(v)
            WHEN 'w' THEN week(v) WHEN 'C' THEN year(v) // 100
            WHEN 'x' THEN CASE WHEN n = 2 THEN yearweek(v) // 100 % 100 ELSE yearweek(v) // 100 END
            ELSE CASE WHEN n = 2 THEN year(v) % 100 ELSE year(v) END END AS VARCHAR)],
            lambda t: lpad(t, CAST(greatest(n, length(t)) AS INTEGER), '0'))[1] END""",
    "ak_iso_zoned": """(clock, local, instant) AS clock || CASE
        WHEN round((epoch(local) - epoch(instant)) / 60) = 0 THEN 'Z'
        ELSE ak_joda_offset(local, instant, ':') END""",
    # slice(x, start, length): 1-based start, negative start counts from the end.
    # (a negative length fails: TestArrayOperators.testSlice, Trino's ArraySliceFunction;
    # a NULL argument makes it NULL)
    "ak_slice": """(a, s, n) AS CASE WHEN a IS NULL OR s IS NULL OR n IS NULL THEN NULL
        WHEN n < 0 THEN error('INVALID_FUNCTION_ARGUMENT: length must be greater than or equal '
                              || 'to 0')
        WHEN s > 0 THEN a[s : s + n - 1]
        WHEN s < 0 AND len(a) + s >= 0 THEN a[len(a) + s + 1 : len(a) + s + n]
        WHEN s < 0 THEN []
        ELSE error('INVALID_FUNCTION_ARGUMENT: SQL array indices start at 1') END""",
    # array_distinct keeps the first occurrence, in order (DuckDB's list_distinct does not).
    "ak_array_distinct": """(a) AS list_filter(a, lambda x, i:
        coalesce(list_position(a, x) = i,
                 i = list_position(list_transform(a, lambda y: y IS NULL), true)))""",
    # json_extract_scalar returns NULL for arrays and objects.
    "ak_json_extract_scalar": """(j, p) AS CASE
        WHEN json_type(json_extract(ak_json(j), p)) IN ('ARRAY', 'OBJECT') THEN NULL
        ELSE json_extract_string(ak_json(j), p) END""",
    # json_size: elements of an array, keys of an object, 0 for scalars.
    # a path that does not start at $ fails (TestJsonFunctions.testJsonSize)
    "ak_json_size": """(j, p) AS CASE WHEN NOT starts_with(ltrim(p), '$')
            THEN error('INVALID_FUNCTION_ARGUMENT: Invalid JSON path: ''' || p || '''')
        WHEN NOT ak_json_valid(j) THEN CAST(ak_json_stream(j, p, 'size') AS BIGINT)
        WHEN json_extract(ak_json(j), p) IS NULL THEN NULL
        WHEN json_type(json_extract(ak_json(j), p)) = 'ARRAY'
        THEN CAST(json_array_length(ak_json(j), p) AS BIGINT)
        WHEN json_type(json_extract(ak_json(j), p)) = 'OBJECT'
        THEN CAST(len(json_keys(ak_json(j), p)) AS BIGINT) ELSE CAST(0 AS BIGINT) END""",
    # url_extract_* follow Trino's UrlFunctions over java.net.URI (TestUrlFunctions): a missing
    # component is '' (the port NULL), a URL java.net.URI rejects is NULL throughout, an
    # opaque URI (mailto:x@y) has no path or query.
    "ak_url_part": f"""(u, g) AS regexp_extract(u, {_URL}, g)""",
    "ak_url_ok": f"""(u) AS NOT regexp_matches(u, {_URL_ILLEGAL})""",
    "ak_url_opaque": """(u) AS ak_url_part(u, 2) <> '' AND ak_url_part(u, 3) = ''
        AND NOT starts_with(ak_url_part(u, 5), '/')""",
    "ak_url_extract_protocol": "(u) AS CASE WHEN ak_url_ok(u) THEN ak_url_part(u, 2) END",
    "ak_url_extract_host": f"""(u) AS CASE WHEN ak_url_ok(u) THEN regexp_extract(
        ak_url_part(u, 4), {_AUTHORITY_HOST}, 2) END""",
    "ak_url_extract_port": f"""(u) AS CASE WHEN ak_url_ok(u) THEN TRY_CAST(nullif(
        regexp_extract(ak_url_part(u, 4), {_AUTHORITY_HOST}, 4), '') AS BIGINT) END""",
    "ak_url_extract_path": """(u) AS CASE WHEN NOT ak_url_ok(u) THEN NULL
        WHEN ak_url_opaque(u) THEN '' ELSE ak_url_part(u, 5) END""",
    "ak_url_extract_query": """(u) AS CASE WHEN NOT ak_url_ok(u) THEN NULL
        WHEN ak_url_opaque(u) THEN '' ELSE ak_url_part(u, 7) END""",
    "ak_url_extract_fragment": "(u) AS CASE WHEN ak_url_ok(u) THEN ak_url_part(u, 9) END",
    "ak_url_extract_parameter": """(u, name) AS CASE WHEN ak_url_ok(u) THEN list_extract(
        list_transform(list_filter(string_split(ak_url_part(u, 7), '&'),
                    lambda kv: split_part(kv, '=', 1) = name),
        lambda kv: CASE WHEN strpos(kv, '=') = 0 THEN '' ELSE kv[strpos(kv, '=') + 1:] END), 1)
        END""",
    # cardinality of an array (a map goes to DuckDB's cardinality).
    "ak_sequence": """(a, b) AS CASE WHEN a <= b THEN ak_sequence_step(a, b, 1)
        ELSE ak_sequence_step(a, b, -1) END""",
    # Trino's codepoint takes a single character.
    "ak_codepoint": "(s) AS CASE WHEN length(s) = 1 THEN unicode(s) "
                    "ELSE error('INVALID_FUNCTION_ARGUMENT: Input string must be a single "
                    "character string') END",
    # array_average ignores NULL elements.
    "ak_array_average": "(a) AS list_avg(a)",
    # zip(a, b) -> array of rows padded with NULL to the longest input.
    # (a NULL array makes zip NULL: Trino's ZipFunction takes its arrays NEVER_NULL)
    "ak_zip": """(a, b) AS CASE WHEN a IS NULL OR b IS NULL THEN NULL ELSE list_transform(
        range(1, greatest(len(a), len(b)) + 1),
        lambda i: row(a[i], b[i])) END""",  # (an anonymous row, as Trino's ZipFunction)
    # strrpos: last occurrence, 1-based, 0 when absent.
    "ak_strrpos": """(s, t) AS CASE WHEN strpos(s, t) = 0 THEN 0
        ELSE length(s) - strpos(reverse(s), reverse(t)) - length(t) + 2 END""",
    # ngrams are not in DuckDB; built from list slices.
    "ak_array_frequency": """(a) AS map_from_entries(list_transform(
        ak_array_distinct(list_filter(a, lambda x: x IS NOT NULL)),
        lambda x: struct_pack(k := x, v := CAST(len(list_filter(a, lambda y: y = x)) AS INTEGER))))""",
    # array_position is 0 when absent (DuckDB: NULL).
    # a NULL element searched for gives NULL (TestArrayOperators.testArrayPosition)
    "ak_array_position": "(a, x) AS CASE WHEN a IS NULL OR x IS NULL THEN NULL "
                         "ELSE CAST(coalesce(list_position(a, x), 0) AS BIGINT) END",
    # NULL when either array is NULL (TestArrayExceptFunction.testNull)
    "ak_array_except": """(a, b) AS CASE WHEN a IS NULL OR b IS NULL THEN NULL
        ELSE list_filter(ak_array_distinct(a),
        lambda e: len(list_filter(b, lambda x: x IS NOT DISTINCT FROM e)) = 0) END""",
    # (NULL when an array is: list_concat reads a NULL list as empty)
    "ak_array_union": """(a, b) AS CASE WHEN a IS NULL OR b IS NULL THEN NULL
        ELSE ak_array_distinct(list_concat(a, b)) END""",
    # repeat(element, count) builds an array in Trino.
    "ak_repeat": "(x, n) AS ak_repeat_checked(x, n)",
    # text that is not strict JSON: true once an element read before the first error matches,
    # false when the array closes first, else NULL (Trino's JsonFunctions stream the array)
    "ak_json_array_contains": """(j, v) AS CASE WHEN j IS NULL OR v IS NULL THEN NULL
        WHEN NOT ak_json_valid(j) THEN CASE
            WHEN list_contains(list_transform(json_extract(
                CAST(coalesce(ak_json_array_stream(j, 'prefix'), '[]') AS JSON), '$[*]'),
                lambda e: CAST(e AS VARCHAR)), CAST(to_json(v) AS VARCHAR)) THEN true
            WHEN ak_json_array_stream(j, 'complete') = 'true' THEN false END
        WHEN json_type(ak_json(j)) <> 'ARRAY' THEN NULL
        ELSE list_contains(list_transform(json_extract(ak_json_or(j, '[]'), '$[*]'),
            lambda e: CAST(e AS VARCHAR)), CAST(to_json(v) AS VARCHAR)) END""",
    # array_max ignores NaN unless every element is NaN (TestArrayOperators.testArrayMax:
    # array_max(ARRAY[NaN(), 2, 3]) is 3.0); DuckDB orders NaN above every number
    "ak_array_max": "(a) AS CASE WHEN list_bool_or(list_transform(a, lambda x: x IS NULL)) "
                    "THEN NULL ELSE coalesce(list_max(list_filter(a, lambda x: NOT ("
                    "typeof(x) IN ('DOUBLE', 'FLOAT') AND CAST(x AS VARCHAR) IN ('nan', '-nan')))),"
                    " list_max(a)) END",
    "ak_array_min": "(a) AS CASE WHEN list_bool_or(list_transform(a, lambda x: x IS NULL)) "
                    "THEN NULL ELSE list_min(a) END",
    # a value of any type that is a double or real NaN (nullif of a subquery's column)
    "ak_any_nan": """(x) AS typeof(x) IN ('DOUBLE', 'FLOAT')
        AND CAST(x AS VARCHAR) IN ('nan', '-nan')""",
    # array_join skips NULL elements unless a replacement is given; a NULL delimiter or
    # replacement makes it NULL (ArrayJoin's arguments are NEVER_NULL; DuckDB joined with '')
    "ak_array_join": """(a, sep) AS CASE WHEN sep IS NOT NULL THEN array_to_string(
        list_transform(list_filter(a, lambda x: x IS NOT NULL),
                       lambda x: ak_element_text(x)), sep) END""",
    "ak_array_join_null": """(a, sep, rep) AS CASE WHEN sep IS NOT NULL AND rep IS NOT NULL
        THEN array_to_string(list_transform(a, lambda x: coalesce(ak_element_text(x), rep)),
                             sep) END""",
    # a separator or replacement that is no constant (a column): joined by list_reduce
    "ak_array_join_any": """(a, sep) AS ak_joined(list_transform(
        list_filter(a, lambda x: x IS NOT NULL), lambda x: ak_element_text(x)), sep)""",
    "ak_array_join_null_any": """(a, sep, rep) AS CASE WHEN rep IS NOT NULL THEN ak_joined(
        list_transform(a, lambda x: coalesce(ak_element_text(x), rep)), sep) END""",
    "ak_joined": """(l, sep) AS CASE WHEN sep IS NULL THEN NULL WHEN len(l) = 0 THEN ''
        ELSE list_reduce(l, lambda acc, x: acc || sep || x) END""",
    # CAST(x AS varchar) of an element (array_join) or of a value whose type only DuckDB
    # knows: a double or real in Trino's scientific text (3.77E1, javatext.varchar_double;
    # DuckDB prints 37.7), a JSON value its scalar's text, as CAST(json AS varchar), not the
    # JSON text with its quotes; TRY_CAST binds for a value of any type
    "ak_element_text": """(x) AS CASE
        WHEN typeof(x) = 'DOUBLE' THEN ak_varchar_double(TRY_CAST(x AS DOUBLE))
        WHEN typeof(x) = 'FLOAT' THEN ak_varchar_real(TRY_CAST(x AS FLOAT))
        WHEN typeof(x) = 'JSON' THEN ak_json_to_varchar(TRY_CAST(x AS JSON))
        ELSE ak_decimal_text(x) END""",
    # a value as Java's toString prints it in Trino's messages (a double 1.5, not 1.5E0)
    "ak_object_text": """(x) AS CASE
        WHEN typeof(x) = 'DOUBLE' THEN ak_java_double(TRY_CAST(x AS DOUBLE))
        WHEN typeof(x) = 'FLOAT' THEN ak_java_real(TRY_CAST(x AS FLOAT))
        ELSE ak_element_text(x) END""",
    # map_agg keeps the first value of a key (TestMapAggAggregation.testDuplicateKeysValues),
    # where DuckDB's map_from_entries fails: entries sorted by key and input position, the
    # first of each key kept
    "ak_map_agg": "(k, v) AS ak_first_entries(list(struct_pack(k := k, v := v)) "
                  "FILTER (WHERE k IS NOT NULL))",
    # avg of a long decimal without overflow (TestDecimalAverageAggregation.testOverflow): the
    # unscaled values summed as high and low parts of 10^19 each (sums that fit a HUGEINT),
    # divided by long division with floor quotients, rounded half away from zero
    "ak_floor_div": "(a, n) AS a // n - CASE WHEN a % n < 0 THEN 1 ELSE 0 END",
    "ak_floor_mod": "(a, n) AS a - ak_floor_div(a, n) * n",
    "ak_avg_carry": "(h, l, n) AS ak_floor_mod(h, n) * CAST(10000000000000000000 AS HUGEINT) + l",
    "ak_avg_round": """(q, r, n) AS q + CASE WHEN (q >= 0 AND 2 * r >= n) OR (q < 0 AND 2 * r > n)
        THEN 1 ELSE 0 END""",
    "ak_avg_parts": """(h, l, n, unit) AS ak_avg_round(
        ak_floor_div(h, n) * CAST(10000000000000000000 AS HUGEINT)
            + ak_floor_div(ak_avg_carry(h, l, n), n),
        ak_floor_mod(ak_avg_carry(h, l, n), n), n) * unit""",
    # approx_percentile: the value of rank floor(n * p) of the sorted non-NULL values
    # (athenakit.local.picks.percentile)
    "ak_rank_of": """(s, p) AS CASE WHEN p < 0 OR p > 1 THEN error(
            'INVALID_FUNCTION_ARGUMENT: Percentile must be between 0 and 1')
        WHEN len(s) = 0 THEN NULL
        ELSE s[least(CAST(floor(len(s) * p) AS BIGINT) + 1, len(s))] END""",
    "ak_sorted_values": "(l) AS list_sort(list_filter(l, lambda v: v IS NOT NULL))",
    "ak_rank": "(l, p) AS CASE WHEN l IS NULL THEN NULL ELSE ak_rank_of(ak_sorted_values(l), p) END",
    "ak_ranks": """(l, ps) AS CASE WHEN l IS NULL OR len(ak_sorted_values(l)) = 0 THEN NULL
        ELSE list_transform(list_zip(ps, list_resize([ak_sorted_values(l)], len(ps),
            ak_sorted_values(l))), lambda e: ak_rank_of(e[2], e[1])) END""",
    "ak_multimap_agg": """(l) AS CASE WHEN l IS NULL
            OR len(list_filter(l, lambda e: e IS NOT NULL)) = 0 THEN NULL
        ELSE ak_multimap_from_entries(list_filter(l, lambda e: e IS NOT NULL)) END""",
    # map_union: the maps' entries, the first value of a key kept
    # (TestMapUnionAggregation.testSimpleWithDuplicates); NULL maps skipped
    "ak_map_union": """(m) AS ak_first_entries(list_transform(flatten(list(map_entries(m))
        FILTER (WHERE m IS NOT NULL)), lambda e: struct_pack(k := e.key, v := e.value)))""",
    "ak_first_entries": """(l) AS CASE WHEN l IS NULL THEN NULL
        WHEN len(list_distinct(list_transform(l, lambda e: e.k))) = len(l)
        THEN map_from_entries(l)
        ELSE ak_first_of_sorted(list_sort(list_transform(l, lambda e, i: struct_pack(
            k := e.k, i := i, v := e.v)))) END""",
    "ak_first_of_sorted": """(s) AS map_from_entries(list_transform(list_filter(
        list_zip(s, list_prepend(NULL, s)), lambda p: p[1] IS NOT NULL
            AND (p[2] IS NULL OR p[2].k IS DISTINCT FROM p[1].k)),
        lambda p: struct_pack(k := p[1].k, v := p[1].v)))""",
    # Subscripts fail in Trino where DuckDB returns NULL (or counts from the end for i < 0).
    # ``v`` is DuckDB's own subscript, evaluated only when the checks pass.
    "ak_array_subscript": """(a, i, v) AS CASE WHEN a IS NULL OR i IS NULL THEN NULL
        WHEN i = 0 THEN error('INVALID_FUNCTION_ARGUMENT: SQL array indices start at 1')
        WHEN i < 0 THEN error('INVALID_FUNCTION_ARGUMENT: Array subscript is negative: '
            || CAST(i AS VARCHAR))
        WHEN i > len(a) THEN error('INVALID_FUNCTION_ARGUMENT: Array subscript must be less '
            || 'than or equal to array length: ' || CAST(i AS VARCHAR) || ' > '
            || CAST(len(a) AS VARCHAR))
        ELSE v END""",
    # A subscript on a value whose type only DuckDB knows: checked by that type while running
    # (a list like ak_array_subscript, with cardinality, which binds for lists and maps alike).
    # No test of a map's keys binds for a list too: a map subscript that finds no value is
    # refused around the macro (athenakit.local.rewrites), outside any try.
    "ak_any_subscript": """(a, i, v) AS CASE WHEN a IS NULL OR i IS NULL THEN NULL
        WHEN typeof(a) LIKE '%[]' THEN CASE
            WHEN TRY_CAST(i AS BIGINT) = 0
                THEN error('INVALID_FUNCTION_ARGUMENT: SQL array indices start at 1')
            WHEN TRY_CAST(i AS BIGINT) < 0 THEN error('INVALID_FUNCTION_ARGUMENT: Array '
                || 'subscript is negative: ' || CAST(i AS VARCHAR))
            WHEN TRY_CAST(i AS BIGINT) > cardinality(a) THEN error('INVALID_FUNCTION_ARGUMENT: '
                || 'Array subscript must be less than or equal to array length: '
                || CAST(i AS VARCHAR) || ' > ' || CAST(cardinality(a) AS VARCHAR))
            ELSE v END
        ELSE v END""",
    # element_at on a value whose type only DuckDB knows: index 0 of a list fails
    "ak_any_element_at": """(a, i, v) AS CASE WHEN typeof(a) LIKE '%[]'
        AND TRY_CAST(i AS BIGINT) = 0
        THEN error('INVALID_FUNCTION_ARGUMENT: SQL array indices start at 1') ELSE v END""",
    "ak_map_subscript": """(m, k, v) AS CASE WHEN m IS NULL OR k IS NULL THEN NULL
        WHEN NOT contains(m, k) THEN error('INVALID_FUNCTION_ARGUMENT: Key not present in '
            || 'map: ' || CAST(k AS VARCHAR))
        ELSE v END""",
    # Exact decimal division (athenakit.local.decimals): a and b scaled to HUGEINTs by fa and
    # fb, the quotient scaled by fe and rounded half away from zero, then unit = 10^-scale.
    "ak_decimal_divide": """(a, b, fa, fb, fe, unit) AS CASE WHEN a IS NULL OR b IS NULL
        THEN NULL ELSE CAST((abs(CAST(a * fa AS HUGEINT)) * fe * 2
            + abs(CAST(b * fb AS HUGEINT))) // (2 * abs(CAST(b * fb AS HUGEINT)))
            AS DECIMAL(38, 0)) * (sign(CAST(a * fa AS HUGEINT)) * sign(CAST(b * fb AS HUGEINT)))
            * unit END""",
}


def _all_macros() -> dict[str, str]:
    from athenakit.local import (
        aggregates,
        arrays,
        binaryfuncs,
        containers,
        datearith,
        datecasts,
        datefields,
        decimalcasts,
        interval_fields,
        interval_sums,
        intervals,
        jsonfuncs,
        lambdas,
        maps,
        numeric,
        operator_guards,
        picks,
        runtime_numbers,
        scalarcasts,
        strings,
        textfuncs,
    )

    return {**jsonfuncs.MACROS, **numeric.MACROS, **MACROS, **arrays.MACROS,
            **strings.MACROS, **textfuncs.MACROS, **binaryfuncs.MACROS, **lambdas.MACROS,
            **containers.MACROS, **intervals.MACROS, **decimalcasts.MACROS, **maps.MACROS,
            **scalarcasts.MACROS, **datecasts.MACROS, **datearith.MACROS, **datefields.MACROS,
            **operator_guards.MACROS, **runtime_numbers.MACROS, **interval_fields.MACROS,
            **interval_sums.macros(), **aggregates.MACROS,
            **picks.MACROS}


@functools.cache
def definitions() -> dict[str, str]:
    """Every ``ak_*`` macro and its ``_try`` and ``_in_try`` variants: lower-case name ->
    ``(args) AS body``.

    Built on first use (a statement that calls none of them never builds it); callers must not
    modify the mapping.
    """
    every = {**_all_macros(), **try_variants(), **in_try_variants()}
    return {name.lower(): body for name, body in every.items()}


# Inside DuckDB's TRY a failure must still be raised, so that TRY answers NULL for the whole
# ``try(...)`` as Trino's does (a NULL in its place could be absorbed: ``coalesce``, ``IS
# NULL``); DuckDB refuses ``error()`` there (it is volatile), but not a failing cast. The
# CASE has no type of its own, like ``error()``'s NULL.
FAIL_IN_TRY = "(CASE WHEN CAST('failed inside try' AS INTEGER) = 0 THEN NULL END)"


def _replace_errors(body: str, replacement: str) -> str:
    """``body`` with every ``error(...)`` call replaced by ``replacement``."""
    out, i = [], 0
    while (start := body.find("error(", i)) >= 0:
        depth, j = 0, start + len("error")
        for j in range(start + len("error"), len(body)):
            depth += {"(": 1, ")": -1}.get(body[j], 0)
            if depth == 0:
                break
        out.append(body[i:start] + replacement)
        i = j + 1
    return "".join(out) + body[i:]


@functools.cache
def aggregate_macros() -> frozenset[str]:
    """The macros that hold an aggregate or are called only inside one (the sum of
    intervals, approx_most_frequent's): never inside ``try(...)``, where :mod:`trys` refuses
    an aggregate, so they may refuse while running and have no ``_try`` twins."""
    from athenakit.local import aggregates, interval_sums

    return frozenset(interval_sums.AGGREGATE_MACROS | aggregates.AGGREGATE_MACROS)


def _variants(suffix: str, replacement: str) -> dict[str, str]:
    """``name<suffix>`` -> body for every macro that can fail, its ``error(...)`` calls (and
    those of the failing macros it calls) replaced by ``replacement``."""
    macros = {n: b for n, b in _all_macros().items() if n not in aggregate_macros()}
    failing = {n for n, b in macros.items() if "error(" in b}
    grown = True
    while grown:  # a macro that calls a failing macro can fail too
        more = {n for n, b in macros.items() if any(f"{f}(" in b for f in failing)}
        grown, failing = not more <= failing, failing | more
    variants = {}
    for name in failing:
        body = _replace_errors(macros[name], replacement)
        for other in sorted(failing, key=len, reverse=True):
            body = re.sub(rf"\b{other}\(", f"{other}{suffix}(", body)
        variants[f"{name}{suffix}"] = body
    return variants


@functools.cache
def try_variants() -> dict[str, str]:
    """``name_try`` -> body for every macro that can fail: the same macro answering NULL
    instead, for the cast of a ``try_cast`` (nothing around it may see the failure)."""
    return _variants("_try", "NULL")


@functools.cache
def in_try_variants() -> dict[str, str]:
    """``name_in_try`` -> body for every macro that can fail: the same macro failing without
    ``error()``, for use inside DuckDB's ``TRY`` (see :data:`FAIL_IN_TRY`)."""
    return _variants("_in_try", FAIL_IN_TRY)


# Trino's division of integers truncates toward zero; ``integer_division`` makes DuckDB's
# ``/`` do the same for integer operands while decimals and doubles divide exactly.
# Trino's coalesce evaluates an argument only when those before it are NULL; DuckDB's
# common-subexpression optimizer computes a repeated expression for every row first, so
# ``coalesce(0, x + y)`` with ``x + y`` written twice failed where Trino answers 0.
# https://trino.io/docs/current/functions/conditional.html#coalesce
# Parquet writers leave NaN out of a double column's min / max (the Parquet spec: "NaNs must
# not be written to min_values or max_values"); DuckDB reads such bounds as holding every value,
# so it folded isnan() to false and answered max() from the bounds (duckdb/duckdb#25521).
# https://github.com/apache/parquet-format/blob/master/src/main/thrift/parquet.thrift
SETTINGS = ("SET integer_division = true", "SET TimeZone = 'UTC'",
            "SET disabled_optimizers = 'common_subexpressions'",
            "SET parquet_can_have_nan = true")

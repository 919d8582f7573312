"""Property: more spellings that mean the same in Trino give the same local answer, or a refusal.

The constructs Athena users write beyond ``test_equivalent_spellings.py``'s operators: string
functions (``strpos`` with an instance, ``split_part``, ``lpad`` / ``rpad``, ``substr`` from the
end, ``replace``), regular expressions against ``LIKE`` and plain string functions for patterns
without metacharacters, JSON (``json_extract_scalar`` against ``json_extract`` and a cast, bracket
paths, ``json_array_length``), timestamps with time zones (``AT TIME ZONE``, ``at_timezone``,
``with_timezone`` and a cast of text), the choices (``CASE``, ``IF``, ``coalesce``, nested), and
lambdas against ``UNNEST`` with an aggregate. ``test_equivalent_queries.py`` holds the
whole-query pairs (``FILTER``, ``ROLLUP`` / ``CUBE`` / ``GROUPING SETS``, window frames,
``lag`` / ``lead``). Outcomes agree as in ``test_equivalent_spellings.py``.

Examples per run: as in ``spellings_grammar.py`` (``ATHENAKIT_PROPERTY_EXAMPLES``).
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from spellings_grammar import (
    DERANDOMIZE,
    EXAMPLES,
    bools,
    compound,
    decimals,
    doubles,
    equal,
    excused,
    ints,
    same_kind,
    strings,
    texts,
)
from spellings_grammar import expression_outcome as outcome

from athenakit.local.engine import LocalEngine


def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


# plain text without regular-expression or LIKE metacharacters: a pattern of it means itself
_PLAIN = "abcXYZ é,-'ßİ𝔸"
plain = st.text(_PLAIN, min_size=1, max_size=3)
nonempty = st.one_of(st.text(_PLAIN, min_size=1, max_size=3).map(_quote),
                     st.just("CAST(NULL AS VARCHAR)"))


def string_pairs() -> st.SearchStrategy[tuple[str, str]]:
    """https://trino.io/docs/current/functions/string.html (StringFunctions.java)."""
    count = st.integers(0, 8)
    return st.one_of(
        st.tuples(texts, nonempty).map(lambda v: (f"strpos({v[0]}, {v[1]}, 1)",
                                                  f"strpos({v[0]}, {v[1]})")),
        # the last instance: the first of the reversed needle in the reversed text
        st.tuples(texts, nonempty).map(lambda v: (
            f"strpos({v[0]}, {v[1]}, -1)",
            (f"IF(strpos(reverse({v[0]}), reverse({v[1]})) = 0, 0, length({v[0]}) - "
             f"strpos(reverse({v[0]}), reverse({v[1]})) - length({v[1]}) + 2)"))),
        st.tuples(texts, nonempty, st.integers(1, 4)).map(lambda v: (
            f"split_part({v[0]}, {v[1]}, {v[2]})", f"element_at(split({v[0]}, {v[1]}), {v[2]})")),
        st.tuples(texts, nonempty).map(lambda v: (
            f"cardinality(split({v[0]}, {v[1]}))",
            (f"(length({v[0]}) - length(replace({v[0]}, {v[1]}))) / length({v[1]}) + 1"))),
        st.tuples(texts, count, nonempty).map(lambda v: (
            f"lpad({v[0]}, {v[1]}, {v[2]})",
            (f"CASE WHEN {v[2]} IS NULL THEN NULL WHEN length({v[0]}) >= {v[1]} "
             f"THEN substr({v[0]}, 1, {v[1]}) "
             f"ELSE rpad('', {v[1]} - length({v[0]}), {v[2]}) || {v[0]} END"))),
        st.tuples(texts, count).map(lambda v: (f"rpad({v[0]}, {v[1]}, ' ')",
                                               f"substr({v[0]} || rpad('', {v[1]}, ' '), 1, {v[1]})")),
        st.tuples(texts, st.integers(1, 8)).map(lambda v: (
            f"substr({v[0]}, -{v[1]})",
            f"IF({v[1]} > length({v[0]}), '', substr({v[0]}, length({v[0]}) - {v[1]} + 1))")),
        same_kind(texts, 3).map(lambda v: (f"concat({v[0]}, {v[1]}, {v[2]})",
                                           f"{v[0]} || {v[1]} || {v[2]}")),
        st.tuples(texts, nonempty, strings).map(lambda v: (
            f"replace({v[0]}, {v[1]}, {v[2]})", f"array_join(split({v[0]}, {v[1]}), {v[2]})")),
        texts.map(lambda s: (f"length({s})", f"cardinality(regexp_extract_all({s}, '(?s).'))")),
        same_kind(texts, 2).map(lambda v: (f"{v[0]} < {v[1]}",
                                           f"to_utf8({v[0]}) < to_utf8({v[1]})")),
    )


def regexp_pairs() -> st.SearchStrategy[tuple[str, str]]:
    """Patterns without metacharacters mean their text: regexp_like against LIKE and strpos,
    https://trino.io/docs/current/functions/regexp.html."""
    pattern = plain.map(_quote)
    return st.one_of(
        st.tuples(texts, pattern).map(lambda v: (f"regexp_like({v[0]}, {v[1]})",
                                                 f"{v[0]} LIKE '%' || {v[1]} || '%'")),
        st.tuples(texts, plain).map(lambda v: (f"regexp_like({v[0]}, {_quote('^' + v[1])})",
                                               f"starts_with({v[0]}, {_quote(v[1])})")),
        st.tuples(texts, plain).map(lambda v: (f"regexp_like({v[0]}, {_quote('^' + v[1] + '$')})",
                                               f"{v[0]} = {_quote(v[1])}")),
        st.tuples(texts, plain).map(lambda v: (
            f"regexp_like({v[0]}, {_quote(v[1][:1] + '.' + v[1][1:])})",
            f"{v[0]} LIKE {_quote('%' + v[1][:1] + '_' + v[1][1:] + '%')}")),
        st.tuples(texts, pattern, strings.filter(lambda r: "$" not in r and "\\" not in r)).map(
            lambda v: (f"regexp_replace({v[0]}, {v[1]}, {v[2]})",
                       f"replace({v[0]}, {v[1]}, {v[2]})")),
        st.tuples(texts, pattern).map(lambda v: (
            f"regexp_extract({v[0]}, {v[1]})", f"IF(strpos({v[0]}, {v[1]}) > 0, {v[1]})")),
        st.tuples(texts, pattern).map(lambda v: (
            f"regexp_count({v[0]}, {v[1]})", f"cardinality(regexp_extract_all({v[0]}, {v[1]}))")),
        st.tuples(texts, pattern).map(lambda v: (f"regexp_split({v[0]}, {v[1]})",
                                                 f"split({v[0]}, {v[1]})")),
        st.tuples(texts, pattern).map(lambda v: (
            f"regexp_position({v[0]}, {v[1]})",
            f"IF(strpos({v[0]}, {v[1]}) = 0, -1, strpos({v[0]}, {v[1]}))")),
    )


# JSON documents: objects of a few keys whose values are scalars, arrays or objects
_KEYS = st.sampled_from(["a", "b", "c d", "é"])
_SCALARS = st.one_of(st.none(), st.booleans(), st.integers(-10**6, 10**6),
                     st.text("abc é\"\\/\n𝔸", max_size=4))
_VALUES = st.recursive(_SCALARS, lambda inner: st.one_of(
    st.lists(inner, max_size=3), st.dictionaries(_KEYS, inner, max_size=3)), max_leaves=5)
documents = st.dictionaries(_KEYS, _VALUES, min_size=1, max_size=4)


def _path(key: str) -> str:
    return f"$.{key}" if key.isalpha() and key.isascii() else f'$["{key}"]'


def _bracket(key: str) -> str:
    return f'$["{key}"]'


def json_pairs() -> st.SearchStrategy[tuple[str, str]]:
    """https://trino.io/docs/current/functions/json.html: json_extract_scalar of a scalar is
    the text of its value (JSON null: NULL), as the cast of json_extract's value to varchar;
    of an array or object it is NULL."""
    def scalar_pair(doc: dict[str, Any], key: str) -> tuple[str, str]:
        text, path = _quote(json.dumps(doc)), _quote(_path(key))
        value = doc.get(key)
        if isinstance(value, (list, dict)):
            return (f"json_extract_scalar({text}, {path})", "CAST(NULL AS VARCHAR)")
        return (f"json_extract_scalar({text}, {path})",
                f"CAST(json_extract({text}, {path}) AS VARCHAR)")

    doc_key = documents.flatmap(lambda d: st.tuples(st.just(d), st.sampled_from(sorted(d))))
    arrays = st.lists(_SCALARS, max_size=4)
    return st.one_of(
        doc_key.map(lambda v: scalar_pair(*v)),
        doc_key.map(lambda v: (f"json_extract({_quote(json.dumps(v[0]))}, {_quote(_path(v[1]))})",
                               (f"json_extract(json_parse({_quote(json.dumps(v[0]))}), "
                                f"{_quote(_bracket(v[1]))})"))),
        arrays.map(lambda a: (f"json_array_length({_quote(json.dumps(a))})",
                              f"BIGINT '{len(a)}'")),
        arrays.map(lambda a: (f"cardinality(CAST(json_parse({_quote(json.dumps(a))}) AS ARRAY(JSON)))",
                              f"BIGINT '{len(a)}'")),
        st.tuples(arrays, st.integers(0, 4)).map(lambda v: (
            f"json_extract_scalar({_quote(json.dumps(v[0]))}, '$[{v[1]}]')",
            f"CAST(json_array_get({_quote(json.dumps(v[0]))}, {v[1]}) AS VARCHAR)")),
        documents.map(lambda d: (f"json_format(json_parse({_quote(json.dumps(d))}))",
                                 f"{_quote(json.dumps(d, sort_keys=True, separators=(',', ':'), ensure_ascii=False))}")),
    )


_ZONES = st.sampled_from(["UTC", "America/New_York", "Europe/Berlin", "Asia/Kolkata",
                          "Australia/Lord_Howe", "+05:45", "-03:00"])
# wall clocks away from DST changes: on a repeated wall clock Trino's with_timezone (Joda) and
# its literal (java.time) part east of Greenwich, so with_timezone is compared on these only
_CLOCKS = st.datetimes(dt.datetime(1971, 1, 1), dt.datetime(2037, 12, 31)).filter(
    lambda t: t.month not in (3, 4, 10, 11))
_STAMPS = _CLOCKS.map(lambda t: t.isoformat(sep=" ", timespec="milliseconds"))
# and the hours around DST changes (New York, Berlin, Lord Howe in 2020), for the pairs that
# keep the instant
_CHANGES = st.tuples(st.sampled_from([dt.datetime(2020, 3, 8), dt.datetime(2020, 11, 1),
                                      dt.datetime(2020, 3, 29), dt.datetime(2020, 10, 25),
                                      dt.datetime(2020, 4, 5), dt.datetime(2020, 10, 4)]),
                     st.integers(0, 4 * 60 - 1)).map(
    lambda v: (v[0] + dt.timedelta(minutes=v[1])).isoformat(sep=" ", timespec="milliseconds"))
_ANY_STAMPS = st.one_of(_STAMPS, _CHANGES)


def zone_pairs() -> st.SearchStrategy[tuple[str, str]]:
    """https://trino.io/docs/current/functions/datetime.html#time-zone-conversion."""
    zoned = st.tuples(_ANY_STAMPS, _ZONES).map(lambda v: f"TIMESTAMP '{v[0]} {v[1]}'")
    return st.one_of(
        st.tuples(zoned, _ZONES).map(lambda v: (f"{v[0]} AT TIME ZONE '{v[1]}'",
                                                f"at_timezone({v[0]}, '{v[1]}')")),
        st.tuples(zoned, _ZONES).map(lambda v: (
            f"to_unixtime({v[0]} AT TIME ZONE '{v[1]}')", f"to_unixtime({v[0]})")),
        st.tuples(_STAMPS, _ZONES).map(lambda v: (
            f"with_timezone(TIMESTAMP '{v[0]}', '{v[1]}')", f"TIMESTAMP '{v[0]} {v[1]}'")),
        st.tuples(_STAMPS, _ZONES).map(lambda v: (
            f"to_unixtime(with_timezone(TIMESTAMP '{v[0]}', '{v[1]}'))",
            f"to_unixtime(CAST('{v[0]} {v[1]}' AS TIMESTAMP WITH TIME ZONE))")),
        st.tuples(zoned, _ZONES).map(lambda v: (
            f"CAST({v[0]} AT TIME ZONE '{v[1]}' AS TIMESTAMP)",
            (f"CAST(format_datetime({v[0]} AT TIME ZONE '{v[1]}', 'yyyy-MM-dd HH:mm:ss.SSS') "
             f"AS TIMESTAMP)"))),
        st.tuples(zoned, _ZONES).map(lambda v: (
            f"hour({v[0]} AT TIME ZONE '{v[1]}')",
            f"hour(CAST({v[0]} AT TIME ZONE '{v[1]}' AS TIMESTAMP))")),
        zoned.map(lambda z: (f"CAST({z} AS DATE)", f"date(CAST({z} AS TIMESTAMP))")),
        zoned.map(lambda z: (f"date_trunc('day', {z}) <= {z}", "true")),
        st.tuples(zoned, st.integers(-500, 500)).map(lambda v: (
            f"date_diff('millisecond', {v[0]}, date_add('hour', {v[1]}, {v[0]}))",
            f"{v[1]} * BIGINT '3600000'")),
        st.tuples(zoned, zoned).map(lambda v: (
            f"{v[0]} < {v[1]}", f"to_unixtime({v[0]}) < to_unixtime({v[1]})")),
    )


def choice_pairs() -> st.SearchStrategy[tuple[str, str]]:
    """https://trino.io/docs/current/functions/conditional.html."""
    kinds = [compound(ints), compound(doubles), decimals, texts]
    return st.one_of(*[st.one_of(
        same_kind(kind, 3).map(lambda v: (
            f"coalesce({v[0]}, {v[1]}, {v[2]})",
            (f"CASE WHEN {v[0]} IS NOT NULL THEN {v[0]} WHEN {v[1]} IS NOT NULL THEN {v[1]} "
             f"ELSE {v[2]} END"))),
        st.tuples(bools, bools, same_kind(kind, 3)).map(lambda v: (
            f"IF({v[0]}, {v[2][0]}, IF({v[1]}, {v[2][1]}, {v[2][2]}))",
            (f"CASE WHEN {v[0]} THEN {v[2][0]} WHEN {v[1]} THEN {v[2][1]} "
             f"ELSE {v[2][2]} END"))),
        st.tuples(bools, same_kind(kind, 2)).map(lambda v: (
            f"IF({v[0]}, {v[1][0]}, {v[1][1]})", f"IF(NOT coalesce({v[0]}, false), {v[1][1]}, {v[1][0]})")),
        st.tuples(bools, kind).map(lambda v: (f"IF({v[0]}, {v[1]})",
                                              f"CASE WHEN {v[0]} THEN {v[1]} ELSE NULL END")),
        same_kind(kind, 3).map(lambda v: (
            f"CASE {v[0]} WHEN {v[1]} THEN 'x' WHEN {v[2]} THEN 'y' ELSE 'z' END",
            (f"CASE WHEN {v[0]} = {v[1]} THEN 'x' WHEN {v[0]} = {v[2]} THEN 'y' ELSE 'z' END"))),
    ) for kind in kinds])


def lambda_pairs() -> st.SearchStrategy[tuple[str, str]]:
    """Lambdas against UNNEST and an aggregate,
    https://trino.io/docs/current/functions/lambda.html and
    https://trino.io/docs/current/functions/array.html."""
    arrays = st.lists(st.one_of(st.integers(-1000, 1000).map(str), st.just("NULL")),
                      min_size=1, max_size=5).map(lambda xs: f"ARRAY[{', '.join(xs)}]")
    return st.one_of(
        arrays.map(lambda a: (
            f"reduce({a}, BIGINT '0', (s, x) -> s + coalesce(x, 0), s -> s)",
            f"(SELECT coalesce(sum(x), 0) FROM UNNEST({a}) AS u(x))")),
        arrays.map(lambda a: (f"cardinality(filter({a}, x -> x > 0))",
                              f"(SELECT count_if(x > 0) FROM UNNEST({a}) AS u(x))")),
        arrays.map(lambda a: (
            f"transform({a}, x -> x * 2)",
            f"(SELECT array_agg(x * 2 ORDER BY o) FROM UNNEST({a}) WITH ORDINALITY AS u(x, o))")),
        arrays.map(lambda a: (f"array_max(filter({a}, x -> x IS NOT NULL))",
                              f"(SELECT max(x) FROM UNNEST({a}) AS u(x))")),
        # any_match is NULL where no element matches and one is NULL (bool_or skips NULLs)
        arrays.map(lambda a: (f"any_match({a}, x -> x > 100)",
                              (f"(SELECT CASE WHEN bool_or(x > 100) THEN true WHEN "
                               f"count_if(x IS NULL) > 0 THEN NULL ELSE false END "
                               f"FROM UNNEST({a}) AS u(x))"))),
        st.tuples(arrays, arrays).map(lambda v: (
            f"zip_with({v[0]}, {v[1]}, (x, y) -> coalesce(x, 0) + coalesce(y, 0))",
            (f"transform(sequence(1, greatest(cardinality({v[0]}), cardinality({v[1]}))), "
             f"i -> coalesce(element_at({v[0]}, i), 0) + coalesce(element_at({v[1]}, i), 0))"))),
    )


def _pairs() -> st.SearchStrategy[tuple[str, str]]:
    return st.one_of(string_pairs(), regexp_pairs(), json_pairs(), zone_pairs(),
                     choice_pairs(), lambda_pairs())


@settings(max_examples=EXAMPLES, deadline=None, derandomize=DERANDOMIZE,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(_pairs())
def test_equivalent_constructs_agree_or_are_refused(engine: LocalEngine,
                                                    pair: tuple[str, str]) -> None:
    first, second = outcome(engine, pair[0]), outcome(engine, pair[1])
    if excused(first, second):
        return
    assert first[0] == second[0], f"{pair}: {first} vs {second}"
    if first[0] == "value":
        assert equal(first[1], second[1]), f"{pair}: {first[1]!r} vs {second[1]!r}"

"""Trino's function signatures, by argument position: which types each argument takes.

Trino resolves a call to one of a function's signatures and coerces an argument only along its
type-coercion rules (an integer to a ``bigint``, a ``decimal`` or a ``double``; a ``date`` to a
``timestamp``); there is no coercion from ``varchar`` to a number or back, nor from a
``double`` to an integer. Where no signature takes the arguments the query fails with
``FUNCTION_NOT_FOUND: Unexpected parameters (varchar(3), integer) for function starts_with``.
DuckDB casts instead: ``starts_with('abc', 1)`` is false, ``date_add('day', '1', d)`` adds a
day, ``substr('abc', 1.5e0)`` rounds the start.

A signature is a string with one code per argument position:

=====  ===============================================================================
``i``  an integer type (``tinyint`` ... ``bigint``)
``I``  an ``integer`` or narrower (``round(x, d)``: a ``bigint`` does not coerce to it)
``n``  a number (an integer, ``decimal``, ``real`` or ``double``)
``v``  a number or an interval (``sum``, ``avg``)
``d``  an ``interval day to second`` (``to_milliseconds``)
``Y``  ``Z`` or an ``interval year to month`` (``year``, ``month``)
``W``  ``Z`` or an ``interval day to second`` (``day``)
``C``  ``c`` or an ``interval day to second`` (``hour``)
``s``  text (``varchar``, ``char``; Trino's regular expressions and JSON paths are text)
``b``  ``varbinary``
``B``  ``boolean``
``D``  ``date``
``T``  ``date`` or ``timestamp`` (a date coerces to a timestamp)
``Z``  ``date``, ``timestamp`` or ``timestamp with time zone``
``t``  any date-time type (``date``, ``time``, ``timestamp``, with or without zone)
``c``  a type with a clock (``time``, ``timestamp``, with or without zone; not ``date``)
``j``  ``json`` or text
``J``  ``json`` (``json_format``: text does not coerce to it)
``a``  an array, ``m`` a map
``S``  an array of text (``concat_ws(varchar, array(varchar))``)
``e``  an element of the array before it, ``k`` a key of the map before it
``f``  a lambda (``x -> x + 1``; Trino has no other value of a function type)
``*``  anything (an interval, any value)
=====  ===============================================================================

A trailing ``+`` repeats the code before it (``concat_ws(varchar, varchar...)``). A call with
an argument count no signature has fails too (``log(8)``: DuckDB's one-argument ``log`` is
``log10``). The table lists the functions of Athena
engine 3 whose signatures take fixed types; polymorphic ones (``coalesce``, ``greatest``,
``concat``) are checked by :mod:`typecheck` and :mod:`common_types`.

https://trino.io/docs/current/functions/list.html
https://trino.io/docs/current/language/types.html
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from sqlglot import ErrorLevel, exp
from sqlglot.dialects.trino import Trino

from athenakit.sql.splitter import split_top_level

Known = Callable[[exp.Expr], "tuple[str, str] | None"]

_NUMBER = ("n",)
_TEXT = ("s",)
_BINARY = ("b",)
_MOMENT = ("Z",)


def _each(names: str, signatures: tuple[str, ...]) -> dict[str, tuple[str, ...]]:
    return dict.fromkeys(names.split(), signatures)


SIGNATURES: dict[str, tuple[str, ...]] = {
    # https://trino.io/docs/current/functions/string.html
    "chr": ("i",), "codepoint": _TEXT, "concat_ws": ("ss+", "sS"),
    "hamming_distance": ("ss",), "levenshtein_distance": ("ss",), "length": ("s", "b"),
    **_each("lower upper soundex luhn_check to_utf8", _TEXT),
    **_each("lpad rpad", ("sis", "bib")), **_each("ltrim rtrim trim", ("s", "ss")),
    "replace": ("ss", "sss"), "reverse": ("s", "b", "a"), "split": ("ss", "ssi"),
    "split_part": ("ssi",), "split_to_map": ("sss",), "split_to_multimap": ("sss",),
    "strpos": ("ss", "ssi"), "starts_with": ("ss",), "translate": ("sss",),
    **_each("substr substring", ("si", "sii", "bi", "bii")), "word_stem": ("s", "ss"),
    "from_utf8": ("b", "bs", "bi"), "format": ("s*+",),
    # https://trino.io/docs/current/functions/regexp.html
    **_each("regexp_count regexp_like regexp_split", ("ss",)),
    **_each("regexp_extract regexp_extract_all", ("ss", "ssi")),
    "regexp_position": ("ss", "ssi", "ssii"), "regexp_replace": ("ss", "sss", "ssf"),
    # https://trino.io/docs/current/functions/math.html
    **_each("abs cbrt ceil ceiling degrees exp floor ln log2 log10 radians sign sqrt acos asin "
            "atan cos cosh sin sinh tan tanh is_finite is_infinite is_nan", _NUMBER),
    **_each("round truncate", ("n", "nI")), **_each("log mod pow power atan2", ("nn",)),
    "width_bucket": ("nnni", "na"), "to_base": ("ii",), "from_base": ("si",),
    **_each("beta_cdf inverse_beta_cdf normal_cdf inverse_normal_cdf", ("nnn",)),
    "cosine_similarity": ("mm",),
    # https://trino.io/docs/current/functions/bitwise.html
    **_each("bit_count bitwise_and bitwise_or bitwise_xor bitwise_left_shift "
            "bitwise_right_shift bitwise_right_shift_arithmetic", ("ii",)),
    "bitwise_not": ("i",),
    # https://trino.io/docs/current/functions/binary.html
    **_each("md5 sha1 sha256 sha512 xxhash64 crc32 murmur3 spooky_hash_v2_32 "
            "spooky_hash_v2_64 to_base64 to_base64url to_hex from_big_endian_32 "
            "from_big_endian_64 from_ieee754_32 from_ieee754_64", _BINARY),
    **_each("hmac_md5 hmac_sha1 hmac_sha256 hmac_sha512", ("bb",)),
    **_each("from_base64 from_base64url from_hex", ("s", "b")),
    "to_milliseconds": ("d",), "to_big_endian_32": ("I",), "to_big_endian_64": ("i",),
    **_each("to_ieee754_32 to_ieee754_64", _NUMBER),
    # https://trino.io/docs/current/functions/datetime.html
    "date_add": ("sit",), "date_diff": ("stt",), "date_trunc": ("st",),
    **_each("date_format format_datetime", ("Zs",)), **_each("date_parse parse_datetime",
                                                             ("ss",)),
    "from_unixtime": ("n", "ns", "nii"), "from_unixtime_nanos": _NUMBER,
    **_each("from_iso8601_date from_iso8601_timestamp from_iso8601_timestamp_nanos "
            "parse_duration", _TEXT),
    **_each("to_iso8601 to_unixtime last_day_of_month timezone_hour timezone_minute "
            "quarter week week_of_year day_of_week dow day_of_year doy year_of_week yow",
            _MOMENT),
    # (the parts of an interval: athenakit.local.interval_fields; one code per position, so
    # that a value typed only while running is checked once)
    **_each("year month", ("Y",)), **_each("day day_of_month", ("W",)),
    **_each("hour minute second millisecond", ("C",)),
    "at_timezone": ("Zs",), "with_timezone": ("Ts",), "human_readable_seconds": _NUMBER, "format_number": _NUMBER,
    # https://trino.io/docs/current/functions/json.html
    **_each("json_extract json_extract_scalar json_size", ("js",)),
    "json_array_contains": ("j*",), "json_array_get": ("ji",),
    **_each("json_array_length is_json_scalar", ("j",)), "json_parse": _TEXT,
    "json_format": ("J",),
    # https://trino.io/docs/current/functions/url.html
    **_each("url_extract_fragment url_extract_host url_extract_path url_extract_port "
            "url_extract_protocol url_extract_query url_encode url_decode", _TEXT),
    "url_extract_parameter": ("ss",),
    # https://trino.io/docs/current/functions/array.html
    **_each("array_distinct array_max array_min flatten shuffle", ("a",)),
    "array_sort": ("a", "af"),
    **_each("array_intersect array_union array_except arrays_overlap contains_sequence",
            ("aa",)),
    "array_join": ("as", "ass"), **_each("array_position array_remove contains", ("ae",)),
    "cardinality": ("a", "m"), "element_at": ("ai", "mk"),
    "slice": ("aii",), **_each("trim_array ngrams combinations", ("ai",)),
    "repeat": ("*i",), "sequence": ("ii", "iii", "DD", "ZZ*"),
    **_each("filter transform all_match any_match none_match", ("af",)),
    "zip_with": ("aaf",), "zip": ("aa+",), "reduce": ("a*ff",),
    # https://trino.io/docs/current/functions/aggregate.html (AGGREGATES)
    **_each("sum avg", ("v",)), **_each("count_if bool_and bool_or every", ("B",)),
    **_each("bitwise_and_agg bitwise_or_agg", ("i",)),
    # https://trino.io/docs/current/functions/map.html
    "map": ("", "aa"), **_each("map_keys map_values map_entries", ("m",)),
    **_each("map_from_entries multimap_from_entries", ("a",)),
    **_each("map_filter transform_keys transform_values", ("mf",)),
    "map_zip_with": ("mmf",), "map_concat": ("m+",),
    # functions whose extra arguments sqlglot or DuckDB drop (e(1) was e, corr(x, y, z) corr)
    # https://trino.io/docs/current/functions/math.html
    **_each("e pi nan infinity", ("",)), **_each("rand random", ("", "i", "ii")),
    # https://trino.io/docs/current/functions/uuid.html
    "uuid": ("",),
    # https://trino.io/docs/current/functions/aggregate.html
    "geometric_mean": ("n",), "array_agg": ("*",), "multimap_agg": ("**",),
    "approx_percentile": ("n*", "nn*", "nn*n"), "approx_most_frequent": ("i*i",),
    **_each("min_by max_by", ("**", "**i")), "reduce_agg": ("**ff",),
    # functions of any argument type, their count checked (typeof() reached the rewrites)
    "typeof": ("*",), **_each("greatest least", ("*+",)), "date": ("*",), "timezone": ("*",),
    **_each("corr covar_pop covar_samp regr_slope regr_intercept", ("nn",)),
}

# the aggregate functions of the table (a check of their arguments goes inside the call)
AGGREGATES = frozenset({"sum", "avg", "count_if", "bool_and", "bool_or", "every",
                        "approx_percentile", "approx_most_frequent",
                        "bitwise_and_agg", "bitwise_or_agg", "geometric_mean", "array_agg",
                        "multimap_agg", "corr", "covar_pop", "covar_samp", "regr_slope",
                        "regr_intercept", "min_by", "max_by", "reduce_agg"})
_INTEGERS = ("tinyint", "smallint", "integer", "bigint")


def _fits(code: str, known: tuple[str, str]) -> bool:
    """``known`` (a family and Trino's spelling of a type) goes to an argument ``code``."""
    family, spelled = known
    zone = "zone" in spelled
    checks: dict[str, bool] = {
        "i": spelled in _INTEGERS, "I": spelled in _INTEGERS[:3],
        "n": family == "number", "v": family in ("number", "interval"),
        "d": spelled == "interval day to second",
        "s": family == "string",
        "b": family == "binary", "B": family == "boolean", "D": spelled == "date",
        "T": spelled == "date" or spelled.startswith("timestamp") and not zone,
        "Z": spelled == "date" or spelled.startswith("timestamp"), "t": family == "datetime",
        "c": family == "datetime" and spelled != "date",
        "j": family == "string", "J": False, "a": family == "array", "m": family == "map",
        "Y": spelled == "date" or spelled.startswith("timestamp")
        or spelled == "interval year to month",
        "W": spelled == "date" or spelled.startswith("timestamp")
        or spelled == "interval day to second",
        "C": family == "datetime" and spelled != "date" or spelled == "interval day to second",
        "S": family == "array" and spelled.startswith(("array(varchar", "array(char",
                                                      "array(unknown", "array(null"))}
    return checks.get(code, True)


def expand(signature: str, count: int) -> str | None:
    """``signature`` for ``count`` arguments (a trailing ``+`` repeats its code), or None."""
    if signature.endswith("+"):
        fixed = signature[:-1]
        return fixed + fixed[-1] * (count - len(fixed)) if count >= len(fixed) else None
    return signature if len(signature) == count else None


# --- reading a call: Trino's function name and its arguments in Trino's order -------------

# calls sqlglot reads as operators (bitwise_and(x, y) is x & y)
_OPERATOR_CALLS = (exp.BitwiseAnd, exp.BitwiseOr, exp.BitwiseXor, exp.BitwiseNot, exp.BitwiseLeftShift,
                   exp.BitwiseRightShift)
_LOST = " -- ak: an argument was not written"
_HOLDER = re.compile(r"^(?:CAST\()?ak_p(\d+)(?: AS [^()]*(?:\([^()]*\))?\))?$")
_CALL = re.compile(r"^([A-Z_0-9]+)\((.*)\)$", re.DOTALL)


def _held(value: object, literals: bool) -> bool:
    """Whether an argument is replaced by a placeholder (names and, where ``literals``,
    literals and TRUE / FALSE are kept)."""
    return isinstance(value, exp.Expr) and not isinstance(value, exp.Var) \
        and not (literals and isinstance(value, exp.Literal | exp.Boolean))


def arguments(node: exp.Expr) -> list[exp.Expr]:
    """``node``'s arguments in the order :func:`_holders` numbers them."""
    return [v for value in node.args.values()
            for v in (value if isinstance(value, list) else [value]) if _held(v, False)]


def _holders(node: exp.Expr, literals: bool) -> str:
    """Trino's SQL of ``node`` with its arguments (but literals where ``literals``) replaced by
    ``ak_p0``, ``ak_p1``, ... (in :func:`arguments`' order)."""
    shell = node.__class__(**{k: v for k, v in node.args.items()
                              if not isinstance(v, exp.Expr | list)})
    count = 0

    def holder(value: object) -> object:
        nonlocal count
        if not _held(value, literals):
            return value.copy() if isinstance(value, exp.Expr) else value
        count += 1
        return exp.column(f"ak_p{count - 1}")

    for key, value in node.args.items():
        if isinstance(value, list):
            shell.set(key, [holder(v) for v in value])
        elif isinstance(value, exp.Expr):
            shell.set(key, holder(value))
    # an argument sqlglot cannot write for Trino (regexp_extract's fourth, cardinality's
    # second) is no argument of Trino's function: the text is marked, for call_of
    generator = Trino().generator(unsupported_level=ErrorLevel.IGNORE)
    text: str = generator.generate(shell)
    return text + _LOST if generator.unsupported_messages else text


def _part(value: object, literals: bool) -> object:
    if _held(value, literals):
        return "arg"
    if isinstance(value, exp.Expr):
        return value.sql(dialect="trino")  # a name (a unit) or a literal
    return repr(value)


# Trino's text of a call's shape (its class, which arguments are given, its names and
# literals): the same for every call of that shape, whatever its arguments are
_WRITTEN: dict[tuple[object, ...], str] = {}


def _written(node: exp.Expr, literals: bool) -> str:
    key = (type(node), literals, tuple(
        (k, tuple(_part(v, literals) for v in value) if isinstance(value, list)
         else _part(value, literals)) for k, value in node.args.items()))
    if key not in _WRITTEN:
        if len(_WRITTEN) > 10_000:
            _WRITTEN.clear()
        _WRITTEN[key] = _holders(node, literals)
    return _WRITTEN[key]


def call_of(node: exp.Expr) -> tuple[str, list[exp.Expr]] | None:
    """(Trino's lower-case name, the arguments in Trino's order) of a function call, an
    argument sqlglot keeps as a name (the unit ``'DAY'`` of ``date_add``) as a text literal;
    None for a node that is not a call of a function in :data:`SIGNATURES`."""
    if isinstance(node, exp.Anonymous):
        name = node.name.lower()
        return (name, list(node.expressions)) if name in SIGNATURES else None
    if not isinstance(node, (exp.Func, exp.Bracket, *_OPERATOR_CALLS)) \
            or isinstance(node, exp.Trim | exp.Cast):
        return _trim(node) if isinstance(node, exp.Trim) else None
    try:
        named, ordered = _written(node, literals=True), _written(node, literals=False)
    except Exception:  # noqa: BLE001 - a node sqlglot cannot write for Trino is not checked
        return None
    args = arguments(node)
    if isinstance(node, exp.Pad) and node.args.get("fill_pattern") is None:
        return ("lpad" if node.args.get("is_left") else "rpad"), args  # (sqlglot writes ' ')
    name_match = _CALL.match(named.removesuffix(_LOST))
    order_match = _CALL.match(ordered.removesuffix(_LOST))
    if name_match is None or order_match is None \
            or name_match.group(1).lower() not in SIGNATURES:
        return None
    placed: list[exp.Expr] = []
    for part in split_top_level(order_match.group(2)):
        found = _HOLDER.match(part)
        if found is None and not part.startswith("'"):
            return None
        placed.append(args[int(found.group(1))] if found else exp.Literal.string(part[1:-1]))
    if named.endswith(_LOST):  # the call as given, in the node's order: its count fails
        return name_match.group(1).lower(), args
    return name_match.group(1).lower(), placed


def _trim(node: exp.Trim) -> tuple[str, list[exp.Expr]]:
    position = str(node.args.get("position") or "").upper()
    name = {"LEADING": "ltrim", "TRAILING": "rtrim"}.get(position, "trim")
    chars = node.args.get("expression")
    return name, [node.this] if chars is None else [node.this, chars]


# --- the check --------------------------------------------------------------------------


def kind(node: exp.Expr, known: Known) -> tuple[str, str] | None:
    """(family, Trino spelling) of an argument whose type is certain, arrays and maps
    included; None where it is not."""
    if isinstance(node, exp.Array):
        return "array", _spelled(node)
    if isinstance(node, exp.Map | exp.VarMap):
        return "map", _spelled(node)
    if isinstance(node, exp.Cast) and not isinstance(node, exp.TryCast) \
            and isinstance(node.to, exp.DataType) \
            and node.to.this in (exp.DType.ARRAY, exp.DType.MAP):
        return ("array" if node.to.this == exp.DType.ARRAY else "map"), _spelled(node)
    inner = node
    while isinstance(inner, exp.Paren | exp.Neg):
        inner = inner.this
    if isinstance(inner, exp.Interval):  # INTERVAL '1' DAY: DuckDB's one interval type
        from athenakit.local import literal_types

        year_month = literal_types.kind(inner) == literal_types.YM
        return "interval", literal_types.YEAR_MONTH if year_month else literal_types.DAY_SECOND
    return known(node)


def _spelled(node: exp.Expr) -> str:
    dtype = node.type
    if dtype is None or dtype.is_type(exp.DType.UNKNOWN):
        return "unknown"
    return dtype.sql(dialect="trino").lower()


def _members(node: exp.Expr | None, key: bool) -> list[exp.Expr]:
    """The elements of an array constructor, or the keys of a map constructor (``key``)."""
    if key and isinstance(node, exp.Map) and isinstance(node.args.get("keys"), exp.Array):
        return list(node.args["keys"].expressions)
    if not key and isinstance(node, exp.Array):
        return list(node.expressions)
    return []


def _member_family(node: exp.Expr | None, key: bool, known: Known) -> str | None:
    families = {found[0] if found else None for found in
                (kind(m, known) for m in _members(node, key) if not isinstance(m, exp.Null))}
    return families.pop() if len(families) == 1 else None


def fitting(name: str, args: list[exp.Expr], known: Known) -> list[str]:
    """The signatures of ``name`` for ``len(args)`` arguments that the arguments whose types
    are certain go to (an argument of an uncertain type goes anywhere)."""
    found = []
    for signature in SIGNATURES[name]:
        codes = expand(signature, len(args))
        if codes is None:
            continue
        if all(_goes(code, arg, args, known) for code, arg in zip(codes, args, strict=True)):
            found.append(codes)
    return found


def _goes(code: str, arg: exp.Expr, args: list[exp.Expr], known: Known) -> bool:
    if code == "f" or isinstance(arg, exp.Lambda):
        return code == "f" and isinstance(arg, exp.Lambda)
    if code in "ek":  # the element / key type of the first argument
        member = _member_family(args[0], code == "k", known)
        this = kind(arg, known)
        return member is None or this is None or this[0] == member
    this = kind(arg, known)
    return this is None or _fits(code, this)


def calls(tree: exp.Expr) -> Iterator[tuple[exp.Expr, str, list[exp.Expr]]]:
    """Every call in ``tree`` of a function in :data:`SIGNATURES`, with Trino's name and the
    arguments in Trino's order."""
    for node in tree.find_all(exp.Func, exp.Bracket, *_OPERATOR_CALLS):
        found = call_of(node)
        if found is not None:
            yield node, found[0], found[1]


def mismatch(node: exp.Expr, name: str, args: list[exp.Expr],
             known: Known) -> str | None:
    """Trino's spelling of ``args`` where no signature of ``name`` takes them (none has their
    count: ``log(8)``, ``rpad('a', 2)``, which DuckDB answers; or none of that count takes
    their types), else None."""
    counted = [s for s in SIGNATURES[name] if expand(s, len(args)) is not None]
    if counted and fitting(name, args, known):
        return None
    return spelled(args, known)


def shown(node: exp.Expr, name: str) -> str:
    """The function's name as Trino's message gives it: as written, in lower case (``week``,
    which sqlglot reads as ``week_of_year``), else ``name``."""
    from athenakit.local.printing import written_name

    return (written_name(node) or name).lower()


def spelled(args: list[exp.Expr], known: Known) -> str:
    """Trino's spelling of the types of a call's arguments, as its FUNCTION_NOT_FOUND lists
    them (sqlglot's type where the type is not certain)."""
    types = []
    for arg in args:
        this = kind(arg, known)
        types.append(this[1] if this else _spelled(arg))
    return ", ".join(types)

"""Date/time format patterns: Trino's MySQL-style and Joda-style patterns to DuckDB strftime.

Trino's ``date_format`` / ``date_parse`` take MySQL specifiers (``%i`` is minutes, ``%s``
seconds); ``format_datetime`` / ``parse_datetime`` take Joda-Time patterns (``yyyy-MM-dd``).
DuckDB's ``strftime`` / ``strptime`` take C-style specifiers. A specifier with no DuckDB
equivalent raises :class:`UnsupportedLocally` instead of producing different text.

https://trino.io/docs/current/functions/datetime.html#mysql-date-functions
https://trino.io/docs/current/functions/datetime.html#java-date-functions
"""

from __future__ import annotations

from sqlglot import exp

from athenakit.local.errors import UnsupportedLocally

# https://trino.io/docs/current/functions/datetime.html#mysql-date-functions
_MYSQL = {
    "a": "%a", "b": "%b", "c": "%-m", "d": "%d", "e": "%-d", "f": "%f", "H": "%H", "h": "%I",
    "I": "%I", "i": "%M", "j": "%j", "k": "%-H", "l": "%-I", "M": "%B", "m": "%m", "p": "%p",
    "r": "%I:%M:%S %p", "S": "%S", "s": "%S", "T": "%H:%M:%S", "v": "%V", "W": "%A", "w": "%w",
    "x": "%G", "Y": "%Y", "y": "%y", "%": "%%",
}
# Specifiers Trino documents but does not implement, or that strftime cannot express.
# Trino fails on these (TestDateTimeFunctions.testDateFormat: "%D not supported in date format
# string")
_MYSQL_UNSUPPORTED = {"D", "U", "u", "V", "w", "X"}

# (letter, count) -> strftime, only where the output is Joda's for years 1000 to 9999 (Joda pads
# a number to the letter count: 'ddd' is '009', 'D' is '9', 'k' is 24 at midnight, 'ee' is
# '03'); None as the count: any count. Other counts are refused by name.
_JODA: dict[tuple[str, int | None], str] = {
    ("y", 1): "%Y", ("y", 2): "%y", ("y", 3): "%Y", ("y", 4): "%Y",
    ("Y", 1): "%Y", ("Y", 3): "%Y", ("Y", 4): "%Y",
    ("x", 1): "%G", ("x", 3): "%G", ("x", 4): "%G",
    ("M", 1): "%-m", ("M", 2): "%m", ("M", 3): "%b", ("M", None): "%B",
    ("d", 1): "%-d", ("d", 2): "%d", ("D", 3): "%j",
    ("H", 1): "%-H", ("H", 2): "%H", ("h", 1): "%-I", ("h", 2): "%I",
    ("m", 1): "%-M", ("m", 2): "%M", ("s", 1): "%-S", ("s", 2): "%S",
    ("S", 3): "%g", ("a", None): "%p",
    ("E", 1): "%a", ("E", 2): "%a", ("E", 3): "%a", ("E", None): "%A", ("e", 1): "%u",
    ("Z", None): "%z", ("z", None): "%Z", ("w", 2): "%V",
}


def mysql_to_strftime(pattern: str) -> str:
    """Convert a Trino ``date_format``/``date_parse`` pattern to a DuckDB strftime pattern.

    Args:
        pattern: MySQL-style pattern such as ``%Y-%m-%d %H:%i:%s``.

    Returns:
        The equivalent strftime pattern (``%Y-%m-%d %H:%M:%S``).

    Raises:
        AthenaFailure: INVALID_FUNCTION_ARGUMENT for ``%D``, ``%U``, ``%u``, ``%V``, ``%w``, ``%X``.

    Example:
        >>> mysql_to_strftime('%Y-%m-%d %H:%i:%s')
        '%Y-%m-%d %H:%M:%S'
    """
    out: list[str] = []
    i = 0
    while i < len(pattern):
        ch = pattern[i]
        if ch != "%" or i + 1 == len(pattern):
            out.append(ch)
            i += 1
            continue
        spec = pattern[i + 1]
        if spec in _MYSQL_UNSUPPORTED:
            from athenakit.local.failures import athena_error

            raise athena_error("INVALID_FUNCTION_ARGUMENT",
                               f"%{spec} not supported in date format string")
        # An unknown specifier is printed without the '%' by Trino (MySQL behaviour).
        out.append(_MYSQL.get(spec, spec))
        i += 2
    return "".join(out)


def date_parse_pattern(pattern: str) -> str:
    """Check a ``date_parse`` pattern as Trino does before reading any value.

    The values are read by :func:`athenakit.local.dateparse.date_parse` (Joda's rules, which
    DuckDB's ``strptime`` does not follow).

    Args:
        pattern: MySQL-style pattern.

    Returns:
        The pattern, unchanged.

    Raises:
        AthenaFailure: INVALID_FUNCTION_ARGUMENT for ``%D``, ``%U``, ``%u``, ``%V``, ``%w``,
            ``%X`` and for an empty pattern.
    """
    from athenakit.local.dateparse import compile_pattern

    compile_pattern(pattern)
    return pattern


def joda_to_strftime(pattern: str) -> str:
    """Convert a Joda-Time pattern (``format_datetime``/``parse_datetime``) to strftime.

    Args:
        pattern: Joda pattern such as ``yyyy-MM-dd'T'HH:mm``.

    Returns:
        The equivalent strftime pattern.

    Raises:
        UnsupportedLocally: for letters strftime does not print as Joda does (``C``, ``D``,
            ``k``, ...: :func:`format_datetime` computes them).
        AthenaFailure: INVALID_FUNCTION_ARGUMENT for a letter Joda does not know.

    Example:
        >>> joda_to_strftime("yyyy-MM-dd'T'HH:mm")
        '%Y-%m-%dT%H:%M'
    """
    out: list[str] = []
    for part in _joda_parts(pattern):
        if not isinstance(part, str):
            raise UnsupportedLocally(f"datetime pattern letter {part[0] * part[1]!r}")
        out.append(part)
    return "".join(out)


def _joda_parts(pattern: str) -> list[str | tuple[str, int]]:
    """``pattern`` as strftime text, and ``(letter, count)`` for each field strftime cannot
    print as Joda does (:data:`_NUMBERS`, the fraction ``S`` / ``SS``)."""
    from athenakit.local.jodaparse import LETTERS, tokens  # Joda's ('' in quotes is a quote)

    out: list[str | tuple[str, int]] = []
    for kind, letter, count in tokens(pattern):
        if kind == "literal":
            out.append(letter.replace("%", "%%"))
            continue
        text = letter * count
        if letter not in LETTERS:
            from athenakit.local.failures import athena_error

            raise athena_error("INVALID_FUNCTION_ARGUMENT", f"Illegal pattern component: {text}")
        spec = _JODA.get((text[0], len(text)))
        if spec is None and not (text[0] in "ME" and len(text) < 4):
            spec = _JODA.get((text[0], None))
        if spec is None and letter == "S" and count > 3:
            spec = "%g" + "0" * (count - 3)  # Joda pads a millisecond's fraction with zeros
        if spec is None and letter == "G":
            spec = "AD"  # (years before 1 do not reach here: literals refuse them)
        if spec is None and (letter in _NUMBERS or letter == "S"):
            out.append((letter, count))
            continue
        if spec is None:
            raise UnsupportedLocally(f"datetime pattern letter {text!r}")
        out.append(spec)
    return out


# Joda's fields strftime does not print as Joda does (the ``ak_joda_field`` macro of
# athenakit.local.compat): numbers padded with zeros to the letter count
# (DateTimeFormat.parsePatternTo: appendDayOfYear(n), appendClockhourOfDay(n), ...), and the
# fraction S / SS
_NUMBERS = frozenset("DkKhHmsdMewCyYx")


def _computed(value: exp.Expression, letter: str, count: int) -> exp.Expression:
    """The text of one Joda field strftime does not print."""
    return exp.Anonymous(this="AK_JODA_FIELD", expressions=[
        value.copy(), exp.Literal.string(letter), exp.Literal.number(count)])


# y, yyy (and Y, x) print a year unpadded or padded to 3 in Joda, strftime's %Y pads it to 4:
# the same text from the year 1000 on (years before are refused while running)
_SHORT_YEARS = {("y", 1), ("y", 3), ("Y", 1), ("Y", 3), ("x", 1), ("x", 3)}


def format_datetime(value: exp.Expression, pattern: str) -> exp.Expression:
    """Trino's ``format_datetime(value, pattern)`` as DuckDB's ``strftime``.

    Args:
        value: the timestamp (its wall clock, for a zoned value).
        pattern: the Joda pattern.

    Returns:
        The ``strftime`` call, refusing while running a year before 1001 where the pattern
        prints a year with ``y`` or ``yyy``.

    Raises:
        UnsupportedLocally: as :func:`joda_to_strftime`.
    """
    from athenakit.local.jodaparse import tokens

    pieces: list[exp.Expression] = []
    for part in _joda_parts(pattern):
        if isinstance(part, str) and pieces and isinstance(pieces[-1], exp.Literal):
            pieces[-1] = exp.Literal.string(pieces[-1].name + part)
        else:
            pieces.append(exp.Literal.string(part) if isinstance(part, str) else _computed(
                value, *part))
    texts = [exp.Anonymous(this="STRFTIME", expressions=[value.copy(), p])
             if isinstance(p, exp.Literal) else p for p in pieces] or [exp.Anonymous(
                 this="STRFTIME", expressions=[value.copy(), exp.Literal.string("")])]
    spelled = texts[0]
    for text in texts[1:]:
        spelled = exp.DPipe(this=spelled, expression=text)
        spelled.meta["ak_done"] = True  # (text || text)
    if not any(kind == "field" and (letter, count) in _SHORT_YEARS
               for kind, letter, count in tokens(pattern)):
        return spelled
    refuse = exp.Anonymous(this="ERROR", expressions=[exp.Literal.string(
        "NOT_SUPPORTED_LOCALLY: format_datetime of a year before 1001 with y or yyy")])
    early = exp.LT(this=exp.Anonymous(this="YEAR", expressions=[value.copy()]),
                   expression=exp.Literal.number(1001))
    return exp.If(this=early, true=refuse, false=spelled)

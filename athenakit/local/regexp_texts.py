"""A regexp call read as Joni reads it: its pattern written for RE2 or Python's ``re``
(:mod:`athenakit.local.joni`), the texts on which they would still read it differently
refused while running.

A pattern that is not a literal cannot be written beforehand: a text is refused where the
pattern uses a construct RE2 reads apart from Joni on such a text (a Unicode class, ``$``, a
flag group, POSIX brackets, a class inside a class).
"""

from __future__ import annotations

from collections.abc import Callable

from sqlglot import exp

from athenakit.local import joni
from athenakit.local.errors import REFUSED
from athenakit.local.nodes import CANNOT_FAIL
from athenakit.local.nodes import call as _call

# meta key of a literal pattern written for RE2 or Python: its joni.Pattern
READ = "ak_joni"
_DYNAMIC = ("a regular expression that is not a literal, with a construct RE2 reads apart "
            "from Joni on this text")
# constructs of a pattern computed while running, and the texts they read apart on
_DYNAMIC_UNICODE = r"\\[wWdDsSbBpP]|\[:|\(\?[a-zA-Z-]*i"
_DYNAMIC_LINE = r"\$|\\Z|\(\?[a-zA-Z-]*m"
_DYNAMIC_CLASS = r"&&|\[[^\]]*\["
_NOT_PLAIN_ASCII = r"[^\t\n\r\x20-\x7E]"


def read(pattern: exp.Expression | None) -> joni.Pattern | None:
    """Joni's reading of a literal pattern (None for any other pattern)."""
    if pattern is None:
        return None
    if READ in pattern.meta:
        return pattern.meta[READ]  # type: ignore[no-any-return]
    if not (isinstance(pattern, exp.Literal) and pattern.is_string):
        return None
    return joni.read(str(pattern.this))


def written(pattern: exp.Expression, python: bool = False) -> exp.Expression:
    """``pattern`` as RE2 (or Python) reads it the way Joni does; any other pattern as is."""
    reading = read(pattern)
    if reading is None or READ in pattern.meta:
        return pattern
    text = reading.python if python else reading.re2
    if text is None:
        return pattern
    node = exp.Literal.string(text)
    node.meta[READ] = reading
    return node


def prepare(text: exp.Expression,
            pattern: exp.Expression) -> Callable[[exp.Expression], exp.Expression]:
    """The guard to put around the call of ``pattern`` over ``text`` (none once the pattern
    is written: its call is guarded already)."""
    if READ in pattern.meta:
        return lambda result: result
    reading = read(pattern)
    if reading is None:
        pattern.meta[READ] = None  # guarded once
        return lambda result: _dynamic(result, text, pattern)
    ifs = [exp.If(this=_condition(guard, text), true=_refuse(guard.value))
           for guard in sorted(reading.guards, key=lambda guard: guard.name)]
    if not ifs:
        return lambda result: result
    return lambda result: exp.Case(ifs=[each.copy() for each in ifs], default=result)


def _refuse(what: str) -> exp.Expression:
    return _call("ERROR", exp.Literal.string(REFUSED + what))


def _matches(text: exp.Expression, pattern: str) -> exp.Expression:
    return _safe("REGEXP_MATCHES", text.copy(), exp.Literal.string(pattern))


def _safe(name: str, *args: exp.Expression) -> exp.Expression:
    node = _call(name, *args)
    node.meta[CANNOT_FAIL] = True
    return node


def _line_end(text: exp.Expression) -> exp.Expression:
    return _safe("SUFFIX", text.copy(), _safe("CHR", exp.Literal.number(10)))


def _condition(guard: joni.Guard, text: exp.Expression) -> exp.Expression:
    if guard is joni.Guard.LINE_END:
        return _line_end(text)
    if guard is joni.Guard.WORD:  # a word character among the text's non-ASCII ones
        rest = _safe("REGEXP_REPLACE", text.copy(), exp.Literal.string("[\\x00-\\x7F]+"),
                     exp.Literal.string(""), exp.Literal.string("g"))
        return _matches(rest, joni.text_class(guard))
    return _matches(text, joni.text_class(guard))


def _dynamic(result: exp.Expression, text: exp.Expression,
             pattern: exp.Expression) -> exp.Expression:
    if isinstance(pattern, exp.Null | exp.Literal):
        return result
    unicode = exp.and_(_matches(pattern, _DYNAMIC_UNICODE),
                       _matches(text, _NOT_PLAIN_ASCII))
    line = exp.and_(_matches(pattern, _DYNAMIC_LINE), _line_end(text))
    refused = exp.or_(unicode, line, _matches(pattern, _DYNAMIC_CLASS))
    return exp.Case(ifs=[exp.If(this=refused, true=_refuse(_DYNAMIC))], default=result)

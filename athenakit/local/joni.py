"""Joni's reading of a regular expression, written for DuckDB's RE2 and Python's ``re``.

Athena runs Trino's regexp functions on Joni with its Java syntax over UTF-8 (Trino's
``JoniRegexpCasts``: ``Syntax.Java``, ``Option.DEFAULT``, ``NonStrictUTF8Encoding``). RE2 and
Python read parts of the same pattern differently. :func:`read` writes a literal pattern so
that both read it as Joni does, refuses what neither can, and names the texts on which a
construct would still read differently (:class:`Guard`), which the caller refuses while
running:

* ``\\w``, ``\\d``, ``\\s`` are Unicode classes in Joni (jcodings' Word: Alphabetic, Mark,
  Decimal_Number and Connector_Punctuation; Digit: Decimal_Number; Space: White_Space). RE2's
  are ASCII (``\\s`` without the vertical tab), Python's are Python's own. They are written as
  the Unicode classes; a text holding a character definitions of Word disagree on (an
  Other_Number such as ``²``, the circled letters, the zero-width joiners) is refused.
* ``\\b`` / ``\\B`` see Joni's word characters; RE2's are ASCII: a text with a non-ASCII word
  character is refused.
* ``$`` and ``\\Z`` also match before a final line feed (``Syntax.Java`` sets SINGLELINE, which
  reads ``$`` as SEMI_END_BUF), and a multi-line ``^`` not after it: a text ending in a line feed
  is refused.
* POSIX brackets (``[[:alpha:]]``) are Unicode in Joni, ASCII in RE2, absent from Python: they
  are written as their ASCII classes and a text with a non-ASCII character is refused.
* ``(?i)`` folds by Unicode's full case folding (``ß`` matches ``ss``): a pattern or text holding
  a character whose folding is several characters (or the dotless ``ı``) is refused.
* ``\\uHHHH``, ``\\e``, ``\\Q...\\E`` are spelled as RE2 and Python spell them; ``{,n}`` is text
  in Joni's Java syntax (Python read a repetition).

https://trino.io/docs/current/functions/regexp.html
"""

from __future__ import annotations

import enum
import functools
import re
from collections.abc import Callable
from dataclasses import dataclass

from athenakit.local.errors import UnsupportedLocally


class Guard(enum.Enum):
    """A kind of text on which the written pattern would not read as Joni's: refused."""

    #: the text ends with a line feed (``$``, ``\\Z``, a multi-line ``^``)
    LINE_END = "a regular expression with $, \\Z or a multi-line ^ on a text ending in a line feed"
    #: the text holds a non-ASCII word character (``\\b``, ``\\B``)
    WORD = "a regular expression with \\b or \\B on a text with a non-ASCII letter or digit"
    #: the text holds a character definitions of Word disagree on (``\\w``, ``\\W``)
    WORD_DISPUTED = ("a regular expression with \\w or \\W on a text with a character such as "
                     "², Ⓐ or a zero-width joiner")
    #: the text holds a non-ASCII character (POSIX brackets)
    ASCII = "a regular expression with a POSIX class on a text with a non-ASCII character"
    #: the text holds a character whose case folding is several characters (``(?i)``)
    FOLD = ("a case-insensitive regular expression on a text with a character such as ß, "
            "whose case folding is several characters")


@dataclass(frozen=True)
class Pattern:
    """A Joni pattern as RE2 reads it, the parts of its Python spelling (written out only
    when asked for: Unicode classes take a pass over the code points), and its guards."""

    re2: str
    parts: tuple[str | Callable[[], str], ...]
    guards: frozenset[Guard]
    groups: int

    @functools.cached_property
    def python(self) -> str | None:
        """The pattern for Python's ``re`` (None where ``re`` cannot compile it, e.g. a flag
        group after the start)."""
        return _compiled("".join(part if isinstance(part, str) else part()
                                 for part in self.parts))

    @functools.cached_property
    def skeleton(self) -> str | None:
        """:attr:`python` with each Unicode class body one character: the same groups and
        widths, without writing the classes out (None where ``re`` cannot compile it)."""
        return _compiled("".join(part if isinstance(part, str) else "a" for part in self.parts))


def _compiled(text: str) -> str | None:
    try:
        re.compile(text)
    except re.error:
        return None
    return text


# Word as jcodings has it for code points the definitions agree on (Alphabetic is the letters,
# Nl and the Other_Alphabetic symbols below; the rest of Other_Alphabetic is marks)
_WORD_CATEGORIES = ("Lu", "Ll", "Lt", "Lm", "Lo", "Mn", "Mc", "Me", "Nd", "Nl", "Pc")
_OTHER_ALPHABETIC = ((0x24B6, 0x24E9), (0x1F130, 0x1F149), (0x1F150, 0x1F169),
                     (0x1F170, 0x1F189))
_WORD_RE2 = r"\p{L}\p{M}\p{Nd}\p{Nl}\p{Pc}" + "".join(
    f"\\x{{{low:X}}}-\\x{{{high:X}}}" for low, high in _OTHER_ALPHABETIC)
# White_Space (jcodings' Space)
_SPACES = ((0x09, 0x0D), (0x20, 0x20), (0x85, 0x85), (0xA0, 0xA0), (0x1680, 0x1680),
           (0x2000, 0x200A), (0x2028, 0x2029), (0x202F, 0x202F), (0x205F, 0x205F),
           (0x3000, 0x3000))
# POSIX brackets by their ASCII members; [:punct:] took the ASCII symbols only in later
# jcodings tables, so it is refused
_POSIX = {"alpha": "A-Za-z", "digit": "0-9", "alnum": "0-9A-Za-z", "upper": "A-Z",
          "lower": "a-z", "space": "\\t\\n\\x0B\\f\\r ", "blank": " \\t",
          "cntrl": "\\x00-\\x1F\\x7F", "xdigit": "0-9A-Fa-f", "word": "0-9A-Za-z_",
          "graph": "!-~", "print": " -~", "ascii": "\\x00-\\x7F"}
_CATEGORY_NAMES = ("Lu", "Ll", "Lt", "Lm", "Lo", "Mn", "Mc", "Me", "Nd", "Nl", "No", "Pc",
                   "Pd", "Ps", "Pe", "Pi", "Pf", "Po", "Sm", "Sc", "Sk", "So", "Zs", "Zl",
                   "Zp", "Cc", "Cf", "Co", "Cs")
# general categories both RE2 and Joni name so (\p{Lu}); scripts are left to RE2 (not C:
# Joni's holds the unassigned code points)
_CATEGORIES = frozenset({*_CATEGORY_NAMES, "L", "M", "N", "P", "S", "Z"})
_SIMPLE_ESCAPES = {"t": "\\t", "n": "\\n", "r": "\\r", "f": "\\f", "v": "\\x0B", "a": "\\x07",
                   "e": "\\x1B"}
_REPEAT = re.compile(r"\{\d+(?:,\d*)?\}")
_FLAGS = re.compile(r"\(\?([a-zA-Z-]*)([):])")


def _escape(code: int, python: bool) -> str:
    if python:
        return f"\\x{code:02x}" if code < 0x100 else (
            f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}")
    return f"\\x{{{code:X}}}"


def _ranges(pairs: list[tuple[int, int]] | tuple[tuple[int, int], ...], python: bool) -> str:
    return "".join(_escape(low, python) if low == high else
                   f"{_escape(low, python)}-{_escape(high, python)}" for low, high in pairs)


def _runs(codes: list[int]) -> list[tuple[int, int]]:
    pairs: list[tuple[int, int]] = []
    for code in codes:
        if pairs and pairs[-1][1] == code - 1:
            pairs[-1] = (pairs[-1][0], code)
        else:
            pairs.append((code, code))
    return pairs


@functools.cache
def _python_class(categories: tuple[str, ...]) -> str:
    """The members of some general categories, as a Python class body (Python's Unicode)."""
    import unicodedata

    wanted = frozenset(categories)
    return _ranges(_runs([code for code in range(0x110000)
                          if unicodedata.category(chr(code)) in wanted]), python=True)


# Characters whose full case folding (CaseFolding.txt, status F) is several characters, as
# Python's str.casefold() gives them, and the dotless i (its upper case is I: Python's re
# folds it to i, Joni does not)
_FOLDING_SEVERAL = (
    (0xDF, 0xDF), (0x130, 0x131), (0x149, 0x149), (0x1F0, 0x1F0), (0x390, 0x390),
    (0x3B0, 0x3B0), (0x587, 0x587), (0x1E96, 0x1E9A), (0x1E9E, 0x1E9E), (0x1F50, 0x1F50),
    (0x1F52, 0x1F52), (0x1F54, 0x1F54), (0x1F56, 0x1F56), (0x1F80, 0x1FAF), (0x1FB2, 0x1FB4),
    (0x1FB6, 0x1FB7), (0x1FBC, 0x1FBC), (0x1FC2, 0x1FC4), (0x1FC6, 0x1FC7), (0x1FCC, 0x1FCC),
    (0x1FD2, 0x1FD3), (0x1FD6, 0x1FD7), (0x1FE2, 0x1FE4), (0x1FE6, 0x1FE7), (0x1FF2, 0x1FF4),
    (0x1FF6, 0x1FF7), (0x1FFC, 0x1FFC), (0xFB00, 0xFB06), (0xFB13, 0xFB17))


def _folds_to_several(char: str) -> bool:
    return any(low <= ord(char) <= high for low, high in _FOLDING_SEVERAL)


def _word(python: bool) -> str:
    if python:
        return _python_class(_WORD_CATEGORIES) + _ranges(_OTHER_ALPHABETIC, python=True)
    return _WORD_RE2


def _digit(python: bool) -> str:
    return _python_class(("Nd",)) if python else r"\p{Nd}"


_CLASSES = {"w": (_word, Guard.WORD_DISPUTED), "d": (_digit, None),
            "s": (lambda python: _ranges(_SPACES, python), None)}


class _Reader:
    """One pass over a Joni pattern, writing the RE2 and Python spellings side by side."""

    def __init__(self, pattern: str) -> None:
        self.text = pattern
        self.at = 0
        self.re2: list[str] = []
        self.python: list[str | Callable[[], str]] = []
        self.guards: set[Guard] = set()
        self.groups = 0
        on = "".join(flags.split("-")[0] for flags, _ in _FLAGS.findall(pattern))
        self.fold, self.multiline = "i" in on, "m" in on

    def read(self) -> Pattern:
        while self.at < len(self.text):
            char = self.text[self.at]
            self.at += 1
            if char == "\\":
                self._escape(in_class=False)
            elif char == "[":
                self._class()
            elif char == "(" and self.text.startswith("?", self.at):
                self._group()
            elif char == "(":
                self.groups += 1
                self._emit(char)
            elif char == "$":
                self.guards.add(Guard.LINE_END)
                self._emit("$")
            elif char == "^":
                if self.multiline:
                    self.guards.add(Guard.LINE_END)
                self._emit("^")
            elif char == "{" and not _REPEAT.match(self.text, self.at - 1):
                self._emit("{", "\\{")  # Joni's Java syntax reads {,n} as text
            else:
                self._literal(char)
        if self.fold:
            self.guards.add(Guard.FOLD)
        return Pattern("".join(self.re2), tuple(self.python), frozenset(self.guards),
                       self.groups)

    def _emit(self, re2: str, python: str | Callable[[], str] | None = None) -> None:
        self.re2.append(re2)
        self.python.append(re2 if python is None else python)

    def _check_fold(self, char: str) -> None:
        if self.fold and _folds_to_several(char):
            raise UnsupportedLocally(f"a case-insensitive regular expression with {char}",
                                     hint="Joni folds it to several characters")

    def _literal(self, char: str) -> None:
        self._check_fold(char)
        self._emit(char)

    def _code(self, code: int) -> None:
        self._check_fold(chr(code))
        self._emit(_escape(code, python=False), _escape(code, python=True))

    def _escape(self, in_class: bool) -> None:
        if self.at >= len(self.text):  # an error in Joni too: RE2's fails the same way
            self._emit("\\")
            return
        char = self.text[self.at]
        self.at += 1
        if char in _CLASSES or char.lower() in _CLASSES:
            self._class_escape(char, in_class)
        elif char in "bB" and not in_class:
            self.guards.add(Guard.WORD)
            self._emit(f"\\{char}", f"(?:{_ascii_boundary(char)})")
        elif char in "zZA" and not in_class:
            if char == "Z":
                self.guards.add(Guard.LINE_END)
            self._emit("\\A" if char == "A" else "\\z", "\\A" if char == "A" else "\\Z")
        elif char in _SIMPLE_ESCAPES:
            self._emit(_SIMPLE_ESCAPES[char])
        elif char == "u" and re.fullmatch(r"[0-9A-Fa-f]{4}", self.text[self.at:self.at + 4]):
            self._code(int(self.text[self.at:self.at + 4], 16))
            self.at += 4
        elif char == "x" and re.fullmatch(r"[0-9A-Fa-f]{2}", self.text[self.at:self.at + 2]):
            self._code(int(self.text[self.at:self.at + 2], 16))
            self.at += 2
        elif char in "pP":
            self._property(char, in_class)
        elif char == "Q" and not in_class:
            end = self.text.find("\\E", self.at)
            quoted = self.text[self.at:] if end < 0 else self.text[self.at:end]
            self.at = len(self.text) if end < 0 else end + 2
            for each in quoted:
                self._check_fold(each)
                self._emit(re.escape(each) if each.isascii() else each)
        elif char.isascii() and char.isalnum():
            raise UnsupportedLocally(f"a regular expression with the escape \\{char}",
                                     hint="RE2 and Joni read it apart or not at all")
        else:
            self._emit("\\" + char if char.isascii() else char)

    def _class_escape(self, char: str, in_class: bool) -> None:
        body, guard = _CLASSES[char.lower()]
        if guard is not None:
            self.guards.add(guard)
        negated = char.isupper()
        if in_class and negated:
            raise UnsupportedLocally(f"a regular expression with \\{char} inside a "
                                     "character class")
        self._body(body(False), lambda: body(True), in_class, negated)

    def _body(self, re2: str, python: Callable[[], str], in_class: bool,
              negated: bool) -> None:
        """A class body written out for Python only when asked (a class of its own outside a
        class)."""
        if not in_class:
            self._emit("[^" if negated else "[")
        self._emit(re2, python)
        if not in_class:
            self._emit("]")

    def _property(self, char: str, in_class: bool) -> None:
        found = re.match(r"\{(\^?)([A-Za-z_]+)\}", self.text[self.at:])
        if found is None:
            raise UnsupportedLocally(f"a regular expression with \\{char} without braces")
        self.at += found.end()
        name = found.group(2)
        negated = (char == "P") != bool(found.group(1))
        if name not in _CATEGORIES:
            raise UnsupportedLocally(f"a regular expression with the property \\p{{{name}}}",
                                     hint="RE2 knows Unicode's general categories by their "
                                          "short names")
        categories = tuple(each for each in _CATEGORY_NAMES if each.startswith(name))
        if in_class and negated:
            raise UnsupportedLocally(f"a regular expression with \\P{{{name}}} inside a "
                                     "character class")
        self._body(f"\\p{{{name}}}", lambda: _python_class(categories), in_class, negated)

    def _group(self) -> None:
        found = _FLAGS.match(self.text, self.at - 1)
        if found is not None:
            if set(found.group(1)) - set("ims-"):
                raise UnsupportedLocally(f"a regular expression with the flags "
                                         f"(?{found.group(1)})",
                                         hint="RE2 takes the flags i, m and s")
            self.at = found.end()
            self._emit(found.group(0))  # (also a non-capturing group: no flags before ":")
            return
        raise UnsupportedLocally("a regular expression with the group (" +
                                 self.text[self.at:self.at + 2],
                                 hint="DuckDB's RE2 has no such syntax")

    def _class(self) -> None:
        self._emit("[")
        if self.text.startswith("^", self.at):
            self.at += 1
            self._emit("^")
        if self.text.startswith("]", self.at):
            raise UnsupportedLocally("a regular expression with ] first in a character class")
        while self.at < len(self.text):
            char = self.text[self.at]
            self.at += 1
            if char == "]":
                self._emit("]")
                return
            if char == "\\":
                self._escape(in_class=True)
            elif char == "[":
                self._posix()
            elif char == "&" and self.text.startswith("&", self.at):
                raise UnsupportedLocally("a regular expression with a character class "
                                         "intersection (&&)")
            elif char == "-" or char == "^":
                self._emit(char)
            else:
                self._literal(char)
        # unclosed: an error in Joni too, left for RE2 to fail with INVALID_FUNCTION_ARGUMENT

    def _posix(self) -> None:
        found = re.match(r":(\^?)([a-z]+):\]", self.text[self.at:])
        if found is None:
            raise UnsupportedLocally("a regular expression with a character class inside a "
                                     "character class")
        name = found.group(2)
        if found.group(1) or name not in _POSIX:
            raise UnsupportedLocally(f"a regular expression with the POSIX class [:{name}:]",
                                     hint="Joni's tables read it apart from RE2's")
        self.at += found.end()
        if name != "ascii":
            self.guards.add(Guard.ASCII)
        self._emit(_POSIX[name])


def _ascii_boundary(char: str) -> str:
    word = "[0-9A-Za-z_]"
    at = f"(?<={word})(?!{word})|(?<!{word})(?={word})"
    return at if char == "b" else f"(?<={word})(?={word})|(?<!{word})(?!{word})"


@functools.lru_cache(maxsize=512)
def read(pattern: str) -> Pattern:
    """``pattern`` as RE2 and Python read it the way Joni does.

    Raises:
        UnsupportedLocally: for a construct neither can read as Joni does.
    """
    return _Reader(pattern).read()


def text_class(guard: Guard) -> str:
    """An RE2 class of the characters that make ``guard``'s text (LINE_END has none)."""
    if guard is Guard.WORD:
        return "[\\p{L}\\p{M}\\p{N}\\p{Pc}" + _ranges(_OTHER_ALPHABETIC, python=False) + "]"
    if guard is Guard.WORD_DISPUTED:  # Other_Number (older tables), Join_Control (UTS #18)
        return "[\\p{No}\\x{200C}-\\x{200D}" + _ranges(_OTHER_ALPHABETIC, python=False) + "]"
    if guard is Guard.FOLD:
        return "[" + _ranges(_FOLDING_SEVERAL, python=False) + "]"
    return "[^\\x00-\\x7F]"

"""Regular expressions read as Joni reads them (athenakit.local.joni).

Property: a pattern built from the constructs RE2, Python's ``re`` and Joni read apart (Unicode
``\\w`` / ``\\d`` / ``\\s``, ``\\b``, ``$``, ``\\Z``, POSIX brackets, ``\\p{..}``, flags) over
a text of characters where they differ (accented and Greek letters, Arabic-Indic digits, ``²``,
``ß``, a no-break space, the vertical tab, a line feed, a zero-width joiner) is answered alike
by the functions that run on RE2 (``regexp_like``, ``regexp_count``) and the one that runs on
Python (``regexp_position``) -- two spellings of one question -- or refused by name; never
another error. The unit tests pin the reader's spellings and refusals.

Examples per run: 150, or ``ATHENAKIT_PROPERTY_EXAMPLES``.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from spellings_grammar import DERANDOMIZE, EXAMPLES, outcome

from athenakit.local import joni
from athenakit.local.engine import LocalEngine
from athenakit.local.errors import UnsupportedLocally
from athenakit.sql.quoting import Engine, quote_literal

_CHARS = ["a", "B", "é", "É", "Ω", "1", "\u0663", "\u00b2", "_", "-", " ", "\u00a0", "\x0b",
          "\n", "ß", "\u24b6", "\u200d", "x", "."]
_ATOMS = [r"\w", r"\W", r"\d", r"\D", r"\s", r"\S", r"\b", r"\B", "a", "é", ".", r"[\w-]",
          r"[^\d]", r"[\s.]", r"\p{L}", r"\p{Lu}", r"\P{N}", "[[:alpha:]]", "[[:digit:]]",
          r"\u00e9", r"\Qa.\E", "(a|é)"]


@st.composite
def _patterns(draw: st.DrawFn) -> str:
    atoms = draw(st.lists(st.sampled_from(_ATOMS), min_size=1, max_size=4))
    body = "".join(atom + draw(st.sampled_from(["", "+", "*", "?", "{2}"])) for atom in atoms)
    start = draw(st.sampled_from(["", "^", "(?i)", "(?m)^", "(?s)"]))
    end = draw(st.sampled_from(["", "$", r"\Z", r"\z"]))
    return start + body + end


def _text(chars: list[str]) -> str:
    # (not empty: regexp_position of an empty text is -1 whatever the pattern, as Trino's
    # JoniRegexpFunctions.regexpPosition answers for a start past the text)
    return " || ".join(f"chr({ord(char)})" for char in chars)


@settings(max_examples=EXAMPLES, deadline=None, derandomize=DERANDOMIZE,
          suppress_health_check=[HealthCheck.too_slow])
@given(_patterns(), st.lists(st.sampled_from(_CHARS), min_size=1, max_size=6))
def test_re2_and_python_readings_agree_or_are_refused(engine: LocalEngine, pattern: str,
                                                      chars: list[str]) -> None:
    p = quote_literal(pattern, Engine.TRINO)
    text = _text(chars)
    sql = (f"SELECT regexp_like(s, {p}), regexp_count(s, {p}) > 0, "
           f"regexp_position(s, {p}) > 0 FROM (VALUES {text}) t(s)")
    kind, value = outcome(engine, sql)
    if kind == "refused":
        return
    assert kind == "value", f"{sql}: {kind} {value}"
    assert len(set(value[0])) == 1, f"{sql}: {value}"


# Joni's Unicode classes (Oniguruma doc/RE; jcodings Word, Digit, Space) and the
# characters where RE2's and Python's own classes differ from them
@pytest.mark.parametrize(("pattern", "matching", "not_matching"), [
    (r"\w", "aé_Ω\u0663\u2160", " -\u00b2"[:2]),
    (r"\d", "7\u0663\u0967", "a\u00b2\u2160"),
    (r"\s", " \t\x0b\x0c\u00a0\u2028\u3000\x85", "a\u200b\x1c"),
])
def test_unicode_classes_read_as_joni(pattern: str, matching: str, not_matching: str) -> None:
    reading = joni.read(pattern)
    assert reading.python is not None
    python = re.compile(reading.python)
    for char in matching:
        assert python.fullmatch(char), (pattern, hex(ord(char)))
    for char in not_matching:
        assert not python.fullmatch(char), (pattern, hex(ord(char)))


@pytest.mark.parametrize(("pattern", "guards"), [
    (r"^\w+$", {joni.Guard.WORD_DISPUTED, joni.Guard.LINE_END}),
    (r"\bfoo\b", {joni.Guard.WORD}),
    (r"x\Z", {joni.Guard.LINE_END}),
    ("(?m)^x", {joni.Guard.LINE_END}),
    ("^x", set()),
    ("[[:alpha:]]", {joni.Guard.ASCII}),
    ("[[:ascii:]]", set()),
    ("(?i)abc", {joni.Guard.FOLD}),
    (r"\d\s", set()),
])
def test_guards_name_the_texts_read_apart(pattern: str, guards: set[joni.Guard]) -> None:
    assert joni.read(pattern).guards == guards


@pytest.mark.parametrize(("pattern", "re2", "python"), [
    ("a{,2}", "a{,2}", r"a\{,2}"),  # Joni's Java syntax reads {,n} as text
    (r"\u00e9", r"\x{E9}", r"\xe9"),
    (r"\Qa.b\E", r"a\.b", r"a\.b"),
    (r"x\Z", r"x\z", r"x\Z"),
    (r"\e", r"\x1B", r"\x1B"),
])
def test_spellings(pattern: str, re2: str, python: str) -> None:
    reading = joni.read(pattern)
    assert (reading.re2, reading.python) == (re2, python)


def test_groups_are_counted_without_writing_the_classes() -> None:
    reading = joni.read(r"(\w+)(?:-)(\d)(?i:x)")
    assert reading.groups == 2
    assert reading.skeleton is not None and re.compile(reading.skeleton).groups == 2


@pytest.mark.parametrize(("pattern", "what"), [
    ("(?i)ß", "a case-insensitive regular expression with ß"),
    ("[a-z&&[^x]]", "character class intersection"),
    ("[a[b]]", "a character class inside a character class"),
    (r"\p{Lower}", r"the property \p{Lower}"),
    ("(?x)a", "the flags (?x)"),
    (r"\h", r"the escape \h"),
    (r"[^\W]", r"\W inside a character class"),
    ("[[:punct:]]", "the POSIX class [:punct:]"),
    (r"\x{41}", r"the escape \x"),
])
def test_constructs_read_apart_are_refused(pattern: str, what: str) -> None:
    with pytest.raises(UnsupportedLocally, match=re.escape(what)):
        joni.read(pattern)

"""Trino's regular-expression functions on DuckDB's RE2 engine.

Athena evaluates patterns with Joni (Java-style syntax); DuckDB uses RE2, which has no
lookaround, backreferences, possessive quantifiers or atomic groups. A pattern that uses one
is refused by name instead of failing inside DuckDB. Other differences handled here:

* ``regexp_extract`` is NULL when the group did not take part in the match (DuckDB ``''``);
  a group the pattern does not have fails with Trino's message.
* ``regexp_position(s, p[, start[, occurrence]])`` (1-based, -1 when absent), in Python ``re``
  for a literal pattern.

https://trino.io/docs/current/functions/regexp.html
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from sqlglot import exp

from athenakit.local import regexp_texts as texts
from athenakit.local.errors import UnsupportedLocally
from athenakit.local.nodes import call as _call

_DONE = "ak_done"
_CHECKED = "ak_regexp_group_checked"

# Joni constructs RE2 lacks, with the name the refusal gives
_JAVA_ONLY = (
    (re.compile(r"\(\?<?[=!]"), "regular expression with lookaround"),
    (re.compile(r"\(\?<[A-Za-z]"), "regular expression with a named group"),
    (re.compile(r"\\[1-9]"), "regular expression with a backreference"),
    (re.compile(r"\(\?>"), "regular expression with an atomic group"),
    (re.compile(r"\\[pP]\{(?:In|Is|java)"), "regular expression with a Java character class"),
)
POSSESSIVE = "regular expression with a possessive quantifier"
_COUNTED = re.compile(r"\{\d+(?:,\d*)?\}")
_BRACED_ESCAPES = "pPx"  # \p{L}, \P{Lu}, \x{263A}: a brace that is no repetition


def possessive(pattern: str) -> bool:
    """Whether ``pattern`` has Java's possessive quantifier (``a++``, ``a*+``, ``a{2}+``): a
    quantifier followed by ``+``, outside a character class and not escaped (``\\p{L}+``
    and ``\\*+`` are a property and a literal repeated)."""
    at, quantified = 0, False
    while at < len(pattern):
        char = pattern[at]
        if char == "\\":
            braced = pattern[at + 1:at + 3]
            if len(braced) == 2 and braced[0] in _BRACED_ESCAPES and braced[1] == "{":
                end = pattern.find("}", at + 3)
                at = len(pattern) if end < 0 else end + 1
            else:
                at += 2
            quantified = False
        elif char == "[":
            at, quantified = _class_end(pattern, at), False
        elif char in "*+?" and not (char == "?" and pattern[at - 1:at] == "("):
            if char == "+" and quantified:
                return True
            at, quantified = at + 1, True
        elif char == "{" and _COUNTED.match(pattern, at):
            match = _COUNTED.match(pattern, at)
            at, quantified = (match.end() if match else at + 1), True
        else:
            at, quantified = at + 1, False
    return False


def _class_end(pattern: str, start: int) -> int:
    """The index after the character class opening at ``start`` (Java's may nest)."""
    at, depth = start + 1, 1
    if pattern[at:at + 1] == "^":
        at += 1
    if pattern[at:at + 1] == "]":  # a ] first in a class is literal
        at += 1
    while at < len(pattern) and depth:
        char = pattern[at]
        depth += 1 if char == "[" else -1 if char == "]" else 0
        at += 2 if char == "\\" else 1
    return at


def check_pattern(node: exp.Expression | None) -> None:
    """Refuse a literal pattern that uses syntax RE2 (DuckDB) cannot run."""
    if node is None or texts.READ in node.meta or not (isinstance(node, exp.Literal)
                                                       and node.is_string):
        return
    for pattern, what in _JAVA_ONLY:
        if pattern.search(str(node.this)):
            raise UnsupportedLocally(what, hint="DuckDB's RE2 has no such syntax")
    if possessive(str(node.this)):
        raise UnsupportedLocally(POSSESSIVE, hint="DuckDB's RE2 has no such syntax")


def _groups(node: exp.Expression) -> int | None:
    reading = texts.read(node)
    return None if reading is None else reading.groups



def _group_error(text: exp.Expression, message: str) -> exp.Expression:
    fail = _call("ERROR", exp.Literal.string(f"INVALID_FUNCTION_ARGUMENT: {message}"))
    return exp.Case(ifs=[exp.If(this=exp.Is(this=text.copy(), expression=exp.Null()),
                                true=exp.Null())], default=fail)


def _checked_group(node: exp.Expression) -> exp.Expression | None:
    """Trino's failure for a group the pattern lacks (None when the group is fine). Trino
    checks the group before matching (JoniRegexpFunctions.regexpExtract: validateGroup), so a
    text the pattern does not match fails too; DuckDB checks only on a match."""
    group = node.args.get("group")
    count = _groups(node.expression)
    if group is None:
        return None
    if not isinstance(group, exp.Literal | exp.Neg):
        return _group_checked_while_running(node, group, count)
    value = int(group.this.this) * -1 if isinstance(group, exp.Neg) else int(group.this)
    if value < 0:
        return _group_error(node.this, "Group cannot be negative")
    if count is None and value > 0:
        raise UnsupportedLocally(f"{_name(node)} of a group with a pattern that is not a "
                                 "string literal", hint="Trino fails for a group the pattern "
                                 "lacks, even where nothing matches")
    if count is not None and value > count:
        return _group_error(node.this, f"Pattern has {count} groups. Cannot access group "
                                       f"{value}")
    return None


def _name(node: exp.Expression) -> str:
    return "regexp_extract_all" if isinstance(node, exp.RegexpExtractAll) else "regexp_extract"


def _group_checked_while_running(node: exp.Expression, group: exp.Expression,
                                 count: int | None) -> exp.Expression:
    """``node`` with a group that is not a literal, checked against the literal pattern's
    group count while running."""
    if count is None:
        raise UnsupportedLocally(f"{_name(node)} of a group with a pattern that is not a "
                                 "string literal", hint="Trino fails for a group the pattern "
                                 "lacks, even where nothing matches")
    negative = _call("ERROR", exp.Literal.string(
        "INVALID_FUNCTION_ARGUMENT: Group cannot be negative"))
    missing = _call("ERROR", _call("CONCAT", exp.Literal.string(
        f"INVALID_FUNCTION_ARGUMENT: Pattern has {count} groups. Cannot access group "),
        group.copy()))  # DuckDB's concat: the group is an integer (the signature guard)
    node.meta[_CHECKED] = True
    checked = node.copy()  # (DuckDB's group is an INTEGER; the check bounds it)
    checked.set("group", exp.cast(group.copy(), "INTEGER"))
    return exp.Case(ifs=[
        exp.If(this=exp.or_(exp.Is(this=node.this.copy(), expression=exp.Null()),
                            exp.Is(this=group.copy(), expression=exp.Null())),
               true=exp.Null()),
        exp.If(this=exp.LT(this=group.copy(), expression=exp.Literal.number(0)),
               true=negative),
        exp.If(this=exp.GT(this=group.copy(), expression=exp.Literal.number(count)),
               true=missing)], default=checked)


def extract(node: exp.Expression) -> exp.Expression:
    """``regexp_extract``: the first match's group, NULL when it did not take part."""
    check_pattern(node.expression)
    if not node.meta.get(_CHECKED):
        failed = _checked_group(node)
        if failed is not None:
            return failed
    guard = texts.prepare(node.this, node.expression)
    group = node.args.get("group") or exp.Literal.number(0)
    all_matches = _call("REGEXP_EXTRACT_ALL", node.this.copy(),
                        texts.written(node.expression), group)
    first = exp.Bracket(this=all_matches, expressions=[exp.Literal.number(1)], offset=1)
    first.meta[_DONE] = True  # DuckDB's own subscript: NULL when nothing matched
    return guard(first)


def extract_all(node: exp.Expression) -> exp.Expression:
    """``regexp_extract_all`` with Trino's group checks."""
    check_pattern(node.expression)
    if node.meta.get(_DONE):
        return node
    failed = None if node.meta.get(_CHECKED) else _checked_group(node)
    node.meta[_DONE] = True
    return failed if failed is not None else _written(node)


def _written(node: exp.Expression) -> exp.Expression:
    """A regexp call whose pattern is ``node.expression``, read as Joni reads it."""
    guard = texts.prepare(node.this, node.expression)
    node.set("expression", texts.written(node.expression))
    return guard(node)


def checked(node: exp.Expression) -> exp.Expression:
    """Any other regexp function: the pattern check, read as Joni reads it."""
    check_pattern(node.expression)
    return _written(node)


def replace(args: list[exp.Expression]) -> exp.Expression:
    """``regexp_replace``: Trino's ``$1`` group references become RE2's ``\\1``; a lambda or
    a named reference (``${name}``) is refused."""
    if len(args) > 2 and isinstance(args[2], exp.Lambda):
        return _replace_lambda(args)
    check_pattern(args[1])
    # Trino's replacement refers to groups as $1 / ${name}; RE2 uses \1.
    replacement = args[2] if len(args) > 2 else exp.Literal.string("")
    if not (isinstance(replacement, exp.Literal) and replacement.is_string):
        raise UnsupportedLocally("a regexp_replace replacement that is not a string literal")
    text = str(replacement.this)
    if "${" in text:
        raise UnsupportedLocally("regexp_replace with a named group reference")
    try:
        parts = _replacement(text, _groups(args[1]))
    except ValueError as err:
        return _group_error(args[0], str(err))
    reading = texts.read(args[1])
    python = None if reading is None else reading.skeleton
    refs = [part for part in parts if isinstance(part, int)]
    guard = texts.prepare(args[0], args[1])
    if python is not None and (_matches_empty(python) or any(ref > 9 for ref in refs)):
        # RE2 skips an empty match right after a match; Joni (and Python) take it
        template = "".join(f"\\g<{part}>" if isinstance(part, int)
                           else part.replace("\\", "\\\\") for part in parts)
        return guard(_call("AK_REGEXP_REPLACE", args[0].copy(),
                           texts.written(args[1], python=True), exp.Literal.string(template)))
    if any(ref > 9 for ref in refs):
        raise UnsupportedLocally("regexp_replace with a group reference above 9",
                                 hint="RE2 rewrites name groups 0 to 9")
    rewrite = "".join(f"\\{part}" if isinstance(part, int) else part.replace("\\", "\\\\")
                      for part in parts)
    return guard(_call("REGEXP_REPLACE", args[0].copy(), texts.written(args[1]),
                       exp.Literal.string(rewrite), exp.Literal.string("g")))


def _replacement(text: str, groups: int | None) -> list[str | int]:
    """Trino's replacement (JoniRegexpFunctions.appendReplacement) as literal texts and group
    numbers: ``$n`` takes the most digits that still name a group, ``\\c`` is the character
    c; a bad sequence raises ValueError with Trino's message."""
    out: list[str | int] = []
    i = 0
    while i < len(text):
        char = text[i]
        i += 1
        if char == "$":
            if i == len(text) or not text[i].isdigit():
                raise ValueError(f"Illegal replacement sequence: {text}")
            ref = int(text[i])
            i += 1
            if groups is not None and ref > groups:
                raise ValueError(f"Illegal replacement sequence: unknown group {ref}")
            while i < len(text) and text[i].isdigit():
                if groups is None:
                    raise UnsupportedLocally("a regexp_replace group reference followed by a "
                                             "digit, with a pattern that is not a literal")
                if ref * 10 + int(text[i]) > groups:
                    break
                ref = ref * 10 + int(text[i])
                i += 1
            out.append(ref)
            continue
        if char == "\\":
            if i == len(text):
                raise ValueError(f"Illegal replacement sequence: {text}")
            char = text[i]
            i += 1
        out.append(char)
    return out


def _replace_lambda(args: list[exp.Expression]) -> exp.Expression:
    """``regexp_replace(s, p, x -> ...)``: the matches' groups (NULL for a group outside the
    match) found in Python, the lambda applied to each by ``transform``, the results put back
    between the unmatched pieces (NULL when one is NULL, as Trino's)."""
    check_pattern(args[1])
    if isinstance(args[1], exp.Null):
        return exp.cast(exp.Null(), "VARCHAR")
    if python_pattern(args[1]) is None:
        raise UnsupportedLocally("regexp_replace with a lambda and a pattern that is not a "
                                 "string literal")
    guard = texts.prepare(args[0], args[1])
    pattern = texts.written(args[1], python=True)
    groups = _call("AK_REGEXP_GROUPS", args[0].copy(), pattern.copy())
    return guard(_call("AK_REGEXP_JOIN", args[0].copy(), pattern,
                       exp.Transform(this=groups, expression=args[2])))


def regexp_groups(text: str, pattern: str) -> list[list[str | None]]:
    """The groups of each match of ``pattern`` in ``text`` (as Joni finds them)."""
    return [list(found.groups()) for found in _matches(pattern, text)]


def regexp_join(text: str | None, pattern: str | None,
                replacements: list[str | None] | None) -> str | None:
    """``text`` with its i-th match replaced by ``replacements[i]``; NULL when any is."""
    if text is None or pattern is None or replacements is None or None in replacements:
        return None
    pieces: list[str] = []
    last = 0
    for found, replacement in zip(_matches(pattern, text), replacements, strict=False):
        pieces += [text[last:found.start()], replacement or ""]
        last = found.end()
    return "".join(pieces) + text[last:]


def python_pattern(node: exp.Expression | None) -> str | None:
    """A literal pattern as Python's ``re`` reads it the way Joni does (None where it
    cannot, or for a pattern that is not a literal)."""
    reading = texts.read(node)
    return None if reading is None else reading.python


def _matches_empty(pattern: str) -> bool:
    """True when the pattern can match the empty string somewhere (its least width is 0)."""
    import re._parser as parser  # type: ignore[import-not-found]

    return bool(parser.parse(pattern).getwidth()[0] == 0)


def _matches(pattern: str, text: str, start: int = 0) -> list[re.Match[str]]:
    """The matches Trino's loop over Joni finds (JoniRegexpFunctions.regexpReplace /
    regexpSplit): the next search starts where a match ends, one character further after an
    empty match -- so an empty match may follow a non-empty one (RE2 skips it), and a lazy
    ``a*?`` matches empty at each position (Python's finditer retries it non-empty there)."""
    compiled, found = re.compile(pattern), []
    while start <= len(text):
        match = compiled.search(text, start)
        if match is None:
            break
        found.append(match)
        start = match.end() + 1 if match.end() == match.start() else match.end()
    return found


def regexp_replace(text: str, pattern: str, template: str) -> str:
    """``regexp_replace`` for a pattern that can match empty: Joni's matches, in Python."""
    pieces, last = [], 0
    for found in _matches(pattern, text):
        pieces += [text[last:found.start()], found.expand(template)]
        last = found.end()
    return "".join([*pieces, text[last:]])


def regexp_split(text: str, pattern: str) -> list[str]:
    """``regexp_split`` for a pattern that can match empty (JoniRegexpFunctions.regexpSplit)."""
    pieces, last = [], 0
    for found in _matches(pattern, text):
        pieces.append(text[last:found.start()])
        last = found.end()
    return [*pieces, text[last:]]


_NULL_CHECKED = "ak_null_pattern"


def split(node: exp.Expression) -> exp.Expression:
    """``regexp_split``: DuckDB's for a pattern that cannot match empty, else Python's."""
    check_pattern(node.expression)
    reading = texts.read(node.expression)
    python = None if reading is None else reading.skeleton
    if python is not None and _matches_empty(python):
        guard = texts.prepare(node.this, node.expression)
        return guard(_call("AK_REGEXP_SPLIT", node.this.copy(),
                           texts.written(node.expression, python=True)))
    pattern = node.expression.copy()
    if isinstance(pattern, exp.Literal) or node.meta.get(_NULL_CHECKED):
        return _written(node)
    node.meta[_NULL_CHECKED] = True
    split = _written(node)
    # a NULL pattern makes it NULL (DuckDB's str_split_regex answered the whole text)
    return exp.Case(ifs=[exp.If(this=exp.Is(this=pattern, expression=exp.Null()),
                                true=exp.Null())], default=split)


def count(node: exp.Expression) -> exp.Expression:
    """``regexp_count``: the number of ``regexp_extract_all`` matches (DuckDB's takes empty
    matches as Joni does)."""
    check_pattern(node.expression)
    guard = texts.prepare(node.this, node.expression)
    return guard(_call("LENGTH", _call("REGEXP_EXTRACT_ALL", node.this.copy(),
                                       texts.written(node.expression))))


def regexp_position(text: str, pattern: str, start: int = 1, occurrence: int = 1) -> int:
    """``regexp_position``: 1-based position of the occurrence-th match at or after start."""
    from athenakit.local.runtime_errors import TrinoFunctionError

    if start < 1:
        raise TrinoFunctionError("INVALID_FUNCTION_ARGUMENT: start position cannot be smaller "
                                 "than 1")
    if occurrence < 1:
        raise TrinoFunctionError("INVALID_FUNCTION_ARGUMENT: occurrence cannot be smaller "
                                 "than 1")
    if start > len(text):
        return -1
    for i, found in enumerate(_matches(pattern, text, start - 1), start=1):
        if i == occurrence:
            return found.start() + 1
    return -1


def position(args: list[exp.Expression]) -> exp.Expression:
    pattern = args[1] if len(args) > 1 else None
    if not (isinstance(pattern, exp.Literal) and pattern.is_string):
        raise UnsupportedLocally("regexp_position with a pattern that is not a string literal")
    check_pattern(pattern)
    if python_pattern(pattern) is None:
        raise UnsupportedLocally("regexp_position with this pattern",
                                 hint="Python's re cannot read it as Joni does")
    guard = texts.prepare(args[0], pattern)
    filled = [args[0].copy(), texts.written(pattern, python=True), *args[2:],
              *(exp.Literal.number(1) for _ in range(4 - len(args)))]
    return guard(_call("AK_REGEXP_POSITION", *filled))


FUNCTIONS: dict[str, tuple[Callable[..., Any], list[str], str]] = {
    "ak_regexp_position": (regexp_position, ["VARCHAR", "VARCHAR", "BIGINT", "BIGINT"],
                           "INTEGER"),
    "ak_regexp_replace": (regexp_replace, ["VARCHAR", "VARCHAR", "VARCHAR"], "VARCHAR"),
    "ak_regexp_split": (regexp_split, ["VARCHAR", "VARCHAR"], "VARCHAR[]"),
    "ak_regexp_groups": (regexp_groups, ["VARCHAR", "VARCHAR"], "VARCHAR[][]"),
    "ak_regexp_join": (regexp_join, ["VARCHAR", "VARCHAR", "VARCHAR[]"], "VARCHAR"),
}

BY_CLASS: dict[type[exp.Expression], Callable[[exp.Expression], exp.Expression]] = {
    exp.RegexpExtract: extract,
    exp.RegexpExtractAll: extract_all,
    exp.RegexpLike: checked,
    exp.RegexpSplit: split,
    exp.RegexpCount: count,
}

BY_NAME: dict[str, Callable[[list[exp.Expression]], exp.Expression]] = {
    "REGEXP_POSITION": position,
}

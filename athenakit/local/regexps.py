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

from athenakit.local.errors import UnsupportedLocally
from athenakit.local.nodes import call as _call

_DONE = "ak_done"

# Joni constructs RE2 lacks, with the name the refusal gives
_JAVA_ONLY = (
    (re.compile(r"\(\?<?[=!]"), "regular expression with lookaround"),
    (re.compile(r"\(\?<[A-Za-z]"), "regular expression with a named group"),
    (re.compile(r"\\[1-9]"), "regular expression with a backreference"),
    (re.compile(r"\(\?>"), "regular expression with an atomic group"),
    (re.compile(r"[*+?}]\+"), "regular expression with a possessive quantifier"),
    (re.compile(r"\\[pP]\{(?:In|Is|java)"), "regular expression with a Java character class"),
)


def check_pattern(node: exp.Expression | None) -> None:
    """Refuse a literal pattern that uses syntax RE2 (DuckDB) cannot run."""
    if not (isinstance(node, exp.Literal) and node.is_string):
        return
    for pattern, what in _JAVA_ONLY:
        if pattern.search(str(node.this)):
            raise UnsupportedLocally(what, hint="DuckDB's RE2 has no such syntax")


def _groups(node: exp.Expression) -> int | None:
    if not (isinstance(node, exp.Literal) and node.is_string):
        return None
    try:
        return re.compile(str(node.this)).groups
    except re.error:
        return None



def _group_error(text: exp.Expression, message: str) -> exp.Expression:
    fail = _call("ERROR", exp.Literal.string(f"INVALID_FUNCTION_ARGUMENT: {message}"))
    return exp.Case(ifs=[exp.If(this=exp.Is(this=text.copy(), expression=exp.Null()),
                                true=exp.Null())], default=fail)


def _checked_group(node: exp.Expression) -> exp.Expression | None:
    """Trino's failure for a group the literal pattern lacks (None when the group is fine)."""
    group = node.args.get("group")
    count = _groups(node.expression)
    if not isinstance(group, exp.Literal | exp.Neg):
        return None
    value = int(group.this.this) * -1 if isinstance(group, exp.Neg) else int(group.this)
    if value < 0:
        return _group_error(node.this, "Group cannot be negative")
    if count is not None and value > count:
        return _group_error(node.this, f"Pattern has {count} groups. Cannot access group "
                                       f"{value}")
    return None


def extract(node: exp.Expression) -> exp.Expression:
    """``regexp_extract``: the first match's group, NULL when it did not take part."""
    check_pattern(node.expression)
    failed = _checked_group(node)
    if failed is not None:
        return failed
    group = node.args.get("group") or exp.Literal.number(0)
    all_matches = _call("REGEXP_EXTRACT_ALL", node.this, node.expression, group)
    return exp.Bracket(this=all_matches, expressions=[exp.Literal.number(1)], offset=1)


def extract_all(node: exp.Expression) -> exp.Expression:
    """``regexp_extract_all`` with Trino's group checks."""
    check_pattern(node.expression)
    if node.meta.get(_DONE):
        return node
    failed = _checked_group(node)
    node.meta[_DONE] = True
    return failed if failed is not None else node


def checked(node: exp.Expression) -> exp.Expression:
    """Any other regexp function: only the pattern check."""
    check_pattern(node.expression)
    return node


def replace(args: list[exp.Expression]) -> exp.Expression:
    """``regexp_replace``: Trino's ``$1`` group references become RE2's ``\\1``; a lambda or
    a named reference (``${name}``) is refused."""
    if len(args) > 2 and isinstance(args[2], exp.Lambda):
        raise UnsupportedLocally("regexp_replace with a lambda")
    check_pattern(args[1])
    # Trino's replacement refers to groups as $1 / ${name}; RE2 uses \1.
    replacement = args[2] if len(args) > 2 else exp.Literal.string("")
    if not (isinstance(replacement, exp.Literal) and replacement.is_string):
        raise UnsupportedLocally("a regexp_replace replacement that is not a string literal")
    text = str(replacement.this)
    if "${" in text:
        raise UnsupportedLocally("regexp_replace with a named group reference")
    out, i = [], 0
    while i < len(text):
        if text[i] == "\\" and i + 1 < len(text):
            out.append(text[i + 1] if text[i + 1] == "$" else "\\\\")
            i += 2
        elif text[i] == "$" and i + 1 < len(text) and text[i + 1].isdigit():
            out.append("\\" + text[i + 1])
            i += 2
        else:
            out.append(text[i])
            i += 1
    return _call("REGEXP_REPLACE", args[0], args[1], exp.Literal.string("".join(out)),
                 exp.Literal.string("g"))


def regexp_position(text: str, pattern: str, start: int = 1, occurrence: int = 1) -> int:
    """``regexp_position``: 1-based position of the occurrence-th match at or after start."""
    from athenakit.local.runtime_errors import TrinoFunctionError

    if start < 1:
        raise TrinoFunctionError("INVALID_FUNCTION_ARGUMENT: start position cannot be smaller "
                                 "than 1")
    if occurrence < 1:
        raise TrinoFunctionError("INVALID_FUNCTION_ARGUMENT: occurrence cannot be smaller "
                                 "than 1")
    for i, found in enumerate(re.finditer(pattern, text[start - 1:]), start=1):
        if i == occurrence:
            return found.start() + start
    return -1


def position(args: list[exp.Expression]) -> exp.Expression:
    pattern = args[1] if len(args) > 1 else None
    if not (isinstance(pattern, exp.Literal) and pattern.is_string):
        raise UnsupportedLocally("regexp_position with a pattern that is not a string literal")
    check_pattern(pattern)
    try:
        re.compile(str(pattern.this))
    except re.error as err:
        raise UnsupportedLocally("regexp_position with this pattern", hint=str(err)) from err
    filled = [*args, *(exp.Literal.number(1) for _ in range(4 - len(args)))]
    return _call("AK_REGEXP_POSITION", *filled)


FUNCTIONS: dict[str, tuple[Callable[..., Any], list[str], str]] = {
    "ak_regexp_position": (regexp_position, ["VARCHAR", "VARCHAR", "BIGINT", "BIGINT"],
                           "INTEGER"),
}

BY_CLASS: dict[type[exp.Expression], Callable[[exp.Expression], exp.Expression]] = {
    exp.RegexpExtract: extract,
    exp.RegexpExtractAll: extract_all,
    exp.RegexpLike: checked,
    exp.RegexpSplit: checked,
    exp.RegexpCount: checked,
}

BY_NAME: dict[str, Callable[[list[exp.Expression]], exp.Expression]] = {
    "REGEXP_POSITION": position,
}

"""Statements that DuckDB runs as Trino wrote them: ``SELECT 1``, ``SELECT 'a' AS "b"``.

A SELECT of constants only (no FROM, no operator, no function) needs no rewrite, and
sqlglot's Trino generator writes it exactly as its DuckDB generator does: the text already
generated for Trino is DuckDB's. Such a statement is sent as is, without building sqlglot's
DuckDB generator (tens of milliseconds, for the first statement of a process).

Only these nodes qualify (tests/local/test_verbatim.py compares both generators on them):
integer and string literals, ``NULL``, ``TRUE`` / ``FALSE``, and aliases whose name is quoted
(an unquoted name that DuckDB reserves, such as ``pivot``, is quoted by DuckDB's generator
only).
"""

from __future__ import annotations

from sqlglot import exp

_SELECT_ARGS = frozenset({"expressions"})


def _constant(node: exp.Expression) -> bool:
    if isinstance(node, exp.Literal):
        return node.is_string or str(node.this).isdigit()
    return isinstance(node, exp.Null | exp.Boolean)


def _item(node: exp.Expression) -> bool:
    if isinstance(node, exp.Alias):
        name = node.args.get("alias")
        return isinstance(name, exp.Identifier) and bool(name.quoted) and _constant(node.this)
    return _constant(node)


def sql(tree: exp.Expression) -> str | None:
    """DuckDB's SQL for ``tree`` when it is a SELECT of constants, else None.

    Args:
        tree: a translated statement (its rewrites applied, its columns named).

    Returns:
        The statement's text, the same from both generators; None for any other statement.
    """
    if type(tree) is not exp.Select or not tree.expressions:
        return None
    if any(v not in (None, [], False) for k, v in tree.args.items() if k not in _SELECT_ARGS):
        return None
    if not all(_item(e) for e in tree.expressions) or any(n.comments for n in tree.walk()):
        return None
    return tree.sql(dialect="trino")

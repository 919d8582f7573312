"""Trino's ``try(...)`` and ``try_cast``: NULL for the errors they catch, and nothing else.

Trino's ``try`` answers NULL when its argument fails with ``DIVISION_BY_ZERO``,
``INVALID_CAST_ARGUMENT``, ``INVALID_FUNCTION_ARGUMENT`` or ``NUMERIC_VALUE_OUT_OF_RANGE``
(``TryFunction.propagateIfUnhandled``); ``try_cast`` answers NULL only when the cast itself
fails, an error of its operand still fails the query.
https://trino.io/docs/current/functions/conditional.html#try
https://trino.io/docs/current/functions/conversion.html#try_cast

DuckDB's ``TRY`` swallows every error and refuses ``error()`` (a volatile call) inside it, so:

* the ``ak_*`` macros inside ``try`` become their NULL-answering ``_try`` twins, whose every
  error is one of the four names above, and a Trino error raised in the tree becomes NULL;
* a refusal (``error('NOT_SUPPORTED_LOCALLY: ...')``), or a Trino error ``try`` does not catch,
  must never become NULL: its condition is tested outside the ``TRY`` (``CASE WHEN TRY(condition) THEN error(...) ELSE TRY(...) END``);
  one that cannot be moved out (inside a lambda, or raised from Python) is refused before
  DuckDB runs;
* in ``try_cast`` only the cast's own macro is swapped; its operand fails as it would outside.
"""

from __future__ import annotations

from sqlglot import exp

from athenakit.local import compat, geo
from athenakit.local.errors import UnsupportedLocally
from athenakit.local.nodes import CAST_OF_TRY

_REFUSAL = "NOT_SUPPORTED_LOCALLY: "

# Python functions that refuse while running, for some values, and what they refuse
_REFUSING_UDFS = {(geo.PREFIX + name).upper(): what for name, what in geo.REFUSING.items()}


def apply(tree: exp.Expression) -> None:
    """Make every ``try(...)`` / ``try_cast`` of ``tree`` (modified in place) answer as Trino's.

    Raises:
        UnsupportedLocally: a ``try`` holds a refusal that can only be raised inside it.
    """
    tries = sorted(tree.find_all(exp.Try), key=_depth, reverse=True)  # innermost first
    casts = [n for n in tree.find_all(exp.Anonymous) if n.meta.get(CAST_OF_TRY)]
    if not tries and not casts:  # the variants are built on first need
        return
    safe = {name.upper() for name in compat.try_variants()}
    for scope in tries:
        for node in list(_hoist_refusals(scope, safe).walk()):
            _make_safe(node, safe)
    for cast in casts:  # the macro doing a try_cast's cast; not those of its operand
        _make_safe(cast, safe)


def _depth(node: exp.Expr) -> int:
    depth, parent = 0, node.parent
    while parent is not None:
        parent, depth = parent.parent, depth + 1
    return depth


def _make_safe(node: exp.Expr, safe: set[str]) -> None:
    if not isinstance(node, exp.Anonymous):
        return
    if node.name.upper() == "ERROR":
        node.replace(exp.Null())
    elif f"{node.name.upper()}_TRY" in safe:
        node.set("this", f"{node.name}_TRY")


# the errors Trino's try turns into NULL (TryFunction.propagateIfUnhandled)
CAUGHT = ("DIVISION_BY_ZERO", "INVALID_CAST_ARGUMENT", "INVALID_FUNCTION_ARGUMENT",
          "NUMERIC_VALUE_OUT_OF_RANGE")


def escaping(node: exp.Expr) -> str | None:
    """What ``node`` raises when it is an ``error(...)`` that ``try`` must not turn into NULL:
    a refusal (``NOT_SUPPORTED_LOCALLY: <what>``: the what) or a Trino error ``try`` does not
    catch (its message)."""
    if not (isinstance(node, exp.Anonymous) and node.name.upper() == "ERROR"):
        return None
    message = node.expressions[0] if node.expressions else None
    if not isinstance(message, exp.Literal):
        return None  # a message built while running: the macros' argument checks
    text = str(message.this)
    if text.startswith(CAUGHT):
        return None
    return text.removeprefix(_REFUSAL)


def _hoist_refusals(scope: exp.Try, safe: set[str]) -> exp.Expression:
    """Test the condition of each refusal inside ``scope`` before the ``TRY``, so a refusal
    escapes it (the one inside becomes NULL with the other errors); returns the ``TRY``."""
    checks = [c for c in (_check(scope, n) for n in scope.walk()) if c is not None]
    if not checks:
        return scope
    checked = exp.Case(ifs=checks, default=scope.copy())
    scope.replace(checked)
    for check in checks:  # a condition's own failure is NULL, as inside try(...)
        for node in list(check.this.walk()):
            _make_safe(node, safe)
    inner: exp.Expression = checked.args["default"]
    return inner


def _check(scope: exp.Try, node: exp.Expr) -> exp.If | None:
    """``WHEN TRY(condition) THEN error(...)`` for an escaping ``error(...)`` in ``scope``.

    Raises:
        UnsupportedLocally: ``node`` can refuse while running and cannot be tested outside.
    """
    if isinstance(node, exp.AggFunc) and node.find_ancestor(exp.Select, exp.Try) is scope:
        # DuckDB's TRY takes no aggregate (its binder fails); Trino's try does
        raise UnsupportedLocally("an aggregate function inside try(...)")
    if isinstance(node, exp.Anonymous) and node.name.upper() in _REFUSING_UDFS:
        raise UnsupportedLocally(f"{_REFUSING_UDFS[node.name.upper()]} inside try(...)")
    what = escaping(node)
    if what is None:
        return None
    around = node.find_ancestor(exp.Lambda, exp.Select, exp.Try)
    if around is not scope:  # its condition names a variable or column bound there
        kind = "lambda" if isinstance(around, exp.Lambda) else "subquery"
        raise UnsupportedLocally(f"a {kind} inside try(...) whose value may be refused at "
                                 "run time")
    branch = node.parent
    if not (isinstance(branch, exp.If) and branch.args.get("true") is node):
        raise UnsupportedLocally(f"{what} inside try(...)")
    return exp.If(this=exp.Try(this=branch.this.copy()), true=node.copy())

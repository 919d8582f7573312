"""Guards of what Trino checks in clauses, for values whose types only DuckDB knows (a
subquery's column, a scalar subquery): conditions take booleans (``WHERE``, ``HAVING``,
``JOIN ON``, ``NOT``, ``AND``, ``OR``, ``IF``, ``CASE WHEN``), ``LIKE`` text, ``x IN (SELECT
c ...)`` a common type of ``x`` and ``c``, a simple ``CASE``'s WHEN values
have a common type with its operand, and ``JOIN ... USING (c)`` compares the two sides' ``c``.

Each is checked as DuckDB binds the statement (:func:`operator_guards.guarded`, a
``struct_extract`` whose key DuckDB folds from the types): the statement fails with Trino's
message where the types are spelled exactly (:func:`operator_guards.typed_key`), and is refused
by name where a type is text (Trino's message spells a ``varchar(n)`` length DuckDB does not
keep). The types certain before DuckDB runs are checked by :mod:`typecheck` and
:mod:`common_types`.

https://trino.io/docs/current/sql/select.html
https://trino.io/docs/current/functions/conditional.html#case
"""

from __future__ import annotations

from sqlglot import exp

from athenakit.local import common_types, typecheck
from athenakit.local.failures import start_of
from athenakit.local.nodes import DONE, VALUE_GUARD, call, key_text
from athenakit.local.operator_guards import (
    GUARDED,
    bound_check,
    first_offset,
    guarded,
    list_type,
    typed_key,
    typed_side,
    uncertain,
    value_guard,
)
from athenakit.local.operator_types import operand


def join_using(tree: exp.Expression) -> exp.Expression:
    """``JOIN ... USING (c)``: Trino compares the two sides' ``c`` with ``=`` and fails where it
    cannot (``StatementAnalyzer.analyzeJoinUsing``: ``TYPE_MISMATCH: line 1:63: Cannot apply
    operator: integer = varchar(1)`` at ``c``); DuckDB cast one to the other and joined
    ``1`` with ``'1'``. The SELECT's WHERE is guarded with the comparison, checked as DuckDB
    binds. The left side of the first join is the FROM relation; of a later join, a column a
    join before it took with USING too (``a JOIN b USING (id) JOIN c USING (id)``), read from
    the FROM relation; another column of a later join is not checked.

    Args:
        tree: an annotated statement (modified in place).

    Returns:
        The statement.
    """
    for select in list(tree.find_all(exp.Select)):
        source, joins = select.args.get("from_"), select.args.get("joins") or []
        if source is None or not source.this.alias_or_name:
            continue
        used: set[str] = set()
        for index, join in enumerate(joins):
            using = join.args.get("using") or []
            names = [n for n in using if index == 0 or n.name.lower() in used]
            used |= {n.name.lower() for n in using}
            if join.this.alias_or_name:
                for name in names:
                    select.where(_using_check(name, source.this, join.this), copy=False)
                    if _reads_using_column(select, name.name):
                        select.where(_same_types(name, source.this, join.this), copy=False)
    return tree


USING_REFUSAL = "a JOIN ... USING column whose two sides have different types"


def _reads_using_column(select: exp.Select, name: str) -> bool:
    """The SELECT reads the joined column itself (unqualified, or through ``*``), whose type
    in Trino is the two sides' common super type."""
    if any(isinstance(item, exp.Star) for item in select.expressions):
        return True
    return any(isinstance(n, exp.Column) and not n.table and n.name.lower() == name.lower()
               for n in select.walk(
                   prune=lambda n: isinstance(n, exp.Subquery | exp.Join | exp.From)))


def _same_types(name: exp.Expr, left: exp.Expr, right: exp.Expr) -> exp.Expression:
    """The WHERE condition that refuses as DuckDB binds where the two sides' column ``name``
    have different types: Trino's joined column has their common super type (``integer``
    and ``bigint``: ``bigint``), DuckDB's the left side's."""
    from athenakit.local.errors import REFUSED

    sides = [list_type(exp.column(name.name, table=relation.alias_or_name, quoted=True))
             for relation in (left, right)]
    differ = exp.NEQ(this=sides[0], expression=sides[1])
    refusal = exp.Literal.string(REFUSED + USING_REFUSAL + " (Trino's joined column has their "
                                 "common super type: select a side's column, t.x, or cast "
                                 "one side)")
    check = exp.Case(ifs=[exp.If(this=bound_check(differ, refusal), true=exp.true())])
    check.meta[GUARDED] = True
    return check


def _using_check(name: exp.Expr, left: exp.Expr, right: exp.Expr) -> exp.Expression:
    """The WHERE condition that fails as DuckDB binds where ``left``'s and ``right``'s
    column ``name`` have no ``=``."""
    sides = [list_type(exp.column(name.name, table=relation.alias_or_name, quoted=True))
             for relation in (left, right)]
    text = call("CONCAT", exp.Literal.string(
        f"ak_operator|{start_of(name)}|{name.name}|=|"), sides[0],
        exp.Literal.string("|"), sides[1])
    text.meta[DONE] = True
    fails = call("AK_KINDS_CLASH", *(side.copy() for side in sides))
    check = exp.Case(ifs=[exp.If(this=bound_check(fails, text), true=exp.true())])
    check.meta[GUARDED] = True
    return check


REFUSALS = {"boolean": "a condition whose type is known only at run time and is not boolean",
            "string": "a LIKE operand whose type is known only at run time and is not text"}
# operands of these forms have their family by construction (their own operands are checked)
_FORMED = {"boolean": (exp.And, exp.Or, exp.Not, exp.Boolean, exp.Null), "string": (exp.Null,)}


def _operator_offset(node: exp.Binary) -> int | None:
    """Where Trino places a binary condition (its operator), the same for every copy of one
    expression (as :func:`operator_guards.first_offset`)."""
    from athenakit.local.printing import located

    found: dict[str, int | None] = node.root().meta.setdefault("ak_operator_offsets", {})
    return found.setdefault(key_text(node), located(node))


def typed_operands(tree: exp.Expression) -> exp.Expression:
    """An operand of a condition (``WHERE``, ``HAVING``, ``JOIN ON``, ``NOT``, ``AND``, ``OR``,
    ``IF``, ``CASE WHEN``) or of ``LIKE`` whose type is not certain before DuckDB runs (a
    subquery's column, a scalar subquery, a function's result): Trino fails where a condition
    is not a boolean (``WHERE clause must evaluate to a boolean: actual type integer``) or a
    LIKE operand not text; DuckDB took a number or a text as true or false, a number as text.
    Guarded as DuckDB binds (the certain ones are checked before:
    :func:`typecheck.typed_operands`).

    Args:
        tree: an annotated statement (modified in place).

    Returns:
        The statement.
    """
    for node in list(tree.find_all(*typecheck.OPERAND_CONTEXTS)):
        if node.meta.get(GUARDED):  # a guard's own condition
            continue
        for value, message, wanted in typecheck.typed_operands(node):
            inner = value
            while isinstance(inner, exp.Paren):
                inner = inner.this
            if inner.meta.get(GUARDED) or isinstance(inner, _FORMED[wanted]) or operand(
                    inner, typecheck.known_type) is not None:  # (checked before running)
                continue
            side = list_type(inner)
            fails = exp.not_(exp.In(this=call("AK_ARG_KIND", side), expressions=[
                exp.Literal.string(wanted), exp.Literal.string("other")]))
            # a condition at its operator (``a + 1``), else where it starts
            at = _operator_offset(inner) if isinstance(inner, exp.Binary) \
                and wanted == "boolean" else first_offset(inner)
            key_text = typed_key("TYPE_MISMATCH", at, REFUSALS[wanted], message, [side.copy()])
            target = inner.copy()
            inner.replace(guarded(target, fails, key_text))
    return tree


CASE_REFUSAL = "a CASE operand or WHEN value whose type is known only at run time"


def case_operands(tree: exp.Expression) -> exp.Expression:
    """``CASE x WHEN v ...`` where ``x``'s or ``v``'s type only DuckDB knows: Trino fails where
    they have no common type (``CASE operand type does not match WHEN clause operand type:
    integer vs varchar(1)``, at ``v``); DuckDB cast one to the other. Each ``v`` is guarded as
    DuckDB binds (certain types are checked before: :mod:`common_types`).

    Args:
        tree: an annotated statement (modified in place).

    Returns:
        The statement.
    """
    for case in list(tree.find_all(exp.Case)):
        subject = case.args.get("this")
        if subject is None or case.meta.get(VALUE_GUARD):
            continue
        for clause in case.args.get("ifs") or []:
            value = clause.this
            if not (uncertain(subject) or uncertain(value)) or value.meta.get(GUARDED):
                continue
            sides = [typed_side(subject), typed_side(value)]
            fails = call("AK_KINDS_CLASH", list_type(subject), list_type(value))
            key_text = typed_key("TYPE_MISMATCH", first_offset(value), CASE_REFUSAL,
                                 common_types.CASE_OPERAND, sides)
            target = value.copy()
            value.replace(guarded(target, fails, key_text))
    return tree


IN_REFUSAL = "an IN subquery whose value or column type is known only at run time"


def in_subqueries(tree: exp.Expression) -> exp.Expression:
    """``x IN (SELECT c ...)`` where ``x``'s or ``c``'s type only DuckDB knows: Trino fails
    where they have no common type (``value and result of subquery must be of the same type
    for IN expression: integer vs varchar(1)``); DuckDB cast one to the other. Guarded as
    DuckDB binds, ``c``'s type read from the subquery as a scalar one (bound, never run).

    Args:
        tree: an annotated statement (modified in place).

    Returns:
        The statement.
    """
    for node in list(tree.find_all(exp.In)):
        item = common_types.in_subquery_item(node)
        if item is None or node.meta.get(GUARDED) or not (
                uncertain(node.this) or operand(item, typecheck.certain_type) is None):
            continue
        query = node.args["query"]
        scalar = exp.Subquery(this=(query.this if isinstance(query, exp.Subquery)
                                    else query).copy())
        certain = operand(item, typecheck.certain_type) is not None
        sides = [typed_side(node.this), typed_side(item) if certain else list_type(scalar)]
        fails = call("AK_KINDS_CLASH", list_type(node.this), list_type(scalar))
        key_text = typed_key("TYPE_MISMATCH", first_offset(node.this, end=True), IN_REFUSAL,
                             common_types.IN_SUBQUERY, sides, find=common_types.IN_WORDS)
        target = node.copy()
        node.replace(guarded(target, fails, key_text))
    return tree


def betweens(tree: exp.Expression) -> exp.Expression:
    """``x BETWEEN a AND b`` where a value's type only DuckDB knows: Trino fails where the
    three have no common type; DuckDB cast (``x BETWEEN '0' AND 3`` of an integer was true).
    Refused as DuckDB binds, as the certain ones are before running
    (:func:`common_types.check`).

    Args:
        tree: an annotated statement (modified in place).

    Returns:
        The statement.
    """
    for node in list(tree.find_all(exp.Between)):
        values = [node.this, node.args["low"], node.args["high"]]
        if node.meta.get(GUARDED) or not any(uncertain(v) for v in values):
            continue
        pairs = ((0, 1), (0, 2), (1, 2))
        fails = exp.or_(*(call("AK_KINDS_CLASH", list_type(values[i]), list_type(values[j]))
                          for i, j in pairs), copy=False)
        guard = value_guard(fails, common_types.BETWEEN_REFUSAL, node.copy())
        guard.meta[GUARDED] = True
        node.replace(guard)
        if guard.parent is None:
            return guard
    return tree

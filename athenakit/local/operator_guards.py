"""Trino's TYPE_MISMATCH for an operator whose operand has a type known only when DuckDB
binds the statement (a subquery's, CTE's or ``VALUES`` column): comparisons (against a literal
or cast, or against another such value), ``-x`` and ``+x``.

DuckDB casts one side of a comparison to the other's type (``x = 1`` of a ``varchar`` x
compares text, ``x = true`` of an integer x is true for 1); Trino has no such coercion and
fails at analysis with ``Cannot apply operator: varchar(1) = integer`` (``ExpressionAnalyzer
.visitComparisonExpression``; ``io.trino.metadata.OperatorNotFoundException``). The operator
is guarded by a ``struct_extract`` whose key DuckDB folds while binding: the key names the
types where they do not go together, and the query fails before any row is read, as Trino's
does (read back by :mod:`athenakit.local.failures`); otherwise DuckDB folds the guard away
(a join keeps its hash join, a filter its pushdown).
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlglot import exp

from athenakit.local import common_types, decimals, operator_types, typecheck
from athenakit.local.errors import REFUSED
from athenakit.local.failures import end_of, start_of
from athenakit.local.nodes import (
    DONE,
    UNARY_PLUS,
    VALUE_GUARD,
    WRITTEN_OPERATOR,
    call,
    key_text,
)

# DuckDB's type names (of a one-element list: typeof([x]) is a constant also for a NULL-typed
# x, whose typeof is not)
_NUMBERS = ("TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "FLOAT", "DOUBLE")
_FAMILY_OF = {"number": "number", "string": "string", "boolean": "boolean", "date": "moment",
              "timestamp": "moment"}
# The family of a typeof([x]) ("t"): values of two families do not compare in Trino (no
# coercion between them); "other" (NULL, lists, maps, rows) is left to DuckDB. Macros keep the
# guards small (the rewrites compare the statement's text after every pass).
MACROS: dict[str, str] = {
    "ak_type_family": f"""(t) AS CASE WHEN t IN ({", ".join(f"'{n}[]'" for n in _NUMBERS)})
        OR t LIKE 'DECIMAL(%' THEN 'number' WHEN t = 'VARCHAR[]' THEN 'string'
        WHEN t = 'BOOLEAN[]' THEN 'boolean' WHEN t = 'DATE[]' OR t LIKE 'TIMESTAMP%'
        THEN 'moment' WHEN t LIKE 'TIME%' THEN 'time' WHEN t = 'INTERVAL[]' THEN 'interval'
        WHEN t = 'BLOB[]' THEN 'binary' ELSE 'other' END""",
    "ak_types_clash": """(a, b) AS ak_type_family(a) <> ak_type_family(b)
        AND ak_type_family(a) <> 'other' AND ak_type_family(b) <> 'other'""",
    # -x: a number or an interval; +x: an integer type or a floating point number
    "ak_negates": "(t) AS ak_type_family(t) IN ('number', 'interval', 'other')",
    "ak_plus_applies": """(t) AS ak_type_family(t) IN ('number', 'other')
        AND NOT t LIKE 'DECIMAL(%'""",
    # a function argument's kind: ak_type_family, arrays, maps and rows told apart
    "ak_arg_kind": """(t) AS CASE WHEN t LIKE '%[][]' THEN 'array' WHEN t LIKE 'MAP(%'
        THEN 'map' WHEN t LIKE 'STRUCT(%' THEN 'row' ELSE ak_type_family(t) END""",
    # two values' types (typeof([x])) clash: of two kinds (a number and an array), or arrays
    # whose elements clash
    "ak_kinds_clash": """(a, b) AS CASE WHEN ak_arg_kind(a) = 'other' OR ak_arg_kind(b) = 'other'
        THEN false WHEN ak_arg_kind(a) <> ak_arg_kind(b) THEN true
        WHEN ak_arg_kind(a) = 'array' THEN ak_types_clash(left(a, length(a) - 2),
        left(b, length(b) - 2)) ELSE ak_types_clash(a, b) END""",
    # an argument of type t (typeof([x])) goes to a parameter of signature code c
    # (athenakit.local.signatures); 'other' (NULL, JSON, ...) goes anywhere
    "ak_fits_code": """(t, c) AS ak_arg_kind(t) = 'other' OR CASE c
        WHEN 'i' THEN t IN ('TINYINT[]', 'SMALLINT[]', 'INTEGER[]', 'BIGINT[]', 'HUGEINT[]')
        WHEN 'I' THEN t IN ('TINYINT[]', 'SMALLINT[]', 'INTEGER[]')
        WHEN 'n' THEN ak_arg_kind(t) = 'number' WHEN 's' THEN ak_arg_kind(t) = 'string'
        WHEN 'v' THEN ak_arg_kind(t) IN ('number', 'interval')
        WHEN 'd' THEN ak_arg_kind(t) = 'interval'
        WHEN 'Y' THEN ak_arg_kind(t) IN ('moment', 'interval')
        WHEN 'W' THEN ak_arg_kind(t) IN ('moment', 'interval')
        WHEN 'C' THEN ak_arg_kind(t) IN ('moment', 'time', 'interval') AND t <> 'DATE[]'
        WHEN 'j' THEN ak_arg_kind(t) = 'string' WHEN 'b' THEN ak_arg_kind(t) = 'binary'
        WHEN 'J' THEN false
        WHEN 'B' THEN ak_arg_kind(t) = 'boolean' WHEN 'D' THEN t = 'DATE[]'
        WHEN 'T' THEN t = 'DATE[]' OR ak_arg_kind(t) = 'moment' AND NOT t LIKE '%TIME ZONE%'
        WHEN 'Z' THEN ak_arg_kind(t) = 'moment'
        WHEN 't' THEN ak_arg_kind(t) IN ('moment', 'time')
        WHEN 'c' THEN ak_arg_kind(t) IN ('moment', 'time') AND t <> 'DATE[]'
        WHEN 'a' THEN ak_arg_kind(t) = 'array' WHEN 'm' THEN ak_arg_kind(t) = 'map'
        WHEN 'S' THEN t IN ('VARCHAR[][]', '"NULL"[][]')
        ELSE true END""",
}
_POSITIONS = "ak_operator_positions"


def uncertain(node: exp.Expr) -> bool:
    """``node``'s type is known only when DuckDB binds the statement: sqlglot could not type it,
    it is a column, typed by its name from the tables' specs whatever its scope (a subquery
    may give the name another type), or a scalar subquery (whose type DuckDB folds as it
    binds, like a column's)."""
    inner = node.this if isinstance(node, exp.Paren) else node
    return decimals.unknown(node) or isinstance(inner, exp.Column | exp.Subquery)


def run_time_column(node: exp.Expr, trusted: bool) -> bool:
    """``node`` is a column whose type DuckDB decides: sqlglot could not type it, or the
    statement's column types are not certain (``trusted``: :func:`typecheck.trusts_columns`)."""
    return isinstance(node, exp.Column) and (decimals.unknown(node) or not trusted)


def spelling(node: exp.Expr) -> str:
    """``node``'s text with column names as DuckDB binds them (``A + 1``, ``t.a + 1`` and
    ``a + 1`` of one column are one expression: a SELECT item and its GROUP BY key)."""
    bare = node.copy()
    for column in list(bare.find_all(exp.Column)):
        if isinstance(column.this, exp.Identifier) and not column.this.quoted:
            column.replace(exp.column(column.name.lower()))
    return key_text(bare)


def position(node: exp.Expr) -> int:
    """The offset after ``node``'s left operand (where its operator is looked for), the same
    for every copy of one expression (a SELECT item and its GROUP BY copy must stay equal);
    -1 where it is not known."""
    positions = node.root().meta.setdefault(_POSITIONS, {})
    key = spelling(node)
    if key not in positions:
        end = end_of(node.this)
        positions[key] = -1 if end is None else end + 1
    return int(positions[key])


def key(node: exp.Expr, written: str, shown: str, sides: Sequence[exp.Expr]) -> exp.Expression:
    """The key ``ak_operator|position|written|shown|left|right`` (a side: DuckDB's
    ``typeof([x])`` or a text such as ``'trino:varchar(1)'``)."""
    text = exp.Anonymous(this="CONCAT", expressions=[
        exp.Literal.string(f"ak_operator|{position(node)}|{written}|{shown}|"), sides[0],
        exp.Literal.string("|"), sides[1]])
    text.meta[DONE] = True
    return text


def list_type(node: exp.Expr) -> exp.Expression:
    """DuckDB's ``typeof([node])``."""
    return call("TYPEOF", exp.Array(expressions=[node.copy()]))


GUARDED = "ak_operator_guarded"


def guarded(node: exp.Expr, fails: exp.Expr, name: exp.Expr,
            result: exp.Expr | None = None) -> exp.Expression:
    """``result`` (the rewritten ``node``; ``node`` itself by default) where ``fails`` (a
    condition DuckDB folds while binding) is false, else a failure while binding whose message
    is the key ``name``."""
    node.meta[GUARDED] = True
    return _marked(exp.Case(ifs=[exp.If(this=bound_check(fails, name),
                                        true=result if result is not None else node)]))


def _marked(guard: exp.Expression) -> exp.Expression:
    """``guard`` with its own CASE, WHEN and NOT marked as a guard's: no later check takes
    them for the statement's conditions (the values it guards are not marked)."""
    guard.meta[GUARDED] = True
    for clause in guard.args.get("ifs") or []:
        clause.meta[GUARDED] = True
        if isinstance(clause.this, exp.Not):
            clause.this.meta[GUARDED] = True
    return guard


def bound_check(fails: exp.Expr, name: exp.Expr) -> exp.Expression:
    """True, or a failure while DuckDB binds the statement whose message is the key ``name``
    where ``fails`` (a condition DuckDB folds while binding) holds."""
    for part in fails.walk():  # the check's own comparisons are DuckDB's, as written
        if isinstance(part, exp.Binary | exp.In):
            part.meta[DONE] = True
        if isinstance(part, exp.Not | exp.Connector | exp.Case | exp.If):
            part.meta[GUARDED] = True  # (and its conditions are not the statement's)
    chosen = exp.Case(ifs=[exp.If(this=fails, true=name)], default=exp.Literal.string("ak"))
    return call("STRUCT_EXTRACT", exp.Struct(expressions=[exp.PropertyEQ(
        this=exp.Identifier(this="ak", quoted=True), expression=exp.true())]), chosen)


def _compares(family: str, duck: exp.Expression) -> exp.Expression | None:
    """The condition that DuckDB's type ``duck`` compares with a Trino ``family``."""
    if family not in _FAMILY_OF:
        return None
    return exp.In(this=call("AK_TYPE_FAMILY", duck), expressions=[
        exp.Literal.string(_FAMILY_OF[family]), exp.Literal.string("other")])


def _both_unknown(node: exp.Binary, written: str, shown: str,
                  result: exp.Expression) -> exp.Expression:
    """``result`` guarded where both of ``node``'s operands' types are known only while DuckDB
    binds."""
    sides = [list_type(node.this), list_type(node.expression)]
    fails = call("AK_TYPES_CLASH", *(side.copy() for side in sides))
    return guarded(node, fails, key(node, written, shown, sides), result)


def compare(node: exp.Expression, result: exp.Expression) -> exp.Expression:
    """``result`` (``node``, a ``=``, ``<>``, ``<``, ..., as the other rewrites made it) guarded
    where an operand's type is known only while DuckDB binds: one certain (a literal), or
    neither."""
    if node.meta.get(GUARDED) or not node.meta.get(WRITTEN_OPERATOR) \
            or not isinstance(node, exp.Binary) or type(node) not in operator_types.SYMBOLS:
        return result
    written, shown = operator_types.SYMBOLS[type(node)]
    sides: list[exp.Expression] = [node.this, node.expression]
    if any(_outer(side, (exp.AggFunc, exp.Window)) for side in sides):
        return result
    if all(uncertain(side) for side in sides):
        return _both_unknown(node, written, shown, result)
    for unknown, certain in ((0, 1), (1, 0)):
        spelled = operator_types.operand(sides[certain], typecheck.certain_type)
        if spelled is None or not uncertain(sides[unknown]):
            continue
        duck = list_type(sides[unknown])
        condition = _compares(operator_types.family(spelled), duck)
        if condition is None:
            return result
        named = [duck.copy(), duck.copy()]
        named[certain] = exp.Literal.string(f"trino:{spelled}")
        return guarded(node, exp.not_(condition), key(node, written, shown, named), result)
    return result


def typed_side(node: exp.Expr) -> exp.Expression:
    """A side of a :func:`typed_key`: the certain Trino type, else DuckDB's."""
    certain = operator_types.operand(node, typecheck.certain_type)
    return exp.Literal.string(f"trino:{certain}") if certain else list_type(node)


def first_offset(node: exp.Expr, *, end: bool = False) -> int | None:
    """Where ``node`` starts (``end``: ends), the same for every copy of one expression (a
    SELECT item and its GROUP BY copy must stay equal): the first copy's."""
    found: dict[object, int | None] = node.root().meta.setdefault(_POSITIONS, {})
    return found.setdefault(("end" if end else "start", key_text(node)),
                            end_of(node) if end else start_of(node))


def _outer(node: exp.Expr, kinds: tuple[type[exp.Expr], ...]) -> bool:
    """``node`` holds one of ``kinds`` outside the subqueries in it (an aggregate of the
    statement's own rows, not a scalar subquery's)."""
    return any(isinstance(n, kinds) for n in node.walk(prune=lambda n: isinstance(n, exp.Subquery)))


def _unary(node: exp.Expression, operand: exp.Expression, offset: int, name: str,
           compares: exp.Expression) -> exp.Expression:
    key_text = call("CONCAT", exp.Literal.string(f"ak_operator|{offset}|{name}|{name}|"),
                    list_type(operand), exp.Literal.string("|-"))
    return guarded(node, exp.not_(compares), key_text)


def negation(node: exp.Expression) -> exp.Expression:
    """``-x`` of a value whose type is known only while DuckDB binds: a number or an interval
    (``Cannot negate date`` otherwise, at the ``-``)."""
    if node.meta.get(DONE) or node.meta.get(GUARDED) or not node.meta.get(WRITTEN_OPERATOR) \
            or not uncertain(node.this) or node.this.find(exp.AggFunc, exp.Window):
        return node
    duck = list_type(node.this)
    allowed = call("AK_NEGATES", duck)
    return _unary(node, node.this, int(node.meta.get("start", -1)), "negate", allowed)


def unary_plus(tree: exp.Expression) -> exp.Expression:
    """``+x`` (sqlglot keeps only ``x``) of a value whose type is known only while DuckDB
    binds: an integer type or a floating point number, not a decimal
    (ExpressionAnalyzer.visitArithmeticUnary).

    Args:
        tree: an annotated statement (modified in place).

    Returns:
        The statement.
    """
    for node in list(tree.find_all(exp.Column)):
        offset = node.meta.get(UNARY_PLUS)
        if offset is None or not uncertain(node):
            continue
        allowed = call("AK_PLUS_APPLIES", list_type(node))
        copy = node.copy()
        copy.meta.pop(UNARY_PLUS, None)
        guard = _unary(copy, copy, int(offset), "plus", allowed)
        node.replace(guard)
        if guard.parent is None:
            return guard
    return tree


def _unexpected(node: exp.Expr, name: str, args: list[exp.Expr],
                refusal: str) -> str | exp.Expression:
    """The failure of a call no signature takes: Trino's ``FUNCTION_NOT_FOUND: Unexpected
    parameters (integer) for function every`` at the function's name where every argument's
    Trino type is known exactly while DuckDB binds, else the refusal."""
    if not args or any(isinstance(a, exp.Lambda | exp.Star) for a in args):
        return refusal
    from athenakit.local.signatures import shown as shown_name

    shown = shown_name(node, name)
    sides = [typed_side(arg) for arg in args]
    if "start" in node.meta:
        return typed_key("FUNCTION_NOT_FOUND", int(node.meta["start"]), refusal,
                         f"Unexpected parameters ({{*}}) for function {shown}", sides)
    return typed_key("FUNCTION_NOT_FOUND", start_of(args[0]), refusal,
                     f"Unexpected parameters ({{*}}) for function {shown}", sides, at_call=True)


def _fits_any(arg: exp.Expr, codes: set[str]) -> exp.Expr | None:
    """The condition, folded by DuckDB while binding, that ``arg``'s type goes to one of
    ``codes`` (:mod:`signatures`); None where any type does."""
    if not codes or codes & {"*", "e", "k", "f"}:
        return None
    return exp.or_(*(call("AK_FITS_CODE", list_type(arg), exp.Literal.string(c))
                     for c in sorted(codes)), copy=False)


def _element_clash(args: list[exp.Expr], fitting: list[str]) -> exp.Expr | None:
    """The condition that an argument taken as an element of the first (an array: ``contains``,
    ``array_position``, ``array_remove``) has no type in common with its elements, where one
    of the two is a value whose type only DuckDB knows (``typeof`` of a list spells its
    elements' type as ``typeof([element])`` does)."""
    positions = {i for codes in fitting for i, c in enumerate(codes) if c == "e"}
    clashes = [call("AK_TYPES_CLASH", call("TYPEOF", args[0].copy()), list_type(args[i]))
               for i in sorted(positions) if uncertain(args[0]) or uncertain(args[i])]
    return exp.or_(*clashes, copy=False) if clashes else None


def function_arguments(tree: exp.Expression) -> exp.Expression:
    """A function call (:mod:`signatures`) with an argument whose type only DuckDB knows (a
    subquery's column): refused as DuckDB binds the statement where the argument turns out to
    be of a type no signature takes, where Trino fails with ``FUNCTION_NOT_FOUND`` (DuckDB
    would hash a varchar's text, lower a number's, or take a text as a count).

    Args:
        tree: an annotated statement (modified in place).

    Returns:
        The statement.
    """
    from athenakit.local import signatures

    # a column typed by its name, or by sqlglot through a subquery: DuckDB's type decides
    trusted = typecheck.trusts_columns(tree)
    for node, name, args in list(signatures.calls(tree)):
        unsure = [i for i, a in enumerate(args) if run_time_column(a, trusted)]
        fitting = signatures.fitting(name, args, typecheck.certain_type) if unsure else []
        checks = {i: check for i in unsure if (check := _fits_any(
            args[i], {codes[i] for codes in fitting})) is not None}
        clash = _element_clash(args, fitting) if fitting else None
        if not checks and clash is None:
            continue
        refuse = f"{name} of a value whose type is known only at run time and is not one it takes"
        if name in signatures.AGGREGATES:  # each argument: an aggregate folds its rows
            for i, check in checks.items():
                args[i].replace(value_guard(exp.not_(check), _unexpected(node, name, args,
                                                                         refuse), args[i].copy()))
            continue
        conditions = [*checks.values(), *([exp.not_(clash)] if clash is not None else [])]
        guard = value_guard(exp.not_(exp.and_(*conditions, copy=False)),
                            _unexpected(node, name, args, refuse), node.copy())
        node.replace(guard)
        if guard.parent is None:
            return guard
    return tree


def typed_key(failure: str, offset: int | None, refusal: str, template: str,
              sides: Sequence[exp.Expr], *, at_call: bool = False,
              find: Sequence[str] = ()) -> exp.Expression:
    """The key ``ak_types|NAME|offset|call|refusal|template|side|...``, read back by
    :func:`athenakit.local.binder_failures.typed_failure`: Trino's failure ``failure`` (an error
    name) with ``template`` filled with the sides' Trino types (``{*}``: all, comma-joined;
    else ``{0}``, ``{1}``), placed at ``offset`` (``at_call``: the name of the function whose
    first argument is there; ``find``: the first of these words from there) -- or the refusal where a side's Trino type is not known exactly
    (DuckDB's ``VARCHAR`` is some ``varchar(n)``). A side is DuckDB's ``typeof([x])`` or a
    text ``'trino:<type>'``."""
    where = "call" if at_call else "find:" + "/".join(find) if find else "at"
    head = f"ak_types|{failure}|{-1 if offset is None else offset}|{where}|{refusal}|" \
           f"{template}"
    parts: list[exp.Expr] = [exp.Literal.string(head)]
    for side in sides:
        parts.extend((exp.Literal.string("|"), side))
    text = call("CONCAT", *parts)
    text.meta[DONE] = True
    return text


def value_guard(fails: exp.Expr, refusal: str | exp.Expression,
                value: exp.Expr) -> exp.Expression:
    """``value``, or a failure raised while DuckDB binds the statement where ``fails`` (a
    condition it folds while binding) holds: the refusal ``not supported locally: <refusal>``,
    or a :func:`typed_key`'s failure. Trino fails such a statement at analysis, whether or not
    a row holds a value. (A failure while binding, not ``error()``: DuckDB takes nothing
    volatile in a window's ORDER BY.)"""
    name = exp.Literal.string(REFUSED + refusal) if isinstance(refusal, str) \
        else refusal
    found = bound_check(fails, name)
    guard = _marked(exp.Case(ifs=[exp.If(this=exp.not_(found), true=exp.Null())],
                             default=value))
    guard.meta[VALUE_GUARD] = True
    return guard


def common_values(tree: exp.Expression) -> exp.Expression:
    """``IN``, ``COALESCE``, ``CASE`` results, ``ARRAY`` elements and ``NULLIF`` operands take
    one type in Trino, which fails (``TYPE_MISMATCH``) where two have none; DuckDB casts one to
    the other (``x IN ('1')`` of an integer x). Where a value's type is known only while DuckDB
    binds (a subquery's column), the statement is refused as DuckDB binds it if it clashes with
    another value's (the certain ones are checked before: :mod:`common_types`).

    Args:
        tree: an annotated statement (modified in place).

    Returns:
        The statement.
    """
    for node in list(tree.find_all(exp.In, exp.Coalesce, exp.Case, exp.Array, exp.Nullif)):
        if node.meta.get(VALUE_GUARD):  # a guard's own CASE: its value or a refusal
            continue
        found = common_types.values_of(node) if not isinstance(node, exp.Nullif) else (
            "NULLIF operands", [node.this, node.expression])
        if found is None:
            continue
        description = found[0]
        values = [v for v in found[1] if isinstance(v, exp.Expression)]
        unsure = [v for v in values if isinstance(v, exp.Column) and decimals.unknown(v)]
        if not unsure or len(values) < 2:
            continue
        clash = exp.or_(*(call("AK_TYPES_CLASH", list_type(u), list_type(v))
                          for u in unsure for v in values if v is not u))
        refuse = f"{description} without a common type, one of them typed only at run time"
        guard = value_guard(clash, refuse, node.copy())
        node.replace(guard)
        if guard.parent is None:
            return guard
    return tree

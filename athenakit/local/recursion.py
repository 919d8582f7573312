"""``WITH RECURSIVE`` with Trino's recursion depth limit.

Trino plans a recursive WITH query by unrolling its recursive step up to the session's
``max_recursion_depth`` times (10 in Athena engine version 3, which users cannot change) and
fails where one more step would still add rows: ``NOT_SUPPORTED: Recursion depth limit exceeded
(10). Use 'max_recursion_depth' session property to modify the limit.``
(``RelationPlanner.planRecursiveQuery``). DuckDB recursed until the step added no rows: a
deeper recursion was answered, and one that never ends never returned.

Here the recursive query counts its steps in a hidden column, stops after the eleventh, and
fails where a row of that step exists; the query the statement reads is the recursion without
the counter. Only Trino's shape is taken: a starting query, ``UNION ALL``, and a step that reads
the WITH query once; another is refused by name.

https://docs.aws.amazon.com/athena/latest/ug/select.html#select-parameters
https://trino.io/docs/current/sql/select.html#with-recursive-clause
"""

from __future__ import annotations

from sqlglot import exp

from athenakit.local.errors import UnsupportedLocally
from athenakit.local.nodes import call

DEPTH = 10  # Athena's max_recursion_depth
_COUNTER = "__ak_depth"
REFUSAL = "a recursive WITH query of another shape than start UNION ALL step"
_FAILURE = ("NOT_SUPPORTED: Recursion depth limit exceeded (10). Use 'max_recursion_depth' "
            "session property to modify the limit.")


def _reads(step: exp.Expr, name: str) -> list[exp.Table]:
    return [t for t in step.find_all(exp.Table) if not t.db and t.name.lower() == name]


def _counted(cte: exp.CTE) -> tuple[exp.CTE, exp.CTE] | None:
    """The counted recursion of ``cte`` and the query that reads it without its counter;
    None where ``cte`` does not read itself."""
    name = cte.alias_or_name.lower()
    union = cte.this
    if not _reads(union, name):
        return None
    if isinstance(union, exp.Union) and isinstance(union.this, exp.Values):
        union.set("this", _selected(union.this))  # VALUES (1) UNION ALL ...
    if not isinstance(union, exp.Union) or union.args.get("distinct") \
            or not isinstance(union.this, exp.Select) \
            or not isinstance(union.expression, exp.Select) \
            or _reads(union.this, name) or len(_reads(union.expression, name)) != 1:
        raise UnsupportedLocally(REFUSAL)
    alias = cte.args.get("alias")
    columns = list(alias.columns) if isinstance(alias, exp.TableAlias) else []
    if not columns or any(isinstance(e, exp.Star) for e in union.expression.expressions):
        raise UnsupportedLocally(REFUSAL, hint="name the WITH query's columns: t(a, b) AS (...)")
    _check_step(union, name)
    _check_types(union, [c.name.lower() for c in columns])
    hidden = f"__ak_rec_{name}"
    start, step = union.this.copy(), union.expression.copy()
    start.select(exp.Literal.number(0), copy=False)
    (source,) = _reads(step, name)
    reference = source.alias_or_name
    source.set("this", exp.to_identifier(hidden))
    source.set("alias", exp.TableAlias(this=exp.to_identifier(reference)))
    depth = exp.column(_COUNTER, table=reference)
    step.select(exp.Add(this=depth.copy(), expression=exp.Literal.number(1)), copy=False)
    step.where(exp.LTE(this=depth, expression=exp.Literal.number(DEPTH)), copy=False)
    counted = exp.CTE(this=exp.union(start, step, distinct=False), alias=exp.TableAlias(
        this=exp.to_identifier(hidden), columns=[c.copy() for c in columns]
        + [exp.to_identifier(_COUNTER)]))
    deepest = exp.select(exp.Max(this=exp.column(_COUNTER))).from_(hidden)
    check = exp.Case(ifs=[exp.If(this=exp.GT(this=exp.Subquery(this=deepest),
                                              expression=exp.Literal.number(DEPTH)),
                                 true=call("ERROR", exp.Literal.string(_FAILURE)))],
                     default=exp.true())
    plain = exp.select(*(exp.column(c.copy()) for c in columns)).from_(hidden).where(check)
    return counted, exp.CTE(this=plain, alias=alias.copy() if alias else None)


# clauses Trino takes in no recursive WITH query (StatementAnalyzer.analyzeRecursiveQuery:
# NOT_SUPPORTED, INVALID_LIMIT_CLAUSE; TestAnalyzer.testWithRecursiveUnsupportedClauses)
_CLAUSES = ("order", "limit", "offset", "fetch", "with_")
CLAUSE_REFUSAL = ("a recursive WITH query with ORDER BY, LIMIT, OFFSET, FETCH, a WITH of its own, "
                  "or its name inside an outer join's inner side")


def _check_step(union: exp.Union, name: str) -> None:
    """Trino rejects these shapes (with messages its tests do not assert): refused by name."""
    step = union.expression
    inner = [j for j in step.args.get("joins") or []
             if str(j.args.get("side") or "").upper() in ("LEFT", "FULL") and _reads(j, name)]
    source = step.args.get("from_")
    outer = [j for j in step.args.get("joins") or []
             if str(j.args.get("side") or "").upper() in ("RIGHT", "FULL")]
    if any(union.args.get(c) or union.this.args.get(c) or step.args.get(c) for c in _CLAUSES) \
            or inner or outer and source is not None and _reads(source, name):
        raise UnsupportedLocally(CLAUSE_REFUSAL)


def _check_types(union: exp.Union, columns: list[str]) -> None:
    """The step's column types coerce to the start's (``TYPE_MISMATCH: recursion step relation
    output type (bigint) is not coercible to recursion base relation output type (integer) at
    column 1``, at the step; ``TestAnalyzer.testWithRecursiveUncoercibleTypes``), checked
    where both are certain. DuckDB took their common type."""
    from athenakit.local import common_types
    from athenakit.local.failures import athena_error, start_of

    start, step = union.this, union.expression
    bases = _base_types(start)
    texts = {name for name, kind in zip(columns, bases) if kind and kind.startswith("varchar")}
    for index, (base_type, item) in enumerate(zip(bases, step.expressions)):
        step_type = _certain(item.unalias()) or _concatenation(item.unalias(), texts)
        if base_type is None or step_type is None:
            continue
        # Trino spells decimal(10,0) without a blank
        base_type, step_type = base_type.replace(", ", ","), step_type.replace(", ", ",")
        try:
            common = common_types.supertype(step_type, base_type)
        except common_types.Unsure:
            continue
        if common is None or common.replace(", ", ",") != base_type:
            raise athena_error(
                "TYPE_MISMATCH", f"recursion step relation output type ({step_type}) is not "
                f"coercible to recursion base relation output type ({base_type}) at column "
                f"{index + 1}", offset=start_of(step.expressions[0]), before="SELECT")


def _certain(node: exp.Expr) -> str | None:
    from athenakit.local import typecheck
    from athenakit.local.operator_types import operand

    return operand(node, typecheck.certain_type)


def _base_types(start: exp.Select) -> list[str | None]:
    """The starting query's column types where certain: its items', or for ``SELECT *`` of
    one VALUES the type its rows share."""
    source = start.args.get("from_")
    if len(start.expressions) == 1 and isinstance(start.expressions[0], exp.Star):
        values = source.this if source is not None else None
        if not isinstance(values, exp.Values) or start.args.get("joins"):
            return []
        rows = [r.expressions if isinstance(r, exp.Tuple) else [r] for r in values.expressions]
        kinds = [[_certain(cell) for cell in row] for row in rows]
        return [column[0] if len(set(column)) == 1 else None for column in zip(*kinds)]
    return [_certain(item.unalias()) for item in start.expressions]


def _concatenation(node: exp.Expr, texts: set[str]) -> str | None:
    """``varchar`` for ``||`` / ``concat`` of text literals and the recursion's varchar columns
    (Trino's concatenation is an unbounded varchar: ``ConcatFunction``)."""
    if not isinstance(node, exp.DPipe | exp.Concat):
        return None
    parts = [node.this, node.expression] if isinstance(node, exp.DPipe) else node.expressions
    for part in parts:
        text = isinstance(part, exp.Literal) and part.is_string \
            or isinstance(part, exp.Column) and part.name.lower() in texts \
            or _concatenation(part, texts) is not None
        if not text:
            return None
    return "varchar"


def _check_shape(cte: exp.CTE) -> None:
    """Every query of a recursive WITH names its columns and holds no recursive WITH of its
    own (``StatementAnalyzer.tryProcessRecursiveQuery``; ``TestAnalyzer
    .testWithQueryInvalidAliases`` / ``testNestedWith``), at the query's name and the inner
    WITH. DuckDB answered both."""
    from athenakit.local.failures import athena_error, start_of

    alias = cte.args.get("alias")
    if not (isinstance(alias, exp.TableAlias) and alias.columns):
        raise athena_error("MISSING_COLUMN_ALIASES", "missing column aliases in recursive WITH "
                           "query", offset=start_of(alias.this) if alias else start_of(cte))
    nested = next((w for w in cte.this.find_all(exp.With) if w.args.get("recursive")), None)
    if nested is not None:
        raise athena_error("NESTED_RECURSIVE", "nested recursive WITH query",
                           offset=start_of(nested.expressions[0]), before="with")


def _selected(values: exp.Values) -> exp.Select:
    """``VALUES ...`` as ``SELECT * FROM (VALUES ...) AS v(_c0, ...)``."""
    rows = values.expressions
    width = len(rows[0].expressions) if rows and isinstance(rows[0], exp.Tuple) else 1
    named = values.copy()
    named.set("alias", exp.TableAlias(this=exp.to_identifier("__ak_values"), columns=[
        exp.to_identifier(f"_c{i}") for i in range(width)]))
    return exp.select(*(exp.column(f"_c{i}") for i in range(width))).from_(named)


def rewrite(tree: exp.Expression) -> exp.Expression:
    """Count the steps of each recursive WITH query of ``tree`` (changed in place).

    Args:
        tree: a parsed statement.

    Returns:
        The statement.

    Raises:
        UnsupportedLocally: a recursive WITH query of another shape.
    """
    for with_ in list(tree.find_all(exp.With)):
        if not with_.args.get("recursive"):
            continue
        ctes: list[exp.Expr] = []
        for cte in with_.expressions:
            _check_shape(cte)
            found = _counted(cte)
            ctes.extend(found if found is not None else [cte])
        with_.set("expressions", ctes)
    return tree

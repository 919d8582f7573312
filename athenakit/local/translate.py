"""Athena SQL (Trino dialect) to DuckDB SQL, with Trino's semantics.

sqlglot parses the statement as Trino and generates DuckDB; :mod:`athenakit.local.rewrites`
then fixes every place where DuckDB's answer would differ from Trino's, mostly by calling the
``ak_*`` macros of :mod:`athenakit.local.compat`. Types of expressions (from literals, casts and
the table specs' column types) decide the rewrites that depend on them, such as ``date +
interval`` staying a date.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager

import sqlglot
from sqlglot import exp
from sqlglot.errors import ErrorLevel, ParseError, UnsupportedError
from sqlglot.optimizer.annotate_types import annotate_types

from athenakit.errors import SqlError
from athenakit.local import (
    analyzer_rules,
    chars,
    clause_guards,
    decimal_shapes,
    decimals,
    frames,
    geo,
    interval_fields,
    literal_types,
    map_grouping,
    operator_guards,
    rewrites,
    setops,
    time_precision,
    timeliterals,
    trys,
    typecheck,
    values_lists,
    verbatim,
    volatile,
)
from athenakit.local.dialect import AthenaTrino
from athenakit.local.errors import UnsupportedLocally
from athenakit.local.nodes import (
    RETYPED,
    SQL_TEXT,
    UNARY_PLUS,
    mark_decimal_casts,
    mark_written_operators,
    typed_text,
)


class _Collect(logging.Filter):
    """Keeps sqlglot's warnings (unsupported syntax, dropped arguments) from the user's stderr."""

    def __init__(self) -> None:
        super().__init__()
        self.messages: list[str] = []

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        # a JSON path sqlglot cannot read stays a string, read by athenakit.local.jsonpath
        if not message.startswith("Invalid JSON path syntax"):
            self.messages.append(message)
        return False


@contextmanager
def _no_silent_fallback() -> Iterator[None]:
    # Whatever sqlglot cannot carry over faithfully it only logs; here it fails the query.
    collect = _Collect()
    logger = logging.getLogger("sqlglot")
    logger.addFilter(collect)
    try:
        yield
    finally:
        logger.removeFilter(collect)
    if collect.messages:
        raise UnsupportedLocally(construct(collect.messages[0]))


def construct(message: str) -> str:
    """Name the construct of a sqlglot "unsupported" message as the user wrote it."""
    text = message.splitlines()[0].rstrip(".")
    for pattern, name in _CONSTRUCTS:
        if re.search(pattern, text):
            return name
    return text


# sqlglot's messages name DuckDB's side; the user wants to know what in *their* SQL failed.
_CONSTRUCTS = (
    (r"SHA256 hashing", "function sha512"),
    (r"LIST_SORT does not support a comparator", "array_sort with a comparator lambda"),
    (r"(\w+) does not support the occurrence parameter", "strpos with an instance argument"),
    (r"IGNORE NULLS", "IGNORE NULLS outside a window"),
    (r"RESPECT NULLS", "RESPECT NULLS outside a window"),
)

def parse(sql: str) -> list[exp.Expression]:
    """Parse one or more Athena (Trino) statements.

    Args:
        sql: SQL text; statements separated by ``;``.

    Returns:
        One sqlglot expression per statement.

    Raises:
        SqlError: with line and column when the text does not parse.
    """
    try:
        with _no_silent_fallback():
            trees = sqlglot.parse(sql, dialect=AthenaTrino)
    except ParseError as err:
        info = err.errors[0] if err.errors else {}
        raise SqlError(
            str(info.get("description") or err).splitlines()[0],
            line=info.get("line"), column=info.get("col"),
        ) from err
    out = [t for t in trees if isinstance(t, exp.Expression)]
    for tree in out:
        values_lists.row_values(tree)
        values_lists.subqueries(tree)
        tree.meta[SQL_TEXT] = sql
        for bracket in tree.find_all(exp.Bracket):
            if not bracket.args.get("offset") and not bracket.args.get("json_access"):
                bracket.set("offset", 1)  # the index is the user's, 1-based (AthenaTrino)
        for text in list(tree.find_all(exp.UnicodeString)):
            # U&'\+01F600' is a varchar literal of the characters it names: a varchar(1) to
            # typeof and codepoint, as any text literal (sqlglot decodes it for DuckDB)
            decoded: exp.Expression = exp.maybe_parse(text.sql(dialect="duckdb"), dialect="duckdb")
            decoded.meta.update(text.meta)  # (its position, for messages)
            text.replace(decoded)
    return out


_ROUNDS = 8  # nesting of CASE / COALESCE over decimals whose types are settled


def annotate(tree: exp.Expression, column_types: Mapping[str, str]) -> exp.Expression:
    """Attach types to ``tree``'s nodes; columns take their type from ``column_types``.

    Args:
        tree: a parsed statement (modified in place).
        column_types: lower-case column name -> Trino type text, for unambiguous names.

    Returns:
        The same tree.
    """
    _bare_decimals(tree)
    column_types = {**values_lists.values_types(tree), **column_types}
    for column in tree.find_all(exp.Column):
        text = column_types.get(column.name.lower())
        if text:
            try:
                column.type = exp.DataType.build(text, dialect="trino")
            except (ParseError, ValueError):
                continue
    _annotate_calls(tree)
    annotated = _annotate_types(tree)
    if annotated:
        decimal_shapes.retype(tree)
    if annotated and tree.find(exp.Coalesce, exp.Case, exp.If, exp.Array):
        from athenakit.local import decimal_choices

        # Trino's common type of decimals, then the types above it; a choice inside a choice
        # is settled one level per round
        for _ in range(_ROUNDS):
            if not decimal_choices.retype(tree):
                break
            _annotate_calls(tree)
            _annotate_types(tree)
            decimal_shapes.retype(tree)
    if annotated:
        time_precision.mark(tree)  # timestamp(p) and time(p) of literals, through columns
    if tree.find(exp.Lambda) is not None:  # the lambda module loads only for a lambda
        from athenakit.local import lambdas

        lambdas.type_parameters(tree)
    if annotated and any(c.to.is_type(exp.DType.JSON) for c in tree.find_all(exp.Cast)):
        from athenakit.local import timetext

        timetext.json_texts(tree)  # a timestamp's JSON string has its p digits
    if annotated and (any(a.name.upper() == "ARRAY_JOIN" for a in tree.find_all(exp.Anonymous))
                      or any(
            c.to.is_type(exp.DType.ARRAY, exp.DType.MAP, exp.DType.STRUCT)
            for c in tree.find_all(exp.Cast))):
        from athenakit.local import container_casts

        container_casts.rewrite(tree)  # element by element, as Trino casts them
    chars.propagate(tree, column_types)
    return tree


# result types of Trino functions sqlglot does not know (parse_duration: an interval day to
# second)
_CALL_TYPES = {"parse_datetime": "TIMESTAMPTZ", "parse_duration": "INTERVAL",
               "to_milliseconds": "BIGINT"}


def _annotate_calls(tree: exp.Expression) -> None:
    """Types of the calls sqlglot leaves untyped."""
    for call in tree.find_all(exp.Anonymous):  # Trino's nan() and infinity() are doubles
        if call.name.lower() in ("nan", "infinity") and not call.expressions:
            call.type = exp.DataType.build("DOUBLE")
        elif call.name.lower() in _CALL_TYPES:
            call.type = exp.DataType.build(_CALL_TYPES[call.name.lower()])
    for node in tree.find_all(exp.FromISO8601Date, exp.FromISO8601Timestamp,
                              exp.FromISO8601TimestampNanos):  # sqlglot leaves them untyped
        node.type = exp.DataType.build(
            "DATE" if isinstance(node, exp.FromISO8601Date) else "TIMESTAMPTZ")


def _annotate_types(tree: exp.Expression) -> bool:
    """sqlglot's types for the nodes not typed yet; False when its annotation failed."""
    try:
        annotate_types(tree, overwrite_types=False, dialect="trino")
        # sqlglot does not descend below a node that has a type, and a cast always has its
        # target's: an operand whose type decimal_choices cleared is annotated on its own, and
        # so is a concatenation (ARRAY[...] || x inside CAST(... AS JSON) is an array append;
        # other operands stay untyped: sqlglot would type timestamp - timestamp a timestamp)
        for cast in list(tree.find_all(exp.Cast)):
            if cast.this is not None and cast.this.type is None and (
                    cast.this.meta.get(RETYPED) or isinstance(cast.this, exp.DPipe | exp.Concat)):
                annotate_types(cast.this, overwrite_types=False, dialect="trino")
    except Exception:  # noqa: BLE001 - typing is best effort; rewrites fall back
        return False
    return True


def _bare_decimals(tree: exp.Expression) -> None:
    """``CAST(x AS DECIMAL)`` is ``decimal(38, 0)`` in Trino (TestTypeOfFunction:
    ``typeof(CAST(NULL AS DECIMAL))``; DuckDB reads a bare DECIMAL as ``decimal(18, 3)``), and
    a bare ``CHAR`` has its length."""
    for kind in tree.find_all(exp.DataType):
        cast = kind.parent
        while isinstance(cast, exp.DataType):
            cast = cast.parent
        # a CAST spelled out carries "safe"; DECIMAL '1.50' (a literal of its own type) does not
        explicit = isinstance(cast, exp.Cast) and "safe" in cast.args
        if kind.is_type(exp.DType.DECIMAL) and not kind.expressions and explicit:
            kind.set("expressions", [exp.DataTypeParam(this=exp.Literal.number(38)),
                                     exp.DataTypeParam(this=exp.Literal.number(0))])
        if kind.is_type(exp.DType.CHAR) and not kind.expressions and isinstance(cast, exp.Cast):
            # CAST(x AS CHAR) is char(1); CHAR 'abc' a char(3), typed by its text
            # (TestCharOperators.testIndeterminate: CHAR '123')
            text = cast.this
            n = len(str(text.this)) if not explicit and isinstance(text, exp.Literal) else 1
            kind.set("expressions", [exp.DataTypeParam(this=exp.Literal.number(n))])


def annotate_strictly(tree: exp.Expression, column_types: Mapping[str, str]) -> exp.Expression:
    """:func:`annotate`, failing the query on anything sqlglot only logs (as
    :func:`to_duckdb` does)."""
    with _no_silent_fallback():
        return annotate(tree, column_types)


def to_duckdb(tree: exp.Expression, column_types: Mapping[str, str] | None = None, *,
              annotated: bool = False, probes: list[setops.Probe] | None = None) -> str:
    """Generate DuckDB SQL with Trino semantics for one parsed statement.

    Args:
        tree: a statement from :func:`parse` (not modified).
        column_types: lower-case column name -> Trino type of the tables in scope.
        annotated: ``tree`` already carries its types (from :func:`annotate`).
        probes: filled with the set operations whose column types are checked once DuckDB
            binds their branches (:func:`athenakit.local.setops.check_bound`).

    Returns:
        DuckDB SQL text.

    Raises:
        UnsupportedLocally: the statement uses something DuckDB cannot reproduce.
    """
    try:
        with _no_silent_fallback():
            work = tree.copy() if annotated else annotate(tree.copy(), column_types or {})
            typecheck.check_argument_counts(work)
            analyzer_rules.apply(work)
            typecheck.check(work)
            frames.check(work)
            geo.check(work)
            map_grouping.check(work)
            drawn = volatile.tag(work)
            work = chars.rewrite(geo.rewrite(work))
            literal_types.mark(work)
            mark_decimal_casts(work)
            mark_written_operators(work)
            work = operator_guards.unary_plus(work)
            work = operator_guards.function_arguments(work)
            work = interval_fields.guard(work)
            work = frames.guard(work)
            work = clause_guards.join_using(work)
            work = clause_guards.typed_operands(work)
            work = clause_guards.case_operands(work)
            work = clause_guards.in_subqueries(work)
            work = clause_guards.betweens(work)
            work = operator_guards.common_values(work)
            work = rewrites.apply(work)
            if work.find(exp.Map, exp.MapFromEntries):
                from athenakit.local import maps

                maps.wrap(work)
            trys.apply(work)
            decimals.exact_literals(work)
            timeliterals.earlier_offsets(work)
            typed_text(work)
            if drawn:
                volatile.bind(work)
            _name_columns(work)
            _anonymous_rows(work)
            frames.nonvolatile(work)
            if probes is not None:
                probes.extend(setops.probes(work))
            return verbatim.sql(work) or work.sql(dialect="duckdb",
                                                  unsupported_level=ErrorLevel.RAISE)
    except UnsupportedError as err:
        raise UnsupportedLocally(construct(str(err))) from err


def _anonymous_rows(tree: exp.Expression) -> None:
    """A row type without field names (``ROW(BIGINT, DOUBLE)``, Trino's anonymous row) is
    DuckDB's ``TUPLE(BIGINT, DOUBLE)``: sqlglot would write ``STRUCT(BIGINT, DOUBLE)``, which
    DuckDB does not parse. Inner types first (a tuple of tuples)."""
    kinds = [k for k in tree.find_all(exp.DataType) if k.is_type(exp.DType.STRUCT)
             and k.expressions and not any(isinstance(f, exp.ColumnDef) for f in k.expressions)]
    for kind in reversed(kinds):  # (find_all is breadth first: the innermost come last)
        fields = ", ".join(f.sql(dialect="duckdb") for f in kind.expressions)
        kind.replace(exp.DataType.build(f"TUPLE({fields})", udt=True))


def _name_columns(tree: exp.Expression) -> None:
    # Athena names unnamed result columns _col0, _col1, ... by position.
    select = tree
    while isinstance(select, exp.SetOperation):
        select = select.this
    if not isinstance(select, exp.Select):
        return
    for i, item in enumerate(select.expressions):
        if not isinstance(item, (exp.Alias, exp.Column, exp.Star)) or UNARY_PLUS in item.meta:
            item.replace(exp.alias_(item.copy(), f"_col{i}", quoted=True))


def transpile(sql: str, column_types: Mapping[str, str] | None = None) -> list[str]:
    """Parse Athena SQL and return DuckDB SQL, one string per statement.

    Example:
        >>> transpile("SELECT slice(ARRAY[1, 2, 3], 2, 1)")
        ['SELECT AK_SLICE([1, 2, 3], 2, 1) AS "_col0"']
    """
    return [to_duckdb(t, column_types) for t in parse(sql)]

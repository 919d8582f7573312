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
from typing import Any

import sqlglot
from sqlglot import exp
from sqlglot.dialects.trino import Trino
from sqlglot.errors import ErrorLevel, ParseError, UnsupportedError
from sqlglot.optimizer.annotate_types import annotate_types
from sqlglot.tokenizer_core import TokenType

from athenakit.errors import SqlError
from athenakit.local import (
    chars,
    clause_guards,
    decimals,
    frames,
    geo,
    literal_types,
    map_grouping,
    operator_guards,
    rewrites,
    setops,
    timeliterals,
    trys,
    typecheck,
    verbatim,
)
from athenakit.local.errors import UnsupportedLocally
from athenakit.local.nodes import (
    RETYPED,
    SELECT_AT,
    SQL_TEXT,
    UNARY_PLUS,
    VALUES_QUERY,
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

# Functions whose arguments sqlglot would convert at parse time (format patterns, regex
# replacement syntax); kept as plain calls so the rewrites see what the user wrote.
_RAW_FUNCTIONS = (
    "DATE_FORMAT", "DATE_PARSE", "FORMAT_DATETIME", "PARSE_DATETIME", "FORMAT",
    "REGEXP_REPLACE", "TO_ISO8601", "ARRAY_JOIN", "SEQUENCE", "GREATEST", "LEAST", "TYPEOF",
    "ARRAY_MAX", "ARRAY_MIN", "SPLIT_PART", "JSON_ARRAY_CONTAINS",
)


def _raw(name: str):  # type: ignore[no-untyped-def]
    return lambda args: exp.Anonymous(this=name, expressions=args)


def _distinct_kept(name: str, build: Any):  # type: ignore[no-untyped-def]
    """``corr(DISTINCT x, y)``: sqlglot reads ``DISTINCT x, y`` as the first argument and
    then misses the second (a false syntax error); kept as a call for
    :func:`athenakit.local.aggregates.distinct_arguments` to refuse."""
    def built(args: list[exp.Expr], dialect: Any = None) -> exp.Expr:
        if len(args) == 1 and isinstance(args[0], exp.Distinct) and len(args[0].expressions) > 1:
            return exp.Anonymous(this=name, expressions=args)
        try:
            return build(args)  # type: ignore[no-any-return]
        except TypeError:
            return build(args, dialect=dialect)  # type: ignore[no-any-return]
    return built


def _aggregate_builders() -> dict[str, Any]:
    functions = Trino.Parser.FUNCTIONS
    kept = {}
    for name, build in functions.items():
        kind = getattr(build, "__self__", None)
        if isinstance(kind, type) and issubclass(kind, exp.AggFunc) and kind is not exp.Count:
            kept[name] = _distinct_kept(name, build)
    return kept


def _negation(parser: Any) -> exp.Expression:
    """``-x`` with the position of its ``-``."""
    token = parser._prev
    node = exp.Neg(this=parser._parse_unary())
    node.update_positions(token)
    built: exp.Expression = parser.expression(node)
    return built


def _unary_plus(parser: Any) -> exp.Expression | None:
    """``+x``: sqlglot drops the sign; its position is kept on ``x`` (Trino types it)."""
    token = parser._prev
    node: exp.Expression | None = parser._parse_unary()
    if node is not None:
        node.meta.setdefault(UNARY_PLUS, token.start)  # the innermost sign fails first
    return node


class AthenaTrino(Trino):
    """Trino dialect that leaves a few functions unconverted for :mod:`rewrites`.

    Subscripts keep the index the user wrote: sqlglot would shift an index to 0-based while
    parsing when its type is known then (``a[length(s)]``, ``a[1]``) and back to 1-based while
    writing DuckDB's SQL when its type is known by then (``a[k]`` of an integer column), so an
    index typed at one step only came out one off. Parsed, every subscript is marked 1-based
    (``offset=1``), which DuckDB's is too.
    """

    INDEX_OFFSET = 0

    def to_json_path(self, path: exp.Expr | None) -> exp.Expr | None:
        """A literal JSON path stays the text the user wrote where sqlglot's reading of it
        would change it (``'bad'`` is read as ``$.bad``; Trino rejects it): the text is read
        by Trino's tokenizer (:mod:`athenakit.local.jsonpath`)."""
        from athenakit.local.jsonpath import path_of, tokenize

        if isinstance(path, exp.Literal) and path.is_string:
            try:
                tokenize(path.name)
            except ValueError:
                return path  # a path Trino rejects ('$.fuu..bar'): its error names the text
        converted = super().to_json_path(path)
        if isinstance(path, exp.Literal) and path.is_string \
                and isinstance(converted, exp.JSONPath) and path_of(converted) != path.name:
            return path
        return converted

    class Parser(Trino.Parser):  # type: ignore[valid-type,misc]
        FUNCTIONS = {**Trino.Parser.FUNCTIONS, **_aggregate_builders(),  # noqa: RUF012
                     **{n: _raw(n) for n in _RAW_FUNCTIONS}}
        # positions of the tokens Trino places errors at (sqlglot keeps none for them): TRUE,
        # FALSE, NULL, and the ``-`` of a negation (AstBuilder.visitArithmeticUnary)
        PRIMARY_PARSERS = {  # noqa: RUF012
            **Trino.Parser.PRIMARY_PARSERS,
            TokenType.TRUE: lambda self, token: self.expression(exp.Boolean(this=True), token),
            TokenType.FALSE: lambda self, token: self.expression(exp.Boolean(this=False), token),
            TokenType.NULL: lambda self, token: self.expression(exp.Null(), token),
        }
        UNARY_PARSERS = {**Trino.Parser.UNARY_PARSERS, TokenType.DASH: _negation,  # noqa: RUF012
                         TokenType.PLUS: _unary_plus}

        def _parse_select_query(self, *args: Any, **kwargs: Any) -> exp.Expr | None:
            # the position of each SELECT keyword (sqlglot keeps none): Trino places errors
            # about a subquery there
            token = self._curr
            query: exp.Expr | None = super()._parse_select_query(*args, **kwargs)
            target = query
            while isinstance(target, exp.Subquery | exp.SetOperation):
                target = target.this
            if token is not None and token.token_type == TokenType.SELECT \
                    and isinstance(target, exp.Select):
                target.meta.setdefault(SELECT_AT, token.start)
            return query

        def _parse_escape(self, this: exp.Expr | None) -> exp.Expr | None:
            # Trino's escape is any expression (``x LIKE p ESCAPE e`` of columns); sqlglot
            # reads only a string or NULL there
            if not self._match(TokenType.ESCAPE):
                return this
            escape = self._parse_bitwise()
            node: exp.Expr = self.expression(exp.Escape(this=this, expression=escape))
            return node


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
        _row_values(tree)
        _values_queries(tree)
        tree.meta[SQL_TEXT] = sql
        for bracket in tree.find_all(exp.Bracket):
            if not bracket.args.get("offset") and not bracket.args.get("json_access"):
                bracket.set("offset", 1)  # the index is the user's, 1-based (AthenaTrino)
    return out


def _row_values(tree: exp.Expression) -> None:
    """A VALUES row that is one row value (``ROW(1, 2)``, a cast to a ROW type) is a row of its
    fields (``StatementAnalyzer.visitValues``; ``TestAnalyzer.testValues``: ``Values rows have
    mismatched sizes`` for ``VALUES (1, 2), CAST(ROW(1, 2, 3) AS ...)``); sqlglot kept it one
    row-typed column. ``ROW(ROW(1, 2))`` stays one column of a row."""
    for values in tree.find_all(exp.Values):
        for row in values.expressions:
            only = row.expressions[0] if isinstance(row, exp.Tuple) \
                and len(row.expressions) == 1 else None
            if isinstance(only, exp.Struct) and not any(
                    isinstance(e, exp.PropertyEQ | exp.Alias) for e in only.expressions):
                row.set("expressions", [e.copy() for e in only.expressions])
            elif isinstance(only, exp.Cast) and only.to.is_type(exp.DType.STRUCT) \
                    and all(isinstance(f, exp.ColumnDef) for f in only.to.expressions):
                row.set("expressions", [
                    exp.Dot(this=exp.Paren(this=only.copy()), expression=f.this.copy())
                    for f in only.to.expressions])


def _query_of(values: exp.Values) -> exp.Subquery:
    """``(SELECT _col0, ... FROM (VALUES ...) AS _values(_col0, ...))``: the columns named
    (DuckDB takes no ``*`` in a quantified comparison's subquery)."""
    first = values.expressions[0] if values.expressions else None
    width = len(first.expressions) if isinstance(first, exp.Tuple) else 1
    names = [exp.to_identifier(f"_col{i}", quoted=True) for i in range(width)]
    source = exp.Subquery(this=values.copy(), alias=exp.TableAlias(
        this=exp.to_identifier("_values"), columns=names))
    select = exp.Select(expressions=[exp.column(n.copy()) for n in names]).from_(source)
    select.meta[VALUES_QUERY] = True
    return exp.Subquery(this=select)


def _values_queries(tree: exp.Expression) -> None:
    """A VALUES used as a subquery in an expression (``x IN (VALUES 1, 2)``, ``x > ALL
    (VALUES 1)``, ``(VALUES 1)``) is a query in Trino (``TestAnalyzer``); sqlglot read the IN
    one as a list holding the VALUES, which DuckDB does not take. Each becomes ``(SELECT *
    FROM (VALUES ...))``."""
    for node in list(tree.find_all(exp.In, exp.Anonymous, exp.Subquery)):
        if isinstance(node, exp.In) and len(node.expressions) == 1 \
                and isinstance(node.expressions[0], exp.Values):
            node.set("query", _query_of(node.expressions[0]))
            node.set("expressions", [])
        elif isinstance(node, exp.Anonymous) and node.name.upper() in ("ALL", "ANY", "SOME") \
                and len(node.expressions) == 1 and isinstance(node.expressions[0], exp.Values):
            kind = exp.All if node.name.upper() == "ALL" else exp.Any
            node.replace(kind(this=_query_of(node.expressions[0])))
        elif isinstance(node, exp.Subquery) and isinstance(node.this, exp.Values) \
                and not isinstance(node.parent, exp.From | exp.Join) \
                and not node.args.get("alias") and not isinstance(node.parent, exp.Union):
            node.replace(_query_of(node.this))


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
    column_types = {**values_types(tree), **column_types}
    for column in tree.find_all(exp.Column):
        text = column_types.get(column.name.lower())
        if text:
            try:
                column.type = exp.DataType.build(text, dialect="trino")
            except (ParseError, ValueError):
                continue
    _annotate_calls(tree)
    if _annotate_types(tree) and tree.find(exp.Coalesce, exp.Case, exp.If, exp.Array):
        from athenakit.local import decimal_choices

        # Trino's common type of decimals, then the types above it; a choice inside a choice
        # is settled one level per round
        for _ in range(_ROUNDS):
            if not decimal_choices.retype(tree):
                break
            _annotate_calls(tree)
            _annotate_types(tree)
    if tree.find(exp.Lambda) is not None:  # the lambda module loads only for a lambda
        from athenakit.local import lambdas

        lambdas.type_parameters(tree)
    chars.propagate(tree, column_types)
    return tree


def _annotate_calls(tree: exp.Expression) -> None:
    """Types of the calls sqlglot leaves untyped."""
    for call in tree.find_all(exp.Anonymous):  # Trino's nan() and infinity() are doubles
        if call.name.lower() in ("nan", "infinity") and not call.expressions:
            call.type = exp.DataType.build("DOUBLE")
        elif call.name.lower() == "parse_datetime":
            call.type = exp.DataType.build("TIMESTAMPTZ")
    for node in tree.find_all(exp.FromISO8601Date, exp.FromISO8601Timestamp,
                              exp.FromISO8601TimestampNanos):  # sqlglot leaves them untyped
        node.type = exp.DataType.build(
            "DATE" if isinstance(node, exp.FromISO8601Date) else "TIMESTAMPTZ")


def _annotate_types(tree: exp.Expression) -> bool:
    """sqlglot's types for the nodes not typed yet; False when its annotation failed."""
    try:
        annotate_types(tree, overwrite_types=False, dialect="trino")
        # sqlglot does not descend below a node that has a type, and a cast always has its
        # target's: an operand whose type decimal_choices cleared is annotated on its own
        for cast in list(tree.find_all(exp.Cast)):
            if cast.this is not None and cast.this.type is None \
                    and cast.this.meta.get(RETYPED):
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


def _value_type(node: exp.Expression) -> str | None:
    """Trino's type of one VALUES cell (literals by their text, casts by their target)."""
    if isinstance(node, exp.Neg) and isinstance(node.this, exp.Literal) and node.this.is_int \
            and int(node.this.name) == 2**31:
        return "integer"  # -2147483648 is an integer (typecheck.literal_type)
    if isinstance(node, exp.Neg | exp.Paren):
        return _value_type(node.this)
    if isinstance(node, exp.Null):
        return None
    if isinstance(node, exp.Boolean):
        return "boolean"
    if decimals.is_decimal(node):
        found = decimals.shape(node)
        return f"decimal({found[0]}, {found[1]})" if found else None
    if isinstance(node, exp.Literal):
        text = str(node.this)
        if node.is_string:  # Trino's VALUES column: the longest text's varchar(n)
            return f"varchar({len(text)})"
        if "e" in text.lower():
            return "double"
        return "integer" if text.isdigit() and int(text) < 2**31 else "bigint"
    if isinstance(node, exp.Cast) and node.to.this != exp.DType.UNKNOWN:
        return node.to.sql(dialect="trino").lower()
    return None


def _common(types: list[str]) -> str | None:
    widths = [re.fullmatch(r"char\((\d+)\)", t) for t in types]
    if types and all(widths):  # Trino's common type of char(3) and char(5) is char(5)
        return f"char({max(int(m.group(1)) for m in widths if m)})"
    texts = [re.fullmatch(r"varchar(?:\((\d+)\))?", t) for t in types]
    if types and all(texts):  # varchar(3) and varchar(5): varchar(5); with varchar: varchar
        lengths = [m.group(1) for m in texts if m]
        return "varchar" if None in lengths else f"varchar({max(int(n) for n in lengths if n)})"
    shapes = [re.fullmatch(r"decimal\((\d+), ?(\d+)\)", t) for t in types]
    if types and all(shapes):
        whole = max(int(m.group(1)) - int(m.group(2)) for m in shapes if m)
        scale = max(int(m.group(2)) for m in shapes if m)
        return f"decimal({min(38, whole + scale)}, {scale})"
    return types[0] if types and all(t == types[0] for t in types) else None


def values_column_types(values: exp.Values) -> list[str | None]:
    """Trino's type of each column of ``VALUES ...``, None where it is not known here."""
    rows = [r.expressions if isinstance(r, exp.Tuple) else [r] for r in values.expressions]
    width = max((len(row) for row in rows), default=0)
    return [_common([c for c in (_value_type(row[i]) for row in rows if i < len(row))
                     if c is not None]) for i in range(width)]


def values_types(tree: exp.Expression) -> dict[str, str]:
    """Column name -> Trino type for the columns of ``(VALUES ...) t(a, b)`` in ``tree``."""
    found: dict[str, str] = {}
    clashing: set[str] = set()  # a name two VALUES give other types: not known by name
    for values in tree.find_all(exp.Values):
        alias = values.args.get("alias")
        names = [c.name.lower() for c in alias.columns] if alias else []
        rows = [r.expressions if isinstance(r, exp.Tuple) else [r] for r in values.expressions]
        for at, (name, kind) in enumerate(zip(names, values_column_types(values))):
            if kind is None and all(isinstance(r[at], exp.Null) for r in rows if at < len(r)):
                continue  # NULLs only: a type of no one's (it takes the other's)
            if kind is None or found.setdefault(name, kind) != kind:
                clashing.add(name)
    return {name: kind for name, kind in found.items() if name not in clashing}


def annotate_strictly(tree: exp.Expression, column_types: Mapping[str, str]) -> exp.Expression:
    """:func:`annotate`, failing the query on anything sqlglot only logs (as
    :func:`to_duckdb` does)."""
    with _no_silent_fallback():
        return annotate(tree, column_types)


def _analyzer_rules(work: exp.Expression) -> None:
    """Trino's analyzer rules for the clauses ``work`` has (each module loads only for a
    statement with its clause, so a plain SELECT starts fast); the recursion and set quantifier
    rewrites come after the checks."""
    if work.find(exp.AggFunc, exp.Window, exp.Grouping, exp.Lambda, exp.Group, exp.Order):
        from athenakit.local import placement

        placement.check(work)
    if any(isinstance(d.parent, exp.AggFunc | exp.Anonymous) and len(d.expressions) > 1
           for d in work.find_all(exp.Distinct)):
        from athenakit.local import aggregates

        aggregates.distinct_arguments(work)
    if work.find(exp.Filter, exp.Distinct, exp.Bracket, exp.Cast) or any(
            isinstance(o.parent, exp.Func) for o in work.find_all(exp.Order)) or any(
            not s.args.get("from_") and s.is_star for s in work.find_all(exp.Select)):
        from athenakit.local import call_forms

        call_forms.check(work)
    if work.find(exp.Fetch):
        from athenakit.local import fetch

        fetch.check(work)
    if any(s.args.get("order") for s in work.find_all(exp.Select)):
        from athenakit.local import order_by

        order_by.check(work)
    if work.find(exp.Alias):
        from athenakit.local import aliases

        aliases.check(work)
        aliases.resolve_order(work)
    if any(s.args.get("windows") for s in work.find_all(exp.Select)) or any(
            isinstance(w.args.get("alias"), exp.Identifier) for w in work.find_all(exp.Window)):
        from athenakit.local import named_windows

        named_windows.resolve(work)
    if work.find(exp.Join, exp.TableAlias, exp.Subquery, exp.CTE, exp.TableSample):
        from athenakit.local import laterals, outer_references, relations

        for join in list(work.find_all(exp.Join)):
            laterals.check(join)
        relations.check(work)
        outer_references.derived_tables(work)
    if any(j.args.get("using") for j in work.find_all(exp.Join)):
        from athenakit.local import using_joins

        using_joins.rewrite(work)
    if work.find(exp.Lambda):
        from athenakit.local import lambdas

        lambdas.check_arity(work)
    if any(isinstance(c.this, exp.Star) and c.table for c in work.find_all(exp.Column)) or any(
            s.is_star and s.args.get("group") for s in work.find_all(exp.Select)):
        from athenakit.local import stars

        stars.check(work)
    if any(isinstance(s.parent, exp.Subquery) and (s.args.get("limit") or s.args.get("fetch"))
           for s in work.find_all(exp.Select)):
        from athenakit.local import correlation

        correlation.check(work)
    if work.find(exp.Exists, exp.Any, exp.All) or any(
            not isinstance(s.parent, exp.From | exp.Join)
            for s in work.find_all(exp.Subquery)) or any(
            isinstance(v.parent, exp.In) for v in work.find_all(exp.Values)):
        from athenakit.local import decorrelation, outer_references

        outer_references.check(work)
        decorrelation.check(work)
    if work.find(exp.With):
        from athenakit.local import recursion

        recursion.rewrite(work)
    if work.find(exp.Group):
        from athenakit.local import group_quantifier

        group_quantifier.rewrite(work)


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
            _analyzer_rules(work)
            typecheck.check(work)
            frames.check(work)
            geo.check(work)
            map_grouping.check(work)
            work = chars.rewrite(geo.rewrite(work))
            literal_types.mark(work)
            mark_decimal_casts(work)
            mark_written_operators(work)
            work = operator_guards.unary_plus(work)
            work = operator_guards.function_arguments(work)
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
            _name_columns(work)
            frames.nonvolatile(work)
            if probes is not None:
                probes.extend(setops.probes(work))
            return verbatim.sql(work) or work.sql(dialect="duckdb",
                                                  unsupported_level=ErrorLevel.RAISE)
    except UnsupportedError as err:
        raise UnsupportedLocally(construct(str(err))) from err


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

"""The Trino dialect the local engine parses with: sqlglot's, keeping what the user wrote.

Some functions stay plain calls (their arguments are not converted at parse time), a
subscript keeps its 1-based index, TRUE / FALSE / NULL / ``-`` / SELECT keep their positions,
an escape may be any expression, and ``corr(DISTINCT x, y)`` stays a call to refuse.
"""

from __future__ import annotations

import inspect
from typing import Any

from sqlglot import exp
from sqlglot.dialects.trino import Trino
from sqlglot.tokenizer_core import TokenType

from athenakit.local.nodes import SELECT_AT, UNARY_PLUS

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


# sqlglot's messages for a call's argument count (Expr.error_messages)
_COUNT_MESSAGES = ("Required keyword: ", "The number of provided arguments (")
WRONG_COUNT = "ak_wrong_count"  # meta: a call with such a count, kept as written


# functions whose builders drop arguments past these counts (uuid(1) was uuid(), array_agg(x,
# 2) array_agg(x)) or build a node missing one below them (element_at(a) a subscript of
# nothing): another count is kept as a call, for typecheck to fail it as Trino does
_ARGUMENT_COUNTS = {"UUID": (0, 0), "ARRAY_AGG": (1, 1), "RAND": (0, 2), "RANDOM": (0, 2),
                    "NOW": (0, 0), "ELEMENT_AT": (2, 2), "JSON_QUERY": (2, 3)}


def _wrong_count(name: str, args: list[exp.Expr]) -> exp.Anonymous:
    """A call with an argument count the function has not, kept as written (WRONG_COUNT)."""
    call = exp.Anonymous(this=name, expressions=args)
    call.meta[WRONG_COUNT] = True
    return call


def _counted(name: str, build: Any, counts: tuple[int, int]):  # type: ignore[no-untyped-def]
    takes_dialect = "dialect" in inspect.signature(build).parameters

    # sqlglot passes ``dialect`` to a builder only after calling it without one failed
    def built(args: list[exp.Expr], dialect: Any) -> exp.Expr:
        if not counts[0] <= len(args) <= counts[1]:  # (typecheck: FUNCTION_NOT_FOUND)
            return _wrong_count(name, args)
        if takes_dialect:
            return build(args, dialect=dialect)  # type: ignore[no-any-return]
        return build(args)  # type: ignore[no-any-return]
    return built


def _aggregate_builders() -> dict[str, Any]:
    functions = Trino.Parser.FUNCTIONS
    kept = {}
    for name, build in functions.items():
        kind = getattr(build, "__self__", None)
        if isinstance(kind, type) and issubclass(kind, exp.AggFunc) and kind is not exp.Count:
            kept[name] = _distinct_kept(name, build)
    return kept


def _json_query(parser: Any) -> exp.Expr:
    """``json_query(x, path ...)``: Trino's grammar requires the path (a syntax error without
    it; sqlglot's node took ``False`` for it, which stopped the engine later)."""
    node: exp.Expr = Trino.Parser.FUNCTION_PARSERS["JSON_QUERY"](parser)
    if isinstance(node, exp.JSONExtract) and not isinstance(node.expression, exp.Expr):
        parser.raise_error("Expecting: ','")
    return node


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
                     **{n: _raw(n) for n in _RAW_FUNCTIONS},
                     **{n: _counted(n, Trino.Parser.FUNCTIONS[n], counts)
                        for n, counts in _ARGUMENT_COUNTS.items() if n in Trino.Parser.FUNCTIONS}}
        FUNCTION_PARSERS = {**Trino.Parser.FUNCTION_PARSERS,  # noqa: RUF012
                            "JSON_QUERY": lambda self: _json_query(self)}
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

        def _parse_function_call(self, *args: Any, **kwargs: Any) -> exp.Expr | None:
            # the name token of each call being read, for validate_expression
            self._ak_names = [*getattr(self, "_ak_names", []), self._curr]
            try:
                call: exp.Expr | None = super()._parse_function_call(*args, **kwargs)
            finally:
                self._ak_names = self._ak_names[:-1]
            return call

        def validate_expression(self, expression: Any, args: list[Any] | None = None) -> Any:
            # a call with an argument count sqlglot's node has not (``strpos('a')``,
            # ``upper('a', 'b')``) is Trino's FUNCTION_NOT_FOUND, not a syntax error: kept, with
            # the name as written, for typecheck to fail it with the arguments' types
            names = getattr(self, "_ak_names", None)
            if args is not None and isinstance(expression, exp.Func) and names:
                messages = expression.error_messages(args)
                if messages and all(m.startswith(_COUNT_MESSAGES) for m in messages):
                    # (as written: sqlglot's node may drop an argument)
                    return _wrong_count(names[-1].text, args)
            return super().validate_expression(expression, args)

        def _parse_derived_table_values(self, *args: Any, **kwargs: Any) -> exp.Values | None:
            # a parenthesized VALUES followed by UNION / INTERSECT / EXCEPT is a query, read
            # as a subquery (_parse_wrapped_select) instead of a table
            index = self._index
            if self._match_pair(TokenType.L_PAREN, TokenType.VALUES):
                self._parse_csv(self._parse_value)
                setop = self._curr is not None and self._curr.token_type in (
                    TokenType.UNION, TokenType.INTERSECT, TokenType.EXCEPT)
                self._retreat(index)
                if setop:
                    return None
            values: exp.Values | None = super()._parse_derived_table_values(*args, **kwargs)
            return values

        def _parse_wrapped_select(self, table: bool = False) -> exp.Expr | None:
            # ``FROM (VALUES 1, 2 UNION VALUES 3) t(v)``: sqlglot reads a parenthesized VALUES
            # in FROM as a table, which takes no set operation after it
            if table and self._match(TokenType.VALUES, advance=False):
                index = self._index
                query = self._parse_select(nested=True)
                if isinstance(query, exp.SetOperation):
                    modified: exp.Expr | None = self._parse_query_modifiers(query)
                    return modified
                self._retreat(index)
            wrapped: exp.Expr | None = super()._parse_wrapped_select(table=table)
            return wrapped

        def _parse_escape(self, this: exp.Expr | None) -> exp.Expr | None:
            # Trino's escape is any expression (``x LIKE p ESCAPE e`` of columns); sqlglot
            # reads only a string or NULL there
            if not self._match(TokenType.ESCAPE):
                return this
            escape = self._parse_bitwise()
            node: exp.Expr = self.expression(exp.Escape(this=this, expression=escape))
            return node

"""Syntax of other dialects that sqlglot's reader tolerates and Trino's grammar does not.

sqlglot reads Athena SQL with a Trino parser that also accepts much of DuckDB, Spark, Hive,
MySQL, Postgres and T-SQL: ``SELECT a FROM FROM t`` parses (DuckDB's FROM-first form), so do
``a::int``, ``LIMIT 5, 10``, ``LATERAL VIEW explode(...)``, ``SELECT * EXCLUDE (a)`` and a
trailing comma before FROM. Athena's Trino engine rejects every one of them, so each is reported
(AK305) at the token where it starts. The rule reads the statement's tokens, never sqlglot's
rewritten tree, so nothing sqlglot normalised away is missed.

Trino's grammar: https://trino.io/docs/current/sql/select.html
https://docs.aws.amazon.com/athena/latest/ug/select.html
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from sqlglot.tokenizer_core import Token, TokenType

from athenakit.check.context import Context
from athenakit.sql.quoting import Engine

_T = TokenType
# Types a Trino CAST understands (https://trino.io/docs/current/language/types.html).
TRINO_TYPES = frozenset({
    "BOOLEAN", "TINYINT", "SMALLINT", "INTEGER", "INT", "BIGINT", "REAL", "DOUBLE", "DECIMAL",
    "VARCHAR", "CHAR", "VARBINARY", "JSON", "DATE", "TIME", "TIMESTAMP", "INTERVAL", "ARRAY",
    "MAP", "ROW", "IPADDRESS", "IPPREFIX", "UUID", "HYPERLOGLOG", "P4HYPERLOGLOG", "QDIGEST", "TDIGEST",
    "SETDIGEST", "GEOMETRY", "SPHERICALGEOGRAPHY", "BINGTILE",
})
_CLAUSE_END = frozenset({
    _T.FROM, _T.WHERE, _T.GROUP_BY, _T.ORDER_BY, _T.HAVING, _T.LIMIT, _T.R_PAREN, _T.UNION,
    _T.WINDOW, _T.EXCEPT, _T.INTERSECT, _T.JOIN, _T.ON,
})
# word sequences that only other dialects have, and what Athena takes instead
_WORD_PATTERNS: dict[tuple[str, ...], str] = {
    ("LATERAL", "VIEW"): "LATERAL VIEW is Hive/Spark; write CROSS JOIN UNNEST(array) AS t(x)",
    ("CLUSTER", "BY"): "CLUSTER BY is Hive/Spark; Athena queries have no such clause",
    ("DISTRIBUTE", "BY"): "DISTRIBUTE BY is Hive/Spark; Athena queries have no such clause",
    ("SORT", "BY"): "SORT BY is Hive/Spark; write ORDER BY",
    ("DISTINCT", "ON"): "DISTINCT ON is Postgres; use row_number() OVER (PARTITION BY ...)",
    ("USING", "SAMPLE"): "USING SAMPLE is DuckDB; write TABLESAMPLE BERNOULLI (percent)",
    ("UNION", "BY", "NAME"): "UNION BY NAME is DuckDB; list the columns of both sides",
    ("NATURAL", "JOIN"): "Trino does not support NATURAL JOIN; write JOIN ... USING (...)",
    ("NATURAL", "LEFT"): "Trino does not support NATURAL JOIN; write JOIN ... USING (...)",
    ("NATURAL", "INNER"): "Trino does not support NATURAL JOIN; write JOIN ... USING (...)",
    ("SEMI", "JOIN"): "SEMI JOIN is Spark/DuckDB; write WHERE EXISTS (SELECT ...)",
    ("ANTI", "JOIN"): "ANTI JOIN is Spark/DuckDB; write WHERE NOT EXISTS (SELECT ...)",
    ("ASOF", "JOIN"): "ASOF JOIN is DuckDB; Athena has no such join",
    ("POSITIONAL", "JOIN"): "POSITIONAL JOIN is DuckDB; Athena has no such join",
    ("CROSS", "APPLY"): "CROSS APPLY is T-SQL; write CROSS JOIN LATERAL (...) or UNNEST",
    ("OUTER", "APPLY"): "OUTER APPLY is T-SQL; write LEFT JOIN LATERAL (...) ON true",
    ("STRAIGHT_JOIN",): "STRAIGHT_JOIN is MySQL; write JOIN",
    ("ARRAY", "JOIN"): "ARRAY JOIN is ClickHouse; write CROSS JOIN UNNEST(array) AS t(x)",
    ("WITH", "ROLLUP"): "GROUP BY ... WITH ROLLUP is MySQL; write GROUP BY ROLLUP (...)",
    ("BETWEEN", "SYMMETRIC"): "BETWEEN SYMMETRIC is Postgres; Trino has only BETWEEN",
    ("SYSTEM_TIME",): "FOR SYSTEM_TIME AS OF is not Trino; write FOR TIMESTAMP AS OF",
    ("PIVOT",): "PIVOT is not Trino SQL; aggregate with CASE or filter (WHERE ...) instead",
    ("UNPIVOT",): "UNPIVOT is not Trino SQL; use CROSS JOIN UNNEST(ARRAY[...], ARRAY[...])",
    ("QUALIFY",): "QUALIFY is not Trino SQL; filter a window function in an outer query",
    ("ILIKE",): "ILIKE is Postgres/DuckDB; write lower(x) LIKE lower(pattern)",
    ("RLIKE",): "RLIKE is Hive/Spark; write regexp_like(x, pattern)",
    ("REGEXP",): "REGEXP as an operator is Hive/MySQL; write regexp_like(x, pattern)",
    ("GLOB",): "GLOB is SQLite/DuckDB; write LIKE or regexp_like",
    ("SIMILAR", "TO"): "SIMILAR TO is Postgres; write regexp_like(x, pattern)",
    ("RETURNING",): "RETURNING is Postgres; Athena returns no rows from DML",
    ("PREWHERE",): "PREWHERE is ClickHouse; write WHERE",
    ("MINUS",): "MINUS is Oracle/Spark; write EXCEPT",
    ("TABLESAMPLE", "("): "TABLESAMPLE needs a method: TABLESAMPLE BERNOULLI (p) or SYSTEM (p)",
    ("PARTITION", "("): "PARTITION (...) in a query or INSERT is Hive/MySQL; filter with WHERE",
    ("WITH", "(", "NOLOCK"): "table hints are T-SQL; remove WITH (NOLOCK)",
    ("STRUCT", "("): "STRUCT(...) is BigQuery/Spark; write CAST(ROW(...) AS ROW(name type, ...))",
}
# functions of other dialects that sqlglot maps to Trino ones while Athena has no such name
_OTHER_FUNCTIONS: dict[str, str] = {
    "ifnull": "write coalesce(x, y)", "nvl": "write coalesce(x, y)", "isnull": "write x IS NULL",
    "nvl2": "write if(x IS NOT NULL, a, b)", "iif": "write if(cond, a, b)",
    "dateadd": "write date_add(unit, n, x)", "datediff": "write date_diff(unit, a, b)",
    "getdate": "write current_timestamp", "len": "write length(x)",
    "charindex": "write strpos(string, substring)", "group_concat": "write array_join(array_agg(x), sep)",
    "string_agg": "write listagg(x, sep) WITHIN GROUP (ORDER BY ...)",
    "columns": "list the columns", "read_parquet": "query a table",
    "read_csv": "query a table", "read_csv_auto": "query a table", "read_json": "query a table",
    "read_json_auto": "query a table",
}
_BY_FIRST_WORD: dict[str, list[tuple[tuple[str, ...], str]]] = {}
for _pattern, _message in _WORD_PATTERNS.items():
    _BY_FIRST_WORD.setdefault(_pattern[0], []).append((_pattern, _message))
_OPERATORS: dict[TokenType, str] = {
    _T.DCOLON: "'::' casts are Postgres/DuckDB; write CAST(x AS type)",
    _T.NULLSAFE_EQ: "'<=>' is MySQL/Spark; write IS NOT DISTINCT FROM",
    _T.DARROW: "'->>' is a Postgres/DuckDB JSON operator; write json_extract_scalar(x, '$.key')",
    _T.L_BRACE: "'{...}' struct literals are DuckDB; write CAST(ROW(...) AS ROW(name type, ...))",
    _T.PARAMETER: "'@name' variables are MySQL/T-SQL; Athena takes positional '?' parameters",
}
_NOT_SUBSCRIPTED = frozenset({
    _T.SELECT, _T.COMMA, _T.L_PAREN, _T.IN, _T.EQ, _T.NEQ, _T.GT, _T.GTE, _T.LT, _T.LTE,
    _T.PLUS, _T.DASH, _T.STAR, _T.SLASH, _T.DPIPE, _T.AND, _T.OR, _T.NOT, _T.THEN, _T.ELSE,
    _T.WHEN, _T.WHERE, _T.VALUES, _T.RETURNING, _T.ALIAS, _T.L_BRACKET, _T.HAVING,
})


def check_dialect(ctx: Context) -> None:
    """Report syntax of other dialects in a Trino-side statement (AK305)."""
    # runs on the tokens even when sqlglot failed: "MINUS" explains the error better
    if ctx.stmt.engine is not Engine.TRINO or not ctx.tokens:
        return
    tokens = ctx.tokens
    for check in _TOKEN_CHECKS:
        for index, message in check(tokens):
            ctx.report("AK305", message, tokens[index].start)


def _words(tokens: list[Token]) -> Iterator[tuple[int, str]]:
    # sqlglot makes one token of some word pairs (CLUSTER BY): match word by word
    words: list[tuple[int, str]] = []
    for i, token in enumerate(tokens):
        if token.token_type in (_T.STRING, _T.IDENTIFIER):
            words.append((i, ""))
        else:
            words.extend((i, w) for w in token.text.upper().split())
    texts = [w for _, w in words]
    reported: set[int] = set()
    for k, (index, word) in enumerate(words):
        for pattern, message in _BY_FIRST_WORD.get(word, ()):
            if tuple(texts[k:k + len(pattern)]) == pattern and index not in reported and not (
                    len(pattern) == 1 and _name_position(tokens, index)):
                reported.add(index)
                yield index, message


def _name_position(tokens: list[Token], i: int) -> bool:
    """A word where a column name or alias stands (``SELECT glob, t.rlike AS pivot``)."""
    return i > 0 and tokens[i - 1].token_type in (_T.SELECT, _T.COMMA, _T.DOT, _T.ALIAS)


def _functions(tokens: list[Token]) -> Iterator[tuple[int, str]]:
    for i, token in enumerate(tokens[:-1]):
        name = token.text.lower()
        if tokens[i + 1].token_type is _T.L_PAREN and token.token_type is not _T.STRING \
                and name in _OTHER_FUNCTIONS and (i == 0 or tokens[i - 1].token_type is not _T.DOT):
            yield i, f"{token.text}() is not an Athena function; {_OTHER_FUNCTIONS[name]}"


def _operators(tokens: list[Token]) -> Iterator[tuple[int, str]]:
    for i, token in enumerate(tokens):
        message = _OPERATORS.get(token.token_type)
        if message:
            yield i, message
        elif token.token_type is _T.EQ and token.text == "==":
            yield i, "'==' is DuckDB/SQLite; write '='"
        elif token.token_type is _T.VAR and token.text[:1] == "$":
            yield i, f"'{token.text}' parameters are Postgres/DuckDB; Athena takes '?'"
        elif token.token_type is _T.HEREDOC_STRING or token.text.startswith("$$"):
            yield i, "'$$...$$' strings are Postgres/DuckDB; write '...' with quotes doubled"


def _from_first(tokens: list[Token]) -> Iterator[tuple[int, str]]:
    for i, token in enumerate(tokens):
        if token.token_type is not _T.FROM:
            continue
        prev = tokens[i - 1].token_type if i else None
        nxt = tokens[i + 1] if i + 1 < len(tokens) else None
        if prev is None or (prev is _T.L_PAREN and (i < 2 or tokens[i - 2].text.upper() != "TRIM")):
            yield i, "a query starting with FROM is DuckDB's FROM-first form; write SELECT ... FROM"
        elif nxt is not None and nxt.token_type is _T.FROM and prev is _T.COMMA:
            yield i, "from is a reserved word where a column name belongs; write \"from\""
        elif nxt is not None and nxt.token_type is _T.FROM:
            yield i + 1, "FROM FROM: a second FROM where a table belongs"
        elif nxt is not None and nxt.token_type is _T.STRING and prev is not _T.DISTINCT \
                and _select_from(tokens, i):
            yield i + 1, "reading a file by name (FROM 'path') is DuckDB; query a table"
        elif prev is _T.COMMA and _after_select_list(tokens, i):
            yield i - 1, "a trailing comma before FROM is DuckDB; remove it"


def _select_from(tokens: list[Token], i: int) -> bool:
    """True if the FROM at ``i`` starts the FROM clause of a SELECT (not trim(... FROM x))."""
    depth = 0
    for j in range(i - 1, -1, -1):
        kind = tokens[j].token_type
        depth += (kind is _T.R_PAREN) - (kind is _T.L_PAREN)
        if depth < 0 or (depth == 0 and kind in (_T.WHERE, _T.FROM, _T.JOIN, _T.ON)):
            return False
        if depth == 0 and kind is _T.SELECT:
            return True
    return False


def _after_select_list(tokens: list[Token], i: int) -> bool:
    """True if the FROM at ``i`` is preceded by the select list of its own SELECT."""
    depth = 0
    for j in range(i - 1, -1, -1):
        kind = tokens[j].token_type
        depth += (kind is _T.R_PAREN) - (kind is _T.L_PAREN)
        if depth < 0:
            return False
        if depth == 0 and kind is _T.SELECT:
            return True
    return False


def _trailing_commas(tokens: list[Token]) -> Iterator[tuple[int, str]]:
    for i, token in enumerate(tokens):
        if token.token_type is not _T.COMMA:
            continue
        nxt = tokens[i + 1].token_type if i + 1 < len(tokens) else None
        if nxt is None or (nxt in _CLAUSE_END and nxt is not _T.FROM):
            yield i, "a trailing comma is DuckDB; remove it"


def _star_modifiers(tokens: list[Token]) -> Iterator[tuple[int, str]]:
    for i, token in enumerate(tokens[:-1]):
        word = tokens[i + 1].text.upper()
        if token.token_type is _T.STAR and word in ("EXCLUDE", "EXCEPT", "REPLACE", "RENAME") \
                and i + 2 < len(tokens) and tokens[i + 2].token_type is _T.L_PAREN:
            yield i + 1, f"SELECT * {word} (...) is DuckDB/BigQuery; list the columns you want"


def _limits(tokens: list[Token]) -> Iterator[tuple[int, str]]:
    for i, token in enumerate(tokens):
        if token.token_type is not _T.LIMIT or i + 2 >= len(tokens):
            continue
        after = tokens[i + 2]
        if after.token_type is _T.COMMA:
            yield i, "LIMIT offset, count is MySQL; write OFFSET offset LIMIT count"
        elif after.text.upper() in ("PERCENT", "BY"):
            yield i, f"LIMIT ... {after.text.upper()} is not Trino SQL"
        elif after.token_type is _T.OFFSET:
            # https://trino.io/docs/current/sql/select.html#offset-clause
            yield i + 2, "OFFSET comes before LIMIT in Trino: OFFSET n LIMIT m"


def _brackets(tokens: list[Token]) -> Iterator[tuple[int, str]]:
    for i, token in enumerate(tokens):
        if token.token_type is _T.L_BRACKET and i and tokens[i - 1].token_type in _NOT_SUBSCRIPTED:
            yield i, "'[...]' list literals are DuckDB; write ARRAY[...]"


def _arrows(tokens: list[Token]) -> Iterator[tuple[int, str]]:
    # Trino has '->' only in lambdas: x -> ..., (x, y) -> ... as a function argument
    for i, token in enumerate(tokens):
        if token.token_type is not _T.ARROW:
            continue
        prev = tokens[i - 1] if i else None
        before = tokens[i - 2].token_type if i > 1 else None
        lambda_param = prev is not None and (
            prev.token_type is _T.R_PAREN or (
                prev.token_type in (_T.VAR, _T.IDENTIFIER) and before in (_T.L_PAREN, _T.COMMA)))
        if not lambda_param:
            yield i, "'->' outside a lambda is a Postgres/DuckDB JSON operator; write json_extract"


def _intervals(tokens: list[Token]) -> Iterator[tuple[int, str]]:
    for i, token in enumerate(tokens[:-1]):
        if token.token_type is _T.INTERVAL and tokens[i + 1].token_type is _T.NUMBER:
            n = tokens[i + 1].text
            yield i + 1, f"INTERVAL {n} ... needs a quoted value in Trino: INTERVAL '{n}' ..."


def _casts(tokens: list[Token]) -> Iterator[tuple[int, str]]:
    depth_of_cast: list[int] = []
    depth = 0
    for i, token in enumerate(tokens):
        kind = token.token_type
        if kind is _T.L_PAREN:
            depth += 1
            if i and tokens[i - 1].text.upper() in ("CAST", "TRY_CAST"):
                depth_of_cast.append(depth)
        elif kind is _T.R_PAREN:
            if depth_of_cast and depth_of_cast[-1] == depth:
                depth_of_cast.pop()
            depth -= 1
        elif kind is _T.ALIAS and depth_of_cast and depth_of_cast[-1] == depth \
                and i + 1 < len(tokens):
            name = tokens[i + 1].text.upper()
            if name not in TRINO_TYPES and tokens[i + 1].token_type is not _T.IDENTIFIER:
                hint = " (use varchar)" if name in ("STRING", "TEXT") else ""
                yield i + 1, f"Trino has no type {tokens[i + 1].text}{hint}"


def _top(tokens: list[Token]) -> Iterator[tuple[int, str]]:
    for i, token in enumerate(tokens[:-1]):
        if token.token_type is _T.SELECT and tokens[i + 1].text.upper() == "TOP":
            yield i + 1, "SELECT TOP n is T-SQL; write LIMIT n"
        if token.token_type is _T.INTO and any(t.token_type is _T.SELECT for t in tokens[:i]) \
                and tokens[0].token_type in (_T.SELECT, _T.WITH):
            yield i, "SELECT ... INTO is T-SQL/Postgres; write CREATE TABLE ... AS SELECT"


def _group_by_all(tokens: list[Token]) -> Iterator[tuple[int, str]]:
    for i, token in enumerate(tokens[:-1]):
        nxt = tokens[i + 2].token_type if i + 2 < len(tokens) else None
        if token.token_type is _T.GROUP_BY and tokens[i + 1].token_type is _T.ALL and (
                nxt is None or nxt in _CLAUSE_END or nxt is _T.ORDER_BY):
            yield i + 1, ("GROUP BY ALL (group by every non-aggregate) is DuckDB/Spark; "
                          "list the columns")


_TOKEN_CHECKS: tuple[Callable[[list[Token]], Iterator[tuple[int, str]]], ...] = (
    _words, _functions, _operators, _from_first, _trailing_commas, _star_modifiers, _limits, _brackets,
    _arrows, _intervals, _casts, _top, _group_by_all,
)

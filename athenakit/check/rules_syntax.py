"""Syntax: parse errors, statement length, and the Athena statements sqlglot keeps opaque.

sqlglot parses MSCK REPAIR, UNLOAD, OPTIMIZE, VACUUM, SHOW, EXPLAIN, PREPARE, EXECUTE and
DEALLOCATE as a ``Command`` (raw text). These get their own shape checks here, and the statement
inside UNLOAD / EXPLAIN / PREPARE is parsed so that the query rules see it. Any other statement
that only parses as a Command is reported as syntax Athena does not support.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlglot import exp
from sqlglot.tokenizer_core import Token, TokenType

from athenakit.check.context import Context
from athenakit.check.hive_shapes import (
    dialect_query_start,
    matches_hive_synopsis,
    renames_database,
)
from athenakit.sql.splitter import Kind

# https://docs.aws.amazon.com/athena/latest/ug/service-limits.html
MAX_QUERY_BYTES = 262_144

_NAME = (TokenType.VAR, TokenType.IDENTIFIER)
_SHOW_WHAT = frozenset({
    "COLUMNS", "CREATE", "DATABASES", "SCHEMAS", "PARTITIONS", "TABLES", "TBLPROPERTIES", "VIEWS",
    "FUNCTIONS", "STATS",
})


def check_syntax(ctx: Context) -> None:
    """Report length and syntax problems; parse the query inside opaque statements."""
    size = len(ctx.text.encode("utf-8"))
    if size > MAX_QUERY_BYTES:
        ctx.report("AK302", f"statement is {size:,} bytes; Athena accepts at most "
                            f"{MAX_QUERY_BYTES:,} bytes per query")
    if _hive_synopsis(ctx):
        return
    special = _athena_only_form(ctx)
    if special is not None:
        problem = special(ctx)
        if problem:
            ctx.report("AK303", problem)
        return
    error = ctx.parsed.error
    if error is not None and _unknown_statement(ctx):
        ctx.report("AK301", f"unknown statement {ctx.tokens[0].text.upper()} ...: Athena has "
                            "no such statement")
        return
    if error is not None and _unknown_type(ctx):
        return
    if error is not None:
        ctx.report("AK300", f"syntax error: {error[0]}", error[1])
        return
    if ctx.stmt.kind is Kind.ALTER and "PARTITION" in ctx.stmt.words[:8]:
        problem = _alter(ctx)
        if problem:
            ctx.report("AK303", problem)
        return
    if not isinstance(ctx.tree, exp.Command):
        return
    shape = _SHAPES.get(ctx.stmt.kind)
    if shape is None:
        word = ctx.tokens[0].text.upper() if ctx.tokens else ""
        ctx.report("AK301", f"unsupported or unknown syntax: {word} ... is not a statement "
                            "Athena runs (sqlglot reads it only as an opaque command)")
        return
    problem = shape(ctx)
    if problem:
        ctx.report("AK303", problem)


def _unknown_type(ctx: Context) -> bool:
    """A column type Athena does not have (``a strin``): say which, and what was meant."""
    if ctx.stmt.kind not in (Kind.CREATE_TABLE, Kind.ALTER):
        return False
    from athenakit.table.importer import unknown_type

    found = unknown_type(ctx.text)
    if found is None:
        return False
    message, line, column = found
    offset = sum(len(text) + 1 for text in ctx.text.split("\n")[:line - 1]) + column - 1
    ctx.report("AK300", message, offset)
    return True


def _athena_only_form(ctx: Context) -> Callable[[Context], str | None] | None:
    """The reader of a Trino-side form only Athena has (Data Catalog views, external functions)."""
    if ctx.stmt.kind is Kind.VIEW and "PROTECTED" in ctx.stmt.words[:4]:
        return _protected_view
    if ctx.stmt.words[:1] == ("USING",):
        return _external_functions
    return None


def _hive_synopsis(ctx: Context) -> bool:
    """Accept the documented Hive DDL forms sqlglot cannot read; refuse database renames."""
    if ctx.stmt.kind not in (Kind.ALTER, Kind.CREATE_DATABASE, Kind.DESCRIBE):
        return False
    if renames_database(ctx.stmt.words):
        # https://docs.aws.amazon.com/athena/latest/ug/unsupported-ddl.html
        ctx.report("AK323", "Athena cannot rename databases (nor Hive tables); create a new "
                            "database and recreate its tables there")
        return True
    parsed_well = ctx.parsed.error is None and not isinstance(ctx.tree, exp.Command) and (
        "PARTITION" not in ctx.stmt.words[:8])
    names = None if parsed_well else matches_hive_synopsis(ctx.tokens)
    if names is None:
        return False
    ctx.names = names  # the quoting rule checks them
    ctx.parsed.tree, ctx.parsed.error = exp.Command(this=ctx.stmt.words[0]), None
    ctx.query = None
    start = dialect_query_start(ctx.tokens) if ctx.stmt.words[:2] == ("ALTER", "VIEW") else None
    if start is not None:
        # the query of ALTER VIEW ... DIALECT AS is Trino-side SQL: the checker checks it
        ctx.nested.append(ctx.tokens[start].start)
    return True


def _protected_view(ctx: Context) -> str | None:
    """``CREATE [OR REPLACE] PROTECTED MULTI DIALECT VIEW [IF NOT EXISTS] v [SECURITY DEFINER]
    [SHOW VIEW JSON] AS query``."""
    # https://docs.aws.amazon.com/athena/latest/ug/create-view.html
    ctx.parsed.tree, ctx.parsed.error = exp.Command(this="CREATE"), None
    tokens = ctx.tokens
    view = next(i for i, t in enumerate(tokens) if t.token_type is TokenType.VIEW)
    i = view + 1 + 3 * ([t.text.upper() for t in tokens[view + 1:view + 4]] == [
        "IF", "NOT", "EXISTS"])
    end = _name_end(tokens, i)
    words = [t.text.upper() for t in tokens[end:]] if end is not None else []
    while words[:2] in (["SECURITY", "DEFINER"], ["SHOW", "VIEW"]) or words[:1] == ["JSON"]:
        skip = 1 if words[0] == "JSON" else 2
        words, end = words[skip:], (end or 0) + skip
    if end is None or not words or words[0] != "AS" or end + 1 >= len(tokens):
        return ("expected CREATE PROTECTED MULTI DIALECT VIEW name [SECURITY DEFINER] "
                "[SHOW VIEW JSON] AS query")
    ctx.parse_inner(tokens[end + 1:])
    return None


def _external_functions(ctx: Context) -> str | None:
    """``USING EXTERNAL FUNCTION f(x type) RETURNS type LAMBDA|SAGEMAKER '...' [, ...] query``."""
    # https://docs.aws.amazon.com/athena/latest/ug/querying-udf.html
    # https://docs.aws.amazon.com/athena/latest/ug/querying-mlmodel.html
    ctx.parsed.tree, ctx.parsed.error = exp.Command(this="USING"), None
    i = _declarations(ctx.tokens)
    if i is None:
        return ("expected USING EXTERNAL FUNCTION name(arg type, ...) RETURNS type "
                "LAMBDA | SAGEMAKER 'name' before the query")
    if i >= len(ctx.tokens):
        return "USING EXTERNAL FUNCTION needs a query after the function declarations"
    ctx.parse_inner(ctx.tokens[i:])
    return None


def _declarations(tokens: list[Token]) -> int | None:
    """Index of the query after the comma-separated function declarations, or None."""
    i: int | None = 1
    while i is not None:
        i = _declaration(tokens, i)
        if i is None or i >= len(tokens) or tokens[i].token_type is not TokenType.COMMA:
            return i
        i += 1
    return None


def _declaration(tokens: list[Token], i: int) -> int | None:
    """Index after ``[EXTERNAL] FUNCTION name(args) RETURNS ...`` starting at ``i``."""
    i += i < len(tokens) and tokens[i].text.upper() == "EXTERNAL"
    if i >= len(tokens) or tokens[i].text.upper() != "FUNCTION":
        return None
    end = _name_end(tokens, i + 1)
    if end is None or end >= len(tokens) or tokens[end].token_type is not TokenType.L_PAREN:
        return None
    close = _matching_paren(tokens, end)
    return None if close is None else _returns(tokens, close + 1)


def _returns(tokens: list[Token], i: int) -> int | None:
    """Index after ``RETURNS type LAMBDA|SAGEMAKER 'name'`` starting at ``i``, or None."""
    if i >= len(tokens) or tokens[i].text.upper() != "RETURNS":
        return None
    for j in range(i + 2, len(tokens) - 1):
        if tokens[j].text.upper() in ("LAMBDA", "SAGEMAKER"):
            return j + 2 if tokens[j + 1].token_type is TokenType.STRING else None
    return None


def _unknown_statement(ctx: Context) -> bool:
    return ctx.stmt.kind is Kind.OTHER and bool(ctx.tokens) and (
        ctx.tokens[0].token_type is TokenType.VAR)


def _name_end(tokens: list[Token], i: int) -> int | None:
    """Index just past a (possibly dotted) name starting at ``i``, or None."""
    if i >= len(tokens) or tokens[i].token_type not in _NAME and not _is_word(tokens[i]):
        return None
    i += 1
    while i + 1 < len(tokens) and tokens[i].token_type is TokenType.DOT:
        i += 2
    return i


def _is_word(token: Token) -> bool:
    return token.text.replace("_", "a").isalnum() and token.token_type is not TokenType.STRING


def _msck(ctx: Context) -> str | None:
    # https://docs.aws.amazon.com/athena/latest/ug/msck-repair-table.html
    expected = "expected MSCK REPAIR TABLE table_name and nothing after it"
    if ctx.stmt.words[:3] != ("MSCK", "REPAIR", "TABLE"):
        return expected
    start = next(i for i, t in enumerate(ctx.tokens) if t.token_type is TokenType.TABLE) + 1
    return None if _name_end(ctx.tokens, start) == len(ctx.tokens) else expected


def _matching_paren(tokens: list[Token], i: int) -> int | None:
    depth = 0
    for j in range(i, len(tokens)):
        kind = tokens[j].token_type
        depth += kind is TokenType.L_PAREN
        depth -= kind is TokenType.R_PAREN
        if depth == 0:
            return j
    return None


def _unload(ctx: Context, tokens: list[Token] | None = None) -> str | None:
    # https://docs.aws.amazon.com/athena/latest/ug/unload.html
    tokens = ctx.tokens if tokens is None else tokens
    if len(tokens) < 2 or tokens[1].token_type is not TokenType.L_PAREN:
        return "expected UNLOAD (SELECT ...) TO 's3://bucket/prefix/' WITH (format = ...)"
    close = _matching_paren(tokens, 1)
    if close is None:
        return "unbalanced parentheses after UNLOAD"
    ctx.parse_inner(tokens[2:close])
    rest = tokens[close + 1:]
    if len(rest) < 2 or rest[0].text.upper() != "TO" or rest[1].token_type is not TokenType.STRING:
        return "expected TO 's3://bucket/prefix/' after the UNLOAD query"
    if not rest[1].text.startswith("s3://"):
        ctx.report("AK303", f"UNLOAD target {rest[1].text!r} is not an s3:// location",
                   rest[1].start)
        return None
    if len(rest) > 2 and rest[2].token_type is not TokenType.WITH:
        return "expected WITH (property = value, ...) after the UNLOAD target"
    return None


def _explain(ctx: Context) -> str | None:
    # https://docs.aws.amazon.com/athena/latest/ug/athena-explain-statement.html
    tokens = ctx.tokens
    i = 1
    while i < len(tokens) and tokens[i].text.upper() in ("ANALYZE", "VERBOSE"):
        i += 1
    if i < len(tokens) and tokens[i].token_type is TokenType.L_PAREN:
        close = _matching_paren(tokens, i)
        if close is None:
            return "unbalanced parentheses in EXPLAIN options"
        i = close + 1
    if i >= len(tokens):
        return "EXPLAIN needs a statement to explain"
    ctx.parse_inner(tokens[i:])
    return None


def _prepare(ctx: Context) -> str | None:
    # https://docs.aws.amazon.com/athena/latest/ug/querying-with-prepared-statements.html
    tokens = ctx.tokens
    end = _name_end(tokens, 1)
    if end is None or end >= len(tokens) or tokens[end].token_type is not TokenType.FROM:
        return "expected PREPARE statement_name FROM statement"
    if end + 1 >= len(tokens):
        return "PREPARE needs a statement after FROM"
    if tokens[end + 1].text.upper() == "UNLOAD":
        return _unload(ctx, tokens[end + 1:])
    ctx.parse_inner(tokens[end + 1:])
    return None


def _execute(ctx: Context) -> str | None:
    end = _name_end(ctx.tokens, 1)
    if end is None:
        return "expected EXECUTE statement_name [USING value, ...]"
    if end < len(ctx.tokens) and ctx.tokens[end].token_type is not TokenType.USING:
        return "expected USING after EXECUTE statement_name"
    return None


def _deallocate(ctx: Context) -> str | None:
    expected = "expected DEALLOCATE PREPARE statement_name"
    if ctx.stmt.words[:2] != ("DEALLOCATE", "PREPARE"):
        return expected
    start = 1 if ctx.tokens[0].text.upper().endswith("PREPARE") else 2
    return None if _name_end(ctx.tokens, start) == len(ctx.tokens) else expected


def _optimize(ctx: Context) -> str | None:
    # https://docs.aws.amazon.com/athena/latest/ug/optimize-statement.html
    end = _name_end(ctx.tokens, 1)
    tail = [t.text.upper() for t in ctx.tokens[end:]] if end is not None else []
    if tail[:4] != ["REWRITE", "DATA", "USING", "BIN_PACK"]:
        return "expected OPTIMIZE table REWRITE DATA USING BIN_PACK [WHERE predicate]"
    if len(tail) > 4 and tail[4] != "WHERE":
        return "only a WHERE clause may follow OPTIMIZE ... USING BIN_PACK"
    return None


def _vacuum(ctx: Context) -> str | None:
    # https://docs.aws.amazon.com/athena/latest/ug/vacuum-statement.html
    if _name_end(ctx.tokens, 1) != len(ctx.tokens):
        return "expected VACUUM table_name"
    return None


def _show(ctx: Context) -> str | None:
    # https://docs.aws.amazon.com/athena/latest/ug/ddl-reference.html
    words = ctx.stmt.words
    if len(words) < 2 or words[1] not in _SHOW_WHAT:
        return "expected SHOW " + " | ".join(sorted(_SHOW_WHAT)) + " ..."
    return None


def _alter(ctx: Context) -> str | None:
    # https://docs.aws.amazon.com/athena/latest/ug/alter-table-add-partition.html
    # https://docs.aws.amazon.com/athena/latest/ug/alter-table-drop-partition.html
    tokens = ctx.tokens
    end = _name_end(tokens, 2) if ctx.stmt.words[:2] == ("ALTER", "TABLE") else None
    if end is not None and end < len(tokens) and tokens[end].text.upper() in _ALTER_FORMS:
        return _ALTER_FORMS[tokens[end].text.upper()](tokens[end + 1:])
    if end is None or end >= len(tokens) or tokens[end].text.upper() not in ("ADD", "DROP"):
        return "unsupported ALTER statement (sqlglot cannot read it)"
    add = tokens[end].text.upper() == "ADD"
    i = end + 1
    words = [t.text.upper() for t in tokens[i:i + 3]]
    i += 3 if words == ["IF", "NOT", "EXISTS"] else 2 if words[:2] == ["IF", "EXISTS"] else 0
    while i < len(tokens):
        if tokens[i].token_type is not TokenType.PARTITION or i + 1 >= len(tokens):
            return "expected PARTITION (key = value, ...)"
        close = _matching_paren(tokens, i + 1)
        if close is None:
            return "unbalanced parentheses in PARTITION (...)"
        i = close + 1
        if add and i < len(tokens) and tokens[i].text.upper() == "LOCATION":
            i += 2
        if not add and i < len(tokens) and tokens[i].token_type is TokenType.COMMA:
            i += 1
        elif add and i < len(tokens) and tokens[i].token_type is TokenType.COMMA:
            return "ALTER TABLE ADD PARTITION separates partitions with spaces, not commas"
    return None


def _change_column(tokens: list[Token]) -> str | None:
    # https://docs.aws.amazon.com/athena/latest/ug/alter-table-change-column.html
    i = 1 if tokens and tokens[0].text.upper() == "COLUMN" else 0
    new = _name_end(tokens, i)
    if new is None or _name_end(tokens, new) is None or _name_end(tokens, new) == len(tokens):
        return "expected CHANGE [COLUMN] old_name new_name type [COMMENT '...'] [FIRST|AFTER col]"
    return None


def _unset_properties(tokens: list[Token]) -> str | None:
    # https://docs.aws.amazon.com/athena/latest/ug/querying-iceberg-alter-table-unset-properties.html
    words = [t.text.upper() for t in tokens[:1]]
    inner = tokens[2:-1]
    if (words != ["TBLPROPERTIES"] or len(tokens) < 4 or tokens[1].token_type
            is not TokenType.L_PAREN or tokens[-1].token_type is not TokenType.R_PAREN
            or any(t.token_type not in (TokenType.STRING, TokenType.COMMA) for t in inner)):
        return "expected UNSET TBLPROPERTIES ('name' [, ...])"
    return None


# ALTER TABLE forms sqlglot reads only as an opaque command, by the word after the table name
_ALTER_FORMS: dict[str, Callable[[list[Token]], str | None]] = {
    "CHANGE": _change_column, "UNSET": _unset_properties,
}

_SHAPES: dict[Kind, Callable[[Context], str | None]] = {
    Kind.ALTER: _alter,
    Kind.MSCK: _msck, Kind.UNLOAD: _unload, Kind.EXPLAIN: _explain, Kind.PREPARE: _prepare,
    Kind.EXECUTE: _execute, Kind.DEALLOCATE: _deallocate, Kind.OPTIMIZE: _optimize,
    Kind.VACUUM: _vacuum, Kind.SHOW: _show,
}

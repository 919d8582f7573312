"""Quoting and naming rules, each finding carrying the edit that repairs it.

https://docs.aws.amazon.com/athena/latest/ug/reserved-words.html
https://docs.aws.amazon.com/athena/latest/ug/tables-databases-columns-names.html

Every replacement text comes from :mod:`athenakit.sql.quoting`: a name that needs quotes gets
``quote_identifier(name, engine)``, and a name quoted with the other side's character keeps its
quotes, converted with ``quote_identifier(name, engine, always=True)``.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator

from sqlglot import exp
from sqlglot.tokenizer_core import Token, TokenType

from athenakit.check.context import Context
from athenakit.errors import Severity
from athenakit.sql.quoting import Engine, is_reserved, needs_quoting, quote_identifier
from athenakit.sql.splitter import Kind

MAX_NAME = 255
# Words on Athena's DDL reserved list that Athena takes bare in practice: AWS's own log-table
# DDLs use them unquoted, or Hive's grammar does not reserve them. These get a warning (quoting
# stays the safe choice); every other listed word is an error, as the page says.
DISPUTED_DDL_WORDS: dict[str, str] = {
    # https://docs.aws.amazon.com/athena/latest/ug/application-load-balancer-logs.html
    # https://docs.aws.amazon.com/athena/latest/ug/cloudfront-logs.html
    "time": "AWS's ALB and CloudFront log tables declare `time string` bare",
    # https://docs.aws.amazon.com/athena/latest/ug/vpc-flow-logs-create-table-statement.html
    "start": "AWS's VPC flow logs table declares `start bigint` bare",
    # https://docs.aws.amazon.com/athena/latest/ug/grok-serde.html
    # https://docs.aws.amazon.com/athena/latest/ug/waf-logs.html
    "timestamp": "AWS's Grok SerDe and WAF log tables declare `timestamp` bare",
    # Hive's IdentifiersParser.g lists DAYOFWEEK and VIEWS among its non-reserved keywords
    "dayofweek": "Hive's grammar does not reserve it",
    "views": "Hive's grammar does not reserve it",
}

_SAFE = frozenset("abcdefghijklmnopqrstuvwxyz0123456789_")
_NAME_TOKENS = (TokenType.VAR, TokenType.IDENTIFIER)


def check_quoting(ctx: Context) -> None:
    """Report identifiers quoted the wrong way, or not quoted where they must be."""
    if ctx.stmt.engine is Engine.TRINO:
        _backticks(ctx)
        _digit_names(ctx)
    else:
        _double_quotes(ctx)
        _struct_fields(ctx)
    for ident, start, end in _identifiers(ctx):
        _bare_name(ctx, ident, start, end)
    for token in ctx.names:
        raw = ctx.raw(token)
        quoted = raw[:1] in ("`", '"')
        _bare_name(ctx, exp.Identifier(this=token.text, quoted=quoted), token.start, token.end + 1)
    _defined_names(ctx)


def _backticks(ctx: Context) -> None:
    for token in ctx.tokens:
        if token.token_type is TokenType.IDENTIFIER and ctx.text[token.start] == "`":
            fixed = quote_identifier(token.text, Engine.TRINO, always=True)
            ctx.report("AK310", f"backtick-quoted name {ctx.raw(token)} in a Trino-side "
                                f"statement; write {fixed}", token.start,
                       edit=ctx.edit(token.start, token.end + 1, fixed))


def _double_quotes(ctx: Context) -> None:
    for i in ctx.parsed.hive_names:
        token = ctx.tokens[i]
        fixed = quote_identifier(token.text, Engine.HIVE, always=True)
        ctx.report("AK311", f"double-quoted name {ctx.raw(token)} in Hive DDL; write {fixed}",
                   token.start, edit=ctx.edit(token.start, token.end + 1, fixed))


def _digit_names(ctx: Context) -> None:
    tokens = ctx.tokens
    for number, word in itertools.pairwise(tokens):
        if (number.token_type is TokenType.NUMBER and word.token_type is TokenType.VAR
                and number.end + 1 == word.start and not _radix_literal(number, word)):
            raw = ctx.text[number.start:word.end + 1]
            fixed = quote_identifier(raw, Engine.TRINO)
            ctx.report("AK313", f"name {raw} starts with a digit; queries need it quoted: "
                                f"{fixed}", number.start,
                       edit=ctx.edit(number.start, word.end + 1, fixed))


def _struct_fields(ctx: Context) -> None:
    """Field names of ``struct<name:type,...>`` types in Hive DDL, which reads them like columns.

    Outside string literals, a ``:`` in Hive DDL only separates a struct field from its type, so
    the token before each ``:`` is a field name.
    """
    if ctx.stmt.kind not in (Kind.CREATE_TABLE, Kind.ALTER):
        return
    for name, colon in itertools.pairwise(ctx.tokens):
        if colon.token_type is not TokenType.COLON or name.token_type is TokenType.STRING:
            continue
        raw = ctx.raw(name)
        if raw.startswith("`"):
            if not _SAFE.issuperset(name.text.lower()):
                ctx.report("AK315", f"struct field {raw} has characters other than letters, "
                                    "digits and underscore; Glue and Hive tools may not read it",
                           name.start)
        elif needs_quoting(raw.lower(), Engine.HIVE):
            # https://docs.aws.amazon.com/athena/latest/ug/reserved-words.html
            fixed = quote_identifier(raw, Engine.HIVE, always=True)
            disputed = DISPUTED_DDL_WORDS.get(raw.lower())
            ctx.report("AK318", f"struct field {raw} {_why_quoted(raw)}; " + (
                f"{disputed}, but quoting is safe: {fixed}" if disputed else
                f"DDL needs it quoted: {fixed}"), name.start,
                       edit=ctx.edit(name.start, name.end + 1, fixed),
                       severity=Severity.WARNING if disputed else None)


def _why_quoted(name: str) -> str:
    if is_reserved(name, Engine.HIVE):
        return "is a reserved word"
    if name[0] == "_":
        return "starts with an underscore"
    if name[0].isdigit():
        return "starts with a digit"
    return "has characters other than letters, digits and underscore"


def _radix_literal(number: Token, word: Token) -> bool:
    return number.text == "0" and word.text[:1].lower() in ("x", "b", "o")


def _identifiers(ctx: Context) -> Iterator[tuple[exp.Identifier, int, int]]:
    """Identifiers of the statement that stand in its text, with their offsets."""
    seen: set[int] = set()
    for tree in (ctx.tree, ctx.query):
        if tree is None or isinstance(tree, exp.Command):
            continue
        for ident in tree.find_all(exp.Identifier):
            meta = ident.meta
            start, end = meta.get("start"), meta.get("end")
            if start is None or end is None or start in seen or ident.find_ancestor(exp.DataType):
                continue
            raw = ctx.text[start:end + 1]
            if raw.strip('"`').replace('""', '"').lower() != ident.name.lower():
                continue
            seen.add(start)
            yield ident, start, end + 1


def _bare_name(ctx: Context, ident: exp.Identifier, start: int, end: int) -> None:
    name = ident.name
    engine = ctx.stmt.engine
    if len(name) > MAX_NAME:
        ctx.report("AK316", f"name {name[:20]}... is {len(name)} characters; Athena allows "
                            f"at most {MAX_NAME}", start)
    if ident.quoted:
        return
    fixed = quote_identifier(name, engine)
    side = "DDL" if engine is Engine.HIVE else "queries"
    disputed = DISPUTED_DDL_WORDS.get(name.lower()) if engine is Engine.HIVE else None
    if disputed:
        ctx.report("AK312", f"{name} is on Athena's DDL reserved-word list, though {disputed}; "
                            f"quoting is safe: {fixed}", start,
                   edit=ctx.edit(start, end, fixed), severity=Severity.WARNING)
    elif is_reserved(name, engine):
        ctx.report("AK312", f"{name} is a reserved word in {side}; write {fixed}", start,
                   edit=ctx.edit(start, end, fixed))
    elif engine is Engine.HIVE and name.startswith("_"):
        ctx.report("AK314", f"name {name} starts with an underscore; DDL needs it quoted: "
                            f"{fixed}", start, edit=ctx.edit(start, end, fixed))


def _defined_names(ctx: Context) -> None:
    """Names a statement creates: unsafe characters (warning) and duplicates (error)."""
    for group in _created_name_groups(ctx):
        seen: dict[str, str] = {}
        for ident in group:
            name = ident.name
            start = ident.meta.get("start", 0)
            if ident.quoted and not _SAFE.issuperset(name.lower()):
                ctx.report("AK315", f"name {name!r} has characters other than letters, digits "
                                    "and underscore; Glue and Hive tools may not read it", start)
            key = name.lower()
            if key in seen:
                ctx.report("AK317", f"name {name!r} repeats {seen[key]!r} (Athena lower-cases "
                                    "names)", start)
            seen.setdefault(key, name)


def _created_name_groups(ctx: Context) -> list[list[exp.Identifier]]:
    tree = ctx.tree
    if not isinstance(tree, exp.Create):
        return []
    groups: list[list[exp.Identifier]] = []
    target = tree.this.this if isinstance(tree.this, exp.Schema) else tree.this
    if isinstance(target, exp.Table) and isinstance(target.this, exp.Identifier):
        groups.append([target.this])
    if ctx.stmt.kind is Kind.CREATE_TABLE:
        groups.append([
            c.this for c in tree.find_all(exp.ColumnDef)
            if isinstance(c.this, exp.Identifier) and not c.find_ancestor(exp.DataType)
        ])
    elif isinstance(tree.expression, exp.Query):
        outputs = [_output_identifier(e) for e in tree.expression.selects]
        groups.append([i for i in outputs if i is not None])
    return groups


def _output_identifier(select: exp.Expr) -> exp.Identifier | None:
    if isinstance(select, exp.Alias):
        alias = select.args.get("alias")
        return alias if isinstance(alias, exp.Identifier) else None
    if isinstance(select, exp.Column) and isinstance(select.this, exp.Identifier):
        return select.this
    return None

"""CTAS and UNLOAD rules: the ``WITH (...)`` property list and the shape of the select list.

https://docs.aws.amazon.com/athena/latest/ug/create-table-as.html
https://docs.aws.amazon.com/athena/latest/ug/unload.html

Properties are read from the tokens, not from sqlglot's tree, so that the names are seen exactly
as written (sqlglot normalises some of them into typed properties).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlglot import exp
from sqlglot.tokenizer_core import Token, TokenType

from athenakit.check.context import Context, node_start
from athenakit.sql.splitter import Kind

_COMMON = frozenset({"format", "write_compression", "compression_level", "table_type",
                     "is_external"})
_HIVE_ONLY = frozenset({"external_location", "partitioned_by", "bucketed_by", "bucket_count",
                        "field_delimiter", "orc_compression", "parquet_compression"})
_ICEBERG_ONLY = frozenset({
    "location", "partitioning", "vacuum_min_snapshots_to_keep",
    "vacuum_max_snapshot_age_seconds", "vacuum_max_metadata_files_to_keep",
    "optimize_rewrite_min_data_file_size_bytes", "optimize_rewrite_max_data_file_size_bytes",
    "optimize_rewrite_data_file_threshold", "optimize_rewrite_delete_file_threshold",
})
_UNLOAD = frozenset({"format", "compression", "compression_level", "field_delimiter",
                     "partitioned_by"})
_HIVE_FORMATS = frozenset({"AVRO", "JSON", "ORC", "PARQUET", "TEXTFILE", "ION"})
_ICEBERG_FORMATS = frozenset({"AVRO", "ORC", "PARQUET"})


@dataclass(frozen=True)
class Prop:
    """One ``name = value`` of a WITH list: the name as written and the value's tokens."""

    name: str
    token: Token
    value: list[Token]

    @property
    def text(self) -> str:
        """The value as a string: a literal's content, or the bare word."""
        return self.value[0].text if len(self.value) == 1 else ""

    @property
    def strings(self) -> list[str]:
        return [t.text for t in self.value if t.token_type is TokenType.STRING]


def check_ctas(ctx: Context) -> None:
    """Report problems with CTAS and UNLOAD properties and select lists."""
    if ctx.stmt.kind is Kind.CTAS and isinstance(ctx.tree, exp.Create):
        props = with_properties(ctx.tokens, _ctas_with(ctx.tokens))
        _ctas(ctx, props, ctx.tree.expression)
    elif _is_unload(ctx) and ctx.query is not None:
        tokens = ctx.tokens[_unload_start(ctx.tokens):]
        props = with_properties(tokens, _unload_with(tokens))
        _unload(ctx, props, ctx.query)
        _unload_target(ctx, tokens)


def _is_unload(ctx: Context) -> bool:
    """UNLOAD, or PREPARE name FROM UNLOAD."""
    words = ctx.stmt.words
    return ctx.stmt.kind is Kind.UNLOAD or (
        ctx.stmt.kind is Kind.PREPARE and "UNLOAD" in words[:6]
        and words[words.index("UNLOAD") - 1] == "FROM")


def _unload_start(tokens: list[Token]) -> int:
    return next(i for i, t in enumerate(tokens) if t.text.upper() == "UNLOAD")


def _unload_target(ctx: Context, tokens: list[Token]) -> None:
    depth = 0
    for i, token in enumerate(tokens[:-1]):
        depth += (token.token_type is TokenType.L_PAREN) - (token.token_type is TokenType.R_PAREN)
        target = tokens[i + 1]
        if depth == 0 and token.text.upper() == "TO" and target.token_type is TokenType.STRING:
            _location(ctx, target, "TO")
            return


def _location(ctx: Context, token: Token, what: str) -> None:
    """The shape of an S3 folder given in a CTAS property or UNLOAD ... TO (as for LOCATION)."""
    # https://docs.aws.amazon.com/athena/latest/ug/tables-location-format.html
    from athenakit.table.validate import check_location

    if not token.text.startswith("s3://"):
        return  # UNLOAD's own shape check reports other schemes
    for diagnostic in check_location(token.text, what):
        ctx.add(diagnostic, token.start)


def with_properties(tokens: list[Token], start: int | None) -> list[Prop]:
    """Parse ``( name = value, ... )`` starting at the ``(`` token index ``start``."""
    if start is None:
        return []
    props: list[Prop] = []
    depth, i = 0, start
    current: list[Token] = []
    while i < len(tokens):
        token = tokens[i]
        kind = token.token_type
        if kind in (TokenType.L_PAREN, TokenType.L_BRACKET):
            depth += 1
            if depth == 1:
                i += 1
                continue
        elif kind in (TokenType.R_PAREN, TokenType.R_BRACKET):
            depth -= 1
            if depth == 0:
                _add_prop(props, current)
                break
        if depth == 1 and kind is TokenType.COMMA:
            _add_prop(props, current)
            current = []
        else:
            current.append(token)
        i += 1
    return props


def _add_prop(props: list[Prop], tokens: list[Token]) -> None:
    if len(tokens) >= 3 and tokens[1].token_type is TokenType.EQ:
        props.append(Prop(tokens[0].text, tokens[0], tokens[2:]))


def _ctas_with(tokens: list[Token]) -> int | None:
    for i, token in enumerate(tokens):
        if token.token_type is TokenType.ALIAS:
            return None
        if token.token_type is TokenType.WITH and i + 1 < len(tokens) \
                and tokens[i + 1].token_type is TokenType.L_PAREN:
            return i + 1
    return None


def _unload_with(tokens: list[Token]) -> int | None:
    depth = 0
    for i, token in enumerate(tokens):
        depth += token.token_type is TokenType.L_PAREN
        depth -= token.token_type is TokenType.R_PAREN
        if depth == 0 and token.token_type is TokenType.WITH and i + 1 < len(tokens):
            return i + 1
    return None


def _lowercase(ctx: Context, props: list[Prop]) -> None:
    for prop in props:
        if prop.name != prop.name.lower():
            ctx.report("AK330", f"property name {prop.name!r} must be lower case: "
                                f"{prop.name.lower()!r}", prop.token.start)


def _ctas(ctx: Context, props: list[Prop], query: exp.Expr | None) -> None:
    _lowercase(ctx, props)
    by_name = {p.name.lower(): p for p in props}
    table_type = by_name["table_type"].text.lower() if "table_type" in by_name else "hive"
    iceberg = table_type == "iceberg"
    allowed = _COMMON | (_ICEBERG_ONLY if iceberg else _HIVE_ONLY)
    for name, prop in by_name.items():
        if name in allowed:
            continue
        if name in _HIVE_ONLY | _ICEBERG_ONLY:
            side = "Iceberg" if iceberg else "Hive"
            ctx.report("AK335", f"property {name!r} does not apply to {side} CTAS tables",
                       prop.token.start)
        else:
            ctx.report("AK338", f"unknown CTAS property {name!r}", prop.token.start)
    _format(ctx, by_name, _ICEBERG_FORMATS if iceberg else _HIVE_FORMATS)
    for key in ("external_location", "location"):
        given = by_name.get(key)
        if given is not None and len(given.value) == 1 and given.value[0].token_type is (
                TokenType.STRING):
            _location(ctx, given.value[0], key)
    if iceberg:
        external = by_name.get("is_external")
        if external is None or external.text.lower() != "false":
            ctx.report("AK333", "Iceberg CTAS needs is_external = false")
        if "location" not in by_name:
            ctx.report("AK334", "Iceberg CTAS needs location = 's3://bucket/prefix/'")
    _partitions_last(ctx, by_name.get("partitioned_by"), query)
    if isinstance(query, exp.Query) and query.args.get("order"):
        # https://docs.aws.amazon.com/athena/latest/ug/ctas-considerations-limitations.html
        order = query.args["order"]
        ctx.report("AK336", "CTAS ignores ORDER BY; the new table's files are not sorted",
                   int(node_start(order)))


def _unload(ctx: Context, props: list[Prop], query: exp.Expr) -> None:
    _lowercase(ctx, props)
    by_name = {p.name.lower(): p for p in props}
    for name, prop in by_name.items():
        if name not in _UNLOAD:
            ctx.report("AK338", f"unknown UNLOAD property {name!r}", prop.token.start)
    if "format" not in by_name:
        ctx.report("AK337", "UNLOAD needs WITH (format = 'PARQUET' | 'ORC' | 'AVRO' | 'JSON' "
                            "| 'TEXTFILE' | 'ION')")
    _format(ctx, by_name, _HIVE_FORMATS)
    _partitions_last(ctx, by_name.get("partitioned_by"), query)


def _format(ctx: Context, by_name: dict[str, Prop], formats: frozenset[str]) -> None:
    prop = by_name.get("format")
    if prop is not None and prop.text.upper() not in formats:
        ctx.report("AK331", f"format {prop.text!r} is not one of "
                            f"{', '.join(sorted(formats))}", prop.value[0].start)


def _partitions_last(ctx: Context, prop: Prop | None, query: exp.Expr | None) -> None:
    if prop is None or not isinstance(query, exp.Query):
        return
    wanted = [s.lower() for s in prop.strings]
    selects = query.selects
    if not wanted or any(isinstance(s, exp.Star) or s.find(exp.Star) for s in selects):
        return
    names = [s.alias_or_name.lower() for s in selects]
    if names[-len(wanted):] != wanted:
        ctx.report("AK332", "partitioned_by columns must be the last columns of the select "
                            f"list, in the same order: {', '.join(wanted)} (the select ends "
                            f"with {', '.join(names[-len(wanted):])})", prop.token.start)

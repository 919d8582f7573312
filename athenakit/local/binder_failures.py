"""DuckDB's binder errors read back as Trino's failures.

DuckDB fails a statement it cannot bind with its own words (``Referenced column "nope" not
found``, ``No function matches ... 'lower(INTEGER)'``); the local engine's guards fail on
purpose with keys of their own (``ak_types|...``, ``ak_operator|...``) while DuckDB binds.
:func:`from_duckdb` turns each into Trino's failure, placed in the user's statement -- or a
refusal by name where Trino's message would spell a type DuckDB does not keep exactly
(``varchar(3)``, ``timestamp(0)``). :func:`as_athena` is where every failure of the local
engine passes on its way to the user.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from sqlglot import exp

from athenakit.errors import QueryError
from athenakit.local.errors import DuckDBFailure, UnsupportedLocally
from athenakit.local.failures import CATALOG, AthenaFailure, athena_error, start_of
from athenakit.local.types import athena_type


def _column(tree: exp.Expression, name: str, table: str | None = None) -> int | None:
    for column in tree.find_all(exp.Column):
        if column.name.lower() == name.lower() and (table is None or
                                                    column.table.lower() == table.lower()):
            return start_of(column)
    return None


def _missing_column(tree: exp.Expression, found: re.Match[str]) -> AthenaFailure:
    name = found.group("name")
    return athena_error("COLUMN_NOT_FOUND", f"Column '{name}' cannot be resolved",
                        offset=_column(tree, name))


def _missing_qualified(tree: exp.Expression, found: re.Match[str]) -> AthenaFailure:
    table, name = found.group("table"), found.group("name")
    offset = _column(tree, name, table)
    if offset is None:
        offset = _column(tree, name)
        table = next((c.table for c in tree.find_all(exp.Column)
                      if c.name.lower() == name.lower() and c.table), table)
    return athena_error("COLUMN_NOT_FOUND", f"Column '{table}.{name}' cannot be resolved",
                        offset=offset)


def _missing_table(tree: exp.Expression, found: re.Match[str]) -> AthenaFailure:
    table = found.group("table")
    column = next((c for c in tree.find_all(exp.Column) if c.table.lower() == table.lower()
                   and not isinstance(c.this, exp.Star)), None)
    # Trino names the whole reference (``t.a``)
    shown = ".".join(p.name for p in column.parts) if column is not None else table
    return athena_error("COLUMN_NOT_FOUND", f"Column '{shown}' cannot be resolved",
                        offset=start_of(column) if column is not None else None)


def _ambiguous(tree: exp.Expression, found: re.Match[str]) -> AthenaFailure:
    name = found.group("name")
    return athena_error("AMBIGUOUS_NAME", f"Column '{name}' is ambiguous",
                        offset=_column(tree, name))


def _clause_item(column: exp.Column) -> exp.Expr | None:
    """The select item, ORDER BY item or HAVING condition holding ``column`` directly (not
    through a subquery, lambda, aggregate or window), which Trino names as a whole."""
    node: exp.Expr = column
    while node.parent is not None and not isinstance(node.parent, exp.Select | exp.Ordered
                                                      | exp.Having):
        if isinstance(node.parent, exp.Query | exp.Subquery | exp.Lambda | exp.AggFunc
                      | exp.Window):
            return None
        node = node.parent
    return node.unalias() if node.parent is not None else None


def _from_subquery(column: exp.Column) -> bool:
    """``column`` is a subquery's reference to the grouped query around it (Trino:
    ``Subquery uses 'a' which must appear in GROUP BY clause``, at the column)."""
    from athenakit.local.correlation import Scope

    inner = column.find_ancestor(exp.Select)
    outer = inner.find_ancestor(exp.Select) if inner is not None else None
    return inner is not None and outer is not None and Scope(inner).outer(column) is True \
        and bool(outer.args.get("group"))


def _subquery_uses(column: exp.Column) -> AthenaFailure:
    written = ".".join(p.name for p in column.parts)
    return athena_error("EXPRESSION_NOT_AGGREGATE", f"Subquery uses '{written}' which must "
                        "appear in GROUP BY clause", offset=start_of(column))


def _select_item_reference(tree: exp.Expression, found: re.Match[str]) -> AthenaFailure | None:
    """DuckDB read a subquery's reference to an ungrouped outer column as the select item it
    names (``SELECT (SELECT a AS a) ... GROUP BY b``)."""
    name = found.group("name").lower()
    column = next((c for c in tree.find_all(exp.Column)
                   if c.name.lower() == name and _from_subquery(c)), None)
    return _subquery_uses(column) if column is not None else None


def _not_aggregate(tree: exp.Expression, found: re.Match[str]) -> AthenaFailure | None:
    from athenakit.local.printing import location, printed

    name = found.group("name")
    if not re.fullmatch(r"\w+", name):
        return None  # an expression of the translation: not the user's words
    named = [c for c in tree.find_all(exp.Column) if c.name.lower() == name.lower()]
    from_subquery = next((c for c in named if _from_subquery(c)), None)
    if from_subquery is not None:
        return _subquery_uses(from_subquery)
    item = _clause_item(named[0]) if named else None
    shown = printed(item) if item is not None else None
    if item is None or shown is None:
        return athena_error("EXPRESSION_NOT_AGGREGATE", f"'{name}' must be an aggregate "
                            "expression or appear in GROUP BY clause", offset=_column(tree, name))
    text = f"'{shown}' must be an aggregate expression or appear in GROUP BY clause"
    if isinstance(item, exp.Case | exp.If):  # at its keyword (sqlglot keeps no position)
        return athena_error("EXPRESSION_NOT_AGGREGATE", text, offset=start_of(item),
                            before="case" if isinstance(item, exp.Case) else "if")
    offset, find = location(item)
    return athena_error("EXPRESSION_NOT_AGGREGATE", text, offset=offset, find=find)


_DUCK_TYPES = {"INTEGER_LITERAL": "integer", "INTEGER": "integer", "BIGINT": "bigint",
               "STRING_LITERAL": "varchar", "VARCHAR": "varchar", "DOUBLE": "double",
               "BOOLEAN": "boolean", "DATE": "date", "SMALLINT": "smallint",
               "TINYINT": "tinyint", "FLOAT": "real", "TIMESTAMP": "timestamp(3)"}


def _trino_types(text: str) -> str:
    from athenakit.sql.splitter import split_top_level  # (DECIMAL(2,0) has a comma)

    return ", ".join(_trino_type(t) for t in split_top_level(text))


def _trino_type(duck: str) -> str:
    """Trino's spelling of a DuckDB type name (``INTEGER[]``: ``array(integer)``)."""
    if duck.endswith("[]"):
        return f"array({_trino_type(duck[:-2])})"
    return _DUCK_TYPES.get(duck, duck.lower())


def _bad_arguments(tree: exp.Expression, found: re.Match[str]) -> QueryError | None:
    name, args = found.group("name"), found.group("args")
    if name.lower().startswith("ak_"):  # a compatibility macro: its name means nothing to users
        return None
    if "INTERVAL" in args.upper():  # DuckDB lacks sum(interval); Trino has it: a refusal
        return None
    # DuckDB's text and date-time types are not Trino's spelling (varchar(3), timestamp(0))
    inexact = re.search(r"\b(?:VARCHAR|STRING_LITERAL|TIMESTAMP|TIME)\b", args.upper())
    if not re.fullmatch(r"\w+", name):  # an operator: +(INTEGER_LITERAL, STRING_LITERAL)
        types = [_trino_types(t) for t in args.split(",")]
        if name == "-" and len(types) == 1:  # OperatorNotFoundException (NEGATION)
            text = f"Cannot negate {types[0]}"
        else:
            text = f"Cannot apply operator: {f' {name} '.join(types)}"
        if inexact:
            return UnsupportedLocally(RUN_TIME_OPERANDS, hint=f"Athena fails with TYPE_MISMATCH: "
                                      f"{text}")
        return athena_error("TYPE_MISMATCH", text)
    trino, offset, call = _trino_call(tree, name.lower())
    text = f"Unexpected parameters ({_trino_types(args)}) for function {trino}"
    if inexact:
        return UnsupportedLocally(f"{trino} of a value whose type is known only at run time "
                                  "and is not one it takes",
                                  hint=f"Athena fails with FUNCTION_NOT_FOUND: {text}")
    return athena_error("FUNCTION_NOT_FOUND", text, offset=offset, call=call)


# DuckDB's functions the translation calls for Trino's (the Trino names, in the order tried)
_TRINO_NAMES = {"bool_and": ("every", "bool_and"), "bit_and": ("bitwise_and_agg",),
                "bit_or": ("bitwise_or_agg",), "list_position": ("array_position",),
                "list_contains": ("contains",), "array_length": ("cardinality",),
                "list_reverse": ("reverse",), "generate_series": ("sequence",),
                "octet_length": ("length",), "string_agg": ("array_join",),
                "substring": ("substr", "substring"), "array_slice": ("reverse", "slice")}


def _cannot_operate(tree: exp.Expression, found: re.Match[str]) -> QueryError | None:
    """DuckDB's own binder message for a value of a type its function does not take
    (``Cardinality can only operate on MAPs, LISTs and ARRAYs``), over a value whose type only
    DuckDB knows: refused, naming the statement's function (the message has no types)."""
    duck = found.group("name").lower()
    trino, offset, _ = _trino_call(tree, duck)
    if offset is None:
        return None
    return UnsupportedLocally(f"{trino} of a value whose type is known only at run time and "
                              "is not one it takes")


def _trino_call(tree: exp.Expression, duck: str) -> tuple[str, int | None, bool]:
    """The Trino name of the statement's call that DuckDB's function ``duck`` runs, the
    call's position, and whether that is its first argument's (the name is looked for before
    it); ``duck`` itself, unplaced, where no such call is found."""
    from athenakit.local.signatures import call_of

    for name in _TRINO_NAMES.get(duck, (duck,)):
        for node in tree.find_all(exp.Func):
            found = call_of(node)
            written = found[0] if found else (
                node.name if isinstance(node, exp.Anonymous) else node.sql_name()).lower()
            if written == name:
                first = found[1][0] if found and found[1] else None
                if "start" in node.meta or first is None:
                    return name, node.meta.get("start", start_of(node)), False
                return name, start_of(first), True
    return duck, None, False


# refusals of an operator over operands whose types are known only while DuckDB binds
DATE_MINUS_DATE = "date - date"
RUN_TIME_OPERANDS = "an operator over a value whose type is known only at run time"
_EXACT_TYPES = {"TINYINT": "tinyint", "SMALLINT": "smallint", "INTEGER": "integer",
                "BIGINT": "bigint", "DOUBLE": "double", "FLOAT": "real", "BOOLEAN": "boolean",
                "DATE": "date", "BLOB": "varbinary", "UUID": "uuid"}


def _exact_type(duck: str) -> str | None:
    """Trino's type for a DuckDB type that is one Trino type only (not VARCHAR: varchar(n)?)."""
    if duck.endswith("[]"):  # a list: Trino's array of the element's type
        element = _exact_type(duck[:-2])
        return None if element is None else f"array({element})"
    shape = re.fullmatch(r"DECIMAL\((\d+),(\d+)\)", duck)
    return f"decimal({shape.group(1)},{shape.group(2)})" if shape else _EXACT_TYPES.get(duck)


def _operator_types(tree: exp.Expression, found: re.Match[str]) -> QueryError:
    """The failure athenakit.local.datearith's macros raise while binding: TYPE_MISMATCH
    (ExpressionAnalyzer.getOperator, OperatorNotFoundException's message) at the operator."""
    symbol, offset = found.group("symbol"), int(found.group("offset"))
    duck = tuple(found.group(side).removesuffix("[]") for side in ("left", "right"))
    if duck == ("DATE", "DATE") and symbol == "-":
        return UnsupportedLocally(DATE_MINUS_DATE, hint="date_diff('day', a, b) counts days")
    offset_or_none = offset if offset >= 0 else None
    if symbol in ("negate", "plus"):  # a unary operator: its operand is the left side
        return _unary_failure(symbol, duck[0], offset_or_none)
    # a side the statement types itself comes as "trino:<type>"
    left, right = (t.removeprefix("trino:") if t.startswith("trino:") else _exact_type(t)
                   for t in duck)
    if left is None or right is None:  # varchar(n), timestamp(p): Trino's message has them
        named = [t or athena_type(d) for t, d in zip((left, right), duck)]
        return UnsupportedLocally(RUN_TIME_OPERANDS, hint=(
            f"Athena fails with TYPE_MISMATCH: {named[0]} {symbol} {named[1]}"))
    written = found.group("written")
    return athena_error("TYPE_MISMATCH", f"Cannot apply operator: {left} {symbol} {right}",
                        offset=offset if offset >= 0 else None,
                        find=("<>", "!=") if written == "<>" else written)


def _unary_failure(symbol: str, duck: str, offset: int | None) -> QueryError:
    """``Cannot negate date`` (OperatorNotFoundException, NEGATION) or ``Unary '+' operator
    cannot by applied to date type`` (ExpressionAnalyzer.visitArithmeticUnary), at the sign."""
    spelled = _exact_type(duck)
    text = f"Cannot negate {spelled}" if symbol == "negate" else \
        f"Unary '+' operator cannot by applied to {spelled} type"
    if spelled is None:
        return UnsupportedLocally(RUN_TIME_OPERANDS, hint=(
            f"Athena fails with TYPE_MISMATCH: {text.replace('None', duck.lower())}"))
    return athena_error("TYPE_MISMATCH", text, offset=offset)


def _bad_argument(tree: exp.Expression, found: re.Match[str]) -> QueryError:
    text = found.group("text")
    if text.startswith("not supported locally: "):
        return UnsupportedLocally(text.split(": ", 1)[1])
    return athena_error("INVALID_FUNCTION_ARGUMENT", text)


def typed_failure(tree: exp.Expression, found: re.Match[str]) -> QueryError:
    """The failure a guard's key raises while DuckDB binds
    (:func:`athenakit.local.operator_guards.typed_key`): Trino's, its message filled with the
    sides' types where each is known exactly, else the key's refusal (with Trino's failure,
    spelled with DuckDB's types, as the hint)."""
    # a side: "trino:<type>", or DuckDB's typeof([x]) (x's type with "[]")
    sides = [s if s.startswith("trino:") else s.removesuffix("[]")
             for s in found.group("sides").split("|") if s]
    exact = [s.removeprefix("trino:") if s.startswith("trino:") else _exact_type(s)
             for s in sides]
    template, name = found.group("template"), found.group("name")

    def filled(types: list[str]) -> str:
        return template.replace("{*}", ", ".join(types)) if "{*}" in template \
            else template.format(*types)

    if not template:
        return UnsupportedLocally(found.group("refusal"))
    if None in exact:
        shown = [t or athena_type(s) for t, s in zip(exact, sides)]
        return UnsupportedLocally(found.group("refusal"),
                                  hint=f"Athena fails with {name}: {filled(shown)}")
    offset, where = int(found.group("offset")), found.group("where")
    return athena_error(name, filled([t for t in exact if t is not None]),
                        offset=offset if offset >= 0 else None, call=where == "call",
                        find=tuple(where[5:].split("/")) if where.startswith("find:") else None)


_BINDER: list[tuple[re.Pattern[str],
                    Callable[[exp.Expression, re.Match[str]], QueryError | None]]] = [
    (re.compile(r'Could not find key "ak_operator\|(?P<offset>-?\d+)\|(?P<written>[^|]+)\|'
                r'(?P<symbol>[^|]+)\|(?P<left>[^|"]+)\|(?P<right>[^|"]+)" in struct'),
     _operator_types),
    (re.compile(r'Could not find key "ak_types\|(?P<name>[A-Z_]+)\|(?P<offset>-?\d+)\|'
                r'(?P<where>[^|"]*)\|(?P<refusal>[^|"]*)\|(?P<template>[^|"]*)\|?'
                r'(?P<sides>[^"]*)" in struct'), typed_failure),
    (re.compile(r'Referenced column "(?P<name>[^"]+)" (?:was )?not found'), _missing_column),
    (re.compile(r'(?:Table|Values list|Subquery|Relation) "(?P<table>[^"]+)" does not have a '
                r'column named "(?P<name>[^"]+)"'), _missing_qualified),
    (re.compile(r'Referenced table "(?P<table>[^"]+)" not found'), _missing_table),
    (re.compile(r'Ambiguous reference to column name "(?P<name>[^"]+)"'), _ambiguous),
    (re.compile(r'column "(?P<name>[^"]+)" must appear in the GROUP BY clause'), _not_aggregate),
    (re.compile(r'Column "(?P<name>[^"]+)" referenced that exists in the SELECT clause'),
     _select_item_reference),
    (re.compile(r"while executing the UDF: ValueError: (?P<text>.+)$"), _bad_argument),
    (re.compile(r"argument types '(?P<name>\w+)\((?P<args>(?:[^()]|\([^()]*\))*)\)'"),
     _bad_arguments),
    (re.compile(r"Binder Error: (?P<name>\w+) can only operate on "), _cannot_operate),
    (re.compile(r'function call "(?P<name>[^\w\s(]+|\w+)\((?P<args>[^)]*)\)"'), _bad_arguments),
]


def from_duckdb(message: str, tree: exp.Expression) -> QueryError | None:
    """Athena's failure for a DuckDB binder error about ``tree`` (the user's statement).

    Args:
        message: the first line of DuckDB's error.
        tree: the statement as the user wrote it (its nodes carry SQL offsets).

    Returns:
        The failure, or None when the message is not one of the recognised binder errors.
    """
    for pattern, build in _BINDER:
        found = pattern.search(message)
        if found:
            return build(tree, found)
    return None  # (a recognised message whose builder declines also ends here)


# --- the engine's own failures, in Athena's words -------------------------------------------

_RESOLVER_MISSING = re.compile(r"^table (?:(?P<db>[^.\s]+)\.)?(?P<name>\S+) does not exist$")


def _missing_relation(err: QueryError, tree: exp.Expression | None, default_db: str,
                      databases: set[str]) -> AthenaFailure | None:
    found = _RESOLVER_MISSING.match(err.reason or "")
    if err.message != "TABLE_NOT_FOUND" or not found:
        return None
    db, name = (found.group("db") or default_db).lower(), found.group("name")
    offset = None
    if isinstance(tree, exp.Expression):
        offset = next((start_of(t) for t in tree.find_all(exp.Table)
                       if t.name.lower() == name.lower()), None)
    if db not in databases:
        return athena_error("SCHEMA_NOT_FOUND", f"Schema '{db}' does not exist", offset=offset)
    return athena_error("TABLE_NOT_FOUND",
                        f"Table '{CATALOG}.{db}.{name.lower()}' does not exist", offset=offset)


_DUCK_KINDS = {"Binder": "a name or type it could not resolve",
               "Parser": "SQL it could not parse", "Catalog": "an object it could not find",
               "Conversion": "a value it could not convert",
               "Invalid Input": "an input it could not read",
               "Not implemented": "a feature it does not have"}


def unrecognised(err: QueryError) -> QueryError:
    """A DuckDB failure the layer has no Athena counterpart for: a refusal that names the kind
    of failure in its own words (DuckDB's text stays on the error's ``detail`` and cause),
    since Athena may well answer the statement."""
    detail = err.detail if isinstance(err, DuckDBFailure) else err.reason or ""
    kind = detail.split(" Error:", 1)[0] if " Error:" in detail else ""
    what = _DUCK_KINDS.get(kind, "a failure of its own")
    return UnsupportedLocally(
        "this statement", hint=f"the local engine stopped on {what}; its own message is in "
        "the error's detail", detail=detail)


def as_athena(err: QueryError, sql: str, tree: object, *, default_db: str = "default",
              databases: set[str] | None = None) -> QueryError:
    """``err`` in Athena's words where it is one of the failures Athena names.

    Args:
        err: a failure of the local engine.
        sql: the statement's text (for line and column).
        tree: the parsed statement, if it was parsed.
        default_db: the database of unqualified names.
        databases: the databases of the catalog.

    Returns:
        An :class:`AthenaFailure` with its position, or ``err`` unchanged.
    """
    mapped: QueryError | None = err if isinstance(err, AthenaFailure) else None
    if mapped is None and isinstance(tree, exp.Expression) and err.message == "local query failed":
        mapped = from_duckdb(err.reason or "", tree)
    if mapped is None:
        mapped = _missing_relation(err, tree if isinstance(tree, exp.Expression) else None,
                                   default_db, databases or {default_db})
    if isinstance(mapped, AthenaFailure):
        mapped.locate(sql)
    if mapped is None and isinstance(err, DuckDBFailure):
        mapped = unrecognised(err)
    result = mapped or err
    result.query_id, result.state = err.query_id or result.query_id, err.state or "FAILED"
    return result

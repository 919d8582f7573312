"""DuckDB's own syntax and function names in a user's statement, answered as Athena would.

sqlglot reads some DuckDB syntax even with the Trino dialect (``'a'::int``, list literals
``[1, 2]``, struct literals ``{'a': 1}``, ``SELECT * EXCLUDE (...)``, ``FROM t`` first) and
DuckDB runs any of its own functions. Athena's parser rejects the syntax (``SYNTAX_ERROR:
mismatched input``) and its analyzer the names (``FUNCTION_NOT_FOUND: Function 'x' not
registered``), so the local engine does the same, from the statement's tokens, before DuckDB
runs anything.
"""

from __future__ import annotations

from sqlglot import Token, TokenError, TokenType
from sqlglot.dialects.trino import Trino
from sqlglot.parser import Parser

from athenakit.local.failures import AthenaFailure, athena_error
from athenakit.local.functions import is_trino_function

T = TokenType
# Tokens after which ``[`` starts a value (DuckDB's list literal), not a subscript.
_VALUE_START = {
    T.COMMA, T.L_PAREN, T.SELECT, T.WHERE, T.AND, T.OR, T.NOT, T.WHEN, T.THEN, T.ELSE, T.EQ,
    T.NEQ, T.GT, T.GTE, T.LT, T.LTE, T.PLUS, T.DASH, T.STAR, T.SLASH, T.MOD, T.DPIPE, T.ARROW,
    T.HAVING, T.ON, T.IN, T.IS, T.BETWEEN, T.RETURNING,
}
# Tokens after which ``name(`` is not a call: aliases with column lists, table names.
_NOT_CALL_AFTER = {T.ALIAS, T.VAR, T.IDENTIFIER, T.R_PAREN, T.TABLE, T.INTO, T.VIEW, T.WITH,
                   T.R_BRACKET, T.ORDINALITY}
_STAR_MODIFIERS = {"EXCLUDE", "REPLACE", "EXCEPT", "RENAME"}
# Keywords to sqlglot that DuckDB also runs as functions; Trino has no function of the name
# (left('abc', 2) and right(...) too: LEFT / RIGHT are join keywords there).
_KEYWORD_CALLS = {T.LIST, T.RANGE, T.SESSION_USER, T.LEFT, T.RIGHT, T.APPLY}


def _syntax(token: Token) -> AthenaFailure:
    return athena_error("SYNTAX_ERROR", f"mismatched input '{token.text}'",
                        offset=token.start)


def _closing(tokens: list[Token], i: int) -> int:
    """Index of the ``)`` that closes the ``(`` at ``i``."""
    depth = 0
    for j in range(i, len(tokens)):
        if tokens[j].token_type == T.L_PAREN:
            depth += 1
        elif tokens[j].token_type == T.R_PAREN:
            depth -= 1
            if depth == 0:
                return j
    return len(tokens) - 1


def _is_call(tokens: list[Token], i: int) -> bool:
    if i == 0 or i + 1 >= len(tokens) or tokens[i + 1].token_type != T.L_PAREN:
        return False  # (a statement's first word, such as UNLOAD, is no call)
    start = i  # the first part of a qualified name: INSERT INTO db.t(a, b)
    while start >= 2 and tokens[start - 1].token_type == T.DOT \
            and tokens[start - 2].token_type in (T.VAR, T.IDENTIFIER):
        start -= 2
    if start > 0 and tokens[start - 1].token_type in _NOT_CALL_AFTER:
        return False
    after = _closing(tokens, i + 1) + 1
    # WITH a AS (...), b(x) AS (...): a CTE with a column list, not a call
    return not (after + 1 < len(tokens) and tokens[after].token_type == T.ALIAS
                and tokens[after + 1].token_type == T.L_PAREN)


def _opening(tokens: list[Token], i: int) -> int | None:
    """Index of the ``(`` whose parentheses hold token ``i`` directly, if any."""
    depth = 0
    for j in range(i - 1, -1, -1):
        kind = tokens[j].token_type
        if kind == T.R_PAREN:
            depth += 1
        elif kind == T.L_PAREN:
            if depth == 0:
                return j
            depth -= 1
    return None


def _inside_call(tokens: list[Token], i: int) -> bool:
    """Whether token ``i`` sits directly inside a function call's parentheses."""
    j = _opening(tokens, i)
    return j is not None and j > 0 and tokens[j - 1].token_type not in (
        T.FROM, T.JOIN, T.IN, T.COMMA, T.L_PAREN, T.ALIAS)


# DuckDB's operators, which Trino's lexer does not have (bitwise & | ^ ~ << >>, ==, !x):
# DuckDB answered 1 & 2; Trino's grammar has only ||, != and the comparison operators
_OPERATORS = {T.AMP, T.PIPE, T.CARET, T.TILDE, T.HASH}
# what follows the second > of >> in an expression (in a type, ARRAY<ARRAY<INT>>, a , or ))
_OPERAND_START = {T.NUMBER, T.VAR, T.IDENTIFIER, T.STRING, T.L_PAREN, T.DASH, T.PLUS}


def _operator(tokens: list[Token], i: int) -> None:
    token, kind = tokens[i], tokens[i].token_type
    after = tokens[i + 1] if i + 1 < len(tokens) else None
    if kind in _OPERATORS or kind == T.NOT and token.text == "!":
        raise _syntax(token)
    if kind == T.EQ and token.text == "==":  # Trino reads = =
        raise athena_error("SYNTAX_ERROR", "mismatched input '='", offset=token.start + 1)
    if after is None or after.start != token.end + 1 or after.token_type != kind:
        return
    operand = tokens[i + 2].token_type if i + 2 < len(tokens) else None
    if kind == T.LT or kind == T.GT and operand in _OPERAND_START:
        raise _syntax(after)


# sqlglot reads the unit of these as a name: date_add(s, 1, ts) of a column s added seconds
_UNIT_FIRST = {"DATE_ADD", "DATE_DIFF", "DATE_TRUNC"}


def _unit(tokens: list[Token], i: int) -> None:
    """The unit of ``date_add`` / ``date_diff`` / ``date_trunc`` (token ``i``) must be a text
    literal: Trino takes any text, but sqlglot reads a column's name as the unit."""
    if tokens[i].text.upper() not in _UNIT_FIRST or i + 3 >= len(tokens) \
            or tokens[i + 1].token_type != T.L_PAREN:
        return
    if tokens[i + 2].token_type != T.STRING or tokens[i + 3].token_type not in (T.COMMA,
                                                                                   T.R_PAREN):
        from athenakit.local.errors import UnsupportedLocally

        raise UnsupportedLocally(f"a {tokens[i].text.lower()} unit that is not a string "
                                 "literal", hint="write the unit as a literal, such as 'day'")


# sqlglot reads a number as a JSON path (json_extract(j, 2) as '$[2]'); Trino's JsonPath
# parameter takes text only
_JSON_PATHS = {"JSON_EXTRACT", "JSON_EXTRACT_SCALAR", "JSON_SIZE"}


def _json_path(tokens: list[Token], i: int) -> None:
    name = tokens[i].text.upper()
    if name not in _JSON_PATHS or i + 1 >= len(tokens) or tokens[i + 1].token_type != T.L_PAREN:
        return
    depth, comma = 0, None
    for j in range(i + 1, _closing(tokens, i + 1)):
        depth += {T.L_PAREN: 1, T.R_PAREN: -1}.get(tokens[j].token_type, 0)
        if depth == 1 and tokens[j].token_type == T.COMMA:
            comma = j
            break
    path = tokens[comma + 1] if comma is not None and comma + 1 < len(tokens) else None
    if path is None or path.token_type != T.NUMBER:
        return
    first = tokens[i + 2]
    spelled = f"varchar({len(first.text)})" if first.token_type == T.STRING \
        and comma == i + 3 else "unknown"
    number = "integer" if path.text.isdigit() and int(path.text) < 2**31 else "bigint"
    raise athena_error("FUNCTION_NOT_FOUND", f"Unexpected parameters ({spelled}, {number}) "
                       f"for function {name.lower()}", offset=tokens[i].start)


def _check(tokens: list[Token], i: int) -> None:
    token, kind = tokens[i], tokens[i].token_type
    before = tokens[i - 1].token_type if i > 0 else None
    if kind in (T.DCOLON, T.L_BRACE) or (kind == T.FROM and i == 0):
        raise _syntax(token)
    _operator(tokens, i)
    _unit(tokens, i)
    _json_path(tokens, i)
    # LIMIT / OFFSET take an integer literal in Trino's grammar (rowCount: INTEGER_VALUE | ?);
    # DuckDB cast LIMIT '1'
    if kind == T.STRING and before in (T.LIMIT, T.OFFSET):
        raise athena_error("SYNTAX_ERROR", f"mismatched input ''{token.text}''",
                           offset=token.start)
    # DuckDB reads FROM 'file.csv'; trim(BOTH 'a' FROM 'x'), substring('x' FROM 2) are Trino's
    # (x IS DISTINCT FROM 'a' compares with a string)
    if kind == T.STRING and before in (T.FROM, T.JOIN) and not _inside_call(tokens, i - 1) \
            and not (i > 2 and tokens[i - 2].token_type == T.DISTINCT
                     and tokens[i - 3].token_type in (T.IS, T.NOT)):
        raise athena_error("SYNTAX_ERROR", f"mismatched input ''{token.text}''",
                           offset=token.start)
    if kind == T.L_BRACKET and (before is None or before in _VALUE_START):
        raise _syntax(token)
    if before == T.STAR and token.text.upper() in _STAR_MODIFIERS:
        raise _syntax(token)
    # (TABLESAMPLE BERNOULLI (50): a sampling method, not a call)
    if ((kind in (T.VAR, T.IDENTIFIER) or kind in _KEYWORD_CALLS) and _is_call(tokens, i)
            and before != T.TABLE_SAMPLE or _type_word_call(tokens, i)) \
            and not is_trino_function(token.text):
        raise athena_error("FUNCTION_NOT_FOUND", f"Function '{token.text.lower()}' not "
                           "registered", offset=token.start)


# what opens the parentheses of a type's parameters (ARRAY(varchar(3)), MAP(varchar(1), int))
_TYPE_OPENERS = Parser.TYPE_TOKENS | {T.ARRAY, T.MAP, T.STRUCT}


def _type_word_call(tokens: list[Token], i: int) -> bool:
    """A type name called as a function where a value goes (``string(x)``, ``char(65)``,
    ``timestamp('2020-01-01')``): sqlglot reads a cast or another function, Trino has no
    function of the name. A type with parameters (in a CAST, a column definition, another
    type's parameters) is no call."""
    if tokens[i].token_type not in Parser.TYPE_TOKENS or i == 0 or i + 1 >= len(tokens) \
            or tokens[i + 1].token_type != T.L_PAREN \
            or tokens[i - 1].token_type not in _VALUE_START or _inside_cast(tokens, i):
        return False
    opening = _opening(tokens, i)
    return opening is None or opening == 0 \
        or tokens[opening - 1].token_type not in _TYPE_OPENERS


# DuckDB's words and forms Trino's grammar does not have (each answered before): a LIKE
# variant, join kinds, DISTINCT ON, UNION BY NAME, LIMIT n %, a number after INTERVAL (Trino
# takes a string: INTERVAL '1' DAY), a slice a[1:2], a trailing comma, $$text$$
_NOT_TRINO = {T.ILIKE, T.GLOB, T.SIMILAR_TO}
_JOIN_KINDS = {"SEMI", "ANTI", "ASOF", "POSITIONAL"}
# type names DuckDB (or sqlglot) reads in a CAST that Trino does not know (TYPE_NOT_FOUND)
_NOT_TRINO_TYPES = {"STRING", "TEXT", "INT64", "INT32", "INT16", "INT8", "INT4", "INT2",
                    "INT1", "FLOAT4", "FLOAT8", "BLOB", "BYTEA", "DATETIME", "HUGEINT",
                    "UHUGEINT", "UBIGINT", "UINTEGER", "USMALLINT", "UTINYINT", "STRUCT",
                    "LIST", "BITSTRING"}


def _duckdb_form(tokens: list[Token], i: int, brackets: int, sql: str) -> None:
    token, kind = tokens[i], tokens[i].token_type
    after = tokens[i + 1] if i + 1 < len(tokens) else None
    before = tokens[i - 1] if i > 0 else None
    if kind in _NOT_TRINO or kind == T.COLON and brackets > 0 \
            or token.text.upper() in _JOIN_KINDS and after is not None \
            and after.token_type == T.JOIN \
            or kind == T.ON and before is not None and before.token_type == T.DISTINCT \
            or token.text.upper() == "BY" and before is not None and (
                before.token_type in (T.UNION, T.INTERSECT, T.EXCEPT)
                or before.token_type in (T.ALL, T.DISTINCT) and i > 1
                and tokens[i - 2].token_type in (T.UNION, T.INTERSECT, T.EXCEPT)) \
            or kind == T.MOD and i > 1 and tokens[i - 2].token_type == T.LIMIT \
            or kind == T.NUMBER and before is not None and before.token_type == T.INTERVAL \
            or kind == T.R_PAREN and before is not None and before.token_type == T.COMMA \
            or sql[token.start:token.start + 2] == "$$":
        raise _syntax(token)
    if token.text.upper() in _NOT_TRINO_TYPES \
            and before is not None and before.token_type == T.ALIAS and _inside_cast(tokens, i):
        raise athena_error("TYPE_NOT_FOUND", f"Unknown type: {token.text.lower()}",
                           offset=token.start)


def _inside_cast(tokens: list[Token], i: int) -> bool:
    """Whether token ``i`` sits directly inside ``CAST(`` / ``TRY_CAST(``."""
    j = _opening(tokens, i)
    return j is not None and j > 0 and tokens[j - 1].text.upper() in ("CAST", "TRY_CAST")


def _number_forms(tokens: list[Token], i: int, sql: str) -> None:
    """``0x1F``, ``0o17``, ``0b101`` and ``1_000``: integer literals of newer Trino releases
    (sqlglot read ``0x1F`` as a varbinary and ``1_000`` as 1 named _000); which Athena's
    engine reads is not known here."""
    from athenakit.local.errors import UnsupportedLocally

    token, after = tokens[i], tokens[i + 1] if i + 1 < len(tokens) else None
    joined = after is not None and after.start == token.end + 1 \
        and after.token_type in (T.VAR, T.NUMBER)
    if token.token_type == T.HEX_STRING and sql[token.start:token.start + 2] in ("0x", "0X") \
            or token.token_type == T.NUMBER and joined and after is not None and (
                after.text.startswith("_") or token.text == "0"
                and after.text[:1].lower() in ("o", "b")):
        raise UnsupportedLocally("a hexadecimal, octal or binary integer literal, or a number "
                                 "with underscores",
                                 hint="write the decimal number (0x1F: 31, 1_000: 1000)")


def _offset_after_limit(tokens: list[Token]) -> None:
    """OFFSET comes before LIMIT / FETCH in Trino's grammar (``queryNoWith``: ORDER BY,
    OFFSET, then LIMIT or FETCH); sqlglot and DuckDB took ``LIMIT 1 OFFSET 1`` too."""
    limited: set[int] = set()  # the parenthesis depths whose query has had its LIMIT
    depth = 0
    for token in tokens:
        kind = token.token_type
        if kind == T.L_PAREN:
            depth += 1
        elif kind == T.R_PAREN:
            limited.discard(depth)
            depth -= 1
        elif kind in (T.LIMIT, T.FETCH):
            limited.add(depth)
        elif kind == T.OFFSET and depth in limited:
            raise _syntax(token)


# Trino's grammar: CURRENT_TIMESTAMP '(' precision=INTEGER_VALUE ')' (also CURRENT_TIME,
# LOCALTIME, LOCALTIMESTAMP); POSITION '(' valueExpression IN valueExpression ')'; a
# JSON_OBJECT member is KEY? key VALUE value or key ':' value
_PRECISION_FORMS = {"CURRENT_TIMESTAMP", "CURRENT_TIME", "LOCALTIME", "LOCALTIMESTAMP"}
_JSON_MEMBER = {"VALUE", ":"}
_SPECIAL_FORMS = _PRECISION_FORMS | {"POSITION", "JSON_OBJECT"}


def _top_level(tokens: list[Token], i: int) -> list[Token]:
    """The tokens directly inside the parentheses opened at ``i``."""
    inside, depth = [], 0
    for token in tokens[i + 1:_closing(tokens, i)]:
        if token.token_type in (T.L_PAREN, T.L_BRACKET):
            depth += 1
        elif token.token_type in (T.R_PAREN, T.R_BRACKET):
            depth -= 1
        elif depth == 0:
            inside.append(token)
    return inside


def _special_form(tokens: list[Token], i: int) -> None:
    """A call of a special form with a shape Trino's grammar does not read: DuckDB answered
    ``current_timestamp(3, 3)``, ``position('b', 'abc')`` and ``json_object('a', 'b')``."""
    from athenakit.local.errors import UnsupportedLocally

    name = tokens[i].text.upper()
    if name not in _SPECIAL_FORMS or i + 1 >= len(tokens) \
            or tokens[i + 1].token_type != T.L_PAREN \
            or i > 0 and tokens[i - 1].token_type == T.DOT:
        return  # (the name first: most tokens are no special form)
    inside = _top_level(tokens, i + 1)
    if name in _PRECISION_FORMS:
        comma = next((t for t in inside if t.token_type == T.COMMA), None)
        if comma is not None:
            raise _syntax(comma)
    elif name == "POSITION" and inside and not any(t.token_type == T.IN for t in inside):
        raise UnsupportedLocally("position(a, b): Trino's grammar reads position(a IN b)")
    elif name == "JSON_OBJECT" and inside and not any(
            t.text.upper() in _JSON_MEMBER for t in inside):
        raise UnsupportedLocally("json_object without KEY ... VALUE or ':' members")


def check_tokens(sql: str) -> None:
    """Raise Athena's error for DuckDB-only syntax or function names in ``sql``.

    Raises:
        AthenaFailure: SYNTAX_ERROR or FUNCTION_NOT_FOUND, with the offset of the token.
    """
    try:
        tokens = Trino().tokenize(sql)
    except TokenError:
        return  # the parser has already accepted the text; nothing more to learn here
    brackets = 0
    for i in range(len(tokens)):
        _check(tokens, i)
        _special_form(tokens, i)
        brackets += {T.L_BRACKET: 1, T.R_BRACKET: -1}.get(tokens[i].token_type, 0)
        _duckdb_form(tokens, i, brackets, sql)
        _number_forms(tokens, i, sql)
    _offset_after_limit(tokens)


PATTERN_REFUSAL = "row pattern recognition (MATCH_RECOGNIZE, or MEASURES ... PATTERN in a window)"


def check_pattern_recognition(sql: str) -> None:
    """Refuse row pattern recognition before anything reads the statement: DuckDB has none,
    sqlglot reads little of it, and a reluctant quantifier (``PATTERN (A *?)``) would be taken
    for a parameter's ``?``.

    Raises:
        UnsupportedLocally: for ``MATCH_RECOGNIZE``, or a window with ``MEASURES``.
    """
    from athenakit.local.errors import UnsupportedLocally

    try:
        tokens = Trino().tokenize(sql)
    except TokenError:
        return
    words = {t.text.upper() for t in tokens if t.token_type in (T.VAR, T.MATCH_RECOGNIZE)}
    if "MATCH_RECOGNIZE" in words or {"MEASURES", "PATTERN", "DEFINE"} <= words:
        raise UnsupportedLocally(PATTERN_REFUSAL)


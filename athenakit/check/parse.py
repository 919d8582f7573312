"""Tokenize and parse one statement with sqlglot, on the side of Athena that reads it.

The tokenizers are sqlglot's Hive and Trino ones, loosened so that a statement written with the
other side's identifier quotes still parses (the quoting rules then report it): a Trino-side
statement also accepts backtick identifiers, and in a Hive-side statement a double-quoted string
in a name position is read as an identifier. Token offsets are relative to the statement text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import ClassVar

from sqlglot import exp
from sqlglot.dialects.hive import Hive
from sqlglot.dialects.trino import Trino
from sqlglot.errors import ParseError, TokenError
from sqlglot.parser import Parser
from sqlglot.parsers.athena import AthenaTrinoParser
from sqlglot.tokenizer_core import Token, TokenType
from sqlglot.tokens import Tokenizer

from athenakit.sql.quoting import TOOL_KEYWORDS, Engine, is_reserved


class _TrinoTokenizer(Trino.Tokenizer):
    IDENTIFIERS: ClassVar = ['"', "`"]
    COMMANDS: ClassVar = set()  # keep tokenizing after EXPLAIN, UNLOAD, ...
    KEYWORDS: ClassVar = {**Trino.Tokenizer.KEYWORDS, "UNLOAD": TokenType.COMMAND}


class _HiveTokenizer(Hive.Tokenizer):
    COMMANDS: ClassVar = set()


# Tokens after which a double-quoted string in Hive DDL names a table, database or column.
_NAME_BEFORE = {
    TokenType.TABLE, TokenType.DATABASE, TokenType.SCHEMA, TokenType.EXISTS, TokenType.DOT,
}
_NOT_A_TYPE_AFTER = {TokenType.EQ, TokenType.COMMA, TokenType.R_PAREN, TokenType.STRING}


@dataclass
class Parsed:
    """The tokens and syntax tree of one statement.

    Attributes:
        tokens: sqlglot tokens; ``start``/``end`` are offsets in the statement text.
        tree: the parsed statement, or None when it did not parse.
        error: (message, offset) of the first syntax error, if any.
        hive_names: indices of double-quoted strings used as names in Hive DDL.
    """

    tokens: list[Token]
    tree: exp.Expr | None
    error: tuple[str, int] | None
    hive_names: list[int]


@cache
def _tokenizer(engine: Engine) -> Tokenizer:
    return _TrinoTokenizer(Trino()) if engine is Engine.TRINO else _HiveTokenizer(Hive())


@cache
def _parser(engine: Engine) -> Parser:
    if engine is Engine.TRINO:
        return AthenaTrinoParser(dialect=Trino())
    return Hive().parser()


def parse_statement(text: str, engine: Engine) -> Parsed:
    """Tokenize and parse ``text`` (one statement) for ``engine``.

    Returns:
        A :class:`Parsed`; syntax errors are returned in ``error``, never raised.
    """
    try:
        tokens = _tokenizer(engine).tokenize(text)
    except TokenError as err:
        return Parsed([], None, (_clean(str(err)), _token_error_offset(text, str(err))), [])
    hive_names = _hive_name_strings(tokens, text) if engine is Engine.HIVE else []
    for i in hive_names:
        tokens[i].token_type = TokenType.IDENTIFIER
    if tokens and tokens[0].token_type in Tokenizer.COMMANDS:
        # sqlglot keeps these opaque; the rules read their tokens instead.
        return Parsed(tokens, exp.Command(this=tokens[0].text.upper()), None, hive_names)
    tree, error = parse_tokens(tokens, text, engine)
    if error is not None:
        tree, error = _names_from_keywords(tokens, text, engine, tree, error)
    return Parsed(tokens, tree, error, hive_names)


_MAX_KEYWORD_NAMES = 8


def _names_from_keywords(
    tokens: list[Token], text: str, engine: Engine, tree: exp.Expr | None,
    error: tuple[str, int],
) -> tuple[exp.Expr | None, tuple[str, int] | None]:
    """Read reserved words that stand where a name belongs (``SELECT select FROM t``) as names.

    Where the statement fails at a reserved word, the word is re-read as a name. If the whole
    statement then parses, the words stay names (token types are changed in place), so the
    quoting rule reports each with its fix instead of a bare syntax error; otherwise nothing
    changes. Two such words side by side are not names (``SELECT FROM WHERE`` stays an error).
    """
    changed: list[tuple[int, TokenType]] = []
    current = error
    for _ in range(_MAX_KEYWORD_NAMES):
        i = _keyword_at(tokens, current[1], engine)
        if i is None or any(abs(i - j) == 1 for j, _ in changed):
            break
        changed.append((i, tokens[i].token_type))
        tokens[i].token_type = TokenType.VAR
        new_tree, new_error = parse_tokens(tokens, text, engine)
        if new_error is None and not _empty_select(new_tree):
            return new_tree, None
        if new_error is None:
            break
        if new_error[1] <= current[1]:
            break
        current = new_error
    for i, kind in changed:
        tokens[i].token_type = kind
    return tree, error


def _empty_select(tree: exp.Expr | None) -> bool:
    return tree is not None and any(not s.expressions for s in tree.find_all(exp.Select))


def _keyword_at(tokens: list[Token], offset: int, engine: Engine) -> int | None:
    """The reserved word at or just before the error ``offset``, if one is there."""
    at = next((i for i, t in enumerate(tokens) if t.start >= offset), len(tokens) - 1)
    for i in (at, at - 1):
        token = tokens[i] if 0 <= i < len(tokens) else None
        if token is None or token.token_type in _NOT_KEYWORDS or token.token_type in (
                Parser.TYPE_TOKENS) or not token.text.isidentifier():
            continue
        if is_reserved(token.text, engine) or token.text.lower() in TOOL_KEYWORDS:
            return i
    return None


_NOT_KEYWORDS = frozenset({TokenType.VAR, TokenType.IDENTIFIER, TokenType.STRING})


def parse_tokens(
    tokens: list[Token], text: str, engine: Engine,
) -> tuple[exp.Expr | None, tuple[str, int] | None]:
    """Parse a token list (possibly a slice of a statement's tokens) into one expression."""
    if not tokens:
        return None, ("empty statement", 0)
    try:
        trees = _parser(engine).parse(tokens, text)
    except ParseError as err:
        return None, _parse_error(err, tokens)
    tree = trees[0] if trees else None
    return tree, None


def _parse_error(err: ParseError, tokens: list[Token]) -> tuple[str, int]:
    info = err.errors[0] if err.errors else {}
    message = _clean(str(info.get("description") or err))
    line, col = info.get("line"), info.get("col")
    for token in tokens:
        if token.line == line and token.col == col:
            return message, token.start
    return message, tokens[-1].start if tokens else 0


def _token_error_offset(text: str, message: str) -> int:
    """Best effort: point at the unterminated quote sqlglot complains about."""
    for quote in ("'", '"', "`"):
        if text.count(quote) % 2:
            return text.rfind(quote)
    return 0


def _clean(message: str) -> str:
    first = message.strip().splitlines()[0] if message.strip() else "syntax error"
    first = first.replace("\x1b[4m", "").replace("\x1b[0m", "")
    first = re.sub(r"<Token token_type: TokenType\.SENTINEL[^>]*>", "the end of the statement",
                   first)
    return re.sub(r"<Token token_type: [\w.]+, text: (.*?), line: .*?>", r"'\1'", first)


def _hive_name_strings(tokens: list[Token], text: str) -> list[int]:
    """Indices of double-quoted STRING tokens that stand where Hive DDL expects a name."""
    found = []
    for i, token in enumerate(tokens):
        if token.token_type is not TokenType.STRING or text[token.start] != '"':
            continue
        prev = tokens[i - 1].token_type if i else None
        nxt = tokens[i + 1].token_type if i + 1 < len(tokens) else None
        if nxt is TokenType.EQ or prev is TokenType.EQ:
            continue
        in_list = prev in (TokenType.L_PAREN, TokenType.COMMA) and nxt not in _NOT_A_TYPE_AFTER
        if prev in _NAME_BEFORE or nxt is TokenType.DOT or in_list:
            found.append(i)
    return found

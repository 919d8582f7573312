"""``athenakit transpile``: SQL from another dialect to Athena SQL, then ``fix`` and ``check``.

sqlglot converts each statement (it picks Hive or Trino generation per statement, as Athena
routes them). Constructs it cannot express are reported, never silently dropped: the
generator's unsupported messages become AK304 findings, and so does any construct of a watched
kind (PIVOT, CONNECT BY, MATCH_RECOGNIZE, ...) that is missing from the generated SQL.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlglot
from sqlglot import exp
from sqlglot.dialects.dialect import Dialect
from sqlglot.errors import ErrorLevel, ParseError, SqlglotError, TokenError

from athenakit.check.checker import TableSource, check
from athenakit.check.codes import rule
from athenakit.check.fix import fix_report
from athenakit.errors import Diagnostic, Severity, SqlError
from athenakit.sql.parse_errors import sql_error
from athenakit.sql.quiet import quiet_sqlglot

# Constructs sqlglot's Athena generator may leave out without a message.
_WATCHED: tuple[type[exp.Expr], ...] = (
    exp.Pivot, exp.Connect, exp.MatchRecognize, exp.Into, exp.Hint,
)


@dataclass(frozen=True)
class TranspileResult:
    """Athena SQL converted from another dialect.

    Attributes:
        sql: the Athena SQL, statements separated by ``;`` and a blank line.
        unsupported: what could not be translated (AK304 findings).
        fixed: quoting repairs applied after conversion.
        diagnostics: ``check`` findings on the converted SQL.
    """

    sql: str
    unsupported: list[Diagnostic]
    fixed: list[Diagnostic]
    diagnostics: list[Diagnostic]

    @property
    def ok(self) -> bool:
        return not self.unsupported and not any(d.is_error for d in self.diagnostics)


def transpile(sql: str, read: str, tables: TableSource = None) -> TranspileResult:
    """Convert ``sql`` written for dialect ``read`` into Athena SQL.

    Args:
        sql: statements in the source dialect.
        read: a sqlglot dialect name (spark, hive, presto, trino, postgres, mysql, bigquery,
            snowflake, duckdb, ...).
        tables: known tables for the checks of the result.

    Returns:
        A :class:`TranspileResult` with the SQL and every finding.

    Raises:
        SqlError: for an unknown dialect or SQL the source dialect cannot parse.

    Example:
        >>> transpile("SELECT `user` FROM t", "mysql").sql
        'SELECT "user" FROM t;\\n'
    """
    try:
        dialect = Dialect.get_or_raise(read)
    except (ValueError, SqlglotError) as err:
        raise SqlError(f"unknown SQL dialect {read!r}") from err
    with quiet_sqlglot():
        try:
            trees = [t for t in sqlglot.parse(sql, dialect=dialect) if t is not None]
        except (ParseError, TokenError, RecursionError) as err:
            raise sql_error(err, sql, what=f"cannot parse {read} SQL") from None
        outputs, unsupported = [], []
        for index, tree in enumerate(trees):
            text, messages = _generate(tree)
            outputs.append(text)
            unsupported += [_unsupported(m, index) for m in messages]
    athena_sql = "".join(f"{text};\n" if i == len(outputs) - 1 else f"{text};\n\n"
                         for i, text in enumerate(outputs))
    fixed = fix_report(athena_sql, tables)
    return TranspileResult(fixed.text, unsupported, fixed.fixed, check(fixed.text, tables))


def _generate(tree: exp.Expr) -> tuple[str, list[str]]:
    generator = Dialect.get_or_raise("athena").generator(unsupported_level=ErrorLevel.IGNORE)
    text = generator.generate(tree)
    messages = list(generator.unsupported_messages)
    for name in ("_hive_generator", "_trino_generator"):
        messages += list(getattr(getattr(generator, name, None), "unsupported_messages", []))
    messages += _dropped(tree, text)
    return text, list(dict.fromkeys(messages))


def _dropped(tree: exp.Expr, text: str) -> list[str]:
    """Watched constructs of ``tree`` that no longer appear in the generated ``text``."""
    try:
        out = sqlglot.parse_one(text, read="athena")
    except SqlglotError:
        return []
    return [
        f"{kind.__name__.upper()} cannot be expressed in Athena SQL and was dropped"
        for kind in _WATCHED if tree.find(kind) is not None and out.find(kind) is None
    ]


def _unsupported(message: str, index: int) -> Diagnostic:
    r = rule("AK304")
    return Diagnostic("AK304", Severity.ERROR, message, statement=index, doc=r.doc)

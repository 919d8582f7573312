"""Statements and clauses of other engines that parse but that Athena does not run.

sqlglot reads ``USE db``, ``SET SESSION``, ``TRUNCATE TABLE``, ``GRANT``, Hive's ``INSERT INTO
TABLE``, Spark's ``UPDATE ... FROM`` and ``MERGE ... UPDATE SET *``, or column constraints such as
``PRIMARY KEY`` in a CREATE TABLE, without complaint; Athena rejects each of them.

https://docs.aws.amazon.com/athena/latest/ug/unsupported-ddl.html
https://docs.aws.amazon.com/athena/latest/ug/ddl-reference.html
https://docs.aws.amazon.com/athena/latest/ug/dml-queries-functions-operators.html
"""

from __future__ import annotations

from sqlglot import exp
from sqlglot.tokenizer_core import TokenType

from athenakit.check.context import Context, node_start
from athenakit.sql.splitter import Kind

# First words of statements other engines run and Athena does not.
_NOT_ATHENA = {
    "USE": "Athena has no USE; qualify names (db.table) or set the database of the query",
    "SET": "Athena has no SET (session properties are not supported)",
    "RESET": "Athena has no RESET",
    "GRANT": "Athena has no GRANT; permissions come from IAM and Lake Formation",
    "REVOKE": "Athena has no REVOKE; permissions come from IAM and Lake Formation",
    "COMMENT": "Athena has no COMMENT ON; write COMMENT in CREATE TABLE",
    "TRUNCATE": "Athena has no TRUNCATE; DELETE FROM an Iceberg table, or remove the files",
    "REFRESH": "REFRESH TABLE is Spark; Athena reads S3 at query time",
    "CACHE": "CACHE TABLE is Spark; Athena does not cache tables",
    "UNCACHE": "UNCACHE TABLE is Spark; Athena does not cache tables",
    "START": "Athena has no transactions",
    "BEGIN": "Athena has no transactions",
    "COMMIT": "Athena has no transactions",
    "ROLLBACK": "Athena has no transactions",
    "LOAD": "LOAD DATA is Hive; put the files under the table's LOCATION",
    "EXPORT": "EXPORT TABLE is Hive; use UNLOAD",
    "IMPORT": "IMPORT TABLE is Hive; create the table over the files",
    "LOCK": "Athena has no LOCK",
    "UNLOCK": "Athena has no UNLOCK",
    "DFS": "Athena has no DFS commands",
}
_CREATE_NOT_ATHENA = {"INDEX", "ROLE", "TEMPORARY", "MACRO", "FUNCTION", "TEMP"}


def check_statements(ctx: Context) -> None:
    """Report statements and clauses Athena does not run (AK301, AK305, AK320, AK303)."""
    words = ctx.stmt.words
    if not words:
        return
    if ctx.stmt.kind is Kind.OTHER and words[0] in _NOT_ATHENA:
        ctx.report("AK301", f"{words[0]} ...: {_NOT_ATHENA[words[0]]}")
    elif ctx.stmt.kind is Kind.CREATE_TABLE and len(words) > 1 and (
            words[1] in _CREATE_NOT_ATHENA):
        ctx.report("AK301", f"CREATE {words[1]} ... is not a statement Athena runs")
    tree = ctx.tree
    if isinstance(tree, exp.Create) and ctx.stmt.kind is Kind.CREATE_TABLE:
        _constraints(ctx, tree)
    elif isinstance(tree, exp.Alter):
        _alter_column(ctx, tree)
    _dml(ctx)


def _constraints(ctx: Context, tree: exp.Create) -> None:
    # https://docs.aws.amazon.com/athena/latest/ug/create-table.html: col_name data_type
    # [COMMENT col_comment] is all a column takes
    for column in tree.find_all(exp.ColumnDef):
        for constraint in column.args.get("constraints") or []:
            kind = constraint.args.get("kind")
            if not isinstance(kind, exp.CommentColumnConstraint):
                text = constraint.sql("hive")
                ctx.report("AK320", f"column {column.name}: {text} is not Athena DDL; a column "
                                    "takes only a type and a COMMENT",
                           int(column.this.meta.get("start", 0)))


def _alter_column(ctx: Context, tree: exp.Alter) -> None:
    if ctx.stmt.words.count("ALTER") < 2:  # sqlglot reads CHANGE COLUMN as AlterColumn too
        return
    for action in tree.args.get("actions") or []:
        if isinstance(action, exp.AlterColumn):
            # https://docs.aws.amazon.com/athena/latest/ug/alter-table-change-column.html
            ctx.report("AK303", "ALTER TABLE ... ALTER COLUMN is not Athena DDL; write "
                                "ALTER TABLE t CHANGE [COLUMN] old new type")


def _dml(ctx: Context) -> None:
    tokens = ctx.tokens
    words = ctx.stmt.words
    tree = ctx.tree
    if words[:3] == ("INSERT", "INTO", "TABLE") and len(tokens) > 2:
        ctx.report("AK305", "INSERT INTO TABLE is Hive/Spark; write INSERT INTO t",
                   tokens[2].start)
    elif ctx.stmt.kind is Kind.DELETE and len(tokens) > 1 and (
            tokens[1].token_type is not TokenType.FROM):
        ctx.report("AK305", "DELETE without FROM is not Trino SQL; write DELETE FROM t WHERE ...",
                   tokens[1].start)
    elif isinstance(tree, exp.Update) and tree.args.get("from_") is not None:
        # https://docs.aws.amazon.com/athena/latest/ug/update-statement.html
        ctx.report("AK305", "UPDATE ... FROM is Postgres/Spark; use MERGE INTO ... USING",
                   node_start(tree.args["from_"]))
    elif ctx.stmt.kind is Kind.MERGE:
        for i in range(len(tokens) - 1):
            if tokens[i].token_type is TokenType.SET and tokens[i + 1].token_type is (
                    TokenType.STAR):
                ctx.report("AK305", "UPDATE SET * is Spark/Delta; list the columns: "
                                    "SET a = s.a, ...", tokens[i + 1].start)
    if words[:4] == ("CREATE", "OR", "REPLACE", "TABLE"):
        # https://docs.aws.amazon.com/athena/latest/ug/create-table-as.html
        ctx.report("AK305", "Athena's CREATE TABLE AS has no OR REPLACE; DROP TABLE first",
                   tokens[1].start)

"""StatementType and SubstatementType of a query, as GetQueryExecution reports them.

Athena names the kind of a statement before it runs: ``DDL`` (catalog changes), ``DML``
(SELECT, CREATE TABLE AS SELECT, INSERT, UNLOAD, MERGE, ...) or ``UTILITY`` (SHOW, DESCRIBE,
EXPLAIN), and a
SubstatementType such as ``SELECT``, ``CREATE_TABLE``, ``SHOW_TABLES``.
https://docs.aws.amazon.com/athena/latest/APIReference/API_QueryExecution.html
"""

from __future__ import annotations

import re

_COMMENTS = re.compile(r"(--[^\n]*(\n|$))|(/\*.*?\*/)", re.DOTALL)
_WORDS = re.compile(r"[A-Za-z_]+")
_DML = {"SELECT": "SELECT", "WITH": "SELECT", "VALUES": "SELECT", "TABLE": "SELECT",
        "INSERT": "INSERT", "UNLOAD": "UNLOAD", "DELETE": "DELETE", "UPDATE": "UPDATE",
        "MERGE": "MERGE"}
_CTAS = re.compile(r"^\s*CREATE\s+TABLE\s+(IF\s+NOT\s+EXISTS\s+)?[\w.\"`]+\s*"
                   r"(WITH\s*\(.*?\)\s*)?AS\b", re.IGNORECASE | re.DOTALL)
_OBJECTS = {"DATABASE": "DATABASE", "SCHEMA": "DATABASE", "TABLE": "TABLE", "VIEW": "VIEW"}


def classify(sql: str) -> tuple[str, str]:
    """(StatementType, SubstatementType) of one statement's text.

    Example:
        >>> classify("CREATE EXTERNAL TABLE t (a int) LOCATION 's3://b/t/'")
        ('DDL', 'CREATE_TABLE')
    """
    text = _COMMENTS.sub(" ", sql)
    if _CTAS.match(text):  # the API reference names CTAS as a DML statement
        return "DML", "CREATE_TABLE_AS_SELECT"
    words = [w.upper() for w in _WORDS.findall(text)[:8]]
    head = words[0] if words else ""
    if head in _DML:
        return "DML", _DML[head]
    if head in ("SHOW", "DESCRIBE", "EXPLAIN"):
        kind = "_".join(w for w in words[1:3] if w in ("CREATE", "TABLES", "DATABASES",
                        "SCHEMAS", "COLUMNS", "PARTITIONS", "VIEWS", "TBLPROPERTIES",
                        "TABLE", "VIEW", "FUNCTIONS"))
        return "UTILITY", f"{head}_{kind}" if head == "SHOW" and kind else \
            ("DESCRIBE_TABLE" if head == "DESCRIBE" else head)
    return "DDL", _ddl(head, words)


def _ddl(head: str, words: list[str]) -> str:
    objects = [_OBJECTS[w] for w in words[1:6] if w in _OBJECTS]
    target = objects[0] if objects else "TABLE"
    if head == "CREATE":
        return f"CREATE_{target}"
    if head == "DROP":
        return f"DROP_{target}"
    if head == "ALTER":
        action = [w for w in words[3:6] if w in ("ADD", "DROP", "RENAME", "SET", "REPLACE")]
        return f"ALTER_TABLE_{action[0]}_PARTITION" if action and "PARTITION" in words[3:6] \
            else "ALTER_TABLE"
    return "MSCK_REPAIR_TABLE" if head == "MSCK" else head or "UNKNOWN"

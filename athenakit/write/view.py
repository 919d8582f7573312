"""CREATE [OR REPLACE] VIEW: a named query, on the Trino side.

https://docs.aws.amazon.com/athena/latest/ug/create-view.html
"""

from __future__ import annotations

from athenakit.sql.quoting import Engine, quote_qualified
from athenakit.sql.templating import render_template
from athenakit.write.select import strip_statement


def create_view(name: str, select: str, *, database: str | None = None,
                or_replace: bool = False) -> str:
    """``CREATE [OR REPLACE] VIEW <database>.<name> AS <select>``.

    Example:
        >>> print(create_view("recent", "SELECT * FROM t WHERE dt > '2024'", database="d",
        ...                   or_replace=True), end="")
        CREATE OR REPLACE VIEW d.recent AS
        SELECT * FROM t WHERE dt > '2024'
    """
    return render_template("create_view.sql.j2", or_replace=or_replace,
                           name=quote_qualified((database, name), Engine.TRINO),
                           select=strip_statement(select))

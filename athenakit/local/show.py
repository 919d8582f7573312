"""SHOW and DESCRIBE answered from the local catalog, in the shape Athena returns them.

Athena runs these statements on Hive's metastore side: every answer is one ``string`` column
named as Hive names it, one row per line of Hive's text layout (fields padded to 20 characters
and separated by tabs, as Hive's ``MetaDataFormatUtils`` writes them). The statements:

=================================  ============================  =================================
statement                          column                        one row per
=================================  ============================  =================================
SHOW TABLES [IN db] ['pat']        ``tab_name``                  table or view, sorted
SHOW DATABASES|SCHEMAS [LIKE 'p']  ``database_name``             database, sorted
SHOW VIEWS [IN db] [LIKE 'pat']    ``views``                     view, sorted
SHOW COLUMNS (IN|FROM) t [IN db]   ``field``                     column, partition columns last
SHOW PARTITIONS t                  ``partition``                 registered partition, ``k=v/k=v``
SHOW CREATE TABLE t                ``createtab_stmt``            line of the DDL
SHOW CREATE VIEW v                 ``Create View``               (one row, the whole statement)
SHOW TBLPROPERTIES t [('k')]       ``prpt_name``                 property, ``key<TAB>value``
DESCRIBE [FORMATTED] t [col]       ``col_name``                  line of Hive's description
=================================  ============================  =================================

https://docs.aws.amazon.com/athena/latest/ug/show-tables.html
https://docs.aws.amazon.com/athena/latest/ug/show-databases.html
https://docs.aws.amazon.com/athena/latest/ug/show-views.html
https://docs.aws.amazon.com/athena/latest/ug/show-columns.html
https://docs.aws.amazon.com/athena/latest/ug/show-partitions.html
https://docs.aws.amazon.com/athena/latest/ug/show-create-table.html
https://docs.aws.amazon.com/athena/latest/ug/show-create-view.html
https://docs.aws.amazon.com/athena/latest/ug/show-tblproperties.html
https://docs.aws.amazon.com/athena/latest/ug/describe-table.html
"""

from __future__ import annotations

import re
from collections.abc import Callable

from athenakit.local import describe
from athenakit.local.answers import ID, Answer, Show, string_answer, unquote
from athenakit.local.catalog import Catalog
from athenakit.local.describe import database_or_fail, table_or_fail
from athenakit.local.errors import UnsupportedLocally
from athenakit.table.model import Column

_QNAME = rf"(?P<name>{ID}(?:\s*\.\s*{ID})?)"
_IN = rf"(?:\s+(?:IN|FROM)\s+(?P<db>{ID}))?"
_PATTERN = r"(?:\s+(?:LIKE\s+)?'(?P<pattern>(?:[^']|'')*)')?"
_END = r"\s*;?\s*$"
_FLAGS = re.IGNORECASE | re.DOTALL
_STATEMENTS: dict[str, re.Pattern[str]] = {
    "tables": re.compile(rf"^\s*SHOW\s+TABLES{_IN}{_PATTERN}{_END}", _FLAGS),
    "databases": re.compile(rf"^\s*SHOW\s+(?:DATABASES|SCHEMAS){_PATTERN}{_END}", _FLAGS),
    "views": re.compile(rf"^\s*SHOW\s+VIEWS{_IN}{_PATTERN}{_END}", _FLAGS),
    "columns": re.compile(rf"^\s*SHOW\s+COLUMNS\s+(?:IN|FROM)\s+{_QNAME}{_IN}{_END}", _FLAGS),
    "partitions": re.compile(rf"^\s*SHOW\s+PARTITIONS\s+{_QNAME}{_END}", _FLAGS),
    "create_table": re.compile(rf"^\s*SHOW\s+CREATE\s+TABLE\s+{_QNAME}{_END}", _FLAGS),
    "create_view": re.compile(rf"^\s*SHOW\s+CREATE\s+VIEW\s+{_QNAME}{_END}", _FLAGS),
    "tblproperties": re.compile(
        rf"^\s*SHOW\s+TBLPROPERTIES\s+{_QNAME}(?:\s*\(\s*'(?P<key>(?:[^']|'')*)'\s*\))?{_END}",
        _FLAGS),
    "describe": re.compile(
        rf"^\s*(?:DESCRIBE|DESC)\s+(?:(?P<mode>FORMATTED)\s+)?"
        rf"(?!(?:SELECT|WITH|VALUES|INPUT|OUTPUT|TABLE|VIEW|EXTENDED)\b){_QNAME}"
        rf"(?:\s+(?P<column>{ID}(?:\s*\.\s*{ID})*))?{_END}", _FLAGS),
}
_SHOW_LIKE = re.compile(r"^\s*(?:SHOW|DESCRIBE|DESC)\b", re.IGNORECASE)


def parse(sql: str) -> Show | None:
    """Recognise a SHOW / DESCRIBE statement; None for any other statement.

    Raises:
        UnsupportedLocally: a SHOW / DESCRIBE form Athena has that is not answered locally.
    """
    for kind, pattern in _STATEMENTS.items():
        found = pattern.match(sql)
        if found:
            return Show(kind, found.groupdict())
    if _SHOW_LIKE.match(sql):  # e.g. DESCRIBE EXTENDED (Thrift text), SHOW FUNCTIONS
        words = " ".join(sql.split()[:3]).rstrip(";")
        raise UnsupportedLocally(f"the statement {words!r}",
                                 hint="answered locally: SHOW TABLES / DATABASES / VIEWS / "
                                 "COLUMNS / PARTITIONS / CREATE TABLE / CREATE VIEW / "
                                 "TBLPROPERTIES, DESCRIBE [FORMATTED] t [col]")
    return None


def matches(name: str, pattern: str | None) -> bool:
    """Hive's SHOW pattern: ``*`` is any text, ``|`` separates choices, case-insensitive."""
    if pattern is None:
        return True
    choices = pattern.replace("''", "'").split("|")
    return any(re.fullmatch(".*".join(re.escape(p) for p in c.strip().split("*")), name,
                            re.IGNORECASE) for c in choices)


def answer(show: Show, catalog: Catalog,
           view_columns: Callable[[str, str | None], list[Column]]) -> Answer:
    """Answer ``show`` from ``catalog``.

    Args:
        show: a statement from :func:`parse`.
        catalog: the local catalog.
        view_columns: the columns a view returns (name, db) -> columns (runs the view).

    Returns:
        The columns and rows Athena returns for the statement.

    Raises:
        QueryError: the database, table or view does not exist (Athena's error names).
    """
    with catalog.locked():
        if show.kind in ("tables", "views", "databases"):
            return _listing(show, catalog)
        if show.kind == "create_view":
            return describe.create_view(show, catalog)
        name, db = show.name()
        if show.kind in ("columns", "describe") and catalog.view(name, db) is not None:
            return describe.columns_answer(show, view_columns(name, db), [], None)
        table = table_or_fail(catalog, name, db or show.parts.get("db"))
        return describe.about_table(show, table, catalog)


def _listing(show: Show, catalog: Catalog) -> Answer:
    pattern = show.parts.get("pattern")
    if show.kind == "databases":
        return string_answer("database_name",
                             sorted(d for d in catalog.databases if matches(d, pattern)))
    db = database_or_fail(catalog, unquote(show.parts.get("db") or catalog.default_database))
    views = sorted(n for d, n in catalog.views if d == db and matches(n, pattern))
    if show.kind == "views":
        return string_answer("views", views)
    tables = [n for d, n in catalog.tables if d == db and matches(n, pattern)]
    return string_answer("tab_name", sorted({*tables, *views}))

"""Athena views (``CREATE VIEW name AS query``) declared in spec files beside tables.

A spec file may hold one view (a mapping with ``name`` and ``query``) or list views under
``views:`` next to ``tables:`` (the file-wide ``database:`` applies to both)::

    database: analytics
    tables: [...]
    views:
      - name: recent_events
        query: SELECT * FROM events WHERE dt >= '2024-06-01'

``athenakit ddl`` renders them as ``CREATE OR REPLACE VIEW`` (:func:`athenakit.write.view.
create_view`), and ``athenakit import`` reads ``CREATE [OR REPLACE] VIEW`` statements (SHOW
CREATE VIEW output) back with :func:`views_from_ddl`, keeping the query text as written.

https://docs.aws.amazon.com/athena/latest/ug/create-view.html
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from athenakit.errors import Diagnostic, Severity, SpecError, SqlError

VIEW_DOC = "https://docs.aws.amazon.com/athena/latest/ug/create-view.html"
VIEW_KEYS = ("name", "database", "query")


@dataclass(frozen=True)
class View:
    """A named query: ``CREATE VIEW <database>.<name> AS <query>``."""

    name: str
    query: str
    database: str | None = None

    def __post_init__(self) -> None:
        from athenakit.table.validate import check_name

        # the text Athena stores: no surrounding blanks, no final ';'
        object.__setattr__(self, "query", self.query.strip().rstrip(";").rstrip())
        problems = check_name(self.name, "name")
        if self.database is not None:
            problems += check_name(self.database, "database")
        if not self.query:
            problems.append(Diagnostic("AK001", Severity.ERROR, "a view needs a query",
                                       path="query", doc=VIEW_DOC))
        if any(d.is_error for d in problems):
            raise SpecError(problems)

    @property
    def qualified_name(self) -> tuple[str, ...]:
        return (self.database, self.name) if self.database else (self.name,)


def is_view_document(document: Any) -> bool:
    """True for a spec document that is one view (a mapping with ``query``)."""
    return isinstance(document, dict) and "query" in document


def views_of_document(document: Any, file: str | None = None) -> list[View]:
    """The views of a parsed spec document (none for a table document)."""
    if is_view_document(document):
        return [_view(document, "", None, file)]
    if not isinstance(document, dict) or "name" in document:
        return []
    database = document.get("database")
    items = document.get("views") or []
    if not isinstance(items, list):
        raise SpecError([Diagnostic("AK001", Severity.ERROR, "expected a list of views",
                                    path="views")], file=file)
    return [_view(item, f"views[{i}]", database, file) for i, item in enumerate(items)]


def _view(data: Any, path: str, database: Any, file: str | None) -> View:
    def fail(key: str, message: str, code: str = "AK001") -> SpecError:
        where = f"{path}.{key}" if path and key else path or key
        return SpecError([Diagnostic(code, Severity.ERROR, message, path=where, file=file)])

    if not isinstance(data, dict):
        raise fail("", "expected a mapping with name and query")
    unknown = [k for k in data if k not in VIEW_KEYS]
    if unknown:
        raise fail(str(unknown[0]), f"unknown key {unknown[0]!r} (a view has "
                   f"{', '.join(VIEW_KEYS)})", "AK002")
    for key in ("name", "query"):
        if not isinstance(data.get(key), str):
            raise fail(key, f"{key!r} is required and must be a string", "AK003")
    db = data.get("database", database)
    try:
        return View(data["name"], data["query"], None if db is None else str(db))
    except SpecError as err:
        raise err.located(file, prefix=path) from None


def load_views(paths: Iterable[str | Path]) -> list[View]:
    """The views of spec files and directories (see :func:`athenakit.table.spec.spec_files`)."""
    from athenakit.table.spec import parse_document, spec_files

    views: list[View] = []
    for path in spec_files(paths):
        text = Path(path).read_text(encoding="utf-8")
        views += views_of_document(parse_document(text, str(path)), str(path))
    return views


def view_to_spec(view: View) -> dict[str, Any]:
    """The spec mapping of ``view`` (read back by :func:`views_of_document`)."""
    out: dict[str, Any] = {"name": view.name}
    if view.database:
        out["database"] = view.database
    out["query"] = view.query
    return out


def views_from_ddl(sql: str, *, file: str | None = None) -> list[View]:
    """Every ``CREATE [OR REPLACE] VIEW`` statement of ``sql``, its query kept as written.

    Raises:
        SqlError: a CREATE VIEW statement that does not parse (with line and column).
    """
    from athenakit.sql.splitter import split_statements

    views = []
    for statement in split_statements(sql, file=file):
        words = [w for w in statement.words[:4] if w not in ("OR", "REPLACE")]
        if words[:2] == ["CREATE", "VIEW"]:
            views.append(_view_from_statement(statement.text, statement.line, file))
    return views


def _view_from_statement(text: str, line: int, file: str | None) -> View:
    import sqlglot
    from sqlglot import exp
    from sqlglot.errors import ParseError
    from sqlglot.tokens import TokenType  # type: ignore[attr-defined]

    try:
        tree = sqlglot.parse_one(text, read="athena")
    except ParseError as err:
        info = err.errors[0] if err.errors else {}
        raise SqlError(str(info.get("description") or err).splitlines()[0],
                       line=line + int(info.get("line") or 1) - 1, column=info.get("col"),
                       file=file) from None
    target = tree.this if isinstance(tree, exp.Create) else None
    as_token = next((t for t in sqlglot.tokenize(text, read="athena")
                     if t.token_type is TokenType.ALIAS), None)
    if not isinstance(target, exp.Table) or as_token is None:
        raise SqlError("expected CREATE [OR REPLACE] VIEW name AS query", line=line, file=file)
    query = text[as_token.end + 1:].strip()
    return View(target.name, query, target.db or None)

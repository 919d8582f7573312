"""What every rule sees about one statement, and how it reports a finding.

A rule is a function ``rule(ctx: Context) -> None`` that calls :meth:`Context.report`. A finding
may carry an :class:`Edit` (a replacement of original bytes); ``fix`` applies those edits, so the
check and the fix can never disagree.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlglot import exp
from sqlglot.tokenizer_core import Token

from athenakit.check.catalog import Catalog
from athenakit.check.codes import rule
from athenakit.check.parse import Parsed, parse_statement, parse_tokens
from athenakit.errors import Diagnostic, Severity
from athenakit.sql.splitter import Kind, SourceMap, Statement


@dataclass(frozen=True)
class Edit:
    """Replace the file's text between offsets ``start`` and ``end`` (exclusive) by ``text``."""

    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Finding:
    """A diagnostic and, when the problem can be repaired mechanically, its edit."""

    diagnostic: Diagnostic
    edit: Edit | None = None


@dataclass
class Context:
    """One statement under check.

    Attributes:
        stmt: the statement (text, offset, engine, kind).
        parsed: its tokens and syntax tree.
        source: line/column mapping of the whole file.
        catalog: tables known from ``--tables`` specs and earlier CREATE TABLE statements.
        file: the file name used in diagnostics.
        query: the query part: the tree itself, or the statement inside UNLOAD / EXPLAIN /
            PREPARE once :func:`inner_query` found it.
        query_tokens: the tokens of ``query``.
    """

    stmt: Statement
    parsed: Parsed
    source: SourceMap
    catalog: Catalog
    file: str | None = None
    query: exp.Expr | None = None
    query_tokens: list[Token] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    names: list[Token] = field(default_factory=list)
    """Name tokens of a statement read by token shapes rather than sqlglot (DESCRIBE t col)."""
    nested: list[int] = field(default_factory=list)
    """Offsets of Trino-side queries inside this statement to check as statements of their own
    (the query of ``ALTER VIEW ... DIALECT AS``)."""

    @classmethod
    def build(
        cls, stmt: Statement, source: SourceMap, catalog: Catalog, file: str | None,
    ) -> Context:
        parsed = parse_statement(stmt.text, stmt.engine)
        if stmt.kind in OPAQUE_KINDS and parsed.tokens:
            # sqlglot does not model these; their own shape checks read the tokens.
            parsed.tree, parsed.error = exp.Command(this=stmt.words[0]), None
        ctx = cls(stmt, parsed, source, catalog, file)
        if parsed.tree is not None and not isinstance(parsed.tree, exp.Command):
            ctx.query, ctx.query_tokens = parsed.tree, parsed.tokens
        return ctx

    @property
    def tree(self) -> exp.Expr | None:
        return self.parsed.tree

    @property
    def tokens(self) -> list[Token]:
        return self.parsed.tokens

    @property
    def text(self) -> str:
        return self.stmt.text

    def report(
        self, code: str, message: str, offset: int = 0, *,
        edit: Edit | None = None, severity: Severity | None = None,
    ) -> None:
        """Record a finding at ``offset`` (relative to the statement text)."""
        if self.stmt.ignored(code):
            return
        line, column = self.source.position(self.stmt.offset + offset)
        r = rule(code)
        diagnostic = Diagnostic(
            code, severity or r.severity, message, file=self.file, line=line, column=column,
            statement=self.stmt.index, doc=r.doc,
        )
        self.findings.append(Finding(diagnostic, edit))

    def add(self, diagnostic: Diagnostic, offset: int = 0) -> None:
        """Record a diagnostic from elsewhere (the model validation) at ``offset``."""
        if self.stmt.ignored(diagnostic.code):
            return
        line, column = self.source.position(self.stmt.offset + offset)
        self.findings.append(Finding(Diagnostic(
            diagnostic.code, diagnostic.severity, diagnostic.message, path=diagnostic.path,
            file=self.file, line=line, column=column, statement=self.stmt.index,
            doc=diagnostic.doc,
        )))

    def adopt(self, finding: Finding, offset: int, text: str) -> None:
        """Record a finding of the nested statement starting at ``offset`` (its ``text``)."""
        d = finding.diagnostic
        lines = text.split("\n")
        at = offset + sum(len(line) + 1 for line in lines[:(d.line or 1) - 1]) + (d.column or 1) - 1
        edit = finding.edit
        if edit is None:
            self.add(d, at)
        else:
            self.report(d.code, d.message, at, severity=d.severity,
                        edit=self.edit(offset + edit.start, offset + edit.end, edit.text))

    def edit(self, start: int, end: int, text: str) -> Edit:
        """An edit of the statement text between ``start`` and ``end`` (exclusive)."""
        return Edit(self.stmt.offset + start, self.stmt.offset + end, text)

    def raw(self, token: Token) -> str:
        """The original text of ``token``."""
        return self.text[token.start:token.end + 1]

    def parse_inner(self, tokens: list[Token]) -> exp.Expr | None:
        """Parse a slice of this statement's tokens as a statement of the same engine."""
        tree, error = parse_tokens(tokens, self.text, self.stmt.engine)
        if error is not None:
            self.report("AK300", f"syntax error: {error[0]}", error[1])
            return None
        if tree is not None:
            self.query, self.query_tokens = tree, tokens
        return tree


def node_start(node: exp.Expr) -> int:
    """Offset in the statement of the first token of ``node`` (0 when sqlglot kept none)."""
    for child in node.walk():
        start = child.meta.get("start") if hasattr(child, "meta") else None
        if start is not None:
            return int(start)
    return 0


OPAQUE_KINDS = frozenset({
    Kind.MSCK, Kind.UNLOAD, Kind.EXPLAIN, Kind.PREPARE, Kind.EXECUTE, Kind.DEALLOCATE,
    Kind.OPTIMIZE, Kind.VACUUM, Kind.SHOW,
})
QUERY_KINDS = frozenset({
    Kind.QUERY, Kind.CTAS, Kind.VIEW, Kind.INSERT, Kind.MERGE, Kind.UPDATE, Kind.DELETE,
    Kind.UNLOAD, Kind.EXPLAIN, Kind.PREPARE,
})

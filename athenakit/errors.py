"""Errors and diagnostics raised by athenakit.

The hierarchy::

    AthenakitError                      root of everything athenakit raises on purpose
    ├── SpecError (ValueError)          a table spec or model is invalid; carries the diagnostics
    ├── SqlError (ValueError)           SQL text athenakit cannot parse; carries line and column
    ├── ConfigError (ValueError)        missing or contradictory settings (region, output, ...)
    ├── ScanBudgetExceeded              a query refused before it ran: its estimate is over budget
    ├── CatalogError                    a Glue Data Catalog call failed, or a change is unsafe
    └── QueryError                      a query that Athena (or the local engine) did not finish
        └── QueryCancelled              the user or a timeout stopped the query

A :class:`Diagnostic` is one finding (error or warning) with structured context: the spec file,
the path of the field (``partitions[0].projection.format``), or a line and column in SQL text.
Validation returns diagnostics; constructors raise :class:`SpecError` when any is an error.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace


class Severity(str, enum.Enum):
    """How serious a :class:`Diagnostic` is."""

    ERROR = "error"
    """Athena would reject the statement, or it would silently do the wrong thing."""

    WARNING = "warning"
    """Legal but probably a mistake, or a rule that AWS's own published examples break."""

    def __str__(self) -> str:
        return self.value


@dataclass(frozen=True)
class Diagnostic:
    """One finding about a spec or a piece of SQL.

    Attributes:
        code: a stable identifier such as ``AK201``.
        severity: error or warning.
        message: one sentence for a person.
        path: the field path in a spec (``columns[3].type``), empty for a whole table.
        file: the spec or SQL file the finding is about, if any.
        line: 1-based line in SQL text or in a YAML file, if known.
        column: 1-based column, if known.
        statement: 0-based index of the statement in a multi-statement file.
        doc: a link to the AWS documentation page that states the rule.
    """

    code: str
    severity: Severity
    message: str
    path: str = ""
    file: str | None = None
    line: int | None = None
    column: int | None = None
    statement: int | None = None
    doc: str | None = None

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def located(self, file: str | None = None, prefix: str = "") -> Diagnostic:
        """Return a copy anchored in ``file`` with ``prefix`` put before the field path."""
        path = self.path
        if prefix:
            path = f"{prefix}.{path}" if path and not path.startswith("[") else f"{prefix}{path}"
        return replace(self, file=file if file is not None else self.file, path=path)

    def where(self, path_separator: str = ": ") -> str:
        """``file:line:column`` then the field path, as far as they are known."""
        where = self.file or ""
        if self.line is not None:
            where += f":{self.line}" if where else f"line {self.line}"
            where += f":{self.column}" if self.column is not None else ""
        if self.path:
            where += f"{path_separator if where else ''}{self.path}"
        return where

    def __str__(self) -> str:
        where = self.where()
        head = f"{where}: " if where else ""
        return f"{head}{self.severity} {self.code} {self.message}"

    def _repr_html_(self) -> str:  # Jupyter
        return diagnostic_html(self)

    def _repr_markdown_(self) -> str:
        return diagnostic_markdown(self)


class AthenakitError(Exception):
    """Root of every error athenakit raises on purpose."""


class SpecError(AthenakitError, ValueError):
    """A table spec or model is invalid.

    Attributes:
        diagnostics: every finding, errors first; ``str()`` shows the errors one per line.
    """

    def __init__(self, diagnostics: Iterable[Diagnostic] | str, *, file: str | None = None):
        text = None
        if isinstance(diagnostics, str):
            text = f"{file}: {diagnostics}" if file else diagnostics
            diagnostics = [Diagnostic("AK000", Severity.ERROR, diagnostics, file=file)]
        self.diagnostics = sorted(diagnostics, key=lambda d: not d.is_error)
        self.errors = [d for d in self.diagnostics if d.is_error]
        super().__init__(text or "\n".join(str(d) for d in self.errors or self.diagnostics))

    def located(self, file: str | None = None, prefix: str = "") -> SpecError:
        return SpecError([d.located(file, prefix) for d in self.diagnostics])


class SqlError(AthenakitError, ValueError):
    """SQL text that cannot be parsed or converted; ``line`` and ``column`` are 1-based."""

    def __init__(
        self, message: str, *, line: int | None = None, column: int | None = None,
        file: str | None = None,
    ):
        self.line, self.column, self.file = line, column, file
        where = file or ""
        if line is not None:
            where += f":{line}:{column or 1}" if where else f"line {line}, column {column or 1}"
        super().__init__(f"{where}: {message}" if where else message)


class ConfigError(AthenakitError, ValueError):
    """Missing or contradictory settings; the message says how to set them."""


class ScanBudgetExceeded(AthenakitError):
    """A statement was not started: its scan estimate is over the budget (``--max-scan``).

    Attributes:
        estimate: the :class:`~athenakit.estimate.Estimate` that was over.
        budget: the budget in bytes.
    """

    def __init__(self, message: str, *, estimate: object, budget: int) -> None:
        self.estimate, self.budget = estimate, budget
        super().__init__(message)
class CatalogError(AthenakitError):
    """A Glue Data Catalog call failed (the message names the call, the table and AWS's reason),
    or a table cannot be read back or changed safely."""


class QueryError(AthenakitError):
    """A query did not succeed.

    Attributes:
        query_id: Athena's query execution id (or the local engine's).
        state: final state, e.g. ``FAILED``.
        reason: Athena's state-change reason / error message.
        category: Athena's error category (1 system, 2 user, 3 other), if known.
        error_type: Athena's error type code, if known.
    """

    def __init__(
        self, message: str, *, query_id: str | None = None, state: str | None = None,
        reason: str | None = None, category: int | None = None,
        error_type: int | None = None,
    ):
        self.message, self.query_id, self.state, self.reason = message, query_id, state, reason
        self.category, self.error_type = category, error_type
        super().__init__(message)

    def __str__(self) -> str:  # built when shown, so an engine can fill in the query id later
        parts = [self.message]
        if self.query_id:
            parts.append(f"query id {self.query_id}")
        if self.state:
            parts.append(f"state {self.state}")
        if self.category is not None:
            parts.append(f"error category {self.category}")
        text = ", ".join(parts)
        return f"{text}: {self.reason}" if self.reason else text


class QueryCancelled(QueryError):
    """The query was stopped by the user (Ctrl-C) or by a timeout."""


def raise_for_errors(diagnostics: Iterable[Diagnostic], *, file: str | None = None) -> None:
    """Raise :class:`SpecError` if any diagnostic is an error."""
    found = [d.located(file) if file else d for d in diagnostics]
    if any(d.is_error for d in found):
        raise SpecError(found)


# --- notebook views of diagnostics (Diagnostic._repr_html_ and the check magic) ---------

_SEVERITY_COLORS = {"error": "#b00020", "warning": "#a06000"}


def _location(d: Diagnostic) -> str:
    return d.where(path_separator=" ")


def _doc_link(url: str | None) -> str | None:
    return url if url and url.startswith(("https://", "http://")) else None


def diagnostic_html(d: Diagnostic) -> str:
    """One finding as an HTML line: severity, code, location, message and doc link."""
    from athenakit.html import esc  # the views are rarely used: keep errors.py light

    severity = str(d.severity)
    color = _SEVERITY_COLORS.get(severity, "#555")
    parts = [f'<div class="athenakit-diagnostic"><b style="color:{color}">{esc(severity)}</b> ',
             f"<code>{esc(d.code)}</code> "]
    where = _location(d)
    if where:
        parts.append(f'<span style="color:#777">{esc(where)}</span> ')
    parts.append(esc(d.message))
    link = _doc_link(d.doc)
    if link:
        parts.append(f' <a href="{esc(link)}" target="_blank" rel="noopener">doc</a>')
    parts.append("</div>")
    return "".join(parts)


def diagnostic_markdown(d: Diagnostic) -> str:
    """One finding as a Markdown line."""
    from athenakit.html import md  # the views are rarely used: keep errors.py light

    where = _location(d)
    text = f"**{md(d.severity)}** {md(d.code)} " + (f"{md(where)} " if where else "")
    text += md(d.message)
    link = _doc_link(d.doc)
    return text + (f" ([doc]({link.replace(')', '%29')}))" if link else "")


def _counts(diagnostics: Sequence[Diagnostic]) -> str:
    errors = sum(1 for d in diagnostics if d.is_error)
    warnings = len(diagnostics) - errors
    if not diagnostics:
        return "no findings"
    return f"{errors} error{'' if errors == 1 else 's'}, {warnings} warning" + (
        "" if warnings == 1 else "s")


def diagnostics_html(diagnostics: Iterable[Diagnostic]) -> str:
    """Findings as HTML, one per line, under a count of errors and warnings."""
    from athenakit.html import esc  # the views are rarely used: keep errors.py light

    found = list(diagnostics)
    lines = "".join(diagnostic_html(d) for d in found)
    return f'<div class="athenakit"><div><b>{esc(_counts(found))}</b></div>{lines}</div>'


def diagnostics_markdown(diagnostics: Iterable[Diagnostic]) -> str:
    """Findings as a Markdown list under a count of errors and warnings."""
    found = list(diagnostics)
    return "\n".join([f"**{_counts(found)}**", ""] + [f"- {diagnostic_markdown(d)}" for d in found])

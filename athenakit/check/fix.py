"""``athenakit check --fix``: repair identifier quoting in place.

The fix applies the edits that the quoting rules attach to their findings: each edit replaces
the bytes of one identifier token, so comments, layout and every string literal stay exactly as
written (regenerating the statement with sqlglot would rewrite regexes). Fixing is idempotent:
the fixed text has no finding with an edit left, so a second run changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

from athenakit.check.checker import TableSource, analyse
from athenakit.check.context import Edit
from athenakit.errors import Diagnostic

_MAX_PASSES = 3


@dataclass(frozen=True)
class FixResult:
    """The fixed text and the findings that were repaired (positions in the original text)."""

    text: str
    fixed: list[Diagnostic]

    @property
    def changed(self) -> bool:
        return bool(self.fixed)


def fix(sql: str, tables: TableSource = None) -> str:
    """Return ``sql`` with identifier quoting repaired for each statement's engine.

    Args:
        sql: one or more statements.
        tables: known tables, as for :func:`athenakit.check.check` (not needed for quoting).

    Returns:
        The repaired text; equal to ``sql`` when nothing needed repair.

    Example:
        >>> fix("SELECT `user`, first FROM t")
        'SELECT "user", "first" FROM t'
    """
    return fix_report(sql, tables).text


def fix_report(sql: str, tables: TableSource = None, *, file: str | None = None) -> FixResult:
    """Like :func:`fix`, also returning the findings that were repaired."""
    fixed: list[Diagnostic] = []
    text = sql
    for _ in range(_MAX_PASSES):
        findings = [f for f in analyse(text, tables, file=file) if f.edit is not None]
        if not findings:
            break
        edits = [f.edit for f in findings if f.edit is not None]
        text = apply_edits(text, edits)
        if not fixed:
            fixed = [f.diagnostic for f in findings]
    return FixResult(text, fixed)


def apply_edits(text: str, edits: list[Edit]) -> str:
    """Apply non-overlapping edits (an edit overlapping an earlier one is skipped)."""
    out: list[str] = []
    pos = 0
    for edit in sorted(edits, key=lambda e: (e.start, e.end)):
        if edit.start < pos:
            continue
        out.append(text[pos:edit.start])
        out.append(edit.text)
        pos = edit.end
    out.append(text[pos:])
    return "".join(out)

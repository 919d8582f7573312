"""``athenakit check``: validate, lint and fix Athena SQL offline.

Public API:

* :func:`check` -- findings (:class:`athenakit.errors.Diagnostic`) for a SQL text.
* :func:`fix` -- the text with identifier quoting repaired per statement engine.
* :func:`transpile` -- SQL of another dialect converted to Athena SQL, fixed and checked.
* :data:`RULES` -- every rule's code, severity and documentation link.
"""

from __future__ import annotations

from athenakit.check.catalog import Catalog, KnownTable
from athenakit.check.checker import check
from athenakit.check.codes import RULES, Rule
from athenakit.check.fix import FixResult, fix, fix_report
from athenakit.check.transpile import TranspileResult, transpile
from athenakit.sql.splitter import Kind, Statement, split_statements

__all__ = [
    "RULES",
    "Catalog",
    "FixResult",
    "Kind",
    "KnownTable",
    "Rule",
    "Statement",
    "TranspileResult",
    "check",
    "fix",
    "fix_report",
    "split_statements",
    "transpile",
]

"""Moved to :mod:`athenakit.statements` (one splitter for the checker and the runner)."""

from athenakit.statements import Statement, split_statements

__all__ = ["Statement", "split_statements"]

"""Moved to :mod:`athenakit.statements` (one splitter for the checker and the runner)."""

from athenakit.statements import Kind, SourceMap, Statement, classify, split_statements

__all__ = ["Kind", "SourceMap", "Statement", "classify", "split_statements"]

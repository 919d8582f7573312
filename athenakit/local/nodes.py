"""Small helpers the rewrite modules share for building sqlglot nodes."""

from __future__ import annotations

from sqlglot import exp

# meta key: a node already rewritten (the rewrite loop visits trees more than once)
DONE = "ak_done"


def call(name: str, *args: exp.Expression) -> exp.Expression:
    """A call of DuckDB function or ``ak_*`` macro ``name``, marked as rewritten."""
    node = exp.Anonymous(this=name, expressions=list(args))
    node.meta[DONE] = True
    return node

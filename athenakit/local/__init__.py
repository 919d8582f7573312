"""Run Athena SQL on local files with DuckDB: :class:`~athenakit.local.engine.LocalEngine`.

Owns the translation of Athena SQL to DuckDB (``translate``, ``rewrites`` with ``dispatch``,
the table of which family module rewrites which node type, ``verbatim``, ``compat``,
``decimals``, ``unnest``), results typed as Athena's and read from DuckDB in batches
(``results``, ``stream``), the readers of every storage format (``readers``, ``textformats``,
``jsonrows``, ``formats``), partition discovery and projection pruning (``partitions``,
``pruning``, ``scan``), the persisted local catalog (``catalog``, ``hiveddl``), the mapping of
``s3://`` locations to a local root (``paths``) and writes (``writers``). It implements the
:class:`~athenakit.query.base.Runner` protocol. Iceberg tables (real Iceberg tables through
pyiceberg: create, read, write, MERGE, time travel, maintenance) live in
``athenakit.local.iceberg``; the Athena-compatible endpoint (``athenakit serve``) will sit above
this package, in ``athenakit.serve``, and reuse it as its only SQL engine.
"""

from __future__ import annotations

__all__ = ["LocalEngine"]


def __getattr__(name: str) -> object:
    # Importing the engine imports sqlglot's optimizer; keep ``import athenakit.local`` light.
    if name == "LocalEngine":
        from athenakit.local.engine import LocalEngine

        return LocalEngine
    raise AttributeError(name)

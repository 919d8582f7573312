"""Run Athena SQL on local files with DuckDB: :class:`~athenakit.local.engine.LocalEngine`."""

from __future__ import annotations

__all__ = ["LocalEngine"]


def __getattr__(name: str) -> object:
    # Importing the engine imports sqlglot's optimizer; keep ``import athenakit.local`` light.
    if name == "LocalEngine":
        from athenakit.local.engine import LocalEngine

        return LocalEngine
    raise AttributeError(name)

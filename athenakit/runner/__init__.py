"""Run SQL on Amazon Athena (and, through the same :class:`Runner` protocol, on local engines).

``athenakit.runner.base`` defines the engine-neutral :class:`Runner` protocol;
``athenakit.runner.athena`` implements it over boto3 / pyathena.
"""

from __future__ import annotations

from athenakit.runner.base import EventHandler, Params, QueryEvent, Runner, run_statements

__all__ = ["EventHandler", "Params", "QueryEvent", "Runner", "run_statements"]
